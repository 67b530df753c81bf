// DELETE /_admin/shutdown against the built main.js as a child process: the request is
// answered "OK", the process stops as on SIGTERM (exit 0, one listening line), and every
// write it acknowledged is there when a new process opens the same data directory.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildTracker, exited, ROOT_AUTH, spawnServer, tempDir, type ChildServer } from './helpers/server.js';

const tracker = new ChildTracker();
afterEach(() => tracker.cleanup());
after(() => tracker.removeDirs());

async function startChild(flags: string[]): Promise<ChildServer> {
  const child = await spawnServer(flags);
  tracker.children.push(child.proc);
  return child;
}

function newDir(): string {
  const d = tempDir('cairn-shutdown-api-');
  tracker.dirs.push(d);
  return d;
}

async function call(base: string, method: string, path: string, body?: unknown, auth = ROOT_AUTH) {
  const res = await fetch(base + path, { method, headers: { authorization: auth }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('DELETE /_admin/shutdown', () => {
  it('answers "OK", exits 0 and keeps every acknowledged write', async () => {
    const dir = newDir();
    let child = await startChild(['--data-dir', dir]);
    assert.equal((await call(child.url, 'POST', '/_api/collection', { name: 'kept' })).status, 200);
    // not waited for on disk one by one: the clean stop must flush them
    const keys = Array.from({ length: 50 }, (_, i) => ({ _key: `k${i}`, i }));
    assert.equal((await call(child.url, 'POST', '/_api/document/kept', keys)).status, 202);
    const res = await call(child.url, 'DELETE', '/_admin/shutdown');
    assert.deepEqual(res, { status: 200, type: 'application/json; charset=utf-8', text: '"OK"' });
    assert.deepEqual(await exited(child.proc, 20000), { code: 0, signal: null });
    assert.equal([...child.output().matchAll(/^listening on /gm)].length, 1, child.output());

    child = await startChild(['--data-dir', dir]);
    const count = await call(child.url, 'GET', '/_api/collection/kept/count');
    assert.equal(JSON.parse(count.text).count, 50);
    const doc = JSON.parse((await call(child.url, 'GET', '/_api/document/kept/k49')).text);
    assert.equal(doc.i, 49);
  });

  it('keeps running when a user without rw on _system asks', async () => {
    const child = await startChild(['--data-dir', newDir()]);
    assert.equal((await call(child.url, 'POST', '/_api/user', { user: 'viewer', passwd: 'pw' })).status, 201);
    const viewer = 'Basic ' + Buffer.from('viewer:pw').toString('base64');
    // no access to _system at all: refused before any route runs
    assert.equal((await call(child.url, 'DELETE', '/_admin/shutdown', undefined, viewer)).status, 401);
    assert.equal((await call(child.url, 'PUT', '/_api/user/viewer/database/_system', { grant: 'ro' })).status, 200);
    const res = await call(child.url, 'DELETE', '/_admin/shutdown', undefined, viewer);
    assert.equal(res.status, 403);
    assert.deepEqual(JSON.parse(res.text), { error: true, code: 403, errorNum: 403, errorMessage: 'you need admin rights to trigger shutdown' });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(child.proc.exitCode, null);
    assert.equal((await call(child.url, 'GET', '/_api/version')).status, 200);
  });
});
