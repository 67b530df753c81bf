// The job runner: takes queued jobs in creation order, at most `concurrency` at a time,
// runs each through the handler of its kind (main/server.ts hands them in: the http
// replay and the aql query; this module never imports aql or http), and records how it
// ended. Also: cancellation (an AbortController per running job), progress (in memory,
// saved at most once a second and at the end), recovery of jobs interrupted by a restart
// (in the background, start-up never waits for it), retention (--jobs-result-ttl), and
// waiting for a job to end (?waitTime=).
//
// Invariants:
//   1. A job runs only after store.start() moved it QUEUED -> RUNNING for this runner;
//      its end is recorded only through store.complete() with the same owner.
//   2. "The job failed" (a handler answered an error or threw an ArangoError) is stored as
//      the job's result; "the runner broke" (an unknown exception, a store write that
//      failed) is logged with its stack, and the job then ends 500/4 or stays as stored
//      for recovery to find.
//   3. close() aborts every running job and waits for it; a job stopped by shutdown is
//      left RUNNING in the store, so that the next start restores it.
//   4. Every promise this runner starts is kept and awaited by close().
import { randomUUID } from 'node:crypto';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Clock } from '../util/clock.js';
import { isFinished, type JobInput, type JobRecord, type JobResult, type JobType } from './record.js';
import { canceledResult, errorResult, type JobStore, type Outcome } from './store.js';
import type { AbortHook } from '../util/signals.js';

/** What a handler gets: the job, its stored input, its signal and a progress counter. */
export interface JobWork {
  record: JobRecord;
  input: JobInput;
  /** Aborted with 410/21 on cancel, 503/30 on shutdown. */
  signal: AbortSignal;
  /** Rows produced, items done: the latest value wins. */
  progress(n: number): void;
  /** Bytes a result may have; a handler may stop early past it (the runner checks too). */
  maxResultSize: number;
}

/** A handler runs one kind of job and answers its complete response. */
export type JobHandler = (work: JobWork) => Promise<JobResult>;

export interface RunnerOptions {
  concurrency: number;
  maxRetries: number;
  maxResultSize: number;
  /** Finished results older than this are deleted; null: kept until fetched. */
  resultTtlMs: number | null;
  /** Where the runner reports what broke (invariant 2). */
  log: (msg: string, err?: unknown) => void;
}

const PROGRESS_SAVE_MS = 1000;
const SWEEP_MAX_INTERVAL_MS = 60_000;

class Slot {
  readonly controller = new AbortController();
  progress = 0;
  savedAt = 0;
  timer: NodeJS.Timeout | undefined;
  saving: Promise<void> = Promise.resolve();
  done: Promise<void> = Promise.resolve();
  constructor(readonly id: number) {}
}

