// Execution blocks: one per plan node kind, built from a table typed over every kind.
// A block is pulled: next(max) resolves with 1..max rows, or [] once exhausted (then
// always []). Rows are register arrays; a block that fans one input row out to many
// copies it, so every row has one owner and blocks may write their registers in place
// (a WINDOW keeps rows it has passed on, but reads only registers set before it).
// Blocks compute only what is pulled (LIMIT stops pulling), except SORT and COLLECT,
// which need all their input. close() releases storage snapshots and is idempotent.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { type AqlValue, type AqlObject, compare, groupKey, hashKey, toBool, typeName } from '../../values/index.js';
import type { BatchReader } from '../../storage/reader.js';
import { attributePath, readsOnlyStoredAttributes, type Variable } from '../planner/ir.js';
import * as P from '../planner/plan.js';
import { compileExpression, LazyRange, type Compiled, type Row } from './expression.js';
import { approxSize, groupSize, rowSize, type Runtime } from './runtime.js';
import { sortAsync } from './sort.js';
import { MODIFICATION_FACTORIES, type ModifyAccess } from './modify.js';
import type { IndexRecord } from '../../storage/catalog.js';
import type { IndexReadStats, IndexScan, ValueCount } from '../../storage/index-reader.js';
import { MaterializeBlock, NoResultsBlock } from './index-block.js';
import { openGeoRead, originOf } from './geo-block.js';
import { EnumeratePathsBlock, ShortestPathBlock, TraversalBlock, type GraphReader } from './graph.js';
import { ProfiledBlock, type NodeProfile } from './profile.js';
import { aggregator, type Aggregator } from './aggregators.js';
import { WindowBlock } from './window.js';
import { EnumerateViewBlock } from './view-block.js';
import { EnumerateNearVectorBlock } from './vector-block.js';
import type { VectorEntry } from '../../storage/vector-index.js';
import { InvertedScan } from './inverted-scan.js';
import type { ViewSource } from '../search/fields.js';
import { scanNeedles, scanProbes } from './prefilter.js';
import { RecordProbes, RecordProjection } from '../../storage/record-probe.js';
import type { ScanTest } from '../../storage/engine.js';

export interface Block {
  next(max: number): Promise<Row[]>;
  close(): void;
}

/** What blocks need from outside the query engine. */
export interface DataAccess {
  /**
   * All documents of a collection of the query's database, from one snapshot; with
   * `stored`, as stored (everything but `_id`), for the block to externalize() later;
   * with `test`, documents whose stored bytes fail it are skipped (and counted).
   */
  /** `random`: start at a random document and wrap around (EnumerateCollectionNode.random). */
  openScan(collection: string, stored?: boolean, test?: ScanTest, random?: boolean): BatchReader<AqlObject> & { skipped?: number };
  /** The external form of a document openScan gave as stored. */
  externalize?(collection: string, doc: AqlObject): AqlObject;
  /** Documents matching `scan` through one index of a collection (counts into `stats`). */
  openIndex?(collection: string, index: IndexRecord, scan: IndexScan, stats: IndexReadStats): BatchReader<AqlObject>;
  /** One committed document by key (late materialization), or undefined. */
  document?(collection: string, key: string): AqlObject | undefined;
  /**
   * The distinct values of an index's first field with their entry counts, for the whole
   * index (GroupCountScan; counts into `stats`); undefined when the index or the query's
   * view cannot give them.
   */
  openGroupCounts?(collection: string, index: IndexRecord, stats: IndexReadStats): BatchReader<ValueCount> | undefined;
  /** How many documents a whole scan of the collection reads (counted natively); undefined when the view cannot tell. */
  countDocuments?(collection: string): number | undefined;
  /** Edge index and vertex reads of traversals and path searches. */
  graph?: GraphReader;
  /** What a view loop reads: the view's links (search/fields.ts), or undefined for an unknown view. */
  viewSource?(name: string): ViewSource | undefined;
  /** Every entry of a vector index (EnumerateNearVectorNode), from the query's snapshot. */
  vectorEntries?(collection: string, index: IndexRecord): Iterable<VectorEntry>;
}

export interface ExecContext {
  rt: Runtime;
  data: DataAccess;
  registers: number;
  /** The query's transaction; present when the plan has data-modification nodes. */
  modify?: ModifyAccess;
  /** With profile 2: per-node counters, filled by wrapper blocks. */
  profile?: Map<number, NodeProfile>;
}

/** Batch size blocks use when pulling from their input on their own account. */
const PULL = 1000;

type Factory<N extends P.PlanNode> = (node: N, input: Block, ex: ExecContext, initial: Row) => Block;
type FactoryTable = { [K in P.PlanNodeType]: Factory<Extract<P.PlanNode, { type: K }>> };

/** Base for blocks that turn each input batch into an output batch. */
abstract class Streaming implements Block {
  private closed = false;
  constructor(
    protected readonly input: Block,
    protected readonly ex: ExecContext,
  ) {}

  async next(max: number): Promise<Row[]> {
    for (;;) {
      if (this.closed) return [];
      await this.ex.rt.checkpoint();
      const rows = await this.input.next(max);
      if (rows.length === 0) return [];
      const out = await this.process(rows);
      if (out.length > 0) return out;
    }
  }

  protected abstract process(rows: Row[]): Row[] | Promise<Row[]>;

