// Engine.writeDirect (engine invariant 6) and QueryTxn (storage/query-txn.ts) on their
// own: a direct mutation that fails validation writes nothing, other mutations wait for
// it; a query transaction buffers, reads its own writes, applies counts as deltas and key
// generator state as a maximum, and fails on a changed read.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ArangoError } from '../../src/errors/arango-error.js';
import { Engine } from '../../src/storage/engine.js';
import { QueryTxn } from '../../src/storage/query-txn.js';
import { Storage } from '../../src/storage/storage.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function engine(): Engine {
  const d = tempDir('cairn-direct-');
  const e = new Engine({ path: d, noSync: true });
  cleanups.push(async () => {
    await e.close();
    rmSync(d, { recursive: true, force: true });
  });
  return e;
}

async function storage(): Promise<Storage> {
  const d = tempDir('cairn-qtxn-');
  const s = await Storage.open({ path: d, noSync: true });
  cleanups.push(async () => {
    await s.close();
    rmSync(d, { recursive: true, force: true });
  });
  await s.catalog.createCollection('_system', collectionSpec('c', { keyOptions: { type: 'autoincrement', allowUserKeys: true } }));
  return s;
}

describe('Engine.writeDirect', () => {
  it('writes nothing when validation throws, everything otherwise', async () => {
    const e = engine();
    await assert.rejects(
      e.writeDirect(
        () => {
          throw new Error('invalid');
        },
        (out) => out.put('docs', [1, 'x'], { a: 1 }),
      ),
      /invalid/,
    );
    assert.equal(e.get('docs', [1, 'x']), undefined);
    await e.writeDirect(
      (tx) => tx.get('docs', [1, 'x']),
      (out) => {
        for (let i = 0; i < 100; i++) out.put('docs', [1, `k${i}`], { i });
      },
    );
    assert.equal([...e.keys('docs', { start: [1], end: [2] })].length, 100);
  });

  it('holds off other mutations until it has committed', async () => {
    const e = engine();
    const order: string[] = [];
    const direct = e.writeDirect(
      () => undefined,
      (out) => out.put('docs', [1, 'd'], 1),
    );
    const plain = e.write((tx) => {
      order.push(`plain sees direct: ${tx.get('docs', [1, 'd']) === 1}`);
      tx.put('docs', [1, 'p'], 1);
    });
    await Promise.all([direct, plain]);
    assert.deepEqual(order, ['plain sees direct: true']);
  });
});

describe('Engine.snapshot', () => {
  it('keeps reading the state of its start across later commits; closing after the engine is harmless', async () => {
    const d = tempDir('cairn-snap-');
    const e = new Engine({ path: d, noSync: true });
    try {
      await e.write((tx) => tx.put('docs', [1, 'a'], { v: 1 }));
      const snap = e.snapshot();
      await e.write((tx) => {
        tx.put('docs', [1, 'a'], { v: 2 });
        tx.put('docs', [1, 'b'], { v: 3 });
      });
      assert.deepEqual(snap.get('docs', [1, 'a']), { v: 1 });
      assert.deepEqual([...snap.range('docs', { start: [1], end: [2] })].map((x) => x.value), [{ v: 1 }]);
      assert.deepEqual(e.get('docs', [1, 'a']), { v: 2 });
      await e.close();
      snap.close();
      snap.close();
    } finally {
      await e.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('QueryTxn', () => {
  it('buffers writes, applies count deltas and the key generator maximum at commit', async () => {
    const s = await storage();
    const col = () => s.catalog.requireCollection('_system', 'c');
    const txn = new QueryTxn(s.engine, s.catalog, () => s.ids.revision());
    txn.touch(col(), false);
    s.documents.applyItem(txn.tx, col(), 'insert', { body: { q: 1 } }, {});
    s.documents.applyItem(txn.tx, col(), 'insert', { body: { _key: '50', q: 2 } }, {});
    assert.equal(s.catalog.count(col()), 0);
    assert.equal(s.catalog.count(col(), txn.tx), 2);
    // meanwhile the document API inserts two documents
    await s.documents.apply('_system', 'c', 'insert', [{ body: { _key: '100' } }, { body: { _key: '101' } }], {});
    await txn.commit();
    assert.equal(txn.state, 'committed');
    assert.equal(s.catalog.count(col()), 4);
    assert.equal([...s.documents.scan(col())].length, 4);
    const next = await s.documents.apply('_system', 'c', 'insert', [{ body: {} }], {});
    assert.equal(next.results[0]!.ok && next.results[0]!.value._key, '102'); // max(101, 50) + 1
  });

  it('a concurrent insert of a key the transaction generated is a conflict, not lost', async () => {
    const s = await storage();
    const col = () => s.catalog.requireCollection('_system', 'c');
    const txn = new QueryTxn(s.engine, s.catalog, () => s.ids.revision());
    txn.touch(col(), false);
    const mine = s.documents.applyItem(txn.tx, col(), 'insert', { body: { by: 'txn' } }, {});
    const api = await s.documents.apply('_system', 'c', 'insert', [{ body: { by: 'api' } }], {});
    assert.equal(api.results[0]!.ok && api.results[0]!.value._key, mine._key);
    await assert.rejects(txn.commit(), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200);
    assert.equal(s.documents.get(col(), mine._key as string)!.by, 'api');
    assert.equal(s.catalog.count(col()), 1);
  });

  it('fails with 1200 when a document it read changed, and writes nothing', async () => {
    const s = await storage();
    const col = () => s.catalog.requireCollection('_system', 'c');
    await s.documents.apply('_system', 'c', 'insert', [{ body: { _key: '7', v: 1 } }], {});
    const txn = new QueryTxn(s.engine, s.catalog, () => s.ids.revision());
    txn.touch(col(), false);
    s.documents.applyItem(txn.tx, col(), 'update', { key: '7', body: { v: 2 } }, {});
    s.documents.applyItem(txn.tx, col(), 'insert', { body: { _key: '8' } }, {});
    await s.documents.apply('_system', 'c', 'update', [{ key: '7', body: { v: 3 } }], {});
    await assert.rejects(txn.commit(), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200 && e.message === 'write-write conflict');
    assert.equal(txn.state, 'discarded');
    assert.equal(s.documents.get(col(), '7')!.v, 3);
    assert.equal(s.documents.get(col(), '8'), undefined);
    assert.equal(s.catalog.count(col()), 1);
  });
});
