// Views: arangosearch views (properties and links to collections) and search-alias views
// (inverted indexes of collections), created, changed, renamed and dropped as ArangoDB
// 3.12's single server does (IResearchView, IResearchLinkHelper::validateLinks, Search).
// Views hold metadata only: nothing here indexes documents or answers queries. Records
// live in the catalog (catalog invariant 4: one namespace with collections, references by
// id). Each operation is one mutation that re-checks names and references inside it.
//
// Invariants:
//  1. A stored arangosearch view has every property resolved (view-meta.ts) and links
//     only to existing collections of its database, each with existing analyzers.
//  2. A stored search-alias view refers only to existing inverted indexes, and they pass
//     ArangoDB's field checks together (checkSearchAlias).
import { ArangoError, ERR } from '../errors/arango-error.js';
import { isValidCollectionName, type Catalog, type CollectionRecord, type IndexRecord, type ViewRecord } from './catalog.js';
import { isPlainObject } from './documents.js';
import type { Engine, WriteTxn } from './engine.js';
import type { Ids } from './ids.js';
import type { AnalyzerResolver } from './analyzer-lookup.js';
import { Invalid, IMMUTABLE, linkView, parseLink, parseSearchMeta, SEARCH_META_DEFAULTS, searchMetaView, type Json, type LinkMeta } from './view-meta.js';
import { searchAliasFields, type InvertedProps } from './inverted-index.js';

export const VIEW_TYPES = ['arangosearch', 'search-alias'] as const;

/** What a view operation needs to know about who asks and the analyzers of the database. */
export interface ViewContext {
  analyzers: AnalyzerResolver;
  /** Whether the user may read the collection (RO); with auth off always true. */
  canRead(collection: string): boolean;
}

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/**
 * ArangoDB's ViewNameValidator: a view name follows the collection naming rules (extended
 * names, no leading underscore); 1208 with its own words, also for a name that is not
 * NFC-normalized.
 */
function checkViewName(name: unknown): asserts name is string {
  if (isValidCollectionName(name, false)) return;
  const nfc = typeof name === 'string' && name.normalize('NFC') !== name && isValidCollectionName(name.normalize('NFC'), false);
  throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, nfc ? 'view name is not properly UTF-8 NFC-normalized' : 'illegal name: view name invalid');
}

/** Compact JSON of a definition, for the messages that quote it as ArangoDB does. */
const quote = (v: unknown) => JSON.stringify(v);

