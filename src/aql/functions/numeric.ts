// AQL numeric functions: arithmetic and trigonometry on one or two numbers, the
// aggregates over number arrays (MIN ... PERCENTILE), RANGE, the 32-bit bit functions,
// the DECAY_* scores and the vector distances. Every impl is pure (RAND aside), so the
// executor's COLLECT AGGREGATE may call them on an array of collected values.
// Results that are not finite numbers become null (SUM and PRODUCT: 0), as ArangoDB does.
// Also exports the small argument helpers arrays.ts shares (toInt64, warnIn, num).
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { ErrorDef } from '../../errors/registry.js';
import { type AqlValue, compare, toNumber } from '../../values/index.js';
import { fn, type FunctionContext, type FunctionDef } from './registry.js';

// ---------------------------------------------------------------------------------
// Shared helpers

/** Argument `i`, with a missing optional argument reading as null (as in ArangoDB). */
export function arg(args: AqlValue[], i: number): AqlValue {
  return args[i] ?? null;
}

/** A finite number (with -0 as 0) or null: ArangoDB's `numberValue(x, nullify=true)`. */
export function num(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return x === 0 ? 0 : x;
}

/** A finite number or 0: ArangoDB's `numberValue(x, nullify=false)` (SUM, PRODUCT, AVERAGE). */
function numOrZero(x: number): number {
  return Number.isFinite(x) && x !== 0 ? x : 0;
}

/**
 * ArangoDB's AqlValue::toInt64: numbers truncate, booleans are 0/1, strings take their
 * leading integer (as C's stoll: "12.7" -> 12, "abc" -> 0), a one-element array its
 * element, anything else 0.
 */
export function toInt64(v: AqlValue): number {
  if (typeof v === 'number') return Math.trunc(v) || 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const m = /^\s*[-+]?\d+/.exec(v);
    return m ? Number(m[0].trim()) || 0 : 0;
  }
  if (Array.isArray(v) && v.length === 1) return toInt64(v[0]);
  return 0;
}

/**
 * Records a function warning with ArangoDB's message shape: 1542 reads "invalid argument
 * type in call to function 'X()'", every other code "in function 'X()': <message>".
 */
export function warnIn(ctx: FunctionContext, name: string, def: ErrorDef): null {
  if (def === ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH) ctx.warn(def, name);
  else ctx.warn({ ...def, message: `in function '%s()': ${def.message}` }, name);
  return null;
}

const TYPE_MISMATCH = ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH;
const ARRAY_EXPECTED = ERR.ERROR_QUERY_ARRAY_EXPECTED;
const INVALID_ARITHMETIC = ERR.ERROR_QUERY_INVALID_ARITHMETIC_VALUE;

// ---------------------------------------------------------------------------------
// One- and two-argument math: the argument is cast with TO_NUMBER, never warned about.

const UNARY: [string, (x: number) => number][] = [
  ['FLOOR', Math.floor],
  ['CEIL', Math.ceil],
  // Why floor(x + 0.5): ArangoDB rounds halves up (ROUND(-2.5) == -2), not away from zero.
  ['ROUND', (x) => Math.floor(x + 0.5)],
  ['ABS', Math.abs],
  ['SQRT', Math.sqrt],
  ['LOG', Math.log],
  ['LOG2', Math.log2],
  ['LOG10', Math.log10],
  ['EXP', Math.exp],
  ['EXP2', (x) => Math.pow(2, x)],
  ['SIN', Math.sin],
  ['COS', Math.cos],
  ['TAN', Math.tan],
  ['ASIN', Math.asin],
  ['ACOS', Math.acos],
  ['ATAN', Math.atan],
  ['RADIANS', (x) => x * (Math.PI / 180)],
  ['DEGREES', (x) => x * (180 / Math.PI)],
];

/** C's pow where it differs from JS: pow(1, y) and pow(-1, ±inf) are 1 there. */
function cPow(base: number, exp: number): number {
  if (base === 1 || (base === -1 && !Number.isFinite(exp))) return 1;
  return Math.pow(base, exp);
}

