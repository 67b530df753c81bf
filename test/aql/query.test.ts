// Whole queries through src/aql/query.ts over small collections: rows, plan node kinds,
// warnings, errors with their numbers and messages, laziness, abort and memory limits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import type { AqlValue } from '../../src/values/index.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

const USERS = [
  { _key: 'a', name: 'Alice', age: 31, city: 'Berlin', tags: ['x', 'y'] },
  { _key: 'b', name: 'Bob', age: 27, city: 'Paris', tags: ['y'] },
  { _key: 'c', name: 'Carol', age: 35, city: 'Berlin', tags: [] },
  { _key: 'd', name: 'Dave', age: null, city: 'Rome' },
];
const ORDERS = [
  { _key: '1', user: 'a', amount: 10 },
  { _key: '2', user: 'a', amount: 5 },
  { _key: '3', user: 'b', amount: 7 },
];

interface RowCase {
  id: string;
  aql: string;
  bind?: Record<string, unknown>;
  rows: AqlValue[];
  nodes?: string[];
  warnings?: number[];
}

const CASES: RowCase[] = [
  // SORT on _key reads the primary index, which is sorted (ArangoDB: use-index-for-sort)
  { id: 'for-1', aql: 'FOR u IN users SORT u._key RETURN u.name', rows: ['Alice', 'Bob', 'Carol', 'Dave'], nodes: ['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode'] },
  { id: 'for-2', aql: 'FOR u IN users FILTER u.age > 30 SORT u.age RETURN u.name', rows: ['Alice', 'Carol'] },
  { id: 'for-3', aql: 'FOR i IN [1, 2] FOR j IN [10, 20] RETURN i + j', rows: [11, 21, 12, 22], nodes: ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'EnumerateListNode', 'CalculationNode', 'ReturnNode'] }, // move-calculations-up hoists [10, 20]
  { id: 'for-4', aql: 'FOR x IN (FOR i IN 1..3 RETURN i * 2) RETURN x', rows: [2, 4, 6] },
  { id: 'for-5', aql: 'FOR u IN users FOR o IN orders FILTER o.user == u._key SORT o._key RETURN [u.name, o.amount]', rows: [['Alice', 10], ['Alice', 5], ['Bob', 7]] },
  { id: 'for-6', aql: 'FOR u IN users OPTIONS { indexHint: "x" } FILTER u._key == "b" RETURN u.age', rows: [27] },
  { id: 'for-7', aql: 'WITH users FOR i IN 1..2 RETURN i', rows: [1, 2] },
  { id: 'sort-1', aql: 'FOR u IN users SORT u.city DESC, u.name RETURN u.name', rows: ['Dave', 'Bob', 'Alice', 'Carol'] },
  { id: 'sort-2', aql: 'FOR v IN [3, "a", null, [1], {}, true, 1] SORT v RETURN v', rows: [null, true, 1, 3, 'a', [1], {}] },
  { id: 'sort-3', aql: 'FOR v IN ["b", "B", "a", "A"] SORT v RETURN v', rows: ['A', 'a', 'B', 'b'] },
  { id: 'sort-4', aql: 'FOR v IN [2, 1, 3] SORT v @d RETURN v', bind: { d: 'DESC' }, rows: [3, 2, 1] },
  { id: 'for-8', aql: 'WITH @@c FOR i IN 1..1 RETURN i', bind: { '@c': 'users' }, rows: [1] },
  { id: 'limit-1', aql: 'FOR i IN 1..10 LIMIT 2, 3 RETURN i', rows: [3, 4, 5], nodes: ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'LimitNode', 'ReturnNode'] },
  { id: 'limit-2', aql: 'FOR i IN 1..10 LIMIT 2 RETURN i', rows: [1, 2] },
  { id: 'limit-3', aql: 'FOR i IN 1..10 LIMIT @o, @c RETURN i', bind: { o: 8, c: 5 }, rows: [9, 10] },
  { id: 'limit-4', aql: 'FOR i IN 1..3 LIMIT 0 RETURN i', rows: [] },
  { id: 'let-1', aql: 'FOR u IN users FILTER u._key == "a" LET total = SUM(FOR o IN orders FILTER o.user == u._key RETURN o.amount) RETURN total', rows: [15] },
  { id: 'let-2', aql: 'LET x = 2 LET y = x * 3 RETURN [x, y]', rows: [[2, 6]] },
  { id: 'let-3', aql: 'LET s = (FOR i IN 1..3 RETURN i) RETURN s', rows: [[1, 2, 3]], nodes: ['SingletonNode', 'CalculationNode', 'SubqueryStartNode', 'EnumerateListNode', 'SubqueryEndNode', 'ReturnNode'] }, // move-calculations-up hoists 1..3 out of the subquery; its RETURN is the SubqueryEndNode's inVariable
  { id: 'collect-1', aql: 'FOR u IN users COLLECT city = u.city WITH COUNT INTO n RETURN {city, n}', rows: [{ city: 'Berlin', n: 2 }, { city: 'Paris', n: 1 }, { city: 'Rome', n: 1 }] },
  { id: 'collect-2', aql: 'FOR u IN users COLLECT city = u.city INTO g RETURN {city, names: g[*].u.name}', rows: [{ city: 'Berlin', names: ['Alice', 'Carol'] }, { city: 'Paris', names: ['Bob'] }, { city: 'Rome', names: ['Dave'] }] },
  { id: 'collect-3', aql: 'FOR u IN users COLLECT city = u.city INTO names = u.name RETURN [city, names]', rows: [['Berlin', ['Alice', 'Carol']], ['Paris', ['Bob']], ['Rome', ['Dave']]] },
  { id: 'collect-4', aql: 'FOR u IN users LET n = u.name COLLECT c = u.city INTO g KEEP n FILTER c == "Berlin" RETURN g', rows: [[{ n: 'Alice' }, { n: 'Carol' }]] },
  { id: 'collect-5', aql: 'FOR u IN users COLLECT AGGREGATE lo = MIN(u.age), hi = MAX(u.age), avg = AVERAGE(u.age), s = SUM(u.age), c = COUNT(u) RETURN {lo, hi, avg, s, c}', rows: [{ lo: 27, hi: 35, avg: 31, s: 93, c: 4 }] },
  { id: 'collect-6', aql: 'FOR u IN users COLLECT WITH COUNT INTO n RETURN n', rows: [4] },
  { id: 'collect-7', aql: 'FOR x IN [] COLLECT WITH COUNT INTO n RETURN n', rows: [0] },
  { id: 'collect-8', aql: 'FOR u IN users COLLECT city = u.city AGGREGATE total = SUM(u.age) SORT total DESC RETURN [city, total]', rows: [['Berlin', 66], ['Paris', 27], ['Rome', 0]] },
  { id: 'collect-9', aql: 'FOR x IN [{a: 1, b: 2}, {a: 1, b: 3}, {a: 2, b: 2}] COLLECT a = x.a, b = x.b RETURN [a, b]', rows: [[1, 2], [1, 3], [2, 2]] },
  { id: 'collect-10', aql: 'FOR x IN [3, 1, 3, 2] COLLECT v = x OPTIONS { method: "hash" } RETURN v', rows: [1, 2, 3] },
  { id: 'collect-11', aql: 'FOR i IN [1, 2] LET r = (FOR x IN [i, i, 5] COLLECT v = x RETURN [i, v]) RETURN r', rows: [[[1, 1], [1, 5]], [[2, 2], [2, 5]]] },
  { id: 'distinct-1', aql: 'FOR u IN users RETURN DISTINCT u.city', rows: ['Berlin', 'Paris', 'Rome'] },
  { id: 'distinct-2', aql: 'FOR x IN [[1], [1], {a: 1}, {a: 1}, 1] RETURN DISTINCT x', rows: [[1], { a: 1 }, 1] },
  { id: 'expr-arith', aql: 'RETURN [1 + 2, 7 % 3, -5 / 2, "5" + 1, null + 1, true * 3, [2] * [3], "x" - 1]', rows: [[3, 1, -2.5, 6, 1, 3, 6, -1]] },
  { id: 'expr-div0', aql: 'FOR i IN [0] RETURN [1 / i, 1 % i]', rows: [[null, null]], warnings: [1562, 1562] },
  { id: 'expr-logic', aql: 'RETURN [0 || "x", 1 && 2, null && false, !0, NOT 1, 1 AND 0, 0 OR []]', rows: [['x', 2, null, true, false, 0, []]] },
  { id: 'expr-types', aql: 'RETURN [null < false, false < 0, 0 < "", "" < [], [] < {}, [] == [null], {} == {a: null}, [1, 2] < [1, 3], {a: 1} < {b: 0}]', rows: [[true, true, true, true, true, true, true, true, false]] },
  { id: 'expr-in', aql: 'RETURN [1 IN [1, 2], 3 NOT IN [1, 2], 1 IN 1, "1" IN [1]]', rows: [[true, true, false, false]] },
  { id: 'expr-like', aql: 'RETURN ["abc" LIKE "a%", "abc" LIKE "_b_", "abc" NOT LIKE "b%", "a%c" LIKE "a\\\\%c", "ABC" LIKE "abc"]', rows: [[true, true, true, true, false]] },
  { id: 'expr-regex', aql: 'RETURN ["abc" =~ "^a.c$", "abc" !~ "x", "abc" =~ "B"]', rows: [[true, true, false]] },
  { id: 'expr-ternary', aql: 'RETURN [1 ? 2 : 3, 0 ? 2 : 3, null ?: "d", "v" ?: "d"]', rows: [[2, 3, 'd', 'v']] },
  { id: 'expr-range', aql: 'RETURN [3..1, 1..1, 1.7..3.2]', rows: [[[3, 2, 1], [1], [1, 2, 3]]] },
  { id: 'expr-access', aql: 'LET d = {a: {b: [1, 2, 3]}} RETURN [d.a.b[0], d.a.b[-1], d["a"]["b"][1], d.x.y, d.a.b[5], d.a.b[-4], d.a["b"][*]]', rows: [[1, 3, 2, null, null, null, [1, 2, 3]]] },
  { id: 'expr-proto', aql: 'LET d = {} RETURN [d.constructor, d.__proto__, d.toString, {__proto__: 1}.__proto__]', rows: [[null, null, null, 1]] },
  { id: 'expr-expand', aql: 'LET u = [{n: 1, f: [{x: 1}, {x: 2}]}, {n: 2, f: [{x: 3}]}] RETURN [u[*].n, u[*].f[*].x, u[* FILTER CURRENT.n > 1 RETURN CURRENT.n * 10], u[* LIMIT 1 RETURN CURRENT.n]]', rows: [[[1, 2], [[1, 2], [3]], [20], [1]]] },
  { id: 'expr-flatten', aql: 'LET a = [[1, [2]], [3]] RETURN [a[**], a[***], a[*]]', rows: [[[1, [2], 3], [1, 2, 3], [[1, [2]], [3]]]] },
  { id: 'expr-expand-null', aql: 'LET n = null LET o = 1 RETURN [n[*], o[*].a]', rows: [[[], []]] },
  { id: 'expr-quant', aql: 'RETURN [[1, 2, 3] ANY == 2, [1, 2, 3] ALL > 0, [1, 2, 3] NONE > 5, [] ALL == 1, [] ANY == 1, [1, 2] ANY IN [2, 3], [1, 2] ALL IN [2, 3], [1, 2, 3] AT LEAST (2) > 1, 1 ANY == 1]', rows: [[true, true, true, true, false, true, false, true, false]] },
  { id: 'expr-object', aql: 'LET a = 1 LET k = "dyn" RETURN {a, [k]: 2, "q r": 3, [CONCAT("x", a)]: 4}', rows: [{ a: 1, dyn: 2, 'q r': 3, x1: 4 }] },
  { id: 'expr-unary', aql: 'RETURN [-"3", +"4", -null, - -2, -[5]]', rows: [[-3, 4, 0, 2, -5]] },
  { id: 'expr-overflow', aql: 'FOR x IN [1e308] RETURN x * 10', rows: [null], warnings: [] },
  { id: 'bind-1', aql: 'FOR u IN @@c FILTER u.age > @min SORT u.age RETURN u.@attr', bind: { '@c': 'users', min: 28, attr: 'name' }, rows: ['Alice', 'Carol'] },
  { id: 'bind-2', aql: 'RETURN {a: {b: 1}}.@p', bind: { p: ['a', 'b'] }, rows: [1] },
  { id: 'bind-3', aql: 'RETURN @v', bind: { v: { x: [1, null] } }, rows: [{ x: [1, null] }] },
  { id: 'fn-coll-1', aql: 'RETURN [LENGTH(users), COUNT(orders), COLLECTION_COUNT("users")]', rows: [[4, 3, 4]] },
  { id: 'fn-doc-1', aql: 'RETURN [DOCUMENT(users, "a").name, DOCUMENT("users/b").age, DOCUMENT("users/zz")]', rows: [['Alice', 27, null]] },
  { id: 'fn-case', aql: 'RETURN [length([1, 2]), Length("abc")]', rows: [[2, 3]] },
  { id: 'subquery-expr', aql: 'RETURN LENGTH((FOR u IN users FILTER u.age > 28 RETURN 1))', rows: [2] },
  { id: 'subquery-correlated', aql: 'FOR u IN users SORT u._key LET n = (FOR o IN orders FILTER o.user == u._key RETURN o.amount) RETURN [u._key, n]', rows: [['a', [10, 5]], ['b', [7]], ['c', []], ['d', []]] },
  { id: 'scope-collect-outer', aql: 'FOR k IN ["a"] LET r = (FOR u IN users FILTER u._key == k COLLECT c = u.city RETURN [k, c]) RETURN r', rows: [[['a', 'Berlin']]] },
];

