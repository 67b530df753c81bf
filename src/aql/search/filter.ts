// A SEARCH condition compiled into a matcher over one document's indexed fields
// (fields.ts), with ArangoSearch's semantics rather than FILTER's: a comparison matches
// only values the link indexes, strings only as terms of the active analyzer (identity
// unless ANALYZER() says otherwise), `!=` and NOT match documents without the field too,
// and the ArangoSearch functions (EXISTS, PHRASE, STARTS_WITH, LEVENSHTEIN_MATCH,
// NGRAM_MATCH, LIKE, IN_RANGE, MIN_MATCH, BOOST, ANALYZER, and the geo ones of geo.ts:
// GEO_DISTANCE compared with a number, GEO_IN_RANGE, GEO_CONTAINS, GEO_INTERSECTS) become filters. Parts that do
// not read the loop variable are evaluated once per row as plain AQL.
//
// A match carries its hits: (field, term, frequency, boost) for the scorers (scoring.ts).
// Throws ArangoDB's 9 "Unable to evaluate loop variable ..." for a part that reads the
// loop variable but is no search filter, 10 for bad function arguments.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { compare, toBool, type AqlValue } from '../../values/index.js';
import type { RExpr, Variable } from '../planner/ir.js';
import { variablesUsed } from '../planner/ir.js';
import type { Compiled, Row } from '../executor/expression.js';
import { analyze, stringKey, typedKey, type DocFields, type Resolve } from './fields.js';
import { editDistance, likeToRegExp } from '../functions/strings.js';
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';
import { geoCentroidDistance, geoContains, geoIntersects, geoShape, type GeoShape } from '../functions/geo.js';
import { termShape } from './geo.js';
import { enterpriseOnly } from '../functions/search.js';

/** One matched term (or phrase) of a document, for scoring. */
export interface Hit {
  key: string;
  /** The term (its JSON), or a phrase's id; docs with it are counted by `df`. */
  term: string;
  tf: number;
  boost: number;
  df: () => number;
  /** Hits of one multi-term filter that scores by its best term (edit distance), not the sum. */
  group?: string;
}

/** A document as filters see it. */
export interface SearchDoc {
  fields: DocFields;
}

/** Statistics over all documents of the view (for df of terms and phrases). */
export interface Corpus {
  docs: readonly SearchDoc[];
  docsWithTerm(key: string, term: string): number;
}

/** Hits when the document matches, null when it does not. */
export type Matcher = (doc: SearchDoc, row: Row) => Hit[] | null;

export interface FilterContext {
  loopVar: Variable;
  resolve: Resolve;
  /** Full name of an analyzer a query names (db-relative), or null when unknown. */
  analyzerName(name: string): string | null;
  compile(e: RExpr): Compiled;
  corpus: () => Corpus;
  /** 'identity' for arangosearch views; '*' (each field's own analyzer) for search-alias views. */
  defaultAnalyzer: string;
  /**
   * A FILTER through an inverted index: `doc.arr[*]` and `doc.arr[*].x` name the index
   * fields `arr[*]`, `arr[*].x` (their elements' terms); SEARCH refuses expansions.
   */
  allowExpansion?: boolean;
}

interface Scope {
  analyzer: string;
  boost: number;
}

const bad = (m: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, m);

/** Compiles a SEARCH condition (see the file comment). */
export function compileSearch(e: RExpr, ctx: FilterContext): Matcher {
  return new SearchCompiler(ctx).compile(e, { analyzer: ctx.defaultAnalyzer, boost: 1 });
}

const NEGATE: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

class SearchCompiler {
  private phraseIds = 0;
  constructor(private readonly ctx: FilterContext) {}

  private readsLoop(e: RExpr): boolean {
    return variablesUsed(e).has(this.ctx.loopVar);
  }

  private unsupported(e: RExpr): ArangoError {
    return ArangoError.withMessage(
      ERR.ERROR_NOT_IMPLEMENTED,
      `Unable to evaluate loop variable '${this.ctx.loopVar.name}' as a part of ArangoSearch noncompliant expression '${exprText(e, this.ctx.loopVar)}'`,
    );
  }

  compile(e: RExpr, s: Scope): Matcher {
    if (!this.readsLoop(e)) {
      if (callsDynamic(e)) throw dynamicCallError(exprText(e, this.ctx.loopVar));
      const f = this.ctx.compile(e);
      return (_d, row) => (toBool(f(row) ?? null) ? [] : null);
    }
    switch (e.k) {
      case 'logical': {
        const l = this.compile(e.left, s);
        const r = this.compile(e.right, s);
        if (e.op === '&&') {
          return (d, row) => {
            const a = l(d, row);
            if (!a) return null;
            const b = r(d, row);
            return b ? a.concat(b) : null;
          };
        }
        return (d, row) => {
          const a = l(d, row);
          const b = r(d, row);
          return a || b ? (a ?? []).concat(b ?? []) : null;
        };
      }
      case 'unary':
        if (e.op === '!') {
          const inner = this.compile(e.operand, s);
          return (d, row) => (inner(d, row) ? null : []);
        }
        throw this.unsupported(e);
      case 'compare':
        return this.comparison(e, s);
      case 'quant':
        return this.quantified(e, s);
      case 'match':
        if (e.op === 'like' || e.op === 'not like') {
          const m = this.like(e.left, e.right, s, e);
          return e.op === 'like' ? m : (d, row) => (m(d, row) ? null : []);
        }
        throw this.unsupported(e);
      case 'call':
        return this.call(e, s);
      default:
        throw this.unsupported(e);
    }
  }

