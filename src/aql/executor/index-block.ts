// Executor blocks the optimizer introduces besides IndexNode (an Enumerate block in
// blocks.ts): NoResultsNode (nothing, without pulling its input) and MaterializeNode (the
// documents behind late-materialized index rows). Pull contract as in blocks.ts.
import type { AqlObject } from '../../values/index.js';
import type * as P from '../planner/plan.js';
import type { Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';
import { ProjectedDoc } from '../../storage/record-probe.js';

/** Fetches the documents behind a late-materializing IndexNode's rows (documentLookups). */
export class MaterializeBlock implements Block {
  private closed = false;
  constructor(
    private readonly node: P.MaterializeNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {}
  async next(max: number): Promise<Row[]> {
    const fetch = this.ex.data.document;
    if (!fetch) throw new Error('document reads are not available');
    const reg = this.node.outVariable.reg;
    for (;;) {
      if (this.closed) return [];
      await this.ex.rt.checkpoint();
      const rows = await this.input.next(max);
      if (rows.length === 0) return [];
      const out: Row[] = [];
      if (this.node.fromStored) {
        // (without externalize() the scan gave external documents already); a projected
        // row's document is read again, from the query's snapshot, without counting a
        // lookup (ArangoDB's scan counts none either: it is the scan's own document)
        const externalize = this.ex.data.externalize;
        for (const row of rows) {
          const doc = row[reg] as AqlObject;
          if (doc instanceof ProjectedDoc) {
            const whole = fetch(this.node.collection, doc._key as string);
            if (!whole) continue;
            row[reg] = whole;
          } else if (externalize) row[reg] = externalize(this.node.collection, doc);
          out.push(row);
        }
        if (out.length > 0) return out;
        continue;
      }
      for (const row of rows) {
        const partial = row[reg] as AqlObject;
        const doc = fetch(this.node.collection, partial._key as string);
        if (!doc) continue; // removed since the index was read
        this.ex.rt.stats.documentLookups++;
        row[reg] = doc;
        out.push(row);
      }
      if (out.length > 0) return out;
    }
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.close();
  }
}

export class NoResultsBlock implements Block {
  constructor(private readonly input: Block) {}
  async next(): Promise<Row[]> {
    return [];
  }
  close(): void {
    this.input.close();
  }
}

