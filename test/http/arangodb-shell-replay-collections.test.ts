// Cases of ArangoDB's tests/js/common/shell/shell-collection.js replayed over HTTP as
// arangosh's db._create() sends them (POST /_api/collection). Inputs and expected answers
// are upstream's, restated in Cairn's words.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

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
