// Cases found by replaying ArangoDB 3.12's own AQL tests (tests/js/common/aql, run in
// arangosh against Cairn through a harness kept outside the repository) where Cairn
// answered differently. Each case names the upstream file and test it reproduces; the
// queries and expected answers are upstream's, the assertions Cairn's own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { collectionSpec } from '../helpers/server.js';

const ALL_OFF = { optimizer: { rules: ['-all'] } };
const only = (...rules: string[]) => ({ optimizer: { rules: ['-all', ...rules.map((r) => `+${r}`)] } });

/** A compact form of an explained expression: `(type sub sub)`, values as JSON. */
function shape(e: any): string {
  if (e.type === 'value') return JSON.stringify(e.value);
  if (e.type === 'attribute access') return `${shape(e.subNodes[0])}.${e.name}`;
  if (e.type === 'reference') return e.name;
  if (e.type === 'function call') return `${e.name}(${e.subNodes[0].subNodes.map(shape).join(', ')})`;
  return `(${e.type}${(e.subNodes ?? []).map((s: any) => ` ${shape(s)}`).join('')})`;
}

describe('AQL as ArangoDB replays it (tests/js/common/aql, second round)', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({
      c: Array.from({ length: 20 }, (_, i) => ({ group: `test${i % 4}`, value: i })),
      sink: [],
    });
  });
  after(async () => {
    await db.close();
  });

  const rules = (q: string, options = {}): string[] => db.explain(q, {}, options).plan.rules;
  const calculations = (q: string, options = {}): string[] =>
    db
      .explain(q, {}, options)
      .plan.nodes.filter((n: any) => n.type === 'CalculationNode')
      .map((n: any) => shape(n.expression));

  describe('COLLECT without groups', () => {
    // aql-optimizer-collect-count.js, testCollectSortedUndefined / testCollectCountUndefined
    it('aggregates SUM over no rows to null, and counts them as 0', async () => {
      for (const options of [{}, ALL_OFF]) {
        assert.deepEqual(await db.run('FOR i IN [] COLLECT AGGREGATE s = SUM(i) RETURN s', {}, options), [null]);
        assert.deepEqual(await db.run('FOR i IN [] COLLECT AGGREGATE s = SUM(i), n = COUNT(i), m = MAX(i) RETURN [s, n, m]', {}, options), [[null, 0, null]]);
        // a SUM that saw rows, even only nulls, is a number
        assert.deepEqual(await db.run('FOR i IN [null, null] COLLECT AGGREGATE s = SUM(i) RETURN s', {}, options), [0]);
        assert.deepEqual(await db.run('FOR i IN [1, 2] COLLECT AGGREGATE s = SUM(i) RETURN s', {}, options), [3]);
      }
      // grouped: every group has rows
      assert.deepEqual(await db.run('FOR i IN [1, 2, 2] COLLECT k = i AGGREGATE s = SUM(i) RETURN [k, s]'), [[1, 1], [2, 4]]);
    });

    // aql-optimizer-rule-remove-collect-variables.js, testPlans; aql-optimizer-collect-count.js, testCountSimple
    it('shows the sort of a grouping COLLECT: before a sorted one, after a hash one', async () => {
      const plan = (q: string) => {
        const nodes = db.explain(q, {}, only('remove-collect-variables')).plan.nodes;
        return { types: nodes.map((n: any) => n.type), method: nodes.find((n: any) => n.type === 'CollectNode').collectOptions.method, sort: nodes.find((n: any) => n.type === 'SortNode') };
      };
      const cases: [string, string[], string][] = [
        ['FOR i IN 1..10 COLLECT a = i INTO group RETURN a', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'SortNode', 'CollectNode', 'ReturnNode'], 'sorted'],
        ['FOR i IN 1..10 COLLECT v = i WITH COUNT INTO cnt RETURN 1', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CollectNode', 'SortNode', 'CalculationNode', 'ReturnNode'], 'hash'],
        ['FOR i IN 1..10 COLLECT v = i AGGREGATE cnt = COUNT() RETURN 1', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CollectNode', 'SortNode', 'CalculationNode', 'ReturnNode'], 'hash'],
        ['FOR i IN 1..10 COLLECT v = i OPTIONS { method: "sorted" } RETURN v', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'SortNode', 'CollectNode', 'ReturnNode'], 'sorted'],
        ['FOR d IN c COLLECT g = d.group RETURN g', ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'SortNode', 'CollectNode', 'ReturnNode'], 'sorted'],
        ['FOR i IN 1..2 FOR j IN 1..3 COLLECT v = j RETURN v', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'EnumerateListNode', 'SortNode', 'CollectNode', 'ReturnNode'], 'sorted'],
        ['FOR i IN 1..10 COLLECT AGGREGATE s = SUM(i) RETURN s', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CollectNode', 'ReturnNode'], 'sorted'],
      ];
      for (const [q, types, method] of cases) {
        const p = plan(q);
        assert.deepEqual(p.types, types, q);
        assert.equal(p.method, method, q);
      }
      assert.equal(plan('FOR i IN 1..10 COLLECT a = i INTO group RETURN a').sort.stable, true);
      assert.equal(plan('FOR i IN 1..10 COLLECT v = i WITH COUNT INTO cnt RETURN 1').sort.stable, false);
      // the groups come out in order either way
      assert.deepEqual(await db.run('FOR i IN [3, 1, 2, 1] COLLECT v = i WITH COUNT INTO n RETURN [v, n]'), [[1, 2], [2, 1], [3, 1]]);
      assert.deepEqual(await db.run('FOR i IN [3, 1, 2, 1] COLLECT v = i INTO g RETURN [v, LENGTH(g)]'), [[1, 2], [2, 1], [3, 1]]);
    });

    // aql-optimizer-collect-count.js, testCollectCountUndefined
    it('uses the count method for one LENGTH or COUNT aggregate alone, as for WITH COUNT INTO', () => {
      const method = (q: string) => db.explain(q, {}, { optimizer: { rules: ['-remove-unnecessary-calculations', '-remove-unnecessary-calculations-2'] } }).plan.nodes.find((n: any) => n.type === 'CollectNode').collectOptions.method;
      assert.equal(method('FOR i IN [] COLLECT AGGREGATE count = count(i) RETURN count'), 'count');
      assert.equal(method('FOR i IN [] COLLECT AGGREGATE n = LENGTH(1) RETURN n'), 'count');
      assert.equal(method('FOR i IN [] COLLECT WITH COUNT INTO n RETURN n'), 'count');
      assert.equal(method('FOR i IN [] COLLECT AGGREGATE s = SUM(i) RETURN s'), 'sorted');
      assert.equal(method('FOR i IN [] COLLECT AGGREGATE n = COUNT(i), s = SUM(i) RETURN [n, s]'), 'sorted');
      assert.equal(method('FOR i IN [] COLLECT k = i AGGREGATE n = COUNT(i) RETURN [k, n]'), 'hash');
    });
  });

  describe('explain output', () => {
    // aql-optimizer-condition.js, testNegation and testAndMerge
    it('prints NOT as "unary not" and a constant array as an array node of values', () => {
      const opt = { optimizer: { rules: ['-move-filters-into-enumerate'] } };
      assert.deepEqual(calculations("FOR doc IN c FILTER doc.a != null && !(doc.a == 'abc' || doc.a == 'def') RETURN doc", opt), [
        '(logical and (compare != doc.a null) (unary not (logical or (compare == doc.a "abc") (compare == doc.a "def"))))',
      ]);
      assert.deepEqual(calculations("FOR doc IN c FILTER doc.b == 1 && (doc.c == 'a' || doc.c == 'b') && doc.a IN [1,2] RETURN doc", opt), [
        '(logical and (logical and (compare == doc.b 1) (compare in doc.c (array "a" "b"))) (compare in doc.a (array 1 2)))',
      ]);
      const node = db.explain('RETURN NOOPT(@v)', { v: { a: [1] } }).plan.nodes.find((n: any) => n.type === 'CalculationNode');
      assert.equal(shape(node.expression), 'NOOPT((object (object element (array 1))))');
    });
  });

  describe('remove-redundant-calculations', () => {
    // aql-optimizer-rule-remove-redundant-calculations.js, testResults
    it('sees two writings of the same expansion as one calculation', async () => {
      const q = 'LET v = [ { a: 1 }, { a: 2 }, { a: 3 } ] FOR i IN v LET r = MAX(v[*].a) == 3 RETURN MAX(v[*].a) == 3';
      assert.deepEqual(rules(q, only('remove-redundant-calculations')), ['remove-redundant-calculations']);
      assert.deepEqual(await db.run(q, {}, only('remove-redundant-calculations')), [true, true, true]);
      // a filter on the expansion makes it another expression
      assert.deepEqual(rules('LET v = [1, 2] FOR i IN v LET r = v[* FILTER CURRENT > 1] RETURN [r, v[* FILTER CURRENT > 0]]', only('remove-redundant-calculations')), []);
    });
  });

  describe('remove-unnecessary-calculations', () => {
    const opt = only('remove-unnecessary-calculations', 'remove-unnecessary-calculations-2');
    const disabled = { optimizer: { rules: ['-remove-unnecessary-calculations', '-remove-unnecessary-calculations-2'] } };

    // aql-optimizer-rule-remove-unnecessary-calculations.js, testRuleHasEffect / testPlans
    it('inlines a calculation read by one later calculation of the same loop', async () => {
      const cases: [string, string[], unknown[]][] = [
        ['LET a = 11 RETURN a + 1', ['(plus 11 1)'], [12]],
        ['LET a = 14 RETURN a == 8 && a != 7', ['(logical and (compare == 14 8) (compare != 14 7))'], [false]],
        ['LET a = 7 LET b = 2 RETURN [ a, b ]', ['(array 7 2)'], [[7, 2]]],
        ['FOR i IN [1] LET a = i + 1, b = a + 1 RETURN b', ['(array 1)', '(plus (plus i 1) 1)'], [3]],
        ['FOR i IN [{ a: 3 }] LET a = i.a RETURN a * a', ['(array (object (object element 3)))', '(times i.a i.a)'], [9]],
        ["FOR doc IN [ { a: 1 }, { a: 2 } ] LET a = ATTRIBUTES(doc) RETURN KEEP(doc, a)", ['(array (object (object element 1)) (object (object element 2)))', 'KEEP(doc, ATTRIBUTES(doc))'], [{ a: 1 }, { a: 2 }]],
      ];
      for (const [q, calcs, rows] of cases) {
        assert.deepEqual(rules(q, opt), ['remove-unnecessary-calculations'], q);
        assert.deepEqual(calculations(q, opt), calcs, q);
        assert.deepEqual(await db.run(q, {}, opt), rows, q);
        assert.deepEqual(await db.run(q, {}, disabled), rows, q);
      }
    });

    // aql-optimizer-rule-remove-unnecessary-calculations.js, testRuleNoEffect
    it('keeps a calculation read twice, read by another kind of node, or read inside a deeper loop', () => {
      const queries = [
        'FOR i IN [1] LET a = i * 2 RETURN a * a',
        "FOR i IN [1] LET a = CONCAT('a', i) RETURN CONCAT(a, a)",
        'FOR i IN [1] LET x = i[0] RETURN x + x',
        'FOR i IN [1] LET a = i * 2 COLLECT y = a INTO g RETURN [ y * 2, g ]',
        "LET a = NOOPT(CONCAT('a', 'b')) FOR i IN [ 1, 2, 3 ] RETURN CONCAT(a, 'b')",
        'FOR a in [1,7,4] SORT a + 1 RETURN a',
        'LET a = RAND() LET b = a + 1 RETURN b',
        'LET a = SLEEP(0.01) RETURN 1',
        'LET x = (FOR k IN [1] RETURN k) RETURN x',
      ];
      for (const q of queries) assert.deepEqual(rules(q, opt).filter((r) => r !== 'splice-subqueries'), [], q);
    });

    // aql-optimizer-rule-remove-unnecessary-calculations.js, testDontMoveExpensiveCallIntoInnerLoop / testPlans
    it('inlines a constant into every calculation that reads it, also inside a loop, but nothing else into a loop', async () => {
      const cases: [string, boolean, unknown[]][] = [
        ['LET values = [3] FOR j IN 1..5 FILTER j IN values RETURN j', true, [3]],
        ['LET value = 3 FOR j IN 1..5 FILTER j == value RETURN [j, value]', true, [[3, 3]]],
        ['LET value = 3 FOR j IN 1..5 FILTER j == NOOPT(value) RETURN [j, value]', true, [[3, 3]]],
        ['LET values = NOOPT([3]) FOR j IN 1..5 FILTER j IN values RETURN j', false, [3]],
        ['LET values = SORTED_UNIQUE(NOOPT(1..3)) FOR j IN 1..5 FILTER j IN values RETURN j', false, [1, 2, 3]],
        ['LET value = NOOPT(3) FOR j IN 1..5 FILTER j == value RETURN [j, value]', false, [[3, 3]]],
      ];
      for (const [q, applied, rows] of cases) {
        assert.equal(rules(q).includes('remove-unnecessary-calculations'), applied, q);
        assert.deepEqual(await db.run(q), rows, q);
      }
      assert.deepEqual(db.nodeTypes('FOR i IN 1..10 LET a = 1 FILTER i == a RETURN i'), ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']);
    });

    it('still runs SLEEP whose result nobody reads', async () => {
      const started = Date.now();
      assert.deepEqual(await db.run('LET a = SLEEP(0.2) RETURN 1'), [1]);
      assert.ok(Date.now() - started >= 150);
    });

    // aql-optimizer-rule-remove-unnecessary-calculations.js, testRuleHasEffect (subqueries)
    it('drops a subquery nobody reads unless it writes or is not deterministic', async () => {
      for (const q of ['FOR i IN [1] LET x = (FOR j IN [1] RETURN j) RETURN i', 'LET x = (FOR k IN [1] RETURN k) RETURN 1']) {
        assert.deepEqual(rules(q, opt).filter((r) => r !== 'splice-subqueries'), ['remove-unnecessary-calculations'], q);
        assert.ok(!db.explain(q, {}, opt).plan.nodes.some((n: any) => n.type === 'SubqueryStartNode'), q);
      }
      assert.ok(db.nodeTypes('LET x = (FOR k IN [1] RETURN RAND()) RETURN 1').includes('SubqueryStartNode'));
      assert.deepEqual(await db.run('LET x = (INSERT { v: 1 } INTO sink) RETURN 1'), [1]);
      assert.deepEqual(await db.run('FOR d IN sink RETURN d.v'), [1]);
    });
  });

  describe('remove-redundant-sorts (optimizer/rules-sort.ts)', () => {
    const friends = JSON.stringify([
      { friend: { name: 'piotr' }, id: 1, age: 10 },
      { friend: { name: 'heiko' }, id: 2, age: 20 },
      { friend: { name: 'micha' }, id: 3, age: 30 },
    ]);
    const sorts = (q: string, options = {}) => db.explain(q, {}, options).plan.nodes.filter((n: any) => n.type === 'SortNode').length;

    // aql-queries-optimizer-sort.js, testSortTripplets1..3
    it('keeps the one SORT that decides the order of several in a row', async () => {
      const cases: [string, string[], number][] = [
        ['SORT f.friend.name, f.id, f.age SORT f.friend.name, f.id SORT f.id', ['piotr', 'heiko', 'micha'], 1],
        ['SORT f.friend.name, f.id, f.age SORT f.id SORT f.friend.name, f.id ASC', ['heiko', 'micha', 'piotr'], 3],
        ['SORT f.id SORT f.friend.name, f.id, f.age SORT f.friend.name, f.id ASC', ['heiko', 'micha', 'piotr'], 3],
      ];
      for (const [sortClauses, names, calcs] of cases) {
        const q = `LET friends = ${friends} FOR f IN friends ${sortClauses} RETURN f`;
        assert.equal(sorts(q), 1, q);
        assert.ok(rules(q).includes('remove-redundant-sorts'), q);
        // the friends array, then the sort criteria of the SORT kept
        assert.equal(db.nodeTypes(q).filter((t) => t === 'CalculationNode').length, 1 + calcs, q);
        const name = (rows: any[]) => rows.map((r) => r.friend.name);
        assert.deepEqual(name(await db.run(q)), names, q);
        assert.deepEqual(name(await db.run(q, {}, ALL_OFF)), names, q);
      }
    });

    // aql-queries-optimizer-sort.js, testMultipleSorts1..3
    it('drops an equal SORT, and a SORT the next one overrides', async () => {
      assert.equal(sorts('FOR i IN [3, 1, 2] SORT i SORT i RETURN i', only('remove-redundant-sorts')), 1);
      assert.equal(sorts('FOR i IN [3, 1, 2] SORT i SORT i DESC RETURN i', only('remove-redundant-sorts')), 1);
      assert.deepEqual(await db.run('FOR i IN [3, 1, 2] SORT i SORT i DESC RETURN i', {}, only('remove-redundant-sorts')), [3, 2, 1]);
      // a loop, a LIMIT or a non-deterministic calculation between them: both stay
      assert.equal(sorts('FOR i IN [3, 1] SORT i FOR j IN [2, 1] SORT j RETURN [i, j]', only('remove-redundant-sorts')), 2);
      assert.equal(sorts('FOR i IN [3, 1, 2] SORT i LIMIT 2 SORT i DESC RETURN i', only('remove-redundant-sorts')), 2);
      assert.deepEqual(await db.run('FOR i IN [3, 1, 2] SORT i LIMIT 2 SORT i DESC RETURN i'), [2, 1]);
      assert.equal(sorts('FOR i IN [3, 1, 2] SORT i LET r = RAND() SORT i DESC RETURN [i, r]', only('remove-redundant-sorts')), 2);
    });
  });

  describe('remove-sort-rand-limit-1 (optimizer/rules-sort.ts)', () => {
    // aql-optimizer-rule-remove-sort-rand-limit.js, testRuleHasEffect / testRuleNoEffect
    it('reads one document from a random position instead of sorting by RAND()', async () => {
      for (const q of ['FOR i IN c SORT RAND() LIMIT 1 RETURN i', 'FOR i IN c SORT RAND() DESC LIMIT 1 RETURN i._key']) {
        assert.ok(rules(q).includes('remove-sort-rand-limit-1'), q);
        const plan = db.explain(q).plan;
        assert.deepEqual(plan.nodes.map((n: any) => n.type).filter((t: string) => t !== 'CalculationNode'), ['SingletonNode', 'EnumerateCollectionNode', 'LimitNode', 'ReturnNode'], q);
        assert.equal(plan.nodes[1].random, true, q);
      }
      for (const q of [
        'FOR i IN 1..10 SORT RAND() LIMIT 1 RETURN i',
        'FOR i IN c SORT RAND() LIMIT 2 RETURN i',
        'FOR i IN c SORT RAND() LIMIT 1, 1 RETURN i',
        'FOR i IN c SORT i.value, RAND() LIMIT 1 RETURN i',
        'FOR i IN c FILTER i.value > 3 SORT RAND() LIMIT 1 RETURN i',
        'FOR i IN c FOR j IN c SORT RAND() LIMIT 1 RETURN i',
      ]) {
        assert.ok(!rules(q).includes('remove-sort-rand-limit-1'), q);
      }
      const seen = new Set<unknown>();
      for (let k = 0; k < 200 && seen.size < 20; k++) {
        const rows = await db.runFull('FOR i IN c SORT RAND() LIMIT 1 RETURN i.value');
        assert.equal(rows.rows.length, 1);
        assert.equal(rows.stats.scannedFull, 1);
        seen.add(rows.rows[0]);
      }
      assert.equal(seen.size, 20, 'every document can come first');
      assert.deepEqual(await db.run('FOR i IN sink FILTER false SORT RAND() LIMIT 1 RETURN i'), []);
    });
  });

  describe('projections of index scans', () => {
    let idx: TestDb;
    before(async () => {
      idx = await openTestDb({
        docs: Array.from({ length: 50 }, (_, i) => ({ _key: `test${i}`, a: i % 10, b: i })),
      });
      await idx.storage.catalog.createCollection('_system', collectionSpec('edges', { type: 3 }));
      const edges = Array.from({ length: 50 }, (_, i) => ({ body: { _key: `e${i}`, _from: `v/${i % 10}`, _to: `v/${i}` } }));
      await idx.storage.documents.apply('_system', 'edges', 'insert', edges, {});
      await idx.storage.indexes.ensure('_system', 'docs', parseIndexSpec({ type: 'persistent', fields: ['a'] }));
    });
    after(async () => {
      await idx.close();
    });
    const indexNode = (q: string) => idx.explain(q).plan.nodes.find((n: any) => n.type === 'IndexNode');

    // aql-optimizer-index-only.js, the primary, edge and VPack suites
    it('lists the attributes read of an index scan, and whether the index holds them', async () => {
      const cases: [string, string[], boolean][] = [
        ['FOR doc IN docs FILTER doc._key == "test12" RETURN doc', [], false],
        ['FOR doc IN docs FILTER doc._key == "test12" RETURN [doc.a, doc.b]', ['a', 'b'], false],
        ['FOR doc IN docs FILTER doc._key == "test12" && doc.b == 1 RETURN doc.x', ['b', 'x'], false],
        ['FOR doc IN docs FILTER doc._key == "test12" RETURN doc._key', ['_key'], true],
        ['FOR doc IN edges FILTER doc._from == "v/3" RETURN doc.b', ['b'], false],
        ['FOR doc IN edges FILTER doc._from == "v/3" SORT doc._from RETURN doc._to', ['_to'], true],
        ['FOR doc IN edges FILTER doc._to IN ["v/1", "v/2"] RETURN doc._to', ['_to'], true],
        ['FOR doc IN docs FILTER doc.a >= 0 RETURN doc.b', ['b'], false],
        ['FOR doc IN docs FILTER doc.a >= 0 RETURN doc.a', ['a'], true],
        ['FOR doc IN docs FILTER doc.a == 1 SORT doc RETURN doc.a', [], false],
      ];
      for (const [q, projections, covered] of cases) {
        const n = indexNode(q);
        assert.deepEqual([...n.projections].sort(), projections, q);
        assert.equal(n.indexCoversProjections, covered, q);
      }
      // a persistent index that holds every attribute read is read alone, with the same rows
      const q = 'FOR doc IN docs FILTER doc.a >= 8 SORT doc.a RETURN doc.a';
      const full = await idx.runFull(q);
      assert.deepEqual(full.rows, [8, 8, 8, 8, 8, 9, 9, 9, 9, 9]);
      assert.equal(full.stats.documentLookups, 0);
      assert.deepEqual(await idx.run(q, {}, ALL_OFF), full.rows);
      assert.deepEqual(await idx.run('FOR doc IN edges FILTER doc._from == "v/3" SORT doc._from RETURN doc._to'), ['v/13', 'v/23', 'v/3', 'v/33', 'v/43']);
    });
  });

  describe('optimize-count (optimizer/rules-count.ts)', () => {
    // aql-optimizer-rule-optimize-count.js, testResultsAllRules / testRuleNoEffect / testFullCount
    it('counts the documents of a subquery whose result is only counted', async () => {
      const cases: [string, unknown[]][] = [
        ['FOR i IN 1..3 LET sub = (FOR d IN c RETURN d) LET n = COUNT(sub) RETURN n', [20, 20, 20]],
        ['FOR i IN 1..2 LET n = LENGTH(FOR d IN c RETURN d) RETURN [i, n]', [[1, 20], [2, 20]]],
        ["FOR i IN 1..2 LET k = CONCAT('x', i) LET sub = (FOR d IN c FILTER d._key == k RETURN d) RETURN COUNT(sub)", [0, 0]],
      ];
      for (const [q, rows] of cases) {
        assert.ok(rules(q).includes('optimize-count'), q);
        const scan = db.explain(q).plan.nodes.find((n: any) => n.type === 'EnumerateCollectionNode' || n.type === 'IndexNode');
        assert.equal(scan.count, true, q);
        assert.deepEqual(await db.run(q), rows, q);
        assert.deepEqual(await db.run(q, {}, ALL_OFF), rows, q);
      }
      const noEffect = [
        'FOR i IN 1..2 LET sub = (FOR d IN c RETURN d) LET n = COUNT(sub) + FIRST(sub) RETURN n',
        'FOR i IN 1..2 LET sub = (FOR d IN c RETURN d) LET n = COUNT(sub) RETURN [n, sub]',
        'FOR i IN 1..2 LET sub = (FOR x IN 1..2 FOR d IN c RETURN d) RETURN COUNT(sub)',
        'FOR i IN 1..2 LET sub = (FOR d IN c FILTER d.value == 3 RETURN d) RETURN COUNT(sub)',
        'FOR i IN 1..2 LET sub = (FOR d IN c LIMIT 1, 1 RETURN d) RETURN COUNT(sub)',
        'FOR i IN 1..2 LET sub = (FOR d IN c SORT RAND() RETURN d) RETURN COUNT(sub)',
      ];
      for (const q of noEffect) assert.ok(!rules(q).includes('optimize-count'), q);
      assert.deepEqual(await db.run('FOR i IN 1..2 LET sub = (FOR d IN c FILTER d.value == 3 RETURN d) RETURN COUNT(sub)'), [1, 1]);
      assert.ok(!db.explain('LET n = COUNT(FOR d IN c RETURN d) RETURN n', {}, { fullCount: true }).plan.rules.includes('optimize-count'));
    });
  });

  describe('late-document-materialization', () => {
    // aql-optimizer-rule-late-document-materialization.js, testQueryResultsWithSubqueryWithDocumentAccessByAttribute,
    // testQueryResultsWithInnerSubqueriesWithDocumentAccessByAttribute, testNotAppliedDueToSubqueryWith*
    it('reads documents late past a subquery that reads only indexed attributes of them', async () => {
      const late = await openTestDb({
        c0: [
          { _key: 'c0', obj: { a: 'a_val', b: 'b_val', c: 'c_val', d: 'd_val' } },
          { _key: 'c1', obj: { a: 'a_val_1', b: 'b_val_1', c: 'c_val_1', d: 'd_val_1' } },
          { _key: 'c2', obj: { a: 'a_val', b: 'b_val_2', c: 'c_val_2', d: 'd_val_2' } },
        ],
        c1: [{ obj: { a: 'x', b: 'y', c: 'z' } }],
      });
      try {
        await late.storage.indexes.ensure('_system', 'c0', parseIndexSpec({ type: 'persistent', fields: ['obj.a', 'obj.b', 'obj.c'] }));
        const applied = (q: string) => late.explain(q).plan.rules.includes('late-document-materialization');
        const head = "FOR d IN c0 FILTER d.obj.a == 'a_val' LET a = NOOPT(d.obj.b)";
        const byAttribute = `${head} LET e = SUM(FOR c IN c1 LET p = CONCAT(d.obj.a, c.obj.a) RETURN p) SORT CONCAT(a, e) LIMIT 10 RETURN d`;
        const nested = `${head} LET e = SUM(FOR c IN c1 LET p = CONCAT(d.obj.a, c.obj.a) LET f = SUM(FOR k IN c0 LET r = CONCAT(c.obj.a, k.obj.a) RETURN CONCAT(c.obj.c, r)) RETURN CONCAT(d.obj.c, p, f)) SORT CONCAT(a, e) LIMIT 10 RETURN d`;
        assert.ok(applied(byAttribute));
        assert.ok(applied(nested));
        assert.deepEqual((await late.run(byAttribute)).map((d: any) => d._key), ['c0', 'c2']);
        assert.deepEqual((await late.run(nested)).map((d: any) => d._key), ['c0', 'c2']);
        assert.deepEqual((await late.run(nested)).map((d: any) => d.obj.d), ['d_val', 'd_val_2']);
        // the subquery reads the whole document, or returns it: no late reading
        assert.ok(!applied(`${head} LET e = SUM(FOR c IN c1 LET p = CONCAT(d, c.obj.a) RETURN p) SORT CONCAT(a, e) LIMIT 10 RETURN d`));
        assert.ok(!applied(`${head} LET e = SUM(FOR c IN c1 LET p = NOOPT(CONCAT(d.obj.a, c.obj.a)) RETURN d) SORT CONCAT(a, e) LIMIT 10 RETURN d`));
        assert.ok(!applied(`${head} LET e = SUM(FOR c IN c1 RETURN LENGTH(d.obj.d)) SORT CONCAT(a, e) LIMIT 10 RETURN d`));
      } finally {
        await late.close();
      }
    });
  });

  describe('remove-collect-variables', () => {
    const opt = only('remove-collect-variables');

    // aql-optimizer-rule-remove-collect-variables.js, testRuleNoEffect / testResultsWhenRuleCannotFire
    it('keeps the last aggregate of a COLLECT without groups', async () => {
      for (const q of ['FOR i IN 1..10 COLLECT AGGREGATE cnt = COUNT() RETURN 1', 'FOR i IN 1..10 COLLECT AGGREGATE sum = SUM(i) RETURN 1']) {
        assert.deepEqual(rules(q, opt), [], q);
      }
      assert.deepEqual(await db.run('FOR i IN [] COLLECT AGGREGATE cnt = COUNT() RETURN 1', {}, opt), [1]);
      const q = 'FOR i IN 1..10 COLLECT AGGREGATE cnt = COUNT(), sum = SUM(i) RETURN 1';
      assert.deepEqual(rules(q, opt), ['remove-collect-variables']);
      assert.equal(db.explain(q, {}, opt).plan.nodes.find((n: any) => n.type === 'CollectNode').aggregates.length, 1);
    });

    // aql-optimizer-rule-remove-collect-variables.js, testNestingRuleUsed1..7 / testNestingRuleNotUsed1..3
    it('keeps in INTO only the variables read as g[n].name or g[*].name', async () => {
      const loops = "LET items = [{_id: 'ID'}] FOR item1 IN items FOR item2 IN items FOR item3 IN items";
      const used: [string, unknown[]][] = [
        [`${loops} COLLECT id = item1._id INTO first COLLECT id2 = first[0].item2._id INTO other RETURN other[0].id`, ['ID']],
        [`${loops} COLLECT id = item1._id INTO first COLLECT id2 = first[0].id INTO other RETURN other[0].first[0]`, [{ item1: { _id: 'ID' }, item2: { _id: 'ID' }, item3: { _id: 'ID' } }]],
        [`${loops} COLLECT id = item1._id INTO g RETURN g[*].item2`, [[{ _id: 'ID' }]]],
        ["LET items = [{_id: 'ID'}] FOR item1 IN items COLLECT unused1 = item1._id INTO first COLLECT unused2 = first[0].item1._id RETURN unused2", ['ID']],
      ];
      for (const [q, rows] of used) {
        assert.ok(rules(q, opt).includes('remove-collect-variables'), q);
        assert.deepEqual(await db.run(q, {}, opt), rows, q);
        assert.deepEqual(await db.run(q, {}, ALL_OFF), rows, q);
      }
      const kept = db.explain(`${loops} COLLECT id = item1._id INTO g RETURN g[*].item2`, {}, opt).plan.nodes.find((n: any) => n.type === 'CollectNode');
      assert.deepEqual(kept.keepVariables.map((k: any) => k.variable.name), ['item2']);
      const notUsed: [string, unknown[]][] = [
        [`${loops} COLLECT id1 = item1._id INTO g1 COLLECT id2 = g1[0].item2._id INTO g2 RETURN g2[0]`, [{ g1: [{ item1: { _id: 'ID' }, item2: { _id: 'ID' }, item3: { _id: 'ID' } }], id1: 'ID' }]],
        [`${loops} COLLECT id = item1._id INTO first COLLECT id2 = first[0].item2._id INTO other RETURN other`, [[{ first: [{ item1: { _id: 'ID' }, item2: { _id: 'ID' }, item3: { _id: 'ID' } }], id: 'ID' }]]],
      ];
      for (const [q, rows] of notUsed) {
        assert.ok(!rules(q, opt).includes('remove-collect-variables'), q);
        assert.deepEqual(await db.run(q, {}, opt), rows, q);
      }
    });
  });
});
