// /_api/collection: create, list, describe, change, truncate and drop collections, as
// ArangoDB 3.12's RestCollectionHandler answers on a single server. This file validates
// request bodies and renders the views (short form, properties, figures ...); the catalog
// and the index store own the state. Permissions as ArangoDB's methods::Collections: the
// listing shows what the user may read, a lookup without read access is 403/11, creating
// needs rw on the database (and gives the creator rw on the collection), changing,
// renaming and dropping rw on both, truncating write access (access.ts). Whole-collection answers (revision, checksum, the
// documentsSize figure) scan the committed documents, so they cost O(documents).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { illegalCollectionName, isValidCollectionName, type Catalog, type CollectionRecord, type KeyOptions, type MutableProperty } from '../../storage/catalog.js';
import { lastValue } from '../../storage/keys.js';
import { isPlainObject, type Doc } from '../../storage/documents.js';
import { checkSchemaRule } from '../../storage/schema.js';
import { checkComputedExpression } from '../../aql/computed.js';
import { truncateInTrx, trxId, withTrx } from '../trx.js';
import type { Storage } from '../../storage/storage.js';
import { body, json, param, qbool, route, type Ctx, type Handler, type Reply } from '../router.js';
import { canUseCollection, databaseLevel, requireCollection, requireDatabaseAndCollectionWrite } from '../access.js';
import { ROOT } from '../../users/store.js';
import { grantCollection, revokeCollection } from '../../users/levels.js';

type CreateSpec = Parameters<Catalog['createCollection']>[1];

// ---- views ------------------------------------------------------------------------

/** What GET /_api/collection/<name> and most actions answer. */
function shortForm(col: CollectionRecord): Doc {
  return { id: String(col.id), name: col.name, status: 3, type: col.type, isSystem: col.isSystem, globallyUniqueId: col.globallyUniqueId };
}

// uint64 values past 2^53 (bigints) go out as the nearest double: JSON has no other number
const KEY_OPTIONS_VIEW: Record<KeyOptions['type'], (ko: KeyOptions, last: number) => Doc> = {
  traditional: (ko, last) => ({ type: ko.type, allowUserKeys: ko.allowUserKeys, lastValue: last }),
  padded: (ko, last) => ({ type: ko.type, allowUserKeys: ko.allowUserKeys, lastValue: last }),
  autoincrement: (ko, last) => ({ type: ko.type, allowUserKeys: ko.allowUserKeys, offset: Number(ko.offset ?? 0), increment: ko.increment ?? 1, lastValue: last }),
  uuid: (ko) => ({ type: ko.type, allowUserKeys: ko.allowUserKeys }),
};

/** The full properties object of a single-server ArangoDB 3.12 collection. */
export function propertiesView(storage: Storage, col: CollectionRecord): Doc {
  const primary = col.indexes.find((ix) => ix.type === 'primary')!;
  return {
    id: String(col.id),
    name: col.name,
    status: 3,
    type: col.type,
    writeConcern: col.writeConcern ?? 1,
    waitForSync: col.waitForSync,
    usesRevisionsAsDocumentIds: true,
    syncByRevision: true,
    statusString: 'loaded',
    isSmartChild: false,
    schema: col.schema ?? null,
    cacheEnabled: col.cacheEnabled,
    isSystem: col.isSystem,
    internalValidatorType: 0,
    globallyUniqueId: col.globallyUniqueId,
    keyOptions: KEY_OPTIONS_VIEW[col.keyOptions.type](col.keyOptions, Number(storage.catalog.keyGeneratorLast(col))),
    computedValues: col.computedValues ?? null,
    // A stable storage id apart from the collection id, as ArangoDB's objectId: the primary
    // index's data id is assigned at creation and survives truncates.
    objectId: String(primary.dataId),
  };
}

/** The collection's revision: changes with every write, removals and truncate included. */
function revisionOf(storage: Storage, col: CollectionRecord): string {
  return storage.documents.revision(col);
}

/** JSON with object keys sorted, so equal documents hash equally. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(stableJson).join(',') + ']';
  if (isPlainObject(v)) return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + stableJson(v[k])).join(',') + '}';
  return JSON.stringify(v);
}

const NOT_DATA = new Set(['_key', '_id', '_rev']);

/**
 * ArangoDB's collection checksum: per document a 64-bit hash of its _key (and _rev, and its
 * data without _key/_id/_rev), XOR-combined, so it does not depend on document order.
 */