  close(): void {
    this.closed = true;
    this.input.close();
  }
}

class SingletonBlock implements Block {
  private done = false;
  constructor(private readonly row: Row) {}
  async next(): Promise<Row[]> {
    if (this.done) return [];
    this.done = true;
    return [this.row.slice()];
  }
  close(): void {
    this.done = true;
  }
}

/**
 * Fans each input row out over a source of values (documents or array elements). With a
 * `filter` (move-filters-into-enumerate), a value becomes a row only when the filter,
 * evaluated with the value in its register, is truthy; dropped values count as filtered.
 */
abstract class Enumerate implements Block {
  private current: Row | null = null;
  private closed = false;
  private readonly filter: Compiled | null;
  constructor(
    protected readonly input: Block,
    protected readonly ex: ExecContext,
    private readonly loop: { id: number; outVariable: Variable; filter?: P.EnumerateCollectionNode['filter'] },
  ) {
    this.filter = loop.filter ? compileExpression(loop.filter, ex.rt) : null;
  }

  private pending: Row[] = [];

  /** Starts enumerating for a new input row. */
  protected abstract open(row: Row): void;
  /** Up to max values for the current input row; [] when it has no more. */
  protected abstract values(max: number): Promise<AqlValue[]>;
  protected abstract release(): void;
  /** Counts values the filter dropped (stats.filtered, and the node's profile). */
  protected dropped(n: number): void {
    this.ex.rt.stats.filtered += n;
    const stat = this.ex.profile?.get(this.loop.id);
    if (stat) stat.dropped += n;
  }

  /** The value a row gets, from one that passed the filter (a stored document is externalized here). */
  protected emitted(v: AqlValue): AqlValue {
    return v;
  }

  async next(max: number): Promise<Row[]> {
    const out: Row[] = [];
    while (!this.closed && out.length < max) {
      await this.ex.rt.checkpoint();
      if (!this.current) {
        if (this.pending.length === 0) this.pending = await this.input.next(PULL);
        const row = this.pending.shift();
        if (!row) break;
        this.current = row;
        this.open(row);
      }
      const vals = await this.values(max - out.length);
      if (vals.length === 0) {
        this.current = null;
        continue;
      }
      const reg = this.loop.outVariable.reg;
      const cur = this.current;
      const filter = this.filter;
      let dropped = 0;
      for (const v of vals) {
        if (filter) {
          cur[reg] = v;
          if (!toBool(filter(cur) ?? null)) {
            dropped++;
            continue;
          }
        }
        const r = cur.slice();
        r[reg] = this.emitted(v);
        out.push(r);
      }
      if (dropped > 0) this.dropped(dropped);
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.input.close();
  }
}

/**
 * The documents of several index lookups, one after the other, each document once (an
 * IndexNode's branches: an OR across attributes). A lookup opens when the one before it
 * is exhausted.
 */
class UnionReader implements BatchReader<AqlObject> {
  private readonly seen = new Set<string>();
  private current: BatchReader<AqlObject> | undefined;
  private pos = 0;
  constructor(private readonly readers: (() => BatchReader<AqlObject>)[]) {}
  async next(max: number): Promise<AqlObject[]> {
    while (this.pos < this.readers.length) {
      this.current ??= this.readers[this.pos]();
      const docs = await this.current.next(max);
      if (docs.length === 0) {
        this.current.close();
        this.current = undefined;
        this.pos++;
        continue;
      }
      const out = docs.filter((d) => {
        const key = d._key as string;
        if (this.seen.has(key)) return false;
        this.seen.add(key);
        return true;
      });
      if (out.length > 0) return out;
    }
    return [];
  }
  close(): void {
    this.current?.close();
    this.current = undefined;
    this.pos = this.readers.length;
  }
}

/** IndexNode: documents through one index, the condition values evaluated per input row. */
class IndexBlock extends Enumerate {
  private reader: BatchReader<AqlObject> | null = null;
  private opened = 0;
  private readonly conditions: { op: P.IndexNode['conditions'][number][number]['op']; value: Compiled }[][];
  private readonly counted: IndexReadStats = { scanned: 0, lookups: 0 };
  private readonly branches: { index: P.IndexBranch['index']; conditions: { op: P.IndexNode['conditions'][number][number]['op']; value: Compiled }[][] }[] | undefined;
  /** geo-index: the compiled region and order (geo-block.ts). */
  private readonly geo: ((row: Row) => void) | undefined;

  constructor(
    private readonly node: P.IndexNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node);
    this.conditions = node.conditions.map((f) => f.map((c) => ({ op: c.op, value: compileExpression(c.value, ex.rt) })));
    this.branches = node.branches?.map((b) => ({ index: b.index, conditions: b.conditions.map((f) => f.map((c) => ({ op: c.op, value: compileExpression(c.value, ex.rt) }))) }));
    this.geo = node.geo ? this.geoOpener(node.geo) : undefined;
  }

