// ArangoDB's own HTTP API tests for documents, collections, databases and key generators,
// replayed against Cairn (in-process, no auth). Each case names the upstream test it comes
// from (arangodb/arangodb: tests/js/client/shell/api/multi/*.js, tests/js/client/shell/api/
// collection-noncluster.js, tests/js/common/shell/shell-keygen.js). The facts are theirs;
// the code is ours. Cases marked "differed" found a difference that was then fixed.
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

/** A fresh collection through the HTTP API; returns its name. */
async function collection(props: Record<string, unknown> = {}): Promise<string> {
  const name = `UnitTestsDocs${++seq}`;
  const res = await req('POST', '/_api/collection', { name, ...props });
  assert.equal(res.statusCode, 200, res.body);
  return name;
}

function expectError(res: LightMyRequestResponse, status: number, errorNum: number, errorMessage?: string): void {
  const b = bodyOf(res);
  assert.equal(b.errorNum, errorNum, res.body);
  assert.equal(res.statusCode, status, res.body);
  assert.equal(b.code, status);
  assert.equal(b.error, true);
  if (errorMessage !== undefined) assert.equal(b.errorMessage, errorMessage);
}

const count = async (c: string): Promise<number> => bodyOf(await req('GET', `/_api/collection/${c}/count`)).count;

// ---- request bodies ArangoDB's parser refuses -------------------------------------------

describe('bodies ArangoDB refuses: 400/600 in VelocyPack words', () => {
  // collection.js test_creating_a_collection_with_an_illegal_body (differed: JSON.parse's message)
  it('names the first error as VelocyPack does: an unquoted attribute name', async () => {
    expectError(await req('POST', '/_api/collection', '{ name : world }'), 400, 600, 'VPackError error: Expecting \'"\' or \'}\'');
  });

  // document-update.js test_create_a_document_and_update_it_with_invalid_JSON (differed:
  // bytes that are no UTF-8 were read as U+FFFD and the document was written)
  it('refuses a body whose bytes are not UTF-8, before a duplicate attribute later on', async () => {
    const c = await collection();
    await req('POST', `/_api/document/${c}`, { _key: 'k', Hallo: 'World' });
    const raw = Buffer.concat([Buffer.from('{ "World" : "Hallo'), Buffer.from([0xff]), Buffer.from('", "World": "blub" }')]);
    expectError(await req('PUT', `/_api/document/${c}/k`, raw), 400, 600, 'VPackError error: Invalid UTF-8 sequence');
    assert.equal(bodyOf(await req('GET', `/_api/document/${c}/k`)).Hallo, 'World');
  });

  // document-create.js test_returns_an_error_if_*_in_the_JSON_body_is_corrupted, documents.js
  const CORRUPT = [
    { id: 'create-1', body: '{ 1 : 2 }', message: 'Expecting \'"\' or \'}\'' },
    { id: 'create-sub-object', body: '{ "foo" : { "bar" : "baz", "blue" : moo } }', message: 'Expecting digit' },
    { id: 'create-array', body: '{ "foo" : [ 1, 2, "bar", moo ] }', message: 'Expecting digit' },
    { id: 'duplicate', body: '{ "a" : 1, "a": 2 }', message: 'Duplicate attribute name' },
    { id: 'duplicate-nested', body: '{ "outer" : { "a" : 1, "a": 2 } }', message: 'Duplicate attribute name' },
    { id: 'trailing-comma', body: '[1,]', message: 'Expecting digit' },
    { id: 'bad-literal', body: '{"a": tru}', message: "Expecting 'true'" },
    { id: 'unfinished', body: '{"a": "b', message: 'Unfinished string' },
    { id: 'eof', body: '{"a": 1} x', message: 'Expecting EOF' },
    { id: 'colon', body: '{"a" 1}', message: "Expecting ':'" },
    { id: 'comma-object', body: '{"a": 1 "b": 2}', message: "Expecting ',' or '}'" },
    { id: 'comma-array', body: '[1 2]', message: "Expecting ',' or ']'" },
    { id: 'incomplete-number', body: '{"a": 1.}', message: 'Incomplete number' },
    { id: 'escape', body: '{"a": "\\x"}', message: 'Invalid escape sequence' },
  ];
  for (const c of CORRUPT) {
    it(`${c.id}: 400/600 "${c.message}" and nothing written`, async () => {
      const col = await collection();
      expectError(await req('POST', `/_api/document/${col}`, c.body), 400, 600, `VPackError error: ${c.message}`);
      assert.equal(await count(col), 0);
    });
  }

  it('skips a UTF-8 byte order mark as VelocyPack does', async () => {
    const c = await collection();
    const res = await req('POST', `/_api/document/${c}`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"_key":"bom"}')]));
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(await count(c), 1);
  });
});

// ---- document-create.js -----------------------------------------------------------------

