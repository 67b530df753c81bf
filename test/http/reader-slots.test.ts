// Many readers holding snapshots at once. Every stream cursor, stream transaction and dump
// batch holds an LMDB read transaction, and one opened after a write holds a reader slot
// of its own. With lmdb-js's default of 126 slots, the 127th stream cursor opened between
// writes answered 500 and every later read of the server failed until one closed (found by
// fuzzing, 2026-12-08). The engine now opens 4,096 slots and answers a snapshot past its
// share with 32 "resource limit exceeded" instead (test/storage/engine.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';

describe('snapshots held between writes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    assert.equal((await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'rs' } })).statusCode, 200);
  });
  after(async () => {
    await s.close();
  });

  it('serves 300 stream cursors, transactions and dump batches opened between writes, and every read after them', async () => {
    const held: { kind: string; id: string }[] = [];
    for (let i = 0; i < 300; i++) {
      assert.equal((await s.request({ method: 'POST', url: '/_api/document/rs', body: { _key: `k${i}`, i } })).statusCode, 202);
      const kind = ['cursor', 'trx', 'batch'][i % 3]!;
      const r =
        kind === 'cursor'
          ? await s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'FOR d IN rs RETURN d', batchSize: 1, options: { stream: true } } })
          : kind === 'trx'
            ? await s.request({ method: 'POST', url: '/_api/transaction/begin', body: { collections: { read: ['rs'] } } })
            : await s.request({ method: 'POST', url: '/_api/replication/batch', body: { ttl: 300 } });
      assert.ok(r.statusCode === 201 || r.statusCode === 200, `${kind} ${i}: ${r.statusCode} ${r.body}`);
      const b = r.json();
      held.push({ kind, id: kind === 'trx' ? b.result.id : b.id });
    }
    const doc = await s.request({ method: 'GET', url: '/_api/document/rs/k299' });
    assert.equal(doc.statusCode, 200);
    // a stream cursor still reads the state it was opened on: the one opened after the
    // tenth write sees ten documents, 290 writes later
    const tenth = held[9]!;
    assert.equal(tenth.kind, 'cursor');
    let seen = 1;
    for (;;) {
      const next = await s.request({ method: 'POST', url: `/_api/cursor/${tenth.id}` });
      assert.equal(next.statusCode, 200);
      seen += next.json().result.length;
      if (!next.json().hasMore) break;
    }
    assert.equal(seen, 10);
    for (const h of held) {
      const url = h.kind === 'cursor' ? `/_api/cursor/${h.id}` : h.kind === 'trx' ? `/_api/transaction/${h.id}` : `/_api/replication/batch/${h.id}`;
      const r = await s.request({ method: 'DELETE', url });
      // a stream cursor that has delivered everything is gone already
      assert.ok(r.statusCode < 300 || (h.kind === 'cursor' && r.statusCode === 404), `${url}: ${r.statusCode}`);
    }
  });
});
