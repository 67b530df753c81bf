// ArangoDB's own tests of the replication API (its arangosh port of api-replication-spec,
// tests/js/client/shell/api, 2014-2024 BSL header: the suites dealing_with_the_loggerSuite,
// dealing_with_batches_and_logger_stateSuite, dealing_with_the_initial_dump_interfaceSuite,
// dealing_with_the_logger_Suite and dealing_with_the_initial_dumSuite), replayed as HTTP
// requests; plus the applier suite of the file's 2018 revision. Test names are
// "<suite> <case>". "[port variant]" marks an assertion changed: ArangoDB names its engine
// "rocksdb" where Cairn answers what its /_api/engine says, "lmdb".
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';

const API = '/_api/replication';
const DUMP = 'application/x-arango-dump';
const TIME = /^[0-9]+-[0-9]+-[0-9]+T[0-9]+:[0-9]+:[0-9]+Z$/;
const DIGITS = /^[0-9]+$/;

interface Res {
  code: number;
  parsedBody: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  body: string;
  headers: Record<string, unknown>;
}

function arango(s: TestServer) {
  return async (method: string, url: string, body?: unknown): Promise<Res> => {
    const r = await s.request({ method, url, body: typeof body === 'string' ? undefined : body, rawBody: typeof body === 'string' && body !== '' ? body : undefined });
    let parsed: unknown;
    try {
      parsed = r.body === '' ? undefined : JSON.parse(r.body);
    } catch {
      parsed = undefined;
    }
    return { code: r.statusCode, parsedBody: parsed, body: r.body, headers: r.headers };
  };
}

/** The lines of a dump body, parsed (the upstream loops over body.search("\n")). */
const lines = (body: string): Record<string, any>[] => body.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l)); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The suites' shared steps, over database prefix `db` ('' for _system). */
function steps(call: ReturnType<typeof arango>, db: string) {
  const create = async (name: string, opts: Record<string, unknown> = {}) => (await call('POST', `${db}/_api/collection`, { name, ...opts })).parsedBody.id as string;
  const drop = async (name: string) => void (await call('DELETE', `${db}/_api/collection/${name}`));
  const insert = async (col: string, body: Record<string, unknown>) => assert.equal((await call('POST', `${db}/_api/document?collection=${col}`, body)).code, 202);
  const flush = async () => assert.equal((await call('PUT', '/_admin/wal/flush?waitForSync=true&waitForCollector=true', '')).code, 200);
  const newBatch = async () => {
    const doc = await call('POST', `${db}${API}/batch`, '{}');
    assert.equal(doc.code, 200);
    assert.match(doc.parsedBody.id, DIGITS);
    return doc.parsedBody.id as string;
  };
  return { create, drop, insert, flush, newBatch };
}

function checkInventoryState(all: Record<string, any>): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.ok('collections' in all);
  assert.ok('state' in all);
  assert.equal(all.state.running, true);
  assert.match(all.state.lastLogTick, DIGITS);
  assert.match(all.state.time, TIME);
}

const ours = (all: { collections: { parameters: { name: string } }[] }) =>
  all.collections.filter((c) => ['UnitTestsReplication', 'UnitTestsReplication2'].includes(c.parameters.name));

function checkParameters(p: Record<string, unknown>, name: string, type: number, cid: string, waitForSync: boolean): void {
  assert.ok('version' in p);
  assert.equal(typeof p.version, 'number');
  assert.equal(typeof p.type, 'number');
  assert.equal(p.type, type);
  assert.equal(p.cid, cid);
  assert.equal(typeof p.cid, 'string');
  assert.equal(p.deleted, false);
  assert.equal(p.name, name);
  assert.equal(p.waitForSync, waitForSync);
}

/**
 * The two suites over the initial dump interface, the first in _system, the second in
 * UnitTestDB (upstream switches the connection's database and keeps the batch it created
 * in _system until a test makes a new one).
 */
