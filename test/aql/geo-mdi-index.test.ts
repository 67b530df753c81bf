// Geo and mdi index reads against scans: random points (poles and the antimeridian
// included) and GeoJSON shapes queried by distance order, distance ranges, containment
// and intersection through the geo-index-optimizer rule, random boxes through mdi,
// mdi-prefixed and zkd indexes; each compared with the same query run with the index rules
// disabled (same rows; same order for a distance sort), before and after writes, and read
// through a fraction of the index. Then ArangoDB's tests/js/server/aql/aql-optimizer-zkdindex.js,
// named per case.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { compare, type AqlValue } from '../../src/values/index.js';

const NO_INDEX = { optimizer: { rules: ['-geo-index-optimizer', '-use-indexes'] } };
const sorted = (rows: AqlValue[]): AqlValue[] => [...rows].sort(compare);

/** A seeded generator (the same data every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

async function ensure(db: TestDb, col: string, body: Record<string, unknown>): Promise<void> {
  await db.storage.indexes.ensure('_system', col, parseIndexSpec(body));
}

function indexNode(db: TestDb, q: string, bind: Record<string, unknown>): Record<string, any> | undefined {
  return db.explain(q, bind).plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
}

/** Runs `q` through the index and as a scan: equal rows (in order when `ordered`); returns the stats of the index run. */
async function same(db: TestDb, q: string, given: Record<string, unknown>, ordered: boolean, type = 'geo'): Promise<{ rows: AqlValue[]; scannedIndex: number }> {
  const bind = Object.fromEntries(Object.entries(given).filter(([k]) => new RegExp(`@${k}\\b`).test(q)));
  const node = indexNode(db, q, bind);
  assert.equal(node?.indexes[0].type, type, `${q} ${JSON.stringify(bind)}: served by the ${type} index`);
  const indexed = await db.runFull(q, bind);
  const scanned = await db.run(q, bind, NO_INDEX);
  if (ordered) assert.deepEqual(indexed.rows, scanned, `${q} ${JSON.stringify(bind)}`);
  else assert.deepEqual(sorted(indexed.rows), sorted(scanned), `${q} ${JSON.stringify(bind)}`);
  return { rows: indexed.rows, scannedIndex: indexed.stats.scannedIndex };
}

function point(rnd: () => number): { lat: number; lon: number } {
  const r = rnd();
  // a tenth near the poles, a tenth near the antimeridian, the rest anywhere
  if (r < 0.1) return { lat: (rnd() < 0.5 ? -1 : 1) * (85 + rnd() * 5), lon: rnd() * 360 - 180 };
  if (r < 0.2) return { lat: rnd() * 120 - 60, lon: (rnd() < 0.5 ? -1 : 1) * (175 + rnd() * 5) };
  return { lat: Math.asin(rnd() * 2 - 1) / (Math.PI / 180), lon: rnd() * 360 - 180 };
}

function shape(rnd: () => number): Record<string, unknown> {
  const { lat, lon } = point(rnd);
  const d = 0.1 + rnd() * 3;
  const la = Math.max(-89, Math.min(89 - d, lat));
  const lo = Math.max(-179, Math.min(179 - d, lon));
  const k = rnd();
  if (k < 0.5) return { type: 'Point', coordinates: [lon, lat] };
  if (k < 0.7) return { type: 'LineString', coordinates: [[lo, la], [lo + d, la + d / 2], [lo + d / 3, la + d]] };
  if (k < 0.9) return { type: 'Polygon', coordinates: [[[lo, la], [lo + d, la], [lo + d, la + d], [lo, la + d], [lo, la]]] };
  return { type: 'MultiPoint', coordinates: [[lo, la], [lo + d, la + d]] };
}

