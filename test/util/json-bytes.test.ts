// jsonArrayBytes must give exactly the bytes of Buffer.from(JSON.stringify(values)) for
// any array: chunk boundaries, growth of its scratch buffer mid-array, non-ASCII text,
// values JSON.stringify writes as null, and calls one after another sharing the scratch.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonArrayBytes } from '../../src/util/json-bytes.js';

const same = (values: unknown[], what: string): void => {
  const got = jsonArrayBytes(values);
  const want = Buffer.from(JSON.stringify(values));
  assert.ok(got.equals(want), `${what}: ${got.length} bytes vs ${want.length}`);
};

describe('jsonArrayBytes', () => {
  it('writes the bytes of JSON.stringify for arrays of every shape', () => {
    same([], 'empty');
    same([1], 'one');
    same([null, undefined, () => 1, Number.NaN, -0, Infinity, 'x'], 'values written as null or 0');
    same(Array.from({ length: 5000 }, (_, i) => i), 'many small rows');
    same(Array.from({ length: 3000 }, (_, i) => ({ _key: `k${i}`, name: `é€😀 ${i}`, tags: ['a', 'b'], nested: { n: i } })), 'non-ASCII documents');
    same(['\ud800', 'a\udc00b', '"\\\n\u0001'], 'lone surrogates and escapes');
    // rows of very different sizes: the chunk size adapts after small rows, then a big one
    const mixed: unknown[] = Array.from({ length: 500 }, (_, i) => i);
    mixed.push('y'.repeat(3 * 1024 * 1024), { big: 'z€'.repeat(600 * 1024) }, 1, 2, 3);
    same(mixed, 'a row larger than the scratch buffer');
    same([{ a: 'x'.repeat(100) }], 'after a large call (the scratch is reused or dropped)');
  });

  it('returns bytes that later calls do not overwrite', () => {
    const first = jsonArrayBytes(Array.from({ length: 200 }, (_, i) => `first-${i}`));
    jsonArrayBytes(Array.from({ length: 200 }, (_, i) => `second-${i}`));
    assert.equal(first.toString(), JSON.stringify(Array.from({ length: 200 }, (_, i) => `first-${i}`)));
  });
});
