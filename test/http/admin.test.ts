// /_admin/time, /_admin/sleep (and how it stops early), /_admin/status, the
// /_admin/server/* answers and /_api/engine: status and whole body of each.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import { abortableSleep } from '../../src/http/routes/admin.js';
import { bodyOf, leaveAfter, ownAppPerSuite, ROOT_AUTH, startServer, type TestServer } from '../helpers/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const canceled = err(410, 21, 'canceled request');

describe('/_admin and /_api/engine', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string) {
    const res = await s.request({ method, url });
    return { status: res.statusCode, body: bodyOf(res), type: res.headers['content-type'] };
  }

  it('answers /_admin/time with the Unix time in seconds, to every method and in every database', async () => {
    for (const [method, url] of [['GET', '/_admin/time'], ['POST', '/_admin/time'], ['PUT', '/_db/_system/_admin/time'], ['DELETE', '/_admin/time']]) {
      const before = Date.now() / 1000;
      const res = await call(method!, url!);
      const after = Date.now() / 1000;
      assert.equal(res.status, 200);
      assert.equal(res.type, JSON_TYPE);
      const { time } = res.body;
      assert.ok(time >= before - 0.001 && time <= after + 0.001, `time ${time} outside [${before}, ${after}]`);
      assert.deepEqual(res.body, { error: false, code: 200, time });
    }
  });

  it('sleeps for the given duration and echoes it', async () => {
    const t0 = Date.now();
    const res = await call('GET', '/_admin/sleep?duration=0.25');
    assert.ok(Date.now() - t0 >= 240, `answered after ${Date.now() - t0} ms`);
    assert.deepEqual(res, { status: 200, body: { error: false, code: 200, duration: 0.25 }, type: JSON_TYPE });
  });

  it('reads the duration as parseFloat does and answers every method', async () => {
    assert.deepEqual((await call('POST', '/_admin/sleep?duration=0.01xyz')).body, { error: false, code: 200, duration: 0.01 });
    assert.deepEqual((await call('PUT', '/_admin/sleep?duration=0')).body, { error: false, code: 200, duration: 0 });
    assert.deepEqual((await call('GET', '/_admin/sleep?duration=-2')).body, { error: false, code: 200, duration: -2 });
  });

  it('sleeps 3 seconds when the duration is missing or not a number', async () => {
    const t0 = Date.now();
    const res = await call('GET', '/_admin/sleep?duration=abc');
    assert.ok(Date.now() - t0 >= 2990, `answered after ${Date.now() - t0} ms`);
    assert.deepEqual(res, { status: 200, body: { error: false, code: 200, duration: 3 }, type: JSON_TYPE });
  });

  it('answers /_admin/status with the single-server facts', async () => {
    const res = await call('GET', '/_admin/status');
    assert.deepEqual(res, {
      status: 200,
      type: JSON_TYPE,
      body: {
        server: 'arango',
        version: '3.12.0',
        pid: process.pid,
        license: 'community',
        mode: 'server',
        operationMode: 'server',
        foxxApi: false,
        host: hostname(),
        serverInfo: {
          progress: { phase: 'in wait', feature: '', recoveryTick: 0 },
          maintenance: false,
          role: 'SINGLE',
          writeOpsEnabled: true,
          readOnly: false,
        },
      },
    });
  });

  it('answers the server role, mode and availability', async () => {
    assert.deepEqual(await call('GET', '/_admin/server/role'), { status: 200, body: { error: false, code: 200, role: 'SINGLE', mode: 'default' }, type: JSON_TYPE });
    assert.deepEqual(await call('GET', '/_admin/server/mode'), { status: 200, body: { error: false, code: 200, mode: 'default' }, type: JSON_TYPE });
    assert.deepEqual(await call('GET', '/_admin/server/availability'), { status: 200, body: { error: false, code: 200, mode: 'default' }, type: JSON_TYPE });
  });

  it('answers the JWT secret reload and key rotation (/_admin/server/jwt, /encryption) 404 not found, as the Community Edition', async () => {
    const notFound = { status: 404, body: { error: true, code: 404, errorNum: 404, errorMessage: 'not found' }, type: JSON_TYPE };
    for (const method of ['GET', 'POST']) {
      assert.deepEqual(await call(method, '/_admin/server/jwt'), notFound);
      assert.deepEqual(await call(method, '/_admin/server/encryption'), notFound);
    }
    assert.deepEqual(await call('GET', '/_admin/server/nope'), notFound);
  });

  it('answers /_api/engine with the storage engine and its index types, without an envelope', async () => {
    assert.deepEqual(await call('GET', '/_api/engine'), {
      status: 200,
      type: JSON_TYPE,
      body: {
        name: 'lmdb',
        supports: {
          indexes: ['primary', 'edge', 'persistent', 'ttl', 'hash', 'skiplist', 'geo', 'fulltext', 'mdi', 'mdi-prefixed', 'zkd', 'inverted'],
          aliases: { indexes: { hash: 'persistent', skiplist: 'persistent', geo1: 'geo', geo2: 'geo' } },
        },
      },
    });
  });

  it('answers other methods on the GET-only routes with 405', async () => {
    for (const url of ['/_admin/status', '/_admin/server/role', '/_admin/server/availability', '/_admin/server/mode', '/_api/engine']) {
      assert.deepEqual(await call('POST', url), { status: 405, body: err(405, 405, 'method not supported'), type: JSON_TYPE });
    }
  });

  it('requires credentials like every other route', async () => {
    const res = await s.request({ method: 'GET', url: '/_admin/time', auth: null });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(bodyOf(res), err(401, 11, 'not authorized to execute this request'));
  });
});

