// /_api/view and inverted indexes, replaying upstream tests over HTTP: ArangoDB's
// tests/js/client/shell/api/view-arangosearch.js, tests/js/common/shell/multi/shell-view-arangosearch.js, shell-view-arangosearch-link.js
// and shell-view-search-alias.js (their arangosh calls as the HTTP requests arangosh
// sends), arangojs's src/test/24-accessing-views.ts, 25-view-metadata.ts and
// 26-manipulating-views.ts, python-arango's tests/test_view.py; then Cairn's own cases
// for ArangoDB's defaults, PUT vs PATCH, analyzers, permissions and inverted indexes.
// Test names start with the upstream file and case they trace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const basic = (user: string, pw = 'pw'): string => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

describe('views (/_api/view) and inverted indexes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  const req = async (method: string, url: string, body?: unknown, auth?: string) => {
    const res = await s.request({ method, url, body, ...(auth ? { auth } : {}) });
    return { status: res.statusCode, body: bodyOf(res) };
  };
  const createView = (name: string, type: unknown, props: Record<string, unknown> = {}) => req('POST', '/_api/view', { name, type, ...props });
  const props = async (name: string) => (await req('GET', `/_api/view/${encodeURIComponent(name)}/properties`)).body;
  const dropView = (name: string) => req('DELETE', `/_api/view/${encodeURIComponent(name)}`);
  const createCol = (name: string) => req('POST', '/_api/collection', { name });
  const dropCol = (name: string) => req('DELETE', `/_api/collection/${name}`);
  const ensureIndex = (col: string, def: Record<string, unknown>) => req('POST', `/_api/index?collection=${col}`, def);
  const viewNames = async () => ((await req('GET', '/_api/view')).body.result as { name: string }[]).map((v) => v.name);
  const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

  // ---- ArangoDB tests/js/client/shell/api/view-arangosearch.js (the HTTP API's own tests) ----

  describe('api/view-arangosearch.js', () => {
    const JSON_TYPE = 'application/json; charset=utf-8';
    const raw = async (method: string, url: string, body?: unknown, rawBody?: string) => {
      const res = await s.request({ method, url, body, rawBody });
      assert.equal(res.headers['content-type'], JSON_TYPE);
      return { status: res.statusCode, body: bodyOf(res) };
    };
    const cleanup = async () => {
      for (const v of await viewNames()) await dropView(v);
    };
    const created = async (name: string, extra: Record<string, unknown> = { properties: {} }) => {
      const r = await raw('POST', '/_api/view', { name, type: 'arangosearch', ...extra });
      assert.deepEqual([r.status, r.body.name, r.body.type], [201, name, 'arangosearch']);
      return r.body;
    };
    const fails = (r: { status: number; body: { error: boolean; code: number; errorNum: number } }, status: number, errorNum: number) => {
      assert.deepEqual([r.status, r.body.error, r.body.code, r.body.errorNum], [status, true, status, errorNum]);
    };

    it('creationSuite test_creating_a_view_without_body: 400/10', async () => {
      fails(await raw('POST', '/_api/view', undefined, ''), 400, 10);
    });
    it('creationSuite test_creating_a_view_without_name: 400/10', async () => {
      fails(await raw('POST', '/_api/view', { type: 'arangosearch', properties: {} }), 400, 10);
    });
    it('creationSuite test_creating_a_view_without_type: 400/10', async () => {
      fails(await raw('POST', '/_api/view', { name: 'abc', properties: {} }), 400, 10);
    });
    it('creationSuite test_creating_a_view_with_invalid_type: 400/10', async () => {
      fails(await raw('POST', '/_api/view', { name: 'test', type: 'foobar', properties: {} }), 400, 10);
    });
    it('creationSuite test_creating_a_view_without_properties: 201, dropped 200', async () => {
      await created('test', {});
      assert.equal((await raw('DELETE', '/_api/view/test')).status, 200);
    });
    it('creationSuite test_duplicate_name: 409/1207', async () => {
      await created('dup');
      fails(await raw('POST', '/_api/view', { name: 'dup', type: 'arangosearch', properties: {} }), 409, 1207);
      assert.equal((await raw('DELETE', '/_api/view/dup')).status, 200);
    });
    it('renameSuite test_valid_change', async () => {
      await created('testView');
      const r = await raw('PUT', '/_api/view/testView/rename', { name: 'newName' });
      assert.deepEqual([r.status, r.body.name], [200, 'newName']);
      assert.equal((await raw('DELETE', '/_api/view/newName')).status, 200);
    });
    it('renameSuite test_same_name', async () => {
      await created('testView');
      const r = await raw('PUT', '/_api/view/testView/rename', { name: 'testView' });
      assert.deepEqual([r.status, r.body.name], [200, 'testView']);
      assert.equal((await raw('DELETE', '/_api/view/testView')).status, 200);
    });
    it('renameSuite test_invalid_name: 400/1208 (g@rb@ge is legal under 3.12 extended names, so a leading digit here)', async () => {
      await created('testView');
      fails(await raw('PUT', '/_api/view/testView/rename', { name: '1g@rb@ge' }), 400, 1208);
      assert.equal((await raw('DELETE', '/_api/view/testView')).status, 200);
    });
    it('renameSuite test_ren_duplicate_name: 409/1207', async () => {
      await created('dup');
      await created('dup2');
      fails(await raw('PUT', '/_api/view/dup2/rename', { name: 'dup' }), 409, 1207);
      assert.equal((await raw('DELETE', '/_api/view/dup')).status, 200);
      assert.equal((await raw('DELETE', '/_api/view/dup2')).status, 200);
    });
    it('deletionSuite test_deleting_a_non_existent_view: 404/1203', async () => {
      fails(await raw('DELETE', '/_api/view/foobar'), 404, 1203);
    });
    it('retrievalSuite test_getting_a_non_existent_view: 404/1203', async () => {
      fails(await raw('GET', '/_api/view/foobar'), 404, 1203);
    });
    it('retrievalSuite test_getting_properties_of_a_non_existent_view: 404/1203', async () => {
      fails(await raw('GET', '/_api/view/foobar/properties'), 404, 1203);
    });
    it('modificationSuite test_modifying_view_directly__not_properties: 400/10', async () => {
      fails(await raw('PUT', '/_api/view/foobar', { level: 'DEBUG' }), 400, 10);
    });
    it('modificationSuite test_modifying_a_non_existent_view: 404/1203', async () => {
      fails(await raw('PUT', '/_api/view/foobar/properties', { level: 'DEBUG' }), 404, 1203);
    });
    it('modificationSuite test_modifying_a_view_with_unacceptable_properties: ignored, the rest applied', async () => {
      const c = await created('lemon');
      const r = await raw('PUT', '/_api/view/lemon/properties', { bogus: 'junk', consolidationIntervalMsec: 17 });
      assert.deepEqual([r.status, r.body.name, r.body.type, r.body.id], [200, 'lemon', 'arangosearch', c.id]);
      assert.equal((await raw('GET', '/_api/view/lemon/properties')).body.consolidationIntervalMsec, 17);
      assert.equal((await raw('DELETE', '/_api/view/lemon')).status, 200);
    });
    it('add_dropSuite test_creating_a_view', async () => {
      await created('abc');
      await cleanup();
    });
    it('add_dropSuite test_dropping_a_view', async () => {
      await created('abc');
      assert.equal((await raw('DELETE', '/_api/view/abc')).status, 200);
      fails(await raw('GET', '/_api/view/abc'), 404, 1203);
    });
    it('add_with_link_to_non_existing_collectionSuite test_creating_a_view_with_link_to_non_existing_collection', async () => {
      const r = await raw('POST', '/_api/view', { name: 'abc', type: 'arangosearch', links: { wrong: {} } });
      fails(r, 404, 1203);
      assert.equal(r.body.errorMessage, "while validating arangosearch link definition, error: collection 'wrong' not found");
    });
    it('add_with_link_to_existing_collectionSuite test_creating_a_view_with_link_to_existing_collection_drop', async () => {
      await createCol('right');
      const v = await created('abc', { links: { right: { includeAllFields: true } } });
      assert.equal(typeof v.links.right, 'object');
      await cleanup();
      await dropCol('right');
    });
    it('add_with_link_to_existing_collectionSuite test_dropping_a_view_with_link', async () => {
      await createCol('right');
      await created('abc', { links: { right: { includeAllFields: true } } });
      assert.equal((await raw('DELETE', '/_api/view/abc')).status, 200);
      fails(await raw('GET', '/_api/view/abc'), 404, 1203);
      await dropCol('right');
    });
    it('retrieval_with_linSuite test_empty_list', async () => {
      assert.deepEqual(await raw('GET', '/_api/view'), { status: 200, body: { error: false, code: 200, result: [] } });
    });
    it('retrieval_with_linSuite test_short_list: sorted by name', async () => {
      await created('def', { consolidationIntervalMsec: 10 });
      await created('abc', { consolidationIntervalMsec: 10 });
      const r = await raw('GET', '/_api/view');
      assert.equal(r.body.error, false);
      assert.deepEqual(r.body.result.map((v: { name: string; type: string }) => [v.name, v.type]), [['abc', 'arangosearch'], ['def', 'arangosearch']]);
      await cleanup();
    });
    it('retrieval_with_linSuite test_individual_views_with_link', async () => {
      await created('abc', { consolidationIntervalMsec: 10 });
      await created('def', { consolidationIntervalMsec: 10 });
      for (const n of ['abc', 'def']) {
        const one = await raw('GET', `/_api/view/${n}`);
        assert.deepEqual([one.status, one.body.name, one.body.type], [200, n, 'arangosearch']);
        assert.equal((await raw('GET', `/_api/view/${n}/properties`)).body.consolidationIntervalMsec, 10);
      }
      await cleanup();
    });
    it('modificationSuite2 test_change_properties', async () => {
      await created('abc', { consolidationIntervalMsec: 10 });
      const r = await raw('PUT', '/_api/view/abc/properties', { consolidationIntervalMsec: 7 });
      assert.deepEqual([r.status, r.body.name, r.body.type], [200, 'abc', 'arangosearch']);
      assert.equal((await raw('GET', '/_api/view/abc/properties')).body.consolidationIntervalMsec, 7);
      await cleanup();
    });
    it('modificationSuite2 test_ignore_extra_properties', async () => {
      await created('abc', { consolidationIntervalMsec: 10 });
      const r = await raw('PUT', '/_api/view/abc/properties', { consolidationIntervalMsec: 10, extra: 'foobar' });
      assert.deepEqual([r.status, r.body.extra], [200, undefined]);
      const p = (await raw('GET', '/_api/view/abc/properties')).body;
      assert.deepEqual([p.consolidationIntervalMsec, p.extra], [10, undefined]);
      await cleanup();
    });
    it('modificationSuite2 test_accept_updates_via_PATCH_as_well', async () => {
      await created('abc', { consolidationIntervalMsec: 10 });
      const r = await raw('PATCH', '/_api/view/abc/properties', { consolidationIntervalMsec: 3 });
      assert.deepEqual([r.status, r.body.name], [200, 'abc']);
      assert.equal((await raw('GET', '/_api/view/abc/properties')).body.consolidationIntervalMsec, 3);
      await cleanup();
    });
  });

  // ---- ArangoDB tests/js/common/shell/multi/shell-view-arangosearch.js (ViewSuite) ----

  describe('shell-view-arangosearch.js ViewSuite', () => {
    it('testErrorHandlingBadNameEmpty: an empty name is 400/1208', async () => {
      assert.deepEqual(await createView('', 'arangosearch'), { status: 400, body: err(400, 1208, 'illegal name: view name invalid') });
      assert.deepEqual((await createView('e\u0301', 'arangosearch')).body, err(400, 1208, 'view name is not properly UTF-8 NFC-normalized'));
    });
    it('testErrorHandlingBadTypeNone: no type is 400/10', async () => {
      const r = await req('POST', '/_api/view', { name: 'abc' });
      assert.deepEqual(r, { status: 400, body: err(400, 10, 'expecting type parameter to be of the form of "type: <string>"') });
    });
    it('testErrorHandlingBadTypeEmpty: an empty type is 400/10', async () => {
      assert.deepEqual((await createView('abc', '')).body.errorNum, 10);
    });
    it('testErrorHandlingBadTypeMissing: an unknown type is 400/10', async () => {
      const r = await createView('abc', 'bogus');
      assert.deepEqual(r, { status: 400, body: err(400, 10, 'invalid type provided to create view with definition: {"name":"abc","type":"bogus"}') });
      assert.deepEqual(await viewNames(), []);
    });
    it('testErrorHandlingBadNameDuplicate: a second view of the name is 409/1207', async () => {
      assert.equal((await createView('abc', 'arangosearch')).status, 201);
      assert.deepEqual(await createView('abc', 'arangosearch'), { status: 409, body: err(409, 1207, 'duplicate name') });
      assert.equal((await dropView('abc')).status, 200);
    });
    it('testErrorHandlingBadNameDuplicateOfCollection: a view named like a collection is 409/1207', async () => {
      assert.equal((await createCol('abc')).status, 200);
      assert.deepEqual((await createView('abc', 'arangosearch')).body.errorNum, 1207);
      assert.equal((await dropCol('abc')).status, 200);
    });
    it('testErrorHandlingGetMissing: an unknown view is 404/1203', async () => {
      assert.deepEqual(await req('GET', '/_api/view/abc'), { status: 404, body: err(404, 1203, 'collection or view not found') });
    });
    it('testErrorHandlingModifyUnacceptable: unknown properties are ignored', async () => {
      assert.equal((await createView('abc', 'arangosearch', { consolidationIntervalMsec: 17 })).body.consolidationIntervalMsec, 17);
      const r = await req('PATCH', '/_api/view/abc/properties', { bogus: 'junk', consolidationIntervalMsec: 7 });
      assert.equal(r.status, 200);
      assert.equal(r.body.bogus, undefined);
      assert.equal((await props('abc')).consolidationIntervalMsec, 7);
      await dropView('abc');
    });
    it('testAddDrop: two views keep their own properties; dropped ones are gone', async () => {
      await createView('abc', 'arangosearch', { consolidationIntervalMsec: 10 });
      await createView('def', 'arangosearch', { consolidationIntervalMsec: 3 });
      assert.equal((await props('abc')).consolidationIntervalMsec, 10);
      assert.equal((await props('def')).consolidationIntervalMsec, 3);
      assert.deepEqual(await dropView('def'), { status: 200, body: { error: false, code: 200, result: true } });
      assert.equal((await req('GET', '/_api/view/def')).status, 404);
      await dropView('abc');
      assert.equal((await req('GET', '/_api/view/abc')).status, 404);
    });
    it('testShortList: the list holds every view', async () => {
      await createView('abc', 'arangosearch');
      await createView('def', 'arangosearch');
      assert.deepEqual(await viewNames(), ['abc', 'def']);
      await dropView('abc');
      await dropView('def');
    });
    it('testModifyProperties: a change is seen by the next read', async () => {
      await createView('abc', 'arangosearch', { consolidationIntervalMsec: 10 });
      await req('PATCH', '/_api/view/abc/properties', { consolidationIntervalMsec: 7 });
      const p = await props('abc');
      assert.equal(p.name, 'abc');
      assert.equal(p.type, 'arangosearch');
      assert.equal(p.consolidationIntervalMsec, 7);
      await dropView('abc');
    });
  });

  // ---- ArangoDB tests/js/common/shell/multi/shell-view-arangosearch-link.js ----

  describe('shell-view-arangosearch-link.js IResearchLinkSuite', () => {
    before(async () => {
      await createCol('testCollection');
    });
    after(async () => {
      await dropCol('testCollection');
    });
    it('testHandlingCreateWithLinks: links given at creation are kept', async () => {
      await createView('someView', 'arangosearch', { links: { testCollection: { includeAllFields: true } } });
      assert.notEqual((await props('someView')).links.testCollection, undefined);
      await dropView('someView');
    });
    it('testHandlingCreateWithBadLinks: a link to a missing collection is 404/1203 and no view is made', async () => {
      const r = await createView('someView', 'arangosearch', { links: { nonExistentCollection: {}, testCollection: { includeAllFields: true } } });
      assert.deepEqual(r, { status: 404, body: err(404, 1203, "while validating arangosearch link definition, error: collection 'nonExistentCollection' not found") });
      assert.equal((await req('GET', '/_api/view/someView')).status, 404);
    });
    it('testAddDrop: a link added by an update, removed by null', async () => {
      await createView('testView', 'arangosearch');
      await req('PATCH', '/_api/view/testView/properties', { links: { testCollection: { includeAllFields: true } } });
      assert.equal((await props('testView')).links.testCollection.includeAllFields, true);
      await req('PATCH', '/_api/view/testView/properties', { links: { testCollection: null } });
      assert.deepEqual((await props('testView')).links, {});
      await dropView('testView');
      assert.equal((await req('GET', '/_api/view/testView')).status, 404);
    });
  });

  // ---- ArangoDB tests/js/common/shell/multi/shell-view-search-alias.js ----

  describe('shell-view-search-alias.js ViewSearchAliasSuite', () => {
    const patch = (name: string, indexes: unknown[]) => req('PATCH', `/_api/view/${name}/properties`, { indexes });
    const cleanup = async () => {
      for (const v of await viewNames()) await dropView(v);
      for (const c of ['c1', 'c2', 'v1']) await dropCol(c);
    };
    const sortIdx = (a: { collection: string; index: string }, b: { collection: string; index: string }) => (a.collection + a.index < b.collection + b.index ? -1 : 1);

    it('testErrorHandlingBadNameEmpty', async () => {
      assert.equal((await createView('', 'search-alias')).body.errorNum, 1208);
    });
    it('testErrorHandlingBadNameDuplicate', async () => {
      assert.equal((await createView('v1', 'search-alias')).status, 201);
      assert.equal((await createView('v1', 'search-alias')).body.errorNum, 1207);
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testErrorHandlingBadNameDuplicateOfCollection', async () => {
      await createCol('v1');
      assert.equal((await createView('v1', 'search-alias')).body.errorNum, 1207);
      await cleanup();
    });
    it('testAddNonExistentCollection: 400/10 Cannot find collection', async () => {
      await createView('v1', 'search-alias');
      assert.deepEqual(await patch('v1', [{ collection: 'c1', index: 'i1' }]), { status: 400, body: err(400, 10, 'Cannot find collection') });
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddNonExistentIndex: 400/10 Cannot find index', async () => {
      await createCol('c1');
      await createView('v1', 'search-alias');
      assert.deepEqual(await patch('v1', [{ collection: 'c1', index: 'i1' }]), { status: 400, body: err(400, 10, 'Cannot find index') });
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddValidIndex: added, then gone with its collection', async () => {
      await createCol('c1');
      assert.equal((await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: ['a'] })).status, 201);
      await createView('v1', 'search-alias');
      const idxs = [{ collection: 'c1', index: 'i1' }];
      assert.deepEqual((await patch('v1', idxs)).body.indexes, idxs);
      assert.deepEqual((await props('v1')).indexes, idxs);
      await dropCol('c1');
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddNonCompatibleIndexesSameCollection1: disjoint fields of one collection are fine', async () => {
      await createCol('c1');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: ['c', 'e'] });
      await ensureIndex('c1', { name: 'i2', type: 'inverted', fields: ['a', 'b'] });
      await createView('v1', 'search-alias');
      const idxs = [{ collection: 'c1', index: 'i1' }, { collection: 'c1', index: 'i2' }];
      assert.equal((await patch('v1', idxs)).status, 200);
      assert.deepEqual((await props('v1')).indexes.sort(sortIdx), idxs);
      await dropCol('c1');
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddCompatibleIndexesSameCollection1: a field indexed twice in one collection is 400/10', async () => {
      await createCol('c1');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: ['c', 'e', 'b'] });
      await ensureIndex('c1', { name: 'i2', type: 'inverted', fields: ['a', 'b'] });
      await createView('v1', 'search-alias');
      const r = await patch('v1', [{ collection: 'c1', index: 'i1' }, { collection: 'c1', index: 'i2' }]);
      assert.deepEqual(r, { status: 400, body: err(400, 10, "You cannot add to view indexes to the same collection, if them index the same fields. Error for: same field 'b', collection 'c1'") });
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddNonCompatibleIndexes1: a field under another with includeAllFields and another analyzer is 400/10', async () => {
      await createCol('c1');
      await createCol('c2');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c', analyzer: 'text_en' }] });
      await ensureIndex('c2', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b', includeAllFields: true }] });
      await createView('v1', 'search-alias');
      const r = await patch('v1', [{ collection: 'c1', index: 'i1' }, { collection: 'c2', index: 'i2' }]);
      assert.deepEqual(r.body, err(400, 10, "View field 'a.b.c' analyzer 'text_en' mismatches index field 'a.b' with includeAllFields analyzer 'identity'. Collection name 'c2', index name 'i2'."));
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddNonCompatibleIndexes2: one field with two analyzers is 400/10', async () => {
      await createCol('c1');
      await createCol('c2');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c', analyzer: 'text_en' }] });
      await ensureIndex('c2', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b.c', analyzer: 'text_ru' }] });
      await createView('v1', 'search-alias');
      const r = await patch('v1', [{ collection: 'c1', index: 'i1' }, { collection: 'c2', index: 'i2' }]);
      assert.deepEqual(r.body, err(400, 10, "Index field 'a.b.c' analyzer 'text_ru' mismatches view field analyzer 'text_en'. Collection name 'c2', index name 'i2'."));
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddNonCompatibleIndexes3: one field with two searchField settings is 400/10', async () => {
      await createCol('c1');
      await createCol('c2');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c', analyzer: 'text_en', searchField: true }] });
      await ensureIndex('c2', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b.c', analyzer: 'text_en' }] });
      await createView('v1', 'search-alias');
      const r = await patch('v1', [{ collection: 'c1', index: 'i1' }, { collection: 'c2', index: 'i2' }]);
      assert.equal(r.body.errorNum, 10);
      assert.match(r.body.errorMessage, /^Index field 'a\.b\.c' searchField 'false' mismatches view field searchField 'true'/);
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddCompatibleIndexes1: the same analyzer under includeAllFields is fine; drops take indexes out', async () => {
      await createCol('c1');
      await createCol('c2');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c' }] });
      await ensureIndex('c2', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b', includeAllFields: true }] });
      await createView('v1', 'search-alias');
      const idxs = [{ collection: 'c1', index: 'i1' }, { collection: 'c2', index: 'i2' }];
      assert.equal((await patch('v1', idxs)).status, 200);
      assert.deepEqual((await props('v1')).indexes.sort(sortIdx), idxs);
      await dropCol('c2');
      assert.deepEqual((await props('v1')).indexes, [{ collection: 'c1', index: 'i1' }]);
      await dropCol('c1');
      assert.deepEqual((await props('v1')).indexes, []);
      await cleanup();
    });
    it('testAddCompatibleIndexesExpansion: a.b.c and a.b.c[*] with one analyzer are fine', async () => {
      await createCol('c1');
      await createCol('c2');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c' }] });
      assert.equal((await ensureIndex('c2', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b.c[*]' }] })).status, 201);
      await createView('v1', 'search-alias');
      const idxs = [{ collection: 'c1', index: 'i1' }, { collection: 'c2', index: 'i2' }];
      assert.equal((await patch('v1', idxs)).status, 200);
      await dropCol('c2');
      assert.deepEqual((await props('v1')).indexes, [{ collection: 'c1', index: 'i1' }]);
      await cleanup();
    });
    it('testAddNonCompatibleIndexesSameCollection2: a field under includeAllFields of the same collection is 400/10', async () => {
      await createCol('c1');
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a.b.c' }] });
      await ensureIndex('c1', { name: 'i2', type: 'inverted', fields: [{ name: 'a.b', includeAllFields: true }] });
      await createView('v1', 'search-alias');
      const r = await patch('v1', [{ collection: 'c1', index: 'i1' }, { collection: 'c1', index: 'i2' }]);
      assert.deepEqual(r.body, err(400, 10, "You cannot add to view indexes to the same collection, if them index the same fields. Error for: field 'a.b.c' and field 'a.b' with includeAllFields, collection 'c1'"));
      await cleanup();
    });
    const searchRows = async (query: string) => {
      const r = await req('POST', '/_api/cursor', { query });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.result as { i: number }[];
    };
    it("testQuerySearchField: SEARCH d.a == 'aaa' matches through the index's text_en field, array elements included", async () => {
      await createCol('c1');
      await req('POST', '/_api/document/c1', [{ i: 1, a: 'aaa' }, { i: 2, a: ['aaa', 'bbb'] }, { i: 3, a: ['ccc', 'bbb'] }, { i: 4, a: 1 }]);
      await ensureIndex('c1', { name: 'i1', type: 'inverted', fields: [{ name: 'a', analyzer: 'text_en', searchField: true }] });
      await createView('v1', 'search-alias');
      await patch('v1', [{ collection: 'c1', index: 'i1' }]);
      const res = await searchRows("FOR d IN v1 SEARCH d.a == 'aaa' OPTIONS {waitForSync:true} SORT d.i ASC RETURN d");
      assert.equal(res.length, 2);
      assert.equal(res[0]!.i, 1);
      assert.equal(res[1]!.i, 2);
      await cleanup();
    });
    it("testQuerySearchFieldSubfield: SEARCH d.a.b == 'aaa' matches objects inside arrays", async () => {
      await createCol('c1');
      await req('POST', '/_api/document/c1', [{ i: 1, a: [{ b: 'aaa' }] }, { i: 2, a: [{ b: 'bbb' }, { b: 'aaa' }] }, { i: 3, a: [{ b: 'ccc' }, { b: 'bbb' }] }, { i: 4, a: 1 }]);
      await ensureIndex('c1', { name: 'i1', type: 'inverted', searchField: true, fields: [{ name: 'a.b', analyzer: 'text_en' }] });
      await createView('v1', 'search-alias');
      await patch('v1', [{ collection: 'c1', index: 'i1' }]);
      const res = await searchRows("FOR d IN v1 SEARCH d.a.b == 'aaa' OPTIONS {waitForSync:true} SORT d.i ASC RETURN d");
      assert.equal(res.length, 2);
      assert.equal(res[0]!.i, 1);
      assert.equal(res[1]!.i, 2);
      await cleanup();
    });
  });

  // ---- arangojs src/test/24-accessing-views.ts, 25-view-metadata.ts, 26-manipulating-views.ts ----

  describe('arangojs view tests', () => {
    const db = '/_db/viewsdb';
    before(async () => {
      assert.equal((await req('POST', '/_api/database', { name: 'viewsdb' })).status, 201);
    });
    after(async () => {
      await req('DELETE', '/_api/database/viewsdb');
    });

    it('24-accessing-views.ts database.listViews: fetches information about all views', async () => {
      const names = [0, 1, 2, 3].map((i) => `v_${i}`);
      for (const name of names) assert.equal((await req('POST', `${db}/_api/view`, { name, type: 'arangosearch' })).status, 201);
      const r = await req('GET', `${db}/_api/view`);
      assert.deepEqual(r.body.result.map((v: { name: string }) => v.name), names);
      for (const v of r.body.result) assert.deepEqual(Object.keys(v).sort(), ['globallyUniqueId', 'id', 'name', 'type']);
      for (const name of names) await req('DELETE', `${db}/_api/view/${name}`);
    });
    it('25-view-metadata.ts view.get: returns information about a view', async () => {
      const c = await req('POST', `${db}/_api/view`, { name: 'view-1', type: 'arangosearch' });
      const r = await req('GET', `${db}/_api/view/view-1`);
      assert.deepEqual(r, { status: 200, body: { error: false, code: 200, globallyUniqueId: c.body.globallyUniqueId, id: c.body.id, name: 'view-1', type: 'arangosearch' } });
      assert.match(r.body.id, /^\d+$/);
    });
    it('25-view-metadata.ts view.get: throws if the view does not exist (1203)', async () => {
      assert.equal((await req('GET', `${db}/_api/view/no`)).body.errorNum, 1203);
    });
    it('25-view-metadata.ts view.properties: returns the properties of a view (3.12 consolidation policy is tier)', async () => {
      const p = (await req('GET', `${db}/_api/view/view-1/properties`)).body;
      for (const k of ['name', 'id', 'type', 'links', 'cleanupIntervalStep', 'consolidationPolicy', 'consolidationIntervalMsec']) assert.ok(k in p, k);
      assert.equal(p.consolidationPolicy.type, 'tier');
    });
    it('26-manipulating-views.ts view.create: creates a new arangosearch view', async () => {
      await req('POST', `${db}/_api/view`, { name: 'asv-1', type: 'arangosearch' });
      const info = (await req('GET', `${db}/_api/view/asv-1`)).body;
      assert.equal(info.name, 'asv-1');
      assert.equal(info.type, 'arangosearch');
    });
    it('26-manipulating-views.ts view.updateProperties: should not overwrite properties', async () => {
      const initial = (await req('GET', `${db}/_api/view/asv-1/properties`)).body;
      assert.notEqual(initial.consolidationIntervalMsec, 45000);
      const old = (await req('PATCH', `${db}/_api/view/asv-1/properties`, { consolidationIntervalMsec: 45000, commitIntervalMsec: 45000 })).body;
      assert.equal(old.consolidationIntervalMsec, 45000);
      const p = (await req('PATCH', `${db}/_api/view/asv-1/properties`, { commitIntervalMsec: 30000 })).body;
      assert.equal(p.consolidationIntervalMsec, 45000);
      assert.equal(p.commitIntervalMsec, 30000);
    });
    it('26-manipulating-views.ts view.replaceProperties: should overwrite properties', async () => {
      await req('POST', `${db}/_api/view`, { name: 'asv-2', type: 'arangosearch' });
      const initial = (await req('GET', `${db}/_api/view/asv-2/properties`)).body;
      const old = (await req('PUT', `${db}/_api/view/asv-2/properties`, { consolidationIntervalMsec: 45000, commitIntervalMsec: 45000 })).body;
      assert.equal(old.consolidationIntervalMsec, 45000);
      const p = (await req('PUT', `${db}/_api/view/asv-2/properties`, { commitIntervalMsec: 30000 })).body;
      assert.equal(p.consolidationIntervalMsec, initial.consolidationIntervalMsec);
      assert.equal(p.commitIntervalMsec, 30000);
    });
    it('26-manipulating-views.ts view.rename: should rename a view (single server)', async () => {
      const r = await req('PUT', `${db}/_api/view/asv-2/rename`, { name: 'v2-renamed' });
      assert.equal(r.status, 200);
      assert.equal(r.body.name, 'v2-renamed');
      assert.equal((await req('GET', `${db}/_api/view/asv-2`)).status, 404);
    });
    it('26-manipulating-views.ts view.drop: should drop a view', async () => {
      assert.equal((await req('DELETE', `${db}/_api/view/v2-renamed`)).status, 200);
      assert.equal((await req('GET', `${db}/_api/view/v2-renamed`)).body.errorNum, 1203);
    });
  });

  // ---- python-arango tests/test_view.py ----

  describe('python-arango test_view.py', () => {
    const db = '/_db/pyviews';
    before(async () => {
      await req('POST', '/_api/database', { name: 'pyviews' });
    });
    after(async () => {
      await req('DELETE', '/_api/database/pyviews');
    });
    it('test_view_management: create, duplicate, list, get, update, replace, rename, delete', async () => {
      await req('POST', `${db}/_api/collection`, { name: 'col' });
      const c = await req('POST', `${db}/_api/view`, { name: 'view', type: 'arangosearch', consolidationIntervalMsec: 50000, links: { col: {} } });
      assert.equal(c.status, 201);
      assert.equal(c.body.consolidationIntervalMsec, 50000);
      assert.ok('col' in c.body.links);
      assert.equal((await req('POST', `${db}/_api/view`, { name: 'view', type: 'arangosearch', consolidationIntervalMsec: 50000 })).body.errorNum, 1207);
      const list = (await req('GET', `${db}/_api/view`)).body.result;
      assert.deepEqual(list.map((v: { id: string }) => v.id), [c.body.id]);
      assert.equal((await req('GET', `/_db/nosuchdb/_api/view`)).body.errorNum, 1228);
      assert.equal((await req('GET', `${db}/_api/view/view/properties`)).body.consolidationIntervalMsec, 50000);
      assert.equal((await req('GET', `${db}/_api/view/bad`)).body.errorNum, 1203);
      assert.equal((await req('PATCH', `${db}/_api/view/view/properties`, { consolidationIntervalMsec: 70000 })).body.consolidationIntervalMsec, 70000);
      assert.equal((await req('PATCH', `/_db/nosuchdb/_api/view/view/properties`, { consolidationIntervalMsec: 80000 })).body.errorNum, 1228);
      assert.equal((await req('PUT', `${db}/_api/view/view/properties`, { consolidationIntervalMsec: 40000 })).body.consolidationIntervalMsec, 40000);
      assert.equal((await req('PUT', `${db}/_api/view/view/rename`, { name: 'view2' })).status, 200);
      assert.deepEqual((await req('GET', `${db}/_api/view`)).body.result.map((v: { id: string; name: string }) => [v.id, v.name]), [[c.body.id, 'view2']]);
      assert.equal((await req('PUT', `${db}/_api/view/bad/rename`, { name: 'view' })).body.errorNum, 1203);
      assert.deepEqual((await req('DELETE', `${db}/_api/view/view2`)).body.result, true);
      assert.deepEqual((await req('GET', `${db}/_api/view`)).body.result, []);
      assert.equal((await req('DELETE', `${db}/_api/view/view2`)).body.errorNum, 1203);
    });
    it('test_arangosearch_view_management: create, update, replace and delete an arangosearch view', async () => {
      const c = await req('POST', `${db}/_api/view`, { name: 'asv', type: 'arangosearch', consolidationIntervalMsec: 50000 });
      assert.equal(c.body.consolidationIntervalMsec, 50000);
      assert.equal((await req('POST', `${db}/_api/view`, { name: 'asv', type: 'arangosearch' })).body.errorNum, 1207);
      assert.equal((await req('PATCH', `${db}/_api/view/asv/properties`, { consolidationIntervalMsec: 70000 })).body.id, c.body.id);
      assert.equal((await req('PUT', `${db}/_api/view/asv/properties`, { consolidationIntervalMsec: 40000 })).body.consolidationIntervalMsec, 40000);
      assert.equal((await req('DELETE', `${db}/_api/view/asv`)).status, 200);
    });
  });

  // ---- Cairn: ArangoDB 3.12's definitions, as its documentation and sources give them ----

  describe('arangosearch properties', () => {
    before(async () => {
      await createCol('docs');
    });
    after(async () => {
      for (const v of await viewNames()) await dropView(v);
      await dropCol('docs');
    });

    it('answers a creation 201 with every default, no error fields', async () => {
      const r = await createView('plain', 'arangosearch');
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, {
        cleanupIntervalStep: 2,
        commitIntervalMsec: 1000,
        consolidationIntervalMsec: 1000,
        consolidationPolicy: { type: 'tier', segmentsBytesFloor: 2097152, segmentsBytesMax: 5368709120, segmentsMax: 10, segmentsMin: 1, minScore: 0 },
        primarySort: [],
        primarySortCompression: 'lz4',
        storedValues: [],
        writebufferActive: 0,
        writebufferIdle: 64,
        writebufferSizeMax: 33554432,
        optimizeTopK: [],
        globallyUniqueId: r.body.globallyUniqueId,
        id: r.body.id,
        name: 'plain',
        type: 'arangosearch',
        links: {},
      });
      assert.match(r.body.globallyUniqueId, new RegExp(`/${r.body.id}$`));
      const got = await req('GET', '/_api/view/plain/properties');
      assert.deepEqual(got.body, { error: false, code: 200, ...r.body });
    });

    it('normalizes primarySort, storedValues and consolidation policies, and keeps them immutable', async () => {
      const r = await createView('sorted', 'arangosearch', {
        primarySort: [{ field: 'a', direction: 'desc' }, { field: 'b', asc: true }],
        primarySortCompression: 'none',
        storedValues: [['x', 'y'], 'z', { fields: ['w'], compression: 'none' }, []],
        consolidationPolicy: { type: 'bytes_accum' },
        writebufferIdle: 5,
      });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.primarySort, [{ field: 'a', asc: false }, { field: 'b', asc: true }]);
      assert.deepEqual(r.body.storedValues, [{ fields: ['x', 'y'], compression: 'lz4' }, { fields: ['z'], compression: 'lz4' }, { fields: ['w'], compression: 'none' }]);
      assert.deepEqual(r.body.consolidationPolicy, { type: 'bytes_accum', threshold: 0.1 });
      const u = await req('PUT', '/_api/view/sorted/properties', { primarySort: [], storedValues: [], writebufferIdle: 1, primarySortCompression: 'lz4' });
      assert.equal(u.status, 200);
      assert.deepEqual([u.body.primarySort, u.body.storedValues, u.body.writebufferIdle, u.body.primarySortCompression], [r.body.primarySort, r.body.storedValues, 5, 'none']);
      assert.deepEqual(u.body.consolidationPolicy.type, 'tier', 'PUT resets a mutable property to its default');
    });

    it('refuses bad properties with 400/10 naming the attribute', async () => {
      const body = { name: 'bad', type: 'arangosearch', commitIntervalMsec: -1 };
      assert.deepEqual((await req('POST', '/_api/view', body)).body, err(400, 10, `failed to initialize arangosearch View from definition, error in attribute 'commitIntervalMsec': ${JSON.stringify(body)}`));
      assert.equal((await createView('bad', 'arangosearch', { consolidationPolicy: { type: 'nope' } })).body.errorMessage.includes("'consolidationPolicy.type'"), true);
      const u = await req('PATCH', '/_api/view/plain/properties', { cleanupIntervalStep: 'x' });
      assert.deepEqual(u.body, err(400, 10, `failed to update arangosearch view 'plain' from definition, error in attribute 'cleanupIntervalStep': {"cleanupIntervalStep":"x"}`));
      assert.deepEqual(await viewNames(), ['plain', 'sorted']);
    });

    it('replaces links with PUT and merges them with PATCH; null removes one', async () => {
      await createCol('other');
      await createView('linked', 'arangosearch', { links: { docs: { fields: { title: { analyzers: ['text_en'] } } } } });
      let p = await props('linked');
      assert.deepEqual(p.links, { docs: { analyzers: ['identity'], fields: { title: { analyzers: ['text_en'] } }, includeAllFields: false, storeValues: 'none', trackListPositions: false } });
      p = (await req('PATCH', '/_api/view/linked/properties', { links: { other: { includeAllFields: true, storeValues: 'id' } } })).body;
      assert.deepEqual(Object.keys(p.links).sort(), ['docs', 'other']);
      assert.deepEqual(p.links.other, { analyzers: ['identity'], fields: {}, includeAllFields: true, storeValues: 'id', trackListPositions: false });
      p = (await req('PUT', '/_api/view/linked/properties', { links: { other: {} } })).body;
      assert.deepEqual(Object.keys(p.links), ['other']);
      assert.equal(p.links.other.includeAllFields, false, 'PUT replaces the link too');
      p = (await req('PATCH', '/_api/view/linked/properties', { links: { other: null } })).body;
      assert.deepEqual(p.links, {});
      await dropCol('other');
    });

    it('checks analyzers and refuses nested (Enterprise Edition only)', async () => {
      const r = await createView('an', 'arangosearch', { links: { docs: { analyzers: ['nope'] } } });
      assert.deepEqual(r.body, err(400, 10, "while validating arangosearch link definition, error: invalid link definition for collection 'docs' error in attribute: analyzers.nope"));
      const n = await createView('an', 'arangosearch', { links: { docs: { fields: { a: { nested: { b: {} } } } } } });
      assert.deepEqual(n.body, err(400, 10, "while validating arangosearch link definition, error: invalid link definition for collection 'docs' error in attribute: fields.a.nested"));
      // a custom analyzer is a document of _analyzers (until Cairn has an analyzer module)
      await req('POST', '/_api/document/_analyzers', { _key: 'delim', name: 'delim', type: 'delimiter', properties: { delimiter: ',' }, features: ['frequency'] });
      const ok = await createView('an', 'arangosearch', { links: { docs: { analyzers: ['delim', '_system::delim', 'identity'] } } });
      assert.equal(ok.status, 201);
      assert.deepEqual(ok.body.links.docs.analyzers, ['delim', 'identity'], 'its own analyzers by short name');
    });

    it('keeps links working when the collection is renamed, drops them with it', async () => {
      await createCol('moving');
      await createView('follow', 'arangosearch', { links: { moving: { includeAllFields: true } } });
      assert.equal((await req('PUT', '/_api/collection/moving/rename', { name: 'moved' })).status, 200);
      assert.deepEqual(Object.keys((await props('follow')).links), ['moved']);
      await dropCol('moved');
      assert.deepEqual((await props('follow')).links, {});
    });

    it('shares one namespace with collections: a collection named like a view is 409/1207, so is a rename onto one', async () => {
      assert.deepEqual((await createCol('plain')).body.errorNum, 1207);
      assert.equal((await req('PUT', '/_api/view/plain/rename', { name: 'docs' })).body.errorNum, 1207);
      assert.equal((await req('PUT', '/_api/collection/docs/rename', { name: 'plain' })).body.errorNum, 1207);
      assert.equal((await req('PUT', '/_api/view/plain/rename', { name: '_bad' })).body.errorNum, 1208);
    });

    it('answers bad suffixes and methods as RestViewHandler does', async () => {
      assert.deepEqual((await req('GET', '/_api/view/plain/nope')).body, err(400, 10, 'expecting GET /_api/view[/<view-name>[/properties]]'));
      assert.deepEqual((await req('POST', '/_api/view/plain', {})).body, err(400, 10, 'expecting POST /_api/view'));
      assert.deepEqual((await req('PUT', '/_api/view/plain', {})).body, err(400, 10, 'expecting [PUT, PATCH] /_api/view/<view-name>/properties or PUT /_api/view/<view-name>/rename'));
      assert.deepEqual((await req('DELETE', '/_api/view/plain/properties')).body, err(400, 10, 'expecting DELETE /_api/view/<view-name>'));
      assert.deepEqual((await req('POST', '/_api/view', [])).body, err(400, 10, 'request body is not an object'));
      assert.equal((await req('POST', '/_api/view', {})).body.errorNum, 600);
      assert.deepEqual((await req('PUT', '/_api/view/plain/rename', {})).body, err(400, 10, 'expecting "name" parameter to be a string'));
      assert.equal((await s.request({ method: 'HEAD', url: '/_api/view' })).statusCode, 405);
    });

    it('finds a view by its id too', async () => {
      const id = (await req('GET', '/_api/view/plain')).body.id;
      assert.equal((await req('GET', `/_api/view/${id}`)).body.name, 'plain');
    });
  });

  describe('search-alias operations', () => {
    after(async () => {
      for (const v of await viewNames()) await dropView(v);
      await dropCol('sa');
    });
    it('adds with PATCH, deletes with operation "del", replaces with PUT', async () => {
      await createCol('sa');
      await ensureIndex('sa', { name: 'x', type: 'inverted', fields: ['x'] });
      await ensureIndex('sa', { name: 'y', type: 'inverted', fields: ['y'] });
      await ensureIndex('sa', { name: 'p', type: 'persistent', fields: ['p'] });
      const c = await createView('alias', 'search-alias', { indexes: [{ collection: 'sa', index: 'x' }] });
      assert.deepEqual(c, { status: 201, body: { globallyUniqueId: c.body.globallyUniqueId, id: c.body.id, name: 'alias', type: 'search-alias', indexes: [{ collection: 'sa', index: 'x' }] } });
      let r = await req('PATCH', '/_api/view/alias/properties', { indexes: [{ collection: 'sa', index: 'y', operation: 'add' }] });
      assert.deepEqual(r.body.indexes, [{ collection: 'sa', index: 'x' }, { collection: 'sa', index: 'y' }]);
      r = await req('PATCH', '/_api/view/alias/properties', { indexes: [{ collection: 'sa', index: 'x', operation: 'del' }] });
      assert.deepEqual(r.body.indexes, [{ collection: 'sa', index: 'y' }]);
      assert.equal((await req('PATCH', '/_api/view/alias/properties', { indexes: [{ collection: 'sa', index: 'p' }] })).body.errorMessage, 'Cannot find index');
      assert.equal((await req('PATCH', '/_api/view/alias/properties', { indexes: [{ collection: 'sa', index: 'y', operation: 'move' }] })).body.errorMessage, 'Invalid type of operation');
      r = await req('PUT', '/_api/view/alias/properties', {});
      assert.deepEqual(r.body.indexes, []);
      // dropping an index takes it out of the view
      await req('PATCH', '/_api/view/alias/properties', { indexes: [{ collection: 'sa', index: 'x' }] });
      const ix = (await req('GET', '/_api/index/sa/x')).body.id;
      assert.equal((await req('DELETE', `/_api/index/${ix}`)).status, 200);
      assert.deepEqual((await props('alias')).indexes, []);
    });
  });

  describe('inverted indexes', () => {
    before(async () => {
      await createCol('inv');
    });
    after(async () => {
      await dropCol('inv');
    });
    it('creates one with ArangoDB defaults, returns it again for an equal definition, lists and drops it', async () => {
      const r = await ensureIndex('inv', { type: 'inverted', name: 'ii', fields: ['a', { name: 'b', analyzer: 'text_en' }] });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, {
        analyzer: 'identity',
        cleanupIntervalStep: 2,
        commitIntervalMsec: 1000,
        consolidationIntervalMsec: 1000,
        consolidationPolicy: { type: 'tier', segmentsBytesFloor: 2097152, segmentsBytesMax: 5368709120, segmentsMax: 10, segmentsMin: 1, minScore: 0 },
        features: ['frequency', 'norm'],
        fields: [{ name: 'a' }, { name: 'b', analyzer: 'text_en' }],
        id: r.body.id,
        includeAllFields: false,
        name: 'ii',
        optimizeTopK: [],
        parallelism: 2,
        primarySort: { fields: [], compression: 'lz4' },
        searchField: false,
        sparse: true,
        storedValues: [],
        trackListPositions: false,
        type: 'inverted',
        unique: false,
        version: 1,
        writebufferActive: 0,
        writebufferIdle: 64,
        writebufferSizeMax: 33554432,
        isNewlyCreated: true,
        error: false,
        code: 201,
      });
      const again = await ensureIndex('inv', { type: 'inverted', fields: ['a', { name: 'b', analyzer: 'text_en' }] });
      assert.deepEqual([again.status, again.body.id, again.body.isNewlyCreated], [200, r.body.id, false]);
      const list = (await req('GET', '/_api/index?collection=inv')).body.indexes;
      assert.deepEqual(list.map((i: { type: string }) => i.type), ['primary', 'inverted']);
      assert.equal((await req('DELETE', `/_api/index/${r.body.id}`)).status, 200);
    });
    it('refuses bad definitions with 400/10 naming the attribute', async () => {
      for (const [def, field] of [
        [{}, 'fields'],
        [{ fields: [] }, 'fields'],
        [{ fields: [1] }, 'fields[0]'],
        [{ fields: ['a[*].b[*]'] }, 'fields[0]'],
        [{ fields: [{ name: 'a', analyzer: 'nope' }] }, 'fields[0].analyzer'],
        [{ fields: ['a'], analyzer: 'nope' }, 'analyzer'],
        [{ fields: ['a'], features: ['position'] }, 'features'],
        [{ fields: [{ name: 'a', nested: [] }] }, 'fields[0].nested'],
        [{ fields: ['a'], primarySort: { fields: [{ field: 'a', direction: 'up' }] } }, 'primarySort.fields[0].direction'],
      ] as [Record<string, unknown>, string][]) {
        const body = { type: 'inverted', ...def };
        const r = await ensureIndex('inv', body);
        assert.deepEqual(r.body, err(400, 10, `failed to normalize index fields from definition, error in attribute '${field}': ${JSON.stringify(body)}`), JSON.stringify(def));
      }
      assert.equal((await ensureIndex('inv', { type: 'inverted', includeAllFields: true })).status, 201, 'includeAllFields needs no fields');
    });
  });

  describe('permissions', () => {
    before(async () => {
      await req('POST', '/_api/database', { name: 'permdb' });
      await req('POST', '/_db/permdb/_api/collection', { name: 'secret' });
      await req('POST', '/_db/permdb/_api/collection', { name: 'open' });
      await req('POST', '/_db/permdb/_api/view', { name: 'sv', type: 'arangosearch', links: { secret: {} } });
      await req('POST', '/_db/permdb/_api/view', { name: 'ov', type: 'arangosearch', links: { open: {} } });
      for (const u of ['ro', 'rw']) await req('POST', '/_api/user', { user: u, passwd: 'pw' });
      await req('PUT', '/_api/user/ro/database/permdb', { grant: 'ro' });
      await req('PUT', '/_api/user/rw/database/permdb', { grant: 'rw' });
      await req('PUT', '/_api/user/rw/database/permdb/secret', { grant: 'none' });
    });
    after(async () => {
      for (const u of ['ro', 'rw']) await req('DELETE', `/_api/user/${u}`);
      await req('DELETE', '/_api/database/permdb');
    });
    it('lets database ro read views but not create, change or drop them (403/11)', async () => {
      const ro = basic('ro');
      assert.equal((await req('GET', '/_db/permdb/_api/view', undefined, ro)).status, 200);
      assert.deepEqual((await req('POST', '/_db/permdb/_api/view', { name: 'x', type: 'arangosearch' }, ro)).body, err(403, 11, 'insufficient rights to create view'));
      assert.deepEqual((await req('PATCH', '/_db/permdb/_api/view/ov/properties', {}, ro)).body, err(403, 11, 'insufficient rights to modify view'));
      assert.deepEqual((await req('PUT', '/_db/permdb/_api/view/ov/rename', { name: 'y' }, ro)).body, err(403, 11, 'insufficient rights to rename view'));
      assert.deepEqual((await req('DELETE', '/_db/permdb/_api/view/ov', undefined, ro)).body, err(403, 11, 'insufficient rights to drop view'));
    });
    it('hides views over collections the user cannot read and refuses links to them', async () => {
      const rw = basic('rw');
      assert.deepEqual((await req('GET', '/_db/permdb/_api/view', undefined, rw)).body.result.map((v: { name: string }) => v.name), ['ov']);
      assert.equal((await req('GET', '/_db/permdb/_api/view/sv/properties', undefined, rw)).status, 403);
      const r = await req('POST', '/_db/permdb/_api/view', { name: 'mine', type: 'arangosearch', links: { secret: {} } }, rw);
      assert.deepEqual(r.body, err(403, 11, "while validating arangosearch link definition, error: collection 'secret' not authorized for read access"));
      assert.equal((await req('POST', '/_db/permdb/_api/view', { name: 'mine', type: 'arangosearch', links: { open: {} } }, rw)).status, 201);
    });
  });
});
