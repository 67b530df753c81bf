// Resolved expressions: what the planner turns the AST's expressions into once names are
// bound to variables, bind parameters are substituted and functions are looked up. The
// executor compiles these into closures; explain prints them in ArangoDB's node format.
import type { AqlValue } from '../../values/index.js';
import type { FunctionDef } from '../functions/index.js';
import type { ArithmeticOp, ComparisonOp, MatchOp, UnaryOp } from '../ast/nodes.js';

/** A query variable. `id` is unique in the query; user variables keep their name. */
export interface Variable {
  readonly id: number;
  readonly name: string;
  /** Register index in a row. */
  readonly reg: number;
}

export type RQuantifier = { kind: 'all' | 'any' | 'none' } | { kind: 'atLeast'; count: RExpr };

/**
 * `arr[? ...]` (an `expand` with `bool`): true when the number of elements passing the
 * filter is within the quantifier's bounds. 'count' and 'atLeast' take `offset` as the
 * number, 'range' takes `offset`..`count` (a boolean expansion has no LIMIT of its own).
 */
export type BooleanExpansion = 'some' | 'all' | 'any' | 'none' | 'atLeast' | 'count' | 'range';

export type RExpr =
  | { k: 'const'; value: AqlValue }
  | { k: 'var'; v: Variable }
  | { k: 'array'; items: RExpr[] }
  | { k: 'object'; members: { key: string | RExpr; value: RExpr }[] }
  | { k: 'attr'; obj: RExpr; name: string }
  | { k: 'index'; obj: RExpr; index: RExpr }
  | { k: 'expand'; obj: RExpr; levels: number; v: Variable; filter?: RExpr; offset?: RExpr; count?: RExpr; projection?: RExpr; bool?: BooleanExpansion }
  | { k: 'unary'; op: UnaryOp; operand: RExpr }
  | { k: 'arith'; op: ArithmeticOp; left: RExpr; right: RExpr }
  | { k: 'compare'; op: ComparisonOp; left: RExpr; right: RExpr }
  | { k: 'match'; op: MatchOp; left: RExpr; right: RExpr }
  | { k: 'logical'; op: '&&' | '||'; left: RExpr; right: RExpr }
  | { k: 'quant'; q: RQuantifier; op: ComparisonOp; left: RExpr; right: RExpr }
  | { k: 'ternary'; cond: RExpr; then: RExpr | null; else: RExpr }
  | { k: 'range'; from: RExpr; to: RExpr }
  | { k: 'call'; name: string; def: FunctionDef; args: RExpr[] };

export type RKind = RExpr['k'];

/**
 * `v.a.b` -> "a.b" when the expression is an attribute path on `v`. A name holding a dot
 * (v.`a.b`) has no such path: it must not be taken for the nested path a.b of an index.
 */
export function attributePath(e: RExpr, v: Variable): string | undefined {
  const parts: string[] = [];
  let x = e;
  while (x.k === 'attr') {
    if (x.name.includes('.')) return undefined;
    parts.unshift(x.name);
    x = x.obj;
  }
  return x.k === 'var' && x.v.id === v.id && parts.length > 0 ? parts.join('.') : undefined;
}

/** Variables an expression reads (expansion-local variables excluded). */
export function variablesUsed(e: RExpr, out: Set<Variable> = new Set()): Set<Variable> {
  collectVariables(e, out, undefined);
  return out;
}

// One recursion without a closure per node, and a set of expansion-local variables only
// under an expansion: the optimizer asks this of every expression in every rule, and the
// sets and closures it made were a third of what planning a small query allocated.
function collectVariables(e: RExpr | null | undefined, out: Set<Variable>, local: Set<Variable> | undefined): void {
  if (!e) return;
  switch (e.k) {
    case 'const':
      return;
    case 'var':
      if (!local?.has(e.v)) out.add(e.v);
      return;
    case 'array':
      for (const x of e.items) collectVariables(x, out, local);
      return;
    case 'object':
      for (const m of e.members) {
        if (typeof m.key !== 'string') collectVariables(m.key, out, local);
        collectVariables(m.value, out, local);
      }
      return;
    case 'expand': {
      collectVariables(e.obj, out, local);
      const inner = new Set(local).add(e.v);
      collectVariables(e.filter, out, inner);
      collectVariables(e.offset, out, inner);
      collectVariables(e.count, out, inner);
      collectVariables(e.projection, out, inner);
      return;
    }
    case 'attr':
      collectVariables(e.obj, out, local);
      return;
    case 'index':
      collectVariables(e.obj, out, local);
      collectVariables(e.index, out, local);
      return;
    case 'unary':
      collectVariables(e.operand, out, local);
      return;
    case 'ternary':
      collectVariables(e.cond, out, local);
      collectVariables(e.then, out, local);
      collectVariables(e.else, out, local);
      return;
    case 'range':
      collectVariables(e.from, out, local);
      collectVariables(e.to, out, local);
      return;
    case 'call':
      for (const x of e.args) collectVariables(x, out, local);
      return;
    case 'quant':
      if (e.q.kind === 'atLeast') collectVariables(e.q.count, out, local);
      collectVariables(e.left, out, local);
      collectVariables(e.right, out, local);
      return;
    default:
      collectVariables(e.left, out, local);
      collectVariables(e.right, out, local);
  }
}

