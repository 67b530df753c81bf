// Collection locks of transactions (storage/collection-locks.ts), as ArangoDB's RocksDB
// engine takes them: `exclusive` holds a collection alone from begin to end, `write`
// shares it, every write outside a transaction shares it while it runs, reads take
// none. Concurrent exclusive transactions run one after another (arangojs's
// 30-concurrent-transactions test), a begin that cannot get its locks within lockTimeout
// fails with 500/18, and the same holds for JavaScript transactions.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('exclusive collections', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, trx?: string) {
    const res = await s.request({ method, url, body, headers: trx ? { 'x-arango-trx-id': trx } : {} });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const begin = async (collections: Record<string, unknown>, extra: Record<string, unknown> = {}) => call('POST', '/_api/transaction/begin', { collections, ...extra });
  const settledWithin = async <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

  beforeEach(async () => {
    await call('DELETE', '/_api/collection/xc');
    await call('POST', '/_api/collection', { name: 'xc' });
    await call('POST', '/_api/document/xc', { _key: 'test', i: 0 });
  });

  it('runs concurrent exclusive transactions one after another', async () => {
    const one = async () => {
      const b = await begin({ exclusive: ['xc'] });
      assert.equal(b.status, 201, JSON.stringify(b.body));
      const id = b.body.result.id;
      const doc = (await call('GET', '/_api/document/xc/test', undefined, id)).body;
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await call('PATCH', '/_api/document/xc/test', { i: doc.i + 1 }, id)).status, 202);
      await new Promise((r) => setTimeout(r, 20));
      const doc2 = (await call('GET', '/_api/document/xc/test', undefined, id)).body;
      assert.equal((await call('PATCH', '/_api/document/xc/test', { i: doc2.i + 1 }, id)).status, 202);
      assert.equal((await call('PUT', `/_api/transaction/${id}`)).status, 200);
    };
    await Promise.all([one(), one(), one()]);
    assert.equal((await call('GET', '/_api/document/xc/test')).body.i, 6);
  });

  it('makes another exclusive or write begin wait, and fails it after lockTimeout', async () => {
    const a = (await begin({ exclusive: 'xc' })).body.result.id;
    const t0 = Date.now();
    assert.deepEqual((await begin({ exclusive: 'xc' }, { lockTimeout: 0.2 })).body, { error: true, code: 500, errorNum: 18, errorMessage: 'lock timeout' });
    assert.ok(Date.now() - t0 >= 190);
    assert.equal((await begin({ write: 'xc' }, { lockTimeout: 0.1 })).body.errorNum, 18);
    // a reader does not wait
    assert.equal((await begin({ read: 'xc' }, { lockTimeout: 0.1 })).status, 201);
    const waiting = begin({ write: 'xc' });
    assert.equal(await settledWithin(waiting, 100), false, 'waits while the exclusive one runs');
    await call('DELETE', `/_api/transaction/${a}`);
    assert.equal((await waiting).status, 201, 'begins once it ended');
    // write transactions share the collection...
    assert.equal((await begin({ write: 'xc' }, { lockTimeout: 0.1 })).status, 201);
    // ...and keep an exclusive one waiting
    assert.equal((await begin({ exclusive: 'xc' }, { lockTimeout: 0.1 })).body.errorNum, 18);
    for (const t of (await call('GET', '/_api/transaction')).body.transactions) await call('DELETE', `/_api/transaction/${t.id}`);
  });

  it('makes writes outside transactions wait for the exclusive one, not reads', async () => {
    const a = (await begin({ exclusive: 'xc' })).body.result.id;
    const single = call('POST', '/_api/document/xc', { _key: 'outside' });
    const aql = call('POST', '/_api/cursor', { query: 'INSERT { _key: "byaql" } INTO xc' });
    assert.equal(await settledWithin(single, 150), false, 'a document write waits');
    assert.equal(await settledWithin(aql, 10), false, 'an AQL write waits');
    assert.equal((await call('GET', '/_api/document/xc/test')).status, 200, 'a read does not');
    assert.equal((await call('PATCH', '/_api/document/xc/test', { i: 1 }, a)).status, 202);
    assert.equal((await call('PUT', `/_api/transaction/${a}`)).status, 200);
    assert.equal((await single).status, 202);
    assert.equal((await aql).status, 201);
    assert.equal((await call('GET', '/_api/collection/xc/count')).body.count, 3);
  });

  it('applies to JavaScript transactions too', async () => {
    const a = (await begin({ exclusive: 'xc' })).body.result.id;
    const js = await call('POST', '/_api/transaction', { collections: { write: 'xc' }, action: 'function () { return 1; }', lockTimeout: 0.1 });
    assert.equal(js.body.errorNum, 18);
    await call('DELETE', `/_api/transaction/${a}`);
    assert.equal((await call('POST', '/_api/transaction', { collections: { exclusive: 'xc' }, action: 'function () { return 2; }' })).body.result, 2);
  });
});
