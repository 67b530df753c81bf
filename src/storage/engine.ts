// The LMDB environment and the one write path. Only src/storage imports lmdb.
//
// Why not lmdb-js's transaction callbacks: on this platform its async `transaction()`
// never runs its callback and `transactionSync()` leaves a native mutex locked so that
// `close()` deadlocks (gdb: EnvWrap::cleanupStrayTxns waiting on writingLock). Plain
// asynchronous put/remove work, and lmdb-js commits every put/remove issued in one event
// turn in one LMDB transaction. The write path is built on exactly that.
//
// Invariants:
//  1. A mutation runs synchronously: it reads, validates and decides, then its writes are
//     issued together in the same event turn, so they commit in one LMDB transaction
//     (all or nothing). A mutation that throws issues nothing.
//  2. Mutations are applied in the order they run. A mutation sees every earlier
//     mutation's writes, committed or not: writes not yet committed are kept in the
//     overlay, and WriteTxn.get() reads the overlay before LMDB.
//  3. A mutation's promise resolves only after LMDB committed its writes (visible and in
//     the file, so they survive kill -9 of this process); with `sync` also after they were
//     flushed to the disk (survive power loss). Nothing is acknowledged earlier.
//  4. An exclusive mutation (range deletes, index builds) runs only when the overlay is
//     empty, and no other mutation starts until it has issued its writes; so it may read
//     ranges straight from LMDB.
//  5. Batching: many mutations in flight share one LMDB commit (group commit). That is
//     what makes concurrent writes cheap, and by 3 it never acknowledges early.
//  6. A direct mutation (writeDirect, for commits too large to hold in memory: an AQL
//     query's spilled transaction) is exclusive (4): it first validates with plain reads,
//     then issues its writes straight to LMDB as it produces them, all in the same event
//     turn, so they still commit in one LMDB transaction (lmdb-js keeps an event turn's
//     batch open until the turn ends, even after its write thread started on it). It keeps
//     no overlay and no copy of its writes: nothing else runs until it has committed, and
//     it must not read what it wrote. Its emit step must not throw once it has issued a
//     write (there is no rollback); it writes only values that were encoded before.
import { open, type Database, type RootDatabase } from 'lmdb';
import { mkdirSync } from 'node:fs';
import type { RecordProbes, RecordProjection } from './record-probe.js';
import { escapingKeyWriter, readCompoundKey } from './key-codec.js';
import { ArangoError, ERR } from '../errors/arango-error.js';

export type Key = string | number | boolean | null | readonly (string | number | boolean | null)[];
/**
 * `docs`: documents under [dataId, seq], `pk`: [dataId, key] -> seq (documents.ts
 * loadStored). `jobs`: the async job store (storage/jobs.ts). `stage`: AQL query
 * transactions spilled from memory (storage/query-txn.ts); never read by others.
 */
export type DbName = 'meta' | 'docs' | 'pk' | 'idx' | 'jobs' | 'stage';

/**
 * LMDB reader slots: one per read transaction alive at once, shared by every process
 * that opens the environment. lmdb-js's default, 126, let 127 stream cursors opened
 * between writes (each holds its own read transaction) take every slot, after which every
 * read of the server failed until one closed. A slot costs 64 bytes of the lock file.
 */
const MAX_READERS = 4096;
/**
 * Slots snapshots never take: the engine's own committed reads go through the read
 * transaction lmdb-js renews after each commit, which needs a free slot whenever a
 * snapshot still holds the previous one.
 */
const READER_RESERVE = 96;
/** LMDB's MDB_READERS_FULL. */
const MDB_READERS_FULL = -30790;

/** The error for a snapshot that would take one reader slot too many (ERROR_RESOURCE_LIMIT). */
function tooManySnapshots(max: number): ArangoError {
  return ArangoError.withMessage(
    ERR.ERROR_RESOURCE_LIMIT,
    `too many read snapshots open at once (at most ${max}): close stream cursors, stream transactions and dump batches that are no longer needed`,
  );
}

interface LmdbStats {
  pageSize: number;
  treeDepth: number;
  treeBranchPageCount: number;
  treeLeafPageCount: number;
  entryCount: number;
  overflowPages: number;
}

