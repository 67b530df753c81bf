// POST /_api/import: ArangoDB's bulk import, in its three body forms, into an existing
// collection, as one mutation (one LMDB transaction) per request. The user needs write
// access to the collection (403, access.ts), and rw on the database to create it.
//
//  - type=documents: one JSON object per line (JSON Lines); blank lines count as `empty`;
//  - type=list (or array): one JSON array of objects;
//  - type=auto: list if the body starts with '[', else documents;
//  - no type (or an empty one): the first line a JSON array of attribute names, every
//    other line a JSON array of values (a null value leaves its attribute out).
//
// A document that cannot be imported (a line that is no JSON object, a duplicate key, a
// bad key, an edge without _from/_to) is counted in `errors` (and described in `details`
// with details=true) and the others are imported; with complete=true the first such
// document fails the whole request and nothing is imported. onDuplicate=update|replace
// turns a duplicate key into an update or replace (counted in `updated`), ignore counts
// unique-constraint violations in `ignored`. overwrite=true truncates the collection
// first, in the same LMDB transaction as the documents. Inside a stream transaction
// (x-arango-trx-id) both go into it, and complete=true cannot undo what was written there. Messages, positions and counts are ArangoDB's (RestImportHandler).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import { isPlainObject, type Doc, type WriteOptions } from '../../storage/documents.js';
import { hasDuplicateKeys } from '../../util/json-keys.js';
import { vpackRefusesParsed } from '../../util/vpack-json-error.js';
import { json, parseJsonText, qbool, qstr, route, type Handler } from '../router.js';
import { applyInTrx, truncateInTrx, trxId, withTrx } from '../trx.js';
import { requireCollection } from '../access.js';

const MSG = {
  collectionMissing: "'collection' is missing, expecting /_api/import?collection=<identifier>",
  superfluous: 'superfluous suffix, expecting /_api/import?collection=<identifier>',
  badType: "invalid value for 'type'",
  noArray: 'expecting a JSON array in the request',
  noHeader: 'no JSON string array found in first line',
  noValues: 'no JSON array found in second line',
};

const MAX_CONTEXT = 255;
/** ArangoDB shows at most 255 characters of an offending line or document. */
const cut = (text: string): string => (text.length > MAX_CONTEXT ? text.slice(0, MAX_CONTEXT) + '...' : text);

/** The blanks ArangoDB skips around lines: space, \t, \r, \b, \f (and \n between lines). */
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 8 || c === 12;

function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (isBlank(s.charCodeAt(a)) || s.charCodeAt(a) === 10)) a++;
  while (b > a && (isBlank(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 10)) b--;
  return s.slice(a, b);
}

/** JSON.parse refusing, as ArangoDB's parser does, an object that names an attribute twice, 1e400, "\uD800"; undefined if it fails. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return vpackRefusesParsed(text) !== undefined || hasDuplicateKeys(text) ? undefined : { value };
  } catch {
    return undefined;
  }
}

/** A document to import, or the reason (a `details` line without its position) it is not one. */
type Parsed = { doc: Doc; position: number } | { error: string; position: number; num: number };

interface Counts {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
  details: string[];
}

const parseError = (line: string) => `invalid JSON type (expecting object, probably parse error), offending context: ${cut(line)}`;
const notObject = (v: unknown) => `invalid JSON type (expecting object), offending document: ${cut(JSON.stringify(v))}`;

/** type=documents: one object per line; a JSON error ends the reading when `stopOnParseError` (complete). */
function parseLines(text: string, counts: Counts, stopOnParseError: boolean): Parsed[] {
  const out: Parsed[] = [];
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    while (pos < text.length && isBlank(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) break;
    line++;
    if (text.charCodeAt(pos) === 10) {
      counts.empty++;
      pos++;
      continue;
    }
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end);
    pos = end + 1;
    const parsed = parseJson(raw);
    if (!parsed) {
      out.push({ error: parseError(raw), position: line, num: ERR.ERROR_HTTP_CORRUPTED_JSON.errorNum });
      if (stopOnParseError) break;
      continue;
    }
    out.push(isPlainObject(parsed.value) ? { doc: parsed.value, position: line } : { error: notObject(parsed.value), position: line, num: ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID.errorNum });
  }
  return out;
}

/** type=list: the body one JSON array of objects. */
function parseList(text: string): Parsed[] {
  if (trimBlanks(text) === '') throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, MSG.noArray);
  const value = parseJsonText(text);
  if (!Array.isArray(value)) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, MSG.noArray);
  return value.map((v, i) => (isPlainObject(v) ? { doc: v, position: i + 1 } : { error: notObject(v), position: i + 1, num: ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID.errorNum }));
}

