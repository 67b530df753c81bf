// Index use ArangoDB's optimizer has and these tests pin: array index lookups (`v IN
// d.tags[*]`), an OR across attributes read through several indexes (one IndexNode with
// an `indexes` array), and `_key` ranges through the primary index. Upstream cases are
// replayed from tests/js/client/aql/aql-optimizer-indexes-in-or.js and the OR, primary
// index and expansion cases of aql-optimizer-indexes.js (3.12), named per case; the rest
// compare every indexed query with the same query with use-indexes disabled, on fixed and
// on random data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { compare, type AqlValue } from '../../src/values/index.js';
import { mulberry32 } from '../helpers/random.js';

const NO_INDEX = { optimizer: { rules: ['-use-indexes'] } };
const sorted = (rows: AqlValue[]): AqlValue[] => [...rows].sort(compare);

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

function indexNode(db: TestDb, q: string): Record<string, any> | undefined {
  return db.explain(q).plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
}

describe('aql-optimizer-indexes-in-or.js (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsCollection';
  async function fresh(index?: string[]): Promise<TestDb> {
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _key: `test${i}`, value1: i % 100, value2: i }));
    const db = await openTestDb({ [C]: docs });
    if (index) await addIndex(db, C, { fields: index });
    return db;
  }
  /** Upstream's loop: IndexNode used or not, every value among the expected ones (or the count), and the scan stats. */
  async function check(db: TestDb, cases: [string, AqlValue[] | number][], indexed: boolean, opts: { maxIndex?: number; options?: object } = {}): Promise<void> {
    for (const [q, expected] of cases) {
      const types = (db.explain(q, {}, opts.options).plan.nodes as { type: string }[]).map((n) => n.type);
      assert.equal(types.includes('IndexNode'), indexed, q);
      const r = await db.runFull(q, {}, opts.options);
      if (typeof expected === 'number') assert.equal(r.rows.length, expected, q);
      else for (const v of r.rows) assert.ok(expected.includes(v), `${q}: ${v}`);
      if (indexed) {
        assert.ok(r.stats.scannedIndex > 0, q);
        assert.equal(r.stats.scannedFull, 0, q);
        if (opts.maxIndex !== undefined) assert.ok(r.stats.scannedIndex < opts.maxIndex, `${q}: ${r.stats.scannedIndex}`);
      } else {
        if (typeof expected === 'number' || expected.length > 0) assert.ok(r.stats.scannedFull > 0, q);
        assert.equal(r.stats.scannedIndex, 0, q);
      }
    }
  }
  const q = (f: string): string => `FOR i IN ${C} FILTER ${f} RETURN i.value1`;
  const sameAttr = (a = '35', b = '36', c = '37'): [string, AqlValue[]][] => [
    [q(`i.value1 IN [ ${a} ]`), [35]],
    [q(`i.value1 IN [ ${a}, ${a}, ${a} ]`), [35]],
    [q(`i.value1 IN [ ${a}, ${b} ]`), [35, 36]],
    [q(`i.value1 IN [ ${b}, ${b}, ${a}, ${b}, -9 ]`), [35, 36]],
    [q(`i.value1 IN [ ${a}, ${b}, ${c} ]`), [35, 36, 37]],
    [q(`i.value1 IN [ ${a} ] || i.value1 IN [ ${b}, ${c} ]`), [35, 36, 37]],
    [q(`i.value1 IN [ ${a}, ${b}, ${c} ] || i.value1 IN [ ${a}, ${b}, ${c} ]`), [35, 36, 37]],
    [q(`i.value1 == ${a}`), [35]],
    [q(`i.value1 == ${a} || i.value1 == ${a}`), [35]],
    [q(`i.value1 == ${a} || i.value1 == ${b}`), [35, 36]],
    [q(`i.value1 == ${a} || i.value1 == ${b} || i.value1 == ${c}`), [35, 36, 37]],
  ];
  const differentAttributes: [string, number][] = [
    [q('i.value1 == 3 || i.value2 == 5 || i.value1 == 7'), 41],
    [q('i.value1 == 3 || i.value2 == 5 || i.value1 == 3'), 21],
    [q('i.value1 == 3 || i.value2 == 5 || i.value1 == 3 || i.value2 == 5'), 21],
    [q('i.value1 == 3 || i.value1 == 5 || i.value2 == 7'), 41],
    [q('i.value1 == 3 || i.value1 == 5 || i.value2 == 7 || i.value2 == 19'), 42],
    [q('i.value1 IN [ 3, 9, 12 ] || i.value2 == 18'), 61],
    [q('i.value1 IN [ 3, 9, 12 ] || i.value2 IN [ 18, 24, 42 ]'), 63],
  ];
  const multi: [string, number][] = [
    [q('i.value1 == 30 && i.value2 == 30'), 1],
    [q('i.value1 IN [ 30, 31, 32 ] && i.value2 IN [ 30, 31, 32, 130 ]'), 4],
    [q('(i.value1 == 30 || i.value1 == 29 || i.value1 == 32) && (i.value2 == 32 || i.value2 == 29 || i.value2 == 30)'), 3],
    [q('(i.value1 == 30 || i.value1 == 29 || i.value1 == 32) && (i.value2 == 32 || i.value2 == 29 || i.value2 == 30 || i.value2 == 35)'), 3],
    [q('(i.value1 == 30 || i.value1 == 29 || i.value1 == 32) && i.value2 IN [ 32, 30, 45, 99, 12, 7 ]'), 2],
  ];
  for (const kind of ['Hash', 'Skiplist']) {
    it(`${kind === 'Hash' ? 'testHashIndex' : 'testSkiplistIndex'}`, async () => {
      const db = await fresh(['value1']);
      try {
        const cases = sameAttr();
        // testHashIndex has every case but the doubled IN lists' second form
        await check(db, kind === 'Hash' ? cases : cases, true);
      } finally {
        await db.close();
      }
    });
    it(`test${kind}IndexDynamic`, async () => {
      const db = await fresh(['value1']);
      try {
        const lets = 'LET a = PASSTHRU(35), b = PASSTHRU(36), c = PASSTHRU(37) ';
        await check(db, sameAttr('a', 'b', 'c').map(([s, e]) => [lets + s, e]), true);
      } finally {
        await db.close();
      }
    });
    it(`test${kind}IndexDifferentAttributes (value2 has no index: a full scan)`, async () => {
      const db = await fresh(['value1']);
      try {
        await check(db, differentAttributes, false);
      } finally {
        await db.close();
      }
    });
    it(`test${kind}IndexMulti`, async () => {
      const db = await fresh(['value1', 'value2']);
      try {
        await check(db, multi, true, { maxIndex: 10 });
      } finally {
        await db.close();
      }
    });
  }
  it('testNoIndex', async () => {
    const db = await fresh();
    try {
      await check(db, [[q('i.value1 IN [ ]'), []], ...sameAttr().filter(([s]) => !s.includes('] ||'))], false);
    } finally {
      await db.close();
    }
  });
  it('testNoHashIndex (a branch on an unindexed attribute: a full scan)', async () => {
    const db = await fresh(['value1']);
    try {
      const vals = [95, 96, 97, 98, 99];
      const cases: [string, AqlValue[]][] = [
        'i.value1 IN [ 95 ]', 'i.value1 IN [ 95, 95, 95 ]', 'i.value1 IN [ 95, 96 ]', 'i.value1 IN [ 96, 96, 95, 96, -9 ]', 'i.value1 IN [ 95, 96, 97 ]',
        'i.value1 == 95', 'i.value1 == 95 || i.value1 == 95', 'i.value1 == 95 || i.value1 == 96', 'i.value1 == 95 || i.value1 == 96 || i.value1 == 97',
      ].map((f) => [q(`i.value > 95 || ${f}`), vals]);
      await check(db, cases, false);
    } finally {
      await db.close();
    }
  });
  it('testHashIndexString', async () => {
    const db = await fresh(['value1']);
    try {
      await db.run(`FOR i IN 0..999 INSERT { value1: CONCAT('test', i % 100) } INTO ${C}`);
      const s = (f: string, e: string[]): [string, AqlValue[]] => [q(f), e];
      await check(db, [
        s(`i.value1 IN [ 'test1', 'test3', 'test4' ]`, ['test1', 'test3', 'test4']),
        s(`i.value1 IN [ 'test1', 'test1', 'test1' ]`, ['test1']),
        s(`i.value1 IN [ 'test9', 'test0' ]`, ['test0', 'test9']),
        s(`i.value1 IN [ 'test6', 'test6', 'test5', 'test6', 'test9999', 'test-1', 'foobar' ]`, ['test5', 'test6']),
        s(`i.value1 IN [ 'test5' ] || i.value1 IN [ 'test6', 'test7' ]`, ['test5', 'test6', 'test7']),
        s(`i.value1 IN [ 'test5', 'test6', 'test7' ] || i.value1 IN [ 'test5', 'test6', 'test7' ]`, ['test5', 'test6', 'test7']),
        s(`i.value1 == 'test5'`, ['test5']),
        s(`i.value1 == 'test5' || i.value1 == 'test5'`, ['test5']),
        s(`i.value1 == 'test5' || i.value1 == 'test6'`, ['test5', 'test6']),
        s(`i.value1 == 'test5' || i.value1 == 'test6' || i.value1 == 'test7'`, ['test5', 'test6', 'test7']),
      ], true);
    } finally {
      await db.close();
    }
  });
  it('testNoSkiplistIndexMulti (value2 is not the first field: a full scan)', async () => {
    const db = await fresh(['value1', 'value2']);
    try {
      await check(db, differentAttributes, false, { options: { optimizer: { rules: ['-reduce-extraction-to-projection'] } } });
    } finally {
      await db.close();
    }
  });
});

