// /_api/query-cache: the AQL query results cache (cursors/query-cache.ts). The properties
// are the server's (one set for every database); entries and DELETE are the addressed
// database's. Answers, errors included, as ArangoDB's RestQueryCacheHandler gives them.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { QueryCacheProperties } from '../../cursors/query-cache.js';
import { body, json, METHODS, route, type Handler } from '../router.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);

/**
 * The change a PUT body asks for. Attributes of another type are ignored, as ArangoDB
 * ignores them; a mode other than 'on' or 'demand' is 'off'; a limit must be at least 1
 * (after truncation to an integer), else 400/10 and nothing changes.
 */
export function propertiesChange(b: unknown): Partial<QueryCacheProperties> {
  if (!isObject(b)) throw bad('expecting a JSON-Object body');
  const out: Partial<QueryCacheProperties> = {};
  if (typeof b.mode === 'string') out.mode = b.mode === 'on' || b.mode === 'demand' ? b.mode : 'off';
  for (const k of ['maxResults', 'maxResultsSize', 'maxEntrySize'] as const) {
    const v = b[k];
    if (typeof v !== 'number') continue;
    const n = Math.trunc(v);
    if (!(n > 0)) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `invalid value for ${k}`);
    out[k] = n;
  }
  if (typeof b.includeSystem === 'boolean') out.includeSystem = b.includeSystem;
  return out;
}

const getProperties: Handler = (_req, ctx) => json(200, ctx.services.queryCache.properties());
const putProperties: Handler = (req, ctx) => json(200, ctx.services.queryCache.setProperties(propertiesChange(body(req))));
const entries: Handler = (_req, ctx) => json(200, ctx.services.queryCache.entries(ctx.db));
const clear: Handler = (_req, ctx) => {
  ctx.services.queryCache.clear(ctx.db);
  return json(200, { error: false, code: 200 });
};
const badGet: Handler = () => {
  throw bad('expecting GET /_api/query-cache/properties or /_api/query-cache/entries');
};
const badPut: Handler = () => {
  throw bad('expecting PUT /_api/query-cache/properties');
};
/** ArangoDB's handler answers any other method so (its message names the document API). */
const notImplemented: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, "'ILLEGAL /_api/document' not implemented");
};

function handlers(get: Handler, put: Handler): Partial<Record<HTTPMethods, Handler>> {
  const out: Partial<Record<HTTPMethods, Handler>> = {};
  for (const m of METHODS) out[m] = notImplemented;
  return { ...out, GET: get, PUT: put, DELETE: clear };
}

export function registerQueryCacheRoutes(app: FastifyInstance): void {
  route(app, '/_api/query-cache', handlers(badGet, badPut));
  route(app, '/_api/query-cache/properties', handlers(getProperties, putProperties));
  route(app, '/_api/query-cache/entries', handlers(entries, badPut));
  route(app, '/_api/query-cache/*', handlers(badGet, badPut));
}
