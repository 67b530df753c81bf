// optimize-traversals: FILTER conditions on a traversal's path that decide a path by one
// of its vertices or edges are also checked while the traversal walks, so that a path
// failing them is neither emitted nor followed further (ArangoDB's TraversalConditionFinder).
// Such a FILTER stays unless the walk alone decides it (invariant 5). A FILTER that
// reads only the vertex and the edge (v, e) moves into the node as a post-filter, checked
// before a step is emitted (the step is still followed), as ArangoDB moves it. The rule
// also drops the edge and path outputs nothing reads, so that the walk does not build them.
//
// Invariants:
//   1. A condition is taken only from FILTERs that follow the traversal in its pipeline
//      with nothing but calculations and filters in between (a LIMIT or SORT ends the run).
//   2. A taken condition reads the path variable only as `p.vertices[*]...` / `p.edges[*]...`
//      under ALL or NONE (checked at every step), or as `p.vertices[N]` / `p.edges[N]`
//      with a constant N >= 0 (checked at the step of that depth); everything else it reads
//      is known before the traversal runs and is deterministic.
//   3. With uniqueVertices "global" the result differs from filtering afterwards, as it
//      does in ArangoDB: a vertex reached through a dropped path is not marked visited.
//   4. A post-filter reads v or e and otherwise only what invariant 2 allows; it never
//      changes which steps are followed, so moving it changes no row.
//   5. A FILTER all of whose parts the walk checks on every emitted path (ALL/NONE parts,
//      and parts pinned to a depth no deeper than minDepth) is removed: it could drop
//      nothing more.
import type { RExpr, Variable } from '../planner/ir.js';
import { variablesUsed } from '../planner/ir.js';
import type { CalculationNode, Plan, PlanNode, QueryPlan, TraversalCondition, TraversalNode } from '../planner/plan.js';
import { definesOf, isDeterministic, pipelines, usedVariables } from './vars.js';

/** The `&&` parts of a condition. */
function conjuncts(e: RExpr): RExpr[] {
  return e.k === 'logical' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** `p.vertices` or `p.edges`: which of the two, else undefined. */
function pathPart(e: RExpr, p: Variable): 'vertices' | 'edges' | undefined {
  if (e.k !== 'attr' || e.obj.k !== 'var' || e.obj.v !== p) return undefined;
  return e.name === 'vertices' || e.name === 'edges' ? e.name : undefined;
}

/** `p.vertices[N]...` / `p.edges[N]...` (attribute accesses on top): the part and the depth it pins, else undefined. */
function pinnedDepth(e: RExpr, p: Variable): { part: 'vertices' | 'edges'; depth: number } | undefined {
  let x = e;
  while (x.k === 'attr') {
    const part = pathPart(x, p);
    if (part) return undefined;
    x = x.obj;
  }
  if (x.k !== 'index' || x.index.k !== 'const') return undefined;
  const part = pathPart(x.obj, p);
  const n = x.index.value;
  if (!part || typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
  return { part, depth: part === 'vertices' ? n : n + 1 };
}

/** The condition as the walk checks it (invariant 2), or undefined when it cannot be taken. */
function takeable(e: RExpr, t: TraversalNode, late: ReadonlySet<Variable>): TraversalCondition | undefined {
  const p = t.pathOut!;
  const own = new Set([t.vertexOut, ...(t.edgeOut ? [t.edgeOut] : []), p]);
  // a non-deterministic part (RAND()) would be evaluated once per step instead of once per row
  const free = (x: RExpr) => isDeterministic(x) && [...variablesUsed(x)].every((v) => !own.has(v) && !late.has(v));
  if (e.k === 'quant' && (e.q.kind === 'all' || e.q.kind === 'none')) {
    const l = e.left;
    if (l.k !== 'expand' || l.levels !== 0 || l.filter || l.offset || l.count || l.bool || !pathPart(l.obj, p)) return undefined;
    if (l.projection && !free(l.projection)) return undefined;
    const part = pathPart(l.obj, p)!;
    return free(e.right) ? { expression: e, part, depth: null } : undefined;
  }
  if (e.k === 'compare') {
    for (const [pinned, other] of [[e.left, e.right], [e.right, e.left]]) {
      const pin = pinnedDepth(pinned, p);
      if (pin !== undefined && free(other)) return { expression: e, ...pin };
    }
  }
  return undefined;
}

function calculation(nodes: PlanNode[], v: Variable): CalculationNode | undefined {
  return nodes.find((n): n is CalculationNode => n.type === 'CalculationNode' && n.outVariable === v);
}

/** A FILTER condition that reads the step's vertex or edge and nothing else of the node (invariant 4). */
function postFilterable(e: RExpr, t: TraversalNode, late: ReadonlySet<Variable>): boolean {
  const used = [...variablesUsed(e)];
  if (!isDeterministic(e) || used.some((v) => v === t.pathOut || late.has(v))) return false;
  return used.some((v) => v === t.vertexOut || v === t.edgeOut);
}

function optimizeOne(p: Plan, i: number): boolean {
  const t = p.nodes[i] as TraversalNode;
  // variables defined after the traversal: a condition reading them cannot run in the walk
  const late = new Set<Variable>();
  for (const n of p.nodes.slice(i + 1)) for (const v of definesOf(n)) late.add(v);
  const taken: TraversalCondition[] = [...(t.conditions ?? [])];
  const seen = new Set(taken.map((c) => c.expression));
  const postFilter: RExpr[] = [...(t.postFilter ?? [])];
  const moved = new Set<PlanNode>();
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode') continue;
    if (n.type !== 'FilterNode') break;
    const calc = calculation(p.nodes.slice(i + 1), n.inVariable);
    if (!calc || calc.async) continue;
    if (postFilterable(calc.expression, t, late)) {
      postFilter.push(calc.expression);
      moved.add(n);
      continue;
    }
    if (!t.pathOut) continue;
    let all = true;
    for (const part of conjuncts(calc.expression)) {
      const c = seen.has(part) ? undefined : takeable(part, t, late);
      if (c) {
        taken.push(c);
        seen.add(part);
      }
      // the walk checks every emitted path against it: a path at least minDepth long
      // reaches the depth a pinned condition names (invariant 5)
      const covered = c ?? taken.find((x) => x.expression === part);
      if (!covered || (covered.depth !== null && covered.depth > t.minDepth)) all = false;
    }
    if (all) moved.add(n);
  }
  if (taken.length === (t.conditions?.length ?? 0) && moved.size === 0) return false;
  p.nodes[i] = { ...t, ...(taken.length > 0 ? { conditions: taken } : {}), ...(postFilter.length > 0 ? { postFilter } : {}) };
  p.nodes = p.nodes.filter((n) => !moved.has(n));
  return true;
}

/** Clears the edge and path outputs that neither the rest of the plan nor the node itself reads. */
function dropUnusedOutputs(p: Plan, i: number, used: ReadonlySet<Variable>): boolean {
  const t = p.nodes[i] as TraversalNode;
  const own = new Set<Variable>();
  for (const e of [...(t.prune ? [t.prune] : []), ...(t.conditions ?? []).map((c) => c.expression), ...(t.postFilter ?? [])]) variablesUsed(e, own);
  const unused = (v: Variable | null): boolean => v !== null && !used.has(v) && !own.has(v);
  if (!unused(t.edgeOut) && !unused(t.pathOut)) return false;
  p.nodes[i] = { ...t, edgeOut: unused(t.edgeOut) ? null : t.edgeOut, pathOut: unused(t.pathOut) ? null : t.pathOut };
  return true;
}

export function optimizeTraversals(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) if (p.nodes[i].type === 'TraversalNode' && optimizeOne(p, i)) changed = true;
  }
  const used = usedVariables(q);
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) if (p.nodes[i].type === 'TraversalNode' && dropUnusedOutputs(p, i, used)) changed = true;
  }
  return changed;
}

