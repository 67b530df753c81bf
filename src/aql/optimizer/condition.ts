// Condition normalization for index selection, after ArangoDB's Condition class: a FILTER
// condition becomes its disjunctive normal form (an OR of ANDs, negations pushed into the
// comparisons), and each AND is optimized on its own: IN lists deduplicated and merged
// with each other and with comparisons on the same attribute, redundant ranges dropped,
// equal bounds turned into equality, and impossible ANDs (`a > 5 && a < 3`) removed.
// Only FILTER truthiness is preserved (a part stands for "this part is truthy"); nothing
// here evaluates documents or reads storage.
//
// Invariants:
//  1. toDnf(e) holds for a row exactly when e is truthy for it (De Morgan, double negation,
//     and the negation of a comparison, which AQL's total order makes exact).
//  2. optimizeAnd(parts) holds exactly when every part holds; undefined means no row can
//     satisfy them. Only comparisons of a plain attribute path of the loop variable with a
//     literal are merged; everything else passes through unchanged.
import { compare, type AqlValue } from '../../values/index.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { attributePath } from '../planner/ir.js';

/** An OR of ANDs: each inner array is one AND's parts. */
export type Dnf = RExpr[][];

/**
 * Most ANDs a DNF may have. ArangoDB's maxDNFConditionMembers default is far larger; past
 * this one the condition is left unused by indexes (as ArangoDB does past its limit),
 * which bounds the time planning spends on a combinatorial explosion.
 */
export const MAX_DNF_MEMBERS = 4096;

const NEGATE: Partial<Record<string, '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in'>> = {
  '==': '!=',
  '!=': '==',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  in: 'not in',
  'not in': 'in',
};

const SWAP: Partial<Record<string, '<' | '<=' | '>' | '>='>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `!e` with the negation pushed down (negation normal form of e's negation). */
function negated(e: RExpr): RExpr {
  if (e.k === 'logical') return { k: 'logical', op: e.op === '&&' ? '||' : '&&', left: negated(e.left), right: negated(e.right) };
  if (e.k === 'unary' && e.op === '!') return nnf(e.operand);
  if (e.k === 'compare' && NEGATE[e.op]) return normalizeCompare({ ...e, op: NEGATE[e.op]! });
  return { k: 'unary', op: '!', operand: nnf(e) };
}

/**
 * A range comparison with an attribute access on the right and none on the left is
 * turned around (`5 < d.a` -> `d.a > 5`), as ArangoDB's normalizeCompare does.
 */
function normalizeCompare(e: Extract<RExpr, { k: 'compare' }>): RExpr {
  const swapped = SWAP[e.op];
  if (!swapped || e.right.k !== 'attr' || e.left.k === 'attr') return e;
  return { k: 'compare', op: swapped, left: e.right, right: e.left };
}

/** Negation normal form: NOTs only in front of parts that are neither AND, OR nor comparisons. */
function nnf(e: RExpr): RExpr {
  if (e.k === 'logical') return { ...e, left: nnf(e.left), right: nnf(e.right) };
  if (e.k === 'unary' && e.op === '!') return negated(e.operand);
  if (e.k === 'compare') return normalizeCompare(e);
  return e;
}

class TooComplex extends Error {}

/** The ANDs of `a && b`: every AND of a combined with every AND of b (a's vary fastest). */
function product(a: Dnf, b: Dnf, max: number): Dnf {
  if (a.length * b.length > max) throw new TooComplex();
  const out: Dnf = [];
  for (const y of b) for (const x of a) out.push([...x, ...y]);
  return out;
}

function dnfOf(e: RExpr, max: number): Dnf {
  if (e.k === 'logical' && e.op === '||') {
    const out = [...dnfOf(e.left, max), ...dnfOf(e.right, max)];
    if (out.length > max) throw new TooComplex();
    return out;
  }
  if (e.k === 'logical' && e.op === '&&') return product(dnfOf(e.left, max), dnfOf(e.right, max), max);
  return [[e]];
}

/** The DNF of a FILTER condition, or undefined when it would have more than `max` ANDs. */
export function toDnf(e: RExpr, max = MAX_DNF_MEMBERS): Dnf | undefined {
  try {
    return dnfOf(nnf(e), max);
  } catch (err) {
    if (err instanceof TooComplex) return undefined;
    throw err;
  }
}

/** The value of a literal (a constant, or an array literal of them), else undefined. */
export function literalValue(e: RExpr): { value: AqlValue } | undefined {
  if (e.k === 'const') return { value: e.value };
  if (e.k !== 'array') return undefined;
  const items: AqlValue[] = [];
  for (const item of e.items) {
    const v = literalValue(item);
    if (!v) return undefined;
    items.push(v.value);
  }
  return { value: items };
}

type MergeOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

/** A part `path op literal` on the loop variable (sides turned so the attribute is left). */
interface Simple {
  index: number;
  expr: RExpr;
  path: string;
  attr: RExpr;
  op: MergeOp;
  value: AqlValue;
}

function simplePart(e: RExpr, index: number, v: Variable): Simple | undefined {
  if (e.k !== 'compare' || e.op === 'not in') return undefined;
  const leftPath = attributePath(e.left, v);
  const rightLit = literalValue(e.right);
  if (leftPath && rightLit) {
    if (e.op === 'in' && !Array.isArray(rightLit.value)) return undefined;
    return { index, expr: e, path: leftPath, attr: e.left, op: e.op, value: rightLit.value };
  }
  const rightPath = attributePath(e.right, v);
  const leftLit = literalValue(e.left);
  if (rightPath && leftLit && e.op !== 'in') {
    const op = (SWAP[e.op] ?? e.op) as MergeOp;
    return { index, expr: e, path: rightPath, attr: e.right, op, value: leftLit.value };
  }
  return undefined;
}

function holds(x: AqlValue, op: MergeOp, value: AqlValue): boolean {
  const c = compare(x, value);
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case 'in':
      return (value as AqlValue[]).some((y) => compare(x, y) === 0);
  }
}

