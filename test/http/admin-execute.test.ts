// /_admin/execute: not served without --javascript-allow-admin-execute (ArangoDB then has
// no such path); with it, an admin's body runs as a JavaScript function body in the
// sandbox of JavaScript transactions, and its return value is the answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';

const basic = (user: string, pw = 'pw'): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

describe('/_admin/execute without --javascript-allow-admin-execute', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('is an unknown path, and /_admin/options says the option is off', async () => {
    const r = await s.request({ method: 'POST', url: '/_admin/execute', rawBody: 'return 1;' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(JSON.parse(r.body), { error: true, code: 404, errorNum: 404, errorMessage: "unknown path '/_admin/execute'" });
    const opts = JSON.parse((await s.request({ method: 'GET', url: '/_admin/options' })).body);
    assert.equal(opts['javascript.allow-admin-execute'], false);
  });
});

describe('/_admin/execute with --javascript-allow-admin-execute', () => {
  let s: TestServer;
  const run = (code: string, url = '/_admin/execute', auth?: string) => s.request({ method: 'POST', url, rawBody: code, auth });
  before(async () => {
    s = await startServer(['--javascript-allow-admin-execute', 'true']);
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'things' } });
    await s.request({ method: 'POST', url: '/_api/document/things', body: [{ _key: 'a', n: 1 }, { _key: 'b', n: 2 }] });
    await s.request({ method: 'POST', url: '/_api/user', body: { user: 'reader', passwd: 'pw' } });
    await s.request({ method: 'PUT', url: '/_api/user/reader/database/_system', body: { grant: 'ro' } });
  });
  after(async () => {
    await s.close();
  });

  it('answers the return value as JSON, with or without returnAsJSON', async () => {
    for (const url of ['/_admin/execute', '/_admin/execute?returnAsJSON=true']) {
      const r = await run('return { sum: 1 + 2, list: [1, "x", null], nested: { ok: true } };', url);
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(JSON.parse(r.body), { sum: 3, list: [1, 'x', null], nested: { ok: true } });
    }
    assert.equal((await run('return "text";', '/_admin/execute?returnAsJSON=true')).body, '"text"');
    assert.equal((await run('return 42;')).body, '42');
    assert.equal((await run('var x = 1;')).body, 'null');
  });

  it("reads the database through ArangoDB's server-side db object", async () => {
    const r = await run('const db = require("@arangodb").db; return [db._name(), db.things.count(), db.things.document("b").n];');
    assert.deepEqual(JSON.parse(r.body), ['_system', 2, 2]);
    const w = await run('const db = require("@arangodb").db; db.things.save({ _key: "c", n: 3 }); return db.things.count();');
    assert.equal(w.body, '3');
    const got = await s.request({ method: 'GET', url: '/_api/document/things/c' });
    assert.equal(JSON.parse(got.body).n, 3);
  });

  it('answers an empty body with ArangoDB\'s empty answer', async () => {
    const r = await run('');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(JSON.parse(r.body), { error: false, code: 200 });
  });

  it('answers a throw or a syntax error with 500 and the error as plain text', async () => {
    const t = await run('throw new Error("boom");');
    assert.equal(t.statusCode, 500);
    assert.equal(t.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(t.body, 'Error: boom');
    const x = await run('return (;');
    assert.equal(x.statusCode, 500);
    assert.match(x.body, /^SyntaxError: /);
  });

  it('refuses users who are not admins', async () => {
    const r = await run('return 1;', '/_admin/execute', basic('reader'));
    assert.equal(r.statusCode, 403);
    assert.deepEqual(JSON.parse(r.body), { error: true, code: 403, errorNum: 11, errorMessage: 'forbidden' });
  });
});
