// One AQL query's transaction: the writes of a data-modification query, buffered while the
// query runs over many event-loop turns, invisible to everyone else, visible to the query
// itself, and committed in ONE engine mutation (one LMDB transaction) when the query
// completes. Nothing here knows AQL; the executor calls DocumentStore.applyItem with the
// WriteTxn this object hands out.
//
// Invariants:
//  1. Until commit() nothing of the query reaches LMDB: a query that fails, is killed, or
//     whose process dies leaves nothing behind (discard() only drops memory).
//  2. The query reads its own writes over one snapshot of the committed state taken when
//     it started (txn.get and scan: own -> snapshot); counts and the key generator are
//     read current (invariant 4).
//  3. Every document or index entry the query read from the snapshot, or wrote without
//     reading it first, is recorded (value in the snapshot); with trackReads off (a stream
//     transaction) only those it wrote. commit() re-reads each
//     inside its mutation and fails with 1200 `write-write conflict` (nothing written)
//     if any changed: a concurrent write between the query's start and its commit to a
//     key the query touched cannot be lost (RocksDB's conflict rule in ArangoDB).
//  4. Document counts and key-generator state are applied as deltas / maxima on top of the
//     state current at commit, never as the (possibly stale) values seen while running:
//     concurrent document-API writes that did not conflict keep their effect.
//  5. A collection the query wrote to must still have the same data id and the same index
//     data ids at commit (not dropped, truncated, or indexed differently meanwhile: the
//     buffered index entries would be wrong), else 1200 and nothing written.
//  6. Memory stays bounded: once SPILL_AT entries (writes + recorded reads) are buffered,
//     they move to the `stage` sub-database under [txn id, 0 (write) | 1 (read), db, ...key]
//     (one engine.write each; at most two spills in flight, settle()). Own reads look
//     memory -> spills in flight -> stage -> snapshot. A spilled transaction commits with
//     engine.writeDirect (engine invariant 6), streaming the stage into the real
//     sub-databases in the same single LMDB transaction. Stage entries are never read by
//     anyone else; they are deleted after commit/discard (clearStaging), and all of them
//     at startup (Storage.open: Engine.clear), so a crash mid-query leaves nothing.
//  7. A collection scan sees the documents as they were when it began (its first pull),
//     not the ones written while it runs: a write gives the document a new place (seq)
//     at the end of the collection, so `FOR d IN c UPDATE d IN c` would otherwise meet
//     every document again and update it twice (the Halloween problem). Every write
//     carries the transaction's write serial; the scan skips what it did not see begin.
//     (A document of the committed state that the query removes or moves before the scan
//     reaches it, through another row, is not met; ArangoDB's snapshot iterator would
//     still return its old version.)
//
//   open -> committed  [commit]   (one engine mutation; rejects -> discarded, nothing written)
//   open -> discarded  [discard]  (query failed, killed, cursor deleted or expired; a
//                                  discard while commit() is in progress does nothing)
import { COLLECTION_LOCK_TIMEOUT_MS, type CollectionLocks } from './collection-locks.js';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Catalog, CollectionRecord } from './catalog.js';
import type { Doc } from './documents.js';
import type { DbName, DirectOut, Engine, Key, RangeOptions, ReadView, Snapshot, WriteTxn } from './engine.js';
import type { LockCheck } from './key-locks.js';
import { maxLast, type GeneratorValue } from './keys.js';

const DELETED = Symbol('deleted');
type Value = unknown; // a stored value, or DELETED

interface Entry {
  db: DbName;
  key: Key;
  value: Value;
  /** The transaction's write serial when this value was written (scan, invariant 7). */
  at: number;
}

interface Seen {
  db: DbName;
  key: Key;
  /** docs: the _rev seen (undefined = absent); idx: the entry's value. */
  seen: unknown;
}

