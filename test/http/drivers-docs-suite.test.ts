// What the official Java driver's and Go driver's own test suites send and expect for
// databases, collections, documents, indexes and imports, replayed against Cairn
// (in-process, no auth). Each case names the upstream test it comes from:
// arangodb/arangodb-java-driver test-functional/.../ArangoCollectionTest.java,
// ArangoDatabaseTest.java, ArangoEdgeCollectionTest.java; arangodb/go-driver test/*.go (v1)
// and v2/tests/*.go. The facts are theirs; the code is ours. Cases marked "differed" found
// a difference from ArangoDB 3.12 that was then fixed; the others pin what already agreed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { bodyOf, send, startServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let seq = 0;

before(async () => {
  t = await startServer(['--auth', 'false']);
});
after(async () => {
  await t.close();
});

const req = (method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> => send(t, method, url, body, headers);

async function call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await req(method, url, body, headers);
  return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res), headers: res.headers };
}

/** A fresh collection through the HTTP API; returns its name. */
async function collection(props: Record<string, unknown> = {}): Promise<string> {
  const name = `DriverTests${++seq}`;
  const r = await call('POST', '/_api/collection', { name, ...props });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return name;
}

function err(code: number, errorNum: number, errorMessage: string) {
  return { error: true, code, errorNum, errorMessage };
}

const NFD = 'n\u0303\u00f1'; // "ñ" written as n + combining tilde: not NFC-normalized

