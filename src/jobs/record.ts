// The job record, the statuses and the one table of legal transitions. A job is one
// record in the job store (store.ts); this file owns its shape and what may follow what,
// never how it is stored or run.
//
// Invariants:
//   1. Every status change is a row of TRANSITIONS; store.ts refuses any other move.
//   2. SUCCESS, FAILED and CANCELLED are final: nothing follows them but removal.
//   3. A job's id never changes and is never handed out again (store.ts's counter).
//
// State machine (single node; every line is one function of JobStore, one write):
//
//   (none)     -> QUEUED      [create]          202 acknowledged only after this commits
//   QUEUED     -> RUNNING     [start]           the runner takes the oldest queued job
//   RUNNING    -> SUCCESS     [complete]        the work ended and answered < 400
//   RUNNING    -> FAILED      [complete]        the work answered >= 400, threw, or its
//                                               result passed --jobs-max-result-size
//   QUEUED     -> CANCELLED   [cancel]          never starts; result 410/21
//   RUNNING    -> CANCELLING  [cancel]          the runner aborts the job's signal
//   CANCELLING -> CANCELLED   [complete]        the work stopped with 410/21
//   CANCELLING -> SUCCESS     [complete]        the work finished before the cancel landed
//   CANCELLING -> FAILED      [complete]        (same, with an error answer)
//   QUEUED     -> RESTORING   [recover]         at start, task_retries + 1
//   RUNNING    -> RESTORING   [recover]         (the process died while it ran)
//   RESTORING  -> RESTORING   [recover]         (died again before it was re-queued)
//   RESTORING  -> QUEUED      [requeue]         runs again from the beginning
//   QUEUED | RUNNING | RESTORING -> FAILED [recover]   after --jobs-max-retries restarts
//   CANCELLING -> CANCELLED   [recover]         the cancel was asked for before the crash
//   RESTORING  -> CANCELLED   [cancel]
//   any        -> (removed)   [remove | fetch | expire]
//
// PENDING, NEW, SCHEDULING, SCHEDULED and UNKNOWN are HugeGraph's statuses that a single
// node never enters; they are listed so that the task face accepts them in filters.

export const STATUSES = [
  'UNKNOWN',
  'NEW',
  'SCHEDULING',
  'SCHEDULED',
  'QUEUED',
  'PENDING',
  'RESTORING',
  'RUNNING',
  'SUCCESS',
  'CANCELLING',
  'CANCELLED',
  'FAILED',
] as const;

export type JobStatus = (typeof STATUSES)[number];

/** The statuses whose result is final (ArangoDB face: `done`). */
export const FINISHED: ReadonlySet<JobStatus> = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);

export const isFinished = (s: JobStatus): boolean => FINISHED.has(s);

/** Statuses a job can have in the store; the rest are never entered (see above). */
export const LIVE_STATUSES: readonly JobStatus[] = ['QUEUED', 'RESTORING', 'RUNNING', 'CANCELLING', 'SUCCESS', 'FAILED', 'CANCELLED'];

/** Every legal move, by the function that makes it (invariant 1). */
export const TRANSITIONS = {
  start: [['QUEUED', 'RUNNING']],
  complete: [
    ['RUNNING', 'SUCCESS'],
    ['RUNNING', 'FAILED'],
    ['CANCELLING', 'CANCELLED'],
    ['CANCELLING', 'SUCCESS'],
    ['CANCELLING', 'FAILED'],
  ],
  cancel: [
    ['QUEUED', 'CANCELLED'],
    ['RESTORING', 'CANCELLED'],
    ['RUNNING', 'CANCELLING'],
  ],
  recover: [
    ['QUEUED', 'RESTORING'],
    ['RUNNING', 'RESTORING'],
    ['RESTORING', 'RESTORING'],
    ['QUEUED', 'FAILED'],
    ['RUNNING', 'FAILED'],
    ['RESTORING', 'FAILED'],
    ['CANCELLING', 'CANCELLED'],
  ],
  requeue: [['RESTORING', 'QUEUED']],
} as const satisfies Record<string, readonly (readonly [JobStatus, JobStatus])[]>;

export type TransitionName = keyof typeof TRANSITIONS;

export function allowed(fn: TransitionName, from: JobStatus, to: JobStatus): boolean {
  return (TRANSITIONS[fn] as readonly (readonly [JobStatus, JobStatus])[]).some(([f, t]) => f === from && t === to);
}

/** Job kinds (`task_type`). */
export type JobType = 'http' | 'aql';

/** The metadata of one job: small, read by every list; never the input or the result. */
export interface JobRecord {
  id: number;
  type: JobType;
  /** `task_name`: `POST /_api/cursor` for http jobs, the first line of the query for aql. */
  name: string;
  status: JobStatus;
  /** The database the job was created in. */
  db: string;
  /** The authenticated user: whose job it is (visibleTo, ownedBy). */
  user: string;
  /** Epoch ms. */
  created: number;
  /** Epoch ms of the job's last own save (start, progress, end); absent while queued. */
  updated?: number;
  /** Epoch ms when it became final (ArangoDB's stamp for `expired`, result TTL). */
  finished?: number;
  progress: number;
  retries: number;
  /** Fire and forget (`x-arango-async: true`): not listed, removed when it ends. */
  discard: boolean;
  /** Runner instance that started it (RUNNING, CANCELLING). */
  owner?: string;
}

/**
 * What a job produced: the complete response. `taskResult` says what the task face shows
 * as `task_result`: a [start, end) slice of the body text (an aql job's row array), a text
 * of its own (a failure's reason), or, absent, the whole body text.
 */
export interface JobResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  taskResult?: [number, number] | string;
}

/** A request as an http job stores it: never the client's credentials. */
export interface StoredRequest {
  method: string;
  /** The URL as the client sent it, /_db/<name> prefix and query string included. */
  url: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** An aql task's input, as POST .../jobs/aql received it. */
export interface AqlInput {
  query: string;
  bindVars: Record<string, unknown>;
}

export type JobInput = StoredRequest | AqlInput;

/** The task face: the user sees the job when it is their own, and root sees every job. */
export function visibleTo(rec: JobRecord, user: string): boolean {
  return !rec.discard && (user === 'root' || rec.user === user);
}

/**
 * The ArangoDB face (/_api/job), as ArangoDB's AsyncJobManager decides it: the caller's
 * own jobs only, every job in a superuser context. ArangoDB's superuser is an internal
 * context (authentication off, or a JWT signed with the server secret), never a user who
 * logged in, root included; Cairn's is `--auth false`.
 */
export function ownedBy(rec: JobRecord, user: string, superuser: boolean): boolean {
  return !rec.discard && (superuser || rec.user === user);
}