/** The attribute names of a header/values body (its first line); throws 400 as ArangoDB does. */
function parseHeader(text: string): { names: string[]; rest: number } {
  const nl = text.indexOf('\n');
  if (nl < 0) throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, MSG.noValues);
  const first = parseJson(trimBlanks(text.slice(0, nl)));
  const names = first?.value;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    throw ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, MSG.noHeader);
  }
  return { names: names as string[], rest: nl + 1 };
}

/** The value lines of a header/values body; positions count from `line` + 1. */
function parseValues(text: string, header: { names: string[]; rest: number }, line: number, ignoreMissing: boolean, counts: Counts): Parsed[] {
  const out: Parsed[] = [];
  const { names } = header;
  let pos = header.rest;
  const bad = (error: string, position: number): Parsed => ({ error, position, num: ERR.ERROR_INTERNAL.errorNum });
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = trimBlanks(text.slice(pos, end));
    pos = end + 1;
    line++;
    if (raw === '') {
      counts.empty++;
      continue;
    }
    const parsed = parseJson(raw);
    if (!parsed) {
      out.push(bad(parseError(raw), line));
      continue;
    }
    const values = parsed.value;
    if (!Array.isArray(values)) {
      out.push(bad('no valid JSON array data', line));
      continue;
    }
    if (values.length !== names.length && !ignoreMissing) {
      out.push(bad(`wrong number of JSON values (got ${values.length}, expected ${names.length})`, line));
      continue;
    }
    const doc: Doc = {};
    for (let j = 0; j < names.length && j < values.length; j++) {
      const v: unknown = values[j];
      if (v !== null && v !== undefined) doc[names[j]!] = v;
    }
    out.push({ doc, position: line });
  }
  return out;
}

/** An edge's _from/_to with fromPrefix/toPrefix applied to values without a '/' (and to integers). */
function withPrefix(value: unknown, prefix: string | undefined): unknown {
  if (!prefix) return value;
  const p = prefix.endsWith('/') ? prefix : prefix + '/';
  if (typeof value === 'string' && !value.includes('/')) return p + value;
  if (typeof value === 'number' && Number.isInteger(value)) return p + String(value);
  return value;
}

const GENERIC_MESSAGES = new Map<number, string>(Object.values(ERR).map((d) => [d.errorNum, d.message]));

function parseBody(req: FastifyRequest, type: string | undefined, counts: Counts, complete: boolean, resolve: () => CollectionRecord): { col: CollectionRecord; items: Parsed[] } {
  const text = ((req.body as Buffer | undefined) ?? Buffer.alloc(0)).toString('utf8');
  if (type === 'documents' || type === 'list' || type === 'array' || type === 'auto') {
    const col = resolve();
    let list = type === 'list' || type === 'array';
    if (type === 'auto') {
      let i = 0;
      while (i < text.length && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 10)) i++;
      list = text[i] === '[';
    }
    return { col, items: list ? parseList(text) : parseLines(text, counts, complete) };
  }
  // header/values: its first line is read before the collection
  const header = parseHeader(text);
  const col = resolve();
  const line = Number(qstr(req, 'line') ?? 0);
  return { col, items: parseValues(text, header, Number.isFinite(line) ? Math.trunc(line) : 0, qbool(req, 'ignoreMissing', false), counts) };
}

