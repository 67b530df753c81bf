// Executor blocks for graph statements: TraversalNode (depth-first, breadth-first or
// weighted walks with uniqueness, vertex collection restrictions and PRUNE),
// ShortestPathNode and EnumeratePathsNode (K_SHORTEST_PATHS, K_PATHS,
// ALL_SHORTEST_PATHS). Each input row starts one search, a generator that yields result
// rows, or null after a unit of work so the block can yield to the event loop; the block
// pulls it lazily (LIMIT stops the search). Edges come through the query's GraphReader
// (the edge index, from the query's snapshot or its transaction), in ArangoDB's order.
//
// Invariants:
//  1. DFS emits paths in pre-order, neighbours in edge order (edge collections as written,
//     ANY as OUTBOUND then INBOUND, each collection's edges by last write): ArangoDB's
//     order. BFS emits level by level in the same order.
//  2. A step that breaks uniqueness or leaves the allowed vertex collections is neither
//     emitted nor expanded; a pruned step is emitted (from minDepth on) but not expanded.
//  3. A vertex document that does not exist is null, with warning 1202 `vertex '<id>' not
//     found`, once per vertex and search.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { toBool, type AqlObject, type AqlValue } from '../../values/index.js';
import type * as P from '../planner/plan.js';
import { compileExpression, type Compiled, type Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';
import type { ErrorDef } from '../../errors/registry.js';

/** What graph blocks read: edges through the edge index and vertex documents, from the query's view. */
export interface GraphReader {
  /** Edges of `collection` at `vertex` (out: its _from, in: its _to), external, in edge index order. */
  edges(collection: string, vertex: string, direction: 'out' | 'in'): { edges: AqlObject[]; scanned: number };
  /** The vertex document by `_id`, or null when it (or its collection) does not exist. */
  vertex(id: string): AqlObject | null;
}

/** A search: result rows, or null after a unit of work that produced none. */
type Search = Generator<Row | null, void, undefined>;

const PULL = 1000;
/** Units of work (expansions) between two yields to the event loop. */
const WORK_SLICE = 256;

function warning(base: ErrorDef, message: string): ErrorDef {
  return { ...base, message };
}

/** The `_id` a start or target value names, or undefined (ArangoDB: a warning, no rows). */
function vertexId(v: AqlValue): string | undefined {
  let id: AqlValue | undefined = v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) id = v._id;
  return typeof id === 'string' && id.includes('/') ? id : undefined;
}

/**
 * Base of the graph blocks: pulls input rows and drains one search per row, a slice of
 * work at a time. Subclasses start the search for a row.
 */
abstract class GraphBlock implements Block {
  private pending: Row[] = [];
  private current: Search | null = null;
  private closed = false;
  private cursors = 0;
  protected readonly reader: GraphReader;
  /** Missing vertices already warned about in the current search (invariant 3). */
  private readonly vertexCache = new Map<string, AqlObject | null>();

  constructor(
    protected readonly input: Block,
    protected readonly ex: ExecContext,
    private readonly lookups: number,
  ) {
    const reader = ex.data.graph;
    if (!reader) throw new Error('graph reads are not available');
    this.reader = reader;
  }

  protected abstract start(row: Row): Search;

