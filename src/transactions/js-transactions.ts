// JavaScript transactions (POST /_api/transaction with an `action`), answered as ArangoDB's
// RestTransactionHandler and executeTransactionJS answer them.
//
// A JavaScript transaction is a stream transaction of the registry (registry.ts), begun
// `internal` so no client sees or ends it, with the collections the body declares; its
// action runs in a worker thread (js-worker.ts) in a vm context of its own, and each
// database operation the action makes is a request to Cairn's own HTTP API carrying the
// transaction's id (the route supplies `exec`). So the action reads its own writes,
// nobody sees them before the commit, and they are committed in one LMDB transaction
// when the action returns, or dropped when it throws.
//
// Invariants:
//  1. The body is checked, and the action compiled, before the transaction begins (a
//     malformed action is 400/10 even when a collection is unknown, as in ArangoDB).
//  2. Whatever ends the run (a return, a throw, a cancel, the worker's death, shutdown),
//     the transaction is committed or aborted exactly once and the worker is either idle
//     again or terminated.
//  3. Cancelling (the request's abort: its job cancelled, its client gone, shutdown)
//     terminates the worker at once, even inside an endless loop or a wait, and aborts
//     the transaction; nothing of it is committed.
//  4. At most `maxWorkers` actions run at a time; more wait for a worker.
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import vm from 'node:vm';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { TransactionRegistry } from './registry.js';
import type { RunMessage, WorkerReply } from './js-worker.js';

/** One database operation of an action: a request to the database's HTTP API. */
export interface JsRequest {
  method: string;
  /** Path with query string, under /_db/<database>. */
  path: string;
  body: string | undefined;
  /** A selector's revision, sent as If-Match. */
  rev: string | undefined;
}

/** Runs one operation (inside transaction `trxId` when given); answers `<status>\n<body>`. */
export type Exec = (req: JsRequest, trxId?: string) => Promise<string>;

export interface JsTransactionBody {
  read: string[];
  write: string[];
  exclusive: string[];
  allowImplicit: boolean;
  waitForSync: boolean;
  /** Seconds a begin waits for its collections' locks (undefined: ArangoDB's default). */
  lockTimeout: number | undefined;
  /** Bytes its writes may put in its buffer (undefined: no limit), as for stream transactions. */
  maxTransactionSize: number | undefined;
  action: string;
  params: string | undefined;
}

const bad = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ACTION_ERROR = 'missing/invalid action definition for transaction';

/** The body, checked in executeTransactionJS's order, with its messages (invariant 1). */
export function parseJsTransaction(body: unknown): JsTransactionBody {
  if (!isObject(body)) throw bad('expecting object input data');
  if ('lockTimeout' in body && typeof body.lockTimeout !== 'number') throw bad('<lockTimeout> must be a valid numeric value');
  if ('waitForSync' in body && typeof body.waitForSync !== 'boolean') throw bad('<waitForSync> must be a boolean value');
  if (typeof body.lockTimeout === 'number' && body.lockTimeout < 0) throw bad('<lockTimeout> needs to be positive');
  const c = body.collections;
  if (typeof c !== 'object' || c === null) throw bad('missing/invalid collections definition for transaction');
  const cols = c as Record<string, unknown>;
  let error = 'invalid collection definition for transaction: ';
  const names = (attr: string): string[] => {
    if (!(attr in cols)) return [];
    const v = cols[attr];
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (typeof x !== 'string') {
          error += ` Collection name #${i} in array '${attr}' is not a string`;
          throw bad(error);
        }
      });
      return v as string[];
    }
    if (typeof v === 'string') return [v];
    error += ` There is no array in '${attr}'`;
    throw bad(error);
  };
  const read = names('read');
  const write = names('write');
  const exclusive = names('exclusive');
  const allowImplicit = 'allowImplicit' in cols ? Boolean(cols.allowImplicit) && cols.allowImplicit !== 0 : body.allowImplicit !== false;
  if (!('action' in body)) throw bad(ACTION_ERROR);
  const action = body.action;
  if (typeof action !== 'string') throw bad(ACTION_ERROR);
  try {
    // what `Function('params', 'return (' + action + ')(params);')` compiles; compiled only, never run
    new vm.Script(`(function anonymous(params\n) {\nreturn (${action})(params);\n})`, { filename: 'userTransactionSource' });
  } catch (e) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw bad(`${ACTION_ERROR} - Uncaught ${what} - ${what}`);
  }
  return {
    read,
    write,
    exclusive,
    allowImplicit,
    waitForSync: body.waitForSync === true,
    lockTimeout: typeof body.lockTimeout === 'number' ? body.lockTimeout : undefined,
    // transaction::Options::fromVelocyPack reads it from the body when it is a number
    maxTransactionSize: typeof body.maxTransactionSize === 'number' && body.maxTransactionSize >= 0 ? body.maxTransactionSize : undefined,
    action,
    params: 'params' in body && body.params !== undefined ? JSON.stringify(body.params) : undefined,
  };
}

