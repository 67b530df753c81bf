// /_api/cursor over HTTP: the three response layouts, continuation, batch ids and
// allowRetry, delete, validation order, decorated query errors, ownership, busy cursors
// and TTL expiry with a manual clock. Status and whole body are asserted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import { bodyOf, leaveAfter, ownAppPerSuite, ROOT_AUTH, startServer, type TestServer } from '../helpers/server.js';

const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const notFound = err(404, 1600, 'cursor not found');

describe('/_api/cursor', () => {
  let s: TestServer;
  const clock = new ManualClock();
  before(async () => {
    s = await startServer([], { clock });
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: bodyOf(res), raw: res.body };
  }

  /** extra with its volatile stats numbers zeroed. */
  function stable(b: Record<string, any>) {
    if (b.extra?.stats) b.extra.stats = { ...b.extra.stats, executionTime: 0, peakMemoryUsage: 0 };
    return b;
  }

  it('answers a result that fits in one batch without a cursor (case A)', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..3 RETURN i', count: true });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.body), ['result', 'hasMore', 'count', 'cached', 'extra', 'error', 'code']);
    assert.deepEqual(r.body.result, [1, 2, 3]);
    assert.equal(r.body.hasMore, false);
    assert.equal(r.body.count, 3);
    assert.equal(r.body.cached, false);
    assert.deepEqual(r.body.extra.warnings, []);
    assert.equal(r.body.extra.stats.scannedFull, 0);
    assert.equal(r.body.code, 201);
  });

  it('keeps a materialized result in a cursor and repeats extra in every batch (case B)', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 RETURN i', batchSize: 2, count: true });
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body), ['result', 'hasMore', 'id', 'count', 'extra', 'cached', 'nextBatchId', 'error', 'code']);
    assert.deepEqual(first.body.result, [1, 2]);
    assert.equal(first.body.nextBatchId, '2');
    assert.match(first.body.id, /^\d+$/);
    const id = first.body.id;
    const second = await call('POST', `/_api/cursor/${id}`);
    assert.equal(second.status, 200);
    assert.deepEqual(stable(second.body), stable({ result: [3, 4], hasMore: true, id, count: 5, extra: first.body.extra, cached: false, nextBatchId: '3', error: false, code: 200 }));
    const third = await call('PUT', `/_api/cursor/${id}`);
    assert.deepEqual(stable(third.body), stable({ result: [5], hasMore: false, count: 5, extra: first.body.extra, cached: false, error: false, code: 200 }));
    assert.deepEqual(await call('POST', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [404, notFound]);
  });

  it('marks the batch carrying the last row as the last even when it is exactly full', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..4 RETURN i', batchSize: 2 });
    const second = await call('POST', `/_api/cursor/${first.body.id}`);
    assert.equal(second.body.hasMore, false);
    assert.equal('id' in second.body, false);
    const stream = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..4 RETURN i', batchSize: 2, options: { stream: true } });
    const s2 = await call('POST', `/_api/cursor/${stream.body.id}`);
    assert.deepEqual(s2.body.result, [3, 4]);
    assert.equal(s2.body.hasMore, false);
  });

  it('computes stream cursors batch by batch with extra only in the last batch (case C)', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..3 RETURN i', batchSize: 2, count: true, stream: true });
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body), ['result', 'hasMore', 'id', 'nextBatchId', 'cached', 'error', 'code']);
    assert.deepEqual(first.body.result, [1, 2]);
    const last = await call('POST', `/_api/cursor/${first.body.id}`);
    assert.deepEqual(Object.keys(last.body), ['result', 'hasMore', 'cached', 'extra', 'error', 'code']);
    assert.deepEqual(last.body.result, [3]);
    const small = await call('POST', '/_api/cursor', { query: 'RETURN 1', options: { stream: true } });
    assert.deepEqual(Object.keys(small.body), ['result', 'hasMore', 'cached', 'extra', 'error', 'code']);
  });

  it('re-sends the last batch byte for byte with allowRetry and keeps the cursor after its last batch', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..3 RETURN i', batchSize: 2, options: { allowRetry: true } });
    const id = first.body.id;
    const again = await call('POST', `/_api/cursor/${id}/1`);
    assert.equal(again.status, 200);
    assert.equal(again.raw, first.raw);
    const second = await call('POST', `/_api/cursor/${id}/2`);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.result, [3]);
    assert.equal('id' in second.body, false);
    assert.equal((await call('POST', `/_api/cursor/${id}/2`)).raw, second.raw);
    const after = await call('POST', `/_api/cursor/${id}`);
    assert.deepEqual(stable(after.body), stable({ result: [], hasMore: false, extra: first.body.extra, cached: false, error: false, code: 200 }));
    assert.deepEqual(await call('POST', `/_api/cursor/${id}/7`).then((r) => [r.status, r.body]), [404, err(404, 1600, 'batch id not found')]);
    assert.deepEqual(await call('DELETE', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [202, { id, error: false, code: 202 }]);
  });

  it('refuses to re-send a batch without allowRetry but fetches the next one by id', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 RETURN i', batchSize: 2 });
    const id = first.body.id;
    assert.deepEqual(await call('POST', `/_api/cursor/${id}/1`).then((r) => [r.status, r.body]), [400, err(400, 400, 'expecting allowRetry option to be true')]);
    const next = await call('POST', `/_api/cursor/${id}/2`);
    assert.deepEqual(next.body.result, [3, 4]);
    assert.deepEqual(await call('POST', `/_api/cursor/${id}/5`).then((r) => [r.status, r.body]), [404, err(404, 1600, 'batch id not found')]);
  });

  it('deletes a cursor with 202 and then answers 404/1600', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 RETURN i', batchSize: 2 });
    const id = first.body.id;
    assert.deepEqual(await call('DELETE', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [202, { id, error: false, code: 202 }]);
    assert.deepEqual(await call('DELETE', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [404, notFound]);
    assert.deepEqual(await call('PUT', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [404, notFound]);
    assert.deepEqual(await call('POST', '/_api/cursor/123456').then((r) => [r.status, r.body]), [404, notFound]);
  });

  const INVALID: [string, unknown, string | undefined, number, unknown][] = [
    ['unparseable JSON', undefined, '{"query": ', 400, null],
    ['an empty object', {}, undefined, 400, err(400, 600, 'invalid JSON object')],
    ['an array', [1], undefined, 400, err(400, 1502, 'query is empty')],
    ['no query', { batchSize: 1 }, undefined, 400, err(400, 1502, 'query is empty')],
    ['an empty query', { query: '' }, undefined, 400, err(400, 1502, 'query is empty')],
    ['a query that is not a string', { query: 1 }, undefined, 400, err(400, 1502, 'query is empty')],
    ['bindVars that are not an object', { query: 'RETURN 1', bindVars: [] }, undefined, 400, err(400, 17, 'expecting object for <bindVars>')],
    ['batchSize 0', { query: 'RETURN 1', batchSize: 0 }, undefined, 400, err(400, 17, 'expecting positive value for <batchSize>')],
    ['a whitespace query', { query: '   ' }, undefined, 400, err(400, 1501, "AQL: syntax error, unexpected end of query string near '   ' at position 1:1 (while parsing)")],
    ['a syntax error', { query: 'YODA' }, undefined, 400, err(400, 1501, "AQL: syntax error, unexpected identifier near 'YODA' at position 1:1 (while parsing)")],
    ['an unknown collection', { query: 'FOR u IN unknowncoll RETURN u' }, undefined, 404, err(404, 1203, 'AQL: collection or view not found: unknowncoll (while parsing)')],
    ['a failing query', { query: 'RETURN FAIL("boom")' }, undefined, 400, err(400, 1569, 'AQL: boom (while executing)')],
  ];
  for (const [name, body, raw, status, expected] of INVALID) {
    it(`answers a create request with ${name} as ArangoDB does`, async () => {
      const r = await call('POST', '/_api/cursor', body, raw);
      assert.equal(r.status, status);
      if (expected) assert.deepEqual(r.body, expected);
      else assert.equal(r.body.errorNum, 600);
    });
  }

  it('routes wrong methods and paths as ArangoDB does', async () => {
    const cases: [string, string, number, unknown][] = [
      ['PUT', '/_api/cursor', 400, err(400, 400, 'expecting POST /_api/cursor/<cursor-id>')],
      ['PUT', '/_api/cursor/a/b', 400, err(400, 400, 'expecting POST /_api/cursor/<cursor-id>')],
      ['POST', '/_api/cursor/a/b/c', 400, err(400, 400, 'expecting POST /_api/cursor/<cursor-id>/<batch-id>')],
      ['DELETE', '/_api/cursor', 400, err(400, 400, 'expecting DELETE /_api/cursor/<cursor-id>')],
      ['DELETE', '/_api/cursor/a/b', 400, err(400, 400, 'expecting DELETE /_api/cursor/<cursor-id>')],
      ['GET', '/_api/cursor', 405, err(405, 405, 'method not supported')],
    ];
    for (const [method, url, status, body] of cases) {
      const r = await call(method, url, method === 'POST' ? {} : undefined);
      assert.deepEqual([r.status, r.body], [status, body], `${method} ${url}`);
    }
  });

  it('hides a cursor from other databases', async () => {
    await call('POST', '/_api/database', { name: 'other' });
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 RETURN i', batchSize: 2 });
    assert.deepEqual(await call('POST', `/_db/other/_api/cursor/${first.body.id}`).then((r) => [r.status, r.body]), [404, notFound]);
    assert.equal((await call('POST', `/_api/cursor/${first.body.id}`)).status, 200);
  });

  it('expires an idle cursor after its ttl and renews the ttl on every fetch', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..10 RETURN i', batchSize: 2, ttl: 5 });
    const id = first.body.id;
    clock.advance(4000);
    assert.equal((await call('POST', `/_api/cursor/${id}`)).status, 200);
    clock.advance(4000);
    assert.equal((await call('POST', `/_api/cursor/${id}`)).status, 200);
    clock.advance(5001);
    assert.deepEqual(await call('POST', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [404, notFound]);
  });

  it('answers 409/1601 while another request uses the cursor', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..3 LET s = SLEEP(i == 3 ? 0.3 : 0) RETURN i', batchSize: 1, stream: true });
    const id = first.body.id;
    const slow = call('POST', `/_api/cursor/${id}`);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await call('POST', `/_api/cursor/${id}`).then((r) => [r.status, r.body]), [409, err(409, 1601, 'cursor is busy')]);
    assert.deepEqual((await slow).body.result, [2]);
    assert.equal((await call('DELETE', `/_api/cursor/${id}`)).status, 202);
  });

  it('reports warnings and fullCount in extra', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..10 LIMIT 2 RETURN i / 0', options: { fullCount: true } });
    assert.equal(r.body.extra.stats.fullCount, 10);
    assert.deepEqual(r.body.extra.warnings, [{ code: 1562, message: 'in operator /: division by zero' }, { code: 1562, message: 'in operator /: division by zero' }]);
  });
});