  /** Compiles a geo read's expressions; the opener evaluates them for an input row and opens the read. */
  private geoOpener(g: P.GeoUse): (row: Row) => void {
    const c = (e: Parameters<typeof compileExpression>[0]): Compiled => compileExpression(e, this.ex.rt);
    const o = g.origin;
    const origin: ((row: Row) => [number, number] | undefined) | undefined = !o
      ? undefined
      : 'shape' in o
        ? ((shape: Compiled) => (row: Row) => originOf({ shape: shape(row) }))(c(o.shape))
        : ((lat: Compiled, lon: Compiled) => (row: Row) => originOf({ lat: lat(row), lon: lon(row) }))(c(o.lat), c(o.lon));
    const bounds = g.maxDistance.map(c);
    const shape = g.shape && c(g.shape);
    const sort = g.sort && { key: c(g.sort.expr), ascending: g.sort.ascending };
    const reg = this.node.outVariable.reg;
    return (row) => {
      const open = this.ex.data.openIndex!;
      const at = origin?.(row);
      // (a bound that is not a number gives no region: the filter decides alone)
      const limits = bounds.map((b) => b(row)).filter((v): v is number => typeof v === 'number');
      const scratch = row.slice();
      this.reader = openGeoRead({
        open: (scan) => open(this.node.collection, this.node.index, scan, this.counted),
        shapes: this.node.index.props?.geoJson === true,
        origin: at,
        ...(limits.length > 0 && limits.length === bounds.length ? { maxDistance: Math.min(...limits) } : {}),
        ...(shape ? { shape: shape(row) } : {}),
        ...(sort
          ? {
              sort: {
                key: (doc) => {
                  scratch[reg] = doc;
                  return sort.key(scratch);
                },
                ascending: sort.ascending,
              },
            }
          : {}),
      });
    };
  }

  protected open(row: Row): void {
    const open = this.ex.data.openIndex;
    if (!open) throw new Error('index reads are not available');
    if (this.geo) {
      this.geo(row);
      if (this.opened++ === 0) this.ex.rt.stats.cursorsCreated++;
      else this.ex.rt.stats.cursorsRearmed++;
      return;
    }
    if (this.branches) {
      const fields = this.branches.map((b) => b.conditions.map((f) => f.map((c) => ({ op: c.op, value: c.value(row) }))));
      const readers = this.branches.map((b, i) => () => open(this.node.collection, b.index, { fields: fields[i] }, this.counted));
      this.reader = new UnionReader(readers);
      if (this.opened++ === 0) this.ex.rt.stats.cursorsCreated++;
      else this.ex.rt.stats.cursorsRearmed++;
      return;
    }
    const scan: IndexScan = { fields: this.conditions.map((f) => f.map((c) => ({ op: c.op, value: c.value(row) }))) };
    if (this.node.sort) scan.sort = { ...this.node.sort, reverse: !this.node.ascending };
    // (counting a persistent index lookup needs its entries only)
    if (this.node.late || this.node.projections || (this.node.count && this.node.index.type === 'persistent')) scan.late = true;
    if (this.node.limit !== undefined) scan.limit = this.node.limit;
    if (this.node.lookahead !== undefined) scan.lookahead = this.node.lookahead;
    this.reader = open(this.node.collection, this.node.index, scan, this.counted);
    if (this.opened++ === 0) this.ex.rt.stats.cursorsCreated++;
    else this.ex.rt.stats.cursorsRearmed++;
  }

  protected async values(max: number): Promise<AqlValue[]> {
    if (this.node.count) return this.countValues();
    const docs = (await this.reader!.next(max)) as AqlValue[];
    const s = this.ex.rt.stats;
    s.scannedIndex += this.counted.scanned;
    s.documentLookups += this.counted.lookups;
    this.counted.scanned = 0;
    this.counted.lookups = 0;
    if (docs.length === 0) this.release();
    return docs;
  }

  protected release(): void {
    this.reader?.close();
    this.reader = null;
  }

  /** optimize-count: one value, the number of documents the lookup finds; then none. */
  private async countValues(): Promise<AqlValue[]> {
    if (!this.reader) return [];
    let n = 0;
    for (let batch = await this.reader.next(PULL); batch.length > 0; batch = await this.reader.next(PULL)) n += batch.length;
    const s = this.ex.rt.stats;
    s.scannedIndex += this.counted.scanned;
    s.documentLookups += this.counted.lookups;
    this.counted.scanned = 0;
    this.counted.lookups = 0;
    this.release();
    return [n];
  }
}

/** IndexNode on an inverted index: the documents its condition matches (inverted-scan.ts). */
class InvertedIndexBlock extends Enumerate {
  private readonly scan: InvertedScan;
  private row: Row | null = null;
  private docs: AqlObject[] | null = null;
  private pos = 0;
  private opened = 0;
  constructor(node: P.IndexNode, input: Block, ex: ExecContext) {
    super(input, ex, node);
    this.scan = new InvertedScan(node, ex);
  }
  protected open(row: Row): void {
    this.row = row;
    this.docs = null;
    this.pos = 0;
    if (this.opened++ === 0) this.ex.rt.stats.cursorsCreated++;
    else this.ex.rt.stats.cursorsRearmed++;
  }
  protected async values(max: number): Promise<AqlValue[]> {
    if (!this.row) return [];
    this.docs ??= await this.scan.matches(this.row);
    const out = this.docs.slice(this.pos, this.pos + max);
    this.pos += out.length;
    return out;
  }
  protected release(): void {
    this.row = null;
    this.docs = null;
  }
}

