// storage/views.ts with the catalog: views persist with the catalog and survive a restart,
// share one namespace with collections, lose links and inverted indexes of a dropped
// collection (in the same mutation), keep them through a rename, go with their database,
// and a mutation that fails leaves the mirror as it was. Also the search-alias field check
// and the link parser in isolation.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { analyzerResolver } from '../../src/storage/analyzer-lookup.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { Invalid, linkView, parseLink } from '../../src/storage/view-meta.js';
import type { ViewContext } from '../../src/storage/views.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

describe('views in storage', () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = (s: Storage, db = '_system'): ViewContext => ({ analyzers: analyzerResolver(s.catalog, s.documents, db), canRead: () => true });

  it('persist across a restart with links by collection id, and drop with collections and databases', async () => {
    let s = await Storage.open({ path: dir, noSync: true });
    await s.catalog.createDatabase('d');
    const col = await s.catalog.createCollection('d', collectionSpec('c'));
    await s.catalog.createCollection('d', collectionSpec('c2'));
    const ix = await s.indexes.ensure('d', 'c2', parseIndexSpec({ type: 'inverted', name: 'inv', fields: ['a'] }));
    const v = await s.views.create('d', { name: 'v', type: 'arangosearch', links: { c: { includeAllFields: true } }, commitIntervalMsec: 5 }, ctx(s, 'd'));
    await s.views.create('d', { name: 'a', type: 'search-alias', indexes: [{ collection: 'c2', index: 'inv' }] }, ctx(s, 'd'));
    assert.deepEqual(Object.keys(v.links ?? {}), [String(col.id)]);
    await s.close();

    s = await Storage.open({ path: dir, noSync: true });
    assert.deepEqual(s.catalog.views('d').map((x) => x.name), ['a', 'v']);
    const p = s.views.properties(s.views.require('d', 'v'));
    assert.equal(p.commitIntervalMsec, 5);
    assert.deepEqual(Object.keys(p.links as object), ['c']);
    assert.deepEqual(s.views.properties(s.views.require('d', 'a')).indexes, [{ collection: 'c2', index: 'inv' }]);
    assert.equal(s.views.require('d', String(v.id)).name, 'v', 'by id');

    await s.catalog.renameCollection('d', 'c', 'renamed');
    assert.deepEqual(Object.keys(s.views.properties(s.views.require('d', 'v')).links as object), ['renamed']);
    await s.catalog.dropCollection('d', 'renamed', false);
    await s.indexes.drop('d', 'c2', ix.index.id);
    await s.close();

    s = await Storage.open({ path: dir, noSync: true });
    assert.deepEqual(s.views.require('d', 'v').links, {}, 'the link went with the collection, durably');
    assert.deepEqual(s.views.require('d', 'a').indexes, [], 'the index went with its drop, durably');
    await s.catalog.dropDatabase('d');
    await s.close();

    s = await Storage.open({ path: dir, noSync: true });
    await s.catalog.createDatabase('d');
    assert.deepEqual(s.catalog.views('d'), [], 'a database dropped took its views');
    await s.close();
  });

  it('shares the namespace with collections and leaves the mirror unchanged when a mutation fails', async () => {
    const d = tempDir();
    const s = await Storage.open({ path: d, noSync: true });
    try {
      await s.views.create('_system', { name: 'v', type: 'arangosearch' }, ctx(s));
      await assert.rejects(s.catalog.createCollection('_system', collectionSpec('v')), (e: { errorNum?: number }) => e.errorNum === 1207);
      await assert.rejects(s.views.create('_system', { name: 'v', type: 'search-alias' }, ctx(s)), (e: { errorNum?: number }) => e.errorNum === 1207);
      await assert.rejects(
        s.engine.write((tx) => {
          s.catalog.putView(tx, { ...s.views.require('_system', 'v'), name: 'w' });
          throw new Error('later failure');
        }),
        /later failure/,
      );
      assert.deepEqual(s.catalog.views('_system').map((x) => x.name), ['v']);
      await assert.rejects(s.views.rename('_system', 'v', '_users'), (e: { errorNum?: number }) => e.errorNum === 1208);
      await assert.rejects(s.views.rename('_system', 'v', '_graphs'), (e: { errorNum?: number }) => e.errorNum === 1208);
    } finally {
      await s.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('parses links: fields inherit from their parent and show only what differs', () => {
    const analyzers = (n: string) => (n === 'identity' || n === 'text_en' ? { name: n, features: [] } : n === 'mine' ? { name: 'db::mine', features: [] } : undefined);
    const link = parseLink({ analyzers: ['text_en', 'mine'], includeAllFields: true, fields: { a: { fields: { b: { trackListPositions: true } } }, c: { analyzers: ['identity'] } } }, analyzers);
    assert.deepEqual(link.fields.a!.fields.b!.analyzers, ['text_en', 'db::mine']);
    assert.deepEqual(linkView(link, 'db'), {
      analyzers: ['text_en', 'mine'],
      fields: { a: { fields: { b: { trackListPositions: true } } }, c: { analyzers: ['identity'] } },
      includeAllFields: true,
      storeValues: 'none',
      trackListPositions: false,
    });
    assert.throws(() => parseLink({ storeValues: 'all' }, analyzers), (e) => e instanceof Invalid && e.field === 'storeValues');
    assert.throws(() => parseLink({ fields: { a: 1 } }, analyzers), (e) => e instanceof Invalid && e.field === 'fields.a');
    assert.throws(() => parseLink([], analyzers), (e) => e instanceof Invalid && e.field === '');
  });
});
