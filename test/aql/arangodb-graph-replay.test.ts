// Cases from ArangoDB 3.12's own graph tests (tests/js/client/aql and tests/js/common/aql)
// that Cairn answered differently when the upstream files were replayed against it, in
// Cairn's words: each case names the upstream file and test it reproduces. The graphs are
// the upstream ones, built straight into storage; the expected rows and errors are
// upstream's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectionSpec } from '../helpers/server.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

type Doc = Record<string, unknown>;

/** Creates an edge collection, fills both collections and registers the named graph. */
async function graph(db: TestDb, name: string, vertices: [string, Doc[]], edges: [string, Doc[]]): Promise<void> {
  const s = db.storage;
  await s.catalog.createCollection('_system', collectionSpec(edges[0], { type: 3 }));
  const insert = async (c: string, docs: Doc[]) => {
    const r = await s.documents.apply('_system', c, 'insert', docs.map((body) => ({ body })), {});
    assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results));
  };
  await insert(vertices[0], vertices[1]);
  await insert(edges[0], edges[1]);
  await insert('_graphs', [{ _key: name, edgeDefinitions: [{ collection: edges[0], from: [vertices[0]], to: [vertices[0]] }], orphanCollections: [] }]);
}

const rejectsWith = (errorNum: number, message: RegExp) => (e: any) => {
  assert.equal(e.errorNum, errorNum, e.message);
  assert.match(e.message, message);
  return true;
};

