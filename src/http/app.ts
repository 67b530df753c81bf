// The Fastify application: database prefix handling, authentication, body limits, and
// the one error -> response path. Route files only add routes (see router.ts).
//
// Request pipeline:
//   rewriteUrl  /_db/<name>/rest -> /rest, remembering <name>
//   onRequest   OPTIONS answered; credentials checked (auth.ts: Basic, Bearer); the
//               database must exist (1228; 1208 for a name not NFC-normalized) and the
//               user may use it (401, see admitted);
//               Ctx attached (a request the job runner replays carries a one-time grant
//               instead of credentials, and is checked as its job's user)
//   parsing     any content type is kept as raw bytes, limited by --max-body-size (413)
//   preHandler  x-arango-async: store | true -> the request becomes a job, 202 (async.ts)
//   handler     route table; unknown path 404, wrong method 405 (a method ArangoDB does
//               not know: 405 on any path)
//   errors      ArangoError -> its status and envelope; anything else -> 500/4, logged
//   unparsable  a request Node's parser refuses never reaches the app: clientError answers
//               400 with the envelope (431/408 empty) and closes the connection
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type HTTPMethods } from 'fastify';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { ArangoError, ERR, errorBody } from '../errors/arango-error.js';
import { onAnyAbort } from '../util/signals.js';
import { acceptedEncoding, compressPayload, decodeRequestBody, payloadBytes } from './content-encoding.js';
import { JSON_TYPE, METHODS, type Ctx, type Services } from './router.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerLogRoutes } from './routes/log.js';
import { registerStatisticsRoutes } from './routes/statistics.js';
import { registerCollectionRoutes } from './routes/collection.js';
import { registerDatabaseRoutes } from './routes/database.js';
import { registerDocumentRoutes } from './routes/document.js';
import { registerIndexRoutes } from './routes/indexes.js';
import { registerViewRoutes } from './routes/view.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerCursorRoutes } from './routes/cursor.js';
import { registerQueryCacheRoutes } from './routes/query-cache.js';
import { registerImportRoutes } from './routes/import.js';
import { registerEdgesRoutes } from './routes/edges.js';
import { registerSimpleRoutes } from './routes/simple.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerServerTaskRoutes } from './routes/server-tasks.js';
import { registerTtlRoutes } from './routes/ttl.js';
import { registerTransactionRoutes } from './routes/transaction.js';
import { registerBatchRoutes } from './routes/batch.js';
import { registerVersionRoutes } from './routes/version.js';
import { registerJobRoutes } from './routes/job.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerAqlFunctionRoutes } from './routes/aqlfunction.js';
import { registerAnalyzerRoutes } from './routes/analyzer.js';
import { registerGharialRoutes } from './routes/gharial.js';
import { registerTokenRoutes } from './routes/token.js';
import { registerUserRoutes } from './routes/user.js';
import { registerOpenAuthRoutes } from './routes/open-auth.js';
import { registerReplicationRoutes } from './routes/replication.js';
import { registerAdminExecuteRoute } from './routes/admin-execute.js';
import { registerEndpointsRoutes } from './routes/endpoints.js';
import { registerShutdownRoutes } from './routes/shutdown.js';
import { registerDumpRoutes } from './routes/dump.js';
import { asyncHook } from './async.js';
import { REPLAY_HEADER, type ReplayGrant } from './replay.js';
import { SUPERUSER } from './auth.js';
import { ROOT } from '../users/store.js';
import { requestTimes } from './stats.js';

interface PrefixedMessage extends IncomingMessage {
  cairnDb?: string;
  cairnOriginalUrl?: string;
  /** performance.now() at arrival of a request answered without a context (recordAnswer). */
  cairnArrived?: number;
}

/**
 * Headers of every response, as ArangoDB 3.12 sends them: the queue time, and its generic
 * security headers (no caching, no framing or form posts from other sites, HSTS).
 */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'x-arango-queue-time-seconds': '0.000000',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0',
  'content-security-policy': "frame-ancestors 'self'; form-action 'self';",
  expires: '0',
  pragma: 'no-cache',
  'strict-transport-security': 'max-age=31536000 ; includeSubDomains',
};

const METHODS_ALLOWED = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

/**
 * Origins allowed to send credentials (ArangoDB's --http.trusted-origin): `all` when the
 * list holds `*`.
 */
type TrustedOrigins = Set<string> | 'all';

