// The AQL query results cache (ArangoDB's, off by default): the rows (as JSON) and `extra` of a
// finished read-only query, kept per database under the exact query string, its bind
// parameters, `count`, `fullCount` and optimizer rules, and served again by
// /_api/cursor with `cached: true` while nothing the query read has changed.
//
// Which queries: mode `on` caches every query unless it says `cache: false`, `demand`
// only those that say `cache: true`, `off` none. Never stream queries, queries shorter
// than 8 characters, data-modification queries, queries with a non-cacheable function
// (RAND(), DOCUMENT(), DATE_NOW(), any user-defined function...: the plan's `cacheable`),
// queries that warned, or (unless includeSystem) queries reading a collection whose name
// starts with `_`.
//
// Invariant: an entry is served only while it is current. It records, for each
// collection the query read, the collection's id, data id and indexes as planned, and
// the engine's write epoch read before the query's snapshot was taken. It is current
// while every such collection still has that name, id, data id and indexes (a drop,
// rename, truncate or index change ends it) and no mutation that wrote its documents
// has ended since that epoch (Engine.docsWrittenAt). The engine raises docsWrittenAt
// before a write is acknowledged, so no acknowledged write is ever missing from a
// served result. Entries found stale are dropped when seen.
//
// Eviction is ArangoDB's: first stored, first evicted (a hit does not move an entry), at
// most maxResults entries and maxResultsSize bytes per database; an entry over
// maxEntrySize is not stored. An entry's size is its query string's length plus the
// bytes of the JSON of its rows and of its bind parameters (ArangoDB counts VelocyPack
// bytes; JSON is what Cairn holds).
import { createHash } from 'node:crypto';
import type { Storage } from '../storage/storage.js';
import type { CollectionRecord } from '../storage/catalog.js';
import type { AqlValue } from '../values/index.js';

import type { QueryCacheMode } from '../config.js';

export type { QueryCacheMode };

export interface QueryCacheProperties {
  mode: QueryCacheMode;
  maxResults: number;
  maxResultsSize: number;
  maxEntrySize: number;
  includeSystem: boolean;
}

export const DEFAULT_QUERY_CACHE: QueryCacheProperties = {
  mode: 'off',
  maxResults: 128,
  maxResultsSize: 256 * 1024 * 1024,
  maxEntrySize: 16 * 1024 * 1024,
  includeSystem: false,
};

/** What identifies a query's result, besides its database. */
export interface CacheKeyParts {
  query: string;
  bindVars: Record<string, unknown>;
  count: boolean;
  fullCount: boolean;
  rules: readonly string[];
}

export interface Source {
  name: string;
  id: number;
  dataId: number;
  /** The collection's indexes (ids and data ids): a dropped or added index ends the entry. */
  indexes: string;
}

/**
 * A cached result as the JSON of its rows, not the rows themselves: what maxResultsSize
 * counts is what is held, and a hit is served without encoding anything again.
 */
export interface CachedResult {
  /** The rows' JSON texts, joined by commas (no brackets), in UTF-8. */
  bytes: Buffer;
  /** Where each row's text starts in `bytes`. */
  offsets: Float64Array;
  /** The `extra` of the run that stored it (stats and warnings). */
  extra: Record<string, unknown>;
  /** The collections it was computed from (a reader must be allowed to read them all). */
  sources: readonly Source[];
}

/** The rows as one CachedResult's bytes and offsets. */
export function encodeRows(rows: readonly AqlValue[]): { bytes: Buffer; offsets: Float64Array } {
  const offsets = new Float64Array(rows.length);
  const texts: string[] = new Array(rows.length);
  let size = Math.max(0, rows.length - 1);
  for (let i = 0; i < rows.length; i++) {
    texts[i] = JSON.stringify(rows[i] ?? null);
    size += Buffer.byteLength(texts[i]!);
  }
  const bytes = Buffer.allocUnsafe(size);
  let p = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) bytes[p++] = 0x2c;
    offsets[i] = p;
    p += bytes.write(texts[i]!, p);
  }
  return { bytes, offsets };
}

