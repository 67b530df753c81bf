// Jobs survive kill -9: a child server holds finished, running and queued jobs (hundreds)
// and is killed with SIGKILL while clients are still creating jobs. After a restart on
// the same data directory: every job acknowledged with 202 is there; finished ones keep
// their results and were not run again; interrupted ones (running or queued) run again
// with task_retries 1; the collection holds exactly one document per insert job.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildTracker, exited, ROOT_AUTH, spawnServer, tempDir } from '../helpers/server.js';

const FINISHED = 100;
const RUNNING = 16;
const QUEUED = 100;

const tracker = new ChildTracker();
afterEach(() => tracker.cleanup());
after(() => tracker.removeDirs());

async function start(dir: string, flags: string[]) {
  const child = await spawnServer(['--data-dir', dir, ...flags]);
  tracker.children.push(child.proc);
  return child;
}

async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: ROOT_AUTH, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, id: res.headers.get('x-arango-async-id'), body: text ? JSON.parse(text) : undefined };
}

/** Creates an insert job for `_key`; resolves with its id once acknowledged (202). */
async function insertJob(base: string, key: string): Promise<string> {
  const r = await api(base, 'POST', '/_api/document/crashjobs', { _key: key }, { 'x-arango-async': 'store' });
  assert.equal(r.status, 202);
  return r.id!;
}

const TASKS = '/graphspaces/DEFAULT/graphs/_system/tasks';

async function tasks(base: string, query = ''): Promise<Map<number, any>> {
  const r = await api(base, 'GET', `${TASKS}?limit=-1${query}`);
  assert.equal(r.status, 200);
  return new Map(r.body.tasks.map((t: any) => [t.id, t]));
}

async function until(what: string, cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('jobs when the server is killed with SIGKILL', () => {
  it('keeps every acknowledged job, keeps finished results, and runs interrupted jobs again once', async (t) => {
    const dir = tempDir('cairn-jobcrash-');
    tracker.dirs.push(dir);
    const first = await start(dir, ['--jobs-concurrency', String(RUNNING)]);
    assert.equal((await api(first.url, 'POST', '/_api/collection', { name: 'crashjobs' })).status, 200);

    // Finished: inserts that ran to the end before the kill.
    const finished = await Promise.all(Array.from({ length: FINISHED }, (_, i) => insertJob(first.url, `f${i}`)));
    await until('the first jobs to finish', async () => (await api(first.url, 'GET', '/_api/job/done?count=1000')).body.length === FINISHED);

    // Running: long sleeps that take every runner slot. Queued: inserts behind them.
    const running = await Promise.all(Array.from({ length: RUNNING }, async () => (await api(first.url, 'GET', '/_admin/sleep?duration=60', undefined, { 'x-arango-async': 'store' })).id!));
    await until('the sleeps to run', async () => (await tasks(first.url, '&status=running')).size === RUNNING);
    const queued = await Promise.all(Array.from({ length: QUEUED }, (_, i) => insertJob(first.url, `q${i}`)));

    // More clients create jobs while the process is killed.
    const acked: string[] = [];
    const stop = new AbortController();
    const late = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop.signal.aborted; i++) {
        try {
          const r = await fetch(`${first.url}/_api/document/crashjobs`, {
            method: 'POST',
            headers: { authorization: ROOT_AUTH, 'x-arango-async': 'store' },
            body: JSON.stringify({ _key: `l${w}-${i}` }),
          });
          if (r.status === 202) acked.push(r.headers.get('x-arango-async-id')!);
        } catch {
          return; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    first.proc.kill('SIGKILL');
    assert.deepEqual(await exited(first.proc, 5000), { code: null, signal: 'SIGKILL' });
    stop.abort();
    await Promise.all(late);

    // Restart with room for the sleeps and the inserts at once.
    const second = await start(dir, ['--jobs-concurrency', String(2 * RUNNING)]);
    const base = second.url;
    const all = await tasks(base);
    const missing = [...finished, ...running, ...queued, ...acked].filter((id) => !all.has(Number(id)));
    assert.deepEqual(missing, [], `${missing.length} acknowledged jobs lost`);

    // Finished jobs: untouched, results kept, never run again.
    for (const id of finished) {
      const task = all.get(Number(id));
      assert.deepEqual([task.task_status, task.task_retries], ['success', 0], `job ${id}`);
    }

    // Interrupted jobs run again with task_retries 1.
    await until('the interrupted inserts to finish', async () => {
      const now = await tasks(base, '&with_result=false');
      return [...queued, ...acked].every((id) => now.get(Number(id))?.task_status === 'success');
    });
    await until('the sleeps to run again', async () => (await tasks(base, '&status=running')).size === RUNNING);
    const after = await tasks(base, '&with_result=false');
    for (const id of [...running, ...queued, ...acked]) assert.equal(after.get(Number(id)).task_retries, 1, `job ${id} retries`);
    for (const r of await Promise.all(running.map((id) => api(base, 'PUT', `/_api/job/${id}/cancel`)))) assert.equal(r.status, 200);

    // Every insert ran exactly once: one document per stored insert job (jobs stored but
    // killed before their 202 went out ran too), and each stored answer is the insert's
    // 202, never the 409 of a second run.
    const inserts = [...(await tasks(base, '&with_result=false')).values()].filter((task) => task.task_name === 'POST /_api/document/crashjobs');
    assert.ok(inserts.length >= FINISHED + QUEUED + acked.length);
    assert.deepEqual(inserts.filter((task) => task.task_status !== 'success').map((task) => task.id), []);
    const count = await api(base, 'GET', '/_api/collection/crashjobs/count');
    assert.equal(count.body.count, inserts.length);
    const fetched = await Promise.all([...finished, ...queued, ...acked].map((id) => api(base, 'PUT', `/_api/job/${id}`)));
    assert.deepEqual(
      fetched.filter((r) => r.status !== 202).map((r) => `${r.id}: ${r.status} ${JSON.stringify(r.body)}`),
      [],
    );
    assert.deepEqual(
      fetched.map((r) => r.id),
      [...finished, ...queued, ...acked],
    );
    await until('the sleeps to stop', async () => (await api(base, 'GET', '/_api/job/pending')).body.length === 0);
    for (const r of await Promise.all(running.map((id) => api(base, 'PUT', `/_api/job/${id}`)))) {
      assert.deepEqual(r.body, { error: true, code: 410, errorNum: 21, errorMessage: 'canceled request' });
    }
    second.proc.kill('SIGTERM');
    assert.deepEqual(await exited(second.proc, 5000), { code: 0, signal: null });
    t.diagnostic(`${FINISHED} finished, ${RUNNING} running, ${QUEUED} queued, ${acked.length} acknowledged during the kill, ${inserts.length - FINISHED - QUEUED - acked.length} stored but not acknowledged`);
  });
});
