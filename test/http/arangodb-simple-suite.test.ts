// ArangoDB's own HTTP tests of the simple query API, replayed: tests/js/client/shell/api/
// simple-all.js, simple-any.js, simple-example.js and simple-modify-example.js (the
// -sjssimple variants hold the same cases), and the cases of document-read.js, documents.js
// and attributes.js that call /_api/simple. One test per upstream case, under its name;
// inputs and expected answers are upstream's, restated in Cairn's words. Upstream's client
// asks for VelocyPack; Cairn answers JSON, so the content type checked is JSON's.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

async function call(method: string, url: string, body?: unknown) {
  const res = await s.request({ method, url, body });
  return { status: res.statusCode, type: res.headers['content-type'], body: bodyOf(res) };
}
const put = (cmd: string, body: unknown) => call('PUT', `/_api/simple/${cmd}`, body);

/** A 2xx answer of the simple API: status, JSON, error false and the status as code. */
function ok(r: Awaited<ReturnType<typeof call>>, status: number): any {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.type, JSON_TYPE);
  assert.equal(r.body.error, false);
  assert.equal(r.body.code, status);
  return r.body;
}
/** An error answer: status, JSON, error true, code, and errorNum when given. */
function fails(r: Awaited<ReturnType<typeof call>>, status: number, errorNum?: number): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.type, JSON_TYPE);
  assert.equal(r.body.error, true);
  assert.equal(r.body.code, status);
  if (errorNum !== undefined) assert.equal(r.body.errorNum, errorNum);
}
/** A cursor answer with its result length, count and hasMore. */
function cursor(r: Awaited<ReturnType<typeof call>>, length: number, count: number, hasMore = false): any {
  const b = ok(r, 201);
  assert.equal(b.hasMore, hasMore);
  assert.equal(b.result.length, length);
  assert.equal(b.count, count);
  return b;
}

async function insert(cn: string, doc: unknown): Promise<string> {
  const r = await call('POST', `/_api/document?collection=${cn}`, doc);
  assert.equal(r.status, 202);
  return r.body._id;
}
const createCollection = async (cn: string) => assert.equal((await call('POST', '/_api/collection', { name: cn, numberOfShards: 8 })).status, 200);
const drop = (cn: string) => call('DELETE', `/_api/collection/${cn}`);

describe('simple-all.js: all query (will take a while when using ssl)', () => {
  const cn = 'UnitTestsCollectionSimple';
  before(async () => {
    await createCollection(cn);
    const docs = Array.from({ length: 1500 }, (_, n) => ({ n }));
    assert.equal((await call('POST', `/_api/document/${cn}`, docs)).status, 202);
  });
  after(() => drop(cn));

  it('test_get_all_documents', async () => {
    cursor(await put('all', { collection: cn }), 1000, 1500, true);
  });
  it('test_get_all_documents_with_limit', async () => {
    cursor(await put('all', { collection: cn, limit: 100 }), 100, 100);
  });
  it('test_get_all_documents_with_negative_skip', async () => {
    fails(await put('all', { collection: cn, skip: -100 }), 400, 1504);
  });
  it('test_get_all_documents_with_skip', async () => {
    cursor(await put('all', { collection: cn, skip: 1400 }), 100, 100);
  });
  it('test_get_all_documents_with_skip_and_limit', async () => {
    cursor(await put('all', { collection: cn, skip: 1400, limit: 2 }), 2, 2);
  });
});

describe('simple-any.js: any query', () => {
  const cn = 'UnitTestsCollectionSimple';
  beforeEach(() => createCollection(cn));
  afterEach(() => drop(cn));

  it('test_get_any_document__wrong_collection', async () => {
    fails(await put('any', { collection: 'NonExistingCollection' }), 404, 1203);
  });
  it('test_get_any_document__empty_collection', async () => {
    const r = await put('any', { collection: cn });
    assert.equal(r.status, 200);
    assert.equal(r.type, JSON_TYPE);
    assert.equal(r.body.document, null);
  });
  it('test_get_any_document__single_document_collection', async () => {
    await insert(cn, { n: 30 });
    assert.equal(ok(await put('any', { collection: cn }), 200).document.n, 30);
  });
  it('test_get_any_document__non_empty_collection', async () => {
    assert.equal((await call('POST', `/_api/document/${cn}`, Array.from({ length: 10 }, (_, n) => ({ n })))).status, 202);
    assert.equal(typeof ok(await put('any', { collection: cn }), 200).document.n, 'number');
  });
});

