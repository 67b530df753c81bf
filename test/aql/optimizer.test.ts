// The AQL optimizer, rule by rule, in ArangoDB's test template: disabled -> absent from
// plan.rules; a query where it must not fire -> absent; one where it must -> present; the
// same rows with the rule on and off. Then optimizer.rules processing, explain (costs,
// allPlans, maxNumberOfPlans) and profiling.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { onlyStoredAttributes } from '../../src/aql/optimizer/rules-enumerate.js';
import type { RExpr, Variable } from '../../src/aql/planner/ir.js';
import type { PlanNode } from '../../src/aql/planner/plan.js';

interface RuleCase {
  rule: string;
  /** Other names of the same rule that must be disabled with it (second passes). */
  passes?: string[];
  fire: string[];
  notFire: string[];
  /** Result order is defined (compare rows in order). */
  ordered?: boolean;
}

const CASES: RuleCase[] = [
  {
    rule: 'move-calculations-up',
    passes: ['move-calculations-up-2'],
    fire: [
      'FOR i IN 1..10 LET a = 1 FILTER i == 1 RETURN a',
      'FOR i IN 1..10 FOR j IN 1..3 LET a = i + 2 RETURN [a, j]',
      'FOR i IN 1..4 LET x = (FOR j IN 1..3 LET a = i * 2 RETURN a + j) RETURN x',
      'FOR i IN 1..10 FILTER i == 7 LET a = i COLLECT x = a RETURN x',
      // ArangoDB's own cases: passing another calculation counts as a move.
      'FOR i IN 1..10 LET a = MIN([ i, 1 ]) LET b = i + 1 RETURN [ a, b ]',
      'FOR i IN 1..10 LET a = RAND() LET b = 25 + i RETURN [i, b]',
      'FOR i IN 1..3 LET a = SLEEP(0) LET b = i + 1 RETURN b',
    ],
    notFire: [
      'FOR i IN 1..10 FILTER i == 1 RETURN i',
      'FOR i IN 1..10 LET a = 25 + i RETURN a',
      'FOR i IN 1..3 LET r = RAND() RETURN [i, r > 2]',
      'LET values = 1..10 FOR i IN values LET a = i + 1 FOR j IN values LET b = j + 2 RETURN [i, a, b]',
      'FOR i IN 1..10 FILTER i == 7 COLLECT x = i RETURN x',
    ],
    ordered: true,
  },
  {
    rule: 'move-filters-up',
    passes: ['move-filters-up-2'],
    fire: ['FOR i IN 1..5 FOR j IN 1..5 FILTER i == 2 RETURN [i, j]', 'FOR d IN c FOR i IN 1..3 FILTER d.other < 20 RETURN [d._key, i]'],
    notFire: [
      'FOR i IN 1..5 FILTER i == 2 RETURN i',
      'FOR i IN 1..5 LIMIT 3 FILTER i == 2 RETURN i',
      'FOR i IN 1..10 FOR j IN 1..10 FILTER i > j RETURN i',
      'FOR i IN 1..10 LET x = (FOR j IN [i] RETURN j) FILTER i > 1 RETURN i',
      'FOR i IN 1..10 LET a = RAND() FILTER i == 1 RETURN i',
    ],
    ordered: true,
  },
  {
    rule: 'remove-redundant-calculations',
    fire: ['FOR i IN 1..5 LET a = i * 2 LET b = i * 2 RETURN [a, b]', 'FOR d IN c LET x = d.other + 1 LET y = d.other + 1 FILTER y > 150 RETURN x'],
    notFire: ['FOR i IN 1..5 LET a = i * 2 LET b = i * 3 RETURN [a, b]', 'FOR i IN 1..5 LET a = RAND() LET b = RAND() RETURN a == b'],
  },
  {
    rule: 'remove-unnecessary-filters',
    passes: ['remove-unnecessary-filters-2'],
    fire: ['FOR i IN 1..5 LET a = 1 FILTER a == 1 RETURN i', 'FOR i IN 1..5 LET a = 1 LET b = 2 FILTER a == b RETURN i', 'FOR i IN 1..5 LET a = 1 FILTER a == 9 COLLECT WITH COUNT INTO n RETURN n'],
    // Literal constant conditions are settled by the plan builder (3.12: "rule will not fire
    // anymore for constant filters").
    notFire: ['FOR i IN 1..5 FILTER i > 2 RETURN i', 'FOR i IN 1..5 FILTER RAND() < 2 RETURN i', 'FOR i IN 1..5 FILTER true RETURN i', 'FOR i IN 1..5 FILTER 1 > 9 RETURN i', 'FOR d IN c FILTER @t RETURN d._key', 'FOR i IN 1..5 LET a = i FILTER a != 99 RETURN i'],
  },
  {
    rule: 'remove-unnecessary-calculations',
    passes: ['remove-unnecessary-calculations-2'],
    fire: ['FOR i IN 1..5 LET a = i * 2 RETURN i', 'FOR d IN c LET unused = CONCAT(d._key, "x") RETURN d.other'],
    notFire: ['FOR i IN 1..5 LET a = i * 2 RETURN a', 'FOR i IN 1..3 LET a = ASSERT(i < 10, "never") RETURN i', 'FOR i IN 1..3 LET a = i / 0 RETURN i'],
    ordered: true,
  },
  {
    rule: 'optimize-subqueries',
    fire: ['LET s = (FOR i IN 1..10 RETURN i) RETURN FIRST(s)', 'FOR x IN 1..3 LET s = (FOR i IN 1..x RETURN i) RETURN LENGTH(s)', 'LET s = (FOR d IN c SORT d.other RETURN d.other) RETURN s[0]'],
    notFire: ['LET s = (FOR i IN 1..10 RETURN i) RETURN s', 'LET s = (FOR i IN 1..10 RETURN i) RETURN [FIRST(s), LENGTH(s)]', 'LET s = (FOR i IN 1..10 LIMIT 1 RETURN i) RETURN FIRST(s)', 'LET s = (FOR i IN 1..3 LET z = SLEEP(0) RETURN [i, z]) RETURN FIRST(s)'],
    ordered: true,
  },
  {
    rule: 'remove-collect-variables',
    fire: ['FOR i IN 1..10 COLLECT g = i % 2 INTO grp RETURN g', 'FOR i IN 1..10 COLLECT g = i % 2 AGGREGATE s = SUM(i) RETURN g'],
    notFire: ['FOR i IN 1..10 COLLECT g = i % 2 INTO grp RETURN [g, LENGTH(grp)]', 'FOR i IN 1..10 COLLECT g = i % 2 AGGREGATE s = SUM(i) RETURN [g, s]'],
    ordered: true,
  },
  {
    rule: 'replace-or-with-in',
    fire: ['FOR d IN c FILTER d.value == 5 || d.value == 7 RETURN d.value', 'FOR i IN 1..10 FILTER i == 1 || 3 == i || i IN [5, 7] RETURN i', 'FOR d IN c FILTER d.g == 1 && (d.other == 3 || d.other == 10) RETURN d._key'],
    notFire: ['FOR d IN c FILTER d.value == 5 || d.other == 7 RETURN d.value', 'FOR i IN 1..10 FILTER i == 1 || i > 8 RETURN i', 'FOR i IN 1..10 LET x = i FILTER i == x || i == 3 RETURN i'],
  },
  {
    rule: 'use-indexes',
    fire: ['FOR d IN c FILTER d.value == 5 RETURN d', 'FOR d IN c FILTER d._key IN ["k1", "k9"] RETURN d._key', 'FOR d IN c FILTER d.value >= 190 RETURN d.value'],
    notFire: ['FOR d IN c FILTER d.other == 5 RETURN d', 'FOR d IN c FILTER d.value != 5 RETURN d._key', 'FOR d IN c FILTER d.value == 5 || d.other == 5 RETURN d._key'],
  },
  {
    rule: 'remove-filter-covered-by-index',
    // (a FILTER covered in part loses the covered part, as in ArangoDB: upstream's
    // testMultipleConditions; an OR read through several lookups keeps its FILTER)
    fire: ['FOR d IN c FILTER d.value == 5 RETURN d', 'FOR d IN c FILTER d.value > 10 FILTER d.value < 20 RETURN d.value', 'FOR d IN c FILTER d.value == 5 && d.other > 1 RETURN d'],
    notFire: ['FOR d IN c FILTER d.other == 5 RETURN d', 'FOR d IN c FILTER d.value == 5 || d.value > 100 RETURN d'],
  },
  {
    rule: 'use-index-for-sort',
    fire: ['FOR d IN c SORT d.value RETURN d.value', 'FOR d IN c SORT d.value DESC LIMIT 7 RETURN d.value', 'FOR d IN c FILTER d.value > 50 SORT d.value RETURN d.value'],
    notFire: ['FOR d IN c SORT d.other RETURN d.value', 'FOR d IN c SORT d.value, d.other DESC RETURN d.value', 'FOR d IN c FILTER d.value IN [3, 1] SORT d.value RETURN d.value'],
    ordered: true,
  },
  {
    rule: 'sort-limit',
    fire: ['FOR d IN c SORT d.other LIMIT 5 RETURN d.other', 'FOR d IN c SORT d.other DESC LIMIT 10, 5 RETURN d._key'],
    notFire: ['FOR d IN c SORT d.other LIMIT 190 RETURN d.other', 'FOR d IN c SORT d.other RETURN d.other', 'FOR d IN c SORT d.other FILTER d.g == 1 LIMIT 5 RETURN d.other', 'FOR i IN [3, 1, 2] SORT i LIMIT 1 RETURN i'],
    ordered: true,
  },
  {
    rule: 'late-document-materialization',
    fire: [
      'FOR d IN c FILTER d.value < 100 SORT d.value * -1 LIMIT 3 RETURN d',
      'FOR d IN c FILTER d.value >= 10 LET x = d.value % 7 SORT x, d._key LIMIT 2, 3 RETURN [x, d]',
      // a collection scan: stored documents up to the LIMIT, externalized after it
      'FOR d IN c SORT d.other DESC LIMIT 5 RETURN d',
      'FOR d IN c FILTER d.g == 2 SORT d.other, d._key LIMIT 1, 4 RETURN MERGE(d, {x: 1})',
    ],
    notFire: [
      'FOR d IN c SORT d._id DESC LIMIT 5 RETURN d',
      'FOR d IN c SORT d.other DESC LIMIT 5 RETURN d.g',
      'FOR d IN c SORT d.other RETURN d',
      'FOR d IN c FILTER d.value < 100 SORT d.other LIMIT 3 RETURN d',
      'FOR d IN c FILTER d.value < 100 SORT d.value * -1 RETURN d',
      'FOR d IN c FILTER d.value < 100 LET y = MERGE(d, {}) SORT y.value * -1 LIMIT 3 RETURN y',
      'FOR d IN c FILTER d.value < 100 FILTER d.g == 1 SORT d.value * -1 LIMIT 3 RETURN d',
    ],
    ordered: true,
  },
  {
    rule: 'push-limit-into-index',
    fire: ['FOR d IN pl FILTER d.a IN [1, 3] SORT d.b LIMIT 3 RETURN d.b', 'FOR d IN pl FILTER d.a IN [0, 2] SORT d.b DESC LIMIT 2, 3 RETURN [d.a, d.b]'],
    notFire: [
      'FOR d IN pl FILTER d.a IN [1, 3] SORT d.b RETURN d.b',
      'FOR d IN pl FILTER d.a IN [1, 3] && d.b > 5 SORT d.b LIMIT 3 RETURN d.b',
      'FOR x IN 1..2 FOR d IN pl FILTER d.a IN [1, 3] SORT d.b LIMIT 3 RETURN [x, d.b]',
      'FOR d IN pl FILTER d.a IN [1, 3] SORT d.a, d.b LIMIT 3 RETURN d.b',
    ],
    ordered: true,
  },
  {
    rule: 'reduce-extraction-to-projection',
    fire: [
      'FOR d IN c FILTER d.other < 20 RETURN d.g',
      'FOR d IN c COLLECT g = d.g AGGREGATE m = MAX(d.other) RETURN [g, m]',
      'FOR d IN c SORT d.other DESC LIMIT 3 RETURN {k: d._key, r: d._rev != null}',
      'FOR d IN c LET x = (FOR i IN 1..2 RETURN d.other + i) RETURN x',
      'FOR s IN small FOR d IN c FILTER d.other == s.v RETURN [s.v, d.g]',
      'FOR d IN c FILTER d.g == 1 FOR s IN small FILTER s.v > d.other RETURN [d._key, s._key]',
    ],
    notFire: [
      'FOR d IN c FILTER d.other < 20 RETURN d',
      'FOR d IN c FILTER d.other < 5 RETURN d._id',
      'FOR d IN c FILTER d.other < 5 RETURN MERGE(d, {x: 1})',
      'FOR d IN c FILTER d.other < 5 RETURN d["g"]',
      'FOR d IN c COLLECT g = d.g INTO docs RETURN [g, LENGTH(docs)]',
      'FOR d IN c LET x = (FOR i IN 1..2 RETURN d) RETURN x[0].g',
      'FOR d IN c FILTER d.other < 5 RETURN [d.a, d.b, d.c, d.e, d.f, d.g]',
    ],
  },
  {
    rule: 'move-filters-into-enumerate',
    fire: [
      'FOR d IN c FILTER d.other < 20 RETURN d',
      'FOR d IN c FILTER d.other > 10 FILTER d.g == 2 RETURN d._key',
      'FOR d IN c FILTER d._id != "c/k3" && d.other < 9 RETURN d',
      'FOR i IN 1..50 FILTER i % 7 == 0 RETURN i',
      'FOR d IN c FILTER d.value > 100 && d.other < 30 RETURN d.value',
      'FOR s IN small FOR d IN c FILTER d.other == s.v RETURN [s._key, d._key]',
    ],
    notFire: [
      // as in ArangoDB: the FILTER's calculation reads a variable computed after the loop
      'FOR d IN c LET x = d.other * 2 FILTER x < 10 RETURN [d._key, x]',
      'FOR d IN c FILTER d.value == 5 RETURN d',
      'FOR d IN c LIMIT 10 FILTER d.other < 100 RETURN d._key',
      'FOR d IN c LET r = RAND() FILTER d.other < r RETURN d._key',
      'FOR d IN c SORT d.other FILTER d.g == 1 RETURN d._key',
    ],
  },
];

