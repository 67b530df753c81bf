// Cursors as /_api/cursor serves them: runs a query, answers the first batch in one of
// ArangoDB's three layouts (A: everything fits, no cursor; B: materialized result kept
// in a cursor, `extra` in every batch; C: stream query computed batch by batch, `extra`
// only in the last batch), and serves continuations, batch re-fetches (allowRetry) and
// deletes through the registry. Bodies are returned as JSON text so that a retried batch
// is byte-identical. Query errors get ArangoDB's `AQL: <message> (while <phase>)` form.
//
// Bodies are UTF-8 bytes (Buffers), not strings: a batch of 1,000 documents is about
// 300 KB, and sending such a string cost the server about 3 ms (joined with the header,
// flattened, measured, encoded, and kept in V8's heap until collected) where the same
// bytes cost a fraction of that; the bytes are also what --cursor-memory-limit counts.
//
// Memory: a materialized result is kept as the JSON bytes of its batches, and every byte of it is
// reserved in one ResultMemory shared by all cursors (--cursor-memory-limit). A query
// whose result would pass the limit fails with 32 while it is being materialized; rows
// are released as their batches are delivered, the rest when the cursor goes. A stream
// cursor holds only the batch it is computing (and, with allowRetry, the last one sent).
import { ArangoError, ERR } from '../errors/arango-error.js';
import { RunningQuery, withPhase, type QueryInput, type QueryOptions, type QueryStats, type Warning } from '../aql/query.js';
import type { QueryTracker, TrackedQuery } from '../aql/tracker.js';
import type { Storage } from '../storage/storage.js';
import { stringify, type AqlValue } from '../values/index.js';
import type { Cursor, CursorRegistry, CursorSource } from './registry.js';
import { jsonArrayBytes } from '../util/json-bytes.js';
import type { AbortHook } from '../util/signals.js';
import { rowsSlice, type CachedResult, type CacheTicket, type QueryResultsCache, type Source } from './query-cache.js';
import type { QueryTxn } from '../storage/query-txn.js';

/** A stream transaction a query runs in (x-arango-trx-id): its buffer and its collection check. */
export interface TrxContext {
  txn: QueryTxn;
  /** Declared without write collections: its queries may use the query results cache (ArangoDB). */
  readOnly: boolean;
  /** Hands the request's lease of the transaction to a stream cursor; returns its release. */
  keepLease?: () => () => void;
  admit(plan: { collections: readonly string[]; writeCollections: readonly string[] }): void;
}

export interface CursorRequest {
  database: string;
  user: string;
  query: string;
  bindVars: Record<string, unknown>;
  count: boolean;
  batchSize: number;
  ttlMs: number;
  stream: boolean;
  allowRetry: boolean;
  /**
   * Created allowing dirty reads (the request's header or options.allowDirtyReads, or its
   * stream transaction's begin): every batch its cursor computes says it may hold one.
   */
  allowDirtyRead?: boolean;
  options: QueryOptions;
  /** The `cache` option (options.cache over the top-level one); undefined when not a boolean. */
  cache?: boolean;
  /** The user's permission check of the plan's collections (may throw; see QueryInput.admit). */
  admit?: QueryInput['admit'];
  /** Collections the user may read (QueryInput.readable); a cached result of others is not served. */
  readable?: QueryInput['readable'];
}

/** A batch answer: HTTP status and the body's JSON, in UTF-8. */
export interface BatchReply {
  status: number;
  body: Buffer;
  /**
   * A batch computed by a cursor created allowing dirty reads: its reply says it may hold
   * one (RestCursorHandler::generateCursorResult), whatever the later request's headers.
   */
  dirtyRead?: boolean;
}

const RESULT_HEAD = Buffer.from('{"result":');

/**
 * A batch body: `{"result":<rows>, ...rest}` from the rows' JSON bytes and the other
 * members (an object whose JSON text opens with `{`).
 */
