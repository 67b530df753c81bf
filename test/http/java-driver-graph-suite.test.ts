// What the official Java driver's graph tests send and expect, replayed against Cairn
// (in-process, no auth): arangodb/arangodb-java-driver test-functional/.../ArangoGraphTest.java,
// ArangoVertexCollectionTest.java, the graph (gharial) half of ArangoEdgeCollectionTest.java
// and ArangoDatabaseTest.java's createGraph and getGraphs.
// Requests are the ones InternalArangoGraph, InternalArangoVertexCollection and
// InternalArangoEdgeCollection build: /_api/gharial paths with each segment URI-encoded,
// If-Match / If-None-Match as headers, waitForSync, keepNull, dropCollection(s) as query
// parameters; answers are read at the JSON pointers the driver reads (/graph, /graphs,
// /collections, /vertex, /edge). getVertex/getEdge turn 304, 404 and 412 into null, as the
// driver does. Enterprise-only (SmartGraphs, satellites) and cluster-only cases are left out.
// The facts are theirs; the code is ours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bodyOf, send, startServer, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: any };
let t: TestServer;
let seq = 0;
const rnd = (p = 'c') => `${p}_${++seq}_${randomUUID().slice(0, 8)}`;

before(async () => {
  t = await startServer(['--auth', 'false']);
});
after(async () => {
  await t.close();
});

async function call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> {
  const res = await send(t, method, url, body, headers);
  return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res) };
}
/** The driver's createPath: segments joined by '/', each URI-component-encoded. */
const path = (...segs: string[]) => '/_api/gharial/' + segs.map(encodeURIComponent).join('/');
/** The driver's own view of a call: the JSON at `pointer`, or an ArangoDBException. */
async function ok(r: Promise<Reply>, pointer?: string): Promise<any> {
  const res = await r;
  assert.ok(res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
  return pointer ? res.body[pointer] : res.body;
}
function thrown(r: Reply, status: number, errorNum: number) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.errorNum, errorNum);
  assert.equal(r.body.code, status);
  assert.equal(r.body.error, true);
}
const exists = async (col: string) => (await call('GET', `/_api/collection/${encodeURIComponent(col)}`)).status === 200;

/** ArangoVertexCollection.getVertex / ArangoEdgeCollection.getEdge: null on 304, 404 and 412. */
async function readDoc(kind: 'vertex' | 'edge', graph: string, col: string, key: string, headers?: Record<string, string>): Promise<any> {
  const r = await call('GET', path(graph, kind, col, key), undefined, headers);
  if (r.status === 304 || r.status === 404 || r.status === 412) return null;
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body[kind];
}

