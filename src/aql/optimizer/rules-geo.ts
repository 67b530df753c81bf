// geo-index-optimizer (ArangoDB's geoIndexRule): a collection loop followed by a SORT on the
// distance of its documents from a fixed point, and/or FILTERs on that distance (DISTANCE,
// GEO_DISTANCE, GEO_IN_RANGE compared with a bound), GEO_CONTAINS(shape, doc) or
// GEO_INTERSECTS, over the attributes of a geo index, becomes an IndexNode on that index.
// The SORT goes (the index returns nearest or farthest first); the FILTER conditions taken
// become the IndexNode's exact check, and a FILTER made only of them goes. Expressions
// compared with the index's attributes must be known before the loop.
import type { IndexRecord } from '../../storage/catalog.js';
import { readableSpecial } from '../../storage/special-indexes.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { attributePath, variablesUsed } from '../planner/ir.js';
import { exprJson } from '../planner/explain.js';
import type { CalculationNode, EnumerateCollectionNode, GeoUse, IndexNode, Plan, QueryPlan, SortNode } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { definesOf, isDeterministic, pipelines, usesOf } from './vars.js';

type Origin = NonNullable<GeoUse['origin']>;

/** How an expression reads the document's position for one geo index. */
interface Reads {
  /** `e` is the document's latitude / longitude. */
  lat(e: RExpr): boolean;
  lon(e: RExpr): boolean;
  /** `e` is the document's geometry as the GEO_* functions take it. */
  geometry(e: RExpr): boolean;
}

/** `v.path` or `v.path[i]`. */
function isAt(e: RExpr, v: Variable, path: string, i?: number): boolean {
  if (i === undefined) return attributePath(e, v) === path;
  return e.k === 'index' && e.index.k === 'const' && e.index.value === i && attributePath(e.obj, v) === path;
}

/** The positions a geo index holds: two attributes (lat, lon), a [lat, lon] pair, or GeoJSON ([lon, lat]). */
function readsOf(ix: IndexRecord, v: Variable): Reads {
  const pair = (e: RExpr, lon: (x: RExpr) => boolean, lat: (x: RExpr) => boolean): boolean => e.k === 'array' && e.items.length === 2 && lon(e.items[0]!) && lat(e.items[1]!);
  if (ix.fields.length === 2) {
    const [la, lo] = ix.fields as [string, string];
    const lat = (e: RExpr): boolean => isAt(e, v, la);
    const lon = (e: RExpr): boolean => isAt(e, v, lo);
    return { lat, lon, geometry: (e) => pair(e, lon, lat) };
  }
  const f = ix.fields[0]!;
  if (ix.props?.geoJson === true) {
    return { lat: (e) => isAt(e, v, f, 1), lon: (e) => isAt(e, v, f, 0), geometry: (e) => isAt(e, v, f) };
  }
  const lat = (e: RExpr): boolean => isAt(e, v, f, 0);
  const lon = (e: RExpr): boolean => isAt(e, v, f, 1);
  return { lat, lon, geometry: (e) => pair(e, lon, lat) };
}

/** A distance from the document to a fixed origin: DISTANCE(...) or GEO_DISTANCE(...). */
interface Distance {
  origin: Origin;
  /** GEO_DISTANCE on the ellipsoid (a farthest-first order is not read from the index then). */
  ellipsoid: boolean;
}

function distanceOf(e: RExpr, r: Reads, usable: (e: RExpr) => boolean): Distance | undefined {
  if (e.k !== 'call') return undefined;
  const a = e.args;
  if (e.name === 'DISTANCE' && a.length === 4) {
    if (r.lat(a[0]!) && r.lon(a[1]!) && usable(a[2]!) && usable(a[3]!)) return { origin: { lat: a[2]!, lon: a[3]! }, ellipsoid: false };
    if (r.lat(a[2]!) && r.lon(a[3]!) && usable(a[0]!) && usable(a[1]!)) return { origin: { lat: a[0]!, lon: a[1]! }, ellipsoid: false };
    return undefined;
  }
  if (e.name === 'GEO_DISTANCE' && (a.length === 2 || a.length === 3)) {
    const ellipsoid = a.length === 3 && !(a[2]!.k === 'const' && a[2]!.value === 'sphere');
    if (a.length === 3 && !usable(a[2]!)) return undefined;
    if (r.geometry(a[1]!) && usable(a[0]!)) return { origin: { shape: a[0]! }, ellipsoid };
    if (r.geometry(a[0]!) && usable(a[1]!)) return { origin: { shape: a[1]! }, ellipsoid };
  }
  return undefined;
}

