// The official `arangojs` driver (v10) managing views on Cairn over a real port: its own
// view tests (src/test/24-accessing-views.ts, 25-view-metadata.ts, 26-manipulating-views.ts)
// replayed through the driver's calls, plus search-alias views over inverted indexes made
// with collection.ensureIndex. Test names start with the upstream file and case.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs';
import { isArangoError } from 'arangojs/errors';
import { View } from 'arangojs/views';
import { startServer, type TestServer } from '../helpers/server.js';

async function rejectsWith(p: Promise<unknown>, errorNum: number): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isArangoError(e), `expected an ArangoError, got ${String(e)}`);
    assert.equal(e.errorNum, errorNum);
    return true;
  });
}

describe('arangojs views against Cairn', () => {
  let s: TestServer;
  let system: Database;
  let db: Database;

  before(async () => {
    s = await startServer();
    const url = await s.server.listen('127.0.0.1', 0);
    system = new Database({ url, auth: { username: 'root', password: '' } });
    db = await system.createDatabase('views');
  });
  after(async () => {
    system.close();
    await s.close();
  });

  it('24-accessing-views.ts database.listViews: fetches information about all views', async () => {
    const names = [0, 1, 2, 3].map((i) => `v_${i}`);
    await Promise.all(names.map((n) => db.createView(n, { type: 'arangosearch' })));
    const views = await db.listViews();
    assert.deepEqual(views.map((v) => v.name).sort(), names);
    await Promise.all(names.map((n) => db.view(n).drop()));
  });

  it('24-accessing-views.ts database.views: creates View instances', async () => {
    const names = [0, 1, 2, 3].map((i) => `asv_${i}`);
    await Promise.all(names.map((n) => db.createView(n, { type: 'arangosearch' })));
    const views = await db.views();
    assert.ok(views.every((v) => v instanceof View));
    assert.deepEqual(views.map((v) => v.name).sort(), names);
    await Promise.all(names.map((n) => db.view(n).drop()));
  });

  it('25-view-metadata.ts view.get: returns information about a view; missing views throw 1203', async () => {
    const view = db.view('view-meta');
    await view.create({ type: 'arangosearch' });
    const info = await view.get();
    assert.equal(info.name, 'view-meta');
    assert.equal(info.type, 'arangosearch');
    assert.match(info.id, /^\d+$/);
    assert.equal(await view.exists(), true);
    assert.equal(await db.view('no').exists(), false);
    await rejectsWith(db.view('no').get(), 1203);
  });

  it('25-view-metadata.ts view.properties: returns the properties of a view', async () => {
    const p = await db.view('view-meta').properties();
    assert.equal(p.name, 'view-meta');
    assert.equal(p.type, 'arangosearch');
    assert.ok('links' in p && 'cleanupIntervalStep' in p && 'consolidationIntervalMsec' in p);
    assert.equal((p as { consolidationPolicy: { type: string } }).consolidationPolicy.type, 'tier');
  });

  it('26-manipulating-views.ts view.updateProperties: should not overwrite properties', async () => {
    const view = db.view('upd');
    await view.create({ type: 'arangosearch' });
    const initial = (await view.properties()) as { consolidationIntervalMsec: number };
    assert.notEqual(initial.consolidationIntervalMsec, 45000);
    const old = (await view.updateProperties({ consolidationIntervalMsec: 45000, commitIntervalMsec: 45000 })) as { consolidationIntervalMsec: number };
    assert.equal(old.consolidationIntervalMsec, 45000);
    const p = (await view.updateProperties({ commitIntervalMsec: 30000 })) as { consolidationIntervalMsec: number; commitIntervalMsec: number };
    assert.equal(p.consolidationIntervalMsec, 45000);
    assert.equal(p.commitIntervalMsec, 30000);
  });

  it('26-manipulating-views.ts view.replaceProperties: should overwrite properties', async () => {
    const view = db.view('rep');
    await view.create({ type: 'arangosearch' });
    const initial = (await view.properties()) as { consolidationIntervalMsec: number };
    await view.replaceProperties({ consolidationIntervalMsec: 45000, commitIntervalMsec: 45000 });
    const p = (await view.replaceProperties({ commitIntervalMsec: 30000 })) as { consolidationIntervalMsec: number; commitIntervalMsec: number };
    assert.equal(p.consolidationIntervalMsec, initial.consolidationIntervalMsec);
    assert.equal(p.commitIntervalMsec, 30000);
  });

  it('26-manipulating-views.ts view.rename: should rename a view (single server)', async () => {
    const view = db.view('rep');
    const info = await view.rename('rep-2');
    assert.equal(info.name, 'rep-2');
    assert.equal(view.name, 'rep-2');
  });

  it('26-manipulating-views.ts view.drop: should drop a view', async () => {
    await db.view('rep-2').drop();
    await rejectsWith(db.view('rep-2').get(), 1203);
  });

  it('links, inverted indexes and a search-alias view through the driver', async () => {
    const col = await db.createCollection('articles');
    const linked = await db.createView('linked', { type: 'arangosearch', links: { articles: { fields: { title: { analyzers: ['text_en'] } } } } });
    const p = (await linked.properties()) as { links: Record<string, { fields: Record<string, unknown> }> };
    assert.deepEqual(p.links.articles!.fields, { title: { analyzers: ['text_en'] } });
    const ix = await col.ensureIndex({ type: 'inverted', name: 'inv', fields: ['title'] });
    assert.equal(ix.type, 'inverted');
    assert.equal(ix.isNewlyCreated, true);
    const alias = await db.createView('alias', { type: 'search-alias', indexes: [{ collection: 'articles', index: 'inv' }] });
    assert.deepEqual(((await alias.properties()) as { indexes: unknown }).indexes, [{ collection: 'articles', index: 'inv' }]);
    await rejectsWith(db.createCollection('alias'), 1207);
    await col.drop();
    assert.deepEqual(((await alias.properties()) as { indexes: unknown }).indexes, []);
    assert.deepEqual(((await linked.properties()) as { links: unknown }).links, {});
  });
});