describe('AQL optimizer rules', () => {
  let db: TestDb;
  const BIND: Record<string, Record<string, unknown>> = { 'FOR d IN c FILTER @t RETURN d._key': { t: false } };
  before(async () => {
    const docs = Array.from({ length: 200 }, (_, i) => ({ _key: `k${i}`, value: i, other: (i * 7) % 200, g: i % 5 }));
    const pl = Array.from({ length: 400 }, (_, i) => ({ _key: `p${i}`, a: i % 4, b: (i * 37) % 400 }));
    db = await openTestDb({ c: docs, small: [{ _key: 's1', v: 3 }, { _key: 's2', v: 150 }], pl });
    await db.storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['value'] }));
    await db.storage.indexes.ensure('_system', 'pl', parseIndexSpec({ type: 'persistent', fields: ['a', 'b'] }));
  });
  after(() => db.close());

  const rules = (q: string, opts: Record<string, unknown> = {}): string[] => db.explain(q, BIND[q] ?? {}, opts).plan.rules;
  const canon = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

  for (const c of CASES) {
    const off = ['-' + c.rule, ...(c.passes ?? []).map((p) => '-' + p)];
    describe(c.rule, () => {
      it('is absent when disabled', () => {
        for (const q of c.fire) assert.ok(!rules(q, { optimizer: { rules: off } }).includes(c.rule), q);
        for (const q of c.fire) assert.ok(!rules(q, { optimizer: { rules: ['-all'] } }).includes(c.rule), q);
      });
      it('does not fire where it must not', () => {
        for (const q of c.notFire) assert.ok(!rules(q).includes(c.rule), `${q}: ${rules(q).join(', ')}`);
      });
      it('fires where it must', () => {
        for (const q of c.fire) assert.ok([c.rule, ...(c.passes ?? [])].some((r) => rules(q).includes(r)), `${q}: ${rules(q).join(', ')}`);
      });
      it('returns the same rows with the rule on and off', async () => {
        for (const q of [...c.fire, ...c.notFire]) {
          const on = await db.run(q, BIND[q] ?? {});
          const without = await db.run(q, BIND[q] ?? {}, { optimizer: { rules: off } });
          const none = await db.run(q, BIND[q] ?? {}, { optimizer: { rules: ['-all'] } });
          if (c.ordered) {
            assert.deepEqual(on, without, q);
            assert.deepEqual(on, none, q);
          } else {
            assert.deepEqual(canon(on), canon(without), q);
            assert.deepEqual(canon(on), canon(none), q);
          }
        }
      });
    });
  }

  it('early pruning and projections give documents as the full scan gives them, key order included', async () => {
    const off = { optimizer: { rules: ['-move-filters-into-enumerate', '-reduce-extraction-to-projection'] } };
    for (const q of ['FOR d IN c FILTER d.other < 20 RETURN d', 'FOR d IN c FILTER d._id != "c/k3" && d.other < 9 RETURN d', 'FOR d IN c FILTER d.other < 9 RETURN [d._key, d._rev, d.g]']) {
      const on = await db.runFull(q);
      const without = await db.runFull(q, {}, off);
      assert.equal(JSON.stringify(on.rows), JSON.stringify(without.rows), q);
      assert.equal(on.stats.filtered, without.stats.filtered, q);
      assert.equal(on.stats.scannedFull, without.stats.scannedFull, q);
    }
    const rows = (await db.run('FOR d IN c FILTER d.other == 7 RETURN d')) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(rows[0]).slice(0, 3), ['_key', '_id', '_rev']);
    const ex = db.explain('FOR d IN c FILTER d.other < 20 RETURN [d.g, d.sub.x, d.sub]').plan.nodes[1];
    assert.deepEqual(ex.projections, ['g', 'other', 'sub']);
    assert.equal(ex.filter.type, 'compare <');
    assert.deepEqual(db.explain('FOR d IN c RETURN [d.a.b, d.g]').plan.nodes[1].projections, [['a', 'b'], 'g']);
  });

  it('externalizes a late collection scan\'s documents after the LIMIT, as the full scan gives them', async () => {
    const q = 'FOR d IN c FILTER d.g == 3 SORT d.other DESC LIMIT 2, 3 RETURN d';
    const plan = db.explain(q).plan;
    assert.deepEqual(plan.nodes.map((n: { type: string }) => n.type).slice(-3), ['LimitNode', 'MaterializeNode', 'ReturnNode']);
    const on = await db.runFull(q);
    const off = await db.runFull(q, {}, { optimizer: { rules: ['-late-document-materialization'] } });
    assert.equal(JSON.stringify(on.rows), JSON.stringify(off.rows));
    assert.equal(on.rows.length, 3);
    assert.deepEqual(Object.keys(on.rows[0] as object).slice(0, 3), ['_key', '_id', '_rev']);
    assert.equal(on.stats.documentLookups, 0, 'the stored documents are externalized, not read again');
  });

  it('early pruning in a query that writes reads its own transaction', async () => {
    const q = 'FOR d IN small FILTER d.v > 100 UPDATE d WITH {seen: true} IN small RETURN NEW';
    assert.ok(db.explain(q).plan.rules.includes('move-filters-into-enumerate'));
    const rows = (await db.run(q)) as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => [r._id, r.v, r.seen]), [['small/s2', 150, true]]);
    await db.run('FOR d IN small FILTER d.seen == true UPDATE d WITH {seen: null} IN small OPTIONS {keepNull: false}');
  });

  it('plans as ArangoDB 3.12 with only the move rules on (its own plan-shape cases)', () => {
    const opts = { optimizer: { rules: ['-all', '+move-calculations-up', '+move-filters-up'] } };
    const plans: [string, string[]][] = [
      ['FOR i IN 1..10 FOR j IN 1..10 FILTER i > 1 RETURN i', ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'FilterNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET x = (FOR j IN [i] RETURN j) FILTER i > 1 RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'SubqueryStartNode', 'EnumerateListNode', 'SubqueryEndNode', 'CalculationNode', 'FilterNode', 'ReturnNode']],
      ['FOR i IN 1..10 FOR l IN 1..10 LET a = 2 * i FILTER i == 1 RETURN a', ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'CalculationNode', 'FilterNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 FOR j IN 1..10 FILTER i == 1 FILTER j == 2 RETURN i', ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'FilterNode', 'EnumerateListNode', 'CalculationNode', 'FilterNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET a = 1 RETURN i', ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET x = (FOR j IN 1..10 LET a = i * 2 LET b = j * 2 RETURN a + b) RETURN x', ['SingletonNode', 'CalculationNode', 'CalculationNode', 'EnumerateListNode', 'CalculationNode', 'SubqueryStartNode', 'EnumerateListNode', 'CalculationNode', 'CalculationNode', 'SubqueryEndNode', 'ReturnNode']],
    ];
    for (const [q, types] of plans) {
      const ex = db.explain(q, {}, opts);
      assert.deepEqual(ex.plan.nodes.map((n: { type: string }) => n.type), types, q);
    }
    const sub = db.explain('FOR i IN 1..10 LET x = (FOR j IN [i] RETURN j) RETURN x', {}, opts).plan.nodes;
    assert.equal(sub.find((n: { type: string }) => n.type === 'SubqueryStartNode').subqueryOutVariable.name, 'x');
    assert.equal(sub.find((n: { type: string }) => n.type === 'SubqueryEndNode').inVariable.name, 'j');
  });

  it('replaces FILTER false by a NoResultsNode and drops FILTER true, as ArangoDB plans them', () => {
    const plans: [string, string[]][] = [
      ['FOR i IN 1..10 FILTER true RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 FILTER 1 < 9 RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET a = 1 FILTER a == 1 RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET a = 1 LET b = 2 FILTER a != b RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'ReturnNode']],
      ['FOR i IN 1..10 FILTER false RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'NoResultsNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET a = 1 FILTER a == 9 RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'NoResultsNode', 'ReturnNode']],
      ['FOR i IN 1..10 LET a = 1 FILTER a != 1 RETURN i', ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'NoResultsNode', 'ReturnNode']],
    ];
    for (const [q, types] of plans) assert.deepEqual(db.nodeTypes(q), types, q);
    assert.deepEqual(db.nodeTypes('FOR i IN 1..10 FILTER false RETURN i'), db.explain('FOR i IN 1..10 FILTER false RETURN i', {}, { optimizer: { rules: ['-all'] } }).plan.nodes.map((n: { type: string }) => n.type));
    assert.deepEqual(rules('FOR i IN 1..10 FILTER false RETURN i', { optimizer: { rules: ['-all'] } }), []);
    assert.equal(db.explain('FOR i IN 1..5 FILTER false RETURN i').plan.estimatedNrItems, 0);
  });

  it('adds LIMIT 1 to a subquery whose first result alone is read', () => {
    const nodes = db.nodeTypes('LET s = (FOR i IN 1..10 RETURN i) RETURN FIRST(s)');
    assert.ok(nodes.includes('LimitNode'));
  });

  it('prints a SORT with a limit as ArangoDB does (constrained-heap)', async () => {
    const sort = db.explain('FOR d IN c SORT d.other LIMIT 5 RETURN d').plan.nodes.find((n: { type: string }) => n.type === 'SortNode');
    assert.equal(sort.limit, 5);
    assert.equal(sort.strategy, 'constrained-heap');
    // fullCount must count every row past the LIMIT: the SORT keeps them all then.
    assert.ok(!rules('FOR d IN c SORT d.other LIMIT 5 RETURN d', { fullCount: true }).includes('sort-limit'));
    const full = await db.runFull('FOR d IN c SORT d.other LIMIT 5 RETURN d.other', {}, { fullCount: true });
    assert.deepEqual(full.rows, [0, 1, 2, 3, 4]);
    assert.equal(full.stats.fullCount, 200);
    const plain = db.explain('FOR d IN c SORT d.other RETURN d').plan.nodes.find((n: { type: string }) => n.type === 'SortNode');
    assert.equal(plain.limit, 0);
    assert.equal(plain.strategy, 'standard');
  });

  it('reads documents after SORT + LIMIT only (late-document-materialization)', async () => {
    const q = 'FOR d IN c FILTER d.value < 100 SORT d.value * -1 LIMIT 3 RETURN d';
    const ex = db.explain(q);
    const types = ex.plan.nodes.map((n: { type: string }) => n.type);
    assert.deepEqual(types.slice(types.indexOf('SortNode')), ['SortNode', 'LimitNode', 'MaterializeNode', 'ReturnNode']);
    const ix = ex.plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
    const mat = ex.plan.nodes.find((n: { type: string }) => n.type === 'MaterializeNode');
    assert.deepEqual(mat.inNmDocId, ix.outNmDocId);
    assert.equal(mat.outVariable.name, 'd');
    const on = await db.runFull(q);
    const off = await db.runFull(q, {}, { optimizer: { rules: ['-late-document-materialization'] } });
    assert.deepEqual(on.rows, off.rows);
    assert.deepEqual((on.rows as { value: number }[]).map((d) => d.value), [99, 98, 97]);
    assert.equal(on.stats.scannedIndex, 100);
    assert.equal(on.stats.documentLookups, 3);
    assert.equal(off.stats.documentLookups, 100);
  });

  it('reads at most offset + limit entries per IN value (push-limit-into-index)', async () => {
    const q = 'FOR d IN pl FILTER d.a IN [1, 3] SORT d.b LIMIT 3 RETURN d.b';
    const ix = db.explain(q).plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
    assert.equal(ix.limit, 3);
    const on = await db.runFull(q);
    const off = await db.runFull(q, {}, { optimizer: { rules: ['-push-limit-into-index'] } });
    assert.deepEqual(on.rows, off.rows);
    assert.deepEqual(on.rows, [1, 3, 5]);
    assert.equal(on.stats.scannedIndex, 6);
    assert.equal(off.stats.scannedIndex, 200);
  });

  it('interchanges adjacent collection loops when the other order is cheaper, and lists all plans', async () => {
    const q = 'FOR d IN c FOR s IN small FILTER d.value == s.v RETURN [d._key, s._key]';
    const ex = db.explain(q);
    assert.ok(ex.plan.rules.includes('interchange-adjacent-enumerations'), ex.plan.rules.join(', '));
    assert.ok(ex.plan.rules.includes('use-indexes'));
    assert.deepEqual(ex.plan.nodes.map((n: { type: string }) => n.type).filter((t: string) => t.startsWith('Enumerate') || t === 'IndexNode'), ['EnumerateCollectionNode', 'IndexNode']);
    assert.equal(ex.stats.plansCreated, 2);
    const all = db.explain(q, {}, { allPlans: true });
    assert.equal(all.plans.length, 2);
    assert.ok(all.plans[0].estimatedCost <= all.plans[1].estimatedCost);
    assert.equal(db.explain(q, {}, { allPlans: true, maxNumberOfPlans: 1 }).plans.length, 1);
    assert.equal(db.explain(q, {}, { allPlans: true, optimizer: { rules: ['-interchange-adjacent-enumerations'] } }).plans.length, 1);
    // A short list outside a big collection costs less (ArangoDB's cost model does the same).
    assert.ok(rules('FOR d IN c FOR i IN 1..2 RETURN [d._key, i]').includes('interchange-adjacent-enumerations'));
    assert.deepEqual(canon(await db.run('FOR d IN c FOR i IN 1..2 RETURN [d._key, i]')), canon(await db.run('FOR d IN c FOR i IN 1..2 RETURN [d._key, i]', {}, { optimizer: { rules: ['-all'] } })));
    // Equal costs keep the written order; a loop over the other's values cannot move.
    assert.ok(!rules('FOR i IN 1..3 FOR j IN 1..3 RETURN [i, j]').includes('interchange-adjacent-enumerations'));
    assert.equal(db.explain('FOR i IN 1..3 FOR j IN 1..3 RETURN [i, j]', {}, { allPlans: true }).plans.length, 2);
    assert.equal(db.explain('FOR i IN [[1], [2]] FOR j IN i RETURN j', {}, { allPlans: true }).plans.length, 1);
    assert.equal(db.explain('FOR a IN 1..2 FOR b IN 1..2 FOR c2 IN 1..2 RETURN 1', {}, { allPlans: true }).plans.length, 6);
    const on = await db.run(q);
    const off = await db.run(q, {}, { optimizer: { rules: ['-all'] } });
    assert.deepEqual(canon(on), canon(off));
    assert.equal(on.length, 2);
  });

  it('processes optimizer.rules in order as ArangoDB does; unknown names are ignored', () => {
    const q = 'FOR d IN c FILTER d.value == 5 LET unused = d.other * 2 RETURN d';
    const all = rules(q);
    // The unused calculation moves above the FILTER (it cannot fail) and the FILTER follows
    // its own calculation up again, then the unused one goes; so does
    // the FILTER's own calculation once the index covers it.
    assert.deepEqual(all, ['move-calculations-up', 'move-filters-up', 'remove-unnecessary-calculations', 'use-indexes', 'remove-filter-covered-by-index', 'remove-unnecessary-calculations-2']);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all'] } }), []);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all', '+use-indexes'] } }), ['use-indexes']);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all', 'use-indexes'] } }), ['use-indexes']);
    assert.deepEqual(rules(q, { optimizer: { rules: ['+use-indexes', '-all'] } }), []);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all', '+all'] } }), all);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-no-such-rule', '+another-unknown', '', 5] } }), all);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-use-indexes'] } }), ['move-calculations-up', 'move-filters-up', 'remove-unnecessary-calculations', 'move-filters-into-enumerate']);
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all', '+remove-unnecessary-calculations'] } }), ['remove-unnecessary-calculations']);
  });

  it('keeps rules that cannot be disabled on (splice-subqueries)', () => {
    const q = 'LET s = (FOR i IN 1..2 RETURN i) RETURN s';
    assert.deepEqual(rules(q, { optimizer: { rules: ['-all'] } }), ['splice-subqueries']);
    assert.ok(rules(q, { optimizer: { rules: ['-splice-subqueries'] } }).includes('splice-subqueries'));
    assert.deepEqual(rules('RETURN 1', { optimizer: { rules: ['-all'] } }), []);
  });

  it('explains estimated costs and items per node and for the plan', () => {
    const ex = db.explain('FOR d IN c FILTER d.value == 5 RETURN d');
    const types = ex.plan.nodes.map((n: { type: string }) => n.type);
    assert.deepEqual(types, ['SingletonNode', 'IndexNode', 'ReturnNode']);
    for (const n of ex.plan.nodes) {
      assert.equal(typeof n.estimatedCost, 'number');
      assert.equal(typeof n.estimatedNrItems, 'number');
    }
    const ix = ex.plan.nodes[1];
    assert.equal(ix.estimatedNrItems, 1);
    assert.equal(ix.collection, 'c');
    assert.equal(ix.outVariable.name, 'd');
    assert.equal(ix.reverse, false);
    assert.deepEqual(Object.keys(ix.indexes[0]).sort(), ['cacheEnabled', 'deduplicate', 'estimates', 'fields', 'id', 'name', 'selectivityEstimate', 'sparse', 'type', 'unique']);
    assert.ok(ex.plan.estimatedCost < db.explain('FOR d IN c FILTER d.value == 5 RETURN d', {}, { optimizer: { rules: ['-all'] } }).plan.estimatedCost);
    assert.equal(ex.stats.plansCreated, 1);
    assert.ok(ex.stats.rulesExecuted > 0);
    assert.equal(db.explain('RETURN 1', {}, { optimizer: { rules: ['-all'] } }).stats.rulesExecuted, 1, 'only the rule that cannot be disabled');
  });
});