const same = (a: RExpr, b: RExpr): boolean => JSON.stringify(exprJson(a)) === JSON.stringify(exprJson(b));

function sameOrigin(a: Origin, b: Origin): boolean {
  if ('shape' in a) return 'shape' in b && same(a.shape, b.shape);
  return 'lat' in b && same(a.lat, b.lat) && same(a.lon, b.lon);
}

/** What one FILTER conjunct gives the index, if it is a geo condition on it. */
type Taken = { upper?: { origin: Origin; bound: RExpr }; lower?: true; shape?: RExpr };

const UPPER: Record<string, boolean> = { '<': true, '<=': true, '>': false, '>=': false };

function takeConjunct(c: RExpr, r: Reads, usable: (e: RExpr) => boolean): Taken | undefined {
  if (c.k === 'compare' && c.op in UPPER) {
    const left = distanceOf(c.left, r, usable);
    if (left && usable(c.right)) return UPPER[c.op] ? { upper: { origin: left.origin, bound: c.right } } : { lower: true };
    const right = distanceOf(c.right, r, usable);
    if (right && usable(c.left)) return UPPER[c.op] ? { lower: true } : { upper: { origin: right.origin, bound: c.left } };
    return undefined;
  }
  if (c.k !== 'call') return undefined;
  const a = c.args;
  if (c.name === 'GEO_CONTAINS' && a.length === 2 && usable(a[0]!) && r.geometry(a[1]!)) return { shape: a[0]! };
  if (c.name === 'GEO_INTERSECTS' && a.length === 2) {
    if (usable(a[0]!) && r.geometry(a[1]!)) return { shape: a[0]! };
    if (usable(a[1]!) && r.geometry(a[0]!)) return { shape: a[1]! };
  }
  if (c.name === 'GEO_IN_RANGE' && a.length >= 4 && a.slice(2).every(usable)) {
    const origin = r.geometry(a[0]!) && usable(a[1]!) ? a[1]! : r.geometry(a[1]!) && usable(a[0]!) ? a[0]! : undefined;
    if (origin) return { upper: { origin: { shape: origin }, bound: a[3]! } };
  }
  return undefined;
}