class EnumerateCollectionBlock extends Enumerate {
  private reader: (BatchReader<AqlObject> & { skipped?: number }) | null = null;
  private skipped = 0;
  /** What the filter requires of stored bytes (prefilter.ts): needles and probes; undefined when nothing. */
  private readonly test: ScanTest | undefined;
  /** Read stored documents: only projected attributes are read later, or the filter reads only stored attributes. */
  private readonly stored: boolean;
  constructor(
    private readonly node: P.EnumerateCollectionNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node);
    this.stored =
      ex.data.externalize !== undefined &&
      (node.projections !== undefined || node.late === true || (node.filter !== undefined && readsOnlyStoredAttributes(node.filter, node.outVariable)));
    const needles = node.filter ? scanNeedles(node.filter, node.outVariable) : [];
    const probes = node.filter ? scanProbes(node.filter, node.outVariable) : [];
    // rows of stored documents carry only these top-level attributes: those of the
    // projections, or those a late-materializing scan's rows are read by before the
    // MaterializeNode (and _key)
    const names = !this.stored
      ? []
      : node.projections
        ? [...new Set(node.projections.map((path) => path[0]))]
        : node.late && node.lateAttributes
          ? [...new Set(['_key', ...node.lateAttributes])]
          : [];
    this.test =
      needles.length > 0 || probes.length > 0 || names.length > 0
        ? { needles, probes: probes.length > 0 ? new RecordProbes(probes) : null, projection: names.length > 0 ? new RecordProjection(names) : null }
        : undefined;
  }
  protected open(): void {
    this.counting = this.node.count === true;
    if (this.counting) {
      // optimize-count: the number of documents, counted by LMDB when the query reads
      // committed data (a transaction's scan counts its own view)
      const n = this.ex.data.countDocuments?.(this.node.collection);
      if (n !== undefined) {
        this.countedValue = n;
        return;
      }
    }
    this.countedValue = undefined;
    this.reader = this.ex.data.openScan(this.node.collection, this.stored || this.counting, this.test, this.node.random);
    this.skipped = 0;
  }
  private counting = false;
  private countedValue: number | undefined;
  protected async values(max: number): Promise<AqlValue[]> {
    if (this.counting) return this.countValues();
    if (!this.reader) return [];
    const docs = await this.reader.next(max);
    // documents the reader skipped by their bytes were scanned and filtered out
    const skipped = (this.reader?.skipped ?? 0) - this.skipped;
    if (skipped > 0) {
      this.skipped += skipped;
      this.ex.rt.stats.scannedFull += skipped;
      this.dropped(skipped);
    }
    this.ex.rt.stats.scannedFull += docs.length;
    if (docs.length === 0) this.release();
    return docs;
  }
  /** optimize-count: one value, the number of documents; then none. */
  private async countValues(): Promise<AqlValue[]> {
    if (this.countedValue === undefined && !this.reader) return [];
    let n = this.countedValue ?? 0;
    for (let batch = this.reader ? await this.reader.next(PULL) : []; batch.length > 0; batch = await this.reader!.next(PULL)) n += batch.length;
    this.release();
    this.countedValue = undefined;
    this.ex.rt.stats.scannedFull += n;
    this.counting = false;
    return [n];
  }
  protected override emitted(v: AqlValue): AqlValue {
    if (this.node.count) return v;
    return this.stored && !this.node.projections && !this.node.late ? this.ex.data.externalize!(this.node.collection, v as AqlObject) : v;
  }
  protected release(): void {
    this.reader?.close();
    this.reader = null;
  }
}

class EnumerateListBlock extends Enumerate {
  private items: AqlValue[] | LazyRange = [];
  private pos = 0;
  constructor(
    private readonly node: P.EnumerateListNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex, node);
  }
  protected open(row: Row): void {
    const v = row[this.node.inVariable.reg] ?? null;
    if (v instanceof LazyRange) {
      this.items = v;
      this.pos = 0;
      return;
    }
    if (!Array.isArray(v)) {
      throw ArangoError.withMessage(
        ERR.ERROR_QUERY_ARRAY_EXPECTED,
        `collection or array expected as operand to FOR loop; you provided a value of type '${typeName(v)}'`,
      );
    }
    this.items = v;
    this.pos = 0;
  }
  protected async values(max: number): Promise<AqlValue[]> {
    const items = this.items;
    const out = items instanceof LazyRange ? items.slice(this.pos, max) : items.slice(this.pos, this.pos + max);
    this.pos += out.length;
    return out;
  }
  protected release(): void {
    this.items = [];
  }
}

class CalculationBlock extends Streaming {
  private readonly fn: Compiled;
  private readonly asyncArgs: Compiled[] | null;
  constructor(
    private readonly node: P.CalculationNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex);
    const e = node.expression;
    if (node.async && e.k === 'call') {
      this.asyncArgs = e.args.map((a) => compileExpression(a, ex.rt));
      this.fn = () => null;
    } else if (node.lazyRange && e.k === 'range') {
      const from = compileExpression(e.from, ex.rt);
      const to = compileExpression(e.to, ex.rt);
      this.asyncArgs = null;
      this.fn = (row) => new LazyRange(from(row), to(row)) as unknown as AqlValue;
    } else {
      this.asyncArgs = null;
      this.fn = compileExpression(e, ex.rt);
    }
  }
  protected process(rows: Row[]): Row[] | Promise<Row[]> {
    const reg = this.node.outVariable.reg;
    if (this.asyncArgs) return this.processAsync(rows, reg, this.asyncArgs);
    const fn = this.fn;
    for (const row of rows) row[reg] = fn(row);
    return rows;
  }
  private async processAsync(rows: Row[], reg: number, args: Compiled[]): Promise<Row[]> {
    const e = this.node.expression as Extract<P.CalculationNode['expression'], { k: 'call' }>;
    for (const row of rows) {
      row[reg] = (await e.def.impl(this.ex.rt.fn, args.map((f) => f(row)))) ?? null;
      this.ex.rt.checkAbort();
    }
    return rows;
  }
}

