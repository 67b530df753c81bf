// Typed server options and their defaults. The only reader of process.env and argv.
// Each option is a flag (`--data-dir /x` or `--data-dir=/x`) and an environment variable
// (CAIRN_DATA_DIR); a flag wins over the environment, the environment over the default.
// Bad values are reported as ConfigError with the option's name; main.ts prints it and
// exits 2.
import { readFileSync } from 'node:fs';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
export type QueryCacheMode = 'off' | 'on' | 'demand';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  auth: boolean;
  rootPassword: string;
  logLevel: LogLevel;
  maxBodySize: number;
  maxCursors: number;
  /** Response bodies of at least this many bytes are compressed when asked for (0: never; content-encoding.ts). */
  compressResponseThreshold: number;
  /** Decompress request bodies of unauthenticated requests too (content-encoding.ts). */
  handleContentEncodingForUnauthenticatedRequests: boolean;
  cursorMemoryLimit: number;
  jobsConcurrency: number;
  jobsMaxRetries: number;
  jobsMaxQueued: number;
  jobsMaxResultSize: number;
  /** Seconds a finished job result is kept unfetched; null: until fetched or deleted. */
  jobsResultTtl: number | null;
  /** The AQL query results cache's initial properties (PUT /_api/query-cache/properties changes them). */
  queryCacheMode: QueryCacheMode;
  queryCacheEntries: number;
  queryCacheEntriesMaxSize: number;
  queryCacheEntryMaxSize: number;
  queryCacheIncludeSystem: boolean;
  /** Seconds a stream transaction may stay unused before it is aborted. */
  transactionIdleTimeout: number;
  /** JavaScript transactions (POST /_api/transaction with an action) are served. */
  javascriptTransactions: boolean;
  /** Most JavaScript transaction actions running at once (one worker thread each). */
  javascriptWorkers: number;
  /** Server tasks (/_api/tasks) may be registered (else 403, as ArangoDB answers when its JavaScript tasks are disabled). */
  javascriptTasks: boolean;
  /** POST /_admin/execute runs JavaScript (admins only); else the path is not served (404), as ArangoDB's --javascript.allow-admin-execute. */
  javascriptAllowAdminExecute: boolean;
  /** TTL indexes' removal: milliseconds between runs, most removals per run and per collection (storage/ttl.ts). */
  ttlFrequency: number;
  ttlMaxTotalRemoves: number;
  ttlMaxCollectionRemoves: number;
  /** GET /_admin/metrics(/v2) is served (else 404, as ArangoDB's --server.export-metrics-api false). */
  exportMetricsApi: boolean;
  /** Seconds a JWT from POST /_open/auth is valid; null: it does not expire. */
  sessionTimeout: number | null;
  /**
   * Origins whose CORS requests may send credentials (ArangoDB's --http.trusted-origin):
   * comma-separated, `*` for every origin; empty for none.
   */
  httpTrustedOrigin: string;
  /**
   * A file holding the secret JWTs are signed with (ArangoDB's --server.jwt-secret-keyfile;
   * surrounding white space is dropped); empty: a random secret kept in the data directory.
   */
  jwtSecretKeyfile: string;
  /** Written log lines are kept in memory for GET /_admin/log/entries (ArangoDB's --log.in-memory). */
  logInMemory: boolean;
  /** Least severe level kept in memory: fatal, error, warning, info, debug or trace (--log.in-memory-level). */
  logInMemoryLevel: string;
  /** The log API (/_admin/log/*): true (admins), jwt (superuser only) or false (403), as --log.api-enabled. */
  logApiEnabled: string;
  /** Request and connection statistics are gathered and served at /_admin/statistics (--server.statistics). */
  serverStatistics: boolean;
  /** Who may read /_admin/support-info: disabled, jwt, admin or public (--server.support-info-api). */
  supportInfoApi: string;
  /** Vector indexes (type "vector") may be created and used, as ArangoDB's --experimental-vector-index. */
  experimentalVectorIndex: boolean;
}

