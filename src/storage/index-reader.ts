// Index range reads for the query engine: the documents of a collection whose primary,
// edge or persistent index entries satisfy per-field conditions, from committed data,
// optionally in index order. Nothing here knows AQL beyond the value order of values/.
//
// Invariants:
//  1. A reader returns exactly the documents whose attribute values satisfy every given
//     condition under AQL comparison (compare() of values/): the key range scanned is a
//     superset of the matches (string, array and object bounds widen it, because LMDB
//     orders strings by UTF-8 bytes while AQL collates them), and every document is
//     checked against all conditions before it is returned.
//  2. LMDB's key order keeps AQL's type order: null < false < true < numbers < strings
//     (arrays and objects are stored as '\u001f'-prefixed JSON strings, inside the string
//     section). So bounds on null, booleans and numbers are exact key bounds.
//  3. Sorted reads return documents in AQL order of the sort fields: runs of entries whose
//     sort values are all null/bool/number stream in key order (key order = AQL order for
//     them, and they separate the runs containing strings), runs with strings, arrays or
//     objects are buffered and sorted with compare() before they are returned.
//  4. stats.scanned counts index entries read inside the scanned window, stats.lookups the
//     documents fetched after them.
//  5. All reads go through one ReadView: an AQL query passes its snapshot (withView), so
//     index entries and documents come from the one state the whole query reads; the
//     default view is the latest committed state. Documents are checked again anyway
//     (invariant 1).
//  6. A late read decodes the indexed values from the entry; a value stored as a
//     '\u001f'-prefixed string is ambiguous (a JSON-encoded array/object or a string that
//     starts with U+001F), so for such an entry the document is fetched and its values used.
//  7. An array index field (`tags[*]`, `a[*].b`) has an entry per element (per distinct
//     element by default): its conditions are checked on the document (each holds for
//     some element, as AQL's `v IN d.tags[*]`), and a document found through several
//     entries is returned once.
import { compare, type AqlValue } from '../values/index.js';
import type { CollectionRecord, IndexRecord } from './catalog.js';
import { externalize, isPlainObject, loadStored, type Doc } from './documents.js';
import type { Key, ReadView } from './engine.js';
import { indexValue } from './keys.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { BatchReader } from './reader.js';
import type { Covering } from './geo-cells.js';
import { geoDocuments, mdiBox, mdiDocuments } from './spatial-reader.js';

export type IndexOp = '==' | '<' | '<=' | '>' | '>=' | 'in';
export interface FieldCondition {
  op: IndexOp;
  value: unknown;
}

export interface IndexScan {
  /**
   * Conditions per index field, in the index's field order ([] = unconstrained). Edge
   * index: [_from, _to]; primary index: [_key, _id].
   */
  fields: FieldCondition[][];
  /** Sorted output on fields [from, from + count) (persistent indexes; one lookup only). */
  sort?: { from: number; count: number; reverse: boolean };
  /**
   * With `sort`: at most this many documents per equality lookup (each lookup in sort
   * order), for push-limit-into-index; the caller sorts their union.
   */
  limit?: number;
  /**
   * Persistent indexes: return `{_key, <indexed attributes>}` built from the index entries
   * instead of fetching documents (late materialization, invariant 6).
   */
  late?: boolean;
  /**
   * Geo indexes: the cells to read (geo-cells.ts) and documents not to fetch again; the
   * documents come back unchecked (the caller checks its geo condition).
   */
  geo?: { covering: Covering; skip?: ReadonlySet<string> };
  /** Mdi indexes: entries read past the box before jumping to the next part inside it (ArangoDB's lookahead). */
  lookahead?: number;
}

export interface IndexReadStats {
  scanned: number;
  lookups: number;
}

type Prim = string | number | boolean | null;

/** Most lookups an IN list (or a product of them) may expand to before we fall back to a range. */
const MAX_LOOKUPS = 10000;

function fieldValue(doc: Doc, path: string): AqlValue {
  if (!path.includes('.')) {
    const top = doc[path]; // the common case, without splitting the path per document
    return (top === undefined ? null : top) as AqlValue;
  }
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return null;
    v = v[part];
  }
  return (v === undefined ? null : v) as AqlValue;
}

/**
 * The values of an array index field (`tags[*]`, `a.b[*].c`) in `doc`, as AQL's expansion
 * gives them: none when the attribute before `[*]` is not an array, null for an element
 * without the path after it.
 */
function expandedValues(doc: Doc, field: string): AqlValue[] {
  const star = field.indexOf('[*]');
  const arr = fieldValue(doc, field.slice(0, star));
  if (!Array.isArray(arr)) return [];
  const rest = field.slice(star + 4);
  return rest === '' ? (arr as AqlValue[]) : arr.map((e) => (isPlainObject(e) ? fieldValue(e as Doc, rest) : null));
}

