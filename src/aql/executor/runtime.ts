// The state one running query shares with all its blocks and expressions: the warnings
// channel, statistics, the abort signal, the memory account and the scheduler that keeps
// the event loop free. It owns no storage handles; blocks close their own readers.
import { ArangoError, ERR, statusOf } from '../../errors/arango-error.js';
import type { ErrorDef } from '../../errors/registry.js';
import { callFunction, type FunctionContext, type QueryEnv } from '../functions/index.js';
import type { AqlValue } from '../../values/index.js';
import { nextTurn } from '../../util/turns.js';
import type { AbortState } from '../../util/signals.js';

export interface Warning {
  code: number;
  message: string;
}

export interface QueryStats {
  writesExecuted: number;
  writesIgnored: number;
  documentLookups: number;
  seeks: number;
  scannedFull: number;
  scannedIndex: number;
  cursorsCreated: number;
  cursorsRearmed: number;
  cacheHits: number;
  cacheMisses: number;
  filtered: number;
  httpRequests: number;
  executionTime: number;
  peakMemoryUsage: number;
  intermediateCommits: number;
  fullCount?: number;
}

export interface RuntimeOptions {
  /** Polled between units of work (an AbortSignal, or the query's LazyAbort). */
  signal: AbortState;
  env: QueryEnv;
  failOnWarning: boolean;
  maxWarningCount: number;
  /** Bytes; 0 = unlimited. */
  memoryLimit: number;
}

/** How long the executor may run before it lets other work on the event loop. */
const SLICE_MS = 2;

/** Warnings thrown as errors under failOnWarning (Runtime.warn). */
const RAISED = new WeakSet<object>();

/** True for an error that is a warning thrown under failOnWarning: it fails the query wherever it was raised. */
export function isRaisedWarning(e: unknown): boolean {
  return typeof e === 'object' && e !== null && RAISED.has(e);
}

export class Runtime {
  readonly warnings: Warning[] = [];
  readonly stats: QueryStats = {
    writesExecuted: 0,
    writesIgnored: 0,
    documentLookups: 0,
    seeks: 0,
    scannedFull: 0,
    scannedIndex: 0,
    cursorsCreated: 0,
    cursorsRearmed: 0,
    cacheHits: 0,
    cacheMisses: 0,
    filtered: 0,
    httpRequests: 0,
    executionTime: 0,
    peakMemoryUsage: 0,
    intermediateCommits: 0,
  };
  readonly fn: FunctionContext;
  private memory = 0;
  private sliceStart = performance.now();

  constructor(readonly opts: RuntimeOptions) {
    const fnCtx: FunctionContext = {
      env: opts.env,
      warn: (def, ...args) => this.warn(def, ...args),
      call: (name, args) => callFunction(fnCtx, name, args),
      callUser: (name, args, via) => this.callUser(name, args, via),
    };
    this.fn = fnCtx;
  }

  /**
   * A user-defined function's call, reported as ArangoDB's FCALL_USER and
   * Expression::invokeV8Function report it (js/server/modules/@arangodb/aql.js,
   * arangod/Aql/Expression.cpp): its AQL_WARNINGs as warnings; an unknown name as 1582
   * (named after the calling function, which a direct call does not pass: ArangoDB then
   * says 'undefined()'); what it threw as 1583, a query error when called directly and a
   * warning (and null) through CALL or APPLY; a run cut off after the time limit always
   * fails the query.
   */
  private callUser(name: string, args: AqlValue[], via: 'CALL' | 'APPLY' | undefined): AqlValue {
    const out = this.opts.env.userFunction(name, args);
    switch (out.kind) {
      case 'notFound':
        throw ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_NOT_FOUND, `in function '${via ?? 'undefined'}()': user function '${name}()' not found`);
      case 'timeout':
        throw ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_RUNTIME_ERROR, `in function '${name}()': user function runtime error: execution timed out after ${out.ms} ms`);
      case 'invalidCode':
        return this.userFailure(via, name, ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_INVALID_CODE, ERR.ERROR_QUERY_FUNCTION_INVALID_CODE.message));
    }
    for (const w of out.warnings) this.warnWith(w.code, w.message);
    if (out.kind === 'value') return out.value;
    return this.userFailure(via, name, ArangoError.withMessage(ERR.ERROR_QUERY_FUNCTION_RUNTIME_ERROR, `in function '${name}()': user function runtime error: ${out.text}`));
  }

  /** A user function's error: thrown for a direct call, a warning for CALL/APPLY. */
  private userFailure(via: 'CALL' | 'APPLY' | undefined, name: string, e: ArangoError): AqlValue {
    if (!via) throw e;
    this.warnWith(e.errorNum, `while invoking '${name}' via '${via}': ${e.message}`);
    return null;
  }

  /** Records a warning of any number and message (AQL_WARNING); thrown under failOnWarning. */
  private warnWith(errorNum: number, message: string): void {
    if (this.opts.failOnWarning) {
      const e = ArangoError.withMessage({ errorNum, status: statusOf(errorNum), message }, message);
      RAISED.add(e);
      throw e;
    }
    if (this.warnings.length < this.opts.maxWarningCount) this.warnings.push({ code: errorNum, message });
  }

  /** Records a warning; with failOnWarning the warning is thrown as the query's error. */
  warn(def: ErrorDef, ...args: unknown[]): void {
    // A function passing its name for a template without a placeholder gets ArangoDB's
    // "in function 'NAME()': <message>" form.
    const fnName = !def.message.includes('%s') && typeof args[0] === 'string' && /^[A-Z0-9_:]+$/.test(args[0]) ? args[0] : undefined;
    const e = fnName ? ArangoError.withMessage(def, `in function '${fnName}()': ${def.message}`) : new ArangoError(def, ...args);
    if (this.opts.failOnWarning) {
      RAISED.add(e);
      throw e;
    }
    if (this.warnings.length < this.opts.maxWarningCount) this.warnings.push({ code: e.errorNum, message: e.message });
  }

  /** Throws the abort reason (410/1500 query killed, 410/21 canceled, 503 shutdown) if aborted. */
  checkAbort(): void {
    const s = this.opts.signal;
    if (s.aborted) throw s.reason instanceof ArangoError ? s.reason : new ArangoError(ERR.ERROR_QUERY_KILLED);
  }

  /**
   * Called by blocks between units of work: throws when aborted, and yields to the event
   * loop once the current slice has run for a few milliseconds, so that other requests
   * are served while a heavy query runs.
   */
  async checkpoint(): Promise<void> {
    this.checkAbort();
    if (performance.now() - this.sliceStart >= SLICE_MS) {
      await nextTurn();
      this.sliceStart = performance.now();
      this.checkAbort();
    }
  }

  /** Accounts bytes held by the query; throws 32 when memoryLimit would be exceeded. */
  track(bytes: number): void {
    this.memory += bytes;
    if (this.memory > this.stats.peakMemoryUsage) this.stats.peakMemoryUsage = this.memory;
    const limit = this.opts.memoryLimit;
    if (limit > 0 && this.memory > limit) {
      throw ArangoError.withMessage(ERR.ERROR_RESOURCE_LIMIT, `query would use more memory than allowed (resource limit exceeded)`);
    }
  }

  release(bytes: number): void {
    this.memory = Math.max(0, this.memory - bytes);
  }

  /**
   * Accounts result rows the query keeps until it ends (a materialized cursor's whole
   * result, as ArangoDB counts its result builder); throws 32 past memoryLimit. Sized
   * only under a memoryLimit: sizing every value costs a walk over it.
   */
  trackResult(rows: readonly AqlValue[]): void {
    if (this.opts.memoryLimit <= 0) return;
    let n = 0;
    for (const r of rows) n += vpackSize(r);
    this.track(n);
  }
}

