// /_api/gharial: ArangoDB's General Graph API (RestGraphHandler). This file turns requests
// into GraphStore calls and results into ArangoDB's replies; the graph rules live in
// src/storage/graphs.ts and graph-model.ts, the document rules in documents.ts.
//
// Dispatch, as RestGraphHandler::executeGharial: /_api/gharial takes GET and POST; below it
// the graph is looked up first (1924 for any method), then the segment after it must be
// `vertex` or `edge` (404 `not found`), then the method decides (405).
//
// Replies: { error: false, code, ... }. A write of a graph definition answers 202 (201 for
// a graph created with waitForSync), a vertex or edge write 201/200 when synced and 202
// otherwise, a removal { removed: true }. The `etag` header holds the bare revision:
// ArangoDB's graph replies do not quote it (its 304 and 412 replies do).
//
// A vertex or edge request that names a stream transaction (x-arango-trx-id) runs inside
// it, as RestGraphHandler's transaction context does: its writes stay in the transaction
// until its commit (202), its reads see them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isPlainObject, type BatchResult, type Doc, type WriteOptions } from '../../storage/documents.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import type { ElementKind, GraphTrx, StoredGraph } from '../../storage/graphs.js';
import { decodeRevision } from '../../storage/ids.js';
import { body, json, METHODS, param, qbool, qstr, route, type Ctx, type Handler, type Reply } from '../router.js';
import { failure, revisionHeader } from './document.js';
import { dirtyReadReply, trxId, withTrx } from '../trx.js';
import type { StreamTransaction } from '../../transactions/registry.js';

type GraphHandler = (req: FastifyRequest, ctx: Ctx, g: StoredGraph) => Reply | Promise<Reply>;
type Table = Partial<Record<string, GraphHandler>>;

// ---- request pieces -------------------------------------------------------------

/**
 * The request body. Invalid JSON is 400/10 `unable to parse body` where ArangoDB's
 * handler answers so; the edge definition routes keep the parser's own 400/600.
 */
function parsed(req: FastifyRequest, ownError = false): unknown {
  try {
    return body(req);
  } catch (e) {
    if (ownError || !(e instanceof ArangoError) || e.errorNum !== ERR.ERROR_HTTP_CORRUPTED_JSON.errorNum) throw e;
    throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'unable to parse body');
  }
}

/**
 * RestGraphHandler::handleRevision: the If-Match revision; when that is no revision, a
 * `rev` query parameter instead; an If-Match that holds nothing matches no document.
 */
function revision(req: FastifyRequest): string | undefined {
  const h = revisionHeader(req, 'if-match');
  const q = qstr(req, 'rev');
  if ((h === undefined || decodeRevision(h) === undefined) && q) return q;
  return h;
}

const waitForSync = (req: FastifyRequest): boolean => qbool(req, 'waitForSync', false);

/** A read's or removal's error as the document API answers it: a revision conflict as its 412 reply, the rest thrown. */
function orConflict(e: unknown): Reply {
  if (e instanceof ArangoError) return failure(e);
  throw e;
}

/**
 * Runs `fn` inside the stream transaction the request names, leased in `mode`: its view,
 * its buffer, and its declared collections (1652); `body`, when given, counts towards
 * its maxTransactionSize.
 */
function inTrx<T>(req: FastifyRequest, ctx: Ctx, mode: 'read' | 'write', body: unknown, fn: (t: GraphTrx, trx: StreamTransaction) => T): Promise<T> {
  return withTrx(req, ctx, mode, (trx) => {
    const s = ctx.services.transactions;
    const sync = waitForSync(req) || trx!.waitForSync;
    const t: GraphTrx = {
      view: trx!.txn.ownView,
      tx: trx!.txn.tx,
      locks: trx!.txn.locks,
      write: (col: CollectionRecord) => {
        s.checkWrite(trx!, col.name);
        if (body !== undefined) s.checkSize(trx!, body);
        trx!.txn.touch(col, sync);
      },
      read: (name: string) => s.checkRead(trx!, name),
    };
    return fn(t, trx!);
  });
}

// ---- replies --------------------------------------------------------------------

function ok(status: number, fields: Doc, headers?: Record<string, string>): Reply {
  return json(status, { error: false, code: status, ...fields }, headers);
}

function graphReply(status: number, r: StoredGraph): Reply {
  return ok(status, { graph: r.graph.view(r.rev) }, { etag: r.rev });
}