/** The seven documents of upstream's by-example cases; their ids d1..d7. */
async function exampleDocs(cn: string): Promise<string[]> {
  const docs = [{ i: 1 }, { i: 1, a: { j: 1 } }, { i: 1, a: { j: 1, k: 1 } }, { i: 1, a: { j: 2, k: 2 } }, { i: 2 }, { i: 2, a: 2 }, { i: 2, a: { j: 2, k: 2 } }];
  const ids: string[] = [];
  for (const d of docs) ids.push(await insert(cn, d));
  return ids;
}
const ids = (b: any): string[] => b.result.map((d: { _id: string }) => d._id).sort();

/** test_finds_the_examples, shared by simple-example.js and simple-modify-example.js. */
async function findsTheExamples(cn: string): Promise<void> {
  const [d1, d2, d3, d4] = await exampleDocs(cn);
  assert.deepEqual(ids(cursor(await put('by-example', { collection: cn, example: { i: 1 } }), 4, 4)), [d1, d2, d3, d4].sort());
  assert.deepEqual(ids(cursor(await put('by-example', { collection: cn, example: { a: { j: 1 } } }), 1, 1)), [d2]);
  assert.deepEqual(ids(cursor(await put('by-example', { collection: cn, example: { 'a.j': 1 } }), 2, 2)), [d2, d3].sort());
  assert.equal(ok(await put('first-example', { collection: cn, example: { 'a.j': 1, 'a.k': 1 } }), 200).document._id, d3);
  fails(await put('first-example', { collection: cn, example: { 'a.j': 1, 'a.k': 2 } }), 404);
}

/** test_finds_the_examples_with_skip (simple-example.js), _skip (simple-modify-example.js). */
async function findsTheExamplesWithSkip(cn: string): Promise<void> {
  await insert(cn, { someAttribute: 'someValue', someOtherAttribute: 'someOtherValue' });
  await insert(cn, { someAttribute: 'someValue', someOtherAttribute2: 'someOtherValue2' });
  const example = { someAttribute: 'someValue' };
  cursor(await put('by-example', { collection: cn, example }), 2, 2);
  cursor(await put('by-example', { collection: cn, example, skip: 1 }), 1, 1);
  cursor(await put('by-example', { collection: cn, example, skip: 1, limit: 1 }), 1, 1);
  cursor(await put('by-example', { collection: cn, example, skip: 2 }), 0, 0);
}

for (const file of ['simple-example.js', 'simple-modify-example.js']) {
  describe(`${file}: by-example query`, () => {
    const cn = 'UnitTestsCollectionByExample';
    beforeEach(() => createCollection(cn));
    afterEach(() => drop(cn));

    it('test_finds_the_examples', () => findsTheExamples(cn));
    it('test_finds_the_first_example__invalid_collection', async () => {
      fails(await put('first-example', { collection: 'NonExistingCollection', example: { a: 1 } }), 404, 1203);
    });
  });

  describe(`${file}: by-example query with skip / limit`, () => {
    const cn = 'UnitTestsCollectionByExample';
    beforeEach(() => createCollection(cn));
    afterEach(() => drop(cn));

    it(file === 'simple-example.js' ? 'test_finds_the_examples_with_skip' : 'test_finds_the_examples_skip', () => findsTheExamplesWithSkip(cn));
  });
}

/** Twenty documents { value: i, value2: 99 }, as the modify suites' setUp saves them. */
async function twenty(cn: string): Promise<void> {
  await createCollection(cn);
  assert.equal((await call('POST', `/_api/document/${cn}`, Array.from({ length: 20 }, (_, value) => ({ value, value2: 99 })))).status, 202);
}
const counted = async (cmd: string, body: object, counter: string, n: number) => assert.equal(ok(await put(cmd, body), 200)[counter], n);

describe('simple-modify-example.js: remove-by-example query', () => {
  const cn = 'UnitTestsCollectionByExample';
  beforeEach(() => twenty(cn));
  afterEach(() => drop(cn));

  it('test_removes_the_examples', async () => {
    const remove = (example: object, n: number, extra: object = {}) => counted('remove-by-example', { collection: cn, example, ...extra }, 'deleted', n);
    for (const value of [1, 2, 3, 4, 5, 6, 7]) {
      await remove({ value }, 1);
      await remove({ value }, 0);
    }
    // values that no document has, and strings that are no attribute's value
    for (const value of [21, 22, 100, 101, 99, '"meow"', '""', '"null"', 'value2', 'value3', 'fox', 'meow']) await remove({ value }, 0, { newValue: {} });
    assert.equal((await call('POST', `/_api/document/${cn}`, Array.from({ length: 10 }, () => ({ value99: 7, value98: 1 })))).status, 202);
    await remove({ value99: 7, value98: 2 }, 0);
    await remove({ value99: 70, value98: 1 }, 0);
    await remove({ value99: 7, value98: 1 }, 10);
    await remove({ value99: 7, value98: 1 }, 0);
  });

  it('test_removes_the_examples__with_limit', async () => {
    await counted('remove-by-example', { collection: cn, example: { value2: 99 }, limit: 5 }, 'deleted', 5);
    await counted('remove-by-example', { collection: cn, example: { value2: 99 }, limit: 5 }, 'deleted', 5);
    await counted('remove-by-example', { collection: cn, example: { value2: 99 }, limit: 50 }, 'deleted', 10);
  });
});

