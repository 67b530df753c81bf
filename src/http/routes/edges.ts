// GET /_api/edges/<collection>?vertex=<id>[&direction=in|out|any]: the edges of an edge
// collection at one vertex, through its edge index, answered as ArangoDB's
// RestEdgesHandler answers (edges, then error, code and stats); read access to the
// collection is required (403/11, access.ts).
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { json, param, qstr, route, type Handler } from '../router.js';
import { requireCollection } from '../access.js';

const USAGE = 'expected GET /_api/edges/<collection-identifier>?vertex=<vertex-handle>&direction=<direction>';

const DIRECTIONS: Record<string, 'in' | 'out' | 'any'> = { any: 'any', in: 'in', inbound: 'in', out: 'out', outbound: 'out' };

const edges: Handler = (req, ctx) => {
  const name = param(req, 'collection');
  const col = ctx.services.storage.catalog.collection(ctx.db, name);
  if (!col) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  requireCollection(ctx, col.name, 'read');
  if (col.type !== 3) throw new ArangoError(ERR.ERROR_ARANGO_COLLECTION_TYPE_INVALID);
  // arangojs's collection.edges() sends direction=undefined (its query string keeps an
  // undefined value), which ArangoDB refuses; Cairn reads it as any, so that call works
  const raw = qstr(req, 'direction');
  const dir = !raw || raw === 'undefined' ? 'any' : raw;
  const direction = DIRECTIONS[dir];
  if (!direction) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, `<direction> must by any, in, or out, not: ${dir}`);
  const vertex = qstr(req, 'vertex');
  if (!vertex) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DOCUMENT_HANDLE_BAD, 'illegal document handle');
  const r = ctx.services.storage.documents.edgesOf(col, vertex, direction);
  return json(200, { edges: r.edges, error: false, code: 200, stats: { scannedIndex: r.scanned, filtered: 0 } });
};

const usage: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, USAGE);
};

export function registerEdgesRoutes(app: FastifyInstance): void {
  route(app, '/_api/edges', { GET: usage });
  route(app, '/_api/edges/:collection', { GET: edges });
  route(app, '/_api/edges/:collection/*', { GET: usage });
}
