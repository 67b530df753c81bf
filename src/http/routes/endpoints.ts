// Endpoints a single ArangoDB 3.12 server answers that describe the server rather than
// data: GET /_api/endpoint (where it listens), GET /_api/aql-builtin (the AQL function
// registry as data), /_admin/server/databaseDefaults (the options a new database gets)
// and /_api/cluster/* (what a single server says to the cluster API).
// Nothing here changes state; every answer is computed from the configuration, the
// listening socket or the function registry, never stored.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { ALL_FUNCTIONS, type FunctionDef } from '../../aql/functions/index.js';
import { json, METHODS, param, route, type Handler } from '../router.js';

// ---- GET /_api/endpoint -----------------------------------------------------------

/**
 * ArangoDB's EndpointFeature::httpEndpoints in URI form: one `http://host:port` per
 * endpoint the server listens on (Cairn listens on one). Only `_system` may ask (403/1230);
 * an unknown database is 404/1228 before any route runs (app.ts).
 */
const endpointList: Handler = (req, ctx) => {
  if (ctx.db !== '_system') throw new ArangoError(ERR.ERROR_ARANGO_USE_SYSTEM_DATABASE);
  const { host, port: configured } = ctx.services.config;
  // with --port 0 the configured port is no answer: the listening server knows the one bound
  const addr = req.server.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : configured;
  const h = host.includes(':') ? `[${host}]` : host;
  return json(200, [{ endpoint: `http://${h}:${port}` }]);
};

// ---- GET /_api/aql-builtin -----------------------------------------------------------

/**
 * Argument signatures in ArangoDB's notation (`.` any value, `h` a collection name, `,`
 * next, `|` optional from here, `+` any number more) where the argument counts alone do
 * not give ArangoDB's string (AqlFunctionFeature.cpp, 3.12).
 */
const SIGNATURES: Record<string, string> = {
  DOCUMENT: 'h.|.',
  COLLECTION_COUNT: '.h',
  IS_SAME_COLLECTION: '.h,.h',
  NEAR: '.h,.,.|.,.',
  WITHIN: '.h,.,.,.|.',
  WITHIN_RECTANGLE: 'h.,.,.,.,.',
  FULLTEXT: '.h,.,.|.',
  // "one more optional, then any number" where the counts alone would write '|+'
  CALL: '.|.+',
  PHRASE: '.,.|.+',
  MIN_MATCH: '.,.|.+',
  DECAY_GAUSS: '.,.,.,.,.,',
  DECAY_EXP: '.,.,.,.,.,',
  DECAY_LINEAR: '.,.,.,.,.,',
};

/** The signature a function's argument counts give: `.,.|.` for 2 to 3, `.|+` for 1 or more. */
export function signatureOf(def: Pick<FunctionDef, 'name' | 'minArgs' | 'maxArgs'>): string {
  const fixed = SIGNATURES[def.name];
  if (fixed !== undefined) return fixed;
  const required = Array(def.minArgs).fill('.').join(',');
  if (def.maxArgs === def.minArgs) return required;
  const optional = def.maxArgs === Infinity ? '+' : Array(def.maxArgs - def.minArgs).fill('.').join(',');
  return `${required}|${optional}`;
}

// ArangoDB's per-function flags that Cairn's registry has no use for (they steer cluster
// planning and analyzers), as AqlFunctionFeature.cpp sets them; every other function has
// the common set: runs on DB-Servers (cluster and OneShard), usable in analyzers.
const NOT_ON_DBSERVER_ONESHARD = new Set(['CALL', 'APPLY', 'V8', 'SCHEMA_GET', 'SCHEMA_VALIDATE', 'VERSION', 'COLLECTIONS', 'CURRENT_USER', 'CURRENT_DATABASE', 'COLLECTION_COUNT', 'NEAR', 'WITHIN', 'WITHIN_RECTANGLE', 'FULLTEXT']);
const NOT_ON_DBSERVER_CLUSTER = new Set([...NOT_ON_DBSERVER_ONESHARD, 'DOCUMENT']);
const READS_DOCUMENTS = new Set(['DOCUMENT', 'COLLECTION_COUNT']);
const NOT_IN_ANALYZER = new Set([
  ...NOT_ON_DBSERVER_CLUSTER,
  'NGRAM_MATCH', 'MINHASH_MATCH', 'SHARD_ID', 'SLEEP',
  // the ArangoSearch functions its feature registers without CanUseInAnalyzer (STARTS_WITH,
  // MIN_MATCH and BOOST have it), and its scorers
  'EXISTS', 'PHRASE', 'ANALYZER', 'OFFSET_INFO', 'BM25', 'TFIDF',
  'APPROX_NEAR_COSINE', 'APPROX_NEAR_L2', 'APPROX_NEAR_INNER_PRODUCT',
]);
/** Placeholders the optimizer replaces by index accesses (ArangoDB's NotImplemented). */
const STUBS = new Set(['NEAR', 'WITHIN', 'WITHIN_RECTANGLE', 'FULLTEXT']);

