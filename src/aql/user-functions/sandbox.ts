// The main thread's end of the user-function sandbox (worker.ts): starts the worker
// thread on first use, sends it one request at a time and waits for the answer
// synchronously, up to a time limit. A request that outlasts its limit (a function that
// loops, or one that ran the worker out of memory) terminates the worker; the next
// request starts a new one, which holds nothing until the registry loads it again
// (`generation` tells the registry that happened).
//
// Why a worker and not vm's own `timeout`: vm starts a watchdog thread for every run
// with a timeout, about 110 us per call on the development machine; a call through this
// worker costs 5-7 us, because both sides first spin briefly on the shared flag before
// they sleep on it (sleeping and being woken alone made it 30-40 us a call). The worker
// is also a separate isolate with its own heap limit, so user code can neither reach
// Cairn's objects nor exhaust the server's memory.
//
// States:  idle -> running [ensure()]  running -> idle [kill(): timeout, failure; close()]
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** How long starting the worker may take before the request that needed it fails. */
const START_MS = 10_000;
/** The worker's heap limit (ArangoDB gives its V8 contexts 512 MB by default). */
const HEAP_MB = 512;
/** Reads of the flag before sleeping on it (tens of microseconds; see the top of this file). */
export const SPINS = 20_000;

/** A request that did not finish within its limit; the worker has been terminated. */
export class SandboxTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

interface Running {
  worker: Worker;
  port: MessagePort;
  flags: Int32Array;
}

export class Sandbox {
  private running: Running | undefined;
  /**
   * Raised whenever the worker is let go (killed, died, closed): what was loaded into it
   * is gone, and the next request starts an empty one.
   */
  generation = 0;

  constructor(private readonly errorsJson: string) {}

  /**
   * Sends `msg` and returns the worker's answer. Blocks the calling thread for up to
   * `timeoutMs`; throws SandboxTimeout past it (or Error when the worker cannot start).
   */
  request(msg: unknown, timeoutMs: number): Record<string, unknown> {
    const r = this.ensure();
    r.port.postMessage(msg);
    Atomics.store(r.flags, 1, 0);
    Atomics.store(r.flags, 0, 1);
    Atomics.notify(r.flags, 0);
    for (let i = 0; i < SPINS && Atomics.load(r.flags, 1) === 0; i++);
    if (Atomics.load(r.flags, 1) === 0 && Atomics.wait(r.flags, 1, 0, timeoutMs) === 'timed-out') {
      this.kill();
      throw new SandboxTimeout(timeoutMs);
    }
    let reply = receiveMessageOnPort(r.port);
    // the worker posts its answer before it raises the flag, yet under load the message
    // has (rarely, about once in 3,000 queries here) not reached this side of the channel
    // when the flag is seen: give it up to 100 ms before calling the answer lost
    for (let i = 0; !reply && i < 100; i++) {
      Atomics.wait(r.flags, 2, 0, 1);
      reply = receiveMessageOnPort(r.port);
    }
    if (!reply) {
      this.kill();
      throw new Error('the user function sandbox gave no answer');
    }
    const answer = reply.message as Record<string, unknown>;
    if ('failure' in answer) throw new Error(`the user function sandbox failed: ${String(answer.failure)}`);
    return answer;
  }

  /** Terminates the worker (if any) and waits for it to end. */
  async close(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    this.generation++;
    if (r) await r.worker.terminate();
  }

  private ensure(): Running {
    if (this.running) return this.running;
    // [0] request ready, [1] answer ready, [2] always 0: a 1 ms sleep while an answer is in transit
    const control = new SharedArrayBuffer(12);
    const flags = new Int32Array(control);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { port: port2, control, errors: this.errorsJson },
      transferList: [port2],
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      stdout: true,
      stderr: true,
    });
    // never keeps the process alive; a worker that died is replaced at the next request
    worker.unref();
    const running: Running = { worker, port: port1, flags };
    const forget = (): void => {
      if (this.running !== running) return;
      this.running = undefined;
      this.generation++;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    if (Atomics.wait(flags, 1, 0, START_MS) === 'timed-out') {
      void worker.terminate();
      throw new Error('the user function sandbox did not start');
    }
    this.running = running;
    return running;
  }

  private kill(): void {
    const r = this.running;
    this.running = undefined;
    this.generation++;
    if (r) void r.worker.terminate();
  }
}
