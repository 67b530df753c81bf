// COLLECT v = d.<indexed field> [WITH COUNT INTO n] over a whole persistent index reads
// value counts (src/storage/index-reader.ts GroupCountScan, src/aql/executor/blocks.ts
// countedCollect) instead of one row per entry: the same groups, counts, order and
// statistics as the collection scan, for values of every type, values the index stores
// ambiguously (arrays, objects, strings starting with U+001F), and indexes with many
// distinct values (where the scan goes entry by entry).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { IndexReader, type ValueCount } from '../../src/storage/index-reader.js';
import type { ReadView } from '../../src/storage/engine.js';
import { hashKey, type AqlValue } from '../../src/values/index.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

const N = 3000;
/** Few distinct values, of every type (-0 and 0 are one group; the two objects are equal). */
const FEW: unknown[] = [null, false, true, -0, 0, -2.5, 7, '', 'city-7', 'city-70', 'city-7\u0001', '\u0001x', 'é', '\u001f[1]', [1], [1, [2]], { a: 1, b: 2 }, { b: 2, a: 1 }];

function docs(): Record<string, unknown>[] {
  return Array.from({ length: N }, (_, i) => {
    const d: Record<string, unknown> = { _key: `k${i}`, many: i % 1500, u: `u${i}`, nested: { v: i % 4 } };
    if (i % 11 !== 0) d.few = FEW[i % FEW.length]; // missing: indexed as null
    return d;
  });
}

