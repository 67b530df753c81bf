// Geo and fulltext AQL functions: the plain geometry functions (DISTANCE, GEO_DISTANCE,
// the GeoJSON constructors with ArangoDB's warnings, IS_IN_POLYGON, GEO_CONTAINS,
// GEO_INTERSECTS, GEO_EQUALS, GEO_IN_RANGE) and those that need an index in ArangoDB
// (NEAR, WITHIN, WITHIN_RECTANGLE with 1570, FULLTEXT with its query syntax and 1571),
// which Cairn computes by scanning the collection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';

const ONE_DEGREE = (6371000 * Math.PI) / 180; // 111194.93 m along a great circle

const near = (a: unknown, b: number, eps = 1e-6) => typeof a === 'number' && Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));

describe('AQL geo and fulltext functions', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({
      places: [
        { _key: 'origin', lat: 0, lon: 0 },
        { _key: 'east1', lat: 0, lon: 1 },
        { _key: 'north2', lat: 2, lon: 0 },
        { _key: 'far', lat: 40, lon: 40 },
        { _key: 'nowhere', name: 'x' },
        { _key: 'bad', lat: 100, lon: 0 },
      ],
      pairs: [
        { _key: 'a', loc: [0, 0] },
        { _key: 'b', loc: [0, 3] },
      ],
      shapes: [
        { _key: 'p', geo: { type: 'Point', coordinates: [5, 0] } },
        { _key: 'q', geo: [1, 0] },
      ],
      texts: [
        { _key: '1', text: 'Some rubbish text' },
        { _key: '2', text: 'More rubbish test data. The index should be able to handle all this.' },
        { _key: '3', text: 'even MORE rubbish. Nevertheless this should be perfectly processed as well.' },
        { _key: '4', text: ['an array', 'of Texts', 42] },
        { _key: '5', text: { a: 'object values', b: 'are indexed' } },
        { _key: '6', text: 'Äpfel und Birnen, a b cd' },
        { _key: '7', other: 'rubbish' },
      ],
      plain: [{ _key: 'x', lat: 0, lon: 0, text: 'rubbish' }],
    });
    const ensure = (c: string, body: unknown) => db.storage.indexes.ensure('_system', c, parseIndexSpec(body));
    await ensure('places', { type: 'geo', fields: ['lat', 'lon'] });
    await ensure('pairs', { type: 'geo', fields: ['loc'] });
    await ensure('shapes', { type: 'geo', fields: ['geo'], geoJson: true });
    await ensure('texts', { type: 'fulltext', fields: ['text'] });
    await ensure('texts', { type: 'fulltext', fields: ['other'], minLength: 4 });
  });
  after(() => db.close());

  const one = async (q: string) => (await db.run(q))[0];
  const warnings = async (q: string) => (await db.runFull(q)).warnings.map((w) => [w.code, w.message]);
  const rejects = (q: string, errorNum: number) => assert.rejects(db.run(q), (e: { errorNum?: number }) => e.errorNum === errorNum);
  const keys = async (q: string) => (await db.run(q)) as string[];

  describe('DISTANCE and GEO_DISTANCE', () => {
    it('computes haversine distances on a sphere of 6,371 km', async () => {
      assert.ok(near(await one('RETURN DISTANCE(0, 0, 0, 1)'), ONE_DEGREE));
      assert.ok(near(await one('RETURN DISTANCE(0, 0, 1, 0)'), ONE_DEGREE));
      assert.equal(await one('RETURN DISTANCE(10, 20, 10, 20)'), 0);
      assert.ok(near(await one('RETURN DISTANCE(0, 0, 0, 180)'), Math.PI * 6371000));
      assert.ok(near(await one('RETURN DISTANCE(52.5163, 13.3777, 50.9322, 6.9603)'), 475621.29, 1e-6));
      assert.ok(near(await one('RETURN DISTANCE("0", 0, [0], 1)'), ONE_DEGREE));
    });

    it('warns 1542 and gives null for arguments that are not numbers', async () => {
      assert.equal(await one('RETURN DISTANCE(0, 0, 0, "a")'), null);
      assert.deepEqual(await warnings('RETURN DISTANCE({}, 0, 0, 1)'), [[1542, "invalid argument type in call to function 'DISTANCE()'"]]);
    });

    it('GEO_DISTANCE takes points as [lon, lat] or GeoJSON, and wgs84', async () => {
      assert.ok(near(await one('RETURN GEO_DISTANCE([0, 0], [1, 0])'), ONE_DEGREE));
      assert.ok(near(await one('RETURN GEO_DISTANCE(GEO_POINT(0, 0), {type: "Point", coordinates: [0, 1]})'), ONE_DEGREE));
      const wgs = (await one('RETURN GEO_DISTANCE([0, 0], [1, 0], "wgs84")')) as number;
      assert.ok(Math.abs(wgs - 111319.49) < 0.01, String(wgs)); // one degree of the equator on WGS84
      assert.equal(await one('RETURN GEO_DISTANCE([0, 0], "x")'), null);
      assert.equal((await warnings('RETURN GEO_DISTANCE({type: "Pointy", coordinates: [0, 0]}, [0, 0])'))[0]![0], 10);
      // a polygon's centroid
      assert.ok(near(await one('RETURN GEO_DISTANCE(GEO_POLYGON([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]), [0, 0])'), 0, 1e-3));
    });

    it('GEO_IN_RANGE compares the distance with the bounds', async () => {
      assert.deepEqual(await one(`RETURN [
        GEO_IN_RANGE([0, 0], [1, 0], 100000, 120000),
        GEO_IN_RANGE([0, 0], [1, 0], 0, 100000),
        GEO_IN_RANGE([0, 0], [0, 0], 0, 1, false),
        GEO_IN_RANGE([0, 0], [0, 0], 0, 1, true)]`), [true, false, false, true]);
    });
  });

  describe('GeoJSON constructors', () => {
    it('build GeoJSON objects', async () => {
      assert.deepEqual(await one('RETURN GEO_POINT(1.5, 2)'), { type: 'Point', coordinates: [1.5, 2] });
      assert.deepEqual(await one('RETURN GEO_MULTIPOINT([[1, 2], [3, 4]])'), { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
      assert.deepEqual(await one('RETURN GEO_LINESTRING([[1, 2], [3, 4]])'), { type: 'LineString', coordinates: [[1, 2], [3, 4]] });
      assert.deepEqual(await one('RETURN GEO_MULTILINESTRING([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])'), {
        type: 'MultiLineString',
        coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]],
      });
      assert.deepEqual(await one('RETURN GEO_POLYGON([[0, 0], [1, 0], [1, 1], [0, 0]])'), { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
      const rings = [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]];
      assert.deepEqual(await one(`RETURN GEO_POLYGON(${JSON.stringify(rings)})`), { type: 'Polygon', coordinates: rings });
      assert.deepEqual(await one(`RETURN GEO_MULTIPOLYGON(${JSON.stringify([rings, [rings[0]]])})`), { type: 'MultiPolygon', coordinates: [rings, [rings[0]]] });
    });

    it('warn and give null for invalid input, as ArangoDB', async () => {
      assert.deepEqual(await warnings('RETURN GEO_POINT("1", 2)'), [[1542, "invalid argument type in call to function 'GEO_POINT()'"]]);
      assert.deepEqual(await warnings('RETURN GEO_MULTIPOINT([[1, 2]])'), [[1542, "in function 'GEO_MULTIPOINT()': a MultiPoint needs at least two positions"]]);
      assert.deepEqual(await warnings('RETURN GEO_MULTIPOINT([[1, 2], [3, "4"]])'), [[1542, "in function 'GEO_MULTIPOINT()': not a numeric value"]]);
      assert.deepEqual(await warnings('RETURN GEO_MULTIPOINT(1)'), [[1563, "in function 'GEO_MULTIPOINT()': array expected"]]);
      assert.deepEqual(await warnings('RETURN GEO_LINESTRING([[1, 2]])'), [[1542, "in function 'GEO_LINESTRING()': a LineString needs at least two positions"]]);
      assert.deepEqual(await warnings('RETURN GEO_POLYGON([[1, 2], [3, 4]])'), [[1542, "in function 'GEO_POLYGON()': a Polygon needs at least three positions"]]);
      assert.deepEqual(await warnings('RETURN GEO_POLYGON("x")'), [[1563, "in function 'GEO_POLYGON()': array expected"]]);
      assert.deepEqual(await warnings('RETURN GEO_MULTIPOLYGON([[[[0, 0], [1, 0], [1, 1], [0, 0]]]])'), [[1542, "in function 'GEO_MULTIPOLYGON()': a MultiPolygon needs at least two Polygons inside."]]);
      assert.equal(await one('RETURN GEO_POLYGON([[1, 2], [3, 4]])'), null);
    });
  });

  describe('IS_IN_POLYGON and GEO_CONTAINS / GEO_INTERSECTS / GEO_EQUALS', () => {
    it('IS_IN_POLYGON takes [lat, lon] points, or [lon, lat] with geoJson true', async () => {
      const square = '[[0, 0], [0, 10], [10, 10], [10, 0]]';
      assert.deepEqual(await one(`RETURN [
        IS_IN_POLYGON(${square}, 4, 7), IS_IN_POLYGON(${square}, 40, 7), IS_IN_POLYGON(${square}, [4, 7]),
        IS_IN_POLYGON(${square}, [7, 40], true), IS_IN_POLYGON(${square}, -1, 5)]`), [true, false, true, false, false]);
      assert.equal(await one('RETURN IS_IN_POLYGON([[0, 0], [0, 10], [2, 2]], 50, 50)'), false);
      assert.deepEqual(await warnings('RETURN IS_IN_POLYGON("x", 1, 1)'), [[1563, "in function 'IS_IN_POLYGON()': array expected"]]);
      assert.equal(await one('RETURN IS_IN_POLYGON([[0, 0], [0, 10], [10, 10]], "a", 1)'), false);
    });

    it('GEO_CONTAINS: polygons contain points, lines and polygons inside them; holes do not', async () => {
      const poly = 'GEO_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])';
      const holed = '{type: "Polygon", coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}';
      assert.deepEqual(await one(`RETURN [
        GEO_CONTAINS(${poly}, [5, 5]), GEO_CONTAINS(${poly}, [15, 5]), GEO_CONTAINS(${poly}, GEO_POINT(1, 9)),
        GEO_CONTAINS(${poly}, GEO_LINESTRING([[1, 1], [9, 9]])), GEO_CONTAINS(${poly}, GEO_LINESTRING([[1, 1], [19, 9]])),
        GEO_CONTAINS(${poly}, GEO_POLYGON([[1, 1], [2, 1], [2, 2], [1, 1]])),
        GEO_CONTAINS(${holed}, [5, 5]), GEO_CONTAINS(${holed}, [2, 2])]`), [true, false, true, true, false, true, false, true]);
      assert.equal(await one('RETURN GEO_CONTAINS([1, 2], [1, 2])'), null);
      assert.equal((await warnings('RETURN GEO_CONTAINS([1, 2], [1, 2])'))[0]![0], 10);
    });

    it('polygon edges are great-circle arcs, also for rings wider than a hemisphere seen from the point', async () => {
      const big = 'GEO_POLYGON([[-80, -60], [80, -60], [80, 60], [-80, 60], [-80, -60]])';
      // the edge between (80, 60) and (-80, 60) passes near the pole (84.3 degrees at lon 0)
      assert.deepEqual(await one(`RETURN [GEO_CONTAINS(${big}, [0, 0]), GEO_CONTAINS(${big}, [75, 50]), GEO_CONTAINS(${big}, [0, 75]),
        GEO_CONTAINS(${big}, [0, 85]), GEO_CONTAINS(${big}, [180, 0]), GEO_CONTAINS(${big}, [85, 0])]`), [true, true, true, false, false, false]);
    });

    it('GEO_INTERSECTS finds shared points, crossing lines and overlapping polygons', async () => {
      const poly = 'GEO_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])';
      assert.deepEqual(await one(`RETURN [
        GEO_INTERSECTS(${poly}, [5, 5]), GEO_INTERSECTS(${poly}, [50, 5]),
        GEO_INTERSECTS(${poly}, GEO_LINESTRING([[-5, 5], [15, 5]])), GEO_INTERSECTS(${poly}, GEO_LINESTRING([[-5, 20], [15, 20]])),
        GEO_INTERSECTS(${poly}, GEO_POLYGON([[5, 5], [20, 5], [20, 20], [5, 5]])),
        GEO_INTERSECTS(GEO_LINESTRING([[0, -1], [0, 1]]), GEO_LINESTRING([[-1, 0], [1, 0]])),
        GEO_INTERSECTS([1, 1], [1, 1])]`), [true, false, true, false, true, true, true]);
    });

    it('GEO_EQUALS compares type and coordinates', async () => {
      assert.deepEqual(await one(`RETURN [
        GEO_EQUALS(GEO_POINT(1, 2), [1, 2]), GEO_EQUALS(GEO_POINT(1, 2), [2, 1]),
        GEO_EQUALS(GEO_POLYGON([[0, 0], [1, 0], [1, 1], [0, 0]]), GEO_POLYGON([[0, 0], [1, 0], [1, 1], [0, 0]])),
        GEO_EQUALS(GEO_MULTIPOINT([[0, 0], [1, 1]]), GEO_LINESTRING([[0, 0], [1, 1]]))]`), [true, false, true, false]);
    });
  });

  describe('NEAR, WITHIN, WITHIN_RECTANGLE', () => {
    it('NEAR returns documents nearest first, limit 100 by default, with the distance when named', async () => {
      assert.deepEqual(await keys('FOR d IN NEAR(places, 0, 0) RETURN d._key'), ['origin', 'east1', 'north2', 'far']);
      assert.deepEqual(await keys('FOR d IN NEAR(places, 2, 0.9, 2) RETURN d._key'), ['north2', 'east1']);
      const rows = (await db.run('FOR d IN NEAR(places, 0, 0, 2, "dist") RETURN [d._key, d.dist]')) as [string, number][];
      assert.equal(rows[0]![1], 0);
      assert.ok(near(rows[1]![1], ONE_DEGREE));
      assert.deepEqual(await keys('FOR d IN NEAR(pairs, 0, 2.5) RETURN d._key'), ['b', 'a']);
      // a GeoJSON index reads [lon, lat]
      assert.deepEqual(await keys('FOR d IN NEAR(shapes, 0, 4) RETURN d._key'), ['p', 'q']);
    });

    it('WITHIN keeps those within the radius (meters), nearest first', async () => {
      assert.deepEqual(await keys(`FOR d IN WITHIN(places, 0, 0, ${ONE_DEGREE + 1}) RETURN d._key`), ['origin', 'east1']);
      assert.deepEqual(await keys('FOR d IN WITHIN(places, 0, 0, 10) RETURN d._key'), ['origin']);
      const rows = await db.run('FOR d IN WITHIN(places, 2, 0, 1000, "d") RETURN d.d');
      assert.deepEqual(rows, [0]);
    });

    it('WITHIN_RECTANGLE keeps those inside the corners', async () => {
      assert.deepEqual((await keys('FOR d IN WITHIN_RECTANGLE(places, -1, -1, 1, 1) RETURN d._key')).sort(), ['east1', 'origin']);
      assert.deepEqual((await keys('FOR d IN WITHIN_RECTANGLE(places, 3, 3, -1, -1) RETURN d._key')).sort(), ['east1', 'north2', 'origin']);
    });

    it('fail with 1570 without a geo index and 1203 for an unknown collection', async () => {
      await rejects('FOR d IN NEAR(plain, 0, 0) RETURN d', 1570);
      await rejects('FOR d IN WITHIN(plain, 0, 0, 10) RETURN d', 1570);
      await rejects('FOR d IN WITHIN_RECTANGLE(plain, 0, 0, 1, 1) RETURN d', 1570);
      await rejects('RETURN NEAR(nosuch, 0, 0)', 1203);
    });
  });

  describe('FULLTEXT', () => {
    const ft = async (query: string, attr = 'text') => (await keys(`FOR d IN FULLTEXT(texts, "${attr}", "${query}") RETURN d._key`)).sort();

    it('matches complete words case-insensitively', async () => {
      assert.deepEqual(await ft('rubbish'), ['1', '2', '3']);
      assert.deepEqual(await ft('RUBBISH'), ['1', '2', '3']);
      assert.deepEqual(await ft('complete:more'), ['2', '3']);
      assert.deepEqual(await ft('rubbis'), []);
      assert.deepEqual(await ft('äpfel'), ['6']);
    });

    it('knows prefix:, and (comma, +), or (|) and not (-)', async () => {
      assert.deepEqual(await ft('prefix:rubb'), ['1', '2', '3']);
      assert.deepEqual(await ft('prefix:te'), ['1', '2', '4']);
      assert.deepEqual(await ft('rubbish,text'), ['1']);
      assert.deepEqual(await ft('rubbish,+more'), ['2', '3']);
      assert.deepEqual(await ft('text,|texts'), ['1', '4']);
      assert.deepEqual(await ft('rubbish,-text'), ['2', '3']);
      assert.deepEqual(await ft('prefix:rubb,-prefix:nev'), ['1', '2']);
      // whitespace separates terms as commas do; an unknown command is ignored
      assert.deepEqual(await ft('rubbish text'), ['1']);
      assert.deepEqual(await ft('other:rubbish  |texts'), ['1', '2', '3', '4']);
      assert.deepEqual(await ft('COMPLETE:Rubbish,PREFIX:Tex'), ['1']);
    });

    it('fails with 10 for an empty query or term', async () => {
      await rejects('RETURN FULLTEXT(texts, "text", "")', 10);
      await rejects('RETURN FULLTEXT(texts, "text", " , ")', 10);
      await rejects('RETURN FULLTEXT(texts, "text", "rubbish,+")', 10);
      await rejects('RETURN FULLTEXT(texts, "text", "prefix:")', 10);
    });

    it("indexes arrays' strings and objects' string values, and no word shorter than minLength", async () => {
      assert.deepEqual(await ft('array'), ['4']);
      assert.deepEqual(await ft('object'), ['5']);
      assert.deepEqual(await ft('42'), []);
      assert.deepEqual(await ft('cd'), ['6']);
      assert.deepEqual(await ft('b'), []);
      assert.deepEqual(await ft('rubbish', 'other'), ['7']);
    });

    it('takes a limit', async () => {
      assert.equal((await db.run('FOR d IN FULLTEXT(texts, "text", "rubbish", 2) RETURN d')).length, 2);
      assert.equal((await db.run('RETURN LENGTH(FULLTEXT(texts, "text", "rubbish", 0))'))[0], 3);
    });

    it('fails with 1571 without a fulltext index on the attribute', async () => {
      await rejects('FOR d IN FULLTEXT(texts, "nope", "rubbish") RETURN d', 1571);
      await rejects('FOR d IN FULLTEXT(plain, "text", "rubbish") RETURN d', 1571);
      await rejects('RETURN FULLTEXT(nosuch, "text", "x")', 1203);
    });

    it('reads the query snapshot: documents written meanwhile are not seen', async () => {
      const q = db.start('FOR i IN 1..3000 LET r = FULLTEXT(texts, "text", "fresh") RETURN LENGTH(r)');
      const first = await q.next(1);
      await db.storage.documents.apply('_system', 'texts', 'insert', [{ body: { _key: 'new', text: 'fresh words' } }], {});
      const rows = [...first.rows];
      for (;;) {
        const r = await q.next(1000);
        rows.push(...r.rows);
        if (r.done) break;
      }
      assert.equal(rows.length, 3000);
      assert.ok(rows.every((n) => n === 0));
      q.close();
      assert.deepEqual(await ft('fresh'), ['new']);
    });
  });
});