function checksumOf(storage: Storage, col: CollectionRecord, withRevisions: boolean, withData: boolean): Doc {
  let sum = 0n;
  for (const doc of storage.documents.scan(col)) {
    const h = createHash('sha1').update(doc._key as string);
    if (withRevisions) h.update('\u0000' + (doc._rev as string));
    if (withData) h.update('\u0000' + stableJson(Object.fromEntries(Object.entries(doc).filter(([k]) => !NOT_DATA.has(k)))));
    sum ^= h.digest().readBigUInt64BE(0);
  }
  return { checksum: sum.toString(), revision: revisionOf(storage, col) };
}

const FIGURES_SAMPLE = 1000;

/**
 * documentsSize is an estimate, as ArangoDB's: the JSON size of up to FIGURES_SAMPLE
 * documents scaled by the count (exact for small collections), so /figures on a large
 * collection does not hold the event loop for a full scan.
 */
function figuresOf(storage: Storage, col: CollectionRecord): Doc {
  let sampled = 0;
  let bytes = 0;
  for (const doc of storage.documents.scan(col)) {
    bytes += Buffer.byteLength(JSON.stringify(doc));
    if (++sampled >= FIGURES_SAMPLE) break;
  }
  const documentsSize = sampled === 0 ? 0 : Math.round((bytes / sampled) * storage.catalog.count(col));
  return {
    indexes: { count: col.indexes.filter((ix) => !ix.building).length, size: 0 },
    documentsSize,
    cacheInUse: false,
    cacheSize: 0,
    cacheUsage: 0,
  };
}

// ---- body validation --------------------------------------------------------------

function keyGeneratorError(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_ARANGO_INVALID_KEY_GENERATOR, message);
}

const KEY_GENERATORS: readonly string[] = ['traditional', 'autoincrement', 'padded', 'uuid'];

function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** keyOptions of a create body; a non-object is ignored, as ArangoDB does. Throws 1232. */
function parseKeyOptions(v: unknown, raw?: string): KeyOptions {
  if (!isPlainObject(v)) return { type: 'traditional', allowUserKeys: true };
  const type = v.type ?? 'traditional';
  if (typeof type !== 'string' || !KEY_GENERATORS.includes(type)) {
    throw keyGeneratorError(`invalid key generator type ${JSON.stringify(type)}: expecting 'traditional', 'autoincrement', 'padded' or 'uuid'`);
  }
  const allowUserKeys = v.allowUserKeys ?? true;
  if (typeof allowUserKeys !== 'boolean') throw keyGeneratorError("'allowUserKeys' must be a boolean");
  const ko: KeyOptions = { type: type as KeyOptions['type'], allowUserKeys };
  if (type !== 'autoincrement') return ko;
  const increment = v.increment ?? 1;
  if (!isUint(increment) || increment < 1 || increment > 65535) throw keyGeneratorError('increment value must be greater than zero and smaller than 65536');
  // an offset is a uint64 in ArangoDB (up to 2^64-2): one past 2^53 is read exactly
  // from the body's text, where JSON.parse gave the nearest double
  const given = v.offset ?? 0;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 0) throw keyGeneratorError('offset value must be a non-negative integer');
  const offset = given > Number.MAX_SAFE_INTEGER && raw !== undefined ? (exactInteger(raw, given) ?? given) : given;
  if (offset >= (typeof offset === 'bigint' ? UINT64_MAX : 2 ** 64)) throw keyGeneratorError('offset value must be a non-negative integer');
  return { ...ko, increment, offset: typeof offset === 'bigint' ? lastValue(offset) : offset };
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The integer literal of JSON `text` that JSON.parse read as `approx` (a double past
 * 2^53), exactly; undefined when no literal or two different ones round to it.
 */
function exactInteger(text: string, approx: number): bigint | undefined {
  let found: string | undefined;
  for (const m of text.matchAll(/(?<![\d.eE+-])\d{16,}(?![\d.eE])/g)) {
    if (Number(m[0]) !== approx) continue;
    if (found !== undefined && BigInt(found) !== BigInt(m[0])) return undefined;
    found = m[0];
  }
  return found === undefined ? undefined : BigInt(found);
}

