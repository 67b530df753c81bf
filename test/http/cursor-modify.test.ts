// Data-modification queries through POST /_api/cursor: extra.stats.writesExecuted and
// writesIgnored, the decorated error of a failed query (nothing written), and when the
// query's transaction commits in each cursor layout (A: before the answer; B: before the
// first batch; C: before the last batch; a deleted stream cursor writes nothing).
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('/_api/cursor with data modification', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer();
    assert.equal((await call('POST', '/_api/collection', { name: 'c' })).status, 200);
  });
  afterEach(() => s.close());

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  }

  async function count(): Promise<number> {
    return (await call('GET', '/_api/collection/c/count')).body.count;
  }

  it('answers with the rows and extra.stats.writesExecuted (layout A)', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..3 INSERT {_key: CONCAT("k", i), i} INTO c RETURN NEW.i' });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.result, [1, 2, 3]);
    assert.equal(r.body.hasMore, false);
    assert.equal(r.body.extra.stats.writesExecuted, 3);
    assert.equal(r.body.extra.stats.writesIgnored, 0);
    assert.equal(await count(), 3);
    const ignored = await call('POST', '/_api/cursor', { query: 'FOR k IN ["k1", "zz"] REMOVE k IN c OPTIONS {ignoreErrors: true}' });
    assert.equal(ignored.status, 201);
    assert.deepEqual(ignored.body.result, []);
    assert.equal(ignored.body.extra.stats.writesExecuted, 1);
    assert.equal(ignored.body.extra.stats.writesIgnored, 1);
    assert.equal(await count(), 2);
  });

  it('a failing query answers the decorated error and writes nothing', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'FOR k IN ["x", "y", "x"] INSERT {_key: k} INTO c' });
    assert.equal(r.status, 409);
    assert.deepEqual(r.body, {
      error: true,
      code: 409,
      errorNum: 1210,
      errorMessage: "AQL: unique constraint violated - in index primary of type primary over '_key'; conflicting key: x (while executing)",
    });
    assert.equal(await count(), 0);
    const access = await call('POST', '/_api/cursor', { query: 'INSERT {} INTO c FOR d IN c RETURN d' });
    assert.equal(access.status, 400);
    assert.equal(access.body.errorNum, 1579);
    assert.equal(access.body.errorMessage, "AQL: access after data-modification by collection 'c' (while optimizing ast)");
  });

  it('layout B: everything is committed before the first batch', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 INSERT {i} INTO c RETURN i', batchSize: 2 });
    assert.equal(r.status, 201);
    assert.equal(r.body.hasMore, true);
    assert.equal(r.body.extra.stats.writesExecuted, 5);
    assert.equal(await count(), 5);
  });

  it('layout C: a stream query commits before its last batch; a deleted one writes nothing', async () => {
    const first = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 INSERT {i} INTO c RETURN i', batchSize: 2, stream: true });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body.result, [1, 2]);
    assert.equal(await count(), 0);
    let b = first.body;
    while (b.hasMore) b = (await call('POST', `/_api/cursor/${first.body.id}`)).body;
    assert.equal(b.extra.stats.writesExecuted, 5);
    assert.equal(await count(), 5);

    const other = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..5 INSERT {i} INTO c RETURN i', batchSize: 2, stream: true });
    assert.equal((await call('DELETE', `/_api/cursor/${other.body.id}`)).status, 202);
    assert.equal(await count(), 5);
  });
});
