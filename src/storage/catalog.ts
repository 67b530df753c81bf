// The catalog: databases, collections and their index definitions. Persisted in the
// `meta` sub-database, mirrored in memory for lookups by name.
//
// Key layout in `meta`:
//   ['db', <name>]        DatabaseRecord
//   ['col', <id>]         CollectionRecord (with its IndexRecords)
//   ['view', <id>]        ViewRecord (views.ts): collections and views share one namespace
//   ['count', <dataId>]   number of documents stored under that data id
//   ['kg', <id>]          last value of the collection's key generator
//   ['rev', <dataId>]     the collection's revision (DocumentStore.revision)
//   ['purge', <dataId>]   'docs' | 'idx': data left by a drop or truncate, deleted in
//                         the background (Purger) and resumed after a restart ('docs'
//                         covers the collection's key map in `pk` too)
//   ['format']            2: documents keyed by seq (Storage.migrateKeyedDocs)
//   ['task', <name>]      true once a start-up task ran (as ArangoDB records its upgrade
//                         tasks per database): 'systemCollections' (addSystemCollections)
//
// Invariants:
//  1. The in-memory mirror is changed inside the same mutation that writes the record,
//     after all of its checks, so later mutations see it (engine invariant 2).
//  2. A collection's documents live under its `dataId`, each index's entries under the
//     index's `dataId`. Truncate and drop switch or forget data ids in one small write;
//     the old data is unreachable at once and deleted later.
//  3. Every database holds its system collections (system-collections.ts) from the
//     mutation that creates it on; a data directory written before them gets the missing
//     ones once, at its next start. A system collection dropped later stays dropped,
//     except `_users`, which ensureSystemCollection gives `_system` again when missing.
//  4. Collections and views of a database share one namespace (a name is either), and
//     views refer to collections and indexes by id: dropping a collection (or an inverted
//     index) takes it out of every view in the same mutation; renaming one changes nothing.
import assert from 'node:assert/strict';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Engine, WriteTxn } from './engine.js';
import type { Ids } from './ids.js';
import { systemCollection, systemCollectionsOf, type SystemCollection } from './system-collections.js';
import type { GeneratorValue } from './keys.js';

export type CollectionType = 2 | 3;
export type IndexType = 'primary' | 'edge' | 'persistent' | 'ttl' | 'geo' | 'fulltext' | 'mdi' | 'mdi-prefixed' | 'zkd' | 'inverted' | 'vector';

export interface IndexRecord {
  id: number;
  type: IndexType;
  name: string;
  fields: string[];
  unique: boolean;
  sparse: boolean;
  deduplicate: boolean;
  estimates: boolean;
  cacheEnabled: boolean;
  dataId: number;
  /** True while a new index is filled in chunks; writes maintain it, queries skip it. */
  building?: boolean;
  /** A TTL index's seconds after the stored point in time at which a document expires (ttl.ts). */
  expireAfter?: number;
  /**
   * A non-unique persistent index whose entry keys end in the document's write sequence
   * (value: its _key), so equal values are in write order, as ArangoDB's index keys end in
   * the document id. Indexes created before this layout end in the _key (value 1); their
   * reader orders ties by looking the sequences up (index-reader.ts inWriteOrder).
   */
  seqKeys?: true;
  /** Set while such an index created before the seqKeys layout is rebuilt in it at start (indexes.ts). */
  rebuilding?: true;
  /**
   * Long string values are stored cut to a prefix and a hash (keys.ts indexValue), so any
   * value fits an LMDB key. Persistent and mdi-prefixed indexes created since 2026-12-08;
   * older ones store values whole, as they always did.
   */
  cutValues?: true;
  /**
   * `hash` or `skiplist` for a persistent index created under that alias: ArangoDB 3.12
   * keeps and reports the name (RocksDBIndexFactory's hash and skiplist factories), while
   * the index is a persistent one in every other way.
   */
  typeName?: 'hash' | 'skiplist';
  /** A persistent index's storedValues as created (reported only; entries do not hold them). */
  storedValues?: string[];
  /**
   * The type's own properties of a geo, fulltext or mdi index (geoJson, legacyPolygons,
   * minLength, fieldValueTypes, prefixFields, storedValues), as its description shows them.
   */
  props?: Record<string, unknown>;
}

