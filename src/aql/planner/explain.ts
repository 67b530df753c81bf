// Plans as /_api/explain prints them: ArangoDB's node type names and attributes, rough
// cost estimates (items multiply through enumerations), expressions in AstNode format,
// and subqueries spliced inline between SubqueryStartNode and SubqueryEndNode as 3.12
// prints them. Nothing here executes anything.
import { typeName, type AqlValue } from '../../values/index.js';
import { readsOnlyStoredAttributes, type RExpr, type Variable } from './ir.js';
import type { IndexRecord } from '../../storage/catalog.js';
import { invertedView, type InvertedProps } from '../../storage/inverted-index.js';
import type { CollectNode, EnumerateNearVectorNode, GraphAccess, IndexNode, ModificationNode, Plan, PlanNode, QueryPlan, VertexInput, WindowBounds } from './plan.js';
import { formatIsoDuration } from '../functions/date-parse.js';
import { vectorProps } from '../../storage/vector-index.js';

type Json = Record<string, unknown>;

export interface CostModel {
  /** Document count of a collection (for estimates). */
  count(collection: string): number;
  database: string;
  /** An index's selectivity estimate (1 when unknown). */
  selectivity?(ix: IndexRecord): number;
  /** The edge index of an edge collection (graph nodes' `indexes`). */
  edgeIndex?(collection: string): IndexRecord | undefined;
}

/** Lookups an IndexNode makes per input row: the product of its equality candidates. */
function lookups(n: IndexNode): number {
  let total = 1;
  for (const f of n.conditions) {
    const eq = f.find((c) => c.op === '==');
    const inn = f.find((c) => c.op === 'in');
    if (eq) continue;
    if (!inn) break;
    total *= inn.value.k === 'const' && Array.isArray(inn.value.value) ? inn.value.value.length : 10;
  }
  return total;
}

/** Rows an IndexNode produces per input row (rough, like ArangoDB's estimates). */
function indexItems(n: IndexNode, model: CostModel): number {
  const count = model.count(n.collection);
  // a union of lookups: the sum of its branches' estimates (as ArangoDB adds them up)
  if (n.branches) return Math.min(count, n.branches.reduce((sum, b) => sum + indexItems({ ...n, ...b, branches: undefined }, model), 0));
  // an inverted index's ArangoSearch condition: half of the documents, as for a range
  if (n.search) return Math.max(1, Math.ceil(count / 2));
  // a geo read of a region: a small part of the collection (a sort alone reads it all)
  if (n.geo) return n.geo.maxDistance.length > 0 || n.geo.shape ? Math.max(1, Math.ceil(count / 100)) : count;
  const used = n.conditions.filter((f) => f.length > 0);
  if (used.length === 0) return count;
  const ix = n.index;
  const eqAll = n.conditions.every((f) => f.some((c) => c.op === '==' || c.op === 'in'));
  const byValue = n.conditions.some((f) => f.some((c) => c.op === '==' || c.op === 'in'));
  if ((ix.type === 'primary' && byValue) || (ix.unique && eqAll)) return Math.min(count, lookups(n));
  const ranged = used.some((f) => f.every((c) => c.op !== '==' && c.op !== 'in'));
  const sel = model.selectivity?.(ix) ?? 1;
  const perLookup = ix.type === 'edge' ? Math.max(1, Math.round(count / 10)) : Math.max(1, Math.round(1 / (sel > 0 ? sel : 1)));
  const items = ranged && used.length === 1 ? Math.ceil(count / 2) : lookups(n) * perLookup;
  return Math.min(count, items);
}

/** Lengths of constant arrays and ranges computed so far (EnumerateListNode estimates). */
export type KnownLengths = Map<Variable, number>;

function noteLength(n: PlanNode, lengths: KnownLengths): void {
  if (n.type !== 'CalculationNode') return;
  const e = n.expression;
  if (e.k === 'const' && Array.isArray(e.value)) lengths.set(n.outVariable, e.value.length);
  else if (e.k === 'range' && e.from.k === 'const' && e.to.k === 'const' && typeof e.from.value === 'number' && typeof e.to.value === 'number') {
    lengths.set(n.outVariable, Math.abs(Math.trunc(e.to.value) - Math.trunc(e.from.value)) + 1);
  }
}

