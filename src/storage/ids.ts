// Ids that must never repeat, even across restarts: the server tick (collection, index
// and database ids, traditional document keys, later job ids) and document revisions.
// Both live in memory and are persisted inside the same mutation that hands them out
// (Ids.persist), so a committed document never carries a tick that could be handed out
// again after a crash.
//
// Revisions are a hybrid logical clock, as ArangoDB's: milliseconds * 2^20 + a counter,
// never going backwards, rendered in ArangoDB's 11-character base64 form ("_jQ-Bj8----").
// The clock needs 61 bits, so it is a bigint; it is persisted as a decimal string.
import type { WriteTxn } from './engine.js';

const ALPHABET = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeRevision(n: bigint): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 11; i++) {
    s = ALPHABET[Number(v & 63n)] + s;
    v >>= 6n;
  }
  return s;
}

/** Inverse of encodeRevision; undefined for a string that is not a revision. */
export function decodeRevision(s: string): bigint | undefined {
  if (s.length !== 11) return undefined;
  let v = 0n;
  for (const c of s) {
    const d = DECODE.get(c);
    if (d === undefined) return undefined;
    v = (v << 6n) | BigInt(d);
  }
  return v;
}

export class Ids {
  private tickValue: number;
  private hlcValue: bigint;
  private persistedTick: number;
  private persistedHlc: bigint;

  constructor(
    stored: { tick?: number; hlc?: string } | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.tickValue = this.persistedTick = stored?.tick ?? 100;
    this.hlcValue = this.persistedHlc = BigInt(stored?.hlc ?? 0);
  }

  /** The last server tick handed out (TRI_CurrentTickServer). */
  get current(): number {
    return this.tickValue;
  }

  /** A fresh server tick. The caller's mutation must call persist(). */
  tick(): number {
    return ++this.tickValue;
  }

  /** A fresh revision, greater than every earlier one. */
  revision(): string {
    const wall = BigInt(this.now()) << 20n;
    this.hlcValue = wall > this.hlcValue ? wall : this.hlcValue + 1n;
    return encodeRevision(this.hlcValue);
  }

  /** Writes the counters into `tx` if they moved since the last persist. */
  persist(tx: WriteTxn): void {
    if (this.tickValue === this.persistedTick && this.hlcValue === this.persistedHlc) return;
    this.persistedTick = this.tickValue;
    this.persistedHlc = this.hlcValue;
    tx.put('meta', ['ids'], { tick: this.tickValue, hlc: this.hlcValue.toString() });
  }
}
