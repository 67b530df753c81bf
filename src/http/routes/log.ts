// The log API, as ArangoDB 3.12's RestAdminLogHandler: /_admin/log/entries (and the
// deprecated /_admin/log, one array per attribute) read the in-memory log, DELETE clears
// it; /_admin/log/level reads, sets and resets topic levels; /_admin/log/structured the
// structured parameters. Admins only (rw on _system), root only with --log-api-enabled jwt,
// nobody with false. Reads and changes the Logger only (util/logger.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { LEVELS, parseLevel, STRUCTURED_PARAMS, type Level, type LogEntry, type Logger, type StructuredParam } from '../../util/logger.js';
import { body, json, pathSuffixes, qstr, route, type Ctx, type Handler, METHODS } from '../router.js';
import { isAdmin, isSuperuser } from '../access.js';

const forbidden = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_FORBIDDEN, message);
const superfluous = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, message);
const badParameter = (message: string) => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, message);

/** RestAdminLogHandler::verifyPermitted. */
function requirePermitted(ctx: Ctx): void {
  const api = ctx.services.config.logApiEnabled;
  if (api === 'false') throw forbidden('log API is disabled');
  if (api === 'jwt') {
    if (!isSuperuser(ctx)) throw forbidden('you need super user rights for log operations');
  } else if (!isAdmin(ctx)) throw forbidden('you need admin rights for log operations');
}

/** ArangoDB's StringUtils::uint64/int64: the leading digits (and sign), 0 when there are none. */
function leadingInt(text: string, signed: boolean): number {
  const m = (signed ? /^\s*([+-]?\d+)/ : /^\s*\+?(\d+)/).exec(text);
  return m ? Number(m[1]) : 0;
}

/** `upto` / `level`: a name or 0-5; the default is every entry up to INFO. */
function levelFilter(req: FastifyRequest): { level: Level; upto: boolean } {
  const level = qstr(req, 'level');
  const upto = qstr(req, 'upto');
  const text = (level ?? upto)?.toLowerCase();
  if (text === undefined) return { level: 'INFO', upto: true };
  const parsed = /^[0-5]$/.test(text) ? LEVELS[Number(text)] : parseLevel(text);
  if (parsed === undefined || text === 'default') throw badParameter(`unknown '${level !== undefined ? 'level' : 'upto'}' log level: '${text}'`);
  return { level: parsed, upto: level === undefined };
}

/** The entries a read selects (level filter, start, search, sort), before offset and size. */
function selected(req: FastifyRequest, logger: Logger): LogEntry[] {
  const { level, upto } = levelFilter(req);
  const start = leadingInt(qstr(req, 'start') ?? '', false);
  const entries = logger.entries(level, start, upto, qstr(req, 'search'));
  if ((qstr(req, 'sort') ?? '').toLowerCase() === 'desc') entries.reverse();
  return entries;
}

/** TRI_StringTimeStamp in UTC: seconds, no fraction. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GET /_admin/log/entries (3.8's format): total, then up to `size` messages from `offset`. */
function entriesNew(req: FastifyRequest, logger: Logger): unknown {
  const entries = selected(req, logger);
  const offset = Math.min(Math.max(0, leadingInt(qstr(req, 'offset') ?? '', true)), entries.length);
  const sizeText = qstr(req, 'size');
  const size = sizeText === undefined ? Infinity : leadingInt(sizeText, false);
  const page = entries.slice(offset, offset + size);
  return { total: entries.length, messages: page.map((e) => ({ id: e.id, topic: e.topic, level: e.level, date: isoSeconds(e.time), message: e.message })) };
}

/** GET /_admin/log (deprecated since 3.8): one array per attribute; an offset past the end gives none. */
function entriesOld(req: FastifyRequest, logger: Logger): unknown {
  const entries = selected(req, logger);
  let offset = leadingInt(qstr(req, 'offset') ?? '', true);
  let length = entries.length;
  if (offset < 0) offset = 0;
  else if (offset >= length) {
    length = 0;
    offset = 0;
  } else length -= offset;
  const sizeText = qstr(req, 'size');
  if (sizeText !== undefined) length = Math.min(length, leadingInt(sizeText, false));
  const page = entries.slice(offset, offset + length);
  return {
    totalAmount: entries.length,
    lid: page.map((e) => e.id),
    topic: page.map((e) => e.topic),
    level: page.map((e) => LEVELS.indexOf(e.level)),
    timestamp: page.map((e) => Math.floor(e.time / 1000)),
    text: page.map((e) => e.message),
  };
}

/** ?withAppenders=true (3.12.2): the levels per appender; Cairn has one, stderr ("-"). */
function levelsReply(req: FastifyRequest, logger: Logger): unknown {
  const levels = logger.topicLevels();
  return (qstr(req, 'withAppenders') ?? '').toLowerCase() === 'true' ? { global: levels, appenders: { '-': levels } } : levels;
}

