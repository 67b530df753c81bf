// Geo index use in AQL (the geo-index-optimizer rule and geo index reads), replayed from
// ArangoDB's tests/js/client/aql/aql-optimizer-geoindex.js (3.12) (its three suites, named per
// case), then randomized: every index-served query gives what the same query gives as a
// scan (optimizer rule disabled), in the same order when it sorts by distance, on random
// points (poles and the antimeridian included) and GeoJSON shapes, after writes too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { compare, type AqlValue } from '../../src/values/index.js';

const NO_GEO = { optimizer: { rules: ['-geo-index-optimizer', '-use-indexes'] } };
const sorted = (rows: AqlValue[]): AqlValue[] => [...rows].sort(compare);

type Node = Record<string, any>;
const nodesOf = (db: TestDb, q: string, bind: Record<string, unknown> = {}): Node[] => db.explain(q, bind).plan.nodes;
const count = (nodes: Node[], type: string): number => nodes.filter((n) => n.type === type).length;

function hasGeoIndexNode(nodes: Node[], q: string): void {
  const ix = nodes.filter((n) => n.type === 'IndexNode');
  assert.equal(ix.length, 1, `${q}: one IndexNode`);
  assert.equal(ix[0]!.indexes.length, 1);
  assert.equal(ix[0]!.indexes[0].type, 'geo');
}

async function ensure(db: TestDb, col: string, body: Record<string, unknown>): Promise<void> {
  await db.storage.indexes.ensure('_system', col, parseIndexSpec(body));
}

/** The grid of the upstream setUp: lat, lon in -40..40, also as `geo` and `loca.tion`. */
function grid(): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (let lat = -40; lat <= 40; ++lat) for (let lon = -40; lon <= 40; ++lon) docs.push({ lat, lon, geo: [lat, lon], loca: { tion: { lat, lon } } });
  return docs;
}

interface Expect {
  q: string;
  sort: boolean;
  filter: boolean;
  index: boolean;
}

function basics(C: string): Expect[] {
  return [
    { q: `FOR d IN ${C} SORT distance(d.lat, d.lon, 0, 0) ASC LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR d IN ${C} SORT distance(d.loca.tion.lat, d.loca.tion.lon, 0, 0) ASC LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR d IN ${C} SORT distance(0, 0, d.lat,d.lon ) ASC LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR d IN ${C} FILTER distance(0, 0, d.lat,d.lon ) < 1 LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR d IN ${C} FILTER distance(0, 0, d.geo[0],d.geo[1] ) < 1 LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR d IN ${C} FILTER distance(0, 0, d.lat, d.geo[1]) < 1 LIMIT 1 RETURN d`, sort: false, filter: false, index: false },
    { q: `FOR d IN ${C} SORT distance(0, 0, d.lat, d.lon) FILTER distance(0, 0, d.lat,d.lon ) < 1 LIMIT 1 RETURN d`, sort: false, filter: false, index: true },
    { q: `FOR i in 1..2 FOR d IN ${C} FILTER distance(0, 0, d.lat,d.lon ) < 1 && i > 1 LIMIT 1 RETURN d`, sort: false, filter: true, index: true },
  ];
}

function checkBasics(db: TestDb, C: string): void {
  for (const e of basics(C)) {
    const nodes = nodesOf(db, e.q);
    assert.equal(count(nodes, 'SortNode'), e.sort ? 1 : 0, `${e.q}: SortNode`);
    assert.equal(count(nodes, 'FilterNode'), e.filter ? 1 : 0, `${e.q}: FilterNode`);
    if (e.index) hasGeoIndexNode(nodes, e.q);
    else assert.equal(count(nodes, 'IndexNode'), 0, `${e.q}: no IndexNode`);
  }
}

