// Analyzer definitions as ArangoDB 3.12 (Community Edition) keeps them: the built-in
// analyzers every database has, the name rules, the `features` rules and the
// normalization of each type's properties (defaults filled in, in the order ArangoDB
// returns them). Pure functions over JSON values: no storage, no AQL, no I/O.
//
// Invariants:
//  1. normalizeProperties(type, p) is idempotent: normalizing a normalized definition
//     gives it back unchanged (stored definitions are compared that way).
//  2. A type either has a normalizer here or is refused: enterprise-only types with
//     ArangoDB Community's 501, unknown types with the same "Not implemented" error.
import { ArangoError, ERR } from '../errors/arango-error.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** One analyzer as GET /_api/analyzer shows it (name with its `<db>::` prefix unless built in). */
export interface AnalyzerDefinition {
  name: string;
  type: string;
  properties: JsonObject;
  features: string[];
}

/** The features in the order ArangoDB lists them (its Features::visit order). */
export const FEATURE_ORDER = ['frequency', 'position', 'offset', 'norm'] as const;
const FEATURE_BITS: Record<string, number> = { frequency: 1, position: 2, offset: 4, norm: 8 };

const TEXT_LOCALES = ['de', 'en', 'es', 'fi', 'fr', 'it', 'nl', 'no', 'pt', 'ru', 'sv', 'zh'];

/** The built-in analyzers, present in every database without being stored. */
export const BUILT_IN: readonly AnalyzerDefinition[] = [
  { name: 'identity', type: 'identity', properties: {}, features: ['frequency', 'norm'] },
  ...TEXT_LOCALES.map((locale) => ({
    name: `text_${locale}`,
    type: 'text',
    properties: { locale, case: 'lower', stopwords: [], accent: false, stemming: true },
    features: ['frequency', 'position', 'norm'],
  })),
];

const BUILT_IN_BY_NAME = new Map(BUILT_IN.map((a) => [a.name, a]));

/** The built-in analyzer of that (unprefixed) name, or undefined. */
export function builtIn(name: string): AnalyzerDefinition | undefined {
  return BUILT_IN_BY_NAME.get(name);
}

/** Types only ArangoDB Enterprise Edition has; Community answers them as unknown types. */
export const ENTERPRISE_TYPES = new Set(['classification', 'nearest_neighbors', 'geo_s2', 'minhash']);

/**
 * ArangoDB's analyzer name rule (traditional names): a letter first, then letters, digits,
 * `_` and `-`, at most 254 characters.
 */
export function isValidAnalyzerName(name: string): boolean {
  return name.length > 0 && name.length <= 254 && /^[a-zA-Z][a-zA-Z0-9_-]*$/.test(name);
}

/** `db::name` -> ['db', 'name']; `name` -> [undefined, 'name'] (ArangoDB's splitAnalyzerName). */
export function splitAnalyzerName(name: string): [string | undefined, string] {
  const at = name.indexOf('::');
  if (at < 0) return [undefined, name];
  return [name.slice(0, at), name.slice(at + 2)];
}

/**
 * The full name of `name` seen from database `db` (ArangoDB's normalize): built-in names
 * stay bare, a bare custom name gets `db::`, an empty prefix (`::x`) means `_system`.
 */
export function normalizeAnalyzerName(name: string, db: string): string {
  const [prefix, bare] = splitAnalyzerName(name);
  if (prefix === undefined) return builtIn(bare) ? bare : `${db}::${bare}`;
  return `${prefix === '' ? '_system' : prefix}::${bare}`;
}

/**
 * The features array of a request checked and put in ArangoDB's order; throws 400/10 with
 * its messages for missing dependencies (offset needs position, position needs
 * frequency; norm alone is fine, as ArangoDB's analyzer suite saves it) and for features
 * the type does not support (wildcard: frequency and position only). Geo analyzers take
 * any: ArangoDB's own docs, upgrade tests and the Java driver's ArangoSearchTest save
 * geojson and geopoint analyzers with frequency, norm and position.
 */
export function validateFeatures(type: string, features: readonly string[]): string[] {
  let bits = 0;
  for (const f of features) bits |= FEATURE_BITS[f]!;
  const has = (f: string) => (bits & FEATURE_BITS[f]!) !== 0;
  const bad = (m: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, m);
  if (has('offset') && !has('position')) throw bad("missing feature 'position' required when 'offset' feature is specified");
  if (has('position') && !has('frequency')) throw bad("missing feature 'frequency' required when 'position' feature is specified");
  const supported = type === 'wildcard' ? 1 | 2 : 15;
  if ((bits & ~supported) !== 0) throw bad(`Unsupported index features are specified: ${bits}`);
  return FEATURE_ORDER.filter(has);
}

// ---- properties ---------------------------------------------------------------------

/** Thrown by a normalizer when ArangoDB's analyzer would refuse the properties. */
export class Rejected extends Error {}
const reject = (why: string): never => {
  throw new Rejected(why);
};

type Props = Record<string, unknown>;
type Normalizer = (p: Props | undefined) => JsonObject;

