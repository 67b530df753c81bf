// /_api/replication/* and /_api/wal/*: the logger's state and ticks, the server id, the
// applier's stored configuration and state, and the dump protocol (batches over a
// snapshot, inventory, chunked dumps) with ArangoDB 3.12's answers, headers and errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir, type TestServer } from '../helpers/server.js';
import { ManualClock } from '../../src/util/clock.js';
import { rmSync } from 'node:fs';

const basic = (user: string, pw = 'pw'): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Record<string, unknown>;
}

function client(s: TestServer) {
  return async (method: string, url: string, body?: unknown, auth?: string): Promise<Res> => {
    const r = await s.request({ method, url, body, auth });
    let parsed: unknown;
    try {
      parsed = r.body === '' ? undefined : JSON.parse(r.body);
    } catch {
      parsed = undefined;
    }
    return { status: r.statusCode, body: parsed, text: r.body, headers: r.headers };
  };
}

/** The documents of a dump text (one JSON object per line). */
const lines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('replication logger, server id and WAL ticks', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    s = await startServer();
    call = client(s);
    await call('POST', '/_api/collection', { name: 'c' });
  });
  after(async () => {
    await s.close();
  });

  it('answers logger-state with the committed tick as decimal strings, which a write moves', async () => {
    const a = await call('GET', '/_api/replication/logger-state');
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.body), ['state', 'server', 'clients']);
    assert.deepEqual(Object.keys(a.body.state), ['running', 'lastLogTick', 'lastUncommittedLogTick', 'totalEvents', 'time']);
    assert.equal(a.body.state.running, true);
    assert.match(a.body.state.lastLogTick, /^\d+$/);
    assert.equal(a.body.state.lastUncommittedLogTick, a.body.state.lastLogTick);
    assert.equal(a.body.state.totalEvents, Number(a.body.state.lastLogTick));
    assert.match(a.body.state.time, TIME);
    assert.deepEqual(a.body.server, { version: '3.12.0', serverId: a.body.server.serverId, engine: 'lmdb' });
    assert.deepEqual(a.body.clients, []);
    assert.equal((await call('POST', '/_api/document/c', { x: 1 })).status, 202);
    const b = await call('GET', '/_api/replication/logger-state');
    assert.ok(Number(b.body.state.lastLogTick) > Number(a.body.state.lastLogTick));
  });

  it('gives the same tick and server id through /_api/wal/lastTick, /_api/wal/range and the logger', async () => {
    const state = (await call('GET', '/_api/replication/logger-state')).body;
    const last = await call('GET', '/_api/wal/lastTick');
    assert.equal(last.status, 200);
    assert.deepEqual(Object.keys(last.body), ['time', 'tick', 'server']);
    assert.equal(last.body.tick, state.state.lastLogTick);
    assert.deepEqual(last.body.server, { version: '3.12.0', serverId: state.server.serverId });
    const range = await call('GET', '/_api/wal/range');
    assert.deepEqual(Object.keys(range.body), ['time', 'tickMin', 'tickMax', 'server']);
    assert.equal(range.body.tickMax, state.state.lastLogTick);
    assert.equal(range.body.tickMin, state.state.lastLogTick);
    assert.deepEqual((await call('GET', '/_api/replication/server-id')).body, { serverId: state.server.serverId });
    assert.deepEqual((await call('GET', '/_api/replication/logger-first-tick')).body, { firstTick: state.state.lastLogTick });
    const ranges = await call('GET', '/_api/replication/logger-tick-ranges');
    assert.deepEqual(ranges.body, [{ datafile: `${s.dir}/data.mdb`, status: 'open', tickMin: state.state.lastLogTick, tickMax: state.state.lastLogTick }]);
  });

  it('answers the WAL API to admins only, and its usage for other suffixes', async () => {
    await call('POST', '/_api/user', { user: 'plain', passwd: 'pw' });
    await call('PUT', '/_api/user/plain/database/_system', { grant: 'ro' });
    assert.deepEqual((await call('GET', '/_api/wal/range', undefined, basic('plain'))).body, { error: true, code: 403, errorNum: 11, errorMessage: 'forbidden' });
    for (const url of ['/_api/wal', '/_api/wal/nope']) {
      assert.deepEqual((await call('GET', url)).body, { error: true, code: 400, errorNum: 400, errorMessage: 'expected GET /_api/wal/[tail|range|lastTick|open-transactions]>' });
    }
    assert.equal((await call('POST', '/_api/wal/range')).status, 400);
    const tail = await call('GET', '/_api/wal/tail');
    assert.equal(tail.status, 501);
    assert.equal(tail.body.errorNum, 9);
  });

  it('answers unknown commands, wrong methods and extra suffixes as RestReplicationHandler', async () => {
    assert.deepEqual((await call('GET', '/_api/replication/nope')).body, { error: true, code: 400, errorNum: 400, errorMessage: "invalid command 'nope'" });
    assert.deepEqual((await call('POST', '/_api/replication/logger-state')).body, { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
    assert.deepEqual((await call('GET', '/_api/replication')).body, { error: true, code: 400, errorNum: 601, errorMessage: 'expecting URL /_api/replication/<command>' });
    assert.deepEqual((await call('POST', '/_api/replication/server-id/x')).body, { error: true, code: 400, errorNum: 601, errorMessage: 'expecting URL /_api/replication/<command>' });
    assert.deepEqual((await call('GET', '/_api/replication/clusterInventory')).body, { error: true, code: 403, errorNum: 1471, errorMessage: 'this operation is only valid on a coordinator in a cluster' });
    assert.deepEqual((await call('PUT', '/_api/replication/addFollower')).body, { error: true, code: 403, errorNum: 1477, errorMessage: 'this operation is only valid on a DBserver in a cluster' });
    assert.equal((await call('GET', '/_api/replication/revisions')).status, 405);
    assert.equal((await call('GET', '/_api/replication/logger-follow')).status, 501);
  });

  it('answers PUT /_admin/wal/flush with {} (every acknowledged write is already in the file)', async () => {
    const r = await call('PUT', '/_admin/wal/flush?waitForSync=true&waitForCollector=true');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
  });

  it('answers determine-open-transactions and barrier as the RocksDB engine does', async () => {
    const r = await call('GET', '/_api/replication/determine-open-transactions');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, []);
    assert.equal(r.headers['content-type'], 'application/x-arango-dump');
    assert.equal(r.headers['x-arango-replication-frompresent'], 'true');
    assert.equal(r.headers['x-arango-replication-lasttick'], '0');
    const b = await call('POST', '/_api/replication/barrier');
    assert.match(b.body.id, /^\d+$/);
    assert.equal((await call('PUT', `/_api/replication/barrier/${b.body.id}`)).status, 204);
    assert.equal((await call('DELETE', `/_api/replication/barrier/${b.body.id}`)).status, 204);
  });
});