  async next(max: number): Promise<Row[]> {
    const out: Row[] = [];
    while (!this.closed && out.length < max) {
      await this.ex.rt.checkpoint();
      if (!this.current) {
        if (this.pending.length === 0) this.pending = await this.input.next(PULL);
        const row = this.pending.shift();
        if (!row) break;
        this.vertexCache.clear();
        this.current = this.start(row);
      }
      for (let work = 0; work < WORK_SLICE && out.length < max; ) {
        const r = this.current.next();
        if (r.done) {
          this.current = null;
          break;
        }
        if (r.value) out.push(r.value);
        else work++;
      }
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.current = null;
    this.pending = [];
    this.input.close();
  }

  /** The id of a start/target vertex value, with ArangoDB's warning when it names none. */
  protected inputId(input: P.VertexInput, row: Row, what: string): string | undefined {
    if ('id' in input) {
      if (input.id.includes('/')) return input.id;
    } else {
      const id = vertexId(row[input.variable.reg] ?? null);
      if (id !== undefined) return id;
    }
    this.ex.rt.warn(warning(ERR.ERROR_BAD_PARAMETER, `Invalid input for ${what}: Only id strings or objects with _id are allowed`));
    return undefined;
  }

  /** Edges at a vertex for one lookup, counted as ArangoDB counts an edge cursor. */
  protected edgesOf(collection: string, vertex: string, direction: 'out' | 'in'): AqlObject[] {
    const r = this.reader.edges(collection, vertex, direction);
    const s = this.ex.rt.stats;
    s.scannedIndex += r.scanned;
    if (this.cursors < this.lookups) {
      this.cursors++;
      s.cursorsCreated++;
    } else s.cursorsRearmed++;
    return r.edges;
  }

  /** A vertex document (null when missing: warning 1202 once per search). */
  protected vertex(id: string): AqlObject | null {
    const cached = this.vertexCache.get(id);
    if (cached !== undefined) return cached;
    const doc = this.reader.vertex(id);
    if (doc) this.ex.rt.stats.scannedIndex++;
    else this.ex.rt.warn(warning(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND, `vertex '${id}' not found`));
    this.vertexCache.set(id, doc);
    return doc;
  }

  /** Whether the vertex document exists (path searches return nothing otherwise). */
  protected exists(id: string): boolean {
    const cached = this.vertexCache.get(id);
    if (cached !== undefined) return cached !== null;
    const doc = this.reader.vertex(id);
    if (doc) {
      this.ex.rt.stats.scannedIndex++;
      this.vertexCache.set(id, doc);
    }
    return doc !== null;
  }

  /** Neighbours of a vertex over every lookup of `graph`: the edge and the vertex it leads to. */
  protected neighbours(graph: P.GraphAccess, vertex: string): { edge: AqlObject; to: string }[] {
    const out: { edge: AqlObject; to: string }[] = [];
    for (const l of graph.edges) {
      for (const edge of this.edgesOf(l.collection, vertex, l.direction)) {
        out.push({ edge, to: (l.direction === 'out' ? edge._to : edge._from) as string });
      }
    }
    return out;
  }

  /** An edge's weight: its weightAttribute when that is a number, else defaultWeight; negative fails (1948). */
  protected weightOf(edge: AqlObject, opts: P.WeightOptions): number {
    let v: AqlValue | undefined = edge;
    for (const name of opts.weightPath) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[name] : undefined;
    const w = typeof v === 'number' ? v : opts.defaultWeight;
    if (w < 0) throw new ArangoError(ERR.ERROR_GRAPH_NEGATIVE_EDGE_WEIGHT);
    return w;
  }
}

/** One step of a traversal: the vertex reached, the edge that reached it, and the step before. */
interface Step {
  id: string;
  edge: AqlObject | null;
  parent: Step | null;
  depth: number;
  weight: number;
  /** Arrival order (weighted order breaks ties by it). */
  seq: number;
}

/** A binary min-heap by (weight, seq). */
class StepHeap {
  private readonly h: Step[] = [];
  get size(): number {
    return this.h.length;
  }
  private less(a: Step, b: Step): boolean {
    return a.weight < b.weight || (a.weight === b.weight && a.seq < b.seq);
  }
  push(s: Step): void {
    const h = this.h;
    h.push(s);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Step | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** The frontier of a traversal in its order: a stack (dfs), a queue (bfs) or a heap (weighted). */
interface Frontier {
  push(steps: Step[]): void;
  pop(): Step | undefined;
}

function frontier(order: P.TraversalOptions['order']): Frontier {
  if (order === 'weighted') {
    const heap = new StepHeap();
    return { push: (steps) => steps.forEach((s) => heap.push(s)), pop: () => heap.pop() };
  }
  if (order === 'bfs') {
    const queue: Step[] = [];
    let head = 0;
    return {
      push: (steps) => void queue.push(...steps),
      pop: () => (head < queue.length ? queue[head++] : undefined),
    };
  }
  const stack: Step[] = [];
  // neighbours go on the stack last first, so the first edge is followed first
  return { push: (steps) => void stack.push(...steps.reverse()), pop: () => stack.pop() };
}

function onPath(step: Step | null, test: (s: Step) => boolean): boolean {
  for (let s = step; s; s = s.parent) if (test(s)) return true;
  return false;
}

export class TraversalBlock extends GraphBlock {
  private readonly prune: Compiled | null;
  private readonly conditions: { test: Compiled; part: 'vertices' | 'edges'; depth: number | null }[];
  private readonly postFilter: Compiled[];
  private readonly vertexCollections: ReadonlySet<string>;

  constructor(
    private readonly node: P.TraversalNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node.graph.edges.length);
    this.prune = node.prune ? compileExpression(node.prune, ex.rt) : null;
    this.conditions = (node.conditions ?? []).map((c) => ({ test: compileExpression(c.expression, ex.rt), part: c.part, depth: c.depth }));
    this.postFilter = (node.postFilter ?? []).map((e) => compileExpression(e, ex.rt));
    this.vertexCollections = new Set(node.options.vertexCollections);
  }

  protected start(row: Row): Search {
    const id = this.inputId(this.node.start, row, 'traversal');
    return id === undefined ? (function* () {})() : this.walk(row, id);
  }

  /** The path of a step: its vertices and edges from the start (and weights, for a weighted order). */
  private path(step: Step): AqlObject {
    const vertices: AqlValue[] = [];
    const edges: AqlValue[] = [];
    const weights: number[] = [];
    for (let s: Step | null = step; s; s = s.parent) {
      vertices.push(this.vertex(s.id));
      if (s.edge) edges.push(s.edge);
      weights.push(s.weight);
    }
    const p: AqlObject = { edges: edges.reverse(), vertices: vertices.reverse() };
    if (this.node.options.order === 'weighted') p.weights = weights.reverse();
    return p;
  }

  /** Invariant 2: whether the step may be on a path at all. */
  private allowed(step: Step, seen: Set<string>): boolean {
    const o = this.node.options;
    if (!step.parent) return true;
    if (this.vertexCollections.size > 0 && !this.vertexCollections.has(step.id.slice(0, step.id.indexOf('/')))) return false;
    if (o.uniqueVertices === 'path' && onPath(step.parent, (s) => s.id === step.id)) return false;
    const edgeId = step.edge!._id;
    if (o.uniqueVertices !== 'path' && o.uniqueEdges === 'path' && onPath(step.parent, (s) => s.edge !== null && s.edge._id === edgeId)) return false;
    if (o.uniqueVertices === 'global') {
      if (seen.has(step.id)) return false;
      seen.add(step.id);
    }
    return true;
  }

  /**
   * Whether the step passes the FILTER conditions optimize-traversals pushed into the walk
   * (checked before global uniqueness marks the vertex visited, so that another path may
   * still reach it). Each condition reads one part of the path: its vertices or its edges,
   * all of them (ALL/NONE) or the one at its depth. The steps before this one passed
   * already, so only the step's own vertex or edge is put into that part: an ALL/NONE
   * condition sees it alone, a pinned one at its index. Nothing else is fetched.
   */
  private passes(step: Step, input: Row): boolean {
    const n = this.node;
    let row: Row | null = null;
    for (const c of this.conditions) {
      if (c.depth !== null && c.depth !== step.depth) continue;
      const current = c.part === 'vertices' ? this.vertex(step.id) : step.edge;
      let items: AqlValue[];
      if (c.depth === null) items = current === null && c.part === 'edges' ? [] : [current];
      else {
        items = new Array<AqlValue>(c.part === 'vertices' ? step.depth + 1 : step.depth).fill(null);
        items[items.length - 1] = current;
      }
      row ??= input.slice();
      row[n.pathOut!.reg] = { [c.part]: items };
      if (!toBool(c.test(row) ?? null)) {
        // as ArangoDB's traverser, a vertex or edge its conditions drop counts as filtered
        this.ex.rt.stats.filtered++;
        return false;
      }
    }
    return true;
  }

  private *walk(input: Row, startId: string): Search {
    const n = this.node;
    const queue = frontier(n.options.order);
    const seen = new Set<string>([startId]);
    let seq = 0;
    queue.push([{ id: startId, edge: null, parent: null, depth: 0, weight: 0, seq: seq++ }]);
    for (let step = queue.pop(); step; step = queue.pop()) {
      if (!this.passes(step, input) || !this.allowed(step, seen)) {
        yield null;
        continue;
      }
      let row: Row | null = null;
      let emit = step.depth >= n.minDepth;
      let pruned = false;
      if (emit || this.prune) {
        row = input.slice();
        row[n.vertexOut.reg] = this.vertex(step.id);
        if (n.edgeOut) row[n.edgeOut.reg] = step.edge;
        if (n.pathOut) row[n.pathOut.reg] = this.path(step);
        if (this.prune) pruned = toBool(this.prune(row) ?? null);
        if (emit && this.postFilter.length > 0 && !this.postFilter.every((f) => toBool(f(row!) ?? null))) {
          emit = false;
          this.ex.rt.stats.filtered++;
        }
      }
      if (step.depth < n.maxDepth && !pruned) {
        const next = this.neighbours(n.graph, step.id).map(({ edge, to }) => ({
          id: to,
          edge,
          parent: step!,
          depth: step!.depth + 1,
          weight: n.options.order === 'weighted' ? step!.weight + this.weightOf(edge, n.options) : step!.depth + 1,
          seq: seq++,
        }));
        queue.push(next);
      }
      yield emit ? row : null;
    }
  }
}

/** A path found by a path search: vertex ids, edges and total weight. */
interface FoundPath {
  ids: string[];
  edges: AqlObject[];
  weight: number;
}

/**
 * Shortest paths by Dijkstra (every edge weighs 1 without weightAttribute), ties broken by
 * discovery order; `banned` edges and vertices are skipped (Yen's spur searches).
 */
function shortestPath(
  block: { neighbours(id: string): { edge: AqlObject; to: string }[]; weight(edge: AqlObject): number },
  from: string,
  to: string,
  bannedEdges: ReadonlySet<string> = new Set(),
  bannedVertices: ReadonlySet<string> = new Set(),
): FoundPath | undefined {
  const best = new Map<string, { weight: number; prev: string | null; edge: AqlObject | null; seq: number }>([[from, { weight: 0, prev: null, edge: null, seq: 0 }]]);
  const done = new Set<string>();
  const heap = new StepHeap();
  let seq = 1;
  heap.push({ id: from, edge: null, parent: null, depth: 0, weight: 0, seq: 0 });
  for (let s = heap.pop(); s; s = heap.pop()) {
    if (done.has(s.id)) continue;
    done.add(s.id);
    if (s.id === to) break;
    for (const { edge, to: next } of block.neighbours(s.id)) {
      if (bannedEdges.has(edge._id as string) || bannedVertices.has(next) || done.has(next)) continue;
      const w = s.weight + block.weight(edge);
      const known = best.get(next);
      if (known && known.weight <= w) continue;
      best.set(next, { weight: w, prev: s.id, edge, seq });
      heap.push({ id: next, edge, parent: null, depth: 0, weight: w, seq: seq++ });
    }
  }
  if (!done.has(to)) return undefined;
  const ids: string[] = [];
  const edges: AqlObject[] = [];
  for (let id: string | null = to; id !== null; ) {
    const b: { prev: string | null; edge: AqlObject | null } = best.get(id)!;
    ids.push(id);
    if (b.edge) edges.push(b.edge);
    id = b.prev;
  }
  return { ids: ids.reverse(), edges: edges.reverse(), weight: best.get(to)!.weight };
}

export class ShortestPathBlock extends GraphBlock {
  constructor(
    private readonly node: P.ShortestPathNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node.graph.edges.length);
  }

