// Case table for APPROX_NEAR_COSINE, APPROX_NEAR_L2 and APPROX_NEAR_INNER_PRODUCT
// (src/aql/functions/vector.ts). Evaluated as functions they always fail with 1554 (a
// vector index search never happens here); their searches are tested in
// test/http/vector-indexes.test.ts.
import type { FnCase } from '../../helpers/aql.js';

const NOT_APPLIED = 1554;

export const CASES: FnCase[] = [
  { id: 'vector-cosine-1', fn: 'APPROX_NEAR_COSINE', args: [[1, 0], [0, 1]], error: NOT_APPLIED },
  { id: 'vector-cosine-2', fn: 'APPROX_NEAR_COSINE', args: [[1, 0], [0, 1], { nProbe: 2 }], error: NOT_APPLIED },
  { id: 'vector-l2-1', fn: 'APPROX_NEAR_L2', args: [[1, 0], [0, 1]], error: NOT_APPLIED },
  { id: 'vector-l2-2', fn: 'APPROX_NEAR_L2', args: ['x', null], error: NOT_APPLIED },
  { id: 'vector-ip-1', fn: 'APPROX_NEAR_INNER_PRODUCT', args: [[1, 0], [0, 1]], error: NOT_APPLIED },
  { id: 'vector-ip-arity', fn: 'APPROX_NEAR_INNER_PRODUCT', args: [[1, 0]], error: 1541 },
];