function trustedOrigins(option: string): TrustedOrigins {
  const names = option.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return names.includes('*') ? 'all' : new Set(names);
}

/** Whether `origin` is trusted; a trailing slash of the Origin header is ignored, as ArangoDB ignores it. */
function isTrusted(origin: string, trusted: TrustedOrigins): boolean {
  if (trusted === 'all') return true;
  if (trusted.size === 0) return false;
  return trusted.has(origin.endsWith('/') ? origin.slice(0, -1) : origin);
}

/**
 * CORS, as ArangoDB answers a request with an Origin: the origin echoed, credentials
 * allowed only for a trusted origin (--http-trusted-origin), and the headers a browser
 * script may read.
 */
function corsHeaders(origin: string | string[], trusted: TrustedOrigins): Record<string, string> {
  const value = Array.isArray(origin) ? origin.join(', ') : origin;
  return {
    'access-control-allow-origin': value,
    'access-control-allow-credentials': isTrusted(value, trusted) ? 'true' : 'false',
    'access-control-expose-headers': 'etag, content-encoding, content-length, location, server, x-arango-errors, x-arango-async-id',
  };
}

/** A CORS preflight (OPTIONS with an Origin): the methods, the requested headers (if any), 30 minutes of caching. */
function preflightHeaders(requested: string | string[] | undefined): Record<string, string> {
  const wanted = (Array.isArray(requested) ? requested.join(',') : (requested ?? '')).trim();
  return { 'access-control-allow-methods': METHODS_ALLOWED, ...(wanted ? { 'access-control-allow-headers': wanted } : {}), 'access-control-max-age': '1800' };
}

/**
 * Paths served to a request without valid credentials or without access to its database
 * (ArangoDB's CommTask::canAccessPath); /_api/user/... and /_api/token/... only for an
 * authenticated user, so that one without access to the database can still read and
 * change itself and its tokens.
 */
function servedAnyway(path: string, authenticated: boolean): boolean {
  if (path === '/' || path.startsWith('/_open/') || path.startsWith('/_admin/aardvark/') || path === '/_admin/server/availability') return true;
  return authenticated && (path.startsWith('/_api/user/') || path.startsWith('/_api/token/'));
}

/**
 * Byte counts of a TCP socket, where they stood when its previous answer was recorded, and
 * whether that answer's bytes are still to be counted (whose they were: root's or not).
 */
interface CountedSocket {
  bytesRead?: number;
  bytesWritten?: number;
  cairnRead?: number;
  cairnWritten?: number;
  cairnPendingRoot?: boolean;
}

/**
 * Records an answered client request for /_admin/statistics, from the onSend hook.
 *
 * Why there and not in onResponse: Fastify's onResponse adds and removes a `finish` and
 * an `error` listener on every response, which with the per-response work cost 2.5-5 us
 * of a 31 us `/_api/version` (server CPU, alternating wrk rounds). So the answer's times
 * end when it is handed to Node (ioTime runs from the handler's answer to then: its
 * encoding and the reply hooks; the socket write itself, one writev in the same turn
 * for a small answer, is not timed), and on a real connection the bytes are the socket's counters: those read since the
 * previous answer, and the bytes written for an answer counted when the socket's next
 * request is answered or the socket closes (recordPendingSent). Requests without such a
 * socket (light-my-request's) count their header lines and payload instead.
 */
function recordAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown, services: Services): void {
  const raw = req.raw as PrefixedMessage;
  const ctx = req.cairn as RequestCtx | undefined;
  // a request refused before it had a context (401, OPTIONS) carries its arrival on raw
  const start = ctx ? ctx.tStart : (raw.cairnArrived ?? 0);
  if (start === 0 || ctx?.replay !== undefined) return;
  const now = performance.now();
  const root = ctx?.user === 'root';
  const times = requestTimes(start, ctx?.tHandled ?? 0, ctx?.tReady ?? 0, now);
  const sock = raw.socket as unknown as CountedSocket | null;
  if (sock && typeof sock.bytesRead === 'number' && typeof sock.bytesWritten === 'number') {
    services.httpStats.answered(root, times, sock.bytesRead - (sock.cairnRead ?? 0));
    sock.cairnRead = sock.bytesRead;
    recordPendingSent(sock, services);
    sock.cairnPendingRoot = root;
  } else {
    services.httpStats.answered(root, times, bytesReceived(req));
    services.httpStats.sent(root, estimatedBytesSent(reply, payload));
  }
}

