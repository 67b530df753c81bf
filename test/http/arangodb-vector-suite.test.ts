// Replay of ArangoDB's own vector index tests (arangodb/arangodb, tests/js/client/aql/
// vector/) against Cairn started with --experimental-vector-index. Test names are
// "<upstream file> <suite> <case>". Port variants: vectors of dimension 64 instead of 500
// (the cases do not depend on it; the machine is shared), a seeded generator instead of
// upstream's, one database per suite. Upstream's "_untrained" runs of aql-vector.js
// (a devel state, "uninitialized", where an untrained index still answers by linear scan)
// are left out: Cairn follows 3.12.9's states, where such an index is "unusable".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import { mulberry32 } from '../helpers/random.js';

const DIM = 64;

const floats = mulberry32;

function vectors(n: number, seed: number, dim = DIM): number[][] {
  const gen = floats(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => gen()));
}

interface Ctx {
  s: TestServer;
  db: string;
}

async function call(c: Ctx, method: string, path: string, body?: unknown) {
  const res = await c.s.request({ method, url: `/_db/${c.db}${path}`, body });
  return { status: res.statusCode, body: bodyOf(res) };
}

async function rows(c: Ctx, query: string, bindVars: Record<string, unknown> = {}): Promise<any[]> {
  const r = await call(c, 'POST', '/_api/cursor', { query, bindVars, batchSize: 10000 });
  if (r.body.error) throw Object.assign(new Error(r.body.errorMessage), { errorNum: r.body.errorNum });
  return r.body.result;
}

async function nearNodes(c: Ctx, query: string, bindVars: Record<string, unknown> = {}): Promise<any[]> {
  const r = await call(c, 'POST', '/_api/explain', { query, bindVars });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.plan.nodes.filter((n: { type: string }) => n.type === 'EnumerateNearVectorNode');
}

async function explainPlan(c: Ctx, query: string, bindVars: Record<string, unknown> = {}): Promise<any> {
  return (await call(c, 'POST', '/_api/explain', { query, bindVars })).body.plan;
}

