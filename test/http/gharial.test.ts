// The General Graph API (/_api/gharial) as ArangoDB 3.12's single server answers it: graphs
// stored in `_graphs` in ArangoDB's format, their edge definitions and orphan collections,
// collection creation and its errors, vertices and edges with revisions and sync options,
// and the removal of a vertex taking the edges attached to it in every graph along.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { bodyOf, collectionSpec, startServer, type TestServer } from '../helpers/server.js';

const REV = /^[-_A-Za-z0-9]{11}$/;
const DB = '_system';

/** Replaces every _rev/_oldRev value (checked against the revision form) with 'REV'. */
function norm(v: unknown): any {
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '_rev' || k === '_oldRev') {
      assert.match(String(x), REV, `${k} has the revision form`);
      out[k] = 'REV';
    } else out[k] = norm(x);
  }
  return out;
}

function expectBody(res: LightMyRequestResponse, status: number, expected: unknown): any {
  assert.equal(res.statusCode, status, res.body);
  const b = bodyOf(res);
  assert.deepEqual(norm(b), expected);
  return b;
}

function expectError(res: LightMyRequestResponse, status: number, errorNum: number, errorMessage: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.deepEqual(bodyOf(res), { error: true, code: status, errorNum, errorMessage });
}

/** The client's view of a graph (graphForClient), revision normalised. */
function graphView(name: string, edgeDefinitions: unknown[], orphanCollections: string[] = []) {
  return { _key: name, edgeDefinitions, orphanCollections, _rev: 'REV', _id: `_graphs/${name}`, name };
}

const def = (collection: string, from: string[], to: string[]) => ({ collection, from, to });

