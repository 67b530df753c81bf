// Documents: insert, replace, update, remove and read, with their index entries, key
// generation, revisions and counts, each batch of items in one mutation (one LMDB
// transaction). Only this file and indexes.ts write index entries.
//
// Invariants:
//  1. An item's checks (key, revision, edge attributes, unique constraints) all run before
//     it writes anything, so a failed item leaves nothing behind and the other items of
//     the same request still apply (ArangoDB's per-item errors).
//  2. After every mutation, for every index, its entries are exactly those computed from
//     the documents stored under the collection's current dataId.
//  3. ['count', dataId] equals the number of documents under dataId.
//  4. A stored document is {_key, _rev, [_from, _to], ...user attributes}; _id is derived
//     from the collection name when read, so a rename changes it everywhere at once.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Catalog, CollectionRecord, IndexRecord } from './catalog.js';
import { SKIPPED, type Engine, type Key, type ReadView, type ScanTest, type WriteTxn } from './engine.js';
import type { Ids } from './ids.js';
import { isSpecialIndex, specialEntries } from './special-indexes.js';
import { documentVector, vectorEntries } from './vector-index.js';
import { checkUserKey, generateKey, indexValue, isValidDocumentId, isValidKey, keyBytes, MAX_INDEX_KEY_BYTES, trackUserKey, type GeneratorValue } from './keys.js';
import { IteratorReader, type BatchReader } from './reader.js';
import { checkSchema } from './schema.js';
import { LOCK_TIMEOUT_MS, type KeyLocks, type LockCheck } from './key-locks.js';
import { COLLECTION_LOCK_TIMEOUT_MS, type CollectionLocks } from './collection-locks.js';
import { setImmediate as yieldToLoop, setTimeout as sleepMs } from 'node:timers/promises';

export type Doc = Record<string, unknown>;
export type OverwriteMode = 'ignore' | 'replace' | 'update' | 'conflict';

export interface WriteOptions {
  waitForSync?: boolean;
  returnNew?: boolean;
  returnOld?: boolean;
  overwriteMode?: OverwriteMode;
  keepNull?: boolean;
  mergeObjects?: boolean;
  ignoreRevs?: boolean;
  /** The collection's schema is not checked (ArangoDB's skipDocumentValidation). */
  skipDocumentValidation?: boolean;
  /**
   * ArangoDB 3.12's external versioning: a replace or update (also an insert's
   * overwriteMode replace/update) of a stored document whose attribute of this name holds
   * a version at least as high as the new one is not performed (see isNewerVersion).
   */
  versionAttribute?: string;
  /** The whole batch or nothing: the first failed item's error rejects apply(), and nothing is written. */
  allOrNothing?: boolean;
  /** With allOrNothing: the item errors that still do not fail the batch (an import's onDuplicate=ignore duplicates). */
  tolerate?: (e: ArangoError) => boolean;
  /** Runs first inside apply()'s mutation, so it commits or fails with the batch (an import's overwrite=true truncate). */
  before?: (tx: WriteTxn) => void;
}

export type Op = 'insert' | 'replace' | 'update' | 'remove';

/**
 * Evaluates a collection's computed values (aql/computed.ts) for a write of `next` (`view`:
 * `next` as the client sees it, @doc); returns the document to store. Throws the item's
 * ArangoError.
 */
export type ComputeValuesHook = (defs: unknown, op: Exclude<Op, 'remove'>, next: Doc, view: Doc) => Doc;

export interface Item {
  /**
   * The target key of a replace/update/remove given apart from the body (a URL's key).
   * Undefined: taken from the body (see targetKey). Unused for insert.
   */
  key?: string;
  /** Insert/replace/update: the client's document. Remove: a key, an _id or {_key[, _rev]}. */
  body?: unknown;
  /** The If-Match revision (single-document requests). */
  ifMatch?: string;
}

export type ItemResult = { ok: true; value: Doc } | { ok: false; error: ArangoError };

export interface BatchResult {
  results: ItemResult[];
  synced: boolean;
}

const SYSTEM_ATTRS = new Set(['_key', '_id', '_rev', '_from', '_to']);

export function isPlainObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The client's view of a stored document: _key, _id, [_from, _to], _rev, then the rest. */
export function externalize(col: CollectionRecord, stored: Doc): Doc {
  const out: Doc = { _key: stored._key, _id: `${col.name}/${stored._key as string}` };
  if (col.type === 3) {
    out._from = stored._from;
    out._to = stored._to;
  }
  out._rev = stored._rev;
  // charCode 95 is '_': the Set is asked only about names that could be system attributes
  for (const k in stored) if (k.charCodeAt(0) !== 95 || !SYSTEM_ATTRS.has(k)) out[k] = stored[k];
  return out;
}

/**
 * The reader of a collection scan: documents externalized for `col`, or as stored without
 * it. A class of its own (not an IteratorReader with a mapping closure) so that the
 * per-document call sites stay monomorphic: with the two mappings of a stored and an
 * externalizing scan going through one shared call site, a SORT over 100k externalized
 * documents ran at about half speed after a few filtered scans.
 */
