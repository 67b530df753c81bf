// Miscellaneous AQL functions: control (FAIL, ASSERT, WARN, SLEEP), pass-through
// (PASSTHRU, NOOPT, NOEVAL, V8), dynamic calls (CALL, APPLY), query facts (CURRENT_DATABASE,
// CURRENT_USER, VERSION), HASH and CHECK_DOCUMENT. SLEEP is the one asynchronous
// function: it waits on a timer and must give up as soon as the query's signal aborts.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import xxhash from 'xxhash-wasm';
import { type AqlValue, isObject, toBool } from '../../values/index.js';
import { ARANGO_VERSION } from '../../version.js';
import { decodeRevision } from '../../storage/ids.js';
import { type FunctionContext, type FunctionDef, fn } from './registry.js';

const TYPE_MISMATCH = ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH;

// --- FAIL, ASSERT, WARN -------------------------------------------------------------

/** FAIL(reason): the error message is the reason itself; without a string, "FAIL() called". */
function fail(_ctx: FunctionContext, [reason]: AqlValue[]): never {
  if (typeof reason === 'string') throw ArangoError.withMessage(ERR.ERROR_QUERY_FAIL_CALLED, reason);
  throw new ArangoError(ERR.ERROR_QUERY_FAIL_CALLED, '');
}

/** ASSERT(expr, message): true, or error 1593 with the message when expr is falsy. */
function assertFn(ctx: FunctionContext, [expr, message]: AqlValue[]): AqlValue {
  if (typeof message !== 'string') {
    ctx.warn(TYPE_MISMATCH, 'ASSERT');
    return null;
  }
  if (!toBool(expr)) throw new ArangoError(ERR.ERROR_QUERY_USER_ASSERT, message);
  return true;
}

/** WARN(expr, message): true, or warning 1594 with the message and false when expr is falsy. */
function warnFn(ctx: FunctionContext, [expr, message]: AqlValue[]): AqlValue {
  if (typeof message !== 'string') {
    ctx.warn(TYPE_MISMATCH, 'WARN');
    return null;
  }
  if (toBool(expr)) return true;
  ctx.warn(ERR.ERROR_QUERY_USER_WARN, message);
  return false;
}

// --- SLEEP --------------------------------------------------------------------------

/** setTimeout's limit; longer waits are taken in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The error a killed query reports: the abort reason when it is an ArangoError, else 1500. */
function abortError(signal: AbortSignal): ArangoError {
  return signal.reason instanceof ArangoError ? signal.reason : new ArangoError(ERR.ERROR_QUERY_KILLED);
}

/**
 * Resolves after `ms` milliseconds, or rejects as soon as `signal` aborts (at once when it
 * already has). The timer and the abort listener are both removed when either fires.
 */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    let timer: NodeJS.Timeout;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const arm = (left: number) => {
      timer = setTimeout(() => {
        if (left > MAX_TIMER_MS) return arm(left - MAX_TIMER_MS);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, Math.min(left, MAX_TIMER_MS));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    arm(ms);
  });
}

/** SLEEP(seconds): null after the wait; a non-number or negative duration warns (1542). */
async function sleep(ctx: FunctionContext, [seconds]: AqlValue[]): Promise<AqlValue> {
  if (typeof seconds !== 'number' || seconds < 0) {
    ctx.warn(TYPE_MISMATCH, 'SLEEP');
    return null;
  }
  await wait(seconds * 1000, ctx.env.signal);
  return null;
}

// --- CALL, APPLY --------------------------------------------------------------------

/**
 * Calls the function `name` with `args` through ctx.call (which throws 1540 for unknown
 * names and 1541 for wrong counts). A non-string name throws 1542; a name with "::" is a
 * user-defined function, called through ctx.callUser (what it throws is then a warning,
 * an unknown one 1582); a function marked noDynamicCall throws 1578. ArangoDB lets CALL
 * and APPLY call themselves, so do we.
 */
async function callByName(ctx: FunctionContext, caller: 'CALL' | 'APPLY', name: AqlValue, args: AqlValue[]): Promise<AqlValue> {
  if (typeof name !== 'string') throw new ArangoError(TYPE_MISMATCH, caller);
  const upper = name.toUpperCase();
  if (upper.includes('::')) return ctx.callUser(upper, args, caller);
  // Imported lazily because index.ts imports this module: a static import would be a
  // cycle that breaks whenever this file happens to load first.
  const { lookupFunction } = await import('./index.js');
  if (lookupFunction(upper)?.noDynamicCall) throw new ArangoError(ERR.ERROR_QUERY_DISALLOWED_DYNAMIC_CALL, upper);
  return ctx.call(upper, args);
}

function call(ctx: FunctionContext, [name, ...args]: AqlValue[]): Promise<AqlValue> {
  return callByName(ctx, 'CALL', name, args);
}

/** APPLY(name, args): args must be an array (else warning 1542 and null). */
async function apply(ctx: FunctionContext, params: AqlValue[]): Promise<AqlValue> {
  const [name, args] = params;
  if (typeof name !== 'string') throw new ArangoError(TYPE_MISMATCH, 'APPLY');
  if (params.length < 2) return callByName(ctx, 'APPLY', name, []);
  if (!Array.isArray(args)) {
    ctx.warn(TYPE_MISMATCH, 'APPLY');
    return null;
  }
  return callByName(ctx, 'APPLY', name, args);
}

// --- HASH ---------------------------------------------------------------------------

