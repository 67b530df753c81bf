// Dump batches (ArangoDB's replication contexts, RocksDBReplicationManager): a batch holds
// one read snapshot of the whole environment from its creation to its deletion or expiry,
// and per collection a cursor through that snapshot's documents, so a dump taken in
// chunks over many requests shows exactly the documents committed when the batch was
// created, whatever is written meanwhile. arangodump creates one batch per run.
//
// The batch's tick is the server tick persisted in the snapshot (meta ['ids']): every
// mutation persists the ticks it handed out with its writes, so it is the last tick whose
// writes the snapshot holds.
//
// Invariants:
//  1. A batch's snapshot is closed exactly once: by remove(), by expiry (checked against
//     the injected clock on every call, and by a timer at the expiry, so an abandoned
//     batch does not hold its LMDB read transaction until the next call), or by close()
//     at shutdown (which clears the timers).
//  2. A dump reads the collection as the snapshot holds it (its record and data id from
//     the snapshot's catalog), so a truncate, drop or re-creation after the batch's start
//     does not show; a collection created after it dumps as empty.
//  3. Successive dumps of one collection in one batch continue where the previous ended,
//     in the collection's scan order (the order of the last write, as ArangoDB's RocksDB
//     engine iterates its documents).
//
//   (absent) -> live      [create]
//   live -> live          [extend: new expiry; dump: cursor advanced]
//   live -> (absent)      [remove | expiry (sweep) | close]
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { CollectionRecord } from './catalog.js';
import type { Engine, Key, Snapshot } from './engine.js';
import { externalize, type Doc } from './documents.js';
import type { Clock } from '../util/clock.js';

/** ArangoDB's replutils::BatchInfo::DefaultTimeout: seconds a batch lives unless told otherwise. */
export const DEFAULT_BATCH_TTL = 7200;

const MAX_TIMER_MS = 2 ** 31 - 1;

interface Cursor {
  /** The last seq read (documents come in seq order), or -1 before the first. */
  after: number;
  /** ArangoDB's CollectionIterator::currentTick: starts at 1, grows by one per chunk that left more. */
  tick: number;
  done: boolean;
}

interface Batch {
  id: string;
  snapshot: Snapshot;
  /** The server tick the snapshot holds (see the file comment). */
  tick: number;
  ttlMs: number;
  expires: number;
  cursors: Map<number, Cursor>;
  /** Fires at the expiry (unref'd: it never keeps the process alive). */
  timer?: NodeJS.Timeout;
}

/** One chunk of a collection's dump. */
export interface DumpChunk {
  /** Lines, each one document (or its envelope) as JSON followed by a newline. */
  text: string;
  hasMore: boolean;
  /** ArangoDB's x-arango-replication-lastincluded: 0 for an empty chunk, else the cursor's tick. */
  includedTick: number;
}

export class DumpBatches {
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  /** A new batch over the committed state as of now; ttl in seconds (0 or less: the default). */
  create(ttlSeconds: number): { id: string; lastTick: string } {
    this.sweep();
    const snapshot = this.engine.snapshot();
    const ids = snapshot.get('meta', ['ids']) as { tick?: number } | undefined;
    const ttlMs = ttlMillis(ttlSeconds);
    const b: Batch = { id: this.newId(), snapshot, tick: ids?.tick ?? 0, ttlMs, expires: this.clock.now() + ttlMs, cursors: new Map() };
    this.batches.set(b.id, b);
    this.arm(b);
    return { id: b.id, lastTick: String(b.tick) };
  }

  /** A live batch's snapshot tick; undefined when there is no such batch (or it expired). */
  tick(id: string): number | undefined {
    return this.find(id)?.tick;
  }

  /** Gives a live batch `ttlSeconds` more from now (0 or less: its own ttl). Throws 404/1600. */
  extend(id: string, ttlSeconds: number): void {
    const b = this.find(id);
    if (!b) throw new ArangoError(ERR.ERROR_CURSOR_NOT_FOUND);
    if (ttlSeconds > 0) b.ttlMs = ttlMillis(ttlSeconds);
    b.expires = this.clock.now() + b.ttlMs;
    this.arm(b);
  }

  /** Ends a batch; false when there was none. */
  remove(id: string): boolean {
    this.sweep();
    const b = this.batches.get(id);
    if (!b) return false;
    this.drop(b);
    return true;
  }

