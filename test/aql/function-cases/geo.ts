// Case table for the geo and fulltext functions (src/aql/functions/geo.ts). The test
// context's collections have no geo or fulltext index, so the functions that need one
// fail with 1570/1571 here; their results are tested against real collections in
// test/aql/geo.test.ts.
import type { FnCase } from '../../helpers/aql.js';

const W = 1542;
const DEG = (6371000 * Math.PI) / 180;
const square = [[0, 0], [0, 10], [10, 10], [10, 0]];
const poly = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };

export const CASES: FnCase[] = [
  { id: 'geo-distance-1', fn: 'DISTANCE', args: [0, 0, 0, 1], expected: DEG, approx: 6 },
  { id: 'geo-distance-2', fn: 'DISTANCE', args: [0, 0, 0, 0], expected: 0 },
  { id: 'geo-distance-3', fn: 'DISTANCE', args: [0, 0, 0, 'x'], expected: null, warnings: [W] },
  { id: 'geo-geo-distance-1', fn: 'GEO_DISTANCE', args: [[0, 0], [0, 1]], expected: DEG, approx: 6 },
  { id: 'geo-geo-distance-2', fn: 'GEO_DISTANCE', args: [[0, 0], 'x'], expected: null, warnings: [W] },
  { id: 'geo-in-range-1', fn: 'GEO_IN_RANGE', args: [[0, 0], [0, 1], 0, 200000], expected: true },
  { id: 'geo-in-range-2', fn: 'GEO_IN_RANGE', args: [[0, 0], [0, 1], 0, 1000], expected: false },
  // the seventh argument is GEO_DISTANCE's ellipsoid: one degree of latitude at the equator
  // is 111,195 m on the sphere and 110,574 m on WGS84
  { id: 'geo-in-range-sphere', fn: 'GEO_IN_RANGE', args: [[0, 0], [0, 1], 111000, 111100, true, true, 'sphere'], expected: false },
  { id: 'geo-in-range-wgs84', fn: 'GEO_IN_RANGE', args: [[0, 0], [0, 1], 110500, 110600, true, true, 'wgs84'], expected: true },
  { id: 'geo-in-range-bad-ellipsoid', fn: 'GEO_IN_RANGE', args: [[0, 0], [0, 1], 0, 1, true, true, 'mars'], expected: null, warnings: [10] },
  { id: 'geo-contains-1', fn: 'GEO_CONTAINS', args: [poly, [5, 5]], expected: true },
  { id: 'geo-contains-2', fn: 'GEO_CONTAINS', args: [poly, [11, 5]], expected: false },
  { id: 'geo-intersects-1', fn: 'GEO_INTERSECTS', args: [poly, { type: 'LineString', coordinates: [[5, 5], [20, 20]] }], expected: true },
  { id: 'geo-intersects-2', fn: 'GEO_INTERSECTS', args: [poly, [20, 20]], expected: false },
  { id: 'geo-equals-1', fn: 'GEO_EQUALS', args: [{ type: 'Point', coordinates: [1, 2] }, [1, 2]], expected: true },
  { id: 'geo-equals-2', fn: 'GEO_EQUALS', args: [poly, [1, 2]], expected: false },
  { id: 'geo-point-1', fn: 'GEO_POINT', args: [1, 2], expected: { type: 'Point', coordinates: [1, 2] } },
  { id: 'geo-point-2', fn: 'GEO_POINT', args: [1, null], expected: null, warnings: [W] },
  { id: 'geo-multipoint-1', fn: 'GEO_MULTIPOINT', args: [[[1, 2], [3, 4]]], expected: { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] } },
  { id: 'geo-multipoint-2', fn: 'GEO_MULTIPOINT', args: [[[1, 2]]], expected: null, warnings: [W] },
  { id: 'geo-polygon-1', fn: 'GEO_POLYGON', args: [[[0, 0], [1, 0], [1, 1], [0, 0]]], expected: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
  { id: 'geo-polygon-2', fn: 'GEO_POLYGON', args: [5], expected: null, warnings: [1563] },
  { id: 'geo-multipolygon-1', fn: 'GEO_MULTIPOLYGON', args: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]], expected: null, warnings: [W] },
  { id: 'geo-linestring-1', fn: 'GEO_LINESTRING', args: [[[0, 0], [1, 1]]], expected: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
  { id: 'geo-multilinestring-1', fn: 'GEO_MULTILINESTRING', args: [[[[0, 0], [1, 1]]]], expected: { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] } },
  { id: 'geo-multilinestring-2', fn: 'GEO_MULTILINESTRING', args: [[[[0, 0]]]], expected: null, warnings: [W] },
  { id: 'geo-is-in-polygon-1', fn: 'IS_IN_POLYGON', args: [square, 4, 7], expected: true },
  { id: 'geo-is-in-polygon-2', fn: 'IS_IN_POLYGON', args: [square, 14, 7], expected: false },
  { id: 'geo-near-1', fn: 'NEAR', args: ['users', 0, 0], error: 1570 },
  { id: 'geo-near-2', fn: 'NEAR', args: ['nosuch', 0, 0], error: 1203 },
  { id: 'geo-within-1', fn: 'WITHIN', args: ['users', 0, 0, 100], error: 1570 },
  { id: 'geo-within-rectangle-1', fn: 'WITHIN_RECTANGLE', args: ['users', 0, 0, 1, 1], error: 1570 },
  { id: 'geo-fulltext-1', fn: 'FULLTEXT', args: ['users', 'name', 'alice'], error: 1571 },
  { id: 'geo-fulltext-2', fn: 'FULLTEXT', args: ['nosuch', 'name', 'alice'], error: 1203 },
];
