// AQL's value model: the JSON-shaped values a query computes with, their type order and
// type names. A value is never `undefined`: a missing attribute or index reads as null.
// Numbers are doubles; a value that is not a finite number is never produced by an
// operator (callers turn NaN/Infinity into null, with a warning where ArangoDB warns).

export type AqlValue = null | boolean | number | string | AqlValue[] | AqlObject;
export interface AqlObject {
  [key: string]: AqlValue;
}

/** ArangoDB's type order: null < bool < number < string < array < object. */
export const enum TypeRank {
  Null = 0,
  Bool = 1,
  Number = 2,
  String = 3,
  Array = 4,
  Object = 5,
}

export function typeRank(v: AqlValue): TypeRank {
  if (v === null || v === undefined) return TypeRank.Null;
  switch (typeof v) {
    case 'boolean':
      return TypeRank.Bool;
    case 'number':
      return TypeRank.Number;
    case 'string':
      return TypeRank.String;
    default:
      return Array.isArray(v) ? TypeRank.Array : TypeRank.Object;
  }
}

const TYPE_NAMES = ['null', 'bool', 'number', 'string', 'array', 'object'] as const;

/** TYPENAME(): "null", "bool", "number", "string", "array" or "object". */
export function typeName(v: AqlValue): (typeof TYPE_NAMES)[number] {
  return TYPE_NAMES[typeRank(v)];
}

export function isObject(v: AqlValue | undefined): v is AqlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isArray(v: AqlValue | undefined): v is AqlValue[] {
  return Array.isArray(v);
}

/** Turns NaN and ±Infinity into null: AQL has no non-finite numbers. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
