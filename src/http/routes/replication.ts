// /_api/replication/* and /_api/wal/* (/_admin/wal is routes/admin.ts's) as a single ArangoDB 3.12 server answers them
// (RestReplicationHandler, RocksDBRestReplicationHandler, RestWalAccessHandler): the
// logger's state and tick ranges, the server id, the applier's configuration and state
// (never running: Cairn is no follower), and the dump protocol arangodump uses: a batch
// (a read snapshot, storage/dump-batches.ts), the inventory and each collection's
// documents in chunks. Ticks are Cairn's server tick (storage/ids.ts), as decimal strings:
// the committed one for the logger, the snapshot's for a batch. Cairn keeps no log of
// changes, so tailing (logger-follow, wal/tail), incremental sync (keys) and the applier's
// start answer 501; restore-* is arangorestore's, not served yet (501 too).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { ARANGO_VERSION } from '../../version.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import { isPlainObject, type Doc } from '../../storage/documents.js';
import { body, json, pathSuffixes, qbool, qstr, route, type Ctx, type Handler } from '../router.js';
import { canUseCollection, databaseLevel, isAdmin } from '../access.js';
import { propertiesView } from './collection.js';
import { indexView } from './indexes.js';

const BASE = '/_api/replication';
const DUMP_TYPE = 'application/x-arango-dump';
const DEFAULT_CHUNK_SIZE = 128 * 1024;
const MAX_CHUNK_SIZE = 128 * 1024 * 1024;

// ---- figures shared by several answers ------------------------------------------------

/** utilities::timeString: UTC, seconds, no fraction. */
const timeString = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The server id as ArangoDB shows it (a decimal uint64): the catalog's persisted id, read as the hex number it is. */
export function serverId(ctx: Ctx): string {
  return String(parseInt(ctx.services.storage.catalog.serverId.slice(1), 16));
}

/** The last committed server tick. */
function lastTick(ctx: Ctx): number {
  const ids = ctx.services.storage.engine.get('meta', ['ids']) as { tick?: number } | undefined;
  return ids?.tick ?? 0;
}

const server = (ctx: Ctx) => ({ version: ARANGO_VERSION, serverId: serverId(ctx) });

// ---- logger ------------------------------------------------------------------------

/** RocksDBEngine::createLoggerState at `tick`: the state, the server (with its engine) and no clients. */
function loggerStateAt(ctx: Ctx, tick: number): Doc {
  return {
    state: { running: true, lastLogTick: String(tick), lastUncommittedLogTick: String(tick), totalEvents: tick, time: timeString() },
    server: { ...server(ctx), engine: 'lmdb' },
    clients: [],
  };
}

const loggerState: Handler = (_req, ctx) => json(200, loggerStateAt(ctx, lastTick(ctx)));

/** Cairn serves no change log: the first tick it could serve changes from is the present. */
const loggerFirstTick: Handler = (_req, ctx) => json(200, { firstTick: String(lastTick(ctx)) });

const loggerTickRanges: Handler = (_req, ctx) => {
  const tick = String(lastTick(ctx));
  return json(200, [{ datafile: `${ctx.services.config.dataDir}/data.mdb`, status: 'open', tickMin: tick, tickMax: tick }]);
};

const serverIdHandler: Handler = (_req, ctx) => json(200, { serverId: serverId(ctx) });

/** RocksDB's determine-open-transactions: its WAL holds only finished transactions. */
const openTransactions: Handler = () => ({ status: 200, body: '[]', headers: { 'x-arango-replication-lasttick': '0', 'x-arango-replication-frompresent': 'true' }, type: DUMP_TYPE });

/** The RocksDB engine's barrier (kept for old clients): an id for POST, nothing to do otherwise. */
const barrier: Handler = (req, ctx) => {
  if (req.method === 'POST') return json(200, { id: String(ctx.services.storage.ids.tick()) });
  if (req.method === 'GET') return json(200, []);
  return { status: 204 };
};

