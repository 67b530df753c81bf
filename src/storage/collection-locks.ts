// Collection locks, as ArangoDB's RocksDB engine takes them (RocksDBMetaCollection::doLock):
// a transaction that declares a collection `exclusive` holds it exclusively from its
// begin to its end; every write to a collection holds it shared while it runs (a stream
// or JavaScript transaction declaring it `write`: from begin to end; a single-request
// write or an AQL query's commit: while it writes). Reads take no lock. So writes of
// concurrent transactions are never interleaved with an exclusive one's.
//
// Invariants:
//  1. A collection is held exclusively by at most one owner, and then by no one shared
//     (except that owner itself, whose shared requests are no-ops).
//  2. A waiting exclusive request makes new shared requests of other owners wait too
//     (writer preference), so a stream of single writes cannot starve it.
//  3. A request that cannot be granted within its timeout fails with 18 `lock timeout`
//     and leaves nothing held by it; one acquire() of several collections takes them in
//     a fixed order (collection id) and on failure gives back those it took.
//  4. release(owner) gives back everything the owner holds and wakes the waiters.
import { ArangoError, ERR } from '../errors/arango-error.js';

export type LockMode = 'shared' | 'exclusive';

/** How long a write outside any transaction waits for an exclusive transaction on its collection (ArangoDB's default lockTimeout, 900 s). */
export const COLLECTION_LOCK_TIMEOUT_MS = 900_000;

interface State {
  exclusive: object | undefined;
  /** Owners holding it shared, with how many times each. */
  shared: Map<object, number>;
  /** Exclusive requests waiting (invariant 2). */
  exclusiveWaiting: number;
}

export class CollectionLocks {
  /** By collection id; kept once created (a few bytes per collection ever locked), so a waiter's state never goes stale. */
  private readonly states = new Map<number, State>();
  private readonly byOwner = new Map<object, { id: number; mode: LockMode }[]>();
  private waiters: (() => void)[] = [];
  /** Exclusive holds plus exclusive requests waiting, over all collections. */
  private exclusives = 0;

  /** Whether any collection is held or wanted exclusively now (the cheap test of the write path). */
  get anyExclusive(): boolean {
    return this.exclusives > 0;
  }

  /**
   * Takes `cols` in `mode` for `owner`, waiting up to `timeoutMs` (invariant 3). A shared
   * request of an owner that holds the collection exclusively is already granted.
   */
  async acquire(owner: object, cols: readonly { id: number }[], mode: LockMode, timeoutMs: number): Promise<void> {
    const ids = [...new Set(cols.map((c) => c.id))].sort((a, b) => a - b);
    const taken: number[] = [];
    const deadline = performance.now() + timeoutMs;
    try {
      for (const id of ids) {
        await this.take(owner, id, mode, deadline);
        taken.push(id);
      }
    } catch (e) {
      for (const id of taken) this.giveBack(owner, id, mode);
      this.wake();
      throw e;
    }
  }

  /** Gives back everything `owner` holds (invariant 4). */
  release(owner: object): void {
    const held = this.byOwner.get(owner);
    if (!held) return;
    this.byOwner.delete(owner);
    for (const { id, mode } of held) this.drop(owner, id, mode);
    this.wake();
  }

  private state(id: number): State {
    let s = this.states.get(id);
    if (!s) this.states.set(id, (s = { exclusive: undefined, shared: new Map(), exclusiveWaiting: 0 }));
    return s;
  }

  private grantable(s: State, owner: object, mode: LockMode): boolean {
    if (s.exclusive === owner) return true;
    if (s.exclusive) return false;
    if (mode === 'shared') return s.exclusiveWaiting === 0 || s.shared.has(owner);
    for (const o of s.shared.keys()) if (o !== owner) return false;
    return true;
  }

  private async take(owner: object, id: number, mode: LockMode, deadline: number): Promise<void> {
    const s = this.state(id);
    if (mode === 'exclusive') {
      s.exclusiveWaiting++;
      this.exclusives++;
    }
    try {
      while (!this.grantable(s, owner, mode)) {
        const left = deadline - performance.now();
        if (left <= 0) throw new ArangoError(ERR.ERROR_LOCK_TIMEOUT);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1000));
          this.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    } finally {
      if (mode === 'exclusive') {
        s.exclusiveWaiting--;
        this.exclusives--;
      }
    }
    if (s.exclusive === owner) return; // invariant 1: nothing more to take
    if (mode === 'exclusive') {
      s.exclusive = owner;
      this.exclusives++;
    }
    else s.shared.set(owner, (s.shared.get(owner) ?? 0) + 1);
    let held = this.byOwner.get(owner);
    if (!held) this.byOwner.set(owner, (held = []));
    held.push({ id, mode });
  }

  /** Undoes one take() of a failed acquire(). */
  private giveBack(owner: object, id: number, mode: LockMode): void {
    const held = this.byOwner.get(owner);
    const i = held?.findIndex((h) => h.id === id && h.mode === mode) ?? -1;
    if (held && i >= 0) {
      held.splice(i, 1);
      if (held.length === 0) this.byOwner.delete(owner);
      this.drop(owner, id, mode);
    }
  }

  private drop(owner: object, id: number, mode: LockMode): void {
    const s = this.states.get(id);
    if (!s) return;
    if (mode === 'exclusive' && s.exclusive === owner) {
      s.exclusive = undefined;
      this.exclusives--;
    }
    if (mode === 'shared') {
      const n = (s.shared.get(owner) ?? 0) - 1;
      if (n > 0) s.shared.set(owner, n);
      else s.shared.delete(owner);
    }
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}