const MATH_FUNCTIONS: FunctionDef[] = [
  ...UNARY.map(([name, f]) => fn(name, 1, 1, (_ctx, [x]) => num(f(toNumber(x))))),
  fn('POW', 2, 2, (_ctx, [b, e]) => num(cPow(toNumber(b), toNumber(e)))),
  fn('ATAN2', 2, 2, (_ctx, [y, x]) => num(Math.atan2(toNumber(y), toNumber(x)))),
  fn('PI', 0, 0, () => Math.PI),
  // RANDOM: ArangoDB's alias (aql-ternary.js calls it)
  fn('RAND', 0, 0, () => Math.random(), { deterministic: false, cacheable: false, aliases: ['RANDOM'] }),
];

// ---------------------------------------------------------------------------------
// Aggregates over an array. A non-array argument is warning 1563 + null; null elements
// are skipped; what a non-number element does differs per function (see each).

/** The array argument, or undefined after warning 1563. */
function arrayArg(ctx: FunctionContext, name: string, v: AqlValue): AqlValue[] | undefined {
  if (Array.isArray(v)) return v;
  warnIn(ctx, name, ARRAY_EXPECTED);
  return undefined;
}

/** The non-null elements when all are numbers, else undefined. */
function numbersOf(list: AqlValue[]): number[] | undefined {
  const out: number[] = [];
  for (const v of list) {
    if (v === null) continue;
    if (typeof v !== 'number') return undefined;
    out.push(v);
  }
  return out;
}

function minOf(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'MIN', v);
  if (!list) return null;
  let best: AqlValue | undefined;
  for (const x of list) if (x !== null && (best === undefined || compare(x, best) < 0)) best = x;
  return best ?? null;
}

function maxOf(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'MAX', v);
  if (!list) return null;
  let best: AqlValue | undefined;
  for (const x of list) if (best === undefined || compare(x, best) > 0) best = x;
  return best ?? null;
}

/** SUM and PRODUCT: a non-number element makes the result null without a warning. */
function fold(name: string, start: number, op: (a: number, b: number) => number): FunctionDef['impl'] {
  return (ctx, [v]) => {
    const list = arrayArg(ctx, name, v);
    const nums = list && numbersOf(list);
    return nums ? numOrZero(nums.reduce(op, start)) : null;
  };
}

function average(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const list = arrayArg(ctx, 'AVERAGE', v);
  if (!list) return null;
  const nums = numbersOf(list);
  if (!nums) return warnIn(ctx, 'AVERAGE', ARRAY_EXPECTED);
  if (nums.length === 0) return null;
  const sum = nums.reduce((a, b) => a + b, 0);
  return Number.isFinite(sum) ? numOrZero(sum / nums.length) : null;
}

/** The numbers of an aggregate's array, or undefined after warning 1563 or 1561. */
function statNumbers(ctx: FunctionContext, name: string, v: AqlValue): number[] | undefined {
  const list = arrayArg(ctx, name, v);
  if (!list) return undefined;
  const nums = numbersOf(list);
  if (!nums) warnIn(ctx, name, INVALID_ARITHMETIC);
  return nums;
}

/** Welford's running variance, in ArangoDB's operation order: sum of squared deviations. */
function squaredDeviations(nums: number[]): number {
  let mean = 0;
  let m2 = 0;
  nums.forEach((x, i) => {
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  });
  return m2;
}

/** VARIANCE_* and STDDEV_*: `minCount` values needed; `sample` divides by n - 1. */
function variance(name: string, sample: boolean, root: boolean): FunctionDef['impl'] {
  return (ctx, [v]) => {
    const nums = statNumbers(ctx, name, v);
    if (!nums || nums.length < (sample ? 2 : 1)) return null;
    const result = squaredDeviations(nums) / (sample ? nums.length - 1 : nums.length);
    return num(root ? Math.sqrt(result) : result);
  };
}