  protected start(row: Row): Search {
    const from = this.inputId(this.node.start, row, 'Shortest Path');
    const to = this.inputId(this.node.target, row, 'Shortest Path');
    return from === undefined || to === undefined ? (function* () {})() : this.find(row, from, to);
  }

  private *find(input: Row, from: string, to: string): Search {
    const n = this.node;
    if (!this.exists(from) || !this.exists(to)) return;
    const path = shortestPath({ neighbours: (id) => this.neighbours(n.graph, id), weight: (e) => (n.options.weightPath.length > 0 ? this.weightOf(e, n.options) : 1) }, from, to);
    if (!path) return;
    for (let i = 0; i < path.ids.length; i++) {
      const row = input.slice();
      row[n.vertexOut.reg] = this.vertex(path.ids[i]);
      if (n.edgeOut) row[n.edgeOut.reg] = i === 0 ? null : path.edges[i - 1];
      yield row;
    }
  }
}

export class EnumeratePathsBlock extends GraphBlock {
  private readonly filters: { part: 'vertices' | 'edges'; element: number; test: Compiled }[];
  /** The input row the current search's element filters read (set by start()). */
  private filterRow: Row = [];

  constructor(
    private readonly node: P.EnumeratePathsNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node.graph.edges.length);
    this.filters = (node.elementFilters ?? []).map((f) => ({ part: f.part, element: f.element.reg, test: compileExpression(f.test, ex.rt) }));
  }

