// GeoJSON shapes as Cairn's geo functions and geo index read them: parsing (with
// ArangoDB's validation messages, thrown as ShapeError), unit vectors, the great-circle
// distance of S2LatLng and the centroid GEO_DISTANCE measures from. Pure computation: no
// AQL context, no storage; the AQL geo functions and the geo index entries share it, so
// that an index finds exactly the documents the functions would accept.
import type { AqlValue } from '../values/index.js';
import { isObject } from '../values/types.js';

/** ArangoDB's earth radius for distances (geo::kEarthRadiusInMeters). */
export const EARTH_RADIUS = 6371000;
export const RAD = Math.PI / 180;
// --- shapes --------------------------------------------------------------------------

export type Vec = [number, number, number];
/** [lon, lat] in degrees, as GeoJSON. */
export type Pos = [number, number];

export interface Shape {
  kind: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';
  /** Points (Point, MultiPoint), lines (LineString, MultiLineString), polygons as rings. */
  points: Pos[];
  lines: Pos[][];
  polygons: Pos[][][];
}

export class ShapeError extends Error {}

export function position(v: AqlValue): Pos {
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number') throw new ShapeError('Invalid GeoJSON coordinates');
  const lon = v[0];
  const lat = v[1];
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new ShapeError('Invalid coordinate value');
  return [lon, lat];
}

export function positions(v: AqlValue, min: number): Pos[] {
  if (!Array.isArray(v)) throw new ShapeError('Coordinates must be an array');
  const out = v.map(position);
  if (out.length < min) throw new ShapeError('Invalid GeoJSON coordinates: too few positions');
  return out;
}

export const samePos = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

/** A polygon's rings, each closed (first position = last) and then without the repeat. */
export function rings(v: AqlValue, legacy = false): Pos[][] {
  if (!Array.isArray(v) || v.length === 0) throw new ShapeError('Polygon coordinates must be an array of rings');
  return v.map((r) => {
    const ring = positions(r, 4);
    if (!samePos(ring[0]!, ring[ring.length - 1]!)) {
      if (!legacy) throw new ShapeError('Loop not closed');
      return ring;
    }
    return ring.slice(0, -1);
  });
}

/** A GeoJSON geometry, or a [lon, lat] array as a point; throws ShapeError when invalid. */
export function parseShape(v: AqlValue): Shape {
  const shape: Shape = { kind: 'Point', points: [], lines: [], polygons: [] };
  if (Array.isArray(v)) {
    shape.points.push(position(v));
    return shape;
  }
  if (!isObject(v)) throw new ShapeError('Invalid GeoJSON Geometry Object.');
  const type = typeof v.type === 'string' ? v.type.toLowerCase() : '';
  const c = v.coordinates as AqlValue;
  switch (type) {
    case 'point':
      shape.points.push(position(c));
      return shape;
    case 'multipoint':
      return { ...shape, kind: 'MultiPoint', points: positions(c, 1) };
    case 'linestring':
      return { ...shape, kind: 'LineString', lines: [positions(c, 2)] };
    case 'multilinestring':
      if (!Array.isArray(c) || c.length === 0) throw new ShapeError('MultiLineString coordinates must be an array of lines');
      return { ...shape, kind: 'MultiLineString', lines: c.map((l) => positions(l, 2)) };
    case 'polygon':
      return { ...shape, kind: 'Polygon', polygons: [rings(c)] };
    case 'multipolygon':
      if (!Array.isArray(c) || c.length === 0) throw new ShapeError('MultiPolygon coordinates must be an array of polygons');
      return { ...shape, kind: 'MultiPolygon', polygons: c.map((p) => rings(p)) };
    default:
      throw new ShapeError('Invalid GeoJSON Geometry Object.');
  }
}

export const toVec = ([lon, lat]: Pos): Vec => {
  const phi = lat * RAD;
  const th = lon * RAD;
  return [Math.cos(phi) * Math.cos(th), Math.cos(phi) * Math.sin(th), Math.sin(phi)];
};
export const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];
export const norm = (a: Vec) => Math.sqrt(dot(a, a));
export const toPos = (v: Vec): Pos => [Math.atan2(v[1], v[0]) / RAD, Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD];

/** S2LatLng::GetDistance: haversine with asin, in meters. */
export function posDistance(a: Pos, b: Pos): number {
  const lat1 = a[1] * RAD;
  const lat2 = b[1] * RAD;
  const dlat = Math.sin(0.5 * (lat2 - lat1));
  const dlng = Math.sin(0.5 * (b[0] - a[0]) * RAD);
  const x = dlat * dlat + dlng * dlng * Math.cos(lat1) * Math.cos(lat2);
  return 2 * Math.asin(Math.sqrt(Math.min(1, x))) * EARTH_RADIUS;
}

/** The shape's centroid (area-weighted for polygons, length-weighted for lines). */
export function centroid(s: Shape): Pos {
  if (s.kind === 'Point') return s.points[0]!;
  let sum: Vec = [0, 0, 0];
  if (s.kind === 'MultiPoint') for (const p of s.points) sum = add(sum, toVec(p));
  else if (s.kind === 'LineString' || s.kind === 'MultiLineString') {
    for (const line of s.lines) {
      for (let i = 1; i < line.length; i++) {
        const a = toVec(line[i - 1]!);
        const b = toVec(line[i]!);
        const angle = Math.atan2(norm(cross(a, b)), dot(a, b));
        const mid = add(a, b);
        const n = norm(mid);
        if (n > 0) sum = add(sum, scale(mid, angle / n));
      }
    }
  } else {
    for (const poly of s.polygons) {
      poly.forEach((ring, k) => {
        const vs = orientedOuter(ring.map(toVec), k > 0);
        for (let i = 1; i + 1 < vs.length; i++) {
          const a = vs[0]!;
          const b = vs[i]!;
          const c = vs[i + 1]!;
          const area = dot(a, cross(b, c)) / 2;
          sum = add(sum, scale(add(add(a, b), c), area / 3));
        }
      });
    }
  }
  if (norm(sum) === 0) return s.points[0] ?? s.lines[0]?.[0] ?? s.polygons[0]![0]![0]!;
  return toPos(sum);
}

/** A ring's vertices counter-clockwise seen from outside (clockwise for a hole). */
export function orientedOuter(vs: Vec[], hole: boolean): Vec[] {
  let sum: Vec = [0, 0, 0];
  for (let i = 0; i < vs.length; i++) sum = add(sum, cross(vs[i]!, vs[(i + 1) % vs.length]!));
  const center = vs.reduce(add, [0, 0, 0] as Vec);
  const ccw = dot(sum, center) > 0;
  return ccw !== hole ? vs : [...vs].reverse();
}
