// The HTTP pipeline shared by every route: database prefix, authentication, the error
// envelope for unknown paths, wrong methods, bad JSON and oversized bodies, headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, ROOT_AUTH, spawnServer, startServer, tempDir, type TestServer } from '../helpers/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('HTTP pipeline', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--max-body-size', '1k']);
  });
  after(async () => {
    await s.close();
  });

  it('answers /_api/version with the ArangoDB version Cairn speaks', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), { server: 'arango', version: '3.12.0', license: 'community' });
  });

  it('answers /_api/version and /_admin/version to any method, as ArangoDB does', async () => {
    for (const url of ['/_api/version', '/_admin/version'])
      for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE']) {
        const res = await s.request({ method, url });
        assert.equal(res.statusCode, 200, `${method} ${url}`);
        assert.deepEqual(bodyOf(res), { server: 'arango', version: '3.12.0', license: 'community' });
      }
    // HEAD: the headers of GET (its length too), no body
    const get = await s.request({ method: 'GET', url: '/_api/version' });
    const head = await s.request({ method: 'HEAD', url: '/_api/version' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-type'], JSON_TYPE);
    assert.equal(head.headers['content-length'], get.headers['content-length']);
  });

  it('adds Cairn details with details=true and tolerates details=undefined', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version?details=true' });
    const b = bodyOf(res);
    assert.equal(b.details['cairn-version'], '0.1.0');
    assert.equal(b.details['cairn-server'], 'cairn');
    const plain = await s.request({ method: 'GET', url: '/_api/version?details=undefined' });
    assert.deepEqual(bodyOf(plain), { server: 'arango', version: '3.12.0', license: 'community' });
  });

  it('serves every route under /_db/<name>/ as well', async () => {
    const res = await s.request({ method: 'GET', url: '/_db/_system/_api/version' });
    assert.equal(res.statusCode, 200);
    assert.equal(bodyOf(res).server, 'arango');
  });

  it('answers an unknown database with 404/1228', async () => {
    const res = await s.request({ method: 'GET', url: '/_db/nosuchdb/_api/version' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), { error: true, code: 404, errorNum: 1228, errorMessage: 'database not found' });
  });

  it('answers an unknown path with 404/404 naming the path', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/not-existing?x=1' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), { error: true, code: 404, errorNum: 404, errorMessage: "unknown path '/_api/not-existing'" });
  });

  it('answers a wrong method on a known path with 405/405', async () => {
    const res = await s.request({ method: 'DELETE', url: '/_api/explain' });
    assert.equal(res.statusCode, 405);
    assert.deepEqual(bodyOf(res), { error: true, code: 405, errorNum: 405, errorMessage: 'method not supported' });
  });

  it('answers OPTIONS on any path with 200 and the allowed methods', async () => {
    const res = await s.request({ method: 'OPTIONS', url: '/_api/anything', auth: null });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.allow, 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
    assert.equal(res.body, '');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  it("sends ArangoDB 3.12's security headers on every response, errors and OPTIONS included", async () => {
    const expected = {
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0',
      'content-security-policy': "frame-ancestors 'self'; form-action 'self';",
      expires: '0',
      pragma: 'no-cache',
      'strict-transport-security': 'max-age=31536000 ; includeSubDomains',
    };
    for (const [method, url, auth] of [['GET', '/_api/version', undefined], ['GET', '/_api/nothing', undefined], ['GET', '/_api/version', null], ['OPTIONS', '/_api/version', null], ['GET', '/%', undefined]] as const) {
      const res = await s.request({ method, url, auth });
      for (const [h, v] of Object.entries(expected)) assert.equal(res.headers[h], v, `${method} ${url} ${h}`);
    }
  });

  it('answers CORS as ArangoDB does: the origin echoed without credentials, and preflights', async () => {
    const get = await s.request({ method: 'GET', url: '/_api/version', headers: { origin: 'http://www.some-url.com/' } });
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['access-control-allow-origin'], 'http://www.some-url.com/');
    assert.equal(get.headers['access-control-allow-credentials'], 'false');
    assert.match(String(get.headers['access-control-expose-headers']), /\betag\b.*\bx-arango-async-id\b/);
    assert.equal(get.headers['access-control-max-age'], undefined);
    const nul = await s.request({ method: 'GET', url: '/_api/version', headers: { origin: 'null' } });
    assert.equal(nul.headers['access-control-allow-origin'], 'null');
    for (const [requested, allowed] of [[undefined, undefined], ['   ', undefined], ['foo,bar,baz', 'foo,bar,baz']] as const) {
      const headers: Record<string, string> = { origin: 'http://127.0.0.1', 'access-control-request-method': 'put' };
      if (requested !== undefined) headers['access-control-request-headers'] = requested;
      const pre = await s.request({ method: 'OPTIONS', url: '/_api/version', headers, auth: null });
      assert.equal(pre.statusCode, 200);
      assert.equal(pre.body, '');
      assert.equal(pre.headers['access-control-allow-origin'], 'http://127.0.0.1');
      assert.equal(pre.headers['access-control-allow-methods'], 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
      assert.equal(pre.headers['access-control-allow-credentials'], 'false');
      assert.equal(pre.headers['access-control-max-age'], '1800');
      assert.equal(pre.headers['access-control-allow-headers'], allowed);
    }
  });

  it('sends x-arango-queue-time-seconds on every response, errors included', async () => {
    for (const url of ['/_api/version', '/_api/nope', '/_db/x/_api/version']) {
      const res = await s.request({ method: 'GET', url });
      assert.match(String(res.headers['x-arango-queue-time-seconds']), /^\d+\.\d{6}$/, url);
    }
    const unauth = await s.request({ method: 'GET', url: '/_api/version', auth: null });
    assert.match(String(unauth.headers['x-arango-queue-time-seconds']), /^\d+\.\d{6}$/);
  });

  it('rejects a body over --max-body-size with 413 and a clear message', async () => {
    const res = await s.request({ method: 'POST', url: '/_api/version', rawBody: 'x'.repeat(2048), headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), {
      error: true,
      code: 413,
      errorNum: 413,
      errorMessage: 'request body too large: 2048 bytes, the limit is 1024 bytes',
    });
  });

  it('never answers with a stack trace or HTML, whatever the path', async () => {
    for (const url of ['/%', '/_db/%zz/_api/version', '/_api/' + 'a'.repeat(5000), '/_db//_api/version']) {
      const res = await s.request({ method: 'GET', url });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
      assert.equal(res.headers['content-type'], JSON_TYPE, url);
      const b = bodyOf(res);
      assert.equal(b.error, true);
      assert.equal(typeof b.errorNum, 'number');
      assert.doesNotMatch(res.body, /at .*\.js:\d+/);
    }
  });
});