async function queryError(c: Ctx, query: string, bindVars: Record<string, unknown> = {}): Promise<number> {
  const r = await call(c, 'POST', '/_api/cursor', { query, bindVars });
  assert.equal(r.body.error, true, `expected an error, got ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.errorNum;
}

async function insert(c: Ctx, col: string, docs: unknown[]): Promise<any[]> {
  const out: any[] = [];
  for (let i = 0; i < docs.length; i += 500) {
    const r = await call(c, 'POST', `/_api/document/${col}`, docs.slice(i, i + 500));
    assert.equal(r.status, 202, JSON.stringify(r.body).slice(0, 300));
    out.push(...r.body);
  }
  return out;
}

async function ensureIndex(c: Ctx, col: string, def: Record<string, unknown>) {
  return call(c, 'POST', `/_api/index?collection=${col}`, def);
}

const ERROR_BAD_PARAMETER = 10;
const ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH = 1542;
const ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED = 1554;

let server: TestServer;
let dbCounter = 0;
before(async () => {
  server = await startServer(['--experimental-vector-index', 'true']);
});
after(() => server.close());

/** A fresh database with collection `coll` for one suite (or one case). */
async function freshDb(): Promise<Ctx> {
  const db = `vectorDb${++dbCounter}`;
  const c: Ctx = { s: server, db: '_system' };
  assert.equal((await call(c, 'POST', '/_api/database', { name: db })).status, 201);
  const ctx = { s: server, db };
  assert.equal((await call(ctx, 'POST', '/_api/collection', { name: 'coll' })).status, 200);
  return ctx;
}

async function dropDb(c: Ctx): Promise<void> {
  await call({ s: server, db: '_system' }, 'DELETE', `/_api/database/${c.db}`);
}

/** aql-vector.js's setUpAll: 1500 documents with `vector`, `nonVector`, `unIndexedVector`, and one index. */
async function metricSuite(metric: string, name: string): Promise<{ c: Ctx; randomPoint: number[] }> {
  const c = await freshDb();
  const vs = vectors(1500, 12132390894 % 2 ** 31);
  const docs = vs.map((vector, i) => ({ vector, nonVector: i, unIndexedVector: vector }));
  await insert(c, 'coll', docs);
  const r = await ensureIndex(c, 'coll', { name, type: 'vector', fields: ['vector'], inBackground: false, params: { metric, dimension: DIM, nLists: 10, trainingIterations: 10 } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.trainingState, 'ready');
  return { c, randomPoint: vs[700]! };
}

const F = 'aql-vector.js';

describe(`${F} VectorIndexL2TestSuite_trained (optimizer/rules-vector.ts, executor/vector-block.ts)`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => ({ c, randomPoint } = await metricSuite('l2', 'vector_l2')));
  after(() => dropDb(c));

  it(`${F} testApproxL2OnUnindexedField_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.unIndexedVector, @qp) LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxL2OnNonVectorField_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.nonVector, @qp) LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxL2WrongInputDimension_trained`, async () => {
    const q = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}';
    const bindVars = { qp: randomPoint.slice(0, -1) };
    assert.equal((await nearNodes(c, q, bindVars)).length, 1);
    assert.equal(await queryError(c, q, bindVars), ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH);
  });
  it(`${F} testApproxL2WrongInput_trained`, async () => {
    const q = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}';
    assert.equal((await nearNodes(c, q, { qp: 'random' })).length, 1);
    assert.equal(await queryError(c, q, { qp: 'random' }), ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH);
  });
  it(`${F} testApproxL2WithoutLimit_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxL2DescendingOrder_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) DESC LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxL2MutipleSortAttributes_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp), d.nonVector LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxL2MultipleTopK_trained`, async () => {
    const q = 'FOR d IN coll LET dist = APPROX_NEAR_L2(d.vector, @qp) SORT dist LIMIT @topK RETURN {key: d._key, dist}';
    let previous: any[] = [];
    for (const topK of [1, 5, 10, 15, 50, 100]) {
      assert.equal((await nearNodes(c, q, { qp: randomPoint, topK })).length, 1);
      const results = await rows(c, q, { qp: randomPoint, topK });
      assert.equal(results.length, topK);
      for (let j = 0; j < previous.length; ++j) assert.equal(previous[j].key, results[j].key, 'results are deterministic');
      for (let j = 1; j < results.length; ++j) assert.ok(results[j - 1].dist <= results[j].dist, 'ascending');
      previous = results;
    }
  });
  it(`${F} testApproxL2SeachWithMixedComponentsVector_trained`, async () => {
    const q = 'FOR d IN coll LET dist = APPROX_NEAR_L2(d.vector, @qp) SORT dist LIMIT 3 RETURN {key: d._key, dist}';
    const qp = [0, 1, -1, ...randomPoint.slice(3)];
    assert.equal((await nearNodes(c, q, { qp })).length, 1);
    assert.equal((await rows(c, q, { qp })).length, 3);
  });
  it(`${F} testApproxL2Commutation_trained`, async () => {
    const first = 'FOR d IN coll SORT APPROX_NEAR_L2(@qp, d.vector) LIMIT 5 RETURN {key: d._key}';
    const second = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}';
    assert.deepEqual(await explainPlan(c, first, { qp: randomPoint }), await explainPlan(c, second, { qp: randomPoint }));
    assert.deepEqual(await rows(c, first, { qp: randomPoint }), await rows(c, second, { qp: randomPoint }));
  });
  it(`${F} testApproxL2Distance_trained`, async () => {
    const q = 'FOR d IN coll LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN dist';
    assert.equal((await nearNodes(c, q, { qp: randomPoint })).length, 1);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 5);
    assert.equal(results[0], 0, 'the point itself is in the collection');
  });
  it(`${F} testApproxL2WithDoubleLoop_trained`, async () => {
    const q = 'FOR docOuter IN coll FOR docInner IN coll SORT APPROX_NEAR_L2(docInner.vector, docOuter.vector) LIMIT 5 RETURN docInner';
    assert.equal((await nearNodes(c, q)).length, 1);
    assert.equal((await rows(c, q)).length, 5);
  });
  it(`${F} testApproxL2Skipping_trained`, async () => {
    const withSkip = await rows(c, 'FOR d IN coll SORT APPROX_NEAR_L2(@qp, d.vector) LIMIT 3, 5 RETURN {k: d._key}', { qp: randomPoint });
    const without = await rows(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 8 RETURN {k: d._key}', { qp: randomPoint });
    assert.equal(withSkip.length, 5);
    assert.equal(without.length, 8);
    const keys = new Set(without.map((r) => r.k));
    assert.ok(withSkip.every((r) => keys.has(r.k)));
  });
  for (const [name, args] of [
    ['testApproxL2Subquery_trained (docInner first)', 'docInner.vector, docOuter.vector'],
    ['testApproxL2Subquery_trained (docOuter first)', 'docOuter.vector, docInner.vector'],
  ] as const) {
    it(`${F} ${name}`, async () => {
      const q = `FOR docOuter IN coll FILTER docOuter.nonVector < 10
        LET neighbours = (FOR docInner IN coll LET dist = APPROX_NEAR_L2(${args}) SORT dist LIMIT 5 RETURN { key: docInner._key, dist })
        RETURN { key: docOuter._key, neighbours }`;
      assert.equal((await nearNodes(c, q)).length, 1);
      const results = await rows(c, q);
      assert.equal(results.length, 10);
      for (const r of results) assert.equal(r.neighbours.length, 5);
    });
  }
  it(`${F} testApproxL2SubqueryWithSkipping_trained`, async () => {
    const sub = (limit: string) => `FOR docOuter IN coll FILTER docOuter.nonVector < 10 SORT docOuter.nonVector
      LET neighbours = (FOR docInner IN coll LET dist = APPROX_NEAR_L2(docInner.vector, docOuter.vector) SORT dist LIMIT ${limit} RETURN { key: docInner._key, dist })
      RETURN { key: docOuter._key, neighbours }`;
    assert.equal((await nearNodes(c, sub('3, 5'))).length, 1);
    const withSkip = await rows(c, sub('3, 5'));
    const without = await rows(c, sub('8'));
    assert.equal(withSkip.length, without.length);
    for (let i = 0; i < withSkip.length; ++i) {
      assert.equal(withSkip[i].neighbours.length, 5);
      assert.equal(without[i].neighbours.length, 8);
      const expected = new Set(without[i].neighbours.slice(3).map((n: { key: string }) => n.key));
      assert.ok(withSkip[i].neighbours.every((n: { key: string }) => expected.has(n.key)));
    }
  });
});

describe(`${F} VectorIndexCosineTestSuite_trained`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => ({ c, randomPoint } = await metricSuite('cosine', 'vector_cosine')));
  after(() => dropDb(c));

  it(`${F} testApproxCosineOnUnindexedField_trained`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll SORT APPROX_NEAR_COSINE(d.unIndexedVector, @qp) DESC LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${F} testApproxCosineMultipleTopK_trained`, async () => {
    const q = 'FOR d IN coll LET sim = APPROX_NEAR_COSINE(d.vector, @qp) SORT sim DESC LIMIT @topK RETURN {key: d._key, sim}';
    let previous: any[] = [];
    for (const topK of [1, 5, 10, 15, 50, 100]) {
      assert.equal((await nearNodes(c, q, { qp: randomPoint, topK })).length, 1);
      const results = await rows(c, q, { qp: randomPoint, topK });
      for (let j = 0; j < previous.length; ++j) assert.equal(previous[j].key, results[j].key);
      for (let j = 1; j < results.length; ++j) assert.ok(results[j - 1].sim >= results[j].sim, 'descending');
      for (const r of results) assert.ok(Math.abs(r.sim) <= 1.01, 'in [-1, 1]');
      previous = results;
    }
  });
  it(`${F} testApproxCosineMultipleTopKWrongOrder_trained`, async () => {
    assert.equal((await nearNodes(c, 'FOR d IN coll SORT APPROX_NEAR_COSINE(d.vector, @qp) ASC LIMIT 5 RETURN {key: d._key}', { qp: randomPoint })).length, 0);
  });
  it(`${F} testApproxCosineSkipping_trained`, async () => {
    const withSkip = await rows(c, 'FOR d IN coll LET sim = APPROX_NEAR_COSINE(@qp, d.vector) SORT sim DESC LIMIT 3, 5 RETURN {k: d._key, sim}', { qp: randomPoint });
    const without = await rows(c, 'FOR d IN coll LET sim = APPROX_NEAR_COSINE(d.vector, @qp) SORT sim DESC LIMIT 8 RETURN {k: d._key, sim}', { qp: randomPoint });
    assert.equal(withSkip.length, 5);
    assert.equal(without.length, 8);
    const keys = new Set(without.map((r) => r.k));
    assert.ok(withSkip.every((r) => keys.has(r.k)));
  });
});