/** Rows a node produces from `input` rows (the estimate explain and the optimizer share). */
export function itemsOf(n: PlanNode, input: number, model: CostModel, lengths: KnownLengths = new Map()): number {
  noteLength(n, lengths);
  switch (n.type) {
    case 'SingletonNode':
      return 1;
    case 'EnumerateCollectionNode':
      return input * model.count(n.collection);
    case 'EnumerateViewNode':
      return input * n.collections.reduce((sum, c) => sum + model.count(c), 0);
    case 'IndexNode':
      return input * indexItems(n, model);
    case 'EnumerateNearVectorNode':
      // as ArangoDB's EnumerateNearVectorNode::estimateCost: the limit, at most every document
      return Math.min(n.limit, input * model.count(n.collection));
    case 'EnumerateListNode':
      return input * (lengths.get(n.inVariable) ?? 100);
    case 'LimitNode':
      return Math.min(n.limit, Math.max(0, input - n.offset));
    case 'SortNode':
      return n.limit !== undefined ? Math.min(input, n.limit) : input;
    case 'CollectNode':
      return n.groups.length === 0 && n.method !== 'distinct' ? 1 : input;
    case 'NoResultsNode':
      return 0;
    case 'TraversalNode':
      // as ArangoDB's rough guess: a fan-out per level, levels min..max
      return input * Math.max(1, n.maxDepth - n.minDepth + 1) * 10;
    case 'ShortestPathNode':
      return input * 10;
    case 'EnumeratePathsNode':
      return input * 10;
    default:
      return input;
  }
}

/** Estimated rows entering node `i` of a pipeline (a subquery's pipeline starts from 1 row). */
export function itemsBefore(p: Plan, i: number, model: CostModel): number {
  let items = 1;
  const lengths: KnownLengths = new Map();
  for (let k = 0; k < i; k++) items = itemsOf(p.nodes[k], items, model, lengths);
  return items;
}

function indexJson(ix: IndexRecord, model: CostModel): Json {
  const base = { id: String(ix.id), type: ix.typeName ?? ix.type, name: ix.name, fields: ix.fields };
  // an inverted index shows its whole definition, as GET /_api/index does
  if (ix.type === 'inverted') return { ...invertedView(String(ix.id), ix.name, ix.props as unknown as InvertedProps, false), selectivityEstimate: 1 };
  if (ix.type !== 'persistent') return { ...base, selectivityEstimate: 1, unique: ix.type === 'primary', sparse: false };
  return {
    ...base,
    selectivityEstimate: model.selectivity?.(ix) ?? 1,
    unique: ix.unique,
    sparse: ix.sparse,
    deduplicate: ix.deduplicate,
    estimates: ix.estimates,
    cacheEnabled: ix.cacheEnabled,
  };
}

/** Whether a vector search's filter reads only attributes the index stores (its storedValues). */
function coveredByStoredValues(n: EnumerateNearVectorNode): boolean {
  const stored = vectorProps(n.index).storedValues;
  if (!n.filter || !stored) return false;
  const paths = new Map<string, string[]>();
  if (!readsOnlyStoredAttributes(n.filter, n.oldDocumentVariable, paths)) return false;
  return [...paths.values()].every((p) => stored.some((s) => p.join('.') === s || p.join('.').startsWith(s + '.')));
}

const VALUE_TYPE_IDS: Record<string, number> = { null: 1, bool: 2, number: 3, string: 4, array: 5, object: 6 };

/** ArangoDB prints a one-name projection as the name, a nested one as its path. */
function projectionsJson(paths: string[][] | undefined): (string | string[])[] {
  return (paths ?? []).map((p) => (p.length === 1 ? p[0] : p));
}

const DIRECTION_NUMBERS = { any: 0, inbound: 1, outbound: 2 } as const;

