// Query tracking, as ArangoDB's QueryList: the queries running in each database
// (/_api/query/current), the finished ones that took too long (/_api/query/slow), the
// tracking properties, and kill by id. It owns no query: whoever runs one holds its
// TrackedQuery from begin() to finish(); kill() only calls the handle's onKill handler and
// the runner stops and calls finish(). Time comes from the injected Clock. Imports no storage
// and no http.
//
// Invariants:
//   1. A query is listed (in `running`) only if tracking was enabled when it began, and
//      from begin() until its first finish(); only listed queries can be killed by id.
//   2. The slow list of a database holds at most maxSlowQueries entries, oldest first;
//      only listed queries enter it, and only while trackSlowQueries is on.
//   3. Ids are decimal strings, increasing, never reused by one tracker.
//   4. A scope with an `owner` (a user who is not an admin) sees, kills and clears only
//      that user's queries; another user's query is invisible to it and killing one is
//      403. Without an owner every query of the database (or of all databases) counts.
//
//   (begin)  --------------------------> executing        [begin]
//   executing -------------------------> finalizing       [TrackedQuery.setState]
//   executing | finalizing -------------> killed           [kill, killModifying]  (onKill handler called)
//   any ------------------------------> gone (+ slow)      [TrackedQuery.finish]
import { ArangoError, ERR } from '../errors/arango-error.js';
import { systemClock, type Clock } from '../util/clock.js';

export interface QueryProperties {
  enabled: boolean;
  trackSlowQueries: boolean;
  trackBindVars: boolean;
  maxSlowQueries: number;
  slowQueryThreshold: number;
  slowStreamingQueryThreshold: number;
  maxQueryStringLength: number;
}

/** How a query ended, for its slow-list entry (exitCode, warnings). All optional. */
export interface QueryOutcome {
  /** errorNum of the error that ended the query; 0 or absent on success (1500 if killed). */
  errorNum?: number;
  /** Number of warnings the query raised. */
  warnings?: number;
}

export interface TrackedQuery {
  /** Decimal string, unique, increasing. */
  readonly id: string;
  /**
   * Calls `abort` with new ArangoError(ERR.ERROR_QUERY_KILLED) when the query is killed
   * (at once if it already was). One handler: a later call replaces it. A callback, not an
   * AbortSignal: an AbortController costs about 3 us to create, a tenth of a small query.
   */
  onKill(abort: (reason: ArangoError) => void): void;
  setState(state: 'executing' | 'finalizing'): void;
  /** The query is planned: it is listed as a data-modification query when it writes. */
  planned(modification: boolean): void;
  /**
   * Query finished (ok, failed or killed): removes it from current, adds it to slow if
   * over the threshold (state "finished" or "killed"). Idempotent.
   */
  finish(outcome?: QueryOutcome): void;
}

export interface BeginInfo {
  database: string;
  user: string;
  query: string;
  bindVars: Record<string, unknown>;
  stream: boolean;
  modification?: boolean;
}

/**
 * Which queries a caller reaches: those of `database`, of every database with `all`;
 * only `owner`'s when it is given (ArangoDB's check that a query's user is the caller's
 * unless the caller may administrate AQL queries).
 */
export interface Scope {
  all?: boolean;
  owner?: string;
}

type State = 'executing' | 'finalizing' | 'killed';
type Entry = Record<string, unknown>;

const DEFAULTS: QueryProperties = {
  enabled: true,
  trackSlowQueries: true,
  trackBindVars: true,
  maxSlowQueries: 64,
  slowQueryThreshold: 10,
  slowStreamingQueryThreshold: 10,
  maxQueryStringLength: 4096,
};

const MAX_SLOW_QUERIES = 16384;
const MIN_QUERY_STRING_LENGTH = 64;
const MAX_QUERY_STRING_LENGTH = 8 * 1024 * 1024;

const isUInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
/** ArangoDB lets only useful thresholds pass: negative ones become 0. */
const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.max(v, 0) : undefined);

/**
 * How PUT /_api/query/properties reads each attribute, as ArangoDB's RestQueryHandler:
 * a value of the wrong type is ignored (the old value stays), numbers are clamped.
 */
