// EnumerateNearVectorNode: the nearest documents of a vector index for each input row.
// The search is exact: every vector of the index is scored (an IVF index as ArangoDB's
// approximates this result; nProbe therefore changes nothing here). Pull contract as in
// blocks.ts. Errors are ArangoDB's EnumerateNearVectorExecutor's: a query point that is
// not an array, or not of the index's dimension, is 1542.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { toBool, typeName, type AqlObject, type AqlValue } from '../../values/index.js';
import type * as P from '../planner/plan.js';
import { compileExpression, type Compiled, type Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';
import { descendingMetric, searchVector, vectorScore, type VectorMetricName } from '../functions/vector.js';
import { vectorProps } from '../../storage/vector-index.js';

const PULL = 1000;

interface Hit {
  key: string;
  score: number;
  doc?: AqlObject;
}

export class EnumerateNearVectorBlock implements Block {
  private closed = false;
  private pending: Row[] = [];
  private out: Row[] = [];
  private readonly filter: Compiled | null;
  private readonly metric: VectorMetricName;
  private readonly dimension: number;

  constructor(
    private readonly node: P.EnumerateNearVectorNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {
    this.filter = node.filter ? compileExpression(node.filter, ex.rt) : null;
    const params = vectorProps(node.index).params;
    this.metric = params.metric;
    this.dimension = params.dimension;
  }

  async next(max: number): Promise<Row[]> {
    while (!this.closed && this.out.length === 0) {
      await this.ex.rt.checkpoint();
      if (this.pending.length === 0) this.pending = await this.input.next(PULL);
      const row = this.pending.shift();
      if (!row) break;
      this.out = this.search(row);
    }
    return this.out.splice(0, max);
  }

  /** The query point of a row as numbers, or 1542 as ArangoDB words it. */
  private point(row: Row): number[] {
    const value = row[this.node.inVariable.reg] ?? null;
    if (!Array.isArray(value)) {
      throw ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, `query point must be a vector, but is a ${typeName(value)}`);
    }
    if (value.length !== this.dimension) {
      throw ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, `a vector must be of dimension ${this.dimension}, but is ${value.length}`);
    }
    return value.map((x: AqlValue) => (typeof x === 'number' ? x : 0));
  }

  /** The rows of one input row: its top offset + limit documents, nearest first (ties in key order). */
  private search(row: Row): Row[] {
    const data = this.ex.data;
    if (!data.vectorEntries || !data.document) throw new Error('vector index reads are not available');
    const q = searchVector(this.point(row), this.metric);
    const k = this.node.offset + this.node.limit;
    if (k === 0) return [];
    const desc = descendingMetric(this.metric);
    const better = (a: number, b: number): boolean => (desc ? a > b : a < b);
    const docReg = this.node.oldDocumentVariable.reg;
    const top: Hit[] = [];
    let scanned = 0;
    let dropped = 0;
    for (const entry of data.vectorEntries(this.node.collection, this.node.index)) {
      scanned++;
      const score = vectorScore(this.metric, q, searchVector(entry.vector, this.metric));
      if (top.length === k && !better(score, top[k - 1]!.score)) continue;
      let doc: AqlObject | undefined;
      if (this.filter) {
        doc = data.document(this.node.collection, entry.key);
        if (!doc) continue;
        row[docReg] = doc;
        if (!toBool(this.filter(row) ?? null)) {
          dropped++;
          continue;
        }
      }
      // insertion into the sorted top list: a later equal score goes after earlier ones
      let i = top.length;
      while (i > 0 && better(score, top[i - 1]!.score)) i--;
      top.splice(i, 0, { key: entry.key, score, doc });
      if (top.length > k) top.pop();
    }
    this.ex.rt.stats.scannedIndex += scanned;
    this.ex.rt.stats.filtered += dropped;
    const out: Row[] = [];
    for (const hit of top) {
      const doc = hit.doc ?? data.document(this.node.collection, hit.key);
      if (!doc) continue;
      const r = row.slice();
      r[docReg] = doc;
      r[this.node.distanceOutVariable.reg] = hit.score;
      out.push(r);
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.out = [];
    this.input.close();
  }
}
