// What the official Java driver's stream transaction tests send and expect, replayed against
// Cairn (in-process, no auth): arangodb/arangodb-java-driver test-functional/.../
// StreamTransactionTest.java, StreamTransactionConflictsTest.java and
// StreamTransactionGraphTest.java, and ArangoDatabaseTest.java's JavaScript transaction
// cases (transaction*, shouldIncludeExceptionMessage: POST /_api/transaction with an
// action and params; the driver reads `result`). Requests are InternalArangoDatabase's: POST
// /_api/transaction/begin with {collections: {read, write}, allowImplicit}, GET/PUT/DELETE
// /_api/transaction/<id>, GET /_api/transaction; every document, cursor, count, truncate,
// vertex and edge call carries x-arango-trx-id. getDocument/getVertex/getEdge answer null
// for 404/1202, 412/1200 and 304 as the driver does, and throw otherwise. Cluster-only cases
// (transactionDirtyRead) are left out. The facts are theirs; the code is ours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bodyOf, send, startServer, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: any };
let t: TestServer;

before(async () => {
  t = await startServer(['--auth', 'false']);
});
after(async () => {
  await t.close();
});

async function call(method: string, url: string, body?: unknown, trx?: string): Promise<Reply> {
  const res = await send(t, method, url, body, trx === undefined ? undefined : { 'x-arango-trx-id': trx });
  return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res) };
}
async function ok(r: Promise<Reply>): Promise<any> {
  const res = await r;
  assert.ok(res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
/** The driver's ArangoDBException: any status of 300 and more. */
async function throws(r: Promise<Reply>, status?: number, errorNum?: number): Promise<Reply> {
  const res = await r;
  assert.ok(res.status >= 300 && res.body?.error === true, `${res.status} ${JSON.stringify(res.body)}`);
  if (status !== undefined) assert.equal(res.status, status, JSON.stringify(res.body));
  if (errorNum !== undefined) assert.equal(res.body.errorNum, errorNum);
  return res;
}
/** getDocument/getVertex/getEdge: the document, or null for 404/1202, 412/1200, 304. */
async function read(url: string, trx?: string, pointer?: string): Promise<any> {
  const r = await call('GET', url, undefined, trx);
  if (r.status === 304 || (r.status === 404 && r.body.errorNum === 1202) || (r.status === 412 && r.body.errorNum === 1200)) return null;
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return pointer ? r.body[pointer] : r.body;
}
async function begin(collections: { read?: string[]; write?: string[] } = {}, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await ok(call('POST', '/_api/transaction/begin', { collections, ...extra }));
  assert.equal(r.result.status, 'running');
  assert.equal(typeof r.result.id, 'string');
  return r.result.id;
}
const abort = (id: string) => call('DELETE', `/_api/transaction/${id}`);
const commit = (id: string) => call('PUT', `/_api/transaction/${id}`);

describe('Java driver StreamTransactionTest', () => {
  const C = 'StreamTransactionTest_collection';
  const rw = { read: [C], write: [C] };
  const doc = (key: string) => `/_api/document/${C}/${encodeURIComponent(key)}`;
  const insert = async (body: unknown, trx?: string, q = '') => ok(call('POST', `/_api/document/${C}${q}`, body, trx));
  /** getDocuments: PUT ?onlyget=true; the driver keeps the elements that are not errors. */
  async function getDocuments(keys: string[], trx?: string): Promise<any[]> {
    const r = await ok(call('PUT', `/_api/document/${C}?onlyget=true`, keys, trx));
    return r.filter((d: any) => d.error !== true);
  }
  const count = async (trx?: string) => (await ok(call('GET', `/_api/collection/${C}/count`, undefined, trx))).count;

  before(async () => {
    await ok(call('POST', '/_api/collection', { name: C }));
  });

  it('begin answers a running transaction (beginStreamTransaction)', async () => {
    await ok(abort(await begin()));
  });

  it('begin with a write collection that does not exist throws 404/1203 (beginStreamTransactionWithNonExistingCollectionsShouldThrow)', async () => {
    const r = await throws(call('POST', '/_api/transaction/begin', { collections: { write: ['notExistingCollection'] } }), 404, 1203);
    assert.equal(r.body.errorMessage, 'collection or view not found: notExistingCollection');
  });

  it('abort answers the same id, aborted; a second abort is fine (abortStreamTransaction, abortStreamTransactionTwice)', async () => {
    const id = await begin();
    const r = await ok(abort(id));
    assert.deepEqual(r.result, { id, status: 'aborted' });
    assert.deepEqual((await ok(abort(id))).result, { id, status: 'aborted' });
  });

  it('abort, get and commit of id 000000 (0: no id) or of a word throw 400/10; of an unknown number 404/1655 (*WhenTransactionIdDoesNotExistsShouldThrow, *WithInvalidTransactionIdShouldThrow)', async () => {
    // (an abort or commit of an unknown number leaves an aborted tombstone, so each uses its own)
    for (const [m, message, op, unknown] of [['GET', 'Illegal transaction ID', '', '123456'], ['DELETE', 'bad transaction ID', 'abort', '123457'], ['PUT', 'bad transaction ID', 'commit', '123458']] as const) {
      assert.equal((await throws(call(m, '/_api/transaction/000000'), 400, 10)).body.errorMessage, message);
      assert.equal((await throws(call(m, '/_api/transaction/invalidTransactionId'), 400, 10)).body.errorMessage, message);
      const r = await throws(call(m, `/_api/transaction/${unknown}`), 404, 1655);
      assert.equal(r.body.errorMessage, op ? `transaction ${unknown} not found on ${op} operation` : 'transaction not found');
    }
  });

  it('abort of a committed transaction and commit of an aborted one throw 400/1653 (abortCommittedStreamTransactionShouldThrow, commitAbortedStreamTransactionShouldThrow)', async () => {
    const a = await begin();
    await ok(commit(a));
    const r1 = await throws(abort(a), 400, 1653);
    assert.equal(r1.body.errorMessage, `while trying to abort transaction ${a}: transaction was already committed`);
    const b = await begin();
    await ok(abort(b));
    const r2 = await throws(commit(b), 400, 1653);
    assert.equal(r2.body.errorMessage, `while trying to commit transaction ${b}: transaction was already aborted`);
  });

  it('get answers the id and running; commit answers committed, twice (getStreamTransaction, commitStreamTransaction, commitStreamTransactionTwice)', async () => {
    const id = await begin();
    assert.deepEqual((await ok(call('GET', `/_api/transaction/${id}`))).result, { id, status: 'running' });
    assert.deepEqual((await ok(commit(id))).result, { id, status: 'committed' });
    assert.deepEqual((await ok(commit(id))).result, { id, status: 'committed' });
  });

  it('a document inserted outside after begin is not seen inside, by key, by keys or by HEAD (getDocument, getDocuments, documentExists)', async () => {
    const tx = await begin({ read: [C] });
    const d1 = await insert({});
    const d2 = await insert({});
    assert.equal(await read(doc(d1._key), tx), null);
    assert.deepEqual(await getDocuments([d1._id, d2._id], tx), []);
    assert.equal((await call('HEAD', doc(d1._key), undefined, tx)).status, 404);
    assert.equal((await call('HEAD', doc(d1._key))).status, 200);
    await ok(abort(tx));
  });

  it('a read with an unknown transaction id throws 404/1655, with an invalid one 400 (getDocumentWithNonExistingTransactionIdShouldThrow, getDocumentWithInvalidTransactionIdShouldThrow)', async () => {
    const r = await throws(call('GET', doc('docId'), undefined, '654321'), 404, 1655);
    assert.equal(r.body.errorMessage, "transaction '654321' not found");
    await throws(call('GET', doc('docId'), undefined, 'abcde'), 400);
  });

  it('an insert inside is seen inside only until commit (insertDocument)', async () => {
    const tx = await begin(rw);
    const d = await insert({}, tx);
    assert.equal(await read(doc(d._key)), null);
    assert.notEqual(await read(doc(d._key), tx), null);
    await ok(commit(tx));
    assert.notEqual(await read(doc(d._key)), null);
  });

  it('a batch insert inside is seen inside only until commit (insertDocuments)', async () => {
    const tx = await begin(rw);
    const keys = (await insert([{}, {}, {}], tx)).map((d: any) => d._key);
    assert.deepEqual(await getDocuments(keys), []);
    assert.equal((await getDocuments(keys, tx)).length, 3);
    await ok(commit(tx));
    assert.equal((await getDocuments(keys)).length, 3);
  });

  for (const [verb, method] of [['replace', 'PUT'], ['update', 'PATCH']] as const) {
    it(`a ${verb} inside is seen inside only until commit (${verb}Document)`, async () => {
      const key = randomUUID();
      await insert({ _key: key, test: 'foo' });
      const tx = await begin(rw);
      await ok(call(method, doc(key), { _key: key, test: 'bar' }, tx));
      assert.equal((await read(doc(key))).test, 'foo');
      assert.equal((await read(doc(key), tx)).test, 'bar');
      await ok(commit(tx));
      assert.equal((await read(doc(key))).test, 'bar');
    });
    it(`a batch ${verb} inside is seen inside only until commit (${verb}Documents)`, async () => {
      const created = (await insert([{ test: 'foo' }, { test: 'foo' }, { test: 'foo' }], undefined, '?returnNew=true')).map((d: any) => d.new);
      const keys = created.map((d: any) => d._key);
      const tx = await begin(rw);
      await ok(call(method, `/_api/document/${C}`, created.map((d: any) => ({ ...d, test: 'bar' })), tx));
      assert.deepEqual((await getDocuments(keys)).map((d) => d.test), ['foo', 'foo', 'foo']);
      assert.deepEqual((await getDocuments(keys, tx)).map((d) => d.test), ['bar', 'bar', 'bar']);
      await ok(commit(tx));
      assert.deepEqual((await getDocuments(keys)).map((d) => d.test), ['bar', 'bar', 'bar']);
    });
  }

  it('a delete inside is seen inside only until commit (deleteDocument)', async () => {
    const d = await insert({});
    const tx = await begin(rw);
    await ok(call('DELETE', doc(d._key), undefined, tx));
    assert.notEqual(await read(doc(d._key)), null);
    assert.equal(await read(doc(d._key), tx), null);
    await ok(commit(tx));
    assert.equal(await read(doc(d._key)), null);
  });

  it('a batch delete inside is seen inside only until commit (deleteDocuments)', async () => {
    const keys = (await insert([{}, {}, {}])).map((d: any) => d._key);
    const tx = await begin(rw);
    await ok(call('DELETE', `/_api/document/${C}`, keys, tx));
    assert.equal((await getDocuments(keys)).length, 3);
    assert.deepEqual(await getDocuments(keys, tx), []);
    await ok(commit(tx));
    assert.deepEqual(await getDocuments(keys), []);
  });

  it('count inside does not see an insert made outside after begin (count)', async () => {
    const initial = await count();
    const tx = await begin({ read: [C] });
    await insert({});
    assert.equal(await count(tx), initial);
    await ok(abort(tx));
  });

  it('truncate inside empties the collection for the transaction only until commit (truncate)', async () => {
    await insert({});
    const tx = await begin(rw);
    await ok(call('PUT', `/_api/collection/${C}/truncate`, undefined, tx));
    assert.ok((await count()) > 0);
    assert.equal(await count(tx), 0);
    await ok(commit(tx));
    assert.equal(await count(), 0);
  });

  it('a query inside does not see an insert made outside after begin (createCursor)', async () => {
    const tx = await begin({ read: [C] });
    const d = await insert({});
    const r = await ok(call('POST', '/_api/cursor', { query: 'FOR doc IN @@collection FILTER doc._key == @key RETURN doc', bindVars: { '@collection': C, key: d._key } }, tx));
    assert.deepEqual([r.result, r.hasMore], [[], false]);
    await ok(abort(tx));
  });

  it('a query inside, batch size 2, returns the documents inserted inside over its batches (nextCursor)', async () => {
    const tx = await begin(rw);
    const keys = (await insert(Array.from({ length: 10 }, () => ({})), tx)).map((d: any) => d._key);
    let r = await ok(call('POST', '/_api/cursor', { query: 'FOR doc IN @@collection FILTER CONTAINS_ARRAY(@keys, doc._key) RETURN doc', bindVars: { '@collection': C, keys }, batchSize: 2 }, tx));
    const got = [...r.result];
    while (r.hasMore) {
      r = await ok(call('POST', `/_api/cursor/${r.id}`, undefined, tx));
      got.push(...r.result);
    }
    assert.deepEqual(got.map((d: any) => d._key).sort(), [...keys].sort());
    await ok(abort(tx));
  });

  it('the list shows both running transactions with state running (getStreamTransactions)', async () => {
    const ids = [await begin(), await begin()];
    const list = (await ok(call('GET', '/_api/transaction'))).transactions.filter((x: any) => ids.includes(x.id));
    assert.deepEqual(list.map((x: any) => x.state), ['running', 'running']);
    for (const id of ids) await ok(abort(id));
  });

  it('with allowImplicit false a read of an undeclared collection is 400/1652 (transactionAllowImplicitFalse)', async () => {
    const tx = await begin({}, { allowImplicit: false });
    const d = await insert({});
    const r = await throws(call('GET', doc(d._key), undefined, tx), 400, 1652);
    assert.match(r.body.errorMessage, /unregistered collection used in transaction/);
    await ok(abort(tx));
  });
});

describe('Java driver StreamTransactionConflictsTest', () => {
  const C = `db_concurrent_stream_transactions_test-${randomUUID()}`;
  const rw = { read: [C], write: [C] };
  before(async () => {
    await ok(call('POST', '/_api/collection', { name: C }));
  });

  it('inserting a key another running transaction inserted is 409/1200 (conflictOnInsertDocumentWithNotYetCommittedTx)', async () => {
    const tx1 = await begin(rw);
    const tx2 = await begin(rw);
    const key = randomUUID();
    await ok(call('POST', `/_api/document/${C}`, { _key: key }, tx1));
    await throws(call('POST', `/_api/document/${C}`, { _key: key }, tx2), 409, 1200);
    await ok(abort(tx1));
    await ok(abort(tx2));
  });

  it('inserting a key a transaction committed after this one began is 409/1200 (conflictOnInsertDocumentWithAlreadyCommittedTx)', async () => {
    const tx1 = await begin(rw);
    const tx2 = await begin(rw);
    const key = randomUUID();
    await ok(call('POST', `/_api/document/${C}`, { _key: key }, tx1));
    await ok(commit(tx1));
    const r = await throws(call('POST', `/_api/document/${C}`, { _key: key }, tx2), 409, 1200);
    assert.equal(r.body.errorMessage, `write-write conflict - in index primary of type primary over '_key'; conflicting key: ${key}`);
    // the refused write leaves the transaction running, with nothing of it
    assert.equal((await ok(call('GET', `/_api/transaction/${tx2}`))).result.status, 'running');
    await ok(abort(tx2));
  });
});

describe('Java driver StreamTransactionGraphTest', () => {
  const G = 'graph_stream_transaction_graph_test';
  const E = 'edge_collection_stream_transaction_graph_test';
  const V1 = 'vertex_collection_1_stream_transaction_graph_test';
  const V2 = 'vertex_collection_2_stream_transaction_graph_test';
  const all = { read: [V1, V2, E], write: [V1, V2, E] };
  const g = (kind: string, col: string, key?: string) => `/_api/gharial/${G}/${kind}/${col}` + (key ? `/${encodeURIComponent(key)}` : '');
  const vertex = (key: string, trx?: string) => read(g('vertex', V1, key), trx, 'vertex');
  const edge = (key: string, trx?: string) => read(g('edge', E, key), trx, 'edge');
  /** createEdgeValue: a vertex in each collection (inside `trx` if given), and an edge between them. */
  async function edgeValue(trx?: string): Promise<Record<string, unknown>> {
    const v1 = (await ok(call('POST', g('vertex', V1), {}, trx))).vertex;
    const v2 = (await ok(call('POST', g('vertex', V2), {}, trx))).vertex;
    return { _from: v1._id, _to: v2._id };
  }

  before(async () => {
    await ok(call('POST', '/_api/gharial', { name: G, edgeDefinitions: [{ collection: E, from: [V1], to: [V2] }] }));
  });

  it('a vertex inserted outside after begin is null inside (getVertex)', async () => {
    const tx = await begin(all);
    const v = (await ok(call('POST', g('vertex', V1), {}))).vertex;
    assert.equal(await vertex(v._key, tx), null);
    await ok(abort(tx));
  });

  it('a vertex inserted inside is seen inside only until commit (createVertex)', async () => {
    const tx = await begin(all);
    const v = (await ok(call('POST', g('vertex', V1), {}, tx))).vertex;
    assert.equal(await vertex(v._key), null);
    assert.notEqual(await vertex(v._key, tx), null);
    await ok(commit(tx));
    assert.notEqual(await vertex(v._key), null);
  });

  for (const [verb, method] of [['replace', 'PUT'], ['update', 'PATCH']] as const) {
    it(`a vertex ${verb} inside is seen inside only until commit (${verb}Vertex)`, async () => {
      const key = randomUUID();
      await ok(call('POST', g('vertex', V1), { _key: key, test: 'foo' }));
      const tx = await begin(all);
      await ok(call(method, g('vertex', V1, key), { _key: key, test: 'bar' }, tx));
      assert.equal((await vertex(key)).test, 'foo');
      assert.equal((await vertex(key, tx)).test, 'bar');
      await ok(commit(tx));
      assert.equal((await vertex(key)).test, 'bar');
    });
    it(`an edge ${verb} inside is seen inside only until commit (${verb}Edge)`, async () => {
      const value = { ...(await edgeValue()), test: 'foo' };
      const e = (await ok(call('POST', g('edge', E), value))).edge;
      const tx = await begin(all);
      await ok(call(method, g('edge', E, e._key), { ...value, test: 'bar' }, tx));
      assert.equal((await edge(e._key)).test, 'foo');
      assert.equal((await edge(e._key, tx)).test, 'bar');
      await ok(commit(tx));
      assert.equal((await edge(e._key)).test, 'bar');
    });
  }

  it('a vertex deleted inside is gone inside only until commit (deleteVertex)', async () => {
    const v = (await ok(call('POST', g('vertex', V1), {}))).vertex;
    const tx = await begin(all);
    await ok(call('DELETE', g('vertex', V1, v._key), undefined, tx));
    assert.notEqual(await vertex(v._key), null);
    assert.equal(await vertex(v._key, tx), null);
    await ok(commit(tx));
    assert.equal(await vertex(v._key), null);
  });

  it('an edge inserted outside after begin is null inside (getEdge)', async () => {
    const tx = await begin(all);
    const e = (await ok(call('POST', g('edge', E), await edgeValue()))).edge;
    assert.equal(await edge(e._key, tx), null);
    await ok(abort(tx));
  });

  it('an edge between vertices inserted inside is created inside and seen only until commit (createEdge)', async () => {
    const tx = await begin(all);
    const e = (await ok(call('POST', g('edge', E), await edgeValue(tx), tx))).edge;
    assert.equal(await edge(e._key), null);
    assert.notEqual(await edge(e._key, tx), null);
    await ok(commit(tx));
    assert.notEqual(await edge(e._key), null);
  });

  it('an edge deleted inside is gone inside only until commit (deleteEdge)', async () => {
    const e = (await ok(call('POST', g('edge', E), await edgeValue()))).edge;
    const tx = await begin(all);
    await ok(call('DELETE', g('edge', E, e._key), undefined, tx));
    assert.notEqual(await edge(e._key), null);
    assert.equal(await edge(e._key, tx), null);
    await ok(commit(tx));
    assert.equal(await edge(e._key), null);
  });
});

describe('Java driver ArangoDatabaseTest: JavaScript transactions', () => {
  const [C1, C2] = ['db_test1', 'db_test2'];
  const js = (action: string, params?: unknown, collections: Record<string, string[]> = {}, extra: Record<string, unknown> = {}) =>
    call('POST', '/_api/transaction', { collections, action, ...(params === undefined ? {} : { params }), ...extra });
  before(async () => {
    for (const name of [C1, C2]) {
      await ok(call('POST', '/_api/collection', { name }));
      await ok(call('POST', `/_api/document/${name}`, { from: name }));
    }
  });

  it('params come back as given: a string, a number, an object, an array (transactionString, transactionNumber, transactionJsonNode, transactionJsonObject, transactionJsonArray, transactionMap, transactionArray, transactionCollection)', async () => {
    assert.equal((await ok(js('function (params) {return params;}', 'test'))).result, 'test');
    assert.equal((await ok(js('function (params) {return params;}', 5))).result, 5);
    assert.equal((await ok(js("function (params) { return params['foo'] + ' ' + params['bar'];}", { foo: 'hello', bar: 'world' }))).result, 'hello world');
    assert.equal((await ok(js("function (params) { return params[0] + ' ' + params[1];}", ['hello', 'world']))).result, 'hello world');
  });

  it('a document saved in a write or an exclusive collection is there afterwards (transactionInsertJson, transactionExclusiveWrite)', async () => {
    for (const mode of ['write', 'exclusive']) {
      const key = `key-${randomUUID()}`;
      const r = await ok(js(`function (params) { var db = require('internal').db; db.${C1}.save(JSON.parse(params)); }`, JSON.stringify({ _key: key }), { [mode]: [C1] }));
      assert.equal(r.result, null);
      assert.equal((await ok(call('GET', `/_api/document/${C1}/${key}`)))._key, key);
    }
  });

  it('an empty action answers result null; an object comes back whole (transactionEmpty, transactionPojoReturn)', async () => {
    assert.deepEqual(await ok(js('function () {}')), { code: 200, error: false, result: null });
    assert.deepEqual((await ok(js("function() { return {'value':'hello world'}; }"))).result, { value: 'hello world' });
  });

  it('an undeclared read works unless allowImplicit is false: then 400/1652 (transactionAllowImplicit)', async () => {
    const action = `function (params) { var db = require('internal').db; return {'a': db.${C1}.all().toArray()[0], 'b': db.${C2}.all().toArray()[0]}; }`;
    const r = await ok(js(action, undefined, { read: [C1] }));
    assert.deepEqual([r.result.a.from, r.result.b.from], [C1, C2]);
    await throws(js(action, undefined, { read: [C1] }, { allowImplicit: false }), 400, 1652);
  });

  it('a thrown string is the error message (shouldIncludeExceptionMessage)', async () => {
    const r = await throws(js("function (params) { throw 'My error context'; }"));
    assert.equal(r.body.errorMessage, 'My error context');
  });
});