function schemaError(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_VALIDATION_BAD_PARAMETER, message);
}

const SCHEMA_LEVELS: readonly unknown[] = ['none', 'new', 'moderate', 'strict'];

/** A collection schema: null or {} removes it; else {rule, level, message, type}. Throws 1621. */
function parseSchema(v: unknown): Doc | null {
  if (v === null || (isPlainObject(v) && Object.keys(v).length === 0)) return null;
  if (!isPlainObject(v)) throw schemaError('schema must be an object or null');
  if (!isPlainObject(v.rule)) throw schemaError("schema attribute 'rule' must be an object");
  checkSchemaRule(v.rule);
  const level = v.level ?? 'strict';
  if (!SCHEMA_LEVELS.includes(level)) throw schemaError("schema attribute 'level' must be one of 'none', 'new', 'moderate', 'strict'");
  const message = v.message ?? 'Schema validation failed';
  if (typeof message !== 'string') throw schemaError("schema attribute 'message' must be a string");
  if ((v.type ?? 'json') !== 'json') throw schemaError("schema attribute 'type' must be 'json'");
  return { rule: v.rule, level, message, type: 'json' };
}

function badParameter(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
}

const COMPUTE_ON: readonly string[] = ['insert', 'update', 'replace'];
const SYSTEM_ATTRIBUTES = new Set(['_key', '_id', '_rev', '_from', '_to']);

function optionalBool(e: Doc, attr: string, dflt: boolean, what: string): boolean {
  const v = e[attr] ?? dflt;
  if (typeof v !== 'boolean') throw badParameter(`${what}: '${attr}' must be a boolean`);
  return v;
}

/** One computed value definition, normalized with ArangoDB's defaults. Throws 10. */
function parseComputedValue(e: unknown, names: Set<string>): Doc {
  if (!isPlainObject(e)) throw badParameter('computed value definitions must be objects');
  const name = e.name;
  if (typeof name !== 'string' || name === '' || SYSTEM_ATTRIBUTES.has(name)) throw badParameter("computed value: 'name' must be a non-empty string and not a system attribute");
  if (names.has(name)) throw badParameter(`duplicate computed value name '${name}'`);
  names.add(name);
  const what = `computed value '${name}'`;
  if (typeof e.expression !== 'string' || !/^\s*RETURN\s/i.test(e.expression)) throw badParameter(`${what}: 'expression' must be a string starting with RETURN`);
  checkComputedExpression(e.expression);
  if (typeof e.overwrite !== 'boolean') throw badParameter(`${what}: 'overwrite' must be a boolean`);
  const computeOn = e.computeOn ?? COMPUTE_ON;
  if (!Array.isArray(computeOn) || computeOn.length === 0 || !computeOn.every((c) => COMPUTE_ON.includes(c))) {
    throw badParameter(`${what}: 'computeOn' must be a non-empty array of 'insert', 'update', 'replace'`);
  }
  return {
    name,
    expression: e.expression,
    computeOn: [...computeOn],
    overwrite: e.overwrite,
    failOnWarning: optionalBool(e, 'failOnWarning', false, what),
    keepNull: optionalBool(e, 'keepNull', true, what),
  };
}

/** computedValues: null or [] removes them; each expression is checked (aql/computed.ts). */
function parseComputedValues(v: unknown): Doc[] | null {
  if (v === null) return null;
  if (!Array.isArray(v)) throw badParameter("'computedValues' must be an array or null");
  const names = new Set<string>();
  const out = v.map((e) => parseComputedValue(e, names));
  return out.length === 0 ? null : out;
}

/** The error ArangoDB's body inspection reports: 400/10 `<what> on path <path>`. */
function inspectionError(what: string, path: string): ArangoError {
  return badParameter(`${what} on path ${path}`);
}

/**
 * numberOfShards and shardKeys keep their types on a single server too (ArangoDB 3.12's
 * CreateCollectionBody: a wrong one survives its backwards-compatible second reading and
 * is refused): numberOfShards a number not below 0, shardKeys an array of strings.
 */
