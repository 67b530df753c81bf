// Index rules: use-indexes turns a collection loop whose FILTERs compare attributes with
// values known before the loop (or look a value up in `d.x[*]`, or OR such conditions
// where every branch has an index) into an IndexNode; remove-filter-covered-by-index drops
// FILTERs the index answers completely; use-index-for-sort drops a SORT a persistent
// index's order already gives. Index readers check every condition on each document
// (storage/index-reader.ts), so choosing an index never changes which rows come back.
import type { IndexRecord } from '../../storage/catalog.js';
import type { IndexOp } from '../../storage/index-reader.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { attributePath, isConstant, variablesUsed } from '../planner/ir.js';
import type { CalculationNode, EnumerateCollectionNode, IndexBranch, IndexNode, Plan, QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { ArangoError } from '../../errors/arango-error.js';
import { ERR } from '../../errors/registry.js';
import { definesOf, isDeterministic, pipelines } from './vars.js';
import { isMdi, mdiUsage } from './rules-mdi.js';

interface Conjunct {
  path: string;
  op: IndexOp;
  value: RExpr;
  expr: RExpr;
  filter: number;
}

const FLIP: Record<string, IndexOp> = { '==': '==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };


function conjuncts(e: RExpr): RExpr[] {
  return e.k === 'logical' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/**
 * `d.a.b[*]` -> "a.b[*]", `d.a[*].c.d` -> "a[*].c.d": a plain one-level expansion (no
 * filter, limit, further star or quantifier) of an attribute path on `v`, as an index field.
 */
function expansionPath(e: RExpr, v: Variable): string | undefined {
  if (e.k !== 'expand' || e.levels !== 0 || e.filter || e.offset || e.count || e.bool) return undefined;
  const base = attributePath(e.obj, v);
  if (!base) return undefined;
  if (!e.projection || (e.projection.k === 'var' && e.projection.v.id === e.v.id)) return `${base}[*]`;
  const rest = attributePath(e.projection, e.v);
  return rest ? `${base}[*].${rest}` : undefined;
}

/** The comparison `NOT (a op b)` is (AQL's order is total), for the operators that have one. */
const NEGATED: Partial<Record<string, '==' | '!=' | '<' | '<=' | '>' | '>='>> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

function matchConjunct(c: RExpr, v: Variable, usable: (e: RExpr) => boolean): Omit<Conjunct, 'filter'> | undefined {
  // NOT (a != b) is a == b, NOT (a < b) is a >= b (ArangoDB pushes a NOT into the comparison)
  if (c.k === 'unary' && c.op === '!' && c.operand.k === 'compare') {
    const op = NEGATED[c.operand.op];
    const m = op && matchConjunct({ ...c.operand, op }, v, usable);
    return m ? { ...m, expr: c } : undefined;
  }
  if (c.k !== 'compare') return undefined;
  // `x != null` is `x > null` in AQL's order (null is the smallest value): a range an
  // index can read, and one that makes a sparse index usable (as in ArangoDB).
  if (c.op === '!=') {
    const nullConst = (e: RExpr): boolean => e.k === 'const' && e.value === null;
    const path = nullConst(c.right) ? attributePath(c.left, v) : nullConst(c.left) ? attributePath(c.right, v) : undefined;
    return path ? { path, op: '>', value: { k: 'const', value: null }, expr: c } : undefined;
  }
  if (c.op === 'in') {
    // `value IN d.tags[*]`: an equality lookup in an array index on `tags[*]` (ArangoDB
    // uses array indexes for this form only, not for `ANY ==` or IN without [*])
    const star = expansionPath(c.right, v);
    if (star) return usable(c.left) ? { path: star, op: '==', value: c.left, expr: c } : undefined;
    const path = attributePath(c.left, v);
    return path && usable(c.right) ? { path, op: 'in', value: c.right, expr: c } : undefined;
  }
  const op = FLIP[c.op];
  if (!op) return undefined;
  const left = attributePath(c.left, v);
  if (left && usable(c.right)) return { path: left, op: c.op as IndexOp, value: c.right, expr: c };
  const right = attributePath(c.right, v);
  if (right && usable(c.left)) return { path: right, op, value: c.left, expr: c };
  return undefined;
}

/** A FILTER conjunct that is an OR: its disjuncts, each split into its conjuncts. */
interface Disjunction {
  filter: number;
  /** True when the FILTER's whole condition is this OR (then the index may cover it). */
  alone: boolean;
  branches: { parts: RExpr[]; matched: Conjunct[] }[];
}

interface Candidate {
  /** FILTER conjuncts the loop's filters offer, and which filters are made only of them. */
  conjuncts: Conjunct[];
  complete: Map<number, number>;
  ors: Disjunction[];
}

function disjuncts(e: RExpr): RExpr[] {
  return e.k === 'logical' && e.op === '||' ? [...disjuncts(e.left), ...disjuncts(e.right)] : [e];
}

function calculationIn(p: Plan, v: Variable): CalculationNode | undefined {
  return p.nodes.find((n): n is CalculationNode => n.type === 'CalculationNode' && n.outVariable === v);
}

/** The index-usable conjuncts of the FILTERs that follow loop `i` before anything changes rows. */
function gather(p: Plan, i: number): Candidate {
  const loop = p.nodes[i] as EnumerateCollectionNode;
  const later = new Set<Variable>();
  for (const n of p.nodes.slice(i)) for (const v of definesOf(n)) later.add(v);
  const usable = (e: RExpr): boolean => isDeterministic(e) && [...variablesUsed(e)].every((v) => !later.has(v));
  const out: Candidate = { conjuncts: [], complete: new Map(), ors: [] };
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode' || n.type === 'SortNode') continue;
    if (n.type !== 'FilterNode') break;
    const calc = calculationIn(p, n.inVariable);
    if (!calc) continue;
    const parts = conjuncts(calc.expression);
    const matched = parts.map((c) => matchConjunct(c, loop.outVariable, usable));
    for (const m of matched) if (m) out.conjuncts.push({ ...m, filter: n.id });
    if (matched.every((m) => m !== undefined)) out.complete.set(n.id, parts.length);
    for (const part of parts) {
      if (part.k !== 'logical' || part.op !== '||') continue;
      const branches = disjuncts(part).map((d) => {
        const dparts = conjuncts(d);
        const found = dparts.map((c) => matchConjunct(c, loop.outVariable, usable));
        return { parts: dparts, matched: found.flatMap((m) => (m ? [{ ...m, filter: n.id }] : [])) };
      });
      out.ors.push({ filter: n.id, alone: parts.length === 1, branches });
    }
  }
  return out;
}

const isEq = (c: Conjunct): boolean => c.op === '==' || c.op === 'in';

/** The value of a literal (a constant, or an array literal of them), else undefined. */
function literal(e: RExpr): { value: unknown } | undefined {
  if (e.k === 'const') return { value: e.value };
  if (e.k !== 'array') return undefined;
  const items: unknown[] = [];
  for (const item of e.items) {
    const v = literal(item);
    if (!v) return undefined;
    items.push(v.value);
  }
  return { value: items };
}

/** True when the field's conditions rule out null (a sparse index lacks those documents). */
function excludesNull(conds: Conjunct[]): boolean {
  return conds.some((c) => {
    if (c.op === '>') return true;
    const lit = isConstant(c.value) ? literal(c.value) : undefined;
    if (!lit) return false;
    const v = lit.value;
    if (c.op === '==' || c.op === '>=') return v !== null;
    if (c.op === 'in') return Array.isArray(v) && !v.includes(null);
    return false;
  });
}

interface Usage {
  index: IndexRecord;
  fields: Conjunct[][];
  score: number;
  /** The conjuncts the index answers completely, when not all of `fields` (mdi: not the strict bounds). */
  covered?: Conjunct[];
}

function usage(ix: IndexRecord, all: Conjunct[]): Usage | undefined {
  const on = (path: string, pred: (c: Conjunct) => boolean = () => true): Conjunct[] => all.filter((c) => c.path === path && pred(c));
  if (ix.type === 'primary') {
    const key = on('_key');
    const id = on('_id', isEq);
    if (key.some(isEq) || id.length > 0) return { index: ix, fields: [key, id], score: 100 };
    // a range on _key reads the primary index's keys in order and fetches only the
    // documents whose key is inside it (below any persistent index with an equality)
    if (key.length > 0) return { index: ix, fields: [key, []], score: 10 };
    return undefined;
  }
  if (ix.type === 'edge') {
    const from = on('_from', isEq);
    const to = on('_to', isEq);
    if (from.length === 0 && to.length === 0) return undefined;
    return { index: ix, fields: [from, to], score: 50 + (from.length > 0 && to.length > 0 ? 1 : 0) };
  }
  // mdi indexes: their own branch (rules-mdi.ts); geo ones have the geo-index-optimizer
  // rule (rules-geo.ts); fulltext ones serve FULLTEXT() only
  if (isMdi(ix)) {
    const m = mdiUsage(ix, all, excludesNull);
    return m && { index: ix, ...m };
  }
  if (ix.type !== 'persistent' && ix.type !== 'ttl') return undefined;
  // a TTL index holds timestamps derived from the values, not the values (never used by queries)
  if (ix.type === 'ttl' || ix.building) return undefined;
  const fields: Conjunct[][] = [];
  let eq = 0;
  let range = false;
  for (const f of ix.fields) {
    const conds = on(f);
    if (conds.some(isEq)) {
      fields.push(conds);
      eq++;
      continue;
    }
    if (conds.length > 0) {
      fields.push(conds);
      range = true;
    }
    break;
  }
  if (fields.length === 0) return undefined;
  if (ix.sparse && (fields.length < ix.fields.length || !fields.every(excludesNull))) return undefined;
  const score = ix.unique && eq === ix.fields.length ? 90 : 20 + eq * 5 + (range ? 2 : 0);
  return { index: ix, fields, score };
}

function indexNode(loop: EnumerateCollectionNode, u: Usage, complete: Map<number, number>): IndexNode {
  const used = u.fields.flat();
  const perFilter = new Map<number, number>();
  for (const c of u.covered ?? used) perFilter.set(c.filter, (perFilter.get(c.filter) ?? 0) + 1);
  const covers = [...complete].filter(([id, n]) => perFilter.get(id) === n).map(([id]) => id);
  return {
    type: 'IndexNode',
    id: loop.id,
    collection: loop.collection,
    outVariable: loop.outVariable,
    index: u.index,
    conditions: u.fields.map((f) => f.map((c) => ({ op: c.op, value: c.value }))),
    condition: used.map((c) => c.expr),
    covers,
    ascending: true,
    ...(isMdi(u.index) && loop.lookahead !== undefined ? { lookahead: loop.lookahead } : {}),
  };
}

/** The usable index that serves `conjuncts` best (the most selective of equal shapes), if any. */
function bestUsage(indexes: IndexRecord[], all: Conjunct[], ctx: OptimizerContext): Usage | undefined {
  let best: Usage | undefined;
  for (const ix of indexes) {
    const u = usage(ix, all);
    if (u && ix.type === 'persistent') u.score += ctx.selectivity(ix);
    if (u && (!best || u.score > best.score)) best = u;
  }
  return best;
}

/**
 * An OR whose every branch an index serves becomes one IndexNode reading the union of the
 * branches' lookups (ArangoDB's IndexNode with several `indexes`), each document once. It
 * covers the FILTER when the OR is the FILTER's whole condition and every branch's
 * conjuncts are all conditions of its index; otherwise the FILTER stays. A branch no index
 * serves leaves the loop a full scan.
 */
function orIndexNode(loop: EnumerateCollectionNode, ors: Disjunction[], ctx: OptimizerContext): IndexNode | undefined {
  const indexes = ctx.indexes(loop.collection);
  for (const or of ors) {
    const branches: IndexBranch[] = [];
    let complete = or.alone;
    for (const b of or.branches) {
      const u = bestUsage(indexes, b.matched, ctx);
      if (!u) break;
      const used = u.fields.flat();
      if (used.length !== b.parts.length) complete = false;
      branches.push({ index: u.index, conditions: u.fields.map((f) => f.map((c) => ({ op: c.op, value: c.value }))), condition: used.map((c) => c.expr) });
    }
    if (branches.length !== or.branches.length) continue;
    return {
      type: 'IndexNode',
      id: loop.id,
      collection: loop.collection,
      outVariable: loop.outVariable,
      index: branches[0].index,
      conditions: branches[0].conditions,
      condition: branches[0].condition,
      covers: complete ? [or.filter] : [],
      ascending: true,
      branches,
    };
  }
  return undefined;
}

/** 1572: FOR ... OPTIONS { forceIndexHint: true } whose hinted indexes cannot serve the loop. */
function forcedHintUnusable(hint: { names: string[]; forced: boolean }): ArangoError {
  const text = JSON.stringify({ forced: hint.forced, lookahead: 1, type: 'simple', hint: hint.names });
  return ArangoError.withMessage(ERR.ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE, `could not use index hint to serve query; ${text}`);
}

/** use-indexes. */
export function useIndexes(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const loop = p.nodes[i];
      if (loop.type !== 'EnumerateCollectionNode' || loop.random || loop.disableIndex) continue;
      const cand = gather(p, i);
      if (cand.conjuncts.length === 0 && cand.ors.length === 0) continue;
      let best: Usage | undefined;
      const usable: Usage[] = [];
      for (const ix of ctx.indexes(loop.collection)) {
        const u = usage(ix, cand.conjuncts);
        // Equal shapes: the more selective index (fewer documents per value) wins.
        if (u && ix.type === 'persistent') u.score += ctx.selectivity(ix);
        if (u) usable.push(u);
        if (u && (!best || u.score > best.score)) best = u;
      }
      // index hints: the first hinted index that can serve the condition (ArangoDB)
      const hint = loop.indexHint;
      if (hint && cand.conjuncts.length > 0) {
        const hinted = hint.names.map((name) => usable.find((u) => u.index.name === name)).find((u) => u !== undefined);
        if (hinted) best = hinted;
        else if (hint.forced) throw forcedHintUnusable(hint);
      }
      if (!best) {
        const union = hint ? undefined : orIndexNode(loop, cand.ors, ctx);
        if (!union) continue;
        p.nodes[i] = union;
        changed = true;
        continue;
      }
      p.nodes[i] = indexNode(loop, best, cand.complete);
      changed = true;
    }
  }
  return changed;
}