describe('geo index reads equal scans (random data; storage/spatial-reader.ts, executor/geo-block.ts)', () => {
  const N = 1200;
  let db: TestDb;
  let rnd: () => number;
  before(async () => {
    rnd = random(42);
    const docs = Array.from({ length: N }, (_, i) => {
      const p = point(rnd);
      return { _key: `p${i}`, lat: p.lat, lon: p.lon, pos: [p.lat, p.lon], g: shape(rnd) };
    });
    db = await openTestDb({ c: docs });
    // created over existing documents (the build path), then written to (the write path)
    await ensure(db, 'c', { type: 'geo', fields: ['lat', 'lon'] });
    await ensure(db, 'c', { type: 'geo', fields: ['pos'] });
    await ensure(db, 'c', { type: 'geo', fields: ['g'], geoJson: true });
    const more = Array.from({ length: 300 }, (_, i) => {
      const p = point(rnd);
      return { _key: `q${i}`, lat: p.lat, lon: p.lon, pos: [p.lat, p.lon], g: shape(rnd) };
    });
    await db.run('FOR d IN @docs INSERT d INTO c', { docs: more });
  });
  after(() => db.close());

  it('SORT DISTANCE ASC / DESC LIMIT returns the scan order', async () => {
    for (let i = 0; i < 10; i++) {
      const { lat, lon } = point(rnd);
      const n = 1 + Math.floor(rnd() * 40);
      await same(db, 'FOR d IN c SORT DISTANCE(d.lat, d.lon, @lat, @lon) LIMIT @n RETURN d._key', { lat, lon, n }, true);
      await same(db, 'FOR d IN c SORT DISTANCE(@lat, @lon, d.pos[0], d.pos[1]) DESC LIMIT @n RETURN d._key', { lat, lon, n }, true);
      await same(db, 'FOR d IN c SORT GEO_DISTANCE([@lon, @lat], d.g) ASC LIMIT @n RETURN d._key', { lat, lon, n }, true);
    }
  });

  it('a whole sorted read returns every indexed document in order', async () => {
    const { rows } = await same(db, 'FOR d IN c SORT DISTANCE(d.lat, d.lon, 10, 20) RETURN d._key', {}, true);
    assert.equal(rows.length, N + 300);
  });

  it('FILTER on distance (upper bound, ranges, GEO_IN_RANGE, wgs84) returns the scan rows', async () => {
    for (let i = 0; i < 8; i++) {
      const { lat, lon } = point(rnd);
      const r = 1000 + rnd() * 2_000_000;
      const b = { lat, lon, r, lo: r / 3 };
      await same(db, 'FOR d IN c FILTER DISTANCE(d.lat, d.lon, @lat, @lon) <= @r RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER DISTANCE(@lat, @lon, d.lat, d.lon) < @r FILTER DISTANCE(@lat, @lon, d.lat, d.lon) >= @lo RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER GEO_DISTANCE([@lon, @lat], [d.pos[1], d.pos[0]]) <= @r RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER GEO_IN_RANGE(d.g, [@lon, @lat], @lo, @r) RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER GEO_DISTANCE([@lon, @lat], d.g, "wgs84") <= @r RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER DISTANCE(d.lat, d.lon, @lat, @lon) <= @r SORT DISTANCE(d.lat, d.lon, @lat, @lon) DESC RETURN d._key', b, true);
    }
  });

  it('GEO_CONTAINS and GEO_INTERSECTS with boxes and polygons (one across the antimeridian) return the scan rows', async () => {
    const polys: unknown[] = [{ type: 'Polygon', coordinates: [[[170, -10], [-170, -10], [-170, 10], [170, 10], [170, -10]]] }];
    for (let i = 0; i < 6; i++) {
      const { lat, lon } = point(rnd);
      const d = 1 + rnd() * 30;
      const la = Math.max(-89, Math.min(89 - d, lat));
      const lo = Math.max(-179, Math.min(179 - d, lon));
      polys.push({ type: 'Polygon', coordinates: [[[lo, la], [lo + d, la], [lo + d / 2, la + d], [lo, la], [lo, la]].slice(0, 3).concat([[lo, la]])] });
      polys.push({ type: 'Polygon', coordinates: [[[lo, la], [lo + d, la], [lo + d, la + d], [lo, la + d], [lo, la]]] });
    }
    // a ring around the north pole
    polys.push({ type: 'Polygon', coordinates: [[[0, 80], [90, 80], [180, 80], [-90, 80], [0, 80]]] });
    let reads = 0;
    for (const poly of polys) {
      reads += (await same(db, 'FOR d IN c FILTER GEO_CONTAINS(@poly, d.g) RETURN d._key', { poly }, false)).scannedIndex;
      await same(db, 'FOR d IN c FILTER GEO_INTERSECTS(@poly, d.g) RETURN d._key', { poly }, false);
      await same(db, 'FOR d IN c FILTER GEO_INTERSECTS(d.g, @poly) RETURN d._key', { poly }, false);
      await same(db, 'FOR d IN c FILTER GEO_CONTAINS(@poly, [d.lon, d.lat]) RETURN d._key', { poly }, false);
    }
    // boxes of a few degrees read a small part of the index
    assert.ok(reads / polys.length < N / 4, `${reads / polys.length} entries per read`);
  });

  it('a small circle reads a small part of the index', async () => {
    const r = await db.runFull('FOR d IN c FILTER DISTANCE(d.lat, d.lon, 10, 10) <= 300000 RETURN d._key');
    const stats = r.stats;
    assert.ok(stats.scannedIndex < N / 10, `${stats.scannedIndex} entries read`);
    assert.equal(stats.scannedFull, 0);
  });

  it('updates, removals and truncation keep the index equal to the scan', async () => {
    await db.run('FOR d IN c FILTER d._key LIKE "p1%" UPDATE d WITH { lat: -d.lat, pos: [-d.pos[0], d.pos[1]] } IN c');
    await db.run('FOR d IN c FILTER d._key LIKE "p2%" REMOVE d IN c');
    await db.run('FOR d IN c FILTER d._key LIKE "q1%" LET v = 0.5 + TO_NUMBER(SUBSTRING(d._key, 1)) / 100000 REPLACE d WITH { lat: v, lon: 0.5, pos: [v, 0.5], g: [0.5, v] } IN c');
    for (const [lat, lon] of [[0, 0], [45, 90], [-60, 179]] as const) {
      const b = { lat, lon };
      await same(db, 'FOR d IN c SORT DISTANCE(d.lat, d.lon, @lat, @lon) LIMIT 30 RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER DISTANCE(d.pos[0], d.pos[1], @lat, @lon) <= 2000000 RETURN d._key', b, false);
      await same(db, 'FOR d IN c FILTER GEO_DISTANCE([@lon, @lat], d.g) <= 2000000 RETURN d._key', b, false);
    }
    await db.storage.indexes.truncate('_system', 'c', false);
    assert.deepEqual(await db.run('FOR d IN c FILTER DISTANCE(d.lat, d.lon, 0, 0) < 20000000 RETURN d'), []);
    assert.deepEqual(await db.run('FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 3 RETURN d'), []);
  });
});

