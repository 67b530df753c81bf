// Compiles resolved expressions (planner/ir.ts) into closures over a row of registers.
// Operator semantics are ArangoDB's: casts per TO_NUMBER/TO_BOOL/TO_STRING, logical
// operators return an operand, division by zero is null with warning 1562, non-finite
// results are null (with warning 1504 only when the operands are constant: see
// arithmetic). Constant subexpressions are evaluated once.
// Every closure is synchronous: asynchronous calls were hoisted by the planner.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { type AqlValue, type AqlObject, compare, equals, isObject, toBool, toNumber, toString } from '../../values/index.js';
import { compileRegex, likeToRegExp } from '../functions/strings.js';
import { isConstant, type BooleanExpansion, type RExpr } from '../planner/ir.js';
import type { ComparisonOp } from '../ast/nodes.js';
import type { Runtime } from './runtime.js';

export type Row = AqlValue[];
export type Compiled = (row: Row) => AqlValue;

/** An object's own attribute, or null (never an inherited property). */
export function getAttribute(o: AqlValue, name: string): AqlValue {
  if (!isObject(o)) return null;
  const v = o[name];
  if (v === undefined || typeof v === 'function') return null;
  if (name === '__proto__' && !Object.prototype.hasOwnProperty.call(o, name)) return null;
  return v;
}

/** Sets an attribute on an object literal under construction, `__proto__` included. */
export function setAttribute(o: AqlObject, name: string, v: AqlValue): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
  else o[name] = v;
}

function indexed(obj: AqlValue, index: AqlValue): AqlValue {
  if (Array.isArray(obj)) {
    let i: number;
    if (typeof index === 'number') i = index;
    else if (typeof index === 'string' && /^-?\d+$/.test(index)) i = Number(index);
    else return null;
    i = Math.trunc(i);
    if (i < 0) i += obj.length;
    return i >= 0 && i < obj.length ? obj[i] : null;
  }
  if (isObject(obj)) {
    if (typeof index === 'string') return getAttribute(obj, index);
    if (typeof index === 'number') return getAttribute(obj, String(index));
  }
  return null;
}

/** `l op r` for a (non-quantified) comparison operator. */
export function compareOp(op: ComparisonOp, l: AqlValue, r: AqlValue): boolean {
  switch (op) {
    case '==':
      return equals(l, r);
    case '!=':
      return !equals(l, r);
    case '<':
      return compare(l, r) < 0;
    case '<=':
      return compare(l, r) <= 0;
    case '>':
      return compare(l, r) > 0;
    case '>=':
      return compare(l, r) >= 0;
    case 'in':
      return Array.isArray(r) && r.some((x) => equals(l, x));
    case 'not in':
      return !(Array.isArray(r) && r.some((x) => equals(l, x)));
  }
}

function flatten(v: AqlValue[], levels: number): AqlValue[] {
  if (levels <= 0) return v;
  const out: AqlValue[] = [];
  for (const x of v) {
    if (Array.isArray(x)) out.push(...flatten(x, levels - 1));
    else out.push(x);
  }
  return out;
}

/** The most elements a range may have when it is materialized as an array value. */
export const MAX_MATERIALIZED_RANGE = 10_000_000;

/**
 * `from..to` that is only enumerated (FOR x IN a..b): never materialized. Lives only in
 * the register between its CalculationNode and the EnumerateListNode reading it.
 */
export class LazyRange {
  readonly from: number;
  readonly to: number;
  constructor(from: AqlValue, to: AqlValue) {
    this.from = Math.trunc(toNumber(from));
    this.to = Math.trunc(toNumber(to));
  }
  get length(): number {
    return Math.abs(this.to - this.from) + 1;
  }
  /** Elements [start, start + n) of the range. */
  slice(start: number, n: number): number[] {
    const count = Math.max(0, Math.min(n, this.length - start));
    const step = this.from <= this.to ? 1 : -1;
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = this.from + (start + i) * step;
    return out;
  }
}

/** Materializes `from..to` (integers, either direction). */
export function makeRange(rt: Runtime, from: AqlValue, to: AqlValue): AqlValue[] {
  const a = Math.trunc(toNumber(from));
  const b = Math.trunc(toNumber(to));
  const n = Math.abs(b - a) + 1;
  if (n > MAX_MATERIALIZED_RANGE) throw ArangoError.withMessage(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE, 'range is too big to be materialized');
  rt.track(n * 8);
  const out = new Array<number>(n);
  const step = a <= b ? 1 : -1;
  for (let i = 0, x = a; i < n; i++, x += step) out[i] = x;
  return out;
}

