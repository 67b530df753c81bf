// HugeGraph's task API over the job engine (hugegraph-tasks.md section 3, seed 004):
// list, get, delete and cancel under /graphspaces/<gs>/graphs/<db>/tasks and the legacy
// /graphs/<db>/tasks, and POST .../jobs/aql, which creates an `aql` task. Graph space
// DEFAULT is the server and a graph is a database. Errors on this face use HugeGraph's
// body {exception, message, cause}; nothing here builds an ArangoDB envelope.
// Parameters are read as Jersey hands them to HugeGraph's TaskAPI (see `Jersey parameters`).
// Extensions: repeated `status`, `type=`, `waitTime=` on get, DELETE .../tasks?status=
// &before= (bulk delete of finished tasks).
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isFinished, STATUSES, visibleTo, type AqlInput, type JobRecord, type JobResult, type JobStatus, type StoredRequest } from '../../jobs/record.js';
import { body as parseBody, json, METHODS, param, qstr, route, type Ctx, type Handler, type Reply } from '../router.js';
import { databaseLevel } from '../access.js';

const DEFAULT_LIMIT = 100;
const NAME_BYTES = 256;
const GRAPH_SPACE = 'DEFAULT';

const EX = {
  arg: 'class java.lang.IllegalArgumentException',
  notFound: 'class org.apache.hugegraph.exception.NotFoundException',
  badRequest: 'class jakarta.ws.rs.BadRequestException',
  notSupported: 'class jakarta.ws.rs.NotSupportedException',
  huge: 'class org.apache.hugegraph.HugeException',
  limit: 'class org.apache.hugegraph.exception.LimitExceedException',
  notAllowed: 'class jakarta.ws.rs.NotAllowedException',
} as const;

/** An error of the task face: its HTTP status, HugeGraph's exception class and its cause's text. */
class HgError extends Error {
  constructor(
    readonly status: number,
    readonly exception: string,
    message: string,
    readonly causeText = '',
  ) {
    super(message);
  }
}

const illegal = (message: string) => new HgError(400, EX.arg, message);
const taskNotFound = (id: string | number) => new HgError(404, EX.notFound, `Can't find task with id '${id}'`);

/**
 * A failure inside StandardTaskScheduler.call(), which runs every store query on the db
 * executor: the executor's Future hands it over wrapped in an ExecutionException, and call()
 * wraps that once more in a HugeException (400) whose cause is the ExecutionException.
 */
function storeFailure(inner: string): HgError {
  const cause = `java.util.concurrent.ExecutionException: ${inner}`;
  return new HgError(400, EX.huge, `Failed to update/query TaskStore: ${cause}`, cause);
}

function hgReply(e: HgError): Reply {
  return json(e.status, { exception: e.exception, message: e.message, cause: e.causeText });
}

/** Runs `h`, answering HgErrors and ArangoErrors in HugeGraph's body. */
function hg(h: Handler): Handler {
  return async (req, ctx) => {
    try {
      return await h(req, ctx);
    } catch (e) {
      if (e instanceof HgError) return hgReply(e);
      if (e instanceof ArangoError) {
        const ex = e.errorNum === ERR.ERROR_QUEUE_FULL.errorNum ? EX.limit : EX.huge;
        return hgReply(new HgError(e.status, ex, e.message));
      }
      throw e;
    }
  };
}

// ---- Jersey parameters -------------------------------------------------------------------
//
// Jersey converts every parameter of a resource method before the method runs, so a value
// it can't convert answers before the graph is looked up or the action checked:
//   1. a single-valued parameter is its first value (getFirst), a List<Long> all of them;
//   2. a primitive (long limit, boolean with_result/force) absent or blank after Java's
//      trim() takes its @DefaultValue; any other value goes to Long.valueOf /
//      Boolean.valueOf untrimmed (Boolean.valueOf: only `true`, any case, is true);
//   3. Long.valueOf refusing a value (not [+-]digits, or outside the long range) is a
//      ParamException: 404, message `HTTP 404 Not Found`, cause the NumberFormatException.

