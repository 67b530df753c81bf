// Index reads of the geo and multi-dimensional indexes: the documents whose geo cells a
// covering reads (geo-cells.ts), or whose Z-order keys fall in a box (mdi-keys.ts). These
// are candidates: the geo reader's caller checks its geo condition on each, the mdi reader
// checks the field conditions itself (index-reader.ts). `undefined` items are units of
// work without a document (an entry skipped), so that the caller can yield to the loop.
//
// Invariants:
//  1. A geo read returns every indexed document with an entry in the covering, once (a
//     document with several entries, or named in `skip`, is not fetched again).
//  2. An mdi read returns every indexed document whose values lie in the closed box of
//     its conditions (and whose prefix values equal the lookup's), each once.
import type { AqlValue } from '../values/index.js';
import type { IndexRecord } from './catalog.js';
import type { Doc } from './documents.js';
import type { Key, ReadView } from './engine.js';
import type { Covering } from './geo-cells.js';
import { indexValue } from './keys.js';
import { corners, inBox, nextInBox, numberBits, type BitBox } from './mdi-keys.js';

interface Counted {
  scanned: number;
  lookups: number;
}

/** The documents with an entry in the covering's ranges or ancestor cells (invariant 1). */
export function* geoDocuments(
  view: ReadView,
  ix: IndexRecord,
  covering: Covering,
  skip: ReadonlySet<string> | undefined,
  fetch: (key: string) => Doc | undefined,
  stats: Counted,
): Generator<Doc | undefined> {
  const seen = new Set<string>();
  const windows: [number, number][] = [...covering.ranges, ...covering.ancestors.map((id): [number, number] => [id, id + 1])];
  for (const [lo, hi] of windows) {
    for (const { key } of view.range('idx', { start: [ix.dataId, lo], end: [ix.dataId, hi] })) {
      const k = (key as unknown[])[2] as string;
      stats.scanned++;
      if (seen.has(k) || skip?.has(k)) {
        yield undefined;
        continue;
      }
      seen.add(k);
      const doc = fetch(k);
      yield doc;
    }
  }
}

/** One field's conditions as in index-reader.ts. */
interface Condition {
  op: string;
  value: unknown;
}

/**
 * The closed box of the conditions on an mdi index's fields, as order keys; undefined when
 * it is empty. Bounds that are not numbers compare by AQL's type order: null and booleans
 * are below every number, strings, arrays and objects above.
 */
export function mdiBox(fields: Condition[][]): BitBox | undefined {
  const lo: Uint8Array[] = [];
  const hi: Uint8Array[] = [];
  for (const conds of fields) {
    let low = -Infinity;
    let high = Infinity;
    for (const c of conds) {
      const v = c.value;
      const below = v === null || v === undefined || typeof v === 'boolean';
      const num = typeof v === 'number' ? v : undefined;
      if (c.op === '==') {
        if (num === undefined) return undefined;
        low = Math.max(low, num);
        high = Math.min(high, num);
      } else if (c.op === '>' || c.op === '>=') {
        if (num !== undefined) low = Math.max(low, num);
        else if (!below) return undefined;
      } else if (c.op === '<' || c.op === '<=') {
        if (num !== undefined) high = Math.min(high, num);
        else if (below) return undefined;
      }
    }
    if (low > high) return undefined;
    lo.push(numberBits(low));
    hi.push(numberBits(high));
  }
  return { lo, hi };
}

/**
 * The documents of an mdi index whose prefix fields equal `prefix` and whose values lie in
 * `box` (invariant 2): the Z-order range between the box's corners, jumping over the parts
 * outside the box after `lookahead` consecutive misses.
 */
export function* mdiDocuments(
  view: ReadView,
  ix: IndexRecord,
  prefix: unknown[],
  box: BitBox,
  lookahead: number,
  fetch: (key: string) => Doc | undefined,
  stats: Counted,
): Generator<Doc | undefined> {
  const head: Key = [ix.dataId, ...(prefix.map((v) => indexValue(v as AqlValue, ix.cutValues === true)) as never[])];
  const at = head.length;
  const [first, last] = corners(box);
  const end: Key = [...head, `${last}g`] as Key;
  let from: string | undefined = first;
  while (from !== undefined) {
    let misses = 0;
    let jump: string | undefined;
    for (const { key, value } of view.range('idx', { start: [...head, from] as Key, end })) {
      const k = key as unknown[];
      const z = k[at] as string;
      stats.scanned++;
      if (!inBox(z, box)) {
        if (++misses > lookahead) {
          jump = nextInBox(z, box);
          break;
        }
        yield undefined;
        continue;
      }
      misses = 0;
      yield fetch(ix.unique ? (value as string) : (k[at + 1] as string));
    }
    if (jump === undefined) return;
    from = jump;
  }
}
