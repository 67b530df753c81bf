// AQL arithmetic as ArangoDB's own tests check it (tests/js/server/aql/aql-arithmetic.js:
// operands of every type cast per TO_NUMBER, division and modulus by zero give null), run
// with constant operands (computed while optimizing, as ArangoDB's AST does) and with a
// NOOPT() operand (computed at run time), with the optimizer's rules on and off; plus the
// warnings, which differ between the two: ArangoDB's AST warns "division by zero" and
// 1504 for a non-finite result, its executor names the operator and warns nothing for a
// non-finite result.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

type Row = [expected: number | null, left: string, right: string];

const OPERANDS: Record<string, Row[]> = {
  '+': [
    [1, '1', 'null'], [2, '1', 'true'], [3.5, '1', '"2.5"'], [-16, '1', '"-17"'], [5, '1', '[ 4 ]'], [1, '1', '{ }'],
    [1, 'false', '1'], [-8, '"-9"', '1'], [1, '[ ]', '1'], [0, '"a"', '"b"'], [3, '"1"', '"2"'], [1, '""', '1'],
  ],
  '-': [
    [0, '1', 'true'], [18, '1', '"-17"'], [1, '1', '"abc"'], [-3, '1', '[ 4 ]'], [-1, '"abc"', '1'],
    [3, '[ "4" ]', '1'], [-8, '[ "4" ]', '"12"'], [4, '[ "4" ]', '"abc"'], [-1, '{ }', '"1"'],
  ],
  '*': [[0, '1', 'null'], [37, '37', 'true'], [-17, '1', '"-17"'], [0, '"abc"', '2'], [-4, '[ -4 ]', '1'], [36, '"3"', '"12"'], [0, '{ }', '1']],
  '/': [
    [null, '1', '(1 - 1)'], [null, '1', '0.0'], [null, '1', '(1 / 0)'], [null, '1', 'null'], [null, '1', 'false'], [37, '37', 'true'],
    [-2, '34', '"-17"'], [null, '1', '[ 0 ]'], [-0.25, '1', '[ -4 ]'], [null, '1', '{ }'], [null, '"abc"', '"abc"'],
    [0, '[ -4, -3 ]', '1'], [3, '[ "12" ]', '4'], [0, '{ }', '"1"'],
  ],
  '%': [
    [null, '1', '0'], [null, '1', 'false'], [0, '37', 'true'], [3, '7', '"-4"'], [1, '35', '"-17"'], [null, '1', '[ ]'], [1, '13', '[ -4 ]'],
    [11, '"23"', '"12"'], [1, '[ 4 ]', '3'], [4, '4', '"5"'], [0, '"abc"', '2'], [null, '2', '"abc"'], [0, '{ }', '1'],
  ],
};

const NO_RULES = { optimizer: { rules: ['-all'] } };

describe("AQL arithmetic (ArangoDB's aql-arithmetic.js)", () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.close();
  });

  for (const [op, rows] of Object.entries(OPERANDS)) {
    it(`casts the operands of ${op} to numbers, with constant and run-time operands`, async () => {
      for (const [expected, l, r] of rows) {
        for (const q of [`RETURN ${l} ${op} ${r}`, `RETURN NOOPT(${l}) ${op} ${r}`]) {
          for (const options of [{}, NO_RULES]) assert.deepEqual(await db.run(q, {}, options), [expected], `${q} ${JSON.stringify(options)}`);
        }
      }
    });
  }

  it('applies unary plus and minus to non-numbers, and their precedence', async () => {
    const rows: [number | boolean, string][] = [
      [0, '+null'], [-3.4, '+"-3.4"'], [0, '+[ 1, 2 ]'], [3, '+[ "3" ]'], [0, '+{ }'], [5.4, '+++5.4'],
      [-1, '-true'], [3.5, '-"-3.5"'], [34, '-[ -34 ]'], [-3, '-[ "3" ]'], [0, '-"value"'], [-5.4, '---5.4'],
      [true, '-5 == -10--5'], [-111, '-10 * 9 - -8 * -2 - -5 * -10 / 10'], [-11, '-9 - 8 * -6 / -4 * 1 / 6'],
    ];
    for (const [expected, x] of rows) {
      assert.deepEqual(await db.run(`RETURN ${x}`), [expected], x);
      assert.deepEqual(await db.run(`RETURN NOOPT(${x})`), [expected], `NOOPT(${x})`);
    }
  });

  it('warns "division by zero" for constant operands and names the operator at run time', async () => {
    const cases: [string, string][] = [
      ['RETURN 1 / 0', 'division by zero'],
      ['RETURN 1 % 0', 'division by zero'],
      ['RETURN NOOPT(1) / 0', 'in operator /: division by zero'],
      ['RETURN NOOPT(1) % 0', 'in operator %: division by zero'],
      ['FOR i IN [1, 2] RETURN i + 1 / 0', 'division by zero'],
    ];
    for (const [q, message] of cases) {
      for (const options of [{}, NO_RULES]) {
        const r = await db.runFull(q, {}, options);
        assert.deepEqual(r.warnings, [{ code: 1562, message }], q);
      }
    }
    const r = await db.runFull('FOR i IN [0, 0] RETURN [1 / i, 1 % i]');
    assert.deepEqual(r.rows, [[null, null], [null, null]]);
    assert.deepEqual(
      r.warnings.map((w) => w.message),
      ['in operator /: division by zero', 'in operator %: division by zero', 'in operator /: division by zero', 'in operator %: division by zero'],
    );
  });

  it('warns 1504 for a non-finite result of constant operands only', async () => {
    const folded = await db.runFull('RETURN 1e308 * 10');
    assert.deepEqual([folded.rows, folded.warnings], [[null], [{ code: 1504, message: 'number out of range' }]]);
    for (const q of ['RETURN NOOPT(1e308) * 10', 'FOR x IN [1e308] RETURN [x + x, x * -10, x - -x]']) {
      const r = await db.runFull(q);
      assert.deepEqual(r.warnings, [], q);
      assert.ok(r.rows.flat().every((v) => v === null), q);
    }
  });

  it('fails with the run-time message under failOnWarning', async () => {
    await assert.rejects(db.run('RETURN NOOPT(4) / 0', {}, { failOnWarning: true }), (e: Error & { errorNum?: number }) => {
      return e.errorNum === 1562 && e.message === 'in operator /: division by zero';
    });
  });
});
