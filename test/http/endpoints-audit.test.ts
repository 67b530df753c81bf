// Endpoints a single ArangoDB 3.12 server answers that Cairn lacked before the audit of
// ArangoDB's endpoint table: GET /_api/endpoint, GET /_api/aql-builtin, /_api/cluster/*
// (a single server's refusals) and /_admin/shutdown (its in-process half; the process
// half is test/shutdown-api.test.ts). Status and whole body of each answer.
// Upstream cases replayed, in Cairn's words: tests/js/client/shell/api/endpoint.js and
// tests/js/client/shell/api/aql-builtin.js (arangodb/arangodb).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_FUNCTIONS } from '../../src/aql/functions/index.js';
import { builtinFunctions, signatureOf } from '../../src/http/routes/endpoints.js';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { rmSync } from 'node:fs';

const JSON_TYPE = 'application/json; charset=utf-8';
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const basic = (user: string, pw = '') => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

describe('GET /_api/endpoint', () => {
  let s: TestServer;
  let url = '';
  before(async () => {
    s = await startServer();
    url = await s.server.listen('127.0.0.1', 0);
    assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name: 'UnitTestsDatabase' } })).statusCode, 201);
  });
  after(() => s.close());

  // endpoint.js test_retrieves_endpoints
  it('lists the one endpoint the server listens on, with the port it bound', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/endpoint' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), [{ endpoint: url }]);
    assert.match(url, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    assert.deepEqual(bodyOf(await s.request({ method: 'GET', url: '/_db/_system/_api/endpoint' })), [{ endpoint: url }]);
  });

  // endpoint.js test_use_non_system_database
  it('answers 403/1230 from any other database', async () => {
    const res = await s.request({ method: 'GET', url: '/_db/UnitTestsDatabase/_api/endpoint' });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(bodyOf(res), err(403, 1230, 'operation only allowed in system database'));
  });

  // endpoint.js test_use_non_existent_database
  it('answers 404/1228 for a database that does not exist', async () => {
    const res = await s.request({ method: 'GET', url: '/_db/foobar/_api/endpoint' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(bodyOf(res), err(404, 1228, 'database not found'));
  });

  it('answers 405 to other methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await s.request({ method, url: '/_api/endpoint' });
      assert.deepEqual([res.statusCode, bodyOf(res)], [405, err(405, 405, 'method not supported')], method);
    }
  });
});

describe('GET /_api/aql-builtin', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  // aql-builtin.js test_fetches_the_list_of_functions
  it('lists the built-in functions, each an object with a name and an argument signature', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/aql-builtin' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    const { functions, ...rest } = bodyOf(res);
    assert.deepEqual(rest, {});
    const names = new Set<string>();
    for (const f of functions) {
      assert.equal(typeof f, 'object');
      assert.equal(typeof f.name, 'string');
      assert.equal(typeof f.arguments, 'string');
      assert.ok(!names.has(f.name), `${f.name} listed twice`);
      names.add(f.name);
    }
    for (const known of ['PI', 'DEGREES', 'RADIANS', 'SIN', 'COS']) assert.ok(names.has(known), known);
  });

  it('describes a function as ArangoDB does, aliases as entries of their own', async () => {
    const { functions } = bodyOf(await s.request({ method: 'GET', url: '/_api/aql-builtin' }));
    const byName = new Map<string, any>(functions.map((f: any) => [f.name, f]));
    const common = { implementations: ['cxx'], deterministic: true, cacheable: true, canRunOnDBServerCluster: true, canRunOnDBServerOneShard: true, canReadDocuments: false, canUseInAnalyzer: true, canRunOnDBServer: true, stub: false };
    assert.deepEqual(byName.get('PI'), { name: 'PI', arguments: '', ...common });
    assert.deepEqual(byName.get('SUBSTRING'), { name: 'SUBSTRING', arguments: '.,.|.', ...common });
    assert.deepEqual(byName.get('CONCAT'), { name: 'CONCAT', arguments: '.|+', ...common });
    assert.deepEqual(byName.get('COUNT'), { ...byName.get('LENGTH'), name: 'COUNT' });
    assert.deepEqual(byName.get('DOCUMENT'), {
      name: 'DOCUMENT', arguments: 'h.|.', implementations: ['cxx'], deterministic: false, cacheable: false,
      canRunOnDBServerCluster: false, canRunOnDBServerOneShard: true, canReadDocuments: true, canUseInAnalyzer: false, canRunOnDBServer: false, stub: false,
    });
    assert.equal(byName.get('NEAR').stub, true);
    assert.equal(byName.get('NEAR').arguments, '.h,.,.|.,.');
    assert.deepEqual(byName.get('V8')?.implementations, ['js']);
    // IResearchFeature.cpp: PHRASE not usable in analyzers, BOOST usable
    assert.deepEqual([byName.get('PHRASE').arguments, byName.get('PHRASE').canUseInAnalyzer], ['.,.|.+', false]);
    assert.deepEqual([byName.get('BOOST').arguments, byName.get('BOOST').canUseInAnalyzer], ['.,.', true]);
  });

  it('lists every registered function under every name, sorted', () => {
    const listed = builtinFunctions().map((f) => f.name as string);
    const expected = ALL_FUNCTIONS.flatMap((d) => [d.name, ...(d.aliases ?? [])]).sort();
    assert.deepEqual(listed, expected);
  });

  it('writes an argument signature from the argument counts', () => {
    const cases = [
      { id: 'none', min: 0, max: 0, sig: '' },
      { id: 'one', min: 1, max: 1, sig: '.' },
      { id: 'optional-only', min: 0, max: 1, sig: '|.' },
      { id: 'two-of-three', min: 2, max: 3, sig: '.,.|.' },
      { id: 'one-of-seven', min: 1, max: 7, sig: '.|.,.,.,.,.,.' },
      { id: 'variadic', min: 2, max: Infinity, sig: '.,.|+' },
    ];
    for (const c of cases) assert.equal(signatureOf({ name: 'X_' + c.id, minArgs: c.min, maxArgs: c.max }), c.sig, c.id);
  });

  it('answers 405 to other methods', async () => {
    const res = await s.request({ method: 'POST', url: '/_api/aql-builtin' });
    assert.deepEqual([res.statusCode, bodyOf(res)], [405, err(405, 405, 'method not supported')]);
  });
});