describe('/_api/cursor limits', () => {
  let s: TestServer;
  // 2 open cursors; 220 bytes of materialized JSON over all cursors.
  before(async () => {
    s = await startServer(['--max-cursors', '2', '--cursor-memory-limit', '220']);
  });
  after(async () => {
    await s.close();
  });
  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  }
  const memoryError = err(
    500,
    32,
    'resource limit exceeded: materialized cursor results would hold more than 220 bytes (--cursor-memory-limit); use a stream cursor, a smaller result or delete unused cursors',
  );

  it('refuses a materialized result larger than --cursor-memory-limit, and a stream cursor still serves it', async () => {
    // 100 rows of "x...x" (10 chars + quotes) is ~1,200 bytes of JSON.
    const big = { query: 'FOR i IN 1..100 RETURN "xxxxxxxxxx"', batchSize: 10 };
    assert.deepEqual(await call('POST', '/_api/cursor', big).then((r) => [r.status, r.body]), [500, memoryError]);
    const stream = await call('POST', '/_api/cursor', { ...big, stream: true });
    assert.equal(stream.status, 201);
    let rows = stream.body.result.length;
    let id = stream.body.id;
    while (id) {
      const r = await call('PUT', `/_api/cursor/${id}`);
      rows += r.body.result.length;
      id = r.body.hasMore ? r.body.id : undefined;
    }
    assert.equal(rows, 100);
  });

  it('counts the bytes of UTF-8, not characters', async () => {
    // 12 rows of "éééééééééé" in batches of 4: 12 characters of JSON but 22 bytes each, so
    // each batch is 93 bytes (4 x 22 + 3 + 2) and the result 279 (> 220; 159 characters).
    const q = { query: 'FOR i IN 1..12 RETURN "éééééééééé"', batchSize: 4 };
    assert.deepEqual(await call('POST', '/_api/cursor', q).then((r) => [r.status, r.body]), [500, memoryError]);
    const fits = await call('POST', '/_api/cursor', { ...q, query: 'FOR i IN 1..8 RETURN "éééééééééé"' }); // 186 bytes
    assert.equal(fits.status, 201);
    assert.deepEqual(fits.body.result, Array(4).fill('éééééééééé'));
    assert.deepEqual((await call('PUT', `/_api/cursor/${fits.body.id}`)).body.result, Array(4).fill('éééééééééé'));
  });

  it('counts what open cursors hold, releases delivered batches and deleted cursors', async () => {
    // 12 rows of "xxxxxxxxxx" in batches of 4: each batch is 53 bytes of JSON
    // (4 x 12 + 3 commas + 2 brackets), 159 in all; the first batch is released at once.
    const q = { query: 'FOR i IN 1..12 RETURN "xxxxxxxxxx"', batchSize: 4 };
    const first = await call('POST', '/_api/cursor', q);
    assert.equal(first.status, 201); // 106 bytes still held
    const second = await call('POST', '/_api/cursor', q);
    assert.deepEqual([second.status, second.body], [500, memoryError], '106 + 159 > 220');
    await call('PUT', `/_api/cursor/${first.body.id}`); // 53 bytes held
    const third = await call('POST', '/_api/cursor', q); // 53 + 159 <= 220
    assert.equal(third.status, 201);
    assert.equal((await call('DELETE', `/_api/cursor/${first.body.id}`)).status, 202);
    assert.equal((await call('DELETE', `/_api/cursor/${third.body.id}`)).status, 202);
    // Everything released: a 210-byte result (19 x 10 + 18 commas + 2 brackets) fits again.
    const fits = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..19 RETURN "xxxxxxxx"' });
    assert.deepEqual([fits.status, fits.body.result.length], [201, 19]);
  });

  it('refuses a cursor past --max-cursors until one is deleted', async () => {
    const q = { query: 'FOR i IN 1..3 RETURN i', batchSize: 1 };
    const a = await call('POST', '/_api/cursor', q);
    const b = await call('POST', '/_api/cursor', q);
    assert.deepEqual([a.status, b.status], [201, 201]);
    const c = await call('POST', '/_api/cursor', q);
    assert.deepEqual([c.status, c.body], [500, err(500, 32, 'too many open cursors (at most 2); delete cursors you no longer need')]);
    await call('DELETE', `/_api/cursor/${a.body.id}`);
    const d = await call('POST', '/_api/cursor', q);
    assert.equal(d.status, 201);
    await call('DELETE', `/_api/cursor/${b.body.id}`);
    await call('DELETE', `/_api/cursor/${d.body.id}`);
  });

  it('does not count expired cursors against --max-cursors', async () => {
    const q = { query: 'FOR i IN 1..3 RETURN i', batchSize: 1, ttl: 0.05 };
    const a = await call('POST', '/_api/cursor', q);
    const b = await call('POST', '/_api/cursor', q);
    assert.deepEqual([a.status, b.status], [201, 201]);
    await new Promise((r) => setTimeout(r, 120));
    const c = await call('POST', '/_api/cursor', { ...q, ttl: 30 });
    assert.equal(c.status, 201);
    assert.equal((await call('PUT', `/_api/cursor/${a.body.id}`)).status, 404);
    await call('DELETE', `/_api/cursor/${c.body.id}`);
  });
});