/** A WindowNode's `preceding` and `following`, as ArangoDB's WindowBounds::toVelocyPack prints them. */
function windowBoundsJson(b: WindowBounds): Json {
  if (b.type === 'row') {
    const rows = (n: number): number | string => (n === Infinity ? 'unbounded' : n);
    return { preceding: rows(b.preceding), following: rows(b.following) };
  }
  if (b.unit === 'numeric') return { preceding: b.preceding, following: b.following };
  return { preceding: formatIsoDuration(b.preceding), following: formatIsoDuration(b.following) };
}

/** A start or target vertex: `<variable>: {...}` or `<constant>: "id"`. */
function vertexJson(input: VertexInput, variableKey: string, idKey: string): Json {
  return 'variable' in input ? { [variableKey]: varJson(input.variable) } : { [idKey]: input.id };
}

function varJson(v: Variable): Json {
  return { id: v.id, name: v.name, isFullDocumentFromCollection: false, isDataFromCollection: false };
}

/**
 * A constant. ArangoDB's AST keeps a constant array or object as an `array` or `object`
 * node of constant members (a folded `["a", "b"]`, a bind parameter), so it prints so too.
 */
function valueJson(value: AqlValue): Json {
  if (Array.isArray(value)) return { type: 'array', subNodes: value.map(valueJson) };
  if (value !== null && typeof value === 'object') {
    return { type: 'object', subNodes: Object.entries(value).map(([name, v]) => ({ type: 'object element', name, subNodes: [valueJson(v)] })) };
  }
  const t = typeName(value);
  const vType = t === 'number' ? (Number.isInteger(value) ? 'int' : 'double') : t;
  return { type: 'value', typeName: 'value', typeID: 40, value, vType, vTypeID: VALUE_TYPE_IDS[t] };
}

const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'division', '%': 'modulus' };
const UNARY: Record<string, string> = { '-': 'unary minus', '+': 'unary plus', '!': 'unary not' };

function node(type: string, subNodes: RExpr[], extra: Json = {}): Json {
  return { type, ...extra, subNodes: subNodes.map(exprJson) };
}

/** An expression in ArangoDB's AstNode JSON format. */
export function exprJson(e: RExpr): Json {
  switch (e.k) {
    case 'const':
      return valueJson(e.value);
    case 'var':
      return { type: 'reference', name: e.v.name, id: e.v.id };
    case 'array':
      return node('array', e.items);
    case 'object':
      return {
        type: 'object',
        subNodes: e.members.map((m) =>
          typeof m.key === 'string' ? { type: 'object element', name: m.key, subNodes: [exprJson(m.value)] } : { type: 'calculated object element', subNodes: [exprJson(m.key), exprJson(m.value)] },
        ),
      };
    case 'attr':
      return node('attribute access', [e.obj], { name: e.name });
    case 'index':
      return node('indexed access', [e.obj, e.index]);
    case 'expand':
      if (e.bool) {
        const q = e.bool;
        const quantifier =
          q === 'some' ? { type: 'no-op' } : q === 'count' ? exprJson(e.offset!) : q === 'range' ? node('range', [e.offset!, e.count!]) : q === 'atLeast' ? { type: 'quantifier', quantifier: 'at least', subNodes: [exprJson(e.offset!)] } : { type: 'quantifier', quantifier: q };
        return {
          type: 'expansion',
          levels: e.levels + 1,
          booleanize: true,
          subNodes: [
            { type: 'iterator', subNodes: [varJson(e.v), exprJson(e.obj)] },
            { type: 'reference', name: e.v.name, id: e.v.id },
            { type: 'array filter', subNodes: [quantifier, e.filter ? exprJson(e.filter) : { type: 'no-op' }] },
            { type: 'no-op' },
            { type: 'no-op' },
          ],
        };
      }
      return {
        type: 'expansion',
        levels: e.levels + 1,
        subNodes: [
          { type: 'iterator', subNodes: [varJson(e.v), exprJson(e.obj)] },
          { type: 'reference', name: e.v.name, id: e.v.id },
          e.filter ? exprJson(e.filter) : { type: 'no-op' },
          e.offset && e.count ? node('limit', [e.offset, e.count]) : { type: 'no-op' },
          e.projection ? exprJson(e.projection) : { type: 'no-op' },
        ],
      };
    case 'unary':
      return node(UNARY[e.op], [e.operand]);
    case 'arith':
      return node(ARITH[e.op], [e.left, e.right]);
    case 'compare':
      return node(`compare ${e.op}`, [e.left, e.right]);
    case 'match':
      return e.op === 'like' || e.op === 'not like'
        ? node('function call', [{ k: 'array', items: [e.left, e.right] }], { name: 'LIKE' })
        : node('function call', [{ k: 'array', items: [e.left, e.right] }], { name: 'REGEX_TEST' });
    case 'logical':
      return node(e.op === '&&' ? 'logical and' : 'logical or', [e.left, e.right]);
    case 'quant':
      return node(`array compare ${e.op}`, [e.left, e.right], { quantifier: e.q.kind });
    case 'ternary':
      return node('ternary', e.then ? [e.cond, e.then, e.else] : [e.cond, e.else]);
    case 'range':
      return node('range', [e.from, e.to]);
    case 'call':
      return node(e.def.user ? 'user function call' : 'function call', [{ k: 'array', items: e.args }], { name: e.name });
  }
}

