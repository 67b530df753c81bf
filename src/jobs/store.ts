// The job store: job records in the `jobs` database of the LMDB environment, one function
// per transition of record.ts, each one write transaction that re-reads the record and
// checks its status (and owner) inside it. The record is the only truth; nothing here
// runs jobs (runner.ts) or knows HTTP.
//
// Key layout (database `jobs`):
//   ['c']                 -> last id handed out (the persistent, monotonic counter)
//   ['m', id]             -> JobRecord (metadata only: lists and counts read just these)
//   ['s', status, id]     -> 1        (status index: the runner's queue, pending/done lists)
//   ['i', id]             -> JobInput (the stored request or query)
//   ['r', id]             -> JobResult (written once, when the job becomes final)
//
// Invariants:
//   1. ['m', id] and ['s', rec.status, id] exist together or not at all; a record has
//      exactly one status entry.
//   2. A final record has its result (['r', id]); an unfinished one has none.
//   3. A job's own writes (start, progress, complete) name the runner that owns it; a
//      record that was removed or taken over is never written again by its old runner.
//   4. `unfinished` counts the records whose status is not final (the queue limit); it is
//      updated in the same synchronous step that issues the writes changing it, so it may
//      run ahead of the committed state by the writes in flight, never behind.
import { ArangoError, ERR, errorBody } from '../errors/arango-error.js';
import type { Engine, WriteTxn } from '../storage/engine.js';
import type { Clock } from '../util/clock.js';
import { allowed, isFinished, STATUSES, type JobInput, type JobRecord, type JobResult, type JobStatus, type JobType, type TransitionName } from './record.js';

const MAX_ID = Number.MAX_SAFE_INTEGER;
const JSON_TYPE = 'application/json; charset=utf-8';

const mKey = (id: number) => ['m', id];
const sKey = (status: JobStatus, id: number) => ['s', status, id];
const iKey = (id: number) => ['i', id];
const rKey = (id: number) => ['r', id];

/**
 * A response as stored: an ArangoDB error envelope. `taskResult` (what the task face shows)
 * defaults to the body text.
 */
export function errorResult(e: ArangoError, taskResult?: string): JobResult {
  const body = Buffer.from(JSON.stringify(errorBody(e.status, e.errorNum, e.message)));
  const r: JobResult = { status: e.status, headers: { 'content-type': JSON_TYPE }, body };
  if (taskResult !== undefined) r.taskResult = taskResult;
  return r;
}

/** The stored result of a cancelled job: 410, errorNum 21, `canceled request`. */
export const canceledResult = (): JobResult => errorResult(new ArangoError(ERR.ERROR_REQUEST_CANCELED));

export interface NewJob {
  type: JobType;
  name: string;
  db: string;
  user: string;
  discard: boolean;
  input: JobInput;
}

/** How a job's work ended, as the runner hands it to complete(). */
export interface Outcome {
  status: 'SUCCESS' | 'FAILED' | 'CANCELLED';
  result: JobResult;
  progress: number;
}

export type FetchOutcome = { kind: 'missing' } | { kind: 'pending' } | { kind: 'done'; record: JobRecord; result: JobResult };

export class JobStore {
  private lastId: number;
  /** Invariant 4. */
  private unfinishedCount = 0;
  /** Since the process started, for /_admin/metrics: jobs created, and jobs that became final by status. */
  readonly totals = { submitted: 0, SUCCESS: 0, FAILED: 0, CANCELLED: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
  ) {
    this.lastId = (engine.get('jobs', ['c']) as number | undefined) ?? 0;
    for (const { value } of engine.range('jobs', { start: ['m', 0], end: ['m', MAX_ID] })) {
      if (!isFinished((value as JobRecord).status)) this.unfinishedCount++;
    }
  }

  /** The last id handed out. */
  get lastIssued(): number {
    return this.lastId;
  }

  /** Records not yet final (queued, running, cancelling, restoring). */
  /** Jobs stored in each status now (the status index, counted natively). */
  countByStatus(): Record<JobStatus, number> {
    const out = {} as Record<JobStatus, number>;
    for (const status of STATUSES) out[status] = this.engine.count('jobs', { start: sKey(status, 0), end: sKey(status, MAX_ID) });
    return out;
  }

