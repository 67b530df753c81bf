// Cursors as /_api/cursor serves them: runs a query, answers the first batch in one of
// ArangoDB's three layouts (A: everything fits, no cursor; B: materialized result kept
// in a cursor, `extra` in every batch; C: stream query computed batch by batch, `extra`
// only in the last batch), and serves continuations, batch re-fetches (allowRetry) and
// deletes through the registry. Bodies are returned as JSON text so that a retried batch
// is byte-identical. Query errors get ArangoDB's `AQL: <message> (while <phase>)` form.
import { ArangoError, ERR } from '../errors/arango-error.js';
import { RunningQuery, withPhase, type QueryInput, type QueryOptions, type QueryStats, type Warning } from '../aql/query.js';
import type { QueryTracker, TrackedQuery } from '../aql/tracker.js';
import type { Storage } from '../storage/storage.js';
import { stringify, type AqlValue } from '../values/index.js';
import type { Cursor, CursorRegistry, CursorSource } from './registry.js';

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
  options: QueryOptions;
}

/** A batch answer: HTTP status and the JSON text of the body. */
export interface BatchReply {
  status: number;
  body: string;
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
  pos = 0;
  constructor(
    readonly tracked: TrackedQuery,
    readonly batchSize: number,
    readonly rows: AqlValue[] | null,
    readonly query: RunningQuery | null,
    readonly count: number | undefined,
    public extra: Extra | undefined,
  ) {}
  close(): void {
    this.query?.close();
    this.tracked.finish();
  }
}

/** What the slow-query list records about a query that ended with `e`. */
function outcome(e: unknown): { errorNum: number } {
  return { errorNum: e instanceof ArangoError ? e.errorNum : 4 };
}

/** ArangoDB's decoration of errors raised while a query is planned or run. */
const decorate = (e: unknown): unknown => withPhase(e, true);

export class CursorService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: CursorRegistry,
    private readonly tracker: QueryTracker,
    private readonly shutdown: AbortSignal,
  ) {}

  /** POST /_api/cursor after body validation. `signal` is the request's (non-stream queries stop with it). */
  async create(req: CursorRequest, signal: AbortSignal): Promise<BatchReply> {
    const tracked = this.tracker.begin({ database: req.database, user: req.user, query: req.query, bindVars: req.bindVars, stream: req.stream });
    const input: QueryInput = {
      database: req.database,
      user: req.user,
      query: req.query,
      bindVars: req.bindVars,
      options: req.stream ? { ...req.options, fullCount: false } : req.options,
      signal: AbortSignal.any(req.stream ? [tracked.signal, this.shutdown] : [tracked.signal, signal]),
    };
    let query: RunningQuery;
    try {
      query = RunningQuery.start(this.storage, input);
    } catch (e) {
      tracked.finish(outcome(e));
      throw decorate(e);
    }
    return req.stream ? this.createStream(req, query, tracked) : this.createMaterialized(req, query, tracked);
  }

  private async createMaterialized(req: CursorRequest, query: RunningQuery, tracked: TrackedQuery): Promise<BatchReply> {
    const rows: AqlValue[] = [];
    let extra: Extra;
    try {
      for (;;) {
        const b = await query.next(1000);
        for (const r of b.rows) rows.push(r);
        if (b.done) break;
      }
      tracked.setState('finalizing');
      extra = query.finish();
    } catch (e) {
      query.close();
      tracked.finish(outcome(e));
      throw decorate(e);
    }
    const count = req.count ? rows.length : undefined;
    if (rows.length <= req.batchSize) {
      tracked.finish({ warnings: extra.warnings.length });
      return { status: 201, body: stringify({ result: rows, hasMore: false, ...(count !== undefined ? { count } : {}), cached: false, extra, error: false, code: 201 } as never) };
    }
    const state = new CursorState(tracked, req.batchSize, rows, null, count, extra);
    tracked.finish({ warnings: extra.warnings.length });
    const cursor = this.registry.create({ database: req.database, user: req.user, ttlMs: req.ttlMs, source: state, allowRetry: req.allowRetry });
    return this.deliver(cursor, 201);
  }

  private async createStream(req: CursorRequest, query: RunningQuery, tracked: TrackedQuery): Promise<BatchReply> {
    const state = new CursorState(tracked, req.batchSize, null, query, undefined, undefined);
    let cursor: Cursor<CursorState>;
    try {
      cursor = this.registry.create({ database: req.database, user: req.user, ttlMs: req.ttlMs, source: state, allowRetry: req.allowRetry });
    } catch (e) {
      state.close();
      throw e;
    }
    return this.deliver(cursor, 201);
  }

  /** Computes the cursor's next batch, remembers it for retries, and releases the cursor. */
  private async deliver(cursor: Cursor, code: number): Promise<BatchReply> {
    const state = cursor.source as CursorState;
    let body: string;
    try {
      body = await this.nextBody(cursor, state, code);
    } catch (e) {
      state.tracked.finish(outcome(e));
      this.registry.release(cursor, true);
      throw decorate(e);
    }
    cursor.lastBatch = body;
    this.registry.release(cursor, cursor.exhausted && !cursor.allowRetry);
    return { status: code, body };
  }

  private async nextBody(cursor: Cursor, state: CursorState, code: number): Promise<string> {
    let rows: AqlValue[];
    let hasMore: boolean;
    if (cursor.exhausted) {
      rows = [];
      hasMore = false;
    } else if (state.rows) {
      rows = state.rows.slice(state.pos, state.pos + state.batchSize);
      state.pos += rows.length;
      hasMore = state.pos < state.rows.length;
    } else {
      const q = state.query as RunningQuery;
      const b = await q.next(state.batchSize);
      rows = b.rows;
      hasMore = !b.done;
      if (b.done) {
        state.tracked.setState('finalizing');
        state.extra = q.finish();
        state.tracked.finish({ warnings: state.extra.warnings.length });
      }
    }
    const first = code === 201;
    if (!first && !cursor.exhausted) cursor.batchId++;
    cursor.exhausted = !hasMore;
    const stream = state.rows === null;
    const showId = hasMore;
    const out: Record<string, unknown> = { result: rows, hasMore };
    if (showId) out.id = cursor.id;
    if (stream) {
      if (hasMore) out.nextBatchId = String(cursor.batchId + 1);
      out.cached = false;
      if (!hasMore) out.extra = state.extra;
    } else {
      if (state.count !== undefined) out.count = state.count;
      out.extra = state.extra;
      out.cached = false;
      if (hasMore) out.nextBatchId = String(cursor.batchId + 1);
    }
    out.error = false;
    out.code = code;
    return stringify(out as never);
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
    if (wanted === cursor.batchId && cursor.lastBatch !== null) {
      if (!cursor.allowRetry) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting allowRetry option to be true');
      return { status: 200, body: cursor.lastBatch };
    }
    throw ArangoError.withMessage(ERR.ERROR_CURSOR_NOT_FOUND, 'batch id not found');
  }

  /** DELETE /_api/cursor/<id>. */
  remove(database: string, user: string, id: string): void {
    this.registry.remove(database, user, id);
  }
}
