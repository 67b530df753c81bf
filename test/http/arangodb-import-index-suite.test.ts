// ArangoDB 3.12's own HTTP API tests for /_api/import and /_api/index, replayed against
// Cairn: tests/js/client/shell/api/multi/import.js (the header+values, edge and
// onDuplicate suites) and tests/js/client/shell/api/index.js. Each case names its upstream
// test; counts and statuses are the upstream assertions.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

async function call(method: string, url: string, body?: unknown, raw?: string) {
  const res = await s.request({ method, url, body, rawBody: raw, headers: raw === undefined ? undefined : { 'content-type': 'text/plain' } });
  return { status: res.statusCode, body: bodyOf(res) as any, headers: res.headers };
}
async function recreate(name: string, type = 2) {
  await call('DELETE', `/_api/collection/${name}`);
  assert.equal((await call('POST', '/_api/collection', { name, type })).status, 200);
}
const counts = (created: number, errors = 0, empty = 0, updated = 0, ignored = 0) => ({ error: false, created, errors, empty, updated, ignored });

const CN = 'UnitTestsImport';
const VN = 'UnitTestsImportVertex';
const EN = 'UnitTestsImportEdge';

interface ImportCase {
  id: string;
  query: string;
  body: string;
  status: number;
  /** counts for a 201, or the errorNum of a whole-request error */
  expect: ReturnType<typeof counts> | number;
}

function runImportCases(cases: ImportCase[]) {
  for (const c of cases) {
    it(`${c.id}`, async () => {
      const r = await call('POST', `/_api/import?${c.query}`, undefined, c.body);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      if (typeof c.expect === 'number') {
        assert.equal(r.body.errorNum, c.expect);
        assert.equal(r.body.error, true);
        assert.equal(r.body.code, c.status);
      } else {
        assert.deepEqual(r.body, c.expect);
      }
    });
  }
}

describe('multi/import.js import_attribute_names_and_dataSuite (header line, then values)', () => {
  beforeEach(() => recreate(CN));
  runImportCases([
    { id: 'test_invalid_documents: a short, an empty and a long values line are 3 errors', query: `collection=${CN}&createCollection=true`,
      body: '[ "name", "age", "gender" ]\n[ "John", 29, "male" ]\n[ "Jane" ]\n[ ]\n[ 1, 2, 3, 4 ]\n[ "John", 29, "male" ]', status: 201, expect: counts(2, 3) },
    { id: 'test_missing_header: a blank first line is 400/400', query: `collection=${CN}&createCollection=true`,
      body: '\n[ "name", "age", "gender" ]\n[ "John", 29, "male" ]', status: 400, expect: 400 },
    { id: 'test_wrong_header: an object as header is 400/400', query: `collection=${CN}&createCollection=true`,
      body: '{ "name" : "John", "age" : 29 }\n', status: 400, expect: 400 },
    { id: 'test_empty_body: is 400/400', query: `collection=${CN}&createCollection=true`, body: '', status: 400, expect: 400 },
    { id: 'test_no_documents: a header and a blank line', query: `collection=${CN}&createCollection=true`, body: '[ "name" ]\n\n', status: 201, expect: counts(0, 0, 1) },
    { id: 'test_no_collection: is 400/1204', query: '', body: '[ "name" ]\n[ "Jane" ]', status: 400, expect: 1204 },
    { id: 'test_using_whitespace', query: `collection=${CN}&createCollection=true`,
      body: '[ "name", "age", "gender" ]\n\n       [  "John", 29, "male" ]\n\n\r\n[ "Jane", 35, "female" ]\n\n', status: 201, expect: counts(2, 0, 4) },
  ]);
  it('test_non_existing_collection: is 404/1203', async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    const r = await call('POST', `/_api/import?collection=${CN}`, undefined, '[ "name" ]\n');
    assert.equal(r.status, 404);
    assert.equal(r.body.errorNum, 1203);
  });
});

