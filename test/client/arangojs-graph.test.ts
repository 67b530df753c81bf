// The official `arangojs` driver (v10) managing named graphs on Cairn over a real port:
// creating and reading graphs, writing vertices and edges through them, edge definitions,
// and dropping; graph errors reach it as ArangoErrors with ArangoDB's errorNum and status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs';
import { isArangoError } from 'arangojs/errors';
import { startServer, type TestServer } from '../helpers/server.js';

async function rejectsWith(p: Promise<unknown>, errorNum: number, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isArangoError(e), `expected an ArangoError, got ${String(e)}`);
    assert.equal(e.errorNum, errorNum);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('arangojs graphs against Cairn', () => {
  let s: TestServer;
  let system: Database;
  let db: Database;

  before(async () => {
    s = await startServer();
    const url = await s.server.listen('127.0.0.1', 0);
    system = new Database({ url, auth: { username: 'root', password: '' } });
    db = await system.createDatabase('graphs');
  });
  after(async () => {
    system.close();
    await s.close();
  });

  it('creates a graph with its collections and reads it back', async () => {
    const graph = await db.createGraph('routes', [{ collection: 'flights', from: ['airports'], to: ['airports'] }]);
    assert.equal(await graph.exists(), true);
    const info = await graph.get();
    assert.deepEqual(info, {
      _key: 'routes',
      _id: '_graphs/routes',
      _rev: info._rev,
      name: 'routes',
      edgeDefinitions: [{ collection: 'flights', from: ['airports'], to: ['airports'] }],
      orphanCollections: [],
    });
    assert.deepEqual((await db.collection('flights').properties()).type, 3);
    assert.deepEqual((await db.collection('airports').properties()).type, 2);
    assert.deepEqual(await graph.listVertexCollections(), ['airports']);
    assert.deepEqual(await graph.listEdgeCollections(), ['flights']);
  });

  it('saves, reads and removes vertices and saves edges between them', async () => {
    const graph = db.graph('routes');
    const airports = graph.vertexCollection('airports');
    const saved = await airports.save({ _key: 'AMS', city: 'Amsterdam' });
    assert.deepEqual(saved, { error: false, code: 202, _id: 'airports/AMS', _key: 'AMS', _rev: saved._rev });
    await airports.save({ _key: 'BER', city: 'Berlin' });
    const ams = await airports.vertex('AMS');
    assert.deepEqual(ams, { _key: 'AMS', _id: 'airports/AMS', _rev: saved._rev, city: 'Amsterdam' });
    assert.equal(await airports.vertex('nowhere', { graceful: true }), null);

    const flight = await graph.edgeCollection('flights').save({ _from: 'airports/AMS', _to: 'airports/BER', hours: 1 }, { returnNew: true });
    assert.equal(flight.new?._from, 'airports/AMS');
    assert.equal((await graph.edgeCollection('flights').edge(flight._key)).hours, 1);
    await rejectsWith(graph.edgeCollection('flights').save({ _from: 'airports/AMS', _to: 'airports/XXX' }), 1202, 404);
    await rejectsWith(graph.edgeCollection('flights').save({ _from: 'cities/AMS', _to: 'airports/BER' }), 1947, 404, /referenced _from collection 'cities' is not part of the graph/);

    const removed = await airports.remove('AMS', { returnOld: true });
    assert.equal(removed.old?.city, 'Amsterdam');
    // the edge at AMS went with it
    assert.equal(await db.collection('flights').documentExists(flight._key), false);
    await rejectsWith(airports.vertex('AMS'), 1202, 404);
  });

  it('adds and replaces edge definitions', async () => {
    const graph = db.graph('routes');
    const added = await graph.addEdgeDefinition({ collection: 'trains', from: 'airports', to: ['stations'] });
    assert.deepEqual(added.edgeDefinitions, [
      { collection: 'flights', from: ['airports'], to: ['airports'] },
      { collection: 'trains', from: ['airports'], to: ['stations'] },
    ]);
    assert.deepEqual(await graph.listVertexCollections(), ['airports', 'stations']);
    const replaced = await graph.replaceEdgeDefinition({ collection: 'trains', from: ['stations'], to: ['stations'] });
    assert.deepEqual(replaced.edgeDefinitions[1], { collection: 'trains', from: ['stations'], to: ['stations'] });
    await rejectsWith(graph.addEdgeDefinition({ collection: 'trains', from: 'airports', to: 'airports' }), 1920, 400, /trains multi use of edge collection in edge def/);
  });

  it('lists graphs, refuses a duplicate and drops a graph with its collections', async () => {
    await db.createGraph('other', [{ collection: 'links', from: ['nodes'], to: ['nodes'] }]);
    const graphs = await db.listGraphs();
    assert.deepEqual(graphs.map((g) => g.name).sort(), ['other', 'routes']);
    await rejectsWith(db.createGraph('routes', []), 1925, 409, /graph already exists/);
    assert.equal(await db.graph('other').drop(true), true);
    assert.equal(await db.collection('links').exists(), false);
    assert.equal(await db.collection('nodes').exists(), false);
    assert.equal(await db.graph('other').exists(), false);
    assert.equal(await db.graph('routes').drop(), true);
    assert.equal(await db.collection('flights').exists(), true);
    assert.deepEqual(await db.listGraphs(), []);
    await rejectsWith(db.graph('routes').get(), 1924, 404, /graph 'routes' not found/);
  });
  it('writes vertices and edges inside a stream transaction with trx.step, committed together', async () => {
    await db.createGraph('trxroutes', [{ collection: 'trxflights', from: ['trxairports'], to: ['trxairports'] }]);
    const graph = db.graph('trxroutes');
    const airports = graph.vertexCollection('trxairports');
    const flights = graph.edgeCollection('trxflights');
    const trx = await db.beginTransaction({ write: ['trxairports', 'trxflights'] });
    await trx.step(() => airports.save({ _key: 'LIS' }));
    await trx.step(() => airports.save({ _key: 'OPO' }));
    await trx.step(() => flights.save({ _key: 'f1', _from: 'trxairports/LIS', _to: 'trxairports/OPO' }));
    assert.equal(await db.collection('trxflights').documentExists('f1'), false, 'not visible before the commit');
    const inside = await trx.step(() => flights.edge('f1'));
    assert.equal(inside._to, 'trxairports/OPO');
    await trx.commit();
    assert.equal((await flights.edge('f1'))._from, 'trxairports/LIS');

    const trx2 = await db.beginTransaction({ write: ['trxairports', 'trxflights'] });
    await trx2.step(() => airports.remove('LIS'));
    await trx2.abort();
    assert.equal(await db.collection('trxflights').documentExists('f1'), true, 'the abort kept the edge');
    assert.equal(await db.collection('trxairports').documentExists('LIS'), true);
  });
});
