// The named graphs of each database, stored as ArangoDB stores them: one document per graph
// in the database's `_graphs` collection (graph-model.ts has the format). This file owns
// every change to a graph definition and the graph API's writes of vertices and edges,
// with GraphManager's and GraphOperations' checks in their order. Each operation is ONE
// engine mutation: a graph change creates its collections, writes its document and drops
// collections together or not at all, and removing a vertex removes the edges attached
// to it in the same LMDB transaction.
//
// Invariants:
//  1. A graph definition changes only in an exclusive mutation (engine invariant 4), which
//     reads the graphs of the database from `_graphs` and so sees what every earlier
//     mutation left; all checks run before the first write, so a refused change writes
//     nothing. Where ArangoDB creates collections and then fails to store the graph (an
//     illegal graph name), nothing is created here; the answer is the same.
//  2. Removing a vertex or an edge through a graph removes, in the same mutation, every
//     edge that starts or ends at it in the graph's edge collections and in the edge
//     collections of every graph that uses its collection as a vertex collection
//     (GraphOperations::removeEdgeOrVertex); edges in other collections stay.
//  3. An edge written through a graph names vertex collections of the graph, and (when
//     both _from and _to are given) vertices that exist; the checks run again inside the
//     write's own mutation, so a vertex removed meanwhile cannot be connected.
//  4. A vertex or edge operation made inside a stream transaction (x-arango-trx-id; the
//     `*In` methods, as RestGraphHandler's transaction context) runs its checks over the
//     transaction's view and leaves its writes, the attached edges' removal included, in
//     the transaction's buffer: they commit or roll back with it. Graph definitions are
//     read as committed (ArangoDB's GraphManager reads them outside the transaction), and
//     changes of definitions never join a transaction.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { ErrorDef } from '../errors/registry.js';
import type { Catalog, CollectionRecord, CollectionSpec } from './catalog.js';
import { isPlainObject, loadStored, type BatchResult, type Doc, type DocumentStore, type Item, type Op, type WriteOptions } from './documents.js';
import type { Engine, ReadView, WriteTxn } from './engine.js';
import { byteOrder, checkGraphOptions, GraphModel, parseEdgeDefinition, sameDefinition, type EdgeDefinition } from './graph-model.js';
import type { Ids } from './ids.js';
import type { KeyLocks, LockCheck } from './key-locks.js';
import { isValidDocumentId } from './keys.js';
import type { Purger } from './purger.js';

export const GRAPHS_COLLECTION = '_graphs';

export type ElementKind = 'vertex' | 'edge';

/** A graph with the revision of its stored document. */
export interface StoredGraph {
  graph: GraphModel;
  rev: string;
}

type View = Pick<ReadView, 'get'>;

/**
 * A stream transaction's side of a vertex or edge operation: reads that see its own
 * writes (`view`, index ranges included), where its writes go (`tx`, buffered until its
 * commit) with its key-lock checks, and the checks of the collections it declared:
 * `write` before the first write to a collection (1652 unless declared for writing),
 * `read` before a collection's documents are read (1652 when it allows no implicit reads).
 */
export interface GraphTrx {
  view: ReadView;
  tx: WriteTxn;
  locks: LockCheck | undefined;
  write(col: CollectionRecord): void;
  read(name: string): void;
}

/** What an exclusive graph mutation works on. */
interface Mut {
  tx: WriteTxn;
  db: string;
  graphsCol: CollectionRecord;
  /** Stored graph documents by name, in `_graphs` scan order; parsed on first use. */
  raw: Map<string, Doc>;
  parsed: Map<string, GraphModel>;
  written: Map<number, CollectionRecord>;
  dropped: boolean;
}

/** ArangoDB's answer to a request body of the wrong JSON type (a VelocyPack exception: 500/4). */
function vpackError(what: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_INTERNAL, `VPack error: ${what}`);
}

function notFound(name: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
}

