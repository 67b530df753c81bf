// Replay grants (src/http/replay.ts): tokens are 256 random bits, distinct across the
// blocks of random bytes they are drawn from, and each authenticates one request only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayGrants } from '../../src/http/replay.js';

describe('replay grants', () => {
  const grant = { user: 'root', signal: new AbortController().signal };

  it('issues distinct 32-byte tokens, also across refills of the random pool', () => {
    const grants = new ReplayGrants();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const t = grants.issue(grant);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
      seen.add(t);
    }
    assert.equal(seen.size, 1000);
  });

  it('a token is taken once; a revoked or unknown token grants nothing', () => {
    const grants = new ReplayGrants();
    const a = grants.issue(grant);
    const b = grants.issue({ ...grant, user: 'bob' });
    assert.equal(grants.take(a)?.user, 'root');
    assert.equal(grants.take(a), undefined);
    grants.revoke(b);
    assert.equal(grants.take(b), undefined);
    assert.equal(grants.take('forged'), undefined);
  });
});
