// GET /_api/edges: an edge collection's edges at one vertex, by direction, and the
// errors of ArangoDB's edges handler.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('/_api/edges', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await call('POST', '/_api/collection', { name: 'vertices' });
    await call('POST', '/_api/collection', { name: 'edges', type: 3 });
    const e = (key: string, from: number, to: number) => ({ _key: key, _from: `vertices/${from}`, _to: `vertices/${to}`, label: `v${from} -> v${to}` });
    assert.equal((await call('POST', '/_api/document/edges', [e('5', 1, 3), e('6', 2, 1), e('7', 4, 1), e('8', 1, 1), e('9', 2, 3)])).status, 202);
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) as any };
  }
  const keys = (r: { body: any }) => r.body.edges.map((e: { _key: string }) => e._key);

  it('answers the edges at a vertex: inbound first for any, a loop once', async () => {
    const any = await call('GET', '/_api/edges/edges?vertex=vertices/1');
    assert.equal(any.status, 200);
    assert.deepEqual(Object.keys(any.body), ['edges', 'error', 'code', 'stats']);
    assert.deepEqual(keys(any), ['6', '7', '8', '5']);
    assert.deepEqual(any.body.stats, { scannedIndex: 5, filtered: 0 });
    assert.deepEqual(any.body.edges[0], { _key: '6', _id: 'edges/6', _from: 'vertices/2', _to: 'vertices/1', _rev: any.body.edges[0]._rev, label: 'v2 -> v1' });
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=in')), ['6', '7', '8']);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=inbound')), ['6', '7', '8']);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=out')), ['5', '8']);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/2&direction=outbound')), ['6', '9']);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/99')), []);
    // no document id (too long for one, or without a collection): no edges, not an error
    assert.deepEqual(keys(await call('GET', `/_api/edges/edges?vertex=${'v'.repeat(5000)}`)), []);
    assert.deepEqual(keys(await call('GET', `/_api/edges/edges?vertex=vertices/${'k'.repeat(3000)}`)), []);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=plain')), []);
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=')), ['6', '7', '8', '5']);
    // what arangojs sends for collection.edges(): ArangoDB refuses it, Cairn reads any
    assert.deepEqual(keys(await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=undefined')), ['6', '7', '8', '5']);
  });

  it('refuses unknown collections, document collections, bad directions and a missing vertex', async () => {
    assert.deepEqual((await call('GET', '/_api/edges/nope?vertex=vertices/1')).body, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' });
    assert.deepEqual((await call('GET', '/_api/edges/vertices?vertex=vertices/1')).body, { error: true, code: 400, errorNum: 1218, errorMessage: 'collection type invalid' });
    assert.deepEqual((await call('GET', '/_api/edges/edges?vertex=vertices/1&direction=up')).body, {
      error: true,
      code: 400,
      errorNum: 400,
      errorMessage: '<direction> must by any, in, or out, not: up',
    });
    assert.deepEqual((await call('GET', '/_api/edges/edges')).body, { error: true, code: 400, errorNum: 1205, errorMessage: 'illegal document handle' });
    const usage = { error: true, code: 400, errorNum: 400, errorMessage: 'expected GET /_api/edges/<collection-identifier>?vertex=<vertex-handle>&direction=<direction>' };
    assert.deepEqual((await call('GET', '/_api/edges')).body, usage);
    assert.deepEqual((await call('GET', '/_api/edges/edges/x?vertex=vertices/1')).body, usage);
    assert.equal((await call('POST', '/_api/edges/edges?vertex=vertices/1', [])).status, 405);
  });
});