describe('/_api/cursor when its request ends early', () => {
  const suite = ownAppPerSuite({ listen: true });

  // 100 rows of 0.1 s each: 10 s unless something stops it
  const SLOW = 'FOR i IN 1..100 LET x = SLEEP(0.1) RETURN i';
  const canceled = err(410, 21, 'AQL: canceled request (while executing)');

  /** Posts a cursor request, disconnects after 150 ms (the query is listed by then); the reply the server sent. */
  async function leave(body: Record<string, unknown>) {
    const pending = leaveAfter(suite.own, `${suite.url}/_api/cursor`, { method: 'POST', body: JSON.stringify(body) }, 150);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(suite.own.services.queries.current('_system').length, 1);
    return pending;
  }

  it('stops a query once its client disconnects, with 410/21, and unlists it', async () => {
    const { reply, after } = await leave({ query: SLOW });
    assert.ok(after < 1000, `the query ended ${after} ms after the client left`);
    assert.deepEqual([reply.status, reply.body], [410, canceled]);
    assert.deepEqual(suite.own.services.queries.current('_system'), []);
  });

  it('stops a stream query whose first batch is being computed when its client disconnects', async () => {
    const { reply, after } = await leave({ query: SLOW, stream: true, batchSize: 50 });
    assert.ok(after < 1000, `the query ended ${after} ms after the client left`);
    assert.deepEqual([reply.status, reply.body], [410, canceled]);
    assert.deepEqual(suite.own.services.queries.current('_system'), []);
  });

  it('keeps a stream query after its first batch: the client of the first request may leave', async () => {
    const url = suite.url;
    const res = await fetch(`${url}/_api/cursor`, { method: 'POST', body: JSON.stringify({ query: 'FOR i IN 1..3 LET x = SLEEP(0.05) RETURN i', stream: true, batchSize: 1 }), headers: { authorization: ROOT_AUTH, connection: 'close' } });
    const first = (await res.json()) as { id: string; result: number[] };
    assert.deepEqual(first.result, [1]);
    await new Promise((r) => setTimeout(r, 100)); // the first connection is gone
    const next = await fetch(`${url}/_api/cursor/${first.id}`, { method: 'PUT', headers: { authorization: ROOT_AUTH } });
    assert.equal(next.status, 200);
    assert.deepEqual(((await next.json()) as { result: number[] }).result, [2]);
    await fetch(`${url}/_api/cursor/${first.id}`, { method: 'DELETE', headers: { authorization: ROOT_AUTH } });
  });
});

describe('/_api/cursor while the server shuts down', () => {
  const suite = ownAppPerSuite();

  it('ends a running query at once with 503/30 when shutdown begins', async () => {
    const t0 = Date.now();
    const pending = suite.own.app.inject({ method: 'POST', url: '/_api/cursor', payload: { query: 'FOR i IN 1..100 LET x = SLEEP(0.1) RETURN i' }, headers: { authorization: ROOT_AUTH } });
    setTimeout(() => suite.own.shutdown.abort(new ArangoError(ERR.ERROR_SHUTTING_DOWN)), 150);
    const res = await pending;
    assert.ok(Date.now() - t0 < 2000, `answered after ${Date.now() - t0} ms`);
    assert.deepEqual([res.statusCode, bodyOf(res)], [503, err(503, 30, 'AQL: shutdown in progress (while executing)')]);
  });
});
