// Index rules: use-indexes normalizes the FILTERs after a collection loop into DNF
// (condition.ts) and turns the loop into an IndexNode when every AND of it compares
// attributes with values known before the loop (or looks a value up in `d.x[*]`) in a way
// an index serves: one lookup per AND, or a NoResultsNode when no AND can hold;
// remove-filter-covered-by-index drops the FILTER parts the index guarantees;
// use-index-for-sort drops a SORT a persistent index's order already gives. Index readers check every condition on each document
// (storage/index-reader.ts), so choosing an index never changes which rows come back.
import type { IndexRecord } from '../../storage/catalog.js';
import type { IndexOp } from '../../storage/index-reader.js';
import { compare, type AqlValue } from '../../values/index.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { attributePath, isConstant, variablesUsed } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, IndexBranch, IndexNode, Plan, QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { ArangoError } from '../../errors/arango-error.js';
import { ERR } from '../../errors/registry.js';
import { literalValue, normalizeCondition, sortedUnique } from './condition.js';
import { nextNodeId } from './rules-basic.js';
import { definesOf, isDeterministic, isPure, pipelines, usesOf } from './vars.js';
import { isMdi, mdiUsage } from './rules-mdi.js';

interface Conjunct {
  path: string;
  op: IndexOp;
  value: RExpr;
  expr: RExpr;
}

