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
