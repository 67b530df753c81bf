// ArangoDB's async jobs over HTTP: x-arango-async, /_api/job (and /_admin/job) with every
// routing case and message of spec section 1, each example of seeds 000-002, cancellation
// (queued, a running SLEEP query, /_admin/sleep, the job that finishes first), limits,
// fire and forget, and the replay grant that cannot be forged. Status, the headers that
// matter and the whole body are asserted. Waiting uses the ?waitTime= extension.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../../src/util/clock.js';
import { leaveAfter, ownAppPerSuite, startServer, type InjectOpts, type TestServer } from '../helpers/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const err = (code: number, errorNum: number, errorMessage: string) => JSON.stringify({ error: true, code, errorNum, errorMessage });
const BAD = err(400, 400, 'bad parameter');
const NOT_FOUND = err(404, 404, 'not found');
const CANCELED = err(410, 21, 'canceled request');
const RESULT_TRUE = '{"result":true}';
const VERSION = '{"server":"arango","version":"3.12.0","license":"community"}';

interface Seen {
  status: number;
  type: string | undefined;
  id: string | undefined;
  body: string;
}

const seen = (r: LightMyRequestResponse): Seen => ({
  status: r.statusCode,
  type: r.headers['content-type'] as string | undefined,
  id: r.headers['x-arango-async-id'] as string | undefined,
  body: r.body,
});

function harness(flags: string[] = [], startJobs = true) {
  const h = {
    s: undefined as unknown as TestServer,
    async call(method: string, url: string, o: Partial<InjectOpts> = {}): Promise<Seen> {
      return seen(await h.s.request({ method, url, ...o }));
    },
    /** Sends the request with x-arango-async: store; asserts the 202 and returns the id. */
    async store(method: string, url: string, o: Partial<InjectOpts> = {}): Promise<string> {
      const r = await h.call(method, url, { ...o, headers: { ...o.headers, 'x-arango-async': 'store' } });
      assert.equal(r.status, 202);
      assert.equal(r.type, TEXT);
      assert.equal(r.body, '');
      assert.match(r.id ?? '', /^\d+$/);
      return r.id!;
    },
    /** Waits (GET ?waitTime=) until job `id` is done; asserts that it is. */
    async done(id: string): Promise<void> {
      const r = await h.call('GET', `/_api/job/${id}?waitTime=10`);
      assert.deepEqual(r, { status: 200, type: TEXT, id: undefined, body: '' });
    },
  };
  before(async () => {
    h.s = await startServer(flags, { startJobs });
  });
  after(async () => {
    await h.s.close();
  });
  return h;
}

