// /_api/simple/*: every endpoint ArangoDB 3.12 serves, its answers and its errors, in the
// two styles ArangoDB has (the C++ handlers answer as the cursor API, the JavaScript
// actions as js/actions/api-simple.js); permissions, stream transactions, async jobs and
// /_db/<name> prefixes through the usual machinery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
const basic = (user: string) => 'Basic ' + Buffer.from(`${user}:pw`).toString('base64');

async function call(method: string, url: string, body?: unknown, opts: { headers?: Record<string, string>; user?: string; rawBody?: string } = {}) {
  const res = await s.request({ method, url, body, rawBody: opts.rawBody, headers: opts.headers, auth: opts.user ? basic(opts.user) : undefined });
  return { status: res.statusCode, headers: res.headers, body: res.body === '' ? undefined : (bodyOf(res) as any) };
}
const put = (cmd: string, body?: unknown, opts: Parameters<typeof call>[3] = {}) => call('PUT', `/_api/simple/${cmd}`, body, opts);
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const keys = (docs: { _key: string }[]) => docs.map((d) => d._key);
/** A cursor answer without its statistics (they hold times). */
const withoutExtra = (b: any) => {
  const { extra, ...rest } = b;
  assert.equal(typeof extra.stats, 'object');
  return rest;
};

before(async () => {
  s = await startServer();
  await call('POST', '/_api/collection', { name: 'c' });
  assert.equal((await call('POST', '/_api/document/c', [{ _key: 'a', v: 1 }, { _key: 'b', v: 2, 'x.y': 1 }, { _key: 'c', v: 3, x: { y: 1 } }])).status, 202);
  await call('POST', '/_api/collection', { name: 'geo' });
  await call('POST', '/_api/index?collection=geo', { type: 'geo', fields: ['loc'], name: 'byLoc' });
  await call('POST', '/_api/index?collection=geo', { type: 'persistent', fields: ['n'], name: 'byN' });
  // eleven points on the prime meridian ([latitude, longitude]), 0.001 degrees (111 m) apart, p5 at (0, 0)
  const points = Array.from({ length: 11 }, (_, i) => ({ _key: `p${i}`, n: i, loc: [(i - 5) * 0.001, 0] }));
  assert.equal((await call('POST', '/_api/document/geo', points)).status, 202);
  await call('POST', '/_api/collection', { name: 'ft' });
  await call('POST', '/_api/index?collection=ft', { type: 'fulltext', fields: ['text'] });
  await call('POST', '/_api/document/ft', [{ _key: '1', text: 'the quick brown fox' }, { _key: '2', text: 'lazy dog' }, { _key: '3', text: 'quick dog' }]);
});
after(async () => {
  await s.close();
});