describe(`${F} VectorIndexInnerProductTestSuite_trained`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => ({ c, randomPoint } = await metricSuite('innerProduct', 'vector_inner_product')));
  after(() => dropDb(c));

  it(`${F} testApproxInnerProductMultipleTopK_trained`, async () => {
    const q = 'FOR d IN coll LET sim = APPROX_NEAR_INNER_PRODUCT(d.vector, @qp) SORT sim DESC LIMIT @topK RETURN {key: d._key, sim}';
    let previous: any[] = [];
    for (const topK of [1, 5, 10, 15, 50, 100]) {
      assert.equal((await nearNodes(c, q, { qp: randomPoint, topK })).length, 1);
      const results = await rows(c, q, { qp: randomPoint, topK });
      for (let j = 0; j < previous.length; ++j) assert.equal(previous[j].key, results[j].key);
      for (let j = 1; j < results.length; ++j) assert.ok(results[j - 1].sim >= results[j].sim, 'descending');
      previous = results;
    }
  });
  it(`${F} testApproxInnerProductMultipleTopKWrongOrder_trained`, async () => {
    assert.equal((await nearNodes(c, 'FOR d IN coll SORT APPROX_NEAR_INNER_PRODUCT(d.vector, @qp) ASC LIMIT 5 RETURN {key: d._key}', { qp: randomPoint })).length, 0);
  });
  it(`${F} testApproxInnerProductSkipping_trained`, async () => {
    const withSkip = await rows(c, 'FOR d IN coll SORT APPROX_NEAR_INNER_PRODUCT(@qp, d.vector) DESC LIMIT 3, 5 RETURN {k: d._key}', { qp: randomPoint });
    const without = await rows(c, 'FOR d IN coll SORT APPROX_NEAR_INNER_PRODUCT(d.vector, @qp) DESC LIMIT 8 RETURN {k: d._key}', { qp: randomPoint });
    const keys = new Set(without.map((r) => r.k));
    assert.equal(withSkip.length, 5);
    assert.ok(withSkip.every((r) => keys.has(r.k)));
  });
});

describe(`${F} MultipleVectorIndexesOnField`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => {
    c = await freshDb();
    const vs = vectors(1000, 424242);
    randomPoint = vs[500]!;
    await insert(c, 'coll', vs.map((vector, i) => ({ vector, fieldInt: i, fieldVec: vector })));
    for (const [name, field, metric] of [['vector_cosine', 'vector', 'cosine'], ['vector_l2', 'vector', 'l2'], ['field_l2', 'fieldVec', 'l2']]) {
      const r = await ensureIndex(c, 'coll', { name, type: 'vector', fields: [field], inBackground: false, params: { metric, dimension: DIM, nLists: 10 } });
      assert.equal(r.status, 201);
    }
  });
  after(() => dropDb(c));

  const cases = [
    { id: 'testApproxUseL2WhenMultipleIndexes', q: 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}', index: 'vector_l2' },
    { id: 'testApproxUseCosineWhenMultipleIndexes', q: 'FOR d IN coll SORT APPROX_NEAR_COSINE(d.vector, @qp) DESC LIMIT 5 RETURN {key: d._key}', index: 'vector_cosine' },
    { id: 'testApproxL2WhenMultipleIndexesOnDifferentFields (vector)', q: 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}', index: 'vector_l2' },
    { id: 'testApproxL2WhenMultipleIndexesOnDifferentFields (fieldVec)', q: 'FOR d IN coll SORT APPROX_NEAR_L2(d.fieldVec, @qp) LIMIT 5 RETURN {key: d._key}', index: 'field_l2' },
  ];
  for (const t of cases) {
    it(`${F} ${t.id}`, async () => {
      const nodes = await nearNodes(c, t.q, { qp: randomPoint });
      assert.equal(nodes.length, 1);
      assert.equal(nodes[0].index.name, t.index);
      assert.equal((await rows(c, t.q, { qp: randomPoint })).length, 5);
    });
  }
});

const G = 'aql-vector-create-and-remove.js';

