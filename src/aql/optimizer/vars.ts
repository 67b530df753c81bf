// Variable bookkeeping the optimizer rules share: which variables a plan node reads and
// defines (a table typed over every node kind, so a new kind fails to compile until it is
// described here), the pipelines of a plan, copying plans, and renaming a variable.
import type { RExpr, Variable } from '../planner/ir.js';
import { everyChild, variablesUsed } from '../planner/ir.js';
import type { GeoUse, IndexNode, Plan, PlanNode, PlanNodeType, QueryPlan, VertexInput } from '../planner/plan.js';

type Table<R> = { [K in PlanNodeType]: (n: Extract<PlanNode, { type: K }>) => R };

/** What a node's early-pruning filter reads besides the node's own variable. */
function filterUses(n: { filter?: RExpr; outVariable: Variable }): Variable[] {
  return n.filter ? [...variablesUsed(n.filter)].filter((v) => v !== n.outVariable) : [];
}

/** The variables a geo IndexNode's region and order read (the loop's own excluded). */
function geoUses(n: IndexNode): Variable[] {
  if (!n.geo) return [];
  const out = new Set<Variable>();
  for (const e of geoExpressions(n.geo)) variablesUsed(e, out);
  out.delete(n.outVariable);
  return [...out];
}

function geoExpressions(g: GeoUse): RExpr[] {
  const origin = g.origin ? ('shape' in g.origin ? [g.origin.shape] : [g.origin.lat, g.origin.lon]) : [];
  return [...origin, ...(g.sort ? [g.sort.expr] : []), ...g.maxDistance, ...(g.shape ? [g.shape] : [])];
}

function renameGeo(g: GeoUse, f: (e: RExpr) => RExpr): GeoUse {
  const origin = g.origin && ('shape' in g.origin ? { shape: f(g.origin.shape) } : { lat: f(g.origin.lat), lon: f(g.origin.lon) });
  return {
    ...(origin ? { origin } : {}),
    ...(g.sort ? { sort: { expr: f(g.sort.expr), ascending: g.sort.ascending } } : {}),
    maxDistance: g.maxDistance.map(f),
    ...(g.shape ? { shape: f(g.shape) } : {}),
  };
}

function vertexUses(input: VertexInput): Variable[] {
  return 'variable' in input ? [input.variable] : [];
}

