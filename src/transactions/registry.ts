// Stream transactions (ArangoDB's /_api/transaction/begin and the x-arango-trx-id header):
// a transaction is a QueryTxn (storage/query-txn.ts) kept open across requests. Its
// writes are buffered and invisible to everyone else; its reads see its own writes over
// one snapshot taken at begin; it holds the keys and unique values it writes
// (storage/key-locks.ts); a write of a document someone committed after its begin fails
// at once with 409/1200 `write-write conflict - in index primary ...`, and commit writes
// everything in one LMDB transaction, or nothing with 1200 `write-write conflict` when
// something it wrote changed after all (what it only read does not count, as in ArangoDB).
// Its collection counts are those of its snapshot plus its own inserts and removals. Nothing of a transaction is durable
// before its commit is answered, as in ArangoDB.
//
// Invariants:
//  1. A transaction is used by at most one writing request, or by any number of reading
//     ones, at a time (lease): a writer waits up to LOCK_WAIT_MS (real time, not the
//     registry's clock) for the others to finish, then fails with 28; a reader meeting a
//     writer fails at once with 28 (ArangoDB's `cannot read-lock`). A stream cursor opened
//     in it holds its request's lease until the cursor ends. Commit and abort wait for the leases to end (COMMIT_WAIT_MS);
//     while a commit is in progress no lease is given, and a request waiting for one
//     then gets the transaction's final state (so no write joins a commit under way).
//  2. Writes go only to collections declared `write` or `exclusive` (1652 otherwise);
//     reads of undeclared collections only with allowImplicit (default true).
//  4. A transaction holds its `exclusive` collections exclusively and its `write` ones
//     shared from its begin to its end (storage/collection-locks.ts); a begin that cannot
//     get them within lockTimeout fails with 18 and begins nothing.
//  5. A transaction is its beginner's: another user's request does not find it (1655,
//     ArangoDB's transaction::Manager authorized()), root's neither. Calls that pass no
//     user (a JavaScript transaction's own commit and abort) are not checked.
//  3. A running transaction unused for idleTimeoutMs (60 s, ArangoDB's default) is aborted
//     by the sweeper. A finished one stays as a tombstone for TOMBSTONE_MS, so that its
//     status can be read and later requests get ArangoDB's errors for it.
//  6. With a maxTransactionSize, what its writes put in its buffer is counted (bytes of
//     each key and value as JSON, index entries included: roughly the size ArangoDB's
//     RocksDB write batch has); a write that would take it past the limit is refused with
//     32 and nothing of it is written (a document write: by the JSON size of the client's
//     body; an AQL write: once the count is past the limit). The transaction goes on.
//
//   running -> committed  [commit]
//   running -> aborted    [abort | a failed commit | idle timeout (expired)]
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Storage } from '../storage/storage.js';
import type { CollectionRecord } from '../storage/catalog.js';
import type { WriteTxn } from '../storage/engine.js';
import { QueryTxn } from '../storage/query-txn.js';
import { systemClock, type Clock } from '../util/clock.js';

export type TrxStatus = 'running' | 'committed' | 'aborted';

export interface StreamTransaction {
  readonly id: string;
  readonly database: string;
  readonly user: string;
  readonly txn: QueryTxn;
  /** Names of the collections it has written. */
  readonly wrote: Set<string>;
  /** What stops the requests running in it now (see watch()). */
  readonly running: Set<(reason: unknown) => void>;
  readonly read: ReadonlySet<string>;
  readonly write: ReadonlySet<string>;
  readonly allowImplicit: boolean;
  readonly waitForSync: boolean;
  /** Begun with `x-arango-allow-dirty-read: true`: its reads say they may be dirty. */
  readonly allowDirtyRead: boolean;
  /** Its maxTransactionSize in bytes, if it has one (invariant 6). */
  readonly maxSize?: number;
  /** Bytes its writes have put in its buffer, counted only with a maxSize (invariant 6). */
  size: number;
  status: TrxStatus;
  /** Aborted by the idle timeout. */
  expired: boolean;
  readers: number;
  writers: number;
  /** When a running transaction expires, or when a finished one's tombstone goes. */
  expires: number;
  /** Set while a commit or abort is in progress: no request may use it meanwhile. */
  closing?: Promise<unknown>;
  /**
   * A JavaScript transaction's (js-transactions.ts): requests of its action use it through
   * the header, but it is not listed, its status is not shown and only its owner commits or
   * aborts it (the HTTP endpoints answer 1655 for its id); the sweeper leaves it alone while
   * its action runs.
   */
  internal?: boolean;
  /** What holds its collections in storage's CollectionLocks (invariant 4). */
  lockHolder?: object;
}

