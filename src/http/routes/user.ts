// /_api/user: users and their access levels, answered as ArangoDB 3.12's RestUsersHandler
// answers on a single server (arangod/RestHandler/RestUsersHandler.cpp):
//   GET     /_api/user                          all users (admins; else 403/403)
//   GET     /_api/user/<u>                      one user (itself or an admin; else 403/403)
//   GET     /_api/user/<u>/database[?full=true] its databases (and collections)
//   GET     /_api/user/<u>/database/<db>[/<c>]  its effective level there
//   GET     /_api/user/<u>/config[/<key>]       the web interface's settings
//   POST    /_api/user                          create (admins; 201)
//   POST    /_api/user/<u>                      check a password (200 true, or 404/1703)
//   PUT     /_api/user/<u>                      replace (itself or an admin; grants reset)
//   PATCH   /_api/user/<u>                      update (itself or an admin)
//   DELETE  /_api/user/<u>                      remove (admins; 202)
//   PUT|DELETE /_api/user/<u>/database/<db>[/<c>]  grant / revoke (admins; 200 / 202)
//   PUT|DELETE /_api/user/<u>/config[/<key>]    the web interface's settings (itself or an admin)
//   any     /_admin/auth/reload                 reread the users (admins; else 403/403)
// An admin has rw on _system. The work is src/users/store.ts's; this file reads requests
// and words answers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject, type Doc } from '../../storage/documents.js';
import { ROOT, type UserInput, type UserRecord } from '../../users/store.js';
import {
  configuredCollection,
  configuredDatabase,
  databaseLevel as effectiveDatabase,
  grantCollection,
  grantDatabase,
  parseGrant,
  revokeCollection,
  revokeDatabase,
} from '../../users/levels.js';
import { isAdmin } from '../access.js';
import { body, json, pathSuffixes, qbool, route, type Ctx, type Handler, type Reply } from '../router.js';

const BASE = '/_api/user';


const badParameter = () => new ArangoError(ERR.ERROR_BAD_PARAMETER);
/** GET's refusal is 403/403; every other method's 403/11 (ArangoDB's mix). */
const httpForbidden = () => new ArangoError(ERR.ERROR_HTTP_FORBIDDEN);
const forbidden = () => new ArangoError(ERR.ERROR_FORBIDDEN);

/** ArangoDB's canAccessUser: the authenticated user itself, or an admin. */
function canAccessUser(ctx: Ctx, name: string): boolean {
  return (ctx.user !== '' && ctx.user === name) || isAdmin(ctx);
}

/** A user as the API shows it (ArangoDB's ConvertLegacyFormat). */
function view(u: UserRecord): Doc {
  return { user: u.user, active: u.active, extra: u.extra };
}

const userReply = (status: number, u: UserRecord): Reply => json(status, { ...view(u), error: false, code: status });
const ok = (status: number, result: unknown): Reply => json(status, { error: false, code: status, result });
const accepted = (): Reply => json(202, { error: false, code: 202 });

/** What POST and PUT read from a body: passwd (default ''), active (default true), extra (an object, not empty). */
function userInput(b: unknown): UserInput {
  const o = isPlainObject(b) ? b : {};
  return {
    passwd: typeof o.passwd === 'string' ? o.passwd : '',
    active: typeof o.active === 'boolean' ? o.active : true,
    extra: isPlainObject(o.extra) && Object.keys(o.extra).length > 0 ? o.extra : undefined,
  };
}

/** PUT's and PATCH's body: any JSON or none; a body that does not parse is 400/10. */
function lenientBody(req: FastifyRequest): unknown {
  try {
    return body(req);
  } catch (e) {
    if (e instanceof ArangoError && e.errorNum === ERR.ERROR_HTTP_CORRUPTED_JSON.errorNum) throw badParameter();
    throw e;
  }
}

/** The database exists (or is `*`) and so does the collection (or `*`): 404/1228, 404/1203. */
function requireGrantTarget(ctx: Ctx, db: string, col: string): void {
  if (db === '*') return;
  const { catalog } = ctx.services.storage;
  if (!catalog.database(db)) throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NOT_FOUND);
  if (col !== '*' && !catalog.collection(db, col)) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
}