/** remove-filter-covered-by-index. */
export function removeFilterCoveredByIndex(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    const covered = new Set<number>();
    p.nodes = p.nodes.map((n) => {
      if (n.type !== 'IndexNode' || n.covers.length === 0) return n;
      n.covers.forEach((id) => covered.add(id));
      return { ...n, covers: [] };
    });
    const before = p.nodes.length;
    p.nodes = p.nodes.filter((n) => n.type !== 'FilterNode' || !covered.has(n.id));
    if (p.nodes.length !== before) changed = true;
  }
  return changed;
}

/** The attribute paths a SORT orders by, if all are paths on `v` in one direction. */
function sortPaths(p: Plan, elements: { variable: Variable; ascending: boolean }[], v: Variable): { paths: string[]; ascending: boolean } | undefined {
  const paths: string[] = [];
  for (const e of elements) {
    const calc = calculationIn(p, e.variable);
    const path = calc && attributePath(calc.expression, v);
    if (!path || e.ascending !== elements[0].ascending) return undefined;
    paths.push(path);
  }
  return { paths, ascending: elements[0].ascending };
}

function sortable(ix: IndexRecord): boolean {
  return ix.type === 'persistent' && !ix.building && !ix.sparse && !ix.fields.some((f) => f.includes('[*]'));
}