export interface BeginOptions {
  collections: { read: string[]; write: string[]; exclusive: string[] };
  allowImplicit: boolean;
  waitForSync: boolean;
  /** ArangoDB takes it from the begin request's x-arango-allow-dirty-read header. */
  allowDirtyRead?: boolean;
  maxTransactionSize?: number;
}

const LOCK_WAIT_MS = 8000;
/** How long a begin waits for its collections without a lockTimeout (ArangoDB's default, 900 s). */
const DEFAULT_LOCK_TIMEOUT_MS = 900_000;
const COMMIT_WAIT_MS = 9000;
const TOMBSTONE_MS = 10 * 60 * 1000;
const POLL_MS = 2;

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
/** ArangoDB 3.12's RocksDBTrxBaseMethods::addOperation. */
const tooBig = (max: number) => ArangoError.withMessage(ERR.ERROR_RESOURCE_LIMIT, `Maximal transaction size limit of ${max} bytes is reached`);
const jsonBytes = (v: unknown): number => (Buffer.isBuffer(v) ? v.length : Buffer.byteLength(JSON.stringify(v) ?? ''));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** ArangoDB's transaction ids are positive decimal numbers; anything else is refused. */
function validId(id: string): boolean {
  return /^\d+$/.test(id) && Number(id) > 0;
}

const slot = (database: string, id: string): string => database + '\u0000' + id;

/** Invariant 5: whether `user` may use `t` (no user given: an internal call, not checked). */
const owns = (t: StreamTransaction, user: string | undefined): boolean => user === undefined || t.user === user;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body of POST /_api/transaction/begin, checked in ArangoDB's order. */
export function beginOptions(body: unknown): BeginOptions & { lockTimeout?: number } {
  if (!isObject(body) || !isObject(body.collections)) throw bad("missing 'collections'");
  const c = body.collections;
  const names = (v: unknown): string[] => {
    if (v === undefined) return [];
    if (typeof v === 'string' && v !== '') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '')) return v as string[];
    throw bad("invalid 'collections' attribute");
  };
  const out = {
    collections: { read: names(c.read), write: names(c.write), exclusive: names(c.exclusive) },
    allowImplicit: body.allowImplicit !== false,
    waitForSync: body.waitForSync === true,
  };
  if (typeof body.lockTimeout === 'number' && body.lockTimeout < 0) throw bad('<lockTimeout> needs to be positive');
  const max = body.maxTransactionSize;
  const sized = typeof max === 'number' && max >= 0 ? { ...out, maxTransactionSize: max } : out;
  return typeof body.lockTimeout === 'number' ? { ...sized, lockTimeout: body.lockTimeout } : sized;
}

export class TransactionRegistry {
  /** By database and id: a tombstone ArangoDB leaves for an unknown id in one database never touches another's transaction. */
  private readonly trxs = new Map<string, StreamTransaction>();
  private timer: NodeJS.Timeout | undefined;
  /** Since the process started, for /_admin/metrics (JavaScript transactions included). */
  readonly totals = { started: 0, committed: 0, aborted: 0 };

  constructor(
    private readonly storage: Storage,
    private readonly idleTimeoutMs = 60_000,
    private readonly clock: Clock = systemClock,
    /** Told the collections a transaction writes, at each write and at its abort (the query results cache). */
    private readonly onWrite: (database: string, collections: readonly string[]) => void = () => undefined,
  ) {}

