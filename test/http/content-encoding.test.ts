// Compressed request and response bodies, as ArangoDB 3.12 handles them (its release
// notes: "Transparent compression of requests and responses"; the Java, Go and Python
// drivers send `Content-Encoding: gzip|deflate` when asked to compress). Before, Cairn
// parsed a compressed body as JSON and answered 400/600.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync, inflateSync, gunzipSync } from 'node:zlib';
import { startServer, type TestServer } from '../helpers/server.js';

const query = (q: string) => Buffer.from(JSON.stringify({ query: q }));

describe('compressed request bodies', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--max-body-size', '100k']);
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'z' } });
  });
  after(async () => {
    await s.close();
  });

  it('decompresses gzip and deflate bodies before anything reads them', async () => {
    for (const [encoding, pack] of [['gzip', gzipSync], ['deflate', deflateSync]] as const) {
      const r = await s.request({ method: 'POST', url: '/_api/cursor', rawBody: pack(query('RETURN 6 * 7')), headers: { 'content-encoding': encoding, 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(r.json().result, [42]);
    }
    const doc = { _key: 'g1', text: 'compressed '.repeat(50) };
    const ins = await s.request({ method: 'POST', url: '/_api/document/z', rawBody: gzipSync(Buffer.from(JSON.stringify(doc))), headers: { 'content-encoding': 'GZIP' } });
    assert.equal(ins.statusCode, 202, ins.body);
    assert.equal((await s.request({ method: 'GET', url: '/_api/document/z/g1' })).json().text, doc.text);
  });

  it('answers a body that does not decompress with 400/10, and passes other encodings through', async () => {
    for (const encoding of ['gzip', 'deflate']) {
      const r = await s.request({ method: 'POST', url: '/_api/cursor', rawBody: query('RETURN 1'), headers: { 'content-encoding': encoding } });
      assert.equal(r.statusCode, 400);
      assert.deepEqual(r.json(), { error: true, code: 400, errorNum: 10, errorMessage: `a decoding error occurred while handling Content-Encoding: ${encoding}` });
    }
    const plain = await s.request({ method: 'POST', url: '/_api/cursor', rawBody: query('RETURN 1'), headers: { 'content-encoding': 'identity' } });
    assert.equal(plain.statusCode, 201);
  });

  it('limits the decompressed size by --max-body-size (413), so a small body cannot make the server allocate without bound', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ query: 'RETURN @x', bindVars: { x: 'a'.repeat(200_000) } })));
    assert.ok(bomb.length < 2000);
    const r = await s.request({ method: 'POST', url: '/_api/cursor', rawBody: bomb, headers: { 'content-encoding': 'gzip' } });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().errorNum, 413);
  });

  it('refuses compressed bodies of unauthenticated requests with 400', async () => {
    const login = gzipSync(Buffer.from(JSON.stringify({ username: 'root', password: '' })));
    const r = await s.request({ method: 'POST', url: '/_open/auth', rawBody: login, headers: { 'content-encoding': 'gzip' }, auth: null });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().errorMessage, 'support for handling Content-Encoding headers is turned off for unauthenticated requests');
    const t = await startServer(['--handle-content-encoding-for-unauthenticated-requests', 'true']);
    try {
      const ok = await t.request({ method: 'POST', url: '/_open/auth', rawBody: login, headers: { 'content-encoding': 'gzip' }, auth: null });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(typeof ok.json().jwt, 'string');
    } finally {
      await t.close();
    }
  });

  it('stores the decompressed request of an async job', async () => {
    const r = await s.request({ method: 'POST', url: '/_api/cursor', rawBody: deflateSync(query('RETURN "from a job"')), headers: { 'content-encoding': 'deflate', 'x-arango-async': 'store' } });
    assert.equal(r.statusCode, 202);
    const id = r.headers['x-arango-async-id'];
    let res;
    for (let i = 0; i < 200; i++) {
      res = await s.request({ method: 'PUT', url: `/_api/job/${id}` });
      if (res.statusCode !== 204) break;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    assert.equal(res!.statusCode, 201, res!.body);
    assert.deepEqual(res!.json().result, ['from a job']);
  });
});

describe('compressed responses', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['--compress-response-threshold', '200']);
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'z' } });
    await s.request({ method: 'POST', url: '/_api/document/z', body: { _key: 'big', text: 'abc '.repeat(200) } });
  });
  after(async () => {
    await s.close();
  });

  it('compresses a response of at least the threshold when Accept-Encoding is exactly deflate or gzip', async () => {
    const plain = await s.request({ method: 'GET', url: '/_api/document/z/big' });
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const [encoding, unpack] of [['deflate', inflateSync], ['gzip', gunzipSync]] as const) {
      const r = await s.request({ method: 'GET', url: '/_api/document/z/big', headers: { 'accept-encoding': encoding } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-encoding'], encoding);
      assert.ok(r.rawPayload.length < plain.rawPayload.length);
      assert.deepEqual(JSON.parse(unpack(r.rawPayload).toString()), plain.json());
    }
    // a list of encodings, or a response under the threshold, is sent as it is
    assert.equal((await s.request({ method: 'GET', url: '/_api/document/z/big', headers: { 'accept-encoding': 'gzip, deflate' } })).headers['content-encoding'], undefined);
    assert.equal((await s.request({ method: 'GET', url: '/_api/version', headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], undefined);
  });

  it('compresses nothing by default (threshold 0), and reports both options in /_admin/options', async () => {
    const t = await startServer();
    try {
      await t.request({ method: 'POST', url: '/_api/collection', body: { name: 'z' } });
      await t.request({ method: 'POST', url: '/_api/document/z', body: { _key: 'big', text: 'abc '.repeat(200) } });
      assert.equal((await t.request({ method: 'GET', url: '/_api/document/z/big', headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], undefined);
    } finally {
      await t.close();
    }
    const o = (await s.request({ method: 'GET', url: '/_admin/options' })).json();
    assert.equal(o['http.compress-response-threshold'], 200);
    assert.equal(o['http.handle-content-encoding-for-unauthenticated-requests'], false);
  });
});
