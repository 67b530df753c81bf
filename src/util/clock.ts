// The one clock. Production code asks it for the time; tests swap in a manual clock
// to expire things without sleeping.
export interface Clock {
  now(): number; // epoch milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };
