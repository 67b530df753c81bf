// /_api/aqlfunction: user-defined AQL functions of the request's database, answered as
// ArangoDB's RestAqlUserFunctionsHandler answers: POST registers (201 new, 200 replaced),
// GET lists (by a suffix, ?prefix= or ?namespace=), DELETE removes one (or a group with
// ?group=true); any other method is 405. The work and its errors (1580-1582) are
// src/aql/user-functions/registry.ts's; this file only reads requests and words answers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { COLLECTION, userFunctions } from '../../aql/user-functions/registry.js';
import { json, parseJsonText, pathSuffixes, qbool, qstr, route, type Ctx, type Handler } from '../router.js';
import { requireCollection } from '../access.js';

const BASE = '/_api/aqlfunction';


/** Any body that is not one JSON object (none, malformed, an array) is ArangoDB's 400/17. */
function objectBody(req: FastifyRequest): Record<string, unknown> {
  const bad = () => ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, 'expecting JSON object body');
  const raw = req.body as Buffer | undefined;
  if (!raw || raw.length === 0) throw bad();
  let value: unknown;
  try {
    value = parseJsonText(raw.toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad();
  return value as Record<string, unknown>;
}

/** Registering and removing write `_aqlfunctions`: the user's write access to it (access.ts). */
const requireWrite = (ctx: Ctx) => requireCollection(ctx, COLLECTION, 'write');

const register: Handler = async (req, ctx) => {
  requireWrite(ctx);
  const { replaced } = await userFunctions(ctx.services.storage).register(ctx.db, objectBody(req));
  const code = replaced ? 200 : 201;
  return json(code, { error: false, code, isNewlyCreated: !replaced });
};

const list: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  let filter: string;
  if (s.length === 1) filter = s[0]!;
  else if (s.length > 1) {
    filter = qstr(req, 'prefix') ?? '';
    if (filter === '') {
      throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, 'superfluous suffix, expecting _api/aqlfunction/[<functionname or prefix>|?prefix=<functionname or prefix>]');
    }
  } else filter = qstr(req, 'prefix') || qstr(req, 'namespace') || '';
  return json(200, { error: false, code: 200, result: userFunctions(ctx.services.storage).list(ctx.db, filter) });
};

const remove: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 1) throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, 'superfluous suffix, expecting _api/aqlfunction/<functionname or prefix>');
  requireWrite(ctx);
  const registry = userFunctions(ctx.services.storage);
  let deletedCount = 1;
  if (qbool(req, 'group', false)) deletedCount = await registry.unregisterGroup(ctx.db, s[0]!);
  else await registry.unregister(ctx.db, s[0]!);
  return json(200, { error: false, code: 200, deletedCount });
};

export function registerAqlFunctionRoutes(app: FastifyInstance): void {
  route(app, BASE, { POST: register, GET: list, DELETE: remove });
  route(app, `${BASE}/*`, { POST: register, GET: list, DELETE: remove });
}
