// The analyzers of each database, as ArangoDB's IResearchAnalyzerFeature keeps them: the
// built-in ones (definitions.ts) in every database, custom ones as documents of the
// database's `_analyzers` system collection, which is their only record.
//
// Invariants:
//  1. A custom analyzer is one document of `<db>._analyzers` as ArangoDB's storeAnalyzer
//     writes it: _key and name its bare name, type, normalized properties, features in
//     ArangoDB's order, revision 0. Documents without a string name and type are ignored.
//  2. What is read is cached per database by the collection's version (id, data id and
//     Engine.docsWrittenAt), so a write through any path is seen by the next read.
//  3. Names seen from database `db`: bare built-in names, `db::x` and (from any
//     database) `_system::x`; any other database's analyzers are unreachable.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Storage } from '../storage/storage.js';
import type { CollectionRecord } from '../storage/catalog.js';
import {
  BUILT_IN,
  builtIn,
  isValidAnalyzerName,
  jsonEqual,
  normalizeAnalyzerName,
  normalizeProperties,
  ENTERPRISE_TYPES,
  NORMALIZERS,
  aqlQueries,
  rejectedError,
  splitAnalyzerName,
  validateFeatures,
  type AnalyzerDefinition,
  type JsonObject,
} from './definitions.js';

export const COLLECTION = '_analyzers';

const FEATURE_NAMES = new Set(['frequency', 'position', 'offset', 'norm']);
const SHAPE = '{ name: <string>, type: <string>[, properties: <object>[, features: <string-array>]] }';
const bad = (m: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, m);

interface Stored {
  def: AnalyzerDefinition;
  key: string;
}

interface Cached {
  version: string;
  byName: Map<string, Stored>;
}

