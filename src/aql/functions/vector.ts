// APPROX_NEAR_COSINE, APPROX_NEAR_L2 and APPROX_NEAR_INNER_PRODUCT (ArangoDB 3.12's vector
// search functions) and the scores they stand for. The functions only mark a
// `SORT ... LIMIT` that the use-vector-index rule turns into an EnumerateNearVectorNode;
// evaluated anywhere else they fail with 1554, as ArangoDB's do. The scores are what
// ArangoDB's (Faiss-backed) search returns: cosine similarity of the normalized vectors,
// Euclidean distance, inner product, each computed over 32-bit floats.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { fn, type FunctionDef } from './registry.js';

export type VectorMetricName = 'cosine' | 'l2' | 'innerProduct';

/** The function that searches an index of each metric (the rule matches them). */
export const APPROX_FUNCTION: Readonly<Record<VectorMetricName, string>> = {
  cosine: 'APPROX_NEAR_COSINE',
  l2: 'APPROX_NEAR_L2',
  innerProduct: 'APPROX_NEAR_INNER_PRODUCT',
};

/** True for the metrics whose nearest neighbours have the highest score (SORT ... DESC). */
export function descendingMetric(metric: VectorMetricName): boolean {
  return metric !== 'l2';
}

const notApplied = (): never => {
  throw new ArangoError(ERR.ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
};

export const FUNCTIONS: FunctionDef[] = Object.values(APPROX_FUNCTION).map((name) => fn(name, 2, 3, notApplied));

/** `v` as 32-bit floats (what Faiss stores), unit length for cosine. */
export function searchVector(v: readonly number[], metric: VectorMetricName): Float32Array {
  const out = Float32Array.from(v);
  if (metric === 'cosine') {
    let norm = 0;
    for (const x of out) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  }
  return out;
}

/**
 * The score of a document vector `d` for the query `q` (both from searchVector): the
 * cosine similarity or inner product (higher is nearer) or the L2 distance (lower is
 * nearer), rounded to a 32-bit float as Faiss returns it.
 */
export function vectorScore(metric: VectorMetricName, q: Float32Array, d: Float32Array): number {
  // every step in single precision, as Faiss's fvec_L2sqr and fvec_inner_product
  const f = Math.fround;
  let acc = 0;
  if (metric === 'l2') {
    for (let i = 0; i < q.length; i++) {
      const diff = f(q[i]! - d[i]!);
      acc = f(acc + f(diff * diff));
    }
    return f(Math.sqrt(acc));
  }
  for (let i = 0; i < q.length; i++) acc = f(acc + f(q[i]! * d[i]!));
  return acc;
}
