// /_api/tasks: ArangoDB's server tasks (JavaScript run once or periodically on the server;
// transactions/js-tasks.ts), answered as ArangoDB's RestTasksHandler answers: the task
// object itself (no envelope) for a registration or a read, an array for the list,
// 404/1852 for an unknown id, each malformed request with its message. Not to be confused
// with HugeGraph's task API (routes/tasks.ts), which shows Cairn's durable jobs.
import vm from 'node:vm';
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { TaskSpec } from '../../transactions/js-tasks.js';
import { makeExec } from '../js-exec.js';
import { databaseLevel } from '../access.js';
import { body, json, METHODS, pathSuffixes, route, type Ctx, type Handler } from '../router.js';

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** The body of POST /_api/tasks or PUT /_api/tasks/<id>, checked in RestTasksHandler's order. */
function taskSpec(b: unknown, ctx: Ctx, id: string | undefined): TaskSpec {
  const o = isObject(b) ? b : {};
  const period = typeof o.period === 'number' ? o.period : undefined;
  if (period !== undefined && !(period > 0)) throw bad('task period must be specified and positive');
  if (typeof o.runAsUser === 'string' && o.runAsUser !== '' && o.runAsUser !== ctx.user) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'cannot run task as a different user');
  if (typeof o.command !== 'string') throw bad('command must be specified');
  try {
    // what the task runs, compiled only (Function('params', command))
    new vm.Script(`(function anonymous(params\n) {\n${o.command}\n})`);
  } catch {
    throw bad('cannot compile command');
  }
  return {
    id: id ?? (typeof o.id === 'string' ? o.id : undefined),
    name: typeof o.name === 'string' ? o.name : 'user-defined task',
    command: o.command,
    params: o.params,
    offset: typeof o.offset === 'number' && Number.isFinite(o.offset) ? o.offset : 0,
    period,
  };
}

function register(req: FastifyRequest, ctx: Ctx, id: string | undefined) {
  if (!ctx.services.config.javascriptTasks) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'JavaScript tasks are disabled');
  if (databaseLevel(ctx) !== 'rw') throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `registering a task needs db RW permissions: ${ERR.ERROR_FORBIDDEN.message}`);
  return json(200, ctx.services.jsTasks.register(ctx.db, ctx.user, taskSpec(body(req), ctx, id)));
}

const list: Handler = (req, ctx) => {
  const s = pathSuffixes(req, '/_api/tasks');
  if (s.length > 1) throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, 'superfluous parameter, expecting /_api/tasks[/<id>]');
  if (s.length === 1) return json(200, ctx.services.jsTasks.get(s[0]!, ctx.user));
  return json(200, ctx.services.jsTasks.list(ctx.user));
};

const create: Handler = (req, ctx) => register(req, ctx, undefined);

const createWithId: Handler = (req, ctx) => {
  const s = pathSuffixes(req, '/_api/tasks');
  if (s.length !== 1 || s[0] === '') throw bad('expected PUT /_api/tasks/<task-id>');
  return register(req, ctx, s[0]);
};

const remove: Handler = (req, ctx) => {
  const s = pathSuffixes(req, '/_api/tasks');
  if (s.length !== 1 || s[0] === '') throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, 'bad parameter, expecting /_api/tasks/<id>');
  if (databaseLevel(ctx) !== 'rw') throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `unregister task needs db RW permissions: ${ERR.ERROR_FORBIDDEN.message}`);
  ctx.services.jsTasks.unregister(s[0]!, ctx.user);
  return json(200, { error: false, code: 200 });
};

const notAllowed: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
};

function handlers(table: Partial<Record<HTTPMethods, Handler>>): Partial<Record<HTTPMethods, Handler>> {
  return Object.fromEntries(METHODS.map((m) => [m, table[m] ?? notAllowed]));
}

export function registerServerTaskRoutes(app: FastifyInstance, services: Ctx['services']): void {
  services.jsTasks.attach((user) => makeExec(app, services, user, services.shutdown));
  route(app, '/_api/tasks', handlers({ GET: list, POST: create, PUT: createWithId, DELETE: remove }));
  route(app, '/_api/tasks/*', handlers({ GET: list, POST: create, PUT: createWithId, DELETE: remove }));
}