export class Analyzers {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly storage: Storage) {}

  /** The custom analyzers of `db` (full names), in the collection's scan order; [] for an unknown db. */
  custom(db: string): AnalyzerDefinition[] {
    return [...this.load(db).values()].map((s) => s.def);
  }

  /**
   * The definition `name` denotes from database `db` (bare, `db::x`, `_system::x`, `::x`),
   * or null when there is none or it is unreachable from `db` (invariant 3).
   */
  resolve(db: string, name: string): AnalyzerDefinition | null {
    const [prefix, bare] = splitAnalyzerName(name);
    if (prefix === undefined && builtIn(bare)) return builtIn(bare)!;
    const full = normalizeAnalyzerName(name, db);
    const [owner] = splitAnalyzerName(full);
    if (owner !== db && owner !== '_system') return null;
    return this.load(owner!).get(full)?.def ?? null;
  }

  /**
   * Creates analyzer `bare` in `db` from a request body already checked for shape:
   * `created` false when an equal one existed (ArangoDB answers 200 then). Throws 400/10
   * for bad names, features and properties and for a differing one of that name, 501/9
   * for unknown types. `queryOk` tells whether an aql analyzer's query may run (it parses
   * and reads no collection); the caller owns AQL, this module does not.
   */
  async create(
    db: string,
    bare: string,
    type: string,
    properties: JsonObject | undefined,
    features: string[],
    queryOk: (query: string) => boolean = () => true,
  ): Promise<{ def: AnalyzerDefinition; created: boolean }> {
    if (!isValidAnalyzerName(bare)) throw bad(`invalid characters in analyzer name '${bare}'`);
    const full = `${db}::${bare}`;
    // minhash is Enterprise Edition (aql-arangosearch-lsh-community.js); its normalizer stays
    // for definitions stored before Cairn refused it
    if (!NORMALIZERS[type] || ENTERPRISE_TYPES.has(type)) throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `Not implemented analyzer type '${type}'.`);
    const ordered = validateFeatures(type, features);
    const normalized = normalizeProperties(full, type, properties);
    if (!aqlQueries(type, normalized).every(queryOk)) throw rejectedError(full, type, properties);
    const existing = this.load(db).get(full)?.def;
    if (existing) {
      if (existing.type === type && jsonEqual(existing.features, ordered) && jsonEqual(existing.properties, normalized)) return { def: existing, created: false };
      throw bad(collisionMessage(full, type, properties, ordered, existing));
    }
    await this.ensureCollection(db);
    const doc = { _key: bare, name: bare, type, properties: normalized, features: ordered, revision: 0 };
    const r = await this.storage.documents.apply(db, COLLECTION, 'insert', [{ body: doc }], { waitForSync: true });
    const res = r.results[0]!;
    if (!res.ok) throw res.error;
    return { def: { name: full, type, properties: normalized, features: ordered }, created: true };
  }

  /**
   * Removes custom analyzer `full` (`db::x`). Throws 403/11 for built-ins, 404/1202 when
   * missing, 409/1200 when a view link or an inverted index uses it, unless `force`
   * (ArangoDB's analyzerInUse; links and indexes then keep naming it).
   */
  async remove(full: string, force = false): Promise<void> {
    if (builtIn(full)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'built-in analyzers cannot be removed');
    const [db] = splitAnalyzerName(full);
    const notFound = () => ArangoError.withMessage(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND, `failure to find analyzer while removing arangosearch analyzer '${full}'`);
    const stored = db === undefined ? undefined : this.load(db).get(full);
    if (!stored) throw notFound();
    if (!force && this.inUse(full)) {
      throw ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, `analyzer in-use while removing arangosearch analyzer '${full}'`);
    }
    const r = await this.storage.documents.apply(db!, COLLECTION, 'remove', [{ key: stored.key }], { waitForSync: true });
    if (!r.results[0]!.ok) throw notFound();
  }

  // ---- internals -------------------------------------------------------------------------

  /** Whether a view link or inverted index names analyzer `full` (of `_system`: in any database). */
  private inUse(full: string): boolean {
    const [owner] = splitAnalyzerName(full);
    const catalog = this.storage.catalog;
    const dbs = owner === '_system' ? catalog.databaseNames() : [owner!];
    const inLink = (meta: unknown): boolean => {
      if (typeof meta !== 'object' || meta === null) return false;
      const m = meta as { analyzers?: unknown; fields?: Record<string, unknown> };
      if (Array.isArray(m.analyzers) && m.analyzers.includes(full)) return true;
      return Object.values(m.fields ?? {}).some(inLink);
    };
    for (const db of dbs) {
      for (const v of catalog.views(db)) if (Object.values(v.links ?? {}).some(inLink)) return true;
      for (const col of catalog.collections(db)) {
        for (const ix of col.indexes) {
          if (ix.type !== 'inverted') continue;
          const p = ix.props as { analyzer?: string; fields?: { analyzer?: string }[] } | undefined;
          if (p?.analyzer === full || p?.fields?.some((f) => f.analyzer === full)) return true;
        }
      }
    }
    return false;
  }

  private collection(db: string): CollectionRecord | undefined {
    if (!this.storage.catalog.database(db)) return undefined;
    return this.storage.catalog.collection(db, COLLECTION);
  }

  /** Full name -> definition of `db`'s stored analyzers (invariants 1, 2). */
  private load(db: string): Map<string, Stored> {
    const col = this.collection(db);
    if (!col) {
      this.cache.delete(db);
      return new Map();
    }
    const version = `${col.id}/${col.dataId}/${this.storage.engine.docsWrittenAt(col.dataId)}`;
    const had = this.cache.get(db);
    if (had && had.version === version) return had.byName;
    const byName = new Map<string, Stored>();
    for (const doc of this.storage.documents.scan(col)) {
      const d = doc as Record<string, unknown>;
      const bare = d.name;
      if (typeof bare !== 'string' || typeof d.type !== 'string' || typeof d._key !== 'string') continue;
      const properties = typeof d.properties === 'object' && d.properties !== null && !Array.isArray(d.properties) ? (d.properties as JsonObject) : {};
      const features = Array.isArray(d.features) ? d.features.filter((f): f is string => typeof f === 'string' && FEATURE_NAMES.has(f)) : [];
      byName.set(`${db}::${bare}`, { key: d._key, def: { name: `${db}::${bare}`, type: d.type, properties, features } });
    }
    this.cache.set(db, { version, byName });
    return byName;
  }

  /** Creates `_analyzers` as a system collection unless it exists (it was dropped). */
  private async ensureCollection(db: string): Promise<void> {
    await this.storage.catalog.ensureSystemCollection(db, COLLECTION);
  }
}

