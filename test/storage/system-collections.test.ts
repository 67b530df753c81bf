// Every database holds ArangoDB 3.12's system collections (storage/system-collections.ts):
// created with the database in the same mutation, with ArangoDB's properties and indexes;
// a data directory written before Cairn created them gets the missing ones at its next
// start, once (a system collection dropped afterwards stays dropped, as in ArangoDB).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

const EVERY_DB = ['_graphs', '_analyzers', '_aqlfunctions', '_queues', '_jobs', '_apps', '_appbundles', '_frontend'];
const SYSTEM_DB = ['_users', '_statistics', '_statistics15', '_statisticsRaw', ...EVERY_DB];

const names = (s: Storage, db: string) => s.catalog.collections(db).map((c) => c.name);

/** A collection's indexes beyond the primary one, as [fields, unique, sparse, estimates]. */
function extraIndexes(s: Storage, db: string, name: string) {
  return s.catalog
    .requireCollection(db, name)
    .indexes.filter((ix) => ix.type !== 'primary')
    .map((ix) => ({ type: ix.type, name: ix.name === `idx_${ix.id}`, fields: ix.fields, unique: ix.unique, sparse: ix.sparse, deduplicate: ix.deduplicate, estimates: ix.estimates }));
}

/**
 * Makes the stored catalog look like an older Cairn's: no system collections (but those
 * `keep` names), no task record. Reopen the storage afterwards: the mirror is not changed.
 */
async function removeSystemCollections(s: Storage, keep: (db: string, name: string) => boolean = () => false): Promise<void> {
  await s.engine.write((tx) => {
    for (const db of s.catalog.databaseNames()) {
      for (const c of s.catalog.collections(db)) if (c.isSystem && !keep(db, c.name)) tx.remove('meta', ['col', c.id]);
    }
    tx.remove('meta', ['task', 'systemCollections']);
  });
}