describe('authentication', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--root-password', 's3cret']);
  });
  after(async () => {
    await s.close();
  });

  const unauthorized = { error: true, code: 401, errorNum: 11, errorMessage: 'not authorized to execute this request' };
  const basic = (user: string, pw: string): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

  it('answers missing credentials with 401/11 and both of ArangoDB\'s challenges (none with x-omit-www-authenticate)', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version', auth: null });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.headers['www-authenticate'], ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"']);
    const omitted = await s.request({ method: 'GET', url: '/_api/version', auth: null, headers: { 'x-omit-www-authenticate': '1' } });
    assert.equal(omitted.statusCode, 401);
    assert.equal(omitted.headers['www-authenticate'], undefined);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(bodyOf(res), unauthorized);
  });

  it('answers a wrong password, an unknown user and a malformed header with 401/11', async () => {
    for (const auth of [basic('root', 'wrong'), basic('bob', 's3cret'), 'Bearer abc', 'Basic', 'garbage']) {
      const res = await s.request({ method: 'GET', url: '/_api/version', auth });
      assert.equal(res.statusCode, 401, auth);
      assert.deepEqual(bodyOf(res), unauthorized);
    }
  });

  it('checks credentials before anything else: unknown paths and databases too', async () => {
    for (const url of ['/_api/nope', '/_db/nosuch/_api/version']) {
      const res = await s.request({ method: 'GET', url, auth: null });
      assert.equal(res.statusCode, 401, url);
    }
  });

  it('accepts root with the configured password', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version', auth: basic('root', 's3cret') });
    assert.equal(res.statusCode, 200);
  });
});

