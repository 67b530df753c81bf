// Password hashes (src/users/password.ts): scrypt with a fresh salt and its cost kept
// beside the hash; ArangoDB's own sha-over-salt+password records still verify.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashPassword, SCRYPT_DEFAULTS, verifyPassword } from '../../src/users/password.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('hashes with scrypt, a 16-byte salt and the cost kept with the hash', async () => {
    const a = await hashPassword('s3cret', FAST);
    const b = await hashPassword('s3cret', FAST);
    assert.equal(a.method, 'scrypt');
    assert.match(a.salt, /^[0-9a-f]{32}$/);
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual([a.N, a.r, a.p], [1024, 8, 1]);
    assert.notEqual(a.salt, b.salt, 'a fresh salt each time');
    assert.notEqual(a.hash, b.hash);
    assert.deepEqual(SCRYPT_DEFAULTS, { N: 32768, r: 8, p: 1 });
  });

  it('verifies the password and nothing else, with the cost stored in the record', async () => {
    const h = await hashPassword('Fuxx::bar', FAST);
    assert.equal(await verifyPassword(h, 'Fuxx::bar'), true);
    for (const wrong of ['fuxx::bar', 'Fuxx', '', 'Fuxx::bar ']) assert.equal(await verifyPassword(h, wrong), false, wrong);
    assert.equal(await verifyPassword({ ...h, N: undefined }, 'Fuxx::bar'), false, 'a record without its cost');
  });

  it("verifies ArangoDB's records: sha256 (its default) and the other methods it knows, over salt + password", async () => {
    for (const method of ['sha256', 'sha1', 'sha512', 'md5']) {
      const salt = 'a1b2c3d4';
      const hash = createHash(method).update(salt + 'pw').digest('hex');
      assert.equal(await verifyPassword({ method, salt, hash }, 'pw'), true, method);
      assert.equal(await verifyPassword({ method, salt, hash }, 'PW'), false, method);
    }
    assert.equal(await verifyPassword({ method: 'rot13', salt: '', hash: '' }, ''), false, 'an unknown method');
  });
});
