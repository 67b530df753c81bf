// The job runner (src/jobs/runner.ts) with handlers of the test's own: concurrency and
// creation order, cancellation (queued, running, and the race where the work finishes
// first), progress saved at most once a second, the result size limit, retention, the
// runner-broke path, recovery in the background, and close() leaving interrupted work
// for the next start. Time that would be waited for comes from a ManualClock.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Engine } from '../../src/storage/engine.js';
import { JobService, type JobOptions } from '../../src/jobs/service.js';
import type { JobWork } from '../../src/jobs/runner.js';
import type { JobResult } from '../../src/jobs/record.js';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import { ManualClock } from '../../src/util/clock.js';
import { tempDir } from '../helpers/server.js';
import { onAnyAbort, type AbortHook } from '../../src/util/signals.js';

/** The abort hook of one signal (a request's onAbort, in these tests). */
const hookOf = (signal: AbortSignal): AbortHook => (abort) => onAnyAbort([signal], abort);

const open: { close(): Promise<void> }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (open.length) {
    const x = open.pop()!;
    await x.close();
    if (x instanceof JobService) assert.equal(x.runner.running, 0, 'a job still runs after close()');
  }
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const logged: string[] = [];
function service(opts: Partial<JobOptions> = {}, dir?: string) {
  const d = dir ?? tempDir('cairn-runner-');
  if (!dir) dirs.push(d);
  const engine = new Engine({ path: d, noSync: true });
  const clock = new ManualClock();
  const jobs = new JobService(engine, { concurrency: 2, maxRetries: 3, maxQueued: 1000, maxResultSize: 1000, resultTtlMs: null, log: (m) => logged.push(m), ...opts }, clock);
  // Closed in this order: the runner, then the engine.
  open.push(engine, jobs);
  return { jobs, engine, clock, dir: d };
}

const body = (text: string): JobResult => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from(text) });

/** A handler whose jobs wait until released (or aborted), recording start order. */
function gate() {
  const started: number[] = [];
  const release = new Map<number, (r: JobResult) => void>();
  const handler = (w: JobWork) =>
    new Promise<JobResult>((resolve, reject) => {
      started.push(w.record.id);
      release.set(w.record.id, resolve);
      w.signal.addEventListener('abort', () => reject(w.signal.reason), { once: true });
    });
  return { started, release, handler };
}

const submit = (jobs: JobService, name = 'GET /x') => jobs.submit({ type: 'http', name, db: '_system', user: 'root', discard: false, input: { method: 'GET', url: '/x', headers: {}, body: null } });