/** All values of a repeatable query parameter. */
function qall(req: FastifyRequest, name: string): string[] {
  const v = (req.query as Record<string, string | string[] | undefined>)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A single-valued query parameter as Jersey reads it: the first value (rule 1). */
const qfirst = (req: FastifyRequest, name: string): string | undefined => qall(req, name)[0];

/** Java's String.trim() leaves nothing: every char is <= U+0020 (rule 2). */
const blank = (v: string) => /^[\x00-\x20]*$/.test(v);

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Long.valueOf(raw) as its decimal text, or a ParamException of `kind` (rule 3). */
function javaLong(raw: string, kind: 'Path' | 'Query'): bigint {
  const n = /^[+-]?\d+$/.test(raw) ? BigInt(raw) : undefined;
  if (n === undefined || n < LONG_MIN || n > LONG_MAX) {
    throw new HgError(404, `class org.glassfish.jersey.server.ParamException$${kind}ParamException`, 'HTTP 404 Not Found', `java.lang.NumberFormatException: For input string: "${raw}"`);
  }
  return n;
}

/** A `long` query parameter with its default (rules 1-3). */
function queryLong(req: FastifyRequest, name: string, dflt: number): number {
  const v = qfirst(req, name);
  return v === undefined || blank(v) ? dflt : Number(javaLong(v, 'Query'));
}

/** A `boolean` query parameter with its default (rules 1-2). */
function queryBool(req: FastifyRequest, name: string, dflt: boolean): boolean {
  const v = qfirst(req, name);
  return v === undefined || blank(v) ? dflt : v.toLowerCase() === 'true';
}

/** The `{id}` path parameter as a long, in its decimal text (`007` is `7`). */
const pathId = (req: FastifyRequest): string => javaLong(param(req, 'id'), 'Path').toString();

/**
 * The database a task URL names; 404 for another graph space, an unknown database or one
 * the user may not use (its existence is not revealed, as ArangoDB hides databases).
 */
function graph(req: FastifyRequest, ctx: Ctx): string {
  const gs = (req.params as Record<string, string>).gs ?? GRAPH_SPACE;
  const g = param(req, 'graph');
  if (gs !== GRAPH_SPACE || !ctx.services.storage.catalog.database(g) || databaseLevel(ctx, g) === 'none') throw new HgError(404, EX.notFound, `Graph '${g}' does not exist`);
  return g;
}

function statusFilter(req: FastifyRequest): Set<JobStatus> | undefined {
  const raw = qall(req, 'status');
  if (raw.length === 0) return undefined;
  return new Set(
    raw.map((v) => {
      const s = v.toUpperCase() as JobStatus;
      if (!STATUSES.includes(s)) throw illegal(`Status value must be in [${STATUSES.join(', ')}], but got '${v}'`);
      return s;
    }),
  );
}

/** The caller's task `id` (a converted long, see pathId) in database `db`, or 404. */
function task(ctx: Ctx, db: string, id: string): JobRecord {
  const n = Number(id);
  const rec = n > 0 && Number.isSafeInteger(n) ? ctx.services.jobs.store.get(n) : undefined;
  if (!rec || rec.db !== db || !visibleTo(rec, ctx.user)) throw taskNotFound(id);
  return rec;
}

// ---- the task object -----------------------------------------------------------------

const CALLABLE = { http: 'org.cairn.jobs.HttpJob', aql: 'org.cairn.jobs.AqlJob' } as const;

function inputText(rec: JobRecord, ctx: Ctx): string | undefined {
  const input = ctx.services.jobs.store.input(rec.id);
  if (!input) return undefined;
  if (rec.type === 'aql') {
    const a = input as AqlInput;
    return JSON.stringify({ query: a.query, bindVars: a.bindVars });
  }
  const r = input as StoredRequest;
  const body = r.body && r.body.length > 0 ? Buffer.from(r.body).toString('utf8') : undefined;
  return JSON.stringify({ method: r.method, url: r.url, ...(body !== undefined ? { body } : {}) });
}

function resultText(r: JobResult): string {
  if (typeof r.taskResult === 'string') return r.taskResult;
  if (Array.isArray(r.taskResult)) return r.body.subarray(r.taskResult[0], r.taskResult[1]).toString('utf8');
  return r.body.toString('utf8');
}

/**
 * The seed's task JSON; `task_result` only for a final task and when `withResult`. A
 * cancelled task shows none, as HugeGraph's (its result is null); the ArangoDB face still
 * answers its stored 410.
 */
function taskJson(rec: JobRecord, ctx: Ctx, withResult: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: rec.id,
    task_type: rec.type,
    task_name: rec.name,
    task_status: rec.status.toLowerCase(),
    task_progress: ctx.services.jobs.runner.liveProgress(rec.id) ?? rec.progress,
    task_create: rec.created,
  };
  if (rec.updated !== undefined) out.task_update = rec.updated;
  out.task_retries = rec.retries;
  out.task_callable = CALLABLE[rec.type];
  const input = inputText(rec, ctx);
  if (input !== undefined) out.task_input = input;
  if (withResult && isFinished(rec.status) && rec.status !== 'CANCELLED') {
    const r = ctx.services.jobs.store.result(rec.id);
    if (r) out.task_result = resultText(r);
  }
  return out;
}