describe('PUT /_api/simple/all, all-keys and by-example (answered as the cursor API)', () => {
  it('answers a counted cursor continued through /_api/cursor', async () => {
    const first = await put('all', { collection: 'c', batchSize: 2 });
    assert.equal(first.status, 201);
    assert.deepEqual(keys(first.body.result), ['a', 'b']);
    assert.equal(first.body.hasMore, true);
    assert.equal(first.body.count, 3);
    assert.equal(typeof first.body.id, 'string');
    const next = await call('PUT', `/_api/cursor/${first.body.id}`);
    assert.deepEqual([next.status, keys(next.body.result), next.body.hasMore], [200, ['c'], false]);
    // the collection may come as a URL parameter when the body has none
    assert.deepEqual(keys((await call('PUT', '/_api/simple/all?collection=c')).body.result), ['a', 'b', 'c']);
    // stream: no count
    const stream = await put('all', { collection: 'c', stream: true, skip: 1 });
    assert.deepEqual([stream.status, keys(stream.body.result), stream.body.count], [201, ['b', 'c'], undefined]);
  });

  it('lists keys, ids or document paths (the default), with the database in the path', async () => {
    await call('POST', '/_api/database', { name: 'shop' });
    await call('POST', '/_db/shop/_api/collection', { name: 'items' });
    await call('POST', '/_db/shop/_api/document/items', [{ _key: 'k1' }, { _key: 'k2' }]);
    const list = async (body: object) => withoutExtra((await call('PUT', '/_db/shop/_api/simple/all-keys', { collection: 'items', ...body })).body);
    const answer = (result: string[]) => ({ result, hasMore: false, cached: false, error: false, code: 201 });
    assert.deepEqual(await list({ type: 'key' }), answer(['k1', 'k2']));
    assert.deepEqual(await list({ type: 'id' }), answer(['items/k1', 'items/k2']));
    assert.deepEqual(await list({}), answer(['/_db/shop/_api/document/items/k1', '/_db/shop/_api/document/items/k2']));
    assert.deepEqual(await list({ type: 'path' }), answer(['/_db/shop/_api/document/items/k1', '/_db/shop/_api/document/items/k2']));
    assert.deepEqual(withoutExtra((await call('PUT', '/_db/shop/_api/simple/all-keys?type=key&collection=items')).body), answer(['k1', 'k2']));
  });

  it('matches examples on attribute paths (a.b is b inside a) and whole values', async () => {
    const found = async (example: object) => keys((await put('by-example', { collection: 'c', example })).body.result);
    assert.deepEqual(await found({ 'x.y': 1 }), ['c']);
    assert.deepEqual(await found({ x: { y: 1 } }), ['c']);
    assert.deepEqual(await found({}), ['a', 'b', 'c']);
    assert.deepEqual(await found({ v: 2, _key: 'b' }), ['b']);
    const r = await put('by-example', { collection: 'c', example: {}, skip: 1, limit: 1, batchSize: 5 });
    assert.deepEqual([r.status, keys(r.body.result), r.body.count], [201, ['b'], 1]);
  });

  it('refuses what ArangoDB refuses, in its order', async () => {
    const cases: [string, unknown, number, object][] = [
      ['all', undefined, 400, err(400, 17, 'expecting string for <collection>')],
      ['all', { collection: 12 }, 400, err(400, 17, 'expecting string for <collection>')],
      ['all', { collection: 'nope' }, 404, err(404, 1203, 'AQL: collection or view not found: nope (while parsing)')],
      ['all', { collection: 'c', skip: -1 }, 400, err(400, 1504, 'AQL: number out of range (while parsing)')],
      ['all', { collection: 'c', batchSize: 0 }, 400, err(400, 17, 'expecting positive value for <batchSize>')],
      ['all-keys', { type: 'key' }, 400, err(400, 17, 'expecting string for <collection>')],
      ['by-example', { collection: 'c' }, 400, err(400, 10, 'bad parameter')],
      ['by-example', { collection: 'c', example: [] }, 400, err(400, 10, 'bad parameter')],
      ['by-example', { example: {} }, 400, err(400, 17, 'expecting string for <collection>')],
      // velocypack refuses a negative size_t; the handler answers that as an internal error
      ['by-example', { collection: 'c', example: {}, skip: -1 }, 500, err(500, 4, 'VPack error: Number out of range')],
      ['by-example', { collection: 'nope', example: {} }, 404, err(404, 1203, 'AQL: collection or view not found: nope (while parsing)')],
    ];
    for (const [cmd, body, status, expected] of cases) {
      const r = await put(cmd, body);
      assert.deepEqual([r.status, r.body], [status, expected], `${cmd} ${JSON.stringify(body)}`);
    }
    // the handlers serve the paths below theirs as well; other names are unknown paths
    assert.equal((await call('PUT', '/_api/simple/all/more', { collection: 'c' })).body.count, 3);
    assert.deepEqual((await call('PUT', '/_api/simple/first', { collection: 'c' })).body, err(404, 404, "unknown path '/_api/simple/first'"));
    const notAllowed = await call('GET', '/_api/simple/all');
    assert.deepEqual([notAllowed.status, notAllowed.body], [405, err(405, 405, 'method not supported')]);
    assert.equal((await put('all', undefined, { rawBody: '{"collection":' })).body.errorNum, 600);
  });
});