const withPrefix = (def: ErrorDef, name: string): ArangoError =>
  ArangoError.withMessage(def, `${name} ${def.message}`);

export class GraphStore {
  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    private readonly documents: DocumentStore,
    private readonly ids: Ids,
    private readonly locks: KeyLocks,
    private readonly purger: Purger,
  ) {}

  // ---- reads ------------------------------------------------------------------

  /** The database's `_graphs` collection; 1203 naming it if it was dropped. */
  private graphsCollection(db: string): CollectionRecord {
    const col = this.catalog.collection(db, GRAPHS_COLLECTION);
    if (!col) throw notFound(GRAPHS_COLLECTION);
    return col;
  }

  /** Every stored graph document with `name` set to its key (`FOR g IN _graphs RETURN MERGE(g, {name: g._key})`). */
  list(db: string): Doc[] {
    const col = this.graphsCollection(db);
    return [...this.documents.scan(col)].map((doc) => ({ ...doc, name: doc._key }));
  }

  /** The graph `name` as `view` holds it (committed state by default); 1924 if there is none. */
  get(db: string, name: string, view: View = this.engine): StoredGraph {
    const doc = this.documents.get(this.graphsCollection(db), name, view);
    if (!doc) throw new ArangoError(ERR.ERROR_GRAPH_NOT_FOUND, name);
    return { graph: GraphModel.fromStored(doc), rev: doc._rev as string };
  }

  // ---- graph definitions ----------------------------------------------------------

  /**
   * POST /_api/gharial (GraphManager::createGraph): a name that is no string 1922, an
   * existing graph 1925, the option and definition errors of GraphModel.fromInput, an edge
   * collection another graph defines differently 1921, an existing edge collection that is
   * a document collection 1944; then the missing collections are created (waitForSync
   * as their property) and the graph stored (an illegal name 1221).
   */
  create(db: string, body: unknown, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      if (!isPlainObject(body)) throw vpackError('Expecting type Object');
      const name = body.name;
      if (typeof name !== 'string') throw new ArangoError(ERR.ERROR_GRAPH_CREATE_MISSING_NAME);
      if (m.raw.has(name)) throw new ArangoError(ERR.ERROR_GRAPH_DUPLICATE);
      checkGraphOptions(body);
      const graph = GraphModel.fromInput(name, body);
      this.checkConflicts(m, graph.edgeDefinitions, name);
      this.ensureCollections(m, graph, waitForSync);
      return { graph, rev: this.store(m, graph, true) };
    });
  }

  /**
   * DELETE /_api/gharial/<graph> (GraphManager::removeGraph): removes the graph; with
   * dropCollections also its collections that no other graph uses.
   */
  async drop(db: string, name: string, dropCollections: boolean, waitForSync: boolean): Promise<void> {
    await this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      const candidates = dropCollections ? [...graph.vertexCollections(), ...graph.edgeCollections()] : [];
      this.apply(m, m.graphsCol, 'remove', { key: name }, {});
      m.raw.delete(name);
      m.parsed.delete(name);
      for (const c of new Set(candidates)) this.dropIfUnused(m, c, name);
    });
  }

  /** POST /_api/gharial/<graph>/edge (GraphOperations::addEdgeDefinition). */
  addEdgeDefinition(db: string, name: string, body: unknown, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      if (!isPlainObject(body)) throw vpackError('Expecting type Object');
      const def = parseEdgeDefinition(body);
      graph.addEdgeDefinition(def);
      this.checkConflicts(m, [def], name);
      this.ensureCollections(m, graph, waitForSync);
      return { graph, rev: this.store(m, graph, false) };
    });
  }

  /**
   * PUT /_api/gharial/<graph>/edge/<definition> (GraphOperations::editEdgeDefinition): the
   * URL's definition must be in the graph (1930), the new one's collections are created
   * when missing (1944 for a document collection as edge collection), and the definition
   * of its edge collection changes in every graph that has one (1930 if this graph has none).
   */
  replaceEdgeDefinition(db: string, name: string, definition: string, body: unknown, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      if (!isPlainObject(body)) throw vpackError('Expecting type Object');
      const def = parseEdgeDefinition(body);
      if (!graph.hasEdgeCollection(definition)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
      this.ensureDefinitionCollections(m, def, waitForSync);
      if (!graph.hasEdgeCollection(def.collection)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
      // ArangoDB also makes sure the collections of the graph in the URL, as it was, exist
      this.ensureCollections(m, GraphModel.fromStored(m.raw.get(name)!), waitForSync);
      for (const other of this.all(m)) {
        if (!other.hasEdgeCollection(def.collection)) continue;
        other.replaceEdgeDefinition(def);
        this.store(m, other, false);
      }
      return { graph, rev: this.revOf(m, name) };
    });
  }

  /** DELETE /_api/gharial/<graph>/edge/<definition> (GraphOperations::eraseEdgeDefinition). */
  removeEdgeDefinition(db: string, name: string, definition: string, dropCollections: boolean, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      if (!graph.removeEdgeDefinition(definition)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
      const rev = this.store(m, graph, false);
      if (dropCollections) this.dropIfUnused(m, definition, name);
      return { graph, rev };
    });
  }

  /**
   * POST /_api/gharial/<graph>/vertex (GraphOperations::addOrphanCollection): a body
   * without a string `collection` is a VelocyPack error (500/4) as in ArangoDB; a vertex
   * collection already 1938 (orphan) or 1929; a missing collection is created unless
   * createCollection=false (1926); an existing one must be a document collection (1927).
   */
  addVertexCollection(db: string, name: string, body: unknown, createCollection: boolean, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      if (!isPlainObject(body)) throw vpackError('Expecting type Object');
      const c = body.collection;
      if (typeof c !== 'string') throw vpackError('Expecting type String');
      if (graph.hasVertexCollection(c)) {
        if (graph.hasOrphan(c)) throw new ArangoError(ERR.ERROR_GRAPH_COLLECTION_USED_IN_ORPHANS);
        throw withPrefix(ERR.ERROR_GRAPH_COLLECTION_USED_IN_EDGE_DEF, c);
      }
      graph.addOrphan(c);
      const existing = this.catalog.collection(db, c);
      if (!existing && !createCollection) throw withPrefix(ERR.ERROR_GRAPH_VERTEX_COL_DOES_NOT_EXIST, c);
      this.ensureCollections(m, graph, waitForSync);
      if (existing && existing.type !== 2) throw new ArangoError(ERR.ERROR_GRAPH_WRONG_COLLECTION_TYPE_VERTEX);
      return { graph, rev: this.store(m, graph, false) };
    });
  }

  /**
   * DELETE /_api/gharial/<graph>/vertex/<collection> (GraphOperations::eraseOrphanCollection):
   * only orphans (1928); with dropCollection the collection too, if no graph uses it.
   */
  removeVertexCollection(db: string, name: string, c: string, dropCollection: boolean, waitForSync: boolean): Promise<StoredGraph> {
    return this.exclusive(db, waitForSync, (m) => {
      const graph = this.graphOf(m, name);
      if (!graph.removeOrphan(c)) throw new ArangoError(ERR.ERROR_GRAPH_NOT_IN_ORPHAN_COLLECTION);
      const rev = this.store(m, graph, false);
      if (dropCollection) this.dropIfUnused(m, c, '');
      return { graph, rev };
    });
  }

  // ---- vertices and edges ------------------------------------------------------------

  /**
   * GET of a vertex or edge: the collection must be the graph's (1949/1926, or 1930 and
   * 1203 for edges); `rev` (If-Match or ?rev=) must be the document's (412 `conflict`).
   */
  read(db: string, name: string, kind: ElementKind, colName: string, key: string, rev: string | undefined, trx?: GraphTrx): Doc {
    const col = this.collectionOf(this.get(db, name).graph, db, kind, colName);
    trx?.read(col.name);
    const search = rev === undefined ? { _key: key } : { _key: key, _rev: rev };
    return this.documents.read(col, search, rev === undefined, trx?.view);
  }

  /**
   * POST of a vertex or edge (GraphOperations::createVertex/createEdge), checked in
   * ArangoDB's order before the insert and again inside its mutation (invariant 3).
   */
  insert(db: string, name: string, kind: ElementKind, colName: string, body: Doc, opts: WriteOptions): Promise<BatchResult> {
    const check = (view: View) => this.checkWrite(view, db, name, kind, colName, body, false);
    check(this.engine);
    return this.documents.apply(db, colName, 'insert', [{ body }], { waitForSync: opts.waitForSync, returnNew: opts.returnNew, before: check });
  }

  /**
   * PUT (replace) or PATCH (update) of a vertex or edge (GraphOperations::modifyDocument):
   * the key is the URL's, a _rev in the body counts only through `rev` (If-Match, ?rev=).
   * An edge's _from/_to are checked as for an insert; a PATCH checks only those it names,
   * and the vertices only when it names both.
   */
  modify(db: string, name: string, kind: ElementKind, colName: string, key: string, op: 'replace' | 'update', body: unknown, rev: string | undefined, opts: WriteOptions): Promise<BatchResult> {
    const check = (view: View) => this.checkModify(view, db, name, kind, colName, op, body);
    check(this.engine);
    const item: Item = { key, body, ifMatch: rev };
    return this.documents.apply(db, colName, op, [item], { ...opts, ignoreRevs: true, before: check });
  }

  /** POST of a vertex or edge inside a stream transaction (invariant 4): checked as `insert`, with 1652 before the vertices are looked up. */
  insertIn(trx: GraphTrx, db: string, name: string, kind: ElementKind, colName: string, body: Doc, opts: WriteOptions): BatchResult {
    this.checkWrite(trx.view, db, name, kind, colName, body, false, trx);
    const col = this.catalog.collection(db, colName)!;
    return inTrx(() => this.documents.applyItem(trx.tx, col, 'insert', { body }, { returnNew: opts.returnNew }, trx.locks));
  }

  /** PUT or PATCH of a vertex or edge inside a stream transaction (invariant 4). */
  modifyIn(trx: GraphTrx, db: string, name: string, kind: ElementKind, colName: string, key: string, op: 'replace' | 'update', body: unknown, rev: string | undefined, opts: WriteOptions): BatchResult {
    this.checkModify(trx.view, db, name, kind, colName, op, body, trx);
    const col = this.catalog.collection(db, colName)!;
    const item: Item = { key, body, ifMatch: rev };
    return inTrx(() => this.documents.applyItem(trx.tx, col, op, item, { ...opts, ignoreRevs: true }, trx.locks));
  }

  /**
   * DELETE of a vertex or edge inside a stream transaction (invariant 4): the transaction
   * must have declared the document's collection for writing (1652), and each edge
   * collection it cleans that holds edges at the document (found through the edge index
   * as the transaction sees it). An edge collection with nothing to remove need not be
   * declared: ArangoDB's own tests and python-arango's remove a vertex in a transaction
   * that declares its collection only. Every check runs before the first write.
   */
  removeIn(trx: GraphTrx, db: string, name: string, kind: ElementKind, colName: string, key: string, rev: string | undefined, opts: WriteOptions): Doc {
    const graph = this.get(db, name).graph;
    const col = this.collectionOf(graph, db, kind, colName);
    const cleaned = this.edgeCollectionsAt(this.committedGraphs(db), graph, colName);
    const cols = cleaned.map((c) => {
      const ecol = this.catalog.collection(db, c);
      if (!ecol) throw notFound(c);
      return ecol;
    });
    trx.write(col);
    const attached = cols.map((c) => ({ c, keys: this.edgeKeysAt(trx.view, c, `${colName}/${key}`) })).filter((a) => a.keys.length > 0);
    for (const { c } of attached) trx.write(c);
    const removed = this.documents.applyItem(trx.tx, col, 'remove', { key, ifMatch: rev }, { returnOld: opts.returnOld }, trx.locks);
    for (const { c, keys } of attached) {
      // a vertex's removal may have taken an edge of its own collection already
      for (const k of keys) if (loadStored(trx.view, c, k)) this.documents.applyItem(trx.tx, c, 'remove', { key: k }, {}, trx.locks);
    }
    return removed;
  }

  /**
   * DELETE of a vertex or edge with the edges attached to it (invariant 2), in one
   * exclusive mutation. Throws the document's error (1202, 412 conflict) and nothing is
   * removed; an edge collection to clean that does not exist is 1203 naming it.
   */
  async remove(db: string, name: string, kind: ElementKind, colName: string, key: string, rev: string | undefined, opts: WriteOptions): Promise<{ value: Doc; synced: boolean }> {
    const col0 = this.catalog.collection(db, colName);
    const synced = Boolean(opts.waitForSync || col0?.waitForSync);
    const value = await this.exclusive(db, synced, (m) => {
      const graph = this.graphOf(m, name);
      const col = this.collectionOf(graph, db, kind, colName);
      const cleaned = this.edgeCollectionsAt(this.all(m), graph, colName);
      for (const c of cleaned) if (!this.catalog.collection(db, c)) throw notFound(c);
      const removed = this.apply(m, col, 'remove', { key, ifMatch: rev }, { returnOld: opts.returnOld });
      for (const c of cleaned) {
        const ecol = this.catalog.collection(db, c)!;
        this.removeEdgesAt(m.tx, ecol, `${colName}/${key}`, (k) => this.apply(m, ecol, 'remove', { key: k }, {}));
      }
      return removed;
    });
    return { value, synced };
  }

  // ---- checks ----------------------------------------------------------------------

  /** The collection a vertex or edge operation addresses, checked as GraphOperations does. */
  private collectionOf(graph: GraphModel, db: string, kind: ElementKind, colName: string): CollectionRecord {
    if (kind === 'vertex') return this.checkVertexCollection(graph, db, colName);
    if (!graph.hasEdgeCollection(colName)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
    const col = this.catalog.collection(db, colName);
    if (!col) throw notFound(colName);
    return col;
  }

  /**
   * GraphOperations::checkVertexCollectionAvailability: not a vertex collection of the
   * graph 1949 (1947 naming the attribute when an edge's _from/_to refers to it), one that
   * no longer exists 1926.
   */
  private checkVertexCollection(graph: GraphModel, db: string, c: string, attribute?: '_from' | '_to'): CollectionRecord {
    if (!graph.hasVertexCollection(c)) {
      if (attribute) {
        throw ArangoError.withMessage(ERR.ERROR_GRAPH_REFERENCED_VERTEX_COLLECTION_NOT_PART_OF_THE_GRAPH, `referenced ${attribute} collection '${c}' is not part of the graph`);
      }
      throw new ArangoError(ERR.ERROR_GRAPH_COLLECTION_NOT_PART_OF_THE_GRAPH);
    }
    const col = this.catalog.collection(db, c);
    if (!col) throw withPrefix(ERR.ERROR_GRAPH_VERTEX_COL_DOES_NOT_EXIST, c);
    return col;
  }

  /**
   * The checks before writing `body` as a vertex or an edge, in ArangoDB's order: the
   * graph (1924), the collection (1949/1926 or 1930), for an edge its _from/_to
   * (validateEdgeContent: 1233, 1947, 1926), the edge collection itself (1203), then the
   * vertices (1202) when both ends are given.
   */
  private checkWrite(view: View, db: string, name: string, kind: ElementKind, colName: string, body: Doc, partial: boolean, trx?: GraphTrx): void {
    const graph = this.get(db, name, trx ? this.engine : view).graph;
    if (kind === 'vertex') {
      const col = this.checkVertexCollection(graph, db, colName);
      trx?.write(col);
      return;
    }
    if (!graph.hasEdgeCollection(colName)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
    const ends = this.edgeEnds(graph, db, body, partial);
    const col = this.catalog.collection(db, colName);
    if (!col) throw notFound(colName);
    // a transaction's begin (GraphOperations::validateEdge): the edge collection written, the ends' read
    if (trx) {
      if (ends) for (const [c] of ends) trx.read(c);
      trx.write(col);
    }
    if (!ends) return;
    const exists = ([c, k]: [string, string]) => this.documents.get(this.catalog.collection(db, c)!, k, view) !== undefined;
    if (!exists(ends[0]) || !exists(ends[1])) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
  }

  /**
   * The checks before a PUT or PATCH of a vertex or edge: the collection in the graph, a
   * body that is an object, then for an edge what `checkWrite` checks (a PATCH only the
   * ends it names); in a transaction, 1652 for an undeclared collection.
   */
  private checkModify(view: View, db: string, name: string, kind: ElementKind, colName: string, op: 'replace' | 'update', body: unknown, trx?: GraphTrx): void {
    const graph = this.get(db, name, trx ? this.engine : view).graph;
    const col = kind === 'vertex' ? this.checkVertexCollection(graph, db, colName) : undefined;
    if (kind === 'edge' && !graph.hasEdgeCollection(colName)) throw new ArangoError(ERR.ERROR_GRAPH_EDGE_COLLECTION_NOT_USED);
    if (!isPlainObject(body)) throw vpackError('Expecting type Object');
    if (kind === 'edge') this.checkWrite(view, db, name, kind, colName, body, op === 'update', trx);
    else if (trx) trx.write(col!);
  }

  /**
   * GraphOperations::validateEdgeContent: both _from and _to strings of the form
   * `<collection>/<key>` (1233), their collections vertex collections of the graph that
   * exist; returned as [collection, key] pairs. A partial write (PATCH) checks only the
   * string ones it has and returns undefined unless it has both.
   */
  private edgeEnds(graph: GraphModel, db: string, body: Doc, partial: boolean): [[string, string], [string, string]] | undefined {
    const split = (v: string, attribute: '_from' | '_to'): [string, string] => {
      const slash = v.indexOf('/');
      if (slash < 0) throw new ArangoError(ERR.ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE);
      const c = v.slice(0, slash);
      this.checkVertexCollection(graph, db, c, attribute);
      return [c, v.slice(slash + 1)];
    };
    const { _from: from, _to: to } = body;
    if (typeof from === 'string' && typeof to === 'string') return [split(from, '_from'), split(to, '_to')];
    if (!partial) throw new ArangoError(ERR.ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE);
    if (typeof from === 'string') split(from, '_from');
    if (typeof to === 'string') split(to, '_to');
    return undefined;
  }

  /**
   * GraphManager::checkForEdgeDefinitionConflicts: another graph defining one of these
   * edge collections with other from/to is 1921 `<collection> edge collection already used
   * in edge def`.
   */
  private checkConflicts(m: Mut, defs: EdgeDefinition[], graphName: string): void {
    const mine = new Map(defs.map((d) => [d.collection, d]));
    for (const other of this.all(m)) {
      if (other.name === graphName) continue;
      for (const d of other.edgeDefinitions) {
        const def = mine.get(d.collection);
        if (def && !sameDefinition(d, def)) throw withPrefix(ERR.ERROR_GRAPH_COLLECTION_USE_IN_MULTI_GRAPHS, d.collection);
      }
    }
  }

  /**
   * GraphManager::ensureAllCollections: an existing edge collection of the graph that is a
   * document collection is 1944; the missing ones are created, document collections
   * first, each vertex collection that is no edge collection of the graph as a document
   * collection (ArangoDB gives them waitForSync as the request's).
   */
  private ensureCollections(m: Mut, graph: GraphModel, waitForSync: boolean): void {
    const edges: string[] = [];
    for (const e of graph.edgeCollections()) {
      const col = this.catalog.collection(m.db, e);
      if (col && col.type !== 3) throw ArangoError.withMessage(ERR.ERROR_GRAPH_EDGE_DEFINITION_IS_DOCUMENT, `Collection: '${col.name}' is not an EdgeCollection`);
      if (!col) edges.push(e);
    }
    const vertices = graph.vertexCollections().filter((v) => !edges.includes(v) && !this.catalog.collection(m.db, v));
    this.createCollections(m, vertices, edges, waitForSync);
  }

  /** GraphManager::findOrCreateCollectionsByEdgeDefinition: the same for one definition. */
  private ensureDefinitionCollections(m: Mut, def: EdgeDefinition, waitForSync: boolean): void {
    const col = this.catalog.collection(m.db, def.collection);
    if (col && col.type !== 3) throw ArangoError.withMessage(ERR.ERROR_GRAPH_EDGE_DEFINITION_IS_DOCUMENT, `Collection: '${col.name}' is not an EdgeCollection`);
    const edges = col ? [] : [def.collection];
    const vertices = [...new Set([...def.from, ...def.to])].sort(byteOrder).filter((v) => !edges.includes(v) && !this.catalog.collection(m.db, v));
    this.createCollections(m, vertices, edges, waitForSync);
  }

  private createCollections(m: Mut, documentCollections: string[], edgeCollections: string[], waitForSync: boolean): void {
    const spec = (name: string, type: 2 | 3): CollectionSpec => ({
      name,
      type,
      isSystem: false,
      waitForSync,
      keyOptions: { type: 'traditional', allowUserKeys: true },
      schema: null,
      computedValues: null,
      cacheEnabled: false,
    });
    for (const name of documentCollections) this.catalog.createCollectionIn(m.tx, m.db, spec(name, 2));
    for (const name of edgeCollections) this.catalog.createCollectionIn(m.tx, m.db, spec(name, 3));
  }

  /**
   * GraphManager::pushCollectionIfMayBeDropped and the drop after it: drops `c` unless a
   * graph other than `except` uses it (as edge collection, in from/to, or as orphan). A
   * system collection is never dropped (ArangoDB's drop refuses it).
   */
  private dropIfUnused(m: Mut, c: string, except: string): void {
    const col = this.catalog.collection(m.db, c);
    if (!col || col.isSystem) return;
    for (const other of this.all(m)) {
      if (other.name === except) continue;
      if (other.hasEdgeCollection(c) || other.hasVertexCollection(c)) return;
    }
    this.catalog.dropCollectionIn(m.tx, col);
    m.dropped = true;
  }

  /**
   * The edge collections removing a document of `colName` cleans (removeEdgeOrVertex): the
   * graph's own, then those of every graph's definitions that have `colName` in from or to.
   */
  private edgeCollectionsAt(all: Iterable<GraphModel>, graph: GraphModel, colName: string): string[] {
    const out = new Set(graph.edgeCollections());
    const others: string[] = [];
    for (const g of all) for (const d of g.edgeDefinitions) if (d.from.includes(colName) || d.to.includes(colName)) others.push(d.collection);
    for (const c of others.sort(byteOrder)) out.add(c);
    return [...out];
  }

  /** Every graph of the database as committed, in `_graphs` order. */
  private committedGraphs(db: string): GraphModel[] {
    return [...this.documents.scan(this.graphsCollection(db))].map((doc) => GraphModel.fromStored(doc));
  }

  /** Removes (with `remove`) every edge of `col` whose _from or _to is `id`, through its edge index as `view` holds it. */
  private removeEdgesAt(view: ReadView, col: CollectionRecord, id: string, remove: (key: string) => void): void {
    for (const k of this.edgeKeysAt(view, col, id)) if (loadStored(view, col, k)) remove(k);
  }

  /** The keys of `col`'s edges whose _from or _to is `id`, each once, as `view`'s edge index and documents hold them. */
  private edgeKeysAt(view: ReadView, col: CollectionRecord, id: string): string[] {
    const ix = col.indexes.find((i) => i.type === 'edge');
    if (!ix || !isValidDocumentId(id)) return [];
    const keys = new Set<string>();
    for (const side of [0, 1]) {
      for (const { key } of view.range('idx', { start: [ix.dataId, side, id], end: [ix.dataId, side, id, '\uffff\uffff'] })) keys.add((key as unknown[])[3] as string);
    }
    // the index is read as committed: an edge this mutation removed already is skipped
    return [...keys].filter((k) => loadStored(view, col, k) !== undefined);
  }

  // ---- the exclusive mutation ----------------------------------------------------------

  /**
   * Runs `fn` as one exclusive mutation over the database's graphs (invariant 1), writing
   * each changed collection's revision; synced with `sync` or when `_graphs` waits for
   * sync. Wakes the purger when it dropped collections.
   */
  private async exclusive<T>(db: string, sync: boolean, fn: (m: Mut) => T): Promise<T> {
    const graphsCol = this.graphsCollection(db);
    let dropped = false;
    const value = await this.engine.writeExclusive(
      (tx) => {
        const m: Mut = { tx, db, graphsCol: this.graphsCollection(db), raw: new Map(), parsed: new Map(), written: new Map(), dropped: false };
        for (const { value: doc } of tx.range('docs', { start: [m.graphsCol.dataId], end: [m.graphsCol.dataId + 1] })) {
          m.raw.set((doc as Doc)._key as string, doc as Doc);
        }
        const out = fn(m);
        for (const col of m.written.values()) {
          // a collection dropped by this mutation keeps no revision
          if (this.catalog.collection(db, col.name)?.dataId === col.dataId) tx.put('meta', ['rev', col.dataId], this.ids.revision());
        }
        dropped = m.dropped;
        return out;
      },
      { sync: sync || graphsCol.waitForSync },
    );
    if (dropped) this.purger.wake();
    return value;
  }

  /** The graph `name` in the mutation; 1924 if there is none. */
  private graphOf(m: Mut, name: string): GraphModel {
    let g = m.parsed.get(name);
    if (g) return g;
    const doc = m.raw.get(name);
    if (!doc) throw new ArangoError(ERR.ERROR_GRAPH_NOT_FOUND, name);
    g = GraphModel.fromStored(doc);
    m.parsed.set(name, g);
    return g;
  }

  /** Every graph of the database in the mutation, in `_graphs` order. */
  private all(m: Mut): GraphModel[] {
    return [...m.raw.keys()].map((name) => this.graphOf(m, name));
  }

  /** Writes a graph's document (an insert or ArangoDB's update of it); returns its new revision. */
  private store(m: Mut, graph: GraphModel, insert: boolean): string {
    const item: Item = insert ? { body: graph.toStored() } : { key: graph.name, body: graph.toStored() };
    const r = this.apply(m, m.graphsCol, insert ? 'insert' : 'update', item, {});
    m.raw.set(graph.name, { ...graph.toStored(), _rev: r._rev });
    m.parsed.set(graph.name, graph);
    return r._rev as string;
  }

  private revOf(m: Mut, name: string): string {
    return m.raw.get(name)!._rev as string;
  }

  /** One document write in the mutation, with the key-lock checks of a write outside a transaction. */
  private apply(m: Mut, col: CollectionRecord, op: Op, item: Item, opts: WriteOptions): Doc {
    const value = this.documents.applyItem(m.tx, col, op, item, opts, this.locks.empty ? undefined : this.locks.outside);
    m.written.set(col.id, col);
    return value;
  }
}

/** One write of a stream transaction as a one-item BatchResult: a document error is the item's (as the document API gives it), anything else thrown. */
function inTrx(write: () => Doc): BatchResult {
  try {
    return { results: [{ ok: true, value: write() }], synced: false };
  } catch (e) {
    if (e instanceof ArangoError) return { results: [{ ok: false, error: e }], synced: false };
    throw e;
  }
}
