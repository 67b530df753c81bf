// Geo and fulltext AQL functions. The plain ones (DISTANCE, GEO_DISTANCE, GEO_POINT and the
// other GeoJSON constructors, IS_IN_POLYGON, GEO_CONTAINS, GEO_INTERSECTS, GEO_EQUALS,
// GEO_IN_RANGE) compute on their arguments: spherical geometry with great-circle edges, as
// ArangoDB's S2-based functions, on the earth's mean radius of 6,371,000 m. Those that need
// an index in ArangoDB (FULLTEXT, NEAR, WITHIN, WITHIN_RECTANGLE) require one on the
// collection (1571 / 1570 otherwise) but do not read it: they scan the collection from
// the query's snapshot and compute the same result (a fulltext index holds no entries; a
// geo index serves FILTER and SORT through the geo-index-optimizer rule instead). The
// shapes themselves are parsed in util/geo-shape.ts, which the geo index shares.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { ErrorDef } from '../../errors/registry.js';
import { type AqlValue, parseNumericString, toBool } from '../../values/index.js';
import { isObject } from '../../values/types.js';
import { fn, type FunctionContext, type FunctionDef } from './registry.js';

import { EARTH_RADIUS, RAD, ShapeError, add, centroid, cross, dot, norm, parseShape, posDistance, samePos, scale, toVec, type Pos, type Shape, type Vec } from '../../util/geo-shape.js';

export { EARTH_RADIUS };

const TYPE_MISMATCH = ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH;

/** A warning "in function 'NAME()': <text>" with the given errorNum. */
function warnText(ctx: FunctionContext, base: ErrorDef, name: string, text: string): null {
  ctx.warn({ ...base, message: text }, name);
  return null;
}

/**
 * ArangoDB's AqlValue::toDouble(failed): numbers, null (0), booleans, numeric strings and
 * arrays of at most one such value; anything else fails (undefined).
 */
function toDoubleStrict(v: AqlValue): number | undefined {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v.trim() === '' ? 0 : parseNumericString(v);
  if (Array.isArray(v)) return v.length === 0 ? 0 : v.length === 1 ? toDoubleStrict(v[0]!) : undefined;
  return undefined;
}

