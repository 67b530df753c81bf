// Optimizer rules that rearrange or drop nodes without touching indexes: moving
// calculations and filters up, merging and removing calculations, constant filters,
// unused COLLECT outputs, subquery limits, SORT + LIMIT, loop interchange. Each returns
// true when it changed the plan; none changes a query's result rows.
import { toBool } from '../../values/index.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { isConstant, variablesUsed } from '../planner/ir.js';
import { exprJson } from '../planner/explain.js';
import { MODIFICATION_NODE_TYPES, type CalculationNode, type Plan, type PlanNode, type QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { copyPlan, definesOf, isDeterministic, isPure, pipelines, renameVariable, usedVariables, usesOf } from './vars.js';

/** Nodes a calculation or filter may be moved above (they neither change scope nor write). */
const PASSABLE = new Set<PlanNode['type']>(['CalculationNode', 'FilterNode', 'EnumerateCollectionNode', 'EnumerateListNode', 'IndexNode', 'SortNode']);

/** The first position above `i` the node can move to without passing a definition it reads. */
function highestPosition(nodes: PlanNode[], i: number, reads: Variable[], mayPass: (n: PlanNode) => boolean): number {
  let j = i;
  while (j > 1) {
    const above = nodes[j - 1];
    if (!PASSABLE.has(above.type) || !mayPass(above)) break;
    if (definesOf(above).some((v) => reads.includes(v))) break;
    j--;
  }
  return j;
}

function move(nodes: PlanNode[], from: number, to: number): void {
  const [n] = nodes.splice(from, 1);
  nodes.splice(to, 0, n);
}

/**
 * move-calculations-up: a deterministic calculation goes right below what it reads, out of
 * loops, and out of a subquery when it reads nothing the subquery defines.
 */
export function moveCalculationsUp(q: QueryPlan): boolean {
  const state = { changed: false };
  liftCalculations(q.root, false, state);
  return state.changed;
}

/** Moves calculations up in `p` (subqueries first); returns those that may leave `p` entirely. */
function liftCalculations(p: Plan, isSubquery: boolean, state: { changed: boolean }): CalculationNode[] {
  for (let k = 0; k < p.nodes.length; k++) {
    const n = p.nodes[k];
    if (n.type !== 'SubqueryNode') continue;
    const hoisted = liftCalculations(n.subquery, true, state);
    if (hoisted.length === 0) continue;
    p.nodes.splice(k, 0, ...hoisted);
    k += hoisted.length;
    state.changed = true;
  }
  // As ArangoDB: the calculations bottom-up, each as far up as it can go; passing another
  // calculation counts as a change too.
  const calcs = p.nodes.filter((n): n is CalculationNode => n.type === 'CalculationNode').reverse();
  for (const n of calcs) {
    if (n.async || !isDeterministic(n.expression)) continue;
    const i = p.nodes.indexOf(n);
    // Passing a FILTER runs the expression on rows the filter drops: only when it cannot fail.
    // Not past a SORT: the sort would carry the value for nothing (ArangoDB's
    // move-calculations-down puts it back below). Nor past a subquery (as ArangoDB plans it).
    const pure = isPure(n.expression);
    const j = highestPosition(p.nodes, i, usesOf(n), (above) => {
      if (above.type === 'SortNode') return false;
      if (above.type === 'FilterNode') return pure;
      return true;
    });
    if (j < i) {
      move(p.nodes, i, j);
      state.changed = true;
    }
  }
  if (!isSubquery) return [];
  // Calculations at the top of a subquery that read only outer variables run once per outer row.
  const own = new Set(p.nodes.flatMap(definesOf));
  const out: CalculationNode[] = [];
  while (p.nodes.length > 2) {
    const top = p.nodes[1];
    if (top.type !== 'CalculationNode' || top.async || !isDeterministic(top.expression) || usesOf(top).some((v) => own.has(v))) break;
    if (p.nodes.slice(2).every((x) => x.type !== 'EnumerateCollectionNode' && x.type !== 'EnumerateListNode' && x.type !== 'IndexNode')) break;
    out.push(top);
    p.nodes.splice(1, 1);
  }
  return out;
}

/** move-filters-up: a FILTER goes right below the calculation of its condition (out of loops). */
export function moveFiltersUp(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'FilterNode') continue;
      // A condition that is constant once constant variables are substituted stays where it
      // is: remove-unnecessary-filters settles it in place (ArangoDB folds it in the AST).
      const calc = calculationOf(q, n.inVariable);
      if (calc && isConstant(withConstants(calc.expression, q))) continue;
      // As ArangoDB: not past anything non-deterministic (RAND(), SLEEP()); passing a
      // calculation counts. Not past another FILTER (two filters would swap back and forth).
      const j = highestPosition(p.nodes, i, [n.inVariable], (above) => {
        if (above.type === 'FilterNode') return false;
        if (above.type === 'CalculationNode') return !above.async && isDeterministic(above.expression);
        return true;
      });
      if (j < i) {
        move(p.nodes, i, j);
        changed = true;
      }
    }
  }
  return changed;
}

