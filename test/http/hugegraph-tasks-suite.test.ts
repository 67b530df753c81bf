// HugeGraph's own tests and client usage of the task API, replayed against Cairn: the
// server's TaskApiTest and TaskCoreTest (apache/hugegraph hugegraph-server/hugegraph-test),
// the Java client's TaskApiTest, TaskAPI and Task (apache/hugegraph-toolchain
// hugegraph-client), and the behaviour of the server's TaskAPI resource as Jersey runs it
// (parameter conversion, defaults, first value wins, the error bodies of ExceptionFilter).
// Gremlin and rebuild jobs become `aql` tasks here; each case names where it comes from.
// Where DECISIONS.md deliberately differs (the cancel reply, list items with input and
// result, the seed's status list), the case asserts Cairn's choice and says so.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { startServer, type InjectOpts, type TestServer } from '../helpers/server.js';

const T0 = 1_700_000_000_000;
const G = '/graphspaces/DEFAULT/graphs/hugegraph';
/** The path the Java client uses (TaskAPI: graphs/%s/tasks). */
const CLIENT = '/graphs/hugegraph/tasks';

const hgErr = (exception: string, message: string, cause = '') => ({ exception: `class ${exception}`, message, cause });
const NOT_FOUND = 'org.apache.hugegraph.exception.NotFoundException';
const ARG = 'java.lang.IllegalArgumentException';
const HUGE = 'org.apache.hugegraph.HugeException';
/** Jersey's answer to a path or query parameter that Long.valueOf refuses. */
const paramErr = (kind: 'Path' | 'Query', raw: string) =>
  hgErr(`org.glassfish.jersey.server.ParamException$${kind}ParamException`, 'HTTP 404 Not Found', `java.lang.NumberFormatException: For input string: "${raw}"`);
/** StandardTaskScheduler.call(): a store query's failure, as the executor's Future hands it over. */
const storeErr = (inner: string) => {
  const cause = `java.util.concurrent.ExecutionException: ${inner}`;
  return hgErr(HUGE, `Failed to update/query TaskStore: ${cause}`, cause);
};

/** The keys the Java client's structure/Task.java knows; Jackson rejects any other. */
const CLIENT_TASK_KEYS = new Set([
  'id',
  'task_type',
  'task_name',
  'task_status',
  'task_callable',
  'task_create',
  'task_update',
  'task_progress',
  'task_retries',
  'task_input',
  'task_result',
  'task_description',
  'task_dependencies',
  'task_server',
  'task_priority',
]);