  // ---- paths and terms ----------------------------------------------------------

  /** The field path an expression names on the loop variable (`a.b`, `a[0]`), evaluated per row. */
  private path(e: RExpr): ((row: Row) => string | undefined) | undefined {
    const parts: ((row: Row) => string | undefined)[] = [];
    let x = e;
    for (;;) {
      if (x.k === 'attr') {
        const name = x.name;
        parts.unshift(() => `.${name}`);
        x = x.obj;
      } else if (x.k === 'index') {
        if (this.readsLoop(x.index)) return undefined;
        const idx = this.ctx.compile(x.index);
        parts.unshift((row) => {
          const v = idx(row);
          if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return `[${v}]`;
          if (typeof v === 'string') return `.${v}`;
          return undefined;
        });
        x = x.obj;
      } else if (x.k === 'expand' && !x.filter && !x.offset && !x.count && !x.bool && (x.levels === 1 || (x.levels === 0 && this.ctx.allowExpansion))) {
        if (x.projection) {
          const inner = x.projection;
          const sub = this.pathFrom(inner, x.v);
          if (!sub) return undefined;
          parts.unshift(() => sub);
        }
        x = x.obj;
      } else break;
    }
    if (x.k !== 'var' || x.v !== this.ctx.loopVar || parts.length === 0) return undefined;
    return (row) => {
      let out = '';
      for (const p of parts) {
        const s = p(row);
        if (s === undefined) return undefined;
        out += s;
      }
      return out.startsWith('.') ? out.slice(1) : out;
    };
  }

  /** `.b.c` of an expansion's projection `CURRENT.b.c`. */
  private pathFrom(e: RExpr, v: Variable): string | undefined {
    let out = '';
    let x = e;
    while (x.k === 'attr') {
      out = `.${x.name}${out}`;
      x = x.obj;
    }
    return x.k === 'var' && x.v === v ? out : undefined;
  }

  private requirePath(e: RExpr, whole: RExpr): (row: Row) => string | undefined {
    const p = this.path(e);
    if (!p) throw this.unsupported(whole);
    return p;
  }

  /** Hits of the terms of field `key` that pass `test`, one per distinct term. */
  private terms(doc: SearchDoc, key: string, test: (t: AqlValue) => boolean, boost: number): Hit[] {
    if (key.endsWith('\u0000*')) return concreteKeys(doc, key).flatMap((k) => this.terms(doc, k, test, boost));
    const values = doc.fields.get(key);
    if (!values) return [];
    const counts = new Map<string, number>();
    for (const v of values) {
      for (const t of v) {
        if (!test(t)) continue;
        const j = JSON.stringify(t);
        counts.set(j, (counts.get(j) ?? 0) + 1);
      }
    }
    const corpus = this.ctx.corpus;
    return [...counts].map(([term, tf]) => ({ key, term, tf, boost, df: () => corpus().docsWithTerm(key, term) }));
  }

  /** The key a value of `v`'s type is indexed under at `path` (strings: the active analyzer). */
  private keyFor(path: string, v: AqlValue, s: Scope): string | undefined {
    if (typeof v === 'string') return stringKey(path, s.analyzer);
    if (typeof v === 'number') return typedKey(path, 'n');
    if (typeof v === 'boolean') return typedKey(path, 'b');
    if (v === null) return typedKey(path, 'z');
    return undefined;
  }

  private eq(doc: SearchDoc, path: string, v: AqlValue, s: Scope): Hit[] | null {
    const key = this.keyFor(path, v, s);
    if (!key) return null;
    const hits = this.terms(doc, key, (t) => t === v, s.boost);
    return hits.length > 0 ? hits : null;
  }

  /** Terms of the value's type within bounds (strings byte-wise, numbers numerically). */
  private range(doc: SearchDoc, path: string, lo: AqlValue | undefined, loIncl: boolean, hi: AqlValue | undefined, hiIncl: boolean, s: Scope): Hit[] | null {
    const sample = lo !== undefined ? lo : hi;
    if (typeof sample !== 'string' && typeof sample !== 'number') return null;
    if (lo !== undefined && hi !== undefined && typeof lo !== typeof hi) return null;
    const key = this.keyFor(path, sample, s)!;
    const cmp = (a: AqlValue, b: AqlValue) => (typeof a === 'string' ? compareBytes(a, b as string) : compare(a, b));
    const hits = this.terms(
      doc,
      key,
      (t) => typeof t === typeof sample && (lo === undefined || (loIncl ? cmp(t, lo) >= 0 : cmp(t, lo) > 0)) && (hi === undefined || (hiIncl ? cmp(t, hi) <= 0 : cmp(t, hi) < 0)),
      s.boost,
    );
    return hits.length > 0 ? hits : null;
  }

