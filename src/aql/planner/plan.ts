// Execution plans: a pipeline of nodes named as ArangoDB names them, each reading the
// rows its predecessor produces. A subquery is a SubqueryNode holding its own pipeline,
// run once per input row. Nodes are plain tagged objects; the executor dispatches on
// `type` through a table typed over every kind (executor/blocks.ts), explain prints them.
import type { RExpr, Variable } from './ir.js';
import type { IndexRecord } from '../../storage/catalog.js';
import type { IndexOp } from '../../storage/index-reader.js';
import type { Duration } from '../functions/date-parse.js';

export interface SingletonNode { type: 'SingletonNode'; id: number }
export interface EnumerateCollectionNode {
  type: 'EnumerateCollectionNode';
  id: number;
  collection: string;
  outVariable: Variable;
  random: boolean;
  /** optimize-count: the loop produces one value, the number of documents it enumerates. */
  count?: true;
  /** move-filters-into-enumerate: documents for which this is falsy are dropped before they become rows. */
  filter?: RExpr;
  /**
   * reduce-extraction-to-projection: every later use of the variable reads one of these
   * attribute paths (never `_id`), so rows carry the stored document as it is (its
   * attributes are the document's; it lacks only `_id`) instead of the externalized copy.
   */
  projections?: string[][];
  /**
   * late-document-materialization: rows carry the stored document up to a LIMIT (SORT and
   * FILTER work before it reads only stored attributes); a MaterializeNode after the
   * LIMIT turns the rows that survive into external documents.
   */
  late?: boolean;
  /**
   * With `late`: the top-level attributes the nodes before the MaterializeNode read. Rows
   * may carry just these (and `_key`): the MaterializeNode reads such a row's document.
   */
  lateAttributes?: string[];
  /** FOR ... OPTIONS { indexHint, forceIndexHint }: index names to prefer, in order. */
  indexHint?: { names: string[]; forced: boolean };
  /** FOR ... OPTIONS { disableIndex: true }: always a full scan. */
  disableIndex?: boolean;
  /** FOR ... OPTIONS { lookahead }: an mdi index read's lookahead (ArangoDB's default 1). */
  lookahead?: number;
}
/** OPTIONS of FOR ... IN view SEARCH ... (ArangoDB's IResearchViewNode options). */
export interface SearchOptions {
  /** Restricts the view to these linked collections (names); undefined: all. */
  collections?: string[];
  conditionOptimization: 'auto' | 'nodnf' | 'noneg' | 'none';
  countApproximate: 'exact' | 'cost';
  parallelism: number;
  waitForSync: boolean;
}
/**
 * FOR v IN view [SEARCH cond]: the documents of the view's linked collections (each once)
 * for which the SEARCH condition holds under ArangoSearch's semantics (src/aql/search).
 */
export interface EnumerateViewNode {
  type: 'EnumerateViewNode';
  id: number;
  view: string;
  /** The linked collections the loop reads (after OPTIONS collections). */
  collections: string[];
  outVariable: Variable;
  condition?: RExpr;
  options: SearchOptions;
}
export interface EnumerateListNode {
  type: 'EnumerateListNode';
  id: number;
  inVariable: Variable;
  outVariable: Variable;
  /** move-filters-into-enumerate: values for which this is falsy are dropped before they become rows. */
  filter?: RExpr;
}
export interface CalculationNode {
  type: 'CalculationNode';
  id: number;
  expression: RExpr;
  outVariable: Variable;
  /** True when the expression is one asynchronous call (SLEEP) the block must await. */
  async: boolean;
  /**
   * True for `FOR x IN a..b`: the range is only enumerated, so the block stores a lazy
   * range that the EnumerateListNode reading this variable walks without materializing.
   */
  lazyRange?: boolean;
}
export interface SubqueryNode { type: 'SubqueryNode'; id: number; subquery: Plan; outVariable: Variable }
export interface FilterNode { type: 'FilterNode'; id: number; inVariable: Variable }
export interface SortNode {
  type: 'SortNode';
  id: number;
  elements: { variable: Variable; ascending: boolean }[];
  /** Set by sort-limit: keep only the first `limit` rows (offset + limit of the LIMIT after it). */
  limit?: number;
}
/**
 * One lookup of an IndexNode that reads several (use-indexes on an OR across attributes):
 * its index, the conditions per index field and the covered conjuncts of its branch.
 */
