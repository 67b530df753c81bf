// AQL smoke measurement until the full harness (issue 7): loads N documents in-process,
// then times a few read queries (median of 5, alternating with a plain-JS baseline over
// the same documents already in memory) and the event loop's worst delay while a heavy
// SORT runs. Usage: node bench/aql-smoke.mjs [N]   (after npm run build / npm test)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Storage } from '../dist/src/storage/storage.js';
import { runQuery } from '../dist/src/aql/query.js';

const N = Number(process.argv[2] ?? 100000);
const dir = mkdtempSync(join(tmpdir(), 'cairn-aql-bench-'));
const storage = await Storage.open({ path: dir, noSync: true });
await storage.catalog.createCollection('_system', { name: 'c', type: 2, isSystem: false, waitForSync: false, keyOptions: { type: 'traditional', allowUserKeys: true }, schema: null, computedValues: null, cacheEnabled: false });
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const CITIES = ['Berlin', 'Paris', 'Rome', 'Madrid', 'Oslo', 'Lima', 'Quito', 'Accra'];
const docs = [];
for (let i = 0; i < N; i++) docs.push({ _key: 'k' + i, name: 'user' + i, age: Math.floor(rnd() * 90), city: CITIES[i % 8], tags: ['a', 'b'], nested: { x: i, y: 'z' } });
for (let i = 0; i < N; i += 1000) await storage.documents.apply('_system', 'c', 'insert', docs.slice(i, i + 1000).map((body) => ({ body })), {});

const run = async (query) => (await runQuery(storage, { database: '_system', user: 'root', query, bindVars: {}, options: {} })).rows;
const QUERIES = [
  ['equality filter', 'FOR d IN c FILTER d.city == "Rome" RETURN d._key', () => docs.filter((d) => d.city === 'Rome').map((d) => d._key)],
  ['range filter', 'FOR d IN c FILTER d.age >= 30 && d.age < 40 RETURN d._key', () => docs.filter((d) => d.age >= 30 && d.age < 40).map((d) => d._key)],
  ['SORT + LIMIT', 'FOR d IN c SORT d.age DESC LIMIT 10 RETURN d', () => [...docs].sort((a, b) => b.age - a.age).slice(0, 10)],
  ['COLLECT WITH COUNT', 'FOR d IN c COLLECT city = d.city WITH COUNT INTO n RETURN {city, n}', () => { const m = new Map(); for (const d of docs) m.set(d.city, (m.get(d.city) ?? 0) + 1); return [...m]; }],
  ['COLLECT AGGREGATE', 'FOR d IN c COLLECT city = d.city AGGREGATE a = AVERAGE(d.age) RETURN {city, a}', () => { const m = new Map(); for (const d of docs) { const e = m.get(d.city) ?? [0, 0]; e[0] += d.age; e[1]++; m.set(d.city, e); } return [...m]; }],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`documents: ${N}`);
console.log('query                 cairn ms   js-in-memory ms   ratio');
for (const [name, aql, js] of QUERIES) {
  const a = [];
  const b = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await run(aql);
    a.push(performance.now() - t);
    t = performance.now();
    js();
    b.push(performance.now() - t);
  }
  console.log(`${name.padEnd(22)}${median(a).toFixed(1).padStart(8)}${median(b).toFixed(1).padStart(18)}${(median(a) / median(b)).toFixed(1).padStart(8)}x`);
}
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
await run('FOR d IN c SORT d.name DESC RETURN d._key');
h.disable();
console.log(`event loop delay during a full SORT of ${N} docs: p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`);
await storage.close();
rmSync(dir, { recursive: true, force: true });
