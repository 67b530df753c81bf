// AQL array functions: length and element access, building arrays (PUSH, APPEND, ...),
// removing from them, sorting and uniqueness, and the set operations (UNION ...
// OUTERSECTION, JACCARD). Equality is ArangoDB's value equality (`equals`) for linear
// searches and `hashKey` for hash-based uniqueness; orders that ArangoDB leaves
// undefined (set operations) are first-occurrence order here. RANGE lives in
// numeric.ts, REVERSE in strings.ts, ZIP in objects.ts.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { type AqlValue, compare, equals, hashKey, isObject, toBool, toNumber } from '../../values/index.js';
import { arg, toInt64, warnIn } from './numeric.js';
import { fn, type FunctionContext, type FunctionDef } from './registry.js';

const TYPE_MISMATCH = ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH;
const ARRAY_EXPECTED = ERR.ERROR_QUERY_ARRAY_EXPECTED;

/** The array argument, or undefined after a warning (`def`: 1542 or 1563, per function). */
function arrayArg(ctx: FunctionContext, name: string, v: AqlValue, def = ARRAY_EXPECTED): AqlValue[] | undefined {
  if (Array.isArray(v)) return v;
  warnIn(ctx, name, def);
  return undefined;
}

/** Every argument as an array, or undefined after one warning. */
function arrayArgs(ctx: FunctionContext, name: string, args: AqlValue[], def = ARRAY_EXPECTED): AqlValue[][] | undefined {
  if (args.every(Array.isArray)) return args as AqlValue[][];
  warnIn(ctx, name, def);
  return undefined;
}

function contains(list: AqlValue[], v: AqlValue): boolean {
  return list.some((x) => equals(x, v));
}

/** The elements whose hashKey was not seen before, in order; `seen` is updated. */
function distinct(list: AqlValue[], seen = new Set<string>()): AqlValue[] {
  return list.filter((v) => {
    const k = hashKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------
// Length and element access

/** LENGTH: elements, code points, attributes, digits of a number, 1 for true. */
function length(_ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  if (v === null) return 0;
  if (Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  if (typeof v === 'string') return [...v].length;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return printedLength(v);
}

/**
 * Length of a number as ArangoDB's LENGTH prints it (fpconv_dtoa, not TO_STRING):
 * plain digits up to 6 trailing zeros and down to 6 leading decimal zeros, otherwise
 * exponent notation, so LENGTH(100000000) is 4 ("1e+8").
 */
function printedLength(n: number): number {
  if (n === 0) return Object.is(n, -0) ? 2 : 1;
  const sign = n < 0 ? 1 : 0;
  const [mantissa, e] = Math.abs(n).toExponential().split('e');
  const nd = mantissa.replace('.', '').length;
  const exp = Math.abs(Number(e));
  const k = Number(e) - nd + 1; // the value is <digits> * 10^k
  if (k >= 0 && exp < nd + 7) return sign + nd + k;
  if (k < 0 && (k > -7 || exp < 4)) return sign + (nd + k <= 0 ? 2 - k : nd + 1);
  const digits = Math.min(nd, 18 - sign);
  return sign + 1 + (digits > 1 ? digits : 0) + 2 + (exp > 99 ? 3 : exp > 9 ? 2 : 1);
}

function first(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'FIRST', v);
  return list && list.length > 0 ? list[0] : null;
}

function last(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'LAST', v);
  return list && list.length > 0 ? list[list.length - 1] : null;
}

function nth(ctx: FunctionContext, [v, pos]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'NTH', v);
  if (!list) return null;
  const i = toInt64(pos);
  return i >= 0 && i < list.length ? list[i] : null;
}

function position(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'POSITION', args[0]);
  if (!list) return null;
  const index = list.findIndex((x) => equals(x, args[1]));
  return toBool(arg(args, 2)) ? index : index >= 0;
}

// ---------------------------------------------------------------------------------
// Adding and removing elements

function push(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [list, value] = args;
  if (list === null) return [value];
  if (!Array.isArray(list)) return warnIn(ctx, 'PUSH', TYPE_MISMATCH);
  if (toBool(arg(args, 2)) && contains(list, value)) return [...list];
  return [...list, value];
}

function unshift(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [list, value] = args;
  if (list !== null && !Array.isArray(list)) return warnIn(ctx, 'UNSHIFT', TYPE_MISMATCH);
  if (toBool(arg(args, 2)) && list !== null && contains(list, value)) return list;
  return [value, ...(list ?? [])];
}

