// Requests Cairn makes to itself (src/http/local-request.ts): dispatchLocal must answer
// exactly as a client's request through Fastify's own inject does (status, headers, body)
// for every kind of route and outcome, since job replays and JavaScript transactions
// store and return what it gives.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchLocal } from '../../src/http/local-request.js';
import { ROOT_AUTH, startServer, type TestServer } from '../helpers/server.js';

interface Case {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

const JSON_CT = { 'content-type': 'application/json' };

// each case runs twice (inject, then dispatchLocal), so writes use fresh keys per run
function CASES(run: number): Case[] {
  return [
  { method: 'GET', url: '/_api/version' },
  { method: 'GET', url: '/_api/version?details=true' },
  { method: 'HEAD', url: '/_api/version' },
  { method: 'GET', url: '/_db/_system/_api/collection/lr' },
  { method: 'POST', url: '/_api/document/lr?returnNew=true', headers: JSON_CT, body: `{"_key":"k${run}","a":[1,"ü",{"b":null}]}` },
  { method: 'GET', url: `/_api/document/lr/k${run}` },
  { method: 'HEAD', url: `/_api/document/lr/k${run}` },
  { method: 'GET', url: `/_api/document/lr/k${run}`, headers: { 'if-none-match': '"nope"' } },
  { method: 'PATCH', url: `/_api/document/lr/k${run}?returnOld=true`, headers: JSON_CT, body: '{"c":3}' },
  { method: 'DELETE', url: `/_api/document/lr/k${run}` },
  { method: 'GET', url: '/_api/document/lr/missing' },
  { method: 'GET', url: '/_db/nodb/_api/version' },
  { method: 'GET', url: '/_api/no/such/path' },
  { method: 'PUT', url: '/_api/version' },
  { method: 'POST', url: '/_api/document/lr', headers: JSON_CT, body: '{"a":' },
  { method: 'POST', url: '/_api/document/lr', body: '' },
  { method: 'POST', url: '/_api/cursor', headers: JSON_CT, body: '{"query":"FOR i IN 1..3 RETURN {i, s: CONCAT(\\"x\\", i)}","count":true}' },
  { method: 'POST', url: '/_api/cursor', headers: JSON_CT, body: '{"query":"RETURN 1 +"}' },
  { method: 'PUT', url: '/_admin/echo/a%2Fb/c?x=1&x=2', headers: { ...JSON_CT, 'x-custom': 'v' }, body: '{"z":1}' },
  { method: 'OPTIONS', url: '/_api/version', headers: { origin: 'http://example.com' } },
  { method: 'GET', url: '/_api/version', headers: { origin: 'http://example.com' } },
  { method: 'GET', url: '/_api/version', headers: { authorization: 'Basic ' + Buffer.from('root:wrong').toString('base64') } },
  ];
}

/** Headers that differ between two answers by nature (the clock). */
function comparable(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'date' || k === 'connection' || k === 'keep-alive') continue;
    const text = Array.isArray(v) ? v.join(', ') : String(v);
    // (content-length is checked against the body below; times make it vary by a digit)
    out[k] = k === 'etag' ? 'E' : k === 'content-length' ? 'N' : k === 'location' ? text.replace(/k[01]$/, 'K') : text;
  }
  return out;
}

/** Bodies with what differs by nature (ids, revisions, times, echoed request ids) masked. */
function maskBody(text: string): string {
  return text
    .replace(/"_rev":"[^"]*"/g, '"_rev":"R"')
    .replace(/"_oldRev":"[^"]*"/g, '"_oldRev":"R"')
    .replace(/k[01]\b/g, 'K')
    .replace(/"(time|executionTime|peakMemoryUsage|id)":("[^"]*"|[0-9.e+-]+)/g, '"$1":0')
    .replace(/"(user-agent|host|content-length)":"[^"]*"/g, '"$1":"-"');
}

describe('dispatchLocal (requests Cairn makes to itself)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer(['--max-body-size', '8m']);
    await t.request({ method: 'POST', url: '/_api/collection', body: { name: 'lr' } });
  });
  after(() => t.close());

  it('answers every kind of request exactly as inject does: status, headers and body', async () => {
    const viaInject = [];
    for (const c of CASES(0)) {
      const r = await t.server.app.inject({ method: c.method as 'GET', url: c.url, headers: { authorization: ROOT_AUTH, 'user-agent': 'test', ...c.headers }, payload: c.body });
      viaInject.push({ status: r.statusCode, headers: comparable(r.headers), body: maskBody(r.body) });
    }
    const viaLocal = [];
    for (const c of CASES(1)) {
      const r = await dispatchLocal(t.server.app, { method: c.method, url: c.url, headers: { authorization: ROOT_AUTH, 'user-agent': 'test', ...c.headers }, body: c.body === undefined ? undefined : Buffer.from(c.body) });
      viaLocal.push({ status: r.status, headers: comparable(r.headers), body: maskBody(r.body.toString('utf8')) });
      if (c.method !== 'HEAD') assert.equal(r.headers['content-length'], String(r.body.length), `content-length of ${c.method} ${c.url}`);
    }
    for (let i = 0; i < viaInject.length; i++) {
      const c = CASES(0)[i]!;
      assert.deepEqual(viaLocal[i], viaInject[i], `${c.method} ${c.url}`);
    }
    // the cases cover what they are meant to
    assert.deepEqual(
      viaLocal.map((r) => r.status),
      [200, 200, 200, 200, 202, 200, 200, 200, 202, 202, 404, 404, 404, 200, 400, 400, 201, 400, 200, 200, 200, 401],
    );
    assert.equal(viaLocal[2]!.body, '', 'HEAD has no body');
    assert.match(viaLocal[18]!.body, /"requestBody":"\{\\"z\\":1\}"/, 'the body reaches the route');
  });

  it('delivers a large body whole and answers many requests at once', async () => {
    const big = JSON.stringify({ _key: 'big', s: 'x'.repeat(3_000_000) });
    const r = await dispatchLocal(t.server.app, { method: 'POST', url: '/_api/document/lr', headers: { authorization: ROOT_AUTH, ...JSON_CT }, body: Buffer.from(big) });
    assert.equal(r.status, 202);
    const got = await dispatchLocal(t.server.app, { method: 'GET', url: '/_api/document/lr/big', headers: { authorization: ROOT_AUTH } });
    assert.equal((JSON.parse(got.body.toString('utf8')) as { s: string }).s.length, 3_000_000);
    const many = await Promise.all(
      Array.from({ length: 200 }, (_, i) => dispatchLocal(t.server.app, { method: 'POST', url: '/_api/document/lr', headers: { authorization: ROOT_AUTH, ...JSON_CT }, body: Buffer.from(JSON.stringify({ i })) })),
    );
    assert.ok(many.every((x) => x.status === 202));
    const count = await t.request({ method: 'GET', url: '/_api/collection/lr/count' });
    assert.equal(JSON.parse(count.body).count, 201);
  });

  it('a body over --max-body-size is refused with 413 as a client would be', async () => {
    const limit = t.config.maxBodySize;
    const r = await dispatchLocal(t.server.app, { method: 'POST', url: '/_api/document/lr', headers: { authorization: ROOT_AUTH, ...JSON_CT }, body: Buffer.alloc(limit + 1, 0x20) });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body.toString('utf8')).errorNum, 413);
  });
});