describe('simple-modify-example.js: replace-by-example query', () => {
  const cn = 'UnitTestsCollectionByExample';
  beforeEach(() => twenty(cn));
  afterEach(() => drop(cn));

  it('test_replaces_the_examples', async () => {
    const replace = (example: object, newValue: object, n: number) => counted('replace-by-example', { collection: cn, example, newValue }, 'replaced', n);
    await replace({ value: 1 }, { foo: 'bar' }, 1);
    await replace({ value: 2 }, { foo: 'baz' }, 1);
    await replace({ value2: 99 }, { moo: 'fox' }, 18);
    for (const value of [21, 22, 100, 101, 99, '"meow"', '""', '"null"']) await replace({ value }, {}, 0);
  });

  it('test_replaces_the_examples__with_limit', async () => {
    await counted('replace-by-example', { collection: cn, example: { value2: 99 }, newValue: { foo: 'bar' }, limit: 5 }, 'replaced', 5);
    await counted('replace-by-example', { collection: cn, example: { value2: 99 }, newValue: { foo: 'bar' }, limit: 5 }, 'replaced', 5);
    await counted('replace-by-example', { collection: cn, example: { value2: 99 }, newValue: { fox: 'box' }, limit: 50 }, 'replaced', 10);
  });
});

describe('simple-modify-example.js: update-by-example query', () => {
  const cn = 'UnitTestsCollectionByExample';
  beforeEach(() => twenty(cn));
  afterEach(() => drop(cn));

  it('test_updates_the_examples', async () => {
    const update = (example: object, newValue: object, n: number, extra: object = {}) => counted('update-by-example', { collection: cn, example, newValue, ...extra }, 'updated', n);
    await update({ value: 1 }, { foo: 'bar' }, 1);
    await update({ value: 2 }, { foo: 'baz' }, 1);
    await update({ value: 3 }, { foo: 'baz', value: 12 }, 1);
    // the document with value 12 and the one just given it
    await update({ value: 12 }, { value2: null }, 2, { keepNull: false });
    await update({ value2: 99 }, { moo: 'fox' }, 18);
    for (const value of [100, 101, 99, '"meow"', '""', '"null"']) await update({ value }, {}, 0);
  });

  it('test_updates_the_examples__with_limit', async () => {
    await counted('update-by-example', { collection: cn, example: { value2: 99 }, newValue: { foo: 'bar', value2: 17 }, limit: 5 }, 'updated', 5);
    await counted('update-by-example', { collection: cn, example: { value2: 99 }, newValue: { foo: 'bar', value2: 17 }, limit: 5 }, 'updated', 5);
    await counted('update-by-example', { collection: cn, example: { value2: 99 }, newValue: { fox: 'box' }, limit: 50 }, 'updated', 10);
  });
});

describe('simple-modify-example.js: update-by-example query, mergeObjects', () => {
  const cn = 'UnitTestsCollectionByExample';
  beforeEach(async () => {
    await createCollection(cn);
    await insert(cn, { _key: 'one', value: 'test' });
    await insert(cn, { _key: 'two', value: { test: 'foo' } });
  });
  afterEach(() => drop(cn));

  const update = (body: object) => counted('update-by-example', { collection: cn, ...body }, 'updated', 1);
  const valueOf = async (key: string) => (await call('GET', `/_api/document/${cn}/${key}`)).body.value;

  it('test_updates_the_example__empty_update_value', async () => {
    await update({ example: { value: { test: 'foo' } }, newValue: { value: {} } });
    assert.deepEqual(await valueOf('two'), { test: 'foo' });
    await update({ example: { value: { test: 'foo' } }, mergeObjects: false, newValue: { value: {} } });
    assert.deepEqual(await valueOf('two'), {});
  });

  for (const [name, merge] of [
    ['test_updates_the_example__mergeObjects_not_specified', {}],
    ['test_updates_the_example__mergeObjects_EQ_true', { mergeObjects: true }],
    ['test_updates_the_example__mergeObjects_EQ_false', { mergeObjects: false }],
  ] as const) {
    it(name, async () => {
      // a string value is simply overwritten, whatever mergeObjects says
      await update({ example: { value: 'test' }, ...merge, newValue: { value: { foo: 'bar' } } });
      assert.deepEqual(await valueOf('one'), { foo: 'bar' });
      await update({ example: { value: { test: 'foo' } }, mergeObjects: true, newValue: { value: { bark: 'bart' } } });
      assert.deepEqual(await valueOf('two'), { test: 'foo', bark: 'bart' });
    });
  }
});

