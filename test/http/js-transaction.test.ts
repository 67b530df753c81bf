// JavaScript transactions over HTTP (POST /_api/transaction with an action; the worker, its sandbox and http/js-exec.ts): ArangoDB's
// documented examples and answers, errors thrown by the action as executeTransactionJS
// reports them, the body's checks word for word, atomicity (all or nothing), isolation
// while the action runs, cancellation of a running action (a wait loop and a busy loop)
// through the job API, and the client arangojs.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('JavaScript transactions', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer([], { startJobs: true });
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await s.request({ method, url, body, headers });
    return { status: res.statusCode, headers: res.headers, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const trx = (body: unknown) => call('POST', '/_api/transaction', body);
  const keys = async (name: string) => (await call('POST', '/_api/cursor', { query: `FOR d IN ${name} SORT d._key RETURN d._key` })).body.result;
  const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

  beforeEach(async () => {
    for (const name of ['products', 'materials']) {
      await call('DELETE', `/_api/collection/${name}`);
      await call('POST', '/_api/collection', { name });
    }
  });

  it('runs ArangoDB\'s examples: one collection, several, and returns the action\'s value', async () => {
    const single = await trx({
      collections: { write: 'products' },
      action: "function () { var db = require('@arangodb').db; db.products.save({});  return db.products.count(); }",
    });
    assert.equal(single.status, 200);
    assert.deepEqual(single.body, { code: 200, error: false, result: 1 });
    const multi = await trx({
      collections: { write: ['products', 'materials'] },
      action: "function () {var db = require('@arangodb').db;db.products.save({});db.materials.save({});return 'worked!';}",
    });
    assert.deepEqual(multi.body, { code: 200, error: false, result: 'worked!' });
    assert.equal((await keys('products')).length, 2);
    assert.equal((await keys('materials')).length, 1);
    // no return value: null; params reach the action
    assert.deepEqual((await trx({ collections: {}, action: 'function () {}' })).body, { code: 200, error: false, result: null });
    assert.deepEqual((await trx({ collections: {}, action: 'function (p) { return [p.a, typeof p]; }', params: { a: [1, 'x'] } })).body.result, [[1, 'x'], 'object']);
    assert.deepEqual((await trx({ collections: {}, action: 'function (p) { return p === undefined; }' })).body.result, true);
  });

  it('rolls everything back when the action fails, and reports the failure as ArangoDB does', async () => {
    const dup = await trx({
      collections: { write: 'products' },
      action: "function () {var db = require('@arangodb').db;db.products.save({ _key: 'abc'});db.products.save({ _key: 'abc'});}",
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errorNum, 1210);
    assert.match(dup.body.errorMessage, /^unique constraint violated/);
    assert.deepEqual(await keys('products'), [], 'the first save was rolled back');

    const thrown = async (what: string) => (await trx({ collections: { write: 'products' }, action: `function () { require('@arangodb').db.products.save({ _key: 'gone' }); ${what} }` })).body;
    assert.deepEqual(await thrown("throw 'doh!';"), err(500, 1650, 'doh!'));
    assert.deepEqual(await thrown("throw new Error('boom');"), err(500, 1650, 'Error: boom'));
    assert.deepEqual(await thrown("throw new RangeError('far');"), err(500, 1650, 'RangeError: far'));
    assert.deepEqual(await thrown('null.x;'), err(400, 17, "Cannot read properties of null (reading 'x')"));
    assert.deepEqual(await thrown('throw 42;'), err(500, 1650, '42'));
    assert.deepEqual(await thrown('throw {};'), err(500, 1650, 'an unknown error occured while executing the transaction'));
    assert.deepEqual(await thrown("throw { errorNum: 1202, errorMessage: 'mine' };"), err(404, 1202, 'mine'));
    assert.deepEqual(await thrown("throw { errorNum: 99999, message: 'odd' };"), err(500, 99999, 'odd'));
    // an error of a database operation, caught and rethrown, keeps its number
    assert.deepEqual(
      await thrown("try { require('@arangodb').db.products.document('nope'); } catch (e) { if (!(e instanceof require('@arangodb').ArangoError) || !(e instanceof Error)) throw 'not an ArangoError'; throw e; }"),
      err(404, 1202, 'document not found'),
    );
    assert.deepEqual(await thrown("require('fs');"), err(500, 1650, "Error: cannot locate module 'fs'"));
    assert.deepEqual(await keys('products'), []);
  });

  // Transaction::Options::fromVelocyPack reads maxTransactionSize from a JavaScript
  // transaction's body as from a stream transaction's begin
  it('enforces maxTransactionSize: a write past it throws 32 in the action; uncaught, nothing is committed', async () => {
    const tooBig = err(500, 32, 'Maximal transaction size limit of 300 bytes is reached');
    const save = "require('@arangodb').db.products.save({ _key: 'big', pad: 'x'.repeat(300) });";
    assert.deepEqual((await trx({ collections: { write: 'products' }, maxTransactionSize: 300, action: `function () { require('@arangodb').db.products.save({ _key: 'small' }); ${save} }` })).body, tooBig);
    assert.deepEqual(await keys('products'), []);
    // caught in the action: the write is refused, the transaction goes on and commits the rest
    const caught = await trx({ collections: { write: 'products' }, maxTransactionSize: 300, action: `function () { require('@arangodb').db.products.save({ _key: 'small' }); try { ${save} } catch (e) { return e.errorNum; } }` });
    assert.deepEqual(caught.body, { code: 200, error: false, result: 32 });
    assert.deepEqual(await keys('products'), ['small']);
    // an AQL write in the action too; without the option nothing is counted
    const aql = await trx({ collections: { write: 'products' }, maxTransactionSize: 2000, action: "function () { require('@arangodb').db._query(\"FOR i IN 1..1000 INSERT { pad: '0123456789' } INTO products\"); }" });
    assert.deepEqual([aql.status, aql.body.errorNum], [500, 32]);
    assert.equal((await trx({ collections: { write: 'products' }, action: `function () { ${save} return 1; }` })).status, 200);
    assert.deepEqual(await keys('products'), ['big', 'small']);
  });

  it('checks the body first, with ArangoDB\'s messages', async () => {
    const bad = (message: string) => err(400, 10, message);
    const action = 'function () { return 1; }';
    assert.deepEqual((await trx([1])).body, bad('expecting object input data'));
    assert.deepEqual((await trx({ action })).body, bad('missing/invalid collections definition for transaction'));
    assert.deepEqual((await trx({ collections: 'products', action })).body, bad('missing/invalid collections definition for transaction'));
    assert.deepEqual((await trx({ collections: { read: [1] }, action })).body, bad("invalid collection definition for transaction:  Collection name #0 in array 'read' is not a string"));
    assert.deepEqual((await trx({ collections: { write: 5 }, action })).body, bad("invalid collection definition for transaction:  There is no array in 'write'"));
    assert.deepEqual((await trx({ collections: {} })).body, bad('missing/invalid action definition for transaction'));
    assert.deepEqual((await trx({ collections: {}, action: 17 })).body, bad('missing/invalid action definition for transaction'));
    assert.deepEqual((await trx({ collections: {}, action, lockTimeout: 'x' })).body, bad('<lockTimeout> must be a valid numeric value'));
    assert.deepEqual((await trx({ collections: {}, action, lockTimeout: -1 })).body, bad('<lockTimeout> needs to be positive'));
    assert.deepEqual((await trx({ collections: {}, action, waitForSync: 1 })).body, bad('<waitForSync> must be a boolean value'));
    const syntax = await trx({ collections: { read: 'missing' }, action: 'function ( { return 1; }' });
    assert.equal(syntax.status, 400, 'a malformed action is found before the unknown collection');
    assert.equal(syntax.body.errorNum, 10);
    assert.match(syntax.body.errorMessage, /^missing\/invalid action definition for transaction - .*SyntaxError/);
    assert.deepEqual((await trx({ collections: { read: 'missing' }, action })).body, err(404, 1203, 'collection or view not found: missing'));
  });

  it('gives the action ArangoDB\'s server API: documents, queries, statements, cursors, nested transactions', async () => {
    const r = await trx({
      collections: { write: ['products'], read: ['materials'] },
      action: String(function action() {
        const { db, aql, errors } = require('@arangodb');
        const internal = require('internal');
        const products = db._collection('products');
        const meta = products.save({ _key: 'a', n: 1 });
        products.insert([{ _key: 'b', n: 2 }, { _key: 'c', n: 3 }]);
        products.update('a', { m: 1 });
        products.replace(meta, { n: 10 }, { overwrite: true });
        const stale = (() => {
          try {
            products.update(meta, { x: 1 });
            return 'no conflict';
          } catch (e: any) {
            return e.errorNum;
          }
        })();
        products.remove('c');
        const cursor = db._query(aql`FOR d IN ${products} SORT d._key RETURN [d._key, d.n]`);
        const stmt = db._createStatement({ query: 'FOR d IN products FILTER d.n > @n RETURN d._key', bindVars: { n: 5 } });
        return {
          rows: cursor.toArray(),
          count: products.count(),
          a: products.document('a').n,
          viaId: db._document('products/b').n,
          exists: [products.exists('b') !== false, products.exists('zzz')],
          stale,
          conflictCode: errors.ERROR_ARANGO_CONFLICT.code,
          statement: stmt.execute().toArray(),
          byExample: products.byExample({ n: 2 }).toArray().map((d: any) => d._key),
          first: products.firstExample({ n: 99 }),
          nested: db._executeTransaction({ collections: {}, action: (p: number) => p * 2, params: 21, embed: true }),
          unknown: db._collection('nope'),
          proxy: db.nope === undefined && db.materials.name(),
          time: typeof internal.time(),
          isArray: Array.isArray(cursor.toArray()),
        };
      }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.result, {
      rows: [
        ['a', 10],
        ['b', 2],
      ],
      count: 2,
      a: 10,
      viaId: 2,
      exists: [true, false],
      stale: 1200,
      conflictCode: 1200,
      statement: ['a'],
      byExample: ['b'],
      first: null,
      nested: 42,
      unknown: null,
      proxy: 'materials',
      time: 'number',
      isArray: true,
    });
    assert.deepEqual(await keys('products'), ['a', 'b']);
    // nesting needs embed: true; schema changes are refused; @arangodb exports the error numbers
    const inside = async (code: string) => (await trx({ collections: { write: 'products' }, action: `function () { const arangodb = require('@arangodb'); const db = arangodb.db; ${code} }` })).body;
    assert.deepEqual(await inside('return TRANSACTION({ collections: {}, action: function () { return 1; } });'), err(400, 1651, 'nested transactions detected'));
    assert.deepEqual(await inside('return db._executeTransaction({ collections: {}, action: function () { return 1; } });'), err(400, 1651, 'nested transactions detected'));
    assert.deepEqual((await inside('return 19 + TRANSACTION({ collections: {}, embed: true, action: function () { return 23; } });')).result, 42);
    for (const ddl of ["db._create('abc');", 'db.products.drop();', "db.products.rename('x');", "db.products.ensureIndex({ type: 'persistent', fields: ['a'] });"]) {
      assert.deepEqual(await inside(ddl), err(400, 1653, 'disallowed operation inside transaction'), ddl);
    }
    assert.deepEqual(await inside("const e = new arangodb.ArangoError(); e.errorNum = arangodb.ERROR_BAD_PARAMETER; e.errorMessage = 'who is bad?'; throw e;"), err(400, 10, 'who is bad?'));
    // writes go only to collections declared for writing
    const ro = await trx({ collections: { read: 'products' }, action: "function () { require('@arangodb').db.products.save({}); }" });
    assert.deepEqual(ro.body, err(400, 1652, 'unregistered collection used in transaction: products [write]'));
  });

  it('keeps its writes invisible until the action returns, and is not listed as a stream transaction', async () => {
    const running = trx({
      collections: { write: 'products' },
      action: "function () { const db = require('@arangodb').db; db.products.save({ _key: 'x' }); require('internal').wait(0.4); return db._query('FOR d IN products RETURN d._key').toArray(); }",
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await call('GET', '/_api/document/products/x')).status, 404, 'not visible while the action runs');
    assert.deepEqual((await call('GET', '/_api/transaction')).body.transactions, []);
    assert.deepEqual((await running).body.result, ['x'], 'the action reads its own write');
    assert.equal((await call('GET', '/_api/document/products/x')).status, 200, 'visible once committed');
  });

  it('is cancelled through the job API, in a wait loop or a busy loop, committing nothing', async () => {
    for (const loop of ["while (true) { require('internal').wait(0.1); }", 'while (true) {}']) {
      const submit = await call(
        'POST',
        '/_api/transaction',
        { collections: { write: 'products' }, action: `function () { require('@arangodb').db.products.save({ _key: 'never' }); ${loop} }` },
        { 'x-arango-async': 'store' },
      );
      assert.equal(submit.status, 202);
      const id = submit.headers['x-arango-async-id'] as string;
      let pending = 0;
      for (let i = 0; i < 50 && pending === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const st = await call('GET', `/_api/job/${id}`);
        if (st.status === 204) pending++;
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await call('PUT', `/_api/job/${id}`)).status, 204, 'still running');
      assert.deepEqual((await call('PUT', `/_api/job/${id}/cancel`)).body, { result: true });
      let fetched: Awaited<ReturnType<typeof call>> | undefined;
      for (let i = 0; i < 100; i++) {
        fetched = await call('PUT', `/_api/job/${id}`);
        if (fetched.status !== 204) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(fetched?.status, 410);
      assert.deepEqual(fetched?.body, err(410, 21, 'canceled request'));
      assert.deepEqual(await keys('products'), []);
    }
    // the pool still runs actions afterwards
    assert.deepEqual((await trx({ collections: {}, action: 'function () { return 7; }' })).body.result, 7);
  });

  it('runs more actions at once than it has workers', async () => {
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) => trx({ collections: { write: 'products' }, action: `function (p) { require('@arangodb').db.products.save({ _key: 'k' + p }); require('internal').wait(0.05); return p; }`, params: i })),
    );
    assert.deepEqual(
      all.map((r) => r.body.result),
      Array.from({ length: 10 }, (_, i) => i),
    );
    assert.equal((await keys('products')).length, 10);
  });

  it('answers 501 when --javascript-transactions is false', async () => {
    const off = await startServer(['--javascript-transactions', 'false']);
    try {
      const res = await off.request({ method: 'POST', url: '/_api/transaction', body: { collections: {}, action: 'function () { return 1; }' } });
      assert.equal(res.statusCode, 501);
      assert.deepEqual(bodyOf(res), err(501, 9, 'JavaScript operations are disabled; use streaming transactions (POST /_api/transaction/begin)'));
    } finally {
      await off.close();
    }
  });

  it('works through arangojs executeTransaction', async () => {
    const url = await s.server.listen('127.0.0.1', 0);
    const db = new Database({ url, auth: { username: 'root', password: '' } });
    const result = await db.executeTransaction(
      { write: ['products'] },
      String(function (params: { key: string }) {
        const { db } = require('@arangodb');
        db.products.save({ _key: params.key });
        return db.products.document(params.key)._key;
      }),
      { params: { key: 'via-arangojs' } },
    );
    assert.equal(result, 'via-arangojs');
    await assert.rejects(db.executeTransaction({ read: ['products'] }, 'function () { throw "nope"; }'), (e: any) => e.errorNum === 1650 && e.code === 500 && e.message === 'nope');
    db.close();
  });
});

declare function require(name: string): any;