/** ArangoDB's error table as the action's `require('@arangodb').errors` shows it. */
function errorTable(): Record<string, { code: number; message: string }> {
  const out: Record<string, { code: number; message: string }> = {};
  for (const [name, d] of Object.entries(ERR)) out[name] = { code: d.errorNum, message: d.message };
  return out;
}

/** What an action threw, as the ArangoError that ends its request (the errorNum with its status; 500 when unknown). */
function thrown(outcome: { errorNum: number; message: string }): ArangoError {
  const status = STATUS.get(outcome.errorNum) ?? ERR.ERROR_TRANSACTION_INTERNAL.status;
  return ArangoError.withMessage({ errorNum: outcome.errorNum, status, message: outcome.message }, outcome.message);
}

/** HTTP status of an errorNum the action threw (500 for numbers Cairn does not know). */
const STATUS = new Map<number, number>();
for (const d of Object.values(ERR)) if (!STATUS.has(d.errorNum)) STATUS.set(d.errorNum, d.status);

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class JsTransactions {
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private readonly waiting: ((s: Slot) => void)[] = [];
  private readonly errors = errorTable();
  private closed = false;

  constructor(
    private readonly registry: TransactionRegistry,
    private readonly log: (msg: string) => void,
    private readonly maxWorkers = 4,
    /** Idle workers kept for the next actions. */
    private readonly keepIdle = 1,
  ) {}

  /**
   * Runs the transaction to its end: the action's JSON result (undefined for none) once
   * committed, or the ArangoError that ended it (invariants 2 and 3).
   */
  async run(opts: { database: string; user: string; body: JsTransactionBody; exec: Exec; onAbort: (abort: (reason: unknown) => void) => () => void }): Promise<string | undefined> {
    const { database, user, body, exec } = opts;
    const t = await this.registry.begin(database, user, { collections: { read: body.read, write: body.write, exclusive: body.exclusive }, allowImplicit: body.allowImplicit, waitForSync: body.waitForSync, lockTimeout: body.lockTimeout, maxTransactionSize: body.maxTransactionSize }, true);
    try {
      const outcome = await this.execute({
        database,
        label: `JavaScript transaction ${t.id}`,
        source: body.action,
        mode: 'action',
        params: body.params,
        exec: (req) => exec(req, t.id),
        onAbort: opts.onAbort,
        watch: (stop) => this.registry.watch(t, stop),
      });
      if (!outcome.ok) throw thrown(outcome);
      await this.registry.commit(database, t.id, true);
      return outcome.json;
    } finally {
      if (t.status === 'running') await this.registry.abort(database, t.id, true).catch(() => undefined);
    }
  }

  /**
   * Runs a server task's command (js-tasks.ts): `source` is a function body over `params`,
   * each database operation its own (no transaction). Resolves with what it returned, or
   * rejects with what it threw, as an ArangoError.
   */
  async runTask(opts: { database: string; label: string; source: string; params: string | undefined; exec: Exec; onAbort: (abort: (reason: unknown) => void) => () => void }): Promise<string | undefined> {
    const outcome = await this.execute({ ...opts, mode: 'body', exec: (req) => opts.exec(req) });
    if (!outcome.ok) throw thrown(outcome);
    return outcome.json;
  }

  /** One run in a worker, from acquiring it to its outcome (invariants 2-4). */
  private async execute(opts: {
    database: string;
    label: string;
    source: string;
    mode: RunMessage['mode'];
    params: string | undefined;
    exec: (req: JsRequest) => Promise<string>;
    onAbort: (abort: (reason: unknown) => void) => () => void;
    watch?: (stop: (reason: unknown) => void) => () => void;
  }): Promise<WorkerReply & { kind: 'done' }> {
    let slot: Slot | undefined;
    let done = false;
    try {
      slot = await this.acquire();
      const worker = slot.worker;
      const outcome = await new Promise<WorkerReply & { kind: 'done' }>((resolve, reject) => {
        const { port1, port2 } = new MessageChannel();
        const flag = new SharedArrayBuffer(4);
        const flagView = new Int32Array(flag);
        const stop = (reason: unknown): void => {
          if (done) return;
          done = true;
          cleanup();
          if (slot) this.kill(slot);
          reject(reason);
        };
        const unwatch = opts.watch?.(stop) ?? (() => undefined);
        const unAbort = opts.onAbort(stop);
        const onMessage = (m: WorkerReply): void => {
          if (m.kind === 'log') {
            this.log(`${opts.label}: ${m.text}`);
            return;
          }
          if (done) return;
          done = true;
          cleanup();
          resolve(m);
        };
        const onExit = (): void => stop(ArangoError.withMessage(ERR.ERROR_INTERNAL, `${opts.label} ended unexpectedly`));
        const onError = (e: unknown): void => stop(ArangoError.withMessage(ERR.ERROR_INTERNAL, `${opts.label} failed: ${e instanceof Error ? e.message : String(e)}`));
        const cleanup = (): void => {
          unwatch();
          unAbort();
          worker.off('message', onMessage);
          worker.off('exit', onExit);
          worker.off('error', onError);
          port1.close();
        };
        port1.on('message', (req: JsRequest) => {
          opts
            .exec(req)
            .then(
              (answer) => answer,
              (e: unknown) => `500\n${JSON.stringify({ error: true, code: 500, errorNum: 4, errorMessage: e instanceof Error ? e.message : String(e) })}`,
            )
            .then((answer) => {
              if (done) return;
              port1.postMessage(answer);
              Atomics.store(flagView, 0, 1);
              Atomics.notify(flagView, 0);
            });
        });
        worker.on('message', onMessage);
        worker.once('exit', onExit);
        worker.once('error', onError);
        const msg: RunMessage = { kind: 'run', database: opts.database, mode: opts.mode, action: opts.source, params: opts.params, errors: this.errors, port: port2, flag };
        worker.postMessage(msg, [port2 as MessagePort]);
      });
      this.release(slot);
      slot = undefined;
      return outcome;
    } finally {
      if (slot && !done) this.kill(slot);
    }
  }

  /** Workers now (/_admin/metrics, as ArangoDB's V8 context gauges): alive, running an action, idle, and the most. */
  get workers(): { alive: number; busy: number; free: number; max: number } {
    return { alive: this.all.size, busy: this.all.size - this.idle.length, free: this.idle.length, max: this.maxWorkers };
  }

  /** Terminates every worker (shutdown); running actions end as cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((s) => s.worker.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new ArangoError(ERR.ERROR_SHUTTING_DOWN));
    const s = this.idle.pop();
    if (s) {
      s.busy = true;
      return Promise.resolve(s);
    }
    if (this.all.size < this.maxWorkers) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private spawn(): Slot {
    // a runaway action's heap ends its worker (the transaction then fails with 500/4), not the server
    const worker = new Worker(new URL('./js-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.unref();
    const s: Slot = { worker, busy: true };
    this.all.add(s);
    worker.once('exit', () => this.forget(s));
    return s;
  }

  private release(s: Slot): void {
    const next = this.waiting.shift();
    if (next) {
      next(s);
      return;
    }
    s.busy = false;
    if (this.idle.length < this.keepIdle) this.idle.push(s);
    else {
      this.all.delete(s);
      void s.worker.terminate();
    }
  }

  /** A worker that must not run anything more (cancelled, or broken). */
  private kill(s: Slot): void {
    this.forget(s);
    void s.worker.terminate();
  }

  private forget(s: Slot): void {
    if (!this.all.delete(s)) return;
    const i = this.idle.indexOf(s);
    if (i >= 0) this.idle.splice(i, 1);
    // a waiting action gets a new worker in its place
    const next = this.waiting.shift();
    if (next && !this.closed) next(this.spawn());
  }
}