interface Estimate {
  items: number;
  cost: number;
}

/**
 * The SortNode ArangoDB's specialize-collect puts before a sorted COLLECT (by the group
 * inputs, stable) or after a hash COLLECT (by the groups). Cairn's CollectBlock groups and
 * orders its output itself, so the plan has no such node; explain shows the sort done.
 */
function collectSort(n: CollectNode, vars: Variable[], stable: boolean): Json {
  return { type: 'SortNode', id: n.id * 1000 + 2, elements: vars.map((v) => ({ inVariable: varJson(v), ascending: true })), stable, limit: 0, strategy: 'standard' };
}

/** True when a SORT upstream of `collect` (past nodes that keep the order) already sorts by its group inputs. */
function sortedBefore(nodes: readonly PlanNode[], collect: CollectNode): boolean {
  for (let i = nodes.indexOf(collect) - 1; i >= 0; i--) {
    const d = nodes[i];
    if (d.type === 'SortNode') return collect.groups.every((g) => d.elements.some((e) => e.variable === g.inVariable));
    if (!['FilterNode', 'LimitNode', 'CalculationNode', 'SubqueryNode', 'InsertNode', 'RemoveNode', 'ReplaceNode', 'UpdateNode', 'UpsertNode'].includes(d.type)) return false;
  }
  return false;
}

class Printer {
  private readonly out: Json[] = [];
  private readonly lengths: KnownLengths = new Map();
  constructor(private readonly model: CostModel) {}

  print(plan: Plan, deps: number | null, est: Estimate, subqueryRoot: boolean): { last: number; est: Estimate } {
    let prev = deps;
    let e = est;
    for (const n of plan.nodes) {
      if (n.type === 'SingletonNode' && subqueryRoot) continue;
      // A spliced subquery's RETURN is its SubqueryEndNode's inVariable (3.12 prints no node).
      if (n.type === 'ReturnNode' && subqueryRoot) continue;
      if (n.type === 'SubqueryNode') {
        const start = this.emit({ type: 'SubqueryStartNode', id: n.id * 1000 + 1, subqueryOutVariable: varJson(n.outVariable) }, prev, e, 1);
        const ret = n.subquery.nodes[n.subquery.nodes.length - 1];
        const inner = this.print(n.subquery, start, e, true);
        e = { items: e.items, cost: inner.est.cost + e.items };
        const isModificationSubquery = n.subquery.nodes.some((x) => 'outVariableNew' in x);
        const end = { type: 'SubqueryEndNode', id: n.id, ...(ret.type === 'ReturnNode' ? { inVariable: varJson(ret.inVariable) } : {}), outVariable: varJson(n.outVariable), isModificationSubquery };
        prev = this.emit(end, inner.last, e, e.items);
        continue;
      }
      if (n.type === 'CollectNode' && n.method === 'sorted' && n.groups.length > 0 && !sortedBefore(plan.nodes, n)) {
        e = { items: e.items, cost: e.cost + e.items };
        prev = this.emit(collectSort(n, n.groups.map((g) => g.inVariable), true), prev, e, e.items);
      }
      const items = this.items(n, e.items);
      e = { items, cost: e.cost + items };
      prev = this.emit(this.attributes(n), prev, e, items);
      if (n.type === 'CollectNode' && n.method === 'hash' && n.groups.length > 0) {
        e = { items: e.items, cost: e.cost + e.items };
        prev = this.emit(collectSort(n, n.groups.map((g) => g.outVariable), false), prev, e, e.items);
      }
    }
    return { last: prev ?? 0, est: e };
  }

