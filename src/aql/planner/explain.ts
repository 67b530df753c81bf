// Plans as /_api/explain prints them: ArangoDB's node type names and attributes, rough
// cost estimates (items multiply through enumerations), expressions in AstNode format,
// and subqueries spliced inline between SubqueryStartNode and SubqueryEndNode as 3.12
// prints them. Nothing here executes anything.
import { typeName, type AqlValue } from '../../values/index.js';
import type { RExpr, Variable } from './ir.js';
import type { ModificationNode, Plan, PlanNode, QueryPlan } from './plan.js';

type Json = Record<string, unknown>;

export interface CostModel {
  /** Document count of a collection (for estimates). */
  count(collection: string): number;
  database: string;
}

const VALUE_TYPE_IDS: Record<string, number> = { null: 1, bool: 2, number: 3, string: 4, array: 5, object: 6 };

function varJson(v: Variable): Json {
  return { id: v.id, name: v.name, isFullDocumentFromCollection: false, isDataFromCollection: false };
}

function valueJson(value: AqlValue): Json {
  const t = typeName(value);
  const vType = t === 'number' ? (Number.isInteger(value) ? 'int' : 'double') : t;
  return { type: 'value', typeName: 'value', typeID: 40, value, vType, vTypeID: VALUE_TYPE_IDS[t] };
}

const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'division', '%': 'modulus' };
const UNARY: Record<string, string> = { '-': 'unary minus', '+': 'unary plus', '!': 'logical not' };

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
      return node('function call', [{ k: 'array', items: e.args }], { name: e.name });
  }
}

interface Estimate {
  items: number;
  cost: number;
}

class Printer {
  private readonly out: Json[] = [];
  constructor(private readonly model: CostModel) {}

  print(plan: Plan, deps: number | null, est: Estimate, subqueryRoot: boolean): { last: number; est: Estimate } {
    let prev = deps;
    let e = est;
    for (const n of plan.nodes) {
      if (n.type === 'SingletonNode' && subqueryRoot) continue;
      if (n.type === 'SubqueryNode') {
        const start = this.emit({ type: 'SubqueryStartNode', id: n.id * 1000 + 1 }, prev, e, 1);
        const inner = this.print(n.subquery, start, e, true);
        e = { items: e.items, cost: inner.est.cost + e.items };
        const isModificationSubquery = n.subquery.nodes.some((x) => 'outVariableNew' in x);
        prev = this.emit({ type: 'SubqueryEndNode', id: n.id, outVariable: varJson(n.outVariable), isModificationSubquery }, inner.last, e, e.items);
        continue;
      }
      const items = this.items(n, e.items);
      e = { items, cost: e.cost + items };
      prev = this.emit(this.attributes(n), prev, e, items);
    }
    return { last: prev ?? 0, est: e };
  }

  private emit(json: Json, dep: number | null, est: Estimate, items: number): number {
    const id = json.id as number;
    this.out.push({ ...json, dependencies: dep === null ? [] : [dep], estimatedCost: est.cost, estimatedNrItems: items });
    return id;
  }

  private items(n: PlanNode, input: number): number {
    switch (n.type) {
      case 'SingletonNode':
        return 1;
      case 'EnumerateCollectionNode':
        return input * this.model.count(n.collection);
      case 'EnumerateListNode':
        return input * 100;
      case 'LimitNode':
        return Math.min(n.limit, Math.max(0, input - n.offset));
      case 'CollectNode':
        return n.groups.length === 0 && n.method !== 'distinct' ? 1 : input;
      default:
        return input;
    }
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
          indexHint: { forced: false, type: 'none' },
          count: false,
          readOwnWrites: false,
        };
      case 'EnumerateListNode':
        return { ...base, inVariable: varJson(n.inVariable), outVariable: varJson(n.outVariable) };
      case 'CalculationNode':
        return { ...base, expression: exprJson(n.expression), outVariable: varJson(n.outVariable), canThrow: false, expressionType: 'simple' };
      case 'FilterNode':
        return { ...base, inVariable: varJson(n.inVariable) };
      case 'SortNode':
        return { ...base, elements: n.elements.map((e) => ({ inVariable: varJson(e.variable), ascending: e.ascending })), stable: false, limit: 0, strategy: 'standard' };
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
        skipDocumentValidation: false,
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

/** The `plan` attribute of an explain result. */
export function planJson(q: QueryPlan, model: CostModel): Json {
  const p = new Printer(model);
  const { est } = p.print(q.root, null, { items: 1, cost: 0 }, false);
  const rules = [...q.rules];
  if (hasSubquery(q.root) && !rules.includes('splice-subqueries')) rules.push('splice-subqueries');
  return {
    nodes: p.nodes(),
    rules,
    collections: q.collections.map((name) => ({ name, type: q.writeCollections.includes(name) ? 'write' : 'read' })),
    variables: [...q.variables].reverse().map(varJson),
    estimatedCost: est.cost,
    estimatedNrItems: est.items,
    isModificationQuery: q.writeCollections.length > 0,
  };
}
