// /_api/version (and /_admin/version), any method: the ArangoDB version Cairn speaks (clients branch on the
// major version), and with details=true Cairn's own name and version.
import type { FastifyInstance } from 'fastify';
import { ARANGO_VERSION, CAIRN_VERSION } from '../../version.js';
import { json, qbool, route, type Handler } from '../router.js';

const version: Handler = (req) => {
  const out: Record<string, unknown> = { server: 'arango', version: ARANGO_VERSION, license: 'community' };
  if (qbool(req, 'details', false)) {
    out.details = {
      'cairn-server': 'cairn',
      'cairn-version': CAIRN_VERSION,
      'server-version': ARANGO_VERSION,
      architecture: process.arch,
      'node-version': process.versions.node,
      mode: 'server',
      role: 'SINGLE',
      'storage-engine': 'lmdb',
      'platform': process.platform,
    };
  }
  return json(200, out);
};

export function registerVersionRoutes(app: FastifyInstance): void {
  // ArangoDB does not check the method here (HEAD gets the headers of GET), and mounts the
  // same handler at /_admin/version.
  const all = { GET: version, HEAD: version, PUT: version, POST: version, PATCH: version, DELETE: version };
  route(app, '/_api/version', all);
  route(app, '/_admin/version', all);
}