// ArangoDB's HASH is VelocyPack's normalizedHash (XXH64, seed 0xdeadbeef) of the value,
// its low 51 bits kept so that the number is exact in a double. Each scalar is hashed as
// the VelocyPack bytes of its normalized form: numbers as 8-byte little-endian doubles
// (so 1 and 1.0 hash alike), null/false/true as their one-byte types, strings as their
// length byte (0x40 + length up to 126 bytes, else 0xbf and an 8-byte length) and UTF-8.
// An array seeds each element with the hash so far; an object XORs, per attribute, the
// name's hash and the value's hash seeded with it, so attribute order does not matter.
const { h64Raw } = await xxhash();
const HASH_SEED = 0xdeadbeefn;
const HASH_MASK = 0x0007ffffffffffffn;
const VPACK_NULL = Uint8Array.of(0x18);
const VPACK_FALSE = Uint8Array.of(0x19);
const VPACK_TRUE = Uint8Array.of(0x1a);

function u64le(n: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, n));
  return b;
}

function stringBytes(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  if (utf8.length <= 126) return Buffer.concat([Uint8Array.of(0x40 + utf8.length), utf8]);
  const head = Buffer.allocUnsafe(9);
  head[0] = 0xbf;
  head.writeBigUInt64LE(BigInt(utf8.length), 1);
  return Buffer.concat([head, utf8]);
}

function normalizedHash(v: AqlValue, seed: bigint): bigint {
  if (v === null) return h64Raw(VPACK_NULL, seed);
  if (v === false) return h64Raw(VPACK_FALSE, seed);
  if (v === true) return h64Raw(VPACK_TRUE, seed);
  if (typeof v === 'number') {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleLE(v === 0 ? 0 : v); // -0 is 0 in AQL
    return h64Raw(b, seed);
  }
  if (typeof v === 'string') return h64Raw(stringBytes(v), seed);
  if (Array.isArray(v)) {
    let h = h64Raw(u64le(BigInt(v.length) ^ 0xba5bedf00dn), seed);
    for (const e of v) h ^= normalizedHash(e, h);
    return h;
  }
  const keys = Object.keys(v);
  const objectSeed = h64Raw(u64le(BigInt(keys.length) ^ 0xf00ba44ba5n), seed);
  let h = objectSeed;
  for (const k of keys) {
    const keySeed = normalizedHash(k, objectSeed);
    h ^= keySeed ^ normalizedHash(v[k] as AqlValue, keySeed);
  }
  return h;
}

/** HASH(value): ArangoDB's numbers (equal values hash equally, attribute order aside). */
function hash(_ctx: FunctionContext, [value]: AqlValue[]): AqlValue {
  return Number(normalizedHash(value ?? null, HASH_SEED) & HASH_MASK);
}

// --- NOT_NULL, FIRST_LIST, FIRST_DOCUMENT, DECODE_REV --------------------------------

/** The first argument that is not null (FIRST_LIST/FIRST_DOCUMENT: the first array/object). */
const firstWhere =
  (test: (v: AqlValue) => boolean): FunctionDef['impl'] =>
  (_ctx, args) =>
    args.find(test) ?? null;

/** DECODE_REV(rev): the time and counter a hybrid-logical-clock revision holds. */
function decodeRev(ctx: FunctionContext, [rev]: AqlValue[]): AqlValue {
  const v = typeof rev === 'string' ? decodeRevision(rev) : undefined;
  if (v === undefined) {
    ctx.warn(TYPE_MISMATCH, 'DECODE_REV');
    return null;
  }
  const ms = Number(v >> 20n);
  return { date: new Date(ms).toISOString(), count: Number(v & 0xfffffn) };
}

// --- table --------------------------------------------------------------------------

const passthru: FunctionDef['impl'] = (_ctx, [value]) => value;

/** Not deterministic and not cacheable (FAIL, ASSERT, WARN, SLEEP, CALL, APPLY, ...). */
const VOLATILE = { deterministic: false, cacheable: false } as const;
/** Deterministic within a query but not cacheable across queries (VERSION, CURRENT_USER). */
const PER_QUERY = { deterministic: true, cacheable: false } as const;

export const FUNCTIONS: FunctionDef[] = [
  fn('PASSTHRU', 1, 1, passthru),
  fn('NOOPT', 1, 1, passthru, VOLATILE),
  fn('NOEVAL', 1, 1, passthru, PER_QUERY),
  // ArangoDB 3.12 evaluates V8(expr) in JavaScript; the value is the expression's own.
  fn('V8', 1, 1, passthru),
  fn('FAIL', 0, 1, fail, VOLATILE),
  fn('ASSERT', 2, 2, assertFn, VOLATILE),
  fn('WARN', 2, 2, warnFn, VOLATILE),
  fn('SLEEP', 1, 1, sleep, { ...VOLATILE, async: true }),
  fn('CALL', 1, Infinity, call, { ...VOLATILE, async: true }),
  fn('APPLY', 1, 2, apply, { ...VOLATILE, async: true }),
  fn('CURRENT_DATABASE', 0, 0, (ctx) => ctx.env.database, PER_QUERY),
  fn('CURRENT_USER', 0, 0, (ctx) => (ctx.env.user === '' ? null : ctx.env.user), PER_QUERY),
  fn('VERSION', 0, 0, () => ARANGO_VERSION, PER_QUERY),
  fn('HASH', 1, 1, hash),
  // at least one argument, as AqlFunctionFeature registers them (".|+")
  fn('NOT_NULL', 1, Infinity, firstWhere((v) => v !== null)),
  fn('FIRST_LIST', 1, Infinity, firstWhere((v) => Array.isArray(v))),
  fn('FIRST_DOCUMENT', 1, Infinity, firstWhere((v) => isObject(v))),
  fn('DECODE_REV', 1, 1, decodeRev),
  // JavaScript objects cannot hold a name twice, so every object is a valid document.
  fn('CHECK_DOCUMENT', 1, 1, (_ctx, [value]) => isObject(value), VOLATILE),
];