describe('weighted traversals (aql-graph-weighted-traversal.js: WeightedTraveralsTestSuite)', () => {
  // 1 -> 2 (w 1) -> 3 (w 10) -> 5 (w 1); 1 -> 4 (w 1.5) -> 6 (w 2) -> 3 (w 0.5); vertex 6 has value 0
  const V = 'UnitTestVertices';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [V]: ['1', '2', '3', '4', '5', '6'].map((k) => ({ _key: k, value: k === '6' ? 0 : 1 })) });
    const e = (f: string, t: string, weight: number, dotted: number, nested: number): Doc => ({ _from: `${V}/${f}`, _to: `${V}/${t}`, weight, 'Data.Weight': dotted, Data: { Weight: nested } });
    await graph(db, 'UnitTestGraph', [V, []], ['UnitTestEdges', [
      e('1', '2', 1, 2, 20), e('2', '3', 10, 4, 40), e('1', '4', 1.5, 1, 10), e('4', '6', 2, 8, 80), e('6', '3', 0.5, 1, 1), e('3', '5', 1, 1, 1),
    ]]);
  });
  after(() => db.close());

  const weights = (attr: string) =>
    db.run(`FOR v, e, p IN 2 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" OPTIONS {order: "weighted", weightAttribute: ${attr}} LIMIT 2 RETURN p.weights`);

  it('testWeightAttributePath: a string weightAttribute names one attribute, dots included', async () => {
    assert.deepEqual(await weights('"Data.Weight"'), [[0, 2, 6], [0, 1, 9]]);
  });

  it('testWeightAttributePath: an array weightAttribute is an attribute path', async () => {
    assert.deepEqual(await weights('["Data.Weight"]'), [[0, 2, 6], [0, 1, 9]]);
    assert.deepEqual(await weights('["Data", "Weight"]'), [[0, 20, 60], [0, 10, 90]]);
  });

  // With uniqueVertices "global", ArangoDB checks FILTERs on p.vertices[*] / p.edges[*]
  // (ALL, NONE) while it walks: vertex 3 is first reached through 6 (value 0) and edge
  // 6->3 (weight 0.5); those paths are dropped, so 3 is still unvisited when 2 reaches it.
  const shortest = (filter: string, rules: string[] = []) =>
    db.run(
      `FOR v, e, p IN 1..10 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" PRUNE v._id == "${V}/5"
         OPTIONS {order: "weighted", weightAttribute: "weight", uniqueVertices: "global"}
         FILTER ${filter} FILTER v._id == "${V}/5" LIMIT 1
         RETURN {path: p.vertices[*]._key, weight: p.weights[-1]}`,
      {},
      { optimizer: { rules } },
    );
  const viaTwo = [{ path: ['1', '2', '3', '5'], weight: 12 }];

  it('testShortestPathWithVertexCondition: a vertex condition on the path is checked during the walk', async () => {
    assert.deepEqual(await shortest('p.vertices[*].value ALL > 0'), viaTwo);
    assert.deepEqual(await shortest('p.vertices[*].value NONE == 0'), viaTwo);
  });

  it('testShortestPathWithEdgeCondition: an edge condition on the path is checked during the walk', async () => {
    assert.deepEqual(await shortest('p.edges[*].weight ALL >= 1'), viaTwo);
  });

  it('a condition on one depth of the path is checked at that depth', async () => {
    assert.deepEqual(await shortest('p.vertices[2].value != 0'), viaTwo);
    assert.deepEqual(await shortest('p.edges[2].weight >= 1 && p.vertices[0]._key == "1"'), viaTwo);
  });

  it('without optimize-traversals the FILTER only drops the paths afterwards', async () => {
    assert.deepEqual(await shortest('p.vertices[*].value ALL > 0', ['-optimize-traversals']), []);
  });

  const types = (q: string) => db.explain(q).plan.nodes.map((n: any) => n.type);
  it('optimize-traversals is listed when it takes a condition, and removes a FILTER the walk decides alone', () => {
    const q = `FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" FILTER p.edges[*].weight ALL > 1 RETURN p`;
    const plan = db.explain(q).plan;
    assert.ok(plan.rules.includes('optimize-traversals'), JSON.stringify(plan.rules));
    assert.deepEqual(plan.nodes.map((n: any) => n.type), ['SingletonNode', 'TraversalNode', 'ReturnNode']);
    // p.vertices[1] is decided for every path of 1..3; p.vertices[2] not for those of length 1
    assert.deepEqual(types(`FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" FILTER p.vertices[1].value > 0 RETURN p`), ['SingletonNode', 'TraversalNode', 'ReturnNode']);
    assert.deepEqual(types(`FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" FILTER p.vertices[2].value > 0 RETURN p`), ['SingletonNode', 'TraversalNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    // a FILTER with a part the walk cannot check stays whole
    assert.deepEqual(
      types(`FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" FILTER p.edges[*].weight ALL > 1 && LENGTH(p.edges) > 1 RETURN p`),
      ['SingletonNode', 'TraversalNode', 'CalculationNode', 'FilterNode', 'ReturnNode'],
    );
  });

  it('a FILTER on v or e moves into the traversal as its postFilter; rows and stats.filtered stay', async () => {
    const q = `FOR v, e IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" FILTER v.value == 1 && e.weight >= 1 SORT v._key RETURN v._key`;
    const plan = db.explain(q).plan;
    assert.deepEqual(plan.nodes.map((n: any) => n.type), ['SingletonNode', 'TraversalNode', 'CalculationNode', 'SortNode', 'ReturnNode']);
    assert.equal(plan.nodes[1].postFilter.type, 'logical and');
    const on = await db.runFull(q);
    const off = await db.runFull(q, {}, { optimizer: { rules: ['-optimize-traversals'] } });
    assert.deepEqual(on.rows, ['2', '3', '4', '5']);
    assert.deepEqual(on.rows, off.rows);
    assert.equal(on.stats.filtered, off.stats.filtered);
  });

  it('a condition reading a variable set after the traversal is left to the FILTER', async () => {
    const rows = await db.run(
      `FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" OPTIONS {order: "bfs", uniqueVertices: "global"}
         LET w = NOOPT(v.value) FILTER p.vertices[*].value ALL >= w SORT v._key RETURN v._key`,
    );
    assert.deepEqual(rows, ['2', '3', '4', '5', '6']);
  });

  it('optimize-traversals drops edge and path outputs nothing reads', () => {
    const t = db.explain(`FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" PRUNE e.weight > 5 RETURN v`).plan.nodes[1];
    assert.deepEqual([t.vertexOutVariable?.name, t.edgeOutVariable?.name, t.pathOutVariable?.name], ['v', 'e', undefined]);
    assert.ok(db.explain(`FOR v, e, p IN 1..3 OUTBOUND "${V}/1" GRAPH "UnitTestGraph" RETURN v`).plan.rules.includes('optimize-traversals'));
  });

  it('an array weightAttribute weighs SHORTEST_PATH and K_SHORTEST_PATHS too', async () => {
    const sp = await db.run(`FOR v, e IN OUTBOUND SHORTEST_PATH "${V}/1" TO "${V}/5" GRAPH "UnitTestGraph" OPTIONS {weightAttribute: ["Data", "Weight"]} RETURN v._key`);
    assert.deepEqual(sp, ['1', '2', '3', '5']);
    const ksp = await db.run(`FOR p IN OUTBOUND K_SHORTEST_PATHS "${V}/1" TO "${V}/5" GRAPH "UnitTestGraph" OPTIONS {weightAttribute: ["Data", "Weight"]} RETURN p.weight`);
    assert.deepEqual(ksp, [61, 92]);
  });
});

