// Access tokens (ArangoDB 3.12's /_api/token, as arangojs 10.4's createAccessToken,
// getAccessTokens, deleteAccessToken and useAccessToken use them): a long random secret,
// `v1.` + 64 hex digits, that stands in for a user's password in Basic authentication
// (with the user's name or an empty one) and in POST /_open/auth. Tokens are kept in the
// `meta` database under ['accessTokens'] for every user, root included (root is not a
// `_users` document), as records holding only the secret's SHA-256: the secret itself is
// shown once, in the creation's answer. A random 256-bit secret needs no slow hash.
//
// Invariants:
//  1. A token authenticates only while it exists, is active and valid_until (seconds since
//     the epoch; 0: no expiry) lies in the future, and only as its own user.
//  2. Every change is one committed LMDB write before it is answered; the in-memory index
//     by hash mirrors the committed state.
import { createHash, randomBytes } from 'node:crypto';
import type { Engine } from '../storage/engine.js';

export interface TokenRecord {
  id: number;
  user: string;
  name: string;
  /** Seconds since the epoch. */
  created_at: number;
  /** Seconds since the epoch; 0: the token does not expire. */
  valid_until: number;
  /** MD5 of the token, to tell tokens apart without the secret. */
  fingerprint: string;
  active: boolean;
  /** SHA-256 of the token (hex). */
  hash: string;
}

interface State {
  next: number;
  tokens: TokenRecord[];
}

const KEY = ['accessTokens'];
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What a client sees of a token (no hash, no user). */
export function tokenView(r: TokenRecord): Omit<TokenRecord, 'hash' | 'user'> {
  return { id: r.id, name: r.name, valid_until: r.valid_until, created_at: r.created_at, fingerprint: r.fingerprint, active: r.active };
}

export class AccessTokens {
  private state: State;
  private byHash = new Map<string, TokenRecord>();

  constructor(private readonly engine: Engine) {
    this.state = (engine.get('meta', KEY) as State | undefined) ?? { next: 1, tokens: [] };
    this.index();
  }

  /** A new token of `user`; the secret is returned once, here. */
  async create(user: string, name: string, validUntil: number, nowSeconds: number): Promise<{ record: TokenRecord; token: string }> {
    const token = 'v1.' + randomBytes(32).toString('hex');
    const record: TokenRecord = {
      id: this.state.next,
      user,
      name,
      created_at: Math.floor(nowSeconds),
      valid_until: validUntil,
      fingerprint: createHash('md5').update(token).digest('hex'),
      active: true,
      hash: sha256(token),
    };
    await this.save({ next: this.state.next + 1, tokens: [...this.state.tokens, record] });
    return { record, token };
  }

  list(user: string): TokenRecord[] {
    return this.state.tokens.filter((t) => t.user === user);
  }

  /** Removes token `id` of `user`; false when there is none. */
  async remove(user: string, id: number): Promise<boolean> {
    const left = this.state.tokens.filter((t) => !(t.user === user && t.id === id));
    if (left.length === this.state.tokens.length) return false;
    await this.save({ next: this.state.next, tokens: left });
    return true;
  }

  /** Removes every token of `user` (the user was removed). */
  async removeUser(user: string): Promise<void> {
    if (!this.state.tokens.some((t) => t.user === user)) return;
    await this.save({ next: this.state.next, tokens: this.state.tokens.filter((t) => t.user !== user) });
  }

  /** The token's record if it authenticates now (invariant 1). */
  find(token: string, nowSeconds: number): TokenRecord | undefined {
    if (!token.startsWith('v1.')) return undefined;
    const r = this.byHash.get(sha256(token));
    if (!r || !r.active || (r.valid_until !== 0 && r.valid_until <= nowSeconds)) return undefined;
    return r;
  }

  private async save(next: State): Promise<void> {
    await this.engine.write((tx) => tx.put('meta', KEY, next), { sync: true });
    this.state = next;
    this.index();
  }

  private index(): void {
    this.byHash = new Map(this.state.tokens.map((t) => [t.hash, t]));
  }
}