export interface KeyOptions {
  type: 'traditional' | 'autoincrement' | 'padded' | 'uuid';
  allowUserKeys: boolean;
  increment?: number;
  /** A uint64: a bigint past 2^53 (see keys.ts GeneratorValue). */
  offset?: number | bigint;
}

export interface CollectionRecord {
  id: number;
  db: string;
  name: string;
  type: CollectionType;
  isSystem: boolean;
  waitForSync: boolean;
  keyOptions: KeyOptions;
  schema: unknown;
  computedValues: unknown;
  cacheEnabled: boolean;
  /** The writeConcern a creation set (absent: 1); a single server only reports it. */
  writeConcern?: number;
  dataId: number;
  indexes: IndexRecord[];
  globallyUniqueId: string;
}

/** What a caller chooses when creating a collection; the catalog assigns the rest. */
export type CollectionSpec = Omit<CollectionRecord, 'id' | 'db' | 'dataId' | 'indexes' | 'globallyUniqueId'>;

/** The properties PUT /_api/collection/<name>/properties may change. */
export type MutableProperty = 'waitForSync' | 'schema' | 'computedValues' | 'cacheEnabled';

/**
 * A view (views.ts owns its semantics). An arangosearch view has `meta` (its normalized
 * properties, view-meta.ts) and `links` (collection id -> normalized link); a search-alias
 * view has `indexes` (inverted indexes by collection and index id, in the order added).
 */
export interface ViewRecord {
  id: number;
  db: string;
  name: string;
  type: 'arangosearch' | 'search-alias';
  globallyUniqueId: string;
  meta?: Record<string, unknown>;
  links?: Record<string, Record<string, unknown>>;
  indexes?: { collection: number; index: number }[];
}

export interface DatabaseRecord {
  id: number;
  name: string;
}

const SYSTEM_COLLECTIONS_TASK = 'systemCollections';

interface DbEntry {
  record: DatabaseRecord;
  byName: Map<string, CollectionRecord>;
  views: Map<string, ViewRecord>;
}

/**
 * What no name may hold: control characters, the slash (names are split on it everywhere)
 * and a lone surrogate (not UTF-8).
 */
const FORBIDDEN = /[\u0000-\u001f/]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * ArangoDB's extended naming convention, the default since 3.12: any Unicode but the
 * control characters and `/`, up to `maxBytes` of UTF-8, NFC-normalized and well-formed;
 * not starting with a digit (ids) or a space, nor ending with a space. Databases and
 * collections may not start with a dot either, nor with an underscore unless system.
 */
function isExtendedName(name: unknown, maxBytes: number, underscore: boolean, dot: boolean): name is string {
  if (typeof name !== 'string' || name.length === 0 || FORBIDDEN.test(name)) return false;
  const first = name.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 32 || name.charCodeAt(name.length - 1) === 32) return false;
  if ((first === 95 /* _ */ && !underscore) || (first === 46 /* . */ && !dot)) return false;
  return Buffer.byteLength(name) <= maxBytes && name === name.normalize('NFC');
}

/** A database name: extended, up to 128 bytes, without `:` (ArangoDB separates analyzer names with it). */
export function isValidDatabaseName(name: unknown): name is string {
  return name === '_system' || (isExtendedName(name, 128, false, false) && !name.includes(':'));
}

export function isValidCollectionName(name: unknown, allowSystem: boolean): name is string {
  return isExtendedName(name, 256, allowSystem, false);
}