describe('K_SHORTEST_PATHS options (aql-graph-k-shortest-path.js: kShortestPathsErrorTestSuite)', () => {
  const V = 'UnitTestVertices';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [V]: ['A', 'B', 'C', 'D'].map((k) => ({ _key: k, value: 1 })) });
    const e = (f: string, t: string, weight: number): Doc => ({ _from: `${V}/${f}`, _to: `${V}/${t}`, weight });
    await graph(db, 'UnitTestGraph', [V, []], ['UnitTestEdges', [e('A', 'B', -1), e('B', 'D', 1), e('A', 'C', 1), e('C', 'D', -1)]]);
  });
  after(() => db.close());

  const cases = [
    { id: 'testKShortestPathsNegativeDefaultEdgeWeight', opts: '{defaultWeight: -1}' },
    { id: 'testKShortestPathsNegativeEdgeWeight', opts: '{defaultWeight: 1, weightAttribute: "weight"}' },
    { id: 'negative defaultWeight of SHORTEST_PATH', opts: '{defaultWeight: -0.5}', shortest: true },
  ];
  for (const c of cases) {
    it(`${c.id}: 1948 negative edge weight found`, async () => {
      const aql = c.shortest
        ? `FOR v IN OUTBOUND SHORTEST_PATH "${V}/A" TO "${V}/D" GRAPH "UnitTestGraph" OPTIONS ${c.opts} RETURN v`
        : `FOR p IN OUTBOUND K_SHORTEST_PATHS "${V}/A" TO "${V}/D" GRAPH "UnitTestGraph" OPTIONS ${c.opts} LIMIT 2 RETURN p`;
      await assert.rejects(db.run(aql), rejectsWith(1948, /^negative edge weight found$/));
    });
  }

  it('a defaultWeight of 0 is allowed', async () => {
    const rows = await db.run(`FOR p IN OUTBOUND K_SHORTEST_PATHS "${V}/A" TO "${V}/D" GRAPH "UnitTestGraph" OPTIONS {defaultWeight: 0} RETURN LENGTH(p.edges)`);
    assert.deepEqual(rows, [2, 2]);
  });
});

describe('PRUNE expressions (aql-prune-expressions.js: PruneExpressionsSuite)', () => {
  const V = 'UnitTestsVertex';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [V]: [1, 2, 3].map((i) => ({ _key: `test${i}`, value: i })) });
    await db.storage.catalog.createCollection('_system', collectionSpec('UnitTestsEdge', { type: 3 }));
    const r = await db.storage.documents.apply('_system', 'UnitTestsEdge', 'insert', [
      { body: { _from: `${V}/test1`, _to: `${V}/test2`, value: 1 } },
      { body: { _from: `${V}/test2`, _to: `${V}/test3`, value: 0 } },
    ], {});
    assert.ok(r.results.every((x) => x.ok));
  });
  after(() => db.close());

  const traversal = (prune: string) => `WITH ${V} FOR v, e, p IN 1..3 OUTBOUND '${V}/test1' UnitTestsEdge PRUNE ${prune} RETURN v._key`;

  it('testAllowedExpression: a plain PRUNE runs', async () => {
    assert.deepEqual(await db.run(traversal("e.value == '0'")), ['test2', 'test3']);
  });

  const refused = [
    { id: 'testV8Expression', prune: "e.value == V8('0')" },
    { id: 'APPLY in PRUNE', prune: "e.value == APPLY('TO_STRING', [0])" },
    { id: 'CALL in PRUNE', prune: "CALL('TO_BOOL', e.value)" },
  ];
  for (const c of refused) {
    it(`${c.id}: 1501 while instantiating the plan`, async () => {
      await assert.rejects(db.run(traversal(c.prune)), (e: any) => {
        assert.equal(e.errorNum, 1501);
        assert.equal(e.message, 'Invalid PRUNE expression: JavaScript expressions cannot be used inside PRUNE');
        assert.equal(e.phase, 'instantiating plan');
        return true;
      });
    });
  }

  it('testSubqueryExpression: a subquery in PRUNE stays a parse error', async () => {
    await assert.rejects(db.run(traversal("e.value == (FOR i IN 1..1 RETURN '0')")), rejectsWith(1501, /PRUNE condition must not use a subquery/));
  });
});

