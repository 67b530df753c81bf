// The storage facade: opens the LMDB environment and composes the engine, ids, catalog,
// documents, indexes, graphs and purger. Everything above src/storage talks to this object and
// the record types; nothing above imports lmdb. A second engine (PostgreSQL, later) would
// provide the same facade.
import { Catalog } from './catalog.js';
import { DocumentStore } from './documents.js';
import { Engine } from './engine.js';
import { Ids } from './ids.js';
import { Indexes } from './indexes.js';
import { IndexReader } from './index-reader.js';
import { Purger } from './purger.js';
import { KeyLocks } from './key-locks.js';
import { CollectionLocks } from './collection-locks.js';
import { GraphStore } from './graphs.js';
import { Views } from './views.js';

export interface StorageOptions {
  path: string;
  /** Tests only: no fsync at all. */
  noSync?: boolean;
}

export class Storage {
  readonly engine: Engine;
  readonly ids: Ids;
  readonly catalog: Catalog;
  readonly documents: DocumentStore;
  readonly indexes: Indexes;
  readonly indexReader: IndexReader;
  readonly purger: Purger;
  /** Keys and unique values held by running stream transactions (key-locks.ts). */
  readonly locks = new KeyLocks();
  /** Collections held by exclusive transactions, and shared by writes (collection-locks.ts). */
  readonly collectionLocks = new CollectionLocks();
  /** Named graphs (`_graphs`) and the graph API's writes. */
  readonly graphs: GraphStore;
  /** arangosearch and search-alias views (metadata only). */
  readonly views: Views;

  private constructor(opts: StorageOptions) {
    this.engine = new Engine({ path: opts.path, noSync: opts.noSync });
    this.ids = new Ids(this.engine.get('meta', ['ids']) as { tick: number; hlc: string } | undefined);
    this.engine.beforeIssue = (tx) => this.ids.persist(tx);
    this.catalog = new Catalog(this.engine, this.ids);
    this.purger = new Purger(this.engine);
    this.documents = new DocumentStore(this.engine, this.catalog, this.ids, this.locks, this.collectionLocks);
    this.indexReader = new IndexReader(this.engine);
    this.indexes = new Indexes(this.engine, this.catalog, this.ids, this.purger);
    this.views = new Views(this.engine, this.catalog, this.ids);
    this.graphs = new GraphStore(this.engine, this.catalog, this.documents, this.ids, this.locks, this.purger);
  }

  /**
   * Opens (creating on first use) the environment at `path`; `_system` always exists, and
   * every database holds its system collections (catalog invariant 3).
   */
  static async open(opts: StorageOptions): Promise<Storage> {
    const s = new Storage(opts);
    await s.catalog.bootstrap();
    await s.catalog.addSystemCollections(); // directories written before Cairn created them
    await s.catalog.ensureSystemCollection('_system', '_users'); // ... or before it created _users
    await s.migrateKeyedDocs();
    await s.indexes.dropInterruptedBuilds();
    await s.indexes.rebuildLegacyIndexes();
    await s.engine.clear('stage'); // AQL transactions a previous process left unfinished
    s.purger.wake(); // resume purges left by a previous run
    return s;
  }

  /**
   * Data directories written before documents.ts keyed documents by seq hold them under
   * [dataId, key]: they are moved to the seq layout once, in key order, in chunks (each
   * chunk one LMDB transaction: a crash midway leaves every document in one place or the
   * other, and the next start goes on). The format marker then skips this.
   */
  private async migrateKeyedDocs(): Promise<void> {
    const FORMAT = 2;
    const CHUNK = 10000;
    if (this.engine.get('meta', ['format']) === FORMAT) return;
    for (const db of this.catalog.databaseNames()) {
      for (const col of this.catalog.collections(db)) {
        for (;;) {
          // strings sort after numbers: [dataId, ''] is past every document already moved
          const moved = await this.engine.writeExclusive((tx) => {
            let n = 0;
            for (const { key, value } of tx.range('docs', { start: [col.dataId, ''], end: [col.dataId + 1], limit: CHUNK })) {
              const k = (key as unknown[])[1] as string;
              const seq = this.ids.tick();
              tx.put('docs', [col.dataId, seq], value);
              tx.put('pk', [col.dataId, k], seq);
              tx.remove('docs', key);
              n++;
            }
            return n;
          });
          if (moved < CHUNK) break;
        }
      }
    }
    await this.engine.write((tx) => tx.put('meta', ['format'], FORMAT));
  }

  /** Finishes writes in flight, stops the purger, closes LMDB. */
  async close(): Promise<void> {
    await this.purger.close();
    await this.engine.close();
  }
}
