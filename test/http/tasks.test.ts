// HugeGraph's task API over HTTP (seed 004, hugegraph-tasks.md section 3): list with its
// filters, paging and messages, get, delete (force), cancel, POST .../jobs/aql, the
// legacy /graphs/<db>/tasks form, the HugeGraph error body, and both faces showing the
// same jobs. A ManualClock pins task_create/task_update, so whole bodies are asserted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { startServer, type InjectOpts, type TestServer } from '../helpers/server.js';

const T0 = 1_700_000_000_000;
const hgErr = (exception: string, message: string) => ({ exception: `class ${exception}`, message, cause: '' });
const ARG = 'java.lang.IllegalArgumentException';
const NOT_FOUND = 'org.apache.hugegraph.exception.NotFoundException';
/** Jersey's 404 for a parameter Long.valueOf refuses (hugegraph-tasks-suite.test.ts has more). */
const paramErr = (kind: 'Path' | 'Query', raw: string) => ({
  exception: `class org.glassfish.jersey.server.ParamException$${kind}ParamException`,
  message: 'HTTP 404 Not Found',
  cause: `java.lang.NumberFormatException: For input string: "${raw}"`,
});
const storeErr = (inner: string) => ({
  exception: 'class org.apache.hugegraph.HugeException',
  message: `Failed to update/query TaskStore: java.util.concurrent.ExecutionException: ${inner}`,
  cause: `java.util.concurrent.ExecutionException: ${inner}`,
});