const USES: Table<Variable[]> = {
  SingletonNode: () => [],
  EnumerateCollectionNode: (n) => filterUses(n),
  EnumerateListNode: (n) => [n.inVariable, ...filterUses(n)],
  EnumerateViewNode: (n) => (n.condition ? [...variablesUsed(n.condition)].filter((v) => v !== n.outVariable) : []),
  CalculationNode: (n) => [...variablesUsed(n.expression)],
  SubqueryNode: (n) => [...outerUses(n.subquery)],
  FilterNode: (n) => [n.inVariable],
  SortNode: (n) => n.elements.map((e) => e.variable),
  LimitNode: () => [],
  CollectNode: (n) => [
    ...n.groups.map((g) => g.inVariable),
    ...n.aggregates.flatMap((a) => (a.inVariable ? [a.inVariable] : [])),
    ...(n.into?.expressionVariable ? [n.into.expressionVariable] : []),
    ...(n.into?.keep ?? []),
  ],
  WindowNode: (n) => [...(n.rangeVariable ? [n.rangeVariable] : []), ...n.aggregates.flatMap((a) => (a.inVariable ? [a.inVariable] : []))],
  ReturnNode: (n) => [n.inVariable],
  IndexNode: (n) => [...(n.branches ?? [n]).flatMap((b) => b.conditions.flatMap((f) => f.flatMap((c) => [...variablesUsed(c.value)]))), ...filterUses({ filter: n.search, outVariable: n.outVariable }), ...filterUses(n), ...geoUses(n)],
  EnumerateNearVectorNode: (n) => [n.inVariable, ...(n.filter ? [...variablesUsed(n.filter)].filter((v) => v !== n.oldDocumentVariable) : [])],
  NoResultsNode: () => [],
  MaterializeNode: (n) => [n.outVariable],
  InsertNode: (n) => [n.inVariable],
  UpdateNode: (n) => [n.inDocVariable, ...(n.inKeyVariable ? [n.inKeyVariable] : [])],
  ReplaceNode: (n) => [n.inDocVariable, ...(n.inKeyVariable ? [n.inKeyVariable] : [])],
  RemoveNode: (n) => [n.inVariable],
  TraversalNode: (n) => [
    ...vertexUses(n.start),
    ...[...(n.prune ? [n.prune] : []), ...(n.conditions ?? []).map((c) => c.expression), ...(n.postFilter ?? [])]
      .flatMap((e) => [...variablesUsed(e)])
      .filter((v) => v !== n.vertexOut && v !== n.edgeOut && v !== n.pathOut),
  ],
  ShortestPathNode: (n) => [...vertexUses(n.start), ...vertexUses(n.target)],
  EnumeratePathsNode: (n) => [
    ...vertexUses(n.start),
    ...vertexUses(n.target),
    ...(n.elementFilters ?? []).flatMap((f) => [...variablesUsed(f.test)].filter((v) => v !== f.element)),
  ],
  // The node binds $CURRENT and OLD itself while it evaluates its expressions.
  UpsertNode: (n) =>
    [...variablesUsed(n.search), ...variablesUsed(n.insert), ...variablesUsed(n.update)].filter((v) => v !== n.currentVariable && v !== n.oldVariable),
};

/** What a data-modification node defines: NEW and OLD when they are used. */
const modificationOutputs = (n: { outVariableNew: Variable | null; outVariableOld: Variable | null }): Variable[] => [
  ...(n.outVariableNew ? [n.outVariableNew] : []),
  ...(n.outVariableOld ? [n.outVariableOld] : []),
];

const DEFINES: Table<Variable[]> = {
  SingletonNode: () => [],
  EnumerateCollectionNode: (n) => [n.outVariable],
  EnumerateListNode: (n) => [n.outVariable],
  EnumerateViewNode: (n) => [n.outVariable],
  CalculationNode: (n) => [n.outVariable],
  SubqueryNode: (n) => [n.outVariable],
  FilterNode: () => [],
  SortNode: () => [],
  LimitNode: () => [],
  CollectNode: (n) => [...n.groups.map((g) => g.outVariable), ...n.aggregates.map((a) => a.outVariable), ...(n.into ? [n.into.outVariable] : [])],
  WindowNode: (n) => n.aggregates.map((a) => a.outVariable),
  ReturnNode: () => [],
  IndexNode: (n) => [n.outVariable],
  EnumerateNearVectorNode: (n) => [n.oldDocumentVariable, n.distanceOutVariable],
  NoResultsNode: () => [],
  MaterializeNode: (n) => [n.outVariable],
  InsertNode: modificationOutputs,
  UpdateNode: modificationOutputs,
  ReplaceNode: modificationOutputs,
  RemoveNode: modificationOutputs,
  UpsertNode: modificationOutputs,
  TraversalNode: (n) => [n.vertexOut, ...(n.edgeOut ? [n.edgeOut] : []), ...(n.pathOut ? [n.pathOut] : [])],
  ShortestPathNode: (n) => [n.vertexOut, ...(n.edgeOut ? [n.edgeOut] : [])],
  EnumeratePathsNode: (n) => [n.pathOut],
};

/** Variables the node reads (a subquery: those its pipeline reads from outside). */
export function usesOf(n: PlanNode): Variable[] {
  return (USES[n.type] as (n: PlanNode) => Variable[])(n);
}

export function definesOf(n: PlanNode): Variable[] {
  return (DEFINES[n.type] as (n: PlanNode) => Variable[])(n);
}

