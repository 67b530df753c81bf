// The worker thread that runs JavaScript transactions' actions (js-transactions.ts owns
// it). Each action gets a vm context of its own with the library of js-sandbox.ts; the
// worker itself keeps nothing between actions, so it can be reused.
//
// The action runs synchronously, as in ArangoDB; each database operation it makes is
// posted to the main thread on the run's MessagePort, and the worker blocks on
// Atomics.wait until the main thread has answered on the port and notified the run's flag
// (then the answer is taken with receiveMessageOnPort). Cancelling an action is
// Worker.terminate(), which also ends an Atomics.wait.
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import vm from 'node:vm';
import { SANDBOX_LIB } from './js-sandbox.js';

/** What the main thread sends for one action. */
export interface RunMessage {
  kind: 'run';
  database: string;
  /** `action`: a function expression called with params (a transaction's action); `body`: a function body over `params` (a server task's command). */
  mode: 'action' | 'body';
  /** The source (already checked to compile). */
  action: string;
  /** JSON of `params`, or undefined. */
  params: string | undefined;
  /** ArangoDB's error table, NAME -> { code, message }. */
  errors: Record<string, { code: number; message: string }>;
  port: MessagePort;
  /** Int32 slot 0: set to 1 by the main thread when an answer was posted on `port`. */
  flag: SharedArrayBuffer;
}

/** What the worker posts back (on parentPort). */
export type WorkerReply =
  | { kind: 'log'; text: string }
  | { kind: 'done'; ok: true; json: string | undefined }
  | { kind: 'done'; ok: false; errorNum: number; message: string };

/** ArangoDB's reading of a thrown value (extractArangoError, with 1650 for what it does not know). */
function describe(e: unknown): { errorNum: number; message: string } {
  const INTERNAL = 1650;
  if (typeof e === 'string') return { errorNum: INTERNAL, message: e };
  if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return { errorNum: INTERNAL, message: String(e) };
  const o = e as Record<string, unknown>;
  const has = (k: string) => k in o;
  const num = has('errorNum') ? Math.trunc(Number(o.errorNum)) || 0 : undefined;
  if (num !== undefined && (has('errorMessage') || has('message'))) {
    return { errorNum: num, message: String(has('errorMessage') ? o.errorMessage : o.message) };
  }
  if (has('name') && has('message')) {
    if (String(o.name) === 'TypeError') return { errorNum: 17, message: String(o.message) };
    return { errorNum: num ?? INTERNAL, message: `${String(o.name)}: ${String(o.message)}` };
  }
  return { errorNum: INTERNAL, message: 'an unknown error occured while executing the transaction' };
}

function run(m: RunMessage): WorkerReply {
  const flag = new Int32Array(m.flag);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const port = m.port;
  // a global object without a prototype: `this.constructor.constructor` would otherwise
  // be the worker's own Function (vm is no security boundary; this only closes the
  // commonest way out of the context)
  const context = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: true, wasm: false } });
  const host = context as Record<string, unknown>;
  host.__call = (method: string, path: string, body: string | undefined, rev: string | undefined): string => {
    port.postMessage({ method, path, body, rev });
    Atomics.wait(flag, 0, 0);
    Atomics.store(flag, 0, 0);
    // the answer was posted before the flag was raised, but under load it has been seen to
    // reach the port's queue a moment after the wake-up (1 in about 10,000): look again
    let answer = receiveMessageOnPort(port);
    for (let waited = 0; !answer && waited < 60_000; waited++) {
      Atomics.wait(flag, 0, 0, 1);
      answer = receiveMessageOnPort(port);
    }
    if (!answer) throw new Error('no answer from the server');
    return answer.message as string;
  };
  host.__wait = (seconds: number): void => {
    Atomics.wait(sleeper, 0, 0, seconds * 1000);
  };
  host.__log = (text: string): void => parentPort?.postMessage({ kind: 'log', text } satisfies WorkerReply);
  host.__database = m.database;
  host.__errors = m.errors;
  vm.runInContext(SANDBOX_LIB, context, { filename: 'arangodb' });
  for (const k of ['__call', '__wait', '__log', '__database', '__errors']) delete host[k];
  try {
    const parse = vm.runInContext('(t) => (t === undefined ? undefined : JSON.parse(t))', context) as (t: string | undefined) => unknown;
    const params = parse(m.params);
    const Fn = vm.runInContext('Function', context) as FunctionConstructor;
    const action = new Fn('params', m.mode === 'action' ? `return (${m.action})(params);` : m.action) as (p: unknown) => unknown;
    const result = action(params);
    return { kind: 'done', ok: true, json: result === undefined ? undefined : JSON.stringify(result) };
  } catch (e) {
    return { kind: 'done', ok: false, ...describe(e) };
  }
}

parentPort?.on('message', (m: RunMessage) => {
  let reply: WorkerReply;
  try {
    reply = run(m);
  } catch (e) {
    reply = { kind: 'done', ok: false, ...describe(e) };
  }
  m.port.close();
  parentPort?.postMessage(reply);
});