function median(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const nums = statNumbers(ctx, 'MEDIAN', v);
  if (!nums || nums.length === 0) return null;
  nums.sort((a, b) => a - b);
  const mid = nums.length >> 1;
  return num(nums.length % 2 === 0 ? (nums[mid - 1] + nums[mid]) / 2 : nums[mid]);
}

/** PERCENTILE's method argument: true for interpolation, undefined when invalid. */
function percentileMethod(args: AqlValue[]): boolean | undefined {
  if (args.length < 3) return false;
  const m = args[2];
  return m === 'interpolation' ? true : m === 'rank' ? false : undefined;
}

/** The p-th percentile (0..100) of sorted values, as ArangoDB 3.12.6+ computes it. */
function percentileOf(sorted: number[], p: number, interpolate: boolean): number {
  const l = sorted.length;
  if (l === 1) return sorted[0];
  const idx = interpolate ? (p * (l + 1)) / 100 : (p * l) / 100;
  const pos = interpolate ? Math.floor(idx) : Math.ceil(idx);
  if (pos >= l) return sorted[l - 1];
  if (pos <= 0) return sorted[0];
  return interpolate ? (idx - pos) * (sorted[pos] - sorted[pos - 1]) + sorted[pos - 1] : sorted[pos - 1];
}

function percentile(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  if (!arrayArg(ctx, 'PERCENTILE', args[0])) return null;
  const p = args[1];
  if (typeof p !== 'number' || p < 0 || p > 100) return warnIn(ctx, 'PERCENTILE', TYPE_MISMATCH);
  const interpolate = percentileMethod(args);
  if (interpolate === undefined) return warnIn(ctx, 'PERCENTILE', TYPE_MISMATCH);
  const nums = statNumbers(ctx, 'PERCENTILE', args[0]);
  if (!nums || nums.length === 0) return null;
  return num(percentileOf(nums.sort((a, b) => a - b), p, interpolate));
}

const AGGREGATE_FUNCTIONS: FunctionDef[] = [
  fn('MIN', 1, 1, minOf),
  fn('MAX', 1, 1, maxOf),
  fn('SUM', 1, 1, fold('SUM', 0, (a, b) => a + b)),
  fn('PRODUCT', 1, 1, fold('PRODUCT', 1, (a, b) => a * b)),
  fn('AVERAGE', 1, 1, average, { aliases: ['AVG'] }),
  fn('MEDIAN', 1, 1, median),
  fn('PERCENTILE', 2, 3, percentile),
  fn('VARIANCE_SAMPLE', 1, 1, variance('VARIANCE_SAMPLE', true, false)),
  fn('VARIANCE_POPULATION', 1, 1, variance('VARIANCE_POPULATION', false, false), { aliases: ['VARIANCE'] }),
  fn('STDDEV_SAMPLE', 1, 1, variance('STDDEV_SAMPLE', true, true)),
  fn('STDDEV_POPULATION', 1, 1, variance('STDDEV_POPULATION', false, true), { aliases: ['STDDEV'] }),
];

// ---------------------------------------------------------------------------------
// RANGE(start, stop[, step])

/** ArangoDB refuses to build a range array of more elements than this (1504). */
const RANGE_LIMIT = 10_000_000;

function tooBig(count: number): void {
  if (count > RANGE_LIMIT) {
    throw ArangoError.withMessage(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE, 'range is too big to be materialized');
  }
}

/** Without a step: integer bounds (truncated), counting up or down by one. */
function integerRange(from: number, to: number): number[] {
  tooBig(Math.abs(to - from) + 1);
  const dir = from <= to ? 1 : -1;
  return Array.from({ length: Math.abs(to - from) + 1 }, (_v, i) => from + i * dir);
}