describe('a value bind parameter names a traversal\'s edge collection (aql-graph-traverser-complexFiltering.js)', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ UnitTestVertexCollection: ['A', 'B', 'D'].map((k) => ({ _key: k, value: k === 'D' ? 75 : 25 })) });
    await db.storage.catalog.createCollection('_system', collectionSpec('UnitTestEdgeCollection', { type: 3 }));
    const r = await db.storage.documents.apply('_system', 'UnitTestEdgeCollection', 'insert', [
      { body: { _from: 'UnitTestVertexCollection/A', _to: 'UnitTestVertexCollection/B' } },
      { body: { _from: 'UnitTestVertexCollection/A', _to: 'UnitTestVertexCollection/D' } },
    ], {});
    assert.ok(r.results.every((x) => x.ok));
  });
  after(() => db.close());

  it('testStorePruneConditionVertexInVariableExplainLogicalOr: OUTBOUND @start @eCol', async () => {
    const rows = await db.run('FOR v IN 1 OUTBOUND @start @eCol SORT v._key RETURN v._key', { start: 'UnitTestVertexCollection/A', eCol: 'UnitTestEdgeCollection' });
    assert.deepEqual(rows, ['B', 'D']);
  });

  it('testStepsFromLet (aql-graph-traverser-complexInterna.js): the depth may be a variable a LET bound to a constant', async () => {
    const rows = await db.run('LET s = 1 FOR v IN s OUTBOUND @start UnitTestEdgeCollection SORT v._key RETURN v._key', { start: 'UnitTestVertexCollection/A' });
    assert.deepEqual(rows, ['B', 'D']);
    const range = await db.run('LET lo = 0 LET hi = 1 FOR v IN lo..hi OUTBOUND @start UnitTestEdgeCollection SORT v._key RETURN v._key', { start: 'UnitTestVertexCollection/A' });
    assert.deepEqual(range, ['A', 'B', 'D']);
  });

  it('a depth from a variable known only at run time stays 1501 invalid traversal depth', async () => {
    await assert.rejects(
      db.run('FOR s IN [1] FOR v IN s OUTBOUND @start UnitTestEdgeCollection RETURN v', { start: 'UnitTestVertexCollection/A' }),
      rejectsWith(1501, /^invalid traversal depth$/),
    );
  });

  it('a bind parameter that is not a collection name is 1553', async () => {
    await assert.rejects(db.run('FOR v IN 1 OUTBOUND @start @eCol RETURN v', { start: 'UnitTestVertexCollection/A', eCol: 42 }), rejectsWith(1553, /eCol/));
  });
});