describe('x-arango-async and /_api/job', () => {
  const h = harness();

  describe('the seed examples (000-002)', () => {
    it('PUT /_api/job/ without an id: 400 bad parameter', async () => {
      assert.deepEqual(await h.call('PUT', '/_api/job/'), { status: 400, type: JSON_TYPE, id: undefined, body: BAD });
    });

    it('PUT /_api/job/foobar: 404 not found', async () => {
      assert.deepEqual(await h.call('PUT', '/_api/job/foobar'), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    });

    it('fetches the stored result of a GET job once, with x-arango-async-id', async () => {
      const id = await h.store('GET', '/_api/version');
      await h.done(id);
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id, body: VERSION });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    });

    it('fetches the stored 400 of a POST job that failed (illegal collection name)', async () => {
      const id = await h.store('POST', '/_api/collection', { body: { name: ' this name is invalid ' } });
      await h.done(id);
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 400, type: JSON_TYPE, id, body: err(400, 1208, 'cannot create collection: illegal name') });
    });

    it('lists a finished job under done and not under pending', async () => {
      const id = await h.store('GET', '/_api/version');
      await h.done(id);
      assert.deepEqual(await h.call('GET', '/_api/job/done'), { status: 200, type: JSON_TYPE, id: undefined, body: JSON.stringify([id]) });
      assert.deepEqual(await h.call('GET', '/_api/job/pending'), { status: 200, type: JSON_TYPE, id: undefined, body: '[]' });
      assert.deepEqual(await h.call('DELETE', '/_api/job/all'), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.deepEqual(await h.call('GET', '/_api/job/done'), { status: 200, type: JSON_TYPE, id: undefined, body: '[]' });
    });

    it('deletes expired results by stamp, a job by id, and answers 404 for foobar', async () => {
      const a = await h.store('GET', '/_api/version');
      await h.done(a);
      const stamp = Math.floor(Date.now() / 1000) + 360;
      assert.deepEqual(await h.call('DELETE', `/_api/job/expired?stamp=${stamp}`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.equal((await h.call('GET', `/_api/job/${a}`)).status, 404);
      const b = await h.store('GET', '/_api/version');
      assert.deepEqual(await h.call('DELETE', `/_api/job/${b}`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.equal((await h.call('GET', `/_api/job/${b}`)).status, 404);
      assert.deepEqual(await h.call('DELETE', '/_api/job/foobar'), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    });

    it('answers 204 for a pending /_admin/sleep job and 200 once it is done', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=3');
      assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' }, 'a PUT on a pending job keeps it');
      assert.deepEqual(await h.call('GET', '/_api/job/pending'), { status: 200, type: JSON_TYPE, id: undefined, body: JSON.stringify([id]) });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      await h.done(id);
      assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
    });

    it('cancels the seed cursor job (a SLEEP per row) and stores 410/21 canceled request', async () => {
      const query = 'FOR i IN 1..10 FOR j IN 1..10 LET x = sleep(1.0) FILTER i == 5 && j == 5 RETURN 42';
      const id = await h.store('POST', '/_api/cursor', { body: { query } });
      assert.deepEqual(JSON.parse((await h.call('GET', '/_api/job/pending')).body), [id]);
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      await h.done(id); // well before the query's 100 seconds
      assert.deepEqual(await h.call('GET', '/_api/job/pending'), { status: 200, type: JSON_TYPE, id: undefined, body: '[]' });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 410, type: JSON_TYPE, id, body: CANCELED });
    });
  });

  describe('x-arango-async values', () => {
    for (const value of ['false', '1', 'TRUE', 'Store', '', 'store ']) {
      it(`treats '${value}' as an ordinary synchronous request`, async () => {
        const r = await h.call('GET', '/_api/version', { headers: { 'x-arango-async': value } });
        assert.deepEqual(r, { status: 200, type: JSON_TYPE, id: undefined, body: VERSION });
      });
    }

    it('runs a fire-and-forget job (true) without an id and never lists it', async () => {
      const r = await h.call('POST', '/_api/collection', { body: { name: 'fired' }, headers: { 'x-arango-async': 'true' } });
      assert.deepEqual(r, { status: 202, type: TEXT, id: undefined, body: '' });
      const store = h.s.server.services.jobs.store;
      for (let i = 0; i < 200 && [...store.all()].length > 0; i++) await new Promise((res) => setTimeout(res, 5));
      assert.equal((await h.call('GET', '/_api/collection/fired')).status, 200, 'the request was executed');
      assert.equal((await h.call('GET', '/_api/job/done')).body, '[]');
      assert.equal((await h.call('GET', '/_api/job/pending')).body, '[]');
      assert.equal([...h.s.server.services.jobs.store.all()].length, 0, 'its record is gone once it ran');
    });

    it('makes any method and path a job, HEAD and unknown paths included', async () => {
      const head = await h.store('HEAD', '/_admin/time');
      const unknown = await h.store('GET', '/_api/not-existing');
      await h.done(head);
      await h.done(unknown);
      assert.deepEqual(await h.call('PUT', `/_api/job/${head}`), { status: 200, type: JSON_TYPE, id: head, body: '' });
      assert.deepEqual(await h.call('PUT', `/_api/job/${unknown}`), { status: 404, type: JSON_TYPE, id: unknown, body: err(404, 404, "unknown path '/_api/not-existing'") });
    });

    it('authenticates before queueing: no credentials, 401 and nothing stored', async () => {
      const before = [...h.s.server.services.jobs.store.all()].length;
      const r = await h.call('GET', '/_api/version', { auth: null, headers: { 'x-arango-async': 'store' } });
      assert.deepEqual(r, { status: 401, type: JSON_TYPE, id: undefined, body: err(401, 11, 'not authorized to execute this request') });
      assert.equal([...h.s.server.services.jobs.store.all()].length, before);
    });

    it('runs a job in the database it was sent to, and /_api/job of any database sees it', async () => {
      assert.equal((await h.call('POST', '/_api/database', { body: { name: 'shop' } })).status, 201);
      const id = await h.store('POST', '/_db/shop/_api/collection', { body: { name: 'orders' } });
      await h.done(id);
      const r = await h.call('PUT', `/_db/_system/_admin/job/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.id, id);
      assert.equal(JSON.parse(r.body).name, 'orders');
      assert.equal((await h.call('GET', '/_db/shop/_api/collection/orders')).status, 200);
      assert.equal((await h.call('GET', '/_api/collection/orders')).status, 404);
    });

    it('returns a stored cursor whose continuation is then read to the end', async () => {
      const id = await h.store('POST', '/_api/cursor', { body: { query: 'FOR i IN 1..5 RETURN i', batchSize: 2 } });
      await h.done(id);
      const first = await h.call('PUT', `/_api/job/${id}`);
      assert.equal(first.status, 201);
      const b = JSON.parse(first.body);
      assert.deepEqual([b.result, b.hasMore], [[1, 2], true]);
      const rows = [...b.result];
      let more = true;
      while (more) {
        const next = JSON.parse((await h.call('PUT', `/_api/cursor/${b.id}`)).body);
        rows.push(...next.result);
        more = next.hasMore;
      }
      assert.deepEqual(rows, [1, 2, 3, 4, 5]);
    });

    it('ignores a forged replay header: credentials are still required', async () => {
      const r = await h.call('GET', '/_api/version', { auth: null, headers: { 'x-cairn-job-replay': 'forged-token' } });
      assert.equal(r.status, 401);
      const ok = await h.call('GET', '/_api/version', { headers: { 'x-cairn-job-replay': 'forged-token' } });
      assert.deepEqual(ok, { status: 200, type: JSON_TYPE, id: undefined, body: VERSION });
    });

    it('never stores the client credentials with the job', async () => {
      const id = await h.store('POST', '/_api/cursor', { body: { query: 'RETURN 1' }, headers: { 'x-custom': 'kept' } });
      const input = h.s.server.services.jobs.store.input(Number(id)) as { headers: Record<string, string> };
      assert.equal(input.headers.authorization, undefined);
      assert.equal(input.headers['x-arango-async'], undefined);
      assert.equal(input.headers['x-custom'], 'kept');
      await h.done(id);
      await h.call('DELETE', `/_api/job/${id}`);
    });
  });

  describe('/_api/job routing and errors (spec 1.4-1.9)', () => {
    const cases: { id: string; method: string; url: string; status: number; body: string }[] = [
      { id: 'get-none', method: 'GET', url: '/_api/job', status: 400, body: BAD },
      { id: 'get-word', method: 'GET', url: '/_api/job/foo', status: 400, body: BAD },
      { id: 'get-all', method: 'GET', url: '/_api/job/all', status: 400, body: BAD },
      { id: 'get-zero', method: 'GET', url: '/_api/job/0', status: 400, body: BAD },
      { id: 'get-two', method: 'GET', url: '/_api/job/done/x', status: 400, body: BAD },
      { id: 'get-three', method: 'GET', url: '/_api/job/1/2/3', status: 400, body: BAD },
      { id: 'get-unknown', method: 'GET', url: '/_api/job/999999', status: 404, body: NOT_FOUND },
      { id: 'put-none', method: 'PUT', url: '/_api/job', status: 400, body: BAD },
      { id: 'put-bad-action', method: 'PUT', url: '/_api/job/1/foo', status: 400, body: BAD },
      { id: 'put-three', method: 'PUT', url: '/_api/job/1/cancel/x', status: 400, body: BAD },
      { id: 'put-zero', method: 'PUT', url: '/_api/job/0', status: 404, body: NOT_FOUND },
      { id: 'cancel-unknown', method: 'PUT', url: '/_api/job/999999/cancel', status: 404, body: err(404, 404, 'could not find job (999999) in AsyncJobManager during cancel operation') },
      { id: 'cancel-word', method: 'PUT', url: '/_api/job/foo/cancel', status: 404, body: err(404, 404, 'could not find job (0) in AsyncJobManager during cancel operation') },
      { id: 'delete-none', method: 'DELETE', url: '/_api/job', status: 400, body: BAD },
      { id: 'delete-two', method: 'DELETE', url: '/_api/job/1/x', status: 400, body: BAD },
      { id: 'delete-pending', method: 'DELETE', url: '/_api/job/pending', status: 404, body: NOT_FOUND },
      { id: 'delete-expired-no-stamp', method: 'DELETE', url: '/_api/job/expired', status: 400, body: BAD },
      { id: 'delete-expired-word', method: 'DELETE', url: '/_api/job/expired?stamp=abc', status: 200, body: RESULT_TRUE },
      { id: 'post', method: 'POST', url: '/_api/job/1', status: 405, body: err(405, 405, 'method not supported') },
      { id: 'patch', method: 'PATCH', url: '/_api/job', status: 405, body: err(405, 405, 'method not supported') },
      { id: 'post-cancel', method: 'POST', url: '/_api/job/1/cancel', status: 405, body: err(405, 405, 'method not supported') },
      { id: 'admin-alias', method: 'GET', url: '/_admin/job/foo', status: 400, body: BAD },
      { id: 'admin-alias-put', method: 'PUT', url: '/_admin/job/foobar', status: 404, body: NOT_FOUND },
    ];
    for (const c of cases) {
      it(`${c.id}: ${c.method} ${c.url} -> ${c.status}`, async () => {
        assert.deepEqual(await h.call(c.method, c.url), { status: c.status, type: JSON_TYPE, id: undefined, body: c.body });
      });
    }

    it('answers HEAD on /_api/job/<id> with 405 and no body', async () => {
      const r = await h.call('HEAD', '/_api/job/1');
      assert.equal(r.status, 405);
      assert.equal(r.body, '');
    });

    it('keeps a done job on GET, lets cancel leave it unchanged, and limits lists with count', async () => {
      const ids = [await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version')];
      for (const id of ids) await h.done(id);
      await h.done(ids[0]!);
      assert.deepEqual(await h.call('PUT', `/_api/job/${ids[0]}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.deepEqual(JSON.parse((await h.call('GET', '/_api/job/done?count=2')).body), ids.slice(0, 2));
      assert.deepEqual(JSON.parse((await h.call('GET', '/_api/job/done')).body), ids);
      assert.deepEqual(await h.call('PUT', `/_api/job/${ids[0]}`), { status: 200, type: JSON_TYPE, id: ids[0], body: VERSION });
      assert.deepEqual(await h.call('DELETE', '/_api/job/expired?stamp=0'), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.deepEqual(JSON.parse((await h.call('GET', '/_api/job/done')).body), ids.slice(1), 'stamp 0 deletes nothing');
      await h.call('DELETE', '/_api/job/all');
    });

    it('lets a running job finish when it is deleted, and drops its result', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=0.05');
      assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      await new Promise((res) => setTimeout(res, 100));
      assert.equal((await h.call('GET', `/_api/job/${id}`)).status, 404);
      assert.equal((await h.call('GET', '/_api/job/done')).body, '[]');
    });

    it('waits with ?waitTime= until the job ends, then answers as GET does', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=0.1');
      assert.equal((await h.call('GET', `/_api/job/${id}`)).status, 204);
      assert.equal((await h.call('GET', `/_api/job/${id}?waitTime=5`)).status, 200);
      assert.equal((await h.call('GET', `/_api/job/999999?waitTime=5`)).status, 404);
      await h.call('DELETE', `/_api/job/${id}`);
    });

    it("keeps no CORS headers of the submit's origin in the stored response", async () => {
      const id = await h.store('GET', '/_api/version', { headers: { origin: 'http://a.example' } });
      const r = await h.s.request({ method: 'PUT', url: `/_api/job/${id}?waitTime=5` });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      assert.equal(r.headers['cache-control'], 'no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0');
    });

    it('fetches with PUT ?waitTime= once the job ends, in one request', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=0.1');
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
      const r = await h.call('PUT', `/_api/job/${id}?waitTime=5`);
      assert.equal(r.status, 200);
      assert.equal(r.id, id);
      assert.deepEqual(JSON.parse(r.body), { error: false, code: 200, duration: 0.1 });
      // fetched once: the result is gone
      assert.equal((await h.call('PUT', `/_api/job/${id}?waitTime=5`)).status, 404);
      assert.equal((await h.call('PUT', `/_api/job/999999?waitTime=5`)).status, 404);
    });

    it('answers PUT ?waitTime= with 204 when the job outlasts the wait, and keeps it', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=0.3');
      const t0 = Date.now();
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}?waitTime=0.05`), { status: 204, type: undefined, id: undefined, body: '' });
      assert.ok(Date.now() - t0 >= 45, 'waited');
      await h.done(id);
      assert.equal((await h.call('PUT', `/_api/job/${id}`)).status, 200);
    });
  });

  describe('cancellation', () => {
    it('stops a running /_admin/sleep job at once and stores 410/21', async () => {
      const id = await h.store('GET', '/_admin/sleep?duration=30');
      const svc = h.s.server.services.jobs;
      for (let i = 0; i < 200 && svc.store.get(Number(id))?.status !== 'RUNNING'; i++) await new Promise((res) => setTimeout(res, 5));
      assert.equal(svc.store.get(Number(id))?.status, 'RUNNING');
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      await h.done(id); // the sleep had 30 s left: only the cancel can end it within the wait
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 410, type: JSON_TYPE, id, body: CANCELED });
    });

    it('stops a running SLEEP query job and stores 410/21', async () => {
      const id = await h.store('POST', '/_api/cursor', { body: { query: 'RETURN SLEEP(30)' } });
      const svc = h.s.server.services.jobs;
      for (let i = 0; i < 200 && svc.store.get(Number(id))?.status !== 'RUNNING'; i++) await new Promise((res) => setTimeout(res, 5));
      await h.call('PUT', `/_api/job/${id}/cancel`);
      await h.done(id);
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 410, type: JSON_TYPE, id, body: CANCELED });
    });

    it('stops a stream cursor job while it computes its first batch and stores 410/21', async () => {
      const id = await h.store('POST', '/_api/cursor', { body: { query: 'FOR i IN 1..2 RETURN SLEEP(30)', stream: true, batchSize: 1 } });
      const svc = h.s.server.services.jobs;
      for (let i = 0; i < 200 && svc.store.get(Number(id))?.status !== 'RUNNING'; i++) await new Promise((res) => setTimeout(res, 5));
      await h.call('PUT', `/_api/job/${id}/cancel`);
      await h.done(id); // only the cancel can end the first SLEEP within the wait
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 410, type: JSON_TYPE, id, body: CANCELED });
      assert.equal((await h.call('GET', '/_api/query/current')).body, '[]', 'the stream query is gone, not left running');
    });

    it('keeps the result of a job that finished before the cancel', async () => {
      const id = await h.store('GET', '/_api/version');
      await h.done(id);
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id, body: VERSION });
    });
  });
});

describe('jobs before the runner starts, and limits', () => {
  const h = harness(['--jobs-max-queued', '2', '--jobs-max-result-size', '20'], false);

  it('never starts a job cancelled while queued', async () => {
    const id = await h.store('POST', '/_api/collection', { body: { name: 'never' } });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: RESULT_TRUE });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 200, type: TEXT, id: undefined, body: '' });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 410, type: JSON_TYPE, id, body: CANCELED });
    h.s.server.startJobs();
    await new Promise((res) => setTimeout(res, 50));
    assert.equal((await h.call('GET', '/_api/collection/never')).status, 404, 'the cancelled request never ran');
  });

  it('answers 503/21003 queue is full past --jobs-max-queued and stores nothing', async () => {
    // The runner is started now: fill the queue with jobs that wait.
    const a = await h.store('GET', '/_admin/sleep?duration=30');
    const b = await h.store('GET', '/_admin/sleep?duration=30');
    const count = [...h.s.server.services.jobs.store.all()].length;
    const r = await h.call('GET', '/_api/version', { headers: { 'x-arango-async': 'store' } });
    assert.deepEqual(r, { status: 503, type: JSON_TYPE, id: undefined, body: err(503, 21003, 'queue is full') });
    assert.equal([...h.s.server.services.jobs.store.all()].length, count);
    const task = await h.call('POST', '/graphs/_system/jobs/aql', { body: { query: 'RETURN 1' } });
    assert.deepEqual(task, {
      status: 503,
      type: JSON_TYPE,
      id: undefined,
      body: JSON.stringify({ exception: 'class org.apache.hugegraph.exception.LimitExceedException', message: 'queue is full', cause: '' }),
    });
    assert.equal([...h.s.server.services.jobs.store.all()].length, count);
    for (const id of [a, b]) {
      await h.call('PUT', `/_api/job/${id}/cancel`);
      await h.done(id);
      await h.call('DELETE', `/_api/job/${id}`);
    }
    assert.equal((await h.call('GET', '/_api/version', { headers: { 'x-arango-async': 'store' } })).status, 202, 'room again');
  });

  it('fails a job whose response is larger than --jobs-max-result-size', async () => {
    await h.call('DELETE', '/_api/job/all');
    const id = await h.store('GET', '/_api/version');
    await h.done(id);
    const why = 'job result of 60 bytes is larger than --jobs-max-result-size (20 bytes); it was not stored';
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 500, type: JSON_TYPE, id, body: err(500, 32, why) });
  });
});

describe('--jobs-result-ttl', () => {
  const clock = new ManualClock();
  let s: TestServer;
  before(async () => {
    s = await startServer(['--jobs-result-ttl', '1m'], { clock });
  });
  after(async () => {
    await s.close();
  });

  it('deletes a finished result once it is older than the TTL', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version', headers: { 'x-arango-async': 'store' } });
    const id = res.headers['x-arango-async-id'] as string;
    assert.equal((await s.request({ method: 'GET', url: `/_api/job/${id}?waitTime=10` })).statusCode, 200);
    clock.advance(59_000);
    assert.equal(await s.server.services.jobs.runner.sweep(), 0);
    clock.advance(1_000);
    assert.equal(await s.server.services.jobs.runner.sweep(), 1);
    assert.equal((await s.request({ method: 'GET', url: `/_api/job/${id}` })).statusCode, 404);
  });
});

describe('PUT /_api/job/<id>?waitTime= whose client leaves', () => {
  // the job runner is not started here: the job stays QUEUED, so only the client can end the wait
  const suite = ownAppPerSuite({ listen: true });

  it('ends the wait at once with 410/21 and fetches nothing', async () => {
    const { own, url } = suite;
    const rec = await own.services.jobs.submit({ type: 'http', name: 'GET /_api/version', db: '_system', user: 'root', discard: false, input: { method: 'GET', url: '/_api/version', headers: {}, body: null } });
    const { reply, after } = await leaveAfter(own, `${url}/_api/job/${rec.id}?waitTime=10`, { method: 'PUT' }, 200);
    assert.equal(reply.status, 410);
    assert.equal((reply.body as { errorNum: number }).errorNum, 21);
    assert.ok(after < 1000, `answered ${after} ms after the client left`);
    assert.equal(own.services.jobs.store.get(rec.id)?.status, 'QUEUED');
  });
});
