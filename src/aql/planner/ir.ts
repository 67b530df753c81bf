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

export type RExpr =
  | { k: 'const'; value: AqlValue }
  | { k: 'var'; v: Variable }
  | { k: 'array'; items: RExpr[] }
  | { k: 'object'; members: { key: string | RExpr; value: RExpr }[] }
  | { k: 'attr'; obj: RExpr; name: string }
  | { k: 'index'; obj: RExpr; index: RExpr }
  | { k: 'expand'; obj: RExpr; levels: number; v: Variable; filter?: RExpr; offset?: RExpr; count?: RExpr; projection?: RExpr }
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

/** `v.a.b` -> "a.b" when the expression is an attribute path on `v`. */
export function attributePath(e: RExpr, v: Variable): string | undefined {
  const parts: string[] = [];
  let x = e;
  while (x.k === 'attr') {
    parts.unshift(x.name);
    x = x.obj;
  }
  return x.k === 'var' && x.v.id === v.id && parts.length > 0 ? parts.join('.') : undefined;
}

/** Variables an expression reads (expansion-local variables excluded). */
export function variablesUsed(e: RExpr, out: Set<Variable> = new Set(), local: Set<Variable> = new Set()): Set<Variable> {
  const visit = (x: RExpr | null | undefined): void => {
    if (x) variablesUsed(x, out, local);
  };
  switch (e.k) {
    case 'const':
      break;
    case 'var':
      if (!local.has(e.v)) out.add(e.v);
      break;
    case 'array':
      e.items.forEach(visit);
      break;
    case 'object':
      for (const m of e.members) {
        if (typeof m.key !== 'string') visit(m.key);
        visit(m.value);
      }
      break;
    case 'expand': {
      visit(e.obj);
      const inner = new Set(local).add(e.v);
      for (const x of [e.filter, e.offset, e.count, e.projection]) if (x) variablesUsed(x, out, inner);
      break;
    }
    case 'attr':
      visit(e.obj);
      break;
    case 'index':
      visit(e.obj);
      visit(e.index);
      break;
    case 'unary':
      visit(e.operand);
      break;
    case 'ternary':
      visit(e.cond);
      visit(e.then);
      visit(e.else);
      break;
    case 'range':
      visit(e.from);
      visit(e.to);
      break;
    case 'call':
      e.args.forEach(visit);
      break;
    case 'quant':
      if (e.q.kind === 'atLeast') visit(e.q.count);
      visit(e.left);
      visit(e.right);
      break;
    default:
      visit(e.left);
      visit(e.right);
  }
  return out;
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
      return variablesUsed(e).size === 0 && childrenOf(e).every(isConstant);
  }
}

/** The direct subexpressions of `e`. */
export function childrenOf(e: RExpr): RExpr[] {
  switch (e.k) {
    case 'const':
    case 'var':
      return [];
    case 'array':
      return e.items;
    case 'object':
      return e.members.flatMap((m) => (typeof m.key === 'string' ? [m.value] : [m.key, m.value]));
    case 'expand':
      return [e.obj, e.filter, e.offset, e.count, e.projection].filter((x): x is RExpr => x !== undefined);
    case 'attr':
      return [e.obj];
    case 'index':
      return [e.obj, e.index];
    case 'unary':
      return [e.operand];
    case 'ternary':
      return [e.cond, e.then, e.else].filter((x): x is RExpr => x !== null);
    case 'range':
      return [e.from, e.to];
    case 'call':
      return e.args;
    case 'quant':
      return e.q.kind === 'atLeast' ? [e.q.count, e.left, e.right] : [e.left, e.right];
    default:
      return [e.left, e.right];
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
  return childrenOf(e).every((c) => readsOnlyStoredAttributes(c, v, paths));
}
