// Attribute probes: reading a few top-level attributes of a stored document straight from
// its msgpack bytes, without decoding the rest, so that a collection scan can drop a
// document its filter cannot accept before paying for its decoding (Engine.testedDocs).
//
// The docs database stores documents as msgpackr records with shared structures: the byte
// 0x40 + id, then the values of structure `id` (a list of attribute names) in its order,
// each a standard msgpack value or (a nested object) a record again. The reader walks the
// values, skipping those it is not asked for, and reads scalars.
//
// Invariants:
//  1. A probe's value is the value full decoding would give the attribute: null when the
//     structure lacks the name (AQL reads a missing attribute as null), else the scalar.
//  2. Whatever the reader does not know for certain gives UNKNOWN, never a guess: a
//     structure it has not loaded or that has a second id byte, record definitions and
//     other extensions, maps (records store objects), 64-bit integers, float32, non-ASCII
//     strings, and values that are not scalars (arrays, objects). The caller then decodes
//     the document as usual.
//  3. Names are matched as decoding names them: msgpackr decodes a key `__proto__` as
//     `__proto_`.

/** A probe's answer when the bytes do not settle the value (invariant 2). */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type Scalar = null | boolean | number | string;

/** A condition on one top-level attribute's scalar value. */
export interface Probe {
  readonly name: string;
  test(value: Scalar): boolean;
}

/**
 * A msgpackr structure: the attribute names of a record. highByte is -1 (set by the
 * encoder) or absent (loaded) for a one-byte id, 0 or more for a two-byte one.
 */
type Structure = readonly string[] & { highByte?: number };

/** True for a structure read by a one-byte reference (0x40 + its index, index < 32). */
const oneByte = (s: Structure | undefined): s is Structure => s !== undefined && !(s.highByte !== undefined && s.highByte >= 0);

/** Per structure id, where the names read are in it. */
interface Layout {
  structure: Structure;
  /** Indexes into the names, in the order their attributes appear in the structure. */
  order: number[];
  /** Each name's position in the structure (-1: absent). */
  positions: number[];
}

const u16 = (b: Uint8Array, p: number): number => (b[p] << 8) | b[p + 1];
const u32 = (b: Uint8Array, p: number): number => ((b[p] << 24) >>> 0) + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);

/**
 * The position after the msgpack value at `p`, or -1 when it is not one this reader
 * knows (invariant 2) or passes `end`.
 */
