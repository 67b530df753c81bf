// TTL indexes' background removal (ArangoDB's TtlFeature). A TTL index (type "ttl", one
// attribute, expireAfter seconds) keeps, per document whose attribute is a number >= 0 or
// an ISO 8601 date string, an entry [dataId, seconds since the epoch, key]
// (documents.ts ttlStamp). Every `frequency` milliseconds the sweeper reads, in each
// collection with a TTL index, the entries up to now - expireAfter and removes those
// documents, at most maxCollectionRemoves per collection and maxTotalRemoves per run.
//
// Invariants:
//  1. A document is removed only when its indexed point in time plus expireAfter lies in
//     the past at the run's start; the removal goes through DocumentStore.apply, so it is
//     an ordinary committed write (indexes, counts, the query cache, key locks).
//  2. A document rewritten between the read of its entry and its removal is removed only
//     if it is still expired: the removal names the revision the entry was read with.
//  3. Runs never overlap; a failing run is logged and the next one goes on.
//  4. While `active` is false a run does nothing and is not counted (ArangoDB's work()
//     returns before counting); a change of the properties starts the wait anew.
import type { Catalog, CollectionRecord, IndexRecord } from './catalog.js';
import type { DocumentStore } from './documents.js';
import type { Engine, Key } from './engine.js';

export interface TtlProperties {
  /** Milliseconds between runs (ArangoDB: at least 1000). */
  frequency: number;
  maxTotalRemoves: number;
  maxCollectionRemoves: number;
}

export interface TtlStatistics {
  runs: number;
  documentsRemoved: number;
  limitReached: number;
}

/** Entries read per batch of removals. */
const BATCH = 1000;

export class TtlSweeper {
  readonly stats: TtlStatistics = { runs: 0, documentsRemoved: 0, limitReached: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  /** False: runs do nothing, not even count themselves (ArangoDB's `active` property). */
  active = true;

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly documents: DocumentStore,
    public properties: TtlProperties,
    private readonly log: (msg: string) => void = () => undefined,
    /** Seconds since the epoch (tests pass their own clock). */
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  start(): void {
    this.schedule();
  }

  /** After a change of the properties: the next run is `frequency` from now, as ArangoDB's setNextStart. */
  reschedule(): void {
    if (this.timer === undefined || this.closed) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs once now (tests; the timer calls it too). Resolves when the run is over. */
  runOnce(): Promise<void> {
    if (!this.running) {
      this.running = this.work()
        .catch((e: unknown) => this.log(`TTL removal failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.runOnce().then(() => this.schedule());
    }, this.properties.frequency);
    this.timer.unref();
  }

  private async work(): Promise<void> {
    if (!this.active) return;
    this.stats.runs++;
    const stamp = this.now();
    let left = this.properties.maxTotalRemoves;
    for (const db of this.catalog.databaseNames()) {
      for (const col of this.catalog.collections(db)) {
        if (this.closed) return;
        const ix = col.indexes.find((i) => i.type === 'ttl' && !i.building);
        if (!ix || ix.expireAfter === undefined) continue;
        const limit = Math.min(this.properties.maxCollectionRemoves, left);
        const removed = await this.sweep(db, col, ix, stamp - ix.expireAfter, limit);
        left -= removed;
        if (left <= 0) {
          this.stats.limitReached++;
          return;
        }
      }
    }
  }

  /** Removes up to `limit` documents of `col` whose entry is at most `cutoff`; returns how many. */
  private async sweep(db: string, col: CollectionRecord, ix: IndexRecord, cutoff: number, limit: number): Promise<number> {
    let removed = 0;
    while (removed < limit && !this.closed) {
      const items: { key: string; rev: string }[] = [];
      const want = Math.min(BATCH, limit - removed);
      for (const { key } of this.engine.range('idx', { start: [ix.dataId, 0] as Key, end: [ix.dataId, cutoff, '\uffff\uffff'] as Key })) {
        const k = key as [number, number, string];
        if (k[1] > cutoff) break;
        const doc = this.documents.get(col, k[2]);
        if (doc) items.push({ key: k[2], rev: doc._rev as string });
        if (items.length >= want) break;
      }
      if (items.length === 0) break;
      // invariant 2: the revision read is the one removed (a rewritten document fails with 1200 and stays)
      const res = await this.documents.apply(db, col.name, 'remove', items.map((i) => ({ key: i.key, ifMatch: i.rev })), {});
      const ok = res.results.filter((r) => r.ok).length;
      removed += ok;
      this.stats.documentsRemoved += ok;
      if (ok === 0 || items.length < want) break;
    }
    return removed;
  }
}
