// AQL document and object functions (ATTRIBUTES, MERGE, KEEP, MATCHES, ...), the
// database look-ups DOCUMENT, COLLECTION_COUNT, COLLECTIONS and SCHEMA_GET, which read
// through ctx.env only, and SCHEMA_VALIDATE. Attribute access uses own properties only (never the prototype chain),
// and attribute names are written with `put` so "__proto__" stays an ordinary key.
// Object key order follows insertion order where ArangoDB's order is unspecified;
// integer-like keys come first, as JavaScript objects always order them.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { type AqlObject, type AqlValue, equals, isObject, numberToString, toBool, toString } from '../../values/index.js';
import { schemaRefusal } from '../../storage/schema.js';
import { type FunctionContext, type FunctionDef, type QueryEnv, fn } from './registry.js';

const TYPE_MISMATCH = ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH;

/** Sets an own, enumerable attribute, also for the name "__proto__". */
function put(obj: AqlObject, key: string, value: AqlValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The own attribute `key` of `obj`, or undefined when it has none. */
function own(obj: AqlObject, key: string): AqlValue | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Records warning 1542 for `name` and returns null, the usual answer to a wrong type. */
function mismatch(ctx: FunctionContext, name: string): null {
  ctx.warn(TYPE_MISMATCH, name);
  return null;
}

/** UTF-8 byte order of two strings (the same as code point order). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// --- ATTRIBUTES, VALUES, ENTRIES, HAS, VALUE ----------------------------------------

function attributes(ctx: FunctionContext, [doc, removeSystem, sort]: AqlValue[]): AqlValue {
  if (!isObject(doc)) return mismatch(ctx, 'ATTRIBUTES');
  let keys = Object.keys(doc);
  if (removeSystem !== undefined && toBool(removeSystem)) keys = keys.filter((k) => !k.startsWith('_'));
  return sort !== undefined && toBool(sort) ? keys.sort(compareBytes) : keys;
}

function values(ctx: FunctionContext, [doc, removeSystem]: AqlValue[]): AqlValue {
  if (!isObject(doc)) return mismatch(ctx, 'VALUES');
  const skip = removeSystem !== undefined && toBool(removeSystem);
  return Object.keys(doc).filter((k) => !(skip && k.startsWith('_'))).map((k) => doc[k]);
}

function entries(ctx: FunctionContext, [doc]: AqlValue[]): AqlValue {
  if (!isObject(doc)) return mismatch(ctx, 'ENTRIES');
  return Object.keys(doc).map((k) => [k, doc[k]]);
}

/** HAS: false for non-objects; a non-string name is looked up by its TO_STRING text. */
function has(_ctx: FunctionContext, [doc, name]: AqlValue[]): AqlValue {
  if (!isObject(doc)) return false;
  return Object.hasOwn(doc, typeof name === 'string' ? name : toString(name));
}

/** One step of VALUE's path: a string selects an attribute, a number an array element. */
function step(value: AqlValue, part: AqlValue): AqlValue | undefined {
  if (typeof part === 'string') return isObject(value) ? own(value, part) : undefined;
  if (typeof part !== 'number' || !Array.isArray(value) || part < 0) return undefined;
  const index = Math.trunc(part);
  return index < value.length ? value[index] : undefined;
}

function valueAt(ctx: FunctionContext, [doc, path]: AqlValue[]): AqlValue {
  if (!isObject(doc) || !Array.isArray(path)) return mismatch(ctx, 'VALUE');
  if (path.length === 0) return null;
  let current: AqlValue = doc;
  for (const part of path) {
    const next = step(current, part);
    if (next === undefined) return null;
    current = next;
  }
  return current;
}

// --- KEEP, UNSET and their recursive forms -----------------------------------------

/**
 * The attribute names given from argument 1 on: strings, numbers (as their text) and
 * arrays of strings; a non-string array element records 1542, other types are ignored.
 */
function attributeNames(ctx: FunctionContext, args: AqlValue[], name: string): Set<string> {
  const names = new Set<string>();
  for (const arg of args.slice(1)) {
    if (typeof arg === 'string') names.add(arg);
    else if (typeof arg === 'number') names.add(numberToString(arg));
    else if (Array.isArray(arg)) {
      for (const v of arg) {
        if (typeof v === 'string') names.add(v);
        else ctx.warn(TYPE_MISMATCH, name);
      }
    }
  }
  return names;
}

/** Keeps (keep = true) or drops the attributes named in `names`, optionally in sub-objects. */
function filterAttributes(obj: AqlObject, names: Set<string>, keep: boolean, recursive: boolean): AqlObject {
  const out: AqlObject = {};
  for (const key of Object.keys(obj)) {
    if (names.has(key) !== keep) continue;
    const v = obj[key];
    put(out, key, recursive && isObject(v) ? filterAttributes(v, names, keep, recursive) : v);
  }
  return out;
}

function keepOrUnset(name: string, keep: boolean, recursive: boolean): FunctionDef['impl'] {
  return (ctx, args) => {
    const doc = args[0];
    if (!isObject(doc)) return mismatch(ctx, name);
    return filterAttributes(doc, attributeNames(ctx, args, name), keep, recursive);
  };
}

// --- MERGE, MERGE_RECURSIVE ---------------------------------------------------------

/** `b` over `a`; with `recursive`, attributes that are objects on both sides merge too. */
function mergeTwo(a: AqlObject, b: AqlObject, recursive: boolean): AqlObject {
  const out: AqlObject = {};
  for (const key of Object.keys(a)) put(out, key, a[key]);
  for (const key of Object.keys(b)) {
    const left = own(out, key);
    const right = b[key];
    put(out, key, recursive && isObject(left) && isObject(right) ? mergeTwo(left, right, true) : right);
  }
  return out;
}

/** MERGE(doc, ...) or MERGE([doc, ...]); any non-object records 1542 and gives null. */
function merge(name: string, recursive: boolean): FunctionDef['impl'] {
  return (ctx, args) => {
    const docs = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    let out: AqlObject = {};
    for (const doc of docs) {
      if (!isObject(doc)) return mismatch(ctx, name);
      out = mergeTwo(out, doc, recursive);
    }
    return out;
  };
}

// --- MATCHES, TRANSLATE, ZIP --------------------------------------------------------

/** Every attribute of `example` equals the document's; null also matches a missing one. */
function matchesExample(doc: AqlObject, example: AqlObject): boolean {
  return Object.keys(example).every((key) => {
    const actual = own(doc, key);
    if (actual === undefined) return example[key] === null;
    return equals(actual, example[key]);
  });
}

function matches(ctx: FunctionContext, [doc, examples, returnIndex]: AqlValue[]): AqlValue {
  const wantIndex = returnIndex !== undefined && toBool(returnIndex);
  if (!isObject(doc)) return false;
  const list = Array.isArray(examples) ? examples : [examples];
  for (let i = 0; i < list.length; i++) {
    const example = list[i];
    if (!isObject(example)) {
      ctx.warn(TYPE_MISMATCH, 'MATCHES');
      continue;
    }
    if (matchesExample(doc, example)) return wantIndex ? i : true;
  }
  return wantIndex ? -1 : false;
}

/** TRANSLATE: the mapped value, else the default when one is given, else the input. */
function translate(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [value, lookup] = args;
  if (!isObject(lookup)) return mismatch(ctx, 'TRANSLATE');
  const found = own(lookup, typeof value === 'string' ? value : toString(value));
  if (found !== undefined) return found;
  return args.length > 2 ? args[2] : value;
}

/** ZIP: keys are stringified; a repeated key keeps its first value. */
function zip(ctx: FunctionContext, [keys, vals]: AqlValue[]): AqlValue {
  if (!Array.isArray(keys) || !Array.isArray(vals) || keys.length !== vals.length) return mismatch(ctx, 'ZIP');
  const out: AqlObject = {};
  keys.forEach((k, i) => {
    const key = toString(k);
    if (!Object.hasOwn(out, key)) put(out, key, vals[i]);
  });
  return out;
}

// --- document identifiers -----------------------------------------------------------

/** The `_id` string of a document, or the string itself; undefined for anything else. */
function identifierOf(value: AqlValue): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const id = own(value, '_id');
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** PARSE_IDENTIFIER / PARSE_COLLECTION / PARSE_KEY: the id must hold exactly one "/". */
function parseIdentifier(name: string, pick: (collection: string, key: string) => AqlValue): FunctionDef['impl'] {
  return (ctx, [value]) => {
    const id = identifierOf(value);
    const slash = id === undefined ? -1 : id.indexOf('/');
    if (id === undefined || slash < 0 || id.includes('/', slash + 1)) return mismatch(ctx, name);
    return pick(id.slice(0, slash), id.slice(slash + 1));
  };
}

/** The collection part of an id (everything before the first "/"), or "" when none. */
function collectionPart(value: AqlValue): string {
  const id = identifierOf(value) ?? '';
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

function isSameCollection(ctx: FunctionContext, [first, second]: AqlValue[]): AqlValue {
  const a = collectionPart(first);
  const b = collectionPart(second);
  if (a === '' || b === '') return mismatch(ctx, 'IS_SAME_COLLECTION');
  return a === b;
}

// --- DOCUMENT, COLLECTION_COUNT, COLLECTIONS ----------------------------------------

/**
 * Looks up one id ("coll/key", or a key when `collection` is given). An id naming another
 * collection than `collection`, or a key without any collection, finds nothing (null).
 */
function lookup(env: QueryEnv, collection: string | undefined, id: string): AqlValue {
  const slash = id.indexOf('/');
  let coll = collection;
  let key = id;
  if (slash >= 0) {
    const prefix = id.slice(0, slash);
    if (coll !== undefined && prefix !== coll) return null;
    coll = prefix;
    key = id.slice(slash + 1);
  }
  if (coll === undefined || coll === '') return null;
  return env.document(coll, key);
}

/** One id gives the document or null; an array of ids gives the documents found. */
function lookupAll(env: QueryEnv, collection: string | undefined, ids: AqlValue): AqlValue {
  if (typeof ids === 'string') return lookup(env, collection, ids);
  if (!Array.isArray(ids)) return null;
  const found: AqlValue[] = [];
  for (const id of ids) {
    const doc = typeof id === 'string' ? lookup(env, collection, id) : null;
    if (doc !== null) found.push(doc);
  }
  return found;
}

function documentFn(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  if (args.length === 1) return lookupAll(ctx.env, undefined, args[0]);
  const [collection, ids] = args;
  if (typeof collection !== 'string') return mismatch(ctx, 'DOCUMENT');
  return lookupAll(ctx.env, collection, ids);
}

/** COLLECTION_COUNT: a non-string name throws 1542; an unknown collection throws 1203. */
function collectionCount(ctx: FunctionContext, [name]: AqlValue[]): AqlValue {
  if (typeof name !== 'string') throw new ArangoError(TYPE_MISMATCH, 'COLLECTION_COUNT');
  return ctx.env.collectionCount(name);
}

/**
 * SCHEMA_GET(collection): the collection's schema ({ rule, level, message, type }) or null.
 * A name that is not a string or is empty throws 10; an unknown collection throws 1203.
 */
function schemaGet(ctx: FunctionContext, [name]: AqlValue[]): AqlValue {
  if (typeof name !== 'string' || name === '') throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'could not extract collection name from parameters');
  if (!ctx.env.collectionSchema) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `could not find collection: ${name}`);
  return ctx.env.collectionSchema(name);
}

