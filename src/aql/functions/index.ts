// Collects every function module into one lookup table (upper-case name and aliases ->
// definition) and is the executor's only way to call a function.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { AqlValue } from '../../values/index.js';
import type { FunctionContext, FunctionDef } from './registry.js';
import { FUNCTIONS as TYPES } from './types.js';
import { FUNCTIONS as STRINGS } from './strings.js';
import { FUNCTIONS as NUMERIC } from './numeric.js';
import { FUNCTIONS as ARRAYS } from './arrays.js';
import { FUNCTIONS as OBJECTS } from './objects.js';
import { FUNCTIONS as DATES } from './dates.js';
import { FUNCTIONS as MISC } from './misc.js';
import { FUNCTIONS as GEO } from './geo.js';
import { FUNCTIONS as SEARCH } from './search.js';
import { FUNCTIONS as VECTOR } from './vector.js';

export type { FunctionContext, FunctionDef, QueryEnv, UserCallOutcome, UserWarning } from './registry.js';
export { userFunctionDef } from './registry.js';

/** Every registered function, each once, in module order. */
export const ALL_FUNCTIONS: readonly FunctionDef[] = [...TYPES, ...STRINGS, ...NUMERIC, ...ARRAYS, ...OBJECTS, ...DATES, ...MISC, ...GEO, ...SEARCH, ...VECTOR];

const BY_NAME = new Map<string, FunctionDef>();
for (const def of ALL_FUNCTIONS) {
  for (const name of [def.name, ...(def.aliases ?? [])]) {
    if (BY_NAME.has(name)) throw new Error(`AQL function ${name} registered twice`);
    BY_NAME.set(name, def);
  }
}

/** The definition for a name in any case, or undefined. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** The definition for a name; throws 1540 when unknown. */
export function requireFunction(name: string): FunctionDef {
  const def = lookupFunction(name);
  if (!def) throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_NAME_UNKNOWN, name.toUpperCase());
  return def;
}

/** Throws 1541 unless `count` arguments fit the function's signature. */
export function checkArity(def: FunctionDef, name: string, count: number): void {
  if (count < def.minArgs || count > def.maxArgs) {
    const max = def.maxArgs === Infinity ? 65536 : def.maxArgs;
    throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH, name.toUpperCase(), def.minArgs, max);
  }
}

/** Calls a function by name with already evaluated arguments. */
export function callFunction(ctx: FunctionContext, name: string, args: AqlValue[]): AqlValue | Promise<AqlValue> {
  const def = requireFunction(name);
  checkArity(def, name, args.length);
  return def.impl(ctx, args);
}
