// User-defined AQL functions: what ArangoDB's VocBase/Methods/AqlUserFunctions.cpp does
// (register, list, unregister, unregister a group, each answering as it does) and what
// its js/server/modules/@arangodb/aql.js FCALL_USER does at query time (find the
// function, run it, fix its value), over the database's `_aqlfunctions` system
// collection, which is the only record of the functions.
//
// Invariants:
//  1. A function is a document of `_aqlfunctions`: _key = its name in upper case, name as
//     registered, code = "(" + code + "\n)", isDeterministic. Registering creates the
//     collection (a system collection) when it is missing; nothing else does.
//  2. The sandbox holds a database's functions compiled as of one version of that
//     collection (its id, data id and Engine.docsWrittenAt): every call compares the
//     version first and reloads when it changed, so a write through any path (this API,
//     the document API, a truncate or drop, a dropped database) is seen by the next call.
//  3. Calls are synchronous and bounded by `timeoutMs`; a call past it fails the query.
//
// One registry per Storage (userFunctions()), holding one sandbox worker, started on first
// use and ended by closeUserFunctions() (Server.close does so).
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { Storage } from '../../storage/storage.js';
import type { CollectionRecord } from '../../storage/catalog.js';
import type { AqlValue } from '../../values/index.js';
import type { UserCallOutcome } from '../functions/registry.js';
import { Sandbox, SandboxTimeout } from './sandbox.js';

export const COLLECTION = '_aqlfunctions';

/** How long one call (or a registration's check) may run, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 1000;

/**
 * ArangoDB's rules: a name must not start with `_` and has at least one `::` between
 * parts of letters, digits and underscores; names given to delete or list by may be looser.
 */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_]*(::[a-zA-Z0-9_]+)+$/;
const NAME_FILTER = /^[a-zA-Z0-9_]+(::[a-zA-Z0-9_]*)*$/;

/** One function as GET /_api/aqlfunction lists it. */
export interface ListedFunction {
  name: string;
  code: string;
  isDeterministic: boolean;
}

/** ASCII upper case, as ArangoDB's StringUtils::toupper (keys and filters). */
function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** A group filter as ArangoDB matches it: upper case, ending in "::". */
function groupPrefix(filter: string): string {
  const uc = upperAscii(filter);
  return uc.endsWith('::') ? uc : uc + '::';
}

const invalidName = (message: string) => ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_INVALID_NAME, message);
const invalidCode = (message: string) => ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_INVALID_CODE, message);

interface LoadedVersion {
  version: string;
  generation: number;
  names: Set<string>;
}

export class UserFunctions {
  /** Milliseconds one call may run; tests lower it. */
  timeoutMs = DEFAULT_TIMEOUT_MS;
  private readonly sandbox: Sandbox;
  /** What the sandbox holds per database (invariant 2). */
  private readonly loaded = new Map<string, LoadedVersion>();

  constructor(private readonly storage: Storage) {
    this.sandbox = new Sandbox(JSON.stringify(arangoErrors()));
  }

  // ---- management (POST, GET, DELETE /_api/aqlfunction) ------------------------------

  /**
   * Registers (or replaces) a function from a request body already known to be an
   * object; resolves to whether one of that name existed. Throws 1580, 1581 as ArangoDB.
   */
  async register(db: string, body: Record<string, unknown>): Promise<{ replaced: boolean }> {
    const name = body.name;
    if (typeof name !== 'string') throw invalidName('function name has to be provided as a string');
    if (name === '') throw invalidName('function name has to be provided and must not be empty');
    if (!NAME.test(name)) throw invalidName(`error creating AQL user function: '${name}' is not a valid name`);
    const code = body.code;
    if (typeof code !== 'string' || code === '') throw invalidCode('expecting string with function definition');
    const isDeterministic = typeof body.isDeterministic === 'boolean' ? body.isDeterministic : false;
    this.check(code);
    await this.ensureCollection(db);
    const doc = { _key: upperAscii(name), name, code: `(${code}\n)`, isDeterministic };
    const r = await this.storage.documents.apply(db, COLLECTION, 'insert', [{ body: doc }], { overwriteMode: 'replace', returnOld: true, waitForSync: true });
    const res = r.results[0]!;
    if (!res.ok) throw res.error;
    return { replaced: res.value.old !== undefined };
  }

