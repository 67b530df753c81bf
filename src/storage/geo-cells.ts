// The cells of a geo index: the longitude/latitude rectangle cut as a quadtree, each cell
// numbered along a Z-order curve so that a cell and all its descendants form one contiguous
// id range (the S2 trick, on a plain lat/lon grid). A document's entries are the cells of
// its geometry: a point's leaf cell; a shape's few cells covering its bounding box, plus the
// leaf cell of its centroid (the point GEO_DISTANCE measures from). A query region (a
// circle, a shape's bounding box) is covered by a few cells; their id ranges, and for shape
// entries their ancestors' ids, are what an index read scans. Pure computation, no storage.
//
// Invariants:
//  1. A document whose geometry can intersect a box, or whose centroid lies in it, has an
//     entry in a cell the box's covering reads (the covering is a superset; readers check
//     every document exactly).
//  2. A document gets entries only when its value is a valid geometry for the index (the
//     geo functions return null for the others): numbers in range, GeoJSON parseShape accepts.
import { parseShape, RAD, EARTH_RADIUS, centroid, ShapeError, toVec, cross, dot, norm, type Pos, type Shape } from '../util/geo-shape.js';
import type { AqlValue } from '../values/index.js';

/** The finest level: 2^24 cells per axis (about 2.4 m of longitude at the equator). */
export const MAX_LEVEL = 24;
/** Cells of a stored shape's covering, and of a query box's, at most (per box). */
const SHAPE_CELLS = 4;
const QUERY_CELLS = 16;

/** A latitude/longitude box in degrees, lonLo <= lonHi (a box across the antimeridian is two). */
export interface Box {
  latLo: number;
  latHi: number;
  lonLo: number;
  lonHi: number;
}

const WORLD: Box = { latLo: -90, latHi: 90, lonLo: -180, lonHi: 180 };

/** Interleaves the bits of x and y (each < 2^level): the Z-order position of a cell. */
function morton(x: number, y: number, level: number): number {
  let m = 0;
  let bit = 1;
  for (let i = 0; i < level; i++) {
    // (arithmetic, not bitwise: the result needs up to 48 bits)
    if (Math.floor(x / 2 ** i) % 2 === 1) m += bit;
    bit *= 2;
    if (Math.floor(y / 2 ** i) % 2 === 1) m += bit;
    bit *= 2;
  }
  return m;
}

/** The id of cell (x, y) at `level`: its Z position, a marker bit, then zeros to the leaf level. */
function cellId(level: number, x: number, y: number): number {
  return (morton(x, y, level) * 2 + 1) * 2 ** (2 * (MAX_LEVEL - level));
}

/** [lo, hi): the ids of the cell and all its descendants. */
function cellRange(level: number, x: number, y: number): [number, number] {
  const size = 2 ** (2 * (MAX_LEVEL - level) + 1);
  const m = morton(x, y, level);
  return [m * size, (m + 1) * size];
}

const xOf = (lon: number, level: number): number => Math.min(2 ** level - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** level)));
const yOf = (lat: number, level: number): number => Math.min(2 ** level - 1, Math.max(0, Math.floor(((lat + 90) / 180) * 2 ** level)));

/** The cells of `box` at the finest level where there are at most `max` of them. */
function boxCells(box: Box, max: number): { level: number; x: number; y: number }[] {
  let level = MAX_LEVEL;
  for (; level > 0; level--) {
    const nx = xOf(box.lonHi, level) - xOf(box.lonLo, level) + 1;
    const ny = yOf(box.latHi, level) - yOf(box.latLo, level) + 1;
    if (nx * ny <= max) break;
  }
  const out: { level: number; x: number; y: number }[] = [];
  for (let x = xOf(box.lonLo, level); x <= xOf(box.lonHi, level); x++) {
    for (let y = yOf(box.latLo, level); y <= yOf(box.latHi, level); y++) out.push({ level, x, y });
  }
  return out;
}

/** The leaf cell of a point. */
export function pointCell(lat: number, lon: number): number {
  return cellId(MAX_LEVEL, xOf(lon, MAX_LEVEL), yOf(lat, MAX_LEVEL));
}

const validLatLon = (lat: unknown, lon: unknown): lat is number =>
  typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/** The latitude range of the great-circle arc a-b (it bulges poleward between its ends). */