type Kind = 'string' | 'int' | 'bool' | 'size' | 'level' | 'duration' | 'cache-mode' | 'choice';

interface OptionDef {
  key: keyof Config;
  flag: string;
  kind: Kind;
  default: Config[keyof Config];
  help: string;
  /** The values a 'choice' option takes (lower case). */
  choices?: readonly string[];
}

export const OPTIONS: readonly OptionDef[] = [
  { key: 'host', flag: 'host', kind: 'string', default: '127.0.0.1', help: 'address to listen on' },
  { key: 'port', flag: 'port', kind: 'int', default: 8529, help: 'TCP port (0 picks a free one)' },
  { key: 'dataDir', flag: 'data-dir', kind: 'string', default: './data', help: 'directory of the LMDB environment' },
  { key: 'auth', flag: 'auth', kind: 'bool', default: true, help: 'require HTTP Basic credentials' },
  { key: 'rootPassword', flag: 'root-password', kind: 'string', default: '', help: "password of user 'root'" },
  { key: 'logLevel', flag: 'log-level', kind: 'level', default: 'info', help: 'silent, error, warn, info or debug' },
  { key: 'maxBodySize', flag: 'max-body-size', kind: 'size', default: 512 * 1024 * 1024, help: 'largest request body in bytes (suffixes k, m, g)' },
  {
    key: 'compressResponseThreshold',
    flag: 'compress-response-threshold',
    kind: 'size',
    default: 0,
    help: "response bodies of at least this many bytes are compressed for a request with 'Accept-Encoding: gzip' or 'deflate' (0: never), as ArangoDB's --http.compress-response-threshold",
  },
  {
    key: 'handleContentEncodingForUnauthenticatedRequests',
    flag: 'handle-content-encoding-for-unauthenticated-requests',
    kind: 'bool',
    default: false,
    help: "decompress gzip and deflate request bodies of unauthenticated requests too (else 400), as ArangoDB's --http.handle-content-encoding-for-unauthenticated-requests",
  },
  { key: 'maxCursors', flag: 'max-cursors', kind: 'int', default: 10000, help: 'most AQL cursors open at once' },
  {
    key: 'cursorMemoryLimit',
    flag: 'cursor-memory-limit',
    kind: 'size',
    default: 512 * 1024 * 1024,
    help: 'most bytes of JSON held by materialized (non-stream) cursor results at once, over all cursors',
  },
  { key: 'jobsConcurrency', flag: 'jobs-concurrency', kind: 'int', default: 16, help: 'async jobs run at once' },
  { key: 'jobsMaxRetries', flag: 'jobs-max-retries', kind: 'int', default: 3, help: 'restarts a job interrupted by a restart is run again before it is FAILED' },
  { key: 'jobsMaxQueued', flag: 'jobs-max-queued', kind: 'int', default: 10000, help: 'most unfinished async jobs; past it 503 queue is full' },
  { key: 'jobsMaxResultSize', flag: 'jobs-max-result-size', kind: 'size', default: 64 * 1024 * 1024, help: 'largest stored job result in bytes; larger makes the job FAILED' },
  {
    key: 'jobsResultTtl',
    flag: 'jobs-result-ttl',
    kind: 'duration',
    default: null,
    help: "finished job results older than this are deleted (seconds, or 30s/10m/24h/7d; 'off' keeps them until fetched)",
  },
  { key: 'queryCacheMode', flag: 'query-cache-mode', kind: 'cache-mode', default: 'off', help: 'AQL query results cache: off, on (every query unless cache:false) or demand (queries with cache:true)' },
  { key: 'queryCacheEntries', flag: 'query-cache-entries', kind: 'int', default: 128, help: 'most cached query results per database' },
  { key: 'queryCacheEntriesMaxSize', flag: 'query-cache-entries-max-size', kind: 'size', default: 256 * 1024 * 1024, help: 'most bytes of cached query results per database' },
  { key: 'queryCacheEntryMaxSize', flag: 'query-cache-entry-max-size', kind: 'size', default: 16 * 1024 * 1024, help: 'largest cached query result in bytes' },
  { key: 'queryCacheIncludeSystem', flag: 'query-cache-include-system', kind: 'bool', default: false, help: 'cache results of queries that read system collections' },
  { key: 'transactionIdleTimeout', flag: 'transaction-idle-timeout', kind: 'int', default: 60, help: 'seconds a stream transaction may stay unused before it is aborted' },
  { key: 'javascriptTransactions', flag: 'javascript-transactions', kind: 'bool', default: true, help: 'serve JavaScript transactions (POST /_api/transaction with an action); false answers 501' },
  { key: 'javascriptWorkers', flag: 'javascript-workers', kind: 'int', default: 4, help: 'most JavaScript transaction actions running at once (a worker thread each; more wait)' },
  { key: 'javascriptTasks', flag: 'javascript-tasks', kind: 'bool', default: true, help: 'allow registering server tasks (/_api/tasks: JavaScript run once or periodically); false answers 403' },
  { key: 'javascriptAllowAdminExecute', flag: 'javascript-allow-admin-execute', kind: 'bool', default: false, help: "serve POST /_admin/execute (run the body as JavaScript, admins only), as ArangoDB's --javascript.allow-admin-execute; never on a production server" },
  { key: 'ttlFrequency', flag: 'ttl-frequency', kind: 'int', default: 30000, help: 'milliseconds between two runs removing the documents TTL indexes expired (at least 1000)' },
  { key: 'ttlMaxTotalRemoves', flag: 'ttl-max-total-removes', kind: 'int', default: 1000000, help: 'most documents one TTL run removes' },
  { key: 'ttlMaxCollectionRemoves', flag: 'ttl-max-collection-removes', kind: 'int', default: 100000, help: 'most documents one TTL run removes from one collection' },
  { key: 'exportMetricsApi', flag: 'export-metrics-api', kind: 'bool', default: true, help: 'serve GET /_admin/metrics/v2 (Prometheus text); false answers 404' },
  {
    key: 'sessionTimeout',
    flag: 'session-timeout',
    kind: 'duration',
    default: 3600,
    help: "seconds a JWT from POST /_open/auth is valid (or 30s/10m/24h/7d; 'off': no expiry), as ArangoDB's --server.session-timeout",
  },
  {
    key: 'httpTrustedOrigin',
    flag: 'http-trusted-origin',
    kind: 'string',
    default: '',
    help: "origins whose CORS requests may send credentials, comma-separated ('*': all), as ArangoDB's --http.trusted-origin",
  },
  {
    key: 'jwtSecretKeyfile',
    flag: 'jwt-secret-keyfile',
    kind: 'string',
    default: '',
    help: "file with the secret JWTs are signed with, as ArangoDB's --server.jwt-secret-keyfile (tokens with server_id signed with it are superuser tokens); empty: a random secret kept in the data directory",
  },
  { key: 'logInMemory', flag: 'log-in-memory', kind: 'bool', default: true, help: "keep written log lines in memory for GET /_admin/log/entries, as ArangoDB's --log.in-memory" },
  {
    key: 'logInMemoryLevel',
    flag: 'log-in-memory-level',
    kind: 'choice',
    choices: ['fatal', 'error', 'warning', 'info', 'debug', 'trace'],
    default: 'info',
    help: "least severe level kept in memory (fatal, error, warning, info, debug, trace), as ArangoDB's --log.in-memory-level",
  },
  {
    key: 'logApiEnabled',
    flag: 'log-api-enabled',
    kind: 'choice',
    choices: ['true', 'false', 'jwt'],
    default: 'true',
    help: "the log API /_admin/log: true (admins), jwt (root or a superuser token) or false (403), as ArangoDB's --log.api-enabled",
  },
  { key: 'serverStatistics', flag: 'server-statistics', kind: 'bool', default: true, help: "gather request statistics for /_admin/statistics (false answers 404), as ArangoDB's --server.statistics" },
  {
    key: 'supportInfoApi',
    flag: 'support-info-api',
    kind: 'choice',
    choices: ['disabled', 'jwt', 'admin', 'public'],
    default: 'admin',
    help: "who may read /_admin/support-info: disabled (404), jwt (root or a superuser token), admin or public, as ArangoDB's --server.support-info-api",
  },
  { key: 'experimentalVectorIndex', flag: 'experimental-vector-index', kind: 'bool', default: false, help: "allow vector indexes (type vector) and the APPROX_NEAR_* functions, as ArangoDB's --experimental-vector-index" },
];

