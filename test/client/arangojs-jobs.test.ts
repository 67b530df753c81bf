// Async jobs through the official `arangojs` driver (v10) on a real port: createJob,
// load, getCompleted, cancel, deleteResult, the pending/completed lists, deleting
// expired and all results, and a job whose result is a cursor read to the end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database, aql } from 'arangojs';
import { isArangoError } from 'arangojs/errors';
import type { Job } from 'arangojs/jobs';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * arangojs rejects the callback's own promise too when a job's result is an error; the
 * test looks at load()'s rejection, so that copy is marked handled.
 */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Polls job.getCompleted() (with a short wait between) until the job is done. */
async function completed(job: Job<unknown>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await job.getCompleted()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`job ${job.id} did not complete`);
}

describe('arangojs async jobs against Cairn', () => {
  let s: TestServer;
  let system: Database;
  let db: Database;

  before(async () => {
    s = await startServer();
    const url = await s.server.listen('127.0.0.1', 0);
    system = new Database({ url, auth: { username: 'root', password: '' } });
    db = await system.createDatabase('jobsdb');
  });
  after(async () => {
    system.close();
    await s.close();
  });

  it('creates a job, sees it complete and loads its result once', async () => {
    const job = await db.createJob(() => db.collections());
    assert.match(job.id, /^\d+$/);
    await completed(job);
    assert.equal(await job.getCompleted(), true, 'GET does not consume the result');
    assert.deepEqual(await job.load(), []);
    assert.equal(job.isLoaded, true);
    await assert.rejects(db.job(job.id).load(), (e: unknown) => isArangoError(e) && e.errorNum === 404 && e.code === 404);
  });

  it('lists pending and completed jobs, and deletes one result', async () => {
    const slow = await db.createJob(() => handled(db.route('/_admin/sleep').get({ duration: 30 })));
    const quick = await db.createJob(() => db.version());
    await completed(quick);
    assert.deepEqual(await db.listPendingJobs(), [slow.id]);
    assert.deepEqual(await db.listCompletedJobs(), [quick.id]);
    await quick.deleteResult();
    assert.deepEqual(await db.listCompletedJobs(), []);
    await slow.cancel();
    await completed(slow);
    assert.deepEqual(await db.listPendingJobs(), []);
    await assert.rejects(slow.load(), (e: unknown) => isArangoError(e) && e.errorNum === 21 && e.code === 410 && e.message === 'canceled request');
  });

  it('deletes expired results and then all results', async () => {
    const a = await db.createJob(() => db.version());
    await completed(a);
    await db.deleteExpiredJobResults(Date.now() - 60_000);
    assert.deepEqual(await db.listCompletedJobs(), [a.id], 'a fresh result is not expired');
    await db.deleteExpiredJobResults(Date.now() + 60_000);
    assert.deepEqual(await db.listCompletedJobs(), []);
    const b = await db.createJob(() => db.version());
    const c = await db.createJob(() => db.version());
    await completed(b);
    await completed(c);
    await db.deleteAllJobResults();
    assert.deepEqual(await db.listCompletedJobs(), []);
    assert.equal(await b.getCompleted().catch((e: unknown) => (isArangoError(e) ? e.errorNum : e)), 404);
  });

  it('runs a query as a job and reads the returned cursor to the end', async () => {
    const job = await db.createJob(() => db.query(aql`FOR i IN 1..25 RETURN i`, { batchSize: 10 }));
    await completed(job);
    const cursor = (await job.load())!;
    assert.equal(cursor.hasNext, true);
    assert.deepEqual(await cursor.all(), Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('cancels a running SLEEP query job', async () => {
    const job = await db.createJob(() => handled(db.query(aql`RETURN SLEEP(30)`)));
    await job.cancel();
    await completed(job);
    await assert.rejects(job.load(), (e: unknown) => isArangoError(e) && e.errorNum === 21 && e.code === 410);
  });
});