class ScanReader implements BatchReader<Doc> {
  private it: Iterator<{ key: unknown; value: unknown }> | undefined;
  constructor(
    source: Iterator<{ key: unknown; value: unknown }>,
    private readonly col: CollectionRecord | undefined,
  ) {
    this.it = source;
  }

  next(max: number): Promise<Doc[]> {
    const out: Doc[] = [];
    const it = this.it;
    const col = this.col;
    while (it && out.length < max) {
      const r = it.next();
      if (r.done) {
        this.close();
        break;
      }
      const stored = r.value.value as Doc;
      out.push(col ? externalize(col, stored) : stored);
    }
    return Promise.resolve(out);
  }

  close(): void {
    const it = this.it;
    this.it = undefined;
    it?.return?.();
  }
}

/**
 * A collection scan that tests each document's stored bytes before decoding it
 * (ReadView.testedDocs): a document is decoded only when, for every list of needles, its
 * bytes contain one of the list's byte strings, and its probed attributes pass their
 * probes. The caller derives both from conditions the filter cannot do without (an
 * attribute equal to a string holds that string's UTF-8 bytes in the msgpack encoding;
 * a false conjunct makes the filter false), so skipping never loses a match; the reader
 * counts what it skipped.
 */
export class PrefilteredScanReader implements BatchReader<Doc> {
  private it: Iterator<{ key: unknown; value: unknown }> | undefined;
  /** Documents read and not decoded, so far. */
  skipped = 0;
  constructor(
    source: Iterator<{ key: unknown; value: unknown }>,
    private readonly col: CollectionRecord | undefined,
  ) {
    this.it = source;
  }

  async next(max: number): Promise<Doc[]> {
    const out: Doc[] = [];
    let slice = performance.now();
    let read = 0;
    while (this.it && out.length < max) {
      const r = this.it.next();
      if (r.done) {
        this.close();
        break;
      }
      const stored = r.value.value;
      if (stored === SKIPPED) {
        this.skipped++;
        // a selective scan may read many documents for one batch: give the loop its turn
        if ((++read & 1023) === 0 && performance.now() - slice >= 4) {
          await yieldToLoop();
          slice = performance.now();
        }
        continue;
      }
      out.push(this.col ? externalize(this.col, stored as Doc) : (stored as Doc));
    }
    return out;
  }

  close(): void {
    const it = this.it;
    this.it = undefined;
    it?.return?.();
  }
}

/**
 * Where documents live: under ['docs', dataId, seq], seq a tick taken at each write, so a
 * collection scan reads them in the order of their last write (ArangoDB's order: its
 * RocksDB engine keys documents by a local id given at each write); ['pk', dataId, key]
 * maps a key to its seq.
 */
export function loadStored(view: Pick<ReadView, 'get'>, col: CollectionRecord, key: string): Doc | undefined {
  const seq = view.get('pk', [col.dataId, key]) as number | undefined;
  return seq === undefined ? undefined : (view.get('docs', [col.dataId, seq]) as Doc | undefined);
}

/**
 * The edges of `col` on one side of `vertex` (0: whose _from is it, 1: whose _to is it)
 * through its edge index, as stored, ordered by their last write, as ArangoDB's RocksDB edge
 * index orders them (its entries end in the document's local id, a tick taken at each
 * write); `view` is a snapshot or a query transaction's ownView. `scanned` counts the
 * index entries read.
 */
export function readEdges(view: ReadView, col: CollectionRecord, vertex: string, side: 0 | 1): { edges: Doc[]; scanned: number } {
  const ix = col.indexes.find((i) => i.type === 'edge');
  // the index holds valid document ids only (and LMDB keys are limited in size)
  if (!ix || !isValidDocumentId(vertex)) return { edges: [], scanned: 0 };
  const found: { seq: number; doc: Doc }[] = [];
  let scanned = 0;
  for (const { key } of view.range('idx', { start: [ix.dataId, side, vertex] as Key, end: [ix.dataId, side, vertex, '\uffff\uffff'] as Key })) {
    scanned++;
    const k = (key as unknown[])[3] as string;
    const seq = view.get('pk', [col.dataId, k]) as number | undefined;
    const doc = seq === undefined ? undefined : (view.get('docs', [col.dataId, seq]) as Doc | undefined);
    if (doc) found.push({ seq: seq!, doc });
  }
  found.sort((a, b) => a.seq - b.seq);
  return { edges: found.map((f) => f.doc), scanned };
}

