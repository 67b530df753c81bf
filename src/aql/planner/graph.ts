// What the plan builder needs to plan graph statements, as pure functions over constant
// values: traversal and path search OPTIONS, depths, constant start vertices and named
// graph definitions, each checked and worded as ArangoDB 3.12 checks them
// (arangod/Aql/ExecutionPlan.cpp createTraversalOptions/getMinMaxDepths, TraversalNode's
// start vertex, GraphNode's edge collections). Reads nothing; throws ArangoErrors.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { AqlValue } from '../../values/index.js';
import type { TraversalOptions, WeightOptions } from './plan.js';

/** Numbers above this cannot be a depth (ArangoDB checks against INT64_MAX). */
const MAX_DEPTH_VALUE = 2 ** 63;

function invalidDepth(): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'invalid traversal depth');
}

/** One depth bound: a whole, non-negative number (checkDepthValue). */
export function depthValue(v: AqlValue | undefined): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > MAX_DEPTH_VALUE || v < 0 || !Number.isInteger(v)) throw invalidDepth();
  return v;
}

/** getMinMaxDepths: `n` is n..n, `a..b` needs a <= b. */
export function depthRange(min: number, max: number): { minDepth: number; maxDepth: number } {
  if (max < min) throw invalidDepth();
  return { minDepth: min, maxDepth: max };
}

/**
 * A constant start or target vertex (TraversalNode/ShortestPathNode): an object's `_id`
 * is taken, a string is the id; any other plain value fails the query at plan time. Arrays
 * and objects without `_id` are left to run time (a warning and no rows).
 */
export function constantVertex(v: AqlValue, which: 'start' | 'target'): { id: string } | 'runtime' {
  let x = v;
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.prototype.hasOwnProperty.call(x, '_id')) x = x._id;
  if (typeof x === 'string') return { id: x };
  if (x !== null && typeof x === 'object') return 'runtime';
  throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, `invalid ${which} vertex. Must either be an _id string or an object with _id.`);
}

function badParameter(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
}

function collectionRestriction(v: AqlValue): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw badParameter('collection restrictions option must be either a string or an array of collection names');
}

const sameText = (v: AqlValue, text: string): boolean => typeof v === 'string' && v.toLowerCase() === text;

/** Options ArangoDB's traversal accepts and Cairn reads or deliberately ignores. */
const TRAVERSAL_IGNORED = new Set(['parallelism', 'maxProjections', 'indexHint', 'useCache', 'produceVertices', 'neighbors', 'refactor', 'isSmart', 'isDisjoint', 'forceOneShardAttributeValue']);

/**
 * A traversal's OPTIONS (createTraversalOptions): `bfs` wins over a later `order`; an
 * unknown order, uniqueEdges "global" and uniqueVertices "global" without bfs/weighted
 * order are 10 (bad parameter); unknown attributes warn (1539).
 */
export function traversalOptions(opts: Record<string, AqlValue>, warn: (message: string) => void): TraversalOptions {
  const out: TraversalOptions = { order: 'dfs', uniqueVertices: 'none', uniqueEdges: 'path', vertexCollections: [], edgeCollections: [], weightAttribute: '', weightPath: [], defaultWeight: 1 };
  let hasBfs = false;
  for (const [name, value] of Object.entries(opts)) {
    if (name === 'bfs') {
      out.order = value === true ? 'bfs' : 'dfs';
      hasBfs = true;
    } else if (name === 'uniqueVertices') {
      if (sameText(value, 'path')) out.uniqueVertices = 'path';
      else if (sameText(value, 'global')) out.uniqueVertices = 'global';
    } else if (name === 'uniqueEdges') {
      if (sameText(value, 'none')) out.uniqueEdges = 'none';
      else if (sameText(value, 'global')) throw badParameter("uniqueEdges: 'global' is not supported, due to otherwise unpredictable results. Use 'path' or 'none' instead");
    } else if (name === 'edgeCollections') out.edgeCollections = collectionRestriction(value);
    else if (name === 'vertexCollections') out.vertexCollections = collectionRestriction(value);
    else if (name === 'order') {
      if (hasBfs) continue;
      if (sameText(value, 'bfs')) out.order = 'bfs';
      else if (sameText(value, 'weighted')) out.order = 'weighted';
      else if (sameText(value, 'dfs')) out.order = 'dfs';
      else throw badParameter('order: unknown order');
    } else if (name === 'defaultWeight') {
      if (typeof value === 'number') out.defaultWeight = value;
    } else if (name === 'weightAttribute') {
      Object.assign(out, weightAttribute(value));
    } else if (!TRAVERSAL_IGNORED.has(name)) warn(`usage of unknown OPTIONS attribute '${name}' in TRAVERSAL statement`);
  }
  if (out.uniqueVertices === 'global' && out.order === 'dfs') {
    throw badParameter("uniqueVertices: 'global' is only supported, with mode: bfs|weighted due to otherwise unpredictable results.");
  }
  return out;
}

/**
 * weightAttribute as ArangoDB reads it: a string names one top-level attribute (a dot in
 * it is part of the name), an array of strings is an attribute path; anything else, none.
 */
function weightAttribute(value: AqlValue): Pick<WeightOptions, 'weightAttribute' | 'weightPath'> {
  if (typeof value === 'string') return { weightAttribute: value, weightPath: value === '' ? [] : [value] };
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string')) {
    const path = value as string[];
    return { weightAttribute: path, weightPath: path };
  }
  return { weightAttribute: '', weightPath: [] };
}

/**
 * A path search's OPTIONS (createShortestPathOptions): weightAttribute and defaultWeight;
 * a negative defaultWeight is refused at once (1948), as ArangoDB's options do, whether
 * or not an edge would ever fall back to it.
 */
export function pathSearchOptions(opts: Record<string, AqlValue>): WeightOptions {
  const out: WeightOptions = { weightAttribute: '', weightPath: [], defaultWeight: 1 };
  if (opts.weightAttribute !== undefined) Object.assign(out, weightAttribute(opts.weightAttribute));
  if (typeof opts.defaultWeight === 'number') out.defaultWeight = opts.defaultWeight;
  if (out.defaultWeight < 0) throw new ArangoError(ERR.ERROR_GRAPH_NEGATIVE_EDGE_WEIGHT);
  return out;
}

/** A named graph as stored in `_graphs/<name>` (the fields traversals read). */
export interface GraphDefinition {
  edgeDefinitions: { collection: string; from: string[]; to: string[] }[];
  orphanCollections: string[];
}

/** The stored graph document's definition, tolerating missing fields as ArangoDB's Graph does. */
export function graphDefinition(doc: AqlValue | undefined): GraphDefinition | undefined {
  if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const strings = (v: AqlValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const defs = Array.isArray(doc.edgeDefinitions) ? doc.edgeDefinitions : [];
  const edgeDefinitions = defs.flatMap((d) => {
    if (d === null || typeof d !== 'object' || Array.isArray(d) || typeof d.collection !== 'string') return [];
    return [{ collection: d.collection, from: strings(d.from), to: strings(d.to) }];
  });
  return { edgeDefinitions, orphanCollections: strings(doc.orphanCollections) };
}

/** A named graph's vertex collections: those its edge definitions connect, then its orphans, each once. */
export function graphVertexCollections(g: GraphDefinition): string[] {
  const out: string[] = [];
  for (const d of g.edgeDefinitions) for (const c of [...d.from, ...d.to]) if (!out.includes(c)) out.push(c);
  for (const c of g.orphanCollections) if (!out.includes(c)) out.push(c);
  return out;
}