function range(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const step = arg(args, 2);
  if (step === null) return integerRange(toInt64(args[0]), toInt64(args[1]));
  let from = toNumber(args[0]);
  const to = toNumber(args[1]);
  const s = toNumber(step);
  if (s === 0 || (from < to && s < 0) || (from > to && s > 0)) return warnIn(ctx, 'RANGE', TYPE_MISMATCH);
  const out: number[] = [];
  // Why an accumulating loop: ArangoDB adds the step to a running value, and its float
  // error decides whether the stop value is reached (RANGE(0, 1, 0.1) has 11 elements).
  if (s < 0 && to <= from) {
    tooBig(Math.floor((from - to) / -s));
    for (; from >= to; from += s) out.push(from);
  } else {
    tooBig(Math.floor((to - from) / s));
    for (; from <= to; from += s) out.push(from);
  }
  return out.map((x) => (x === 0 ? 0 : x));
}

// ---------------------------------------------------------------------------------
// Bit functions: operands are integers 0 .. 2^32-1 (fractions truncated), widths and
// positions at most 32; anything else is warning 1542 + null.

const BIT_MAX = 0xffffffff;
const BIT_WIDTH = 32;

/** A valid bit-function operand, or undefined. */
function bitValue(v: AqlValue): number | undefined {
  if (typeof v !== 'number' || v < 0) return undefined;
  const n = Math.trunc(v);
  return n <= BIT_MAX ? n : undefined;
}

/** A valid count of bits (0..32), or undefined. */
function bitCount(v: AqlValue): number | undefined {
  const n = bitValue(v);
  return n !== undefined && n <= BIT_WIDTH ? n : undefined;
}

/** The lowest `width` bits of a (possibly > 32 bit) value. */
function mask(value: bigint, width: number): number {
  return Number(value & ((1n << BigInt(width)) - 1n));
}

/** BIT_AND / BIT_OR / BIT_XOR: two operands, or one array whose nulls are skipped. */
function bitCombine(name: string, op: (a: number, b: number) => number): FunctionDef['impl'] {
  return (ctx, args) => {
    const ops = args.length === 2 ? args : args[0];
    if (!Array.isArray(ops)) return warnIn(ctx, name, TYPE_MISMATCH);
    let result: number | undefined;
    for (const v of ops) {
      if (v === null && args.length === 1) continue;
      const n = bitValue(v);
      if (n === undefined) return warnIn(ctx, name, TYPE_MISMATCH);
      result = result === undefined ? n : op(result, n) >>> 0;
    }
    return result ?? null;
  };
}

/** A function of a bit operand and a bit count (index, width), both validated. */
function bitPair(name: string, f: (n: number, k: number, rest: AqlValue[]) => AqlValue | undefined): FunctionDef['impl'] {
  return (ctx, args) => {
    const n = bitValue(args[0]);
    const k = bitCount(args[1]);
    const result = n === undefined || k === undefined ? undefined : f(n, k, args.slice(2));
    return result === undefined ? warnIn(ctx, name, TYPE_MISMATCH) : result;
  };
}

function bitShift(left: boolean): (n: number, shift: number, rest: AqlValue[]) => AqlValue | undefined {
  return (n, shift, [w]) => {
    const width = bitCount(w);
    if (width === undefined) return undefined;
    const v = left ? BigInt(n) << BigInt(shift) : BigInt(n) >> BigInt(shift);
    return mask(v, width);
  };
}

function bitString(n: number, bits: number): string {
  let s = '';
  for (let i = bits - 1; i >= 0; i--) s += Math.floor(n / 2 ** i) % 2 === 1 ? '1' : '0';
  return s;
}

function bitPopcount(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const n = bitValue(v);
  return n === undefined ? warnIn(ctx, 'BIT_POPCOUNT', TYPE_MISMATCH) : bitString(n, BIT_WIDTH).split('1').length - 1;
}

function bitConstruct(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  if (!Array.isArray(v)) return warnIn(ctx, 'BIT_CONSTRUCT', TYPE_MISMATCH);
  let result = 0;
  for (const x of v) {
    const pos = bitValue(x);
    if (pos === undefined || pos >= BIT_WIDTH) return warnIn(ctx, 'BIT_CONSTRUCT', TYPE_MISMATCH);
    result = (result | (1 << pos)) >>> 0;
  }
  return result;
}