/** One sub-database's B-tree (Engine.stats). */
export interface SubDbStats {
  entries: number;
  depth: number;
  branchPages: number;
  leafPages: number;
  overflowPages: number;
}

/** The environment's figures (Engine.stats). */
export interface EngineStats {
  pageSize: number;
  mapSize: number;
  lastPageNumber: number;
  lastTxnId: number;
  maxReaders: number;
  numReaders: number;
  freelistEntries: number;
  databases: Record<DbName, SubDbStats>;
}

export interface RangeOptions {
  start?: Key;
  end?: Key;
  reverse?: boolean;
  limit?: number;
  offset?: number;
}

/** What a mutation may do. Reads see all earlier mutations and this one's own writes. */
export interface WriteTxn {
  get(db: DbName, key: Key): unknown;
  put(db: DbName, key: Key, value: unknown): void;
  remove(db: DbName, key: Key): void;
  /** Only in exclusive mutations (invariant 4): committed range straight from LMDB. */
  range(db: DbName, opts: RangeOptions): Iterable<{ key: Key; value: unknown }>;
  /** Runs after the mutation's writes are committed, before its promise resolves. */
  afterCommit(fn: () => void): void;
  /**
   * Runs (latest first) when the mutation throws before its writes were issued, so nothing
   * of it was written: for state mirrored in memory as the mutation went (the catalog's
   * records), which must then be put back.
   */
  onAbort(fn: () => void): void;
}

interface Pending {
  seq: number;
  value: unknown; // DELETED for a remove
}

const DELETED = Symbol('deleted');

/**
 * lmdb-js compares keys with its own comparator (compareFast), which reads the key being
 * looked up (a get, or the start of a range) past its end, up to the length of each stored
 * key it meets, assuming zeros there. Lookup keys are written at the start of one shared
 * buffer that still holds earlier, longer keys, and ordered-binary ends a number or null
 * element without zeroing what follows. So a lookup key that is a prefix of stored keys
 * continuing with zero bytes ([dataId] before [dataId, null, null, key]: null elements
 * and separators are zero bytes) compared as larger than them, and a range skipped them
 * (an index read missed documents whose indexed values were null). Lookup keys are the
 * ones written at position 0; writes put their keys elsewhere, into zeroed buffers.
 */
const LOOKUP_PAD_END = 4064; // lmdb-js keeps other data at the end of its 4096-byte key buffer
// A run of zero bytes inside a stored key is at most a few bytes per null or number
// element, so 512 zeros after the key decide every comparison (and cost a quarter of
// zeroing the whole buffer on each lookup).
const LOOKUP_PAD = 512;
function zeroPadLookupKeys(db: Database): void {
  const store = db as unknown as { writeKey: (key: unknown, target: Uint8Array, position: number) => number };
  const writeKey = store.writeKey;
  store.writeKey = function (key, target, position) {
    const end = writeKey.call(this, key, target, position);
    if (position === 0 && end < LOOKUP_PAD_END) target.fill(0, end, Math.min(target.length, LOOKUP_PAD_END, end + LOOKUP_PAD));
    return end;
  };
}

function overlayKey(db: DbName, key: Key): string {
  if (typeof key === 'string') return db + '\u0000s' + key;
  // The common compound keys (strings and numbers, as the job store's) without
  // JSON.stringify; 'n'/'s' tags keep 1 and '1' apart, \u0001 separates parts (a string
  // containing it falls back to JSON, whose text starts with '[' and never with 'a').
  if (Array.isArray(key)) {
    let k = db + '\u0000a';
    for (const part of key) {
      if (typeof part === 'number') k += '\u0001n' + part;
      else if (typeof part === 'string' && !part.includes('\u0001')) k += '\u0001s' + part;
      else return db + '\u0000' + JSON.stringify(key);
    }
    return k;
  }
  return db + '\u0000' + JSON.stringify(key);
}

export interface EngineOptions {
  path: string;
  /** Tests only: skip fsync entirely (kill -9 safety still holds, power loss does not). */
  noSync?: boolean;
  /** LMDB reader slots (tests use fewer); snapshots may hold all but 96 of them. */
  maxReaders?: number;
}

