// The write path's invariants (src/storage/engine.ts): atomic mutations, later mutations
// seeing earlier uncommitted ones, acknowledgement only after commit, exclusive
// mutations, and data and ids surviving a reopen.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type Key } from '../../src/storage/engine.js';
import { Storage } from '../../src/storage/storage.js';
import { decodeRevision, encodeRevision, Ids } from '../../src/storage/ids.js';
import { collectionSpec, tempDir } from '../helpers/server.js';

const open: { close(): Promise<void> }[] = [];
const dirs: string[] = [];
function track<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}
function dir(): string {
  const d = tempDir('cairn-engine-');
  dirs.push(d);
  return d;
}
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('engine', () => {
  it('writes nothing of a mutation that throws', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    await assert.rejects(
      e.write((tx) => {
        tx.put('meta', ['a'], 1);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(e.get('meta', ['a']), undefined);
  });

  it('lets a mutation see an earlier one that is not committed yet', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    const p1 = e.write((tx) => tx.put('meta', ['n'], 1));
    const p2 = e.write((tx) => {
      const n = tx.get('meta', ['n']) as number;
      tx.put('meta', ['n'], n + 1);
      return n;
    });
    assert.equal(await p2, 1);
    await p1;
    assert.equal(e.get('meta', ['n']), 2);
  });

  it('keeps compound keys apart in the uncommitted overlay (1 and "1", separators, nesting)', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    const keys: Key[] = [['a', 1], ['a', '1'], ['a\u0001n1'], ['a', 'x\u0001n1'], ['a', 'x', 1], ['a', true], ['a', null], ['a']];
    const p1 = e.write((tx) => keys.forEach((k, i) => tx.put('meta', k, i)));
    // the second mutation runs before the first commits: it reads every key from the overlay
    const seen = e.write((tx) => keys.map((k) => tx.get('meta', k)));
    assert.deepEqual(await seen, keys.map((_k, i) => i));
    await p1;
    assert.deepEqual(keys.map((k) => e.get('meta', k)), keys.map((_k, i) => i));
  });

  it('issue() hands back what the mutation returned before its commit; later writes see it', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    const { value, committed } = await e.issue((tx) => {
      tx.put('meta', ['s'], 'RUNNING');
      return 7;
    });
    assert.equal(value, 7);
    const next = e.write((tx) => tx.get('meta', ['s']));
    assert.equal(await next, 'RUNNING');
    assert.equal(await committed, 7);
    assert.equal(e.get('meta', ['s']), 'RUNNING');
    await assert.rejects(
      e.issue(() => {
        throw new Error('no');
      }),
      /no/,
    );
  });

  it('has the write committed when the promise resolves', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    await e.write((tx) => tx.put('docs', [1, 'k'], { v: 1 }));
    assert.deepEqual(e.get('docs', [1, 'k']), { v: 1 });
  });

  it('runs 1,000 concurrent increments without losing one', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    await Promise.all(Array.from({ length: 1000 }, () => e.write((tx) => tx.put('meta', ['c'], ((tx.get('meta', ['c']) as number) ?? 0) + 1))));
    assert.equal(e.get('meta', ['c']), 1000);
  });

  it('runs an exclusive mutation after the writes before it and before the writes after it', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    const before = Array.from({ length: 50 }, (_, i) => e.write((tx) => tx.put('docs', [7, 'k' + i], i)));
    const seen = e.writeExclusive((tx) => [...tx.range('docs', { start: [7], end: [8] })].length);
    const later = e.write((tx) => tx.put('docs', [7, 'z'], 1));
    assert.equal(await seen, 50);
    await Promise.all([...before, later]);
    assert.equal([...e.range('docs', { start: [7], end: [8] })].length, 51);
  });

  it('refuses range reads in a non-exclusive mutation', async () => {
    const e = track(new Engine({ path: dir(), noSync: true }));
    await assert.rejects(e.write((tx) => [...tx.range('docs', {})]), /writeExclusive/);
  });

  it('keeps committed data across a reopen, also with sync writes', async () => {
    const d = dir();
    const e1 = new Engine({ path: d });
    await e1.write((tx) => tx.put('meta', ['x'], 'y'), { sync: true });
    await e1.close();
    const e2 = track(new Engine({ path: d }));
    assert.equal(e2.get('meta', ['x']), 'y');
  });

  it('opens a data directory whose name has a dot, existing (mktemp -d) or not', async () => {
    for (const name of ['tmp.Xy12', 'data.v2']) {
      const d = join(dir(), name);
      if (name.startsWith('tmp')) mkdirSync(d);
      const e1 = new Engine({ path: d });
      await e1.write((tx) => tx.put('meta', ['x'], name));
      await e1.close();
      assert.ok(statSync(d).isDirectory());
      const e2 = track(new Engine({ path: d }));
      assert.equal(e2.get('meta', ['x']), name);
    }
  });

  it('refuses a snapshot past its reader slots with 32, and keeps serving reads and writes', async () => {
    // 200 LMDB reader slots: snapshots may hold 104 distinct read transactions
    const e = track(new Engine({ path: dir(), noSync: true, maxReaders: 200 }));
    const held = [];
    // snapshots between the same two commits share one read transaction (one slot)
    for (let i = 0; i < 300; i++) held.push(e.snapshot());
    for (const s of held.splice(0)) s.close();
    for (let i = 0; i < 104; i++) {
      await e.write((tx) => tx.put('meta', ['n'], i));
      held.push(e.snapshot());
    }
    await e.write((tx) => tx.put('meta', ['n'], 104));
    assert.throws(() => e.snapshot(), (err: { errorNum?: number; message?: string }) => err.errorNum === 32 && /too many read snapshots open at once \(at most 104\)/.test(err.message ?? ''));
    // each snapshot still reads its own state, and the latest state stays readable and writable
    assert.equal(held[0]!.get('meta', ['n']), 0);
    assert.equal(held[103]!.get('meta', ['n']), 103);
    for (let i = 105; i < 110; i++) {
      await e.write((tx) => tx.put('meta', ['n'], i));
      assert.equal(e.get('meta', ['n']), i);
    }
    // a closed snapshot frees its slot (closing twice frees nothing more)
    held[5]!.close();
    held[5]!.close();
    const again = e.snapshot();
    assert.equal(again.get('meta', ['n']), 109);
    await e.write((tx) => tx.put('meta', ['n'], 110));
    assert.throws(() => e.snapshot(), (err: { errorNum?: number }) => err.errorNum === 32);
    again.close();
    for (const s of held) s.close();
    await e.write((tx) => tx.put('meta', ['n'], 111));
    const last = e.snapshot();
    assert.equal(last.get('meta', ['n']), 111);
    last.close();
  });
});