export class Views {
  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly ids: Ids,
  ) {}

  /** Throws 1203 `collection or view not found`. */
  require(db: string, nameOrId: string): ViewRecord {
    const v = this.catalog.view(db, nameOrId);
    if (!v) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
    return v;
  }

  /**
   * Creates a view from a POST /_api/view body whose name and type are strings. Throws
   * 10 (unknown type, bad properties or links), 1208 (illegal name), 1207 (name taken by a
   * view or a collection), 1203 (a linked collection missing), 11 (one not readable).
   */
  create(db: string, body: Json, ctx: ViewContext): Promise<ViewRecord> {
    return this.engine.write((tx) => {
      const name = body.name as string;
      const type = body.type as string;
      if (!(VIEW_TYPES as readonly string[]).includes(type)) throw bad(`invalid type provided to create view with definition: ${quote(body)}`);
      checkViewName(name);
      if (this.catalog.isNameTaken(db, name)) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DUPLICATE_NAME, `duplicate name`);
      let id = this.ids.tick();
      while (this.catalog.isIdTaken(id)) id = this.ids.tick(); // a client may have taken it for a collection
      const base: ViewRecord = { id, db, name, type: type as ViewRecord['type'], globallyUniqueId: `${this.catalog.serverId}/${id}` };
      const rec = type === 'arangosearch' ? this.withSearchProps(base, body, false, ctx, 'create') : this.withAliasIndexes({ ...base, indexes: [] }, body, false, ctx, 'create');
      this.catalog.putView(tx, rec);
      return rec;
    });
  }

  /** PUT (replace) or PATCH (partial) .../properties. Errors as create's. */
  update(db: string, nameOrId: string, body: Json, partial: boolean, ctx: ViewContext): Promise<ViewRecord> {
    return this.engine.write((tx) => {
      const cur = this.require(db, nameOrId);
      const rec = cur.type === 'arangosearch' ? this.withSearchProps(cur, body, partial, ctx, 'update') : this.withAliasIndexes(cur, body, partial, ctx, 'update');
      this.catalog.putView(tx, rec);
      return rec;
    });
  }

  /** Renames a view: the same name is a no-op; 1208 for an illegal name, 1207 for a taken one. */
  rename(db: string, nameOrId: string, newName: string): Promise<ViewRecord> {
    return this.engine.write((tx) => {
      const cur = this.require(db, nameOrId);
      if (newName === cur.name) return cur;
      checkViewName(newName);
      if (this.catalog.isNameTaken(db, newName)) throw new ArangoError(ERR.ERROR_ARANGO_DUPLICATE_NAME);
      const rec = { ...cur, name: newName };
      this.catalog.putView(tx, rec);
      return rec;
    });
  }

  /** Drops a view (its links go with it). Throws 1203. */
  drop(db: string, nameOrId: string): Promise<ViewRecord> {
    return this.engine.write((tx: WriteTxn) => {
      const cur = this.require(db, nameOrId);
      this.catalog.removeView(tx, cur);
      return cur;
    });
  }

  // ---- descriptions -------------------------------------------------------------

  /** The list entry and GET /_api/view/<name>. */
  summary(v: ViewRecord): Json {
    return { globallyUniqueId: v.globallyUniqueId, id: String(v.id), name: v.name, type: v.type };
  }

  /** GET .../properties and the answers of create and update. */
  properties(v: ViewRecord): Json {
    if (v.type === 'search-alias') {
      const indexes: Json[] = [];
      for (const ref of v.indexes ?? []) {
        const found = this.index(v.db, ref);
        if (found) indexes.push({ collection: found.col.name, index: found.ix.name });
      }
      return { ...this.summary(v), indexes };
    }
    const links: Json = {};
    for (const [cid, link] of Object.entries(v.links ?? {})) {
      const col = this.catalog.collection(v.db, cid);
      if (col) links[col.name] = linkView(link as unknown as LinkMeta, v.db);
    }
    return { ...searchMetaView(v.meta ?? {}), ...this.summary(v), links };
  }

  /** Names of the collections a view refers to (for permission checks). */
  collectionsOf(v: ViewRecord): string[] {
    const ids = v.type === 'arangosearch' ? Object.keys(v.links ?? {}) : (v.indexes ?? []).map((i) => String(i.collection));
    return [...new Set(ids)].flatMap((id) => this.catalog.collection(v.db, id)?.name ?? []);
  }

  private index(db: string, ref: { collection: number; index: number }): { col: CollectionRecord; ix: IndexRecord } | undefined {
    const col = this.catalog.collection(db, String(ref.collection));
    const ix = col?.indexes.find((i) => i.id === ref.index);
    return col && ix ? { col, ix } : undefined;
  }

  // ---- arangosearch ---------------------------------------------------------------

  private withSearchProps(cur: ViewRecord, body: Json, partial: boolean, ctx: ViewContext, op: 'create' | 'update'): ViewRecord {
    const links = body.links === undefined || body.links === null ? {} : body.links;
    const parsed = this.validateLinks(cur.db, links, ctx);
    if (op === 'update') {
      for (const name of this.collectionsOf(cur)) {
        if (!ctx.canRead(name)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `while updating arangosearch definition, error: collection '${name}' not authorized for read access`);
      }
    }
    let meta: Json;
    try {
      meta = parseSearchMeta(body, partial ? (cur.meta ?? SEARCH_META_DEFAULTS) : SEARCH_META_DEFAULTS);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      const what = op === 'create' ? 'failed to initialize arangosearch View' : `failed to update arangosearch view '${cur.name}'`;
      throw bad(e.field === '' ? `${what} from definition: ${quote(body)}` : `${what} from definition, error in attribute '${e.field}': ${quote(body)}`);
    }
    if (op === 'update') for (const k of IMMUTABLE) meta[k] = cur.meta?.[k] ?? SEARCH_META_DEFAULTS[k];
    // PUT keeps only the links it names; PATCH merges them in; null removes one
    const next: Record<string, Record<string, unknown>> = partial ? { ...(cur.links ?? {}) } : {};
    for (const [cid, link] of parsed) {
      if (link === null) delete next[cid];
      else next[cid] = link as unknown as Record<string, unknown>;
    }
    return { ...cur, meta, links: next };
  }

  /**
   * ArangoDB's IResearchLinkHelper::validateLinks: `links` an object of collection name
   * (or id) -> definition or null (remove). Gives collection id -> parsed link (or null).
   */
  private validateLinks(db: string, links: unknown, ctx: ViewContext): [string, LinkMeta | null][] {
    const prefix = 'while validating arangosearch link definition, error: ';
    if (!isPlainObject(links)) throw bad(`${prefix}definition is not an object`);
    const out: [string, LinkMeta | null][] = [];
    for (const [name, def] of Object.entries(links)) {
      const col = this.catalog.collection(db, name);
      if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `${prefix}collection '${name}' not found`);
      if (!ctx.canRead(col.name)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `${prefix}collection '${name}' not authorized for read access`);
      if (def === null) {
        out.push([String(col.id), null]);
        continue;
      }
      try {
        out.push([String(col.id), parseLink(def, ctx.analyzers)]);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        const msg = e.field === '' ? `${prefix}invalid link definition for collection '${name}': ${quote(def)}` : `${prefix}invalid link definition for collection '${name}' error in attribute: ${e.field}`;
        throw bad(msg);
      }
    }
    return out;
  }

  // ---- search-alias -------------------------------------------------------------

  /** ArangoDB's Search::updateProperties: add/del operations, then the field checks. */
  private withAliasIndexes(cur: ViewRecord, body: Json, partial: boolean, ctx: ViewContext, op: 'create' | 'update'): ViewRecord {
    const given = body.indexes;
    if (given !== undefined && !Array.isArray(given)) {
      if (op === 'create') throw bad("search-alias view optional field 'indexes' should be array");
    }
    const items = Array.isArray(given) ? given : [];
    if (items.length === 0 && partial) return cur;
    const refs = partial ? [...(cur.indexes ?? [])] : [];
    for (const item of items) {
      const it = isPlainObject(item) ? item : {};
      if (typeof it.collection !== 'string') throw bad("'collection' should be a string");
      const col = this.catalog.collection(cur.db, it.collection);
      if (!col) throw bad('Cannot find collection');
      if (!ctx.canRead(col.name)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `Current user cannot use collection '${col.name}'`);
      const operation = it.operation === undefined ? '' : it.operation;
      if (operation !== '' && operation !== 'add' && operation !== 'del') throw bad('Invalid type of operation');
      if (operation === 'del' && !refs.some((r) => r.collection === col.id)) throw bad('Cannot find collection for index to delete');
      if (typeof it.index !== 'string') throw bad("'index' should be a string");
      const ix = col.indexes.find((i) => i.name === it.index || String(i.id) === it.index);
      if (!ix || ix.type !== 'inverted') throw bad('Cannot find index');
      if (operation !== 'del') refs.push({ collection: col.id, index: ix.id });
      else {
        const at = refs.findIndex((r) => r.collection === col.id && r.index === ix.id);
        if (at < 0) throw bad('Cannot find index to delete');
        refs.splice(at, 1);
      }
    }
    const resolved = refs.flatMap((r) => {
      const f = this.index(cur.db, r);
      return f ? [f] : [];
    });
    checkSearchAlias(resolved);
    return { ...cur, indexes: refs };
  }
}

