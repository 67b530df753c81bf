// Key locks of stream transactions, as ArangoDB's RocksDB engine takes them: a running
// transaction that writes a document holds its key, and a unique index value it writes,
// until it commits or aborts. Another transaction writing the same key or value fails at
// once with 1200 `Timeout waiting to lock key ...`; a write outside any transaction waits
// up to LOCK_TIMEOUT_MS for the lock to go, then fails the same way (ArangoDB's one-second
// lock timeout). Only stream transactions take locks: a single-request write commits
// within its request and an AQL query's writes within the query.
//
// The checks run inside DocumentStore's per-item logic after the item's own checks and
// before any of its writes, so a refused item writes nothing (documents.ts invariant 1).
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { CollectionRecord, IndexRecord } from './catalog.js';

export const LOCK_TIMEOUT_MS = 1000;

/** What DocumentStore asks before it writes an item's document and unique index entries. */
export interface LockCheck {
  /** Before writing document `key` of `col` (`rev`: its current revision, '' for a new one). */
  doc(col: CollectionRecord, key: string, rev: string): void;
  /** Before writing a unique index entry with `values` for document `key` (`rev` as for doc()). */
  unique(col: CollectionRecord, ix: IndexRecord, values: readonly unknown[], key: string, rev: string): void;
}

function lockError(message: string, col: CollectionRecord, key: string, rev: string): ArangoError {
  const e = ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, `Timeout waiting to lock key - ${message}`);
  e.extra = { _id: `${col.name}/${key}`, _key: key, _rev: rev };
  return e;
}

const docSlot = (col: CollectionRecord, key: string) => `d\u0000${col.dataId}\u0000${key}`;
const uniqueSlot = (ix: IndexRecord, values: readonly unknown[]) => `u\u0000${ix.dataId}\u0000${JSON.stringify(values)}`;

export class KeyLocks {
  private readonly held = new Map<string, object>();
  private readonly byOwner = new Map<object, string[]>();

  /** Whether anyone holds a lock now (the cheap test the write path makes first). */
  get empty(): boolean {
    return this.held.size === 0;
  }

  /** The checks of a transaction `owner`: takes free locks, fails on another's. */
  owner(owner: object): LockCheck {
    const take = (slot: string, fail: () => ArangoError): void => {
      const h = this.held.get(slot);
      if (h === owner) return;
      if (h !== undefined) throw fail();
      this.held.set(slot, owner);
      let mine = this.byOwner.get(owner);
      if (!mine) this.byOwner.set(owner, (mine = []));
      mine.push(slot);
    };
    return {
      doc: (col, key, rev) => take(docSlot(col, key), () => lockError(`in index primary of type primary over '_key'; conflicting key: ${key}`, col, key, rev)),
      unique: (col, ix, values, key, rev) =>
        take(uniqueSlot(ix, values), () =>
          lockError(`in index ${ix.name} of type ${ix.type} over '${ix.fields.join(', ')}'; document key: ${key}; indexed values: ${JSON.stringify(values)}`, col, key, rev),
        ),
    };
  }

  /** The checks of a write outside any transaction: fails on any held lock, takes none. */
  readonly outside: LockCheck = {
    doc: (col, key, rev) => {
      if (this.held.has(docSlot(col, key))) throw lockError(`in index primary of type primary over '_key'; conflicting key: ${key}`, col, key, rev);
    },
    unique: (col, ix, values, key, rev) => {
      if (this.held.has(uniqueSlot(ix, values))) {
        throw lockError(`in index ${ix.name} of type ${ix.type} over '${ix.fields.join(', ')}'; document key: ${key}; indexed values: ${JSON.stringify(values)}`, col, key, rev);
      }
    },
  };

  /** Whether a write of document `key` would meet another's lock now (for waiting before a write). */
  docLocked(col: CollectionRecord, key: string): boolean {
    return this.held.has(docSlot(col, key));
  }

  /** Whether a unique index value is locked now. */
  uniqueLocked(ix: IndexRecord, values: readonly unknown[]): boolean {
    return this.held.has(uniqueSlot(ix, values));
  }

  /** Releases everything `owner` holds (its commit or abort). */
  release(owner: object): void {
    for (const slot of this.byOwner.get(owner) ?? []) if (this.held.get(slot) === owner) this.held.delete(slot);
    this.byOwner.delete(owner);
  }
}