function batchBody(rows: Buffer, rest: Record<string, unknown>): Buffer {
  const tail = Buffer.from(',' + stringify(rest as never).slice(1));
  return Buffer.concat([RESULT_HEAD, rows, tail], RESULT_HEAD.length + rows.length + tail.length);
}

const EMPTY_ROWS = Buffer.from('[]');

/**
 * Bytes of JSON held by materialized cursor results, over all cursors. reserve() throws
 * 32 instead of passing the limit; every reserve is matched by a release.
 */
export class ResultMemory {
  used = 0;
  constructor(readonly limit: number) {}

  reserve(bytes: number): void {
    if (this.used + bytes > this.limit) {
      throw ArangoError.withMessage(
        ERR.ERROR_RESOURCE_LIMIT,
        `resource limit exceeded: materialized cursor results would hold more than ${this.limit} bytes (--cursor-memory-limit); use a stream cursor, a smaller result or delete unused cursors`,
      );
    }
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
  }
}

/**
 * A materialized result as the JSON bytes of its batches (encoded once per batch, by
 * jsonArrayBytes), reserved in a ResultMemory.
 */
class Materialized {
  private readonly batches: Buffer[] = [];
  private pending: AqlValue[] = [];
  private held = 0;
  private next = 0;
  total = 0;
  /** Bytes of the whole result as one JSON array. */
  bytes = 1;
  constructor(
    private readonly memory: ResultMemory,
    private readonly batchSize: number,
  ) {}

  push(rows: readonly AqlValue[]): void {
    for (const r of rows) {
      this.pending.push(r);
      if (this.pending.length === this.batchSize) this.flush();
    }
  }

  /** Ends the result: the last, partial batch is encoded. */
  end(): void {
    if (this.pending.length > 0 || this.batches.length === 0) this.flush();
  }

  /** A batch already encoded (a cached result's), of `count` rows; reserved like the others. */
  pushEncoded(bytes: Buffer, count: number): void {
    this.memory.reserve(bytes.length);
    this.held += bytes.length;
    this.bytes += bytes.length - 1;
    this.total += count;
    this.batches.push(bytes);
  }

  private flush(): void {
    const bytes = jsonArrayBytes(this.pending);
    this.memory.reserve(bytes.length);
    this.held += bytes.length;
    this.bytes += bytes.length - 1; // its brackets become one comma or bracket
    this.total += this.pending.length;
    this.batches.push(bytes);
    this.pending = [];
  }

  get hasMore(): boolean {
    return this.next < this.batches.length;
  }

  /** The next batch's JSON array; its bytes are released. */
  take(): Buffer {
    const bytes = this.batches[this.next] ?? EMPTY_ROWS;
    this.batches[this.next++] = EMPTY_ROWS;
    if (bytes !== EMPTY_ROWS) {
      this.held -= bytes.length;
      this.memory.release(bytes.length);
    }
    return bytes;
  }

  /** Releases everything still held (idempotent). */
  free(): void {
    this.memory.release(this.held);
    this.held = 0;
    this.batches.length = 0;
    this.pending = [];
  }
}

/** A finished query's extra: stats, warnings, and with the profile option its timings and plan. */
interface Extra {
  warnings: Warning[];
  stats: QueryStats & { nodes?: unknown[] };
  profile?: Record<string, number>;
  plan?: Record<string, unknown>;
}

/** What a registered cursor holds: the rest of a materialized result, or a stream query. */
class CursorState implements CursorSource {
  constructor(
    /** Undefined for a result served from the query results cache (no query ran). */
    readonly tracked: TrackedQuery | undefined,
    readonly batchSize: number,
    readonly rows: Materialized | null,
    readonly query: RunningQuery | null,
    readonly count: number | undefined,
    public extra: Extra | undefined,
    readonly cached = false,
  ) {}
  /** What else ends with the cursor (a stream transaction's lease its stream query holds). */
  onClose: (() => void) | undefined;
  close(): void {
    this.query?.close();
    this.rows?.free();
    this.tracked?.finish();
    this.onClose?.();
  }
}

