// ArangoDB's own tests of the cursor API, replayed against Cairn over HTTP (inject). Each
// case names the upstream test it comes from: tests/js/client/shell/api/cursor.js (the
// 3.12 port of tests/rb/HttpInterface/api-cursor-spec.rb), api/cursor-noncluster.js (query
// results cache, also inside stream transactions), tests/js/common/shell/shell-statement.js
// and shell-query-stream.js, tests/js/client/shell/shell-statement.js (arangosh statements
// speak /_api/cursor), tests/js/client/aql/aql-memory-limit.js (memoryLimit), python-arango's
// tests/test_cursor.py and arangojs's 08-cursors, 05-aql-queries and 23-aql-queries-stream.
// Where a case follows ArangoDB's source rather than a test (RestCursorHandler,
// QueryStreamCursor, CursorRepository), it says so. Failure points
// (MakeConnectionErrorForRetry) are replaced by the request they simulate losing: a fetch
// whose answer the client never reads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import { CursorRegistry } from '../../src/cursors/registry.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const reId = /^\d+$/;

type Reply = { status: number; body: any; raw: string; type: string | undefined };

describe("ArangoDB's cursor tests against Cairn", () => {
  let s: TestServer;
  const clock = new ManualClock();
  before(async () => {
    s = await startServer([], { clock });
    await call('POST', '/_api/collection', { name: 'users2001' });
    await call('POST', '/_api/cursor', { query: 'FOR i IN 0..2000 INSERT { _key: CONCAT("test", i) } INTO users2001' });
    await call('POST', '/_api/collection', { name: 'users10' });
    await call('POST', '/_api/cursor', { query: 'FOR i IN 0..9 INSERT { n: TO_STRING(i) } INTO users10' });
  });
  after(async () => {
    const left = s.server.services.cursors.open.cursors;
    await s.close();
    assert.equal(left, 0, 'cursors left open');
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string): Promise<Reply> {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: res.body ? bodyOf(res) : undefined, raw: res.body, type: res.headers['content-type'] as string | undefined };
  }
  const create = (body: unknown) => call('POST', '/_api/cursor', body);

  /** An error reply: status, content type, then errorNum (and the message when given). */
  function assertError(r: Reply, status: number, errorNum: number, message?: string | RegExp) {
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.type, JSON_TYPE);
    assert.equal(r.body.error, true);
    assert.equal(r.body.code, status);
    assert.equal(r.body.errorNum, errorNum);
    if (typeof message === 'string') assert.equal(r.body.errorMessage, message);
    else if (message) assert.match(r.body.errorMessage, message);
  }

  /** A batch reply: status, body code, hasMore, id (a decimal string or absent), rows, cached false. */
  function assertBatch(r: Reply, status: number, o: { hasMore: boolean; id?: string | 'any'; rows: number; count?: number; code?: number }) {
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.type, JSON_TYPE);
    assert.equal(r.body.error, false);
    assert.equal(r.body.code, o.code ?? status);
    assert.equal(r.body.hasMore, o.hasMore);
    if (o.id === undefined) assert.equal('id' in r.body, false, 'no id');
    else {
      assert.equal(typeof r.body.id, 'string');
      assert.match(r.body.id, reId);
      if (o.id !== 'any') assert.equal(r.body.id, o.id);
    }
    assert.equal(r.body.result.length, o.rows);
    if (o.count === undefined) assert.equal('count' in r.body, false, 'no count');
    else assert.equal(r.body.count, o.count);
    assert.equal(r.body.cached, false);
  }

  describe('api/cursor.js: error handling', () => {
    it('answers 400/1502 to a create request without a body (test_returns_an_error_if_body_is_missing)', async () => {
      assertError(await call('POST', '/_api/cursor', undefined, ''), 400, 1502, 'query is empty');
    });

    it('answers 400/600 to an empty object (test_returns_an_error_if_query_attribute_is_missing)', async () => {
      assertError(await call('POST', '/_api/cursor', undefined, '{ }'), 400, 600, 'invalid JSON object');
    });

    it('answers 400/1502 to a null or empty query (test_returns_an_error_if_query_is_null, ..._string_is_empty)', async () => {
      assertError(await call('POST', '/_api/cursor', undefined, '{ "query" : null }'), 400, 1502, 'query is empty');
      assertError(await call('POST', '/_api/cursor', undefined, '{ "query" : "" }'), 400, 1502, 'query is empty');
    });

    it('answers 400/1501 to a query of whitespace only (test_returns_an_error_if_query_string_is_just_whitespace)', async () => {
      assertError(await call('POST', '/_api/cursor', undefined, '{ "query" : "    " }'), 400, 1501);
    });

    it('answers 404/1203 to an unknown collection (test_returns_an_error_if_collection_is_unknown)', async () => {
      const r = await create({ query: 'FOR u IN unknowncollection LIMIT 2 RETURN u.n', count: true, bindVars: {}, batchSize: 2 });
      assertError(r, 404, 1203, 'AQL: collection or view not found: unknowncollection (while parsing)');
    });

    it('answers 400/400 to PUT without a cursor id and 404/1600 to an unknown id (test_returns_an_error_if_cursor_identifier_is_missing, ..._invalid___PUT, ..._invalid___POST)', async () => {
      assertError(await call('PUT', '/_api/cursor', undefined, ''), 400, 400, 'expecting POST /_api/cursor/<cursor-id>');
      assertError(await call('PUT', '/_api/cursor/123456', undefined, ''), 404, 1600, 'cursor not found');
      assertError(await call('POST', '/_api/cursor/123456', undefined, ''), 404, 1600, 'cursor not found');
    });

    it('answers 500/32 when the memoryLimit is passed, at the top level or in options (test_returns_an_error_if_memory_limit_is_violated; shell-statement testMemoryLimit)', async () => {
      assertError(await create({ query: 'FOR i IN 1..100000 SORT i RETURN i', memoryLimit: 100000 }), 500, 32);
      assertError(await create({ query: 'FOR i IN 1..100000 SORT i RETURN i', options: { memoryLimit: 100000 } }), 500, 32);
    });

    it('reports every warning without failOnWarning, at most maxWarningCount (test_returns_no_errors_but_warnings_if_fail_on_warning_is_not_triggered[__limiting_number_of_warnings])', async () => {
      let r = await create({ query: 'FOR i IN 1..5 RETURN i / 0', options: { failOnWarning: false } });
      assertBatch(r, 201, { hasMore: false, rows: 5 });
      assert.deepEqual(r.body.result, [null, null, null, null, null]);
      assert.deepEqual(r.body.extra.warnings.map((w: { code: number }) => w.code), [1562, 1562, 1562, 1562, 1562]);
      r = await create({ query: 'FOR i IN 1..5 RETURN i / 0', options: { failOnWarning: false, maxWarningCount: 3 } });
      assertBatch(r, 201, { hasMore: false, rows: 5 });
      assert.deepEqual(r.body.extra.warnings.map((w: { code: number }) => w.code), [1562, 1562, 1562]);
    });

    it('fails with 400/1562 under failOnWarning (test_returns_an_error_if_fail_on_warning_is_triggered)', async () => {
      assertError(await call('POST', '/_api/cursor', undefined, '{ "query" : "FOR i IN 1..5 RETURN i / 0", "options" : { "failOnWarning" : true } }'), 400, 1562);
    });
  });

  describe('api/cursor.js: a cursor with continuation', () => {
    for (const method of ['PUT', 'POST']) {
      it(`serves 2001 documents in batches of 1000 with count, then 404/1600 (test_creates_a_cursor_and_consumes_data_incrementally___${method})`, async () => {
        let r = await create({ query: 'FOR u IN users2001 RETURN u', count: true });
        assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000, count: 2001 });
        const id = r.body.id;
        r = await call(method, `/_api/cursor/${id}`, undefined, '');
        assertBatch(r, 200, { hasMore: true, id, rows: 1000, count: 2001 });
        r = await call(method, `/_api/cursor/${id}`, undefined, '');
        assertBatch(r, 200, { hasMore: false, rows: 1, count: 2001 });
        assertError(await call(method, `/_api/cursor/${id}`, undefined, ''), 404, 1600, 'cursor not found');
      });
    }
  });

  describe('api/cursor.js: handling a cursor', () => {
    it('answers a result that fits in one round with count and without (test_creates_a_cursor_single_run[__without_count, __large_batch_size])', async () => {
      assertBatch(await create({ query: 'FOR u IN users10 LIMIT 2 RETURN u.n', count: true, bindVars: {}, batchSize: 2 }), 201, { hasMore: false, rows: 2, count: 2 });
      assertBatch(await create({ query: 'FOR u IN users10 LIMIT 2 RETURN u.n', count: false, bindVars: {} }), 201, { hasMore: false, rows: 2 });
      assertBatch(await create({ query: 'FOR u IN users10 LIMIT 2 RETURN u.n', count: true, batchSize: 5 }), 201, { hasMore: false, rows: 2, count: 2 });
    });

    for (const method of ['PUT', 'POST']) {
      it(`consumes a usable cursor incrementally (test_creates_a_usable_cursor_and_consumes_data_incrementally___${method})`, async () => {
        let r = await create({ query: 'FOR u IN users10 LIMIT 5 RETURN u.n', count: true, batchSize: 2 });
        assertBatch(r, 201, { hasMore: true, id: 'any', rows: 2, count: 5 });
        const id = r.body.id;
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 2, count: 5 });
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: false, rows: 1, count: 5 });
        assertError(await call(method, `/_api/cursor/${id}`, undefined, ''), 404, 1600);
      });

      it(`deletes a cursor in the middle with 202 and its id (test_creates_a_cursor_and_deletes_it_in_the_middle___${method})`, async () => {
        const r = await create({ query: 'FOR u IN users10 LIMIT 5 RETURN u.n', count: true, batchSize: 2 });
        const id = r.body.id;
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 2, count: 5 });
        const d = await call('DELETE', `/_api/cursor/${id}`);
        assert.equal(d.type, JSON_TYPE);
        assert.deepEqual([d.status, d.body], [202, { id, error: false, code: 202 }]);
      });
    }

    it('takes cursor and query ids from the server tick that also makes document keys (ids are decimal strings, not consecutive)', async () => {
      // ArangoDB's cursor ids are server ticks (TRI_NewServerSpecificTick), as are
      // generated document keys: a cursor made between two inserts gets an id between their keys
      await call('POST', '/_api/collection', { name: 'ticks' });
      const key = async () => Number((await call('POST', '/_api/document/ticks', {})).body._key);
      const before = await key();
      const r = await create({ query: 'FOR i IN 1..3 RETURN i', batchSize: 1, stream: true });
      const after = await key();
      assert.match(r.body.id, reId);
      assert.ok(before < Number(r.body.id) && Number(r.body.id) < after, `${before} < ${r.body.id} < ${after}`);
      // so are query ids (/_api/query/current lists a stream query while its cursor is open)
      const listed = (await call('GET', '/_api/query/current')).body.find((q: { query: string }) => q.query === 'FOR i IN 1..3 RETURN i');
      assert.ok(before < Number(listed.id) && Number(listed.id) < after, `${before} < ${listed.id} < ${after}`);
      await call('DELETE', `/_api/cursor/${r.body.id}`);
    });

    it('reads a cursor id in a path as a number, and answers a DELETE with the id as given (RestCursorHandler: StringUtils::uint64)', async () => {
      const r = await create({ query: 'FOR i IN 1..5 RETURN i', batchSize: 1 });
      const id = r.body.id;
      assertBatch(await call('PUT', `/_api/cursor/00${id}`), 200, { hasMore: true, id, rows: 1 });
      assertBatch(await call('POST', `/_api/cursor/0${id}/3`), 200, { hasMore: true, id, rows: 1 });
      assertError(await call('PUT', `/_api/cursor/${id}x`), 404, 1600, 'cursor not found');
      assertError(await call('PUT', `/_api/cursor/1${'0'.repeat(20)}`), 404, 1600, 'cursor not found');
      const d = await call('DELETE', `/_api/cursor/0${id}`);
      assert.deepEqual([d.status, d.body], [202, { id: `0${id}`, error: false, code: 202 }]);
      assertError(await call('PUT', `/_api/cursor/${id}`), 404, 1600, 'cursor not found');
    });

    it('deletes a cursor once, then 404/1600 without an id; an unknown id is 404/1600 (test_deleting_a_cursor, test_deleting_a_deleted_cursor, test_deleting_an_invalid_cursor)', async () => {
      const r = await create({ query: 'FOR u IN users10 LIMIT 5 RETURN u.n', count: true, batchSize: 2 });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 2, count: 5 });
      const id = r.body.id;
      const d = await call('DELETE', `/_api/cursor/${id}`);
      assert.deepEqual([d.status, d.body], [202, { id, error: false, code: 202 }]);
      const again = await call('DELETE', `/_api/cursor/${id}`);
      assertError(again, 404, 1600, 'cursor not found');
      assert.equal('id' in again.body, false);
      const unknown = await call('DELETE', '/_api/cursor/999999');
      assertError(unknown, 404, 1600, 'cursor not found');
      assert.equal('id' in unknown.body, false);
    });

    it('keeps a stream cursor alive while a fetch takes longer than its ttl (test_creates_a_streaming_cursor_with_a_low_TTL)', async () => {
      // each row takes 0.2 s; the clock jumps 10 s (5 ttls) while a fetch runs
      const r = await create({ query: 'FOR i IN 1..10 LET x = SLEEP(0.2) RETURN i', batchSize: 1, ttl: 2, options: { stream: true } });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1 });
      const id = r.body.id;
      for (let i = 0; i < 2; i++) {
        const pending = call('POST', `/_api/cursor/${id}`, undefined, '');
        await new Promise((res) => setTimeout(res, 50));
        clock.advance(10_000);
        assertBatch(await pending, 200, { hasMore: true, id, rows: 1 });
      }
      assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
    });

    it('deletes a cursor whose ttl passed while a fetch was using it, with 202 (test_creates_a_streaming_cursor_with_a_low_TTL, its DELETE during the last fetch)', async () => {
      // ArangoDB: a cursor in use does not expire, and DELETE marks a busy cursor deleted
      const r = await create({ query: 'FOR i IN 1..10 LET x = SLEEP(0.2) RETURN i', batchSize: 1, ttl: 2, options: { stream: true } });
      const id = r.body.id;
      const pending = call('POST', `/_api/cursor/${id}`, undefined, '');
      await new Promise((res) => setTimeout(res, 50));
      clock.advance(10_000);
      const d = await call('DELETE', `/_api/cursor/${id}`);
      assert.deepEqual([d.status, d.body], [202, { id, error: false, code: 202 }]);
      assertBatch(await pending, 200, { hasMore: true, id, rows: 1 });
      assertError(await call('POST', `/_api/cursor/${id}`, undefined, ''), 404, 1600, 'cursor not found');
    });

    it('starts the ttl of a materialized cursor when its first batch is answered (test_creates_a_non_streaming_cursor_with_a_low_TTL)', async () => {
      const pending = create({ query: 'FOR i IN 1..10 LET x = SLEEP(0.05) RETURN i', batchSize: 1, ttl: 2 });
      await new Promise((res) => setTimeout(res, 100));
      clock.advance(10_000); // while the query runs
      const r = await pending;
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1 });
      const id = r.body.id;
      for (let i = 0; i < 2; i++) assertBatch(await call('POST', `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1 });
      assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
    });

    for (const method of ['PUT', 'POST']) {
      it(`expires a cursor 5 s after its last use (test_creates_a_cursor_that_will_expire___${method})`, async () => {
        const r = await create({ query: 'FOR u IN users10 LIMIT 5 RETURN u.n', count: true, batchSize: 1, ttl: 5 });
        assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1, count: 5 });
        const id = r.body.id;
        clock.advance(1000);
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1, count: 5 });
        clock.advance(1000);
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1, count: 5 });
        clock.advance(8000);
        assertError(await call(method, `/_api/cursor/${id}`, undefined, ''), 404, 1600, 'cursor not found');
      });

      it(`keeps a cursor with ttl 60 after 5 s idle (test_creates_a_cursor_that_will_not_expire___${method})`, async () => {
        const r = await create({ query: 'FOR u IN users10 LIMIT 5 RETURN u.n', count: true, batchSize: 1, ttl: 60 });
        const id = r.body.id;
        clock.advance(1000);
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1, count: 5 });
        clock.advance(1000);
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1, count: 5 });
        clock.advance(5000);
        assertBatch(await call(method, `/_api/cursor/${id}`, undefined, ''), 200, { hasMore: true, id, rows: 1, count: 5 });
        await call('DELETE', `/_api/cursor/${id}`);
      });
    }

    it('runs queries with expressions, PASSTHRU and index lookups by an expression (test_creates_a_query_that_executes_a_v8_expression_*, ..._dynamic_[V8_]index_expression_*)', async () => {
      const cases: [string, unknown[] | number][] = [
        ["RETURN CONCAT('foo', 'bar', 'baz')", ['foobarbaz']],
        ["FOR u IN users10 RETURN PASSTHRU(KEEP(u, '_key'))", 10],
        ['FOR i IN users10 FOR j IN users10 FILTER i._key == j._key RETURN i._key', 10],
        ['FOR i IN users10 FOR j IN users10 FILTER j._key == PASSTHRU(i._key) RETURN i._key', 10],
      ];
      for (const [query, expected] of cases) {
        const r = await create({ query });
        assertBatch(r, 201, { hasMore: false, rows: typeof expected === 'number' ? expected : expected.length });
        if (typeof expected !== 'number') assert.deepEqual(r.body.result, expected);
      }
    });

    it('returns bind values of every type unchanged (test_creates_a_cursor_with_different_bind_values; shell-statement testBindValueTypes)', async () => {
      const values = [null, false, true, -1, 2.5, 3e4, '', ' ', 'true', 'foo bar baz', [1, 2, 3, 'bar'], { foo: 'bar', '': 'baz', ' bar-baz ': 'foo-bar' }];
      const r = await create({ query: 'RETURN @values', bindVars: { values } });
      assertBatch(r, 201, { hasMore: false, rows: 1 });
      assert.deepEqual(r.body.result, [values]);
      const more = { nullValue: null, falseValue: false, trueValue: true, intValue: 2, doubleValue: -4.2, emptyString: '', nonemptyString: 'foo', arrayValue: [1, 2, 3, null, '', 'one', 'two', 'foobarbaz'], objectValues: { '': 1, 'foo-bar-baz': 'test', 'a b c': -42 } };
      assert.deepEqual((await create({ query: 'return @values', bindVars: { values: more } })).body.result, [more]);
    });

    it('runs a sort within a generous memoryLimit (test_creates_a_query_that_survives_memory_limit_constraints)', async () => {
      const r = await create({ query: 'FOR i IN 1..10000 SORT i RETURN i', memoryLimit: 10000000, batchSize: 10 });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 10 });
      await call('DELETE', `/_api/cursor/${r.body.id}`);
    });
  });

  describe('api/cursor.js: checking a query and floating point values', () => {
    it('validates queries with /_api/query (test_valid_query, test_window_aggregate_no_arguments_query, test_invalid_query)', async () => {
      let r = await call('POST', '/_api/query', { query: 'FOR u IN users10 FILTER u.name == @name LIMIT 2 RETURN u.n' });
      assert.deepEqual([r.status, r.body.error, r.body.code, r.body.bindVars], [200, false, 200, ['name']]);
      r = await call('POST', '/_api/query', { query: 'FOR e IN [] WINDOW { preceding: 1 } AGGREGATE i = LENGTH() RETURN 1' });
      assert.deepEqual([r.status, r.body.error, r.body.code], [200, false, 200]);
      assertError(await call('POST', '/_api/query', { query: 'FOR u IN users10 FILTER u.name = @name LIMIT 2 RETURN u.n' }), 400, 1501);
    });

    it('sorts by _key through the primary index, in its byte order, as ArangoDB (RocksDBPrimaryIndex::supportsSortCondition)', async () => {
      // ArangoDB's use-index-for-sort takes the sorted primary index for SORT d._key, so
      // keys come in byte order ("B" before "a"), not in AQL's string order; a SORT of the
      // same values that is not on _key sorts by AQL's order
      await call('POST', '/_api/collection', { name: 'keyorder' });
      await call('POST', '/_api/document/keyorder', ['a', 'B', 'c', 'A', '10', '9'].map((k) => ({ _key: k, k })));
      const rows = async (query: string) => (await create({ query })).body.result;
      assert.deepEqual(await rows('FOR d IN keyorder SORT d._key RETURN d._key'), ['10', '9', 'A', 'B', 'a', 'c']);
      assert.deepEqual(await rows('FOR d IN keyorder SORT d._key DESC LIMIT 3 RETURN d._key'), ['c', 'a', 'B']);
      assert.deepEqual(await rows('FOR d IN keyorder SORT d.k RETURN d.k'), ['10', '9', 'A', 'a', 'B', 'c']);
      const plan = (await call('POST', '/_api/explain', { query: 'FOR d IN keyorder SORT d._key RETURN d' })).body.plan;
      assert.deepEqual(plan.nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'IndexNode', 'ReturnNode']);
      assert.equal(plan.nodes[1].indexes[0].type, 'primary');
      assert.ok(plan.rules.includes('use-index-for-sort'));
    });

    it('keeps very large and very small doubles (test_fetching_via_cursor)', async () => {
      await call('POST', '/_api/collection', { name: 'floats' });
      await call('POST', '/_api/document/floats', [
        { _key: 'big', value: 4e262 },
        { _key: 'neg', value: -4e262 },
        { _key: 'pos', value: 4e262 },
        { _key: 'small', value: 4e-262 },
      ]);
      const r = await create({ query: 'FOR u IN floats SORT u._key RETURN u.value' });
      assertBatch(r, 201, { hasMore: false, rows: 4 });
      assert.deepEqual(r.body.result, [4e262, -4e262, 4e262, 4e-262]);
      assert.equal((await call('GET', '/_api/document/floats/small')).body.value, 4e-262);
    });
  });

  describe('api/cursor.js: retriable requests for the last batch', () => {
    const q = 'FOR u IN users2001 RETURN u';

    it('re-fetches batches of a non-stream allowRetry cursor many times (test_cursor_non_stream_request_retriable_multiple_refetches)', async () => {
      let r = await create({ query: q, options: { stream: false, allowRetry: true } });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000 });
      const id = r.body.id;
      assert.equal(r.body.nextBatchId, '2');
      for (let i = 0; i < 2; i++) {
        r = await call('POST', `/_api/cursor/${id}/1`, undefined, '');
        assertBatch(r, 200, { hasMore: true, id, rows: 1000, code: 201 });
        assert.equal(r.body.nextBatchId, '2');
      }
      r = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
      assertBatch(r, 200, { hasMore: true, id, rows: 1000 });
      assert.equal(r.body.nextBatchId, '3');
      r = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
      assertBatch(r, 200, { hasMore: true, id, rows: 1000 });
      assert.equal(r.body.nextBatchId, '3');
      for (let i = 0; i < 2; i++) {
        r = await call('POST', `/_api/cursor/${id}/3`, undefined, '');
        assertBatch(r, 200, { hasMore: false, rows: 1 });
        assert.equal('nextBatchId' in r.body, false);
      }
      r = await call('POST', `/_api/cursor/${id}/4`, undefined, '');
      assertError(r, 404, 1600, 'batch id not found');
      assert.equal('nextBatchId' in r.body, false);
      await call('DELETE', `/_api/cursor/${id}`);
    });

    for (const stream of [false, true]) {
      it(`re-fetches a batch whose answer was lost, then serves an empty last batch until deleted (test_cursor_${stream ? '' : 'non_'}stream_request_retriable)`, async () => {
        let r = await create({ query: q, options: { stream, allowRetry: true } });
        assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000 });
        const id = r.body.id;
        assert.equal(String(r.body.nextBatchId), '2');
        await call('POST', `/_api/cursor/${id}`, undefined, ''); // its answer is lost
        r = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
        assertBatch(r, 200, { hasMore: true, id, rows: 1000 });
        assert.equal(r.body.nextBatchId, '3');
        r = await call('POST', `/_api/cursor/${id}/3`, undefined, '');
        assertBatch(r, 200, { hasMore: false, rows: 1 });
        assert.equal('nextBatchId' in r.body, false);
        if (!stream) {
          r = await call('POST', `/_api/cursor/${id}/3`, undefined, '');
          assertBatch(r, 200, { hasMore: false, rows: 1 });
        }
        for (const bad of [4, 0]) {
          r = await call('POST', `/_api/cursor/${id}/${bad}`, undefined, '');
          assertError(r, 404, 1600, 'batch id not found');
          assert.equal('nextBatchId' in r.body, false);
        }
        r = await call('POST', `/_api/cursor/${id}`, undefined, '');
        assertBatch(r, 200, { hasMore: false, rows: 0 });
        assert.equal('nextBatchId' in r.body, false);
        // that empty batch is batch 4 (ArangoDB numbers every batch it sends): batch 3 is
        // gone, batch 4 can be fetched again
        assertError(await call('POST', `/_api/cursor/${id}/3`, undefined, ''), 404, 1600, 'batch id not found');
        assert.equal((await call('POST', `/_api/cursor/${id}/4`, undefined, '')).raw, r.raw);
        assert.equal((await call('DELETE', `/_api/cursor/${id}`, undefined, '')).status, 202);
      });

      it(`fetches the next batch by id without allowRetry but refuses a re-fetch (test_cursor_${stream ? '' : 'non_'}stream_request_non_retriable_next_batch)`, async () => {
        let r = await create({ query: q, options: { stream, allowRetry: false } });
        assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000 });
        const id = r.body.id;
        assert.equal(String(r.body.nextBatchId), '2');
        r = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
        assertBatch(r, 200, { hasMore: true, id, rows: 1000 });
        assert.equal(r.body.nextBatchId, '3');
        r = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
        assertError(r, 400, 400, 'expecting allowRetry option to be true');
        assert.deepEqual(Object.keys(r.body).sort(), ['code', 'error', 'errorMessage', 'errorNum']);
        r = await call('POST', `/_api/cursor/${id}/4`, undefined, '');
        assertError(r, 404, 1600, 'batch id not found');
        r = await call('POST', `/_api/cursor/${id}/3`, undefined, '');
        assertBatch(r, 200, { hasMore: false, rows: 1 });
        assert.equal('nextBatchId' in r.body, false);
        assertError(await call('POST', `/_api/cursor/${id}/3`, undefined, ''), 404, 1600, 'cursor not found');
      });
    }

    it('refuses to re-fetch a stream batch whose answer was lost without allowRetry (test_cursor_stream_request_non_retriable)', async () => {
      const r = await create({ query: q, options: { stream: true, allowRetry: false } });
      const id = r.body.id;
      assert.equal(String(r.body.nextBatchId), '2');
      await call('POST', `/_api/cursor/${id}`, undefined, ''); // its answer is lost
      const again = await call('POST', `/_api/cursor/${id}/2`, undefined, '');
      assertError(again, 400, 400, 'expecting allowRetry option to be true');
      assert.equal('id' in again.body, false);
      assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
    });

    for (const stream of [false, true]) {
      it(`reads all 2001 documents in insertion order, each batch fetched twice (test_cursor_${stream ? '' : 'non_'}stream_retriable)`, async () => {
        let r = await create({ query: q, batchSize: 100, options: { stream, allowRetry: true } });
        const keys: string[] = r.body.result.map((d: { _key: string }) => d._key);
        const id = r.body.id;
        while (r.body.hasMore) {
          const next = r.body.nextBatchId;
          const lost = await call('POST', `/_api/cursor/${id}/${next}`, undefined, '');
          r = await call('POST', `/_api/cursor/${id}/${next}`, undefined, '');
          assert.equal(r.status, 200);
          assert.equal(r.raw, lost.raw);
          for (const d of r.body.result) keys.push(d._key);
        }
        assert.deepEqual(
          keys,
          Array.from({ length: 2001 }, (_, i) => `test${i}`),
        );
        assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
      });
    }
  });

  describe('api/cursor-noncluster.js: the query results cache in demand mode', () => {
    before(async () => {
      await call('PUT', '/_api/query-cache/properties', { mode: 'demand' });
    });
    after(async () => {
      await call('PUT', '/_api/query-cache/properties', { mode: 'off' });
      await call('DELETE', '/_api/query-cache');
    });

    function assertCacheReply(r: Reply, cached: boolean) {
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.result, [1, 2, 3, 4, 5]);
      assert.equal(r.body.cached, cached);
      assert.equal('id' in r.body, false);
      assert.ok(r.body.extra.stats);
      assert.deepEqual(r.body.extra.warnings, []);
    }

    it('does not cache without the cache attribute or with cache false (test_testing_without_cache_attribute_set, test_testing_explicitly_disabled_cache)', async () => {
      await call('DELETE', '/_api/query-cache');
      for (const body of ['{ "query" : "FOR i IN 1..5 RETURN i" }', '{ "query" : "FOR i IN 1..5 RETURN i", "cache" : false }']) {
        assertCacheReply(await call('POST', '/_api/cursor', undefined, body), false);
        assertCacheReply(await call('POST', '/_api/cursor', undefined, body), false);
      }
    });

    it('serves the second run from the cache with the first run\'s stats, until the cache is cleared (test_testing_enabled_cache, test_testing_clearing_the_cache)', async () => {
      await call('DELETE', '/_api/query-cache');
      const body = '{ "query" : "FOR i IN 1..5 RETURN i", "cache" : true }';
      const first = await call('POST', '/_api/cursor', undefined, body);
      assertCacheReply(first, false);
      const second = await call('POST', '/_api/cursor', undefined, body);
      assertCacheReply(second, true);
      assert.deepEqual(second.body.extra.stats, first.body.extra.stats);
      await call('DELETE', '/_api/query-cache');
      const third = await call('POST', '/_api/cursor', undefined, body);
      assertCacheReply(third, false);
      const fourth = await call('POST', '/_api/cursor', undefined, body);
      assertCacheReply(fourth, true);
      assert.deepEqual(fourth.body.extra.stats, third.body.extra.stats);
    });

    it('ignores a top-level fullCount and keys the cache on options.fullCount (test_testing_fullCount_off, _on, _on_off)', async () => {
      await call('DELETE', '/_api/query-cache');
      const off = '{ "query" : "FOR i IN 1..10000 LIMIT 5 RETURN i", "cache" : true, "fullCount" : false }';
      let r = await call('POST', '/_api/cursor', undefined, off);
      assertCacheReply(r, false);
      assert.equal('fullCount' in r.body.extra.stats, false);
      const stats = r.body.extra.stats;
      r = await call('POST', '/_api/cursor', undefined, off);
      assertCacheReply(r, true);
      assert.deepEqual(r.body.extra.stats, stats);

      await call('DELETE', '/_api/query-cache');
      const on = '{ "query" : "FOR i IN 1..10000 LIMIT 5 RETURN i", "cache" : true, "options": { "fullCount" : true } }';
      r = await call('POST', '/_api/cursor', undefined, on);
      assertCacheReply(r, false);
      assert.equal(r.body.extra.stats.fullCount, 10000);
      const fullStats = r.body.extra.stats;
      r = await call('POST', '/_api/cursor', undefined, on.replace('true }', 'false }'));
      assertCacheReply(r, false);
      assert.equal('fullCount' in r.body.extra.stats, false);
      r = await call('POST', '/_api/cursor', undefined, on);
      assertCacheReply(r, true);
      assert.deepEqual(r.body.extra.stats, fullStats);
    });
  });

  describe('api/cursor-noncluster.js: the query results cache and stream transactions', () => {
    const [cn, cn2, cn3] = ['testCollection', 'testCollection2', 'testCollection3'];
    before(async () => {
      await call('PUT', '/_api/query-cache/properties', { mode: 'demand' });
    });
    after(async () => {
      await call('PUT', '/_api/query-cache/properties', { mode: 'off' });
      await call('DELETE', '/_api/query-cache');
    });

    async function setUp(): Promise<string> {
      await call('DELETE', '/_api/query-cache');
      for (const c of [cn, cn2, cn3]) {
        await call('DELETE', `/_api/collection/${c}`);
        await call('POST', '/_api/collection', { name: c });
        assert.equal((await create({ query: `INSERT { _key: "a", value: 0 } IN ${c}` })).status, 201);
      }
      const r = await create({ query: `FOR doc IN ${cn} FILTER doc._key == "a" RETURN doc` });
      assert.deepEqual([r.body.cached, r.body.result[0].value], [false, 0]);
      const t = await call('POST', '/_api/transaction/begin', { collections: { write: [cn, cn2], read: cn3 } });
      assert.equal(t.body.result.status, 'running');
      return t.body.result.id;
    }
    /** Runs `query` (inside transaction `trx` when given); asserts cached and the value read. */
    async function read(c: string, cache: boolean, cached: boolean, value: number, trx?: string) {
      const res = await s.request({ method: 'POST', url: '/_api/cursor', body: { query: `FOR doc IN ${c} FILTER doc._key == "a" RETURN doc`, cache }, headers: trx ? { 'x-arango-trx-id': trx } : {} });
      const b = bodyOf(res);
      assert.deepEqual([res.statusCode, b.cached, b.result[0].value], [201, cached, value], `${c} cache ${cache}${trx ? ' in the transaction' : ''}`);
    }
    async function write(trx: string, c: string, value: number) {
      const res = await s.request({ method: 'POST', url: '/_api/cursor', body: { query: `UPDATE { _key: "a", value: ${value} } IN ${c}` }, headers: { 'x-arango-trx-id': trx } });
      assert.equal(res.statusCode, 201, res.body);
    }

    it('keeps results of collections an aborted transaction wrote out of the cache (test_testing_streaming_transaction_aborted_set)', async () => {
      const trx = await setUp();
      await write(trx, cn, 1);
      await write(trx, cn2, 1);
      await read(cn, true, false, 0);
      await read(cn2, true, false, 0);
      await read(cn3, true, false, 0);
      await write(trx, cn, 2);
      await read(cn, true, false, 2, trx);
      await read(cn, true, false, 0);
      await read(cn, true, true, 0);
      await read(cn, false, false, 0);
      const a = await call('DELETE', `/_api/transaction/${trx}`);
      assert.deepEqual([a.body.result.id, a.body.result.status], [trx, 'aborted']);
      await read(cn, true, false, 0);
      await read(cn, false, false, 0);
      await read(cn2, true, false, 0);
      await read(cn3, true, true, 0);
    });

    it('drops results of collections a committed transaction wrote, and keeps the others (test_testing_streaming_transaction_committed_set)', async () => {
      const trx = await setUp();
      const t2 = (await call('POST', '/_api/transaction/begin', { collections: { read: cn } })).body.result.id;
      await write(trx, cn, 2);
      await write(trx, cn2, 1);
      await read(cn, true, false, 0, t2);
      await read(cn, true, false, 2, trx);
      await read(cn2, true, false, 1, trx);
      await read(cn, true, true, 0);
      await read(cn, false, false, 0);
      await read(cn2, true, false, 0);
      await read(cn2, true, true, 0);
      await read(cn2, false, false, 0);
      await read(cn3, true, false, 0);
      await read(cn3, false, false, 0);
      const c = await call('PUT', `/_api/transaction/${trx}`);
      assert.deepEqual([c.body.result.id, c.body.result.status], [trx, 'committed']);
      await read(cn, true, false, 2);
      await read(cn, false, false, 2);
      await read(cn, true, true, 2);
      await read(cn2, true, false, 1);
      await read(cn, true, true, 2, t2);
      await read(cn3, true, true, 0);
      const c2 = await call('PUT', `/_api/transaction/${t2}`);
      assert.deepEqual([c2.body.result.id, c2.body.result.status], [t2, 'committed']);
    });
  });

  describe('shell-statement.js (common): statements through /_api/cursor', () => {
    it('fails with 1501 on a parse error (testExecuteError)', async () => {
      assertError(await create({ query: 'for u in' }), 400, 1501);
    });

    it('loses a stream cursor whose ttl passed between fetches (testExecuteOptionsTtlError)', async () => {
      const r = await create({ query: 'FOR i IN 1..2000 RETURN i', ttl: 0.00001, batchSize: 1000, options: { stream: true } });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000 });
      clock.advance(1);
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 404, 1600, 'cursor not found');
    });

    it('fetches batches of one with count (testExecuteOk2, testIncremental)', async () => {
      const rows: number[] = [];
      let r = await create({ query: 'for u in [ 1, 2, 3 ] return u', count: true, batchSize: 1 });
      assert.equal(r.body.count, 3);
      rows.push(...r.body.result);
      while (r.body.hasMore) {
        r = await call('PUT', `/_api/cursor/${r.body.id}`);
        rows.push(...r.body.result);
      }
      assert.deepEqual(rows, [1, 2, 3]);
    });

    const STATS = ['scannedFull', 'scannedIndex', 'writesExecuted', 'writesIgnored', 'filtered'];
    const cases: { id: string; query: string; fullCount: boolean; count: number; rows: number[]; fullCountValue?: number }[] = [
      { id: 'testExecuteExtra', query: 'for i in 1..50 limit 1, 2 return i', fullCount: true, count: 2, rows: [2, 3], fullCountValue: 50 },
      { id: 'testExecuteExtraFullCount', query: 'for i in 1..12345 limit 4564, 2123 return i', fullCount: true, count: 2123, rows: Array.from({ length: 2123 }, (_, i) => 4565 + i), fullCountValue: 12345 },
      { id: 'testExecuteExtraFullCountLimit0', query: 'for i in 1..12345 limit 4564, 0 return i', fullCount: true, count: 0, rows: [], fullCountValue: 12345 },
      { id: 'testExecuteExtraNoFullCount', query: 'for i in 1..10 return i', fullCount: false, count: 10, rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    ];
    for (const c of cases) {
      it(`reports count and the stats of extra, fullCount only when asked (${c.id})`, async () => {
        let r = await create({ query: c.query, count: true, options: { fullCount: c.fullCount } });
        assert.equal(r.status, 201);
        assert.equal(r.body.count, c.count);
        const stats = r.body.extra.stats;
        for (const k of STATS) assert.ok(k in stats, k);
        if (c.fullCountValue === undefined) assert.equal('fullCount' in stats, false);
        else assert.equal(stats.fullCount, c.fullCountValue);
        const rows = [...r.body.result];
        while (r.body.hasMore) {
          r = await call('PUT', `/_api/cursor/${r.body.id}`);
          rows.push(...r.body.result);
        }
        assert.deepEqual(rows, c.rows);
      });
    }

    for (const [id, query] of [
      ['testExecuteExtraProfiling', 'for i in 1..10 FILTER i > 2 return i'],
      ['testExecuteExtraProfilingSubqueries', 'LET s = (LET t = (RETURN SLEEP(0.05)) RETURN SLEEP(0.1)) RETURN null'],
    ]) {
      it(`answers the plan and per-node stats with profile 2 (${id})`, async () => {
        const r = await create({ query, count: true, options: { profile: 2 } });
        assert.equal(r.status, 201);
        const { plan, stats } = r.body.extra;
        for (const k of [...STATS, 'nodes']) assert.ok(k in stats, k);
        assert.equal('fullCount' in stats, false);
        assert.ok(Array.isArray(stats.nodes) && stats.nodes.length >= 4);
        for (const n of stats.nodes) for (const k of ['id', 'calls', 'items', 'runtime']) assert.ok(k in n, k);
        for (const k of ['estimatedCost', 'rules', 'nodes', 'collections', 'variables']) assert.ok(k in plan, k);
        assert.deepEqual(plan.collections, []);
        if (id === 'testExecuteExtraProfiling') {
          assert.equal(r.body.count, 8);
          // upstream (written before 3.12) asserts no rules; 3.12's move-filters-into-enumerate
          // also moves a FILTER into a loop over a list (3.12 release notes)
          assert.deepEqual(plan.rules, ['move-filters-into-enumerate']);
        }
      });
    }

    it('ignores options.batchSize and puts extra in the last batch of a profiled stream query (testProfilingStreamingQuery[WithBatchSize])', async () => {
      let r = await create({ query: 'FOR i IN 1..10 RETURN i', options: { profile: 2, batchSize: 1 }, stream: true });
      assert.deepEqual([r.status, r.body.hasMore, r.body.result.length], [201, false, 10]);
      assert.ok(r.body.extra.stats);
      r = await create({ query: 'FOR i IN 1..10 RETURN i', options: { profile: 2, batchSize: 1 }, batchSize: 1, stream: true });
      assert.deepEqual([r.body.hasMore, 'extra' in r.body], [true, false]);
      while (r.body.hasMore) r = await call('PUT', `/_api/cursor/${r.body.id}`);
      assert.ok(r.body.extra.stats);
      assert.ok(r.body.extra.profile);
    });

    it('fails with 1551 when a declared bind parameter has no value (testBindInvalid)', async () => {
      const r = await create({ query: 'for u in [ 1 ] return @value', bindVars: { list: [1, 2, 3] } });
      assertError(r, 400, 1551, "AQL: no value specified for declared bind parameter 'value' (while parsing)");
    });

    it('loses a deleted or exhausted cursor (testDispose1, testDispose2)', async () => {
      let r = await create({ query: 'for i in 1..10 return i', batchSize: 1 });
      assert.equal((await call('DELETE', `/_api/cursor/${r.body.id}`)).status, 202);
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 404, 1600);
      r = await create({ query: 'for i in 1..10 return i', batchSize: 1 });
      const id = r.body.id;
      while (r.body.hasMore) r = await call('PUT', `/_api/cursor/${id}`);
      assertError(await call('DELETE', `/_api/cursor/${id}`), 404, 1600);
    });

    it('keeps serving a cursor of _system after another database is created (testDatabaseChange)', async () => {
      let r = await create({ query: 'for i in 1..10 return i', batchSize: 1 });
      assert.equal((await call('POST', '/_api/database', { name: 'UnitTestsDatabase0' })).status, 201);
      const rows = [...r.body.result];
      while (r.body.hasMore) {
        r = await call('PUT', `/_db/_system/_api/cursor/${r.body.id}`);
        rows.push(...r.body.result);
      }
      assert.deepEqual(rows, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await call('DELETE', '/_api/database/UnitTestsDatabase0');
    });
  });

  describe('shell-statement.js (client) and shell-query-stream.js: stream cursors', () => {
    it('counts a materialized cursor and ignores count for a stream one, at the top level or in options (testCursor, testStreamCursor[OnTopLevel])', async () => {
      const r = await create({ query: 'FOR i IN 1..11 RETURN i', count: true });
      assert.equal(r.body.count, 11);
      for (const body of [
        { query: 'FOR i IN 1..100 RETURN i', options: { stream: true }, batchSize: 50, count: true },
        { query: 'FOR i IN 1..100 RETURN i', stream: true, batchSize: 50, count: true },
      ]) {
        let c = await create(body);
        assertBatch(c, 201, { hasMore: true, id: 'any', rows: 50 });
        const rows = [...c.body.result];
        c = await call('PUT', `/_api/cursor/${c.body.id}`);
        assertBatch(c, 200, { hasMore: false, rows: 50 });
        rows.push(...c.body.result);
        assert.deepEqual(rows, Array.from({ length: 100 }, (_, i) => i + 1));
      }
    });

    it('runs reading and writing stream queries to their end (testQueries)', async () => {
      await call('POST', '/_api/collection', { name: 'StreamCursorCollection' });
      await create({ query: 'FOR i IN 0..4999 INSERT { value1: i % 10, value2: i % 25, value3: i % 25 } INTO StreamCursorCollection' });
      const cn = 'StreamCursorCollection';
      const queries = [
        `FOR doc IN ${cn} RETURN doc`,
        `FOR doc IN ${cn} FILTER doc.value1 == 1 UPDATE doc WITH { value1: 1 } INTO ${cn}`,
        `FOR doc IN ${cn} FILTER doc.value1 == 1 REPLACE doc WITH { value1: 2 } INTO ${cn}`,
        `FOR doc IN ${cn} FILTER doc.value1 == 2 INSERT { value2: doc.value1 } INTO ${cn}`,
        `FOR doc IN ${cn} FILTER doc.value3 >= 4 RETURN doc`,
        `FOR doc IN ${cn} COLLECT a = doc.value1 INTO groups = doc RETURN { val: a, doc: groups }`,
      ];
      for (const query of queries) {
        let r = await create({ query, options: { stream: true }, batchSize: 1000 });
        assert.equal(r.status, 201, `${query}: ${JSON.stringify(r.body)}`);
        assert.equal('count' in r.body, false);
        while (r.body.hasMore) {
          r = await call('PUT', `/_api/cursor/${r.body.id}`);
          assert.equal(r.status, 200, `${query}: ${JSON.stringify(r.body)}`);
        }
      }
    });

    it('computes a stream query up to a batch ahead, and fails the request that computes a failing row (QueryStreamCursor::prepareDump)', async () => {
      // ArangoDB pulls rows in chunks of batchSize until it holds more than a batch (so it
      // knows hasMore); a row that fails, fails the request that computed it, and the
      // rows computed before it in that request are lost with the cursor
      const failAt = (n: number) => `FOR i IN 1..10 RETURN i == ${n} ? FAIL("row ${n}") : i`;
      // batches of 1, row 3: the create computes rows 1 and 2, the first fetch row 3
      let r = await create({ query: failAt(3), batchSize: 1, stream: true });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1 });
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 400, 1569, 'AQL: row 3 (while executing)');
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 404, 1600, 'cursor not found');
      // batches of 2, row 4: the create computes rows 1 to 4
      assertError(await create({ query: failAt(4), batchSize: 2, stream: true }), 400, 1569, 'AQL: row 4 (while executing)');
      // batches of 2, row 6: the create computes rows 1 to 4, the first fetch rows 5 and 6
      r = await create({ query: failAt(6), batchSize: 2, stream: true });
      assert.deepEqual(r.body.result, [1, 2]);
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 400, 1569, 'AQL: row 6 (while executing)');
      // a materialized cursor runs the whole query first: the error is the create's
      assertError(await create({ query: failAt(9), batchSize: 1 }), 400, 1569, 'AQL: row 9 (while executing)');
    });

    it('serves the first batch of an endless stream query and deletes it (testInfiniteAQL, testNotCleaningUp)', async () => {
      const r = await create({ query: 'FOR i IN 1..100000000000 RETURN i', options: { stream: true }, batchSize: 1000 });
      assertBatch(r, 201, { hasMore: true, id: 'any', rows: 1000 });
      assert.equal((await call('DELETE', `/_api/cursor/${r.body.id}`)).status, 202);
      const c = await create({ query: 'FOR x IN 1..10 RETURN x', batchSize: 2, count: true, stream: true });
      assertBatch(c, 201, { hasMore: true, id: 'any', rows: 2 });
      assert.equal((await call('DELETE', `/_api/cursor/${c.body.id}`)).status, 202);
    });
  });

  describe('tests/js/client/aql/aql-memory-limit.js: memoryLimit through /_api/cursor', () => {
    const run = (query: string, memoryLimit: number) => create({ query, options: { memoryLimit } });

    it('runs queries without a limit or within it (testUnlimited, testLimitedButValid, testMergeSingleEmptyObjectWithinLimit*, testMergeRecursiveSingleObjectWithinLimit)', async () => {
      const cases: [string, number, number][] = [
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 0, 1000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 100 * 1000 * 1000, 1000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 5 * 1000 * 1000, 1000],
        ['FOR i IN 1..10000 RETURN i', 1000 * 1000, 1000],
        ['FOR i IN 1..10000 RETURN i', 100 * 1000 + 4096, 1000],
        ['RETURN NOOPT(MERGE({}))', 1024, 1],
        ['RETURN NOOPT(MERGE({empty: {}}))', 1024, 1],
        ['RETURN NOOPT(MERGE({empty: [{}, {}]}))', 1024, 1],
        ['RETURN NOOPT(MERGE_RECURSIVE({a:{b:{c:{d:{e:{f:{g:1}}}}}}}))', 512, 1],
      ];
      for (const [query, limit, rows] of cases) {
        const r = await run(query, limit);
        assert.deepEqual([r.status, r.body.result?.length], [201, rows], `${query} within ${limit}: ${JSON.stringify(r.body).slice(0, 200)}`);
        if (r.body.id) await call('DELETE', `/_api/cursor/${r.body.id}`);
      }
    });

    it('fails with 500/32 when the result alone passes the limit (testLimitedAndInvalid)', async () => {
      const cases: [string, number][] = [
        ["FOR i IN 1..100000 SORT CONCAT('foobarbaz', i) RETURN CONCAT('foobarbaz', i)", 200000],
        ["FOR i IN 1..100000 SORT CONCAT('foobarbaz', i) RETURN CONCAT('foobarbaz', i)", 100000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 20000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 10000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 1000],
        ["FOR i IN 1..100000 RETURN CONCAT('foobarbaz', i)", 100],
        ["FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)", 10000],
        ["FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)", 1000],
        ["FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)", 100],
        ["FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)", 10],
      ];
      for (const [query, limit] of cases) assertError(await run(query, limit), 500, 32, 'AQL: query would use more memory than allowed (resource limit exceeded) (while executing)');
    });

    describe('over 100,000 documents (ahuacatlMemoryLimitReadOnlyQueriesTestSuite)', () => {
      const cn = 'UnitTestsCollection';
      before(async () => {
        await call('POST', '/_api/collection', { name: cn });
        await create({ query: `FOR i IN 0..99999 INSERT { value1: i, value2: i % 10, _key: CONCAT("test", i) } INTO ${cn}` });
      });
      after(async () => {
        await call('DELETE', `/_api/collection/${cn}`);
      });
      const cases: { id: string; query: string; ok: number; fails: number; rows: number; optimizer?: unknown }[] = [
        // the result: ~7.2 MB of documents as VelocyPack
        { id: 'testFullScan', query: `FOR doc IN ${cn} RETURN doc`, ok: 10e6, fails: 5e6, rows: 100000 },
        // what SORT holds: a 16-byte slot per register and each document's copy
        { id: 'testSort', query: `FOR doc IN ${cn} SORT doc.value1 LIMIT 10 RETURN doc`, ok: 15e6, fails: 10e6, rows: 10, optimizer: { rules: ['-sort-limit'] } },
        // SORT on _key reads the sorted primary index: only the result is held
        { id: 'testIndexScan', query: `FOR doc IN ${cn} SORT doc._key RETURN doc`, ok: 10e6, fails: 5e6, rows: 100000 },
        // what a hashed COLLECT holds: one entry per group
        { id: 'testCollectOnUniqueAttribute', query: `FOR doc IN ${cn} COLLECT v = doc.value1 OPTIONS { method: 'hash' } RETURN v`, ok: 10e6, fails: 5e6, rows: 100000 },
      ];
      for (const c of cases) {
        it(`runs within ${c.ok / 1e6} MB and fails with 500/32 within ${c.fails / 1e6} MB (${c.id})`, async () => {
          const options = { ...(c.optimizer ? { optimizer: c.optimizer } : {}) };
          const r = await create({ query: c.query, batchSize: 100000, options: { ...options, memoryLimit: c.ok } });
          assert.deepEqual([r.status, r.body.result?.length], [201, c.rows], JSON.stringify(r.body).slice(0, 200));
          assertError(await create({ query: c.query, options: { ...options, memoryLimit: c.fails } }), 500, 32);
        });
      }
    });
  });

  describe('python-arango tests/test_cursor.py', () => {
    before(async () => {
      await call('POST', '/_api/collection', { name: 'pydocs' });
      await call('POST', '/_api/document/pydocs', [1, 2, 3, 4, 5, 6].map((i) => ({ _key: String(i), val: i })));
    });
    const keys = (r: Reply) => r.body.result.map((d: { _key: string }) => d._key);
    const opts = (allowRetry: boolean) => ({ query: 'FOR d IN pydocs SORT d._key RETURN d', count: true, batchSize: 1, ttl: 1000, options: { optimizer: { rules: ['+all'] }, profile: true, allowRetry } });

    it('re-fetches a batch by its id and the last batch again (test_cursor_retry)', async () => {
      let r = await create(opts(true));
      assert.deepEqual([r.body.count, keys(r), r.body.nextBatchId], [6, ['1'], '2']);
      const id = r.body.id;
      r = await call('POST', `/_api/cursor/${id}/2`);
      assert.deepEqual([r.body.id, r.body.nextBatchId, keys(r)], [id, '3', ['2']]);
      r = await call('POST', `/_api/cursor/${id}/2`); // as if the previous fetch failed
      assert.deepEqual([r.body.id, r.body.nextBatchId, keys(r)], [id, '3', ['2']]);
      for (let batch = 2; batch < 5; batch++) {
        r = await call('POST', `/_api/cursor/${id}/${batch + 1}`);
        assert.deepEqual([r.body.id, r.body.nextBatchId, keys(r)], [id, String(batch + 2), [String(batch + 1)]]);
      }
      r = await call('POST', `/_api/cursor/${id}/6`);
      assert.deepEqual([r.body.hasMore, 'id' in r.body, 'nextBatchId' in r.body, keys(r)], [false, false, false, ['6']]);
      assert.deepEqual(keys(await call('POST', `/_api/cursor/${id}/6`)), ['6']);
      assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
    });

    it('fetches the next batch whatever batch id the client holds without allowRetry (test_cursor_retry_disabled)', async () => {
      let r = await create(opts(false));
      const id = r.body.id;
      r = await call('POST', `/_api/cursor/${id}`);
      assert.deepEqual([r.body.nextBatchId, keys(r)], ['3', ['2']]);
      r = await call('POST', `/_api/cursor/${id}`);
      assert.deepEqual([r.body.nextBatchId, keys(r)], ['4', ['3']]);
      assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
    });

    it('reports the writes of a data-modification query in every batch, then loses the cursor (test_cursor_write_query)', async () => {
      let r = await create({
        query: 'FOR d IN pydocs FILTER d._key == @first OR d._key == @second UPDATE { _key: d._key, _val: @val } IN pydocs RETURN NEW',
        bindVars: { first: '1', second: '2', val: 42 },
        count: true,
        batchSize: 1,
        ttl: 1000,
        options: { optimizer: { rules: ['+all'] }, profile: 1, maxRuntime: 0.0 },
      });
      assert.deepEqual([r.status, r.body.hasMore, r.body.count, keys(r), r.body.result[0]._val], [201, true, 2, ['1'], 42]);
      const { stats, profile, warnings } = r.body.extra;
      assert.deepEqual([stats.writesExecuted, stats.writesIgnored, stats.filtered, warnings], [2, 0, 0, []]);
      assert.ok(stats.executionTime > 0 && profile.initializing > 0 && profile.parsing > 0);
      for (const k of ['httpRequests', 'scannedFull', 'scannedIndex']) assert.ok(k in stats, k);
      const id = r.body.id;
      r = await call('POST', `/_api/cursor/${id}`);
      assert.deepEqual([r.body.hasMore, r.body.count, keys(r)], [false, 2, ['2']]);
      assert.deepEqual(r.body.extra, { stats, profile, warnings });
      assertError(await call('DELETE', `/_api/cursor/${id}`), 404, 1600);
    });
  });

  describe('arangojs: 05-aql-queries, 08-cursors, 23-aql-queries-stream', () => {
    it('answers an empty result in one round and 404/1203 for an unknown collection (returns false if there are no results; throws an exception on error)', async () => {
      assertBatch(await create({ query: 'FOR i IN [] RETURN i' }), 201, { hasMore: false, rows: 0 });
      assertError(await create({ query: 'FOR i IN no RETURN i' }), 404, 1203);
    });

    it('answers 1600 to PUT after the cursor was killed (cursor.kill kills the cursor)', async () => {
      const r = await create({ query: 'FOR i IN 1..5 RETURN i', batchSize: 2 });
      assert.equal(r.body.hasMore, true);
      assert.equal((await call('DELETE', `/_api/cursor/${r.body.id}`)).status, 202);
      assertError(await call('PUT', `/_api/cursor/${r.body.id}`), 404, 1600);
    });

    it('reads 25 stream cursors over one collection side by side (can access large collection in parallel)', async () => {
      const opts = { query: 'FOR doc IN users2001 LIMIT 1000 RETURN doc', batchSize: 250, options: { stream: true } };
      const firsts = await Promise.all(Array.from({ length: 25 }, () => create(opts)));
      let count = 0;
      await Promise.all(
        firsts.map(async (r) => {
          count += r.body.result.length;
          while (r.body.hasMore) {
            r = await call('PUT', `/_api/cursor/${r.body.id}`);
            count += r.body.result.length;
          }
        }),
      );
      assert.equal(count, 25 * 1000);
    });
  });
});

describe("ArangoDB's cursor repository semantics (arangod/Utils/CursorRepository.cpp)", () => {
  it('hides an expired cursor from fetches at once, but DELETE still removes it until the sweeper has', () => {
    // CursorRepository::find answers "not found" for an expired cursor; remove() does not
    // look at the expiry, only the garbage collector (our sweep) does
    const clock = new ManualClock();
    const registry = new CursorRegistry({ maxCursors: 10 }, clock);
    let closed = 0;
    const make = () => {
      const c = registry.create({ database: '_system', user: 'root', ttlMs: 1000, source: { close: () => closed++ }, allowRetry: false });
      registry.release(c);
      return c.id;
    };
    const a = make();
    const b = make();
    clock.advance(1001);
    assert.throws(() => registry.acquire('_system', 'root', a), { errorNum: 1600 });
    registry.remove('_system', 'root', b);
    assert.throws(() => registry.remove('_system', 'root', b), { errorNum: 1600 });
    assert.deepEqual([registry.size, closed], [0, 2]);
    registry.close();
  });
});