function skip(b: Uint8Array, p: number, end: number, structures: readonly (Structure | undefined)[]): number {
  if (p >= end) return -1;
  const t = b[p];
  let n: number;
  if (t < 0x40 || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return p + 1;
  if (t < 0x60) {
    const s = structures[t & 0x3f];
    if (!oneByte(s)) return -1;
    return skipMany(b, p + 1, end, s.length, structures);
  }
  if (t < 0x90) return -1; // two-byte record ids and maps (records store objects)
  if (t < 0xa0) return skipMany(b, p + 1, end, t & 0x0f, structures);
  if (t < 0xc0) n = p + 1 + (t & 0x1f);
  else
    switch (t) {
      case 0xc4:
      case 0xd9:
        n = p + 2 + b[p + 1];
        break;
      case 0xc5:
      case 0xda:
        n = p + 3 + u16(b, p + 1);
        break;
      case 0xc6:
      case 0xdb:
        n = p + 5 + u32(b, p + 1);
        break;
      case 0xca:
      case 0xce:
      case 0xd2:
        n = p + 5;
        break;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        n = p + 9;
        break;
      case 0xcc:
      case 0xd0:
        n = p + 2;
        break;
      case 0xcd:
      case 0xd1:
        n = p + 3;
        break;
      case 0xdc:
        return skipMany(b, p + 3, end, u16(b, p + 1), structures);
      case 0xdd:
        return skipMany(b, p + 5, end, u32(b, p + 1), structures);
      default:
        return -1; // extensions (record definitions among them) and 0xc1
    }
  return n <= end ? n : -1;
}

function skipMany(b: Uint8Array, p: number, end: number, count: number, structures: readonly (Structure | undefined)[]): number {
  for (let i = 0; i < count && p >= 0; i++) p = skip(b, p, end, structures);
  return p;
}

/** A float64 read through one scratch buffer (a DataView per read cost more than the rest of a probe). */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function float64(b: Uint8Array, p: number): number {
  for (let i = 0; i < 8; i++) f64Bytes[LITTLE_ENDIAN ? 7 - i : i] = b[p + i];
  return f64[0];
}

/** An ASCII string's text, or UNKNOWN for any other byte (invariant 2). */
function ascii(b: Uint8Array, p: number, length: number, end: number): string | typeof UNKNOWN {
  if (p + length > end) return UNKNOWN;
  let s = '';
  for (let i = p; i < p + length; i++) {
    const c = b[i];
    if (c >= 0x80) return UNKNOWN;
    s += String.fromCharCode(c);
  }
  return s;
}

/** The scalar at `p`, or UNKNOWN (invariant 2). */
function scalar(b: Uint8Array, p: number, end: number): Scalar | typeof UNKNOWN {
  if (p >= end) return UNKNOWN;
  const t = b[p];
  if (t < 0x40) return t;
  if (t >= 0xe0) return t - 0x100;
  if (t >= 0xa0 && t < 0xc0) return ascii(b, p + 1, t & 0x1f, end);
  switch (t) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xcc:
      return p + 2 <= end ? b[p + 1] : UNKNOWN;
    case 0xcd:
      return p + 3 <= end ? u16(b, p + 1) : UNKNOWN;
    case 0xce:
      return p + 5 <= end ? u32(b, p + 1) : UNKNOWN;
    case 0xd0:
      return p + 2 <= end ? (b[p + 1] << 24) >> 24 : UNKNOWN;
    case 0xd1:
      return p + 3 <= end ? (u16(b, p + 1) << 16) >> 16 : UNKNOWN;
    case 0xd2:
      return p + 5 <= end ? u32(b, p + 1) | 0 : UNKNOWN;
    case 0xcb:
      return p + 9 <= end ? float64(b, p + 1) : UNKNOWN;
    case 0xd9:
      return p + 2 <= end ? ascii(b, p + 2, b[p + 1], end) : UNKNOWN;
    case 0xda:
      return p + 3 <= end ? ascii(b, p + 3, u16(b, p + 1), end) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** What a FieldReader gives for a name the record's structure lacks. */
export const ABSENT: unique symbol = Symbol('absent');

/** The values of some top-level attributes of records, read without decoding the rest. */
class FieldReader {
  private readonly layouts: (Layout | undefined)[] = [];
  /** After a read() that returned true: each name's value, ABSENT or UNKNOWN. */
  readonly values: (Scalar | typeof UNKNOWN | typeof ABSENT)[];

  constructor(readonly names: readonly string[]) {
    this.values = names.map(() => UNKNOWN);
  }

  private layout(id: number, structure: Structure): Layout {
    const decoded = structure.map((k) => (k === '__proto__' ? '__proto_' : k)); // invariant 3
    const positions = this.names.map((n) => decoded.indexOf(n));
    const order = positions.map((_, i) => i).filter((i) => positions[i] >= 0);
    order.sort((a, c) => positions[a] - positions[c]);
    const l: Layout = { structure, order, positions };
    this.layouts[id] = l;
    return l;
  }

  /**
   * Reads the names' values from the record in bytes[0, end) into `values`; false (and
   * `values` not to be used) when the record's structure is not one it knows.
   */
  read(b: Uint8Array, end: number, structures: readonly (Structure | undefined)[] | undefined): boolean {
    if (!structures || end < 1) return false;
    const t = b[0];
    if (t < 0x40 || t >= 0x60) return false;
    const id = t & 0x3f;
    const structure = structures[id];
    if (!oneByte(structure)) return false;
    let l = this.layouts[id];
    if (l === undefined || l.structure !== structure) l = this.layout(id, structure);
    const values = this.values;
    const positions = l.positions;
    for (let i = 0; i < positions.length; i++) values[i] = positions[i] < 0 ? ABSENT : UNKNOWN;
    let p = 1;
    let at = 0;
    for (const i of l.order) {
      const target = positions[i];
      p = skipMany(b, p, end, target - at, structures);
      if (p < 0) break; // the rest stay UNKNOWN
      at = target;
      values[i] = scalar(b, p, end);
    }
    return true;
  }
}

/**
 * Probes over the documents of one scan. `accepts` answers false only when some probe's
 * value is known (invariant 1) and fails its test; the structures are msgpackr's shared
 * ones as the docs decoder holds them at the time of the call.
 */
export class RecordProbes {
  private readonly reader: FieldReader;

  constructor(readonly probes: readonly Probe[]) {
    this.reader = new FieldReader(probes.map((p) => p.name));
  }

  /** False when the document in bytes[0, end) surely fails a probe; true otherwise. */
  accepts(b: Uint8Array, end: number, structures: readonly (Structure | undefined)[] | undefined): boolean {
    if (!this.reader.read(b, end, structures)) return true;
    const values = this.reader.values;
    const probes = this.probes;
    for (let i = 0; i < probes.length; i++) {
      const v = values[i];
      if (v !== UNKNOWN && !probes[i].test(v === ABSENT ? null : v)) return false;
    }
    return true;
  }
}

/**
 * A document of which only some top-level attributes were read (a projection): its own
 * properties are those of them the document has. Rows that need the whole document later
 * (a late-materializing scan) read it again by `_key`.
 */
export class ProjectedDoc {
  [name: string]: Scalar;
}

/** Projections of the documents of one scan onto some top-level attributes. */
export class RecordProjection {
  private readonly reader: FieldReader;

  constructor(readonly names: readonly string[]) {
    this.reader = new FieldReader(names);
  }

  /**
   * The document in bytes[0, end) projected onto the names, or undefined when a value is
   * not known from the bytes (a non-scalar among them): then the caller decodes it whole.
   */
  project(b: Uint8Array, end: number, structures: readonly (Structure | undefined)[] | undefined): ProjectedDoc | undefined {
    if (!this.reader.read(b, end, structures)) return undefined;
    const values = this.reader.values;
    const names = this.names;
    const doc = new ProjectedDoc();
    for (let i = 0; i < names.length; i++) {
      const v = values[i];
      if (v === UNKNOWN) return undefined;
      if (v !== ABSENT) doc[names[i]] = v;
    }
    return doc;
  }
}
