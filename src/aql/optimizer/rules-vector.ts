// use-vector-index (ArangoDB's useVectorIndexRule): turns
//   FOR d IN c [FILTER cond] SORT APPROX_NEAR_<metric>(d.attr, point [, options]) LIMIT [o,] n
// into an EnumerateNearVectorNode over a ready vector index of c on `attr` whose metric is
// the function's, when the SORT goes the metric's way (L2 ascending, cosine and inner
// product descending). The SORT and the calculation it read go; the LIMIT stays; a
// CalculationNode computing the point comes before the new node; one FILTER on the
// document alone (with its calculation) moves into the node (filtered search). Where the rule does not apply, the
// APPROX_NEAR_* call stays and fails when evaluated (1554), as in ArangoDB.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject } from '../../storage/documents.js';
import { vectorProps } from '../../storage/vector-index.js';
import type { IndexRecord } from '../../storage/catalog.js';
import { APPROX_FUNCTION, descendingMetric } from '../functions/vector.js';
import { attributePath, variablesUsed, type RExpr, type Variable } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, Plan, PlanNode, QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { newVariable, nextNodeId } from './rules-basic.js';
import { definesOf, pipelines, usesOf } from './vars.js';

/** The loop shape the rule looks for, found from the EnumerateCollectionNode at `i`. */
interface Shape {
  sortAt: number;
  limitAt: number;
  filterAt?: number;
}

function shapeAfter(p: Plan, i: number): Shape | undefined {
  let j = i + 1;
  const skipCalculations = () => {
    while (p.nodes[j]?.type === 'CalculationNode') j++;
  };
  skipCalculations();
  let filterAt: number | undefined;
  if (p.nodes[j]?.type === 'FilterNode') {
    filterAt = j++;
    skipCalculations();
  }
  const sort = p.nodes[j];
  const limit = p.nodes[j + 1];
  if (sort?.type !== 'SortNode' || limit?.type !== 'LimitNode' || limit.limit === 0) return undefined;
  return { sortAt: j, limitAt: j + 1, ...(filterAt !== undefined ? { filterAt } : {}) };
}

/** The CalculationNode among nodes [from, to) that defines `v`, with its position. */
function calculationOf(p: Plan, v: Variable, from: number, to: number): { at: number; node: CalculationNode } | undefined {
  for (let k = from; k < to; k++) {
    const n = p.nodes[k]!;
    if (n.type === 'CalculationNode' && n.outVariable === v) return { at: k, node: n };
  }
  return undefined;
}

/**
 * The APPROX_NEAR_* options (third argument) as ArangoDB's SearchParameters reads them:
 * an object with an optional integer nProbe; anything else in it is a parse error (1501).
 * A third argument that is not a constant object is ignored.
 */
function searchParameters(arg: RExpr | undefined, ctx: OptimizerContext): { nProbe?: number } {
  if (!arg) return {};
  const value = ctx.evaluate(arg);
  if (!isPlainObject(value)) return {};
  const fail = (msg: string): never => {
    throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, `error parsing searchParameters: ${msg}!`);
  };
  for (const k of Object.keys(value)) if (k !== 'nProbe') fail(`Found unexpected attribute '${k}'`);
  if (value.nProbe === undefined || value.nProbe === null) return {};
  if (typeof value.nProbe !== 'number' || !Number.isInteger(value.nProbe)) return fail('Expecting type Int');
  return { nProbe: value.nProbe };
}

/** The query point of an APPROX_NEAR_* call on `doc.<field>`, either way round, or undefined. */
function queryPoint(call: Extract<RExpr, { k: 'call' }>, doc: Variable, field: string): RExpr | undefined {
  const [a, b] = call.args;
  if (!a || !b) return undefined;
  if (attributePath(a, doc) === field) return b;
  if (attributePath(b, doc) === field) return a;
  return undefined;
}

/**
 * Vector indexes a loop may use, those its indexHint names first (in the hint's order);
 * with forceIndexHint only those. A forced hint naming no index of the collection at all
 * is 1572, as use-indexes words it (a hinted index of another type is left to it).
 */