const FLIP: Record<string, IndexOp> = { '==': '==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };


/**
 * `d.a.b[*]` -> "a.b[*]", `d.a[*].c.d` -> "a[*].c.d": a plain one-level expansion (no
 * filter, limit, further star or quantifier) of an attribute path on `v`, as an index field.
 */
export function expansionPath(e: RExpr, v: Variable): string | undefined {
  if (e.k !== 'expand' || e.levels !== 0 || e.filter || e.offset || e.count || e.bool) return undefined;
  const base = attributePath(e.obj, v);
  if (!base) return undefined;
  if (!e.projection || (e.projection.k === 'var' && e.projection.v.id === e.v.id)) return `${base}[*]`;
  const rest = attributePath(e.projection, e.v);
  return rest ? `${base}[*].${rest}` : undefined;
}

/** `d.tags` -> "tags[*]": the array index field that `value IN d.tags` can look up. */
function plainArrayPath(e: RExpr, v: Variable): string | undefined {
  const path = attributePath(e, v);
  return path === undefined ? undefined : `${path}[*]`;
}

/** The comparison `NOT (a op b)` is (AQL's order is total), for the operators that have one. */
const NEGATED: Partial<Record<string, '==' | '!=' | '<' | '<=' | '>' | '>='>> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

function matchConjunct(c: RExpr, v: Variable, usable: (e: RExpr) => boolean): Conjunct | undefined {
  // NOT (a != b) is a == b, NOT (a < b) is a >= b (ArangoDB pushes a NOT into the comparison)
  if (c.k === 'unary' && c.op === '!' && c.operand.k === 'compare') {
    const op = NEGATED[c.operand.op];
    const m = op && matchConjunct({ ...c.operand, op }, v, usable);
    return m ? { ...m, expr: c } : undefined;
  }
  if (c.k !== 'compare') return undefined;
  // `x != null` is `x > null` in AQL's order (null is the smallest value): a range an
  // index can read, and one that makes a sparse index usable (as in ArangoDB).
  if (c.op === '!=') {
    const nullConst = (e: RExpr): boolean => e.k === 'const' && e.value === null;
    const path = nullConst(c.right) ? attributePath(c.left, v) : nullConst(c.left) ? attributePath(c.right, v) : undefined;
    return path ? { path, op: '>', value: { k: 'const', value: null }, expr: c } : undefined;
  }
  if (c.op === 'in') {
    // `value IN d.tags[*]` and `value IN d.tags`: an equality lookup in an array index on
    // `tags[*]` (ArangoDB's SortedIndexAttributeMatcher takes both; the two forms mean the
    // same, as d.tags[*] of a value that is no array is []). Not `ANY ==`.
    const star = expansionPath(c.right, v) ?? plainArrayPath(c.right, v);
    if (star) return usable(c.left) ? { path: star, op: '==', value: c.left, expr: c } : undefined;
    const path = attributePath(c.left, v);
    return path && usable(c.right) ? { path, op: 'in', value: c.right, expr: c } : undefined;
  }
  const op = FLIP[c.op];
  if (!op) return undefined;
  const left = attributePath(c.left, v);
  if (left && usable(c.right)) return { path: left, op: c.op as IndexOp, value: c.right, expr: c };
  const right = attributePath(c.right, v);
  if (right && usable(c.left)) return { path: right, op, value: c.left, expr: c };
  return undefined;
}

function calculationIn(p: Plan, v: Variable): CalculationNode | undefined {
  return p.nodes.find((n): n is CalculationNode => n.type === 'CalculationNode' && n.outVariable === v);
}

const isEq = (c: Conjunct): boolean => c.op === '==' || c.op === 'in';

/** The value of a literal (a constant, or an array literal of them), else undefined. */
function literal(e: RExpr): { value: unknown } | undefined {
  if (e.k === 'const') return { value: e.value };
  if (e.k !== 'array') return undefined;
  const items: unknown[] = [];
  for (const item of e.items) {
    const v = literal(item);
    if (!v) return undefined;
    items.push(v.value);
  }
  return { value: items };
}

/** True when the field's conditions rule out null (a sparse index lacks those documents). */
function excludesNull(conds: Conjunct[]): boolean {
  return conds.some((c) => {
    if (c.op === '>') return true;
    const lit = isConstant(c.value) ? literal(c.value) : undefined;
    if (!lit) return false;
    const v = lit.value;
    if (c.op === '==' || c.op === '>=') return v !== null;
    if (c.op === 'in') return Array.isArray(v) && !v.includes(null);
    return false;
  });
}

interface Usage {
  index: IndexRecord;
  fields: Conjunct[][];
  score: number;
  /** The conjuncts the index answers completely, when not all of `fields` (mdi: not the strict bounds). */
  covered?: Conjunct[];
}

function usage(ix: IndexRecord, all: Conjunct[]): Usage | undefined {
  const on = (path: string, pred: (c: Conjunct) => boolean = () => true): Conjunct[] => all.filter((c) => c.path === path && pred(c));
  if (ix.type === 'primary') {
    const key = on('_key');
    const id = on('_id');
    if (key.some(isEq) || id.some(isEq)) return { index: ix, fields: [key, id], score: 100 };
    // a range on _key or _id reads the primary index's keys in order and fetches only the
    // documents inside it (below any persistent index with an equality)
    if (key.length > 0 || id.length > 0) return { index: ix, fields: [key, id], score: 10 };
    return undefined;
  }
  if (ix.type === 'edge') {
    const from = on('_from', isEq);
    const to = on('_to', isEq);
    if (from.length === 0 && to.length === 0) return undefined;
    return { index: ix, fields: [from, to], score: 50 + (from.length > 0 && to.length > 0 ? 1 : 0) };
  }
  // mdi indexes: their own branch (rules-mdi.ts); geo ones have the geo-index-optimizer
  // rule (rules-geo.ts); fulltext ones serve FULLTEXT() only
  if (isMdi(ix)) {
    const m = mdiUsage(ix, all, excludesNull);
    return m && { index: ix, ...m };
  }
  if (ix.type !== 'persistent' && ix.type !== 'ttl') return undefined;
  // a TTL index holds timestamps derived from the values, not the values (never used by queries)
  if (ix.type === 'ttl' || ix.building) return undefined;
  const fields: Conjunct[][] = [];
  let eq = 0;
  let range = false;
  for (const f of ix.fields) {
    // an array field takes one condition (as ArangoDB's index matcher; the others stay in
    // the FILTER: `'a' IN d.z[*] && 'b' IN d.z[*]` reads the entries of 'a')
    const conds = f.includes('[*]') ? on(f).slice(0, 1) : on(f);
    if (conds.some(isEq)) {
      fields.push(conds);
      eq++;
      continue;
    }
    if (conds.length > 0) {
      fields.push(conds);
      range = true;
    }
    break;
  }
  if (fields.length === 0) return undefined;
  if (ix.sparse && (fields.length < ix.fields.length || !fields.every(excludesNull))) return undefined;
  const score = ix.unique && eq === ix.fields.length ? 90 : 20 + eq * 5 + (range ? 2 : 0);
  return { index: ix, fields, score };
}

/**
 * The FILTERs that follow loop `i` until a node other than a calculation, SORT, FILTER or
 * inner loop (ArangoDB's ConditionFinder looks past inner loops too: a FILTER on `d` after
 * `FOR w IN 1..10` restricts d's documents just the same).
 */
interface LoopFilter {
  id: number;
  calc: CalculationNode;
  expr: RExpr;
}

const INNER_LOOPS = new Set(['EnumerateListNode', 'EnumerateCollectionNode', 'IndexNode', 'SubqueryNode']);

function loopFilters(p: Plan, i: number): LoopFilter[] {
  const out: LoopFilter[] = [];
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode' || n.type === 'SortNode' || INNER_LOOPS.has(n.type)) continue;
    if (n.type !== 'FilterNode') break;
    const calc = calculationIn(p, n.inVariable);
    if (calc) out.push({ id: n.id, calc, expr: inlined(p, i, calc.expression, 8) });
  }
  return out;
}