  /** Whether a vertex (or edge) meets every element filter of its part (optimize-enumerate-path-filters). */
  private admits(part: 'vertices' | 'edges', element: AqlValue): boolean {
    for (const f of this.filters) {
      if (f.part !== part) continue;
      const row = this.filterRow.slice();
      row[f.element] = element;
      if (!toBool(f.test(row) ?? null)) {
        this.ex.rt.stats.filtered++;
        return false;
      }
    }
    return true;
  }

  /** The steps a search may take from a vertex: edges and vertices the element filters admit. */
  private steps(id: string): { edge: AqlObject; to: string }[] {
    const all = this.neighbours(this.node.graph, id);
    if (this.filters.length === 0) return all;
    return all.filter(({ edge, to }) => this.admits('edges', edge) && this.admits('vertices', this.vertex(to)));
  }

  protected start(row: Row): Search {
    const what = this.node.pathType === 'K_SHORTEST_PATHS' ? 'K_SHORTEST_PATHS' : this.node.pathType === 'K_PATHS' ? 'K_PATHS' : 'ALL_SHORTEST_PATHS';
    const from = this.inputId(this.node.start, row, what);
    const to = this.inputId(this.node.target, row, what);
    if (from === undefined || to === undefined) return (function* () {})();
    this.filterRow = row;
    // every vertex of a path meets the vertex filters, the start vertex too
    if (this.filters.length > 0 && this.exists(from) && !this.admits('vertices', this.vertex(from))) return (function* () {})();
    const searches = { K_SHORTEST_PATHS: () => this.kShortest(row, from, to), K_PATHS: () => this.kPaths(row, from, to), ALL_SHORTEST_PATHS: () => this.allShortest(row, from, to) };
    return searches[this.node.pathType]();
  }