// ---- batches -----------------------------------------------------------------------

/** A body that must be an object (RocksDBRestReplicationHandler parses it with parseVPackBody). */
function objectBody(req: FastifyRequest): Record<string, unknown> {
  const b = body(req);
  if (!isPlainObject(b)) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid JSON');
  return b;
}

const ttlOf = (b: Record<string, unknown>): number => (typeof b.ttl === 'number' ? b.ttl : 0);

const batch: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  const batches = ctx.services.dumpBatches;
  if (req.method === 'POST') {
    const created = batches.create(ttlOf(objectBody(req)));
    const out: Doc = { id: created.id, lastTick: created.lastTick };
    // ?state=true: the logger state, at the batch's tick (so every tick of the answer is one)
    if (qbool(req, 'state', false)) out.state = loggerStateAt(ctx, Number(created.lastTick));
    return json(200, out);
  }
  if (req.method === 'PUT' && s.length >= 2) {
    batches.extend(s[1]!, ttlOf(objectBody(req)));
    return { status: 204 };
  }
  if (req.method === 'DELETE' && s.length >= 2) {
    if (!batches.remove(s[1]!)) throw new ArangoError(ERR.ERROR_CURSOR_NOT_FOUND);
    return { status: 204 };
  }
  throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
};

// ---- inventory ---------------------------------------------------------------------

/** TRI_ExcludeCollectionReplication: system collections replication never copies. */
function excluded(name: string, includeSystem: boolean, includeFoxxQueues: boolean): boolean {
  if (!name.startsWith('_')) return false;
  if (!includeSystem) return true;
  if (name.startsWith('_statistics') || ['_configuration', '_frontend', '_cluster_kickstarter_plans', '_routing', '_fishbowl', '_foxxlog', '_sessions'].includes(name)) return true;
  return !includeFoxxQueues && (name === '_jobs' || name === '_queues');
}

/** LogicalCollection::toVelocyPackForInventory: indexes (no primary or edge index, ids without the collection) and parameters. */
function collectionInventory(ctx: Ctx, col: CollectionRecord): Doc {
  const storage = ctx.services.storage;
  const indexes = col.indexes
    .filter((ix) => ix.type !== 'primary' && ix.type !== 'edge' && !ix.building)
    .map((ix) => ({ ...indexView(storage, col, ix), id: String(ix.id) }));
  const { objectId: _o, statusString: _s, ...parameters } = propertiesView(storage, col);
  // cid and version as ArangoDB's inventory has them (the id again; LogicalCollection's format version 7)
  return { indexes, parameters: { ...parameters, cid: String(col.id), version: 7, deleted: false } };
}

/** One database's collections (lower-case name order, as TRI_vocbase_t::inventory) and views. */
function databaseInventory(ctx: Ctx, db: string, includeSystem: boolean, includeFoxxQueues: boolean): { collections: Doc[]; views: unknown[] } {
  const storage = ctx.services.storage;
  const actor = { ...ctx, db };
  // admins read every collection here (ArangoDB's ExecContextSuperuserScope), _users too
  const admin = isAdmin(ctx);
  const collections = storage.catalog
    .collections(db)
    .filter((c) => !excluded(c.name, includeSystem, includeFoxxQueues) && (admin || canUseCollection(actor, c.name, 'ro')))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0))
    .map((c) => collectionInventory(ctx, c));
  const views = storage.catalog.views(db).map((v) => storage.views.properties(v));
  return { collections, views };
}

