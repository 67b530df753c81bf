// The AQL function registry: every built-in function is one row (name, aliases, argument
// counts, flags, implementation) declared in a module of this folder and collected in
// index.ts. The executor calls functions only through `callFunction`, which checks the
// argument count (1541). Functions report wrong argument types the way ArangoDB does:
// most record warning 1542 through `ctx.warn` and return null; a few throw. A call of a
// user-defined function (`NS::NAME(...)`) gets a definition made for its name
// (userFunctionDef), which runs the database's stored function through ctx.callUser.
import type { AqlValue } from '../../values/index.js';
import type { ErrorDef } from '../../errors/registry.js';
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';

/** What a function may ask of the running query. */
export interface QueryEnv {
  readonly database: string;
  readonly user: string;
  readonly signal: AbortSignal;
  /** A document by collection name and key, or null when either does not exist. */
  document(collection: string, key: string): AqlValue;
  /** Number of documents; throws 1203 for an unknown collection. */
  collectionCount(collection: string): number;
  /** A collection's schema, or null when it has none; throws 1203 for an unknown collection. Absent: no collections. */
  collectionSchema?(collection: string): AqlValue;
  /** The indexes of a collection (type, fields, type-specific props); throws 1203 for an unknown collection. */
  collectionIndexes(collection: string): readonly { type: string; fields: readonly string[]; props?: Record<string, unknown> }[];
  /** Every document of a collection, from the query's snapshot (or its transaction); throws 1203 for an unknown one. */
  scanCollection(collection: string): Iterable<AqlValue>;
  /** All collections of the database: `{ _id, name }`. */
  collections(): { _id: string; name: string }[];
  /** Runs the database's user-defined function `name` (upper case); see UserCallOutcome. */
  userFunction(name: string, args: AqlValue[]): UserCallOutcome;
  /** The analyzer a query names (src/analyzers resolveAnalyzer), or null; absent: built-ins only. */
  analyzer?(name: string): AnalyzerDefinition | null;
  /** Runs an aql analyzer's query (no collections) with its bind parameters; resolves to its rows. */
  runAnalyzerQuery?(query: string, bindVars: Record<string, unknown>): Promise<AqlValue[]>;
}

/** A warning a user function raised with AQL_WARNING(code, message). */
export interface UserWarning {
  code: number;
  message: string;
}

/**
 * What running a user-defined function came to: its value (undefined, NaN, functions...
 * already made null), the text of what it threw (its stack, or the thrown value as a
 * string), no such function, a stored function whose code is not a function, or a run
 * cut off after `ms` milliseconds.
 */
export type UserCallOutcome =
  | { kind: 'value'; value: AqlValue; warnings: UserWarning[] }
  | { kind: 'thrown'; text: string; warnings: UserWarning[] }
  | { kind: 'notFound' }
  | { kind: 'invalidCode' }
  | { kind: 'timeout'; ms: number };

export interface FunctionContext {
  /** Records a warning (errorNum and filled message); throws instead under failOnWarning. */
  warn(def: ErrorDef, ...args: unknown[]): void;
  readonly env: QueryEnv;
  /** Calls another registered function by name (CALL, APPLY); checks names and counts. */
  call(name: string, args: AqlValue[]): AqlValue | Promise<AqlValue>;
  /**
   * Calls the user-defined function `name` (upper case) as ArangoDB does: directly, what it
   * throws fails the query (1583); through CALL or APPLY (`via`), it is a warning and null.
   * An unknown name throws 1582.
   */
  callUser(name: string, args: AqlValue[], via?: 'CALL' | 'APPLY'): AqlValue;
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
  /** True for a user-defined function (explain shows a "user function call"). */
  readonly user?: boolean;
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

/**
 * The definition of a call of the user-defined function `name` (upper case): any number
 * of arguments, never deterministic or cacheable (ArangoDB's AstNode::isDeterministic and
 * isCacheable say so of every user function, whatever it was registered with).
 */
export function userFunctionDef(name: string): FunctionDef {
  return { name, minArgs: 0, maxArgs: Infinity, deterministic: false, cacheable: false, user: true, impl: (ctx, args) => ctx.callUser(name, args) };
}