/**
 * SCHEMA_VALIDATE(doc, schema): `{ valid }`, plus `errorMessage` (the schema's message) when
 * `doc` fails; the schema's level is not looked at. A doc that is not an object records
 * 1542 and gives null; a null or empty schema passes everything; a schema that is not an
 * object throws 10, one with a bad rule or level 1621.
 */
function schemaValidate(ctx: FunctionContext, [doc, schema]: AqlValue[]): AqlValue {
  if (!isObject(doc)) {
    ctx.warn({ ...TYPE_MISMATCH, message: 'expecting document object' }, 'SCHEMA_VALIDATE');
    return null;
  }
  if (schema === null || schema === undefined || (isObject(schema) && Object.keys(schema).length === 0)) return { valid: true };
  if (!isObject(schema)) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `second parameter is not a schema object: ${JSON.stringify(schema)}`);
  const refusal = schemaRefusal(schema, doc);
  return refusal === undefined ? { valid: true } : { valid: false, errorMessage: refusal };
}

/** COLLECTIONS: `{ _id, name }` per collection, ordered by lower-cased name. */
function collections(ctx: FunctionContext): AqlValue {
  const sortKey = (name: string) => name.toLowerCase();
  return ctx.env
    .collections()
    .map(({ _id, name }) => ({ _id, name }))
    .sort((a, b) => compareBytes(sortKey(a.name), sortKey(b.name)) || compareBytes(a.name, b.name));
}