  private emit(json: Json, dep: number | null, est: Estimate, items: number): number {
    const id = json.id as number;
    this.out.push({ ...json, dependencies: dep === null ? [] : [dep], estimatedCost: est.cost, estimatedNrItems: items });
    return id;
  }

  private items(n: PlanNode, input: number): number {
    return itemsOf(n, input, this.model, this.lengths);
  }

  private attributes(n: PlanNode): Json {
    const base = { type: n.type, id: n.id };
    switch (n.type) {
      case 'SingletonNode':
        return base;
      case 'EnumerateCollectionNode':
        return {
          ...base,
          database: this.model.database,
          collection: n.collection,
          outVariable: varJson(n.outVariable),
          random: n.random,
          producesResult: true,
          projections: projectionsJson(n.projections),
          filterProjections: [],
          maxProjections: 5,
          indexHint: { forced: false, type: 'none' },
          count: n.count === true,
          readOwnWrites: false,
          ...(n.filter ? { filter: exprJson(n.filter) } : {}),
        };
      case 'EnumerateViewNode':
        return {
          ...base,
          database: this.model.database,
          view: n.view,
          outVariable: varJson(n.outVariable),
          noMaterialization: false,
          options: n.options,
          condition: n.condition ? exprJson(n.condition) : {},
          scorers: [],
          viewValuesVars: [],
        };
      case 'EnumerateListNode':
        return { ...base, inVariable: varJson(n.inVariable), outVariable: varJson(n.outVariable), ...(n.filter ? { filter: exprJson(n.filter) } : {}) };
      case 'CalculationNode':
        return { ...base, expression: exprJson(n.expression), outVariable: varJson(n.outVariable), canThrow: false, expressionType: 'simple' };
      case 'FilterNode':
        return { ...base, inVariable: varJson(n.inVariable) };
      case 'SortNode':
        return {
          ...base,
          elements: n.elements.map((e) => ({ inVariable: varJson(e.variable), ascending: e.ascending })),
          stable: false,
          limit: n.limit ?? 0,
          strategy: n.limit !== undefined ? 'constrained-heap' : 'standard',
        };
      case 'IndexNode':
        return {
          ...base,
          database: this.model.database,
          collection: n.collection,
          satellite: false,
          isSatellite: false,
          isSatelliteOf: null,
          outVariable: varJson(n.outVariable),
          projections: projectionsJson(n.projections ?? n.readProjections?.paths),
          filterProjections: [],
          count: n.count === true,
          producesResult: true,
          readOwnWrites: false,
          useCache: true,
          maxProjections: 5,
          needsGatherNodeSort: false,
          indexCoversProjections: n.projections !== undefined || n.readProjections?.covered === true,
          indexes: (n.branches ?? [n]).map((b) => indexJson(b.index, this.model)),
          allCoveredByOneIndex: n.allCovered === true,
          condition: n.condition
            ? { type: 'n-ary or', typeID: 62, subNodes: (n.branches ?? [{ condition: n.condition }]).map((b) => ({ type: 'n-ary and', typeID: 61, subNodes: b.condition.map(exprJson) })) }
            : {},
          sorted: n.geo ? n.geo.sort !== undefined : n.sort !== undefined || n.index.type !== 'edge',
          ascending: n.ascending,
          reverse: !n.ascending,
          evalFCalls: true,
          waitForSync: false,
          limit: n.limit ?? 0,
          lookahead: n.lookahead ?? 1,
          ...(n.late ? { outNmDocId: varJson(n.late.docIdVariable), indexIdOfVars: n.index.id, indexValuesVars: [] } : {}),
          ...(n.filter ? { filter: exprJson(n.filter) } : {}),
        };
      case 'MaterializeNode':
        return { ...base, inNmDocId: varJson(n.docIdVariable), outVariable: varJson(n.outVariable), collection: n.collection };
      case 'EnumerateNearVectorNode':
        return {
          ...base,
          inVariable: varJson(n.inVariable),
          oldDocumentVariable: varJson(n.oldDocumentVariable),
          documentOutVariable: varJson(n.oldDocumentVariable),
          distanceOutVariable: varJson(n.distanceOutVariable),
          limit: n.limit,
          offset: n.offset,
          searchParameters: n.searchParameters,
          database: this.model.database,
          collection: n.collection,
          satellite: false,
          isSatellite: false,
          isSatelliteOf: null,
          index: { ...indexJson(n.index, this.model), params: vectorProps(n.index).params, sparse: n.index.sparse },
          isCoveredByStoredValues: coveredByStoredValues(n),
          ...(n.filter ? { filter: exprJson(n.filter) } : {}),
        };
      case 'NoResultsNode':
        return base;
      case 'LimitNode':
        return { ...base, offset: n.offset, limit: n.limit, fullCount: n.fullCount };
      case 'CollectNode':
        return {
          ...base,
          groups: n.groups.map((g) => ({ outVariable: varJson(g.outVariable), inVariable: varJson(g.inVariable) })),
          aggregates: n.aggregates.map((a) => ({ outVariable: varJson(a.outVariable), ...(a.inVariable ? { inVariable: varJson(a.inVariable) } : {}), type: a.type })),
          ...(n.into ? { outVariable: varJson(n.into.outVariable) } : {}),
          ...(n.into?.expressionVariable ? { expressionVariable: varJson(n.into.expressionVariable) } : {}),
          keepVariables: (n.into?.keep ?? []).map((v) => ({ variable: varJson(v) })),
          collectOptions: { method: n.method },
          isDistinctCommand: n.method === 'distinct',
        };
      case 'WindowNode':
        return {
          ...base,
          ...(n.rangeVariable ? { rangeVariable: varJson(n.rangeVariable) } : {}),
          aggregates: n.aggregates.map((a) => ({ outVariable: varJson(a.outVariable), ...(a.inVariable ? { inVariable: varJson(a.inVariable) } : {}), type: a.type })),
          ...windowBoundsJson(n.bounds),
        };
      case 'ReturnNode':
        return { ...base, inVariable: varJson(n.inVariable), count: true };
      case 'SubqueryNode':
        return base;
      case 'InsertNode':
        return { ...base, ...this.modification(n), inVariable: varJson(n.inVariable) };
      case 'RemoveNode':
        return { ...base, ...this.modification(n), inVariable: varJson(n.inVariable) };
      case 'UpdateNode':
      case 'ReplaceNode':
        return { ...base, ...this.modification(n), inDocVariable: varJson(n.inDocVariable), ...(n.inKeyVariable ? { inKeyVariable: varJson(n.inKeyVariable) } : {}) };
      case 'TraversalNode':
        return {
          ...base,
          ...this.graph(n.graph),
          ...vertexJson(n.start, 'inVariable', 'vertexId'),
          vertexOutVariable: varJson(n.vertexOut),
          ...(n.edgeOut ? { edgeOutVariable: varJson(n.edgeOut) } : {}),
          ...(n.pathOut ? { pathOutVariable: varJson(n.pathOut) } : {}),
          options: {
            parallelism: 1,
            refactor: true,
            produceVertices: true,
            maxProjections: 5,
            useCache: true,
            minDepth: n.minDepth,
            maxDepth: n.maxDepth,
            neighbors: false,
            uniqueVertices: n.options.uniqueVertices,
            uniqueEdges: n.options.uniqueEdges,
            order: n.options.order,
            weightAttribute: n.options.weightAttribute,
            defaultWeight: n.options.defaultWeight,
            vertexCollections: n.options.vertexCollections,
            edgeCollections: n.options.edgeCollections,
            type: 'traversal',
          },
          indexes: { base: this.edgeIndexes(n.graph), levels: {} },
          ...(n.prune ? { expression: exprJson(n.prune), pruneVariables: [] } : {}),
          ...(n.postFilter ? { postFilter: exprJson(n.postFilter.reduce((a, b): RExpr => ({ k: 'logical', op: '&&', left: a, right: b }))) } : {}),
        };
      case 'ShortestPathNode':
        return {
          ...base,
          ...this.graph(n.graph),
          ...vertexJson(n.start, 'startInVariable', 'startVertexId'),
          ...vertexJson(n.target, 'targetInVariable', 'targetVertexId'),
          vertexOutVariable: varJson(n.vertexOut),
          ...(n.edgeOut ? { edgeOutVariable: varJson(n.edgeOut) } : {}),
          options: { parallelism: 1, refactor: true, produceVertices: true, weightAttribute: n.options.weightAttribute, defaultWeight: n.options.defaultWeight, type: 'shortestPath' },
        };
      case 'EnumeratePathsNode':
        return {
          ...base,
          ...this.graph(n.graph),
          pathType: n.pathType,
          ...vertexJson(n.start, 'startInVariable', 'startVertexId'),
          ...vertexJson(n.target, 'targetInVariable', 'targetVertexId'),
          pathOutVariable: varJson(n.pathOut),
          options: {
            parallelism: 1,
            refactor: true,
            produceVertices: true,
            minDepth: n.minDepth,
            maxDepth: n.maxDepth,
            weightAttribute: n.options.weightAttribute,
            defaultWeight: n.options.defaultWeight,
            type: 'shortestPath',
          },
        };
      case 'UpsertNode':
        return {
          ...base,
          ...this.modification(n),
          inDocVariable: varJson(n.oldVariable),
          search: exprJson(n.search),
          insert: exprJson(n.insert),
          update: exprJson(n.update),
          isReplace: n.isReplace,
        };
    }
  }

