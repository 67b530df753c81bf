// The AQL parser: the AST of valid queries (printed compactly), operator precedence as
// bison resolves it, every error message word for word with its position, nesting limits,
// and a property test that random or mangled queries only ever fail with ArangoErrors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/aql/parser/index.js';
import { astToJson } from '../../src/aql/ast/json.js';
import { bindParameterNames } from '../../src/aql/ast/walk.js';
import type { Expr, GraphSubject, ObjectMember, Query, Statement } from '../../src/aql/ast/nodes.js';
import { ArangoError } from '../../src/errors/arango-error.js';

// ---- a compact printer for ASTs ---------------------------------------------------------

function key(m: ObjectMember): string {
  if (typeof m.key === 'string') return JSON.stringify(m.key);
  return m.key.type === 'bind' ? `@${m.key.name}` : `[${show(m.key)}]`;
}

function show(e: Expr): string {
  switch (e.type) {
    case 'value': return JSON.stringify(e.value);
    case 'array': return `[${e.elements.map(show).join(', ')}]`;
    case 'object': return `{${e.members.map((m) => `${key(m)}: ${show(m.value)}`).join(', ')}}`;
    case 'name': return e.name;
    case 'bind': return `@${e.name}`;
    case 'bindCollection': return `@@${e.name}`;
    case 'attribute': return `${show(e.object)}.${e.name}`;
    case 'bindAttribute': return `${show(e.object)}.@${e.param}`;
    case 'index': return `${show(e.object)}[${show(e.index)}]`;
    case 'expansion': {
      const parts = [`[${'*'.repeat(e.levels + 1)}]`, show(e.object)];
      if (e.filter) parts.push(`filter:${show(e.filter)}`);
      if (e.limit) parts.push(`limit:${show(e.limit.offset)},${show(e.limit.count)}`);
      if (e.projection) parts.push(`proj:${show(e.projection)}`);
      return `(${parts.join(' ')})`;
    }
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'binary':
    case 'logical': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'arrayCompare': {
      const q = e.quantifier.kind === 'atLeast' ? `atLeast(${show(e.quantifier.count)})` : e.quantifier.kind;
      return `(${q} ${e.op} ${show(e.left)} ${show(e.right)})`;
    }
    case 'ternary': return e.then ? `(? ${show(e.condition)} ${show(e.then)} ${show(e.else)})` : `(?: ${show(e.condition)} ${show(e.else)})`;
    case 'range': return `(.. ${show(e.from)} ${show(e.to)})`;
    case 'call': return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'subquery': return `(${showStatements(e.query.statements)})`;
  }
}

const opt = (o: Expr | undefined): string => (o ? ` OPTIONS ${show(o)}` : '');

const showGraph = (g: GraphSubject): string =>
  g.kind === 'graph' ? `GRAPH ${show(g.name)}` : g.collections.map((c) => `${c.direction ? `${c.direction.toUpperCase()} ` : ''}${show(c.name)}`).join(', ');

function showStatement(s: Statement): string {
  switch (s.type) {
    case 'for': return `FOR ${s.variable} IN ${show(s.source)}${opt(s.options)}`;
    case 'traversal':
      return `FOR ${s.variables.join(', ')} IN ${s.depth ? `${show(s.depth)} ` : ''}${s.direction.toUpperCase()} ${show(s.start)} ${showGraph(s.graph)}${s.prune ? ` PRUNE ${s.prune.variable ? `${s.prune.variable} = ` : ''}${show(s.prune.condition)}` : ''}${opt(s.options)}`;
    case 'pathSearch':
      return `FOR ${s.variables.join(', ')} IN ${s.depth ? `${show(s.depth)} ` : ''}${s.direction.toUpperCase()} ${s.kind} ${show(s.start)} TO ${show(s.target)} ${showGraph(s.graph)}${opt(s.options)}`;
    case 'let': return `LET ${s.variable} = ${show(s.expr)}`;
    case 'filter': return `FILTER ${show(s.condition)}`;
    case 'sort': return `SORT ${s.elements.map((e) => `${show(e.expr)} ${e.direction ? show(e.direction) : e.ascending ? 'ASC' : 'DESC'}`).join(', ')}`;
    case 'limit': return `LIMIT ${show(s.offset)}, ${show(s.count)}`;
    case 'collect': {
      let out = 'COLLECT';
      if (s.groups.length) out += ` ${s.groups.map((g) => `${g.variable} = ${show(g.expr)}`).join(', ')}`;
      if (s.aggregates.length) out += ` AGGREGATE ${s.aggregates.map((g) => `${g.variable} = ${show(g.expr)}`).join(', ')}`;
      if (s.into) out += ` INTO ${s.into.variable}${s.into.expr ? ` = ${show(s.into.expr)}` : ''}`;
      if (s.keep) out += ` KEEP ${s.keep.join(', ')}`;
      if (s.withCount !== undefined) out += ` WITH COUNT INTO ${s.withCount}`;
      return out + opt(s.options);
    }
    case 'window': return `WINDOW ${s.range ? `${show(s.range)} WITH ` : ''}${show(s.spec)} AGGREGATE ${s.aggregates.map((g) => `${g.variable} = ${show(g.expr)}`).join(', ')}`;
    case 'return': return `RETURN ${s.distinct ? 'DISTINCT ' : ''}${show(s.expr)}`;
    case 'insert': return `INSERT ${show(s.doc)} INTO ${show(s.collection)}${opt(s.options)}`;
    case 'update':
    case 'replace': return `${s.type.toUpperCase()} ${show(s.key)}${s.with ? ` WITH ${show(s.with)}` : ''} IN ${show(s.collection)}${opt(s.options)}`;
    case 'remove': return `REMOVE ${show(s.key)} IN ${show(s.collection)}${opt(s.options)}`;
    case 'upsert': return `UPSERT ${s.filter ? 'FILTER ' : ''}${show(s.search)} INSERT ${show(s.insert)} ${s.replace ? 'REPLACE' : 'UPDATE'} ${show(s.update)} IN ${show(s.collection)}${opt(s.options)}`;
  }
}

function showStatements(statements: readonly Statement[]): string {
  return statements.map(showStatement).join('; ');
}

function showQuery(q: Query): string {
  const withs = [...q.with, ...(q.withParams ?? []).map((p) => `@${p}`)];
  return (withs.length ? `WITH ${withs.join(', ')}; ` : '') + showStatements(q.statements);
}

/** The single RETURN expression of `RETURN <expr>`. */
function expr(text: string): string {
  const q = parse(`RETURN ${text}`);
  return show((q.statements[0] as Extract<Statement, { type: 'return' }>).expr);
}

function failure(text: string): ArangoError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ArangoError) return e;
    throw e;
  }
  assert.fail(`parsed without error: ${text}`);
}

// ---- valid queries ----------------------------------------------------------------------

interface ValidCase {
  id: string;
  aql: string;
  ast: string;
}