  // ---- operators ----------------------------------------------------------------

  private comparison(e: Extract<RExpr, { k: 'compare' }>, s: Scope): Matcher {
    if (isGeoDistance(e.left) || isGeoDistance(e.right)) return this.geoDistance(e, s);
    let field = e.left;
    let value = e.right;
    let op: string = e.op;
    if (op !== 'in' && op !== 'not in' && !this.path(field) && this.path(value)) {
      [field, value] = [value, field];
      op = FLIP[op]!;
    }
    if (this.readsLoop(value)) throw this.unsupported(e);
    const path = this.requirePath(field, e);
    if ((op === 'in' || op === 'not in') && value.k === 'range') {
      const from = this.ctx.compile(value.from);
      const to = this.ctx.compile(value.to);
      const m: Matcher = (d, row) => {
        const p = path(row);
        const a = from(row);
        const b = to(row);
        return p !== undefined && typeof a === 'number' && typeof b === 'number' ? this.range(d, p, Math.min(a, b), true, Math.max(a, b), true, s) : null;
      };
      return op === 'in' ? m : (d, row) => (m(d, row) ? null : []);
    }
    const val = this.ctx.compile(value);
    const single = (d: SearchDoc, row: Row): Hit[] | null => {
      const p = path(row);
      if (p === undefined) return null;
      const v = val(row);
      switch (op) {
        case '==':
        case '!=':
          return this.eq(d, p, v, s);
        case '<':
          return this.range(d, p, undefined, false, v, false, s);
        case '<=':
          return this.range(d, p, undefined, false, v, true, s);
        case '>':
          return this.range(d, p, v, false, undefined, false, s);
        case '>=':
          return this.range(d, p, v, true, undefined, false, s);
        default: {
          // IN: any element of an array (a range value counts as its bounds)
          if (!Array.isArray(v)) return null;
          let out: Hit[] | null = null;
          for (const x of v) {
            const h = this.eq(d, p, x, s);
            if (h) out = (out ?? ([] as Hit[])).concat(h);
          }
          return out;
        }
      }
    };
    if (op === '!=' || op === 'not in') return (d, row) => (single(d, row) ? null : []);
    return single;
  }

  /**
   * `values ANY|ALL|NONE|AT LEAST (n) op doc.field` (the array comparison operators): each
   * element compared with the field (`IN`: the field holds it), combined as the
   * quantifier says; an empty array matches nothing under ANY, everything under ALL/NONE.
   */
  private quantified(e: Extract<RExpr, { k: 'quant' }>, s: Scope): Matcher {
    if (this.readsLoop(e.left)) throw this.unsupported(e);
    const path = this.requirePath(e.right, e);
    const values = this.ctx.compile(e.left);
    const count = e.q.kind === 'atLeast' ? this.arg(e.q.count, e) : undefined;
    // `x IN doc.field`: the field holds x
    let op = e.op === 'in' ? '==' : e.op === 'not in' ? '!=' : FLIP[e.op]!;
    // NONE of a range comparison is ALL of its negation, which still needs the field
    let kind = e.q.kind;
    if (kind === 'none' && NEGATE[op]) {
      op = NEGATE[op]!;
      kind = 'all';
    }
    const one = (d: SearchDoc, p: string, v: AqlValue): Hit[] | null => {
      switch (op) {
        case '==':
          return this.eq(d, p, v, s);
        case '!=':
          return this.eq(d, p, v, s) ? null : [];
        case '<':
          return this.range(d, p, undefined, false, v, false, s);
        case '<=':
          return this.range(d, p, undefined, false, v, true, s);
        case '>':
          return this.range(d, p, v, false, undefined, false, s);
        default:
          return this.range(d, p, v, true, undefined, false, s);
      }
    };
    return (d, row) => {
      const p = path(row);
      const vs = values(row);
      // ArangoDB's fromArrayComparison refuses a value that is no array (10)
      if (!Array.isArray(vs)) throw bad('wrong value node type for Array comparison operator');
      if (p === undefined) return null;
      let matched = 0;
      let hits: Hit[] = [];
      for (const v of vs) {
        const h = one(d, p, v);
        if (h) {
          matched++;
          hits = hits.concat(h);
        }
      }
      switch (kind) {
        case 'any':
          return matched > 0 ? hits : null;
        case 'all':
          return matched === vs.length ? hits : null;
        case 'none':
          return matched === 0 ? [] : null;
        default: {
          const n = count!(row);
          return typeof n === 'number' && matched >= n ? hits : null;
        }
      }
    };
  }