function dumpInterfaceSuite(suite: string, n: 1 | 2): void {
  describe(`api-replication ${suite}`, () => {
    let s: TestServer;
    let call: ReturnType<typeof arango>;
    let batchId: string;
    const db = n === 1 ? '' : '/_db/UnitTestDB';
    let st: ReturnType<typeof steps>;
    before(async () => {
      s = await startServer();
      call = arango(s);
      st = steps(call, db);
    });
    after(async () => {
      await s.close();
    });
    beforeEach(async () => {
      if (n === 2) await call('POST', '/_api/database', { name: 'UnitTestDB' });
      else {
        await st.drop('UnitTestsReplication');
        await st.drop('UnitTestsReplication2');
      }
      // the batch is created in _system, before the test switches databases
      batchId = await steps(call, '').newBatch();
    });
    afterEach(async () => {
      await call('DELETE', `${API}/batch/${batchId}`, '');
      if (n === 2) await call('DELETE', '/_api/database/UnitTestDB');
      else {
        await st.drop('UnitTestsReplication');
        await st.drop('UnitTestsReplication2');
      }
    });

    it(`${suite} test_checks_the_initial_inventory_${n}`, async () => {
      const doc = await call('GET', `${db}${API}/inventory?includeSystem=false&batchId=${batchId}`);
      assert.equal(doc.code, 200);
      checkInventoryState(doc.parsedBody);
      assert.deepEqual(ours(doc.parsedBody), []);
    });

    it(`${suite} test_checks_the_initial_inventory_for_non_system_collections_${n}`, async () => {
      const doc = await call('GET', `${db}${API}/inventory?includeSystem=false&batchId=${batchId}`);
      assert.equal(doc.code, 200);
      for (const c of doc.parsedBody.collections) assert.doesNotMatch(c.parameters.name, /^_/);
    });

    it(`${suite} test_checks_the_initial_inventory_for_system_collections${n === 2 ? '_2' : ''}`, async () => {
      const doc = await call('GET', `${db}${API}/inventory?includeSystem=true&batchId=${batchId}`);
      assert.equal(doc.code, 200);
      assert.notEqual(doc.parsedBody.collections.filter((c: { parameters: { name: string } }) => /^_/.test(c.parameters.name)).length, 0);
    });

    it(`${suite} test_checks_the_inventory_after_creating_collections_${n}`, async () => {
      const cid = await st.create('UnitTestsReplication');
      const cid2 = await st.create('UnitTestsReplication2', { type: 3, waitForSync: true });
      const doc = await call('GET', `${db}${API}/inventory?includeSystem=false&batchId=${batchId}`);
      assert.equal(doc.code, 200);
      checkInventoryState(doc.parsedBody);
      const filtered = ours(doc.parsedBody) as unknown as { parameters: Record<string, unknown>; indexes: unknown[] }[];
      assert.equal(filtered.length, 2);
      checkParameters(filtered[0]!.parameters, 'UnitTestsReplication', 2, cid, false);
      assert.deepEqual(filtered[0]!.indexes, []);
      checkParameters(filtered[1]!.parameters, 'UnitTestsReplication2', 3, cid2, true);
      assert.deepEqual(filtered[1]!.indexes, []);
    });

    it(`${suite} test_checks_the_inventory_with_indexes_${n}`, async () => {
      const cid = await st.create('UnitTestsReplication');
      const cid2 = await st.create('UnitTestsReplication2');
      const idx = async (col: string, body: unknown) => assert.equal((await call('POST', `${db}/_api/index?collection=${col}`, body)).code, 201);
      await idx('UnitTestsReplication', { type: 'persistent', unique: false, fields: ['a', 'b'] });
      await idx('UnitTestsReplication', { type: 'persistent', unique: false, fields: ['c'] });
      if (n === 2) await idx('UnitTestsReplication2', { type: 'geo', unique: false, fields: ['a', 'b'] });
      await idx('UnitTestsReplication2', { type: 'persistent', unique: true, fields: ['d'] });
      const doc = await call('GET', `${db}${API}/inventory?batchId=${batchId}`);
      assert.equal(doc.code, 200);
      checkInventoryState(doc.parsedBody);
      const filtered = ours(doc.parsedBody) as unknown as { parameters: Record<string, unknown>; indexes: Record<string, unknown>[] }[];
      assert.equal(filtered.length, 2);
      checkParameters(filtered[0]!.parameters, 'UnitTestsReplication', 2, cid, false);
      const ix1 = filtered[0]!.indexes;
      assert.equal(ix1.length, 2);
      assert.match(ix1[0]!.id as string, DIGITS);
      assert.equal(ix1[0]!.type, 'persistent');
      assert.equal(ix1[0]!.unique, false);
      assert.deepEqual(ix1[0]!.fields, ['a', 'b']);
      assert.match(ix1[1]!.id as string, DIGITS);
      assert.equal(ix1[1]!.type, 'persistent');
      assert.equal(ix1[1]!.unique, false);
      assert.deepEqual(ix1[1]!.fields, ['c']);
      checkParameters(filtered[1]!.parameters, 'UnitTestsReplication2', 2, cid2, false);
      const ix2 = filtered[1]!.indexes;
      let i = 0;
      if (n === 2) {
        assert.equal(ix2.length, 2);
        assert.match(ix2[0]!.id as string, DIGITS);
        assert.equal(ix2[0]!.type, 'geo');
        assert.equal(ix2[0]!.unique, false);
        assert.deepEqual(ix2[0]!.fields, ['a', 'b']);
        i = 1;
      } else assert.equal(ix2.length, 1);
      assert.match(ix2[i]!.id as string, DIGITS);
      assert.equal(ix2[i]!.type, 'persistent');
      assert.equal(ix2[i]!.unique, true);
      assert.deepEqual(ix2[i]!.fields, ['d']);
    });

    const emptyDump = (doc: Res) => {
      assert.equal(doc.code, 204);
      assert.equal(doc.headers['x-arango-replication-checkmore'], 'false');
      assert.equal(doc.headers['x-arango-replication-lastincluded'], '0');
      assert.equal(doc.headers['content-type'], DUMP);
    };
    const fullDump = (doc: Res, checkmore: 'true' | 'false') => {
      assert.equal(doc.code, 200);
      assert.equal(doc.headers['x-arango-replication-checkmore'], checkmore);
      assert.match(doc.headers['x-arango-replication-lastincluded'] as string, DIGITS);
      assert.notEqual(doc.headers['x-arango-replication-lastincluded'], '0');
      assert.equal(doc.headers['content-type'], DUMP);
    };
    const fill = async (n100: number) => {
      await st.create('UnitTestsReplication');
      for (let i = 0; i < n100; i++) await st.insert('UnitTestsReplication', { _key: `test${i}`, test: `${i}` });
    };
    const fillEdges = async () => {
      await st.create('UnitTestsReplication');
      await st.create('UnitTestsReplication2', { type: 3 });
      for (let i = 0; i < 100; i++) await st.insert('UnitTestsReplication2', { _key: `test${i}`, _from: 'UnitTestsReplication/foo', _to: 'UnitTestsReplication/bar', test1: `${i}`, test2: false, test3: [], test4: {} });
    };
    const renew = async () => {
      await call('DELETE', `${API}/batch/${batchId}`, '');
      batchId = await st.newBatch();
    };
    const checkDoc = (d: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(d.type, 2300);
      assert.match(d.data._key, /^test[0-9]+$/);
      assert.match(d.data._rev, /^[a-zA-Z0-9_-]+$/);
      assert.ok('test' in d.data);
    };
    const checkEdge = (d: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(d.type, 2300);
      assert.match(d.data._key, /^test[0-9]+$/);
      assert.match(d.data._rev, /^[a-zA-Z0-9_-]+$/);
      assert.equal(d.data._from, 'UnitTestsReplication/foo');
      assert.equal(d.data._to, 'UnitTestsReplication/bar');
      assert.ok('test1' in d.data);
      assert.equal(d.data.test2, false);
      assert.deepEqual(d.data.test3, []);
      assert.deepEqual(d.data.test4, {});
    };

    it(`${suite} test_checks_the_dump_for_an_empty_collection_${n}`, async () => {
      await st.create('UnitTestsReplication');
      await st.flush();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}`);
      emptyDump(doc);
      assert.equal(doc.body, '');
    });

    it(`${suite} test_checks_the_dump_for_a_non_empty_collection_${n}`, async () => {
      await fill(100);
      await renew();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}`);
      fullDump(doc, 'false');
      const docs = lines(doc.body);
      for (const d of docs) {
        assert.ok('type' in d && 'data' in d && !('_key' in d));
        checkDoc(d);
      }
      assert.equal(docs.length, 100);
    });

    if (n === 1) {
      it(`${suite} test_checks_the_dump_for_a_non_empty_collection__no_envelopes`, async () => {
        await fill(100);
        await renew();
        const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}&useEnvelope=false`);
        fullDump(doc, 'false');
        const docs = lines(doc.body);
        for (const d of docs) {
          assert.ok(!('type' in d) && !('data' in d) && '_key' in d);
          assert.match(d._key, /^test[0-9]+$/);
          assert.match(d._rev, /^[a-zA-Z0-9_-]+$/);
          assert.ok('test' in d);
        }
        assert.equal(docs.length, 100);
      });
    }

    it(`${suite} test_checks_the_dump_for_a_non_empty_collection__small_chunkSize_${n}`, async () => {
      await fill(100);
      await st.flush();
      await renew();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&chunkSize=1024&batchId=${batchId}`);
      fullDump(doc, 'true');
      const docs = lines(doc.body);
      docs.forEach(checkDoc);
      assert.ok(docs.length < 100);
    });

    it(`${suite} test_checks_the_dump_for_an_edge_collection_${n}`, async () => {
      await fillEdges();
      await st.flush();
      await renew();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication2&chunkSize=65536&batchId=${batchId}`);
      fullDump(doc, 'false');
      const docs = lines(doc.body);
      docs.forEach(checkEdge);
      assert.equal(docs.length, 100);
    });

    it(`${suite} test_checks_the_dump_for_an_edge_collection__small_chunkSize_${n}`, async () => {
      await fillEdges();
      await st.flush();
      await renew();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication2&chunkSize=1024&batchId=${batchId}`);
      fullDump(doc, 'true');
      const docs = lines(doc.body);
      docs.forEach(checkEdge);
      assert.ok(docs.length < 100);
    });

    it(`${suite} test_checks_the_dump_for_a_collection_with_deleted_documents_${n}`, async () => {
      await st.create('UnitTestsReplication');
      await st.flush();
      for (let i = 0; i < (n === 1 ? 100 : 10); i++) {
        await st.insert('UnitTestsReplication', { _key: `test${i}`, test: `${i}` });
        assert.equal((await call('DELETE', `${db}/_api/document/UnitTestsReplication/test${i}`)).code, 202);
      }
      await st.flush();
      await renew();
      emptyDump(await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}`));
    });

    it(`${suite} test_checks_the_dump_for_a_truncated_collection_${n}`, async () => {
      await fill(10);
      assert.equal((await call('PUT', `${db}/_api/collection/UnitTestsReplication/truncate`, '')).code, 200);
      await st.flush();
      await renew();
      emptyDump(await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}`));
    });

    it(`${suite} test_checks_the_dump_for_a_non_empty_collection__3_0_mode_${n}`, async () => {
      await fill(100);
      await renew();
      const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&batchId=${batchId}`);
      assert.equal(doc.code, 200);
      const docs = lines(doc.body);
      for (const d of docs) {
        assert.ok(!('key' in d) && !('rev' in d));
        checkDoc(d);
      }
      assert.equal(docs.length, 100);
    });

    it(`${suite} test_fetches_incremental_parts_of_a_collection_dump_${n}`, async () => {
      await fill(10);
      await st.flush();
      let fromTick = '0';
      await renew();
      for (let i = 0; i < 10; i++) {
        const doc = await call('GET', `${db}${API}/dump?collection=UnitTestsReplication&from=${fromTick}&chunkSize=1&batchId=${batchId}`);
        fullDump(doc, i === 9 ? 'false' : 'true');
        assert.ok(Number(doc.headers['x-arango-replication-lastincluded']) >= Number(fromTick));
        fromTick = doc.headers['x-arango-replication-lastincluded'] as string;
        checkDoc(JSON.parse(doc.body));
      }
    });
  });
}

describe('api-replication dealing_with_the_loggerSuite', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('dealing_with_the_loggerSuite test_checks_the_logger_state [port variant: engine lmdb]', async () => {
    const call = arango(s);
    const doc = await call('GET', `${API}/logger-state`);
    assert.equal(doc.code, 200);
    const all = doc.parsedBody;
    assert.ok('state' in all && 'server' in all && 'clients' in all);
    assert.equal(all.state.running, true);
    assert.match(all.state.lastLogTick, DIGITS);
    assert.match(all.state.time, TIME);
    assert.equal(all.server.engine, (await call('GET', '/_api/engine')).parsedBody.name);
    assert.match(all.server.serverId, DIGITS);
    assert.ok('version' in all.server);
  });
});

describe('api-replication dealing_with_batches_and_logger_stateSuite', () => {
  let s: TestServer;
  let call: ReturnType<typeof arango>;
  let batchId = '0';
  before(async () => {
    s = await startServer();
    call = arango(s);
  });
  afterEach(async () => {
    await call('DELETE', `${API}/batch/${batchId}`, '');
  });
  after(async () => {
    await s.close();
  });

  it('dealing_with_batches_and_logger_stateSuite test_creates_a_batch__without_state_request', async () => {
    const doc = await call('POST', `${API}/batch`, '{}');
    assert.equal(doc.code, 200);
    batchId = doc.parsedBody.id;
    const all = doc.parsedBody;
    assert.match(all.id, DIGITS);
    assert.match(all.lastTick, DIGITS);
    assert.ok(!('state' in all));
  });

  it('dealing_with_batches_and_logger_stateSuite test_creates_a_batch__with_state_request [port variant: engine lmdb]', async () => {
    const doc = await call('POST', `${API}/batch?state=true`, '{}');
    assert.equal(doc.code, 200);
    batchId = doc.parsedBody.id;
    const all = doc.parsedBody;
    assert.match(all.id, DIGITS);
    assert.match(all.lastTick, DIGITS);
    const state = all.state;
    assert.equal(state.state.running, true);
    assert.match(state.state.lastLogTick, DIGITS);
    assert.match(state.state.lastUncommittedLogTick, DIGITS);
    assert.equal(state.state.lastLogTick, state.state.lastUncommittedLogTick);
    assert.ok('totalEvents' in state.state && 'time' in state.state);
    assert.equal(all.lastTick, state.state.lastLogTick);
    assert.ok('version' in state.server && 'serverId' in state.server);
    assert.equal(state.server.engine, (await call('GET', '/_api/engine')).parsedBody.name);
    assert.equal(state.clients.length, 0);
  });
});

dumpInterfaceSuite('dealing_with_the_initial_dump_interfaceSuite', 1);

describe('api-replication dealing_with_the_logger_Suite', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('dealing_with_the_logger_Suite test_checks_the_state', async () => {
    const call = arango(s);
    assert.equal((await call('POST', '/_api/database', { name: 'UnitTestDB' })).code, 201);
    const doc = await call('GET', `${API}/logger-state`);
    assert.equal(doc.code, 200);
    const all = doc.parsedBody;
    assert.ok('state' in all && 'server' in all && 'clients' in all);
    assert.equal(all.state.running, true);
    assert.match(all.state.lastLogTick, DIGITS);
    assert.match(all.state.time, TIME);
    assert.match(all.server.serverId, DIGITS);
    assert.ok('version' in all.server);
    assert.equal((await call('DELETE', '/_api/database/UnitTestDB')).code, 200);
  });
});

dumpInterfaceSuite('dealing_with_the_initial_dumSuite', 2);

describe('api-replication (2018 revision) dealing_with_general_function_interfaceSuite and dealing_with_the_applier_interfaceSuite', () => {
  let s: TestServer;
  let call: ReturnType<typeof arango>;
  before(async () => {
    s = await startServer();
    call = arango(s);
  });
  beforeEach(async () => {
    await call('PUT', `${API}/applier-stop`, '');
    await call('DELETE', `${API}/applier-state`, '');
  });
  after(async () => {
    await s.close();
  });

  it('dealing_with_general_function_interfaceSuite test_fetches_the_server_id_1', async () => {
    const doc = await call('GET', `${API}/server-id`);
    assert.equal(doc.code, 200);
    assert.match(doc.parsedBody.serverId, DIGITS);
  });

  it('dealing_with_the_applier_interfaceSuite test_starts_the_applier_1', async () => {
    assert.equal((await call('PUT', `${API}/applier-start`, '')).code, 400); // because configuration is invalid
  });

  it('dealing_with_the_applier_interfaceSuite test_stops_the_applier_1', async () => {
    assert.equal((await call('PUT', `${API}/applier-stop`, '')).code, 200);
  });

  it('dealing_with_the_applier_interfaceSuite test_fetches_the_applier_config_1', async () => {
    const doc = await call('GET', `${API}/applier-config`);
    assert.equal(doc.code, 200);
    const all = doc.parsedBody;
    for (const k of ['requestTimeout', 'connectTimeout', 'ignoreErrors', 'maxConnectRetries', 'sslProtocol', 'chunkSize', 'connectionRetryWaitTime', 'initialSyncMaxWaitTime', 'idleMinWaitTime', 'idleMaxWaitTime']) assert.equal(typeof all[k], 'number', k);
    for (const k of ['autoStart', 'adaptivePolling', 'autoResync', 'includeSystem', 'requireFromPresent', 'verbose']) assert.ok(k in all, k);
    assert.equal(typeof all.restrictType, 'string');
  });

  it('dealing_with_the_applier_interfaceSuite test_sets_and_re_fetches_the_applier_config_1', async () => {
    const configs = [
      { endpoint: 'tcp://127.0.0.1:9999', database: 'foo', ignoreErrors: 5, requestTimeout: 32.2, connectTimeout: 51.1, maxConnectRetries: 12345, chunkSize: 143423232, autoStart: true, adaptivePolling: false, autoResync: true, includeSystem: true, requireFromPresent: true, verbose: true, connectionRetryWaitTime: 22.12, initialSyncMaxWaitTime: 12.21, idleMinWaitTime: 1.4, idleMaxWaitTime: 7.3 },
      { endpoint: 'ssl://127.0.0.1:12345', database: 'bar', ignoreErrors: 2, requestTimeout: 12.5, connectTimeout: 26.3, maxConnectRetries: 12, chunkSize: 1234567, autoStart: false, adaptivePolling: true, autoResync: false, includeSystem: false, requireFromPresent: false, verbose: false, connectionRetryWaitTime: 2.5, initialSyncMaxWaitTime: 4.3, idleMinWaitTime: 0.22, idleMaxWaitTime: 3.5 },
    ];
    for (const body of configs) {
      for (const doc of [await call('PUT', `${API}/applier-config`, body), await call('GET', `${API}/applier-config`)]) {
        assert.equal(doc.code, 200);
        const all = doc.parsedBody;
        for (const [k, v] of Object.entries(body)) assert.deepEqual(all[k], v, k);
        assert.equal(all.sslProtocol, 0);
      }
    }
  });

  it('dealing_with_the_applier_interfaceSuite test_checks_the_applier_state_1', async () => {
    const doc = await call('GET', `${API}/applier-state`);
    assert.equal(doc.code, 200);
    const all = doc.parsedBody;
    assert.ok('state' in all && 'server' in all);
    const state = all.state;
    assert.equal(state.running, false);
    for (const k of ['lastAppliedContinuousTick', 'lastProcessedContinuousTick', 'lastAvailableContinuousTick', 'safeResumeTick', 'progress', 'totalRequests', 'totalFailedConnects', 'totalEvents', 'totalOperationsExcluded', 'lastError', 'time']) assert.ok(k in state, k);
    assert.match(state.progress.time, /^([0-9]+-[0-9]+-[0-9]+T[0-9]+:[0-9]+:[0-9]+Z)?$/);
    assert.ok('failedConnects' in state.progress);
    assert.ok('errorNum' in state.lastError);
    assert.match(state.time, TIME);
  });
});