describe('HugeGraph task API', () => {
  let s: TestServer;
  const clock = new ManualClock(T0);
  before(async () => {
    s = await startServer([], { clock });
    for (const name of ['hugegraph', 'shop']) assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name } })).statusCode, 201);
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, o: Partial<InjectOpts> = {}) {
    const res = await s.request({ method, url, ...o });
    return { status: res.statusCode, body: res.body === '' ? undefined : JSON.parse(res.body) };
  }

  const G = '/graphspaces/DEFAULT/graphs/hugegraph';

  /** Creates an aql task in `base`'s graph and waits for it to end. */
  async function aqlTask(query: string, bindVars?: Record<string, unknown>, base = G): Promise<number> {
    const r = await call('POST', `${base}/jobs/aql`, { body: bindVars ? { query, bindVars } : { query } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body), ['task_id']);
    return r.body.task_id;
  }

  const waitFor = (id: number, base = G) => call('GET', `${base}/tasks/${id}?waitTime=10`);

  const aqlJson = (id: number, query: string, bindVars: unknown, status: string, progress: number, result?: string) => ({
    id,
    task_type: 'aql',
    task_name: query.split('\n')[0],
    task_status: status,
    task_progress: progress,
    task_create: T0,
    task_update: T0,
    task_retries: 0,
    task_callable: 'org.cairn.jobs.AqlJob',
    task_input: JSON.stringify({ query, bindVars }),
    ...(result !== undefined ? { task_result: result } : {}),
  });

  describe('the seed examples (004)', () => {
    let id: number;
    before(async () => {
      id = await aqlTask('FOR v IN [] RETURN v');
      assert.equal((await waitFor(id)).body.task_status, 'success');
    });

    it('lists the tasks with status SUCCESS', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks?status=SUCCESS`), { status: 200, body: { tasks: [aqlJson(id, 'FOR v IN [] RETURN v', {}, 'success', 0, '[]')] } });
    });

    it('shows one task', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks/${id}`), { status: 200, body: aqlJson(id, 'FOR v IN [] RETURN v', {}, 'success', 0, '[]') });
    });

    it('deletes a task with force=true: 204, then 404', async () => {
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}?force=true`), { status: 204, body: undefined });
      assert.deepEqual(await call('GET', `${G}/tasks/${id}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${id}'`) });
    });

    it('cancels a running task: 202 {"cancelled": true}, then cancelled', async () => {
      const t = await aqlTask('RETURN SLEEP(30)');
      for (let i = 0; i < 200 && s.server.services.jobs.store.get(t)?.status !== 'RUNNING'; i++) await new Promise((res) => setTimeout(res, 5));
      assert.deepEqual(await call('PUT', `${G}/tasks/${t}?action=cancel`, { body: {} }), { status: 202, body: { cancelled: true } });
      const done = await waitFor(t);
      assert.equal(done.body.task_status, 'cancelled');
      assert.deepEqual(await call('PUT', `${G}/tasks/${t}?action=cancel`), { status: 400, body: hgErr('jakarta.ws.rs.BadRequestException', `Can't cancel task '${t}' which is completed or cancelling`) });
    });

    it('answers 404 for the seed graph space gs1: graph space DEFAULT is the server', async () => {
      assert.deepEqual(await call('GET', '/graphspaces/gs1/graphs/huegraph/tasks?status=SUCCESS'), { status: 404, body: hgErr(NOT_FOUND, "Graph 'huegraph' does not exist") });
      assert.deepEqual(await call('GET', '/graphspaces/gs1/graphs/hugegraph/tasks'), { status: 404, body: hgErr(NOT_FOUND, "Graph 'hugegraph' does not exist") });
      assert.deepEqual(await call('GET', '/graphs/nosuch/tasks'), { status: 404, body: hgErr(NOT_FOUND, "Graph 'nosuch' does not exist") });
    });
  });

  describe('aql tasks', () => {
    it('runs the query with bind variables: task_result is the JSON of the rows, task_progress counts them', async () => {
      const q = 'FOR i IN 1..@n RETURN i * 2';
      const id = await aqlTask(q, { n: 4 });
      assert.deepEqual(await waitFor(id), { status: 200, body: aqlJson(id, q, { n: 4 }, 'success', 4, '[2,4,6,8]') });
      assert.deepEqual(await call('GET', `${G}/tasks/${id}?with_result=false`), { status: 200, body: aqlJson(id, q, { n: 4 }, 'success', 4) });
      // a boolean as JAX-RS converts it: only `true` (any case) is true
      assert.deepEqual(await call('GET', `${G}/tasks/${id}?with_result=abc`), { status: 200, body: aqlJson(id, q, { n: 4 }, 'success', 4) });
      assert.deepEqual(await call('GET', `${G}/tasks/${id}?with_result=TRUE`), { status: 200, body: aqlJson(id, q, { n: 4 }, 'success', 4, '[2,4,6,8]') });
    });

    it('answers through the ArangoDB face what POST /_api/cursor would, in one batch', async () => {
      const id = await aqlTask('FOR i IN 1..3 RETURN i');
      await waitFor(id);
      const res = await s.request({ method: 'PUT', url: `/_api/job/${id}` });
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers['x-arango-async-id'], String(id));
      const b = JSON.parse(res.body);
      assert.deepEqual(Object.keys(b), ['result', 'hasMore', 'cached', 'extra', 'error', 'code']);
      assert.deepEqual([b.result, b.hasMore, b.cached, b.error, b.code, b.extra.warnings, b.extra.stats.scannedFull], [[1, 2, 3], false, false, false, 201, [], 0]);
    });

    it('fails a task whose query is wrong, with the error as task_result', async () => {
      const id = await aqlTask('FOR i IN');
      const t = await waitFor(id);
      assert.equal(t.body.task_status, 'failed');
      assert.match(t.body.task_result, /^AQL: syntax error, unexpected end of query string near 'IN' at position 1:7 \(while parsing\)$/);
    });

    const bad: { id: string; body?: string; message: string }[] = [
      { id: 'empty body', body: '', message: "The request body can't be empty" },
      { id: 'bad json', body: '{', message: "Can't read json" },
      { id: 'no query', body: '{"bindVars":{}}', message: "The query parameter can't be null or empty" },
      { id: 'empty query', body: '{"query":"  "}', message: "The query parameter can't be null or empty" },
      { id: 'bindVars array', body: '{"query":"RETURN 1","bindVars":[1]}', message: "Invalid bindVars value '[1]'" },
    ];
    for (const c of bad) {
      it(`refuses a job request with ${c.id}: 400`, async () => {
        assert.deepEqual(await call('POST', `${G}/jobs/aql`, { rawBody: c.body }), { status: 400, body: hgErr(ARG, c.message) });
      });
    }
  });

  describe('list', () => {
    let ids: number[];
    before(async () => {
      await call('DELETE', `${G}/tasks`);
      ids = [];
      for (let i = 1; i <= 5; i++) ids.push(await aqlTask(`RETURN ${i}`, undefined, '/graphs/shop'));
      const failing = await aqlTask('RETURN 1 / 0 + FAIL("x")', undefined, '/graphs/shop');
      for (const id of [...ids, failing]) await waitFor(id, '/graphs/shop');
    });
    const S = '/graphspaces/DEFAULT/graphs/shop';
    const listed = async (q: string) => {
      const r = await call('GET', `${S}/tasks${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };

    it('lists in id order, default limit 100, status in any case and repeated, type filter', async () => {
      assert.deepEqual((await listed('')).tasks.map((t: any) => t.id), [...ids, ids[4]! + 1]);
      assert.deepEqual((await listed('?status=success')).tasks.map((t: any) => t.id), ids);
      assert.deepEqual((await listed('?status=Failed')).tasks.map((t: any) => t.id), [ids[4]! + 1]);
      assert.deepEqual((await listed('?status=failed&status=SUCCESS')).tasks.length, 6);
      assert.deepEqual((await listed('?type=aql&limit=2')).tasks.map((t: any) => t.id), ids.slice(0, 2));
      assert.deepEqual((await listed('?type=http')).tasks, []);
      assert.deepEqual((await listed('?limit=-1')).tasks.length, 6);
      assert.deepEqual((await listed('?limit=0')).tasks, []);
    });

    it('is the same list under the legacy /graphs/<db>/tasks', async () => {
      assert.deepEqual(await call('GET', '/graphs/shop/tasks?limit=3'), await call('GET', `${S}/tasks?limit=3`));
    });

    it('pages with page tokens: page= is the first page, null after the last', async () => {
      const p1 = await listed('?page=&limit=4');
      assert.deepEqual(Object.keys(p1), ['tasks', 'page']);
      assert.deepEqual(p1.tasks.map((t: any) => t.id), ids.slice(0, 4));
      const p2 = await listed(`?page=${encodeURIComponent(p1.page)}&limit=4`);
      assert.deepEqual(p2.tasks.map((t: any) => t.id), [ids[4], ids[4]! + 1]);
      assert.equal(p2.page, null);
    });

    it('fetches by repeated ids, leaving out missing ones', async () => {
      assert.deepEqual((await listed(`?ids=${ids[1]}&ids=${ids[3]}&ids=999999`)).tasks.map((t: any) => t.id), [ids[1], ids[3]]);
    });

    const bad: { id: string; q: string; status: number; body: unknown }[] = [
      {
        id: 'bad status',
        q: '?status=done',
        status: 400,
        body: hgErr(ARG, "Status value must be in [UNKNOWN, NEW, SCHEDULING, SCHEDULED, QUEUED, PENDING, RESTORING, RUNNING, SUCCESS, CANCELLING, CANCELLED, FAILED], but got 'done'"),
      },
      { id: 'ids with status', q: '?ids=1&status=success', status: 400, body: hgErr(ARG, "Not support status when query task by ids, but got status='success'") },
      // with ids a status is refused before its value is checked, and every parameter is converted first
      { id: 'ids with a bad status', q: '?ids=1&status=bogus', status: 400, body: hgErr(ARG, "Not support status when query task by ids, but got status='bogus'") },
      { id: 'ids with a limit that is not a number', q: '?ids=1&limit=abc', status: 404, body: paramErr('Query', 'abc') },
      { id: 'ids not a number, with a status', q: '?ids=x&status=success', status: 404, body: paramErr('Query', 'x') },
      { id: 'ids with page', q: '?ids=1&page=', status: 400, body: hgErr(ARG, "Not support page when query task by ids, but got page=''") },
      { id: 'ids not a number', q: '?ids=x', status: 404, body: paramErr('Query', 'x') },
      { id: 'limit not a number', q: '?limit=x', status: 404, body: paramErr('Query', 'x') },
      { id: 'negative limit', q: '?limit=-5', status: 400, body: storeErr('java.lang.IllegalArgumentException: Invalid limit -5') },
      { id: 'bad page', q: '?page=zzz', status: 400, body: storeErr("org.apache.hugegraph.HugeException: Invalid page: '0xcf3c'") },
    ];
    for (const c of bad) {
      it(`answers ${c.id} with ${c.status}`, async () => {
        assert.deepEqual(await call('GET', `${S}/tasks${c.q}`), { status: c.status, body: c.body });
      });
    }

    it('deletes finished tasks in bulk by status and age (extension)', async () => {
      assert.deepEqual(await call('DELETE', `${S}/tasks?status=running`), { status: 400, body: hgErr(ARG, "Can't delete incomplete tasks in status RUNNING, Please try to cancel the tasks first") });
      assert.deepEqual(await call('DELETE', `${S}/tasks?status=success&before=${T0}`), { status: 200, body: { deleted: 0 } });
      assert.deepEqual(await call('DELETE', `${S}/tasks?status=failed&before=${T0 + 1}`), { status: 200, body: { deleted: 1 } });
      assert.deepEqual((await listed('')).tasks.map((t: any) => t.task_status), ['success', 'success', 'success', 'success', 'success']);
      assert.deepEqual(await call('DELETE', `${S}/tasks`), { status: 200, body: { deleted: 5 } });
    });
  });

  describe('one task: get, delete, cancel', () => {
    it('answers 404 for an unknown id, another database\'s task, and a non-numeric id', async () => {
      const id = await aqlTask('RETURN 1', undefined, '/graphs/shop');
      assert.deepEqual(await call('GET', `${G}/tasks/${id}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${id}'`) });
      assert.deepEqual(await call('GET', `${G}/tasks/999999`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '999999'") });
      assert.deepEqual(await call('GET', `${G}/tasks/abc`), { status: 404, body: paramErr('Path', 'abc') });
      assert.deepEqual(await call('DELETE', `${G}/tasks/999999`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '999999'") });
    });

    it('checks the action before the task: 415 for anything but cancel', async () => {
      assert.deepEqual(await call('PUT', `${G}/tasks/999999`), { status: 415, body: hgErr('jakarta.ws.rs.NotSupportedException', "Not support action 'null'") });
      assert.deepEqual(await call('PUT', `${G}/tasks/999999?action=stop`), { status: 415, body: hgErr('jakarta.ws.rs.NotSupportedException', "Not support action 'stop'") });
      assert.deepEqual(await call('PUT', `${G}/tasks/999999?action=cancel`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '999999'") });
    });

    it('refuses to delete an unfinished task without force; force cancels it and it never comes back', async () => {
      const id = await aqlTask('RETURN SLEEP(30)');
      for (let i = 0; i < 200 && s.server.services.jobs.store.get(id)?.status !== 'RUNNING'; i++) await new Promise((res) => setTimeout(res, 5));
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}`), {
        status: 400,
        body: hgErr(ARG, `Can't delete incomplete task '${id}' in status RUNNING, Please try to cancel the task first`),
      });
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}?force=true`), { status: 204, body: undefined });
      for (let i = 0; i < 200 && s.server.services.jobs.runner.running > 0; i++) await new Promise((res) => setTimeout(res, 5));
      assert.equal(s.server.services.jobs.runner.running, 0, 'the query was stopped');
      assert.equal(s.server.services.jobs.store.get(id), undefined, 'the record did not come back');
    });

    it('shows a job created with x-arango-async: store as an http task of its database', async () => {
      const res = await s.request({ method: 'POST', url: '/_db/shop/_api/cursor', body: { query: 'RETURN 7' }, headers: { 'x-arango-async': 'store' } });
      assert.equal(res.statusCode, 202);
      const id = Number(res.headers['x-arango-async-id']);
      const t = await waitFor(id, '/graphs/shop');
      const b = t.body;
      const result = JSON.parse(b.task_result);
      assert.deepEqual(result.result, [7]);
      assert.deepEqual(
        { ...b, task_result: undefined },
        {
          id,
          task_type: 'http',
          task_name: 'POST /_api/cursor',
          task_status: 'success',
          task_progress: 1, // the rows the replayed query produced
          task_create: T0,
          task_update: T0,
          task_retries: 0,
          task_callable: 'org.cairn.jobs.HttpJob',
          task_input: JSON.stringify({ method: 'POST', url: '/_db/shop/_api/cursor', body: '{"query":"RETURN 7"}' }),
          task_result: undefined,
        },
      );
      assert.deepEqual(await call('GET', `${G}/tasks/${id}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${id}'`) });
      assert.deepEqual(await call('DELETE', `/graphs/shop/tasks/${id}`), { status: 204, body: undefined });
      assert.equal((await s.request({ method: 'GET', url: `/_api/job/${id}` })).statusCode, 404, 'gone from both faces');
    });
  });

  it('answers a method a task resource lacks with 405 in HugeGraph\'s body and the allowed methods, HEAD like GET', async () => {
    const cases: [string, string, string][] = [
      ['POST', `${G}/tasks`, 'DELETE,GET,HEAD,OPTIONS'],
      ['PATCH', `${G}/tasks/1`, 'DELETE,GET,HEAD,OPTIONS,PUT'],
      ['GET', '/graphs/hugegraph/jobs/aql', 'OPTIONS,POST'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await s.request({ method, url });
      assert.equal(res.statusCode, 405, `${method} ${url}`);
      assert.equal(res.headers.allow, allow);
      assert.deepEqual(JSON.parse(res.body), { exception: 'class jakarta.ws.rs.NotAllowedException', message: 'HTTP 405 Method Not Allowed', cause: '' });
    }
    const head = await s.request({ method: 'HEAD', url: `${G}/tasks` });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
  });
});
