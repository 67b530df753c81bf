// Cases from ArangoDB's aql-functions-string.js (tests/js/client/aql, 3.12) and
// aql-duplicate-attributes.js that need a whole query rather than one function call: an
// object literal naming an attribute twice keeps the first value (src/aql/executor/
// expression.ts), which SUBSTITUTE's replacement object shows, and functions the parser
// must know (PARTITION). Each runs with the optimizer on and with every rule off.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import type { AqlValue } from '../../src/values/index.js';

describe('string functions and object literals, as ArangoDB tests them', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: [] });
  });
  after(async () => {
    await db.close();
  });

  /** The rows of `query`, the same with the optimizer on and off. */
  async function both(query: string): Promise<AqlValue[]> {
    const optimized = await db.run(query);
    const plain = await db.run(query, {}, { optimizer: { rules: ['-all'] } });
    assert.deepEqual(plain, optimized, query);
    return optimized;
  }

  it('keeps the first value of an attribute named twice in an object literal', async () => {
    assert.deepEqual(await both(`RETURN { 'a': 1, 'a': 2, 'a': 3, '': 0, '': 2, 'x': 3 }`), [{ a: 1, '': 0, x: 3 }]);
    assert.deepEqual(await both(`RETURN NOOPT({ 'a': 1, 'a': 2, 'a': 3, '': 0, '': 2, 'x': 3 })`), [{ a: 1, '': 0, x: 3 }]);
    assert.deepEqual(await both(`LET k = NOOPT('a') RETURN { [k]: 1, a: 2, [CONCAT(k, '')]: 3 }`), [{ a: 1 }]);
    assert.deepEqual(await both(`RETURN JSON_STRINGIFY(MERGE({ a: 1 }, { a: 2, a: 3 }))`), ['{"a":2}']);
  });

  it('stores the first value of an attribute named twice', async () => {
    const rows = await db.run(`INSERT { 'a': 1, 'a': 2, '': 0, '': 2, 'x': 3 } INTO c RETURN KEEP(NEW, 'a', '', 'x')`);
    assert.deepEqual(rows, [{ a: 1, '': 0, x: 3 }]);
  });

  it('substitutes with the first replacement of an empty pattern named twice', async () => {
    assert.deepEqual(await both(`RETURN SUBSTITUTE('abc', { '': '_', '': '-' })`), ['_a_b_c_']);
  });

  it('substitutes empty patterns and texts instead of warning', async () => {
    const r = await db.runFull(`RETURN [ SUBSTITUTE('', 'foo', 'bar', 1), SUBSTITUTE('abc', [ 'b', '' ], [ '-', '_' ]), SUBSTITUTE('', '', 'x') ]`);
    assert.deepEqual(r.rows, [['', '_a-_c_', 'x']]);
    assert.deepEqual(r.warnings, []);
  });

  it('knows PARTITION', async () => {
    assert.deepEqual(await both(`RETURN PARTITION('foo-bar-baz', '-')`), [['foo', '-', 'bar-baz']]);
    assert.deepEqual(await both(`RETURN NOOPT(PARTITION(null, 'x'))`), [['', '', '']]);
    await assert.rejects(db.run(`RETURN PARTITION('foo')`), (e: { errorNum?: number }) => e.errorNum === 1541);
  });
});
