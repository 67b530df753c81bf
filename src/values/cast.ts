// ArangoDB's implicit and explicit casts (TO_BOOL, TO_NUMBER, TO_STRING, TO_ARRAY), used
// by operators and functions alike. None of them fails or warns; they always return a
// value of the target type.
import { type AqlValue, isObject } from './types.js';

/** Truthiness: null, false, 0 and "" are false; arrays and objects are always true. */
export function toBool(v: AqlValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
    default:
      return true;
  }
}

// A decimal number with optional sign, fraction and exponent; whitespace around it is allowed.
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The number a string stands for, or undefined when it is not a valid number. */
export function parseNumericString(s: string): number | undefined {
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * TO_NUMBER: null/false -> 0, true -> 1, numeric strings -> their value, other strings
 * -> 0, [] -> 0, [x] -> TO_NUMBER(x), longer arrays and objects -> 0.
 */
export function toNumber(v: AqlValue): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseNumericString(v) ?? 0;
    default:
      if (Array.isArray(v)) return v.length === 1 ? toNumber(v[0]) : 0;
      return 0;
  }
}

/** The text ArangoDB prints for a number (shortest round-trip form, no -0). */
export function numberToString(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/** TO_STRING: null -> "", booleans and numbers as text, arrays and objects as JSON. */
export function toString(v: AqlValue): string {
  if (v === null) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numberToString(v);
    default:
      return stringify(v);
  }
}

/**
 * JSON text of a value with non-finite numbers written as null (as ArangoDB's dumper
 * does). JSON.stringify already writes NaN and +-Infinity as null, and -0 as 0; no
 * replacer is needed (one would cost a call per value).
 */
export function stringify(v: AqlValue): string {
  return JSON.stringify(v);
}

/** TO_ARRAY: null -> [], arrays unchanged, objects -> their values, anything else -> [v]. */
export function toArray(v: AqlValue): AqlValue[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [v];
}
