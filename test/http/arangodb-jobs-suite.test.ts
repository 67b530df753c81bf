// ArangoDB's own tests of the async job API, replayed against Cairn as the HTTP requests
// they send: tests/js/client/shell/api/async.js and multi/async-sjs.js (3.x jsunity),
// UnitTests/HttpInterface/api-async-spec.rb (2.x rspec), tests/api/apitests/jobs.mjs with
// the status matrix ArangoDB 3.12.10 answered it with (tests/api/3.12.10-single.output),
// python-arango's and python-arango-async's tests/test_async.py, and arangojs's
// src/test/37-async-jobs.ts. Each case names the upstream test it comes from. Where an
// upstream test polls, the case waits with Cairn's ?waitTime= instead; nothing is timed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { startServer, tempDir, type InjectOpts, type TestServer } from '../helpers/server.js';
import { rmSync } from 'node:fs';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const NOT_FOUND = err(404, 404, 'not found');
const UNAUTHORIZED = err(401, 11, 'not authorized to execute this request');
const CANCELED = err(410, 21, 'canceled request');
const VERSION = { server: 'arango', version: '3.12.0', license: 'community' };
const basic = (user: string, password = user) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const cancelMissing = (id: number | string) => err(404, 404, `could not find job (${id}) in AsyncJobManager during cancel operation`);

interface Seen {
  status: number;
  type: string | undefined;
  id: string | undefined;
  body: unknown;
}

/** Status, content type, x-arango-async-id and the body (parsed when it is JSON). */
function seen(r: LightMyRequestResponse): Seen {
  const type = r.headers['content-type'] as string | undefined;
  const body = type?.startsWith('application/json') && r.body !== '' ? JSON.parse(r.body) : r.body;
  return { status: r.statusCode, type, id: r.headers['x-arango-async-id'] as string | undefined, body };
}

function harness(flags: string[] = []) {
  const h = {
    s: undefined as unknown as TestServer,
    async call(method: string, url: string, o: Partial<InjectOpts> = {}): Promise<Seen> {
      return seen(await h.s.request({ method, url, ...o }));
    },
    /** Sends with x-arango-async: `mode`; asserts the 202 with an empty body and returns the id header. */
    async submit(mode: 'store' | 'true', method: string, url: string, o: Partial<InjectOpts> = {}): Promise<string | undefined> {
      const r = await h.call(method, url, { ...o, headers: { ...o.headers, 'x-arango-async': mode } });
      assert.deepEqual({ status: r.status, type: r.type, body: r.body }, { status: 202, type: TEXT, body: '' });
      if (mode === 'store') assert.match(r.id ?? '', /^\d+$/);
      else assert.equal(r.id, undefined);
      return r.id;
    },
    async store(method: string, url: string, o: Partial<InjectOpts> = {}): Promise<string> {
      return (await h.submit('store', method, url, o))!;
    },
    /** Waits (GET ?waitTime=) until job `id` is done; asserts that it is. */
    async done(id: string, auth?: string): Promise<void> {
      assert.deepEqual(await h.call('GET', `/_api/job/${id}?waitTime=30`, { auth }), { status: 200, type: TEXT, id: undefined, body: '' });
    },
    /** Fetches job `id` once it is done (PUT ?waitTime=). */
    async fetch(id: string, auth?: string): Promise<Seen> {
      return h.call('PUT', `/_api/job/${id}?waitTime=30`, { auth });
    },
    /** Cancels job `id`, waits for it and removes it (cleanup of a long job). */
    async stop(id: string): Promise<void> {
      await h.call('PUT', `/_api/job/${id}/cancel`);
      await h.call('DELETE', `/_api/job/${id}`);
    },
    async list(type: 'done' | 'pending', auth?: string): Promise<string[]> {
      const r = await h.call('GET', `/_api/job/${type}`, { auth });
      assert.equal(r.status, 200);
      return r.body as string[];
    },
  };
  before(async () => {
    h.s = await startServer(flags);
  });
  after(async () => {
    await h.s.close();
  });
  return h;
}

