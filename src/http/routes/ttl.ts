// /_api/ttl: the properties and statistics of TTL indexes' background removal
// (storage/ttl.ts), answered as ArangoDB's RestTtlHandler: only in _system (1230
// elsewhere), `{ error, code, result }` bodies, PUT checks word for word.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { body, json, METHODS, route, type Ctx, type Handler } from '../router.js';

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
const ok = (result: unknown) => json(200, { error: false, code: 200, result });

function properties(ctx: Ctx) {
  const p = ctx.services.ttl.properties;
  return { frequency: p.frequency, maxTotalRemoves: p.maxTotalRemoves, maxCollectionRemoves: p.maxCollectionRemoves, onlyLoadedCollections: false, active: ctx.services.ttl.active };
}

/**
 * ArangoDB's TtlFeature::propertiesFromVelocyPack: `active` must be a boolean, then every
 * other given attribute is checked before any is applied; `active` switches the runs on or off.
 */
function setProperties(b: unknown, ctx: Ctx) {
  const o = (typeof b === 'object' && b !== null && !Array.isArray(b) ? b : undefined) as Record<string, unknown> | undefined;
  if (o && 'active' in o && typeof o.active !== 'boolean') throw bad('active flag should be a boolean value');
  if (!o) throw bad('expecting object for properties');
  const next = { ...ctx.services.ttl.properties };
  for (const name of ['frequency', 'maxTotalRemoves', 'maxCollectionRemoves'] as const) {
    if (!(name in o)) continue;
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`expecting numeric value for ${name}`);
    next[name] = Math.max(0, Math.trunc(v));
    if (name === 'frequency' && next.frequency < 1000) throw bad('too low value for frequency');
  }
  ctx.services.ttl.properties = next;
  if (typeof o.active === 'boolean') ctx.services.ttl.active = o.active;
  ctx.services.ttl.reschedule();
}

function suffix(req: FastifyRequest): string {
  return (req.params as Record<string, string | undefined>)['*'] ?? '';
}

const handle: Handler = (req, ctx) => {
  if (ctx.db !== '_system') throw new ArangoError(ERR.ERROR_ARANGO_USE_SYSTEM_DATABASE);
  const s = suffix(req);
  const method = req.method;
  if (s === 'properties') {
    if (method === 'GET') return ok(properties(ctx));
    if (method === 'PUT') {
      setProperties(body(req), ctx);
      return ok(properties(ctx));
    }
    throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
  }
  if (s === 'statistics') {
    if (method === 'GET') return ok({ ...ctx.services.ttl.stats });
    throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
  }
  throw new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER);
};

export function registerTtlRoutes(app: FastifyInstance): void {
  const all = Object.fromEntries(METHODS.map((m) => [m, handle]));
  route(app, '/_api/ttl', all);
  route(app, '/_api/ttl/*', all);
}