/** POP and SHIFT: null stays null, other non-arrays warn. */
function dropOne(name: string, fromStart: boolean): FunctionDef['impl'] {
  return (ctx, [list]) => {
    if (list === null) return null;
    if (!Array.isArray(list)) return warnIn(ctx, name, TYPE_MISMATCH);
    return fromStart ? list.slice(1) : list.slice(0, -1);
  };
}

/**
 * APPEND(list, values, unique), in ArangoDB's order of checks: null values or an empty
 * values array return the list as it is (whatever it is, not deduplicated); a null list
 * returns the values as they are (an array or not, not deduplicated); any other list
 * that is not an array warns (1542) and gives null. Otherwise values that are not an
 * array are appended as one element. With `unique`, the list's own duplicates go too,
 * and a value already present (or, from a values array, already added) is skipped.
 */
function append(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [list, values] = args;
  if (values === null || (Array.isArray(values) && values.length === 0)) return list;
  if (list === null) return values;
  if (!Array.isArray(list)) return warnIn(ctx, 'APPEND', TYPE_MISMATCH);
  const extra = Array.isArray(values) ? values : [values];
  if (!toBool(arg(args, 2))) return [...list, ...extra];
  const seen = new Set<string>();
  const out = distinct(list, seen);
  if (!Array.isArray(values)) return seen.has(hashKey(values)) ? out : [...out, values];
  return [...out, ...distinct(values, seen)];
}

function removeValue(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [list, value] = args;
  if (list === null) return [];
  if (!Array.isArray(list)) return warnIn(ctx, 'REMOVE_VALUE', TYPE_MISMATCH);
  const limitArg = arg(args, 2);
  // A negative limit never reaches 0, so it removes every occurrence (as in ArangoDB).
  let limit = limitArg === null ? -1 : toInt64(limitArg);
  return list.filter((x) => {
    if (limit === 0 || !equals(value, x)) return true;
    limit--;
    return false;
  });
}

function removeValues(ctx: FunctionContext, [list, values]: AqlValue[]): AqlValue {
  if (values === null) return list;
  if (list === null) return [];
  if (!Array.isArray(list) || !Array.isArray(values)) return warnIn(ctx, 'REMOVE_VALUES', TYPE_MISMATCH);
  return list.filter((x) => !contains(values, x));
}

function removeNth(ctx: FunctionContext, [list, pos]: AqlValue[]): AqlValue {
  if (list === null) return [];
  if (!Array.isArray(list)) return warnIn(ctx, 'REMOVE_NTH', TYPE_MISMATCH);
  let p = toNumber(pos);
  if (p >= list.length || p < -list.length) return list;
  if (p < 0) p += list.length;
  const target = Math.trunc(p);
  return list.filter((_x, i) => i !== target);
}

/** REPLACE_NTH: a null position, or one past the end without a padding value, throws 1542. */
function replaceNth(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [list, pos, value] = args;
  if (!Array.isArray(list)) return warnIn(ctx, 'REPLACE_NTH', TYPE_MISMATCH);
  if (pos === null) throw new ArangoError(TYPE_MISMATCH, 'REPLACE_NTH');
  const p = toInt64(pos);
  const offset = p >= 0 ? p : Math.max(0, list.length + p);
  if (offset > list.length && args.length < 4) throw new ArangoError(TYPE_MISMATCH, 'REPLACE_NTH');
  const out = list.map((x, i) => (i === offset ? value : x));
  while (out.length < offset) out.push(arg(args, 3));
  if (offset >= list.length) out.push(value);
  return out;
}

function interleave(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'INTERLEAVE', args);
  if (!lists) return null;
  const out: AqlValue[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

function slice(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'SLICE', args[0], TYPE_MISMATCH);
  if (!list) return null;
  let from = toInt64(args[1]);
  if (from < 0) from = Math.max(0, list.length + from);
  const len = arg(args, 2);
  let to = len === null ? list.length : toInt64(len);
  if (len !== null) to = to >= 0 ? to + from : Math.max(0, list.length + to);
  return list.slice(from, Math.max(from, to));
}

function flatten(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'FLATTEN', args[0]);
  if (!list) return null;
  const depth = args.length > 1 ? toNumber(args[1]) : 1;
  return flattenTo(list, depth < 1 ? 1 : Math.floor(depth), []);
}

