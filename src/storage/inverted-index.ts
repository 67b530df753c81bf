// Inverted index definitions (`type: "inverted"`), with ArangoDB 3.12's validation,
// defaults and description (IResearchInvertedIndexMeta, Community Edition). Like geo and
// fulltext indexes (special-indexes.ts) Cairn accepts, lists, persists and drops them but
// keeps no entries: nothing searches them yet. search-alias views (views.ts) read their
// fields through searchAliasFields.
import { isPlainObject } from './documents.js';
import { shortAnalyzerName, type AnalyzerResolver } from './analyzer-lookup.js';
import { Invalid, parsePolicy, parseStoredValues, SEARCH_META_DEFAULTS, type Json } from './view-meta.js';

export interface InvertedField {
  name: string;
  /** Given on the field: analyzer by full name, features, flags. */
  analyzer?: string;
  features?: string[];
  includeAllFields?: boolean;
  searchField?: boolean;
  trackListPositions?: boolean;
}

/** What IndexRecord.props holds for an inverted index. */
export interface InvertedProps {
  fields: InvertedField[];
  analyzer: string;
  features: string[];
  includeAllFields: boolean;
  trackListPositions: boolean;
  searchField: boolean;
  primarySort: { fields: { field: string; direction: 'asc' | 'desc' }[]; compression: string };
  storedValues: { fields: string[]; compression: string }[];
  cleanupIntervalStep: number;
  commitIntervalMsec: number;
  consolidationIntervalMsec: number;
  consolidationPolicy: Json;
  writebufferActive: number;
  writebufferIdle: number;
  writebufferSizeMax: number;
  optimizeTopK: string[];
  parallelism: number;
}

const FEATURES = ['frequency', 'norm', 'position', 'offset'];

function features(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((f) => typeof f !== 'string' || !FEATURES.includes(f))) throw new Invalid(field);
  const set = new Set(v as string[]);
  // positions need frequencies, offsets need positions (irs::features checks)
  if ((set.has('position') && !set.has('frequency')) || (set.has('offset') && !set.has('position'))) throw new Invalid(field);
  return [...set];
}

