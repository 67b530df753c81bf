// /_api/user and /_open/auth (routes/user.ts, routes/open-auth.ts) as ArangoDB 3.12 answers them: users created, listed, read,
// replaced, updated and removed; grants given, read and revoked with ArangoDB's effective
// levels; passwords checked; Basic and Bearer logins (bad and expired tokens, inactive
// users); cached credentials forgotten when a password changes; root fixed by
// --root-password; all of it kept in `_users` across a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { ManualClock } from '../../src/util/clock.js';
import { MAX_ACCEPTED } from '../../src/http/auth.js';

const basic = (user: string, pw: string): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
const bearer = (jwt: string): string => `bearer ${jwt}`;
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const unauthorized = err(401, 11, 'not authorized to execute this request');
const FAST = { N: 1024, r: 8, p: 1 };

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

async function open(flags: string[] = [], opts: { dir?: string; clock?: ManualClock } = {}): Promise<TestServer> {
  const s = await startServer(flags, opts);
  s.server.services.users.scryptCost = FAST; // tests only: the cost is stored with each hash
  return s;
}

describe('/_api/user', () => {
  let s: TestServer;
  before(async () => {
    s = await open();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, auth?: string | null, rawBody?: string) {
    const res = await s.request({ method, url, body, auth, rawBody });
    return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res) };
  }
  const create = (user: string, extra: Record<string, unknown> = {}) => call('POST', '/_api/user', { user, passwd: 'pw', ...extra });
  const remove = (user: string) => call('DELETE', `/_api/user/${encodeURIComponent(user)}`);

  describe('creating, reading, listing', () => {
    after(async () => {
      for (const u of ['alice', 'bob', 'carol', 'dave']) await remove(u);
    });

    it('creates a user: 201 with user, active and extra (error and code after them)', async () => {
      const r = await create('alice');
      assert.deepEqual(r, { status: 201, body: { user: 'alice', active: true, extra: {}, error: false, code: 201 } });
      assert.deepEqual(Object.keys(r.body), ['user', 'active', 'extra', 'error', 'code']);
    });

    it('keeps active and extra as given; a password is optional', async () => {
      assert.deepEqual(await call('POST', '/_api/user', { user: 'bob', active: false, extra: { foo: true } }), { status: 201, body: { user: 'bob', active: false, extra: { foo: true }, error: false, code: 201 } });
      // an active that is no boolean counts as true, an extra that is no object as none
      assert.deepEqual((await call('POST', '/_api/user', { user: 'carol', active: 'no', extra: [1] })).body, { user: 'carol', active: true, extra: {}, error: false, code: 201 });
    });

    const CREATE_ERRORS = [
      { id: 'no-user', body: { passwd: 'fox' }, status: 400, errorNum: 1700, message: 'invalid user name' },
      { id: 'empty-user', body: { user: '', passwd: 'fox' }, status: 400, errorNum: 1700, message: 'invalid user name' },
      { id: 'number-user', body: { user: 12 }, status: 400, errorNum: 1700, message: 'invalid user name' },
      { id: 'duplicate', body: { user: 'alice' }, status: 409, errorNum: 1702, message: 'duplicate user' },
      { id: 'root', body: { user: 'root' }, status: 409, errorNum: 1702, message: 'duplicate user' },
      { id: 'array-body', body: [{ user: 'x' }], status: 400, errorNum: 400, message: 'bad parameter' },
    ];
    for (const c of CREATE_ERRORS) {
      it(`${c.id}: refuses with ${c.errorNum}`, async () => {
        const r = await call('POST', '/_api/user', c.body);
        assert.equal(r.body.errorNum, c.errorNum);
        assert.deepEqual(r, { status: c.status, body: err(c.status, c.errorNum, c.message) });
      });
    }

    it('answers a body that is not JSON with 400/600', async () => {
      assert.deepEqual(await call('POST', '/_api/user', undefined, undefined, '{ nope'), { status: 400, body: err(400, 600, 'VPackError error: Expecting \'"\' or \'}\'') });
    });

    it('reads one user, and 404/1703 for an unknown one', async () => {
      assert.deepEqual(await call('GET', '/_api/user/bob'), { status: 200, body: { user: 'bob', active: false, extra: { foo: true }, error: false, code: 200 } });
      assert.deepEqual(await call('GET', '/_api/user/nobody'), { status: 404, body: err(404, 1703, 'user not found') });
    });

    it('lists root first, then the users in creation order', async () => {
      await create('dave');
      assert.deepEqual(await call('GET', '/_api/user'), {
        status: 200,
        body: {
          error: false,
          code: 200,
          result: [
            { user: 'root', active: true, extra: {} },
            { user: 'alice', active: true, extra: {} },
            { user: 'bob', active: false, extra: { foo: true } },
            { user: 'carol', active: true, extra: {} },
            { user: 'dave', active: true, extra: {} },
          ],
        },
      });
    });

    it('checks a password: 200 true, or 404/1703 for a wrong one or an unknown user', async () => {
      assert.deepEqual(await call('POST', '/_api/user/alice', { passwd: 'pw' }), { status: 200, body: { error: false, code: 200, result: true } });
      assert.deepEqual(await call('POST', '/_api/user/alice', { passwd: 'PW' }), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('POST', '/_api/user/nobody', { passwd: 'pw' }), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('POST', '/_api/user/root', { passwd: '' }), { status: 200, body: { error: false, code: 200, result: true } });
      // an inactive user's password does not check
      assert.deepEqual((await call('POST', '/_api/user/bob', { passwd: '' })).status, 404);
      assert.deepEqual(await call('POST', '/_api/user/alice/x', { passwd: 'pw' }), { status: 400, body: err(400, 10, 'bad parameter') });
    });

    it("stores the user in _users in ArangoDB's format, with a salted scrypt hash", () => {
      const storage = s.server.storage;
      const col = storage.catalog.requireCollection('_system', '_users');
      const doc = [...storage.documents.scan(col)].find((d) => d.user === 'alice')!;
      const simple = (doc.authData as { simple: Record<string, unknown> }).simple;
      assert.deepEqual(doc, {
        _key: doc._key,
        _id: `_users/${doc._key as string}`,
        _rev: doc._rev,
        user: 'alice',
        source: 'LOCAL',
        authData: { active: true, simple: { method: 'scrypt', salt: simple.salt, hash: simple.hash, N: 1024, r: 8, p: 1 } },
        databases: {},
      });
      assert.match(simple.salt as string, /^[0-9a-f]{32}$/);
      assert.match(simple.hash as string, /^[0-9a-f]{64}$/);
      assert.ok(!JSON.stringify(doc).includes('"pw"'));
      const bob = [...storage.documents.scan(col)].find((d) => d.user === 'bob')!;
      assert.deepEqual(bob.userData, { foo: true });
    });
  });

  describe('replacing, updating, removing', () => {
    before(async () => {
      await create('erin', { active: true, extra: { foo: { a: 1 }, bar: 1 } });
      await call('PUT', '/_api/user/erin/database/_system', { grant: 'ro' });
    });
    after(async () => {
      await remove('erin');
    });

    it('updates what is given: extra merged deeply, the password changed', async () => {
      assert.deepEqual(await call('PATCH', '/_api/user/erin', { extra: { foo: { b: 2 }, bar: 2 } }), { status: 200, body: { user: 'erin', active: true, extra: { foo: { a: 1, b: 2 }, bar: 2 }, error: false, code: 200 } });
      assert.deepEqual(await call('PATCH', '/_api/user/erin', { passwd: 'pw2', active: false }), { status: 200, body: { user: 'erin', active: false, extra: { foo: { a: 1, b: 2 }, bar: 2 }, error: false, code: 200 } });
      assert.equal((await call('PATCH', '/_api/user/erin', { active: true })).status, 200);
      assert.equal((await call('POST', '/_api/user/erin', { passwd: 'pw2' })).status, 200);
      assert.deepEqual((await call('PATCH', '/_api/user/erin', {})).body.extra, { foo: { a: 1, b: 2 }, bar: 2 });
      assert.equal((await call('GET', '/_api/user/erin/database/_system')).body.result, 'ro', 'grants stay');
    });

    it('replaces a user: the body or its defaults, and no grants any more (as ArangoDB)', async () => {
      assert.deepEqual(await call('PUT', '/_api/user/erin', { passwd: 'pw3', active: false, extra: { foo: false } }), { status: 200, body: { user: 'erin', active: false, extra: { foo: false }, error: false, code: 200 } });
      assert.equal((await call('GET', '/_api/user/erin/database/_system')).body.result, 'none');
      assert.deepEqual(await call('PUT', '/_api/user/erin', undefined, undefined, ''), { status: 200, body: { user: 'erin', active: true, extra: {}, error: false, code: 200 } });
      assert.equal((await call('POST', '/_api/user/erin', { passwd: '' })).status, 200, 'the empty password');
    });

    const MISSING = [
      { id: 'put', method: 'PUT', url: '/_api/user/nobody', status: 404, errorNum: 1703, message: 'user not found' },
      { id: 'patch', method: 'PATCH', url: '/_api/user/nobody', status: 404, errorNum: 1703, message: 'user not found' },
      { id: 'delete', method: 'DELETE', url: '/_api/user/nobody', status: 404, errorNum: 1703, message: 'user not found' },
      { id: 'put-no-user', method: 'PUT', url: '/_api/user', status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'patch-no-user', method: 'PATCH', url: '/_api/user', status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'delete-no-user', method: 'DELETE', url: '/_api/user', status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'put-bad-json', method: 'PUT', url: '/_api/user/erin', raw: '{ nope', status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'patch-bad-json', method: 'PATCH', url: '/_api/user/erin', raw: '{ nope', status: 400, errorNum: 10, message: 'bad parameter' },
    ];
    for (const c of MISSING) {
      it(`${c.id}: ${c.status}/${c.errorNum}`, async () => {
        assert.deepEqual(await call(c.method, c.url, undefined, undefined, c.raw ?? ''), { status: c.status, body: err(c.status, c.errorNum, c.message) });
      });
    }

    it('removes a user: 202, then 404/1703', async () => {
      await create('frank');
      assert.deepEqual(await remove('frank'), { status: 202, body: { error: false, code: 202 } });
      assert.deepEqual(await remove('frank'), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('GET', '/_api/user/frank'), { status: 404, body: err(404, 1703, 'user not found') });
    });

    it('keeps root as --root-password defines it: 403/11 for every change', async () => {
      assert.deepEqual(await call('GET', '/_api/user/root'), { status: 200, body: { user: 'root', active: true, extra: {}, error: false, code: 200 } });
      assert.deepEqual(await remove('root'), { status: 403, body: err(403, 11, 'forbidden') });
      const fixed = err(403, 11, "user 'root' is defined by --root-password and cannot be changed");
      assert.deepEqual(await call('PATCH', '/_api/user/root', { passwd: 'x' }), { status: 403, body: fixed });
      assert.deepEqual(await call('PUT', '/_api/user/root', {}), { status: 403, body: fixed });
      assert.deepEqual(await call('PUT', '/_api/user/root/database/shop', { grant: 'none' }), { status: 403, body: fixed });
      assert.deepEqual(await call('DELETE', '/_api/user/root/database/_system'), { status: 403, body: fixed });
      assert.deepEqual(await call('GET', '/_api/user/root/database/anything'), { status: 200, body: { error: false, code: 200, result: 'rw' } });
    });
  });

  describe('grants', () => {
    before(async () => {
      await create('gina');
      await call('POST', '/_api/database', { name: 'shop' });
      await call('POST', '/_db/shop/_api/collection', { name: 'products' });
      await call('POST', '/_db/shop/_api/collection', { name: 'orders' });
    });
    after(async () => {
      await remove('gina');
      await call('DELETE', '/_api/database/shop');
    });
    const level = async (path: string) => (await call('GET', `/_api/user/gina/database/${path}`)).body;

    it('grants a database and a collection: 200 naming what changed', async () => {
      assert.deepEqual(await call('PUT', '/_api/user/gina/database/shop', { grant: 'ro' }), { status: 200, body: { shop: 'ro', error: false, code: 200 } });
      assert.deepEqual(await call('PUT', '/_api/user/gina/database/shop/orders', { grant: 'rw' }), { status: 200, body: { 'shop/orders': 'rw', error: false, code: 200 } });
      assert.deepEqual(await level('shop'), { error: false, code: 200, result: 'ro' });
      assert.deepEqual(await level('shop/orders'), { error: false, code: 200, result: 'rw' });
      assert.deepEqual(await level('shop/products'), { error: false, code: 200, result: 'ro' }, 'the database level');
    });

    it("resolves levels as ArangoDB: a database's * collection grant, the * database", async () => {
      await call('PUT', '/_api/user/gina/database/shop/*', { grant: 'rw' });
      assert.equal((await level('shop/products')).result, 'rw');
      await call('PUT', '/_api/user/gina/database/shop/*', { grant: 'none' });
      assert.equal((await level('shop/products')).result, 'ro', 'the better of the database level and its * grant');
      assert.equal((await level('elsewhere')).result, 'none');
      await call('PUT', '/_api/user/gina/database/*', { grant: 'ro' });
      assert.equal((await level('elsewhere')).result, 'ro', 'a database without a grant: the * one');
      assert.equal((await level('_system/_users')).result, 'none', '_users: none for everyone');
      assert.equal((await level('shop/_queues')).result, 'ro');
      await call('DELETE', '/_api/user/gina/database/*');
      await call('DELETE', '/_api/user/gina/database/shop/*');
    });

    it('lists the databases it may use, and with full=true every configured level', async () => {
      assert.deepEqual(await call('GET', '/_api/user/gina/database'), { status: 200, body: { error: false, code: 200, result: { shop: 'ro' } } });
      const full = (await call('GET', '/_api/user/gina/database?full=true')).body.result;
      const cols = (db: string) => Object.fromEntries(s.server.storage.catalog.collections(db).map((c) => [c.name, 'undefined']));
      assert.deepEqual(full, {
        _system: { permission: 'undefined', collections: { ...cols('_system'), '*': 'undefined' } },
        shop: { permission: 'ro', collections: { ...cols('shop'), orders: 'rw', '*': 'undefined' } },
        '*': { permission: 'none' },
      });
      assert.deepEqual((await call('GET', '/_api/user/root/database')).body.result, { _system: 'rw', shop: 'rw' });
      assert.equal((await call('GET', '/_api/user/root/database?full=true')).body.result['*'].permission, 'rw');
    });

    it('revokes: 202, and the levels fall back', async () => {
      assert.deepEqual(await call('DELETE', '/_api/user/gina/database/shop/orders'), { status: 202, body: { error: false, code: 202 } });
      assert.equal((await level('shop/orders')).result, 'ro');
      assert.deepEqual(await call('DELETE', '/_api/user/gina/database/shop'), { status: 202, body: { error: false, code: 202 } });
      assert.equal((await level('shop')).result, 'none');
      assert.equal((await level('shop/orders')).result, 'none');
      assert.deepEqual(await call('DELETE', '/_api/user/gina/database/shop'), { status: 202, body: { error: false, code: 202 } }, 'nothing to revoke');
    });

    it('grants a database that does not exist (yet), as ArangoDB', async () => {
      assert.deepEqual(await call('PUT', '/_api/user/gina/database/future', { grant: 'rw' }), { status: 200, body: { future: 'rw', error: false, code: 200 } });
      assert.equal((await level('future')).result, 'rw');
      await call('DELETE', '/_api/user/gina/database/future');
    });

    const GRANT_ERRORS = [
      { id: 'grant-1 bad level', url: 'shop', body: { grant: 'write' }, status: 400, errorNum: 10, message: "expecting access type 'rw', 'ro' or 'none'" },
      { id: 'grant-2 no grant', url: 'shop', body: { level: 'rw' }, status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'grant-3 grant not a string', url: 'shop', body: { grant: 1 }, status: 400, errorNum: 10, message: 'bad parameter' },
      { id: 'grant-4 unknown database', url: 'nosuch/products', body: { grant: 'rw' }, status: 404, errorNum: 1228, message: 'database not found' },
      { id: 'grant-5 unknown collection', url: 'shop/nosuch', body: { grant: 'rw' }, status: 404, errorNum: 1203, message: 'collection or view not found' },
      { id: 'grant-6 system collection', url: 'shop/_graphs', body: { grant: 'rw' }, status: 400, errorNum: 10, message: 'Cannot set rights for system collections' },
      { id: 'grant-7 collection of *', url: '*/products', body: { grant: 'rw' }, status: 400, errorNum: 10, message: 'Invalid database / collection pair' },
    ];
    for (const c of GRANT_ERRORS) {
      it(`${c.id}: ${c.status}/${c.errorNum}`, async () => {
        assert.deepEqual(await call('PUT', `/_api/user/gina/database/${c.url}`, c.body), { status: c.status, body: err(c.status, c.errorNum, c.message) });
      });
    }

    it('answers 404/1703 for grants of an unknown user, and 0 levels for it', async () => {
      assert.deepEqual(await call('PUT', '/_api/user/nobody/database/shop', { grant: 'rw' }), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('DELETE', '/_api/user/nobody/database/shop'), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('GET', '/_api/user/nobody/database'), { status: 404, body: err(404, 1703, 'user not found') });
      assert.deepEqual(await call('GET', '/_api/user/nobody/database/shop'), { status: 200, body: { error: false, code: 200, result: 'none' } });
      assert.deepEqual(await call('GET', '/_api/user/gina/database/shop/orders/x'), { status: 400, body: err(400, 10, 'bad parameter') });
    });

    it("keeps the web interface's settings under config", async () => {
      assert.deepEqual(await call('GET', '/_api/user/gina/config'), { status: 200, body: { error: false, code: 200, result: null } });
      assert.deepEqual(await call('PUT', '/_api/user/gina/config/graphs', { value: { a: 1 } }), { status: 200, body: undefined });
      await call('PUT', '/_api/user/gina/config/queries', { value: [] });
      assert.deepEqual((await call('GET', '/_api/user/gina/config')).body.result, { graphs: { a: 1 }, queries: [] });
      assert.deepEqual((await call('GET', '/_api/user/gina/config/graphs')).body.result, { a: 1 });
      assert.deepEqual(await call('DELETE', '/_api/user/gina/config/graphs'), { status: 200, body: undefined });
      assert.deepEqual((await call('GET', '/_api/user/gina/config')).body.result, { queries: [] });
      await call('DELETE', '/_api/user/gina/config');
      assert.deepEqual((await call('GET', '/_api/user/gina/config')).body.result, null);
    });
  });
});

