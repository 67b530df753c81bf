// Unit tests of vector index definitions (storage/vector-index.ts) and of the scores the
// search computes (aql/functions/vector.ts): ArangoDB's validation texts and defaults,
// what counts as the same index, the vector a document gives, and the three metrics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { documentVector, parseVectorParams, parseVectorSpec, sameVector, vectorEntries, vectorView } from '../../src/storage/vector-index.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import type { IndexRecord } from '../../src/storage/catalog.js';
import { descendingMetric, searchVector, vectorScore } from '../../src/aql/functions/vector.js';

const bad = (msg: string): never => {
  throw new Error(msg);
};

function record(spec: ReturnType<typeof parseVectorSpec>, extra: Partial<IndexRecord> = {}): IndexRecord {
  return { id: 7, type: 'vector', name: 'v', fields: spec.fields, unique: false, sparse: spec.sparse, deduplicate: false, estimates: false, cacheEnabled: false, dataId: 9, props: spec.props, ...extra };
}

describe('vector index params', () => {
  it('applies ArangoDB defaults (trainingIterations 25, defaultNProbe 1)', () => {
    assert.deepEqual(parseVectorParams({ metric: 'cosine', dimension: 4, nLists: 2 }), { dimension: 4, metric: 'cosine', nLists: 2, trainingIterations: 25, defaultNProbe: 1 });
    assert.deepEqual(parseVectorParams({ metric: 'l2', dimension: 4, nLists: 2, factory: 'IVF2,Flat', defaultNProbe: 3, trainingIterations: 5 }), {
      dimension: 4,
      metric: 'l2',
      nLists: 2,
      factory: 'IVF2,Flat',
      trainingIterations: 5,
      defaultNProbe: 3,
    });
  });

  const refusals: { id: string; params: unknown; message: string }[] = [
    { id: 'vp-1', params: null, message: 'Expecting type Object' },
    { id: 'vp-2', params: [], message: 'Expecting type Object' },
    { id: 'vp-3', params: { metric: 'l2', nLists: 1 }, message: "Missing required attribute 'dimension'" },
    { id: 'vp-4', params: { metric: 'l2', dimension: -1, nLists: 1 }, message: 'Expecting type UInt' },
    { id: 'vp-5', params: { metric: 'l2', dimension: 1.5, nLists: 1 }, message: 'Expecting type UInt' },
    { id: 'vp-6', params: { metric: 'l2', dimension: 0, nLists: 1 }, message: 'Dimension must be greater than 0!' },
    { id: 'vp-7', params: { metric: 2, dimension: 1, nLists: 1 }, message: 'Expecting type String' },
    { id: 'vp-8', params: { metric: 'dot', dimension: 1, nLists: 1 }, message: 'Unknown enum value dot' },
    { id: 'vp-9', params: { metric: 'l2', dimension: 1 }, message: "Missing required attribute 'nLists'" },
    { id: 'vp-10', params: { metric: 'l2', dimension: 1, nLists: 0 }, message: 'nLists must be 1 or greater!' },
    { id: 'vp-11', params: { metric: 'l2', dimension: 1, nLists: 1, factory: 3 }, message: 'Expecting type String' },
    { id: 'vp-12', params: { metric: 'l2', dimension: 1, nLists: 1, defaultNProbe: -2 }, message: 'defaultNProbe must be 1 or greater!' },
    { id: 'vp-13', params: { metric: 'l2', dimension: 1, nLists: 1, extra: true }, message: "Found unexpected attribute 'extra'" },
  ];
  for (const r of refusals) {
    it(`${r.id}: refuses ${JSON.stringify(r.params)}`, () => {
      assert.throws(() => parseVectorParams(r.params), (e: unknown) => e instanceof Error && e.message === r.message);
    });
  }
});

