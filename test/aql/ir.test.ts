// planner/ir.ts: the expression walks the optimizer asks of every expression
// (variablesUsed, isConstant, everyChild), over hand-built expressions of every kind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { everyChild, isConstant, variablesUsed, type RExpr, type Variable } from '../../src/aql/planner/ir.js';
import type { FunctionDef } from '../../src/aql/functions/index.js';

const v = (id: number, name = `v${id}`): Variable => ({ id, name, reg: id });
const [a, b, c, cur, inner] = [v(1, 'a'), v(2, 'b'), v(3, 'c'), v(4, 'CURRENT'), v(5, 'CURRENT2')];
const ref = (x: Variable): RExpr => ({ k: 'var', v: x });
const lit = (value: number): RExpr => ({ k: 'const', value });
const attr = (obj: RExpr, name: string): RExpr => ({ k: 'attr', obj, name });
const eq = (left: RExpr, right: RExpr): RExpr => ({ k: 'compare', op: '==', left, right });
const fn = (deterministic: boolean, ...args: RExpr[]): RExpr => ({ k: 'call', name: 'F', def: { name: 'F', minArgs: 0, maxArgs: Infinity, deterministic, cacheable: deterministic } as unknown as FunctionDef, args });
const names = (e: RExpr) => [...variablesUsed(e)].map((x) => x.name).sort();

describe('variablesUsed', () => {
  it('finds the variables read anywhere in an expression, once each', () => {
    assert.deepEqual(names(eq(attr(ref(a), 'x'), ref(b))), ['a', 'b']);
    assert.deepEqual(names({ k: 'array', items: [ref(a), ref(a), lit(1)] }), ['a']);
    assert.deepEqual(names({ k: 'object', members: [{ key: 'k', value: ref(a) }, { key: ref(c), value: lit(1) }] }), ['a', 'c']);
    assert.deepEqual(names({ k: 'ternary', cond: ref(a), then: null, else: ref(b) }), ['a', 'b']);
    assert.deepEqual(names({ k: 'quant', q: { kind: 'atLeast', count: ref(c) }, op: '==', left: ref(a), right: lit(1) }), ['a', 'c']);
    assert.deepEqual(names({ k: 'range', from: ref(a), to: { k: 'unary', op: '-', operand: ref(b) } }), ['a', 'b']);
    assert.deepEqual(names({ k: 'index', obj: ref(a), index: fn(true, ref(b)) }), ['a', 'b']);
    assert.deepEqual(names(lit(1)), []);
  });

  it("leaves out an expansion's own variable inside it, but not outside, and nests", () => {
    const expand: RExpr = { k: 'expand', obj: ref(a), levels: 1, v: cur, filter: eq(ref(cur), ref(b)), projection: attr(ref(cur), 'x') };
    assert.deepEqual(names(expand), ['a', 'b']);
    // the same variable outside the expansion is read
    assert.deepEqual(names({ k: 'array', items: [expand, ref(cur)] }), ['CURRENT', 'a', 'b']);
    // an inner expansion sees the outer one's variable as bound too
    const nested: RExpr = { k: 'expand', obj: ref(a), levels: 1, v: cur, projection: { k: 'expand', obj: attr(ref(cur), 'list'), levels: 1, v: inner, filter: eq(ref(inner), ref(cur)), count: ref(c) } };
    assert.deepEqual(names(nested), ['a', 'c']);
  });

  it('adds to the set it is given', () => {
    const out = new Set<Variable>([c]);
    assert.equal(variablesUsed(ref(a), out), out);
    assert.deepEqual([...out].map((x) => x.name), ['c', 'a']);
  });
});

describe('isConstant', () => {
  it('holds for deterministic expressions without variables', () => {
    assert.equal(isConstant({ k: 'arith', op: '+', left: lit(1), right: lit(2) }), true);
    assert.equal(isConstant(fn(true, lit(1), { k: 'array', items: [lit(2)] })), true);
    assert.equal(isConstant({ k: 'object', members: [{ key: 'k', value: lit(1) }] }), true);
    assert.equal(isConstant({ k: 'ternary', cond: lit(1), then: null, else: lit(2) }), true);
  });

  it('fails for a variable anywhere, a non-deterministic call, or an expansion that reads its own variable', () => {
    assert.equal(isConstant({ k: 'arith', op: '+', left: lit(1), right: ref(a) }), false);
    assert.equal(isConstant({ k: 'object', members: [{ key: ref(a), value: lit(1) }] }), false);
    assert.equal(isConstant(fn(false)), false);
    assert.equal(isConstant({ k: 'array', items: [lit(1), fn(false)] }), false);
    const list: RExpr = { k: 'array', items: [lit(1), lit(2)] };
    assert.equal(isConstant({ k: 'expand', obj: list, levels: 1, v: cur }), true);
    assert.equal(isConstant({ k: 'expand', obj: list, levels: 1, v: cur, filter: eq(ref(cur), lit(1)) }), false);
  });
});

describe('everyChild', () => {
  it('tests the direct subexpressions only, skipping absent ones', () => {
    const seen: RExpr[] = [];
    const all = (e: RExpr) => everyChild(e, (x) => (seen.push(x), true));
    const t: RExpr = { k: 'ternary', cond: ref(a), then: null, else: lit(2) };
    assert.equal(all(t), true);
    assert.deepEqual(seen, [ref(a), lit(2)]);
    seen.length = 0;
    const x: RExpr = { k: 'expand', obj: ref(a), levels: 1, v: cur, count: lit(3) };
    all(x);
    assert.deepEqual(seen, [ref(a), lit(3)]);
    assert.equal(everyChild({ k: 'object', members: [{ key: ref(b), value: lit(1) }] }, (e) => e.k === 'const'), false);
    assert.equal(everyChild(ref(a), () => false), true);
  });
});