describe('PUT /_api/simple/lookup-by-keys and remove-by-keys', () => {
  before(async () => {
    await call('POST', '/_api/collection', { name: 'keyed' });
    await call('POST', '/_api/document/keyed', ['k1', 'k2', 'k3', 'k4', 'k5'].map((_key) => ({ _key })));
  });

  it('looks documents up by key or by id of the collection', async () => {
    const r = await put('lookup-by-keys', { collection: 'keyed', keys: ['k1', 'keyed/k2', 'other/k3', 'nope', 5] });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['documents', 'error', 'code']);
    assert.deepEqual(keys(r.body.documents), ['k1', 'k2']);
    assert.deepEqual((await put('lookup-by-keys', { collection: 'keyed', keys: [] })).body, { documents: [], error: false, code: 200 });
  });

  it('removes what exists, counts the rest as ignored, and reports what it removed when asked', async () => {
    assert.deepEqual((await put('remove-by-keys', { collection: 'keyed', keys: ['k1', 'nope'] })).body, { removed: 1, ignored: 1, error: false, code: 200 });
    const meta = await put('remove-by-keys', { collection: 'keyed', keys: ['k2', 'k1'], options: { silent: false } });
    assert.deepEqual(Object.keys(meta.body), ['removed', 'ignored', 'error', 'code', 'old']);
    assert.deepEqual([meta.body.removed, meta.body.ignored, Object.keys(meta.body.old[0])], [1, 1, ['_id', '_key', '_rev']]);
    const old = await put('remove-by-keys', { collection: 'keyed', keys: ['k3'], options: { silent: false, returnOld: true } });
    assert.deepEqual(old.body.old.map((d: { _key: string }) => d._key), ['k3']);
    const id = (await call('GET', '/_api/collection/keyed')).body.id as string;
    assert.deepEqual((await put('remove-by-keys', { collection: id, keys: ['k4'] })).body, { removed: 1, ignored: 0, error: false, code: 200 });
  });

  it('refuses a body that is no object, a collection that is no string and keys that are no array', async () => {
    for (const cmd of ['lookup-by-keys', 'remove-by-keys']) {
      assert.deepEqual((await put(cmd, [])).body, err(400, 17, 'expecting JSON object body'));
      assert.deepEqual((await put(cmd, { keys: [] })).body, err(400, 17, 'expecting string for <collection>'));
      assert.deepEqual((await put(cmd, { collection: 'keyed', keys: 'k5' })).body, err(400, 17, 'expecting array for <keys>'));
      assert.deepEqual((await put(cmd, { collection: 'nope', keys: [] })).body, err(404, 1203, 'AQL: collection or view not found: nope (while parsing)'));
    }
  });
});

