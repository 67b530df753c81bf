// The user-function sandbox: this file runs in a worker thread of its own (sandbox.ts
// starts it) and nowhere else. It holds one vm context per database, compiles the
// database's functions into it and runs them, one request at a time, answering the main
// thread over a MessagePort it reads synchronously (the main thread waits on a shared
// flag, with a timeout, so a call that never ends is cut off by terminating this thread).
// User code sees only its context: the globals ArangoDB gives user functions
// (AQL_WARNING, a `require` offering '@arangodb'/'internal' errors and 'util'.format, a
// silent console) and values built inside the context. Nothing of this thread's own realm
// is ever handed to it, and it can reach nothing of Cairn's: that is in another isolate.
//
// Protocol (one reply per request, posted before flag[1] is raised):
//   { op: 'load', key, functions: [{ name, code }] } -> { ok: true, broken: string[] }
//   { op: 'call', key, name, args }                  -> { out } | { missing: true }
//   { op: 'check', code }                            -> { ok: true } | { error }
//   { op: 'drop', key }                              -> { ok: true }
// `args` and `out` are JSON texts: out is {r: value} or {e: error text}, with w: warnings.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import vm from 'node:vm';

interface Loaded {
  invoke: (name: string, args: string) => string;
  /** Functions whose stored code does not evaluate to a function. */
  broken: Set<string>;
  names: Set<string>;
}

type Request =
  | { op: 'load'; key: string; functions: { name: string; code: string }[] }
  | { op: 'call'; key: string; name: string; args: string }
  | { op: 'check'; code: string }
  | { op: 'drop'; key: string };

/** Reads of the request flag before sleeping on it (as sandbox.ts's SPINS). */
const SPINS = 20_000;

/** The file name of the prelude; its frames are cut from the stacks users see. */
const PRELUDE_FILE = 'aql-user-function-runtime';

/**
 * Runs first in every context (strict mode, before any user code): keeps its own
 * references to the builtins it needs, so user code replacing JSON or Object later cannot
 * change how values cross. Returns { define, invoke } (context objects, called from here
 * with strings only). FIX_VALUE and AQL_TO_STRING are ArangoDB's (js/server/modules/
 * @arangodb/aql.js): undefined, NaN, Infinity, functions and other non-JSON values become
 * null; an object keeps its own enumerable attributes that are not functions.
 */
const PRELUDE = `(function (errorsJson) {
  'use strict';
  const PRELUDE_MARK = '(${PRELUDE_FILE}:';
  const parse = JSON.parse, stringify = JSON.stringify, keys = Object.keys, isArray = Array.isArray;
  const apply = Reflect.apply, toStr = String, toNum = Number, trunc = Math.trunc, isNan = Number.isNaN, isFin = Number.isFinite;
  const mapGet = Map.prototype.get, mapSet = Map.prototype.set, has = Object.prototype.hasOwnProperty;
  const functions = new Map();
  let warnings = [];
  const errors = parse(errorsJson);

  function fix(value) {
    const type = typeof value;
    if (value === undefined || value === null || (type === 'number' && (isNan(value) || !isFin(value)))) return null;
    if (type === 'boolean' || type === 'string' || type === 'number') return value;
    if (isArray(value)) {
      const out = [];
      for (let i = 0; i < value.length; i++) out[i] = fix(value[i]);
      return out;
    }
    if (type === 'object') {
      const out = {};
      for (const k of keys(value)) if (typeof value[k] !== 'function') out[k] = fix(value[k]);
      return out;
    }
    return null;
  }

  function aqlToString(value) {
    if (value === undefined || value === null || (typeof value === 'number' && !isFin(value))) return '';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return toStr(value);
    if (typeof value === 'object') return stringify(value);
    return toStr(value);
  }

  // ArangoDB's AQL_TO_STRING(err.stack || String(err)); the frames from this prelude on
  // (the sandbox's own) are cut from a stack
  function describe(err) {
    try {
      const text = aqlToString((err !== null && err !== undefined && err.stack) || toStr(err));
      const own = text.indexOf(PRELUDE_MARK);
      if (own < 0) return text;
      const line = text.lastIndexOf('\\n', own);
      return line < 0 ? text : text.slice(0, line);
    } catch (e) {
      return 'exception';
    }
  }

  function AQL_WARNING(code, message) {
    if (arguments.length !== 2) throw new Error('usage: AQL_WARNING(<code>, <message>)');
    const n = trunc(toNum(code));
    warnings[warnings.length] = { code: isFin(n) ? n : 0, message: toStr(message) };
  }

  function format(fmt, ...args) {
    if (typeof fmt !== 'string') return [fmt, ...args].map((a) => (typeof a === 'string' ? a : stringify(a))).join(' ');
    let i = 0;
    let out = fmt.replace(/%[sdifjoO%]/g, (m) => {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (m) {
        case '%s': return typeof a === 'string' ? a : typeof a === 'object' && a !== null ? stringify(a) : toStr(a);
        case '%d': return toStr(typeof a === 'object' ? NaN : toNum(a));
        case '%i': return toStr(parseInt(a, 10));
        case '%f': return toStr(parseFloat(a));
        default: return stringify(a);
      }
    });
    for (; i < args.length; i++) out += ' ' + (typeof args[i] === 'string' ? args[i] : stringify(args[i]));
    return out;
  }

  const modules = { '@arangodb': { errors }, internal: { errors }, util: { format } };
  function require(name) {
    const id = toStr(name);
    if (!apply(has, modules, [id])) throw new Error("cannot locate module '" + id + "'");
    return modules[id];
  }
  const quiet = () => undefined;
  globalThis.AQL_WARNING = AQL_WARNING;
  globalThis.require = require;
  globalThis.console = { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet };

  return {
    define(name, fn) { apply(mapSet, functions, [name, fn]); },
    invoke(name, argsJson) {
      warnings = [];
      let out;
      try {
        out = { r: fix(apply(apply(mapGet, functions, [name]), { name }, parse(argsJson))) };
      } catch (err) {
        out = { e: describe(err) };
      }
      out.w = warnings;
      warnings = [];
      try {
        return stringify(out);
      } catch (err) {
        return stringify({ e: describe(err), w: out.w });
      }
    },
  };
})`;

