// use-indexes for inverted indexes (run as part of the use-indexes rule, before the other
// index kinds are tried): a collection loop whose OPTIONS indexHint names an inverted
// index becomes an IndexNode reading that index when the index can serve the FILTERs
// right after the loop, as ArangoDB's getBestIndexHandlesForFilterCondition decides:
//  1. never without a hint naming the index (inverted indexes change FILTER semantics);
//  2. the whole condition when every attribute it reads is a field of the index and it
//     is an ArangoSearch filter (search/filter.ts compiles it); else, for an AND, the
//     conjuncts that are (the others stay FILTERs);
//  3. a SORT on the index's primarySort (same fields, same directions) is dropped, and
//     with no FILTER such a SORT alone makes the loop read the index.
// The IndexNode's `search` holds the condition; remove-filter-covered-by-index removes the
// FILTER parts it covers (they are evaluated with ArangoSearch's semantics instead of
// FILTER's, trimCoveredByInverted) and use-index-for-sort the SORT (useInvertedIndexForSort).
import type { IndexRecord } from '../../storage/catalog.js';
import type { InvertedProps } from '../../storage/inverted-index.js';
import { attributePath, variablesUsed, type RExpr, type Variable } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, FilterNode, IndexNode, Plan, PlanNode, QueryPlan, SortNode } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { compileSearch } from '../search/filter.js';
import { expansionPath, forcedHintUnusable } from './rules-index.js';
import { definesOf, pipelines, usesOf } from './vars.js';

/** One FILTER after the loop: its node, its calculation and the calculation's conjuncts. */
interface LoopFilter {
  filter: FilterNode;
  calc: CalculationNode;
  parts: RExpr[];
}

function conjuncts(e: RExpr): RExpr[] {
  return e.k === 'logical' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function and(parts: RExpr[]): RExpr {
  return parts.reduce((l, r) => ({ k: 'logical', op: '&&', left: l, right: r }));
}

/** The field name an index would give an access to `v` (`a.b`, `a[*].b`), if it is one. */
function fieldName(e: RExpr, v: Variable): string | undefined {
  return attributePath(e, v) || expansionPath(e, v);
}

/** True when every read of `v` in `e` is an access to one of `fields` (CheckFieldsAccess). */
function readsOnlyFields(e: RExpr, v: Variable, fields: Set<string>): boolean {
  const name = fieldName(e, v);
  if (name !== undefined) return fields.has(name);
  if (e.k === 'var') return e.v.id !== v.id;
  for (const x of Object.values(e)) {
    const items = Array.isArray(x) ? x : [x];
    for (const item of items) {
      if (item === null || typeof item !== 'object') continue;
      if (typeof (item as RExpr).k === 'string') {
        if (!readsOnlyFields(item as RExpr, v, fields)) return false;
      } else if ('value' in item && 'key' in item) {
        const m = item as { key: string | RExpr; value: RExpr };
        if (!readsOnlyFields(m.value, v, fields)) return false;
        if (typeof m.key !== 'string' && !readsOnlyFields(m.key, v, fields)) return false;
      } else if ('count' in item && 'kind' in item && typeof (item as { count: RExpr }).count === 'object') {
        if (!readsOnlyFields((item as { count: RExpr }).count, v, fields)) return false;
      }
    }
  }
  return true;
}

/**
 * The fields FILTERs may read through the index: not those marked searchField or
 * trackListPositions (they index as search-alias views read them, not as FILTER compares).
 */
function filterFields(ix: IndexRecord): Set<string> {
  const p = ix.props as unknown as InvertedProps;
  return new Set(p.fields.filter((f) => !(f.searchField ?? p.searchField) && !(f.trackListPositions ?? p.trackListPositions)).map((f) => f.name));
}

/**
 * Whether the inverted index serves condition `e` of loop variable `v` (supportsFilterNode):
 * deterministic, reading no variable set at or after the loop, only the index's fields, and
 * an ArangoSearch filter (constant arguments are evaluated now, analyzers checked at run time).
 */
function serves(ix: IndexRecord, e: RExpr, v: Variable, later: Set<Variable>, ctx: OptimizerContext): boolean {
  if (!deterministic(e) || [...variablesUsed(e)].some((x) => x !== v && later.has(x))) return false;
  if (!readsOnlyFields(e, v, filterFields(ix))) return false;
  try {
    compileSearch(e, {
      loopVar: v,
      resolve: () => null,
      analyzerName: (name) => name,
      compile: (x) => {
        const value = variablesUsed(x).size === 0 ? ctx.evaluate(x) : undefined;
        return () => value ?? null;
      },
      corpus: () => ({ docs: [], docsWithTerm: () => 0 }),
      defaultAnalyzer: '*',
      allowExpansion: true,
    });
    return true;
  } catch {
    // any refusal of the filter factory means the index cannot serve the condition
    return false;
  }
}

/** The FILTERs that follow loop `i` before anything but calculations and sorts. */
function loopFilters(p: Plan, i: number): LoopFilter[] {
  const out: LoopFilter[] = [];
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode' || n.type === 'SortNode') continue;
    if (n.type !== 'FilterNode') break;
    const calc = p.nodes.find((c): c is CalculationNode => c.type === 'CalculationNode' && c.outVariable === n.inVariable);
    // a calculation read elsewhere too cannot lose its covered conjuncts
    if (!calc || p.nodes.some((x) => x !== n && usesOf(x).includes(calc.outVariable))) continue;
    out.push({ filter: n, calc, parts: conjuncts(calc.expression) });
  }
  return out;
}