describe('the JavaScript actions: any, first-example and their common checks', () => {
  it('answers a random document, or null for an empty collection', async () => {
    const r = await put('any', { collection: 'c' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['document', 'error', 'code']);
    assert.ok(['a', 'b', 'c'].includes(r.body.document._key));
    await call('POST', '/_api/collection', { name: 'empty' });
    assert.deepEqual((await put('any', { collection: 'empty' })).body, { document: null, error: false, code: 200 });
  });

  it('answers the first match of an example, or 404 no match', async () => {
    assert.deepEqual((await put('first-example', { collection: 'c', example: { 'x.y': 1 } })).body.document._key, 'c');
    assert.deepEqual(await put('first-example', { collection: 'c', example: { v: 7 } }).then((r) => [r.status, r.body]), [404, err(404, 404, 'no match')]);
  });

  it("refuses as the actions do: the body, the method, the collection, then the action's own parameters", async () => {
    const cases: [string, string, unknown, number, object][] = [
      ['PUT', 'any', 5, 400, err(400, 600, 'expecting a valid JSON object as body')],
      ['GET', 'any', undefined, 405, err(405, 405, 'Unsupported method')],
      ['POST', 'first-example', {}, 405, err(405, 405, 'Unsupported method')],
      ['PUT', 'any/below', {}, 400, err(400, 400, 'expecting a collection name or identifier')],
      ['PUT', 'any', undefined, 400, err(400, 400, 'expecting a collection name or identifier')],
      ['PUT', 'any', { collection: 'nope' }, 404, err(404, 1203, "unknown collection 'nope'")],
      ['PUT', 'near', { collection: null }, 404, err(404, 1203, "unknown collection 'null'")],
      ['PUT', 'first-example', { collection: 'c' }, 400, err(400, 400, "invalid value for parameter 'example'")],
      ['PUT', 'first-example', { collection: 'c', example: null }, 400, err(400, 1227, "invalid document type 'object'")],
      ['PUT', 'first-example', { collection: 'c', example: [1] }, 400, err(400, 1227, "invalid document type 'object'")],
    ];
    for (const [method, cmd, body, status, expected] of cases) {
      const r = await call(method, `/_api/simple/${cmd}`, body);
      assert.deepEqual([r.status, r.body], [status, expected], `${method} ${cmd} ${JSON.stringify(body)}`);
    }
  });
});

describe('PUT /_api/simple/range', () => {
  it('answers a half-open or closed range, with skip and limit, as a counted cursor without extra', async () => {
    const r = await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3 });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.body), ['result', 'hasMore', 'count', 'error', 'code']);
    assert.deepEqual([keys(r.body.result), r.body.count], [['a', 'b'], 2]);
    assert.deepEqual(keys((await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3, closed: true })).body.result), ['a', 'b', 'c']);
    assert.deepEqual(keys((await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3, closed: true, skip: 1, limit: 1 })).body.result), ['b']);
    const paged = await put('range', { collection: 'c', attribute: 'v', left: 0, right: 9, batchSize: 1 });
    assert.deepEqual([paged.body.hasMore, paged.body.count, Object.keys(paged.body)], [true, 3, ['result', 'hasMore', 'id', 'count', 'error', 'code']]);
    assert.deepEqual(keys((await call('POST', `/_api/cursor/${paged.body.id}`)).body.result), ['b']);
  });

  it('refuses a negative skip or limit, and a missing attribute is a missing bind parameter', async () => {
    // limit() refuses a negative limit; range's execute has no skip check of its own
    assert.deepEqual((await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3, skip: -1, limit: -1 })).body, err(400, 10, 'limit must be non-negative'));
    assert.deepEqual((await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3, skip: -1, limit: 2 })).body, err(400, 1504, 'AQL: number out of range (while parsing)'));
    assert.deepEqual((await put('range', { collection: 'c', attribute: 'v', left: 1, right: 3, skip: -1 })).body.count, 2, 'no LIMIT at all');
    assert.deepEqual((await put('range', { collection: 'c', left: 1, right: 3 })).body, err(400, 1551, "AQL: no value specified for declared bind parameter 'attribute' (while parsing)"));
  });
});

