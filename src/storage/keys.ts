// Document keys and index key layout: what a legal _key is, how keys are generated, how
// an indexed value becomes part of an LMDB key.
//
// Key layout:
//   docs: [collection dataId, _key]                      -> stored document
//   idx:  [index dataId, v1, ..., vn]                    -> _key     (unique index)
//         [index dataId, v1, ..., vn, _key]              -> 1        (non-unique index)
//         [edge dataId, 0 | 1, vertex id, _key]          -> 1        (edge index, 0 = _from)
import { randomUUID } from 'node:crypto';
import { ArangoError, ERR } from '../errors/arango-error.js';
import { isValidCollectionName, type KeyOptions } from './catalog.js';

const KEY_CHARS = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]+$/;

export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= 254 && KEY_CHARS.test(key);
}

/** Throws 1221 unless `key` is a legal document key. */
export function checkKey(key: unknown): string {
  if (!isValidKey(key)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_BAD);
  return key;
}

/**
 * A client-supplied _key on insert, checked in ArangoDB's order: not a string -> 1221;
 * allowUserKeys false -> 1222; illegal characters or length -> 1221; an autoincrement
 * collection also wants digits only -> 1221.
 */
export function checkUserKey(opts: KeyOptions, key: unknown): string {
  if (typeof key !== 'string') throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_BAD);
  if (!opts.allowUserKeys) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_UNEXPECTED);
  checkKey(key);
  if (opts.type === 'autoincrement' && !/^\d+$/.test(key)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_BAD);
  return key;
}

/** `coll/key` with a legal collection name and key part. */
export function isValidDocumentId(id: unknown): id is string {
  if (typeof id !== 'string') return false;
  const slash = id.indexOf('/');
  if (slash <= 0) return false;
  // the collection part: ASCII name characters (a numeric id too), or an extended name
  const col = id.slice(0, slash);
  return (/^[a-zA-Z0-9_-]+$/.test(col) || isValidCollectionName(col, true)) && isValidKey(id.slice(slash + 1));
}

/**
 * The next generated key, given the generator's last value. Returns the key and the new
 * last value. `tick` supplies server ticks for the traditional generator.
 */
export function generateKey(opts: KeyOptions, last: number, tick: () => number): { key: string; last: number } {
  switch (opts.type) {
    case 'autoincrement': {
      const inc = opts.increment ?? 1;
      const off = opts.offset ?? 0;
      let next = last < off ? off : last + inc - ((last - off) % inc);
      if (next === 0) next = inc; // keys start above 0, as ArangoDB's
      if (next > Number.MAX_SAFE_INTEGER) throw new ArangoError(ERR.ERROR_ARANGO_OUT_OF_KEYS);
      return { key: String(next), last: next };
    }
    case 'padded': {
      const next = Math.max(last + 1, tick());
      return { key: next.toString(16).padStart(16, '0'), last: next };
    }
    case 'uuid':
      return { key: randomUUID(), last };
    case 'traditional': {
      const next = Math.max(last + 1, tick());
      return { key: String(next), last: next };
    }
  }
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * After a user-supplied key: the generator's new last value (numeric keys count). An
 * autoincrement generator tracks every key up to 2^64-1 as ArangoDB's does (a key past
 * 2^53 leaves it out of keys: generateKey throws 1225 where ArangoDB would still count
 * on up to 2^64-1); the others track keys that are exact doubles.
 */
export function trackUserKey(opts: KeyOptions, key: string, last: number): number {
  if (opts.type === 'uuid') return last;
  let n: number;
  if (opts.type === 'padded') n = /^[0-9a-f]{16}$/.test(key) ? parseInt(key, 16) : NaN;
  else if (opts.type === 'autoincrement') n = /^\d{1,20}$/.test(key) && BigInt(key) <= UINT64_MAX ? Number(key) : NaN;
  else n = /^\d{1,15}$/.test(key) ? Number(key) : NaN;
  return Number.isFinite(n) && n > last ? n : last;
}

/** An indexed value as one element of an LMDB key (scalars as they are). */
export function indexValue(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return '\u001f' + JSON.stringify(v); // arrays and objects: compared by their JSON text
}