describe('multi/import.js import__testing_createCollectionSuite', () => {
  // 3.12 has no createCollection parameter: false and true alike leave a missing collection 404
  for (const flag of ['false', 'true']) {
    it(`test_createCollectionEQ${flag}: a missing collection is 404/1203 and is not made`, async () => {
      await call('DELETE', `/_api/collection/${CN}`);
      const r = await call('POST', `/_api/import?collection=${CN}&createCollection=${flag}&type=array`, undefined, '[ { "foo" : true } ]');
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { error: true, code: 404, errorNum: 1203, errorMessage: `collection or view not found: ${CN}` });
      assert.equal((await call('GET', `/_api/collection/${CN}`)).status, 404);
    });
  }
});

describe('multi/import.js edge suites (JSON array, JSON lines, header+values)', () => {
  beforeEach(async () => {
    await recreate(VN);
    await recreate(EN, 3);
  });
  const a = (docs: string) => `[\n${docs}\n]`;
  runImportCases([
    { id: 'JSONA test_JSONA_no__from', query: `collection=${EN}&createCollection=false&type=array`, body: `[ { "_to" : "${VN}/vertex1" } ]`, status: 201, expect: counts(0, 1) },
    { id: 'JSONA test_JSONA_no__to', query: `collection=${EN}&createCollection=false&type=array`, body: `[ { "_from" : "${VN}/vertex1" } ]`, status: 201, expect: counts(0, 1) },
    { id: 'JSONA test_JSONA_with__from_and__to', query: `collection=${EN}&type=array`, body: `[ { "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" } ]`, status: 201, expect: counts(1) },
    { id: 'JSONA test_JSONA_multiple_docs__with__from_and__to', query: `collection=${EN}&type=array`,
      body: a(`{ "a" : 1, "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" },\n{ "foo" : true, "bar": "baz", "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" },\n{ "from" : "${VN}/vertex1", "to" : "${VN}/vertex2" }`), status: 201, expect: counts(2, 1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_valid_fromPrefix (a+b is "a b")', query: `collection=${EN}&type=array&fromPrefix=a+b`,
      body: a(`{ "a" : 1, "_from" : "vertex1", "_to" : "${VN}/vertex2" }`), status: 201, expect: counts(1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_wrong_fromPrefix (a/b)', query: `collection=${EN}&type=array&fromPrefix=a/b`,
      body: a(`{ "a" : 1, "_from" : "vertex1", "_to" : "${VN}/vertex2" }`), status: 201, expect: counts(0, 1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_valid_toPrefix', query: `collection=${EN}&type=array&toPrefix=a+b`,
      body: a(`{ "a" : 1, "_to" : "vertex1", "_from" : "${VN}/vertex2" }`), status: 201, expect: counts(1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_wrong_toPrefix', query: `collection=${EN}&type=array&toPrefix=a/b`,
      body: a(`{ "a" : 1, "_to" : "vertex1", "_from" : "${VN}/vertex2" }`), status: 201, expect: counts(0, 1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_fromPrefix', query: `collection=${EN}&type=array&fromPrefix=${VN}`,
      body: a(`{ "a" : 1, "_from" : "vertex1", "_to" : "${VN}/vertex2" },\n{ "foo" : true, "bar": "baz", "_from" : "vertex1", "_to" : "${VN}/vertex2" },\n{ "from" : "vertex1", "to" : "${VN}/vertex2" }`), status: 201, expect: counts(2, 1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_fromPrefix_and_toPrefix', query: `collection=${EN}&type=array&fromPrefix=${VN}&toPrefix=${VN}`,
      body: a(`{ "a" : 1, "_to" : "vertex1", "_from" : "vertex2" },\n{ "foo" : true, "bar": "baz", "_to" : "vertex1", "_from" : "vertex2" },\n{ "to" : "vertex1", "from" : "vertex2" }`), status: 201, expect: counts(2, 1) },
    { id: 'JSONA test_JSONA_multiple_docs__with_fromPrefix_and_toPrefix__double_prefixing', query: `collection=${EN}&type=array&fromPrefix=${VN}&toPrefix=${VN}`,
      body: a(`{ "a" : 1, "_to" : "${VN}/vertex1", "_from" : "${VN}/vertex2" },\n{ "foo" : true, "bar": "baz", "_to" : "${VN}/vertex1", "_from" : "${VN}vertex2" },\n{ "to" : "${VN}/vertex1", "from" : "${VN}/vertex2" }`), status: 201, expect: counts(2, 1) },
    { id: 'JSONL test_no__from', query: `collection=${EN}&type=documents`, body: `{ "_to" : "${VN}/vertex1" }`, status: 201, expect: counts(0, 1) },
    { id: 'JSONL test_no__to', query: `collection=${EN}&type=documents`, body: `{ "_from" : "${VN}/vertex1" }`, status: 201, expect: counts(0, 1) },
    { id: 'JSONL test_with__from_and__to', query: `collection=${EN}&type=documents`, body: `{ "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" }`, status: 201, expect: counts(1) },
    { id: 'JSONL test_multiple_documents__with__from_and__to', query: `collection=${EN}&type=documents`,
      body: `{ "a" : 1, "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" }\n{ "foo" : true, "bar": "baz", "_from" : "${VN}/vertex1", "_to" : "${VN}/vertex2" }\n{ "from" : "${VN}/vertex1", "to" : "${VN}/vertex2" }\n`, status: 201, expect: counts(2, 1) },
    { id: 'CSV test_CSV_no__from', query: `collection=${EN}&createCollection=false`, body: `[ "_to" ]\n[ "${VN}/vertex1" ]`, status: 201, expect: counts(0, 1) },
    { id: 'CSV test_CSV_no__to', query: `collection=${EN}&createCollection=false`, body: `[ "_from" ]\n[ "${VN}/vertex1" ]`, status: 201, expect: counts(0, 1) },
    { id: 'CSV test_CSV_with__from_and__to', query: `collection=${EN}`, body: `[ "_from", "_to" ]\n[ "${VN}/vertex1", "${VN}/vertex2" ]`, status: 201, expect: counts(1) },
    { id: 'CSV test_CSV_multiple_documents__with__from_and__to (numbers as _from/_to are errors)', query: `collection=${EN}`,
      body: `[ "a", "_from", "_to", "foo" ]\n[ 1, "${VN}/vertex1", "${VN}/vertex2", "" ]\n\n[ 2, "${VN}/vertex3", "${VN}/vertex4", "" ]\n[ 2, 1, 2, 3 ]`, status: 201, expect: counts(2, 1, 1) },
  ]);
  it('test_JSONA_multiple_docs__with_valid_fromPrefix stores _from as "a b/vertex1"', async () => {
    await call('POST', `/_api/import?collection=${EN}&type=array&fromPrefix=a+b`, undefined, `[{ "_key": "e", "_from" : "vertex1", "_to" : "${VN}/vertex2" }]`);
    const r = await call('GET', `/_api/document/${EN}/e`);
    assert.equal(r.body._from, 'a b/vertex1');
  });
});

describe('multi/import-noncluster.js import_with_completeEQtruSuite', () => {
  beforeEach(() => recreate(CN));
  it('test_regular: a duplicate key with complete=true is 409/1210 and nothing is imported', async () => {
    const body = '[{"_key":"abc","value1":25,"value2":"test","allowed":true},{"_key":"abc","name":"baz"},{"name":{"detailed":"detailed name","short":"short name"}}]';
    const r = await call('POST', `/_api/import?collection=${CN}&type=auto&details=true&complete=true`, undefined, body);
    assert.equal(r.status, 409);
    assert.equal(r.body.errorNum, 1210);
    assert.equal(r.body.error, true);
    assert.equal((await call('GET', `/_api/collection/${CN}/count`)).body.count, 0);
  });
});

describe('multi/import.js import_with_updateSuite (onDuplicate)', () => {
  beforeEach(async () => {
    await recreate(CN);
    const r = await call('POST', `/_api/import?collection=${CN}&type=documents`, undefined, '{ "_key" : "test1", "value1" : 1, "value2" : "test" }\n{ "_key" : "test2", "value1" : "abc", "value2" : 3 }\n');
    assert.deepEqual(r.body, counts(2));
  });
  async function stored(key: string) {
    const r = await call('GET', `/_api/document/${CN}/${key}`);
    assert.equal(r.status, 200);
    const { _id, _rev, ...rest } = r.body;
    return rest;
  }
  const withKeys = '{ "_key" : "test1", "value3" : 3, "value2" : "test-updated" }\n{ "_key" : "test2" }\n{ "_key" : "test3", "foo" : "bar" }\n';
  const noKeys = '{ "value3" : 3, "value2" : "test-updated" }\n{ }\n{ "foo" : "bar" }\n';
  const mixed = '{ "_key" : "test1", "value3" : 3, "value2" : "test-updated" }\n{ "foo" : "bar" }\n';
  const original1 = { _key: 'test1', value1: 1, value2: 'test' };
  const original2 = { _key: 'test2', value1: 'abc', value2: 3 };
  const cases: { id: string; mode: string; body: string; expect: ReturnType<typeof counts>; docs: Record<string, object> }[] = [
    { id: 'test_using_onDuplicateEQerror', mode: 'error', body: withKeys, expect: counts(1, 2), docs: { test1: original1, test2: original2, test3: { _key: 'test3', foo: 'bar' } } },
    { id: 'test_using_onDuplicateEQerror__without__key', mode: 'error', body: noKeys, expect: counts(3), docs: {} },
    { id: 'test_using_onDuplicateEQerror__mixed__keys', mode: 'error', body: mixed, expect: counts(1, 1), docs: { test1: original1 } },
    { id: 'test_using_onDuplicateEQupdate', mode: 'update', body: withKeys, expect: counts(1, 0, 0, 2),
      docs: { test1: { _key: 'test1', value1: 1, value2: 'test-updated', value3: 3 }, test2: original2, test3: { _key: 'test3', foo: 'bar' } } },
    { id: 'test_using_onDuplicateEQupdate__without__key', mode: 'update', body: noKeys, expect: counts(3), docs: {} },
    { id: 'test_using_onDuplicateEQupdate__mixed__keys', mode: 'update', body: mixed, expect: counts(1, 0, 0, 1), docs: { test1: { _key: 'test1', value1: 1, value2: 'test-updated', value3: 3 } } },
    { id: 'test_using_onDuplicateEQreplace', mode: 'replace', body: withKeys, expect: counts(1, 0, 0, 2),
      docs: { test1: { _key: 'test1', value2: 'test-updated', value3: 3 }, test2: { _key: 'test2' }, test3: { _key: 'test3', foo: 'bar' } } },
    { id: 'test_using_onDuplicateEQreplace__without__key', mode: 'replace', body: noKeys, expect: counts(3), docs: {} },
    { id: 'test_using_onDuplicateEQreplace__mixed__keys', mode: 'replace', body: mixed, expect: counts(1, 0, 0, 1), docs: { test1: { _key: 'test1', value2: 'test-updated', value3: 3 } } },
    { id: 'test_using_onDuplicateEQignore', mode: 'ignore', body: withKeys.replace('test-updated', 'test'), expect: counts(1, 0, 0, 0, 2), docs: { test1: original1, test2: original2, test3: { _key: 'test3', foo: 'bar' } } },
    { id: 'test_using_onDuplicateEQignore__without__key', mode: 'ignore', body: noKeys, expect: counts(3), docs: {} },
    { id: 'test_using_onDuplicateEQignore__mixed__keys', mode: 'ignore', body: mixed, expect: counts(1, 0, 0, 0, 1), docs: { test1: original1 } },
    { id: 'test_using_onDuplicateEQupdate__values (header+values, a key twice in one body)', mode: 'update',
      body: '["_key","value"]\n["test1",1]\n["test1",2]\n["test2",23]\n["test2",42]\n["test3",99]\n', expect: counts(1, 0, 0, 4),
      docs: { test1: { ...original1, value: 2 }, test2: { ...original2, value: 42 }, test3: { _key: 'test3', value: 99 } } },
    { id: 'test_using_onDuplicateEQerror__values (header+values)', mode: 'error',
      body: '["_key","value1"]\n["test1",17]\n["test2",23]\n["test3",99]\n["test4","abc"]\n["test4","def"]\n', expect: counts(2, 3),
      docs: { test1: original1, test2: original2, test3: { _key: 'test3', value1: 99 }, test4: { _key: 'test4', value1: 'abc' } } },
  ];
  for (const c of cases) {
    it(c.id, async () => {
      const query = c.body.startsWith('[') ? `collection=${CN}&onDuplicate=${c.mode}` : `collection=${CN}&type=documents&onDuplicate=${c.mode}`;
      const r = await call('POST', `/_api/import?${query}`, undefined, c.body);
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, c.expect);
      for (const [key, doc] of Object.entries(c.docs)) assert.deepEqual(await stored(key), doc, key);
    });
  }
});

const IC = 'UnitTestsCollectionIndexes';
const reFull = /^[a-zA-Z0-9_-]+\/[0-9]+$/;
const createIndex = (body: object) => call('POST', `/_api/index?collection=${IC}`, body);
const postDoc = (body: object) => call('POST', `/_api/document/${IC}`, body);

describe('index.js', () => {
  beforeEach(() => recreate(IC));

  it('error_handlingSuite test_returns_an_error_if_collection_identifier_is_unknown: 404/1203', async () => {
    const r = await call('GET', '/_api/index/123456/123456');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' });
  });
  it('error_handlingSuite test_returns_an_error_if_index_identifier_is_unknown: 404/1212', async () => {
    const r = await call('GET', `/_api/index/${IC}/123456`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { error: true, code: 404, errorNum: 1212, errorMessage: 'index not found' });
  });

  const creations: { id: string; first: object; second: object; same: boolean }[] = [
    { id: 'creating_unique_constraintsSuite test_returns_either_201_for_new_or_200_for_unique_old_indexes', first: { type: 'hash', unique: true, fields: ['a', 'b'] }, second: { type: 'hash', unique: true, fields: ['a', 'b'] }, same: true },
    { id: 'creating_unique_constraintsSuite ..._sparse_indexes', first: { type: 'hash', unique: true, sparse: true, fields: ['a', 'b'] }, second: { type: 'hash', unique: true, sparse: true, fields: ['a', 'b'] }, same: true },
    { id: 'creating_hash_indexesSuite test_returns_either_201_for_new_or_200_for_old_hash_indexes', first: { type: 'hash', unique: false, fields: ['a', 'b'] }, second: { type: 'hash', unique: false, fields: ['a', 'b'] }, same: true },
    { id: 'creating_hash_indexesSuite ..._mixed_sparsity: a sparse twin is a new index', first: { type: 'hash', unique: false, fields: ['a', 'b'] }, second: { type: 'hash', unique: false, sparse: true, fields: ['a', 'b'] }, same: false },
    { id: 'creating_skiplistsSuite (as hash and skiplist aliases): both are the same index, reported under the name it was created with', first: { type: 'hash', fields: ['a', 'b'] }, second: { type: 'skiplist', fields: ['a', 'b'] }, same: true },
  ];
  for (const c of creations) {
    it(c.id, async () => {
      const r1 = await createIndex(c.first);
      assert.equal(r1.status, 201);
      assert.equal(r1.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(r1.body.id, reFull);
      // a hash or skiplist index reports that name, as 3.12's index.js asserts
      assert.equal(r1.body.type, (c.first as { type: string }).type);
      assert.equal(r1.body.isNewlyCreated, true);
      assert.equal(r1.body.code, 201);
      assert.equal(r1.body.error, false);
      const r2 = await createIndex(c.second);
      assert.equal(r2.status, c.same ? 200 : 201);
      assert.equal(r2.body.code, c.same ? 200 : 201);
      assert.equal(r2.body.isNewlyCreated, !c.same);
      assert.equal(r2.body.id === r1.body.id, c.same);
      assert.equal(r2.body.sparse, (c.second as { sparse?: boolean }).sparse === true);
    });
  }

  it('reading_all_indexesSuite: every index is under its id in identifiers', async () => {
    await createIndex({ type: 'persistent', fields: ['a'] });
    const r = await call('GET', `/_api/index?collection=${IC}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.code, 200);
    assert.equal(r.body.indexes.length, 2);
    for (const index of r.body.indexes) {
      assert.match(index.id, reFull);
      assert.deepEqual(r.body.identifiers[index.id], index);
    }
  });

  it('reading_an_indexSuite test_returns_primary_index_for_a_collection_name', async () => {
    const r = await call('GET', `/_api/index/${IC}/0`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { error: false, code: 200, fields: ['_key'], id: `${IC}/0`, name: 'primary', selectivityEstimate: 1, sparse: false, type: 'primary', unique: true });
  });

  it('deleting_an_indexSuite test_deleting_an_index: then GET is 404/1212', async () => {
    const iid = (await createIndex({ type: 'persistent', unique: true, fields: ['a', 'b'] })).body.id;
    const d = await call('DELETE', `/_api/index/${iid}`);
    assert.equal(d.status, 200);
    assert.deepEqual(d.body, { error: false, code: 200, id: iid });
    const g = await call('GET', `/_api/index/${iid}`);
    assert.equal(g.status, 404);
    assert.equal(g.body.errorNum, 1212);
  });
});

describe('index-hash.js and index-persistent.js: unique constraints', () => {
  beforeEach(() => recreate(IC));

  const violations: { id: string; docs: object[]; index: object; status: number }[] = [
    { id: 'test_does_not_create_the_index_in_case_of_violation', docs: [{ a: 1, b: 1 }, { a: 1, b: 1 }], index: { type: 'persistent', unique: true, fields: ['a'] }, status: 400 },
    { id: 'test_does_not_create_the_index_in_case_of_violation__using_null_attributes (hash)', docs: [{ a: 1, b: null }, { a: 1, b: null }], index: { type: 'hash', unique: true, fields: ['a'] }, status: 400 },
    { id: 'test_does_not_create_the_index_in_case_of_violation__null_attributes (persistent: nulls collide)', docs: [{ a: null, b: 1 }, { a: null, b: 1 }], index: { type: 'persistent', unique: true, fields: ['a'] }, status: 400 },
    { id: 'test_does_not_create_the_index_in_case_of_violation__sparse_index', docs: [{ a: 1, b: 1 }, { a: 1, b: 1 }], index: { type: 'persistent', unique: true, sparse: true, fields: ['a'] }, status: 400 },
    { id: 'test_creates_the_index_in_case_of_null_attributes__sparse_index', docs: [{ a: null, b: 1 }, { a: null, b: 1 }], index: { type: 'persistent', unique: true, sparse: true, fields: ['a'] }, status: 201 },
  ];
  for (const c of violations) {
    it(c.id, async () => {
      for (const d of c.docs) assert.equal((await postDoc(d)).status, 202);
      const r = await createIndex(c.index);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      if (c.status === 400) {
        assert.equal(r.body.errorNum, 1210);
        assert.equal(r.body.code, 400);
        assert.equal((await call('GET', `/_api/index?collection=${IC}`)).body.indexes.length, 1);
      }
    });
  }

  it('test_rolls_back_in_case_of_violation__array_index_w_o_deduplication: [5, 5] collides with itself', async () => {
    const r = await createIndex({ type: 'persistent', unique: true, fields: ['a[*]'], deduplicate: false });
    assert.equal(r.status, 201);
    assert.equal(r.body.deduplicate, false);
    for (const a of [[1], [2], [3, 4]]) assert.equal((await postDoc({ a })).status, 202);
    const v = await postDoc({ a: [5, 5] });
    assert.equal(v.status, 409);
    assert.equal(v.body.errorNum, 1210);
  });
  it('test_rolls_back_in_case_of_violation__array_index: with deduplication [5, 5] is fine, [4] is not', async () => {
    const r = await createIndex({ type: 'persistent', unique: true, fields: ['a[*]'] });
    assert.equal(r.body.deduplicate, true);
    for (const a of [[1, 1], [2], [3, 4], [5, 5]]) assert.equal((await postDoc({ a })).status, 202);
    assert.equal((await postDoc({ a: [4] })).status, 409);
  });
  it('test_rolls_back_in_case_of_violation_update: a replace onto a taken value is 409 and changes nothing', async () => {
    await createIndex({ type: 'persistent', unique: true, fields: ['a'] });
    const d1 = (await postDoc({ a: 1, b: 1 })).body;
    const d2 = (await postDoc({ a: 2, b: 2 })).body;
    for (const b of [3, 4]) assert.equal((await call('PUT', `/_api/document/${d1._id}`, { a: 2, b })).status, 409);
    const g1 = (await call('GET', `/_api/document/${d1._id}`)).body;
    assert.deepEqual([g1.a, g1.b, g1._rev], [1, 1, d1._rev]);
    const g2 = (await call('GET', `/_api/document/${d2._id}`)).body;
    assert.deepEqual([g2.a, g2.b, g2._rev], [2, 2, d2._rev]);
  });
});

describe('index-geo.js creating_geo_indexesSuite', () => {
  beforeEach(() => recreate(IC));
  const geo: { id: string; body: object; geoJson: boolean }[] = [
    { id: 'test_creating_geo_index_with_location', body: { type: 'geo', fields: ['b'] }, geoJson: false },
    { id: 'test_creating_geo_index_with_location_and_geo_json_EQ_true', body: { type: 'geo', fields: ['c'], geoJson: true }, geoJson: true },
    { id: 'test_creating_geo_index_with_constraint_1 (constraint is ignored)', body: { type: 'geo', fields: ['c'], geoJson: true, constraint: true }, geoJson: true },
    { id: 'test_creating_geo_index_with_constraint_2 (unique is ignored)', body: { type: 'geo', fields: ['c', 'd'], geoJson: false, unique: true }, geoJson: false },
  ];
  for (const c of geo) {
    it(c.id, async () => {
      const r = await createIndex(c.body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.type, 'geo');
      assert.equal(r.body.geoJson, c.geoJson);
      assert.equal(r.body.unique, false);
      assert.equal(r.body.sparse, true);
      assert.equal(r.body.isNewlyCreated, true);
    });
  }
  it('test_returns_either_201_for_new_or_200_for_old_indexes and test_survives_unload', async () => {
    const r1 = await createIndex({ type: 'geo', fields: ['a'] });
    const r2 = await createIndex({ type: 'geo', fields: ['a'] });
    assert.deepEqual([r1.status, r2.status, r2.body.isNewlyCreated, r2.body.id], [201, 200, false, r1.body.id]);
    const g = await call('GET', `/_api/index/${r1.body.id}`);
    assert.deepEqual([g.status, g.body.type, g.body.geoJson, g.body.fields, g.body.sparse], [200, 'geo', false, ['a'], true]);
  });
});

// Not in ArangoDB's HTTP tests: index definitions checked against ArangoDB 3.12's
// IndexFactory (validateFieldsDefinition, processIndexStoredValues, enhanceJsonIndexTtl,
// getBooleanValue), each case a difference Cairn had.
describe('IndexFactory validation of POST /_api/index bodies', () => {
  before(() => recreate(IC));
  const bad = (errorNum: number, errorMessage: string) => ({ error: true, code: 400, errorNum, errorMessage });
  const cases: { id: string; body: object; errorNum: number; message: string }[] = [
    { id: 'idx-1 persistent over _id', body: { type: 'persistent', fields: ['_id'] }, errorNum: 10, message: '_id attribute cannot be indexed' },
    { id: 'idx-2 persistent over a sub-attribute named _id', body: { type: 'persistent', fields: ['a', 'b._id'] }, errorNum: 10, message: '_id attribute cannot be indexed' },
    { id: 'idx-3 geo over a sub-attribute named _id', body: { type: 'geo', fields: ['x._id'] }, errorNum: 10, message: '_id attribute cannot be indexed' },
    { id: 'idx-4 a number as field', body: { type: 'persistent', fields: [1] }, errorNum: 10, message: 'index field names must be non-empty strings' },
    { id: 'idx-5 an empty field name', body: { type: 'persistent', fields: [''] }, errorNum: 10, message: 'index field names must be non-empty strings' },
    { id: 'idx-6 an object as field', body: { type: 'persistent', fields: [{ name: 'a' }] }, errorNum: 10, message: 'index field names must be only strings' },
    { id: 'idx-7 no fields', body: { type: 'persistent' }, errorNum: 10, message: 'invalid number of index attributes' },
    { id: 'idx-8 fields not an array', body: { type: 'hash', fields: 'a' }, errorNum: 10, message: 'invalid number of index attributes' },
    { id: 'idx-9 no type', body: { fields: ['a'] }, errorNum: 10, message: 'invalid index type' },
    { id: 'idx-10 a bracket that is not [*]', body: { type: 'persistent', fields: ['a[0]'] }, errorNum: 1238, message: 'illegal attribute name' },
    { id: 'idx-11 [*] not followed by a dot', body: { type: 'persistent', fields: ['a[*]b'] }, errorNum: 1238, message: 'illegal attribute name' },
    { id: 'idx-12 storedValues null', body: { type: 'persistent', fields: ['a'], storedValues: null }, errorNum: 10, message: 'when parsing fields for stored values: storedValues must be an array' },
    { id: 'idx-13 storedValues empty', body: { type: 'persistent', fields: ['a'], storedValues: [] }, errorNum: 10, message: 'when parsing fields for stored values: invalid number of index attributes' },
    { id: 'idx-14 storedValues repeating a field', body: { type: 'persistent', fields: ['a'], storedValues: ['a'] }, errorNum: 10,
      message: 'when parsing fields for stored values: duplicate attribute name (overlap between index fields and index stored values list)' },
    { id: 'idx-15 storedValues with a duplicate', body: { type: 'persistent', fields: ['a'], storedValues: ['b', 'b'] }, errorNum: 10, message: 'when parsing fields for stored values: duplicate attribute name in index fields list' },
    { id: 'idx-16 a unique TTL index is refused before its bad field', body: { type: 'ttl', fields: ['a.b'], unique: true, expireAfter: 1 }, errorNum: 10, message: 'a TTL index cannot be unique' },
  ];
  for (const c of cases) {
    it(`${c.id}: 400/${c.errorNum} ${c.message}`, async () => {
      const r = await createIndex(c.body);
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, bad(c.errorNum, c.message));
    });
  }

  it('idx-17 a flag that is not a boolean takes its default (unique: "yes" is a non-unique index)', async () => {
    const r = await createIndex({ type: 'persistent', fields: ['f17'], unique: 'yes', sparse: 1, deduplicate: 'no' });
    assert.equal(r.status, 201);
    assert.deepEqual([r.body.unique, r.body.sparse, r.body.deduplicate], [false, false, true]);
  });
  it('idx-18 storedValues may hold _id', async () => {
    const r = await createIndex({ type: 'persistent', fields: ['f18'], storedValues: ['_id'] });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.storedValues, ['_id']);
  });
  it('idx-19 an mdi index may repeat its fields in storedValues', async () => {
    const r = await createIndex({ type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double', storedValues: ['x'] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.storedValues, ['x']);
  });
});

describe('GET /_api/index?withStats=true (RestIndexHandler::getIndexes, Serialize::Figures)', () => {
  before(() => recreate(IC));
  it('adds figures to every index, in indexes and in identifiers alike', async () => {
    await createIndex({ type: 'persistent', fields: ['s'] });
    const figures = { memory: 0, cacheInUse: false, cacheSize: 0, cacheUsage: 0 };
    const r = await call('GET', `/_api/index?collection=${IC}&withStats=true`);
    assert.equal(r.status, 200);
    assert.equal(r.body.indexes.length, 2);
    for (const ix of r.body.indexes) {
      assert.deepEqual(ix.figures, figures);
      assert.deepEqual(r.body.identifiers[ix.id], ix);
    }
    const plain = await call('GET', `/_api/index?collection=${IC}`);
    assert.equal(plain.body.indexes.some((ix: object) => 'figures' in ix), false);
  });
});