/** `with_result`, default true (HugeGraph's GET; an extension on the list). */
const withResult = (req: FastifyRequest) => queryBool(req, 'with_result', true);

// ---- list ------------------------------------------------------------------------------

/** What java.util.Base64's basic decoder accepts: its alphabet, padding optional but exact. */
const JAVA_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * The id a page token continues after (0 for `page=`, the first page). A token that is not
 * one of ours fails as HugeGraph's PageInfo.fromString does inside the store query: the
 * token quoted when it is not Base64, else its bytes in hex.
 */
function decodePage(token: string): number {
  if (token === '') return 0;
  if (!JAVA_BASE64.test(token)) throw storeFailure(`org.apache.hugegraph.HugeException: Invalid page: '${token}'`);
  const bytes = Buffer.from(token, 'base64');
  const text = bytes.toString('latin1');
  if (!/^after:\d+$/.test(text)) throw storeFailure(`org.apache.hugegraph.HugeException: Invalid page: '0x${bytes.toString('hex')}'`);
  return Number(text.slice(6));
}

const encodePage = (lastId: number) => Buffer.from(`after:${lastId}`).toString('base64');

/** The list's limit from its converted value (see list): -1 is no limit, other negatives 400 (Query.limit). */
function limitOf(n: number): number {
  if (n === -1) return Infinity;
  if (n < 0) throw storeFailure(`java.lang.IllegalArgumentException: Invalid limit ${n}`);
  return n;
}

const list: Handler = (req, ctx) => {
  // every parameter is converted first, in the method's order: ids, then limit (which is
  // converted and then ignored with ids)
  const ids = qall(req, 'ids').map((v) => Number(javaLong(v, 'Query')));
  const limitValue = queryLong(req, 'limit', DEFAULT_LIMIT);
  const db = graph(req, ctx);
  const page = qfirst(req, 'page');
  const types = new Set(qall(req, 'type'));
  const full = withResult(req);
  const byIds = ids.length > 0;
  if (byIds) {
    // with ids, a status is refused before its value is looked at
    const status = qfirst(req, 'status');
    if (status !== undefined) throw illegal(`Not support status when query task by ids, but got status='${status}'`);
    if (page !== undefined) throw illegal(`Not support page when query task by ids, but got page='${page}'`);
  }
  const statuses = byIds ? undefined : statusFilter(req);
  const mine = (rec: JobRecord) => rec.db === db && visibleTo(rec, ctx.user) && (!statuses || statuses.has(rec.status)) && (types.size === 0 || types.has(rec.type));
  if (byIds) {
    const tasks = [...new Set(ids)].flatMap((id) => {
      const rec = ctx.services.jobs.store.get(id);
      return rec && mine(rec) ? [taskJson(rec, ctx, full)] : [];
    });
    return json(200, { tasks });
  }
  const limit = limitOf(limitValue);
  const after = page === undefined ? 0 : decodePage(page);
  const tasks: Record<string, unknown>[] = [];
  let more = false;
  for (const rec of ctx.services.jobs.store.all()) {
    if (rec.id <= after || !mine(rec)) continue;
    if (tasks.length >= limit) {
      more = true;
      break;
    }
    tasks.push(taskJson(rec, ctx, full));
  }
  if (page === undefined) return json(200, { tasks });
  const last = tasks[tasks.length - 1];
  return json(200, { tasks, page: more && last ? encodePage(last.id as number) : null });
};

// ---- one task --------------------------------------------------------------------------

const get: Handler = async (req, ctx) => {
  const id = pathId(req);
  const full = withResult(req);
  const db = graph(req, ctx);
  let rec = task(ctx, db, id);
  const wait = Number(qstr(req, 'waitTime') ?? NaN);
  if (Number.isFinite(wait) && wait > 0 && !isFinished(rec.status)) {
    await ctx.services.jobs.runner.wait(rec.id, wait * 1000, (abort) => ctx.onAbort(abort));
    rec = task(ctx, db, id);
  }
  return json(200, taskJson(rec, ctx, full));
};

const remove: Handler = async (req, ctx) => {
  const id = pathId(req);
  const force = queryBool(req, 'force', false);
  const rec = task(ctx, graph(req, ctx), id);
  if (!isFinished(rec.status)) {
    if (!force) throw illegal(`Can't delete incomplete task '${rec.id}' in status ${rec.status}, Please try to cancel the task first`);
    await ctx.services.jobs.runner.cancel(rec.id);
  }
  await ctx.services.jobs.runner.remove(rec.id);
  return { status: 204 };
};

