// Server information and the test helpers ArangoDB keeps under /_admin: time, sleep, echo,
// status, role, availability, mode, server id, license, options, support-info, compact,
// routing reload, and /_api/engine (with /stats) and /_api/key-generators. The one state
// changed here is the server's read-only mode (PUT /_admin/server/mode, kept by the user
// store, which caps every effective level at `ro` while it is on); compact and routing
// reload have nothing to do in Cairn (see there).
// /_admin/sleep is the one long request: it must end early when ctx.signal aborts
// (client gone, shutdown, job cancel) and then answers with the abort's ArangoError.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { availableParallelism, hostname, release, totalmem, type } from 'node:os';
import { readFileSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { ARANGO_VERSION } from '../../version.js';
import { body, json, qstr, route, type Handler } from '../router.js';
import { isAdmin, isSuperuser } from '../access.js';
import { procStatus } from '../stats.js';

/** setTimeout's longest delay; longer sleeps are taken in steps of this size. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_SLEEP_SECONDS = 3.0;

const ok = (extra: Record<string, unknown>) => json(200, { error: false, code: 200, ...extra });

/** The reason a request was stopped, as the error its client receives. */
function abortError(signal: AbortSignal): ArangoError {
  return signal.reason instanceof ArangoError ? signal.reason : new ArangoError(ERR.ERROR_REQUEST_CANCELED);
}

/** Waits `seconds` (Infinity: until aborted). Throws abortError() once `signal` aborts. */
export async function abortableSleep(seconds: number, signal: AbortSignal): Promise<void> {
  let left = seconds * 1000;
  do {
    if (signal.aborted) throw abortError(signal);
    const step = Math.min(left, MAX_TIMER_MS);
    if (step <= 0) return;
    try {
      await delay(step, undefined, { signal });
    } catch (e) {
      if (signal.aborted) throw abortError(signal);
      throw e;
    }
    left -= step;
  } while (left > 0);
}

// ---- handlers ---------------------------------------------------------------------

const time: Handler = () => ok({ time: Date.now() / 1000 });

/** As ArangoDB's JS action: parseFloat of `duration`, 3 seconds when that is NaN. */
const sleep: Handler = async (req, ctx) => {
  const parsed = parseFloat(qstr(req, 'duration') ?? '');
  const duration = Number.isNaN(parsed) ? DEFAULT_SLEEP_SECONDS : parsed;
  await abortableSleep(duration, ctx.signal);
  return ok({ duration });
};

const status: Handler = (_req, ctx) =>
  json(200, {
    server: 'arango',
    version: ARANGO_VERSION,
    pid: process.pid,
    license: 'community',
    mode: 'server',
    operationMode: 'server',
    foxxApi: false,
    host: hostname(),
    serverInfo: {
      progress: { phase: 'in wait', feature: '', recoveryTick: 0 },
      maintenance: false,
      role: 'SINGLE',
      writeOpsEnabled: !ctx.services.users.readOnly,
      readOnly: ctx.services.users.readOnly,
    },
  });

const role: Handler = () => ok({ role: 'SINGLE', mode: 'default' });

// ---- /_admin/wal (RocksDBRestWalHandler: what a RocksDB single server answers) ----------

const walUsage = () => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'expecting /_admin/wal/<operation>');

/** PUT /_admin/wal/flush: `{}`; with waitForSync (body or query) once every commit is on the disk. */
const walFlush: Handler = async (req, ctx) => {
  let b: unknown;
  try {
    b = body(req);
  } catch {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid body value. expecting object');
  }
  if (b !== undefined && (b === null || typeof b !== 'object' || Array.isArray(b))) {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid body value. expecting object');
  }
  const truthy = (v: unknown): boolean => v === true || (typeof v === 'string' && ['true', '1', 'yes', 'on', 'y'].includes(v.toLowerCase()));
  const waitForSync = b !== undefined ? truthy((b as Record<string, unknown>).waitForSync) : truthy(qstr(req, 'waitForSync'));
  if (waitForSync) await ctx.services.storage.engine.flush();
  return json(200, {});
};

