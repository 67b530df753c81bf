// /_api/simple/*: ArangoDB's simple query API (deprecated since 3.4, served by 3.12, removed
// in 4.0). Every call becomes an AQL query run through /_api/cursor's path (createCursor:
// permissions, stream transactions, the query's own errors), as ArangoDB's handlers do.
// Two families answer in two styles, as in ArangoDB:
//   * C++ handlers (RestSimpleQueryHandler: all, all-keys, by-example; RestSimpleHandler:
//     lookup-by-keys, remove-by-keys) answer as the cursor API answers;
//   * JavaScript actions (js/actions/api-simple.js: any, first-example, range, near, within,
//     within-rectangle, fulltext, remove-/replace-/update-by-example) check the body
//     themselves, answer without `extra`, and give errors the HTTP status of
//     actions.arangoErrorToHttpCode (400 for most, e.g. a missing geo index).
// This file builds queries and shapes answers; it never reads storage but for name lookups.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { body, json, qstr, route, type Ctx, type Handler, type Reply } from '../router.js';
import { createCursor } from './cursor.js';

type Obj = Record<string, unknown>;
type Req = Parameters<Handler>[0];

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeError = (message: string) => ArangoError.withMessage(ERR.ERROR_TYPE_ERROR, message);
/** actions.badParameter: 400, errorNum 400. */
const badParameter = (name: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, `invalid value for parameter '${name}'`);
/** A TypeError inside an action: actions.resultException answers 400/17 with V8's message. */
const jsTypeError = (message: string) => typeError(message);
/** The simple-query cursors' own skip and limit checks (simple-query-common.js). */
const badValue = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/** Bind variables without the undefined ones, as V8 drops them (a query then fails with 1551). */
function bind(vars: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) out[k] = v;
  return out;
}

/** A query's whole result and its statistics (one batch, no cursor left behind). */
async function runAll(req: Req, ctx: Ctx, query: string, bindVars: Obj): Promise<{ result: unknown[]; stats: Obj }> {
  const reply = await createCursor(req, ctx, { query, bindVars, batchSize: Number.MAX_SAFE_INTEGER });
  const b = JSON.parse((reply.body as Buffer).toString('utf8')) as { result: unknown[]; extra?: { stats?: Obj } };
  return { result: b.result, stats: b.extra?.stats ?? {} };
}

const countOf = (stats: Obj, name: string): number => (typeof stats[name] === 'number' ? (stats[name] as number) : 0);

// ---- the C++ handlers -------------------------------------------------------------------

/**
 * RestSimpleQueryHandler's collection: the body's `collection` when the body has one (a
 * value that is no string counts as none), else the `collection` URL parameter; none is
 * 400/17. A collection's numeric id is turned into its name; an unknown name is left to
 * the query (404/1203).
 */
function handlerCollection(req: Req, ctx: Ctx, b: unknown): string {
  let name = '';
  if (isObject(b) && 'collection' in b) name = typeof b.collection === 'string' ? b.collection : '';
  else name = qstr(req, 'collection') ?? '';
  if (name === '') throw typeError('expecting string for <collection>');
  return ctx.services.storage.catalog.collection(ctx.db, name)?.name ?? name;
}

/** PUT /_api/simple/all: FOR doc IN c [LIMIT skip, limit] RETURN doc, counted. */
const all: Handler = (req, ctx) => {
  const b = body(req);
  const o = isObject(b) ? b : {};
  const bindVars: Obj = { '@collection': handlerCollection(req, ctx, b) };
  let query = 'FOR doc IN @@collection ';
  if (typeof o.skip === 'number' || typeof o.limit === 'number') {
    // a negative one fails in the query: 400/1504
    query += 'LIMIT @skip, @limit ';
    bindVars.skip = typeof o.skip === 'number' ? o.skip : null;
    bindVars.limit = typeof o.limit === 'number' ? o.limit : null;
  }
  const spec: Obj = { query: query + 'RETURN doc', bindVars, count: true };
  if (o.ttl !== undefined) spec.ttl = o.ttl;
  if (o.batchSize !== undefined) spec.batchSize = o.batchSize;
  if (typeof o.stream === 'boolean') spec.options = { stream: o.stream };
  return createCursor(req, ctx, spec);
};

