// /_api/database: list, create and drop databases, and describe the current one.
// Listing all, creating and dropping only work from `_system` (403/1230 elsewhere);
// /user and /current work from any database. Names are checked by the catalog; this
// file only shapes requests and replies as ArangoDB 3.12's RestDatabaseHandler does.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject } from '../../storage/documents.js';
import { body, json, param, route, type Ctx, type Handler, type Reply } from '../router.js';

const ok = (status: number, result: unknown): Reply => json(status, { error: false, code: status, result });

function requireSystem(ctx: Ctx): void {
  if (ctx.db !== '_system') throw new ArangoError(ERR.ERROR_ARANGO_USE_SYSTEM_DATABASE);
}

/** 400/400 `bad parameter`: a malformed request (extra path parts, a body that is no object). */
function badRequest(message?: string): ArangoError {
  return message === undefined ? new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER) : ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);
}

// ---- GET ------------------------------------------------------------------------

const listAll: Handler = (_req, ctx) => {
  requireSystem(ctx);
  return ok(200, ctx.services.storage.catalog.databaseNames());
};

/** Databases the caller can use: every one, as root is the only user so far. */
const listForUser: Handler = (_req, ctx) => ok(200, ctx.services.storage.catalog.databaseNames());

const current: Handler = (_req, ctx) => {
  const rec = ctx.services.storage.catalog.requireDatabase(ctx.db);
  // Single-server shape: no sharding attributes, and `path` is reported as "none".
  return ok(200, { id: String(rec.id), name: rec.name, isSystem: rec.name === '_system', path: 'none' });
};

const GET_SUFFIX = new Map<string, Handler>([
  ['user', listForUser],
  ['current', current],
]);

const getOne: Handler = (req, ctx) => {
  const h = GET_SUFFIX.get(param(req, 'name'));
  if (!h) throw new ArangoError(ERR.ERROR_BAD_PARAMETER);
  return h(req, ctx);
};

// ---- POST -----------------------------------------------------------------------

/**
 * The create request's body: unparsable JSON is 400/600 as everywhere in Cairn (ArangoDB
 * 3.12 answers 400/400 here), JSON that is not an object 400/400.
 */
function createBody(req: FastifyRequest): Record<string, unknown> {
  const b = body(req);
  if (!isPlainObject(b)) throw badRequest();
  return b;
}

/** Checks `options` and `users` as ArangoDB does, before the name's syntax is checked. */
function checkCreateOptions(b: Record<string, unknown>): void {
  const { options, users } = b;
  if (options !== undefined && options !== null && !isPlainObject(options)) throw badRequest('invalid options slice');
  if (users === undefined || users === null) return;
  if (!Array.isArray(users)) throw badRequest('invalid users slice');
  for (const u of users) {
    if (!isPlainObject(u)) throw badRequest();
    const name = u.username ?? u.user;
    if (typeof name !== 'string') throw badRequest();
    if (u.passwd !== undefined && typeof u.passwd !== 'string') throw badRequest();
  }
}

const create: Handler = async (req, ctx) => {
  requireSystem(ctx);
  const b = createBody(req);
  if (typeof b.name !== 'string') throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NAME_INVALID);
  checkCreateOptions(b);
  await ctx.services.storage.catalog.createDatabase(b.name);
  return ok(201, true);
};

// ---- DELETE ---------------------------------------------------------------------

const drop: Handler = async (req, ctx) => {
  requireSystem(ctx);
  const { storage } = ctx.services;
  await storage.catalog.dropDatabase(param(req, 'name'));
  storage.purger.wake();
  return ok(200, true);
};

// ---- malformed paths --------------------------------------------------------------

const bad: Handler = () => {
  throw badRequest();
};

const systemThenBad: Handler = (_req, ctx) => {
  requireSystem(ctx);
  throw badRequest();
};

export function registerDatabaseRoutes(app: FastifyInstance): void {
  route(app, '/_api/database', { GET: listAll, POST: create, DELETE: systemThenBad });
  route(app, '/_api/database/:name', { GET: getOne, POST: systemThenBad, DELETE: drop });
  route(app, '/_api/database/:name/*', { GET: bad, POST: systemThenBad, DELETE: systemThenBad });
}