const STATEMENT_CASES: ValidCase[] = [
  { id: 'q-1', aql: 'FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3', ast: 'FOR i IN (.. 1 100); FILTER (> i 10); LIMIT 0, 2; RETURN (* i 3)' },
  { id: 'q-2', aql: 'for u in users filter u.name == @name limit 2 return u.n', ast: 'FOR u IN users; FILTER (== u.name @name); LIMIT 0, 2; RETURN u.n' },
  { id: 'q-3', aql: 'FOR d IN @@coll OPTIONS { indexHint: "byName", forceIndexHint: true } RETURN d', ast: 'FOR d IN @@coll OPTIONS {"indexHint": "byName", "forceIndexHint": true}; RETURN d' },
  { id: 'q-4', aql: 'FOR x IN (FOR y IN 1..3 RETURN y) RETURN x', ast: 'FOR x IN (FOR y IN (.. 1 3); RETURN y); RETURN x' },
  { id: 'q-5', aql: 'FOR x IN [1, 2] FOR y IN x.list RETURN [x, y]', ast: 'FOR x IN [1, 2]; FOR y IN x.list; RETURN [x, y]' },
  { id: 'q-6', aql: 'LET a = 1, b = a + 1 RETURN b', ast: 'LET a = 1; LET b = (+ a 1); RETURN b' },
  { id: 'q-7', aql: 'FOR x IN c SORT x.a, x.b DESC, x.c asc SORT x.d "DESC", x.e false, x.f @dir RETURN x', ast: 'FOR x IN c; SORT x.a ASC, x.b DESC, x.c ASC; SORT x.d DESC, x.e DESC, x.f @dir; RETURN x' },
  { id: 'q-8', aql: 'FOR x IN c LIMIT 5, 10 RETURN x', ast: 'FOR x IN c; LIMIT 5, 10; RETURN x' },
  { id: 'q-9', aql: 'FOR x IN c RETURN DISTINCT x.a', ast: 'FOR x IN c; RETURN DISTINCT x.a' },
  { id: 'q-10', aql: 'WITH a, b c RETURN 1', ast: 'WITH a, b, c; RETURN 1' },
  { id: 'q-11', aql: 'WITH `a b`, @c, @@d RETURN 1', ast: 'WITH a b, @c, @@d; RETURN 1' },
  { id: 'q-12', aql: 'FOR x IN c COLLECT a = x.a, b = x.b RETURN [a, b]', ast: 'FOR x IN c; COLLECT a = x.a, b = x.b; RETURN [a, b]' },
  { id: 'q-13', aql: 'FOR x IN c COLLECT a = x.a INTO g RETURN g', ast: 'FOR x IN c; COLLECT a = x.a INTO g; RETURN g' },
  { id: 'q-14', aql: 'FOR x IN c COLLECT a = x.a INTO g = x.name RETURN g', ast: 'FOR x IN c; COLLECT a = x.a INTO g = x.name; RETURN g' },
  { id: 'q-15', aql: 'FOR x IN c LET y = 1 COLLECT a = x.a INTO g KEEP x, y RETURN g', ast: 'FOR x IN c; LET y = 1; COLLECT a = x.a INTO g KEEP x, y; RETURN g' },
  { id: 'q-16', aql: 'FOR x IN c COLLECT a = x.a WITH COUNT INTO n RETURN n', ast: 'FOR x IN c; COLLECT a = x.a WITH COUNT INTO n; RETURN n' },
  { id: 'q-17', aql: 'FOR x IN c COLLECT WITH COUNT INTO n RETURN n', ast: 'FOR x IN c; COLLECT WITH COUNT INTO n; RETURN n' },
  { id: 'q-18', aql: 'FOR x IN c COLLECT AGGREGATE lo = MIN(x.v), hi = MAX(x.v) RETURN [lo, hi]', ast: 'FOR x IN c; COLLECT AGGREGATE lo = MIN(x.v), hi = MAX(x.v); RETURN [lo, hi]' },
  { id: 'q-19', aql: 'FOR x IN c COLLECT a = x.a AGGREGATE s = SUM(x.v) INTO g OPTIONS { method: "sorted" } RETURN s', ast: 'FOR x IN c; COLLECT a = x.a AGGREGATE s = SUM(x.v) INTO g OPTIONS {"method": "sorted"}; RETURN s' },
  { id: 'q-20', aql: 'COLLECT WITH COUNT INTO n OPTIONS {method: "hash"} RETURN n', ast: 'COLLECT WITH COUNT INTO n OPTIONS {"method": "hash"}; RETURN n' },
  { id: 'q-21', aql: 'INSERT { a: 1 } INTO c', ast: 'INSERT {"a": 1} INTO c' },
  { id: 'q-22', aql: 'INSERT {a: 1} IN c OPTIONS { overwriteMode: "replace" } RETURN NEW', ast: 'INSERT {"a": 1} INTO c OPTIONS {"overwriteMode": "replace"}; RETURN NEW' },
  { id: 'q-23', aql: 'FOR i IN 1..3 INSERT {i} INTO @@c', ast: 'FOR i IN (.. 1 3); INSERT {"i": i} INTO @@c' },
  { id: 'q-24', aql: 'INSERT {} INTO "my-coll"', ast: 'INSERT {} INTO my-coll' },
  { id: 'q-25', aql: 'FOR d IN c UPDATE d WITH { x: 1 } IN c RETURN OLD', ast: 'FOR d IN c; UPDATE d WITH {"x": 1} IN c; RETURN OLD' },
  { id: 'q-26', aql: 'FOR d IN c UPDATE { _key: d._key, x: 2 } INTO c', ast: 'FOR d IN c; UPDATE {"_key": d._key, "x": 2} IN c' },
  { id: 'q-27', aql: 'FOR d IN c REPLACE d._key WITH {y: 1} IN c OPTIONS { waitForSync: true }', ast: 'FOR d IN c; REPLACE d._key WITH {"y": 1} IN c OPTIONS {"waitForSync": true}' },
  { id: 'q-28', aql: 'FOR d IN c REMOVE d IN c LET r = OLD RETURN r', ast: 'FOR d IN c; REMOVE d IN c; LET r = OLD; RETURN r' },
  { id: 'q-29', aql: 'UPSERT { k: 1 } INSERT { k: 1, n: 1 } UPDATE { n: OLD.n + 1 } IN c RETURN NEW', ast: 'UPSERT {"k": 1} INSERT {"k": 1, "n": 1} UPDATE {"n": (+ OLD.n 1)} IN c; RETURN NEW' },
  { id: 'q-30', aql: 'UPSERT @s INSERT @d REPLACE @d INTO c', ast: 'UPSERT @s INSERT @d REPLACE @d IN c' },
  { id: 'q-31', aql: 'UPSERT FILTER CURRENT.k == 1 INSERT {k: 1} UPDATE {} IN c', ast: 'UPSERT FILTER (== CURRENT.k 1) INSERT {"k": 1} UPDATE {} IN c' },
  { id: 'q-32', aql: 'INSERT x IN y IN c', ast: 'INSERT (in x y) INTO c' },
  { id: 'q-33', aql: 'INSERT x IN y INTO c', ast: 'INSERT (in x y) INTO c' },
  { id: 'q-34', aql: 'UPDATE x IN y WITH {} IN c', ast: 'UPDATE (in x y) WITH {} IN c' },
  { id: 'q-35', aql: 'INSERT {} IN c FOR x IN c RETURN x', ast: 'INSERT {} INTO c; FOR x IN c; RETURN x' },
  { id: 'q-36', aql: 'LET x = (INSERT {} INTO c) RETURN x', ast: 'LET x = (INSERT {} INTO c); RETURN x' },
  { id: 'q-37', aql: 'RETURN LENGTH(FOR x IN c RETURN x)', ast: 'RETURN LENGTH((FOR x IN c; RETURN x))' },
  { id: 'q-38', aql: 'RETURN f(FOR x IN c RETURN x, INSERT {} INTO d, 2)', ast: 'RETURN f((FOR x IN c; RETURN x), (INSERT {} INTO d), 2)' },
  { id: 'q-39', aql: '/* c */ FOR x /* in */ IN c // the end\n RETURN x // !', ast: 'FOR x IN c; RETURN x' },
  { id: 'q-40', aql: 'FOR x IN `filter` RETURN x.`sort`', ast: 'FOR x IN filter; RETURN x.sort' },
  { id: 'q-41', aql: 'RETURN 1 ä this is ignored, as ArangoDB stops at a non-ASCII byte', ast: 'RETURN 1' },
  { id: 'q-42', aql: 'FOR x IN y OPTIONS {a: -1, b: [1, "x"], c: {d: null}} RETURN x', ast: 'FOR x IN y OPTIONS {"a": (- 1), "b": [1, "x"], "c": {"d": null}}; RETURN x' },
  { id: 'q-43', aql: 'LET $x = 1 RETURN $x', ast: 'LET $x = 1; RETURN $x' },
  { id: 'g-1', aql: 'FOR v IN OUTBOUND "a/1" e RETURN v', ast: 'FOR v IN OUTBOUND "a/1" e; RETURN v' },
  { id: 'g-2', aql: 'FOR v, e, p IN 1..x.n ANY s._id e1, INBOUND e2, ANY @@e3, OUTBOUND @e4 RETURN p', ast: 'FOR v, e, p IN (.. 1 x.n) ANY s._id e1, INBOUND e2, ANY @@e3, OUTBOUND @e4; RETURN p' },
  { id: 'g-3', aql: 'FOR v IN 2 INBOUND x GRAPH "g" PRUNE c = v.a == 1 OPTIONS {order: "bfs"} RETURN c', ast: 'FOR v IN 2 INBOUND x GRAPH "g" PRUNE c = (== v.a 1) OPTIONS {"order": "bfs"}; RETURN c' },
  { id: 'g-4', aql: 'FOR v IN ANY x GRAPH @g prune v.a options {} RETURN v', ast: 'FOR v IN ANY x GRAPH @g PRUNE v.a OPTIONS {}; RETURN v' },
  { id: 'g-5', aql: 'FOR v IN OUTBOUND "a" ANY e RETURN v', ast: 'FOR v IN OUTBOUND "a" ANY e; RETURN v' },
  { id: 'g-6', aql: 'FOR v, e IN OUTBOUND SHORTEST_PATH "a/1" to "a/2" GRAPH g OPTIONS {weightAttribute: "w"} RETURN v', ast: 'FOR v, e IN OUTBOUND shortestPath "a/1" TO "a/2" GRAPH "g" OPTIONS {"weightAttribute": "w"}; RETURN v' },
  { id: 'g-7', aql: 'FOR p IN 2..4 ANY K_PATHS s TO t ANY e RETURN p', ast: 'FOR p IN (.. 2 4) ANY kPaths s TO t ANY e; RETURN p' },
  { id: 'g-8', aql: 'FOR p IN INBOUND K_SHORTEST_PATHS s TO t e RETURN p', ast: 'FOR p IN INBOUND kShortestPaths s TO t e; RETURN p' },
  { id: 'g-9', aql: 'FOR p IN ANY ALL_SHORTEST_PATHS s TO t e1, e2 RETURN p', ast: 'FOR p IN ANY allShortestPaths s TO t e1, e2; RETURN p' },
  { id: 'g-10', aql: 'FOR v IN OUTBOUND x ANY == y e RETURN v', ast: 'FOR v IN OUTBOUND (any == x y) e; RETURN v' },
  { id: 'w-1', aql: 'FOR t IN c WINDOW {preceding: 1, following: "unbounded"} AGGREGATE s = SUM(t.v), a = avg(t.v) RETURN [s, a]', ast: 'FOR t IN c; WINDOW {"preceding": 1, "following": "unbounded"} AGGREGATE s = SUM(t.v), a = avg(t.v); RETURN [s, a]' },
  { id: 'w-2', aql: 'FOR t IN c WINDOW DATE_TIMESTAMP(t.time) WITH { preceding: "PT30M" } AGGREGATE n = COUNT() RETURN n', ast: 'FOR t IN c; WINDOW DATE_TIMESTAMP(t.time) WITH {"preceding": "PT30M"} AGGREGATE n = COUNT(); RETURN n' },
  { id: 'w-3', aql: 'WINDOW {"following": @f} AGGREGATE n = LENGTH(1) WINDOW {preceding: 1} AGGREGATE m = MAX(n) RETURN m', ast: 'WINDOW {"following": @f} AGGREGATE n = LENGTH(1); WINDOW {"preceding": 1} AGGREGATE m = MAX(n); RETURN m' },
  // a bare object followed by anything but AGGREGATE is an expression (bison reduces it so)
  { id: 'w-4', aql: 'FOR t IN c WINDOW {a: t.v}.a WITH {following: 2} AGGREGATE u = UNIQUE(t) RETURN u', ast: 'FOR t IN c; WINDOW {"a": t.v}.a WITH {"following": 2} AGGREGATE u = UNIQUE(t); RETURN u' },
  { id: 'w-5', aql: 'FOR t IN c WINDOW {a: 1} WITH {preceding: 1} AGGREGATE u = SUM(1) RETURN u', ast: 'FOR t IN c; WINDOW {"a": 1} WITH {"preceding": 1} AGGREGATE u = SUM(1); RETURN u' },
  { id: 'w-6', aql: 'FOR t IN c WINDOW {preceding: 1} AGGREGATE s = SUM(t.v) INSERT {s} INTO d', ast: 'FOR t IN c; WINDOW {"preceding": 1} AGGREGATE s = SUM(t.v); INSERT {"s": s} INTO d' },
];

