// The AQL query results cache over HTTP: /_api/query-cache (properties, entries, clear,
// errors) and /_api/cursor's `cache` option: which queries are cached in which mode, what a
// hit answers, the cache key, invalidation by every kind of change to what a query read,
// and first-in first-out eviction by count and size. Cases follow ArangoDB's own tests
// (api-cursor-noncluster, shell-query-cache-noncluster).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import { encodeRows, QueryResultsCache, rowsSlice } from '../../src/cursors/query-cache.js';
import type { AqlValue } from '../../src/values/index.js';

const DEFAULTS = { mode: 'off', maxResults: 128, maxResultsSize: 268435456, maxEntrySize: 16777216, includeSystem: false };

describe('AQL query results cache', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: bodyOf(res) as any };
  }
  const props = (p: Record<string, unknown>) => call('PUT', '/_api/query-cache/properties', p);
  const cursor = (body: Record<string, unknown>, db = '_system') => call('POST', `/_db/${db}/_api/cursor`, body);
  const entries = async (db = '_system') => (await call('GET', `/_db/${db}/_api/query-cache/entries`)).body as any[];
  const entry = async (query: string, db = '_system') => (await entries(db)).filter((e) => e.query === query);

  async function collection(name: string, docs: unknown[] = []) {
    await call('DELETE', `/_api/collection/${name}`);
    assert.equal((await call('POST', '/_api/collection', { name })).status, 200);
    if (docs.length) assert.equal((await call('POST', `/_api/document/${name}`, docs)).status, 202);
  }

  beforeEach(async () => {
    await props({ ...DEFAULTS });
    await call('DELETE', '/_api/query-cache');
  });

  describe('/_api/query-cache', () => {
    it('answers the properties, ArangoDB defaults first, and changes only what a PUT names', async () => {
      let r = await call('GET', '/_api/query-cache/properties');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, DEFAULTS);
      r = await props({ mode: 'demand', maxResults: 3, maxResultsSize: 16399, maxEntrySize: 123456 });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { mode: 'demand', maxResults: 3, maxResultsSize: 16399, maxEntrySize: 123456, includeSystem: false });
      r = await props({ maxEntrySize: 123456788113, includeSystem: true });
      assert.deepEqual(r.body, { mode: 'demand', maxResults: 3, maxResultsSize: 16399, maxEntrySize: 123456788113, includeSystem: true });
      r = await props({});
      assert.equal(r.body.maxEntrySize, 123456788113);
      // a limit is truncated to an integer
      assert.equal((await props({ maxResults: 7.9 })).body.maxResults, 7);
      assert.deepEqual((await call('GET', '/_api/query-cache/properties')).body, { mode: 'demand', maxResults: 7, maxResultsSize: 16399, maxEntrySize: 123456788113, includeSystem: true });
    });

    it('takes any other mode string as off and ignores attributes of another type', async () => {
      await props({ mode: 'on' });
      assert.equal((await props({ mode: '${mode}' })).body.mode, 'off');
      await props({ mode: 'on' });
      const r = await props({ mode: 1, maxResults: '5', includeSystem: 'yes', maxEntrySize: null });
      assert.deepEqual(r.body, { ...DEFAULTS, mode: 'on' });
    });

    it('refuses a limit below 1 with 400/10 and changes nothing', async () => {
      for (const k of ['maxResults', 'maxResultsSize', 'maxEntrySize']) {
        for (const v of [0, -5, 0.5]) {
          const r = await props({ mode: 'on', [k]: v });
          assert.equal(r.status, 400);
          assert.deepEqual(r.body, { error: true, code: 400, errorNum: 10, errorMessage: `invalid value for ${k}` });
        }
      }
      assert.deepEqual((await call('GET', '/_api/query-cache/properties')).body, DEFAULTS);
    });

    it('refuses bodies that are not objects, and other paths and methods, as ArangoDB does', async () => {
      const expectObject = { error: true, code: 400, errorNum: 400, errorMessage: 'expecting a JSON-Object body' };
      for (const raw of ['[1]', '"on"', '1', 'null']) assert.deepEqual((await call('PUT', '/_api/query-cache/properties', undefined, raw)).body, expectObject);
      assert.deepEqual((await call('PUT', '/_api/query-cache/properties')).body, expectObject);
      const broken = await call('PUT', '/_api/query-cache/properties', undefined, '{"mode":');
      assert.equal(broken.status, 400);
      assert.equal(broken.body.errorNum, 600);
      const expectPut = { error: true, code: 400, errorNum: 400, errorMessage: 'expecting PUT /_api/query-cache/properties' };
      assert.deepEqual((await call('PUT', '/_api/query-cache', { mode: 'on' })).body, expectPut);
      assert.deepEqual((await call('PUT', '/_api/query-cache/entries', { mode: 'on' })).body, expectPut);
      assert.deepEqual((await call('PUT', '/_api/query-cache/x', { mode: 'on' })).body, expectPut);
      const expectGet = { error: true, code: 400, errorNum: 400, errorMessage: 'expecting GET /_api/query-cache/properties or /_api/query-cache/entries' };
      assert.deepEqual((await call('GET', '/_api/query-cache')).body, expectGet);
      assert.deepEqual((await call('GET', '/_api/query-cache/x')).body, expectGet);
      for (const m of ['POST', 'PATCH']) {
        const r = await call(m, '/_api/query-cache/properties', {});
        assert.equal(r.status, 501);
        assert.deepEqual(r.body, { error: true, code: 501, errorNum: 9, errorMessage: "'ILLEGAL /_api/document' not implemented" });
      }
      assert.equal((await call('GET', '/_api/query-cache/properties')).body.mode, 'off');
      assert.deepEqual((await call('DELETE', '/_api/query-cache')).body, { error: false, code: 200 });
      assert.deepEqual((await call('DELETE', '/_api/query-cache/anything')).body, { error: false, code: 200 });
    });

    it('shares the properties between databases; entries and clearing are per database', async () => {
      await call('DELETE', '/_api/database/qcdb1');
      await call('DELETE', '/_api/database/qcdb2');
      assert.equal((await call('POST', '/_api/database', { name: 'qcdb1' })).status, 201);
      assert.equal((await call('POST', '/_api/database', { name: 'qcdb2' })).status, 201);
      try {
        await call('PUT', '/_db/qcdb1/_api/query-cache/properties', { mode: 'demand', maxResults: 98765 });
        assert.deepEqual((await call('GET', '/_db/qcdb2/_api/query-cache/properties')).body.maxResults, 98765);
        const query = 'FOR doc IN @@cn SORT doc.value RETURN doc.value';
        for (const [db, f] of [['qcdb1', 1], ['qcdb2', 2]] as const) {
          await call('POST', `/_db/${db}/_api/collection`, { name: 'c' });
          await call('POST', `/_db/${db}/_api/document/c`, [0, 1, 2, 3, 4].map((i) => ({ value: i * f })));
          const r = await cursor({ query, bindVars: { '@cn': 'c' }, cache: true }, db);
          assert.equal(r.body.cached, false);
        }
        for (const [db, f] of [['qcdb1', 1], ['qcdb2', 2]] as const) {
          const r = await cursor({ query, bindVars: { '@cn': 'c' }, cache: true }, db);
          assert.equal(r.body.cached, true);
          assert.deepEqual(r.body.result, [0, 1, 2, 3, 4].map((i) => i * f));
          assert.equal((await entry(query, db))[0].hits, 1);
        }
        await call('DELETE', '/_db/qcdb1/_api/query-cache');
        assert.equal((await entries('qcdb1')).length, 0);
        assert.equal((await entries('qcdb2')).length, 1);
      } finally {
        await call('DELETE', '/_api/database/qcdb1');
        await call('DELETE', '/_api/database/qcdb2');
      }
    });

    it('lists entries with hash, query, bindVars, size, results, hits, runTime, started and dataSources', async () => {
      await collection('qc_list', [{ value: 1 }]);
      await props({ mode: 'demand' });
      const q = 'FOR i IN 1..@value RETURN i // 100';
      const first = await cursor({ query: q, bindVars: { value: 100 }, cache: true });
      await cursor({ query: 'FOR d IN qc_list RETURN d.value', cache: true });
      const [e] = await entry(q);
      assert.match(e.hash, /^\d+$/);
      assert.deepEqual(e.bindVars, { value: 100 });
      assert.equal(e.results, 100);
      assert.equal(e.hits, 0);
      // the query string, the rows' JSON and the bind parameters' JSON
      assert.equal(e.size, q.length + JSON.stringify(first.body.result).length + JSON.stringify({ value: 100 }).length);
      assert.equal(e.runTime, first.body.extra.stats.executionTime);
      assert.match(e.started, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(e.dataSources, []);
      assert.deepEqual((await entry('FOR d IN qc_list RETURN d.value'))[0].dataSources, ['qc_list']);
      assert.notEqual(e.hash, (await entry('FOR d IN qc_list RETURN d.value'))[0].hash);
    });

    it('starts in the mode and with the limits of its options', async () => {
      const other = await startServer(['--query-cache-mode', 'on', '--query-cache-entries', '2', '--query-cache-entry-max-size', '1k', '--query-cache-include-system']);
      try {
        const r = await other.request({ method: 'GET', url: '/_api/query-cache/properties' });
        assert.deepEqual(bodyOf(r), { mode: 'on', maxResults: 2, maxResultsSize: 268435456, maxEntrySize: 1024, includeSystem: true });
        const q = { method: 'POST', url: '/_api/cursor', body: { query: 'FOR i IN 1..3 RETURN i' } };
        assert.equal((bodyOf(await other.request(q)) as any).cached, false);
        assert.equal((bodyOf(await other.request(q)) as any).cached, true);
      } finally {
        await other.close();
      }
    });
  });

  describe('cursors', () => {
    const Q = 'FOR i IN 1..5 RETURN i';

    it('never caches in mode off, even with cache: true', async () => {
      for (const cache of [true, false, undefined]) {
        for (let i = 0; i < 2; i++) {
          const r = await cursor({ query: Q, cache });
          assert.equal(r.status, 201);
          assert.equal(r.body.cached, false);
        }
      }
      assert.deepEqual(await entries(), []);
    });

    it('in mode demand caches only queries with cache: true', async () => {
      await props({ mode: 'demand' });
      for (const body of [{ query: Q }, { query: Q, cache: false }, { query: Q, options: { cache: false } }]) {
        for (let i = 0; i < 2; i++) {
          const r = await cursor(body);
          assert.equal(r.body.cached, false);
          assert.ok(r.body.extra.stats);
        }
      }
      assert.deepEqual(await entries(), []);
      const first = await cursor({ query: Q, cache: true });
      assert.equal(first.body.cached, false);
      const hit = await cursor({ query: Q, cache: true });
      assert.equal(hit.status, 201);
      assert.deepEqual(Object.keys(hit.body), ['result', 'hasMore', 'cached', 'extra', 'error', 'code']);
      assert.deepEqual(hit.body.result, [1, 2, 3, 4, 5]);
      assert.equal(hit.body.cached, true);
      assert.equal(hit.body.id, undefined);
      assert.deepEqual(hit.body.extra, first.body.extra, 'the first run\'s stats, executionTime included');
      assert.deepEqual(hit.body.extra.warnings, []);
      // `cache` inside options wins over the top-level one
      assert.equal((await cursor({ query: Q, cache: false, options: { cache: true } })).body.cached, true);
      assert.equal((await cursor({ query: Q, cache: true, options: { cache: false } })).body.cached, false);
      assert.equal((await entry(Q))[0].hits, 2);
    });

    it('in mode on caches every query unless it says cache: false', async () => {
      await props({ mode: 'on' });
      assert.equal((await cursor({ query: Q, cache: false })).body.cached, false);
      assert.equal((await cursor({ query: Q, cache: false })).body.cached, false);
      assert.deepEqual(await entries(), []);
      assert.equal((await cursor({ query: Q })).body.cached, false);
      assert.equal((await cursor({ query: Q })).body.cached, true);
      assert.equal((await cursor({ query: Q, cache: false })).body.cached, false);
      assert.equal((await cursor({ query: Q, cache: 'yes' })).body.cached, true, 'a non-boolean cache is not false');
    });

    it('empties every database\'s cache when the mode changes, not when it is set again', async () => {
      await props({ mode: 'on' });
      await cursor({ query: Q });
      await props({ mode: 'on' });
      assert.equal((await entries()).length, 1);
      await props({ mode: 'demand' });
      assert.equal((await entries()).length, 0);
    });

    it('serves a cached result larger than batchSize through a cursor, cached: true in every batch', async () => {
      await props({ mode: 'on' });
      const first = await cursor({ query: 'FOR i IN 1..5 RETURN i * 2', batchSize: 2, count: true });
      assert.equal(first.body.cached, false);
      const hit = await cursor({ query: 'FOR i IN 1..5 RETURN i * 2', batchSize: 2, count: true });
      assert.equal(hit.status, 201);
      assert.deepEqual(hit.body.result, [2, 4]);
      assert.equal(hit.body.hasMore, true);
      assert.equal(hit.body.count, 5);
      assert.equal(hit.body.cached, true);
      assert.equal(hit.body.nextBatchId, '2');
      const rows = [...hit.body.result];
      let next = hit;
      while (next.body.hasMore) {
        next = await call('PUT', `/_api/cursor/${hit.body.id}`);
        assert.equal(next.status, 200);
        assert.equal(next.body.cached, true);
        assert.equal(next.body.count, 5);
        assert.deepEqual(next.body.extra, first.body.extra);
        rows.push(...next.body.result);
      }
      assert.deepEqual(rows, [2, 4, 6, 8, 10]);
      // a different batchSize is the same entry
      const other = await cursor({ query: 'FOR i IN 1..5 RETURN i * 2', batchSize: 10, count: true });
      assert.equal(other.body.cached, true);
      assert.deepEqual(other.body.result, [2, 4, 6, 8, 10]);
    });

    it('keys entries by the exact query string, bind parameters, count, fullCount and optimizer rules', async () => {
      await props({ mode: 'on' });
      const q = 'FOR i IN @list RETURN i';
      assert.equal((await cursor({ query: q, bindVars: { list: [1, 2, 3] } })).body.cached, false);
      assert.equal((await cursor({ query: q, bindVars: { list: [3, 2, 1] } })).body.cached, false);
      const hit = await cursor({ query: q, bindVars: { list: [3, 2, 1] } });
      assert.equal(hit.body.cached, true);
      assert.deepEqual(hit.body.result, [3, 2, 1]);
      assert.equal((await cursor({ query: q + ' ', bindVars: { list: [3, 2, 1] } })).body.cached, false);
      assert.equal((await cursor({ query: q, bindVars: { list: [3, 2, 1] }, count: true })).body.cached, false);
      assert.equal((await cursor({ query: q, bindVars: { list: [3, 2, 1] }, options: { optimizer: { rules: ['-all'] } } })).body.cached, false);
      assert.equal((await cursor({ query: q, bindVars: { list: [3, 2, 1] }, options: { optimizer: { rules: ['-all'] } } })).body.cached, true);
      // options that do not change the result do not change the key
      assert.equal((await cursor({ query: q, bindVars: { list: [3, 2, 1] }, batchSize: 1, ttl: 5, options: { maxRuntime: 10 } })).body.cached, true);

      const limited = 'FOR i IN 1..10000 LIMIT 5 RETURN i';
      const on1 = await cursor({ query: limited, options: { fullCount: true } });
      assert.equal(on1.body.extra.stats.fullCount, 10000);
      const off = await cursor({ query: limited, options: { fullCount: false } });
      assert.equal(off.body.cached, false);
      assert.equal('fullCount' in off.body.extra.stats, false);
      const on2 = await cursor({ query: limited, options: { fullCount: true } });
      assert.equal(on2.body.cached, true);
      assert.deepEqual(on2.body.extra.stats, on1.body.extra.stats);
      const off2 = await cursor({ query: limited, options: { fullCount: false } });
      assert.equal(off2.body.cached, true);
      assert.equal('fullCount' in off2.body.extra.stats, false);
    });

    it('does not cache stream queries, data modifications, non-cacheable functions, warnings or profiles\' extras', async () => {
      await props({ mode: 'on' });
      await collection('qc_nc', [{ value: 1 }, { value: 2 }]);
      for (const body of [
        { query: 'FOR d IN qc_nc RETURN d.value', options: { stream: true } },
        { query: 'FOR d IN qc_nc SORT RAND() RETURN d.value' },
        { query: 'RETURN DOCUMENT("qc_nc/nope")' },
        { query: 'RETURN DATE_NOW() > 0' },
        { query: 'FOR d IN qc_nc RETURN 1 / (d.value - 1)' },
        { query: 'FOR i IN 1..2 INSERT { value: i } INTO qc_nc' },
        { query: 'FOR d IN qc_nc FILTER d.value > 2 REMOVE d IN qc_nc RETURN OLD.value' },
      ]) {
        const a = await cursor(body);
        assert.equal(a.status, 201, JSON.stringify(a.body));
        const b = await cursor(body);
        assert.equal(b.body.cached, false, body.query);
      }
      assert.deepEqual(await entries(), []);
      // a profiled run is cached; its hit has the stats, not the profile or the plan
      const p1 = await cursor({ query: 'FOR d IN qc_nc SORT d.value RETURN d.value', options: { profile: 2 } });
      assert.ok(p1.body.extra.profile && p1.body.extra.plan);
      const p2 = await cursor({ query: 'FOR d IN qc_nc SORT d.value RETURN d.value', options: { profile: 2 } });
      assert.equal(p2.body.cached, true);
      assert.deepEqual(p2.body.extra, { stats: p1.body.extra.stats, warnings: [] });
    });

    it('caches queries reading a system collection only with includeSystem', async () => {
      await call('DELETE', '/_api/collection/_qcsys?isSystem=true');
      assert.equal((await call('POST', '/_api/collection', { name: '_qcsys', isSystem: true })).status, 200);
      try {
        await props({ mode: 'on' });
        const q = { query: 'FOR d IN _qcsys RETURN d' };
        await cursor(q);
        assert.equal((await cursor(q)).body.cached, false);
        await props({ includeSystem: true });
        await cursor(q);
        assert.equal((await cursor(q)).body.cached, true);
        await props({ includeSystem: false });
        assert.deepEqual(await entries(), []);
      } finally {
        await call('DELETE', '/_api/collection/_qcsys?isSystem=true');
      }
    });
  });

  describe('invalidation', () => {
    const Q = 'FOR d IN qc_inv SORT d.value RETURN d.value';
    async function cachedNow(expect: unknown[]) {
      const a = await cursor({ query: Q });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.deepEqual(a.body.result, expect);
      const b = await cursor({ query: Q });
      assert.equal(b.body.cached, true);
      assert.deepEqual(b.body.result, expect);
      return a.body.cached as boolean;
    }
    beforeEach(async () => {
      await collection('qc_inv', [{ _key: 'a', value: 1 }, { _key: 'b', value: 2 }]);
      await collection('qc_other', [{ value: 5 }]);
      await props({ mode: 'on' });
    });

    it('ends with every document write, through any API, and not with reads or writes elsewhere', async () => {
      assert.equal(await cachedNow([1, 2]), false);
      await call('GET', '/_api/document/qc_inv/a');
      await call('POST', '/_api/document/qc_other', { value: 6 });
      await cursor({ query: 'INSERT { value: 7 } INTO qc_other' });
      assert.equal(await cachedNow([1, 2]), true, 'reads and other collections leave it');
      await call('POST', '/_api/document/qc_inv', { value: 3 });
      assert.equal(await cachedNow([1, 2, 3]), false);
      await call('PATCH', '/_api/document/qc_inv/a', { value: 0 });
      assert.equal(await cachedNow([0, 2, 3]), false);
      await call('PUT', '/_api/document/qc_inv/a', { value: -1 });
      assert.equal(await cachedNow([-1, 2, 3]), false);
      await call('DELETE', '/_api/document/qc_inv/b');
      assert.equal(await cachedNow([-1, 3]), false);
      await cursor({ query: 'FOR d IN qc_other INSERT { value: d.value * 10 } INTO qc_inv' });
      assert.equal(await cachedNow([-1, 3, 50, 60, 70]), false);
      // a failed write changes nothing, and the cached result stays right
      assert.equal((await call('POST', '/_api/document/qc_inv', { _key: 'a', value: 9 })).status, 409);
      assert.deepEqual((await cursor({ query: Q })).body.result, [-1, 3, 50, 60, 70]);
    });

    it('ends with a write to a collection a subquery reads', async () => {
      const q = 'FOR d IN qc_inv LET o = (FOR x IN qc_other RETURN x.value) RETURN [d.value, LENGTH(o)]';
      await cursor({ query: q });
      assert.equal((await cursor({ query: q })).body.cached, true);
      await call('POST', '/_api/document/qc_other', { value: 6 });
      const r = await cursor({ query: q });
      assert.equal(r.body.cached, false);
      assert.deepEqual(r.body.result.map((x: number[]) => x[1]), [2, 2]);
    });

    it('ends with truncate, drop, rename and index changes', async () => {
      await cachedNow([1, 2]);
      await call('PUT', '/_api/collection/qc_inv/truncate');
      assert.equal(await cachedNow([]), false);

      await call('POST', '/_api/document/qc_inv', [{ value: 4 }]);
      await cachedNow([4]);
      const ix = await call('POST', '/_api/index?collection=qc_inv', { type: 'persistent', fields: ['value'] });
      assert.equal(ix.status, 201);
      assert.equal(await cachedNow([4]), false);
      await call('DELETE', `/_api/index/${ix.body.id}`);
      assert.equal(await cachedNow([4]), false);

      await call('DELETE', '/_api/collection/qc_inv');
      await collection('qc_inv', [{ value: 8 }]);
      assert.equal(await cachedNow([8]), false, 'a collection made again under the name');

      await call('PUT', '/_api/collection/qc_inv/rename', { name: 'qc_inv2' });
      const gone = await cursor({ query: Q });
      assert.equal(gone.status, 404);
      assert.equal(gone.body.errorNum, 1203);
      assert.deepEqual(await entry(Q), []);
      await call('DELETE', '/_api/collection/qc_inv2');
    });
  });

  describe('eviction', () => {
    it('keeps at most maxResults entries, first stored first evicted; a hit does not move an entry', async () => {
      await props({ mode: 'demand', maxResults: 3 });
      const q = (i: number) => `FOR i IN 1..${i} RETURN i`;
      for (let i = 1; i <= 5; i++) await cursor({ query: q(i), cache: true });
      assert.deepEqual((await entries()).map((e) => e.query), [q(3), q(4), q(5)]);
      assert.equal((await cursor({ query: q(3), cache: true })).body.cached, true);
      await cursor({ query: q(6), cache: true });
      assert.deepEqual((await entries()).map((e) => e.query), [q(4), q(5), q(6)]);
      await props({ maxResults: 1 });
      assert.deepEqual((await entries()).map((e) => e.query), [q(6)]);
    });

    it('keeps at most maxResultsSize bytes and stores nothing over maxEntrySize', async () => {
      const q = 'FOR i IN 1..@value RETURN i';
      await props({ mode: 'demand', maxResults: 10, maxResultsSize: 8192 });
      // [1..1000] is 3,893 bytes of JSON: two fit in 8 KB, [1..5000] does not
      await cursor({ query: q + ' // 1000', bindVars: { value: 1000 }, cache: true });
      await cursor({ query: q + ' // 1001', bindVars: { value: 1001 }, cache: true });
      await cursor({ query: q + ' // 5000', bindVars: { value: 5000 }, cache: true });
      assert.deepEqual((await entries()).map((e) => e.query), [q + ' // 1000', q + ' // 1001']);
      await cursor({ query: q + ' // 1002', bindVars: { value: 1002 }, cache: true });
      assert.deepEqual((await entries()).map((e) => e.query), [q + ' // 1001', q + ' // 1002']);

      await props({ maxResultsSize: 268435456, maxEntrySize: 2048 });
      await cursor({ query: 'FOR i IN 1..1000 RETURN i', cache: true });
      assert.deepEqual(await entry('FOR i IN 1..1000 RETURN i'), []);
      await cursor({ query: 'FOR i IN 1..100 RETURN i', cache: true });
      assert.equal((await entry('FOR i IN 1..100 RETURN i')).length, 1);
      // lowering maxEntrySize drops what is now too large
      await props({ maxEntrySize: 100 });
      assert.deepEqual(await entry('FOR i IN 1..100 RETURN i'), []);
    });
  });

  it('never stores a result computed before a write that committed while the query ran', async () => {
    const storage = s.server.storage;
    await collection('qc_race', [{ value: 1 }]);
    const cache = new QueryResultsCache(storage, { mode: 'on' });
    const parts = { query: 'FOR d IN qc_race RETURN d.value', bindVars: {}, count: false, fullCount: false, rules: [] };
    const plan = { collections: ['qc_race'], cacheable: true };
    // a query starts (ticket, then its planned sources) ...
    let ticket = cache.begin('_system', parts, undefined, false)!;
    let sources = cache.sources('_system', plan);
    // ... a write commits while it runs ...
    assert.equal((await call('POST', '/_api/document/qc_race', { value: 2 })).status, 202);
    // ... and its (old) result is not stored
    cache.store(ticket, sources, { rows: [1], rowBytes: 3, extra: {}, runTime: 0 });
    assert.equal(cache.lookup(ticket), undefined);
    assert.deepEqual(cache.entries('_system'), []);
    // without a write in between it is stored, and a later write ends it
    ticket = cache.begin('_system', parts, undefined, false)!;
    sources = cache.sources('_system', plan);
    cache.store(ticket, sources, { rows: [1, 2], rowBytes: 5, extra: {}, runTime: 0 });
    const hit = cache.lookup(ticket);
    assert.equal(hit && rowsSlice(hit, 0, 2).toString(), '[1,2]');
    await call('POST', '/_api/document/qc_race', { value: 3 });
    assert.equal(cache.lookup(ticket), undefined);
    // a plan that may not be cached has no sources, and nothing is stored
    assert.equal(cache.sources('_system', { collections: ['qc_race'], cacheable: false }), undefined);
  });

  it('holds a result as the JSON of its rows, and slices any run of them back out', () => {
    const rows: AqlValue[] = [1, 'zwölf €', null, { a: [1, { b: '😀' }], c: 'x,y]' }, [], {}, -0.5, 'last'];
    const r = { ...encodeRows(rows), extra: {} };
    assert.equal(r.bytes.toString(), JSON.stringify(rows).slice(1, -1));
    for (let a = 0; a < rows.length; a++) for (let b = a + 1; b <= rows.length; b++) assert.equal(rowsSlice(r, a, b).toString(), JSON.stringify(rows.slice(a, b)), `${a}..${b}`);
    assert.equal(encodeRows([]).bytes.length, 0);
  });
});