describe('AQL profiling', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: Array.from({ length: 50 }, (_, i) => ({ _key: `k${i}`, v: i })) });
  });
  after(() => db.close());

  const PHASES = ['initializing', 'parsing', 'optimizing ast', 'loading collections', 'instantiating plan', 'optimizing plan', 'instantiating executors', 'executing', 'finalizing'];

  it('reports no profile without the option', async () => {
    const r = await db.runFull('FOR d IN c RETURN d');
    assert.equal((r as Record<string, unknown>).profile, undefined);
    assert.equal((r.stats as unknown as Record<string, unknown>).nodes, undefined);
  });

  it('profile 1 (and true) reports the phase timings', async () => {
    for (const profile of [1, true]) {
      const r = (await db.runFull('FOR d IN c RETURN d', {}, { profile })) as Record<string, any>;
      assert.deepEqual(Object.keys(r.profile), PHASES);
      for (const p of PHASES) assert.ok(r.profile[p] >= 0);
      assert.equal(r.stats.nodes, undefined);
      assert.equal(r.plan, undefined);
    }
  });

  it('profile 2 adds per-node stats and the plan', async () => {
    const q = 'FOR d IN c FILTER d.v % 2 == 1 LIMIT 5 RETURN d.v';
    const r = (await db.runFull(q, {}, { profile: 2 })) as Record<string, any>;
    assert.deepEqual(Object.keys(r.profile), PHASES);
    assert.deepEqual(r.rows, [1, 3, 5, 7, 9]);
    const planIds = r.plan.nodes.map((n: { id: number }) => n.id).sort((a: number, b: number) => a - b);
    assert.deepEqual(r.stats.nodes.map((n: { id: number }) => n.id), planIds);
    for (const n of r.stats.nodes) {
      assert.deepEqual(Object.keys(n), ['id', 'calls', 'items', 'filtered', 'runtime']);
      assert.ok(n.calls >= 1);
      assert.ok(n.runtime >= 0);
    }
    const byType = new Map(r.plan.nodes.map((n: { id: number; type: string }) => [n.type, r.stats.nodes.find((s: { id: number }) => s.id === n.id)]));
    assert.equal((byType.get('ReturnNode') as { items: number }).items, 5);
    assert.equal((byType.get('LimitNode') as { items: number }).items, 5);
    // the FILTER moved into the collection scan (early pruning): the scan reports what it dropped
    assert.equal(byType.get('FilterNode'), undefined);
    assert.equal((byType.get('EnumerateCollectionNode') as { filtered: number }).filtered, r.stats.filtered);
    assert.ok(r.stats.filtered > 0);
    const kept = (await db.runFull(q, {}, { profile: 2, optimizer: { rules: ['-move-filters-into-enumerate'] } })) as Record<string, any>;
    const filterNode = kept.plan.nodes.find((n: { type: string }) => n.type === 'FilterNode');
    assert.equal(kept.stats.nodes.find((s: { id: number }) => s.id === filterNode.id).filtered, kept.stats.filtered);
    assert.equal((byType.get('SingletonNode') as { items: number }).items, 1);
    assert.deepEqual(r.plan.rules, db.explain(q).plan.rules);
  });
});

