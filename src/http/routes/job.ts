// /_api/job (and its alias /_admin/job): ArangoDB's face of the job engine, routed as
// ArangoDB's RestJobHandler does (spec sections 1.4-1.9): status by id, done/pending
// lists, fetch-once of the stored response, cancel, and deletes. The store is
// server-wide: any /_db/<name>/_api/job sees all of the caller's jobs, and only those:
// another user's job is not found, for root too (record.ts ownedBy); with --auth false
// every job is seen.
// Extension: GET and PUT /_api/job/<id>?waitTime=<seconds> wait for the job to end first.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isFinished, ownedBy, type JobRecord } from '../../jobs/record.js';
import { json, param, qstr, route, type Ctx, type Handler, type Reply } from '../router.js';

const DEFAULT_COUNT = 100;
const RESULT_TRUE = json(200, { result: true });

const badParameter = (): never => {
  throw new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER);
};
const notFound = (): never => {
  throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
};

const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * ArangoDB's lenient string -> uint64 (StringUtils::uint64, std::from_chars): the leading
 * digits, else 0, and 0 past the uint64 range. Job 0 never exists.
 */
function lenientUInt(s: string | undefined): number {
  const m = /^\d+/.exec(s ?? '');
  return m && BigInt(m[0]) <= MAX_UINT64 ? Number(m[0]) : 0;
}

const seen = (ctx: Ctx) => (rec: JobRecord) => ownedBy(rec, ctx.user, ctx.superuser);

/** The caller's job `id`, or undefined. */
function visibleJob(ctx: Ctx, id: number): JobRecord | undefined {
  const rec = id > 0 ? ctx.services.jobs.store.get(id) : undefined;
  return rec && seen(ctx)(rec) ? rec : undefined;
}

/** Seconds of ?waitTime= as milliseconds; 0 when absent or not a positive number. */
function waitMs(raw: string | undefined): number {
  const s = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}

// ---- GET --------------------------------------------------------------------------------

const status = async (ctx: Ctx, id: number, wait: number): Promise<Reply> => {
  if (wait > 0 && visibleJob(ctx, id)) await ctx.services.jobs.runner.wait(id, wait, (abort) => ctx.onAbort(abort));
  const rec = visibleJob(ctx, id) ?? notFound();
  return { status: isFinished(rec.status) ? 200 : 204 };
};

/**
 * The caller's ids, ascending, at most `count` of them, but at least one: ArangoDB checks
 * the limit after adding an id (AsyncJobManager::byStatus), so count=0 lists one.
 */
const list = (ctx: Ctx, done: boolean, count: number): Reply => {
  const ids: string[] = [];
  const mine = seen(ctx);
  for (const rec of ctx.services.jobs.store.all()) {
    if (!mine(rec) || isFinished(rec.status) !== done) continue;
    ids.push(String(rec.id));
    if (ids.length >= count) break;
  }
  return json(200, ids);
};

const get: Handler = (req, ctx) => {
  const type = param(req, 'type');
  if (/^[1-9]/.test(type)) return status(ctx, lenientUInt(type), waitMs(qstr(req, 'waitTime')));
  if (type !== 'done' && type !== 'pending') return badParameter();
  const count = qstr(req, 'count');
  return list(ctx, type === 'done', count === undefined ? DEFAULT_COUNT : lenientUInt(count));
};

// ---- PUT --------------------------------------------------------------------------------

/**
 * The stored response with its own status, headers and body, plus x-arango-async-id.
 * With ?waitTime= it waits for the job to end first (one request instead of a GET that
 * waits and a PUT); a request whose client left, or that shutdown ended, during the wait
 * fetches nothing, so no result is consumed without being delivered.
 */
const fetch: Handler = async (req, ctx) => {
  const segment = param(req, 'type');
  const id = lenientUInt(segment);
  const wait = waitMs(qstr(req, 'waitTime'));
  if (wait > 0 && visibleJob(ctx, id)) {
    let ended: { reason: unknown } | undefined;
    await ctx.services.jobs.runner.wait(id, wait, (abort) =>
      ctx.onAbort((reason) => {
        ended = { reason };
        abort(reason);
      }),
    );
    if (ended) throw ended.reason;
  }
  const out = await ctx.services.jobs.store.fetch(id, seen(ctx));
  if (out.kind === 'missing') return notFound();
  if (out.kind === 'pending') return { status: 204 };
  const { status: code, headers, body } = out.result;
  const { 'content-type': type, ...rest } = headers;
  return { status: code, headers: { ...rest, 'x-arango-async-id': segment }, body, type: type ?? 'text/plain; charset=utf-8' };
};

const cancel: Handler = async (req, ctx) => {
  if (param(req, 'action') !== 'cancel') return badParameter();
  const id = lenientUInt(param(req, 'type'));
  const missing = () => ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, `could not find job (${id}) in AsyncJobManager during cancel operation`);
  if (!visibleJob(ctx, id)) throw missing();
  if (!(await ctx.services.jobs.runner.cancel(id))) throw missing();
  return RESULT_TRUE;
};

// ---- DELETE -----------------------------------------------------------------------------

/** Removes the caller's jobs that pass `pass` (their work, if running, is not stopped). */
async function removeWhere(ctx: Ctx, pass: (rec: JobRecord) => boolean): Promise<Reply> {
  const ids: number[] = [];
  const visible = seen(ctx);
  const mine = (rec: JobRecord) => visible(rec) && pass(rec);
  for (const rec of ctx.services.jobs.store.all()) if (mine(rec)) ids.push(rec.id);
  await ctx.services.jobs.runner.removeMany(ids, mine);
  return RESULT_TRUE;
}

const remove: Handler = async (req, ctx) => {
  const type = param(req, 'type');
  if (type === 'all') return removeWhere(ctx, () => true);
  if (type === 'expired') {
    const stamp = qstr(req, 'stamp');
    if (stamp === undefined) return badParameter();
    const ms = (parseFloat(stamp) || 0) * 1000;
    return removeWhere(ctx, (rec) => (rec.finished ?? rec.created) < ms);
  }
  const id = lenientUInt(type);
  if (!visibleJob(ctx, id) || !(await ctx.services.jobs.runner.remove(id))) return notFound();
  return RESULT_TRUE;
};

const BAD: Handler = () => badParameter();

export function registerJobRoutes(app: FastifyInstance): void {
  for (const prefix of ['/_api/job', '/_admin/job']) {
    route(app, prefix, { GET: BAD, PUT: BAD, DELETE: BAD });
    route(app, `${prefix}/:type`, { GET: get, PUT: fetch, DELETE: remove });
    route(app, `${prefix}/:type/:action`, { GET: BAD, PUT: cancel, DELETE: BAD });
    route(app, `${prefix}/:type/:action/*`, { GET: BAD, PUT: BAD, DELETE: BAD });
  }
}
