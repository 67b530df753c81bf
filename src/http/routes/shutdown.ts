// /_admin/shutdown as a single ArangoDB 3.12 server answers it (RestShutdownHandler):
// DELETE stops the server cleanly, as SIGTERM does (requests in flight finish, every
// acknowledged write is on disk, the process exits 0), and answers "OK" first. `soft=true`
// is a Coordinator's drain-then-stop; a single server stops at once either way. GET, the
// soft shutdown's progress report, exists on Coordinators only: a single server answers
// 405, as every other method.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { json, route, type Handler } from '../router.js';

/**
 * Who may stop the server: anyone when authentication is off, a superuser token, or a
 * user with rw on `_system` as configured (read-only mode does not take it away); else
 * 403/403 with ArangoDB's message.
 */
const stop: Handler = (_req, ctx) => {
  const { config, users } = ctx.services;
  if (config.auth && !ctx.superuser && ctx.user !== '' && users.databaseLevel(ctx.user, '_system', true) !== 'rw') {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_FORBIDDEN, 'you need admin rights to trigger shutdown');
  }
  ctx.services.shutdownRequest.request(`DELETE /_admin/shutdown by ${ctx.user || 'a superuser'}`);
  // a JSON string body: a plain string would be sent as it is
  return json(200, JSON.stringify('OK'));
};

export function registerShutdownRoutes(app: FastifyInstance): void {
  route(app, '/_admin/shutdown', { DELETE: stop });
}