function outerUses(p: Plan): Set<Variable> {
  const defined = new Set<Variable>();
  const used = new Set<Variable>();
  for (const n of p.nodes) {
    for (const v of usesOf(n)) if (!defined.has(v)) used.add(v);
    for (const v of definesOf(n)) defined.add(v);
  }
  return used;
}

/** The root pipeline and every subquery pipeline, outermost first. */
export function pipelines(p: Plan): Plan[] {
  const out: Plan[] = [p];
  for (const n of p.nodes) if (n.type === 'SubqueryNode') out.push(...pipelines(n.subquery));
  return out;
}

/** Every variable read anywhere in the plan. */
export function usedVariables(q: QueryPlan): Set<Variable> {
  const used = new Set<Variable>();
  for (const p of pipelines(q.root)) for (const n of p.nodes) for (const v of usesOf(n)) used.add(v);
  return used;
}

/** A copy whose pipelines and nodes can be changed without touching the original. */
export function copyPlan(q: QueryPlan): QueryPlan {
  const copy = (p: Plan): Plan => ({ nodes: p.nodes.map((n) => (n.type === 'SubqueryNode' ? { ...n, subquery: copy(n.subquery) } : { ...n })) });
  return { ...q, root: copy(q.root), rules: [...q.rules], variables: [...q.variables] };
}

/** The expression with variable `from` read as `to`. */
export function renameInExpr(e: RExpr, from: Variable, to: Variable): RExpr {
  const r = (x: RExpr): RExpr => renameInExpr(x, from, to);
  switch (e.k) {
    case 'const':
      return e;
    case 'var':
      return e.v === from ? { k: 'var', v: to } : e;
    case 'array':
      return { ...e, items: e.items.map(r) };
    case 'object':
      return { ...e, members: e.members.map((m) => ({ key: typeof m.key === 'string' ? m.key : r(m.key), value: r(m.value) })) };
    case 'attr':
      return { ...e, obj: r(e.obj) };
    case 'index':
      return { ...e, obj: r(e.obj), index: r(e.index) };
    case 'expand':
      return {
        ...e,
        obj: r(e.obj),
        filter: e.filter && r(e.filter),
        offset: e.offset && r(e.offset),
        count: e.count && r(e.count),
        projection: e.projection && r(e.projection),
      };
    case 'unary':
      return { ...e, operand: r(e.operand) };
    case 'ternary':
      return { ...e, cond: r(e.cond), then: e.then && r(e.then), else: r(e.else) };
    case 'range':
      return { ...e, from: r(e.from), to: r(e.to) };
    case 'call':
      return { ...e, args: e.args.map(r) };
    case 'quant':
      return { ...e, q: e.q.kind === 'atLeast' ? { kind: 'atLeast', count: r(e.q.count) } : e.q, left: r(e.left), right: r(e.right) };
    default:
      return { ...e, left: r(e.left), right: r(e.right) } as RExpr;
  }
}

function renameInput(input: VertexInput, from: Variable, to: Variable): VertexInput {
  return 'variable' in input && input.variable === from ? { variable: to } : input;
}