class FilterBlock extends Streaming {
  constructor(
    private readonly node: P.FilterNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex);
  }
  protected process(rows: Row[]): Row[] {
    const reg = this.node.inVariable.reg;
    const kept = rows.filter((r) => toBool(r[reg] ?? null));
    this.ex.rt.stats.filtered += rows.length - kept.length;
    return kept;
  }
}

class SubqueryBlock extends Streaming {
  constructor(
    private readonly node: P.SubqueryNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex);
  }
  protected async process(rows: Row[]): Promise<Row[]> {
    const plan = this.node.subquery;
    const last = plan.nodes[plan.nodes.length - 1];
    // A subquery ending in a data modification returns nothing (its rows are only pulled).
    const reg = last.type === 'ReturnNode' ? last.inVariable.reg : -1;
    for (const row of rows) {
      const block = instantiate(plan, row, this.ex);
      const values: AqlValue[] = [];
      try {
        for (let batch = await block.next(PULL); batch.length > 0; batch = await block.next(PULL)) {
          if (reg >= 0) for (const r of batch) values.push(r[reg] ?? null);
        }
      } finally {
        block.close();
      }
      row[this.node.outVariable.reg] = values;
    }
    return rows;
  }
}

class LimitBlock implements Block {
  private toSkip: number;
  private left: number;
  private seen = 0;
  private closed = false;
  /** Set when a data modification runs upstream: its writes happen for every input row, as in ArangoDB. */
  drainInput = false;
  constructor(
    private readonly node: P.LimitNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {
    this.toSkip = node.offset;
    this.left = node.limit;
  }
  async next(max: number): Promise<Row[]> {
    while (!this.closed && this.toSkip > 0) {
      const rows = await this.input.next(Math.min(this.toSkip, PULL));
      if (rows.length === 0) return this.finish();
      this.seen += rows.length;
      this.toSkip -= rows.length;
    }
    if (this.closed || this.left <= 0) return this.finish();
    const rows = await this.input.next(Math.min(max, this.left));
    if (rows.length === 0) return this.finish();
    this.seen += rows.length;
    this.left -= rows.length;
    return rows;
  }
  /**
   * With fullCount, counts the rows past the limit before reporting the end. With a data
   * modification upstream it also reads its input to the end: ArangoDB fast-forwards a
   * modification executor instead of skipping it, so every input row is written.
   */
  private async finish(): Promise<Row[]> {
    if ((this.node.fullCount || this.drainInput) && !this.closed) {
      for (let rows = await this.input.next(PULL); rows.length > 0; rows = await this.input.next(PULL)) {
        this.seen += rows.length;
        await this.ex.rt.checkpoint();
      }
      if (this.node.fullCount) this.ex.rt.stats.fullCount = this.seen;
    }
    this.close();
    return [];
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.close();
  }
}

/**
 * Base for blocks that consume all their input before their first row (SORT, COLLECT):
 * produce() builds the output once, next() pages it out. Memory the block accounts with
 * hold() is given back when it closes.
 */
abstract class Buffered implements Block {
  private output: Row[] | null = null;
  private pos = 0;
  private held = 0;
  private closed = false;
  constructor(
    protected readonly input: Block,
    protected readonly ex: ExecContext,
  ) {}

  /** The whole output, pulling all input (calling the checkpoint between batches). */
  protected abstract produce(): Promise<Row[]>;

  /** Accounts bytes the block holds until it closes (negative: gives some back). */
  protected hold(bytes: number): void {
    this.held += bytes;
    if (bytes >= 0) this.ex.rt.track(bytes);
    else this.ex.rt.release(-bytes);
  }

  /** Drops what the block keeps besides its output (on close). */
  protected clear(): void {}