const isObj = (v: unknown): v is Props => typeof v === 'object' && v !== null && !Array.isArray(v);
const need = (p: Props | undefined): Props => (p === undefined ? reject('properties required') : p);

function str(p: Props, key: string, dflt?: string): string {
  const v = p[key];
  if (v === undefined && dflt !== undefined) return dflt;
  return typeof v === 'string' ? v : reject(`'${key}' must be a string`);
}

function bool(p: Props, key: string, dflt?: boolean): boolean {
  const v = p[key];
  if (v === undefined && dflt !== undefined) return dflt;
  return typeof v === 'boolean' ? v : reject(`'${key}' must be a boolean`);
}

function uint(p: Props, key: string, dflt?: number): number {
  const v = p[key];
  if (v === undefined && dflt !== undefined) return dflt;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : reject(`'${key}' must be an unsigned integer`);
}

function oneOf(p: Props, key: string, values: readonly string[], dflt: string): string {
  const v = str(p, key, dflt);
  return values.includes(v) ? v : reject(`'${key}' must be one of ${values.join(', ')}`);
}

function strings(p: Props, key: string, required: boolean): string[] | undefined {
  const v = p[key];
  if (v === undefined) return required ? reject(`'${key}' required`) : undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return reject(`'${key}' must be an array of strings`);
  return v as string[];
}

/**
 * A locale as ArangoDB returns it: the language (and country, variant) without the
 * encoding, e.g. "en_US.UTF-8" -> "en_US", "de.utf-8" -> "de".
 */
function locale(p: Props): string {
  const v = str(p, 'locale');
  const m = /^([a-zA-Z]{2,3})(?:[_-]([a-zA-Z]{2}|[0-9]{3}))?(?:\.[A-Za-z0-9-]+)?(?:@[A-Za-z0-9=;-]+)?$/.exec(v);
  if (!m) return reject('invalid locale');
  return m[2] ? `${m[1]!.toLowerCase()}_${m[2].toUpperCase()}` : m[1]!.toLowerCase();
}

const CASES = ['lower', 'upper', 'none'];

/** text's edgeNgram as ArangoDB keeps it: only the keys given; undefined when none is. */
function edgeNgram(v: unknown): JsonObject | undefined {
  if (!isObj(v)) return reject("'edgeNgram' must be an object");
  const out: JsonObject = {};
  if (v.min !== undefined) out.min = uint(v, 'min');
  if (v.max !== undefined) out.max = uint(v, 'max');
  if (typeof out.min === 'number' && typeof out.max === 'number' && out.min > out.max) reject("'min' > 'max'");
  if (v.preserveOriginal !== undefined) out.preserveOriginal = bool(v, 'preserveOriginal');
  return Object.keys(out).length === 0 ? undefined : out;
}

/** {type, properties} of a sub-analyzer (pipeline, wildcard, minhash), normalized. */
function member(v: unknown, allowed: (type: string) => boolean): JsonObject {
  if (!isObj(v) || typeof v.type !== 'string') return reject('analyzer definition expected');
  if (!allowed(v.type) || !NORMALIZERS[v.type]) return reject(`analyzer type '${v.type}' not allowed here`);
  const props = v.properties === undefined ? undefined : isObj(v.properties) ? v.properties : reject('properties must be an object');
  return { type: v.type, properties: NORMALIZERS[v.type]!(props) };
}

const GEO_OPTIONS = (v: unknown): JsonObject => {
  const o = v === undefined ? {} : isObj(v) ? v : reject("'options' must be an object");
  const maxCells = uint(o, 'maxCells', 20);
  const minLevel = uint(o, 'minLevel', 4);
  const maxLevel = uint(o, 'maxLevel', 23);
  if (minLevel > maxLevel || maxLevel > 30) reject('invalid levels');
  return { maxCells, minLevel, maxLevel };
};

/** Members of pipeline, wildcard and minhash: any tokenizing type except geo ones. */
const simpleMember = (t: string) => !['geojson', 'geopoint', 'minhash', 'wildcard'].includes(t);