/** True when the expression is deterministic and reads no variables (it can be folded). */
export function isConstant(e: RExpr): boolean {
  switch (e.k) {
    case 'const':
      return true;
    case 'var':
      return false;
    case 'call':
      return e.def.deterministic && !e.def.async && e.args.every(isConstant);
    default:
      // constant children contain no variable at all, so neither does `e` (an expansion's
      // own variable only binds what is inside it)
      return everyChild(e, isConstant);
  }
}

/** True when `test` holds for every direct subexpression of `e`. */
export function everyChild(e: RExpr, test: (c: RExpr) => boolean): boolean {
  switch (e.k) {
    case 'const':
    case 'var':
      return true;
    case 'array':
      return e.items.every(test);
    case 'object':
      return e.members.every((m) => (typeof m.key === 'string' || test(m.key)) && test(m.value));
    case 'expand':
      return test(e.obj) && (!e.filter || test(e.filter)) && (!e.offset || test(e.offset)) && (!e.count || test(e.count)) && (!e.projection || test(e.projection));
    case 'attr':
      return test(e.obj);
    case 'index':
      return test(e.obj) && test(e.index);
    case 'unary':
      return test(e.operand);
    case 'ternary':
      return test(e.cond) && (e.then === null || test(e.then)) && test(e.else);
    case 'range':
      return test(e.from) && test(e.to);
    case 'call':
      return e.args.every(test);
    case 'quant':
      return (e.q.kind !== 'atLeast' || test(e.q.count)) && test(e.left) && test(e.right);
    default:
      return test(e.left) && test(e.right);
  }
}

/**
 * A copy of `e` with `f` applied to each direct subexpression. An expansion's inner parts
 * are passed too (they may read its own variable); absent optional parts stay absent.
 */
export function mapChildren(e: RExpr, f: (c: RExpr) => RExpr): RExpr {
  const g = (c: RExpr): RExpr => f(c);
  switch (e.k) {
    case 'const':
    case 'var':
      return e;
    case 'array':
      return { ...e, items: e.items.map(g) };
    case 'object':
      return { ...e, members: e.members.map((m) => ({ key: typeof m.key === 'string' ? m.key : f(m.key), value: f(m.value) })) };
    case 'expand': {
      const out = { ...e, obj: f(e.obj) };
      if (e.filter) out.filter = f(e.filter);
      if (e.offset) out.offset = f(e.offset);
      if (e.count) out.count = f(e.count);
      if (e.projection) out.projection = f(e.projection);
      return out;
    }
    case 'attr':
      return { ...e, obj: f(e.obj) };
    case 'index':
      return { ...e, obj: f(e.obj), index: f(e.index) };
    case 'unary':
      return { ...e, operand: f(e.operand) };
    case 'ternary':
      return { ...e, cond: f(e.cond), then: e.then === null ? null : f(e.then), else: f(e.else) };
    case 'range':
      return { ...e, from: f(e.from), to: f(e.to) };
    case 'call':
      return { ...e, args: e.args.map(g) };
    case 'quant':
      return { ...e, q: e.q.kind === 'atLeast' ? { kind: 'atLeast', count: f(e.q.count) } : e.q, left: f(e.left), right: f(e.right) };
    default:
      return { ...e, left: f(e.left), right: f(e.right) };
  }
}

/**
 * True when `e` reads `v` only as `v.a.b...` with a first name other than `_id` (the one
 * attribute a stored document lacks), so that `e` gives the same value over a stored
 * document as over its externalized copy. The paths read go into `paths`, if given.
 */
export function readsOnlyStoredAttributes(e: RExpr, v: Variable, paths?: Map<string, string[]>): boolean {
  if (e.k === 'attr') {
    const parts: string[] = [];
    let x: RExpr = e;
    while (x.k === 'attr') {
      parts.unshift(x.name);
      x = x.obj;
    }
    if (x.k === 'var' && x.v === v) {
      if (parts[0] === '_id') return false;
      paths?.set(parts.join('\u0000'), parts);
      return true;
    }
    return readsOnlyStoredAttributes(x, v, paths);
  }
  if (e.k === 'var') return e.v !== v;
  return everyChild(e, (c) => readsOnlyStoredAttributes(c, v, paths));
}