// ---- search-alias field checks (ArangoDB's Search.cpp) --------------------------------

interface AliasField {
  analyzer: string;
  includeAllFields: boolean;
  searchField: boolean;
}
type FieldMap = Map<string, AliasField>;

/** The longest key of `map` that `name` starts with ('' included), if any. */
function longestPrefix(map: FieldMap, name: string): string | undefined {
  for (let n = name.length; n >= 0; n--) if (map.has(name.slice(0, n))) return name.slice(0, n);
  return undefined;
}

/** ArangoDB's abstractCheckFields: '' when `rhs` fits `lhs`, else the error's start. */
function checkFields(lhs: FieldMap, rhs: FieldMap, sameCollection: boolean, lhsView: boolean): string {
  const lhsIs = lhsView ? 'view' : 'index';
  const rhsIs = lhsView ? 'Index' : 'View';
  for (const name of [...rhs.keys()].sort()) {
    const field = rhs.get(name)!;
    const prefix = longestPrefix(lhs, name);
    if (prefix === undefined) continue;
    const other = lhs.get(prefix)!;
    if (!sameCollection && other.searchField === field.searchField && other.analyzer === field.analyzer) continue;
    if (prefix.length === name.length) {
      if (sameCollection) return `same field '${name}', collection '`;
      if (other.searchField !== field.searchField) return `${rhsIs} field '${name}' searchField '${field.searchField}' mismatches ${lhsIs} field searchField '${other.searchField}'`;
      return `${rhsIs} field '${name}' analyzer '${field.analyzer}' mismatches ${lhsIs} field analyzer '${other.analyzer}'`;
    }
    if (other.includeAllFields) {
      if (sameCollection) return `field '${name}' and field '${prefix}' with includeAllFields, collection '`;
      if (other.searchField !== field.searchField) return `${rhsIs} field '${name}' searchField '${field.searchField}' mismatches ${lhsIs} field '${prefix}' with includeAllFields searchField '${other.searchField}'`;
      return `${rhsIs} field '${name}' analyzer '${field.analyzer}' mismatches ${lhsIs} field '${prefix}' with includeAllFields analyzer '${other.analyzer}'`;
    }
  }
  return '';
}

