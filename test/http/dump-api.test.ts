// ArangoDB 3.12's dump API (/_api/dump/start, next/<id>, <id>) on a single server, where
// the "shards" are collection names. The DumpAPI suite of
// tests/js/client/shell/api/dump-cluster.js (arangodb/arangodb) replayed in Cairn's words
// (one collection instead of a DB-Server's shards), then the protocol's errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const basic = (user: string, pw = '') => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
const DB = '/_db/DumpTestDatabase';

describe('the dump API (one storage/dump-batches.ts batch per dump)', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.now());
  before(async () => {
    s = await startServer([], { clock });
    assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name: 'DumpTestDatabase' } })).statusCode, 201);
    assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/collection`, body: { name: 'A' } })).statusCode, 200);
    assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/collection`, body: { name: 'B' } })).statusCode, 200);
    assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/collection`, body: { name: 'empty' } })).statusCode, 200);
    for (let i = 0; i < 10000; i += 1000) {
      const docs = Array.from({ length: 1000 }, (_, j) => ({ value: i + j, some: { nested: { value: 1234 } }, flag: (i + j) % 3 }));
      assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/document/A`, body: docs })).statusCode, 202);
    }
    assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/document/B`, body: [{ _key: 'b1' }, { _key: 'b2' }] })).statusCode, 202);
  });
  after(() => s.close());

  async function startDump(options: unknown, auth?: string): Promise<string> {
    const res = await s.request({ method: 'POST', url: `${DB}/_api/dump/start`, body: options, auth });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.body, '');
    const id = res.headers['x-arango-dump-id'] as string;
    assert.match(id, /^dump-\d+$/);
    return id;
  }

  const nextBatch = (id: string, batchId: number, lastBatch?: number, auth?: string) =>
    s.request({ method: 'POST', url: `${DB}/_api/dump/next/${id}?batchId=${batchId}${lastBatch === undefined ? '' : `&lastBatch=${lastBatch}`}`, auth });

  /** Every document of the dump with the collection its batch named, as the upstream suite reads it. */
  async function readAll(id: string): Promise<[any, string][]> {
    const out: [any, string][] = [];
    for (let batchId = 0; ; batchId++) {
      const res = await nextBatch(id, batchId, batchId > 0 ? batchId - 1 : undefined);
      if (res.statusCode === 204) break;
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/x-arango-dump');
      assert.equal(res.headers['x-arango-dump-block-counts'], '0');
      const shard = res.headers['x-arango-dump-shard-id'] as string;
      for (const line of res.body.split('\n')) if (line !== '') out.push([JSON.parse(line), shard]);
    }
    return out;
  }

  const remove = (id: string, auth?: string) => s.request({ method: 'DELETE', url: `${DB}/_api/dump/${id}`, auth });

  // dump-cluster.js testCreateFinishContext
  it('creates a context and ends it once: 200, then 404/1600', async () => {
    const id = await startDump({ batchSize: 1024, parallelism: 5, prefetchCount: 5, shards: ['A'] });
    const first = await remove(id);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(bodyOf(first), { error: false, code: 200 });
    const second = await remove(id);
    assert.equal(second.statusCode, 404);
    assert.deepEqual(bodyOf(second), err(404, 1600, 'requested dump context not found'));
  });

  // dump-cluster.js testDumpServers
  it('dumps every document of the named collections, each batch naming its collection', async () => {
    const id = await startDump({ shards: ['A', 'B', 'empty'] });
    const docs = await readAll(id);
    assert.equal(docs.length, 10002);
    const values = new Map<number, any>();
    for (const [doc, shard] of docs) {
      if (shard === 'B') {
        assert.match(doc._key, /^b[12]$/);
        assert.equal(doc._id, `B/${doc._key}`);
        continue;
      }
      assert.equal(shard, 'A');
      assert.equal(doc._id, `A/${doc._key}`);
      assert.equal(typeof doc._rev, 'string');
      values.set(doc.value, doc);
    }
    assert.equal(values.size, 10000);
    for (let i = 0; i < 10000; i++) assert.equal(values.get(i).value, i);
    assert.equal((await remove(id)).statusCode, 200);
  });

  it('keeps the documents of its start: later writes do not show', async () => {
    const id = await startDump({ shards: ['B'] });
    assert.equal((await s.request({ method: 'POST', url: `${DB}/_api/document/B`, body: { _key: 'late' } })).statusCode, 202);
    assert.deepEqual((await readAll(id)).map(([d]) => d._key).sort(), ['b1', 'b2']);
    assert.equal((await s.request({ method: 'DELETE', url: `${DB}/_api/document/B/late` })).statusCode, 202);
    await remove(id);
  });

  it('fills a batch up to docsPerBatch documents', async () => {
    const id = await startDump({ shards: ['A'], docsPerBatch: 1000, batchSize: 100 * 1024 * 1024 });
    const sizes: number[] = [];
    for (let b = 0; ; b++) {
      const res = await nextBatch(id, b, b > 0 ? b - 1 : undefined);
      if (res.statusCode === 204) break;
      sizes.push(res.body.split('\n').filter((l) => l !== '').length);
    }
    assert.deepEqual(sizes, Array(10).fill(1000));
    await remove(id);
  });

  // dump-cluster.js testBatchRetry
  it('answers the same batch again for the same batch id', async () => {
    const id = await startDump({ shards: ['A'] });
    const r1 = await nextBatch(id, 0);
    const r2 = await nextBatch(id, 0);
    assert.equal(r1.statusCode, 200);
    assert.equal(r2.statusCode, 200);
    assert.equal(r1.body, r2.body);
    const r3 = await nextBatch(id, 1, 0);
    assert.notEqual(r3.body, r1.body);
    await remove(id);
  });

  // dump-cluster.js testBatchUnknownContext
  it('answers 404/1600 for an unknown context', async () => {
    const res = await nextBatch('DOES-NOT-EXIST', 0);
    assert.equal(res.statusCode, 404);
    assert.deepEqual(bodyOf(res), err(404, 1600, 'requested dump context not found'));
  });

  // dump-cluster.js testSimpleProjections, testSimpleProjectionsNonExistentPath, testProjectionsId, testProjectionsNested
  it('dumps only the projected attributes', async () => {
    const cases = [
      { id: 'simple', projections: { foo: ['value'] }, check: (d: any) => assert.deepEqual([Object.keys(d), typeof d.foo], [['foo'], 'number']) },
      { id: 'missing-path', projections: { foo: ['value'], unknown: ['some', 'non-existent', 'path'] }, check: (d: any) => assert.deepEqual(Object.keys(d), ['foo']) },
      { id: 'id', projections: { foo: ['_id'] }, check: (d: any) => assert.match(d.foo, /^A\/\d+$/) },
      { id: 'nested', projections: { foo: ['some', 'nested', 'value'], bar: ['value'] }, check: (d: any) => assert.deepEqual([Object.keys(d).sort(), d.foo, typeof d.bar], [['bar', 'foo'], 1234, 'number']) },
    ];
    for (const c of cases) {
      const id = await startDump({ shards: ['A'], projections: c.projections });
      const docs = await readAll(id);
      assert.equal(docs.length, 10000, c.id);
      for (const [d] of docs) c.check(d);
      await remove(id);
    }
  });

  // dump-cluster.js testSimpleFilters, testNestedFilters, testFilterWithObjectVal
  it('dumps only the documents every filter condition matches', async () => {
    const cases = [
      { id: 'simple', conditions: [{ attributePath: ['flag'], value: 0 }], count: 3334, check: (d: any) => d.flag === 0 },
      { id: 'nested', conditions: [{ attributePath: ['flag'], value: 1 }, { attributePath: ['some', 'nested', 'value'], value: 1234 }], count: 3333, check: (d: any) => d.flag === 1 && d.some.nested.value === 1234 },
      { id: 'object', conditions: [{ attributePath: ['some'], value: { nested: { value: 1234 } } }], count: 10000, check: (d: any) => d.some.nested.value === 1234 },
      { id: 'none', conditions: [{ attributePath: ['flag'], value: 7 }], count: 0, check: () => false },
    ];
    for (const c of cases) {
      const id = await startDump({ shards: ['A'], filters: { type: 'simple', conditions: c.conditions } });
      const docs = await readAll(id);
      assert.equal(docs.length, c.count, c.id);
      for (const [d] of docs) assert.ok(c.check(d), c.id);
      await remove(id);
    }
  });

  // dump-cluster.js testContextTTL (the clock is moved instead of sleeping)
  it('forgets a context unused for its ttl', async () => {
    const id = await startDump({ shards: ['A'], ttl: 1 });
    clock.advance(500);
    assert.equal((await nextBatch(id, 0)).statusCode, 200); // used: another second from now
    clock.advance(1500);
    const res = await nextBatch(id, 1, 0);
    assert.equal(res.statusCode, 404);
    assert.deepEqual(bodyOf(res), err(404, 1600, 'requested dump context not found'));
  });

  it('refuses what the protocol does not know', async () => {
    const cases = [
      { id: 'start-unknown-collection', method: 'POST', url: `${DB}/_api/dump/start`, body: { shards: ['nope'] }, status: 404, body2: err(404, 1203, 'collection or view not found') },
      { id: 'bad-suffix', method: 'POST', url: `${DB}/_api/dump/begin`, body: {}, status: 400, body2: err(400, 10, 'expecting POST /_api/dump/start or /_api/dump/next/<id>') },
      { id: 'bare', method: 'POST', url: `${DB}/_api/dump`, body: {}, status: 400, body2: err(400, 10, 'expecting POST /_api/dump/start or /_api/dump/next/<id>') },
      { id: 'next-no-batch-id', method: 'POST', url: `${DB}/_api/dump/next/dump-1`, body: undefined, status: 400, body2: err(400, 10, "expecting 'batchId'") },
      { id: 'delete-deep', method: 'DELETE', url: `${DB}/_api/dump/a/b`, body: undefined, status: 400, body2: err(400, 10, 'expecting DELETE /_api/dump/<id>') },
      { id: 'get', method: 'GET', url: `${DB}/_api/dump/start`, body: undefined, status: 405, body2: err(405, 405, 'method not supported') },
      { id: 'shards-not-array', method: 'POST', url: `${DB}/_api/dump/start`, body: { shards: 'A' }, status: 400, body2: err(400, 10, "invalid value for 'shards': expecting an array of strings") },
      { id: 'vpack', method: 'POST', url: `${DB}/_api/dump/start?useVPack=true`, body: { shards: ['A'] }, status: 501, body2: err(501, 9, 'useVPack is not supported by this server: it dumps JSON lines only') },
    ];
    for (const c of cases) {
      const res = await s.request({ method: c.method, url: c.url, body: c.body });
      assert.equal(res.statusCode, c.status, c.id);
      assert.deepEqual(bodyOf(res), c.body2, c.id);
    }
  });

  it('lets only the user who started a context use it, and only users who may read the collections start one', async () => {
    assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'dumper', passwd: '' } })).statusCode, 201);
    assert.equal((await s.request({ method: 'PUT', url: '/_api/user/dumper/database/DumpTestDatabase', body: { grant: 'ro' } })).statusCode, 200);
    assert.equal((await s.request({ method: 'PUT', url: '/_api/user/dumper/database/DumpTestDatabase/A', body: { grant: 'none' } })).statusCode, 200);
    const refused = await s.request({ method: 'POST', url: `${DB}/_api/dump/start`, body: { shards: ['B', 'A'] }, auth: basic('dumper') });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(bodyOf(refused), err(403, 11, 'insufficient permissions to access shard A of collection A'));

    const own = await startDump({ shards: ['B'] }, basic('dumper'));
    assert.equal((await nextBatch(own, 0, undefined, basic('dumper'))).statusCode, 200);
    const rootsId = await startDump({ shards: ['B'] });
    for (const res of [await nextBatch(rootsId, 0, undefined, basic('dumper')), await remove(rootsId, basic('dumper'))]) {
      assert.equal(res.statusCode, 403);
      assert.deepEqual(bodyOf(res), err(403, 11, 'insufficient permissions'));
    }
    // the same id from another database is not the context either
    const elsewhere = await s.request({ method: 'POST', url: `/_api/dump/next/${rootsId}?batchId=0` });
    assert.deepEqual([elsewhere.statusCode, bodyOf(elsewhere)], [403, err(403, 11, 'insufficient permissions')]);
    assert.equal((await remove(own, basic('dumper'))).statusCode, 200);
    assert.equal((await remove(rootsId)).statusCode, 200);
  });
});