describe('graph API (/_api/gharial)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer(['--auth', 'false']);
  });
  after(async () => {
    await t.close();
  });

  const req = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => t.request({ method, url, body, headers });
  const raw = (method: string, url: string, rawBody: string) => t.request({ method, url, rawBody, headers: { 'content-type': 'application/json' } });
  const G = '/_api/gharial';
  const typeOf = (name: string) => t.server.storage.catalog.collection(DB, name)?.type;
  const exists = (name: string) => t.server.storage.catalog.collection(DB, name) !== undefined;
  const create = async (body: unknown) => {
    const res = await req('POST', G, body);
    assert.equal(res.statusCode, 202, res.body);
    return bodyOf(res).graph;
  };
  const doc = async (c: string, key: string) => {
    const res = await req('GET', `/_api/document/${c}/${key}`);
    return res.statusCode === 200 ? bodyOf(res) : undefined;
  };

  describe('graphs', () => {
    it('creates a graph: 202, its view, an unquoted etag, and its collections by type', async () => {
      const res = await req('POST', G, {
        name: 'social',
        edgeDefinitions: [def('relation', ['male', 'female'], ['female', 'male']), def('knows', ['female'], ['female'])],
        orphanCollections: ['pets', 'pets'],
      });
      const b = expectBody(res, 202, {
        error: false,
        code: 202,
        graph: graphView('social', [def('knows', ['female'], ['female']), def('relation', ['female', 'male'], ['female', 'male'])], ['pets']),
      });
      assert.equal(res.headers.etag, b.graph._rev);
      assert.equal(typeOf('relation'), 3);
      assert.equal(typeOf('knows'), 3);
      for (const c of ['male', 'female', 'pets']) assert.equal(typeOf(c), 2, c);
    });

    it('stores the graph in _graphs exactly as a single server does', async () => {
      const res = await req('GET', `/_api/document/_graphs/social`);
      const stored = expectBody(res, 200, {
        _key: 'social',
        _id: '_graphs/social',
        _rev: 'REV',
        edgeDefinitions: [def('knows', ['female'], ['female']), def('relation', ['female', 'male'], ['female', 'male'])],
        orphanCollections: ['pets'],
      });
      assert.deepEqual(Object.keys(stored).sort(), ['_id', '_key', '_rev', 'edgeDefinitions', 'orphanCollections']);
    });

    it('answers 201 with waitForSync and creates its collections waiting for sync', async () => {
      const res = await req('POST', `${G}?waitForSync=true`, { name: 'synced', edgeDefinitions: [def('se', ['sv'], ['sv'])] });
      expectBody(res, 201, { error: false, code: 201, graph: graphView('synced', [def('se', ['sv'], ['sv'])]) });
      assert.equal(t.server.storage.catalog.collection(DB, 'se')?.waitForSync, true);
      assert.equal(t.server.storage.catalog.collection(DB, 'sv')?.waitForSync, true);
      expectBody(await req('DELETE', `${G}/synced?dropCollections=true`), 202, { error: false, code: 202, removed: true });
    });

    it('reads one graph (no etag) and lists them all', async () => {
      const res = await req('GET', `${G}/social`);
      const social = graphView('social', [def('knows', ['female'], ['female']), def('relation', ['female', 'male'], ['female', 'male'])], ['pets']);
      expectBody(res, 200, { error: false, code: 200, graph: social });
      assert.equal(res.headers.etag, undefined);
      const list = expectBody(await req('GET', G), 200, { error: false, code: 200, graphs: [social] });
      assert.deepEqual(Object.keys(list.graphs[0]).sort(), ['_id', '_key', '_rev', 'edgeDefinitions', 'name', 'orphanCollections']);
    });

    it('refuses a graph that exists, a missing name and malformed definitions', async () => {
      expectError(await req('POST', G, { name: 'social', edgeDefinitions: [] }), 409, 1925, 'graph already exists');
      expectError(await req('POST', G, { edgeDefinitions: [] }), 400, 1922, 'missing graph name');
      expectError(await req('POST', G, { name: 'bad', edgeDefinitions: {} }), 400, 1901, "'edgeDefinitions' are not an array in the graph definition");
      expectError(await req('POST', G, { name: 'bad', edgeDefinitions: [def('e1', ['a'], ['b']), def('e1', ['a'], ['b'])] }), 400, 1920, 'e1 multi use of edge collection in edge def');
      expectError(await req('POST', G, { name: 'bad', edgeDefinitions: [{ collection: 'e1', from: 'a', to: ['b'] }] }), 500, 1941, "Edge definition 'from' is not an array!");
      expectError(await req('POST', G, { name: 'bad', orphanCollections: [1] }), 500, 1943, 'orphan collection is not a string!');
      expectError(await raw('POST', G, '{"name":'), 400, 10, 'unable to parse body');
      for (const c of ['e1', 'a', 'b']) assert.equal(exists(c), false, `${c} was not created`);
    });

    it('refuses an edge collection another graph defines differently (1921) and a document collection as edge collection (1944)', async () => {
      expectError(await req('POST', G, { name: 'bad', edgeDefinitions: [def('knows', ['male'], ['female'])] }), 400, 1921, 'knows edge collection already used in edge def');
      await t.server.storage.catalog.createCollection(DB, collectionSpec('plain'));
      expectError(await req('POST', G, { name: 'bad', edgeDefinitions: [def('plain', ['x1'], ['x2'])] }), 500, 1944, "Collection: 'plain' is not an EdgeCollection");
      assert.equal(exists('x1'), false);
      // the same definition in a second graph is fine
      const same = await create({ name: 'same', edgeDefinitions: [def('knows', ['female'], ['female'])] });
      assert.deepEqual(norm(same), graphView('same', [def('knows', ['female'], ['female'])]));
    });

    it('answers 1924 for a graph that does not exist, whatever the method', async () => {
      expectError(await req('GET', `${G}/nope`), 404, 1924, "graph 'nope' not found");
      expectError(await req('DELETE', `${G}/nope`), 404, 1924, "graph 'nope' not found");
      expectError(await req('POST', `${G}/nope/vertex/v`, {}), 404, 1924, "graph 'nope' not found");
      expectError(await req('PUT', `${G}/nope`), 404, 1924, "graph 'nope' not found");
    });

    it('answers 405 for a method a graph URL does not take, 404 below it for other than vertex or edge', async () => {
      expectError(await req('PUT', `${G}/social`), 405, 405, 'method not supported');
      expectError(await req('PATCH', `${G}/social/vertex`), 405, 405, 'method not supported');
      expectError(await req('GET', `${G}/social/foo`), 404, 404, 'not found');
      expectError(await req('GET', `${G}/social/vertex/male/k/extra`), 404, 404, 'not found');
    });

    it('drops a graph, keeping its collections unless dropCollections, and those another graph uses', async () => {
      await create({ name: 'tmp', edgeDefinitions: [def('tmpe', ['tmpv', 'female'], ['tmpv'])], orphanCollections: ['tmpo'] });
      expectBody(await req('DELETE', `${G}/tmp`), 202, { error: false, code: 202, removed: true });
      expectError(await req('GET', `${G}/tmp`), 404, 1924, "graph 'tmp' not found");
      assert.equal(await doc('_graphs', 'tmp'), undefined);
      assert.ok(exists('tmpe') && exists('tmpv') && exists('tmpo'));
      await create({ name: 'tmp', edgeDefinitions: [def('tmpe', ['tmpv', 'female'], ['tmpv'])], orphanCollections: ['tmpo'] });
      expectBody(await req('DELETE', `${G}/tmp?dropCollections=true`), 202, { error: false, code: 202, removed: true });
      for (const c of ['tmpe', 'tmpv', 'tmpo']) assert.equal(exists(c), false, `${c} dropped`);
      assert.equal(typeOf('female'), 2, 'female is used by social');
    });
  });

  describe('vertex collections', () => {
    it('lists them sorted: every from/to collection and the orphans', async () => {
      expectBody(await req('GET', `${G}/social/vertex`), 200, { error: false, code: 200, collections: ['female', 'male', 'pets'] });
    });

    it('adds an orphan collection (202 and the graph, created when missing) and removes it', async () => {
      const res = await req('POST', `${G}/social/vertex`, { collection: 'cars' });
      const b = expectBody(res, 202, {
        error: false,
        code: 202,
        graph: graphView('social', [def('knows', ['female'], ['female']), def('relation', ['female', 'male'], ['female', 'male'])], ['cars', 'pets']),
      });
      assert.equal(res.headers.etag, b.graph._rev);
      assert.equal(typeOf('cars'), 2);
      expectBody(await req('DELETE', `${G}/social/vertex/cars`), 202, {
        error: false,
        code: 202,
        graph: graphView('social', [def('knows', ['female'], ['female']), def('relation', ['female', 'male'], ['female', 'male'])], ['pets']),
      });
      assert.equal(typeOf('cars'), 2, 'kept without dropCollection');
      await req('POST', `${G}/social/vertex`, { collection: 'cars' });
      assert.equal((await req('DELETE', `${G}/social/vertex/cars?dropCollection=true`)).statusCode, 202);
      assert.equal(exists('cars'), false);
    });

    it('refuses a collection the graph has, one missing with createCollection=false, an edge collection', async () => {
      expectError(await req('POST', `${G}/social/vertex`, { collection: 'pets' }), 400, 1938, 'collection used in orphans');
      expectError(await req('POST', `${G}/social/vertex`, { collection: 'male' }), 400, 1929, 'male collection already used in edge def');
      expectError(await req('POST', `${G}/social/vertex?createCollection=false`, { collection: 'none' }), 404, 1926, 'none vertex collection does not exist or is not part of the graph');
      await t.server.storage.catalog.createCollection(DB, collectionSpec('loose', { type: 3 }));
      expectError(await req('POST', `${G}/social/vertex`, { collection: 'loose' }), 400, 1927, 'collection not a vertex collection');
      expectError(await req('POST', `${G}/social/vertex`, { name: 'x' }), 500, 4, 'VPack error: Expecting type String');
      expectError(await raw('POST', `${G}/social/vertex`, '[1'), 400, 10, 'unable to parse body');
      assert.deepEqual(bodyOf(await req('GET', `${G}/social/vertex`)).collections, ['female', 'male', 'pets']);
    });

    it('removes only orphans (1928)', async () => {
      expectError(await req('DELETE', `${G}/social/vertex/male`), 400, 1928, 'collection is not in list of orphan collections');
      expectError(await req('DELETE', `${G}/social/vertex/unknown`), 400, 1928, 'collection is not in list of orphan collections');
    });
  });

  describe('edge definitions', () => {
    it('lists the edge collections', async () => {
      expectBody(await req('GET', `${G}/social/edge`), 200, { error: false, code: 200, collections: ['knows', 'relation'] });
    });

    it('adds one (202, collections created, orphans that it uses leave the orphan list)', async () => {
      const res = await req('POST', `${G}/social/edge`, def('owns', ['female', 'male'], ['pets', 'houses']));
      expectBody(res, 202, {
        error: false,
        code: 202,
        graph: graphView('social', [def('knows', ['female'], ['female']), def('owns', ['female', 'male'], ['houses', 'pets']), def('relation', ['female', 'male'], ['female', 'male'])]),
      });
      assert.equal(typeOf('owns'), 3);
      assert.equal(typeOf('houses'), 2);
    });

    it('refuses an edge collection the graph has (1920) or another graph defines differently (1921)', async () => {
      expectError(await req('POST', `${G}/social/edge`, def('owns', ['male'], ['pets'])), 400, 1920, 'owns multi use of edge collection in edge def');
      await create({ name: 'other', edgeDefinitions: [def('likes', ['a1'], ['a2'])] });
      expectError(await req('POST', `${G}/social/edge`, def('likes', ['male'], ['female'])), 400, 1921, 'likes edge collection already used in edge def');
      expectError(await req('POST', `${G}/social/edge`, def('plain', ['male'], ['female'])), 500, 1944, "Collection: 'plain' is not an EdgeCollection");
      expectError(await raw('POST', `${G}/social/edge`, '{bad'), 400, 600, "VPackError error: Expecting '\"' or '}'");
    });

    it('replaces a definition in every graph that has its edge collection', async () => {
      const res = await req('PUT', `${G}/social/edge/knows`, def('knows', ['female', 'male'], ['female', 'kids']));
      const knows = def('knows', ['female', 'male'], ['female', 'kids']);
      expectBody(res, 202, {
        error: false,
        code: 202,
        graph: graphView('social', [knows, def('owns', ['female', 'male'], ['houses', 'pets']), def('relation', ['female', 'male'], ['female', 'male'])]),
      });
      assert.equal(typeOf('kids'), 2);
      assert.deepEqual(bodyOf(await req('GET', `${G}/same`)).graph.edgeDefinitions, [knows]);
      expectError(await req('PUT', `${G}/social/edge/nothere`, def('nothere', ['male'], ['male'])), 404, 1930, 'edge collection not used in graph');
      expectError(await req('PUT', `${G}/social/edge/knows`, def('likes', ['male'], ['male'])), 404, 1930, 'edge collection not used in graph');
    });

    it('removes a definition; its vertex collections no longer used become orphans', async () => {
      const res = await req('DELETE', `${G}/social/edge/owns`);
      expectBody(res, 202, {
        error: false,
        code: 202,
        graph: graphView('social', [def('knows', ['female', 'male'], ['female', 'kids']), def('relation', ['female', 'male'], ['female', 'male'])], ['houses', 'pets']),
      });
      assert.equal(typeOf('owns'), 3, 'kept without dropCollections');
      expectError(await req('DELETE', `${G}/social/edge/owns`), 404, 1930, 'edge collection not used in graph');
      await req('POST', `${G}/social/edge`, def('owns', ['female'], ['houses']));
      assert.equal((await req('DELETE', `${G}/social/edge/owns?dropCollections=true`)).statusCode, 202);
      assert.equal(exists('owns'), false);
    });
  });

  describe('vertices', () => {
    const V = `${G}/social/vertex`;

    it('creates one: 202 with its identity and an unquoted etag; 201 with waitForSync; returnNew', async () => {
      const res = await req('POST', `${V}/male`, { _key: 'bob', name: 'Bob' });
      const b = expectBody(res, 202, { error: false, code: 202, vertex: { _id: 'male/bob', _key: 'bob', _rev: 'REV' } });
      assert.equal(res.headers.etag, b.vertex._rev);
      expectBody(await req('POST', `${V}/female?waitForSync=true&returnNew=true`, { _key: 'alice', age: 30 }), 201, {
        error: false,
        code: 201,
        vertex: { _id: 'female/alice', _key: 'alice', _rev: 'REV' },
        new: { _key: 'alice', _id: 'female/alice', _rev: 'REV', age: 30 },
      });
      await req('POST', `${V}/female`, { _key: 'eve' });
    });

    it('refuses a collection outside the graph (1949), a document that exists (1210), a body that is no object', async () => {
      expectError(await req('POST', `${V}/plain`, {}), 404, 1949, 'the given collection is not part of the graph');
      expectError(await req('POST', `${V}/knows`, {}), 404, 1949, 'the given collection is not part of the graph');
      expectError(await req('POST', `${V}/male`, { _key: 'bob' }), 409, 1210, 'unique constraint violated - in index primary of type primary over \'_key\'; conflicting key: bob');
      expectError(await req('POST', `${V}/male`, [1]), 400, 1227, 'invalid document type');
      expectError(await raw('POST', `${V}/male`, '{bad'), 400, 10, 'unable to parse body');
    });

    it('reads one with its etag; If-None-Match answers 304, If-Match another revision 412', async () => {
      const res = await req('GET', `${V}/male/bob`);
      const b = expectBody(res, 200, { error: false, code: 200, vertex: { _key: 'bob', _id: 'male/bob', _rev: 'REV', name: 'Bob' } });
      const rev = b.vertex._rev;
      assert.equal(res.headers.etag, rev);
      const nm = await req('GET', `${V}/male/bob`, undefined, { 'if-none-match': `"${rev}"` });
      assert.equal(nm.statusCode, 304);
      assert.equal(nm.headers.etag, `"${rev}"`);
      assert.equal((await req('GET', `${V}/male/bob`, undefined, { 'if-match': `"${rev}"` })).statusCode, 200);
      // a read's conflict has the bare message, as the document API's read
      const conflict = await req('GET', `${V}/male/bob`, undefined, { 'if-match': '"_aaaaaaaaaa"' });
      expectBody(conflict, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict', _id: 'male/bob', _key: 'bob', _rev: 'REV' });
      assert.equal(conflict.headers.etag, `"${rev}"`);
      expectError(await req('GET', `${V}/male/nobody`), 404, 1202, 'document not found');
      expectError(await req('GET', `${V}/plain/bob`), 404, 1949, 'the given collection is not part of the graph');
    });

    it('updates (keepNull by default, returnOld/returnNew) and replaces, checking If-Match', async () => {
      const cur = bodyOf(await req('GET', `${V}/male/bob`)).vertex._rev;
      const upd = await req('PATCH', `${V}/male/bob?returnOld=true&returnNew=true`, { age: 40, name: null });
      const u = expectBody(upd, 202, {
        error: false,
        code: 202,
        vertex: { _id: 'male/bob', _key: 'bob', _rev: 'REV', _oldRev: 'REV' },
        old: { _key: 'bob', _id: 'male/bob', _rev: 'REV', name: 'Bob' },
        new: { _key: 'bob', _id: 'male/bob', _rev: 'REV', name: null, age: 40 },
      });
      assert.equal(u.vertex._oldRev, cur);
      assert.equal(upd.headers.etag, u.vertex._rev);
      expectBody(await req('PATCH', `${V}/male/bob?keepNull=false&returnNew=true`, { name: null }), 202, {
        error: false,
        code: 202,
        vertex: { _id: 'male/bob', _key: 'bob', _rev: 'REV', _oldRev: 'REV' },
        new: { _key: 'bob', _id: 'male/bob', _rev: 'REV', age: 40 },
      });
      const stale = await req('PUT', `${V}/male/bob`, { x: 1 }, { 'if-match': cur });
      expectBody(stale, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: 'male/bob', _key: 'bob', _rev: 'REV' });
      const now = bodyOf(await req('GET', `${V}/male/bob`)).vertex._rev;
      expectBody(await req('PUT', `${V}/male/bob?waitForSync=true&returnNew=true`, { _key: 'ignored', name: 'Robert' }, { 'if-match': now }), 200, {
        error: false,
        code: 200,
        vertex: { _id: 'male/bob', _key: 'bob', _rev: 'REV', _oldRev: 'REV' },
        new: { _key: 'bob', _id: 'male/bob', _rev: 'REV', name: 'Robert' },
      });
      // ?rev= stands for If-Match too
      expectBody(await req('PATCH', `${V}/male/bob?rev=${now}`, { y: 1 }), 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: 'male/bob', _key: 'bob', _rev: 'REV' });
      expectError(await req('PATCH', `${V}/male/nobody`, { y: 1 }), 404, 1202, 'document not found');
    });
  });

  describe('edges', () => {
    const E = `${G}/social/edge`;

    it('creates one between vertices of its definition: 202, etag, returnNew', async () => {
      const res = await req('POST', `${E}/relation?returnNew=true`, { _key: 'r1', _from: 'male/bob', _to: 'female/alice', type: 'married' });
      const b = expectBody(res, 202, {
        error: false,
        code: 202,
        edge: { _id: 'relation/r1', _key: 'r1', _rev: 'REV' },
        new: { _key: 'r1', _id: 'relation/r1', _from: 'male/bob', _to: 'female/alice', _rev: 'REV', type: 'married' },
      });
      assert.equal(res.headers.etag, b.edge._rev);
      expectBody(await req('POST', `${E}/knows?waitForSync=true`, { _key: 'k1', _from: 'female/alice', _to: 'female/eve' }), 201, {
        error: false,
        code: 201,
        edge: { _id: 'knows/k1', _key: 'k1', _rev: 'REV' },
      });
    });

    it('refuses missing or malformed ends (1233), ends outside the graph (1947), vertices that do not exist (1202)', async () => {
      expectError(await req('POST', `${E}/relation`, { _from: 'male/bob' }), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      expectError(await req('POST', `${E}/relation`, { _from: 'male/bob', _to: 'alice' }), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      expectError(await req('POST', `${E}/relation`, { _from: 'plain/x', _to: 'female/alice' }), 404, 1947, "referenced _from collection 'plain' is not part of the graph");
      expectError(await req('POST', `${E}/relation`, { _from: 'male/bob', _to: 'cars/x' }), 404, 1947, "referenced _to collection 'cars' is not part of the graph");
      expectError(await req('POST', `${E}/relation`, { _from: 'male/bob', _to: 'female/nobody' }), 404, 1202, 'document not found');
      expectError(await req('POST', `${E}/likes`, { _from: 'male/bob', _to: 'female/alice' }), 404, 1930, 'edge collection not used in graph');
      expectError(await req('POST', `${E}/plain`, { _from: 'male/bob', _to: 'female/alice' }), 404, 1930, 'edge collection not used in graph');
    });

    it('reads, updates and replaces one, checking the ends it is given', async () => {
      const got = expectBody(await req('GET', `${E}/relation/r1`), 200, {
        error: false,
        code: 200,
        edge: { _key: 'r1', _id: 'relation/r1', _from: 'male/bob', _to: 'female/alice', _rev: 'REV', type: 'married' },
      });
      expectBody(await req('PATCH', `${E}/relation/r1?returnNew=true`, { since: 2020 }), 202, {
        error: false,
        code: 202,
        edge: { _id: 'relation/r1', _key: 'r1', _rev: 'REV', _oldRev: 'REV' },
        new: { _key: 'r1', _id: 'relation/r1', _from: 'male/bob', _to: 'female/alice', _rev: 'REV', type: 'married', since: 2020 },
      });
      expectError(await req('PATCH', `${E}/relation/r1`, { _to: 'plain/x' }), 404, 1947, "referenced _to collection 'plain' is not part of the graph");
      expectError(await req('PATCH', `${E}/relation/r1`, { _from: 'male/bob', _to: 'female/nobody' }), 404, 1202, 'document not found');
      expectError(await req('PUT', `${E}/relation/r1`, { type: 'x' }), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      expectBody(await req('PUT', `${E}/relation/r1`, { _from: 'female/eve', _to: 'male/bob' }, { 'if-match': got.edge._rev }), 412, {
        error: true,
        code: 412,
        errorNum: 1200,
        errorMessage: 'conflict, _rev values do not match',
        _id: 'relation/r1',
        _key: 'r1',
        _rev: 'REV',
      });
      expectBody(await req('PUT', `${E}/relation/r1?returnOld=true`, { _from: 'female/eve', _to: 'male/bob' }), 202, {
        error: false,
        code: 202,
        edge: { _id: 'relation/r1', _key: 'r1', _rev: 'REV', _oldRev: 'REV' },
        old: { _key: 'r1', _id: 'relation/r1', _from: 'male/bob', _to: 'female/alice', _rev: 'REV', type: 'married', since: 2020 },
      });
      expectError(await req('GET', `${E}/knows/none`), 404, 1202, 'document not found');
    });

    it('removes one: 202 { removed: true }, returnOld, 200 with waitForSync', async () => {
      await req('POST', `${E}/relation`, { _key: 'r2', _from: 'male/bob', _to: 'female/eve' });
      await req('POST', `${E}/relation`, { _key: 'r3', _from: 'male/bob', _to: 'female/eve' });
      const res = await req('DELETE', `${E}/relation/r2?returnOld=true`);
      expectBody(res, 202, { error: false, code: 202, removed: true, old: { _key: 'r2', _id: 'relation/r2', _from: 'male/bob', _to: 'female/eve', _rev: 'REV' } });
      assert.equal(res.headers.etag, undefined);
      expectBody(await req('DELETE', `${E}/relation/r3?waitForSync=true`), 200, { error: false, code: 200, removed: true });
      expectError(await req('DELETE', `${E}/relation/r3`), 404, 1202, 'document not found');
    });
  });

  describe('removing a vertex', () => {
    it('removes the edges attached to it in every graph whose definitions can hold it, in one write', async () => {
      // two graphs over the same vertex collection `person`; `notes` is an edge collection outside both
      await create({ name: 'g1', edgeDefinitions: [def('e1', ['person'], ['person'])] });
      await create({ name: 'g2', edgeDefinitions: [def('e2', ['person'], ['city'])] });
      await t.server.storage.catalog.createCollection(DB, collectionSpec('notes', { type: 3 }));
      for (const k of ['p1', 'p2']) await req('POST', `${G}/g1/vertex/person`, { _key: k });
      await req('POST', `${G}/g2/vertex/city`, { _key: 'c1' });
      await req('POST', `${G}/g1/edge/e1`, { _key: 'a', _from: 'person/p1', _to: 'person/p2' });
      await req('POST', `${G}/g1/edge/e1`, { _key: 'b', _from: 'person/p2', _to: 'person/p1' });
      await req('POST', `${G}/g1/edge/e1`, { _key: 'self', _from: 'person/p1', _to: 'person/p1' });
      await req('POST', `${G}/g1/edge/e1`, { _key: 'keep', _from: 'person/p2', _to: 'person/p2' });
      await req('POST', `${G}/g2/edge/e2`, { _key: 'c', _from: 'person/p1', _to: 'city/c1' });
      await req('POST', `/_api/document/notes`, { _key: 'n', _from: 'person/p1', _to: 'person/p2' });

      const res = await req('DELETE', `${G}/g1/vertex/person/p1?returnOld=true`);
      expectBody(res, 202, { error: false, code: 202, removed: true, old: { _key: 'p1', _id: 'person/p1', _rev: 'REV' } });
      for (const [c, k] of [['person', 'p1'], ['e1', 'a'], ['e1', 'b'], ['e1', 'self'], ['e2', 'c']]) assert.equal(await doc(c!, k!), undefined, `${c}/${k} removed`);
      for (const [c, k] of [['person', 'p2'], ['e1', 'keep'], ['notes', 'n'], ['city', 'c1']]) assert.ok(await doc(c!, k!), `${c}/${k} kept`);
    });

    it('removes nothing when its revision does not match', async () => {
      await req('POST', `${G}/g1/vertex/person`, { _key: 'p3' });
      await req('POST', `${G}/g1/edge/e1`, { _key: 'd', _from: 'person/p3', _to: 'person/p2' });
      const res = await req('DELETE', `${G}/g1/vertex/person/p3`, undefined, { 'if-match': '"_aaaaaaaaaa"' });
      expectBody(res, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: 'person/p3', _key: 'p3', _rev: 'REV' });
      assert.ok(await doc('person', 'p3'));
      assert.ok(await doc('e1', 'd'));
      expectError(await req('DELETE', `${G}/g1/vertex/person/nobody`), 404, 1202, 'document not found');
    });

    it('removing an edge through a graph removes the edges of the graph that start or end at it', async () => {
      await req('POST', `${G}/g1/edge/e1`, { _key: 'x', _from: 'person/p2', _to: 'person/p3' });
      // written through the document API, which does not check the ends
      await req('POST', `/_api/document/e1`, { _key: 'y', _from: 'e1/x', _to: 'person/p2' });
      expectBody(await req('DELETE', `${G}/g1/edge/e1/x`), 202, { error: false, code: 202, removed: true });
      assert.equal(await doc('e1', 'x'), undefined);
      assert.equal(await doc('e1', 'y'), undefined);
      assert.ok(await doc('e1', 'd'));
    });
  });
});