  private like(fieldE: RExpr, patternE: RExpr, s: Scope, whole: RExpr): Matcher {
    if (this.readsLoop(patternE)) throw this.unsupported(whole);
    const path = this.requirePath(fieldE, whole);
    const pattern = this.ctx.compile(patternE);
    return (d, row) => {
      const p = path(row);
      const pat = pattern(row);
      if (p === undefined || typeof pat !== 'string') return null;
      const re = likeToRegExp(pat, false);
      const hits = this.terms(d, stringKey(p, s.analyzer), (t) => typeof t === 'string' && re.test(t), s.boost);
      return hits.length > 0 ? hits : null;
    };
  }

  // ---- geo (search/geo.ts) ----------------------------------------------------------

  /** The field argument (a path on the loop variable) and the other, constant, argument of a geo function. */
  private geoArgs(a: RExpr, b: RExpr, whole: RExpr): { path: (row: Row) => string | undefined; other: Compiled; fieldFirst: boolean } {
    if (this.path(a) && !this.readsLoop(b)) return { path: this.requirePath(a, whole), other: this.ctx.compile(b), fieldFirst: true };
    if (this.path(b) && !this.readsLoop(a)) return { path: this.requirePath(b, whole), other: this.ctx.compile(a), fieldFirst: false };
    throw this.unsupported(whole);
  }

  /** Hits of the field's geometry terms that pass `test`. */
  private geoTerms(d: SearchDoc, p: string, s: Scope, test: (g: GeoShape) => boolean): Hit[] | null {
    const hits = this.terms(d, stringKey(p, s.analyzer), (t) => {
      const g = termShape(t, this.shapes);
      return g !== undefined && test(g);
    }, s.boost);
    return hits.length > 0 ? hits : null;
  }

  private readonly shapes = new Map<string, GeoShape | null>();

  private shapeOf(v: AqlValue, fn: string): GeoShape {
    const g = v !== null && typeof v === 'object' ? geoShape(v) : undefined;
    if (!g) throw bad(`'${fn}' AQL function: failed to parse argument as GeoJSON`);
    return g;
  }

  /** `GEO_DISTANCE(field, origin) op number` (either order, either side). */
  private geoDistance(e: Extract<RExpr, { k: 'compare' }>, s: Scope): Matcher {
    const left = isGeoDistance(e.left);
    const call = (left ? e.left : e.right) as Extract<RExpr, { k: 'call' }>;
    const value = left ? e.right : e.left;
    const op = left ? e.op : FLIP[e.op];
    if (!op || op === 'in' || op === 'not in' || this.readsLoop(value) || call.args.length !== 2) throw this.unsupported(e);
    const { path, other } = this.geoArgs(call.args[0]!, call.args[1]!, e);
    const bound = this.ctx.compile(value);
    const test: Record<string, (d: number, x: number) => boolean> = {
      '<': (d, x) => d < x,
      '<=': (d, x) => d <= x,
      '>': (d, x) => d > x,
      '>=': (d, x) => d >= x,
      '==': (d, x) => d === x,
      '!=': (d, x) => d === x,
    };
    const cmp = test[op];
    if (!cmp) throw this.unsupported(e);
    const m: Matcher = (d, row) => {
      const p = path(row);
      const x = bound(row);
      if (p === undefined || typeof x !== 'number') return null;
      const origin = this.shapeOf(other(row), 'GEO_DISTANCE');
      return this.geoTerms(d, p, s, (g) => cmp(geoCentroidDistance(g, origin), x));
    };
    return op === '!=' ? (d, row) => (m(d, row) ? null : []) : m;
  }

  geoInRangeFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    if (e.args.length < 4 || e.args.length > 6) throw bad("'GEO_IN_RANGE' AQL function: Invalid number of arguments passed");
    const { path, other } = this.geoArgs(e.args[0]!, e.args[1]!, e);
    const [lo, hi, li, hi2] = e.args.slice(2).map((a) => this.arg(a, e));
    return (d, row) => {
      const p = path(row);
      const a = lo!(row);
      const b = hi!(row);
      if (p === undefined) return null;
      if (typeof a !== 'number' || typeof b !== 'number') throw bad("'GEO_IN_RANGE' AQL function: 3rd and 4th arguments must be numbers");
      const il = li ? toBool(li(row)) : true;
      const ih = hi2 ? toBool(hi2(row)) : true;
      const origin = this.shapeOf(other(row), 'GEO_IN_RANGE');
      return this.geoTerms(d, p, s, (g) => {
        const dist = geoCentroidDistance(g, origin);
        return (il ? dist >= a : dist > a) && (ih ? dist <= b : dist < b);
      });
    };
  }

  geoContainsFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const { path, other, fieldFirst } = this.geoArgs(e.args[0]!, e.args[1]!, e);
    return (d, row) => {
      const p = path(row);
      if (p === undefined) return null;
      const shape = this.shapeOf(other(row), 'GEO_CONTAINS');
      return this.geoTerms(d, p, s, (g) => (fieldFirst ? geoContains(g, shape) : geoContains(shape, g)));
    };
  }

  geoIntersectsFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const { path, other } = this.geoArgs(e.args[0]!, e.args[1]!, e);
    return (d, row) => {
      const p = path(row);
      if (p === undefined) return null;
      const shape = this.shapeOf(other(row), 'GEO_INTERSECTS');
      return this.geoTerms(d, p, s, (g) => geoIntersects(g, shape));
    };
  }

  // ---- functions ----------------------------------------------------------------

  private call(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const fn = SEARCH_FUNCTIONS[e.def.name];
    if (!fn) throw this.unsupported(e);
    return fn.call(this, e, s);
  }

  /** A constant argument (it may not read the loop variable). */
  arg(e: RExpr, whole: RExpr): Compiled {
    if (this.readsLoop(e)) throw this.unsupported(whole);
    return this.ctx.compile(e);
  }

  /** An analyzer name argument resolved now (it must be constant). */
  analyzerArg(e: RExpr, fn: string): string {
    const v = this.ctx.compile(e)([]);
    if (typeof v !== 'string') throw bad(`'${fn}' AQL function: analyzer name must be a string`);
    const full = this.ctx.analyzerName(v);
    if (!full) throw bad(`'${fn}' AQL function: Unable to load requested analyzer '${v}'`);
    return full;
  }

  analyzerFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    return this.compile(e.args[0]!, { ...s, analyzer: this.analyzerArg(e.args[1]!, 'ANALYZER') });
  }

  boostFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const b = this.ctx.compile(e.args[1]!)([]);
    if (typeof b !== 'number') throw bad("'BOOST' AQL function: 2nd argument is invalid");
    return this.compile(e.args[0]!, { ...s, boost: s.boost * b });
  }

  existsFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const path = this.requirePath(e.args[0]!, e);
    const type = e.args.length > 1 ? this.ctx.compile(e.args[1]!)([]) : undefined;
    // only values a link stores (storeValues "id") exist for EXISTS
    const present = (p: string, d: SearchDoc) => d.fields.has(typedKey(p, 'x'));
    const typed = (p: string, d: SearchDoc, kinds: ('n' | 'b' | 'z')[]) => present(p, d) && kinds.some((k) => d.fields.has(typedKey(p, k)));
    let keys: (p: string, d: SearchDoc) => boolean;
    if (type === undefined || type === 'nested') keys = present;
    else if (type === 'type') keys = (p, d) => typed(p, d, ['n', 'b', 'z']);
    else if (type === 'string') keys = (p, d) => present(p, d) && concreteKeys(d, stringKey(p, '*')).length > 0;
    else if (type === 'analyzer') {
      const an = e.args.length > 2 ? this.analyzerArg(e.args[2]!, 'EXISTS') : s.analyzer;
      keys = (p, d) => present(p, d) && concreteKeys(d, stringKey(p, an)).length > 0;
    } else if (type === 'numeric') keys = (p, d) => typed(p, d, ['n']);
    else if (type === 'bool' || type === 'boolean') keys = (p, d) => typed(p, d, ['b']);
    else if (type === 'null') keys = (p, d) => typed(p, d, ['z']);
    else throw bad(`'EXISTS' AQL function: 2nd argument must be equal to one of the following: 'type', 'analyzer', 'string', 'numeric', 'bool', 'boolean', 'null', but got '${String(type)}'`);
    return (d, row) => {
      const p = path(row);
      return p !== undefined && keys(p, d) ? [] : null;
    };
  }

  inRangeFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    if (e.args.length !== 5) throw bad("'IN_RANGE' AQL function: Invalid number of arguments passed (expected 5)");
    const path = this.requirePath(e.args[0]!, e);
    const [lo, hi, li, hi2] = e.args.slice(1).map((a) => this.arg(a, e));
    return (d, row) => {
      const p = path(row);
      if (p === undefined) return null;
      return this.range(d, p, lo!(row), toBool(li!(row)), hi!(row), toBool(hi2!(row)), s);
    };
  }

  startsWithFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const path = this.requirePath(e.args[0]!, e);
    const prefixes = this.arg(e.args[1]!, e);
    const minMatch = e.args.length > 2 ? this.arg(e.args[2]!, e) : undefined;
    return (d, row) => {
      const p = path(row);
      const pv = prefixes(row);
      if (p === undefined) return null;
      const list = Array.isArray(pv) ? pv : [pv];
      if (!list.every((x) => typeof x === 'string')) throw bad("'STARTS_WITH' AQL function: 2nd argument must be a string or an array of strings");
      const min = Array.isArray(pv) ? (minMatch ? Number(minMatch(row)) : 1) : 1;
      const key = stringKey(p, s.analyzer);
      let matched = 0;
      let hits: Hit[] = [];
      for (const prefix of list as string[]) {
        const h = this.terms(d, key, (t) => typeof t === 'string' && t.startsWith(prefix), s.boost);
        if (h.length > 0) {
          matched++;
          hits = hits.concat(h);
        }
      }
      return matched >= min ? hits : null;
    };
  }

  /**
   * LEVENSHTEIN_MATCH(path, target, distance, transpositions = true, maxTerms = 64,
   * prefix = ''): terms starting with the prefix whose remainder is within the distance
   * of the target; only the `maxTerms` closest terms of the field in the whole view (0:
   * all), each scored with iresearch's boost 1 - distance / target length.
   */
  levenshteinFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const path = this.requirePath(e.args[0]!, e);
    const [target, dist, transp, maxTermsE, prefix] = e.args.slice(1).map((a) => this.arg(a, e));
    const allowed = new Map<string, Map<string, number>>();
    return (d, row) => {
      const p = path(row);
      const t = target!(row);
      const max = dist!(row);
      const tr = transp ? transp(row) : true;
      const pre = prefix ? prefix(row) : '';
      const maxTerms = maxTermsE ? maxTermsE(row) : 64;
      if (p === undefined || typeof t !== 'string' || typeof max !== 'number' || typeof pre !== 'string' || typeof maxTerms !== 'number') return null;
      if (max < 0 || (tr ? max > 3 : max > 4)) throw bad(`'LEVENSHTEIN_MATCH' AQL function: 'max_distance' argument must be in range [0, ${tr ? 3 : 4}]`);
      const distance = (x: string) => (x.startsWith(pre) ? editDistance(x.slice(pre.length), t, tr !== false) : Infinity);
      const hits: Hit[] = [];
      for (const key of concreteKeys(d, stringKey(p, s.analyzer))) {
        const sig = JSON.stringify([key, t, max, tr, pre, maxTerms]);
        let terms = allowed.get(sig);
        if (!terms) {
          // the closest terms of the field over the whole view, nearest first
          const all = new Map<string, number>();
          for (const doc of this.ctx.corpus().docs) {
            for (const v of doc.fields.get(key) ?? []) {
              for (const x of v) if (typeof x === 'string' && !all.has(x) && distance(x) <= max) all.set(x, distance(x));
            }
          }
          const ranked = [...all].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          terms = new Map(maxTerms > 0 ? ranked.slice(0, maxTerms) : ranked);
          allowed.set(sig, terms);
        }
        const size = Math.max(1, [...t].length);
        for (const h of this.terms(d, key, (x) => typeof x === 'string' && terms!.has(x), s.boost)) {
          const dd = terms.get(JSON.parse(h.term) as string)!;
          hits.push({ ...h, boost: h.boost * Math.fround(1 - dd / size), group: sig });
        }
      }
      return hits.length > 0 ? hits : null;
    };
  }

  minMatchFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const parts = e.args.slice(0, -1).map((a) => this.compile(a, s));
    const count = this.arg(e.args[e.args.length - 1]!, e);
    return (d, row) => {
      const need = count(row);
      if (typeof need !== 'number') throw bad("'MIN_MATCH' AQL function: last argument must be a number");
      let matched = 0;
      let hits: Hit[] = [];
      for (const m of parts) {
        const h = m(d, row);
        if (h) {
          matched++;
          hits = hits.concat(h);
        }
      }
      return matched >= need ? hits : null;
    };
  }

  likeFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    return this.like(e.args[0]!, e.args[1]!, s, e);
  }

  ngramMatchFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const path = this.requirePath(e.args[0]!, e);
    const target = this.arg(e.args[1]!, e);
    let threshold: Compiled = () => 0.7;
    let analyzer = s.analyzer;
    if (e.args.length === 4) {
      threshold = this.arg(e.args[2]!, e);
      analyzer = this.analyzerArg(e.args[3]!, 'NGRAM_MATCH');
    } else if (e.args.length === 3) {
      const third = this.ctx.compile(e.args[2]!)([]);
      if (typeof third === 'string') analyzer = this.analyzerArg(e.args[2]!, 'NGRAM_MATCH');
      else threshold = this.arg(e.args[2]!, e);
    }
    const cache = new Map<string, string[]>();
    const id = `ngram#${this.phraseIds++}`;
    return (d, row) => {
      const p = path(row);
      const t = target(row);
      const th = threshold(row);
      if (p === undefined || typeof t !== 'string') return null;
      if (typeof th !== 'number' || th <= 0 || th > 1) throw bad("'NGRAM_MATCH' AQL function: threshold must be between 0 and 1");
      for (const key of concreteKeys(d, stringKey(p, analyzer))) {
        const def = this.ctx.resolve(key.split('\u0000')[2]!);
        const want = def ? analyze(def, t, cache) : [];
        if (want.length === 0) continue;
        let best = 0;
        for (const v of d.fields.get(key)!) best = Math.max(best, lcs(want, v as string[]) / want.length);
        // scored as one term, boosted by the similarity reached
        if (best >= th) return [{ key, term: id, tf: 1, boost: s.boost * Math.fround(best), df: () => 1 }];
      }
      return null;
    };
  }

  phraseFn(e: Extract<RExpr, { k: 'call' }>, s: Scope): Matcher {
    const path = this.requirePath(e.args[0]!, e);
    const rest = e.args.slice(1);
    let analyzer = s.analyzer;
    if (rest.length >= 2 && rest.length % 2 === 0) analyzer = this.analyzerArg(rest.pop()!, 'PHRASE');
    const parts = rest.map((a) => this.arg(a, e));
    const cache = new Map<string, string[]>();
    const id = `phrase#${this.phraseIds++}`;
    const dfs = new Map<string, number>();
    const patternOf = (row: Row, key: string): PhraseItem[] => {
      const def = this.ctx.resolve(key.split('\u0000')[2]!);
      const flat: AqlValue[] = [];
      for (const p of parts) {
        const v = p(row);
        if (Array.isArray(v)) flat.push(...v);
        else flat.push(v);
      }
      return phrasePattern(flat, (str) => (def ? analyze(def, str, cache) : []));
    };
    const count = (d: SearchDoc, key: string, pattern: PhraseItem[]): number => {
      let freq = 0;
      for (const v of d.fields.get(key) ?? []) freq += phraseCount(v as string[], pattern);
      return freq;
    };
    return (d, row) => {
      const p = path(row);
      if (p === undefined) return null;
      const hits: Hit[] = [];
      for (const key of concreteKeys(d, stringKey(p, analyzer))) {
        const pattern = patternOf(row, key);
        if (pattern.length === 0) continue;
        const tf = count(d, key, pattern);
        if (tf === 0) continue;
        const sig = `${id}:${key}:${JSON.stringify(pattern.map((x) => [x.offset, x.label]))}`;
        const corpus = this.ctx.corpus;
        const df = () => {
          let n = dfs.get(sig);
          if (n === undefined) dfs.set(sig, (n = corpus().docs.filter((x) => count(x, key, pattern) > 0).length));
          return n;
        };
        hits.push({ key, term: sig, tf, boost: s.boost, df });
      }
      return hits.length > 0 ? hits : null;
    };
  }
}