describe(`${G} VectorIndexCreateAndRemoveTestSuite`, () => {
  let c: Ctx;
  let randomPoint: number[];
  let inserted: { _key: string }[];
  const count = async () => (await rows(c, 'RETURN LENGTH(coll)'))[0];
  before(async () => {
    c = await freshDb();
    const vs = vectors(100, 12132390);
    randomPoint = vs[50]!;
    inserted = await insert(c, 'coll', vs.map((vector) => ({ vector })));
    const r = await ensureIndex(c, 'coll', { name: 'vector_l2', type: 'vector', fields: ['vector'], inBackground: false, params: { metric: 'l2', dimension: DIM, nLists: 1 } });
    assert.equal(r.status, 201);
  });
  after(() => dropDb(c));

  // upstream recreates the data before every case; these run in order on one collection
  it(`${G} testInsertPoints`, async () => {
    const before = await count();
    await insert(c, 'coll', vectors(100, 7).map((vector) => ({ vector })));
    assert.equal(await count(), before + 100);
  });
  it(`${G} testInsertVectorWithMixOfIntergerAndDoubleComponents`, async () => {
    const before = await count();
    const vector = [0, 1, 2, -1, ...vectors(1, 8)[0]!.slice(4)];
    await insert(c, 'coll', [{ vector }]);
    assert.equal(await count(), before + 1);
  });
  it(`${G} testInsertPointsChangesSearchResults`, async () => {
    const q = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp, {nProbe: 10}) LIMIT 5 RETURN d';
    const pre = (await rows(c, q, { qp: randomPoint })).map((d) => d._key);
    assert.equal(pre.length, 5);
    await insert(c, 'coll', Array.from({ length: 10 }, () => ({ vector: randomPoint })));
    const post = (await rows(c, q, { qp: randomPoint })).map((d) => d._key);
    assert.equal(post.length, 5);
    assert.notDeepEqual(pre, post);
  });
  it(`${G} testRemovePoints`, async () => {
    const before = await count();
    const r = await call(c, 'DELETE', '/_api/document/coll', inserted.slice(0, 50).map((d) => ({ _key: d._key })));
    assert.equal(r.status, 202);
    assert.equal(await count(), before - 50);
  });
  it(`${G} testRemoveChangesSearchResults`, async () => {
    const q = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN d';
    const pre = (await rows(c, q, { qp: randomPoint })).map((d) => ({ _key: d._key }));
    assert.equal(pre.length, 5);
    await call(c, 'DELETE', '/_api/document/coll', pre);
    const post = (await rows(c, q, { qp: randomPoint })).map((d) => ({ _key: d._key }));
    assert.equal(post.length, 5);
    assert.notDeepEqual(pre, post);
  });
});

describe(`${G} VectorIndexTestCreationWithVectors`, () => {
  let c: Ctx;
  before(async () => {
    c = await freshDb();
  });
  after(() => dropDb(c));
  const fresh = async (docs: unknown[]) => {
    await call(c, 'PUT', '/_api/collection/coll/truncate');
    for (const ix of (await call(c, 'GET', '/_api/index?collection=coll')).body.indexes) if (ix.type === 'vector') await call(c, 'DELETE', `/_api/index/${ix.id}`);
    await insert(c, 'coll', docs);
  };
  const withZeroFirst = () => vectors(100, 99).map((v) => ({ vector: [0, ...v.slice(1)] }));
  const def = (extra: Record<string, unknown>, p: Record<string, unknown> = {}) => ({
    name: 'vector_l2',
    type: 'vector',
    fields: ['vector'],
    inBackground: false,
    ...extra,
    params: { metric: 'l2', dimension: DIM, nLists: 1, trainingIterations: 10, ...p },
  });

  it(`${G} testCreateVectorIndexWithZeroNLists`, async () => {
    await fresh(withZeroFirst());
    const r = await ensureIndex(c, 'coll', def({}, { nLists: 0 }));
    assert.equal(r.body.errorNum, ERROR_BAD_PARAMETER);
  });
  it(`${G} testCreateVectorIndexWithVectorsContainingIntegersAndDoubles`, async () => {
    await fresh(withZeroFirst());
    assert.equal((await ensureIndex(c, 'coll', def({}))).status, 201);
  });
  it(`${G} testCreateVectorIndexWithDifferentDimensionVectors`, async () => {
    await fresh(vectors(100, 5).map((vector) => ({ vector })));
    const r = await ensureIndex(c, 'coll', def({}, { dimension: DIM - 10 }));
    assert.equal(r.body.error, true);
  });
  it(`${G} testCreatingVectorIndexWhenFieldNotPresent`, async () => {
    const vs = vectors(20, 6);
    await fresh(vs.map((vector, i) => (i > 10 ? { vector } : { value: i })));
    const r = await ensureIndex(c, 'coll', def({ sparse: false }));
    assert.equal(r.body.errorNum, ERROR_BAD_PARAMETER);
  });
  it(`${G} testCreatingVectorIndexWhenFieldNotPresentAndSparse`, async () => {
    const vs = vectors(30, 6);
    await fresh(vs.map((vector, i) => (i > 10 ? { vector } : { value: i })));
    assert.equal((await ensureIndex(c, 'coll', def({ sparse: true }))).status, 201);
  });
  it(`${G} testCreatingVectorIndexNoFields`, async () => {
    const vs = vectors(30, 6);
    await fresh(vs.map((vector, i) => (i >= 20 ? { vector, name: `doc_${i}`, category: `cat_${i % 3}`, value: i } : i >= 10 ? { vector, name: `doc_${i}` } : { name: `doc_${i}`, value: i })));
    const body = def({ storedValues: ['name', 'category', 'value'] });
    delete (body as Record<string, unknown>).fields;
    const r = await ensureIndex(c, 'coll', body);
    assert.equal(r.body.errorNum, ERROR_BAD_PARAMETER);
  });
});