export interface IndexBranch {
  index: IndexRecord;
  conditions: { op: IndexOp; value: RExpr }[][];
  condition: RExpr[];
}
/**
 * Reads the documents of a collection through one index (use-indexes, use-index-for-sort).
 * `conditions[i]` are the conditions on the index's i-th field (edge: _from, _to; primary:
 * _key, _id), values evaluated per input row; every one is checked on each document.
 */
export interface IndexNode {
  type: 'IndexNode';
  id: number;
  collection: string;
  outVariable: Variable;
  index: IndexRecord;
  conditions: { op: IndexOp; value: RExpr }[][];
  /** The covered FILTER conjuncts, as explain prints them (null: a full index scan). */
  condition: RExpr[] | null;
  /** FilterNodes whose whole condition the index covers (remove-filter-covered-by-index). */
  covers: number[];
  /**
   * FILTERs the index covers in part: each one's condition becomes the rest (applied by
   * remove-filter-covered-by-index).
   */
  residual?: { filter: number; expression: RExpr }[];
  /** Index order on fields [from, from + count) replaces a SORT (use-index-for-sort). */
  sort?: { from: number; count: number };
  ascending: boolean;
  /**
   * late-document-materialization: rows carry only `_key` and the indexed attributes (read
   * from the index entries); a MaterializeNode further down fetches the documents.
   */
  late?: { docIdVariable: Variable };
  /** push-limit-into-index: at most this many documents per IN value (in `sort` order). */
  limit?: number;
  /**
   * reduce-extraction-to-projection: the index holds every attribute later nodes read
   * (these paths), so rows carry `{_key, <indexed attributes>}` built from the index
   * entries and no document is read (an index-only scan).
   */
  projections?: string[][];
  /**
   * reduce-extraction-to-projection, when the scan still reads whole documents: the only
   * attribute paths later nodes read of them (explain's `projections`), and whether the
   * index entries hold them all (`indexCoversProjections`: an index Cairn reads only for
   * its documents, such as the primary or the edge index).
   */
  readProjections?: { paths: string[][]; covered: boolean };
  /** move-filters-into-enumerate: documents for which this is falsy are dropped before they become rows. */
  filter?: RExpr;
  /** optimize-count: the scan produces one value, the number of documents it finds. */
  count?: true;
  /**
   * An OR across attributes: the union of these lookups, each document once, in branch
   * order (`index`, `conditions` and `condition` are the first branch's). Never sorted,
   * late or projected.
   */
  branches?: IndexBranch[];
  /**
   * An inverted index (rules-inverted.ts): the documents this condition matches with
   * ArangoSearch's semantics of the index's fields (`conditions` is empty).
   */
  search?: RExpr;
  /** The inverted index serves the loop's whole FILTER condition (explain's allCoveredByOneIndex). */
  allCovered?: true;
  /** FILTERs the inverted index serves in part: what remains of each (remove-filter-covered-by-index). */
  searchTrims?: { filter: number; rest: RExpr }[];
  /** geo-index: the region and order a geo index is read in (the exact geo condition is `filter`). */
  geo?: GeoUse;
  /** use-indexes on an mdi index: entries read past the box before seeking (OPTIONS { lookahead }). */
  lookahead?: number;
}
/**
 * How the geo-index rule reads a geo index: nearest (or farthest) first from `origin`
 * when it replaced a SORT, within `maxDistance` of it, or inside the box of `shape`.
 * Every expression is evaluated per input row; documents come back as candidates that
 * the IndexNode's `filter` (the FILTER conditions the rule took) checks exactly.
 */