/** Rows [from, to) of a cached result as a JSON array (to > from). */
export function rowsSlice(r: Pick<CachedResult, 'bytes' | 'offsets'>, from: number, to: number): Buffer {
  const end = to < r.offsets.length ? r.offsets[to]! - 1 : r.bytes.length;
  const body = r.bytes.subarray(r.offsets[from]!, end);
  return Buffer.concat([OPEN, body, CLOSE], body.length + 2);
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

interface Entry extends CachedResult {
  key: string;
  hash: string;
  query: string;
  bindVars: Record<string, unknown>;
  size: number;
  hits: number;
  runTime: number;
  started: string;
  sources: Source[];
  epoch: number;
}

/** A query's cache identity as read when it started (see QueryResultsCache.begin). */
export interface CacheTicket {
  db: string;
  key: string;
  parts: CacheKeyParts;
  epoch: number;
}

const MIN_QUERY_LENGTH = 8;

function indexSignature(col: CollectionRecord): string {
  let s = '';
  for (const ix of col.indexes) s += ix.id + ':' + ix.dataId + (ix.building ? 'b' : '') + ',';
  return s;
}

/** ArangoDB shows an entry's hash as a decimal 64-bit number. */
function hashOf(key: string): string {
  return BigInt('0x' + createHash('sha1').update(key).digest('hex').slice(0, 16)).toString();
}

export class QueryResultsCache {
  private props: QueryCacheProperties;
  /** Per database: entries by key, in the order they were stored (the eviction order). */
  private readonly dbs = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly storage: Storage,
    initial: Partial<QueryCacheProperties> = {},
  ) {
    this.props = { ...DEFAULT_QUERY_CACHE, ...initial };
  }

  /** False in mode off (then begin() gives no ticket, whatever the query). */
  get active(): boolean {
    return this.props.mode !== 'off';
  }

  properties(): QueryCacheProperties {
    return { ...this.props };
  }

  /**
   * Changes the properties (already validated). A different mode empties every database's
   * cache; lower limits evict the oldest entries until they hold; includeSystem turned off
   * drops the entries that read system collections.
   */
  setProperties(change: Partial<QueryCacheProperties>): QueryCacheProperties {
    const before = this.props;
    this.props = { ...before, ...change };
    if (this.props.mode !== before.mode) this.dbs.clear();
    for (const entries of this.dbs.values()) {
      for (const [k, e] of entries) {
        if (e.size > this.props.maxEntrySize || (!this.props.includeSystem && e.sources.some((s) => s.name.startsWith('_')))) entries.delete(k);
      }
      this.shrink(entries, this.props.maxResults, this.props.maxResultsSize);
    }
    return this.properties();
  }

  /**
   * Drops the database's entries that read one of these collections: ArangoDB does so when
   * a stream transaction writes to them (before its commit) and when it is aborted. (A
   * committed write needs no call: entries check the engine's write epochs.)
   */
  invalidate(db: string, names: Iterable<string>): void {
    const entries = this.dbs.get(db);
    if (!entries) return;
    const gone = new Set(names);
    for (const [k, e] of entries) if (e.sources.some((s) => gone.has(s.name))) entries.delete(k);
  }

  /** DELETE /_api/query-cache: empties one database's cache. */
  clear(db: string): void {
    this.dbs.delete(db);
  }

  /**
   * Whether a query may use the cache (the mode and its `cache` option, 'on' caching unless
   * it is false, 'demand' only when it is true) and, if so, its ticket. Read the ticket
   * before the query's snapshot is taken, or give the epoch read before that snapshot (a
   * read-only stream transaction's, whose snapshot is older).
   */
  begin(db: string, parts: CacheKeyParts, cacheOption: boolean | undefined, stream: boolean, epoch = this.storage.engine.writeEpoch): CacheTicket | undefined {
    const mode = this.props.mode;
    if (mode === 'off' || stream || parts.query.length < MIN_QUERY_LENGTH) return undefined;
    if (mode === 'on' ? cacheOption === false : cacheOption !== true) return undefined;
    const key = JSON.stringify([parts.query, parts.count, parts.fullCount, parts.rules, parts.bindVars]);
    return { db, key, parts, epoch };
  }

  /** The current cached result for the ticket's query, counted as a hit; or undefined. */
  lookup(t: CacheTicket): CachedResult | undefined {
    const entries = this.dbs.get(t.db);
    const e = entries?.get(t.key);
    if (!e) return undefined;
    if (!this.current(t.db, e)) {
      entries!.delete(t.key);
      return undefined;
    }
    e.hits++;
    return e;
  }

  /**
   * Stores a finished query's result if it may be cached and is still current: `sources`
   * are what sources() gave right after the query was planned (undefined: not cacheable),
   * `rowBytes` the size of its rows' JSON.
   */
  store(t: CacheTicket, sources: Source[] | undefined, q: { rows: readonly AqlValue[]; rowBytes: number; extra: Record<string, unknown>; runTime: number }): void {
    if (!sources || this.props.mode === 'off') return;
    if ((q.extra.warnings as unknown[] | undefined)?.length) return;
    if (!this.props.includeSystem && sources.some((s) => s.name.startsWith('_'))) return;
    const bindBytes = Buffer.byteLength(JSON.stringify(t.parts.bindVars));
    const size = t.parts.query.length + q.rowBytes + bindBytes;
    if (size > this.props.maxEntrySize || size > this.props.maxResultsSize) return;
    if (!this.current(t.db, { sources, epoch: t.epoch })) return;
    const encoded = encodeRows(q.rows);
    const e: Entry = {
      key: t.key,
      hash: hashOf(t.db + '\u0000' + t.key),
      query: t.parts.query,
      bindVars: t.parts.bindVars,
      size,
      hits: 0,
      runTime: q.runTime,
      started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      sources,
      epoch: t.epoch,
      bytes: encoded.bytes,
      offsets: encoded.offsets,
      extra: q.extra,
    };
    let entries = this.dbs.get(t.db);
    if (!entries) this.dbs.set(t.db, (entries = new Map()));
    entries.delete(t.key); // a new result of the same query goes to the end
    this.shrink(entries, this.props.maxResults - 1, this.props.maxResultsSize - size);
    entries.set(t.key, e);
  }

  /**
   * The collections a planned query reads, as they are now (call right after planning, in
   * the same event turn); undefined when the plan may not be cached (a data modification
   * or a non-cacheable function) or one of them is gone.
   */
  sources(db: string, plan: { collections: readonly string[]; cacheable: boolean }): Source[] | undefined {
    if (!plan.cacheable) return undefined;
    const names = plan.collections;
    const out: Source[] = [];
    for (const name of names) {
      const col = this.storage.catalog.collection(db, name);
      if (!col) return undefined;
      out.push({ name, id: col.id, dataId: col.dataId, indexes: indexSignature(col) });
    }
    return out;
  }

  /** GET /_api/query-cache/entries: the database's current entries, without their rows. */
  entries(db: string): Record<string, unknown>[] {
    const entries = this.dbs.get(db);
    if (!entries) return [];
    const out: Record<string, unknown>[] = [];
    for (const [k, e] of entries) {
      if (!this.current(db, e)) {
        entries.delete(k);
        continue;
      }
      out.push({
        hash: e.hash,
        query: e.query,
        bindVars: e.bindVars,
        size: e.size,
        results: e.offsets.length,
        hits: e.hits,
        runTime: e.runTime,
        started: e.started,
        dataSources: e.sources.map((s) => s.name),
      });
    }
    return out;
  }

  private current(db: string, e: Pick<Entry, 'sources' | 'epoch'>): boolean {
    const engine = this.storage.engine;
    for (const s of e.sources) {
      const col = this.storage.catalog.collection(db, s.name);
      if (!col || col.id !== s.id || col.dataId !== s.dataId || indexSignature(col) !== s.indexes) return false;
      if (engine.docsWrittenAt(col.dataId) > e.epoch) return false;
    }
    return true;
  }

  /** Evicts the oldest entries until at most `count` entries of at most `bytes` remain. */
  private shrink(entries: Map<string, Entry>, count: number, bytes: number): void {
    let total = 0;
    for (const e of entries.values()) total += e.size;
    for (const [k, e] of entries) {
      if (entries.size <= Math.max(0, count) && total <= Math.max(0, bytes)) break;
      entries.delete(k);
      total -= e.size;
    }
  }
}
