// The system collections over HTTP, as ArangoDB 3.12 answers for them on a single server:
// listed by GET /_api/collection unless excludeSystem=true, isSystem in every view, name
// as globallyUniqueId, dropped only with ?isSystem=true, never renamed, and otherwise
// ordinary collections (documents, AQL, indexes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const ID = /^\d+$/;
const EVERY_DB = ['_graphs', '_analyzers', '_aqlfunctions', '_queues', '_jobs', '_apps', '_appbundles', '_frontend'];
const SYSTEM_DB = ['_statistics', '_statistics15', '_statisticsRaw', ...EVERY_DB];

function err(code: number, errorNum: number, errorMessage: string) {
  return { error: true, code, errorNum, errorMessage };
}

/** The short form of a system collection, with the id it was given (checked for shape). */
function short(c: { id: string; name: string }) {
  assert.match(c.id, ID);
  return { id: c.id, name: c.name, status: 3, type: 2, isSystem: true, globallyUniqueId: c.name };
}

describe('system collections over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  }

  describe('GET /_api/collection', () => {
    it('lists the system collections of a fresh _system by default (excludeSystem=false)', async () => {
      for (const url of ['/_api/collection', '/_api/collection?excludeSystem=false']) {
        const { status, body } = await call('GET', url);
        assert.equal(status, 200, url);
        assert.deepEqual(body.result.map((c: { name: string }) => c.name), SYSTEM_DB, url);
        assert.deepEqual(body, { error: false, code: 200, result: body.result.map(short) }, url);
      }
    });

    it('leaves them out with excludeSystem=true: a fresh database then lists nothing', async () => {
      assert.deepEqual(await call('GET', '/_api/collection?excludeSystem=true'), { status: 200, body: { error: false, code: 200, result: [] } });
      await call('POST', '/_api/collection', { name: 'people' });
      const user = await call('GET', '/_api/collection?excludeSystem=true');
      assert.deepEqual(user.body.result.map((c: { name: string }) => c.name), ['people']);
      const all = await call('GET', '/_api/collection');
      assert.deepEqual(all.body.result.map((c: { name: string }) => c.name), [...SYSTEM_DB, 'people']);
      await call('DELETE', '/_api/collection/people');
    });

    it('lists the system collections of every database in a new database', async () => {
      assert.equal((await call('POST', '/_api/database', { name: 'fresh' })).status, 201);
      const { status, body } = await call('GET', '/_db/fresh/_api/collection');
      assert.equal(status, 200);
      assert.deepEqual(body.result.map((c: { name: string }) => c.name), EVERY_DB);
      assert.deepEqual(body, { error: false, code: 200, result: body.result.map(short) });
      assert.deepEqual((await call('GET', '/_db/fresh/_api/collection?excludeSystem=true')).body.result, []);
      assert.equal((await call('GET', '/_db/fresh/_api/collection/_statistics')).status, 404, '_statistics* are in _system only');
      // _users exists, but nobody may read it through the collection API (root neither, as in ArangoDB)
      assert.deepEqual(await call('GET', '/_api/collection/_users'), { status: 403, body: err(403, 11, "No access to collection '_users'") });
      await call('DELETE', '/_api/database/fresh');
    });
  });

  it('answers the properties of _graphs as ArangoDB 3.12: isSystem true, its name as globallyUniqueId', async () => {
    const { status, body } = await call('GET', '/_api/collection/_graphs/properties');
    assert.equal(status, 200);
    assert.match(body.id, ID);
    assert.match(body.objectId, ID);
    assert.deepEqual(body, {
      error: false,
      code: 200,
      id: body.id,
      name: '_graphs',
      status: 3,
      type: 2,
      writeConcern: 1,
      waitForSync: false,
      usesRevisionsAsDocumentIds: true,
      syncByRevision: true,
      statusString: 'loaded',
      isSmartChild: false,
      schema: null,
      cacheEnabled: false,
      isSystem: true,
      internalValidatorType: 0,
      globallyUniqueId: '_graphs',
      keyOptions: { type: 'traditional', allowUserKeys: true, lastValue: 0 },
      computedValues: null,
      objectId: body.objectId,
    });
  });

  describe('drop, rename and create', () => {
    before(async () => {
      await call('POST', '/_api/database', { name: 'scratch' });
    });
    after(async () => {
      await call('DELETE', '/_api/database/scratch');
    });

    const refused = [
      { id: 'drop without isSystem', method: 'DELETE', url: '/_db/scratch/_api/collection/_graphs' },
      { id: 'drop with isSystem=false', method: 'DELETE', url: '/_db/scratch/_api/collection/_graphs?isSystem=false' },
      { id: 'rename', method: 'PUT', url: '/_db/scratch/_api/collection/_graphs/rename', body: { name: 'graphs' } },
      { id: 'rename to a system name', method: 'PUT', url: '/_db/scratch/_api/collection/_jobs/rename', body: { name: '_jobs2' } },
    ];
    for (const c of refused) {
      it(`refuses to ${c.id} with 403/11`, async () => {
        assert.deepEqual(await call(c.method, c.url, c.body), { status: 403, body: err(403, 11, 'forbidden') });
      });
    }

    it('creates no second one of the same name: 409/1207 as system, 400/1208 without isSystem', async () => {
      assert.deepEqual(await call('POST', '/_db/scratch/_api/collection', { name: '_graphs', isSystem: true }), { status: 409, body: err(409, 1207, 'duplicate name') });
      assert.deepEqual(await call('POST', '/_db/scratch/_api/collection', { name: '_graphs' }), { status: 400, body: err(400, 1208, 'cannot create collection: illegal name') });
    });

    it('drops one with ?isSystem=true; it is then gone from the listing', async () => {
      const id = (await call('GET', '/_db/scratch/_api/collection/_frontend')).body.id;
      assert.deepEqual(await call('DELETE', '/_db/scratch/_api/collection/_frontend?isSystem=true'), { status: 200, body: { id, error: false, code: 200 } });
      const names = (await call('GET', '/_db/scratch/_api/collection')).body.result.map((c: { name: string }) => c.name);
      assert.deepEqual(names, EVERY_DB.filter((n) => n !== '_frontend'));
      await s.server.storage.purger.idle();
    });
  });

  describe('as ordinary collections', () => {
    it('stores, reads and queries a document in _graphs', async () => {
      const created = await call('POST', '/_api/document/_graphs', { _key: 'social', edgeDefinitions: [], orphanCollections: [] });
      assert.equal(created.status, 202);
      assert.deepEqual(created.body, { _id: '_graphs/social', _key: 'social', _rev: created.body._rev });
      const read = await call('GET', '/_api/document/_graphs/social');
      assert.deepEqual(read, { status: 200, body: { _key: 'social', _id: '_graphs/social', _rev: created.body._rev, edgeDefinitions: [], orphanCollections: [] } });
      const q = await call('POST', '/_api/cursor', { query: 'FOR g IN _graphs RETURN g._key' });
      assert.equal(q.status, 201);
      assert.deepEqual(q.body.result, ['social']);
      const count = await call('GET', '/_api/collection/_graphs/count');
      assert.equal(count.body.count, 1);
      assert.deepEqual(await call('DELETE', '/_api/document/_graphs/social'), { status: 202, body: { _id: '_graphs/social', _key: 'social', _rev: created.body._rev } });
    });

    it('has the unique sparse index on _apps.mount that ArangoDB creates', async () => {
      const { status, body } = await call('GET', '/_api/index?collection=_apps');
      assert.equal(status, 200);
      const mount = body.indexes[1];
      assert.match(mount.id, /^_apps\/\d+$/);
      assert.deepEqual(body.indexes, [
        { fields: ['_key'], id: '_apps/0', name: 'primary', selectivityEstimate: 1, sparse: false, type: 'primary', unique: true },
        { cacheEnabled: false, deduplicate: true, estimates: false, fields: ['mount'], id: mount.id, name: `idx_${mount.id.split('/')[1]}`, selectivityEstimate: 1, sparse: true, type: 'persistent', unique: true },
      ]);
      assert.equal((await call('POST', '/_api/document/_apps', { mount: '/app' })).status, 202);
      assert.equal((await call('POST', '/_api/document/_apps', { other: 1 })).status, 202, 'sparse: no mount, no entry');
      const dup = await call('POST', '/_api/document/_apps', { mount: '/app' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.errorNum, 1210);
      await call('PUT', '/_api/collection/_apps/truncate');
    });
  });
});
