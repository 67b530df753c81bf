// What python-arango's tests (test_collection.py, test_document.py, test_database.py)
// send that Cairn answered differently from ArangoDB 3.12: external versioning with
// versionAttribute, onDuplicate=ignore together with complete=true on an import,
// recalculateCount, /_api/key-generators, the Community Edition's /_admin/license and
// /_admin/options. python-arango sends booleans in the query as 1 and 0.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('python-arango replay: documents, collections, server', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    assert.equal((await call('POST', '/_api/collection', { name: 'pv' })).status, 200);
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) as any };
  }
  const value = async (key: string) => (await call('GET', `/_api/document/pv/${key}`)).body.value;

  it('versionAttribute skips a replace or update whose version is not higher, without an error', async () => {
    await call('POST', '/_api/document/pv', { _key: 'v', version: 1, value: 'a' });
    let r = await call('PATCH', '/_api/document/pv/v?versionAttribute=version&returnNew=1', { version: 2, value: 'b' });
    assert.equal(r.status, 202);
    assert.equal(r.body.new.value, 'b');
    r = await call('PATCH', '/_api/document/pv/v?versionAttribute=version', { version: 2, value: 'c' });
    assert.equal(r.status, 202);
    assert.equal(r.body._key, 'v');
    assert.equal(r.body._oldRev, r.body._rev);
    assert.equal(await value('v'), 'b');
    r = await call('PUT', '/_api/document/pv/v?versionAttribute=version', { version: 1.9, value: 'd' });
    assert.equal(r.status, 202);
    assert.equal(await value('v'), 'b');
    await call('PUT', '/_api/document/pv/v?versionAttribute=version', { version: 3.2, value: 'e' });
    assert.equal(await value('v'), 'e');
    // many documents, and an insert that overwrites
    await call('PATCH', '/_api/document/pv?versionAttribute=version', [{ _key: 'v', version: 3, value: 'f' }]);
    assert.equal(await value('v'), 'e');
    await call('POST', '/_api/document/pv?overwriteMode=replace&versionAttribute=version', { _key: 'v', version: 2, value: 'g' });
    assert.equal(await value('v'), 'e');
    await call('POST', '/_api/document/pv?overwriteMode=update&versionAttribute=version', { _key: 'v', version: 4, value: 'h' });
    assert.equal(await value('v'), 'h');
    // no version in the new document, or none that is a number: written as usual
    await call('PATCH', '/_api/document/pv/v?versionAttribute=version', { value: 'i' });
    assert.equal(await value('v'), 'i');
    await call('PATCH', '/_api/document/pv/v?versionAttribute=version', { version: 'x', value: 'j' });
    assert.equal(await value('v'), 'j');
  });

  it('an import with onDuplicate=ignore and complete=true ignores duplicates instead of failing', async () => {
    await call('POST', '/_api/document/pv', [{ _key: 'i1' }, { _key: 'i2' }]);
    const r = await call('POST', '/_api/import?type=array&collection=pv&complete=1&details=1&onDuplicate=ignore', [{ _key: 'i1' }, { _key: 'i3' }]);
    assert.equal(r.status, 201);
    assert.deepEqual(r.body, { error: false, created: 1, errors: 0, empty: 0, updated: 0, ignored: 1, details: [] });
  });

  it('PUT /_api/collection/<name>/recalculateCount answers the count', async () => {
    const count = (await call('GET', '/_api/collection/pv/count')).body.count;
    const r = await call('PUT', '/_api/collection/pv/recalculateCount');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { error: false, code: 200, result: true, count });
  });

  it('GET /_api/key-generators lists the key generators, each usable', async () => {
    const r = await call('GET', '/_api/key-generators');
    assert.equal(r.status, 200);
    assert.deepEqual([...r.body.keyGenerators].sort(), ['autoincrement', 'padded', 'traditional', 'uuid']);
    for (const type of r.body.keyGenerators) {
      assert.equal((await call('POST', '/_api/collection', { name: `kg_${type}`, keyOptions: { type } })).status, 200);
      assert.equal((await call('POST', `/_api/document/kg_${type}`, {})).status, 202);
    }
  });

  it('/_admin/license is the Community Edition one; /_admin/options and options-description answer admins', async () => {
    assert.deepEqual((await call('GET', '/_admin/license')).body, { license: 'none' });
    const set = await call('PUT', '/_admin/license', 'abc');
    assert.equal(set.status, 501);
    assert.equal(set.body.errorNum, 9);
    const opts = await call('GET', '/_admin/options');
    assert.equal(opts.status, 200);
    assert.equal(opts.body['server.authentication'], true);
    const desc = await call('GET', '/_admin/options-description');
    assert.equal(desc.status, 200);
    assert.equal(desc.body['server.authentication'].type, 'boolean');
    assert.deepEqual(Object.keys(desc.body), Object.keys(opts.body));
  });

  it('/_api/version?details=true has server-version', async () => {
    const r = await call('GET', '/_api/version?details=1');
    assert.equal(r.body.details['server-version'], r.body.version);
  });
});