/**
 * `e` with the variables of the pure calculations after loop `i` replaced by their
 * expressions (ArangoDB's ConditionFinder does so: `LET c = d.a == 1 FILTER c || ...` and
 * aliases such as `LET x = d.x FILTER x == 3` are conditions on d), up to `depth` levels.
 * (Pure: evaluating it again can neither fail, warn nor differ.)
 */
function inlined(p: Plan, i: number, e: RExpr, depth: number): RExpr {
  if (depth === 0) return e;
  const again = (x: RExpr): RExpr => inlined(p, i, x, depth);
  if (e.k === 'var') {
    const at = p.nodes.findIndex((n) => n.type === 'CalculationNode' && n.outVariable === e.v);
    const calc = at > i ? (p.nodes[at] as CalculationNode) : undefined;
    return calc && isPure(calc.expression) ? inlined(p, i, calc.expression, depth - 1) : e;
  }
  if (e.k === 'logical' || e.k === 'compare') return { ...e, left: again(e.left), right: again(e.right) };
  if (e.k === 'unary' && e.op === '!') return { ...e, operand: again(e.operand) };
  if (e.k === 'attr') return { ...e, obj: again(e.obj) };
  return e;
}

/** The index-usable parts of one AND of a DNF. */
function matchAnd(parts: RExpr[], v: Variable, usable: (e: RExpr) => boolean): Conjunct[] {
  return parts.flatMap((c) => {
    const m = matchConjunct(c, v, usable);
    return m ? [m] : [];
  });
}

/** A key under which two expressions are equal when they are the same expression. */
function exprKey(e: RExpr): string {
  return JSON.stringify(e, (k, x: unknown) => {
    if (k === 'def') return undefined;
    if (k === 'v' && x && typeof x === 'object' && 'reg' in x) return `$${(x as Variable).id}`;
    return x;
  });
}

/**
 * Whether the index's conditions on a path (`used`, all holding for every document the
 * index returns) guarantee `c` (ArangoDB's Condition::canRemove): the same condition, or
 * literal bounds and values inside `c`'s.
 */
