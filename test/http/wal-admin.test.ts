// /_admin/wal as a single ArangoDB 3.12 server on RocksDB answers it (RocksDBRestWalHandler),
// which python-arango's WAL class calls: flush works (and with waitForSync waits for the
// disk), properties and transactions are 501 (transactions with the running count),
// anything else under it is 400 `expecting /_admin/wal/<operation>`, a wrong method 405.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('/_admin/wal', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });
  const call = async (method: string, url: string, body?: unknown, rawBody?: string) => {
    const r = await s.request({ method, url, body, rawBody });
    return { status: r.statusCode, body: r.body === '' ? undefined : bodyOf(r) };
  };

  it('flushes: {} with or without waitForSync, in the body or the query', async () => {
    await call('POST', '/_api/collection', { name: 'walc' });
    await call('POST', '/_api/document/walc', { a: 1 });
    assert.deepEqual(await call('PUT', '/_admin/wal/flush'), { status: 200, body: {} });
    assert.deepEqual(await call('PUT', '/_admin/wal/flush?waitForSync=true&waitForCollector=true'), { status: 200, body: {} });
    assert.deepEqual(await call('PUT', '/_admin/wal/flush', { waitForSync: true, waitForCollector: false }), { status: 200, body: {} });
    assert.deepEqual(await call('PUT', '/_db/_system/_admin/wal/flush', { waitForSync: 'true' }), { status: 200, body: {} });
  });

  it('refuses a flush body that is not an object', async () => {
    for (const [body, raw] of [[[1], undefined], [undefined, '{nope']] as const) {
      const r = await call('PUT', '/_admin/wal/flush', body, raw);
      assert.deepEqual(r, { status: 400, body: { error: true, code: 400, errorNum: 400, errorMessage: 'invalid body value. expecting object' } });
    }
  });

  it('answers properties and transactions with 501, as RocksDB does', async () => {
    assert.deepEqual(await call('GET', '/_admin/wal/properties'), { status: 501, body: {} });
    assert.deepEqual(await call('PUT', '/_admin/wal/properties', { logfileSize: 1 }), { status: 501, body: {} });
    const trx = await call('POST', '/_api/transaction/begin', { collections: { read: ['walc'] } });
    const t = await call('GET', '/_admin/wal/transactions');
    assert.equal(t.status, 501);
    assert.ok((t.body as any).runningTransactions >= 1, JSON.stringify(t.body));
    await call('DELETE', `/_api/transaction/${(trx.body as any).result.id}`);
  });

  it('answers other paths with 400 and other methods with 405', async () => {
    const usage = { error: true, code: 400, errorNum: 400, errorMessage: 'expecting /_admin/wal/<operation>' };
    assert.deepEqual(await call('GET', '/_admin/wal'), { status: 400, body: usage });
    assert.deepEqual(await call('GET', '/_admin/wal/nope'), { status: 400, body: usage });
    assert.deepEqual(await call('PUT', '/_admin/wal/flush/more'), { status: 400, body: usage });
    assert.equal((await call('GET', '/_admin/wal/flush')).status, 405);
    assert.equal((await call('PUT', '/_admin/wal/transactions')).status, 405);
    assert.equal((await call('DELETE', '/_admin/wal/properties')).status, 405);
  });
});
