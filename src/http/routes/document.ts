// /_api/document: insert, read, replace, update and remove documents, one at a time (an
// object body, or a key in the URL) or many at once (an array body, one mutation), plus
// the multi-document read `PUT /_api/document/<coll>?onlyget=true`. This file turns
// requests into DocumentStore calls and results into ArangoDB's replies; every document
// rule (keys, revisions, edges, unique indexes, merging) lives in src/storage/documents.ts.
//
// The user needs read access to the collection for reads and write access for writes
// (403/11 `forbidden: <c> [read]`, 403/1004 `read only: <c> [write]`; access.ts).
//
// Replies: one document -> 201 (synced) / 202, or 200 / 202 for a remove, with `etag` and
// `location`; many -> an array of results and per-item errors {error, errorNum,
// errorMessage} in input order, counted in `x-arango-error-codes`; the status stays 20x.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR, errorBody } from '../../errors/arango-error.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import { isPlainObject, type BatchResult, type Doc, type Item, type Op, type OverwriteMode, type WriteOptions } from '../../storage/documents.js';
import { body, header, json, param, qbool, qstr, route, type Ctx, type Handler, type Reply } from '../router.js';
import { applyInTrx, dirtyReadReply, trxId, withTrx } from '../trx.js';
import type { ReadView } from '../../storage/engine.js';
import { requireCollection, type AccessMode } from '../access.js';

const OVERWRITE_MODES: readonly OverwriteMode[] = ['ignore', 'replace', 'update', 'conflict'];

const MSG = {
  collectionMissing: "'collection' is missing, expecting /_api/document POST /_api/document/<collection> or query parameter 'collection'",
  superfluous: 'superfluous suffix, expecting /_api/document?collection=<identifier>',
  get: 'expecting GET /_api/document/<collection>/<key>',
  head: 'expecting HEAD /_api/document/<collection>/<key>',
  modify: (m: string) => `expecting ${m} /_api/document/<collection> or /_api/document/<collection>/<key> or /_api/document and query parameter 'collection'`,
  modifyNoCollection: "collection must be given in URL path or query parameter 'collection' must be specified",
  remove: 'expecting DELETE /_api/document/<collection>/<key> or /_api/document/<collection> with a body',
  removeBody: 'Request body not parseable',
  onlyget: 'expecting PUT /_api/document/<collection> with a body',
};

const badParameter = (msg: string) => (): ArangoError => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, msg);
const notFound = (msg: string) => (): ArangoError => ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, msg);
const superfluous = (msg: string) => (): ArangoError => ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, msg);

// ---- request pieces -------------------------------------------------------------

/**
 * The collection by name or id, usable by the user as `mode` says: 404/1203 naming it,
 * then 403/11 or 403/1004, as ArangoDB's transactions answer (access.ts).
 */
function collectionOf(ctx: Ctx, name: string, mode: AccessMode): CollectionRecord {
  const col = ctx.services.storage.catalog.collection(ctx.db, name);
  if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
  requireCollection(ctx, col.name, mode);
  return col;
}

/**
 * A revision header (If-Match, If-None-Match) without blanks and quotes. A header that
 * holds no revision becomes a value no document has, as in ArangoDB (an If-Match then fails).
 */