/** PUT /_api/simple/all-keys: each document's key, id or path (`type`: key, id, else path). */
const allKeys: Handler = (req, ctx) => {
  const b = body(req);
  const collection = handlerCollection(req, ctx, b);
  const type = isObject(b) && 'type' in b ? (typeof b.type === 'string' ? b.type : '') : (qstr(req, 'type') ?? '');
  const bindVars: Obj = { '@collection': collection };
  let ret = 'CONCAT(@prefix, doc._id)';
  if (type === 'key') ret = 'doc._key';
  else if (type === 'id') ret = 'doc._id';
  else bindVars.prefix = `/_db/${ctx.db}/_api/document/`;
  return createCursor(req, ctx, { query: `FOR doc IN @@collection RETURN ${ret}`, bindVars });
};

/**
 * VelocyPackHelper::getNumericValue<size_t>: `dflt` for a value that is no number; a
 * negative or too large one throws out of velocypack, which the handler answers 500/4.
 */
function size(o: Obj, name: string, dflt = 0): number {
  const v = o[name];
  if (typeof v !== 'number') return dflt;
  if (v < 0 || v > 2 ** 64 - 1) throw ArangoError.withMessage(ERR.ERROR_INTERNAL, 'VPack error: Number out of range');
  return Math.trunc(v);
}