function sameExpression(a: RExpr, b: RExpr): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The expression's JSON with the variables it declares itself (the iterator of each
 * `[*]` expansion, a fresh variable per occurrence) numbered by order of appearance, so
 * that two writings of `v[*].a` compare equal.
 */
export function canonicalJson(e: RExpr): string {
  const local = new Map<unknown, number>();
  const collect = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(collect);
    if (!x || typeof x !== 'object') return;
    const o = x as { type?: unknown; subNodes?: { id?: unknown }[] };
    if (o.type === 'iterator' && o.subNodes?.[0] && !local.has(o.subNodes[0].id)) local.set(o.subNodes[0].id, local.size);
    Object.values(o).forEach(collect);
  };
  const json = exprJson(e);
  collect(json);
  return JSON.stringify(json, function (this: Record<string, unknown>, key, value: unknown) {
    if ((key === 'id' || key === 'name') && local.has(this.id)) return `local:${local.get(this.id)}`;
    return value;
  });
}

/** remove-redundant-calculations: a repeated deterministic expression reuses the first result. */
export function removeRedundantCalculations(q: QueryPlan): boolean {
  let changed = false;
  const kept = new Set<Variable>();
  for (const p of pipelines(q.root)) for (const n of p.nodes) if (n.type === 'CollectNode') for (const v of n.into?.keep ?? []) kept.add(v);
  for (const p of pipelines(q.root)) {
    const seen: CalculationNode[] = [];
    for (const n of p.nodes) {
      if (n.type === 'CollectNode') seen.length = 0; // COLLECT ends the scope of what came before
      if (n.type !== 'CalculationNode' || n.async || n.lazyRange || !isDeterministic(n.expression) || n.expression.k === 'const') continue;
      const first = seen.find((s) => sameExpression(s.expression, n.expression));
      if (first && !kept.has(n.outVariable) && first.outVariable !== n.outVariable) {
        renameVariable(p, n.outVariable, first.outVariable);
        changed = true;
      } else seen.push(n);
    }
  }
  return changed;
}

function calculationOf(q: QueryPlan, v: Variable): CalculationNode | undefined {
  for (const p of pipelines(q.root)) for (const n of p.nodes) if (n.type === 'CalculationNode' && n.outVariable === v) return n;
  return undefined;
}

/** The expression with variables bound to constants (LET a = 1) replaced by their values. */
function withConstants(e: RExpr, q: QueryPlan): RExpr {
  let out = e;
  for (const v of variablesUsed(e)) {
    const calc = calculationOf(q, v);
    if (calc?.expression.k === 'const') out = replaceVariable(out, v, calc.expression);
  }
  return out;
}