describe('/_admin/server/databaseDefaults', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('answers the options a new database gets, to any method and from any database', async () => {
    assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name: 'other' } })).statusCode, 201);
    for (const [method, url] of [['GET', '/_admin/server/databaseDefaults'], ['PUT', '/_admin/server/databaseDefaults'], ['GET', '/_db/other/_admin/server/databaseDefaults']]) {
      const res = await s.request({ method: method!, url: url! });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(bodyOf(res), { sharding: '', replicationFactor: 1, writeConcern: 1 });
    }
  });

  it('answers jwt and encryption 404, as the Community Edition does', async () => {
    for (const url of ['/_admin/server/jwt', '/_admin/server/encryption', '/_admin/server/nope']) {
      const res = await s.request({ method: 'GET', url });
      assert.deepEqual([res.statusCode, bodyOf(res)], [404, err(404, 404, 'not found')], url);
    }
  });
});

describe('/_api/cluster on a single server', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const cases = [
    { id: 'endpoints', method: 'GET', url: '/_api/cluster/endpoints', status: 501, body: err(501, 9, 'cannot serve this request for this deployment type') },
    { id: 'agency-dump', method: 'GET', url: '/_api/cluster/agency-dump', status: 501, body: err(501, 9, 'only to be executed on coordinators') },
    { id: 'no-command', method: 'GET', url: '/_api/cluster', status: 404, body: err(404, 404, 'expecting /_api/cluster/[endpoints,agency-dump,agency-cache]') },
    { id: 'unknown-command', method: 'GET', url: '/_api/cluster/foo', status: 404, body: err(404, 404, 'expecting /_api/cluster/[endpoints,agency-dump,agency-cache]') },
    { id: 'other-database', method: 'GET', url: '/_db/_system/_api/cluster/endpoints', status: 501, body: err(501, 9, 'cannot serve this request for this deployment type') },
    { id: 'put', method: 'PUT', url: '/_api/cluster/endpoints', status: 405, body: err(405, 405, 'only the GET method is allowed') },
    { id: 'delete-bare', method: 'DELETE', url: '/_api/cluster', status: 405, body: err(405, 405, 'only the GET method is allowed') },
  ];
  for (const c of cases) {
    it(`answers ${c.method} ${c.url} as a single ArangoDB server does (${c.id})`, async () => {
      const res = await s.request({ method: c.method, url: c.url });
      assert.equal(res.statusCode, c.status);
      assert.deepEqual(bodyOf(res), c.body);
    });
  }
});