/** Reads documents or collection data (or, as SCHEMA_VALIDATE, is flagged so by ArangoDB): not deterministic, never cached. */
const READS_DATA = { deterministic: false, cacheable: false } as const;

export const FUNCTIONS: FunctionDef[] = [
  fn('ATTRIBUTES', 1, 3, attributes, { aliases: ['KEYS'] }),
  fn('VALUES', 1, 2, values),
  fn('ENTRIES', 1, 1, entries),
  fn('HAS', 2, 2, has),
  fn('VALUE', 2, 2, valueAt),
  fn('KEEP', 2, Infinity, keepOrUnset('KEEP', true, false)),
  fn('KEEP_RECURSIVE', 2, Infinity, keepOrUnset('KEEP_RECURSIVE', true, true)),
  fn('UNSET', 2, Infinity, keepOrUnset('UNSET', false, false)),
  fn('UNSET_RECURSIVE', 2, Infinity, keepOrUnset('UNSET_RECURSIVE', false, true)),
  fn('MERGE', 1, Infinity, merge('MERGE', false)),
  fn('MERGE_RECURSIVE', 1, Infinity, merge('MERGE_RECURSIVE', true)),
  fn('MATCHES', 2, 3, matches),
  fn('TRANSLATE', 2, 3, translate),
  fn('ZIP', 2, 2, zip),
  fn('PARSE_IDENTIFIER', 1, 1, parseIdentifier('PARSE_IDENTIFIER', (collection, key) => ({ collection, key }))),
  fn('PARSE_COLLECTION', 1, 1, parseIdentifier('PARSE_COLLECTION', (collection) => collection)),
  fn('PARSE_KEY', 1, 1, parseIdentifier('PARSE_KEY', (_collection, key) => key)),
  fn('IS_SAME_COLLECTION', 2, 2, isSameCollection),
  fn('DOCUMENT', 1, 2, documentFn, READS_DATA),
  fn('COLLECTION_COUNT', 1, 1, collectionCount, READS_DATA),
  fn('COLLECTIONS', 0, 0, collections, READS_DATA),
  fn('SCHEMA_GET', 1, 1, schemaGet, READS_DATA),
  fn('SCHEMA_VALIDATE', 2, 2, schemaValidate, READS_DATA),
];