function replaceVariable(e: RExpr, v: Variable, value: RExpr): RExpr {
  if (e.k === 'var') return e.v === v ? value : e;
  if (e.k === 'const') return e;
  const out: Record<string, unknown> = { ...e };
  for (const [k, x] of Object.entries(e)) {
    if (x && typeof x === 'object' && 'k' in x) out[k] = replaceVariable(x as RExpr, v, value);
    else if (Array.isArray(x)) out[k] = x.map((y) => (y && typeof y === 'object' && 'k' in y ? replaceVariable(y as RExpr, v, value) : y));
  }
  if (e.k === 'object') out.members = e.members.map((m) => ({ key: typeof m.key === 'string' ? m.key : replaceVariable(m.key, v, value), value: replaceVariable(m.value, v, value) }));
  if (e.k === 'quant' && e.q.kind === 'atLeast') out.q = { kind: 'atLeast', count: replaceVariable(e.q.count, v, value) };
  return out as RExpr;
}

/**
 * remove-unnecessary-filters: a FILTER whose condition is constant once constant variables
 * are substituted disappears (true) or becomes a NoResultsNode (false). Literal constants
 * never reach the optimizer: the plan builder handles them, so the rule does not fire
 * for them (as in ArangoDB 3.12).
 */
export function removeUnnecessaryFilters(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    p.nodes = p.nodes.flatMap((n): PlanNode[] => {
      if (n.type !== 'FilterNode') return [n];
      const calc = calculationOf(q, n.inVariable);
      if (!calc || calc.async || !isDeterministic(calc.expression)) return [n];
      const e = calc.expression.k === 'const' ? calc.expression : withConstants(calc.expression, q);
      if (!isConstant(e)) return [n];
      const value = e.k === 'const' ? e.value : ctx.evaluate(e);
      if (value === undefined) return [n];
      changed = true;
      return toBool(value) ? [] : [{ type: 'NoResultsNode', id: n.id }];
    });
  }
  return changed;
}

/**
 * remove-unnecessary-calculations: calculations nobody reads (and that cannot fail) go,
 * and a deterministic calculation read by exactly one later calculation of the same loop
 * is inlined into it (ArangoDB's removeUnnecessaryCalculationsRule).
 */
export function removeUnnecessaryCalculations(q: QueryPlan): boolean {
  let changed = false;
  for (;;) {
    const used = usedVariables(q);
    const asyncOutputs = new Set<Variable>();
    for (const p of pipelines(q.root)) for (const n of p.nodes) if (n.type === 'CalculationNode' && n.async) asyncOutputs.add(n.outVariable);
    let round = false;
    for (const p of pipelines(q.root)) {
      const before = p.nodes.length;
      // `LET a = SLEEP(1)` is planned as an awaited call and `a = #0`: one calculation in
      // ArangoDB, never removed (it is not deterministic), so `a = #0` stays too
      const keep = (n: CalculationNode): boolean => n.async || used.has(n.outVariable) || !isPure(n.expression) || (n.expression.k === 'var' && asyncOutputs.has(n.expression.v));
      p.nodes = p.nodes.filter((n) => (n.type === 'SubqueryNode' ? used.has(n.outVariable) || !sideEffectFree(n.subquery) : n.type !== 'CalculationNode' || keep(n)));
      for (let i = 0; i < p.nodes.length; i++) if (inlineSingleUse(p, i)) i--;
      if (p.nodes.length !== before) round = true;
    }
    if (!round) return changed;
    changed = true;
  }
}

/** A subquery whose result may go unread: it writes nothing and computes nothing non-deterministic. */
function sideEffectFree(p: Plan): boolean {
  return p.nodes.every((n) => {
    if (MODIFICATION_NODE_TYPES.has(n.type)) return false;
    if (n.type === 'CalculationNode') return !n.async && isDeterministic(n.expression);
    if (n.type === 'SubqueryNode') return sideEffectFree(n.subquery);
    return true;
  });
}

/** Nodes past which a calculation is not inlined: loops (the value would be computed per inner row) and COLLECT. */
const INLINE_BARRIERS: ReadonlySet<PlanNode['type']> = new Set([
  'EnumerateCollectionNode',
  'EnumerateViewNode',
  'EnumerateListNode',
  'IndexNode',
  'EnumerateNearVectorNode',
  'TraversalNode',
  'ShortestPathNode',
  'EnumeratePathsNode',
  'CollectNode',
  'WindowNode',
]);