function flag(body: Json, name: string, dflt: boolean, field = name): boolean {
  const v = body[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new Invalid(field);
  return v;
}

function uint(body: Json, name: string, dflt: number): number {
  const v = body[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Invalid(name);
  return v;
}

/** An attribute path as ArangoDB's parser takes it: non-empty, `[*]` at most once, `[` only in `[*]`. */
function attributePath(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new Invalid(field);
  let stars = 0;
  for (let i = v.indexOf('['); i !== -1; i = v.indexOf('[', i + 1)) {
    if (v.slice(i, i + 3) !== '[*]' || (v.length > i + 3 && v[i + 3] !== '.')) throw new Invalid(field);
    stars++;
  }
  if (stars > 1) throw new Invalid(field);
  return v;
}

function analyzerName(v: unknown, analyzers: AnalyzerResolver, field: string): { name: string; features: string[] } {
  if (typeof v !== 'string') throw new Invalid(field);
  const found = analyzers(v);
  if (!found) throw new Invalid(field);
  return found;
}

function parsePrimarySort(v: unknown): InvertedProps['primarySort'] {
  if (v === undefined) return { fields: [], compression: 'lz4' };
  // as a view's: an array of fields, or {fields, compression}
  const obj = isPlainObject(v) ? v : { fields: v };
  if (!Array.isArray(obj.fields)) throw new Invalid('primarySort');
  const fields = obj.fields.map((e, i) => {
    if (!isPlainObject(e) || typeof e.field !== 'string' || e.field === '') throw new Invalid(`primarySort.fields[${i}].field`);
    let asc = true;
    if (typeof e.direction === 'string') {
      const d = e.direction.toLowerCase();
      if (d !== 'asc' && d !== 'desc') throw new Invalid(`primarySort.fields[${i}].direction`);
      asc = d === 'asc';
    } else if (typeof e.asc === 'boolean') asc = e.asc;
    else throw new Invalid(`primarySort.fields[${i}].direction`);
    return { field: e.field, direction: asc ? ('asc' as const) : ('desc' as const) };
  });
  const compression = obj.compression === undefined ? 'lz4' : obj.compression;
  if (compression !== 'lz4' && compression !== 'none') throw new Invalid('primarySort.compression');
  return { fields, compression };
}

/**
 * Reads the body of an inverted index creation. Throws Invalid naming the attribute: a
 * missing or empty `fields` (unless includeAllFields), a field that is not a name or an
 * object with one, an unknown analyzer, bad features, `nested` (Enterprise Edition only).
 */
export function parseInvertedProps(body: Json, analyzers: AnalyzerResolver): InvertedProps {
  const root = body.analyzer === undefined ? analyzerName('identity', analyzers, 'analyzer') : analyzerName(body.analyzer, analyzers, 'analyzer');
  const includeAllFields = flag(body, 'includeAllFields', false);
  const rawFields = body.fields;
  if (rawFields !== undefined && !Array.isArray(rawFields)) throw new Invalid('fields');
  if ((rawFields === undefined || rawFields.length === 0) && !includeAllFields) throw new Invalid('fields');
  const fields: InvertedField[] = (rawFields ?? []).map((f, i) => {
    const at = `fields[${i}]`;
    if (typeof f === 'string') return { name: attributePath(f, at) };
    if (!isPlainObject(f)) throw new Invalid(at);
    if (f.nested !== undefined) throw new Invalid(`${at}.nested`);
    const out: InvertedField = { name: attributePath(f.name, at) };
    if (f.analyzer !== undefined) out.analyzer = analyzerName(f.analyzer, analyzers, `${at}.analyzer`).name;
    if (f.features !== undefined) out.features = features(f.features, `${at}.features`);
    for (const k of ['includeAllFields', 'searchField', 'trackListPositions'] as const) {
      if (f[k] !== undefined) out[k] = flag(f, k, false, `${at}.${k}`);
    }
    return out;
  });
  const seen = new Set<string>();
  for (const [i, f] of fields.entries()) {
    if (seen.has(f.name)) throw new Invalid(`fields[${i}]`);
    seen.add(f.name);
  }
  let storedValues: InvertedProps['storedValues'] = [];
  if (body.storedValues !== undefined) storedValues = parseStoredValues(body.storedValues);
  return {
    fields,
    analyzer: root.name,
    features: body.features === undefined ? root.features : features(body.features, 'features'),
    includeAllFields,
    trackListPositions: flag(body, 'trackListPositions', false),
    searchField: flag(body, 'searchField', false),
    primarySort: parsePrimarySort(body.primarySort),
    storedValues,
    cleanupIntervalStep: uint(body, 'cleanupIntervalStep', SEARCH_META_DEFAULTS.cleanupIntervalStep as number),
    commitIntervalMsec: uint(body, 'commitIntervalMsec', SEARCH_META_DEFAULTS.commitIntervalMsec as number),
    consolidationIntervalMsec: uint(body, 'consolidationIntervalMsec', SEARCH_META_DEFAULTS.consolidationIntervalMsec as number),
    consolidationPolicy: body.consolidationPolicy === undefined ? { ...(SEARCH_META_DEFAULTS.consolidationPolicy as Json) } : parsePolicy(body.consolidationPolicy),
    writebufferActive: uint(body, 'writebufferActive', SEARCH_META_DEFAULTS.writebufferActive as number),
    writebufferIdle: uint(body, 'writebufferIdle', SEARCH_META_DEFAULTS.writebufferIdle as number),
    writebufferSizeMax: uint(body, 'writebufferSizeMax', SEARCH_META_DEFAULTS.writebufferSizeMax as number),
    optimizeTopK: body.optimizeTopK === undefined ? [] : parseTopK(body.optimizeTopK),
    parallelism: body.parallelism === undefined ? 2 : Math.max(1, uint(body, 'parallelism', 2)),
  };
}

function parseTopK(v: unknown): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new Invalid('optimizeTopK');
  return v as string[];
}

/**
 * The description GET /_api/index gives. With `db` (the collection's database) analyzers
 * are shown as ArangoDB's InvertedIndexField::json shows them to clients: those of `db` by
 * short name (the Java driver's InvertedIndexTest compares them with the name it created);
 * without, by full name.
 */
export function invertedView(id: string, name: string, p: InvertedProps, building: boolean, db?: string): Json {
  const shown = (a: string) => (db === undefined ? a : shortAnalyzerName(a, db));
  const out: Json = {
    analyzer: shown(p.analyzer),
    cleanupIntervalStep: p.cleanupIntervalStep,
    commitIntervalMsec: p.commitIntervalMsec,
    consolidationIntervalMsec: p.consolidationIntervalMsec,
    consolidationPolicy: p.consolidationPolicy,
    features: p.features,
    fields: p.fields.map((f) => (f.analyzer === undefined ? { ...f } : { ...f, analyzer: shown(f.analyzer) })),
    id,
    includeAllFields: p.includeAllFields,
    name,
    optimizeTopK: p.optimizeTopK,
    parallelism: p.parallelism,
    primarySort: p.primarySort,
    searchField: p.searchField,
    sparse: true,
    storedValues: p.storedValues,
    trackListPositions: p.trackListPositions,
    type: 'inverted',
    unique: false,
    version: 1,
    writebufferActive: p.writebufferActive,
    writebufferIdle: p.writebufferIdle,
    writebufferSizeMax: p.writebufferSizeMax,
  };
  if (building) out.isBuilding = true;
  return out;
}

/** Whether two inverted index definitions are the same index (all but the name). */
export function sameInverted(a: InvertedProps | undefined, b: InvertedProps | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields a search-alias view sees in an index (ArangoDB's createSortedFields): each
 * field with its analyzer (short name, the index's when not its own), includeAllFields
 * and searchField; an index with includeAllFields adds the root, ''.
 */
export function searchAliasFields(p: InvertedProps): { path: string; analyzer: string; includeAllFields: boolean; searchField: boolean }[] {
  const short = (a: string) => (a.includes('::') ? a.slice(a.indexOf('::') + 2) : a);
  const out = p.fields.map((f) => ({
    path: f.name,
    analyzer: short(f.analyzer ?? p.analyzer),
    includeAllFields: f.includeAllFields ?? p.includeAllFields,
    searchField: f.searchField ?? p.searchField,
  }));
  if (p.includeAllFields) out.push({ path: '', analyzer: short(p.analyzer), includeAllFields: true, searchField: p.searchField });
  return out;
}
