// Index reads as ArangoDB's index tests check them (aql-hash, aql-skiplist, aql-sparse and
// aql-optimizer-indexes in tests/js/client/aql, 3.12): a range or full read of a
// persistent index returns every document whose values satisfy the condition, null and
// missing values included, whatever the lookups before it left in lmdb-js's key buffer
// (src/storage/engine.ts, zeroPadLookupKeys). Each query runs with the optimizer on (an
// IndexNode) and with every rule off (a full scan), and both must agree.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { Engine } from '../../src/storage/engine.js';
import { tempDir } from '../helpers/server.js';
import type { AqlValue } from '../../src/values/index.js';

describe('index reads with null and missing values, as ArangoDB tests them', () => {
  let db: TestDb;
  // a long key looked up first leaves non-zero bytes in lmdb-js's shared key buffer
  const dirty = `LET junk = DOCUMENT(CONCAT('c/', '${'z'.repeat(60)}'))`;
  before(async () => {
    db = await openTestDb({
      c: [
        { _key: 'k60', c: null },
        { _key: 'k61', a: null, c: 3 },
        { _key: 'k62', a: null, b: null },
        { _key: 'k63', a: null, b: 1 },
        { _key: 'k64', a: false },
        { _key: 'x', a: 1, b: 2 },
      ],
    });
    await db.storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['a', 'b'] }));
  });
  after(async () => {
    await db.close();
  });

  async function both(query: string): Promise<AqlValue[]> {
    const optimized = await db.run(query);
    const plain = await db.run(query, {}, { optimizer: { rules: ['-all'] } });
    assert.deepEqual([...optimized].sort(), [...plain].sort(), query);
    return optimized;
  }

  it('reads index entries whose leading values are null after a long key lookup', async () => {
    assert.ok(db.nodeTypes(`${dirty} FOR d IN c FILTER d.a < 10 RETURN d._key`).includes('IndexNode'));
    for (let i = 0; i < 3; i++) {
      const all = ['k60', 'k61', 'k62', 'k63', 'k64', 'x'];
      assert.deepEqual((await both(`${dirty} FOR d IN c FILTER d.a < 10 RETURN d._key`)).sort(), all);
      assert.deepEqual((await both(`${dirty} FOR d IN c FILTER d.a <= null RETURN d._key`)).sort(), ['k60', 'k61', 'k62', 'k63']);
      assert.deepEqual(await both(`${dirty} FOR d IN c SORT d.a, d.b, d._key RETURN d._key`), ['k60', 'k61', 'k62', 'k63', 'k64', 'x']);
      assert.deepEqual(await both(`${dirty} FOR d IN c FILTER d.a == null && d.b == null SORT d._key RETURN d._key`), ['k60', 'k61', 'k62']);
    }
  });

  it('looks IN values up sorted and unique, as ArangoDB does', async () => {
    const t = await openTestDb({ v: Array.from({ length: 10 }, (_, i) => ({ _key: `test${i}`, value: i })) });
    try {
      await t.storage.indexes.ensure('_system', 'v', parseIndexSpec({ type: 'persistent', fields: ['value'] }));
      assert.deepEqual(await t.run('FOR i IN v FILTER i.value IN [3, 1, 2, 1] RETURN i.value'), [1, 2, 3]);
      assert.deepEqual(await t.run(`FOR i IN v FILTER i._key IN ['test3', 'test1', 'test2', 'test1'] RETURN i.value`), [1, 2, 3]);
      assert.deepEqual(await t.run(`FOR i IN v FILTER i._id IN ['v/test9', 'v/test1'] RETURN i.value`), [1, 9]);
      assert.deepEqual(await t.run('FOR i IN v FILTER i.value == 7 || i.value == 2 || i.value == 5 RETURN i.value'), [2, 5, 7]);
    } finally {
      await t.close();
    }
  });

  it("keeps a persistent index's storedValues, which do not make a new index", async () => {
    const spec = parseIndexSpec({ type: 'persistent', fields: ['x'], storedValues: ['y', 'z.w'] });
    assert.deepEqual(spec.storedValues, ['y', 'z.w']);
    const made = await db.storage.indexes.ensure('_system', 'c', spec);
    assert.equal(made.created, true);
    assert.deepEqual(made.index.storedValues, ['y', 'z.w']);
    const again = await db.storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['x'] }));
    assert.equal(again.created, false);
    assert.equal(again.index.id, made.index.id);
    assert.throws(() => parseIndexSpec({ type: 'persistent', fields: ['q'], storedValues: ['q'] }), (e: { errorNum?: number }) => e.errorNum === 10);
    assert.throws(() => parseIndexSpec({ type: 'persistent', fields: ['q'], storedValues: ['a[*]'] }), (e: { errorNum?: number }) => e.errorNum === 10);
    // as ArangoDB's processIndexStoredValues: a given storedValues needs 1 to 32 paths
    assert.throws(() => parseIndexSpec({ type: 'persistent', fields: ['q'], storedValues: [] }), (e: { errorNum?: number }) => e.errorNum === 10);
  });

  it('follows FOR OPTIONS indexHint, forceIndexHint and disableIndex', async () => {
    const t = await openTestDb({ h: Array.from({ length: 10 }, (_, i) => ({ a: i, b: i % 3 })) });
    try {
      for (const [fields, name] of [[['a'], 'ia'], [['b'], 'ib'], [['a', 'b'], 'iab']] as const) {
        await t.storage.indexes.ensure('_system', 'h', parseIndexSpec({ type: 'persistent', fields, name }));
      }
      const used = (q: string): string[] =>
        t.explain(q).plan.nodes.filter((n: { type: string }) => n.type === 'IndexNode').map((n: { indexes: { name: string }[] }) => n.indexes[0].name);
      assert.deepEqual(used('FOR d IN h FILTER d.a == 1 && d.b == 1 RETURN d'), ['iab']);
      assert.deepEqual(used(`FOR d IN h OPTIONS { indexHint: 'ib' } FILTER d.a == 1 && d.b == 1 RETURN d`), ['ib']);
      assert.deepEqual(used(`FOR d IN h OPTIONS { indexHint: ['nope', 'ia'] } FILTER d.a == 1 && d.b == 1 RETURN d`), ['ia']);
      assert.deepEqual(used(`FOR d IN h OPTIONS { indexHint: 'nope' } FILTER d.a == 1 RETURN d`), ['ia']);
      assert.deepEqual(used(`FOR d IN h OPTIONS { disableIndex: true } FILTER d.a == 1 RETURN d.a`), []);
      assert.deepEqual(used(`FOR d IN h OPTIONS { disableIndex: true } SORT d.a LIMIT 2 RETURN d.a`), []);
      assert.deepEqual(await t.run(`FOR d IN h OPTIONS { indexHint: 'ib' } FILTER d.a == 1 && d.b == 1 RETURN d.a`), [1]);
      for (const q of [`FOR d IN h OPTIONS { indexHint: 'nope', forceIndexHint: true } FILTER d.a == 1 RETURN d`, `FOR d IN h OPTIONS { indexHint: 'ib', forceIndexHint: true } FILTER d.a == 1 RETURN d`]) {
        await assert.rejects(t.run(q), (e: { errorNum?: number }) => e.errorNum === 1572, q);
      }
    } finally {
      await t.close();
    }
  });

  it('returns documents with equal indexed values in the order they were written', async () => {
    const t = await openTestDb({ o: Array.from({ length: 30 }, (_, i) => ({ _key: `test${i}`, value: i, v2: i % 5 })) });
    try {
      await t.storage.indexes.ensure('_system', 'o', parseIndexSpec({ type: 'persistent', fields: ['v2'] }));
      assert.ok(t.nodeTypes('FOR i IN o FILTER i.v2 == 2 RETURN i.value').includes('IndexNode'));
      assert.deepEqual(await t.run('FOR i IN o FILTER i.v2 == 2 RETURN i.value'), [2, 7, 12, 17, 22, 27]);
      assert.deepEqual(await t.run('FOR i IN o FILTER i.v2 >= 3 RETURN i.value'), [3, 8, 13, 18, 23, 28, 4, 9, 14, 19, 24, 29]);
      assert.deepEqual(await t.run('FOR i IN o SORT i.v2 DESC LIMIT 8 RETURN i.value'), [29, 24, 19, 14, 9, 4, 28, 23]);
      assert.deepEqual(await t.run('FOR i IN o FILTER i.v2 == 2 RETURN i._key'), ['test2', 'test7', 'test12', 'test17', 'test22', 'test27']);
      await t.run(`UPDATE 'test2' WITH { x: 1 } IN o`);
      assert.deepEqual(await t.run('FOR i IN o FILTER i.v2 == 2 RETURN i.value'), [7, 12, 17, 22, 27, 2]);
    } finally {
      await t.close();
    }
  });

  it('uses a sparse index for an IN list literal without null', async () => {
    const t = await openTestDb({ sp: [{ a: 1 }, { a: 2 }, { a: null }, {}, { a: [1] }] });
    try {
      await t.storage.indexes.ensure('_system', 'sp', parseIndexSpec({ type: 'persistent', fields: ['a'], sparse: true }));
      assert.ok(t.nodeTypes('FOR d IN sp FILTER d.a IN [1, 2] RETURN d.a').includes('IndexNode'));
      assert.ok(t.nodeTypes('FOR d IN sp FILTER d.a IN [[1], 2] RETURN d.a').includes('IndexNode'));
      assert.ok(!t.nodeTypes('FOR d IN sp FILTER d.a IN [1, null] RETURN d.a').includes('IndexNode'));
      assert.deepEqual(await t.run('FOR d IN sp FILTER d.a IN [2, 1] RETURN d.a'), [1, 2]);
      assert.deepEqual(await t.run('FOR d IN sp FILTER d.a IN [1, null] RETURN d.a'), [1, null, null]);
    } finally {
      await t.close();
    }
  });

  it('finds range starts that are prefixes of keys continuing with zero bytes (engine level)', async () => {
    const dir = tempDir('cairn-keypad-');
    const engine = new Engine({ path: dir, noSync: true });
    try {
      const D = 1234;
      const entries = [[D, null, 'a'], [D, null, null, 'b'], [D, null, null, null, 'c'], [D, null, 1, 'd'], [D, 1, null, null, 'e'], [D, 1, 'f']];
      await engine.writeExclusive((tx) => {
        for (const e of entries) tx.put('idx', e as never, 1);
      });
      for (let i = 0; i < 3; i++) {
        engine.get('idx', [D, 'z'.repeat(80)] as never);
        assert.equal([...engine.range('idx', { start: [D], end: [D + 1] } as never)].length, entries.length);
        engine.get('idx', [D, 'z'.repeat(80)] as never);
        assert.equal([...engine.range('idx', { start: [D, 1], end: [D + 1] } as never)].length, 2);
        engine.get('idx', [D, 'z'.repeat(80)] as never);
        assert.equal(engine.get('idx', [D, null, null, 'b'] as never), 1);
      }
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