  /** What ArangoDB's GraphNode prints for every graph node: the graph, its collections and directions. */
  private graph(g: GraphAccess): Json {
    const vertexCollections = g.vertexCollections;
    return {
      database: this.model.database,
      graph: g.graph,
      ...(typeof g.graph === 'string'
        ? { graphDefinition: { vertexCollectionNames: vertexCollections, edgeCollectionNames: [...new Set(g.edges.map((e) => e.collection))] } }
        : {}),
      isLocalGraphNode: false,
      isUsedAsSatellite: false,
      defaultDirection: DIRECTION_NUMBERS[g.defaultDirection],
      directions: g.edges.map((e) => (e.direction === 'out' ? 2 : 1)),
      edgeCollections: g.edges.map((e) => e.collection),
      vertexCollections,
      collectionToShard: {},
      isSmart: false,
      isDisjoint: false,
    };
  }

  /** The edge index each lookup of a graph node reads (`indexes.base`). */
  private edgeIndexes(g: GraphAccess): Json[] {
    return g.edges.map((e) => {
      const ix = this.model.edgeIndex?.(e.collection);
      const json = ix ? indexJson(ix, this.model) : { type: 'edge' };
      return { ...json, fields: [e.direction === 'out' ? '_from' : '_to'] };
    });
  }

