// Cases from ArangoDB 3.12's own AQL tests of COLLECT, LIMIT and plain queries
// (tests/js/client/aql: aql-collect-subquery-scope-regression.js, aql-fullcount.js,
// aql-queries-simple.js) that Cairn answered differently. Each runs with the optimizer on
// and with every rule off.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

const ALL_OFF = { optimizer: { rules: ['-all'] } };

describe('COLLECT, LIMIT and plain queries, as ArangoDB tests them', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: [{ values: ['foo', 'bar'] }, { values: ['bar'] }, { values: ['baz'] }] });
  });
  after(async () => {
    await db.close();
  });

  async function errorNum(query: string, options = {}): Promise<number | undefined> {
    try {
      await db.run(query, {}, options);
    } catch (e) {
      return (e as { errorNum?: number }).errorNum;
    }
    return undefined;
  }

  it('fails with 1512 when a COLLECT reads its own outputs', async () => {
    const queries = [
      'FOR x IN [] COLLECT c = x INTO g = c RETURN g',
      'FOR x IN [] COLLECT c = x INTO g = (FOR j IN [] RETURN (FOR k IN [] RETURN c + 1)) RETURN g',
      'FOR x IN [] COLLECT c = x, d = x + 1 INTO g = d RETURN g',
      'FOR x IN [] COLLECT AGGREGATE c = LENGTH(x) INTO g = c RETURN g',
      'FOR x IN [] COLLECT a = 1, b = a RETURN b',
      'FOR x IN [] COLLECT a = 1, b = 2, c = [a, b] RETURN c',
      'FOR x IN [] COLLECT a = 1, b = (FOR j IN [] RETURN a) RETURN b',
      'FOR x IN [1] COLLECT a = x AGGREGATE m = MAX(a) RETURN m',
      'FOR i IN 1..3 COLLECT AGGREGATE m = MAX(i), n = MAX(m) RETURN [m, n]',
    ];
    for (const q of queries) {
      assert.equal(await errorNum(q), 1512, q);
      assert.equal(await errorNum(q, ALL_OFF), 1512, q);
    }
    // a name that is no variable is still a collection
    assert.equal(await errorNum('LET t = (COLLECT foo = undefined RETURN true) RETURN true'), 1203);
    assert.deepEqual(await db.run('FOR x IN [1, 2] COLLECT a = x, b = x * 2 INTO g = x RETURN [a, b, g]'), [[1, 2, [1]], [2, 4, [2]]]);
  });

  it('keeps the variables declared before the first FOR visible after COLLECT', async () => {
    const rows = async (q: string) => {
      const optimized = await db.run(q);
      assert.deepEqual(await db.run(q, {}, ALL_OFF), optimized, q);
      return optimized;
    };
    assert.deepEqual(await rows('LET x = 1 FOR i IN 1..2 COLLECT y = i RETURN [x, y]'), [[1, 1], [1, 2]]);
    assert.deepEqual(await rows('LET x = 1 FOR i IN 1..2 COLLECT y = i COLLECT z = y RETURN [x, z]'), [[1, 1], [1, 2]]);
    assert.deepEqual(await rows('LET x = 1 COLLECT y = x RETURN [x, y]'), [[1, 1]]);
    assert.deepEqual(await rows('FOR o IN 1..2 LET s = (LET b = o * 10 FOR i IN 1..2 COLLECT k = i RETURN [o, b, k]) RETURN s'), [
      [[1, 10, 1], [1, 10, 2]],
      [[2, 20, 1], [2, 20, 2]],
    ]);
    // what came after the first FOR is gone (the name is taken for a collection)
    assert.equal(await errorNum('LET x = 1 FOR i IN 1..2 LET z = i COLLECT y = i RETURN z'), 1203);
    assert.equal(await errorNum('FOR i IN 1..2 COLLECT y = i COLLECT z = y RETURN y'), 1203);
    // a group variable may not reuse a visible name; INTO and WITH COUNT INTO come after the FOR ended
    assert.equal(await errorNum('FOR i IN 1..2 COLLECT i = i RETURN i'), 1511);
    assert.equal(await errorNum('LET x = 1 FOR i IN 1..2 COLLECT x = i RETURN x'), 1511);
    assert.equal(await errorNum('LET x = 1 FOR i IN 1..2 COLLECT y = i INTO x RETURN x'), 1511);
    assert.deepEqual(await rows('FOR i IN 1..2 COLLECT x = i WITH COUNT INTO i RETURN [x, i]'), [[1, 1], [2, 1]]);
  });

  it('keeps in INTO without KEEP the variables set since the first FOR', async () => {
    const rows = async (q: string) => {
      const optimized = await db.run(q);
      assert.deepEqual(await db.run(q, {}, ALL_OFF), optimized, q);
      return optimized;
    };
    assert.deepEqual(await rows('LET q = 5 FOR i IN 1..2 LET x = i * 2 COLLECT y = i INTO g RETURN [q, g]'), [
      [5, [{ i: 1, x: 2 }]],
      [5, [{ i: 2, x: 4 }]],
    ]);
    assert.deepEqual(await rows('LET s = (LET b = 1 FOR i IN 1..2 COLLECT k = i INTO g RETURN g) RETURN s'), [[[{ i: 1 }], [{ i: 2 }]]]);
    // no FOR before: everything
    assert.deepEqual(await rows('LET q = 5 COLLECT y = 1 INTO g RETURN g'), [[{ q: 5 }]]);
  });

  it('reports fullCount without a top-level LIMIT as the number of results', async () => {
    const q = "FOR doc IN c LET found = (FOR value IN doc.values FILTER value == 'bar' || value == 'foo' LIMIT 1 RETURN true) FILTER LENGTH(found) > 0 RETURN doc";
    for (const options of [{ fullCount: true }, { fullCount: true, ...ALL_OFF }]) {
      const r = await db.runFull(q, {}, options);
      assert.equal(r.rows.length, 2);
      assert.equal(r.stats.fullCount, 2);
    }
    assert.equal((await db.runFull(q)).stats.fullCount, undefined);
    assert.equal((await db.runFull('FOR doc IN c LIMIT 1, 1 RETURN doc', {}, { fullCount: true })).stats.fullCount, 3);
  });

  it('aggregates invalid values to null without warnings, as ArangoDB aggregators do', async () => {
    const q = "FOR i IN [{v: 1}, {v: 'x'}, {v: null}, {}] COLLECT AGGREGATE s = SUM(i.v), a = AVG(i.v), mn = MIN(i.v), mx = MAX(i.v), b = BIT_OR(i.v) RETURN [s, a, mn, mx, b]";
    for (const options of [{}, ALL_OFF, { failOnWarning: true }]) {
      const r = await db.runFull(q, {}, options);
      assert.deepEqual(r.rows, [[null, null, 1, 'x', null]]);
      assert.deepEqual(r.warnings, []);
    }
  });

  it('warns about unknown COLLECT options', async () => {
    const r = await db.runFull("FOR i IN [1, 2] COLLECT x = i OPTIONS { method: 'hash', foo: 1 } RETURN x");
    assert.deepEqual(r.rows, [1, 2]);
    assert.deepEqual(r.warnings.map((w) => [w.code, w.message]), [[1539, "usage of unknown OPTIONS attribute 'foo' in COLLECT statement"]]);
    assert.deepEqual((await db.runFull("FOR i IN [1, 2] COLLECT x = i OPTIONS { method: 'sorted' } RETURN x")).warnings, []);
  });

  it('refuses a plan of more than 4000 execution nodes with 1524', async () => {
    const plan = (filters: number) => `LET x = NOOPT('testi') ${'FILTER x '.repeat(filters)} RETURN 1`;
    assert.deepEqual(await db.run(plan(3996), {}, ALL_OFF), [1]);
    assert.equal(await errorNum(plan(4000), ALL_OFF), 1524);
    assert.equal(await errorNum(plan(4000)), 1524);
  });
});