/**
 * Inlines calculation `p.nodes[i]` into the one later calculation that reads its variable,
 * when no other node reads it, no loop or COLLECT lies between, and the reader names it
 * once (or the value is an attribute access, cheap to repeat: `LET a = i.a RETURN a * a`).
 * Returns true when it removed the node.
 */
function inlineSingleUse(p: Plan, i: number): boolean {
  const n = p.nodes[i];
  if (n.type !== 'CalculationNode' || n.async || n.lazyRange || !isDeterministic(n.expression)) return false;
  const v = n.outVariable;
  if (n.expression.k === 'const') return inlineConstant(p, i, n);
  let reader: CalculationNode | undefined;
  let crossed = false;
  for (let j = i + 1; j < p.nodes.length; j++) {
    const m = p.nodes[j];
    if (usesOf(m).includes(v)) {
      if (m.type !== 'CalculationNode' || m.async || m.lazyRange || reader || crossed) return false;
      reader = m;
    }
    if (INLINE_BARRIERS.has(m.type)) crossed = true;
  }
  // a value read twice is computed twice, unless it is a constant or an attribute access
  if (!reader || (countReferences(reader.expression, v) > 1 && n.expression.k !== 'attr')) return false;
  reader.expression = replaceVariable(reader.expression, v, n.expression);
  p.nodes.splice(i, 1);
  return true;
}

/**
 * A constant costs nothing to repeat, in a loop or not: when only calculations of this
 * pipeline read it, each gets the value itself (`LET v = 3 FOR j IN 1..9 FILTER j == v
 * RETURN [j, v]`).
 */
function inlineConstant(p: Plan, i: number, n: CalculationNode): boolean {
  const v = n.outVariable;
  const readers = p.nodes.slice(i + 1).filter((m) => usesOf(m).includes(v));
  if (readers.length === 0 || !readers.every((m) => m.type === 'CalculationNode' && !m.async && !m.lazyRange)) return false;
  for (const m of readers) (m as CalculationNode).expression = replaceVariable((m as CalculationNode).expression, v, n.expression);
  p.nodes.splice(i, 1);
  return true;
}

/** How many times `e` names `v` (object members and quantifier bounds included). */
function countReferences(e: unknown, v: Variable): number {
  if (Array.isArray(e)) return e.reduce((sum: number, x) => sum + countReferences(x, v), 0);
  if (!e || typeof e !== 'object') return 0;
  const x = e as { k?: string; v?: Variable };
  if (x.k === 'var') return x.v === v ? 1 : 0;
  if (x.k === 'const') return 0;
  let count = 0;
  for (const [key, y] of Object.entries(e)) if (key !== 'v' && key !== 'def') count += countReferences(y, v);
  return count;
}

/**
 * remove-collect-variables: an unused INTO group variable or aggregate is not computed
 * (the last aggregate of a COLLECT without groups stays: the COLLECT needs one), and an
 * INTO group read only as `g[n].name` or `g[*].name` keeps only the variables named so
 * (ArangoDB's removeCollectVariablesRule).
 */
export function removeCollectVariables(q: QueryPlan): boolean {
  const used = usedVariables(q);
  let changed = false;
  for (const p of pipelines(q.root)) {
    p.nodes = p.nodes.map((n, i) => {
      if (n.type !== 'CollectNode' || n.method === 'distinct') return n;
      let remaining = n.aggregates.length;
      const aggregates = n.aggregates.filter((a) => {
        if (used.has(a.outVariable) || (n.groups.length === 0 && remaining === 1)) return true;
        remaining--;
        return false;
      });
      let into = n.into && used.has(n.into.outVariable) ? n.into : undefined;
      // ArangoDB counts restricting the kept variables as a change even when all of them stay
      let restricted = false;
      if (into && !into.expressionVariable) {
        const keep = keptByReads(p.nodes.slice(i + 1), into.outVariable, into.keep);
        if (keep) {
          restricted = true;
          if (keep.length < into.keep.length) into = { ...into, keep };
        }
      }
      if (restricted) changed = true;
      if (aggregates.length === n.aggregates.length && into === n.into) return n;
      changed = true;
      const out = { ...n, aggregates };
      if (into) out.into = into;
      else delete out.into;
      return out;
    });
  }
  return changed;
}