describe(`${G} VectorIndexStoredValuesTestSuite`, () => {
  let c: Ctx;
  let inserted: { _key: string }[];
  let randomPoint: number[];
  const stored = ['name', 'value', 'category', 'metadata', 'description'];
  const count = async () => (await rows(c, 'RETURN LENGTH(coll)'))[0];
  before(async () => {
    c = await freshDb();
    const vs = vectors(50, 123456789);
    randomPoint = vs[25]!;
    inserted = await insert(
      c,
      'coll',
      vs.map((vector, i) => ({
        vector,
        name: `doc_${i}`,
        value: i * 10,
        category: i % 3 === 0 ? 'A' : i % 3 === 1 ? 'B' : 'C',
        metadata: { tags: [`tag${i}`, `category${i % 3}`], score: i / 50 },
        description: `This is document number ${i} with some description text`,
      })),
    );
    const r = await ensureIndex(c, 'coll', { name: 'vector_l2_stored', type: 'vector', fields: ['vector'], inBackground: false, storedValues: stored, params: { metric: 'l2', dimension: DIM, nLists: 1 } });
    assert.equal(r.status, 201);
  });
  after(() => dropDb(c));

  const vectorIndex = async () => (await call(c, 'GET', '/_api/index?collection=coll')).body.indexes.find((i: { name: string }) => i.name === 'vector_l2_stored');

  it(`${G} testCreateVectorIndexWithStoredValues`, async () => {
    const ix = await vectorIndex();
    assert.equal(ix.type, 'vector');
    assert.deepEqual(ix.storedValues, stored);
  });
  it(`${G} testInsertDocumentsWithStoredValues`, async () => {
    const before = await count();
    const docs = vectors(10, 11).map((vector, i) => ({ vector, name: `new_doc_${i}`, value: (i + 100) * 5, category: i % 2 === 0 ? 'X' : 'Y', metadata: { tags: [`newtag${i}`] }, description: `New document ${i}` }));
    assert.equal((await insert(c, 'coll', docs)).length, 10);
    assert.equal(await count(), before + 10);
  });
  it(`${G} testInsertDocumentsWithMissingStoredValues`, async () => {
    const before = await count();
    assert.equal((await insert(c, 'coll', vectors(5, 12).map((vector) => ({ vector })))).length, 5);
    assert.equal(await count(), before + 5);
  });
  it(`${G} testRemoveDocumentsWithStoredValues`, async () => {
    const before = await count();
    await call(c, 'DELETE', '/_api/document/coll', inserted.slice(0, 10).map((d) => ({ _key: d._key })));
    assert.equal(await count(), before - 10);
  });
  it(`${G} testUpdateDocumentsWithStoredValues`, async () => {
    const key = inserted[20]!._key;
    const r = await call(c, 'PATCH', `/_api/document/coll/${key}`, { name: 'updated_name', value: 9999, category: 'UPDATED', metadata: { tags: ['updated_tag'], score: 0.999 }, description: 'This document has been updated' });
    assert.equal(r.status, 202);
    const doc = (await call(c, 'GET', `/_api/document/coll/${key}`)).body;
    assert.deepEqual([doc.name, doc.value, doc.category, doc.description], ['updated_name', 9999, 'UPDATED', 'This document has been updated']);
  });
  it(`${G} testReplaceDocumentsWithStoredValues`, async () => {
    const key = inserted[21]!._key;
    const r = await call(c, 'PUT', `/_api/document/coll/${key}`, { vector: randomPoint, name: 'replaced_name', value: 8888, category: 'REPLACED', metadata: { tags: ['replaced_tag'], score: 0.888 }, description: 'This document has been completely replaced' });
    assert.equal(r.status, 202);
    const doc = (await call(c, 'GET', `/_api/document/coll/${key}`)).body;
    assert.deepEqual([doc.name, doc.value, doc.category, doc.description], ['replaced_name', 8888, 'REPLACED', 'This document has been completely replaced']);
  });
  it(`${G} testStoredValuesWithDifferentDataTypes`, async () => {
    const [res] = await insert(c, 'coll', [{ vector: vectors(1, 13)[0], name: 'test_types', value: 42, category: 'TEST', metadata: { number: 123, string: 'test', boolean: true, array: [1, 2, 3], nullValue: null }, description: 'Testing different data types' }]);
    const doc = (await call(c, 'GET', `/_api/document/coll/${res._key}`)).body;
    assert.equal(doc.name, 'test_types');
    assert.equal(doc.metadata.number, 123);
    assert.equal(doc.metadata.array.length, 3);
  });
  it(`${G} testStoredValuesIndexSerialization`, async () => {
    const ix = await vectorIndex();
    for (const f of stored) assert.ok(ix.storedValues.includes(f));
  });
});

const H = 'aql-vector-filter.js';