/** The great-circle distance in meters (haversine, as ArangoDB's DISTANCE). */
export function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const d1 = (lat2 - lat1) * RAD;
  const d2 = (lon2 - lon1) * RAD;
  const a = Math.sin(d1 / 2) * Math.sin(d1 / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(d2 / 2) * Math.sin(d2 / 2);
  return EARTH_RADIUS * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

function distanceFn(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const n = args.map(toDoubleStrict);
  if (n.some((x) => x === undefined)) {
    ctx.warn(TYPE_MISMATCH, 'DISTANCE');
    return null;
  }
  const [lat1, lon1, lat2, lon2] = n as number[];
  return haversine(lat1!, lon1!, lat2!, lon2!);
}


/**
 * Whether point p lies in the ring (great-circle edges): the ring is projected
 * gnomonically around p (great circles become straight lines) and the winding number of
 * the origin counted. A point on an edge counts as inside.
 */
function ringContains(ring: Pos[], p: Pos): boolean {
  const c = toVec(p);
  const up: Vec = Math.abs(c[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const e1 = scale(cross(up, c), 1 / norm(cross(up, c)));
  const e2 = cross(c, e1);
  const pts: [number, number][] = [];
  for (const q of ring) {
    const v = toVec(q);
    const d = dot(v, c);
    if (d <= 1e-12) return sphericalWinding(ring, c); // a vertex on p's far hemisphere: no gnomonic view
    pts.push([dot(v, e1) / d, dot(v, e2) / d]);
  }
  let winding = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[(i + 1) % pts.length]!;
    const crossZ = x1 * y2 - x2 * y1;
    // on the edge (collinear with the origin and between the ends)
    if (Math.abs(crossZ) <= 1e-15 * Math.max(1, Math.hypot(x1, y1) * Math.hypot(x2, y2)) && x1 * x2 + y1 * y2 <= 0) return true;
    if (y1 <= 0) {
      if (y2 > 0 && crossZ > 0) winding++;
    } else if (y2 <= 0 && crossZ < 0) winding--;
  }
  return winding !== 0;
}

/**
 * For rings reaching beyond p's hemisphere: the winding number of the ring around p from
 * the angles its edges subtend at p. It is also non-zero around the ring's antipodal
 * image, so p must lie on the ring's side of the sphere (towards its vertices' mean).
 */
function sphericalWinding(ring: Pos[], p: Vec): boolean {
  const vs = ring.map(toVec);
  let sum = 0;
  for (let i = 0; i < vs.length; i++) {
    const a = vs[i]!;
    const b = vs[(i + 1) % vs.length]!;
    sum += Math.atan2(dot(p, cross(a, b)), dot(a, b) - dot(p, a) * dot(p, b));
  }
  const center = vs.reduce(add, [0, 0, 0] as Vec);
  return Math.abs(sum) > Math.PI && dot(center, p) > 0;
}

function polygonContainsPoint(poly: Pos[][], p: Pos): boolean {
  if (!ringContains(poly[0]!, p)) return false;
  return !poly.slice(1).some((hole) => ringContains(hole, p) && !onRing(hole, p));
}

function onRing(ring: Pos[], p: Pos): boolean {
  for (let i = 0; i < ring.length; i++) if (onArc(ring[i]!, ring[(i + 1) % ring.length]!, p)) return true;
  return false;
}

function onArc(a: Pos, b: Pos, p: Pos): boolean {
  const va = toVec(a);
  const vb = toVec(b);
  const vp = toVec(p);
  const n = cross(va, vb);
  const len = norm(n);
  if (len === 0) return samePos(a, p);
  if (Math.abs(dot(n, vp)) / len > 1e-12) return false;
  const ab = dot(va, vb);
  return dot(va, vp) >= ab - 1e-15 && dot(vb, vp) >= ab - 1e-15;
}

/** Whether great-circle arcs a-b and c-d cross at a point inside both. */
function arcsCross(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const [va, vb, vc, vd] = [toVec(a), toVec(b), toVec(c), toVec(d)];
  const s = (x: Vec, y: Vec, z: Vec) => Math.sign(dot(x, cross(y, z)));
  const abc = s(va, vb, vc);
  const abd = s(va, vb, vd);
  const cda = s(vc, vd, va);
  const cdb = s(vc, vd, vb);
  if (abc === 0 || abd === 0 || cda === 0 || cdb === 0) return onArc(a, b, c) || onArc(a, b, d) || onArc(c, d, a) || onArc(c, d, b);
  return abc !== abd && cda !== cdb && dot(add(va, vb), add(vc, vd)) > 0;
}

const edgesOf = (line: Pos[], closed: boolean): [Pos, Pos][] => {
  const out: [Pos, Pos][] = [];
  for (let i = 1; i < line.length; i++) out.push([line[i - 1]!, line[i]!]);
  if (closed && line.length > 2) out.push([line[line.length - 1]!, line[0]!]);
  return out;
};

function shapeEdges(s: Shape): [Pos, Pos][] {
  return [...s.lines.flatMap((l) => edgesOf(l, false)), ...s.polygons.flatMap((p) => p.flatMap((r) => edgesOf(r, true)))];
}

function shapeVertices(s: Shape): Pos[] {
  return [...s.points, ...s.lines.flat(), ...s.polygons.flatMap((p) => p.flat())];
}

function edgesCross(a: Shape, b: Shape): boolean {
  const eb = shapeEdges(b);
  return shapeEdges(a).some(([p, q]) => eb.some(([r, t]) => arcsCross(p, q, r, t)));
}

/** Whether area shape a holds point p (a's polygons), or a point/line shape passes through it. */
function covers(a: Shape, p: Pos): boolean {
  if (a.polygons.length > 0) return a.polygons.some((poly) => polygonContainsPoint(poly, p));
  if (a.lines.length > 0) return a.lines.some((l) => edgesOf(l, false).some(([x, y]) => onArc(x, y, p)));
  return a.points.some((q) => samePos(q, p));
}

function contains(a: Shape, b: Shape): boolean {
  const vs = shapeVertices(b);
  if (a.polygons.length === 0) return vs.every((p) => covers(a, p));
  // every part of b inside one polygon of a, crossing none of its edges
  return vs.every((p) => covers(a, p)) && (b.lines.length + b.polygons.length === 0 || !properCross(a, b));
}

/** Edges crossing in their interiors (touching at a vertex does not count). */
function properCross(a: Shape, b: Shape): boolean {
  const eb = shapeEdges(b);
  return shapeEdges(a).some(([p, q]) =>
    eb.some(([r, t]) => {
      if (onArc(p, q, r) || onArc(p, q, t) || onArc(r, t, p) || onArc(r, t, q)) return false;
      return arcsCross(p, q, r, t);
    }),
  );
}

function intersects(a: Shape, b: Shape): boolean {
  if (shapeVertices(b).some((p) => covers(a, p))) return true;
  if (shapeVertices(a).some((p) => covers(b, p))) return true;
  return edgesCross(a, b);
}

/** Parses a shape argument; a warning and undefined when it is not valid GeoJSON. */
function shapeArg(ctx: FunctionContext, name: string, v: AqlValue): Shape | undefined {
  if (!isObject(v) && !Array.isArray(v)) {
    warnText(ctx, TYPE_MISMATCH, name, 'Expecting GeoJSON object or coordinate pair');
    return undefined;
  }
  try {
    return parseShape(v);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    warnText(ctx, ERR.ERROR_BAD_PARAMETER, name, e.message);
    return undefined;
  }
}

function geoDistance(ctx: FunctionContext, [a, b, ellipsoid]: AqlValue[]): AqlValue {
  const sa = shapeArg(ctx, 'GEO_DISTANCE', a!);
  if (!sa) return null;
  const sb = shapeArg(ctx, 'GEO_DISTANCE', b!);
  if (!sb) return null;
  const model = ellipsoid === undefined || ellipsoid === null ? 'sphere' : ellipsoid;
  if (model === 'wgs84') return vincenty(centroid(sa), centroid(sb));
  if (model !== 'sphere') return warnText(ctx, ERR.ERROR_BAD_PARAMETER, 'GEO_DISTANCE', `invalid ellipsoid ${JSON.stringify(model)}`);
  return posDistance(centroid(sa), centroid(sb));
}

/** Geodesic distance on the WGS84 ellipsoid (Vincenty's inverse formula), in meters. */
function vincenty(p1: Pos, p2: Pos): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const b = (1 - f) * a;
  const L = (p2[0] - p1[0]) * RAD;
  const U1 = Math.atan((1 - f) * Math.tan(p1[1] * RAD));
  const U2 = Math.atan((1 - f) * Math.tan(p2[1] * RAD));
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cos2Alpha = 1;
  let cos2SigmaM = 0;
  for (let i = 0; i < 200; i++) {
    const sinL = Math.sin(lambda);
    const cosL = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinL) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) ** 2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return b * A * (sigma - dSigma);
}

