// /_api/aqlfunction over HTTP: registering, replacing, listing and deleting user-defined
// AQL functions, every error as ArangoDB 3.12's RestAqlUserFunctionsHandler and
// AqlUserFunctions.cpp word it, per database, stored in the _aqlfunctions system
// collection across a restart, and calling them from /_api/cursor (never cached).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

const ok = (code: number, extra: Record<string, unknown> = {}) => ({ error: false, code, ...extra });
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const TWICE = 'function (x) { return x * 2; }';

interface ErrorCase {
  id: string;
  body?: unknown;
  raw?: string;
  status: number;
  errorNum: number;
  message: string;
}

// POST /_api/aqlfunction with what ArangoDB refuses, in the order it checks.
const REGISTER_ERRORS: ErrorCase[] = [
  { id: 'body-none', raw: '', status: 400, errorNum: 17, message: 'expecting JSON object body' },
  { id: 'body-array', body: [], status: 400, errorNum: 17, message: 'expecting JSON object body' },
  { id: 'body-broken', raw: '{"name":', status: 400, errorNum: 17, message: 'expecting JSON object body' },
  { id: 'body-string', body: 'UnitTests::f', status: 400, errorNum: 17, message: 'expecting JSON object body' },
  { id: 'name-missing', body: { code: TWICE }, status: 400, errorNum: 1580, message: 'function name has to be provided as a string' },
  { id: 'name-number', body: { name: 12, code: TWICE }, status: 400, errorNum: 1580, message: 'function name has to be provided as a string' },
  { id: 'name-empty', body: { name: '', code: TWICE }, status: 400, errorNum: 1580, message: 'function name has to be provided and must not be empty' },
  { id: 'name-_aql', body: { name: '_aql::foobar', code: TWICE }, status: 400, errorNum: 1580, message: "error creating AQL user function: '_aql::foobar' is not a valid name" },
  { id: 'name-plain', body: { name: 'foobar', code: TWICE }, status: 400, errorNum: 1580, message: "error creating AQL user function: 'foobar' is not a valid name" },
  { id: 'name-colon', body: { name: 'test:', code: TWICE }, status: 400, errorNum: 1580, message: "error creating AQL user function: 'test:' is not a valid name" },
  { id: 'name-trailing', body: { name: 'test::', code: TWICE }, status: 400, errorNum: 1580, message: "error creating AQL user function: 'test::' is not a valid name" },
  { id: 'name-dash', body: { name: 'my-ns::f', code: TWICE }, status: 400, errorNum: 1580, message: "error creating AQL user function: 'my-ns::f' is not a valid name" },
  { id: 'code-missing', body: { name: 'myfunc::mytest' }, status: 400, errorNum: 1581, message: 'expecting string with function definition' },
  { id: 'code-empty', body: { name: 'myfunc::mytest', code: '' }, status: 400, errorNum: 1581, message: 'expecting string with function definition' },
  { id: 'code-number', body: { name: 'myfunc::mytest', code: 1234 }, status: 400, errorNum: 1581, message: 'expecting string with function definition' },
  { id: 'code-no-function', body: { name: 'myfunc::mytest', code: '1 + 1' }, status: 400, errorNum: 1581, message: 'invalid user function code' },
  { id: 'code-assignment', body: { name: 'myfunc::mytest', code: "name = 'foo'" }, status: 400, errorNum: 1581, message: 'invalid user function code' },
  {
    id: 'code-syntax',
    body: { name: 'myfunc::mytest', code: 'function ()' },
    status: 400,
    errorNum: 1581,
    message:
      "invalid user function code: JavaScript exception in file 'userFunction' at 1,41: SyntaxError: Unexpected token ';'\n" +
      '!(function() { var callback = function (); return callback; })()\n' +
      '!                                        ^\n' +
      "stacktrace: SyntaxError: Unexpected token ';'\n",
  },
  {
    id: 'code-throws',
    body: { name: 'myfunc::mytest', code: 'missing' },
    status: 400,
    errorNum: 1581,
    message:
      "invalid user function code: JavaScript exception in file 'userFunction' at 1,30: ReferenceError: missing is not defined\n" +
      '!(function() { var callback = missing; return callback; })()\n' +
      '!                             ^\n' +
      'stacktrace: ReferenceError: missing is not defined\n',
  },
];