describe('PUT /_api/simple/near, within, within-rectangle and fulltext', () => {
  it('answers the nearest documents first, at most limit (default 100), with their distance when asked', async () => {
    const all = await put('near', { collection: 'geo', latitude: 0, longitude: 0 });
    assert.deepEqual([all.status, all.body.count, all.body.result[0]._key], [201, 11, 'p5']);
    const r = await put('near', { collection: 'geo', latitude: 0, longitude: 0, limit: 3, distance: 'd' });
    assert.deepEqual(keys(r.body.result).sort(), ['p4', 'p5', 'p6']);
    assert.equal(r.body.result[0].d, 0);
    assert.ok(Math.abs(r.body.result[1].d - 111.19) < 0.01);
    // skip 1, limit 2: NEAR finds 3, LIMIT 1, 2 keeps the second and third
    const skipped = await put('near', { collection: 'geo', latitude: 0, longitude: 0, skip: 1, limit: 2 });
    assert.deepEqual([skipped.body.count, keys(skipped.body.result).sort()], [2, ['p4', 'p6']]);
  });

  it('answers the documents within a radius, nearest first, and those inside a rectangle', async () => {
    const within = await put('within', { collection: 'geo', latitude: 0, longitude: 0, radius: 250 });
    assert.deepEqual(keys(within.body.result).sort(), ['p3', 'p4', 'p5', 'p6', 'p7']);
    assert.equal(within.body.result[0]._key, 'p5');
    const limited = await put('within', { collection: 'geo', latitude: 0, longitude: 0, radius: 250, skip: 1, limit: 2, distance: 'meters' });
    assert.deepEqual([limited.body.count, limited.body.result.every((d: { meters: number }) => d.meters > 100 && d.meters < 112)], [2, true]);
    const rect = await put('within-rectangle', { collection: 'geo', latitude1: 0.0015, longitude1: -1, latitude2: 0.0035, longitude2: 1 });
    assert.deepEqual(keys(rect.body.result).sort(), ['p7', 'p8']);
  });

  it('answers the documents matching a fulltext query', async () => {
    const r = await put('fulltext', { collection: 'ft', attribute: 'text', query: 'quick' });
    assert.deepEqual([r.status, keys(r.body.result).sort(), r.body.count], [201, ['1', '3'], 2]);
    assert.deepEqual((await put('fulltext', { collection: 'ft', attribute: 'text', query: 'dog', limit: 1 })).body.count, 1);
  });

  it('needs a geo or fulltext index (400 from the action) and its parameters', async () => {
    const cases: [string, object, object][] = [
      // the simple queries' constructors look for the index (within's message keeps its %s)
      ['near', { collection: 'c', latitude: 0, longitude: 0 }, err(400, 1570, "no suitable geo index found for geo restriction on 'c'")],
      ['within', { collection: 'c', latitude: 0, longitude: 0, radius: 1 }, err(400, 1570, "no suitable geo index found for geo restriction on '%s'")],
      ['within-rectangle', { collection: 'c', latitude1: 0, longitude1: 0, latitude2: 1, longitude2: 1 }, err(400, 1570, "no suitable geo index found for geo restriction on '%s'")],
      ['fulltext', { collection: 'c', attribute: 'text', query: 'x' }, err(400, 1571, "no suitable fulltext index found for fulltext query on 'c'")],
      ['fulltext', { collection: 'ft', attribute: 'other', query: 'x' }, err(400, 1571, "no suitable fulltext index found for fulltext query on 'ft'")],
      // with an index named, the query's own check decides
      ['fulltext', { collection: 'c', attribute: 'text', query: 'x', index: 'c/1' }, err(400, 1571, "AQL: no suitable fulltext index found for fulltext query on 'c' (while executing)")],
      ['near', { collection: 'c', latitude: 0, longitude: 0, geo: 'c/0' }, err(400, 1570, "AQL: no suitable geo index found for geo restriction on 'c' (while executing)")],
      ['near', { collection: 'geo', latitude: 0, longitude: 0, limit: -1 }, err(400, 10, 'limit must be non-negative')],
      ['near', { collection: 'geo', longitude: 0 }, err(400, 400, "invalid value for parameter 'latitude'")],
      ['within', { collection: 'geo', latitude: 0, longitude: null }, err(400, 400, "invalid value for parameter 'longitude'")],
      ['within-rectangle', { collection: 'geo', latitude1: 0, longitude1: 0, latitude2: 1 }, err(400, 400, "invalid value for parameter 'longitude2'")],
      ['fulltext', { collection: 'ft', attribute: 'text' }, err(400, 400, "invalid value for parameter 'query'")],
      ['within', { collection: 'geo', latitude: 0, longitude: 0 }, err(400, 1551, "AQL: no value specified for declared bind parameter 'radius' (while parsing)")],
      ['near', { collection: 'geo', latitude: 0, longitude: 0, skip: -2 }, err(400, 10, 'skip must be non-negative')],
      ['near', { collection: 'geo', latitude: 0, longitude: 0, geo: 'geo/999' }, err(404, 1212, 'index not found')],
    ];
    for (const [cmd, body, expected] of cases) {
      const r = await put(cmd, body);
      assert.deepEqual([r.status, r.body], [(expected as { code: number }).code, expected], `${cmd} ${JSON.stringify(body)}`);
    }
    assert.equal((await put('near', { collection: 'geo', latitude: 0, longitude: 0, geo: 'byLoc', limit: 1 })).body.result[0]._key, 'p5');
    // the index named is not checked for its type: AQL uses the geo index
    assert.equal((await put('near', { collection: 'geo', latitude: 0, longitude: 0, geo: { id: 'byN' }, limit: 1 })).body.result[0]._key, 'p5');
  });
});

