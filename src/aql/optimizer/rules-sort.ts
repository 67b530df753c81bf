// remove-redundant-sorts (and its second pass): of two SORTs with only filters and
// deterministic calculations between them, one goes when the other decides the order
// anyway (ArangoDB's removeRedundantSortsRule). A SORT's criteria compare by expression
// (the calculation that sets each sort variable) and direction.
//
// Invariant: only a SORT whose removal leaves the final order of the rows as ArangoDB's
// plan orders them is removed; calculations it leaves unread go in a later rule.
import type { Variable } from '../planner/ir.js';
import type { PlanNode, QueryPlan, SortNode } from '../planner/plan.js';
import { canonicalJson } from './rules-basic.js';
import { isDeterministic, pipelines, usesOf } from './vars.js';

type Match = 'unequal' | 'otherLessAccurate' | 'ourselvesLessAccurate' | 'allEqual';

/** Nodes that produce several rows per input row: two different SORTs around one both matter. */
const LOOPS: ReadonlySet<PlanNode['type']> = new Set([
  'EnumerateCollectionNode',
  'EnumerateListNode',
  'EnumerateViewNode',
  'IndexNode',
  'TraversalNode',
  'ShortestPathNode',
  'EnumeratePathsNode',
]);

interface Criterion {
  format: string;
  ascending: boolean;
  deterministic: boolean;
}

/** Each sort element as the expression that computes it (or the variable itself). */
function criteria(sort: SortNode, setters: Map<Variable, PlanNode>): Criterion[] {
  return sort.elements.map((e) => {
    const setter = setters.get(e.variable);
    if (setter?.type === 'CalculationNode') {
      return { format: canonicalJson(setter.expression), ascending: e.ascending, deterministic: isDeterministic(setter.expression) };
    }
    return { format: `var:${e.variable.id}`, ascending: e.ascending, deterministic: true };
  });
}

/** How `ours` (the later SORT) relates to `other` (an earlier one): ArangoDB's SortInformation::isCoveredBy. */
function coveredBy(ours: Criterion[], other: Criterion[]): Match {
  for (let i = 0; i < ours.length; i++) {
    if (other.length <= i) return 'otherLessAccurate';
    if (ours[i].ascending !== other[i].ascending || ours[i].format !== other[i].format) return 'unequal';
  }
  return other.length > ours.length ? 'ourselvesLessAccurate' : 'allEqual';
}

export function removeRedundantSorts(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    const setters = new Map<Variable, PlanNode>();
    for (const n of p.nodes) if (n.type === 'CalculationNode') setters.set(n.outVariable, n);
    const remove = new Set<PlanNode>();
    for (let i = p.nodes.length - 1; i >= 0; i--) {
      const n = p.nodes[i];
      if (n.type !== 'SortNode' || remove.has(n) || n.limit !== undefined) continue;
      const ours = criteria(n, setters);
      let relying = 0;
      for (let j = i - 1; j >= 0; j--) {
        const m = p.nodes[j];
        if (m.type === 'SortNode') {
          if (remove.has(m) || m.limit !== undefined) break;
          const other = criteria(m, setters);
          const match = coveredBy(ours, other);
          if (match === 'unequal') {
            // a SORT right before another (only filters and calculations between) is overridden by it
            if (relying === 0 && other.every((c) => c.deterministic)) remove.add(m);
          } else if (match === 'otherLessAccurate') remove.add(m);
          else remove.add(n);
          continue;
        }
        if (m.type === 'FilterNode') continue;
        if (m.type === 'CalculationNode') {
          if (!isDeterministic(m.expression)) relying++;
          continue;
        }
        if (LOOPS.has(m.type)) {
          relying++;
          continue;
        }
        break; // COLLECT, LIMIT, subqueries, writes...: the order before them matters
      }
    }
    if (remove.size > 0) {
      p.nodes = p.nodes.filter((n) => !remove.has(n));
      changed = true;
    }
  }
  return changed;
}

/** Nodes that keep remove-sort-rand-limit-1 from picking one random document by a random scan. */
const RANDOM_BLOCKERS: ReadonlySet<PlanNode['type']> = new Set([
  'SortNode',
  'CollectNode',
  'FilterNode',
  'SubqueryNode',
  'EnumerateListNode',
  'EnumerateViewNode',
  'IndexNode',
  'TraversalNode',
  'ShortestPathNode',
  'EnumeratePathsNode',
  'WindowNode',
]);

/**
 * remove-sort-rand-limit-1: `FOR d IN c SORT RAND() LIMIT 1` (one collection loop, nothing
 * that filters or multiplies rows before the SORT) reads one document from a random
 * position of the collection instead of sorting them all (ArangoDB's removeSortRandRule).
 */
export function removeSortRandLimit1(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const sort = p.nodes[i];
      if (sort.type !== 'SortNode' || sort.elements.length !== 1) continue;
      const limit = p.nodes[i + 1];
      if (limit?.type !== 'LimitNode' || limit.offset !== 0 || limit.limit !== 1) continue;
      const v = sort.elements[0].variable;
      const setterAt = p.nodes.findIndex((n) => n.type === 'CalculationNode' && n.outVariable === v);
      const setter = p.nodes[setterAt];
      if (setter?.type !== 'CalculationNode' || setter.expression.k !== 'call' || setter.expression.name !== 'RAND' || setter.expression.args.length !== 0) continue;
      let scan: PlanNode | undefined;
      let blocked = false;
      for (let j = i - 1; j >= 0 && !blocked; j--) {
        const m = p.nodes[j];
        if (m.type === 'EnumerateCollectionNode') blocked = scan !== undefined || ((scan = m), false);
        else if (RANDOM_BLOCKERS.has(m.type)) blocked = true;
      }
      if (blocked || scan?.type !== 'EnumerateCollectionNode' || scan.filter) continue;
      p.nodes[p.nodes.indexOf(scan)] = { ...scan, random: true };
      const readers = p.nodes.filter((n) => n !== sort && n !== setter && usesOf(n).includes(v));
      p.nodes = p.nodes.filter((n) => n !== sort && (n !== setter || readers.length > 0));
      changed = true;
    }
  }
  return changed;
}
