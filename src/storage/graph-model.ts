// One named graph's definition, as ArangoDB 3.12 keeps it (arangod/Graph/Graph.cpp): its
// edge definitions and orphan collections, parsed from a client's body or from its
// `_graphs` document, changed by the graph API's operations, and written back in the
// stored format. Pure: nothing here reads or writes storage (graphs.ts does).
//
// Stored format, a single server's Graph::toPersistence (the AQL GRAPH syntax reads it):
//   _graphs/<name>: { _key: <name>,
//                     edgeDefinitions: [{ collection, from: [...], to: [...] }, ...],
//                     orphanCollections: [...] }
// Edge definitions sorted by collection, from/to/orphans sorted without duplicates, in
// byte order (ArangoDB keeps them in a std::map and std::sets). numberOfShards,
// replicationFactor, isSmart and the like are cluster attributes: a single server neither
// stores nor reports them.
//
// Invariants:
//  1. An edge collection has at most one definition in a graph (1920 otherwise).
//  2. An orphan collection is in no edge definition's from or to: adding a definition
//     that uses it takes it out of the orphans, removing the last definition that used a
//     vertex collection makes it an orphan (Graph::rebuildOrphans).
import { ArangoError, ERR } from '../errors/arango-error.js';

export interface EdgeDefinition {
  collection: string;
  /** Sorted, no duplicates, never empty. */
  from: string[];
  /** Sorted, no duplicates, never empty. */
  to: string[];
}

/** A graph as the client sees it (Graph::graphForClient on a single server). */
export interface GraphView {
  _key: string;
  edgeDefinitions: EdgeDefinition[];
  orphanCollections: string[];
  _rev: string;
  _id: string;
  name: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string): boolean => Object.hasOwn(o, k);

/** Byte order of the UTF-8 encodings, as std::string compares them. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byteOrder);
}

function corrupt(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_GRAPH_INTERNAL_DATA_CORRUPT, message);
}

/**
 * An edge definition from JSON (EdgeDefinition::createFromVelocypack): not an object 1923;
 * a missing attribute, a non-string collection or from/to that are no arrays of strings
 * 1941 with ArangoDB's messages; from or to empty 1923.
 */
export function parseEdgeDefinition(v: unknown): EdgeDefinition {
  if (!isObj(v)) throw new ArangoError(ERR.ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION);
  for (const key of ['collection', 'from', 'to']) if (!has(v, key)) throw corrupt(`Attribute '${key}' missing in edge definition!`);
  if (typeof v.collection !== 'string') throw corrupt('edge definition is not a string!');
  for (const key of ['from', 'to']) {
    const list = v[key];
    if (!Array.isArray(list)) throw corrupt(`Edge definition '${key}' is not an array!`);
    if (list.some((x) => typeof x !== 'string')) throw corrupt(`Edge definition '${key}' does not only contain strings!`);
  }
  const from = sortedSet(v.from as string[]);
  const to = sortedSet(v.to as string[]);
  if (from.length === 0 || to.length === 0) throw new ArangoError(ERR.ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION);
  return { collection: v.collection, from, to };
}

/** Whether two definitions are the same relation (EdgeDefinition::operator==). */
export function sameDefinition(a: EdgeDefinition, b: EdgeDefinition): boolean {
  const eq = (x: string[], y: string[]) => x.length === y.length && x.every((s, i) => s === y[i]);
  return a.collection === b.collection && eq(a.from, b.from) && eq(a.to, b.to);
}

function badParameter(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
}

/**
 * The option checks GraphManager::buildGraphFromInput makes on a single server before it
 * reads the definition: SmartGraph options that contradict themselves, and a satellite
 * replication factor with another number of shards than 1. 400/10 with its messages.
 */
export function checkGraphOptions(body: Obj): void {
  const options = body.options;
  const opts = isObj(options) ? options : undefined;
  const isZero = (v: unknown) => typeof v === 'number' && Math.trunc(v) === 0;
  const smart = body.isSmart === true;
  if (smart || typeof opts?.smartGraphAttribute === 'string') {
    const p = smart ? 'isSmart' : 'smartGraphAttribute';
    if (opts) {
      if (has(opts, 'satellites') && !Array.isArray(opts.satellites)) throw badParameter("Missing array for field 'satellites'");
      if (isZero(opts.replicationFactor)) throw badParameter(`invalid combination of '${p}' and 'replicationFactor'`);
      if (opts.replicationFactor === 'satellite') throw badParameter(`invalid combination of '${p}' and 'satellite' `);
    }
  }
  if (!opts) return;
  const satellite = isZero(opts.replicationFactor) || opts.replicationFactor === 'satellite';
  if (satellite && typeof opts.numberOfShards === 'number' && Math.trunc(opts.numberOfShards) !== 1) {
    throw badParameter("invalid combination of 'numberOfShards' and 'satellite' replicationFactor");
  }
}

export class GraphModel {
  private readonly defs = new Map<string, EdgeDefinition>();
  private readonly orphanSet = new Set<string>();

  private constructor(readonly name: string) {}