/**
 * The variables of `keep` that the nodes after a COLLECT read through its INTO variable
 * `g`, when calculations before the next COLLECT read `g` only as `g[n].name` or
 * `g[*].name` and name only kept variables; undefined otherwise.
 */
function keptByReads(after: readonly PlanNode[], g: Variable, keep: readonly Variable[]): Variable[] | undefined {
  const names = new Set<string>();
  for (const m of after) {
    if (m.type === 'CalculationNode') {
      if (!groupAttributes(m.expression, g, names)) return undefined;
    } else if (usesOf(m).includes(g)) return undefined;
    if (m.type === 'CollectNode') break;
  }
  const kept = keep.filter((v) => names.has(v.name));
  return kept.length > 0 && kept.length === names.size ? kept : undefined;
}

/** Adds to `out` the names read as `g[n].name` or `g[*].name`; false when `e` reads `g` otherwise. */
function groupAttributes(e: unknown, g: Variable, out: Set<string>): boolean {
  if (Array.isArray(e)) return e.every((x) => groupAttributes(x, g, out));
  if (!e || typeof e !== 'object') return true;
  const x = e as RExpr;
  if (x.k === 'var') return x.v !== g;
  if (x.k === 'const') return true;
  if (x.k === 'attr' && x.obj.k === 'index' && x.obj.obj.k === 'var' && x.obj.obj.v === g) {
    out.add(x.name);
    return groupAttributes(x.obj.index, g, out);
  }
  if (x.k === 'expand' && x.obj.k === 'var' && x.obj.v === g && x.levels === 0 && !x.filter && !x.offset && !x.count && !x.bool && x.projection) {
    let root: RExpr = x.projection;
    while (root.k === 'attr' && root.obj.k === 'attr') root = root.obj;
    if (root.k === 'attr' && root.obj.k === 'var' && root.obj.v === x.v) {
      out.add(root.name);
      return true;
    }
    return false;
  }
  return Object.entries(e).every(([key, y]) => key === 'v' || key === 'def' || groupAttributes(y, g, out));
}

/** How an expression reads `v`: only as FIRST(v) / v[0], only as LENGTH(v), or otherwise. */
function readsOf(e: RExpr, v: Variable, out: Set<string>): void {
  if (e.k === 'const') return;
  if (e.k === 'var') {
    if (e.v === v) out.add('other');
    return;
  }
  if (e.k === 'call' && e.args.length === 1 && e.args[0].k === 'var' && e.args[0].v === v) {
    if (e.name === 'FIRST') return void out.add('first');
    if (e.name === 'LENGTH' || e.name === 'COUNT') return void out.add('length');
  }
  if (e.k === 'index' && e.obj.k === 'var' && e.obj.v === v && e.index.k === 'const' && e.index.value === 0) return void out.add('first');
  for (const x of Object.values(e)) {
    if (x && typeof x === 'object' && 'k' in (x as object)) readsOf(x as RExpr, v, out);
    else if (Array.isArray(x)) for (const y of x) if (y && typeof y === 'object' && 'k' in y) readsOf(y as RExpr, v, out);
  }
  if (e.k === 'object') for (const m of e.members) if (typeof m.key !== 'string') readsOf(m.key, v, out);
  if (e.k === 'object') for (const m of e.members) readsOf(m.value, v, out);
  if (e.k === 'quant' && e.q.kind === 'atLeast') readsOf(e.q.count, v, out);
}

export function newVariable(q: QueryPlan): Variable {
  const id = q.variables.reduce((m, v) => Math.max(m, v.id), -1) + 1;
  const v: Variable = { id, name: String(id), reg: q.registers++ };
  q.variables.push(v);
  return v;
}

export function nextNodeId(q: QueryPlan): number {
  let max = 0;
  for (const p of pipelines(q.root)) for (const n of p.nodes) max = Math.max(max, n.id);
  return max + 1;
}