/** Counts the bytes written for the socket's last recorded answer, if any are pending. */
function recordPendingSent(sock: CountedSocket, services: Services): void {
  if (sock.cairnPendingRoot !== undefined) services.httpStats.sent(sock.cairnPendingRoot, (sock.bytesWritten ?? 0) - (sock.cairnWritten ?? 0));
  sock.cairnWritten = sock.bytesWritten ?? 0;
  sock.cairnPendingRoot = undefined;
}

/** A request's bytes as they came: request line, headers, body (its content-length). */
function bytesReceived(req: FastifyRequest): number {
  const raw = req.raw as PrefixedMessage;
  let n = (raw.method ?? '').length + (raw.cairnOriginalUrl ?? raw.url ?? '').length + 13; // 'M U HTTP/1.1\r\n'
  const h = raw.rawHeaders ?? []; // a request of Cairn's own dispatcher (local-request.ts) has none
  for (let i = 0; i + 1 < h.length; i += 2) n += Buffer.byteLength(h[i]!) + Buffer.byteLength(h[i + 1]!) + 4;
  const body = Number(req.headers['content-length'] ?? 0);
  return n + 2 + (Number.isFinite(body) ? body : 0);
}

/** An answer's bytes before Node writes it: status line, header lines and payload. */
function estimatedBytesSent(reply: FastifyReply, payload: unknown): number {
  let n = 17 + String(reply.statusCode).length; // 'HTTP/1.1 200 OK\r\n' and the final CRLF
  for (const [k, v] of Object.entries(reply.getHeaders())) n += k.length + 4 + Buffer.byteLength(Array.isArray(v) ? v.join(', ') : String(v));
  if (typeof payload === 'string') n += Buffer.byteLength(payload);
  else if (payload instanceof Uint8Array) n += payload.length;
  return n;
}

/** ArangoDB's challenge on every 401, unless the client sends x-omit-www-authenticate. */
const WWW_AUTHENTICATE = ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"'];

