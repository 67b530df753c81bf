// Aborting work when any of several signals aborts, without AbortSignal.any: on Node 20
// each AbortSignal.any call costs about 15 us (it tracks its dependants with WeakRefs),
// which the profile of a small cursor request showed as a tenth of its CPU. Here it is a
// listener per source, removed by the returned release function, so a long-lived source
// (the server's shutdown signal) keeps no reference to short-lived work.
//
// Where only a function has to run (a query to abort), callbacks take the place of an
// AbortController: creating one (with its signal) costs about 3 us, and a small query
// over HTTP went through four.

/** Registers a function called once with the reason when some source aborts; returns its release. */
export type AbortHook = (abort: (reason: unknown) => void) => () => void;

/**
 * Calls `abort` (with the source's reason) as soon as one of `sources` aborts, at once if
 * one already has. Call the returned function when the work is over.
 */
export function onAnyAbort(sources: readonly (AbortSignal | undefined)[], abort: (reason: unknown) => void): () => void {
  const listening: [AbortSignal, () => void][] = [];
  const release = (): void => {
    for (const [s, onAbort] of listening) s.removeEventListener('abort', onAbort);
    listening.length = 0;
  };
  for (const s of sources) {
    if (!s) continue;
    if (s.aborted) {
      release();
      abort(s.reason);
      break;
    }
    const onAbort = (): void => {
      release();
      abort(s.reason);
    };
    s.addEventListener('abort', onAbort, { once: true });
    listening.push([s, onAbort]);
  }
  return release;
}

/** What polling an abort needs (an AbortSignal is one). */
export interface AbortState {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/**
 * An abort that builds its AbortSignal only when something asks for it (a function that
 * waits, such as SLEEP): most queries only poll `aborted`, and an AbortController costs
 * about 3 us to create. The first abort() wins.
 */
export class LazyAbort implements AbortState {
  private controller: AbortController | undefined;
  private why: { reason: unknown } | undefined;

  get aborted(): boolean {
    return this.why !== undefined;
  }

  get reason(): unknown {
    return this.why?.reason;
  }

  abort(reason: unknown): void {
    if (this.why) return;
    this.why = { reason };
    this.controller?.abort(reason);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.why) this.controller.abort(this.why.reason);
    }
    return this.controller.signal;
  }
}
