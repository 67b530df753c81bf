// Durability of AQL data modification under kill -9: a server killed while a large
// INSERT query runs (its transaction already spilled to the staging sub-database) comes
// back with none of the query's documents, and with the staging deleted; a query that
// completes afterwards is there in full. (This test reads the data directory with lmdb
// directly while the server runs, to see the spill without clearing it.)
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open } from 'lmdb';
import { Storage } from '../src/storage/storage.js';
import { api, ChildTracker, exited, spawnServer, tempDir } from './helpers/server.js';

const tracker = new ChildTracker();
afterEach(() => tracker.cleanup());
after(() => tracker.removeDirs());

async function start(dir: string) {
  const child = await spawnServer(['--data-dir', dir]);
  tracker.children.push(child.proc);
  return child;
}


/**
 * Entries in the staging sub-database, read without Storage.open (which clears them);
 * LMDB lets this process read while the server's process writes.
 */
async function stagedEntries(dir: string): Promise<number> {
  const env = open({ path: dir, readOnly: true, maxDbs: 8 });
  try {
    return env.openDB({ name: 'stage', encoding: 'msgpack' }).getKeysCount();
  } finally {
    await env.close();
  }
}

describe('a server killed with SIGKILL while an INSERT query runs', () => {
  it('keeps nothing of the unfinished query; a completed one is fully there', async () => {
    const dir = tempDir('cairn-crash-query-');
    tracker.dirs.push(dir);
    const first = await start(dir);
    assert.equal((await api(first.url, 'POST', '/_api/collection', { name: 'big' })).status, 200);
    const running = api(first.url, 'POST', '/_api/cursor', { query: 'FOR i IN 1..5000000 INSERT {value: i} INTO big' }).catch(() => undefined);
    // wait until the query has spilled (more than 20000 documents buffered) and goes on
    let staged = 0;
    for (let i = 0; i < 300 && staged === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      staged = await stagedEntries(dir);
    }
    assert.ok(staged > 0, 'the query spilled to the staging');
    await new Promise((r) => setTimeout(r, 100));
    first.proc.kill('SIGKILL');
    assert.deepEqual(await exited(first.proc, 5000), { code: null, signal: 'SIGKILL' });
    assert.equal(await running, undefined);

    assert.ok((await stagedEntries(dir)) > 0, 'the killed query left staged entries');
    const storage = await Storage.open({ path: dir });
    try {
      const col = storage.catalog.requireCollection('_system', 'big');
      assert.equal(storage.catalog.count(col), 0);
      assert.equal([...storage.documents.scan(col)].length, 0);
      assert.equal([...storage.engine.keys('stage', {})].length, 0, 'staging deleted at startup');
    } finally {
      await storage.close();
    }

    const second = await start(dir);
    const done = await api(second.url, 'POST', '/_api/cursor', { query: 'FOR i IN 1..30000 INSERT {value: i} INTO big' });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.equal(done.body.extra.stats.writesExecuted, 30000);
    const count = await api(second.url, 'GET', '/_api/collection/big/count');
    assert.equal(count.body.count, 30000);
    second.proc.kill('SIGKILL');
    await exited(second.proc, 5000);
    const reopened = await Storage.open({ path: dir });
    try {
      const col = reopened.catalog.requireCollection('_system', 'big');
      assert.equal(reopened.catalog.count(col), 30000);
      assert.equal([...reopened.documents.scan(col)].length, 30000);
    } finally {
      await reopened.close();
    }
  });
});