describe('document-create.js', () => {
  it('error_handling: no collection 400/1204, unknown collection id or name 404/1203', async () => {
    expectError(await req('POST', '/_api/document', '{}'), 400, 1204);
    expectError(await req('POST', '/_api/document/123456', '{}'), 404, 1203, 'collection or view not found: 123456');
    expectError(await req('POST', '/_api/document/unknown_collection', '{}'), 404, 1203);
  });

  it('waitForSync collection: 201, etag is the quoted _rev, location names the document', async () => {
    const c = await collection({ waitForSync: true });
    const res = await req('POST', `/_api/document/${c}?waitForSync=false`, '{ "Hallo" : "Wo\\"rld" }');
    assert.equal(res.statusCode, 201);
    const b = bodyOf(res);
    assert.equal(res.headers.etag, `"${b._rev}"`);
    assert.equal(res.headers.location, `/_db/_system/_api/document/${b._id}`);
    assert.equal(bodyOf(await req('GET', `/_api/document/${b._id}`)).Hallo, 'Wo"rld');
    assert.equal((await req('DELETE', res.headers.location as string)).statusCode, 200);
    assert.equal(await count(c), 0);
  });

  it('unsynced collection: 202, and 201 with ?waitForSync=true', async () => {
    const c = await collection();
    assert.equal((await req('POST', `/_api/document/${c}`, { Hallo: 'World' })).statusCode, 202);
    assert.equal((await req('POST', `/_api/document/${c}?waitForSync=true`, { Hallo: 'World' })).statusCode, 201);
  });

  it('a duplicate _key is 409/1210', async () => {
    const c = await collection({ waitForSync: true });
    assert.equal((await req('POST', `/_api/document/${c}`, { 'some stuff': 'goes here', _key: 'a_new_key' })).statusCode, 201);
    expectError(await req('POST', `/_api/document/${c}`, { 'some stuff': 'goes here', _key: 'a_new_key' }), 409, 1210);
  });

  it('overwrite_EQ_true: overwriteMode=replace with returnOld/returnNew, one and many', async () => {
    const c = await collection();
    const first = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
    const res = await req('POST', `/_api/document/${c}?overwriteMode=replace&returnNew=true&returnOld=true&waitForSync=true`, { _key: first._key, Hallo: 'ULF' });
    assert.equal(res.statusCode, 201);
    const b = bodyOf(res);
    assert.equal(b._oldRev, first._rev);
    assert.notEqual(b._rev, first._rev);
    assert.deepEqual([b.new._rev, b.new.Hallo, b.old._rev, b.old.Hallo], [b._rev, 'ULF', first._rev, 'World']);
    const many = bodyOf(await req('POST', `/_api/document/${c}?overwriteMode=replace&returnNew=true&returnOld=true`, [
      { _key: first._key, Hallo: 'ULF' },
      { _key: first._key, Hallo: 'ULFINE' },
    ]));
    assert.deepEqual([many[1].old.Hallo, many[1].new.Hallo, many[1].old._rev], ['ULF', 'ULFINE', many[0]._rev]);
  });
});

// ---- document-read.js, document-http-return-codes.js ---------------------------------------

describe('document-read.js', () => {
  it('error_handling: a handle without key 404/1203, unknown collection 404/1203, unknown key 404/1202', async () => {
    const c = await collection();
    expectError(await req('GET', '/_api/document/123456'), 404, 1203);
    expectError(await req('GET', '/_api/document//123456'), 404, 1203);
    expectError(await req('GET', '/_api/document/123456/234567'), 404, 1203);
    expectError(await req('GET', `/_api/document/${c}/234567`), 404, 1202, 'document not found');
  });

  it('If-None-Match: 304 with the etag for the current revision, 200 for another', async () => {
    const c = await collection({ waitForSync: true });
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
    const same = await req('GET', `/_api/document/${d._id}`, undefined, { 'if-none-match': `"${d._rev}"` });
    assert.equal(same.statusCode, 304);
    assert.equal(same.headers.etag, `"${d._rev}"`);
    assert.equal(same.body, '');
    const other = await req('GET', `/_api/document/${d._id}`, undefined, { 'if-none-match': '"54454"' });
    assert.equal(other.statusCode, 200);
    assert.equal(bodyOf(other)._rev, d._rev);
  });

  it('If-Match: 200 for the current revision, 412 with _id and _rev for another', async () => {
    const c = await collection({ waitForSync: true });
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
    assert.equal((await req('GET', `/_api/document/${d._id}`, undefined, { 'if-match': `"${d._rev}"` })).statusCode, 200);
    const res = await req('GET', `/_api/document/${d._id}`, undefined, { 'if-match': '"348574"' });
    assert.equal(res.statusCode, 412);
    assert.deepEqual(bodyOf(res), { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict', _id: d._id, _key: d._key, _rev: d._rev });
  });

  it('HEAD: GET\'s status and content-length without a body; 412 for an If-Match that is no revision', async () => {
    const c = await collection({ waitForSync: true });
    const loc = (await req('POST', `/_api/document/${c}`, { Hallo: 'World' })).headers.location as string;
    const get = await req('GET', loc);
    const head = await req('HEAD', loc);
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], get.headers['content-length']);
    assert.equal(head.body, '');
    assert.equal((await req('HEAD', `${loc}?rev=abcd`)).statusCode, 200);
    assert.equal((await req('HEAD', loc, undefined, { 'if-match': "'*abcd'" })).statusCode, 412);
    const res = await req('HEAD', loc, undefined, { 'if-match': 'nonMatching' });
    assert.equal(res.statusCode, 412);
    assert.equal(res.body, '');
  });

  it('an empty array read with onlyget=true is 200 []', async () => {
    const c = await collection();
    const res = await req('PUT', `/_api/document/${c}?onlyget=true`, []);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(bodyOf(res), []);
  });
});

// ---- document-update.js ------------------------------------------------------------------