describe(`${H} VectorIndexL2FilterTestSuite`, () => {
  let c: Ctx;
  let randomPoint: number[];
  const dim = 20;
  before(async () => {
    c = await freshDb();
    const vs = vectors(500, 31337, dim);
    randomPoint = vs[250]!;
    await insert(c, 'coll', vs.map((vector, i) => ({ vector, nonVector: i, unIndexedVector: vector, val: i })));
    const r = await ensureIndex(c, 'coll', { name: 'vector_l2', type: 'vector', fields: ['vector'], inBackground: false, params: { metric: 'l2', dimension: dim, nLists: 10, trainingIterations: 10, defaultNProbe: 10 } });
    assert.equal(r.status, 201);
  });
  after(() => dropDb(c));

  const planOf = (q: string, bindVars: Record<string, unknown> = {}) => explainPlan(c, q, bindVars);
  const count = (plan: any, type: string) => plan.nodes.filter((n: { type: string }) => n.type === type).length;
  /** The plan shape upstream asserts: one vector node, no FILTER, `calcs` calculations. */
  const shape = async (q: string, bindVars: Record<string, unknown>, calcs: number) => {
    const plan = await planOf(q, bindVars);
    assert.equal(count(plan, 'EnumerateNearVectorNode'), 1);
    assert.equal(count(plan, 'FilterNode'), 0);
    assert.equal(count(plan, 'CalculationNode'), calcs, JSON.stringify(plan.nodes.map((n: { type: string }) => n.type)));
  };
  const more = async (extra: (i: number) => Record<string, unknown>, n: number, seed: number) => {
    await insert(c, 'coll', vectors(n, seed, dim).map((vector, i) => ({ vector, ...extra(i) })));
  };
  const ascending = (results: { dist: number }[]) => {
    for (let j = 1; j < results.length; ++j) assert.ok(results[j - 1]!.dist <= results[j]!.dist, 'distances ascending');
  };

  it(`${H} testApproxL2WithFilterSimple`, async () => {
    const q = 'FOR d IN coll FILTER d.val < 5 LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, dist}';
    await shape(q, { qp: randomPoint }, 2);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val < 5);
    ascending(results);
  });
  it(`${H} testApproxL2WithFilterNotEnoughDocuments`, async () => {
    const q = 'FOR d IN coll FILTER d.val < 5 LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 10 RETURN {key: d._key, val: d.val, dist}';
    await shape(q, { qp: randomPoint }, 2);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val < 5);
  });
  // [port variant] upstream counts 0 and 1 CalculationNodes here: ArangoDB reads an
  // attribute query point without one; Cairn always computes the point in a CalculationNode
  it(`${H} testApproxL2WithDoubleLoop`, async () => {
    const q = 'FOR docOuter IN coll FOR docInner IN coll FILTER docInner.val > 3 SORT APPROX_NEAR_L2(docInner.vector, docOuter.vector) LIMIT 5 RETURN docInner';
    await shape(q, {}, 1);
    const results = await rows(c, q);
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val > 3);
  });
  it(`${H} testApproxL2WithDoubleLoopNotEnoughDocuments`, async () => {
    const q = 'FOR docOuter IN coll FOR docInner IN coll FILTER docInner.val < 3 SORT APPROX_NEAR_L2(docInner.vector, docOuter.vector) LIMIT 6 RETURN {key: docInner._key, val: docInner.val}';
    await shape(q, {}, 2);
    const results = await rows(c, q);
    assert.equal(results.length, 6);
    for (const r of results) assert.ok(r.val < 3);
  });
  it(`${H} testApproxL2WithFilterNoMatches`, async () => {
    assert.deepEqual(await rows(c, 'FOR d IN coll FILTER d.val < 0 LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key}', { qp: randomPoint }), []);
  });
  it(`${H} testApproxL2WithFilterRange`, async () => {
    const q = 'FOR d IN coll FILTER d.val >= 1 AND d.val < 30 LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 10 RETURN {key: d._key, val: d.val, dist}';
    await shape(q, { qp: randomPoint }, 2);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 10);
    for (const r of results) assert.ok(r.val >= 1 && r.val < 30);
    ascending(results);
  });
  it(`${H} testApproxL2WithFilterComplexConditions`, async () => {
    const q = 'FOR d IN coll FILTER d.val >= 2 AND d.val <= 7 AND d.nonVector % 2 == 0 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 10 RETURN {key: d._key, val: d.val, nonVector: d.nonVector, dist}';
    await shape(q, { q: randomPoint }, 2);
    const results = await rows(c, q, { q: randomPoint });
    assert.ok(results.length <= 10 && results.length > 0);
    for (const r of results) assert.ok(r.val >= 2 && r.val <= 7 && r.nonVector % 2 === 0);
    ascending(results);
  });
  it(`${H} testApproxL2WithFilterStringComparison`, async () => {
    await more((i) => ({ val: i % 10, category: i < 50 ? 'A' : 'B', priority: i % 3 }), 100, 1);
    const q = "FOR d IN coll FILTER d.category == 'A' AND d.priority > 0 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, category: d.category, priority: d.priority, dist}";
    assert.equal(count(await planOf(q, { q: randomPoint }), 'EnumerateNearVectorNode'), 1);
    const results = await rows(c, q, { q: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.category === 'A' && r.priority > 0);
  });
  it(`${H} testApproxL2WithFilterNullHandling`, async () => {
    await more((i) => ({ val: i % 10, nullableField: i % 3 === 0 ? null : i, ...(i % 4 === 0 ? {} : { optionalField: i * 2 }) }), 50, 2);
    const results = await rows(c, 'FOR d IN coll FILTER d.nullableField != null AND d.optionalField != null LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 10 RETURN {key: d._key, nullableField: d.nullableField, optionalField: d.optionalField, dist}', { q: randomPoint });
    assert.equal(results.length, 10);
    for (const r of results) assert.ok(r.nullableField !== null && r.optionalField !== null);
  });
  it(`${H} testApproxL2WithFilterArrayOperations`, async () => {
    await more((i) => ({ val: i % 10, tags: i % 2 === 0 ? ['tag1', 'tag2'] : ['tag2', 'tag3'], scores: [i % 5, i % 7, i % 11] }), 100, 3);
    const results = await rows(c, "FOR d IN coll FILTER 'tag1' IN d.tags AND d.scores[0] > 2 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 8 RETURN {key: d._key, tags: d.tags, firstScore: d.scores[0], dist}", { q: randomPoint });
    assert.equal(results.length, 8);
    for (const r of results) assert.ok(r.tags.includes('tag1') && r.firstScore > 2);
  });
  it(`${H} testApproxL2WithFilterRegex`, async () => {
    await more((i) => ({ val: i % 10, name: `item_${i}_${i % 3 === 0 ? 'special' : 'normal'}`, description: i % 2 === 0 ? 'high priority' : 'low priority' }), 100, 4);
    const results = await rows(c, "FOR d IN coll FILTER d.name =~ '.*special.*' AND d.description =~ '.*high.*' LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 6 RETURN {key: d._key, name: d.name, description: d.description, dist}", { q: randomPoint });
    assert.equal(results.length, 6);
    for (const r of results) assert.ok(r.name.includes('special') && r.description.includes('high'));
  });
  it(`${H} testApproxL2WithFilterFunctionCalls`, async () => {
    const results = await rows(c, 'FOR d IN coll FILTER LENGTH(TO_STRING(d.val)) == 1 AND d.val > 0 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 7 RETURN {key: d._key, val: d.val, dist}', { q: randomPoint });
    assert.equal(results.length, 7);
    for (const r of results) assert.ok(r.val > 0 && r.val < 10);
  });
  it(`${H} testApproxL2WithFilterOrConditions`, async () => {
    const results = await rows(c, 'FOR d IN coll FILTER d.val == 1 OR d.val == 5 OR d.val == 9 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 15 RETURN {key: d._key, val: d.val, dist}', { q: randomPoint });
    assert.equal(results.length, 15);
    for (const r of results) assert.ok([1, 5, 9].includes(r.val));
  });
  it(`${H} testApproxL2WithFilterNotConditions`, async () => {
    const results = await rows(c, 'FOR d IN coll FILTER NOT (d.val < 3 OR d.val > 7) LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 12 RETURN {key: d._key, val: d.val, dist}', { q: randomPoint });
    assert.equal(results.length, 12);
    for (const r of results) assert.ok(r.val >= 3 && r.val <= 7);
  });
  it(`${H} testApproxL2WithFilterAndVectorSearchOrder`, async () => {
    const q = 'FOR d IN coll FILTER d.val >= 4 AND d.val <= 6 LET dist = APPROX_NEAR_L2(@q, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, dist}';
    await shape(q, { q: randomPoint }, 2);
    const results = await rows(c, q, { q: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val >= 4 && r.val <= 6);
    ascending(results);
  });
  it(`${H} testApproxL2WithExplicitCalculationNodes`, async () => {
    const q = 'FOR d IN coll LET cond = d.val < 10 FILTER cond LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, dist}';
    await shape(q, { qp: randomPoint }, 2);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val < 10);
  });
  it(`${H} testApproxL2WithCalculationReusedInReturn`, async () => {
    const q = 'FOR d IN coll LET cond = d.val < 10 FILTER cond LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, cond1: NOOPT(cond), dist, cond2: NOOPT(cond)}';
    await shape(q, { qp: randomPoint }, 3);
    const results = await rows(c, q, { qp: randomPoint });
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.val < 10 && r.cond1 === true && r.cond2 === true);
  });
  it(`${H} testApproxL2WithMultipleFilterClauses`, async () => {
    assert.equal(await queryError(c, 'FOR d IN coll FILTER d.val >= 5 FILTER d.val < 15 LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, dist}', { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
  it(`${H} testApproxL2WithMultipleFiltersAndLetStatements`, async () => {
    const q = 'FOR d IN coll LET minVal = 5 FILTER d.val >= minVal LET maxVal = 15 FILTER d.val < maxVal LET dist = APPROX_NEAR_L2(@qp, d.vector) SORT dist LIMIT 5 RETURN {key: d._key, val: d.val, dist}';
    assert.equal(await queryError(c, q, { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
});

describe(`${H} VectorIndexL2FilterTestMultipleCollectionsSuite`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => {
    c = await freshDb();
    assert.equal((await call(c, 'POST', '/_api/collection', { name: 'col2' })).status, 200);
    const vs = vectors(500, 777, 20);
    randomPoint = vs[250]!;
    const docs = vs.map((vector, i) => ({ vector, nonVector: i, unIndexedVector: vector, val: i }));
    await insert(c, 'coll', docs);
    await insert(c, 'col2', docs);
    assert.equal((await ensureIndex(c, 'coll', { name: 'vector_l2', type: 'vector', fields: ['vector'], params: { metric: 'l2', dimension: 20, nLists: 10, trainingIterations: 10, defaultNProbe: 10 } })).status, 201);
  });
  after(() => dropDb(c));

  it(`${H} testApproxL2FilterNotApplied`, async () => {
    const q = 'FOR d1 IN col2 FOR d2 IN coll FILTER d2.val < 5 OR d1.val < 5 LET dist = APPROX_NEAR_L2(@qp, d2.vector) SORT dist LIMIT 5 RETURN {key: d2._key, val: d2.val, dist}';
    assert.equal(await queryError(c, q, { qp: randomPoint }), ERROR_QUERY_VECTOR_SEARCH_NOT_APPLIED);
  });
});

// python-arango's tests/test_index.py (the one vector case), through the same HTTP calls
// the driver makes. Its 3.12.10+ parts (shard details, nLists scaling) are gated on the
// server version upstream; Cairn reports 3.12.0, so they are skipped there as here.
describe('python-arango tests/test_index.py', () => {
  let c: Ctx;
  before(async () => {
    c = await freshDb();
  });
  after(() => dropDb(c));

  it('python-arango tests/test_index.py test_add_vector_index', async () => {
    await insert(c, 'coll', Array.from({ length: 100 }, (_, i) => ({ _key: `k${i}`, x: Array(128).fill(1), y: Array(128).fill(1) })));
    const metas = [
      { type: 'vector', fields: ['x'], name: 'vector_index_1', params: { metric: 'cosine', dimension: 128, nLists: 2 } },
      { type: 'vector', fields: ['y'], name: 'vector_index_2', params: { metric: 'cosine', dimension: 128, nLists: 3 } },
    ];
    const results = [];
    for (const m of metas) results.push((await ensureIndex(c, 'coll', m)).body);
    assert.equal(results[0].name, 'vector_index_1');
    assert.equal(results[1].name, 'vector_index_2');
    const listed = (await call(c, 'GET', '/_api/index?collection=coll&withHidden=true')).body.indexes.map((i: { id: string }) => i.id);
    for (const r of results) assert.ok(listed.includes(r.id));
    for (const r of results) assert.equal((await call(c, 'DELETE', `/_api/index/${r.id}`)).status, 200);
  });
});

const N = 'aql-vector-nprobe.js';

describe(`${N} VectorIndexL2NprobeTestSuite`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => {
    c = await freshDb();
    // [port variant] 3,000 vectors of dimension 16 (upstream: 15,000 of 500)
    const vs = vectors(3000, 12132390, 16);
    randomPoint = vs[0]!;
    await insert(c, 'coll', vs.map((vector) => ({ vector })));
    assert.equal((await ensureIndex(c, 'coll', { name: 'vector_l2', type: 'vector', fields: ['vector'], inBackground: false, params: { metric: 'l2', dimension: 16, nLists: 300 } })).status, 201);
  });
  after(() => dropDb(c));

  it(`${N} testApproxL2WithOneProbeSameAsDefault`, async () => {
    const without = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp) LIMIT 5 RETURN {key: d._key}';
    const withProbe = 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp, {nProbe: 1}) LIMIT 5 RETURN {key: d._key}';
    const nodes = await nearNodes(c, withProbe, { qp: randomPoint });
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0].searchParameters.nProbe, 1);
    assert.deepEqual(await rows(c, without, { qp: randomPoint }), await rows(c, withProbe, { qp: randomPoint }));
  });
  // Upstream asserts that nProbe 1 and nProbe 100 give different top 300s: the IVF
  // approximation at work. Cairn's search is exact, so both give the same (true) answer.
  it(`${N} testApproxL2WithNProbe`, { skip: 'asserts the IVF approximation (results differing by nProbe); Cairn answers exactly' }, () => {});
  it(`${N} testApproxL2WithNProbe [port variant: explain part]`, async () => {
    const nodes = await nearNodes(c, 'FOR d IN coll SORT APPROX_NEAR_L2(d.vector, @qp, {nProbe: 100}) LIMIT 300 RETURN {key: d._key}', { qp: randomPoint });
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0].searchParameters.nProbe, 100);
  });
});

