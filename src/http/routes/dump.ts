// ArangoDB 3.12's dump API on a single server (RestDumpHandler, RocksDBDumpManager):
// POST /_api/dump/start opens a dump context over the collections ("shards") it names,
// POST /_api/dump/next/<id>?batchId=N[&lastBatch=M] hands out its documents batch by
// batch (JSON lines, one collection per batch), DELETE /_api/dump/<id> ends it.
// A context is a dump batch of storage/dump-batches.ts (one read snapshot for its whole
// life), so every batch shows the collections as they were when the dump started.
//
// Invariants:
//  1. A batch id names one batch for the context's life until a later call names it as
//     lastBatch: asking again for a batch id returns the same batch (a client's retry).
//  2. Only the user who started a context in the database it was started in may read or
//     end it (403/11 `insufficient permissions`); any other id is 404/1600.
//  3. A context expires `ttl` seconds after its last use (start or next), with its snapshot.
//
//   (absent) -> open      [start]
//   open -> open          [next: a new batch, the same one again, or 204 when all are out]
//   open -> (absent)      [DELETE | expiry (the snapshot's) | shutdown]
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { equals } from '../../values/index.js';
import type { AqlValue } from '../../values/index.js';
import type { DumpBatches } from '../../storage/dump-batches.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import { body, json, METHODS, pathSuffixes, qbool, qstr, route, type Ctx, type Handler } from '../router.js';
import { canUseCollection, isAdmin } from '../access.js';

const DUMP_TYPE = 'application/x-arango-dump';
const BASE = '/_api/dump';

/** RocksDBDumpContextOptions and their defaults. */
interface DumpOptions {
  docsPerBatch: number;
  batchSize: number;
  prefetchCount: number;
  parallelism: number;
  ttl: number;
  shards: string[];
  /** Output attribute -> attribute path; only these attributes are dumped. */
  projections?: Record<string, string[]>;
  /** Documents whose value at every path equals the condition's value. */
  filters: { attributePath: string[]; value: AqlValue }[];
}

interface Batch {
  shard: string;
  text: string;
}

interface DumpContext {
  id: string;
  /** The DumpBatches batch holding the snapshot. */
  batchId: string;
  user: string;
  db: string;
  options: DumpOptions;
  /** The collections still to dump, in the order given; the first is being read. */
  pending: CollectionRecord[];
  /** Batches handed out and not yet released (invariant 1). */
  batches: Map<number, Batch>;
}

/** The contexts of each server (its DumpBatches), so in-process servers keep theirs apart. */
const CONTEXTS = new WeakMap<DumpBatches, Map<string, DumpContext>>();

function contextsOf(ctx: Ctx): Map<string, DumpContext> {
  let m = CONTEXTS.get(ctx.services.dumpBatches);
  if (!m) CONTEXTS.set(ctx.services.dumpBatches, (m = new Map()));
  return m;
}

const bad = (message: string): ArangoError => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/** A non-negative whole number option, or its default when absent; 400/10 otherwise. */
function count(o: Record<string, unknown>, name: string, dflt: number): number {
  const v = o[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`invalid value for '${name}': expecting a non-negative integer`);
  return v;
}

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw bad(`invalid value for '${what}': expecting an array of strings`);
  return v as string[];
}

