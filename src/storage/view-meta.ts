// The properties of arangosearch views and their links, as ArangoDB 3.12 (Community
// Edition) reads, defaults and shows them: parseSearchMeta/searchMetaView for the view's
// own properties (IResearchViewMeta), parseLink/linkView for a link (IResearchLinkMeta).
// Pure functions: they throw `Invalid` naming the offending attribute, and the callers
// (views.ts, inverted-index.ts) word the error as ArangoDB does. Enterprise-only options
// are not shown (primarySortCache, primaryKeyCache, cache) and `nested` is refused.
import { isPlainObject } from './documents.js';
import { shortAnalyzerName, type AnalyzerResolver } from './analyzer-lookup.js';

/** A definition that does not parse; `field` is ArangoDB's errorField ('' for none). */
export class Invalid extends Error {
  constructor(readonly field: string) {
    super(`invalid attribute '${field}'`);
  }
}

export type Json = Record<string, unknown>;

export const TIER_DEFAULTS: Readonly<Json> = Object.freeze({ type: 'tier', segmentsBytesFloor: 2097152, segmentsBytesMax: 5368709120, segmentsMax: 10, segmentsMin: 1, minScore: 0 });
const BYTES_ACCUM_DEFAULTS: Readonly<Json> = Object.freeze({ type: 'bytes_accum', threshold: 0.1 });

/** An arangosearch view's defaults (and an inverted index's shared data store ones). */
export const SEARCH_META_DEFAULTS: Readonly<Json> = Object.freeze({
  cleanupIntervalStep: 2,
  commitIntervalMsec: 1000,
  consolidationIntervalMsec: 1000,
  consolidationPolicy: TIER_DEFAULTS,
  primarySort: [],
  primarySortCompression: 'lz4',
  storedValues: [],
  writebufferActive: 0,
  writebufferIdle: 64,
  writebufferSizeMax: 33554432,
  optimizeTopK: [],
});

/** Properties that an update never changes (ArangoDB's ensureImmutableProperties). */
export const IMMUTABLE = ['primarySort', 'primarySortCompression', 'storedValues', 'writebufferActive', 'writebufferIdle', 'writebufferSizeMax', 'optimizeTopK'] as const;

function uint(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Invalid(field);
  return v;
}

/** A consolidation policy: its type's defaults overlaid with what is given. */
export function parsePolicy(v: unknown, field = 'consolidationPolicy'): Json {
  if (!isPlainObject(v)) throw new Invalid(field);
  const type = v.type;
  if (type === 'tier') {
    const out: Json = { ...TIER_DEFAULTS };
    for (const k of ['segmentsBytesFloor', 'segmentsBytesMax', 'segmentsMax', 'segmentsMin'] as const) {
      if (v[k] !== undefined) out[k] = uint(v[k], `${field}.${k}`);
    }
    if (v.minScore !== undefined) {
      if (typeof v.minScore !== 'number') throw new Invalid(`${field}.minScore`);
      out.minScore = v.minScore;
    }
    return out;
  }
  if (type === 'bytes_accum') {
    const out: Json = { ...BYTES_ACCUM_DEFAULTS };
    if (v.threshold !== undefined) {
      if (typeof v.threshold !== 'number' || v.threshold < 0 || v.threshold > 1) throw new Invalid(`${field}.threshold`);
      out.threshold = v.threshold;
    }
    return out;
  }
  throw new Invalid(`${field}.type`);
}

function compression(v: unknown, field: string): 'lz4' | 'none' {
  if (v === 'lz4' || v === 'none') return v;
  throw new Invalid(field);
}

/** primarySort: [{field, direction: asc|desc} | {field, asc: bool}] -> [{field, asc}]. */
export function parsePrimarySort(v: unknown, field = 'primarySort'): { field: string; asc: boolean }[] {
  if (!Array.isArray(v)) throw new Invalid(field);
  return v.map((e, i) => {
    if (!isPlainObject(e) || typeof e.field !== 'string' || e.field === '') throw new Invalid(`${field}[${i}].field`);
    const dir = e.direction;
    if (typeof dir === 'string') {
      const d = dir.toLowerCase();
      if (d !== 'asc' && d !== 'desc') throw new Invalid(`${field}[${i}].direction`);
      return { field: e.field, asc: d === 'asc' };
    }
    if (typeof e.asc === 'boolean') return { field: e.field, asc: e.asc };
    throw new Invalid(`${field}[${i}].asc`);
  });
}

/**
 * storedValues: each entry a path, a list of paths or {fields, compression}; empty entries
 * are dropped, a path given twice in one entry is kept once, an entry given twice once.
 */
export function parseStoredValues(v: unknown, field = 'storedValues'): { fields: string[]; compression: string }[] {
  if (!Array.isArray(v)) throw new Invalid(field);
  const out: { fields: string[]; compression: string }[] = [];
  const seen = new Set<string>();
  v.forEach((e, i) => {
    let fields: unknown = e;
    let comp: string = 'lz4';
    if (typeof e === 'string') fields = [e];
    else if (isPlainObject(e)) {
      fields = e.fields;
      if (e.compression !== undefined) comp = compression(e.compression, `${field}[${i}].compression`);
    }
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) throw new Invalid(`${field}[${i}]`);
    const list = [...new Set((fields as string[]).filter((f) => f !== ''))];
    if (list.length === 0) return;
    const key = [...list].sort().join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ fields: list, compression: comp });
  });
  return out;
}

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new Invalid(field);
  return [...new Set(v as string[])];
}