/** A slice of the buffer: the one in memory, or one being written to the stage. */
interface Tier {
  writes: Map<string, Entry>;
  reads: Map<string, Seen>;
  done?: Promise<void>;
}

/** Stored form of a staged write / read. */
type StagedWrite = { v: unknown; at: number } | { d: 1; at: number };
type StagedRead = { s: unknown } | { a: 1 };

const CLEAR_CHUNK = 5000;
let nextTxnId = 1;

function bufKey(db: DbName, key: Key): string {
  return db + '\u0000' + JSON.stringify(key);
}

function fingerprint(db: DbName, value: unknown): unknown {
  if (value === undefined) return undefined;
  return db === 'docs' ? (value as Doc)._rev : value;
}

/** Key order for the array keys of ownView ranges: element-wise, numbers before strings, a prefix first. */
function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return (x as number | string) < (y as number | string) ? -1 : 1;
  }
  return a.length - b.length;
}

function indexSignature(col: CollectionRecord): string {
  return col.indexes.map((ix) => ix.dataId).join(',');
}

function conflict(): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, 'write-write conflict');
}

export type TxnState = 'open' | 'committed' | 'discarded';

/** The final meta values a commit writes, computed while validating. */
interface MetaWrites {
  puts: { key: Key; value: unknown }[];
}

export class QueryTxn {
  /** Entries buffered in memory before a spill (invariant 6). Tests may lower it. */
  static spillAt = 20000;

  readonly id = nextTxnId++;
  private mem: Tier = { writes: new Map(), reads: new Map() };
  private readonly spilling: Tier[] = [];
  private staged = false;
  private failure: unknown;
  /** Counts this transaction's writes (invariant 7). */
  private writeSerial = 0;
  /** ['count', dataId] deltas (invariant 4). */
  private readonly countDelta = new Map<number, number>();
  /** ['kg', collection id] highest value this query generated or tracked. */
  private readonly keyGen = new Map<number, GeneratorValue>();
  /** Collections written, by id, with their data ids at first write (invariant 5). */
  private readonly touched = new Map<number, { db: string; dataId: number; indexes: string }>();
  private sync = false;
  private committing = false;
  state: TxnState = 'open';
  readonly tx: WriteTxn;
  /** The committed state as of the query's start (invariant 2); closed by release(). */
  private readonly snap: Snapshot;
  /** The engine's write epoch read just before the snapshot was taken (Engine.writeEpoch). */
  readonly epoch: number;
  /**
   * Whether what it only read counts at commit (invariant 3). An AQL query's does; a stream
   * transaction's does not (ArangoDB checks the keys a transaction writes, not those it
   * reads): there only writes and the values they replaced count.
   */
  trackReads = true;
  /**
   * Whether document counts are read as of the snapshot (plus own deltas) rather than
   * current: a stream transaction's are, as ArangoDB counts from the number of documents
   * its transaction saw when it began. Deltas are applied at commit either way (invariant 4).
   */
  snapshotCounts = false;
  /** The key-lock checks its writes make (key-locks.ts): a stream transaction's own, else those of a write outside one. */
  locks: LockCheck | undefined;
  /** Called before every write to a collection (a stream transaction tells the query results cache). */
  onWrite: ((col: CollectionRecord) => void) | undefined;
  /**
   * Set for an AQL query's own transaction: its commit holds the collections it wrote
   * shared, so it waits for exclusive transactions on them (collection-locks.ts). A stream
   * transaction's buffer leaves it unset: the transaction holds its locks from its begin.
   */
  collectionLocks: CollectionLocks | undefined;

