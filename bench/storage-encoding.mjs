// Measures how to store document bodies in lmdb: msgpack with shared structures
// (lmdb-js's fast path) against JSON text kept as bytes. Three paths matter to Cairn:
// insert, "point read and send as JSON" (GET /_api/document) and "scan and decode to
// objects" (AQL). Run: node bench/storage-encoding.mjs [docs]
import { open } from 'lmdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = Number(process.argv[2] ?? 100000);
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const cities = ['Berlin', 'Paris', 'Rome', 'Madrid', 'Lisbon', 'Oslo', 'Vienna', 'Prague'];
const docs = [];
for (let i = 0; i < N; i++) {
  docs.push({ _key: String(i), _id: 'c/' + i, _rev: '_h' + i.toString(36).padStart(9, '-'), name: 'user' + i + '-' + Math.floor(rnd() * 1e9).toString(36),
    age: Math.floor(rnd() * 90), city: cities[i % 8], tags: ['t' + (i % 13), 't' + (i % 7), 'x' + (i % 3)],
    address: { street: 'Street ' + Math.floor(rnd() * 500), zip: String(10000 + Math.floor(rnd() * 89999)), geo: [rnd() * 90, rnd() * 180] }, active: i % 2 === 0 });
}

function measure(label, variant) {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-enc-'));
  const env = open({ path: dir, maxDbs: 4 });
  const db = env.openDB(variant.dbOptions);
  const out = { label };
  return (async () => {
    let t = performance.now();
    for (let i = 0; i < N; i += 1000) {
      let last;
      for (let j = i; j < Math.min(N, i + 1000); j++) last = db.put(j, variant.encode(docs[j]));
      await last;
    }
    out.insertPerSec = Math.round(N / ((performance.now() - t) / 1000));
    t = performance.now();
    let bytes = 0;
    for (let i = 0; i < N; i++) bytes += variant.toJsonText(db.get((i * 7919) % N)).length;
    out.pointReadAsJsonPerSec = Math.round(N / ((performance.now() - t) / 1000));
    t = performance.now();
    let n = 0;
    for (const { value } of db.getRange()) { if (variant.toObject(value).age >= 0) n++; }
    out.scanToObjectPerSec = Math.round(n / ((performance.now() - t) / 1000));
    t = performance.now();
    const parts = [];
    for (const { value } of db.getRange()) { parts.push(variant.toJsonText(value)); if (parts.length === 1000) { parts.join(','); parts.length = 0; } }
    out.scanToJsonTextPerSec = Math.round(N / ((performance.now() - t) / 1000));
    await env.close();
    rmSync(dir, { recursive: true, force: true });
    return out;
  })();
}

const variants = {
  msgpackShared: { dbOptions: { name: 'd', encoding: 'msgpack', sharedStructuresKey: Symbol.for('structures') },
    encode: (d) => d, toJsonText: (v) => JSON.stringify(v), toObject: (v) => v },
  jsonBytes: { dbOptions: { name: 'd', encoding: 'binary' },
    encode: (d) => Buffer.from(JSON.stringify(d)), toJsonText: (v) => v.toString('utf8'), toObject: (v) => JSON.parse(v.toString('utf8')) },
  jsonString: { dbOptions: { name: 'd', encoding: 'string' },
    encode: (d) => JSON.stringify(d), toJsonText: (v) => v, toObject: (v) => JSON.parse(v) },
};

const results = [];
for (let round = 0; round < 3; round++) for (const [k, v] of Object.entries(variants)) results.push(await measure(k, v));
const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const table = {};
for (const k of Object.keys(variants)) {
  const rs = results.filter((r) => r.label === k);
  table[k] = Object.fromEntries(['insertPerSec', 'pointReadAsJsonPerSec', 'scanToObjectPerSec', 'scanToJsonTextPerSec'].map((f) => [f, med(rs.map((r) => r[f]))]));
}
console.log(`documents: ${N}, median of 3 alternating rounds, ops/s`);
console.table(table);
