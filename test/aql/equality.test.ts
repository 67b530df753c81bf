// AQL equality (src/values/compare.ts `equals`): the fast paths for two strings and two
// numbers must agree with the total order (`compare(a, b) === 0`) for every pair.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare, equals } from '../../src/values/compare.js';
import type { AqlValue } from '../../src/values/types.js';

const VALUES: AqlValue[] = [null, false, true, 0, -0, 1, 1.5, -2, 1e300, '', 'a', 'A', 'b', 'ä', 'a\u0308', 'city-7', 'city-70', [], [null], [1], [1, null], {}, { a: null }, { a: 1 }, { b: 1 }];

describe('AQL equality', () => {
  it('agrees with compare() === 0 for every pair of values', () => {
    for (const a of VALUES) for (const b of VALUES) assert.equal(equals(a, b), compare(a, b) === 0, `${JSON.stringify(a)} == ${JSON.stringify(b)}`);
  });

  it('distinct strings are never equal, also where the collation ties them', () => {
    assert.equal(equals('a', 'A'), false);
    assert.equal(equals('ä', 'a\u0308'), false);
    assert.equal(equals('city-7', 'city-7'), true);
    assert.equal(equals(0, -0), true);
    assert.equal(equals([], [null]), true);
    assert.equal(equals({}, { a: null }), true);
  });
});
