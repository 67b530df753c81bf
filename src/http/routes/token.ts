// /_api/token/<user>[/<id>]: users' access tokens (users/tokens.ts), as arangojs 10.4's
// createAccessToken, getAccessTokens and deleteAccessToken call them: POST creates one
// (`name`, optional `valid_until` in seconds since the epoch) and answers it with its
// secret, the only time that is shown; GET lists them without it; DELETE removes one.
// A user may manage its own tokens; an admin (rw on _system) anyone's, as with /_api/user.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject } from '../../storage/documents.js';
import { ROOT } from '../../users/store.js';
import { tokenView } from '../../users/tokens.js';
import { isAdmin } from '../access.js';
import { body, json, pathSuffixes, route, type Ctx, type Handler } from '../router.js';

const BASE = '/_api/token';
const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/** The user the path names, checked: itself or an admin (403/11), an existing user (404/1703). */
function owner(ctx: Ctx, name: string | undefined): string {
  if (name === undefined || name === '') throw bad('expecting /_api/token/<user>');
  if (ctx.services.config.auth && ctx.user !== name && !isAdmin(ctx)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
  if (name !== ROOT && !ctx.services.users.get(name)) throw new ArangoError(ERR.ERROR_USER_NOT_FOUND);
  return name;
}

const create: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 1) throw bad('expecting POST /_api/token/<user>');
  const user = owner(ctx, s[0]);
  const b = body(req);
  if (!isPlainObject(b)) throw bad('expecting a JSON object body');
  if (typeof b.name !== 'string' || b.name === '') throw bad("expecting a non-empty string for 'name'");
  const now = Date.now() / 1000;
  let validUntil = 0;
  if (b.valid_until !== undefined && b.valid_until !== null) {
    if (typeof b.valid_until !== 'number' || !Number.isInteger(b.valid_until) || b.valid_until < 0) throw bad("expecting a Unix timestamp in seconds for 'valid_until'");
    if (b.valid_until !== 0 && b.valid_until <= now) throw bad("'valid_until' lies in the past");
    validUntil = b.valid_until;
  }
  if (ctx.services.tokens.list(user).some((t) => t.name === b.name)) throw ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, `an access token named '${b.name}' exists already`);
  const { record, token } = await ctx.services.tokens.create(user, b.name, validUntil, now);
  return json(200, { ...tokenView(record), token });
};

const list: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 1) throw bad('expecting GET /_api/token/<user>');
  const user = owner(ctx, s[0]);
  return json(200, { tokens: ctx.services.tokens.list(user).map(tokenView) });
};

const remove: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 2) throw bad('expecting DELETE /_api/token/<user>/<token-id>');
  const user = owner(ctx, s[0]);
  const id = Number(s[1]);
  if (!/^\d+$/.test(s[1]!) || !Number.isSafeInteger(id)) throw bad('expecting a non-negative integer token id');
  if (!(await ctx.services.tokens.remove(user, id))) throw ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, `access token ${id} not found`);
  // a header that used the token is no longer accepted
  ctx.services.credentials.forgetUser(user);
  return json(200, {});
};

export function registerTokenRoutes(app: FastifyInstance): void {
  route(app, `${BASE}/*`, { GET: list, POST: create, DELETE: remove });
}