describe('/_api/aqlfunction', () => {
  let s: TestServer;
  const dir = tempDir();
  before(async () => {
    // a data directory of its own, kept over the restart below
    s = await startServer([], { dir });
    assert.equal((await call('POST', '/_api/database', { name: 'other' })).status, 201);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: bodyOf(res) as any };
  }
  const register = (name: string, code: string, extra: Record<string, unknown> = {}, db = '_system') => call('POST', `/_db/${db}/_api/aqlfunction`, { name, code, ...extra });
  /** register(), asserting 201 with the answer in the message (a refusal says why). */
  const registered = async (name: string, code: string, extra: Record<string, unknown> = {}, db = '_system') => {
    const r = await register(name, code, extra, db);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r;
  };
  const query = async (q: string, db = '_system') => call('POST', `/_db/${db}/_api/cursor`, { query: q });
  const names = async (url: string) => ((await call('GET', url)).body.result as { name: string }[]).map((f) => f.name).sort();
  const clear = async () => {
    for (const db of ['_system', 'other']) {
      for (const ns of ['UnitTests', 'UnitTests58', 'myfunc']) await call('DELETE', `/_db/${db}/_api/aqlfunction/${ns}?group=true`);
    }
  };

  describe('registering', () => {
    before(clear);

    it('answers 201 for a new function and 200 when it replaces one, as ArangoDB', async () => {
      assert.deepEqual(await register('UnitTests::mytest', TWICE), { status: 201, body: ok(201, { isNewlyCreated: true }) });
      assert.deepEqual(await register('UnitTests::mytest', 'function () { return 1; }'), { status: 200, body: ok(200, { isNewlyCreated: false }) });
      // the name is matched in any case: the stored key is its upper case
      assert.deepEqual(await register('unittests::MYTEST', TWICE, { isDeterministic: true }), { status: 200, body: ok(200, { isNewlyCreated: false }) });
      assert.deepEqual((await call('GET', '/_api/aqlfunction?prefix=UnitTests')).body, ok(200, { result: [{ name: 'unittests::MYTEST', code: TWICE, isDeterministic: true }] }));
    });

    for (const c of REGISTER_ERRORS) {
      it(`${c.id}: refuses with ${c.errorNum}`, async () => {
        const r = await call('POST', '/_api/aqlfunction', c.body, c.raw);
        assert.equal(r.body.errorNum, c.errorNum);
        assert.deepEqual(r, { status: c.status, body: err(c.status, c.errorNum, c.message) });
      });
    }

    it('stores the function in the _aqlfunctions system collection', async () => {
      // a database whose first function this is: its system collection is there, empty
      assert.equal((await call('GET', '/_db/other/_api/collection/_aqlfunctions/count')).body.count, 0);
      assert.equal((await register('UnitTests::stored', '  function (a) { return a; } ', {}, 'other')).status, 201);
      const props = (await call('GET', '/_db/other/_api/collection/_aqlfunctions/properties')).body;
      assert.equal(props.isSystem, true);
      assert.equal(props.type, 2);
      const doc = (await call('GET', '/_db/other/_api/document/_aqlfunctions/UNITTESTS::STORED')).body;
      assert.deepEqual(doc, { _key: 'UNITTESTS::STORED', _id: '_aqlfunctions/UNITTESTS::STORED', _rev: doc._rev, name: 'UnitTests::stored', code: '(  function (a) { return a; } \n)', isDeterministic: false });
    });

    it('answers any other method with 405', async () => {
      for (const method of ['PUT', 'PATCH']) assert.deepEqual(await call(method, '/_api/aqlfunction'), { status: 405, body: err(405, 405, 'method not supported') });
      assert.equal((await s.request({ method: 'HEAD', url: '/_api/aqlfunction' })).statusCode, 405);
      assert.equal((await call('PUT', '/_api/aqlfunction/UnitTests%3A%3Ax')).status, 405);
    });
  });

  describe('listing', () => {
    before(async () => {
      await clear();
      for (const n of ['UnitTests::tryme::foo', 'UnitTests::tryme::bar', 'UnitTests58::tryme::bar', 'UnitTests58::whyme::bar']) await registered(n, TWICE);
    });

    it('lists every function, or those of a namespace by suffix, ?prefix= or ?namespace=', async () => {
      const all = (await call('GET', '/_api/aqlfunction')).body;
      assert.deepEqual(Object.keys(all), ['error', 'code', 'result']);
      assert.deepEqual(all.result.map((f: { name: string }) => f.name), ['UnitTests::tryme::foo', 'UnitTests::tryme::bar', 'UnitTests58::tryme::bar', 'UnitTests58::whyme::bar']);
      assert.deepEqual(all.result[0], { name: 'UnitTests::tryme::foo', code: TWICE, isDeterministic: false });
      const both = ['UnitTests::tryme::bar', 'UnitTests::tryme::foo'];
      // the filter is a whole namespace: UnitTests does not take UnitTests58
      for (const f of ['UnitTests', 'UnitTests::', 'unittests::TRYME', 'UnitTests::tryme::']) {
        assert.deepEqual(await names(`/_api/aqlfunction?prefix=${encodeURIComponent(f)}`), both, f);
        assert.deepEqual(await names(`/_api/aqlfunction?namespace=${encodeURIComponent(f)}`), both, f);
        assert.deepEqual(await names(`/_api/aqlfunction/${encodeURIComponent(f)}`), both, f);
      }
      assert.deepEqual(await names('/_api/aqlfunction?prefix=UnitTests58::tryme'), ['UnitTests58::tryme::bar']);
      assert.deepEqual(await names('/_api/aqlfunction?prefix=UnitTests::try'), []);
      assert.deepEqual(await names('/_api/aqlfunction?namespace=nothing'), []);
      // ?prefix= wins over ?namespace=, a suffix over both
      assert.deepEqual(await names('/_api/aqlfunction?prefix=UnitTests58&namespace=UnitTests'), ['UnitTests58::tryme::bar', 'UnitTests58::whyme::bar']);
      assert.deepEqual(await names('/_api/aqlfunction/UnitTests58?prefix=UnitTests'), ['UnitTests58::tryme::bar', 'UnitTests58::whyme::bar']);
      // a database without functions (no collection yet) has none
      await call('POST', '/_api/database', { name: 'empty' });
      assert.deepEqual((await call('GET', '/_db/empty/_api/aqlfunction')).body, ok(200, { result: [] }));
      await call('DELETE', '/_api/database/empty');
    });

    it('answers two suffixes with 400/601 unless ?prefix= says what to list', async () => {
      const r = await call('GET', '/_api/aqlfunction/UnitTests/tryme');
      assert.deepEqual(r, { status: 400, body: err(400, 601, 'superfluous suffix, expecting _api/aqlfunction/[<functionname or prefix>|?prefix=<functionname or prefix>]') });
      assert.deepEqual(await names('/_api/aqlfunction/a/b?prefix=UnitTests58::whyme'), ['UnitTests58::whyme::bar']);
    });

    it('keeps each database to its own functions', async () => {
      assert.equal((await register('UnitTests::tryme::foo', 'function (what) { return what * 4; }', {}, 'other')).status, 201);
      assert.deepEqual((await call('GET', '/_db/other/_api/aqlfunction?prefix=UnitTests::tryme')).body.result, [{ name: 'UnitTests::tryme::foo', code: 'function (what) { return what * 4; }', isDeterministic: false }]);
      assert.deepEqual((await query('RETURN UnitTests::tryme::foo(4)', 'other')).body.result, [16]);
      assert.deepEqual((await query('RETURN UnitTests::tryme::foo(4)')).body.result, [8]);
      assert.deepEqual(await query('RETURN UnitTests::tryme::bar(4)', 'other'), {
        status: 404,
        body: err(404, 1582, "AQL: in function 'undefined()': user function 'UNITTESTS::TRYME::BAR()' not found (while executing)"),
      });
    });
  });

  describe('deleting', () => {
    before(clear);

    it('deletes one function by name in any case, then answers 404/1582', async () => {
      await registered('UnitTests::mytest', TWICE);
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/unittests%3A%3AMyTest'), { status: 200, body: ok(200, { deletedCount: 1 }) });
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/UnitTests%3A%3Amytest'), { status: 404, body: err(404, 1582, "no AQL user function with name 'UnitTests::mytest' found") });
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/mytest%3A%3Amynonfunc'), { status: 404, body: err(404, 1582, "no AQL user function with name 'mytest::mynonfunc' found") });
      // a database that never had a function
      assert.deepEqual(await call('DELETE', '/_db/other/_api/aqlfunction/x%3A%3Ay'), { status: 404, body: err(404, 1582, "no AQL user function with name 'x::y' found") });
    });

    it('deletes a namespace with group=true and counts what it deleted (0 is no error)', async () => {
      for (const n of ['UnitTests::mytest::one', 'UnitTests::mytest::two', 'UnitTests::foo']) await registered(n, TWICE);
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/UnitTests%3A%3Amytest?group=true'), { status: 200, body: ok(200, { deletedCount: 2 }) });
      assert.equal((await call('DELETE', '/_api/aqlfunction/UnitTests%3A%3Amytest%3A%3Aone')).status, 404);
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/UnitTests%3A%3Amytest?group=true'), { status: 200, body: ok(200, { deletedCount: 0 }) });
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/unittests?group=1'), { status: 200, body: ok(200, { deletedCount: 1 }) });
    });

    it('refuses names with other characters (1580) and anything but one suffix (601)', async () => {
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/my-ns%3A%3Af'), { status: 400, body: err(400, 1580, "error deleting AQL user function: 'my-ns::f' contains invalid characters") });
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/a%3Ab?group=true'), { status: 400, body: err(400, 1580, "error deleting AQL user function: 'a:b' contains invalid characters") });
      const suffix = err(400, 601, 'superfluous suffix, expecting _api/aqlfunction/<functionname or prefix>');
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction'), { status: 400, body: suffix });
      assert.deepEqual(await call('DELETE', '/_api/aqlfunction/a/b'), { status: 400, body: suffix });
    });
  });

  describe('calling from queries', () => {
    before(clear);

    it('calls a function by its name in any case, as often as a query asks', async () => {
      await registered('UnitTests::tryme', TWICE);
      assert.deepEqual((await query('RETURN unittests::TRYME(4) + UnitTests::tryme(1)')).body.result, [10]);
      const many = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..2000 RETURN UnitTests::tryme(i)', batchSize: 5000 });
      assert.deepEqual(many.body.result, Array.from({ length: 2000 }, (_, i) => (i + 1) * 2), JSON.stringify(many.body).slice(0, 500));
    });

    it('sees a replaced, deleted or directly written function at the next call', async () => {
      assert.equal((await register('UnitTests::v', 'function () { return 1; }')).status, 201);
      assert.deepEqual((await query('RETURN UnitTests::v()')).body.result, [1]);
      assert.equal((await register('UnitTests::v', 'function () { return 2; }')).status, 200);
      assert.deepEqual((await query('RETURN UnitTests::v()')).body.result, [2]);
      // through the document API, as ArangoDB's own collection would allow
      const put = await call('PUT', '/_api/document/_aqlfunctions/UNITTESTS::V', { name: 'UnitTests::v', code: '(function () { return 3; }\n)', isDeterministic: false });
      assert.equal(put.status, 202);
      assert.deepEqual((await query('RETURN UnitTests::v()')).body.result, [3]);
      assert.equal((await call('DELETE', '/_api/aqlfunction/UnitTests%3A%3Av')).status, 200);
      assert.equal((await query('RETURN UnitTests::v()')).body.errorNum, 1582);
    });

    it('answers a stored function whose code is not a function with 1581', async () => {
      const post = await call('POST', '/_api/document/_aqlfunctions', { _key: 'UNITTESTS::BROKEN', name: 'UnitTests::broken', code: '(1 + \n)' });
      assert.equal(post.status, 202);
      assert.deepEqual(await query('RETURN UnitTests::broken()'), { status: 400, body: err(400, 1581, 'AQL: invalid user function code (while executing)') });
      // the others still work
      assert.deepEqual((await query('RETURN UnitTests::tryme(1)')).body.result, [2]);
      assert.equal((await call('DELETE', '/_api/document/_aqlfunctions/UNITTESTS::BROKEN')).status, 202);
    });

    it('never answers a query calling a user function from the query results cache', async () => {
      assert.equal((await call('PUT', '/_api/query-cache/properties', { mode: 'on' })).status, 200);
      try {
        assert.equal((await register('UnitTests::det', 'function () { return 7; }', { isDeterministic: true })).status, 201);
        const q = { query: 'FOR i IN 1..2 RETURN UnitTests::det()' };
        assert.equal((await call('POST', '/_api/cursor', q)).body.cached, false);
        assert.equal((await call('POST', '/_api/cursor', q)).body.cached, false);
        assert.deepEqual((await call('GET', '/_api/query-cache/entries')).body, []);
        assert.equal((await call('POST', '/_api/explain', q)).body.cacheable, false);
      } finally {
        await call('PUT', '/_api/query-cache/properties', { mode: 'off' });
      }
    });

    it('explains a call as a user function call, and /_api/query parses it in upper case', async () => {
      const ex = (await call('POST', '/_api/explain', { query: 'RETURN unittests::tryme(1)' })).body;
      assert.equal(ex.error, false);
      const calc = ex.plan.nodes.find((n: { type: string }) => n.type === 'CalculationNode');
      assert.equal(calc.expression.type, 'user function call');
      assert.equal(calc.expression.name, 'UNITTESTS::TRYME');
      assert.equal(calc.expression.subNodes[0].subNodes[0].value, 1);
      // explaining a call of a function that does not exist is no error: calls fail when they run
      assert.equal((await call('POST', '/_api/explain', { query: 'RETURN nope::nope()' })).status, 200);
      const ast = (await call('POST', '/_api/query', { query: 'RETURN ns::Fn(1)' })).body.ast;
      assert.deepEqual(ast[0].subNodes[0].subNodes[0], { type: 'user function call', name: 'NS::FN', subNodes: [{ type: 'array', subNodes: [{ type: 'value', value: 1 }] }] });
    });
  });

  it('keeps functions across a restart', async () => {
    await clear();
    await registered('UnitTests::kept', TWICE, { isDeterministic: true });
    await s.server.close();
    s = await startServer([], { dir });
    assert.deepEqual((await call('GET', '/_api/aqlfunction/UnitTests')).body.result, [{ name: 'UnitTests::kept', code: TWICE, isDeterministic: true }]);
    assert.deepEqual((await query('RETURN UnitTests::kept(21)')).body.result, [42]);
  });
});