/** ArangoDB's text for a name taken by a different definition (emplaceAnalyzer). */
function collisionMessage(full: string, type: string, properties: JsonObject | undefined, features: string[], existing: AnalyzerDefinition): string {
  let s = `Name collision detected while registering an arangosearch analyzer.\nCurrent definition is:\n{\n  name:'${full}'\n  type: '${type}'\n`;
  if (properties !== undefined) s += `  properties:'${JSON.stringify(properties)}'\n`;
  s += '  features: [\n';
  s += features.map((f) => `    '${f}'\n`).join(',');
  s += `  ]\n}\nPrevious definition was:\n${JSON.stringify(existing)}`;
  return s;
}

/**
 * The request body of POST /_api/analyzer to database `db` checked as RestAnalyzerHandler
 * checks it (in its order, with its messages): returns the parts, the name bare; throws
 * 400/10 (400/600 for `{}`), 403/11 for a name prefixed with another database.
 */
export function parseCreateBody(db: string, body: unknown): { name: string; type: string; properties: JsonObject | undefined; features: string[] } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0) throw new ArangoError(ERR.ERROR_HTTP_CORRUPTED_JSON);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad(`expecting body to be of the form ${SHAPE}`);
  const b = body as Record<string, unknown>;
  if (typeof b.name !== 'string') throw bad(`invalid 'name', expecting body to be of the form ${SHAPE}`);
  const [prefix, bare] = splitAnalyzerName(b.name);
  if (prefix !== undefined && (prefix === '' ? '_system' : prefix) !== db) {
    throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'Database in analyzer name does not match current database');
  }
  if (!isValidAnalyzerName(bare)) throw bad(`invalid characters in analyzer name '${bare}'`);
  if (typeof b.type !== 'string') throw bad(`invalid 'type', expecting body to be of the form ${SHAPE}`);
  let properties = b.properties;
  if (typeof properties === 'string') {
    try {
      properties = JSON.parse(properties);
    } catch {
      throw bad(`invalid 'properties', expecting body to be of the form ${SHAPE}`);
    }
  }
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties))) {
    throw bad(`invalid 'properties', expecting body to be of the form ${SHAPE}`);
  }
  const features: string[] = [];
  if ('features' in b) {
    if (!Array.isArray(b.features)) throw bad(`invalid 'features', expecting body to be of the form ${SHAPE}`);
    for (const f of b.features) {
      if (typeof f !== 'string') throw bad(`invalid value in 'features', expecting body to be of the form ${SHAPE}`);
      if (!FEATURE_NAMES.has(f)) throw bad(`unknown value in 'features', expecting body to be of the form ${SHAPE}`);
      features.push(f);
    }
  }
  return { name: bare, type: b.type, properties: properties as JsonObject | undefined, features };
}

export { BUILT_IN };

const stores = new WeakMap<Storage, Analyzers>();

/** The analyzer store of `storage` (created on first use). */
export function analyzers(storage: Storage): Analyzers {
  let s = stores.get(storage);
  if (!s) stores.set(storage, (s = new Analyzers(storage)));
  return s;
}

/** The definition `name` denotes from database `db`, or null (see Analyzers.resolve). */
export function resolveAnalyzer(storage: Storage, db: string, name: string): AnalyzerDefinition | null {
  return analyzers(storage).resolve(db, name);
}