function arcLatitudes(a: Pos, b: Pos): [number, number] {
  let lo = Math.min(a[1], b[1]);
  let hi = Math.max(a[1], b[1]);
  const va = toVec(a);
  const vb = toVec(b);
  const n = cross(va, vb);
  const len = norm(n);
  if (len < 1e-12) return [lo, hi];
  // the arc's extreme points: the great circle's points farthest from the equator, when on the arc
  for (const sign of [1, -1]) {
    const z: [number, number, number] = [0, 0, sign];
    const k = dot(z, n) / (len * len);
    const v: [number, number, number] = [z[0] - k * n[0], z[1] - k * n[1], z[2] - k * n[2]];
    const vl = norm(v);
    if (vl < 1e-12) continue;
    const onArc = dot(cross(va, v), n) >= 0 && dot(cross(v, vb), n) >= 0;
    if (!onArc) continue;
    const lat = Math.asin(Math.max(-1, Math.min(1, v[2] / vl))) / RAD;
    lo = Math.min(lo, lat);
    hi = Math.max(hi, lat);
  }
  return [lo, hi];
}

/** A box holding every point of the shape (edges as great circles; a ring around a pole reaches it). */
export function shapeBox(s: Shape): Box {
  const all: Pos[] = [...s.points, ...s.lines.flat(), ...s.polygons.flat(2)];
  let latLo = 90;
  let latHi = -90;
  let lonLo = 180;
  let lonHi = -180;
  for (const p of all) {
    latLo = Math.min(latLo, p[1]);
    latHi = Math.max(latHi, p[1]);
    lonLo = Math.min(lonLo, p[0]);
    lonHi = Math.max(lonHi, p[0]);
  }
  const paths: Pos[][] = [...s.lines, ...s.polygons.flat().map((r) => [...r, r[0]!])];
  for (const path of paths) {
    let turn = 0;
    for (let i = 1; i < path.length; i++) {
      const [lo, hi] = arcLatitudes(path[i - 1]!, path[i]!);
      latLo = Math.min(latLo, lo);
      latHi = Math.max(latHi, hi);
      let d = path[i]![0] - path[i - 1]![0];
      // an edge across the antimeridian: the box cannot be one lon range (take them all)
      if (Math.abs(d) > 180) {
        lonLo = -180;
        lonHi = 180;
        d -= Math.sign(d) * 360;
      }
      turn += d;
    }
    if (Math.abs(turn) > 180) {
      // a ring around a pole: its inside holds the pole nearer to it (both when near the equator)
      const mean = path.reduce((sum, p) => sum + p[1], 0) / path.length;
      lonLo = -180;
      lonHi = 180;
      if (mean > -20) latHi = 90;
      if (mean < 20) latLo = -90;
    }
  }
  const eps = 1e-9;
  return { latLo: Math.max(-90, latLo - eps), latHi: Math.min(90, latHi + eps), lonLo: Math.max(-180, lonLo - eps), lonHi: Math.min(180, lonHi + eps) };
}

/** The geometry an index field value stands for: a point [lat, lon], a shape, or nothing (not indexed). */
export type Geometry = { lat: number; lon: number } | { shape: Shape } | undefined;