/** Node kinds that only read: a subquery made of them may be cut short without losing effects. */
const READ_ONLY = new Set<PlanNode['type']>([
  'SingletonNode', 'EnumerateCollectionNode', 'EnumerateListNode', 'IndexNode', 'CalculationNode', 'SubqueryNode',
  'FilterNode', 'SortNode', 'LimitNode', 'CollectNode', 'WindowNode', 'ReturnNode', 'NoResultsNode', 'MaterializeNode',
  'TraversalNode', 'ShortestPathNode', 'EnumeratePathsNode',
]);

function readOnly(p: Plan): boolean {
  return pipelines(p).every((x) => x.nodes.every((n) => READ_ONLY.has(n.type) && !(n.type === 'CalculationNode' && n.async)));
}

/** optimize-subqueries: LIMIT 1 when only the first result is read, `true` rows when only counted. */
export function optimizeSubqueries(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (const n of p.nodes) {
      if (n.type !== 'SubqueryNode' || !readOnly(n.subquery)) continue;
      const reads = new Set<string>();
      for (const x of pipelines(q.root)) {
        for (const m of x.nodes) {
          if (m.type === 'CalculationNode') readsOf(m.expression, n.outVariable, reads);
          else if (m.type !== 'SubqueryNode' && usesOf(m).includes(n.outVariable)) reads.add('other');
        }
      }
      if (reads.size !== 1 || reads.has('other')) continue;
      const sub = n.subquery.nodes;
      const ret = sub[sub.length - 1];
      if (ret.type !== 'ReturnNode') continue;
      if (reads.has('first')) {
        const prev = sub[sub.length - 2];
        if (prev.type === 'LimitNode' && prev.limit <= 1) continue;
        sub.splice(sub.length - 1, 0, { type: 'LimitNode', id: nextNodeId(q), offset: 0, limit: 1, fullCount: false });
        changed = true;
      } else {
        const retCalc = sub.find((m): m is CalculationNode => m.type === 'CalculationNode' && m.outVariable === ret.inVariable);
        if (retCalc?.expression.k === 'const' && retCalc.expression.value === true) continue;
        const v = newVariable(q);
        sub.splice(sub.length - 1, 1, { type: 'CalculationNode', id: nextNodeId(q), expression: { k: 'const', value: true }, outVariable: v, async: false }, { ...ret, inVariable: v });
        changed = true;
      }
    }
  }
  return changed;
}

/** ArangoDB's test whether a bounded heap beats a full sort for N inputs and M kept rows. */
function heapPays(input: number, output: number): boolean {
  if (input < 100 || output < 1) return false;
  const lgN = Math.log2(input);
  const lgM = Math.log2(output);
  return 0.25 * input * lgM + output * lgM < input * lgN;
}

/** sort-limit: a SORT directly followed (past calculations) by a LIMIT keeps only offset + limit rows. */
export function sortLimit(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'SortNode' || n.limit !== undefined) continue;
      let j = i + 1;
      while (p.nodes[j]?.type === 'CalculationNode') j++;
      const limit = p.nodes[j];
      if (limit?.type !== 'LimitNode' || limit.fullCount) continue;
      if (!heapPays(ctx.itemsBefore(p, i), limit.offset + limit.limit)) continue;
      p.nodes[i] = { ...n, limit: limit.offset + limit.limit };
      changed = true;
    }
  }
  return changed;
}

/** splice-subqueries: always applied to plans with subqueries (explain prints them spliced). */
export function spliceSubqueries(q: QueryPlan): boolean {
  return q.root.nodes.some((n) => n.type === 'SubqueryNode') || pipelines(q.root).length > 1;
}

/** Orders of `items` in which no element comes before one it depends on (identity first). */
function permutations<T>(items: T[], before: (a: T, b: T) => boolean): T[][] {
  if (items.length <= 1) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i++) {
    const head = items[i];
    const rest = items.filter((_, k) => k !== i);
    if (rest.some((r) => before(r, head))) continue; // head depends on something still to come
    for (const tail of permutations(rest, before)) out.push([head, ...tail]);
  }
  return out;
}

