// /_api/view: list, describe, create, change, rename and drop the views of the request's
// database, answered as ArangoDB 3.12's RestViewHandler answers on a single server: the
// same suffix checks and messages, 404/1203 for an unknown view, database rw to create,
// change or drop (403/11 `insufficient rights to ... view`), and a view whose collections
// the user may not read is hidden from the list and refused (403/11). The work and its
// errors are src/storage/views.ts's; this file reads requests and words answers.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { ViewRecord } from '../../storage/catalog.js';
import { analyzerResolver } from '../../storage/analyzer-lookup.js';
import type { ViewContext } from '../../storage/views.js';
import { canUseCollection, databaseLevel } from '../access.js';
import { body, json, pathSuffixes, route, type Ctx, type Handler } from '../router.js';
import { allows } from '../../users/levels.js';

const BASE = '/_api/view';

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
const forbidden = (message: string) => ArangoError.withMessage(ERR.ERROR_FORBIDDEN, message);

function viewContext(ctx: Ctx): ViewContext {
  const storage = ctx.services.storage;
  return { analyzers: analyzerResolver(storage.catalog, storage.documents, ctx.db), canRead: (c) => canUseCollection(ctx, c, 'ro') };
}

/** ArangoDB's view canUse: the user's level of the database. */
function requireDatabase(ctx: Ctx, level: 'ro' | 'rw', message: string): void {
  if (!allows(databaseLevel(ctx), level)) throw forbidden(message);
}

/**
 * Whether the full definition may be shown to the user (ArangoDB refuses to serialize a
 * view whose collections the user cannot read): 403/11 when not.
 */
function requireShowable(ctx: Ctx, v: ViewRecord): void {
  for (const c of ctx.services.storage.views.collectionsOf(v)) {
    if (canUseCollection(ctx, c, 'ro')) continue;
    throw v.type === 'search-alias' ? forbidden(`Current user cannot use collection '${c}'`) : new ArangoError(ERR.ERROR_FORBIDDEN);
  }
}

function showable(ctx: Ctx, v: ViewRecord): boolean {
  return ctx.services.storage.views.collectionsOf(v).every((c) => canUseCollection(ctx, c, 'ro'));
}

// ---- handlers ---------------------------------------------------------------------

const get: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length > 2 || (s.length === 2 && s[1] !== 'properties')) throw bad('expecting GET /_api/view[/<view-name>[/properties]]');
  const views = ctx.services.storage.views;
  if (s.length === 0) {
    requireDatabase(ctx, 'ro', 'insufficient rights to get views');
    const result = ctx.services.storage.catalog
      .views(ctx.db)
      .filter((v) => showable(ctx, v))
      .map((v) => views.summary(v));
    return json(200, { error: false, code: 200, result });
  }
  const v = views.require(ctx.db, s[0]!);
  requireDatabase(ctx, 'ro', 'insufficient rights to get view');
  requireShowable(ctx, v);
  return json(200, { error: false, code: 200, ...(s.length === 2 ? views.properties(v) : views.summary(v)) });
};

const create: Handler = async (req, ctx) => {
  if (pathSuffixes(req, BASE).length > 0) throw bad('expecting POST /_api/view');
  const b = body(req);
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw bad('request body is not an object');
  const def = b as Record<string, unknown>;
  if (Object.keys(def).length === 0) throw new ArangoError(ERR.ERROR_HTTP_CORRUPTED_JSON);
  if (typeof def.name !== 'string') throw bad('expecting name parameter to be of the form of "name: <string>"');
  if (typeof def.type !== 'string') throw bad('expecting type parameter to be of the form of "type: <string>"');
  requireDatabase(ctx, 'rw', 'insufficient rights to create view');
  const views = ctx.services.storage.views;
  const v = await views.create(ctx.db, def, viewContext(ctx));
  return json(201, views.properties(v));
};

/** PUT and PATCH: .../properties replaces or updates, .../rename renames (either method, as ArangoDB). */
function modify(partial: boolean): Handler {
  return async (req, ctx) => {
    const s = pathSuffixes(req, BASE);
    if (s.length !== 2 || (s[1] !== 'properties' && s[1] !== 'rename')) {
      throw bad('expecting [PUT, PATCH] /_api/view/<view-name>/properties or PUT /_api/view/<view-name>/rename');
    }
    const views = ctx.services.storage.views;
    const v = views.require(ctx.db, s[0]!);
    const b = body(req);
    const def = typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : undefined;
    if (s[1] === 'rename') {
      if (typeof def?.name !== 'string') throw bad('expecting "name" parameter to be a string');
      requireDatabase(ctx, 'rw', 'insufficient rights to rename view');
      requireShowable(ctx, v);
      const renamed = await views.rename(ctx.db, String(v.id), def.name);
      return json(200, { error: false, code: 200, ...views.summary(renamed) });
    }
    requireDatabase(ctx, 'rw', 'insufficient rights to modify view');
    requireShowable(ctx, v);
    if (!def) throw bad(`failed to update arangosearch view '${v.name}' from definition: ${JSON.stringify(b ?? null)}`);
    const updated = await views.update(ctx.db, String(v.id), def, partial, viewContext(ctx));
    return json(200, views.properties(updated));
  };
}

const drop: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 1) throw bad('expecting DELETE /_api/view/<view-name>');
  const views = ctx.services.storage.views;
  const v = views.require(ctx.db, s[0]!);
  requireDatabase(ctx, 'rw', 'insufficient rights to drop view');
  await views.drop(ctx.db, String(v.id));
  return json(200, { error: false, code: 200, result: true });
};

export function registerViewRoutes(app: FastifyInstance): void {
  const handlers = { GET: get, POST: create, PUT: modify(false), PATCH: modify(true), DELETE: drop };
  route(app, BASE, handlers);
  route(app, `${BASE}/*`, handlers);
}