describe('logging in', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  before(async () => {
    s = await open(['--root-password', 'secret'], { clock });
    const root = basic('root', 'secret');
    await s.request({ method: 'POST', url: '/_api/user', body: { user: 'hank', passwd: 'pw' }, auth: root });
    await s.request({ method: 'PUT', url: '/_api/user/hank/database/_system', body: { grant: 'ro' }, auth: root });
    await s.request({ method: 'POST', url: '/_api/user', body: { user: 'ivy', passwd: 'pw', active: false }, auth: root });
    await s.request({ method: 'PUT', url: '/_api/user/ivy/database/_system', body: { grant: 'ro' }, auth: root });
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, auth: string | null, body?: unknown) {
    const res = await s.request({ method, url, body, auth });
    return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res), headers: res.headers };
  }
  const version = (auth: string | null) => call('GET', '/_api/version', auth);

  it('accepts Basic credentials of an active user, in any case of the scheme', async () => {
    assert.equal((await version(basic('hank', 'pw'))).status, 200);
    assert.equal((await version('BASIC ' + basic('hank', 'pw').slice(6))).status, 200);
  });

  it('answers a wrong password, an unknown or inactive user and a malformed header with 401/11', async () => {
    for (const auth of [basic('hank', 'PW'), basic('nobody', 'pw'), basic('ivy', 'pw'), 'Basic ' + Buffer.from('hank').toString('base64'), 'Digest x', 'Bearer']) {
      const r = await version(auth);
      assert.deepEqual({ status: r.status, body: r.body }, { status: 401, body: unauthorized }, auth);
      assert.deepEqual(r.headers['www-authenticate'], ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"']);
    }
  });

  it("issues a JWT as ArangoDB does: HS256, iss arangodb, the user's name, iat and exp an hour later", async () => {
    const r = await call('POST', '/_open/auth', null, { username: 'hank', password: 'pw' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['jwt']);
    const [h, b, sig] = (r.body.jwt as string).split('.');
    assert.deepEqual(decode(h!), { alg: 'HS256', typ: 'JWT' });
    const now = Math.floor(clock.now() / 1000);
    assert.deepEqual(decode(b!), { preferred_username: 'hank', iss: 'arangodb', iat: now, exp: now + 3600 });
    assert.match(sig!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await version(bearer(r.body.jwt))).status, 200);
    assert.equal((await version('Bearer ' + r.body.jwt)).status, 200);
  });

  const LOGIN_ERRORS = [
    { id: 'login-1 wrong password', body: { username: 'hank', password: 'x' }, status: 401, errorNum: 401, message: 'Wrong credentials' },
    { id: 'login-2 unknown user', body: { username: 'nobody', password: 'pw' }, status: 401, errorNum: 401, message: 'Wrong credentials' },
    { id: 'login-3 inactive user', body: { username: 'ivy', password: 'pw' }, status: 401, errorNum: 401, message: 'Wrong credentials' },
    { id: 'login-4 no password', body: { username: 'hank' }, status: 400, errorNum: 400, message: 'invalid JSON' },
    { id: 'login-5 not an object', body: ['hank', 'pw'], status: 400, errorNum: 400, message: 'invalid JSON' },
  ];
  for (const c of LOGIN_ERRORS) {
    it(`${c.id}: ${c.status}/${c.errorNum}`, async () => {
      const r = await call('POST', '/_open/auth', null, c.body);
      assert.deepEqual({ status: r.status, body: r.body }, { status: c.status, body: err(c.status, c.errorNum, c.message) });
    });
  }

  it('serves /_open/auth to POST only (405), without credentials; root logs in with --root-password', async () => {
    assert.deepEqual((await call('GET', '/_open/auth', null)).body, err(405, 405, 'method not supported'));
    const r = await call('POST', '/_open/auth', basic('root', 'wrong'), { username: 'root', password: 'secret' });
    assert.equal(r.status, 200);
    assert.equal((await version(bearer(r.body.jwt))).status, 200);
  });

  it('refuses expired, tampered, foreign and malformed tokens with 401/11', async () => {
    const jwt = (await call('POST', '/_open/auth', null, { username: 'hank', password: 'pw' })).body.jwt as string;
    const [h, b, sig] = jwt.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...decode(b), preferred_username: 'root' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [`${h}.${forged}.${sig}`, `${none}.${b}.`, `${h}.${b}`, `${h}.${b}.${sig.slice(0, -2)}AA`, 'abc', '']) {
      assert.deepEqual((await version(bearer(token))).body, unauthorized, token);
    }
    assert.equal((await version(bearer(jwt))).status, 200);
    clock.advance(3600 * 1000);
    assert.deepEqual((await version(bearer(jwt))).body, unauthorized, 'expired');
  });

  it('renews a token for whoever is logged in; 401 for nobody', async () => {
    const jwt = (await call('POST', '/_open/auth', null, { username: 'hank', password: 'pw' })).body.jwt as string;
    clock.advance(60 * 1000);
    const r = await call('POST', '/_open/auth/renew', bearer(jwt));
    assert.equal(r.status, 200);
    assert.equal(decode(r.body.jwt.split('.')[1]).iat, Math.floor(clock.now() / 1000));
    assert.deepEqual((await call('POST', '/_open/auth/renew', null)).body, err(401, 401, 'Wrong credentials'));
  });

  it('forgets cached credentials when a password changes, a user is deactivated or removed', async () => {
    const root = basic('root', 'secret');
    await call('POST', '/_api/user', root, { user: 'jack', passwd: 'old' });
    await call('PUT', '/_api/user/jack/database/_system', root, { grant: 'ro' });
    const old = basic('jack', 'old');
    assert.equal((await version(old)).status, 200);
    assert.equal((await version(old)).status, 200, 'now from the cache');
    const jwt = (await call('POST', '/_open/auth', null, { username: 'jack', password: 'old' })).body.jwt as string;
    assert.equal((await version(bearer(jwt))).status, 200);
    // the user changes its own password
    assert.equal((await call('PATCH', '/_api/user/jack', old, { passwd: 'new' })).status, 200);
    assert.equal((await version(old)).status, 401);
    assert.equal((await version(basic('jack', 'new'))).status, 200);
    assert.equal((await version(bearer(jwt))).status, 200, 'a token stays valid over a password change, as in ArangoDB');
    await call('PATCH', '/_api/user/jack', root, { active: false });
    assert.equal((await version(basic('jack', 'new'))).status, 401);
    assert.equal((await version(bearer(jwt))).status, 401, "an inactive user's token is refused");
    await call('PATCH', '/_api/user/jack', root, { active: true });
    assert.equal((await version(basic('jack', 'new'))).status, 200);
    await call('DELETE', '/_api/user/jack', root);
    assert.equal((await version(basic('jack', 'new'))).status, 401);
    assert.equal((await version(bearer(jwt))).status, 401, "a removed user's token is refused");
  });

  it('forgets credentials changed behind its back (a write to _users with --auth false is seen at once)', async () => {
    const root = basic('root', 'secret');
    await call('POST', '/_api/user', root, { user: 'kate', passwd: 'pw' });
    await call('PUT', '/_api/user/kate/database/_system', root, { grant: 'ro' });
    assert.equal((await version(basic('kate', 'pw'))).status, 200);
    const storage = s.server.storage;
    const doc = [...storage.documents.scan(storage.catalog.requireCollection('_system', '_users'))].find((d) => d.user === 'kate')!;
    await storage.documents.apply('_system', '_users', 'remove', [{ key: doc._key as string }], {});
    assert.equal((await version(basic('kate', 'pw'))).status, 401);
  });

  it(`remembers at most ${MAX_ACCEPTED} headers`, async () => {
    const credentials = s.server.services.credentials;
    for (let i = 0; i < MAX_ACCEPTED + 10; i++) {
      clock.advance(1000); // a new iat: another token
      const jwt = s.server.services.credentials.issue('hank');
      assert.equal(credentials.authenticate(bearer(jwt)), 'hank');
    }
    assert.equal(credentials.size, MAX_ACCEPTED);
  });
});

