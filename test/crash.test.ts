// Durability under kill -9: many clients insert documents into a real child process,
// which is killed with SIGKILL while writes are in flight. After a restart on the same
// data directory every acknowledged insert must be there with the acknowledged _rev, the
// collection count must equal the documents stored (and the index entries), and the
// server must take new writes. Once with plain writes, once with waitForSync=true.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../src/storage/storage.js';
import { api, ChildTracker, exited, ROOT_AUTH, spawnServer, tempDir } from './helpers/server.js';

const WRITERS = 16;
const WRITE_FOR_MS = 1500;
const MIN_ACKED = 100;
const READERS = 32;

interface Acked {
  key: string;
  rev: string;
}

const tracker = new ChildTracker();
const children = tracker.children;
const dirs = tracker.dirs;

async function start(dir: string) {
  const child = await spawnServer(['--data-dir', dir]);
  children.push(child.proc);
  return child;
}


/** One client inserting documents one after the other until `stop` aborts or the server dies. */
async function writer(base: string, w: number, query: string, stop: AbortSignal, acked: Acked[], attempted: Set<string>): Promise<void> {
  for (let i = 0; !stop.aborted; i++) {
    const key = `w${w}-${i}`;
    attempted.add(key);
    let res: Response;
    try {
      res = await fetch(`${base}/_api/document/crash${query}`, {
        method: 'POST',
        headers: { authorization: ROOT_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ _key: key, w, i, payload: 'x'.repeat(100 + (i % 50)) }),
      });
    } catch {
      return; // the server is gone
    }
    let body: any;
    try {
      body = await res.json();
    } catch {
      return; // the answer was cut off: not acknowledged
    }
    if (res.status === 201 || res.status === 202) acked.push({ key: body._key, rev: body._rev });
    else throw new Error(`insert ${key} answered ${res.status}: ${JSON.stringify(body)}`);
  }
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function crashAndRecover(opts: { query: string; expectStatus: number }): Promise<string> {
  const dir = tempDir('cairn-crash-');
  dirs.push(dir);
  const first = await start(dir);
  assert.equal((await api(first.url, 'POST', '/_api/collection', { name: 'crash' })).status, 200);
  const index = await api(first.url, 'POST', '/_api/index?collection=crash', { type: 'persistent', fields: ['w', 'i'], unique: true });
  assert.equal(index.status, 201, JSON.stringify(index.body));

  // Write from many clients, then kill the server in the middle of it.
  const acked: Acked[] = [];
  const attempted = new Set<string>();
  const stop = new AbortController();
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(first.url, w, opts.query, stop.signal, acked, attempted));
  // at least WRITE_FOR_MS, and on a loaded machine until enough writes were acknowledged
  const began = Date.now();
  while (Date.now() - began < WRITE_FOR_MS || (acked.length <= MIN_ACKED && Date.now() - began < 20 * WRITE_FOR_MS)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const ackedBeforeKill = acked.length;
  first.proc.kill('SIGKILL');
  assert.deepEqual(await exited(first.proc, 5000), { code: null, signal: 'SIGKILL' });
  stop.abort();
  await Promise.all(writers);
  assert.ok(ackedBeforeKill > MIN_ACKED, `only ${ackedBeforeKill} inserts acknowledged before the kill`);

  // Restart: every acknowledged insert is there with its revision.
  const second = await start(dir);
  const missing: string[] = [];
  await pool(acked, READERS, async ({ key, rev }) => {
    const r = await api(second.url, 'GET', `/_api/document/crash/${key}`);
    if (r.status !== 200 || r.body._rev !== rev || r.body._key !== key) missing.push(`${key}: ${r.status} ${JSON.stringify(r.body)} (acked _rev ${rev})`);
  });
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${acked.length} acknowledged documents lost or changed`);
  const count = await api(second.url, 'GET', '/_api/collection/crash/count');
  assert.equal(count.status, 200);
  assert.ok(count.body.count >= acked.length, `count ${count.body.count} < ${acked.length} acknowledged`);

  // Healthy: new writes work, and an insert of an acknowledged key is a conflict.
  const fresh = await api(second.url, 'POST', `/_api/document/crash${opts.query}`, { _key: 'after-restart', w: -1, i: 0 });
  assert.equal(fresh.status, opts.expectStatus, JSON.stringify(fresh.body));
  assert.equal((await api(second.url, 'POST', '/_api/document/crash', { _key: acked[0]!.key })).status, 409);
  assert.equal((await api(second.url, 'GET', '/_api/collection/crash/count')).body.count, count.body.count + 1);
  second.proc.kill('SIGTERM');
  assert.deepEqual(await exited(second.proc, 5000), { code: 0, signal: null });

  // Stored state: the count equals the documents and the index entries, and nothing
  // was stored that no client sent.
  const storage = await Storage.open({ path: dir });
  try {
    const col = storage.catalog.requireCollection('_system', 'crash');
    const docs = [...storage.documents.scan(col)];
    assert.equal(docs.length, count.body.count + 1);
    assert.equal(storage.catalog.count(col), docs.length);
    const strays = docs.filter((d) => d._key !== 'after-restart' && !attempted.has(d._key as string));
    assert.deepEqual(strays, []);
    const ix = col.indexes.find((x) => x.type === 'persistent');
    assert.ok(ix, 'the persistent index survived');
    assert.equal([...storage.engine.keys('idx', { start: [ix.dataId], end: [ix.dataId + 1] })].length, docs.length);
    return `${acked.length} acknowledged, ${attempted.size} sent, ${docs.length - 1} stored before the kill`;
  } finally {
    await storage.close();
  }
}

afterEach(() => tracker.cleanup());
after(() => tracker.removeDirs());

describe('a server killed with SIGKILL while clients write', () => {
  it('keeps every acknowledged insert (202) and a consistent count', async (t) => {
    t.diagnostic(await crashAndRecover({ query: '', expectStatus: 202 }));
  });

  it('keeps every acknowledged insert made with waitForSync=true (201)', async (t) => {
    t.diagnostic(await crashAndRecover({ query: '?waitForSync=true', expectStatus: 201 }));
  });
});
