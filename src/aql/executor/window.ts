// WINDOW: every input row comes out once, in input order, with the aggregates of its
// frame, computed as ArangoDB's WindowExecutor and AccuWindowExecutor compute them
// (arangod/Aql/WindowExecutor.cpp, WindowNode.cpp). Rows are held only while a frame can
// still need them: a row-based window with a bounded `preceding` keeps `preceding` rows
// behind the current one and the rows its `following` waits for; with an unbounded
// `preceding` the rows are folded into running aggregators and only the rows `following`
// waits for are kept (a running total streams); a range-based window keeps the rows whose
// values can still fall into a later row's range. An unbounded `following` waits for all.
//
// Invariants:
//  1. rows[cur] is the next row to come out; the rows before it have come out already.
//  2. Every held row is accounted (rt.track) and given back when it is dropped or on close.
//  3. An aggregator sees the values of its frame in input order (PUSH and UNIQUE keep it).
//  4. A range-based window's rows arrive sorted by their range values (the SORT the
//     planner puts before it, or an index order standing in for it).
import { ERR } from '../../errors/arango-error.js';
import { addIsoDuration, MAX_TIMESTAMP, MIN_TIMESTAMP } from '../functions/date-parse.js';
import { parseNumericString, type AqlValue } from '../../values/index.js';
import type * as P from '../planner/plan.js';
import type { Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';
import { aggregator, type Aggregator } from './aggregators.js';
import { approxSize, type Runtime } from './runtime.js';

/** Batch size the block pulls its input in. */
const PULL = 1000;

/** A row's place in a range-based window (ArangoDB's WindowBounds::Row). */
interface RangeRow {
  value: number;
  low: number;
  high: number;
  /** False when the range value could not be read: the row's aggregates are null. */
  valid: boolean;
}

const INVALID: RangeRow = { value: 0, low: 0, high: 0, valid: false };

type RangeBounds = Extract<P.WindowBounds, { type: 'range' }>;

/**
 * AqlValue::toDouble with its failure flag: null 0, booleans 0/1, numeric strings (and
 * "") their value, [] 0, [x] x's value (never failing), anything else fails (undefined).
 */
function toDouble(v: AqlValue): number | undefined {
  if (v === null) return 0;
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return v === '' ? 0 : parseNumericString(v);
    default:
      if (Array.isArray(v) && v.length <= 1) return v.length === 0 ? 0 : (toDouble(v[0]) ?? 0);
      return undefined;
  }
}

export class WindowBlock implements Block {
  private rows: Row[] = [];
  private sizes: number[] = [];
  /** Range-based only: rows[i]'s value and range. */
  private ranges: RangeRow[] = [];
  private held = 0;
  private cur = 0;
  /** Range-based: rows before this one lie below the current row's range (ArangoDB's `offset`). */
  private offset = 0;
  /** Unbounded `preceding`: rows [0, folded) are in `running`; `results` is its output at that point. */
  private running: Aggregator[] | null = null;
  private folded = 0;
  private results: AqlValue[] | null = null;
  private done = false;
  private closed = false;
  /** Range-based: the bounds and the register of the range value. */
  private readonly range: RangeBounds | null;
  private readonly rangeReg: number;