  /**
   * The next chunk of `col`'s documents in batch `id`: documents are added until the text
   * reaches `chunkSize` bytes (so at least one, as ArangoDB). `useEnvelope` wraps each in
   * {"type":2300,"data":...}. At most `maxDocs` documents (the dump API's docsPerBatch).
   * Undefined when there is no such batch.
   */
  dump(id: string, col: CollectionRecord, chunkSize: number, useEnvelope: boolean, maxDocs = Infinity): DumpChunk | undefined {
    const b = this.find(id);
    if (!b) return undefined;
    // invariant 2: the collection as the snapshot holds it
    const rec = b.snapshot.get('meta', ['col', col.id]) as CollectionRecord | undefined;
    let cur = b.cursors.get(col.id);
    if (!cur) {
      cur = { after: -1, tick: 1, done: rec === undefined };
      b.cursors.set(col.id, cur);
    }
    let text = '';
    let bytes = 0;
    if (!cur.done && rec) {
      const it = b.snapshot.range('docs', { start: [rec.dataId, cur.after + 1] as Key, end: [rec.dataId + 1] })[Symbol.iterator]();
      for (let n = 0; ; n++) {
        if (bytes >= chunkSize || n >= maxDocs) break;
        const r = it.next();
        if (r.done) {
          cur.done = true;
          break;
        }
        // _id and _from/_to as the collection is named now (ArangoDB resolves _id at dump time)
        const doc = externalize(col, r.value.value as Doc);
        const line = (useEnvelope ? `{"type":2300,"data":${JSON.stringify(doc)}}` : JSON.stringify(doc)) + '\n';
        text += line;
        bytes += Buffer.byteLength(line);
        cur.after = (r.value.key as number[])[1]!;
      }
      // one look ahead settles whether more is left (ArangoDB's iterator knows it)
      if (!cur.done && it.next().done) cur.done = true;
      it.return?.();
    }
    const hasMore = !cur.done;
    if (hasMore) cur.tick++;
    return { text, hasMore, includedTick: text === '' ? 0 : cur.tick };
  }

  /** Batches alive now (tests, statistics). */
  get size(): number {
    this.sweep();
    return this.batches.size;
  }

  /** Batches whose snapshot is still open, without sweeping first (tests of the expiry timer). */
  get held(): number {
    return this.batches.size;
  }

  /** Ends every batch (shutdown, before storage closes). */
  close(): void {
    for (const b of [...this.batches.values()]) this.drop(b);
  }

  private find(id: string): Batch | undefined {
    this.sweep();
    return this.batches.get(id);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const b of [...this.batches.values()]) if (b.expires <= now) this.drop(b);
  }

  private drop(b: Batch): void {
    clearTimeout(b.timer);
    this.batches.delete(b.id);
    b.snapshot.close();
  }

  /** (Re)sets the batch's expiry timer; it sweeps, which drops the batch once the clock says so. */
  private arm(b: Batch): void {
    clearTimeout(b.timer);
    // at most setTimeout's longest delay; a timer that fires early re-arms
    const delay = Math.min(Math.max(0, b.expires - this.clock.now()) + 1, MAX_TIMER_MS);
    b.timer = setTimeout(() => {
      this.sweep();
      if (this.batches.get(b.id) === b) this.arm(b);
    }, delay);
    b.timer.unref();
  }
}

function ttlMillis(ttlSeconds: number): number {
  return (Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? ttlSeconds : DEFAULT_BATCH_TTL) * 1000;
}

/**
 * The stored replication applier configuration of each database (ArangoDB keeps it in
 * the database's REPLICATION-APPLIER-CONFIG file), under meta ['applier', <database>].
 * Cairn never runs an applier; the configuration is kept for the clients that set it.
 */
export class ApplierConfigs {
  constructor(private readonly engine: Engine) {}

  get(db: string): Record<string, unknown> | undefined {
    return this.engine.get('meta', ['applier', db]) as Record<string, unknown> | undefined;
  }

  /** Stores (undefined: forgets) the configuration of `db`, in one mutation. */
  async set(db: string, config: Record<string, unknown> | undefined): Promise<void> {
    await this.engine.write((tx) => (config === undefined ? tx.remove('meta', ['applier', db]) : tx.put('meta', ['applier', db], config)));
  }
}
