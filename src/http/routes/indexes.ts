// /_api/index: list, describe, create and drop the indexes of a collection, as ArangoDB
// 3.12's RestIndexHandler answers on a single server. Index handles are "<collection>/<id>"
// and an index may also be named instead of numbered. Indexes still being built are
// hidden from the list unless ?withHidden=true (then marked isBuilding). The builds
// themselves run in storage (chunked, so other requests keep being served). Reading
// indexes needs read access to the collection (403/11), creating and dropping them rw on
// the database and the collection (403/11), as ArangoDB's methods::Indexes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { CollectionRecord, IndexRecord, IndexType } from '../../storage/catalog.js';
import type { Doc } from '../../storage/documents.js';
import { parseIndexSpec } from '../../storage/indexes.js';
import { specialView } from '../../storage/special-indexes.js';
import { invertedView, type InvertedProps } from '../../storage/inverted-index.js';
import { analyzerResolver } from '../../storage/analyzer-lookup.js';
import { vectorView } from '../../storage/vector-index.js';
import type { Storage } from '../../storage/storage.js';
import { requireCollection, requireDatabaseAndCollectionWrite } from '../access.js';
import { body, json, param, qbool, qstr, route, type Ctx, type Handler } from '../router.js';

// ---- views ------------------------------------------------------------------------

type View = (storage: Storage, handle: string, ix: IndexRecord, col: CollectionRecord) => Doc;

const VIEWS: Record<IndexType, View> = {
  primary: (_s, id, ix) => ({ fields: ix.fields, id, name: ix.name, selectivityEstimate: 1, sparse: false, type: 'primary', unique: true }),
  edge: (_s, id, ix) => ({ fields: ix.fields, id, name: ix.name, selectivityEstimate: 1, sparse: false, type: 'edge', unique: false }),
  persistent: (storage, id, ix) => {
    const out: Doc = {
      cacheEnabled: ix.cacheEnabled,
      deduplicate: ix.deduplicate,
      estimates: ix.estimates,
      fields: ix.fields,
      id,
      name: ix.name,
    };
    // ArangoDB reports an estimate for unique indexes and for those that keep estimates.
    if (ix.unique || ix.estimates) out.selectivityEstimate = storage.indexes.estimate(ix);
    Object.assign(out, { sparse: ix.sparse, ...(ix.storedValues ? { storedValues: ix.storedValues } : {}), type: ix.typeName ?? 'persistent', unique: ix.unique });
    if (ix.building) out.isBuilding = true;
    return out;
  },
  ttl: (_s, id, ix) => {
    const out: Doc = { estimates: false, expireAfter: ix.expireAfter, fields: ix.fields, id, name: ix.name, sparse: true, type: 'ttl', unique: false };
    if (ix.building) out.isBuilding = true;
    return out;
  },
  geo: (_s, id, ix) => specialView(id, ix),
  fulltext: (_s, id, ix) => specialView(id, ix),
  mdi: (_s, id, ix) => specialView(id, ix),
  'mdi-prefixed': (_s, id, ix) => specialView(id, ix),
  zkd: (_s, id, ix) => specialView(id, ix),
  inverted: (_s, id, ix, col) => invertedView(id, ix.name, ix.props as unknown as InvertedProps, ix.building === true, col.db),
  vector: (storage, id, ix) => vectorView(id, ix, storage.indexes.vectorReady(ix)),
};

/** The client's description of an index; its id is "<collection name>/<index id>". */
export function indexView(storage: Storage, col: CollectionRecord, ix: IndexRecord): Doc {
  return VIEWS[ix.type](storage, `${col.name}/${ix.id}`, ix, col);
}

// ---- lookups ----------------------------------------------------------------------

/** The collection named by ?collection= (404/1203 when missing or unknown, as ArangoDB). */
function queryCollection(req: FastifyRequest, ctx: Ctx): CollectionRecord {
  const name = qstr(req, 'collection');
  const col = name ? ctx.services.storage.catalog.collection(ctx.db, name) : undefined;
  if (!col) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  return col;
}

function pathCollection(req: FastifyRequest, ctx: Ctx): CollectionRecord {
  return ctx.services.storage.catalog.requireCollection(ctx.db, param(req, 'collection'));
}

/** Creating and dropping an index: rw on the database and the collection, else 403/11 (ArangoDB's methods::Indexes). */
function requireIndexChange(ctx: Ctx, col: CollectionRecord): void {
  requireDatabaseAndCollectionWrite(ctx, col.name);
}

const HANDLE = /^[a-zA-Z0-9_-]+\/([a-zA-Z0-9_-]+)$/;

/**
 * ArangoDB's getIndex: a well-formed handle matches an index by its id or by its name;
 * anything else is taken as a name. Throws 1212 when nothing matches.
 */
function findIndex(col: CollectionRecord, handle: string): IndexRecord {
  const m = HANDLE.exec(handle);
  const part = m ? m[1]! : handle;
  const ix = col.indexes.find((i) => String(i.id) === part || i.name === part);
  if (!ix) throw new ArangoError(ERR.ERROR_ARANGO_INDEX_NOT_FOUND);
  return ix;
}

/**
 * ArangoDB's extractHandle for a drop: "<c>/<digits>" is an id, "<c>/<name>" a name (which
 * must exist, 1212); anything else is an illegal handle (1214).
 */