/**
 * A request Node's HTTP parser refuses (a malformed request line or header, a bad
 * Content-Length): 400 with ArangoDB's envelope, as ArangoDB answers since 3.12.6 instead
 * of closing silently; headers too large are 431. The connection is closed after it.
 */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // as Node's own handler: nothing is written into a response already under way
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
  const body = status === 400 ? JSON.stringify(errorBody(400, ERR.ERROR_HTTP_BAD_PARAMETER.errorNum, ERR.ERROR_HTTP_BAD_PARAMETER.message)) : '';
  const head = [`HTTP/1.1 ${status} ${text}`, ...Object.entries(RESPONSE_HEADERS).map(([k, v]) => `${k}: ${v}`)];
  head.push(`content-type: ${body ? JSON_TYPE : 'text/plain; charset=utf-8'}`, `content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  socket.end(head.join('\r\n') + '\r\n\r\n' + body);
}

const DB_PREFIX = /^\/_db\/([^/?]*)(.*)$/;

function rewriteUrl(raw: IncomingMessage): string {
  const req = raw as PrefixedMessage;
  const url = req.url ?? '/';
  req.cairnOriginalUrl = url;
  const m = DB_PREFIX.exec(url);
  if (!m) return url;
  let name: string;
  try {
    name = decodeURIComponent(m[1]!);
  } catch {
    name = m[1]!;
  }
  req.cairnDb = name;
  const rest = m[2]!;
  return rest === '' || rest.startsWith('?') ? '/' + rest : rest;
}

/**
 * The grant of a request the job runner replays, consumed; the header is removed either
 * way, so a forged or stale token is simply ignored (see replay.ts).
 */
function takeReplayGrant(req: FastifyRequest, services: Services): ReplayGrant | undefined {
  const token = req.headers[REPLAY_HEADER];
  if (token === undefined) return undefined;
  delete req.headers[REPLAY_HEADER];
  return typeof token === 'string' ? services.replays.take(token) : undefined;
}

function pathOf(req: FastifyRequest): string {
  const url = (req.raw as PrefixedMessage).cairnOriginalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The structured parameters PUT /_admin/log/structured switched on, as ` [name=value ...]` (none: ''). */
function structuredParams(req: FastifyRequest, services: Services): string {
  const on = services.logger.structured;
  if (on.size === 0) return '';
  const values: Record<string, string> = { database: (req.raw as PrefixedMessage).cairnDb ?? '_system', username: req.cairn?.user ?? '', url: (req.raw as PrefixedMessage).cairnOriginalUrl ?? req.url };
  return ' [' + [...on].map((p) => `${p}=${values[p]}`).join(' ') + ']';
}

/** Maps any thrown value to ArangoDB's envelope; logs what is not a user error. */
function toErrorReply(err: unknown, req: FastifyRequest, services: Services): { status: number; body: Record<string, unknown> } {
  const maxBody = services.config.maxBodySize;
  if (err instanceof ArangoError) return { status: err.status, body: { ...errorBody(err.status, err.errorNum, err.message), ...err.extra } };
  const fe = err as FastifyError;
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const len = req.headers['content-length'] ?? 'more than ' + maxBody;
    const e = new ArangoError(ERR.ERROR_HTTP_REQUEST_ENTITY_TOO_LARGE, len, maxBody);
    return { status: 413, body: errorBody(413, e.errorNum, e.message) };
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: errorBody(fe.statusCode, fe.statusCode, fe.message) };
  }
  services.log(`internal error while handling ${req.method} ${req.url}${structuredParams(req, services)}:`, err);
  return { status: 500, body: errorBody(500, ERR.ERROR_INTERNAL.errorNum, ERR.ERROR_INTERNAL.message) };
}

/**
 * A request's Ctx. A class, not an object literal with a getter: a literal's getter is a
 * new closure per request, which gives every request object a hidden class of its own
 * (allocated in old space); under load that made young-generation GC several times
 * slower and halved the request rate.
 */
class RequestCtx implements Ctx {
  private abort: AbortSignal | undefined;
  /** Set once the request is aborted (its reason, for handlers registered later). */
  private aborted: { reason: unknown } | undefined;
  /** Registered onAbort handlers; undefined until the first one (no source is watched before). */
  private handlers: Set<(reason: unknown) => void> | undefined;
  constructor(
    readonly db: string,
    readonly user: string,
    readonly services: Services,
    private readonly reply: FastifyReply,
    readonly replay: ReplayGrant | undefined,
    readonly superuser: boolean,
    /** Statistics marks (stats.ts TimedCtx): arrival, handler start, answer ready. */
    readonly tStart: number,
  ) {}
  tHandled = 0;
  tReady = 0;

  /**
   * Built on first use: most handlers never wait on anything long. Aborted when the
   * client leaves, the server shuts down or the job is cancelled.
   */
  get signal(): AbortSignal {
    if (this.abort) return this.abort;
    const ac = new AbortController();
    this.abort = ac.signal;
    this.onAbort((reason) => ac.abort(reason));
    return this.abort;
  }

  /**
   * The sources are watched from the first registration on; their listeners are removed
   * when the response is over.
   */
  onAbort(abort: (reason: unknown) => void): () => void {
    if (!this.aborted && !this.handlers) this.watch();
    if (this.aborted) {
      abort(this.aborted.reason);
      return () => undefined;
    }
    const handlers = this.handlers as Set<(reason: unknown) => void>;
    handlers.add(abort);
    return () => handlers.delete(abort);
  }

  private watch(): void {
    const handlers = new Set<(reason: unknown) => void>();
    this.handlers = handlers;
    const fire = (reason: unknown): void => {
      if (this.aborted) return;
      this.aborted = { reason };
      const all = [...handlers];
      handlers.clear();
      for (const h of all) h(reason);
    };
    const raw = this.reply.raw;
    const release = onAnyAbort([this.services.shutdown, this.replay?.signal], fire);
    // The response's 'close', not the request's: a request stream closes as soon as its
    // body has been read, while the response closes early only when the client leaves.
    if (raw.destroyed) {
      release();
      fire(new ArangoError(ERR.ERROR_REQUEST_CANCELED));
    } else
      raw.once('close', () => {
        release();
        if (!raw.writableEnded) fire(new ArangoError(ERR.ERROR_REQUEST_CANCELED));
        handlers.clear();
      });
  }
}

/**
 * The request's database once it may be used (ArangoDB's CommTask::prepareExecution):
 * a /_db/ name that is not NFC-normalized is 400/1208 whoever asks (ArangoDB refuses it
 * while parsing the URL, HttpRequest::parseUrl); an unknown database is 404/1228, or 401
 * when the user could not use a database of that name anyway (names are not revealed); a user without access to it (or no user) is 401,
 * except on the paths servedAnyway. Replayed requests are checked as their job's user.
 */
function admitted(req: FastifyRequest, user: string | undefined, services: Services): string {
  const db = (req.raw as PrefixedMessage).cairnDb ?? '_system';
  const auth = services.config.auth;
  const level = (): string => (user === undefined ? 'none' : services.users.databaseLevel(user, db));
  try {
    services.storage.catalog.requireDatabase(db);
  } catch (e) {
    // checked only here, off the hot path: no database has a name that is not NFC
    if (db !== db.normalize('NFC')) throw ArangoError.withMessage(ERR.ERROR_ARANGO_ILLEGAL_NAME, 'database name is not properly UTF-8 NFC-normalized');
    if (e instanceof ArangoError && e.errorNum === ERR.ERROR_ARANGO_DATABASE_NOT_FOUND.errorNum && auth && level() === 'none') throw new ArangoError(ERR.ERROR_NOT_AUTHORIZED);
    throw e;
  }
  if (auth && level() === 'none' && !servedAnyway(req.url.split('?')[0]!, user !== undefined)) throw new ArangoError(ERR.ERROR_NOT_AUTHORIZED);
  return db;
}

export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const trusted = trustedOrigins(config.httpTrustedOrigin);
  await services.users.open();
  const app = Fastify({
    // Fastify logs only at --log-level debug (a line per request). Below it Fastify has no
    // logger at all: with one it creates a child logger per request and adds and removes
    // two listeners on every response to time it, about 2 us of a 30 us request, for
    // lines nobody reads. Internal errors are logged by toErrorReply through services.log.
    logger: config.logLevel === 'debug' ? { level: 'debug' } : false,
    bodyLimit: config.maxBodySize,
    // empty path segments are skipped, as ArangoDB splits paths (/_api/document//k is /_api/document/k)
    routerOptions: { maxParamLength: 8192, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    rewriteUrl,
    // Errors Fastify raises before routing (a malformed URL, a bad content type) take
    // the same path as every other error.
    frameworkErrors: (err, req, reply) => {
      const { status, body } = toErrorReply(err, req as FastifyRequest, services);
      const r = reply as unknown as FastifyReply;
      void r.code(status).headers(RESPONSE_HEADERS).type(JSON_TYPE).send(JSON.stringify(body));
    },
    forceCloseConnections: false,
    return503OnClosing: true,
    // ArangoDB serves requests without a Host header (HTTP/1.0 clients, raw sockets)
    http: { requireHostHeader: false },
    clientErrorHandler: clientError,
  });

  app.removeAllContentTypeParsers();
  const encodingOpts = { maxBodySize: config.maxBodySize, handleUnauthenticated: config.handleContentEncodingForUnauthenticatedRequests };
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.maxBodySize }, (req, payload, done) => {
    if (req.headers['content-encoding'] === undefined) return done(null, payload);
    // content-encoding.ts: gzip and deflate bodies are decompressed here
    const authenticated = !config.auth || (req.cairn !== undefined && req.cairn.user !== '');
    decodeRequestBody(req.headers, payload as Buffer, authenticated, encodingOpts, done);
  });

  const statistics = config.serverStatistics;
  // Hooks in callback style: an async hook costs a promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    // requests Cairn replays to itself (jobs, JavaScript transactions) are not clients' requests
    const counted = req.headers[REPLAY_HEADER] === undefined;
    if (counted) services.httpStats.count(req.method);
    const arrived = statistics && counted ? performance.now() : 0;
    reply.headers(RESPONSE_HEADERS);
    const origin = req.headers.origin;
    if (origin !== undefined) reply.headers(corsHeaders(origin, trusted));
    if (req.method === 'OPTIONS') {
      if (arrived !== 0) (req.raw as PrefixedMessage).cairnArrived = arrived;
      reply.header('allow', METHODS_ALLOWED);
      if (origin !== undefined) reply.headers(preflightHeaders(req.headers['access-control-request-headers']));
      reply.code(200).type('text/plain; charset=utf-8').send('');
      return;
    }
    const replay = takeReplayGrant(req, services);
    const admit = (named: string | undefined): void => {
      const superuser = named === SUPERUSER || !services.config.auth;
      const user = named === SUPERUSER ? ROOT : named;
      let db: string;
      try {
        db = admitted(req, user, services);
      } catch (e) {
        if (arrived !== 0) (req.raw as PrefixedMessage).cairnArrived = arrived;
        done(e as Error);
        return;
      }
      if (counted) {
        if (user === 'root') services.httpStats.superuser++;
        else services.httpStats.user++;
      }
      req.cairn = new RequestCtx(db, user ?? '', services, reply, replay, superuser, arrived);
      done();
    };
    if (replay) return admit(replay.user);
    if (!services.config.auth) return admit('root');
    const user = services.credentials.authenticate(req.headers.authorization);
    if (user instanceof Promise) user.then(admit, (e: Error) => done(e));
    else admit(user);
  });

  app.addHook('preHandler', asyncHook(services));

  // --server-statistics: the time and size of every answered client request (replays are
  // Cairn's own), and how long each client connection stays open
  if (statistics) {
    app.server.on('connection', (socket: Duplex) => {
      const opened = performance.now();
      services.httpStats.connectionOpened();
      socket.once('close', () => {
        recordPendingSent(socket as unknown as CountedSocket, services);
        services.httpStats.connectionClosed((performance.now() - opened) / 1000);
      });
    });
  }

  // A reply sent once shutdown began closes its connection: a client's keep-alive
  // connection would otherwise hold app.close() until the keep-alive timeout (72 s).
  // Every 401 carries ArangoDB's two challenges (HttpCommTask::sendResponse).
  const compressThreshold = config.compressResponseThreshold;
  app.addHook('onSend', (req, reply, payload, done) => {
    if (services.shutdown.aborted) reply.header('connection', 'close');
    if (compressThreshold > 0 && req.headers['accept-encoding'] !== undefined && req.headers[REPLAY_HEADER] === undefined) {
      const encoding = acceptedEncoding(req.headers['accept-encoding']);
      const size = payloadBytes(payload);
      if (encoding && size !== undefined && size >= compressThreshold && !reply.hasHeader('content-encoding')) {
        const packed = compressPayload(payload as string | Buffer, encoding);
        if (packed) {
          reply.header('content-encoding', encoding);
          payload = packed;
        }
      }
    }
    if (reply.statusCode === 401 && req.headers['x-omit-www-authenticate'] === undefined && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', WWW_AUTHENTICATE);
    if (statistics) {
      try {
        recordAnswer(req, reply, payload, services);
      } catch (e) {
        services.log(`statistics: could not record ${req.method} ${req.url}:`, e); // the answer goes out regardless
      }
    }
    done(null, payload);
  });

  app.setNotFoundHandler(async (req) => {
    // a method ArangoDB does not know (PROPFIND, ...) is refused whatever the path
    if (!METHODS.includes(req.method as HTTPMethods)) throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
    throw new ArangoError(ERR.ERROR_HTTP_UNKNOWN_PATH, pathOf(req));
  });

  app.setErrorHandler(async (err, req, reply) => {
    const { status, body } = toErrorReply(err, req, services);
    // ArangoDB's 405 to a HEAD request says text/plain (its body is left out anyway)
    const type = status === 405 && req.method === 'HEAD' ? 'text/plain; charset=utf-8' : JSON_TYPE;
    return reply.code(status).type(type).send(JSON.stringify(body));
  });

  registerVersionRoutes(app);
  registerAdminRoutes(app, config.supportInfoApi);
  registerStatisticsRoutes(app);
  registerLogRoutes(app);
  registerDatabaseRoutes(app);
  registerCollectionRoutes(app);
  registerDocumentRoutes(app);
  registerIndexRoutes(app);
  registerViewRoutes(app);
  registerQueryRoutes(app);
  registerCursorRoutes(app);
  registerQueryCacheRoutes(app);
  registerAqlFunctionRoutes(app);
  registerAnalyzerRoutes(app);
  registerImportRoutes(app);
  registerEdgesRoutes(app);
  registerSimpleRoutes(app);
  registerTransactionRoutes(app);
  registerBatchRoutes(app);
  registerJobRoutes(app);
  registerTaskRoutes(app);
  registerMetricsRoutes(app);
  registerServerTaskRoutes(app, services);
  registerTtlRoutes(app);
  registerReplicationRoutes(app);
  if (config.javascriptAllowAdminExecute) registerAdminExecuteRoute(app);
  registerGharialRoutes(app);
  registerTokenRoutes(app);
  registerUserRoutes(app);
  registerOpenAuthRoutes(app, config.auth);
  registerEndpointsRoutes(app);
  registerShutdownRoutes(app);
  registerDumpRoutes(app);
  return app;
}