describe('OR across attributes: one IndexNode over several indexes', () => {
  let db: TestDb;
  before(async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({ _key: `k${i}`, a: i % 10, b: i % 7, c: i % 3 === 0 ? null : i }));
    db = await openTestDb({ c: docs });
    await addIndex(db, 'c', { fields: ['a'] });
    await addIndex(db, 'c', { fields: ['b'] });
  });
  after(async () => {
    await db.close();
  });

  it('reads both indexes, returns each document once and keeps the FILTER', async () => {
    const text = 'FOR d IN c FILTER d.a == 1 OR d.b == 2 RETURN d._key';
    const n = indexNode(db, text)!;
    assert.deepEqual(n.indexes.map((x: { fields: string[] }) => x.fields), [['a'], ['b']]);
    assert.equal(n.condition.type, 'n-ary or');
    assert.deepEqual(n.condition.subNodes.map((s: any) => [s.type, s.subNodes.map((x: any) => x.type)]), [['n-ary and', ['compare ==']], ['n-ary and', ['compare ==']]]);
    // ArangoDB's remove-filter-covered-by-index leaves the FILTER of an IndexNode with
    // several indexes (upstream testMultipleConditions: `'foo' IN v.z[*] || 'bar' IN
    // v.z[*]` keeps its FilterNode); move-filters-into-enumerate then moves it into the node
    assert.ok(!db.explain(text).plan.rules.includes('remove-filter-covered-by-index'));
    assert.ok(db.explain(text, {}, { optimizer: { rules: ['-move-filters-into-enumerate'] } }).plan.nodes.some((x: { type: string }) => x.type === 'FilterNode'));
    assert.equal(n.filter?.type, 'logical or');
    const rows = await same(db, text);
    assert.equal(new Set(rows).size, rows.length);
    assert.equal(rows.length, 30 + 43 - 4);
    const r = await db.runFull(text);
    assert.equal(r.stats.scannedFull, 0);
  });

  it('serves ranges, IN lists and the same attribute in a branch', async () => {
    for (const f of ['d.a > 7 OR d.b IN [1, 2]', 'd.a == 1 OR d.a >= 8 OR d.b < 1', '(d.a == 1 AND d.b == 1) OR d.b == 6', 'd.a == 2 OR (d.b == 3 AND d.c != null)']) {
      const text = `FOR d IN c FILTER ${f} RETURN d._key`;
      assert.ok(indexNode(db, text), f);
      await same(db, text);
    }
  });

  it('keeps a full scan when one branch has no index', async () => {
    const text = 'FOR d IN c FILTER d.a == 1 OR d.c == 5 RETURN d._key';
    assert.equal(indexNode(db, text), undefined);
    await same(db, text);
  });
});

