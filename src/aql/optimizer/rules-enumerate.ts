// Rules that make a collection scan produce less: reduce-extraction-to-projection (rows
// carry the stored document when every later use reads plain attributes of it, so it is
// never copied into its external form; and when one persistent index holds all those
// attributes, the loop reads the index alone) and move-filters-into-enumerate (a FILTER
// right after a loop is evaluated on each value before it becomes a row, "early pruning").
import { readsOnlyStoredAttributes, variablesUsed, type RExpr, type Variable } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, IndexNode, PlanNode, QueryPlan } from '../planner/plan.js';
import type { IndexRecord } from '../../storage/catalog.js';
import type { OptimizerContext } from './context.js';
import { isDeterministic, pipelines, usedVariables, usesOf } from './vars.js';

/** ArangoDB's default `maxProjections`. */
const MAX_PROJECTIONS = 5;

/** True when every node reads `v` only through stored attributes (subqueries included). */
export function onlyStoredAttributes(nodes: readonly PlanNode[], v: Variable, paths: Map<string, string[]>): boolean {
  for (const n of nodes) {
    if (!usesOf(n).includes(v)) continue;
    switch (n.type) {
      case 'CalculationNode':
        if (!readsOnlyStoredAttributes(n.expression, v, paths)) return false;
        break;
      case 'SubqueryNode':
        if (!onlyStoredAttributes(n.subquery.nodes, v, paths)) return false;
        break;
      case 'EnumerateCollectionNode':
      case 'EnumerateListNode':
      case 'IndexNode':
        if (n.type === 'EnumerateListNode' && n.inVariable === v) return false;
        if (n.type === 'IndexNode' && !n.conditions.every((f) => f.every((c) => readsOnlyStoredAttributes(c.value, v, paths)))) return false;
        if (n.filter && !readsOnlyStoredAttributes(n.filter, v, paths)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The paths, without those another path of the list is a prefix of. */
function outermost(paths: string[][]): string[][] {
  const prefix = (a: string[], b: string[]): boolean => a.length < b.length && a.every((x, i) => x === b[i]);
  return paths.filter((p) => !paths.some((q) => prefix(q, p))).sort((a, b) => a.join('.').localeCompare(b.join('.')));
}

/**
 * A persistent index whose entries hold every projected path (or `_key`), one entry per
 * document: not sparse (a sparse one leaves documents out), no `[*]` (several entries per
 * document), no field nested in another (the entry builds the partial document).
 */
function coveringIndex(indexes: IndexRecord[], projections: string[][]): IndexRecord | undefined {
  return indexes.find(
    (ix) =>
      ix.type === 'persistent' &&
      !ix.building &&
      !ix.sparse &&
      !ix.fields.some((f) => f.includes('[*]') || ix.fields.some((g) => g.startsWith(f + '.'))) &&
      projections.every((p) => p.join('.') === '_key' || ix.fields.includes(p.join('.'))),
  );
}

function indexOnly(n: EnumerateCollectionNode, ix: IndexRecord, projections: string[][]): IndexNode {
  return {
    type: 'IndexNode',
    id: n.id,
    collection: n.collection,
    outVariable: n.outVariable,
    index: ix,
    conditions: ix.fields.map(() => []),
    condition: null,
    covers: [],
    ascending: true,
    projections,
    ...(n.filter ? { filter: n.filter } : {}),
  };
}

/** Whether `ix`'s entries hold every path: a persistent index its fields and _key, the primary index _key, the edge index _from and _to. */
function indexHolds(ix: IndexRecord, projections: string[][]): boolean {
  const names = projections.map((p) => p.join('.'));
  if (ix.type === 'primary') return names.every((n) => n === '_key');
  if (ix.type === 'edge') return names.every((n) => n === '_from' || n === '_to');
  if (ix.type !== 'persistent' || ix.fields.some((f) => f.includes('[*]') || ix.fields.some((g) => g.startsWith(f + '.')))) return false;
  return names.every((n) => n === '_key' || ix.fields.includes(n));
}

/**
 * An IndexNode (from use-indexes) whose documents later nodes read only by attribute: a
 * persistent index holding all those attributes is read alone (`projections`, as for a
 * covering full scan); otherwise the paths are recorded for explain (`readProjections`).
 */
function projectIndexNode(p: { nodes: PlanNode[] }, i: number, n: IndexNode): boolean {
  const projections = indexNodeProjections(p, i, n);
  if (!projections) return false;
  const covered = indexHolds(n.index, projections);
  p.nodes[i] = covered && n.index.type === 'persistent' ? { ...n, projections } : { ...n, readProjections: { paths: projections, covered } };
  return true;
}

/** The attribute paths later nodes read of the IndexNode's documents, when they read nothing else (at most maxProjections). */
function indexNodeProjections(p: { nodes: PlanNode[] }, i: number, n: IndexNode): string[][] | undefined {
  if (n.projections || n.readProjections || n.late || n.branches || n.geo || n.search) return undefined;
  const paths = new Map<string, string[]>();
  if (n.filter && !readsOnlyStoredAttributes(n.filter, n.outVariable, paths)) return undefined;
  if (!onlyStoredAttributes(p.nodes.slice(i + 1), n.outVariable, paths)) return undefined;
  const projections = outermost([...paths.values()]);
  return projections.length === 0 || projections.length > MAX_PROJECTIONS ? undefined : projections;
}

/** True when reduce-extraction-to-projection will read this persistent-index scan alone (late materialization then has nothing to save). */
export function readsIndexOnly(p: { nodes: PlanNode[] }, i: number, n: IndexNode): boolean {
  const projections = indexNodeProjections(p, i, n);
  return projections !== undefined && n.index.type === 'persistent' && indexHolds(n.index, projections);
}

export function reduceExtractionToProjection(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type === 'IndexNode') {
        if (projectIndexNode(p, i, n)) changed = true;
        continue;
      }
      if (n.type !== 'EnumerateCollectionNode' || n.projections) continue;
      const paths = new Map<string, string[]>();
      if (n.filter && !readsOnlyStoredAttributes(n.filter, n.outVariable, paths)) continue;
      if (!onlyStoredAttributes(p.nodes.slice(i + 1), n.outVariable, paths)) continue;
      const projections = outermost([...paths.values()]);
      if (projections.length === 0 || projections.length > MAX_PROJECTIONS) continue;
      const ix = n.random || n.disableIndex ? undefined : coveringIndex(ctx.indexes(n.collection), projections);
      p.nodes[i] = ix ? indexOnly(n, ix, projections) : { ...n, projections };
      changed = true;
    }
  }
  return changed;
}

export function moveFiltersIntoEnumerate(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'EnumerateCollectionNode' && n.type !== 'EnumerateListNode' && n.type !== 'IndexNode') continue;
      if (n.type === 'IndexNode' && n.late) continue;
      const v = n.outVariable;
      // Calculations after the loop that read its variable (and no variable computed
      // after the loop), by the variable they set: a FILTER on one of them moves.
      const calculations = new Map<Variable, CalculationNode>();
      const introduced = new Set<Variable>();
      let filter: RExpr | undefined = n.filter;
      for (let j = i + 1; j < p.nodes.length; ) {
        const c = p.nodes[j];
        if (c.type === 'FilterNode') {
          const calc = calculations.get(c.inVariable);
          if (!calc) break;
          filter = filter ? { k: 'logical', op: '&&', left: filter, right: calc.expression } : calc.expression;
          p.nodes.splice(j, 1);
          if (!usedVariables(q).has(calc.outVariable)) {
            const at = p.nodes.indexOf(calc);
            p.nodes.splice(at, 1);
            if (at < j) j--;
          }
          continue;
        }
        if (c.type !== 'CalculationNode' || c.async || c.lazyRange || !isDeterministic(c.expression)) break;
        const used = variablesUsed(c.expression);
        if (used.has(v) && ![...introduced].some((t) => used.has(t))) calculations.set(c.outVariable, c);
        introduced.add(c.outVariable);
        j++;
      }
      if (filter !== n.filter) {
        p.nodes[i] = { ...n, filter } as typeof n;
        changed = true;
      }
    }
  }
  return changed;
}
