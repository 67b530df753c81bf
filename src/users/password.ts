// Password hashes of users: scrypt (node:crypto) with a random 16-byte salt and its cost
// kept beside the hash, where ArangoDB keeps sha256(salt + password) with an 8-character
// salt. Verifying also accepts ArangoDB's own methods (sha1, sha224, sha256, sha384,
// sha512, md5 over salt + password, in hex), so a `_users` document written by ArangoDB
// still logs in. Hashing and verifying scrypt run on libuv's thread pool (crypto.scrypt),
// never on the event loop; a verification costs what a hash costs (243 ms at N = 2^15
// on a loaded 2-core machine), which is why callers cache accepted credentials.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** authData.simple of a `_users` document; N, r and p only for method scrypt. */
export interface PasswordHash {
  method: string;
  salt: string;
  hash: string;
  N?: number;
  r?: number;
  p?: number;
}

/** scrypt's cost: N = 2^15, r = 8, p = 1 (32 MiB per hash), 32-byte keys. */
export const SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

const LEGACY: Record<string, string> = { sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', md5: 'md5' };

function scryptAsync(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128 * N * r bytes are needed; Node refuses more than maxmem (32 MiB by default)
    const maxmem = 256 * (opts.N ?? SCRYPT_DEFAULTS.N) * (opts.r ?? SCRYPT_DEFAULTS.r);
    scrypt(password, salt, KEY_BYTES, { ...opts, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new hash of `password` with a fresh salt. `cost` lowers N for tests only. */
export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = SCRYPT_DEFAULTS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, cost);
  return { method: 'scrypt', salt: salt.toString('hex'), hash: key.toString('hex'), N: cost.N, r: cost.r, p: cost.p };
}

function sameHex(expected: string, actual: Buffer): boolean {
  const want = Buffer.from(expected, 'hex');
  return want.length === actual.length && want.length > 0 && timingSafeEqual(want, actual);
}

/** Whether `password` matches; false for an unknown method or a malformed record. */
export async function verifyPassword(h: PasswordHash, password: string): Promise<boolean> {
  if (h.method === 'scrypt') {
    const { N, r, p } = h;
    if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p)) return false;
    const key = await scryptAsync(password, Buffer.from(h.salt, 'hex'), { N, r, p });
    return sameHex(h.hash, key);
  }
  const algorithm = LEGACY[h.method];
  if (!algorithm) return false;
  return sameHex(h.hash, createHash(algorithm).update(h.salt + password).digest());
}
