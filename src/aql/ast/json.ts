// The AST as POST /_api/query returns it: `[{type: "root", subNodes: [...]}]` with
// ArangoDB's node type names (arangod/Aql/AstNode.cpp). ArangoDB calls this format
// subject to change and clients only rely on the root; the shape here follows ArangoDB's
// closely but not exactly (its own AST holds temporary variables and rewrites we lack).
// Names are told apart as ArangoDB's parser does: a declared variable is a "reference",
// anything else a "collection".
import type { BinaryOp, Expr, GraphCollection, GraphDirection, GraphSubject, ObjectMember, Query, Statement } from './nodes.js';
import type { NodeOfType } from './walk.js';

type Json = Record<string, unknown>;

const NOOP: Json = { type: 'no-op' };

const BINARY_TYPES: Readonly<Partial<Record<BinaryOp, string>>> = {
  '+': 'plus',
  '-': 'minus',
  '*': 'times',
  '/': 'division',
  '%': 'modulus',
  '==': 'compare ==',
  '!=': 'compare !=',
  '<': 'compare <',
  '<=': 'compare <=',
  '>': 'compare >',
  '>=': 'compare >=',
  in: 'compare in',
  'not in': 'compare not in',
};

/** LIKE and the regex operators are function calls in ArangoDB's AST, some negated. */
const MATCH_CALLS: Readonly<Partial<Record<BinaryOp, [string, boolean]>>> = {
  like: ['LIKE', false],
  'not like': ['LIKE', true],
  '=~': ['REGEX_TEST', false],
  '!~': ['REGEX_TEST', true],
};

const UNARY_TYPES = { '-': 'unary minus', '+': 'unary plus', '!': 'unary not' } as const;

type ExprJson = { [K in Expr['type']]: (n: NodeOfType<Expr, K>, c: Converter) => Json };
type StatementJson = { [K in Statement['type']]: (n: NodeOfType<Statement, K>, c: Converter) => Json };

const call = (name: string, args: Json[]): Json => ({ type: 'function call', name, subNodes: [{ type: 'array', subNodes: args }] });

const member = (m: ObjectMember, c: Converter): Json =>
  typeof m.key === 'string'
    ? { type: 'object element', name: m.key, subNodes: [c.expr(m.value)] }
    : { type: 'calculated object element', subNodes: [c.expr(m.key), c.expr(m.value)] };

const EXPRESSIONS: ExprJson = {
  value: (n) => ({ type: 'value', value: n.value }),
  array: (n, c) => ({ type: 'array', subNodes: n.elements.map((e) => c.expr(e)) }),
  object: (n, c) => ({ type: 'object', subNodes: n.members.map((m) => member(m, c)) }),
  name: (n, c) => c.reference(n.name),
  bind: (n) => ({ type: 'parameter', name: n.name }),
  bindCollection: (n) => ({ type: 'datasource parameter', name: `@${n.name}` }),
  attribute: (n, c) => ({ type: 'attribute access', name: n.name, subNodes: [c.expr(n.object)] }),
  bindAttribute: (n, c) => ({ type: 'bound attribute access', subNodes: [c.expr(n.object), { type: 'parameter', name: n.param }] }),
  index: (n, c) => ({ type: 'indexed access', subNodes: [c.expr(n.object), c.expr(n.index)] }),
  expansion: (n, c) => c.expansion(n),
  unary: (n, c) => ({ type: UNARY_TYPES[n.op], subNodes: [c.expr(n.operand)] }),
  binary: (n, c) => {
    const match = MATCH_CALLS[n.op];
    if (!match) return { type: BINARY_TYPES[n.op], subNodes: [c.expr(n.left), c.expr(n.right)] };
    const fn = call(match[0], [c.expr(n.left), c.expr(n.right)]);
    return match[1] ? { type: 'unary not', subNodes: [fn] } : fn;
  },
  logical: (n, c) => ({ type: n.op === '&&' ? 'logical and' : 'logical or', subNodes: [c.expr(n.left), c.expr(n.right)] }),
  arrayCompare: (n, c) => ({
    type: `array compare ${n.op}`,
    subNodes: [c.expr(n.left), c.expr(n.right), n.quantifier.kind === 'atLeast' ? { type: 'quantifier', quantifier: 'at least', subNodes: [c.expr(n.quantifier.count)] } : { type: 'quantifier', quantifier: n.quantifier.kind }],
  }),
  ternary: (n, c) => ({ type: 'ternary', subNodes: n.then ? [c.expr(n.condition), c.expr(n.then), c.expr(n.else)] : [c.expr(n.condition), c.expr(n.else)] }),
  range: (n, c) => ({ type: 'range', subNodes: [c.expr(n.from), c.expr(n.to)] }),
  call: (n, c) => {
    const args = n.args.map((a) => c.expr(a));
    const name = n.name.toUpperCase();
    return name.includes('::') ? { type: 'user function call', name, subNodes: [{ type: 'array', subNodes: args }] } : call(name, args);
  },
  subquery: (n, c) => c.scoped(() => ({ type: 'subquery', subNodes: n.query.statements.map((s) => c.statement(s)) })),
};