const inventory: Handler = (req, ctx) => {
  const batchId = qstr(req, 'batchId');
  if (batchId === undefined) throw ArangoError.withMessage(ERR.ERROR_CURSOR_NOT_FOUND, 'batchId not specified');
  const tick = ctx.services.dumpBatches.tick(batchId);
  if (tick === undefined) throw ArangoError.withMessage(ERR.ERROR_CURSOR_NOT_FOUND, 'context was not found');
  const includeSystem = qbool(req, 'includeSystem', true);
  const includeFoxxQueues = qbool(req, 'includeFoxxQueues', false);
  const out: Doc = {};
  if (qbool(req, 'global', false)) {
    const databases: Doc = {};
    // DatabaseFeature::inventory: the databases the user may read
    for (const db of ctx.services.storage.catalog.databaseNames().sort()) {
      if (databaseLevel(ctx, db) === 'none') continue;
      const rec = ctx.services.storage.catalog.requireDatabase(db);
      databases[db] = { ...databaseInventory(ctx, db, includeSystem, includeFoxxQueues), properties: { id: String(rec.id), name: db, isSystem: db === '_system', path: 'none' } };
    }
    out.databases = databases;
  } else Object.assign(out, databaseInventory(ctx, ctx.db, includeSystem, includeFoxxQueues));
  const snap = String(tick);
  out.state = { running: true, lastLogTick: snap, lastUncommittedLogTick: snap, totalEvents: tick, time: timeString() };
  out.tick = String(ctx.services.storage.ids.current);
  return json(200, out);
};

// ---- dump --------------------------------------------------------------------------

/** RestReplicationHandler::determineChunkSize: bytes, ArangoDB's default and ceiling. */
function chunkSizeOf(req: FastifyRequest): number {
  const v = qstr(req, 'chunkSize');
  if (v === undefined) return DEFAULT_CHUNK_SIZE;
  // StringUtils::uint64: what does not parse is 0 (and a chunk of 0 bytes holds nothing)
  const n = parseInt(v, 10);
  if (Number.isNaN(n)) return 0;
  return n < 0 ? MAX_CHUNK_SIZE : Math.min(n, MAX_CHUNK_SIZE);
}

const dump: Handler = (req, ctx) => {
  // RestReplicationHandler::testPermissions first: a collection is named, and readable
  // (admins may read any), then the handler's own checks
  const name = qstr(req, 'collection') ?? '';
  if (name === '') throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  if (!isAdmin(ctx) && !canUseCollection(ctx, name, 'ro')) throw new ArangoError(ERR.ERROR_FORBIDDEN);
  const batchId = qstr(req, 'batchId');
  if (batchId === undefined) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'replication dump - request misses batchId', 404);
  const batches = ctx.services.dumpBatches;
  if (batches.tick(batchId) === undefined) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'replication dump - unable to find context (it could be expired)', 404);
  const col = ctx.services.storage.catalog.collection(ctx.db, name);
  // ArangoDB's dumpJson fails with TRI_ERROR_BAD_PARAMETER for an unknown collection
  if (!col) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'replication dump - bad parameter');
  const chunk = batches.dump(batchId, col, chunkSizeOf(req), qbool(req, 'useEnvelope', true))!;
  const headers = { 'x-arango-replication-checkmore': String(chunk.hasMore), 'x-arango-replication-lastincluded': String(chunk.includedTick) };
  if (chunk.text === '') return { status: 204, headers, type: DUMP_TYPE };
  return { status: 200, body: chunk.text, headers, type: DUMP_TYPE };
};

// ---- applier -----------------------------------------------------------------------

/** ReplicationApplierConfiguration's defaults, in toVelocyPack's order. */
const APPLIER_DEFAULTS: Doc = {
  requestTimeout: 600,
  connectTimeout: 10,
  ignoreErrors: 0,
  maxConnectRetries: 100,
  lockTimeoutRetries: 0,
  sslProtocol: 0,
  chunkSize: 0,
  skipCreateDrop: false,
  autoStart: false,
  adaptivePolling: true,
  autoResync: false,
  autoResyncRetries: 2,
  maxPacketSize: 536870912,
  includeSystem: true,
  includeFoxxQueues: false,
  requireFromPresent: true,
  verbose: false,
  incremental: false,
  restrictType: '',
  restrictCollections: [],
  connectionRetryWaitTime: 15,
  initialSyncMaxWaitTime: 300,
  idleMinWaitTime: 1,
  idleMaxWaitTime: 2.5,
};

