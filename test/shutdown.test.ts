// The process as a whole: one listening line at start, a clean exit 0 on SIGTERM/SIGINT
// that still answers the request in flight, and the command line (flags over CAIRN_*
// environment variables, exit 2 with a message on a bad option). Runs the built main.js
// as a child process.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ChildTracker, exited, MAIN_JS, ROOT_AUTH, spawnServer, tempDir, type ChildServer } from './helpers/server.js';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/gm;

/** Resolves with the exit code (or signal) of `proc`; rejects after `ms`. */
/** Runs main.js with exactly these arguments and environment until it exits. */
function runToExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [MAIN_JS, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return exited(proc, 20000).then(({ code }) => ({ code, stdout, stderr }));
}

/** This process's environment without any CAIRN_* variable, so only the test's count. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CAIRN_')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns main.js with `args` and `env` only (no default flags); resolves at its listening line. */
function spawnRaw(args: string[], env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const proc = spawn(process.execPath, [MAIN_JS, '--log-level', 'error', ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out)), 20000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, output: () => out });
      }
    });
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

const tracker = new ChildTracker();
const children = tracker.children;
const dirs = tracker.dirs;

function newDir(): string {
  const d = tempDir('cairn-shutdown-');
  dirs.push(d);
  return d;
}

async function startChild(flags: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const child = await spawnServer(flags, env);
  children.push(child.proc);
  return child;
}

afterEach(() => tracker.cleanup());
after(() => tracker.removeDirs());

describe('stopping the server', () => {
  it('prints exactly one listening line and exits 0 on SIGTERM, answering the request in flight', async () => {
    const child = await startChild(['--data-dir', newDir()]);
    const t0 = Date.now();
    const inFlight = fetch(`${child.url}/_admin/sleep?duration=5`, { headers: { authorization: ROOT_AUTH } }).then(async (r) => ({
      status: r.status,
      connection: r.headers.get('connection'),
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 200));
    child.proc.kill('SIGTERM');
    // Shutdown aborts long waits: the sleep ends at once and is answered 503/30.
    assert.deepEqual(await inFlight, { status: 503, connection: 'close', body: { error: true, code: 503, errorNum: 30, errorMessage: 'shutdown in progress' } });
    assert.deepEqual(await exited(child.proc, 20000), { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 2000, `stopped after ${Date.now() - t0} ms`);
    const lines = [...child.output().matchAll(LISTENING)];
    assert.equal(lines.length, 1, child.output());
    assert.equal(child.url, `http://127.0.0.1:${lines[0]![1]}`);
  });

  it('exits at once although a client keeps an idle connection open', async () => {
    const child = await startChild(['--data-dir', newDir()]);
    const res = await fetch(`${child.url}/_admin/time`, { headers: { authorization: ROOT_AUTH } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('connection'), 'keep-alive');
    await res.json();
    const t0 = Date.now();
    child.proc.kill('SIGTERM');
    assert.deepEqual(await exited(child.proc, 20000), { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 2000, `stopped after ${Date.now() - t0} ms`);
  });

  it('exits 0 on SIGINT as well', async () => {
    const child = await startChild(['--data-dir', newDir()]);
    child.proc.kill('SIGINT');
    assert.deepEqual(await exited(child.proc, 20000), { code: 0, signal: null });
  });

  it('keeps what it wrote across a clean stop', async () => {
    const dir = newDir();
    let child = await startChild(['--data-dir', dir]);
    const created = await fetch(`${child.url}/_api/database`, { method: 'POST', headers: { authorization: ROOT_AUTH }, body: JSON.stringify({ name: 'kept' }) });
    assert.equal(created.status, 201);
    child.proc.kill('SIGTERM');
    assert.deepEqual(await exited(child.proc, 20000), { code: 0, signal: null });
    child = await startChild(['--data-dir', dir]);
    const list = await fetch(`${child.url}/_api/database`, { headers: { authorization: ROOT_AUTH } });
    assert.deepEqual(await list.json(), { error: false, code: 200, result: ['_system', 'kept'] });
  });
});

describe('the command line', () => {
  it('uses --port and --data-dir', async () => {
    const port = await freePort();
    const dir = join(newDir(), 'data');
    const child = await spawnRaw(['--port', String(port), '--data-dir', dir], {});
    assert.equal(child.url, `http://127.0.0.1:${port}`);
    const res = await fetch(`${child.url}/_api/version`, { headers: { authorization: ROOT_AUTH } });
    assert.equal(res.status, 200);
    assert.ok(existsSync(dir) && readdirSync(dir).length > 0, 'the data directory holds the environment');
  });

  it('takes CAIRN_PORT and CAIRN_DATA_DIR from the environment', async () => {
    const port = await freePort();
    const dir = join(newDir(), 'from-env');
    const child = await spawnRaw([], { CAIRN_PORT: String(port), CAIRN_DATA_DIR: dir });
    assert.equal(child.url, `http://127.0.0.1:${port}`);
    assert.ok(existsSync(dir) && readdirSync(dir).length > 0);
  });

  it('prefers a flag over the environment variable', async () => {
    const [envPort, flagPort] = [await freePort(), await freePort()];
    const envDir = join(newDir(), 'env');
    const flagDir = join(newDir(), 'flag');
    const child = await spawnRaw(['--port', String(flagPort), `--data-dir=${flagDir}`], { CAIRN_PORT: String(envPort), CAIRN_DATA_DIR: envDir });
    assert.equal(child.url, `http://127.0.0.1:${flagPort}`);
    assert.ok(existsSync(flagDir));
    assert.ok(!existsSync(envDir), 'the environment directory is not used');
  });

  it('takes credentials from --root-password and CAIRN_AUTH', async () => {
    const child = await spawnRaw(['--port', '0', '--data-dir', newDir(), '--root-password', 'pw'], {});
    const wrong = await fetch(`${child.url}/_api/version`, { headers: { authorization: ROOT_AUTH } });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${child.url}/_api/version`, { headers: { authorization: 'Basic ' + Buffer.from('root:pw').toString('base64') } });
    assert.equal(right.status, 200);
    const open = await spawnRaw(['--port', '0', '--data-dir', newDir()], { CAIRN_AUTH: 'false' });
    assert.equal((await fetch(`${open.url}/_api/version`)).status, 200);
  });

  const bad = [
    { id: 'unknown-flag', args: ['--bogus'], env: {}, message: /unknown option '--bogus'/ },
    { id: 'bad-port', args: ['--port', 'abc'], env: {}, message: /invalid value for --port: 'abc'/ },
    { id: 'port-too-big', args: ['--port=70000'], env: {}, message: /invalid value for --port: '70000'/ },
    { id: 'missing-value', args: ['--data-dir'], env: {}, message: /option --data-dir needs a value/ },
    { id: 'bad-env', args: [], env: { CAIRN_PORT: 'x1' }, message: /invalid value for --port: 'x1'/ },
    { id: 'bad-level', args: ['--log-level', 'loud'], env: {}, message: /invalid value for --log-level: 'loud'/ },
  ];
  for (const c of bad) {
    it(`exits 2 with a message on a bad option: ${c.id}`, async () => {
      const r = await runToExit(c.args, c.env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.message);
      assert.doesNotMatch(r.stdout, /listening on/);
    });
  }

  it('prints the usage with --help and exits 2', async () => {
    const r = await runToExit(['--help']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^usage: /);
    assert.match(r.stderr, /--data-dir/);
  });
});
