// Route table helpers and request/response utilities shared by every route file.
// A route is a path with a handler per method; any other method on that path answers
// 405 `method not supported`. Handlers return a Reply value (status, body, headers)
// or throw ArangoError; they never build error bodies themselves.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Storage } from '../storage/storage.js';
import type { Config } from '../config.js';
import type { QueryTracker } from '../aql/tracker.js';
import type { CursorService } from '../cursors/service.js';
import type { QueryResultsCache } from '../cursors/query-cache.js';
import type { TransactionRegistry } from '../transactions/registry.js';
import type { Clock } from '../util/clock.js';
import type { JobService } from '../jobs/service.js';
import type { ReplayGrant, ReplayGrants } from './replay.js';
import { jsonArrayBytes } from '../util/json-bytes.js';
import { hasDuplicateKeys } from '../util/json-keys.js';
import { vpackJsonError, vpackRefusesParsed } from '../util/vpack-json-error.js';
import { isUtf8 } from 'node:buffer';
import type { AbortHook } from '../util/signals.js';
import type { JsTransactions } from '../transactions/js-transactions.js';
import type { HttpStats } from './stats.js';
import type { TtlSweeper } from '../storage/ttl.js';
import type { AccessTokens } from '../users/tokens.js';
import type { JsTasks } from '../transactions/js-tasks.js';
import type { UserStore } from '../users/store.js';
import type { Credentials } from './auth.js';
import type { Logger } from '../util/logger.js';
import type { TimedCtx } from './stats.js';
import type { ApplierConfigs, DumpBatches } from '../storage/dump-batches.js';
import type { ShutdownRequest } from '../util/shutdown-request.js';

export interface Services {
  storage: Storage;
  config: Config;
  startedAt: number;
  /** Aborted when the server shuts down. */
  shutdown: AbortSignal;
  /** Running and slow AQL queries (/_api/query/current, slow, kill). */
  queries: QueryTracker;
  /** /_api/cursor. */
  cursors: CursorService;
  /** The AQL query results cache (/_api/query-cache; used by cursors). */
  queryCache: QueryResultsCache;
  /** Stream transactions (/_api/transaction, the x-arango-trx-id header). */
  transactions: TransactionRegistry;
  /** JavaScript transactions (POST /_api/transaction with an action): their workers. */
  jsTransactions: JsTransactions;
  /** ArangoDB's server tasks (/_api/tasks). */
  jsTasks: JsTasks;
  /** Users' access tokens (/_api/token; users/tokens.ts). */
  tokens: AccessTokens;
  /** TTL indexes' background removal (/_api/ttl). */
  ttl: TtlSweeper;
  /** Request counters (/_admin/metrics). */
  httpStats: HttpStats;
  clock: Clock;
  /** Async jobs (x-arango-async, /_api/job, the task API). */
  jobs: JobService;
  /** One-time grants of requests replayed by the job runner. */
  replays: ReplayGrants;
  /** Users, their passwords and access levels (root and the `_users` collection). */
  users: UserStore;
  /** Authorization headers -> users, remembered (auth.ts). */
  credentials: Credentials;
  /** Writes an operator's line to stderr (an internal error, a job that broke); silent at --log-level silent. */
  log: (msg: string, err?: unknown) => void;
  /** The log by topic and level, its levels and its in-memory entries (/_admin/log; util/logger.ts). */
  logger: Logger;
  /** Dump batches: read snapshots arangodump reads collections from (/_api/replication/batch, dump). */
  dumpBatches: DumpBatches;
  /** Each database's stored replication applier configuration (/_api/replication/applier-config). */
  applierConfigs: ApplierConfigs;
  /** Asks the process to stop cleanly (DELETE /_admin/shutdown); main.ts or the Server stops it. */
  shutdownRequest: ShutdownRequest;
}

export interface Ctx {
  /** The database the request addresses (`_system` without a /_db/ prefix). */
  db: string;
  /**
   * The authenticated user (root when authentication is off; '' for a request without
   * valid credentials to a path served without them, such as /_open/auth).
   */
  user: string;
  /**
   * Every right, every user's jobs and transactions: authentication is off, or the
   * request carries a superuser token (user is then root).
   */
  superuser: boolean;
  services: Services;
  /** Aborted when the client goes away or the server shuts down (or its job is cancelled). */
  signal: AbortSignal;
  /**
   * Calls `abort` with the reason `signal` would abort with, without building the signal
   * (at once if the request was already aborted); returns the function that unregisters it.
   */
  onAbort: AbortHook;
  /** Set when the job runner replays this request for an async job. */
  replay?: ReplayGrant;
}

export interface Reply {
  status: number;
  /** A value sent as JSON; a Buffer or string sent as it is; undefined for no body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Content type for a non-JSON body. */
  type?: string;
}

export type Handler = (req: FastifyRequest, ctx: Ctx) => Reply | Promise<Reply>;