/** GET/PUT /_admin/wal/properties: 501 `{}`, as on RocksDB (it has no such properties; neither has LMDB). */
const walProperties: Handler = () => json(501, {});

/** GET /_admin/wal/transactions: 501 with the running transactions' count, as on RocksDB. */
const walTransactions: Handler = (_req, ctx) => json(501, { runningTransactions: ctx.services.transactions.running });

const walUnknown: Handler = () => {
  throw walUsage();
};

const modeName = (readOnly: boolean): string => (readOnly ? 'readonly' : 'default');

/** 503 while the server shuts down, as ArangoDB does when it is stopping; else the mode (200 in read-only mode too). */
const availability: Handler = (_req, ctx) => {
  if (ctx.services.shutdown.aborted) throw new ArangoError(ERR.ERROR_HTTP_SERVICE_UNAVAILABLE);
  return ok({ mode: modeName(ctx.services.users.readOnly) });
};

const mode: Handler = (_req, ctx) => ok({ mode: modeName(ctx.services.users.readOnly) });

/**
 * PUT /_admin/server/mode {"mode": "readonly" | "default"} (RestAdminServerHandler): a
 * user needs rw on `_system` as configured (403/11); a body that is no JSON, no object,
 * without a string mode or with another mode is 400/400.
 */
const setMode: Handler = (req, ctx) => {
  const { users } = ctx.services;
  if (ctx.services.config.auth && !ctx.superuser && ctx.user !== '' && users.databaseLevel(ctx.user, '_system', true) !== 'rw') {
    throw new ArangoError(ERR.ERROR_FORBIDDEN);
  }
  const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);
  let b: unknown;
  try {
    b = body(req);
  } catch {
    throw bad('invalid JSON');
  }
  if (b === undefined) throw bad('invalid JSON');
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw bad('body must be an object');
  const m = (b as Record<string, unknown>).mode;
  if (typeof m !== 'string') throw bad('mode must be a string');
  if (m !== 'readonly' && m !== 'default') throw bad('mode invalid');
  if (users.readOnly !== (m === 'readonly')) ctx.services.logger.info('general', `server mode set to ${m} by ${ctx.user || 'a superuser'}`);
  users.readOnly = m === 'readonly';
  return ok({ mode: modeName(users.readOnly) });
};

const INDEX_TYPES = ['primary', 'edge', 'persistent', 'ttl', 'hash', 'skiplist', 'geo', 'fulltext', 'mdi', 'mdi-prefixed', 'zkd', 'inverted'];

/** No envelope, as ArangoDB's engine handler. */
const engine: Handler = () =>
  json(200, {
    name: 'lmdb',
    supports: { indexes: INDEX_TYPES, aliases: { indexes: { hash: 'persistent', skiplist: 'persistent', geo1: 'geo', geo2: 'geo' } } },
  });

