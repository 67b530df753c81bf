// Comparison and equality of AQL values, as ArangoDB defines them: first by type rank,
// then by value. Strings compare with a locale collation (ArangoDB uses ICU with the
// server language, "en" by default, upper case first: "A" < "a" < "B"), arrays element by element with a missing element
// reading as null, objects attribute by attribute over the sorted union of their names
// with a missing attribute reading as null. So `[] == [null]` and `{} == {a: null}`.
import { type AqlValue, type AqlObject, typeRank, TypeRank } from './types.js';

const collator = new Intl.Collator('en', { usage: 'sort', caseFirst: 'upper' });

/** Locale order of two strings; distinct strings never compare equal (code units decide ties). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : 1;
}

/** Total order over AQL values: negative, zero or positive. */
export function compare(a: AqlValue, b: AqlValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case TypeRank.Null:
      return 0;
    case TypeRank.Bool:
      return a === b ? 0 : a ? 1 : -1;
    case TypeRank.Number:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case TypeRank.String:
      return compareStrings(a as string, b as string);
    case TypeRank.Array:
      return compareArrays(a as AqlValue[], b as AqlValue[]);
    default:
      return compareObjects(a as AqlObject, b as AqlObject);
  }
}

function compareArrays(a: AqlValue[], b: AqlValue[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(i < a.length ? a[i] : null, i < b.length ? b[i] : null);
    if (c !== 0) return c;
  }
  return 0;
}

function compareObjects(a: AqlObject, b: AqlObject): number {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of names) {
    const c = compare(k in a ? a[k] : null, k in b ? b[k] : null);
    if (c !== 0) return c;
  }
  return 0;
}

export function equals(a: AqlValue, b: AqlValue): boolean {
  if (a === b) return true;
  // Distinct strings never compare equal (compareStrings), nor distinct numbers: no
  // collation needed for the commonest FILTER.
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number') return false;
  return compare(a, b) === 0;
}

/**
 * A string that is equal for values that `equals` treats as equal in hashing contexts
 * (COLLECT groups, DISTINCT, UNIQUE): objects with sorted keys, -0 as 0.
 * ArangoDB hashes normalized values the same way, so `[]` and `[null]` stay distinct there.
 */
/**
 * hashKey for one top-level value, cheaper for a string: 's' + the string itself (no
 * hashKey starts with 's': numbers, null, booleans, '"', '[' and '{' start them).
 */
export function groupKey(v: AqlValue): string {
  return typeof v === 'string' ? 's' + v : hashKey(v);
}

export function hashKey(v: AqlValue): string {
  if (v === null || typeof v !== 'object') return typeof v === 'number' ? String(v === 0 ? 0 : v) : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(hashKey).join(',') + ']';
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + hashKey(v[k])).join(',') + '}';
}