  get unfinished(): number {
    return this.unfinishedCount;
  }

  // ---- reads (committed state) ----------------------------------------------------

  get(id: number): JobRecord | undefined {
    return this.engine.get('jobs', mKey(id)) as JobRecord | undefined;
  }

  input(id: number): JobInput | undefined {
    return this.issued.get(id) ?? (this.engine.get('jobs', iKey(id)) as JobInput | undefined);
  }

  result(id: number): JobResult | undefined {
    const r = this.engine.get('jobs', rKey(id)) as JobResult | undefined;
    if (r && !Buffer.isBuffer(r.body)) r.body = Buffer.from(r.body as Uint8Array);
    return r;
  }

  /** Ids with `status`, ascending (creation order). */
  *idsWith(status: JobStatus): Iterable<number> {
    for (const key of this.engine.keys('jobs', { start: sKey(status, 0), end: sKey(status, MAX_ID) })) yield (key as [string, string, number])[2];
  }

  /**
   * The jobs the runner may start, oldest first: the committed QUEUED ones, then those
   * created but not committed yet (see create), which only the runner sees.
   */
  *startable(): Iterable<number> {
    const seen = this.issued.size > 0 ? new Set<number>() : undefined;
    for (const id of this.idsWith('QUEUED')) {
      seen?.add(id);
      yield id;
    }
    if (seen) for (const id of [...this.issued.keys()]) if (!seen.has(id)) yield id;
  }

  /** Every record, ascending id. */
  *all(): Iterable<JobRecord> {
    for (const { value } of this.engine.range('jobs', { start: ['m', 0], end: ['m', MAX_ID] })) yield value as JobRecord;
  }

  // ---- transitions (one write each) -----------------------------------------------

  /**
   * Inputs of jobs created but not committed yet, by id: the runner may start such a job
   * at once (its work's writes are issued after the creation's and commit with it or after
   * it, so a crash never keeps the work without the job; and no client knows the id
   * before the commit, since the 202 waits for it).
   */
  private readonly issued = new Map<number, JobInput>();

  /**
   * (none) -> QUEUED. Throws 503/21003 `queue is full` when `maxQueued` jobs are not yet
   * final; then nothing is stored. Resolves after the commit (the 202 may go out then);
   * createIssued's job is startable (above) from the moment its write is issued.
   */
  async create(job: NewJob, maxQueued: number): Promise<JobRecord> {
    const { value, committed } = await this.createIssued(job, maxQueued);
    await committed;
    return value;
  }

  /** create(), resolved once the write is issued; `committed` resolves after its commit. */
  async createIssued(job: NewJob, maxQueued: number): Promise<{ value: JobRecord; committed: Promise<unknown> }> {
    const issued = await this.engine.issue((tx) => {
      if (this.unfinishedCount >= maxQueued) throw new ArangoError(ERR.ERROR_QUEUE_FULL);
      const id = ++this.lastId;
      const rec: JobRecord = {
        id,
        type: job.type,
        name: job.name,
        status: 'QUEUED',
        db: job.db,
        user: job.user,
        created: this.clock.now(),
        progress: 0,
        retries: 0,
        discard: job.discard,
      };
      tx.put('jobs', ['c'], id);
      tx.put('jobs', mKey(id), rec);
      tx.put('jobs', sKey('QUEUED', id), 1);
      tx.put('jobs', iKey(id), job.input);
      this.unfinishedCount++;
      this.totals.submitted++;
      return rec;
    });
    const id = issued.value.id;
    this.issued.set(id, job.input);
    const forget = (): void => {
      this.issued.delete(id);
    };
    issued.committed.then(forget, forget);
    return issued;
  }

  /**
   * QUEUED -> RUNNING for runner `owner`; undefined when the job is no longer queued.
   * Resolves once the write was issued, before it is committed (`committed`): the runner
   * need not wait for it, since recovery treats a job that is QUEUED and one that is
   * RUNNING alike (both run again), and every later write of the job (cancel, complete)
   * reads this one through the engine's overlay and commits with it or after it.
   */
  start(id: number, owner: string): Promise<{ value: JobRecord | undefined; committed: Promise<unknown> }> {
    return this.engine.issue((tx) => {
      const rec = this.read(tx, id);
      if (!rec || rec.status !== 'QUEUED') return undefined;
      return this.move(tx, rec, 'start', 'RUNNING', { owner, updated: this.clock.now() });
    });
  }