describe('index-only scans (reduce-extraction-to-projection over a covering index)', () => {
  let db: TestDb;
  // Values of every kind, including ones the index stores ambiguously (arrays, objects,
  // strings starting with U+001F) and missing attributes, which the index holds as null.
  const VALUES = [null, true, 3, -1.5, 'x', '\u001fjson-looking', [1, 2], { b: 1 }, 'y', 3];
  before(async () => {
    const docs = Array.from({ length: 60 }, (_, i) => ({
      _key: `k${i}`,
      ...(i % 7 === 0 ? {} : { a: VALUES[i % VALUES.length] }),
      n: { x: i % 4, y: `s${i % 3}` },
      u: `u${i}`,
      t: [i % 2],
      other: i,
    }));
    db = await openTestDb({ c: docs });
    for (const spec of [
      { type: 'persistent', fields: ['a'] },
      { type: 'persistent', fields: ['n.x', 'n.y'] },
      { type: 'persistent', fields: ['u'], unique: true },
      { type: 'persistent', fields: ['other'], sparse: true },
      { type: 'persistent', fields: ['t[*]'] },
    ]) await db.storage.indexes.ensure('_system', 'c', parseIndexSpec(spec));
  });
  after(() => db.close());

  const off = { optimizer: { rules: ['-reduce-extraction-to-projection'] } };
  const canon = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

  it('reads only the index when it holds every attribute read, with the rows of the collection scan', async () => {
    for (const q of [
      'FOR d IN c COLLECT a = d.a WITH COUNT INTO k RETURN [a, k]',
      'FOR d IN c RETURN [d._key, d.a]',
      'FOR d IN c FILTER IS_STRING(d.a) RETURN d.a',
      'FOR d IN c COLLECT x = d.n.x AGGREGATE m = MAX(d.n.y) RETURN [x, m]',
      'FOR d IN c FILTER d.n.y == "s1" RETURN [d._key, d.n.x]',
      'FOR d IN c RETURN d.u',
    ]) {
      const plan = db.explain(q).plan;
      const node = plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
      assert.ok(node?.indexCoversProjections, `${q}: ${plan.nodes.map((n: { type: string }) => n.type).join(' ')}`);
      const on = await db.runFull(q);
      const without = await db.runFull(q, {}, off);
      assert.deepEqual(canon(on.rows), canon(without.rows), q);
      assert.equal(on.stats.scannedFull, 0, q);
      assert.equal(on.stats.scannedIndex, 60, q);
    }
    // ambiguous entries (arrays, objects, U+001F strings) read their document
    const r = await db.runFull('FOR d IN c RETURN d.a');
    const ambiguous = (await db.run('FOR d IN c FILTER IS_ARRAY(d.a) || IS_OBJECT(d.a) || LEFT(d.a, 1) == "\u001f" RETURN 1')).length;
    assert.ok(ambiguous > 0);
    assert.equal(r.stats.documentLookups, ambiguous);
  });

  it('reads documents when the index misses an attribute, leaves out documents, or holds several entries per document', () => {
    for (const q of [
      'FOR d IN c RETURN [d.a, d.other]',
      'FOR d IN c RETURN d.other',
      'FOR d IN c RETURN d.t',
      'FOR d IN c RETURN [d.a, d._id]',
      'FOR d IN c RETURN d.n',
      'FOR d IN c RETURN d',
    ]) {
      const node = db.explain(q).plan.nodes[1];
      assert.equal(node.type, 'EnumerateCollectionNode', q);
    }
  });
});

