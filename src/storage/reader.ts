// Batched reads of many documents: the interface every later reader (AQL scans, index
// lookups, cursors, exports) pulls from. It is asynchronous so that an engine with real
// I/O (PostgreSQL, later) can implement it; the LMDB implementation answers at once from
// one snapshot that stays the same for the reader's whole life.
//
// Contract: next(max) resolves with 1..max items, or with [] once exhausted (and then
// always []). close() releases the snapshot; it is safe to call twice, and a reader that
// is exhausted closes itself.
export interface BatchReader<T> {
  next(max: number): Promise<T[]>;
  close(): void;
}

/** A BatchReader over a synchronous iterator (an LMDB range holding its snapshot). */
export class IteratorReader<S, T> implements BatchReader<T> {
  private it: Iterator<S> | undefined;

  constructor(
    source: Iterable<S>,
    private readonly map: (s: S) => T | undefined,
  ) {
    this.it = source[Symbol.iterator]();
  }

  next(max: number): Promise<T[]> {
    const out: T[] = [];
    while (this.it && out.length < max) {
      const r = this.it.next();
      if (r.done) {
        this.close();
        break;
      }
      const v = this.map(r.value);
      if (v !== undefined) out.push(v);
    }
    return Promise.resolve(out);
  }

  close(): void {
    const it = this.it;
    this.it = undefined;
    it?.return?.();
  }
}