describe('document-update.js', () => {
  it('error_handling: no collection 400/400, a body that is no array for a collection 400/1227, unknown 404', async () => {
    const c = await collection({ waitForSync: true });
    expectError(await req('PUT', '/_api/document', '{}'), 400, 400);
    expectError(await req('PUT', '/_api/document/123456', '{}'), 400, 1227);
    expectError(await req('PUT', '/_api/document//123456', '{}'), 400, 1227);
    expectError(await req('PUT', '/_api/document/123456/234567', '{}'), 404, 1203);
    expectError(await req('PUT', `/_api/document/${c}/234567`, '{}'), 404, 1202);
    assert.equal((await req('PUT', '/_api/document/${did}?policy=last-write', '', { 'if-match': '"388576"' })).statusCode, 400);
  });

  it('replace with ignoreRevs=false: a body _rev that differs is 412, the current one 201, then 202 after waitForSync is turned off', async () => {
    const c = await collection({ waitForSync: true });
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { _key: 'hello', Hallo: 'World' }));
    const bad = await req('PUT', `/_api/document/${d._id}?ignoreRevs=false`, { _key: 'hello', _rev: '658993', World: 'Hallo' });
    assert.equal(bad.statusCode, 412);
    assert.deepEqual([bodyOf(bad)._id, bodyOf(bad)._rev], [d._id, d._rev]);
    const ok = await req('PUT', `/_api/document/${d._id}?ignoreRevs=false`, { _key: 'hello', _rev: d._rev, World: 'Hallo' });
    assert.equal(ok.statusCode, 201);
    await req('PUT', `/_api/collection/${c}/properties`, { waitForSync: false });
    const third = await req('PUT', `/_api/document/${d._id}?ignoreRevs=false`, { _key: 'hello', _rev: bodyOf(ok)._rev, World: 'Hallo2' });
    assert.equal(third.statusCode, 202);
    const fourth = await req('PATCH', `/_api/document/${d._id}?ignoreRevs=false&waitForSync=true`, { _rev: bodyOf(third)._rev, World: 'Hallo3' });
    assert.equal(fourth.statusCode, 201);
  });

  it('If-Match on replace: quoted or single-quoted revisions; "*abcd" is 412/1200', async () => {
    const c = await collection({ waitForSync: true });
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
    expectError(await req('PUT', `/_api/document/${d._id}`, { Hallo: 'World' }, { 'if-match': '"*abcd"' }), 412, 1200);
    expectError(await req('PUT', `/_api/document/${d._id}`, { Hallo: 'World' }, { 'if-match': "'*abcd'" }), 412, 1200);
    assert.equal((await req('PUT', `/_api/document/${d._id}`, { Hallo: 'World' }, { 'if-match': `'${d._rev}'` })).statusCode, 201);
  });

  // No upstream test: ArangoDB's GeneralRequest::parsedValue<bool> (differed: an unknown
  // word kept the default, so a stale _rev was ignored)
  it('boolean parameters: a word that is not true/yes/on/y/1 is false, so ?ignoreRevs=nonsense checks _rev (412)', async () => {
    const c = await collection();
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { _key: 'b' }));
    expectError(await req('PUT', `/_api/document/${c}/b?ignoreRevs=nonsense`, { _rev: 'stale' }), 412, 1200, 'conflict, _rev values do not match');
    assert.equal((await req('PUT', `/_api/document/${c}/b?ignoreRevs=Y`, { _rev: 'stale' })).statusCode, 202);
    assert.equal((await req('POST', `/_api/document/${c}?waitForSync=%20On%20`, {})).statusCode, 201);
    assert.equal(bodyOf(await req('GET', `/_api/document/${c}/b`))._rev === d._rev, false);
  });

  it('PATCH keepNull=true keeps a null attribute, keepNull=false removes it', async () => {
    const c = await collection({ waitForSync: true });
    for (const [keepNull, has] of [['true', true], ['false', false]] as const) {
      const d = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
      assert.equal((await req('PATCH', `/_api/document/${d._id}?keepNull=${keepNull}`, { fox: 'Foxy', Hallo: null })).statusCode, 201);
      const got = bodyOf(await req('GET', `/_api/document/${d._id}`));
      assert.equal('Hallo' in got, has);
      assert.equal(got.fox, 'Foxy');
    }
  });
});

// ---- document-delete.js, document-operations-silent.js ----------------------------------

describe('document-delete.js and document-operations-silent.js', () => {
  it('error_handling: no handle 400/400, no key and no body 400/400, unknown 404', async () => {
    const c = await collection();
    expectError(await req('DELETE', '/_api/document'), 400, 400);
    expectError(await req('DELETE', '/_api/document/123456'), 400, 400);
    expectError(await req('DELETE', '/_api/document//123456'), 400, 400);
    expectError(await req('DELETE', '/_api/document/123456/234567'), 404, 1203);
    expectError(await req('DELETE', `/_api/document/${c}/234567`), 404, 1202);
  });

  it('If-Match on remove: 412 with the current _rev, then 200 for the right one', async () => {
    const c = await collection({ waitForSync: true });
    const d = bodyOf(await req('POST', `/_api/document/${c}`, { Hallo: 'World' }));
    const res = await req('DELETE', `/_api/document/${d._id}`, undefined, { 'if-match': '"386897"' });
    assert.equal(res.statusCode, 412);
    assert.equal(bodyOf(res)._rev, d._rev);
    const ok = await req('DELETE', `/_api/document/${d._id}`, undefined, { 'if-match': `"${d._rev}"` });
    assert.deepEqual([ok.statusCode, bodyOf(ok)], [200, { _id: d._id, _key: d._key, _rev: d._rev }]);
  });

  it('silent: {} for successes; only the failures, counted in x-arango-error-codes', async () => {
    const c = await collection();
    const one = await req('POST', `/_api/document/${c}?silent=true`, { _key: 'test' });
    assert.deepEqual([one.statusCode, bodyOf(one)], [202, {}]);
    expectError(await req('POST', `/_api/document/${c}?silent=true`, { _key: 123 }), 400, 1221);
    const docs = [{ _key: 'a1' }, { _key: 123 }, { _key: 'a2' }];
    const many = await req('POST', `/_api/document/${c}?silent=true`, docs);
    assert.equal(many.statusCode, 202);
    assert.deepEqual(JSON.parse(many.headers['x-arango-error-codes'] as string), { 1221: 1 });
    assert.deepEqual(bodyOf(many), [{ error: true, errorNum: 1221, errorMessage: 'illegal document key' }]);
    const removed = await req('DELETE', `/_api/document/${c}?silent=true`, [{ _key: 'a1' }, { _key: 'a2' }]);
    assert.deepEqual([removed.statusCode, bodyOf(removed), removed.headers['x-arango-error-codes']], [202, {}, undefined]);
  });
});

// ---- document-babies-spec.js, documents.js ------------------------------------------------