  /** The committed state this transaction reads (for index reads of the same query). */
  get view(): ReadView {
    return this.snap;
  }

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly newRevision: () => string,
  ) {
    this.epoch = engine.writeEpoch;
    this.snap = engine.snapshot();
    this.tx = {
      get: (db, key) => this.get(db, key),
      put: (db, key, value) => this.put(db, key, value),
      remove: (db, key) => this.put(db, key, DELETED),
      range: () => {
        throw new Error('range() is not available in a query transaction');
      },
      afterCommit: () => {
        throw new Error('afterCommit() is not available in a query transaction');
      },
      onAbort: () => {
        throw new Error('onAbort() is not available in a query transaction');
      },
    };
  }

  /** Whether the query wrote anything (a read-only query never commits). */
  get dirty(): boolean {
    return this.mem.writes.size > 0 || this.staged || this.spilling.length > 0 || this.countDelta.size > 0 || this.keyGen.size > 0;
  }

  /** Whether this transaction has written (or is about to write) collection `id`. */
  wrote(id: number): boolean {
    return this.touched.has(id);
  }

  /** Marks collection `col` as written by this query; call before each write to it. */
  touch(col: CollectionRecord, waitForSync: boolean): void {
    this.assertOpen();
    if (!this.touched.has(col.id)) this.touched.set(col.id, { db: col.db, dataId: col.dataId, indexes: indexSignature(col) });
    this.onWrite?.(col);
    if (waitForSync || col.waitForSync) this.sync = true;
  }

  /** Waits while more than one spill is in flight (keeps memory bounded, invariant 6). */
  async settle(): Promise<void> {
    while (this.spilling.length > 1) await this.spilling[0]!.done;
    if (this.failure) throw this.failure;
  }

  // ---- reads and writes ------------------------------------------------------------

  private stageKey(kind: 0 | 1, db: DbName, key: Key): Key {
    if (!Array.isArray(key)) throw new Error('query transaction keys are arrays');
    return [this.id, kind, db, ...(key as (string | number | boolean | null)[])];
  }

  /** This query's own value for a key (DELETED for a removal), or undefined if it has none. */
  private own(db: DbName, key: Key, k = bufKey(db, key)): Value | undefined {
    const m = this.mem.writes.get(k);
    if (m) return m.value;
    for (let i = this.spilling.length - 1; i >= 0; i--) {
      const w = this.spilling[i]!.writes.get(k);
      if (w) return w.value;
    }
    if (!this.staged) return undefined;
    const st = this.engine.get('stage', this.stageKey(0, db, key)) as StagedWrite | undefined;
    if (!st) return undefined;
    return 'd' in st ? DELETED : st.v;
  }

  /** The query's view of a key: its own write, else the committed value (recorded, invariant 3). */
  private get(db: DbName, key: Key): unknown {
    if (db === 'meta') return this.getMeta(key);
    const k = bufKey(db, key);
    const own = this.own(db, key, k);
    if (own !== undefined) return own === DELETED ? undefined : own;
    const value = this.snap.get(db, key);
    if (this.trackReads && !this.mem.reads.has(k)) {
      this.mem.reads.set(k, { db, key, seen: fingerprint(db, value) });
      this.maybeSpill();
    }
    return value;
  }

  private put(db: DbName, key: Key, value: unknown): void {
    this.assertOpen();
    if (db === 'meta') return this.putMeta(key, value);
    const k = bufKey(db, key);
    // A blind write (a generated key, a new index entry) counts as a read of what it
    // replaces: a concurrent write of the same key must be a conflict, not lost.
    if (this.own(db, key, k) === undefined && !this.mem.reads.has(k)) {
      this.mem.reads.set(k, { db, key, seen: fingerprint(db, this.snap.get(db, key)) });
    }
    this.mem.writes.set(k, { db, key, value, at: ++this.writeSerial });
    this.maybeSpill();
  }

  private getMeta(key: Key): unknown {
    const [kind, id] = key as [string, number];
    const committed = kind === 'count' && this.snapshotCounts ? this.snap.get('meta', key) : this.engine.get('meta', key);
    if (kind === 'count') return ((committed as number | undefined) ?? 0) + (this.countDelta.get(id) ?? 0);
    if (kind === 'kg') {
      const own = this.keyGen.get(id);
      return own === undefined ? committed : maxLast(own, (committed as GeneratorValue | undefined) ?? 0);
    }
    return committed;
  }

  private putMeta(key: Key, value: unknown): void {
    const [kind, id] = key as [string, number];
    if (kind === 'count') {
      const now = this.getMeta(key) as number;
      this.countDelta.set(id, (this.countDelta.get(id) ?? 0) + ((value as number) - now));
    } else if (kind === 'kg') {
      this.keyGen.set(id, maxLast(value as GeneratorValue, this.keyGen.get(id) ?? 0));
    } else {
      throw new Error(`query transaction cannot write meta key ${JSON.stringify(key)}`);
    }
  }

  /**
   * Whether someone committed a write to `key` after this transaction's snapshot was taken
   * (its committed value is no longer the snapshot's) while this transaction has not
   * written the key itself. A stream transaction asks before its first write of a document,
   * to fail at once as RocksDB's snapshot validation makes ArangoDB's fail.
   */
  changedSinceSnapshot(db: DbName, key: Key): boolean {
    if (this.own(db, key) !== undefined) return false;
    return fingerprint(db, this.engine.get(db, key)) !== fingerprint(db, this.snap.get(db, key));
  }

  // ---- spilling (invariant 6) --------------------------------------------------------

  private maybeSpill(): void {
    if (this.mem.writes.size + this.mem.reads.size < QueryTxn.spillAt) return;
    const tier = this.mem;
    this.mem = { writes: new Map(), reads: new Map() };
    this.spilling.push(tier);
    tier.done = this.engine
      .write((tx) => {
        for (const w of tier.writes.values()) tx.put('stage', this.stageKey(0, w.db, w.key), (w.value === DELETED ? { d: 1, at: w.at } : { v: w.value, at: w.at }) satisfies StagedWrite);
        for (const r of tier.reads.values()) {
          const sk = this.stageKey(1, r.db, r.key);
          // the first value seen counts (an earlier spill may hold it)
          if (tx.get('stage', sk) === undefined) tx.put('stage', sk, (r.seen === undefined ? { a: 1 } : { s: r.seen }) satisfies StagedRead);
        }
      })
      .then(
        () => {
          this.staged = true;
          this.spilling.splice(this.spilling.indexOf(tier), 1);
        },
        (e: unknown) => {
          this.failure ??= e;
          this.spilling.splice(this.spilling.indexOf(tier), 1);
        },
      );
  }

  // ---- scans -------------------------------------------------------------------------

  /**
   * Documents of `col` as this query sees them (own writes over the committed state) when
   * the scan begins (invariant 7). Committed documents come first in key order, then
   * documents only this query wrote.
   */
  *scan(col: CollectionRecord): Generator<Doc> {
    const begun = this.writeSerial;
    const range: RangeOptions = { start: [col.dataId], end: [col.dataId + 1] };
    for (const { key, value } of this.snap.range('docs', range)) {
      const own = this.own('docs', key);
      if (own === undefined) yield value as Doc;
      else if (own !== DELETED) yield own as Doc;
    }
    const mine = (w: Entry) => w.at <= begun && w.db === 'docs' && w.value !== DELETED && (w.key as unknown[])[0] === col.dataId && this.snap.get('docs', w.key) === undefined;
    const tiers = [this.mem, ...[...this.spilling].reverse()];
    for (let i = 0; i < tiers.length; i++) {
      for (const [k, w] of [...tiers[i]!.writes]) {
        if (tiers.slice(0, i).some((t) => t.writes.has(k))) continue; // a newer write of the key
        if (mine(w)) yield w.value as Doc;
      }
    }
    if (!this.staged) return;
    const start = [this.id, 0, 'docs', col.dataId];
    for (const { key, value } of this.engine.range('stage', { start, end: [this.id, 0, 'docs', col.dataId + 1] })) {
      const realKey = (key as unknown[]).slice(3) as Key;
      const k = bufKey('docs', realKey);
      if (tiers.some((t) => t.writes.has(k))) continue;
      const st = value as StagedWrite;
      if ('d' in st || st.at > begun || this.snap.get('docs', realKey) !== undefined) continue;
      yield st.v as Doc;
    }
  }

  /**
   * This transaction's reads as a ReadView (index lookups of a query inside it, such as a
   * traversal's edge reads): point reads see its own writes, as tx.get does; a range gives
   * the committed entries it did not remove (with its own value where it changed one),
   * then the entries only it wrote, which are in the range but not in key order. Only
   * forward ranges with a start and an end over array keys are supported.
   */
  get ownView(): ReadView {
    return {
      get: (db, key) => this.get(db, key),
      range: (db, opts) => this.ownRange(db, opts),
    };
  }

  private *ownRange(db: DbName, opts: RangeOptions): Generator<{ key: Key; value: unknown }> {
    if (opts.reverse || !Array.isArray(opts.start) || !Array.isArray(opts.end)) throw new Error('ownView ranges need array start and end keys');
    const start = opts.start as readonly unknown[];
    const end = opts.end as readonly unknown[];
    for (const { key, value } of this.snap.range(db, opts)) {
      const own = this.own(db, key);
      if (own === undefined) yield { key, value };
      else if (own !== DELETED) yield { key, value: own };
    }
    const inRange = (key: Key): boolean => Array.isArray(key) && compareKeys(key, start) >= 0 && compareKeys(key, end) < 0;
    const seen = new Set<string>();
    for (const tier of [this.mem, ...[...this.spilling].reverse()]) {
      for (const [k, w] of tier.writes) {
        if (seen.has(k)) continue;
        seen.add(k);
        if (w.db !== db || w.value === DELETED || !inRange(w.key) || this.snap.get(db, w.key) !== undefined) continue;
        yield { key: w.key, value: w.value };
      }
    }
    if (!this.staged) return;
    const range = { start: [this.id, 0, db, ...start] as Key, end: [this.id, 0, db, ...end] as Key };
    for (const { key, value } of this.engine.range('stage', range)) {
      const realKey = (key as unknown[]).slice(3) as Key;
      if (seen.has(bufKey(db, realKey))) continue;
      const st = value as StagedWrite;
      if ('d' in st || this.snap.get(db, realKey) !== undefined) continue;
      yield { key: realKey, value: st.v };
    }
  }

  // ---- commit ------------------------------------------------------------------------

  /**
   * Validates (invariants 3-5) and writes everything in one engine mutation. Rejects with
   * 1200 on a conflict or whatever the engine rejects with; either way nothing is written.
   */
  async commit(): Promise<void> {
    this.assertOpen();
    this.committing = true;
    try {
      while (this.spilling.length > 0) await this.spilling[0]!.done;
      if (this.failure) throw this.failure;
      if (!this.dirty) {
        this.state = 'committed';
        return;
      }
      const locks = this.collectionLocks?.anyExclusive ? this.collectionLocks : undefined;
      if (locks) await locks.acquire(this, [...this.touched.keys()].map((id) => ({ id })), 'shared', COLLECTION_LOCK_TIMEOUT_MS);
      try {
        if (this.staged) await this.engine.writeDirect((tx) => this.validate(tx), (out, meta) => this.emit(out, meta), { sync: this.sync });
        else
          await this.engine.write(
            (tx) => {
              const meta = this.validate(tx);
              this.emit(tx, meta);
            },
            { sync: this.sync },
          );
      } finally {
        locks?.release(this);
      }
      this.state = 'committed';
    } finally {
      if (this.state !== 'committed') this.state = 'discarded';
      this.committing = false;
      this.release();
    }
  }

  /** Invariants 3-5 against the state current inside the commit; computes the meta writes. */
  private validate(tx: WriteTxn): MetaWrites {
    for (const [id, t] of this.touched) {
      const col = this.catalog.collection(t.db, String(id));
      if (!col || col.dataId !== t.dataId || indexSignature(col) !== t.indexes) throw conflict();
    }
    for (const r of this.mem.reads.values()) {
      if (fingerprint(r.db, tx.get(r.db, r.key)) !== r.seen) throw conflict();
    }
    if (this.staged) {
      for (const { key, value } of tx.range('stage', { start: [this.id, 1], end: [this.id, 2] })) {
        const db = (key as unknown[])[2] as DbName;
        const realKey = (key as unknown[]).slice(3) as Key;
        const st = value as StagedRead;
        if (fingerprint(db, tx.get(db, realKey)) !== ('a' in st ? undefined : st.s)) throw conflict();
      }
    }
    const puts: MetaWrites['puts'] = [];
    for (const [dataId, delta] of this.countDelta) {
      if (delta !== 0) puts.push({ key: ['count', dataId], value: ((tx.get('meta', ['count', dataId]) as number | undefined) ?? 0) + delta });
    }
    for (const [id, last] of this.keyGen) {
      const current = (tx.get('meta', ['kg', id]) as GeneratorValue | undefined) ?? 0;
      if (last > current) puts.push({ key: ['kg', id], value: last });
    }
    for (const t of this.touched.values()) puts.push({ key: ['rev', t.dataId], value: this.newRevision() });
    return { puts };
  }

  /** Issues every write: staged ones first (older), then memory; then the meta values. */
  private emit(out: DirectOut, meta: MetaWrites): void {
    const issue = (db: DbName, key: Key, value: Value): void => (value === DELETED ? out.remove(db, key) : out.put(db, key, value));
    if (this.staged) {
      for (const { key, value } of this.engine.range('stage', { start: [this.id, 0], end: [this.id, 1] })) {
        const db = (key as unknown[])[2] as DbName;
        const realKey = (key as unknown[]).slice(3) as Key;
        if (this.mem.writes.has(bufKey(db, realKey))) continue;
        const st = value as StagedWrite;
        issue(db, realKey, 'd' in st ? DELETED : st.v);
      }
    }
    for (const w of this.mem.writes.values()) issue(w.db, w.key, w.value);
    for (const p of meta.puts) out.put('meta', p.key, p.value);
  }

  /** Drops everything buffered (invariant 1). Idempotent; a committed txn stays committed. */
  discard(): void {
    if (this.committing) return; // the commit in progress ends in committed or discarded by itself
    if (this.state === 'open') this.state = 'discarded';
    this.release();
  }

  private release(): void {
    const hadStage = this.staged || this.spilling.length > 0;
    const pending = this.spilling.map((t) => t.done);
    this.mem = { writes: new Map(), reads: new Map() };
    this.countDelta.clear();
    this.keyGen.clear();
    this.staged = false;
    this.snap.close();
    if (hadStage) void Promise.allSettled(pending).then(() => clearStaging(this.engine, this.id));
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`query transaction is ${this.state}`);
  }
}

/**
 * Deletes the staged entries of one transaction in chunks of exclusive mutations. Never
 * rejects: leftovers are harmless (only their own transaction reads them) and every
 * startup empties the stage (Storage.open).
 */
export async function clearStaging(engine: Engine, txnId: number): Promise<void> {
  const range: RangeOptions = { start: [txnId], end: [txnId + 1], limit: CLEAR_CHUNK };
  try {
    for (;;) {
      const n = await engine.writeExclusive((tx) => {
        let count = 0;
        for (const { key } of tx.range('stage', range)) {
          tx.remove('stage', key);
          count++;
        }
        return count;
      });
      if (n < CLEAR_CHUNK) return;
    }
  } catch {
    // storage closing or failing: see the comment above
    return;
  }
}