export interface GeoUse {
  /** Where distances are measured from: latitude and longitude, or a GeoJSON value (its centroid). */
  origin?: { lat: RExpr; lon: RExpr } | { shape: RExpr };
  /** The distance expression (over the loop variable) the removed SORT ordered by, and its direction. */
  sort?: { expr: RExpr; ascending: boolean };
  /** Upper bounds (meters) on the distance from `origin` that FILTERs require. */
  maxDistance: RExpr[];
  /** GEO_CONTAINS / GEO_INTERSECTS: the query shape. */
  shape?: RExpr;
}
/**
 * A vector search (use-vector-index): for each input row, the `offset + limit` documents
 * of a vector index nearest to the query point in `inVariable`, nearest first, each with
 * its score in `distanceOutVariable` (ArangoDB's EnumerateNearVectorNode). Replaces
 * `FOR doc IN c [FILTER ...] SORT APPROX_NEAR_*(doc.attr, point) LIMIT offset, limit`;
 * the LIMIT stays after it.
 */
export interface EnumerateNearVectorNode {
  type: 'EnumerateNearVectorNode';
  id: number;
  collection: string;
  index: IndexRecord;
  /** The query point, computed by a CalculationNode before this node. */
  inVariable: Variable;
  /** The loop's document variable, as the EnumerateCollectionNode it replaces defined it. */
  oldDocumentVariable: Variable;
  /** The variable the SORT read (the APPROX_NEAR_* result). */
  distanceOutVariable: Variable;
  limit: number;
  offset: number;
  /** The APPROX_NEAR_* options (nProbe), as given. */
  searchParameters: { nProbe?: number };
  /** Filtered search: only documents for which this is truthy are candidates. */
  filter?: RExpr;
}
/** Replaces the partial documents of a late-materializing IndexNode by the stored documents. */
export interface MaterializeNode {
  type: 'MaterializeNode';
  id: number;
  collection: string;
  /** The IndexNode's variable (partial documents in, whole documents out). */
  outVariable: Variable;
  docIdVariable: Variable;
  /** After a late EnumerateCollectionNode: externalize the stored document the row carries (no read). */
  fromStored?: boolean;
}
/** Produces no rows at all (a FILTER that is always false). */
export interface NoResultsNode { type: 'NoResultsNode'; id: number }
export interface LimitNode { type: 'LimitNode'; id: number; offset: number; limit: number; fullCount: boolean }
export type AggregateKind = string;
export interface CollectNode {
  type: 'CollectNode';
  id: number;
  /** 'sorted' and 'hash' group (output sorted by the groups); 'distinct' is RETURN DISTINCT; 'count' is COLLECT WITH COUNT INTO alone. */
  method: 'sorted' | 'hash' | 'distinct' | 'count';
  groups: { outVariable: Variable; inVariable: Variable }[];
  aggregates: { outVariable: Variable; inVariable: Variable | null; type: AggregateKind }[];
  /** INTO: the group variable, and either an expression variable or the variables to keep. */
  into?: { outVariable: Variable; expressionVariable?: Variable; keep: Variable[] };
}
export interface ReturnNode { type: 'ReturnNode'; id: number; inVariable: Variable }
/**
 * A WINDOW's frame, as ArangoDB's WindowBounds holds it: a number of rows before and after
 * the current one (Infinity: "unbounded"), or a range of values around the current row's
 * range value, given as numbers or as ISO 8601 durations (the value is then a timestamp
 * in milliseconds).
 */
export type WindowBounds =
  | { type: 'row'; preceding: number; following: number }
  | { type: 'range'; unit: 'numeric'; preceding: number; following: number }
  | { type: 'range'; unit: 'date'; preceding: Duration; following: Duration };
/**
 * WINDOW: every input row comes out once, with the aggregates of its frame. A range-based
 * one reads `rangeVariable` (a SORT on it comes right before, as ArangoDB plans it).
 */
export interface WindowNode {
  type: 'WindowNode';
  id: number;
  rangeVariable: Variable | null;
  bounds: WindowBounds;
  /** inVariable null: LENGTH() / COUNT() without an argument (rows are counted). */
  aggregates: { outVariable: Variable; inVariable: Variable | null; type: AggregateKind }[];
}