describe('PUT /_api/simple/remove-, replace- and update-by-example', () => {
  const reset = async () => {
    await call('DELETE', '/_api/collection/m');
    await call('POST', '/_api/collection', { name: 'm' });
    await call('POST', '/_api/document/m', [
      { _key: 'one', g: 1, n: null, 'p.q': 1 },
      { _key: 'two', g: 1, p: { q: 1 } },
      { _key: 'three', g: 2 },
    ]);
  };
  const doc = async (key: string) => (await call('GET', `/_api/document/m/${key}`)).body;

  it('takes example attribute names as they are (no paths), unlike by-example', async () => {
    await reset();
    assert.deepEqual((await put('remove-by-example', { collection: 'm', example: { 'p.q': 1 } })).body, { deleted: 1, error: false, code: 200 });
    assert.equal((await call('GET', '/_api/document/m/one')).status, 404);
  });

  it('reads options from an options object, where a limit of 0 changes nothing', async () => {
    await reset();
    assert.deepEqual((await put('remove-by-example', { collection: 'm', example: { g: 1 }, options: { limit: 0 } })).body, { deleted: 0, error: false, code: 200 });
    assert.deepEqual((await put('replace-by-example', { collection: 'm', example: { g: 1 }, newValue: { r: 1 }, options: { limit: 1 } })).body, { replaced: 1, error: false, code: 200 });
    // a top-level limit of 0 means no limit
    assert.deepEqual((await put('update-by-example', { collection: 'm', example: {}, newValue: { u: 1 }, limit: 0 })).body, { updated: 3, error: false, code: 200 });
  });

  it('removes null attributes unless keepNull is true (top-level), and keeps them by default in options', async () => {
    await reset();
    await put('update-by-example', { collection: 'm', example: { _key: 'one' }, newValue: { g: null } });
    assert.equal('g' in (await doc('one')), false, 'the action passes keepNull: null, which AQL reads as false');
    await put('update-by-example', { collection: 'm', example: { _key: 'two' }, newValue: { g: null }, keepNull: true });
    assert.equal((await doc('two')).g, null);
    await put('update-by-example', { collection: 'm', example: { _key: 'three' }, newValue: { g: null }, options: {} });
    assert.equal((await doc('three')).g, null);
    await put('update-by-example', { collection: 'm', example: { _key: 'three' }, newValue: { g: null }, options: { keepNull: false } });
    assert.equal('g' in (await doc('three')), false);
    // options that are no object stand for updateByExample's keepNull argument
    await put('update-by-example', { collection: 'm', example: { _key: 'three' }, newValue: { h: null }, options: true });
    assert.equal((await doc('three')).h, null);
    await put('update-by-example', { collection: 'm', example: { _key: 'three' }, newValue: { h: null }, options: 0 });
    assert.equal('h' in (await doc('three')), false);
  });

  it('refuses examples and new values that are no objects', async () => {
    await reset();
    const cases: [string, object, object][] = [
      ['remove-by-example', { collection: 'm', example: [] }, err(400, 400, "invalid value for parameter 'example'")],
      ['remove-by-example', { collection: 'm' }, err(400, 400, "invalid value for parameter 'example'")],
      ['remove-by-example', { collection: 'm', example: null }, err(400, 17, 'Cannot convert undefined or null to object')],
      ['replace-by-example', { collection: 'm', example: {}, newValue: 'x' }, err(400, 400, "invalid value for parameter 'newValue'")],
      ['update-by-example', { collection: 'm', example: {}, newValue: [] }, err(400, 400, "invalid value for parameter 'newValue'")],
      ['update-by-example', { collection: 'm', example: {}, newValue: {}, options: null }, err(400, 17, "Cannot read property 'limit' of null")],
      ['update-by-example', { collection: 'nope', example: {}, newValue: {} }, err(404, 1203, "unknown collection 'nope'")],
      ['update-by-example', { collection: 'm', example: { g: 2 }, newValue: null }, err(400, 1227, 'AQL: invalid document type (while executing)')],
    ];
    for (const [cmd, body, expected] of cases) {
      const r = await put(cmd, body);
      assert.deepEqual([r.status, r.body], [(expected as { code: number }).code, expected], `${cmd} ${JSON.stringify(body)}`);
    }
  });
});

