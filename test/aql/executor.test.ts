// Executor internals on their own: the runtime (warnings channel and its function-name
// form, memory account, abort checkpoint), the stable asynchronous sort, the blocks'
// pull contract, and the calendar arithmetic (date-parse) the DATE_ functions build on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import { Runtime } from '../../src/aql/executor/runtime.js';
import { sortAsync } from '../../src/aql/executor/sort.js';
import { instantiate } from '../../src/aql/executor/blocks.js';
import type { Plan } from '../../src/aql/planner/plan.js';
import { civilFromDays, daysFromCivil, daysInMonth, isLeapYear } from '../../src/aql/functions/date-parse.js';
import { testEnv } from '../helpers/aql.js';

function runtime(opts: Partial<ConstructorParameters<typeof Runtime>[0]> = {}): Runtime {
  return new Runtime({ signal: new AbortController().signal, env: testEnv(), failOnWarning: false, maxWarningCount: 10, memoryLimit: 0, ...opts });
}

describe('executor runtime', () => {
  it('records warnings, prefixing function names the way ArangoDB does', () => {
    const rt = runtime();
    rt.warn(ERR.ERROR_QUERY_DIVISION_BY_ZERO);
    rt.warn(ERR.ERROR_QUERY_INVALID_DATE_VALUE, 'DATE_ADD');
    rt.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, 'ABS');
    assert.deepEqual(rt.warnings, [
      { code: 1562, message: 'division by zero' },
      { code: 1572, message: "in function 'DATE_ADD()': invalid date value" },
      { code: 1542, message: "invalid argument type in call to function 'ABS()'" },
    ]);
  });

  it('throws the warning under failOnWarning and fails past memoryLimit with 32', () => {
    assert.throws(() => runtime({ failOnWarning: true }).warn(ERR.ERROR_QUERY_DIVISION_BY_ZERO), (e: ArangoError) => e.errorNum === 1562);
    const rt = runtime({ memoryLimit: 100 });
    rt.track(60);
    rt.release(60);
    rt.track(90);
    assert.equal(rt.stats.peakMemoryUsage, 90);
    assert.throws(() => rt.track(20), (e: ArangoError) => e.errorNum === 32);
  });

  it('throws the abort reason at the next checkpoint', async () => {
    const ac = new AbortController();
    const rt = runtime({ signal: ac.signal });
    await rt.checkpoint();
    ac.abort(new ArangoError(ERR.ERROR_REQUEST_CANCELED));
    await assert.rejects(rt.checkpoint(), (e: ArangoError) => e.errorNum === 21);
  });
});

describe('sortAsync', () => {
  it('sorts large inputs stably across runs', async () => {
    const items = Array.from({ length: 10000 }, (_, i) => ({ k: (i * 7919) % 100, i }));
    const sorted = await sortAsync([...items], (a, b) => a.k - b.k, async () => {});
    for (let j = 1; j < sorted.length; j++) {
      const [a, b] = [sorted[j - 1], sorted[j]];
      assert.ok(a.k < b.k || (a.k === b.k && a.i < b.i), `position ${j}`);
    }
  });
});

describe('blocks', () => {
  it('pull at most the rows asked for and then [] forever', async () => {
    const v = { id: 0, name: 'x', reg: 0 };
    const list = { id: 1, name: '1', reg: 1 };
    const plan: Plan = {
      nodes: [
        { type: 'SingletonNode', id: 1 },
        { type: 'CalculationNode', id: 2, expression: { k: 'const', value: [1, 2, 3] }, outVariable: list, async: false },
        { type: 'EnumerateListNode', id: 3, inVariable: list, outVariable: v },
        { type: 'ReturnNode', id: 4, inVariable: v },
      ],
    };
    const block = instantiate(plan, [null, null], { rt: runtime(), data: { openScan: () => { throw new Error('no collections'); } }, registers: 2 });
    assert.deepEqual((await block.next(2)).map((r) => r[0]), [1, 2]);
    assert.deepEqual((await block.next(2)).map((r) => r[0]), [3]);
    assert.deepEqual(await block.next(2), []);
    assert.deepEqual(await block.next(2), []);
    block.close();
  });
});

describe('date-parse calendar arithmetic', () => {
  it('round-trips days and knows leap years and month lengths', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1600, 12, 31], [9999, 12, 31], [0, 1, 1]]) {
      assert.deepEqual(Object.values(civilFromDays(daysFromCivil(y, m, d))).slice(0, 3), [y, m, d]);
    }
    assert.equal(daysFromCivil(1970, 1, 1), 0);
    assert.deepEqual([isLeapYear(2000), isLeapYear(1900), isLeapYear(2024)], [true, false, true]);
    assert.deepEqual([daysInMonth(2023, 2), daysInMonth(2024, 2), daysInMonth(2024, 4)], [28, 29, 30]);
  });
});
