// Cases of ArangoDB's tests/js/common/shell/shell-collection.js and shell-collection-api.js
// (single server, Community Edition) replayed over HTTP as arangosh's db._create() sends
// them (POST /_api/collection). Inputs and expected answers are upstream's, restated in
// Cairn's words.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callJson, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

const call = (method: string, url: string, body?: unknown) => callJson(s, method, url, body);

describe('shell-collection.js: CollectionSuite', () => {
  it('testCreateWithId: the collection gets the id the client asks for', async () => {
    const r = await call('POST', '/_api/collection', { name: 'example', id: '1234567890' });
    assert.equal(r.status, 200);
    assert.equal(r.body.id, '1234567890');
    assert.equal(r.body.name, 'example');
    const byName = await call('GET', '/_api/collection/example');
    assert.equal(byName.body.id, '1234567890');
    const byId = await call('GET', '/_api/collection/1234567890');
    assert.equal(byId.body.name, 'example');
    assert.equal((await call('DELETE', '/_api/collection/example')).status, 200);
  });

  it('an id given as a number counts too; one that is no positive number asks for none', async () => {
    assert.equal((await call('POST', '/_api/collection', { name: 'numbered', id: 987654321 })).body.id, '987654321');
    for (const [i, id] of ['abc', '', -5, 0, null, '12a'].entries()) {
      const r = await call('POST', '/_api/collection', { name: `generated${i}`, id });
      assert.equal(r.status, 200, String(id));
      assert.match(r.body.id, /^\d+$/);
      assert.notEqual(r.body.id, '0');
    }
  });

  it('an id another collection or a view has is refused (1005), in any database', async () => {
    await call('POST', '/_api/collection', { name: 'holder', id: '55555555' });
    const r = await call('POST', '/_api/collection', { name: 'taker', id: '55555555' });
    assert.deepEqual(r.body, { error: true, code: 500, errorNum: 1005, errorMessage: "duplicate collection identifier 55555555 for name 'taker'" });
    await call('POST', '/_api/database', { name: 'otherdb' });
    assert.equal((await call('POST', '/_db/otherdb/_api/collection', { name: 'taker', id: 55555555 })).body.errorNum, 1005);
    const view = (await call('POST', '/_api/view', { name: 'aview', type: 'arangosearch' })).body;
    assert.equal((await call('POST', '/_api/collection', { name: 'taker', id: view.id })).body.errorNum, 1005);
    assert.equal((await call('GET', '/_api/collection/taker')).status, 404);
  });

  it('collections and views made later step over ids clients took', async () => {
    const probe = Number((await call('POST', '/_api/collection', { name: 'probe' })).body.id);
    for (let i = 1; i <= 6; i++) assert.equal((await call('POST', '/_api/collection', { name: `taken${i}`, id: probe + i })).status, 200);
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const c = await call('POST', '/_api/collection', { name: `later${i}` });
      assert.equal(c.status, 200);
      ids.add(c.body.id);
      const v = await call('POST', '/_api/view', { name: `laterView${i}`, type: 'search-alias' });
      assert.equal(v.status, 201);
      ids.add(v.body.id);
    }
    for (let i = 1; i <= 6; i++) assert.ok(!ids.has(String(probe + i)));
    assert.equal(ids.size, 8);
  });

  it('testCreateWithIsSystem: isSystem is ignored for a name without underscore', async () => {
    const r = await call('POST', '/_api/collection', { name: 'sysless', isSystem: true });
    assert.equal(r.body.isSystem, false);
  });
});

describe('shell-collection-api.js: CreateCollectionsSuite and IgnoreIllegalTypesSuite', () => {
  const CN = 'UnitTestRestore';
  const create = async (extra: Record<string, unknown>) => {
    await call('DELETE', `/_api/collection/${CN}`);
    return call('POST', '/_api/collection', { name: CN, ...extra });
  };
  const props = async () => (await call('GET', `/_api/collection/${CN}/properties`)).body;

  it('testCreateEdgeCollectionFlooredInput / testCreateDocumentCollectionFlooredInput: a numeric type is cut to an integer', async () => {
    for (const [type, expected] of [[3.1, 3], [3.9, 3], [2.1, 2], [2.9, 2], [0, 2], [1, 2], [4, 2], [-3, 2], [true, 2], ['edge', 3]] as const) {
      assert.equal((await create({ type })).status, 200, String(type));
      assert.equal((await props()).type, expected, String(type));
    }
  });

  it('testWriteConcern / testMinReplicationFactor: a single server reports the writeConcern asked for', async () => {
    assert.equal((await create({ writeConcern: 2, replicationFactor: 3 })).body.writeConcern, 2);
    assert.equal((await props()).writeConcern, 2);
    assert.equal((await create({ minReplicationFactor: 2, replicationFactor: 3 })).body.writeConcern, 2);
    assert.equal((await props()).replicationFactor, undefined);
  });

  it('testIllegalReplicationWriteConcern: a writeConcern above the replicationFactor is dropped (1)', async () => {
    for (const extra of [{ writeConcern: 3, replicationFactor: 2 }, { writeConcern: 5.1 }, { writeConcern: 2 }, { writeConcern: -3 }, { writeConcern: 'test' }, { writeConcern: true }, { writeConcern: [2] }, { minReplicationFactor: { foo: 'bar' } }]) {
      const r = await create(extra);
      assert.equal(r.status, 200, JSON.stringify(extra));
      assert.equal((await props()).writeConcern, 1, JSON.stringify(extra));
    }
  });

  it('testIllegalEntriesnumberOfShards: a number not below 0 is taken, anything else is 400/10', async () => {
    assert.equal((await create({ numberOfShards: 5.1 })).status, 200);
    assert.equal((await create({ numberOfShards: 3 })).status, 200);
    assert.deepEqual((await create({ numberOfShards: -3 })).body, { error: true, code: 400, errorNum: 10, errorMessage: 'Number out of range on path numberOfShards' });
    for (const numberOfShards of [true, false, [2], { foo: 'bar' }, 'test']) {
      assert.deepEqual((await create({ numberOfShards })).body, { error: true, code: 400, errorNum: 10, errorMessage: 'Expecting numeric type on path numberOfShards' }, JSON.stringify(numberOfShards));
    }
    assert.equal((await call('GET', `/_api/collection/${CN}`)).status, 404);
    // null is taken as not given (clients that serialize unset options send it)
    assert.equal((await create({ numberOfShards: null, shardKeys: null })).status, 200);
  });

  it('testIllegalEntriesshardKeys: an array of strings is taken (and not reported), anything else is 400/10', async () => {
    assert.equal((await create({ shardKeys: ['test'] })).status, 200);
    assert.equal((await create({ shardKeys: ['foo', 'bar'] })).status, 200);
    assert.equal((await props()).shardKeys, undefined);
    for (const shardKeys of [0, -2.1, true, false, { foo: 'bar' }, 'test']) {
      assert.deepEqual((await create({ shardKeys })).body, { error: true, code: 400, errorNum: 10, errorMessage: 'Expecting type Array on path shardKeys' }, JSON.stringify(shardKeys));
    }
    assert.deepEqual((await create({ shardKeys: ['a', 1] })).body, { error: true, code: 400, errorNum: 10, errorMessage: 'Expecting type String on path shardKeys[1]' });
  });

  it('testIllegalEntries of the ignored kinds: booleans, keyOptions, cluster strings, replicationFactor', async () => {
    const ignored: Record<string, unknown[]> = {
      isSystem: [1, -3.1, [true], { foo: 'bar' }, 'test'],
      waitForSync: [1, -3.1, [true], { foo: 'bar' }, 'test'],
      cacheEnabled: [1, -3.1, [true], { foo: 'bar' }, 'test'],
      keyOptions: [0, -2.1, true, false, [], 'test'],
      replicationFactor: [-3, 5.1, true, false, [2], { foo: 'bar' }, 'test'],
      shardingStrategy: [1, -3.6, true, false, [], { foo: 'bar' }],
      distributeShardsLike: [1, -3.6, true, false, [], { foo: 'bar' }],
    };
    for (const [attr, values] of Object.entries(ignored)) {
      for (const v of values) {
        assert.equal((await create({ [attr]: v })).status, 200, `${attr} ${JSON.stringify(v)}`);
        const p = await props();
        assert.equal(p.waitForSync, false);
        assert.equal(p.cacheEnabled, false);
        assert.equal(p.isSystem, false);
        assert.deepEqual(p.keyOptions, { type: 'traditional', allowUserKeys: true, lastValue: 0 });
      }
    }
  });
});
