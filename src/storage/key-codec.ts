// Decoding of the compound (array) keys of the `idx` and `stage` sub-databases. The bytes
// are ordered-binary's, written by lmdb-js unchanged; only reading them back is ours.
//
// Why: ordered-binary's readKey loses a null of an array key when nulls follow each
// other after another element (`[7, 1, null, null, 9]` reads back as `[7, 1, null, 9]`):
// a null read as an element of a sequence also eats the separator after it, and the
// loop that called it then takes the next null's byte for a separator. Index keys are
// `[dataId, ...values, tail]` and missing attributes are null, so a persistent index over
// three fields read shifted values (an index lookup for `d.b == null AND d.c == null`
// found nothing). The encoding itself is unambiguous, so a correct reader needs no
// change to the data on disk.
//
// The format, per element, elements separated by one 0 byte:
//   0        null                 6 / 7   false / true
//   8..23    a number, 9 bytes in a sequence (ordered-binary writes every element so)
//   >= 24    a string up to the next 0 byte (27 escapes a string starting below 28;
//            4 escapes the byte after it)
// Anything else (symbols, bigint tails, binary) is left to ordered-binary's reader.
import { readKey as obReadKey } from 'ordered-binary';

const NUMBER_BYTES = 9;

/** Where the string element starting at `pos` ends (its 0 terminator, or `end`). */
function stringEnd(buf: Uint8Array, pos: number, end: number): number {
  let p = pos;
  while (p < end) {
    const b = buf[p]!;
    if (b === 0) return p;
    p += b === 4 ? 2 : 1;
  }
  return end;
}

/**
 * Reads the key in `buf[start, end)` as lmdb-js's readKey hook would (same signature):
 * an array key element by element, anything else through ordered-binary.
 */
export function readCompoundKey(buf: Uint8Array, start: number, end: number): unknown {
  const out: unknown[] = [];
  let pos = start;
  for (;;) {
    const b = buf[pos]!;
    if (b === 0) {
      out.push(null);
      pos += 1;
    } else if (b === 6 || b === 7) {
      out.push(b === 7);
      pos += 1;
    } else if (b >= 8 && b < 24) {
      if (pos + NUMBER_BYTES > end) return obReadKey(buf, start, end);
      out.push(obReadKey(buf, pos, pos + NUMBER_BYTES));
      pos += NUMBER_BYTES;
    } else if (b >= 24) {
      const stop = stringEnd(buf, pos, end);
      out.push(obReadKey(buf, pos, stop));
      pos = stop;
    } else {
      return obReadKey(buf, start, end);
    }
    if (pos >= end) break;
    if (buf[pos] !== 0) return obReadKey(buf, start, end); // not a separator: not a sequence of scalars
    pos += 1;
    if (pos >= end) {
      out.push(null); // a trailing separator then nothing: a last null written as no byte
      break;
    }
  }
  return out.length === 1 ? out[0] : out;
}

/**
 * ordered-binary escapes the bytes 0-4 of a string (4, then the byte) only in strings of
 * fewer than 64 code units; longer ones it writes as plain UTF-8, so an index value of 64
 * or more characters holding U+0000-U+0004 came back misread: a U+0000 ended the element
 * early and the key's later elements shifted, a U+0002 turned the value into an array.
 * This writer (lmdb-js's writeKey hook of the compound-key databases) writes such strings
 * escaped, as ordered-binary writes short ones; every other key and element gets
 * ordered-binary's own bytes, so existing keys keep their encoding.
 */
export function escapingKeyWriter(
  writeKey: (key: unknown, target: Uint8Array, position: number, inSequence?: boolean) => number,
): (this: unknown, key: unknown, target: Uint8Array, position: number) => number {
  return function (key, target, position) {
    if (!Array.isArray(key) || !key.some(needsEscapes)) return writeKey.call(this, key, target, position);
    let pos = position;
    for (let i = 0; i < key.length; i++) {
      if (i > 0) target[pos++] = 0;
      const el: unknown = key[i];
      pos = needsEscapes(el) ? writeEscaped(el, target, pos) : writeKey.call(this, el, target, pos, true);
    }
    return pos;
  };
}

/** A string ordered-binary would write unescaped although it holds a byte it escapes. */
function needsEscapes(v: unknown): v is string {
  if (typeof v !== 'string' || v.length < 0x40) return false;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) <= 4) return true;
  return false;
}

/** `s` as ordered-binary writes a short string: 27 first when it starts below 28, bytes 0-4 escaped by a 4. */
function writeEscaped(s: string, target: Uint8Array, position: number): number {
  let pos = position;
  const utf8 = Buffer.from(s, 'utf8');
  if (pos + utf8.length * 2 + 1 > target.length) throw new RangeError('String does not fit in target buffer');
  if (!(s.charCodeAt(0) >= 28)) target[pos++] = 27;
  for (const b of utf8) {
    if (b <= 4) target[pos++] = 4;
    target[pos++] = b;
  }
  return pos;
}