/** Disk figures of the file system holding `dir`; undefined where statfs fails. */
function disk(dir: string): { free: number; total: number } | undefined {
  try {
    const st = statfsSync(dir);
    return { free: st.bavail * st.bsize, total: st.blocks * st.bsize };
  } catch {
    return undefined;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * What Cairn's LMDB storage can report, flat as ArangoDB's RocksDB engine reports its own
 * (rocksdb.* there, lmdb.* here): the environment (map size, pages, transactions,
 * readers, the data file and its disk) and, per sub-database, its B-tree.
 */
function engineFigures(ctx: Parameters<Handler>[1]): Record<string, number> {
  const st = ctx.services.storage.engine.stats();
  const out: Record<string, number> = {
    'lmdb.page-size': st.pageSize,
    'lmdb.map-size': st.mapSize,
    'lmdb.last-page-number': st.lastPageNumber,
    'lmdb.used-bytes': (st.lastPageNumber + 1) * st.pageSize,
    'lmdb.last-txn-id': st.lastTxnId,
    'lmdb.max-readers': st.maxReaders,
    'lmdb.num-readers': st.numReaders,
    'lmdb.freelist-entries': st.freelistEntries,
    'lmdb.file-size': fileSize(join(ctx.services.config.dataDir, 'data.mdb')),
  };
  const d = disk(ctx.services.config.dataDir);
  if (d) {
    out['lmdb.free-disk-space'] = d.free;
    out['lmdb.total-disk-space'] = d.total;
  }
  for (const [name, db] of Object.entries(st.databases)) {
    out[`lmdb.${name}.entries`] = db.entries;
    out[`lmdb.${name}.depth`] = db.depth;
    out[`lmdb.${name}.branch-pages`] = db.branchPages;
    out[`lmdb.${name}.leaf-pages`] = db.leafPages;
    out[`lmdb.${name}.overflow-pages`] = db.overflowPages;
  }
  return out;
}

/** GET /_api/engine/<suffix>: only `stats` (no envelope, as ArangoDB's RestEngineHandler). */
const engineSub: Handler = (req, ctx) => {
  const rest = req.url.split('?')[0]!.replace(/^\/_api\/engine\/?/, '').split('/').filter((x) => x !== '');
  if (rest.length !== 1 || rest[0] !== 'stats') throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'expecting GET /_api/engine[/stats]');
  return json(200, engineFigures(ctx));
};

/**
 * PUT /_admin/compact (superusers only, as ArangoDB). LMDB has nothing to compact in
 * place: pages freed by deletes and updates go to its free list and are reused by later
 * writes, and the data file never shrinks while open (only a copy could be smaller). So
 * nothing is done, and the answer is ArangoDB's for a compaction that succeeded: {}.
 * changeLevel and compactBottomMostLevel (RocksDB's) are accepted and have no effect.
 */
const compact: Handler = (req, ctx) => {
  if (!isSuperuser(ctx)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'compaction is only allowed for superusers');
  if (req.method !== 'PUT') throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
  return json(200, {});
};

/**
 * /_admin/routing/reload, any method: ArangoDB reloads its Foxx and action routing and
 * answers 204. Cairn's routes are fixed at start and it has no Foxx: nothing to reload.
 */
const routing: Handler = (req) => {
  const rest = req.url.split('?')[0]!.replace(/^\/_admin\/routing\/?/, '').split('/').filter((x) => x !== '');
  if (rest.length === 1 && rest[0] === 'reload') return { status: 204 };
  throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
};

/** GET /_admin/server/id: a single server has no cluster id, and ArangoDB answers 500 as it always has. */
const serverId: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_SERVER_ERROR);
};

/**
 * Other /_admin/server/<suffix>es, jwt (the JWT secret reload) and encryption among them:
 * in the Community Edition RestAdminServerHandler answers them 404 `not found` (the reload
 * and key rotation are Enterprise features), whatever the method.
 */
const serverOther: Handler = () => {
  throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
};

/** The operating system as ArangoDB's EnvironmentFeature names it (/proc/version on Linux). */
function operatingSystem(): string {
  try {
    return readFileSync('/proc/version', 'utf8').trim();
  } catch {
    return `${type()} ${release()}`;
  }
}