  /** Persists progress of a job `owner` runs; a no-op for a job removed or taken over. */
  saveProgress(id: number, owner: string, progress: number): Promise<void> {
    return this.engine.write((tx) => {
      const rec = this.read(tx, id);
      if (!rec || rec.owner !== owner || isFinished(rec.status) || rec.progress === progress) return;
      tx.put('jobs', mKey(id), { ...rec, progress, updated: this.clock.now() });
    });
  }

  /**
   * RUNNING | CANCELLING -> SUCCESS | FAILED | CANCELLED, storing the result (a fire and
   * forget job is removed instead). Resolves with the final record, or undefined when the
   * job was removed meanwhile or is not owned by `owner` (invariant 3): then nothing is
   * written. CANCELLED is only taken from CANCELLING; a RUNNING job asked to be CANCELLED
   * is stored as FAILED with its result.
   */
  complete(id: number, owner: string, out: Outcome): Promise<JobRecord | undefined> {
    return this.engine.write((tx) => {
      const rec = this.read(tx, id);
      if (!rec || rec.owner !== owner || (rec.status !== 'RUNNING' && rec.status !== 'CANCELLING')) return undefined;
      let to: JobStatus = out.status;
      if (to === 'CANCELLED' && rec.status === 'RUNNING') to = 'FAILED';
      if (rec.discard) {
        this.erase(tx, rec);
        return { ...rec, status: to };
      }
      const now = this.clock.now();
      const next = this.move(tx, rec, 'complete', to, { progress: out.progress, updated: now, finished: now, owner: undefined });
      tx.put('jobs', rKey(id), out.result);
      return next;
    });
  }

  /**
   * Asks for cancellation: QUEUED | RESTORING -> CANCELLED (result 410/21 at once),
   * RUNNING -> CANCELLING (the runner aborts the work). A final or already cancelling
   * job is left as it is. Resolves with the record before and after, or undefined.
   */
  cancel(id: number): Promise<{ before: JobRecord; after: JobRecord } | undefined> {
    return this.engine.write((tx) => {
      const rec = this.read(tx, id);
      if (!rec) return undefined;
      if (rec.status === 'QUEUED' || rec.status === 'RESTORING') {
        const now = this.clock.now();
        if (rec.discard) {
          this.erase(tx, rec);
          return { before: rec, after: { ...rec, status: 'CANCELLED' as JobStatus } };
        }
        const after = this.move(tx, rec, 'cancel', 'CANCELLED', { updated: now, finished: now });
        tx.put('jobs', rKey(id), canceledResult());
        return { before: rec, after };
      }
      if (rec.status === 'RUNNING') return { before: rec, after: this.move(tx, rec, 'cancel', 'CANCELLING', {}) };
      return { before: rec, after: rec };
    });
  }

  /** -> (removed), whatever the status (the runner's later writes are dropped). */
  remove(id: number): Promise<boolean> {
    return this.engine.write((tx) => {
      const rec = this.read(tx, id);
      if (!rec) return false;
      this.erase(tx, rec);
      return true;
    });
  }

  /** Removes those of `ids` that still exist and still pass `pass` (checked inside the write). */
  removeMany(ids: readonly number[], pass: (rec: JobRecord) => boolean): Promise<number> {
    return this.engine.write((tx) => {
      let n = 0;
      for (const id of ids) {
        const rec = this.read(tx, id);
        if (rec && pass(rec)) {
          this.erase(tx, rec);
          n++;
        }
      }
      return n;
    });
  }