describe('COLLECT over a whole index reads value counts', () => {
  let db: TestDb;
  const opened: string[] = [];
  const original = IndexReader.prototype.openGroupCounts;
  before(async () => {
    db = await openTestDb({ g: docs(), empty: [], snap: Array.from({ length: 40 }, (_, i) => ({ _key: `s${i}`, x: i % 4 })) });
    for (const spec of [
      { type: 'persistent', fields: ['few'] },
      { type: 'persistent', fields: ['many'] },
      { type: 'persistent', fields: ['nested.v', 'many'] },
      { type: 'persistent', fields: ['u'], unique: true },
    ]) await db.storage.indexes.ensure('_system', 'g', parseIndexSpec(spec));
    await db.storage.indexes.ensure('_system', 'snap', parseIndexSpec({ type: 'persistent', fields: ['x'] }));
    IndexReader.prototype.openGroupCounts = function (this: IndexReader, ...args: Parameters<typeof original>) {
      const r = original.apply(this, args);
      if (r) opened.push(args[1].fields.join(','));
      return r;
    };
  });
  after(async () => {
    IndexReader.prototype.openGroupCounts = original;
    await db.close();
  });

  const OFF = { optimizer: { rules: ['-all'] } };

  it('gives the collection scan groups, counts and statistics, in the same order', async () => {
    const cases: [string, string][] = [
      ['FOR d IN g COLLECT v = d.few WITH COUNT INTO n RETURN [v, n]', 'few'],
      ['FOR d IN g COLLECT v = d.few RETURN v', 'few'],
      ['FOR d IN g COLLECT v = d.many WITH COUNT INTO n RETURN {v, n}', 'many'],
      ['FOR d IN g COLLECT v = d.nested.v WITH COUNT INTO n RETURN [v, n]', 'nested.v,many'],
      ['FOR d IN g COLLECT v = d.u WITH COUNT INTO n FILTER n != 1 RETURN v', 'u'],
      ['FOR d IN g COLLECT v = d.few WITH COUNT INTO n SORT n DESC, v LIMIT 3 RETURN [v, n]', 'few'],
      ['LET x = (FOR d IN g COLLECT v = d.nested.v WITH COUNT INTO n RETURN n) RETURN x', 'nested.v,many'],
    ];
    for (const [q, index] of cases) {
      opened.length = 0;
      const on = await db.runFull(q);
      assert.deepEqual(opened, [index], q);
      const scan = await db.runFull(q, {}, OFF);
      assert.deepEqual(on.rows, scan.rows, q);
      assert.equal(on.stats.scannedIndex, N, q);
      assert.equal(on.stats.scannedFull, 0, q);
      // profile 2 reads the rows (its per-node counters need them): same answer, same statistics
      opened.length = 0;
      const profiled = await db.runFull(q, {}, { profile: 2 });
      assert.deepEqual(opened, [], q);
      assert.deepEqual(profiled.rows, on.rows, q);
      for (const k of ['scannedIndex', 'documentLookups', 'scannedFull', 'filtered'] as const) assert.equal(on.stats[k], profiled.stats[k], `${q}: ${k}`);
    }
    // RETURN DISTINCT: the same values (its order is unspecified)
    for (const [q, index] of [['FOR d IN g RETURN DISTINCT d.few', 'few'], ['FOR d IN g RETURN DISTINCT d.nested.v', 'nested.v,many']]) {
      opened.length = 0;
      const on = await db.runFull(q);
      assert.deepEqual(opened, [index], q);
      const scan = await db.runFull(q, {}, OFF);
      const canon = (rows: unknown[]) => rows.map((r) => hashKey(r as AqlValue)).sort();
      assert.deepEqual(canon(on.rows), canon(scan.rows), q);
      assert.equal(on.stats.scannedIndex, N, q);
    }
    const few = await db.runFull('FOR d IN g COLLECT v = d.few WITH COUNT INTO n RETURN [v, n]');
    assert.equal(few.rows.length, FEW.length - 2); // -0 = 0, and the two objects are one group
    const ambiguous = docs().filter((d) => (d.few !== null && typeof d.few === 'object') || (typeof d.few === 'string' && d.few.startsWith('\u001f'))).length;
    assert.equal(few.stats.documentLookups, ambiguous);
  });

  it('counts a whole collection natively for FOR d IN c COLLECT WITH COUNT INTO n', async () => {
    const engine = db.storage.engine;
    const original = engine.snapshot.bind(engine);
    let counted = 0;
    engine.snapshot = () => {
      const snap = original();
      const count = snap.count!.bind(snap);
      snap.count = (d, o) => {
        if (d === 'docs') counted++;
        return count(d, o);
      };
      return snap;
    };
    try {
      for (const q of [
        'FOR d IN g COLLECT WITH COUNT INTO n RETURN n',
        'LET x = (FOR d IN g COLLECT WITH COUNT INTO n RETURN n) RETURN x[0] * 2',
        'FOR d IN empty COLLECT WITH COUNT INTO n RETURN n',
      ]) {
        counted = 0;
        const on = await db.runFull(q);
        assert.equal(counted, 1, q);
        const scan = await db.runFull(q, {}, OFF);
        assert.deepEqual(on.rows, scan.rows, q);
        for (const k of ['scannedFull', 'scannedIndex', 'documentLookups', 'filtered'] as const) assert.equal(on.stats[k], scan.stats[k], `${q}: ${k}`);
      }
      assert.deepEqual(await db.run('FOR d IN g COLLECT WITH COUNT INTO n RETURN n'), [N]);
      // not when the documents are filtered, or in a data-modification query (its own writes count)
      for (const q of ['FOR d IN g FILTER d.many > 3 COLLECT WITH COUNT INTO n RETURN n', 'FOR d IN g COLLECT WITH COUNT INTO n INSERT {n} INTO empty RETURN n']) {
        counted = 0;
        const rows = await db.run(q);
        assert.equal(counted, 0, q);
        assert.equal(typeof rows[0], 'number', q);
      }
    } finally {
      engine.snapshot = original;
    }
  });

  it('counts the state as of the query start, whatever is written before it is read', async () => {
    const queries = ['FOR d IN snap COLLECT x = d.x WITH COUNT INTO n RETURN [x, n]', 'FOR d IN snap COLLECT WITH COUNT INTO n RETURN n'];
    const before = await Promise.all(queries.map((q) => db.run(q)));
    assert.deepEqual(before, [[[0, 10], [1, 10], [2, 10], [3, 10]], [40]]);
    opened.length = 0;
    const running = queries.map((q) => db.start(q));
    await db.storage.documents.apply('_system', 'snap', 'insert', [{ body: { _key: 'new', x: 9 } }, { body: { _key: 'new2', x: 0 } }], {});
    await db.storage.documents.apply('_system', 'snap', 'remove', [{ body: 's1' }], {});
    for (const [i, q] of running.entries()) {
      const b = await q.next(100);
      q.finish();
      assert.deepEqual(b.rows, before[i], queries[i]);
    }
    assert.deepEqual(opened, ['x']);
    assert.deepEqual(await db.run(queries[0]), [[0, 11], [1, 9], [2, 10], [3, 10], [9, 1]]);
    assert.deepEqual(await db.run(queries[1]), [41]);
  });

  it('reads rows as before when the COLLECT needs more than the indexed value and the counts', async () => {
    for (const q of [
      'FOR d IN g COLLECT v = d.few INTO grp RETURN [v, LENGTH(grp)]',
      'FOR d IN g COLLECT v = d.few AGGREGATE m = MAX(d.many) RETURN [v, m]',
      'FOR d IN g FILTER d.many > 3 COLLECT v = d.many WITH COUNT INTO n RETURN [v, n]',
      'FOR d IN g COLLECT v = d.many, w = d.few WITH COUNT INTO n RETURN [v, w, n]',
      'FOR x IN 1..2 FOR d IN g COLLECT v = d.nested.v WITH COUNT INTO n RETURN [v, n]',
      'FOR d IN g COLLECT v = d.many * 2 WITH COUNT INTO n RETURN [v, n]',
    ]) {
      opened.length = 0;
      const on = await db.run(q);
      assert.deepEqual(opened, [], q);
      assert.deepEqual(on, await db.run(q, {}, OFF), q);
    }
  });

  /** The reader's pairs merged by value, and how often it counted natively. */
  async function groupCounts(field: string): Promise<{ groups: Map<string, number>; counts: number; scanned: number }> {
    const storage = db.storage;
    let counts = 0;
    const engine = storage.engine as unknown as ReadView & { count(...a: unknown[]): number };
    const view: ReadView = {
      get: (d, k) => engine.get(d, k),
      range: (d, o) => engine.range(d, o),
      count: (d, o) => {
        counts++;
        return engine.count(d, o);
      },
    };
    const col = storage.catalog.collection('_system', 'g')!;
    const ix = col.indexes.find((x) => x.fields[0] === field)!;
    const stats = { scanned: 0, lookups: 0 };
    const reader = new IndexReader(view).openGroupCounts(col, ix, stats)!;
    const groups = new Map<string, number>();
    for (let b: ValueCount[] = await reader.next(7); b.length > 0; b = await reader.next(7)) {
      for (const { value, count } of b) groups.set(hashKey(value), (groups.get(hashKey(value)) ?? 0) + count);
    }
    return { groups, counts, scanned: stats.scanned };
  }

  it('counts each value natively when values have many entries, and reads entry by entry when they have few', async () => {
    const expected = (field: 'few' | 'many'): Map<string, number> => {
      const m = new Map<string, number>();
      for (const d of docs()) m.set(hashKey((d[field] ?? null) as AqlValue), (m.get(hashKey((d[field] ?? null) as AqlValue)) ?? 0) + 1);
      return m;
    };
    const few = await groupCounts('few');
    assert.deepEqual(few.groups, expected('few'));
    assert.equal(few.scanned, N);
    // one native count per distinct unambiguous value the index holds
    const col = db.storage.catalog.collection('_system', 'g')!;
    const ix = col.indexes.find((x) => x.fields[0] === 'few')!;
    const stored = new Set<unknown>();
    for (const { key } of db.storage.engine.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] })) {
      const v = (key as unknown[])[1];
      if (!(typeof v === 'string' && v.startsWith('\u001f'))) stored.add(v);
    }
    assert.ok(stored.size >= 12);
    assert.equal(few.counts, stored.size);
    const many = await groupCounts('many');
    assert.deepEqual(many.groups, expected('many'));
    assert.equal(many.scanned, N);
    assert.equal(many.counts, 16); // two entries per value: after 16 values, entry by entry
  });

  it('is not offered for sparse or array indexes, or by views that cannot count', async () => {
    await db.storage.indexes.ensure('_system', 'g', parseIndexSpec({ type: 'persistent', fields: ['nested.v'], sparse: true }));
    await db.storage.indexes.ensure('_system', 'g', parseIndexSpec({ type: 'persistent', fields: ['tags[*]'] }));
    const col = db.storage.catalog.collection('_system', 'g')!;
    const stats = { scanned: 0, lookups: 0 };
    const reader = db.storage.indexReader;
    assert.equal(reader.openGroupCounts(col, col.indexes.find((x) => x.sparse)!, stats), undefined);
    assert.equal(reader.openGroupCounts(col, col.indexes.find((x) => x.fields[0] === 'tags[*]')!, stats), undefined);
    const engine = db.storage.engine;
    const plain = new IndexReader({ get: (d, k) => engine.get(d, k), range: (d, o) => engine.range(d, o) });
    assert.equal(plain.openGroupCounts(col, col.indexes.find((x) => x.fields[0] === 'few')!, stats), undefined);
  });
});