describe('tests/js/client/shell/api/async.js and multi/async-sjs.js (jsunity, 3.x)', () => {
  const h = harness();

  it('test_checks_whether_asyncEQfalse_returns_status_202: false is an ordinary request', async () => {
    assert.deepEqual(await h.call('GET', '/_api/version', { headers: { 'x-arango-async': 'false' } }), { status: 200, type: JSON_TYPE, id: undefined, body: VERSION });
  });

  it('test_checks_whether_asyncEQ1_returns_status_200: 1 is an ordinary request', async () => {
    assert.deepEqual(await h.call('GET', '/_api/version', { headers: { 'x-arango-async': '1' } }), { status: 200, type: JSON_TYPE, id: undefined, body: VERSION });
  });

  it('test_checks_whether_asyncEQtrue_returns_status_202: true answers 202 without an id', async () => {
    await h.submit('true', 'GET', '/_api/version');
  });

  it('test_checks_whether_HEAD_returns_status_202', async () => {
    await h.submit('true', 'HEAD', '/_api/version');
  });

  it('test_checks_whether_POST_returns_status_202: POST /_api/version and a POST /_api/cursor', async () => {
    await h.submit('true', 'POST', '/_api/version', { rawBody: '' });
    await h.submit('true', 'POST', '/_api/cursor', { rawBody: '{"query": "RETURN 1"}' });
  });

  it('test_checks_whether_an_invalid_location_returns_status_202 (3.12; devel answers 404 since routing moved before queueing)', async () => {
    await h.submit('true', 'GET', '/_api/not-existing');
  });

  it('test_checks_whether_a_failing_action_returns_status_202: /_admin/execute fail(); and /_api/notacursor', async () => {
    await h.submit('true', 'POST', '/_admin/execute', { rawBody: 'fail();' });
    await h.submit('true', 'POST', '/_api/notacursor', { rawBody: '{"query": "this is not a love song"}' });
  });

  it('test_checks_the_responses_when_the_queue_fills_up: 500 fire-and-forget requests, each 202, none listed', async () => {
    for (let i = 1; i < 500; i++) await h.submit('true', 'GET', '/_api/version');
    assert.deepEqual(await h.list('pending'), []);
    assert.deepEqual(await h.list('done'), []);
  });

  it('test_checks_whether_setting_x_arango_async_to_store_returns_a_job_id', async () => {
    const id = await h.store('GET', '/_api/version');
    await h.call('DELETE', `/_api/job/${id}`);
  });

  it('test_checks_whether_job_api_returns_200_for_ready_job: status twice, fetch once, then 404', async () => {
    const id = await h.store('GET', '/_api/version');
    await h.done(id);
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 200, type: TEXT, id: undefined, body: '' }, 'should be able to query the status again');
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id, body: VERSION });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
  });

  it('test_checks_whether_job_api_returns_204_for_non_ready_job: a cursor job that sleeps', async () => {
    const id = await h.store('POST', '/_api/cursor', { rawBody: '{"query": "FOR i IN 1..10 LET x = sleep(10.0) FILTER i == 5 RETURN 42"}' });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    await h.stop(id);
  });

  it('test_checks_whether_job_api_returns_404_for_non_existing_job: /_api/job/123<id>123', async () => {
    const id = await h.store('GET', '/_api/version');
    assert.deepEqual(await h.call('GET', `/_api/job/123${id}123`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    await h.call('DELETE', `/_api/job/${id}`);
  });

  it('test_checks_whether_job_api_returns_non_ready_job_in_pending_and_done_lists: lists are arrays of ids', async () => {
    const id = await h.store('POST', '/_api/cursor', { rawBody: '{"query": "FOR i IN 1..10 LET x = sleep(10.0) FILTER i == 5 RETURN 42"}' });
    assert.deepEqual(await h.list('pending'), [id]);
    assert.deepEqual(await h.list('done'), []);
    await h.stop(id);
  });

  const cancelCases = [
    { id: 'cancel_an_AQL_query_1', query: 'for x in 1..1000 let a = sleep(0.5) filter x == 1 return x' },
    { id: 'cancel_an_AQL_query_2', query: 'for x in 1..10000 for y in 1..10000 let a = sleep(0.01) filter x == 1 && y == 1 return x' },
  ];
  for (const c of cancelCases) {
    it(`test_checks_whether_we_can_${c.id}: 204 while it runs, 200 on cancel, then 410 canceled request`, async () => {
      const id = await h.store('POST', '/_api/cursor', { body: { query: c.query } });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
      assert.deepEqual(await h.fetch(id), { status: 410, type: JSON_TYPE, id, body: CANCELED });
    });
  }

  it('test_checks_whether_we_can_cancel_a_transaction: a JavaScript transaction in an endless loop of waits', async () => {
    const action = 'function() {var i = 0; while (i < 90000000000) {i++; require("internal").wait(0.1); } return i;}';
    const id = await h.store('POST', '/_api/transaction', { body: { collections: { write: '_graphs' }, action } });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.fetch(id), { status: 410, type: JSON_TYPE, id, body: CANCELED });
  });
});

