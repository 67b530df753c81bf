// The job store (src/jobs/store.ts): every transition of the state table with its guard
// checked inside the write, the persistent counter, results kept apart from metadata,
// the queue limit, recovery after a restart, and visibility per user.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Engine } from '../../src/storage/engine.js';
import { JobStore, canceledResult, type NewJob, type Outcome } from '../../src/jobs/store.js';
import { allowed, ownedBy, TRANSITIONS, visibleTo, type JobRecord, type JobStatus } from '../../src/jobs/record.js';
import { ManualClock } from '../../src/util/clock.js';
import { tempDir } from '../helpers/server.js';

const engines: Engine[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (engines.length) await engines.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function open(dir?: string): { store: JobStore; engine: Engine; clock: ManualClock; dir: string } {
  const d = dir ?? tempDir('cairn-jobs-');
  if (!dir) dirs.push(d);
  const engine = new Engine({ path: d, noSync: true });
  engines.push(engine);
  const clock = new ManualClock();
  return { store: new JobStore(engine, clock), engine, clock, dir: d };
}

const job = (over: Partial<NewJob> = {}): NewJob => ({
  type: 'http',
  name: 'GET /_api/version',
  db: '_system',
  user: 'root',
  discard: false,
  input: { method: 'GET', url: '/_api/version', headers: {}, body: null },
  ...over,
});

/** store.start, then its commit: the record it wrote. */
async function started(store: JobStore, id: number, owner: string): Promise<JobRecord | undefined> {
  const s = await store.start(id, owner);
  await s.committed;
  return s.value;
}

const ok = (body = '{"a":1}'): Outcome => ({ status: 'SUCCESS', result: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) }, progress: 3 });

