// Scans that test stored bytes before decoding (prefilter.ts, PrefilteredScanReader): the
// same rows and the same statistics as the plain scan, for every kind of string and
// condition, and the query's one snapshot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanNeedles, scanProbes } from '../../src/aql/executor/prefilter.js';
import type { RExpr, Variable } from '../../src/aql/planner/ir.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import type { QueryStats } from '../../src/aql/query.js';

const STRINGS = ['x', 'xy', 'yx', 'city-7', 'city-70', 'ü', 'über', '日本', '😀', 'a\u0000b', '\u001fjson', 'city', 'null', '1', '', 'X'];

describe('byte-prefiltered collection scans', () => {
  let db: TestDb;
  before(async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({
      _key: `k${i}`,
      s: STRINGS[i % STRINGS.length],
      n: { t: STRINGS[(i * 7) % STRINGS.length] },
      arr: [STRINGS[i % 5]],
      num: i % 10,
      ...(i % 11 === 0 ? { 'city-7': 'as a name' } : {}),
      ...(i % 13 === 0 ? { lone: '\ud800x' } : {}),
    }));
    // documents over 2 KiB (searched natively) and strings longer than a needle keeps
    const long = (i: number): string => 'p'.repeat(40) + i;
    const big = Array.from({ length: 40 }, (_, i) => ({ _key: `b${i}`, text: i % 2 ? 'y'.repeat(3000) + long(i % 4) : long(i % 4), tail: 'x'.repeat(i) }));
    db = await openTestDb({ c: docs, big });
  });
  after(() => db.close());

  const off = { optimizer: { rules: ['-move-filters-into-enumerate'] } };

  /** Each query gives the same rows and statistics as with the rules `rulesOff` turns off. */
  async function sameAsWithout(queries: string[], rulesOff: typeof off, stats: (keyof QueryStats)[] = ['scannedFull', 'filtered']): Promise<void> {
    for (const q of queries) {
      const on = await db.runFull(q, {}, { profile: 2 });
      const without = await db.runFull(q, {}, rulesOff);
      assert.equal(JSON.stringify(on.rows), JSON.stringify(without.rows), q);
      for (const k of stats) assert.equal(on.stats[k], without.stats[k], `${q}: ${k}`);
    }
  }

  it('finds the rows the plain scan finds, with the same scannedFull and filtered', async () => {
    const queries = [
      ...STRINGS.map((s) => `FOR d IN c FILTER d.s == ${JSON.stringify(s)} RETURN d`),
      ...STRINGS.map((s) => `FOR d IN c FILTER ${JSON.stringify(s)} == d.n.t RETURN [d._key, d.n]`),
      'FOR d IN c FILTER d.s IN ["x", "日本", "nope"] RETURN d._key',
      'FOR d IN c FILTER d.s IN ["x", 1] RETURN d._key',
      'FOR d IN c FILTER d.s == "city-7" && d.num > 3 RETURN d._key',
      'FOR d IN c FILTER d.s == "x" && d.n.t == "ü" RETURN d._key',
      'FOR d IN c FILTER d.s == "x" || d.s == "xy" RETURN d._key',
      'FOR d IN c FILTER d.arr == "x" RETURN d._key',
      'FOR d IN c FILTER d.arr == ["x"] RETURN d._key',
      'FOR d IN c FILTER d.lone == "\\ud800x" RETURN d._key',
      'FOR d IN c FILTER d._id == "c/k3" RETURN d._key',
      'FOR d IN c FILTER d._key == "k3" RETURN d._key',
      'FOR d IN c FILTER d.missing == "x" RETURN d._key',
      'FOR d IN c FILTER d.s == "city-7" SORT d.num DESC LIMIT 3 RETURN d',
    ];
    await sameAsWithout(queries, off);
    assert.equal((await db.run('FOR d IN c FILTER d.s == "city-7" RETURN 1')).length, 19);
  });

  it('probes attributes: the rows and statistics of the plain scan, for every comparison with a constant', async () => {
    const consts = ['3', '3.5', '-1', '0', 'null', 'true', '"x"', '"city-7"', '[1]', '{}'];
    const queries: string[] = [];
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      for (const c of consts) {
        queries.push(`FOR d IN c FILTER d.num ${op} ${c} RETURN d._key`);
        queries.push(`FOR d IN c FILTER ${c} ${op} d.s RETURN d._key`);
        queries.push(`FOR d IN c FILTER d.missing ${op} ${c} RETURN d._key`);
      }
    }
    queries.push(
      'FOR d IN c FILTER d.num IN [1, 2, "x"] RETURN d._key',
      'FOR d IN c FILTER d.num NOT IN [1, 2] && d.num >= 5 RETURN d',
      'FOR d IN c FILTER d.arr > 3 RETURN d._key',
      'FOR d IN c FILTER d.n >= "a" RETURN d._key',
      'FOR d IN c FILTER d.num >= 3 || d.s == "x" RETURN d._key',
      'FOR d IN c FILTER !(d.num >= 3) RETURN d._key',
      'FOR d IN c FILTER d._key >= "k5" && d.num < 2 RETURN d._key',
      'FOR d IN c FILTER d.num > 7 SORT d.s LIMIT 4 RETURN d',
      'FOR d IN big FILTER d.text < "q" RETURN d._key',
      'FOR d IN c FILTER d.num == 3 COLLECT s = d.s WITH COUNT INTO n RETURN [s, n]',
    );
    await sameAsWithout(queries, off);
    assert.equal((await db.run('FOR d IN c FILTER d.num >= 8 RETURN 1')).length, 60);
  });

  it('skips no document whose filter would throw or warn', async () => {
    // A filter with a call or arithmetic runs on every document, as without the rule.
    await assert.rejects(db.run('FOR d IN c FILTER FAIL("boom") && d.num > 100 RETURN d'), /boom/);
    await assert.rejects(db.run('FOR d IN c FILTER FAIL("boom") && d.s == "nope" RETURN d'), /boom/);
    const warned = await db.runFull('FOR d IN c FILTER 1 / d.num > 100 && d.num > 100 RETURN d');
    const plain = await db.runFull('FOR d IN c FILTER 1 / d.num > 100 && d.num > 100 RETURN d', {}, off);
    assert.deepEqual(warned.warnings, plain.warnings);
    const v = { id: 1, name: 'd', reg: 0 } as Variable;
    const gt: RExpr = { k: 'compare', op: '>', left: { k: 'attr', obj: { k: 'var', v }, name: 'num' }, right: { k: 'const', value: 100 } };
    assert.equal(scanProbes(gt, v).length, 1);
    assert.deepEqual(scanProbes({ k: 'logical', op: '&&', left: { k: 'call', name: 'FAIL', def: undefined as never, args: [] }, right: gt }, v), []);
    assert.deepEqual(scanProbes({ k: 'logical', op: '&&', left: { k: 'arith', op: '/', left: { k: 'const', value: 1 }, right: { k: 'const', value: 0 } }, right: gt }, v), []);
  });

  it('projects scans and late-materialized scans: the rows and statistics without either rule', async () => {
    const rulesOff = { optimizer: { rules: ['-late-document-materialization', '-reduce-extraction-to-projection', '-move-filters-into-enumerate'] } };
    const queries = [
      'FOR d IN c SORT d.num DESC, d._key LIMIT 7 RETURN d',
      'FOR d IN c SORT d.s LIMIT 2, 9 RETURN d',
      'FOR d IN c SORT d.n LIMIT 5 RETURN d',
      'FOR d IN c SORT d.arr, d._key DESC LIMIT 5 RETURN d',
      'FOR d IN c SORT d.missing, d._key LIMIT 3 RETURN d',
      'FOR d IN c SORT d.lone, d._key LIMIT 3 RETURN [d._id, d]',
      'FOR d IN c LET x = d.num * 2 SORT x DESC, d._key LIMIT 4 RETURN MERGE(d, {x})',
      'FOR d IN c COLLECT s = d.s WITH COUNT INTO n RETURN [s, n]',
      'FOR d IN c COLLECT s = d.s AGGREGATE m = MAX(d.num), a = AVERAGE(d.num) RETURN [s, m, a]',
      'FOR d IN c COLLECT t = d.n.t, k = d.arr WITH COUNT INTO n RETURN [t, k, n]',
      'FOR d IN c FILTER d.num > 4 COLLECT s = d.s INTO keys = d._key RETURN [s, keys]',
      'FOR d IN c RETURN DISTINCT d.missing',
      'FOR d IN big SORT d.text DESC, d._key LIMIT 3 RETURN d._key',
    ];
    await sameAsWithout(queries, rulesOff, ['scannedFull', 'documentLookups']);
    const late = db.explain('FOR d IN c SORT d.num DESC LIMIT 7 RETURN d');
    assert.ok(late.plan.nodes.some((n: { type: string }) => n.type === 'MaterializeNode'));
  });

  it('reads the documents of a late-materialized scan from the query snapshot', async () => {
    const q = db.start('FOR d IN c SORT d.num DESC, d._key LIMIT 3 RETURN d');
    const expected = await db.run('FOR d IN c SORT d.num DESC, d._key LIMIT 3 RETURN d');
    const first = await q.next(1);
    await db.storage.documents.apply('_system', 'c', 'update', [{ body: { _key: (expected[1] as { _key: string })._key, s: 'changed' } }], {});
    const rows = [...first.rows];
    for (let b = first; !b.done; ) {
      b = await q.next(1);
      rows.push(...b.rows);
    }
    q.finish();
    assert.deepEqual(rows, expected);
    await db.storage.documents.apply('_system', 'c', 'update', [{ body: { _key: (expected[1] as { _key: string })._key, s: (expected[1] as { s: string }).s } }], {});
  });

  it('finds the same rows in big documents and for strings longer than a needle', async () => {
    for (const q of [
      `FOR d IN big FILTER d.text == ${JSON.stringify('p'.repeat(40) + '1')} RETURN d._key`,
      `FOR d IN big FILTER d.text == ${JSON.stringify('y'.repeat(3000) + 'p'.repeat(40) + '3')} RETURN d._key`,
      `FOR d IN big FILTER d.text == ${JSON.stringify('p'.repeat(40) + '7')} RETURN d._key`,
      `FOR d IN big FILTER d.tail == ${JSON.stringify('x'.repeat(35))} RETURN d._key`,
    ]) {
      const on = await db.runFull(q);
      const without = await db.runFull(q, {}, off);
      assert.deepEqual(on.rows, without.rows, q);
      assert.equal(on.stats.filtered, without.stats.filtered, q);
    }
    assert.equal((await db.run(`FOR d IN big FILTER d.text == ${JSON.stringify('y'.repeat(3000) + 'p'.repeat(40) + '3')} RETURN 1`)).length, 10);
    assert.equal((await db.run(`FOR d IN big FILTER d.tail == ${JSON.stringify('x'.repeat(35))} RETURN 1`)).length, 1);
  });

  it('reports the documents it skipped in the profile of the scan node', async () => {
    const r = (await db.runFull('FOR d IN c FILTER d.s == "über" RETURN d._key', {}, { profile: 2 })) as Record<string, any>;
    const scan = r.plan.nodes.find((n: { type: string }) => n.type === 'EnumerateCollectionNode');
    assert.equal(r.stats.nodes.find((s: { id: number }) => s.id === scan.id).filtered, 300 - r.rows.length);
  });

  it('reads one snapshot, however many documents are written meanwhile', async () => {
    const q = db.start('FOR d IN c FILTER d.s == "x" RETURN d._key');
    const first = await q.next(3);
    await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'zz-new', s: 'x' } }], {});
    await db.storage.documents.apply('_system', 'c', 'remove', [{ body: 'k288' }], {});
    const rows = [...first.rows];
    for (let b = first; !b.done; ) {
      b = await q.next(3);
      rows.push(...b.rows);
    }
    q.finish();
    assert.ok(rows.includes('k288') && !rows.includes('zz-new'));
    assert.equal(rows.length, 19);
    await db.storage.documents.apply('_system', 'c', 'remove', [{ body: 'zz-new' }], {});
  });

  it('takes needles only from conjuncts that every match must satisfy', () => {
    const v = { id: 1, name: 'd', reg: 0 } as Variable;
    const attr = (name: string): RExpr => ({ k: 'attr', obj: { k: 'var', v }, name });
    const c = (value: unknown): RExpr => ({ k: 'const', value: value as never });
    const eq = (l: RExpr, r: RExpr): RExpr => ({ k: 'compare', op: '==', left: l, right: r });
    const text = (lists: Buffer[][]): string[][] => lists.map((l) => l.map((b) => b.toString('utf8')));
    assert.deepEqual(text(scanNeedles(eq(attr('s'), c('x')), v)), [['x']]);
    assert.deepEqual(text(scanNeedles(eq(c('x'), attr('s')), v)), [['x']]);
    assert.deepEqual(text(scanNeedles({ k: 'logical', op: '&&', left: eq(attr('s'), c('x')), right: eq(attr('t'), c('日本')) }, v)), [['x'], ['日本']]);
    assert.deepEqual(text(scanNeedles({ k: 'compare', op: 'in', left: attr('s'), right: c(['a', 'b']) }, v)), [['a', 'b']]);
    for (const none of [
      { k: 'logical', op: '||', left: eq(attr('s'), c('x')), right: eq(attr('t'), c('y')) } as RExpr,
      { k: 'compare', op: 'in', left: attr('s'), right: c(['a', 2]) } as RExpr,
      { k: 'compare', op: 'in', left: attr('s'), right: c(Array.from({ length: 9 }, (_, i) => `s${i}`)) } as RExpr,
      eq(attr('s'), c(1)),
      eq(attr('s'), c('')),
      eq(attr('s'), c('\ud800')),
      eq(attr('_id'), c('c/k1')),
      eq(c('x'), c('x')),
      { k: 'compare', op: '!=', left: attr('s'), right: c('x') } as RExpr,
    ]) {
      assert.deepEqual(scanNeedles(none, v), [], JSON.stringify(none));
    }
  });
});