describe('Java driver ArangoDatabaseTest and Go driver database tests', () => {
  it('a collection name that is not NFC-normalized is 400/1208 with ArangoDB\'s own message (createCollectionWithNotNormalizedName, differed)', async () => {
    const r = await call('POST', '/_api/collection', { name: `testCol-${NFD}` });
    assert.deepEqual(r, { status: 400, body: err(400, 1208, 'collection name is not properly UTF-8 NFC-normalized'), headers: r.headers });
    // the normalized name is fine, and a plainly illegal one keeps the seed's message
    assert.equal((await call('POST', '/_api/collection', { name: `testCol-${NFD}`.normalize('NFC') })).status, 200);
    assert.deepEqual((await call('POST', '/_api/collection', { name: '1testCol' })).body, err(400, 1208, 'cannot create collection: illegal name'));
  });

  it('a database name that is not NFC-normalized is refused, the normalized one works (go-driver TestDatabaseNameUnicode)', async () => {
    const name = `${NFD}-go`;
    assert.deepEqual((await call('POST', '/_api/database', { name })).body, err(400, 1208, 'database name is not properly UTF-8 NFC-normalized'));
    assert.equal((await call('POST', '/_api/database', { name: name.normalize('NFC') })).status, 201);
    const list = await call('GET', '/_api/database');
    assert.ok(list.body.result.includes(name.normalize('NFC')));
    assert.equal((await call('DELETE', `/_api/database/${encodeURIComponent(name.normalize('NFC'))}`)).status, 200);
  });

  it('key generators are created as asked, with allowUserKeys false (createCollectionWithKeyType*)', async () => {
    for (const type of ['autoincrement', 'padded', 'traditional', 'uuid']) {
      const name = await collection({ keyOptions: { allowUserKeys: false, type } });
      const p = await call('GET', `/_api/collection/${name}/properties`);
      assert.equal(p.body.keyOptions.type, type);
      assert.equal(p.body.keyOptions.allowUserKeys, false);
      assert.deepEqual((await call('POST', `/_api/document/${name}`, { _key: 'mine' })).body, err(400, 1222, 'unexpected document key'));
    }
  });

  it('a system collection is dropped only with isSystem=true (deleteSystemCollectionFail)', async () => {
    assert.equal((await call('POST', '/_api/collection', { name: '_system_test', isSystem: true })).body.isSystem, true);
    assert.deepEqual((await call('DELETE', '/_api/collection/_system_test')).body, err(403, 11, 'forbidden'));
    assert.equal((await call('DELETE', '/_api/collection/_system_test?isSystem=true')).status, 200);
    assert.equal((await call('GET', '/_api/collection/_system_test')).status, 404);
  });

  it('a schema is shown on create and properties and refuses a document with its message (createCollectionWithJsonSchema)', async () => {
    const schema = { rule: { properties: { number: { type: 'number' } } }, level: 'new', message: 'The document has problems!' };
    const c = await call('POST', '/_api/collection', { name: 'DriverSchema', schema });
    assert.deepEqual(c.body.schema, { ...schema, type: 'json' });
    assert.deepEqual((await call('GET', '/_api/collection/DriverSchema/properties')).body.schema, { ...schema, type: 'json' });
    assert.equal((await call('POST', '/_api/document/DriverSchema', { number: 33 })).status, 202);
    assert.deepEqual((await call('POST', '/_api/document/DriverSchema', { number: 'notANumber' })).body, err(400, 1620, 'The document has problems!'));
  });

  it('a schema rule comes back as sent, and a rule that is not a valid JSON Schema is 400 (go-driver TestCollectionSchema)', async () => {
    const rule = { type: 'object', properties: { name: { type: 'string' }, age: { description: 'Age in years', type: 'integer', minimum: 0 } }, required: ['firstName', 'lastName'] };
    const name = await collection({ schema: { rule, level: 'strict', message: 'Validation Err' } });
    const p = (await call('GET', `/_api/collection/${name}/properties`)).body;
    assert.equal(JSON.stringify(p.schema.rule), JSON.stringify(rule));
    const bad = await call('PUT', `/_api/collection/${name}/properties`, { schema: { rule: { type: 4, properties: [], required: {} }, level: 'strict', message: 'Validation Err' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorNum, 1621);
  });

  it('computed values: shown as given, computeOn defaults to all three, [] removes them, other changes keep them (createCollectionWithComputedFields, go-driver Test_CollectionComputedValues)', async () => {
    const cv = { name: 'foo', expression: 'RETURN 11', overwrite: false, computeOn: ['insert'], keepNull: false, failOnWarning: true };
    const name = await collection({ computedValues: [cv] });
    assert.deepEqual((await call('GET', `/_api/collection/${name}/properties`)).body.computedValues, [cv]);
    const cv2 = { name: 'bar', expression: 'RETURN 22', overwrite: true };
    const changed = await call('PUT', `/_api/collection/${name}/properties`, { computedValues: [cv2] });
    assert.deepEqual(changed.body.computedValues, [{ ...cv2, computeOn: ['insert', 'update', 'replace'], failOnWarning: false, keepNull: true }]);
    await call('PUT', `/_api/collection/${name}/properties`, { waitForSync: true });
    assert.equal((await call('GET', `/_api/collection/${name}/properties`)).body.computedValues.length, 1);
    await call('PUT', `/_api/collection/${name}/properties`, { computedValues: [] });
    assert.equal((await call('GET', `/_api/collection/${name}/properties`)).body.computedValues, null);
  });

  it('a database created with users gives them rw on it; their extra is kept (ArangoDBTest.createDatabaseWithUsers)', async () => {
    const a = await startServer();
    try {
      const created = await a.request({ method: 'POST', url: '/_api/database', body: { name: 'withUsers', users: [{ active: true, username: 'testUser', passwd: 'testPasswd', extra: { key: 'value' } }] } });
      assert.equal(created.statusCode, 201);
      const users = bodyOf(await a.request({ method: 'GET', url: '/_api/user' })).result as { user: string; active: boolean; extra: unknown }[];
      const u = users.find((x) => x.user === 'testUser');
      assert.deepEqual([u?.active, u?.extra], [true, { key: 'value' }]);
      const asUser = 'Basic ' + Buffer.from('testUser:testPasswd').toString('base64');
      const col = await a.request({ method: 'POST', url: '/_db/withUsers/_api/collection', body: { name: 'col-1' }, auth: asUser });
      assert.equal(col.statusCode, 200);
    } finally {
      await a.close();
    }
  });

  it('the current database has an id, its name, a path and isSystem (getInfo)', async () => {
    await call('POST', '/_api/database', { name: 'DriverInfoDb' });
    const r = await call('GET', '/_db/DriverInfoDb/_api/database/current');
    assert.equal(r.body.result.name, 'DriverInfoDb');
    assert.equal(r.body.result.isSystem, false);
    assert.equal(typeof r.body.result.id, 'string');
    assert.equal(typeof r.body.result.path, 'string');
  });
});

describe('Java driver ArangoCollectionTest: documents', () => {
  let c: string;
  before(async () => {
    c = await collection();
  });

  it('overwriteMode conflict is 409/1210, ignore answers the stored revision (insertDocumentOverwriteModeConflict/Ignore)', async () => {
    const first = await call('POST', `/_api/document/${c}`, { _key: 'ow', foo: 'a' });
    const conflict = await call('POST', `/_api/document/${c}?overwriteMode=conflict`, { _key: 'ow' });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.errorNum, 1210);
    const ignored = await call('POST', `/_api/document/${c}?overwriteMode=ignore`, { _key: 'ow', bar: 'b' });
    assert.deepEqual(ignored.body, { _id: `${c}/ow`, _key: 'ow', _rev: first.body._rev });
  });

  it('external versioning with a _version attribute: a lower version is skipped and returnNew shows the stored one (insertDocument*/update*/replace*WithExternalVersioning[Fail])', async () => {
    await call('POST', `/_api/document/${c}`, [{ _key: 'ev1', _version: 1 }, { _key: 'ev2', _version: 1 }]);
    const cases: [string, string, unknown, number][] = [
      ['POST', `/_api/document/${c}?overwriteMode=update&versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 0 }, 1],
      ['POST', `/_api/document/${c}?overwriteMode=replace&versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 0 }, 1],
      ['PATCH', `/_api/document/${c}/ev1?versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 0 }, 1],
      ['PUT', `/_api/document/${c}/ev1?versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 0 }, 1],
      ['PATCH', `/_api/document/${c}/ev1?versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 2 }, 2],
      ['PUT', `/_api/document/${c}/ev1?versionAttribute=_version&returnNew=true`, { _key: 'ev1', _version: 3 }, 3],
    ];
    for (const [method, url, body, version] of cases) {
      const r = await call(method, url, body);
      assert.equal(r.status, 202, `${method} ${url}`);
      assert.equal(r.body.new._version, version, `${method} ${url}`);
    }
    for (const [method, url] of [['POST', `/_api/document/${c}?overwriteMode=update&versionAttribute=_version&returnNew=true`], ['PUT', `/_api/document/${c}?versionAttribute=_version&returnNew=true`], ['PATCH', `/_api/document/${c}?versionAttribute=_version&returnNew=true`]] as const) {
      const r = await call(method, url, [{ _key: 'ev2', _version: 0 }]);
      assert.equal(r.body[0].new._version, 1, `${method} ${url}`);
    }
  });

  it('a skipped versioned overwrite answers old and new with the same revision (go-driver Test_DatabaseCollectionDocCreateReplaceWithVersionAttribute)', async () => {
    await call('POST', `/_api/document/${c}`, { _key: 'age', age: 23 });
    let r = await call('POST', `/_api/document/${c}?overwrite=true&versionAttribute=age&returnOld=true&returnNew=true`, { _key: 'age', age: 19 });
    assert.equal(r.body.new._rev, r.body.old._rev);
    assert.equal(r.body.new.age, 23);
    r = await call('POST', `/_api/document/${c}?overwrite=true&versionAttribute=age&returnOld=true&returnNew=true`, { _key: 'age', age: 99 });
    assert.notEqual(r.body.new._rev, r.body.old._rev);
    assert.equal(r.body.new.age, 99);
  });

  it('silent writes answer {} for one document and for many (insertDocumentSilent, insertDocumentsSilent, updateDocumentsSilent, deleteDocumentsSilent)', async () => {
    assert.deepEqual(await call('POST', `/_api/document/${c}?silent=true`, {}).then((r) => r.body), {});
    assert.deepEqual(await call('POST', `/_api/document/${c}?silent=true`, [{ _key: 's1' }, { _key: 's2' }]).then((r) => r.body), {});
    assert.deepEqual(await call('PATCH', `/_api/document/${c}?silent=true`, [{ _key: 's1', a: 1 }]).then((r) => r.body), {});
    assert.deepEqual(await call('PUT', `/_api/document/${c}/s1?silent=true`, {}).then((r) => r.body), {});
    assert.deepEqual(await call('DELETE', `/_api/document/${c}?silent=true`, ['s1']).then((r) => r.body), {});
    // with an error, the errors only
    const r = await call('DELETE', `/_api/document/${c}?silent=true`, ['s1']);
    assert.deepEqual(r.body, [{ error: true, errorNum: 1202, errorMessage: 'document not found' }]);
  });

  it('a batch insert answers an error in place of an illegal key and counts it in x-arango-error-codes (insertDocumentsWithErrors, insertDocumentsFail)', async () => {
    const r = await call('POST', `/_api/document/${c}`, [{}, { _key: '<<illegalId>>' }, {}, { _key: 'dup' }, { _key: 'dup' }]);
    assert.equal(r.status, 202);
    assert.equal(r.body.length, 5);
    assert.deepEqual(r.body[1], { error: true, errorNum: 1221, errorMessage: 'illegal document key' });
    assert.equal(r.body[4].errorNum, 1210);
    assert.ok(r.body[0]._key && r.body[2]._key && r.body[3]._key === 'dup');
    assert.deepEqual(JSON.parse(String(r.headers['x-arango-error-codes'])), { 1221: 1, 1210: 1 });
  });

  it('reads: If-Match mismatch is 412, If-None-Match on the revision 304, also for HEAD (getDocumentIfMatchFail, getDocumentIfNoneMatchFail, documentExistsIfMatchFail)', async () => {
    const rev = (await call('POST', `/_api/document/${c}`, { _key: 'rd' })).body._rev;
    assert.equal((await call('GET', `/_api/document/${c}/rd`, undefined, { 'if-match': '"no"' })).status, 412);
    assert.equal((await call('GET', `/_api/document/${c}/rd`, undefined, { 'if-match': `"${rev}"` })).status, 200);
    assert.equal((await call('GET', `/_api/document/${c}/rd`, undefined, { 'if-none-match': '"no"' })).status, 200);
    assert.equal((await call('GET', `/_api/document/${c}/rd`, undefined, { 'if-none-match': `"${rev}"` })).status, 304);
    assert.equal((await call('HEAD', `/_api/document/${c}/rd`, undefined, { 'if-match': '"no"' })).status, 412);
    assert.equal((await call('HEAD', `/_api/document/${c}/rd`, undefined, { 'if-none-match': `"${rev}"` })).status, 304);
    assert.equal((await call('HEAD', `/_api/document/${c}/missing`)).status, 404);
  });

  it('a batch read answers an error in place of a missing key and of a wrong revision with ignoreRevs=false (getDocumentsNotFound, getDocumentsWrongKey, go-driver Test_DatabaseCollectionDocReadIgnoreRevs)', async () => {
    const rev = (await call('POST', `/_api/document/${c}`, { _key: 'mr' })).body._rev;
    const r = await call('PUT', `/_api/document/${c}?onlyget=true&ignoreRevs=false`, ['no', 'no/no', { _key: 'mr', _rev: 'wrong-rev' }, { _key: 'mr', _rev: rev }, { _key: 'mr' }]);
    assert.equal(r.status, 200);
    assert.equal(r.body[0].errorNum, 1202);
    assert.equal(r.body[1].error, true);
    assert.equal(r.body[2].errorNum, 1200);
    assert.equal(r.body[3]._rev, rev);
    assert.equal(r.body[4]._rev, rev);
  });

  it('a wrong _rev with ignoreRevs=false, or an old If-Match, is 412/1200 and writes nothing (updateDocumentIgnoreRevsFalse, updateDocumentPreconditionFailed)', async () => {
    const rev = (await call('POST', `/_api/document/${c}`, { _key: 'pf', foo: 'a' })).body._rev;
    await call('PATCH', `/_api/document/${c}/pf`, { foo: 'b' });
    let r = await call('PATCH', `/_api/document/${c}/pf?ignoreRevs=false`, { _rev: 'no', foo: 'x' });
    assert.equal(r.status, 412);
    assert.equal(r.body.errorNum, 1200);
    r = await call('PATCH', `/_api/document/${c}/pf`, { foo: 'c' }, { 'if-match': `"${rev}"` });
    assert.equal(r.status, 412);
    assert.equal(r.body.errorNum, 1200);
    r = await call('PUT', `/_api/document/${c}/pf?ignoreRevs=false`, { _rev: 'no', foo: 'x' });
    assert.equal(r.status, 412);
    assert.equal((await call('GET', `/_api/document/${c}/pf`)).body.foo, 'b');
  });

  it('a batch update or replace without _key fails that element only (updateDocumentsWithoutKey, replaceDocumentsWithoutKey)', async () => {
    await call('POST', `/_api/document/${c}`, { _key: 'wk' });
    for (const method of ['PATCH', 'PUT']) {
      const r = await call(method, `/_api/document/${c}`, [{ _key: 'wk', a: 'test' }, { a: 'test' }]);
      assert.equal(r.body[0]._key, 'wk');
      assert.equal(r.body[1].error, true);
      assert.equal(r.body[1].errorNum, 1205);
    }
  });

  it('a batch remove with ignoreRevs=false removes the matching revision and refuses the wrong one (deleteDocumentsWithRevs, go-driver Test_DatabaseCollectionDocDeleteIgnoreRevs)', async () => {
    const a = (await call('POST', `/_api/document/${c}`, {})).body;
    const b = (await call('POST', `/_api/document/${c}`, {})).body;
    const r = await call('DELETE', `/_api/document/${c}?ignoreRevs=false`, [{ _key: a._key, _rev: a._rev }, { _key: b._key, _rev: 'wrong' }]);
    assert.deepEqual(r.body[0], { _id: a._id, _key: a._key, _rev: a._rev });
    // go-driver v2 Test_DatabaseCollectionDocDeleteIgnoreRevs compares the message word for word
    assert.deepEqual(r.body[1], { error: true, errorNum: 1200, errorMessage: 'conflict, _rev values do not match' });
    assert.equal((await call('GET', `/_api/document/${c}/${b._key}`)).status, 200);
  });

  it('keys with special characters, and keys that look URL-encoded, round-trip through the URL (keyWithSpecialCharacter, alreadyUrlEncodedkey)', async () => {
    for (const key of ["myKey_-:.@()+,=;$!*'%-1", 'http%3A%2F%2Fexample.com%2F-1']) {
      assert.equal((await call('POST', `/_api/document/${c}`, { _key: key })).status, 202);
      const r = await call('GET', `/_api/document/${c}/${encodeURIComponent(key)}`);
      assert.equal(r.status, 200, key);
      assert.equal(r.body._key, key);
    }
  });

  it('empty batches answer empty arrays (insertDocumentsEmpty, deleteDocumentsEmpty, updateDocumentsEmpty)', async () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) assert.deepEqual((await call(method, `/_api/document/${c}`, [])).body, []);
  });

  it('properties carry no count; count, truncate and revision answer what the driver reads (getPropeties, getCount, truncate, getRevision)', async () => {
    const name = await collection();
    assert.equal('count' in (await call('GET', `/_api/collection/${name}/properties`)).body, false);
    await call('POST', `/_api/document/${name}`, {});
    assert.equal((await call('GET', `/_api/collection/${name}/count`)).body.count, 1);
    const rev1 = (await call('GET', `/_api/collection/${name}/revision`)).body.revision;
    assert.equal(typeof rev1, 'string');
    const tr = await call('PUT', `/_api/collection/${name}/truncate`);
    assert.equal(tr.body.name, name);
    assert.equal(typeof tr.body.id, 'string');
    assert.equal((await call('GET', `/_api/collection/${name}/count`)).body.count, 0);
    assert.notEqual((await call('GET', `/_api/collection/${name}/revision`)).body.revision, rev1);
  });
});

describe('Java driver ArangoCollectionTest and Go driver index tests: indexes', () => {
  let c: string;
  before(async () => {
    c = await collection();
  });

  it('an index is read and dropped by its id or by the number after the slash (getIndex, getIndexByKey, deleteIndexByKey)', async () => {
    const id = (await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['a'] })).body.id as string;
    const num = id.split('/')[1]!;
    assert.equal((await call('GET', `/_api/index/${id}`)).body.id, id);
    assert.equal((await call('GET', `/_api/index/${c}/${num}`)).body.type, 'persistent');
    assert.deepEqual((await call('DELETE', `/_api/index/${c}/${num}`)).body, { id, error: false, code: 200 });
    assert.equal((await call('GET', `/_api/index/${id}`)).status, 404);
  });

  it('a TTL index without expireAfter is 400/10 (createTtlIndexWithoutOptions); expireAfter 0 is allowed (go-driver Test_TTLIndex)', async () => {
    assert.deepEqual((await call('POST', `/_api/index?collection=${c}`, { type: 'ttl', fields: ['a'] })).body, err(400, 10, 'expireAfter attribute must be a number'));
    const r = await call('POST', `/_api/index?collection=${c}`, { type: 'ttl', fields: ['expireDate'], expireAfter: 0 });
    assert.equal(r.status, 201);
    assert.equal(r.body.expireAfter, 0);
  });

  it('estimates true shows a selectivityEstimate, estimates false none (indexEstimates, indexEstimatesFalse)', async () => {
    const on = (await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['e1', 'e2'], estimates: true })).body;
    assert.equal(on.estimates, true);
    assert.equal(typeof on.selectivityEstimate, 'number');
    const off = (await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['e3', 'e4'], estimates: false })).body;
    assert.equal(off.estimates, false);
    assert.equal('selectivityEstimate' in off, false);
  });

  it('ensuring the same persistent index again answers 200 with isNewlyCreated false (go-driver Test_EnsurePersistentIndex)', async () => {
    const first = await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['age', 'name'] });
    assert.equal(first.status, 201);
    const again = await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['age', 'name'], unique: false, sparse: false });
    assert.equal(again.status, 200);
    assert.equal(again.body.isNewlyCreated, false);
    assert.equal(again.body.id, first.body.id);
    const unique = await call('POST', `/_api/index?collection=${c}`, { type: 'persistent', fields: ['age', 'name'], unique: true, sparse: false });
    assert.equal(unique.status, 201);
    assert.notEqual(unique.body.id, first.body.id);
  });

  it('a unique array index without deduplicate refuses a repeated element; with it the document is stored (go-driver Test_EnsurePersistentIndexDeduplicate, TestIndexesDeduplicateHash)', async () => {
    const name = await collection();
    const idx = (await call('POST', `/_api/index?collection=${name}`, { type: 'persistent', fields: ['tags[*]'], deduplicate: false, unique: true, sparse: false })).body;
    assert.equal(idx.deduplicate, false);
    const refused = await call('POST', `/_api/document/${name}`, { tags: ['a', 'a', 'b'] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.errorNum, 1210);
    assert.equal((await call('DELETE', `/_api/index/${idx.id}`)).status, 200);
    const dedup = (await call('POST', `/_api/index?collection=${name}`, { type: 'persistent', fields: ['tags[*]'], deduplicate: true, unique: true, sparse: false })).body;
    assert.equal(dedup.deduplicate, true);
    assert.equal((await call('POST', `/_api/document/${name}`, { tags: ['a', 'a', 'b'] })).status, 202);
    // dropped by its name
    assert.equal((await call('DELETE', `/_api/index/${name}/${dedup.name}`)).status, 200);
  });

  it('geo indexes differing only in geoJson are two indexes; legacyPolygons is shown as asked (go-driver Test_EnsureGeoIndexIndex, createGeoIndexLegacyPolygons)', async () => {
    const a = await call('POST', `/_api/index?collection=${c}`, { type: 'geo', fields: ['geo'], geoJson: true });
    const b = await call('POST', `/_api/index?collection=${c}`, { type: 'geo', fields: ['geo'], geoJson: false });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
    const lp = (await call('POST', `/_api/index?collection=${c}`, { type: 'geo', fields: ['geoOld1'], legacyPolygons: true })).body;
    assert.deepEqual([lp.legacyPolygons, lp.geoJson, lp.sparse, lp.unique], [true, false, true, false]);
  });

  it('named indexes of every kind are listed and read by name (go-driver Test_NamedIndexes)', async () => {
    const name = await collection();
    const specs = [
      { type: 'persistent', fields: ['pername'], name: 'Persistent' },
      { type: 'geo', fields: ['geo'], name: 'Geo' },
      { type: 'ttl', fields: ['createdAt'], expireAfter: 3600, name: 'TTL' },
      { type: 'zkd', fields: ['zkd'], fieldValueTypes: 'double', name: 'ZKD' },
      { type: 'mdi', fields: ['mkd'], fieldValueTypes: 'double', name: 'MKD' },
      { type: 'mdi-prefixed', fields: ['mkd-prefixed'], fieldValueTypes: 'double', prefixFields: ['prefix'], name: 'MKD-Prefixed' },
    ];
    for (const spec of specs) {
      const r = await call('POST', `/_api/index?collection=${name}`, spec);
      assert.equal(r.status, 201, spec.name);
      assert.equal(r.body.name, spec.name);
      assert.equal((await call('GET', `/_api/index/${name}/${spec.name}`)).body.id, r.body.id);
    }
    const list = (await call('GET', `/_api/index?collection=${name}`)).body.indexes.map((ix: { name: string }) => ix.name);
    assert.deepEqual(list, ['primary', ...specs.map((s) => s.name)]);
  });

  it('two fulltext indexes differing in minLength are both kept and counted in figures (go-driver TestMultipleIndexes)', async () => {
    const name = await collection();
    await call('POST', `/_api/index?collection=${name}`, { type: 'fulltext', fields: ['name'], minLength: 2 });
    await call('POST', `/_api/index?collection=${name}`, { type: 'fulltext', fields: ['name'], minLength: 7 });
    const list = (await call('GET', `/_api/index?collection=${name}`)).body.indexes;
    assert.equal(list.length, 3);
    for (const ix of list) assert.equal((await call('GET', `/_api/index/${name}/${ix.name}`)).body.name, ix.name);
    assert.equal((await call('GET', `/_api/collection/${name}/figures`)).body.figures.indexes.count, 3);
  });

  it('an edge collection has the primary and the edge index; a unique index over _from and _to refuses a second edge (getEdgeIndex, insertEdgeViolatingUniqueConstraint)', async () => {
    const e = await collection({ type: 3 });
    const types = (await call('GET', `/_api/index?collection=${e}`)).body.indexes.map((ix: { type: string }) => ix.type);
    assert.deepEqual(types, ['primary', 'edge']);
    await call('POST', `/_api/index?collection=${e}`, { type: 'persistent', fields: ['_from', '_to'], unique: true });
    assert.equal((await call('POST', `/_api/document/${e}`, { _from: 'v/a', _to: 'v/b' })).status, 202);
    const r = await call('POST', `/_api/document/${e}`, { _from: 'v/a', _to: 'v/b' });
    assert.equal(r.status, 409);
    assert.equal(r.body.errorNum, 1210);
  });
});

describe('Java driver ArangoCollectionTest and Go driver import tests: imports', () => {
  const base = (c: string, q = '') => `/_api/import?collection=${c}&type=list${q}`;

  it('duplicates: an error by default, ignored, replaced or updated as asked (importDocumentsDuplicate*, go-driver TestImportDocumentsDuplicateEntries*)', async () => {
    const stats = (b: any) => [b.created, b.errors, b.empty, b.updated, b.ignored];
    const cases: [string, number[]][] = [['', [2, 1, 0, 0, 0]], ['&onDuplicate=error', [2, 1, 0, 0, 0]], ['&onDuplicate=ignore', [2, 0, 0, 0, 1]], ['&onDuplicate=replace', [2, 0, 0, 1, 0]], ['&onDuplicate=update', [2, 0, 0, 1, 0]]];
    for (const [q, expected] of cases) {
      const c = await collection();
      const r = await call('POST', base(c, q), [{ _key: 'k1', name: 'Jan', age: 40 }, { _key: 'k2' }, { _key: 'k2', name: 'Jan2' }]);
      assert.equal(r.status, 201);
      assert.deepEqual(stats(r.body), expected, q);
      assert.equal('details' in r.body, false);
    }
    // update merges, replace does not
    const c = await collection();
    await call('POST', base(c), [{ _key: 'jan', name: 'Jan', age: 40 }]);
    await call('POST', base(c, '&onDuplicate=update'), [{ _key: 'jan', name: 'Jan2' }]);
    assert.equal((await call('GET', `/_api/document/${c}/jan`)).body.age, 40);
    await call('POST', base(c, '&onDuplicate=replace'), [{ _key: 'jan', name: 'Jan3' }]);
    assert.equal('age' in (await call('GET', `/_api/document/${c}/jan`)).body, false);
  });

  it('details name the position and the offending document (importDocumentsDetails, go-driver TestImportDocumentsDetails)', async () => {
    const c = await collection();
    const r = await call('POST', base(c, '&details=true'), [{ _key: 'jan', name: 'Jan', age: 40 }, { _key: 'jan', name: 'Jan2' }]);
    assert.deepEqual(r.body.details, [`at position 1: creating document failed with error 'unique constraint violated', offending document: {"_key":"jan","name":"Jan2"}`]);
  });

  it('complete=true makes a duplicate fail the import with 409/1210 and nothing imported (importDocumentsCompleteFail)', async () => {
    const c = await collection();
    const r = await call('POST', base(c, '&complete=true'), [{ _key: '1' }, { _key: '2' }, { _key: '2' }]);
    assert.equal(r.status, 409);
    assert.equal(r.body.errorNum, 1210);
    assert.equal((await call('GET', `/_api/collection/${c}/count`)).body.count, 0);
  });

  it('overwrite=true empties the collection first, overwrite=false keeps it (importDocumentsOverwriteTrue/False, go-driver TestImportDocumentsOverwriteYes)', async () => {
    const c = await collection();
    await call('POST', `/_api/document/${c}`, {});
    await call('POST', base(c, '&overwrite=false'), [{}, {}]);
    assert.equal((await call('GET', `/_api/collection/${c}/count`)).body.count, 3);
    for (let i = 0; i < 3; i++) {
      const r = await call('POST', base(c, '&overwrite=true'), [{ name: 'Jan', age: 40 }, { name: 'Jan2' }]);
      assert.equal(r.body.created, 2);
      assert.equal((await call('GET', `/_api/collection/${c}/count`)).body.count, 2);
    }
  });

  it('fromPrefix and toPrefix complete edge handles without a collection (importDocumentsFromToPrefix)', async () => {
    const e = await collection({ type: 3 });
    const r = await call('POST', base(e, '&fromPrefix=foo&toPrefix=bar'), [{ _key: 'e1', _from: 'from', _to: 'to' }, { _key: 'e2', _from: 'from', _to: 'to' }]);
    assert.equal(r.body.created, 2);
    const doc = (await call('GET', `/_api/document/${e}/e1`)).body;
    assert.deepEqual([doc._from, doc._to], ['foo/from', 'bar/to']);
  });

  it('an edge import with onDuplicate=update may change _from and keeps other attributes; replace drops them (go-driver TestImportEdgesDuplicateEntriesUpdate/Replace)', async () => {
    for (const [mode, distance] of [['update', 40], ['replace', undefined]] as const) {
      const e = await collection({ type: 3 });
      const body = `{"_key":"edge1","_from":"city/1","_to":"state/2","distance":40}\n{"_key":"edge1","_from":"state/2","_to":"city/1"}\n`;
      const r = await call('POST', `/_api/import?collection=${e}&type=documents&onDuplicate=${mode}`, body);
      assert.deepEqual([r.body.created, r.body.updated, r.body.errors], [1, 1, 0], mode);
      const doc = (await call('GET', `/_api/document/${e}/edge1`)).body;
      assert.equal(doc._from, 'state/2', mode);
      assert.equal(doc.distance, distance, mode);
    }
  });

  it('JSON lines: empty lines are counted as empty, non-objects as errors at their line (go-driver TestImportDocumentsInvalidEntries)', async () => {
    const c = await collection();
    const body = '{"_key":"jan","name":"Jan","age":40}\n["array","is","invalid"]\n{"_key":"foo","name":"Foo","age":41}\n"string is not valid"\n\n{"_key":"frank","name":"Frank","age":42}\n';
    const r = await call('POST', `/_api/import?collection=${c}&type=documents&details=true`, body, { 'content-type': 'text/plain' });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body, {
      error: false, created: 3, errors: 2, empty: 1, updated: 0, ignored: 0,
      details: [
        'at position 2: invalid JSON type (expecting object), offending document: ["array","is","invalid"]',
        'at position 4: invalid JSON type (expecting object), offending document: "string is not valid"',
      ],
    });
  });

  it('documents, array and the tabular form without a type, sent as text/plain (go-driver v2 Test_DatabaseCollectionDocImport)', async () => {
    const bodies: [string, string][] = [
      ['&type=documents', '{"_key":"john","name":"John Smith","age":35}\n{"_key":"katie","name":"Katie Foster","age":28}\n'],
      ['&type=array', '[\n\t{"_key":"john","name":"John Smith","age":35},\n\t{"_key":"katie","name":"Katie Foster","age":28}\n]\n'],
      ['', '["_key","name","age"]\n["john","John Smith",35]\n["katie","Katie Foster",28]\n'],
    ];
    for (const [q, body] of bodies) {
      const c = await collection();
      const r = await call('POST', `/_api/import?collection=${c}${q}`, body, { 'content-type': 'text/plain', accept: 'text/plain' });
      assert.equal(r.status, 201, q);
      assert.equal(r.body.created, 2, q);
      assert.equal((await call('GET', `/_api/document/${c}/katie`)).body.age, 28, q);
    }
  });
});