export function getPath(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * What a TTL index keeps of an attribute value: a number >= 0 as it is (seconds since the
 * epoch), an ISO 8601 date string as its seconds since the epoch, nothing for anything
 * else (such documents never expire, as in ArangoDB).
 */
export function ttlStamp(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return undefined;
  const ms = Date.parse(v.length === 10 ? v + 'T00:00:00Z' : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : v + 'Z');
  return Number.isNaN(ms) || ms < 0 ? undefined : ms / 1000;
}

/** The index entries a document produces (invariant 2). `[*]` expands arrays. */
/**
 * The entries of `doc` in `ix`. `seq` is where the document is stored (its write
 * sequence): a non-unique persistent index with seqKeys ends its entry keys in it.
 */
export function indexEntries(ix: IndexRecord, doc: Doc, seq?: number): { key: Key; value: unknown }[] {
  const key = doc._key as string;
  if (ix.type === 'edge') {
    return [
      { key: [ix.dataId, 0, doc._from as string, key], value: 1 },
      { key: [ix.dataId, 1, doc._to as string, key], value: 1 },
    ];
  }
  if (isSpecialIndex(ix)) return specialEntries(ix, doc);
  if (ix.type === 'inverted') return []; // definitions only (inverted-index.ts)
  if (ix.type === 'vector') return vectorEntries(ix, doc);
  if (ix.type === 'ttl') {
    // the point in time as seconds since the epoch: a number >= 0, or a date string (ttl.ts)
    const stamp = ttlStamp(doc[ix.fields[0]!]);
    return stamp === undefined ? [] : [{ key: [ix.dataId, stamp, key], value: 1 }];
  }
  let combos: unknown[][] = [[]];
  for (const field of ix.fields) {
    const star = field.indexOf('[*]');
    let values: unknown[];
    if (star >= 0) {
      const arr = getPath(doc, field.slice(0, star));
      const rest = field.slice(star + 3).replace(/^\./, '');
      if (!Array.isArray(arr)) {
        if (ix.sparse) return [];
        values = [null];
      } else {
        values = arr.map((e) => (rest ? (isPlainObject(e) ? getPath(e, rest) : undefined) : e));
        if (ix.deduplicate) values = dedupe(values);
        if (values.length === 0) return [];
      }
    } else {
      values = [getPath(doc, field)];
    }
    if (ix.sparse && values.some((v) => v === null || v === undefined)) values = values.filter((v) => v !== null && v !== undefined);
    if (values.length === 0) return [];
    const cut = ix.cutValues === true;
    combos = combos.flatMap((c) => values.map((v) => [...c, indexValue(v, cut)]));
  }
  for (const vals of combos) {
    // checked before anything is issued: LMDB refuses a longer key only while the
    // mutation's writes are issued, after the document's own (an upper bound: the data
    // id, each value with its separator and possible escape byte, the _key or sequence)
    let bytes = 10 + key.length + 2; // a _key is ASCII
    for (const v of vals) bytes += typeof v === 'string' ? keyBytes(v) + 2 : 10;
    if (bytes > MAX_INDEX_KEY_BYTES) {
      throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `the values of this document for index '${ix.name}' take ${bytes} bytes, more than the ${MAX_INDEX_KEY_BYTES} an index entry holds`);
    }
  }
  if (ix.seqKeys && !ix.unique) {
    if (seq === undefined) throw new Error(`index ${ix.name}: an entry needs the document's write sequence`);
    return combos.map((vals) => ({ key: [ix.dataId, ...(vals as never[]), seq], value: key }));
  }
  return combos.map((vals) =>
    ix.unique ? { key: [ix.dataId, ...(vals as never[])], value: key } : { key: [ix.dataId, ...(vals as never[]), key], value: 1 },
  );
}

/**
 * Whether `doc`'s entry in a persistent index might exceed an LMDB key: each value counted
 * at its most bytes (3 per UTF-16 unit; arrays and objects always count as long).
 */
function mayNeedLongKey(ix: IndexRecord, doc: Doc): boolean {
  let bytes = 20 + (typeof doc._key === 'string' ? doc._key.length : 0);
  for (const field of ix.fields) {
    const star = field.indexOf('[*]');
    const v = getPath(doc, star >= 0 ? field.slice(0, star) : field);
    if (typeof v === 'string') bytes += 3 * v.length + 2;
    else if (typeof v === 'object' && v !== null) return true;
    else bytes += 10;
  }
  return bytes > MAX_INDEX_KEY_BYTES;
}

/**
 * Whether a unique index's entries for one document collide with each other (an array
 * index without deduplicate over `[5, 5]`): such a document conflicts with itself, as in
 * ArangoDB.
 */
