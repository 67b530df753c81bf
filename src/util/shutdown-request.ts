// A request to stop the whole server from inside it (DELETE /_admin/shutdown). The route
// only asks; whoever owns the process decides how to stop it: main.ts runs the same clean
// stop as SIGTERM and exits 0, a Server without an owner's handler closes itself.
//
// Invariants:
//   1. request() hands the reason to the handler at most once per process lifetime;
//      later requests only report that a stop is already under way.
//   2. The handler runs on a later turn of the event loop, never inside the request that
//      asked, so that request's reply is written before the server stops accepting.

export type ShutdownHandler = (reason: string) => void;

export class ShutdownRequest {
  private handler: ShutdownHandler | undefined;
  private asked = false;

  /** Sets the function that stops the server (the last one set wins). */
  onRequest(handler: ShutdownHandler): void {
    this.handler = handler;
  }

  /** Whether a stop was requested. */
  get requested(): boolean {
    return this.asked;
  }

  /** Asks for a stop; returns false when one was asked for already (nothing more happens). */
  request(reason: string): boolean {
    if (this.asked) return false;
    this.asked = true;
    setImmediate(() => this.handler?.(reason));
    return true;
  }
}