/** What the slow-query list records about a query that ended with `e`. */
function outcome(e: unknown): { errorNum: number } {
  return { errorNum: e instanceof ArangoError ? e.errorNum : 4 };
}

/** ArangoDB's decoration of errors raised while a query is planned or run. */
const decorate = (e: unknown): unknown => withPhase(e, true);

/** The query's admit and readable hooks: the user's permissions first, then the stream transaction's declared collections. */
function admission(req: CursorRequest, trx: TrxContext | undefined): Pick<QueryInput, 'admit' | 'readable'> {
  const { admit, readable } = req;
  const both =
    admit && trx
      ? (plan: Parameters<TrxContext['admit']>[0]) => {
          admit(plan);
          trx.admit(plan);
        }
      : (admit ?? trx?.admit.bind(trx));
  return { ...(both ? { admit: both } : {}), ...(readable ? { readable } : {}) };
}

export class CursorService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: CursorRegistry,
    private readonly tracker: QueryTracker,
    private readonly shutdown: AbortSignal,
    private readonly memory: ResultMemory,
    /** The query results cache (absent: no caching). */
    readonly cache?: QueryResultsCache,
  ) {}

  /** Cursors open now (/_admin/metrics), and the bytes their materialized results hold. */
  get open(): { cursors: number; bytes: number } {
    return { cursors: this.registry.size, bytes: this.memory.used };
  }

  /**
   * POST /_api/cursor after body validation. `abortOn` registers with the request (a
   * non-stream query stops when it is aborted, a stream query while its first batch is
   * computed); `progress`, when the request is a job's, hears the rows produced so far.
   */
  async create(req: CursorRequest, abortOn: AbortHook, progress?: (rows: number) => void, trx?: TrxContext): Promise<BatchReply> {
    // the cache's ticket is read before the query's snapshot is taken (query-cache.ts)
    const rules = Array.isArray(req.options.optimizer?.rules) ? req.options.optimizer.rules : [];
    const ticket =
      (!trx || trx.readOnly) && this.cache?.active
        ? this.cache.begin(req.database, { query: req.query, bindVars: req.bindVars, count: req.count, fullCount: req.options.fullCount === true, rules }, req.cache, req.stream, trx?.txn.epoch)
        : undefined;
    if (ticket) {
      const hit = (this.cache as QueryResultsCache).lookup(ticket);
      // as ArangoDB: a result of collections the user may not read is not served; the
      // query then runs and fails on its permissions
      const readable = req.readable;
      if (hit && (!readable || hit.sources.every((s) => readable(s.name)))) return this.serveCached(req, hit);
    }
    const tracked = this.tracker.begin({ database: req.database, user: req.user, query: req.query, bindVars: req.bindVars, stream: req.stream });
    const input: QueryInput = {
      database: req.database,
      user: req.user,
      query: req.query,
      bindVars: req.bindVars,
      options: req.stream ? { ...req.options, fullCount: false } : req.options,
      // a stream query outlives its creating request: the server's shutdown stops it
      signal: req.stream ? this.shutdown : undefined,
      ...(trx ? { txn: trx.txn } : {}),
      ...admission(req, trx),
    };
    let query: RunningQuery;
    try {
      query = RunningQuery.start(this.storage, input);
    } catch (e) {
      tracked.finish(outcome(e));
      throw decorate(e);
    }
    const q = query;
    tracked.planned(query.plan.writeCollections.length > 0);
    tracked.onKill((reason) => q.abort(reason));
    const cacheAs = ticket && { ticket, sources: (this.cache as QueryResultsCache).sources(req.database, query.plan) };
    // The first batch is computed inside the creating request: if that request is aborted
    // meanwhile (its client left, or it is a cancelled job), the query stops. Later batches
    // of a stream query are not tied to any request.
    const release = abortOn((reason) => q.abort(reason));
    try {
      return req.stream ? await this.createStream(req, query, tracked, trx) : await this.createMaterialized(req, query, tracked, progress, cacheAs?.sources && cacheAs);
    } finally {
      release();
    }
  }

  private async createMaterialized(
    req: CursorRequest,
    query: RunningQuery,
    tracked: TrackedQuery,
    progress?: (rows: number) => void,
    cacheAs?: { ticket: CacheTicket; sources: Source[] | undefined },
  ): Promise<BatchReply> {
    const rows = new Materialized(this.memory, req.batchSize);
    const kept: AqlValue[] | undefined = cacheAs ? [] : undefined;
    let extra: Extra;
    try {
      for (;;) {
        const b = await query.next(Math.min(req.batchSize, 1000));
        // the whole result is the query's until it ends, as in ArangoDB: memoryLimit applies
        query.holdResult(b.rows);
        rows.push(b.rows);
        if (kept) for (const r of b.rows) kept.push(r);
        progress?.(query.progress);
        if (b.done) break;
      }
      rows.end();
      tracked.setState('finalizing');
      extra = query.finish();
    } catch (e) {
      query.close();
      rows.free();
      tracked.finish(outcome(e));
      throw decorate(e);
    }
    const count = req.count ? rows.total : undefined;
    tracked.finish({ warnings: extra.warnings.length });
    if (cacheAs && kept) {
      // served again with the stats of this run; without its profile and plan
      const stored = { stats: extra.stats, warnings: extra.warnings };
      (this.cache as QueryResultsCache).store(cacheAs.ticket, cacheAs.sources, { rows: kept, rowBytes: rows.bytes, extra: stored, runTime: extra.stats.executionTime });
    }
    if (rows.total <= req.batchSize) {
      const result = rows.take();
      rows.free();
      return { status: 201, body: batchBody(result, { hasMore: false, ...(count !== undefined ? { count } : {}), cached: false, extra, error: false, code: 201 }) };
    }
    const state = new CursorState(tracked, req.batchSize, rows, null, count, extra);
    let cursor: Cursor<CursorState>;
    try {
      cursor = this.registry.create({ database: req.database, user: req.user, ttlMs: req.ttlMs, source: state, allowRetry: req.allowRetry, allowDirtyRead: req.allowDirtyRead === true });
    } catch (e) {
      rows.free();
      throw e;
    }
    return this.deliver(cursor, 201);
  }

  /** A result from the query results cache, batched as a materialized one (its JSON sliced, not encoded again), `cached: true`. */
  private serveCached(req: CursorRequest, hit: CachedResult): Promise<BatchReply> {
    const rows = new Materialized(this.memory, req.batchSize);
    try {
      const n = hit.offsets.length;
      if (n === 0) rows.end();
      for (let from = 0; from < n; from += req.batchSize) {
        const to = Math.min(n, from + req.batchSize);
        rows.pushEncoded(rowsSlice(hit, from, to), to - from);
      }
    } catch (e) {
      rows.free();
      return Promise.reject(e);
    }
    const count = req.count ? rows.total : undefined;
    const extra = hit.extra as unknown as Extra;
    if (rows.total <= req.batchSize) {
      const result = rows.take();
      rows.free();
      return Promise.resolve({ status: 201, body: batchBody(result, { hasMore: false, ...(count !== undefined ? { count } : {}), cached: true, extra, error: false, code: 201 }) });
    }
    const state = new CursorState(undefined, req.batchSize, rows, null, count, extra, true);
    let cursor: Cursor<CursorState>;
    try {
      cursor = this.registry.create({ database: req.database, user: req.user, ttlMs: req.ttlMs, source: state, allowRetry: req.allowRetry, allowDirtyRead: req.allowDirtyRead === true });
    } catch (e) {
      rows.free();
      return Promise.reject(e);
    }
    return this.deliver(cursor, 201);
  }

  private async createStream(req: CursorRequest, query: RunningQuery, tracked: TrackedQuery, trx?: TrxContext): Promise<BatchReply> {
    const state = new CursorState(tracked, req.batchSize, null, query, undefined, undefined);
    let cursor: Cursor<CursorState>;
    try {
      cursor = this.registry.create({ database: req.database, user: req.user, ttlMs: req.ttlMs, source: state, allowRetry: req.allowRetry, allowDirtyRead: req.allowDirtyRead === true });
    } catch (e) {
      state.close();
      throw e;
    }
    // a stream query inside a transaction keeps using it: it holds the lease until it ends
    if (trx?.keepLease) state.onClose = trx.keepLease();
    return this.deliver(cursor, 201);
  }

  /** Computes the cursor's next batch, remembers it for retries, and releases the cursor. */
  private async deliver(cursor: Cursor, code: number): Promise<BatchReply> {
    const state = cursor.source as CursorState;
    let body: Buffer;
    try {
      body = await this.nextBody(cursor, state, code);
    } catch (e) {
      state.tracked?.finish(outcome(e));
      this.registry.release(cursor, true);
      throw decorate(e);
    }
    // kept for re-fetches only: without allowRetry a batch is never sent twice
    if (cursor.allowRetry) cursor.lastBatch = body;
    this.registry.release(cursor, cursor.exhausted && !cursor.allowRetry);
    return cursor.allowDirtyRead ? { status: code, body, dirtyRead: true } : { status: code, body };
  }

  private async nextBody(cursor: Cursor, state: CursorState, code: number): Promise<Buffer> {
    let rows: Buffer;
    let hasMore: boolean;
    if (cursor.exhausted) {
      rows = EMPTY_ROWS;
      hasMore = false;
    } else if (state.rows) {
      rows = state.rows.take();
      hasMore = state.rows.hasMore;
    } else {
      const q = state.query as RunningQuery;
      const b = await q.next(state.batchSize);
      rows = jsonArrayBytes(b.rows);
      hasMore = !b.done;
      if (b.done) {
        state.tracked?.setState('finalizing');
        state.extra = q.finish();
        state.tracked?.finish({ warnings: state.extra.warnings.length });
      }
    }
    const first = code === 201;
    // every batch sent gets the next id, the empty ones an allowRetry cursor answers after
    // its last batch too (ArangoDB's Cursor::handleNextBatchIdValue): only that one can
    // be fetched again then
    if (!first) cursor.batchId++;
    cursor.exhausted = !hasMore;
    const stream = state.rows === null;
    const showId = hasMore;
    const out: Record<string, unknown> = { hasMore };
    if (showId) out.id = cursor.id;
    if (stream) {
      if (hasMore) out.nextBatchId = String(cursor.batchId + 1);
      out.cached = false;
      if (!hasMore) out.extra = state.extra;
    } else {
      if (state.count !== undefined) out.count = state.count;
      out.extra = state.extra;
      out.cached = state.cached;
      if (hasMore) out.nextBatchId = String(cursor.batchId + 1);
    }
    out.error = false;
    out.code = code;
    return batchBody(rows, out);
  }

  /** POST|PUT /_api/cursor/<id>: the next batch. */
  async next(database: string, user: string, id: string): Promise<BatchReply> {
    const cursor = this.registry.acquire(database, user, id);
    return this.deliver(cursor, 200);
  }

  /** POST /_api/cursor/<id>/<batchId>: the next batch, or the last one again (allowRetry). */
  async batch(database: string, user: string, id: string, batchId: string): Promise<BatchReply> {
    const cursor = this.registry.acquire(database, user, id);
    const wanted = /^\d+$/.test(batchId) ? Number(batchId) : NaN;
    if (wanted === cursor.batchId + 1 && !cursor.exhausted) return this.deliver(cursor, 200);
    this.registry.release(cursor);
    if (wanted === cursor.batchId) {
      if (!cursor.allowRetry || cursor.lastBatch === null) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting allowRetry option to be true');
      // the stored body again, without the dirty-read header (RestCursorHandler::showLatestBatch)
      return { status: 200, body: cursor.lastBatch };
    }
    throw ArangoError.withMessage(ERR.ERROR_CURSOR_NOT_FOUND, 'batch id not found');
  }

  /** DELETE /_api/cursor/<id>. */
  remove(database: string, user: string, id: string): void {
    this.registry.remove(database, user, id);
  }
}