export const NORMALIZERS: Record<string, Normalizer> = {
  identity: () => ({}),
  delimiter: (p) => ({ delimiter: str(need(p), 'delimiter') }),
  multi_delimiter: (p) => ({ delimiters: strings(need(p), 'delimiters', true)! }),
  stem: (p) => ({ locale: locale(need(p)) }),
  norm: (p) => {
    const q = need(p);
    return { locale: locale(q), case: oneOf(q, 'case', CASES, 'none'), accent: bool(q, 'accent', true) };
  },
  ngram: (p) => {
    const q = need(p);
    const min = uint(q, 'min');
    if (min < 1) reject("'min' must be at least 1");
    // a max below min is raised to min, as ArangoDB's ngram analyzer does
    const max = Math.max(min, uint(q, 'max'));
    return {
      min,
      max,
      preserveOriginal: bool(q, 'preserveOriginal'),
      streamType: oneOf(q, 'streamType', ['binary', 'utf8'], 'binary'),
      startMarker: str(q, 'startMarker', ''),
      endMarker: str(q, 'endMarker', ''),
    };
  },
  text: (p) => {
    const q = need(p);
    const out: JsonObject = { locale: locale(q), case: oneOf(q, 'case', CASES, 'lower'), stopwords: strings(q, 'stopwords', false) ?? [] };
    if (q.stopwordsPath !== undefined) out.stopwordsPath = str(q, 'stopwordsPath');
    out.accent = bool(q, 'accent', false);
    out.stemming = bool(q, 'stemming', true);
    const edge = q.edgeNgram === undefined ? undefined : edgeNgram(q.edgeNgram);
    if (edge) out.edgeNgram = edge;
    return out;
  },
  stopwords: (p) => {
    const q = need(p);
    const words = strings(q, 'stopwords', true)!;
    const hex = bool(q, 'hex', false);
    if (hex && !words.every((w) => /^([0-9a-fA-F]{2})*$/.test(w))) reject('invalid hex');
    return { stopwords: words, hex };
  },
  segmentation: (p) => {
    const q = p ?? {};
    return { case: oneOf(q, 'case', CASES, 'lower'), break: oneOf(q, 'break', ['all', 'alpha', 'graphic'], 'alpha') };
  },
  collation: (p) => ({ locale: locale(need(p)) }),
  pipeline: (p) => {
    const list = need(p).pipeline;
    if (!Array.isArray(list) || list.length === 0) return reject("'pipeline' must be a non-empty array");
    return { pipeline: list.map((m) => member(m, (t) => !['geojson', 'geopoint', 'pipeline'].includes(t))) };
  },
  aql: (p) => {
    const q = need(p);
    const queryString = str(q, 'queryString');
    if (queryString === '') reject("'queryString' must not be empty");
    const batchSize = uint(q, 'batchSize', 10);
    const memoryLimit = uint(q, 'memoryLimit', 1048576);
    if (batchSize < 1 || batchSize > 1000) reject("'batchSize' out of range");
    if (memoryLimit < 1 || memoryLimit > 33554432) reject("'memoryLimit' out of range");
    return {
      queryString,
      collapsePositions: bool(q, 'collapsePositions', false),
      keepNull: bool(q, 'keepNull', true),
      batchSize,
      memoryLimit,
      returnType: oneOf(q, 'returnType', ['string', 'number', 'bool'], 'string'),
    };
  },
  wildcard: (p) => {
    const q = need(p);
    const ngramSize = uint(q, 'ngramSize');
    if (ngramSize < 2) reject("'ngramSize' must be at least 2");
    const out: JsonObject = { ngramSize };
    if (q.analyzer !== undefined) out.analyzer = member(q.analyzer, simpleMember);
    return out;
  },
  minhash: (p) => {
    const q = need(p);
    const analyzer = member(q.analyzer, simpleMember);
    const numHashes = uint(q, 'numHashes');
    if (numHashes < 1) reject("'numHashes' must be at least 1");
    return { analyzer, numHashes };
  },
  geojson: (p) => {
    const q = p ?? {};
    return { type: oneOf(q, 'type', ['shape', 'centroid', 'point'], 'shape'), options: GEO_OPTIONS(q.options), legacy: bool(q, 'legacy', false) };
  },
  geopoint: (p) => {
    const q = p ?? {};
    const latitude = strings(q, 'latitude', false) ?? [];
    const longitude = strings(q, 'longitude', false) ?? [];
    if ((latitude.length === 0) !== (longitude.length === 0)) reject("both 'latitude' and 'longitude' or neither");
    return { latitude, longitude, options: GEO_OPTIONS(q.options) };
  },
};

/** Compact JSON as VelocyPack's toString writes it. */
const vpackString = (v: unknown) => JSON.stringify(v);

/**
 * The properties of a new analyzer `fullName` of `type`, normalized; throws ArangoDB's
 * 501/9 for an unknown (or enterprise-only) type and 400/10 for properties it refuses.
 */
export function normalizeProperties(fullName: string, type: string, properties: Props | undefined): JsonObject {
  const normalizer = NORMALIZERS[type];
  if (!normalizer) throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `Not implemented analyzer type '${type}'.`);
  try {
    return normalizer(properties);
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    throw rejectedError(fullName, type, properties);
  }
}

/** ArangoDB's 400/10 for properties its analyzer refuses (emplaceAnalyzer's words). */
export function rejectedError(fullName: string, type: string, properties: Props | undefined): ArangoError {
  const what = properties === undefined ? ' Init without properties' : ` Properties '${vpackString(properties)}'`;
  return ArangoError.withMessage(
    ERR.ERROR_BAD_PARAMETER,
    `Failure initializing an arangosearch analyzer instance for name '${fullName}' type '${type}'.${what} was rejected by analyzer. Please check documentation for corresponding analyzer type.`,
  );
}

/** The query strings of a normalized definition's aql analyzers (itself or pipeline members). */
export function aqlQueries(type: string, properties: JsonObject): string[] {
  if (type === 'aql') return [properties.queryString as string];
  if (type !== 'pipeline') return [];
  return (properties.pipeline as JsonObject[]).flatMap((m) => aqlQueries(m.type as string, m.properties as JsonObject));
}

/** Deep equality of JSON values (key order ignored), as VelocyPackHelper::equal. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}