/** TRI_StringTimeStamp's UTC form: seconds, no fraction. */
const utcDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * GET /_admin/support-info (ArangoDB's RestSupportInfoHandler on a single server): who may
 * read it follows --support-info-api (jwt: root; admin: rw on _system; public: anyone),
 * only in _system; the host's figures are Cairn's own.
 */
const supportInfo: Handler = (_req, ctx) => {
  const s = ctx.services;
  const policy = s.config.supportInfoApi;
  if ((policy === 'jwt' && !isSuperuser(ctx)) || (policy === 'admin' && !isAdmin(ctx))) throw ArangoError.withMessage(ERR.ERROR_HTTP_FORBIDDEN, 'insufficent permissions');
  if (ctx.db !== '_system') throw new ArangoError(ERR.ERROR_ARANGO_USE_SYSTEM_DATABASE);
  const ps = procStatus();
  const figures = engineFigures(ctx);
  const engineStats: Record<string, number> = {};
  for (const k of ['lmdb.map-size', 'lmdb.used-bytes', 'lmdb.file-size', 'lmdb.free-disk-space', 'lmdb.total-disk-space']) if (figures[k] !== undefined) engineStats[k] = figures[k]!;
  const host = {
    role: 'SINGLE',
    maintenance: false,
    readOnly: false,
    version: ARANGO_VERSION,
    build: '',
    license: 'community',
    os: operatingSystem(),
    platform: process.platform,
    physicalMemory: { value: totalmem(), overridden: false },
    numberOfCores: { value: availableParallelism(), overridden: false },
    processStats: { processUptime: (Date.now() - s.startedAt) / 1000, numberOfThreads: ps.threads ?? 0, virtualSize: ps.vsize ?? 0, residentSetSize: process.memoryUsage.rss() },
    engineStats,
  };
  return json(200, { deployment: { type: 'single' }, host, date: utcDate(Date.now()) });
};

/** GET /_api/key-generators (ArangoDB 3.12): the key generator types a collection can use. */
const keyGenerators: Handler = () => json(200, { keyGenerators: ['traditional', 'autoincrement', 'uuid', 'padded'] });

/** /_admin/license as ArangoDB's Community Edition answers it: no license, and none can be set. */
const license: Handler = () => json(200, { license: 'none' });
const setLicense: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'this feature is only available in the Enterprise Edition');
};

/**
 * The startup options Cairn has that match an ArangoDB option, under ArangoDB's names:
 * GET /_admin/options gives their values, /_admin/options-description describes them
 * (admins only, as ArangoDB's default --server.options-api admin).
 */