describe('AQL parser: statements', () => {
  for (const c of STATEMENT_CASES) {
    it(`${c.id}: parses ${JSON.stringify(c.aql).slice(0, 70)}`, () => {
      assert.equal(showQuery(parse(c.aql)), c.ast);
    });
  }

  it('records where each node starts (byte offsets into the text)', () => {
    const q = parse('FOR x IN c\n  FILTER x.a == 1\n  RETURN x');
    assert.equal(q.pos, 0);
    assert.deepEqual(q.statements.map((s) => s.pos), [0, 13, 31]);
    const filter = q.statements[1] as Extract<Statement, { type: 'filter' }>;
    assert.equal(filter.condition.pos, 20);
  });

  it('gives LIMIT n an offset of 0 and keeps the number types of literals', () => {
    const q = parse('LIMIT 3 RETURN [1, 1.5, 0x10, 1e2]');
    const limit = q.statements[0] as Extract<Statement, { type: 'limit' }>;
    assert.deepEqual({ ...limit.offset, pos: 0 }, { type: 'value', pos: 0, value: 0 });
    assert.equal(expr('[1, 1.5, 0x10, 1e2, .5, "a\\nb", null, true, FALSE]'), '[1, 1.5, 16, 100, 0.5, "a\\nb", null, true, false]');
  });

  it('turns a number literal too large for a double into null with warning 1504', () => {
    const q = parse('RETURN [1e400, 2]');
    assert.equal(showQuery(q), 'RETURN [null, 2]');
    assert.deepEqual(q.warnings, [{ code: 1504, message: 'number out of range' }]);
    assert.equal(parse('RETURN 1').warnings, undefined);
  });
});

const EXPRESSION_CASES: ValidCase[] = [
  { id: 'e-1', aql: '{a: 1, "b c": 2, \'d\': 3, e, @k: 4, [CONCAT("f", 1)]: 5,}', ast: '{"a": 1, "b c": 2, "d": 3, "e": e, @k: 4, [CONCAT("f", 1)]: 5}' },
  { id: 'e-2', aql: '[1, [2, []], {},]', ast: '[1, [2, []], {}]' },
  { id: 'e-3', aql: 'a.b.c', ast: 'a.b.c' },
  { id: 'e-4', aql: 'a.@p.@@q', ast: 'a.@p.@@q' },
  { id: 'e-5', aql: 'a[0]["x"][-1]', ast: 'a[0]["x"][(- 1)]' },
  { id: 'e-6', aql: '@p.x[1]', ast: '@p.x[1]' },
  { id: 'e-7', aql: '{a: 1}.a', ast: '{"a": 1}.a' },
  { id: 'e-8', aql: '[1, 2][0]', ast: '[1, 2][0]' },
  { id: 'e-9', aql: 'f(x).y', ast: 'f(x).y' },
  { id: 'e-10', aql: '(x).y', ast: 'x.y' },
  { id: 'e-11', aql: 'u[*]', ast: '([*] u)' },
  { id: 'e-12', aql: 'u[*].name', ast: '([*] u proj:CURRENT.name)' },
  { id: 'e-13', aql: 'u[*].friends[*].name', ast: '([*] u proj:([*] CURRENT.friends proj:CURRENT.name))' },
  { id: 'e-14', aql: 'u[**]', ast: '([**] u)' },
  { id: 'e-15', aql: 'u[*].a[**].b', ast: '([**] ([*] u proj:CURRENT.a) proj:CURRENT.b)' },
  { id: 'e-16', aql: 'u[* FILTER CURRENT.a > 1 LIMIT 2 RETURN CURRENT.b]', ast: '([*] u filter:(> CURRENT.a 1) limit:0,2 proj:CURRENT.b)' },
  { id: 'e-17', aql: 'u[* LIMIT 1, 2]', ast: '([*] u limit:1,2)' },
  { id: 'e-18', aql: 'u[* RETURN CURRENT.a].b', ast: '([*] u proj:CURRENT.a.b)' },
  { id: 'e-19', aql: '(u[*].a).b', ast: '([*] u proj:CURRENT.a).b' },
  { id: 'e-20', aql: 'u[*][0]', ast: '([*] u proj:CURRENT[0])' },
  { id: 'e-21', aql: 'LENGTH(x) + length(y) - ns::fn(1) * ns::sub::fn()', ast: '(- (+ LENGTH(x) length(y)) (* ns::fn(1) ns::sub::fn()))' },
  { id: 'e-22', aql: 'LIKE(a, "b%") AND a LIKE "b%"', ast: '(&& LIKE(a, "b%") (like a "b%"))' },
  { id: 'e-23', aql: 'a NOT LIKE b || a =~ b || a !~ b || a NOT =~ b', ast: '(|| (|| (|| (not like a b) (=~ a b)) (!~ a b)) (!~ a b))' },
  { id: 'e-24', aql: 'a IN b && a NOT IN b', ast: '(&& (in a b) (not in a b))' },
  { id: 'e-25', aql: 'x ? 1 : 2', ast: '(? x 1 2)' },
  { id: 'e-26', aql: 'x ?: 2', ast: '(?: x 2)' },
  { id: 'e-27', aql: '[1, 2] ANY IN x', ast: '(any in [1, 2] x)' },
  { id: 'e-28', aql: 'x ALL == 1', ast: '(all == x 1)' },
  { id: 'e-29', aql: 'x NONE > 1', ast: '(none > x 1)' },
  { id: 'e-30', aql: 'x AT LEAST (1 + 1) NOT IN y', ast: '(atLeast((+ 1 1)) not in x y)' },
  { id: 'e-31', aql: '(FOR x IN y RETURN x)[0]', ast: '(FOR x IN y; RETURN x)[0]' },
  { id: 'e-32', aql: 'CURRENT', ast: 'CURRENT' },
  { id: 'e-33', aql: 'NEW.a + OLD.b', ast: '(+ NEW.a OLD.b)' },
  { id: 'e-34', aql: '`my-var` + ´other var´', ast: '(+ my-var other var)' },
  { id: 'e-35', aql: '-1 + +2 - !true', ast: '(- (+ (- 1) (+ 2)) (! true))' },
];