function guaranteed(c: Conjunct, used: Conjunct[]): boolean {
  const same = used.filter((u) => u.path === c.path);
  if (same.some((u) => u.op === c.op && exprKey(u.value) === exprKey(c.value))) return true;
  if (c.path.includes('[*]')) return false;
  const want = literalValue(c.value);
  const lits = same.map((u) => ({ op: u.op, lit: literalValue(u.value) }));
  if (!want || lits.length === 0 || lits.some((u) => !u.lit)) return false;
  const conds = lits.map((u) => ({ op: u.op, value: u.lit!.value }));
  const test = (x: AqlValue, op: IndexOp, value: AqlValue): boolean => {
    const r = compare(x, value);
    if (op === 'in') return Array.isArray(value) && value.some((y) => compare(x, y) === 0);
    return op === '==' ? r === 0 : op === '<' ? r < 0 : op === '<=' ? r <= 0 : op === '>' ? r > 0 : r >= 0;
  };
  const set = conds.find((u) => u.op === '==' || u.op === 'in');
  if (set) {
    // finitely many values pass: each must pass `c`
    const values = (set.op === 'in' ? (Array.isArray(set.value) ? set.value : []) : [set.value]).filter((x) => conds.every((u) => test(x, u.op, u.value)));
    return values.every((x) => test(x, c.op, want.value));
  }
  if (c.op === '==' || c.op === 'in') return false;
  // ranges: the index's bound on c's side must be at least as tight
  const lower = c.op === '>' || c.op === '>=';
  return conds.some((u) => {
    if (lower ? u.op !== '>' && u.op !== '>=' : u.op !== '<' && u.op !== '<=') return false;
    const r = compare(u.value, want.value) * (lower ? 1 : -1);
    return r > 0 || (r === 0 && (c.op === '>=' || c.op === '<=' || u.op === '>' || u.op === '<'));
  });
}

/** How many nodes of the query read `v`. */
function readers(q: QueryPlan, v: Variable): number {
  let n = 0;
  for (const p of pipelines(q.root)) for (const node of p.nodes) if (usesOf(node).includes(v)) n++;
  return n;
}

/**
 * remove-filter-covered-by-index, decided when the index is chosen (ArangoDB's rule, for an
 * IndexNode with one index): a FILTER whose normalized condition is one AND loses the
 * parts the index guarantees; it goes when none is left (`covers`), else its condition
 * becomes the rest (`residual`, when nothing else reads the FILTER's variable). A sparse
 * index on exactly that attribute guarantees `!= null` and `> null`.
 */
function coverage(q: QueryPlan, filters: LoopFilter[], u: Usage, v: Variable, usable: (e: RExpr) => boolean): Pick<IndexNode, 'covers' | 'residual'> {
  // an mdi index answers its strict bounds only as closed ones: those stay in the FILTER
  const used = u.covered ?? u.fields.flat();
  const covers: number[] = [];
  const residual: { filter: number; expression: RExpr }[] = [];
  for (const f of filters) {
    const dnf = normalizeCondition(f.expr, v);
    if (!dnf || dnf.length !== 1) continue;
    const rest = dnf[0].filter((part) => {
      const m = matchConjunct(part, v, usable);
      if (!m) return true;
      if (u.index.sparse && u.index.fields.length === 1 && u.index.fields[0] === m.path && m.op === '>' && m.value.k === 'const' && m.value.value === null) return false;
      return !guaranteed(m, used);
    });
    if (rest.length === 0) covers.push(f.id);
    else if (rest.length < dnf[0].length && readers(q, f.calc.outVariable) === 1) {
      residual.push({ filter: f.id, expression: rest.reduce((a, b) => ({ k: 'logical', op: '&&', left: a, right: b })) });
    }
  }
  return residual.length > 0 ? { covers, residual } : { covers };
}