/** Appends `list` to `out`, expanding nested arrays up to `depth` levels. */
function flattenTo(list: AqlValue[], depth: number, out: AqlValue[]): AqlValue[] {
  for (const v of list) {
    if (Array.isArray(v) && depth > 0) flattenTo(v, depth - 1, out);
    else out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Sorting and uniqueness

function unique(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'UNIQUE', v);
  return list ? distinct(list) : null;
}

/**
 * SORTED: ArangoDB counts equal values under the first one it met and writes that one
 * `count` times, so values that compare equal but differ ([] and [null]) come out as the
 * first of them repeated.
 */
function sorted(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'SORTED', v);
  if (!list) return null;
  const out = [...list].sort(compare);
  for (let i = 1; i < out.length; i++) if (compare(out[i], out[i - 1]) === 0) out[i] = out[i - 1];
  return out;
}

/** SORTED_UNIQUE: uniqueness by comparison (not hashing); the first of equal values stays. */
function sortedUnique(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'SORTED_UNIQUE', v);
  if (!list) return null;
  return [...list].sort(compare).filter((x, i, all) => i === 0 || compare(x, all[i - 1]) !== 0);
}

function countDistinct(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'COUNT_DISTINCT', v);
  return list ? new Set(list.map(hashKey)).size : null;
}

// ---------------------------------------------------------------------------------
// Set operations over two or more arrays

function union(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'UNION', args, TYPE_MISMATCH);
  return lists ? lists.flat(1) : null;
}

function unionDistinct(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'UNION_DISTINCT', args, TYPE_MISMATCH);
  return lists ? distinct(lists.flat(1)) : null;
}

/** Values of the first array (distinct) that occur in every other array. */
function intersection(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'INTERSECTION', args);
  if (!lists) return null;
  const others = lists.slice(1).map((l) => new Set(l.map(hashKey)));
  return distinct(lists[0]).filter((v) => others.every((s) => s.has(hashKey(v))));
}

/** Values that occur exactly once over all arrays (duplicates within one array count). */
function outersection(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'OUTERSECTION', args);
  if (!lists) return null;
  const all = lists.flat(1);
  const counts = new Map<string, number>();
  for (const v of all) counts.set(hashKey(v), (counts.get(hashKey(v)) ?? 0) + 1);
  return all.filter((v) => counts.get(hashKey(v)) === 1);
}

/** Values of the first array (distinct) that occur in none of the others. */
function minus(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'MINUS', args, TYPE_MISMATCH);
  if (!lists) return null;
  const removed = new Set(lists.slice(1).flat(1).map(hashKey));
  return distinct(lists[0]).filter((v) => !removed.has(hashKey(v)));
}

/** |intersection| / |union| of the distinct values; 1 for two empty arrays. */
function jaccard(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const lists = arrayArgs(ctx, 'JACCARD', args);
  if (!lists) return null;
  const a = new Set(lists[0].map(hashKey));
  const b = new Set(lists[1].map(hashKey));
  const unionSize = new Set([...a, ...b]).size;
  if (unionSize === 0) return 1;
  return [...a].filter((k) => b.has(k)).length / unionSize;
}

export const FUNCTIONS: FunctionDef[] = [
  fn('LENGTH', 1, 1, length, { aliases: ['COUNT'] }),
  fn('FIRST', 1, 1, first),
  fn('LAST', 1, 1, last),
  fn('NTH', 2, 2, nth),
  fn('POSITION', 2, 3, position, { aliases: ['CONTAINS_ARRAY'] }),
  fn('PUSH', 2, 3, push),
  fn('APPEND', 2, 3, append),
  fn('POP', 1, 1, dropOne('POP', false)),
  fn('SHIFT', 1, 1, dropOne('SHIFT', true)),
  fn('UNSHIFT', 2, 3, unshift),
  fn('REMOVE_VALUE', 2, 3, removeValue),
  fn('REMOVE_VALUES', 2, 2, removeValues),
  fn('REMOVE_NTH', 2, 2, removeNth),
  fn('REPLACE_NTH', 3, 4, replaceNth),
  fn('INTERLEAVE', 2, Infinity, interleave),
  fn('SLICE', 2, 3, slice),
  fn('FLATTEN', 1, 2, flatten),
  fn('UNIQUE', 1, 1, unique),
  fn('SORTED', 1, 1, sorted),
  fn('SORTED_UNIQUE', 1, 1, sortedUnique),
  fn('COUNT_DISTINCT', 1, 1, countDistinct, { aliases: ['COUNT_UNIQUE'] }),
  fn('UNION', 2, Infinity, union),
  fn('UNION_DISTINCT', 2, Infinity, unionDistinct),
  fn('INTERSECTION', 2, Infinity, intersection),
  fn('OUTERSECTION', 2, Infinity, outersection),
  fn('MINUS', 2, Infinity, minus),
  fn('JACCARD', 2, 2, jaccard),
];