/** OPTIONS of a data-modification statement, as ArangoDB's ModificationOptions. */
export interface ModificationOptions {
  ignoreErrors: boolean;
  waitForSync: boolean;
  keepNull: boolean;
  mergeObjects: boolean;
  ignoreRevs: boolean;
  exclusive: boolean;
  ignoreDocumentNotFound: boolean;
  refillIndexCaches: boolean;
  /** The collection's schema is not checked. */
  skipDocumentValidation: boolean;
  /** INSERT only: what an existing _key does (absent = conflict). */
  overwriteMode?: 'ignore' | 'replace' | 'update' | 'conflict';
  /** UPSERT only: false looks a whole input batch up before writing any of it (absent = true). */
  readOwnWrites?: false;
}
/** What every data-modification node has: its collection, options, and NEW/OLD outputs (null when unused). */
interface ModificationBase {
  id: number;
  collection: string;
  options: ModificationOptions;
  outVariableNew: Variable | null;
  outVariableOld: Variable | null;
}
export interface InsertNode extends ModificationBase { type: 'InsertNode'; inVariable: Variable }
/** UPDATE/REPLACE: `inKeyVariable` is the `key` of `UPDATE key WITH doc`, null for `UPDATE doc`. */
export interface UpdateNode extends ModificationBase { type: 'UpdateNode'; inDocVariable: Variable; inKeyVariable: Variable | null }
export interface ReplaceNode extends ModificationBase { type: 'ReplaceNode'; inDocVariable: Variable; inKeyVariable: Variable | null }
export interface RemoveNode extends ModificationBase { type: 'RemoveNode'; inVariable: Variable }
/**
 * UPSERT: looks the search example up (own writes included), then inserts `insert` or
 * updates/replaces with `update`, which may read OLD (`oldVariable`, set before it is
 * evaluated; also the node's outVariableOld when used later).
 */
export interface UpsertNode extends ModificationBase {
  type: 'UpsertNode';
  /** An example object, or with `filter` a condition over `currentVariable`. */
  search: RExpr;
  filter: boolean;
  currentVariable: Variable | null;
  insert: RExpr;
  update: RExpr;
  isReplace: boolean;
  oldVariable: Variable;
}
/** A traversal's or path search's edges: each edge collection with the direction it is read in. */
export interface GraphAccess {
  /** What explain prints as `graph`: the named graph's name, or the edge collections as written. */
  graph: string | string[];
  /** IN / OUT / ANY after IN (ArangoDB's defaultDirection). */
  defaultDirection: 'outbound' | 'inbound' | 'any';
  /**
   * One lookup per edge collection and direction, in the order written; ANY is split into
   * OUTBOUND then INBOUND, as ArangoDB's GraphNode::addEdgeCollection splits it.
   */
  edges: { collection: string; direction: 'out' | 'in' }[];
  /** A named graph's vertex collections (from its edge definitions and orphans); [] for anonymous graphs. */
  vertexCollections: string[];
}
/** Where a graph node's start (or target) vertex comes from: a constant `_id` string or a variable. */
export type VertexInput = { id: string } | { variable: Variable };
export interface TraversalOptions {
  order: 'dfs' | 'bfs' | 'weighted';
  uniqueVertices: 'none' | 'path' | 'global';
  uniqueEdges: 'none' | 'path';
  /** Collections a vertex must be in to be visited (the start vertex always is); [] = any. */
  vertexCollections: string[];
  edgeCollections: string[];
  weightAttribute: WeightOptions['weightAttribute'];
  weightPath: string[];
  defaultWeight: number;
}
/**
 * How a weighted search weighs an edge: `weightAttribute` as the query gave it (a name, or
 * an attribute path as an array), `weightPath` the path it names ([] = every edge weighs 1).
 */