describe('array index lookups (IN d.tags[*])', () => {
  let db: TestDb;
  const docs = [
    { _key: 'a', tags: ['x', 'y', 'x'] },
    { _key: 'b', tags: ['y', null] },
    { _key: 'c', tags: 'x' },
    { _key: 'd', tags: null },
    { _key: 'e' },
    { _key: 'f', tags: [] },
    { _key: 'g', tags: [['x']], n: 1 },
    { _key: 'h', tags: ['z', 'x'], n: 2, o: { l: [{ v: 1 }, { v: 2 }, 3] } },
    { _key: 'i', o: { l: [{ v: 2 }, { w: 1 }] }, n: 1 },
  ];
  before(async () => {
    db = await openTestDb({ t: docs, s: docs });
    await addIndex(db, 't', { fields: ['tags[*]'] });
    await addIndex(db, 't', { fields: ['o.l[*].v'] });
    await addIndex(db, 't', { fields: ['tags[*]', 'n'], name: 'combined' });
    await addIndex(db, 's', { fields: ['tags[*]'], sparse: true });
  });
  after(async () => {
    await db.close();
  });

  it('uses the array index for `v IN d.tags[*]` and returns each document once', async () => {
    const text = `FOR d IN t FILTER 'x' IN d.tags[*] RETURN d._key`;
    const n = indexNode(db, text)!;
    assert.equal(n.indexes[0].fields[0], 'tags[*]');
    assert.ok(!db.nodeTypes(text).includes('FilterNode'));
    assert.deepEqual(sorted(await same(db, text)), ['a', 'h']);
  });

  it('finds explicit null elements, not documents without an array', async () => {
    assert.deepEqual(sorted(await same(db, `FOR d IN t FILTER null IN d.tags[*] RETURN d._key`)), ['b']);
  });

  it('serves sub-attributes of array elements (o.l[*].v)', async () => {
    const text = `FOR d IN t FILTER 2 IN d.o.l[*].v RETURN d._key`;
    assert.deepEqual(indexNode(db, text)!.indexes[0].fields, ['o.l[*].v']);
    assert.deepEqual(sorted(await same(db, text)), ['h', 'i']);
    // (h's element 3 is no object: its `.v` is null, as AQL's expansion gives it)
    assert.deepEqual(sorted(await same(db, `FOR d IN t FILTER null IN d.o.l[*].v RETURN d._key`)), ['h', 'i']);
  });

  it('serves a combined index with an array field and another field', async () => {
    const text = `FOR d IN t FILTER 'x' IN d.tags[*] && d.n == 2 RETURN d._key`;
    assert.deepEqual(indexNode(db, text)!.indexes[0].name, 'combined');
    assert.deepEqual(await same(db, text), ['h']);
  });

  it("also uses it for IN without [*] (SortedIndexAttributeMatcher's `'value' IN doc.value`; shell-index-ensure.js testEnsureUniquePersistentOnArray)", async () => {
    for (const f of [`'x' IN d.tags`, `null IN d.tags`, `'y' IN d.tags`]) {
      const text = `FOR d IN t FILTER ${f} RETURN d._key`;
      assert.ok(indexNode(db, text), f);
      await same(db, text);
    }
  });

  it('does not use it for the forms ArangoDB does not (ANY ==, [0], ==)', async () => {
    for (const f of [`d.tags ANY == 'x'`, `d.tags[0] == 'x'`, `d.tags == 'x'`]) {
      const text = `FOR d IN t FILTER ${f} RETURN d._key`;
      assert.equal(indexNode(db, text), undefined, f);
      await same(db, text);
    }
  });

  it('uses a sparse array index only when the value excludes null', async () => {
    assert.ok(indexNode(db, `FOR d IN s FILTER 'y' IN d.tags[*] RETURN d._key`));
    assert.deepEqual(sorted(await same(db, `FOR d IN s FILTER 'y' IN d.tags[*] RETURN d._key`)), ['a', 'b']);
    assert.equal(indexNode(db, `FOR d IN s FILTER null IN d.tags[*] RETURN d._key`), undefined);
    assert.deepEqual(await same(db, `FOR d IN s FILTER null IN d.tags[*] RETURN d._key`), ['b']);
    assert.equal(indexNode(db, `FOR d IN s FILTER null IN d.tags RETURN d._key`), undefined);
    assert.ok(indexNode(db, `FOR d IN s FILTER 'y' IN d.tags RETURN d._key`));
  });

  it('takes values from outer loops and bind parameters', async () => {
    assert.deepEqual(sorted(await same(db, `FOR v IN ['x', 'z', 'q'] FOR d IN t FILTER v IN d.tags[*] RETURN [v, d._key]`)), [['x', 'a'], ['x', 'h'], ['z', 'h']]);
    assert.deepEqual(sorted(await same(db, `FOR d IN t FILTER @v IN d.tags[*] RETURN d._key`, { v: ['x'] })), ['g']);
  });
});

