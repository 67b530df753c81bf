// The condition normalizer alone (src/aql/optimizer/condition.ts): DNF shape and order,
// negation pushing, and the merging of one AND's parts, on hand-built expressions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCondition, optimizeAnd, toDnf } from '../../src/aql/optimizer/condition.js';
import type { RExpr, Variable } from '../../src/aql/planner/ir.js';

/** An expression as text: enough to compare shapes (`a == 1`, `!(x)`, `a IN [1,2]`). */
function show(e: RExpr): string {
  switch (e.k) {
    case 'const':
      return JSON.stringify(e.value);
    case 'var':
      return e.v.name;
    case 'attr':
      return e.obj.k === 'var' ? e.name : `${show(e.obj)}.${e.name}`;
    case 'array':
      return `[${e.items.map(show).join(',')}]`;
    case 'compare':
      return `${show(e.left)} ${e.op.toUpperCase()} ${show(e.right)}`;
    case 'unary':
      return `${e.op}(${show(e.operand)})`;
    case 'logical':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    default:
      return e.k;
  }
}

describe('condition normalization (DNF)', () => {
  const d: Variable = { id: 0, name: 'd', reg: 0 };
  const attr = (name: string): RExpr => ({ k: 'attr', obj: { k: 'var', v: d }, name });
  const lit = (value: unknown): RExpr => (Array.isArray(value) ? { k: 'array', items: value.map(lit) } : { k: 'const', value: value as never });
  const cmp = (op: Extract<RExpr, { k: 'compare' }>['op'], a: RExpr, b: RExpr): RExpr => ({ k: 'compare', op, left: a, right: b });
  const and = (a: RExpr, b: RExpr): RExpr => ({ k: 'logical', op: '&&', left: a, right: b });
  const or = (a: RExpr, b: RExpr): RExpr => ({ k: 'logical', op: '||', left: a, right: b });
  const not = (a: RExpr): RExpr => ({ k: 'unary', op: '!', operand: a });
  const dnf = (e: RExpr): string[][] | undefined => toDnf(e)?.map((x) => x.map(show));

  const cases: { id: string; e: RExpr; want: string[][] }[] = [
    { id: 'and-over-or', e: and(attr('a'), or(attr('b'), attr('c'))), want: [['a', 'b'], ['a', 'c']] },
    // ArangoDB's permutation order: the first clause varies fastest
    { id: 'or-and-or', e: and(or(attr('a'), attr('b')), or(attr('c'), attr('d'))), want: [['a', 'c'], ['b', 'c'], ['a', 'd'], ['b', 'd']] },
    { id: 'nested-or', e: or(attr('a'), or(attr('b'), and(attr('c'), attr('d')))), want: [['a'], ['b'], ['c', 'd']] },
    { id: 'de-morgan-and', e: not(and(cmp('==', attr('a'), lit(1)), cmp('<', attr('b'), lit(2)))), want: [['a != 1'], ['b >= 2']] },
    { id: 'de-morgan-or', e: not(or(cmp('in', attr('a'), lit([1])), attr('b'))), want: [['a NOT IN [1]', '!(b)']] },
    { id: 'double-negation', e: not(not(cmp('>', attr('a'), lit(3)))), want: [['a > 3']] },
    { id: 'turned-compare', e: cmp('<', lit(5), attr('a')), want: [['a > 5']] },
    { id: 'equality-not-turned', e: cmp('==', lit(5), attr('a')), want: [['5 == a']] },
  ];
  for (const c of cases) {
    it(`gives the DNF of ${c.id}`, () => {
      assert.deepEqual(dnf(c.e), c.want);
    });
  }

  it('gives up past the limit of ANDs', () => {
    let e: RExpr = or(attr('a0'), attr('b0'));
    for (let i = 1; i < 13; i++) e = and(e, or(attr(`a${i}`), attr(`b${i}`)));
    assert.equal(toDnf(e), undefined);
    assert.equal(toDnf(e, 1 << 13)?.length, 1 << 13);
  });

  const merges: { id: string; parts: RExpr[]; want: string[] | undefined }[] = [
    { id: 'in-in', parts: [cmp('in', attr('a'), lit([3, 1, 2, 1])), cmp('in', attr('a'), lit([2, 3, 4]))], want: ['a IN [2,3]'] },
    { id: 'in-eq', parts: [cmp('in', attr('a'), lit([1, 2])), cmp('==', attr('a'), lit(1))], want: ['a IN [1]'] },
    { id: 'in-range', parts: [cmp('<', attr('a'), lit(3)), cmp('in', attr('a'), lit([1, 2, 3, 4]))], want: ['a IN [1,2]'] },
    { id: 'in-dedup', parts: [cmp('in', attr('a'), lit([2, 1, 2]))], want: ['a IN [1,2]'] },
    { id: 'eq-eq', parts: [cmp('==', attr('a'), lit(1)), cmp('==', attr('a'), lit(1))], want: ['a == 1'] },
    { id: 'eq-eq-impossible', parts: [cmp('==', attr('a'), lit(1)), cmp('==', attr('a'), lit(2))], want: undefined },
    { id: 'eq-ne-impossible', parts: [cmp('==', attr('a'), lit(1)), cmp('!=', attr('a'), lit(1))], want: undefined },
    { id: 'range-impossible', parts: [cmp('>', attr('a'), lit(5)), cmp('<', attr('a'), lit(3))], want: undefined },
    { id: 'range-touching', parts: [cmp('>', attr('a'), lit(3)), cmp('<=', attr('a'), lit(3))], want: undefined },
    { id: 'range-point', parts: [cmp('>=', attr('a'), lit(3)), cmp('<=', attr('a'), lit(3))], want: ['a == 3'] },
    { id: 'range-redundant', parts: [cmp('>', attr('a'), lit(1)), cmp('>=', attr('a'), lit(2)), cmp('<', attr('a'), lit(9)), cmp('<', attr('a'), lit(8))], want: ['a >= 2', 'a < 8'] },
    { id: 'range-same-bound', parts: [cmp('>=', attr('a'), lit(2)), cmp('>', attr('a'), lit(2))], want: ['a > 2'] },
    { id: 'range-types', parts: [cmp('>', attr('a'), lit(5)), cmp('<', attr('a'), lit('x'))], want: ['a > 5', 'a < "x"'] },
    { id: 'ne-outside', parts: [cmp('>', attr('a'), lit(5)), cmp('!=', attr('a'), lit(2))], want: ['a > 5'] },
    { id: 'ne-inside', parts: [cmp('>', attr('a'), lit(5)), cmp('!=', attr('a'), lit(7))], want: ['a > 5', 'a != 7'] },
    { id: 'other-attributes', parts: [cmp('==', attr('a'), lit(1)), cmp('==', attr('b'), lit(2)), attr('c')], want: ['a == 1', 'b == 2', 'c'] },
    { id: 'non-literal', parts: [cmp('==', attr('a'), attr('b')), cmp('==', attr('a'), lit(2))], want: ['a == b', 'a == 2'] },
  ];
  for (const m of merges) {
    it(`optimizes one AND: ${m.id}`, () => {
      assert.deepEqual(optimizeAnd(m.parts, d)?.map(show), m.want);
    });
  }

  it('drops impossible ANDs from a DNF and keeps the others', () => {
    const e = or(and(cmp('>', attr('a'), lit(5)), cmp('<', attr('a'), lit(3))), cmp('==', attr('b'), lit(1)));
    assert.deepEqual(normalizeCondition(e, d)?.map((x) => x.map(show)), [['b == 1']]);
    assert.deepEqual(normalizeCondition(and(cmp('==', attr('a'), lit(1)), cmp('==', attr('a'), lit(2))), d), []);
  });
});