function indexNode(loop: EnumerateCollectionNode, u: Usage, covered: Pick<IndexNode, 'covers' | 'residual'>): IndexNode {
  return {
    type: 'IndexNode',
    id: loop.id,
    collection: loop.collection,
    outVariable: loop.outVariable,
    index: u.index,
    conditions: u.fields.map((f) => f.map((c) => ({ op: c.op, value: c.value }))),
    condition: u.fields.flat().map((c) => c.expr),
    ...covered,
    ascending: true,
    ...(isMdi(u.index) && loop.lookahead !== undefined ? { lookahead: loop.lookahead } : {}),
  };
}

/** The usable index that serves `conjuncts` best (the most selective of equal shapes), if any. */
function bestUsage(indexes: IndexRecord[], all: Conjunct[], ctx: OptimizerContext): Usage | undefined {
  let best: Usage | undefined;
  for (const ix of indexes) {
    const u = usage(ix, all);
    if (u && ix.type === 'persistent') u.score += ctx.selectivity(ix);
    if (u && (!best || u.score > best.score)) best = u;
  }
  return best;
}

/**
 * The index for one AND (ArangoDB's findIndexHandleForAndNode): the first hinted index
 * that serves it, else the best one. `failForced`: a forced hint none of whose indexes
 * serves it fails the query (1572).
 */
function andUsage(loop: EnumerateCollectionNode, all: Conjunct[], ctx: OptimizerContext, failForced: boolean): Usage | undefined {
  const indexes = ctx.indexes(loop.collection);
  const hint = loop.indexHint;
  if (hint && all.length > 0) {
    const hinted = hint.names.map((name) => indexes.find((x) => x.name === name)).find((x) => x !== undefined && bestUsage([x], all, ctx) !== undefined);
    if (hinted) return bestUsage([hinted], all, ctx);
    if (hint.forced && failForced) throw forcedHintUnusable(hint);
  }
  return bestUsage(indexes, all, ctx);
}

/** The lower bound of a one-condition lookup, for ordering the lookups of an OR. */
function lowerBound(c: Conjunct): { value: AqlValue; inclusive: boolean } | undefined {
  const lit = literalValue(c.value);
  if (!lit) return undefined;
  if (c.op === '==' || c.op === '>=' || c.op === '>') return { value: lit.value, inclusive: c.op !== '>' };
  if (c.op === 'in' && Array.isArray(lit.value) && lit.value.length > 0) return { value: sortedUnique(lit.value)[0], inclusive: true };
  return undefined;
}

/**
 * ArangoDB's sortOrs: when every lookup of an OR is one condition with a literal on the
 * same attribute, the IN lists merge into the first of them, and the lookups are ordered
 * by their lower bounds. Other ORs keep the order of their DNF.
 */
function sortOrs(usages: Usage[]): Usage[] {
  const single = usages.map((u) => u.fields.flat());
  if (usages.length < 2 || single.some((s) => s.length !== 1 || !literalValue(s[0].value))) return usages;
  const path = single[0][0].path;
  if (single.some((s) => s[0].path !== path || s[0].path.includes('[*]'))) return usages;
  let out = usages.map((u, i) => ({ u, c: single[i][0] }));
  const ins = out.filter((x) => x.c.op === 'in');
  if (ins.length > 1) {
    const values = sortedUnique(ins.flatMap((x) => literalValue(x.c.value)!.value as AqlValue[]));
    const array: RExpr = { k: 'array', items: values.map((value) => ({ k: 'const', value })) };
    const merged: Conjunct = { ...ins[0].c, value: array, expr: { k: 'compare', op: 'in', left: (ins[0].c.expr as Extract<RExpr, { k: 'compare' }>).left, right: array } };
    ins[0].u = { ...ins[0].u, fields: ins[0].u.fields.map((f) => (f.length > 0 ? [merged] : f)) };
    ins[0].c = merged;
    out = out.filter((x) => x.c.op !== 'in' || x === ins[0]);
  }
  const bounds = new Map(out.map((x) => [x, lowerBound(x.c)]));
  out.sort((a, b) => {
    const la = bounds.get(a);
    const lb = bounds.get(b);
    if (!la || !lb) return la ? 1 : lb ? -1 : 0;
    return compare(la.value, lb.value) || (la.inclusive === lb.inclusive ? 0 : la.inclusive ? -1 : 1);
  });
  return out.map((x) => x.u);
}