/** The start request's body as options (ArangoDB's inspection of RocksDBDumpContextOptions). */
function parseOptions(raw: unknown): DumpOptions {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw bad('expecting an object with dump options');
  const ttl = o.ttl === undefined ? 600 : o.ttl;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl)) throw bad("invalid value for 'ttl': expecting a number");
  const out: DumpOptions = {
    // at least one document and one byte per batch, whatever was asked
    docsPerBatch: Math.max(1, count(o, 'docsPerBatch', 10_000)),
    batchSize: Math.max(1, count(o, 'batchSize', 16 * 1024)),
    prefetchCount: count(o, 'prefetchCount', 2),
    parallelism: count(o, 'parallelism', 2),
    ttl,
    shards: o.shards === undefined ? [] : stringList(o.shards, 'shards'),
    filters: [],
  };
  if (o.projections !== undefined && o.projections !== null) {
    if (typeof o.projections !== 'object' || Array.isArray(o.projections)) throw bad("invalid value for 'projections': expecting an object");
    out.projections = {};
    for (const [k, path] of Object.entries(o.projections as Record<string, unknown>)) out.projections[k] = stringList(path, `projections.${k}`);
  }
  if (o.filters !== undefined) {
    const f = o.filters as Record<string, unknown>;
    if (typeof f !== 'object' || f === null || f.type !== 'simple') throw bad("invalid value for 'filters': expecting {\"type\": \"simple\", \"conditions\": [...]}");
    const conditions = f.conditions ?? [];
    if (!Array.isArray(conditions)) throw bad("invalid value for 'filters.conditions': expecting an array");
    for (const c of conditions as Record<string, unknown>[]) {
      if (typeof c !== 'object' || c === null) throw bad("invalid value for 'filters.conditions': expecting objects");
      out.filters.push({ attributePath: stringList(c.attributePath, 'attributePath'), value: (c.value ?? null) as AqlValue });
    }
  }
  return out;
}

function valueAt(doc: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = doc;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** One dumped line after the context's filters and projections; undefined when filtered out. */
function shape(line: string, o: DumpOptions): string | undefined {
  if (o.filters.length === 0 && o.projections === undefined) return line;
  const doc = JSON.parse(line) as Record<string, unknown>;
  if (!o.filters.every((f) => equals((valueAt(doc, f.attributePath) ?? null) as AqlValue, f.value))) return undefined;
  if (o.projections === undefined) return line;
  const out: Record<string, unknown> = {};
  for (const [k, path] of Object.entries(o.projections)) {
    const v = valueAt(doc, path);
    if (v !== undefined) out[k] = v;
  }
  return JSON.stringify(out);
}

/** The next batch of the context (the collection being read, else the next ones); undefined when all are out. */
function produce(dumps: DumpBatches, c: DumpContext): Batch | undefined {
  while (c.pending.length > 0) {
    const col = c.pending[0]!;
    const chunk = dumps.dump(c.batchId, col, c.options.batchSize, false, c.options.docsPerBatch);
    if (chunk === undefined) throw new ArangoError(ERR.ERROR_CURSOR_NOT_FOUND); // the snapshot expired meanwhile
    if (!chunk.hasMore) c.pending.shift();
    const lines: string[] = [];
    for (const line of chunk.text.split('\n')) {
      if (line === '') continue;
      const shaped = shape(line, c.options);
      if (shaped !== undefined) lines.push(shaped);
    }
    if (lines.length > 0) return { shard: col.name, text: lines.join('\n') + '\n' };
  }
  return undefined;
}

/** The context `id` for this user and database (invariant 2); throws 404/1600 or 403/11. */
function lookup(ctx: Ctx, id: string): DumpContext {
  const all = contextsOf(ctx);
  const c = all.get(id);
  // an expired snapshot is an expired context (invariant 3)
  if (c && ctx.services.dumpBatches.tick(c.batchId) === undefined) all.delete(id);
  const live = all.get(id);
  if (!live) throw ArangoError.withMessage(ERR.ERROR_CURSOR_NOT_FOUND, 'requested dump context not found');
  if (live.db !== ctx.db || live.user !== ctx.user) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, 'insufficient permissions');
  return live;
}

// ---- handlers --------------------------------------------------------------------------

/**
 * POST /_api/dump/start: 201 with the id in x-arango-dump-id and no body. Every named
 * collection must be readable by the user (admins read all, as arangodump always could):
 * 403/11 otherwise; an unknown one is 404/1203.
 */
