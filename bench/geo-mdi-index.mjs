// Geo and mdi index use: a nearest-first geo query, a geo radius filter and an mdi box
// query on N documents, with the optimizer as is and with geo-index-optimizer and
// use-indexes disabled (the plan Cairn made before these indexes held entries: a full
// scan), alternating, median of R runs each. In process, through src/aql/query.ts.
// Run after `npm run build`: node bench/geo-mdi-index.mjs [docs=100000] [runs=7]
import { rmSync } from 'node:fs';
import { Storage } from '../dist/src/storage/storage.js';
import { runQuery } from '../dist/src/aql/query.js';
import { parseIndexSpec } from '../dist/src/storage/indexes.js';
import { collectionSpec, tempDir } from '../dist/test/helpers/server.js';

const N = Number(process.argv[2] ?? 100000);
const RUNS = Number(process.argv[3] ?? 7);
const dir = tempDir('cairn-bench-geo-');
const storage = await Storage.open({ path: dir, noSync: true });
let seed = 12345;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
try {
  await storage.catalog.createCollection('_system', collectionSpec('c'));
  for (let i = 0; i < N; i += 1000) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      docs.push({ lat: Math.asin(rnd() * 2 - 1) * (180 / Math.PI), lon: rnd() * 360 - 180, x: rnd() * 1000, y: rnd() * 1000, name: 'place' + j });
    }
    await storage.documents.apply('_system', 'c', 'insert', docs.map((body) => ({ body })), {});
  }
  await storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'geo', fields: ['lat', 'lon'] }));
  await storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double' }));

  const queries = {
    'geo: SORT DISTANCE LIMIT 10': 'FOR d IN c SORT DISTANCE(d.lat, d.lon, 48.85, 2.35) LIMIT 10 RETURN d.name',
    'geo: FILTER DISTANCE <= 200 km': 'FOR d IN c FILTER DISTANCE(d.lat, d.lon, 48.85, 2.35) <= 200000 RETURN d.name',
    'mdi: FILTER 2-d box (1 % of the area)': 'FOR d IN c FILTER d.x >= 400 && d.x <= 500 && d.y >= 300 && d.y <= 400 RETURN d.name',
  };
  const OFF = { optimizer: { rules: ['-geo-index-optimizer', '-use-indexes'] } };
  const run = async (query, options) => {
    const t = performance.now();
    const r = await runQuery(storage, { database: '_system', user: 'root', query, bindVars: {}, options });
    return { ms: performance.now() - t, rows: JSON.stringify(r.rows.slice().sort()) , n: r.rows.length };
  };
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`${N} documents, median of ${RUNS} alternating runs (ms)`);
  console.log('query | index rules off (the plan before) | on | rows');
  for (const [label, query] of Object.entries(queries)) {
    const scan = [];
    const index = [];
    let rows = 0;
    await run(query, {});
    await run(query, OFF);
    for (let i = 0; i < RUNS; i++) {
      const a = await run(query, OFF);
      const b = await run(query, {});
      if (a.rows !== b.rows) throw new Error(`${label}: the index gave other rows than the scan`);
      scan.push(a.ms);
      index.push(b.ms);
      rows = b.n;
    }
    console.log(`${label} | ${median(scan).toFixed(1)} | ${median(index).toFixed(2)} | ${rows}`);
  }
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