describe('document-babies-spec.js', () => {
  it('multiple errors: per-item errors in order, counted by errorNum in x-arango-error-codes', async () => {
    const c = await collection();
    await req('POST', `/_api/document/${c}`, { _key: 'a' });
    const res = await req('POST', `/_api/document/${c}`, [{ _key: 'b' }, true, { _key: 'a' }, { _key: 'c' }, { _key: 'b' }, [], { _key: 'd' }]);
    assert.equal(res.statusCode, 202);
    const b = bodyOf(res);
    assert.deepEqual(b.map((x: any) => x._key ?? x.errorNum), ['b', 1227, 1210, 'c', 1210, 1227, 'd']);
    assert.deepEqual(JSON.parse(res.headers['x-arango-error-codes'] as string), { 1227: 2, 1210: 2 });
    assert.equal(await count(c), 4);
  });

  it('insert error bad key: null, false, true, 1, -1, {}, [] are each 1221 between two good ones', async () => {
    const c = await collection();
    for (const k of [null, false, true, 1, -1, {}, []]) {
      const b = bodyOf(await req('POST', `/_api/document/${c}`, [{ _key: 'a' }, { _key: k }, { _key: 'b' }]));
      assert.deepEqual([b[0]._key, b[1].errorNum, b[2]._key], ['a', 1221, 'b'], JSON.stringify(k));
      await req('DELETE', `/_api/document/${c}`, ['a', 'b']);
    }
  });

  it('replace and update multi with stale _revs under ignoreRevs=false: 202 with 1200 per item', async () => {
    const c = await collection();
    const b1 = bodyOf(await req('POST', `/_api/document/${c}`, [{ value: 1 }, { value: 2 }]));
    const next = b1.map((d: any, i: number) => ({ _key: d._key, _rev: d._rev, value: 4 + i }));
    assert.equal((await req('PUT', `/_api/document/${c}?ignoreRevs=false`, next)).statusCode, 202);
    for (const method of ['PUT', 'PATCH']) {
      const res = await req(method, `/_api/document/${c}?ignoreRevs=false`, next);
      assert.equal(res.statusCode, 202);
      assert.deepEqual(bodyOf(res).map((x: any) => x.errorNum), [1200, 1200]);
    }
  });

  it('return old and new: attribute counts of the results', async () => {
    const c = await collection();
    const plain = bodyOf(await req('POST', `/_api/document/${c}`, [{ Hallo: 12 }]))[0];
    assert.equal(Object.keys(plain).length, 3);
    const withNew = bodyOf(await req('POST', `/_api/document/${c}?returnNew=true`, [{ Hallo: 12 }]))[0];
    assert.deepEqual([Object.keys(withNew).length, Object.keys(withNew.new).length], [4, 4]);
    const both = bodyOf(await req('PATCH', `/_api/document/${c}?returnNew=true&returnOld=true`, [{ _key: plain._key, Hallo: 16 }]))[0];
    assert.deepEqual([Object.keys(both).length, both.old.Hallo, both.new.Hallo], [6, 12, 16]);
  });

  // documents.js
  it('invalid document types: [[]] per item 1227; "test" as the whole body 400/1227', async () => {
    const c = await collection();
    const res = await req('POST', `/_api/document/${c}`, '[ [] ]');
    assert.equal(res.statusCode, 202);
    assert.equal(bodyOf(res)[0].errorNum, 1227);
    expectError(await req('POST', `/_api/document/${c}`, '"test"'), 400, 1227);
    expectError(await req('PATCH', `/_api/document/${c}/test`, '[ ]'), 400, 1227);
    expectError(await req('PUT', `/_api/document/${c}/test`, '"test"'), 400, 1227);
  });
});

// ---- document-key.js ---------------------------------------------------------------------

describe('document-key.js', () => {
  it('refuses keys that are no strings, empty, too long or with illegal characters (400/1221)', async () => {
    const c = await collection({ waitForSync: true });
    const bad = [null, true, 12, 12.554, [], {}, '', ' ', 'abcd ', '\tabcd', 'abcde/bdbg', '/a', 'öööää', 'müller', '"invalid', '\\invalid', '?invalid', '#invalid', '&invalid', '[invalid]', 'a'.repeat(255)];
    for (const key of bad) expectError(await req('POST', `/_api/document/${c}`, { _key: key }), 400, 1221);
  });

  it('accepts the punctuation ArangoDB allows and 254-byte keys', async () => {
    const c = await collection({ waitForSync: true });
    const good = ['0', '0123456', 'true', '@..abc-@-foo__bar', "$$bill,y'all", 'm+ller', ';', ':-)', '!!!!', '*', '(*)', '%-%-%-%', '='.repeat(254), '_'.repeat(254)];
    for (const key of good) {
      const res = await req('POST', `/_api/document/${c}`, { _key: key });
      assert.deepEqual([res.statusCode, bodyOf(res)._key], [201, key]);
    }
  });
});

// ---- collection.js, collection-noncluster.js ------------------------------------------------