const cancel: Handler = async (req, ctx) => {
  const id = pathId(req);
  const action = qfirst(req, 'action');
  if (action !== 'cancel') throw new HgError(415, EX.notSupported, `Not support action '${action ?? 'null'}'`);
  const rec = task(ctx, graph(req, ctx), id);
  const refused = () => new HgError(400, EX.badRequest, `Can't cancel task '${rec.id}' which is completed or cancelling`);
  if (isFinished(rec.status) || rec.status === 'CANCELLING') throw refused();
  const r = await ctx.services.jobs.runner.cancel(rec.id);
  if (!r) throw taskNotFound(rec.id);
  if (isFinished(r.before.status) || r.before.status === 'CANCELLING') throw refused();
  return json(202, { cancelled: true });
};

/** Extension: deletes this database's finished tasks, by status and finished before `before`. */
const removeMany: Handler = async (req, ctx) => {
  const db = graph(req, ctx);
  const statuses = statusFilter(req);
  for (const s of statuses ?? []) if (!isFinished(s)) throw illegal(`Can't delete incomplete tasks in status ${s}, Please try to cancel the tasks first`);
  const before = queryLong(req, 'before', Infinity);
  const pass = (rec: JobRecord) =>
    rec.db === db && visibleTo(rec, ctx.user) && isFinished(rec.status) && (!statuses || statuses.has(rec.status)) && (rec.finished ?? rec.created) < before;
  const ids: number[] = [];
  for (const rec of ctx.services.jobs.store.all()) if (pass(rec)) ids.push(rec.id);
  const deleted = await ctx.services.jobs.runner.removeMany(ids, pass);
  return json(200, { deleted });
};

// ---- creating an aql task --------------------------------------------------------------

/** The first line of the query, cut to at most 256 UTF-8 bytes (HugeGraph's task_name). */
function taskName(query: string): string {
  const line = query.split('\n', 1)[0]!;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= NAME_BYTES) return line;
  return bytes.subarray(0, NAME_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
}

const createAql: Handler = async (req, ctx) => {
  const db = graph(req, ctx);
  let b: unknown;
  try {
    b = parseBody(req);
  } catch {
    throw illegal("Can't read json");
  }
  if (b === undefined) throw illegal("The request body can't be empty");
  const o = (typeof b === 'object' && b !== null && !Array.isArray(b) ? b : {}) as Record<string, unknown>;
  if (typeof o.query !== 'string' || o.query.trim() === '') throw illegal("The query parameter can't be null or empty");
  const bindVars = o.bindVars ?? {};
  if (typeof bindVars !== 'object' || bindVars === null || Array.isArray(bindVars)) throw illegal(`Invalid bindVars value '${JSON.stringify(o.bindVars)}'`);
  const input: AqlInput = { query: o.query, bindVars: bindVars as Record<string, unknown> };
  const rec = await ctx.services.jobs.submit({ type: 'aql', name: taskName(o.query), db, user: ctx.user, discard: false, input });
  return json(201, { task_id: rec.id });
};

/**
 * A resource's handlers as Jersey serves them: HEAD like GET (no body), any other method
 * 405 in HugeGraph's body (jakarta.ws.rs.NotAllowedException) with the allowed methods.
 */
function resource(handlers: Partial<Record<HTTPMethods, Handler>>): Partial<Record<HTTPMethods, Handler>> {
  const allowed = Object.keys(handlers).concat(handlers.GET ? ['HEAD'] : []);
  allowed.push('OPTIONS');
  const notAllowed: Handler = () => ({
    ...hgReply(new HgError(405, EX.notAllowed, 'HTTP 405 Method Not Allowed')),
    headers: { allow: [...new Set(allowed)].sort().join(',') },
  });
  const out: Partial<Record<HTTPMethods, Handler>> = {};
  for (const m of METHODS) out[m] = notAllowed;
  return { ...out, ...(handlers.GET ? { HEAD: handlers.GET } : {}), ...handlers };
}

export function registerTaskRoutes(app: FastifyInstance): void {
  for (const base of ['/graphspaces/:gs/graphs/:graph', '/graphs/:graph']) {
    route(app, `${base}/tasks`, resource({ GET: hg(list), DELETE: hg(removeMany) }));
    route(app, `${base}/tasks/:id`, resource({ GET: hg(get), DELETE: hg(remove), PUT: hg(cancel) }));
    route(app, `${base}/jobs/aql`, resource({ POST: hg(createAql) }));
  }
}