/** Nothing queued or running, and the last job's end committed (running drops after it). */
const idle = (jobs: JobService) => jobs.store.unfinished === 0 && jobs.runner.running === 0;

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await delay(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('job runner', () => {
  it('runs at most `concurrency` jobs at once, in creation order', async () => {
    const { jobs } = service({ concurrency: 2 });
    const g = gate();
    jobs.handle('http', g.handler);
    for (let i = 0; i < 5; i++) await submit(jobs);
    jobs.start();
    await until(() => g.started.length === 2, 'two jobs to start');
    await delay(20);
    assert.deepEqual(g.started, [1, 2]);
    assert.equal(jobs.runner.running, 2);
    g.release.get(2)!(body('two'));
    await until(() => g.started.length === 3, 'the third job');
    assert.deepEqual(g.started, [1, 2, 3]);
    for (const id of [1, 3]) g.release.get(id)!(body(String(id)));
    await until(() => g.started.length === 5, 'all jobs');
    for (const id of [4, 5]) g.release.get(id)!(body(String(id)));
    await until(() => idle(jobs), 'all jobs to end');
    assert.deepEqual(
      [...jobs.store.all()].map((r) => [r.id, r.status]),
      [1, 2, 3, 4, 5].map((id) => [id, 'SUCCESS']),
    );
    assert.equal(jobs.store.result(2)?.body.toString(), 'two');
  });

  it('starts a job while its creation commits, before submit() resolves, and stores it the same', async () => {
    const { jobs, engine } = service({ concurrency: 4 });
    const startedBeforeCommit: boolean[] = [];
    const inputs: string[] = [];
    jobs.handle('http', async (w) => {
      // the committed state does not have the job yet
      startedBeforeCommit.push(engine.get('jobs', ['m', w.record.id]) === undefined);
      // the input comes from memory until the creation is committed
      inputs.push((w.input as { url: string }).url);
      return body('ok');
    });
    jobs.start();
    await until(() => jobs.runner.running === 0, 'the runner to be ready');
    const rec = await jobs.submit({ type: 'http', name: 'GET /early', db: '_system', user: 'root', discard: false, input: { method: 'GET', url: '/early', headers: {}, body: null } });
    await until(() => idle(jobs), 'the job to end');
    assert.deepEqual(startedBeforeCommit, [true], 'the work started before the 202 could go out');
    assert.deepEqual(inputs, ['/early']);
    assert.equal(jobs.store.get(rec.id)?.status, 'SUCCESS');
    assert.equal(jobs.store.result(rec.id)?.body.toString(), 'ok');
    // committed in order: the record, its start and its end are all stored
    assert.equal((engine.get('jobs', ['m', rec.id]) as { status: string }).status, 'SUCCESS');
  });

  it('never starts a job cancelled while queued', async () => {
    const { jobs } = service({ concurrency: 1 });
    const g = gate();
    jobs.handle('http', g.handler);
    await submit(jobs);
    await submit(jobs);
    jobs.start();
    await until(() => g.started.length === 1, 'the first job');
    const r = await jobs.runner.cancel(2);
    assert.equal(r?.after.status, 'CANCELLED');
    g.release.get(1)!(body('one'));
    await until(() => idle(jobs), 'the end');
    await delay(20);
    assert.deepEqual(g.started, [1]);
    assert.equal(jobs.store.result(2)?.status, 410);
  });

  it('aborts a running job with 410/21 and stores CANCELLED', async () => {
    const { jobs } = service();
    const g = gate();
    jobs.handle('http', g.handler);
    await submit(jobs);
    jobs.start();
    await until(() => g.started.length === 1, 'the job');
    assert.equal((await jobs.runner.cancel(1))?.after.status, 'CANCELLING');
    await until(() => jobs.store.get(1)?.status === 'CANCELLED', 'CANCELLED');
    assert.equal(jobs.store.result(1)?.body.toString(), '{"error":true,"code":410,"errorNum":21,"errorMessage":"canceled request"}');
  });

  it('keeps the answer of a job that finished before the cancel reached it', async () => {
    const { jobs } = service();
    // This handler ignores its signal, like /_api/version: the cancel has no effect.
    let finish!: () => void;
    jobs.handle('http', () => new Promise((resolve) => (finish = () => resolve(body('done anyway')))));
    await submit(jobs);
    jobs.start();
    await until(() => jobs.store.get(1)?.status === 'RUNNING', 'RUNNING');
    await jobs.runner.cancel(1);
    finish();
    await until(() => idle(jobs), 'the end');
    assert.equal(jobs.store.get(1)?.status, 'SUCCESS');
    assert.equal(jobs.store.result(1)?.body.toString(), 'done anyway');
  });

  it('stores FAILED for an error answer and for a thrown ArangoError, and 500/4 when the handler broke', async () => {
    const { jobs } = service({ concurrency: 1 });
    const answers = [
      async () => ({ status: 404, headers: {}, body: Buffer.from('{"error":true}') }),
      async () => {
        throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
      },
      async () => {
        throw new TypeError('a bug');
      },
    ];
    let n = 0;
    jobs.handle('http', () => answers[n++]!());
    for (let i = 0; i < 3; i++) await submit(jobs);
    logged.length = 0;
    jobs.start();
    await until(() => idle(jobs), 'the end');
    assert.deepEqual(
      [...jobs.store.all()].map((r) => r.status),
      ['FAILED', 'FAILED', 'FAILED'],
    );
    assert.equal(jobs.store.result(2)?.body.toString(), '{"error":true,"code":404,"errorNum":1203,"errorMessage":"collection or view not found"}');
    assert.equal(jobs.store.result(3)?.body.toString(), '{"error":true,"code":500,"errorNum":4,"errorMessage":"internal error"}');
    assert.deepEqual(logged, ['job 3 broke']);
  });

  it('fails a job whose result is larger than --jobs-max-result-size, saying why', async () => {
    const { jobs } = service({ maxResultSize: 10 });
    jobs.handle('http', async () => body('x'.repeat(11)));
    await submit(jobs);
    jobs.start();
    await until(() => idle(jobs), 'the end');
    assert.equal(jobs.store.get(1)?.status, 'FAILED');
    const why = 'job result of 11 bytes is larger than --jobs-max-result-size (10 bytes); it was not stored';
    assert.equal(jobs.store.result(1)?.taskResult, why);
    assert.deepEqual(JSON.parse(jobs.store.result(1)!.body.toString()), { error: true, code: 500, errorNum: 32, errorMessage: why });
  });

  it('keeps progress in memory and saves it at most once a second, and at the end', async () => {
    const { jobs, clock } = service();
    let work!: JobWork;
    let finish!: () => void;
    jobs.handle('http', (w) => {
      work = w;
      return new Promise((resolve) => (finish = () => resolve(body('ok'))));
    });
    await submit(jobs);
    jobs.start();
    await until(() => work !== undefined, 'the job');
    work.progress(5);
    work.progress(7);
    assert.equal(jobs.runner.liveProgress(1), 7);
    await delay(20);
    assert.equal(jobs.store.get(1)?.progress, 0, 'not saved within the first second');
    clock.advance(1000);
    work.progress(8); // the timer set by the first call is still pending: no second write
    await delay(20);
    assert.equal(jobs.store.get(1)?.progress, 0);
    finish();
    await until(() => idle(jobs), 'the end');
    assert.equal(jobs.store.get(1)?.progress, 8, 'the final value is saved at the end');
    assert.equal(jobs.runner.liveProgress(1), undefined);
  });

  it('saves progress at once when a second has passed since the last save', async () => {
    const { jobs, clock } = service();
    let work!: JobWork;
    jobs.handle('http', (w) => {
      work = w;
      return new Promise((_resolve, reject) => w.signal.addEventListener('abort', () => reject(w.signal.reason)));
    });
    await submit(jobs);
    jobs.start();
    await until(() => work !== undefined, 'the job');
    clock.advance(1000);
    work.progress(3);
    await until(() => jobs.store.get(1)?.progress === 3, 'progress 3 saved');
    assert.equal(jobs.store.get(1)?.updated, clock.now());
  });

  it('deletes finished results older than --jobs-result-ttl, and nothing else', async () => {
    const { jobs, clock } = service({ resultTtlMs: 60_000 });
    const g = gate();
    jobs.handle('http', g.handler);
    await submit(jobs);
    await submit(jobs);
    await submit(jobs);
    jobs.start();
    await until(() => g.started.length === 2, 'two jobs');
    g.release.get(1)!(body('1'));
    await until(() => jobs.store.get(1)?.status === 'SUCCESS', 'job 1');
    clock.advance(30_000);
    g.release.get(2)!(body('2'));
    await until(() => jobs.store.get(2)?.status === 'SUCCESS', 'job 2');
    assert.equal(await jobs.runner.sweep(), 0);
    clock.advance(30_000);
    assert.equal(await jobs.runner.sweep(), 1);
    assert.deepEqual(
      [...jobs.store.all()].map((r) => [r.id, r.status]),
      [
        [2, 'SUCCESS'],
        [3, 'RUNNING'],
      ],
    );
    g.release.get(3)!(body('3'));
  });

  it('waits for a job to end, or for the time given', async () => {
    const { jobs } = service();
    const g = gate();
    jobs.handle('http', g.handler);
    await submit(jobs);
    jobs.start();
    await until(() => g.started.length === 1, 'the job');
    const t0 = Date.now();
    await jobs.runner.wait(1, 30, hookOf(new AbortController().signal));
    assert.ok(Date.now() - t0 >= 25, 'waited for the time given');
    // the waiting request is aborted: at once when it already was, else when it is
    const t1 = Date.now();
    await jobs.runner.wait(1, 10_000, hookOf(AbortSignal.abort()));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await jobs.runner.wait(1, 10_000, hookOf(ac.signal));
    assert.ok(Date.now() - t1 < 1000, `aborted waits ended after ${Date.now() - t1} ms`);
    const waiting = jobs.runner.wait(1, 10_000, hookOf(new AbortController().signal));
    g.release.get(1)!(body('1'));
    await waiting;
    assert.equal(jobs.store.get(1)?.status, 'SUCCESS');
  });

  it('leaves jobs stopped by close() RUNNING, and the next start runs them again with task_retries 1', async () => {
    const first = service();
    const g = gate();
    first.jobs.handle('http', g.handler);
    await submit(first.jobs);
    await submit(first.jobs);
    await submit(first.jobs);
    first.jobs.start();
    await until(() => g.started.length === 2, 'two jobs');
    // close() aborts both with 503/30, as a replayed request ends on shutdown.
    await first.jobs.close();
    await first.engine.close();
    open.splice(0);
    assert.equal(first.jobs.runner.running, 0);
    const second = service({}, first.dir);
    assert.deepEqual(
      [...second.jobs.store.all()].map((r) => [r.id, r.status, r.retries]),
      [
        [1, 'RUNNING', 0],
        [2, 'RUNNING', 0],
        [3, 'QUEUED', 0],
      ],
    );
    const ran: number[] = [];
    second.jobs.handle('http', async (w) => {
      ran.push(w.record.id);
      return body(`again ${w.record.retries}`);
    });
    second.jobs.start();
    await until(() => idle(second.jobs), 'the restored jobs');
    assert.deepEqual(ran.sort(), [1, 2, 3]);
    assert.deepEqual(
      [...second.jobs.store.all()].map((r) => [r.id, r.status, r.retries]),
      [
        [1, 'SUCCESS', 1],
        [2, 'SUCCESS', 1],
        [3, 'SUCCESS', 1],
      ],
    );
    assert.equal(second.jobs.store.result(1)?.body.toString(), 'again 1');
  });
});