describe('geo-index-optimizer (optimizer/rules-geo.ts): what it takes and what it leaves', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: [{ _key: 'a', lat: 1, lon: 1, loc: [1, 1], g: [1, 1] }, { _key: 'b', lat: 2, lon: 2, loc: [2, 2], g: [2, 2] }] });
    await ensure(db, 'c', { type: 'geo', fields: ['lat', 'lon'] });
  });
  after(() => db.close());

  it('takes the rule name and sorted flag into explain', () => {
    const plan = db.explain('FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d').plan;
    assert.ok(plan.rules.includes('geo-index-optimizer'));
    const ix = plan.nodes.find((n: any) => n.type === 'IndexNode');
    assert.equal(ix.sorted, true);
    assert.equal(ix.indexes[0].type, 'geo');
  });

  it('leaves a SORT after an outer loop, a sort on another attribute and a disabled rule alone', async () => {
    assert.ok(db.nodeTypes('FOR i IN 1..2 FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d').includes('SortNode'));
    assert.ok(!db.nodeTypes('FOR d IN c SORT d.lat LIMIT 1 RETURN d').includes('IndexNode'));
    const types = (db.explain('FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d', {}, NO_INDEX).plan.nodes as any[]).map((n) => n.type);
    assert.ok(!types.includes('IndexNode'));
    assert.deepEqual(await db.run('FOR i IN 1..2 FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) DESC LIMIT 3 RETURN [i, d._key]'), [[1, 'b'], [2, 'b'], [1, 'a']]);
  });

  it('leaves out documents without valid coordinates, as the sparse geo index of ArangoDB does', async () => {
    await db.run('INSERT { _key: "none", lat: "x", lon: null } INTO c');
    // (a scan gives DISTANCE() null for it, and null sorts first and is <= any number)
    assert.deepEqual(await db.run('FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d._key'), ['a']);
    assert.deepEqual(await db.run('FOR d IN c SORT DISTANCE(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d._key', {}, NO_INDEX), ['none']);
    assert.deepEqual(await db.run('FOR d IN c FILTER DISTANCE(d.lat, d.lon, 0, 0) <= 1000000 RETURN d._key'), ['a', 'b']);
    await db.run('REMOVE "none" IN c');
  });

  it('a bound that is not a number, or an origin that is not a point, gives what the scan gives', async () => {
    for (const [q, b] of [
      ['FOR d IN c FILTER DISTANCE(d.lat, d.lon, 0, 0) <= @r RETURN d._key', { r: 'x' }],
      ['FOR d IN c FILTER DISTANCE(d.lat, d.lon, 0, 0) <= @r RETURN d._key', { r: null }],
      ['FOR d IN c FILTER GEO_CONTAINS(@p, [d.lon, d.lat]) RETURN d._key', { p: { type: 'Polygon', coordinates: 'bad' } }],
    ] as const) {
      assert.deepEqual(sorted(await db.run(q, b)), sorted(await db.run(q, b, NO_INDEX)), q);
    }
  });
});