/** Committed reads: the engine itself (latest state) or a Snapshot (one fixed state). */
export interface ReadView {
  get(db: DbName, key: Key): unknown;
  range(db: DbName, opts: RangeOptions): Iterable<{ key: Key; value: unknown }>;
  /**
   * Documents (the docs database) that pass `test`: whose stored bytes contain, for every
   * list of needles, one of its byte strings, and whose probed attributes pass their
   * probes; the others come as SKIPPED, not decoded (see testedDecoder). Without a test,
   * every document. Their keys are not decoded (the entries' `key` is null). Absent on
   * views that cannot do it.
   */
  testedDocs?(opts: RangeOptions, test?: ScanTest): Iterator<{ key: Key; value: unknown }>;
  /** How many entries [start, end) holds, counted by LMDB without decoding them. Absent on views that cannot. */
  count?(db: DbName, opts: RangeOptions): number;
}

/** Byte strings a stored document must contain: one of each list. */
export type Needles = readonly (readonly Uint8Array[])[];

/** What a document's stored bytes must pass for testedDocs to decode it. */
export interface ScanTest {
  needles: Needles;
  /** Conditions on top-level attributes read from the bytes (record-probe.ts); null for none. */
  probes: RecordProbes | null;
  /**
   * Set when only these top-level attributes of the documents are read: a document that
   * passes comes as a ProjectedDoc of them when its bytes settle their values, else whole.
   */
  projection: RecordProjection | null;
}

/** What testedDocs gives for a document whose bytes lack a needle. */
export const SKIPPED: unique symbol = Symbol('skipped');

const NO_TEST: ScanTest = { needles: [], probes: null, projection: null };

/** The test of the testedDocs iteration being advanced (set only around its next()). */
let activeTest: ScanTest = NO_TEST;

const indexOf = Buffer.prototype.indexOf as (this: Uint8Array, needle: Uint8Array) => number;

/**
 * True when bytes[0, end) contain `n`. A plain loop for documents of up to 2 KiB (making
 * a Buffer view per document cost more than decoding it), Buffer's native search beyond
 * (the loop's worst case grows with document size times needle length).
 */