function indexIdToDrop(col: CollectionRecord, handle: string): number {
  const part = handle.slice(handle.indexOf('/') + 1);
  if (/^\d+$/.test(part)) return Number(part);
  if (!/^[a-zA-Z0-9_-]+$/.test(part)) throw new ArangoError(ERR.ERROR_ARANGO_INDEX_HANDLE_BAD);
  return findIndex(col, part).id;
}

// ---- handlers ---------------------------------------------------------------------

const list: Handler = (req, ctx) => {
  const col = queryCollection(req, ctx);
  requireCollection(ctx, col.name, 'read');
  const withHidden = qbool(req, 'withHidden', false);
  const withStats = qbool(req, 'withStats', false);
  const storage = ctx.services.storage;
  const indexes = col.indexes
    .filter((ix) => withHidden || !ix.building)
    .map((ix) => indexView(storage, col, ix))
    .map((v) => (withStats ? { ...v, figures: INDEX_FIGURES } : v));
  const identifiers = Object.fromEntries(indexes.map((v) => [v.id as string, v]));
  return json(200, { error: false, code: 200, indexes, identifiers });
};

/**
 * ?withStats=true adds ArangoDB's RocksDBIndex figures to every index. Cairn keeps no index
 * cache and does not measure index sizes (the collection figures report indexes.size 0 too).
 */
const INDEX_FIGURES: Readonly<Doc> = Object.freeze({ memory: 0, cacheInUse: false, cacheSize: 0, cacheUsage: 0 });

/**
 * ArangoDB answers every failure of an index creation with HTTP 400 (keeping its errorNum),
 * except forbidden and index-not-found.
 */
function asCreationError(e: unknown): unknown {
  if (!(e instanceof ArangoError) || e.errorNum === ERR.ERROR_FORBIDDEN.errorNum || e.errorNum === ERR.ERROR_ARANGO_INDEX_NOT_FOUND.errorNum) return e;
  if (e.status === 400) return e;
  const out = ArangoError.withMessage({ errorNum: e.errorNum, status: 400, message: e.message }, e.message, 400);
  out.extra = e.extra;
  return out;
}

/** POST /_api/index?collection=<c>: 201 for a new index, 200 for an equal existing one. */
const create: Handler = async (req, ctx) => {
  const b = body(req);
  const col = queryCollection(req, ctx);
  const storage = ctx.services.storage;
  const spec = parseIndexSpec(b, analyzerResolver(storage.catalog, storage.documents, ctx.db), ctx.services.config.experimentalVectorIndex);
  requireIndexChange(ctx, col);
  let result;
  try {
    result = await storage.indexes.ensure(ctx.db, String(col.id), spec, ctx.signal);
  } catch (e) {
    throw asCreationError(e);
  }
  const current = storage.catalog.collection(ctx.db, String(col.id)) ?? col; // renamed meanwhile?
  const code = result.created ? 201 : 200;
  return json(code, { ...indexView(storage, current, result.index), isNewlyCreated: result.created, error: false, code });
};

const createWithSuffix: Handler = (req) => {
  body(req); // a corrupt body is reported first (600), as ArangoDB parses it first
  throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, `expecting POST ${req.url.split('?')[0]}?collection=<collection-name>`);
};

const describe: Handler = (req, ctx) => {
  // an unknown collection is 404/1203 (RestIndexHandler::getIndexes; api/index.js
  // test_returns_an_error_if_collection_identifier_is_unknown, shell-index.js testGetIndexDropped)
  const col = pathCollection(req, ctx);
  requireCollection(ctx, col.name, 'read');
  const ix = findIndex(col, `${param(req, 'collection')}/${param(req, 'id')}`);
  return json(200, { ...indexView(ctx.services.storage, col, ix), error: false, code: 200 });
};

/** DELETE answers with the handle as the client gave it, as ArangoDB does. */
const drop: Handler = async (req, ctx) => {
  const col = pathCollection(req, ctx);
  requireIndexChange(ctx, col);
  const cName = param(req, 'collection');
  const iid = param(req, 'id');
  const handle = iid.startsWith(cName + '/') ? iid : `${cName}/${iid}`;
  await ctx.services.storage.indexes.drop(ctx.db, String(col.id), indexIdToDrop(col, handle));
  return json(200, { id: handle, error: false, code: 200 });
};

/** GET /_api/index/selectivity?collection=<c>: estimates of the ready indexes. */
const selectivity: Handler = (req, ctx) => {
  const col = queryCollection(req, ctx);
  requireCollection(ctx, col.name, 'read');
  const storage = ctx.services.storage;
  const indexes: Record<string, number> = {};
  for (const ix of col.indexes) {
    if (!ix.building && (ix.unique || ix.estimates)) indexes[`${col.name}/${ix.id}`] = storage.indexes.estimate(ix);
  }
  return json(200, { error: false, code: 200, indexes });
};

const oneSuffix: Handler = (req, ctx) => {
  if (param(req, 'collection') === 'selectivity') return selectivity(req, ctx);
  throw new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER);
};

const badGet: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_BAD_PARAMETER);
};

const badDelete: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting DELETE /<collection-name>/<index-identifier>');
};

export function registerIndexRoutes(app: FastifyInstance): void {
  route(app, '/_api/index', { GET: list, POST: create, DELETE: badDelete });
  route(app, '/_api/index/:collection', { GET: oneSuffix, POST: createWithSuffix, DELETE: badDelete });
  route(app, '/_api/index/:collection/:id', { GET: describe, POST: createWithSuffix, DELETE: drop });
  route(app, '/_api/index/:collection/:id/*', { GET: badGet, POST: createWithSuffix, DELETE: badDelete });
}
