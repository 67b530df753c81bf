// The x-arango-trx-id header: a request that carries it runs inside that stream
// transaction (transactions/registry.ts). Document reads and writes and AQL cursors honour
// it; the helpers here lease the transaction for the request and give its views.
import type { FastifyRequest } from 'fastify';
import type { Ctx, Reply } from './router.js';
import { header } from './router.js';
import type { StreamTransaction } from '../transactions/registry.js';
import type { CollectionRecord } from '../storage/catalog.js';
import type { BatchResult, Item, Op, WriteOptions } from '../storage/documents.js';
import { ArangoError } from '../errors/arango-error.js';

export const TRX_HEADER = 'x-arango-trx-id';
export const DIRTY_READ_HEADER = 'x-arango-allow-dirty-read';
const POTENTIAL_DIRTY_READ = 'x-arango-potential-dirty-read';

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', '1']);

/** Whether the request allows dirty reads (`x-arango-allow-dirty-read: true`). */
export function allowsDirtyRead(req: FastifyRequest): boolean {
  const h = req.headers[DIRTY_READ_HEADER];
  return typeof h === 'string' && TRUE_WORDS.has(h.trim().toLowerCase());
}

/**
 * `reply` saying that it may hold a dirty read (`x-arango-potential-dirty-read: true`) when
 * `dirty`: a read in a transaction begun allowing them, or a request allowing them, as
 * ArangoDB 3.10+ answers even on a single server (RestDocumentHandler, RestCursorHandler).
 */
export function dirtyReadReply(dirty: boolean, reply: Reply): Reply {
  return dirty ? { ...reply, headers: { ...reply.headers, [POTENTIAL_DIRTY_READ]: 'true' } } : reply;
}

/** The request's transaction id, if it names one. */
export function trxId(req: FastifyRequest): string | undefined {
  return header(req, TRX_HEADER);
}

/**
 * Runs `fn` with the request's transaction leased (reading or writing), or with undefined
 * when the request names none; the lease ends when `fn` settles.
 */
export async function withTrx<T>(req: FastifyRequest, ctx: Ctx, mode: 'read' | 'write', fn: (trx: StreamTransaction | undefined) => T | Promise<T>): Promise<T> {
  const id = trxId(req);
  if (id === undefined) return fn(undefined);
  const { trx, release } = await ctx.services.transactions.lease(ctx.db, id, mode, ctx.user);
  try {
    return await fn(trx);
  } finally {
    release();
  }
}

/**
 * Applies `op` to the items inside the transaction (its writes stay buffered until its
 * commit): per-item errors as DocumentStore.apply gives them; `synced` is false.
 */
export function applyInTrx(ctx: Ctx, trx: StreamTransaction, col: CollectionRecord, op: Op, items: readonly Item[], opts: WriteOptions): BatchResult {
  ctx.services.transactions.checkWrite(trx, col.name);
  const documents = ctx.services.storage.documents;
  const results = items.map((item): BatchResult['results'][number] => {
    try {
      ctx.services.transactions.checkSize(trx, item.body);
      trx.txn.touch(col, opts.waitForSync === true || trx.waitForSync);
      return { ok: true, value: documents.applyItem(trx.txn.tx, col, op, item, opts, trx.txn.locks) };
    } catch (e) {
      if (e instanceof ArangoError) return { ok: false, error: e };
      throw e;
    }
  });
  return { results, synced: false };
}

/**
 * Removes every document of `col` the transaction sees, inside it, so a truncate commits
 * or rolls back with the transaction.
 */
export async function truncateInTrx(ctx: Ctx, trx: StreamTransaction, col: CollectionRecord): Promise<void> {
  ctx.services.transactions.checkWrite(trx, col.name);
  const keys: string[] = [];
  for (const d of trx.txn.scan(col)) keys.push(d._key as string);
  const documents = ctx.services.storage.documents;
  trx.txn.touch(col, trx.waitForSync);
  for (let i = 0; i < keys.length; i++) {
    documents.applyItem(trx.txn.tx, col, 'remove', { key: keys[i] }, {}, trx.txn.locks);
    if ((i & 4095) === 4095) await trx.txn.settle(); // the buffer spills as it grows
  }
}
