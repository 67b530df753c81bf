// Entries of a non-unique persistent index end in the document's write sequence (seqKeys,
// storage/documents.ts indexEntries), so documents with equal indexed values come back in
// the order of their last write, as ArangoDB's index keys end in the document id, in both
// directions and for sorted reads; an index of the layout before (entries ending in the
// _key) reads in the same order through sequence lookups, and is rebuilt in the new layout
// at the next start (indexes.ts rebuildLegacyIndexes), as are geo and mdi indexes created
// before they kept entries.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { indexEntries, type Doc } from '../../src/storage/documents.js';
import type { IndexRecord } from '../../src/storage/catalog.js';
import type { IndexScan } from '../../src/storage/index-reader.js';
import { collectionSpec, readAll, tempDir } from '../helpers/server.js';

const all = readAll;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** test0..test29 with v = i % 5, then test7 updated (it moves to the end of v == 2). */
async function filled(): Promise<{ s: Storage; dir: string; ix: IndexRecord }> {
  const dir = tempDir();
  dirs.push(dir);
  const s = await Storage.open({ path: dir, noSync: true });
  await s.catalog.createCollection('_system', collectionSpec('c'));
  await s.documents.apply('_system', 'c', 'insert', Array.from({ length: 30 }, (_, i) => ({ body: { _key: `test${i}`, v: i % 5 } })), {});
  const { index } = await s.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['v'] }));
  await s.documents.apply('_system', 'c', 'update', [{ key: 'test7', body: { w: 1 } }], {});
  return { s, dir, ix: index };
}

async function read(s: Storage, scan: IndexScan): Promise<string[]> {
  const col = s.catalog.requireCollection('_system', 'c');
  const ix = col.indexes.find((i) => i.type === 'persistent')!;
  const docs = await all(s.indexReader.open(col, ix, scan, { scanned: 0, lookups: 0 }));
  return docs.map((d) => d._key as string);
}

const EQ2: IndexScan = { fields: [[{ op: '==', value: 2 }]] };
const WRITE_ORDER = ['test2', 'test12', 'test17', 'test22', 'test27', 'test7'];

describe('persistent index entry layout', () => {
  it('keeps equal values in write order, forward, reverse and sorted with a limit', async () => {
    const { s, ix } = await filled();
    assert.equal(ix.seqKeys, true);
    assert.deepEqual(await read(s, EQ2), WRITE_ORDER);
    assert.deepEqual(await read(s, { fields: [[{ op: '==', value: 2 }]], sort: { from: 0, count: 1, reverse: true } }), [...WRITE_ORDER].reverse());
    const top = await read(s, { fields: [[]], sort: { from: 0, count: 1, reverse: true }, limit: 3 });
    assert.deepEqual(top, ['test29', 'test24', 'test19'], 'the last writes of the highest value');
    await s.close();
  });

  it('reads an index of the layout before in the same order, and rebuilds it in the new layout at start', async () => {
    const { s, dir } = await filled();
    // turn the index into one of the layout before: entries ending in the _key, value 1
    const col = s.catalog.requireCollection('_system', 'c');
    const ix = col.indexes.find((i) => i.type === 'persistent')!;
    const legacy: IndexRecord = { ...ix };
    delete legacy.seqKeys;
    await s.engine.writeExclusive((tx) => {
      for (const { key } of tx.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] })) tx.remove('idx', key);
      for (const { value } of tx.range('docs', { start: [col.dataId], end: [col.dataId + 1] })) for (const e of indexEntries(legacy, value as Doc)) tx.put('idx', e.key, e.value);
      s.catalog.putCollection(tx, { ...col, indexes: col.indexes.map((i) => (i.id === ix.id ? legacy : i)) });
    });
    const entries = [...s.engine.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] })];
    assert.equal(entries.length, 30);
    assert.ok(entries.every((e) => e.value === 1 && typeof (e.key as unknown[])[2] === 'string'), 'entries of the layout before');
    assert.deepEqual(await read(s, EQ2), WRITE_ORDER, 'ties ordered through sequence lookups');
    await s.close();

    const t = await Storage.open({ path: dir, noSync: true });
    const rebuilt = t.catalog.requireCollection('_system', 'c').indexes.find((i) => i.type === 'persistent')!;
    assert.equal(rebuilt.id, ix.id, 'the same index');
    assert.equal(rebuilt.seqKeys, true);
    assert.equal(rebuilt.building, undefined);
    assert.equal(rebuilt.rebuilding, undefined);
    assert.notEqual(rebuilt.dataId, ix.dataId);
    const now = [...t.engine.range('idx', { start: [rebuilt.dataId], end: [rebuilt.dataId + 1] })];
    assert.equal(now.length, 30);
    assert.ok(now.every((e) => typeof e.value === 'string' && typeof (e.key as unknown[])[2] === 'number'), 'entries end in the write sequence');
    assert.deepEqual(await read(t, EQ2), WRITE_ORDER);
    // writes keep it right: an update moves a document to the end of its value, a remove drops it
    await t.documents.apply('_system', 'c', 'update', [{ key: 'test2', body: { w: 2 } }], {});
    await t.documents.apply('_system', 'c', 'remove', [{ key: 'test12' }], {});
    assert.deepEqual(await read(t, EQ2), ['test17', 'test22', 'test27', 'test7', 'test2']);
    assert.equal([...t.engine.range('idx', { start: [rebuilt.dataId], end: [rebuilt.dataId + 1] })].length, 29);
    await t.close();
  });
});