type FnCompiler = (this: SearchCompiler, e: Extract<RExpr, { k: 'call' }>, s: Scope) => Matcher;

const SEARCH_FUNCTIONS: Record<string, FnCompiler> = {
  ANALYZER: SearchCompiler.prototype.analyzerFn,
  BOOST: SearchCompiler.prototype.boostFn,
  EXISTS: SearchCompiler.prototype.existsFn,
  IN_RANGE: SearchCompiler.prototype.inRangeFn,
  STARTS_WITH: SearchCompiler.prototype.startsWithFn,
  LEVENSHTEIN_MATCH: SearchCompiler.prototype.levenshteinFn,
  MIN_MATCH: SearchCompiler.prototype.minMatchFn,
  LIKE: SearchCompiler.prototype.likeFn,
  NGRAM_MATCH: SearchCompiler.prototype.ngramMatchFn,
  PHRASE: SearchCompiler.prototype.phraseFn,
  MINHASH_MATCH: () => {
    throw enterpriseOnly('MINHASH_MATCH');
  },
  GEO_IN_RANGE: SearchCompiler.prototype.geoInRangeFn,
  GEO_CONTAINS: SearchCompiler.prototype.geoContainsFn,
  GEO_INTERSECTS: SearchCompiler.prototype.geoIntersectsFn,
};

