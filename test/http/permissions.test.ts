// Permissions enforced as ArangoDB 3.12 enforces them: database access per request (401),
// collection access where documents, imports, AQL queries (plans, DOCUMENT(), the query
// results cache), stream and JavaScript transactions and collection and index DDL touch a
// collection (403/11 forbidden, 403/1004 read only), server actions (users, databases)
// for admins only, grants that follow creations and drops, and jobs replayed with their
// user's permissions as of the replay.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const basic = (user: string, pw = 'pw'): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const unauthorized = err(401, 11, 'not authorized to execute this request');
const forbidden = (c: string, mode = 'read') => err(403, 11, `forbidden: ${c} [${mode}]`);
const readOnly = (c: string, mode = 'write') => err(403, 1004, `read only: ${c} [${mode}]`);

/**
 * The users of these tests:
 *   reader    ro on shop
 *   writer    rw on shop
 *   partial   ro on shop, rw on shop/products, none on shop/orders, ro on _system
 *   outsider  nothing
 *   sysro     ro on _system, none on shop (a _system grant counts for other databases)
 *   admin     rw on _system (an admin; rw on every database without its own grant)
 */
const GRANTS: [string, string, string][] = [
  ['reader', 'shop', 'ro'],
  ['writer', 'shop', 'rw'],
  ['partial', 'shop', 'ro'],
  ['partial', 'shop/products', 'rw'],
  ['partial', 'shop/orders', 'none'],
  ['partial', '_system', 'ro'],
  ['sysro', '_system', 'ro'],
  ['sysro', 'shop', 'none'],
  ['admin', '_system', 'rw'],
];