const importHandler: Handler = async (req, ctx) => {
  const rawType = qstr(req, 'type');
  // arangojs sends type= (and older versions type=undefined) for header/values bodies
  const type = rawType === '' || rawType === 'undefined' ? undefined : rawType;
  if (type !== undefined && !['documents', 'list', 'array', 'auto'].includes(type)) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, MSG.badType);
  const name = qstr(req, 'collection');
  const resolve = (): CollectionRecord => {
    if (!name) throw ArangoError.withMessage(ERR.ERROR_ARANGO_COLLECTION_PARAMETER_MISSING, MSG.collectionMissing);
    const col = ctx.services.storage.catalog.collection(ctx.db, name);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
    requireCollection(ctx, col.name, 'write');
    return col;
  };
  // createCollection / createCollectionType (ArangoDB 2.x) are ignored, as ArangoDB 3.12
  // does: the collection must exist (arangoimport --create-collection makes it first)
  const counts: Counts = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0, details: [] };
  const complete = qbool(req, 'complete', false);
  const { col, items } = parseBody(req, type, counts, complete, resolve);
  const onDuplicate = qstr(req, 'onDuplicate');
  const fromPrefix = qstr(req, 'fromPrefix');
  const toPrefix = qstr(req, 'toPrefix');

  const docs: Doc[] = [];
  for (const it of items) {
    let failure: { error: string; num: number } | undefined = 'error' in it ? it : undefined;
    if (!failure && col.type === 3) {
      const d = (it as { doc: Doc }).doc;
      const edge: Doc = { ...d, _from: withPrefix(d._from, fromPrefix), _to: withPrefix(d._to, toPrefix) };
      if (typeof edge._from === 'string' && typeof edge._to === 'string') (it as { doc: Doc }).doc = edge;
      else failure = { error: `missing '_from' or '_to' attribute, offending document: ${cut(JSON.stringify(d))}`, num: ERR.ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE.errorNum };
    }
    if (failure) {
      if (complete && failure.num !== ERR.ERROR_HTTP_CORRUPTED_JSON.errorNum) {
        const e = failure.num === ERR.ERROR_INTERNAL.errorNum ? ArangoError.withMessage(ERR.ERROR_INTERNAL, `at position ${it.position}: ${failure.error}`) : ArangoError.withMessage({ errorNum: failure.num, status: 400, message: '' }, GENERIC_MESSAGES.get(failure.num) ?? '');
        throw e;
      }
      counts.errors++;
      counts.details.push(`at position ${it.position}: ${failure.error}`);
      continue;
    }
    docs.push((it as { doc: Doc }).doc);
  }

  const sync = qbool(req, 'waitForSync', false);
  const inTrx = trxId(req) !== undefined;
  // inside a stream transaction, overwrite=true removes the documents in the transaction,
  // and complete=true fails the request with the first failed document's error while, as
  // in ArangoDB (whose import does not roll a stream transaction back), what could be
  // written stays in the transaction
  const opts: WriteOptions = { waitForSync: sync, allOrNothing: complete };
  if (inTrx && qbool(req, 'overwrite', false)) await withTrx(req, ctx, 'write', (trx) => truncateInTrx(ctx, trx!, col));
  else if (qbool(req, 'overwrite', false)) {
    // the truncate commits with the documents (a complete=true import that fails leaves the collection as it was)
    const { indexes } = ctx.services.storage;
    if (docs.length > 0) opts.before = (tx) => void indexes.truncateIn(tx, ctx.db, col.name);
    else await indexes.truncate(ctx.db, col.name, sync);
  }
  if (onDuplicate === 'update' || onDuplicate === 'replace') opts.overwriteMode = onDuplicate;
  // an ignored duplicate is no error, so it does not fail a complete=true import either
  if (onDuplicate === 'ignore') opts.tolerate = (e) => e.errorNum === ERR.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED.errorNum;
  if (docs.length > 0) {
    const items = docs.map((body) => ({ body }));
    const res = inTrx
      ? await withTrx(req, ctx, 'write', (trx) => applyInTrx(ctx, trx!, col, 'insert', items, opts))
      : await ctx.services.storage.documents.apply(ctx.db, col.name, 'insert', items, opts);
    if (inTrx && complete) {
      const failed = res.results.find((r) => !r.ok && !opts.tolerate?.(r.error));
      if (failed && !failed.ok) throw failed.error;
    }
    res.results.forEach((r, i) => {
      if (r.ok) {
        if (r.value._oldRev !== undefined) counts.updated++;
        else counts.created++;
      } else if (onDuplicate === 'ignore' && r.error.errorNum === ERR.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED.errorNum) {
        counts.ignored++;
      } else {
        counts.errors++;
        // ArangoDB's position here is the document's index among those sent to be inserted
        const generic = GENERIC_MESSAGES.get(r.error.errorNum) ?? r.error.message;
        counts.details.push(`at position ${i}: creating document failed with error '${generic}', offending document: ${cut(JSON.stringify(docs[i]))}`);
      }
    });
  }
  const out: Record<string, unknown> = { error: false, created: counts.created, errors: counts.errors, empty: counts.empty, updated: counts.updated, ignored: counts.ignored };
  if (qbool(req, 'details', false)) out.details = counts.details;
  return json(201, out);
};

const notImplemented: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, "'ILLEGAL /_api/import' not implemented");
};
const superfluous: Handler = () => {
  throw ArangoError.withMessage(ERR.ERROR_HTTP_SUPERFLUOUS_SUFFICES, MSG.superfluous);
};

export function registerImportRoutes(app: FastifyInstance): void {
  const others = { GET: notImplemented, HEAD: notImplemented, PUT: notImplemented, PATCH: notImplemented, DELETE: notImplemented };
  route(app, '/_api/import', { POST: importHandler, ...others });
  route(app, '/_api/import/*', { POST: superfluous, ...others });
}