// ---- optimize-enumerate-path-filters ---------------------------------------------------
//
// K_SHORTEST_PATHS, K_PATHS and ALL_SHORTEST_PATHS: a FILTER that is exactly
// `path.vertices[* ...] ALL|NONE op value` (or on path.edges), its expansion without LIMIT
// and with a projection when it has an inline FILTER, becomes a condition each vertex (or
// edge) must meet during the search. The FILTER stays (it drops nothing more). For
// ALL_SHORTEST_PATHS this finds the shortest paths among those meeting the condition, as
// ArangoDB's search does with the condition pushed into it.

/** The per-element test of `path.part[* FILTER f RETURN proj] ALL|NONE op value`, or undefined. */
function elementFilter(e: RExpr, pathVar: Variable, late: ReadonlySet<Variable>): { part: 'vertices' | 'edges'; element: Variable; test: RExpr } | undefined {
  if (e.k !== 'quant' || (e.q.kind !== 'all' && e.q.kind !== 'none')) return undefined;
  const l = e.left;
  if (l.k !== 'expand' || l.levels !== 0 || l.offset || l.count || l.bool) return undefined;
  const part = pathPart(l.obj, pathVar);
  if (!part || (l.filter && !l.projection)) return undefined;
  const reads = (x: RExpr) => [...variablesUsed(x)].filter((v) => v !== l.v);
  const free = (x: RExpr) => isDeterministic(x) && reads(x).every((v) => v !== pathVar && !late.has(v));
  if (!free(e.right) || (l.projection && !free(l.projection)) || (l.filter && !free(l.filter))) return undefined;
  let test: RExpr = { k: 'compare', op: e.op, left: l.projection ?? { k: 'var', v: l.v }, right: e.right };
  if (e.q.kind === 'none') test = { k: 'unary', op: '!', operand: test };
  if (l.filter) test = { k: 'logical', op: '||', left: { k: 'unary', op: '!', operand: l.filter }, right: test };
  return { part, element: l.v, test };
}

function enumeratePathFiltersOne(p: Plan, i: number): boolean {
  const node = p.nodes[i];
  if (node.type !== 'EnumeratePathsNode') return false;
  const late = new Set<Variable>();
  for (const n of p.nodes.slice(i + 1)) for (const v of definesOf(n)) late.add(v);
  const filters = [...(node.elementFilters ?? [])];
  const before = filters.length;
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode') continue;
    if (n.type !== 'FilterNode') break;
    const calc = calculation(p.nodes.slice(i + 1), n.inVariable);
    const f = calc && !calc.async ? elementFilter(calc.expression, node.pathOut, late) : undefined;
    if (f && !filters.some((x) => x.test === f.test)) filters.push(f);
  }
  if (filters.length === before) return false;
  p.nodes[i] = { ...node, elementFilters: filters };
  return true;
}

export function optimizeEnumeratePathFilters(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) if (enumeratePathFiltersOne(p, i)) changed = true;
  }
  return changed;
}
