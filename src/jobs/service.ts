// The job engine as the rest of Cairn sees it: the store and the runner over one LMDB
// environment, job creation with the queue limit, and the handlers per job kind, which
// the composition root registers (http replay, aql query) because this module never
// imports aql or http.
import type { Engine } from '../storage/engine.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { JobRecord, JobType } from './record.js';
import { JobRunner, type JobHandler, type RunnerOptions } from './runner.js';
import { JobStore, type NewJob } from './store.js';

export interface JobOptions extends RunnerOptions {
  /** Most jobs not yet final; past it creation fails with 503/21003. */
  maxQueued: number;
}

export class JobService {
  readonly store: JobStore;
  readonly runner: JobRunner;
  private readonly handlers: Partial<Record<JobType, JobHandler>> = {};

  constructor(
    engine: Engine,
    private readonly opts: JobOptions,
    readonly clock: Clock = systemClock,
  ) {
    this.store = new JobStore(engine, clock);
    this.runner = new JobRunner(this.store, this.handlers, opts, clock, this.store.lastIssued);
  }

  /** Registers the handler of one job kind (before start()). */
  handle(type: JobType, handler: JobHandler): void {
    this.handlers[type] = handler;
  }

  /** Recovery and the runner, in the background. */
  start(): void {
    this.runner.start();
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  /**
   * Stores a new QUEUED job (throws 503/21003 when the queue is full) and resolves once it
   * is committed. The runner is woken as soon as the write is issued, so the job may
   * start while its record commits (store.create says why that is safe).
   */
  async submit(job: NewJob): Promise<JobRecord> {
    const { value: rec, committed } = await this.store.createIssued(job, this.opts.maxQueued);
    this.runner.wake();
    await committed;
    return rec;
  }
}