describe('vector index definitions', () => {
  const params = { metric: 'l2', dimension: 2, nLists: 1 };

  it('is refused unless vector indexes are enabled', () => {
    assert.throws(
      () => parseIndexSpec({ type: 'vector', fields: ['v'], params }),
      (e: unknown) => e instanceof ArangoError && e.errorNum === 10 && /--experimental-vector-index/.test(e.message),
    );
    assert.equal(parseIndexSpec({ type: 'vector', fields: ['v'], params }, undefined, true).type, 'vector');
  });

  it('prefixes params errors and checks unique, storedValues and parallelism', () => {
    assert.throws(() => parseVectorSpec({ fields: ['v'], params: {} }, bad), /^Error: Error with parsing the `params` field in vector index definition: Missing required attribute 'dimension'$/);
    assert.throws(() => parseVectorSpec({ fields: ['v'], params, unique: true }, bad), /Vector index cannot be unique/);
    assert.throws(() => parseVectorSpec({ fields: ['v'], params, storedValues: ['a', 'a'] }, bad), /when parsing fields for stored values: duplicate attribute name/);
    assert.deepEqual(parseVectorSpec({ fields: ['v'], params, storedValues: ['v', '_id'] }, bad).props.storedValues, ['v', '_id']);
    assert.equal((parseVectorSpec({ fields: ['v'], params, parallelism: 0 }, bad).props as { parallelism: number }).parallelism, 1);
    assert.equal((parseVectorSpec({ fields: ['v'], params }, bad).props as { parallelism?: number }).parallelism, undefined);
  });

  it('is the same index for the same fields, sparseness and params (defaults applied)', () => {
    const a = record(parseVectorSpec({ fields: ['v'], params }, bad));
    assert.ok(sameVector(a, parseVectorSpec({ fields: ['v'], params: { ...params, trainingIterations: 25 }, storedValues: ['x'] }, bad)));
    assert.ok(!sameVector(a, parseVectorSpec({ fields: ['v'], params: { ...params, nLists: 2 } }, bad)));
    assert.ok(!sameVector(a, parseVectorSpec({ fields: ['v'], sparse: true, params }, bad)));
    assert.ok(!sameVector(a, parseVectorSpec({ fields: ['w'], params }, bad)));
  });

  it('describes the training state', () => {
    const a = record(parseVectorSpec({ fields: ['v'], params }, bad));
    assert.equal(vectorView('c/7', a, true).trainingState, 'ready');
    assert.equal(vectorView('c/7', a, true).errorMessage, undefined);
    assert.equal(vectorView('c/7', a, false).trainingState, 'unusable');
    assert.equal(vectorView('c/7', a, false).errorMessage, 'not enough training data for vector index');
  });
});

describe('vector index entries', () => {
  const dense = record(parseVectorSpec({ fields: ['e.v'], params: { metric: 'l2', dimension: 2, nLists: 1 }, storedValues: ['n'] }, bad));
  const sparse = { ...dense, sparse: true };
  const fails = (ix: IndexRecord, doc: Record<string, unknown>, errorNum: number, message: string) =>
    assert.throws(() => documentVector(ix, doc), (e: unknown) => e instanceof ArangoError && e.errorNum === errorNum && e.message === message);

  it('keeps the vector and the stored values under [dataId, _key]', () => {
    assert.deepEqual(vectorEntries(dense, { _key: 'k', e: { v: [1, 2] }, n: 5 }), [{ key: [9, 'k'], value: [[1, 2], [5]] }]);
    assert.deepEqual(vectorEntries(dense, { _key: 'k', e: { v: [1, 2] } }), [{ key: [9, 'k'], value: [[1, 2], [null]] }]);
  });

  it('leaves a document without the attribute out of a sparse index only', () => {
    assert.deepEqual(vectorEntries(sparse, { _key: 'k' }), []);
    fails(dense, { _key: 'k' }, 10, 'vector field not present in document k');
    fails(sparse, { _key: 'k', e: { v: null } }, 17, 'array expected for vector attribute for document k');
  });

  it('refuses vectors of another dimension or with non-numbers', () => {
    fails(dense, { _key: 'k', e: { v: [1] } }, 17, 'provided vector is not of matching dimension for document k, index dimension: 2, document dimension: 1');
    fails(dense, { _key: 'k', e: { v: [1, '2'] } }, 17, 'vector contains data not representable as double for document k');
  });
});

describe('vector scores', () => {
  const f = Math.fround;
  it('cosine: the similarity of the normalized vectors, higher is nearer', () => {
    const q = searchVector([3, 4], 'cosine');
    assert.equal(vectorScore('cosine', q, searchVector([6, 8], 'cosine')), f(1));
    assert.equal(vectorScore('cosine', q, searchVector([-4, 3], 'cosine')), 0);
    assert.ok(Math.abs(vectorScore('cosine', q, searchVector([1, 0], 'cosine')) - 0.6) < 1e-7);
    assert.ok(descendingMetric('cosine'));
  });
  it('l2: the Euclidean distance, lower is nearer', () => {
    const q = searchVector([0, 0], 'l2');
    assert.equal(vectorScore('l2', q, searchVector([3, 4], 'l2')), 5);
    assert.equal(vectorScore('l2', q, searchVector([0, 0], 'l2')), 0);
    assert.ok(!descendingMetric('l2'));
  });
  it('innerProduct: the dot product of the vectors as given', () => {
    const q = searchVector([1, 2], 'innerProduct');
    assert.equal(vectorScore('innerProduct', q, searchVector([3, 4], 'innerProduct')), 11);
    assert.equal(vectorScore('innerProduct', q, searchVector([-1, 0], 'innerProduct')), -1);
  });
  it('computes in single precision, as Faiss', () => {
    const s = vectorScore('l2', searchVector([0.1], 'l2'), searchVector([0.3], 'l2'));
    const diff = f(f(0.1) - f(0.3));
    assert.equal(s, f(Math.sqrt(f(diff * diff))));
    assert.notEqual(s, Math.abs(0.1 - 0.3), 'not the double precision distance');
  });
});