function branchOf(u: Usage): IndexBranch {
  return { index: u.index, conditions: u.fields.map((f) => f.map((c) => ({ op: c.op, value: c.value }))), condition: u.fields.flat().map((c) => c.expr) };
}

/** 1572: FOR ... OPTIONS { forceIndexHint: true } whose hinted indexes cannot serve the loop. */
export function forcedHintUnusable(hint: { names: string[]; forced: boolean }): ArangoError {
  const text = JSON.stringify({ forced: hint.forced, lookahead: 1, type: 'simple', hint: hint.names });
  return ArangoError.withMessage(ERR.ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE, `could not use index hint to serve query; ${text}`);
}

/**
 * The node replacing loop `i` (ArangoDB's ConditionFinder): the loop's FILTERs AND-ed and
 * normalized into DNF; no AND left -> NoResultsNode after the loop; one AND -> an
 * IndexNode on its best index (covered FILTERs noted); several -> one lookup per AND,
 * each with an index (else the loop stays a scan), the FILTERs kept (as ArangoDB keeps
 * them for an IndexNode with several indexes). Undefined: nothing to do.
 */
function replacementFor(q: QueryPlan, p: Plan, i: number, ctx: OptimizerContext): { index: IndexNode } | { empty: true } | undefined {
  const loop = p.nodes[i] as EnumerateCollectionNode;
  const filters = loopFilters(p, i);
  if (filters.length === 0) return undefined;
  const later = new Set<Variable>();
  for (const n of p.nodes.slice(i)) for (const v of definesOf(n)) later.add(v);
  const usable = (e: RExpr): boolean => isDeterministic(e) && [...variablesUsed(e)].every((v) => !later.has(v));
  const whole = filters.map((f) => f.expr).reduce((a, b) => ({ k: 'logical', op: '&&', left: a, right: b }));
  const dnf = normalizeCondition(whole, loop.outVariable);
  if (!dnf) return undefined;
  if (dnf.length === 0) return { empty: true };
  const ands = dnf.map((parts) => matchAnd(parts, loop.outVariable, usable));
  if (ands.length === 1) {
    const u = andUsage(loop, ands[0], ctx, true);
    return u ? { index: indexNode(loop, u, coverage(q, filters, u, loop.outVariable, usable)) } : undefined;
  }
  const usages: Usage[] = [];
  for (let k = 0; k < ands.length; k++) {
    const u = andUsage(loop, ands[k], ctx, k === ands.length - 1 && usages.length === 0);
    if (u) usages.push(u);
  }
  if (usages.length !== ands.length) return undefined;
  const branches = sortOrs(usages).map(branchOf);
  if (branches.length === 1) return { index: { ...indexNode(loop, usages[0], { covers: [] }), ...branches[0] } };
  return { index: { ...indexNode(loop, usages[0], { covers: [] }), ...branches[0], branches } };
}

/** use-indexes. */
export function useIndexes(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const loop = p.nodes[i];
      if (loop.type !== 'EnumerateCollectionNode' || loop.random || loop.disableIndex) continue;
      const r = replacementFor(q, p, i, ctx);
      if (!r) continue;
      if ('empty' in r) p.nodes.splice(i + 1, 0, { type: 'NoResultsNode', id: nextNodeId(q) });
      else p.nodes[i] = r.index;
      changed = true;
    }
  }
  return changed;
}