function removeNodes(C: string): string[] {
  return [
    `FOR d IN ${C} SORT distance(d.lat,d.lon, 0 ,0 ) ASC LIMIT 5 RETURN d`,
    `FOR d IN ${C} SORT distance(0, 0, d.lat,d.lon ) ASC LIMIT 5 RETURN d`,
    `FOR d IN ${C} FILTER distance(0, 0, d.lat,d.lon ) < 111200 RETURN d`,
    `FOR d IN ${C} SORT distance(d.loca.tion.lat,d.loca.tion.lon, 0 ,0 ) ASC LIMIT 5 RETURN d`,
    `FOR d IN ${C} SORT distance(d.geo[0], d.geo[1], 0 ,0 ) ASC LIMIT 5 RETURN d`,
    `FOR d IN ${C} SORT distance(0, 0, d.geo[0], d.geo[1]) ASC LIMIT 5 RETURN d`,
  ];
}

async function checkRemoveNodes(db: TestDb, C: string): Promise<void> {
  const expected = [[0, 0], [-1, 0], [0, 1], [1, 0], [0, -1]];
  for (const q of removeNodes(C)) {
    const rows = (await db.run(q)) as { lat: number; lon: number }[];
    assert.deepEqual(sorted(rows.map((r) => [r.lat, r.lon])), sorted(expected), q);
  }
}

async function checkSorted(db: TestDb, C: string, asc: string): Promise<void> {
  const q = `FOR d IN ${C} SORT distance(d.lat, d.lon, 0, 0)${asc} RETURN distance(d.lat, d.lon, 0, 0)`;
  const rows = (await db.run(q)) as number[];
  assert.equal(rows.length, 81 * 81);
  let old = 0;
  for (const d of rows.map((x) => parseFloat(x.toFixed(5)))) {
    assert.ok(d >= old, `${d} >= ${old}`);
    old = d;
  }
  hasGeoIndexNode(nodesOf(db, q), q);
}

describe('aql-optimizer-geoindex.js legacyOptimizerRuleTestSuite (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsAqlOptimizerGeoIndex';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [C]: grid() });
    await ensure(db, C, { type: 'geo', fields: ['lat', 'lon'] });
    await ensure(db, C, { type: 'geo', fields: ['geo'] });
    await ensure(db, C, { type: 'geo', fields: ['loca.tion.lat', 'loca.tion.lon'] });
  });
  after(() => db.close());

  it('testLegacyRuleBasics', async () => {
    await ensure(db, C, { type: 'persistent', fields: ['y', 'z'], unique: false });
    checkBasics(db, C);
  });
  it('testLegacyRuleRemoveNodes', () => checkRemoveNodes(db, C));
  it('testLegacyRuleSorted', () => checkSorted(db, C, ''));
});

describe('aql-optimizer-geoindex.js legacyGeoVariationsTestSuite (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsAqlOptimizerGeoIndex';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({
      [C]: [
        { _key: '1138', location: [11, 0] },
        { _key: '1232', location: [0, 0] },
        { _key: '1173', location: [10, 10] },
        { _key: '1197', location: [0, 50] },
        { _key: '1256', location: [10, 10.1] },
      ],
    });
    await ensure(db, C, { type: 'geo', fields: ['location'] });
  });
  after(() => db.close());

  it('testQueries', async () => {
    const queries = [
      `FOR e IN ${C} FILTER @2 <= distance(e.location[0], e.location[1], @0, @1) FILTER distance(e.location[0], e.location[1], @0, @1) <= @3 SORT distance(e.location[0], e.location[1], 0.000000, 0.000000) RETURN e._key`,
      `FOR e IN ${C} FILTER @2 <= distance(e.location[0], e.location[1], @0, @1) AND distance(e.location[0], e.location[1], @0, @1) <= @3 SORT distance(e.location[0], e.location[1], 0.000000, 0.000000) RETURN e._key`,
      `FOR e IN ${C} FILTER distance(e.location[0], e.location[1], @0, @1) <= @3 FILTER @2 <= distance(e.location[0], e.location[1], @0, @1) SORT distance(e.location[0], e.location[1], 0.000000, 0.000000) RETURN e._key`,
      `FOR e IN ${C} FILTER distance(e.location[0], e.location[1], @0, @1) <= @3 AND @2 <= distance(e.location[0], e.location[1], @0, @1) SORT distance(e.location[0], e.location[1], 0.000000, 0.000000) RETURN e._key`,
    ];
    const bind = { '0': 0, '1': 0, '2': 1000000, '3': 5000000 };
    for (const q of queries) {
      assert.deepEqual(await db.run(q, bind, { optimizer: { rules: ['-all'] } }), ['1138', '1173', '1256'], q);
      assert.deepEqual(await db.run(q, bind, { optimizer: { rules: ['+all'] } }), ['1138', '1173', '1256'], q);
      hasGeoIndexNode(nodesOf(db, q, bind), q);
    }
  });
});

