// Document keys and index key layout: what a legal _key is, how keys are generated, how
// an indexed value becomes part of an LMDB key.
//
// Key layout:
//   docs: [collection dataId, _key]                      -> stored document
//   idx:  [index dataId, v1, ..., vn]                    -> _key     (unique index)
//         [index dataId, v1, ..., vn, _key]              -> 1        (non-unique index)
//         [edge dataId, 0 | 1, vertex id, _key]          -> 1        (edge index, 0 = _from)
import { createHash, randomUUID } from 'node:crypto';
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
 * A key generator's last value: a number up to 2^53, a bigint above (an autoincrement
 * generator counts up to 2^64-1, as ArangoDB's uint64 does). `<` and `>` compare the
 * two kinds exactly; lastValue() and maxLast() keep the form.
 */
export type GeneratorValue = number | bigint;

const UINT64_MAX = 2n ** 64n - 1n;
const UINT64_MASK = UINT64_MAX;

/** `v` in its form: a number when it is a safe integer, else a bigint. */
export function lastValue(v: bigint): GeneratorValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The larger of two generator values. */
export const maxLast = (a: GeneratorValue, b: GeneratorValue): GeneratorValue => (a >= b ? a : b);

/**
 * The next generated key, given the generator's last value. Returns the key and the new
 * last value. `tick` supplies server ticks for the traditional generator. Throws 1225
 * (out of keys) where ArangoDB's generators do.
 */
export function generateKey(opts: KeyOptions, last: GeneratorValue, tick: () => number): { key: string; last: GeneratorValue } {
  switch (opts.type) {
    case 'autoincrement': {
      const inc = opts.increment ?? 1;
      const off = opts.offset ?? 0;
      // the common case in doubles; past 2^53 (or with such an offset) in uint64 arithmetic
      if (typeof last === 'number' && typeof off === 'number') {
        // subtracting first keeps every step exact while the result is a safe integer
        const next = last < off ? off : last - ((last - off) % inc) + inc;
        if (next <= Number.MAX_SAFE_INTEGER) return { key: String(next), last: next };
      }
      return autoincrementWide(BigInt(last), BigInt(off), BigInt(inc));
    }
    case 'padded': {
      const next = Math.max(Number(last) + 1, tick());
      return { key: next.toString(16).padStart(16, '0'), last: next };
    }
    case 'uuid':
      return { key: randomUUID(), last };
    case 'traditional': {
      const next = Math.max(Number(last) + 1, tick());
      return { key: String(next), last: next };
    }
  }
}

/**
 * AutoIncrementKeyGenerator::generate in uint64 arithmetic: the offset first, then the
 * next multiple of the increment past the last value; a value that wraps past 2^64 or
 * reaches 2^64-1 means out of keys (1225).
 */
function autoincrementWide(last: bigint, off: bigint, inc: bigint): { key: string; last: GeneratorValue } {
  const next = last < off ? off : (last + inc - ((last - off) % inc)) & UINT64_MASK;
  if (next === UINT64_MAX || next < last) throw new ArangoError(ERR.ERROR_ARANGO_OUT_OF_KEYS);
  return { key: next.toString(), last: lastValue(next) };
}

/**
 * After a user-supplied key: the generator's new last value (numeric keys count). An
 * autoincrement generator tracks every key up to 2^64-1 exactly, as ArangoDB's does (a
 * larger one is not tracked: atoi_zero gives 0); the others track keys that are exact
 * doubles.
 */
export function trackUserKey(opts: KeyOptions, key: string, last: GeneratorValue): GeneratorValue {
  if (opts.type === 'uuid') return last;
  let n: GeneratorValue;
  if (opts.type === 'padded') n = /^[0-9a-f]{16}$/.test(key) ? parseInt(key, 16) : NaN;
  else if (opts.type === 'autoincrement') n = key.length < 16 ? Number(key) : uint64Key(key);
  else n = /^\d{1,15}$/.test(key) ? Number(key) : NaN;
  return (typeof n === 'bigint' || Number.isFinite(n)) && n > last ? n : last;
}

/** A long all-digit key as a generator value; NaN past 2^64-1. */
function uint64Key(key: string): GeneratorValue {
  const v = BigInt(key);
  return v <= UINT64_MAX ? lastValue(v) : NaN;
}

/**
 * The most key bytes an indexed string keeps whole in an index that cuts values
 * (IndexRecord.cutValues). LMDB keys hold at most 1,978 bytes, so a persistent index over
 * a string of about 1.9 KB could not store its entry at all; an index of several fields
 * reached that sooner.
 */
export const LONG_INDEX_VALUE = 256;
/** Most bytes of an LMDB key (lmdb-js's limit for 4 KB pages). */
export const MAX_INDEX_KEY_BYTES = 1978;
/** Code units of a cut value's prefix. */
const CUT_PREFIX = 64;

/**
 * An indexed value as one element of an LMDB key: scalars as they are, arrays and objects
 * as '\u001f' and their JSON text. With `cut` (the index's cutValues), a string of more
 * than LONG_INDEX_VALUE key bytes is stored as '\u001f~', its first 64 code units, '~'
 * and 132 bits of its SHA-256: equal values still give equal elements and
 * different ones different elements, and the '\u001f' makes readers take the value from
 * the document (index-reader.ts invariant 6). Writers and readers of one index pass the
 * same `cut`.
 */
export function indexValue(v: unknown, cut = false): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v : '\u001f' + JSON.stringify(v); // arrays and objects: compared by their JSON text
  return cut && keyBytes(s) > LONG_INDEX_VALUE ? cutValue(s) : s;
}

/** Bytes of `s` in a key: its UTF-8, with the bytes 0-4 (escaped in keys, key-codec.ts) counted twice. */
export function keyBytes(s: string): number {
  if (s.length * 3 <= LONG_INDEX_VALUE / 2) return s.length * 3; // surely short (each unit at most 3 bytes, escaped at most 2)
  let escaped = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 4) escaped++;
  }
  return Buffer.byteLength(s) + escaped;
}

function cutValue(s: string): string {
  let end = CUT_PREFIX;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // not half a surrogate pair
  return '\u001f~' + s.slice(0, end) + '~' + createHash('sha256').update(s).digest('base64url').slice(0, 22);
}