describe('collection.js', () => {
  it('error_handling: unknown 404/1203; no body, empty name, "1", null body 400/1208; duplicate 409/1207', async () => {
    expectError(await req('GET', '/_api/collection/123456'), 404, 1203);
    expectError(await req('POST', '/_api/collection', ''), 400, 1208);
    expectError(await req('POST', '/_api/collection', '{ "name" : "" }'), 400, 1208);
    expectError(await req('POST', '/_api/collection', '{ "name" : "1" }'), 400, 1208);
    expectError(await req('POST', '/_api/collection', 'null'), 400, 1208);
    expectError(await req('POST', '/_api/collection', '{ "name" : "_invalid" }'), 400, 1208);
    const c = await collection();
    expectError(await req('POST', '/_api/collection', { name: c }), 409, 1207);
  });

  const RULE = {
    properties: {
      _key: { type: 'string' },
      _rev: { type: 'string' },
      _id: { type: 'string' },
      name: {
        type: 'object',
        properties: { first: { type: 'string', minLength: 1, maxLength: 50 }, last: { type: 'string', minLength: 1, maxLength: 50 } },
        required: ['first', 'last'],
      },
      status: { enum: ['active', 'inactive', 'deleted'] },
    },
    additionalProperties: false,
    required: ['name', 'status'],
  };
  const SCHEMA = { rule: RULE, level: 'strict', message: 'document has an invalid schema!' };

  it('schema_validation: a rule that is no object is 400/1621; a valid schema reads back', async () => {
    const c = await collection();
    expectError(await req('PUT', `/_api/collection/${c}/properties`, { schema: { rule: 'peng!', level: 'strict', message: 'x' } }), 400, 1621);
    assert.equal((await req('PUT', `/_api/collection/${c}/properties`, { schema: SCHEMA })).statusCode, 200);
    const props = bodyOf(await req('GET', `/_api/collection/${c}/properties`));
    assert.deepEqual([props.schema.level, props.schema.message], ['strict', 'document has an invalid schema!']);
  });

  // collection.js test_stores_valid_documents / test_stores_invalid_documents (differed: the
  // schema was stored but never checked, every document was written)
  it('schema_validation: valid documents are stored, invalid ones are 400/1620 with the schema message', async () => {
    const c = await collection();
    await req('PUT', `/_api/collection/${c}/properties`, { schema: SCHEMA });
    for (const doc of [{ name: { first: 'test', last: 'test' }, status: 'active' }, { name: { first: 'a', last: 'b' }, status: 'inactive' }]) {
      assert.equal((await req('POST', `/_api/document/${c}`, doc)).statusCode, 202);
    }
    const invalid = [
      { name: { first: '', last: 'test' }, status: 'active' },
      { name: { first: '', last: '' }, status: 'active' },
      { name: { first: 'test', last: 'test' } },
      { name: { first: 'test', last: 'test' }, status: 'foo' },
      { name: {}, status: 'active' },
      { first: 'abc', last: 'test', status: 'active' },
    ];
    for (const doc of invalid) expectError(await req('POST', `/_api/document/${c}`, doc), 400, 1620, 'document has an invalid schema!');
    assert.equal(await count(c), 2);
  });

  it('schema levels: system attributes are not validated; moderate lets an invalid stored document change, strict does not', async () => {
    const c = await collection({ keyOptions: { type: 'traditional' } });
    await req('POST', `/_api/document/${c}`, { _key: 'old', a: 'x' });
    const rule = { properties: { a: { type: 'number' } }, additionalProperties: false };
    await req('PUT', `/_api/collection/${c}/properties`, { schema: { rule, level: 'moderate', message: 'no' } });
    assert.equal((await req('PATCH', `/_api/document/${c}/old`, { a: 'still a string' })).statusCode, 202);
    const ok = bodyOf(await req('POST', `/_api/document/${c}`, { _key: 'new', a: 1 }));
    assert.equal(ok._key, 'new');
    expectError(await req('PATCH', `/_api/document/${c}/new`, { a: 'text' }), 400, 1620, 'no');
    await req('PUT', `/_api/collection/${c}/properties`, { schema: { rule, level: 'strict', message: 'no' } });
    expectError(await req('PATCH', `/_api/document/${c}/old`, { b: 1 }), 400, 1620, 'no');
    await req('PUT', `/_api/collection/${c}/properties`, { schema: { rule, level: 'new', message: 'no' } });
    assert.equal((await req('PATCH', `/_api/document/${c}/new`, { a: 'text' })).statusCode, 202);
    expectError(await req('POST', `/_api/document/${c}`, { a: 'text' }), 400, 1620, 'no');
  });

  it('schema validation also refuses an AQL INSERT (1620)', async () => {
    const c = await collection({ schema: { rule: { required: ['x'] }, level: 'strict', message: 'need x' } });
    const res = await req('POST', '/_api/cursor', { query: `INSERT { y: 1 } INTO ${c}` });
    assert.equal(res.statusCode, 400);
    assert.equal(bodyOf(res).errorNum, 1620);
    assert.equal(await count(c), 0);
  });

  it('reading: count, properties, figures and revision carry id, name, status 3', async () => {
    const c = await collection({ waitForSync: true });
    for (const sub of ['count', 'properties', 'figures', 'revision']) {
      const b = bodyOf(await req('GET', `/_api/collection/${c}/${sub}`));
      assert.deepEqual([b.error, b.code, b.name, b.status, typeof b.id], [false, 200, c, 3, 'string'], sub);
    }
    const r1 = bodyOf(await req('GET', `/_api/collection/${c}/revision`)).revision;
    await req('POST', `/_api/document/${c}`, { test: 1 });
    const r2 = bodyOf(await req('GET', `/_api/collection/${c}/revision`)).revision;
    assert.equal(typeof r1, 'string');
    assert.notEqual(r1, r2);
  });

  // collection-noncluster.js test_calculating_the_checksum_for_a_collection
  it('checksum: "0" when empty, changes with each document and withData, "0" again after truncate', async () => {
    const c = await collection();
    const sum = async (q = '') => bodyOf(await req('GET', `/_api/collection/${c}/checksum${q}`));
    const c1 = await sum();
    assert.equal(c1.checksum, '0');
    await req('POST', `/_api/document/?collection=${c}`, { test: 1 });
    const c2 = await sum();
    await req('POST', `/_api/document/?collection=${c}`, { test: 1 });
    const c3 = await sum();
    const c4 = await sum('?withData=true');
    assert.equal(new Set([c1.checksum, c2.checksum, c3.checksum, c4.checksum]).size, 4);
    assert.equal(c4.revision, c3.revision);
    await req('PUT', `/_api/collection/${c}/truncate`, '');
    assert.equal((await sum()).checksum, '0');
  });

  it('rename: 200 with the new name, 404/1203 under the old one, 409/1207 onto an existing name', async () => {
    const c = await collection();
    const taken = await collection();
    expectError(await req('PUT', `/_api/collection/${c}/rename`, { name: taken }), 409, 1207);
    const res = await req('PUT', `/_api/collection/${c}/rename`, { name: `${c}x` });
    assert.deepEqual([res.statusCode, bodyOf(res).name, bodyOf(res).status], [200, `${c}x`, 3]);
    expectError(await req('GET', `/_api/collection/${c}`), 404, 1203);
  });

  it('properties: autoincrement keyOptions read back after a waitForSync change', async () => {
    const c = await collection({ keyOptions: { type: 'autoincrement', offset: 7, increment: 99, allowUserKeys: false } });
    const b = bodyOf(await req('PUT', `/_api/collection/${c}/properties`, { waitForSync: true }));
    assert.deepEqual([b.waitForSync, b.keyOptions.type, b.keyOptions.increment, b.keyOptions.offset, b.keyOptions.allowUserKeys], [true, 'autoincrement', 99, 7, false]);
    assert.notEqual(b.objectId, 0);
  });
});

// ---- shell-keygen.js -----------------------------------------------------------------------