describe('session timeout and authentication off', () => {
  it('issues tokens valid for --session-timeout seconds, or without exp when off', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    for (const [flag, exp] of [
      ['10', 10],
      ['1h', 3600],
      ['off', undefined],
    ] as const) {
      const s = await open(['--session-timeout', flag], { clock });
      try {
        const r = await s.request({ method: 'POST', url: '/_open/auth', body: { username: 'root', password: '' }, auth: null });
        const claims = decode(bodyOf(r).jwt.split('.')[1]);
        assert.equal(claims.exp === undefined ? undefined : (claims.exp as number) - (claims.iat as number), exp, flag);
      } finally {
        await s.close();
      }
    }
  });

  it('has no /_open/auth with --auth false (404, as ArangoDB) and lets everyone do everything', async () => {
    const s = await open(['--auth', 'false']);
    try {
      const r = await s.request({ method: 'POST', url: '/_open/auth', body: { username: 'root', password: '' }, auth: null });
      assert.equal(r.statusCode, 404);
      assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'luke' }, auth: null })).statusCode, 201);
      assert.equal((await s.request({ method: 'GET', url: '/_api/user', auth: null })).statusCode, 200);
      assert.equal((await s.request({ method: 'GET', url: '/_api/collection/_users', auth: null })).statusCode, 200, 'even _users');
    } finally {
      await s.close();
    }
  });
});

describe('users across a restart', () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps users, passwords, grants and the token secret', async () => {
    let s = await open([], { dir });
    await s.request({ method: 'POST', url: '/_api/user', body: { user: 'mia', passwd: 'pw', extra: { x: 1 } } });
    await s.request({ method: 'PUT', url: '/_api/user/mia/database/_system', body: { grant: 'rw' } });
    const jwt = bodyOf(await s.request({ method: 'POST', url: '/_open/auth', body: { username: 'mia', password: 'pw' }, auth: null })).jwt as string;
    await s.close();
    s = await open([], { dir });
    try {
      assert.deepEqual(bodyOf(await s.request({ method: 'GET', url: '/_api/user/mia' })), { user: 'mia', active: true, extra: { x: 1 }, error: false, code: 200 });
      assert.equal((await s.request({ method: 'GET', url: '/_api/user', auth: basic('mia', 'pw') })).statusCode, 200, 'an admin now');
      assert.equal((await s.request({ method: 'GET', url: '/_api/version', auth: bearer(jwt) })).statusCode, 200);
    } finally {
      await s.close();
    }
  });
});
