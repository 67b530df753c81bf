// HugeGraph's task API over the job engine (hugegraph-tasks.md section 3, seed 004):
// list, get, delete and cancel under /graphspaces/<gs>/graphs/<db>/tasks and the legacy
// /graphs/<db>/tasks, and POST .../jobs/aql, which creates an `aql` task. Graph space
// DEFAULT is the server and a graph is a database. Errors on this face use HugeGraph's
// body {exception, message, cause}; nothing here builds an ArangoDB envelope.
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
  jaxNotFound: 'class jakarta.ws.rs.NotFoundException',
  badRequest: 'class jakarta.ws.rs.BadRequestException',
  notSupported: 'class jakarta.ws.rs.NotSupportedException',
  huge: 'class org.apache.hugegraph.HugeException',
  limit: 'class org.apache.hugegraph.exception.LimitExceedException',
  notAllowed: 'class jakarta.ws.rs.NotAllowedException',
} as const;

/** An error of the task face: its HTTP status and HugeGraph's exception class. */
class HgError extends Error {
  constructor(
    readonly status: number,
    readonly exception: string,
    message: string,
  ) {
    super(message);
  }
}

const illegal = (message: string) => new HgError(400, EX.arg, message);
const jaxNotFound = () => new HgError(404, EX.jaxNotFound, 'HTTP 404 Not Found');
const taskNotFound = (id: string | number) => new HgError(404, EX.notFound, `Can't find task with id '${id}'`);

function hgReply(e: HgError): Reply {
  return json(e.status, { exception: e.exception, message: e.message, cause: '' });
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

// ---- request helpers ------------------------------------------------------------------

/** All values of a repeatable query parameter. */
function qall(req: FastifyRequest, name: string): string[] {
  const v = (req.query as Record<string, string | string[] | undefined>)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

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

/** A long path/query parameter as JAX-RS converts it: not a number -> 404. */
function long(raw: string): number {
  if (!/^-?\d+$/.test(raw)) throw jaxNotFound();
  return Number(raw);
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

/** The caller's task `id` in database `db`, or 404. */
function task(ctx: Ctx, db: string, idText: string): JobRecord {
  const id = long(idText);
  const rec = id > 0 ? ctx.services.jobs.store.get(id) : undefined;
  if (!rec || rec.db !== db || !visibleTo(rec, ctx.user)) throw taskNotFound(idText);
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

/** The seed's task JSON; `task_result` only for a final task and when `withResult`. */
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
  if (withResult && isFinished(rec.status)) {
    const r = ctx.services.jobs.store.result(rec.id);
    if (r) out.task_result = resultText(r);
  }
  return out;
}

/** `with_result`, a boolean as JAX-RS converts it: true when absent, else only `true` (any case) is true. */
const withResult = (req: FastifyRequest) => {
  const v = qstr(req, 'with_result');
  return v === undefined || v.toLowerCase() === 'true';
};

// ---- list ------------------------------------------------------------------------------

function decodePage(token: string): number {
  if (token === '') return 0;
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!/^after:\d+$/.test(text)) throw illegal(`Invalid page: '${token}'`);
  return Number(text.slice(6));
}

const encodePage = (lastId: number) => Buffer.from(`after:${lastId}`).toString('base64');

/** The list's limit from its converted value (see list): -1 is no limit, other negatives 400. */
function limitOf(n: number | undefined): number {
  if (n === undefined) return DEFAULT_LIMIT;
  if (n === -1) return Infinity;
  if (n < 0) throw new HgError(400, EX.huge, `Failed to update/query TaskStore: java.lang.IllegalArgumentException: Invalid limit ${n}`);
  return n;
}

const list: Handler = (req, ctx) => {
  // JAX-RS converts every parameter before the method runs: a non-numeric id or limit is
  // 404 whatever else the request says (with ids, the limit is converted, then ignored)
  const ids = qall(req, 'ids').map(long);
  const rawLimit = qstr(req, 'limit');
  const limitValue = rawLimit === undefined ? undefined : long(rawLimit);
  const db = graph(req, ctx);
  const page = qstr(req, 'page');
  const types = new Set(qall(req, 'type'));
  const full = withResult(req);
  const byIds = ids.length > 0;
  if (byIds) {
    // with ids, a status is refused before its value is looked at
    const status = qstr(req, 'status');
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
  const db = graph(req, ctx);
  let rec = task(ctx, db, param(req, 'id'));
  const wait = Number(qstr(req, 'waitTime') ?? NaN);
  if (Number.isFinite(wait) && wait > 0 && !isFinished(rec.status)) {
    await ctx.services.jobs.runner.wait(rec.id, wait * 1000, (abort) => ctx.onAbort(abort));
    rec = task(ctx, db, param(req, 'id'));
  }
  return json(200, taskJson(rec, ctx, withResult(req)));
};

const remove: Handler = async (req, ctx) => {
  const rec = task(ctx, graph(req, ctx), param(req, 'id'));
  const force = qstr(req, 'force')?.toLowerCase() === 'true';
  if (!isFinished(rec.status)) {
    if (!force) throw illegal(`Can't delete incomplete task '${rec.id}' in status ${rec.status}, Please try to cancel the task first`);
    await ctx.services.jobs.runner.cancel(rec.id);
  }
  await ctx.services.jobs.runner.remove(rec.id);
  return { status: 204 };
};

const cancel: Handler = async (req, ctx) => {
  const action = qstr(req, 'action');
  if (action !== 'cancel') throw new HgError(415, EX.notSupported, `Not support action '${action ?? 'null'}'`);
  const rec = task(ctx, graph(req, ctx), param(req, 'id'));
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
  const rawBefore = qstr(req, 'before');
  const before = rawBefore === undefined ? Infinity : long(rawBefore);
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
