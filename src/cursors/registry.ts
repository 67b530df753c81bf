// The cursor registry: cursors of /_api/cursor by id, each owned by one database and one
// user, used by one request at a time, expiring after `ttl` seconds without use. A cursor
// holds either a materialized result or a running stream query; this file owns only the
// bookkeeping (ids, ownership, busy flags, expiry, the last batch kept for retries), the
// route file builds the batches.
//
// Invariants:
//   1. A cursor is visible only to its database and user; to anyone else it is 404/1600.
//   2. At most one request uses a cursor at a time (acquire fails with 409/1601).
//   3. A cursor in use never expires; its TTL restarts when the request releases it.
//      Expiry hides a cursor from fetches at once, but DELETE removes it until the
//      sweeper has (ArangoDB's CursorRepository::remove does not look at the expiry).
//   4. Removing a cursor releases what it holds (close() of its source) exactly once.
//
//   idle    -> busy     [acquire]
//   busy    -> idle     [release]        (expires = now + ttl)
//   busy    -> removed  [release]        (when remove() came in meanwhile, or done)
//   idle    -> removed  [remove | sweep] (sweep: expires <= now)
import { ArangoError, ERR } from '../errors/arango-error.js';
import { systemClock, type Clock } from '../util/clock.js';

/** What a cursor holds; close() releases snapshots and stops a stream query. */
export interface CursorSource {
  close(): void;
}

export interface Cursor<S extends CursorSource = CursorSource> {
  readonly id: string;
  readonly database: string;
  readonly user: string;
  readonly ttlMs: number;
  readonly source: S;
  readonly allowRetry: boolean;
  /** Created allowing dirty reads: its batches say they may hold one. */
  readonly allowDirtyRead: boolean;
  /** Id of the last batch delivered (1 after creation). */
  batchId: number;
  /** With allowRetry: the last batch's response body, byte for byte, for re-fetches. */
  lastBatch: Buffer | null;
  /** No more batches: the last one was delivered. */
  exhausted: boolean;
  expires: number;
  busy: boolean;
  removeOnRelease: boolean;
}

export interface CursorLimits {
  /** Most cursors open at once over all databases. */
  maxCursors: number;
}

const notFound = () => new ArangoError(ERR.ERROR_CURSOR_NOT_FOUND);

function counter(): () => string {
  let next = 1;
  return () => String(next++);
}

export class CursorRegistry {
  private readonly cursors = new Map<string, Cursor>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: CursorLimits,
    private readonly clock: Clock = systemClock,
    /** Cursor ids: the server tick, as ArangoDB's (shared with keys and other ids); a counter in tests. */
    private readonly newId: () => string = counter(),
  ) {}

  /** Starts the sweeper that removes expired cursors every `intervalMs`. */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }

  /** Stops the sweeper and removes every cursor. */
  close(): void {
    clearInterval(this.timer);
    for (const c of [...this.cursors.values()]) this.drop(c);
  }

  get size(): number {
    return this.cursors.size;
  }

  /**
   * Registers a cursor, busy (the creating request holds it until release()).
   * Throws 32 (resource limit) when maxCursors are open.
   */
  create<S extends CursorSource>(init: { database: string; user: string; ttlMs: number; source: S; allowRetry: boolean; allowDirtyRead?: boolean }): Cursor<S> {
    // expired cursors only matter here when they would count against the limit: a sweep
    // on every create made it cost O(open cursors)
    if (this.cursors.size >= this.limits.maxCursors) this.sweep();
    if (this.cursors.size >= this.limits.maxCursors) {
      throw ArangoError.withMessage(ERR.ERROR_RESOURCE_LIMIT, `too many open cursors (at most ${this.limits.maxCursors}); delete cursors you no longer need`);
    }
    const c: Cursor<S> = {
      ...init,
      allowDirtyRead: init.allowDirtyRead === true,
      id: this.newId(),
      batchId: 1,
      lastBatch: null,
      exhausted: false,
      expires: Infinity,
      busy: true,
      removeOnRelease: false,
    };
    this.cursors.set(c.id, c);
    return c;
  }

  /** Takes a cursor for one request: 404/1600 unless it exists here and is not expired, 409/1601 if in use. */
  acquire(database: string, user: string, id: string): Cursor {
    const c = this.cursors.get(id);
    if (!c || c.database !== database || c.user !== user) throw notFound();
    if (c.busy) throw new ArangoError(ERR.ERROR_CURSOR_BUSY);
    if (c.expires <= this.clock.now()) {
      this.drop(c);
      throw notFound();
    }
    c.busy = true;
    c.expires = Infinity;
    return c;
  }

  /** Ends a request's use: the TTL restarts, or the cursor goes if it was removed or `done`. */
  release(c: Cursor, done = false): void {
    c.busy = false;
    if (done || c.removeOnRelease) this.drop(c);
    else c.expires = this.clock.now() + c.ttlMs;
  }

  /** DELETE: removes now, or when the request using it releases it. Throws 404/1600. */
  remove(database: string, user: string, id: string): void {
    const c = this.cursors.get(id);
    if (!c || c.database !== database || c.user !== user || c.removeOnRelease) throw notFound();
    if (c.busy) c.removeOnRelease = true;
    else this.drop(c);
  }

  /** Removes every idle cursor whose TTL has passed. */
  sweep(): void {
    const now = this.clock.now();
    // deleting the visited entry while iterating a Map is safe
    for (const c of this.cursors.values()) if (!c.busy && c.expires <= now) this.drop(c);
  }

  private drop(c: Cursor): void {
    if (this.cursors.get(c.id) !== c) return;
    this.cursors.delete(c.id);
    c.source.close();
  }
}