describe('replication server id across restarts', () => {
  it('keeps the server id of a data directory', async () => {
    const dir = tempDir();
    try {
      const a = await startServer([], { dir });
      const id1 = JSON.parse((await a.request({ method: 'GET', url: '/_api/replication/server-id' })).body).serverId as string;
      await a.close();
      const b = await startServer([], { dir });
      const id2 = JSON.parse((await b.request({ method: 'GET', url: '/_api/replication/server-id' })).body).serverId as string;
      await b.close();
      assert.match(id1, /^[1-9]\d*$/);
      assert.equal(id2, id1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replication dump batches', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  const clock = new ManualClock();
  before(async () => {
    s = await startServer([], { clock });
    call = client(s);
    await call('POST', '/_api/collection', { name: 'docs' });
    await call('POST', '/_api/collection', { name: 'links', type: 3 });
    await call('POST', '/_api/index?collection=docs', { type: 'persistent', fields: ['n'], name: 'byN' });
    const batch = [];
    for (let i = 0; i < 200; i++) batch.push({ _key: `k${String(i).padStart(3, '0')}`, n: i, pad: 'x'.repeat(i % 17) });
    assert.equal((await call('POST', '/_api/document/docs', batch)).status, 202);
    await call('POST', '/_api/document/links', { _key: 'e1', _from: 'docs/k000', _to: 'docs/k001', w: 1 });
  });
  after(async () => {
    await s.close();
  });

  const createBatch = async (ttl = 300): Promise<string> => {
    const r = await call('POST', '/_api/replication/batch', { ttl });
    assert.equal(r.status, 200);
    return r.body.id as string;
  };

  /** Dumps `col` in batch `id` as arangodump does, until checkmore is false; the chunks' documents and headers. */
  const dumpAll = async (id: string, col: string, chunkSize: number, between?: (i: number) => Promise<void>) => {
    const docs: Record<string, unknown>[] = [];
    const included: string[] = [];
    for (let i = 0; ; i++) {
      const r = await call('GET', `/_api/replication/dump?collection=${col}&batchId=${id}&chunkSize=${chunkSize}&useEnvelope=false`);
      assert.ok(r.status === 200 || r.status === 204, r.text);
      assert.equal(r.headers['content-type'], 'application/x-arango-dump');
      docs.push(...lines(r.text));
      included.push(String(r.headers['x-arango-replication-lastincluded']));
      if (r.headers['x-arango-replication-checkmore'] !== 'true') break;
      await between?.(i);
    }
    return { docs, included };
  };

  it('creates a batch with its id and the snapshot tick, extends and deletes it', async () => {
    const state = (await call('GET', '/_api/replication/logger-state')).body.state;
    const r = await call('POST', '/_api/replication/batch', { ttl: 30 });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['id', 'lastTick']);
    assert.match(r.body.id, /^\d+$/);
    assert.equal(r.body.lastTick, state.lastLogTick);
    const put = await call('PUT', `/_api/replication/batch/${r.body.id}`, { ttl: 60 });
    assert.equal(put.status, 204);
    assert.equal(put.text, '');
    assert.equal((await call('DELETE', `/_api/replication/batch/${r.body.id}`)).status, 204);
    assert.deepEqual((await call('DELETE', `/_api/replication/batch/${r.body.id}`)).body, { error: true, code: 404, errorNum: 1600, errorMessage: 'cursor not found' });
    assert.deepEqual((await call('PUT', `/_api/replication/batch/${r.body.id}`, { ttl: 5 })).body, { error: true, code: 404, errorNum: 1600, errorMessage: 'cursor not found' });
  });

  it('answers a batch request without an object body, or without an id, as ArangoDB', async () => {
    assert.deepEqual((await call('POST', '/_api/replication/batch', [1])).body, { error: true, code: 400, errorNum: 400, errorMessage: 'invalid JSON' });
    assert.deepEqual((await call('PUT', '/_api/replication/batch', {})).body, { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
    assert.deepEqual((await call('GET', '/_api/replication/batch')).body, { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
  });

  it('with ?state=true adds the logger state of the snapshot', async () => {
    const r = await call('POST', '/_api/replication/batch?state=true', {});
    assert.deepEqual(Object.keys(r.body), ['id', 'lastTick', 'state']);
    assert.deepEqual(Object.keys(r.body.state), ['state', 'server', 'clients']);
    assert.equal(r.body.state.state.lastLogTick, r.body.lastTick);
    assert.equal(r.body.state.state.lastUncommittedLogTick, r.body.lastTick);
    assert.equal(r.body.state.server.engine, 'lmdb');
    await call('DELETE', `/_api/replication/batch/${r.body.id}`);
  });

  it('expires a batch after its ttl, and an extension moves the expiry', async () => {
    const id = await createBatch(10);
    clock.advance(9000);
    assert.equal((await call('PUT', `/_api/replication/batch/${id}`, { ttl: 10 })).status, 204);
    clock.advance(9000);
    assert.equal((await call('GET', `/_api/replication/dump?collection=docs&batchId=${id}&chunkSize=1`)).status, 200);
    clock.advance(10001);
    assert.deepEqual((await call('GET', `/_api/replication/dump?collection=docs&batchId=${id}`)).body, {
      error: true,
      code: 404,
      errorNum: 400,
      errorMessage: 'replication dump - unable to find context (it could be expired)',
    });
    assert.equal(s.server.services.dumpBatches.size, 0);
  });

  it('dumps exactly the snapshot while documents are inserted, updated and removed', async () => {
    const before = (await call('POST', '/_api/cursor', { query: 'FOR d IN docs RETURN d', batchSize: 1000 })).body.result as Record<string, unknown>[];
    const id = await createBatch();
    let n = 0;
    const writes = async (i: number): Promise<void> => {
      // between every two chunks: a new document, a changed one, a removed one, and an
      // index-visible change, none of which the dump may show
      await call('POST', '/_api/document/docs', { _key: `new${i}`, n: 1000 + i });
      await call('PATCH', `/_api/document/docs/k${String(199 - i).padStart(3, '0')}`, { n: -1, changed: true });
      await call('DELETE', `/_api/document/docs/k${String(i).padStart(3, '0')}`);
      n++;
    };
    const { docs, included } = await dumpAll(id, 'docs', 700, writes);
    assert.ok(n >= 5, `only ${n} chunks`);
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a._key).localeCompare(String(b._key));
    assert.deepEqual([...docs].sort(byKey), [...before].sort(byKey));
    // lastincluded grows with every chunk that left more (arangodump stops when it does not)
    const ticks = included.map(Number);
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! > ticks[i - 1]! || i === ticks.length - 1, String(included));
    // a new batch sees the writes
    const id2 = await createBatch();
    const after = await dumpAll(id2, 'docs', 1 << 20);
    assert.equal(after.docs.length, 200);
    assert.ok(after.docs.some((d) => d._key === 'new0'));
    assert.ok(!after.docs.some((d) => d._key === 'k000'));
    await call('DELETE', `/_api/replication/batch/${id}`);
    await call('DELETE', `/_api/replication/batch/${id2}`);
  });

  it('does not show a truncate or drop made after the batch started', async () => {
    await call('POST', '/_api/collection', { name: 'gone' });
    await call('POST', '/_api/document/gone', [{ _key: 'a' }, { _key: 'b' }]);
    await call('POST', '/_api/collection', { name: 'cut' });
    await call('POST', '/_api/document/cut', [{ _key: 'a' }, { _key: 'b' }, { _key: 'c' }]);
    const id = await createBatch();
    await call('PUT', '/_api/collection/cut/truncate');
    assert.deepEqual((await dumpAll(id, 'cut', 1 << 20)).docs.map((d) => d._key), ['a', 'b', 'c']);
    await call('DELETE', '/_api/collection/gone');
    // the collection is resolved by name now (ArangoDB's normalizeIdentifier): a dropped one is unknown
    assert.equal((await call('GET', `/_api/replication/dump?collection=gone&batchId=${id}`)).status, 400);
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('writes each document with an envelope by default, edges with _from and _to, as stored', async () => {
    const id = await createBatch();
    const r = await call('GET', `/_api/replication/dump?collection=links&batchId=${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-arango-replication-checkmore'], 'false');
    assert.equal(r.headers['x-arango-replication-lastincluded'], '1');
    const [line] = lines(r.text);
    const stored = (await call('GET', '/_api/document/links/e1')).body;
    assert.deepEqual(line, { type: 2300, data: stored });
    assert.deepEqual(Object.keys((line as { data: object }).data), ['_key', '_id', '_from', '_to', '_rev', 'w']);
    assert.ok(r.text.endsWith('}\n'));
    // the collection is exhausted: the next call is empty
    const again = await call('GET', `/_api/replication/dump?collection=links&batchId=${id}`);
    assert.equal(again.status, 204);
    assert.equal(again.text, '');
    assert.equal(again.headers['x-arango-replication-checkmore'], 'false');
    assert.equal(again.headers['x-arango-replication-lastincluded'], '0');
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('puts at least one document in a chunk, and none with chunkSize=0', async () => {
    const id = await createBatch();
    const one = await call('GET', `/_api/replication/dump?collection=docs&batchId=${id}&chunkSize=1&useEnvelope=false`);
    assert.equal(lines(one.text).length, 1);
    assert.equal(one.headers['x-arango-replication-checkmore'], 'true');
    assert.equal(one.headers['x-arango-replication-lastincluded'], '2');
    const none = await call('GET', `/_api/replication/dump?collection=docs&batchId=${id}&chunkSize=0`);
    assert.equal(none.status, 204);
    assert.equal(none.headers['x-arango-replication-checkmore'], 'true');
    assert.equal(none.headers['x-arango-replication-lastincluded'], '0');
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('answers dump requests missing a collection or batch, or naming unknown ones, as ArangoDB', async () => {
    const id = await createBatch();
    assert.deepEqual((await call('GET', `/_api/replication/dump?batchId=${id}`)).body, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' });
    assert.deepEqual((await call('GET', '/_api/replication/dump?collection=docs')).body, { error: true, code: 404, errorNum: 400, errorMessage: 'replication dump - request misses batchId' });
    assert.deepEqual((await call('GET', '/_api/replication/dump?collection=docs&batchId=1')).body, {
      error: true,
      code: 404,
      errorNum: 400,
      errorMessage: 'replication dump - unable to find context (it could be expired)',
    });
    assert.deepEqual((await call('GET', `/_api/replication/dump?collection=nope&batchId=${id}`)).body, { error: true, code: 400, errorNum: 400, errorMessage: 'replication dump - bad parameter' });
    assert.equal((await call('POST', `/_api/replication/dump?collection=docs&batchId=${id}`)).status, 405);
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('lists the inventory: collections by name with parameters and indexes, views, the snapshot state and a tick', async () => {
    await call('POST', '/_api/view', { name: 'v1', type: 'arangosearch' });
    const id = await createBatch();
    const r = await call('GET', `/_api/replication/inventory?batchId=${id}&includeSystem=false`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['collections', 'views', 'state', 'tick']);
    const names = r.body.collections.map((c: { parameters: { name: string } }) => c.parameters.name);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('docs') && names.includes('links'));
    assert.ok(!names.some((n: string) => n.startsWith('_')));
    const docs = r.body.collections.find((c: { parameters: { name: string } }) => c.parameters.name === 'docs');
    assert.deepEqual(Object.keys(docs), ['indexes', 'parameters']);
    const props = (await call('GET', '/_api/collection/docs/properties')).body;
    for (const k of ['id', 'name', 'type', 'waitForSync', 'keyOptions', 'globallyUniqueId', 'isSystem', 'schema', 'computedValues', 'cacheEnabled']) assert.deepEqual(docs.parameters[k], props[k], k);
    assert.equal(docs.parameters.deleted, false);
    assert.equal(docs.parameters.cid, props.id);
    assert.equal(docs.parameters.version, 7);
    assert.ok(!('objectId' in docs.parameters) && !('statusString' in docs.parameters));
    assert.equal(docs.indexes.length, 1);
    const ix = (await call('GET', '/_api/index?collection=docs')).body.indexes.find((i: { name: string }) => i.name === 'byN');
    assert.deepEqual(docs.indexes[0], { ...ix, id: ix.id.split('/')[1] });
    assert.deepEqual(r.body.views.map((v: { name: string }) => v.name), ['v1']);
    assert.deepEqual(r.body.state.running, true);
    const batchTick = (await call('PUT', `/_api/replication/batch/${id}`, {})).status;
    assert.equal(batchTick, 204);
    assert.match(r.body.tick, /^\d+$/);
    const withSystem = await call('GET', `/_api/replication/inventory?batchId=${id}`);
    const sysNames = withSystem.body.collections.map((c: { parameters: { name: string } }) => c.parameters.name);
    assert.ok(sysNames.includes('_users') && sysNames.includes('_graphs'));
    assert.ok(!sysNames.some((n: string) => n.startsWith('_statistics') || n === '_jobs' || n === '_queues'));
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('reports the batch snapshot tick in the inventory state', async () => {
    const created = (await call('POST', '/_api/replication/batch', {})).body;
    await call('POST', '/_api/document/docs', { _key: 'tickmover' });
    const inv = (await call('GET', `/_api/replication/inventory?batchId=${created.id}&includeSystem=false`)).body;
    assert.equal(inv.state.lastLogTick, created.lastTick);
    assert.equal(inv.state.lastUncommittedLogTick, created.lastTick);
    assert.ok(Number(inv.tick) > Number(created.lastTick));
    await call('DELETE', `/_api/replication/batch/${created.id}`);
  });

  it('gives the global inventory by database, and errors for a missing or unknown batch', async () => {
    await call('POST', '/_api/database', { name: 'other' });
    const id = await createBatch();
    const g = await call('GET', `/_api/replication/inventory?batchId=${id}&global=true&includeSystem=false`);
    assert.deepEqual(Object.keys(g.body), ['databases', 'state', 'tick']);
    assert.deepEqual(Object.keys(g.body.databases), ['_system', 'other']);
    assert.deepEqual(Object.keys(g.body.databases.other), ['collections', 'views', 'properties']);
    assert.deepEqual(g.body.databases.other.collections, []);
    assert.deepEqual((await call('GET', '/_api/replication/inventory')).body, { error: true, code: 404, errorNum: 1600, errorMessage: 'batchId not specified' });
    assert.deepEqual((await call('GET', '/_api/replication/inventory?batchId=7')).body, { error: true, code: 404, errorNum: 1600, errorMessage: 'context was not found' });
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('shows a user only the collections it may read, and refuses to dump the others', async () => {
    await call('POST', '/_api/user', { user: 'dumper', passwd: 'pw' });
    await call('PUT', '/_api/user/dumper/database/_system', { grant: 'ro' });
    await call('PUT', '/_api/user/dumper/database/_system/docs', { grant: 'none' });
    const id = (await call('POST', '/_api/replication/batch', {}, basic('dumper'))).body.id as string;
    const inv = await call('GET', `/_api/replication/inventory?batchId=${id}&includeSystem=false`, undefined, basic('dumper'));
    const names = inv.body.collections.map((c: { parameters: { name: string } }) => c.parameters.name);
    assert.ok(names.includes('links') && !names.includes('docs'));
    assert.deepEqual((await call('GET', `/_api/replication/dump?collection=docs&batchId=${id}`, undefined, basic('dumper'))).body, { error: true, code: 403, errorNum: 11, errorMessage: 'forbidden' });
    assert.equal((await call('GET', `/_api/replication/dump?collection=links&batchId=${id}`, undefined, basic('dumper'))).status, 200);
    // the global inventory leaves out databases the user cannot read
    await call('POST', '/_api/database', { name: 'hidden' });
    await call('PUT', '/_api/user/dumper/database/hidden', { grant: 'none' });
    const g = await call('GET', `/_api/replication/inventory?batchId=${id}&global=true`, undefined, basic('dumper'));
    assert.ok('_system' in g.body.databases && !('hidden' in g.body.databases));
    await call('DELETE', `/_api/replication/batch/${id}`);
  });

  it('closes an abandoned batch snapshot when its ttl runs out, without another request', async () => {
    const t = await startServer();
    try {
      const r = await t.request({ method: 'POST', url: '/_api/replication/batch', body: { ttl: 0.05 } });
      assert.equal(r.statusCode, 200);
      assert.equal(t.server.services.dumpBatches.held, 1);
      await new Promise((res) => setTimeout(res, 250));
      assert.equal(t.server.services.dumpBatches.held, 0);
    } finally {
      await t.close();
    }
  });

  it('closes every batch snapshot when the server closes', async () => {
    const t = await startServer();
    await t.request({ method: 'POST', url: '/_api/replication/batch', body: {} });
    assert.equal(t.server.services.dumpBatches.size, 1);
    await t.close();
    assert.equal(t.server.services.dumpBatches.size, 0);
  });
});

describe('replication applier', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  const dir = tempDir();
  before(async () => {
    s = await startServer([], { dir });
    call = client(s);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const DEFAULTS = {
    requestTimeout: 600,
    connectTimeout: 10,
    ignoreErrors: 0,
    maxConnectRetries: 100,
    lockTimeoutRetries: 0,
    sslProtocol: 0,
    chunkSize: 0,
    skipCreateDrop: false,
    autoStart: false,
    adaptivePolling: true,
    autoResync: false,
    autoResyncRetries: 2,
    maxPacketSize: 536870912,
    includeSystem: true,
    includeFoxxQueues: false,
    requireFromPresent: true,
    verbose: false,
    incremental: false,
    restrictType: '',
    restrictCollections: [],
    connectionRetryWaitTime: 15,
    initialSyncMaxWaitTime: 300,
    idleMinWaitTime: 1,
    idleMaxWaitTime: 2.5,
  };

  it("answers the default configuration, in ReplicationApplierConfiguration's order", async () => {
    const r = await call('GET', '/_api/replication/applier-config');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, DEFAULTS);
    assert.deepEqual(Object.keys(r.body), Object.keys(DEFAULTS));
  });

  it('refuses a configuration without an endpoint, or with restrictions that do not fit together', async () => {
    assert.deepEqual((await call('PUT', '/_api/replication/applier-config', { verbose: true })).body, { error: true, code: 400, errorNum: 1410, errorMessage: 'invalid value for <endpoint>' });
    assert.deepEqual((await call('PUT', '/_api/replication/applier-config', { endpoint: 'tcp://h:1', restrictType: 'include' })).body, {
      error: true,
      code: 400,
      errorNum: 1410,
      errorMessage: 'invalid value for <restrictCollections> or <restrictType>',
    });
    assert.deepEqual((await call('PUT', '/_api/replication/applier-config', { endpoint: 'tcp://h:1', restrictType: 'maybe' })).body, { error: true, code: 400, errorNum: 1410, errorMessage: 'invalid value for <restrictType>' });
    assert.deepEqual((await call('GET', '/_api/replication/applier-config')).body, DEFAULTS);
  });

  it('stores a configuration (never showing the password), keeps it across restarts, and forgets it with the state', async () => {
    const r = await call('PUT', '/_api/replication/applier-config', { endpoint: 'tcp://leader:8529', username: 'root', password: 'secret', maxConnectRetries: 7, idleMaxWaitTime: 4, restrictType: 'exclude', restrictCollections: ['b', 'a', 'b'], ignoreErrors: true, chunkSize: 'x' });
    assert.equal(r.status, 200);
    const expected = { endpoint: 'tcp://leader:8529', database: '_system', username: 'root', ...DEFAULTS, maxConnectRetries: 7, idleMaxWaitTime: 4, restrictType: 'exclude', restrictCollections: ['a', 'b'], ignoreErrors: Number.MAX_SAFE_INTEGER };
    assert.deepEqual(r.body, expected);
    assert.ok(!r.text.includes('secret'));
    await s.close();
    s = await startServer([], { dir });
    call = client(s);
    assert.deepEqual((await call('GET', '/_api/replication/applier-config')).body, expected);
    const state = await call('GET', '/_api/replication/applier-state');
    assert.equal(state.body.endpoint, 'tcp://leader:8529');
    assert.equal(state.body.database, '_system');
    const del = await call('DELETE', '/_api/replication/applier-state');
    assert.equal(del.status, 200);
    assert.ok(!('endpoint' in del.body));
    assert.deepEqual((await call('GET', '/_api/replication/applier-config')).body, DEFAULTS);
  });

  it('answers the state of an applier that never ran, and stopping it answers the same', async () => {
    const r = await call('GET', '/_api/replication/applier-state');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['state', 'server']);
    const { time, ...rest } = r.body.state;
    assert.match(time, TIME);
    assert.deepEqual(rest, {
      started: '',
      running: false,
      phase: 'inactive',
      lastAppliedContinuousTick: null,
      lastProcessedContinuousTick: null,
      lastAvailableContinuousTick: null,
      safeResumeTick: null,
      progress: { time: '', failedConnects: 0 },
      totalRequests: 0,
      totalFailedConnects: 0,
      totalEvents: 0,
      totalDocuments: 0,
      totalRemovals: 0,
      totalResyncs: 0,
      totalOperationsExcluded: 0,
      totalApplyTime: 0,
      averageApplyTime: 0,
      totalFetchTime: 0,
      averageFetchTime: 0,
      lastError: { errorNum: 0 },
    });
    assert.deepEqual(r.body.server, { version: '3.12.0', serverId: (await call('GET', '/_api/replication/server-id')).body.serverId });
    const stop = await call('PUT', '/_api/replication/applier-stop');
    assert.equal(stop.status, 200);
    assert.deepEqual(stop.body.state.phase, 'inactive');
    const all = await call('GET', '/_api/replication/applier-state-all');
    assert.deepEqual(Object.keys(all.body), ['_system']);
    // without an endpoint the configuration is invalid; with one, Cairn still cannot follow
    assert.deepEqual((await call('PUT', '/_api/replication/applier-start')).body, { error: true, code: 400, errorNum: 1410, errorMessage: 'invalid value for <endpoint>' });
    await call('PUT', '/_api/replication/applier-config', { endpoint: 'tcp://leader:1' });
    const start = await call('PUT', '/_api/replication/applier-start');
    assert.equal(start.status, 501);
    assert.equal(start.body.errorNum, 9);
    await call('DELETE', '/_api/replication/applier-state');
  });

  it('keeps the global applier apart and serves it from _system only', async () => {
    await call('POST', '/_api/database', { name: 'side' });
    assert.equal((await call('PUT', '/_api/replication/applier-config?global=true', { endpoint: 'tcp://g:1' })).body.endpoint, 'tcp://g:1');
    assert.equal((await call('GET', '/_api/replication/applier-config?global=true')).body.endpoint, 'tcp://g:1');
    assert.ok(!('endpoint' in (await call('GET', '/_api/replication/applier-config')).body));
    assert.deepEqual((await call('GET', '/_db/side/_api/replication/applier-config?global=true')).body, {
      error: true,
      code: 501,
      errorNum: 9,
      errorMessage: 'global inventory can only be created from within _system database',
    });
    const side = await call('PUT', '/_db/side/_api/replication/applier-config', { endpoint: 'tcp://s:1' });
    assert.equal(side.body.database, 'side');
  });
});