function candidates(loop: EnumerateCollectionNode, ctx: OptimizerContext): IndexRecord[] {
  const indexes = ctx.indexes(loop.collection);
  const all = indexes.filter((ix) => ix.type === 'vector' && !ix.building);
  const hint = loop.indexHint;
  if (!hint) return all;
  const hinted = hint.names.flatMap((name) => all.filter((ix) => ix.name === name));
  if (!hint.forced) return [...hinted, ...all.filter((ix) => !hinted.includes(ix))];
  if (!indexes.some((ix) => hint.names.includes(ix.name))) {
    const text = JSON.stringify({ forced: hint.forced, lookahead: 1, type: 'simple', hint: hint.names });
    throw ArangoError.withMessage(ERR.ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE, `could not use index hint to serve query; ${text}`);
  }
  return hinted;
}

/** Rewrites the loop at `i` if it can; true when it did. */
function rewrite(q: QueryPlan, p: Plan, i: number, ctx: OptimizerContext): boolean {
  const loop = p.nodes[i] as EnumerateCollectionNode;
  if (loop.random || loop.disableIndex) return false;
  const shape = shapeAfter(p, i);
  if (!shape) return false;
  const sort = p.nodes[shape.sortAt] as Extract<PlanNode, { type: 'SortNode' }>;
  const limit = p.nodes[shape.limitAt] as Extract<PlanNode, { type: 'LimitNode' }>;
  if (sort.elements.length !== 1) return false;
  const { variable: distance, ascending } = sort.elements[0]!;
  const distanceCalc = calculationOf(p, distance, i + 1, shape.sortAt);
  const call = distanceCalc?.node.expression;
  if (!distanceCalc || call?.k !== 'call' || !Object.values(APPROX_FUNCTION).includes(call.name)) return false;
  const doc = loop.outVariable;
  for (const ix of candidates(loop, ctx)) {
    const { metric } = vectorProps(ix).params;
    if (call.name !== APPROX_FUNCTION[metric] || ascending === descendingMetric(metric)) continue;
    const point = queryPoint(call, doc, ix.fields[0]!);
    if (!point) continue;
    // the point is computed before the loop: it may read nothing the loop's nodes define
    const inLoop = new Set(p.nodes.slice(i, shape.sortAt).flatMap(definesOf));
    if ([...variablesUsed(point)].some((v) => inLoop.has(v))) continue;
    if (ctx.vectorReady && !ctx.vectorReady(ix)) continue;
    const removed = new Set<number>([distanceCalc.at, shape.sortAt]);
    let filter: RExpr | undefined;
    if (shape.filterAt !== undefined) {
      const f = p.nodes[shape.filterAt] as Extract<PlanNode, { type: 'FilterNode' }>;
      const fc = calculationOf(p, f.inVariable, i + 1, shape.filterAt);
      filter = fc ? fc.node.expression : { k: 'var', v: f.inVariable };
      const reads = variablesUsed(filter);
      if (reads.has(distance)) {
        throw ArangoError.withMessage(
          ERR.ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED,
          'filter on the distance variable cannot be pushed into the vector search; the distance is produced by the search itself',
        );
      }
      // the filter runs inside the node on each candidate: it may read the document only
      // (as ArangoDB, which refuses `FILTER d2.x < 5 OR d1.x < 5` over d2's index)
      if ([...reads].some((v) => v !== doc)) continue;
      removed.add(shape.filterAt);
      if (fc && !usedElsewhere(q, fc.node.outVariable, f)) removed.add(fc.at);
    }
    const inVariable = newVariable(q);
    const pointCalc: CalculationNode = { type: 'CalculationNode', id: nextNodeId(q), expression: point, outVariable: inVariable, async: false };
    const near: PlanNode = {
      type: 'EnumerateNearVectorNode',
      id: pointCalc.id + 1,
      collection: loop.collection,
      index: ix,
      inVariable,
      oldDocumentVariable: doc,
      distanceOutVariable: distance,
      limit: limit.limit,
      offset: limit.offset,
      searchParameters: searchParameters(call.args[2], ctx),
      ...(filter ? { filter } : {}),
    };
    p.nodes = p.nodes.flatMap((n, k) => (k === i ? [pointCalc, near] : removed.has(k) ? [] : [n]));
    return true;
  }
  return false;
}

/** Whether `v` is read by any node of the plan but `except`. */
function usedElsewhere(q: QueryPlan, v: Variable, except: PlanNode): boolean {
  for (const p of pipelines(q.root)) for (const n of p.nodes) if (n !== except && usesOf(n).includes(v)) return true;
  return false;
}

export function useVectorIndex(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      if (p.nodes[i]!.type === 'EnumerateCollectionNode' && rewrite(q, p, i, ctx)) changed = true;
    }
  }
  return changed;
}