describe('permissions, stream transactions and async jobs', () => {
  before(async () => {
    await call('POST', '/_api/user', { user: 'reader', passwd: 'pw' });
    await call('PUT', '/_api/user/reader/database/_system', { grant: 'ro' });
    await call('POST', '/_api/user', { user: 'outsider', passwd: 'pw' });
    await call('PUT', '/_api/user/outsider/database/_system', { grant: 'none' });
  });

  it('lets a reader query and refuses its writes as the cursor API does; a user without access to the database gets 401/11', async () => {
    assert.equal((await put('all', { collection: 'c' }, { user: 'reader' })).status, 201);
    assert.equal((await put('any', { collection: 'c' }, { user: 'reader' })).status, 200);
    const write = await put('remove-by-keys', { collection: 'c', keys: ['a'] }, { user: 'reader' });
    const viaCursor = await call('POST', '/_api/cursor', { query: 'REMOVE "a" IN c' }, { user: 'reader' });
    assert.deepEqual([write.status, write.body], [viaCursor.status, viaCursor.body]);
    assert.equal((await put('lookup-by-keys', { collection: 'c', keys: ['a'] })).body.documents.length, 1, 'nothing removed');
    const outsider = await put('any', { collection: 'c' }, { user: 'outsider' });
    assert.deepEqual([outsider.status, outsider.body.errorNum], [401, 11]);
  });

  it('runs inside a stream transaction (x-arango-trx-id): its writes show outside only after the commit', async () => {
    await call('POST', '/_api/collection', { name: 't' });
    await call('POST', '/_api/document/t', [{ _key: 'x', g: 1 }, { _key: 'y', g: 1 }]);
    const trx = (await call('POST', '/_api/transaction/begin', { collections: { write: ['t'] } })).body.result.id as string;
    const headers = { 'x-arango-trx-id': trx };
    assert.deepEqual((await put('remove-by-example', { collection: 't', example: { g: 1 }, limit: 1 }, { headers })).body, { deleted: 1, error: false, code: 200 });
    assert.equal((await put('all', { collection: 't' }, { headers })).body.count, 1);
    assert.equal((await put('all', { collection: 't' })).body.count, 2);
    assert.equal((await call('PUT', `/_api/transaction/${trx}`)).status, 200);
    assert.equal((await put('all', { collection: 't' })).body.count, 1);
  });

  it('answers an unknown stream transaction as ArangoDB does before an action runs: 404/1655', async () => {
    for (const cmd of ['all', 'any']) {
      const r = await put(cmd, { collection: 'c' }, { headers: { 'x-arango-trx-id': '999999' } });
      assert.deepEqual([r.status, r.body.errorNum], [404, 1655], cmd);
    }
  });

  it('runs as an async job (x-arango-async: store) whose result is the answer', async () => {
    const job = await put('first-example', { collection: 'c', example: { v: 2 } }, { headers: { 'x-arango-async': 'store' } });
    assert.equal(job.status, 202);
    const id = job.headers['x-arango-async-id'] as string;
    let result = await call('PUT', `/_api/job/${id}`);
    for (let i = 0; i < 100 && result.status === 204; i++) {
      await new Promise((r) => setTimeout(r, 10));
      result = await call('PUT', `/_api/job/${id}`);
    }
    assert.deepEqual([result.status, result.body.document._key], [200, 'b']);
  });
});