export const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const JSON_TYPE = 'application/json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    cairn?: Ctx;
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** Registers `path` with a handler per method; other methods get 405. */
export function route(app: FastifyInstance, path: string, handlers: Partial<Record<HTTPMethods, Handler>>): void {
  app.route({
    method: METHODS,
    url: path,
    exposeHeadRoute: false,
    // Not async: a handler that answers at once (most do) is sent without a promise and
    // a microtask; what it throws reaches the error handler either way.
    handler: (req, reply) => {
      const timed = req.cairn as unknown as TimedCtx | undefined;
      if (timed !== undefined && timed.tStart !== 0) timed.tHandled = performance.now();
      const h = handlers[req.method as HTTPMethods];
      if (!h) throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
      const r = h(req, req.cairn!);
      if (r instanceof Promise) return r.then((x) => sendReply(reply, x));
      sendReply(reply, r);
      return undefined;
    },
  });
}

export function sendReply(reply: FastifyReply, r: Reply): FastifyReply {
  const timed = reply.request.cairn as unknown as TimedCtx | undefined;
  if (timed !== undefined && timed.tStart !== 0) timed.tReady = performance.now();
  reply.code(r.status);
  if (r.headers) reply.headers(r.headers);
  // a 204 that names its type keeps it (a replication dump's), which Fastify drops for an empty string body
  if (r.body === undefined && r.status === 204 && r.type !== undefined) return reply.type(r.type).send();
  if (r.body === undefined) return reply.type(r.type ?? 'text/plain; charset=utf-8').send('');
  if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) return reply.type(r.type ?? JSON_TYPE).send(r.body);
  // an array body (a batch of documents or results) of many elements is encoded in
  // chunks (jsonArrayBytes: a long JSON.stringify result is slow to read the first time)
  if (Array.isArray(r.body) && r.body.length > 64) return reply.type(JSON_TYPE).send(jsonArrayBytes(r.body));
  const text = JSON.stringify(r.body);
  // a large body goes out as bytes: a string that size is joined with the header,
  // flattened, measured and encoded on its way out, then left for V8's collector
  return reply.type(JSON_TYPE).send(text.length > LARGE_BODY ? Buffer.from(text) : text);
}

/** Characters from which a JSON body is sent as a Buffer (see cursors/service.ts). */
const LARGE_BODY = 65536;

// ---- request helpers ------------------------------------------------------------

/**
 * The request body parsed as JSON, whatever its content type (ArangoDB does the same;
 * curl sends form content types). undefined for an empty body. Throws 600.
 */
export function body(req: FastifyRequest): unknown {
  const raw = req.body as Buffer | undefined;
  if (!raw || raw.length === 0) return undefined;
  // toString would turn bytes that are no UTF-8 into U+FFFD; ArangoDB refuses them (600)
  if (!isUtf8(raw)) throw corruptedJson(vpackJsonError(raw) ?? 'Invalid UTF-8 sequence');
  return parseJsonText(raw.toString('utf8'));
}

function corruptedJson(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_HTTP_CORRUPTED_JSON, `VPackError error: ${message}`);
}

/**
 * JSON text parsed as ArangoDB parses request bodies: a leading BOM is skipped; what its
 * parser refuses throws 600 with its message (vpack-json-error.ts), duplicate attribute
 * names, numbers out of double range and lone surrogate escapes too.
 */
export function parseJsonText(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw corruptedJson(vpackJsonError(Buffer.from(text)) ?? (e as Error).message);
  }
  // what JSON.parse accepts and ArangoDB's parser does not: 1e400, "\uD800" ...
  const refused = vpackRefusesParsed(text);
  if (refused !== undefined) throw corruptedJson(refused);
  // ArangoDB's parser refuses an object that names an attribute twice
  if (hasDuplicateKeys(text)) throw corruptedJson('Duplicate attribute name');
  return value;
}

/** A query parameter as one string (the last one if repeated). */
export function qstr(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', '1', '\u2713']);

/**
 * ArangoDB's boolean parameters (GeneralRequest::parsedValue<bool>): `dflt` when absent;
 * when present, true for true/yes/on/y/1/✓ (trimmed, any case) and false for anything
 * else, so `?ignoreRevs=nonsense` turns a true default off.
 */
export function qbool(req: FastifyRequest, name: string, dflt: boolean): boolean {
  const v = qstr(req, name);
  if (v === undefined) return dflt;
  return TRUE_WORDS.has(v.trim().toLowerCase());
}

/** A path parameter, URL-decoded by Fastify already. */
/**
 * The decoded path segments after `base` (e.g. '/_api/user'), empty ones skipped as
 * ArangoDB splits request paths; a segment that is no valid percent-encoding stays as sent.
 */
export function pathSuffixes(req: FastifyRequest, base: string): string[] {
  const path = req.url.split('?')[0]!;
  const rest = path.length > base.length ? path.slice(base.length + 1) : '';
  return rest
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name] ?? '';
}

export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