describe('Java driver ArangoGraphTest', () => {
  const G = 'ArangoGraphTest_graph';
  const [V1, V2, V3, V4, V5] = [rnd('v'), rnd('v'), rnd('v'), rnd('v'), rnd('v')];
  const [E1, E2, E3] = [rnd('e'), rnd('e'), rnd('e')];
  const ed1 = { collection: E1, from: [V1], to: [V5] };
  const ed2 = { collection: E2, from: [V2], to: [V1, V3] };

  before(async () => {
    // initGraph: db.createGraph(name, [ed1, ed2], replicationFactor 2, numberOfShards 2)
    const r = await call('POST', '/_api/gharial', { name: G, edgeDefinitions: [ed1, ed2], options: { replicationFactor: 2, numberOfShards: 2 } });
    assert.equal(r.status, 202, JSON.stringify(r.body));
  });

  it('exists: the graph is found, another name is 404/1924 (exists)', async () => {
    assert.equal((await call('GET', path(G))).status, 200);
    thrown(await call('GET', path(G + 'no')), 404, 1924);
  });

  it('the graph is listed under graphs (getGraphs)', async () => {
    const graphs = await ok(call('GET', '/_api/gharial'), 'graphs');
    assert.ok(graphs.some((g: any) => g.name === G));
  });

  it('info names the graph, its two edge definitions and no orphans (getInfo)', async () => {
    const info = await ok(call('GET', path(G)), 'graph');
    assert.equal(info.name, G);
    assert.equal(info.edgeDefinitions.length, 2);
    const d1 = info.edgeDefinitions.find((e: any) => e.collection === E1);
    assert.deepEqual([d1.from, d1.to], [[V1], [V5]]);
    const d2 = info.edgeDefinitions.find((e: any) => e.collection === E2);
    assert.deepEqual(d2.from, [V2]);
    assert.deepEqual([...d2.to].sort(), [V1, V3].sort());
    assert.deepEqual(info.orphanCollections, []);
  });

  it('the vertex collections are the four of the definitions (getVertexCollections)', async () => {
    const cols = await ok(call('GET', path(G, 'vertex')), 'collections');
    assert.deepEqual([...cols].sort(), [V1, V2, V3, V5].sort());
  });

  it('a vertex collection is added as an orphan and removed again (addVertexCollection)', async () => {
    const g = await ok(call('POST', path(G, 'vertex'), { collection: V4 }), 'graph');
    assert.ok(g);
    const cols = await ok(call('GET', path(G, 'vertex')), 'collections');
    for (const c of [V1, V2, V3, V4, V5]) assert.ok(cols.includes(c), c);
    await ok(call('DELETE', path(G, 'vertex', V4)));
  });

  it('the edge collections are the two of the definitions (getEdgeCollections)', async () => {
    const cols = await ok(call('GET', path(G, 'edge')), 'collections');
    assert.deepEqual([...cols].sort(), [E1, E2].sort());
  });

  it('an edge definition is added once with its from and to, then removed (addEdgeDefinition)', async () => {
    const g = await ok(call('POST', path(G, 'edge'), { collection: E3, from: [V1], to: [V2] }), 'graph');
    assert.equal(g.edgeDefinitions.length, 3);
    const mine = g.edgeDefinitions.filter((e: any) => e.collection === E3);
    assert.equal(mine.length, 1);
    assert.deepEqual([mine[0].from, mine[0].to], [[V1], [V2]]);
    await ok(call('DELETE', path(G, 'edge', E3)));
  });

  it('an edge definition is replaced; the collection no longer used stays (replaceEdgeDefinition)', async () => {
    const g = await ok(call('PUT', path(G, 'edge', E1), { collection: E1, from: [V3], to: [V4] }), 'graph');
    assert.equal(g.edgeDefinitions.length, 2);
    const mine = g.edgeDefinitions.filter((e: any) => e.collection === E1);
    assert.equal(mine.length, 1);
    assert.deepEqual([mine[0].from, mine[0].to], [[V3], [V4]]);
    assert.ok(await exists(V1));
    // revert
    await ok(call('DELETE', path(G, 'edge', E1)));
    await ok(call('DELETE', path(G, 'vertex', V4)));
    await ok(call('POST', path(G, 'edge'), ed1));
  });

  it('an edge definition is removed, its collection kept (removeEdgeDefinition)', async () => {
    await ok(call('DELETE', path(G, 'edge', E1)));
    assert.deepEqual(await ok(call('GET', path(G, 'edge')), 'collections'), [E2]);
    assert.ok(await exists(E1));
    await ok(call('POST', path(G, 'edge'), ed1));
  });

  it('an edge definition is removed with dropCollections=true and its collection dropped (removeEdgeDefinitionDropCollections)', async () => {
    await ok(call('DELETE', path(G, 'edge', E1) + '?dropCollections=true&waitForSync=true'));
    assert.deepEqual(await ok(call('GET', path(G, 'edge')), 'collections'), [E2]);
    assert.equal(await exists(E1), false);
    await ok(call('POST', path(G, 'edge'), ed1));
  });

  it('a dropped graph leaves its collections (drop)', async () => {
    const [e, v, g] = [rnd('edge'), rnd('vertex'), rnd('g')];
    assert.ok(await ok(call('POST', '/_api/gharial', { name: g, edgeDefinitions: [{ collection: e, from: [v], to: [v] }] }), 'graph'));
    await ok(call('DELETE', path(g)));
    assert.ok(await exists(e));
    assert.ok(await exists(v));
  });

  it('drop with dropCollections=true takes them along (dropPlusDropCollections)', async () => {
    const [e, v, g] = [rnd('edge_dropC'), rnd('vertex_dropC'), rnd('g_dropC')];
    assert.ok(await ok(call('POST', '/_api/gharial', { name: g, edgeDefinitions: [{ collection: e, from: [v], to: [v] }] }), 'graph'));
    await ok(call('DELETE', path(g) + '?dropCollections=true'));
    assert.equal(await exists(e), false);
    assert.equal(await exists(v), false);
  });
});