  async next(max: number): Promise<Row[]> {
    if (this.closed) return [];
    this.output ??= await this.produce();
    const out = this.output.slice(this.pos, this.pos + max);
    this.pos += out.length;
    if (out.length === 0) this.close();
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.output = null;
    this.clear();
    this.ex.rt.release(this.held);
    this.input.close();
  }
}

/** The row comparison of a SORT node's elements. */
function sortComparator(node: P.SortNode): (a: Row, b: Row) => number {
  const keys = node.elements.map((e) => ({ reg: e.variable.reg, dir: e.ascending ? 1 : -1 }));
  return (a, b) => {
    for (const k of keys) {
      const c = compare(a[k.reg] ?? null, b[k.reg] ?? null);
      if (c !== 0) return c * k.dir;
    }
    return 0;
  };
}

class SortBlock extends Buffered {
  private readonly cmp: (a: Row, b: Row) => number;
  constructor(node: P.SortNode, input: Block, ex: ExecContext) {
    super(input, ex);
    this.cmp = sortComparator(node);
  }
  protected async produce(): Promise<Row[]> {
    const rows: Row[] = [];
    for (let batch = await this.input.next(PULL); batch.length > 0; batch = await this.input.next(PULL)) {
      for (const r of batch) {
        this.hold(rowSize(r));
        rows.push(r);
      }
      await this.ex.rt.checkpoint();
    }
    return sortAsync(rows, this.cmp, () => this.ex.rt.checkpoint());
  }
}

/**
 * SORT with a limit (sort-limit): the first `limit` rows of the stable sort, in memory for
 * `limit` rows. A heap holds the best rows so far with the worst on top; a row enters only
 * when it sorts strictly before the top (among equals the earlier row wins, so the result
 * is the stable sort's), which for most rows of a big input is one comparison.
 */
class ConstrainedSortBlock extends Buffered {
  private readonly cmp: (a: Row, b: Row) => number;
  private readonly limit: number;
  /** Max-heap of the kept rows by (cmp, arrival). */
  private readonly heap: { row: Row; seq: number; size: number }[] = [];
  private seq = 0;
  constructor(node: P.SortNode, input: Block, ex: ExecContext) {
    super(input, ex);
    this.cmp = sortComparator(node);
    this.limit = node.limit ?? 0;
  }

  /** True when heap entry a sorts after b (equal rows: the later arrival). */
  private after(a: { row: Row; seq: number }, b: { row: Row; seq: number }): boolean {
    const c = this.cmp(a.row, b.row);
    return c > 0 || (c === 0 && a.seq > b.seq);
  }