function requireUser(ctx: Ctx, name: string): UserRecord {
  const u = ctx.services.users.get(name);
  if (!u) throw new ArangoError(ERR.ERROR_USER_NOT_FOUND);
  return u;
}

function without(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = { ...o };
  delete out[key];
  return out;
}

// ---- GET --------------------------------------------------------------------------

/** GET .../database: the databases it can use with its level, or (full) every grant. */
function databases(ctx: Ctx, name: string, full: boolean): Reply {
  const u = requireUser(ctx, name);
  const { catalog } = ctx.services.storage;
  const result: Record<string, unknown> = {};
  for (const db of catalog.databaseNames()) {
    if (!full) {
      const level = ctx.services.users.capped(effectiveDatabase(u.grants, db));
      if (level !== 'none') result[db] = level;
      continue;
    }
    const collections: Record<string, string> = {};
    for (const c of catalog.collections(db)) collections[c.name] = configuredCollection(u.grants, db, c.name);
    collections['*'] = configuredCollection(u.grants, db, '*');
    result[db] = { permission: configuredDatabase(u.grants, db), collections };
  }
  if (full) result['*'] = { permission: effectiveDatabase(u.grants, '*') };
  return ok(200, result);
}

/** A collection named by id is looked up by its name, as ArangoDB translates ids. */
function collectionName(ctx: Ctx, db: string, col: string): string {
  if (!/^[0-9]/.test(col)) return col;
  return ctx.services.storage.catalog.collection(db, col)?.name ?? col;
}

/** The effective level (at most `ro` in read-only mode), or with `configured` the granted one. */
function level(ctx: Ctx, name: string, db: string, col: string | undefined, configured: boolean): Reply {
  const users = ctx.services.users;
  if (col === undefined) return ok(200, users.databaseLevel(name, db, configured));
  return ok(200, users.collectionLevel(name, db, collectionName(ctx, db, col), configured));
}

function config(ctx: Ctx, name: string, key: string | undefined): Reply {
  const c = requireUser(ctx, name).config;
  const value = key !== undefined && c ? c[key] : c;
  return ok(200, value ?? null);
}

const get: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length === 0) {
    if (!isAdmin(ctx)) throw httpForbidden();
    return ok(200, ctx.services.users.list().map(view));
  }
  const name = s[0]!;
  if (!canAccessUser(ctx, name)) throw httpForbidden();
  if (s.length === 1) return userReply(200, requireUser(ctx, name));
  if (s[1] === 'database') {
    if (s.length === 2) return databases(ctx, name, qbool(req, 'full', false));
    if (s.length <= 4) return level(ctx, name, s[2]!, s[3], qbool(req, 'configured', false));
    throw badParameter();
  }
  if (s[1] === 'config') return config(ctx, name, s.length === 3 ? s[2] : undefined);
  throw badParameter();
};

// ---- POST -------------------------------------------------------------------------

/**
 * POST's body must be a JSON object: unparsable JSON is 400/600 as everywhere in Cairn,
 * other JSON 400/400 (ArangoDB's source answers both with an empty 200).
 */
function objectBody(req: FastifyRequest): Doc {
  const b = body(req);
  if (!isPlainObject(b)) throw new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER);
  return b;
}

const post: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  const b = objectBody(req);
  const users = ctx.services.users;
  if (s.length === 0) {
    if (!isAdmin(ctx)) throw forbidden();
    const u = await users.create(typeof b.user === 'string' ? b.user : '', userInput(b));
    return userReply(201, u);
  }
  if (s.length === 1) {
    // any user may check any password here, as in ArangoDB
    if (await users.checkPassword(s[0]!, typeof b.passwd === 'string' ? b.passwd : '')) return ok(200, true);
    throw new ArangoError(ERR.ERROR_USER_NOT_FOUND);
  }
  throw badParameter();
};

// ---- PUT and PATCH ----------------------------------------------------------------

/** PUT .../database/<db>[/<c>] {grant}: admins only; the target must exist; 200 {"<db>[/<c>]": level}. */
async function grant(ctx: Ctx, name: string, db: string, col: string | undefined, b: unknown): Promise<Reply> {
  if (!isAdmin(ctx)) throw forbidden();
  if (col !== undefined) requireGrantTarget(ctx, db, col);
  if (!isPlainObject(b) || typeof b.grant !== 'string') throw badParameter();
  const lvl = parseGrant(b.grant);
  await ctx.services.users.changeGrants(name, (g) => (col === undefined ? grantDatabase(g, db, lvl) : grantCollection(g, db, col, lvl)));
  return json(200, { [col === undefined ? db : `${db}/${col}`]: lvl, error: false, code: 200 });
}