describe('Java driver ArangoVertexCollectionTest', () => {
  const G = 'ArangoVertexCollectionTest_graph';
  const C = rnd('vc');
  const vpath = (...s: string[]) => path(G, 'vertex', C, ...s);
  const insert = (doc: unknown, q = '') => ok(call('POST', vpath() + q, doc), 'vertex');

  before(async () => {
    await ok(call('POST', '/_api/collection', { name: C }));
    await ok(call('POST', '/_api/gharial', { name: G, orphanCollections: [C] }));
  });

  it('removing the vertex collection leaves no vertex collections and keeps the collection (dropVertexCollection)', async () => {
    await ok(call('DELETE', path(G, 'vertex', C)));
    assert.deepEqual(await ok(call('GET', path(G, 'vertex')), 'collections'), []);
    assert.ok(await exists(C));
    await ok(call('POST', path(G, 'vertex'), { collection: C }));
  });

  it('removing it with dropCollection=true drops the collection (dropVertexCollectionDropCollectionTrue)', async () => {
    await ok(call('DELETE', path(G, 'vertex', C) + '?dropCollection=true'));
    assert.deepEqual(await ok(call('GET', path(G, 'vertex')), 'collections'), []);
    assert.equal(await exists(C), false);
    await ok(call('POST', '/_api/collection', { name: C }));
    await ok(call('POST', path(G, 'vertex'), { collection: C }));
  });

  it('an inserted vertex is read through the document API (insertVertex)', async () => {
    const v = await insert({});
    const doc = await ok(call('GET', `/_api/document/${C}/${v._key}`));
    assert.equal(doc._key, v._key);
  });

  it('a unique sparse index refuses a second vertex with 409/1210 (insertVertexViolatingUniqueConstraint)', async () => {
    await ok(call('POST', `/_api/index?collection=${C}`, { type: 'persistent', fields: ['field'], unique: true, sparse: true }));
    const inserted = await insert({ field: 99 });
    thrown(await call('POST', vpath(), { field: 99 }), 409, 1210);
    await ok(call('DELETE', vpath(inserted._key)));
  });

  it('two vertices with their own keys and equal attributes are both stored (duplicateInsertSameObjectVertex)', async () => {
    await insert({ _key: randomUUID(), name: 'Paul' });
    await insert({ _key: randomUUID(), name: 'Paul' });
  });

  it('the insert answers _id, _key and _rev (insertVertexUpdateRev)', async () => {
    const v = await insert({ _key: randomUUID() });
    assert.equal(typeof v._rev, 'string');
    assert.equal(v._id, `${C}/${v._key}`);
  });

  it('a vertex is read with and without matching If-Match / If-None-Match (getVertex, getVertexIfMatch, getVertexIfNoneMatch)', async () => {
    const v = await insert({});
    assert.equal((await readDoc('vertex', G, C, v._key))._key, v._key);
    assert.equal((await readDoc('vertex', G, C, v._key, { 'if-match': v._rev }))._key, v._key);
    assert.equal((await readDoc('vertex', G, C, v._key, { 'if-none-match': 'no' }))._key, v._key);
  });

  it('a failing If-Match is 412/1200 and an If-None-Match on the revision is 304, both null to the driver (getVertexIfMatchFail, getVertexIfNoneMatchFail)', async () => {
    const v = await insert({});
    const r = await call('GET', vpath(v._key), undefined, { 'if-match': 'no' });
    thrown(r, 412, 1200);
    assert.equal(r.body._rev, v._rev);
    assert.equal(await readDoc('vertex', G, C, v._key, { 'if-match': 'no' }), null);
    const nm = await call('GET', vpath(v._key), undefined, { 'if-none-match': v._rev });
    assert.equal(nm.status, 304);
    assert.equal(nm.body, undefined);
  });

  for (const ifMatch of [false, true]) {
    it(`replace answers the old and new revision and drops the old attributes (replaceVertex${ifMatch ? 'IfMatch' : ''}, replaceVertexUpdateRev)`, async () => {
      const key = randomUUID();
      const created = await insert({ _key: key, a: 'test' });
      const replaced = await ok(call('PUT', vpath(key), { _key: key, b: 'test' }, ifMatch ? { 'if-match': created._rev } : undefined), 'vertex');
      assert.equal(replaced._id, created._id);
      assert.notEqual(replaced._rev, replaced._oldRev);
      assert.equal(replaced._oldRev, created._rev);
      const read = await readDoc('vertex', G, C, key);
      assert.equal(read._key, key);
      assert.equal(read._rev, replaced._rev);
      assert.equal('a' in read, false);
      assert.equal(read.b, 'test');
    });
    it(`update merges, keeps a null attribute by default and answers the old revision (updateVertex${ifMatch ? 'IfMatch' : ''}, updateVertexUpdateRev)`, async () => {
      const key = randomUUID();
      const created = await insert({ _key: key, a: 'test', c: 'test' });
      const updated = await ok(call('PATCH', vpath(key), { _key: key, a: 'test1', b: 'test', c: null }, ifMatch ? { 'if-match': created._rev } : undefined), 'vertex');
      assert.equal(updated._id, created._id);
      assert.notEqual(updated._rev, updated._oldRev);
      assert.equal(updated._oldRev, created._rev);
      const read = await readDoc('vertex', G, C, key);
      assert.deepEqual([read.a, read.b, read._rev, 'c' in read, read.c], ['test1', 'test', updated._rev, true, null]);
    });
  }

  it('replace, update and delete with a wrong If-Match are 412/1200 (replaceVertexIfMatchFail, updateVertexIfMatchFail, deleteVertexIfMatchFail)', async () => {
    const key = randomUUID();
    await insert({ _key: key, a: 'test', c: 'test' });
    thrown(await call('PUT', vpath(key), { _key: key, b: 'test' }, { 'if-match': 'no' }), 412, 1200);
    thrown(await call('PATCH', vpath(key), { _key: key, b: 'test', c: null }, { 'if-match': 'no' }), 412, 1200);
    thrown(await call('DELETE', vpath(key), undefined, { 'if-match': 'no' }), 412, 1200);
    assert.equal((await readDoc('vertex', G, C, key)).a, 'test');
  });

  it('keepNull=true keeps a null attribute: 4 attributes (updateVertexKeepNullTrue)', async () => {
    const key = randomUUID();
    const created = await insert({ _key: key, a: 'test' });
    const updated = await ok(call('PATCH', vpath(key) + '?keepNull=true', { _key: key, a: null }), 'vertex');
    assert.equal(updated._oldRev, created._rev);
    const read = await readDoc('vertex', G, C, key);
    assert.deepEqual(Object.keys(read).sort(), ['_id', '_key', '_rev', 'a']);
  });

  it('keepNull=false removes it (updateVertexKeepNullFalse)', async () => {
    const key = randomUUID();
    const created = await insert({ _key: key, a: 'test' });
    const updated = await ok(call('PATCH', vpath(key) + '?keepNull=false', { _key: key, a: null }), 'vertex');
    assert.equal(updated._oldRev, created._rev);
    const read = await readDoc('vertex', G, C, key);
    assert.equal(read._id, created._id);
    assert.equal('a' in read, false);
  });

  it('a deleted vertex reads as null, with and without If-Match (deleteVertex, deleteVertexIfMatch)', async () => {
    for (const withRev of [false, true]) {
      const v = await insert({ _key: randomUUID() });
      await ok(call('DELETE', vpath(v._key), undefined, withRev ? { 'if-match': v._rev } : undefined));
      thrown(await call('GET', vpath(v._key)), 404, 1202);
      assert.equal(await readDoc('vertex', G, C, v._key), null);
    }
  });

  it("a key with _-:.@()+,=;$!*'% round-trips (vertexKeyWithSpecialChars)", async () => {
    const key = "_-:.@()+,=;$!*'%" + randomUUID();
    const v = await insert({ _key: key });
    assert.equal(v._key, key);
    const doc = await ok(call('GET', `/_api/document/${C}/${encodeURIComponent(key)}`));
    assert.equal(doc._key, key);
  });
});