export class ConfigError extends Error {}

/**
 * The secret --jwt-secret-keyfile names (its content without surrounding white space), or
 * undefined without one. ConfigError when the file cannot be read or holds only white space.
 */
export function readJwtSecret(config: Pick<Config, 'jwtSecretKeyfile'>): Buffer | undefined {
  const path = config.jwtSecretKeyfile;
  if (path === '') return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`--jwt-secret-keyfile: cannot read '${path}': ${(e as Error).message}`);
  }
  const secret = text.trim();
  if (secret === '') throw new ConfigError(`--jwt-secret-keyfile: '${path}' is empty`);
  return Buffer.from(secret, 'utf8');
}

export function envName(flag: string): string {
  return 'CAIRN_' + flag.toUpperCase().replace(/-/g, '_');
}

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

function convert(def: OptionDef, raw: string): Config[keyof Config] {
  const bad = (): never => {
    throw new ConfigError(`invalid value for --${def.flag}: '${raw}'`);
  };
  switch (def.kind) {
    case 'string':
      return raw;
    case 'int': {
      if (!/^\d+$/.test(raw)) bad();
      const n = Number(raw);
      if (def.key === 'port' && n > 65535) bad();
      return n;
    }
    case 'bool':
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return bad();
    case 'size': {
      const m = /^(\d+)([kmg]?)(i?b)?$/i.exec(raw);
      if (!m) return bad();
      const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
      return Number(m[1]) * mult;
    }
    case 'level':
      if (!LEVELS.includes(raw as LogLevel)) bad();
      return raw as LogLevel;
    case 'cache-mode':
      if (raw !== 'off' && raw !== 'on' && raw !== 'demand') bad();
      return raw as QueryCacheMode;
    case 'choice': {
      const v = raw.toLowerCase();
      if (!def.choices?.includes(v)) bad();
      return v;
    }
    case 'duration': {
      if (raw === 'off' || raw === '0') return null;
      const m = /^(\d+)([smhd]?)$/.exec(raw);
      if (!m) return bad();
      return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    }
  }
}

/** Parses argv (without node and script) over env over defaults. Throws ConfigError. */
export function loadConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const d of OPTIONS) out[d.key] = d.default;
  for (const d of OPTIONS) {
    const v = env[envName(d.flag)];
    if (v !== undefined && v !== '') out[d.key] = convert(d, v);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new ConfigError(usage());
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const d = m && OPTIONS.find((o) => o.flag === m[1]);
    if (!m || !d) throw new ConfigError(`unknown option '${arg}'\n${usage()}`);
    let value = m[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (d.kind === 'bool' && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined) throw new ConfigError(`option --${d.flag} needs a value`);
      else value = argv[++i];
    }
    out[d.key] = convert(d, value!);
  }
  return out as unknown as Config;
}

export function usage(): string {
  const lines = OPTIONS.map((o) => `  --${o.flag.padEnd(16)} ${o.help} (default ${o.default === null ? 'off' : JSON.stringify(o.default)}; env ${envName(o.flag)})`);
  return `usage: npm start -- [options]\n${lines.join('\n')}`;
}