describe('FILTERs taken into the walk by optimize-traversals (optimizer/rules-traversal.ts), with their stats (aql-graph-traverser-complexFiltering.js: complexFilteringSuite)', () => {
  // A -> B -> C, B -> F (left); A -> D -> E, D -> G (right); Tri1 -> Tri2 -> Tri3 -> Tri1
  const V = 'UnitTestVertexCollection';
  let db: TestDb;
  before(async () => {
    const side = (k: string) => ({ left: 'BCF'.includes(k), right: 'DEG'.includes(k) });
    db = await openTestDb({
      [V]: [
        ...'ABCDEFG'.split('').map((k) => ({ _key: k, ...side(k), ...(k === 'B' ? { value: 25 } : k === 'D' ? { value: 75 } : {}) })),
        ...['Tri1', 'Tri2', 'Tri3'].map((k) => ({ _key: k, isLoop: true })),
      ],
    });
    await db.storage.catalog.createCollection('_system', collectionSpec('UnitTestEdgeCollection', { type: 3 }));
    const e = (f: string, t: string, extra: Doc = side(t)) => ({ body: { _from: `${V}/${f}`, _to: `${V}/${t}`, ...extra } });
    const r = await db.storage.documents.apply('_system', 'UnitTestEdgeCollection', 'insert', [
      e('A', 'B'), e('B', 'C'), e('A', 'D'), e('D', 'E'), e('B', 'F'), e('D', 'G'),
      e('Tri1', 'Tri2', { isLoop: true }), e('Tri2', 'Tri3', { isLoop: true }), e('Tri3', 'Tri1', { isLoop: true }),
    ], {});
    assert.ok(r.results.every((x) => x.ok));
  });
  after(() => db.close());

  const run = async (filter: string, start = 'A', depth = '1..2') => {
    const r = await db.runFull(`WITH ${V} FOR v, e, p IN ${depth} OUTBOUND @start UnitTestEdgeCollection ${filter} SORT v._key RETURN v._key`, { start: `${V}/${start}` });
    return { rows: r.rows, scannedIndex: r.stats.scannedIndex, filtered: r.stats.filtered };
  };

  const cases: { id: string; filter: string; start?: string; depth?: string; rows: string[]; scannedIndex?: number; filtered: number }[] = [
    { id: 'testVertexLevel0', filter: 'FILTER p.vertices[0].left == true', rows: [], scannedIndex: 1, filtered: 1 },
    { id: 'testVertexLevel1', filter: 'FILTER p.vertices[1].left == true', rows: ['B', 'C', 'F'], filtered: 1 },
    { id: 'testVertexLevel1Less', filter: 'FILTER 75 > p.vertices[1].value', rows: ['B', 'C', 'F'], filtered: 1 },
    { id: 'testVertexLevel1Greater', filter: 'FILTER 25 < p.vertices[1].value', rows: ['D', 'E', 'G'], filtered: 1 },
    { id: 'testEdgeLevel0', filter: 'FILTER p.edges[0].left == true', rows: ['B', 'C', 'F'], filtered: 1 },
    { id: 'testStartVertexEarlyPruneHighDepth', filter: 'FILTER p.vertices[0]._key == "wrong"', start: 'Tri1', depth: '100', rows: [], scannedIndex: 1, filtered: 1 },
    { id: 'testVertexEarlyPruneHighDepth', filter: 'FILTER p.vertices[1]._key == "wrong"', start: 'Tri1', depth: '100', rows: [], scannedIndex: 2, filtered: 1 },
    { id: 'ALL on the vertices', filter: 'FILTER p.vertices[*].right ALL != true', rows: ['B', 'C', 'F'], filtered: 1 },
  ];
  for (const c of cases) {
    it(`${c.id}: rows, and each dropped step counted as filtered`, async () => {
      const r = await run(c.filter, c.start, c.depth);
      assert.deepEqual(r.rows, c.rows);
      assert.equal(r.filtered, c.filtered);
      if (c.scannedIndex !== undefined) assert.equal(r.scannedIndex, c.scannedIndex);
    });
  }

  it('testStorePruneConditionVertexInVariableExplainLogicalOr: FILTER on the PRUNE variable moves into the traversal', async () => {
    const q = `WITH ${V} FOR v, e, p IN 1..10 OUTBOUND @start UnitTestEdgeCollection PRUNE pruneCondition = v.value == 75 || v.value == 25 FILTER pruneCondition SORT v._key RETURN v._key`;
    const nodes = db.explain(q, { start: `${V}/A` }).plan.nodes;
    assert.ok(!nodes.some((n: any) => n.type === 'CalculationNode' && n.outVariable.name === 'pruneCondition'), JSON.stringify(nodes.map((n: any) => n.type)));
    assert.ok(!nodes.some((n: any) => n.type === 'FilterNode'));
    assert.deepEqual(await db.run(q, { start: `${V}/A` }), ['B', 'D']);
  });

  it('testStorePruneConditionPathInVariableExplain: behind NOOPT the condition stays a FILTER on the PRUNE variable', () => {
    const q = `WITH ${V} FOR v, e, p IN 1..10 OUTBOUND @start UnitTestEdgeCollection PRUNE pruneCondition = NOOPT(p.edges[0].right) == true FILTER pruneCondition RETURN {from: e._from, to: e._to}`;
    const nodes = db.explain(q, { start: `${V}/A` }).plan.nodes;
    assert.ok(nodes.some((n: any) => n.type === 'CalculationNode' && n.outVariable.name === 'pruneCondition'));
    assert.equal(nodes.find((n: any) => n.type === 'FilterNode').inVariable.name, 'pruneCondition');
  });

  it('testModify: a FILTER after an UPDATE stays a FILTER (3 rows filtered afterwards)', async () => {
    const r = await db.runFull(`WITH ${V} FOR v, e, p IN 1..2 OUTBOUND @start UnitTestEdgeCollection UPDATE v WITH {updated: true} IN ${V} FILTER p.vertices[1].left == true SORT v._key RETURN v._key`, { start: `${V}/A` });
    assert.deepEqual(r.rows, ['B', 'C', 'F']);
    assert.equal(r.stats.writesExecuted, 6);
    assert.equal(r.stats.filtered, 3);
  });
});