const RULES: { [K in keyof QueryProperties]: (v: unknown) => QueryProperties[K] | undefined } = {
  enabled: bool,
  trackSlowQueries: bool,
  trackBindVars: bool,
  maxSlowQueries: (v) => (isUInt(v) ? Math.min(v, MAX_SLOW_QUERIES) : undefined),
  slowQueryThreshold: seconds,
  slowStreamingQueryThreshold: seconds,
  maxQueryStringLength: (v) => (isUInt(v) ? Math.min(Math.max(v, MIN_QUERY_STRING_LENGTH), MAX_QUERY_STRING_LENGTH) : undefined),
};

/**
 * `query` cut to at most `maxBytes` UTF-8 bytes plus `... (<omitted bytes>)`. As
 * ArangoDB's QueryString::extract, the cut backs off over a trailing multi-byte
 * sequence, lead byte included, so that no partial character is left.
 */
export function truncateQuery(query: string, maxBytes: number): string {
  const bytes = Buffer.from(query, 'utf8');
  if (bytes.length <= maxBytes) return query;
  let len = maxBytes;
  while (len > 0) {
    const c = bytes[len - 1]!;
    if ((c & 0x80) === 0) break;
    len--;
    if ((c & 0xc0) === 0xc0) break;
  }
  return `${bytes.subarray(0, len).toString('utf8')}... (${bytes.length - len})`;
}

/** Whether a query run by `user` is in `scope` (invariant 4). */
const owns = (scope: Scope, user: unknown): boolean => scope.owner === undefined || scope.owner === user;

/** ArangoDB's TRI_StringTimeStamp: UTC, whole seconds. */
function counter(): () => string {
  let last = 0;
  return () => String(++last);
}

const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class Running implements TrackedQuery {
  state: State = 'executing';
  done = false;
  private killed: ArangoError | undefined;
  private abort: ((reason: ArangoError) => void) | undefined;

  constructor(
    readonly id: string,
    readonly info: BeginInfo,
    readonly startedMs: number,
    readonly listed: boolean,
    private readonly onFinish: (q: Running, outcome: QueryOutcome) => void,
  ) {}

  onKill(abort: (reason: ArangoError) => void): void {
    this.abort = abort;
    if (this.killed) abort(this.killed);
  }

  setState(state: 'executing' | 'finalizing'): void {
    if (this.state !== 'killed') this.state = state;
  }

  planned(modification: boolean): void {
    this.info.modification = modification;
  }

  finish(outcome: QueryOutcome = {}): void {
    if (this.done) return;
    this.done = true;
    this.onFinish(this, outcome);
  }

  kill(): void {
    this.state = 'killed';
    if (this.killed) return;
    this.killed = new ArangoError(ERR.ERROR_QUERY_KILLED);
    this.abort?.(this.killed);
  }
}

export class QueryTracker {
  private props: QueryProperties = { ...DEFAULTS };
  /** Listed queries by id, in start order (invariant 1). */
  private readonly running = new Map<string, Running>();
  /** Slow entries per database, oldest first (invariant 2). */
  private readonly slowLists = new Map<string, Entry[]>();
  /** Since the process started, for /_admin/metrics: queries begun and not finished, finished, finished slow, and their run time. */
  readonly totals = { active: 0, finished: 0, slow: 0, timeMs: 0 };

  constructor(
    private readonly clock: Clock = systemClock,
    /** Query ids: the server tick, as ArangoDB's (shared with cursor ids and keys); a counter in tests. */
    private readonly newId: () => string = counter(),
  ) {}

  properties(): QueryProperties {
    return { ...this.props };
  }

  /** Applies the attributes of `patch` that pass RULES; returns the new properties. */
  setProperties(patch: Record<string, unknown>): QueryProperties {
    const next = { ...this.props };
    for (const key of Object.keys(RULES) as (keyof QueryProperties)[]) {
      const value = RULES[key](patch[key]);
      if (value !== undefined) (next as Record<keyof QueryProperties, unknown>)[key] = value;
    }
    this.props = next;
    for (const list of this.slowLists.values()) this.trim(list);
    return this.properties();
  }

  /** Registers a query that starts now. Listed only while tracking is enabled. */
  begin(info: BeginInfo): TrackedQuery {
    const q = new Running(this.newId(), info, this.clock.now(), this.props.enabled, (r, o) => this.finished(r, o));
    if (q.listed) this.running.set(q.id, q);
    this.totals.active++;
    return q;
  }