describe('system collections', () => {
  const dirs: string[] = [];
  const open: Storage[] = [];
  async function openAt(dir: string): Promise<Storage> {
    const s = await Storage.open({ path: dir, noSync: true });
    open.push(s);
    return s;
  }
  async function closeIt(s: Storage): Promise<void> {
    open.splice(open.indexOf(s), 1);
    await s.close();
  }
  function newDir(): string {
    const d = tempDir();
    dirs.push(d);
    return d;
  }
  after(async () => {
    assert.equal(open.length, 0, 'a storage environment was left open');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('in a new data directory', () => {
    let s: Storage;
    before(async () => {
      s = await openAt(newDir());
    });
    after(async () => {
      await closeIt(s);
    });

    it('gives _system its system collections in ArangoDB 3.12 order, _users first', () => {
      assert.deepEqual(names(s, '_system'), SYSTEM_DB);
    });

    it('gives a new database the system collections of every database, in the creating mutation', async () => {
      await s.catalog.createDatabase('other');
      assert.deepEqual(names(s, 'other'), EVERY_DB);
    });

    it('creates them as ArangoDB does: document collections, isSystem, default properties, name as globallyUniqueId', () => {
      for (const db of ['_system', 'other']) {
        for (const c of s.catalog.collections(db)) {
          assert.deepEqual(
            {
              db: c.db,
              type: c.type,
              isSystem: c.isSystem,
              waitForSync: c.waitForSync,
              keyOptions: c.keyOptions,
              schema: c.schema,
              computedValues: c.computedValues,
              cacheEnabled: c.cacheEnabled,
              globallyUniqueId: c.globallyUniqueId,
            },
            { db, type: 2, isSystem: true, waitForSync: false, keyOptions: { type: 'traditional', allowUserKeys: true }, schema: null, computedValues: null, cacheEnabled: false, globallyUniqueId: c.name },
            `${db}/${c.name}`,
          );
          assert.equal(s.catalog.count(c), 0);
        }
      }
    });

    it('adds the indexes ArangoDB creates for them: persistent, default names, no estimates', () => {
      const persistent = (fields: string[], unique: boolean, sparse: boolean) => ({ type: 'persistent', name: true, fields, unique, sparse, deduplicate: true, estimates: false });
      const cases = [
        { name: '_users', indexes: [persistent(['user'], true, true)] },
        { name: '_jobs', indexes: [persistent(['queue', 'status', 'delayUntil'], false, false), persistent(['status', 'queue', 'delayUntil'], false, false)] },
        { name: '_apps', indexes: [persistent(['mount'], true, true)] },
        { name: '_statistics', indexes: [persistent(['time'], false, false)] },
        { name: '_statistics15', indexes: [persistent(['time'], false, false)] },
        { name: '_statisticsRaw', indexes: [persistent(['time'], false, false)] },
        { name: '_graphs', indexes: [] },
        { name: '_aqlfunctions', indexes: [] },
      ];
      for (const c of cases) assert.deepEqual(extraIndexes(s, '_system', c.name), c.indexes, c.name);
      assert.deepEqual(extraIndexes(s, 'other', '_apps'), [persistent(['mount'], true, true)]);
    });

    it('stores and reads documents in them like in any collection', async () => {
      const r = await s.documents.apply('other', '_graphs', 'insert', [{ body: { _key: 'social', edgeDefinitions: [] } }], {});
      assert.ok(r.results.every((x) => x.ok));
      const graphs = s.catalog.requireCollection('other', '_graphs');
      assert.deepEqual(s.documents.get(graphs, 'social')?.edgeDefinitions, []);
      assert.equal(s.catalog.count(graphs), 1);
      assert.equal(s.catalog.count(s.catalog.requireCollection('_system', '_graphs')), 0, 'each database has its own');
    });

    it('creates nothing when the start-up task runs again (it is recorded as done)', async () => {
      const before = s.catalog.collections('_system').map((c) => c.id);
      assert.equal(await s.catalog.addSystemCollections(), 0);
      assert.deepEqual(s.catalog.collections('_system').map((c) => c.id), before);
    });
  });

  describe('in a data directory written before Cairn created them', () => {
    const dir = newDir();
    let userColId = 0;
    before(async () => {
      const s = await openAt(dir);
      await s.catalog.createDatabase('old');
      userColId = (await s.catalog.createCollection('old', collectionSpec('mine'))).id;
      await s.documents.apply('old', 'mine', 'insert', [{ body: { _key: 'k', v: 1 } }], {});
      await removeSystemCollections(s);
      await closeIt(s);
    });

    it('adds the missing ones to every database at the next start, keeping what was there', async () => {
      const s = await openAt(dir);
      try {
        assert.deepEqual(names(s, '_system'), SYSTEM_DB);
        assert.deepEqual(names(s, 'old'), ['mine', ...EVERY_DB]);
        const mine = s.catalog.requireCollection('old', 'mine');
        assert.equal(mine.id, userColId);
        assert.equal(s.documents.get(mine, 'k')?.v, 1);
        assert.deepEqual(extraIndexes(s, 'old', '_apps').map((ix) => ix.fields), [['mount']]);
      } finally {
        await closeIt(s);
      }
    });

    it('runs once: later starts create nothing, and a system collection dropped with isSystem stays dropped', async () => {
      let s = await openAt(dir);
      const ids = s.catalog.collections('old').map((c) => c.id);
      const frontend = (await s.catalog.dropCollection('old', '_frontend', true)).id;
      await closeIt(s);
      s = await openAt(dir);
      try {
        assert.deepEqual(
          s.catalog.collections('old').map((c) => c.id),
          ids.filter((id) => id !== frontend),
        );
        assert.equal(s.catalog.collection('old', '_frontend'), undefined);
        assert.equal(await s.catalog.addSystemCollections(), 0);
      } finally {
        await closeIt(s);
      }
    });

    it('gives a directory whose one-time step ran before _users existed its _users at the next start, and again when dropped', async () => {
      const d = newDir();
      let s = await openAt(d);
      const ids = s.catalog.collections('_system').filter((c) => c.name !== '_users').map((c) => c.id);
      await s.catalog.dropCollection('_system', '_users', true); // the task stays recorded as done
      await closeIt(s);
      s = await openAt(d);
      try {
        assert.deepEqual(names(s, '_system'), [...SYSTEM_DB.slice(1), '_users']);
        assert.deepEqual(s.catalog.collections('_system').filter((c) => c.name !== '_users').map((c) => c.id), ids);
        assert.deepEqual(extraIndexes(s, '_system', '_users').map((ix) => [ix.fields, ix.unique, ix.sparse]), [[['user'], true, true]]);
        const users = s.catalog.requireCollection('_system', '_users');
        assert.equal(await s.catalog.ensureSystemCollection('_system', '_users'), users, 'idempotent');
      } finally {
        await closeIt(s);
      }
    });

    it('keeps one a client of an older build created under the same name as it is', async () => {
      const d = newDir();
      let s = await openAt(d);
      await s.catalog.createDatabase('half');
      // as if that client had created _graphs itself, with its own properties
      const own = await s.catalog.updateCollection('half', '_graphs', { waitForSync: true });
      await removeSystemCollections(s, (db, name) => db === 'half' && name === '_graphs');
      await closeIt(s);
      s = await openAt(d);
      try {
        assert.deepEqual(names(s, 'half'), EVERY_DB);
        assert.equal(s.catalog.requireCollection('half', '_graphs').id, own.id);
        assert.equal(s.catalog.requireCollection('half', '_graphs').waitForSync, true);
        assert.deepEqual(names(s, '_system'), SYSTEM_DB);
      } finally {
        await closeIt(s);
      }
    });
  });
});