const I = 'aql-vector-index-hints.js';

describe(`${I} VectorIndexHintsSuite_trained`, () => {
  let c: Ctx;
  let randomPoint: number[];
  before(async () => {
    c = await freshDb();
    // [port variant] dimension 32 (upstream 128)
    const vs = vectors(1500, 2024, 32);
    randomPoint = vs[750]!;
    await insert(c, 'coll', vs.map((vector, i) => ({ vector, value: i })));
    for (const [name, nLists, extra] of [['vector_l2', 5, {}], ['vector_l2_secondary', 3, {}], ['vector_l2_with_filter', 4, { storedValues: ['value'] }]] as const) {
      assert.equal((await ensureIndex(c, 'coll', { name, type: 'vector', fields: ['vector'], ...extra, params: { metric: 'l2', dimension: 32, nLists } })).status, 201);
    }
  });
  after(() => dropDb(c));

  const indexName = async (options: string, filter = '') => {
    const nodes = await nearNodes(c, `FOR doc IN coll OPTIONS ${options} ${filter} SORT APPROX_NEAR_L2(doc.vector, @qp) LIMIT 5 RETURN doc`, { qp: randomPoint });
    assert.ok(nodes.length <= 1);
    return nodes[0]?.index.name ?? null;
  };

  it(`${I} testVectorL2HintFirstIndex_trained`, async () => assert.equal(await indexName('{ indexHint: "vector_l2" }'), 'vector_l2'));
  it(`${I} testVectorL2HintSecondIndex_trained`, async () => assert.equal(await indexName('{ indexHint: "vector_l2_secondary" }'), 'vector_l2_secondary'));
  it(`${I} testVectorL2HintNonExistingIndex_trained`, async () => assert.ok(['vector_l2_secondary', 'vector_l2', 'vector_l2_with_filter'].includes((await indexName('{ indexHint: "nonexistent_index" }'))!)));
  it(`${I} testVectorL2WithHintForced_trained`, async () => assert.equal(await indexName('{ indexHint: "vector_l2_secondary", forceIndexHint: true }'), 'vector_l2_secondary'));
  it(`${I} testVectorL2WithHintForcedNonExistingIndex_trained`, async () => {
    const r = await call(c, 'POST', '/_api/explain', { query: 'FOR doc IN coll OPTIONS { indexHint: "nonexistent_index", forceIndexHint: true } SORT APPROX_NEAR_L2(doc.vector, @qp) LIMIT 5 RETURN doc', bindVars: { qp: randomPoint } });
    assert.equal(r.body.errorNum, 1572, JSON.stringify(r.body));
  });
  it(`${I} testVectorL2HintMultipleIndexes_trained`, async () => assert.equal(await indexName('{ indexHint: ["non_existing_index", "vector_l2_secondary"] }'), 'vector_l2_secondary'));
  it(`${I} testVectorL2HintWithFilterNotForced_trained`, async () => assert.equal(await indexName('{ indexHint: "vector_l2_with_filter" }', 'FILTER doc.value > 10'), 'vector_l2_with_filter'));
  it(`${I} testVectorL2HintWithFilterForced_trained`, async () => assert.equal(await indexName('{ indexHint: "vector_l2_with_filter", forceIndexHint: true }', 'FILTER doc.value > 10'), 'vector_l2_with_filter'));
});