describe('AQL parser: expressions', () => {
  for (const c of EXPRESSION_CASES) {
    it(`${c.id}: parses ${JSON.stringify(c.aql).slice(0, 70)}`, () => {
      assert.equal(expr(c.aql), c.ast);
    });
  }
});

/** Operator precedence exactly as grammar.y's %left/%right lines make bison resolve it. */
const PRECEDENCE_CASES: ValidCase[] = [
  { id: 'p-1', aql: '1 + 2 * 3', ast: '(+ 1 (* 2 3))' },
  { id: 'p-2', aql: '1 - 2 - 3', ast: '(- (- 1 2) 3)' },
  { id: 'p-3', aql: '8 / 4 % 3 * 2', ast: '(* (% (/ 8 4) 3) 2)' },
  { id: 'p-4', aql: 'a || b && c', ast: '(|| a (&& b c))' },
  { id: 'p-5', aql: 'a OR b AND c OR d', ast: '(|| (|| a (&& b c)) d)' },
  { id: 'p-6', aql: 'a == b && c != d', ast: '(&& (== a b) (!= c d))' },
  { id: 'p-7', aql: 'a < b == c > d', ast: '(== (< a b) (> c d))' },
  { id: 'p-8', aql: 'a IN b == c', ast: '(== (in a b) c)' },
  { id: 'p-9', aql: 'a < b IN c', ast: '(in (< a b) c)' },
  { id: 'p-10', aql: '1..2 + 3', ast: '(.. 1 (+ 2 3))' },
  { id: 'p-11', aql: '1..2 < 3', ast: '(< (.. 1 2) 3)' },
  { id: 'p-12', aql: 'NOT a == b', ast: '(== (! a) b)' },
  { id: 'p-13', aql: '!a && b', ast: '(&& (! a) b)' },
  { id: 'p-14', aql: '-a * b', ast: '(* (- a) b)' },
  { id: 'p-15', aql: '- -a', ast: '(- (- a))' },
  { id: 'p-16', aql: '-a.b[0]', ast: '(- a.b[0])' },
  { id: 'p-17', aql: 'a ? b : c ? d : e', ast: '(? a b (? c d e))' },
  { id: 'p-18', aql: 'a || b ? c : d', ast: '(? (|| a b) c d)' },
  { id: 'p-19', aql: 'a ? b : c || d', ast: '(? a b (|| c d))' },
  { id: 'p-20', aql: 'a ? b ? c : d : e', ast: '(? a (? b c d) e)' },
  { id: 'p-21', aql: 'a ?: b ?: c', ast: '(?: a (?: b c))' },
  { id: 'p-22', aql: 'a == b ALL == c', ast: '(all == (== a b) c)' },
  { id: 'p-23', aql: 'a AND b ALL == c', ast: '(&& a (all == b c))' },
  { id: 'p-24', aql: 'a ALL == b == c', ast: '(== (all == a b) c)' },
  { id: 'p-25', aql: 'a ANY IN b == c', ast: '(== (any in a b) c)' },
  { id: 'p-26', aql: 'a ALL == b + 1', ast: '(all == a (+ b 1))' },
  { id: 'p-27', aql: 'a == b LIKE c', ast: '(like (== a b) c)' },
  { id: 'p-28', aql: 'a == b NOT LIKE c', ast: '(== a (not like b c))' },
  { id: 'p-29', aql: 'a < b NOT LIKE c', ast: '(not like (< a b) c)' },
  { id: 'p-30', aql: 'a NOT LIKE b < c', ast: '(not like a (< b c))' },
  { id: 'p-31', aql: 'a IN b NOT IN c', ast: '(not in (in a b) c)' },
  { id: 'p-32', aql: 'a =~ b == c', ast: '(== (=~ a b) c)' },
  { id: 'p-33', aql: 'a AT LEAST (1) == b AND c', ast: '(&& (atLeast(1) == a b) c)' },
  { id: 'p-34', aql: 'a + b ALL IN c', ast: '(all in (+ a b) c)' },
  { id: 'p-35', aql: '(a || b) && c', ast: '(&& (|| a b) c)' },
];

describe('AQL parser: precedence', () => {
  for (const c of PRECEDENCE_CASES) {
    it(`${c.id}: groups ${c.aql} as ${c.ast}`, () => {
      assert.equal(expr(c.aql), c.ast);
    });
  }
});

// ---- errors -------------------------------------------------------------------------------

interface ErrorCase {
  id: string;
  aql: string;
  errorNum: number;
  message: string;
}

/**
 * Syntax errors, worded as ArangoDB's bison parser words them (the "expecting" lists
 * included), with the snippet and position ArangoDB reports.
 */