/** The SORT after loop `i` (only calculations and FILTERs between) when the index's primarySort gives its order. */
function sortByPrimarySort(p: Plan, i: number, ix: IndexRecord, v: Variable): SortNode | undefined {
  let j = i + 1;
  while (p.nodes[j] && (p.nodes[j].type === 'CalculationNode' || p.nodes[j].type === 'FilterNode')) j++;
  const sort = p.nodes[j];
  if (sort?.type !== 'SortNode') return undefined;
  const primary = (ix.props as unknown as InvertedProps).primarySort.fields;
  if (sort.elements.length === 0 || sort.elements.length > primary.length) return undefined;
  const fits = sort.elements.every((el, k) => {
    const calc = p.nodes.find((c): c is CalculationNode => c.type === 'CalculationNode' && c.outVariable === el.variable);
    const path = calc && attributePath(calc.expression, v);
    return path === primary[k]!.field && el.ascending === (primary[k]!.direction === 'asc');
  });
  return fits ? sort : undefined;
}

function invertedNode(loop: EnumerateCollectionNode, ix: IndexRecord, parts: RExpr[], all: boolean): IndexNode {
  return {
    type: 'IndexNode',
    id: loop.id,
    collection: loop.collection,
    outVariable: loop.outVariable,
    index: ix,
    conditions: [],
    condition: parts.length > 0 ? parts : null,
    covers: [],
    ascending: true,
    ...(parts.length > 0 ? { search: and(parts) } : {}),
    ...(all ? { allCovered: true } : {}),
  };
}

/**
 * Replaces loop `i` by an IndexNode on `ix` over the covered conjuncts. The FILTERs made
 * only of them are `covers` and those with others too are `searchTrims` (what is left of
 * them), for remove-filter-covered-by-index (trimCoveredByInverted below).
 */
function apply(p: Plan, i: number, ix: IndexRecord, filters: LoopFilter[], covered: Set<RExpr>, all: boolean): void {
  const loop = p.nodes[i] as EnumerateCollectionNode;
  const parts = filters.flatMap((f) => f.parts.filter((c) => covered.has(c)));
  const node = invertedNode(loop, ix, parts, all);
  const trims: { filter: number; rest: RExpr }[] = [];
  for (const f of filters) {
    const rest = f.parts.filter((c) => !covered.has(c));
    if (rest.length === f.parts.length) continue;
    if (rest.length === 0) node.covers.push(f.filter.id);
    else trims.push({ filter: f.filter.id, rest: and(rest) });
  }
  p.nodes[i] = trims.length > 0 ? { ...node, searchTrims: trims } : node;
}

/** The inverted indexes of the loop's collection its hint names, in the order `order` gives. */
function hinted(loop: EnumerateCollectionNode, ctx: OptimizerContext): IndexRecord[] {
  const names = loop.indexHint?.names ?? [];
  return ctx.indexes(loop.collection).filter((ix) => ix.type === 'inverted' && !ix.building && names.includes(ix.name));
}

/** True when no call in `e` is non-deterministic (TOKENS and other async functions are fine here). */
function deterministic(e: RExpr): boolean {
  if (e.k === 'call' && !e.def.deterministic) return false;
  for (const x of Object.values(e)) {
    for (const item of Array.isArray(x) ? x : [x]) {
      if (item === null || typeof item !== 'object') continue;
      const sub = typeof (item as RExpr).k === 'string' ? (item as RExpr) : 'value' in item && 'key' in item ? (item as { value: RExpr }).value : undefined;
      if (sub && !deterministic(sub)) return false;
    }
  }
  return true;
}

/**
 * Moves the calculations between loop `i` and its FILTERs that read nothing set at or
 * after the loop (constant ones like TOKENS("...", "text_en"), which move-calculations-up
 * leaves where they are because they are asynchronous) in front of the loop, so that the
 * index condition may use them as values, as ArangoDB's plan has them. Returns the loop's
 * new position.
 */