describe('mdi index reads equal scans (random data; optimizer/rules-mdi.ts, storage/spatial-reader.ts)', () => {
  let db: TestDb;
  const N = 2000;
  before(async () => {
    const rnd = random(7);
    const docs = Array.from({ length: N }, (_, i) => ({ _key: `k${i}`, x: Math.round(rnd() * 2000 - 1000) / 10, y: rnd() * 100 - 50, z: Math.floor(rnd() * 20), p: i % 4, s: i % 5 === 0 ? null : rnd() }));
    db = await openTestDb({ m: docs, n: docs, s: docs });
    await ensure(db, 'm', { type: 'mdi', fields: ['x', 'y', 'z'], fieldValueTypes: 'double' });
    await ensure(db, 'n', { type: 'mdi-prefixed', fields: ['x', 'y'], prefixFields: ['p'], fieldValueTypes: 'double' });
    await ensure(db, 's', { type: 'zkd', fields: ['x', 's'], fieldValueTypes: 'double', sparse: true });
  });
  after(() => db.close());

  it('random boxes (closed, strict, one-sided, equality) return the scan rows', async () => {
    const rnd = random(99);
    const ops = ['<', '<=', '>', '>=', '=='];
    for (let i = 0; i < 20; i++) {
      const x0 = Math.round(rnd() * 2000 - 1000) / 10;
      const x1 = x0 + rnd() * 40;
      const y0 = rnd() * 100 - 50;
      const op = ops[Math.floor(rnd() * ops.length)]!;
      const b = { x0, x1, y0, y1: y0 + rnd() * 30, z: Math.floor(rnd() * 20), p: Math.floor(rnd() * 4) };
      const r1 = await same(db, `FOR d IN m FILTER d.x >= @x0 && d.x <= @x1 FILTER d.y ${op} @y0 RETURN d._key`, b, false, 'mdi');
      await same(db, 'FOR d IN m FILTER @x0 < d.x && d.x < @x1 && d.y >= @y0 && d.y <= @y1 && d.z == @z RETURN d._key', b, false, 'mdi');
      await same(db, `FOR d IN m FILTER d.z ${op} @z RETURN d._key`, b, false, 'mdi');
      await same(db, 'FOR d IN n FILTER d.p == @p && d.x >= @x0 && d.x <= @x1 RETURN d._key', b, false, 'mdi-prefixed');
      await same(db, 'FOR d IN s FILTER d.x >= @x0 && d.x <= @x1 && d.s >= 0.5 RETURN d._key', b, false, 'zkd');
      // a box of at most 4 % of x and a range of y reads a fraction of the entries
      if (op === '<=' || op === '<') assert.ok(r1.scannedIndex < N / 3, `${r1.scannedIndex} entries read`);
    }
  });

  it('strict bounds keep their FILTER, closed bounds are covered; OPTIONS lookahead and indexHint', () => {
    const closed = indexNode(db, 'FOR d IN m FILTER d.x >= 1 && d.x <= 2 RETURN d', {})!;
    assert.equal(closed.filter, undefined);
    assert.ok(db.explain('FOR d IN m FILTER d.x >= 1 && d.x <= 2 RETURN d').plan.rules.includes('remove-filter-covered-by-index'));
    const strict = indexNode(db, 'FOR d IN m FILTER d.x > 1 && d.x <= 2 RETURN d', {})!;
    assert.equal(strict.indexes[0].type, 'mdi');
    assert.ok(strict.filter, 'the strict bound is checked after the index');
    assert.equal(indexNode(db, 'FOR d IN m OPTIONS { lookahead: 7 } FILTER d.x >= 1 RETURN d', {})!.lookahead, 7);
    assert.equal(indexNode(db, 'FOR d IN m FILTER d.x >= 1 RETURN d', {})!.lookahead, 1);
    // a prefixed index needs its prefix fields; a sparse one conditions that exclude null
    assert.equal(indexNode(db, 'FOR d IN n FILTER d.x >= 1 RETURN d', {}), undefined);
    assert.equal(indexNode(db, 'FOR d IN s FILTER d.x >= 1 RETURN d', {}), undefined);
  });

  it('writes keep the index equal to the scan, and a unique mdi index still refuses duplicates', async () => {
    await db.run('FOR d IN m FILTER d.z == 3 UPDATE d WITH { x: d.x + 0.05 } IN m');
    await db.run('FOR d IN m FILTER d.z == 4 REMOVE d IN m');
    await same(db, 'FOR d IN m FILTER d.x >= -10 && d.x <= 10 && d.z <= 5 RETURN d._key', {}, false, 'mdi');
    await ensure(db, 'm', { type: 'mdi', fields: ['y', 'x'], fieldValueTypes: 'double', unique: true });
    await db.run('INSERT { _key: "u1", x: 1e9, y: -0, z: 1 } INTO m');
    await assert.rejects(db.run('INSERT { _key: "u2", x: 1e9, y: 0, z: 1 } INTO m'), (e: { errorNum?: number }) => e.errorNum === 1210);
  });
});

