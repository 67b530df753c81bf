// Responsiveness (issue 5; the harness of issue 7 will take it over): latency of
// GET /_api/version from one client while four other clients each run a heavy query
// (a full SORT, a SLEEP loop, a nested loop, a stream cursor over an expensive
// computation), against the same client on the idle server. Alternates idle and loaded
// phases, ROUNDS times, and prints the median over rounds of p50/p99/max.
// Run after a build: node bench/responsiveness.mjs [rounds]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUNDS = Number(process.argv[2] ?? 5);
const SAMPLE_MS = 2000;
const HEAVY = [
  { query: 'FOR i IN 1..3000000 LET r = RAND() SORT r LIMIT 2, 1 RETURN i' },
  { query: 'FOR i IN 1..600 LET s = SLEEP(0.05) RETURN i' },
  { query: 'FOR i IN 1..5000 FOR j IN 1..5000 FILTER i * j < 0 RETURN [i, j]' },
  { query: 'FOR i IN 1..20000000 LET h = SHA512(TO_STRING(i)) FILTER h == "none" RETURN h', stream: true, batchSize: 10 },
];

const dir = mkdtempSync(join(tmpdir(), 'cairn-resp-'));
const proc = spawn(process.execPath, [new URL('../dist/src/main.js', import.meta.url).pathname, '--port', '0', '--data-dir', dir, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve) => {
  let out = '';
  proc.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const headers = { authorization: 'Basic ' + Buffer.from('root:').toString('base64'), 'content-type': 'application/json' };
const api = async (method, path, body) => {
  const r = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const t = await r.text();
  return t ? JSON.parse(t) : undefined;
};

async function sample(ms) {
  const lat = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = await fetch(base + '/_api/version', { headers });
    await r.arrayBuffer();
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { n: lat.length, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1] };
}

async function loaded(ms) {
  const heavy = HEAVY.map((b) => api('POST', '/_api/cursor', b).catch(() => undefined));
  for (let i = 0; i < 500; i++) {
    if ((await api('GET', '/_api/query/current')).length >= HEAVY.length) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const s = await sample(ms);
  const still = await api('GET', '/_api/query/current');
  for (const q of still) await api('DELETE', `/_api/query/${q.id}`);
  await Promise.all(heavy);
  return { ...s, allRunning: still.length === HEAVY.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const idle = [];
const busy = [];
for (let r = 0; r < ROUNDS; r++) {
  idle.push(await sample(SAMPLE_MS / 2));
  busy.push(await loaded(SAMPLE_MS));
}
const fmt = (xs, k) => median(xs.map((x) => x[k])).toFixed(2);
console.log(`GET /_api/version, one client, ${ROUNDS} alternating rounds (median of rounds), ms:`);
console.log(`  idle:                 p50 ${fmt(idle, 'p50')}  p99 ${fmt(idle, 'p99')}  max ${fmt(idle, 'max')}  (${median(idle.map((x) => x.n))} requests/round)`);
console.log(`  4 heavy queries:      p50 ${fmt(busy, 'p50')}  p99 ${fmt(busy, 'p99')}  max ${fmt(busy, 'max')}  (${median(busy.map((x) => x.n))} requests/round)`);
console.log(`  heavy queries still running at the end of every loaded phase: ${busy.every((b) => b.allRunning)}`);
console.log(`  ratio loaded/idle: p50 ${(fmt(busy, 'p50') / fmt(idle, 'p50')).toFixed(1)}x  p99 ${(fmt(busy, 'p99') / fmt(idle, 'p99')).toFixed(1)}x`);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
rmSync(dir, { recursive: true, force: true });