function hoistConstants(p: Plan, i: number): number {
  const later = new Set<Variable>(definesOf(p.nodes[i]!));
  let j = i + 1;
  while (j < p.nodes.length) {
    const n = p.nodes[j]!;
    if (n.type !== 'CalculationNode' && n.type !== 'FilterNode' && n.type !== 'SortNode') break;
    if (n.type === 'CalculationNode' && deterministic(n.expression) && ![...variablesUsed(n.expression)].some((x) => later.has(x))) {
      p.nodes.splice(j, 1);
      p.nodes.splice(i, 0, n);
      i++;
    } else for (const x of definesOf(n)) later.add(x);
    j++;
  }
  return i;
}

/** Tries loop `i`; true when it became an IndexNode on an inverted index. */
function tryLoop(p: Plan, at: number, ctx: OptimizerContext): boolean {
  const loop = p.nodes[at] as EnumerateCollectionNode;
  const candidates = hinted(loop, ctx);
  if (candidates.length === 0) return false;
  const i = hoistConstants(p, at);
  const later = new Set<Variable>();
  for (const n of p.nodes.slice(i)) for (const x of definesOf(n)) later.add(x);
  const filters = loopFilters(p, i);
  const parts = filters.flatMap((f) => f.parts);
  const v = loop.outVariable;
  if (parts.length > 0) {
    // the whole condition, by any hinted inverted index (collection order)
    const whole = and(parts);
    const all = candidates.find((ix) => serves(ix, whole, v, later, ctx));
    if (all) {
      apply(p, i, all, filters, new Set(parts), true);
      return true;
    }
    // else part of it, by the hinted indexes in hint order (a hinted index of another
    // type first leaves the choice to the other index kinds)
    for (const name of loop.indexHint!.names) {
      const ix = ctx.indexes(loop.collection).find((x) => x.name === name);
      if (!ix) continue;
      if (ix.type !== 'inverted') return false;
      const some = parts.filter((c) => serves(ix, c, v, later, ctx));
      if (some.length > 0) {
        apply(p, i, ix, filters, new Set(some), false);
        return true;
      }
    }
    // a forced hint naming only inverted indexes that cannot serve the condition
    const named = loop.indexHint!.names.map((name) => ctx.indexes(loop.collection).find((x) => x.name === name)).filter((x) => x !== undefined);
    if (loop.indexHint!.forced && named.every((x) => x.type === 'inverted')) throw forcedHintUnusable(loop.indexHint!);
    return false;
  }
  // no FILTER: a SORT on the primarySort of a hinted index still reads it
  if (p.nodes.slice(0, i).some((x) => LOOPS.has(x.type))) return false;
  const bySort = candidates.find((ix) => sortByPrimarySort(p, i, ix, v));
  if (!bySort) return false;
  p.nodes[i] = invertedNode(loop, bySort, [], false);
  return true;
}

/** The inverted index part of use-indexes (see the file comment). */
export function useInvertedIndexes(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'EnumerateCollectionNode' || n.random || n.disableIndex || !n.indexHint) continue;
      if (tryLoop(p, i, ctx)) changed = true;
    }
  }
  return changed;
}

/** remove-filter-covered-by-index, for inverted indexes: FILTERs keep only what the index does not serve. */
export function trimCoveredByInverted(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'IndexNode' || !n.searchTrims) continue;
      for (const t of n.searchTrims) {
        const filter = p.nodes.find((x): x is FilterNode => x.type === 'FilterNode' && x.id === t.filter);
        const at = filter ? p.nodes.findIndex((x) => x.type === 'CalculationNode' && x.outVariable === filter.inVariable) : -1;
        if (at >= 0) p.nodes[at] = { ...(p.nodes[at] as CalculationNode), expression: t.rest };
      }
      const { searchTrims: _done, ...rest } = n;
      p.nodes[i] = rest;
      changed = true;
    }
  }
  return changed;
}

/** Node kinds that give several rows per input row: a SORT after one of them orders across its rows. */
const LOOPS = new Set<PlanNode['type']>(['EnumerateCollectionNode', 'EnumerateListNode', 'IndexNode', 'EnumerateViewNode', 'TraversalNode', 'ShortestPathNode', 'EnumeratePathsNode']);

/** use-index-for-sort, for inverted indexes: a SORT the primarySort gives (not in an inner loop) is dropped. */
export function useInvertedIndexForSort(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 0; i < p.nodes.length; i++) {
      const n = p.nodes[i];
      if (n.type !== 'IndexNode' || n.index.type !== 'inverted' || n.sort) continue;
      if (p.nodes.slice(0, i).some((x) => LOOPS.has(x.type))) continue;
      const sort = sortByPrimarySort(p, i, n.index, n.outVariable);
      if (!sort) continue;
      p.nodes[i] = { ...n, sort: { from: 0, count: sort.elements.length } };
      p.nodes.splice(p.nodes.indexOf(sort), 1);
      changed = true;
    }
  }
  return changed;
}