describe('shell-keygen.js', () => {
  it('invalid generators and options are 400/1232', async () => {
    for (const keyOptions of [{ type: 'der-fuchs' }, { type: 'autoincrement', offset: -1 }, { type: 'autoincrement', increment: 0 }, { type: 'autoincrement', increment: -1 }, { type: 'autoincrement', increment: 9999999999999 }]) {
      expectError(await req('POST', '/_api/collection', { name: `UnitTestsKeyGen${++seq}`, keyOptions }), 400, 1232);
    }
  });

  // testCreateAutoincrementOk1 (differed: an offset past 2^53 was refused with 1232)
  it('an autoincrement offset is a uint64: 12345678901234567 is accepted and read back', async () => {
    const c = await collection({ keyOptions: { type: 'autoincrement', offset: 12345678901234567 } });
    const ko = bodyOf(await req('GET', `/_api/collection/${c}/properties`)).keyOptions;
    assert.deepEqual([ko.type, ko.allowUserKeys, ko.increment, ko.offset], ['autoincrement', true, 1, 12345678901234567]);
  });

  it('keyOptions null is the traditional generator', async () => {
    const c = await collection({ keyOptions: null });
    const ko = bodyOf(await req('GET', `/_api/collection/${c}/properties`)).keyOptions;
    assert.deepEqual([ko.type, ko.allowUserKeys], ['traditional', true]);
  });

  it('autoincrement sequences: offset, increment, gaps made by user keys', async () => {
    const CASES = [
      { id: 'values1', keyOptions: { offset: 2, increment: 3 }, inserts: [{}, {}, {}, {}, {}, { _key: '100' }, {}, {}], keys: ['2', '5', '8', '11', '14', '100', '101', '104'] },
      { id: 'values2', keyOptions: { offset: 19, increment: 1 }, inserts: [{}, {}, {}, {}, {}, { _key: '99' }, {}, {}], keys: ['19', '20', '21', '22', '23', '99', '100', '101'] },
      { id: 'sequence2', keyOptions: { offset: 0, increment: 2 }, inserts: [{}, {}, { _key: '39' }, {}, { _key: '19567' }, {}, {}], keys: ['2', '4', '39', '40', '19567', '19568', '19570'] },
      { id: 'mixed', keyOptions: { offset: 0, increment: 1 }, inserts: [{}, {}, { _key: '100' }, { _key: '3' }, { _key: '99' }, {}, {}], keys: ['1', '2', '100', '3', '99', '101', '102'] },
    ];
    for (const c of CASES) {
      const name = await collection({ keyOptions: { type: 'autoincrement', ...c.keyOptions } });
      const keys: string[] = [];
      for (const doc of c.inserts) keys.push(bodyOf(await req('POST', `/_api/document/${name}`, doc))._key);
      assert.deepEqual(keys, c.keys, c.id);
    }
  });

  it('autoincrement: a non-numeric user key is 1221, user keys with allowUserKeys false 1222, a used key 1210', async () => {
    const c = await collection({ keyOptions: { type: 'autoincrement' } });
    expectError(await req('POST', `/_api/document/${c}`, { _key: 'a1234' }), 400, 1221);
    await req('POST', `/_api/document/${c}`, {});
    expectError(await req('POST', `/_api/document/${c}`, { _key: '1' }), 409, 1210);
    const closed = await collection({ keyOptions: { type: 'autoincrement', allowUserKeys: false } });
    expectError(await req('POST', `/_api/document/${closed}`, { _key: '1234' }), 400, 1222);
  });

  // testOutOfKeys1, testOutOfKeys2 (differed: a key past 2^53 was not tracked, and the
  // generator went on with "1")
  it('autoincrement: after the user key 18446744073709551615 the generator is out of keys (1225)', async () => {
    for (const increment of [1, 10]) {
      const c = await collection({ keyOptions: { type: 'autoincrement', allowUserKeys: true, offset: 0, increment } });
      assert.equal(bodyOf(await req('POST', `/_api/document/${c}`, { _key: '18446744073709551615' }))._key, '18446744073709551615');
      expectError(await req('POST', `/_api/document/${c}`, {}), 500, 1225, 'out of keys');
      assert.equal(await count(c), 1);
    }
  });

  // beyond the upstream file: ArangoDB's generator is uint64 arithmetic (KeyGenerator.cpp)
  it('autoincrement past 2^53: keys count on exactly up to 2^64-2, then out of keys (1225)', async () => {
    const c = await collection({ keyOptions: { type: 'autoincrement' } });
    assert.equal(bodyOf(await req('POST', `/_api/document/${c}`, { _key: '9007199254740993' }))._key, '9007199254740993');
    const next = [];
    for (let i = 0; i < 2; i++) next.push(bodyOf(await req('POST', `/_api/document/${c}`, {}))._key);
    assert.deepEqual(next, ['9007199254740994', '9007199254740995']);
    // AQL writes (a query transaction's own generator state) count on the same way
    const aql = bodyOf(await req('POST', '/_api/cursor', { query: `FOR i IN 1..2 INSERT {} INTO ${c} RETURN NEW._key` }));
    assert.deepEqual(aql.result, ['9007199254740996', '9007199254740997']);
    assert.equal(bodyOf(await req('POST', `/_api/document/${c}`, {}))._key, '9007199254740998');
    // an offset near 2^64, read exactly from the body's text (JSON.parse would round it)
    const near = await collection({ keyOptions: { type: 'autoincrement', offset: 1 } });
    await req('DELETE', `/_api/collection/${near}`);
    const raw = `{"name":"${near}","keyOptions":{"type":"autoincrement","increment":3,"offset":18446744073709551609}}`;
    assert.equal((await req('POST', '/_api/collection', raw)).statusCode, 200);
    const got = [];
    for (let i = 0; i < 2; i++) got.push(bodyOf(await req('POST', `/_api/document/${near}`, {}))._key);
    assert.deepEqual(got, ['18446744073709551609', '18446744073709551612']);
    expectError(await req('POST', `/_api/document/${near}`, {}), 500, 1225, 'out of keys'); // 2^64-1 is no key
    assert.equal(await count(near), 2);
    // a user key past 2^64-1 is stored but not tracked
    const big = await collection({ keyOptions: { type: 'autoincrement' } });
    assert.equal((await req('POST', `/_api/document/${big}`, { _key: '99999999999999999999' })).statusCode, 202);
    assert.equal(bodyOf(await req('POST', `/_api/document/${big}`, {}))._key, '1');
  });

  it('uuid and padded keys have their forms; padded and traditional keys grow and match lastValue', async () => {
    const uuid = await collection({ keyOptions: { type: 'uuid' } });
    assert.match(bodyOf(await req('POST', `/_api/document/${uuid}`, {}))._key, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const padded = await collection({ keyOptions: { type: 'padded' } });
    const p1 = bodyOf(await req('POST', `/_api/document/${padded}`, {}))._key;
    const p2 = bodyOf(await req('POST', `/_api/document/${padded}`, {}))._key;
    assert.match(p2, /^[0-9a-f]{16}$/);
    assert.ok(p2 > p1);
    const last = bodyOf(await req('GET', `/_api/collection/${padded}/properties`)).keyOptions.lastValue;
    assert.equal(last.toString(16).padStart(16, '0'), p2);
    const trad = await collection();
    const t1 = bodyOf(await req('POST', `/_api/document/${trad}`, {}))._key;
    const t2 = bodyOf(await req('POST', `/_api/document/${trad}`, {}))._key;
    assert.ok(Number(t2) > Number(t1));
    assert.equal(String(bodyOf(await req('GET', `/_api/collection/${trad}/properties`)).keyOptions.lastValue), t2);
  });

  it('allowUserKeys false refuses a _key with 1222 for every generator, and generates one', async () => {
    for (const type of ['traditional', 'padded', 'uuid', 'autoincrement']) {
      const c = await collection({ keyOptions: { type, allowUserKeys: false } });
      expectError(await req('POST', `/_api/document/${c}`, { _key: '1234' }), 400, 1222);
      assert.equal((await req('POST', `/_api/document/${c}`, {})).statusCode, 202, type);
      assert.equal(await count(c), 1);
    }
  });
});

// ---- database.js -----------------------------------------------------------------------------

describe('database.js', () => {
  it('names that are not NFC-normalized are 400/1208; proper Unicode names are created and dropped', async () => {
    for (const name of ['\u212b', 'A\u030a', 's\u0323\u0307', 'n\u0303\u00f1']) expectError(await req('POST', '/_api/database', { name }), 400, 1208);
    for (const name of ['mötör', '∀x∈ℝ ⌈x⌉ = −⌊−x⌋', '💩🍺🌧⛈🌩⚡🔥💥🌨', '\u00c5', '\u1e69']) {
      const res = await req('POST', '/_api/database', { name });
      assert.deepEqual([res.statusCode, bodyOf(res)], [201, { error: false, code: 201, result: true }], name);
      const drop = await req('DELETE', `/_api/database/${encodeURIComponent(name)}`);
      assert.deepEqual([drop.statusCode, bodyOf(drop)], [200, { error: false, code: 200, result: true }]);
    }
  });

  it('no name, " " and "_name" are 400/1208; a second create 409/1207; dropping an unknown one 404/1228', async () => {
    expectError(await req('POST', '/_api/database', '{ }'), 400, 1208);
    expectError(await req('POST', '/_api/database', { name: ' ' }), 400, 1208);
    expectError(await req('POST', '/_api/database', { name: '_UnitTestsDatabase' }), 400, 1208);
    assert.equal((await req('POST', '/_api/database', { name: 'UnitTestsDatabase', users: null })).statusCode, 201);
    expectError(await req('POST', '/_api/database', { name: 'UnitTestsDatabase' }), 409, 1207);
    assert.equal((await req('DELETE', '/_api/database/UnitTestsDatabase')).statusCode, 200);
    expectError(await req('DELETE', '/_api/database/UnitTestsDatabase'), 404, 1228);
    expectError(await req('POST', '/_api/database', { name: 'UnitTestsDatabase', users: [{}] }), 400, 400);
  });

  it('users given at creation are created with their extra and active flag', async () => {
    const res = await req('POST', '/_api/database', { name: 'UnitTestsDbUsers', users: [{ username: 'admin', password: 'secret', extra: { gender: 'm' } }, { user: 'foxx', active: false }] });
    assert.equal(res.statusCode, 201);
    const cur = bodyOf(await req('GET', '/_db/UnitTestsDbUsers/_api/database/current')).result;
    assert.deepEqual([cur.name, cur.isSystem], ['UnitTestsDbUsers', false]);
    const admin = bodyOf(await req('GET', '/_api/user/admin'));
    assert.deepEqual([admin.active, admin.extra.gender], [true, 'm']);
    assert.equal(bodyOf(await req('GET', '/_api/user/foxx')).active, false);
    await req('DELETE', '/_api/database/UnitTestsDbUsers');
    await req('DELETE', '/_api/user/admin');
    await req('DELETE', '/_api/user/foxx');
  });
});

// ---- computed values ---------------------------------------------------------------------
// ArangoDB's computed values shell tests (ComputedValuesAfterCreateCollectionTestSuite,
// ComputedValuesOnCollectionCreation*TestSuite). Differed: definitions were stored and
// never run, and subqueries, FOR, LET and data-reading functions were accepted.

describe('computed values', () => {
  const cv = (name: string, expression: string, more: Record<string, unknown> = {}) => ({ name, expression, overwrite: false, ...more });
  const withValues = async (computedValues: unknown[]): Promise<string> => {
    const c = await collection();
    const res = await req('PUT', `/_api/collection/${c}/properties`, { computedValues });
    assert.equal(res.statusCode, 200, res.body);
    return c;
  };
  const insertNew = async (c: string, doc: unknown) => bodyOf(await req('POST', `/_api/document/${c}?returnNew=true`, doc)).new;

  it('refuses definitions ArangoDB refuses with 400/10', async () => {
    const c = await collection();
    const BAD = [
      cv('newValue', "CONCAT(@doc.value1, '+')"),
      cv('newValue', "RETURN (RETURN CONCAT(@doc.value1, '+'))"),
      cv('newValue', 'RETURN (FOR i IN 1..10 RETURN i)'),
      cv('newValue', 'RETURN (LET temp1 = (RETURN 1))'),
      cv('_key', "RETURN CONCAT(@doc.value1, '+')"),
      cv('_rev', "RETURN CONCAT(@doc.value1, '+')"),
      cv('value', "RETURN 'foo'", { computeOn: 'insert' }),
      ...['COLLECTIONS()', 'CURRENT_DATABASE()', 'CURRENT_USER()', 'VERSION()', 'CALL("SUBSTRING", @doc.value1, 0, 2)', `DOCUMENT(${c}, "test")`, `COLLECTION_COUNT(${c})`, `SCHEMA_GET(${c}`, 'UnitTests::cv(1)'].map((f) =>
        cv('newValue', `RETURN ${f}`),
      ),
    ];
    for (const def of BAD) expectError(await req('PUT', `/_api/collection/${c}/properties`, { computedValues: [def] }), 400, 10);
  });

  it('keepNull: a null result is stored when true and left out when false', async () => {
    assert.deepEqual(Object.entries(await insertNew(await withValues([cv('newValue', 'RETURN @doc.foxx', { overwrite: true, keepNull: true })]), {})).pop(), ['newValue', null]);
    assert.equal('newValue' in (await insertNew(await withValues([cv('newValue', 'RETURN @doc.foxx', { overwrite: true, keepNull: false })]), {})), false);
  });

  it('an expression is not run when defined; a failing one fails each write with its error, naming the attribute', async () => {
    const c = await withValues([cv('value', "RETURN ASSERT(false, 'piff!')")]);
    const res = await req('POST', `/_api/document/${c}`, {});
    expectError(res, 400, 1593);
    assert.match(bodyOf(res).errorMessage, /for attribute 'value'.*piff!/);
    assert.equal(await count(c), 0);
  });

  it('a warning makes the value null, or fails the write with failOnWarning', async () => {
    assert.equal((await insertNew(await withValues([cv('newValue', 'RETURN 42 / @doc.value', { failOnWarning: false })]), {})).newValue, null);
    const res = await req('POST', `/_api/document/${await withValues([cv('newValue', 'RETURN 42 / @doc.value', { failOnWarning: true })])}`, {});
    expectError(res, 400, 1562);
    assert.match(bodyOf(res).errorMessage, /for attribute 'newValue'.*division by zero/);
  });

  it('computeOn: each operation computes only the values that name it', async () => {
    const expr = "RETURN CONCAT(@doc.value1, '+', @doc.value2)";
    for (const [on, afterInsert, afterUpdate, afterReplace] of [['insert', '+', '+', undefined], ['update', undefined, 'abc123+', undefined], ['replace', undefined, undefined, 'abc+']] as const) {
      const c = await withValues([cv('concatValues', expr, { overwrite: true, computeOn: [on] })]);
      const d = await insertNew(c, { value4: true });
      assert.equal(d.concatValues, afterInsert, on);
      const u = bodyOf(await req('PATCH', `/_api/document/${c}/${d._key}?returnNew=true`, { value1: 'abc123' })).new;
      assert.equal(u.concatValues, afterUpdate, on);
      const r = bodyOf(await req('PUT', `/_api/document/${c}/${d._key}?returnNew=true`, { value1: 'abc' })).new;
      assert.equal(r.concatValues, afterReplace, on);
    }
  });

  it('every value sees the same @doc; an update sees the merged document; overwrite false keeps what is there', async () => {
    const c = await withValues([cv('concatValues', "RETURN CONCAT(@doc.value1, '+', @doc.value2)"), cv('value3', "return CONCAT(@doc.concatValues, ' ')")]);
    const d = await insertNew(c, { value1: 'test1', value2: 'abc' });
    assert.deepEqual([d.concatValues, d.value3], ['test1+abc', ' ']);
    await req('PUT', `/_api/collection/${c}/properties`, {
      computedValues: [
        cv('concatValues', "RETURN CONCAT(@doc.value1, '+', @doc.value2)", { computeOn: ['update'], overwrite: true }),
        cv('value3', "return CONCAT(@doc.concatValues, '+', @doc.value1)", { computeOn: ['update'], overwrite: true }),
      ],
    });
    const res = bodyOf(await req('POST', '/_api/cursor', { query: `FOR doc IN ${c} UPDATE doc WITH {value2: "123"} IN ${c} RETURN {old: OLD.concatValues, new: NEW}` })).result[0];
    assert.deepEqual([res.new.concatValues, res.new.value3], ['test1+123', `${res.old}+test1`]);
    const kept = await withValues([cv('concatValues', "RETURN CONCAT(@doc.value1, '+', @doc.value2)")]);
    assert.equal((await insertNew(kept, { value1: 'a', value2: 'b', concatValues: 'mine' })).concatValues, 'mine');
  });

  it('schema validation checks the document with its computed values', async () => {
    const c = await collection({
      schema: { rule: { type: 'object', properties: { value1: { type: 'boolean' } }, required: ['value1'] }, level: 'moderate', message: 'Schema validation failed' },
      computedValues: [cv('value1', "RETURN CONCAT(@doc.value1, '+', @doc.value2)", { overwrite: true })],
    });
    const res = bodyOf(await req('POST', `/_api/document/${c}`, [{ value1: true, value2: true }, { value1: false, value2: false }]));
    assert.deepEqual(res.map((r: any) => [r.errorNum, r.errorMessage]), [[1620, 'Schema validation failed'], [1620, 'Schema validation failed']]);
    assert.equal(await count(c), 0);
  });

  it('RAND() is evaluated for every document; array operators and AQL INSERT work', async () => {
    const c = await withValues([cv('r', 'RETURN TO_STRING(RAND())', { computeOn: ['insert'] }), cv('even', 'RETURN @doc.values[* FILTER CURRENT % 2 == 0 LIMIT 0,1 RETURN CURRENT]')]);
    const docs = bodyOf(await req('POST', `/_api/document/${c}?returnNew=true`, Array.from({ length: 20 }, () => ({ values: [1, 2, 3, 4] })))).map((d: any) => d.new);
    assert.ok(new Set(docs.map((d: any) => d.r)).size >= 10);
    assert.deepEqual(docs[0].even, [2]);
    const viaAql = bodyOf(await req('POST', '/_api/cursor', { query: `INSERT { values: [5, 6] } INTO ${c} RETURN NEW.even` }));
    assert.deepEqual(viaAql.result, [[6]]);
  });
});