class Compiler {
  constructor(private readonly rt: Runtime) {}

  compile(e: RExpr): Compiled {
    const f = this.compileNode(e);
    if (e.k === 'const' || e.k === 'var' || !isConstant(e)) return f;
    let done = false;
    let cached: AqlValue = null;
    return (row) => {
      if (!done) {
        cached = f(row);
        done = true;
      }
      return cached;
    };
  }

  private compileNode(e: RExpr): Compiled {
    const rt = this.rt;
    switch (e.k) {
      case 'const': {
        const v = e.value;
        return () => v;
      }
      case 'var': {
        const reg = e.v.reg;
        return (row) => row[reg] ?? null;
      }
      case 'array': {
        const items = e.items.map((x) => this.compile(x));
        return (row) => items.map((f) => f(row));
      }
      case 'object':
        return this.object(e);
      case 'attr': {
        const obj = this.compile(e.obj);
        const name = e.name;
        return (row) => getAttribute(obj(row), name);
      }
      case 'index': {
        const obj = this.compile(e.obj);
        const index = this.compile(e.index);
        return (row) => indexed(obj(row), index(row));
      }
      case 'expand':
        return this.expansion(e);
      case 'unary': {
        const x = this.compile(e.operand);
        if (e.op === '!') return (row) => !toBool(x(row));
        const sign = e.op === '-' ? -1 : 1;
        return (row) => this.finite(sign * toNumber(x(row)) + 0); // + 0 turns -0 into 0
      }
      case 'arith':
        return this.arithmetic(e.op, this.compile(e.left), this.compile(e.right), isConstant(e));
      case 'compare': {
        const l = this.compile(e.left);
        const r = this.compile(e.right);
        const op = e.op;
        return (row) => compareOp(op, l(row), r(row));
      }
      case 'match':
        return this.match(e.op, this.compile(e.left), this.compile(e.right));
      case 'logical': {
        const l = this.compile(e.left);
        const r = this.compile(e.right);
        if (e.op === '&&') return (row) => {
          const a = l(row);
          return toBool(a) ? r(row) : a;
        };
        return (row) => {
          const a = l(row);
          return toBool(a) ? a : r(row);
        };
      }
      case 'quant':
        return this.quantified(e);
      case 'ternary': {
        const c = this.compile(e.cond);
        const t = e.then ? this.compile(e.then) : null;
        const f = this.compile(e.else);
        return (row) => {
          const cv = c(row);
          return toBool(cv) ? (t ? t(row) : cv) : f(row);
        };
      }
      case 'range': {
        const from = this.compile(e.from);
        const to = this.compile(e.to);
        return (row) => makeRange(rt, from(row), to(row));
      }
      case 'call': {
        const args = e.args.map((x) => this.compile(x));
        const impl = e.def.impl;
        const ctx = rt.fn;
        return (row) => {
          const v = impl(ctx, args.map((f) => f(row)));
          return v === undefined ? null : (v as AqlValue);
        };
      }
    }
  }

  private finite(n: number): AqlValue {
    if (Number.isFinite(n)) return n;
    this.rt.warn(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE);
    return null;
  }

  /**
   * `l op r`. ArangoDB computes an operation on constant operands while optimizing the
   * AST: division by zero warns "division by zero", a non-finite result warns 1504. At
   * run time the warning names the operator ("in operator /: division by zero") and a
   * non-finite result is null without a warning. `folded` selects the first behaviour.
   */
  private arithmetic(op: string, l: Compiled, r: Compiled, folded: boolean): Compiled {
    const result = folded ? (n: number) => this.finite(n) : (n: number) => (Number.isFinite(n) ? n : null);
    switch (op) {
      case '+':
        return (row) => result(toNumber(l(row)) + toNumber(r(row)));
      case '-':
        return (row) => result(toNumber(l(row)) - toNumber(r(row)));
      case '*':
        return (row) => result(toNumber(l(row)) * toNumber(r(row)));
      default: {
        const div = op === '/';
        const divisionByZero = folded
          ? ERR.ERROR_QUERY_DIVISION_BY_ZERO
          : { ...ERR.ERROR_QUERY_DIVISION_BY_ZERO, message: `in operator ${op}: ${ERR.ERROR_QUERY_DIVISION_BY_ZERO.message}` };
        return (row) => {
          const a = toNumber(l(row));
          const b = toNumber(r(row));
          if (b === 0) {
            this.rt.warn(divisionByZero);
            return null;
          }
          return result(div ? a / b : a % b);
        };
      }
    }
  }