const SYNTAX_ERRORS: ErrorCase[] = [
  { id: 'err-1', aql: 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3', errorNum: 1501, message: "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26" },
  { id: 'err-2', aql: 'YODA', errorNum: 1501, message: "syntax error, unexpected identifier near 'YODA' at position 1:1" },
  { id: 'err-3', aql: '    ', errorNum: 1501, message: "syntax error, unexpected end of query string near '    ' at position 1:1" },
  { id: 'err-4', aql: '// nothing but a comment', errorNum: 1501, message: "syntax error, unexpected end of query string near ' nothing but a comment' at position 1:3" },
  { id: 'err-5', aql: 'FOR i IN 1..2', errorNum: 1501, message: "syntax error, unexpected end of query string near '2' at position 1:13" },
  { id: 'err-6', aql: 'FOR u IN users\n  FILTER u.a == 1\n', errorNum: 1501, message: "syntax error, unexpected end of query string near '' at position 3:1" },
  { id: 'err-7', aql: 'RETURN', errorNum: 1501, message: "syntax error, unexpected end of query string near 'RETURN' at position 1:1" },
  { id: 'err-8', aql: 'FOR IN x RETURN 1', errorNum: 1501, message: "syntax error, unexpected IN keyword, expecting identifier near 'IN x RETURN 1' at position 1:5" },
  { id: 'err-9', aql: 'FOR x y RETURN 1', errorNum: 1501, message: "syntax error, unexpected identifier, expecting IN keyword near 'y RETURN 1' at position 1:7" },
  { id: 'err-10', aql: 'FOR x, IN y RETURN 1', errorNum: 1501, message: "syntax error, unexpected IN keyword, expecting identifier near 'IN y RETURN 1' at position 1:8" },
  { id: 'err-11', aql: 'RETURN (1 + 2', errorNum: 1501, message: "syntax error, unexpected end of query string near '2' at position 1:13" },
  { id: 'err-12', aql: 'RETURN (1 + 2))', errorNum: 1501, message: "syntax error, unexpected ), expecting end of query string near ')' at position 1:15" },
  { id: 'err-13', aql: 'RETURN [1, 2', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting ] near '2' at position 1:12" },
  { id: 'err-14', aql: 'RETURN [1, 2)', errorNum: 1501, message: "syntax error, unexpected ), expecting ] near ')' at position 1:13" },
  { id: 'err-15', aql: 'RETURN {a: 1', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting } near '1' at position 1:12" },
  { id: 'err-16', aql: 'RETURN f(1, 2', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting ) near '2' at position 1:13" },
  { id: 'err-17', aql: 'RETURN x[1', errorNum: 1501, message: "syntax error, unexpected end of query string near '1' at position 1:10" },
  { id: 'err-18', aql: 'LET x 1 RETURN x', errorNum: 1501, message: "syntax error, unexpected integer number, expecting assignment near '1 RETURN x' at position 1:7" },
  { id: 'err-19', aql: 'LET 1 = 1 RETURN 1', errorNum: 1501, message: "syntax error, unexpected integer number, expecting identifier near '1 = 1 RETURN 1' at position 1:5" },
  { id: 'err-20', aql: 'LET for = 1 RETURN for', errorNum: 1501, message: "syntax error, unexpected FOR declaration, expecting identifier near 'for = 1 RETURN for' at position 1:5" },
  { id: 'err-21', aql: 'FOR x IN y FILTER RETURN x', errorNum: 1501, message: "syntax error, unexpected RETURN declaration near 'RETURN x' at position 1:19" },
  { id: 'err-22', aql: 'FOR x IN y LIMIT 1, 2, 3 RETURN x', errorNum: 1501, message: "syntax error, unexpected \",\" near ', 3 RETURN x' at position 1:22" },
  { id: 'err-23', aql: 'FOR x IN y SELECT x.a', errorNum: 1501, message: "unexpected qualifier 'SELECT', expecting 'SEARCH' or 'OPTIONS' near 'a' at position 1:21" },
  { id: 'err-24', aql: 'FOR x IN y WHERE x.a == 1 RETURN x', errorNum: 1501, message: "unexpected qualifier 'WHERE', expecting 'SEARCH' or 'OPTIONS' near 'RETURN x' at position 1:27" },
  { id: 'err-25', aql: 'RETURN 1 RETURN 2', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting end of query string near 'RETURN 2' at position 1:10" },
  { id: 'err-26', aql: 'FOR x IN y RETURN x FILTER x', errorNum: 1501, message: "syntax error, unexpected FILTER declaration, expecting end of query string near 'FILTER x' at position 1:21" },
  { id: 'err-27', aql: 'FOR x IN y RETURN x;', errorNum: 1501, message: "syntax error, unexpected invalid token, expecting end of query string near ';' at position 1:20" },
  { id: 'err-28', aql: 'RETURN 1 2', errorNum: 1501, message: "syntax error, unexpected integer number, expecting end of query string near '2' at position 1:10" },
  { id: 'err-29', aql: 'LET a = (RETURN 1 RETURN 2) RETURN a', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting ) near 'RETURN 2) RETURN a' at position 1:19" },
  { id: 'err-30', aql: 'RETURN LENGTH(RETURN 1 2)', errorNum: 1501, message: "syntax error, unexpected integer number, expecting ) near '2)' at position 1:24" },
  { id: 'err-31', aql: 'RETURN (FOR x IN y)', errorNum: 1501, message: "syntax error, unexpected ) near ')' at position 1:19" },
  { id: 'err-32', aql: 'RETURN (WITH x RETURN 1)', errorNum: 1501, message: "syntax error, unexpected WITH keyword near 'WITH x RETURN 1)' at position 1:9" },
  { id: 'err-33', aql: 'COLLECT RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting identifier near 'RETURN 1' at position 1:9" },
  { id: 'err-34', aql: 'FOR x IN y COLLECT a RETURN a', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting assignment near 'RETURN a' at position 1:22" },
  { id: 'err-35', aql: 'COLLECT WITH COUNT n RETURN n', errorNum: 1501, message: "syntax error, unexpected identifier, expecting INTO keyword near 'n RETURN n' at position 1:20" },
  { id: 'err-36', aql: 'COLLECT a = 1 INTO RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting identifier near 'RETURN 1' at position 1:20" },
  { id: 'err-37', aql: 'COLLECT AGGREGATE x = 1 RETURN x', errorNum: 1501, message: "syntax error, unexpected integer number, expecting identifier near '1 RETURN x' at position 1:23" },
  { id: 'err-38', aql: 'COLLECT AGGREGATE x = SUM RETURN x', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting :: or ( near 'RETURN x' at position 1:27" },
  { id: 'err-39', aql: 'COLLECT AGGREGATE x = SUM(1) + 1 RETURN x', errorNum: 1501, message: "syntax error, unexpected + operator near '+ 1 RETURN x' at position 1:30" },
  { id: 'err-w1', aql: 'FOR t IN c WINDOW t.v AGGREGATE s = SUM(1) RETURN s', errorNum: 1501, message: "syntax error, unexpected AGGREGATE keyword near 'AGGREGATE s = SUM(1) RETURN s' at position 1:23" },
  { id: 'err-w2', aql: 'FOR t IN c WINDOW {preceding: 1} RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration near 'RETURN 1' at position 1:34" },
  { id: 'err-w3', aql: 'FOR t IN c WINDOW ({preceding: 1}) AGGREGATE s = SUM(1) RETURN s', errorNum: 1501, message: "syntax error, unexpected AGGREGATE keyword near 'AGGREGATE s = SUM(1) RETURN s' at position 1:36" },
  { id: 'err-w4', aql: 'FOR t IN c WINDOW t.v WITH 1 AGGREGATE s = SUM(1) RETURN s', errorNum: 1501, message: "syntax error, unexpected integer number, expecting { near '1 AGGREGATE s = SUM(1) RETURN s' at position 1:28" },
  { id: 'err-w5', aql: 'FOR t IN c WINDOW t.v WITH {preceding: 1} RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting AGGREGATE keyword near 'RETURN 1' at position 1:43" },
  { id: 'err-w6', aql: 'FOR t IN c WINDOW {preceding: 1} AGGREGATE s SUM(1) RETURN s', errorNum: 1501, message: "syntax error, unexpected identifier, expecting assignment near 'SUM(1) RETURN s' at position 1:46" },
  { id: 'err-w7', aql: 'FOR t IN c WINDOW {preceding: 1} AGGREGATE s = SUM(1) + 1 RETURN s', errorNum: 1501, message: "syntax error, unexpected + operator near '+ 1 RETURN s' at position 1:55" },
  { id: 'err-w8', aql: 'WINDOW', errorNum: 1501, message: "syntax error, unexpected end of query string near 'WINDOW' at position 1:1" },
  { id: 'err-40', aql: 'COLLECT a = 1 AGGREGATE x = SUM(1) INTO g KEEP a RETURN x', errorNum: 1501, message: "syntax error, unexpected identifier, expecting { near 'a RETURN x' at position 1:48" },
  { id: 'err-41', aql: 'INSERT {} INTO RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting identifier or quoted string or bind data source parameter near 'RETURN 1' at position 1:16" },
  { id: 'err-42', aql: 'INSERT {} INTO @c', errorNum: 1501, message: "syntax error, unexpected bind parameter, expecting identifier or quoted string or bind data source parameter near '@c' at position 1:16" },
  { id: 'err-43', aql: 'INSERT {} c', errorNum: 1501, message: "syntax error, unexpected identifier near 'c' at position 1:11" },
  { id: 'err-44', aql: 'INSERT {} IN c 1', errorNum: 1501, message: "syntax error, unexpected integer number near '1' at position 1:16" },
  { id: 'err-45', aql: 'INSERT a OR b IN c', errorNum: 1501, message: "syntax error, unexpected end of query string near 'c' at position 1:18" },
  { id: 'err-46', aql: 'INSERT {} INTO c OPTIONS 1', errorNum: 1501, message: "syntax error, unexpected integer number, expecting { near '1' at position 1:26" },
  { id: 'err-47', aql: 'UPSERT x INSERT {} UPDATE {} IN c', errorNum: 1501, message: "syntax error, unexpected identifier, expecting FILTER declaration or bind parameter or bind data source parameter or { near 'x INSERT {} UPDATE {} IN c' at position 1:8" },
  { id: 'err-48', aql: 'UPSERT {} UPDATE {} IN c', errorNum: 1501, message: "syntax error, unexpected UPDATE command, expecting INSERT command near 'UPDATE {} IN c' at position 1:11" },
  { id: 'err-49', aql: 'UPSERT {} INSERT {} IN c', errorNum: 1501, message: "syntax error, unexpected end of query string near 'c' at position 1:24" },
  { id: 'err-50', aql: 'UPDATE x WITH IN c', errorNum: 1501, message: "syntax error, unexpected IN keyword near 'IN c' at position 1:15" },
  { id: 'err-51', aql: 'REMOVE x', errorNum: 1501, message: "syntax error, unexpected end of query string near 'x' at position 1:8" },
  { id: 'err-52', aql: 'RETURN doc.for', errorNum: 1501, message: "syntax error, unexpected FOR declaration, expecting identifier or bind parameter or bind data source parameter near 'for' at position 1:12" },
  { id: 'err-53', aql: 'RETURN {return: 1}', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting } near 'return: 1}' at position 1:9" },
  { id: 'err-54', aql: 'RETURN {1: 1}', errorNum: 1501, message: "syntax error, unexpected integer number, expecting } near '1: 1}' at position 1:9" },
  { id: 'err-55', aql: 'RETURN {"a" 1}', errorNum: 1501, message: "syntax error, unexpected integer number, expecting : near '1}' at position 1:13" },
  { id: 'err-56', aql: 'RETURN {a 1}', errorNum: 1501, message: "syntax error, unexpected integer number, expecting } near '1}' at position 1:11" },
  { id: 'err-57', aql: 'RETURN [1,,2]', errorNum: 1501, message: "syntax error, unexpected \",\", expecting ] near ',2]' at position 1:11" },
  { id: 'err-58', aql: 'RETURN f(1,)', errorNum: 1501, message: "syntax error, unexpected ) near ')' at position 1:12" },
  { id: 'err-59', aql: 'RETURN f::', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting identifier near '::' at position 1:9" },
  { id: 'err-60', aql: 'RETURN f::g', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting :: or ( near 'g' at position 1:11" },
  { id: 'err-61', aql: 'RETURN "abc"[0]', errorNum: 1501, message: "syntax error, unexpected [, expecting end of query string near '[0]' at position 1:13" },
  { id: 'err-62', aql: 'RETURN "abc".x', errorNum: 1501, message: "syntax error, unexpected '.', expecting end of query string near '.x' at position 1:13" },
  { id: 'err-63', aql: 'RETURN a NOT b', errorNum: 1501, message: "syntax error, unexpected identifier, expecting ~= operator or ~! operator or like operator near 'b' at position 1:14" },
  { id: 'err-64', aql: 'RETURN a ANY 1', errorNum: 1501, message: "syntax error, unexpected integer number near '1' at position 1:14" },
  { id: 'err-65', aql: 'RETURN a AT LEAST 1 == b', errorNum: 1501, message: "syntax error, unexpected integer number, expecting ( near '1 == b' at position 1:19" },
  { id: 'err-66', aql: 'RETURN a ? b', errorNum: 1501, message: "syntax error, unexpected end of query string near 'b' at position 1:12" },
  { id: 'err-67', aql: 'RETURN x[* FILTER 1 2]', errorNum: 1501, message: "syntax error, unexpected integer number, expecting ] near '2]' at position 1:21" },
  { id: 'err-68', aql: 'RETURN x[* ALL 1]', errorNum: 1501, message: "syntax error, unexpected integer number, expecting FILTER declaration near '1]' at position 1:16" },
  { id: 'err-69', aql: 'RETURN LIKE', errorNum: 1501, message: "syntax error, unexpected end of query string, expecting ( near 'LIKE' at position 1:8" },
  { id: 'err-70', aql: 'WITH RETURN 1', errorNum: 1501, message: "syntax error, unexpected RETURN declaration, expecting identifier or bind parameter or bind data source parameter near 'RETURN 1' at position 1:6" },
  { id: 'err-71', aql: 'RETURN @', errorNum: 1501, message: "syntax error, unexpected invalid token near '@' at position 1:8" },
  { id: 'err-72', aql: 'RETURN 0x', errorNum: 1501, message: "syntax error, unexpected identifier, expecting end of query string near 'x' at position 1:9" },
  { id: 'err-73', aql: 'RETURN 0x100000000', errorNum: 1501, message: "syntax error, unexpected integer number, expecting end of query string near '0' at position 1:18" },
  { id: 'err-74', aql: 'RETURN 01', errorNum: 1501, message: "syntax error, unexpected integer number, expecting end of query string near '1' at position 1:9" },
  { id: 'err-75', aql: 'RETURN "a" "b"', errorNum: 1501, message: "syntax error, unexpected quoted string, expecting end of query string near '\"' at position 1:14" },
  { id: 'err-76', aql: 'FOR x IN y\n  FILTER x.a = 1\n  RETURN x', errorNum: 1501, message: "syntax error, unexpected assignment near '= 1\n  RETURN x' at position 2:14" },
  { id: 'err-77', aql: 'RETURN ä', errorNum: 1501, message: "syntax error, unexpected end of query string near 'ä' at position 1:8" },
  { id: 'err-78', aql: 'FOR x IN y RETURN x + ', errorNum: 1501, message: "syntax error, unexpected end of query string near ' ' at position 1:22" },
  { id: 'err-79', aql: 'FOR doc IN collection FILTER doc.attribute = "a very long value" RETURN doc', errorNum: 1501, message: "syntax error, unexpected assignment near '= \"a very long value\" RETURN doc...' at position 1:44" },
  { id: 'err-80', aql: `FOR doc IN collection FILTER doc.attribute = "a very long value indeed" RETURN doc`, errorNum: 1501, message: "syntax error, unexpected assignment near '= \"a very long value indeed\" RET...' at position 1:44" },
  { id: 'err-81', aql: 'RETURN "unterminated', errorNum: 1501, message: "unexpected unterminated string literal near 'd' at position 1:20" },
  { id: 'err-82', aql: 'RETURN 1 /* unterminated', errorNum: 1501, message: "unexpected unterminated multi-line comment near ' unterminated' at position 1:12" },
];

/** Errors ArangoDB's grammar actions raise (or that Cairn raises for what it does not support). */
const OTHER_ERRORS: ErrorCase[] = [
  // ArangoDB 3.12 allows leading underscores before a letter (LET _x = 1); `_0`, `__` are syntax errors
  { id: 'sem-1', aql: 'LET `_0` = 1 RETURN 1', errorNum: 1501, message: "variable name '_0' has an invalid format near '1 RETURN 1' at position 1:12" },
  { id: 'sem-2', aql: 'FOR `_0` IN c RETURN 1', errorNum: 1501, message: "variable name '_0' has an invalid format near 'c RETURN 1' at position 1:13" },
  { id: 'sem-3', aql: 'FOR x IN c COLLECT `_1` = x RETURN 1', errorNum: 1501, message: "variable name '_1' has an invalid format near 'x RETURN 1' at position 1:27" },
  { id: 'sem-4', aql: 'FOR x IN c COLLECT g = x INTO `__` RETURN 1', errorNum: 1501, message: "variable name '__' has an invalid format near '` RETURN 1' at position 1:34" },
  { id: 'sem-5', aql: 'FOR a, b IN coll RETURN a', errorNum: 1501, message: "Collections and views FOR loops only allow a single return variable near 'l RETURN a' at position 1:16" },
  { id: 'sem-6', aql: 'RETURN DISTINCT 1', errorNum: 1501, message: "cannot use DISTINCT modifier on top-level query element near 'DISTINCT 1' at position 1:8" },
  { id: 'sem-7', aql: 'FOR x IN c LET y = (RETURN DISTINCT x) RETURN y', errorNum: 1501, message: "cannot use DISTINCT modifier on top-level query element near 'DISTINCT x) RETURN y' at position 1:28" },
  { id: 'sem-8', aql: 'COLLECT WITH CNT INTO c RETURN c', errorNum: 1501, message: "unexpected qualifier 'CNT', expecting 'COUNT' near 'c RETURN c' at position 1:23" },
  { id: 'sem-9', aql: 'FOR x IN c COLLECT a = x INTO g KEPT y RETURN g', errorNum: 1501, message: "unexpected qualifier 'KEPT', expecting 'KEEP' near 'y RETURN g' at position 1:38" },
  { id: 'sem-10', aql: 'FOR x IN c COLLECT a = x KEEP x RETURN a', errorNum: 1501, message: "use of 'KEEP' without 'INTO' near 'RETURN a' at position 1:33" },
  { id: 'sem-11', aql: 'INSERT {} INTO c OPTION {} RETURN 1', errorNum: 1501, message: "unexpected qualifier 'OPTION', expecting 'OPTIONS' near '} RETURN 1' at position 1:26" },
  { id: 'sem-12', aql: 'FOR x IN c OPTIONS 1 RETURN x', errorNum: 1501, message: "'OPTIONS' have to be an object near 'RETURN x' at position 1:22" },
  { id: 'sem-13', aql: 'FOR x IN c OPTIONS {a: x} RETURN x', errorNum: 1575, message: "'OPTIONS' have to be known at query compile time near 'RETURN x' at position 1:27" },
  // (a value bind parameter is known when the plan is built: OPTIONS {a: @p} is accepted)
  { id: 'sem-14', aql: 'LET p = 1 INSERT {} INTO c OPTIONS {a: p}', errorNum: 1575, message: "'OPTIONS' have to be known at query compile time near '}' at position 1:41" },
  { id: 'sem-15', aql: 'RETURN x[* 2 FILTER CURRENT]', errorNum: 1501, message: "unexpected quantifier value found for array expansion operation. near ']' at position 1:28" },
  { id: 'sem-16', aql: 'FOR v IN 1..2 OUTBOUND "a/b" edges FOO x RETURN v', errorNum: 1501, message: "unexpected qualifier 'FOO', expecting 'PRUNE' or 'OPTIONS' near 'RETURN v' at position 1:42" },
  { id: 'sem-17', aql: 'FOR v IN ANY "a/b" GRAPH 1 RETURN v', errorNum: 1501, message: "syntax error, unexpected integer number, expecting identifier or quoted string or bind parameter or bind data source parameter near '1 RETURN v' at position 1:26" },
  { id: 'sem-18', aql: 'FOR v, e, p, q IN 1 ANY "a/b" edges RETURN v', errorNum: 1501, message: "Traversals only have one, two or three return variables near 's RETURN v' at position 1:35" },
  { id: 'sem-18a', aql: 'FOR v IN OUTBOUND SHORTEST_PATH "a/b" FROM "a/c" edges RETURN v', errorNum: 1501, message: "unexpected qualifier 'FROM', expecting 'TO' near 'OUTBOUND SHORTEST_PATH \"a/b\" FRO...' at position 1:10" },
  { id: 'sem-18b', aql: 'FOR v, e IN OUTBOUND K_PATHS "a/b" TO "a/c" edges RETURN v', errorNum: 1501, message: "K_PATHS only has one return variable near 'FOR v, e IN OUTBOUND K_PATHS \"a/...' at position 1:1" },
  { id: 'sem-18c', aql: 'FOR v IN 1..2 OUTBOUND SHORTEST_PATH "a/b" TO "a/c" edges RETURN v', errorNum: 1501, message: "syntax error, unexpected SHORTEST_PATH keyword near 'SHORTEST_PATH \"a/b\" TO \"a/c\" edg...' at position 1:24" },
  { id: 'sem-18d', aql: 'FOR v IN OUTBOUND "a/b" edges PRUNE (FOR x IN [] RETURN x) RETURN v', errorNum: 1501, message: "PRUNE condition must not use a subquery near 'RETURN v' at position 1:60" },
  { id: 'sem-18e', aql: 'FOR v IN OUTBOUND "a/b" edges PRUNE v.x OPTIONS 1 RETURN v', errorNum: 1501, message: "syntax error, unexpected integer number, expecting { near '1 RETURN v' at position 1:49" },
  { id: 'sem-18f', aql: 'FOR v IN OUTBOUND "a/b" edges OPTIONS [1] RETURN v', errorNum: 1501, message: "'OPTIONS' have to be an object near 'RETURN v' at position 1:43" },
  { id: 'sem-18g', aql: 'FOR v IN OUTBOUND "a/b" edges PRUNE v.x FOO {} RETURN v', errorNum: 1501, message: "unexpected qualifier 'FOO', expecting 'OPTIONS' near 'RETURN v' at position 1:48" },
  { id: 'sem-18h', aql: 'FOR v IN OUTBOUND "a/b" RETURN v', errorNum: 1501, message: "syntax error, unexpected RETURN declaration near 'RETURN v' at position 1:25" },
  { id: 'sem-18i', aql: 'FOR `_9` IN OUTBOUND "a/b" edges RETURN 1', errorNum: 1501, message: "variable name '_9' has an invalid format near 'edges RETURN 1' at position 1:28" },
  { id: 'sem-19', aql: 'FOR d IN [1] SEARCH d == 1 RETURN d', errorNum: 1501, message: "SEARCH condition used on non-view near 'RETURN d' at position 1:28" },
  { id: 'sem-20', aql: 'FOR x IN c WINDOW {} AGGREGATE s = SUM(x) RETURN s', errorNum: 1501, message: "At least one WINDOW bound must be specified ('preceding'/'following') near 'RETURN s' at position 1:43" },
  { id: 'sem-20a', aql: 'FOR x IN c WINDOW x.v WITH {preceding: 1, follow: 1} AGGREGATE s = SUM(x) RETURN s', errorNum: 1501, message: "Invalid WINDOW attribute 'follow'; only \"preceding\" and \"following\" are supported near 'RETURN s' at position 1:75" },
  { id: 'sem-20b', aql: 'FOR x IN c WINDOW {preceding: 1, "preceding": 2} AGGREGATE s = SUM(x) RETURN s', errorNum: 1501, message: "WINDOW attribute 'preceding' is specified multiple times near 'RETURN s' at position 1:71" },
  { id: 'sem-20c', aql: 'FOR x IN c WINDOW {["preceding"]: 1} AGGREGATE s = SUM(x) RETURN s', errorNum: 1501, message: "Invalid WINDOW attribute ''; only \"preceding\" and \"following\" are supported near 'RETURN s' at position 1:59" },
  { id: 'sem-20d', aql: 'FOR x IN c WINDOW {preceding: 1} AGGREGATE s = SUM(x), t = MAX(s) RETURN s', errorNum: 1512, message: "use of COLLECT variable 's' inside same COLLECT near 'RETURN s' at position 1:67" },
  { id: 'sem-20e', aql: 'FOR x IN c WINDOW {foo: 1} AGGREGATE s = SUM(x), t = MAX([1, {v: s}]) RETURN s', errorNum: 1512, message: "use of COLLECT variable 's' inside same COLLECT near 'RETURN s' at position 1:71" },
  { id: 'sem-20f', aql: 'FOR x IN c INSERT x INTO d WINDOW {preceding: 1} AGGREGATE s = SUM(x) RETURN s', errorNum: 1595, message: 'window operation after data-modification' },
  { id: 'sem-20g', aql: 'LET r = (FOR x IN c REMOVE x IN c) FOR y IN 1..2 LET z = (FOR i IN 1..3 WINDOW {following: 1} AGGREGATE s = SUM(i) RETURN s) RETURN z', errorNum: 1595, message: 'window operation after data-modification' },
  { id: 'sem-20h', aql: 'FOR x IN c INSERT x INTO d WINDOW {} AGGREGATE s = SUM(x) RETURN s', errorNum: 1501, message: "At least one WINDOW bound must be specified ('preceding'/'following') near 'RETURN s' at position 1:59" },
  { id: 'sem-21', aql: 'RETURN [1, 2][? LIMIT 1]', errorNum: 1501, message: "syntax error, unexpected LIMIT declaration near 'LIMIT 1]' at position 1:17" },
];

function checkError(c: ErrorCase): void {
  const e = failure(c.aql);
  assert.equal(e.errorNum, c.errorNum);
  assert.equal(e.message, c.message);
}

describe('AQL parser: syntax errors', () => {
  it('rejects an empty query with 1502', () => {
    const e = failure('');
    assert.equal(e.errorNum, 1502);
    assert.equal(e.message, 'query is empty');
  });

  for (const c of SYNTAX_ERRORS) it(`${c.id}: rejects ${JSON.stringify(c.aql).slice(0, 60)}`, () => checkError(c));
});

describe('AQL parser: errors from grammar actions and unsupported features', () => {
  for (const c of OTHER_ERRORS) it(`${c.id}: rejects ${JSON.stringify(c.aql).slice(0, 60)}`, () => checkError(c));
});

// ---- nesting ------------------------------------------------------------------------------

describe('AQL parser: nesting limits', () => {
  const nested = (open: string, inner: string, close: string, n: number): string => `RETURN ${open.repeat(n)}${inner}${close.repeat(n)}`;

  it('accepts 499 nested arrays and rejects 500 with 1524', () => {
    assert.doesNotThrow(() => parse(nested('[', '1', ']', 499)));
    const e = failure(nested('[', '1', ']', 500));
    assert.equal(e.errorNum, 1524);
    assert.equal(e.message, 'too much nesting or too many objects');
  });

  it('accepts 0 + 1 + ... + 498 and rejects a chain of 500 additions, as ArangoDB does', () => {
    const sum = (n: number): string => `RETURN 0${Array.from({ length: n }, (_, i) => ` + ${i + 1}`).join('')}`;
    assert.doesNotThrow(() => parse(sum(498)));
    assert.equal(failure(sum(500)).errorNum, 1524);
  });

  for (const [what, text] of [
    ['100000 nested [', `RETURN ${'['.repeat(100000)}`],
    ['100000 nested (', `RETURN ${'('.repeat(100000)}1`],
    ['100000 nested {a:', `RETURN ${'{a:'.repeat(100000)}1`],
    ['100000 unary minus signs', `RETURN ${'-'.repeat(100000)}1`],
    ['100000 NOT', `RETURN ${'NOT '.repeat(100000)}1`],
    ['100000 nested calls', `RETURN ${'f('.repeat(100000)}`],
    ['100000 nested subqueries', `RETURN ${'(RETURN '.repeat(100000)}1`],
    ['100000 nested function-argument subqueries', `RETURN ${'f(FOR x IN y RETURN '.repeat(100000)}1`],
    ['100000 attribute accesses', `RETURN a${'.b'.repeat(100000)}`],
    ['100000 ternaries', `RETURN ${'a ? b : '.repeat(100000)}c`],
    ['100000 OR terms', `RETURN a${' || a'.repeat(100000)}`],
    ['100000 nested expansions', `RETURN a${'[* RETURN CURRENT'.repeat(100000)}`],
  ] as const) {
    it(`throws 1524, not a stack overflow, for ${what}`, () => {
      assert.equal(failure(text).errorNum, 1524);
    });
  }
});

// ---- bind parameters and /_api/query's ast --------------------------------------------------

describe('AQL parser: bind parameters and the ast of POST /_api/query', () => {
  it('lists bind parameters in first-occurrence order, collection parameters with one @', () => {
    const q = parse('WITH @w FOR u IN @@users FILTER u.name == @name && u.@attr IN @list SORT u.x @dir LIMIT @n RETURN {[@k]: u.n, @k2: @name}');
    assert.deepEqual(bindParameterNames(q), ['w', '@users', 'name', 'attr', 'list', 'dir', 'n', 'k', 'k2']);
    assert.deepEqual(bindParameterNames(parse('FOR u IN users FILTER u.name == @name LIMIT 2 RETURN u.n')), ['name']);
    assert.deepEqual(bindParameterNames(parse('INSERT @doc INTO @@c OPTIONS {x: 1} RETURN (FOR y IN @@c RETURN @z[*].@q)')), ['doc', '@c', 'z', 'q']);
    assert.deepEqual(bindParameterNames(parse('FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3')), []);
  });

  it('renders the ast as an array whose first element is the root', () => {
    const json = astToJson(parse('FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3'));
    assert.deepEqual(json, [
      {
        type: 'root',
        subNodes: [
          { type: 'for', subNodes: [{ type: 'variable', name: 'i', id: 0 }, { type: 'range', subNodes: [{ type: 'value', value: 1 }, { type: 'value', value: 100 }] }, { type: 'no-op' }] },
          { type: 'filter', subNodes: [{ type: 'compare >', subNodes: [{ type: 'reference', name: 'i', id: 0 }, { type: 'value', value: 10 }] }] },
          { type: 'limit', subNodes: [{ type: 'value', value: 0 }, { type: 'value', value: 2 }] },
          { type: 'return', subNodes: [{ type: 'times', subNodes: [{ type: 'reference', name: 'i', id: 0 }, { type: 'value', value: 3 }] }] },
        ],
      },
    ]);
  });

  it('renders a WINDOW as a window node: spec, range expression (or no-op), aggregate assignments', () => {
    const json = astToJson(parse('FOR t IN c WINDOW t.v WITH {preceding: 1} AGGREGATE s = SUM(t.v) RETURN s')) as Array<{ subNodes: unknown[] }>;
    const ref = { type: 'reference', name: 't', id: 0 };
    assert.deepEqual(json[0].subNodes[1], {
      type: 'window',
      subNodes: [
        { type: 'object', subNodes: [{ type: 'object element', name: 'preceding', subNodes: [{ type: 'value', value: 1 }] }] },
        { type: 'attribute access', name: 'v', subNodes: [ref] },
        {
          type: 'aggregations array',
          subNodes: [{ type: 'assign', subNodes: [{ type: 'variable', name: 's', id: 1 }, { type: 'function call', name: 'SUM', subNodes: [{ type: 'array', subNodes: [{ type: 'attribute access', name: 'v', subNodes: [ref] }] }] }] }],
        },
      ],
    });
    const row = astToJson(parse('WINDOW {following: 1} AGGREGATE n = COUNT() RETURN n')) as Array<{ subNodes: Array<{ subNodes: unknown[] }> }>;
    assert.deepEqual(row[0].subNodes[0].subNodes[1], { type: 'no-op' });
  });

  it('renders every kind of node without throwing, names of collections as collections', () => {
    const text =
      'WITH w FOR u IN users LET s = (FOR v IN u.l RETURN v) COLLECT g = u.g INTO gs KEEP s COLLECT AGGREGATE n = COUNT(1) ' +
      'SORT g DESC LIMIT 1, 2 UPSERT {a: 1} INSERT {} UPDATE {} IN c REMOVE "k" IN c UPDATE g WITH {} IN c REPLACE {} IN c ' +
      'INSERT {x: [1, -2, !true, a[0], a.@b, a[* FILTER CURRENT LIMIT 1 RETURN CURRENT], {[g]: 1}], y: a ? b : c, z: a ?: b, ' +
      'q: a ALL == b, r: a AT LEAST (1) IN b, t: a NOT LIKE b, m: a =~ b, f: ns::f(1), l: a || b, i: a IN b, k: 1..2} INTO c RETURN NEW';
    const json = astToJson(parse(text)) as Array<{ type: string; subNodes: Array<{ type: string; subNodes?: unknown[] }> }>;
    assert.equal(json[0].type, 'root');
    assert.deepEqual(json[0].subNodes.map((n) => n.type), ['with collections', 'for', 'let', 'collect', 'collect', 'sort', 'limit', 'upsert', 'remove', 'update', 'replace', 'insert', 'return']);
    assert.deepEqual(json[0].subNodes[1].subNodes?.[1], { type: 'collection', name: 'users' });
  });
});

// ---- property test -------------------------------------------------------------------------

describe('AQL parser: robustness', () => {
  const FRAGMENTS = [
    'FOR', 'x', 'IN', 'coll', 'RETURN', 'LET', '=', '==', '!=', '<', '1', '2.5', '"s"', "'t'", '(', ')', '[', ']', '{', '}',
    ',', ':', '.', '..', '?', '*', '+', '-', '/', '%', '!', '&&', '||', 'AND', 'OR', 'NOT', 'FILTER', 'SORT', 'ASC', 'DESC',
    'LIMIT', 'COLLECT', 'INTO', 'WITH', 'COUNT', 'KEEP', 'AGGREGATE', 'INSERT', 'UPDATE', 'REPLACE', 'REMOVE', 'UPSERT',
    'OPTIONS', 'ANY', 'ALL', 'NONE', 'AT LEAST', 'LIKE', 'NOT IN', '=~', '!~', '@p', '@@c', 'DISTINCT', 'null', 'true',
    'CURRENT', 'NEW', 'f', '::', ';', '#', '`q`', '´r´', '"', '/*', '*/', '//', '\n', 'ä', '0x1F', '0b', '1e400', '_x',
    'OUTBOUND', 'SEARCH', 'WINDOW', '{preceding: 1}', 'AGGREGATE s = SUM(x)', '[*', '[**]', '[?', 'LENGTH(', 'x.y', 'x[0]',
  ];
  const VALID = [
    'FOR x IN coll FILTER x.a == 1 SORT x.b DESC LIMIT 2 RETURN x',
    'LET a = [1, 2, 3] RETURN a[* FILTER CURRENT > 1 RETURN CURRENT * 2]',
    'FOR x IN c COLLECT g = x.g INTO gs KEEP x RETURN {g, n: LENGTH(gs)}',
    'UPSERT {k: 1} INSERT {k: 1} UPDATE {n: OLD.n + 1} IN c RETURN NEW',
    'RETURN a ? b : c ALL IN d AT LEAST (2) == e',
    'FOR t IN c WINDOW t.v WITH { preceding: 1 } AGGREGATE s = SUM(t.v) RETURN s',
  ];
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];

  function randomQuery(): string {
    if (random() < 0.5) return Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(FRAGMENTS)).join(' ');
    const words = pick(VALID).split(' ');
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const i = Math.floor(random() * words.length);
      const r = random();
      if (r < 0.33) words.splice(i, 1);
      else if (r < 0.66) words.splice(i, 0, pick(FRAGMENTS));
      else words[i] = pick(FRAGMENTS);
    }
    return words.join(random() < 0.9 ? ' ' : '');
  }

  it('never throws anything but an ArangoError with a parse-time errorNum on 2000 random or mangled queries', () => {
    const allowed = new Set([1501, 1502, 1504, 1510, 1524, 1575]);
    for (let i = 0; i < 2000; i++) {
      const text = randomQuery();
      try {
        parse(text);
      } catch (e) {
        assert.ok(e instanceof ArangoError, `${JSON.stringify(text)} threw ${String(e)}`);
        assert.ok(allowed.has(e.errorNum), `${JSON.stringify(text)} threw ${e.errorNum}`);
        if (e.errorNum === 1501) assert.match(e.message, / near '[^]*' at position \d+:\d+$/, text);
      }
    }
  });
});