/** Rewrites every read of `from` into a read of `to`, in all pipelines of `p`. */
export function renameVariable(p: Plan, from: Variable, to: Variable): void {
  const v = (x: Variable): Variable => (x === from ? to : x);
  p.nodes = p.nodes.map((n): PlanNode => {
    switch (n.type) {
      case 'CalculationNode':
        return { ...n, expression: renameInExpr(n.expression, from, to) };
      case 'EnumerateListNode':
        return { ...n, inVariable: v(n.inVariable), ...(n.filter ? { filter: renameInExpr(n.filter, from, to) } : {}) };
      case 'EnumerateCollectionNode':
        return n.filter ? { ...n, filter: renameInExpr(n.filter, from, to) } : n;
      case 'EnumerateViewNode':
        return n.condition ? { ...n, condition: renameInExpr(n.condition, from, to) } : n;
      case 'EnumerateNearVectorNode':
        return { ...n, inVariable: v(n.inVariable), ...(n.filter ? { filter: renameInExpr(n.filter, from, to) } : {}) };
      case 'FilterNode':
      case 'ReturnNode':
        return { ...n, inVariable: v(n.inVariable) };
      case 'SortNode':
        return { ...n, elements: n.elements.map((e) => ({ ...e, variable: v(e.variable) })) };
      case 'CollectNode':
        return {
          ...n,
          groups: n.groups.map((g) => ({ ...g, inVariable: v(g.inVariable) })),
          aggregates: n.aggregates.map((a) => ({ ...a, inVariable: a.inVariable && v(a.inVariable) })),
          into: n.into && { ...n.into, expressionVariable: n.into.expressionVariable && v(n.into.expressionVariable), keep: n.into.keep.map(v) },
        };
      case 'WindowNode':
        return {
          ...n,
          rangeVariable: n.rangeVariable && v(n.rangeVariable),
          aggregates: n.aggregates.map((a) => ({ ...a, inVariable: a.inVariable && v(a.inVariable) })),
        };
      case 'SubqueryNode': {
        const sub = { nodes: [...n.subquery.nodes] };
        renameVariable(sub, from, to);
        return { ...n, subquery: sub };
      }
      case 'TraversalNode':
        return {
          ...n,
          start: renameInput(n.start, from, to),
          ...(n.prune ? { prune: renameInExpr(n.prune, from, to) } : {}),
          ...(n.conditions ? { conditions: n.conditions.map((c) => ({ ...c, expression: renameInExpr(c.expression, from, to) })) } : {}),
          ...(n.postFilter ? { postFilter: n.postFilter.map((e) => renameInExpr(e, from, to)) } : {}),
        };
      case 'ShortestPathNode':
        return { ...n, start: renameInput(n.start, from, to), target: renameInput(n.target, from, to) };
      case 'EnumeratePathsNode':
        return {
          ...n,
          start: renameInput(n.start, from, to),
          target: renameInput(n.target, from, to),
          ...(n.elementFilters ? { elementFilters: n.elementFilters.map((f) => ({ ...f, test: renameInExpr(f.test, from, to) })) } : {}),
        };
      case 'IndexNode':
        return {
          ...n,
          conditions: n.conditions.map((f) => f.map((c) => ({ ...c, value: renameInExpr(c.value, from, to) }))),
          ...(n.branches
            ? { branches: n.branches.map((b) => ({ ...b, conditions: b.conditions.map((f) => f.map((c) => ({ ...c, value: renameInExpr(c.value, from, to) }))) })) }
            : {}),
          ...(n.filter ? { filter: renameInExpr(n.filter, from, to) } : {}),
          ...(n.search ? { search: renameInExpr(n.search, from, to) } : {}),
          ...(n.geo ? { geo: renameGeo(n.geo, (e) => renameInExpr(e, from, to)) } : {}),
        };
      default:
        return n;
    }
  });
}

/** True when evaluating the expression can neither fail nor differ between evaluations. */
export function isPure(e: RExpr): boolean {
  switch (e.k) {
    case 'call':
      return e.def.deterministic && !e.def.async && !['FAIL', 'ASSERT', 'WARN', 'SLEEP', 'V8', 'CALL', 'APPLY'].includes(e.name) && e.args.every(isPure);
    case 'arith':
      return e.op !== '/' && e.op !== '%' && isPure(e.left) && isPure(e.right);
    case 'const':
    case 'var':
      return true;
    default:
      return everyChild(e, isPure);
  }
}

/** True when the expression calls a non-deterministic function (it must not be moved or merged). */
export function isDeterministic(e: RExpr): boolean {
  if (e.k === 'call' && (!e.def.deterministic || e.def.async)) return false;
  return everyChild(e, isDeterministic);
}
