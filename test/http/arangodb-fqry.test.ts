// What a replay of ArangoDB's own tests of the query API found (tests/js/client/shell/api/
// explain.js, query-analysis.js, the query tracking and kill tests, aql-explain-all.js and
// aql-explain-noncluster.js): ?all=true refused to a user who is not a superuser, each
// user reaching only its own queries unless an admin (COR-1023), and the explain output
// (stats.rules, verbose plans, callstack splits, a FILTER's calculation numbered first),
// and a query past maxRuntime killed with the plain message; also a data directory with a
// dot in its name (the setup's `mktemp -d`) that lmdb-js took for a file.
// Queries are begun on the server's own tracker; status and whole body are asserted.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryTracker, TrackedQuery } from '../../src/aql/tracker.js';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

it('starts on a data directory whose name has a dot, as `mktemp -d` makes it (tmp.XXXXXXXXXX)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmp.fqry'));
  try {
    const s = await startServer([], { dir });
    assert.equal((await s.request({ method: 'GET', url: '/_api/version' })).statusCode, 200);
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const basic = (user: string) => 'Basic ' + Buffer.from(`${user}:pw`).toString('base64');
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

describe('the query API as ArangoDB tests it', () => {
  let s: TestServer;
  let tracker: QueryTracker;
  const open: TrackedQuery[] = [];

  before(async () => {
    s = await startServer();
    tracker = s.server.services.queries;
    await s.request({ method: 'POST', url: '/_api/database', body: { name: 'scope' } });
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'c' } });
    for (const user of ['alice', 'bob', 'admin']) {
      assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user, passwd: 'pw' } })).statusCode, 201);
      await s.request({ method: 'PUT', url: `/_api/user/${user}/database/scope`, body: { grant: 'ro' } });
    }
    await s.request({ method: 'PUT', url: '/_api/user/admin/database/_system', body: { grant: 'rw' } });
  });
  afterEach(() => {
    for (const q of open.splice(0)) q.finish();
    tracker.clearSlow('_system', { all: true });
    tracker.setProperties({ slowQueryThreshold: 10 });
  });
  after(async () => {
    assert.deepEqual(tracker.current('_system', { all: true }), [], 'a query is still tracked');
    await s.close();
  });

  async function call(method: string, url: string, user?: string, body?: unknown) {
    const res = await s.request({ method, url, body, auth: user === undefined ? undefined : basic(user) });
    return { status: res.statusCode, body: bodyOf(res) };
  }

  function begin(user: string, query = 'RETURN SLEEP(@secs)'): TrackedQuery {
    const q = tracker.begin({ database: 'scope', user, query, bindVars: { secs: 300 }, stream: false });
    open.push(q);
    return q;
  }

  describe('?all=true', () => {
    it('is refused with 403 to a user who is not a superuser, even an admin, as Queries.cpp refuses it', async () => {
      const list = err(403, 11, 'only superusers are allowed to perform actions on all queries');
      assert.deepEqual(await call('GET', '/_api/query/current?all=true', 'admin'), { status: 403, body: list });
      assert.deepEqual(await call('GET', '/_api/query/slow?all=true', 'admin'), { status: 403, body: list });
      assert.deepEqual(await call('DELETE', '/_api/query/17?all=true', 'admin'), { status: 403, body: list });
      assert.deepEqual(await call('DELETE', '/_api/query/slow?all=true', 'admin'), {
        status: 403,
        body: err(403, 11, 'only superusers may retrieve the list of queries for all databases'),
      });
    });

    it('is checked for the database first: 1230 outside _system for anybody', async () => {
      assert.deepEqual(await call('GET', '/_db/scope/_api/query/current?all=true', 'alice'), {
        status: 403,
        body: err(403, 1230, 'operation only allowed in system database'),
      });
    });

    it('lists every database for root', async () => {
      const q = begin('alice');
      const r = await call('GET', '/_api/query/current?all=true');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.map((e: { id: string }) => e.id), [q.id]);
    });
  });

  describe('a user who is not an admin (COR-1023)', () => {
    it('sees its own running query and not another user\'s', async () => {
      const mine = begin('alice');
      begin('bob');
      const r = await call('GET', '/_db/scope/_api/query/current', 'alice');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.map((e: { id: string; user: string }) => [e.id, e.user]), [[mine.id, 'alice']]);
      assert.deepEqual(r.body[0].bindVars, { secs: 300 });
    });

    it('gets 403 for killing another user\'s query, which keeps running; its own it kills', async () => {
      const q = begin('alice');
      let killed = false;
      q.onKill(() => (killed = true));
      assert.deepEqual(await call('DELETE', `/_db/scope/_api/query/${q.id}`, 'bob'), { status: 403, body: err(403, 11, 'forbidden') });
      assert.equal(killed, false);
      assert.deepEqual(await call('DELETE', '/_db/scope/_api/query/123456789', 'bob'), {
        status: 404,
        body: err(404, 1591, 'query ID not found in query list'),
      });
      assert.deepEqual(await call('DELETE', `/_db/scope/_api/query/${q.id}`, 'alice'), { status: 200, body: { error: false, code: 200 } });
      assert.equal(killed, true);
    });

    it('sees and clears only its own slow queries; an admin sees and clears them all', async () => {
      tracker.setProperties({ slowQueryThreshold: 0 });
      begin('alice').finish();
      begin('bob').finish();
      const users = async (user?: string) => (await call('GET', '/_db/scope/_api/query/slow', user)).body.map((e: { user: string }) => e.user);
      assert.deepEqual(await users('bob'), ['bob']);
      assert.deepEqual(await users('admin'), ['alice', 'bob']);
      assert.deepEqual(await call('DELETE', '/_db/scope/_api/query/slow', 'bob'), { status: 200, body: { error: false, code: 200 } });
      assert.deepEqual(await users(), ['alice']);
      assert.deepEqual(await call('DELETE', '/_db/scope/_api/query/slow', 'admin'), { status: 200, body: { error: false, code: 200 } });
      assert.deepEqual(await users(), []);
    });

    it('lets an admin (rw on _system) see and kill another user\'s query', async () => {
      const q = begin('alice');
      const r = await call('GET', '/_db/scope/_api/query/current', 'admin');
      assert.deepEqual(r.body.map((e: { user: string }) => e.user), ['alice']);
      assert.equal((await call('DELETE', `/_db/scope/_api/query/${q.id}`, 'admin')).status, 200);
    });
  });

  it('kills a query past maxRuntime with the plain 1500 message (aql-options.js testMaxRuntime)', async () => {
    const r = await call('POST', '/_api/cursor', undefined, { query: 'LET x = SLEEP(10) RETURN 1', options: { maxRuntime: 0.05 } });
    assert.deepEqual(r, { status: 410, body: err(410, 1500, 'AQL: query killed (while executing)') });
  });

  describe('POST /_api/explain', () => {
    const explain = async (query: string, options: Record<string, unknown> = {}) => (await call('POST', '/_api/explain', undefined, { query, options })).body;

    it('always has stats.rules: {} below profile 2 (aql-explain-all.js testExplainStats)', async () => {
      const stats = (await explain('FOR doc IN c FILTER doc.value > 33 RETURN doc')).stats;
      assert.deepEqual(Object.keys(stats), ['rulesExecuted', 'rulesSkipped', 'plansCreated', 'rules', 'peakMemoryUsage', 'executionTime']);
      assert.deepEqual(stats.rules, {});
    });

    it('numbers a FILTER\'s calculation before the FilterNode (aql-explain-noncluster.js testNodes)', async () => {
      const nodes = (await explain('FOR i IN c FILTER i.value > 1 LET a = i.value / 2 RETURN a', { optimizer: { rules: ['-all'] } })).plan.nodes;
      assert.deepEqual(
        nodes.map((n: { type: string; id: number; dependencies: number[] }) => [n.type, n.id, n.dependencies]),
        [
          ['SingletonNode', 1, []],
          ['EnumerateCollectionNode', 2, [1]],
          ['CalculationNode', 3, [2]],
          ['FilterNode', 4, [3]],
          ['CalculationNode', 5, [4]],
          ['ReturnNode', 6, [5]],
        ],
      );
    });

    it('prints typeID, parents and the execution flags only with verbosePlans (testExplainVerbosity)', async () => {
      const q = 'FOR i IN c FOR j IN c RETURN i';
      const plain = (await explain(q)).plan.nodes;
      assert.deepEqual(Object.keys(plain[0]), ['type', 'id', 'dependencies', 'estimatedCost', 'estimatedNrItems']);
      const verbose = (await explain(q, { verbosePlans: true })).plan.nodes;
      assert.deepEqual(verbose[0], {
        type: 'SingletonNode',
        typeID: 1,
        dependencies: [],
        id: 1,
        parents: [2],
        estimatedCost: 1,
        estimatedNrItems: 1,
        isInSplicedSubquery: false,
        isAsyncPrefetchEnabled: false,
        isCallstackSplitEnabled: false,
      });
      const last = verbose[verbose.length - 1];
      assert.deepEqual([last.type, last.typeID, last.parents], ['ReturnNode', 18, []]);
      for (const plan of (await explain(q, { verbosePlans: true, allPlans: true })).plans) {
        for (const n of plan.nodes) assert.ok('typeID' in n && Array.isArray(n.parents), JSON.stringify(n));
      }
    });

    it('splits the call stack every maxNodesPerCallstack nodes counted from the root (testExplainCallstackSplit)', async () => {
      const q = 'FOR i IN c FOR j IN c FILTER i.x == j.x RETURN [i, j]';
      const flags = async (max: number) =>
        (await explain(q, { verbosePlans: true, maxNodesPerCallstack: max, optimizer: { rules: ['-all'] } })).plan.nodes.map(
          (n: { isCallstackSplitEnabled: boolean }) => n.isCallstackSplitEnabled,
        );
      assert.deepEqual(await flags(1), [true, true, true, true, true, true, true]);
      assert.deepEqual(await flags(2), [false, true, false, true, false, true, false]);
      assert.deepEqual(await flags(250), [false, false, false, false, false, false, false]);
    });
  });
});