describe('Java driver ArangoEdgeCollectionTest (graph edges)', () => {
  const G = 'EdgeCollectionTest_graph';
  const V = rnd('ev');
  const E = rnd('ee');
  const epath = (...s: string[]) => path(G, 'edge', E, ...s);
  const insertEdge = (doc: unknown) => ok(call('POST', epath(), doc), 'edge');
  /** createEdgeValue: two fresh vertices and an edge document between them. */
  async function edgeValue(): Promise<Record<string, unknown>> {
    const v1 = await ok(call('POST', path(G, 'vertex', V), {}), 'vertex');
    const v2 = await ok(call('POST', path(G, 'vertex', V), {}), 'vertex');
    return { _from: v1._id, _to: v2._id };
  }

  before(async () => {
    await ok(call('POST', '/_api/collection', { name: V }));
    await ok(call('POST', '/_api/collection', { name: E, type: 3 }));
    await ok(call('POST', '/_api/gharial', { name: G, edgeDefinitions: [{ collection: E, from: [V], to: [V] }] }));
  });

  it('an inserted edge is read back with _from and _to; the insert answers a _rev (insertEdge, insertEdgeUpdateRev, getEdge)', async () => {
    const e = await insertEdge(await edgeValue());
    assert.equal(typeof e._rev, 'string');
    const doc = await readDoc('edge', G, E, e._key);
    assert.equal(doc._key, e._key);
    assert.ok(doc._from && doc._to);
  });

  it('a unique index over _from and _to refuses the second edge with 409/1210 (insertEdgeViolatingUniqueConstraint)', async () => {
    await ok(call('POST', `/_api/index?collection=${E}`, { type: 'persistent', fields: ['_from', '_to'], unique: true }));
    const value = await edgeValue();
    await insertEdge(value);
    thrown(await call('POST', epath(), value), 409, 1210);
  });

  it('reads honour If-Match and If-None-Match as the driver expects (getEdgeIfMatch, getEdgeIfMatchFail, getEdgeIfNoneMatch, getEdgeIfNoneMatchFail)', async () => {
    const e = await insertEdge(await edgeValue());
    assert.equal((await readDoc('edge', G, E, e._key, { 'if-match': e._rev }))._key, e._key);
    thrown(await call('GET', epath(e._key), undefined, { 'if-match': 'no' }), 412, 1200);
    assert.equal((await readDoc('edge', G, E, e._key, { 'if-none-match': 'no' }))._key, e._key);
    assert.equal((await call('GET', epath(e._key), undefined, { 'if-none-match': e._rev })).status, 304);
  });

  for (const ifMatch of [false, true]) {
    it(`replace answers old and new revision and drops the old attributes (replaceEdge${ifMatch ? 'IfMatch' : ''}, replaceEdgeUpdateRev)`, async () => {
      const doc = { ...(await edgeValue()), a: 'test' };
      const created = await insertEdge(doc);
      const { a: _a, ...rest } = doc;
      const replaced = await ok(call('PUT', epath(created._key), { ...rest, b: 'test' }, ifMatch ? { 'if-match': created._rev } : undefined), 'edge');
      assert.equal(replaced._id, created._id);
      assert.notEqual(replaced._rev, replaced._oldRev);
      assert.equal(replaced._oldRev, created._rev);
      const read = await readDoc('edge', G, E, created._key);
      assert.deepEqual([read._rev, 'a' in read, read.b], [replaced._rev, false, 'test']);
    });
    it(`update merges and keeps a null attribute by default (updateEdge${ifMatch ? 'IfMatch' : ''}, updateEdgeUpdateRev)`, async () => {
      const doc = { ...(await edgeValue()), a: 'test', c: 'test' };
      const created = await insertEdge(doc);
      const updated = await ok(call('PATCH', epath(created._key), { ...doc, a: 'test1', b: 'test', c: null }, ifMatch ? { 'if-match': created._rev } : undefined), 'edge');
      assert.equal(updated._id, created._id);
      assert.equal(updated._oldRev, created._rev);
      assert.notEqual(updated._rev, created._rev);
      const read = await readDoc('edge', G, E, created._key);
      assert.deepEqual([read.a, read.b, read._rev, 'c' in read], ['test1', 'test', updated._rev, true]);
    });
  }

  it('replace, update and delete with a wrong If-Match are 412/1200 (replaceEdgeIfMatchFail, updateEdgeIfMatchFail, deleteEdgeIfMatchFail)', async () => {
    const doc = { ...(await edgeValue()), a: 'test' };
    const created = await insertEdge(doc);
    thrown(await call('PUT', epath(created._key), { ...doc, b: 'test' }, { 'if-match': 'no' }), 412, 1200);
    thrown(await call('PATCH', epath(created._key), { ...doc, b: 'test' }, { 'if-match': 'no' }), 412, 1200);
    thrown(await call('DELETE', epath(created._key), undefined, { 'if-match': 'no' }), 412, 1200);
  });

  it('keepNull=true keeps a null attribute: 6 attributes; keepNull=false removes it (updateEdgeKeepNullTrue, updateEdgeKeepNullFalse)', async () => {
    for (const keepNull of [true, false]) {
      const doc = { ...(await edgeValue()), a: 'test' };
      const created = await insertEdge(doc);
      const updated = await ok(call('PATCH', epath(created._key) + `?keepNull=${keepNull}`, { ...doc, a: null }), 'edge');
      assert.equal(updated._oldRev, created._rev);
      const read = await readDoc('edge', G, E, created._key);
      if (keepNull) assert.deepEqual(Object.keys(read).sort(), ['_from', '_id', '_key', '_rev', '_to', 'a']);
      else assert.equal('a' in read, false);
    }
  });

  it('a deleted edge reads as null, with and without If-Match (deleteEdge, deleteEdgeIfMatch)', async () => {
    for (const withRev of [false, true]) {
      const e = await insertEdge(await edgeValue());
      await ok(call('DELETE', epath(e._key), undefined, withRev ? { 'if-match': e._rev } : undefined));
      assert.equal(await readDoc('edge', G, E, e._key), null);
    }
  });

  it("an edge key with _-:.@()+,=;$!*'% round-trips (edgeKeyWithSpecialChars)", async () => {
    const key = "_-:.@()+,=;$!*'%" + randomUUID();
    const e = await insertEdge({ ...(await edgeValue()), _key: key });
    const doc = await readDoc('edge', G, E, key);
    assert.equal(doc._key, key);
    assert.equal(e._key, key);
    assert.ok(doc._from && doc._to);
  });
});

describe('Java driver ArangoDatabaseTest: graphs', () => {
  it('a graph created with a name only answers that name and is listed once (createGraph, getGraphs)', async () => {
    const name = rnd('graph');
    assert.equal((await ok(call('POST', '/_api/gharial', { name }), 'graph')).name, name);
    const graphs = await ok(call('GET', '/_api/gharial'), 'graphs');
    assert.ok(graphs.length >= 1);
    assert.equal(graphs.filter((g: any) => g.name === name).length, 1);
  });
});