/** The example's filters: an attribute path per key (`a.b` is b inside a; backticks dropped). */
function exampleFilters(example: Obj, bindVars: Obj, paths: boolean): string {
  let filters = '';
  Object.entries(example).forEach(([key, value], i) => {
    filters += ` FILTER doc.@attribute${i} == @value${i}`;
    bindVars[`attribute${i}`] = paths ? key.replace(/`/g, '').split('.') : key;
    bindVars[`value${i}`] = value;
  });
  return filters;
}

/** PUT /_api/simple/by-example: the documents equal to the example on each of its attributes. */
const byExample: Handler = (req, ctx) => {
  const b = body(req);
  if (!isObject(b) || !isObject(b.example)) throw new ArangoError(ERR.ERROR_BAD_PARAMETER);
  const skip = size(b, 'skip');
  const limit = size(b, 'limit');
  const batchSize = size(b, 'batchSize');
  const bindVars: Obj = { '@collection': handlerCollection(req, ctx, b) };
  let query = 'FOR doc IN @@collection' + exampleFilters(b.example, bindVars, true);
  if (limit > 0 || skip > 0) query += ` LIMIT ${skip}, ${limit > 0 ? limit : 'null'}`;
  const spec: Obj = { query: query + ' RETURN doc', bindVars, count: true };
  if (batchSize > 0) spec.batchSize = batchSize;
  return createCursor(req, ctx, spec);
};

/** RestSimpleHandler's body and collection checks, in its order (400/17 each). */
function keysRequest(b: unknown): { body: Obj; collection: string; keys: unknown[] } {
  if (!isObject(b)) throw typeError('expecting JSON object body');
  if (typeof b.collection !== 'string') throw typeError('expecting string for <collection>');
  if (!Array.isArray(b.keys)) throw typeError('expecting array for <keys>');
  return { body: b, collection: b.collection, keys: b.keys };
}

/**
 * BindParameters::stripCollectionNames: a string key `<prefix>/<rest>` becomes `<rest>`
 * when the collection's name starts with `<prefix>` (a C string comparison of the prefix's
 * length, so `/k` and a shortened name are stripped as well).
 */
const stripCollectionName = (key: unknown, collection: string): unknown => {
  if (typeof key !== 'string') return key;
  const slash = key.indexOf('/');
  return slash >= 0 && collection.startsWith(key.slice(0, slash)) ? key.slice(slash + 1) : key;
};

/** PUT /_api/simple/lookup-by-keys: `{documents}` found by key (ids of the collection too). */
const lookupByKeys: Handler = async (req, ctx) => {
  const r = keysRequest(body(req));
  const collection = r.collection === '' ? r.collection : (ctx.services.storage.catalog.collection(ctx.db, r.collection)?.name ?? r.collection);
  const keys = r.keys.map((k) => stripCollectionName(k, collection));
  const { result } = await runAll(req, ctx, 'FOR doc IN @@collection FILTER doc._key IN @keys RETURN doc', { '@collection': collection, keys });
  return json(200, { documents: result, error: false, code: 200 });
};

/**
 * PUT /_api/simple/remove-by-keys: removes what exists, ignores the rest;
 * `options`: waitForSync, silent (default true), returnOld (whole documents in `old`).
 */
const removeByKeys: Handler = async (req, ctx) => {
  const r = keysRequest(body(req));
  const opts = isObject(r.body.options) ? r.body.options : {};
  const flag = (name: string, dflt: boolean) => (typeof opts[name] === 'boolean' ? (opts[name] as boolean) : dflt);
  const silent = flag('silent', true);
  let collection = r.collection;
  // a name that starts with a digit is read as an id (CollectionNameResolver)
  if (/^[0-9]/.test(collection)) collection = ctx.services.storage.catalog.collection(ctx.db, collection)?.name ?? collection;
  let query = `FOR key IN @keys REMOVE key IN @@collection OPTIONS { ignoreErrors: true, waitForSync: ${flag('waitForSync', false)} }`;
  if (!silent) query += flag('returnOld', false) ? ' RETURN OLD' : ' RETURN {_id: OLD._id, _key: OLD._key, _rev: OLD._rev}';
  const { result, stats } = await runAll(req, ctx, query, { '@collection': collection, keys: r.keys });
  const out: Obj = { removed: countOf(stats, 'writesExecuted'), ignored: countOf(stats, 'writesIgnored'), error: false, code: 200 };
  if (!silent) out.old = result;
  return json(200, out);
};

// ---- the JavaScript actions -------------------------------------------------------------

/** The errorNums of registry names (only names Cairn raises are listed). */
const byName = (names: string[]): number[] =>
  names.map((n) => (ERR as Record<string, { errorNum: number } | undefined>)[n]?.errorNum).filter((n): n is number => n !== undefined);

/** actions.arangoErrorToHttpCode: the status an action's caught error is answered with. */
const JS_STATUS = new Map<number, number>([
  ...byName(['ERROR_INTERNAL', 'ERROR_ARANGO_DOCUMENT_KEY_BAD']).map((n) => [n, 500] as const),
  ...byName(['ERROR_FORBIDDEN', 'ERROR_ARANGO_USE_SYSTEM_DATABASE']).map((n) => [n, 403] as const),
  ...byName([
    'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND',
    'ERROR_ARANGO_DOCUMENT_NOT_FOUND',
    'ERROR_ARANGO_DATABASE_NOT_FOUND',
    'ERROR_ARANGO_INDEX_NOT_FOUND',
    'ERROR_CURSOR_NOT_FOUND',
    'ERROR_USER_NOT_FOUND',
    'ERROR_TASK_NOT_FOUND',
    'ERROR_QUERY_NOT_FOUND',
  ]).map((n) => [n, 404] as const),
  ...byName(['ERROR_ARANGO_DUPLICATE_NAME', 'ERROR_USER_DUPLICATE', 'ERROR_GRAPH_DUPLICATE', 'ERROR_TASK_DUPLICATE_ID']).map((n) => [n, 409] as const),
]);
/**
 * Kept as they are: a cancelled job's or killed query's answer (the job machinery's), and
 * the request's stream transaction missing or gone (ArangoDB leases it before the action runs).
 */
const KEEP_STATUS = new Set(byName(['ERROR_REQUEST_CANCELED', 'ERROR_QUERY_KILLED', 'ERROR_TRANSACTION_NOT_FOUND', 'ERROR_TRANSACTION_ABORTED']));

/** Errors an action answers with a status of its own choice (actions.resultError), not mapped. */
const answered = new WeakSet<ArangoError>();
const answer = (e: ArangoError): ArangoError => {
  answered.add(e);
  return e;
};

/**
 * An action: the body read as actions.getJsonBody reads it (empty or null is `{}`, other
 * non-objects 400/600), then a method other than PUT is 405 `Unsupported method`, then
 * `run`; an ArangoError it throws gets actions.resultException's status (400 by default).
 */
function action(run: (req: Req, ctx: Ctx, b: Obj) => Promise<Reply> | Reply): Handler {
  return async (req, ctx) => {
    const raw = body(req) ?? {};
    const b = raw === null || raw === false || raw === 0 || raw === '' ? {} : raw;
    if (typeof b !== 'object') throw ArangoError.withMessage(ERR.ERROR_HTTP_CORRUPTED_JSON, 'expecting a valid JSON object as body');
    if (req.method !== 'PUT') throw ArangoError.withMessage(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED, 'Unsupported method');
    try {
      return await run(req, ctx, b as Obj);
    } catch (e) {
      if (!(e instanceof ArangoError) || KEEP_STATUS.has(e.errorNum) || answered.has(e)) throw e;
      const mapped = ArangoError.withMessage({ errorNum: e.errorNum, status: e.status, message: e.message }, e.message, JS_STATUS.get(e.errorNum) ?? 400);
      mapped.extra = e.extra;
      throw mapped;
    }
  };
}

/**
 * db._collection(body.collection) or actions.collectionNotFound: no `collection` is
 * 400/400, an unknown one 404/1203 `unknown collection '<name>'`.
 */
function actionCollection(ctx: Ctx, b: Obj): string {
  const name = b.collection;
  if (name === undefined) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting a collection name or identifier');
  const col = ctx.services.storage.catalog.collection(ctx.db, String(name));
  if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `unknown collection '${String(name)}'`);
  return col.name;
}

/** A value given at all (neither null nor undefined), as the actions test their parameters. */
const given = (v: unknown): boolean => v !== null && v !== undefined;

/**
 * A simple query's skip and limit as simple-query-common.js takes them: a negative limit
 * is refused at once (400/10); skip is checked only by the geo queries' execute
 * (`geoSkip`), elsewhere a negative one reaches the query's LIMIT (or is dropped).
 */
function skipLimit(b: Obj): { skip: number; limit: number | null } {
  const skip = given(b.skip) ? Number(b.skip) || 0 : 0;
  const limit = given(b.limit) ? Number(b.limit) || 0 : null;
  if (limit !== null && limit < 0) throw badValue('limit must be non-negative');
  return { skip, limit };
}

function geoSkip(skip: number): void {
  if (skip < 0) throw badValue('skip must be non-negative');
}

/** simple-query.js's limitString: LIMIT only for a positive skip or limit; limit 0 is none. */
function limitClause(skip: number, limit: number | null): string {
  if (!(skip > 0 || (limit ?? 0) > 0)) return '';
  const count = limit === null || limit <= 0 ? 99999999999 : Math.trunc(limit);
  return ` LIMIT ${Math.trunc(skip)}, ${count}`;
}

/** actions.resultCursor over CREATE_CURSOR: result, hasMore, id, count; no extra. */
async function jsCursor(req: Req, ctx: Ctx, b: Obj, query: string, bindVars: Obj): Promise<Reply> {
  const spec: Obj = { query, bindVars: bind(bindVars), count: true };
  if (b.batchSize !== undefined) spec.batchSize = b.batchSize;
  if (b.ttl !== undefined) spec.ttl = b.ttl;
  const reply = await createCursor(req, ctx, spec);
  const c = JSON.parse((reply.body as Buffer).toString('utf8')) as Obj;
  const out: Obj = { result: c.result, hasMore: c.hasMore };
  if (c.id !== undefined) out.id = c.id;
  out.count = c.count;
  return json(201, { ...out, error: false, code: 201 });
}

/** PUT /_api/simple/any: one document chosen at random, or null. */
const any = action(async (req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  const { result } = await runAll(req, ctx, 'FOR doc IN @@collection SORT RAND() LIMIT 1 RETURN doc', { '@collection': collection });
  return json(200, { document: result[0] ?? null, error: false, code: 200 });
});

/** An action's example: an object (actions.badParameter otherwise); null and arrays are 1227 later. */
function actionExample(b: Obj): Obj {
  const example = b.example;
  if (typeof example !== 'object') throw badParameter('example');
  if (example === null || Array.isArray(example)) {
    throw ArangoError.withMessage(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID, "invalid document type 'object'");
  }
  return example as Obj;
}

/** PUT /_api/simple/first-example: the first document matching the example, else 404 `no match`. */
const firstExample = action(async (req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  const example = actionExample(b);
  const bindVars: Obj = { '@collection': collection };
  const query = 'FOR doc IN @@collection' + exampleFilters(example, bindVars, true) + ' LIMIT 0, 1 RETURN doc';
  const { result } = await runAll(req, ctx, query, bindVars);
  if (result.length === 0) throw answer(ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, 'no match'));
  return json(200, { document: result[0], error: false, code: 200 });
});

/** PUT /_api/simple/range: attribute values in [left, right) or, `closed`, [left, right]. */
const range = action((req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  const { skip, limit } = skipLimit(b);
  const op = b.closed ? '<=' : '<';
  const query = `FOR doc IN @@collection FILTER doc.@attribute >= @left && doc.@attribute ${op} @right${limitClause(skip, limit)} RETURN doc`;
  return jsCursor(req, ctx, b, query, { '@collection': collection, attribute: b.attribute, left: b.left, right: b.right });
});

/**
 * The geo index a geo query uses: with `geo`, collection.geo({id}) looks the index up by id
 * or name (404/1212 when there is none; its type is not checked, AQL picks the geo index);
 * without, the query's constructor needs some geo index (400/1570; only near fills the
 * collection's name into the message, within and within-rectangle send the template).
 */
function requireGeoIndex(ctx: Ctx, collection: string, geo: unknown, nameInMessage: boolean): void {
  const col = ctx.services.storage.catalog.collection(ctx.db, collection)!;
  if (given(geo)) {
    const id = String(isObject(geo) && 'id' in geo ? geo.id : geo);
    const ix = col.indexes.find((i) => `${col.name}/${i.id}` === id || String(i.id) === id || i.name === id || `${col.name}/${i.name}` === id);
    if (!ix) throw new ArangoError(ERR.ERROR_ARANGO_INDEX_NOT_FOUND);
    return;
  }
  if (col.indexes.some((i) => i.type === 'geo')) return;
  const template = ERR.ERROR_QUERY_GEO_INDEX_MISSING.message;
  throw ArangoError.withMessage(ERR.ERROR_QUERY_GEO_INDEX_MISSING, nameInMessage ? template.replace('%s', collection) : template);
}

/** latitude and longitude (or their numbered pairs) must be given: actions.badParameter. */
function requireParams(b: Obj, names: string[]): void {
  for (const n of names) if (!given(b[n])) throw badParameter(n);
}

/**
 * PUT /_api/simple/near: the `limit` (default 100) documents nearest to a point after
 * `skip`, nearest first (NEAR asked for skip + limit documents).
 */
const near = action((req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  requireParams(b, ['latitude', 'longitude']);
  requireGeoIndex(ctx, collection, b.geo, true);
  const { skip, limit } = skipLimit(b);
  geoSkip(skip);
  const n = limit === null || limit <= 0 ? 100 : limit;
  const withDistance = typeof b.distance === 'string';
  const fn = `NEAR(@@collection, @latitude, @longitude, @limit${withDistance ? ', @distance' : ''})`;
  const bindVars = { '@collection': collection, latitude: b.latitude, longitude: b.longitude, limit: Math.trunc(skip + n), distance: withDistance ? b.distance : undefined };
  return jsCursor(req, ctx, b, `FOR doc IN ${fn}${limitClause(skip, n)} RETURN doc`, bindVars);
});

/** PUT /_api/simple/within: the documents within `radius` meters of a point, nearest first. */
const within = action((req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  requireParams(b, ['latitude', 'longitude']);
  requireGeoIndex(ctx, collection, b.geo, false);
  const { skip, limit } = skipLimit(b);
  geoSkip(skip);
  const withDistance = typeof b.distance === 'string';
  const fn = `WITHIN(@@collection, @latitude, @longitude, @radius${withDistance ? ', @distance' : ''})`;
  const bindVars = { '@collection': collection, latitude: b.latitude, longitude: b.longitude, radius: b.radius, distance: withDistance ? b.distance : undefined };
  return jsCursor(req, ctx, b, `FOR doc IN ${fn}${limitClause(skip, limit)} RETURN doc`, bindVars);
});

/** PUT /_api/simple/within-rectangle: the documents inside the rectangle of two corners. */
const withinRectangle = action((req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  requireParams(b, ['latitude1', 'longitude1', 'latitude2', 'longitude2']);
  requireGeoIndex(ctx, collection, b.geo, false);
  const { skip, limit } = skipLimit(b);
  geoSkip(skip);
  const fn = 'WITHIN_RECTANGLE(@@collection, @latitude1, @longitude1, @latitude2, @longitude2)';
  const bindVars = { '@collection': collection, latitude1: b.latitude1, longitude1: b.longitude1, latitude2: b.latitude2, longitude2: b.longitude2 };
  return jsCursor(req, ctx, b, `FOR doc IN ${fn}${limitClause(skip, limit)} RETURN doc`, bindVars);
});

/**
 * PUT /_api/simple/fulltext: FULLTEXT over the attribute's fulltext index. Without `index`,
 * the query's constructor needs a fulltext index on that attribute (400/1571); with one,
 * the query's own check decides.
 */
const fulltext = action((req, ctx, b) => {
  const collection = actionCollection(ctx, b);
  requireParams(b, ['attribute', 'query']);
  if (!b.index) {
    const col = ctx.services.storage.catalog.collection(ctx.db, collection)!;
    if (!col.indexes.some((i) => i.type === 'fulltext' && i.fields[0] === b.attribute)) throw new ArangoError(ERR.ERROR_QUERY_FULLTEXT_INDEX_MISSING, collection);
  }
  const { skip, limit } = skipLimit(b);
  const bindVars = { '@collection': collection, attribute: b.attribute, query: b.query };
  return jsCursor(req, ctx, b, `FOR doc IN FULLTEXT(@@collection, @attribute, @query)${limitClause(skip, limit)} RETURN doc`, bindVars);
});

/** A by-example modification's settings: the body's `options` object, else top-level ones. */
interface ModifyOptions {
  limit: unknown;
  waitForSync: boolean;
  keepNull?: boolean;
  mergeObjects?: boolean;
}

/** AQL's truthiness of an option value (AstNode::isTrue; null, false, 0 and '' are false). */
const aqlTrue = (v: unknown): boolean => !(v === null || v === undefined || v === false || v === 0 || v === '');

/**
 * The options as arango-collection.js's *ByExample functions see them: with an `options`
 * object its members; without, top-level waitForSync, limit, and for updates keepNull
 * (`body.keepNull || null`: absent or false is null, which AQL reads as false) and
 * mergeObjects (default true).
 */
function modifyOptions(b: Obj, update: boolean): ModifyOptions {
  if (b.options === null) throw jsTypeError("Cannot read property 'limit' of null");
  if (b.options !== undefined) {
    // an array has no members; any other value is taken as the next positional argument
    // (waitForSync, or keepNull for updates) and sets no limit
    if (typeof b.options !== 'object') return { limit: undefined, waitForSync: aqlTrue(b.options), keepNull: aqlTrue(b.options), mergeObjects: true };
    const o: Obj = isObject(b.options) ? b.options : {};
    return {
      limit: o.limit,
      waitForSync: aqlTrue(o.waitForSync),
      // an absent keepNull leaves AQL's default (true)
      keepNull: 'keepNull' in o && o.keepNull !== undefined ? aqlTrue(o.keepNull) : true,
      mergeObjects: 'mergeObjects' in o ? Boolean(o.mergeObjects) : true,
    };
  }
  return {
    limit: b.limit || null,
    waitForSync: aqlTrue(b.waitForSync),
    keepNull: update ? aqlTrue(b.keepNull || null) : true,
    mergeObjects: 'mergeObjects' in b ? Boolean(b.mergeObjects) : true,
  };
}

/**
 * remove-, replace- and update-by-example: the example's documents (attribute names taken
 * as they are, no paths), at most `limit` of them, changed in one query; answers
 * `{<counter>: writesExecuted}`. A limit of exactly 0 in `options` changes nothing.
 */
function modifyByExample(kind: 'REMOVE' | 'REPLACE' | 'UPDATE', counter: string): Handler {
  return action(async (req, ctx, b) => {
    const collection = actionCollection(ctx, b);
    const example = b.example;
    if (typeof example !== 'object' || Array.isArray(example)) throw badParameter('example');
    // null passes the action's check; buildExampleQuery's Object.keys(null) then fails
    if (example === null) throw jsTypeError('Cannot convert undefined or null to object');
    // null passes here as well, and the query refuses it
    if (kind !== 'REMOVE' && (typeof b.newValue !== 'object' || Array.isArray(b.newValue))) throw badParameter('newValue');
    const o = modifyOptions(b, kind === 'UPDATE');
    if (o.limit === 0) return json(200, { [counter]: 0, error: false, code: 200 });
    const bindVars: Obj = { '@collection': collection };
    let query = 'FOR doc IN @@collection' + exampleFilters(example as Obj, bindVars, false);
    const limit = Number(o.limit);
    if (limit > 0) query += ` LIMIT ${Math.trunc(limit)}`;
    const options: Obj = { waitForSync: o.waitForSync };
    if (kind === 'REMOVE') query += ' REMOVE doc IN @@collection';
    else {
      query += ` ${kind} doc WITH @newValue IN @@collection`;
      bindVars.newValue = b.newValue;
      if (kind === 'UPDATE') Object.assign(options, { keepNull: o.keepNull, mergeObjects: o.mergeObjects });
    }
    query += ` OPTIONS ${JSON.stringify(options)}`;
    const { stats } = await runAll(req, ctx, query, bindVars);
    return json(200, { [counter]: countOf(stats, 'writesExecuted'), error: false, code: 200 });
  });
}

/**
 * Every path answers below it too (/_api/simple/all/x is all): ArangoDB registers the
 * handlers for path prefixes, and actions match prefixes unless told otherwise.
 */
function prefixRoute(app: FastifyInstance, path: string, handlers: Parameters<typeof route>[2]): void {
  route(app, path, handlers);
  route(app, `${path}/*`, handlers);
}

export function registerSimpleRoutes(app: FastifyInstance): void {
  prefixRoute(app, '/_api/simple/all', { PUT: all });
  prefixRoute(app, '/_api/simple/all-keys', { PUT: allKeys });
  prefixRoute(app, '/_api/simple/by-example', { PUT: byExample });
  prefixRoute(app, '/_api/simple/lookup-by-keys', { PUT: lookupByKeys });
  prefixRoute(app, '/_api/simple/remove-by-keys', { PUT: removeByKeys });
  // the actions answer every method (405 `Unsupported method` but for PUT)
  const actions: Record<string, Handler> = {
    any,
    'first-example': firstExample,
    range,
    near,
    within,
    'within-rectangle': withinRectangle,
    fulltext,
    'remove-by-example': modifyByExample('REMOVE', 'deleted'),
    'replace-by-example': modifyByExample('REPLACE', 'replaced'),
    'update-by-example': modifyByExample('UPDATE', 'updated'),
  };
  for (const [name, h] of Object.entries(actions)) prefixRoute(app, `/_api/simple/${name}`, { GET: h, HEAD: h, POST: h, PUT: h, PATCH: h, DELETE: h });
}