/** A GEO_DISTANCE call (compared with a number, it is a geo filter). */
function isGeoDistance(e: RExpr): boolean {
  return e.k === 'call' && e.def.name === 'GEO_DISTANCE';
}

/** The string keys of a document a field key with analyzer '*' (the field's own) stands for. */
export function concreteKeys(doc: SearchDoc, key: string): string[] {
  if (!key.endsWith('\u0000*')) return doc.fields.has(key) ? [key] : [];
  const prefix = key.slice(0, -1);
  return [...doc.fields.keys()].filter((k) => k.startsWith(prefix));
}

// ---- phrases -------------------------------------------------------------------------

interface PhraseItem {
  offset: number;
  label: string;
  test: (t: string) => boolean;
}

/**
 * The positions a PHRASE's parts ask for: the tokens of strings one after the other,
 * numbers as skipped positions (negative ones move back), an array inside the array form
 * as one position matching any of its strings' tokens, objects as object tokens; offsets
 * are made to start at 0.
 */
function phrasePattern(parts: AqlValue[], tokens: (s: string) => string[]): PhraseItem[] {
  const out: PhraseItem[] = [];
  let pos = 0;
  for (const part of parts) {
    if (typeof part === 'number') {
      pos += Math.trunc(part);
      continue;
    }
    if (typeof part === 'string') {
      for (const t of tokens(part)) out.push({ offset: pos++, label: t, test: (x) => x === t });
      continue;
    }
    if (Array.isArray(part)) {
      const any = part.flatMap((x) => (typeof x === 'string' ? tokens(x) : []));
      if (any.length > 0) out.push({ offset: pos++, label: JSON.stringify(any), test: (x) => any.includes(x) });
      continue;
    }
    if (part !== null && typeof part === 'object') {
      out.push({ offset: pos++, label: JSON.stringify(part), test: objectToken(part as Record<string, AqlValue>) });
      continue;
    }
    throw bad("'PHRASE' AQL function: Unsupported phrase part type");
  }
  const min = Math.min(0, ...out.map((x) => x.offset));
  return out.map((x) => ({ ...x, offset: x.offset - min })).sort((a, b) => a.offset - b.offset);
}