/** Sorted, without duplicates under AQL equality (ArangoDB's deduplicateArray). */
export function sortedUnique(values: AqlValue[]): AqlValue[] {
  const out: AqlValue[] = [];
  for (const v of [...values].sort(compare)) if (out.length === 0 || compare(out[out.length - 1], v) !== 0) out.push(v);
  return out;
}

const constant = (value: AqlValue): RExpr => ({ k: 'const', value });
const comparison = (op: MergeOp, attr: RExpr, value: AqlValue): RExpr =>
  op === 'in' ? { k: 'compare', op, left: attr, right: { k: 'array', items: (value as AqlValue[]).map(constant) } } : { k: 'compare', op, left: attr, right: constant(value) };

/** A bound of a range: the value and whether it is included. */
interface Bound {
  value: AqlValue;
  inclusive: boolean;
  part: Simple;
}

/** The tighter of two lower (dir 1) or upper (dir -1) bounds. */
function tighter(a: Bound | undefined, b: Bound, dir: 1 | -1): Bound {
  if (!a) return b;
  const c = compare(b.value, a.value) * dir;
  if (c > 0) return b;
  if (c < 0) return a;
  return a.inclusive && !b.inclusive ? b : a;
}

/**
 * The parts on one attribute merged: undefined when they cannot all hold, else the parts
 * that replace them (each original kept where nothing changed).
 */
function mergeAttribute(parts: Simple[]): RExpr[] | undefined {
  const sets = parts.filter((p) => p.op === '==' || p.op === 'in');
  const others = parts.filter((p) => p.op !== '==' && p.op !== 'in');
  if (sets.length > 0) {
    // IN lists and equalities: the values all of them allow, checked against the rest
    let values = sortedUnique(sets[0].op === 'in' ? (sets[0].value as AqlValue[]) : [sets[0].value]);
    for (const s of sets.slice(1)) values = values.filter((x) => holds(x, s.op, s.value));
    values = values.filter((x) => others.every((o) => holds(x, o.op, o.value)));
    if (values.length === 0) return undefined;
    // ArangoDB merges into the IN (`a IN [1, 2] && a == 1` is `a IN [1]`); equalities alone stay one
    const first = sets.find((s) => s.op === 'in');
    if (!first) return [sets[0].expr];
    return [comparison('in', first.attr, values)];
  }
  let low: Bound | undefined;
  let high: Bound | undefined;
  for (const p of others) {
    if (p.op === '>' || p.op === '>=') low = tighter(low, { value: p.value, inclusive: p.op === '>=', part: p }, 1);
    if (p.op === '<' || p.op === '<=') high = tighter(high, { value: p.value, inclusive: p.op === '<=', part: p }, -1);
  }
  if (low && high) {
    const c = compare(low.value, high.value);
    if (c > 0 || (c === 0 && !(low.inclusive && high.inclusive))) return undefined;
    if (c === 0) {
      const eq = low.value;
      if (others.some((o) => o.op === '!=' && compare(o.value, eq) === 0)) return undefined;
      return [comparison('==', low.part.attr, eq)];
    }
  }
  const inside = (x: AqlValue): boolean =>
    (!low || holds(x, low.inclusive ? '>=' : '>', low.value)) && (!high || holds(x, high.inclusive ? '<=' : '<', high.value));
  // a != outside the range says nothing more; duplicates of a != say it once
  const seen: AqlValue[] = [];
  const ne = others.filter((o) => {
    if (o.op !== '!=' || !inside(o.value) || seen.some((s) => compare(s, o.value) === 0)) return false;
    seen.push(o.value);
    return true;
  });
  const kept = new Set<Simple>([...(low ? [low.part] : []), ...(high ? [high.part] : []), ...ne]);
  return parts.filter((p) => kept.has(p)).map((p) => p.expr);
}

/**
 * One AND of a DNF optimized (invariant 2): parts on the same attribute of `v` compared
 * with literals are merged; undefined when the AND can never hold. Parts keep their first
 * position; the merged part of an attribute takes the place of its first part.
 */
export function optimizeAnd(parts: RExpr[], v: Variable): RExpr[] | undefined {
  const simple = parts.map((p, i) => simplePart(p, i, v));
  const byPath = new Map<string, Simple[]>();
  for (const s of simple) {
    if (!s || s.path.includes('[*]')) continue;
    const list = byPath.get(s.path) ?? [];
    list.push(s);
    byPath.set(s.path, list);
  }
  const replaced = new Map<number, RExpr[]>();
  for (const list of byPath.values()) {
    if (list.length === 1) {
      // alone on its attribute: only an IN list changes (sorted, without duplicates)
      const [s] = list;
      if (s.op === 'in') replaced.set(s.index, [comparison('in', s.attr, sortedUnique(s.value as AqlValue[]))]);
      continue;
    }
    const merged = mergeAttribute(list);
    if (!merged) return undefined;
    list.forEach((s, k) => replaced.set(s.index, k === 0 ? merged : []));
  }
  return parts.flatMap((p, i) => replaced.get(i) ?? [p]);
}

/** The DNF of `e` with each AND optimized and the impossible ones removed; undefined when too complex. */
export function normalizeCondition(e: RExpr, v: Variable, max = MAX_DNF_MEMBERS): Dnf | undefined {
  const dnf = toDnf(e, max);
  if (!dnf) return undefined;
  return dnf.flatMap((and) => {
    const o = optimizeAnd(and, v);
    return o ? [o] : [];
  });
}