  private row(input: Row, path: FoundPath, weighted: boolean): Row {
    const row = input.slice();
    const p: AqlObject = { edges: path.edges, vertices: path.ids.map((id) => this.vertex(id)) };
    if (weighted) p.weight = path.weight;
    row[this.node.pathOut.reg] = p;
    return row;
  }

  private weight(edge: AqlObject): number {
    return this.node.options.weightPath.length > 0 ? this.weightOf(edge, this.node.options) : 1;
  }

  /** Yen's algorithm: loop-free paths by increasing weight, each found lazily. */
  private *kShortest(input: Row, from: string, to: string): Search {
    if (!this.exists(from) || !this.exists(to)) return;
    const g = { neighbours: (id: string) => this.steps(id), weight: (e: AqlObject) => this.weight(e) };
    const first = shortestPath(g, from, to);
    if (!first) return;
    const found: FoundPath[] = [first];
    const signature = (p: FoundPath): string => p.edges.map((e) => e._id).join('\u0000') + '|' + p.ids.join('\u0000');
    const known = new Set([signature(first)]);
    const candidates: { path: FoundPath; seq: number }[] = [];
    let seq = 0;
    yield this.row(input, first, true);
    for (;;) {
      const last = found[found.length - 1];
      for (let i = 0; i < last.ids.length - 1; i++) {
        const spur = last.ids[i];
        const rootIds = last.ids.slice(0, i + 1);
        const rootEdges = last.edges.slice(0, i);
        const bannedEdges = new Set<string>();
        for (const p of found) {
          if (p.ids.length > i && rootIds.every((id, k) => p.ids[k] === id) && rootEdges.every((e, k) => p.edges[k]._id === e._id) && p.edges[i]) {
            bannedEdges.add(p.edges[i]._id as string);
          }
        }
        const spurPath = shortestPath(g, spur, to, bannedEdges, new Set(rootIds.slice(0, i)));
        yield null;
        if (!spurPath) continue;
        const total: FoundPath = {
          ids: [...rootIds.slice(0, i), ...spurPath.ids],
          edges: [...rootEdges, ...spurPath.edges],
          weight: rootEdges.reduce((w, e) => w + this.weight(e), 0) + spurPath.weight,
        };
        const sig = signature(total);
        if (known.has(sig)) continue;
        known.add(sig);
        candidates.push({ path: total, seq: seq++ });
      }
      if (candidates.length === 0) return;
      let bestAt = 0;
      for (let k = 1; k < candidates.length; k++) {
        const c = candidates[k];
        const b = candidates[bestAt];
        if (c.path.weight < b.path.weight || (c.path.weight === b.path.weight && c.seq < b.seq)) bestAt = k;
      }
      const [next] = candidates.splice(bestAt, 1);
      found.push(next.path);
      yield this.row(input, next.path, true);
    }
  }

