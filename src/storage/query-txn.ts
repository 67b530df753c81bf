// One AQL query's transaction: the writes of a data-modification query, buffered while the
// query runs over many event-loop turns, invisible to everyone else, visible to the query
// itself, and committed in ONE engine mutation (one LMDB transaction) when the query
// completes. Nothing here knows AQL; the executor calls DocumentStore.applyItem with the
// WriteTxn this object hands out.
//
// Invariants:
//  1. Until commit() nothing of the query reaches LMDB: a query that fails, is killed, or
//     whose process dies leaves nothing behind (discard() only drops memory).
//  2. The query reads its own writes over the committed state (txn.get: own -> committed).
//  3. Every document or index entry the query read from the committed state is recorded
//     (first value seen). commit() re-reads each inside its mutation and fails with 1200
//     `write-write conflict` (nothing written) if any changed: a concurrent write between
//     the query's read and its commit cannot be lost.
//  4. Document counts and key-generator state are applied as deltas / maxima on top of the
//     state current at commit, never as the (possibly stale) values seen while running:
//     concurrent document-API writes that did not conflict keep their effect.
//  5. A collection the query wrote to must still have the same data id and the same index
//     data ids at commit (not dropped, truncated, or indexed differently meanwhile: the
//     buffered index entries would be wrong), else 1200 and nothing written.
//
//   open -> committed  [commit]   (one engine.write; rejects -> failed, nothing written)
//   open -> discarded  [discard]  (query failed, killed, cursor deleted or expired)
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Catalog, CollectionRecord } from './catalog.js';
import type { Doc } from './documents.js';
import type { DbName, Engine, Key, RangeOptions, WriteTxn } from './engine.js';

const DELETED = Symbol('deleted');

interface Entry {
  db: DbName;
  key: Key;
  value: unknown; // DELETED for a removal
}

interface Seen {
  db: DbName;
  key: Key;
  /** docs: the _rev seen (undefined = absent); idx: the entry's value. */
  seen: unknown;
}

function bufKey(db: DbName, key: Key): string {
  return db + '\u0000' + JSON.stringify(key);
}

function fingerprint(db: DbName, value: unknown): unknown {
  if (value === undefined) return undefined;
  return db === 'docs' ? (value as Doc)._rev : value;
}

export type TxnState = 'open' | 'committed' | 'discarded';