describe('authentication switched off', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--auth', 'false']);
  });
  after(async () => {
    await s.close();
  });

  it('serves requests without credentials', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/version', auth: null });
    assert.equal(res.statusCode, 200);
  });
});

describe('a body that is not JSON', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('is answered 400/600 by any route that reads a body, whatever its content type', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
      const res = await s.request({ method: 'POST', url: '/_api/database', rawBody: '{"name": ', headers: { 'content-type': type } });
      assert.equal(res.statusCode, 400, type);
      const b = bodyOf(res);
      assert.equal(b.errorNum, 600);
      assert.equal(b.code, 400);
      assert.equal(b.error, true);
      assert.match(b.errorMessage, /^VPackError error: /);
    }
  });

  it('is answered 400/600 when an object names an attribute twice, as ArangoDB parses bodies; nothing is written', async () => {
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'twice' } });
    const dup = { error: true, code: 400, errorNum: 600, errorMessage: 'VPackError error: Duplicate attribute name' };
    for (const [method, url, rawBody] of [
      ['POST', '/_api/document/twice', '{ "_key": "k", "a" : 1, "a": 2 }'],
      ['POST', '/_api/document/twice', '[{ "_key": "k", "outer" : { "a" : 1, "a": 2 } }]'],
      ['POST', '/_api/cursor', '{ "query": "RETURN 1", "query": "RETURN 2" }'],
    ]) {
      const res = await s.request({ method: method!, url: url!, rawBody, headers: { 'content-type': 'application/json' } });
      assert.deepEqual({ status: res.statusCode, body: bodyOf(res) }, { status: 400, body: dup }, rawBody);
    }
    assert.equal((await s.request({ method: 'GET', url: '/_api/document/twice/k' })).statusCode, 404);
    // the same key in two objects is no repetition
    const ok = await s.request({ method: 'POST', url: '/_api/document/twice', rawBody: '[{"a":1},{"a":2,"o":{"a":3}}]', headers: { 'content-type': 'application/json' } });
    assert.equal(ok.statusCode, 202);
  });
});

describe('a body JSON.parse accepts and VelocyPack refuses', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'vp' } });
  });
  after(async () => {
    await s.close();
  });

  const send = (url: string, rawBody: string) => s.request({ method: 'POST', url, rawBody, headers: { 'content-type': 'application/json' } });
  const refused = (message: string) => ({ status: 400, body: { error: true, code: 400, errorNum: 600, errorMessage: `VPackError error: ${message}` } });
  const OUT = 'Number out of range';
  const CASES: [string, string][] = [
    ['{"_key":"a","n":1e400}', OUT],
    ['{"_key":"a","n":-1e400}', OUT],
    ['{"_key":"a","n":0e400}', OUT], // VelocyPack: 0 times 10^400 is NaN
    ['{"_key":"a","n":123.5e307}', OUT],
    ['{"_key":"a","s":"\\uD800"}', 'Unexpected end of string after high surrogate'],
    ['{"_key":"a","s":"\\uD800x"}', 'Unexpected \\uXXXX escape sequence (high surrogate without low surrogate)'],
    ['{"_key":"a","s":"\\uDC00x"}', 'Unexpected \\uXXXX escape sequence (low surrogate without high surrogate)'],
    ['{"_key":"a","s":"\\ud800\\ud800"}', 'Unexpected \\uXXXX escape sequence (multiple adjacent high surrogates)'],
  ];

  it('is 400/600 with VelocyPack\'s message on documents, cursors and collections; nothing is written', async () => {
    for (const [raw, message] of CASES) {
      for (const [url, body] of [['/_api/document/vp', raw], ['/_api/document/vp', `[${raw}]`], ['/_api/cursor', `{"query":"RETURN @v","bindVars":{"v":${raw}}}`]] as const) {
        const res = await send(url, body);
        assert.deepEqual({ status: res.statusCode, body: bodyOf(res) }, refused(message), body);
      }
    }
    assert.equal((await s.request({ method: 'GET', url: '/_api/document/vp/a' })).statusCode, 404);
  });

  it('is a parse error of its line or document in an import', async () => {
    const imp = await s.request({ method: 'POST', url: '/_api/import?collection=vp&type=documents', rawBody: '{"_key":"i1","n":1e400}\n{"_key":"i2","s":"\\uDC00"}\n{"_key":"i3"}\n', headers: { 'content-type': 'text/plain' } });
    assert.deepEqual([bodyOf(imp).created, bodyOf(imp).errors], [1, 2]);
    const list = await s.request({ method: 'POST', url: '/_api/import?collection=vp&type=list', rawBody: '[{"_key":"i4","n":1e400}]', headers: { 'content-type': 'text/plain' } });
    assert.deepEqual({ status: list.statusCode, body: bodyOf(list) }, refused(OUT));
  });

  it('keeps what VelocyPack accepts: large finite numbers, 1e-400, pairs, escaped backslashes, exponents in strings', async () => {
    const raw = '{"_key":"ok","a":1e308,"b":-1.7e308,"c":1e-400,"d":"\\ud83d\\ude00","e":"\\\\uD800","f":"9e999","g":1E+2}';
    assert.equal((await send('/_api/document/vp', raw)).statusCode, 202);
    const doc = bodyOf(await s.request({ method: 'GET', url: '/_api/document/vp/ok' }));
    assert.deepEqual([doc.a, doc.b, doc.c, doc.d, doc.e, doc.f, doc.g], [1e308, -1.7e308, 0, '\u{1F600}', '\\uD800', '9e999', 100]);
  });
});