function bitDeconstruct(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  const n = bitValue(v);
  if (n === undefined) return warnIn(ctx, 'BIT_DECONSTRUCT', TYPE_MISMATCH);
  const bits = bitString(n, BIT_WIDTH);
  const out: number[] = [];
  for (let i = 0; i < BIT_WIDTH; i++) if (bits[BIT_WIDTH - 1 - i] === '1') out.push(i);
  return out;
}

function bitFromString(ctx: FunctionContext, [v]: AqlValue[]): AqlValue {
  if (typeof v !== 'string' || v.length > BIT_WIDTH || !/^[01]*$/.test(v)) {
    return warnIn(ctx, 'BIT_FROM_STRING', TYPE_MISMATCH);
  }
  return v.length === 0 ? 0 : parseInt(v, 2);
}

const BIT_FUNCTIONS: FunctionDef[] = [
  fn('BIT_AND', 1, 2, bitCombine('BIT_AND', (a, b) => a & b)),
  fn('BIT_OR', 1, 2, bitCombine('BIT_OR', (a, b) => a | b)),
  fn('BIT_XOR', 1, 2, bitCombine('BIT_XOR', (a, b) => a ^ b)),
  fn('BIT_NEGATE', 2, 2, bitPair('BIT_NEGATE', (n, width) => mask(~BigInt(n), width))),
  fn('BIT_TEST', 2, 2, bitPair('BIT_TEST', (n, i) => (i < BIT_WIDTH ? Math.floor(n / 2 ** i) % 2 === 1 : undefined))),
  fn('BIT_POPCOUNT', 1, 1, bitPopcount),
  fn('BIT_SHIFT_LEFT', 3, 3, bitPair('BIT_SHIFT_LEFT', bitShift(true))),
  fn('BIT_SHIFT_RIGHT', 3, 3, bitPair('BIT_SHIFT_RIGHT', bitShift(false))),
  fn('BIT_CONSTRUCT', 1, 1, bitConstruct),
  fn('BIT_DECONSTRUCT', 1, 1, bitDeconstruct),
  fn('BIT_TO_STRING', 2, 2, bitPair('BIT_TO_STRING', bitString)),
  fn('BIT_FROM_STRING', 1, 1, bitFromString),
];

// ---------------------------------------------------------------------------------
// DECAY_GAUSS / DECAY_EXP / DECAY_LINEAR(value, origin, scale, offset, decay)

type DecayFactory = (origin: number, scale: number, offset: number, decay: number) => (x: number) => number;

/** Distance beyond the offset: max(0, |x - origin| - offset). */
function beyond(x: number, origin: number, offset: number): number {
  return Math.max(0, Math.abs(x - origin) - offset);
}

const DECAYS: [string, DecayFactory][] = [
  [
    'DECAY_GAUSS',
    (origin, scale, offset, decay) => {
      const sigmaSqr = -(scale * scale) / (2 * Math.log(decay));
      return (x) => Math.exp(-(beyond(x, origin, offset) ** 2) / (2 * sigmaSqr));
    },
  ],
  [
    'DECAY_EXP',
    (origin, scale, offset, decay) => {
      const lambda = Math.log(decay) / scale;
      return (x) => Math.exp(lambda * beyond(x, origin, offset));
    },
  ],
  [
    'DECAY_LINEAR',
    (origin, scale, offset, decay) => {
      const s = scale / (1 - decay);
      return (x) => Math.max((s - beyond(x, origin, offset)) / s, 0);
    },
  ],
];

function decayImpl(name: string, factory: DecayFactory): FunctionDef['impl'] {
  return (ctx, [value, ...params]) => {
    const [origin, scale, offset, decay] = params;
    const isNums = params.every((p) => typeof p === 'number');
    if (!isNums || (typeof value !== 'number' && !Array.isArray(value))) return warnIn(ctx, name, TYPE_MISMATCH);
    const [o, sc, off, d] = [origin, scale, offset, decay] as number[];
    if (sc <= 0 || off < 0 || d <= 0 || d >= 1) return warnIn(ctx, name, ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE);
    const f = factory(o, sc, off, d);
    if (typeof value === 'number') return num(f(value));
    if (!value.every((x) => typeof x === 'number')) return warnIn(ctx, name, TYPE_MISMATCH);
    return (value as number[]).map((x) => num(f(x)));
  };
}

