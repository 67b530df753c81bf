// Vector indexes through /_api/index and AQL, as ArangoDB 3.12 (3.12.9+ for the training
// state) answers them: refused without --experimental-vector-index; with it, ArangoDB's
// validation texts, descriptions, training data rules (sparse and not), write checks,
// persistence across a restart; APPROX_NEAR_* searches with their scores and order, the
// use-vector-index rule in explain, filtered search, and the errors where no index serves.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

const FLAG = ['--experimental-vector-index', 'true'];

describe('vector indexes without --experimental-vector-index', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'c' } });
  });
  after(() => s.close());

  it('refuses type vector with 400/10 in ArangoDB words', async () => {
    const res = await s.request({ method: 'POST', url: '/_api/index?collection=c', body: { type: 'vector', fields: ['v'], params: { metric: 'l2', dimension: 2, nLists: 1 } } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(bodyOf(res), {
      error: true,
      code: 400,
      errorNum: 10,
      errorMessage: 'vector index feature is not enabled. Run ArangoDB with `--experimental-vector-index` flag turned on.',
    });
  });
});

describe('vector indexes with --experimental-vector-index', () => {
  let s: TestServer;
  const dir = tempDir();
  before(async () => {
    s = await startServer(FLAG, { dir });
    for (const name of ['v', 'few', 'bad', 'sp', 'q', 'keep']) {
      assert.equal((await s.request({ method: 'POST', url: '/_api/collection', body: { name } })).statusCode, 200);
    }
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const req = async (method: string, url: string, body?: unknown) => {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  };
  const create = (c: string, body: unknown) => req('POST', `/_api/index?collection=${c}`, body);
  const insert = (c: string, docs: unknown) => req('POST', `/_api/document/${c}`, docs);
  const query = (q: string, bindVars: Record<string, unknown> = {}) => req('POST', '/_api/cursor', { query: q, bindVars, batchSize: 1000 });
  const explain = (q: string, bindVars: Record<string, unknown> = {}) => req('POST', '/_api/explain', { query: q, bindVars });
  const err = (errorNum: number, errorMessage: string, code = 400) => ({ error: true, code, errorNum, errorMessage });
  const params = { metric: 'l2', dimension: 3, nLists: 2 };

  describe('validation', () => {
    const prefix = 'Error with parsing the `params` field in vector index definition: ';
    const cases: { id: string; body: Record<string, unknown>; message: string }[] = [
      { id: 'no-fields', body: { type: 'vector', params }, message: 'invalid number of index attributes' },
      { id: 'two-fields', body: { type: 'vector', fields: ['a', 'b'], params }, message: 'invalid number of index attributes' },
      { id: 'id-field', body: { type: 'vector', fields: ['_id'], params }, message: '_id attribute cannot be indexed' },
      { id: 'expansion', body: { type: 'vector', fields: ['a[*]'], params }, message: 'cannot use [*] expansion for this type of index' },
      { id: 'no-params', body: { type: 'vector', fields: ['a'] }, message: prefix + 'Expecting type Object' },
      { id: 'no-dimension', body: { type: 'vector', fields: ['a'], params: { metric: 'l2', nLists: 1 } }, message: prefix + "Missing required attribute 'dimension'" },
      { id: 'zero-dimension', body: { type: 'vector', fields: ['a'], params: { ...params, dimension: 0 } }, message: prefix + 'Dimension must be greater than 0!' },
      { id: 'string-dimension', body: { type: 'vector', fields: ['a'], params: { ...params, dimension: '3' } }, message: prefix + 'Expecting type UInt' },
      { id: 'no-metric', body: { type: 'vector', fields: ['a'], params: { dimension: 3, nLists: 1 } }, message: prefix + "Missing required attribute 'metric'" },
      { id: 'bad-metric', body: { type: 'vector', fields: ['a'], params: { ...params, metric: 'l1' } }, message: prefix + 'Unknown enum value l1' },
      { id: 'zero-nlists', body: { type: 'vector', fields: ['a'], params: { ...params, nLists: 0 } }, message: prefix + 'nLists must be 1 or greater!' },
      { id: 'zero-nprobe', body: { type: 'vector', fields: ['a'], params: { ...params, defaultNProbe: 0 } }, message: prefix + 'defaultNProbe must be 1 or greater!' },
      { id: 'unknown-param', body: { type: 'vector', fields: ['a'], params: { ...params, m: 16 } }, message: prefix + "Found unexpected attribute 'm'" },
      { id: 'unique', body: { type: 'vector', fields: ['a'], unique: true, params }, message: 'Vector index cannot be unique' },
      { id: 'stored-not-array', body: { type: 'vector', fields: ['a'], storedValues: 'x', params }, message: 'when parsing fields for stored values: storedValues must be an array' },
    ];
    for (const c of cases) {
      it(`refuses ${c.id} with 400/10`, async () => {
        const r = await create('v', c.body);
        assert.equal(r.status, 400);
        assert.deepEqual(r.body, err(10, c.message));
      });
    }
  });

  describe('creation and description', () => {
    it('creates an index over enough documents as ready, with defaults, and returns it again', async () => {
      assert.equal((await insert('v', [{ _key: 'a', e: [1, 0, 0] }, { _key: 'b', e: [0, 1, 0] }, { _key: 'c', e: [0, 0, 1] }])).status, 202);
      const r = await create('v', { type: 'vector', name: 'vl2', fields: ['e'], params, storedValues: ['e', 'x'], parallelism: 99, inBackground: true });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, {
        fields: ['e'],
        id: r.body.id,
        name: 'vl2',
        params: { dimension: 3, metric: 'l2', nLists: 2, trainingIterations: 25, defaultNProbe: 1 },
        parallelism: 32,
        sparse: false,
        storedValues: ['e', 'x'],
        trainingState: 'ready',
        type: 'vector',
        unique: false,
        isNewlyCreated: true,
        error: false,
        code: 201,
      });
      const again = await create('v', { type: 'vector', fields: ['e'], params: { ...params, trainingIterations: 25 } });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, r.body.id);
      assert.equal(again.body.isNewlyCreated, false);
      const other = await create('v', { type: 'vector', fields: ['e'], params: { ...params, metric: 'cosine' } });
      assert.equal(other.status, 201);
      assert.notEqual(other.body.id, r.body.id);
      const listed = await req('GET', '/_api/index?collection=v');
      assert.deepEqual(listed.body.indexes.map((i: { type: string }) => i.type), ['primary', 'vector', 'vector']);
    });

    it('creates an index over fewer documents than nLists as unusable, and ready once enough are inserted', async () => {
      await insert('few', [{ e: [1, 2, 3] }]);
      const r = await create('few', { type: 'vector', fields: ['e'], params });
      assert.equal(r.status, 201);
      assert.equal(r.body.trainingState, 'unusable');
      assert.equal(r.body.errorMessage, 'not enough training data for vector index');
      // no index serves the search yet: the function itself fails
      const q = await query('FOR d IN few SORT APPROX_NEAR_L2(d.e, [1, 2, 3]) LIMIT 1 RETURN d');
      assert.deepEqual(q.body, err(1554, 'AQL: failed vector search (while executing)'));
      await insert('few', [{ e: [3, 2, 1] }]);
      const now = await req('GET', `/_api/index/${r.body.id}`);
      assert.equal(now.body.trainingState, 'ready');
      assert.equal(now.body.errorMessage, undefined);
      const q2 = await query('FOR d IN few SORT APPROX_NEAR_L2(d.e, [1, 2, 3]) LIMIT 1 RETURN d.e');
      assert.deepEqual(q2.body.result, [[1, 2, 3]]);
    });

    it('refuses creation when a document lacks the vector (non-sparse: 10) or has a bad one (17)', async () => {
      await insert('bad', [{ _key: 'x', e: [1, 2, 3] }, { _key: 'y', other: 1 }]);
      const missing = await create('bad', { type: 'vector', fields: ['e'], params });
      assert.deepEqual(missing.body, err(10, 'vector field not present in document y'));
      const sparse = await create('bad', { type: 'vector', fields: ['e'], sparse: true, params: { ...params, nLists: 1 } });
      assert.equal(sparse.status, 201);
      assert.equal(sparse.body.sparse, true);
      assert.equal((await req('DELETE', `/_api/index/${sparse.body.id}`)).status, 200);
      await insert('bad', { _key: 'z', e: [1, 2] });
      const dim = await create('bad', { type: 'vector', fields: ['e'], sparse: true, params });
      assert.deepEqual(dim.body, err(17, 'provided vector is not of matching dimension for document z, index dimension: 3, document dimension: 2'));
      const listed = await req('GET', '/_api/index?collection=bad');
      assert.deepEqual(listed.body.indexes.map((i: { type: string }) => i.type), ['primary']);
    });

    it('checks every write against the index: inserts, updates and replaces that break it fail', async () => {
      await insert('sp', [{ _key: 'a', e: [1, 1, 1] }, { _key: 'b', e: [2, 2, 2] }]);
      const ix = await create('sp', { type: 'vector', fields: ['e'], params });
      assert.equal(ix.status, 201);
      assert.deepEqual((await insert('sp', { _key: 'n' })).body, err(10, 'vector field not present in document n'));
      assert.deepEqual((await insert('sp', { _key: 'n', e: 'x' })).body, err(17, 'array expected for vector attribute for document n'));
      assert.deepEqual((await insert('sp', { _key: 'n', e: [1, 'x', 2] })).body, err(17, 'vector contains data not representable as double for document n'));
      assert.deepEqual((await req('PATCH', '/_api/document/sp/a', { e: [1] })).body, err(17, 'provided vector is not of matching dimension for document a, index dimension: 3, document dimension: 1'));
      assert.deepEqual((await req('PUT', '/_api/document/sp/a', { x: 1 })).body, err(10, 'vector field not present in document a'));
      // in a batch, only the bad document fails
      const batch = await insert('sp', [{ _key: 'ok', e: [0, 0, 0] }, { _key: 'no', e: null }]);
      assert.equal(batch.body[0]._key, 'ok');
      assert.deepEqual(batch.body[1], { error: true, errorNum: 17, errorMessage: 'array expected for vector attribute for document no' });
      // a sparse index leaves documents without the attribute out
      const sp = await create('sp', { type: 'vector', fields: ['f'], sparse: true, params: { ...params, nLists: 1 } });
      assert.equal(sp.status, 201);
      assert.equal((await insert('sp', { _key: 'nof', e: [5, 5, 5] })).status, 202);
    });
  });

  describe('search', () => {
    const docs = [
      { _key: 'p1', v: [1, 0], cat: 'a' },
      { _key: 'p2', v: [0.9, 0.1], cat: 'b' },
      { _key: 'p3', v: [0, 1], cat: 'a' },
      { _key: 'p4', v: [-1, 0], cat: 'b' },
      { _key: 'p5', v: [3, 4], cat: 'a' },
    ];
    before(async () => {
      await insert('q', docs);
      for (const metric of ['l2', 'cosine', 'innerProduct']) {
        const r = await create('q', { type: 'vector', name: `q_${metric}`, fields: ['v'], storedValues: ['cat'], params: { metric, dimension: 2, nLists: 2 } });
        assert.equal(r.status, 201);
      }
    });

    it('APPROX_NEAR_L2 gives the nearest documents by Euclidean distance, nearest first', async () => {
      const r = await query('FOR d IN q LET dist = APPROX_NEAR_L2(d.v, @p) SORT dist LIMIT 3 RETURN [d._key, dist]', { p: [1, 0] });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.result.map((x: [string, number]) => x[0]), ['p1', 'p2', 'p3']);
      const dists = r.body.result.map((x: [string, number]) => x[1]);
      assert.equal(dists[0], 0);
      assert.ok(Math.abs(dists[1] - Math.sqrt(0.02)) < 1e-6, String(dists[1]));
      assert.ok(Math.abs(dists[2] - Math.SQRT2) < 1e-6, String(dists[2]));
      // single precision, as Faiss answers
      assert.equal(dists[2], Math.fround(dists[2]));
    });

    it('APPROX_NEAR_COSINE gives cosine similarities, most similar first (arguments either way round)', async () => {
      const r = await query('FOR d IN q SORT APPROX_NEAR_COSINE(@p, d.v) DESC LIMIT 2 RETURN d._key', { p: [1, 0] });
      assert.deepEqual(r.body.result, ['p1', 'p2']);
      const s2 = await query('FOR d IN q LET s = APPROX_NEAR_COSINE(d.v, [1, 0]) SORT s DESC LIMIT 5 RETURN ROUND(s * 1000) / 1000');
      assert.deepEqual(s2.body.result, [1, 0.994, 0.6, 0, -1]);
    });

    it('APPROX_NEAR_INNER_PRODUCT gives inner products, largest first', async () => {
      const r = await query('FOR d IN q LET s = APPROX_NEAR_INNER_PRODUCT(d.v, [2, 1]) SORT s DESC LIMIT 2 RETURN [d._key, s]');
      assert.deepEqual(r.body.result, [['p5', 10], ['p1', 2]]);
    });

    it('skips the LIMIT offset and accepts nProbe', async () => {
      const r = await query('FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0], {nProbe: 5}) LIMIT 1, 2 RETURN d._key');
      assert.deepEqual(r.body.result, ['p2', 'p3']);
    });

    it('filters before choosing the nearest (filtered search)', async () => {
      const r = await query("FOR d IN q FILTER d.cat == 'b' SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 2 RETURN d._key");
      assert.deepEqual(r.body.result, ['p2', 'p4']);
      const e = await explain("FOR d IN q FILTER d.cat == 'b' SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 2 RETURN d._key");
      assert.deepEqual(
        e.body.plan.nodes.map((n: { type: string }) => n.type),
        ['SingletonNode', 'CalculationNode', 'EnumerateNearVectorNode', 'LimitNode', 'CalculationNode', 'ReturnNode'],
      );
      assert.ok(e.body.plan.nodes[2].filter, 'the filter is in the node');
      assert.equal(e.body.plan.nodes[2].isCoveredByStoredValues, true, 'cat is a stored value');
      const e2 = await explain("FOR d IN q FILTER d._key != 'x' SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 2 RETURN d._key");
      assert.equal(e2.body.plan.nodes[2].isCoveredByStoredValues, false);
    });

    it('explain shows the EnumerateNearVectorNode and the use-vector-index rule', async () => {
      const e = await explain('FOR d IN q SORT APPROX_NEAR_L2(d.v, @p, {nProbe: 3}) LIMIT 2 RETURN d', { p: [1, 0] });
      const nodes = e.body.plan.nodes;
      assert.deepEqual(nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'CalculationNode', 'EnumerateNearVectorNode', 'LimitNode', 'ReturnNode']);
      const near = nodes[2];
      assert.equal(near.collection, 'q');
      assert.equal(near.limit, 2);
      assert.equal(near.offset, 0);
      assert.deepEqual(near.searchParameters, { nProbe: 3 });
      assert.equal(near.index.name, 'q_l2');
      assert.equal(near.index.type, 'vector');
      assert.equal(near.oldDocumentVariable.name, 'd');
      assert.ok(e.body.plan.rules.includes('use-vector-index'));
    });

    const notApplied: { id: string; q: string; phase?: string }[] = [
      { id: 'no-limit', q: 'FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0]) RETURN d' },
      { id: 'wrong-direction-l2', q: 'FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0]) DESC LIMIT 2 RETURN d' },
      { id: 'wrong-direction-cosine', q: 'FOR d IN q SORT APPROX_NEAR_COSINE(d.v, [1, 0]) ASC LIMIT 2 RETURN d' },
      { id: 'unindexed-attribute', q: 'FOR d IN q SORT APPROX_NEAR_L2(d.w, [1, 0]) LIMIT 2 RETURN d' },
      { id: 'two-sort-criteria', q: 'FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0]), d.cat LIMIT 2 RETURN d' },
      { id: 'outside-sort', q: 'FOR d IN q RETURN APPROX_NEAR_L2(d.v, [0, 1])' },
      { id: 'constant', q: 'RETURN APPROX_NEAR_L2([1, 0], [0, 1])' },
      { id: 'metric-mismatch', q: 'FOR d IN v SORT APPROX_NEAR_INNER_PRODUCT(d.e, [1, 0, 0]) DESC LIMIT 2 RETURN d' },
    ];
    for (const c of notApplied) {
      it(`fails with 1554 where no vector index serves the search (${c.id})`, async () => {
        const r = await query(c.q);
        assert.equal(r.status, 400);
        assert.deepEqual(r.body, err(1554, `AQL: failed vector search (while ${c.phase ?? 'executing'})`));
      });
    }

    it('refuses a query point that is not a vector of the index dimension (1542)', async () => {
      const q = 'FOR d IN q SORT APPROX_NEAR_L2(d.v, @p) LIMIT 2 RETURN d';
      assert.deepEqual((await query(q, { p: 'x' })).body, err(1542, 'AQL: query point must be a vector, but is a string (while executing)'));
      assert.deepEqual((await query(q, { p: [1, 2, 3] })).body, err(1542, 'AQL: a vector must be of dimension 2, but is 3 (while executing)'));
    });

    it('refuses unknown search parameters (1501)', async () => {
      const r = await query('FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0], {foo: 1}) LIMIT 2 RETURN d');
      assert.deepEqual(r.body, err(1501, "AQL: error parsing searchParameters: Found unexpected attribute 'foo'! (while optimizing plan)"));
    });

    it('sees inserts and removals', async () => {
      await insert('q', { _key: 'p6', v: [1, 0.01], cat: 'c' });
      const r = await query('FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 2 RETURN d._key');
      assert.deepEqual(r.body.result, ['p1', 'p6']);
      await req('DELETE', '/_api/document/q/p1');
      const r2 = await query('FOR d IN q SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 2 RETURN d._key');
      assert.deepEqual(r2.body.result, ['p6', 'p2']);
    });
  });

  describe('persistence', () => {
    it('keeps the index and its entries across a restart', async () => {
      await insert('keep', [{ _key: 'a', e: [1, 0, 0] }, { _key: 'b', e: [0, 1, 0] }]);
      const r = await create('keep', { type: 'vector', name: 'kept', fields: ['e'], params });
      assert.equal(r.status, 201);
      await s.close();
      s = await startServer(FLAG, { dir });
      const got = await req('GET', `/_api/index/${r.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.name, 'kept');
      assert.equal(got.body.trainingState, 'ready');
      const q = await query('FOR d IN keep SORT APPROX_NEAR_L2(d.e, [0, 1, 0]) LIMIT 1 RETURN d._key');
      assert.deepEqual(q.body.result, ['b']);
    });
  });
});
