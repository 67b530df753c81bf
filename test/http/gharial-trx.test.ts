// Vertices and edges written through /_api/gharial inside a stream transaction
// (x-arango-trx-id): the writes stay in the transaction until its commit (202), its reads
// see them and nobody else does, abort drops them, and collections the transaction did
// not declare for writing are 1652. The `upstream:` cases port TransactionGraphSuite of
// ArangoDB's tests/js/client/shell/transaction/shell-transaction-graph.js (its
// and its JSTransactionGraphSuite, whose actions use @arangodb/general-graph inside
// JavaScript transactions); `python-arango:` ports test_transaction_graph of
// python-arango's tests/test_transaction.py.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const GRAPH = 'UnitTestsGraph';
const V = 'UnitTestsVertex';
const E = 'UnitTestsEdge';
const G = `/_api/gharial/${GRAPH}`;

describe('gharial inside stream transactions', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, trx?: string, headers: Record<string, string> = {}) {
    const res = await s.request({ method, url, body, headers: trx ? { ...headers, 'x-arango-trx-id': trx } : headers });
    return { status: res.statusCode, headers: res.headers, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  async function begin(collections: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const r = await call('POST', '/_api/transaction/begin', { collections, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.result.id as string;
  }
  const commit = async (id: string) => assert.equal((await call('PUT', `/_api/transaction/${id}`)).body.result.status, 'committed');
  const abort = async (id: string) => assert.equal((await call('DELETE', `/_api/transaction/${id}`)).body.result.status, 'aborted');
  /** The document as committed (the document API, outside any transaction), or its errorNum. */
  const committed = async (c: string, k: string) => {
    const r = await call('GET', `/_api/document/${c}/${k}`);
    return r.status === 200 ? r.body : r.body.errorNum;
  };
  /** The document as the transaction sees it, through the document API. */
  const seen = async (trx: string, c: string, k: string) => {
    const r = await call('GET', `/_api/document/${c}/${k}`, undefined, trx);
    return r.status === 200 ? r.body : r.body.errorNum;
  };
  const edgeBetween = (key: string, a: string, b: string, extra: Record<string, unknown> = {}) => ({ _key: key, _from: `${V}/${a}`, _to: `${V}/${b}`, ...extra });

  beforeEach(async () => {
    for (const t of (await call('GET', '/_api/transaction')).body.transactions) await call('DELETE', `/_api/transaction/${t.id}`);
    await call('DELETE', `${G}?dropCollections=true`);
    await call('DELETE', '/_api/gharial/OtherGraph?dropCollections=true');
    const r = await call('POST', '/_api/gharial', { name: GRAPH, edgeDefinitions: [{ collection: E, from: [V], to: [V] }] });
    assert.equal(r.status, 202, JSON.stringify(r.body));
  });

  describe('upstream: shell-transaction-graph.js TransactionGraphSuite', () => {
    it('testVertexInsertUndeclared', async () => {
      const trx = await begin({});
      const r = await call('POST', `${G}/vertex/${V}`, { _key: 'test', value: 'test' }, trx);
      assert.equal(r.body.error, true);
      assert.equal(r.body.errorNum, 1652);
      assert.equal(r.status, 400);
      assert.equal(r.body.errorMessage, `unregistered collection used in transaction: ${V} [write]`);
    });

    it('testEdgeInsertUndeclared (before the vertices are looked up)', async () => {
      const trx = await begin({});
      const r = await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }), trx);
      assert.equal(r.body.error, true);
      assert.equal(r.body.errorNum, 1652);
    });

    it('testVertexInsert', async () => {
      const trx = await begin({ write: [V] });
      const r = await call('POST', `${G}/vertex/${V}`, { _key: 'test', value: 'test' }, trx);
      assert.equal(r.body.error, false);
      assert.equal(r.status, 202);
      assert.equal(r.body.code, 202);
      assert.equal(await committed(V, 'test'), 1202);
      await commit(trx);
      assert.equal((await committed(V, 'test')).value, 'test');
    });

    it('testEdgeInsert (its vertices written in the same transaction)', async () => {
      const trx = await begin({ write: [V, E] });
      await call('POST', `${G}/vertex/${V}`, { _key: '1' }, trx);
      await call('POST', `${G}/vertex/${V}`, { _key: '2' }, trx);
      const r = await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }), trx);
      assert.equal(r.body.error, false, JSON.stringify(r.body));
      assert.equal(r.status, 202);
      assert.equal(await committed(E, 'test'), 1202);
      await commit(trx);
      const e = await committed(E, 'test');
      assert.equal(e.value, 'test');
      assert.equal(e._from, `${V}/1`);
      assert.equal(e._to, `${V}/2`);
    });

    it('testVertexRemove', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: 'test', value: 'test' });
      const trx = await begin({ write: [V, E] });
      const r = await call('DELETE', `${G}/vertex/${V}/test`, undefined, trx);
      assert.equal(r.body.error, false);
      assert.equal(r.status, 202);
      assert.deepEqual(r.body, { error: false, code: 202, removed: true });
      assert.equal((await committed(V, 'test')).value, 'test');
      assert.equal(await seen(trx, V, 'test'), 1202);
      await commit(trx);
      assert.equal(await committed(V, 'test'), 1202);
    });

    it('testVertexRemoveWithDependencies', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: '1' });
      await call('POST', `${G}/vertex/${V}`, { _key: '2' });
      await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }));
      const trx = await begin({ write: [V, E] });
      const r = await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx);
      assert.equal(r.status, 202);
      assert.equal((await committed(V, '1'))._key, '1');
      assert.equal((await committed(E, 'test')).value, 'test');
      assert.equal(await seen(trx, V, '1'), 1202);
      assert.equal(await seen(trx, E, 'test'), 1202);
      await commit(trx);
      assert.equal(await committed(V, '1'), 1202);
      assert.equal(await committed(E, 'test'), 1202);
    });

    it('testVertexRemoveWithDependenciesUndeclaredVertexCollection', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: '1' });
      await call('POST', `${G}/vertex/${V}`, { _key: '2' });
      await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }));
      const trx = await begin({ write: [E] });
      const r = await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx);
      assert.equal(r.body.error, true);
      assert.equal(r.body.errorNum, 1652);
      await abort(trx);
      assert.equal((await committed(V, '1'))._key, '1');
      assert.equal((await committed(E, 'test')).value, 'test');
    });

    it('testEdgeRemove', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: '1' });
      await call('POST', `${G}/vertex/${V}`, { _key: '2' });
      await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }));
      const trx = await begin({ write: [E] });
      const r = await call('DELETE', `${G}/edge/${E}/test`, undefined, trx);
      assert.equal(r.status, 202);
      assert.equal((await committed(E, 'test')).value, 'test');
      assert.equal(await seen(trx, E, 'test'), 1202);
      await commit(trx);
      assert.equal(await committed(E, 'test'), 1202);
    });

    for (const [name, kind, method] of [
      ['testEdgeUpdate', 'edge', 'PATCH'],
      ['testVertexUpdate', 'vertex', 'PATCH'],
      ['testEdgeReplace', 'edge', 'PUT'],
      ['testVertexReplace', 'vertex', 'PUT'],
    ] as const) {
      it(name, async () => {
        await call('POST', `${G}/vertex/${V}`, { _key: '1' });
        await call('POST', `${G}/vertex/${V}`, { _key: '2' });
        const c = kind === 'edge' ? E : V;
        if (kind === 'edge') await call('POST', `${G}/edge/${E}`, edgeBetween('test', '1', '2', { value: 'test' }));
        else await call('POST', `${G}/vertex/${V}`, { _key: 'test', value: 'test' });
        const trx = await begin({ write: [c] });
        const body = method === 'PUT' && kind === 'edge' ? { value: 'meow', _from: `${V}/1`, _to: `${V}/2` } : { value: 'meow' };
        const r = await call(method, `${G}/${kind}/${c}/test`, body, trx);
        assert.equal(r.body.error, false, JSON.stringify(r.body));
        assert.equal(r.status, 202);
        assert.equal((await committed(c, 'test')).value, 'test');
        const inside = await seen(trx, c, 'test');
        assert.equal(inside._key, 'test');
        assert.equal(inside.value, 'meow');
        await commit(trx);
        assert.equal((await committed(c, 'test')).value, 'meow');
      });
    }
  });

  describe('upstream: shell-transaction-graph.js JSTransactionGraphSuite', () => {
    /** POST /_api/transaction running `action` (a function's source) with { graph, vertex, edge } as params. */
    const js = (collections: Record<string, unknown>, action: string) =>
      call('POST', '/_api/transaction', { collections, action, params: { graph: GRAPH, vertex: V, edge: E } });
    const seed = async () => {
      await call('POST', `/_api/document/${V}`, [{ _key: '1' }, { _key: '2' }]);
      await call('POST', `/_api/document/${E}`, edgeBetween('test', '1', '2', { value: 'test' }));
    };
    const G_ = `let graph = require("@arangodb/general-graph")._graph(params.graph);`;

    it('testVertexInsertUndeclaredJS', async () => {
      const r = await js({}, `function (params) { ${G_} graph[params.vertex].insert({ _key: "test", value: "test" }); }`);
      assert.equal(r.body.errorNum, 1652);
    });
    it('testEdgeInsertUndeclaredJS', async () => {
      const r = await js({}, `function (params) { ${G_} graph[params.edge].insert({ _key: "test", value: "test", _from: params.vertex + "/1", _to: params.vertex + "/2" }); }`);
      assert.equal(r.body.errorNum, 1652);
    });
    it('testVertexInsertJS', async () => {
      const r = await js({ write: V }, `function (params) { ${G_} graph[params.vertex].insert({ _key: "test", value: "test" });
        if (graph[params.vertex].document("test").value !== "test") throw "peng"; }`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await committed(V, 'test')).value, 'test');
    });
    it('testEdgeInsertJS', async () => {
      const r = await js({ write: [V, E] }, `function (params) { ${G_}
        graph[params.vertex].insert({ _key: "1", value: "test" }); graph[params.vertex].insert({ _key: "2", value: "test" });
        graph[params.edge].insert({ _key: "test", value: "test", _from: params.vertex + "/1", _to: params.vertex + "/2" });
        if (graph[params.edge].document("test").value !== "test") throw "peng"; }`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const e = await committed(E, 'test');
      assert.deepEqual([e.value, e._from, e._to], ['test', `${V}/1`, `${V}/2`]);
    });
    it('testVertexRemoveJS', async () => {
      await call('POST', `/_api/document/${V}`, { _key: 'test', value: 'test' });
      const r = await js({ write: V }, `function (params) { ${G_} const ERRORS = require("@arangodb").errors; graph[params.vertex].remove("test");
        try { graph[params.vertex].document("test"); throw "peng"; } catch (err) { if (ERRORS.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code !== err.errorNum) throw "peng"; } }`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(await committed(V, 'test'), 1202);
    });
    it('testVertexRemoveWithDependenciesJS', async () => {
      await seed();
      const r = await js({ write: [V, E] }, `function (params) { ${G_} const ERRORS = require("@arangodb").errors; graph[params.vertex].remove("1");
        for (const [c, k] of [[params.vertex, "1"], [params.edge, "test"]]) {
          try { graph[c].document(k); throw "peng"; } catch (err) { if (ERRORS.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code !== err.errorNum) throw "peng"; } } }`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(await committed(V, '1'), 1202);
      assert.equal(await committed(E, 'test'), 1202);
    });
    it('testVertexRemoveWithDependenciesUndeclaredVertexCollectionJS', async () => {
      await seed();
      const r = await js({ write: E }, `function (params) { ${G_} graph[params.vertex].remove("1"); throw "peng"; }`);
      assert.equal(r.body.errorNum, 1652);
      assert.equal((await committed(V, '1'))._key, '1');
      assert.equal((await committed(E, 'test')).value, 'test');
    });
    it('testEdgeRemoveJS', async () => {
      await seed();
      const r = await js({ write: E }, `function (params) { ${G_} const ERRORS = require("@arangodb").errors; graph[params.edge].remove("test");
        try { graph[params.edge].document("test"); throw "peng"; } catch (err) { if (ERRORS.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code !== err.errorNum) throw "peng"; } }`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(await committed(E, 'test'), 1202);
    });
    for (const [name, kind, method, body] of [
      ['testEdgeUpdateJS', 'edge', 'update', '{ value: "meow" }'],
      ['testVertexUpdateJS', 'vertex', 'update', '{ value: "meow" }'],
      ['testEdgeReplaceJS', 'edge', 'replace', '{ value: "meow", _from: params.vertex + "/1", _to: params.vertex + "/2" }'],
      ['testVertexReplaceJS', 'vertex', 'replace', '{ value: "meow" }'],
    ] as const) {
      it(name, async () => {
        await seed();
        if (kind === 'vertex') await call('POST', `/_api/document/${V}`, { _key: 'test', value: 'test' });
        const c = kind === 'edge' ? E : V;
        const r = await js({ write: c }, `function (params) { ${G_} const c = graph[params.${kind}]; c.${method}("test", ${body});
          if (c.document("test").value !== "meow") throw "peng"; }`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const d = await committed(c, 'test');
        assert.deepEqual([d._key, d.value], ['test', 'meow']);
      });
    }
  });

  describe('upstream: python-arango tests/test_transaction.py', () => {
    it('test_transaction_graph: a vertex inserted and deleted in a transaction that declares its collection only', async () => {
      const trx = await begin({ write: [V] });
      assert.equal((await call('POST', `${G}/vertex/${V}`, { _key: 'fv1', val: 1 }, trx)).status, 202);
      const count = async () => (await call('GET', `/_api/collection/${V}/count`, undefined, trx)).body.count;
      assert.equal(await count(), 1);
      const del = await call('DELETE', `${G}/vertex/${V}/fv1`, undefined, trx);
      assert.equal(del.status, 202, JSON.stringify(del.body));
      assert.equal(await count(), 0);
      await commit(trx);
      assert.equal(await committed(V, 'fv1'), 1202);
    });
  });

  describe('reads, rollback, and the checks inside a transaction', () => {
    it('a GET through the graph inside the transaction sees its writes; outside it does not', async () => {
      const trx = await begin({ write: [V] });
      const w = await call('POST', `${G}/vertex/${V}?returnNew=true`, { _key: 'a', x: 1 }, trx);
      assert.equal(w.status, 202);
      assert.equal(w.body.new.x, 1);
      assert.equal(w.body.vertex._id, `${V}/a`);
      const inside = await call('GET', `${G}/vertex/${V}/a`, undefined, trx);
      assert.equal(inside.status, 200);
      assert.equal(inside.body.vertex.x, 1);
      assert.equal(inside.headers.etag, w.body.vertex._rev);
      const outside = await call('GET', `${G}/vertex/${V}/a`);
      assert.equal(outside.status, 404);
      assert.equal(outside.body.errorNum, 1202);
      await abort(trx);
    });

    it('abort drops a vertex removal together with the edges it removed', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: '1' });
      await call('POST', `${G}/vertex/${V}`, { _key: '2' });
      await call('POST', `${G}/edge/${E}`, edgeBetween('e1', '1', '2'));
      await call('POST', `${G}/edge/${E}`, edgeBetween('e2', '2', '1'));
      await call('POST', `${G}/edge/${E}`, edgeBetween('e3', '2', '2'));
      const trx = await begin({ write: [V, E] });
      assert.equal((await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx)).status, 202);
      assert.equal(await seen(trx, E, 'e1'), 1202);
      assert.equal(await seen(trx, E, 'e2'), 1202);
      assert.equal((await seen(trx, E, 'e3'))._key, 'e3', 'an edge not at the vertex stays');
      await abort(trx);
      for (const k of ['e1', 'e2', 'e3']) assert.equal((await committed(E, k))._key, k);
      assert.equal((await committed(V, '1'))._key, '1');
    });

    it('removing a vertex removes the edges the transaction itself wrote to it', async () => {
      const trx = await begin({ write: [V, E] });
      await call('POST', `${G}/vertex/${V}`, { _key: '1' }, trx);
      await call('POST', `${G}/vertex/${V}`, { _key: '2' }, trx);
      assert.equal((await call('POST', `${G}/edge/${E}`, edgeBetween('new', '2', '1'), trx)).status, 202);
      assert.equal((await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx)).status, 202);
      assert.equal(await seen(trx, E, 'new'), 1202);
      await commit(trx);
      assert.equal(await committed(E, 'new'), 1202);
      assert.equal(await committed(V, '1'), 1202);
      assert.equal((await committed(V, '2'))._key, '2');
    });

    it('removing a vertex needs each edge collection that holds edges at it declared, other graphs\' included', async () => {
      const r = await call('POST', '/_api/gharial', { name: 'OtherGraph', edgeDefinitions: [{ collection: 'OtherEdges', from: [V], to: [V] }] });
      assert.equal(r.status, 202);
      await call('POST', `${G}/vertex/${V}`, { _key: '1' });
      await call('POST', '/_api/gharial/OtherGraph/vertex/' + V, { _key: '2' });
      await call('POST', '/_api/gharial/OtherGraph/edge/OtherEdges', { _key: 'o', _from: `${V}/2`, _to: `${V}/1` });
      let trx = await begin({ write: [V, E] });
      const refused = await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx);
      assert.equal(refused.body.errorNum, 1652);
      assert.equal(refused.body.errorMessage, 'unregistered collection used in transaction: OtherEdges [write]');
      assert.equal((await seen(trx, V, '1'))._key, '1', 'nothing of the refused removal happened');
      await abort(trx);
      trx = await begin({ write: [V, E, 'OtherEdges'] });
      assert.equal((await call('DELETE', `${G}/vertex/${V}/1`, undefined, trx)).status, 202);
      assert.equal(await seen(trx, 'OtherEdges', 'o'), 1202);
      await commit(trx);
      assert.equal(await committed('OtherEdges', 'o'), 1202);
      await call('DELETE', '/_api/gharial/OtherGraph?dropCollections=true');
    });

    it('an edge to a vertex the transaction does not see is 1202; the graph\'s own checks come first', async () => {
      const trx = await begin({ write: [V, E] });
      const missing = await call('POST', `${G}/edge/${E}`, edgeBetween('x', '1', '2'), trx);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.errorNum, 1202);
      const foreign = await call('POST', `${G}/edge/${E}`, { _from: 'elsewhere/1', _to: `${V}/2` }, trx);
      assert.equal(foreign.body.errorNum, 1947);
      const notInGraph = await call('POST', `${G}/vertex/elsewhere`, {}, trx);
      assert.equal(notInGraph.body.errorNum, 1949);
      assert.deepEqual(notInGraph.body, (await call('POST', `${G}/vertex/elsewhere`, {})).body, 'as outside a transaction');
      await abort(trx);
    });

    it('reads of undeclared collections follow allowImplicit', async () => {
      await call('POST', `${G}/vertex/${V}`, { _key: 'r' });
      const implicit = await begin({ write: [E] });
      assert.equal((await call('GET', `${G}/vertex/${V}/r`, undefined, implicit)).status, 200);
      await abort(implicit);
      const strict = await begin({ write: [E] }, { allowImplicit: false });
      const r = await call('GET', `${G}/vertex/${V}/r`, undefined, strict);
      assert.equal(r.body.errorNum, 1652);
      assert.equal(r.body.errorMessage, `unregistered collection used in transaction: ${V} [read]`);
      await abort(strict);
    });

    it('an unknown or finished transaction id is refused as the document API refuses it', async () => {
      const viaDocs = await call('POST', `/_api/document/${V}`, {}, '12345');
      const viaGraph = await call('POST', `${G}/vertex/${V}`, {}, '12345');
      assert.equal(viaGraph.status, viaDocs.status);
      assert.deepEqual(viaGraph.body, viaDocs.body);
      const trx = await begin({ write: [V] });
      await commit(trx);
      const late = await call('POST', `${G}/vertex/${V}`, { _key: 'late' }, trx);
      assert.equal(late.body.error, true);
      assert.deepEqual(late.body, (await call('POST', `/_api/document/${V}`, { _key: 'late' }, trx)).body);
      assert.equal(await committed(V, 'late'), 1202);
    });
  });
});