/** The geometry a geo index reads from a document (invariant 2). */
export function documentGeometry(ix: { fields: readonly string[]; props?: Record<string, unknown> }, get: (path: string) => unknown): Geometry {
  if (ix.fields.length === 2) {
    const lat = get(ix.fields[0]!);
    const lon = get(ix.fields[1]!);
    return validLatLon(lat, lon) ? { lat, lon: lon as number } : undefined;
  }
  const v = get(ix.fields[0]!);
  if (ix.props?.geoJson !== true) {
    // a [lat, lon] pair (ArangoDB's non-GeoJSON single-attribute form)
    return Array.isArray(v) && validLatLon(v[0], v[1]) ? { lat: v[0], lon: v[1] as number } : undefined;
  }
  if (v === undefined || v === null) return undefined;
  try {
    const s = parseShape(v as AqlValue);
    if (s.kind === 'Point') return { lat: s.points[0]![1], lon: s.points[0]![0] };
    return { shape: s };
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}

/** The cell ids a document's geometry is stored under (distinct). */
export function geometryCells(g: Geometry): number[] {
  if (!g) return [];
  if ('lat' in g) return [pointCell(g.lat, g.lon)];
  const ids = new Set<number>();
  for (const c of boxCells(shapeBox(g.shape), SHAPE_CELLS)) ids.add(cellId(c.level, c.x, c.y));
  const [lon, lat] = centroid(g.shape);
  ids.add(pointCell(lat, lon));
  return [...ids];
}

/** What an index read scans: id ranges [lo, hi) and single ids (ancestors, where shapes may be stored). */
export interface Covering {
  ranges: [number, number][];
  ancestors: number[];
}

/** The covering of `boxes`; `shapes`: also the ancestor cells (an index with shape entries). */
export function cover(boxes: Box[], shapes: boolean): Covering {
  const ranges: [number, number][] = [];
  const ancestors = new Set<number>();
  for (const box of boxes) {
    for (const c of boxCells(box, QUERY_CELLS)) {
      ranges.push(cellRange(c.level, c.x, c.y));
      if (!shapes) continue;
      for (let l = 0; l < c.level; l++) {
        const shift = 2 ** (c.level - l);
        ancestors.add(cellId(l, Math.floor(c.x / shift), Math.floor(c.y / shift)));
      }
    }
  }
  // sorted and merged, so that no entry is read twice
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const inRange = (id: number): boolean => merged.some(([lo, hi]) => id >= lo && id < hi);
  return { ranges: merged, ancestors: [...ancestors].filter((id) => !inRange(id)).sort((a, b) => a - b) };
}

/**
 * The boxes holding every point within `meters` of (lat, lon) on the sphere, with a margin
 * (1% and a meter) that also holds the WGS84 ellipsoid's distances.
 */
export function circleBoxes(lat: number, lon: number, meters: number): Box[] {
  const ang = ((meters * 1.01 + 1) / EARTH_RADIUS);
  if (!(ang < Math.PI)) return [WORLD];
  const dLat = ang / RAD;
  const latLo = lat - dLat;
  const latHi = lat + dLat;
  if (latLo <= -90 || latHi >= 90) return [{ latLo: Math.max(-90, latLo), latHi: Math.min(90, latHi), lonLo: -180, lonHi: 180 }];
  const s = Math.sin(ang) / Math.cos(lat * RAD);
  if (s >= 1) return [{ latLo, latHi, lonLo: -180, lonHi: 180 }];
  const dLon = Math.asin(s) / RAD;
  return lonBoxes(latLo, latHi, lon - dLon, lon + dLon);
}

/** A box whose longitude range may leave [-180, 180], as one or two boxes inside it. */
function lonBoxes(latLo: number, latHi: number, lonLo: number, lonHi: number): Box[] {
  if (lonHi - lonLo >= 360) return [{ latLo, latHi, lonLo: -180, lonHi: 180 }];
  if (lonLo < -180) return [{ latLo, latHi, lonLo: lonLo + 360, lonHi: 180 }, { latLo, latHi, lonLo: -180, lonHi }];
  if (lonHi > 180) return [{ latLo, latHi, lonLo, lonHi: 180 }, { latLo, latHi, lonLo: -180, lonHi: lonHi - 360 }];
  return [{ latLo, latHi, lonLo, lonHi }];
}

/** The boxes of a GeoJSON value (or [lon, lat]) for GEO_CONTAINS / GEO_INTERSECTS; undefined when invalid. */
export function shapeBoxes(v: unknown): Box[] | undefined {
  try {
    const s = parseShape(v as AqlValue);
    if (s.kind === 'Point') {
      const [lon, lat] = s.points[0]!;
      return [{ latLo: lat - 1e-9, latHi: lat + 1e-9, lonLo: lon - 1e-9, lonHi: lon + 1e-9 }];
    }
    return [shapeBox(s)];
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}

/** The [lat, lon] GEO_DISTANCE measures from for a GeoJSON value (its centroid); undefined when invalid. */
export function shapeOrigin(v: unknown): [number, number] | undefined {
  try {
    const [lon, lat] = centroid(parseShape(v as AqlValue));
    return [lat, lon];
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}