describe('paths served without credentials', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--root-password', 'pw']);
  });
  after(async () => {
    await s.close();
  });

  it('serves /_admin/server/availability without credentials, as ArangoDB does for load balancers', async () => {
    const res = await s.request({ method: 'GET', url: '/_admin/server/availability', auth: null });
    assert.equal(res.statusCode, 200);
    const other = await s.request({ method: 'GET', url: '/_admin/server/role', auth: null });
    assert.equal(other.statusCode, 401);
  });
});

describe('an internal error', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('is answered 500/4 and logged with the request it broke', async () => {
    const logged: [string, unknown][] = [];
    const services = s.server.services;
    const { log } = services;
    const catalog = services.storage.catalog;
    const requireDatabase = catalog.requireDatabase;
    services.log = (msg, err) => logged.push([msg, err]);
    catalog.requireDatabase = () => {
      throw new Error('disk on fire');
    };
    try {
      const res = await s.request({ method: 'GET', url: '/_api/version?details=true' });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(bodyOf(res), { error: true, code: 500, errorNum: 4, errorMessage: 'internal error' });
    } finally {
      services.log = log;
      catalog.requireDatabase = requireDatabase;
    }
    assert.equal(logged.length, 1);
    assert.equal(logged[0]![0], 'internal error while handling GET /_api/version?details=true:');
    assert.equal((logged[0]![1] as Error).message, 'disk on fire');
  });

  it('is not logged when it is a user error', async () => {
    const logged: unknown[] = [];
    const services = s.server.services;
    const { log } = services;
    services.log = (msg) => logged.push(msg);
    try {
      const res = await s.request({ method: 'GET', url: '/_api/document/nothere/k' });
      assert.equal(res.statusCode, 404);
    } finally {
      services.log = log;
    }
    assert.deepEqual(logged, []);
  });
});

describe('--log-level', () => {
  // Requests are logged only at debug (Fastify's lines); below it nothing per request.
  for (const [level, logged] of [['debug', true], ['info', false]] as const) {
    it(`${level}: requests are ${logged ? '' : 'not '}logged`, async () => {
      const dir = tempDir();
      const child = await spawnServer(['--data-dir', dir, '--log-level', level]);
      try {
        const before = child.output().length;
        const res = await fetch(child.url + '/_api/version', { headers: { authorization: ROOT_AUTH } });
        assert.equal(res.status, 200);
        await res.text();
        await new Promise((r) => setTimeout(r, 200));
        const out = child.output().slice(before);
        assert.equal(/request completed/.test(out), logged, out);
        if (logged) assert.match(out, /"url":"\/_api\/version"/);
      } finally {
        child.proc.kill('SIGTERM');
        await new Promise((r) => child.proc.once('exit', r));
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