function fieldsOf(ix: IndexRecord): FieldMap {
  const map: FieldMap = new Map();
  for (const f of searchAliasFields(ix.props as unknown as InvertedProps)) {
    const have = map.get(f.path);
    if (have) have.includeAllFields ||= f.includeAllFields;
    else map.set(f.path, { analyzer: f.analyzer, includeAllFields: f.includeAllFields, searchField: f.searchField });
  }
  return map;
}

function addAll(into: FieldMap, from: FieldMap): void {
  for (const [k, f] of from) {
    const have = into.get(k);
    if (have) have.includeAllFields ||= f.includeAllFields;
    else into.set(k, { ...f });
  }
}

/**
 * Throws 400/10 with ArangoDB's words when inverted indexes cannot serve one search-alias
 * view: primarySort or storedValues differ, two indexes of one collection index the same
 * field, or indexes of different collections give one field different analyzers or
 * searchField settings.
 */
export function checkSearchAlias(indexes: { col: CollectionRecord; ix: IndexRecord }[]): void {
  const sorted = [...indexes].sort((a, b) => a.col.id - b.col.id);
  const where = (e: { col: CollectionRecord; ix: IndexRecord }) => `. Collection name '${e.col.name}', index name '${e.ix.name}'.`;
  const sortOf = (ix: IndexRecord) => JSON.stringify((ix.props as unknown as InvertedProps).primarySort);
  const storedOf = (ix: IndexRecord) => JSON.stringify((ix.props as unknown as InvertedProps).storedValues);
  for (const e of sorted.slice(1)) {
    if (sortOf(e.ix) !== sortOf(sorted[0]!.ix)) throw bad(`index primary sort mismatches view primary sort${where(e)}`);
    if (storedOf(e.ix) !== storedOf(sorted[0]!.ix)) throw bad(`index stored values mismatches view stored values${where(e)}`);
  }
  const byCollection = new Map<number, { col: CollectionRecord; ix: IndexRecord }[]>();
  for (const e of sorted) byCollection.set(e.col.id, [...(byCollection.get(e.col.id) ?? []), e]);
  for (const group of byCollection.values()) {
    if (group.length < 2) continue;
    const merged: FieldMap = new Map();
    addAll(merged, fieldsOf(group[0]!.ix));
    for (const e of group.slice(1)) {
      const fields = fieldsOf(e.ix);
      const error = checkFields(merged, fields, true, true) || checkFields(fields, merged, true, false);
      if (error) throw bad(`You cannot add to view indexes to the same collection, if them index the same fields. Error for: ${error}${e.col.name}'`);
      addAll(merged, fields);
    }
  }
  const merged: FieldMap = new Map();
  sorted.forEach((e, i) => {
    const fields = fieldsOf(e.ix);
    if (i > 0) {
      const error = checkFields(merged, fields, false, true) || checkFields(fields, merged, false, false);
      if (error) throw bad(`${error}${where(e)}`);
    }
    addAll(merged, fields);
  });
}
