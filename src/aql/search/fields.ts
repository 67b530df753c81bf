// What ArangoSearch indexes of a document, computed on demand instead of kept in an
// inverted index: every field a link (or an inverted index) covers, named as
// IResearch's FieldIterator names it ("a.b", "a[0]" with trackListPositions, array
// elements under their array's name otherwise), with the terms of each value: strings
// through every analyzer of the field, numbers, booleans and null as typed values.
//
// Invariants:
//  1. A field key is `<path>\0<kind>` where kind is `s\0<analyzer full name>` for strings
//     and `n`, `b`, `z` for numbers, booleans and null; one key's values are in document
//     order, each a list of tokens (positions restart with each value). `x` marks a value
//     present at the path when the link stores values (storeValues "id"), which EXISTS needs.
//  2. Only attributes the meta covers are indexed: `fields` by name (recursively), any
//     attribute under includeAllFields; `_id` and `_rev` never are.
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';
import { tokenize } from '../../analyzers/tokenize.js';
import type { AqlValue } from '../../values/index.js';
import { GEO_TYPES, geoTerm, geoValue } from './geo.js';

/** A link, or one of its fields, with every property resolved (analyzers by full name). */
export interface FieldMeta {
  analyzers: string[];
  fields: Record<string, FieldMeta>;
  includeAllFields: boolean;
  trackListPositions: boolean;
  /** 'id': values are also recorded as present (what EXISTS() matches). */
  storeValues?: 'none' | 'id';
}

/** One linked collection of a view and what its link indexes. */
export interface ViewLink {
  collection: string;
  meta: FieldMeta;
}

/** What a view loop reads: its type and its links. */
export interface ViewSource {
  name: string;
  type: 'arangosearch' | 'search-alias';
  links: ViewLink[];
  /** The view's primarySort (arangosearch) or the first index's (search-alias). */
  primarySort: { field: string; asc: boolean }[];
}

export type Resolve = (name: string) => AnalyzerDefinition | null;

/** One indexed value: its tokens (strings) or the value itself (numbers, bools, null). */
export type Terms = (string | number | boolean | null)[];

/** The indexed fields of one document: field key -> its values' terms. */
export type DocFields = Map<string, Terms[]>;

export const stringKey = (path: string, analyzer: string) => `${path}\u0000s\u0000${analyzer}`;
export const typedKey = (path: string, kind: 'n' | 'b' | 'z' | 'x') => `${path}\u0000${kind}`;

const NEVER_INDEXED = new Set(['_id', '_rev']);

/**
 * The analyzer whose tokens stand for a wildcard analyzer's terms: ArangoSearch indexes
 * n-grams of each token of its sub-analyzer (identity when it has none) so that LIKE can
 * be answered quickly; matching those tokens with LIKE gives the same documents.
 */
function indexedAs(def: AnalyzerDefinition): AnalyzerDefinition {
  if (def.type !== 'wildcard') return def;
  const sub = def.properties.analyzer as { type: string; properties?: AnalyzerDefinition['properties'] } | undefined;
  return sub ? { name: `${def.name}#analyzer`, type: sub.type, properties: sub.properties ?? {}, features: [] } : { name: `${def.name}#analyzer`, type: 'identity', properties: {}, features: [] };
}

/** Tokens of `s` under an analyzer; [] for types whose terms Cairn cannot compute (aql, binary terms). */
export function analyze(def: AnalyzerDefinition, s: string, cache: Map<string, string[]>): string[] {
  const k = `${def.name}\u0000${s}`;
  let t = cache.get(k);
  if (!t) {
    try {
      t = tokenize(indexedAs(def), s);
    } catch {
      t = [];
    }
    cache.set(k, t);
  }
  return t;
}

/** The fields of `doc` under link `meta` (invariants 1, 2). */
export function indexDocument(doc: AqlValue, meta: FieldMeta, resolve: Resolve, cache: Map<string, string[]>): DocFields {
  const out: DocFields = new Map();
  const add = (key: string, terms: Terms) => {
    const list = out.get(key);
    if (list) list.push(terms);
    else out.set(key, [terms]);
  };
  const walk = (v: AqlValue, path: string, m: FieldMeta): void => {
    // a geo analyzer takes an object (or a geopoint's [lat, lon]) whole (search/geo.ts)
    if (path !== '' && v !== null && typeof v === 'object' && indexGeo(v, path, m)) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, m.trackListPositions ? `${path}[${i}]` : path, m));
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (path === '' && NEVER_INDEXED.has(k)) continue;
        const sub = m.fields[k] ?? (m.includeAllFields ? { ...m, fields: {} } : undefined);
        if (sub) walk(x as AqlValue, path === '' ? k : `${path}.${k}`, sub);
      }
      return;
    }
    if (path === '') return;
    if (m.storeValues === 'id') add(typedKey(path, 'x'), []);
    if (typeof v === 'string') {
      for (const a of m.analyzers) {
        const def = resolve(a);
        if (def) add(stringKey(path, a), analyze(def, v, cache));
      }
    } else if (typeof v === 'number') add(typedKey(path, 'n'), [v]);
    else if (typeof v === 'boolean') add(typedKey(path, 'b'), [v]);
    else if (v === null) add(typedKey(path, 'z'), [null]);
  };
  /** Adds the geometry terms of `v` under the field's geo analyzers; false when none indexes it. */
  const indexGeo = (v: AqlValue, path: string, m: FieldMeta): boolean => {
    let found = false;
    for (const a of m.analyzers) {
      const def = resolve(a);
      if (!def || !GEO_TYPES.has(def.type)) continue;
      const g = geoValue(def, v);
      if (g === undefined) continue;
      if (!found && m.storeValues === 'id') add(typedKey(path, 'x'), []);
      found = true;
      add(stringKey(path, a), [geoTerm(g)]);
    }
    // an object no geo analyzer takes is still not walked into when only geo analyzers apply
    return found || (!Array.isArray(v) && m.analyzers.length > 0 && m.analyzers.every((a) => GEO_TYPES.has(resolve(a)?.type ?? '')) && Object.keys(m.fields).length === 0 && !m.includeAllFields);
  };
  walk(doc, '', meta);
  return out;
}