  /** What ArangoDB prints for every ModificationNode. */
  private modification(n: ModificationNode): Json {
    const o = n.options;
    return {
      database: this.model.database,
      collection: n.collection,
      countStats: true,
      producesResult: n.outVariableNew !== null || n.outVariableOld !== null,
      ...(n.outVariableNew ? { outVariableNew: varJson(n.outVariableNew) } : {}),
      ...(n.outVariableOld ? { outVariableOld: varJson(n.outVariableOld) } : {}),
      modificationFlags: {
        waitForSync: o.waitForSync,
        skipDocumentValidation: o.skipDocumentValidation,
        keepNull: o.keepNull,
        mergeObjects: o.mergeObjects,
        ignoreErrors: o.ignoreErrors,
        ignoreDocumentNotFound: o.ignoreDocumentNotFound,
        readCompleteInput: false,
        consultAqlWriteFilter: false,
        exclusive: o.exclusive,
        overwriteMode: o.overwriteMode ?? 'conflict',
        ignoreRevs: o.ignoreRevs,
        isRestore: false,
        refillIndexCaches: o.refillIndexCaches,
      },
    };
  }

  nodes(): Json[] {
    return this.out;
  }
}

function hasSubquery(plan: Plan): boolean {
  return plan.nodes.some((n) => n.type === 'SubqueryNode');
}