const LOOPS = new Set<PlanNode['type']>(['EnumerateCollectionNode', 'EnumerateListNode']);

/**
 * interchange-adjacent-enumerations: every other order of a run of adjacent FOR loops
 * (collections and lists whose input no other loop of the run defines) becomes an extra
 * plan; the optimizer keeps the cheapest.
 */
export function interchangeAdjacentEnumerations(q: QueryPlan): QueryPlan[] {
  const out: QueryPlan[] = [];
  pipelines(q.root).forEach((p, pi) => {
    for (let i = 1; i < p.nodes.length; i++) {
      let end = i;
      while (end < p.nodes.length && LOOPS.has(p.nodes[end].type)) end++;
      if (end - i >= 2 && end - i <= 6) {
        const run = p.nodes.slice(i, end);
        const mustPrecede = (a: PlanNode, b: PlanNode): boolean => usesOf(b).some((v) => definesOf(a).includes(v));
        for (const order of permutations(run, mustPrecede).slice(1)) {
          const copy = copyPlan(q);
          const target: Plan = pipelines(copy.root)[pi];
          target.nodes.splice(i, order.length, ...order.map((n) => ({ ...n })));
          out.push(copy);
        }
      }
      i = Math.max(i, end);
    }
  });
  return out;
}

/** `lhs == c` / `c == lhs` / `lhs IN [c...]` with constant c: the compared expression and the values. */
function orLeaf(e: RExpr): { lhs: RExpr; values: RExpr[] } | undefined {
  if (e.k !== 'compare') return undefined;
  const isValue = (x: RExpr): boolean => x.k === 'const';
  const isLhs = (x: RExpr): boolean => (x.k === 'attr' || x.k === 'var') && isDeterministic(x);
  if (e.op === '==') {
    if (isLhs(e.left) && isValue(e.right)) return { lhs: e.left, values: [e.right] };
    if (isLhs(e.right) && isValue(e.left)) return { lhs: e.right, values: [e.left] };
  }
  if (e.op === 'in' && isLhs(e.left) && e.right.k === 'const' && Array.isArray(e.right.value)) {
    return { lhs: e.left, values: e.right.value.map((value) => ({ k: 'const', value }) as RExpr) };
  }
  if (e.op === 'in' && isLhs(e.left) && e.right.k === 'array' && e.right.items.every(isValue)) return { lhs: e.left, values: e.right.items };
  return undefined;
}

/** `a == 1 || a == 2 || a IN [3]` -> `a IN [1, 2, 3]` (same rows: IN compares as ==). */
function orToIn(e: RExpr): RExpr | undefined {
  if (e.k !== 'logical' || e.op !== '||') return undefined;
  const leaves: RExpr[] = [];
  const flatten = (x: RExpr): void => {
    if (x.k === 'logical' && x.op === '||') {
      flatten(x.left);
      flatten(x.right);
    } else leaves.push(x);
  };
  flatten(e);
  const parsed = leaves.map(orLeaf);
  if (parsed.some((p) => !p)) return undefined;
  const first = parsed[0]!;
  if (!parsed.every((p) => sameExpression(p!.lhs, first.lhs))) return undefined;
  const values = parsed.flatMap((p) => p!.values.map((v) => (v.k === 'const' ? v.value : null)));
  return { k: 'compare', op: 'in', left: first.lhs, right: { k: 'const', value: values } };
}

/** replace-or-with-in: OR-ed equality comparisons of one expression with constants become one IN. */
export function replaceOrWithIn(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    p.nodes = p.nodes.map((n) => {
      if (n.type !== 'CalculationNode') return n;
      const rewrite = (e: RExpr): RExpr => {
        const whole = orToIn(e);
        if (whole) return whole;
        if (e.k === 'logical' && e.op === '&&') {
          const left = rewrite(e.left);
          const right = rewrite(e.right);
          return left === e.left && right === e.right ? e : { ...e, left, right };
        }
        return e;
      };
      const expression = rewrite(n.expression);
      if (expression === n.expression) return n;
      changed = true;
      return { ...n, expression };
    });
  }
  return changed;
}