const options = (o: Expr | undefined, c: Converter): Json => (o ? c.expr(o) : NOOP);

const DIRECTION_NUMBERS = { any: 0, inbound: 1, outbound: 2 } as const;

const direction = (d: GraphDirection, depth: Json): Json => ({ type: 'direction', subNodes: [{ type: 'value', value: DIRECTION_NUMBERS[d] }, depth] });

/** A graph statement's edge collections (`collection list`) or graph name, as ArangoDB's parser builds them. */
function graphJson(g: GraphSubject, c: Converter): Json {
  if (g.kind === 'graph') return c.expr(g.name);
  const one = (x: GraphCollection): Json => {
    const name = x.name.type === 'name' ? { type: 'collection', name: x.name.name } : c.expr(x.name);
    return x.direction ? { type: 'collection direction', subNodes: [{ type: 'value', value: DIRECTION_NUMBERS[x.direction] }, name] } : name;
  };
  return { type: 'collection list', subNodes: g.collections.map(one) };
}

const STATEMENTS: StatementJson = {
  traversal: (n, c) => {
    const parts = [direction(n.direction, n.depth ? c.expr(n.depth) : { type: 'value', value: 1 }), c.expr(n.start), graphJson(n.graph, c)];
    const vars = n.variables.map((v) => c.declare(v));
    const prune = n.prune ? c.expr(n.prune.condition) : NOOP;
    const node = { type: 'traversal', subNodes: [...parts, prune, options(n.options, c), ...vars] };
    if (n.prune?.variable) c.declare(n.prune.variable);
    return node;
  },
  pathSearch: (n, c) => {
    const type = n.kind === 'shortestPath' ? 'shortest path' : n.kind === 'kPaths' ? 'k paths' : n.kind === 'kShortestPaths' ? 'k shortest paths' : 'all shortest paths';
    const parts = [direction(n.direction, n.depth ? c.expr(n.depth) : { type: 'value', value: 1 }), c.expr(n.start), c.expr(n.target), graphJson(n.graph, c), options(n.options, c)];
    return { type, subNodes: [...parts, ...n.variables.map((v) => c.declare(v))] };
  },
  for: (n, c) => {
    const source = c.expr(n.source);
    const variable = c.declare(n.variable);
    // ArangoDB's NODE_TYPE_FOR_VIEW: variable, view, search condition, options
    if (n.search) return { type: 'for view', subNodes: [variable, source, { type: 'search', subNodes: [c.expr(n.search)] }, options(n.options, c)] };
    return { type: 'for', subNodes: [variable, source, options(n.options, c)] };
  },
  let: (n, c) => {
    const value = c.expr(n.expr);
    return { type: 'let', subNodes: [c.declare(n.variable), value] };
  },
  filter: (n, c) => ({ type: 'filter', subNodes: [c.expr(n.condition)] }),
  sort: (n, c) => ({
    type: 'sort',
    subNodes: [{ type: 'array', subNodes: n.elements.map((e) => ({ type: 'sort element', subNodes: [c.expr(e.expr), e.direction ? c.expr(e.direction) : { type: 'value', value: e.ascending }] })) }],
  }),
  limit: (n, c) => ({ type: 'limit', subNodes: [c.expr(n.offset), c.expr(n.count)] }),
  collect: (n, c) => {
    const assign = (variable: string, expr: Expr): Json => {
      const value = c.expr(expr);
      return { type: 'assign', subNodes: [c.declare(variable), value] };
    };
    const groups = n.groups.map((g) => assign(g.variable, g.expr));
    const aggregates = n.aggregates.map((a) => assign(a.variable, a.expr));
    if (n.withCount !== undefined) aggregates.push({ type: 'assign', subNodes: [c.declare(n.withCount), call('LENGTH', [])] });
    const intoExpr = n.into?.expr ? c.expr(n.into.expr) : NOOP;
    const into = n.into ? c.declare(n.into.variable) : NOOP;
    const keep = n.keep ? { type: 'array', subNodes: n.keep.map((k) => c.reference(k)) } : NOOP;
    return { type: 'collect', subNodes: [{ type: 'array', subNodes: groups }, { type: 'aggregations array', subNodes: aggregates }, into, intoExpr, keep, options(n.options, c)] };
  },
  window: (n, c) => {
    const spec = c.expr(n.spec);
    const range = n.range ? c.expr(n.range) : NOOP;
    const aggregates = n.aggregates.map((a) => {
      const value = c.expr(a.expr);
      return { type: 'assign', subNodes: [c.declare(a.variable), value] };
    });
    return { type: 'window', subNodes: [spec, range, { type: 'aggregations array', subNodes: aggregates }] };
  },
  return: (n, c) => ({ type: 'return', subNodes: [n.distinct ? { type: 'distinct', subNodes: [c.expr(n.expr)] } : c.expr(n.expr)] }),
  insert: (n, c) => c.modification({ type: 'insert', subNodes: [options(n.options, c), c.collection(n.collection), c.expr(n.doc)] }),
  update: (n, c) => c.modification({ type: 'update', subNodes: [options(n.options, c), c.collection(n.collection), c.expr(n.with ?? n.key), n.with ? c.expr(n.key) : NOOP] }),
  replace: (n, c) => c.modification({ type: 'replace', subNodes: [options(n.options, c), c.collection(n.collection), c.expr(n.with ?? n.key), n.with ? c.expr(n.key) : NOOP] }),
  remove: (n, c) => c.modification({ type: 'remove', subNodes: [options(n.options, c), c.collection(n.collection), c.expr(n.key)] }),
  upsert: (n, c) =>
    c.modification({
      type: 'upsert',
      subNodes: [options(n.options, c), c.collection(n.collection), c.scoped(() => (c.declare('CURRENT'), c.expr(n.search))), c.expr(n.insert), c.expr(n.update)],
      replace: n.replace,
    }),
};