function checkShardingTypes(b: Doc): void {
  const n = b.numberOfShards;
  // null is let through as absent: clients that serialize unset options send it
  if (n !== undefined && n !== null) {
    if (typeof n !== 'number') throw inspectionError('Expecting numeric type', 'numberOfShards');
    if (n < 0) throw inspectionError('Number out of range', 'numberOfShards');
  }
  const keys = b.shardKeys;
  if (keys !== undefined && keys !== null) {
    if (!Array.isArray(keys)) throw inspectionError('Expecting type Array', 'shardKeys');
    keys.forEach((k, i) => {
      if (typeof k !== 'string') throw inspectionError('Expecting type String', `shardKeys[${i}]`);
    });
  }
}

/** A positive integer (a number with a fraction counts cut), else undefined. */
function positiveInteger(v: unknown): number | undefined {
  return typeof v === 'number' && Math.trunc(v) >= 1 ? Math.trunc(v) : undefined;
}

/**
 * The writeConcern a single server reports for a new collection: the one asked for
 * (`writeConcern`, or its old name `minReplicationFactor`) when it is a positive integer
 * not above the replicationFactor asked for (default 1); else, as ArangoDB's
 * backwards-compatible reading drops both, 1.
 */
function createWriteConcern(b: Doc): number {
  const asked = positiveInteger(b.writeConcern ?? b.minReplicationFactor);
  if (asked === undefined) return 1;
  const rf = b.replicationFactor === undefined ? 1 : positiveInteger(b.replicationFactor);
  return rf !== undefined && asked <= rf ? asked : 1;
}

/**
 * A POST /_api/collection body. As ArangoDB 3.12 (its backwards-compatible parsing),
 * unknown attributes are ignored, booleans of another type count as absent, any type but
 * 3 or "edge" makes a document collection, and isSystem counts only for a name starting
 * with `_`. A missing or illegal name throws 1208 (the seed's message, DECISIONS.md; ArangoDB's
 * own for a name that is not NFC-normalized).
 */
export function parseCreateBody(b: unknown, raw?: string): CreateSpec {
  if (!isPlainObject(b) || typeof b.name !== 'string' || b.name === '') throw new ArangoError(ERR.ERROR_ARANGO_ILLEGAL_COLLECTION_NAME);
  const isSystem = b.isSystem === true && b.name.startsWith('_');
  if (!isValidCollectionName(b.name, isSystem)) throw illegalCollectionName(b.name, isSystem);
  checkShardingTypes(b);
  const writeConcern = createWriteConcern(b);
  return {
    name: b.name,
    // a number is cut to an integer (3.1 and 3.9 make edge collections), as ArangoDB reads it
    type: (typeof b.type === 'number' && Math.trunc(b.type) === 3) || b.type === 'edge' ? 3 : 2,
    ...(writeConcern !== 1 ? { writeConcern } : {}),
    isSystem,
    waitForSync: b.waitForSync === true,
    cacheEnabled: b.cacheEnabled === true,
    keyOptions: parseKeyOptions(b.keyOptions, raw),
    schema: b.schema === undefined ? null : parseSchema(b.schema),
    computedValues: b.computedValues === undefined ? null : parseComputedValues(b.computedValues),
  };
}

/** The changes of a PUT .../properties body; other attributes are ignored. */
function parsePropertiesPatch(b: Doc): Partial<Pick<CollectionRecord, MutableProperty>> {
  const patch: Partial<Pick<CollectionRecord, MutableProperty>> = {};
  if (typeof b.waitForSync === 'boolean') patch.waitForSync = b.waitForSync;
  if (typeof b.cacheEnabled === 'boolean') patch.cacheEnabled = b.cacheEnabled;
  if (b.schema !== undefined) patch.schema = parseSchema(b.schema);
  if (b.computedValues !== undefined) patch.computedValues = parseComputedValues(b.computedValues);
  return patch;
}

// ---- replies ----------------------------------------------------------------------

function ok(view: Doc): Reply {
  return json(200, { error: false, code: 200, ...view });
}

/** ArangoDB's standardResponse: the view plus a location header naming the resource. */
function okAt(req: FastifyRequest, ctx: Ctx, view: Doc): Reply {
  const path = req.url.split('?')[0]!;
  return json(200, { error: false, code: 200, ...view }, { location: `/_db/${encodeURIComponent(ctx.db)}${path}` });
}

