// /_open/auth: a JWT for a user's name and password, as ArangoDB 3.12's RestAuthHandler
// issues it (POST {username, password} -> 200 {jwt}; 401/401 `Wrong credentials`; 400/400
// `invalid JSON` for a body without both strings; 405 for other methods), and
// /_open/auth/renew: a fresh token for the request's authenticated user. Served without
// credentials (app.ts); with --auth false there is no such route (404, as ArangoDB).
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject } from '../../storage/documents.js';
import { body, json, route, type Handler } from '../router.js';

const login: Handler = async (req, ctx) => {
  const b = body(req);
  if (!isPlainObject(b) || typeof b.username !== 'string' || typeof b.password !== 'string') {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid JSON');
  }
  // an access token stands in for the password, with its user's name or an empty one
  const byToken = ctx.services.credentials.tokenUser(b.username, b.password);
  if (byToken) return json(200, { jwt: ctx.services.credentials.issue(byToken.user) });
  if (!(await ctx.services.users.checkPassword(b.username, b.password))) {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_UNAUTHORIZED, 'Wrong credentials');
  }
  return json(200, { jwt: ctx.services.credentials.issue(b.username) });
};

/** A new token for whoever the request authenticated as (a token or a password). */
const renew: Handler = (_req, ctx) => {
  if (ctx.user === '') throw ArangoError.withMessage(ERR.ERROR_HTTP_UNAUTHORIZED, 'Wrong credentials');
  return json(200, { jwt: ctx.services.credentials.issue(ctx.user) });
};

/** Registers the routes when authentication is on (`auth`). */
export function registerOpenAuthRoutes(app: FastifyInstance, auth: boolean): void {
  if (!auth) return;
  route(app, '/_open/auth', { POST: login });
  route(app, '/_open/auth/renew', { POST: renew });
}