describe('UnitTests/HttpInterface/api-async-spec.rb (rspec, 2.x)', () => {
  const h = harness();

  it('checks whether job api returns 204 for non-ready job: /_admin/sleep?duration=5', async () => {
    const id = await h.store('GET', '/_admin/sleep?duration=5');
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    await h.stop(id);
  });

  it('checks whether job api returns done job in pending and done list: a sleeping job is pending, not done', async () => {
    const id = await h.store('GET', '/_admin/sleep?duration=5');
    assert.ok((await h.list('pending')).includes(id));
    assert.ok(!(await h.list('done')).includes(id));
    await h.stop(id);
  });

  it('checks whether we can cancel an AQL query: a query without a sleep (10^8 rows) stops too (3.x answers 410 where 2.x said 408)', async () => {
    const id = await h.store('POST', '/_api/cursor', { rawBody: '{"query": "for x in 1..10000 for y in 1..10000 filter x == 1 && y == 1 return x"}' });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.fetch(id), { status: 410, type: JSON_TYPE, id, body: CANCELED });
  });
});

describe('tests/api/apitests/jobs.mjs as ArangoDB 3.12.10 answered it (3.12.10-single.output)', () => {
  const h = harness();
  // AU: no grant on _system, AN: none, AR: ro, AW: rw (the runner's admin users); DU: rw on d only
  before(async () => {
    assert.equal((await h.call('POST', '/_api/database', { body: { name: 'd' } })).status, 201);
    for (const user of ['AU', 'AN', 'AR', 'AW', 'DU']) assert.equal((await h.call('POST', '/_api/user', { body: { user, passwd: user } })).status, 201);
    const grants: [string, string, string][] = [
      ['AN', '_system', 'none'],
      ['AR', '_system', 'ro'],
      ['AW', '_system', 'rw'],
      ['DU', 'd', 'rw'],
    ];
    for (const [user, db, grant] of grants) assert.equal((await h.call('PUT', `/_api/user/${user}/database/${db}`, { body: { grant } })).status, 200);
  });

  /** The nine requests of jobs.mjs against job `id`, as [name, method, url]. */
  const requests = (id: string): [string, string, string][] => [
    ['list done', 'GET', '/_api/job/done'],
    ['list pending', 'GET', '/_api/job/pending'],
    ['status', 'GET', `/_api/job/${id}`],
    ['fetch', 'PUT', `/_api/job/${id}`],
    ['cancel', 'PUT', `/_api/job/${id}/cancel`],
    ['delete all', 'DELETE', '/_api/job/all'],
    ['delete expired', 'DELETE', '/_api/job/expired?stamp=0'],
    ['delete one', 'DELETE', `/_api/job/${id}`],
    ['admin mount point', 'GET', '/_admin/job/done'],
  ];

  for (const [column, auth] of [
    ['_sys undef', basic('AU')],
    ['_sys none', basic('AN')],
    ['no auth', null],
  ] as const) {
    it(`${column}: 401 on every job route, before the handler runs`, async () => {
      const id = await h.store('GET', '/_api/version', { auth: basic('AW') });
      for (const [name, method, url] of requests(id)) {
        assert.deepEqual(await h.call(method, url, { auth }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED }, name);
      }
      assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`, { auth: basic('AW') }), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    });
  }

  for (const user of ['AR', 'AW']) {
    it(`_sys ${user === 'AR' ? 'ro' : 'rw'} (${user}): someone else's job is not found (404), lists are empty, bulk deletes answer 200`, async () => {
      const other = user === 'AR' ? 'AW' : 'AR';
      const id = await h.store('GET', '/_api/version', { auth: basic(other) });
      await h.done(id, basic(other));
      const expected: Record<string, Seen> = {
        'list done': { status: 200, type: JSON_TYPE, id: undefined, body: [] },
        'list pending': { status: 200, type: JSON_TYPE, id: undefined, body: [] },
        status: { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND },
        fetch: { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND },
        cancel: { status: 404, type: JSON_TYPE, id: undefined, body: cancelMissing(id) },
        'delete all': { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } },
        'delete expired': { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } },
        'delete one': { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND },
        'admin mount point': { status: 200, type: JSON_TYPE, id: undefined, body: [] },
      };
      for (const [name, method, url] of requests(id)) assert.deepEqual(await h.call(method, url, { auth: basic(user) }), expected[name], name);
      // the owner still has it, untouched by the other user's deletes
      assert.deepEqual(await h.call('PUT', `/_api/job/${id}`, { auth: basic(other) }), { status: 200, type: JSON_TYPE, id, body: VERSION });
    });
  }

  it("the job's own user (superuser column): 200 on status, fetch, cancel and delete", async () => {
    const auth = basic('AW');
    const job = async () => {
      const id = await h.store('GET', '/_api/version', { auth });
      await h.done(id, auth);
      return id;
    };
    let id = await job();
    assert.deepEqual(await h.call('GET', '/_api/job/done', { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: [id] });
    assert.deepEqual(await h.call('GET', '/_admin/job/done', { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: [id] });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`, { auth }), { status: 200, type: TEXT, id: undefined, body: '' });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`, { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`, { auth }), { status: 200, type: JSON_TYPE, id, body: VERSION });
    id = await job();
    assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`, { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`, { auth }), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
  });

  // AsyncJobManager's authorized(): exec.isSuperuser() || exec.user() == job owner, and
  // ExecContext::isSuperuser() holds only for internal contexts (a JWT signed with the
  // server secret, or --server.authentication false), never for a user logged in with a
  // password, root included: root sees its own jobs only.
  it("root with a password is not a superuser: another user's job is not found, and root's bulk deletes leave it", async () => {
    const auth = basic('AW');
    const id = await h.store('GET', '/_api/version', { auth });
    await h.done(id, auth);
    const mine = await h.store('GET', '/_api/version');
    await h.done(mine);
    assert.deepEqual(await h.call('GET', '/_api/job/done'), { status: 200, type: JSON_TYPE, id: undefined, body: [mine] });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 404, type: JSON_TYPE, id: undefined, body: cancelMissing(id) });
    assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('DELETE', '/_api/job/all'), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.call('GET', `/_api/job/${mine}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND }, "root's own job is gone");
    assert.deepEqual(await h.call('GET', '/_api/job/done', { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: [id] }, "AW's job is not");
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`, { auth }), { status: 200, type: JSON_TYPE, id, body: VERSION });
  });

  it('a user of database d only: a job sent to /_db/d is managed through /_db/d/_api/job; /_api/job (_system) is 401', async () => {
    const auth = basic('DU');
    const id = await h.store('POST', '/_db/d/_api/collection', { auth, body: { name: 'c' } });
    assert.deepEqual(await h.call('GET', `/_db/d/_api/job/${id}?waitTime=30`, { auth }), { status: 200, type: TEXT, id: undefined, body: '' });
    assert.deepEqual(await h.call('GET', '/_db/d/_api/job/done', { auth }), { status: 200, type: JSON_TYPE, id: undefined, body: [id] });
    assert.deepEqual(await h.call('GET', '/_api/job/done', { auth }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
    const r = await h.call('PUT', `/_db/d/_admin/job/${id}`, { auth });
    assert.deepEqual([r.status, r.id, (r.body as { name: string }).name], [200, id, 'c']);
    assert.deepEqual(await h.call('GET', '/_db/d/_api/version', { auth: basic('AU'), headers: { 'x-arango-async': 'store' } }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED }, 'nothing is queued for a database the user may not use');
  });
});

describe("python-arango's tests/test_async.py", () => {
  // one job at a time, oldest first: a job queued after others ends after them
  const h = harness(['--jobs-concurrency', '1']);
  const bad = basic('root', 'incorrect');
  before(async () => {
    assert.equal((await h.call('POST', '/_api/collection', { body: { name: 'col' } })).status, 200);
  });

  it('test_async_execute_error: a request with a wrong password is refused with 401 and not queued', async () => {
    const r = await h.call('POST', '/_api/document/col', { auth: bad, headers: { 'x-arango-async': 'store' }, body: { _key: '1', val: 1 } });
    assert.deepEqual(r, { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
    assert.deepEqual(await h.list('pending'), []);
    assert.deepEqual(await h.list('done'), []);
  });

  it('test_async_inserts_without_result: fire-and-forget inserts happen and leave no job', async () => {
    for (const k of ['1', '2', '3']) await h.submit('true', 'POST', '/_api/document/col', { body: { _key: k, val: Number(k) } });
    // a stored job queued after them ends after them (--jobs-concurrency 1)
    await h.done(await h.store('GET', '/_api/version'));
    await h.call('DELETE', '/_api/job/all');
    const count = await h.call('GET', '/_api/collection/col/count');
    assert.equal((count.body as { count: number }).count, 3);
    await h.call('PUT', '/_api/collection/col/truncate');
  });

  it('test_async_get_status / test_async_inserts_with_result: status and result need credentials; a missing job is 404', async () => {
    const id = await h.store('POST', '/_api/document/col', { body: [{ _key: 'a' }, { _key: 'b' }] });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`, { auth: bad }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`, { auth: bad }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
    await h.done(id);
    const r = await h.call('PUT', `/_api/job/${id}`);
    assert.deepEqual([r.status, r.id, (r.body as unknown[]).length], [202, id, 2]);
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND }, "'Job <id> missing'");
    assert.deepEqual(await h.call('PUT', '/_api/job/BADJOBID'), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    await h.call('PUT', '/_api/collection/col/truncate');
  });

  it('test_async_query: an invalid query is a stored 400/1501', async () => {
    const id = await h.store('POST', '/_api/cursor', { body: { query: 'THIS IS AN INVALID QUERY' } });
    const r = await h.fetch(id);
    assert.deepEqual([r.status, r.id, (r.body as { errorNum: number }).errorNum], [400, id, 1501]);
  });

  it('test_clear_async_job: delete by id, then 404 for each; a wrong password is 401', async () => {
    const ids = [await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version')];
    for (const id of ids) await h.done(id);
    for (const id of ids) assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    for (const id of ids) assert.deepEqual(await h.call('DELETE', `/_api/job/${id}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('DELETE', `/_api/job/${ids[0]}`, { auth: bad }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
  });

  it('test_clear_async_jobs: a stamp in the past keeps done jobs, one in the future deletes them; a wrong password is 401', async () => {
    const ids = [await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version')];
    for (const id of ids) await h.done(id);
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(await h.call('DELETE', `/_api/job/expired?stamp=${now - 1000000}`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual((await h.list('done')).sort(), [...ids].sort());
    assert.deepEqual(await h.call('DELETE', `/_api/job/expired?stamp=${now + 1000000}`), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.list('done'), []);
    assert.deepEqual(await h.call('DELETE', '/_api/job/all', { auth: bad }), { status: 401, type: JSON_TYPE, id: undefined, body: UNAUTHORIZED });
  });

  it('test_list_async_jobs: done and pending lists, a bad status is 400, count=1 gives one id', async () => {
    const ids = [await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version')];
    for (const id of ids) await h.done(id);
    assert.deepEqual((await h.list('done')).sort(), [...ids].sort());
    assert.deepEqual(await h.list('pending'), []);
    assert.deepEqual(await h.call('GET', '/_api/job/bad_status'), { status: 400, type: JSON_TYPE, id: undefined, body: err(400, 400, 'bad parameter') });
    const one = (await h.call('GET', '/_api/job/done?count=1')).body as string[];
    assert.equal(one.length, 1);
    assert.ok(ids.includes(one[0]!));
    await h.call('DELETE', '/_api/job/all');
  });
});

describe("python-arango-async's tests/test_async.py", () => {
  const h = harness();

  it('test_async_no_result: fire-and-forget queries are never pending nor done; a bad status is 400', async () => {
    await h.submit('true', 'POST', '/_api/cursor', { body: { query: 'RETURN SLEEP(5)' } });
    await h.submit('true', 'POST', '/_api/cursor', { body: { query: 'RETURN SLEEP(5)' } });
    assert.deepEqual(await h.list('pending'), []);
    assert.deepEqual(await h.list('done'), []);
    assert.deepEqual(await h.call('GET', '/_api/job/invalid-parameter'), { status: 400, type: JSON_TYPE, id: undefined, body: err(400, 400, 'bad parameter') });
  });

  it('test_async_result: a cleared job cannot be cancelled (404); a pending one cannot be fetched (204)', async () => {
    const id = await h.store('POST', '/_api/cursor', { body: { query: 'RETURN SLEEP(5)' } });
    assert.deepEqual(await h.call('GET', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    assert.deepEqual(await h.list('pending'), [id]);
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}`), { status: 204, type: undefined, id: undefined, body: '' });
    assert.deepEqual(await h.call('DELETE', '/_api/job/all'), { status: 200, type: JSON_TYPE, id: undefined, body: { result: true } });
    assert.deepEqual(await h.call('PUT', `/_api/job/${id}/cancel`), { status: 404, type: JSON_TYPE, id: undefined, body: cancelMissing(id) });
  });
});

describe("arangojs's src/test/37-async-jobs.ts", () => {
  const h = harness();

  it('propagates a failed async request through job.load: a query of a missing collection is a stored 404/1203', async () => {
    const id = await h.store('POST', '/_api/cursor', { body: { query: 'FOR i IN no RETURN i' } });
    const r = await h.fetch(id);
    assert.deepEqual([r.status, r.id, (r.body as { errorNum: number }).errorNum], [404, id, 1203]);
  });

  it('deleteExpiredJobResults: a fractional stamp (threshold / 1000) an hour ago keeps the result, a minute ahead deletes it', async () => {
    const id = await h.store('GET', '/_api/version');
    await h.done(id);
    await h.call('DELETE', `/_api/job/expired?stamp=${(Date.now() - 3600_000) / 1000}`);
    assert.deepEqual(await h.list('done'), [id]);
    await h.call('DELETE', `/_api/job/expired?stamp=${(Date.now() + 60_000) / 1000}`);
    assert.deepEqual(await h.list('done'), []);
  });
});

describe("RestJobHandler / AsyncJobManager (3.x): the count parameter's edges", () => {
  const h = harness();

  // byStatus() checks the limit after adding an id (`if (++n >= maxCount) break`), and
  // StringUtils::uint64 reads a count that is not a number as 0.
  const cases = [
    { id: 'count-0', count: '0', ids: 1 },
    { id: 'count-word', count: 'abc', ids: 1 },
    { id: 'count-negative', count: '-1', ids: 1 },
    { id: 'count-2', count: '2', ids: 2 },
    { id: 'count-leading-digits', count: '2x', ids: 2 },
    { id: 'count-large', count: '99', ids: 3 },
    { id: 'count-past-uint64', count: '99999999999999999999', ids: 1 },
  ];
  for (const c of cases) {
    it(`${c.id}: GET /_api/job/done?count=${c.count} lists ${c.ids} of 3 done jobs`, async () => {
      const ids = [await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version'), await h.store('GET', '/_api/version')];
      for (const id of ids) await h.done(id);
      try {
        assert.deepEqual(await h.call('GET', `/_api/job/done?count=${c.count}`), { status: 200, type: JSON_TYPE, id: undefined, body: ids.slice(0, c.ids) });
      } finally {
        await h.call('DELETE', '/_api/job/all');
      }
    });
  }
});

describe('RestJobHandler (3.x): a job id past the uint64 range reads as 0', () => {
  const h = harness();
  const big = '99999999999999999999';
  it('answers 404 for it on GET, PUT and DELETE, and names job 0 on cancel', async () => {
    assert.deepEqual(await h.call('GET', `/_api/job/${big}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('PUT', `/_api/job/${big}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('DELETE', `/_api/job/${big}`), { status: 404, type: JSON_TYPE, id: undefined, body: NOT_FOUND });
    assert.deepEqual(await h.call('PUT', `/_api/job/${big}/cancel`), { status: 404, type: JSON_TYPE, id: undefined, body: cancelMissing(0) });
  });
});

describe('with --auth false (an internal superuser context)', () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("sees every job, those created by users while authentication was on included", async () => {
    let s = await startServer([], { dir });
    let id: string;
    try {
      assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'AW', passwd: 'AW' } })).statusCode, 201);
      assert.equal((await s.request({ method: 'PUT', url: '/_api/user/AW/database/_system', body: { grant: 'rw' } })).statusCode, 200);
      const r = await s.request({ method: 'GET', url: '/_api/version', auth: basic('AW'), headers: { 'x-arango-async': 'store' } });
      id = r.headers['x-arango-async-id'] as string;
      assert.equal((await s.request({ method: 'GET', url: `/_api/job/${id}?waitTime=30`, auth: basic('AW') })).statusCode, 200);
    } finally {
      await s.close();
    }
    s = await startServer(['--auth', 'false'], { dir });
    try {
      assert.deepEqual(JSON.parse((await s.request({ method: 'GET', url: '/_api/job/done', auth: null })).body), [id]);
      const r = await s.request({ method: 'PUT', url: `/_api/job/${id}`, auth: null });
      assert.deepEqual([r.statusCode, r.headers['x-arango-async-id'], JSON.parse(r.body)], [200, id, VERSION]);
    } finally {
      await s.close();
    }
  });
});
