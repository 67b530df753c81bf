// Vector indexes (ArangoDB 3.12's type "vector", behind --experimental-vector-index): the
// definition's validation in ArangoDB's words, the description GET /_api/index gives, and
// the entries a document gives the index. Cairn keeps each document's vector (and its
// storedValues) as one entry and answers nearest-neighbour searches by scanning them
// exactly (aql/executor/vector-block.ts); an IVF index as ArangoDB's approximates that.
//
// Invariants:
//  1. An entry is [dataId, _key] -> [vector, storedValues | null]; a sparse index has no
//     entry for a document without the attribute, a non-sparse one refuses such a
//     document (400/10), and any present value that is not an array of `dimension`
//     numbers is refused (400/17), on insert, update, replace and at creation alike.
//  2. The training state is derived, never stored: "ready" once the index holds at least
//     nLists vectors (ArangoDB's training threshold), else "unusable" (queries cannot use
//     it). Unlike ArangoDB, whose training happens once, an index that shrinks below the
//     threshold is reported unusable again.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { IndexRecord } from './catalog.js';
import { getPath, isPlainObject, type Doc } from './documents.js';
import type { Key } from './engine.js';
import { checkedFields } from './special-indexes.js';

export type VectorMetric = 'cosine' | 'l2' | 'innerProduct';

/** The `params` of a vector index, defaults applied (ArangoDB's UserVectorIndexDefinition). */
export interface VectorParams {
  dimension: number;
  metric: VectorMetric;
  nLists: number;
  factory?: string;
  trainingIterations: number;
  defaultNProbe: number;
}

/** What a vector index record keeps in `props`. */
export interface VectorProps {
  params: VectorParams;
  storedValues?: string[];
  /** Given at creation only when set (ArangoDB's processIndexParallelism). */
  parallelism?: number;
}

type Bad = (msg: string) => never;

const METRICS: readonly VectorMetric[] = ['l2', 'cosine', 'innerProduct'];
/** ArangoDB's kMaxParallelism (IndexFactory): a given parallelism is clamped to [1, it]. */
const MAX_PARALLELISM = 32;
/** The message a vector index creation gets without --experimental-vector-index. */
export const VECTOR_DISABLED = 'vector index feature is not enabled. Run ArangoDB with `--experimental-vector-index` flag turned on.';

