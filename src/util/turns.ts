// A fair share of the event loop for long-running work (queries, index builds, purges).
// Work that has run for its slice calls `nextTurn()`; waiters are resumed one per
// event-loop iteration, in the order they asked, so that between two slices of heavy
// work the loop always gets back to its I/O phase and serves requests.
//
// Why not a plain `setImmediate` per worker: every worker that yields in one iteration is
// resumed in the same check phase, so with four heavy queries the loop would run four
// slices back to back before it looks at a socket again; a request that needs a few
// iterations (read, parse, respond) then waits many slices. Here it waits at most one
// slice per iteration, however many queries run.
//
// Invariants:
//   1. At most one waiter is resumed per event-loop iteration (one setImmediate is queued
//      at a time, and each resumes exactly one waiter).
//   2. Waiters are resumed in FIFO order, so no waiter starves.

const waiting: (() => void)[] = [];
let queued = false;

function resumeOne(): void {
  queued = false;
  const next = waiting.shift();
  if (waiting.length > 0) queue();
  next?.();
}

function queue(): void {
  if (queued) return;
  queued = true;
  setImmediate(resumeOne);
}

/** Resolves in a later event-loop iteration, after every earlier caller had its turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    queue();
  });
}