export interface WeightOptions {
  weightAttribute: string | string[];
  weightPath: string[];
  defaultWeight: number;
}
/** FOR v, e, p IN min..max DIR start graph [PRUNE cond] [OPTIONS {...}]. */
export interface TraversalNode {
  type: 'TraversalNode';
  id: number;
  start: VertexInput;
  graph: GraphAccess;
  minDepth: number;
  maxDepth: number;
  options: TraversalOptions;
  vertexOut: Variable;
  edgeOut: Variable | null;
  pathOut: Variable | null;
  /** PRUNE: evaluated at every step with v, e, p set; true stops the path there (it is still emitted). */
  prune?: RExpr;
  /** FILTER conditions optimize-traversals also checks during the walk (rules-traversal.ts). */
  conditions?: TraversalCondition[];
  /**
   * FILTER conditions on v and e that optimize-traversals moved into the node: a step
   * failing them is not emitted (it is still followed), as the FILTER would have dropped it.
   */
  postFilter?: RExpr[];
}
/**
 * A path condition checked during a traversal with v, e, p set to the current step: at
 * every step (depth null) or only at the step of one depth. A step failing it is neither
 * emitted nor followed.
 */
export interface TraversalCondition {
  expression: RExpr;
  /** The part of the path the condition reads (p.vertices or p.edges), and nothing else of p. */
  part: 'vertices' | 'edges';
  depth: number | null;
}
/** FOR v[, e] IN DIR SHORTEST_PATH start TO target graph: one row per vertex of the path. */
export interface ShortestPathNode {
  type: 'ShortestPathNode';
  id: number;
  start: VertexInput;
  target: VertexInput;
  graph: GraphAccess;
  options: WeightOptions;
  vertexOut: Variable;
  edgeOut: Variable | null;
}
/** K_SHORTEST_PATHS, K_PATHS and ALL_SHORTEST_PATHS: one row per path. */
export interface EnumeratePathsNode {
  type: 'EnumeratePathsNode';
  id: number;
  pathType: 'K_SHORTEST_PATHS' | 'K_PATHS' | 'ALL_SHORTEST_PATHS';
  start: VertexInput;
  target: VertexInput;
  graph: GraphAccess;
  minDepth: number;
  maxDepth: number;
  options: WeightOptions;
  pathOut: Variable;
  /**
   * Conditions every vertex or every edge of a path must meet, which
   * optimize-enumerate-path-filters took from FILTERs on the path: `test` is evaluated
   * with `element` set to one vertex (or edge); the search never steps onto one failing it.
   */
  elementFilters?: { part: 'vertices' | 'edges'; element: Variable; test: RExpr }[];
}
export type GraphPlanNode = TraversalNode | ShortestPathNode | EnumeratePathsNode;

export type ModificationNode = InsertNode | UpdateNode | ReplaceNode | RemoveNode | UpsertNode;

export type PlanNode =
  | SingletonNode
  | EnumerateCollectionNode
  | EnumerateViewNode
  | EnumerateListNode
  | CalculationNode
  | SubqueryNode
  | FilterNode
  | SortNode
  | LimitNode
  | CollectNode
  | WindowNode
  | ReturnNode
  | IndexNode
  | EnumerateNearVectorNode
  | NoResultsNode
  | MaterializeNode
  | InsertNode
  | UpdateNode
  | ReplaceNode
  | RemoveNode
  | UpsertNode
  | TraversalNode
  | ShortestPathNode
  | EnumeratePathsNode;

export const MODIFICATION_NODE_TYPES: ReadonlySet<PlanNodeType> = new Set(['InsertNode', 'UpdateNode', 'ReplaceNode', 'RemoveNode', 'UpsertNode']);

export type PlanNodeType = PlanNode['type'];

/**
 * A pipeline: nodes[0] is the SingletonNode; the last node is the ReturnNode, or a
 * data-modification node when the (sub)query ends in one (it then returns no rows).
 */
export interface Plan {
  nodes: PlanNode[];
}

/** A whole planned query. */
export interface QueryPlan {
  root: Plan;
  variables: Variable[];
  /** Number of registers a row needs (every variable of every subquery has one). */
  registers: number;
  /** Collections the query reads, in first-use order. */
  collections: string[];
  /** Optimizer rules applied, in order (ArangoDB's names). */
  rules: string[];
  /** True when no non-deterministic function is used. */
  cacheable: boolean;
  /** Collections a data-modification node writes, in first-use order (empty: read-only query). */
  writeCollections: string[];
  /** The top-level LimitNode that fullCount counts past, if any. */
  fullCountLimit?: LimitNode;
  /** The query asked for fullCount: stats report it even without a top-level LIMIT. */
  reportFullCount?: boolean;
}