  /** The functions whose upper-cased name starts with `prefix` + "::" (all for ''), in scan order. */
  list(db: string, prefix: string): ListedFunction[] {
    const col = this.collection(db);
    if (!col) return [];
    const uc = prefix === '' ? '' : groupPrefix(prefix);
    const out: ListedFunction[] = [];
    for (const doc of this.storage.documents.scan(col)) {
      if (uc !== '' && !String(doc._key).startsWith(uc)) continue;
      const { name, code, isDeterministic } = doc;
      // ArangoDB skips entries it cannot read
      if (typeof name !== 'string' || typeof code !== 'string' || code.length <= 2) continue;
      out.push({ name, code: code.slice(1, -1).replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''), isDeterministic: typeof isDeterministic === 'boolean' ? isDeterministic : false });
    }
    return out;
  }

  /** Deletes one function by its name (any case). Throws 1580, 1582. */
  async unregister(db: string, name: string): Promise<void> {
    if (!NAME_FILTER.test(name)) throw invalidName(`error deleting AQL user function: '${name}' contains invalid characters`);
    const notFound = ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_NOT_FOUND, `no AQL user function with name '${name}' found`);
    if (!this.collection(db)) throw notFound;
    const r = await this.storage.documents.apply(db, COLLECTION, 'remove', [{ key: upperAscii(name) }], {});
    const res = r.results[0]!;
    if (res.ok) return;
    throw res.error.errorNum === ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND.errorNum ? notFound : res.error;
  }

  /** Deletes every function whose name starts with `prefix` + "::"; resolves to how many. Throws 1580. */
  async unregisterGroup(db: string, prefix: string): Promise<number> {
    if (!NAME_FILTER.test(prefix)) throw invalidName(`error deleting AQL user function: '${prefix}' contains invalid characters`);
    const col = this.collection(db);
    if (!col) return 0;
    const uc = groupPrefix(prefix);
    const keys: string[] = [];
    for (const doc of this.storage.documents.scan(col)) {
      if (typeof doc.name === 'string' && doc.name.slice(0, uc.length).toUpperCase() === uc) keys.push(String(doc._key));
    }
    if (keys.length === 0) return 0;
    const r = await this.storage.documents.apply(db, COLLECTION, 'remove', keys.map((key) => ({ key })), {});
    return r.results.filter((x) => x.ok).length;
  }

  // ---- calls (AQL) ---------------------------------------------------------------------

  /**
   * Runs the database's function `name` (upper case, as the query names it) with `args`.
   * What went wrong comes back as an outcome for the query to report as ArangoDB does.
   */
  call(db: string, name: string, args: AqlValue[]): UserCallOutcome {
    try {
      const loaded = this.current(db);
      if (!loaded?.names.has(name)) return { kind: 'notFound' };
      const request = { op: 'call', key: db, name, args: JSON.stringify(args) };
      let reply = this.sandbox.request(request, this.timeoutMs);
      if (reply.missing) {
        // the worker lost what it held (it died between the check and the call): load again
        this.loaded.delete(db);
        if (!this.current(db)?.names.has(name)) return { kind: 'notFound' };
        reply = this.sandbox.request(request, this.timeoutMs);
      }
      if (reply.broken) return { kind: 'invalidCode' };
      if (reply.missing) return { kind: 'notFound' };
      const out = JSON.parse(reply.out as string) as { r?: AqlValue; e?: string; w: { code: number; message: string }[] };
      return out.e !== undefined ? { kind: 'thrown', text: out.e, warnings: out.w } : { kind: 'value', value: out.r ?? null, warnings: out.w };
    } catch (e) {
      if (e instanceof SandboxTimeout) return { kind: 'timeout', ms: e.ms };
      throw e;
    }
  }

  /** Ends the sandbox worker. */
  async close(): Promise<void> {
    this.loaded.clear();
    await this.sandbox.close();
  }

  // ---- internals -------------------------------------------------------------------------

  private collection(db: string): CollectionRecord | undefined {
    return this.storage.catalog.collection(db, COLLECTION);
  }

  /** What the sandbox holds for `db`, loaded again if the collection changed (invariant 2). */
  private current(db: string): LoadedVersion | undefined {
    const col = this.collection(db);
    const had = this.loaded.get(db);
    if (!col) {
      if (had) {
        this.loaded.delete(db);
        if (had.generation === this.sandbox.generation) this.sandbox.request({ op: 'drop', key: db }, this.timeoutMs);
      }
      return undefined;
    }
    const version = `${col.id}/${col.dataId}/${this.storage.engine.docsWrittenAt(col.dataId)}`;
    if (had && had.version === version && had.generation === this.sandbox.generation) return had;
    const functions: { name: string; code: string }[] = [];
    for (const doc of this.storage.documents.scan(col)) {
      if (typeof doc._key !== 'string' || typeof doc.code !== 'string') continue;
      // ArangoDB's reloadUserFunctions: runs of ':' become '::', the name is upper case
      functions.push({ name: doc._key.replace(/:+/g, '::').toUpperCase(), code: doc.code });
    }
    this.sandbox.request({ op: 'load', key: db, functions }, this.timeoutMs * Math.max(1, functions.length));
    const loaded = { version, generation: this.sandbox.generation, names: new Set(functions.map((f) => f.name)) };
    this.loaded.set(db, loaded);
    return loaded;
  }

  /** ArangoDB's registration test: `code` must evaluate to a function. Throws 1581. */
  private check(code: string): void {
    let reply: Record<string, unknown>;
    try {
      reply = this.sandbox.request({ op: 'check', code }, this.timeoutMs);
    } catch (e) {
      if (e instanceof SandboxTimeout) throw invalidCode(`${ERR.ERROR_QUERY_FUNCTION_INVALID_CODE.message}: ${e.message}`);
      throw e;
    }
    if (typeof reply.error !== 'string') return;
    const base = ERR.ERROR_QUERY_FUNCTION_INVALID_CODE.message;
    throw invalidCode(reply.error === '' ? base : `${base}: ${reply.error}`);
  }

  /** Creates `_aqlfunctions` as a system collection unless it exists (a concurrent creation is fine). */
  private async ensureCollection(db: string): Promise<void> {
    await this.storage.catalog.ensureSystemCollection(db, COLLECTION);
  }
}

/** ArangoDB's `require('@arangodb').errors` as far as Cairn knows them: name -> { code, message }. */
function arangoErrors(): Record<string, { code: number; message: string }> {
  const out: Record<string, { code: number; message: string }> = {};
  for (const [name, def] of Object.entries(ERR)) out[name] = { code: def.errorNum, message: def.message };
  return out;
}

const registries = new WeakMap<Storage, UserFunctions>();

/** The registry of `storage` (created on first use). */
export function userFunctions(storage: Storage): UserFunctions {
  let r = registries.get(storage);
  if (!r) registries.set(storage, (r = new UserFunctions(storage)));
  return r;
}

/** Ends the sandbox of `storage`'s registry, if it has one. */
export async function closeUserFunctions(storage: Storage): Promise<void> {
  const r = registries.get(storage);
  registries.delete(storage);
  await r?.close();
}
