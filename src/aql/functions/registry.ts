// The AQL function registry: every built-in function is one row (name, aliases, argument
// counts, flags, implementation) declared in a module of this folder and collected in
// index.ts. The executor calls functions only through `callFunction`, which checks the
// argument count (1541). Functions report wrong argument types the way ArangoDB does:
// most record warning 1542 through `ctx.warn` and return null; a few throw.
import type { AqlValue } from '../../values/index.js';
import type { ErrorDef } from '../../errors/registry.js';

/** What a function may ask of the running query. */
export interface QueryEnv {
  readonly database: string;
  readonly user: string;
  readonly signal: AbortSignal;
  /** A document by collection name and key, or null when either does not exist. */
  document(collection: string, key: string): AqlValue;
  /** Number of documents; throws 1203 for an unknown collection. */
  collectionCount(collection: string): number;
  /** All collections of the database: `{ _id, name }`. */
  collections(): { _id: string; name: string }[];
}

export interface FunctionContext {
  /** Records a warning (errorNum and filled message); throws instead under failOnWarning. */
  warn(def: ErrorDef, ...args: unknown[]): void;
  readonly env: QueryEnv;
  /** Calls another registered function by name (CALL, APPLY); checks names and counts. */
  call(name: string, args: AqlValue[]): AqlValue | Promise<AqlValue>;
}

export interface FunctionDef {
  /** Upper case, as ArangoDB spells it. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** False when two calls with the same arguments may differ (RAND, UUID, DATE_NOW). */
  readonly deterministic: boolean;
  /** False when results must not be cached (non-deterministic or reading documents). */
  readonly cacheable: boolean;
  /** True when impl returns a Promise (SLEEP); the planner gives such calls their own node. */
  readonly async?: boolean;
  /** True when CALL/APPLY may not call it dynamically (ArangoDB's 1578). */
  readonly noDynamicCall?: boolean;
  readonly impl: (ctx: FunctionContext, args: AqlValue[]) => AqlValue | Promise<AqlValue>;
}

/** Shorthand for a deterministic, cacheable function: fn('ABS', 1, 1, (ctx, [x]) => ...). */
export function fn(
  name: string,
  minArgs: number,
  maxArgs: number,
  impl: FunctionDef['impl'],
  flags: Partial<Omit<FunctionDef, 'name' | 'minArgs' | 'maxArgs' | 'impl'>> = {},
): FunctionDef {
  return { name, minArgs, maxArgs, impl, deterministic: true, cacheable: true, ...flags };
}