  /** The listed queries in `scope` of `database`, as ArangoDB shows them. */
  current(database: string, scope: Scope = {}): Record<string, unknown>[] {
    const now = this.clock.now();
    const out: Entry[] = [];
    for (const q of this.running.values()) {
      if ((scope.all || q.info.database === database) && owns(scope, q.info.user)) out.push(this.describe(q, q.state, now));
    }
    return out;
  }

  /** The slow entries in `scope` of `database`, oldest first per database. */
  slow(database: string, scope: Scope = {}): Record<string, unknown>[] {
    const lists = scope.all ? [...this.slowLists.values()] : [this.slowLists.get(database) ?? []];
    return lists.flat().filter((e) => owns(scope, e.user));
  }

  /** Drops the slow entries in `scope` of `database`; other users' stay (invariant 4). */
  clearSlow(database: string, scope: Scope = {}): void {
    for (const [name, list] of this.slowLists) {
      if (!scope.all && name !== database) continue;
      const kept = list.filter((e) => !owns(scope, e.user));
      if (kept.length === 0) this.slowLists.delete(name);
      else this.slowLists.set(name, kept);
    }
  }

  /**
   * Sets the kill flag of listed query `id` of `database` (any database with `all`):
   * its onKill handler is called with ERROR_QUERY_KILLED. Throws 404/1591 if there is none,
   * 403/11 if it is another user's and `scope` has an owner (invariant 4).
   */
  kill(database: string, id: string, scope: Scope = {}): void {
    const q = this.running.get(id);
    if (!q || (!scope.all && q.info.database !== database)) {
      throw ArangoError.withMessage(ERR.ERROR_QUERY_NOT_FOUND, 'query ID not found in query list');
    }
    if (!owns(scope, q.info.user)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
    q.kill();
  }

  /**
   * Sets the kill flag of every listed query that modifies data, in every database and
   * whoever runs it (DELETE /_api/transaction/write: ArangoDB's
   * Manager::abortAllManagedWriteTrx kills them through each database's QueryList before
   * it aborts the caller's write transactions). Returns how many it killed.
   */
  killModifying(): number {
    let n = 0;
    for (const q of this.running.values()) {
      if (q.info.modification !== true || q.state === 'killed') continue;
      q.kill();
      n++;
    }
    return n;
  }

  // ---- internals ------------------------------------------------------------------

  private describe(q: Running, state: State | 'finished', now: number): Entry {
    return {
      id: q.id,
      database: q.info.database,
      user: q.info.user,
      query: truncateQuery(q.info.query, this.props.maxQueryStringLength),
      bindVars: this.props.trackBindVars ? q.info.bindVars : {},
      started: timestamp(q.startedMs),
      runTime: (now - q.startedMs) / 1000,
      peakMemoryUsage: 0,
      state,
      stream: q.info.stream,
      modificationQuery: q.info.modification === true,
      warnings: 0,
    };
  }

  /** TrackedQuery.finish: unlists `q` and records it as slow when it took long enough. */
  private finished(q: Running, outcome: QueryOutcome): void {
    const now = this.clock.now();
    const threshold = q.info.stream ? this.props.slowStreamingQueryThreshold : this.props.slowQueryThreshold;
    const slow = (now - q.startedMs) / 1000 >= threshold;
    this.totals.active--;
    this.totals.finished++;
    this.totals.timeMs += now - q.startedMs;
    if (slow) this.totals.slow++;
    if (!this.running.delete(q.id) || !this.props.trackSlowQueries) return;
    if (!slow) return;
    const killed = q.state === 'killed';
    const entry = this.describe(q, killed ? 'killed' : 'finished', now);
    entry.warnings = outcome.warnings ?? 0;
    entry.exitCode = outcome.errorNum ?? (killed ? ERR.ERROR_QUERY_KILLED.errorNum : 0);
    const list = this.slowLists.get(q.info.database) ?? [];
    list.push(entry);
    this.trim(list);
    this.slowLists.set(q.info.database, list);
  }

  private trim(list: Entry[]): void {
    if (list.length > this.props.maxSlowQueries) list.splice(0, list.length - this.props.maxSlowQueries);
  }
}