  /** Every loop-free path of minDepth..maxDepth edges, shorter ones first (depth-first within a length). */
  private *kPaths(input: Row, from: string, to: string): Search {
    const n = this.node;
    if (!this.exists(from) || !this.exists(to)) return;
    for (let length = n.minDepth; length <= n.maxDepth; length++) {
      if (length === 0) {
        if (from === to) yield this.row(input, { ids: [from], edges: [], weight: 0 }, false);
        continue;
      }
      let reachable = false;
      const ids = [from];
      const edges: AqlObject[] = [];
      const self = this;
      // depth-first over loop-free paths of exactly `length` edges ending at `to`
      const extend = function* (depth: number): Search {
        const at = ids[ids.length - 1];
        yield null;
        for (const { edge, to: next } of self.steps(at)) {
          if (ids.includes(next)) continue;
          reachable = true;
          if (depth + 1 === length) {
            if (next === to) yield self.row(input, { ids: [...ids, next], edges: [...edges, edge], weight: 0 }, false);
            continue;
          }
          if (next === to) continue;
          ids.push(next);
          edges.push(edge);
          yield* extend(depth + 1);
          ids.pop();
          edges.pop();
        }
      };
      yield* extend(0);
      if (!reachable) return; // no path grows longer than this one
    }
  }

  /** Every path of the shortest length (breadth-first levels, then the predecessors backwards). */
  private *allShortest(input: Row, from: string, to: string): Search {
    if (!this.exists(from) || !this.exists(to)) return;
    if (from === to) {
      yield this.row(input, { ids: [from], edges: [], weight: 0 }, false);
      return;
    }
    const level = new Map<string, number>([[from, 0]]);
    const preds = new Map<string, { prev: string; edge: AqlObject }[]>();
    let frontierIds = [from];
    let depth = 0;
    while (frontierIds.length > 0 && !level.has(to)) {
      const next: string[] = [];
      depth++;
      for (const id of frontierIds) {
        for (const { edge, to: v } of this.steps(id)) {
          const l = level.get(v);
          if (l === undefined) {
            level.set(v, depth);
            next.push(v);
          }
          if ((l ?? depth) === depth) {
            const list = preds.get(v) ?? [];
            list.push({ prev: id, edge });
            preds.set(v, list);
          }
        }
        yield null;
      }
      frontierIds = next;
    }
    if (!level.has(to)) return;
    const ids = [to];
    const edges: AqlObject[] = [];
    const self = this;
    const back = function* (at: string): Search {
      if (at === from) {
        yield self.row(input, { ids: [...ids].reverse(), edges: [...edges].reverse(), weight: 0 }, false);
        return;
      }
      for (const { prev, edge } of preds.get(at) ?? []) {
        ids.push(prev);
        edges.push(edge);
        yield* back(prev);
        ids.pop();
        edges.pop();
      }
    };
    yield* back(to);
  }
}