/** The index order usable for `paths` after the fields fixed by equality, if any. */
function orderOn(n: IndexNode, paths: string[]): { from: number; count: number } | undefined {
  if (n.branches || n.sort) return undefined;
  // a range on _key (no lookup by value) reads the primary index in key order
  if (n.index.type === 'primary') {
    const lookup = n.conditions.some((f) => f.some((c) => c.op === '==' || c.op === 'in'));
    return !lookup && paths.length === 1 && paths[0] === '_key' ? { from: 0, count: 1 } : undefined;
  }
  if (!sortable(n.index)) return undefined;
  let from = 0;
  while (from < n.conditions.length && n.conditions[from].some((c) => c.op === '==')) from++;
  if (n.conditions[from]?.some((c) => c.op === 'in')) return undefined;
  const fixed = new Set(n.index.fields.slice(0, from));
  let pos = from;
  for (const path of paths) {
    if (fixed.has(path)) continue;
    if (n.index.fields[pos] !== path) return undefined;
    pos++;
  }
  return { from, count: pos - from };
}

/** use-index-for-sort. */
export function useIndexForSort(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let si = 1; si < p.nodes.length; si++) {
      const sort = p.nodes[si];
      if (sort.type !== 'SortNode') continue;
      let j = si - 1;
      while (j > 0 && (p.nodes[j].type === 'CalculationNode' || p.nodes[j].type === 'FilterNode')) j--;
      const src = p.nodes[j];
      if (src.type !== 'IndexNode' && src.type !== 'EnumerateCollectionNode') continue;
      const s = sortPaths(p, sort.elements, src.outVariable);
      if (!s) continue;
      let replacement: IndexNode | undefined;
      if (src.type === 'IndexNode') {
        const order = orderOn(src, s.paths);
        if (order) replacement = { ...src, sort: order, ascending: s.ascending };
      } else if (!src.random && !src.disableIndex) {
        // the primary index is sorted too (ArangoDB's RocksDBPrimaryIndex: keys in byte
        // order), so SORT d._key reads it instead of sorting (and gives byte order)
        const fits = (x: IndexRecord): boolean =>
          x.type === 'primary' ? s.paths.length === 1 && s.paths[0] === '_key' : sortable(x) && s.paths.every((path, k) => x.fields[k] === path);
        const all = ctx.indexes(src.collection);
        const hint = src.indexHint;
        const hinted = hint?.names.map((name) => all.find((x) => x.name === name && fits(x))).find((x) => x !== undefined);
        if (hint?.forced && !hinted) throw forcedHintUnusable(hint);
        const ix = hinted ?? all.find(fits);
        if (ix) {
          replacement = {
            type: 'IndexNode',
            id: src.id,
            collection: src.collection,
            outVariable: src.outVariable,
            index: ix,
            conditions: ix.fields.map(() => []),
            condition: null,
            covers: [],
            sort: { from: 0, count: s.paths.length },
            ascending: s.ascending,
          };
        }
      }
      if (!replacement) continue;
      p.nodes[j] = replacement;
      p.nodes.splice(si, 1);
      si--;
      changed = true;
    }
  }
  return changed;
}

