// ArangoDB's own tests of its HTTP layer and of transactions, replayed against Cairn.
// Upstream sources (arangodb/arangodb):
//   tests/js/client/shell/api/multi/http.js and http-novst.js (3.12: HEAD, GET, OPTIONS, CORS
//     suites; the trusted origin is the one ArangoDB's test runner passes as --http.trusted-origin)
//   tests/js/client/shell/api/multi/miscellaneous.js (/_admin/status)
//   tests/js/client/shell/api/multi/transactions.js (JavaScript transactions: error handling,
//     wrong collections, parameters)
//   tests/js/client/shell/shell-transaction.js (stream transactions through arangosh's
//     ArangoTransaction: invocation, status, list, abort of write transactions, collections)
//   arangod/Transaction/Manager.cpp (authorized(): whose transactions a request may use)
//   tests/js/client/authentication/auth-transaction-collection-permission.js
//   tests/js/client/shell/shell-request.js (arangosh's request module against /_admin/echo, on a
//     server without authentication)
//   arangod/GeneralServer/HttpCommTask (methods it does not know, the CORS credentials rule) and
//     ArangoDB 3.12.6's release note on malformed requests (an error object, not a silent close)
// Each case names its upstream test; the cases that found a difference say what Cairn did before.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import type { LightMyRequestResponse } from 'fastify';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';
const TRUSTED = 'http://was-erlauben-strunz.it';

/** http.js assertCspHeaders: the security headers of every response, and its content type. */
function assertCspHeaders(res: LightMyRequestResponse, type = JSON_TYPE): void {
  assert.equal(res.headers['content-type'], type);
  assert.equal(res.headers['cache-control'], 'no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0');
  assert.equal(res.headers['content-security-policy'], "frame-ancestors 'self'; form-action 'self';");
  assert.equal(res.headers.expires, '0');
  assert.equal(res.headers.pragma, 'no-cache');
  assert.equal(res.headers['strict-transport-security'], 'max-age=31536000 ; includeSubDomains');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
}

/** Sends `text` on a new connection; resolves with what came back once the server closes it. */
function rawExchange(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
    socket.write(text);
  });
}

const AUTH_LINE = 'Authorization: Basic ' + Buffer.from('root:').toString('base64') + '\r\n';

