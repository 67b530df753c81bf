// keys.ts: the autoincrement generator in ArangoDB's uint64 arithmetic
// (AutoIncrementKeyGenerator::generate and ::track), past 2^53 as below it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { generateKey, trackUserKey, type GeneratorValue } from '../../src/storage/keys.js';
import type { KeyOptions } from '../../src/storage/catalog.js';

const auto = (increment = 1, offset: number | bigint = 0): KeyOptions => ({ type: 'autoincrement', allowUserKeys: true, increment, offset });
const noTick = () => {
  throw new Error('the autoincrement generator takes no ticks');
};
/** The keys `n` generations make from `last`. */
function keys(opts: KeyOptions, last: GeneratorValue, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = generateKey(opts, last, noTick);
    out.push(g.key);
    last = g.last;
  }
  return out;
}
const outOfKeys = (fn: () => unknown) => assert.throws(fn, (e) => e instanceof ArangoError && e.errorNum === 1225 && e.message === 'out of keys');

describe('autoincrement keys', () => {
  it('counts on exactly across 2^53', () => {
    assert.deepEqual(keys(auto(), 2 ** 53 - 2, 4), ['9007199254740991', '9007199254740992', '9007199254740993', '9007199254740994']);
    assert.deepEqual(keys(auto(7, 3), 2 ** 53 - 2, 2), ['9007199254740991', '9007199254740998']); // 3 + 7k
    // the last value crosses into a bigint and stays exact
    const g = generateKey(auto(), 9007199254740993n, noTick);
    assert.deepEqual(g, { key: '9007199254740994', last: 9007199254740994n });
  });

  it('gives out of keys only at 2^64-1 or when the next value would wrap', () => {
    assert.deepEqual(keys(auto(), 18446744073709551613n, 1), ['18446744073709551614']);
    outOfKeys(() => generateKey(auto(), 18446744073709551614n, noTick)); // the next would be 2^64-1
    outOfKeys(() => generateKey(auto(10), 18446744073709551610n, noTick)); // wraps past 2^64
    assert.deepEqual(keys(auto(10), 18446744073709551600n, 1), ['18446744073709551610']);
  });

  it('starts at an offset past 2^53 and steps from it', () => {
    assert.deepEqual(keys(auto(2, 18446744073709551610n), 0, 2), ['18446744073709551610', '18446744073709551612']);
    assert.deepEqual(keys(auto(1, 18446744073709551614n), 0, 1), ['18446744073709551614']);
    outOfKeys(() => keys(auto(1, 18446744073709551614n), 0, 2));
  });

  it('tracks user keys up to 2^64-1 exactly, and none above', () => {
    assert.equal(trackUserKey(auto(), '9007199254740993', 5), 9007199254740993n);
    assert.equal(trackUserKey(auto(), '18446744073709551615', 5), 18446744073709551615n);
    assert.equal(trackUserKey(auto(), '18446744073709551616', 5), 5);
    assert.equal(trackUserKey(auto(), '9007199254740993', 9007199254740994n), 9007199254740994n);
    assert.equal(trackUserKey(auto(), '42', 9007199254740994n), 9007199254740994n);
    assert.equal(trackUserKey(auto(), '42', 7), 42);
  });
});
