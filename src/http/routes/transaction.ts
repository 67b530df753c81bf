// /_api/transaction: stream transactions (begin, status, commit, abort, list) and
// JavaScript transactions (POST /_api/transaction with an `action`), answered as
// ArangoDB's RestTransactionHandler answers; the x-arango-trx-id header that runs a
// request inside a stream transaction is read by http/trx.ts. A JavaScript transaction's
// action runs in a worker (transactions/js-transactions.ts); each database operation it
// makes is replayed here through the app with the transaction's id and the caller's user.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { beginOptions, type StreamTransaction } from '../../transactions/registry.js';
import { parseJsTransaction } from '../../transactions/js-transactions.js';
import { makeExec } from '../js-exec.js';
import { body, header, json, param, route, JSON_TYPE, type Ctx, type Handler } from '../router.js';
import { requireCollection, type AccessMode } from '../access.js';
import { allowsDirtyRead, TRX_HEADER } from '../trx.js';

/**
 * The user's access to the collections a transaction declares, checked at its begin as
 * ArangoDB adds them (read, then write, then exclusive; 403/11 or 403/1004). A declared
 * collection that does not exist is left for the begin to report (1203).
 */
function checkDeclared(ctx: Ctx, c: { read: readonly string[]; write: readonly string[]; exclusive: readonly string[] }): void {
  const catalog = ctx.services.storage.catalog;
  const modes: [readonly string[], AccessMode][] = [
    [c.read, 'read'],
    [c.write, 'write'],
    [c.exclusive, 'exclusive'],
  ];
  for (const [names, mode] of modes) {
    for (const name of names) {
      const col = catalog.collection(ctx.db, name);
      if (col) requireCollection(ctx, col.name, mode);
    }
  }
}

const result = (code: number, t: StreamTransaction) => json(code, { code, error: false, result: { id: t.id, status: t.status } });

const begin: Handler = async (req, ctx) => {
  if (header(req, TRX_HEADER) !== undefined) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'unexpected transaction ID received in begin transaction request');
  // the header, not the body, decides about dirty reads (ArangoDB's begin documentation)
  const opts = { ...beginOptions(body(req)), allowDirtyRead: allowsDirtyRead(req) };
  checkDeclared(ctx, opts.collections);
  const t = await ctx.services.transactions.begin(ctx.db, ctx.user, opts);
  return result(201, t);
};

const list: Handler = (_req, ctx) => json(200, { transactions: ctx.services.transactions.list(ctx.db, ctx.user).map((t) => ({ id: t.id, state: t.status })) });

const status: Handler = (req, ctx) => result(200, ctx.services.transactions.status(ctx.db, param(req, 'id'), ctx.user));
const commit: Handler = async (req, ctx) => result(200, await ctx.services.transactions.commit(ctx.db, param(req, 'id'), false, ctx.user));
const abort: Handler = async (req, ctx) => {
  const id = param(req, 'id');
  if (id === 'write') {
    // as ArangoDB: every running query that modifies data is killed first, anyone's
    ctx.services.queries.killModifying();
    await ctx.services.transactions.abortAllWrites(ctx.user);
    return json(200, { code: 200, error: false });
  }
  return result(200, await ctx.services.transactions.abort(ctx.db, id, false, ctx.user));
};

/** POST /_api/transaction: a JavaScript transaction, `{ code: 200, error: false, result }` once committed. */
const javascript =
  (app: FastifyInstance): Handler =>
  async (req, ctx) => {
    if (!ctx.services.config.javascriptTransactions) throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'JavaScript operations are disabled; use streaming transactions (POST /_api/transaction/begin)');
    const trx = parseJsTransaction(body(req));
    checkDeclared(ctx, trx);
    const exec = makeExec(app, ctx.services, ctx.user, ctx.signal);
    const result = await ctx.services.jsTransactions.run({ database: ctx.db, user: ctx.user, body: trx, exec, onAbort: (abort) => ctx.onAbort(abort) });
    // the result's JSON as the action's JSON.stringify gave it (undefined: null)
    return { status: 200, type: JSON_TYPE, body: `{"code":200,"error":false,"result":${result ?? 'null'}}` };
  };
const badPost: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'expecting POST /_api/transaction/begin');
};

export function registerTransactionRoutes(app: FastifyInstance): void {
  route(app, '/_api/transaction', { GET: list, POST: javascript(app) });
  route(app, '/_api/transaction/begin', { POST: begin, GET: status, PUT: commit, DELETE: abort });
  route(app, '/_api/transaction/:id', { GET: status, PUT: commit, DELETE: abort, POST: badPost });
}
