// Access tokens (/_api/token; users/tokens.ts, routes/token.ts) through arangojs 10.4 as
// its own 32-access-tokens suite uses them: createAccessToken (the `v1.` secret shown
// once), getAccessTokens (without it), deleteAccessToken, and the token standing in for a
// password: useAccessToken (Basic with an empty name), Basic with the owner's name, and
// login() for a JWT. Also: another user's tokens are an admin's business, a removed or
// expired token is refused at once, and tokens survive a restart.
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs';
import { isArangoError } from 'arangojs/errors';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

describe('access tokens', () => {
  let s: TestServer;
  let url: string;
  const dir = tempDir('cairn-tokens-');
  const clients: Database[] = [];
  const client = (auth?: { username: string; password?: string } | { token: string }) => {
    const db = new Database({ url, ...(auth ? { auth } : {}) });
    clients.push(db);
    return db;
  };
  let system: Database;

  before(async () => {
    s = await startServer(['--root-password', 'hunter2'], { dir });
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    url = await s.server.listen('127.0.0.1', 0);
    system = client({ username: 'root', password: 'hunter2' });
    await system.createUser('app', 'pw');
    await system.createUser('other', 'pw2');
    // they may use _system (else ArangoDB answers them 401 there, whatever their credentials)
    await system.setUserAccessLevel('app', { database: '_system' }, 'ro');
    await system.setUserAccessLevel('other', { database: '_system' }, 'ro');
  });
  after(async () => {
    for (const c of clients) c.close();
    await s.close();
    // startServer removes only directories it made itself
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists and deletes tokens as arangojs expects', async () => {
    const validUntil = Math.floor(Date.now() / 1000) + 3600;
    const t1 = await system.createAccessToken('app', { name: 'Test token 1' });
    assert.match(t1.token, /^v1\.[0-9a-f]{64}$/);
    assert.equal(t1.name, 'Test token 1');
    assert.equal(t1.active, true);
    assert.equal(typeof t1.id, 'number');
    assert.match(t1.fingerprint, /^[0-9a-f]{32}$/);
    const t2 = await system.createAccessToken('app', { name: 'Test token 2', valid_until: validUntil });
    assert.equal(t2.valid_until, validUntil);
    const listed = await system.getAccessTokens('app');
    assert.deepEqual(listed.map((t) => t.name), ['Test token 1', 'Test token 2']);
    for (const t of listed) assert.equal((t as Record<string, unknown>).token, undefined, 'the secret is never listed');
    assert.deepEqual(await system.getAccessTokens('other'), []);
    await system.deleteAccessToken('app', t2.id);
    assert.deepEqual((await system.getAccessTokens('app')).map((t) => t.id), [t1.id]);
    await assert.rejects(system.deleteAccessToken('app', t2.id), (e: unknown) => isArangoError(e) && e.code === 404);
    await assert.rejects(system.getAccessTokens('nobody'), (e: unknown) => isArangoError(e) && e.errorNum === 1703 && e.code === 404);
  });

  it('lets a token stand in for its user\'s password', async () => {
    const { token, id } = await system.createAccessToken('root', { name: 'Auth test token', valid_until: Math.floor(Date.now() / 1000) + 86400 });
    const viaToken = client();
    viaToken.useAccessToken(token);
    assert.ok(Array.isArray(await viaToken.collections()));
    const named = client({ username: 'root', password: token });
    assert.ok(Array.isArray(await named.collections()));
    assert.ok((await client().login('', token)).length > 0);
    assert.ok((await client().login('root', token)).length > 0);
    // not as another user
    await assert.rejects(client({ username: 'app', password: token }).collections(), (e: unknown) => isArangoError(e) && e.code === 401);
    // a deleted token is refused at once, even by a client that used it before
    await system.deleteAccessToken('root', id);
    await assert.rejects(viaToken.collections(), (e: unknown) => isArangoError(e) && e.code === 401);
  });

  it('keeps other users\' tokens to admins, and refuses expired tokens', async () => {
    const app = client({ username: 'app', password: 'pw' });
    const own = await app.createAccessToken('app', { name: 'mine' });
    assert.equal(own.name, 'mine');
    await assert.rejects(app.getAccessTokens('other'), (e: unknown) => isArangoError(e) && e.code === 403 && e.errorNum === 11);
    const asRoot = 'Basic ' + Buffer.from('root:hunter2').toString('base64');
    const res = await s.request({ method: 'POST', url: '/_api/token/app', body: { name: 'mine' }, auth: asRoot });
    assert.equal(res.statusCode, 409, 'names are unique per user');
    const past = await s.request({ method: 'POST', url: '/_api/token/app', body: { name: 'old', valid_until: 1000 }, auth: asRoot });
    assert.equal(bodyOf(past).errorNum, 10);
    const noName = await s.request({ method: 'POST', url: '/_api/token/app', body: {}, auth: asRoot });
    assert.equal(bodyOf(noName).errorNum, 10);
    // expiry: a token whose valid_until has passed no longer logs in
    const soon = await system.createAccessToken('app', { name: 'short', valid_until: Math.floor(Date.now() / 1000) + 2 });
    assert.ok(Array.isArray(await client({ username: '', password: soon.token }).collections()));
    await new Promise((r) => setTimeout(r, 2100));
    await assert.rejects(client({ username: '', password: soon.token }).collections(), (e: unknown) => isArangoError(e) && e.code === 401);
    // removing the user removes its tokens
    const tok = await system.createAccessToken('other', { name: 'x' });
    await system.removeUser('other');
    await assert.rejects(client({ username: '', password: tok.token }).collections(), (e: unknown) => isArangoError(e) && e.code === 401);
  });

  it('keeps tokens across a restart', async () => {
    const t = await system.createAccessToken('app', { name: 'durable' });
    for (const c of clients) c.close();
    clients.length = 0;
    await s.close();
    s = await startServer(['--root-password', 'hunter2'], { dir });
    url = await s.server.listen('127.0.0.1', 0);
    assert.ok(Array.isArray(await client({ username: 'app', password: t.token }).collections()));
  });
});