/** One function (under one of its names) as Function::toVelocyPack describes it. */
function describeFunction(def: FunctionDef, name: string): Record<string, unknown> {
  const cluster = !NOT_ON_DBSERVER_CLUSTER.has(def.name);
  return {
    name,
    arguments: signatureOf(def),
    // V8() is the one function ArangoDB implements in JavaScript only
    implementations: [def.name === 'V8' ? 'js' : 'cxx'],
    deterministic: def.deterministic,
    cacheable: def.cacheable,
    canRunOnDBServerCluster: cluster,
    canRunOnDBServerOneShard: !NOT_ON_DBSERVER_ONESHARD.has(def.name),
    canReadDocuments: READS_DOCUMENTS.has(def.name),
    canUseInAnalyzer: !NOT_IN_ANALYZER.has(def.name),
    canRunOnDBServer: cluster,
    stub: STUBS.has(def.name),
  };
}

/** Every built-in function, each alias as an entry of its own (as ArangoDB lists them), sorted by name. */
export function builtinFunctions(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const def of ALL_FUNCTIONS) {
    for (const name of [def.name, ...(def.aliases ?? [])]) out.push(describeFunction(def, name));
  }
  return out.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
}

let builtinCache: { functions: Record<string, unknown>[] } | undefined;

/** No envelope, as RestAqlFunctionsHandler answers; the list never changes while running. */
const aqlBuiltin: Handler = () => json(200, (builtinCache ??= { functions: builtinFunctions() }));

// ---- /_admin/server/databaseDefaults ------------------------------------------------

/**
 * RestAdminServerHandler::handleDatabaseDefaults, to any method: the cluster options a
 * database created without options gets (VocbaseInfo's addClusterOptions). A single server
 * has no sharding method and keeps one copy of everything, so these are the defaults of
 * ArangoDB's --cluster.default-replication-factor and --cluster.write-concern. No envelope.
 */
const databaseDefaults: Handler = () => json(200, { sharding: '', replicationFactor: 1, writeConcern: 1 });

// ---- /_api/cluster/* ---------------------------------------------------------------

const clusterGetOnly = (): never => {
  throw ArangoError.withMessage(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED, 'only the GET method is allowed');
};

/** What RestClusterHandler answers on a single server, by first path segment. */
const CLUSTER_SINGLE: Record<string, () => never> = {
  endpoints: () => {
    throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'cannot serve this request for this deployment type');
  },
  'agency-dump': () => {
    throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'only to be executed on coordinators');
  },
};

const cluster: Handler = (req) => {
  const first = (param(req, '*').split('/').find((s) => s !== '') ?? '');
  const answer = CLUSTER_SINGLE[first];
  if (answer) return answer();
  throw ArangoError.withMessage(ERR.ERROR_HTTP_NOT_FOUND, 'expecting /_api/cluster/[endpoints,agency-dump,agency-cache]');
};

/** GET to `get`, every other method 405 with RestClusterHandler's message. */
function clusterRoute(get: Handler): Partial<Record<HTTPMethods, Handler>> {
  const out: Partial<Record<HTTPMethods, Handler>> = {};
  for (const m of METHODS) out[m] = m === 'GET' ? get : clusterGetOnly;
  return out;
}

export function registerEndpointsRoutes(app: FastifyInstance): void {
  route(app, '/_api/endpoint', { GET: endpointList });
  route(app, '/_api/aql-builtin', { GET: aqlBuiltin });
  route(app, '/_admin/server/databaseDefaults', Object.fromEntries(METHODS.map((m) => [m, databaseDefaults])));
  route(app, '/_api/cluster', clusterRoute(cluster));
  route(app, '/_api/cluster/*', clusterRoute(cluster));
}
