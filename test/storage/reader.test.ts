// Batched readers: full scans and index-prefix lookups, from one snapshot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import type { BatchReader } from '../../src/storage/reader.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

async function drain<T>(r: BatchReader<T>, max = 3): Promise<T[][]> {
  const batches: T[][] = [];
  for (;;) {
    const b = await r.next(max);
    if (b.length === 0) return batches;
    batches.push(b);
  }
}

describe('batched readers', () => {
  let s: Storage;
  let dir: string;
  before(async () => {
    dir = tempDir();
    s = await Storage.open({ path: dir, noSync: true });
    await s.catalog.createCollection('_system', collectionSpec('c'));
    await s.catalog.createCollection('_system', collectionSpec('e', { type: 3 }));
    await s.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['a', 'b'] }));
    await s.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['u'], unique: true, sparse: true }));
    const bs: unknown[] = [null, false, true, -1, 0, 2.5, 'x', 'zzz', '\u00ff', [1], { o: 1 }];
    const docs = bs.map((b, i) => ({ body: { _key: 'k' + String(i).padStart(2, '0'), a: 1, b, u: i } }));
    docs.push({ body: { _key: 'other', a: 2, b: 1, u: 99 } });
    docs.push({ body: { _key: 'nob', a: 1 } as never });
    await s.documents.apply('_system', 'c', 'insert', docs, {});
    await s.documents.apply('_system', 'e', 'insert', [
      { body: { _key: 'e1', _from: 'v/1', _to: 'v/2' } },
      { body: { _key: 'e2', _from: 'v/1', _to: 'v/3' } },
      { body: { _key: 'e3', _from: 'v/2', _to: 'v/1' } },
    ], {});
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans a collection in the order of the documents\' last writes, in batches of at most max', async () => {
    const col = s.catalog.requireCollection('_system', 'c');
    const batches = await drain(s.documents.openScan(col), 5);
    assert.deepEqual(batches.map((b) => b.length), [5, 5, 3]);
    const keys = batches.flat().map((d) => d._key);
    // as inserted: k00..k10, then other and nob (not key order)
    assert.deepEqual(keys, [...Array.from({ length: 11 }, (_, i) => 'k' + String(i).padStart(2, '0')), 'other', 'nob']);
    assert.equal(batches.flat()[0]!._id, 'c/k00');
  });

  it('keeps its snapshot while documents change between batches', async () => {
    const col = s.catalog.requireCollection('_system', 'c');
    const r = s.documents.openScan(col);
    const first = await r.next(2);
    await s.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'zz-late', a: 3 } }], {});
    const rest = (await drain(r, 100)).flat();
    assert.equal(first.length + rest.length, 13);
    await s.documents.apply('_system', 'c', 'remove', [{ key: 'zz-late' }], {});
  });

  it('finds every document of an index prefix whatever the type of the next field', async () => {
    const col = s.catalog.requireCollection('_system', 'c');
    const ix = col.indexes.find((i) => i.fields.join() === 'a,b')!;
    const found = (await drain(s.documents.openIndexLookup(col, ix, [1]), 4)).flat().map((d) => d._key).sort();
    assert.deepEqual(found, ['k00', 'k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08', 'k09', 'k10', 'nob']);
    const exact = (await drain(s.documents.openIndexLookup(col, ix, [1, 'x']))).flat().map((d) => d._key);
    assert.deepEqual(exact, ['k06']);
    const none = (await drain(s.documents.openIndexLookup(col, ix, [3]))).flat();
    assert.deepEqual(none, []);
  });

  it('looks up a unique sparse index and the edge index', async () => {
    const col = s.catalog.requireCollection('_system', 'c');
    const u = col.indexes.find((i) => i.unique && i.type === 'persistent')!;
    assert.deepEqual((await drain(s.documents.openIndexLookup(col, u, [99]))).flat().map((d) => d._key), ['other']);
    const e = s.catalog.requireCollection('_system', 'e');
    const edge = e.indexes.find((i) => i.type === 'edge')!;
    assert.deepEqual((await drain(s.documents.openIndexLookup(e, edge, [0, 'v/1']))).flat().map((d) => d._key), ['e1', 'e2']);
    assert.deepEqual((await drain(s.documents.openIndexLookup(e, edge, [1, 'v/1']))).flat().map((d) => d._key), ['e3']);
  });
});
