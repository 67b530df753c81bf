// Index definitions beyond the built-in primary and edge indexes: creating a persistent
// index (filled in chunks so other requests keep being served), dropping one, and
// truncating a collection (new data ids for the documents and every index).
//
// Index build, as a state machine of the IndexRecord:
//   (absent) -> building      [ensureIndex: record added; every write maintains it]
//   building -> ready         [ensureIndex: all chunks filled without a unique conflict]
//   building -> (absent)      [ensureIndex: a unique conflict or storage error; data purged]
// A chunk is one exclusive mutation over up to CHUNK committed documents; writes between
// chunks keep the index correct because they already maintain it (catalog invariant 2).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ArangoError, ERR } from '../errors/arango-error.js';
import { requestedIndexName, type Catalog, type CollectionRecord, type IndexRecord } from './catalog.js';
import { collidesWithItself, indexEntries, isPlainObject, uniqueViolation, type Doc } from './documents.js';
import type { Engine, Key, WriteTxn } from './engine.js';
import type { Ids } from './ids.js';
import type { Purger } from './purger.js';
import { checkedFields, isSpecialIndex, parseSpecialSpec, sameSpecial, SPECIAL_INDEX_TYPES } from './special-indexes.js';
import { builtinAnalyzer, type AnalyzerResolver } from './analyzer-lookup.js';
import { parseInvertedProps, sameInverted, type InvertedProps } from './inverted-index.js';
import { Invalid } from './view-meta.js';
import { parseVectorSpec, sameVector, VECTOR_DISABLED, vectorProps } from './vector-index.js';

const CHUNK = 2000;
/** How long a selectivity estimate is reused (milliseconds). */
const ESTIMATE_TTL_MS = 5000;
const ESTIMATE_SAMPLE = 5000;

export interface IndexSpec {
  type: 'persistent' | 'ttl' | 'geo' | 'fulltext' | 'mdi' | 'mdi-prefixed' | 'zkd' | 'inverted' | 'vector';
  /** The id the client asked for (ArangoDB's `id` attribute); absent: one is generated. */
  id?: number;
  /** A TTL index's expiry delay in seconds (ttl.ts). */
  expireAfter?: number;
  fields: string[];
  unique: boolean;
  sparse: boolean;
  deduplicate: boolean;
  estimates: boolean;
  cacheEnabled: boolean;
  name?: string;
  /** Extra attribute paths a persistent index keeps in its entries (ArangoDB's storedValues). */
  storedValues?: string[];
  /** A geo, fulltext or mdi index's own properties (special-indexes.ts). */
  props?: Record<string, unknown>;
  /** The alias a persistent index was created as (IndexRecord.typeName). */
  typeName?: 'hash' | 'skiplist';
}


/**
 * Validates a POST /_api/index body. Throws 10 (bad parameter) with a clear message, 1208
 * for an illegal name. An inverted index names analyzers: `analyzers` looks them up (the
 * built-ins alone without it). Vector indexes are refused unless `vectorIndexes` (the
 * server's --experimental-vector-index).
 */
export function parseIndexSpec(input: unknown, analyzers: AnalyzerResolver = builtinAnalyzer, vectorIndexes = false): IndexSpec {
  const spec = parseIndexDefinition(input, analyzers, vectorIndexes);
  const id = requestedIndexId((input as Record<string, unknown>).id);
  return id === undefined ? spec : { ...spec, id };
}

/**
 * The `id` a creation asks for, read as ArangoDB's IndexFactory::validateSlice does: a
 * string of digits or a number; anything else (or 0) asks for none. Ids beyond 2^53 are
 * not kept (Cairn's ids are JavaScript numbers): one is generated for them.
 */