function geoRelation(name: 'GEO_CONTAINS' | 'GEO_INTERSECTS' | 'GEO_EQUALS') {
  return (ctx: FunctionContext, [a, b]: AqlValue[]): AqlValue => {
    const sa = shapeArg(ctx, name, a!);
    if (!sa) return null;
    const sb = shapeArg(ctx, name, b!);
    if (!sb) return null;
    if (name === 'GEO_EQUALS') return sa.kind === sb.kind && JSON.stringify([sa.points, sa.lines, sa.polygons]) === JSON.stringify([sb.points, sb.lines, sb.polygons]);
    if (name === 'GEO_CONTAINS') {
      if (sa.kind !== 'Polygon' && sa.kind !== 'MultiPolygon') return warnText(ctx, ERR.ERROR_BAD_PARAMETER, name, 'Only Polygon and MultiPolygon types are valid as first argument');
      return contains(sa, sb);
    }
    return intersects(sa, sb);
  };
}

function geoInRange(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [a, b, low, high, incLow, incHigh, ellipsoid] = args;
  const sa = shapeArg(ctx, 'GEO_IN_RANGE', a!);
  if (!sa) return null;
  const sb = shapeArg(ctx, 'GEO_IN_RANGE', b!);
  if (!sb) return null;
  if (typeof low !== 'number' || typeof high !== 'number') {
    ctx.warn(TYPE_MISMATCH, 'GEO_IN_RANGE');
    return null;
  }
  const model = ellipsoid === undefined || ellipsoid === null ? 'sphere' : ellipsoid;
  if (model !== 'sphere' && model !== 'wgs84') return warnText(ctx, ERR.ERROR_BAD_PARAMETER, 'GEO_IN_RANGE', `invalid ellipsoid ${JSON.stringify(model)}`);
  const d = model === 'wgs84' ? vincenty(centroid(sa), centroid(sb)) : posDistance(centroid(sa), centroid(sb));
  const il = incLow === undefined ? true : toBool(incLow);
  const ih = incHigh === undefined ? true : toBool(incHigh);
  return (il ? d >= low : d > low) && (ih ? d <= high : d < high);
}

// --- GeoJSON constructors -------------------------------------------------------------

const geoWarn = (ctx: FunctionContext, name: string, text: string) => warnText(ctx, TYPE_MISMATCH, name, text);

function numbers(v: AqlValue[]): number[] | undefined {
  return v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

function geoPoint(ctx: FunctionContext, [lon, lat]: AqlValue[]): AqlValue {
  if (typeof lon !== 'number' || typeof lat !== 'number') {
    ctx.warn(TYPE_MISMATCH, 'GEO_POINT');
    return null;
  }
  return { type: 'Point', coordinates: [lon, lat] };
}

/** An array of positions (arrays of numbers) for GEO_MULTIPOINT and GEO_LINESTRING. */
function positionList(ctx: FunctionContext, name: string, v: AqlValue, what: string): AqlValue[] | null {
  if (!Array.isArray(v)) {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED, name);
    return null;
  }
  if (v.length < 2) return geoWarn(ctx, name, `a ${what} needs at least two positions`);
  const out: AqlValue[] = [];
  for (const p of v) {
    if (!Array.isArray(p)) return geoWarn(ctx, name, 'not an array containing positions');
    const n = numbers(p);
    if (!n) return geoWarn(ctx, name, 'not a numeric value');
    out.push(n);
  }
  return out;
}

function geoMultiPoint(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const coordinates = positionList(ctx, 'GEO_MULTIPOINT', v!, 'MultiPoint');
  return coordinates && { type: 'MultiPoint', coordinates };
}

function geoLineString(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const coordinates = positionList(ctx, 'GEO_LINESTRING', v!, 'LineString');
  return coordinates && { type: 'LineString', coordinates };
}

function geoMultiLineString(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const name = 'GEO_MULTILINESTRING';
  if (!Array.isArray(v)) {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED, name);
    return null;
  }
  if (v.length < 1) return geoWarn(ctx, name, 'a MultiLineString needs at least one array of linestrings');
  const out: AqlValue[] = [];
  for (const line of v) {
    if (!Array.isArray(line) || line.length < 2) return geoWarn(ctx, name, 'not an array containing linestrings');
    const pts: AqlValue[] = [];
    for (const p of line) {
      if (!Array.isArray(p)) return geoWarn(ctx, name, 'not an array containing positions');
      const n = numbers(p);
      if (!n) return geoWarn(ctx, name, 'not a numeric value');
      pts.push(n);
    }
    out.push(pts);
  }
  return { type: 'MultiLineString', coordinates: out };
}

/**
 * The coordinates of GEO_POLYGON: one ring (an array of positions) or an array of rings;
 * each ring needs at least three positions (ArangoDB's parseGeoPolygon).
 */
function polygonCoordinates(v: AqlValue[]): AqlValue[] | string {
  const ring = (r: AqlValue[]): AqlValue[] | string => {
    const out: AqlValue[] = [];
    for (const p of r) {
      if (!Array.isArray(p)) return 'not an array describing a position';
      if (p.length < 2) return 'a Position needs at least two numeric values';
      const n = numbers(p);
      if (!n) return 'not a numeric value';
      out.push(n);
    }
    return out;
  };
  const nested = v.length > 0 && v.every((r) => Array.isArray(r) && r.every((p) => Array.isArray(p)));
  const list = nested ? (v as AqlValue[][]) : [v];
  const out: AqlValue[] = [];
  for (const r of list) {
    if (r.length < 3) return 'a Polygon needs at least three positions';
    const x = ring(r);
    if (typeof x === 'string') return x;
    out.push(x);
  }
  return out;
}

function geoPolygon(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  if (!Array.isArray(v)) {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED, 'GEO_POLYGON');
    return null;
  }
  const c = polygonCoordinates(v);
  if (typeof c === 'string') return geoWarn(ctx, 'GEO_POLYGON', c);
  return { type: 'Polygon', coordinates: c };
}

function geoMultiPolygon(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const name = 'GEO_MULTIPOLYGON';
  if (!Array.isArray(v)) {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED, name);
    return null;
  }
  if (v.length < 2) return geoWarn(ctx, name, 'a MultiPolygon needs at least two Polygons inside.');
  const out: AqlValue[] = [];
  for (const p of v) {
    if (!Array.isArray(p)) return geoWarn(ctx, name, 'not an array describing a polygon');
    const c = polygonCoordinates(p);
    if (typeof c === 'string') return geoWarn(ctx, name, c);
    out.push(c);
  }
  return { type: 'MultiPolygon', coordinates: out };
}

/**
 * IS_IN_POLYGON(polygon, lat, lon) or IS_IN_POLYGON(polygon, [lat, lon], geoJson): the
 * polygon's points are [lat, lon] pairs, or [lon, lat] with geoJson true.
 */
function isInPolygon(ctx: FunctionContext, [poly, p2, p3]: AqlValue[]): AqlValue {
  const name = 'IS_IN_POLYGON';
  if (!Array.isArray(poly)) {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED, name);
    return false;
  }
  let lat: number;
  let lon: number;
  let geoJson = false;
  if (Array.isArray(p2)) {
    if (p2.length < 2 || typeof p2[0] !== 'number' || typeof p2[1] !== 'number') {
      ctx.warn(TYPE_MISMATCH, name);
      return false;
    }
    geoJson = p3 === true;
    [lat, lon] = geoJson ? [p2[1], p2[0]] : [p2[0], p2[1]];
  } else if (typeof p2 === 'number' && typeof p3 === 'number') {
    [lat, lon] = [p2, p3];
  } else {
    ctx.warn(TYPE_MISMATCH, name);
    return false;
  }
  const ring: Pos[] = [];
  for (const q of poly) {
    if (!Array.isArray(q) || q.length < 2 || typeof q[0] !== 'number' || typeof q[1] !== 'number') {
      ctx.warn(TYPE_MISMATCH, name);
      return false;
    }
    ring.push(geoJson ? [q[0], q[1]] : [q[1], q[0]]);
  }
  if (ring.length > 1 && samePos(ring[0]!, ring[ring.length - 1]!)) ring.pop();
  if (ring.length < 3) {
    warnText(ctx, ERR.ERROR_BAD_PARAMETER, name, 'Invalid loop in polygon, must have at least 3 distinct vertices');
    return false;
  }
  return ringContains(ring, [lon, lat]);
}

// --- functions that need an index ------------------------------------------------------

function collectionArg(name: string, v: AqlValue): string {
  if (typeof v !== 'string') throw new ArangoError(TYPE_MISMATCH, name);
  return v;
}

function getPath(doc: AqlValue, path: string): AqlValue | undefined {
  let v: AqlValue | undefined = doc;
  for (const part of path.split('.')) {
    if (!isObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** The geo index of a collection (its first), or 1570. */
function geoIndex(ctx: FunctionContext, coll: string) {
  const ix = ctx.env.collectionIndexes(coll).find((i) => i.type === 'geo');
  if (!ix) throw new ArangoError(ERR.ERROR_QUERY_GEO_INDEX_MISSING, coll);
  return ix;
}

/** A document's [lat, lon] as the index reads it (two fields, a [lat, lon] array, or GeoJSON's centroid). */
function docLatLon(ix: { fields: readonly string[]; props?: Record<string, unknown> }, doc: AqlValue): [number, number] | undefined {
  const valid = (lat: unknown, lon: unknown): [number, number] | undefined =>
    typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : undefined;
  if (ix.fields.length === 2) return valid(getPath(doc, ix.fields[0]!), getPath(doc, ix.fields[1]!));
  const v = getPath(doc, ix.fields[0]!);
  if (ix.props?.geoJson === true) {
    if (v === undefined || v === null) return undefined;
    try {
      const c = centroid(parseShape(v));
      return [c[1], c[0]];
    } catch (e) {
      if (e instanceof ShapeError) return undefined;
      throw e;
    }
  }
  return Array.isArray(v) ? valid(v[0], v[1]) : undefined;
}

function numberArg(name: string, v: AqlValue | undefined): number {
  if (typeof v !== 'number') throw new ArangoError(TYPE_MISMATCH, name);
  return v;
}

function withDistance(doc: AqlValue, distanceName: AqlValue | undefined, d: number): AqlValue {
  if (typeof distanceName !== 'string' || !isObject(doc)) return doc;
  return { ...doc, [distanceName]: d };
}

/** NEAR and WITHIN: documents by distance from (lat, lon), nearest first. */
function byDistance(ctx: FunctionContext, name: string, coll: string, lat: number, lon: number, keep: (d: number) => boolean): { doc: AqlValue; d: number }[] {
  const ix = geoIndex(ctx, coll);
  const found: { doc: AqlValue; d: number }[] = [];
  for (const doc of ctx.env.scanCollection(coll)) {
    const ll = docLatLon(ix, doc);
    if (!ll) continue;
    const d = haversine(lat, lon, ll[0], ll[1]);
    if (keep(d)) found.push({ doc, d });
  }
  void name;
  return found.sort((a, b) => a.d - b.d);
}

function near(ctx: FunctionContext, [c, lat, lon, limit, distanceName]: AqlValue[]): AqlValue {
  const coll = collectionArg('NEAR', c!);
  const la = numberArg('NEAR', lat);
  const lo = numberArg('NEAR', lon);
  let n = 100;
  if (limit !== undefined && limit !== null) n = numberArg('NEAR', limit);
  if (distanceName !== undefined && distanceName !== null && typeof distanceName !== 'string') throw new ArangoError(TYPE_MISMATCH, 'NEAR');
  const rows = byDistance(ctx, 'NEAR', coll, la, lo, () => true);
  return rows.slice(0, Math.max(0, Math.trunc(n))).map((r) => withDistance(r.doc, distanceName, r.d));
}

function within(ctx: FunctionContext, [c, lat, lon, radius, distanceName]: AqlValue[]): AqlValue {
  const coll = collectionArg('WITHIN', c!);
  const la = numberArg('WITHIN', lat);
  const lo = numberArg('WITHIN', lon);
  const r = numberArg('WITHIN', radius);
  if (distanceName !== undefined && distanceName !== null && typeof distanceName !== 'string') throw new ArangoError(TYPE_MISMATCH, 'WITHIN');
  return byDistance(ctx, 'WITHIN', coll, la, lo, (d) => d <= r).map((row) => withDistance(row.doc, distanceName, row.d));
}

/**
 * WITHIN_RECTANGLE: ArangoDB turns it into GEO_CONTAINS of the polygon through the four
 * corners (great-circle edges) and the document's point ([lon, lat]) or, for a GeoJSON
 * index, the document's shape.
 */
function withinRectangle(ctx: FunctionContext, [c, ...corners]: AqlValue[]): AqlValue {
  const coll = collectionArg('WITHIN_RECTANGLE', c!);
  const [lat1, lon1, lat2, lon2] = corners.map((v) => numberArg('WITHIN_RECTANGLE', v)) as [number, number, number, number];
  const ix = geoIndex(ctx, coll);
  let rect: Shape;
  try {
    rect = parseShape({ type: 'Polygon', coordinates: [[[lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]] });
  } catch (e) {
    if (e instanceof ShapeError) return warnText(ctx, ERR.ERROR_BAD_PARAMETER, 'GEO_CONTAINS', e.message);
    throw e;
  }
  const out: AqlValue[] = [];
  for (const doc of ctx.env.scanCollection(coll)) {
    let shape: Shape | undefined;
    if (ix.props?.geoJson === true && ix.fields.length === 1) {
      const v = getPath(doc, ix.fields[0]!);
      try {
        shape = v === undefined || v === null ? undefined : parseShape(v);
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
      }
    } else {
      const ll = docLatLon(ix, doc);
      if (ll) shape = { kind: 'Point', points: [[ll[1], ll[0]]], lines: [], polygons: [] };
    }
    if (shape && contains(rect, shape)) out.push(doc);
  }
  return out;
}

// --- FULLTEXT ------------------------------------------------------------------------

/** Longest word a fulltext index keeps (longer ones are cut), as ArangoDB's. */
const MAX_WORD_LENGTH = 40;
/** Most search words in one FULLTEXT query. */
const MAX_SEARCH_WORDS = 32;

/**
 * A word as ICU's word break finds one (Unicode's UAX #29): letters, digits and `_`, joined
 * by an apostrophe or a period between them ("don't", "e.g") and by `,` or `;` between
 * digits ("1,000").
 */
const WORD = /[\p{L}\p{N}\p{M}_]+(?:(?:['.\u2019]|(?<=\p{N})[,;](?=\p{N}))[\p{L}\p{N}\p{M}_]+)*/gu;

/** The words of a text, lower-cased, cut at 40 characters. */
function words(text: string): string[] {
  return (text.normalize('NFC').toLowerCase().match(WORD) ?? []).map((w) => [...w].slice(0, MAX_WORD_LENGTH).join(''));
}

/** The words a document gives a fulltext index: a string, an array's strings, an object's string values. */
function documentWords(value: AqlValue | undefined, minLength: number): Set<string> {
  const texts: string[] = [];
  if (typeof value === 'string') texts.push(value);
  else if (Array.isArray(value)) for (const v of value) typeof v === 'string' && texts.push(v);
  else if (isObject(value)) for (const v of Object.values(value)) typeof v === 'string' && texts.push(v);
  const out = new Set<string>();
  for (const t of texts) for (const w of words(t)) if ([...w].length >= minLength) out.add(w);
  return out;
}

interface Term {
  op: 'and' | 'or' | 'not';
  prefix: boolean;
  word: string;
}

/**
 * ArangoDB's fulltext query: terms separated by commas or whitespace, each an optional
 * operator (`+` and, `|` or, `-` not) then `prefix:` or `complete:` (any other `x:` is
 * ignored) and the word, lower-cased and cut at 40 characters. The first term's operator
 * is ignored; at most 32 terms count; a NUL character ends the query. An empty query or
 * term fails with 10.
 */
function parseFulltextQuery(text: string): Term[] {
  // ArangoDB reads the query as a C string: it ends at the first NUL character
  const query = text.split('\u0000', 1)[0]!;
  const terms: Term[] = [];
  const SEP = /[\s,\b]/;
  let i = 0;
  while (i < query.length && terms.length < MAX_SEARCH_WORDS) {
    if (SEP.test(query[i]!)) {
      i++;
      continue;
    }
    let op: Term['op'] = 'and';
    const c = query[i];
    if (c === '+' || c === '|' || c === '-') {
      op = c === '+' ? 'and' : c === '|' ? 'or' : 'not';
      i++;
    }
    const start = i;
    let split = -1;
    while (i < query.length && !SEP.test(query[i]!)) {
      if (split < 0 && query[i] === ':') split = i + 1;
      i++;
    }
    if (i === start || split === start || split === i) throw new ArangoError(ERR.ERROR_BAD_PARAMETER);
    let prefix = false;
    let word = query.slice(start, i);
    if (split >= 0) {
      prefix = word.slice(0, 7).toLowerCase() === 'prefix:';
      word = query.slice(split, i);
    }
    word = [...word.normalize('NFC').toLowerCase()].slice(0, MAX_WORD_LENGTH).join('');
    terms.push({ op, prefix, word });
  }
  if (terms.length === 0) throw new ArangoError(ERR.ERROR_BAD_PARAMETER);
  return terms;
}

function fulltext(ctx: FunctionContext, [c, attribute, query, limit]: AqlValue[]): AqlValue {
  const coll = collectionArg('FULLTEXT', c!);
  if (typeof attribute !== 'string' || typeof query !== 'string') throw new ArangoError(TYPE_MISMATCH, 'FULLTEXT');
  const ix = ctx.env.collectionIndexes(coll).find((i) => i.type === 'fulltext' && i.fields[0] === attribute);
  if (!ix) throw new ArangoError(ERR.ERROR_QUERY_FULLTEXT_INDEX_MISSING, coll);
  const minLength = typeof ix.props?.minLength === 'number' ? ix.props.minLength : 2;
  const terms = parseFulltextQuery(query);
  let max = Infinity;
  if (limit !== undefined && limit !== null) {
    if (typeof limit !== 'number') throw new ArangoError(TYPE_MISMATCH, 'FULLTEXT');
    if (limit > 0) max = Math.trunc(limit);
  }
  const out: AqlValue[] = [];
  for (const doc of ctx.env.scanCollection(coll)) {
    const ws = documentWords(getPath(doc, attribute), minLength);
    const has = (t: Term) => (t.prefix ? [...ws].some((w) => w.startsWith(t.word)) : ws.has(t.word));
    let match = has(terms[0]!);
    for (const t of terms.slice(1)) {
      if (t.op === 'and') match = match && has(t);
      else if (t.op === 'or') match = match || has(t);
      else match = match && !has(t);
    }
    if (match) {
      out.push(doc);
      if (out.length >= max) break;
    }
  }
  return out;
}

/** Reads a collection: results vary between runs and must not be cached. */
const READS_DATA = { deterministic: false, cacheable: false } as const;

export const FUNCTIONS: FunctionDef[] = [
  fn('DISTANCE', 4, 4, distanceFn),
  fn('GEO_DISTANCE', 2, 3, geoDistance),
  fn('GEO_IN_RANGE', 4, 7, geoInRange),
  fn('GEO_CONTAINS', 2, 2, geoRelation('GEO_CONTAINS')),
  fn('GEO_INTERSECTS', 2, 2, geoRelation('GEO_INTERSECTS')),
  fn('GEO_EQUALS', 2, 2, geoRelation('GEO_EQUALS')),
  fn('GEO_POINT', 2, 2, geoPoint),
  fn('GEO_MULTIPOINT', 1, 1, geoMultiPoint),
  fn('GEO_POLYGON', 1, 1, geoPolygon),
  fn('GEO_MULTIPOLYGON', 1, 1, geoMultiPolygon),
  fn('GEO_LINESTRING', 1, 1, geoLineString),
  fn('GEO_MULTILINESTRING', 1, 1, geoMultiLineString),
  fn('IS_IN_POLYGON', 2, 3, isInPolygon),
  fn('NEAR', 3, 5, near, READS_DATA),
  fn('WITHIN', 4, 5, within, READS_DATA),
  fn('WITHIN_RECTANGLE', 5, 5, withinRectangle, READS_DATA),
  fn('FULLTEXT', 3, 4, fulltext, READS_DATA),
];

// --- for ArangoSearch's geo filters (search/geo.ts) -------------------------------------

/** A geometry as the geo filters see it (an opaque parsed shape). */
export type GeoShape = Shape;

/** The shape of a GeoJSON value (or [lon, lat] pair), or undefined when it is not valid. */
export function geoShape(v: AqlValue): GeoShape | undefined {
  try {
    return parseShape(v);
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}

/** The [lon, lat] centroid of a shape. */
export function geoCentroid(s: GeoShape): [number, number] {
  return centroid(s);
}

/** Distance in meters between the centroids of two shapes (on the sphere, as S2 measures). */
export function geoCentroidDistance(a: GeoShape, b: GeoShape): number {
  return posDistance(centroid(a), centroid(b));
}

/** Whether shape a contains shape b (any shape kind as the container: a point contains itself). */
export function geoContains(a: GeoShape, b: GeoShape): boolean {
  return contains(a, b);
}

export function geoIntersects(a: GeoShape, b: GeoShape): boolean {
  return intersects(a, b);
}