export function collidesWithItself(entries: readonly { key: Key }[]): boolean {
  if (entries.length < 2) return false;
  const seen = new Set<string>();
  for (const e of entries) {
    const k = JSON.stringify(e.key);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(v ?? null);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function uniqueViolation(ix: IndexRecord, conflictingKey: string): ArangoError {
  return ArangoError.withMessage(
    ERR.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED,
    `unique constraint violated - in index ${ix.name} of type ${ix.type} over '${ix.fields.join(', ')}'; conflicting key: ${conflictingKey}`,
  );
}

/**
 * ArangoDB's 412 for a revision precondition: errorNum 1200 with the current _id, _key and
 * _rev beside the envelope. Reads say just `conflict`; writes name the _rev mismatch.
 */
export function revisionConflict(col: CollectionRecord, current: Doc, message = 'conflict, _rev values do not match'): ArangoError {
  const e = ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, message, 412);
  e.extra = { _id: `${col.name}/${current._key as string}`, _key: current._key, _rev: current._rev };
  return e;
}

/**
 * Merge for PATCH, as ArangoDB's mergeObjectsForUpdate: attributes keep their old order,
 * new ones follow. An attribute in both: objects on both sides are merged recursively when
 * mergeObjects (nulls inside removed unless keepNull), else the new value wins as it is
 * (a null removes it unless keepNull). An attribute only in the patch: a null is dropped
 * unless keepNull; an object loses its own top-level nulls unless keepNull.
 */
export function mergePatch(old: Doc, patch: Doc, keepNull: boolean, mergeObjects: boolean): Doc {
  const out: Doc = {};
  for (const k in old) {
    if (!(k in patch)) {
      out[k] = old[k];
      continue;
    }
    const v = patch[k];
    if (mergeObjects && isPlainObject(old[k]) && isPlainObject(v)) out[k] = mergeValues(old[k] as Doc, v, !keepNull);
    else if (keepNull || v !== null) out[k] = v;
  }
  for (const k in patch) {
    if (k in old) continue;
    const v = patch[k];
    if (v === null && !keepNull) continue;
    out[k] = !keepNull && isPlainObject(v) ? mergeValues({}, v, true) : v;
  }
  return out;
}

/** velocypack's Collection::merge(left, right, mergeValues = true, nullMeansRemove). */
function mergeValues(left: Doc, right: Doc, nullMeansRemove: boolean): Doc {
  const out: Doc = {};
  for (const k in left) {
    if (!(k in right)) {
      out[k] = left[k];
      continue;
    }
    const v = right[k];
    if (nullMeansRemove && v === null) continue;
    out[k] = isPlainObject(left[k]) && isPlainObject(v) ? mergeValues(left[k] as Doc, v, nullMeansRemove) : v;
  }
  for (const k in right) {
    if (k in left) continue;
    if (!(nullMeansRemove && right[k] === null)) out[k] = right[k];
  }
  return out;
}

/**
 * The key a replace/update/remove item addresses, as ArangoDB reads it. Replace/update
 * bodies: no _key -> 1205, a non-string or empty one -> 1221. Remove: a string (the part
 * after a '/', so an _id works) or an object's string _key; empty -> 1205. The key is not
 * checked further: an illegal key simply finds no document.
 */
export function targetKey(op: Op, item: Item): string {
  if (item.key !== undefined) return item.key;
  if (op === 'remove') return handleKey(item.body);
  const key = (item.body as Doc)._key;
  if (key === undefined) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_HANDLE_BAD);
  if (typeof key !== 'string' || key === '') throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_BAD);
  return key;
}

/** ArangoDB's extractKeyPart: a key, the key part of an _id, or an object's _key; else 1205. */
function handleKey(v: unknown): string {
  let key = '';
  if (typeof v === 'string') key = v.slice(v.indexOf('/') + 1);
  else if (isPlainObject(v) && typeof v._key === 'string') key = v._key;
  if (key === '') throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_HANDLE_BAD);
  return key;
}

