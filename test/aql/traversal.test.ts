// Graph traversals and path searches (src/aql/parser, planner/graph.ts, executor/graph.ts):
// every direction, depth ranges, uniqueness, dfs/bfs/weighted order, PRUNE, paths, named
// graphs read from `_graphs`, SHORTEST_PATH (weighted and not), K_SHORTEST_PATHS, K_PATHS,
// ALL_SHORTEST_PATHS, missing vertices, invalid start vertices, errors word for word and
// the explain output. The graph is ArangoDB's traversalGraph example (circles and edges),
// so the expected orders are those ArangoDB's documentation shows for it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectionSpec } from '../helpers/server.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

const EDGES: [string, string, string, number][] = [
  ['A', 'B', 'left_bar', 1],
  ['B', 'C', 'left_blarg', 1],
  ['C', 'D', 'left_blorg', 1],
  ['B', 'E', 'left_blub', 1],
  ['E', 'F', 'left_schubi', 1],
  ['A', 'G', 'right_foo', 10],
  ['G', 'H', 'right_blob', 1],
  ['H', 'I', 'right_blub', 1],
  ['G', 'J', 'right_zip', 1],
  ['J', 'K', 'right_zup', 1],
];

describe('graph traversals and path searches', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ circles: 'ABCDEFGHIJK'.split('').map((k) => ({ _key: k, label: k })) });
    const s = db.storage;
    await s.catalog.createCollection('_system', collectionSpec('edges', { type: 3 }));
    await s.catalog.createCollection('_system', collectionSpec('links', { type: 3 }));
    await s.catalog.createCollection('_system', collectionSpec('loops', { type: 3 }));
    const insert = async (c: string, docs: Record<string, unknown>[]) => {
      const r = await s.documents.apply('_system', c, 'insert', docs.map((body) => ({ body })), {});
      assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results));
    };
    // keys sort differently from the insertion order: edges come in the order of their writes
    await insert('edges', EDGES.map(([f, t, label, w], i) => ({ _key: `e${20 - i}`, _from: `circles/${f}`, _to: `circles/${t}`, label, w })));
    await insert('links', [{ _from: 'circles/D', _to: 'circles/K', label: 'shortcut' }, { _from: 'circles/F', _to: 'circles/nowhere', label: 'dangling' }]);
    await insert('loops', [
      { _key: 'sa', _from: 'circles/A', _to: 'circles/B' },
      { _key: 'ab', _from: 'circles/B', _to: 'circles/C' },
      { _key: 'bc', _from: 'circles/C', _to: 'circles/B' },
    ]);
    await insert('_graphs', [
      { _key: 'traversalGraph', edgeDefinitions: [{ collection: 'edges', from: ['circles'], to: ['circles'] }], orphanCollections: [] },
      { _key: 'emptyGraph', edgeDefinitions: [], orphanCollections: ['circles'] },
    ]);
  });
  after(async () => {
    await db.close();
  });

  const keys = (q: string, bindVars?: Record<string, unknown>) => db.run(`${q}`, bindVars);

  describe('traversals', () => {
    const cases: { id: string; aql: string; rows: unknown[] }[] = [
      { id: 'dfs-1', aql: "FOR v IN 1..3 OUTBOUND 'circles/A' edges RETURN v._key", rows: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'] },
      { id: 'dfs-2', aql: "FOR v IN 1..3 OUTBOUND 'circles/A' GRAPH 'traversalGraph' RETURN v._key", rows: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'] },
      { id: 'depth-1', aql: "FOR v IN 2 OUTBOUND 'circles/A' GRAPH 'traversalGraph' RETURN v._key", rows: ['C', 'E', 'H', 'J'] },
      { id: 'depth-2', aql: "FOR v IN OUTBOUND 'circles/A' edges RETURN v._key", rows: ['B', 'G'] },
      { id: 'depth-3', aql: "FOR v IN 0..1 OUTBOUND 'circles/A' edges RETURN v._key", rows: ['A', 'B', 'G'] },
      { id: 'depth-4', aql: "FOR v IN 0 OUTBOUND 'circles/A' edges RETURN v._key", rows: ['A'] },
      { id: 'bfs-1', aql: "FOR v IN 1..3 OUTBOUND 'circles/A' edges OPTIONS {order: 'bfs'} RETURN v._key", rows: ['B', 'G', 'C', 'E', 'H', 'J', 'D', 'F', 'I', 'K'] },
      { id: 'bfs-2', aql: "FOR v IN 1..3 OUTBOUND 'circles/A' edges OPTIONS {bfs: true, order: 'dfs'} RETURN v._key", rows: ['B', 'G', 'C', 'E', 'H', 'J', 'D', 'F', 'I', 'K'] },
      { id: 'in-1', aql: "FOR v IN 1..3 INBOUND 'circles/E' edges RETURN v._key", rows: ['B', 'A'] },
      { id: 'any-1', aql: "FOR v IN 1..3 ANY 'circles/E' edges RETURN v._key", rows: ['F', 'B', 'C', 'D', 'A', 'G'] },
      { id: 'mixed-1', aql: "FOR v IN 1..2 INBOUND 'circles/D' edges, OUTBOUND links RETURN v._key", rows: ['C', 'B', 'K', 'J'] },
      { id: 'path-1', aql: "FOR v, e, p IN 2 OUTBOUND 'circles/A' edges RETURN [p.vertices[*]._key, p.edges[*].label, e.label]", rows: [[['A', 'B', 'C'], ['left_bar', 'left_blarg'], 'left_blarg'], [['A', 'B', 'E'], ['left_bar', 'left_blub'], 'left_blub'], [['A', 'G', 'H'], ['right_foo', 'right_blob'], 'right_blob'], [['A', 'G', 'J'], ['right_foo', 'right_zip'], 'right_zip']] },
      { id: 'path-2', aql: "FOR v, e, p IN 0 OUTBOUND 'circles/A' edges RETURN [v._key, e, p.edges, p.vertices[*]._key]", rows: [['A', null, [], ['A']]] },
      { id: 'filter-1', aql: "FOR v, e, p IN 1..3 OUTBOUND 'circles/A' GRAPH 'traversalGraph' FILTER p.vertices[1]._key != 'G' RETURN v._key", rows: ['B', 'C', 'D', 'E', 'F'] },
      { id: 'filter-2', aql: "FOR v, e, p IN 1..3 OUTBOUND 'circles/A' GRAPH 'traversalGraph' FILTER p.edges[1].label != 'left_blub' RETURN v._key", rows: ['B', 'C', 'D', 'G', 'H', 'I', 'J', 'K'] },
      { id: 'prune-1', aql: "FOR v IN 0..3 OUTBOUND 'circles/A' edges PRUNE v._key == 'B' RETURN v._key", rows: ['A', 'B', 'G', 'H', 'I', 'J', 'K'] },
      { id: 'prune-2', aql: "FOR v, e IN 1..3 OUTBOUND 'circles/A' edges PRUNE e.label == 'right_blob' OPTIONS {order: 'bfs'} RETURN v._key", rows: ['B', 'G', 'C', 'E', 'H', 'J', 'D', 'F', 'K'] },
      { id: 'prune-3', aql: "FOR v, e, p IN 1..3 OUTBOUND 'circles/A' edges PRUNE cond = v._key IN ['B', 'J'] FILTER cond RETURN p.vertices[*]._key", rows: [['A', 'B'], ['A', 'G', 'J']] },
      // e is null at depth 0: `e.w < 5` is true there and stops the traversal at once
      { id: 'prune-4', aql: "FOR v, e IN 0..2 OUTBOUND 'circles/A' edges PRUNE e.w < 5 RETURN v._key", rows: ['A'] },
      // the default uniqueEdges 'path': B -> C is not taken a second time
      { id: 'unique-1', aql: "FOR v IN 1..4 OUTBOUND 'circles/A' loops RETURN v._key", rows: ['B', 'C', 'B'] },
      { id: 'unique-2', aql: "FOR v IN 1..4 OUTBOUND 'circles/A' loops OPTIONS {uniqueVertices: 'path'} RETURN v._key", rows: ['B', 'C'] },
      { id: 'unique-3', aql: "FOR v IN 1..5 OUTBOUND 'circles/A' loops OPTIONS {uniqueEdges: 'none'} RETURN v._key", rows: ['B', 'C', 'B', 'C', 'B'] },
      { id: 'unique-4', aql: "FOR v IN 1..5 ANY 'circles/B' edges OPTIONS {uniqueVertices: 'global', order: 'bfs'} RETURN v._key", rows: ['C', 'E', 'A', 'D', 'F', 'G', 'H', 'J', 'I', 'K'] },
      { id: 'restrict-1', aql: "FOR v IN 1..2 OUTBOUND 'circles/C' edges, links OPTIONS {edgeCollections: 'edges'} RETURN v._key", rows: ['D'] },
      { id: 'restrict-2', aql: "FOR v IN 1..3 OUTBOUND 'circles/D' links OPTIONS {vertexCollections: ['other']} RETURN v._key", rows: [] },
      { id: 'weighted-1', aql: "FOR v, e, p IN 1..3 OUTBOUND 'circles/A' edges OPTIONS {order: 'weighted', weightAttribute: 'w'} RETURN [v._key, p.weights]", rows: [['B', [0, 1]], ['C', [0, 1, 2]], ['E', [0, 1, 2]], ['D', [0, 1, 2, 3]], ['F', [0, 1, 2, 3]], ['G', [0, 10]], ['H', [0, 10, 11]], ['J', [0, 10, 11]], ['I', [0, 10, 11, 12]], ['K', [0, 10, 11, 12]]] },
      { id: 'start-1', aql: "FOR v IN OUTBOUND DOCUMENT('circles/A') edges RETURN v._key", rows: ['B', 'G'] },
      { id: 'start-2', aql: "FOR v IN OUTBOUND {_id: 'circles/G', x: 1} edges RETURN v._key", rows: ['H', 'J'] },
      { id: 'start-3', aql: "FOR s IN ['circles/B', 'circles/J'] FOR v IN OUTBOUND s edges RETURN [s, v._key]", rows: [['circles/B', 'C'], ['circles/B', 'E'], ['circles/J', 'K']] },
      { id: 'start-4', aql: "FOR v IN OUTBOUND 'circles/missing' edges RETURN v", rows: [] },
    ];
    for (const c of cases) {
      it(`${c.id}: ${c.aql}`, async () => {
        assert.deepEqual(await keys(c.aql), c.rows);
      });
    }

    it('takes the start vertex, depth and edge collection from bind parameters', async () => {
      assert.deepEqual(await keys('FOR v IN @min..@max OUTBOUND @start @@edges RETURN v._key', { min: 2, max: 2, start: { _id: 'circles/G' }, '@edges': 'edges' }), ['I', 'K']);
      assert.deepEqual(await keys('FOR v IN OUTBOUND @start GRAPH @g RETURN v._key', { start: 'circles/A', g: 'traversalGraph' }), ['B', 'G']);
      assert.deepEqual(await keys('FOR v IN OUTBOUND @start ANY @e RETURN v._key', { start: 'circles/E', e: 'edges' }), ['F', 'B']);
    });

    it('gives null for a vertex that does not exist, with warning 1202, and goes on past it', async () => {
      const r = await db.runFull("FOR v, e IN 1..2 OUTBOUND 'circles/E' edges, links RETURN [v, e.label]");
      assert.deepEqual(r.rows.map((x: any) => [x[0]?._key ?? null, x[1]]), [['F', 'left_schubi'], [null, 'dangling']]);
      assert.deepEqual(r.warnings, [{ code: 1202, message: "vertex 'circles/nowhere' not found" }]);
    });

    it('answers a start vertex that is no document id with warning 10 and no rows', async () => {
      for (const start of ["''", "'foo'", '[1]', '{a: 1}', 'CONCAT("x", "")']) {
        const r = await db.runFull(`FOR v IN OUTBOUND ${start} edges RETURN v`);
        assert.deepEqual(r.rows, []);
        assert.deepEqual(r.warnings, [{ code: 10, message: 'Invalid input for traversal: Only id strings or objects with _id are allowed' }], start);
      }
    });

    it('counts index entries and cursors in the statistics', async () => {
      const r = await db.runFull("FOR v IN 1..3 OUTBOUND 'circles/A' edges RETURN v._key");
      // 10 edge index entries, 10 vertex documents; one cursor, re-armed for each further vertex
      assert.equal(r.stats.scannedIndex, 20);
      assert.equal(r.stats.cursorsCreated, 1);
      assert.equal(r.stats.cursorsRearmed, 6);
      assert.equal(r.stats.scannedFull, 0);
    });

    it('stops reading once LIMIT has its rows', async () => {
      const r = await db.runFull("FOR v IN 1..3 OUTBOUND 'circles/A' edges LIMIT 2 RETURN v._key");
      assert.deepEqual(r.rows, ['B', 'C']);
      assert.ok(r.stats.scannedIndex < 20, String(r.stats.scannedIndex));
    });
  });

  describe('path searches', () => {
    const cases: { id: string; aql: string; rows: unknown[] }[] = [
      { id: 'sp-1', aql: "FOR v, e IN OUTBOUND SHORTEST_PATH 'circles/A' TO 'circles/D' edges RETURN [v._key, e.label]", rows: [['A', null], ['B', 'left_bar'], ['C', 'left_blarg'], ['D', 'left_blorg']] },
      { id: 'sp-2', aql: "FOR v IN ANY SHORTEST_PATH 'circles/D' TO 'circles/K' GRAPH 'traversalGraph' RETURN v._key", rows: ['D', 'C', 'B', 'A', 'G', 'J', 'K'] },
      { id: 'sp-3', aql: "FOR v IN ANY SHORTEST_PATH 'circles/D' TO 'circles/K' edges, links RETURN v._key", rows: ['D', 'K'] },
      { id: 'sp-4', aql: "FOR v IN OUTBOUND SHORTEST_PATH 'circles/D' TO 'circles/A' edges RETURN v._key", rows: [] },
      { id: 'sp-5', aql: "FOR v IN OUTBOUND SHORTEST_PATH 'circles/A' TO 'circles/A' edges RETURN v._key", rows: ['A'] },
      { id: 'sp-6', aql: "FOR v IN OUTBOUND SHORTEST_PATH 'circles/A' TO 'circles/zzz' edges RETURN v._key", rows: [] },
      { id: 'ksp-1', aql: "FOR p IN ANY K_SHORTEST_PATHS 'circles/B' TO 'circles/K' edges, links RETURN [p.vertices[*]._key, p.weight]", rows: [[['B', 'C', 'D', 'K'], 3], [['B', 'A', 'G', 'J', 'K'], 4]] },
      { id: 'ksp-2', aql: "FOR p IN ANY K_SHORTEST_PATHS 'circles/B' TO 'circles/K' edges, links OPTIONS {weightAttribute: 'w', defaultWeight: 5} RETURN [p.vertices[*]._key, p.weight]", rows: [[['B', 'C', 'D', 'K'], 7], [['B', 'A', 'G', 'J', 'K'], 13]] },
      { id: 'ksp-3', aql: "FOR p IN ANY K_SHORTEST_PATHS 'circles/B' TO 'circles/K' edges, links LIMIT 1 RETURN p.edges[*].label", rows: [['left_blarg', 'left_blorg', 'shortcut']] },
      { id: 'kp-1', aql: "FOR p IN 1..5 ANY K_PATHS 'circles/B' TO 'circles/K' edges, links RETURN p.vertices[*]._key", rows: [['B', 'C', 'D', 'K'], ['B', 'A', 'G', 'J', 'K']] },
      { id: 'kp-2', aql: "FOR p IN 4 ANY K_PATHS 'circles/B' TO 'circles/K' edges, links RETURN p.vertices[*]._key", rows: [['B', 'A', 'G', 'J', 'K']] },
      { id: 'kp-3', aql: "FOR p IN 0..1 OUTBOUND K_PATHS 'circles/A' TO 'circles/A' edges RETURN p", rows: [{ edges: [], vertices: [{ _key: 'A', _id: 'circles/A', _rev: 'x', label: 'A' }] }] },
      // the order of equally short paths is ArangoDB's two-sided search's: sorted here
      { id: 'asp-1', aql: "FOR p IN ANY ALL_SHORTEST_PATHS 'circles/A' TO 'circles/C' edges, loops LET k = p.edges[*]._key SORT k RETURN k", rows: [['e20', 'ab'], ['e20', 'bc'], ['e20', 'e19'], ['sa', 'ab'], ['sa', 'bc'], ['sa', 'e19']] },
    ];
    for (const c of cases) {
      it(`${c.id}: ${c.aql}`, async () => {
        const rows = await keys(c.aql);
        assert.deepEqual(JSON.parse(JSON.stringify(rows).replace(/"_rev":"[^"]*"/g, '"_rev":"x"')), c.rows);
      });
    }

    it('refuses negative weights with 1948', async () => {
      await assert.rejects(
        () => keys("FOR v IN OUTBOUND SHORTEST_PATH 'circles/A' TO 'circles/D' edges OPTIONS {weightAttribute: 'none', defaultWeight: -1} RETURN v"),
        (e: any) => e.errorNum === 1940 + 8 && e.message === 'negative edge weight found',
      );
    });
  });

  describe('errors', () => {
    const cases: { id: string; aql: string; bindVars?: Record<string, unknown>; errorNum: number; message: string }[] = [
      { id: 'err-1', aql: "FOR v IN OUTBOUND 'circles/A' GRAPH 'nope' RETURN v", errorNum: 1924, message: "graph 'nope' not found" },
      { id: 'err-2', aql: "FOR v IN OUTBOUND 'circles/A' GRAPH 'emptyGraph' RETURN v", errorNum: 1940, message: 'empty graph' },
      { id: 'err-3', aql: "FOR v IN OUTBOUND 'circles/A' circles RETURN v", errorNum: 1218, message: "collection type invalid for collection 'circles: expecting collection type 'edge'" },
      { id: 'err-4', aql: "FOR v IN OUTBOUND 'circles/A' edges, INBOUND edges RETURN v", errorNum: 1218, message: "conflicting directions specified for collection 'edges" },
      { id: 'err-5', aql: "FOR v IN OUTBOUND 'circles/A' nothere RETURN v", errorNum: 1203, message: 'collection or view not found: nothere' },
      { id: 'err-6', aql: "FOR v IN 3..1 OUTBOUND 'circles/A' edges RETURN v", errorNum: 1501, message: 'invalid traversal depth' },
      { id: 'err-7', aql: "FOR v IN 1.5 OUTBOUND 'circles/A' edges RETURN v", errorNum: 1501, message: 'invalid traversal depth' },
      { id: 'err-8', aql: "FOR x IN [1] FOR v IN x OUTBOUND 'circles/A' edges RETURN v", errorNum: 1501, message: 'invalid traversal depth' },
      { id: 'err-9', aql: 'FOR v IN OUTBOUND null edges RETURN v', errorNum: 1501, message: 'invalid start vertex. Must either be an _id string or an object with _id.' },
      { id: 'err-10', aql: "FOR v IN OUTBOUND SHORTEST_PATH 'circles/A' TO -123 edges RETURN v", errorNum: 1501, message: 'invalid target vertex. Must either be an _id string or an object with _id.' },
      { id: 'err-11', aql: "FOR v IN OUTBOUND 'circles/A' edges OPTIONS {uniqueVertices: 'global'} RETURN v", errorNum: 10, message: "uniqueVertices: 'global' is only supported, with mode: bfs|weighted due to otherwise unpredictable results." },
      { id: 'err-12', aql: "FOR v IN OUTBOUND 'circles/A' edges OPTIONS {uniqueEdges: 'global'} RETURN v", errorNum: 10, message: "uniqueEdges: 'global' is not supported, due to otherwise unpredictable results. Use 'path' or 'none' instead" },
      { id: 'err-13', aql: "FOR v IN OUTBOUND 'circles/A' edges OPTIONS {order: 'sideways'} RETURN v", errorNum: 10, message: 'order: unknown order' },
      { id: 'err-14', aql: "FOR v IN OUTBOUND 'circles/A' edges OPTIONS {vertexCollections: [1]} RETURN v", errorNum: 10, message: 'collection restrictions option must be either a string or an array of collection names' },
      { id: 'err-15', aql: 'FOR v IN OUTBOUND @s edges RETURN v', bindVars: { s: 12 }, errorNum: 1501, message: 'invalid start vertex. Must either be an _id string or an object with _id.' },
    ];
    for (const c of cases) {
      it(`${c.id}: ${c.aql}`, async () => {
        await assert.rejects(
          () => db.run(c.aql, c.bindVars),
          (e: any) => {
            assert.equal(e.errorNum, c.errorNum);
            assert.equal(e.message, c.message);
            return true;
          },
        );
      });
    }

    it('warns 1539 about an unknown traversal option', async () => {
      const r = await db.runFull("FOR v IN OUTBOUND 'circles/A' edges OPTIONS {foo: 1, maxProjections: 2} RETURN v._key");
      assert.deepEqual(r.rows, ['B', 'G']);
      assert.deepEqual(r.warnings, [{ code: 1539, message: "usage of unknown OPTIONS attribute 'foo' in TRAVERSAL statement" }]);
    });
  });

  describe('explain', () => {
    it('shows a TraversalNode with its graph, directions, variables, options and edge indexes', () => {
      // optimize-traversals would drop the unused e and p (arangodb-graph-replay.test.ts)
      const plan = db.explain("FOR v, e, p IN 1..3 ANY 'circles/A' edges PRUNE v.label == 'C' OPTIONS {order: 'bfs'} RETURN v", {}, { optimizer: { rules: ['-optimize-traversals'] } }).plan;
      assert.deepEqual(plan.nodes.map((n: any) => n.type), ['SingletonNode', 'TraversalNode', 'ReturnNode']);
      const t = plan.nodes[1];
      assert.deepEqual(
        { graph: t.graph, defaultDirection: t.defaultDirection, directions: t.directions, edgeCollections: t.edgeCollections, vertexId: t.vertexId },
        { graph: ['edges'], defaultDirection: 0, directions: [2, 1], edgeCollections: ['edges', 'edges'], vertexId: 'circles/A' },
      );
      assert.deepEqual([t.vertexOutVariable.name, t.edgeOutVariable.name, t.pathOutVariable.name], ['v', 'e', 'p']);
      assert.deepEqual([t.options.minDepth, t.options.maxDepth, t.options.order, t.options.uniqueVertices, t.options.uniqueEdges], [1, 3, 'bfs', 'none', 'path']);
      assert.deepEqual(t.indexes.base.map((ix: any) => [ix.type, ix.fields]), [['edge', ['_from']], ['edge', ['_to']]]);
      assert.equal(t.expression.type, 'compare ==');
      assert.deepEqual(plan.collections, [{ name: 'edges', type: 'read' }]);
    });

    it('shows a named graph with its definition, and a start vertex from a variable', () => {
      const plan = db.explain("FOR d IN circles FOR v IN OUTBOUND d GRAPH 'traversalGraph' RETURN v").plan;
      const t = plan.nodes.find((n: any) => n.type === 'TraversalNode');
      assert.equal(t.graph, 'traversalGraph');
      assert.deepEqual(t.graphDefinition, { vertexCollectionNames: ['circles'], edgeCollectionNames: ['edges'] });
      assert.equal(t.inVariable.name, 'd');
    });

    it('shows ShortestPathNode and EnumeratePathsNode', () => {
      const sp = db.explain("FOR v IN OUTBOUND SHORTEST_PATH 'circles/A' TO 'circles/D' edges RETURN v").plan.nodes[1];
      assert.deepEqual([sp.type, sp.startVertexId, sp.targetVertexId, sp.directions], ['ShortestPathNode', 'circles/A', 'circles/D', [2]]);
      const kp = db.explain("FOR p IN 1..4 INBOUND K_PATHS 'circles/D' TO 'circles/A' edges RETURN p").plan.nodes[1];
      assert.deepEqual([kp.type, kp.pathType, kp.options.minDepth, kp.options.maxDepth, kp.directions, kp.pathOutVariable.name], ['EnumeratePathsNode', 'K_PATHS', 1, 4, [1], 'p']);
      const ksp = db.explain("FOR p IN ANY K_SHORTEST_PATHS 'circles/D' TO 'circles/A' edges RETURN p").plan.nodes[1];
      assert.deepEqual([ksp.pathType, ksp.directions], ['K_SHORTEST_PATHS', [2, 1]]);
    });
  });
});