/**
 * Bytes of a value an AqlValue slot does not hold inline (ArangoDB keeps up to 16 bytes in
 * the slot; a bigger value is a VelocyPack copy of its own, with its allocation's overhead).
 */
function payload(v: AqlValue): number {
  if (v === null || typeof v !== 'object') {
    if (typeof v !== 'string' || v.length < 16) return 0;
  }
  return 24 + vpackSize(v);
}

/**
 * The bytes a row held by SORT takes, as ArangoDB's AqlItemBlocks hold it: a 16-byte
 * slot per register, plus the VelocyPack of each value too big for its slot.
 */
export function rowSize(row: readonly AqlValue[]): number {
  let n = 16 * row.length;
  for (const v of row) if (v !== null && v !== undefined) n += payload(v);
  return n;
}

/** The bytes a hashed COLLECT group takes: its hash entry and its key values. */
export function groupSize(hash: string, keys: readonly AqlValue[]): number {
  let n = 48 + hash.length + 16 * keys.length;
  for (const k of keys) n += payload(k);
  return n;
}

/**
 * The bytes `v` takes as VelocyPack, approximately (ArangoDB keeps results and documents
 * in it): 1 for null, booleans and small integers, tag plus length for strings, header,
 * length and one offset per member for arrays and objects; a document's `_id` is
 * stored as a 9-byte custom value.
 */
export function vpackSize(v: AqlValue): number {
  if (v === null || typeof v === 'boolean') return 1;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) return 9;
    if (v >= -6 && v <= 9) return 1;
    let bytes = 1;
    for (let m = Math.abs(v); m >= 128; m /= 256) bytes++;
    return 1 + bytes;
  }
  // UTF-16 units for UTF-8 bytes: exact for ASCII, and cheap (every SORT row is sized)
  if (typeof v === 'string') return (v.length <= 126 ? 1 : 9) + v.length;
  let body = 0;
  let count = 0;
  if (Array.isArray(v)) {
    for (const x of v) {
      body += vpackSize(x);
      count++;
    }
  } else {
    for (const k in v) {
      const x = v[k] as AqlValue;
      body += vpackSize(k) + (k === '_id' && typeof x === 'string' ? 9 : vpackSize(x));
      count++;
    }
  }
  if (count === 0) return 1;
  const width = body < 200 ? 1 : body < 65000 ? 2 : 4;
  return 1 + 2 * width + body + count * width;
}

/** A cheap estimate of the bytes a value occupies (for memory accounting, not exact). */
export function approxSize(v: AqlValue): number {
  if (v === null || typeof v === 'boolean') return 8;
  if (typeof v === 'number') return 8;
  if (typeof v === 'string') return 16 + v.length * 2;
  let n = 32;
  if (Array.isArray(v)) {
    for (const x of v) n += 8 + approxSize(x);
    return n;
  }
  for (const k in v) n += 24 + k.length * 2 + approxSize(v[k]);
  return n;
}
