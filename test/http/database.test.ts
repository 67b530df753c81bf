// /_api/database: listing, creating, dropping and describing databases, each success
// and error case with its status and whole body, as ArangoDB 3.12 answers them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { collectionSpec, bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const ok = (code: number, result: unknown) => ({ error: false, code, result });

describe('/_api/database', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: bodyOf(res), type: res.headers['content-type'] };
  }

  it('lists only _system on a fresh server', async () => {
    assert.deepEqual(await call('GET', '/_api/database'), { status: 200, body: ok(200, ['_system']), type: 'application/json; charset=utf-8' });
  });

  it('creates a database with 201 and result true, and lists the names sorted', async () => {
    assert.deepEqual((await call('POST', '/_api/database', { name: 'zeta' })).body, ok(201, true));
    const created = await call('POST', '/_api/database', { name: 'Alpha-1_x', options: { sharding: 'flexible', replicationFactor: 3 }, users: [{ username: 'root', passwd: '' }] });
    assert.deepEqual(created, { status: 201, body: ok(201, true), type: 'application/json; charset=utf-8' });
    assert.deepEqual((await call('GET', '/_api/database')).body, ok(200, ['Alpha-1_x', '_system', 'zeta']));
    assert.deepEqual((await call('GET', '/_api/database/user')).body, ok(200, ['Alpha-1_x', '_system', 'zeta']));
    await call('DELETE', '/_api/database/zeta');
    await call('DELETE', '/_api/database/Alpha-1_x');
  });

  it('accepts null options and users', async () => {
    assert.deepEqual(await call('POST', '/_api/database', { name: 'nulls', options: null, users: null }), { status: 201, body: ok(201, true), type: 'application/json; charset=utf-8' });
    await call('DELETE', '/_api/database/nulls');
  });

  const createErrors = [
    { id: 'leading-digit', body: { name: '1abc' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'leading-underscore', body: { name: '_abc' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'empty-name', body: { name: '' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'leading-space', body: { name: ' ab' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'slash', body: { name: 'a/b' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'colon', body: { name: 'a:b' }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'not-NFC', body: { name: 'A\u030a' }, expect: err(400, 1208, 'database name is not properly UTF-8 NFC-normalized') },
    { id: 'too-long', body: { name: 'a'.repeat(129) }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'name-number', body: { name: 12 }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'name-missing', body: {}, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'name-null', body: { name: null }, expect: err(400, 1208, 'illegal name: database name invalid') },
    { id: 'system-duplicate', body: { name: '_system' }, expect: err(409, 1207, "duplicate database name '_system'") },
    { id: 'options-array', body: { name: 'x1', options: [] }, expect: err(400, 400, 'invalid options slice') },
    { id: 'options-string', body: { name: 'x1', options: 'x' }, expect: err(400, 400, 'invalid options slice') },
    { id: 'users-object', body: { name: 'x1', users: {} }, expect: err(400, 400, 'invalid users slice') },
    { id: 'user-not-object', body: { name: 'x1', users: ['root'] }, expect: err(400, 400, 'bad parameter') },
    { id: 'user-without-name', body: { name: 'x1', users: [{ passwd: 'x' }] }, expect: err(400, 400, 'bad parameter') },
    { id: 'user-passwd-number', body: { name: 'x1', users: [{ username: 'u', passwd: 1 }] }, expect: err(400, 400, 'bad parameter') },
    { id: 'body-array', body: [{ name: 'x1' }], expect: err(400, 400, 'bad parameter') },
    { id: 'body-string', body: 'x1', expect: err(400, 400, 'bad parameter') },
  ];
  for (const c of createErrors) {
    it(`refuses to create a database: ${c.id}`, async () => {
      const res = await call('POST', '/_api/database', c.body);
      assert.equal(res.status, c.expect.code);
      assert.deepEqual(res.body, c.expect);
    });
  }

  it('creates, uses and drops databases with extended (Unicode) names, the default since ArangoDB 3.12', async () => {
    for (const name of ['m\u00f6t\u00f6r', 'with space', '\u{1f600}', 'a.b']) {
      assert.equal((await call('POST', '/_api/database', { name })).status, 201, name);
      const prefix = `/_db/${encodeURIComponent(name)}`;
      assert.equal((await call('GET', `${prefix}/_api/database/current`)).body.result.name, name);
      assert.equal((await call('POST', `${prefix}/_api/collection`, { name: 'c' })).status, 200);
      assert.equal((await call('DELETE', `/_api/database/${encodeURIComponent(name)}`)).status, 200);
    }
  });

  it('checks the name before the options, and the options before the name is validated', async () => {
    assert.deepEqual((await call('POST', '/_api/database', { name: 5, options: [] })).body, err(400, 1208, 'illegal name: database name invalid'));
    assert.deepEqual((await call('POST', '/_api/database', { name: '1bad', options: [] })).body, err(400, 400, 'invalid options slice'));
  });

  it('answers an unparsable body with 400/600 and an empty one with 400/400', async () => {
    const res = await call('POST', '/_api/database', undefined, '{"name":');
    assert.equal(res.status, 400);
    assert.match(res.body.errorMessage, /^VPackError error: /);
    assert.deepEqual(res.body, err(400, 600, res.body.errorMessage));
    assert.deepEqual(await call('POST', '/_api/database'), { status: 400, body: err(400, 400, 'bad parameter'), type: 'application/json; charset=utf-8' });
  });

  it('answers a duplicate name with 409/1207 naming it', async () => {
    await call('POST', '/_api/database', { name: 'dup' });
    assert.deepEqual(await call('POST', '/_api/database', { name: 'dup' }), { status: 409, body: err(409, 1207, "duplicate database name 'dup'"), type: 'application/json; charset=utf-8' });
    await call('DELETE', '/_api/database/dup');
  });

  it('accepts a name of exactly 64 bytes', async () => {
    const name = 'b'.repeat(64);
    assert.equal((await call('POST', '/_api/database', { name })).status, 201);
    assert.equal((await call('DELETE', `/_api/database/${name}`)).status, 200);
  });

  it('refuses POST with a path suffix with 400/400', async () => {
    assert.deepEqual(await call('POST', '/_api/database/foo', { name: 'foo' }), { status: 400, body: err(400, 400, 'bad parameter'), type: 'application/json; charset=utf-8' });
    assert.deepEqual((await call('POST', '/_api/database/foo/bar', { name: 'foo' })).body, err(400, 400, 'bad parameter'));
  });

  it('drops a database with 200 and result true; its requests then answer 404/1228', async () => {
    await call('POST', '/_api/database', { name: 'gone' });
    assert.equal((await call('GET', '/_db/gone/_api/database/current')).status, 200);
    assert.deepEqual(await call('DELETE', '/_api/database/gone'), { status: 200, body: ok(200, true), type: 'application/json; charset=utf-8' });
    assert.deepEqual(await call('GET', '/_db/gone/_api/database/current'), { status: 404, body: err(404, 1228, 'database not found'), type: 'application/json; charset=utf-8' });
    assert.deepEqual((await call('GET', '/_api/database')).body, ok(200, ['_system']));
  });

  it('drops a database that holds collections and documents, and lets the name be reused', async () => {
    await call('POST', '/_api/database', { name: 'full' });
    const { storage } = s.server;
    const col = await storage.catalog.createCollection('full', collectionSpec('c'));
    const written = await storage.documents.apply('full', 'c', 'insert', [{ body: { _key: 'a' } }, { body: { _key: 'b' } }], {});
    assert.ok(written.results.every((r) => r.ok));
    const stored = () => [...storage.engine.keys('docs', { start: [col.dataId], end: [col.dataId + 1] })].length;
    assert.equal(stored(), 2);
    assert.equal((await call('DELETE', '/_api/database/full')).status, 200);
    await storage.purger.idle();
    assert.equal(storage.catalog.collections('full').length, 0);
    assert.equal(stored(), 0);
    assert.equal((await call('POST', '/_api/database', { name: 'full' })).status, 201);
    // a new database again: only its system collections, none of the dropped one's
    assert.deepEqual(
      storage.catalog.collections('full').map((c) => c.name),
      ['_graphs', '_analyzers', '_aqlfunctions', '_queues', '_jobs', '_apps', '_appbundles', '_frontend'],
    );
    await call('DELETE', '/_api/database/full');
  });

  it('refuses to drop _system with 403/11', async () => {
    assert.deepEqual(await call('DELETE', '/_api/database/_system'), { status: 403, body: err(403, 11, 'forbidden'), type: 'application/json; charset=utf-8' });
  });

  it('answers dropping an unknown database with 404/1228', async () => {
    assert.deepEqual(await call('DELETE', '/_api/database/nosuch'), { status: 404, body: err(404, 1228, 'database not found'), type: 'application/json; charset=utf-8' });
  });

  it('answers DELETE without exactly one name with 400/400', async () => {
    assert.deepEqual(await call('DELETE', '/_api/database'), { status: 400, body: err(400, 400, 'bad parameter'), type: 'application/json; charset=utf-8' });
    assert.deepEqual((await call('DELETE', '/_api/database/a/b')).body, err(400, 400, 'bad parameter'));
  });

  it('describes the current database: id as a string, name, isSystem, path "none"', async () => {
    const sys = await call('GET', '/_api/database/current');
    assert.equal(sys.status, 200);
    const id = sys.body.result.id;
    assert.match(id, /^\d+$/);
    assert.deepEqual(sys.body, ok(200, { id, name: '_system', isSystem: true, path: 'none' }));

    await call('POST', '/_api/database', { name: 'other' });
    const other = await call('GET', '/_db/other/_api/database/current');
    assert.equal(other.status, 200);
    assert.notEqual(other.body.result.id, id);
    assert.deepEqual(other.body, ok(200, { id: other.body.result.id, name: 'other', isSystem: false, path: 'none' }));
    await call('DELETE', '/_api/database/other');
  });

  it('lists the user databases from any database', async () => {
    await call('POST', '/_api/database', { name: 'mine' });
    assert.deepEqual(await call('GET', '/_db/mine/_api/database/user'), { status: 200, body: ok(200, ['_system', 'mine']), type: 'application/json; charset=utf-8' });
    await call('DELETE', '/_api/database/mine');
  });

  it('allows listing, creating and dropping only from _system (403/1230)', async () => {
    await call('POST', '/_api/database', { name: 'side' });
    const forbidden = { status: 403, body: err(403, 1230, 'operation only allowed in system database'), type: 'application/json; charset=utf-8' };
    assert.deepEqual(await call('GET', '/_db/side/_api/database'), forbidden);
    assert.deepEqual(await call('POST', '/_db/side/_api/database', { name: 'x2' }), forbidden);
    assert.deepEqual(await call('POST', '/_db/side/_api/database', { name: 5 }), forbidden);
    assert.deepEqual(await call('DELETE', '/_db/side/_api/database/side'), forbidden);
    assert.deepEqual(await call('DELETE', '/_db/side/_api/database/nosuch'), forbidden);
    assert.deepEqual((await call('GET', '/_api/database')).body, ok(200, ['_system', 'side']));
    await call('DELETE', '/_api/database/side');
  });

  it('answers GET of an unknown suffix with 400/10 and of two suffixes with 400/400', async () => {
    assert.deepEqual(await call('GET', '/_api/database/whatever'), { status: 400, body: err(400, 10, 'bad parameter'), type: 'application/json; charset=utf-8' });
    assert.deepEqual((await call('GET', '/_api/database/constructor')).body, err(400, 10, 'bad parameter'));
    assert.deepEqual((await call('GET', '/_api/database/current/x')).body, err(400, 400, 'bad parameter'));
  });

  it('answers other methods with 405', async () => {
    for (const [method, url] of [['PUT', '/_api/database'], ['PATCH', '/_api/database/current'], ['PUT', '/_api/database/a/b']] as const) {
      const res = await call(method, url, {});
      assert.deepEqual(res, { status: 405, body: err(405, 405, 'method not supported'), type: 'application/json; charset=utf-8' });
    }
  });

  it('keeps created databases across a restart and forgets dropped ones', async () => {
    const dir = tempDir();
    let a = await startServer([], { dir });
    try {
      await a.request({ method: 'POST', url: '/_api/database', body: { name: 'kept' } });
      await a.request({ method: 'POST', url: '/_api/database', body: { name: 'dropped' } });
      await a.request({ method: 'DELETE', url: '/_api/database/dropped' });
      await a.close();
      a = await startServer([], { dir });
      assert.deepEqual(bodyOf(await a.request({ method: 'GET', url: '/_api/database' })), ok(200, ['_system', 'kept']));
    } finally {
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
