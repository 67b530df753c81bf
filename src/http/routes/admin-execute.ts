// /_admin/execute, as ArangoDB's RestAdminExecuteHandler: the request body is the body of
// a JavaScript function, run once in Cairn's JavaScript sandbox (the worker threads of
// JavaScript transactions and server tasks, with ArangoDB's server-side `db`), and the
// function's return value comes back as JSON. Served only with
// --javascript-allow-admin-execute (ArangoDB registers the path only with its
// --javascript.allow-admin-execute: otherwise it is an unknown path), and only to admins.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { JSON_TYPE, route, type Handler } from '../router.js';
import { isAdmin } from '../access.js';
import { makeExec } from '../js-exec.js';

const execute =
  (app: FastifyInstance): Handler =>
  async (req, ctx) => {
    if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
    if (!ctx.services.config.javascriptTransactions) throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'JavaScript operations are disabled');
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // nothing to execute: ArangoDB's empty answer
    if (raw.length === 0) return { status: 200, body: { error: false, code: 200 } };
    const exec = makeExec(app, ctx.services, ctx.user, ctx.signal);
    let result: string | undefined;
    try {
      result = await ctx.services.jsTransactions.runTask({ database: ctx.db, label: 'admin/execute', source: raw.toString('utf8'), params: undefined, exec, onAbort: (abort) => ctx.onAbort(abort) });
    } catch (e) {
      // what the script threw: 500 with its message as plain text (ArangoDB sends V8's
      // stack trace there); a cancel or shutdown keeps its own error
      if (e instanceof ArangoError && e.errorNum !== ERR.ERROR_REQUEST_CANCELED.errorNum && e.errorNum !== ERR.ERROR_SHUTTING_DOWN.errorNum) {
        return { status: 500, body: e.message, type: 'text/plain; charset=utf-8' };
      }
      throw e;
    }
    // returnAsJSON or not, ArangoDB answers the value itself (undefined: null)
    return { status: 200, type: JSON_TYPE, body: result ?? 'null' };
  };

export function registerAdminExecuteRoute(app: FastifyInstance): void {
  const h = execute(app);
  route(app, '/_admin/execute', { GET: h, HEAD: h, POST: h, PUT: h, PATCH: h, DELETE: h });
}
