// The folding aggregators of COLLECT ... AGGREGATE give what the function of the same name
// gives for the whole array of values, for every mix of value types, but never warn (as
// ArangoDB's aggregators, which have no way to).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregator } from '../../src/aql/executor/aggregators.js';
import { callFunction, type FunctionContext } from '../../src/aql/functions/index.js';
import type { AqlValue } from '../../src/values/index.js';
import { Runtime } from '../../src/aql/executor/runtime.js';
import { testEnv } from '../helpers/aql.js';

function context(): { fn: FunctionContext; warnings: () => unknown[] } {
  const rt = new Runtime({ signal: new AbortController().signal, env: testEnv(), failOnWarning: false, maxWarningCount: 100, memoryLimit: 0 });
  return { fn: rt.fn, warnings: () => rt.warnings.map((w) => [w.code, w.message]) };
}

const VALUES: AqlValue[] = [null, 0, -0, 1, -2.5, 1e308, 1e308, 'a', '', '10', true, false, [], [1], {}, { a: 1 }];

describe('COLLECT aggregators', () => {
  it('equal the function applied to all values, for every kind and many value lists', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lists: AqlValue[][] = [[], [null], [1e308, 1e308, -1e308], [3, 1, 2], ['b', 'a', null]];
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(rnd() * 6);
      const numeric = rnd() < 0.6;
      lists.push(Array.from({ length: n }, () => (numeric ? [null, 0, -0, 1, -2.5, 7, 1e308][Math.floor(rnd() * 7)] : VALUES[Math.floor(rnd() * VALUES.length)])));
    }
    for (const kind of ['LENGTH', 'MIN', 'MAX', 'SUM', 'AVERAGE', 'UNIQUE', 'PUSH', 'COUNT_DISTINCT', 'STDDEV_POPULATION']) {
      for (const list of lists) {
        const a = context();
        const agg = aggregator(kind);
        for (const v of list) agg.add(v);
        const got = agg.result(a.fn);
        const b = context();
        // SUM over no value at all is null (ArangoDB's AggregatorSum when never invoked)
        const want = kind === 'PUSH' ? list : kind === 'SUM' && list.length === 0 ? null : callFunction(b.fn, kind, [list]);
        assert.deepEqual([got, a.warnings()], [want, []], `${kind}(${JSON.stringify(list)})`);
        if (typeof want === 'number') assert.ok(Object.is(got, want), `${kind}(${JSON.stringify(list)}): -0`);
      }
    }
  });

  it('fold in constant memory for LENGTH, MIN, MAX, SUM and AVERAGE, and keep values otherwise', () => {
    for (const kind of ['LENGTH', 'MIN', 'MAX', 'SUM', 'AVERAGE']) assert.equal(aggregator(kind).keeps, false, kind);
    for (const kind of ['PUSH', 'UNIQUE', 'SORTED_UNIQUE', 'COUNT_DISTINCT', 'VARIANCE_SAMPLE']) assert.equal(aggregator(kind).keeps, true, kind);
  });
});
