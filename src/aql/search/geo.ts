// Geo in ArangoSearch: what the geojson and geopoint analyzers index of a value (one
// geometry term per value, kept as marked GeoJSON instead of S2 cell terms), and the
// geo filters over those terms (GEO_DISTANCE compared with a number, GEO_IN_RANGE,
// GEO_CONTAINS, GEO_INTERSECTS in SEARCH or in a FILTER through an inverted index).
// Geometry is the one of Cairn's geo functions (functions/geo.ts): spherical, centroid
// distances, not S2's cell approximations.
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';
import type { AqlObject, AqlValue } from '../../values/index.js';
import { geoCentroid, geoShape, type GeoShape } from '../functions/geo.js';

/** Analyzer types whose input is a geometry (geo_s2 is Enterprise: never defined in Cairn). */
export const GEO_TYPES = new Set(['geojson', 'geopoint', 'geo_s2']);

/** Marks a geometry term among a field's string terms (a string value never starts so). */
const MARK = '\u0001geo:';

function at(v: AqlValue, path: readonly unknown[]): AqlValue | undefined {
  let x: AqlValue | undefined = v;
  for (const name of path) {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || typeof name !== 'string') return undefined;
    x = (x as AqlObject)[name];
  }
  return x;
}

const point = (lon: number, lat: number): AqlValue => ({ type: 'Point', coordinates: [lon, lat] });

/**
 * The geometry an analyzer of GEO_TYPES indexes for value `v` (as GeoJSON), or undefined
 * when it indexes nothing: geojson takes GeoJSON objects (`type` "shape": as they are,
 * "centroid": their centroid, "point": points only) and [lon, lat] pairs; geopoint takes
 * [lat, lon] pairs, or
 * objects with the attributes its `latitude` and `longitude` paths name.
 */
export function geoValue(def: AnalyzerDefinition, v: AqlValue): AqlValue | undefined {
  const p = def.properties as Record<string, unknown>;
  if (def.type === 'geopoint') {
    const lat = p.latitude as unknown[] | undefined;
    const lon = p.longitude as unknown[] | undefined;
    let pair: [AqlValue | undefined, AqlValue | undefined];
    if (lat && lat.length > 0 && lon) pair = [at(v, lat), at(v, lon)];
    else pair = Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : [undefined, undefined];
    const [la, lo] = pair;
    if (typeof la !== 'number' || typeof lo !== 'number' || Math.abs(la) > 90 || Math.abs(lo) > 180) return undefined;
    return point(lo, la);
  }
  // geojson also takes a [lon, lat] pair
  if (Array.isArray(v)) {
    const [lo, la] = v;
    return v.length === 2 && typeof lo === 'number' && typeof la === 'number' && Math.abs(la) <= 90 && Math.abs(lo) <= 180 ? point(lo, la) : undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const shape = geoShape(v);
  if (!shape) return undefined;
  const type = p.type ?? 'shape';
  if (type === 'point') return String((v as AqlObject).type).toLowerCase() === 'point' ? v : undefined;
  if (type === 'centroid') {
    const [lo, la] = geoCentroid(shape);
    return point(lo, la);
  }
  return v;
}

/** The term a geometry is indexed as. */
export function geoTerm(g: AqlValue): string {
  return MARK + JSON.stringify(g);
}

/** The shape of a term, when it is a geometry term. */
export function termShape(t: unknown, cache: Map<string, GeoShape | null>): GeoShape | undefined {
  if (typeof t !== 'string' || !t.startsWith(MARK)) return undefined;
  let s = cache.get(t);
  if (s === undefined) {
    s = geoShape(JSON.parse(t.slice(MARK.length)) as AqlValue) ?? null;
    cache.set(t, s);
  }
  return s ?? undefined;
}