describe('document-read.js: reading all documents', () => {
  const cn = 'UnitTestsCollectionAll';
  const reStart = new RegExp(`^/_db/[^/]+/_api/document/${cn}/`);
  const rePath = /^\/_db\/[^/]+\/_api\/document\/[a-zA-Z0-9_:-]+\/\d+$/;
  before(async () => {
    assert.equal((await call('POST', '/_api/collection', { name: cn, waitForSync: true })).status, 200);
  });
  afterEach(() => call('PUT', `/_api/collection/${cn}/truncate`));
  after(() => drop(cn));

  const allKeys = async (body: object): Promise<string[]> => {
    const r = await put('all-keys', { collection: cn, ...body });
    assert.equal(r.status, 201);
    assert.equal(r.type, JSON_TYPE);
    assert.ok(Array.isArray(r.body.result));
    return r.body.result;
  };
  /** Three documents created through `?collection=` with the name or the id (201: waitForSync). */
  const three = async (byId: boolean) => {
    const target = byId ? (await call('GET', `/_api/collection/${cn}`)).body.id : cn;
    for (const i of [1, 2, 3]) assert.equal((await call('POST', `/_api/document?collection=${target}`, { Hallo: `World-${i}` })).status, 201);
  };

  it('test_get_all_documents_of_an_empty_collection', async () => {
    assert.deepEqual(await allKeys({}), []);
  });
  it('test_get_all_documents_of_an_empty_collection__using_typeEQid', async () => {
    assert.deepEqual(await allKeys({ type: 'id' }), []);
  });
  it('test_create_three_documents_and_read_them_using_the_collection_identifier', async () => {
    await three(true);
    const paths = await allKeys({});
    assert.equal(paths.length, 3);
    for (const p of paths) {
      assert.match(p, rePath);
      assert.match(p, reStart);
    }
  });
  it('test_create_three_documents_and_read_them_using_the_collection_name', async () => {
    await three(false);
    const paths = await allKeys({});
    assert.equal(paths.length, 3);
    for (const p of paths) {
      assert.match(p, rePath);
      assert.match(p, reStart);
    }
  });
  it('test_create_three_documents_and_read_them_using_the_collection_name__typeEQid', async () => {
    await three(false);
    const ids = await allKeys({ type: 'id' });
    assert.equal(ids.length, 3);
    for (const id of ids) assert.match(id, new RegExp(`^${cn}/\\d+$`));
  });
  it('test_create_three_documents_and_read_them_using_the_collection_name__typeEQkey', async () => {
    await three(false);
    const keys = await allKeys({ type: 'key' });
    assert.equal(keys.length, 3);
    for (const key of keys) assert.match(key, /^\d+$/);
  });
});

describe('documents.js: dealing with documents (by-example modifications of invalid types)', () => {
  const cn = 'UnitTestsCollectionDocuments';
  beforeEach(() => createCollection(cn));
  afterEach(() => drop(cn));

  for (const [name, cmd, body] of [
    ['test_updates_documents_by_example_with_an_invalid_type_1', 'update-by-example', { example: [], newValue: {} }],
    ['test_updates_documents_by_example_with_an_invalid_type_2', 'update-by-example', { example: {}, newValue: [] }],
    ['test_replaces_documents_by_example_with_an_invalid_type_1', 'replace-by-example', { example: [], newValue: {} }],
    ['test_replaces_documents_by_example_with_an_invalid_type_2', 'replace-by-example', { example: {}, newValue: [] }],
    ['test_removes_a_document_with_an_invalid_type', 'remove-by-example', { example: [] }],
  ] as const) {
    it(name, async () => {
      fails(await put(cmd, { collection: cn, ...body }), 400, 400);
    });
  }
});

describe('attributes.js: dealing with attribute names', () => {
  const cn = 'UnitTestsCollectionAttributes';
  before(async () => {
    assert.equal((await call('POST', '/_api/collection', { name: cn, waitForSync: true })).status, 200);
  });
  after(() => drop(cn));

  it('test_queries_a_document_with_an_empty_attribute_name', async () => {
    assert.equal((await call('POST', `/_api/document?collection=${cn}`, { '': 'a', foo: 'b' })).status, 201);
    const documents = (await put('all', { collection: cn })).body.result;
    assert.equal(documents.length, 1);
    assert.ok(Object.hasOwn(documents[0], ''));
    assert.ok(Object.hasOwn(documents[0], 'foo'));
  });
});
