// `x-arango-async: store | true` (spec section 1.1): after authentication and body
// parsing, before the route's handler, such a request is stored as an `http` job and
// answered 202 with an empty text/plain body (`store` adds x-arango-async-id). Only these
// exact values count; any other value is an ordinary request. A request the job runner
// replays is never made asynchronous again. The stored request keeps no credentials.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredRequest } from '../jobs/record.js';
import type { Services } from './router.js';

/** Headers never stored with a job: credentials and per-connection framing. */
const DROPPED = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-arango-async', 'host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'te']);

function storedRequest(req: FastifyRequest, url: string): StoredRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED.has(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const body = Buffer.isBuffer(req.body) ? req.body : null;
  return { method: req.method, url, headers, body };
}

/**
 * The preHandler hook, in callback style: nearly every request is not asynchronous, and an
 * async hook would cost each of them a promise.
 */
export function asyncHook(services: Services) {
  return (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    const mode = req.headers['x-arango-async'];
    const ctx = req.cairn;
    if ((mode !== 'store' && mode !== 'true') || !ctx || ctx.replay) {
      done();
      return;
    }
    services.httpStats.async++;
    const original = (req.raw as { cairnOriginalUrl?: string }).cairnOriginalUrl ?? req.url;
    const path = req.url.split('?')[0]!;
    services.jobs
      .submit({
        type: 'http',
        name: `${req.method} ${path}`,
        db: ctx.db,
        user: ctx.user,
        discard: mode === 'true',
        input: storedRequest(req, original),
      })
      .then(
        (rec) => {
          reply.code(202).type('text/plain; charset=utf-8');
          if (mode === 'store') reply.header('x-arango-async-id', String(rec.id));
          reply.send('');
        },
        (e: Error) => done(e),
      );
  };
}