/** { <kind>: {_id, _key, _rev[, _oldRev]}, old?, new? } (generateCreated / generateModified). */
function elementReply(res: BatchResult, kind: ElementKind, okStatus: number): Reply {
  const r = res.results[0]!;
  if (!r.ok) return failure(r.error);
  const { old, new: created, ...meta } = r.value;
  const fields: Doc = { [kind]: meta };
  if (old !== undefined) fields.old = old;
  if (created !== undefined) fields.new = created;
  const status = res.synced ? okStatus : 202;
  return ok(status, fields, { etag: meta._rev as string });
}

// ---- handlers: graphs -----------------------------------------------------------

const listGraphs: Handler = (_req, ctx) => ok(200, { graphs: ctx.services.storage.graphs.list(ctx.db) });

const createGraph: Handler = async (req, ctx) => {
  const sync = waitForSync(req);
  const r = await ctx.services.storage.graphs.create(ctx.db, parsed(req), sync);
  return graphReply(sync ? 201 : 202, r);
};

const readGraph: GraphHandler = (_req, _ctx, g) => ok(200, { graph: g.graph.view(g.rev) });

const dropGraph: GraphHandler = async (req, ctx, g) => {
  await ctx.services.storage.graphs.drop(ctx.db, g.graph.name, qbool(req, 'dropCollections', false), waitForSync(req));
  return ok(202, { removed: true });
};

// ---- handlers: vertex collections and edge definitions --------------------------

const listVertexCollections: GraphHandler = (_req, _ctx, g) => ok(200, { collections: g.graph.vertexCollections() });
const listEdgeCollections: GraphHandler = (_req, _ctx, g) => ok(200, { collections: g.graph.edgeCollections() });

const addVertexCollection: GraphHandler = async (req, ctx, g) => {
  const b = parsed(req);
  const r = await ctx.services.storage.graphs.addVertexCollection(ctx.db, g.graph.name, b, qbool(req, 'createCollection', true), waitForSync(req));
  return graphReply(202, r);
};

const removeVertexCollection: GraphHandler = async (req, ctx, g) => {
  parsed(req);
  const r = await ctx.services.storage.graphs.removeVertexCollection(ctx.db, g.graph.name, param(req, 'set'), qbool(req, 'dropCollection', false), waitForSync(req));
  return graphReply(202, r);
};

const addEdgeDefinition: GraphHandler = async (req, ctx, g) => {
  const r = await ctx.services.storage.graphs.addEdgeDefinition(ctx.db, g.graph.name, parsed(req, true), waitForSync(req));
  return graphReply(202, r);
};

const replaceEdgeDefinition: GraphHandler = async (req, ctx, g) => {
  const r = await ctx.services.storage.graphs.replaceEdgeDefinition(ctx.db, g.graph.name, param(req, 'set'), parsed(req, true), waitForSync(req));
  return graphReply(202, r);
};

const removeEdgeDefinition: GraphHandler = async (req, ctx, g) => {
  parsed(req, true);
  const r = await ctx.services.storage.graphs.removeEdgeDefinition(ctx.db, g.graph.name, param(req, 'set'), qbool(req, 'dropCollections', false), waitForSync(req));
  return graphReply(202, r);
};

// ---- handlers: vertices and edges -----------------------------------------------