/** A revision precondition counts when it is a non-empty string. */
function expectedRevision(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export class DocumentStore {
  /** Set by the composition root (storage does not import aql); unset: computed values are not applied. */
  computeValues: ComputeValuesHook | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly ids: Ids,
    private readonly locks: KeyLocks,
    private readonly collectionLocks?: CollectionLocks,
  ) {}

  /** A stored document as the client sees it, or undefined; from `view` when given (a snapshot). */
  get(col: CollectionRecord, key: string, view: Pick<ReadView, 'get'> = this.engine): Doc | undefined {
    if (!isValidKey(key)) return undefined; // never stored; and LMDB keys are limited in size
    const stored = loadStored(view, col, key);
    return stored && externalize(col, stored);
  }

  /** Raw stored form, for scans by later layers. */
  getStored(col: CollectionRecord, key: string): Doc | undefined {
    if (!isValidKey(key)) return undefined;
    return loadStored(this.engine, col, key);
  }

  /** Committed documents of a collection in key order, as the client sees them. */
  *scan(col: CollectionRecord): Generator<Doc> {
    for (const { value } of this.engine.range('docs', { start: [col.dataId], end: [col.dataId + 1] })) {
      yield externalize(col, value as Doc);
    }
  }

  /**
   * The collection's revision: a fresh revision string written by every batch that
   * changed something (removals included) and by truncate; '0' for a collection never
   * written to.
   */
  revision(col: CollectionRecord): string {
    return (this.engine.get('meta', ['rev', col.dataId]) as string | undefined) ?? '0';
  }

  /**
   * All documents of a collection in key order, in batches, from one snapshot; with
   * `stored`, as stored (without `_id`: see externalize) instead of externalized. With
   * `random` (a number in [0, 1)), the key order starts at that fraction of the documents
   * and wraps around: every document once, the first one picked uniformly (ArangoDB's
   * random iteration, which remove-sort-rand-limit-1 asks for).
   */
  openScan(col: CollectionRecord, opts: { reverse?: boolean; view?: ReadView; stored?: boolean; test?: ScanTest; random?: number } = {}): BatchReader<Doc> {
    const view = opts.view ?? this.engine;
    if (opts.random !== undefined) {
      const bounds = { start: [col.dataId], end: [col.dataId + 1] };
      const total = view.count ? view.count('docs', bounds) : this.engine.count('docs', bounds);
      const at = Math.min(total, Math.floor(opts.random * total));
      const rotated = function* (): Generator<{ key: Key; value: unknown }> {
        yield* view.range('docs', { ...bounds, offset: at });
        if (at > 0) yield* view.range('docs', { ...bounds, limit: at });
      };
      return new ScanReader(rotated(), opts.stored ? undefined : col);
    }
    if (view.testedDocs && !opts.reverse) {
      // values only: keys not decoded (see Engine.testedDocs)
      const docs = view.testedDocs({ start: [col.dataId], end: [col.dataId + 1] }, opts.test);
      return opts.test ? new PrefilteredScanReader(docs, opts.stored ? undefined : col) : new ScanReader(docs, opts.stored ? undefined : col);
    }
    const range = opts.reverse
      ? view.range('docs', { start: [col.dataId + 1], end: [col.dataId], reverse: true })
      : view.range('docs', { start: [col.dataId], end: [col.dataId + 1] });
    return new ScanReader(range[Symbol.iterator](), opts.stored ? undefined : col);
  }

  /**
   * Documents whose index entry starts with `values` (equality on a prefix of the index
   * fields), in index order, from one snapshot. For the edge index, `values` is
   * [0 | 1, vertexId] (0 = _from).
   */
  openIndexLookup(col: CollectionRecord, ix: IndexRecord, values: readonly unknown[]): BatchReader<Doc> {
    const prefix = ix.type === 'edge' ? [...values] : values.map((v) => indexValue(v, ix.cutValues === true));
    const start = [ix.dataId, ...prefix] as Key;
    const end = [ix.dataId, ...prefix, '\uffff\uffff'] as Key;
    const range = this.engine.range('idx', { start, end });
    return new IteratorReader(range, ({ key, value }) => {
      const k = (ix.unique && ix.type === 'persistent') || ix.seqKeys ? (value as string) : ((key as unknown[])[(key as unknown[]).length - 1] as string);
      const stored = loadStored(this.engine, col, k);
      return stored && externalize(col, stored);
    });
  }

  /**
   * The edges of an edge collection that end (`in`), start (`out`) or either (`any`: the
   * inbound ones first, an edge from the vertex to itself once) at `vertex`, through the
   * edge index, from one snapshot; `scanned` counts the index entries read.
   */
  edgesOf(col: CollectionRecord, vertex: string, direction: 'in' | 'out' | 'any'): { edges: Doc[]; scanned: number } {
    const ix = col.indexes.find((i) => i.type === 'edge');
    // the index holds valid document ids only (and LMDB keys are limited in size)
    if (!ix || !isValidDocumentId(vertex)) return { edges: [], scanned: 0 };
    const snap = this.engine.snapshot();
    try {
      const edges: Doc[] = [];
      const seen = new Set<string>();
      let scanned = 0;
      for (const side of direction === 'any' ? [1, 0] : [direction === 'in' ? 1 : 0]) {
        const start = [ix.dataId, side, vertex] as Key;
        const end = [ix.dataId, side, vertex, '\uffff\uffff'] as Key;
        for (const { key } of snap.range('idx', { start, end })) {
          scanned++;
          const k = (key as unknown[])[3] as string;
          if (seen.has(k)) continue;
          seen.add(k);
          const stored = loadStored(snap, col, k);
          if (stored) edges.push(externalize(col, stored));
        }
      }
      return { edges, scanned };
    } finally {
      snap.close();
    }
  }

  /**
   * Applies `op` to every item in one mutation. Per-item ArangoErrors come back in the
   * results; anything else rejects the whole batch (nothing written).
   */
  async apply(db: string, colName: string, op: Op, items: readonly Item[], opts: WriteOptions): Promise<BatchResult> {
    const col0 = this.catalog.requireCollection(db, colName);
    const synced = Boolean(opts.waitForSync || col0.waitForSync);
    // a write holds its collection shared while it runs: it waits for an exclusive
    // transaction on it to end (collection-locks.ts; the common case skips all of this)
    let lockOwner: object | undefined;
    if (this.collectionLocks?.anyExclusive) {
      lockOwner = {};
      await this.collectionLocks.acquire(lockOwner, [col0], 'shared', COLLECTION_LOCK_TIMEOUT_MS);
    }
    try {
      // A key (or unique value) a stream transaction holds: wait for it up to ArangoDB's
      // lock timeout; what is still held then fails with 1200 (key-locks.ts).
      let locks: LockCheck | undefined;
      if (!this.locks.empty) {
        const deadline = performance.now() + LOCK_TIMEOUT_MS;
        while (items.some((item) => this.meetsLock(col0, op, item)) && performance.now() < deadline) await sleepMs(5);
        locks = this.locks.empty ? undefined : this.locks.outside;
      }
      return await this.applyLocked(db, colName, op, items, opts, synced, locks);
    } finally {
      if (lockOwner) this.collectionLocks!.release(lockOwner);
    }
  }

  private async applyLocked(db: string, colName: string, op: Op, items: readonly Item[], opts: WriteOptions, synced: boolean, locks: LockCheck | undefined): Promise<BatchResult> {
    const results = await this.engine.write(
      (tx) => {
        opts.before?.(tx);
        // Re-read the collection inside the mutation: it may have been dropped or
        // truncated by a mutation that ran after the request was parsed.
        const col = this.catalog.requireCollection(db, colName);
        const results = items.map((item): ItemResult => {
          try {
            return { ok: true, value: this.applyOne(tx, col, op, item, opts, locks) };
          } catch (e) {
            if (e instanceof ArangoError) return { ok: false, error: e };
            throw e;
          }
        });
        if (opts.allOrNothing) {
          const failed = results.find((r) => !r.ok && !opts.tolerate?.(r.error));
          if (failed && !failed.ok) throw failed.error; // nothing is issued (engine invariant 1)
        }
        if (results.some((r) => r.ok)) tx.put('meta', ['rev', col.dataId], this.ids.revision());
        return results;
      },
      { sync: synced },
    );
    return { results, synced };
  }

  /**
   * One item's operation against a caller-held WriteTxn (an AQL query's transaction,
   * storage/query-txn.ts): the same checks, key generation, revisions, index entries and
   * count/key-generator updates as apply(). Throws the item's ArangoError; the caller
   * decides whether that aborts its transaction. Does not write the collection revision
   * (['rev', dataId]); the caller owns that once per batch/transaction.
   */
  applyItem(tx: WriteTxn, col: CollectionRecord, op: Op, item: Item, opts: WriteOptions, locks?: LockCheck): Doc {
    return this.applyOne(tx, col, op, item, opts, locks);
  }

  /** Whether writing `item` would now meet a key or unique value a stream transaction holds. */
  private meetsLock(col: CollectionRecord, op: Op, item: Item): boolean {
    const body = isPlainObject(item.body) ? item.body : undefined;
    let key: string | undefined;
    try {
      key = op === 'insert' ? (typeof body?._key === 'string' ? body._key : undefined) : targetKey(op, item);
    } catch {
      return false; // the item fails its own checks anyway
    }
    if (key !== undefined && this.locks.docLocked(col, key)) return true;
    if (!body || op === 'remove') return false;
    for (const ix of col.indexes) {
      if (!ix.unique || ix.type === 'primary') continue;
      let entries;
      try {
        entries = indexEntries(ix, { ...body, _key: key ?? '' });
      } catch {
        return false; // an mdi index refuses the item (1561) when it is written
      }
      for (const e of entries) if (this.locks.uniqueLocked(ix, (e.key as unknown[]).slice(1))) return true;
    }
    return false;
  }

  private applyOne(tx: WriteTxn, col: CollectionRecord, op: Op, item: Item, opts: WriteOptions, locks?: LockCheck): Doc {
    if (op === 'remove') return this.removeOne(tx, col, item, opts, locks);
    if (!isPlainObject(item.body)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    if (op === 'insert') return this.insertOne(tx, col, item.body, opts, locks);
    const current = this.current(tx, col, targetKey(op, item));
    this.checkRevision(col, current, item, opts);
    if (op === 'update' && isNoOpUpdate(item)) return this.unchanged(col, current, opts);
    if (!isNewerVersion(current, item.body, opts.versionAttribute)) return this.unchanged(col, current, opts);
    const next = op === 'replace' ? this.replacement(col, current, item.body) : this.patched(col, current, item.body, opts);
    return this.store(tx, col, current, this.computed(col, op, next), opts, locks);
  }

  /** `next` with the collection's computed values for `op` applied (ComputeValuesHook). */
  private computed(col: CollectionRecord, op: Exclude<Op, 'remove'>, next: Doc): Doc {
    if (!this.computeValues || !Array.isArray(col.computedValues)) return next;
    return this.computeValues(col.computedValues, op, next, externalize(col, next));
  }

  /** The stored document under `key`; 1202 if there is none (an illegal key finds none). */
  private current(tx: WriteTxn, col: CollectionRecord, key: string): Doc {
    const current = isValidKey(key) ? loadStored(tx, col, key) : undefined;
    if (!current) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    return current;
  }

  /** ArangoDB's no-op update: nothing written, the revision stays. */
  private unchanged(col: CollectionRecord, current: Doc, opts: WriteOptions): Doc {
    const out: Doc = { _id: `${col.name}/${current._key as string}`, _key: current._key, _rev: current._rev, _oldRev: current._rev };
    if (opts.returnNew) out.new = externalize(col, current);
    if (opts.returnOld) out.old = externalize(col, current);
    return out;
  }

  /**
   * A read by key for GET and the multi-document read: `item` is a key, an _id (the part
   * after '/') or an object with _key (and _rev, checked unless ignoreRevs). Throws 1205
   * for no key, 1202 for no document, 1200 `conflict` (with _id/_key/_rev) for another _rev.
   * From `view` when given (a stream transaction's own writes over its snapshot).
   */
  read(col: CollectionRecord, item: unknown, ignoreRevs: boolean, view: Pick<ReadView, 'get'> = this.engine): Doc {
    const doc = this.get(col, handleKey(item), view);
    if (!doc) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    const expected = !ignoreRevs && isPlainObject(item) ? expectedRevision(item._rev) : undefined;
    if (expected !== undefined && expected !== doc._rev) throw revisionConflict(col, doc, 'conflict');
    return doc;
  }

  private insertOne(tx: WriteTxn, col: CollectionRecord, body: Doc, opts: WriteOptions, locks?: LockCheck): Doc {
    let key: string;
    const kgKey = ['kg', col.id];
    let last = (tx.get('meta', kgKey) as GeneratorValue | undefined) ?? 0;
    if (body._key !== undefined) {
      key = checkUserKey(col.keyOptions, body._key);
      const existing = loadStored(tx, col, key);
      // the key's lock comes before the duplicate check, as in ArangoDB
      locks?.doc(col, key, existing ? (existing._rev as string) : '');
      if (existing) return this.overwrite(tx, col, existing, body, opts, locks);
      last = trackUserKey(col.keyOptions, key, last);
    } else {
      const g = generateKey(col.keyOptions, last, () => this.ids.tick());
      key = g.key;
      last = g.last;
    }
    const doc = this.computed(col, 'insert', this.build(col, key, body));
    if (!opts.skipDocumentValidation) checkSchema(col.schema, doc, undefined);
    this.checkUnique(tx, col, doc);
    this.lockUnique(col, doc, locks, '');
    const seq = this.putDoc(tx, col, key, doc);
    for (const ix of col.indexes) if (ix.type !== 'primary') for (const e of indexEntries(ix, doc, seq)) tx.put('idx', e.key, e.value);
    tx.put('meta', ['count', col.dataId], this.catalog.count(col, tx) + 1);
    if (last !== ((tx.get('meta', kgKey) as GeneratorValue | undefined) ?? 0)) tx.put('meta', kgKey, last);
    const out: Doc = { _id: `${col.name}/${key}`, _key: key, _rev: doc._rev };
    if (opts.returnNew) out.new = externalize(col, doc);
    return out;
  }

  /** Insert onto an existing key: overwriteMode decides (default: conflict). */
  private overwrite(tx: WriteTxn, col: CollectionRecord, existing: Doc, body: Doc, opts: WriteOptions, locks?: LockCheck): Doc {
    const mode = opts.overwriteMode ?? 'conflict';
    if (mode === 'conflict') throw uniqueViolation(col.indexes[0]!, existing._key as string);
    if (mode === 'ignore') return { _id: `${col.name}/${existing._key as string}`, _key: existing._key, _rev: existing._rev };
    if (mode === 'update' && isNoOpUpdate({ body })) return this.unchanged(col, existing, opts);
    if (!isNewerVersion(existing, body, opts.versionAttribute)) return this.unchanged(col, existing, opts);
    const next = mode === 'replace' ? this.replacement(col, existing, body) : this.patched(col, existing, body, opts);
    return this.store(tx, col, existing, this.computed(col, mode, next), opts, locks);
  }

  /** The unique index values of a document about to be written: locked (or refused) first. */
  private lockUnique(col: CollectionRecord, doc: Doc, locks: LockCheck | undefined, rev: string): void {
    if (!locks) return;
    for (const ix of col.indexes) {
      if (!ix.unique || ix.type === 'primary') continue;
      for (const e of indexEntries(ix, doc)) locks.unique(col, ix, (e.key as unknown[]).slice(1), doc._key as string, rev);
    }
  }

  /** Writes `next` over `current` with its index changes; returns the result object. */
  private store(tx: WriteTxn, col: CollectionRecord, current: Doc, next: Doc, opts: WriteOptions, locks?: LockCheck): Doc {
    if (!opts.skipDocumentValidation) checkSchema(col.schema, next, current);
    this.checkUnique(tx, col, next);
    locks?.doc(col, next._key as string, current._rev as string);
    this.lockUnique(col, next, locks, current._rev as string);
    const oldSeq = tx.get('pk', [col.dataId, current._key as string]) as number | undefined;
    const seq = this.putDoc(tx, col, next._key as string, next);
    for (const ix of col.indexes) {
      if (ix.type === 'primary') continue;
      for (const e of indexEntries(ix, current, oldSeq)) tx.remove('idx', e.key);
      for (const e of indexEntries(ix, next, seq)) tx.put('idx', e.key, e.value);
    }
    const out: Doc = { _id: `${col.name}/${next._key as string}`, _key: next._key, _rev: next._rev, _oldRev: current._rev };
    if (opts.returnNew) out.new = externalize(col, next);
    if (opts.returnOld) out.old = externalize(col, current);
    return out;
  }

  private removeOne(tx: WriteTxn, col: CollectionRecord, item: Item, opts: WriteOptions, locks?: LockCheck): Doc {
    const key = targetKey('remove', item);
    const current = this.current(tx, col, key);
    this.checkRevision(col, current, item, opts);
    locks?.doc(col, key, current._rev as string);
    const oldSeq = tx.get('pk', [col.dataId, key]) as number | undefined;
    for (const ix of col.indexes) if (ix.type !== 'primary') for (const e of indexEntries(ix, current, oldSeq)) tx.remove('idx', e.key);
    this.deleteDoc(tx, col, key);
    tx.put('meta', ['count', col.dataId], this.catalog.count(col, tx) - 1);
    const out: Doc = { _id: `${col.name}/${key}`, _key: key, _rev: current._rev };
    if (opts.returnOld) out.old = externalize(col, current);
    return out;
  }

  /**
   * If-Match always counts (any value, even one that is no revision); a _rev in an object
   * body counts when ignoreRevs is false. Throws 1200 with status 412.
   */
  private checkRevision(col: CollectionRecord, current: Doc, item: Item, opts: WriteOptions): void {
    if (item.ifMatch !== undefined && item.ifMatch !== current._rev) throw revisionConflict(col, current);
    const bodyRev = opts.ignoreRevs === false && isPlainObject(item.body) ? expectedRevision(item.body._rev) : undefined;
    if (bodyRev !== undefined && bodyRev !== current._rev) throw revisionConflict(col, current);
  }

  /** Writes a document at a new seq (a collection scan reads it last), dropping its old place. */
  private putDoc(tx: WriteTxn, col: CollectionRecord, key: string, doc: Doc): number {
    const pk = [col.dataId, key];
    const old = tx.get('pk', pk) as number | undefined;
    if (old !== undefined) tx.remove('docs', [col.dataId, old]);
    const seq = this.ids.tick();
    tx.put('docs', [col.dataId, seq], doc);
    tx.put('pk', pk, seq);
    return seq;
  }

  private deleteDoc(tx: WriteTxn, col: CollectionRecord, key: string): void {
    const pk = [col.dataId, key];
    const old = tx.get('pk', pk) as number | undefined;
    if (old !== undefined) tx.remove('docs', [col.dataId, old]);
    tx.remove('pk', pk);
  }

  private checkUnique(tx: WriteTxn, col: CollectionRecord, doc: Doc): void {
    // an mdi index refuses non-numeric values (1561) before anything is written
    for (const ix of col.indexes) if (isSpecialIndex(ix)) specialEntries(ix, doc);
    // a vector index refuses a document without a proper vector (400/10, 400/17) likewise
    for (const ix of col.indexes) if (ix.type === 'vector') documentVector(ix, doc);
    // and a persistent index one whose entry would not fit an LMDB key (400/10, indexEntries)
    for (const ix of col.indexes) if (ix.type === 'persistent' && !ix.unique && mayNeedLongKey(ix, doc)) indexEntries(ix, doc, 0);
    for (const ix of col.indexes) {
      if (!ix.unique || ix.type === 'primary') continue;
      const entries = indexEntries(ix, doc);
      if (collidesWithItself(entries)) throw uniqueViolation(ix, doc._key as string);
      for (const e of entries) {
        const owner = tx.get('idx', e.key) as string | undefined;
        if (owner !== undefined && owner !== doc._key) throw uniqueViolation(ix, owner);
      }
    }
  }

  /** A new stored document from a client body: system attributes checked and ordered. */
  private build(col: CollectionRecord, key: string, body: Doc): Doc {
    const doc: Doc = { _key: key, _rev: this.ids.revision() };
    if (col.type === 3) {
      if (!isValidDocumentId(body._from) || !isValidDocumentId(body._to)) throw new ArangoError(ERR.ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE);
      doc._from = body._from;
      doc._to = body._to;
    }
    for (const k in body) if (!SYSTEM_ATTRS.has(k) && body[k] !== undefined) doc[k] = body[k];
    return doc;
  }

  private replacement(col: CollectionRecord, current: Doc, body: Doc): Doc {
    return this.build(col, current._key as string, body);
  }

  private patched(col: CollectionRecord, current: Doc, body: Doc, opts: WriteOptions): Doc {
    const user: Doc = {};
    for (const k in current) if (!SYSTEM_ATTRS.has(k)) user[k] = current[k];
    const patch: Doc = {};
    for (const k in body) if (!SYSTEM_ATTRS.has(k)) patch[k] = body[k];
    const merged = mergePatch(user, patch, opts.keepNull ?? true, opts.mergeObjects ?? true);
    if (col.type === 3) {
      merged._from = body._from !== undefined ? body._from : current._from;
      merged._to = body._to !== undefined ? body._to : current._to;
    }
    return this.build(col, current._key as string, merged);
  }
}

/**
 * Whether a write carrying `body` may replace `stored` under versionAttribute `attr`
 * (ArangoDB 3.12): yes without the option, when either side lacks a version that is a
 * non-negative number, and when the new version, rounded down, is higher than the stored
 * one; otherwise the write is skipped without an error.
 */
function isNewerVersion(stored: Doc, body: Doc, attr: string | undefined): boolean {
  if (!attr) return true;
  const next = body[attr];
  const prev = stored[attr];
  if (typeof next !== 'number' || !(next >= 0) || typeof prev !== 'number' || !(prev >= 0)) return true;
  return Math.floor(next) > Math.floor(prev);
}

/**
 * ArangoDB skips an update whose document (with its _key, and the If-Match _rev it gets
 * when a header is given) has at most one attribute: the result keeps the old revision.
 */
function isNoOpUpdate(item: Item): boolean {
  if (item.ifMatch !== undefined) return false;
  for (const k in item.body as Doc) if (k !== '_key') return false;
  return true;
}