describe('aql-optimizer-zkdindex.js optimizerRuleZkd2dIndexTestSuite (tests/js/server/aql)', () => {
  const C = 'UnitTestZkdIndexCollection';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [C]: [] });
    await ensure(db, C, { type: 'zkd', name: 'zkdIndex', fields: ['x', 'y'], fieldValueTypes: 'double' });
    await db.run(`FOR i IN 0..1000 LET x = (i - 500) / 10 LET y = x + 0.5 INSERT {x, y, i} INTO ${C}`);
  });
  after(() => db.close());

  const explain = (q: string) => {
    const plan = db.explain(q).plan;
    return { types: (plan.nodes as { type: string }[]).map((n) => n.type), rules: plan.rules as string[] };
  };
  const values = async (q: string) => ((await db.run(q)) as number[]).sort();

  it('test1', () => {
    const { types, rules } = explain(`FOR d IN ${C} FILTER d.i == 0 RETURN d`);
    assert.deepEqual(types, ['SingletonNode', 'EnumerateCollectionNode', 'ReturnNode']);
    assert.ok(!rules.includes('use-indexes'));
    assert.ok(!rules.includes('remove-filter-covered-by-index'));
  });
  it('test1_2', () => {
    const { types, rules } = explain(`FOR d IN ${C} FILTER d.x >= 0 && d.i == 0 RETURN d`);
    assert.deepEqual(types, ['SingletonNode', 'IndexNode', 'ReturnNode']);
    assert.ok(rules.includes('use-indexes'));
    assert.ok(rules.includes('move-filters-into-enumerate'));
    assert.ok(rules.includes('remove-filter-covered-by-index'), 'd.x >= 0 goes, d.i == 0 stays');
  });
  const served = async (q: string, expected: number[], filterNode = false) => {
    const { types, rules } = explain(q);
    assert.deepEqual(types, filterNode ? ['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'CalculationNode', 'ReturnNode'] : ['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
    assert.ok(rules.includes('use-indexes'));
    assert.deepEqual(await values(q), [...expected].sort());
    return rules;
  };
  it('test2', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 <= d.x && d.x <= 1 RETURN d.x`, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    assert.ok(rules.includes('remove-filter-covered-by-index'));
  });
  it('test3', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 <= d.x && d.y <= 1 RETURN d.x`, [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    assert.ok(rules.includes('remove-filter-covered-by-index'));
  });
  it('test4', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 >= d.x FILTER 10 <= d.y && d.y <= 16 RETURN d.x`, []);
    assert.ok(rules.includes('remove-filter-covered-by-index'));
  });
  it('test5', async () => {
    // upstream keeps the OR as a FilterNode; Cairn moves it into the IndexNode (move-filters-into-enumerate)
    const q = `FOR d IN ${C} FILTER 0 >= d.x || d.x >= 10 FILTER d.y >= 0 && d.y <= 11 RETURN d.x`;
    assert.ok(explain(q).rules.includes('use-indexes'));
    assert.deepEqual(await values(q), [-0.1, -0.2, -0.3, -0.4, -0.5, 0, 10, 10.1, 10.2, 10.3, 10.4, 10.5].sort());
  });
  it('test6', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 == d.x RETURN d.x`, [0]);
    assert.ok(rules.includes('remove-filter-covered-by-index'));
  });
  it('test7', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 == d.x && 0 == d.y RETURN d.x`, []);
    assert.ok(rules.includes('remove-filter-covered-by-index'));
  });
  it('test8', async () => {
    const rules = await served(`FOR d IN ${C} FILTER 0 < d.x && d.y <= 1 RETURN d.x`, [0.1, 0.2, 0.3, 0.4, 0.5]);
    assert.ok(rules.includes('move-filters-into-enumerate'));
    assert.ok(rules.includes('remove-filter-covered-by-index'), 'd.y <= 1 goes, the strict 0 < d.x stays');
  });
});