const NUMBERS = ['requestTimeout', 'connectTimeout', 'maxConnectRetries', 'lockTimeoutRetries', 'sslProtocol', 'chunkSize', 'autoResyncRetries', 'maxPacketSize'];
const BOOLEANS = ['skipCreateDrop', 'autoStart', 'adaptivePolling', 'autoResync', 'includeSystem', 'includeFoxxQueues', 'requireFromPresent', 'verbose', 'incremental'];
const WAIT_TIMES = ['connectionRetryWaitTime', 'initialSyncMaxWaitTime', 'idleMinWaitTime', 'idleMaxWaitTime'];

const invalidConfig = (what: string) => ArangoError.withMessage(ERR.ERROR_REPLICATION_INVALID_APPLIER_CONFIGURATION, `invalid value for <${what}>`);

/** ReplicationApplierConfiguration::fromVelocyPack over `existing`, then validate(); what is stored (password included). */
function mergeConfig(existing: Doc, b: Doc, database: string): Doc {
  const c: Doc = { ...existing };
  c.database = typeof b.database === 'string' ? b.database : database;
  if (typeof b.username === 'string' && b.username.length > 0) {
    c.username = b.username;
    if (typeof b.password === 'string') c.password = b.password;
  } else if (typeof b.jwt === 'string') c.jwt = b.jwt;
  for (const k of NUMBERS) if (typeof b[k] === 'number') c[k] = k === 'requestTimeout' || k === 'connectTimeout' ? b[k] : Math.max(0, Math.trunc(b[k] as number));
  for (const k of BOOLEANS) if (typeof b[k] === 'boolean') c[k] = b[k];
  if (typeof b.ignoreErrors === 'number') c.ignoreErrors = Math.max(0, Math.trunc(b.ignoreErrors));
  else if (typeof b.ignoreErrors === 'boolean') c.ignoreErrors = b.ignoreErrors ? Number.MAX_SAFE_INTEGER : 0;
  if (typeof b.restrictType === 'string') {
    if (!['', 'none', 'include', 'exclude'].includes(b.restrictType)) throw invalidConfig('restrictType');
    c.restrictType = b.restrictType === 'none' ? '' : b.restrictType;
  }
  if (Array.isArray(b.restrictCollections)) c.restrictCollections = [...new Set(b.restrictCollections.filter((x): x is string => typeof x === 'string'))].sort();
  for (const k of WAIT_TIMES) if (typeof b[k] === 'number' && (b[k] as number) > 0) c[k] = b[k];
  if ('endpoint' in b) {
    if (typeof b.endpoint === 'string') c.endpoint = b.endpoint;
    else c.autoStart = false;
  }
  if (typeof c.endpoint !== 'string' || c.endpoint === '') throw invalidConfig('endpoint');
  const restricted = (c.restrictCollections as string[]).length > 0;
  if ((c.restrictType === '') === restricted) throw invalidConfig('restrictCollections> or <restrictType');
  return c;
}

/** toVelocyPack(includePassword=false, includeJwt=false): endpoint, database, username, then the settings. */
function configView(stored: Doc | undefined): Doc {
  const c = { ...APPLIER_DEFAULTS, ...(stored ?? {}) };
  const out: Doc = {};
  if (typeof c.endpoint === 'string' && c.endpoint !== '') out.endpoint = c.endpoint;
  if (typeof c.database === 'string' && c.database !== '') out.database = c.database;
  if (typeof c.username === 'string' && c.username !== '') out.username = c.username;
  for (const k of Object.keys(APPLIER_DEFAULTS)) out[k] = c[k];
  return out;
}

/** RestReplicationHandler::getApplier: ?global=true is for _system only. */
function applierDb(req: FastifyRequest, ctx: Ctx): string {
  if (!qbool(req, 'global', false)) return ctx.db;
  if (ctx.db !== '_system') throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'global inventory can only be created from within _system database');
  return '';
}

