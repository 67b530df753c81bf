// /_api/database: list, create and drop databases, and describe the current one.
// Listing all, creating and dropping only work from `_system` (403/1230 elsewhere);
// /user and /current work from any database. Creating and dropping need rw on _system
// (403/11, ArangoDB's methods::Databases); the creator gets rw on the new database and
// its collections, so do the users its `users` option names (created when missing), and
// a dropped database's grants are removed from every user. Names are checked by the
// catalog; this file shapes requests and replies as ArangoDB 3.12's RestDatabaseHandler.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject } from '../../storage/documents.js';
import { body, json, param, route, type Ctx, type Handler, type Reply } from '../router.js';
import { databaseLevel, ignoresReadOnly, isAdmin } from '../access.js';
import { ROOT } from '../../users/store.js';
import { grantCollection, grantDatabase, revokeDatabase } from '../../users/levels.js';

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

/** Databases the caller can use (any level but none). */
const listForUser: Handler = (_req, ctx) => ok(200, ctx.services.storage.catalog.databaseNames().filter((db) => databaseLevel(ctx, db) !== 'none'));

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

/** rw on the database and all its collections (what a creator gets). */
const owner = (db: string) => (g: Parameters<typeof grantDatabase>[0]) => grantCollection(grantDatabase(g, db, 'rw'), db, '*', 'rw');

/**
 * The users a creation names get rw on the new database, created first when missing
 * (ArangoDB's addDefaultUserOther); the creator too (its grantCurrentUser). root already
 * has rw everywhere.
 */
async function grantCreation(ctx: Ctx, db: string, users: unknown): Promise<void> {
  const store = ctx.services.users;
  for (const u of Array.isArray(users) ? (users as Record<string, unknown>[]) : []) {
    const name = (u.username ?? u.user) as string;
    if (name === ROOT || name === '') continue;
    if (!store.get(name)) {
      const extra = isPlainObject(u.extra) && Object.keys(u.extra).length > 0 ? u.extra : undefined;
      await store.create(name, { passwd: typeof u.passwd === 'string' ? u.passwd : '', active: typeof u.active === 'boolean' ? u.active : true, extra });
    }
    await store.changeGrants(name, owner(db));
  }
  if (ctx.services.config.auth && ctx.user !== ROOT && store.get(ctx.user)) await store.changeGrants(ctx.user, owner(db));
}

const create: Handler = async (req, ctx) => {
  requireSystem(ctx);
  const b = createBody(req);
  if (typeof b.name !== 'string') throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, 'illegal name: database name invalid');
  if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
  if (ctx.services.users.readOnly && !ignoresReadOnly(ctx)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'server is in read-only mode');
  checkCreateOptions(b);
  await ctx.services.storage.catalog.createDatabase(b.name);
  await grantCreation(ctx, b.name, b.users);
  return ok(201, true);
};

// ---- DELETE ---------------------------------------------------------------------

const drop: Handler = async (req, ctx) => {
  requireSystem(ctx);
  // the effective level, as ArangoDB's systemAuthLevel: no admin drops a database in read-only mode
  if (databaseLevel(ctx, '_system') !== 'rw') throw new ArangoError(ERR.ERROR_FORBIDDEN);
  const { storage } = ctx.services;
  const name = param(req, 'name');
  await storage.catalog.dropDatabase(name);
  storage.purger.wake();
  await ctx.services.users.changeAllGrants((g) => revokeDatabase(g, name));
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