describe('ArangoDB HTTP layer and transaction tests', () => {
  let s: TestServer;
  let url: string;
  before(async () => {
    s = await startServer(['--http-trusted-origin', TRUSTED]);
    url = await s.server.listen('127.0.0.1', 0);
  });
  after(async () => {
    await s.close();
  });

  const req = (method: string, path: string, headers: Record<string, string> = {}, rawBody?: string) => s.request({ method, url: path, headers, rawBody });

  describe('http.js head_requestsSuite', () => {
    it('test_checks_whether_HEAD_returns_a_body_on_2xx: HEAD /_api/version is 200 without a body', async () => {
      const res = await req('HEAD', '/_api/version');
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
      assertCspHeaders(res);
    });

    // Before: content-type application/json; ArangoDB says text/plain on a HEAD 405.
    for (const path of ['/_api/collection', '/_api/cursor'])
      it(`test_checks_whether_HEAD_returns_a_body_on_3xx/4xx_2: HEAD ${path} is 405, text/plain, no body`, async () => {
        const res = await req('HEAD', path);
        assert.equal(res.statusCode, 405);
        assert.equal(res.body, '');
        assertCspHeaders(res, TEXT_TYPE);
      });

    it('test_checks_whether_HEAD_returns_a_body_on_4xx: HEAD on an unknown path is 404 without a body', async () => {
      const res = await req('HEAD', '/_api/non-existing-method');
      assert.equal(res.statusCode, 404);
      assert.equal(res.body, '');
      assertCspHeaders(res);
    });
  });

  it('http.js test_checks_whether_HEAD_returns_a_body_on_an_existing_document: 200 without a body, with if-match too', async () => {
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'UnitTestsCollectionHttp' } });
    const created = bodyOf(await s.request({ method: 'POST', url: '/_api/document?collection=UnitTestsCollectionHttp', body: { Hello: 'World' } }));
    for (const headers of [{}, { 'if-match': created._rev as string }] as Record<string, string>[]) {
      const res = await req('HEAD', `/_api/document/${created._id}`, headers);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
      assertCspHeaders(res);
    }
    await s.request({ method: 'DELETE', url: '/_api/collection/UnitTestsCollectionHttp' });
  });

  it('miscellaneous.js admin_statuSuite test_checks_attributes: /_admin/status', async () => {
    const doc = bodyOf(await req('GET', '/_admin/status'));
    assert.equal(doc.server, 'arango');
    for (const a of ['mode', 'operationMode', 'version', 'pid', 'license', 'host']) assert.ok(a in doc, a);
    assert.equal(doc.mode, doc.operationMode);
    for (const a of ['maintenance', 'role', 'writeOpsEnabled', 'readOnly']) assert.ok(a in doc.serverInfo, a);
    assert.equal(doc.serverInfo.writeOpsEnabled, !doc.serverInfo.readOnly);
  });

  it('ignores x-http-method-override, whose support ArangoDB 3.12 removed', async () => {
    const res = await req('GET', '/_api/version', { 'x-http-method-override': 'DELETE', 'x-method-override': 'POST', 'x-http-method': 'PUT' });
    assert.equal(res.statusCode, 200);
    assert.equal(bodyOf(res).server, 'arango');
    assert.equal((await req('POST', '/_api/cursor', { 'x-http-method-override': 'GET' }, '{"query":"RETURN 1"}')).statusCode, 201);
  });

  it('HttpCommTask: CORS headers go on every response to an Origin, a 401 too; a preflight needs no credentials', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version', auth: null, headers: { origin: 'http://127.0.0.1' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['access-control-allow-origin'], 'http://127.0.0.1');
    assert.equal(res.headers['access-control-allow-credentials'], 'false');
    const pre = await s.request({ method: 'OPTIONS', url: '/_api/collection', auth: null, headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'post' } });
    assert.equal(pre.statusCode, 200);
    assert.equal(pre.headers['access-control-allow-methods'], METHODS);
  });

  describe('http.js get_requestSuite', () => {
    for (const path of ['/xxxx/yyyy', '/_api/non-existing-method', '/_api/non-allowed-method'])
      it(`test_checks_a_non_existing_URL / GET_returns_a_body: GET ${path} is 404/404 with the envelope`, async () => {
        const res = await req('GET', path);
        assert.equal(res.statusCode, 404);
        assert.deepEqual(bodyOf(res), { error: true, code: 404, errorNum: 404, errorMessage: `unknown path '${path}'` });
        assertCspHeaders(res);
      });
  });

  describe('http.js options_requestSuite', () => {
    for (const [id, body] of [
      ['without_body', ''],
      ['with_body', 'some stuff'],
    ] as const)
      it(`test_checks_handling_of_an_OPTIONS_request__${id}: 200, allow lists the methods, empty text/plain`, async () => {
        const res = await req('OPTIONS', '/_api/version', {}, body);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers.allow, METHODS);
        assert.equal(res.body, '');
        assertCspHeaders(res, TEXT_TYPE);
      });
  });

  describe('http.js CORS_requestSuite', () => {
    it('test_checks_handling_of_a_non_CORS_GET_request: no access-control headers', async () => {
      const res = await req('GET', '/_api/version');
      assert.equal(res.statusCode, 200);
      for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-credentials']) assert.equal(res.headers[h], undefined, h);
      assertCspHeaders(res);
    });

    // Before: access-control-allow-credentials was "false" for every origin (no --http-trusted-origin).
    const gets = [
      { id: 'CORS_GET_request__with_null_origin', origin: 'null', credentials: 'false' },
      { id: 'CORS_GET_request', origin: 'http://127.0.0.1', credentials: 'false' },
      { id: 'CORS_GET_request_from_origin_that_is_trusted', origin: TRUSTED, credentials: 'true' },
      { id: 'CORS_GET_request_from_origin_that_is_trusted (trailing slash ignored)', origin: TRUSTED + '/', credentials: 'true' },
      { id: 'CORS_POST_request', origin: 'http://www.some-url.com/', credentials: 'false' },
    ];
    for (const c of gets)
      it(`test_checks_handling_of_a_${c.id}: the origin echoed, credentials ${c.credentials}`, async () => {
        const res = await req('GET', '/_api/version', { origin: c.origin });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['access-control-allow-origin'], c.origin);
        assert.equal(res.headers['access-control-allow-credentials'], c.credentials);
        for (const h of ['access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age']) assert.equal(res.headers[h], undefined, h);
        assertCspHeaders(res);
      });

    const preflights: { id: string; headers: Record<string, string>; allowHeaders: string | undefined }[] = [
      { id: 'no_headers', headers: { origin: 'http://from.here.we.come/really/really', 'access-control-request-method': 'delete' }, allowHeaders: undefined },
      { id: 'empty_headers', headers: { oRiGiN: 'HTTPS://this.is.our/site-yes', 'access-control-request-method': 'delete', 'access-control-request-headers': '   ' }, allowHeaders: undefined },
      { id: 'populated_headers', headers: { ORIGIN: 'https://mysite.org', 'Access-Control-Request-Method': 'put', 'ACCESS-CONTROL-request-headers': 'foo,bar,baz' }, allowHeaders: 'foo,bar,baz' },
      { id: 'plain', headers: { ORIGIN: 'https://mysite.org', 'Access-Control-Request-Method': 'put' }, allowHeaders: undefined },
    ];
    for (const p of preflights)
      it(`test_checks_handling_of_a_CORS_OPTIONS_preflight_request__${p.id}`, async () => {
        const res = await req('OPTIONS', '/_api/version', p.headers, '');
        const origin = Object.entries(p.headers).find(([k]) => k.toLowerCase() === 'origin')![1];
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['access-control-allow-origin'], origin);
        assert.equal(res.headers['access-control-allow-methods'], METHODS);
        assert.equal(res.headers['access-control-allow-headers'], p.allowHeaders);
        assert.equal(res.headers['access-control-allow-credentials'], 'false');
        assert.equal(res.headers['access-control-max-age'], '1800');
        assert.equal(res.headers.allow, METHODS);
        assert.equal(res.headers['content-length'], '0');
        assert.equal(res.body, '');
        assertCspHeaders(res, TEXT_TYPE);
      });
  });

  describe('the connection: methods, malformed requests, Host, keep-alive', () => {
    // Before: 404 "unknown path '/_api/version'". ArangoDB's HttpCommTask refuses a method it
    // does not know (RequestType::ILLEGAL) with 405.
    it('answers a method ArangoDB does not know with 405 method not supported', async () => {
      const res = await req('PROPFIND', '/_api/version');
      assert.equal(res.statusCode, 405);
      assert.deepEqual(bodyOf(res), { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
    });

    // Before: Fastify's {"error":"Bad Request","message":"Client Error","statusCode":400}.
    it('answers a request Node cannot parse with 400 and ArangoDB\'s envelope, then closes', async () => {
      for (const text of ['GARBAGE\r\n\r\n', `POST /_api/version HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n${AUTH_LINE}\r\n`]) {
        const out = await rawExchange(url, text);
        assert.match(out, /^HTTP\/1\.1 400 Bad Request\r\n/);
        assert.match(out, /\r\nconnection: close\r\n/i);
        assert.match(out, /\r\nx-content-type-options: nosniff\r\n/);
        assert.ok(out.endsWith('\r\n\r\n{"error":true,"code":400,"errorNum":400,"errorMessage":"bad parameter"}'), out);
      }
    });

    // Before: 400 with an empty body (Node requires Host on HTTP/1.1); ArangoDB does not.
    it('serves an HTTP/1.1 request without a Host header', async () => {
      const out = await rawExchange(url, `GET /_api/version HTTP/1.1\r\nConnection: close\r\n${AUTH_LINE}\r\n`);
      assert.match(out, /^HTTP\/1\.1 200 OK\r\n/);
      assert.ok(out.endsWith('{"server":"arango","version":"3.12.0","license":"community"}'), out);
    });

    it('closes after the response to "Connection: close" and to HTTP/1.0 without keep-alive', async () => {
      for (const text of [`GET /_api/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${AUTH_LINE}\r\n`, `GET /_api/version HTTP/1.0\r\n${AUTH_LINE}\r\n`]) {
        const out = await rawExchange(url, text);
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n/);
        assert.match(out, /\r\nConnection: close\r\n/i);
      }
    });

    it('answers 431 to headers larger than the server reads, then closes', async () => {
      const out = await rawExchange(url, `GET /_api/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n${AUTH_LINE}\r\n`);
      assert.match(out, /^HTTP\/1\.1 431 /);
      assert.match(out, /\r\nconnection: close\r\n/i);
    });
  });

  describe('authentication errors (HttpCommTask::sendResponse, CommTask::prepareExecution)', () => {
    const unauthorized = { error: true, code: 401, errorNum: 11, errorMessage: 'not authorized to execute this request' };
    const cases = [
      { id: 'no credentials', auth: null },
      { id: 'Basic that is no base64 user:password', auth: 'Basic xxx' },
      { id: 'Basic without credentials', auth: 'Basic' },
      { id: 'a wrong password', auth: 'Basic ' + Buffer.from('root:wrong').toString('base64') },
      { id: 'a JWT that does not verify', auth: 'Bearer abc.def.ghi' },
      { id: 'an unknown scheme', auth: 'Foo bar' },
    ];
    for (const c of cases)
      it(`answers ${c.id} with 401/11 and both challenges`, async () => {
        const res = await s.request({ method: 'GET', url: '/_api/version', auth: c.auth });
        assert.equal(res.statusCode, 401);
        assert.deepEqual(bodyOf(res), unauthorized);
        assert.deepEqual(res.headers['www-authenticate'], ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"']);
      });

    it('leaves the challenge out with x-omit-www-authenticate', async () => {
      const res = await s.request({ method: 'GET', url: '/_api/version', auth: null, headers: { 'x-omit-www-authenticate': 'yes' } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['www-authenticate'], undefined);
    });

    it('answers an unknown database like a forbidden one to a caller without credentials (401), else 404/1228', async () => {
      assert.equal((await s.request({ method: 'GET', url: '/_db/nope/_api/version', auth: null })).statusCode, 401);
      const res = await req('GET', '/_db/nope/_api/version');
      assert.equal(res.statusCode, 404);
      assert.deepEqual(bodyOf(res), { error: true, code: 404, errorNum: 1228, errorMessage: 'database not found' });
      assert.equal((await req('GET', '/_db/%5Fsystem/_api/version')).statusCode, 200);
    });
  });

  describe('transactions.js (JavaScript transactions)', () => {
    before(async () => {
      for (const name of ['UnitTestsTransactions1', 'UnitTestsTransactions2']) await s.request({ method: 'POST', url: '/_api/collection', body: { name } });
    });
    const post = (body: unknown) => s.request({ method: 'POST', url: '/_api/transaction', body });
    const errors = [
      { id: 'no_body_is_posted', body: undefined, status: 400, errorNum: 10 },
      { id: 'no_collections_attribute_is_present', body: { foo: 'bar' }, status: 400, errorNum: 10 },
      { id: 'collections_sub_attribute_is_wrong', body: { collections: { write: false } }, status: 400, errorNum: 10 },
      { id: 'no_action_is_specified', body: { collections: {} }, status: 400, errorNum: 10 },
      { id: 'action_attribute_has_a_wrong_type', body: { collections: {}, action: false }, status: 400, errorNum: 10 },
      { id: 'action_attribute_contains_broken_code_1', body: { collections: {}, action: ' for ' }, status: 400, errorNum: 10 },
      { id: 'action_attribute_contains_broken_code_2', body: { collections: {}, action: 'return 1;' }, status: 400, errorNum: 10 },
      { id: 'action_attribute_contains_broken_code_3', body: { collections: {}, action: 'function() {' }, status: 400, errorNum: 10 },
      { id: 'transactions_are_nested_1', body: { collections: {}, action: 'function () { return TRANSACTION({ collections: { }, action: function() { return 1; } }); }' }, status: 400, errorNum: 1651 },
      { id: 'referring_to_a_non_existing_collection', body: { collections: { write: '_meow' }, action: 'function () { return 1; }' }, status: 404, errorNum: 1203 },
      { id: 'using_a_non_declared_collection', body: { collections: { write: 'UnitTestsTransactions1' }, action: 'function () { require("internal").db.UnitTestsTransactions2.save({ }); }' }, status: 400, errorNum: 1652 },
      { id: 'using_a_collection_in_invalid_mode_1', body: { collections: { read: 'UnitTestsTransactions1' }, action: 'function () { require("internal").db.UnitTestsTransactions1.save({ }); }' }, status: 400, errorNum: 1652 },
      { id: 'using_a_disallowed_operation', body: { collections: {}, action: 'function () { require("internal").db._create("abc");} ' }, status: 400, errorNum: 1653 },
      { id: 'checking_return_parameters__undefined_1', body: { collections: {}, action: "function (params) { return params['meow']; }", params: null }, status: 400, errorNum: 17 },
      { id: 'returning_an_exception', body: { collections: {}, action: 'function () { throw "doh!"; }' }, status: 500, errorNum: 1650 },
    ];
    for (const c of errors)
      it(`test_returns_an_error_if_${c.id}: ${c.status}/${c.errorNum}`, async () => {
        const res = await post(c.body);
        const b = bodyOf(res);
        assert.equal(b.errorNum, c.errorNum, JSON.stringify(b));
        assert.equal(res.statusCode, c.status);
        assert.equal(b.error, true);
        assert.equal(b.code, c.status);
        assert.equal(res.headers['content-type'], JSON_TYPE);
      });

    it('test_returns_an_error_if_a_wrong_method_type_is_used: PATCH is 405', async () => {
      const res = await s.request({ method: 'PATCH', url: '/_api/transaction', body: { collections: {}, action: ' for ' } });
      assert.equal(res.statusCode, 405);
      assert.deepEqual(bodyOf(res), { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
    });

    const results = [
      { id: 'checking_return_parameters', body: { collections: {}, action: 'function (params) { return [ params[1], params[4] ]; }', params: [1, 2, 3, 4, 5] }, result: [2, 5] },
      { id: 'checking_return_parameters__object_2', body: { collections: {}, action: "function (params) { return params['meow']; }", params: { foo: 'bar' } }, result: null },
      { id: 'checking_return_parameters__undefined_3', body: { collections: {}, action: 'function (params) { return params; }' }, result: null },
      { id: 'returning_a_compound_type', body: { collections: {}, action: 'function () { return [ true, { a: 42, b: [ null, true ], c: "foo" } ]; }' }, result: [true, { a: 42, b: [null, true], c: 'foo' }] },
    ];
    for (const c of results)
      it(`test_${c.id}: 200 with the result`, async () => {
        const res = await post(c.body);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(bodyOf(res), { code: 200, error: false, result: c.result });
      });
  });

  describe('shell-transaction.js (stream transactions)', () => {
    const cn1 = 'UnitTestsTransaction1';
    const cn2 = 'UnitTestsTransaction2';
    before(async () => {
      for (const name of [cn1, cn2]) await s.request({ method: 'POST', url: '/_api/collection', body: { name } });
    });
    const call = async (method: string, path: string, body?: unknown, trx?: string) => {
      const res = await s.request({ method, url: path, body, headers: trx ? { 'x-arango-trx-id': trx } : {} });
      return { status: res.statusCode, body: res.body ? bodyOf(res) : undefined };
    };
    const begin = async (body: unknown): Promise<string> => {
      const r = await call('POST', '/_api/transaction/begin', body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.result.status, 'running');
      return r.body.result.id;
    };
    const listed = async () => ((await call('GET', '/_api/transaction')).body.transactions as { id: string }[]).map((t) => t.id);

    // the invocations arangosh's ArangoTransaction sends to the server (it refuses the others itself)
    const invalid = [
      { id: 'no collections', body: {} },
      { id: 'collections not an object', body: { collections: true } },
      { id: 'a read name that is no string', body: { collections: { read: [true] } } },
      { id: 'lockTimeout -1', body: { collections: {}, lockTimeout: -1 } },
      { id: 'lockTimeout -30.0', body: { collections: {}, lockTimeout: -30.0 } },
    ];
    for (const c of invalid)
      it(`testInvalidInvocations: ${c.id} is 400/10`, async () => {
        const r = await call('POST', '/_api/transaction/begin', c.body);
        assert.equal(r.status, 400);
        assert.equal(r.body.errorNum, 10);
      });

    it('testValidEmptyInvocations: empty collection lists, lockTimeout and waitForSync begin', async () => {
      for (const body of [
        { collections: {} },
        { collections: { read: [] } },
        { collections: { write: [] } },
        { collections: { read: [], write: [] }, lockTimeout: 5.0 },
        { collections: { read: [], write: [] }, lockTimeout: 0.0 },
        { collections: { read: [], write: [] }, waitForSync: true },
      ]) {
        const id = await begin(body);
        assert.equal((await call('DELETE', `/_api/transaction/${id}`)).status, 200);
      }
    });

    it('testListTransactions / testStatusTransaction: running ones are listed, finished ones keep their status', async () => {
      const t1 = await begin({ collections: { read: [cn1] } });
      assert.ok((await listed()).includes(t1));
      assert.deepEqual((await call('PUT', `/_api/transaction/${t1}`)).body, { code: 200, error: false, result: { id: t1, status: 'committed' } });
      assert.ok(!(await listed()).includes(t1));
      assert.deepEqual((await call('GET', `/_api/transaction/${t1}`)).body, { code: 200, error: false, result: { id: t1, status: 'committed' } });
      const t2 = await begin({ collections: { read: [cn1] } });
      assert.deepEqual((await call('DELETE', `/_api/transaction/${t2}`)).body, { code: 200, error: false, result: { id: t2, status: 'aborted' } });
      assert.deepEqual((await call('GET', `/_api/transaction/${t2}`)).body.result, { id: t2, status: 'aborted' });
      assert.ok(!(await listed()).includes(t2));
    });

    it('testcreateTransaction: ids that are no transaction are 400/10 or 404/1655', async () => {
      for (const id of ['aaaaaaaaaaaaaaaaaaaaaaaa', 'der-fuchs-der-fuchs', '1e+23', '1']) {
        const r = await call('GET', `/_api/transaction/${id}`);
        assert.ok((r.status === 400 && r.body.errorNum === 10) || (r.status === 404 && r.body.errorNum === 1655), `${id}: ${JSON.stringify(r.body)}`);
      }
    });

    it('testAbortWriteTransactions: DELETE /_api/transaction/write aborts every write transaction', async () => {
      const ids = [await begin({ collections: { write: [cn1] } }), await begin({ collections: { write: [cn1] } })];
      const r = await call('DELETE', '/_api/transaction/write');
      assert.equal(r.status, 200);
      assert.equal(r.body.code, 200);
      const now = await listed();
      for (const id of ids) assert.ok(!now.includes(id));
    });

    for (const [id, read] of [
      ['testNonExistingCollectionsArray', ['UnitTestsTransactionNonExisting']],
      ['testNonExistingCollectionsString', 'UnitTestsTransactionNonExisting'],
    ] as const)
      it(`${id}: a missing collection is 404/1203`, async () => {
        const r = await call('POST', '/_api/transaction/begin', { collections: { read } });
        assert.equal(r.status, 404);
        assert.equal(r.body.errorNum, 1203);
      });

    for (const [id, collections] of [
      ['testNonDeclaredCollections1', {}],
      ['testNonDeclaredCollections2', { write: [cn2] }],
      ['testNonDeclaredCollections3', { read: [cn1] }],
    ] as const)
      it(`${id}: writing a collection not declared for writing is 400/1652`, async () => {
        const trx = await begin({ collections });
        const r = await call('POST', `/_api/document/${cn1}`, { _key: 'foo' }, trx);
        assert.equal(r.status, 400);
        assert.equal(r.body.errorNum, 1652);
        await call('DELETE', `/_api/transaction/${trx}`);
      });

    it('testNoCollectionsAql: a query without collections runs in a transaction without any', async () => {
      const trx = await begin({ collections: {} });
      const r = await call('POST', '/_api/cursor', { query: 'FOR i IN [ 1, 2, 3 ] RETURN i' }, trx);
      assert.deepEqual(r.body.result, [1, 2, 3]);
      assert.equal((await call('PUT', `/_api/transaction/${trx}`)).status, 200);
    });

    // Before: another user could read, use, commit and abort a transaction, and root listed
    // everybody's. ArangoDB's transaction::Manager answers only its beginner (authorized():
    // leaseManagedTrx, getManagedTrxStatus, updateTransaction, toVelocyPack, abortAllManagedWriteTrx).
    it('Manager authorized(): a transaction is its beginner\'s, root included', async () => {
      const bob = 'Basic ' + Buffer.from('bob:pw').toString('base64');
      await call('POST', '/_api/user', { user: 'bob', passwd: 'pw' });
      await call('PUT', '/_api/user/bob/database/_system', { grant: 'rw' });
      const asBob = async (method: string, path: string, body?: unknown, trx?: string) => {
        const res = await s.request({ method, url: path, body, auth: bob, headers: trx ? { 'x-arango-trx-id': trx } : {} });
        return { status: res.statusCode, body: bodyOf(res) };
      };
      const mine = await begin({ collections: { write: [cn1] } });
      assert.deepEqual((await asBob('GET', `/_api/transaction/${mine}`)).body, { error: true, code: 404, errorNum: 1655, errorMessage: 'transaction not found' });
      assert.deepEqual((await asBob('GET', '/_api/transaction')).body, { transactions: [] });
      assert.deepEqual((await asBob('POST', `/_api/document/${cn1}`, { _key: 'bob' }, mine)).body, { error: true, code: 404, errorNum: 1655, errorMessage: `not authorized to access transaction ${mine}` });
      assert.deepEqual((await asBob('POST', '/_api/cursor', { query: 'RETURN 1' }, mine)).body.errorNum, 1655);
      assert.deepEqual((await asBob('PUT', `/_api/transaction/${mine}`)).body, { error: true, code: 404, errorNum: 1655, errorMessage: `transaction ${mine} inaccessible on commit operation` });
      assert.deepEqual((await asBob('DELETE', `/_api/transaction/${mine}`)).body, { error: true, code: 404, errorNum: 1655, errorMessage: `transaction ${mine} inaccessible on abort operation` });
      assert.equal((await asBob('DELETE', '/_api/transaction/write')).status, 200);
      assert.equal((await call('GET', `/_api/transaction/${mine}`)).body.result.status, 'running', "bob's abort-all leaves root's");
      // and root does not see bob's
      const bobs = (await asBob('POST', '/_api/transaction/begin', { collections: { read: [cn1] } })).body.result.id;
      assert.ok(!(await listed()).includes(bobs));
      assert.ok((await asBob('GET', '/_api/transaction')).body.transactions.some((t: { id: string }) => t.id === bobs));
      assert.equal((await call('GET', `/_api/transaction/${bobs}`)).status, 404);
      assert.equal((await asBob('DELETE', `/_api/transaction/${bobs}`)).status, 200);
      assert.equal((await call('DELETE', `/_api/transaction/${mine}`)).status, 200);
      await call('DELETE', '/_api/user/bob');
    });

    it('Manager::abortAllManagedWriteTrx: DELETE /_api/transaction/write aborts the caller\'s write transactions in every database', async () => {
      await call('POST', '/_api/database', { name: 'trxwriteall' });
      await s.request({ method: 'POST', url: '/_db/trxwriteall/_api/collection', body: { name: 'c' } });
      const there = (await call('POST', '/_db/trxwriteall/_api/transaction/begin', { collections: { write: 'c' } })).body.result.id;
      const reader = await begin({ collections: { read: [cn1] } });
      assert.equal((await call('DELETE', '/_api/transaction/write')).status, 200);
      assert.equal((await call('GET', `/_db/trxwriteall/_api/transaction/${there}`)).body.result.status, 'aborted');
      assert.equal((await call('GET', `/_api/transaction/${reader}`)).body.result.status, 'running', 'a read-only one stays');
      await call('DELETE', `/_api/transaction/${reader}`);
      await call('DELETE', '/_api/database/trxwriteall');
    });

    // tests/js/client/authentication/auth-transaction-collection-permission.js: a collection
    // the user may not use stays forbidden inside a transaction that did not declare it
    it('auth-transaction-collection-permission.js: 403/11 inside a transaction as outside', async () => {
      const db = 'UnitTestsTrxPerm';
      const u = 'Basic ' + Buffer.from('trxPermUser:pw').toString('base64');
      await call('POST', '/_api/database', { name: db });
      for (const c of ['secretCollection', 'allowedCollection']) {
        await call('POST', `/_db/${db}/_api/collection`, { name: c });
        await call('POST', `/_db/${db}/_api/document/${c}`, { _key: 'test1', value: 1 });
      }
      await call('POST', '/_api/user', { user: 'trxPermUser', passwd: 'pw' });
      await call('PUT', `/_api/user/trxPermUser/database/${db}`, { grant: 'rw' });
      await call('PUT', `/_api/user/trxPermUser/database/${db}/allowedCollection`, { grant: 'ro' });
      await call('PUT', `/_api/user/trxPermUser/database/${db}/secretCollection`, { grant: 'none' });
      const asUser = async (method: string, path: string, body?: unknown, trx?: string) =>
        (await s.request({ method, url: `/_db/${db}${path}`, body, auth: u, headers: trx ? { 'x-arango-trx-id': trx } : {} })).statusCode;
      const trx = bodyOf(await s.request({ method: 'POST', url: `/_db/${db}/_api/transaction/begin`, body: { collections: {} }, auth: u })).result.id;
      for (const t of [trx, undefined]) {
        const where = t ? 'in the transaction' : 'standalone';
        assert.equal(await asUser('GET', '/_api/document/allowedCollection/test1', undefined, t), 200, where);
        assert.equal(await asUser('GET', '/_api/collection/allowedCollection/count', undefined, t), 200, where);
        assert.equal(await asUser('GET', '/_api/document/secretCollection/test1', undefined, t), 403, where);
        assert.equal(await asUser('POST', '/_api/document/secretCollection', { value: 1 }, t), 403, where);
        assert.equal(await asUser('PATCH', '/_api/document/secretCollection/test1', { value: 2 }, t), 403, where);
        assert.equal(await asUser('DELETE', '/_api/document/secretCollection/test1', {}, t), 403, where);
        assert.equal(await asUser('GET', '/_api/collection/secretCollection/count', undefined, t), 403, where);
      }
      assert.equal(await asUser('DELETE', `/_api/transaction/${trx}`), 200);
      await call('DELETE', '/_api/user/trxPermUser');
      await call('DELETE', `/_api/database/${db}`);
    });

    it('testRollbackInsertUpdate / testRollbackUpdateUpdate: the transaction sees its writes, an abort leaves nothing', async () => {
      await call('PUT', `/_api/collection/${cn1}/truncate`);
      const revs: Record<string, string> = {};
      for (const [k, a] of [['foo', 1], ['bar', 2], ['meow', 3]] as const) revs[k] = (await call('POST', `/_api/document/${cn1}`, { _key: k, a })).body._rev;
      const trx = await begin({ collections: { write: [cn1] } });
      for (const k of ['tom', 'tim', 'tam']) assert.equal((await call('POST', `/_api/document/${cn1}`, { _key: k }, trx)).status, 202);
      for (const k of ['tom', 'tim', 'tam', 'bar']) assert.equal((await call('PATCH', `/_api/document/${cn1}/${k}`, {}, trx)).status, 202);
      for (const k of ['foo', 'bar', 'meow', 'tom']) assert.equal((await call('DELETE', `/_api/document/${cn1}/${k}`, undefined, trx)).status, 202);
      assert.equal((await call('GET', `/_api/collection/${cn1}/count`, undefined, trx)).body.count, 2);
      assert.equal((await call('DELETE', `/_api/transaction/${trx}`)).status, 200);
      assert.equal((await call('GET', `/_api/collection/${cn1}/count`)).body.count, 3);

      const trx2 = await begin({ collections: { write: [cn1] } });
      for (let i = 0; i < 20; i++) {
        for (const [k, v] of [['foo', i], ['bar', i + 42], ['meow', i + 23]] as const) await call('PUT', `/_api/document/${cn1}/${k}`, { a: v }, trx2);
        assert.equal((await call('GET', `/_api/document/${cn1}/bar`, undefined, trx2)).body.a, i + 42);
      }
      assert.equal((await call('DELETE', `/_api/transaction/${trx2}`)).status, 200);
      for (const [k, a] of [['foo', 1], ['bar', 2], ['meow', 3]] as const) {
        const d = (await call('GET', `/_api/document/${cn1}/${k}`)).body;
        assert.equal(d.a, a);
        assert.equal(d._rev, revs[k]);
      }
    });

    it('transactionAQLStreamSuite testMultipleCursorsInSameTransaction: a second stream cursor is 28 while the first is open', async () => {
      const trx = await begin({ collections: {} });
      const q = { query: 'FOR i IN 1..10000000000000 RETURN i', batchSize: 10, options: { stream: true } };
      const first = await call('POST', '/_api/cursor', q, trx);
      assert.equal(first.status, 201);
      const second = await call('POST', '/_api/cursor', q, trx);
      assert.equal(second.body.errorNum, 28, JSON.stringify(second.body));
      assert.equal((await call('DELETE', `/_api/cursor/${first.body.id}`)).status, 202);
      assert.equal((await call('DELETE', `/_api/transaction/${trx}`)).status, 200);
    });

    type Op = (k: string) => [string, string, unknown];
    const overlaps: [string, boolean, Op][] = [
      ['testOverlapInsert', false, (k) => ['POST', `/_api/document/${cn1}`, { _key: k }]],
      ['testOverlapUpdate', true, (k) => ['PATCH', `/_api/document/${cn1}/${k}`, { value: 'x' }]],
      ['testOverlapReplace', true, (k) => ['PUT', `/_api/document/${cn1}/${k}`, { value: 'x' }]],
      ['testOverlapRemove', true, (k) => ['DELETE', `/_api/document/${cn1}/${k}`, undefined]],
    ];
    for (const [id, setup, op] of overlaps)
      it(`transactionOverlapSuite ${id}: a second transaction writing the same document conflicts (409/1200)`, async () => {
        const key = `overlap-${id}`;
        if (setup) await call('POST', `/_api/document/${cn1}`, { _key: key });
        const [method, path, body] = op(key);
        const t1 = await begin({ collections: { write: [cn1] } });
        const t2 = await begin({ collections: { write: [cn1] } });
        assert.equal((await call(method, path, body, t1)).status, 202);
        const r = await call(method, path, body, t2);
        assert.equal(r.status, 409);
        assert.equal(r.body.errorNum, 1200);
        await call('DELETE', `/_api/transaction/${t2}`);
        await call('DELETE', `/_api/transaction/${t1}`);
      });

    it('testRedeclareCollectionArray/String and testValidMultipleCollectionsString: writes commit once', async () => {
      await call('PUT', `/_api/collection/${cn1}/truncate`);
      await call('PUT', `/_api/collection/${cn2}/truncate`);
      await call('POST', `/_api/document/${cn2}`, { _key: 'foo' });
      const trx = await begin({ collections: { read: cn1, write: cn1 } });
      assert.equal((await call('POST', `/_api/document/${cn1}`, { _key: 'foo' }, trx)).status, 202);
      assert.equal((await call('GET', `/_api/document/${cn2}/foo`, undefined, trx)).status, 200);
      assert.equal((await call('GET', `/_api/collection/${cn1}/count`)).body.count, 0);
      assert.equal((await call('PUT', `/_api/transaction/${trx}`)).status, 200);
      assert.equal((await call('GET', `/_api/collection/${cn1}/count`)).body.count, 1);
    });
  });

  // HttpRequest::parseUrl (3.12) throws TRI_ERROR_ARANGO_ILLEGAL_NAME `database name is not
  // properly UTF-8 NFC-normalized` for a /_db/ name that is not NFC, before the database is
  // looked up or the user checked. Before: 404/1228 (or 401 without credentials).
  it('parseUrl: a /_db/ name that is not NFC-normalized is 400/1208, with or without credentials', async () => {
    const illegal = { error: true, code: 400, errorNum: 1208, errorMessage: 'database name is not properly UTF-8 NFC-normalized' };
    // test-extended-names-databases-on.js invalidNames
    for (const name of ['\u212b', '\u0041\u030a', '\u0073\u0323\u0307', '\u006e\u0303\u00f1']) {
      for (const auth of [undefined, null]) {
        const res = await s.request({ method: 'GET', url: `/_db/${encodeURIComponent(name)}/_api/version`, auth });
        assert.equal(res.statusCode, 400, name);
        assert.deepEqual(bodyOf(res), illegal);
      }
    }
    // the same name normalized is merely unknown
    const res = await s.request({ method: 'GET', url: `/_db/${encodeURIComponent('\u006e\u0303\u00f1'.normalize('NFC'))}/_api/version` });
    assert.deepEqual(bodyOf(res), { error: true, code: 404, errorNum: 1228, errorMessage: 'database not found' });
    // and over a real connection
    const raw = await rawExchange(url, `GET /_db/${encodeURIComponent('\u0041\u030a')}/_api/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${AUTH_LINE}\r\n`);
    assert.match(raw, /^HTTP\/1\.1 400 /);
    assert.ok(raw.endsWith(JSON.stringify(illegal)), raw);
  });
});

describe('shell-request.js (requests echoed by /_admin/echo, authentication off)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--auth', 'false']);
  });
  after(async () => {
    await s.close();
  });
  const echo = async (method: string, path: string, headers: Record<string, string> = {}, rawBody?: string) => {
    const res = await s.request({ method, url: '/_admin/echo' + path, headers, rawBody, auth: headers.authorization ?? null });
    assert.equal(res.statusCode, 200);
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
    return bodyOf(res);
  };

  for (const method of ['DELETE', 'GET', 'POST'])
    it(`test${method[0]}${method.slice(1).toLowerCase()}Method: the path below /_admin/echo`, async () => {
      const d = await echo(method, '/lol');
      assert.equal(d.path, '/lol');
      if (method === 'GET') assert.equal(d.headers['content-type'], undefined);
    });

  it('testHeadMethod: no body', async () => {
    const res = await s.request({ method: 'HEAD', url: '/_admin/echo/lol', auth: null });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
  });

  it('testPutMethod / testStringBody / testBufferBody: the body as text and as bytes', async () => {
    let d = await echo('PUT', '/lol', { 'content-type': 'application/json' }, '{"hello":"world"}');
    assert.deepEqual(JSON.parse(d.requestBody), { hello: 'world' });
    d = await echo('POST', '/lol', {}, 'hello world');
    assert.equal(d.requestBody, 'hello world');
    d = await echo('POST', '/lol', { 'content-type': 'application/octet-stream' }, 'hello world');
    assert.deepEqual(d.rawRequestBody, Buffer.from('hello world').toJSON());
  });

  it('testRequestHeaders: headers as sent', async () => {
    const headers = { 'content-type': 'application/x-magic', 'content-disposition': 'x-chaotic; mood=cheerful', 'x-hovercraft': 'full-of-eels' };
    const d = await echo('POST', '/lol', headers);
    for (const [k, v] of Object.entries(headers)) assert.equal(d.headers[k], v);
  });

  it('testQuerystringAsString: the url keeps the query string as sent', async () => {
    const d = await echo('POST', '/lol?hovercraft%5B0%5D=full&hovercraft%5B1%5D=of&hovercraft%5B2%5D=eels');
    assert.equal(d.url, '/_admin/echo/lol?hovercraft%5B0%5D=full&hovercraft%5B1%5D=of&hovercraft%5B2%5D=eels');
  });

  // Before: Cairn left the authorization header out of the echo; ArangoDB's shows it.
  for (const [id, authorization] of [
    ['testBasicAuth', 'Basic ' + Buffer.from('jcd:bionicman').toString('base64')],
    ['testBearerAuth', 'bearer full of bears'],
  ])
    it(`${id}: the authorization header is echoed`, async () => {
      const d = await echo('POST', '/lol', { authorization });
      assert.equal(d.headers.authorization, authorization);
    });

  it('test404: a path nothing serves is 404', async () => {
    const res = await s.request({ method: 'GET', url: '/_not-there/lol', auth: null });
    assert.equal(res.statusCode, 404);
  });
});