describe('/_api/collection/<name>/shards and responsibleShard on a single server', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    assert.equal((await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'sharded' } })).statusCode, 200);
  });
  after(() => s.close());

  const cases = [
    { id: 'shards', method: 'GET', url: '/_api/collection/sharded/shards', status: 501, body: err(501, 9, 'shards API is only available in a cluster') },
    { id: 'shards-details', method: 'GET', url: '/_api/collection/sharded/shards?details=true', status: 501, body: err(501, 9, 'shards API is only available in a cluster') },
    { id: 'shards-unknown-collection', method: 'GET', url: '/_api/collection/nope/shards', status: 404, body: err(404, 1203, 'collection or view not found') },
    { id: 'responsible-object', method: 'PUT', url: '/_api/collection/sharded/responsibleShard', rawBody: '{"_key":"a"}', status: 403, body: err(403, 1471, 'this operation is only valid on a coordinator in a cluster') },
    { id: 'responsible-string', method: 'PUT', url: '/_api/collection/sharded/responsibleShard', rawBody: '"a"', status: 403, body: err(403, 1471, 'this operation is only valid on a coordinator in a cluster') },
    { id: 'responsible-unknown-collection', method: 'PUT', url: '/_api/collection/nope/responsibleShard', rawBody: '{}', status: 404, body: err(404, 1203, 'collection or view not found') },
    { id: 'responsible-bad-json', method: 'PUT', url: '/_api/collection/sharded/responsibleShard', rawBody: '{', status: 400, body: undefined },
  ];
  for (const c of cases) {
    it(`answers ${c.method} ${c.url} as a single ArangoDB server does (${c.id})`, async () => {
      const res = await s.request({ method: c.method, url: c.url, rawBody: c.rawBody });
      assert.equal(res.statusCode, c.status);
      if (c.body) assert.deepEqual(bodyOf(res), c.body);
      else assert.equal(bodyOf(res).errorNum, 600);
    });
  }
});

describe('/_admin/shutdown in process (util/shutdown-request.ts records the request)', () => {
  it('answers GET and other methods but DELETE 405, as a single server does', async () => {
    const s = await startServer();
    try {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH']) {
        const res = await s.request({ method, url: '/_admin/shutdown' });
        assert.deepEqual([res.statusCode, bodyOf(res)], [405, err(405, 405, 'method not supported')], method);
      }
      assert.equal(s.server.services.shutdownRequest.requested, false);
    } finally {
      await s.close();
    }
  });

  it('refuses a user without rw on _system (403/403) and keeps running', async () => {
    const s = await startServer();
    try {
      assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'reader', passwd: '' } })).statusCode, 201);
      assert.equal((await s.request({ method: 'PUT', url: '/_api/user/reader/database/_system', body: { grant: 'ro' } })).statusCode, 200);
      const res = await s.request({ method: 'DELETE', url: '/_admin/shutdown', auth: basic('reader') });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(bodyOf(res), err(403, 403, 'you need admin rights to trigger shutdown'));
      assert.equal(s.server.services.shutdownRequest.requested, false);
      assert.equal((await s.request({ method: 'GET', url: '/_api/version' })).statusCode, 200);
    } finally {
      await s.close();
    }
  });

  it('answers "OK", then closes the server; what it acknowledged is there after a restart', async () => {
    const dir = tempDir();
    try {
      let s = await startServer([], { dir });
      assert.equal((await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'kept' } })).statusCode, 200);
      assert.equal((await s.request({ method: 'POST', url: '/_api/document/kept', body: { _key: 'k1', v: 1 } })).statusCode, 202);
      const res = await s.request({ method: 'DELETE', url: '/_admin/shutdown?soft=true' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.body, '"OK"');
      assert.equal(s.server.services.shutdownRequest.requested, true);
      // the server closes itself on a later turn: wait until its shutdown signal fired
      const t0 = Date.now();
      while (!s.server.services.shutdown.aborted) {
        assert.ok(Date.now() - t0 < 5000, 'server did not start closing');
        await new Promise((r) => setTimeout(r, 10));
      }
      await s.close(); // a second close waits for the first
      s = await startServer([], { dir });
      try {
        const doc = await s.request({ method: 'GET', url: '/_api/document/kept/k1' });
        assert.equal(doc.statusCode, 200);
        assert.equal(bodyOf(doc).v, 1);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