describe('optimize-enumerate-path-filters (optimizer/rules-traversal.ts; aql-graph-enumerate-path-filter.js: enumeratePathsFilter)', () => {
  // 19 -> 20 -> 21 -> 22 -> 23 over green edges; 19 -> 20 -> 21 -> 23 over purple ones
  const V = 'UnitTestVertices';
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ [V]: [19, 20, 21, 22, 23].map((i) => ({ _key: String(i), colour: 'red' })) });
    const e = (f: number, t: number, colour: string): Doc => ({ _from: `${V}/${f}`, _to: `${V}/${t}`, weight: 1, colour });
    await graph(db, 'UnitTestGraph', [V, []], ['UnitTestEdges', [
      e(19, 20, 'green'), e(20, 21, 'green'), e(21, 22, 'green'), e(22, 23, 'green'), e(19, 20, 'purple'), e(20, 21, 'purple'), e(21, 23, 'purple'),
    ]]);
  });
  after(() => db.close());

  const lengths = async (type: string, filter: string, rules: string[] = []) =>
    db.run(`FOR path IN ANY ${type} "${V}/19" TO "${V}/23" GRAPH "UnitTestGraph" ${filter} RETURN LENGTH(path.edges)`, {}, { optimizer: { rules } });
  const rulesOf = (q: string) => db.explain(q).plan.rules as string[];

  const green = [
    'FILTER path.edges[* RETURN CURRENT.colour == "green"] ALL == true',
    'FILTER path.edges[* RETURN CURRENT.colour] ALL == "green"',
    'FILTER path.edges[*].colour ALL == "green"',
    'FILTER path.edges[* FILTER CURRENT.colour != null].colour ALL == "green"',
    'FILTER path.edges[*].colour NONE == "purple"',
  ];
  for (const f of green) {
    it(`testExpectedPathFound: ${f} fires and keeps K_SHORTEST_PATHS' rows`, async () => {
      const q = `FOR path IN ANY K_SHORTEST_PATHS "${V}/19" TO "${V}/23" GRAPH "UnitTestGraph" ${f} LIMIT 1 RETURN path`;
      assert.ok(rulesOf(q).includes('optimize-enumerate-path-filters'));
      assert.deepEqual(await lengths('K_SHORTEST_PATHS', `${f} LIMIT 1`), [4]);
      assert.deepEqual(await lengths('K_SHORTEST_PATHS', `${f} LIMIT 1`, ['-optimize-enumerate-path-filters']), [4]);
      assert.deepEqual(await lengths('K_PATHS', f), await lengths('K_PATHS', f, ['-optimize-enumerate-path-filters']));
    });
  }

  it('ALL_SHORTEST_PATHS searches among the paths meeting the condition', async () => {
    const f = green[2];
    assert.deepEqual(await lengths('ALL_SHORTEST_PATHS', f), [4]);
    assert.deepEqual(await lengths('ALL_SHORTEST_PATHS', f, ['-optimize-enumerate-path-filters']), []);
  });

  const untouched = [
    { id: 'testDoesNotFireWhenANY', filter: 'FILTER path.vertices[* RETURN CURRENT.colour == "green"] ANY == false' },
    { id: 'testDoesNotFireWhenLimit', filter: 'FILTER path.vertices[* LIMIT 5] ALL == false' },
    { id: 'testDoesNotFireWhenFilterWithoutAttribute', filter: 'FILTER path.vertices[* FILTER CURRENT.foo < 5] ALL == false' },
    { id: 'testFiresButLeavesOtherFilters', filter: 'FILTER path.vertices[* RETURN CURRENT.colour == "green"] ALL == false && LENGTH(path.edges) > 0' },
  ];
  for (const c of untouched) {
    it(`${c.id}: the rule leaves the FILTER alone`, () => {
      assert.ok(!rulesOf(`FOR path IN ANY K_PATHS "${V}/19" TO "${V}/23" GRAPH "UnitTestGraph" ${c.filter} RETURN path`).includes('optimize-enumerate-path-filters'));
    });
  }

  it('a start vertex failing a vertex condition gives no path', async () => {
    const kPaths = (filter: string) => db.run(`FOR path IN 1..5 ANY K_PATHS "${V}/19" TO "${V}/23" GRAPH "UnitTestGraph" ${filter} RETURN LENGTH(path.edges)`);
    assert.deepEqual(await kPaths('FILTER path.vertices[*].colour ALL == "red"'), [3, 3, 3, 3, 4, 4, 4, 4]);
    assert.deepEqual(await kPaths('FILTER path.vertices[*]._key NONE == "19"'), []);
  });
});
