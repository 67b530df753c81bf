// The official `arangojs` driver (v10) managing users against Cairn on a real port:
// createUser, listUsers, getUser, updateUser, replaceUser, removeUser, the access level
// calls, getUserDatabases, listUserDatabases, login (a JWT from /_open/auth) and
// useBearerAuth, with ArangoDB's errors reaching it as ArangoErrors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs';
import type { ConfigOptions } from 'arangojs/configuration';
import { isArangoError } from 'arangojs/errors';
import { startServer, type TestServer } from '../helpers/server.js';

async function rejectsWith(p: Promise<unknown>, errorNum: number, code: number, message?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isArangoError(e), `expected an ArangoError, got ${String(e)}`);
    assert.equal(e.errorNum, errorNum);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe('arangojs managing users', () => {
  let s: TestServer;
  let url: string;
  let system: Database;
  const clients: Database[] = [];
  const client = (opts: ConfigOptions) => {
    const db = new Database(opts);
    clients.push(db);
    return db;
  };

  before(async () => {
    s = await startServer(['--root-password', 'hunter2']);
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    url = await s.server.listen('127.0.0.1', 0);
    system = client({ url, auth: { username: 'root', password: 'hunter2' } });
    await system.createDatabase('library');
    await system.database('library').createCollection('books');
    await system.database('library').createCollection('loans');
  });
  after(async () => {
    for (const c of clients) c.close();
    await s.close();
  });

  it('creates, reads, lists, updates, replaces and removes users', async () => {
    assert.deepEqual(await system.createUser('steve', { passwd: 'pw', extra: { team: 'a' } }), { user: 'steve', active: true, extra: { team: 'a' }, error: false, code: 201 });
    assert.deepEqual(await system.createUser('tina', 'pw'), { user: 'tina', active: true, extra: {}, error: false, code: 201 });
    assert.deepEqual(await system.listUsers(), [
      { user: 'root', active: true, extra: {} },
      { user: 'steve', active: true, extra: { team: 'a' } },
      { user: 'tina', active: true, extra: {} },
    ]);
    assert.deepEqual(await system.getUser('steve'), { user: 'steve', active: true, extra: { team: 'a' }, error: false, code: 200 });
    assert.deepEqual(await system.updateUser('steve', { extra: { level: 2 } }), { user: 'steve', active: true, extra: { team: 'a', level: 2 }, error: false, code: 200 });
    assert.deepEqual(await system.replaceUser('tina', { passwd: 'new', active: false }), { user: 'tina', active: false, extra: {}, error: false, code: 200 });
    assert.equal(await system.removeUser('tina'), undefined);
    await rejectsWith(system.getUser('tina'), 1703, 404, 'user not found');
    await rejectsWith(system.createUser('steve', 'x'), 1702, 409, 'duplicate user');
    await rejectsWith(system.removeUser('root'), 11, 403, 'forbidden');
  });

  it('sets, reads and clears access levels of databases and collections', async () => {
    const library = system.database('library');
    assert.deepEqual(await system.setUserAccessLevel('steve', { database: 'library' }, 'ro'), { library: 'ro', error: false, code: 200 });
    assert.deepEqual(await system.setUserAccessLevel('steve', { collection: library.collection('loans') }, 'rw'), { 'library/loans': 'rw', error: false, code: 200 });
    assert.equal(await system.getUserAccessLevel('steve', { database: library }), 'ro');
    assert.equal(await system.getUserAccessLevel('steve', { collection: library.collection('loans') }), 'rw');
    assert.equal(await system.getUserAccessLevel('steve', { database: 'library', collection: 'books' }), 'ro');
    assert.deepEqual(await system.getUserDatabases('steve'), { library: 'ro' });
    const full = await system.getUserDatabases('steve', true);
    assert.equal(full.library!.permission, 'ro');
    assert.equal((full.library!.collections as Record<string, string>).loans, 'rw');
    assert.deepEqual(await system.clearUserAccessLevel('steve', { collection: library.collection('loans') }), { error: false, code: 202 });
    assert.equal(await system.getUserAccessLevel('steve', { collection: library.collection('loans') }), 'ro');
    await rejectsWith(system.setUserAccessLevel('steve', { database: 'library', collection: 'nosuch' }, 'rw'), 1203, 404);
  });

  it('logs in with a JWT (login, useBearerAuth) and works within its grants', async () => {
    const steve = client({ url, databaseName: 'library' });
    const jwt = await steve.login('steve', 'pw');
    assert.equal(jwt.split('.').length, 3);
    assert.deepEqual(await steve.listUserDatabases(), ['library']);
    assert.equal((await steve.collection('books').count()).count, 0);
    await rejectsWith(steve.collection('books').save({ title: 'x' }), 1004, 403, 'read only: books [write]');
    await system.setUserAccessLevel('steve', { collection: system.database('library').collection('loans') }, 'ro');
    await rejectsWith(steve.query('FOR b IN books INSERT b INTO loans'), 1004, 403, 'AQL: read only: loans [write] (while parsing)');
    await system.setUserAccessLevel('steve', { database: 'library' }, 'rw');
    const saved = await steve.collection('books').save({ title: 'Dune' });
    assert.equal(typeof saved._key, 'string');

    const again = client({ url, databaseName: 'library' });
    again.useBearerAuth(jwt);
    assert.equal((await again.collection('books').count()).count, 1);
    const renewed = await again.renewAuthToken();
    assert.equal(typeof renewed, 'string');

    await rejectsWith(client({ url }).login('steve', 'wrong'), 401, 401, 'Wrong credentials');
    const stranger = client({ url, databaseName: 'library' });
    stranger.useBearerAuth('not.a.token');
    await rejectsWith(stranger.collection('books').count(), 11, 401, 'not authorized to execute this request');
  });

  it('lets a user change its own password, and refuses what only admins may do', async () => {
    const steve = client({ url, databaseName: 'library', auth: { username: 'steve', password: 'pw' } });
    assert.equal((await steve.updateUser('steve', 'pw2')).user, 'steve');
    await rejectsWith(steve.collection('books').count(), 11, 401, 'not authorized to execute this request');
    steve.useBasicAuth('steve', 'pw2');
    assert.equal((await steve.collection('books').count()).count, 1);
    await rejectsWith(steve.createUser('mallory', 'x'), 11, 403, 'forbidden');
    await rejectsWith(steve.listUsers(), 403, 403, 'forbidden');
    await rejectsWith(steve.setUserAccessLevel('steve', { database: '_system' }, 'rw'), 11, 403, 'forbidden');
  });
});
