// Z-order keys of the multi-dimensional (mdi, mdi-prefixed, zkd) indexes: each number is
// mapped to 64 bits whose unsigned order is the numbers' order, the dimensions' bits are
// interleaved (most significant first) and written as a hex string, so that LMDB's key
// order is the Z-order curve. A box query reads the curve from the box's lowest corner to
// its highest and, on an entry outside the box, jumps to the next curve position inside it
// (nextInBox), so that a read touches about as many entries as the box holds.
//
// Invariants:
//  1. encode() is a bijection between tuples of numbers (-0 taken as 0) and keys, and
//     preserves per-dimension order in the interleaved bit order.
//  2. nextInBox(z, box) is the smallest curve position >= z inside the box, or undefined.

/** One dimension's bounds as 64-bit order keys (inclusive). */
export interface BitBox {
  lo: Uint8Array[];
  hi: Uint8Array[];
}

const view = new DataView(new ArrayBuffer(8));

/** The 64 bits (most significant first) of a number, in an order-preserving encoding. */
export function numberBits(x: number): Uint8Array {
  view.setFloat64(0, x === 0 ? 0 : x);
  const out = new Uint8Array(64);
  const negative = (view.getUint8(0) & 0x80) !== 0;
  for (let i = 0; i < 64; i++) {
    let bit = (view.getUint8(i >> 3) >> (7 - (i & 7))) & 1;
    // positive: the sign bit set; negative: every bit flipped
    if (negative) bit ^= 1;
    else if (i === 0) bit = 1;
    out[i] = bit;
  }
  return out;
}

/** The interleaved bits of a tuple: bit p belongs to dimension p % k. */
function interleave(dims: Uint8Array[]): Uint8Array {
  const k = dims.length;
  const out = new Uint8Array(64 * k);
  for (let i = 0; i < 64; i++) for (let d = 0; d < k; d++) out[i * k + d] = dims[d]![i]!;
  return out;
}

const HEX = '0123456789abcdef';

function toHex(bits: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bits.length; i += 4) s += HEX[(bits[i]! << 3) | (bits[i + 1]! << 2) | (bits[i + 2]! << 1) | bits[i + 3]!];
  return s;
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 4);
  for (let i = 0; i < s.length; i++) {
    const v = HEX.indexOf(s[i]!);
    out[i * 4] = (v >> 3) & 1;
    out[i * 4 + 1] = (v >> 2) & 1;
    out[i * 4 + 2] = (v >> 1) & 1;
    out[i * 4 + 3] = v & 1;
  }
  return out;
}

/** The Z-order key of a tuple of numbers (invariant 1). */
export function encode(values: number[]): string {
  return toHex(interleave(values.map(numberBits)));
}

/** The curve position of the box's lowest and highest corners. */
export function corners(box: BitBox): [string, string] {
  return [toHex(interleave(box.lo)), toHex(interleave(box.hi))];
}

function compareBits(a: Uint8Array, b: Uint8Array, from: number, step: number): number {
  for (let i = from; i < a.length; i += step) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Whether the curve position `z` (hex) is inside the box. */
export function inBox(z: string, box: BitBox): boolean {
  const bits = fromHex(z);
  const k = box.lo.length;
  for (let d = 0; d < k; d++) {
    const dim = new Uint8Array(64);
    for (let i = 0; i < 64; i++) dim[i] = bits[i * k + d]!;
    if (compareBits(dim, box.lo[d]!, 0, 1) < 0 || compareBits(dim, box.hi[d]!, 0, 1) > 0) return false;
  }
  return true;
}

/**
 * The smallest curve position >= z inside the box (invariant 2), as hex. A walk down the
 * bits of z that stays inside the box while it can; where z's bit would leave it, either
 * a larger bit enters it (then the rest is the box's smallest completion) or the walk
 * backs up to the last place a 0 of z could have been a 1.
 */
export function nextInBox(z: string, box: BitBox): string | undefined {
  const t = fromHex(z);
  const k = box.lo.length;
  const n = t.length;
  const loT = new Array<boolean>(k).fill(true);
  const hiT = new Array<boolean>(k).fill(true);
  const loBit = (p: number): number => box.lo[p % k]![Math.floor(p / k)]!;
  const hiBit = (p: number): number => box.hi[p % k]![Math.floor(p / k)]!;
  const out = new Uint8Array(n);
  let branch: { p: number; lo: boolean[]; hi: boolean[] } | undefined;
  const take = (p: number, c: number, lo: boolean[], hi: boolean[]): void => {
    const d = p % k;
    out[p] = c;
    if (lo[d] && c !== loBit(p)) lo[d] = false;
    if (hi[d] && c !== hiBit(p)) hi[d] = false;
  };
  const complete = (from: number, lo: boolean[], hi: boolean[]): string => {
    for (let p = from; p < n; p++) take(p, lo[p % k] ? loBit(p) : 0, lo, hi);
    return toHex(out);
  };
  for (let p = 0; p < n; p++) {
    const d = p % k;
    const c = t[p]!;
    const fits = (bit: number): boolean => !(loT[d] && bit < loBit(p)) && !(hiT[d] && bit > hiBit(p));
    if (fits(c)) {
      if (c === 0 && fits(1)) branch = { p, lo: [...loT], hi: [...hiT] };
      take(p, c, loT, hiT);
      continue;
    }
    if (c === 0) {
      // z is below the box here: a 1 enters it, and everything after is as small as the box allows
      take(p, 1, loT, hiT);
      return complete(p + 1, loT, hiT);
    }
    if (!branch) return undefined;
    out.fill(0, branch.p + 1);
    take(branch.p, 1, branch.lo, branch.hi);
    return complete(branch.p + 1, branch.lo, branch.hi);
  }
  return toHex(out);
}

/** The curve position right after z (z + 1), or undefined at the end of the curve. */
export function successor(z: string): string | undefined {
  const bits = fromHex(z);
  for (let i = bits.length - 1; i >= 0; i--) {
    if (bits[i] === 0) {
      bits[i] = 1;
      bits.fill(0, i + 1);
      return toHex(bits);
    }
  }
  return undefined;
}
