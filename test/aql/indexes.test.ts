// Index-aware planning and execution: use-indexes turns FILTERs on the primary, edge and
// persistent indexes (sparse, unique, multi-field prefixes) into an IndexNode that reads
// only matching documents (stats.scannedIndex, scannedFull 0), ranges follow AQL's type
// order, use-index-for-sort removes SORTs, and every query returns the same rows with all
// rules disabled (a full scan). Covers the planning side (src/aql/optimizer/rules-index.ts,
// rules-late.ts for late-document-materialization) and the reading side
// (src/aql/executor/index-block.ts, src/storage/index-reader.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { collectionSpec } from '../helpers/server.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

const N = 1000;
const OFF = { optimizer: { rules: ['-all'] } };

function items(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < N; i++) {
    const doc: Record<string, unknown> = { _key: `k${i}`, n: i, g: i % 10, u: `u${i}` };
    if (i % 3 !== 0) doc.s = `s${i % 7}`;
    out.push(doc);
  }
  return out;
}

/** Values of every AQL type, for range semantics. */
const MIXED: unknown[] = [null, false, true, -3, 0, 4.5, 5, 6, 100, '', '5', 'B', 'a', 'b', 'é', [1], [5, 1], { a: 1 }, { b: 2, a: 1 }];

describe('index-aware queries', () => {
  let db: TestDb;
  before(async () => {
    const amb = ['\u001f[1]', [1], { a: 1 }, '\u001f{"a":1}', 'plain', null];
    const objects = [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 0 }];
    db = await openTestDb({
      items: items(),
      mixed: MIXED.map((x, i) => ({ _key: `m${i}`, x, i })),
      amb: amb.map((x, i) => ({ _key: `a${i}`, x, i, o: objects[i % 3] })),
    });
    const s = db.storage;
    await s.indexes.ensure('_system', 'items', parseIndexSpec({ type: 'persistent', fields: ['n'], name: 'byN' }));
    await s.indexes.ensure('_system', 'items', parseIndexSpec({ type: 'persistent', fields: ['g', 'n'], name: 'byGN' }));
    await s.indexes.ensure('_system', 'items', parseIndexSpec({ type: 'persistent', fields: ['s'], sparse: true, name: 'byS' }));
    await s.indexes.ensure('_system', 'items', parseIndexSpec({ type: 'persistent', fields: ['u'], unique: true, name: 'byU' }));
    await s.indexes.ensure('_system', 'mixed', parseIndexSpec({ type: 'persistent', fields: ['x'], name: 'byX' }));
    await s.indexes.ensure('_system', 'amb', parseIndexSpec({ type: 'persistent', fields: ['x'], name: 'byX' }));
    await s.indexes.ensure('_system', 'amb', parseIndexSpec({ type: 'persistent', fields: ['o', 'i'], name: 'byOI' }));
    await s.catalog.createCollection('_system', collectionSpec('rel', { type: 3 }));
    const edges = Array.from({ length: 300 }, (_, i) => ({ body: { _key: `e${i}`, _from: `items/k${i % 30}`, _to: `items/k${(i * 7) % 100}`, w: i } }));
    await s.documents.apply('_system', 'rel', 'insert', edges, {});
  });
  after(() => db.close());

  const canon = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

  /** Runs with the optimizer and without (-all); same rows; returns the optimized run. */
  async function both(query: string, bindVars: Record<string, unknown> = {}, ordered = false) {
    const on = await db.runFull(query, bindVars);
    const off = await db.runFull(query, bindVars, OFF);
    if (ordered) assert.deepEqual(on.rows, off.rows);
    else assert.deepEqual(canon(on.rows), canon(off.rows));
    return on;
  }

  function indexNode(query: string, bindVars: Record<string, unknown> = {}): Record<string, any> | undefined {
    return db.explain(query, bindVars).plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
  }

  it('reads one document through the primary index for _key equality', async () => {
    const r = await both('FOR d IN items FILTER d._key == "k42" RETURN d.n');
    assert.deepEqual(r.rows, [42]);
    assert.equal(r.stats.scannedFull, 0);
    assert.equal(r.stats.scannedIndex, 1);
    const ix = indexNode('FOR d IN items FILTER d._key == "k42" RETURN d.n');
    assert.deepEqual(ix?.indexes, [{ id: '0', type: 'primary', name: 'primary', fields: ['_key'], selectivityEstimate: 1, unique: true, sparse: false }]);
    assert.equal(ix?.condition.type, 'n-ary or');
    assert.equal(ix?.condition.subNodes[0].type, 'n-ary and');
    assert.equal(ix?.condition.subNodes[0].subNodes[0].type, 'compare ==');
  });

  it('reads the primary index for _key IN lists and _id equality (value first, bind parameters too)', async () => {
    const r = await both('FOR d IN items FILTER d._key IN @keys RETURN d.n', { keys: ['k1', 'k2', 'k2', 'nope', 5] });
    assert.deepEqual(canon(r.rows), canon([1, 2]));
    assert.equal(r.stats.scannedIndex, 2);
    assert.equal(r.stats.scannedFull, 0);
    const id = await both('FOR d IN items FILTER "items/k7" == d._id RETURN d.n');
    assert.deepEqual(id.rows, [7]);
    assert.equal(id.stats.scannedIndex, 1);
    const other = await both('FOR d IN items FILTER d._id == "mixed/k7" RETURN d.n');
    assert.deepEqual(other.rows, []);
    assert.equal(other.stats.scannedIndex, 0);
  });

  it('reads the edge index for _from and _to equality and IN', async () => {
    const r = await both('FOR e IN rel FILTER e._from == "items/k3" RETURN e._key');
    assert.equal(r.rows.length, 10);
    assert.equal(r.stats.scannedIndex, 10);
    assert.equal(r.stats.scannedFull, 0);
    assert.equal(indexNode('FOR e IN rel FILTER e._from == "items/k3" RETURN e')?.indexes[0].type, 'edge');
    const to = await both('FOR e IN rel FILTER e._to IN ["items/k0", "items/k7"] RETURN e._key');
    assert.ok(to.rows.length > 0);
    assert.equal(to.stats.scannedIndex, to.rows.length);
    const both2 = await both('FOR e IN rel FILTER e._from == "items/k3" && e._to == "items/k21" RETURN e._key');
    assert.deepEqual(both2.rows, ['e3']);
    assert.ok(both2.stats.scannedIndex <= 10);
  });

  it('reads a persistent index for equality, IN and ranges, scanning only matches', async () => {
    const eq = await both('FOR d IN items FILTER d.n == 500 RETURN d._key');
    assert.deepEqual(eq.rows, ['k500']);
    assert.equal(eq.stats.scannedIndex, 1);
    assert.equal(eq.stats.scannedFull, 0);
    // the index entry holds _key, all the query reads: no document is read
    assert.equal(eq.stats.documentLookups, 0);
    assert.equal((await both('FOR d IN items FILTER d.n == 500 RETURN d')).stats.documentLookups, 1);
    const inn = await both('FOR d IN items FILTER d.n IN [3, 1, 3, 999, 5000] RETURN d.n');
    assert.deepEqual(canon(inn.rows), canon([1, 3, 999]));
    assert.equal(inn.stats.scannedIndex, 3);
    const range = await both('FOR d IN items FILTER d.n >= 10 && d.n < 20 RETURN d.n');
    assert.equal(range.rows.length, 10);
    assert.equal(range.stats.scannedIndex, 10);
    assert.equal(range.stats.scannedFull, 0);
    const open = await both('FOR d IN items FILTER d.n > 990 RETURN d.n');
    assert.equal(open.rows.length, 9);
    assert.equal(open.stats.scannedIndex, 9);
    const reversed = await both('FOR d IN items FILTER 995 < d.n RETURN d.n');
    assert.equal(reversed.rows.length, 4);
  });

  it('uses a prefix of a multi-field index, and both fields when given', async () => {
    const prefix = await both('FOR d IN items FILTER d.g == 3 RETURN d.n');
    assert.equal(prefix.rows.length, 100);
    assert.equal(prefix.stats.scannedIndex, 100);
    assert.equal(indexNode('FOR d IN items FILTER d.g == 3 RETURN d')?.indexes[0].name, 'byGN');
    const full = await both('FOR d IN items FILTER d.g == 3 && d.n >= 500 && d.n < 600 RETURN d.n');
    assert.equal(full.rows.length, 10);
    assert.equal(full.stats.scannedIndex, 10);
    const ins = await both('FOR d IN items FILTER d.g IN [1, 2] && d.n < 50 RETURN d.n');
    assert.equal(ins.rows.length, 10);
    assert.equal(ins.stats.scannedIndex, 10);
  });

  it('prefers the more selective of two equally shaped indexes', async () => {
    const q = 'FOR d IN items FILTER d.s == "s5" && d.n == 5 RETURN d.n';
    assert.equal(indexNode(q)?.indexes[0].name, 'byN');
    const r = await both(q);
    assert.deepEqual(r.rows, [5]);
    assert.equal(r.stats.scannedIndex, 1);
  });

  it('uses a unique index for equality', async () => {
    const r = await both('FOR d IN items FILTER d.u == "u77" RETURN d.n');
    assert.deepEqual(r.rows, [77]);
    assert.equal(r.stats.scannedIndex, 1);
    assert.equal(indexNode('FOR d IN items FILTER d.u == "u77" RETURN d')?.indexes[0].unique, true);
  });

  it('uses a sparse index only when the condition excludes null', async () => {
    const r = await both('FOR d IN items FILTER d.s == "s3" RETURN d.n');
    assert.ok(r.rows.length > 0);
    assert.equal(r.stats.scannedFull, 0);
    assert.equal(r.stats.scannedIndex, r.rows.length);
    assert.equal(indexNode('FOR d IN items FILTER d.s == "s3" RETURN d')?.indexes[0].sparse, true);
    // null (and anything below a string bound, null included) is not in the sparse index: full scan.
    const nul = await both('FOR d IN items FILTER d.s == null RETURN d.n');
    assert.equal(nul.rows.length, 334);
    assert.equal(nul.stats.scannedIndex, 0);
    assert.equal(nul.stats.scannedFull, N);
    assert.equal(indexNode('FOR d IN items FILTER d.s < "s3" RETURN d'), undefined);
    assert.equal(indexNode('FOR d IN items FILTER d.s == @v RETURN d', { v: null }), undefined);
    const above = await both('FOR d IN items FILTER d.s > "s3" RETURN d.n');
    assert.equal(above.stats.scannedFull, 0);
    // ArangoDB's sparse-index cases: != null and > null exclude null, >= null does not.
    const usable: [string, boolean][] = [
      ['d.s != null', true],
      ['d.s > null', true],
      ['d.s >= null', false],
      ['d.s <= "s3" && d.s != null', true],
      ['d.s >= null && d.s <= "s3"', false],
      ['d.s > null && d.s <= "s3"', true],
      ['d.s == NOOPT("s3")', false],
      ['d.s == NOOPT("s3") && d.s != null', true],
    ];
    for (const [cond, uses] of usable) {
      const q = `FOR d IN items FILTER ${cond} RETURN d.n`;
      assert.equal(indexNode(q)?.indexes[0].name === 'byS', uses, cond);
      const r = await both(q);
      assert.equal(r.stats.scannedFull, uses ? 0 : N, cond);
    }
    assert.equal((await db.run('FOR d IN items FILTER d.s != null COLLECT WITH COUNT INTO n RETURN n'))[0], 666);
  });

  it('follows AQL type order in ranges: x < 5 includes null and booleans, x > 5 includes strings, arrays, objects', async () => {
    const cases: [string, unknown[]][] = [
      ['d.x < 5', [null, false, true, -3, 0, 4.5]],
      ['d.x <= 5', [null, false, true, -3, 0, 4.5, 5]],
      ['d.x > 5', [6, 100, '', '5', 'B', 'a', 'b', 'é', [1], [5, 1], { a: 1 }, { b: 2, a: 1 }]],
      ['d.x >= "a"', ['B', 'a', 'b', 'é', [1], [5, 1], { a: 1 }, { b: 2, a: 1 }]],
      ['d.x == {a: 1, b: 2}', [{ b: 2, a: 1 }]],
      ['d.x < "b"', [null, false, true, -3, 0, 4.5, 5, 6, 100, '', '5', 'a', 'B']],
      ['d.x > false && d.x < 1', [true, -3, 0]],
      ['d.x == null', [null]],
      ['d.x IN [[1], "b", true]', [true, 'b', [1]]],
      ['d.x > [1]', [[5, 1], { a: 1 }, { b: 2, a: 1 }]],
      ['d.x == {a: 1}', [{ a: 1 }]],
      ['d.x IN [[5, 1], 6]', [6, [5, 1]]],
    ];
    for (const [cond, expected] of cases) {
      const q = `FOR d IN mixed FILTER ${cond} SORT d.x RETURN d.x`;
      const r = await both(q, {}, true);
      const sorted = (await db.run(`FOR x IN @xs SORT x RETURN x`, { xs: expected }));
      assert.deepEqual(r.rows, sorted, cond);
      assert.equal(r.stats.scannedFull, 0, cond);
    }
  });

  it('replaces SORT by a persistent index order (use-index-for-sort), ascending and descending', async () => {
    const q = 'FOR d IN items SORT d.n LIMIT 5 RETURN d.n';
    assert.ok(!db.nodeTypes(q).includes('SortNode'));
    const r = await both(q, {}, true);
    assert.deepEqual(r.rows, [0, 1, 2, 3, 4]);
    assert.equal(r.stats.scannedFull, 0);
    assert.ok(r.stats.scannedIndex < 50, `read ${r.stats.scannedIndex} index entries for LIMIT 5`);
    const desc = await both('FOR d IN items SORT d.n DESC LIMIT 3 RETURN d.n', {}, true);
    assert.deepEqual(desc.rows, [999, 998, 997]);
    const below = await both('FOR d IN items FILTER d.n < 20 SORT d.n DESC LIMIT 3 RETURN d.n', {}, true);
    assert.deepEqual(below.rows, [19, 18, 17]);
    assert.ok(below.stats.scannedIndex <= 5, `read ${below.stats.scannedIndex} entries`);
    const ix = indexNode('FOR d IN items SORT d.n DESC RETURN d');
    assert.equal(ix?.reverse, true);
    assert.equal(ix?.ascending, false);
    const filtered = await both('FOR d IN items FILTER d.g == 4 SORT d.n DESC LIMIT 3 RETURN d.n', {}, true);
    assert.deepEqual(filtered.rows, [994, 984, 974]);
    assert.ok(!db.nodeTypes('FOR d IN items FILTER d.g == 4 SORT d.g, d.n RETURN d').includes('SortNode'));
    // Mixed directions and attributes no index covers keep the SortNode.
    assert.ok(db.nodeTypes('FOR d IN items SORT d.g, d.n DESC RETURN d').includes('SortNode'));
    assert.ok(!db.nodeTypes('FOR d IN items SORT d.u RETURN d').includes('SortNode'), 'a unique index orders too');
    assert.ok(db.nodeTypes('FOR d IN items SORT d.s RETURN d').includes('SortNode'), 'a sparse index lacks the nulls');
    assert.ok(db.nodeTypes('FOR d IN items SORT d.n RETURN d', {}).includes('IndexNode'));
    const off = db.explain('FOR d IN items SORT d.n RETURN d', {}, { optimizer: { rules: ['-use-index-for-sort'] } });
    assert.ok(off.plan.nodes.some((n: { type: string }) => n.type === 'SortNode'));
    assert.ok(!off.plan.rules.includes('use-index-for-sort'));
  });

  it('orders strings by AQL collation even where the index order (bytes) differs', async () => {
    const r = await both('FOR d IN mixed SORT d.x RETURN d.x', {}, true);
    assert.ok(!db.nodeTypes('FOR d IN mixed SORT d.x RETURN d.x').includes('SortNode'));
    assert.equal(r.rows.length, MIXED.length);
    const d = await both('FOR d IN mixed SORT d.x DESC RETURN d.x', {}, true);
    assert.deepEqual(d.rows, [...r.rows].reverse());
    // Strings are ordered from the index entries: only the documents returned are read
    // (none when the index entries hold all the query reads).
    const top = await both('FOR d IN items SORT d.u DESC LIMIT 3 RETURN d', {}, true);
    assert.deepEqual(top.rows.map((x: any) => x.u), ['u999', 'u998', 'u997']);
    assert.equal(top.stats.documentLookups, 3);
    assert.equal((await both('FOR d IN items SORT d.u DESC LIMIT 3 RETURN d.u', {}, true)).stats.documentLookups, 0);
    // A string range rejects entries by their indexed value, before reading documents.
    const range = await both('FOR d IN items FILTER d.u >= "u99" RETURN d');
    assert.equal(range.rows.length, 11);
    assert.equal(range.stats.documentLookups, 11);
  });

  it('reads sorted through an index exactly as a full scan sorts, with every LIMIT, direction and IN list', async () => {
    const queries = [
      'FOR d IN mixed SORT d.x%DIR%%LIMIT% RETURN d.x',
      'FOR d IN mixed FILTER d.x >= "" SORT d.x%DIR%%LIMIT% RETURN d.x',
      'FOR d IN mixed FILTER d.x < "a" SORT d.x%DIR%%LIMIT% RETURN d.x',
      'FOR d IN items FILTER d.u >= "u99" SORT d.u%DIR%%LIMIT% RETURN d.u',
      'FOR d IN items FILTER d.g IN [7, 2, 4] SORT d.g%DIR%, d.n%DIR%%LIMIT% RETURN [d.g, d.n]',
      'FOR d IN items FILTER d.g == 3 && d.n > 500 SORT d.g%DIR%, d.n%DIR%%LIMIT% RETURN d.n',
      'FOR d IN items FILTER d.n IN [5, 500, 50, 995] SORT d.n%DIR%%LIMIT% RETURN d.n',
    ];
    let indexed = 0;
    for (const q of queries) {
      for (const dir of ['', ' DESC']) {
        for (const limit of ['', ' LIMIT 3', ' LIMIT 2, 4', ' LIMIT 0', ' LIMIT 1']) {
          const query = q.replaceAll('%DIR%', dir).replace('%LIMIT%', limit);
          await both(query, {}, true);
          if (indexNode(query)) indexed++;
        }
      }
    }
    assert.ok(indexed >= 60, `only ${indexed} of 70 queries read an index`);
  });

  it('tells strings that look like stored arrays/objects apart from arrays and objects', async () => {
    const cases: [string, number[]][] = [
      ['d.x == "\\u001f[1]"', [0]],
      ['d.x == [1]', [1]],
      ['d.x == {a: 1}', [2]],
      ['d.x IN [[1], "\\u001f{\\"a\\":1}"]', [1, 3]],
      ['d.x >= ""', [0, 1, 2, 3, 4]],
    ];
    for (const [cond, expected] of cases) {
      const r = await both(`FOR d IN amb FILTER ${cond} SORT d.i RETURN d.i`, {}, true);
      assert.deepEqual(r.rows, expected, cond);
      assert.equal(r.stats.scannedFull, 0, cond);
    }
    // Equal objects stored with different attribute order, then sorted through the index.
    const q = 'FOR d IN amb FILTER d.o == {a: 1, b: 2} SORT d.o DESC, d.i DESC RETURN d.i';
    assert.ok(!db.nodeTypes(q).includes('SortNode'));
    assert.deepEqual((await both(q, {}, true)).rows, [4, 3, 1, 0]);
    // Late materialization decodes values from the index entries, except ambiguous ones.
    const late = 'FOR d IN amb FILTER d.x >= "" SORT TO_STRING(d.x) LIMIT 4 RETURN [d.i, d.x]';
    assert.ok(db.explain(late).plan.rules.includes('late-document-materialization'));
    const r = await both(late, {}, true);
    assert.equal(r.rows.length, 4);
  });

  it('uses values from an outer loop in index lookups', async () => {
    const q = 'FOR k IN ["k1", "k2"] FOR d IN items FILTER d._key == k RETURN d.n';
    const r = await both(q, {}, true);
    assert.deepEqual(r.rows, [1, 2]);
    assert.equal(r.stats.scannedIndex, 2);
    assert.equal(r.stats.cursorsCreated, 1);
    assert.equal(r.stats.cursorsRearmed, 1);
    const join = await both('FOR e IN rel FILTER e.w < 3 FOR d IN items FILTER d._id == e._to RETURN [e._key, d.n]');
    assert.equal(join.rows.length, 3);
  });

  it('keeps a FILTER part the index does not cover, and removes a covered FILTER', async () => {
    const q = 'FOR d IN items FILTER d.n < 100 && d.g == 3 && d.u != "u3" RETURN d.n';
    const r = await both(q);
    assert.equal(r.rows.length, 9);
    // only the uncovered part stays (ArangoDB's remove-filter-covered-by-index rebuilds the
    // FILTER without the parts the index guarantees): a FilterNode, or the IndexNode's
    // early-pruning filter
    const index = db.explain(q).plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
    assert.equal(index.filter?.type, 'compare !=');
    assert.ok(db.explain(q).plan.rules.includes('remove-filter-covered-by-index'));
    assert.ok(db.explain(q, {}, { optimizer: { rules: ['-move-filters-into-enumerate'] } }).plan.nodes.some((n: { type: string }) => n.type === 'FilterNode'));
    assert.ok(!db.nodeTypes('FOR d IN items FILTER d.n == 1 RETURN d').includes('FilterNode'));
  });

  it('does not use an index in a way that changes results', async () => {
    for (const q of [
      'FOR d IN items FILTER d.n != 5 RETURN d.n',
      'FOR d IN items FILTER d.n == 5 || d.n == 6 RETURN d.n',
      'FOR d IN items FILTER d.n NOT IN [1, 2] RETURN d.n',
      'FOR d IN items FILTER d.n == d.g RETURN d.n',
      'FOR d IN items FILTER d.n IN "x" RETURN d.n',
      'FOR d IN items FILTER d.n IN [] RETURN d.n',
      'FOR d IN items FILTER d.n == 5 && d.n == 6 RETURN d.n',
      'FOR d IN items FILTER d.n > 5 && d.n < 3 RETURN d.n',
      'FOR d IN items FILTER d.n == "5" RETURN d.n',
      'FOR d IN items FILTER d.x.y == 1 RETURN d.n',
    ]) {
      await both(q);
    }
  });
});
