// Cases from ArangoDB 3.12's expression and syntax tests (tests/js/client/aql:
// aql-array-access.js, aql-array-like.js, aql-attribute-access.js, aql-ternary.js,
// aql-parse.js): the array question-mark operator `[? ...]` and the array LIKE/=~ forms
// parsed into it, a `[*]` chained after an expansion, negative expansion LIMITs,
// subqueries in ternary branches that run only when chosen, variable names with leading
// underscores, the collections and AST that POST /_api/query reports, and an attribute
// name holding a dot that must not use an index on the nested path. Each query runs with
// the optimizer on and with every rule off.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { parseQuery } from '../../src/aql/query.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import type { AqlValue } from '../../src/values/index.js';

const OFF = { optimizer: { rules: ['-all'] } };

describe('expressions and syntax, as ArangoDB tests them', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: [], nested: [{ which: 1, 'foo bar': 'x' }, { which: 2, 'foo.bar': 'x' }, { which: 3, foo: { bar: 'x' } }] });
    await db.storage.indexes.ensure('_system', 'nested', parseIndexSpec({ type: 'persistent', fields: ['foo.bar'], sparse: true }));
    await db.storage.indexes.ensure('_system', 'nested', parseIndexSpec({ type: 'persistent', fields: ['foo bar'], sparse: true }));
  });
  after(async () => {
    await db.close();
  });

  /** The rows of `query`, the same with the optimizer on and off. */
  async function both(query: string, bindVars: Record<string, unknown> = {}): Promise<AqlValue[]> {
    const optimized = await db.run(query, bindVars);
    const plain = await db.run(query, bindVars, OFF);
    assert.deepEqual(plain, optimized, query);
    return optimized;
  }

  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

  it('answers [? ...] with a boolean: quantifier, exact count or range of matches', async () => {
    const cases: [string, boolean][] = [
      ['[? 1..1 FILTER CURRENT == 3]', true],
      ['[? 2..5 FILTER CURRENT == 3]', false],
      ['[? 9..11 FILTER CURRENT >= 3]', true],
      ['[? 10..11 FILTER CURRENT >= 3]', false],
      ['[? NOOPT(4)..NOOPT(9) FILTER CURRENT >= 3]', true],
      ['[? 1 FILTER CURRENT == 3]', true],
      ['[? 1 FILTER CURRENT != 3]', false],
      ['[? 0 FILTER CURRENT == 1]', false],
      ['[? NOOPT(4) FILTER CURRENT >= 8]', true],
      ['[? ALL FILTER CURRENT <= 11]', true],
      ['[? ALL FILTER CURRENT >= 2]', false],
      ['[? ANY FILTER CURRENT == 10]', true],
      ['[? NONE FILTER CURRENT == 12]', true],
      ['[? AT LEAST (0) FILTER CURRENT == 1]', true],
      ['[? AT LEAST (2) FILTER CURRENT == 1]', false],
      ['[? AT LEAST (3) FILTER CURRENT > 8]', true],
      ['[???? FILTER CURRENT == 5]', true],
    ];
    for (const [op, expected] of cases) assert.deepEqual(await both(`LET values = @values RETURN values${op}`, { values }), [expected], op);
    assert.deepEqual(await both('RETURN [ [][?], [][????], [42][?], NOOPT("abc")[?], NOOPT(null)[? ALL FILTER true] ]'), [[false, false, true, false, false]]);
    assert.deepEqual(await both('LET values = @values RETURN values[? @lower..@upper FILTER CURRENT >= 3]', { values, lower: 'piff', upper: 10 }), [true]);
    assert.deepEqual(await both('FOR i IN 1..5 RETURN @values[? i..(i + 2) FILTER CURRENT >= 6]', { values }), [false, false, false, true, true]);
    assert.deepEqual(await both('LET values = [1,2,3,4,5,6,7,8,9,10,11] LET x = 1..5 RETURN values[? x FILTER CURRENT >= 3]'), [false]);
    assert.deepEqual(await both('RETURN [ [][? ALL FILTER CURRENT == 1], [][? ANY FILTER CURRENT == 1], [][? NONE FILTER CURRENT == 1] ]'), [[true, false, true]]);
  });

  it('parses arr ANY|ALL|NONE|AT LEAST (n) [NOT] LIKE and =~ into a [? ...] expansion', async () => {
    const v = { values: ['foo', 'bar', 'baz'] };
    assert.deepEqual(await both('RETURN [ @values ANY LIKE "b%", @values ALL LIKE "b%", @values NONE LIKE "b%", @values ANY NOT LIKE "b%" ]', v), [[true, false, false, true]]);
    assert.deepEqual(await both('RETURN [ @values AT LEAST(2) LIKE "b%", @values AT LEAST(3) LIKE "b%", [] ALL LIKE "x%", "foo" ANY LIKE "f%", [null] NONE LIKE "b%" ]', v), [[true, false, true, false, true]]);
    assert.deepEqual(await both('RETURN [ ["bar", "baz"] NONE NOT LIKE "b%", [1, 2] ANY LIKE "1%", @values ANY =~ "^ba", @values ALL !~ "z$" ]', v), [[true, true, true, false]]);
    assert.deepEqual(await both('FOR x IN [1, 2, 3] FILTER ["a", "b", "ab"] AT LEAST(2) LIKE "a%" RETURN x'), [1, 2, 3]);
    const ast = parseQuery('RETURN ["a"] AT LEAST (2) NOT LIKE "a%"').ast as any[];
    const expansion = ast[0].subNodes[0].subNodes[0];
    assert.equal(expansion.type, 'expansion');
    assert.equal(expansion.booleanize, true);
    assert.equal(expansion.subNodes[2].type, 'array filter');
    assert.deepEqual(expansion.subNodes[2].subNodes[0], { type: 'quantifier', quantifier: 'at least', subNodes: [{ type: 'value', value: 2 }] });
    assert.equal(expansion.subNodes[2].subNodes[1].type, 'unary not');
    assert.equal(expansion.subNodes[2].subNodes[1].subNodes[0].name, 'LIKE');
  });

  it('nests a [*] after an expansion into that expansion, not its innermost part', async () => {
    const continents = [
      { name: 'Europe', countries: [{ id: 'UK' }, { id: 'FR' }] },
      { name: 'Asia', countries: [{ id: 'JP' }] },
    ];
    assert.deepEqual(await both('RETURN @value[*].countries[*].id[*]', { value: continents }), [[['UK', 'FR'], ['JP']]]);
    assert.deepEqual(await both('RETURN @value[*].countries[*].id[0]', { value: continents }), [[[null, null], [null]]]);
    assert.deepEqual(await both('RETURN @value[*].countries[**].id', { value: continents }), [['UK', 'FR', 'JP']]);
  });

  it('selects nothing for an expansion LIMIT with a negative offset', async () => {
    assert.deepEqual(await both('RETURN [ [1, 2, 3][* LIMIT -10, 1], [1, 2, 3][* LIMIT -1, 5], [1, 2, 3][* LIMIT 1, 1] ]'), [[[], [], [2]]]);
  });

  it('runs a subquery in a ternary branch only when the condition selects it', async () => {
    assert.deepEqual(await both('FOR i IN 1..10 LET x = (i >= 5 ? (FOR x IN 1..2 RETURN ASSERT(i >= 5, "a")) : (RETURN ASSERT(i < 5, "b"))) RETURN LENGTH(x)'), [1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    assert.deepEqual(await both('LET doc = NOOPT(null) RETURN IS_ARRAY(doc.array) ? (FOR sub IN doc.array RETURN sub * 2) : "n/a"'), ['n/a']);
    assert.deepEqual(await both('FOR i IN [null, 0, 1] RETURN i ?: (RETURN ASSERT(!i, "c"))'), [[true], [true], 1]);
    const rows = await db.run('FOR i IN 1..10 RETURN i % 2 == 0 ? (INSERT { i } INTO c RETURN NEW.i) : (null)');
    assert.deepEqual(rows, [null, [2], null, [4], null, [6], null, [8], null, [10]]);
    assert.deepEqual(await db.run('FOR d IN c SORT d.i RETURN d.i'), [2, 4, 6, 8, 10]);
  });

  it('reads a collection with DOCUMENT before inserting into it in a later subquery', async () => {
    const q = 'LET found = DOCUMENT(c, "k1") LET doc = !IS_NULL(found) ? found : FIRST(INSERT { _key: "k1", v: 1 } INTO c RETURN NEW) RETURN doc.v';
    assert.deepEqual(await db.run(q), [1]);
    assert.deepEqual(await db.run(q), [1]);
  });

  it('knows RANDOM() as RAND()', async () => {
    const [r] = await db.run('RETURN RANDOM()');
    assert.ok(typeof r === 'number' && r >= 0 && r < 1);
  });

  it('accepts variable names with leading underscores before a letter', async () => {
    assert.deepEqual(await both('LET _abc = 1, __a0_ = 2, `_B` = 3 RETURN [_abc, __a0_, _B]'), [[1, 2, 3]]);
    assert.deepEqual(await both('FOR _x IN [1, 2] COLLECT _g = _x INTO _into RETURN _g'), [1, 2]);
    for (const name of ['_', '__', '_0', '___9_9', '00']) {
      assert.throws(() => parseQuery(`LET \`${name}\` = 1 RETURN 1`), (e: { errorNum?: number }) => e.errorNum === 1501, name);
    }
  });

  it('reports collections named in expressions and leaves out empty subNodes', () => {
    assert.deepEqual(parseQuery('FOR r IN [1, 2] RETURN hans').collections, ['hans']);
    assert.deepEqual(parseQuery('FOR r IN (FOR x IN hans RETURN 1) LET y = r COLLECT g = y INTO z RETURN [g, z, CURRENT]').collections, ['hans']);
    const ast = parseQuery('RETURN [[], {}]').ast as any[];
    assert.deepEqual(ast[0].subNodes[0].subNodes[0].subNodes, [{ type: 'array' }, { type: 'object' }]);
  });

  it('does not take an attribute named "foo.bar" for the indexed path foo.bar', async () => {
    assert.deepEqual(await both('FOR d IN nested FILTER d.`foo.bar` == "x" RETURN d.which'), [2]);
    assert.deepEqual(await both('FOR d IN nested FILTER d.foo.bar == "x" RETURN d.which'), [3]);
    assert.deepEqual(await both('FOR d IN nested FILTER d.`foo bar` == "x" RETURN d.which'), [1]);
    assert.equal(db.nodeTypes('FOR d IN nested FILTER d.`foo bar` == "x" RETURN d.which')[1], 'IndexNode');
  });
});