const port = workerData.port as MessagePort;
const flags = new Int32Array(workerData.control as SharedArrayBuffer);
const errorsJson = workerData.errors as string;
const prelude = new vm.Script(PRELUDE, { filename: PRELUDE_FILE });
const contexts = new Map<string, Loaded>();

/** ArangoDB's reloadUserFunctions: `(function ...` runs as it is, anything else is wrapped. */
function loadable(code: string): string {
  return /^\(?function\s+\(/.test(code) ? code : `(function() { var callback = ${code};\n return callback; })();`;
}

/**
 * A fresh context. Its global is backed by an object without a prototype: one made here
 * would carry this realm's Object, and `globalThis.constructor.constructor('return
 * process')()` (or `this` in sloppy code) would reach this thread's process.
 */
function newContext(): vm.Context {
  return vm.createContext(Object.create(null) as object, { codeGeneration: { strings: true, wasm: false } });
}

function load(key: string, functions: { name: string; code: string }[]): Loaded {
  const context = newContext();
  const api = (prelude.runInContext(context) as (errors: string) => { define(name: string, fn: unknown): void; invoke(name: string, args: string): string })(errorsJson);
  const loaded: Loaded = { invoke: (name, args) => api.invoke(name, args), broken: new Set(), names: new Set() };
  for (const f of functions) {
    loaded.names.add(f.name);
    try {
      const fn = vm.runInContext(loadable(f.code), context, { filename: `(user function ${f.name})` }) as unknown;
      if (typeof fn === 'function') api.define(f.name, fn);
      else loaded.broken.add(f.name);
    } catch {
      // one broken function leaves the others usable (as in ArangoDB); calling it fails
      loaded.broken.add(f.name);
    }
  }
  contexts.set(key, loaded);
  return loaded;
}

/**
 * The text ArangoDB's TRI_StringifyV8Exception gives for what registering `code` threw:
 * file, line and column, the source line with a caret under the error, and the stack.
 */
function describeCheckError(err: unknown, source: string): string {
  const isError = typeof err === 'object' && err !== null && typeof (err as Error).stack === 'string';
  const text = isError ? `${(err as Error).name}: ${(err as Error).message}` : String(err);
  const stack = isError ? (err as Error).stack! : '';
  // A SyntaxError from compiling carries Node's arrow: "file:line\n<source>\n<caret>\n\n<Name>: <msg>"
  const arrow = /^userFunction:(\d+)\n([^\n]*)\n( *)(\^+)\n/.exec(stack);
  if (arrow) {
    const [, line, src, pad, carets] = arrow;
    return `JavaScript exception in file 'userFunction' at ${line},${pad!.length + 1}: ${text}\n!${src}\n!${pad}${carets}\nstacktrace: ${text}\n`;
  }
  const at = /\n    at (?:[^\n]*\()?userFunction:(\d+):(\d+)\)?/.exec(stack);
  if (!at) return `JavaScript exception: ${text}\n`;
  const line = Number(at[1]);
  const col = Number(at[2]);
  const src = source.split('\n')[line - 1] ?? '';
  const frames = stack.split('\n').filter((l, i) => i === 0 || l.includes('userFunction:'));
  return `JavaScript exception in file 'userFunction' at ${line},${col}: ${text}\n!${src}\n!${' '.repeat(col - 1)}^\nstacktrace: ${frames.join('\n')}\n`;
}

/** ArangoDB's registration test: the code must evaluate to a function (in a context of its own). */
function check(code: string): { ok: true } | { error: string } {
  const source = `(function() { var callback = ${code}; return callback; })()`;
  try {
    const result = vm.runInContext(source, newContext(), { filename: 'userFunction' }) as unknown;
    return typeof result === 'function' ? { ok: true } : { error: '' };
  } catch (err) {
    try {
      return { error: describeCheckError(err, source) };
    } catch {
      // what was thrown would not even turn into a string
      return { error: 'JavaScript exception\n' };
    }
  }
}

function handle(req: Request): unknown {
  switch (req.op) {
    case 'load': {
      const l = load(req.key, req.functions);
      return { ok: true, broken: [...l.broken] };
    }
    case 'call': {
      const l = contexts.get(req.key);
      if (!l || !l.names.has(req.name)) return { missing: true };
      if (l.broken.has(req.name)) return { broken: true };
      return { out: l.invoke(req.name, req.args) };
    }
    case 'check':
      return check(req.code);
    case 'drop':
      contexts.delete(req.key);
      return { ok: true };
  }
}

// Ready; then one request at a time, for as long as the thread lives.
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
for (;;) {
  // a query calling a function row by row sends the next request within microseconds:
  // spinning a little first saves being put to sleep and woken (sandbox.ts)
  for (let i = 0; i < SPINS && Atomics.load(flags, 0) === 0; i++);
  if (Atomics.load(flags, 0) === 0) Atomics.wait(flags, 0, 0);
  Atomics.store(flags, 0, 0);
  const m = receiveMessageOnPort(port);
  let reply: unknown;
  try {
    reply = m ? handle(m.message as Request) : { error: 'no request' };
  } catch (err) {
    reply = { failure: String(err) };
  }
  port.postMessage(reply);
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
}