describe('HugeGraph task API: the upstream tests replayed', () => {
  let s: TestServer;
  const clock = new ManualClock(T0);
  before(async () => {
    s = await startServer([], { clock });
    assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name: 'hugegraph' } })).statusCode, 201);
  });
  // as the client suite's teardown: no task of one test is seen by the next, none runs on
  afterEach(async () => {
    for (const t of (await call('GET', `${G}/tasks?limit=-1`)).body.tasks) await call('DELETE', `${G}/tasks/${t.id}?force=true`);
    for (let i = 0; i < 400 && s.server.services.jobs.runner.running > 0; i++) await pause();
    assert.equal(s.server.services.jobs.runner.running, 0, 'a task is still running');
  });
  after(async () => {
    await s.close();
  });

  const pause = () => new Promise((res) => setTimeout(res, 5));

  async function call(method: string, url: string, o: Partial<InjectOpts> = {}) {
    const res = await s.request({ method, url, ...o });
    return { status: res.statusCode, body: res.body === '' ? undefined : JSON.parse(res.body) };
  }

  /** POST .../jobs/aql, as the upstream tests create a gremlin or rebuild job: its task_id. */
  async function job(query: string): Promise<number> {
    const r = await call('POST', `${G}/jobs/aql`, { body: { query } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body), ['task_id'], 'parseTaskId wants exactly one key');
    return r.body.task_id;
  }

  /** BaseApiTest.waitUntilTaskCompleted: the task once it is final. */
  async function completed(id: number) {
    const r = await call('GET', `${G}/tasks/${id}?waitTime=10`);
    assert.equal(r.status, 200);
    assert.ok(['success', 'failed', 'cancelled'].includes(r.body.task_status), JSON.stringify(r.body));
    return r.body;
  }

  /** A task that runs until it is cancelled, once it is RUNNING. */
  async function running(): Promise<number> {
    const id = await job('RETURN SLEEP(30)');
    for (let i = 0; i < 400 && s.server.services.jobs.store.get(id)?.status !== 'RUNNING'; i++) await pause();
    assert.equal(s.server.services.jobs.store.get(id)?.status, 'RUNNING');
    return id;
  }

  const ids = (body: { tasks: { id: number }[] }) => body.tasks.map((t) => t.id);

  /** Four finished tasks, as the client suite's four rebuild_index jobs. */
  async function four(): Promise<number[]> {
    const out: number[] = [];
    for (const q of ['RETURN 1', 'RETURN 2', 'RETURN 3', 'RETURN 4']) out.push(await job(q));
    for (const id of out) assert.equal((await completed(id)).task_status, 'success');
    return out;
  }

  describe('server TaskApiTest (hugegraph-test api/TaskApiTest.java)', () => {
    it('testList: lists with limit -1 under .../tasks/ (trailing slash), then no RUNNING task once it succeeded', async () => {
      const id = await job('RETURN 1');
      const r = await call('GET', `${G}/tasks/?limit=-1`);
      assert.equal(r.status, 200);
      assert.ok(ids(r.body).includes(id));
      await completed(id);
      assert.equal((await call('GET', `${G}/tasks/${id}`)).body.task_status, 'success');
      assert.deepEqual(await call('GET', `${G}/tasks?status=RUNNING`), { status: 200, body: { tasks: [] } });
    });

    it('testGet: a task is found by id before and after it ends', async () => {
      const id = await job('RETURN 1');
      const r = await call('GET', `${G}/tasks/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.id, id);
      assert.equal((await completed(id)).task_status, 'success');
    });

    it('testGetWithoutResult: with_result=false leaves task_result out, keeps task_callable', async () => {
      const id = await job('RETURN 1 + 2');
      await completed(id);
      const full = await call('GET', `${G}/tasks/${id}`);
      assert.equal(full.body.task_result, '[3]');
      const bare = await call('GET', `${G}/tasks/${id}?with_result=false`);
      assert.equal(bare.status, 200);
      assert.equal(bare.body.id, id);
      assert.equal(bare.body.task_callable, 'org.cairn.jobs.AqlJob');
      assert.equal('task_result' in bare.body, false);
    });

    it('testCancel: a running task cancelled with an empty body is 202 and ends cancelled (reply per DECISIONS: {"cancelled": true})', async () => {
      const id = await running();
      const r = await call('PUT', `${G}/tasks/${id}?action=cancel`, { rawBody: '', headers: { 'content-type': 'application/json' } });
      assert.deepEqual(r, { status: 202, body: { cancelled: true } });
      assert.equal((await completed(id)).task_status, 'cancelled');
    });

    it('testCancel: a task that already succeeded is 400 "which is completed" and stays success', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      const r = await call('PUT', `${G}/tasks/${id}?action=cancel`, { rawBody: '', headers: { 'content-type': 'application/json' } });
      assert.deepEqual(r, { status: 400, body: hgErr('jakarta.ws.rs.BadRequestException', `Can't cancel task '${id}' which is completed or cancelling`) });
      assert.equal((await call('GET', `${G}/tasks/${id}`)).body.task_status, 'success');
    });

    it('testDelete: a finished task is deleted with 204 and no body', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}`), { status: 204, body: undefined });
    });
  });

  describe('client TaskApiTest (hugegraph-client api/TaskApiTest.java) through TaskAPI.java', () => {
    it('testListAll: list(null, -1) lists all four; deleting each leaves none', async () => {
      const mine = await four();
      const r = await call('GET', `${CLIENT}?limit=-1`);
      assert.deepEqual(ids(r.body).sort(), [...mine].sort());
      for (const id of mine) assert.equal((await call('DELETE', `${CLIENT}/${id}`)).status, 204);
      assert.deepEqual(await call('GET', `${CLIENT}?limit=-1`), { status: 200, body: { tasks: [] } });
    });

    it('testListByIds: list(ids) sends repeated ids and gets the four', async () => {
      const mine = await four();
      const r = await call('GET', `${CLIENT}?${mine.map((id) => `ids=${id}`).join('&')}`);
      assert.equal(r.status, 200);
      assert.deepEqual(ids(r.body).sort(), [...mine].sort());
    });

    it('testListByStatus: list("SUCCESS", -1) has four, list("SUCCESS", 3) three of them', async () => {
      const mine = await four();
      assert.deepEqual(ids((await call('GET', `${CLIENT}?limit=-1&status=SUCCESS`)).body), mine);
      const three = ids((await call('GET', `${CLIENT}?limit=3&status=SUCCESS`)).body);
      assert.equal(three.length, 3);
      assert.ok(three.every((id) => mine.includes(id)));
    });

    it('testListByStatusAndPage: page "" then the token: two and two, page null after the last; only tasks and page at top level', async () => {
      const mine = await four();
      const p1 = await call('GET', `${CLIENT}?limit=2&page=&status=SUCCESS`);
      assert.deepEqual(Object.keys(p1.body), ['tasks', 'page']);
      assert.equal(p1.body.tasks.length, 2);
      assert.equal(typeof p1.body.page, 'string');
      const p2 = await call('GET', `${CLIENT}?limit=2&page=${encodeURIComponent(p1.body.page)}&status=SUCCESS`);
      assert.equal(p2.body.tasks.length, 2);
      assert.equal(p2.body.page, null);
      assert.deepEqual([...ids(p1.body), ...ids(p2.body)], mine);
    });

    it('testGet and testDelete: get(id) has the id; after delete(id), get is 404', async () => {
      const id = await job('RETURN 1');
      assert.equal((await call('GET', `${CLIENT}/${id}`)).body.id, id);
      await completed(id);
      assert.equal((await call('DELETE', `${CLIENT}/${id}`)).status, 204);
      assert.deepEqual(await call('GET', `${CLIENT}/${id}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${id}'`) });
    });

    it('testCancel: cancel(id) sends {} and the task is cancelled afterwards, with no task_result (TaskCoreTest: result null)', async () => {
      const id = await running();
      assert.deepEqual(await call('PUT', `${CLIENT}/${id}?action=cancel`, { body: {} }), { status: 202, body: { cancelled: true } });
      const t = await completed(id);
      assert.equal(t.task_status, 'cancelled');
      assert.equal('task_result' in t, false, JSON.stringify(t));
      const listed = (await call('GET', `${CLIENT}?ids=${id}`)).body.tasks[0];
      assert.equal('task_result' in listed, false, JSON.stringify(listed));
    });

    it('testTaskAsMap: task_type and task_status; every key of get, list and ids-list is one Task.java knows', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      const got = (await call('GET', `${CLIENT}/${id}`)).body;
      assert.deepEqual([got.task_type, got.task_status], ['aql', 'success']);
      const listed = (await call('GET', `${CLIENT}?limit=-1`)).body.tasks;
      const byIds = (await call('GET', `${CLIENT}?ids=${id}`)).body.tasks;
      for (const t of [got, ...listed, ...byIds]) for (const k of Object.keys(t)) assert.ok(CLIENT_TASK_KEYS.has(k), `unknown key ${k}`);
      assert.deepEqual(got, {
        id,
        task_type: 'aql',
        task_name: 'RETURN 1',
        task_status: 'success',
        task_progress: 1,
        task_create: T0,
        task_update: T0,
        task_retries: 0,
        task_callable: 'org.cairn.jobs.AqlJob',
        task_input: '{"query":"RETURN 1","bindVars":{}}',
        task_result: '[1]',
      });
    });
  });

  describe('core TaskCoreTest (hugegraph-test core/TaskCoreTest.java), through the API', () => {
    it('testTask: an incomplete task is not deleted; once it succeeded it is listed by status, deleted, then not found', async () => {
      const id = await running();
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}`), {
        status: 400,
        body: hgErr(ARG, `Can't delete incomplete task '${id}' in status RUNNING, Please try to cancel the task first`),
      });
      assert.equal((await call('PUT', `${G}/tasks/${id}?action=cancel`)).status, 202);
      await completed(id);
      const done = await job('RETURN "test-task"');
      await completed(done);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?status=SUCCESS&limit=10`)).body), [done]);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?ids=${done}`)).body), [done]);
      assert.equal((await call('DELETE', `${G}/tasks/${done}`)).status, 204);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?status=SUCCESS&limit=10`)).body), []);
      assert.deepEqual(await call('GET', `${G}/tasks/${done}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${done}'`) });
    });

    it('testGremlinJobAndCancel: cancelling a success task changes nothing (400), its result stays', async () => {
      const id = await job('RETURN 1 + 2');
      await completed(id);
      assert.equal((await call('PUT', `${G}/tasks/${id}?action=cancel`)).status, 400);
      const t = (await call('GET', `${G}/tasks/${id}`)).body;
      assert.deepEqual([t.task_status, t.task_result], ['success', '[3]']);
    });

    it('testGremlinJobAndCancel: a failed task stays failed with its reason when cancelled', async () => {
      const id = await job('RETURN FAIL("boom")');
      await completed(id);
      assert.equal((await call('PUT', `${G}/tasks/${id}?action=cancel`)).status, 400);
      const t = (await call('GET', `${G}/tasks/${id}`)).body;
      assert.equal(t.task_status, 'failed');
      assert.match(t.task_result, /boom/);
    });

    it('testTaskWithoutResult: with_result=false on get; lists never carry a result when asked not to', async () => {
      const id = await job('RETURN "metadata-result"');
      await completed(id);
      assert.equal((await call('GET', `${G}/tasks/${id}`)).body.task_result, '["metadata-result"]');
      assert.equal('task_result' in (await call('GET', `${G}/tasks/${id}?with_result=false`)).body, false);
      assert.equal('task_result' in (await call('GET', `${G}/tasks?ids=${id}&with_result=false`)).body.tasks[0], false);
    });
  });

  describe('server TaskAPI.java as Jersey runs it', () => {
    // Jersey converts every parameter before the method runs (PrimitiveValueOfExtractor for
    // long/boolean, a converter per element for List<Long>): Long.valueOf refusing a value
    // is a ParamException (404) whose cause is the NumberFormatException, before the graph
    // is looked up or the action checked. An absent or blank primitive takes its default.
    it('answers a task id Long.valueOf refuses with 404 PathParamException, before the graph and the action', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks/abc`), { status: 404, body: paramErr('Path', 'abc') });
      assert.deepEqual(await call('GET', '/graphs/nosuch/tasks/abc'), { status: 404, body: paramErr('Path', 'abc') });
      assert.deepEqual(await call('DELETE', `${G}/tasks/1.5`), { status: 404, body: paramErr('Path', '1.5') });
      assert.deepEqual(await call('PUT', `${G}/tasks/abc?action=stop`), { status: 404, body: paramErr('Path', 'abc') });
      assert.deepEqual(await call('PUT', `${G}/tasks/abc`), { status: 404, body: paramErr('Path', 'abc') });
      // past Long.MAX_VALUE
      assert.deepEqual(await call('GET', `${G}/tasks/9223372036854775808`), { status: 404, body: paramErr('Path', '9223372036854775808') });
    });

    it('reads a task id as Long.valueOf does: a leading + and zeros are the same id, and the message names the number', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      assert.equal((await call('GET', `${G}/tasks/%2B${id}`)).body.id, id);
      assert.equal((await call('GET', `${G}/tasks/00${id}`)).body.id, id);
      assert.deepEqual(await call('GET', `${G}/tasks/00999999`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '999999'") });
      assert.deepEqual(await call('GET', `${G}/tasks/9223372036854775807`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '9223372036854775807'") });
    });

    it('answers a limit or an id in ids that Long.valueOf refuses with 404 QueryParamException', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks?limit=abc`), { status: 404, body: paramErr('Query', 'abc') });
      assert.deepEqual(await call('GET', '/graphs/nosuch/tasks?limit=abc'), { status: 404, body: paramErr('Query', 'abc') });
      // '+' in a query string is a space; a value with spaces around it is refused, not trimmed
      assert.deepEqual(await call('GET', `${G}/tasks?limit=+5`), { status: 404, body: paramErr('Query', ' 5') });
      assert.deepEqual(await call('GET', `${G}/tasks?limit=99999999999999999999`), { status: 404, body: paramErr('Query', '99999999999999999999') });
      assert.deepEqual(await call('GET', `${G}/tasks?ids=1&ids=x`), { status: 404, body: paramErr('Query', 'x') });
    });

    it('takes the default for a blank limit (100) or with_result (true), and a leading + in an encoded limit', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?limit=`)).body), [id]);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?limit=%20`)).body), [id]);
      assert.deepEqual(ids((await call('GET', `${G}/tasks?limit=%2B1`)).body), [id]);
      assert.equal((await call('GET', `${G}/tasks/${id}?with_result=`)).body.task_result, '[1]');
    });

    it('uses the first value of a parameter given twice, as Jersey does', async () => {
      const id = await job('RETURN 1');
      await completed(id);
      assert.deepEqual(await call('GET', `${G}/tasks?limit=0&limit=5`), { status: 200, body: { tasks: [] } });
      assert.equal('task_result' in (await call('GET', `${G}/tasks/${id}?with_result=false&with_result=true`)).body, false);
      assert.deepEqual(await call('PUT', `${G}/tasks/${id}?action=stop&action=cancel`), { status: 415, body: hgErr('jakarta.ws.rs.NotSupportedException', "Not support action 'stop'") });
      assert.deepEqual(await call('GET', `${G}/tasks?ids=${id}&page=a&page=b`), { status: 400, body: hgErr(ARG, "Not support page when query task by ids, but got page='a'") });
    });

    it('wraps a negative limit as the task store query fails: HugeException with the ExecutionException as cause', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks?limit=-5`), { status: 400, body: storeErr('java.lang.IllegalArgumentException: Invalid limit -5') });
      assert.deepEqual(await call('GET', `${G}/tasks?limit=-2&status=success`), { status: 400, body: storeErr('java.lang.IllegalArgumentException: Invalid limit -2') });
      // with ids the limit is ignored
      assert.deepEqual(await call('GET', `${G}/tasks?ids=1&limit=-5`), { status: 200, body: { tasks: [] } });
    });

    it('wraps a page token that is not one of its own as the task store query fails (PageInfo.fromString)', async () => {
      // not Base64 at all: the token itself is quoted
      assert.deepEqual(await call('GET', `${G}/tasks?page=%25%25`), { status: 400, body: storeErr("org.apache.hugegraph.HugeException: Invalid page: '%%'") });
      // Base64, but not a page: its bytes are quoted in hex
      assert.deepEqual(await call('GET', `${G}/tasks?page=zzz`), { status: 400, body: storeErr("org.apache.hugegraph.HugeException: Invalid page: '0xcf3c'") });
    });

    it('checks the action before the task: 415 with the action, then 404 for an unknown id', async () => {
      assert.deepEqual(await call('PUT', `${G}/tasks/999999`), { status: 415, body: hgErr('jakarta.ws.rs.NotSupportedException', "Not support action 'null'") });
      assert.deepEqual(await call('PUT', `${G}/tasks/999999?action=CANCEL`), { status: 415, body: hgErr('jakarta.ws.rs.NotSupportedException', "Not support action 'CANCEL'") });
      assert.deepEqual(await call('PUT', `${G}/tasks/999999?action=cancel`), { status: 404, body: hgErr(NOT_FOUND, "Can't find task with id '999999'") });
    });

    it('refuses status or page together with ids, naming the value given; status is parsed upper-cased', async () => {
      assert.deepEqual(await call('GET', `${G}/tasks?ids=1&status=success`), { status: 400, body: hgErr(ARG, "Not support status when query task by ids, but got status='success'") });
      assert.deepEqual(await call('GET', `${G}/tasks?ids=1&page=`), { status: 400, body: hgErr(ARG, "Not support page when query task by ids, but got page=''") });
      assert.deepEqual(await call('GET', `${G}/tasks?status=`), {
        status: 400,
        // the seed's status list (DECISIONS.md), not HugeGraph's, which has HANGING and DELETING
        body: hgErr(ARG, "Status value must be in [UNKNOWN, NEW, SCHEDULING, SCHEDULED, QUEUED, PENDING, RESTORING, RUNNING, SUCCESS, CANCELLING, CANCELLED, FAILED], but got ''"),
      });
      assert.deepEqual(await call('GET', `${G}/tasks?status=Running`), { status: 200, body: { tasks: [] } });
    });

    it('deletes a running task with force=true (204); force is Boolean.valueOf: anything but true is false', async () => {
      const id = await running();
      assert.equal((await call('DELETE', `${G}/tasks/${id}?force=yes`)).status, 400);
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}?force=TRUE`), { status: 204, body: undefined });
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}`), { status: 404, body: hgErr(NOT_FOUND, `Can't find task with id '${id}'`) });
    });

    it('refuses to cancel a task that is already cancelling', async () => {
      const id = await running();
      const runner = s.server.services.jobs.runner;
      // hold the cancel in CANCELLING: the store moves the record, the query is not aborted yet
      await s.server.services.jobs.store.cancel(id);
      assert.equal(s.server.services.jobs.store.get(id)?.status, 'CANCELLING');
      assert.deepEqual(await call('PUT', `${G}/tasks/${id}?action=cancel`), { status: 400, body: hgErr('jakarta.ws.rs.BadRequestException', `Can't cancel task '${id}' which is completed or cancelling`) });
      assert.deepEqual(await call('DELETE', `${G}/tasks/${id}`), {
        status: 400,
        body: hgErr(ARG, `Can't delete incomplete task '${id}' in status CANCELLING, Please try to cancel the task first`),
      });
      await runner.cancel(id);
    });
  });
});