const getApplierConfig: Handler = (req, ctx) => json(200, configView(ctx.services.applierConfigs.get(applierDb(req, ctx))));

const setApplierConfig: Handler = async (req, ctx) => {
  const db = applierDb(req, ctx);
  const b = body(req);
  const merged = mergeConfig(ctx.services.applierConfigs.get(db) ?? { ...APPLIER_DEFAULTS }, isPlainObject(b) ? b : {}, db);
  await ctx.services.applierConfigs.set(db, merged);
  return json(200, configView(merged));
};

/** ReplicationApplier::toVelocyPack of an applier that never ran. */
function applierState(ctx: Ctx, db: string): Doc {
  const c = configView(ctx.services.applierConfigs.get(db));
  const out: Doc = {
    state: {
      started: '',
      running: false,
      phase: 'inactive',
      lastAppliedContinuousTick: null,
      lastProcessedContinuousTick: null,
      lastAvailableContinuousTick: null,
      safeResumeTick: null,
      progress: { time: '', failedConnects: 0 },
      totalRequests: 0,
      totalFailedConnects: 0,
      totalEvents: 0,
      totalDocuments: 0,
      totalRemovals: 0,
      totalResyncs: 0,
      totalOperationsExcluded: 0,
      totalApplyTime: 0,
      averageApplyTime: 0,
      totalFetchTime: 0,
      averageFetchTime: 0,
      lastError: { errorNum: 0 },
      time: timeString(),
    },
    server: server(ctx),
  };
  if (c.endpoint !== undefined) out.endpoint = c.endpoint;
  if (c.database !== undefined) out.database = c.database;
  return out;
}

const getApplierState: Handler = (req, ctx) => json(200, applierState(ctx, applierDb(req, ctx)));

/** DELETE applier-state: forget the configuration and state (ReplicationApplier::forget). */
const deleteApplierState: Handler = async (req, ctx) => {
  const db = applierDb(req, ctx);
  await ctx.services.applierConfigs.set(db, undefined);
  return json(200, applierState(ctx, db));
};

/** applier-state-all: every database's applier state, by name. */
const getApplierStateAll: Handler = (_req, ctx) => {
  const out: Doc = {};
  for (const db of ctx.services.storage.catalog.databaseNames().sort()) out[db] = applierState(ctx, db);
  return json(200, out);
};

/** Starting needs a valid configuration (400/1410 without one, as ArangoDB); with one, Cairn still cannot follow a leader. */
const applierStart: Handler = (req, ctx) => {
  const stored = ctx.services.applierConfigs.get(applierDb(req, ctx));
  if (typeof stored?.endpoint !== 'string' || stored.endpoint === '') throw invalidConfig('endpoint');
  return notServed('applier-start')(req, ctx);
};

/** Stopping an applier that is not running succeeds and answers its state. */
const applierStop: Handler = (req, ctx) => json(200, applierState(ctx, applierDb(req, ctx)));

// ---- what Cairn does not serve -----------------------------------------------------

const notServed =
  (what: string): Handler =>
  () => {
    throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `${what} is not supported by this server: it keeps no log of changes to serve`);
  };

/** Revision-based sync (revisions/tree, ranges, documents): needs a revision tree Cairn does not keep. */
const revisions: Handler = (req, ctx) => {
  if (pathSuffixes(req, BASE).length < 2) throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
  return notServed('revisions')(req, ctx);
};

const coordinatorOnly: Handler = () => {
  throw new ArangoError(ERR.ERROR_CLUSTER_ONLY_ON_COORDINATOR);
};
const dbServerOnly: Handler = () => {
  throw new ArangoError(ERR.ERROR_CLUSTER_ONLY_ON_DBSERVER);
};

type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>;