  private match(op: string, l: Compiled, r: Compiled): Compiled {
    const negate = op === 'not like' || op === '!~';
    if (op === 'like' || op === 'not like') {
      return (row) => likeToRegExp(toString(r(row)), false).test(toString(l(row))) !== negate;
    }
    return (row) => {
      const re = compileRegex(toString(r(row)), false);
      if (!re) {
        this.rt.warn(ERR.ERROR_QUERY_INVALID_REGEX);
        return null;
      }
      return re.test(toString(l(row))) !== negate;
    };
  }

  private object(e: Extract<RExpr, { k: 'object' }>): Compiled {
    const members = e.members.map((m) => ({ key: typeof m.key === 'string' ? m.key : this.compile(m.key), value: this.compile(m.value) }));
    return (row) => {
      const o: AqlObject = {};
      for (const m of members) {
        const key = typeof m.key === 'string' ? m.key : toString(m.key(row));
        const value = m.value(row);
        // an attribute named twice keeps its first value, as in ArangoDB
        if (!Object.prototype.hasOwnProperty.call(o, key)) setAttribute(o, key, value);
      }
      return o;
    };
  }

  private expansion(e: Extract<RExpr, { k: 'expand' }>): Compiled {
    const obj = this.compile(e.obj);
    const reg = e.v.reg;
    const filter = e.filter && this.compile(e.filter);
    const offset = e.offset && this.compile(e.offset);
    const count = e.count && this.compile(e.count);
    const projection = e.projection && this.compile(e.projection);
    const levels = e.levels;
    if (e.bool) return this.booleanExpansion(e.bool, obj, reg, levels, filter, offset, count);
    return (row) => {
      const input = obj(row);
      if (!Array.isArray(input)) return [];
      const items = flatten(input, levels);
      const saved = row[reg];
      let skip = offset ? Math.trunc(toNumber(offset(row))) : 0;
      let left = count ? Math.trunc(toNumber(count(row))) : Infinity;
      // a negative offset or a count below 1 selects nothing, as in ArangoDB
      if (skip < 0 || left <= 0) return [];
      const out: AqlValue[] = [];
      try {
        for (const item of items) {
          if (left <= 0) break;
          row[reg] = item;
          if (filter && !toBool(filter(row))) continue;
          if (skip > 0) {
            skip--;
            continue;
          }
          out.push(projection ? projection(row) : item);
          left--;
        }
      } finally {
        row[reg] = saved;
      }
      return out;
    };
  }

  /** `arr[? quantifier FILTER c]`: whether the number of elements passing `c` fits the quantifier. */
  private booleanExpansion(kind: BooleanExpansion, obj: Compiled, reg: number, levels: number, filter?: Compiled, first?: Compiled, second?: Compiled): Compiled {
    const bound = (c: Compiled | undefined, row: Row): number => Math.max(0, Math.trunc(toNumber(c ? c(row) : null)) || 0);
    return (row) => {
      const input = obj(row);
      if (!Array.isArray(input)) return false;
      const items = flatten(input, levels);
      const n = items.length;
      let min = 1;
      let max = Infinity;
      if (kind === 'all') min = max = n;
      else if (kind === 'any') max = n;
      else if (kind === 'none') min = max = 0;
      else if (kind === 'atLeast') [min, max] = [bound(first, row), n];
      else if (kind === 'count') min = max = bound(first, row);
      else if (kind === 'range') [min, max] = [bound(first, row), bound(second, row)];
      let taken = 0;
      const saved = row[reg];
      try {
        for (const item of items) {
          row[reg] = item;
          if (!filter || toBool(filter(row))) taken++;
        }
      } finally {
        row[reg] = saved;
      }
      return taken >= min && taken <= max;
    };
  }

  private quantified(e: Extract<RExpr, { k: 'quant' }>): Compiled {
    const l = this.compile(e.left);
    const r = this.compile(e.right);
    const atLeast = e.q.kind === 'atLeast' ? this.compile(e.q.count) : null;
    const kind = e.q.kind;
    const op = e.op;
    return (row) => {
      const items = l(row);
      const right = r(row);
      if (!Array.isArray(items)) return false;
      let hits = 0;
      for (const x of items) if (compareOp(op, x, right)) hits++;
      switch (kind) {
        case 'all':
          return hits === items.length;
        case 'any':
          return hits > 0;
        case 'none':
          return hits === 0;
        default:
          return hits >= Math.trunc(toNumber(atLeast ? atLeast(row) : 0));
      }
    };
  }
}

/** Compiles an expression for one running query. */
export function compileExpression(e: RExpr, rt: Runtime): Compiled {
  return new Compiler(rt).compile(e);
}
