// What the official ArangoDB drivers' own test suites send and expect for AQL cursors,
// parse, explain, query tracking, the query results cache, user functions and async jobs,
// replayed against Cairn over HTTP (inject). Each case names the upstream test it comes
// from: arangodb-java-driver test-functional ArangoCursorTest, ArangoCursorProfileTest and
// ArangoDatabaseTest (query*, explain*, parseQuery, *Queries, killQuery, *QueryCache*,
// *AqlFunction*); go-driver test/cursor_test.go, test/query_test.go, test/asyncjob_test.go,
// v2/tests/database_query_test.go, v2/tests/cursor_test.go and v2/tests/asyncjob_test.go.
// The drivers' assertions are kept (what they parse and compare); waits use polling or
// the ?waitTime= extension, never a timing assertion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: any; headers: Record<string, unknown> };

describe("the Java and Go drivers' AQL and job tests against Cairn", () => {
  let s: TestServer;
  const DB = '/_db/drivers';
  before(async () => {
    s = await startServer();
    await call('POST', '/_api/database', { name: 'drivers' });
    for (const name of ['c1', 'got_characters', 'got_actors', 'books']) await call('POST', `${DB}/_api/collection`, { name });
    await call('POST', `${DB}/_api/cursor`, { query: 'FOR i IN 1..10 INSERT { age: 20 + i } INTO c1' });
    await call('POST', `${DB}/_api/cursor`, { query: 'FOR i IN 1..20 INSERT { Title: CONCAT("Book ", i < 10 ? "0" : "", i) } INTO books' });
  });
  after(async () => {
    const left = s.server.services.cursors.open.cursors;
    await s.close();
    assert.equal(left, 0, 'cursors left open');
  });

  async function call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> {
    const res = await s.request({ method, url, body, headers });
    return { status: res.statusCode, body: res.body ? bodyOf(res) : undefined, headers: res.headers };
  }
  const cursor = (body: unknown, headers?: Record<string, string>) => call('POST', `${DB}/_api/cursor`, body, headers);

  function assertError(r: Reply, status: number, errorNum: number, message?: string | RegExp) {
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.errorNum, errorNum);
    assert.equal(r.body.code, status);
    if (typeof message === 'string') assert.equal(r.body.errorMessage, message);
    else if (message) assert.match(r.body.errorMessage, message);
  }

  /** Every row of a cursor, fetching batch after batch as the drivers do. */
  async function drain(first: Reply): Promise<unknown[]> {
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const rows = [...first.body.result];
    let b = first.body;
    while (b.hasMore) {
      const r = await call('POST', `${DB}/_api/cursor/${b.id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      rows.push(...r.body.result);
      b = r.body;
    }
    return rows;
  }

  /** Polls /_api/query/current until a query with this text runs; returns its entry. */
  async function running(query: string): Promise<Record<string, any>> {
    for (;;) {
      const r = await call('GET', `${DB}/_api/query/current`);
      const q = r.body.find((x: any) => x.query === query);
      if (q) return q;
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  describe('cursors (ArangoCursorTest, ArangoDatabaseTest query*, go cursor_test.go)', () => {
    it('reads 0..99 in batches of 5 to the end (ArangoCursorTest.next)', async () => {
      const rows = await drain(await cursor({ query: 'FOR i IN 0..99 RETURN i', batchSize: 5 }));
      assert.deepEqual(rows, Array.from({ length: 100 }, (_, i) => i));
    });

    it('counts a LIMITed result (queryWithCount)', async () => {
      const r = await cursor({ query: 'for i in c1 Limit 6 return i._id', count: true });
      assert.equal(r.body.count, 6);
      assert.equal(r.body.result.length, 6);
    });

    for (const [name, body] of [
      ['queryWithLimitAndFullCount', { query: 'for i in c1 Limit 5 return i._id', options: { fullCount: true } }],
      ['queryWithLimitAndFullCountAsCustomOption', { query: 'for i in c1 Limit 5 return i._id', options: { fullCount: true } }],
    ] as const) {
      it(`reports fullCount and a positive executionTime (${name})`, async () => {
        const r = await cursor(body);
        assert.equal(r.body.result.length, 5);
        assert.ok(r.body.extra.stats.fullCount >= 10);
        assert.ok(r.body.extra.stats.executionTime > 0);
      });
    }

    it('has every statistic the Java driver reads, 3.12 ones included (queryStats)', async () => {
      const r = await cursor({ query: 'for i in c1 return i' });
      for (const k of ['writesExecuted', 'writesIgnored', 'scannedFull', 'scannedIndex', 'filtered', 'executionTime', 'peakMemoryUsage', 'cursorsCreated', 'cursorsRearmed', 'cacheHits', 'cacheMisses', 'intermediateCommits', 'documentLookups', 'seeks']) {
        assert.equal(typeof r.body.extra.stats[k], 'number', k);
      }
    });

    it('gives a stream cursor no count even when asked (queryStream)', async () => {
      const r = await cursor({ query: 'FOR i IN 1..2 RETURN i', count: true, options: { stream: true } });
      assert.equal(r.status, 201);
      assert.equal('count' in r.body, false);
      assert.deepEqual(r.body.result, [1, 2]);
    });

    it('returns a null bind parameter as null (queryWithNullBindVar)', async () => {
      const r = await cursor({ query: 'return @foo', bindVars: { foo: null } });
      assert.deepEqual(r.body.result, [null]);
    });

    it('keeps one warning, none with maxWarningCount 0 (queryWithMaxWarningCount, queryWithWarning)', async () => {
      assert.deepEqual((await cursor({ query: 'RETURN 1 / 0' })).body.extra.warnings, [{ code: 1562, message: 'division by zero' }]);
      assert.deepEqual((await cursor({ query: 'RETURN 1 / 0', options: { maxWarningCount: 0 } })).body.extra.warnings, []);
    });

    it('fails on the warning with failOnWarning, returns null without (queryWithFailOnWarningTrue/False)', async () => {
      assertError(await cursor({ query: 'RETURN 1 / 0', options: { failOnWarning: true } }), 400, 1562);
      assert.deepEqual((await cursor({ query: 'RETURN 1 / 0', options: { failOnWarning: false } })).body.result, [null]);
    });

    it('fails with errorNum 32 past memoryLimit (queryWithMemoryLimit)', async () => {
      assertError(await cursor({ query: 'RETURN 1..100000', options: { memoryLimit: 32 * 1024 } }), 500, 32);
    });

    it('kills a query past maxRuntime with 410/1500 (queryWithTimeout; go TestCreateCursorWithMaxRuntime)', async () => {
      assertError(await cursor({ query: 'RETURN SLEEP(1)', options: { maxRuntime: 0.1 } }), 410, 1500, /query killed \(while executing\)$/);
      const ok = await cursor({ query: "LET y = SLEEP(0.01) INSERT {t:''} INTO c1", options: { maxRuntime: 20 } });
      assert.equal(ok.status, 201);
    });

    it('continues a cursor by id and by nextBatchId (queryCursor, queryCursorRetry)', async () => {
      const first = await cursor({ query: 'for i in 1..4 return i', batchSize: 1 });
      const second = await call('POST', `${DB}/_api/cursor/${first.body.id}`);
      const rest = await drain({ status: 201, body: second.body, headers: {} });
      assert.deepEqual([...first.body.result, ...rest], [1, 2, 3, 4]);

      const r = await cursor({ query: 'for i in 1..4 return i', batchSize: 1, options: { allowRetry: true } });
      const b2 = await call('POST', `${DB}/_api/cursor/${r.body.id}`);
      const b3 = await call('POST', `${DB}/_api/cursor/${r.body.id}/${b2.body.nextBatchId}`);
      const b4 = await call('POST', `${DB}/_api/cursor/${r.body.id}/${b3.body.nextBatchId}`);
      assert.deepEqual([r, b2, b3, b4].map((x) => x.body.result[0]), [1, 2, 3, 4]);
      assert.equal(b4.body.hasMore, false);
      // close(): an allowRetry cursor is deleted even after its last batch
      assert.equal((await call('DELETE', `${DB}/_api/cursor/${r.body.id}`)).status, 202);
    });

    it('answers a retried batch with the same rows, the last one too (go v2 Test_QueryBatchWithRetries, Test_CursorRawResult)', async () => {
      const first = await cursor({ query: 'FOR d IN books SORT d.Title RETURN d.Title', count: true, batchSize: 2, options: { allowRetry: true } });
      assert.equal(first.body.count, 20);
      const seen = [...first.body.result];
      let b = first.body;
      while (b.hasMore) {
        const next = await call('POST', `${DB}/_api/cursor/${first.body.id}/${b.nextBatchId}`);
        const retry = await call('POST', `${DB}/_api/cursor/${first.body.id}/${b.nextBatchId}`);
        assert.deepEqual(retry.body.result, next.body.result);
        seen.push(...next.body.result);
        b = next.body;
      }
      assert.equal(seen.length, 20);
      assert.equal((await call('DELETE', `${DB}/_api/cursor/${first.body.id}`)).status, 202);
    });

    it('gives an allowRetry result of one batch no id to close (queryAllowRetryCloseSingleBatch)', async () => {
      const r = await cursor({ query: 'for i in 1..2 return i', options: { allowRetry: true } });
      assert.deepEqual(r.body.result, [1, 2]);
      assert.equal(r.body.hasMore, false);
      assert.equal('id' in r.body, false);
    });

    it('fails the next fetch of a closed cursor with 404/1600 (queryClose)', async () => {
      const r = await cursor({ query: 'for i in 1..2 return i', batchSize: 1 });
      assert.equal((await call('DELETE', `${DB}/_api/cursor/${r.body.id}`)).status, 202);
      assertError(await call('POST', `${DB}/_api/cursor/${r.body.id}`), 404, 1600, 'cursor not found');
    });

    it('says x-arango-potential-dirty-read: true when dirty reads were allowed (queryAllowDirtyRead)', async () => {
      const r = await cursor({ query: 'FOR i IN @@col FILTER i.test == @test RETURN i', bindVars: { '@col': 'c1', test: null } }, { 'x-arango-allow-dirty-read': 'true' });
      assert.equal(r.status, 201);
      assert.equal(r.headers['x-arango-potential-dirty-read'], 'true');
      const plain = await cursor({ query: 'RETURN 1' });
      assert.equal(plain.headers['x-arango-potential-dirty-read'], undefined);
    });

    it('fails a query whose bind parameters do not match (go TestCreateCursor)', async () => {
      const q = 'FOR d IN books FILTER d.Title==@title SORT d.Title RETURN d';
      assert.equal((await cursor({ query: q, bindVars: { somethingelse: 'Book 02' } })).status, 400);
      const ok = await cursor({ query: q, bindVars: { title: 'Book 02' } });
      assert.deepEqual(ok.body.result.map((d: any) => d.Title), ['Book 02']);
      const page = await cursor({ query: 'FOR d IN books SORT d.Title LIMIT 1, 1 RETURN d.Title', options: { fullCount: true } });
      assert.deepEqual(page.body.result, ['Book 02']);
      assert.equal(page.body.extra.stats.fullCount, 20);
    });
  });

  describe('profile and plan in extra (ArangoCursorProfileTest, go TestProfileQuery, TestWithQueryOptimizerRules)', () => {
    for (const stream of [false, true]) {
      for (const profile of [undefined, false, true]) {
        for (const batchSize of [2, 10]) {
          it(`stream ${stream}, profile ${profile}, batchSize ${batchSize}: profile in ${stream ? 'the last batch' : 'every batch'} when on`, async () => {
            const r = await cursor({ query: 'FOR i IN 1..5 RETURN i', batchSize, cache: false, options: { profile, stream } });
            const batches = [r.body];
            while (batches.at(-1).hasMore) batches.push((await call('POST', `${DB}/_api/cursor/${r.body.id}`)).body);
            assert.deepEqual(batches.flatMap((b) => b.result), [1, 2, 3, 4, 5]);
            for (const b of batches) {
              assert.equal(b.cached, false);
              const expected = profile === true && (!stream || !b.hasMore);
              if (!expected) assert.equal(b.extra?.profile, undefined);
              else {
                for (const phase of ['initializing', 'executing', 'finalizing']) assert.ok(b.extra.profile[phase] >= 0, phase);
              }
            }
          });
        }
      }
    }

    for (const [profile, plan, prof] of [
      [undefined, false, false],
      [true, false, true],
      [1, false, true],
      [2, true, true],
    ] as const) {
      it(`profile ${profile}: plan ${plan ? 'present' : 'absent'}, profile ${prof ? 'present' : 'absent'} (go TestProfileQuery)`, async () => {
        const r = await cursor({ query: 'FOR d IN books FILTER d.Title==@title SORT d.Title RETURN d', bindVars: { title: 'Book 16' }, options: { profile } });
        assert.equal('plan' in r.body.extra, plan);
        assert.equal('profile' in r.body.extra, prof);
      });
    }

    it('applies +/- optimizer rules, the last one winning (go TestWithQueryOptimizerRules)', async () => {
      await call('POST', `${DB}/_api/collection`, { name: 'col_query_optimizer_rules' });
      await call('POST', `${DB}/_api/cursor`, { query: 'FOR i IN 0..99 INSERT { value: i } INTO col_query_optimizer_rules' });
      await call('POST', `${DB}/_api/index?collection=col_query_optimizer_rules`, { type: 'persistent', fields: ['value'], name: 'index' });
      const cases: [string[], boolean][] = [
        [['+use-indexes'], true],
        [['-use-indexes'], false],
        [['-use-indexes', '+use-indexes'], true],
        [['+use-indexes', '-use-indexes'], false],
        [['-all'], false],
        [['+all'], true],
      ];
      for (const [rules, uses] of cases) {
        const r = await cursor({ query: 'FOR i IN col_query_optimizer_rules FILTER i.value > 97 SORT i.value RETURN i.value', options: { profile: 2, optimizer: { rules } } });
        assert.deepEqual(r.body.result, [98, 99]);
        assert.equal(r.body.extra.plan.rules.includes('use-indexes'), uses, rules.join());
      }
    });
  });

  describe('parse and explain (ArangoDatabaseTest explain*/parseQuery, go ValidateQuery, v2 Test_ExplainQuery)', () => {
    const query =
      'FOR `character` IN `got_characters`  FOR `actor` IN `got_actors`    FILTER `actor`.`_id` == @myId' +
      '   FILTER `character`.`actor` == `actor`.`_id`    FILTER `character`.`value` != 1/0    RETURN {`character`, `actor`}';

    function checkPlan(plan: any) {
      assert.ok(Number.isInteger(plan.estimatedNrItems) && plan.estimatedNrItems >= 0);
      assert.ok(plan.nodes.length > 0);
      assert.notEqual(plan.nodes[0].estimatedCost, undefined);
      assert.ok(plan.estimatedCost >= 0);
      assert.ok(plan.collections.length > 0 && plan.collections[0].name.length > 0);
      assert.ok(plan.rules.length > 0);
      assert.ok(plan.variables.length > 0 && plan.variables[0].name.length > 0);
    }

    it('warns of the division by zero folded at plan time and is not cacheable (explainQuery, explainAqlQuery)', async () => {
      const r = await call('POST', `${DB}/_api/explain`, { query, bindVars: { myId: '123' } });
      assert.equal(r.status, 200);
      checkPlan(r.body.plan);
      assert.equal('plans' in r.body, false);
      assert.deepEqual(r.body.warnings, [{ code: 1562, message: 'division by zero' }]);
      assert.ok(r.body.stats.executionTime > 0);
      assert.equal(r.body.cacheable, false);
    });

    it('gives every plan with allPlans, the warning and no cacheable (explainQueryAllPlans, explainAqlQueryAllPlansCustomOption)', async () => {
      const r = await call('POST', `${DB}/_api/explain`, { query, bindVars: { myId: '123' }, options: { allPlans: true } });
      assert.equal(r.status, 200);
      assert.equal('plan' in r.body, false);
      assert.ok(r.body.plans.length > 0);
      for (const p of r.body.plans) checkPlan(p);
      assert.deepEqual(r.body.warnings, [{ code: 1562, message: 'division by zero' }]);
      assert.ok(r.body.stats.executionTime > 0);
      assert.equal('cacheable' in r.body, false);
    });

    it('fails explain without its bind value, on a syntax error and on an empty query (v2 Test_ExplainQuery)', async () => {
      assert.equal((await call('POST', `${DB}/_api/explain`, { query: 'FOR d IN books FILTER d.Title==@title SORT d.Title RETURN d', bindVars: { title: 'x' }, options: { allPlans: true, optimizer: {} } })).status, 200);
      assertError(await call('POST', `${DB}/_api/explain`, { query: 'FOR d IN books FILTER d.Title==@title SORT d.Title RETURN d' }), 400, 1551);
      assertError(await call('POST', `${DB}/_api/explain`, { query: 'FOR u IN books FILTER u.age>>>100 SORT u.name RETURN u' }), 400, 1501);
      assertError(await call('POST', `${DB}/_api/explain`, { query: '' }), 400, 1502);
    });

    it('parses a query into one root node, with no bind parameters or collections (parseQuery, go TestValidateQuery)', async () => {
      const r = await call('POST', `${DB}/_api/query`, { query: 'for i in 1..1 return i' });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.bindVars, r.body.collections, r.body.ast.length, r.body.ast[0].type], [[], [], 1, 'root']);
      assert.equal((await call('POST', `${DB}/_api/query`, { query: 'FOR d IN books FILTER d.Title==@title SORT d.Title RETURN d' })).status, 200);
      assertError(await call('POST', `${DB}/_api/query`, { query: 'FOR u IN users FILTER u.age>>>100 SORT u.name RETURN u' }), 400, 1501);
      assertError(await call('POST', `${DB}/_api/query`, { query: '' }), 400, 1502);
    });
  });

  describe('query tracking (ArangoDatabaseTest *Queries/killQuery/*TrackingProperties, v2 database_query_test.go)', () => {
    const props = () => call('GET', `${DB}/_api/query/properties`);
    const setProps = (p: Record<string, unknown>) => call('PUT', `${DB}/_api/query/properties`, p);
    let initial: Record<string, unknown>;
    before(async () => {
      const { error, code, ...rest } = (await props()).body;
      initial = rest;
    });
    after(async () => {
      await setProps(initial);
      await call('DELETE', `${DB}/_api/query/slow`);
    });

    it('lists a running query with the fields the drivers read (getCurrentlyRunningQueries)', async () => {
      const query = 'return sleep(0.3)';
      const req = cursor({ query });
      const q = await running(query);
      assert.match(q.id, /^\d+$/);
      assert.deepEqual([q.database, q.user, q.bindVars, q.state, q.stream, q.modificationQuery, q.warnings], ['drivers', 'root', {}, 'executing', false, false, 0]);
      assert.ok(Date.parse(q.started) <= Date.now());
      assert.ok(q.runTime >= 0);
      assert.equal(typeof q.peakMemoryUsage, 'number');
      assert.equal((await req).status, 201);
    });

    it('lists a running INSERT as a modification query (getCurrentlyRunningModificationQuery)', async () => {
      const query = 'INSERT { value: sleep(0.3) } INTO c1';
      const req = cursor({ query });
      const q = await running(query);
      assert.equal(q.modificationQuery, true);
      assert.equal(q.warnings, 0);
      assert.equal((await req).status, 201);
    });

    it('kills a running query: 410/1500 for its request (killQuery, v2 Test_KillAQLQuery)', async () => {
      const query = 'return sleep(5)';
      const req = cursor({ query });
      const q = await running(query);
      const k = await call('DELETE', `${DB}/_api/query/${q.id}?all=false`);
      assert.deepEqual([k.status, k.body], [200, { error: false, code: 200 }]);
      assertError(await req, 410, 1500, /query killed/);
      assertError(await call('DELETE', `${DB}/_api/query/${q.id}`), 404, 1591);
    });

    it('records slow queries with modificationQuery, warnings and exitCode (getAndClearSlowQueries, v2 Test_ListOfSlowAQLQueries)', async () => {
      await call('DELETE', `${DB}/_api/query/slow`);
      await setProps({ slowQueryThreshold: 0 });
      try {
        const slow = async () => {
          const r = await call('GET', `${DB}/_api/query/slow`);
          await call('DELETE', `${DB}/_api/query/slow`);
          assert.equal(r.body.length, 1);
          return r.body[0];
        };
        await cursor({ query: 'RETURN sleep(0.01)' });
        const read = await slow();
        assert.deepEqual(
          [read.query, read.database, read.user, read.bindVars, read.state, read.stream, read.modificationQuery, read.warnings, read.exitCode],
          ['RETURN sleep(0.01)', 'drivers', 'root', {}, 'finished', false, false, 0, 0],
        );
        await cursor({ query: 'INSERT { value: 1 } INTO c1' });
        const write = await slow();
        assert.deepEqual([write.modificationQuery, write.warnings, write.exitCode], [true, 0, 0]);
        await cursor({ query: 'RETURN sleep(.01) / 0', options: { failOnWarning: true } });
        const failed = await slow();
        assert.deepEqual([failed.modificationQuery, failed.warnings, failed.exitCode], [false, 0, 1562]);
        await cursor({ query: 'RETURN 1 / 0', options: { failOnWarning: false } });
        const warned = await slow();
        assert.deepEqual([warned.warnings, warned.exitCode], [1, 0]);
      } finally {
        await setProps({ slowQueryThreshold: initial.slowQueryThreshold });
      }
    });

    it('changes and reads back tracking properties (changeQueryTrackingProperties, v2 Test_UpdateQueryProperties)', async () => {
      const p = (await props()).body;
      assert.deepEqual([p.enabled, p.trackSlowQueries], [true, true]);
      for (const k of ['maxQueryStringLength', 'maxSlowQueries', 'slowQueryThreshold', 'slowStreamingQueryThreshold']) assert.ok(p[k] > 0, k);
      const update = { enabled: true, trackSlowQueries: true, trackBindVars: false, maxSlowQueries: p.maxSlowQueries + 1, slowQueryThreshold: p.slowQueryThreshold + 0.1, maxQueryStringLength: p.maxQueryStringLength + 100 };
      const r = await setProps(update);
      for (const [k, v] of Object.entries(update)) assert.equal(r.body[k], v, k);
      await setProps({ slowStreamingQueryThreshold: 0.0002 });
      assert.equal((await props()).body.slowStreamingQueryThreshold, 0.0002);
      await setProps({ enabled: false });
      assert.equal((await props()).body.enabled, false);
      assert.deepEqual((await call('GET', `${DB}/_api/query/current?all=false`)).body, []);
      await setProps({ enabled: true });
    });
  });

  describe('query results cache (changeQueryCache, queryWithCache, v2 Test_*QueryCache*)', () => {
    it('serves the second run from the cache once the mode is on', async () => {
      const p = await call('GET', '/_api/query-cache/properties');
      assert.equal(p.body.mode, 'off');
      assert.ok(p.body.maxResults > 0);
      for (const k of ['includeSystem', 'maxEntrySize', 'maxResults', 'maxResultsSize', 'mode']) assert.notEqual(p.body[k], undefined, k);
      assert.equal((await call('PUT', '/_api/query-cache/properties', { mode: 'on' })).body.mode, 'on');
      try {
        const q = { query: 'FOR t IN c1 FILTER t.age >= 10 SORT t.age RETURN t._id', cache: true };
        assert.equal((await cursor(q)).body.cached, false);
        assert.equal((await cursor(q)).body.cached, true);
        assert.equal((await call('GET', `${DB}/_api/query-cache/entries`)).body.length, 1);
        assert.deepEqual((await call('DELETE', `${DB}/_api/query-cache`)).body, { error: false, code: 200 });
      } finally {
        await call('PUT', '/_api/query-cache/properties', { mode: 'off' });
      }
    });
  });

  describe('user functions (createGetDeleteAqlFunction*, v2 Test_UserDefinedFunctions)', () => {
    it('registers, lists and deletes one function and a namespace of two', async () => {
      const base = `${DB}/_api/aqlfunction`;
      assert.deepEqual((await call('GET', base)).body.result, []);
      const code = 'function (celsius) { return celsius * 1.8 + 32; }';
      assert.equal((await call('POST', base, { name: 'myfunctions::temperature::celsiustofahrenheit', code })).status, 201);
      assert.equal((await call('GET', base)).body.result.length, 1);
      assert.deepEqual((await call('DELETE', `${base}/myfunctions::temperature::celsiustofahrenheit`)).body, { error: false, code: 200, deletedCount: 1 });
      for (const n of [1, 2]) await call('POST', base, { name: `myfunctions::temperature::celsiustofahrenheit${n}`, code, isDeterministic: true });
      const listed = (await call('GET', base)).body.result;
      assert.deepEqual(listed.map((f: any) => [f.name, f.isDeterministic]), [
        ['myfunctions::temperature::celsiustofahrenheit1', true],
        ['myfunctions::temperature::celsiustofahrenheit2', true],
      ]);
      assert.deepEqual((await call('DELETE', `${base}/myfunctions::temperature?group=true`)).body, { error: false, code: 200, deletedCount: 2 });
      assert.deepEqual((await call('GET', base)).body.result, []);
    });
  });

  describe('async jobs (go test/asyncjob_test.go, v2/tests/asyncjob_test.go)', () => {
    const store = async (method: string, url: string, body?: unknown): Promise<string> => {
      const r = await s.request({ method, url, body, headers: { 'x-arango-async': 'store' } });
      assert.equal(r.statusCode, 202);
      return r.headers['x-arango-async-id'] as string;
    };
    const list = async (type: 'done' | 'pending', count?: number) => (await call('GET', `/_api/job/${type}${count ? `?count=${count}` : ''}`)).body;
    const waitDone = async (id: string) => assert.equal((await call('GET', `/_api/job/${id}?waitTime=10`)).status, 200);
    /** A query that keeps its job pending; killed at the end of the test that starts it. */
    const long = (n: number) => `FOR i IN 1..${n} FOR j IN 1..5 LET x = SLEEP(0.1) FILTER i == ${n} && j == 5 RETURN {i: i, col: 'c1'}`;
    async function killAll() {
      for (const q of (await call('GET', `${DB}/_api/query/current`)).body) await call('DELETE', `${DB}/_api/query/${q.id}`);
    }
    before(async () => void (await call('DELETE', '/_api/job/all')));
    after(async () => {
      await killAll();
      await call('DELETE', '/_api/job/all');
    });

    it('lists done jobs, honours count, and a fetched job leaves the list (TestAsyncJobListDone)', async () => {
      const ids = [await store('GET', '/_api/version'), await store('GET', '/_api/version')];
      for (const id of ids) await waitDone(id);
      assert.deepEqual((await list('done')).sort(), [...ids].sort());
      assert.equal((await list('done', 1)).length, 1);
      const r = await call('PUT', `/_api/job/${ids[0]}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-arango-async-id'], ids[0]);
      assert.equal(r.body.version, '3.12.0');
      assert.deepEqual(await list('done'), [ids[1]]);
      assert.equal((await call('PUT', `/_api/job/${ids[1]}`)).status, 200);
      assert.deepEqual(await list('done'), []);
    });

    it('answers a fetched AQL job as POST /_api/cursor would (v2 TestAsyncJobListPending)', async () => {
      const id = await store('POST', `${DB}/_api/cursor`, { query: long(2) });
      assert.deepEqual(await list('pending'), [id]);
      await waitDone(id);
      assert.deepEqual([await list('pending'), await list('done')], [[], [id]]);
      const r = await call('PUT', `/_api/job/${id}`);
      assert.equal(r.status, 201);
      assert.deepEqual([r.body.result, r.body.hasMore, 'id' in r.body], [[{ i: 2, col: 'c1' }], false, false]);
      assert.deepEqual(await list('done'), []);
    });

    it('cancels a pending AQL job, which moves to done with a canceled result (TestAsyncJobCancel)', async () => {
      const id = await store('POST', `${DB}/_api/cursor`, { query: 'FOR i IN 1..10 FOR j IN 1..10 LET x = sleep(1.0) FILTER i == 5 && j == 5 RETURN 42' });
      assert.deepEqual(await list('pending'), [id]);
      assert.deepEqual((await call('PUT', `/_api/job/${id}/cancel`)).body, { result: true });
      await waitDone(id);
      assert.deepEqual([await list('pending'), await list('done')], [[], [id]]);
      assertError(await call('PUT', `/_api/job/${id}`), 410, 21, 'canceled request');
    });

    it('deletes all, one done, one pending and expired jobs (TestAsyncJobDelete)', async () => {
      const two = [await store('GET', '/_api/version'), await store('GET', '/_api/version')];
      for (const id of two) await waitDone(id);
      assert.equal((await list('done')).length, 2);
      assert.deepEqual((await call('DELETE', '/_api/job/all')).body, { result: true });
      assert.deepEqual(await list('done'), []);

      const one = await store('GET', '/_api/version');
      await waitDone(one);
      assert.deepEqual((await call('DELETE', `/_api/job/${one}`)).body, { result: true });
      assert.deepEqual(await list('done'), []);

      const pending = await store('POST', `${DB}/_api/cursor`, { query: long(20) });
      assert.deepEqual(await list('pending'), [pending]);
      assert.deepEqual((await call('DELETE', `/_api/job/${pending}`)).body, { result: true });
      assert.deepEqual([await list('pending'), await list('done')], [[], []]);

      const expiring = await store('POST', `${DB}/_api/cursor`, { query: long(21) });
      assert.deepEqual(await list('pending'), [expiring]);
      const stamp = Math.floor(Date.now() / 1000) + 24 * 3600;
      assert.deepEqual((await call('DELETE', `/_api/job/expired?stamp=${stamp}`)).body, { result: true });
      assert.deepEqual([await list('pending'), await list('done')], [[], []]);
      await killAll();
    });
  });
});