/** A plan's estimated total cost (what the optimizer ranks plans by). */
export function planCost(q: QueryPlan, model: CostModel): number {
  return new Printer(model).print(q.root, null, { items: 1, cost: 0 }, false).est.cost;
}

/** ArangoDB's ExecutionNode::NodeType numbers, which a verbose plan prints as `typeID`. */
const NODE_TYPE_IDS: Record<string, number> = {
  SingletonNode: 1,
  EnumerateCollectionNode: 2,
  EnumerateListNode: 4,
  EnumerateViewNode: 27,
  EnumerateNearVectorNode: 37,
  FilterNode: 5,
  LimitNode: 6,
  CalculationNode: 7,
  SubqueryNode: 8,
  SortNode: 9,
  CollectNode: 10,
  InsertNode: 14,
  RemoveNode: 15,
  ReplaceNode: 16,
  UpdateNode: 17,
  ReturnNode: 18,
  NoResultsNode: 19,
  UpsertNode: 21,
  TraversalNode: 22,
  IndexNode: 23,
  ShortestPathNode: 24,
  EnumeratePathsNode: 25,
  SubqueryStartNode: 29,
  SubqueryEndNode: 30,
  MaterializeNode: 31,
  WindowNode: 34,
};

/** How planJson prints: the explain options `verbosePlans` and `maxNodesPerCallstack`. */
export interface PlanJsonOptions {
  verbosePlans?: boolean;
  /** ArangoDB's default is 250. */
  maxNodesPerCallstack?: number;
}

const DEFAULT_MAX_NODES_PER_CALLSTACK = 250;

/**
 * A verbose plan's nodes, as ArangoDB's ExecutionNode::toVelocyPack with details prints
 * them: `typeID` and `parents` next to `dependencies`, and the execution flags. `nodes`
 * is one chain, singleton first (subqueries are spliced), so a node's parent is the next
 * one. Counted from the root, every maxNodesPerCallstack-th node splits the call stack
 * (Optimizer::finalizePlans' activateCallstackSplit). Register details are not printed.
 */
function verboseNodes(nodes: Json[], maxNodesPerCallstack: number): Json[] {
  const split = new Set<number>();
  for (let i = nodes.length - 1, count = 0; i >= 0; i--) {
    if (++count >= maxNodesPerCallstack) {
      count = 0;
      split.add(i);
    }
  }
  return nodes.map((n, i) => {
    const { type, id, dependencies, estimatedCost, estimatedNrItems, ...rest } = n;
    return {
      type,
      typeID: NODE_TYPE_IDS[type as string] ?? 0,
      dependencies,
      id,
      parents: i + 1 < nodes.length ? [nodes[i + 1]!.id] : [],
      estimatedCost,
      estimatedNrItems,
      isInSplicedSubquery: false,
      isAsyncPrefetchEnabled: false,
      isCallstackSplitEnabled: split.has(i),
      ...rest,
    };
  });
}

/** The `plan` attribute of an explain result. */
export function planJson(q: QueryPlan, model: CostModel, opts: PlanJsonOptions = {}): Json {
  const p = new Printer(model);
  const { est } = p.print(q.root, null, { items: 1, cost: 0 }, false);
  const rules = [...q.rules];
  if (hasSubquery(q.root) && !rules.includes('splice-subqueries')) rules.push('splice-subqueries');
  const max = typeof opts.maxNodesPerCallstack === 'number' && opts.maxNodesPerCallstack >= 1 ? Math.floor(opts.maxNodesPerCallstack) : DEFAULT_MAX_NODES_PER_CALLSTACK;
  return {
    nodes: opts.verbosePlans === true ? verboseNodes(p.nodes(), max) : p.nodes(),
    rules,
    collections: q.collections.map((name) => ({ name, type: q.writeCollections.includes(name) ? 'write' : 'read' })),
    variables: [...q.variables].reverse().map(varJson),
    estimatedCost: est.cost,
    estimatedNrItems: est.items,
    isModificationQuery: q.writeCollections.length > 0,
  };
}