const DECAY_FUNCTIONS = DECAYS.map(([name, factory]) => fn(name, 5, 5, decayImpl(name, factory)));

// ---------------------------------------------------------------------------------
// COSINE_SIMILARITY / L1_DISTANCE / L2_DISTANCE(x, y): two vectors give a number; when
// either one's first element is an array it is a matrix and each row gives one number.

/** The measure of two equally long number vectors, or null after a warning. */
type Measure = (ctx: FunctionContext, name: string, a: number[], b: number[]) => AqlValue;

function vectorPair(ctx: FunctionContext, name: string, a: AqlValue, b: AqlValue, m: Measure): AqlValue {
  if (!Array.isArray(a) || !Array.isArray(b)) return warnIn(ctx, name, TYPE_MISMATCH);
  if (a.length !== b.length) return warnIn(ctx, name, TYPE_MISMATCH);
  if (!a.every((x) => typeof x === 'number') || !b.every((x) => typeof x === 'number')) {
    return warnIn(ctx, name, TYPE_MISMATCH);
  }
  return m(ctx, name, a as number[], b as number[]);
}

function distanceImpl(name: string, m: Measure): FunctionDef['impl'] {
  return (ctx, [x, y]) => {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length === 0 || y.length === 0) {
      return warnIn(ctx, name, TYPE_MISMATCH);
    }
    if (!Array.isArray(x[0]) && !Array.isArray(y[0])) return vectorPair(ctx, name, x, y, m);
    const [matrix, vector] = Array.isArray(x[0]) ? [x, y] : [y, x];
    const out: AqlValue[] = [];
    for (const row of matrix) {
      if (!Array.isArray(row)) return warnIn(ctx, name, TYPE_MISMATCH);
      const d = vectorPair(ctx, name, row, vector, m);
      if (typeof d !== 'number') return null;
      out.push(d);
    }
    return out;
  };
}

const cosine: Measure = (ctx, name, a, b) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i];
    na += x * x;
    nb += b[i] * b[i];
  });
  const denominator = Math.sqrt(na) * Math.sqrt(nb);
  if (denominator === 0) return warnIn(ctx, name, INVALID_ARITHMETIC);
  return num(Math.min(1, Math.max(-1, dot / denominator)));
};

const l1: Measure = (_ctx, _name, a, b) => num(a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0));
const l2: Measure = (_ctx, _name, a, b) => num(Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0)));

const DISTANCE_FUNCTIONS: FunctionDef[] = [
  fn('COSINE_SIMILARITY', 2, 2, distanceImpl('COSINE_SIMILARITY', cosine)),
  fn('L1_DISTANCE', 2, 2, distanceImpl('L1_DISTANCE', l1)),
  fn('L2_DISTANCE', 2, 2, distanceImpl('L2_DISTANCE', l2)),
];

/** IN_RANGE(value, low, high, includeLow, includeHigh): AQL comparison against both bounds. */
function inRange(ctx: FunctionContext, [value, low, high, incLow, incHigh]: AqlValue[]): AqlValue {
  if (typeof incLow !== 'boolean' || typeof incHigh !== 'boolean') {
    ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, 'IN_RANGE');
    return null;
  }
  const lo = compare(value, low);
  const hi = compare(value, high);
  return (incLow ? lo >= 0 : lo > 0) && (incHigh ? hi <= 0 : hi < 0);
}

export const FUNCTIONS: FunctionDef[] = [
  fn('IN_RANGE', 5, 5, inRange),
  ...MATH_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  fn('RANGE', 2, 3, range),
  ...BIT_FUNCTIONS,
  ...DECAY_FUNCTIONS,
  ...DISTANCE_FUNCTIONS,
];