/** A string body `topic=level`, `level` (the general topic) or `all=level`; what is no level is logged and ignored, as ArangoDB does. */
function setFromString(logger: Logger, text: string): void {
  const eq = text.indexOf('=');
  const [topic, name] = eq < 0 ? ['general', text] : [text.slice(0, eq).trim().toLowerCase(), text.slice(eq + 1)];
  const level = parseLevel(name);
  if (level === undefined) logger.warn('general', `strange log level '${name}'`);
  else if (!logger.setLevel(topic, level)) logger.warn('general', `strange topic '${topic}'`);
}

/** An object body {topic: level}: every value must be a level name (400 otherwise, nothing changed). */
function setFromObject(logger: Logger, levels: Record<string, unknown>, path = ''): void {
  const parsed: [string, Level][] = [];
  for (const [topic, value] of Object.entries(levels)) {
    const level = typeof value === 'string' ? parseLevel(value) : undefined;
    if (level === undefined) throw badParameter(`Failed to update log levels: invalid log level ${JSON.stringify(value)} at path ${path}${topic}`);
    parsed.push([topic.toLowerCase(), level]);
  }
  for (const [topic, level] of parsed) if (!logger.setLevel(topic, level)) logger.warn('general', `strange topic '${topic}'`);
}

function putLevels(req: FastifyRequest, logger: Logger): void {
  const b = body(req);
  if (typeof b === 'string') setFromString(logger, b);
  else if (b !== null && typeof b === 'object' && !Array.isArray(b)) {
    const o = b as Record<string, unknown>;
    if ((qstr(req, 'withAppenders') ?? '').toLowerCase() === 'true') {
      if (o.global !== undefined && (o.global === null || typeof o.global !== 'object')) throw badParameter('Failed to update log levels: expecting an object at path global');
      setFromObject(logger, (o.global ?? {}) as Record<string, unknown>, 'global.');
    } else setFromObject(logger, o);
  }
}

function structured(logger: Logger): Record<string, true> {
  const out: Record<string, true> = {};
  for (const p of STRUCTURED_PARAMS) if (logger.structured.has(p)) out[p] = true;
  return out;
}

function putStructured(req: FastifyRequest, logger: Logger): void {
  const b = body(req);
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return;
  for (const [name, value] of Object.entries(b as Record<string, unknown>)) {
    if (typeof value !== 'boolean' || !(STRUCTURED_PARAMS as readonly string[]).includes(name)) continue;
    if (value) logger.structured.add(name as StructuredParam);
    else logger.structured.delete(name as StructuredParam);
  }
}

const EXPECT_GET = "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either 'entries', 'level' or 'structured'";
const EXPECT_PUT = "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either 'level' or 'structured'";
const EXPECT_DELETE = "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either omitted or 'level'";

/** Every method and suffix of /_admin/log, dispatched as RestAdminLogHandler::execute. */
const logApi: Handler = (req, ctx) => {
  requirePermitted(ctx);
  const logger = ctx.services.logger;
  const suffixes = pathSuffixes(req, '/_admin/log');
  const one = suffixes.length === 1 ? suffixes[0] : undefined;
  switch (req.method) {
    case 'GET':
      if (suffixes.length === 0) return json(200, entriesOld(req, logger));
      if (one === 'entries') return json(200, entriesNew(req, logger));
      if (one === 'level') return json(200, levelsReply(req, logger));
      if (one === 'structured') return json(200, structured(logger));
      throw superfluous(EXPECT_GET);
    case 'PUT':
      if (one === 'level') {
        putLevels(req, logger);
        return json(200, levelsReply(req, logger));
      }
      if (one === 'structured') {
        putStructured(req, logger);
        return json(200, structured(logger));
      }
      if (suffixes.length === 0) throw superfluous("provide a suffix, expecting /_admin/log/<suffix>, where suffix can be either 'level' or 'structured'");
      throw superfluous(EXPECT_PUT);
    case 'DELETE':
      if (suffixes.length === 0 || one === 'entries') {
        logger.clear();
        return json(200, { error: false, code: 200, result: {} });
      }
      if (one === 'level') {
        logger.reset();
        return json(200, levelsReply(req, logger));
      }
      throw superfluous(EXPECT_DELETE);
    default:
      throw new ArangoError(ERR.ERROR_HTTP_METHOD_NOT_ALLOWED);
  }
};

export function registerLogRoutes(app: FastifyInstance): void {
  const all = Object.fromEntries(METHODS.filter((m) => m !== 'OPTIONS').map((m) => [m, logApi]));
  route(app, '/_admin/log', all);
  route(app, '/_admin/log/*', all);
}
