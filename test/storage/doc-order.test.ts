// Documents are stored by seq (documents.ts loadStored): a collection scan returns them in
// the order of their last write, as ArangoDB's RocksDB engine does (an update moves a
// document to the end; its key keeps it findable), the primary index still reads in key
// order, and a data directory from before (documents under their keys) is moved to the
// seq layout at its next start, in key order, losing nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { collectionSpec, readAll, tempDir } from '../helpers/server.js';

const all = readAll;

describe('document order', () => {
  let s: Storage;
  let dir: string;
  before(async () => {
    dir = tempDir();
    s = await Storage.open({ path: dir, noSync: true });
    await s.catalog.createCollection('_system', collectionSpec('c'));
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const keys = async () => (await all(s.documents.openScan(s.catalog.requireCollection('_system', 'c')))).map((d) => d._key);

  it('scans in the order of the last write: inserts in order, an update or replace moves a document to the end', async () => {
    const inserted = Array.from({ length: 12 }, (_, i) => `test${i}`);
    await s.documents.apply('_system', 'c', 'insert', inserted.map((k, i) => ({ body: { _key: k, i } })), {});
    assert.deepEqual(await keys(), inserted, 'test0, test1, test2, ... not test0, test1, test10');
    await s.documents.apply('_system', 'c', 'update', [{ key: 'test1', body: { x: 1 } }], {});
    await s.documents.apply('_system', 'c', 'replace', [{ key: 'test0', body: { y: 1 } }], {});
    await s.documents.apply('_system', 'c', 'remove', [{ key: 'test5' }], {});
    assert.deepEqual(await keys(), [...inserted.slice(2).filter((k) => k !== 'test5'), 'test1', 'test0']);
    const col = s.catalog.requireCollection('_system', 'c');
    assert.equal(s.documents.get(col, 'test1')?.x, 1);
    assert.equal(s.documents.get(col, 'test5'), undefined);
    assert.equal(s.catalog.count(col), 11);
  });

  it('moves a data directory keyed by document keys to the seq layout at start', async () => {
    const old = tempDir();
    let t = await Storage.open({ path: old, noSync: true });
    const col = await t.catalog.createCollection('_system', collectionSpec('o'));
    // the layout before: documents under [dataId, key], no key map, no format marker
    await t.engine.write((tx) => {
      for (const k of ['b', 'a', 'c']) tx.put('docs', [col.dataId, k], { _key: k, _rev: '_x', v: k });
      tx.put('meta', ['count', col.dataId], 3);
      tx.remove('meta', ['format']);
    });
    await t.close();
    t = await Storage.open({ path: old, noSync: true });
    try {
      const c = t.catalog.requireCollection('_system', 'o');
      assert.deepEqual((await all(t.documents.openScan(c))).map((d) => d._key), ['a', 'b', 'c'], 'in key order, the order they had');
      assert.equal(t.documents.get(c, 'b')?.v, 'b');
      assert.equal(t.engine.get('meta', ['format']), 2);
      assert.deepEqual([...t.engine.range('docs', { start: [c.dataId, ''], end: [c.dataId + 1] })], [], 'nothing left under keys');
      await t.documents.apply('_system', 'o', 'update', [{ key: 'a', body: { v: 'A' } }], {});
      assert.deepEqual((await all(t.documents.openScan(c))).map((d) => d.v), ['b', 'c', 'A']);
    } finally {
      await t.close();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
