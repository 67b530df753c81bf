// /_api/analyzer: the analyzers of the request's database, answered as ArangoDB 3.12's
// RestAnalyzerHandler answers: GET lists (built-ins, the database's, then `_system`'s) or
// reads one, POST creates (201 new, 200 when an equal one exists), DELETE removes one
// (409 when a view link or inverted index uses it, unless ?force=true). Its
// permission rules: reading needs ro on the database and its `_analyzers`, writing rw.
// The work is src/analyzers/store.ts's; this file reads requests and words answers.
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { analyzers, parseCreateBody, COLLECTION } from '../../analyzers/index.js';
import { BUILT_IN, builtIn, normalizeAnalyzerName, splitAnalyzerName } from '../../analyzers/definitions.js';
import { allows, type Level } from '../../users/levels.js';
import { parseQuery } from '../../aql/query.js';
import { isAdmin } from '../access.js';
import { body, json, pathSuffixes, type Ctx, type Handler } from '../router.js';
import { route } from '../router.js';

const BASE = '/_api/analyzer';

const bad = (m: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, m);
const forbidden = (m: string) => ArangoError.withMessage(ERR.ERROR_FORBIDDEN, m);

/** ArangoDB's canUseVocbase: `level` on database `db` and on its `_analyzers`. */
function canUseDb(ctx: Ctx, db: string, level: Level): boolean {
  if (!ctx.services.config.auth || isAdmin(ctx)) return true;
  const users = ctx.services.users;
  return allows(users.databaseLevel(ctx.user, db), level) && allows(users.collectionLevel(ctx.user, db, COLLECTION), level);
}

/** ArangoDB's canUse(name, level): built-ins always; else the analyzer's database. */
function canUseName(ctx: Ctx, full: string, level: Level): boolean {
  const [db] = splitAnalyzerName(full);
  return db === undefined || canUseDb(ctx, db, level);
}

/** analyzerReachableFromDb: no prefix, the current database, or (reads only) `_system` (also spelled ``). */
function reachable(prefix: string | undefined, db: string, forGetters: boolean): boolean {
  if (prefix === undefined) return true;
  const owner = prefix === '' ? '_system' : prefix;
  return owner === db || (forGetters && owner === '_system');
}

const list: Handler = (_req, ctx) => {
  const store = analyzers(ctx.services.storage);
  const result = [...BUILT_IN];
  if (canUseDb(ctx, ctx.db, 'ro')) result.push(...store.custom(ctx.db));
  if (ctx.db !== '_system' && canUseDb(ctx, '_system', 'ro')) result.push(...store.custom('_system'));
  return json(200, { error: false, code: 200, result });
};

const getOne = (name: string, ctx: Ctx) => {
  const full = normalizeAnalyzerName(name, ctx.db);
  const [prefix] = splitAnalyzerName(full);
  if (!reachable(prefix, ctx.db, true)) {
    const more = ctx.db !== '_system' ? ' or system database' : '';
    throw forbidden(`Analyzer '${full}' is not accessible. Only analyzers from current database ('${ctx.db}')${more} are available`);
  }
  if (!canUseName(ctx, full, 'ro')) throw forbidden(`insufficient rights while getting analyzer: ${full}`);
  const def = analyzers(ctx.services.storage).resolve(ctx.db, full);
  if (!def) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND, `unable to find analyzer: ${full}`);
  return json(200, { error: false, code: 200, ...def });
};

const get: Handler = (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length === 0) return list(req, ctx);
  if (s.length === 1) return getOne(s[0]!, ctx);
  throw bad(`expecting GET ${BASE}[/<analyzer-name>]`);
};

/** An aql analyzer's query must parse and name no collection (ArangoDB refuses both at creation). */
function aqlAnalyzerQueryOk(query: string): boolean {
  try {
    return parseQuery(query).collections.length === 0;
  } catch (e) {
    if (e instanceof ArangoError) return false;
    throw e;
  }
}

const create: Handler = async (req, ctx) => {
  if (pathSuffixes(req, BASE).length > 0) throw bad(`expecting POST ${BASE}`);
  const raw = body(req);
  const parsed = parseCreateBody(ctx.db, raw);
  if (!canUseDb(ctx, ctx.db, 'rw')) {
    throw forbidden(`insufficient rights while creating analyzer: ${JSON.stringify(raw)}`);
  }
  const { def, created } = await analyzers(ctx.services.storage).create(ctx.db, parsed.name, parsed.type, parsed.properties, parsed.features, aqlAnalyzerQueryOk);
  return json(created ? 201 : 200, def);
};

const remove: Handler = async (req, ctx) => {
  const s = pathSuffixes(req, BASE);
  if (s.length !== 1) throw bad(`expecting DELETE ${BASE}/<analyzer-name>[?force=true]`);
  const [prefix, bare] = splitAnalyzerName(s[0]!);
  if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(bare) || bare.length > 254) throw bad(`Invalid characters in analyzer name '${bare}'.`);
  if (!reachable(prefix, ctx.db, false)) throw forbidden('Database in analyzer name does not match current database');
  const full = builtIn(bare) ? bare : `${ctx.db}::${bare}`;
  if (!canUseName(ctx, full, 'rw')) throw forbidden(`insufficient rights while removing analyzer: ${full}`);
  const force = (req.query as Record<string, unknown>).force;
  await analyzers(ctx.services.storage).remove(full, typeof force === 'string' && ['true', 'yes', 'on', 'y', '1'].includes(force.toLowerCase()));
  return json(200, { error: false, code: 200, name: full });
};

export function registerAnalyzerRoutes(app: FastifyInstance): void {
  route(app, BASE, { GET: get, POST: create, DELETE: remove });
  route(app, `${BASE}/*`, { GET: get, POST: create, DELETE: remove });
}