const META_PARSERS: Record<string, (v: unknown, field: string) => unknown> = {
  cleanupIntervalStep: uint,
  commitIntervalMsec: uint,
  consolidationIntervalMsec: uint,
  consolidationPolicy: parsePolicy,
  primarySort: parsePrimarySort,
  primarySortCompression: compression,
  storedValues: parseStoredValues,
  writebufferActive: uint,
  writebufferIdle: uint,
  writebufferSizeMax: uint,
  optimizeTopK: stringList,
};

/**
 * An arangosearch view's properties from `body`, each one not given taken from `base`
 * (the defaults for a creation or a replacement, the current ones for a partial update).
 * Throws Invalid for a value of the wrong kind.
 */
export function parseSearchMeta(body: Json, base: Readonly<Json>): Json {
  const out: Json = {};
  for (const [k, parse] of Object.entries(META_PARSERS)) {
    const v = body[k];
    out[k] = v === undefined || v === null ? base[k] : parse(v, k);
  }
  return out;
}

/** The view's own properties as GET .../properties shows them. */
export function searchMetaView(meta: Json): Json {
  const out: Json = {};
  for (const k of Object.keys(META_PARSERS)) out[k] = meta[k];
  return out;
}

// ---- links ------------------------------------------------------------------------

/** A link (or one of its fields) with every property resolved; analyzers by full name. */
export interface LinkMeta {
  analyzers: string[];
  fields: Record<string, LinkMeta>;
  includeAllFields: boolean;
  trackListPositions: boolean;
  storeValues: 'none' | 'id';
}

const LINK_DEFAULTS: LinkMeta = { analyzers: ['identity'], fields: {}, includeAllFields: false, trackListPositions: false, storeValues: 'none' };

/**
 * A link definition (ArangoDB's FieldMeta::init): each property defaults to the parent's
 * (the top level's to ArangoDB's defaults), `fields` never inherits. Every analyzer must
 * exist. Throws Invalid naming the attribute ('' for a link that is not an object).
 */
export function parseLink(def: unknown, analyzers: AnalyzerResolver, parent: LinkMeta = LINK_DEFAULTS, path = ''): LinkMeta {
  if (!isPlainObject(def)) throw new Invalid(path === '' ? '' : path.slice(0, -1));
  if (def.nested !== undefined) throw new Invalid(`${path}nested`); // Enterprise Edition only
  const out: LinkMeta = { ...parent, fields: {} };
  if (def.analyzers !== undefined) {
    if (!Array.isArray(def.analyzers)) throw new Invalid(`${path}analyzers`);
    const names: string[] = [];
    def.analyzers.forEach((a, i) => {
      if (typeof a !== 'string') throw new Invalid(`${path}analyzers[${i}]`);
      const found = analyzers(a);
      if (!found) throw new Invalid(`${path}analyzers.${a}`);
      if (!names.includes(found.name)) names.push(found.name);
    });
    out.analyzers = names;
  }
  for (const k of ['includeAllFields', 'trackListPositions'] as const) {
    if (def[k] === undefined) continue;
    if (typeof def[k] !== 'boolean') throw new Invalid(`${path}${k}`);
    out[k] = def[k] as boolean;
  }
  if (def.storeValues !== undefined) {
    if (def.storeValues !== 'none' && def.storeValues !== 'id') throw new Invalid(`${path}storeValues`);
    out.storeValues = def.storeValues;
  }
  if (def.fields !== undefined) {
    if (!isPlainObject(def.fields)) throw new Invalid(`${path}fields`);
    for (const [name, sub] of Object.entries(def.fields)) {
      out.fields[name] = parseLink(sub, analyzers, out, `${path}fields.${name}.`);
    }
  }
  return out;
}

/**
 * How a link shows (ArangoDB's IResearchLinkMeta::json): the top level in full, a field
 * only with what differs from its parent (and its own fields when it has any). Analyzers
 * of database `db` by short name.
 */
export function linkView(link: LinkMeta, db: string, parent?: LinkMeta): Json {
  const out: Json = {};
  const analyzers = link.analyzers.map((a) => shortAnalyzerName(a, db));
  if (!parent || link.analyzers.join('\u0000') !== parent.analyzers.join('\u0000')) out.analyzers = analyzers;
  const fields = Object.entries(link.fields);
  if (!parent || fields.length > 0) out.fields = Object.fromEntries(fields.map(([k, f]) => [k, linkView(f, db, link)]));
  for (const k of ['includeAllFields', 'storeValues', 'trackListPositions'] as const) {
    if (!parent || link[k] !== parent[k]) out[k] = link[k];
  }
  return out;
}
