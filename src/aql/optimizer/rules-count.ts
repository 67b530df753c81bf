// optimize-count: `LET sub = (FOR d IN c [FILTER on the index] RETURN d) ... COUNT(sub)`,
// where the subquery's result is only ever counted, becomes a loop that produces one
// value, the number of documents it would enumerate, and COUNT(sub) becomes SUM(sub)
// (ArangoDB's optimizeCountRule). The scan then counts without building rows, and an
// index lookup over a persistent index reads no document.
//
// Invariant: the rule fires only when the count is all the query reads of the subquery,
// and the loop is the subquery's only loop with no filter it does not take from its index.
import type { RExpr, Variable } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, IndexNode, Plan, PlanNode, QueryPlan, SubqueryNode } from '../planner/plan.js';
import { requireFunction } from '../functions/index.js';
import { isDeterministic, pipelines, usesOf } from './vars.js';

/** True when `e` names `v` only as the argument of LENGTH or COUNT. */
function onlyCounted(e: unknown, v: Variable): boolean {
  if (Array.isArray(e)) return e.every((x) => onlyCounted(x, v));
  if (!e || typeof e !== 'object') return true;
  const x = e as RExpr;
  if (x.k === 'var') return x.v !== v;
  if (x.k === 'const') return true;
  if (x.k === 'call' && (x.name === 'LENGTH' || x.name === 'COUNT') && x.args.length === 1 && x.args[0].k === 'var' && x.args[0].v === v) return true;
  return Object.entries(e).every(([key, y]) => key === 'v' || key === 'def' || onlyCounted(y, v));
}

/** `e` with LENGTH(v) and COUNT(v) replaced by SUM(v). */
function countsToSum(e: RExpr, v: Variable): RExpr {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!x || typeof x !== 'object') return x;
    const r = x as RExpr;
    if (r.k === 'call' && (r.name === 'LENGTH' || r.name === 'COUNT') && r.args.length === 1 && r.args[0].k === 'var' && r.args[0].v === v) {
      return { ...r, name: 'SUM', def: requireFunction('SUM') };
    }
    if (r.k === 'var' || r.k === 'const') return r;
    const out: Record<string, unknown> = {};
    for (const [key, y] of Object.entries(x)) out[key] = key === 'v' || key === 'def' ? y : walk(y);
    return out;
  };
  return walk(e) as RExpr;
}

/** The subquery's one loop, when it can count: no early-pruning filter, one index, nothing else reading its documents. */
function countableLoop(sub: Plan): { at: number; loop: EnumerateCollectionNode | IndexNode } | undefined {
  const nodes = sub.nodes;
  const ret = nodes[nodes.length - 1];
  if (nodes[0]?.type !== 'SingletonNode' || ret?.type !== 'ReturnNode') return undefined;
  let found: { at: number; loop: EnumerateCollectionNode | IndexNode } | undefined;
  for (let i = 1; i < nodes.length - 1; i++) {
    const n = nodes[i];
    if (n.type === 'EnumerateCollectionNode' || n.type === 'IndexNode') {
      if (found || n.filter || (n.type === 'EnumerateCollectionNode' && n.random)) return undefined;
      if (n.type === 'IndexNode' && (n.branches || n.geo || n.search || n.late || n.limit !== undefined || n.projections)) return undefined;
      found = { at: i, loop: n };
      continue;
    }
    if (n.type !== 'CalculationNode' && n.type !== 'FilterNode') return undefined;
    if (n.type === 'CalculationNode' && (n.async || !isDeterministic(n.expression))) return undefined;
    if (found && usesOf(n).includes(found.loop.outVariable)) return undefined;
  }
  return found;
}

export function optimizeCount(q: QueryPlan): boolean {
  if (q.reportFullCount || q.fullCountLimit) return false;
  let changed = false;
  const all = pipelines(q.root);
  for (const p of all) {
    for (const s of p.nodes.filter((n): n is SubqueryNode => n.type === 'SubqueryNode')) {
      const v = s.outVariable;
      const readers = all.flatMap((x) => x.nodes.filter((n) => usesOf(n).includes(v)));
      if (readers.length === 0 || !readers.every((n): n is CalculationNode => n.type === 'CalculationNode' && onlyCounted(n.expression, v))) continue;
      const found = countableLoop(s.subquery);
      if (!found) continue;
      const nodes = s.subquery.nodes;
      const ret = nodes[nodes.length - 1];
      if (ret.type !== 'ReturnNode') continue;
      // (a constant RETURN value may have been moved out of the subquery)
      const setter = all.flatMap((x) => x.nodes).find((n): n is CalculationNode => n.type === 'CalculationNode' && n.outVariable === ret.inVariable);
      if (ret.inVariable !== found.loop.outVariable && !(setter && (setter.expression.k === 'const' || setter.expression.k === 'attr'))) continue;
      nodes[found.at] = { ...found.loop, count: true };
      nodes[nodes.length - 1] = { ...ret, inVariable: found.loop.outVariable };
      if (setter && setter.expression.k === 'const' && !all.some((x) => x.nodes.some((n) => n !== s && usesOf(n).includes(setter.outVariable)))) {
        for (const x of all) x.nodes = x.nodes.filter((n) => n !== setter);
      }
      const counting = new Set<PlanNode>(readers);
      for (const x of all) x.nodes = x.nodes.map((n): PlanNode => (counting.has(n) && n.type === 'CalculationNode' ? { ...n, expression: countsToSum(n.expression, v) } : n));
      changed = true;
    }
  }
  return changed;
}