function conjuncts(e: RExpr): RExpr[] {
  return e.k === 'logical' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function calculationIn(p: Plan, v: Variable): CalculationNode | undefined {
  return p.nodes.find((n): n is CalculationNode => n.type === 'CalculationNode' && n.outVariable === v);
}

/** The FILTERs and the first SORT that follow loop `i` before anything else changes its rows. */
function following(p: Plan, i: number): { filters: { id: number; calc: CalculationNode; parts: RExpr[] }[]; sort?: { node: SortNode; expr: RExpr } } {
  const filters: { id: number; calc: CalculationNode; parts: RExpr[] }[] = [];
  let sort: { node: SortNode; expr: RExpr } | undefined;
  for (const n of p.nodes.slice(i + 1)) {
    if (n.type === 'CalculationNode') continue;
    if (n.type === 'FilterNode') {
      const calc = calculationIn(p, n.inVariable);
      if (calc) filters.push({ id: n.id, calc, parts: conjuncts(calc.expression) });
      continue;
    }
    if (n.type !== 'SortNode' || sort) break;
    const calc = n.elements.length === 1 ? calculationIn(p, n.elements[0]!.variable) : undefined;
    if (!calc) break;
    sort = { node: n, expr: calc.expression };
  }
  return { filters, sort };
}

/** The IndexNode and the FILTERs / SORT it replaces when `ix` serves the loop, if it can. */
function plan(p: Plan, i: number, ix: IndexRecord, usable: (e: RExpr) => boolean): { node: IndexNode; drop: Set<number>; rest: Map<CalculationNode, RExpr[]> } | undefined {
  const loop = p.nodes[i] as EnumerateCollectionNode;
  const r = readsOf(ix, loop.outVariable);
  const { filters, sort } = following(p, i);
  // a SORT after an outer loop orders the rows of every iteration together: it stays
  const first = p.nodes.slice(0, i).every((n) => n.type === 'SingletonNode' || n.type === 'CalculationNode' || n.type === 'SubqueryNode');
  const byDistance = sort && first ? distanceOf(sort.expr, r, usable) : undefined;
  const ascending = sort?.node.elements[0]!.ascending ?? true;
  const sorted = byDistance && !(byDistance.ellipsoid && !ascending) ? byDistance : undefined;
  const geo: GeoUse = { maxDistance: [] };
  if (sorted) {
    geo.origin = sorted.origin;
    geo.sort = { expr: sort!.expr, ascending };
  }
  const checks: RExpr[] = [];
  const drop = new Set<number>();
  const taken: Taken[] = [];
  // a FILTER partly taken keeps the other conjuncts only
  const rest = new Map<CalculationNode, RExpr[]>();
  for (const f of filters) {
    const left: RExpr[] = [];
    for (const part of f.parts) {
      const t = takeConjunct(part, r, usable);
      if (!t) {
        left.push(part);
        continue;
      }
      checks.push(part);
      taken.push(t);
    }
    if (left.length === 0) drop.add(f.id);
    else if (left.length < f.parts.length) rest.set(f.calc, left);
  }
  // the region: distances from the sort's origin (or the first bounded one), else a shape
  for (const t of taken) {
    if (!t.upper) continue;
    geo.origin ??= t.upper.origin;
    if (sameOrigin(geo.origin, t.upper.origin)) geo.maxDistance.push(t.upper.bound);
  }
  if (!geo.sort && geo.maxDistance.length === 0) {
    const shape = taken.find((t) => t.shape)?.shape;
    if (!shape) return undefined;
    delete geo.origin;
    geo.shape = shape;
  }
  if (sorted) drop.add(sort!.node.id);
  const filter = checks.reduce<RExpr | undefined>((acc, c) => (acc ? { k: 'logical', op: '&&', left: acc, right: c } : c), undefined);
  const node: IndexNode = {
    type: 'IndexNode',
    id: loop.id,
    collection: loop.collection,
    outVariable: loop.outVariable,
    index: ix,
    conditions: [],
    condition: checks,
    covers: [],
    ascending,
    geo,
    ...(filter ? { filter } : {}),
  };
  return { node, drop, rest };
}

/** How many nodes of the whole plan read `v`. */
function readers(q: QueryPlan, v: Variable): number {
  let n = 0;
  for (const p of pipelines(q.root)) for (const node of p.nodes) if (usesOf(node).includes(v)) n++;
  return n;
}

/** geo-index-optimizer (before use-indexes, as in ArangoDB). */
export function geoIndex(q: QueryPlan, ctx: OptimizerContext): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const loop = p.nodes[i]!;
      if (loop.type !== 'EnumerateCollectionNode' || loop.random || loop.disableIndex) continue;
      const hint = loop.indexHint;
      const indexes = ctx.indexes(loop.collection).filter((ix) => ix.type === 'geo' && readableSpecial(ix) && (!hint?.forced || hint.names.includes(ix.name)));
      if (indexes.length === 0) continue;
      const later = new Set<Variable>();
      for (const n of p.nodes.slice(i)) for (const v of definesOf(n)) later.add(v);
      const usable = (e: RExpr): boolean => isDeterministic(e) && [...variablesUsed(e)].every((v) => !later.has(v));
      // hinted indexes first, then in creation order
      const order = hint ? [...indexes].sort((a, b) => Number(!hint.names.includes(a.name)) - Number(!hint.names.includes(b.name))) : indexes;
      for (const ix of order) {
        const found = plan(p, i, ix, usable);
        if (!found) continue;
        p.nodes[i] = found.node;
        p.nodes = p.nodes.filter((n) => !found.drop.has(n.id));
        for (const [calc, left] of found.rest) {
          // (a calculation another node also reads keeps its whole expression)
          if (readers(q, calc.outVariable) !== 1) continue;
          const expression = left.reduce((acc, c) => ({ k: 'logical', op: '&&', left: acc, right: c }) as RExpr);
          p.nodes[p.nodes.indexOf(calc)] = { ...calc, expression };
        }
        changed = true;
        break;
      }
    }
  }
  return changed;
}