/** Whether `doc` satisfies the conditions on index field `path` (an array field: some element does, per condition). */
function fieldHolds(doc: Doc, path: string, conds: FieldCondition[]): boolean {
  if (conds.length === 0) return true;
  if (!path.includes('[*]')) {
    const v = fieldValue(doc, path);
    return conds.every((c) => holds(v, c));
  }
  const values = expandedValues(doc, path);
  return conds.every((c) => values.some((v) => holds(v, c)));
}

/** Lower-case letters and digits: ICU's collation orders such strings as their code units do. */
const SIMPLE_KEY = /^[0-9a-z]*$/;

/**
 * A test of a document key against `_key` range conditions under AQL comparison. When the
 * bounds are strings of lower-case letters and digits, a key made of them too is compared
 * by code units (the same order, without the collator's cost: most generated keys).
 */
function keyCheck(conds: FieldCondition[]): (key: string) => boolean {
  const slow = (k: string): boolean => conds.every((c) => holds(k, c));
  if (!conds.every((c) => c.op !== 'in' && typeof c.value === 'string' && SIMPLE_KEY.test(c.value))) return slow;
  const byUnits = (k: string, c: FieldCondition): boolean => {
    const x = c.value as string;
    switch (c.op) {
      case '==':
        return k === x;
      case '<':
        return k < x;
      case '<=':
        return k <= x;
      case '>':
        return k > x;
      default:
        return k >= x;
    }
  };
  return (k) => (SIMPLE_KEY.test(k) ? conds.every((c) => byUnits(k, c)) : slow(k));
}

/** Items without a second document of the same key (an array index has an entry per element). */
function* distinct(items: Iterable<Item>): Generator<Item> {
  const seen = new Set<string>();
  for (const doc of items) {
    if (doc === TICK) yield doc;
    else if (seen.has(doc._key as string)) yield TICK;
    else {
      seen.add(doc._key as string);
      yield doc;
    }
  }
}

function holds(v: AqlValue, c: FieldCondition): boolean {
  const x = c.value as AqlValue;
  switch (c.op) {
    case '==':
      return compare(v, x) === 0;
    case '<':
      return compare(v, x) < 0;
    case '<=':
      return compare(v, x) <= 0;
    case '>':
      return compare(v, x) > 0;
    case '>=':
      return compare(v, x) >= 0;
    case 'in':
      return Array.isArray(x) && x.some((e) => compare(v, e) === 0);
  }
}

/** Equality candidates of one field: one value, the distinct IN values, or undefined (none given). */
function candidates(conds: FieldCondition[]): unknown[] | undefined {
  const eq = conds.find((c) => c.op === '==');
  if (eq) return [eq.value];
  const inn = conds.find((c) => c.op === 'in');
  if (!inn) return undefined;
  if (!Array.isArray(inn.value)) return [];
  const seen = new Map<string, unknown>();
  for (const v of inn.value) seen.set(JSON.stringify(indexValue(v)), v);
  // ArangoDB looks IN values up sorted and unique (Ast::deduplicateArray), so an index
  // read of `x IN [3, 1, 2]` returns the documents of 1, then 2, then 3
  return [...seen.values()].sort((a, b) => compare(a as AqlValue, b as AqlValue));
}

function isScalarBound(v: unknown): v is null | boolean | number {
  return v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number';
}

/** LMDB order of two stored key elements (invariant 2). */
function storageCompare(a: Prim, b: Prim): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return codePointCompare(a, b as string);
  return 0;
}

/** UTF-8 byte order (LMDB's) is code point order; UTF-16 units differ only at surrogates. */
function codePointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1; // a surrogate starts a code point above U+FFFF
  }
  return a.length - b.length;
}

function rank(v: Prim): number {
  if (v === null) return 0;
  if (v === false) return 1;
  if (v === true) return 2;
  if (typeof v === 'number') return 3;
  return 4;
}

/** A window on one field in storage order; undefined ends are open. */
interface Window {
  low?: { key: Prim; inclusive: boolean };
  high?: { key: Prim; inclusive: boolean };
}

/** The key window for a field's range conditions (widened for non-scalar bounds, invariant 1). */
function window(conds: FieldCondition[]): Window {
  const w: Window = {};
  for (const c of conds) {
    if (c.op === '>' || c.op === '>=') {
      const key: Prim = isScalarBound(c.value) ? ((c.value ?? null) as Prim) : '';
      const inclusive = c.op === '>=' || !isScalarBound(c.value);
      if (!w.low || storageCompare(key, w.low.key) > 0) w.low = { key, inclusive };
    } else if ((c.op === '<' || c.op === '<=') && isScalarBound(c.value)) {
      const key = (c.value ?? null) as Prim;
      if (!w.high || storageCompare(key, w.high.key) < 0) w.high = { key, inclusive: c.op === '<=' };
    }
  }
  return w;
}

function belowLow(w: Window, e: Prim): boolean {
  if (!w.low) return false;
  const c = storageCompare(e, w.low.key);
  return c < 0 || (c === 0 && !w.low.inclusive);
}

function aboveHigh(w: Window, e: Prim): boolean {
  if (!w.high) return false;
  const c = storageCompare(e, w.high.key);
  return c > 0 || (c === 0 && !w.high.inclusive);
}

