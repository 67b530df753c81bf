// /_api/transaction: stream transactions (begin, status, commit, abort, list), answered
// as ArangoDB's RestTransactionHandler answers; the x-arango-trx-id header that runs a
// request inside one is read by http/trx.ts. JavaScript transactions (POST
// /_api/transaction with an `action`) need a JavaScript runtime Cairn does not have.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { beginOptions, type StreamTransaction } from '../../transactions/registry.js';
import { body, header, json, param, route, type Handler } from '../router.js';
import { TRX_HEADER } from '../trx.js';

const result = (code: number, t: StreamTransaction) => json(code, { code, error: false, result: { id: t.id, status: t.status } });

const begin: Handler = (req, ctx) => {
  if (header(req, TRX_HEADER) !== undefined) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'unexpected transaction ID received in begin transaction request');
  const t = ctx.services.transactions.begin(ctx.db, ctx.user, beginOptions(body(req)));
  return result(201, t);
};

const list: Handler = (_req, ctx) => json(200, { transactions: ctx.services.transactions.list(ctx.db, ctx.user).map((t) => ({ id: t.id, state: t.status })) });

const status: Handler = (req, ctx) => result(200, ctx.services.transactions.status(ctx.db, param(req, 'id')));
const commit: Handler = async (req, ctx) => result(200, await ctx.services.transactions.commit(ctx.db, param(req, 'id')));
const abort: Handler = async (req, ctx) => {
  const id = param(req, 'id');
  if (id === 'write') {
    await ctx.services.transactions.abortAllWrites(ctx.db);
    return json(200, { code: 200, error: false });
  }
  return result(200, await ctx.services.transactions.abort(ctx.db, id));
};

const javascript: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'JavaScript transactions are not available in Cairn; use streaming transactions (POST /_api/transaction/begin)');
};
const badPost: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'expecting POST /_api/transaction/begin');
};

export function registerTransactionRoutes(app: FastifyInstance): void {
  route(app, '/_api/transaction', { GET: list, POST: javascript });
  route(app, '/_api/transaction/begin', { POST: begin, GET: status, PUT: commit, DELETE: abort });
  route(app, '/_api/transaction/:id', { GET: status, PUT: commit, DELETE: abort, POST: badPost });
}