export class JobRunner {
  /** Identifies this process's runner in the records it owns (invariant 1). */
  readonly owner = randomUUID();
  private readonly active = new Map<number, Slot>();
  /** Jobs whose work ended and whose end is being committed (not counted as running). */
  private readonly finishing = new Set<number>();
  private readonly waiters = new Map<number, Set<() => void>>();
  private pumping = false;
  private again = false;
  private ready = false;
  private closing = false;
  private readonly tasks = new Set<Promise<unknown>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly handlers: Partial<Record<JobType, JobHandler>>,
    private readonly opts: RunnerOptions,
    private readonly clock: Clock,
    /** Ids created by an earlier process: only these are recovered. */
    private readonly recoverUpTo: number,
  ) {}

  /**
   * Recovers interrupted jobs and starts running queued ones, in the background (returns
   * at once); starts the retention sweeper when a TTL is set.
   */
  start(): void {
    this.track(
      this.recover().then(
        () => {
          this.ready = true;
          this.pump();
        },
        (e: unknown) => this.opts.log('job recovery failed; queued jobs are not run', e),
      ),
    );
    if (this.opts.resultTtlMs !== null) {
      const every = Math.max(1000, Math.min(this.opts.resultTtlMs / 2, SWEEP_MAX_INTERVAL_MS));
      this.sweeper = setInterval(() => this.track(this.sweep().catch((e: unknown) => this.opts.log('job result sweep failed', e))), every);
      this.sweeper.unref();
    }
  }

  /** Stops taking jobs, aborts running ones (invariant 3) and waits for all work. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    for (const slot of this.active.values()) slot.controller.abort(new ArangoError(ERR.ERROR_SHUTTING_DOWN));
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    for (const set of this.waiters.values()) for (const w of set) w();
    this.waiters.clear();
  }

  /** Jobs running now or with their end not yet committed (tests, /_admin). */
  get running(): number {
    return this.active.size + this.finishing.size;
  }

  /** Called after a job was queued. */
  wake(): void {
    this.pump();
  }

  /** The live progress of a running job, else undefined. */
  liveProgress(id: number): number | undefined {
    return this.active.get(id)?.progress;
  }

  /**
   * Asks job `id` to stop (store.cancel) and aborts its work if it runs here. Resolves
   * with the record before and after, or undefined for an unknown job.
   */
  async cancel(id: number): Promise<{ before: JobRecord; after: JobRecord } | undefined> {
    const r = await this.store.cancel(id);
    if (!r) return undefined;
    if (r.after.status === 'CANCELLING') this.active.get(id)?.controller.abort(new ArangoError(ERR.ERROR_REQUEST_CANCELED));
    if (isFinished(r.after.status)) this.notify(id);
    return r;
  }

  /** Removes job `id` (its work, if running, is not stopped; its result is dropped). */
  async remove(id: number): Promise<boolean> {
    const removed = await this.store.remove(id);
    if (removed) this.notify(id);
    return removed;
  }

  /** Removes those of `ids` that still pass `pass` (store.removeMany); waiters are woken. */
  async removeMany(ids: readonly number[], pass: (rec: JobRecord) => boolean): Promise<number> {
    const n = await this.store.removeMany(ids, pass);
    for (const id of ids) if (!this.store.get(id)) this.notify(id);
    return n;
  }

  /** Resolves when job `id` is final or gone, after `ms`, or when the request is aborted (`abortOn`). */
  wait(id: number, ms: number, abortOn: AbortHook): Promise<void> {
    const rec = this.store.get(id);
    if (!rec || isFinished(rec.status) || ms <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      let release: (() => void) | undefined;
      const done = (): void => {
        clearTimeout(timer);
        release?.();
        set!.delete(done);
        if (set!.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
      set.add(done);
      release = abortOn(done); // calls done at once when the request is already aborted
    });
  }

  /** Deletes finished results older than the TTL; resolves with how many. */
  async sweep(): Promise<number> {
    const ttl = this.opts.resultTtlMs;
    if (ttl === null) return 0;
    const cutoff = this.clock.now() - ttl;
    const ids: number[] = [];
    for (const status of ['SUCCESS', 'FAILED', 'CANCELLED'] as const) {
      for (const id of this.store.idsWith(status)) {
        const rec = this.store.get(id);
        if (rec && (rec.finished ?? rec.created) <= cutoff) ids.push(id);
      }
    }
    if (ids.length === 0) return 0;
    return this.removeMany(ids, (rec) => isFinished(rec.status) && (rec.finished ?? rec.created) <= cutoff);
  }

  // ---- recovery -----------------------------------------------------------------------

  private async recover(): Promise<void> {
    const again = await this.store.recover(this.opts.maxRetries, this.recoverUpTo);
    if (again.length > 0) await this.store.requeue(again);
  }

  // ---- the queue ----------------------------------------------------------------------

  private track<T>(p: Promise<T>): Promise<T> {
    this.tasks.add(p);
    void p.then(
      () => this.tasks.delete(p),
      () => this.tasks.delete(p),
    );
    return p;
  }

  private pump(): void {
    if (!this.ready || this.closing) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.track(
      this.fill()
        .catch((e: unknown) => this.opts.log('job runner could not start a job', e))
        .finally(() => {
          this.pumping = false;
          if (this.again) {
            this.again = false;
            this.pump();
          }
        }),
    );
  }

  /**
   * Starts queued jobs, oldest first, until `concurrency` run. The starts of one round are
   * issued together, so they share one commit.
   */
  private async fill(): Promise<void> {
    const skip = new Set<number>();
    while (!this.closing && this.active.size < this.opts.concurrency) {
      const ids: number[] = [];
      for (const q of this.store.startable()) {
        if (this.active.has(q) || this.finishing.has(q) || skip.has(q)) continue;
        ids.push(q);
        if (this.active.size + ids.length >= this.opts.concurrency) break;
      }
      if (ids.length === 0) return;
      const slots = ids.map((id) => {
        const slot = new Slot(id);
        this.active.set(id, slot);
        return slot;
      });
      let recs: (JobRecord | undefined)[];
      try {
        // Issued, not committed: the work starts at once (store.start says why that is safe).
        const starts = await Promise.all(ids.map((id) => this.store.start(id, this.owner)));
        recs = starts.map((s) => s.value);
        for (const s of starts) this.track(s.committed.catch((e: unknown) => this.opts.log('could not record the start of a job', e)));
      } catch (e) {
        for (const id of ids) this.active.delete(id);
        throw e; // the runner broke (storage): logged by pump(); the jobs stay as stored
      }
      recs.forEach((rec, i) => {
        const slot = slots[i]!;
        if (!rec) {
          this.active.delete(slot.id);
          skip.add(slot.id);
          return;
        }
        slot.savedAt = this.clock.now();
        slot.done = this.track(this.run(slot, rec));
      });
    }
  }

  // ---- one job ------------------------------------------------------------------------

  private async run(slot: Slot, rec: JobRecord): Promise<void> {
    let out: Outcome;
    const input = this.store.input(rec.id);
    try {
      const handler = this.handlers[rec.type];
      if (input === undefined || !handler) throw new Error(`job ${rec.id} (${rec.type}) has no stored input or no handler`);
      const result = await handler({
        record: rec,
        input,
        signal: slot.controller.signal,
        progress: (n) => this.progress(slot, n),
        maxResultSize: this.opts.maxResultSize,
      });
      out = this.judge(slot, result);
    } catch (e) {
      out = this.judgeError(slot, e);
    }
    clearTimeout(slot.timer);
    await slot.saving;
    // The work is done: its slot goes to the next job while the end is being committed
    // (a job waiting for a commit costs nothing; `--jobs-concurrency` bounds work).
    this.active.delete(rec.id);
    this.finishing.add(rec.id);
    this.pump();
    try {
      // Invariant 3: work stopped by the shutdown stays RUNNING for the next start.
      const stoppedByShutdown = this.closing && out.result.status === 503;
      if (!stoppedByShutdown) await this.store.complete(rec.id, this.owner, out);
    } catch (e) {
      this.opts.log(`could not record the end of job ${rec.id}; it stays as stored`, e);
    } finally {
      this.finishing.delete(rec.id);
      this.notify(rec.id);
    }
  }

  /** The status a handler's answer gives: cancelled, too large, failed or success. */
  private judge(slot: Slot, result: JobResult): Outcome {
    const progress = slot.progress;
    if (slot.controller.signal.aborted && isCanceled(result)) return { status: 'CANCELLED', result: canceledResult(), progress };
    if (result.body.length > this.opts.maxResultSize) {
      const why = `job result of ${result.body.length} bytes is larger than --jobs-max-result-size (${this.opts.maxResultSize} bytes); it was not stored`;
      return { status: 'FAILED', result: errorResult(ArangoError.withMessage(ERR.ERROR_RESOURCE_LIMIT, why), why), progress };
    }
    return { status: result.status < 400 ? 'SUCCESS' : 'FAILED', result, progress };
  }

  private judgeError(slot: Slot, e: unknown): Outcome {
    const progress = slot.progress;
    if (e instanceof ArangoError) {
      if (slot.controller.signal.aborted && e.errorNum === ERR.ERROR_REQUEST_CANCELED.errorNum) return { status: 'CANCELLED', result: canceledResult(), progress };
      return { status: 'FAILED', result: errorResult(e), progress };
    }
    this.opts.log(`job ${slot.id} broke`, e);
    return { status: 'FAILED', result: errorResult(new ArangoError(ERR.ERROR_INTERNAL)), progress };
  }

  private progress(slot: Slot, n: number): void {
    slot.progress = n;
    if (slot.timer || this.closing) return;
    const wait = slot.savedAt + PROGRESS_SAVE_MS - this.clock.now();
    if (wait <= 0) this.saveProgress(slot);
    else slot.timer = setTimeout(() => this.saveProgress(slot), wait);
  }

  private saveProgress(slot: Slot): void {
    slot.timer = undefined;
    slot.savedAt = this.clock.now();
    const n = slot.progress;
    slot.saving = slot.saving.then(() => this.store.saveProgress(slot.id, this.owner, n)).catch((e: unknown) => this.opts.log(`could not save progress of job ${slot.id}`, e));
  }

  private notify(id: number): void {
    const set = this.waiters.get(id);
    if (!set) return;
    for (const w of [...set]) w();
  }
}

/** A stored response that says 410/21: the work stopped because it was cancelled. */
function isCanceled(r: JobResult): boolean {
  if (r.status !== ERR.ERROR_REQUEST_CANCELED.status) return false;
  try {
    return (JSON.parse(r.body.toString('utf8')) as { errorNum?: unknown }).errorNum === ERR.ERROR_REQUEST_CANCELED.errorNum;
  } catch {
    return false; // not JSON: not the cancel error, the answer is stored as it is
  }
}