function optionTable(ctx: Parameters<Handler>[1], port: number): Record<string, { value: unknown; type: string; description: string }> {
  const c = ctx.services.config;
  return {
    'server.endpoint': { value: [`tcp://${c.host}:${port}`], type: 'string...', description: 'endpoint for client requests' },
    'server.authentication': { value: c.auth, type: 'boolean', description: 'require authentication credentials when connecting' },
    'server.session-timeout': { value: c.sessionTimeout ?? 0, type: 'double', description: 'timeout of web interface server sessions (in seconds)' },
    'server.jwt-secret-keyfile': { value: c.jwtSecretKeyfile, type: 'string', description: 'file containing the JWT secret to use when doing JWT authentication' },
    'server.export-metrics-api': { value: c.exportMetricsApi, type: 'boolean', description: 'turn metrics API on or off' },
    'http.compress-response-threshold': { value: c.compressResponseThreshold, type: 'uint64', description: 'The HTTP response body size from which on responses are transparently compressed in case the client asks for it.' },
    'http.handle-content-encoding-for-unauthenticated-requests': { value: c.handleContentEncodingForUnauthenticatedRequests, type: 'boolean', description: 'Handle Content-Encoding headers for unauthenticated requests.' },
    'database.directory': { value: c.dataDir, type: 'string', description: 'path to the database directory' },
    'log.level': { value: [c.logLevel], type: 'string...', description: 'the global or topic-specific log level' },
    'log.in-memory': { value: c.logInMemory, type: 'boolean', description: 'use an in-memory log appender which can be queried via API and web interface' },
    'log.in-memory-level': { value: c.logInMemoryLevel, type: 'string', description: 'use an in-memory log appender only for this log level and higher' },
    'log.api-enabled': { value: c.logApiEnabled, type: 'string', description: 'whether the log api is enabled (true) or not (false), or only enabled for superuser JWT (jwt)' },
    'server.statistics': { value: c.serverStatistics, type: 'boolean', description: 'turn statistics gathering on or off' },
    'server.support-info-api': { value: c.supportInfoApi, type: 'string', description: 'policy for exposing support info API' },
    'experimental-vector-index': { value: c.experimentalVectorIndex, type: 'boolean', description: 'Turn on experimental vector index feature.' },
    'query.cache-mode': { value: c.queryCacheMode, type: 'string', description: 'mode for the AQL query result cache' },
    'query.cache-entries': { value: c.queryCacheEntries, type: 'uint64', description: 'the maximum number of results in query result cache per database' },
    'query.cache-entries-max-size': { value: c.queryCacheEntriesMaxSize, type: 'uint64', description: 'the maximum cumulated size of results in query result cache per database' },
    'query.cache-entry-max-size': { value: c.queryCacheEntryMaxSize, type: 'uint64', description: 'the maximum size of an individual result entry in query result cache' },
    'query.cache-include-system-collections': { value: c.queryCacheIncludeSystem, type: 'boolean', description: 'whether or not to include system collection queries in the query result cache' },
    'transaction.streaming-idle-timeout': { value: c.transactionIdleTimeout, type: 'double', description: 'idle timeout for streaming transactions (in seconds)' },
    'javascript.allow-admin-execute': { value: c.javascriptAllowAdminExecute, type: 'boolean', description: 'for testing purposes allow /_admin/execute, NEVER enable on production' },
    'javascript.transactions': { value: c.javascriptTransactions, type: 'boolean', description: 'enable JavaScript transactions' },
    'javascript.tasks': { value: c.javascriptTasks, type: 'boolean', description: 'enable JavaScript tasks' },
    'ttl.frequency': { value: c.ttlFrequency, type: 'uint64', description: 'frequency (in milliseconds) for the TTL background thread invocation' },
    'ttl.max-total-removes': { value: c.ttlMaxTotalRemoves, type: 'uint64', description: 'maximum number of documents to remove per invocation of the TTL thread' },
    'ttl.max-collection-removes': { value: c.ttlMaxCollectionRemoves, type: 'uint64', description: 'maximum number of documents to remove per collection' },
  };
}

/** The port this request came in on (the configured one may be 0: any free port). */
const portOf = (req: Parameters<Handler>[0], ctx: Parameters<Handler>[1]): number => req.raw.socket?.localPort ?? ctx.services.config.port;

const options: Handler = (req, ctx) => {
  if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_HTTP_FORBIDDEN);
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(optionTable(ctx, portOf(req, ctx)))) out[name] = o.value;
  return json(200, out);
};

const optionsDescription: Handler = (req, ctx) => {
  if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_HTTP_FORBIDDEN);
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(optionTable(ctx, portOf(req, ctx)))) {
    const dot = name.indexOf('.');
    out[name] = { section: dot < 0 ? '' : name.slice(0, dot), description: o.description, category: 'option', hidden: false, type: o.type, experimental: false, obsolete: false, enterpriseOnly: false, requiresValue: o.type !== 'boolean', os: ['linux', 'macos', 'windows'], component: ['single'] };
  }
  return json(200, out);
};

/** ArangoDB's query-string parameters: `a[]=x&a[]=y` gives an array, a repeated plain name its last value. */
function parameters(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (k.endsWith('[]')) {
      const name = k.slice(0, -2);
      const prev = out[name];
      out[name] = Array.isArray(prev) ? [...prev, v] : [v];
    } else out[k] = v;
  }
  return out;
}

/**
 * /_admin/echo[/...]: the request as ArangoDB's JS action shows it (its `req` object):
 * what a client sent, as the server understood it. Drivers' and ArangoDB's tests use it.
 */
