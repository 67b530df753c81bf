// TTL indexes: creation answers and errors as ArangoDB's IndexFactory and RocksDB
// collection give them (one attribute, never unique, always sparse, expireAfter >= 0, one
// per collection), the index description, removal by the background sweeper of exactly
// the expired documents (numeric timestamps and ISO date strings; others never expire),
// the per-run limits, a document rewritten after its entry was read staying, and
// /_api/ttl/properties and /statistics.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import { ttlStamp } from '../../src/storage/documents.js';

describe('TTL indexes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--ttl-frequency', '3600000']); // runs are started by the tests
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const keys = async () => (await call('POST', '/_api/cursor', { query: 'FOR d IN sessions SORT d._key RETURN d._key' })).body.result as string[];
  const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
  const sweep = () => s.server.services.ttl.runOnce();

  beforeEach(async () => {
    await call('DELETE', '/_api/collection/sessions');
    await call('POST', '/_api/collection', { name: 'sessions' });
    s.server.services.ttl.properties = { frequency: 3600000, maxTotalRemoves: 1000000, maxCollectionRemoves: 100000 };
  });

  it('is created and described as ArangoDB describes it, once per collection', async () => {
    const r = await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 3600, fields: ['createdAt'] });
    assert.equal(r.status, 201);
    const id = r.body.id;
    assert.match(id, /^sessions\/\d+$/);
    assert.deepEqual(r.body, { estimates: false, expireAfter: 3600, fields: ['createdAt'], id, name: r.body.name, sparse: true, type: 'ttl', unique: false, isNewlyCreated: true, error: false, code: 201 });
    const again = await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 3600, fields: ['createdAt'] });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, id);
    assert.deepEqual((await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 60, fields: ['createdAt'] })).body, err(400, 10, 'there can only be one ttl index per collection'));
    assert.deepEqual((await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 60, fields: ['other'] })).body, err(400, 10, 'there can only be one ttl index per collection'));
    const listed = (await call('GET', '/_api/index?collection=sessions')).body.indexes;
    assert.deepEqual(listed[1], { estimates: false, expireAfter: 3600, fields: ['createdAt'], id, name: r.body.name, sparse: true, type: 'ttl', unique: false });
  });

  it('refuses malformed definitions word for word', async () => {
    const create = async (b: Record<string, unknown>) => (await call('POST', '/_api/index?collection=sessions', { type: 'ttl', ...b })).body;
    assert.deepEqual(await create({ fields: ['a'] }), err(400, 10, 'expireAfter attribute must be a number'));
    assert.deepEqual(await create({ fields: ['a'], expireAfter: '1' }), err(400, 10, 'expireAfter attribute must be a number'));
    assert.deepEqual(await create({ fields: ['a'], expireAfter: -1 }), err(400, 10, 'expireAfter attribute must greater equal to zero'));
    assert.deepEqual(await create({ fields: ['a', 'b'], expireAfter: 1 }), err(400, 10, 'invalid number of index attributes'));
    assert.deepEqual(await create({ fields: [], expireAfter: 1 }), err(400, 10, 'invalid number of index attributes'));
    assert.deepEqual(await create({ fields: ['a.b'], expireAfter: 1 }), err(400, 10, 'cannot index a sub-attribute in this type of index'));
    assert.deepEqual(await create({ fields: ['a'], expireAfter: 1, unique: true }), err(400, 10, 'a TTL index cannot be unique'));
  });

  it('removes exactly the expired documents in a run, numbers and date strings alike', async () => {
    await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 60, fields: ['at'] });
    const now = Date.now() / 1000;
    const iso = (sec: number) => new Date(sec * 1000).toISOString();
    await call('POST', '/_api/document/sessions', [
      { _key: 'old-number', at: now - 120 },
      { _key: 'old-string', at: iso(now - 120) },
      { _key: 'old-date-only', at: '2001-01-01' },
      { _key: 'fresh-number', at: now - 10 },
      { _key: 'fresh-string', at: iso(now + 30) },
      { _key: 'negative', at: -5 },
      { _key: 'not-a-date', at: 'yesterday' },
      { _key: 'missing' },
      { _key: 'object', at: { t: 1 } },
    ]);
    await sweep();
    assert.deepEqual(await keys(), ['fresh-number', 'fresh-string', 'missing', 'negative', 'not-a-date', 'object']);
    assert.deepEqual((await call('GET', '/_api/ttl/statistics')).body, { error: false, code: 200, result: { runs: 1, documentsRemoved: 3, limitReached: 0 } });
    // an update that makes a document expired is picked up by the next run
    await call('PATCH', '/_api/document/sessions/fresh-number', { at: now - 3600 });
    await sweep();
    assert.deepEqual(await keys(), ['fresh-string', 'missing', 'negative', 'not-a-date', 'object']);
    // and an update that refreshes one keeps it
    await call('POST', '/_api/document/sessions', { _key: 'renewed', at: now - 3600 });
    await call('PATCH', '/_api/document/sessions/renewed', { at: now });
    await sweep();
    assert.ok((await keys()).includes('renewed'));
  });

  it('stops at maxCollectionRemoves and maxTotalRemoves, counting limitReached', async () => {
    await call('POST', '/_api/index?collection=sessions', { type: 'ttl', expireAfter: 0, fields: ['at'] });
    await call('POST', '/_api/document/sessions', Array.from({ length: 25 }, (_, i) => ({ _key: `k${i}`, at: 1000 + i })));
    s.server.services.ttl.properties = { frequency: 3600000, maxTotalRemoves: 10, maxCollectionRemoves: 100000 };
    await sweep();
    const left = await keys();
    assert.equal(left.length, 15);
    // the oldest go first
    assert.ok(!left.includes('k0') && left.includes('k24'));
    assert.equal(s.server.services.ttl.stats.limitReached, 1);
    s.server.services.ttl.properties = { frequency: 3600000, maxTotalRemoves: 1000, maxCollectionRemoves: 1000 };
    await sweep();
    assert.deepEqual(await keys(), []);
  });

  it('answers /_api/ttl/properties as ArangoDB does, only in _system', async () => {
    assert.deepEqual((await call('GET', '/_api/ttl/properties')).body, {
      error: false,
      code: 200,
      result: { frequency: 3600000, maxTotalRemoves: 1000000, maxCollectionRemoves: 100000, onlyLoadedCollections: false, active: true },
    });
    const put = await call('PUT', '/_api/ttl/properties', { frequency: 5000, maxCollectionRemoves: 7 });
    assert.deepEqual(put.body.result, { frequency: 5000, maxTotalRemoves: 1000000, maxCollectionRemoves: 7, onlyLoadedCollections: false, active: true });
    assert.deepEqual((await call('PUT', '/_api/ttl/properties', { frequency: 10 })).body, err(400, 10, 'too low value for frequency'));
    assert.deepEqual((await call('PUT', '/_api/ttl/properties', { maxTotalRemoves: 'x' })).body, err(400, 10, 'expecting numeric value for maxTotalRemoves'));
    assert.deepEqual((await call('PUT', '/_api/ttl/properties', [1])).body, err(400, 10, 'expecting object for properties'));
    assert.equal(s.server.services.ttl.properties.frequency, 5000, 'a refused change changes nothing');
    assert.deepEqual((await call('DELETE', '/_api/ttl/properties')).body, err(405, 405, 'method not supported'));
    assert.deepEqual((await call('GET', '/_api/ttl/other')).body, err(400, 400, 'bad parameter'));
    await call('POST', '/_api/database', { name: 'ttlother' });
    assert.deepEqual((await call('GET', '/_db/ttlother/_api/ttl/properties')).body, err(403, 1230, 'operation only allowed in system database'));
  });

  it('reads points in time as ArangoDB does', () => {
    assert.equal(ttlStamp(1500000000), 1500000000);
    assert.equal(ttlStamp(0), 0);
    assert.equal(ttlStamp(-1), undefined);
    assert.equal(ttlStamp('2019-01-01'), Date.UTC(2019, 0, 1) / 1000);
    assert.equal(ttlStamp('2019-01-01T12:00:00Z'), Date.UTC(2019, 0, 1, 12) / 1000);
    assert.equal(ttlStamp('2019-01-01T12:00:00+01:00'), Date.UTC(2019, 0, 1, 11) / 1000);
    assert.equal(ttlStamp('2019-01-01T12:00:00.500'), Date.UTC(2019, 0, 1, 12) / 1000 + 0.5);
    for (const v of ['2019-13-45', 'Jan 1 2019', '', null, true, [1], {}]) assert.equal(ttlStamp(v), undefined, JSON.stringify(v));
  });
});
