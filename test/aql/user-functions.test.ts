// User-defined AQL functions called from queries (src/aql/user-functions/): values of
// every AQL type going in, ArangoDB's FIX_VALUE conversions coming out, what a function
// throws (a query error directly, a warning through CALL/APPLY), unknown names, the
// globals ArangoDB gives user code and nothing of Cairn's, calls never folded or merged,
// the time limit, and a function's change seen at the next call. Cases follow ArangoDB's
// shell-aqlfunctions and aql-functions-misc (CALL/APPLY) tests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import type { AqlValue } from '../../src/values/index.js';
import { userFunctions, type UserFunctions } from '../../src/aql/user-functions/registry.js';
import { runQuery } from '../../src/aql/query.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

interface ValueCase {
  id: string;
  /** The function's code. */
  code: string;
  /** The AQL call's arguments, as AQL text. */
  args?: string;
  result: AqlValue;
}

// Arguments reach the function as JavaScript values of the matching type (copies).
const ECHO = 'function (...a) { return a.map((x) => [typeof x, Array.isArray(x), x]); }';
const ARGUMENTS: ValueCase[] = [
  { id: 'arg-null', code: ECHO, args: 'null', result: [['object', false, null]] },
  { id: 'arg-bool', code: ECHO, args: 'true, false', result: [['boolean', false, true], ['boolean', false, false]] },
  { id: 'arg-number', code: ECHO, args: '1, -2.5, 1e300', result: [['number', false, 1], ['number', false, -2.5], ['number', false, 1e300]] },
  { id: 'arg-string', code: ECHO, args: '"", "ä\\n"', result: [['string', false, ''], ['string', false, 'ä\n']] },
  { id: 'arg-array', code: ECHO, args: '[1, [2, null], {}]', result: [['object', true, [1, [2, null], {}]]] },
  { id: 'arg-object', code: ECHO, args: '{a: {b: [1]}, "c d": null}', result: [['object', false, { a: { b: [1] }, 'c d': null }]] },
  { id: 'arg-range', code: ECHO, args: '1..3', result: [['object', true, [1, 2, 3]]] },
  { id: 'arg-none', code: ECHO, args: '', result: [] },
  { id: 'arg-missing', code: 'function (a, b) { return [typeof a, typeof b]; }', args: '1', result: ['number', 'undefined'] },
  { id: 'arg-document', code: 'function (d) { return [d._key, d._id, typeof d._rev, d.name]; }', args: 'DOCUMENT("users/a")', result: ['a', 'users/a', 'string', 'Alice'] },
  { id: 'arg-copy', code: 'function (o) { o.x = 1; return o; }', args: '{a: 1}', result: { a: 1, x: 1 } },
];

// ArangoDB's FIX_VALUE: what is not JSON becomes null; objects keep their own enumerable
// attributes that are not functions.
const RESULTS: ValueCase[] = [
  { id: 'ret-undefined', code: 'function () { }', result: null },
  { id: 'ret-null', code: 'function () { return null; }', result: null },
  { id: 'ret-true', code: 'function () { return true; }', result: true },
  { id: 'ret-false', code: 'function () { return false; }', result: false },
  { id: 'ret-number', code: 'function () { return -4.5; }', result: -4.5 },
  { id: 'ret-infinity', code: 'function () { return 1 / 0; }', result: null },
  { id: 'ret-nan', code: 'function () { return 0 / 0; }', result: null },
  { id: 'ret-string', code: 'function () { return "x"; }', result: 'x' },
  { id: 'ret-function', code: 'function () { return function () {}; }', result: null },
  { id: 'ret-symbol', code: 'function () { return Symbol("s"); }', result: null },
  { id: 'ret-bigint', code: 'function () { return 10n; }', result: null },
  { id: 'ret-array', code: 'function () { return [undefined, NaN, () => 1, [Infinity], , 2]; }', result: [null, null, null, [null], null, 2] },
  { id: 'ret-object', code: 'function () { return { a: undefined, b: () => 1, c: -Infinity, d: { e: [1] } }; }', result: { a: null, c: null, d: { e: [1] } } },
  { id: 'ret-date', code: 'function () { return new Date(0); }', result: {} },
  { id: 'ret-instance', code: 'function () { class P { constructor() { this.y = 2; } get z() { return 3; } } return new P(); }', result: { y: 2 } },
  { id: 'ret-promise', code: 'function () { return Promise.resolve(1); }', result: {} },
  { id: 'ret-complex', code: 'function () { return [true, false, null, 1, 2, -4, [5.5, { a: 1, "b": "def" }]]; }', result: [true, false, null, 1, 2, -4, [5.5, { a: 1, b: 'def' }]] },
  { id: 'ret-comments', code: 'function (what) {\n  // foo\n  /* bar\n  baz\n  */\n  return [true]; // some comment\n}', result: [true] },
  { id: 'ret-arrow', code: '(x) => 7', result: 7 },
  { id: 'ret-named', code: '/* a comment first */ function named() { return "n"; }', result: 'n' },
];