function requestedIndexId(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : typeof v === 'number' ? v : undefined;
  return n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function parseIndexDefinition(input: unknown, analyzers: AnalyzerResolver, vectorIndexes: boolean): IndexSpec {
  const bad = (msg: string): never => {
    throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, msg);
  };
  if (!isPlainObject(input)) return bad('expecting a JSON object as body');
  const type = input.type;
  if (typeof type !== 'string') return bad('invalid index type');
  // as ArangoDB, the name is checked before anything that depends on the type
  const body: Record<string, unknown> = { ...input, name: requestedIndexName(input.name) };
  if (type === 'ttl') return parseTtlSpec(body, bad);
  if (type === 'inverted') return parseInvertedSpec(body, input, analyzers, bad);
  if (type === 'vector') return vectorIndexes ? parseVectorSpec(body, bad) : bad(VECTOR_DISABLED);
  const special = Object.hasOwn(SPECIAL_INDEX_TYPES, type) ? SPECIAL_INDEX_TYPES[type] : undefined;
  if (special) return { ...parseSpecialSpec(body, special, bad), deduplicate: false, cacheEnabled: false } as IndexSpec;
  if (!['persistent', 'hash', 'skiplist'].includes(type)) {
    // ArangoDB's factories of these two refuse a creation with 403/11 (their normalize)
    if (['primary', 'edge'].includes(type)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
    return bad(`invalid index type '${type}'`);
  }
  const fields = checkedFields(body.fields, 1, Number.MAX_SAFE_INTEGER, { subAttributes: true, id: false }, bad);
  for (const f of fields) checkExpansion(f, bad);
  // as ArangoDB's getBooleanValue: a flag that is not a boolean takes its default
  const bool = (name: string, dflt: boolean): boolean => (typeof body[name] === 'boolean' ? (body[name] as boolean) : dflt);
  const name = body.name;
  // storedValues: reported with the index, never part of its identity (as in ArangoDB)
  const stored = parseStoredValues(body, fields, bad);
  return {
    ...(stored ? { storedValues: stored } : {}),
    ...(type === 'hash' || type === 'skiplist' ? { typeName: type } : {}),
    type: 'persistent',
    fields: fields as string[],
    unique: bool('unique', false),
    sparse: bool('sparse', false),
    deduplicate: bool('deduplicate', true),
    estimates: bool('estimates', true),
    cacheEnabled: bool('cacheEnabled', false),
    name: name as string | undefined,
  };
}

/**
 * ArangoDB's attribute parser: `[` may only open `[*]`, followed by the end or a `.`
 * (else 1238). Cairn also indexes at most one expansion per attribute path.
 */
function checkExpansion(f: string, bad: (msg: string) => never): void {
  for (let i = f.indexOf('['); i !== -1; i = f.indexOf('[', i + 1)) {
    if (f.slice(i, i + 3) !== '[*]' || (f.length > i + 3 && f[i + 3] !== '.')) throw new ArangoError(ERR.ERROR_ARANGO_ATTRIBUTE_PARSER_FAILED);
  }
  if (f.split('[*]').length > 2) bad(`invalid index attribute path '${f}'`);
}

/**
 * A persistent index's storedValues (ArangoDB's processIndexStoredValues): optional; when
 * given, an array of 1 to 32 attribute paths, `_id` allowed, none of them also in fields.
 * Every message carries ArangoDB's "when parsing fields for stored values: " prefix.
 */
function parseStoredValues(body: Record<string, unknown>, fields: string[], bad: (msg: string) => never): string[] | undefined {
  if (!Object.hasOwn(body, 'storedValues') || body.storedValues === undefined) return undefined;
  const prefixed = (msg: string): never => bad(`when parsing fields for stored values: ${msg}`);
  if (!Array.isArray(body.storedValues)) return prefixed('storedValues must be an array');
  const stored = checkedFields(body.storedValues, 1, 32, { subAttributes: true, id: true }, prefixed);
  if (stored.some((f) => fields.includes(f))) return prefixed('duplicate attribute name (overlap between index fields and index stored values list)');
  for (const f of stored) if (f.includes('[*]')) return bad(`invalid index attribute path '${f}' in 'storedValues'`);
  return stored;
}

/**
 * A TTL index (ArangoDB's IndexFactory::enhanceJsonIndexTtl): exactly one top-level
 * attribute, never unique, always sparse, a numeric expireAfter >= 0.
 */
function parseTtlSpec(body: Record<string, unknown>, bad: (msg: string) => never): IndexSpec {
  let list: string[] = [];
  let fieldError: unknown;
  try {
    list = checkedFields(body.fields, 1, 1, { subAttributes: false, id: false }, bad);
  } catch (e) {
    fieldError = e;
  }
  // as ArangoDB's enhanceJsonIndexTtl: a unique TTL index is refused before a bad field
  if (body.unique === true) return bad('a TTL index cannot be unique');
  if (fieldError !== undefined) throw fieldError;
  const field = list[0] as string;
  if (field.includes('[*]')) return bad(`invalid index attribute path '${field}'`);
  const expireAfter = body.expireAfter;
  if (typeof expireAfter !== 'number' || !Number.isFinite(expireAfter)) return bad('expireAfter attribute must be a number');
  if (expireAfter < 0) return bad('expireAfter attribute must greater equal to zero');
  const name = body.name;
  return { type: 'ttl', fields: [field], unique: false, sparse: true, deduplicate: true, estimates: false, cacheEnabled: false, expireAfter, name: name as string | undefined };
}

/**
 * An inverted index (inverted-index.ts); a bad attribute is 400/10 naming it and quoting
 * the definition as given, in the words of ArangoDB's IResearchRocksDBInvertedIndexFactory.
 */
function parseInvertedSpec(body: Record<string, unknown>, given: unknown, analyzers: AnalyzerResolver, bad: (msg: string) => never): IndexSpec {
  let props: InvertedProps;
  try {
    props = parseInvertedProps(body, analyzers);
  } catch (e) {
    if (e instanceof Invalid) return bad(`failed to normalize index fields from definition, error in attribute '${e.field}': ${JSON.stringify(given)}`);
    throw e;
  }
  const fields = props.fields.map((f) => f.name);
  return { type: 'inverted', fields, unique: false, sparse: true, deduplicate: false, estimates: false, cacheEnabled: false, name: body.name as string | undefined, props: props as unknown as Record<string, unknown> };
}

function sameDefinition(ix: IndexRecord, spec: IndexSpec): boolean {
  if (spec.type === 'inverted') return ix.type === 'inverted' && sameInverted(ix.props as unknown as InvertedProps, spec.props as unknown as InvertedProps);
  if (isSpecialIndex(spec)) return sameSpecial(ix, spec);
  if (spec.type === 'vector') return sameVector(ix, spec);
  return (
    ix.type === spec.type &&
    ix.unique === spec.unique &&
    ix.sparse === spec.sparse &&
    ix.fields.join('\u0000') === spec.fields.join('\u0000') &&
    (spec.type !== 'ttl' || ix.expireAfter === spec.expireAfter)
  );
}

export class Indexes {
  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly ids: Ids,
    private readonly purger: Purger,
  ) {}

  /** A generated index id no index of `col` has (a client may have chosen ids ahead of the counter). */
  private freshId(col: CollectionRecord): number {
    for (;;) {
      const id = this.ids.tick();
      if (!col.indexes.some((ix) => ix.id === id)) return id;
    }
  }

  /**
   * Creates the index unless an equal one exists (then returns it, created false). Resolves
   * when the index is complete. Throws 1210 if existing data violates `unique`.
   */
  async ensure(db: string, colName: string, spec: IndexSpec, signal?: AbortSignal): Promise<{ index: IndexRecord; created: boolean }> {
    const first = await this.engine.write((tx) => {
      const col = this.catalog.requireCollection(db, colName);
      // with an id asked for, ArangoDB's Index::matchesDefinition compares the type and the id only
      const same = spec.id !== undefined ? col.indexes.find((ix) => ix.id === spec.id && ix.type === spec.type) : col.indexes.find((ix) => sameDefinition(ix, spec));
      // a collection has at most one TTL index (ArangoDB)
      if (!same && spec.type === 'ttl' && col.indexes.some((ix) => ix.type === 'ttl')) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'there can only be one ttl index per collection');
      if (same) {
        // an inverted index of the same definition is returned whatever name was asked for
        // (aql-inverted-index.js testCreateDuplicate)
        if (spec.type !== 'inverted' && spec.id === undefined && spec.name !== undefined && spec.name !== same.name) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DUPLICATE_NAME, `duplicate value for index name: an equal index named '${same.name}' exists`);
        return { index: same, created: false, colId: undefined };
      }
      const id = spec.id ?? this.freshId(col);
      // a new index sharing its id or name with another: ArangoDB's createIndex refuses it
      if (col.indexes.some((ix) => ix.id === id || (spec.name !== undefined && ix.name === spec.name))) {
        throw ArangoError.withMessage(ERR.ERROR_ARANGO_DUPLICATE_IDENTIFIER, 'duplicate value for `id` or `name`');
      }
      const index: IndexRecord = {
        id,
        type: spec.type,
        name: spec.name ?? `idx_${id}`,
        fields: spec.fields,
        unique: spec.unique,
        sparse: spec.sparse,
        deduplicate: spec.deduplicate,
        estimates: spec.estimates,
        cacheEnabled: spec.cacheEnabled,
        dataId: this.ids.tick(),
        building: true,
        ...(spec.expireAfter !== undefined ? { expireAfter: spec.expireAfter } : {}),
        ...(spec.type === 'persistent' && !spec.unique ? { seqKeys: true as const } : {}),
        ...(spec.type === 'persistent' || spec.type === 'mdi-prefixed' ? { cutValues: true as const } : {}),
        ...(spec.storedValues ? { storedValues: spec.storedValues } : {}),
        ...(spec.typeName ? { typeName: spec.typeName } : {}),
        ...(spec.props !== undefined ? { props: spec.props } : {}),
      };
      this.catalog.putCollection(tx, { ...col, indexes: [...col.indexes, index] });
      return { index, created: true, colId: String(col.id) };
    });
    if (!first.created) return first;
    // From here on the collection is addressed by id: a rename during the build must not
    // lose it (and leave a record that stays `building` forever).
    const colId = first.colId!;
    try {
      await this.fill(db, colId, first.index.id, signal);
    } catch (e) {
      await this.forget(db, colId, first.index.id).catch(() => undefined);
      throw e;
    }
    const index = await this.engine.write((tx) => {
      const col = this.catalog.requireCollection(db, colId);
      const built = col.indexes.find((ix) => ix.id === first.index.id);
      if (!built) throw new ArangoError(ERR.ERROR_ARANGO_INDEX_NOT_FOUND); // dropped meanwhile
      const ready = { ...built };
      delete ready.building;
      this.catalog.putCollection(tx, { ...col, indexes: col.indexes.map((ix) => (ix.id === ready.id ? ready : ix)) });
      return ready;
    });
    return { index, created: true };
  }

  /**
   * Puts the entries of every committed document, CHUNK documents per mutation. Each chunk
   * re-reads the collection and the index record: a truncate between chunks gives both new
   * data ids (the scan restarts on the new, empty-then-maintained data); a drop ends it.
   */
  private async fill(db: string, colId: string, indexId: number, signal?: AbortSignal): Promise<void> {
    let after: string | undefined;
    let dataId: number | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const last: string | undefined = await this.engine.writeExclusive((tx) => {
        const col = this.catalog.requireCollection(db, colId);
        const index = col.indexes.find((ix) => ix.id === indexId);
        if (!index) throw new ArangoError(ERR.ERROR_ARANGO_INDEX_NOT_FOUND);
        if (dataId !== col.dataId) after = undefined;
        dataId = col.dataId;
        const start: Key = after === undefined ? [col.dataId] : [col.dataId, after];
        let lastKey: string | undefined;
        let n = 0;
        for (const { key, value } of tx.range('docs', { start, end: [col.dataId + 1] })) {
          const k = (key as [number, string])[1];
          if (k === after) continue;
          const doc = value as Doc;
          const entries = indexEntries(index, doc, (key as [number, number])[1]);
          if (index.unique && collidesWithItself(entries)) throw uniqueViolation(index, doc._key as string);
          for (const e of entries) {
            if (index.unique) {
              const owner = tx.get('idx', e.key) as string | undefined;
              if (owner !== undefined && owner !== doc._key) throw uniqueViolation(index, owner);
            }
            tx.put('idx', e.key, e.value);
          }
          lastKey = k;
          if (++n >= CHUNK) break;
        }
        return lastKey;
      });
      if (last === undefined) return;
      after = last;
      await yieldToLoop();
    }
  }

  /**
   * The index's selectivity estimate in (0, 1]: 1 for unique (and built-in) indexes and
   * empty ones, else distinct values / entries over the first ESTIMATE_SAMPLE entries.
   */
  estimate(ix: IndexRecord): number {
    if (ix.unique || ix.type !== 'persistent') return 1;
    // Planning asks for every candidate index of every query: a sample a few seconds old
    // is as good a guess, and reading it each time was a measurable part of short queries.
    const cached = this.estimates.get(ix.dataId);
    const now = performance.now();
    if (cached && now - cached.at < ESTIMATE_TTL_MS) return cached.value;
    const value = this.sampleEstimate(ix);
    if (this.estimates.size > 10000) this.estimates.clear();
    this.estimates.set(ix.dataId, { value, at: now });
    return value;
  }

  private readonly estimates = new Map<number, { value: number; at: number }>();

  /**
   * Whether a vector index can serve queries: built and holding at least nLists vectors
   * (vector-index.ts invariant 2). Reads at most nLists entry keys.
   */
  vectorReady(ix: IndexRecord): boolean {
    if (ix.type !== 'vector' || ix.building) return false;
    const need = vectorProps(ix).params.nLists;
    let n = 0;
    for (const _ of this.engine.keys('idx', { start: [ix.dataId], end: [ix.dataId + 1], limit: need })) n++;
    return n >= need;
  }

  private sampleEstimate(ix: IndexRecord): number {
    const seen = new Set<string>();
    let n = 0;
    for (const key of this.engine.keys('idx', { start: [ix.dataId], end: [ix.dataId + 1], limit: ESTIMATE_SAMPLE })) {
      seen.add(JSON.stringify((key as unknown[]).slice(1, -1)));
      n++;
    }
    return n === 0 ? 1 : seen.size / n;
  }

  /**
   * At start: drops indexes whose build a crash or shutdown interrupted. Their creation
   * was never acknowledged, so the client retries; a half-filled index must not be used.
   */
  async dropInterruptedBuilds(): Promise<number> {
    let n = 0;
    for (const db of this.catalog.databaseNames()) {
      for (const col of this.catalog.collections(db)) {
        for (const ix of col.indexes) {
          // (a rebuild to the seqKeys layout is taken up again, below, not dropped)
          if (!ix.building || ix.rebuilding) continue;
          await this.forget(db, String(col.id), ix.id);
          n++;
        }
      }
    }
    return n;
  }

  /**
   * At start: rebuilds, one at a time, the indexes whose entries an earlier version laid out
   * otherwise: non-unique persistent indexes created before the seqKeys layout (entries
   * ending in the _key), and geo and non-unique mdi indexes created before they kept
   * entries (props.entries; a unique mdi index's uniqueness entries stay as they are). New
   * data id, the old entries purged, filled in chunks, then ready. Until then queries skip
   * the index (it is building) and writes maintain it in the new layout; a crash midway
   * starts that index's rebuild again.
   */
  async rebuildLegacyIndexes(): Promise<number> {
    let n = 0;
    for (const db of this.catalog.databaseNames()) {
      for (const col of this.catalog.collections(db)) {
        for (const ix of col.indexes) {
          const legacyPersistent = ix.type === 'persistent' && !ix.unique && (!ix.seqKeys || ix.rebuilding === true);
          const mdi = ix.type === 'mdi' || ix.type === 'mdi-prefixed' || ix.type === 'zkd';
          const entryless = (ix.type === 'geo' || (mdi && !ix.unique)) && (ix.props?.entries !== 1 || ix.rebuilding === true);
          if (!legacyPersistent && !entryless) continue;
          const colId = String(col.id);
          await this.engine.write((tx) => {
            const c = this.catalog.requireCollection(db, colId);
            const old = c.indexes.find((i) => i.id === ix.id);
            if (!old) return;
            this.catalog.schedulePurge(tx, old.dataId, 'idx');
            // a rebuilt index's entries are all new: it cuts long values (keys.ts indexValue)
            const layout: Partial<IndexRecord> = legacyPersistent ? { seqKeys: true, cutValues: true } : { props: { ...old.props, entries: 1 }, ...(ix.type === 'mdi-prefixed' ? { cutValues: true as const } : {}) };
            const next: IndexRecord = { ...old, ...layout, dataId: this.ids.tick(), rebuilding: true, building: true };
            this.catalog.putCollection(tx, { ...c, indexes: c.indexes.map((i) => (i.id === ix.id ? next : i)) });
            tx.afterCommit(() => this.purger.wake());
          });
          await this.fill(db, colId, ix.id);
          await this.engine.write((tx) => {
            const c = this.catalog.requireCollection(db, colId);
            this.catalog.putCollection(tx, {
              ...c,
              indexes: c.indexes.map((i) => {
                if (i.id !== ix.id) return i;
                const ready = { ...i };
                delete ready.building;
                delete ready.rebuilding;
                return ready;
              }),
            });
          });
          n++;
        }
      }
    }
    return n;
  }

  /** Drops an index by its numeric id. Built-in indexes cannot be dropped (403/11). */
  drop(db: string, colName: string, id: number): Promise<IndexRecord> {
    return this.forget(db, colName, id);
  }

  private forget(db: string, colName: string, id: number): Promise<IndexRecord> {
    return this.engine.write((tx) => {
      const col = this.catalog.requireCollection(db, colName);
      const ix = col.indexes.find((i) => i.id === id);
      // ArangoDB: the primary index cannot even be found for dropping (1212); the edge
      // index is found but may not be dropped (403/11).
      if (!ix || ix.type === 'primary') throw new ArangoError(ERR.ERROR_ARANGO_INDEX_NOT_FOUND);
      if (ix.type === 'edge') throw new ArangoError(ERR.ERROR_FORBIDDEN);
      this.catalog.putCollection(tx, { ...col, indexes: col.indexes.filter((i) => i.id !== id) });
      if (ix.type === 'inverted') this.catalog.unlinkFromViews(tx, db, col.id, ix.id);
      this.catalog.schedulePurge(tx, ix.dataId, 'idx');
      tx.afterCommit(() => this.purger.wake());
      return ix;
    });
  }

  /** Empties a collection at once: new data ids; the old data is purged in the background. */
  truncate(db: string, colName: string, sync: boolean): Promise<CollectionRecord> {
    return this.engine.write((tx) => this.truncateIn(tx, db, colName), { sync });
  }

  /** truncate() inside a caller's mutation (an import with overwrite=true: the truncate commits or fails with its documents). */
  truncateIn(tx: WriteTxn, db: string, colName: string): CollectionRecord {
    const col = this.catalog.requireCollection(db, colName);
    this.catalog.schedulePurge(tx, col.dataId, 'docs');
    const indexes = col.indexes.map((ix) => {
      if (ix.type === 'primary') return ix;
      this.catalog.schedulePurge(tx, ix.dataId, 'idx');
      return { ...ix, dataId: this.ids.tick() };
    });
    const rec: CollectionRecord = { ...col, dataId: this.ids.tick(), indexes };
    tx.put('meta', ['rev', rec.dataId], this.ids.revision());
    this.catalog.putCollection(tx, rec);
    tx.afterCommit(() => this.purger.wake());
    return rec;
  }
}