  private offer(row: Row): void {
    const h = this.heap;
    if (h.length < this.limit) {
      const size = rowSize(row);
      this.hold(size);
      h.push({ row, seq: this.seq++, size });
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!this.after(h[i], h[p])) break;
        [h[i], h[p]] = [h[p], h[i]];
        i = p;
      }
      return;
    }
    this.seq++;
    if (h.length === 0 || this.cmp(row, h[0].row) >= 0) return;
    const size = rowSize(row);
    this.hold(size - h[0].size);
    h[0] = { row, seq: this.seq - 1, size };
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.after(h[l], h[m])) m = l;
      if (r < h.length && this.after(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  protected async produce(): Promise<Row[]> {
    for (let batch = await this.input.next(PULL); batch.length > 0; batch = await this.input.next(PULL)) {
      for (const row of batch) this.offer(row);
      await this.ex.rt.checkpoint();
    }
    const sorted = await sortAsync(this.heap.splice(0), (a, b) => (this.after(a, b) ? 1 : -1), () => this.ex.rt.checkpoint());
    return sorted.map((e) => e.row);
  }

  protected override clear(): void {
    this.heap.length = 0;
  }
}

interface Group {
  row: Row;
  keys: AqlValue[];
  aggregates: Aggregator[];
  into: AqlValue[];
}

/**
 * COLLECT (sorted and hash methods): groups stream in batch by batch, so only the groups,
 * their aggregate inputs and INTO values are held, never the input rows; the groups are
 * emitted sorted by their keys, as ArangoDB's sorted COLLECT emits them.
 */
class CollectBlock extends Buffered {
  private readonly groups = new Map<string, Group>();
  constructor(
    private readonly node: P.CollectNode,
    input: Block,
    ex: ExecContext,
    private readonly initial: Row,
    /** Counted input instead of rows (countedCollect): the group values and how many rows carry each. */
    private readonly counted?: Counted,
  ) {
    super(input, ex);
  }

  protected async produce(): Promise<Row[]> {
    if (this.counted) return this.produceCounted(this.counted);
    for (let batch = await this.input.next(PULL); batch.length > 0; batch = await this.input.next(PULL)) {
      this.absorb(batch);
      await this.ex.rt.checkpoint();
    }
    return this.compute();
  }

  /**
   * The groups from (value, count) pairs: each value's group gets `count` added to its
   * WITH COUNT aggregates, which are the only ones countedCollect lets through. The
   * statistics are the index scan's (entries counted, documents read).
   */
  private async produceCounted({ reader, stats, full }: Counted): Promise<Row[]> {
    const s = this.ex.rt.stats;
    if (!full) s.cursorsCreated++;
    try {
      for (let batch = await reader.next(PULL); batch.length > 0; batch = await reader.next(PULL)) {
        for (const { value, count } of batch) {
          const h = groupKey(value);
          const g = this.groups.get(h) ?? this.newGroup(h, this.initial.slice(), [value]);
          for (const a of g.aggregates) a.addCount?.(count);
        }
        if (full) s.scannedFull += stats.scanned;
        else s.scannedIndex += stats.scanned;
        s.documentLookups += stats.lookups;
        stats.scanned = 0;
        stats.lookups = 0;
        await this.ex.rt.checkpoint();
      }
    } finally {
      reader.close();
    }
    return this.compute();
  }

  private absorb(rows: Row[]): void {
    const n = this.node;
    const one = n.groups.length === 1 ? n.groups[0].inVariable.reg : -1;
    for (const row of rows) {
      let h: string;
      let keys: AqlValue[] | undefined;
      if (one >= 0) {
        h = groupKey(row[one] ?? null);
      } else {
        keys = n.groups.map((g) => row[g.inVariable.reg] ?? null);
        h = hashKey(keys);
      }
      const g = this.groups.get(h) ?? this.newGroup(h, row, keys ?? [row[one] ?? null]);
      this.accumulate(g, row);
    }
  }

  /** A group for hash `h`, starting from `row` (accounted). */
  private newGroup(h: string, row: Row, keys: AqlValue[]): Group {
    const g: Group = { row, keys, aggregates: this.node.aggregates.map((a) => aggregator(a.type)), into: [] };
    this.groups.set(h, g);
    this.hold(groupSize(h, keys));
    return g;
  }

  private async compute(): Promise<Row[]> {
    const n = this.node;
    const groups = this.groups;
    if (groups.size === 0 && n.groups.length === 0) {
      groups.set('', { row: this.initial.slice(), keys: [], aggregates: n.aggregates.map((a) => aggregator(a.type)), into: [] });
    }
    const list = [...groups.values()];
    groups.clear();
    const sorted = n.groups.length === 0 ? list : await sortAsync(list, (a, b) => compare(a.keys, b.keys), () => this.ex.rt.checkpoint());
    return sorted.map((g) => this.emit(g));
  }

  protected override clear(): void {
    this.groups.clear();
    this.counted?.reader.close(); // closed before it was read to the end (a LIMIT upstream, an error)
  }

  private accumulate(g: Group, row: Row): void {
    const n = this.node;
    const aggs = n.aggregates;
    for (let j = 0; j < aggs.length; j++) {
      const agg = g.aggregates[j];
      const inVar = aggs[j].inVariable;
      if (!inVar) {
        if (aggs[j].type === 'LENGTH') agg.add(null); // WITH COUNT: rows are counted
        continue;
      }
      const v = row[inVar.reg] ?? null;
      if (agg.keeps) this.hold(typeof v === 'object' ? 8 + approxSize(v) : 16);
      agg.add(v);
    }
    if (n.into) {
      let v: AqlValue;
      if (n.into.expressionVariable) v = row[n.into.expressionVariable.reg] ?? null;
      else {
        const o: AqlObject = {};
        for (const k of n.into.keep) o[k.name] = row[k.reg] ?? null;
        v = o;
      }
      this.hold(8 + approxSize(v));
      g.into.push(v);
    }
  }

  private emit(g: Group): Row {
    const n = this.node;
    const row = g.row.slice();
    n.groups.forEach((gr, j) => (row[gr.outVariable.reg] = g.keys[j]));
    n.aggregates.forEach((a, j) => (row[a.outVariable.reg] = g.aggregates[j].result(this.ex.rt.fn)));
    if (n.into) row[n.into.outVariable.reg] = g.into;
    return row;
  }
}

/** RETURN DISTINCT and COLLECT on one variable without INTO: streaming, first occurrence wins. */
class DistinctBlock extends Streaming {
  private readonly seen = new Set<string>();
  constructor(
    private readonly node: P.CollectNode,
    input: Block,
    ex: ExecContext,
  ) {
    super(input, ex);
  }
  protected process(rows: Row[]): Row[] {
    const g = this.node.groups[0];
    const out: Row[] = [];
    for (const row of rows) {
      const v = row[g.inVariable.reg] ?? null;
      const h = groupKey(v);
      if (this.seen.has(h)) continue;
      this.seen.add(h);
      this.ex.rt.track(h.length * 2 + 32);
      row[g.outVariable.reg] = v;
      out.push(row);
    }
    return out;
  }
}

class ReturnBlock extends Streaming {
  protected process(rows: Row[]): Row[] {
    return rows;
  }
}

const FACTORIES: FactoryTable = {
  SingletonNode: (_n, _input, _ex, initial) => new SingletonBlock(initial),
  EnumerateCollectionNode: (n, input, ex) => new EnumerateCollectionBlock(n, input, ex),
  EnumerateListNode: (n, input, ex) => new EnumerateListBlock(n, input, ex),
  EnumerateViewNode: (n, input, ex) => new EnumerateViewBlock(n, input, ex),
  EnumerateNearVectorNode: (n, input, ex) => new EnumerateNearVectorBlock(n, input, ex),
  CalculationNode: (n, input, ex) => new CalculationBlock(n, input, ex),
  SubqueryNode: (n, input, ex) => new SubqueryBlock(n, input, ex),
  FilterNode: (n, input, ex) => new FilterBlock(n, input, ex),
  SortNode: (n, input, ex) => (n.limit !== undefined ? new ConstrainedSortBlock(n, input, ex) : new SortBlock(n, input, ex)),
  LimitNode: (n, input, ex) => new LimitBlock(n, input, ex),
  CollectNode: (n, input, ex, initial) => (n.method === 'distinct' ? new DistinctBlock(n, input, ex) : new CollectBlock(n, input, ex, initial)),
  WindowNode: (n, input, ex) => new WindowBlock(n, input, ex),
  ReturnNode: (_n, input, ex) => new ReturnBlock(input, ex),
  ...MODIFICATION_FACTORIES,
  IndexNode: (n, input, ex) => (n.index.type === 'inverted' ? new InvertedIndexBlock(n, input, ex) : new IndexBlock(n, input, ex)),
  NoResultsNode: (_n, input) => new NoResultsBlock(input),
  MaterializeNode: (n, input, ex) => new MaterializeBlock(n, input, ex),
  TraversalNode: (n, input, ex) => new TraversalBlock(n, input, ex),
  ShortestPathNode: (n, input, ex) => new ShortestPathBlock(n, input, ex),
  EnumeratePathsNode: (n, input, ex) => new EnumeratePathsBlock(n, input, ex),
};

function profiled(block: Block, node: P.PlanNode, prev: P.PlanNode | undefined, profiles: Map<number, NodeProfile>): Block {
  let stat = profiles.get(node.id);
  if (!stat) {
    stat = { id: node.id, inputId: prev?.id, filters: node.type === 'FilterNode', calls: 0, items: 0, dropped: 0, inclusive: 0 };
    profiles.set(node.id, stat);
  }
  return new ProfiledBlock(block, stat);
}

/** What a CollectBlock reads instead of rows: values with counts, from an index (or, `full`, a collection's count). */
interface Counted {
  reader: BatchReader<ValueCount>;
  stats: IndexReadStats;
  full?: boolean;
}

/** A reader of one (value, count) pair. */
function onePair(pair: ValueCount): BatchReader<ValueCount> {
  let done = false;
  return {
    async next() {
      if (done) return [];
      done = true;
      return [pair];
    },
    close() {
      done = true;
    },
  };
}

/**
 * `FOR d IN c COLLECT v = d.<first field of an index> [WITH COUNT INTO n]` (or `RETURN
 * DISTINCT d.<that field>`) read through
 * the whole index (the IndexNode straight after the singleton, with no condition, filter,
 * limit or late materialization, then the CalculationNode of d.<field>, then the
 * CollectNode): the groups and their sizes come from the index's value counts
 * (GroupCountScan) instead of one row per document. The three nodes become one block;
 * the plan, results and statistics are unchanged. Not with profile 2, whose per-node
 * counters need the rows.
 */
function countedCollect(nodes: P.PlanNode[], ex: ExecContext): (Counted & { node: P.CollectNode; skip: number }) | undefined {
  const [first, scan, third, fourth] = nodes;
  if (ex.profile || first?.type !== 'SingletonNode') return undefined;
  // `FOR d IN c COLLECT WITH COUNT INTO n` over the whole collection: the number of
  // documents the scan would read, counted by LMDB in the query's snapshot (ArangoDB's
  // documentation recommends this form for counting a collection)
  if (scan?.type === 'EnumerateCollectionNode' && third?.type === 'CollectNode' && !scan.filter && !scan.random) {
    if (third.method !== 'count' || third.groups.length > 0 || !countsOnly(third)) return undefined;
    const n = ex.data.countDocuments?.(scan.collection);
    return n === undefined ? undefined : { node: third, reader: onePair({ value: null, count: n }), stats: { scanned: n, lookups: 0 }, full: true, skip: 1 };
  }
  if (!ex.data.openGroupCounts) return undefined;
  if (scan?.type !== 'IndexNode' || third?.type !== 'CalculationNode' || fourth?.type !== 'CollectNode') return undefined;
  if (scan.index.type === 'inverted' || scan.filter || scan.late || scan.limit !== undefined || scan.conditions.some((c) => c.length > 0)) return undefined;
  if (attributePath(third.expression, scan.outVariable) !== scan.index.fields[0]) return undefined;
  // RETURN DISTINCT too: its order is unspecified, and the groups come out sorted
  if (fourth.method !== 'sorted' && fourth.method !== 'hash' && fourth.method !== 'distinct') return undefined;
  if (fourth.groups.length !== 1 || fourth.groups[0].inVariable.id !== third.outVariable.id || !countsOnly(fourth)) return undefined;
  const stats: IndexReadStats = { scanned: 0, lookups: 0 };
  const reader = ex.data.openGroupCounts(scan.collection, scan.index, stats);
  return reader && { node: fourth, reader, stats, skip: 2 };
}

/** A COLLECT whose only outputs besides its groups are WITH COUNT (no INTO, no other aggregate). */
function countsOnly(collect: P.CollectNode): boolean {
  return !collect.into && collect.aggregates.every((a) => a.type === 'LENGTH' && a.inVariable === null);
}

/** Does one of `nodes` (or a subquery among them) modify data? */
function writesUpstream(nodes: readonly P.PlanNode[]): boolean {
  return nodes.some((n) => P.MODIFICATION_NODE_TYPES.has(n.type) || (n.type === 'SubqueryNode' && writesUpstream(n.subquery.nodes)));
}

/** Builds the block chain for a pipeline whose singleton emits a copy of `initial`. */
export function instantiate(plan: P.Plan, initial: Row, ex: ExecContext): Block {
  let block: Block | null = null;
  let prev: P.PlanNode | undefined;
  const nodes = plan.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const counted: ReturnType<typeof countedCollect> = i === 1 && block ? countedCollect(nodes, ex) : undefined;
    if (counted) {
      block = new CollectBlock(counted.node, block as Block, ex, initial, counted);
      prev = counted.node;
      i += counted.skip;
      continue;
    }
    const factory = FACTORIES[node.type] as Factory<P.PlanNode>;
    block = factory(node, block as Block, ex, initial);
    if (block instanceof LimitBlock && writesUpstream(nodes.slice(0, i))) block.drainInput = true;
    if (ex.profile) block = profiled(block, node, prev, ex.profile);
    prev = node;
  }
  if (!block) throw new Error('empty plan');
  return block;
}