export class QueryTxn {
  private readonly writes = new Map<string, Entry>();
  private readonly reads = new Map<string, Seen>();
  /** ['count', dataId] deltas (invariant 4). */
  private readonly countDelta = new Map<number, number>();
  /** ['kg', collection id] highest value this query generated or tracked. */
  private readonly keyGen = new Map<number, number>();
  /** Collections written, by id, with the data id they were written under (invariant 5). */
  private readonly touched = new Map<number, { db: string; dataId: number; indexes: string }>();
  private sync = false;
  state: TxnState = 'open';
  readonly tx: WriteTxn;

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly newRevision: () => string,
  ) {
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
    };
  }

  /** Whether the query wrote anything (a read-only query never commits). */
  get dirty(): boolean {
    return this.writes.size > 0 || this.countDelta.size > 0 || this.keyGen.size > 0;
  }

  /** Marks collection `col` as written by this query; call before each write to it. */
  touch(col: CollectionRecord, waitForSync: boolean): void {
    this.assertOpen();
    if (!this.touched.has(col.id)) this.touched.set(col.id, { db: col.db, dataId: col.dataId, indexes: indexSignature(col) });
    if (waitForSync || col.waitForSync) this.sync = true;
  }

  /** Whether this query wrote to `col` (its scans must then merge the own writes). */
  hasWritten(col: CollectionRecord): boolean {
    return this.touched.has(col.id);
  }

  /** The query's view of a key: its own write, else the committed value (recorded, invariant 3). */
  private get(db: DbName, key: Key): unknown {
    if (db === 'meta') return this.getMeta(key);
    const own = this.writes.get(bufKey(db, key));
    if (own) return own.value === DELETED ? undefined : own.value;
    const value = this.engine.get(db, key);
    const k = bufKey(db, key);
    if (!this.reads.has(k)) this.reads.set(k, { db, key, seen: fingerprint(db, value) });
    return value;
  }

  private put(db: DbName, key: Key, value: unknown): void {
    this.assertOpen();
    if (db === 'meta') return this.putMeta(key, value);
    this.writes.set(bufKey(db, key), { db, key, value });
  }

  private getMeta(key: Key): unknown {
    const [kind, id] = key as [string, number];
    const committed = this.engine.get('meta', key);
    if (kind === 'count') return ((committed as number | undefined) ?? 0) + (this.countDelta.get(id) ?? 0);
    if (kind === 'kg') {
      const own = this.keyGen.get(id);
      return own === undefined ? committed : Math.max(own, (committed as number | undefined) ?? 0);
    }
    return committed;
  }

  private putMeta(key: Key, value: unknown): void {
    const [kind, id] = key as [string, number];
    if (kind === 'count') {
      const now = this.getMeta(key) as number;
      this.countDelta.set(id, (this.countDelta.get(id) ?? 0) + ((value as number) - now));
    } else if (kind === 'kg') {
      this.keyGen.set(id, Math.max(value as number, this.keyGen.get(id) ?? 0));
    } else {
      throw new Error(`query transaction cannot write meta key ${JSON.stringify(key)}`);
    }
  }

  /**
   * Documents of `col` as this query sees them (own writes over the committed state).
   * Committed documents come first in key order, then documents only this query wrote.
   */
  *scan(col: CollectionRecord): Generator<Doc> {
    const range: RangeOptions = { start: [col.dataId], end: [col.dataId + 1] };
    for (const { key, value } of this.engine.range('docs', range)) {
      const own = this.writes.get(bufKey('docs', key));
      if (!own) yield value as Doc;
      else if (own.value !== DELETED) yield own.value as Doc;
    }
    for (const w of [...this.writes.values()]) {
      if (w.db !== 'docs' || w.value === DELETED || (w.key as unknown[])[0] !== col.dataId) continue;
      if (this.engine.get('docs', w.key) === undefined) yield w.value as Doc;
    }
  }

  /**
   * Validates (invariants 3-5) and writes everything in one engine mutation. Rejects with
   * 1200 on a conflict or whatever the engine rejects with; either way nothing is written.
   */
  async commit(): Promise<void> {
    this.assertOpen();
    if (!this.dirty) {
      this.state = 'committed';
      return;
    }
    try {
      await this.engine.write((tx) => this.apply(tx), { sync: this.sync });
      this.state = 'committed';
    } finally {
      if (this.state !== 'committed') this.discard();
      this.release();
    }
  }

  private apply(tx: WriteTxn): void {
    for (const [id, t] of this.touched) {
      const col = this.catalog.collection(t.db, String(id));
      if (!col || col.dataId !== t.dataId || indexSignature(col) !== t.indexes) throw conflict();
    }
    for (const r of this.reads.values()) {
      if (fingerprint(r.db, tx.get(r.db, r.key)) !== r.seen) throw conflict();
    }
    for (const w of this.writes.values()) {
      if (w.value === DELETED) tx.remove(w.db, w.key);
      else tx.put(w.db, w.key, w.value);
    }
    for (const [dataId, delta] of this.countDelta) {
      if (delta !== 0) tx.put('meta', ['count', dataId], ((tx.get('meta', ['count', dataId]) as number | undefined) ?? 0) + delta);
    }
    for (const [id, last] of this.keyGen) {
      const current = (tx.get('meta', ['kg', id]) as number | undefined) ?? 0;
      if (last > current) tx.put('meta', ['kg', id], last);
    }
    for (const t of this.touched.values()) tx.put('meta', ['rev', t.dataId], this.newRevision());
  }

  /** Drops everything buffered (invariant 1). Idempotent; a committed txn stays committed. */
  discard(): void {
    if (this.state === 'open') this.state = 'discarded';
    this.release();
  }

  private release(): void {
    this.writes.clear();
    this.reads.clear();
    this.countDelta.clear();
    this.keyGen.clear();
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`query transaction is ${this.state}`);
  }
}

function indexSignature(col: CollectionRecord): string {
  return col.indexes.map((ix) => ix.dataId).join(',');
}

function conflict(): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, 'write-write conflict');
}
