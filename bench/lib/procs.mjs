// Processes the harness drives: a Cairn server on a temporary data dir, a bare node:http
// server returning fixed bytes, and readings of a process's CPU time and memory from
// /proc (Linux).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN_JS = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));
const BARE_JS = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
export const AUTH = 'Basic ' + Buffer.from('root:').toString('base64');

function started(proc, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${out}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr.on('data', (d) => (out += d));
    proc.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${out}`)));
  });
}

function handle(proc, url) {
  return {
    url,
    pid: proc.pid,
    /** utime + stime of the process, in milliseconds. */
    cpuMs() {
      const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
    },
    /** Peak and current resident set size, in bytes. */
    memory() {
      const s = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]) * 1024;
      return { peak: kb('VmHWM'), current: kb('VmRSS') };
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
    /** kill -9: no shutdown of any kind. */
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export async function startCairn(dir, flags = []) {
  const proc = spawn(process.execPath, [MAIN_JS, '--port', '0', '--data-dir', dir, '--log-level', 'error', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  return handle(proc, await started(proc, 'cairn'));
}

/**
 * A bare node:http server answering each path with the given status, headers and body
 * (or, for a list of them, with each in turn).
 */
export async function startBare(routes) {
  // bodies of megabytes do not fit in the environment: they go through a file
  const json = JSON.stringify(routes);
  const file = json.length > 65536 ? join(mkdtempSync(join(tmpdir(), 'cairn-bare-')), 'routes.json') : undefined;
  if (file) writeFileSync(file, json);
  const env = { ...process.env, ...(file ? { BARE_ROUTES_FILE: file } : { BARE_ROUTES: json }) };
  const proc = spawn(process.execPath, [BARE_JS], { stdio: ['ignore', 'pipe', 'pipe'], env });
  try {
    return handle(proc, await started(proc, 'bare server'));
  } finally {
    // the server has read the file once it listens (or has failed to start)
    if (file) rmSync(dirname(file), { recursive: true, force: true });
  }
}

/** fetch with root credentials and JSON; returns {status, body}. */
export async function api(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