interface ErrorCase {
  id: string;
  aql: string;
  bind?: Record<string, unknown>;
  errorNum: number;
  message: string | RegExp;
  phase?: string;
}

const ERRORS: ErrorCase[] = [
  { id: 'err-1203', aql: 'FOR x IN nope RETURN x', errorNum: 1203, message: 'collection or view not found: nope', phase: 'parsing' },
  { id: 'err-1203-b', aql: 'RETURN nope', errorNum: 1203, message: 'collection or view not found: nope' },
  { id: 'err-1511', aql: 'LET x = 1 LET x = 2 RETURN x', errorNum: 1511, message: "variable 'x' is assigned multiple times" },
  { id: 'err-1511-b', aql: 'FOR i IN [1] RETURN (FOR i IN [2] RETURN i)', errorNum: 1511, message: "variable 'i' is assigned multiple times" },
  { id: 'err-1512', aql: 'FOR i IN 1..2 COLLECT x = i INTO g KEEP y RETURN g', errorNum: 1512, message: "unknown variable 'y'" },
  { id: 'err-1540', aql: 'RETURN NOFUNC()', errorNum: 1540, message: "usage of unknown function 'NOFUNC()'" },
  // found out when called (phase executing); ArangoDB's FCALL_USER names the calling
  // function, which a direct call does not pass: 'undefined()'
  { id: 'err-1582', aql: 'RETURN my::fn()', errorNum: 1582, message: "in function 'undefined()': user function 'MY::FN()' not found", phase: 'executing' },
  { id: 'err-1541', aql: 'RETURN ABS()', errorNum: 1541, message: "invalid number of arguments for function 'ABS()', expected number of arguments: minimum: 1, maximum: 1" },
  // AqlFunctionFeature registers NOT_NULL, FIRST_LIST and FIRST_DOCUMENT with ".|+": one argument at least
  { id: 'err-1541-not-null', aql: 'RETURN NOT_NULL()', errorNum: 1541, message: "invalid number of arguments for function 'NOT_NULL()', expected number of arguments: minimum: 1, maximum: 65536" },
  { id: 'err-1541-first-list', aql: 'RETURN FIRST_LIST()', errorNum: 1541, message: "invalid number of arguments for function 'FIRST_LIST()', expected number of arguments: minimum: 1, maximum: 65536" },
  { id: 'err-1541-first-document', aql: 'RETURN FIRST_DOCUMENT()', errorNum: 1541, message: "invalid number of arguments for function 'FIRST_DOCUMENT()', expected number of arguments: minimum: 1, maximum: 65536" },
  { id: 'err-1551', aql: 'RETURN @x', errorNum: 1551, message: "no value specified for declared bind parameter 'x'" },
  { id: 'err-1552', aql: 'RETURN 1', bind: { y: 1 }, errorNum: 1552, message: "bind parameter 'y' was not declared in the query" },
  { id: 'err-1553', aql: 'FOR u IN @@c RETURN u', bind: { '@c': 1 }, errorNum: 1553, message: "bind parameter '@c' has an invalid value or type" },
  { id: 'err-1553-attr', aql: 'RETURN {}.@a', bind: { a: 5 }, errorNum: 1553, message: "bind parameter 'a' has an invalid value or type" },
  { id: 'err-1568', aql: 'RETURN users', errorNum: 1568, message: "collection 'users' used as expression operand" },
  { id: 'err-1563', aql: 'FOR x IN 1 RETURN x', errorNum: 1563, message: "collection or array expected as operand to FOR loop; you provided a value of type 'number'", phase: 'executing' },
  { id: 'err-1574', aql: 'FOR i IN 1..3 COLLECT AGGREGATE x = CONCAT(i) RETURN x', errorNum: 1574, message: 'invalid aggregate expression' },
  { id: 'err-1504', aql: 'FOR i IN 1..3 LIMIT -1 RETURN i', errorNum: 1504, message: 'number out of range' },
  { id: 'err-1575', aql: 'FOR i IN 1..3 COLLECT x = i OPTIONS { method: i } RETURN x', errorNum: 1575, message: "'OPTIONS' have to be known at query compile time near '} RETURN x' at position 1:49" },
];