function contains(bytes: Uint8Array, end: number, n: Uint8Array): boolean {
  if (end > 2048) return indexOf.call(bytes.subarray(0, end), n) >= 0;
  const first = n[0];
  const last = end - n.length;
  outer: for (let i = 0; i <= last; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The decoder of the docs database's second handle: lmdb hands it the value's bytes in
 * its shared read buffer, before anything is copied or decoded, so a document that fails
 * the active test costs a byte search or a probe only; the others are decoded as the docs
 * database does (`docs` is that database: its decoder also holds msgpackr's shared
 * structures, which the probes read).
 */
function testedDecoder(docs: { decoder: { decode(bytes: Uint8Array, end: number): unknown; structures?: readonly (readonly string[])[] } }) {
  return {
    encode(): never {
      throw new Error('the tested docs handle is read-only');
    },
    decode(bytes: Uint8Array, end: number): unknown {
      const test = activeTest;
      for (const list of test.needles) {
        let found = false;
        for (const n of list) {
          if (contains(bytes, end, n)) {
            found = true;
            break;
          }
        }
        if (!found) return SKIPPED;
      }
      if (test.probes !== null && !test.probes.accepts(bytes, end, docs.decoder.structures)) return SKIPPED;
      if (test.projection !== null) {
        const projected = test.projection.project(bytes, end, docs.decoder.structures);
        if (projected !== undefined) return projected;
      }
      return docs.decoder.decode(bytes, end);
    },
  };
}

/** An iterator over `source` that makes `test` the active one while it advances. */
function withTest<T>(source: Iterable<T>, test: ScanTest): Iterator<T> {
  const it = source[Symbol.iterator]();
  // no test is the one active outside a tested next() (they never nest: each is synchronous)
  if (test === NO_TEST) return it;
  return {
    next() {
      activeTest = test;
      try {
        return it.next();
      } finally {
        activeTest = NO_TEST;
      }
    },
    return(value?: unknown) {
      return it.return?.(value) ?? { done: true, value: undefined as T };
    },
  };
}

/** A consistent read view of the committed state (Engine.snapshot). */
/** What a snapshot keeps of lmdb-js's read transaction. */
interface ReadTxn {
  done(): void;
}

export interface Snapshot extends ReadView {
  close(): void;
}

/** How a direct mutation issues its writes (engine invariant 6). */
export interface DirectOut {
  put(db: DbName, key: Key, value: unknown): void;
  remove(db: DbName, key: Key): void;
}

/** Called after a mutation's function succeeded, before its writes are issued. */
export type BeforeIssue = (tx: WriteTxn) => void;

export class Engine {
  readonly root: RootDatabase;
  private readonly dbs: Record<DbName, Database>;
  /** The docs database again, through testedDecoder (testedDocs). */
  private readonly docsTested: Database;
  private readonly overlay = new Map<string, Pending>();
  private seq = 0;
  private inFlight = new Set<Promise<unknown>>();
  private exclusiveChain: Promise<void> = Promise.resolve();
  private exclusiveActive = 0;
  private closed = false;
  beforeIssue: BeforeIssue | undefined;
  /** Counts committed mutations that wrote documents (see docsWrittenAt). */
  private epoch = 0;
  private readonly docsWritten = new Map<number, number>();
  /** The read transactions open snapshots hold, with their number of snapshots. */
  private readonly snapshotTxns = new Map<ReadTxn, number>();
  /** Most distinct read transactions snapshots hold at once. */
  private readonly maxSnapshotReaders: number;

  constructor(opts: EngineOptions) {
    mkdirSync(opts.path, { recursive: true });
    // noSubdir explicitly: lmdb-js guesses it from the name, and would take a directory
    // with a dot in its name (mktemp -d's /tmp/tmp.XXXX, ./data.v2) for a database file
    this.maxSnapshotReaders = (opts.maxReaders ?? MAX_READERS) - READER_RESERVE;
    this.root = open({ path: opts.path, noSubdir: false, maxDbs: 8, maxReaders: opts.maxReaders ?? MAX_READERS, noSync: opts.noSync ?? false });
    this.dbs = {
      meta: this.root.openDB({ name: 'meta', encoding: 'msgpack' }),
      docs: this.root.openDB({ name: 'docs', encoding: 'msgpack', sharedStructuresKey: Symbol.for('structures') }),
      pk: this.root.openDB({ name: 'pk', encoding: 'msgpack' }),
      idx: this.root.openDB({ name: 'idx', encoding: 'msgpack' }),
      jobs: this.root.openDB({ name: 'jobs', encoding: 'msgpack', sharedStructuresKey: Symbol.for('structures') }),
      stage: this.root.openDB({ name: 'stage', encoding: 'msgpack' }),
    };
    // index and staged keys hold runs of nulls, which ordered-binary's reader mangles, and
    // long strings, which its writer does not escape (key-codec.ts)
    for (const db of [this.dbs.idx, this.dbs.stage]) {
      const hooks = db as unknown as { readKey: typeof readCompoundKey; writeKey: Parameters<typeof escapingKeyWriter>[0] };
      hooks.readKey = readCompoundKey;
      hooks.writeKey = escapingKeyWriter(hooks.writeKey);
    }
    for (const db of Object.values(this.dbs)) zeroPadLookupKeys(db);
    const docs = this.dbs.docs as unknown as Parameters<typeof testedDecoder>[0];
    this.docsTested = this.root.openDB({ name: 'docs', encoder: testedDecoder(docs) } as never);
    zeroPadLookupKeys(this.docsTested);
    // Scans through this handle read values only (a stored document holds its own _key),
    // so their keys are not decoded: lmdb-js decodes each key with the handle's readKey,
    // about 40 of the 190 ns an entry costs. Nothing reads this handle's keys.
    (this.docsTested as unknown as { readKey: () => null }).readKey = () => null;
  }

  /**
   * The number of committed mutations that wrote documents so far. Read it before taking
   * a snapshot: a result computed from that snapshot is current for as long as no
   * collection it read has docsWrittenAt() above the number read.
   */
  get writeEpoch(): number {
    return this.epoch;
  }

  /**
   * The writeEpoch at which the last mutation that wrote documents under `dataId` ended
   * (0: none since the process started). Raised once the mutation's commit ended, before
   * its promise resolves, so before its write is acknowledged; a failed commit raises it
   * too. For the query results cache (cursors/query-cache.ts).
   */
  docsWrittenAt(dataId: number): number {
    return this.docsWritten.get(dataId) ?? 0;
  }

  private docsCommitted(dataIds: Set<number>): void {
    if (dataIds.size === 0) return;
    const e = ++this.epoch;
    for (const d of dataIds) this.docsWritten.set(d, e);
  }

  testedDocs(opts: RangeOptions, test: ScanTest = NO_TEST): Iterator<{ key: Key; value: unknown }> {
    return withTest(this.docsTested.getRange(opts as never) as unknown as Iterable<{ key: Key; value: unknown }>, test);
  }

  /** Committed read (acknowledged writes are always committed, invariant 3). */
  get(db: DbName, key: Key): unknown {
    return this.dbs[db].get(key as never);
  }

  /** Committed range read, in key order. */
  range(db: DbName, opts: RangeOptions): Iterable<{ key: Key; value: unknown }> {
    return this.dbs[db].getRange(opts as never) as unknown as Iterable<{ key: Key; value: unknown }>;
  }

  /** Committed entries in [start, end), counted natively (no key or value decoded). */
  count(db: DbName, opts: RangeOptions): number {
    return this.dbs[db].getCount(opts as never);
  }

  /**
   * A read snapshot of the committed state as of now (one LMDB read transaction), for a
   * reader that must see one state over many event turns (an AQL query's transaction).
   * Call close() when done: an open snapshot keeps LMDB from reusing pages.
   */
  snapshot(): Snapshot {
    let txn: ReadTxn;
    try {
      txn = this.root.useReadTransaction() as unknown as ReadTxn;
    } catch (e) {
      if ((e as { code?: unknown }).code === MDB_READERS_FULL) throw tooManySnapshots(this.maxSnapshotReaders);
      throw e;
    }
    // Snapshots taken between two commits share one read transaction (lmdb-js counts its
    // users); each distinct one holds a reader slot until its last snapshot closes.
    const users = this.snapshotTxns.get(txn);
    if (users === undefined && this.snapshotTxns.size >= this.maxSnapshotReaders) {
      txn.done();
      throw tooManySnapshots(this.maxSnapshotReaders);
    }
    this.snapshotTxns.set(txn, (users ?? 0) + 1);
    let open = true;
    return {
      get: (db, key) => this.dbs[db].get(key as never, { transaction: txn } as never),
      range: (db, opts) => this.dbs[db].getRange({ ...opts, transaction: txn } as never) as unknown as Iterable<{ key: Key; value: unknown }>,
      testedDocs: (opts, test = NO_TEST) => withTest(this.docsTested.getRange({ ...opts, transaction: txn } as never) as unknown as Iterable<{ key: Key; value: unknown }>, test),
      count: (db, opts) => this.dbs[db].getCount({ ...opts, transaction: txn } as never),
      close: () => {
        if (!open) return;
        open = false;
        const n = this.snapshotTxns.get(txn)!;
        if (n > 1) this.snapshotTxns.set(txn, n - 1);
        else this.snapshotTxns.delete(txn);
        // closing the environment has ended every read transaction already
        if (!this.closed) txn.done();
      },
    };
  }

  /** Committed keys only (no values decoded). */
  keys(db: DbName, opts: RangeOptions): Iterable<Key> {
    return this.dbs[db].getKeys(opts as never) as unknown as Iterable<Key>;
  }

  /**
   * Runs `fn` as one atomic mutation (invariants 1-3). Rejects with whatever `fn` threw
   * (then nothing was written) or with LMDB's commit error.
   */
  async write<T>(fn: (tx: WriteTxn) => T, opts: { sync?: boolean } = {}): Promise<T> {
    if (this.exclusiveActive > 0) await this.exclusiveChain;
    return this.runNow(fn, opts, false);
  }

  /**
   * Like write(), but resolves as soon as `fn` ran and its writes were issued: `value` is
   * what `fn` returned (later mutations see its writes through the overlay, invariant 2),
   * `committed` resolves once LMDB committed them (invariant 3 holds for `committed`, not
   * for this promise). Rejects with whatever `fn` threw (then nothing was written). For a
   * caller that may go on before the commit because nothing it tells anyone depends on it
   * (the job runner starting a job: its QUEUED -> RUNNING write).
   */
  async issue<T>(fn: (tx: WriteTxn) => T): Promise<{ value: T; committed: Promise<T> }> {
    if (this.exclusiveActive > 0) await this.exclusiveChain;
    let ran = false;
    let value: T | undefined;
    const committed = this.runNow(
      (tx) => {
        value = fn(tx);
        ran = true;
        return value;
      },
      {},
      false,
    );
    if (!ran) await committed; // fn threw (or storage is closed): rethrows it
    return { value: value as T, committed };
  }

  /** An exclusive mutation (invariant 4), for range work. */
  writeExclusive<T>(fn: (tx: WriteTxn) => T, opts: { sync?: boolean } = {}): Promise<T> {
    this.exclusiveActive++;
    const run = this.exclusiveChain.then(async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      return this.runNow(fn, opts, true);
    });
    this.exclusiveChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.exclusiveActive--;
    });
  }

  /**
   * A direct mutation (invariant 6): `validate` reads (committed state; may throw, then
   * nothing is written), then `emit` issues its writes straight to LMDB through `out`.
   * Resolves after LMDB committed them (with `sync` also flushed).
   */
  writeDirect<T>(validate: (tx: WriteTxn) => T, emit: (out: DirectOut, validated: T) => void, opts: { sync?: boolean } = {}): Promise<void> {
    this.exclusiveActive++;
    const run = this.exclusiveChain.then(async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await this.runDirect(validate, emit, opts);
    });
    this.exclusiveChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.exclusiveActive--;
    });
  }

  private async runDirect<T>(validate: (tx: WriteTxn) => T, emit: (out: DirectOut, validated: T) => void, opts: { sync?: boolean }): Promise<void> {
    if (this.closed) throw new Error('storage is closed');
    let last: Promise<unknown> | undefined;
    let issuing = false;
    const docs = new Set<number>();
    const out: DirectOut = {
      put: (db, key, value) => {
        if (db === 'docs') docs.add((key as readonly number[])[0]);
        last = this.dbs[db].put(key as never, value as never);
      },
      remove: (db, key) => {
        if (db === 'docs') docs.add((key as readonly number[])[0]);
        last = this.dbs[db].remove(key as never);
      },
    };
    const tx: WriteTxn = {
      get: (db, key) => {
        if (issuing) throw new Error('a direct mutation must not read after it started writing');
        return this.dbs[db].get(key as never);
      },
      put: (db, key, value) => {
        issuing = true;
        out.put(db, key, value);
      },
      remove: (db, key) => {
        issuing = true;
        out.remove(db, key);
      },
      range: (db, ropts) => this.range(db, ropts),
      afterCommit: () => {
        throw new Error('afterCommit() is not available in a direct mutation');
      },
      onAbort: (f) => {
        if (!issuing) undo.push(f);
      },
    };
    const undo: (() => void)[] = [];
    let validated: T;
    try {
      validated = validate(tx); // throws -> nothing issued
    } catch (e) {
      for (const f of undo.reverse()) f();
      throw e;
    }
    const done = (async () => {
      issuing = true;
      emit(out, validated);
      this.beforeIssue?.(tx);
      try {
        await last;
      } finally {
        this.docsCommitted(docs);
      }
      if (opts.sync) await this.root.flushed;
    })();
    this.inFlight.add(done);
    try {
      await done;
    } finally {
      this.inFlight.delete(done);
    }
  }

  private runNow<T>(fn: (tx: WriteTxn) => T, opts: { sync?: boolean }, exclusive: boolean): Promise<T> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    const own = new Map<string, { db: DbName; key: Key; value: unknown }>();
    const after: (() => void)[] = [];
    const tx: WriteTxn = {
      get: (db, key) => {
        const k = overlayKey(db, key);
        const mine = own.get(k);
        if (mine) return mine.value === DELETED ? undefined : mine.value;
        const p = this.overlay.get(k);
        if (p) return p.value === DELETED ? undefined : p.value;
        return this.dbs[db].get(key as never);
      },
      put: (db, key, value) => {
        own.set(overlayKey(db, key), { db, key, value });
      },
      remove: (db, key) => {
        own.set(overlayKey(db, key), { db, key, value: DELETED });
      },
      range: (db, ropts) => {
        if (!exclusive) throw new Error('range() inside a mutation needs writeExclusive');
        return this.range(db, ropts);
      },
      afterCommit: (f) => {
        after.push(f);
      },
      onAbort: (f) => {
        undo.push(f);
      },
    };
    const undo: (() => void)[] = [];
    let result: T;
    try {
      result = fn(tx);
      if (own.size > 0) this.beforeIssue?.(tx);
    } catch (e) {
      for (const f of undo.reverse()) f();
      return Promise.reject(e);
    }
    if (own.size === 0) {
      for (const f of after) f();
      return Promise.resolve(result);
    }
    const seq = ++this.seq;
    let last: Promise<unknown> | undefined;
    let docs: Set<number> | undefined;
    for (const [k, w] of own) {
      this.overlay.set(k, { seq, value: w.value });
      if (w.db === 'docs') (docs ??= new Set()).add((w.key as readonly number[])[0]);
      last = w.value === DELETED ? this.dbs[w.db].remove(w.key as never) : this.dbs[w.db].put(w.key as never, w.value as never);
    }
    const done = (async () => {
      try {
        await last;
        if (opts.sync) await this.root.flushed;
      } finally {
        for (const k of own.keys()) if (this.overlay.get(k)?.seq === seq) this.overlay.delete(k);
        if (docs) this.docsCommitted(docs);
      }
      for (const f of after) f();
      return result;
    })();
    this.inFlight.add(done);
    void done.then(
      () => this.inFlight.delete(done),
      () => this.inFlight.delete(done),
    );
    return done;
  }

  /**
   * Empties a whole sub-database in one exclusive step (LMDB's drop, issued like any other
   * write). Only for `stage` at startup: nothing else may be using that sub-database.
   */
  clear(db: 'stage'): Promise<void> {
    this.exclusiveActive++;
    const run = this.exclusiveChain.then(async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.closed) throw new Error('storage is closed');
      await this.dbs[db].clearAsync();
    });
    this.exclusiveChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.exclusiveActive--;
    });
  }

  /**
   * LMDB's own figures of the environment and of each sub-database (lmdb-js getStats()),
   * for GET /_api/engine/stats. `freelistEntries` counts LMDB's free-page list records:
   * pages freed by earlier writes that later writes reuse in place.
   */
  stats(): EngineStats {
    const root = this.root.getStats() as LmdbStats & { mapSize: number; lastPageNumber: number; lastTxnId: number; maxReaders: number; numReaders: number; free?: LmdbStats };
    const databases = {} as Record<DbName, SubDbStats>;
    for (const [name, db] of Object.entries(this.dbs) as [DbName, Database][]) {
      const st = db.getStats() as LmdbStats;
      databases[name] = { entries: st.entryCount, depth: st.treeDepth, branchPages: st.treeBranchPageCount, leafPages: st.treeLeafPageCount, overflowPages: st.overflowPages };
    }
    return {
      pageSize: root.pageSize,
      mapSize: root.mapSize,
      lastPageNumber: root.lastPageNumber,
      lastTxnId: root.lastTxnId,
      maxReaders: root.maxReaders,
      numReaders: root.numReaders,
      freelistEntries: root.free?.entryCount ?? 0,
      databases,
    };
  }

  /** Waits for every write in flight and for LMDB's last commit to be on the disk (PUT /_admin/wal/flush with waitForSync). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.root.flushed;
  }

  /** Waits for every write in flight, then closes LMDB. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.exclusiveChain;
    this.closed = true;
    await this.root.flushed;
    await this.root.close();
  }
}