describe('ids', () => {
  it('encodes revisions in 11 characters of ArangoDB base64, in order', () => {
    const a = encodeRevision(1_800_000_000_000n << 20n);
    const b = encodeRevision((1_800_000_000_000n << 20n) + 1n);
    assert.match(a, /^[-_A-Za-z0-9]{11}$/);
    assert.notEqual(a, b);
    assert.match(a, /^_/, 'the shape of ArangoDB revisions of these years');
    assert.equal(decodeRevision(a), 1_800_000_000_000n << 20n);
    assert.equal(decodeRevision(b)! - decodeRevision(a)!, 1n);
    assert.equal(decodeRevision('nope'), undefined);
  });

  it('hands out strictly increasing revisions even when the clock stands still or goes back', () => {
    let t = 1000;
    const ids = new Ids(undefined, () => t);
    const r1 = decodeRevision(ids.revision())!;
    const r2 = decodeRevision(ids.revision())!;
    t = 500;
    const r3 = decodeRevision(ids.revision())!;
    assert.ok(r1 < r2 && r2 < r3);
  });

  it('never reuses a tick after a restart', async () => {
    const d = dir();
    const s1 = await Storage.open({ path: d, noSync: true });
    const col = await s1.catalog.createCollection('_system', collectionSpec('c'));
    const r = await s1.documents.apply('_system', 'c', 'insert', [{ body: {} }], {});
    const key1 = (r.results[0] as { ok: true; value: { _key: string } }).value._key;
    await s1.close();
    const s2 = track(await Storage.open({ path: d, noSync: true }));
    const r2 = await s2.documents.apply('_system', 'c', 'insert', [{ body: {} }], {});
    const key2 = (r2.results[0] as { ok: true; value: { _key: string } }).value._key;
    assert.ok(Number(key2) > Number(key1), `${key2} > ${key1}`);
    assert.ok(Number(key1) > col.id);
  });
});
