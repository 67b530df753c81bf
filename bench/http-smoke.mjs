// A quick HTTP smoke measurement until issue 7's harness exists: req/s and server CPU per
// request (utime+stime from /proc) for insert, point read and version, 50 concurrent
// fetch clients on this machine. Run after a build: node bench/http-smoke.mjs
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'cairn-load-'));
const proc = spawn(process.execPath, [new URL('../dist/src/main.js', import.meta.url).pathname, '--port', '8540', '--data-dir', dir, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => proc.stdout.on('data', (d) => /listening/.test(d) && r()));
const auth = { authorization: 'Basic ' + Buffer.from('root:').toString('base64') };
const base = 'http://127.0.0.1:8540';
await fetch(base + '/_api/collection', { method: 'POST', headers: auth, body: JSON.stringify({ name: 'c' }) });
const cpu = () => { const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; }; // ms (100 Hz)
async function run(label, n, conc, mk) {
  let i = 0; const c0 = cpu(); const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (i < n) { const k = i++; const r = await fetch(base + mk(k).path, { method: mk(k).method, headers: auth, body: mk(k).body }); await r.arrayBuffer(); if (r.status >= 300) throw new Error(label + ' ' + r.status); } }));
  const secs = (performance.now() - t0) / 1000; const c = cpu() - c0;
  console.log(`${label}: ${n} requests, ${Math.round(n / secs)} req/s, server CPU ${(c * 1000 / n).toFixed(0)} us/request`);
}
const doc = (k) => JSON.stringify({ _key: 'k' + k, name: 'user' + k, age: k % 90, city: 'Berlin', tags: ['a', 'b'], address: { street: 'Main ' + k, zip: '10115' } });
await run('POST /_api/document (insert)', 20000, 50, (k) => ({ method: 'POST', path: '/_api/document/c', body: doc(k) }));
await run('GET /_api/document/c/<key>', 20000, 50, (k) => ({ method: 'GET', path: '/_api/document/c/k' + (k * 7919 % 20000) }));
await run('GET /_api/version', 20000, 50, () => ({ method: 'GET', path: '/_api/version' }));
const count = await (await fetch(base + '/_api/collection/c/count', { headers: auth })).json();
console.log('count', count.count);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
rmSync(dir, { recursive: true, force: true });