describe('geo and mdi indexes created before they kept entries', () => {
  it('are rebuilt with entries at the next start, and become readable', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await Storage.open({ path: dir, noSync: true });
    await s.catalog.createCollection('_system', collectionSpec('g'));
    await s.documents.apply('_system', 'g', 'insert', Array.from({ length: 40 }, (_, i) => ({ body: { _key: `p${i}`, loc: [i - 20, i * 2 - 40], x: i, y: 40 - i } })), {});
    await s.indexes.ensure('_system', 'g', parseIndexSpec({ type: 'geo', fields: ['loc'] }));
    await s.indexes.ensure('_system', 'g', parseIndexSpec({ type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double' }));
    const col = s.catalog.requireCollection('_system', 'g');
    const special = col.indexes.filter((i) => i.type === 'geo' || i.type === 'mdi');
    assert.equal(special.length, 2);
    const count = (t: Storage, ix: IndexRecord) => [...t.engine.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] })].length;
    for (const ix of special) assert.ok(count(s, ix) >= 40, `${ix.type} has entries`);
    // turn them into indexes of the version before: no entries, no props.entries
    await s.engine.writeExclusive((tx) => {
      for (const ix of special) for (const { key } of tx.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] })) tx.remove('idx', key);
      s.catalog.putCollection(tx, {
        ...col,
        indexes: col.indexes.map((i) => {
          if (!special.some((x) => x.id === i.id)) return i;
          const props = { ...i.props };
          delete props.entries;
          return { ...i, props };
        }),
      });
    });
    await s.close();

    const t = await Storage.open({ path: dir, noSync: true });
    const rebuilt = t.catalog.requireCollection('_system', 'g').indexes.filter((i) => i.type === 'geo' || i.type === 'mdi');
    for (const ix of rebuilt) {
      const before = special.find((x) => x.id === ix.id)!;
      assert.equal(ix.props?.entries, 1, `${ix.type} keeps entries now`);
      assert.equal(ix.building, undefined);
      assert.equal(ix.rebuilding, undefined);
      assert.notEqual(ix.dataId, before.dataId, 'a new data id');
      assert.ok(count(t, ix) >= 40, `${ix.type} was filled`);
    }
    await t.close();
  });
});
