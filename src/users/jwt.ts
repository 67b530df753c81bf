// JSON Web Tokens as ArangoDB issues and checks them (fuerte's jwt::generateUserToken,
// arangod/Auth/TokenCache.cpp): HS256 only, header {"alg":"HS256","typ":"JWT"}, a body of
// {preferred_username, iss: "arangodb", iat, exp}, base64url without padding. A body with
// `server_id` and no `preferred_username` is a superuser token (what tools and drivers
// sign with the deployment's secret: go-driver's CreateArangodJwtAuthorizationHeader,
// python-arango's superuser_token). This file signs and checks the signature and the
// registered claims; whether the named user may log in is the caller's question.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface UserClaims {
  preferred_username: string;
  iss: 'arangodb';
  /** Seconds since the epoch. */
  iat: number;
  /** Seconds since the epoch; absent: the token does not expire. */
  exp?: number;
}

function sign(secret: Buffer, message: string): Buffer {
  return createHmac('sha256', secret).update(message).digest();
}

/** A token for `user` issued at `nowMs`, valid for `validForSeconds` (null: no expiry). */
export function issueToken(secret: Buffer, user: string, nowMs: number, validForSeconds: number | null): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: UserClaims = { preferred_username: user, iss: 'arangodb', iat, ...(validForSeconds === null ? {} : { exp: iat + validForSeconds }) };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const message = `${HEADER}.${body}`;
  return `${message}.${sign(secret, message).toString('base64url')}`;
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: no token at all
  }
}

/**
 * The user a token names, with its expiry in ms (Infinity when it has none), if the token
 * is well-formed, HS256, signed with `secret`, issued by "arangodb", names a user and has
 * not expired at `nowMs`; otherwise undefined (ArangoDB answers all of these alike).
 */
export function checkToken(secret: Buffer, token: string, nowMs: number): { user: string; superuser: boolean; expiresAt: number } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, b, s] = parts as [string, string, string];
  const header = parseObject(h);
  if (!header || header.alg !== 'HS256' || header.typ !== 'JWT') return undefined;
  const want = sign(secret, `${h}.${b}`);
  const got = Buffer.from(s, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
  const body = parseObject(b);
  if (!body || body.iss !== 'arangodb') return undefined;
  // preferred_username wins when both are there, as in TokenCache::validateJwtBody
  const named = 'preferred_username' in body;
  if (!named && !('server_id' in body)) return undefined;
  const user = named ? body.preferred_username : '';
  if (typeof user !== 'string' || (named && user === '')) return undefined;
  const superuser = !named;
  if (body.exp === undefined) return { user, superuser, expiresAt: Infinity };
  if (typeof body.exp !== 'number' || body.exp === 0 || nowMs / 1000 >= body.exp) return undefined;
  return { user, superuser, expiresAt: body.exp * 1000 };
}