  /** A final job's result, and the job removed in the same write (PUT /_api/job/<id>). */
  fetch(id: number, visible: (rec: JobRecord) => boolean): Promise<FetchOutcome> {
    return this.engine.write((tx): FetchOutcome => {
      const rec = this.read(tx, id);
      if (!rec || !visible(rec)) return { kind: 'missing' };
      if (!isFinished(rec.status)) return { kind: 'pending' };
      const result = tx.get('jobs', rKey(id)) as JobResult;
      if (!Buffer.isBuffer(result.body)) result.body = Buffer.from(result.body as Uint8Array);
      this.erase(tx, rec);
      return { kind: 'done', record: rec, result };
    });
  }

  /**
   * At start, before any runner: every QUEUED, RUNNING or RESTORING job becomes RESTORING
   * with retries + 1, or FAILED once it was restored `maxRetries` times already; every
   * CANCELLING job becomes CANCELLED. Only ids up to `upTo` are looked at: those of an
   * earlier process (this one's jobs may be queued already). Resolves with the ids to
   * requeue, ascending.
   */
  recover(maxRetries: number, upTo: number): Promise<number[]> {
    const ids = [...this.idsWith('QUEUED'), ...this.idsWith('RUNNING'), ...this.idsWith('RESTORING'), ...this.idsWith('CANCELLING')].filter((id) => id <= upTo);
    return this.engine.write((tx) => {
      const again: number[] = [];
      const now = this.clock.now();
      for (const id of ids) {
        const rec = this.read(tx, id);
        if (!rec || isFinished(rec.status)) continue;
        if (rec.status === 'CANCELLING') {
          this.move(tx, rec, 'recover', 'CANCELLED', { updated: now, finished: now, owner: undefined });
          tx.put('jobs', rKey(id), canceledResult());
        } else if (rec.retries >= maxRetries) {
          const why = `job ${id} was interrupted by a server restart while ${rec.status.toLowerCase()} and was already restored ${rec.retries} times (--jobs-max-retries ${maxRetries}); it is not run again`;
          this.move(tx, rec, 'recover', 'FAILED', { updated: now, finished: now, owner: undefined });
          tx.put('jobs', rKey(id), errorResult(ArangoError.withMessage(ERR.ERROR_INTERNAL, why), why));
        } else {
          this.move(tx, rec, 'recover', 'RESTORING', { retries: rec.retries + 1, owner: undefined });
          again.push(id);
        }
      }
      return again.sort((a, b) => a - b);
    });
  }

  /** RESTORING -> QUEUED (runs again from the beginning). */
  requeue(ids: readonly number[]): Promise<void> {
    return this.engine.write((tx) => {
      for (const id of ids) {
        const rec = this.read(tx, id);
        if (rec?.status === 'RESTORING') this.move(tx, rec, 'requeue', 'QUEUED', {});
      }
    });
  }

  // ---- inside a write ---------------------------------------------------------------

  private read(tx: WriteTxn, id: number): JobRecord | undefined {
    return tx.get('jobs', mKey(id)) as JobRecord | undefined;
  }

  /** Writes `rec` in status `to` with `changes` (invariant 1); asserts the move is legal. */
  private move(tx: WriteTxn, rec: JobRecord, fn: TransitionName, to: JobStatus, changes: Partial<JobRecord>): JobRecord {
    if (!allowed(fn, rec.status, to)) throw new Error(`illegal job transition ${rec.status} -> ${to} [${fn}] for job ${rec.id}`);
    const next: JobRecord = { ...rec, ...changes, status: to };
    if (next.owner === undefined) delete next.owner;
    if (rec.status !== to) {
      tx.remove('jobs', sKey(rec.status, rec.id));
      tx.put('jobs', sKey(to, rec.id), 1);
      if (!isFinished(rec.status) && isFinished(to)) {
        this.unfinishedCount--;
        if (to === 'SUCCESS' || to === 'FAILED' || to === 'CANCELLED') this.totals[to]++;
      }
    }
    tx.put('jobs', mKey(rec.id), next);
    return next;
  }

  private erase(tx: WriteTxn, rec: JobRecord): void {
    tx.remove('jobs', mKey(rec.id));
    tx.remove('jobs', sKey(rec.status, rec.id));
    tx.remove('jobs', iKey(rec.id));
    tx.remove('jobs', rKey(rec.id));
    if (!isFinished(rec.status)) this.unfinishedCount--;
  }
}
