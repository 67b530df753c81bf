// Graph traversals over HTTP: inside a stream transaction a traversal follows the edges
// the transaction wrote (and nobody else does until it commits); with allowImplicit false
// an undeclared edge collection is 1652 and an undeclared vertex collection 1521, as in
// ArangoDB; a named graph comes from a `_graphs` document; /_api/explain shows the node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('graph traversals over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer([]);
    await call('POST', '/_api/collection', { name: 'tv' });
    await call('POST', '/_api/collection', { name: 'tw' });
    await call('POST', '/_api/collection', { name: 'te', type: 3 });
    await call('POST', '/_api/document/tv', [{ _key: 'a' }, { _key: 'b' }, { _key: 'c' }]);
    await call('POST', '/_api/document/tw', [{ _key: 'x' }]);
    await call('POST', '/_api/document/te', [{ _from: 'tv/a', _to: 'tv/b' }]);
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, trx?: string) {
    const res = await s.request({ method, url, body, headers: trx ? { 'x-arango-trx-id': trx } : {} });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const query = (q: string, trx?: string) => call('POST', '/_api/cursor', { query: q }, trx);

  it('sees the edges a stream transaction wrote, inside it only', async () => {
    const begin = await call('POST', '/_api/transaction/begin', { collections: { write: ['te'], read: ['tv'] } });
    const trx = begin.body.result.id as string;
    assert.equal((await call('POST', '/_api/document/te', { _from: 'tv/b', _to: 'tv/c' }, trx)).status, 202);
    const q = "FOR v, e, p IN 1..2 OUTBOUND 'tv/a' te RETURN p.vertices[*]._key";
    assert.deepEqual((await query(q, trx)).body.result, [['a', 'b'], ['a', 'b', 'c']]);
    assert.deepEqual((await query(q)).body.result, [['a', 'b']]);
    assert.deepEqual((await query("FOR v IN ANY SHORTEST_PATH 'tv/c' TO 'tv/a' te RETURN v._key", trx)).body.result, ['c', 'b', 'a']);
    assert.equal((await call('DELETE', `/_api/transaction/${trx}`)).status, 200);
    assert.deepEqual((await query(q)).body.result, [['a', 'b']]);
  });

  it('refuses an undeclared edge collection (1652) and vertex collection (1521) without allowImplicit', async () => {
    const begin = await call('POST', '/_api/transaction/begin', { collections: { read: ['tv'] }, allowImplicit: false });
    const trx = begin.body.result.id as string;
    const r = await query("FOR v IN OUTBOUND 'tv/a' te RETURN v", trx);
    assert.equal(r.status, 400);
    assert.equal(r.body.errorNum, 1652);
    assert.equal(r.body.errorMessage, 'unregistered collection used in transaction: te [read]');
    await call('DELETE', `/_api/transaction/${trx}`);

    await call('POST', '/_api/document/te', { _key: 'tox', _from: 'tv/c', _to: 'tw/x' });
    const begin2 = await call('POST', '/_api/transaction/begin', { collections: { read: ['tv', 'te'] }, allowImplicit: false });
    const trx2 = begin2.body.result.id as string;
    const r2 = await query("FOR v IN OUTBOUND 'tv/c' te RETURN v", trx2);
    assert.equal(r2.body.errorNum, 1521);
    assert.equal(r2.body.errorMessage, "AQL: collection not known to traversal: 'tw'. please add 'WITH tw' as the first line in your AQL (while executing)");
    await call('DELETE', `/_api/transaction/${trx2}`);
    await call('DELETE', '/_api/document/te/tox');
  });

  it('reads a named graph from _graphs and explains the TraversalNode', async () => {
    await call('POST', '/_api/document/_graphs', { _key: 'g1', edgeDefinitions: [{ collection: 'te', from: ['tv'], to: ['tv'] }], orphanCollections: [] });
    assert.deepEqual((await query("FOR v IN 1..2 OUTBOUND 'tv/a' GRAPH 'g1' RETURN v._key")).body.result, ['b']);
    const r = await query("FOR v IN 1..2 OUTBOUND 'tv/a' GRAPH 'g2' RETURN v._key");
    assert.deepEqual([r.status, r.body.errorNum, r.body.errorMessage], [404, 1924, "AQL: graph 'g2' not found (while parsing)"]);
    const ex = await call('POST', '/_api/explain', { query: "FOR v IN 1..2 OUTBOUND 'tv/a' GRAPH 'g1' RETURN v" });
    const node = ex.body.plan.nodes[1];
    assert.deepEqual([node.type, node.graph, node.edgeCollections, node.directions, node.vertexId], ['TraversalNode', 'g1', ['te'], [2], 'tv/a']);
    assert.deepEqual(ex.body.plan.collections, [
      { name: 'te', type: 'read' },
      { name: 'tv', type: 'read' },
    ]);
  });
});