describe('_key and _id through the primary index', () => {
  let db: TestDb;
  const keys = ['k1', 'k10', 'k2', 'k20', 'K3', 'a', 'B', 'b', 'k-1', 'k_2', 'k.3', '9', '10'];
  before(async () => {
    db = await openTestDb({ c: keys.map((k, i) => ({ _key: k, i })) });
  });
  after(async () => {
    await db.close();
  });

  it('reads ranges on _key through the primary index with the rows of a scan', async () => {
    for (const f of ['d._key > "k1"', 'd._key >= "k1" && d._key < "k2"', 'd._key <= "b"', 'd._key < "K"', 'd._key > 5', 'd._key < 5', 'd._key > null', 'd._key < [1]', '"k2" >= d._key']) {
      const text = `FOR d IN c FILTER ${f} RETURN d._key`;
      const n = indexNode(db, text);
      assert.equal(n?.indexes[0].type, 'primary', f);
      assert.ok(!db.nodeTypes(text).includes('FilterNode'), f);
      await same(db, text);
    }
  });

  it('gives SORT d._key with a range in the primary index order (byte order), ascending and descending', async () => {
    const text = 'FOR d IN c FILTER d._key >= "k" SORT d._key RETURN d._key';
    assert.ok(!db.nodeTypes(text).includes('SortNode'));
    const asc = await db.run(text);
    // (which keys: AQL's collation, where "K3" >= "k"; in which order: bytes, "K" < "k")
    assert.deepEqual(asc, ['K3', 'k-1', 'k.3', 'k1', 'k10', 'k2', 'k20', 'k_2']);
    assert.deepEqual(await db.run(text.replace('SORT d._key', 'SORT d._key DESC')), [...asc].reverse());
  });

  it('looks _id up by equality and IN, only in its own collection', async () => {
    assert.deepEqual(await same(db, 'FOR d IN c FILTER d._id == "c/k2" RETURN d._key'), ['k2']);
    assert.deepEqual(await same(db, 'FOR d IN c FILTER d._id == "x/k2" RETURN d._key'), []);
    assert.deepEqual(sorted(await same(db, 'FOR d IN c FILTER d._id IN ["c/a", "c/B", "x/b", 3] RETURN d._key')), ['a', 'B']);
    assert.equal(indexNode(db, 'FOR d IN c FILTER d._id IN ["c/a"] RETURN 1')?.indexes[0].type, 'primary');
  });

  it('leaves a persistent index with an equality ahead of a _key range', async () => {
    await addIndex(db, 'c', { fields: ['i'] });
    assert.equal(indexNode(db, 'FOR d IN c FILTER d.i == 3 && d._key > "a" RETURN 1')?.indexes[0].type, 'persistent');
  });
});

describe('property: indexed reads give the rows of a scan (random data and queries)', () => {
  const rng = mulberry32;
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const VALUES = [null, false, true, 0, 1, 2, 3, -1, 2.5, 'a', 'b', 'B', 'x', '', [], [1], { p: 1 }];
  const KEY_CHARS = 'abAB019-_.:';

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed);
      const keys = new Set<string>();
      while (keys.size < 150) keys.add(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, [...KEY_CHARS])).join(''));
      const docs = [...keys].map((k) => {
        const d: Record<string, unknown> = { _key: k };
        if (r() < 0.85) d.a = pick(r, VALUES);
        if (r() < 0.85) d.b = pick(r, VALUES);
        const t = r();
        if (t < 0.7) d.tags = Array.from({ length: Math.floor(r() * 4) }, () => pick(r, VALUES));
        else if (t < 0.85) d.tags = pick(r, VALUES);
        if (r() < 0.6) d.o = { l: Array.from({ length: Math.floor(r() * 3) }, () => (r() < 0.8 ? { v: pick(r, VALUES) } : pick(r, VALUES))) };
        return d;
      });
      const db = await openTestDb({ c: docs });
      try {
        await addIndex(db, 'c', { fields: ['a'] });
        await addIndex(db, 'c', { fields: ['b'], sparse: true });
        await addIndex(db, 'c', { fields: ['tags[*]'] });
        await addIndex(db, 'c', { fields: ['o.l[*].v'], sparse: seed % 2 === 0 });
        await addIndex(db, 'c', { fields: ['tags[*]', 'a'] });
        const lit = (): string => JSON.stringify(pick(r, VALUES));
        const str = (): string => JSON.stringify(Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, [...KEY_CHARS])).join(''));
        const cmp = (): string => pick(r, ['==', '<', '<=', '>', '>=']);
        const atom = (): string =>
          pick(r, [
            () => `d.a ${cmp()} ${lit()}`,
            () => `d.b ${cmp()} ${lit()}`,
            () => `d.a IN [${lit()}, ${lit()}]`,
            () => `${lit()} IN d.tags[*]`,
            () => `${lit()} IN d.o.l[*].v`,
            () => `d._key ${cmp()} ${r() < 0.8 ? str() : lit()}`,
            () => `d._id == ${JSON.stringify('c/' + pick(r, [...keys]))}`,
          ])();
        const conj = (): string => (r() < 0.3 ? `${atom()} && ${atom()}` : atom());
        let used = 0;
        for (let n = 0; n < 60; n++) {
          const f = r() < 0.4 ? Array.from({ length: 2 + Math.floor(r() * 2) }, () => `(${conj()})`).join(' || ') : conj();
          const tail = r() < 0.2 ? ' SORT d._key' : '';
          const text = `FOR d IN c FILTER ${f}${tail} RETURN d._key`;
          if (indexNode(db, text)) used++;
          const rows = await same(db, text);
          assert.equal(new Set(rows).size, rows.length, `${text} (seed ${seed})`);
          if (tail) assert.deepEqual(rows, await db.run(text), text);
        }
        assert.ok(used > 20, `only ${used} of 60 random queries used an index`);
      } finally {
        await db.close();
      }
    });
  }
});

