// Executor blocks the optimizer introduces: IndexNode (documents through one index, the
// condition values evaluated per input row), NoResultsNode (nothing, without pulling its
// input), and the constrained SORT of sort-limit (keeps offset + limit rows, never more
// than twice that many at once). Pull contract as in blocks.ts.
import type { AqlObject, AqlValue } from '../../values/index.js';
import type { BatchReader } from '../../storage/reader.js';
import type { IndexReadStats, IndexScan } from '../../storage/index-reader.js';
import type * as P from '../planner/plan.js';
import { compileExpression, type Compiled, type Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';

const PULL = 1000;

export class IndexBlock implements Block {
  private current: Row | null = null;
  private pending: Row[] = [];
  private reader: BatchReader<AqlObject> | null = null;
  private closed = false;
  private opened = 0;
  private readonly values: { op: P.IndexNode['conditions'][number][number]['op']; value: Compiled }[][];
  private readonly counted: IndexReadStats = { scanned: 0, lookups: 0 };

  constructor(
    private readonly node: P.IndexNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {
    this.values = node.conditions.map((f) => f.map((c) => ({ op: c.op, value: compileExpression(c.value, ex.rt) })));
  }

  private open(row: Row): void {
    const open = this.ex.data.openIndex;
    if (!open) throw new Error('index reads are not available');
    const scan: IndexScan = { fields: this.values.map((f) => f.map((c) => ({ op: c.op, value: c.value(row) }))) };
    if (this.node.sort) scan.sort = { ...this.node.sort, reverse: !this.node.ascending };
    if (this.node.late) scan.late = true;
    if (this.node.limit !== undefined) scan.limit = this.node.limit;
    this.reader = open(this.node.collection, this.node.index, scan, this.counted);
    if (this.opened++ === 0) this.ex.rt.stats.cursorsCreated++;
    else this.ex.rt.stats.cursorsRearmed++;
  }

  private account(): void {
    const s = this.ex.rt.stats;
    s.scannedIndex += this.counted.scanned;
    s.documentLookups += this.counted.lookups;
    this.counted.scanned = 0;
    this.counted.lookups = 0;
  }

  async next(max: number): Promise<Row[]> {
    const out: Row[] = [];
    const reg = this.node.outVariable.reg;
    while (!this.closed && out.length < max) {
      await this.ex.rt.checkpoint();
      if (!this.current) {
        if (this.pending.length === 0) this.pending = await this.input.next(PULL);
        const row = this.pending.shift();
        if (!row) break;
        this.current = row;
        this.open(row);
      }
      const docs = (await this.reader!.next(max - out.length)) as AqlValue[];
      this.account();
      if (docs.length === 0) {
        this.release();
        this.current = null;
        continue;
      }
      for (const d of docs) {
        const r = this.current.slice();
        r[reg] = d;
        out.push(r);
      }
    }
    return out;
  }

  private release(): void {
    this.reader?.close();
    this.reader = null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.input.close();
  }
}

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

