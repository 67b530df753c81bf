// Server information and the test helpers ArangoDB keeps under /_admin: time, sleep, echo,
// status, role, availability, mode, and /_api/engine. Nothing here changes state.
// /_admin/sleep is the one long request: it must end early when ctx.signal aborts
// (client gone, shutdown, job cancel) and then answers with the abort's ArangoError.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { ARANGO_VERSION } from '../../version.js';
import { json, qstr, route, type Handler } from '../router.js';

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

const status: Handler = () =>
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
      writeOpsEnabled: true,
      readOnly: false,
    },
  });

const role: Handler = () => ok({ role: 'SINGLE', mode: 'default' });

/** 503 while the server shuts down, as ArangoDB does when it is stopping. */
const availability: Handler = (_req, ctx) => {
  if (ctx.services.shutdown.aborted) throw new ArangoError(ERR.ERROR_HTTP_SERVICE_UNAVAILABLE);
  return ok({ mode: 'default' });
};

const mode: Handler = () => ok({ mode: 'default' });

const INDEX_TYPES = ['primary', 'edge', 'persistent', 'ttl', 'hash', 'skiplist', 'geo', 'fulltext', 'mdi', 'mdi-prefixed', 'zkd'];

/** No envelope, as ArangoDB's engine handler. */
const engine: Handler = () =>
  json(200, {
    name: 'lmdb',
    supports: { indexes: INDEX_TYPES, aliases: { indexes: { hash: 'persistent', skiplist: 'persistent', geo1: 'geo', geo2: 'geo' } } },
  });

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
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== 'authorization') headers[k] = Array.isArray(v) ? v.join(',') : v;
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

export function registerAdminRoutes(app: FastifyInstance): void {
  route(app, '/_admin/time', anyMethod(time));
  route(app, '/_admin/echo', anyMethod(echo));
  route(app, '/_admin/echo/*', anyMethod(echo));
  route(app, '/_admin/sleep', anyMethod(sleep));
  route(app, '/_admin/status', { GET: status });
  route(app, '/_admin/server/role', { GET: role });
  route(app, '/_admin/server/availability', { GET: availability });
  route(app, '/_admin/server/mode', { GET: mode });
  route(app, '/_api/engine', { GET: engine });
}