/** {TERM}, {TERMS}, {STARTS_WITH}, {WILDCARD}, {LEVENSHTEIN_MATCH}, {IN_RANGE} as one position's test. */
function objectToken(o: Record<string, AqlValue>): (t: string) => boolean {
  const [name, raw] = Object.entries(o)[0] ?? [];
  // single-value tokens take the value bare or in an array
  const one = Array.isArray(raw) && name?.toUpperCase() !== 'TERMS' && name?.toUpperCase() !== 'LEVENSHTEIN_MATCH' && name?.toUpperCase() !== 'IN_RANGE' ? raw[0] : raw;
  const v = one ?? null;
  switch (name?.toUpperCase()) {
    case 'TERM':
      return (t) => t === v;
    case 'TERMS':
      return (t) => Array.isArray(v) && v.includes(t);
    case 'STARTS_WITH':
      return (t) => typeof v === 'string' && t.startsWith(v);
    case 'WILDCARD': {
      const re = typeof v === 'string' ? likeToRegExp(v, false) : null;
      return (t) => re !== null && re.test(t);
    }
    case 'LEVENSHTEIN_MATCH': {
      const [target, dist, tr, , prefix] = Array.isArray(v) ? v : [];
      const pre = typeof prefix === 'string' ? prefix : '';
      return (t) => typeof target === 'string' && typeof dist === 'number' && t.startsWith(pre) && editDistance(t.slice(pre.length), target, tr !== false) <= dist;
    }
    case 'IN_RANGE': {
      const [lo, hi, li, hi2] = Array.isArray(v) ? v : [];
      return (t) =>
        typeof lo === 'string' && typeof hi === 'string' && (li ? compareBytes(t, lo) >= 0 : compareBytes(t, lo) > 0) && (hi2 ? compareBytes(t, hi) <= 0 : compareBytes(t, hi) < 0);
    }
    default:
      throw bad(`'PHRASE' AQL function: Unsupported phrase part '${String(name)}'`);
  }
}

/** Occurrences of a pattern in one value's tokens. */
function phraseCount(tokens: string[], pattern: PhraseItem[]): number {
  const span = Math.max(...pattern.map((p) => p.offset));
  let n = 0;
  for (let i = 0; i + span < tokens.length; i++) {
    if (pattern.every((p) => p.test(tokens[i + p.offset]!))) n++;
  }
  return n;
}

/** Length of the longest common subsequence of two token lists (n-gram similarity). */
function lcs(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    for (let j = 1; j <= b.length; j++) row[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}

/** ArangoDB refuses V8-run functions (APPLY, CALL, user functions) in SEARCH (9). */
export function dynamicCallError(text: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `ArangoSearch does not support V8 or user-defined functions in SEARCH: '${text}'`);
}

/** Whether an expression calls APPLY, CALL, V8 or a user-defined function (not allowed in SEARCH). */
export function callsDynamic(e: RExpr): boolean {
  if (e.k === 'call' && (e.def.user || ['APPLY', 'CALL', 'V8'].includes(e.def.name))) return true;
  let found = false;
  const visit = (x: unknown): void => {
    if (found || typeof x !== 'object' || x === null) return;
    if (Array.isArray(x)) return x.forEach(visit);
    const r = x as RExpr;
    if (typeof r.k === 'string' && r !== e && callsDynamic(r)) found = true;
    else for (const v of Object.values(x)) if (typeof v === 'object' && v !== null && !('reg' in (v as object))) visit(v);
  };
  for (const v of Object.values(e)) if (typeof v === 'object' && v !== null) visit(v);
  return found;
}

/** Byte order of UTF-8 strings (how ArangoSearch orders string terms). */
export function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/** ArangoDB's text of an expression in its messages (variables by name, `$0` for the loop variable). */
function exprText(e: RExpr, loop: Variable): string {
  const t = (x: RExpr): string => exprText(x, loop);
  switch (e.k) {
    case 'const':
      return JSON.stringify(e.value);
    case 'var':
      return e.v === loop ? '$0' : e.v.name;
    case 'attr':
      return `${t(e.obj)}.${e.name}`;
    case 'index':
      return `${t(e.obj)}[${t(e.index)}]`;
    case 'array':
      return `[${e.items.map(t).join(',')}]`;
    case 'call':
      return `${e.def.name}([${e.args.map(t).join(',')}])`;
    case 'compare':
    case 'arith':
    case 'logical':
      return `(${t(e.left)} ${e.op} ${t(e.right)})`;
    case 'match':
      return `${e.op.toUpperCase()}([${t(e.left)},${t(e.right)}])`;
    case 'unary':
      return `${e.op}${t(e.operand)}`;
    default:
      return e.k;
  }
}

export type { AnalyzerDefinition };