const start: Handler = (req, ctx) => {
  const options = parseOptions(body(req));
  for (const name of options.shards) {
    if (!isAdmin(ctx) && !canUseCollection(ctx, name, 'ro')) {
      throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `insufficient permissions to access shard ${name} of collection ${name}`);
    }
  }
  if (qbool(req, 'useVPack', false)) {
    throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'useVPack is not supported by this server: it dumps JSON lines only');
  }
  const catalog = ctx.services.storage.catalog;
  const pending: CollectionRecord[] = [];
  for (const name of new Set(options.shards)) {
    const col = catalog.collection(ctx.db, name);
    if (!col) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
    pending.push(col);
  }
  if (ctx.services.shutdown.aborted) throw new ArangoError(ERR.ERROR_SHUTTING_DOWN);
  // a ttl of 0 or less would be the batches' own default: a dump context then lives as briefly as it can
  const { id: batchId } = ctx.services.dumpBatches.create(options.ttl > 0 ? options.ttl : 0.001);
  const id = `dump-${batchId}`;
  contextsOf(ctx).set(id, { id, batchId, user: ctx.user, db: ctx.db, options, pending, batches: new Map() });
  return { status: 201, headers: { 'x-arango-dump-id': id } };
};

/** An unsigned integer query parameter as StringUtils::uint64 reads it; undefined when absent. */
function uintParam(req: Parameters<Handler>[0], name: string): number | undefined {
  const v = qstr(req, name);
  if (v === undefined) return undefined;
  const n = parseInt(v, 10);
  return Number.isNaN(n) || n < 0 ? 0 : n;
}

/** POST /_api/dump/next/<id>?batchId=N[&lastBatch=M]: 200 with a batch, 204 once all are out. */
const next = (req: Parameters<Handler>[0], ctx: Ctx, id: string) => {
  const batchId = uintParam(req, 'batchId');
  if (batchId === undefined) throw bad("expecting 'batchId'");
  const lastBatch = uintParam(req, 'lastBatch');
  const c = lookup(ctx, id);
  const dumps = ctx.services.dumpBatches;
  dumps.extend(c.batchId, c.options.ttl > 0 ? c.options.ttl : 0.001);
  if (lastBatch !== undefined) c.batches.delete(lastBatch);
  let batch = c.batches.get(batchId);
  if (!batch) {
    batch = produce(dumps, c);
    if (!batch) return { status: 204 };
    c.batches.set(batchId, batch);
  }
  return {
    status: 200,
    body: batch.text,
    type: DUMP_TYPE,
    headers: { 'x-arango-dump-shard-id': batch.shard, 'x-arango-dump-block-counts': '0' },
  };
};

/** DELETE /_api/dump/<id>: 200 {"error":false,"code":200}, the snapshot released. */
const finish = (ctx: Ctx, id: string) => {
  const c = lookup(ctx, id);
  contextsOf(ctx).delete(id);
  ctx.services.dumpBatches.remove(c.batchId);
  return json(200, { error: false, code: 200 });
};

/** RestDumpHandler::validateRequest's dispatch: POST start | next/<id>, DELETE <id>, else 400/10 or 405. */
const dispatch: Handler = (req, ctx) => {
  const parts = pathSuffixes(req, BASE);
  if (req.method === 'DELETE') {
    if (parts.length !== 1) throw bad('expecting DELETE /_api/dump/<id>');
    return finish(ctx, parts[0]!);
  }
  if (req.method === 'POST') {
    if (parts.length === 1 && parts[0] === 'start') return start(req, ctx);
    if (parts.length === 2 && parts[0] === 'next') return next(req, ctx, parts[1]!);
    throw bad('expecting POST /_api/dump/start or /_api/dump/next/<id>');
  }
  throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
};

export function registerDumpRoutes(app: FastifyInstance): void {
  const all = Object.fromEntries(METHODS.map((m) => [m, dispatch]));
  route(app, BASE, all);
  route(app, `${BASE}/*`, all);
}