/**
 * push-limit-into-index: FOR over an IndexNode whose only condition is an IN list on the
 * first field, SORT on the following fields (one direction), LIMIT, no outer loop and no
 * filter left: each IN value's lookup reads at most offset + limit documents in index
 * order; the SORT then orders their union.
 */
export function pushLimitIntoIndex(q: QueryPlan): boolean {
  const p = q.root;
  const i = p.nodes.findIndex((n) => n.type === 'IndexNode' || n.type === 'EnumerateCollectionNode' || n.type === 'EnumerateListNode' || n.type === 'SubqueryNode');
  const ix = p.nodes[i];
  if (!ix || ix.type !== 'IndexNode' || ix.branches || ix.index.type !== 'persistent' || ix.sort || ix.limit !== undefined || !sortable(ix.index)) return false;
  const [first, ...rest] = ix.conditions;
  if (!first?.some((c) => c.op === 'in') || first.some((c) => c.op !== 'in') || rest.some((f) => f.length > 0)) return false;
  let j = i + 1;
  while (p.nodes[j]?.type === 'CalculationNode') j++;
  const sort = p.nodes[j];
  if (sort?.type !== 'SortNode') return false;
  let k = j + 1;
  while (p.nodes[k]?.type === 'CalculationNode') k++;
  const limit = p.nodes[k];
  if (limit?.type !== 'LimitNode' || limit.fullCount) return false;
  const s = sortPaths(p, sort.elements, ix.outVariable);
  if (!s || s.paths.length === 0 || !s.paths.every((path, n) => ix.index.fields[n + 1] === path)) return false;
  p.nodes[i] = { ...ix, sort: { from: 1, count: s.paths.length }, ascending: s.ascending, limit: limit.offset + limit.limit };
  return true;
}