class Converter {
  private vars = new Map<string, number>();
  private nextId = 0;

  expr(e: Expr): Json {
    const convert = EXPRESSIONS[e.type] as (n: Expr, c: Converter) => Json;
    return convert(e, this);
  }

  statement(s: Statement): Json {
    const convert = STATEMENTS[s.type] as (n: Statement, c: Converter) => Json;
    return convert(s, this);
  }

  declare(name: string): Json {
    const id = this.nextId++;
    this.vars.set(name, id);
    return { type: 'variable', name, id };
  }

  reference(name: string): Json {
    const id = this.vars.get(name);
    return id === undefined ? { type: 'collection', name } : { type: 'reference', name, id };
  }

  /** A modification's target: always a collection, never a variable. */
  collection(e: Expr): Json {
    return e.type === 'name' ? { type: 'collection', name: e.name } : this.expr(e);
  }

  /** After a modification, NEW and OLD are variables. */
  modification(node: Json): Json {
    this.declare('OLD');
    this.declare('NEW');
    return node;
  }

  /** Variables declared inside `fn` are not visible after it. */
  scoped<T>(fn: () => T): T {
    const saved = new Map(this.vars);
    try {
      return fn();
    } finally {
      this.vars = saved;
    }
  }

  expansion(n: Extract<Expr, { type: 'expansion' }>): Json {
    const object = this.expr(n.object);
    return this.scoped(() => {
      const variable = this.declare(n.variable);
      const limit = n.limit ? { type: 'array limit', subNodes: [this.expr(n.limit.offset), this.expr(n.limit.count)] } : NOOP;
      if (n.booleanize) {
        const q = n.quantifier;
        const quantifier: Json =
          q === undefined
            ? NOOP
            : q.kind === 'count'
              ? this.expr(q.count)
              : q.kind === 'range'
                ? { type: 'range', subNodes: [this.expr(q.from), this.expr(q.to)] }
                : q.kind === 'atLeast'
                  ? { type: 'quantifier', quantifier: 'at least', subNodes: [this.expr(q.count)] }
                  : { type: 'quantifier', quantifier: q.kind };
        return {
          type: 'expansion',
          levels: n.levels + 1,
          booleanize: true,
          subNodes: [
            { type: 'iterator', subNodes: [variable, object] },
            this.reference(n.variable),
            { type: 'array filter', subNodes: [quantifier, n.filter ? this.expr(n.filter) : NOOP] },
            NOOP,
            NOOP,
          ],
        };
      }
      return {
        type: 'expansion',
        levels: n.levels + 1,
        subNodes: [
          { type: 'iterator', subNodes: [variable, object] },
          this.reference(n.variable),
          n.filter ? this.expr(n.filter) : NOOP,
          limit,
          n.projection ? this.expr(n.projection) : NOOP,
        ],
      };
    });
  }
}

/** ArangoDB's `ast` attribute of POST /_api/query for a parsed query. */
export function astToJson(q: Query): unknown[] {
  const c = new Converter();
  const subNodes: Json[] = [];
  if (q.with.length > 0 || q.withParams) {
    const names: Json[] = [...q.with.map((name) => ({ type: 'collection', name })), ...(q.withParams ?? []).map((name) => ({ type: 'datasource parameter', name }))];
    subNodes.push({ type: 'with collections', subNodes: [{ type: 'array', subNodes: names }] });
  }
  for (const s of q.statements) subNodes.push(c.statement(s));
  return [dropEmptySubNodes({ type: 'root', subNodes })];
}

/** ArangoDB writes `subNodes` only for a node with members (`RETURN []` has none). */
function dropEmptySubNodes(node: Json): Json {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const o = node as { subNodes?: Json[] };
    if (Array.isArray(o.subNodes)) {
      if (o.subNodes.length === 0) delete o.subNodes;
      else o.subNodes.forEach(dropEmptySubNodes);
    }
  }
  return node;
}
