// /_api/cursor: request validation in ArangoDB's order and the routing table of spec
// section 2.1; the cursor work itself is src/cursors/service.ts.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { QueryOptions } from '../../aql/query.js';
import type { BatchReply, CursorRequest, TrxContext } from '../../cursors/service.js';
import { allowsDirtyRead, dirtyReadReply, trxId } from '../trx.js';
import { queryAccess } from '../access.js';
import { body, JSON_TYPE, param, route, type Handler, type Reply } from '../router.js';

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_TTL_SECONDS = 30;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);
const typeError = (message: string) => ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, message);

/** Parses a create request; throws in ArangoDB's order: 600, 1502, 17. */
export function cursorRequest(b: unknown, database: string, user: string): CursorRequest {
  if (isObject(b) && Object.keys(b).length === 0) throw new ArangoError(ERR.ERROR_HTTP_CORRUPTED_JSON);
  if (!isObject(b) || typeof b.query !== 'string' || b.query === '') throw new ArangoError(ERR.ERROR_QUERY_EMPTY);
  if (b.bindVars !== undefined && b.bindVars !== null && !isObject(b.bindVars)) throw typeError('expecting object for <bindVars>');
  if (typeof b.batchSize === 'number' && b.batchSize <= 0) throw typeError('expecting positive value for <batchSize>');
  const options: Record<string, unknown> = isObject(b.options) ? { ...b.options } : {};
  const stream = b.stream === true || options.stream === true;
  const memoryLimit = typeof options.memoryLimit === 'number' ? options.memoryLimit : b.memoryLimit;
  const cache = typeof options.cache === 'boolean' ? options.cache : typeof b.cache === 'boolean' ? b.cache : undefined;
  return {
    database,
    user,
    query: b.query,
    bindVars: isObject(b.bindVars) ? b.bindVars : {},
    count: b.count === true && !stream,
    batchSize: typeof b.batchSize === 'number' ? Math.floor(b.batchSize) || 1 : DEFAULT_BATCH_SIZE,
    ttlMs: (typeof b.ttl === 'number' && b.ttl > 0 ? b.ttl : DEFAULT_TTL_SECONDS) * 1000,
    stream,
    allowRetry: options.allowRetry === true,
    options: { ...(options as QueryOptions), memoryLimit: typeof memoryLimit === 'number' ? memoryLimit : undefined },
    cache,
  };
}

/**
 * A batch's reply; one computed by a cursor created allowing dirty reads says that it may
 * hold one (x-arango-potential-dirty-read), as ArangoDB's RestCursorHandler answers every
 * batch of such a cursor, later ones too, whatever the later request's headers.
 */
const send = (r: BatchReply): Reply => dirtyReadReply(r.dirtyRead === true, { status: r.status, body: r.body, type: JSON_TYPE });

const create: Handler = (req, ctx) => createCursor(req, ctx, body(req));

/**
 * POST /_api/cursor's work for the cursor request body `b` (the request's own, or one that
 * another API builds, as ArangoDB's simple query handlers do): permissions, dirty reads, a
 * stream transaction the request names. Answers the first batch; throws what the query throws.
 */
export async function createCursor(req: Parameters<Handler>[0], ctx: Parameters<Handler>[1], b: unknown): Promise<Reply> {
  // the user's permissions on the plan's collections (and what DOCUMENT() may read)
  const request: CursorRequest = { ...cursorRequest(b, ctx.db, ctx.user), ...queryAccess(ctx) };
  // dirty reads: the header or options.allowDirtyReads (RestCursorHandler::buildOptions);
  // inside a stream transaction its begin decided, the request's header is ignored
  const dirty = (allowed: boolean) => ({ ...request, allowDirtyRead: allowed });
  // a result without a cursor says so as well (RestCursorHandler::handleQueryResult)
  const sendCreated = (allowed: boolean, r: BatchReply) => send(allowed ? { ...r, dirtyRead: true } : r);
  const run = (allowDirtyRead: boolean, trx?: TrxContext, stopped?: (abort: (reason: unknown) => void) => () => void) =>
    ctx.services.cursors.create(
      dirty(allowDirtyRead),
      (abort) => {
        const a = ctx.onAbort(abort);
        const b = stopped?.(abort);
        return () => {
          a();
          b?.();
        };
      },
      ctx.replay?.progress,
      trx,
    );
  if (trxId(req) === undefined) {
    const allowed = allowsDirtyRead(req) || (request.options as { allowDirtyReads?: unknown }).allowDirtyReads === true;
    return sendCreated(allowed, await run(allowed));
  }
  // inside a stream transaction: its buffer, its declared collections; a stream cursor
  // keeps the lease until it ends (a second one meanwhile gets 28, as in ArangoDB)
  const registry = ctx.services.transactions;
  const { trx: t, release } = await registry.lease(ctx.db, trxId(req)!, 'write', ctx.user);
  let handedOver = false;
  try {
    const trx: TrxContext = {
      txn: t.txn,
      readOnly: t.write.size === 0,
      admit: (plan) => {
        for (const name of plan.writeCollections) registry.checkWrite(t, name);
        for (const name of plan.collections) if (!plan.writeCollections.includes(name)) registry.checkRead(t, name);
      },
      keepLease: () => {
        handedOver = true;
        return release;
      },
    };
    // DELETE /_api/transaction/write stops it
    return sendCreated(t.allowDirtyRead, await run(t.allowDirtyRead, trx, (abort) => registry.watch(t, abort)));
  } finally {
    if (!handedOver) release();
  }
}
const MAX_ID = 2n ** 64n - 1n;

/**
 * The cursor a path names: ArangoDB reads the id as an unsigned 64-bit number
 * (StringUtils::uint64: "007" is cursor 7; anything else is 0, which no cursor has).
 */
function cursorId(req: Parameters<Handler>[0]): string {
  const raw = param(req, 'id');
  if (!/^\d{1,20}$/.test(raw)) return '0';
  const n = BigInt(raw);
  return n > MAX_ID ? '0' : n.toString();
}

const next: Handler = async (req, ctx) => send(await ctx.services.cursors.next(ctx.db, ctx.user, cursorId(req)));
const batch: Handler = async (req, ctx) => send(await ctx.services.cursors.batch(ctx.db, ctx.user, cursorId(req), param(req, 'batchId')));
const remove: Handler = (req, ctx) => {
  ctx.services.cursors.remove(ctx.db, ctx.user, cursorId(req));
  // the id as the path gave it, as ArangoDB answers
  return { status: 202, body: { id: param(req, 'id'), error: false, code: 202 } };
};

const fail = (message: string): Handler => () => {
  throw bad(message);
};
const EXPECT_ID = fail('expecting POST /_api/cursor/<cursor-id>');
const EXPECT_BATCH = fail('expecting POST /_api/cursor/<cursor-id>/<batch-id>');
const EXPECT_DELETE = fail('expecting DELETE /_api/cursor/<cursor-id>');

export function registerCursorRoutes(app: FastifyInstance): void {
  route(app, '/_api/cursor', { POST: create, PUT: EXPECT_ID, DELETE: EXPECT_DELETE });
  route(app, '/_api/cursor/:id', { POST: next, PUT: next, DELETE: remove });
  route(app, '/_api/cursor/:id/:batchId', { POST: batch, PUT: EXPECT_ID, DELETE: EXPECT_DELETE });
  route(app, '/_api/cursor/:id/:batchId/*', { POST: EXPECT_BATCH, PUT: EXPECT_ID, DELETE: EXPECT_DELETE });
}