  /** Starts the sweeper (idle timeouts, tombstones) every `intervalMs`. */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }

  /** Stops the sweeper and aborts every running transaction (nothing of them was acknowledged). */
  close(): void {
    clearInterval(this.timer);
    for (const t of this.trxs.values()) {
      if (t.status !== 'running') continue;
      this.discard(t);
      if (t.lockHolder) this.storage.collectionLocks.release(t.lockHolder);
    }
    this.trxs.clear();
  }

  /**
   * Begins a transaction once it holds its collections (invariant 4): `exclusive` ones
   * exclusively, `write` ones shared, waiting up to `lockTimeout` seconds (0: no limit;
   * ArangoDB's default 900), else 18 `lock timeout` and nothing begun.
   */
  async begin(database: string, user: string, opts: BeginOptions & { lockTimeout?: number }, internal = false): Promise<StreamTransaction> {
    const { read, write, exclusive } = opts.collections;
    const resolve = (name: string): CollectionRecord => {
      const col = this.storage.catalog.collection(database, name);
      if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
      return col;
    };
    const exclusiveCols = exclusive.map(resolve);
    const writeCols = write.map(resolve).filter((c) => !exclusiveCols.some((x) => x.id === c.id));
    const writeNames = new Set([...writeCols, ...exclusiveCols].map((c) => c.name));
    const readNames = new Set(read.map((n) => resolve(n).name));
    // the locks first, then the snapshot: a transaction that waited for an exclusive one
    // reads what that one committed (ArangoDB begins the transaction once it holds them)
    const holder = {};
    const locks = this.storage.collectionLocks;
    const timeoutMs = opts.lockTimeout === undefined ? DEFAULT_LOCK_TIMEOUT_MS : opts.lockTimeout === 0 ? Infinity : opts.lockTimeout * 1000;
    try {
      if (exclusiveCols.length > 0) await locks.acquire(holder, exclusiveCols, 'exclusive', timeoutMs);
      if (writeCols.length > 0) await locks.acquire(holder, writeCols, 'shared', timeoutMs);
    } catch (e) {
      locks.release(holder);
      throw e;
    }
    const wrote = new Set<string>();
    const t: StreamTransaction = {
      id: String(this.storage.ids.tick()),
      database,
      user,
      txn: this.newTxn(database, wrote),
      wrote,
      running: new Set(),
      read: readNames,
      write: writeNames,
      allowImplicit: opts.allowImplicit,
      waitForSync: opts.waitForSync,
      allowDirtyRead: opts.allowDirtyRead === true,
      ...(opts.maxTransactionSize !== undefined ? { maxSize: opts.maxTransactionSize } : {}),
      size: 0,
      status: 'running',
      expired: false,
      readers: 0,
      writers: 0,
      expires: this.clock.now() + this.idleTimeoutMs,
      internal,
      lockHolder: holder,
    };
    t.expires = this.clock.now() + this.idleTimeoutMs;
    if (t.maxSize !== undefined) this.meter(t, t.maxSize);
    this.trxs.set(slot(database, t.id), t);
    this.totals.started++;
    return t;
  }

  /**
   * A transaction's buffer. As in ArangoDB, the query results cache forgets a collection's
   * results as soon as a transaction writes to it, and again when one that wrote to it is
   * aborted.
   */
  private newTxn(database: string, wrote: Set<string>): QueryTxn {
    const txn = new QueryTxn(this.storage.engine, this.storage.catalog, () => this.storage.ids.revision());
    txn.onWrite = (col) => {
      wrote.add(col.name);
      this.onWrite(database, [col.name]);
    };
    const owner = this.storage.locks.owner(txn);
    txn.locks = {
      // a document someone committed after the begin cannot be written (ArangoDB: RocksDB's
      // snapshot validation in the primary index's probe, 409/1200 at the write)
      doc: (col, key, rev) => {
        owner.doc(col, key, rev);
        if (txn.changedSinceSnapshot('pk', [col.dataId, key])) {
          throw ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, `write-write conflict - in index primary of type primary over '_key'; conflicting key: ${key}`);
        }
      },
      unique: owner.unique,
    };
    txn.trackReads = false;
    txn.snapshotCounts = true;
    return txn;
  }

  /**
   * Invariant 6: counts what `t`'s buffer is given, and refuses an AQL write (its modify
   * access touches the collection before each document) once the count is past `max`.
   * Only a transaction begun with a maxTransactionSize pays for this.
   */
  private meter(t: StreamTransaction, max: number): void {
    const tx = t.txn.tx as { put: WriteTxn['put']; remove: WriteTxn['remove'] };
    const { put, remove } = tx;
    tx.put = (db, key, value) => {
      put(db, key, value);
      t.size += jsonBytes(key) + jsonBytes(value);
    };
    tx.remove = (db, key) => {
      remove(db, key);
      t.size += jsonBytes(key);
    };
    const onWrite = t.txn.onWrite;
    t.txn.onWrite = (col) => {
      if (t.size > max) throw tooBig(max);
      onWrite?.(col);
    };
  }

  /**
   * Invariant 6 for a document write: 32 if `body` (the client's document, or a removal's
   * key) as JSON would take `t` past its maxTransactionSize. Nothing to do without one.
   */
  checkSize(t: StreamTransaction, body: unknown): void {
    if (t.maxSize !== undefined && t.size + jsonBytes(body) > t.maxSize) throw tooBig(t.maxSize);
  }

  private discard(t: StreamTransaction): void {
    t.txn.discard();
    if (t.wrote.size > 0) this.onWrite(t.database, [...t.wrote]);
  }

  /** GET /_api/transaction/<id>: the transaction, running or a tombstone, if it is `user`'s (invariant 5). */
  status(database: string, id: string, user?: string): StreamTransaction {
    if (!validId(id)) throw bad('Illegal transaction ID');
    const t = this.find(database, id);
    if (!t || t.internal || !owns(t, user)) throw new ArangoError(ERR.ERROR_TRANSACTION_NOT_FOUND);
    return t;
  }

  /** Transactions running now in any database (/_admin/metrics; JavaScript ones included). */
  get running(): number {
    let n = 0;
    for (const t of this.trxs.values()) if (t.status === 'running') n++;
    return n;
  }

  /** GET /_api/transaction: the running transactions of a database that are `user`'s (invariant 5). */
  list(database: string, user: string): StreamTransaction[] {
    return [...this.trxs.values()].filter((t) => t.status === 'running' && !t.internal && t.database === database && t.user === user);
  }

  /**
   * The transaction a request names in x-arango-trx-id, leased for reading or writing
   * (invariant 1); call the returned release() when the request is done with it.
   */
  async lease(database: string, header: string, mode: 'read' | 'write', user?: string): Promise<{ trx: StreamTransaction; release: () => void }> {
    const id = header.trim();
    if (!validId(id)) throw bad('invalid transaction ID');
    const t = this.find(database, id);
    if (!t) throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_NOT_FOUND, `transaction '${id}' not found`);
    if (t.closing) await t.closing.catch(() => undefined);
    // a finished one says so to anyone, as ArangoDB checks its tombstone first
    this.checkRunning(t);
    if (!owns(t, user)) throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_NOT_FOUND, `not authorized to access transaction ${id}`);
    if (mode === 'read') {
      if (t.writers > 0) throw ArangoError.withMessage(ERR.ERROR_LOCKED, `cannot read-lock, transaction ${id} is already in use`);
      t.readers++;
    } else {
      const until = performance.now() + LOCK_WAIT_MS;
      while (t.readers > 0 || t.writers > 0) {
        if (performance.now() >= until) throw ArangoError.withMessage(ERR.ERROR_LOCKED, `cannot write-lock, transaction ${id} is already in use`);
        await sleep(POLL_MS);
        if (t.closing) await t.closing.catch(() => undefined);
        this.checkRunning(t);
      }
      t.writers++;
    }
    let released = false;
    return {
      trx: t,
      release: () => {
        if (released) return;
        released = true;
        if (mode === 'read') t.readers--;
        else t.writers--;
        if (t.status === 'running') t.expires = this.clock.now() + this.idleTimeoutMs;
      },
    };
  }

  /** PUT /_api/transaction/<id>. Idempotent on a committed transaction. */
  async commit(database: string, id: string, internal = false, user?: string): Promise<StreamTransaction> {
    const t = await this.finishing(database, id, 'commit', internal, user);
    if (t.status === 'committed') return t;
    if (t.status === 'aborted') throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_DISALLOWED_OPERATION, `while trying to commit transaction ${id}: transaction was already ${t.expired ? 'expired' : 'aborted'}`);
    const committing = t.txn.commit();
    t.closing = committing;
    try {
      await committing;
      this.end(t, 'committed');
    } catch (e) {
      // a conflict (1200) or a storage error: nothing was written
      this.discard(t);
      this.end(t, 'aborted');
      throw e;
    } finally {
      t.closing = undefined;
    }
    return t;
  }

  /** DELETE /_api/transaction/<id>. Idempotent on an aborted transaction. */
  async abort(database: string, id: string, internal = false, user?: string): Promise<StreamTransaction> {
    const t = await this.finishing(database, id, 'abort', internal, user);
    if (t.status === 'aborted') return t;
    if (t.status === 'committed') throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_DISALLOWED_OPERATION, `while trying to abort transaction ${id}: transaction was already committed`);
    this.discard(t);
    this.end(t, 'aborted');
    return t;
  }

  /**
   * DELETE /_api/transaction/write: aborts every running write transaction of `user`, in
   * every database (ArangoDB's Manager::abortAllManagedWriteTrx), stopping the queries that
   * run in them (410/1654) and waiting for them to end.
   */
  async abortAllWrites(user: string): Promise<void> {
    const victims = [...this.trxs.values()].filter((t) => t.status === 'running' && !t.internal && t.user === user && t.write.size > 0);
    for (const t of victims) {
      // what runs in it now (a query) is stopped first
      const reason = ArangoError.withMessage(ERR.ERROR_TRANSACTION_ABORTED, `transaction ${t.id} has already been aborted`);
      for (const stop of [...t.running]) stop(reason);
    }
    const until = performance.now() + COMMIT_WAIT_MS;
    for (const t of victims) {
      while ((t.readers > 0 || t.writers > 0 || t.closing) && performance.now() < until) await sleep(POLL_MS);
      if (t.status !== 'running' || t.readers > 0 || t.writers > 0 || t.closing) continue;
      this.discard(t);
      this.end(t, 'aborted');
    }
  }

  /**
   * Registers what stops the work a request runs in the transaction (a query's abort), for
   * DELETE /_api/transaction/write; returns its unregistration.
   */
  watch(t: StreamTransaction, stop: (reason: unknown) => void): () => void {
    t.running.add(stop);
    return () => t.running.delete(stop);
  }

  /** Aborts expired transactions (and those of dropped databases) and forgets old tombstones. */
  sweep(): void {
    const now = this.clock.now();
    for (const [id, t] of this.trxs) {
      // a transaction of a dropped database ends with it
      if (t.status === 'running' && !this.storage.catalog.database(t.database)) t.expires = now;
      if (t.expires > now) continue;
      if (t.status !== 'running') this.trxs.delete(id);
      else if (t.readers === 0 && t.writers === 0 && !t.closing && !t.internal) {
        this.discard(t);
        t.expired = true;
        this.end(t, 'aborted');
      }
    }
  }

  /** Invariant 2 for writes: 1652 unless the collection was declared for writing. */
  checkWrite(t: StreamTransaction, name: string): void {
    if (!t.write.has(name)) throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_UNREGISTERED_COLLECTION, `unregistered collection used in transaction: ${name} [write]`);
  }

  /** Invariant 2 for reads. */
  checkRead(t: StreamTransaction, name: string): void {
    if (!t.allowImplicit && !t.read.has(name) && !t.write.has(name)) {
      throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_UNREGISTERED_COLLECTION, `unregistered collection used in transaction: ${name} [read]`);
    }
  }

  private find(database: string, id: string): StreamTransaction | undefined {
    return this.trxs.get(slot(database, id));
  }

  private checkRunning(t: StreamTransaction): void {
    if (t.status === 'aborted') throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_ABORTED, `transaction ${t.id} has already been aborted`);
    if (t.status === 'committed') throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_DISALLOWED_OPERATION, `transaction ${t.id} has already been committed`);
  }

  /**
   * The transaction to commit or abort, once no request uses it (ArangoDB: up to 9 s, then
   * 28). Another user's, or one of another database, is `inaccessible` (1655).
   */
  private async finishing(database: string, id: string, op: 'commit' | 'abort', internal: boolean, user?: string): Promise<StreamTransaction> {
    if (!validId(id)) throw bad('bad transaction ID');
    let t = this.find(database, id);
    // another's JavaScript transaction: not found, and no tombstone over it
    if (t && (t.internal === true) !== internal) throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_NOT_FOUND, `transaction ${id} not found on ${op} operation`);
    const inaccessible = () => ArangoError.withMessage(ERR.ERROR_TRANSACTION_NOT_FOUND, `transaction ${id} inaccessible on ${op} operation`);
    if (t && !owns(t, user)) throw inaccessible();
    // ids are server-wide in ArangoDB: one known in another database is not unknown
    if (!t && [...this.trxs.values()].some((x) => x.id === id && !x.internal)) throw inaccessible();
    if (!t) {
      // ArangoDB leaves an aborted tombstone for an id it did not know, its caller's
      t = { id, database, user: user ?? '', txn: undefined as never, wrote: new Set(), running: new Set(), read: new Set(), write: new Set(), allowImplicit: true, waitForSync: false, allowDirtyRead: false, size: 0, status: 'aborted', expired: false, readers: 0, writers: 0, expires: this.clock.now() + TOMBSTONE_MS };
      this.trxs.set(slot(database, id), t);
      throw ArangoError.withMessage(ERR.ERROR_TRANSACTION_NOT_FOUND, `transaction ${id} not found on ${op} operation`);
    }
    if (t.closing) await t.closing.catch(() => undefined);
    const until = performance.now() + COMMIT_WAIT_MS;
    while (t.status === 'running' && (t.readers > 0 || t.writers > 0 || t.closing)) {
      if (performance.now() >= until) throw ArangoError.withMessage(ERR.ERROR_LOCKED, `updating transaction status on ${op} failed. transaction ${id} is in use`);
      await sleep(POLL_MS);
    }
    return t;
  }

  private end(t: StreamTransaction, status: 'committed' | 'aborted'): void {
    if (t.txn) this.storage.locks.release(t.txn);
    if (t.lockHolder) this.storage.collectionLocks.release(t.lockHolder);
    this.totals[status]++;
    t.status = status;
    t.expires = this.clock.now() + TOMBSTONE_MS;
  }
}
