// Who a request's Authorization header names (ArangoDB's auth::TokenCache): `Basic
// base64(user:password)` and `Bearer <jwt>` (schemes case-insensitive), or nobody. A
// header once accepted is remembered, so the slow password hash (users/password.ts) runs
// once per client, not once per request.
//
// Invariants:
//  1. At most MAX_ACCEPTED headers are remembered; past that the oldest is forgotten.
//  2. A remembered header is forgotten as soon as its user's password, active flag or
//     existence changes (the user store's listener; sync() runs first on every call), and
//     a token's entry when the token expires. So a changed password is refused at once.
//  3. An unknown user, an inactive one, a wrong password, a malformed header and a bad,
//     expired or foreign token are all just "nobody": ArangoDB answers them alike (401).
//     Tokens of users deactivated or removed are refused too (where ArangoDB keeps
//     accepting them until they expire).
import type { Clock } from '../util/clock.js';
import type { UserStore } from '../users/store.js';
import { ROOT } from '../users/store.js';
import { checkToken, issueToken } from '../users/jwt.js';
import type { AccessTokens } from '../users/tokens.js';

export const MAX_ACCEPTED = 1024;

/**
 * Who a superuser token (a JWT with `server_id` signed with the server's secret) names:
 * no user, every right (ArangoDB's superuser ExecContext). A name no user can have.
 */
export const SUPERUSER = '\u0000superuser';

interface Accepted {
  user: string;
  /** ms since the epoch; Infinity for Basic credentials. */
  expiresAt: number;
}

export class Credentials {
  private readonly accepted = new Map<string, Accepted>();

  constructor(
    private readonly users: UserStore,
    private readonly clock: Clock,
    /** Seconds a token from /_open/auth is valid (null: no expiry). */
    private readonly sessionTimeout: number | null,
    /** Access tokens, which stand in for a password (users/tokens.ts). */
    private readonly tokens?: AccessTokens,
  ) {
    users.onCredentialsChange((user) => this.forget(user));
  }

  /** Headers remembered now (tests). */
  get size(): number {
    return this.accepted.size;
  }

  /**
   * The user the header names, or undefined. Synchronous for a remembered header, a
   * token and root; a promise when a stored password must be verified.
   */
  authenticate(header: string | undefined): string | undefined | Promise<string | undefined> {
    this.users.sync(); // invariant 2: forget what changed before trusting what is remembered
    if (!header) return undefined;
    const hit = this.accepted.get(header);
    if (hit) {
      if (hit.expiresAt > this.clock.now() && (hit.user === SUPERUSER || this.users.get(hit.user)?.active)) return hit.user;
      this.accepted.delete(header);
    }
    const space = header.indexOf(' ');
    if (space < 0) return undefined;
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).replace(/^ +/, '');
    if (scheme === 'basic') return this.basic(header, value);
    if (scheme === 'bearer') return this.bearer(header, value);
    return undefined;
  }

  /** A token for `user` as POST /_open/auth hands it out. */
  issue(user: string): string {
    return issueToken(this.users.jwtSecret, user, this.clock.now(), this.sessionTimeout);
  }

  private basic(header: string, value: string): string | undefined | Promise<string | undefined> {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const byToken = this.tokenUser(user, password);
    if (byToken !== undefined) return this.remember(header, byToken.user, byToken.expiresAt);
    if (user === ROOT) return this.users.checkRootPassword(password) ? this.remember(header, ROOT, Infinity) : undefined;
    const u = this.users.get(user);
    if (!u || !u.active || !u.password) return undefined;
    const hash = u.password.hash;
    return this.users.checkPassword(user, password).then((ok) => {
      // changed while the hash ran: refuse rather than remember a stale credential
      const now = this.users.get(user);
      if (!ok || !now?.active || now.password?.hash !== hash) return undefined;
      return this.remember(header, user, Infinity);
    });
  }

  /**
   * The user an access token as password stands for: the token's own user, named or left
   * empty (ArangoDB accepts both), while that user may log in.
   */
  tokenUser(user: string, password: string): { user: string; expiresAt: number } | undefined {
    const rec = this.tokens?.find(password, this.clock.now() / 1000);
    if (!rec || (user !== '' && user !== rec.user)) return undefined;
    if (rec.user !== ROOT && !this.users.get(rec.user)?.active) return undefined;
    return { user: rec.user, expiresAt: rec.valid_until === 0 ? Infinity : rec.valid_until * 1000 };
  }

  private bearer(header: string, token: string): string | undefined {
    const claims = checkToken(this.users.jwtSecret, token, this.clock.now());
    if (claims?.superuser) return this.remember(header, SUPERUSER, claims.expiresAt);
    if (!claims || !this.users.get(claims.user)?.active) return undefined;
    return this.remember(header, claims.user, claims.expiresAt);
  }

  private remember(header: string, user: string, expiresAt: number): string {
    if (this.accepted.size >= MAX_ACCEPTED) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(header, { user, expiresAt });
    return user;
  }

  /** Forgets the remembered headers of `user` (one of its access tokens was removed). */
  forgetUser(user: string): void {
    this.forget(user);
  }

  private forget(user: string): void {
    for (const [h, a] of this.accepted) if (a.user === user) this.accepted.delete(h);
  }
}