/** The collection the URL names, readable by the user: 404/1203, then 403/11 (methods::Collections::lookup). */
function collectionOf(req: FastifyRequest, ctx: Ctx): CollectionRecord {
  const name = param(req, 'name');
  const col = ctx.services.storage.catalog.requireCollection(ctx.db, name);
  if (!canUseCollection(ctx, col.name, 'ro')) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `No access to collection '${name}'`);
  return col;
}

function usage(message: string): Handler {
  return () => {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);
  };
}

const EXPECT_GET = usage('expect GET /_api/collection/<collection-name>/<method>');
const EXPECT_PUT = usage('expected PUT /_api/collection/<collection-name>/<action>');
const EXPECT_DELETE = usage('expected DELETE /_api/collection/<collection-name>');

// ---- handlers ---------------------------------------------------------------------

const list: Handler = (req, ctx) => {
  const excludeSystem = qbool(req, 'excludeSystem', false);
  const result = ctx.services.storage.catalog
    .collections(ctx.db)
    .filter((c) => (!excludeSystem || !c.isSystem) && canUseCollection(ctx, c.name, 'ro'))
    .map(shortForm);
  return json(200, { error: false, code: 200, result });
};

/** 403/11 unless the user has rw on the request's database (ArangoDB's Collections::create). */
export function requireCreateCollection(ctx: Ctx): void {
  if (databaseLevel(ctx) !== 'rw') throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `cannot create collection in ${ctx.db}: ${ERR.ERROR_FORBIDDEN.message}`);
}

/** The creator of a (non-system) collection gets rw on it, as in ArangoDB; root has it already. */
export async function grantCreator(ctx: Ctx, col: CollectionRecord): Promise<void> {
  const users = ctx.services.users;
  if (!ctx.services.config.auth || ctx.user === ROOT || col.isSystem || !users.get(ctx.user)) return;
  await users.changeGrants(ctx.user, (g) => grantCollection(g, col.db, col.name, 'rw'));
}

/**
 * The `id` a creation asks for: a string of digits or a number, as ArangoDB's
 * LogicalDataSource reads it; anything else (or 0, or beyond 2^53) asks for none.
 */
function requestedId(b: unknown): number | undefined {
  const v = isPlainObject(b) ? b.id : undefined;
  const n = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : typeof v === 'number' ? v : undefined;
  return n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const create: Handler = async (req, ctx) => {
  const b = body(req);
  const spec = parseCreateBody(b, (req.body as Buffer | undefined)?.toString('utf8'));
  requireCreateCollection(ctx);
  const storage = ctx.services.storage;
  const col = await storage.catalog.createCollection(ctx.db, spec, requestedId(b));
  await grantCreator(ctx, col);
  return ok(propertiesView(storage, col));
};

const describe: Handler = (req, ctx) => ok(shortForm(collectionOf(req, ctx)));

type Resource = (storage: Storage, col: CollectionRecord, req: FastifyRequest) => Doc;

const RESOURCES: Record<string, Resource> = {
  properties: (storage, col) => propertiesView(storage, col),
  count: (storage, col) => ({ ...propertiesView(storage, col), count: storage.catalog.count(col) }),
  figures: (storage, col) => ({ ...propertiesView(storage, col), count: storage.catalog.count(col), figures: figuresOf(storage, col) }),
  revision: (storage, col) => ({ revision: revisionOf(storage, col), ...propertiesView(storage, col) }),
  // a single server has no shards: ArangoDB 3.12 answers 501/9 (after the lookup, so 1203 first)
  shards: () => {
    throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'shards API is only available in a cluster');
  },
  checksum: (storage, col, req) => ({
    ...checksumOf(storage, col, qbool(req, 'withRevisions', false), qbool(req, 'withData', false)),
    ...shortForm(col),
  }),
};

const resource: Handler = (req, ctx) => {
  const col = collectionOf(req, ctx);
  const sub = param(req, 'sub');
  const r = RESOURCES[sub];
  if (!r) {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, "expecting one of the resources 'checksum', 'count', 'figures', 'properties', 'responsibleShard', 'revision', 'shards'");
  }
  if (sub === 'count' && trxId(req) !== undefined) {
    // inside a stream transaction: the count with its own inserts and removals
    return withTrx(req, ctx, 'read', (trx) => {
      ctx.services.transactions.checkRead(trx!, col.name);
      const count = trx!.txn.tx.get('meta', ['count', col.dataId]) as number;
      return okAt(req, ctx, { ...propertiesView(ctx.services.storage, col), count });
    });
  }
  return okAt(req, ctx, r(ctx.services.storage, col, req));
};

