// Computed values (ArangoDB 3.10+): a collection's `computedValues` definitions, each an
// AQL expression `RETURN <expr>` over the bind parameter @doc, set attributes of every
// document written with the operations in its `computeOn`. This file checks definitions
// (checkComputedExpression, for the collection API) and evaluates them synchronously
// inside a write (computeValues, handed to DocumentStore by the composition root, since
// storage must not import aql). It reads no collection and writes nothing.
//
// Invariants:
//  1. Every definition of a write sees the same @doc: the document as it will be stored
//     before any computed value (an update's merged document), system attributes included.
//  2. overwrite false keeps an attribute the document already has; keepNull false drops
//     an attribute whose value comes out null.
//  3. An evaluation error, or a warning under failOnWarning, fails the write with that
//     error's number and a message naming the attribute.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { AqlValue } from '../values/index.js';
import { parse } from './parser/index.js';
import { bindParameterNames } from './ast/walk.js';
import type { Query as Ast } from './ast/nodes.js';
import { buildPlan } from './planner/build.js';
import type { PlanNode } from './planner/plan.js';
import { compileExpression } from './executor/expression.js';
import { Runtime } from './executor/runtime.js';
import type { QueryEnv } from './functions/index.js';
import { LazyAbort } from '../util/signals.js';

type Doc = Record<string, unknown>;
export type ComputeOp = 'insert' | 'update' | 'replace';

interface Definition {
  name: string;
  expression: string;
  computeOn: string[];
  overwrite: boolean;
  failOnWarning: boolean;
  keepNull: boolean;
}

/** Functions that read data or server state, or call other code: refused in a definition, as by ArangoDB. */
const FORBIDDEN = new Set([
  'COLLECTIONS', 'CURRENT_DATABASE', 'CURRENT_USER', 'VERSION', 'CALL', 'APPLY', 'DOCUMENT', 'V8', 'SCHEMA_GET', 'SCHEMA_VALIDATE',
  'COLLECTION_COUNT', 'NEAR', 'WITHIN', 'WITHIN_RECTANGLE', 'FULLTEXT', 'TOKENS', 'PREGEL_RESULT', 'SLEEP', 'FAIL',
]);

const badDefinition = (message: string): ArangoError => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/** Every AST node below `x`, depth first. */
function* nodes(x: unknown): Generator<{ type: string; [k: string]: unknown }> {
  if (!x || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) yield* nodes(e);
    return;
  }
  const n = x as { type?: unknown };
  if (typeof n.type === 'string') yield n as { type: string };
  for (const v of Object.values(x)) yield* nodes(v);
}

const parsed = new Map<string, Ast>();
const docUsers = new WeakMap<Ast, boolean>();

function usesDoc(ast: Ast): boolean {
  let v = docUsers.get(ast);
  if (v === undefined) {
    v = bindParameterNames(ast).includes('doc');
    docUsers.set(ast, v);
  }
  return v;
}

/** The expression's AST, parsed once per text. Throws 400/10 for a text ArangoDB refuses. */
function astOf(expression: string): Ast {
  let ast = parsed.get(expression);
  if (ast) return ast;
  try {
    ast = parse(expression);
  } catch (e) {
    throw badDefinition(`invalid computed value expression: ${(e as Error).message}`);
  }
  const st = ast.statements;
  if (st.length !== 1 || st[0]!.type !== 'return' || ast.with.length > 0) throw badDefinition('computed value expression must consist of a single RETURN');
  for (const n of nodes(st[0])) {
    if (n.type === 'subquery') throw badDefinition('computed value expression must not contain subqueries');
    if (n.type === 'bindCollection' || (n.type === 'bind' && n.name !== 'doc')) throw badDefinition('computed value expression may use the bind parameter @doc only');
    if (n.type === 'call' && (FORBIDDEN.has(String(n.name).toUpperCase()) || String(n.name).includes('::'))) {
      throw badDefinition(`computed value expression must not use function '${String(n.name)}'`);
    }
  }
  if (parsed.size > 1000) parsed.clear();
  parsed.set(expression, ast);
  return ast;
}

/**
 * Throws 400/10 unless `expression` is a valid computed value expression: it parses and
 * plans (for @doc {}); it is not run, so RETURN ASSERT(false, ...) is a valid definition.
 */
export function checkComputedExpression(expression: string): void {
  const ast = astOf(expression);
  try {
    planReturn(ast, {}, false, false);
  } catch (e) {
    if (e instanceof ArangoError) throw badDefinition(`invalid computed value expression: ${e.message}`);
    throw e;
  }
}

/** Nothing a computed value may reach: it reads no collection (astOf refused those functions). */
const NO_DATA: QueryEnv = {
  database: '',
  user: '',
  signal: new AbortController().signal,
  document: () => null,
  collectionCount: () => {
    throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  },
  collectionIndexes: () => {
    throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  },
  scanCollection: () => {
    throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  },
  collections: () => [],
  userFunction: () => ({ kind: 'notFound' }),
};

/**
 * The value of the expression's RETURN for `doc`: planned with @doc bound (nothing folded,
 * so RAND() and DATE_NOW() are evaluated for every document). Throws the evaluation's
 * ArangoError, a warning too under failOnWarning.
 */
function planReturn(ast: Ast, doc: Doc, failOnWarning: boolean, run = true): AqlValue {
  const rt = new Runtime({ signal: new LazyAbort(), env: NO_DATA, failOnWarning, maxWarningCount: 10, memoryLimit: 0 });
  const plan = buildPlan(ast, {
    // an expression that does not use @doc must not be given it (1552)
    bindVars: usesDoc(ast) ? { doc } : {},
    collectionExists: () => false,
    evaluateConstant: (e) => compileExpression(e, rt)([]),
    foldConstant: () => undefined,
    fullCount: false,
  });
  const list: PlanNode[] = plan.root.nodes;
  const ret = list[list.length - 1];
  if (!ret || ret.type !== 'ReturnNode') throw badDefinition('computed value expression must consist of a single RETURN');
  const calc = list.find((n) => n.type === 'CalculationNode' && n.outVariable === ret.inVariable);
  if (!calc || calc.type !== 'CalculationNode') throw badDefinition('computed value expression must consist of a single RETURN');
  const compiled = compileExpression(calc.expression, rt);
  return run ? compiled([]) : null;
}

function evaluate(def: Definition, doc: Doc): AqlValue {
  try {
    return planReturn(astOf(def.expression), doc, def.failOnWarning);
  } catch (e) {
    if (!(e instanceof ArangoError)) throw e;
    // the evaluation's own error number and status, its message naming the attribute
    throw ArangoError.withMessage({ errorNum: e.errorNum, status: e.status, message: e.message }, `failed to compute value for attribute '${def.name}': ${e.message}`);
  }
}

/**
 * Applies the collection's computed value definitions (`defs`, its stored computedValues)
 * for an `op` write to `next`, the document about to be stored; `view` is what @doc shows
 * (`next` as the client sees it). Returns `next` itself when nothing applies, else a copy.
 * Throws per invariant 3.
 */
export function computeValues(defs: unknown, op: ComputeOp, next: Doc, view: Doc): Doc {
  if (!Array.isArray(defs)) return next;
  let out = next;
  for (const def of defs as Definition[]) {
    if (!def.computeOn.includes(op)) continue;
    if (!def.overwrite && Object.prototype.hasOwnProperty.call(next, def.name)) continue;
    const value = evaluate(def, view);
    if (out === next) out = { ...next };
    if (value === null && !def.keepNull) delete out[def.name];
    else out[def.name] = value;
  }
  return out;
}