function createElement(kind: ElementKind): GraphHandler {
  return async (req, ctx, g) => {
    const b = parsed(req);
    if (!isPlainObject(b)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    const opts: WriteOptions = { waitForSync: waitForSync(req), returnNew: qbool(req, 'returnNew', false) };
    const graphs = ctx.services.storage.graphs;
    const res = trxId(req) === undefined
      ? await graphs.insert(ctx.db, g.graph.name, kind, param(req, 'set'), b, opts)
      : await inTrx(req, ctx, 'write', b, (t) => graphs.insertIn(t, ctx.db, g.graph.name, kind, param(req, 'set'), b, opts));
    return elementReply(res, kind, 201);
  };
}

/** GET: If-Match (or ?rev) must match (412 `conflict`), If-None-Match equal to it answers 304. */
function readElement(kind: ElementKind): GraphHandler {
  const answer = (req: FastifyRequest, ctx: Ctx, g: StoredGraph, t?: GraphTrx): Reply => {
    const ifNoneMatch = revisionHeader(req, 'if-none-match');
    let doc: Doc;
    try {
      doc = ctx.services.storage.graphs.read(ctx.db, g.graph.name, kind, param(req, 'set'), param(req, 'key'), revision(req), t);
    } catch (e) {
      return orConflict(e);
    }
    const rev = doc._rev as string;
    if (ifNoneMatch === rev) return { status: 304, headers: { etag: `"${rev}"` } };
    return ok(200, { [kind]: doc }, { etag: rev });
  };
  return (req, ctx, g) => {
    if (trxId(req) === undefined) return answer(req, ctx, g);
    return inTrx(req, ctx, 'read', undefined, (t, trx) => dirtyReadReply(trx.allowDirtyRead, answer(req, ctx, g, t)));
  };
}

/** PUT and PATCH: waitForSync, returnOld, returnNew, keepNull (default true, as ArangoDB's gharial). */
function modifyElement(kind: ElementKind, op: 'replace' | 'update'): GraphHandler {
  return async (req, ctx, g) => {
    const b = parsed(req);
    const opts: WriteOptions = {
      waitForSync: waitForSync(req),
      returnNew: qbool(req, 'returnNew', false),
      returnOld: qbool(req, 'returnOld', false),
      keepNull: qbool(req, 'keepNull', true),
    };
    const graphs = ctx.services.storage.graphs;
    const res = trxId(req) === undefined
      ? await graphs.modify(ctx.db, g.graph.name, kind, param(req, 'set'), param(req, 'key'), op, b, revision(req), opts)
      : await inTrx(req, ctx, 'write', b, (t) => graphs.modifyIn(t, ctx.db, g.graph.name, kind, param(req, 'set'), param(req, 'key'), op, b, revision(req), opts));
    return elementReply(res, kind, 200);
  };
}

/** DELETE: the document and the edges attached to it; { removed: true, old? }, no etag. */
function removeElement(kind: ElementKind): GraphHandler {
  return async (req, ctx, g) => {
    const opts: WriteOptions = { waitForSync: waitForSync(req), returnOld: qbool(req, 'returnOld', false) };
    let out: { value: Doc; synced: boolean };
    const graphs = ctx.services.storage.graphs;
    try {
      out = trxId(req) === undefined
        ? await graphs.remove(ctx.db, g.graph.name, kind, param(req, 'set'), param(req, 'key'), revision(req), opts)
        : await inTrx(req, ctx, 'write', undefined, (t) => ({ value: graphs.removeIn(t, ctx.db, g.graph.name, kind, param(req, 'set'), param(req, 'key'), revision(req), opts), synced: false }));
    } catch (e) {
      return orConflict(e);
    }
    const fields: Doc = { removed: true };
    if (out.value.old !== undefined) fields.old = out.value.old;
    return ok(out.synced ? 200 : 202, fields);
  };
}

// ---- dispatch -------------------------------------------------------------------

/** Looks the graph up (1924), then answers with the method's handler (405 without one). */
function forGraph(table: Table): Handler {
  return (req, ctx) => {
    const g = ctx.services.storage.graphs.get(ctx.db, param(req, 'graph'));
    const h = table[req.method];
    if (!h) throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
    return h(req, ctx, g);
  };
}

/** As forGraph, with a table for `vertex` and one for `edge` (404 `not found` for another segment). */
function forKind(vertex: Table, edge: Table): Handler {
  return (req, ctx) => {
    const g = ctx.services.storage.graphs.get(ctx.db, param(req, 'graph'));
    const type = param(req, 'type');
    if (type !== 'vertex' && type !== 'edge') throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
    const h = (type === 'vertex' ? vertex : edge)[req.method];
    if (!h) throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
    return h(req, ctx, g);
  };
}

function allMethods(h: Handler): Record<string, Handler> {
  return Object.fromEntries(METHODS.map((m) => [m, h]));
}

const tooLong: Table = Object.fromEntries(
  METHODS.map((m): [string, GraphHandler] => [
    m,
    () => {
      throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
    },
  ]),
);

export function registerGharialRoutes(app: FastifyInstance): void {
  route(app, '/_api/gharial', { GET: listGraphs, POST: createGraph });
  route(app, '/_api/gharial/:graph', allMethods(forGraph({ GET: readGraph, DELETE: dropGraph })));
  route(app, '/_api/gharial/:graph/:type', allMethods(forKind({ GET: listVertexCollections, POST: addVertexCollection }, { GET: listEdgeCollections, POST: addEdgeDefinition })));
  route(
    app,
    '/_api/gharial/:graph/:type/:set',
    allMethods(forKind({ POST: createElement('vertex'), DELETE: removeVertexCollection }, { POST: createElement('edge'), PUT: replaceEdgeDefinition, DELETE: removeEdgeDefinition })),
  );
  const element = (kind: ElementKind): Table => ({
    GET: readElement(kind),
    PATCH: modifyElement(kind, 'update'),
    PUT: modifyElement(kind, 'replace'),
    DELETE: removeElement(kind),
  });
  route(app, '/_api/gharial/:graph/:type/:set/:key', allMethods(forKind(element('vertex'), element('edge'))));
  route(app, '/_api/gharial/:graph/:type/:set/:key/*', allMethods(forKind(tooLong, tooLong)));
}