// The request bodies arangojs 8's collection methods send (its src/collection.ts: list,
// all, any, byExample, firstExample, lookupByKeys, removeByKeys, fulltext and the
// by-example modifications), and what it reads from the answers.
describe('requests as arangojs 8 sends them', () => {
  before(async () => {
    await call('POST', '/_api/collection', { name: 'js8' });
    await call('POST', '/_api/index?collection=js8', { type: 'fulltext', fields: ['t'] });
    await call('POST', '/_api/document/js8', [{ _key: 'a', t: 'red fox', n: 1 }, { _key: 'b', t: 'blue fox', n: 2 }, { _key: 'c', t: 'red hen', n: 2 }]);
  });

  it('reads cursors, documents and counters where arangojs 8 looks for them', async () => {
    // list() asks for ids by default
    assert.deepEqual((await put('all-keys', { type: 'id', collection: 'js8' })).body.result, ['js8/a', 'js8/b', 'js8/c']);
    const all = await put('all', { batchSize: 2, collection: 'js8' });
    assert.deepEqual([all.body.count, all.body.hasMore, keys(all.body.result)], [3, true, ['a', 'b']]);
    assert.equal(typeof (await put('any', { collection: 'js8' })).body.document._key, 'string');
    assert.deepEqual(keys((await put('by-example', { limit: 1, example: { n: 2 }, collection: 'js8' })).body.result), ['b']);
    assert.equal((await put('first-example', { example: { n: 2 }, collection: 'js8' })).body.document._key, 'b');
    assert.deepEqual(keys((await put('lookup-by-keys', { keys: ['c', 'a'], collection: 'js8' })).body.documents).sort(), ['a', 'c']);
    // fulltext(attribute, query, { index: undefined, limit })
    assert.deepEqual(keys((await put('fulltext', { limit: 5, attribute: 't', query: 'red', collection: 'js8' })).body.result).sort(), ['a', 'c']);
    assert.deepEqual((await put('remove-by-keys', { keys: ['c'], collection: 'js8' })).body, { removed: 1, ignored: 0, error: false, code: 200 });
    assert.deepEqual((await put('remove-by-example', { limit: 1, example: { n: 1 }, collection: 'js8' })).body, { deleted: 1, error: false, code: 200 });
  });

  it('refuses its replaceByExample and updateByExample, which send newData where ArangoDB reads newValue', async () => {
    for (const cmd of ['replace-by-example', 'update-by-example']) {
      const r = await put(cmd, { example: { n: 2 }, newData: { n: 3 }, collection: 'js8' });
      assert.deepEqual([r.status, r.body], [400, err(400, 400, "invalid value for parameter 'newValue'")], cmd);
    }
  });
});

// python-arango's collection.ids() and keys() read all-keys (arango/collection.py); its
// tests/test_document.py (test_document_ids, test_document_keys) expect an empty result
// for an empty collection, every id or key after an import, and 11 or 1228 from a
// collection of a bad database.
describe('requests as python-arango sends them', () => {
  it('test_document_ids and test_document_keys: empty, after an import, and from a bad database', async () => {
    await call('POST', '/_api/collection', { name: 'py' });
    const list = async (type: string, prefix = '') => {
      const r = await call('PUT', `${prefix}/_api/simple/all-keys`, { collection: 'py', type });
      return r.status === 201 ? r.body.result : r.body;
    };
    assert.deepEqual(await list('id'), []);
    assert.deepEqual(await list('key'), []);
    const docs = Array.from({ length: 6 }, (_, i) => ({ _key: String(i + 1), val: i + 1 }));
    assert.equal((await call('POST', '/_api/import?collection=py&type=documents', undefined, { rawBody: docs.map((d) => JSON.stringify(d)).join('\n') })).status, 201);
    assert.deepEqual(new Set(await list('id')), new Set(docs.map((d) => `py/${d._key}`)));
    assert.deepEqual((await list('key')).sort(), docs.map((d) => d._key));
    assert.equal((await list('id', '/_db/nosuchdb')).errorNum, 1228);
    const anonymous = await s.request({ method: 'PUT', url: '/_api/simple/all-keys', body: { collection: 'py', type: 'key' }, auth: null });
    assert.deepEqual([anonymous.statusCode, bodyOf(anonymous).errorNum], [401, 11]);
  });
});
