// Permission checks of routes, answered as ArangoDB answers them. The database level is
// checked once per request in app.ts (401 `not authorized to execute this request`);
// routes call these where they touch a collection's data or definition:
//   collection data   requireCollection: 403/11 `forbidden: <c> [read]` without access,
//                     403/1004 `read only: <c> [write]` for a write with ro (ArangoDB's
//                     TransactionState::checkCollectionPermission)
//   collection DDL    requireDatabaseAndCollectionWrite / canUseCollection
//                     (ArangoDB's methods::Collections and methods::Indexes)
//   AQL               queryAccess: the plan's collections as a transaction's, and what
//                     DOCUMENT() and friends may read at run time
//   server actions    isAdmin: rw on _system (ArangoDB's ExecContext::isAdminUser);
//                     isSuperuser: root or a superuser token (ArangoDB's superuser JWT)
// With a superuser token (ctx.superuser) every check passes (ArangoDB's superuser
// context), and with --auth false too, except that in read-only mode (PUT
// /_admin/server/mode) every level is at most `ro` for everyone else, as ArangoDB caps
// them; who is an admin is decided by the configured level, so admins can still switch
// the mode back.
import { ArangoError, ERR } from '../errors/arango-error.js';
import { allows, type Level } from '../users/levels.js';
import type { QueryInput } from '../aql/query.js';
import type { Services } from './router.js';

/** Who asks, where: a request's Ctx, or a job's user and database. */
export interface Actor {
  user: string;
  db: string;
  /** Every check passes (auth off, or a superuser token). */
  superuser?: boolean;
  services: Pick<Services, 'config' | 'users'>;
}

/** How a transaction uses a collection (ArangoDB's AccessMode, as its messages name it). */
export type AccessMode = 'read' | 'write' | 'exclusive';

/** The user's level of database `db` (the request's by default). */
export function databaseLevel(ctx: Actor, db: string = ctx.db): Level {
  if (!ctx.services.config.auth) return ctx.services.users.capped('rw');
  if (ctx.superuser) return 'rw';
  return ctx.services.users.databaseLevel(ctx.user, db);
}

/** The user's level of a collection of the request's database (by name). */
export function collectionLevel(ctx: Actor, name: string): Level {
  if (!ctx.services.config.auth) return ctx.services.users.capped('rw');
  if (ctx.superuser) return 'rw';
  return ctx.services.users.collectionLevel(ctx.user, ctx.db, name);
}

export function canUseCollection(ctx: Actor, name: string, level: Level): boolean {
  return allows(collectionLevel(ctx, name), level);
}

/** Whether read-only mode leaves the actor's writes alone: a superuser token only (with --auth false it applies too, as in ArangoDB). */
export function ignoresReadOnly(ctx: Actor): boolean {
  return ctx.superuser === true && ctx.services.config.auth;
}

/** ArangoDB's isAdminUser: rw on `_system` as configured (read-only mode does not take it away). */
export function isAdmin(ctx: Actor): boolean {
  if (!ctx.services.config.auth || ctx.superuser) return true;
  return ctx.services.users.databaseLevel(ctx.user, '_system', true) === 'rw';
}

/**
 * ArangoDB's isSuperuser: its internal superuser context (authentication off, or a JWT
 * with server_id signed with the server secret). Root stands in for it too, as in
 * routes/query.ts: Cairn's root cannot be changed or locked out.
 */
export function isSuperuser(ctx: Actor): boolean {
  return !ctx.services.config.auth || ctx.superuser === true || ctx.user === 'root';
}

/** A transaction's use of a collection: throws 403/11 without access, 403/1004 for a write with ro. */
export function requireCollection(ctx: Actor, name: string, mode: AccessMode): void {
  const level = collectionLevel(ctx, name);
  if (level === 'rw' || (level === 'ro' && mode === 'read')) return;
  if (level === 'none') throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `${ERR.ERROR_FORBIDDEN.message}: ${name} [${mode}]`);
  throw ArangoError.withMessage(ERR.ERROR_ARANGO_READ_ONLY, `${ERR.ERROR_ARANGO_READ_ONLY.message}: ${name} [${mode}]`);
}

/** rw on the request's database and the collection (collection DDL); else 403/11 with `message`. */
export function requireDatabaseAndCollectionWrite(ctx: Actor, name: string, message?: string): void {
  if (databaseLevel(ctx) === 'rw' && canUseCollection(ctx, name, 'rw')) return;
  throw message === undefined ? new ArangoError(ERR.ERROR_FORBIDDEN) : ArangoError.withMessage(ERR.ERROR_FORBIDDEN, message);
}

/**
 * A query's checks for the actor (QueryInput.admit and .readable): every collection of
 * the plan, in name order as ArangoDB's transaction adds them, read or write; none with
 * --auth false. A refusal carries the query phase ArangoDB raises it in: a query's
 * transaction is created while `parsing`, an explain's while `optimizing ast`.
 */
export function queryAccess(ctx: Actor, phase: 'parsing' | 'optimizing ast' = 'parsing'): Pick<QueryInput, 'admit' | 'readable'> {
  if (!ctx.services.config.auth || ctx.superuser) return {};
  return {
    admit: (plan) => {
      const writes = new Set(plan.writeCollections);
      try {
        for (const name of [...new Set([...plan.collections, ...writes])].sort()) requireCollection(ctx, name, writes.has(name) ? 'write' : 'read');
      } catch (e) {
        if (e instanceof ArangoError) e.phase = phase;
        throw e;
      }
    },
    readable: (name) => canUseCollection(ctx, name, 'ro'),
  };
}