/**
 * The 1208 for a collection name that isValidCollectionName refused: ArangoDB's own message
 * for a name that would be legal once NFC-normalized (CollectionNameValidator), else the
 * seed's message (DECISIONS.md).
 */
export function illegalCollectionName(name: unknown, allowSystem: boolean): ArangoError {
  if (typeof name === 'string' && name.normalize('NFC') !== name && isValidCollectionName(name.normalize('NFC'), allowSystem)) {
    return ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_COLLECTION_NAME, 'collection name is not properly UTF-8 NFC-normalized');
  }
  return new ArangoError(ERR.ERROR_ARANGO_ILLEGAL_COLLECTION_NAME);
}

export function isValidIndexName(name: unknown): name is string {
  return isExtendedName(name, 256, true, true);
}

/**
 * The name a POST /_api/index body asks for, read as ArangoDB's IndexFactory reads it:
 * anything but a non-empty string asks for none (one is generated); an illegal name throws
 * 1208 with IndexNameValidator's message, its own for a name that is not NFC-normalized.
 */
export function requestedIndexName(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const nfc = v.normalize('NFC');
  if (isValidIndexName(v)) return v;
  const message = nfc !== v && isValidIndexName(nfc) ? 'index name is not properly UTF-8 NFC-normalized' : 'illegal name: index name invalid';
  throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, message);
}

export class Catalog {
  private readonly dbs = new Map<string, DbEntry>();
  private readonly byId = new Map<number, CollectionRecord>();
  readonly serverId: string;

  constructor(
    private readonly engine: Engine,
    private readonly ids: Ids,
  ) {
    const sid = engine.get('meta', ['serverId']) as string | undefined;
    this.serverId = sid ?? 'h' + Math.floor(Math.random() * 2 ** 40).toString(16).toUpperCase().padStart(10, '0');
    for (const { value } of engine.range('meta', { start: ['db', ''], end: ['db', '\uffff'] })) {
      const rec = value as DatabaseRecord;
      this.dbs.set(rec.name, { record: rec, byName: new Map(), views: new Map() });
    }
    for (const { value } of engine.range('meta', { start: ['col', 0], end: ['col', Number.MAX_SAFE_INTEGER] })) {
      const rec = value as CollectionRecord;
      this.byId.set(rec.id, rec);
      this.dbs.get(rec.db)?.byName.set(rec.name, rec);
    }
    for (const { value } of engine.range('meta', { start: ['view', 0], end: ['view', Number.MAX_SAFE_INTEGER] })) {
      const rec = value as ViewRecord;
      this.dbs.get(rec.db)?.views.set(rec.name, rec);
    }
  }

  /** Creates `_system` (with its system collections) on the very first start. */
  async bootstrap(): Promise<void> {
    if (this.dbs.has('_system')) return;
    await this.engine.write((tx) => {
      tx.put('meta', ['serverId'], this.serverId);
      this.createDatabaseIn(tx, '_system');
      tx.put('meta', ['task', SYSTEM_COLLECTIONS_TASK], true);
    });
  }

  /**
   * At start, once per data directory (invariant 3): gives every database the system
   * collections it lacks, in one mutation. Directories written before Cairn created them
   * need it; after it ran, every new database gets them at creation, so it never runs
   * again and a system collection dropped with isSystem=true is not brought back, as in
   * ArangoDB (whose upgrade task is recorded per database). Returns how many it created.
   */
  addSystemCollections(): Promise<number> {
    if (this.engine.get('meta', ['task', SYSTEM_COLLECTIONS_TASK]) === true) return Promise.resolve(0);
    return this.engine.write((tx) => {
      let n = 0;
      for (const [db, entry] of this.dbs) {
        for (const sys of systemCollectionsOf(db)) {
          if (entry.byName.has(sys.name)) continue;
          this.createSystemCollectionIn(tx, db, sys);
          n++;
        }
      }
      tx.put('meta', ['task', SYSTEM_COLLECTIONS_TASK], true);
      return n;
    });
  }