  constructor(
    private readonly node: P.WindowNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {
    this.range = node.bounds.type === 'range' ? node.bounds : null;
    this.rangeReg = node.rangeVariable ? node.rangeVariable.reg : -1;
  }

  async next(max: number): Promise<Row[]> {
    const out: Row[] = [];
    this.offset = 0;
    while (!this.closed && out.length < max) {
      await this.ex.rt.checkpoint();
      const row = this.node.bounds.type === 'row' ? this.nextByRows(this.node.bounds) : this.nextByRange();
      if (row) {
        out.push(row);
        continue;
      }
      if (this.done) break;
      this.trim();
      await this.fill();
    }
    this.trim();
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rows = [];
    this.sizes = [];
    this.ranges = [];
    this.running = null;
    this.results = null;
    this.ex.rt.release(this.held);
    this.held = 0;
    this.input.close();
  }

  /** Pulls one batch (or learns that the input is exhausted). */
  private async fill(): Promise<void> {
    const batch = await this.input.next(PULL);
    if (batch.length === 0) {
      this.done = true;
      return;
    }
    for (const row of batch) {
      const size = approxSize(row);
      this.held += size;
      this.ex.rt.track(size);
      this.rows.push(row);
      this.sizes.push(size);
      if (this.range) this.ranges.push(rangeRow(this.range, row[this.rangeReg] ?? null, this.ex.rt));
    }
  }

  /** Drops the first `k` held rows. */
  private drop(k: number): void {
    if (k <= 0) return;
    let bytes = 0;
    for (let i = 0; i < k; i++) bytes += this.sizes[i];
    this.ex.rt.release(bytes);
    this.held -= bytes;
    this.rows.splice(0, k);
    this.sizes.splice(0, k);
    if (this.range) this.ranges.splice(0, k);
    this.cur -= k;
    this.folded = Math.max(0, this.folded - k);
  }

  /** Drops the rows no later frame can need (ArangoDB's trimBounds). */
  private trim(): void {
    this.offset = 0;
    const b = this.node.bounds;
    if (b.type === 'row') {
      // unbounded preceding: what came out is folded into the running aggregators already
      this.drop(b.preceding === Infinity ? Math.min(this.cur, this.folded) : this.cur - b.preceding);
      return;
    }
    const n = this.rows.length;
    if (n === 0 || this.cur === 0) return;
    const last = this.ranges[n - 1];
    if (this.cur >= n && last.low === last.value) return this.drop(n);
    const low = this.ranges[Math.min(this.cur, n - 1)].low;
    for (let k = Math.min(this.cur, n - 1) - 1; k >= 0; k--) {
      if (this.ranges[k].valid && this.ranges[k].value < low) return this.drop(k + 1);
    }
  }

  private fresh(): Aggregator[] {
    return this.node.aggregates.map((a) => aggregator(a.type));
  }

  private add(aggs: Aggregator[], row: Row): void {
    const list = this.node.aggregates;
    for (let j = 0; j < list.length; j++) {
      const inVar = list[j].inVariable;
      aggs[j].add(inVar ? (row[inVar.reg] ?? null) : null);
    }
  }

  /** The aggregators' results; PUSH's array is copied (its aggregator may go on adding). */
  private resultsOf(aggs: Aggregator[]): AqlValue[] {
    return aggs.map((agg, j) => {
      const v = agg.result(this.ex.rt.fn);
      return this.node.aggregates[j].type === 'PUSH' && Array.isArray(v) ? v.slice() : v;
    });
  }

  private emit(row: Row, results: readonly AqlValue[]): Row {
    this.node.aggregates.forEach((a, j) => (row[a.outVariable.reg] = results[j]));
    this.cur++;
    return row;
  }

  /**
   * Row-based: the current row once `following` rows are there (or the input ended),
   * with the rows [cur - preceding, cur + following]; undefined when it must wait.
   */
  private nextByRows(b: { preceding: number; following: number }): Row | undefined {
    const rows = this.rows;
    if (this.cur >= rows.length || (!this.done && this.cur + b.following >= rows.length)) return undefined;
    const end = Math.min(rows.length, this.cur + b.following + 1);
    if (b.preceding === Infinity) {
      // AccuWindowExecutor generalized: the frame always starts at the first row, so it only grows
      this.running ??= this.fresh();
      if (this.folded < end || !this.results) {
        for (; this.folded < end; this.folded++) this.add(this.running, rows[this.folded]);
        this.results = this.resultsOf(this.running);
      }
      return this.emit(rows[this.cur], this.results);
    }
    const aggs = this.fresh();
    for (let i = Math.max(0, this.cur - b.preceding); i < end; i++) this.add(aggs, rows[i]);
    return this.emit(rows[this.cur], this.resultsOf(aggs));
  }

  /**
   * Range-based: the current row once a row above its range is there (or the input
   * ended), with every row whose value lies in [low, high]; nulls for a row whose range
   * value could not be read. The scan is ArangoDB's: from the first row not below an
   * earlier row's range up to the first row above this one's.
   */
  private nextByRange(): Row | undefined {
    if (this.cur >= this.rows.length) return undefined;
    const r = this.ranges[this.cur];
    if (!r.valid) return this.emit(this.rows[this.cur], this.node.aggregates.map(() => null));
    const aggs = this.fresh();
    let above = false;
    for (let i = this.offset; i < this.ranges.length; i++) {
      const v = this.ranges[i].value;
      if (r.low <= v) {
        if (r.high < v) {
          above = true;
          break;
        }
        this.add(aggs, this.rows[i]);
      } else {
        this.offset = i + 1;
      }
    }
    if (!above && !this.done) return undefined;
    return this.emit(this.rows[this.cur], this.resultsOf(aggs));
  }
}

/**
 * A row's range (ArangoDB's WindowBounds::calcRow), warning as it does: a numeric window
 * reads the value as a number (1561 when it is none), a duration window as a timestamp
 * in milliseconds (1572 when it is not a number or outside years 0..9999).
 */
function rangeRow(b: RangeBounds, v: AqlValue, rt: Runtime): RangeRow {
  if (b.unit === 'numeric') {
    const x = toDouble(v);
    if (x === undefined) {
      rt.warn(ERR.ERROR_QUERY_INVALID_ARITHMETIC_VALUE);
      return INVALID;
    }
    return { value: x, low: x - b.preceding, high: x + b.following, valid: true };
  }
  if (typeof v !== 'number') {
    rt.warn(ERR.ERROR_QUERY_INVALID_DATE_VALUE);
    return INVALID;
  }
  const tp = Math.trunc(v);
  if (tp < MIN_TIMESTAMP || tp > MAX_TIMESTAMP) {
    rt.warn({ ...ERR.ERROR_QUERY_INVALID_DATE_VALUE, message: 'range value is not a valid timepoint (out of range)' });
    return INVALID;
  }
  return { value: tp, low: addIsoDuration(tp, b.preceding, -1), high: addIsoDuration(tp, b.following, 1), valid: true };
}