describe('user-defined AQL functions in queries', () => {
  let db: TestDb;
  let udf: UserFunctions;
  let n = 0;
  before(async () => {
    db = await openTestDb({ users: [{ _key: 'a', name: 'Alice' }] });
    udf = userFunctions(db.storage);
  });
  after(async () => {
    await db.close();
  });

  /** Registers `code` under a fresh name in `ns` and returns the name as AQL calls it. */
  async function define(code: string, ns = 'UnitTests'): Promise<string> {
    const name = `${ns}::f${n++}`;
    await udf.register('_system', { name, code });
    return name;
  }

  async function rejects(p: Promise<unknown>, errorNum: number, message: string | RegExp): Promise<void> {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ArangoError, String(e));
      assert.equal(e.errorNum, errorNum);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  }

  describe('values', () => {
    for (const c of [...ARGUMENTS, ...RESULTS]) {
      it(`${c.id}: ${c.code.split('\n')[0]}`, async () => {
        const name = await define(c.code);
        assert.deepEqual(await db.run(`RETURN ${name}(${c.args ?? ''})`), [c.result]);
      });
    }

    it('passes copies: changing an argument changes nothing in the query', async () => {
      const name = await define('function (o) { o.a.push(2); o.b = 1; return null; }');
      assert.deepEqual(await db.run(`LET d = {a: [1]} LET x = ${name}(d) RETURN [d, x]`), [[{ a: [1] }, null]]);
    });

    it('runs as `this` = { name } with the name in upper case, called directly or through CALL', async () => {
      const name = await define('function () { return this.name; }');
      const upper = name.toUpperCase();
      assert.deepEqual(await db.run(`RETURN [${name}(), ${name.toLowerCase()}(), CALL("${name}"), APPLY("${name.toLowerCase()}", [])]`), [[upper, upper, upper, upper]]);
    });

    it('calls through CALL and APPLY with their arguments, in any case', async () => {
      const add3 = await define('function (a, b, c) { return a + b + c; }');
      assert.deepEqual(await db.run(`RETURN [CALL("${add3}", 23, 42, 55), CALL("${add3.toUpperCase()}", -1, 42, 55), APPLY("${add3.toLowerCase()}", [23, 42, "foo"]), CALL("${add3}", 23)]`), [[120, 96, '65foo', null]]);
    });
  });

  describe('errors', () => {
    it('fails the query with 1583 when a directly called function throws', async () => {
      const peng = await define('function (what) { throw "peng"; }');
      await rejects(db.run(`RETURN ${peng}(4)`), 1583, `in function '${peng.toUpperCase()}()': user function runtime error: peng`);
      const boom = await define('function () { throw new Error("boom"); }');
      const up = boom.toUpperCase().replace(/[()]/g, '\\$&');
      await rejects(db.run(`RETURN ${boom}()`), 1583, new RegExp(`^in function '${up}\\(\\)': user function runtime error: Error: boom\\n    at Object\\.<anonymous> \\(\\(user function ${up}\\):1:\\d+\\)$`));
      for (const [thrown, text] of [['{ a: 1 }', '[object Object]'], ['5', '5'], ['null', 'null'], ['undefined', 'undefined']]) {
        const f = await define(`function () { throw ${thrown}; }`);
        await rejects(db.run(`RETURN ${f}()`), 1583, `in function '${f.toUpperCase()}()': user function runtime error: ${text}`);
      }
      // a value that cannot be converted (a cycle) is an error of the function too
      const cycle = await define('function () { const a = []; a.push(a); return a; }');
      await rejects(db.run(`RETURN ${cycle}()`), 1583, /^in function '.*\(\)': user function runtime error: RangeError: Maximum call stack size exceeded/);
    });

    it('makes it a warning 1583 and null through CALL and APPLY', async () => {
      const f = await define('function () { throw "doh!"; }');
      const up = f.toUpperCase();
      const r = await db.runFull(`RETURN [CALL("${f}"), APPLY("${f}", [])]`);
      assert.deepEqual(r.rows, [[null, null]]);
      assert.deepEqual(r.warnings, [
        { code: 1583, message: `while invoking '${up}' via 'CALL': in function '${up}()': user function runtime error: doh!` },
        { code: 1583, message: `while invoking '${up}' via 'APPLY': in function '${up}()': user function runtime error: doh!` },
      ]);
    });

    it('fails with 1582 for an unknown function when it is called, named after its caller', async () => {
      await rejects(db.run('RETURN UnitTests::nope(1)'), 1582, "in function 'undefined()': user function 'UNITTESTS::NOPE()' not found");
      await rejects(db.run('RETURN CALL("UnitTests::func::meow", "baz")'), 1582, "in function 'CALL()': user function 'UNITTESTS::FUNC::MEOW()' not found");
      await rejects(db.run('RETURN APPLY("unittests::func::meow", ["baz"])'), 1582, "in function 'APPLY()': user function 'UNITTESTS::FUNC::MEOW()' not found");
      // a call that never runs never fails
      assert.deepEqual(await db.run('FOR x IN [] RETURN UnitTests::nope(x)'), []);
      assert.deepEqual(await db.run('RETURN false ? UnitTests::nope() : 1'), [1]);
    });
  });

  describe("what user code sees", () => {
    it("records AQL_WARNING's warnings with their code and message", async () => {
      const f = await define(`function () {
        const error = require("@arangodb").errors.ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH;
        AQL_WARNING(error.code, 'ALL THY ERRORS ARE BELONG TO US!');
      }`);
      const r = await db.runFull(`RETURN ${f}(4)`);
      assert.deepEqual(r.rows, [null]);
      assert.deepEqual(r.warnings, [{ code: 1541, message: 'ALL THY ERRORS ARE BELONG TO US!' }]);
      await rejects(db.run(`RETURN ${f}(4)`, {}, { failOnWarning: true }), 1541, 'ALL THY ERRORS ARE BELONG TO US!');
    });

    it("runs ArangoDB's documented example with require('@arangodb') and require('util').format", async () => {
      await udf.register('_system', {
        name: 'MYFUNCTIONS::TEMPERATURE::CELSIUSTOFAHRENHEIT',
        code: `function (celsius) {
          "use strict";
          if (typeof celsius === "undefined") {
            const error = require("@arangodb").errors.ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH;
            AQL_WARNING(error.code, require("util").format(error.message, this.name, 1, 1));
          }
          return celsius * 1.8 + 32;
        }`,
      });
      const r = await db.runFull('RETURN [MYFUNCTIONS::TEMPERATURE::CELSIUSTOFAHRENHEIT(), myfunctions::temperature::celsiustofahrenheit(100)]');
      assert.deepEqual(r.rows, [[null, 212]]);
      assert.deepEqual(r.warnings, [{ code: 1541, message: "invalid number of arguments for function 'MYFUNCTIONS::TEMPERATURE::CELSIUSTOFAHRENHEIT()', expected number of arguments: minimum: 1, maximum: 1" }]);
    });

    it("reaches nothing of Cairn's: no process, no modules beyond ArangoDB's, its own Function", async () => {
      // the classic ways out of a vm context, through constructors of another realm
      const f = await define(`function () {
        const probe = (get) => { try { return get()('return typeof process')(); } catch (e) { return String(e); } };
        const sloppyThis = Function('return this')();
        return [
          typeof process, typeof globalThis.require('@arangodb').db, typeof console.log, typeof setTimeout,
          probe(() => this.constructor.constructor),
          probe(() => globalThis.constructor.constructor),
          probe(() => sloppyThis.constructor.constructor),
          probe(() => Object.getPrototypeOf(globalThis).constructor.constructor),
          probe(() => AQL_WARNING.constructor),
        ];
      }`);
      assert.deepEqual(await db.run(`RETURN ${f}()`), [['undefined', 'undefined', 'function', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']]);
      const fs = await define('function () { return require("fs"); }');
      await rejects(db.run(`RETURN ${fs}()`), 1583, /user function runtime error: Error: cannot locate module 'fs'/);
    });
  });

  describe('planning', () => {
    it('never folds, hoists or merges a call (user functions are not deterministic)', async () => {
      const counter = await define('function () { globalThis.n = (globalThis.n || 0) + 1; return globalThis.n; }');
      const rows = (await db.run(`FOR i IN 1..3 RETURN ${counter}()`)) as number[];
      assert.equal(new Set(rows).size, 3);
      assert.deepEqual(await db.run(`LET a = ${counter}() LET b = ${counter}() RETURN a == b`), [false]);
      // the call stays inside the loop
      assert.deepEqual(db.nodeTypes(`FOR i IN 1..3 RETURN ${counter}()`), ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'ReturnNode']);
      const ex = db.explain(`RETURN ${counter}()`);
      assert.equal(ex.cacheable, false);
      assert.deepEqual(ex.plan.nodes[1].expression, { type: 'user function call', name: counter.toUpperCase(), subNodes: [{ type: 'array', subNodes: [] }] });
    });
  });

  describe('changes and limits', () => {
    it('sees a replaced or deleted function at the next call, in this database only', async () => {
      await udf.register('_system', { name: 'UnitTests::v', code: 'function () { return 1; }' });
      assert.deepEqual(await db.run('RETURN UnitTests::v()'), [1]);
      await udf.register('_system', { name: 'UnitTests::V', code: 'function () { return 2; }' });
      assert.deepEqual(await db.run('RETURN UnitTests::v()'), [2]);
      await db.storage.catalog.createDatabase('second');
      assert.deepEqual(udf.list('second', ''), []);
      const other = { database: 'second', user: 'root', query: 'RETURN UnitTests::v()' };
      await rejects(runQuery(db.storage, other), 1582, /not found/);
      await udf.register('second', { name: 'UnitTests::v', code: 'function () { return "second"; }' });
      assert.deepEqual((await runQuery(db.storage, other)).rows, ['second']);
      // a database dropped and made again starts without functions
      await db.storage.catalog.dropDatabase('second');
      await db.storage.catalog.createDatabase('second');
      await rejects(runQuery(db.storage, other), 1582, /not found/);
      await udf.unregister('_system', 'unittests::v');
      await rejects(db.run('RETURN UnitTests::v()'), 1582, /not found/);
    });

    it('cuts a call off at the time limit, fails the query even through CALL, and carries on', async () => {
      const loop = await define('function () { while (true) {} }');
      const fine = await define('function (x) { return x + 1; }');
      udf.timeoutMs = 300;
      try {
        const t = performance.now();
        await rejects(db.run(`RETURN ${loop}()`), 1583, `in function '${loop.toUpperCase()}()': user function runtime error: execution timed out after 300 ms`);
        assert.ok(performance.now() - t < 5000);
        await rejects(db.run(`RETURN CALL("${loop}")`), 1583, /execution timed out after 300 ms/);
        // a new sandbox loads the functions again
        assert.deepEqual(await db.run(`RETURN ${fine}(1)`), [2]);
        // registering code that does not finish evaluating
        await assert.rejects(udf.register('_system', { name: 'UnitTests::never', code: '(function () { while (true) {} })()' }), (e: unknown) => {
          assert.ok(e instanceof ArangoError);
          assert.equal(e.errorNum, 1581);
          assert.equal(e.message, 'invalid user function code: timed out after 300 ms');
          return true;
        });
        assert.deepEqual(await db.run(`RETURN ${fine}(2)`), [3]);
      } finally {
        udf.timeoutMs = 1000;
      }
    });
  });
});
