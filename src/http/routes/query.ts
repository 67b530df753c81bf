// /_api/query (parse only; query tracking joins it with the cursor issue) and
// /_api/explain (plan without executing). Both reach the engine only through
// src/aql/query.ts. Errors from the engine keep ArangoDB's forms: /_api/query shows the
// bare message, /_api/explain appends ` (while <phase>)`.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { explainQuery, parseQuery, type QueryOptions } from '../../aql/query.js';
import { body, json, route, type Handler } from '../router.js';

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

/** Appends ArangoDB's phase suffix to an engine error. */
function withPhase(e: unknown): unknown {
  if (e instanceof ArangoError && e.phase) return ArangoError.withMessage({ errorNum: e.errorNum, status: e.status, message: '' }, `${e.message} (while ${e.phase})`);
  return e;
}

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
    });
    return json(200, { ...result, error: false, code: 200 });
  } catch (e) {
    throw withPhase(e);
  }
};

const notFound: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
};

export function registerQueryRoutes(app: FastifyInstance): void {
  route(app, '/_api/query', { POST: parse });
  route(app, '/_api/query/*', { POST: parseWithSuffix });
  route(app, '/_api/explain', { POST: explain });
  route(app, '/_api/explain/*', { POST: notFound });
}