/** The commands, by the first suffix, with a handler per method ArangoDB accepts. */
const COMMANDS: Record<string, Methods> = {
  'logger-state': { GET: loggerState },
  'logger-tick-ranges': { GET: loggerTickRanges },
  'logger-first-tick': { GET: loggerFirstTick },
  'logger-follow': { GET: notServed('logger-follow'), PUT: notServed('logger-follow') },
  'determine-open-transactions': { GET: openTransactions },
  batch: { POST: batch, PUT: batch, DELETE: batch, GET: batch },
  barrier: { GET: barrier, POST: barrier, PUT: barrier, DELETE: barrier },
  inventory: { GET: inventory },
  keys: { GET: notServed('keys'), POST: notServed('keys'), PUT: notServed('keys'), DELETE: notServed('keys') },
  revisions: { GET: revisions, POST: revisions, PUT: revisions },
  dump: { GET: dump },
  'restore-collection': { PUT: notServed('restore-collection') },
  'restore-indexes': { PUT: notServed('restore-indexes') },
  'restore-data': { PUT: notServed('restore-data') },
  'restore-view': { PUT: notServed('restore-view') },
  sync: { PUT: notServed('sync') },
  'make-follower': { PUT: notServed('make-follower') },
  'make-slave': { PUT: notServed('make-slave') },
  'server-id': { GET: serverIdHandler },
  'applier-config': { GET: getApplierConfig, PUT: setApplierConfig },
  'applier-start': { PUT: applierStart },
  'applier-stop': { PUT: applierStop },
  'applier-state': { GET: getApplierState, DELETE: deleteApplierState },
  'applier-state-all': { GET: getApplierStateAll },
  clusterInventory: { GET: coordinatorOnly },
  addFollower: { PUT: dbServerOnly },
  removeFollower: { PUT: dbServerOnly },
  'set-the-leader': { PUT: dbServerOnly },
  holdReadLockCollection: { GET: dbServerOnly, POST: dbServerOnly, PUT: dbServerOnly, DELETE: dbServerOnly },
};

/** RestReplicationHandler::execute: the command table, then BAD_CALL's two answers. */
const replication: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length >= 1) {
    const methods = Object.hasOwn(COMMANDS, s[0]!) ? COMMANDS[s[0]!] : undefined;
    if (!methods) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, `invalid command '${s[0]}'`);
    const h = methods[req.method as keyof Methods];
    if (h) return h(req, ctx);
  }
  if (s.length !== 1) throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, 'expecting URL /_api/replication/<command>');
  throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
};

// ---- /_api/wal ---------------------------------------------------------------------

const WAL_USAGE = 'expected GET /_api/wal/[tail|range|lastTick|open-transactions]>';

/** RestWalAccessHandler: admins only; range and lastTick (Cairn keeps no log: both ends are the last tick). */
const wal: Handler = (req, ctx) => {
  if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
  const s = pathSuffixes(req, '/_api/wal');
  const tick = String(lastTick(ctx));
  if (s[0] === 'range' && req.method === 'GET') return json(200, { time: timeString(), tickMin: tick, tickMax: tick, server: server(ctx) });
  if (s[0] === 'lastTick' && req.method === 'GET') return json(200, { time: timeString(), tick, server: server(ctx) });
  if ((s[0] === 'tail' && (req.method === 'GET' || req.method === 'PUT')) || (s[0] === 'open-transactions' && req.method === 'GET')) return notServed(`/_api/wal/${s[0]}`)(req, ctx);
  throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, WAL_USAGE);
};

const ALL: Partial<Record<'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>> = { GET: replication, HEAD: replication, POST: replication, PUT: replication, PATCH: replication, DELETE: replication };
const WAL_ALL = { GET: wal, HEAD: wal, POST: wal, PUT: wal, PATCH: wal, DELETE: wal };

export function registerReplicationRoutes(app: FastifyInstance): void {
  route(app, BASE, ALL);
  route(app, `${BASE}/*`, ALL);
  route(app, '/_api/wal', WAL_ALL);
  route(app, '/_api/wal/*', WAL_ALL);
}