describe('AQL queries', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ users: USERS, orders: ORDERS });
  });
  after(async () => {
    await db.close();
  });

  for (const c of CASES) {
    it(`${c.id}: ${c.aql}`, async () => {
      const r = await db.runFull(c.aql, c.bind ?? {});
      assert.deepEqual(r.rows, c.rows);
      assert.deepEqual(r.warnings.map((w) => w.code), c.warnings ?? []);
      if (c.nodes) assert.deepEqual(db.nodeTypes(c.aql, c.bind ?? {}), c.nodes);
    });
  }

  for (const c of ERRORS) {
    it(`${c.id}: ${c.aql} fails with ${c.errorNum}`, async () => {
      await assert.rejects(db.run(c.aql, c.bind ?? {}), (e: unknown) => {
        assert.ok(e instanceof ArangoError, String(e));
        assert.equal(e.errorNum, c.errorNum);
        if (typeof c.message === 'string') assert.equal(e.message, c.message);
        else assert.match(e.message, c.message);
        if (c.phase) assert.equal(e.phase, c.phase);
        return true;
      });
    });
  }

  it('records 1562 once when folding a constant division by zero, and explain reports it', async () => {
    const r = await db.runFull('FOR i IN 1..10 RETURN 1 / 0');
    assert.deepEqual(r.rows, new Array(10).fill(null));
    assert.deepEqual(r.warnings, [{ code: 1562, message: 'division by zero' }]);
    const ex = db.explain('FOR i IN 1..10 RETURN 1 / 0');
    assert.equal(ex.cacheable, false);
    assert.deepEqual(ex.warnings, [{ code: 1562, message: 'division by zero' }]);
  });

  it('turns the first warning into the error under failOnWarning', async () => {
    await assert.rejects(db.run('RETURN 1 / 0', {}, { failOnWarning: true }), (e: ArangoError) => e.errorNum === 1562 && e.message === 'division by zero');
  });

  it('keeps at most maxWarningCount warnings', async () => {
    const r = await db.runFull('FOR i IN [0, 0, 0, 0] RETURN 1 / i', {}, { maxWarningCount: 2 });
    assert.deepEqual(r.warnings.map((w) => w.code), [1562, 1562]);
  });

  it('fails with 32 when a SORT needs more than memoryLimit', async () => {
    await assert.rejects(db.run('FOR i IN 1..20000 SORT i DESC RETURN i', {}, { memoryLimit: 100000 }), (e: ArangoError) => e.errorNum === 32 && e.status === 500);
  });

  it('SORT + LIMIT keeps the rows of the stable full sort, ties and mixed types included', async () => {
    const values = '[null, "b", 3, "a", [1], 1, {x: 1}, true, 3, "b", null, 2.5, false, [0], 1]';
    for (const [offset, count] of [[0, 1], [0, 5], [2, 4], [7, 3], [0, 200], [190, 20], [3, 0]]) {
      for (const dir of ['ASC', 'DESC']) {
        const q = `FOR i IN 1..500 LET x = ${values}[(i * 7919) % 15] SORT x ${dir} LIMIT ${offset}, ${count} RETURN [i, x]`;
        assert.ok(db.explain(q).plan.rules.includes('sort-limit'), q);
        assert.deepEqual(await db.run(q), await db.run(q, {}, { optimizer: { rules: ['-sort-limit'] } }), q);
      }
    }
    // the bounded block holds `limit` rows, not the input
    await db.run('FOR i IN 1..50000 SORT i DESC LIMIT 3 RETURN i', {}, { memoryLimit: 20000 });
  });

  it('groups strings apart from every other value that prints alike (COLLECT and RETURN DISTINCT)', async () => {
    const values = '[1, "1", null, "null", "a", "\\"a\\"", "s", "sa", "s1", true, "true", [1], "[1]", {a: 1}, "{\\"a\\":1}", "", 1, "a"]';
    const grouped = await db.run(`FOR v IN ${values} COLLECT k = v WITH COUNT INTO n RETURN [k, n]`);
    assert.equal(grouped.length, 16);
    assert.deepEqual(grouped.filter((g) => (g as [unknown, number])[1] === 2), [[1, 2], ['a', 2]]);
    assert.equal((await db.run(`FOR v IN ${values} RETURN DISTINCT v`)).length, 16);
  });

  it('holds only the groups of a COLLECT, not its input rows, against memoryLimit', async () => {
    const q = 'FOR i IN 1..20000 LET s = CONCAT("padding padding padding ", i) COLLECT k = i % 3 AGGREGATE n = COUNT(s), m = MAX(i) RETURN [k, n, m]';
    assert.deepEqual(await db.run(q, {}, { memoryLimit: 100000 }), [
      [0, 6666, 19998],
      [1, 6667, 19999],
      [2, 6667, 20000],
    ]);
    const counted = 'FOR i IN 1..20000 LET s = CONCAT("padding ", i) COLLECT k = i % 2 WITH COUNT INTO n RETURN [k, n]';
    assert.deepEqual(await db.run(counted, {}, { memoryLimit: 100000 }), [
      [0, 10000],
      [1, 10000],
    ]);
    // what INTO keeps is held, and counted
    const into = 'FOR i IN 1..20000 LET s = CONCAT("padding ", i) COLLECT k = i % 2 INTO g = s RETURN LENGTH(g)';
    await assert.rejects(db.run(into, {}, { memoryLimit: 100000 }), (e: ArangoError) => e.errorNum === 32 && e.status === 500);
    assert.deepEqual(await db.run(into), [10000, 10000]);
  });

  it('reads about as many documents as a LIMIT asks for', async () => {
    const r = await db.runFull('FOR u IN users LIMIT 2 RETURN u._key');
    assert.deepEqual(r.rows, ['a', 'b']);
    assert.equal(r.stats.scannedFull, 2);
  });

  it('counts rows past the top-level LIMIT with fullCount', async () => {
    const r = await db.runFull('FOR i IN 1..100 FILTER i % 2 == 0 LIMIT 3 RETURN i', {}, { fullCount: true });
    assert.deepEqual(r.rows, [2, 4, 6]);
    assert.equal(r.stats.fullCount, 50);
    assert.equal(r.stats.filtered, 50);
    const plain = await db.runFull('FOR i IN 1..100 LIMIT 3 RETURN i');
    assert.equal(plain.stats.fullCount, undefined);
  });

  it('reports scannedFull, filtered and all of 3.12 stats fields', async () => {
    const r = await db.runFull('FOR u IN users FILTER u.age > 30 RETURN 1');
    assert.equal(r.stats.scannedFull, 4);
    assert.equal(r.stats.filtered, 2);
    for (const k of ['writesExecuted', 'writesIgnored', 'documentLookups', 'seeks', 'scannedIndex', 'cursorsCreated', 'cursorsRearmed', 'cacheHits', 'cacheMisses', 'httpRequests', 'executionTime', 'peakMemoryUsage', 'intermediateCommits']) {
      assert.equal(typeof (r.stats as unknown as Record<string, unknown>)[k], 'number', k);
    }
  });

  it('hands out batches on demand and marks the batch with the last row as done', async () => {
    const q = db.start('FOR i IN 1..5 RETURN i');
    assert.deepEqual(await q.next(2), { rows: [1, 2], done: false });
    assert.equal(q.progress >= 2, true);
    assert.deepEqual(await q.next(3), { rows: [3, 4, 5], done: true });
    q.finish();
    const empty = db.start('FOR i IN [] RETURN i');
    assert.deepEqual(await empty.next(10), { rows: [], done: true });
    empty.close();
  });

  it('stops a SLEEP loop as soon as its signal aborts, with the abort reason', async () => {
    const ac = new AbortController();
    const q = db.start('FOR i IN 1..100 LET s = SLEEP(10) RETURN i', {}, {}, ac.signal);
    const pending = q.next(10);
    setTimeout(() => ac.abort(new ArangoError(ERR.ERROR_QUERY_KILLED)), 20);
    const t0 = Date.now();
    await assert.rejects(pending, (e: ArangoError) => e.errorNum === 1500 && e.status === 410);
    assert.ok(Date.now() - t0 < 9000, 'the query stopped before its first SLEEP ended');
    q.close();
  });

  it('kills a query after maxRuntime', async () => {
    await assert.rejects(db.run('RETURN SLEEP(10)', {}, { maxRuntime: 0.05 }), (e: ArangoError) => e.errorNum === 1500);
  });

  it('lets timers run while a heavy query sorts', async () => {
    let ticks = 0;
    let ticksWhenDone = -1;
    const timer = setInterval(() => ticks++, 1);
    try {
      const done = db.run('FOR i IN 1..200000 SORT -i LIMIT 1 RETURN i').then((rows) => {
        ticksWhenDone = ticks;
        return rows;
      });
      assert.deepEqual(await done, [200000]);
      assert.ok(ticksWhenDone > 0, 'a 1 ms interval fired while the query ran');
    } finally {
      clearInterval(timer);
    }
  });

  it('explains plans with ArangoDB node types, variables and collections', () => {
    const ex = db.explain('FOR u IN users FILTER u.age > 30 RETURN u', {}, { optimizer: { rules: ['-move-filters-into-enumerate'] } });
    assert.deepEqual(ex.plan.nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    assert.deepEqual(ex.plan.collections, [{ name: 'users', type: 'read' }]);
    assert.ok(ex.plan.variables.some((v: { name: string }) => v.name === 'u'));
    assert.equal(typeof ex.plan.estimatedCost, 'number');
    assert.equal(ex.cacheable, true);
    const enumerate = ex.plan.nodes[1];
    assert.equal(enumerate.collection, 'users');
    assert.deepEqual(enumerate.dependencies, [ex.plan.nodes[0].id]);
    assert.equal(ex.plan.nodes[2].expression.type, 'compare >');
    const all = db.explain('RETURN 1', {}, { allPlans: true });
    assert.equal(all.plans.length, 1);
    assert.equal('plan' in all, false);
  });
});