  /**
   * The system collection `name` of database `db` (one of system-collections.ts's table),
   * created with its indexes when missing; idempotent, and a concurrent creation is fine.
   * Throws 1228 for an unknown database.
   */
  async ensureSystemCollection(db: string, name: string): Promise<CollectionRecord> {
    const sys = systemCollection(name);
    assert(sys, `not a system collection: ${name}`);
    const have = this.dbs.get(db)?.byName.get(name);
    if (have) return have;
    return this.engine.write((tx) => {
      const again = this.dbs.get(db)?.byName.get(name);
      return again ?? this.createSystemCollectionIn(tx, db, sys);
    });
  }

  // ---- databases --------------------------------------------------------------

  databaseNames(): string[] {
    return [...this.dbs.keys()].sort();
  }

  database(name: string): DatabaseRecord | undefined {
    return this.dbs.get(name)?.record;
  }

  /** Throws 1228 if the database does not exist. */
  requireDatabase(name: string): DatabaseRecord {
    const d = this.dbs.get(name);
    if (!d) throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NOT_FOUND);
    return d.record;
  }

  /**
   * Throws 1208 for an illegal name (as ArangoDB 3.11+ does; 1229 is no longer used), also
   * for one that is not NFC-normalized, 1207 for an existing one.
   */
  createDatabase(name: unknown): Promise<DatabaseRecord> {
    return this.engine.write((tx) => this.createDatabaseIn(tx, name));
  }

  private createDatabaseIn(tx: WriteTxn, name: unknown): DatabaseRecord {
    if (!isValidDatabaseName(name)) {
      // a name that would be allowed once normalized: ArangoDB's own message for it
      const nfc = typeof name === 'string' && name.normalize('NFC') !== name && isValidDatabaseName(name.normalize('NFC'));
      throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, nfc ? 'database name is not properly UTF-8 NFC-normalized' : 'illegal name: database name invalid');
    }
    if (this.dbs.has(name)) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DUPLICATE_NAME, `duplicate database name '${name}'`);
    const rec: DatabaseRecord = { id: this.ids.tick(), name };
    tx.put('meta', ['db', name], rec);
    this.dbs.set(name, { record: rec, byName: new Map(), views: new Map() });
    for (const sys of systemCollectionsOf(name)) this.createSystemCollectionIn(tx, name, sys);
    return rec;
  }

  /**
   * Drops a database and everything in it (its data is purged in the background: wake
   * the purger afterwards). Throws 11 for `_system`, 1228 for an unknown one.
   */
  dropDatabase(name: string): Promise<void> {
    return this.engine.write((tx) => {
      if (name === '_system') throw new ArangoError(ERR.ERROR_FORBIDDEN);
      const d = this.dbs.get(name);
      if (!d) throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NOT_FOUND);
      for (const col of d.byName.values()) this.forgetCollection(tx, col);
      for (const v of d.views.values()) tx.remove('meta', ['view', v.id]);
      tx.remove('meta', ['db', name]);
      this.dbs.delete(name);
    });
  }

  // ---- collections ------------------------------------------------------------

  collections(db: string): CollectionRecord[] {
    return [...(this.dbs.get(db)?.byName.values() ?? [])].sort((a, b) => a.id - b.id);
  }

  /** By name, or by numeric id given as a string, as ArangoDB accepts both. */
  collection(db: string, nameOrId: string): CollectionRecord | undefined {
    const entry = this.dbs.get(db);
    if (!entry) return undefined;
    const byName = entry.byName.get(nameOrId);
    if (byName) return byName;
    if (/^\d+$/.test(nameOrId)) {
      const rec = this.byId.get(Number(nameOrId));
      if (rec && rec.db === db) return rec;
    }
    return undefined;
  }

  /** Throws 1203 `collection or view not found` if missing. */
  requireCollection(db: string, nameOrId: string): CollectionRecord {
    const c = this.collection(db, nameOrId);
    if (!c) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
    return c;
  }

  /**
   * Creates a collection; the caller has validated option types. `id`: the one the client
   * asked for (ArangoDB honours a creation's `id`). Throws 1208, 1207, 1005 for a taken id.
   */
  createCollection(db: string, spec: CollectionSpec, id?: number): Promise<CollectionRecord> {
    return this.engine.write((tx) => this.createCollectionIn(tx, db, spec, [], id));
  }

  /** Whether a collection or view of any database has this id (collections and views share ids). */
  isIdTaken(id: number): boolean {
    if (this.byId.has(id)) return true;
    for (const d of this.dbs.values()) for (const v of d.views.values()) if (v.id === id) return true;
    return false;
  }

  /** A fresh collection id: the next tick no data source took (clients may pick ids ahead of the counter). */
  private freshDataSourceId(): number {
    for (;;) {
      const id = this.ids.tick();
      if (!this.isIdTaken(id)) return id;
    }
  }

  /**
   * Creates a collection in `tx` (and mirrors it) with its built-in indexes and `extra`
   * ones, for a caller that writes more in the same mutation (the graph store). A system
   * collection's globallyUniqueId is its name, as ArangoDB's single server gives it
   * (LogicalDataSource ensureGuid); others get `<serverId>/<id>`. Throws 1208, 1207.
   */
  createCollectionIn(tx: WriteTxn, db: string, spec: CollectionSpec, extra: SystemCollection['indexes'] = [], requestedId?: number): CollectionRecord {
    const entry = this.dbs.get(db);
    if (!entry) throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NOT_FOUND);
    if (!isValidCollectionName(spec.name, spec.isSystem)) throw illegalCollectionName(spec.name, spec.isSystem);
    if (entry.byName.has(spec.name) || entry.views.has(spec.name)) throw new ArangoError(ERR.ERROR_ARANGO_DUPLICATE_NAME);
    if (requestedId !== undefined && this.isIdTaken(requestedId)) {
      throw ArangoError.withMessage(ERR.ERROR_ARANGO_DUPLICATE_IDENTIFIER, `duplicate collection identifier ${requestedId} for name '${spec.name}'`);
    }
    const id = requestedId ?? this.freshDataSourceId();
    const indexes: IndexRecord[] = [builtinIndex(0, 'primary', ['_key'], this.ids.tick())];
    if (spec.type === 3) indexes.push(builtinIndex(1, 'edge', ['_from', '_to'], this.ids.tick()));
    for (const ix of extra) indexes.push(systemIndex(this.ids.tick(), ix, this.ids.tick()));
    const globallyUniqueId = spec.isSystem ? spec.name : `${this.serverId}/${id}`;
    const rec: CollectionRecord = { ...spec, id, db, dataId: this.ids.tick(), indexes, globallyUniqueId };
    this.putCollection(tx, rec);
    return rec;
  }

  /** One of ArangoDB's system collections, with its defaults and indexes. */
  private createSystemCollectionIn(tx: WriteTxn, db: string, sys: SystemCollection): CollectionRecord {
    const spec: CollectionSpec = {
      name: sys.name,
      type: 2,
      isSystem: true,
      waitForSync: false,
      keyOptions: { type: 'traditional', allowUserKeys: true },
      schema: null,
      computedValues: null,
      cacheEnabled: false,
    };
    return this.createCollectionIn(tx, db, spec, sys.indexes);
  }

  /** Writes a changed record (properties, rename, indexes) in `tx` and mirrors it. */
  putCollection(tx: WriteTxn, rec: CollectionRecord): void {
    tx.put('meta', ['col', rec.id], rec);
    const entry = this.dbs.get(rec.db)!;
    const old = this.byId.get(rec.id);
    if (old && old.name !== rec.name) entry.byName.delete(old.name);
    entry.byName.set(rec.name, rec);
    this.byId.set(rec.id, rec);
    // a mutation that throws later writes nothing: the mirror goes back to the old record
    tx.onAbort(() => {
      if (this.byId.get(rec.id) !== rec) return;
      if (entry.byName.get(rec.name) === rec) entry.byName.delete(rec.name);
      if (old) {
        entry.byName.set(old.name, old);
        this.byId.set(old.id, old);
      } else this.byId.delete(rec.id);
    });
  }

  /**
   * Renames a collection, as ArangoDB: system collections cannot be renamed (403/11), the
   * same name is a no-op, a new name may not start with `_` (1208), nor be taken (1207).
   */
  renameCollection(db: string, nameOrId: string, newName: unknown): Promise<CollectionRecord> {
    return this.engine.write((tx) => {
      const col = this.requireCollection(db, nameOrId);
      if (col.isSystem) throw new ArangoError(ERR.ERROR_FORBIDDEN);
      if (newName === col.name) return col;
      if (!isValidCollectionName(newName, false)) throw new ArangoError(ERR.ERROR_ARANGO_ILLEGAL_NAME);
      if (this.isNameTaken(db, newName)) throw new ArangoError(ERR.ERROR_ARANGO_DUPLICATE_NAME);
      const rec = { ...col, name: newName };
      this.putCollection(tx, rec);
      return rec;
    });
  }

  /** Changes the mutable properties of a collection (PUT .../properties). Throws 1203. */
  updateCollection(db: string, nameOrId: string, patch: Partial<Pick<CollectionRecord, MutableProperty>>): Promise<CollectionRecord> {
    return this.engine.write((tx) => {
      const rec = { ...this.requireCollection(db, nameOrId), ...patch };
      this.putCollection(tx, rec);
      return rec;
    });
  }

  /** The key generator's last value (0 before the first generated or numeric user key). */
  keyGeneratorLast(col: CollectionRecord): GeneratorValue {
    return (this.engine.get('meta', ['kg', col.id]) as GeneratorValue | undefined) ?? 0;
  }

  dropCollection(db: string, nameOrId: string, allowSystem: boolean): Promise<CollectionRecord> {
    return this.engine.write((tx) => {
      const col = this.requireCollection(db, nameOrId);
      if (col.isSystem && !allowSystem) throw new ArangoError(ERR.ERROR_FORBIDDEN);
      this.forgetCollection(tx, col);
      return col;
    });
  }

  /**
   * Drops `col` in `tx`, for a caller that writes more in the same mutation (the graph
   * store); the caller checked it may, and wakes the purger after the commit.
   */
  dropCollectionIn(tx: WriteTxn, col: CollectionRecord): void {
    this.forgetCollection(tx, col);
    // a mutation that throws later writes nothing: the mirror gets the collection back
    tx.onAbort(() => {
      this.dbs.get(col.db)?.byName.set(col.name, col);
      this.byId.set(col.id, col);
    });
  }

  /** Removes the record and schedules its data for background deletion. */
  private forgetCollection(tx: WriteTxn, col: CollectionRecord): void {
    tx.remove('meta', ['col', col.id]);
    tx.remove('meta', ['kg', col.id]);
    this.schedulePurge(tx, col.dataId, 'docs');
    for (const ix of col.indexes) if (ix.type !== 'primary') this.schedulePurge(tx, ix.dataId, 'idx');
    this.unlinkFromViews(tx, col.db, col.id);
    this.dbs.get(col.db)?.byName.delete(col.name);
    this.byId.delete(col.id);
  }

  // ---- views (invariant 4; their semantics are views.ts's) ---------------------

  /** Whether a collection or a view of `db` has this name. */
  isNameTaken(db: string, name: string): boolean {
    const entry = this.dbs.get(db);
    return entry !== undefined && (entry.byName.has(name) || entry.views.has(name));
  }

  /** The views of a database, by name. */
  views(db: string): ViewRecord[] {
    return [...(this.dbs.get(db)?.views.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A view by name, or by numeric id given as a string. */
  view(db: string, nameOrId: string): ViewRecord | undefined {
    const entry = this.dbs.get(db);
    if (!entry) return undefined;
    const byName = entry.views.get(nameOrId);
    if (byName || !/^\d+$/.test(nameOrId)) return byName;
    for (const v of entry.views.values()) if (String(v.id) === nameOrId) return v;
    return undefined;
  }

  /** Writes a new or changed view record in `tx` and mirrors it (undone if the mutation throws). */
  putView(tx: WriteTxn, rec: ViewRecord): void {
    const entry = this.dbs.get(rec.db);
    if (!entry) throw new ArangoError(ERR.ERROR_ARANGO_DATABASE_NOT_FOUND);
    const old = [...entry.views.values()].find((v) => v.id === rec.id);
    tx.put('meta', ['view', rec.id], rec);
    if (old) entry.views.delete(old.name);
    entry.views.set(rec.name, rec);
    tx.onAbort(() => {
      if (entry.views.get(rec.name) === rec) entry.views.delete(rec.name);
      if (old) entry.views.set(old.name, old);
    });
  }

  /** Removes a view record in `tx` (undone if the mutation throws). */
  removeView(tx: WriteTxn, rec: ViewRecord): void {
    const entry = this.dbs.get(rec.db);
    if (!entry || entry.views.get(rec.name) !== rec) return;
    tx.remove('meta', ['view', rec.id]);
    entry.views.delete(rec.name);
    tx.onAbort(() => entry.views.set(rec.name, rec));
  }

  /**
   * Takes collection `colId` (or only its index `indexId`) out of every view of `db`:
   * an arangosearch view loses its link, a search-alias view the collection's (or that)
   * inverted index. For the mutation that drops the collection or the index.
   */
  unlinkFromViews(tx: WriteTxn, db: string, colId: number, indexId?: number): void {
    for (const v of this.views(db)) {
      if (v.links && indexId === undefined && Object.hasOwn(v.links, String(colId))) {
        const links = { ...v.links };
        delete links[String(colId)];
        this.putView(tx, { ...v, links });
      } else if (v.indexes?.some((i) => i.collection === colId && (indexId === undefined || i.index === indexId))) {
        this.putView(tx, { ...v, indexes: v.indexes.filter((i) => !(i.collection === colId && (indexId === undefined || i.index === indexId))) });
      }
    }
  }

  schedulePurge(tx: WriteTxn, dataId: number, db: 'docs' | 'idx'): void {
    tx.put('meta', ['purge', dataId], db);
    tx.remove('meta', ['count', dataId]);
    tx.remove('meta', ['rev', dataId]);
  }

  /** Document count of a collection (committed plus in-flight writes of `tx`). */
  count(col: CollectionRecord, tx?: WriteTxn): number {
    const key = ['count', col.dataId];
    return ((tx ? tx.get('meta', key) : this.engine.get('meta', key)) as number | undefined) ?? 0;
  }
}

export function builtinIndex(id: number, type: IndexType, fields: string[], dataId: number): IndexRecord {
  return { id, type, name: type, fields, unique: type === 'primary', sparse: false, deduplicate: false, estimates: true, cacheEnabled: false, dataId };
}

/** A persistent index as ArangoDB's upgrade task creates it: default name, no estimates. */
function systemIndex(id: number, ix: SystemCollection['indexes'][number], dataId: number): IndexRecord {
  return { id, type: 'persistent', name: `idx_${id}`, fields: ix.fields, unique: ix.unique, sparse: ix.sparse, deduplicate: true, estimates: false, cacheEnabled: false, dataId, cutValues: true, ...(ix.unique ? {} : { seqKeys: true as const }) };
}
