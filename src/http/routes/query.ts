// /_api/query: parse only (POST) and query tracking (properties, current, slow, kill),
// routed per method as ArangoDB's RestQueryHandler, every wrong path and method with
// its error; /_api/explain (plan without executing). The engine is reached only through
// src/aql/query.ts, tracking only through ctx.services.queries (src/aql/tracker.ts).
// Errors from the engine keep ArangoDB's forms: /_api/query shows the bare message,
// /_api/explain appends ` (while <phase>)`.
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { explainQuery, parseQuery, withPhase, type QueryOptions } from '../../aql/query.js';
import { RULES } from '../../aql/optimizer/registry.js';
import { isAdmin, queryAccess } from '../access.js';
import type { Scope } from '../../aql/tracker.js';
import { body, json, METHODS, param, qbool, route, type Ctx, type Handler } from '../router.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

const parse: Handler = (req) => {
  const b = body(req);
  if (!isObject(b)) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting a JSON object as body');
  if (!('query' in b)) throw bad("The attribute 'query' was not found.");
  if (typeof b.query !== 'string') throw bad("The attribute 'query' is not a string.");
  if (b.query.length === 0) throw new ArangoError(ERR.ERROR_QUERY_EMPTY);
  return json(200, { error: false, code: 200, ...parseQuery(b.query), warnings: [] });
};

const parseWithSuffix: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting POST /_api/query');
};

const explain: Handler = (req, ctx) => {
  const b = body(req);
  if (!isObject(b)) throw bad('expected usage: AQL_EXPLAIN(<queryString>, <bindVars>, <options>)');
  if (typeof b.query !== 'string') throw bad('expecting string for <queryString>');
  if (b.bindVars !== undefined && b.bindVars !== null && !isObject(b.bindVars)) throw bad('expecting object for <bindVars>');
  if (b.options !== undefined && b.options !== null && !isObject(b.options)) throw bad('expecting object for <options>');
  try {
    const result = explainQuery(ctx.services.storage, {
      database: ctx.db,
      user: ctx.user,
      query: b.query,
      bindVars: (b.bindVars as Record<string, unknown> | undefined) ?? {},
      options: (b.options as QueryOptions | undefined) ?? {},
      // ArangoDB's explain begins the query's transaction: the same permission checks
      ...queryAccess(ctx, 'optimizing ast'),
    });
    return json(200, { ...result, error: false, code: 200 });
  } catch (e) {
    throw withPhase(e, false);
  }
};

const notFound: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
};

// ---- query tracking -----------------------------------------------------------------

const ok = (extra: Record<string, unknown> = {}) => json(200, { error: false, code: 200, ...extra });
const httpBad = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);

/** The path segments after /_api/query (none for /_api/query itself). */
function suffixes(req: FastifyRequest): string[] {
  const rest = param(req, '*');
  return rest === '' ? [] : rest.split('/');
}

/** ArangoDB's refusals of `?all=true` to a user who is not a superuser, per action. */
const NOT_SUPERUSER = {
  list: 'only superusers are allowed to perform actions on all queries',
  clear: 'only superusers may retrieve the list of queries for all databases',
};

/**
 * The queries a request reaches (tracker Scope). `?all=true`: every database's, allowed
 * only in _system (1230) and then only to a superuser (403/11): with --auth false anyone,
 * else root (Cairn has no internal superuser context; ArangoDB's JWT superuser is root's
 * stand-in here). A user who is not an admin (rw on _system) reaches only its own
 * queries: the others' are not listed, not cleared, and killing one is 403.
 */
function scope(req: FastifyRequest, ctx: Ctx, action: keyof typeof NOT_SUPERUSER = 'list'): Scope {
  const all = qbool(req, 'all', false);
  if (all && ctx.db !== '_system') throw new ArangoError(ERR.ERROR_ARANGO_USE_SYSTEM_DATABASE);
  if (all && ctx.services.config.auth && ctx.user !== 'root') throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, NOT_SUPERUSER[action]);
  return isAdmin(ctx) ? { all } : { all, owner: ctx.user };
}

const GET_TYPES = new Map<string, Handler>([
  ['current', (req, ctx) => json(200, ctx.services.queries.current(ctx.db, scope(req, ctx)))],
  ['slow', (req, ctx) => json(200, ctx.services.queries.slow(ctx.db, scope(req, ctx)))],
  ['properties', (_req, ctx) => ok({ ...ctx.services.queries.properties() })],
  // the optimizer rules Cairn has, as ArangoDB lists its own (no envelope)
  [
    'rules',
    () =>
      json(
        200,
        RULES.map((r) => ({
          name: r.name,
          description: r.description,
          flags: {
            hidden: r.flags.hidden === true,
            clusterOnly: false,
            canBeDisabled: r.flags.canBeDisabled,
            canCreateAdditionalPlans: r.flags.canCreateAdditionalPlans === true,
            disabledByDefault: r.flags.disabledByDefault === true,
            enterpriseOnly: false,
          },
        })),
      ),
  ],
]);

const readTracking: Handler = (req, ctx) => {
  const s = suffixes(req);
  if (s.length !== 1) throw httpBad('expecting GET /_api/query/<type>');
  const h = GET_TYPES.get(s[0]!);
  if (!h) throw ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, `unknown type '${s[0]}', expecting 'slow', 'current', or 'properties'`);
  return h(req, ctx);
};

const replaceProperties: Handler = (req, ctx) => {
  const s = suffixes(req);
  if (s.length !== 1 || s[0] !== 'properties') throw httpBad('expecting PUT /_api/query/properties');
  const b = body(req);
  if (!isObject(b)) throw httpBad('expecting a JSON object as body');
  return ok({ ...ctx.services.queries.setProperties(b) });
};

const deleteQuery: Handler = (req, ctx) => {
  const s = suffixes(req);
  if (s.length !== 1) throw httpBad('expecting DELETE /_api/query/<id> or /_api/query/slow');
  if (s[0] === 'slow') ctx.services.queries.clearSlow(ctx.db, scope(req, ctx, 'clear'));
  else ctx.services.queries.kill(ctx.db, s[0]!, scope(req, ctx));
  return ok();
};

const notImplemented: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, "'ILLEGAL /_api/query' not implemented");
};

/** RestQueryHandler's dispatch: a handler per method, 501 for every other method. */
function queryHandlers(post: Handler): Partial<Record<HTTPMethods, Handler>> {
  const table: Partial<Record<HTTPMethods, Handler>> = { GET: readTracking, PUT: replaceProperties, DELETE: deleteQuery, POST: post };
  return Object.fromEntries(METHODS.map((m) => [m, table[m] ?? notImplemented]));
}

export function registerQueryRoutes(app: FastifyInstance): void {
  route(app, '/_api/query', queryHandlers(parse));
  route(app, '/_api/query/*', queryHandlers(parseWithSuffix));
  route(app, '/_api/explain', { POST: explain });
  route(app, '/_api/explain/*', { POST: notFound });
}
