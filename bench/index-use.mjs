// Index use for array lookups (`v IN d.tags[*]`), an OR across two indexed attributes and
// `_key` ranges: each query on N documents with the optimizer as is and with use-indexes
// disabled (the plan Cairn made for these shapes before it could use an index: a full
// scan), alternating, median of R runs each. In process, through src/aql/query.ts.
// Run after `npm run build`: node bench/index-use.mjs [docs=100000] [runs=7]
import { rmSync } from 'node:fs';
import { Storage } from '../dist/src/storage/storage.js';
import { runQuery } from '../dist/src/aql/query.js';
import { parseIndexSpec } from '../dist/src/storage/indexes.js';
import { collectionSpec, tempDir } from '../dist/test/helpers/server.js';

const N = Number(process.argv[2] ?? 100000);
const RUNS = Number(process.argv[3] ?? 7);
const dir = tempDir('cairn-bench-idx-');
const storage = await Storage.open({ path: dir, noSync: true });
try {
  await storage.catalog.createCollection('_system', collectionSpec('c'));
  for (let i = 0; i < N; i += 1000) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      docs.push({ _key: 'k' + String(j).padStart(6, '0'), a: j % 1000, b: (j * 7) % 1000, tags: ['t' + (j % 500), 't' + (j % 777), 'all'], name: 'user' + j });
    }
    await storage.documents.apply('_system', 'c', 'insert', docs.map((body) => ({ body })), {});
  }
  for (const fields of [['a'], ['b'], ['tags[*]']]) await storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields }));

  const queries = {
    'array IN d.tags[*]': `FOR d IN c FILTER 't42' IN d.tags[*] RETURN d._key`,
    'OR across attributes': 'FOR d IN c FILTER d.a == 1 OR d.b == 2 RETURN d._key',
    '_key range': 'FOR d IN c FILTER d._key >= "k050000" && d._key < "k050100" RETURN d._key',
    '_key range + SORT DESC LIMIT': 'FOR d IN c FILTER d._key > "k090000" SORT d._key DESC LIMIT 10 RETURN d._key',
  };
  const run = async (query, options) => {
    const t = performance.now();
    const r = await runQuery(storage, { database: '_system', user: 'root', query, bindVars: {}, options });
    return { ms: performance.now() - t, rows: r.rows.length };
  };
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`${N} documents, median of ${RUNS} alternating runs (ms)`);
  console.log('query | use-indexes off (the plan before) | use-indexes on | rows');
  for (const [label, query] of Object.entries(queries)) {
    const scan = [];
    const index = [];
    let rows = 0;
    await run(query, {});
    await run(query, { optimizer: { rules: ['-use-indexes'] } });
    for (let i = 0; i < RUNS; i++) {
      const a = await run(query, { optimizer: { rules: ['-use-indexes'] } });
      const b = await run(query, {});
      if (a.rows !== b.rows) throw new Error(`${label}: ${a.rows} rows scanned, ${b.rows} through the index`);
      scan.push(a.ms);
      index.push(b.ms);
      rows = b.rows;
    }
    console.log(`${label} | ${median(scan).toFixed(1)} | ${median(index).toFixed(2)} | ${rows}`);
  }
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