/** PUT .../config/<key> {value}: sets the key; a body without `value` removes it. */
async function putConfig(ctx: Ctx, name: string, key: string, b: unknown): Promise<Reply> {
  if (!canAccessUser(ctx, name)) throw forbidden();
  if (b !== undefined) {
    await ctx.services.users.changeConfig(name, (c) => {
      if (!isPlainObject(b) || !('value' in b)) {
        return c && without(c, key);
      }
      return { ...c, [key]: b.value };
    });
  }
  return { status: 200 };
}

const put: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  const b = lenientBody(req);
  if (s.length === 1) {
    if (!canAccessUser(ctx, s[0]!)) throw forbidden();
    return userReply(200, await ctx.services.users.replace(s[0]!, userInput(b)));
  }
  if (s.length === 3 || s.length === 4) {
    if (s[1] === 'database') return grant(ctx, s[0]!, s[2]!, s[3], b);
    if (s[1] === 'config') return putConfig(ctx, s[0]!, s[2]!, b);
  }
  throw badParameter();
};

const patch: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  const b = lenientBody(req);
  if (s.length !== 1) throw badParameter();
  if (!canAccessUser(ctx, s[0]!)) throw forbidden();
  const o = isPlainObject(b) ? b : {};
  const change = {
    ...(typeof o.passwd === 'string' ? { passwd: o.passwd } : {}),
    ...(typeof o.active === 'boolean' ? { active: o.active } : {}),
    ...(isPlainObject(o.extra) && Object.keys(o.extra).length > 0 ? { extra: o.extra } : {}),
  };
  return userReply(200, await ctx.services.users.update(s[0]!, change));
};

// ---- DELETE -----------------------------------------------------------------------

async function removeUser(ctx: Ctx, name: string): Promise<Reply> {
  if (!isAdmin(ctx)) throw forbidden();
  if (name === ROOT) throw forbidden(); // as ArangoDB's removeUser
  await ctx.services.users.remove(name);
  await ctx.services.tokens.removeUser(name);
  return accepted();
}

async function revoke(ctx: Ctx, name: string, db: string, col: string | undefined): Promise<Reply> {
  if (!isAdmin(ctx)) throw forbidden();
  if (col !== undefined) requireGrantTarget(ctx, db, col);
  await ctx.services.users.changeGrants(name, (g) => (col === undefined ? revokeDatabase(g, db) : revokeCollection(g, db, col)));
  return accepted();
}

async function removeConfig(ctx: Ctx, name: string, key: string | undefined): Promise<Reply> {
  await ctx.services.users.changeConfig(name, (c) => {
    return key === undefined || !c ? undefined : without(c, key);
  });
  return { status: 200 };
}

const remove: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length === 1) return removeUser(ctx, s[0]!);
  if (s.length === 2) {
    if (s[1] === 'config' && canAccessUser(ctx, s[0]!)) return removeConfig(ctx, s[0]!, undefined);
    throw badParameter();
  }
  if (s.length === 3 || s.length === 4) {
    if (s[1] === 'database') return revoke(ctx, s[0]!, s[2]!, s[3]);
    if (s[1] === 'config') {
      if (!canAccessUser(ctx, s[0]!)) throw forbidden();
      return removeConfig(ctx, s[0]!, s[2]!);
    }
  }
  throw badParameter();
};

/** /_admin/auth/reload (ArangoDB's RestAuthReloadHandler): the mirror of _users is reread. */
const reload: Handler = (_req, ctx) => {
  if (!isAdmin(ctx)) throw httpForbidden();
  ctx.services.users.sync();
  return json(200, { error: false, code: 200 });
};

export function registerUserRoutes(app: FastifyInstance): void {
  const handlers = { GET: get, POST: post, PUT: put, PATCH: patch, DELETE: remove };
  route(app, BASE, handlers);
  route(app, `${BASE}/*`, handlers);
  route(app, '/_admin/auth/reload', { GET: reload, POST: reload, PUT: reload, PATCH: reload, DELETE: reload, HEAD: reload });
}
