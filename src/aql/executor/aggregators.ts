// COLLECT ... AGGREGATE: one aggregator per group and aggregate. LENGTH, MIN, MAX, SUM and
// AVERAGE fold each value as it comes, in constant memory, as ArangoDB's aggregators do;
// every other kind keeps its values and calls the function of the same name at the end.
//
// Invariant: an aggregator's result equals the AQL function of its name applied to the
// array of every value it was given, in order (test/aql/aggregators.test.ts), but without
// its warnings: ArangoDB's aggregators (arangod/Aql/Aggregator.cpp) have no way to warn,
// an invalid input just makes SUM or AVERAGE null. SUM and AVERAGE keep the first value
// that is neither null nor a number: with it, the function's answer no longer depends on
// the other values, so the result is that function applied to [that value] (null).
// One exception to the invariant: SUM given no value at all (a COLLECT without groups
// over no rows) is null, not SUM([]) = 0, as ArangoDB's AggregatorSum answers when it
// was never invoked.
import { callFunction, type FunctionContext } from '../functions/index.js';
import { type AqlValue, compare } from '../../values/index.js';

export interface Aggregator {
  add(v: AqlValue): void;
  /** LENGTH only: `n` rows at once (a counted COLLECT). */
  addCount?(n: number): void;
  result(fn: FunctionContext): AqlValue;
  /** True when it keeps every value (its memory grows with its input), false when it folds. */
  readonly keeps: boolean;
}

class Length implements Aggregator {
  readonly keeps = false;
  private n = 0;
  add(): void {
    this.n++;
  }
  addCount(n: number): void {
    this.n += n;
  }
  result(): AqlValue {
    return this.n;
  }
}

/** MIN ignores null; MAX does not need to (null is the smallest value). */
class Extreme implements Aggregator {
  readonly keeps = false;
  private best: AqlValue | undefined;
  constructor(private readonly sign: 1 | -1) {}
  add(v: AqlValue): void {
    if (this.sign < 0 && v === null) return;
    const b = this.best;
    if (b === undefined) this.best = v;
    else if (typeof v === 'number' && typeof b === 'number') {
      if ((v - b) * this.sign > 0) this.best = v;
    } else if (compare(v, b) * this.sign > 0) this.best = v;
  }
  result(): AqlValue {
    return this.best ?? null;
  }
}

class SumOrAverage implements Aggregator {
  readonly keeps = false;
  private sum = 0;
  private n = 0;
  private invoked = false;
  private bad: AqlValue | undefined;
  constructor(private readonly name: 'SUM' | 'AVERAGE') {}
  add(v: AqlValue): void {
    this.invoked = true;
    if (typeof v === 'number') {
      this.sum += v;
      this.n++;
    } else if (v !== null && this.bad === undefined) this.bad = v;
  }
  result(fn: FunctionContext): AqlValue {
    if (this.bad !== undefined) return call(fn, this.name, [this.bad]);
    if (this.name === 'SUM') return this.invoked ? zeroed(this.sum) : null;
    if (this.n === 0) return null;
    return Number.isFinite(this.sum) ? zeroed(this.sum / this.n) : null;
  }
}

/** A finite number (with -0 as 0), or 0: how SUM and AVERAGE report their result. */
function zeroed(x: number): number {
  return Number.isFinite(x) && x !== 0 ? x : 0;
}

class Keeping implements Aggregator {
  readonly keeps = true;
  private readonly values: AqlValue[] = [];
  constructor(private readonly name: string) {}
  add(v: AqlValue): void {
    this.values.push(v);
  }
  result(fn: FunctionContext): AqlValue {
    return this.name === 'PUSH' ? this.values : call(fn, this.name, this.values);
  }
}

function call(fn: FunctionContext, name: string, values: AqlValue[]): AqlValue {
  const v = callFunction({ ...fn, warn: () => undefined }, name, [values]);
  return v instanceof Promise ? null : v;
}

/** A fresh aggregator for an aggregate kind (the planner's canonical names). */
export function aggregator(kind: string): Aggregator {
  switch (kind) {
    case 'LENGTH':
      return new Length();
    case 'MIN':
      return new Extreme(-1);
    case 'MAX':
      return new Extreme(1);
    case 'SUM':
    case 'AVERAGE':
      return new SumOrAverage(kind);
    default:
      return new Keeping(kind);
  }
}