/** remove-filter-covered-by-index. */
export function removeFilterCoveredByIndex(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    const covered = new Set<number>();
    const rewritten = new Map<number, RExpr>();
    p.nodes = p.nodes.map((n) => {
      if (n.type !== 'IndexNode' || (n.covers.length === 0 && !n.residual)) return n;
      n.covers.forEach((id) => covered.add(id));
      n.residual?.forEach((r) => rewritten.set(r.filter, r.expression));
      const { residual: _, ...rest } = n;
      return { ...rest, covers: [] };
    });
    for (const n of p.nodes) {
      if (n.type !== 'FilterNode' || !rewritten.has(n.id)) continue;
      const calc = calculationIn(p, n.inVariable);
      if (!calc) continue;
      // (a new node: plans the optimizer keeps may share the old one)
      p.nodes[p.nodes.indexOf(calc)] = { ...calc, expression: rewritten.get(n.id)! };
      changed = true;
    }
    const before = p.nodes.length;
    p.nodes = p.nodes.filter((n) => n.type !== 'FilterNode' || !covered.has(n.id));
    if (p.nodes.length !== before) changed = true;
  }
  return changed;
}


/** The attribute paths a SORT orders by, if all are paths on `v` in one direction. */
function sortPaths(p: Plan, elements: { variable: Variable; ascending: boolean }[], v: Variable): { paths: string[]; ascending: boolean } | undefined {
  const paths: string[] = [];
  for (const e of elements) {
    const calc = calculationIn(p, e.variable);
    const path = calc && attributePath(calc.expression, v);
    if (!path || e.ascending !== elements[0].ascending) return undefined;
    paths.push(path);
  }
  return { paths, ascending: elements[0].ascending };
}

function sortable(ix: IndexRecord): boolean {
  return ix.type === 'persistent' && !ix.building && !ix.sparse && !ix.fields.some((f) => f.includes('[*]'));
}

/** The index order usable for `paths` after the fields fixed by equality, if any. */
function orderOn(n: IndexNode, paths: string[]): { from: number; count: number } | undefined {
  if (n.branches || n.sort) return undefined;
  // a range on _key (no lookup by value) reads the primary index in key order; a lookup
  // of _key values reads them in AQL order (the IN list sorted), as SORT d._key orders
  if (n.index.type === 'primary') {
    const [byKey, byId] = n.conditions;
    const lookup = (f: { op: string }[] | undefined): boolean => f?.some((c) => c.op === '==' || c.op === 'in') ?? false;
    const fits = !lookup(byId) && (lookup(byKey) ? byId.length === 0 : true);
    return fits && paths.length === 1 && paths[0] === '_key' ? { from: 0, count: 1 } : undefined;
  }
  if (!sortable(n.index)) return undefined;
  let from = 0;
  while (from < n.conditions.length && n.conditions[from].some((c) => c.op === '==')) from++;
  if (n.conditions[from]?.some((c) => c.op === 'in')) return undefined;
  const fixed = new Set(n.index.fields.slice(0, from));
  let pos = from;
  for (const path of paths) {
    if (fixed.has(path)) continue;
    if (n.index.fields[pos] !== path) return undefined;
    pos++;
  }
  return { from, count: pos - from };
}

/** True when the index lookup fixes each path to one value (`==` on that index field). */
function fixedByEquality(n: IndexNode, paths: string[]): boolean {
  if (n.branches || n.geo || n.search || paths.length === 0) return false;
  return paths.every((path) => {
    const k = n.index.fields.indexOf(path);
    return k >= 0 && (n.conditions[k] ?? []).some((c) => c.op === '==');
  });
}

/** use-index-for-sort. */
export function useIndexForSort(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let si = 1; si < p.nodes.length; si++) {
      const sort = p.nodes[si];
      if (sort.type !== 'SortNode') continue;
      let j = si - 1;
      // (a subquery computes a value per row: it keeps the rows and their order)
      while (j > 0 && (p.nodes[j].type === 'CalculationNode' || p.nodes[j].type === 'FilterNode' || p.nodes[j].type === 'SubqueryNode')) j--;
      const src = p.nodes[j];
      if (src.type !== 'IndexNode' && src.type !== 'EnumerateCollectionNode') continue;
      const s = sortPaths(p, sort.elements, src.outVariable);
      if (!s) continue;
      let replacement: IndexNode | undefined;
      if (src.type === 'IndexNode' && fixedByEquality(src, s.paths)) {
        // every sort attribute has one value in all the rows (an edge index lookup by
        // `_from == x` sorted by `_from`): there is nothing to sort
        p.nodes.splice(si, 1);
        si--;
        changed = true;
        continue;
      }
      if (src.type === 'IndexNode') {
        const order = orderOn(src, s.paths);
        if (order) replacement = { ...src, sort: order, ascending: s.ascending };
      } else if (!src.random && !src.disableIndex) {
        // the primary index is sorted too (ArangoDB's RocksDBPrimaryIndex: keys in byte
        // order), so SORT d._key reads it instead of sorting (and gives byte order)
        const fits = (x: IndexRecord): boolean =>
          x.type === 'primary' ? s.paths.length === 1 && s.paths[0] === '_key' : sortable(x) && s.paths.every((path, k) => x.fields[k] === path);
        const all = ctx.indexes(src.collection);
        const hint = src.indexHint;
        const hinted = hint?.names.map((name) => all.find((x) => x.name === name && fits(x))).find((x) => x !== undefined);
        if (hint?.forced && !hinted) throw forcedHintUnusable(hint);
        const ix = hinted ?? all.find(fits);
        if (ix) {
          replacement = {
            type: 'IndexNode',
            id: src.id,
            collection: src.collection,
            outVariable: src.outVariable,
            index: ix,
            conditions: ix.fields.map(() => []),
            condition: null,
            covers: [],
            sort: { from: 0, count: s.paths.length },
            ascending: s.ascending,
          };
        }
      }
      if (!replacement) continue;
      p.nodes[j] = replacement;
      p.nodes.splice(si, 1);
      si--;
      changed = true;
    }
  }
  return changed;
}

/**
 * push-limit-into-index: FOR over an IndexNode whose only condition is an IN list on the
 * first field, SORT on the following fields (one direction), LIMIT, no outer loop and no
 * filter left: each IN value's lookup reads at most offset + limit documents in index
 * order; the SORT then orders their union.
 */
export function pushLimitIntoIndex(q: QueryPlan): boolean {
  const p = q.root;
  const i = p.nodes.findIndex((n) => n.type === 'IndexNode' || n.type === 'EnumerateCollectionNode' || n.type === 'EnumerateListNode' || n.type === 'SubqueryNode');
  const ix = p.nodes[i];
  if (!ix || ix.type !== 'IndexNode' || ix.branches || ix.index.type !== 'persistent' || ix.sort || ix.limit !== undefined || !sortable(ix.index)) return false;
  const [first, ...rest] = ix.conditions;
  if (!first?.some((c) => c.op === 'in') || first.some((c) => c.op !== 'in') || rest.some((f) => f.length > 0)) return false;
  let j = i + 1;
  while (p.nodes[j]?.type === 'CalculationNode') j++;
  const sort = p.nodes[j];
  if (sort?.type !== 'SortNode') return false;
  let k = j + 1;
  while (p.nodes[k]?.type === 'CalculationNode') k++;
  const limit = p.nodes[k];
  if (limit?.type !== 'LimitNode' || limit.fullCount) return false;
  const s = sortPaths(p, sort.elements, ix.outVariable);
  if (!s || s.paths.length === 0 || !s.paths.every((path, n) => ix.index.fields[n + 1] === path)) return false;
  p.nodes[i] = { ...ix, sort: { from: 1, count: s.paths.length }, ascending: s.ascending, limit: limit.offset + limit.limit };
  return true;
}