describe('job store', () => {
  it('hands out ids from a counter that survives a reopen and never repeats', async () => {
    const a = open();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await a.store.create(job(), 100)).id);
    assert.deepEqual(ids, [1, 2, 3]);
    await a.store.remove(3);
    await engines.pop()!.close();
    const b = open(a.dir);
    assert.equal((await b.store.create(job(), 100)).id, 4);
    assert.deepEqual(
      [...b.store.all()].map((r) => r.id),
      [1, 2, 4],
    );
  });

  it('stores a new job QUEUED with its input apart from the metadata', async () => {
    const { store, clock } = open();
    const rec = await store.create(job(), 100);
    assert.deepEqual(rec, { id: 1, type: 'http', name: 'GET /_api/version', status: 'QUEUED', db: '_system', user: 'root', created: clock.now(), progress: 0, retries: 0, discard: false });
    assert.deepEqual(store.get(1), rec);
    assert.deepEqual(store.input(1), { method: 'GET', url: '/_api/version', headers: {}, body: null });
    assert.equal(store.result(1), undefined);
    assert.deepEqual([...store.idsWith('QUEUED')], [1]);
    assert.equal(store.unfinished, 1);
  });

  it('refuses a job past the queue limit with 503/21003 and stores nothing', async () => {
    const { store } = open();
    await store.create(job(), 2);
    await store.create(job(), 2);
    await assert.rejects(store.create(job(), 2), (e: any) => e.errorNum === 21003 && e.status === 503 && e.message === 'queue is full');
    assert.deepEqual(
      [...store.all()].map((r) => r.id),
      [1, 2],
    );
    // A finished job no longer counts.
    await started(store, 1, 'me');
    await store.complete(1, 'me', ok());
    assert.equal((await store.create(job(), 2)).id, 3, 'the refused request used no id');
  });

  it('runs QUEUED -> RUNNING -> SUCCESS, storing the result apart and stamping the times', async () => {
    const { store, clock } = open();
    await store.create(job(), 100);
    clock.advance(10);
    const running = await started(store, 1, 'me');
    assert.equal(running?.status, 'RUNNING');
    assert.equal(running?.owner, 'me');
    assert.equal(running?.updated, clock.now());
    assert.equal(await started(store, 1, 'me'), undefined, 'a running job is not started twice');
    clock.advance(10);
    const done = await store.complete(1, 'me', ok());
    assert.deepEqual(done, { id: 1, type: 'http', name: 'GET /_api/version', status: 'SUCCESS', db: '_system', user: 'root', created: clock.now() - 20, updated: clock.now(), finished: clock.now(), progress: 3, retries: 0, discard: false });
    assert.equal(store.result(1)?.body.toString(), '{"a":1}');
    assert.deepEqual([...store.idsWith('SUCCESS')], [1]);
    assert.deepEqual([...store.idsWith('RUNNING')], []);
    assert.equal(store.unfinished, 0);
  });

  it('start is issued before its commit: a cancel and the end right after it build on it', async () => {
    const { store } = open();
    await store.create(job(), 100);
    await store.create(job(), 100);
    const s1 = await store.start(1, 'me');
    const s2 = await store.start(2, 'me');
    assert.equal(s1.value?.status, 'RUNNING');
    // neither start has been awaited to its commit: the next writes read them all the same
    const cancel = store.cancel(1);
    const end = store.complete(2, 'me', ok());
    assert.equal((await cancel)?.after.status, 'CANCELLING');
    assert.equal((await end)?.status, 'SUCCESS');
    await Promise.all([s1.committed, s2.committed]);
    assert.equal(store.get(1)?.status, 'CANCELLING');
    assert.equal(store.get(2)?.status, 'SUCCESS');
  });

  it('records the end only for the runner that owns the job', async () => {
    const { store } = open();
    await store.create(job(), 100);
    await started(store, 1, 'me');
    assert.equal(await store.complete(1, 'someone else', ok()), undefined);
    assert.equal(store.get(1)?.status, 'RUNNING');
    await store.saveProgress(1, 'someone else', 9);
    assert.equal(store.get(1)?.progress, 0);
    await store.saveProgress(1, 'me', 9);
    assert.equal(store.get(1)?.progress, 9);
  });

  it('never writes a removed job again', async () => {
    const { store } = open();
    await store.create(job(), 100);
    await started(store, 1, 'me');
    assert.equal(await store.remove(1), true);
    await store.saveProgress(1, 'me', 5);
    assert.equal(await store.complete(1, 'me', ok()), undefined);
    assert.equal(store.get(1), undefined);
    assert.equal(store.result(1), undefined);
    assert.equal(store.input(1), undefined);
    assert.equal(await store.remove(1), false);
  });

  it('cancels a queued job at once with the 410/21 result, and a running one to CANCELLING', async () => {
    const { store } = open();
    await store.create(job(), 100);
    await store.create(job(), 100);
    const q = await store.cancel(1);
    assert.equal(q?.before.status, 'QUEUED');
    assert.equal(q?.after.status, 'CANCELLED');
    assert.equal(await started(store, 1, 'me'), undefined, 'a cancelled job never starts');
    assert.deepEqual(store.result(1), canceledResult());
    assert.equal(canceledResult().body.toString(), '{"error":true,"code":410,"errorNum":21,"errorMessage":"canceled request"}');
    await started(store, 2, 'me');
    assert.equal((await store.cancel(2))?.after.status, 'CANCELLING');
    assert.equal((await store.cancel(2))?.after.status, 'CANCELLING', 'twice is the same');
    assert.equal((await store.complete(2, 'me', { status: 'CANCELLED', result: canceledResult(), progress: 0 }))?.status, 'CANCELLED');
    assert.equal((await store.cancel(2))?.after.status, 'CANCELLED', 'a final job stays as it is');
    assert.equal(await store.cancel(99), undefined);
  });

  it('keeps SUCCESS when the work finished before the cancel landed', async () => {
    const { store } = open();
    await store.create(job(), 100);
    await started(store, 1, 'me');
    await store.cancel(1);
    assert.equal((await store.complete(1, 'me', ok()))?.status, 'SUCCESS');
  });

  it('fetches a final result once, removing the job in the same write', async () => {
    const { store } = open();
    await store.create(job(), 100);
    const all = () => true;
    assert.deepEqual(await store.fetch(1, all), { kind: 'pending' });
    await started(store, 1, 'me');
    assert.deepEqual(await store.fetch(1, all), { kind: 'pending' });
    await store.complete(1, 'me', ok());
    assert.deepEqual(await store.fetch(1, () => false), { kind: 'missing' });
    const f = await store.fetch(1, all);
    assert.equal(f.kind, 'done');
    assert.equal(f.kind === 'done' && f.result.body.toString(), '{"a":1}');
    assert.deepEqual(await store.fetch(1, all), { kind: 'missing' });
    assert.equal(store.get(1), undefined);
  });

  it('removes a fire-and-forget job when it ends instead of keeping its result', async () => {
    const { store } = open();
    await store.create(job({ discard: true }), 100);
    await started(store, 1, 'me');
    assert.equal((await store.complete(1, 'me', ok()))?.status, 'SUCCESS');
    assert.equal(store.get(1), undefined);
    assert.equal(store.result(1), undefined);
    assert.equal(store.unfinished, 0);
  });

  it('recovers interrupted jobs: RESTORING with retries + 1, then QUEUED; FAILED after the limit; CANCELLING -> CANCELLED', async () => {
    const { store } = open();
    for (let i = 0; i < 5; i++) await store.create(job(), 100);
    await started(store, 2, 'old');
    await started(store, 3, 'old');
    await store.cancel(3); // CANCELLING
    await started(store, 4, 'old');
    await store.complete(4, 'old', ok());
    const again = await store.recover(3, 4);
    assert.deepEqual(again, [1, 2], 'job 5 was created by this process and is left alone');
    assert.deepEqual(
      [...store.all()].map((r) => [r.id, r.status, r.retries]),
      [
        [1, 'RESTORING', 1],
        [2, 'RESTORING', 1],
        [3, 'CANCELLED', 0],
        [4, 'SUCCESS', 0],
        [5, 'QUEUED', 0],
      ],
    );
    assert.equal(store.get(2)?.owner, undefined);
    assert.deepEqual(store.result(3), canceledResult());
    await store.requeue(again);
    assert.deepEqual([...store.idsWith('QUEUED')], [1, 2, 5]);
    // Two more crashes before they could run (not requeued in between): then the fourth
    // restore of jobs 1 and 2 is refused.
    assert.deepEqual(await store.recover(3, 5), [1, 2, 5]);
    assert.deepEqual(await store.recover(3, 5), [1, 2, 5]);
    assert.deepEqual(
      [...store.all()].filter((r) => r.id !== 3 && r.id !== 4).map((r) => [r.id, r.status, r.retries]),
      [
        [1, 'RESTORING', 3],
        [2, 'RESTORING', 3],
        [5, 'RESTORING', 2],
      ],
    );
    assert.deepEqual(await store.recover(3, 5), [5]);
    const failed = store.get(1)!;
    assert.equal(failed.status, 'FAILED');
    const why = 'job 1 was interrupted by a server restart while restoring and was already restored 3 times (--jobs-max-retries 3); it is not run again';
    assert.equal(store.result(1)?.taskResult, why);
    assert.deepEqual(JSON.parse(store.result(1)!.body.toString()), { error: true, code: 500, errorNum: 4, errorMessage: why });
  });

  it('draws every move of the state table and refuses any other', async () => {
    const moves = Object.entries(TRANSITIONS).flatMap(([fn, rows]) => rows.map(([from, to]) => `${from} -> ${to} [${fn}]`));
    assert.ok(moves.includes('QUEUED -> RUNNING [start]'));
    assert.ok(moves.includes('CANCELLING -> SUCCESS [complete]'));
    assert.equal(allowed('start', 'RUNNING', 'RUNNING'), false);
    assert.equal(allowed('complete', 'QUEUED', 'SUCCESS'), false);
    assert.equal(allowed('complete', 'SUCCESS' as JobStatus, 'FAILED'), false);
    // complete() of a job that never started is not a legal move: nothing is written.
    const { store } = open();
    await store.create(job(), 100);
    assert.equal(await store.complete(1, 'me', ok()), undefined);
    assert.equal(store.get(1)?.status, 'QUEUED');
  });

  it('shows a job to its user and to root only on the task face, and never a fire-and-forget job', () => {
    const rec: JobRecord = { id: 1, type: 'http', name: 'x', status: 'QUEUED', db: '_system', user: 'alice', created: 0, progress: 0, retries: 0, discard: false };
    assert.equal(visibleTo(rec, 'alice'), true);
    assert.equal(visibleTo(rec, 'root'), true);
    assert.equal(visibleTo(rec, 'bob'), false);
    assert.equal(visibleTo({ ...rec, discard: true }, 'root'), false);
  });

  it('shows a job to its user only on the ArangoDB face, root included, and every job to a superuser context', () => {
    const rec: JobRecord = { id: 1, type: 'http', name: 'x', status: 'QUEUED', db: '_system', user: 'alice', created: 0, progress: 0, retries: 0, discard: false };
    assert.equal(ownedBy(rec, 'alice', false), true);
    assert.equal(ownedBy(rec, 'root', false), false);
    assert.equal(ownedBy(rec, 'root', true), true);
    assert.equal(ownedBy({ ...rec, discard: true }, 'root', true), false);
  });
});