type Action = (ctx: Ctx, col: CollectionRecord, b: Doc, req: FastifyRequest) => Doc | Promise<Doc>;

const ACTIONS: Record<string, Action> = {
  load: (ctx, col, b) => (b.count === false ? shortForm(col) : { ...shortForm(col), count: ctx.services.storage.catalog.count(col) }),
  unload: (_ctx, col) => shortForm(col),
  compact: (_ctx, col) => shortForm(col),
  loadIndexesIntoMemory: () => ({ result: true }),
  // Coordinators only: a single server answers 403/1471 (after body parse and lookup)
  responsibleShard: () => {
    throw new ArangoError(ERR.ERROR_CLUSTER_ONLY_ON_COORDINATOR);
  },
  // Cairn's count is kept exact with every write, so there is nothing to recalculate
  recalculateCount: (ctx, col) => ({ result: true, count: ctx.services.storage.catalog.count(col) }),
  truncate: async (ctx, col, _b, req) => {
    requireCollection(ctx, col.name, 'write');
    if (trxId(req) !== undefined) {
      // inside a stream transaction: every document it sees is removed in it, so the
      // truncate commits or rolls back with the transaction
      await withTrx(req, ctx, 'write', (trx) => truncateInTrx(ctx, trx!, col));
      return shortForm(col);
    }
    const sync = qbool(req, 'waitForSync', false) || col.waitForSync;
    return shortForm(await ctx.services.storage.indexes.truncate(ctx.db, String(col.id), sync));
  },
  properties: async (ctx, col, b) => {
    requireDatabaseAndCollectionWrite(ctx, col.name);
    const storage = ctx.services.storage;
    return propertiesView(storage, await storage.catalog.updateCollection(ctx.db, String(col.id), parsePropertiesPatch(b)));
  },
  rename: async (ctx, col, b) => {
    requireDatabaseAndCollectionWrite(ctx, col.name);
    if (typeof b.name !== 'string') throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, 'name is empty');
    return shortForm(await ctx.services.storage.catalog.renameCollection(ctx.db, String(col.id), b.name));
  },
};

/** PUT /_api/collection/<name>/<action>: body parsed first (600), then the lookup (1203). */
const act: Handler = async (req, ctx) => {
  const parsed = body(req);
  const b = isPlainObject(parsed) ? parsed : {};
  const col = collectionOf(req, ctx);
  const a = ACTIONS[param(req, 'sub')];
  if (!a) {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, "expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'compact', 'rename', 'loadIndexesIntoMemory'");
  }
  return okAt(req, ctx, await a(ctx, col, b, req));
};

/**
 * DELETE: rw on the database and the collection (403/11); system collections need
 * ?isSystem=true (403/11); the data is purged later, and the collection's grants go from
 * every user (ArangoDB's Collections::drop).
 */
const drop: Handler = async (req, ctx) => {
  const storage = ctx.services.storage;
  const found = collectionOf(req, ctx);
  requireDatabaseAndCollectionWrite(ctx, found.name, `Insufficient rights to drop collection ${found.name}`);
  const col = await storage.catalog.dropCollection(ctx.db, String(found.id), qbool(req, 'isSystem', false));
  storage.purger.wake();
  await ctx.services.users.changeAllGrants((g) => revokeCollection(g, ctx.db, col.name));
  return json(200, { id: String(col.id), error: false, code: 200 });
};

export function registerCollectionRoutes(app: FastifyInstance): void {
  // ArangoDB's POST ignores URL suffixes: the body names the collection.
  route(app, '/_api/collection', { GET: list, POST: create, PUT: EXPECT_PUT, DELETE: EXPECT_DELETE });
  route(app, '/_api/collection/:name', { GET: describe, POST: create, PUT: EXPECT_PUT, DELETE: drop });
  route(app, '/_api/collection/:name/:sub', { GET: resource, POST: create, PUT: act, DELETE: EXPECT_DELETE });
  route(app, '/_api/collection/:name/:sub/*', { GET: EXPECT_GET, POST: create, PUT: EXPECT_PUT, DELETE: EXPECT_DELETE });
}