describe('permissions', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer([], { startJobs: false });
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    await root('POST', '/_api/database', { name: 'shop' });
    for (const c of ['products', 'orders']) await root('POST', '/_db/shop/_api/collection', { name: c });
    await root('POST', '/_db/shop/_api/collection', { name: 'links', type: 3 });
    await root('POST', '/_db/shop/_api/document/products', [{ _key: 'p1', price: 3 }, { _key: 'p2', price: 5 }]);
    await root('POST', '/_db/shop/_api/document/orders', { _key: 'o1', product: 'p1' });
    for (const u of ['reader', 'writer', 'partial', 'outsider', 'sysro', 'admin']) await root('POST', '/_api/user', { user: u, passwd: 'pw' });
    for (const [u, target, grant] of GRANTS) assert.equal((await root('PUT', `/_api/user/${u}/database/${target}`, { grant })).status, 200);
  });
  after(async () => {
    await s.close();
  });

  async function as(user: string | null, method: string, url: string, body?: unknown, headers?: Record<string, string>, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody, headers, auth: user === null ? null : user === 'root' ? undefined : basic(user) });
    return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res), headers: res.headers };
  }
  const root = (method: string, url: string, body?: unknown) => as('root', method, url, body);
  const sb = async (p: Promise<{ status: number; body: any }>): Promise<{ status: number; body: any }> => {
    const r = await p;
    return { status: r.status, body: r.body };
  };

  describe('database access', () => {
    it('answers a user without access to the database 401/11, as to nobody', async () => {
      for (const [user, url] of [
        ['outsider', '/_db/shop/_api/version'],
        ['outsider', '/_api/version'],
        ['reader', '/_api/version'],
        ['sysro', '/_db/shop/_api/collection'],
      ] as const) {
        assert.deepEqual(await sb(as(user, 'GET', url)), { status: 401, body: unauthorized }, `${user} ${url}`);
      }
      assert.equal((await as('reader', 'GET', '/_db/shop/_api/version')).status, 200);
      assert.equal((await as('admin', 'GET', '/_db/shop/_api/version')).status, 200, 'rw on _system counts for every database');
    });

    it('does not reveal a database name: 401 for an unknown one unless the user could use it (then 404/1228)', async () => {
      assert.deepEqual(await sb(as('reader', 'GET', '/_db/nosuch/_api/version')), { status: 401, body: unauthorized });
      assert.deepEqual(await sb(as(null, 'GET', '/_db/nosuch/_api/version')), { status: 401, body: unauthorized });
      assert.deepEqual(await sb(as('admin', 'GET', '/_db/nosuch/_api/version')), { status: 404, body: err(404, 1228, 'database not found') });
    });

    it('still lets a user without access read and change itself under /_api/user/ (not the list)', async () => {
      assert.deepEqual(await sb(as('outsider', 'GET', '/_api/user/outsider')), { status: 200, body: { user: 'outsider', active: true, extra: {}, error: false, code: 200 } });
      assert.deepEqual(await sb(as('outsider', 'GET', '/_api/user/outsider/database')), { status: 200, body: { error: false, code: 200, result: {} } });
      assert.deepEqual(await sb(as('outsider', 'GET', '/_api/user')), { status: 401, body: unauthorized });
      assert.deepEqual(await sb(as(null, 'GET', '/_api/user/outsider')), { status: 401, body: unauthorized }, 'not without credentials');
    });

    it('lists the databases a user may use (GET /_api/database/user)', async () => {
      assert.deepEqual((await as('reader', 'GET', '/_db/shop/_api/database/user')).body, { error: false, code: 200, result: ['shop'] });
      assert.deepEqual((await as('sysro', 'GET', '/_api/database/user')).body.result, ['_system']);
      assert.deepEqual((await as('admin', 'GET', '/_api/database/user')).body.result, ['_system', 'shop']);
      assert.deepEqual((await as('sysro', 'GET', '/_api/database')).body.result, ['_system', 'shop'], 'all of them: any user of _system');
    });
  });

  describe('the user API for users other than admins', () => {
    it('reads only itself (403/403 otherwise) and changes only itself (403/11)', async () => {
      assert.deepEqual(await sb(as('reader', 'GET', '/_db/shop/_api/user/admin')), { status: 403, body: err(403, 403, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'GET', '/_db/shop/_api/user')), { status: 403, body: err(403, 403, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'GET', '/_db/shop/_api/user/admin/database')), { status: 403, body: err(403, 403, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/user', { user: 'x' })), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'PATCH', '/_db/shop/_api/user/writer', { passwd: 'x' })), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'PUT', '/_db/shop/_api/user/writer', {})), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'DELETE', '/_db/shop/_api/user/writer')), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'PUT', '/_db/shop/_api/user/reader/database/shop', { grant: 'rw' })), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('reader', 'DELETE', '/_db/shop/_api/user/reader/database/shop')), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual((await as('reader', 'GET', '/_db/shop/_api/user/reader/database/shop/products')).body.result, 'ro');
      assert.equal((await as('reader', 'PATCH', '/_db/shop/_api/user/reader', { extra: { theme: 'dark' } })).status, 200);
    });

    it('rereads the users on /_admin/auth/reload for admins only (403/403 otherwise)', async () => {
      assert.deepEqual(await sb(as('admin', 'GET', '/_admin/auth/reload')), { status: 200, body: { error: false, code: 200 } });
      assert.deepEqual(await sb(as('sysro', 'GET', '/_admin/auth/reload')), { status: 403, body: err(403, 403, 'forbidden') });
    });

    it('lets an admin manage users', async () => {
      assert.equal((await as('admin', 'POST', '/_api/user', { user: 'temp' })).status, 201);
      assert.equal((await as('admin', 'GET', '/_api/user')).status, 200);
      assert.deepEqual(await sb(as('admin', 'DELETE', '/_api/user/temp')), { status: 202, body: { error: false, code: 202 } });
    });
  });

  describe('documents', () => {
    it('reads with ro and refuses writes 403/1004 read only', async () => {
      assert.equal((await as('reader', 'GET', '/_db/shop/_api/document/products/p1')).status, 200);
      assert.equal((await as('reader', 'HEAD', '/_db/shop/_api/document/products/p1')).status, 200);
      assert.equal((await as('reader', 'PUT', '/_db/shop/_api/document/products?onlyget=true', ['p1', 'p2'])).status, 200);
      const writes: [string, string, unknown][] = [
        ['POST', '/_db/shop/_api/document/products', { _key: 'x' }],
        ['PUT', '/_db/shop/_api/document/products/p1', { price: 1 }],
        ['PATCH', '/_db/shop/_api/document/products/p1', { price: 1 }],
        ['DELETE', '/_db/shop/_api/document/products/p1', undefined],
        ['PATCH', '/_db/shop/_api/document/products', [{ _key: 'p1', price: 1 }]],
        ['DELETE', '/_db/shop/_api/document/products', ['p1']],
      ];
      for (const [method, url, body] of writes) assert.deepEqual(await sb(as('reader', method, url, body)), { status: 403, body: readOnly('products') }, `${method} ${url}`);
      assert.equal((await as('root', 'GET', '/_db/shop/_api/document/products/p1')).body.price, 3, 'nothing written');
    });

    it('answers a collection without access 403/11 forbidden, after 404 for an unknown one', async () => {
      assert.deepEqual(await sb(as('partial', 'GET', '/_db/shop/_api/document/orders/o1')), { status: 403, body: forbidden('orders') });
      assert.deepEqual(await sb(as('partial', 'POST', '/_db/shop/_api/document/orders', {})), { status: 403, body: forbidden('orders', 'write') });
      assert.deepEqual(await sb(as('partial', 'GET', '/_db/shop/_api/document/nosuch/x')), { status: 404, body: err(404, 1203, 'collection or view not found: nosuch') });
      assert.equal((await as('partial', 'POST', '/_db/shop/_api/document/products', { _key: 'p3' })).status, 202, 'its own rw grant');
      assert.equal((await as('writer', 'POST', '/_db/shop/_api/document/orders', { _key: 'o2' })).status, 202);
      assert.equal((await as('writer', 'GET', '/_db/shop/_api/edges/links?vertex=products/p1')).status, 200);
      assert.deepEqual(await sb(as('sysro', 'POST', '/_api/document/_graphs', {})), { status: 403, body: readOnly('_graphs') }, 'system collections follow the database');
    });

    it('lets nobody read _users through the document API, root neither', async () => {
      assert.deepEqual(await sb(as('root', 'POST', '/_api/document/_users', { user: 'sneaky' })), { status: 403, body: forbidden('_users', 'write') });
      assert.deepEqual(await sb(as('admin', 'GET', '/_api/document/_users/x')), { status: 403, body: forbidden('_users') });
    });
  });

  describe('AQL', () => {
    const query = (user: string, q: string, extra: Record<string, unknown> = {}) => sb(as(user, 'POST', '/_db/shop/_api/cursor', { query: q, ...extra }));

    it('runs reads of collections the user may read', async () => {
      assert.deepEqual((await query('reader', 'FOR p IN products SORT p._key RETURN p._key')).body.result, ['p1', 'p2', 'p3']);
    });

    it('refuses a plan that writes a read-only collection or reads a forbidden one, in collection name order', async () => {
      assert.deepEqual(await query('reader', 'INSERT {} INTO products'), { status: 403, body: err(403, 1004, 'AQL: read only: products [write] (while parsing)') });
      assert.deepEqual(await query('partial', 'FOR o IN orders RETURN o'), { status: 403, body: err(403, 11, 'AQL: forbidden: orders [read] (while parsing)') });
      assert.deepEqual(await query('reader', 'FOR p IN products INSERT p INTO orders'), { status: 403, body: err(403, 1004, 'AQL: read only: orders [write] (while parsing)') });
      assert.deepEqual(await query('partial', 'FOR p IN products FOR o IN orders RETURN 1'), { status: 403, body: err(403, 11, 'AQL: forbidden: orders [read] (while parsing)') });
      assert.equal((await query('partial', 'FOR p IN products UPDATE p WITH {seen: true} IN products')).status, 201);
    });

    it('refuses DOCUMENT() of a forbidden collection and leaves it out of COLLECTIONS()', async () => {
      assert.deepEqual(await query('partial', 'RETURN DOCUMENT("orders/o1")'), { status: 403, body: err(403, 11, 'AQL: forbidden: orders [read] (while executing)') });
      const names = (await query('partial', 'FOR c IN COLLECTIONS() FILTER !STARTS_WITH(c.name, "_") SORT c.name RETURN c.name')).body.result;
      assert.deepEqual(names, ['links', 'products']);
      assert.deepEqual((await query('reader', 'RETURN DOCUMENT("orders/o1")._key')).body.result, ['o1']);
    });

    it('explains with the same checks (while optimizing ast)', async () => {
      assert.deepEqual(await sb(as('partial', 'POST', '/_db/shop/_api/explain', { query: 'FOR o IN orders RETURN o' })), { status: 403, body: err(403, 11, 'forbidden: orders [read] (while optimizing ast)') });
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/explain', { query: 'INSERT {} INTO products' })), { status: 403, body: err(403, 1004, 'read only: products [write] (while optimizing ast)') });
      assert.equal((await as('reader', 'POST', '/_db/shop/_api/explain', { query: 'FOR p IN products RETURN p' })).status, 200);
    });

    it("serves no cached result of a collection the user may not read (ArangoDB's cache entry permission check)", async () => {
      await root('PUT', '/_api/query-cache/properties', { mode: 'on' });
      try {
        const q = 'FOR o IN orders SORT o._key RETURN o._key';
        await as('root', 'POST', '/_db/shop/_api/cursor', { query: q });
        assert.equal((await as('root', 'POST', '/_db/shop/_api/cursor', { query: q })).body.cached, true);
        assert.deepEqual(await query('partial', q), { status: 403, body: err(403, 11, 'AQL: forbidden: orders [read] (while parsing)') });
        assert.equal((await query('reader', q)).body.cached, true);
      } finally {
        await root('PUT', '/_api/query-cache/properties', { mode: 'off' });
      }
    });
  });

  describe('imports', () => {
    it('needs write access to the collection, which must exist', async () => {
      const body = '{"_key":"i1"}\n';
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/import?collection=products&type=documents', undefined, undefined, body)), { status: 403, body: readOnly('products') });
      assert.deepEqual(await sb(as('partial', 'POST', '/_db/shop/_api/import?collection=orders&type=documents', undefined, undefined, body)), { status: 403, body: forbidden('orders', 'write') });
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/import?collection=fresh&type=documents&createCollection=true', undefined, undefined, body)), {
        status: 404,
        body: err(404, 1203, 'collection or view not found: fresh'),
      });
      assert.equal((await as('partial', 'POST', '/_db/shop/_api/import?collection=products&type=documents', undefined, undefined, body)).body.created, 1);
    });
  });

  describe('collection and index DDL', () => {
    it('lists only the collections a user may read', async () => {
      const names = async (user: string) => (await as(user, 'GET', '/_db/shop/_api/collection?excludeSystem=true')).body.result.map((c: { name: string }) => c.name);
      assert.deepEqual(await names('reader'), ['products', 'orders', 'links']);
      assert.deepEqual(await names('partial'), ['products', 'links']);
      const system = (await as('root', 'GET', '/_api/collection')).body.result.map((c: { name: string }) => c.name);
      assert.ok(!system.includes('_users'), 'not even root sees _users');
    });

    it("answers a collection without read access 403/11 No access to collection '<name>'", async () => {
      assert.deepEqual(await sb(as('partial', 'GET', '/_db/shop/_api/collection/orders')), { status: 403, body: err(403, 11, "No access to collection 'orders'") });
      assert.deepEqual(await sb(as('partial', 'GET', '/_db/shop/_api/collection/orders/count')), { status: 403, body: err(403, 11, "No access to collection 'orders'") });
      assert.equal((await as('reader', 'GET', '/_db/shop/_api/collection/orders/properties')).status, 200);
    });

    it('refuses changes as ArangoDB does', async () => {
      const cases: [string, string, string, unknown, object][] = [
        ['reader', 'POST', '/_db/shop/_api/collection', { name: 'mine' }, err(403, 11, 'cannot create collection in shop: forbidden')],
        ['reader', 'PUT', '/_db/shop/_api/collection/products/truncate', {}, readOnly('products')],
        ['reader', 'PUT', '/_db/shop/_api/collection/products/properties', { waitForSync: true }, err(403, 11, 'forbidden')],
        ['reader', 'PUT', '/_db/shop/_api/collection/products/rename', { name: 'goods' }, err(403, 11, 'forbidden')],
        ['reader', 'DELETE', '/_db/shop/_api/collection/products', undefined, err(403, 11, 'Insufficient rights to drop collection products')],
        ['partial', 'PUT', '/_db/shop/_api/collection/products/rename', { name: 'goods' }, err(403, 11, 'forbidden')],
        ['reader', 'POST', '/_db/shop/_api/index?collection=products', { type: 'persistent', fields: ['price'] }, err(403, 11, 'forbidden')],
        ['partial', 'GET', '/_db/shop/_api/index?collection=orders', undefined, forbidden('orders')],
      ];
      for (const [user, method, url, body, expected] of cases) assert.deepEqual(await sb(as(user, method, url, body)), { status: 403, body: expected }, `${user} ${method} ${url}`);
      assert.equal((await as('reader', 'GET', '/_db/shop/_api/index?collection=products')).status, 200);
      assert.equal((await as('partial', 'PUT', '/_db/shop/_api/collection/products/truncate', {})).status, 200, 'truncate needs write access to the collection only');
    });

    it('gives the creator of a collection rw on it; a drop takes every grant of it along', async () => {
      const created = await as('writer', 'POST', '/_db/shop/_api/collection', { name: 'drafts' });
      assert.equal(created.status, 200);
      const full = async (user: string) => (await as('root', 'GET', `/_api/user/${user}/database?full=true`)).body.result.shop.collections;
      assert.equal((await full('writer')).drafts, 'rw');
      assert.equal((await as('root', 'PUT', '/_api/user/reader/database/shop/drafts', { grant: 'rw' })).status, 200);
      assert.equal((await as('writer', 'POST', '/_db/shop/_api/index?collection=drafts', { type: 'persistent', fields: ['x'] })).status, 201);
      assert.deepEqual((await as('writer', 'DELETE', '/_db/shop/_api/collection/drafts')).status, 200);
      await as('root', 'POST', '/_db/shop/_api/collection', { name: 'drafts' });
      assert.equal((await full('writer')).drafts, 'undefined');
      assert.equal((await full('reader')).drafts, 'undefined');
      await as('root', 'DELETE', '/_db/shop/_api/collection/drafts');
    });
  });

  describe('databases', () => {
    it('creates and drops databases for admins only (403/11)', async () => {
      assert.deepEqual(await sb(as('sysro', 'POST', '/_api/database', { name: 'nope' })), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('sysro', 'DELETE', '/_api/database/shop')), { status: 403, body: err(403, 11, 'forbidden') });
      assert.deepEqual(await sb(as('sysro', 'POST', '/_api/database', { name: 12 })), { status: 400, body: err(400, 1208, 'illegal name: database name invalid') }, 'the name is read first');
    });

    it("gives the creator and the creation's users rw on the new database; a drop removes those grants", async () => {
      assert.equal((await as('admin', 'POST', '/_api/database', { name: 'fresh', users: [{ username: 'newbie', passwd: 'pw' }, { username: 'reader' }] })).status, 201);
      const full = async (user: string) => (await as('root', 'GET', `/_api/user/${user}/database?full=true`)).body.result;
      for (const u of ['admin', 'newbie', 'reader']) {
        const f = await full(u);
        assert.equal(f.fresh.permission, 'rw', u);
        assert.equal(f.fresh.collections['*'], 'rw', u);
      }
      assert.equal((await as('newbie', 'GET', '/_db/fresh/_api/version')).status, 200, 'newbie was created with its password');
      assert.equal((await as('admin', 'DELETE', '/_api/database/fresh')).status, 200);
      assert.equal((await as('root', 'POST', '/_api/database', { name: 'fresh' })).status, 201);
      for (const u of ['admin', 'newbie', 'reader']) assert.equal((await full(u)).fresh.permission, 'undefined', u);
      await root('DELETE', '/_api/database/fresh');
      await root('DELETE', '/_api/user/newbie');
    });
  });

  describe('transactions', () => {
    it('checks the declared collections of a stream transaction at its begin', async () => {
      const begin = (user: string, collections: unknown) => sb(as(user, 'POST', '/_db/shop/_api/transaction/begin', { collections }));
      assert.deepEqual(await begin('reader', { write: ['products'] }), { status: 403, body: readOnly('products') });
      assert.deepEqual(await begin('reader', { exclusive: 'products' }), { status: 403, body: readOnly('products', 'exclusive') });
      assert.deepEqual(await begin('partial', { read: ['products', 'orders'] }), { status: 403, body: forbidden('orders') });
      const ok = await as('reader', 'POST', '/_db/shop/_api/transaction/begin', { collections: { read: ['products'] } });
      assert.equal(ok.status, 201);
      await as('reader', 'DELETE', `/_db/shop/_api/transaction/${ok.body.result.id}`);
    });

    it('checks a JavaScript transaction the same way, and its operations as its user', async () => {
      const action = 'function () { return require("@arangodb").db.orders.count(); }';
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/transaction', { collections: { write: 'products' }, action })), { status: 403, body: readOnly('products') });
      const r = await as('partial', 'POST', '/_db/shop/_api/transaction', { collections: { read: 'products' }, action });
      assert.equal(r.body.errorNum, 11, JSON.stringify(r.body));
    });

    it('lets registering a user-defined function need write access to _aqlfunctions', async () => {
      assert.deepEqual(await sb(as('reader', 'POST', '/_db/shop/_api/aqlfunction', { name: 'my::f', code: 'function () { return 1; }' })), { status: 403, body: readOnly('_aqlfunctions') });
    });
  });

  describe('jobs', () => {
    it("replays a stored request with its user's permissions as of the replay", async () => {
      const submit = await as('writer', 'POST', '/_db/shop/_api/document/products', { _key: 'late' }, { 'x-arango-async': 'store' });
      assert.equal(submit.status, 202);
      const id = submit.headers['x-arango-async-id'] as string;
      await root('PUT', '/_api/user/writer/database/shop', { grant: 'ro' });
      try {
        s.server.startJobs();
        assert.equal((await as('writer', 'GET', `/_db/shop/_api/job/${id}?waitTime=10`)).status, 200);
        assert.deepEqual(await sb(as('writer', 'PUT', `/_db/shop/_api/job/${id}`)), { status: 403, body: readOnly('products') });
      } finally {
        await root('PUT', '/_api/user/writer/database/shop', { grant: 'rw' });
      }
      assert.deepEqual(await sb(as('outsider', 'GET', '/_db/shop/_api/version', undefined, { 'x-arango-async': 'store' })), { status: 401, body: unauthorized }, 'nothing is queued');
    });

    it("runs an AQL task as its user: a task reading a forbidden collection fails with ArangoDB's error", async () => {
      const created = await as('partial', 'POST', '/graphspaces/DEFAULT/graphs/shop/jobs/aql', { query: 'FOR o IN orders RETURN o' });
      assert.equal(created.status, 201);
      const task = await as('partial', 'GET', `/graphspaces/DEFAULT/graphs/shop/tasks/${created.body.task_id}?waitTime=10`);
      assert.equal(task.body.task_status, 'failed');
      assert.match(JSON.stringify(task.body.task_result), /AQL: forbidden: orders \[read\] \(while parsing\)/);
      assert.equal((await as('outsider', 'GET', '/graphs/shop/tasks')).status, 401);
      assert.equal((await as('sysro', 'GET', '/graphs/shop/tasks')).status, 404, 'a graph the user may not use does not exist for it');
    });
  });
});
