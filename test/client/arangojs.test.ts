// The official `arangojs` driver (v10) against Cairn on a real port: what a client
// application does day to day works unchanged, and server errors reach it as arangojs
// ArangoErrors with ArangoDB's errorNum and status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Database, aql } from 'arangojs';
import { isArangoError } from 'arangojs/errors';
import { startServer, type TestServer } from '../helpers/server.js';

/** Asserts that `p` rejects with an arangojs ArangoError of this errorNum and status. */
async function rejectsWith(p: Promise<unknown>, errorNum: number, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isArangoError(e), `expected an ArangoError, got ${String(e)}`);
    assert.equal(e.errorNum, errorNum);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('arangojs against Cairn', () => {
  let s: TestServer;
  let system: Database;
  let db: Database;

  before(async () => {
    s = await startServer();
    const url = await s.server.listen('127.0.0.1', 0);
    system = new Database({ url, auth: { username: 'root', password: '' } });
    db = await system.createDatabase('drivertest');
  });
  after(async () => {
    system.close();
    await s.close();
  });

  describe('server and databases', () => {
    it('reads the version Cairn speaks', async () => {
      assert.deepEqual(await system.version(), { server: 'arango', version: '3.12.0', license: 'community' });
    });

    it('reads time, status, engine and availability', async () => {
      const t = await system.time();
      assert.ok(Math.abs(t - Date.now()) < 5000, `time ${t}`);
      const status = await system.status();
      assert.equal(status.server, 'arango');
      assert.equal(status.serverInfo.role, 'SINGLE');
      assert.equal(status.serverInfo.readOnly, false);
      assert.equal((await system.engine()).name, 'lmdb');
      assert.equal(await system.availability(), 'default');
    });

    it('creates, lists, describes and drops databases', async () => {
      const created = await system.createDatabase('scratch');
      assert.equal(created.name, 'scratch');
      assert.deepEqual(await system.listDatabases(), ['_system', 'drivertest', 'scratch']);
      assert.deepEqual(await system.listUserDatabases(), ['_system', 'drivertest', 'scratch']);
      assert.deepEqual((await system.databases()).map((d) => d.name), ['_system', 'drivertest', 'scratch']);
      const info = await created.get();
      assert.deepEqual(info, { id: info.id, name: 'scratch', isSystem: false, path: 'none' });
      assert.equal(await created.exists(), true);
      assert.equal(await system.dropDatabase('scratch'), true);
      assert.equal(await created.exists(), false);
      assert.deepEqual(await system.listDatabases(), ['_system', 'drivertest']);
    });

    it('surfaces database errors as ArangoErrors', async () => {
      await rejectsWith(system.createDatabase('drivertest'), 1207, 409, /duplicate database name 'drivertest'/);
      await rejectsWith(system.createDatabase('1nvalid'), 1208, 400, /illegal name: database name invalid/);
      await rejectsWith(system.dropDatabase('nosuch'), 1228, 404);
      await rejectsWith(system.dropDatabase('_system'), 11, 403);
      await rejectsWith(db.createDatabase('fromhere'), 1230, 403);
      await rejectsWith(db.listDatabases(), 1230, 403);
      await rejectsWith(system.database('nosuch').collections(), 1228, 404);
    });
  });

  describe('collections', () => {
    it('creates document and edge collections and lists them', async () => {
      const people = await db.createCollection('people');
      const knows = await db.createEdgeCollection('knows');
      assert.equal(people.name, 'people');
      const names = (await db.collections()).map((c) => c.name).sort();
      assert.deepEqual(names, ['knows', 'people']);
      const listed = await db.listCollections();
      assert.deepEqual(listed.map((c) => [c.name, c.type]).sort(), [['knows', 3], ['people', 2]]);
      assert.equal(await knows.exists(), true);
      assert.equal(await db.collection('nope').exists(), false);
    });

    it('lists the system collections only when asked (collections(false), listCollections(false))', async () => {
      const system = ['_analyzers', '_appbundles', '_apps', '_aqlfunctions', '_frontend', '_graphs', '_jobs', '_queues'];
      assert.deepEqual((await db.collections(false)).map((c) => c.name).sort(), [...system, 'knows', 'people']);
      const listed = await db.listCollections(false);
      assert.deepEqual(listed.filter((c) => c.isSystem).map((c) => c.name).sort(), system);
      assert.deepEqual((await db.collection('_graphs').properties()).isSystem, true);
    });

    it('reads properties and count', async () => {
      const props = await db.collection('people').properties();
      assert.equal(props.name, 'people');
      assert.equal(props.type, 2);
      assert.equal(props.waitForSync, false);
      assert.equal(props.isSystem, false);
      assert.equal(props.keyOptions.type, 'traditional');
      assert.equal(props.keyOptions.allowUserKeys, true);
      assert.equal((await db.collection('knows').properties()).type, 3);
      assert.equal((await db.collection('people').count()).count, 0);
    });

    it('surfaces collection errors as ArangoErrors', async () => {
      await rejectsWith(db.createCollection('people'), 1207, 409);
      await rejectsWith(db.createCollection('1 bad'), 1208, 400);
      await rejectsWith(db.collection('nope').properties(), 1203, 404);
      await rejectsWith(db.collection('nope').count(), 1203, 404);
    });
  });

  describe('documents', () => {
    it('saves, reads, updates, replaces and removes one document', async () => {
      const people = db.collection('people');
      const meta = await people.save({ _key: 'alice', name: 'Alice', age: 30 });
      assert.equal(meta._id, 'people/alice');
      assert.equal(meta._key, 'alice');
      assert.equal(typeof meta._rev, 'string');

      assert.deepEqual(await people.document('alice'), { _id: 'people/alice', _key: 'alice', _rev: meta._rev, name: 'Alice', age: 30 });
      assert.equal(await people.documentExists('alice'), true);
      assert.equal(await people.documentExists('nobody'), false);

      const updated = await people.update('alice', { age: 31 }, { returnNew: true });
      assert.notEqual(updated._rev, meta._rev);
      assert.equal(updated._oldRev, meta._rev);
      assert.deepEqual(updated.new, { _id: 'people/alice', _key: 'alice', _rev: updated._rev, name: 'Alice', age: 31 });

      const replaced = await people.replace('alice', { name: 'Alicia' }, { returnOld: true });
      assert.equal(replaced.old?.age, 31);
      assert.deepEqual(await people.document('people/alice'), { _id: 'people/alice', _key: 'alice', _rev: replaced._rev, name: 'Alicia' });

      const removed = await people.remove('alice');
      assert.equal(removed._key, 'alice');
      assert.equal(await people.document('alice', { graceful: true }), null);
    });

    it('generates keys for documents saved without one', async () => {
      const meta = await db.collection('people').save({ name: 'Anon' });
      assert.match(meta._key, /^\d+$/);
      assert.equal((await db.collection('people').document(meta._key)).name, 'Anon');
      await db.collection('people').remove(meta);
    });

    it('surfaces document errors as ArangoErrors', async () => {
      const people = db.collection('people');
      const meta = await people.save({ _key: 'bob' });
      await rejectsWith(people.save({ _key: 'bob' }), 1210, 409, /unique constraint violated/);
      await rejectsWith(people.document('nobody'), 1202, 404, /document not found/);
      await rejectsWith(people.update('nobody', { a: 1 }), 1202, 404);
      await rejectsWith(people.replace('bob', { a: 1 }, { ifMatch: '_notTheRev' }), 1200, 412);
      await rejectsWith(people.remove('bob', { ifMatch: '_notTheRev' }), 1200, 412);
      await rejectsWith(people.save({ _key: 'bad key' }), 1221, 400);
      await rejectsWith(db.collection('nope').save({}), 1203, 404);
      await people.remove(meta);
    });

    it('saves, reads, updates and removes many documents at once', async () => {
      const people = db.collection('people');
      const saved = await people.saveAll([{ _key: 'p1', n: 1 }, { _key: 'p2', n: 2 }, { _key: 'p3', n: 3 }]);
      assert.deepEqual(saved.map((r) => ('_key' in r ? r._key : r)), ['p1', 'p2', 'p3']);

      const docs = await people.documents(['p1', 'p3']);
      assert.deepEqual(docs.map((d) => [d._key, d.n]), [['p1', 1], ['p3', 3]]);

      const updated = await people.updateAll([{ _key: 'p1', n: 10 }, { _key: 'p2', n: 20 }]);
      assert.equal(updated.length, 2);
      assert.equal((await people.document('p2')).n, 20);

      const mixed = await people.saveAll([{ _key: 'p4' }, { _key: 'p1' }]);
      assert.equal((mixed[0] as { _key: string })._key, 'p4');
      assert.deepEqual({ ...(mixed[1] as object) }, { error: true, errorNum: 1210, errorMessage: (mixed[1] as { errorMessage: string }).errorMessage });

      const removed = await people.removeAll(['p1', 'p2', 'p3', 'p4']);
      assert.deepEqual(removed.map((r) => ('_key' in r ? r._key : r)), ['p1', 'p2', 'p3', 'p4']);
      assert.equal((await people.count()).count, 0);
    });

    it('saves edges with _from and _to, and refuses an edge without them', async () => {
      const people = db.collection('people');
      await people.saveAll([{ _key: 'x' }, { _key: 'y' }]);
      const knows = db.collection('knows');
      const edge = await knows.save({ _from: 'people/x', _to: 'people/y', since: 2020 });
      const stored = await knows.document(edge._key);
      assert.deepEqual(stored, { _id: edge._id, _key: edge._key, _rev: edge._rev, _from: 'people/x', _to: 'people/y', since: 2020 });
      await rejectsWith(knows.save({ since: 1 } as never), 1233, 400);
      await rejectsWith(knows.save({ _from: 'nocollection', _to: 'people/y' }), 1233, 400);
      await knows.truncate();
      await people.truncate();
    });
  });

  describe('indexes, truncate and drop', () => {
    it('ensures, lists, finds and drops a persistent index', async () => {
      const people = db.collection('people');
      const created = await people.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, name: 'byEmail' });
      assert.equal(created.isNewlyCreated, true);
      assert.equal(created.type, 'persistent');
      assert.deepEqual(created.fields, ['email']);
      assert.equal(created.unique, true);
      assert.match(created.id, /^people\/\d+$/);

      const again = await people.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, name: 'byEmail' });
      assert.equal(again.isNewlyCreated, false);
      assert.equal(again.id, created.id);

      const list = await people.indexes();
      assert.deepEqual(list.map((ix) => [ix.name, ix.type]), [['primary', 'primary'], ['byEmail', 'persistent']]);
      assert.equal((await people.index(created.id)).name, 'byEmail');

      await people.save({ _key: 'e1', email: 'a@x' });
      await rejectsWith(people.save({ _key: 'e2', email: 'a@x' }), 1210, 409);

      await people.dropIndex(created.id);
      assert.deepEqual((await people.indexes()).map((ix) => ix.type), ['primary']);
      await rejectsWith(people.index(created.id), 1212, 404);
      await people.remove('e1');
    });

    it('ensures geo (one and two fields), fulltext and mdi indexes, as arangojs\'s own tests do', async () => {
      const places = await db.createCollection('places');
      const one = await places.ensureIndex({ type: 'geo', fields: ['loc'] });
      assert.equal(one.isNewlyCreated, true);
      assert.equal(one.type, 'geo');
      assert.deepEqual(one.fields, ['loc']);
      assert.match(one.id, /^places\/\d+$/);
      const two = await places.ensureIndex({ type: 'geo', fields: ['lat', 'lon'] });
      assert.equal(two.isNewlyCreated, true);
      assert.deepEqual(two.fields, ['lat', 'lon']);
      // arangojs 10 no longer types fulltext indexes; ArangoDB 3.12 still creates them
      const text = (await places.ensureIndex({ type: 'fulltext', fields: ['text'] } as never)) as { isNewlyCreated: boolean; type: string };
      assert.equal(text.isNewlyCreated, true);
      assert.equal(text.type, 'fulltext');
      const mdi = await places.ensureIndex({ type: 'mdi', fields: ['x', 'y', 'z'], fieldValueTypes: 'double', sparse: true });
      assert.equal(mdi.isNewlyCreated, true);
      assert.equal(mdi.type, 'mdi');
      assert.deepEqual(mdi.fields, ['x', 'y', 'z']);
      assert.equal((await places.ensureIndex({ type: 'geo', fields: ['loc'] })).isNewlyCreated, false);
      assert.deepEqual((await places.indexes()).map((ix) => ix.type), ['primary', 'geo', 'geo', 'fulltext', 'mdi']);
      await places.save({ loc: [1, 2], text: 'hello world', x: 1, y: 2, z: 3 });
      const cursor = await db.query(aql`FOR d IN NEAR(${places}, 1, 2, 1) RETURN d.text`);
      assert.deepEqual(await cursor.all(), ['hello world']);
      await places.drop();
    });

    it('truncates a collection and drops it', async () => {
      const temp = await db.createCollection('temp');
      await temp.saveAll([{ a: 1 }, { a: 2 }, { a: 3 }]);
      assert.equal((await temp.count()).count, 3);
      await temp.truncate();
      assert.equal((await temp.count()).count, 0);
      await temp.drop();
      assert.equal(await temp.exists(), false);
      await rejectsWith(temp.save({ a: 1 }), 1203, 404);
      await rejectsWith(temp.drop(), 1203, 404);
    });

    it('drops the database with its collections', async () => {
      const other = await system.createDatabase('dropme');
      const c = await other.createCollection('c');
      await c.save({ a: 1 });
      assert.equal(await system.dropDatabase('dropme'), true);
      await rejectsWith(c.count(), 1228, 404);
      const again = await system.createDatabase('dropme');
      assert.deepEqual(await again.collections(), []);
      await system.dropDatabase('dropme');
    });
  });

  it('reads the edges at a vertex (collection.edges, inEdges, outEdges)', async () => {
    const e = await db.createEdgeCollection('links');
    await e.saveAll([
      { _key: 'a', _from: 'v/1', _to: 'v/2' },
      { _key: 'b', _from: 'v/2', _to: 'v/1' },
      { _key: 'c', _from: 'v/2', _to: 'v/3' },
    ]);
    const keys = (r: { edges: { _key: string }[] }) => r.edges.map((x) => x._key);
    assert.deepEqual(keys(await e.edges('v/2')), ['a', 'b', 'c']);
    assert.deepEqual(keys(await e.inEdges('v/2')), ['a']);
    const out = await e.outEdges('v/2');
    assert.deepEqual(keys(out), ['b', 'c']);
    assert.deepEqual(out.stats, { scannedIndex: 2, filtered: 0 });
  });

  describe('stream transactions', () => {
    it('commits and aborts empty transactions', async () => {
      await db.createCollection('trxc');
      const trx = await db.beginTransaction('trxc');
      assert.deepEqual(await trx.get(), { id: trx.id, status: 'running' });
      assert.deepEqual(await db.transaction(trx.id).get(), { id: trx.id, status: 'running' });
      assert.equal(await trx.exists(), true);
      // arangojs asks _system, which lists only its own transactions (as ArangoDB)
      assert.deepEqual(await db.listTransactions(), []);
      const sys = await system.beginTransaction([]);
      assert.deepEqual((await db.transactions()).map((t) => t.id), [sys.id]);
      await sys.abort();
      assert.deepEqual(await trx.commit(), { id: trx.id, status: 'committed' });
      const other = await db.beginTransaction({ write: 'trxc' });
      assert.deepEqual(await other.abort(), { id: other.id, status: 'aborted' });
      await rejectsWith(db.transaction('987654321').get(), 1655, 404);
    });

    it('inserts inside a transaction without leaking, and commits or aborts', async () => {
      const c = db.collection('trxc');
      const trx = await db.beginTransaction(c);
      const [m1, m2] = await trx.step(() => Promise.all([c.save({ _key: 't1' }), c.save({ _key: 't2' })]));
      assert.equal(m1._key, 't1');
      assert.equal(m2._key, 't2');
      assert.equal(await c.documentExists('t1'), false);
      assert.equal(await trx.step(() => c.documentExists('t1')), true);
      assert.deepEqual(await trx.step(async () => (await db.query('FOR d IN trxc SORT d._key RETURN d._key')).all()), ['t1', 't2']);
      await trx.commit();
      assert.equal((await c.document('t2'))._key, 't2');

      const aborted = await db.beginTransaction(c);
      await aborted.step(() => c.save({ _key: 't3' }));
      await c.save({ _key: 'outside' });
      await aborted.abort();
      assert.equal(await c.documentExists('t3'), false);
      assert.equal(await c.documentExists('outside'), true);
    });

    it('runs withTransaction, and keeps concurrent and nested transactions apart', async () => {
      const c = db.collection('trxc');
      const key = await db.withTransaction(c, async (step) => {
        const meta = await step(() => c.save({ _key: 'w1' }));
        // a second transaction on the same collection, and an outside write, meanwhile
        const inner = await db.beginTransaction(c);
        await inner.step(() => c.save({ _key: 'w2' }));
        await c.save({ _key: 'w3' });
        await inner.abort();
        return meta._key;
      });
      assert.equal(key, 'w1');
      assert.deepEqual(await Promise.all(['w1', 'w2', 'w3'].map((k) => c.documentExists(k))), [true, false, true]);
      await rejectsWith(
        db.withTransaction(c, async (step) => {
          await step(() => c.save({ _key: 'w4' }));
          await step(() => c.save({ _key: 'w1' }));
        }),
        1210,
        409,
      );
      assert.equal(await c.documentExists('w4'), false);
    });
  });

  describe('bulk imports (collection.import)', () => {
    const expected = { error: false, created: 3, errors: 0, empty: 0, updated: 0, ignored: 0 };
    const rows = [
      { _key: 'a', n: 1 },
      { _key: 'b', n: 2 },
      { _key: 'c', n: 3 },
    ];
    const headerValues = '["_key","n"]\r\n["a",1]\r\n["b",2]\r\n["c",3]\r\n';
    const lines = rows.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n';
    const list = JSON.stringify(rows);
    const cases: [string, (c: ReturnType<Database['collection']>) => Promise<unknown>][] = [
      ['an array of arrays', (c) => c.import([['_key', 'n'], ['a', 1], ['b', 2], ['c', 3]])],
      ['an array of objects', (c) => c.import(rows)],
      ['header and values as a string', (c) => c.import(headerValues)],
      ['header and values as a Buffer', (c) => c.import(Buffer.from(headerValues))],
      ['JSON lines, type auto', (c) => c.import(lines, { type: 'auto' })],
      ['JSON lines as a Buffer, type documents', (c) => c.import(Buffer.from(lines), { type: 'documents' })],
      ['a JSON array, type list', (c) => c.import(list, { type: 'list' })],
      ['a JSON array as a Buffer, type auto', (c) => c.import(Buffer.from(list), { type: 'auto' })],
    ];
    for (const [label, run] of cases) {
      it(`imports ${label}`, async () => {
        const c = db.collection('imported');
        if (await c.exists()) await c.drop();
        await db.createCollection('imported');
        assert.deepEqual(await run(c), expected);
        assert.deepEqual(await (await db.query('FOR d IN imported SORT d._key RETURN [d._key, d.n]')).all(), [['a', 1], ['b', 2], ['c', 3]]);
      });
    }

    it('passes onDuplicate, complete and details through', async () => {
      const c = db.collection('imported');
      assert.deepEqual(await c.import([{ _key: 'a', n: 9 }, { _key: 'd' }], { onDuplicate: 'update' }), { ...expected, created: 1, updated: 1 });
      const r = await c.import([{ _key: 'a' }], { details: true });
      assert.equal(r.errors, 1);
      assert.match(r.details![0]!, /unique constraint violated/);
      await rejectsWith(c.import([{ _key: 'e' }, { _key: 'a' }], { complete: true }), 1210, 409);
      assert.equal(await c.documentExists('e'), false);
    });
  });

  describe('AQL', () => {
    before(async () => {
      const nums = await db.createCollection('nums');
      await nums.saveAll(Array.from({ length: 25 }, (_, i) => ({ _key: `n${String(i).padStart(2, '0')}`, v: i })));
    });

    it('runs a query with bind parameters and reads all rows', async () => {
      const cursor = await db.query('FOR d IN @@c FILTER d.v >= @min SORT d.v RETURN d.v', { '@c': 'nums', min: 20 });
      assert.deepEqual(await cursor.all(), [20, 21, 22, 23, 24]);
    });

    it('pages through a large result with small batches, count and next()', async () => {
      const cursor = await db.query('FOR d IN nums SORT d.v RETURN d.v', {}, { batchSize: 4, count: true });
      assert.equal(cursor.count, 25);
      assert.equal(await cursor.next(), 0);
      const rest = await cursor.all();
      assert.deepEqual(rest, Array.from({ length: 24 }, (_, i) => i + 1));
      assert.equal(cursor.hasNext, false);
    });

    it('iterates batches of a stream query and kills a cursor', async () => {
      const cursor = await db.query('FOR i IN 1..10 RETURN i', {}, { batchSize: 3, stream: true });
      const batches: number[][] = [];
      for await (const batch of cursor.batches) batches.push(batch);
      assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
      const killed = await db.query('FOR i IN 1..10 RETURN i', {}, { batchSize: 2 });
      const id = killed.id;
      await killed.kill();
      await rejectsWith(db.route(`/_api/cursor/${id}`).post(), 1600, 404);
    });

    it('fetches with allowRetry', async () => {
      const cursor = await db.query('FOR i IN 1..5 RETURN i', {}, { batchSize: 2, allowRetry: true });
      assert.deepEqual(await cursor.all(), [1, 2, 3, 4, 5]);
    });

    it('reports query errors with their errorNum', async () => {
      await rejectsWith(db.query('FOR x IN nope RETURN x'), 1203, 404, /collection or view not found: nope/);
      await rejectsWith(db.query('RETURN'), 1501, 400, /syntax error/);
    });

    it('writes with AQL (INSERT, UPDATE, REMOVE) and reads writesExecuted, uses an index and profiles', async () => {
      const audit = await db.createCollection('audit');
      await audit.ensureIndex({ type: 'persistent', fields: ['v'] });
      const inserted = await db.query('FOR d IN nums FILTER d.v < 5 INSERT {v: d.v, src: d._key} INTO audit RETURN NEW.src');
      assert.deepEqual((await inserted.all()).sort(), ['n00', 'n01', 'n02', 'n03', 'n04']);
      assert.equal(inserted.extra.stats?.writesExecuted, 5);
      const updated = await db.query('FOR a IN audit FILTER a.v >= 3 UPDATE a WITH {big: true} IN audit RETURN OLD.v');
      assert.deepEqual((await updated.all()).sort(), [3, 4]);
      assert.equal(updated.extra.stats?.scannedFull, 0, 'the persistent index on v is used');
      assert.equal(updated.extra.stats?.scannedIndex, 2);
      const removed = await db.query('FOR a IN audit FILTER a.big == true REMOVE a IN audit', {}, { profile: 2 });
      await removed.all();
      assert.equal(removed.extra.stats?.writesExecuted, 2);
      assert.ok(Array.isArray((removed.extra.stats as { nodes?: unknown[] }).nodes), 'profile 2 gives per-node stats');
      assert.equal((await audit.count()).count, 3);
      await rejectsWith(db.query('INSERT {_key: "n00"} INTO nums'), 1210, 409, /unique constraint violated/);
    });

    it('parses and explains queries', async () => {
      const parsed = await db.parse('FOR d IN nums FILTER d.v == @v RETURN d');
      assert.equal(parsed.parsed, true);
      assert.deepEqual(parsed.collections, ['nums']);
      assert.deepEqual(parsed.bindVars, ['v']);
      const explained = await db.explain({ query: 'FOR d IN nums FILTER d.v == @v RETURN d', bindVars: { v: 1 } });
      // the FILTER is evaluated inside the scan (move-filters-into-enumerate)
      assert.deepEqual(explained.plan.nodes.map((n) => n.type), ['SingletonNode', 'EnumerateCollectionNode', 'ReturnNode']);
      assert.ok(explained.plan.rules.includes('move-filters-into-enumerate'));
      assert.equal((explained.plan.nodes[1] as unknown as { filter: { type: string } }).filter.type, 'compare ==');
    });

    it('tracks, lists, kills and records queries (queryTracking, listRunningQueries, killQuery, listSlowQueries)', async () => {
      const tracking = await db.queryTracking({ slowQueryThreshold: 0.05, trackBindVars: true });
      assert.equal(tracking.slowQueryThreshold, 0.05);
      assert.equal(tracking.enabled, true);
      await db.clearSlowQueries();
      // A query that sleeps long enough to be seen running.
      const running = db.query('FOR i IN 1..100 LET s = SLEEP(0.1) RETURN i', {}, { batchSize: 1000 });
      running.catch(() => undefined);
      let listed: Awaited<ReturnType<typeof db.listRunningQueries>> = [];
      for (let i = 0; i < 100 && listed.length === 0; i++) {
        listed = (await db.listRunningQueries()).filter((q) => q.query.includes('SLEEP(0.1)'));
        if (listed.length === 0) await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(listed.length, 1);
      assert.equal(listed[0]!.state, 'executing');
      assert.equal(listed[0]!.stream, false);
      await db.killQuery(listed[0]!.id);
      await rejectsWith(running, 1500, 410, /query killed/);
      assert.deepEqual((await db.listRunningQueries()).filter((q) => q.query.includes('SLEEP(0.1)')), []);
      await rejectsWith(db.killQuery(listed[0]!.id), 1591, 404);
      // A query over the threshold lands in the slow list with its bind variables.
      await (await db.query('FOR i IN 1..2 LET s = SLEEP(0.06) RETURN @x', { x: 7 })).all();
      const slow = (await db.listSlowQueries()).filter((q) => q.query.includes('SLEEP(0.06)'));
      assert.equal(slow.length, 1);
      assert.deepEqual(slow[0]!.bindVars, { x: 7 });
      assert.equal(slow[0]!.state, 'finished');
      assert.ok(slow[0]!.runTime >= 0.1);
      await db.clearSlowQueries();
      assert.deepEqual(await db.listSlowQueries(), []);
      await db.queryTracking({ slowQueryThreshold: 10 });
    });

    it('drives the query results cache', async () => {
      const props = await db.setQueryCacheProperties({ mode: 'demand', maxResults: 5 });
      assert.deepEqual(props, { mode: 'demand', maxResults: 5, maxResultsSize: 268435456, maxEntrySize: 16777216, includeSystem: false });
      assert.deepEqual(await system.getQueryCacheProperties(), props);
      await db.createCollection('cachedq');
      await db.collection('cachedq').saveAll([{ n: 1 }, { n: 2 }]);
      const q = 'FOR d IN cachedq SORT d.n RETURN d.n';
      assert.deepEqual(await (await db.query(q, {}, { cache: true })).all(), [1, 2]);
      assert.deepEqual(await (await db.query(q, {}, { cache: true, batchSize: 1 })).all(), [1, 2]);
      const [entry] = await db.listQueryCacheEntries();
      assert.equal(entry!.query, q);
      assert.equal(entry!.hits, 1);
      assert.deepEqual(entry!.dataSources, ['cachedq']);
      await db.collection('cachedq').save({ n: 3 });
      assert.deepEqual(await (await db.query(q, {}, { cache: true })).all(), [1, 2, 3]);
      await db.clearQueryCache();
      assert.deepEqual(await db.listQueryCacheEntries(), []);
      await rejectsWith(db.setQueryCacheProperties({ maxResults: 0 }), 10, 400, /invalid value for maxResults/);
      await db.setQueryCacheProperties({ mode: 'off', maxResults: 128 });
    });
  });

  describe('user-defined AQL functions', () => {
    it('creates, lists, calls and drops functions with createUserFunction, listUserFunctions and dropUserFunction (arangojs 10)', async () => {
      const created = await db.createUserFunction('ACME::ACCOUNTING::CALCULATE_VAT', String((price: number) => price * 0.19), true);
      assert.deepEqual(created, { error: false, code: 201, isNewlyCreated: true });
      const replaced = await db.createUserFunction('acme::accounting::calculate_vat', 'function (price) { return price * 0.2; }');
      assert.deepEqual(replaced, { error: false, code: 200, isNewlyCreated: false });
      await db.createUserFunction('ACME::OTHER', 'function () { return this.name; }');
      assert.deepEqual(await db.listUserFunctions(), [
        { name: 'acme::accounting::calculate_vat', code: 'function (price) { return price * 0.2; }', isDeterministic: false },
        { name: 'ACME::OTHER', code: 'function () { return this.name; }', isDeterministic: false },
      ]);
      const cursor = await db.query(aql`FOR p IN ${[{ price: 100 }, { price: 5 }]} RETURN MERGE({ vat: ACME::ACCOUNTING::CALCULATE_VAT(p.price) }, p)`);
      assert.deepEqual(await cursor.all(), [{ vat: 20, price: 100 }, { vat: 1, price: 5 }]);
      assert.deepEqual(await (await db.query('RETURN acme::other()')).all(), ['ACME::OTHER']);
      await rejectsWith(db.createUserFunction('nonamespace', 'function () {}'), 1580, 400, /'nonamespace' is not a valid name/);
      await rejectsWith(db.query('RETURN ACME::MISSING()'), 1582, 404, /user function 'ACME::MISSING\(\)' not found/);
      assert.deepEqual(await db.dropUserFunction('ACME::OTHER'), { error: false, code: 200, deletedCount: 1 });
      await rejectsWith(db.dropUserFunction('ACME::OTHER'), 1582, 404, /no AQL user function with name 'ACME::OTHER' found/);
      assert.deepEqual(await db.dropUserFunction('ACME', true), { error: false, code: 200, deletedCount: 1 });
      assert.deepEqual(await db.listUserFunctions(), []);
    });
  });
});
