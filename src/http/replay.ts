// Grants for requests the job runner replays through the app (local-request.ts): a replayed
// request carries a one-time token in REPLAY_HEADER instead of credentials; the onRequest
// hook trades it for the job's user and AbortSignal. Tokens are 256 random bits, live
// only while their job's request runs, and are never stored or logged, so a client
// cannot forge one; a header with an unknown token is dropped and ordinary
// authentication applies.
import { randomBytes } from 'node:crypto';

export const REPLAY_HEADER = 'x-cairn-job-replay';
const TOKEN_BYTES = 32;

export interface ReplayGrant {
  /** The user the job belongs to. */
  user: string;
  /** The job's signal: aborted on cancel or shutdown. */
  signal: AbortSignal;
  /** The job's progress counter (rows a replayed query produced so far). */
  progress?: (n: number) => void;
}

export class ReplayGrants {
  private readonly grants = new Map<string, ReplayGrant>();

  /** Random bytes drawn in blocks: one randomBytes() call per 128 tokens, not per token. */
  private pool = Buffer.alloc(0);
  private used = 0;

  /** A fresh token for one replayed request. */
  issue(grant: ReplayGrant): string {
    if (this.used + TOKEN_BYTES > this.pool.length) {
      this.pool = randomBytes(TOKEN_BYTES * 128);
      this.used = 0;
    }
    const token = this.pool.toString('base64url', this.used, this.used + TOKEN_BYTES);
    this.used += TOKEN_BYTES;
    this.grants.set(token, grant);
    return token;
  }

  /** The grant of `token`, consumed (a token authenticates one request only). */
  take(token: string): ReplayGrant | undefined {
    const g = this.grants.get(token);
    this.grants.delete(token);
    return g;
  }

  /** Forgets `token` if it was not used (the replay failed before reaching the hook). */
  revoke(token: string): void {
    this.grants.delete(token);
  }
}