/**
 * One upstream query check: IndexNode used or not, the rows (sorted) or their number, and
 * the scan statistics as upstream asserts them ('>0' = some).
 */
interface Expect {
  q: string;
  indexed: boolean;
  rows?: AqlValue[];
  count?: number;
  scannedIndex?: number | '>0';
  scannedFull?: number | '>0';
  /** Upstream explains and runs it without `opt` (-reduce-extraction-to-projection). */
  plain?: boolean;
}

describe('aql-optimizer-indexes.js (tests/js/client/aql, 3.12): OR, primary index and expansion cases', () => {
  const C = 'UnitTestsCollection';
  const opt = { optimizer: { rules: ['-reduce-extraction-to-projection'] } };
  async function fresh(): Promise<TestDb> {
    const db = await openTestDb({ [C]: Array.from({ length: 2000 }, (_, i) => ({ _key: `test${i}`, value: i })) });
    await addIndex(db, C, { fields: ['value'] });
    return db;
  }
  async function expect(db: TestDb, e: Expect): Promise<void> {
    const options = e.plain ? {} : opt;
    const types = (db.explain(e.q, {}, options).plan.nodes as { type: string }[]).map((n) => n.type);
    assert.equal(types.includes('IndexNode'), e.indexed, `IndexNode: ${e.q}`);
    const r = await db.runFull(e.q, {}, options);
    if (e.rows) assert.deepEqual(sorted(r.rows), sorted(e.rows), e.q);
    if (e.count !== undefined) assert.equal(r.rows.length, e.count, e.q);
    const stat = (name: 'scannedIndex' | 'scannedFull', want: number | '>0' | undefined): void => {
      if (want === '>0') assert.ok(r.stats[name] > 0, `${name} > 0: ${e.q}`);
      else if (want !== undefined) assert.equal(r.stats[name], want, `${name}: ${e.q}`);
    };
    stat('scannedIndex', e.scannedIndex);
    stat('scannedFull', e.scannedFull);
  }
  const q = (f: string, ret = 'i.value'): string => `FOR i IN ${C} FILTER ${f} RETURN ${ret}`;
  const noIndex = (queries: string[], count: number): Expect[] => queries.map((x) => ({ q: x, indexed: false, count, scannedIndex: 0, scannedFull: '>0' }));
  const cases: [string, (db: TestDb) => Promise<void>, Expect[] | ((db: TestDb) => Expect[])][] = [
    ['testIndexUsedForExpansion1', async () => {}, [
      { q: `LET test = NOOPT([{ value: 1 }, { value : 2 }]) FOR doc IN ${C} FILTER doc.value IN test[*].value SORT doc.value RETURN doc.value`, indexed: true, rows: [1, 2], scannedFull: 0, scannedIndex: '>0', plain: true },
    ]],
    ['testIndexUsedForExpansion2', async () => {}, [
      { q: `LET test = NOOPT([1, 2]) FOR doc IN ${C} FILTER doc.value IN test[*] SORT doc.value RETURN doc.value`, indexed: true, rows: [1, 2], scannedFull: 0, scannedIndex: '>0', plain: true },
    ]],
    ['testUsePrimaryIdEq', async () => {}, [{ q: q(`i._id == '${C}/test22'`), indexed: true, rows: [22], scannedFull: 0, scannedIndex: 1 }]],
    ['testUsePrimaryIdEqNoMatches', async () => {}, [{ q: q(`i._id == '${C}/qux'`), indexed: true, rows: [], scannedFull: 0, scannedIndex: 0 }]],
    ['testUsePrimaryIdInAttributeAccess', async () => {}, [
      { q: `LET data = NOOPT({ ids : ${JSON.stringify(['test1', 'test2', 'test21', 'test30'].map((k) => `${C}/${k}`))} }) FOR i IN ${C} FILTER i._id IN data.ids RETURN i.value`, indexed: true, rows: [1, 2, 21, 30], scannedFull: 0, scannedIndex: 4 },
    ]],
    ['testUsePrimaryId', async () => {}, [
      { q: q(`i._id IN ${JSON.stringify(['test1', 'test2', 'test21', 'test30'].map((k) => `${C}/${k}`))}`), indexed: true, rows: [1, 2, 21, 30], scannedFull: 0, scannedIndex: 4 },
    ]],
    ['testUsePrimaryIdNoMatches', async () => {}, [
      { q: q(`i._id IN ${JSON.stringify(['foo', 'bar', 'baz', 'qux'].map((k) => `${C}/${k}`))}`), indexed: true, rows: [], scannedFull: 0, scannedIndex: 0 },
    ]],
    ['testUsePrimaryKeyEq', async () => {}, [{ q: q(`i._key == 'test6'`), indexed: true, rows: [6], scannedFull: 0, scannedIndex: 1 }]],
    ['testUsePrimaryKeyEqNoMatches', async () => {}, [{ q: q(`i._key == 'qux'`), indexed: true, rows: [], scannedFull: 0, scannedIndex: 0 }]],
    ['testUsePrimaryKeyInAttributeAccess', async () => {}, [
      { q: `LET data = NOOPT({ ids : ["test1","test2","test21","test30"] }) FOR i IN ${C} FILTER i._key IN data.ids RETURN i.value`, indexed: true, rows: [1, 2, 21, 30], scannedFull: 0, scannedIndex: 4 },
    ]],
    ['testUsePrimaryKey', async () => {}, [{ q: q(`i._key IN ["test1","test2","test21","test30"]`), indexed: true, rows: [1, 2, 21, 30], scannedFull: 0, scannedIndex: 4 }]],
    ['testUsePrimaryKeyNoMatches', async () => {}, [{ q: q(`i._key IN ["foo","bar","baz","qux"]`), indexed: true, rows: [], scannedFull: 0, scannedIndex: 0 }]],
    ['testIndexOrPrimary', async () => {}, [{ q: q(`i._key == 'test1' || i._key == 'test9'`), indexed: true, rows: [1, 9], scannedIndex: 2, scannedFull: 0 }]],
    ['testIndexOrHash / testIndexOrSkiplist', async () => {}, [{ q: q('i.value == 1 || i.value == 9'), indexed: true, rows: [1, 9], scannedIndex: 2, scannedFull: 0 }]],
    ['testIndexOrHashNoDocuments / testIndexOrSkiplistNoDocuments', async () => {}, [{ q: q('i.value == 1 || i.value == 9', '1'), indexed: true, rows: [1, 1], scannedIndex: 2, scannedFull: 0 }]],
    ['testIndexOrUniqueHash / testIndexOrUniqueSkiplist', async (db) => addIndex(db, C, { fields: ['value'], unique: true }), [
      { q: q('i.value == 1 || i.value == 9'), indexed: true, rows: [1, 9], scannedIndex: 2, scannedFull: 0 },
    ]],
    ['testPrimaryIndexDynamic', async () => {}, [
      [`LET a = NOOPT('test35') FOR i IN ${C} FILTER i._key IN [ a ] RETURN i.value`, [35]],
      [`FOR i IN ${C} FILTER i._key IN [ NOOPT('test35') ] RETURN i.value`, [35]],
      [`LET a = NOOPT('test35') FOR i IN ${C} FILTER i._key IN [ a, a, a ] RETURN i.value`, [35]],
      [`LET a = NOOPT('test35') FOR i IN ${C} FILTER i._key IN [ 'test35', 'test36' ] RETURN i.value`, [35, 36]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36'), c = NOOPT('test-9') FOR i IN ${C} FILTER i._key IN [ b, b, a, b, c ] RETURN i.value`, [35, 36]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36'), c = NOOPT('test37') FOR i IN ${C} FILTER i._key IN [ a, b, c ] RETURN i.value`, [35, 36, 37]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36'), c = NOOPT('test37') FOR i IN ${C} FILTER i._key IN [ a ] || i._key IN [ b, c ] RETURN i.value`, [35, 36, 37]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36'), c = NOOPT('test37'), d = NOOPT('test35') FOR i IN ${C} FILTER i._key IN [ a, b, c, d ] || i._key IN [ a, b, c, d ] RETURN i.value`, [35, 36, 37]],
      [`LET a = NOOPT('test35') FOR i IN ${C} FILTER i._key == a RETURN i.value`, [35]],
      [`LET a = NOOPT('test35') FOR i IN ${C} FILTER i._key == a || i._key == a RETURN i.value`, [35]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36') FOR i IN ${C} FILTER i._key == a || i._key == b RETURN i.value`, [35, 36]],
      [`LET a = NOOPT('test35'), b = NOOPT('test36'), c = NOOPT('test37'), d = NOOPT('test35') FOR i IN ${C} FILTER i._key == a || i._key == b || i._key == c || i._key == d RETURN i.value`, [35, 36, 37]],
    ].map(([x, rows]) => ({ q: x as string, indexed: true, rows: rows as number[], scannedFull: 0, plain: true }))],
    ['testIndexOrMultiplySkiplist', async () => {}, [
      { q: q('(i.value > 1 && i.value < 9) && (i.value2 == null || i.value3 == null)'), indexed: true, rows: [2, 3, 4, 5, 6, 7, 8], scannedIndex: '>0', scannedFull: 0 },
    ]],
    ['testIndexAndDespiteOr', async (db) => void (await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: 1 } IN ${C}`)), [
      '(i.value == 1 && i.value2 == 1) || (i.value == 2 && i.value2 == 2)',
      '(i.value2 == 1 && i.value == 1) || (i.value2 == 2 && i.value == 2)',
      '(i.value2 == 1 && i.value == 1) || (i.value3 != 2 && i.value == 2)',
      '(i.value == 1 && i.value2 == 1) || (i.value == 2 && i.value3 != 2)',
      '(i.value2 == 1 && i.value == 1) || (i.value3 == 1 && i.value == 2)',
    ].map((f) => ({ q: q(f), indexed: true, count: 2, scannedIndex: '>0', scannedFull: 0 }))],
    ['testIndexOrNoIndexBecauseOfFunctions', async () => {}, noIndex([
      'i.value == 1 || RAND() >= -1', 'i.value == 1 || RAND() != -1', 'i.value == 1 || RAND() <= 10', 'i.value == 1 || RAND() < 10',
      'i.value == 1 || NOOPT(true) == true', 'i.value == 1 || 1 + NOOPT(2) == 3', 'i.value == 1 || 1 + NOOPT(2)', 'RAND() >= -1 || i.value == 1',
      'RAND() != -1 || i.value == 1', 'RAND() <= 10 || i.value == 1', 'RAND() < 10 || i.value == 1', '1 + NOOPT(2) == 3 || i.value == 1',
      '1 + NOOPT(2) || i.value == 1', 'i.value IN [ 1, 2 ] || RAND() >= -1', 'RAND() >= -1 || i.value IN [ 1, 2 ]',
    ].map((f) => q(f)), 2000)],
    ['testIndexOrNoIndexBecauseOfReferences', async () => {}, noIndex([
      `LET a = 1 FOR i IN ${C} FILTER i.value == 1 || a == 1 RETURN i.value`,
      `LET a = 1 FOR i IN ${C} FILTER a == 1 || i.value == 1 RETURN i.value`,
      `LET a = NOOPT(1) FOR i IN ${C} FILTER i.value == 1 || a == 1 RETURN i.value`,
      `LET a = NOOPT(1) FOR i IN ${C} FILTER a == 1 || i.value == 1 RETURN i.value`,
      `LET a = { value: 1 } FOR i IN ${C} FILTER i.value == 1 || a.value == 1 RETURN i.value`,
      `LET a = NOOPT({ value: 1 }) FOR i IN ${C} FILTER a.value == 1 || i.value == 1 RETURN i.value`,
      `LET sub = (FOR x IN [ 1, 2, 3 ] RETURN x) FOR i IN ${C} FILTER i.value == 1 || 1 IN sub RETURN i.value`,
      `FOR j IN 1..1 FOR i IN ${C} FILTER i.value == 1 || j == 1 RETURN i.value`,
      `FOR j IN [ { value: 1 } ] FOR i IN ${C} FILTER j.value == 1 || i.value == 1 RETURN i.value`,
    ], 2000)],
    ['testIndexOrNoIndexBecauseOfOtherCollection', async () => {}, noIndex([
      `FOR j IN ${C} FOR i IN ${C} FILTER i.value == 1 || j.value == 1 LIMIT 2000 RETURN i.value`,
      `FOR j IN ${C} FOR i IN ${C} FILTER j.value == 1 || i.value == 1 LIMIT 2000 RETURN i.value`,
    ], 2000)],
    ['testIndexOrNoIndexBecauseOfOperators', async () => {}, noIndex([
      `LET a = NOOPT(1) FOR i IN ${C} FILTER i.value == 1 || a != 2 RETURN i.value`,
      q('i.value == 1 || i.value != -1'), q('i.value != -1 || i.value == 1'), q('i.value == 1 || i.value - 1 != 0'),
      `LET a = NOOPT(0) FOR i IN ${C} FILTER a IN [ 0, 1 ] || i.value == 1 RETURN i.value`,
    ], 2000)],
    // optimizerIndexesModifyTestSuite
    ['testMultiIndexesOrCondition', async (db) => void (await db.run(`UPDATE 'test2' WITH { test1: 'abc', test2: true, test3: false } IN ${C}`)), (db) => {
      const text = `FOR doc IN ${C} FILTER doc.value == 2 && doc.test1 == 'abc' && (doc.test2 || doc.test3) RETURN doc.value`;
      const n = indexNode(db, text)!;
      assert.equal(n.condition.type, 'n-ary or');
      assert.equal(n.condition.subNodes.length, 2);
      return [{ q: text, indexed: true, rows: [2], plain: true }];
    }],
    ['testIndexOrNoIndex', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value } IN ${C}`);
    }, [{ q: q('i.value == 1 || i.value2 == 1', 'i.value2'), indexed: true, rows: [1], scannedIndex: '>0', scannedFull: 0 }]],
    ['testIndexOrNoIndexComplexCondition{Eq,In}', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: [ i.value ] } IN ${C}`);
    }, noIndex([q('i.value == -1 || [ i.value ] == i.value2', 'i.value2'), q('i.value == -1 || i.value IN i.value2', 'i.value2')], 2000)],
    ['testIndexOrNoIndexComplexConditionLt1 / Lt2', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value - 1 } IN ${C}`);
    }, noIndex([q('i.value == -1 || i.value2 < i.value', 'i.value2'), q('i.value == -1 || i.value2 < NOOPT(i.value)', 'i.value2')], 2000)],
    ['testIndexOrNoIndexComplexConditionGt', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value + 1 } IN ${C}`);
    }, noIndex([q('i.value == -1 || i.value2 > i.value', 'i.value2')], 2000)],
    ['testIndexOrHashMultipleRanges / testIndexOrSkiplistMultipleRanges', async (db) => {
      // (the index after the update: Cairn's UPDATE of all 2000 documents under an index on
      // two fields fails with a write-write conflict, a bug of its own, not of index use)
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: i.value } IN ${C}`);
      await addIndex(db, C, { fields: ['value2', 'value3'] });
    }, (db) => {
      const text = q('(i.value2 == 2 && i.value3 == 2) || (i.value2 == 3 && i.value3 == 3)', 'i.value2');
      assert.deepEqual(indexNode(db, text)!.indexes[0].fields, ['value2', 'value3']);
      return [{ q: text, indexed: true, rows: [2, 3], scannedIndex: 2, scannedFull: 0 }];
    }],
    ['testIndexOrHashMultipleRangesPartialNoIndex1 / testIndexOrSkiplistMultipleRangesPartialIndex', async (db) => {
      // (the index after the update: Cairn's UPDATE of all 2000 documents under an index on
      // two fields fails with a write-write conflict, a bug of its own, not of index use)
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: i.value } IN ${C}`);
      await addIndex(db, C, { fields: ['value2', 'value3'] });
    }, [{ q: q('(i.value2 == 1 && i.value3 == 1) || (i.value2 == 2)', 'i.value2'), indexed: true, rows: [1, 2], scannedIndex: 2, scannedFull: 0 }]],
    ['testIndexOrHashMultipleRangesPartialNoIndex2 / testIndexOrSkiplistMultipleRangesPartialNoIndex', async (db) => {
      // (the index after the update: Cairn's UPDATE of all 2000 documents under an index on
      // two fields fails with a write-write conflict, a bug of its own, not of index use)
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: i.value } IN ${C}`);
      await addIndex(db, C, { fields: ['value2', 'value3'] });
    }, [{ q: q('(i.value2 == 1 && i.value3 == 1) || (i.value3 == 2)', 'i.value2'), indexed: false, rows: [1, 2], scannedIndex: 0, scannedFull: '>0' }]],
    ['testIndexOrNoIndexBecauseOfDifferentAttributes', async (db) => void (await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: 1 } IN ${C}`)), noIndex([
      'i.value == 1 || i.value2 == 2', 'i.value2 == 2 || i.value == 1', '(i.value == 1 || i.value == 2) || i.value2 == 2', 'i.value2 == 2 || (i.value == 1 || i.value == 2)',
      'i.value == 1 || (i.value == 2 || i.value2 == 2)', '(i.value2 == 2 || i.value == 1) || i.value == 2', '(i.value == 1 && i.value2 == 1) || (i.value == 2 || i.value3 != 1)',
      '(i.value2 == 1 && i.value == 1) || (i.value3 != 1 || i.value == 2)', '(i.value == 1 && i.value2 == 1) || (i.value == 2 || i.value3 == 0)',
      '(i.value2 == 1 && i.value == 1) || (i.value3 == 0 || i.value == 2)',
    ].map((f) => q(f)), 2)],
    ['testIndexOrNoIndexBecauseOfOperator', async (db) => void (await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value, value3: 1 } IN ${C}`)), noIndex([
      'i.value == 1 || i.value2 != i.value', 'i.value2 != i.value || i.value == 1', 'i.value == 1 || i.value3 != 1', 'i.value3 != 1 || i.value == 1',
      'i.value3 != 1 || i.value2 == 2', 'i.value2 == 2 || i.value3 != 1',
    ].map((f) => q(f)), 1)],
    ['testIndexNotNoIndex', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value } IN ${C}`);
    }, [
      { q: q('NOT (i.value == 1 || i.value == 2)', 'i'), indexed: false, count: 1998, scannedIndex: 0, scannedFull: '>0' },
      { q: q('NOT (i.value == 1 && i.value == 2)', 'i'), indexed: false, count: 2000, scannedIndex: 0, scannedFull: '>0' },
      { q: q('i.value == 1 || NOT (i.value == -1)', 'i'), indexed: false, count: 2000, scannedIndex: 0, scannedFull: '>0' },
    ]],
    ['testIndexNotUseIndex', async (db) => {
      await addIndex(db, C, { fields: ['value2'] });
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value } IN ${C}`);
    }, ['NOT (i.value == 2) && i.value == 1', 'i.value == 1 && NOT (i.value == 2)', 'i.value == 1 && NOT (i.value != 1)', 'NOT (i.value != 1) && i.value == 1',
      'i.value == 1 || NOT (i.value != -1)', 'NOT (i.value == 2) FILTER i.value == 1', 'i.value == 1 FILTER NOT (i.value != 1)',
    ].map((f) => ({ q: q(f, 'i'), indexed: true, count: 1, scannedIndex: '>0' as const, scannedFull: 0 }))],
    ['testSparseHashCollisionsOr / testSparseSkiplistCollisionsOr', async (db) => {
      await db.run(`FOR i IN ${C} UPDATE i WITH { value2: i.value % 100 } IN ${C}`);
      await addIndex(db, C, { fields: ['value2'], sparse: true });
    }, [{ q: q('i.value2 == 2 || i.value2 == 9'), indexed: true, count: 40, scannedIndex: 40, scannedFull: 0 }]],
    ['testSparseHashDynamic / testSparseSkiplistDynamic', async (db) => {
      await db.run(`FOR i IN ${C} FILTER i.value >= 1 UPDATE i WITH { value2: i.value % 100 } IN ${C}`);
      await addIndex(db, C, { fields: ['value2'], sparse: true });
    }, noIndex([`LET a = NOOPT(null) FOR i IN ${C} FILTER i.value2 == a RETURN i.value`, q('i.value2 == NOOPT(null)'), q('i.value2 == NOOPT(null) || i.value2 == NOOPT(null)')], 1)],
  ];
  const todo: Record<string, string> = {};
  for (const [name, setup, expected] of cases) {
    it(name, todo[name] ? { todo: todo[name] } : {}, async () => {
      const db = await fresh();
      try {
        await setup(db);
        for (const e of typeof expected === 'function' ? expected(db) : expected) await expect(db, e);
      } finally {
        await db.close();
      }
    });
  }
});