describe('aql-optimizer-geoindex.js optimizerRuleTestSuite (tests/js/client/aql, 3.12)', () => {
  const C = 'UnitTestsAqlOptimizergeoindex';
  const L = 'UnitTestsGeoJsonTestSuite';
  const indonesia = [
    { type: 'Polygon', coordinates: [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]] },
    { type: 'LineString', coordinates: [[102.0, 0.0], [103.0, 1.0], [104.0, 0.0], [105.0, 1.0]] },
    { type: 'Point', coordinates: [102.0, 0.5] },
  ];
  const emea = [
    { type: 'Polygon', coordinates: [[[35, 10], [45, 45], [15, 40], [10, 20], [35, 10]], [[20, 30], [35, 35], [30, 20], [20, 30]]] },
    { type: 'LineString', coordinates: [[25, 10], [10, 30], [25, 40]] },
    { type: 'MultiLineString', coordinates: [[[10, 10], [20, 20], [10, 40]], [[40, 40], [30, 30], [40, 20], [30, 10]]] },
    { type: 'MultiPoint', coordinates: [[10, 40], [40, 30], [20, 20], [30, 10]] },
  ];
  const rectEmea1 = { type: 'Polygon', coordinates: [[[2, 4], [26, 4], [26, 49], [2, 49], [2, 4]]] };
  const rectEmea2 = { type: 'Polygon', coordinates: [[[35, 42], [49, 42], [49, 50], [35, 51], [35, 42]]] };
  const rectEmea3 = { type: 'Polygon', coordinates: [[[35, 42], [49, 42], [49, 50], [35, 50], [35, 42]]] };
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [C]: grid(), [L]: [...indonesia, ...emea].map((geometry) => ({ geometry })) });
    await ensure(db, C, { type: 'geo', fields: ['lat', 'lon'], geoJson: false });
    await ensure(db, C, { type: 'geo', fields: ['geo'], geoJson: false });
    await ensure(db, C, { type: 'geo', fields: ['loca.tion.lat', 'loca.tion.lon'], geoJson: false });
    await ensure(db, L, { type: 'geo', fields: ['geometry'], geoJson: true });
  });
  after(() => db.close());

  /** Explains with an IndexNode on the geo index and no FilterNode, and runs like the scan. */
  async function servedWithoutFilter(q: string, bind: Record<string, unknown>): Promise<void> {
    const nodes = nodesOf(db, q, bind);
    hasGeoIndexNode(nodes, q);
    assert.equal(count(nodes, 'FilterNode'), 0, `${q}: no FilterNode`);
    assert.deepEqual(sorted(await db.run(q, bind)), sorted(await db.run(q, bind, NO_GEO)), q);
  }

  it('testRuleMultiIndexesInLoops', () => {
    const q = `FOR d1 IN ${C} FILTER DISTANCE(d1.lat, d1.lon, 0, 0) <= 15000 FOR d2 IN ${C} FILTER DISTANCE(d2.lat, d2.lon, 1, 1) <= 25000 FOR d3 IN ${C} FILTER DISTANCE(d3.lat, d3.lon, 2, 2) <= 35000 RETURN 1`;
    const plan = db.explain(q).plan;
    assert.ok(plan.rules.includes('geo-index-optimizer'));
    const nodes = (plan.nodes as Node[]).filter((n) => n.type === 'IndexNode');
    assert.equal(nodes.length, 3);
    nodes.sort((l, r) => (l.outVariable.name < r.outVariable.name ? -1 : l.outVariable.name > r.outVariable.name ? 1 : 0));
    nodes.forEach((n, i) => {
      assert.equal(n.collection, C);
      assert.equal(n.indexes.length, 1);
      assert.equal(n.indexes[0].type, 'geo');
      assert.deepEqual(n.indexes[0].fields, ['lat', 'lon']);
      assert.equal(n.sorted, false);
      assert.equal(n.outVariable.name, `d${i + 1}`);
      const cond = n.condition.subNodes[0];
      assert.equal(cond.type, 'n-ary and');
      assert.equal(cond.subNodes.length, 1);
      assert.equal(cond.subNodes[0].type, 'compare <=');
      assert.equal(cond.subNodes[0].subNodes[1].value, 15000 + i * 10000);
    });
  });

  it('testRuleMultiIndexesInSubqueries', () => {
    const q = `LET x1 = (FOR d IN ${C} SORT distance(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d) LET x2 = (FOR d IN ${C} SORT distance(d.lat, d.lon, 0, 0) LIMIT 1 RETURN d) RETURN { x1, x2 }`;
    const plan = db.explain(q).plan;
    assert.ok(plan.rules.includes('geo-index-optimizer'));
    const all: Node[] = [];
    const walk = (nodes: Node[]): void => {
      for (const n of nodes) {
        all.push(n);
        if (n.subquery) walk(n.subquery.nodes);
      }
    };
    walk(plan.nodes);
    const nodes = all.filter((n) => n.type === 'IndexNode');
    assert.equal(nodes.length, 2);
    for (const n of nodes) {
      assert.equal(n.indexes[0].type, 'geo');
      assert.deepEqual(n.indexes[0].fields, ['lat', 'lon']);
    }
  });

  it('testRuleBasics', async () => {
    await ensure(db, C, { type: 'persistent', fields: ['y', 'z'], unique: false });
    checkBasics(db, C);
  });
  it('testRuleRemoveNodes', () => checkRemoveNodes(db, C));
  it('testRuleSorted', () => checkSorted(db, C, ' ASC'));

  const at = { '@cc': L };
  it('testContainsCircle1', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_DISTANCE([102, 0], x.geometry) <= 450000 RETURN x._key', at));
  it('testContainsCircle2', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_DISTANCE([101, 0], x.geometry) < 283439.318405 RETURN x._key', at));
  it('testContainsCircle3', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_DISTANCE([101, 0], x.geometry) <= 100000 RETURN x._key', at));
  it('testContainsCircle4', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_DISTANCE([101, 0], x.geometry) <= 100000 RETURN x._key', at));
  it('testContainsAnnulus', () =>
    servedWithoutFilter('FOR x IN @@cc FILTER DISTANCE(-10, 25, x.lat, x.lon) <= 150000 FILTER DISTANCE(-10, 25, x.lat, x.lon) > 108500 RETURN x', { '@cc': C }));
  it('testContainsAnnulusReference', () =>
    servedWithoutFilter(
      'LET latLng = [25, -10] FOR x IN @@cc FILTER GEO_DISTANCE(latLng, [x.lon, x.lat]) <= 150000 FILTER GEO_DISTANCE(latLng, [x.lon, x.lat]) > 109545 SORT x.lat, x.lng RETURN x',
      { '@cc': C },
    ));
  it('testContainsAnnulusNested', () =>
    servedWithoutFilter(
      'FOR latLng IN [[25, -10], [150, 70]] FOR x IN @@cc FILTER GEO_DISTANCE(latLng, [x.lon, x.lat]) <= 150000 FILTER GEO_DISTANCE(latLng, [x.lon, x.lat]) > 109545 SORT x.lat, x.lng RETURN x',
      { '@cc': C },
    ));
  it('testContainsPolygon1', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_CONTAINS(@poly, x.geometry) RETURN x._key', { ...at, poly: rectEmea1 }));
  it('testIntersectsPolygon1', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_INTERSECTS(@poly, x.geometry) RETURN x._key', { ...at, poly: rectEmea1 }));
  it('testIntersectsPolygon2', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_INTERSECTS(@poly, x.geometry) RETURN x._key', { ...at, poly: rectEmea2 }));
  it('testIntersectsPolygon3', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_INTERSECTS(@poly, x.geometry) RETURN x._key', { ...at, poly: rectEmea3 }));

  it('testSortDistance', async () => {
    const q = 'FOR x IN @@cc SORT GEO_DISTANCE([102, 0], x.geometry) LIMIT 1 RETURN x._key';
    const nodes = nodesOf(db, q, at);
    hasGeoIndexNode(nodes, q);
    assert.equal(count(nodes, 'SortNode'), 0);
    assert.deepEqual(await db.run(q, at), await db.run(q, at, NO_GEO));
  });
  it('testSortContains', () => {
    const q = 'FOR x IN @@cc SORT GEO_CONTAINS(@poly, x.geometry) LIMIT 1 RETURN x._key';
    const nodes = nodesOf(db, q, { ...at, poly: rectEmea1 });
    assert.equal(count(nodes, 'IndexNode'), 0);
    assert.equal(count(nodes, 'SortNode'), 1);
  });
  it('testSortIntersects', () => {
    const q = 'FOR x IN @@cc SORT GEO_INTERSECTS(@poly, x.geometry) LIMIT 1 RETURN x._key';
    const nodes = nodesOf(db, q, { ...at, poly: rectEmea3 });
    assert.equal(count(nodes, 'IndexNode'), 0);
    assert.equal(count(nodes, 'SortNode'), 1);
  });
  const coords = { ...at, coords: rectEmea1.coordinates };
  it('testContainsGeoConstructorPolygon1', () => servedWithoutFilter('LET poly = GEO_POLYGON(@coords) FOR x IN @@cc FILTER GEO_CONTAINS(poly, x.geometry) RETURN x._key', coords));
  it('testContainsGeoConstructorPolygon2', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_CONTAINS(GEO_POLYGON(@coords), x.geometry) RETURN x._key', coords));
  it('testIntersectsGeoConstructorPolygon1', () => servedWithoutFilter('LET poly = GEO_POLYGON(@coords) FOR x IN @@cc FILTER GEO_INTERSECTS(poly, x.geometry) RETURN x._key', coords));
  it('testIntersectsGeoConstructorPolygon2', () => servedWithoutFilter('FOR x IN @@cc FILTER GEO_INTERSECTS(GEO_POLYGON(@coords), x.geometry) RETURN x._key', coords));

  /** Explains without an IndexNode, with the FILTER kept, and runs (the variable the filter reads exists). */
  async function notServed(q: string): Promise<void> {
    const nodes = nodesOf(db, q, { '@col': C });
    assert.equal(count(nodes, 'IndexNode'), 0, `${q}: no IndexNode`);
    assert.equal(count(nodes, 'FilterNode'), 1, `${q}: FilterNode`);
    await db.run(q, { '@col': C });
  }
  it('testSelfReference1', () => notServed('FOR doc IN @@col LET dist = GEO_DISTANCE(doc.geo, [16, 53]) FILTER dist < dist RETURN {doc, dist}'));
  it('testSelfReference2', () =>
    notServed('FOR doc IN @@col LET dist = GEO_DISTANCE(doc.geo, [16, 53]) LET dist2 = GEO_DISTANCE(doc.geo, [3, 7]) FILTER dist < dist2 RETURN {doc, dist, dist2}'));
  it('testSelfReference3', () => notServed('FOR doc IN @@col LET dist = GEO_DISTANCE(doc.geo, [16, 53]) LET dist2 = doc.maxDist FILTER dist < dist2 RETURN {doc, dist, dist2}'));
  it('testInaccessibleReference', () => notServed('FOR doc IN @@col LET dist = GEO_DISTANCE(doc.geo, [16, 53]) LET dist2 = NOEVAL(7) FILTER dist < dist2 RETURN {doc, dist, dist2}'));
});