const echo: Handler = (req, ctx) => {
  const raw = req.raw as { cairnOriginalUrl?: string };
  const original = raw.cairnOriginalUrl ?? req.url;
  // the URL below the database prefix, as ArangoDB's req.url
  const url = original.replace(/^\/_db\/[^/?]*/, '');
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const rest = pathname.replace(/^\/_admin\/echo/, '');
  const rawSuffix = rest.split('/').filter((x) => x !== '');
  const suffix = rawSuffix.map((x) => {
    try {
      return decodeURIComponent(x);
    } catch {
      return x;
    }
  });
  const bodyBytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const socket = req.raw.socket;
  const headers: Record<string, string> = {};
  // every header as sent, authorization too (it goes back only to its sender; async jobs
  // never store it, see async.ts): arangosh's request tests read it back
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const out: Record<string, unknown> = {
    authorized: ctx.user !== '',
    user: ctx.user === '' ? null : ctx.user,
    isAdminUser: ctx.user === 'root',
    database: ctx.db,
    url,
    protocol: 'http',
    portType: 'tcp/ip',
    server: { address: socket?.localAddress ?? '127.0.0.1', port: socket?.localPort ?? 0, endpoint: `http://${socket?.localAddress ?? '127.0.0.1'}:${socket?.localPort ?? 0}` },
    client: { address: socket?.remoteAddress ?? '127.0.0.1', port: socket?.remotePort ?? 0, id: String(req.id) },
    internals: {},
    prefix: '/',
    headers,
    requestType: req.method,
    parameters: parameters(q < 0 ? '' : url.slice(q + 1)),
    cookies: {},
    suffix,
    rawSuffix,
    path: '/' + suffix.join('/'),
    rawRequestBody: { type: 'Buffer', data: [...bodyBytes] },
  };
  if (bodyBytes.length > 0 || (req.method !== 'GET' && req.method !== 'HEAD')) out.requestBody = bodyBytes.toString('utf8');
  return json(200, out);
};

/** ArangoDB's JS actions /_admin/time and /_admin/sleep answer every method. */
function anyMethod(h: Handler): Partial<Record<HTTPMethods, Handler>> {
  return { GET: h, HEAD: h, POST: h, PUT: h, PATCH: h, DELETE: h };
}

export function registerAdminRoutes(app: FastifyInstance, supportInfoApi: string): void {
  route(app, '/_admin/time', anyMethod(time));
  route(app, '/_admin/echo', anyMethod(echo));
  route(app, '/_admin/echo/*', anyMethod(echo));
  route(app, '/_admin/sleep', anyMethod(sleep));
  route(app, '/_admin/status', { GET: status });
  route(app, '/_admin/server/role', { GET: role });
  route(app, '/_admin/server/availability', { GET: availability });
  route(app, '/_admin/server/mode', { GET: mode, PUT: setMode });
  route(app, '/_admin/wal', anyMethod(walUnknown));
  route(app, '/_admin/wal/flush', { PUT: walFlush });
  route(app, '/_admin/wal/properties', { GET: walProperties, PUT: walProperties });
  route(app, '/_admin/wal/transactions', { GET: walTransactions });
  route(app, '/_admin/wal/*', anyMethod(walUnknown));
  route(app, '/_api/engine', { GET: engine });
  route(app, '/_api/engine/*', { GET: engineSub });
  route(app, '/_admin/compact', { GET: compact, HEAD: compact, POST: compact, PUT: compact, PATCH: compact, DELETE: compact });
  route(app, '/_admin/routing', anyMethod(routing));
  route(app, '/_admin/routing/*', anyMethod(routing));
  route(app, '/_admin/server/id', { GET: serverId });
  route(app, '/_admin/server/*', anyMethod(serverOther));
  route(app, '/_api/key-generators', { GET: keyGenerators });
  route(app, '/_admin/license', { GET: license, PUT: setLicense });
  route(app, '/_admin/options', { GET: options });
  route(app, '/_admin/options-description', { GET: optionsDescription });
  // --support-info-api disabled: the path is not served at all (404), as in ArangoDB
  if (supportInfoApi !== 'disabled') route(app, '/_admin/support-info', { GET: supportInfo });
}