/** `{_key, ...indexed attributes}` from an entry's unambiguous values (invariant 6), or undefined. */
function partialDocument(ix: IndexRecord, key: string, vals: AqlValue[]): Doc | undefined {
  const doc: Doc = { _key: key };
  for (let i = 0; i < ix.fields.length; i++) {
    const v = vals[i];
    const parts = ix.fields[i].split('.');
    let target = doc;
    for (const part of parts.slice(0, -1)) {
      if (target[part] !== undefined && !isPlainObject(target[part])) return undefined;
      if (target[part] === undefined) target[part] = {};
      target = target[part] as Doc;
    }
    target[parts[parts.length - 1]] = v;
  }
  return doc;
}

/** The smallest stored element above `v` when one exists (null, booleans, numbers). */
function above(v: Prim): Prim | undefined {
  if (v === null) return false;
  if (v === false) return true;
  if (v === true) return -Infinity;
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  if (v === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, v > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/**
 * Where a reverse scan of [dataId, ...prefix, <window>] may start: just above the window's
 * high bound or above the prefix when that key is computable, else the index's end (the
 * entries above the window are then skipped, not counted).
 */
function reverseStart(dataId: number, prefix: Prim[], w: Window): Key {
  if (w.high) {
    const next = above(w.high.key);
    if (next !== undefined) return [dataId, ...prefix, next] as Key;
  } else if (prefix.length > 0) {
    const next = above(prefix[prefix.length - 1]);
    if (next !== undefined) return [dataId, ...prefix.slice(0, -1), next] as Key;
  }
  return [dataId + 1];
}

function product(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const l of lists) out = out.flatMap((p) => l.map((v) => [...p, v]));
  return out;
}

function isStructured(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

function isStringRanked(v: AqlValue): boolean {
  return v !== null && typeof v !== 'boolean' && typeof v !== 'number';
}

/** Marks one unit of work done without a document (an entry read, skipped or rejected). */
const TICK: unique symbol = Symbol('tick');
type Item = Doc | typeof TICK;

/** Documents and units of work without one (undefined) as items. */
function* ticks(source: Iterable<Doc | undefined>): Generator<Item> {
  for (const doc of source) yield doc ?? TICK;
}

/** Items with every document that fails `check` replaced by TICK. */
function* checked(items: Iterable<Item>, check: (doc: Doc) => boolean): Generator<Item> {
  for (const doc of items) yield doc === TICK || check(doc) ? doc : TICK;
}

/** True for a stored value that may be an array/object or a string starting with U+001F (invariant 6). */
function isAmbiguous(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('\u001f');
}

/** A stored value that may be an array/object or a string starting with U+001F (invariant 6). */
const AMBIGUOUS: unique symbol = Symbol('ambiguous');

/** A persistent index entry: the document key and the indexed values it carries. */
interface Entry {
  key: string;
  vals: (AqlValue | typeof AMBIGUOUS)[];
  /** The document once read (null: it no longer exists). */
  doc?: Doc | null;
  /** Where the document is stored, when reordering ties looked it up (inWriteOrder). */
  seq?: number;
}
type EntryItem = Entry | typeof TICK;

/** How long a reader works before it lets other work on the event loop. */
const SLICE_MS = 4;

/**
 * A BatchReader over a generator of documents and ticks: ticks let a batch that reads
 * many entries for few documents (wide windows, buffered sorts) yield to the event loop.
 */
class TickingReader implements BatchReader<Doc> {
  private it: Iterator<Item> | undefined;
  constructor(source: Iterable<Item>) {
    this.it = source[Symbol.iterator]();
  }
  async next(max: number): Promise<Doc[]> {
    const out: Doc[] = [];
    let slice = performance.now();
    let ticks = 0;
    while (this.it && out.length < max) {
      const r = this.it.next();
      if (r.done) {
        this.close();
        break;
      }
      if (r.value !== TICK) out.push(r.value);
      // the clock is read every 64 ticks: a tick is well under a microsecond of work
      else if ((++ticks & 63) === 0 && performance.now() - slice >= SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    return out;
  }
  close(): void {
    const it = this.it;
    this.it = undefined;
    it?.return?.(undefined);
  }
}

/**
 * A late read of a whole persistent index (an index-only scan): one `{_key, <indexed
 * attributes>}` per entry, built straight from the entries in one loop, without the
 * generator pipeline of conditional reads (which cost about 1 us per entry). An entry
 * with an ambiguous value reads its document instead (invariant 6).
 */
class CoveringScan implements BatchReader<Doc> {
  private it: Iterator<{ key: Key; value: unknown }> | undefined;
  /** Each field's path, split once. */
  private readonly paths: string[][];
  constructor(
    private readonly reader: IndexReader,
    private readonly col: CollectionRecord,
    private readonly ix: IndexRecord,
    private readonly stats: IndexReadStats,
  ) {
    this.it = reader.entries(col, ix)[Symbol.iterator]();
    this.paths = ix.fields.map((f) => f.split('.'));
  }

  async next(max: number): Promise<Doc[]> {
    const out: Doc[] = [];
    const { ix, paths, stats } = this;
    const n = paths.length;
    let slice = performance.now();
    while (this.it && out.length < max) {
      const r = this.it.next();
      if (r.done) {
        this.close();
        break;
      }
      const k = r.value.key as unknown[];
      stats.scanned++;
      const key = ix.unique || ix.seqKeys ? (r.value.value as string) : (k[k.length - 1] as string);
      let doc: Doc | undefined = { _key: key };
      for (let i = 0; i < n && doc; i++) {
        const v = k[1 + i];
        if (isAmbiguous(v)) {
          doc = this.reader.fetch(this.col, key, stats); // the whole document: nothing to add
          break;
        }
        doc = place(doc, paths[i], v as AqlValue);
      }
      if (doc) out.push(doc);
      if ((stats.scanned & 1023) === 0 && performance.now() - slice >= SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    return out;
  }

  close(): void {
    const it = this.it;
    this.it = undefined;
    it?.return?.();
  }
}

/** A value of an index's first field and how many entries carry it (GroupCountScan). */
export interface ValueCount {
  value: AqlValue;
  count: number;
}

/**
 * Ends a key range past every entry [dataId, v, ...]: ordered-binary joins key elements
 * with a 0 byte, and no encoded element starts with 0xff, so [dataId, v, PAST] sorts after
 * every entry whose first field is v and before the next value's.
 */
const PAST = new Uint8Array([0xff]) as unknown as string;

/**
 * A skip scan costs two LMDB range openings per distinct value (about 10 us each here),
 * reading entries one by one about 0.3 us each: after SKIP_PROBE values averaging fewer
 * than SKIP_MIN_AVERAGE entries, the rest is read entry by entry.
 */
const SKIP_PROBE = 16;
const SKIP_MIN_AVERAGE = 64;

/**
 * The distinct values of a persistent index's first field, each with the number of
 * entries carrying it, in key order: for the whole index at once (COLLECT v = d.field
 * [WITH COUNT INTO n] over an index-only scan). Each value is found by one seek past the
 * previous one and its entries are counted by LMDB without being decoded; an ambiguous
 * value (invariant 6) reads its documents instead and gives each document's own value
 * with count 1, so callers must merge equal values (an object's JSON text depends on its
 * attribute order). stats.scanned counts every entry counted, as an entry-by-entry scan
 * would. Only for indexes with exactly one entry per document (no [*] field, not sparse).
 */
export class GroupCountScan implements BatchReader<ValueCount> {
  private pos: Key;
  private done = false;
  private distinct = 0;
  private entries = 0;
  /** Entry by entry once values turn out to have few entries each. */
  private it: Iterator<{ key: Key; value: unknown }> | undefined;
  /** The value whose entries `it` is counting, and its count so far. */
  private run: { value: Prim; count: number } | undefined;
  private readonly field: string;
  constructor(
    private readonly reader: IndexReader,
    private readonly view: ReadView & { count(db: 'idx', opts: { start: Key; end: Key }): number },
    private readonly col: CollectionRecord,
    private readonly ix: IndexRecord,
    private readonly stats: IndexReadStats,
  ) {
    this.pos = [ix.dataId];
    this.field = ix.fields[0];
  }

  async next(max: number): Promise<ValueCount[]> {
    const out: ValueCount[] = [];
    let slice = performance.now();
    let steps = 0;
    while (!this.done && out.length < max) {
      if (this.it) this.stream(out, max);
      else this.skip(out);
      if ((++steps & 15) === 0 && performance.now() - slice >= SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    return out;
  }

  /** One distinct value: seek to it, count its entries (or read them when ambiguous). */
  private skip(out: ValueCount[]): void {
    const dataId = this.ix.dataId;
    let first: Key | undefined;
    for (const e of this.view.range('idx', { start: this.pos, end: [dataId + 1], limit: 1 })) first = e.key;
    if (first === undefined || (first as unknown[])[0] !== dataId) {
      this.close();
      return;
    }
    const v = (first as unknown[])[1] as Prim;
    const start = [dataId, v] as Key;
    const end = [dataId, v, PAST] as Key;
    let n: number;
    if (isAmbiguous(v)) {
      n = 0;
      for (const e of this.view.range('idx', { start, end })) {
        n++;
        this.resolved(e, out);
      }
    } else {
      n = this.view.count('idx', { start, end });
      out.push({ value: v, count: n });
    }
    this.stats.scanned += n;
    this.pos = end;
    this.entries += n;
    if (++this.distinct >= SKIP_PROBE && this.entries < this.distinct * SKIP_MIN_AVERAGE) {
      this.it = this.view.range('idx', { start: this.pos, end: [dataId + 1] })[Symbol.iterator]();
    }
  }

  /** Up to 1024 entries one by one, counting runs of equal values. */
  private stream(out: ValueCount[], max: number): void {
    const it = this.it!;
    for (let i = 0; i < 1024 && out.length < max; i++) {
      const r = it.next();
      if (r.done) {
        this.flush(out);
        this.close();
        return;
      }
      const v = (r.value.key as unknown[])[1] as Prim;
      this.stats.scanned++;
      if (isAmbiguous(v)) {
        this.flush(out);
        this.resolved(r.value, out);
      } else if (this.run && this.run.value === v) this.run.count++;
      else {
        this.flush(out);
        this.run = { value: v, count: 1 };
      }
    }
  }

  private flush(out: ValueCount[]): void {
    if (this.run) out.push(this.run);
    this.run = undefined;
  }

  /** An ambiguous entry: its document's own value, once. */
  private resolved(e: { key: Key; value: unknown }, out: ValueCount[]): void {
    const k = e.key as unknown[];
    const key = this.ix.unique || this.ix.seqKeys ? (e.value as string) : (k[k.length - 1] as string);
    const doc = this.reader.fetch(this.col, key, this.stats);
    if (doc) out.push({ value: fieldValue(doc, this.field), count: 1 });
  }

  close(): void {
    this.done = true;
    const it = this.it;
    this.it = undefined;
    it?.return?.();
  }
}

/** Sets `path` of `doc` to `v` (creating nested objects); undefined when a non-object is in the way. */
function place(doc: Doc, path: string[], v: AqlValue): Doc | undefined {
  let target = doc;
  for (let j = 0; j < path.length - 1; j++) {
    const part = path[j];
    if (target[part] === undefined) target[part] = {};
    else if (!isPlainObject(target[part])) return undefined;
    target = target[part] as Doc;
  }
  target[path[path.length - 1]] = v;
  return doc;
}

export class IndexReader {
  constructor(private readonly engine: ReadView) {}

  /** The same reader over another view (a query's snapshot, invariant 5). */
  withView(view: ReadView): IndexReader {
    return new IndexReader(view);
  }

  /** Documents matching `scan` on index `ix` of `col` (invariant 1); counts into `stats`. */
  open(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): BatchReader<Doc> {
    if (ix.type === 'persistent' && scan.late && !scan.sort && scan.fields.every((f) => f.length === 0)) return new CoveringScan(this, col, ix, stats);
    if (ix.type === 'geo') return new TickingReader(ticks(this.geo(col, ix, scan, stats)));
    const source = this.documents(col, ix, scan, stats);
    return new TickingReader(source);
  }

  /**
   * The first field's distinct values with their entry counts (GroupCountScan), or
   * undefined when the index or this view does not allow it.
   */
  openGroupCounts(col: CollectionRecord, ix: IndexRecord, stats: IndexReadStats): BatchReader<ValueCount> | undefined {
    const view = this.engine;
    if (ix.type !== 'persistent' || ix.sparse || ix.fields.some((f) => f.includes('[*]')) || !view.count) return undefined;
    return new GroupCountScan(this, view as ConstructorParameters<typeof GroupCountScan>[1], col, ix, stats);
  }

  private documents(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): Iterable<Item> {
    const check = (doc: Doc): boolean => scan.fields.every((conds, i) => fieldHolds(doc, this.path(ix, i), conds));
    if (ix.type === 'primary') return checked(this.primary(col, scan, stats), check);
    if (ix.type === 'edge') return checked(this.edge(col, ix, scan, stats), check);
    if (ix.type === 'mdi' || ix.type === 'mdi-prefixed' || ix.type === 'zkd') return checked(ticks(this.mdi(col, ix, scan, stats)), check);
    const docs = this.persistentDocuments(col, ix, scan, stats, check);
    // an array index has one entry per distinct element: a document comes back once (ArangoDB)
    return ix.fields.some((f) => f.includes('[*]')) ? distinct(docs) : docs;
  }

  /**
   * Persistent indexes: entries are filtered and ordered by the values they carry (no
   * document read for a rejected entry), documents are read only for the entries that
   * survive, when they are pulled (invariants 1, 3, 6). Filtering, ordering and reading
   * are one loop over the window's entries: each generator level between them cost two
   * resumptions per entry, and a small sorted read (SORT ... LIMIT 10) spent a quarter of
   * its time in them.
   */
  private persistentDocuments(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats, check: (doc: Doc) => boolean): Iterable<Item> {
    const lookups = this.persistent(col, ix, scan, stats);
    const late = scan.late === true;
    const self = this;
    // (an array field's conditions are checked on the document: each holds for some element)
    const star = ix.fields.map((f) => f.includes('[*]'));
    const passes = (e: Entry): boolean =>
      scan.fields.every((conds, i) => conds.length === 0 || star[i] || e.vals[i] === AMBIGUOUS || conds.every((c) => holds(e.vals[i] as AqlValue, c)));
    /** The entry's document if it passes the whole condition, else TICK. */
    const read = (e: Entry): Item => {
      const doc = self.materialize(col, ix, e, late, stats);
      return doc && check(doc) ? doc : TICK;
    };
    const sort = scan.sort;
    if (!sort) {
      return (function* (): Generator<Item> {
        for (const l of lookups) {
          for (const e of l) yield e === TICK || !passes(e) ? TICK : read(e);
        }
      })();
    }
    // An array/object equality value is read through the whole string section, where
    // differently encoded equal values interleave: then everything is sorted at once.
    const structured = scan.fields.some((conds) => conds.some((c) => (c.op === '==' && isStructured(c.value)) || (c.op === 'in' && Array.isArray(c.value) && c.value.some(isStructured))));
    const { from, count } = sort;
    const dir = sort.reverse ? -1 : 1;
    const key = (e: Entry): AqlValue[] => e.vals.slice(from, from + count) as AqlValue[];
    const stringRanked = (e: Entry): boolean => {
      for (let i = from; i < from + count; i++) if (isStringRanked(e.vals[i] as AqlValue)) return true;
      return false;
    };
    // Invariant 3, on entries: index order is AQL order except among string-ranked values
    // (and everything, when `structured`), which are buffered and sorted as a run.
    /** A run's documents in AQL order, counting documents into `n` up to `limit`; returns `n`. */
    const drain = function* (run: Entry[], n: number, limit: number): Generator<Item, number> {
      run.sort((a, b) => dir * compare(key(a), key(b)));
      for (const r of run) {
        const item = read(r);
        yield item;
        if (item !== TICK && ++n >= limit) break;
      }
      return n;
    };
    const ordered = function* (entries: Iterable<EntryItem>, limit: number): Generator<Item> {
      let n = 0;
      let run: Entry[] = [];
      for (const e of entries) {
        if (e === TICK || !passes(e)) {
          yield TICK;
          continue;
        }
        self.resolve(col, ix, e, stats);
        if (e.doc === null) continue; // removed since the index was read
        if (structured || stringRanked(e)) {
          run.push(e);
          yield TICK;
          continue;
        }
        if (run.length > 0) {
          n = yield* drain(run, n, limit);
          run = [];
          if (n >= limit) return;
        }
        const item = read(e);
        yield item;
        if (item !== TICK && ++n >= limit) return;
      }
      if (run.length > 0) yield* drain(run, n, limit);
    };
    if (scan.limit === undefined) {
      // one order over all lookups: a run may span them
      const all = lookups.length === 1 ? lookups[0] : (function* () {
        for (const l of lookups) yield* l;
      })();
      return ordered(all, Infinity);
    }
    const limit = scan.limit;
    if (limit <= 0) return [];
    if (lookups.length === 1) return ordered(lookups[0], limit);
    return (function* (): Generator<Item> {
      for (const l of lookups) yield* ordered(l, limit);
    })();
  }

  /** The entry's document: fetched (counted), or built from the entry in a late read. */
  private materialize(col: CollectionRecord, ix: IndexRecord, e: Entry, late: boolean, stats: IndexReadStats): Doc | undefined {
    if (e.doc !== undefined) return e.doc ?? undefined;
    if (late && !e.vals.includes(AMBIGUOUS)) return partialDocument(ix, e.key, e.vals as AqlValue[]);
    if (e.seq !== undefined) {
      const stored = this.engine.get('docs', [col.dataId, e.seq]) as Doc | undefined;
      if (!stored) return undefined;
      stats.lookups++;
      return externalize(col, stored);
    }
    return this.fetch(col, e.key, stats);
  }

  /** Replaces ambiguous values by the document's own (fetching it once). */
  private resolve(col: CollectionRecord, ix: IndexRecord, e: Entry, stats: IndexReadStats): void {
    if (!e.vals.includes(AMBIGUOUS)) return;
    const doc = this.fetch(col, e.key, stats) ?? null;
    e.doc = doc;
    e.vals = ix.fields.map((f) => (doc ? fieldValue(doc, f) : null));
  }

  private path(ix: IndexRecord, i: number): string {
    if (ix.type === 'primary') return i === 0 ? '_key' : '_id';
    // an mdi-prefixed index's conditions: its prefix fields, then its fields
    const prefix = (ix.props?.prefixFields as string[] | undefined) ?? [];
    if (ix.type === 'mdi-prefixed') return i < prefix.length ? prefix[i] : ix.fields[i - prefix.length];
    return ix.fields[i];
  }

  /** Geo index candidates in the scan's covering (spatial-reader.ts). */
  private geo(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): Iterable<Doc | undefined> {
    if (!scan.geo) return [];
    return geoDocuments(this.engine, ix, scan.geo.covering, scan.geo.skip, (key) => this.fetch(col, key, stats), stats);
  }

  /** Mdi index documents in the box of the scan's conditions, prefix fields looked up by equality. */
  private mdi(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): Iterable<Doc | undefined> {
    const n = ix.type === 'mdi-prefixed' ? ((ix.props?.prefixFields as string[] | undefined) ?? []).length : 0;
    const prefix: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const eq = (scan.fields[i] ?? []).find((c) => c.op === '==');
      if (!eq) return []; // (use-indexes asks for every prefix field)
      prefix.push(eq.value);
    }
    const box = mdiBox(ix.fields.map((_, i) => scan.fields[n + i] ?? []));
    if (!box) return [];
    return mdiDocuments(this.engine, ix, prefix, box, Math.max(0, scan.lookahead ?? 1), (key) => this.fetch(col, key, stats), stats);
  }

  /** Every entry of a persistent index, in key order (CoveringScan). */
  entries(col: CollectionRecord, ix: IndexRecord): Iterable<{ key: Key; value: unknown }> {
    return this.inWriteOrder(col, ix, this.engine.range('idx', { start: [ix.dataId], end: [ix.dataId + 1] }), false);
  }

  /**
   * Entries of a non-unique persistent index whose indexed values are equal, in the order
   * of their documents' last write (reversed for a reverse read), as ArangoDB's index keys
   * end in the document's local id: `FILTER d.v == 1` returns those documents as they were
   * written, not by _key. Runs of one entry pass through without a lookup.
   */
  private *inWriteOrder(col: CollectionRecord, ix: IndexRecord, range: Iterable<{ key: Key; value: unknown }>, reverse: boolean): Generator<{ key: Key; value: unknown; seq?: number }> {
    // unique indexes have no ties; seqKeys indexes are in write order already
    if (ix.unique || ix.seqKeys) {
      yield* range;
      return;
    }
    const n = ix.fields.length;
    const sameValues = (a: unknown[], b: unknown[]): boolean => {
      if (a[0] !== b[0]) return false;
      for (let i = 1; i <= n; i++) if (a[i] !== b[i] && storageCompare(a[i] as Prim, b[i] as Prim) !== 0) return false;
      return true;
    };
    let run: { key: Key; value: unknown; seq?: number }[] = [];
    const flush = function* (self: IndexReader): Generator<{ key: Key; value: unknown; seq?: number }> {
      if (run.length > 1) {
        run = run.map((e) => {
          const k = e.key as unknown[];
          const seq = self.engine.get('pk', [col.dataId, k[k.length - 1] as string]) as number | undefined;
          return { key: e.key, value: e.value, seq: seq ?? -1 };
        });
        run.sort((a, b) => (reverse ? b.seq! - a.seq! : a.seq! - b.seq!));
        // a document gone since (no seq) is fetched by key, and found missing, as before
        for (const e of run) if (e.seq === -1) delete e.seq;
      }
      yield* run;
      run = [];
    };
    for (const e of range) {
      if (run.length > 0 && !sameValues(run[0].key as unknown[], e.key as unknown[])) yield* flush(this);
      run.push(e);
    }
    yield* flush(this);
  }

  fetch(col: CollectionRecord, key: string, stats: IndexReadStats): Doc | undefined {
    const stored = loadStored(this.engine, col, key);
    if (!stored) return undefined;
    stats.lookups++;
    return externalize(col, stored);
  }

  private *primary(col: CollectionRecord, scan: IndexScan, stats: IndexReadStats): Generator<Item> {
    const keyConds = scan.fields[0] ?? [];
    const idConds = scan.fields[1] ?? [];
    const byKey = candidates(keyConds);
    const byId = candidates(idConds);
    // a document's _id is "<collection>/<key>": an _id naming another collection, or no
    // string, matches none of its documents
    const prefix = `${col.name}/`;
    const keyHolds = keyCheck(keyConds);
    const idHolds = idConds.length === 0 ? () => true : (k: string) => idConds.every((c) => holds(prefix + k, c));
    let keys: unknown[] | undefined = byKey;
    if (!keys && byId) keys = byId.filter((v): v is string => typeof v === 'string' && v.startsWith(prefix)).map((v) => v.slice(prefix.length));
    if (keys) {
      // (candidates come in AQL order: a sorted read of a _key lookup reverses them)
      if (byKey && scan.sort?.reverse) keys = [...keys].reverse();
      for (const k of keys) {
        if (typeof k !== 'string' || k === '' || k.length > 254) continue;
        // (every condition holds for what is returned: `_key == x && _id > y` too)
        if (!keyHolds(k) || !idHolds(k)) continue;
        const stored = loadStored(this.engine, col, k);
        if (!stored) continue;
        stats.scanned++;
        yield externalize(col, stored);
      }
      return;
    }
    // A range on _key or _id: keys are strings collated by AQL (ICU), the key map orders
    // them by bytes, so the whole key map is read (in byte order, as ArangoDB's primary
    // index; reversed for a descending sort) and each key (and _id) is checked before its
    // document is read: the rows are those a full scan keeps.
    const range = scan.sort?.reverse ? { start: [col.dataId + 1], end: [col.dataId], reverse: true } : { start: [col.dataId], end: [col.dataId + 1] };
    let skipped = 0;
    for (const { key, value } of this.engine.range('pk', range)) {
      const k = (key as unknown[])[1] as string;
      // (keys outside the range are not counted: ArangoDB's byte-bounded range never reads them)
      if (!keyHolds(k) || !idHolds(k)) {
        if ((++skipped & 63) === 0) yield TICK; // a key check is far cheaper than a tick
        continue;
      }
      const stored = this.engine.get('docs', [col.dataId, value as number]) as Doc | undefined;
      if (!stored) continue;
      stats.scanned++;
      yield externalize(col, stored);
    }
  }

  private *edge(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): Generator<Item> {
    const from = candidates(scan.fields[0] ?? []);
    const to = candidates(scan.fields[1] ?? []);
    const dir = from ? 0 : 1;
    const vertices = (from ?? to ?? []).filter((v): v is string => typeof v === 'string');
    for (const vertex of vertices) {
      for (const { key } of this.engine.range('idx', { start: [ix.dataId, dir, vertex], end: [ix.dataId, dir + 1] })) {
        const k = key as unknown[];
        if (k[2] !== vertex) break;
        stats.scanned++;
        const doc = this.fetch(col, k[3] as string, stats);
        if (doc) yield doc;
      }
    }
  }

  /** One lazily read sequence of index entries per equality lookup (product of the IN lists). */
  private persistent(col: CollectionRecord, ix: IndexRecord, scan: IndexScan, stats: IndexReadStats): Iterable<EntryItem>[] {
    const eqLists: unknown[][] = [];
    let structured: unknown[] | undefined;
    for (let i = 0; i < ix.fields.length; i++) {
      const c = candidates(scan.fields[i] ?? []);
      if (!c) break;
      // Arrays and objects are stored as JSON text, but AQL compares objects regardless of
      // attribute order: such candidates are found by scanning the field's string section
      // (which also holds the string candidates); the other scalars are looked up directly.
      if (c.some((v) => typeof v === 'object' && v !== null)) {
        structured = c;
        break;
      }
      eqLists.push(c);
    }
    let prefixes = product(eqLists);
    if (prefixes.length > MAX_LOOKUPS) {
      prefixes = [[]];
      structured = undefined;
    }
    if (prefixes.length === 0) return []; // an empty IN list matches nothing
    const reverse = scan.sort?.reverse === true;
    const eqCount = prefixes[0].length;
    const w = eqCount < ix.fields.length ? window(scan.fields[eqCount] ?? []) : {};
    const self = this;
    return prefixes.map((p) => {
      const prefix = p.map((v) => indexValue(v, ix.cutValues === true));
      if (!structured) return { [Symbol.iterator]: () => self.window(col, ix, prefix, w, reverse, stats) };
      const values = structured;
      return {
        *[Symbol.iterator]() {
          for (const v of values.filter((x) => isScalarBound(x))) yield* self.window(col, ix, [...prefix, indexValue(v, ix.cutValues === true)], {}, reverse, stats);
          yield* self.window(col, ix, prefix, { low: { key: '', inclusive: true } }, reverse, stats);
        },
      };
    });
  }

  /** Entries [dataId, ...prefix, e, ...] with e inside `w`, in key order (or reversed). */
  private *window(col: CollectionRecord, ix: IndexRecord, prefix: Prim[], w: Window, reverse: boolean, stats: IndexReadStats): Generator<EntryItem> {
    const n = prefix.length;
    const prefixCmp = (k: unknown[]): number => {
      for (let i = 0; i < n; i++) {
        const c = storageCompare(k[1 + i] as Prim, prefix[i]);
        if (c !== 0) return c;
      }
      return 0;
    };
    const ranged = n < ix.fields.length;
    const range = this.inWriteOrder(
      col,
      ix,
      reverse
        ? this.engine.range('idx', { start: reverseStart(ix.dataId, prefix, ranged ? w : {}), end: [ix.dataId], reverse: true })
        : this.engine.range('idx', { start: [ix.dataId, ...prefix, ...(w.low ? [w.low.key] : [])] as Key, end: [ix.dataId + 1] }),
      reverse,
    );
    for (const entry of range) {
      const k = entry.key as unknown[];
      if (k[0] !== ix.dataId) break;
      const pc = prefixCmp(k);
      const e = k[1 + n] as Prim;
      // an entry skipped here is a unit of work without an item (TICK); one yielded is its own
      if (reverse) {
        if (pc > 0 || (ranged && aboveHigh(w, e))) {
          yield TICK;
          continue;
        }
        if (pc < 0 || (ranged && belowLow(w, e))) break;
      } else {
        if (pc < 0 || (ranged && belowLow(w, e))) {
          yield TICK;
          continue;
        }
        if (pc > 0 || (ranged && aboveHigh(w, e))) break;
      }
      stats.scanned++;
      const key = ix.unique || ix.seqKeys ? (entry.value as string) : (k[k.length - 1] as string);
      const vals = ix.fields.map((_, i) => {
        const v = k[1 + i] as Prim;
        return isAmbiguous(v) ? AMBIGUOUS : v;
      });
      // seqKeys: the key ends in where the document is stored, so it is read without the key map
      const seq = ix.seqKeys && !ix.unique ? (k[k.length - 1] as number) : (entry as { seq?: number }).seq;
      yield seq === undefined ? { key, vals } : { key, vals, seq };
    }
  }
}