export function revisionHeader(req: FastifyRequest, name: string): string | undefined {
  const raw = header(req, name);
  if (raw === undefined) return undefined;
  const rev = raw.trim().replace(/^["']/, '').replace(/["']$/, '').trim();
  return rev === '' ? '\u0000' : rev;
}

/** waitForSync, returnNew, returnOld and silent: what every write understands. */
function commonOptions(req: FastifyRequest): WriteOptions & { silent: boolean } {
  return {
    waitForSync: qbool(req, 'waitForSync', false),
    returnNew: qbool(req, 'returnNew', false),
    returnOld: qbool(req, 'returnOld', false),
    silent: qbool(req, 'silent', false),
  };
}

/**
 * Insert options: `overwrite=true` means replace; a known `overwriteMode` wins (an unknown
 * one is ignored, as ArangoDB does); keepNull (default false!) and mergeObjects only for
 * update; returnOld only when a document can be replaced.
 */
function insertOptions(req: FastifyRequest): WriteOptions & { silent: boolean } {
  const opts = { ...commonOptions(req), skipDocumentValidation: qbool(req, 'skipDocumentValidation', false) };
  if (qbool(req, 'overwrite', false)) opts.overwriteMode = 'replace';
  const mode = qstr(req, 'overwriteMode') as OverwriteMode | undefined;
  if (mode !== undefined && OVERWRITE_MODES.includes(mode)) opts.overwriteMode = mode;
  if (opts.overwriteMode === 'update') {
    opts.keepNull = qbool(req, 'keepNull', false);
    opts.mergeObjects = qbool(req, 'mergeObjects', true);
  }
  opts.returnOld = opts.returnOld && (opts.overwriteMode === 'replace' || opts.overwriteMode === 'update');
  if (opts.overwriteMode === 'replace' || opts.overwriteMode === 'update') opts.versionAttribute = qstr(req, 'versionAttribute');
  return opts;
}

function modifyOptions(req: FastifyRequest, op: Op): WriteOptions & { silent: boolean } {
  const opts = { ...commonOptions(req), ignoreRevs: qbool(req, 'ignoreRevs', true) };
  if (op === 'update') {
    opts.keepNull = qbool(req, 'keepNull', true);
    opts.mergeObjects = qbool(req, 'mergeObjects', true);
  }
  if (op === 'remove') opts.returnNew = false;
  else {
    opts.versionAttribute = qstr(req, 'versionAttribute');
    opts.skipDocumentValidation = qbool(req, 'skipDocumentValidation', false);
  }
  return opts;
}

// ---- replies --------------------------------------------------------------------

/**
 * `location` of a document: the database, collection and key URL-encoded as ArangoDB does
 * (RFC 3986); an extended name is Unicode, which a header cannot carry as it is.
 */
function locationOf(db: string, colName: string, key: string): string {
  return `/_db/${urlEncode(db)}/_api/document/${urlEncode(colName)}/${urlEncode(key)}`;
}

function urlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** ArangoDB's per-item error in a multi-document reply (no `code`). */
function itemError(e: ArangoError): Doc {
  return { error: true, errorNum: e.errorNum, errorMessage: e.message };
}

/**
 * A failed single-document operation. A revision precondition answers 412 with the
 * current _id/_key/_rev and an `etag` of the current revision; the rest is thrown as usual.
 */
export function failure(e: ArangoError): Reply {
  const rev = e.extra?._rev;
  if (e.errorNum !== ERR.ERROR_ARANGO_CONFLICT.errorNum || typeof rev !== 'string') throw e;
  return json(e.status, { ...errorBody(e.status, e.errorNum, e.message), ...e.extra }, { etag: `"${rev}"` });
}

interface Shape {
  multi: boolean;
  silent: boolean;
  /** Status when synced: 201 for writes, 200 for removes (202 when not synced). */
  syncedStatus: number;
  db: string;
  /** The collection as the URL named it (used in `location`). */
  urlName: string;
}

function writeReply(res: BatchResult, shape: Shape): Reply {
  const status = res.synced ? shape.syncedStatus : 202;
  return shape.multi ? multiReply(res, shape, status) : singleReply(res, shape, status);
}

function singleReply(res: BatchResult, shape: Shape, status: number): Reply {
  const r = res.results[0]!;
  if (!r.ok) return failure(r.error);
  if (shape.silent) return json(status, {});
  const key = r.value._key as string;
  return json(status, r.value, { etag: `"${r.value._rev as string}"`, location: locationOf(shape.db, shape.urlName, key) });
}

/** Results in input order; silent keeps only the errors, and `{}` when there are none. */
function multiReply(res: BatchResult, shape: Shape, status: number): Reply {
  const out: Doc[] = [];
  const counts = new Map<number, number>();
  for (const r of res.results) {
    if (r.ok) {
      if (!shape.silent) out.push(r.value);
      continue;
    }
    out.push(itemError(r.error));
    counts.set(r.error.errorNum, (counts.get(r.error.errorNum) ?? 0) + 1);
  }
  if (counts.size === 0) return json(status, shape.silent ? {} : out);
  return json(status, out, { 'x-arango-error-codes': JSON.stringify(Object.fromEntries(counts)) });
}

/**
 * Applies `op` to the items: in one mutation, or inside the stream transaction the request
 * names (x-arango-trx-id), where the writes stay buffered until its commit (202).
 */
function apply(req: FastifyRequest, ctx: Ctx, col: CollectionRecord, op: Op, items: Item[], opts: WriteOptions): Promise<BatchResult> {
  if (trxId(req) === undefined) return ctx.services.storage.documents.apply(ctx.db, col.name, op, items, opts);
  return withTrx(req, ctx, 'write', (trx) => applyInTrx(ctx, trx!, col, op, items, opts));
}

/**
 * The view a read uses: the request's stream transaction's (leased for reading), or the
 * committed state. A transaction begun allowing dirty reads says so on the reply.
 */
function readIn(req: FastifyRequest, ctx: Ctx, col: CollectionRecord, fn: (view: Pick<ReadView, 'get'> | undefined) => Reply): Reply | Promise<Reply> {
  if (trxId(req) === undefined) return fn(undefined);
  return withTrx(req, ctx, 'read', (trx) => {
    ctx.services.transactions.checkRead(trx!, col.name);
    // its own writes over its snapshot
    return dirtyReadReply(trx!.allowDirtyRead, fn(trx!.txn.tx));
  });
}

// ---- handlers -------------------------------------------------------------------

/** POST /_api/document/<coll> and POST /_api/document?collection=<coll>. */
async function insert(req: FastifyRequest, ctx: Ctx, urlName: string | undefined): Promise<Reply> {
  if (!urlName) throw ArangoError.withMessage(ERR.ERROR_ARANGO_COLLECTION_PARAMETER_MISSING, MSG.collectionMissing);
  const doc = body(req);
  const col = collectionOf(ctx, urlName, 'write');
  const opts = insertOptions(req);
  const multi = Array.isArray(doc);
  const items = multi ? doc.map((d) => ({ body: d })) : [{ body: doc }];
  const res = await apply(req, ctx, col, 'insert', items, opts);
  return writeReply(res, { multi, silent: opts.silent, syncedStatus: 201, db: ctx.db, urlName });
}

/**
 * GET and HEAD of one document: If-Match (412 `conflict`), If-None-Match (304). HEAD
 * answers with GET's headers, its content-length too (node:http leaves the body out).
 */
const read: Handler = (req, ctx) => {
  const col = collectionOf(ctx, param(req, 'collection'), 'read');
  // the hot path (no transaction) makes no closure
  if (trxId(req) === undefined) return readOne(req, ctx, col, undefined);
  return readIn(req, ctx, col, (view) => readOne(req, ctx, col, view));
};

function readOne(req: FastifyRequest, ctx: Ctx, col: CollectionRecord, view: Pick<ReadView, 'get'> | undefined): Reply {
  const ifMatch = revisionHeader(req, 'if-match');
  const ifNoneMatch = revisionHeader(req, 'if-none-match');
  let doc: Doc;
  try {
    const search = ifMatch === undefined ? { _key: param(req, 'key') } : { _key: param(req, 'key'), _rev: ifMatch };
    doc = ctx.services.storage.documents.read(col, search, ifMatch === undefined, view);
  } catch (e) {
    if (e instanceof ArangoError) return failure(e);
    throw e;
  }
  const etag = { etag: `"${doc._rev as string}"` };
  if (ifNoneMatch === doc._rev) return { status: 304, headers: etag };
  return json(200, doc, etag);
}

/** PUT or PATCH of the document named in the URL; If-Match alone decides the revision. */
function modifyOne(op: 'replace' | 'update'): Handler {
  return async (req, ctx) => {
    const urlName = param(req, 'collection');
    const doc = body(req);
    if (!isPlainObject(doc)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    const col = collectionOf(ctx, urlName, 'write');
    const opts = modifyOptions(req, op);
    const ifMatch = revisionHeader(req, 'if-match');
    if (ifMatch !== undefined) opts.ignoreRevs = true;
    const res = await apply(req, ctx, col, op, [{ key: param(req, 'key'), body: doc, ifMatch }], opts);
    return writeReply(res, { multi: false, silent: opts.silent, syncedStatus: 201, db: ctx.db, urlName });
  };
}

/** PUT or PATCH of many documents: an array of objects, each with its _key. */
async function modifyMany(req: FastifyRequest, ctx: Ctx, op: 'replace' | 'update', urlName: string | undefined): Promise<Reply> {
  if (urlName === undefined) throw badParameter(MSG.modifyNoCollection)();
  const docs = body(req);
  if (!Array.isArray(docs)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
  const col = collectionOf(ctx, urlName, 'write');
  const opts = modifyOptions(req, op);
  const res = await apply(req, ctx, col, op, docs.map((d) => ({ body: d })), opts);
  return writeReply(res, { multi: true, silent: opts.silent, syncedStatus: 201, db: ctx.db, urlName });
}

/** DELETE of the document named in the URL; only If-Match is a precondition. */
const removeOne: Handler = async (req, ctx) => {
  const urlName = param(req, 'collection');
  const col = collectionOf(ctx, urlName, 'write');
  const opts = modifyOptions(req, 'remove');
  const item = { key: param(req, 'key'), ifMatch: revisionHeader(req, 'if-match') };
  const res = await apply(req, ctx, col, 'remove', [item], opts);
  return writeReply(res, { multi: false, silent: opts.silent, syncedStatus: 200, db: ctx.db, urlName });
};

/** DELETE /_api/document/<coll> with an array of keys, _ids or {_key} (or one object). */
const removeMany: Handler = async (req, ctx) => {
  const urlName = param(req, 'collection');
  const search = body(req);
  if (!Array.isArray(search) && !isPlainObject(search)) throw badParameter(MSG.removeBody)();
  const col = collectionOf(ctx, urlName, 'write');
  const opts = modifyOptions(req, 'remove');
  const multi = Array.isArray(search);
  const items = multi ? search.map((s) => ({ body: s })) : [{ body: search }];
  const res = await apply(req, ctx, col, 'remove', items, opts);
  return writeReply(res, { multi, silent: opts.silent, syncedStatus: 200, db: ctx.db, urlName });
};

/** PUT /_api/document/<coll>?onlyget: documents for keys, _ids or {_key[, _rev]}, in order. */
function readMany(req: FastifyRequest, ctx: Ctx): Reply | Promise<Reply> {
  const search = body(req);
  const col = collectionOf(ctx, param(req, 'collection'), 'read');
  return readIn(req, ctx, col, (view) => readManyIn(req, ctx, col, search, view));
}

function readManyIn(req: FastifyRequest, ctx: Ctx, col: CollectionRecord, search: unknown, view: Pick<ReadView, 'get'> | undefined): Reply {
  const ignoreRevs = qbool(req, 'ignoreRevs', true);
  const documents = ctx.services.storage.documents;
  if (!Array.isArray(search)) {
    const doc = documents.read(col, search, ignoreRevs, view);
    return json(200, doc, { etag: `"${doc._rev as string}"` });
  }
  const out = search.map((s): Doc => {
    try {
      return documents.read(col, s, ignoreRevs, view);
    } catch (e) {
      if (e instanceof ArangoError) return itemError(e);
      throw e;
    }
  });
  return json(200, out);
}

const onlyget = (req: FastifyRequest): boolean => qstr(req, 'onlyget') !== undefined;

/** A handler that only answers with the error `make` builds (a fresh one per request). */
const fail =
  (make: () => ArangoError): Handler =>
  () => {
    throw make();
  };

// ---- routes ---------------------------------------------------------------------

export function registerDocumentRoutes(app: FastifyInstance): void {
  route(app, '/_api/document', {
    POST: (req, ctx) => insert(req, ctx, qstr(req, 'collection')),
    PUT: (req, ctx) => (onlyget(req) ? fail(badParameter(MSG.onlyget))(req, ctx) : modifyMany(req, ctx, 'replace', qstr(req, 'collection'))),
    PATCH: (req, ctx) => modifyMany(req, ctx, 'update', qstr(req, 'collection')),
    DELETE: fail(badParameter(MSG.remove)),
    GET: fail(notFound(MSG.get)),
    HEAD: fail(badParameter(MSG.head)),
  });
  route(app, '/_api/document/:collection', {
    POST: (req, ctx) => insert(req, ctx, param(req, 'collection')),
    PUT: (req, ctx) => (onlyget(req) ? readMany(req, ctx) : modifyMany(req, ctx, 'replace', param(req, 'collection'))),
    PATCH: (req, ctx) => modifyMany(req, ctx, 'update', param(req, 'collection')),
    DELETE: removeMany,
    GET: fail(notFound(MSG.get)),
    HEAD: fail(badParameter(MSG.head)),
  });
  route(app, '/_api/document/:collection/:key', {
    GET: read,
    HEAD: read,
    PUT: (req, ctx) => (onlyget(req) ? fail(badParameter(MSG.onlyget))(req, ctx) : modifyOne('replace')(req, ctx)),
    PATCH: modifyOne('update'),
    DELETE: removeOne,
    POST: fail(superfluous(MSG.superfluous)),
  });
  route(app, '/_api/document/:collection/:key/*', {
    GET: fail(superfluous(MSG.get)),
    HEAD: fail(badParameter(MSG.head)),
    PUT: (req, ctx) => fail(badParameter(onlyget(req) ? MSG.onlyget : MSG.modify('PUT')))(req, ctx),
    PATCH: fail(badParameter(MSG.modify('PATCH'))),
    DELETE: fail(badParameter(MSG.remove)),
    POST: fail(superfluous(MSG.superfluous)),
  });
}