describe('rules-enumerate: which later nodes read a loop variable only through stored attributes', () => {
  const v = { id: 1, name: 'd', reg: 0 } as Variable;
  const out = { id: 2, name: 'x', reg: 1 } as Variable;
  const attr = (...names: string[]): RExpr => names.reduce<RExpr>((obj, name) => ({ k: 'attr', obj, name }), { k: 'var', v });
  const calc = (expression: RExpr): PlanNode => ({ type: 'CalculationNode', id: 9, expression, outVariable: out, async: false });

  it('collects the attribute paths read, and refuses whole-document reads, _id and non-calculation uses', () => {
    const paths = new Map<string, string[]>();
    assert.equal(onlyStoredAttributes([calc(attr('a', 'b')), calc({ k: 'arith', op: '+', left: attr('c'), right: { k: 'const', value: 1 } })], v, paths), true);
    assert.deepEqual([...paths.values()], [['a', 'b'], ['c']]);
    assert.equal(onlyStoredAttributes([calc({ k: 'var', v })], v, new Map()), false);
    assert.equal(onlyStoredAttributes([calc(attr('_id'))], v, new Map()), false);
    assert.equal(onlyStoredAttributes([calc(attr('_key'))], v, new Map()), true);
    assert.equal(onlyStoredAttributes([{ type: 'ReturnNode', id: 3, inVariable: v }], v, new Map()), false);
    assert.equal(onlyStoredAttributes([{ type: 'ReturnNode', id: 3, inVariable: out }], v, new Map()), true);
    // a subquery is looked into
    const sub: PlanNode = { type: 'SubqueryNode', id: 4, outVariable: out, subquery: { nodes: [{ type: 'SingletonNode', id: 5 }, calc(attr('s')), { type: 'ReturnNode', id: 6, inVariable: out }] } };
    const seen = new Map<string, string[]>();
    assert.equal(onlyStoredAttributes([sub], v, seen), true);
    assert.deepEqual([...seen.keys()], ['s']);
  });
});