describe('abortableSleep', () => {
  it('resolves after the time when nothing aborts', async () => {
    const t0 = Date.now();
    await abortableSleep(0.05, new AbortController().signal);
    assert.ok(Date.now() - t0 >= 45);
  });

  it('throws the abort reason when it is an ArangoError', async () => {
    const ac = new AbortController();
    const reason = new ArangoError(ERR.ERROR_SHUTTING_DOWN);
    setTimeout(() => ac.abort(reason), 20);
    await assert.rejects(abortableSleep(10, ac.signal), (e) => e === reason);
  });

  it('throws 410/21 canceled request for any other reason, also for a signal aborted before it starts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('shutdown')), 20);
    const t0 = Date.now();
    await assert.rejects(abortableSleep(Infinity, ac.signal), (e) => e instanceof ArangoError && e.errorNum === 21 && e.status === 410 && e.message === 'canceled request');
    assert.ok(Date.now() - t0 < 1000);
    await assert.rejects(abortableSleep(1, ac.signal), (e) => e instanceof ArangoError && e.errorNum === 21);
    await assert.rejects(abortableSleep(0, ac.signal), (e) => e instanceof ArangoError && e.errorNum === 21);
  });
});

describe('/_admin/sleep and availability while the server shuts down', () => {
  const suite = ownAppPerSuite();

  it('ends a sleep at once with 503/30 when shutdown begins, and then reports 503 availability', async () => {
    const t0 = Date.now();
    const pending = suite.own.app.inject({ method: 'GET', url: '/_admin/sleep?duration=30', headers: { authorization: ROOT_AUTH } });
    setTimeout(() => suite.own.shutdown.abort(new ArangoError(ERR.ERROR_SHUTTING_DOWN)), 50);
    const res = await pending;
    assert.ok(Date.now() - t0 < 2000, `answered after ${Date.now() - t0} ms`);
    assert.equal(res.statusCode, 503);
    assert.deepEqual(bodyOf(res), err(503, 30, 'shutdown in progress'));

    const avail = await suite.own.app.inject({ method: 'GET', url: '/_admin/server/availability', headers: { authorization: ROOT_AUTH } });
    assert.equal(avail.statusCode, 503);
    assert.deepEqual(bodyOf(avail), err(503, 503, 'service unavailable'));
  });
});

describe('/_admin/sleep when the client goes away', () => {
  const suite = ownAppPerSuite({ listen: true });

  it('stops sleeping once the client disconnects, ending with 410/21', async () => {
    const { reply, after } = await leaveAfter(suite.own, `${suite.url}/_admin/sleep?duration=30`, {}, 150);
    assert.ok(after < 1000, `the sleep ended ${after} ms after the client left`);
    assert.deepEqual({ url: reply.url, status: reply.status, body: reply.body }, { url: '/_admin/sleep?duration=30', status: 410, body: canceled });
  });

  it('sleeps the full time when a body was sent and the client stays', async () => {
    const t0 = Date.now();
    const res = await fetch(`${suite.url}/_admin/sleep?duration=0.3`, { method: 'POST', body: '{"a":1}', headers: { authorization: ROOT_AUTH } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { error: false, code: 200, duration: 0.3 });
    assert.ok(Date.now() - t0 >= 290, `answered after ${Date.now() - t0} ms`);
  });
});

describe('/_admin/echo', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  const echo = async (method: string, url: string, rawBody?: string, headers: Record<string, string> = {}) => {
    const res = await s.request({ method, url, rawBody, headers });
    assert.equal(res.statusCode, 200);
    return bodyOf(res);
  };

  it('answers the request as ArangoDB\'s echo action shows it (its api-system tests)', async () => {
    let d = await echo('GET', '/_admin/echo');
    assert.equal(d.url, '/_admin/echo');
    assert.equal(d.path, '/');
    assert.deepEqual(d.parameters, {});
    assert.equal(d.requestType, 'GET');
    assert.equal(d.user, 'root');
    assert.equal(d.database, '_system');
    assert.deepEqual(d.rawRequestBody, { type: 'Buffer', data: [] });

    d = await echo('GET', '/_admin/echo?a=1');
    assert.equal(d.url, '/_admin/echo?a=1');
    assert.deepEqual(d.parameters, { a: '1' });

    const body = '{"foo": "bar", "baz": { "bump": true, "moo": [ ] } }';
    d = await echo('POST', '/_admin/echo?a=1&b=2&foo[]=bar&foo[]=baz', body);
    assert.equal(d.url, '/_admin/echo?a=1&b=2&foo[]=bar&foo[]=baz');
    assert.deepEqual(d.parameters, { a: '1', b: '2', foo: ['bar', 'baz'] });
    assert.equal(d.requestType, 'POST');
    assert.equal(d.requestBody, body);

    // (in-process requests lose a trailing '?'; over a socket the url keeps it, as ArangoDB's test expects)
    d = await echo('PUT', '/_db/_system/_admin/echo/x/%2Fy', '{ }', { 'X-Foo': 'Bar', 'x-meow': 'mOO' });
    assert.equal(d.url, '/_admin/echo/x/%2Fy');
    assert.deepEqual(d.suffix, ['x', '/y']);
    assert.deepEqual(d.rawSuffix, ['x', '%2Fy']);
    assert.equal(d.requestType, 'PUT');
    assert.equal(d.requestBody, '{ }');
    assert.equal(d.headers['x-foo'], 'Bar');
    assert.equal(d.headers['x-meow'], 'mOO');
    // echoed as ArangoDB's echo action shows them (shell-request.js testBasicAuth)
    assert.equal(d.headers.authorization, ROOT_AUTH);
  });
});