/** A non-negative integer (VelocyPack's UInt), as the inspection reads uint64 fields. */
function uint(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * `params`, read as ArangoDB's inspection deserializes UserVectorIndexDefinition: an
 * object; dimension, metric and nLists required; trainingIterations (25) and
 * defaultNProbe (1) defaulted; unknown attributes refused. Throws a message without the
 * "params" prefix (parseVectorSpec adds it).
 */
export function parseVectorParams(p: unknown): VectorParams {
  const fail = (msg: string): never => {
    throw new ParamsError(msg);
  };
  if (!isPlainObject(p)) return fail('Expecting type Object');
  const known = new Set(['dimension', 'metric', 'nLists', 'factory', 'trainingIterations', 'defaultNProbe']);
  for (const k of Object.keys(p)) if (!known.has(k)) fail(`Found unexpected attribute '${k}'`);
  const required = (name: string): unknown => (p[name] === undefined ? fail(`Missing required attribute '${name}'`) : p[name]);
  const dimension = required('dimension');
  if (!uint(dimension)) return fail('Expecting type UInt');
  if (dimension < 1) fail('Dimension must be greater than 0!');
  const metric = required('metric');
  if (typeof metric !== 'string') return fail('Expecting type String');
  if (!METRICS.includes(metric as VectorMetric)) fail(`Unknown enum value ${metric}`);
  const nLists = required('nLists');
  if (!uint(nLists)) return fail('Expecting type UInt');
  if (nLists < 1) fail('nLists must be 1 or greater!');
  const factory = p.factory;
  if (factory !== undefined && typeof factory !== 'string') fail('Expecting type String');
  const trainingIterations = p.trainingIterations ?? 25;
  if (!uint(trainingIterations)) return fail('Expecting type UInt');
  const defaultNProbe = p.defaultNProbe ?? 1;
  if (typeof defaultNProbe !== 'number' || !Number.isInteger(defaultNProbe)) return fail('Expecting type Int');
  if (defaultNProbe < 1) fail('defaultNProbe must be 1 or greater!');
  return {
    dimension,
    metric: metric as VectorMetric,
    nLists,
    ...(factory !== undefined ? { factory: factory as string } : {}),
    trainingIterations: trainingIterations as number,
    defaultNProbe: defaultNProbe as number,
  };
}

class ParamsError extends Error {}

export interface VectorSpec {
  type: 'vector';
  fields: string[];
  unique: false;
  sparse: boolean;
  deduplicate: false;
  estimates: false;
  cacheEnabled: false;
  name?: string;
  props: Record<string, unknown>;
}

/**
 * A POST /_api/index body of type "vector" (ArangoDB's enhanceJsonIndexVector, in its
 * order): one attribute in `fields`, `params`, never unique, storedValues (1 to 32, may
 * repeat the field), sparse (default false), parallelism. Every failure is 400/10.
 */
export function parseVectorSpec(body: Record<string, unknown>, bad: Bad): VectorSpec {
  const fields = checkedFields(body.fields, 1, 1, { subAttributes: true, id: false }, bad);
  if (fields[0]!.includes('[*]')) bad('cannot use [*] expansion for this type of index');
  let params: VectorParams;
  try {
    params = parseVectorParams(body.params);
  } catch (e) {
    if (e instanceof ParamsError) return bad(`Error with parsing the \`params\` field in vector index definition: ${e.message}`);
    throw e;
  }
  if (body.unique === true) bad('Vector index cannot be unique');
  const props: VectorProps = { params };
  if (Object.hasOwn(body, 'storedValues') && body.storedValues !== undefined) {
    const prefixed = (msg: string): never => bad(`when parsing fields for stored values: ${msg}`);
    if (!Array.isArray(body.storedValues)) return prefixed('storedValues must be an array');
    props.storedValues = checkedFields(body.storedValues, 1, 32, { subAttributes: true, id: true }, prefixed);
    for (const f of props.storedValues) if (f.includes('[*]')) bad(`invalid index attribute path '${f}' in 'storedValues'`);
  }
  if (Object.hasOwn(body, 'parallelism')) {
    const n = typeof body.parallelism === 'number' && Number.isFinite(body.parallelism) ? Math.trunc(body.parallelism) : 2;
    props.parallelism = Math.min(MAX_PARALLELISM, Math.max(1, n));
  }
  return {
    type: 'vector',
    fields,
    unique: false,
    sparse: typeof body.sparse === 'boolean' ? body.sparse : false,
    deduplicate: false,
    estimates: false,
    cacheEnabled: false,
    name: body.name as string | undefined,
    props: props as unknown as Record<string, unknown>,
  };
}

export function vectorProps(ix: Pick<IndexRecord, 'props'>): VectorProps {
  return ix.props as unknown as VectorProps;
}

/** ArangoDB's RocksDBVectorIndex::matchesDefinition: type, fields, sparse and params (defaults applied). */
export function sameVector(ix: IndexRecord, spec: { fields: string[]; sparse: boolean; props?: Record<string, unknown> }): boolean {
  if (ix.type !== 'vector' || ix.sparse !== spec.sparse || ix.fields.join('\u0000') !== spec.fields.join('\u0000')) return false;
  const a = vectorProps(ix).params;
  const b = (spec.props as unknown as VectorProps).params;
  return (
    a.dimension === b.dimension &&
    a.metric === b.metric &&
    a.nLists === b.nLists &&
    a.factory === b.factory &&
    a.trainingIterations === b.trainingIterations &&
    a.defaultNProbe === b.defaultNProbe
  );
}

/** GET /_api/index's description (attributes sorted by name, as ArangoDB's VelocyPack). */
export function vectorView(id: string, ix: IndexRecord, ready: boolean): Doc {
  const p = vectorProps(ix);
  const out: Doc = {};
  if (!ready && !ix.building) out.errorMessage = 'not enough training data for vector index';
  Object.assign(out, { fields: ix.fields, id, name: ix.name, params: { ...p.params } });
  if (p.parallelism !== undefined) out.parallelism = p.parallelism;
  out.sparse = ix.sparse;
  if (p.storedValues) out.storedValues = p.storedValues;
  Object.assign(out, { trainingState: ix.building ? 'training' : ready ? 'ready' : 'unusable', type: 'vector', unique: false });
  if (ix.building) out.isBuilding = true;
  return out;
}

/**
 * The vector a document holds for the index (ArangoDB's readDocumentVectorData), or
 * undefined when a sparse index leaves the document out. Throws 400/10 for a missing
 * attribute in a non-sparse index and 400/17 for any other value that is not an array of
 * `dimension` numbers.
 */
export function documentVector(ix: IndexRecord, doc: Doc): number[] | undefined {
  const { dimension } = vectorProps(ix).params;
  const key = String(doc._key ?? '');
  const v = getPath(doc, ix.fields[0]!);
  if (v === undefined) {
    if (ix.sparse) return undefined;
    throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `vector field not present in document ${key}`);
  }
  if (!Array.isArray(v)) throw ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, `array expected for vector attribute for document ${key}`);
  if (v.length !== dimension) {
    throw ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, `provided vector is not of matching dimension for document ${key}, index dimension: ${dimension}, document dimension: ${v.length}`);
  }
  for (const x of v) if (typeof x !== 'number') throw ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, `vector contains data not representable as double for document ${key}`);
  return v as number[];
}

/** A document's entry in a vector index (invariant 1): none, or one holding its vector and stored values. */
export function vectorEntries(ix: IndexRecord, doc: Doc): { key: Key; value: unknown }[] {
  const vector = documentVector(ix, doc);
  if (vector === undefined) return [];
  const stored = vectorProps(ix).storedValues;
  const values = stored ? stored.map((f) => (f === '_id' ? null : (getPath(doc, f) ?? null))) : null;
  return [{ key: [ix.dataId, doc._key as string], value: [vector, values] }];
}

/** One entry as the query executor reads it. */
export interface VectorEntry {
  key: string;
  vector: number[];
  /** The storedValues' values, in the index's order (null: the index has none). */
  stored: unknown[] | null;
}

export function readVectorEntry(key: Key, value: unknown): VectorEntry {
  const [vector, stored] = value as [number[], unknown[] | null];
  return { key: (key as [number, string])[1], vector, stored };
}