  /**
   * A graph from a POST /_api/gharial body (Graph's user-input constructor): an empty name
   * 1922; edgeDefinitions / orphanCollections present but no arrays 1901; each definition
   * as parseEdgeDefinition, one per edge collection (1920); an orphan not a string 1943,
   * an orphan already in a definition left out (ArangoDB ignores that); a numeric
   * replicationFactor below 1 400/10. The caller checked the options (checkGraphOptions).
   */
  static fromInput(name: string, body: Obj): GraphModel {
    if (name === '') throw new ArangoError(ERR.ERROR_GRAPH_CREATE_MISSING_NAME);
    const g = new GraphModel(name);
    g.readLists(body);
    const rf = isObj(body.options) ? body.options.replicationFactor : undefined;
    if (typeof rf === 'number' && rf < 1) throw badParameter('replicationFactor must be greater than zero');
    return g;
  }

  /**
   * A graph from its stored `_graphs` document (Graph's persistence constructor). A
   * document without a _key is corrupt (500/4); its lists are read as fromInput does.
   */
  static fromStored(doc: Obj): GraphModel {
    const key = doc._key;
    if (typeof key !== 'string' || key === '') {
      throw ArangoError.withMessage(ERR.ERROR_INTERNAL, 'Persisted graph is invalid. It does not have a _key set. Please contact support.');
    }
    const g = new GraphModel(key);
    g.readLists(doc);
    return g;
  }

  private readLists(o: Obj): void {
    if (has(o, 'edgeDefinitions')) {
      const defs = o.edgeDefinitions;
      if (!Array.isArray(defs)) throw ArangoError.withMessage(ERR.ERROR_GRAPH_INVALID_GRAPH, "'edgeDefinitions' are not an array in the graph definition");
      for (const d of defs) this.addEdgeDefinition(parseEdgeDefinition(d));
    }
    if (has(o, 'orphanCollections')) {
      const orphans = o.orphanCollections;
      if (!Array.isArray(orphans)) throw ArangoError.withMessage(ERR.ERROR_GRAPH_INVALID_GRAPH, "'orphanCollections' are not an array in the graph definition");
      for (const c of orphans) {
        if (typeof c !== 'string') throw ArangoError.withMessage(ERR.ERROR_GRAPH_CREATE_MALFORMED_ORPHAN_LIST, 'orphan collection is not a string!');
        this.addOrphan(c);
      }
    }
  }

  /** Edge definitions in collection order. */
  get edgeDefinitions(): EdgeDefinition[] {
    return this.edgeCollections().map((c) => this.defs.get(c)!);
  }

  get orphanCollections(): string[] {
    return [...this.orphanSet].sort(byteOrder);
  }

  edgeCollections(): string[] {
    return [...this.defs.keys()].sort(byteOrder);
  }

  /** Every vertex collection: those of the definitions and the orphans, sorted. */
  vertexCollections(): string[] {
    const all: string[] = [...this.orphanSet];
    for (const d of this.defs.values()) all.push(...d.from, ...d.to);
    return sortedSet(all);
  }

  definition(collection: string): EdgeDefinition | undefined {
    return this.defs.get(collection);
  }

  hasEdgeCollection(c: string): boolean {
    return this.defs.has(c);
  }

  hasOrphan(c: string): boolean {
    return this.orphanSet.has(c);
  }

  /** Whether some definition has `c` in its from or to. */
  usesVertex(c: string): boolean {
    for (const d of this.defs.values()) if (d.from.includes(c) || d.to.includes(c)) return true;
    return false;
  }

  hasVertexCollection(c: string): boolean {
    return this.orphanSet.has(c) || this.usesVertex(c);
  }

  /** Adds a definition (1920 `<collection> multi use ...` if its edge collection has one); its vertex collections stop being orphans. */
  addEdgeDefinition(def: EdgeDefinition): void {
    if (this.defs.has(def.collection)) {
      throw ArangoError.withMessage(ERR.ERROR_GRAPH_COLLECTION_MULTI_USE, `${def.collection} ${ERR.ERROR_GRAPH_COLLECTION_MULTI_USE.message}`);
    }
    this.defs.set(def.collection, def);
    for (const c of [...def.from, ...def.to]) this.orphanSet.delete(c);
  }

  /** Removes the definition of `collection` (false if none); vertex collections no other definition uses become orphans. */
  removeEdgeDefinition(collection: string): boolean {
    const old = this.defs.get(collection);
    if (!old) return false;
    this.defs.delete(collection);
    for (const c of [...old.from, ...old.to]) if (!this.usesVertex(c)) this.orphanSet.add(c);
    return true;
  }

  /** Replaces the definition of `def.collection` (Graph::replaceEdgeDefinition: remove, then add). */
  replaceEdgeDefinition(def: EdgeDefinition): void {
    if (this.removeEdgeDefinition(def.collection)) this.addEdgeDefinition(def);
  }

  /** Adds an orphan; false if `c` is a vertex collection already. */
  addOrphan(c: string): boolean {
    if (this.hasVertexCollection(c)) return false;
    this.orphanSet.add(c);
    return true;
  }

  removeOrphan(c: string): boolean {
    return this.orphanSet.delete(c);
  }

  /** The `_graphs` document's attributes (its _key included). */
  toStored(): { _key: string; edgeDefinitions: EdgeDefinition[]; orphanCollections: string[] } {
    return { _key: this.name, edgeDefinitions: this.edgeDefinitions.map((d) => ({ ...d })), orphanCollections: this.orphanCollections };
  }

  /** The client's view with the stored document's revision. */
  view(rev: string): GraphView {
    return { ...this.toStored(), _rev: rev, _id: `_graphs/${this.name}`, name: this.name };
  }
}
