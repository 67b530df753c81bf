// The server's read-only mode (PUT /_admin/server/mode): while it is on, every user's
// effective level is at most `ro` (writes 403/1004, database and collection changes
// 403/11), configured levels and admin rights stay, and switching back restores writes.
// The `upstream:` cases port ArangoDB's tests/js/client/server_parameters/ (readonly mode
// api: "Readonly mode api", the single-server cases) and tests/js/client/shell/
// shell-grants ("Grants": effective and configured rights in read-only mode).
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const basic = (user: string, pw = '') => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

describe('read-only server mode', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });
  afterEach(async () => {
    await call('PUT', '/_admin/server/mode', { mode: 'default' });
    await call('DELETE', '/_api/user/hans');
  });

  async function call(method: string, url: string, body?: unknown, auth?: string, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody, auth });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const setMode = (mode: string) => call('PUT', '/_admin/server/mode', { mode });
  async function hans(dbLevel = 'rw', grantsCol?: string) {
    assert.equal((await call('POST', '/_api/user', { user: 'hans', passwd: '' })).status, 201);
    await call('PUT', '/_api/user/hans/database/_system', { grant: dbLevel });
    if (grantsCol) await call('PUT', `/_api/user/hans/database/_system/${grantsCol}`, { grant: 'rw' });
  }

  describe('upstream: Readonly mode api', () => {
    it('outputs its current mode', async () => {
      const r = await call('GET', '/_admin/server/mode');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { error: false, code: 200, mode: 'default' });
    });
    it('can switch to readonly', async () => {
      const r = await setMode('readonly');
      assert.equal(r.status, 200);
      assert.equal(r.body.mode, 'readonly');
      assert.equal((await call('GET', '/_admin/server/mode')).body.mode, 'readonly');
    });
    it('throws an error when not passing an object', async () => {
      const r = await call('PUT', '/_admin/server/mode', undefined, undefined, 'readonly');
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { error: true, code: 400, errorNum: 400, errorMessage: 'invalid JSON' });
      const str = await call('PUT', '/_admin/server/mode', 'readonly');
      assert.equal(str.status, 400);
      assert.equal(str.body.errorMessage, 'body must be an object');
      assert.equal((await call('GET', '/_admin/server/mode')).body.mode, 'default');
    });
    it('throws an error when passing an unknown mode', async () => {
      const r = await setMode('testi');
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { error: true, code: 400, errorNum: 400, errorMessage: 'mode invalid' });
      assert.equal((await call('PUT', '/_admin/server/mode', { mode: 1 })).body.errorMessage, 'mode must be a string');
      assert.equal((await call('GET', '/_admin/server/mode')).body.mode, 'default');
    });
    it('cannot create a database when readonly', async () => {
      assert.equal((await setMode('readonly')).body.mode, 'readonly');
      const r = await call('POST', '/_api/database', { name: 'UnitTestsDatabaseReadOnly' });
      assert.equal(r.status, 403);
      assert.equal(r.body.errorNum, 11);
      await setMode('default');
      assert.equal((await call('GET', '/_api/database')).body.result.includes('UnitTestsDatabaseReadOnly'), false);
    });
  });

  describe('upstream: Grants', () => {
    it('should show the effective rights for a user', async () => {
      await hans();
      assert.equal((await call('GET', '/_api/user/hans/database/_system')).body.result, 'rw');
    });
    it('should show the effective rights when readonly mode is on', async () => {
      await hans();
      await setMode('readonly');
      assert.equal((await call('GET', '/_api/user/hans/database/_system')).body.result, 'ro');
    });
    it('should show the configured rights when readonly mode is on and configured is requested', async () => {
      await hans();
      await setMode('readonly');
      assert.equal((await call('GET', '/_api/user/hans/database/_system?configured=true')).body.result, 'rw');
    });
    it('should show the effective rights of a collection when readonly mode is on', async () => {
      await call('POST', '/_api/collection', { name: 'grants' });
      await hans('rw', 'grants');
      await setMode('readonly');
      assert.equal((await call('GET', '/_api/user/hans/database/_system/grants')).body.result, 'ro');
      await call('DELETE', '/_api/collection/grants');
    });
    it('should show the configured rights of a collection when readonly mode is on and configured is requested', async () => {
      await call('POST', '/_api/collection', { name: 'grants' });
      await hans('rw', 'grants');
      await setMode('readonly');
      assert.equal((await call('GET', '/_api/user/hans/database/_system/grants?configured=true')).body.result, 'rw');
      await call('DELETE', '/_api/collection/grants');
    });
  });

  describe('what read-only mode refuses and keeps', () => {
    before(async () => {
      await call('DELETE', '/_api/collection/ro_docs');
      await call('POST', '/_api/collection', { name: 'ro_docs' });
      await call('POST', '/_api/document/ro_docs', { _key: 'a', v: 1 });
    });

    it('refuses document writes with 1004 and keeps reads, for root as for any user', async () => {
      await setMode('readonly');
      const w = await call('POST', '/_api/document/ro_docs', { _key: 'b' });
      assert.equal(w.status, 403);
      assert.equal(w.body.errorNum, 1004);
      assert.equal((await call('PATCH', '/_api/document/ro_docs/a', { v: 2 })).body.errorNum, 1004);
      assert.equal((await call('DELETE', '/_api/document/ro_docs/a')).body.errorNum, 1004);
      const r = await call('GET', '/_api/document/ro_docs/a');
      assert.equal(r.status, 200);
      assert.equal(r.body.v, 1);
      const q = await call('POST', '/_api/cursor', { query: 'FOR d IN ro_docs RETURN d.v' });
      assert.deepEqual(q.body.result, [1]);
      const aqlWrite = await call('POST', '/_api/cursor', { query: 'INSERT {} INTO ro_docs' });
      assert.equal(aqlWrite.status, 403);
      assert.equal(aqlWrite.body.errorNum, 1004);
      const trx = await call('POST', '/_api/transaction/begin', { collections: { write: ['ro_docs'] } });
      assert.equal(trx.body.errorNum, 1004);
    });

    it('refuses collection and index changes with 403/11', async () => {
      await setMode('readonly');
      const c = await call('POST', '/_api/collection', { name: 'ro_new' });
      assert.equal(c.status, 403);
      assert.equal(c.body.errorNum, 11);
      const ix = await call('POST', '/_api/index?collection=ro_docs', { type: 'persistent', fields: ['v'] });
      assert.equal(ix.status, 403);
      assert.equal(ix.body.errorNum, 11);
      assert.equal((await call('DELETE', '/_api/collection/ro_docs')).status, 403);
      assert.equal((await call('DELETE', '/_api/database/_system')).status, 403);
    });

    it('reports the mode in availability and status, and switching back restores writes', async () => {
      await setMode('readonly');
      assert.deepEqual((await call('GET', '/_admin/server/availability')).body, { error: false, code: 200, mode: 'readonly' });
      const st = (await call('GET', '/_admin/status')).body.serverInfo;
      assert.equal(st.readOnly, true);
      assert.equal(st.writeOpsEnabled, false);
      assert.equal((await setMode('default')).body.mode, 'default');
      assert.equal((await call('GET', '/_admin/server/availability')).body.mode, 'default');
      assert.equal((await call('POST', '/_api/document/ro_docs', { _key: 'after' })).status, 202);
    });

    it('a user without rw on _system may read the mode but not change it; an admin may in read-only mode', async () => {
      await hans('ro');
      const denied = await call('PUT', '/_admin/server/mode', { mode: 'readonly' }, basic('hans'));
      assert.equal(denied.status, 403);
      assert.equal(denied.body.errorNum, 11);
      assert.equal((await call('GET', '/_admin/server/mode', undefined, basic('hans'))).body.mode, 'default');
      await call('PUT', '/_api/user/hans/database/_system', { grant: 'rw' });
      assert.equal((await call('PUT', '/_admin/server/mode', { mode: 'readonly' }, basic('hans'))).body.mode, 'readonly');
      assert.equal((await call('POST', '/_api/document/ro_docs', {}, basic('hans'))).body.errorNum, 1004);
      assert.equal((await call('PUT', '/_admin/server/mode', { mode: 'default' }, basic('hans'))).body.mode, 'default');
    });
  });
});

describe('read-only server mode without authentication', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--auth', 'false']);
  });
  after(async () => {
    await s.close();
  });

  it('caps the unauthenticated caller too: writes are 1004, the mode can be switched back', async () => {
    const put = (mode: string) => s.request({ method: 'PUT', url: '/_admin/server/mode', body: { mode }, headers: {} });
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'noauth' }, headers: {} });
    assert.equal(bodyOf(await put('readonly')).mode, 'readonly');
    const w = await s.request({ method: 'POST', url: '/_api/document/noauth', body: {}, headers: {} });
    assert.equal(w.statusCode, 403);
    assert.equal(bodyOf(w).errorNum, 1004);
    assert.equal(bodyOf(await put('default')).mode, 'default');
    assert.equal((await s.request({ method: 'POST', url: '/_api/document/noauth', body: {}, headers: {} })).statusCode, 202);
  });
});
