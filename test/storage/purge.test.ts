// Drop and truncate make data unreachable at once; the purger deletes it in the
// background, and resumes after a restart.
import { afterEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

const dirs: string[] = [];
const open: Storage[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});


function entries(s: Storage, db: 'docs' | 'idx'): number {
  return [...s.engine.keys(db, {})].length;
}

it('truncate empties a collection and its indexes; the old data is purged', async () => {
  const d = tempDir();
  dirs.push(d);
  const s = await Storage.open({ path: d, noSync: true });
  open.push(s);
  await s.catalog.createCollection('_system', collectionSpec('c'));
  await s.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['v'] }));
  const items = Array.from({ length: 12000 }, (_, i) => ({ body: { v: i % 10 } }));
  await s.documents.apply('_system', 'c', 'insert', items, {});
  assert.equal(entries(s, 'docs'), 12000);
  assert.equal(entries(s, 'idx'), 12000);
  await s.indexes.truncate('_system', 'c', false);
  const col = s.catalog.requireCollection('_system', 'c');
  assert.equal(s.catalog.count(col), 0);
  assert.equal([...s.documents.scan(col)].length, 0);
  await s.purger.idle();
  assert.equal(entries(s, 'docs'), 0);
  assert.equal(entries(s, 'idx'), 0);
  await s.documents.apply('_system', 'c', 'insert', [{ body: { v: 1 } }], {});
  assert.equal(s.catalog.count(s.catalog.requireCollection('_system', 'c')), 1);
});

it('a purge interrupted by a shutdown finishes after the next start', async () => {
  const d = tempDir();
  dirs.push(d);
  const s1 = await Storage.open({ path: d, noSync: true });
  await s1.catalog.createCollection('_system', collectionSpec('big'));
  await s1.documents.apply('_system', 'big', 'insert', Array.from({ length: 20000 }, (_, i) => ({ body: { i } })), {});
  await s1.catalog.dropCollection('_system', 'big', false);
  s1.purger.wake();
  await s1.close(); // stops after the chunk in progress
  const s2 = await Storage.open({ path: d, noSync: true });
  open.push(s2);
  await s2.purger.idle();
  assert.equal(entries(s2, 'docs'), 0);
  assert.equal([...s2.engine.keys('meta', { start: ['purge', 0], end: ['purge', Number.MAX_SAFE_INTEGER] })].length, 0);
});

it('drops an index build that a crash interrupted, at the next start', async () => {
  const d = tempDir();
  dirs.push(d);
  const s1 = await Storage.open({ path: d, noSync: true });
  await s1.catalog.createCollection('_system', collectionSpec('c'));
  await s1.documents.apply('_system', 'c', 'insert', [{ body: { v: 1 } }], {});
  // What a crash mid-build leaves: the record marked building and some entries.
  await s1.engine.write((tx) => {
    const col = s1.catalog.requireCollection('_system', 'c');
    const ix = { id: 999, type: 'persistent' as const, name: 'half', fields: ['v'], unique: false, sparse: false, deduplicate: true, estimates: true, cacheEnabled: false, dataId: 998, building: true };
    s1.catalog.putCollection(tx, { ...col, indexes: [...col.indexes, ix] });
    tx.put('idx', [998, 1, 'x'], 1);
  });
  await s1.close();
  const s2 = await Storage.open({ path: d, noSync: true });
  open.push(s2);
  assert.deepEqual(s2.catalog.requireCollection('_system', 'c').indexes.map((i) => i.name), ['primary']);
  await s2.purger.idle();
  assert.equal(entries(s2, 'idx'), 0);
});

it('changes the collection revision on every write, removals and truncate included', async () => {
  const d = tempDir();
  dirs.push(d);
  const s = await Storage.open({ path: d, noSync: true });
  open.push(s);
  await s.catalog.createCollection('_system', collectionSpec('c'));
  const rev = () => s.documents.revision(s.catalog.requireCollection('_system', 'c'));
  const seen = [rev()];
  assert.equal(seen[0], '0');
  await s.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'a' } }, { body: { _key: 'b' } }], {});
  seen.push(rev());
  await s.documents.apply('_system', 'c', 'remove', [{ key: 'a' }], {});
  seen.push(rev());
  await s.documents.apply('_system', 'c', 'remove', [{ key: 'nope' }], {});
  assert.equal(rev(), seen[2], 'a batch that changed nothing keeps the revision');
  await s.indexes.truncate('_system', 'c', false);
  seen.push(rev());
  assert.equal(new Set(seen).size, 4);
});

it('a pass that fails is reported, not thrown, and tried again until the data is gone', async () => {
  const d = tempDir();
  dirs.push(d);
  const s = await Storage.open({ path: d, noSync: true });
  open.push(s);
  await s.catalog.createCollection('_system', collectionSpec('c'));
  await s.documents.apply('_system', 'c', 'insert', Array.from({ length: 100 }, (_, i) => ({ body: { i } })), {});
  // the first reads of the markers fail as LMDB fails with its reader table full
  const range = s.engine.range.bind(s.engine);
  let failures = 2;
  s.engine.range = ((db, opts) => {
    if (db === 'meta' && failures > 0) {
      failures--;
      throw Object.assign(new Error('MDB_READERS_FULL: Environment maxreaders limit reached'), { code: -30790 });
    }
    return range(db, opts);
  }) as typeof s.engine.range;
  const errors: string[] = [];
  s.purger.onError = (m) => errors.push(m);
  await s.catalog.dropCollection('_system', 'c', false);
  s.purger.wake();
  await s.purger.idle();
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /purging dropped data failed, trying again in 1000 ms: MDB_READERS_FULL/);
  for (let i = 0; i < 100 && entries(s, 'docs') > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    await s.purger.idle();
  }
  assert.equal(errors.length, 2);
  assert.equal(entries(s, 'docs'), 0);
});
