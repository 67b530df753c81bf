// Cases of ArangoDB's shell tests of collection schemas, replayed over HTTP as arangosh
// sends them: tests/js/common/shell/multi/shell-validation.js (skipDocumentValidation on
// document writes and in AQL OPTIONS, SCHEMA_GET, SCHEMA_VALIDATE) and the schema cases of
// tests/js/common/shell/shell-collection-computed-values.js. Inputs and expected answers
// are upstream's, restated in Cairn's words.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callJson, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

const call = (method: string, url: string, body?: unknown) => callJson(s, method, url, body);
async function query(q: string) {
  return call('POST', '/_api/cursor', { query: q });
}
async function rows(q: string): Promise<any[]> {
  const r = await query(q);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.result;
}
function fails(r: { status: number; body: any }, status: number, errorNum: number, message?: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error, true);
  assert.equal(r.body.code, status);
  assert.equal(r.body.errorNum, errorNum);
  if (message !== undefined) assert.equal(r.body.errorMessage, message);
}
async function only(cn: string): Promise<any> {
  const all = await rows(`FOR d IN ${cn} RETURN d`);
  assert.equal(all.length, 1);
  return all[0];
}

const CN = 'TestValidationCollection';
const SCHEMA = {
  level: 'strict',
  type: 'json',
  rule: {
    type: 'object',
    properties: {
      numArray: { type: 'array', items: { type: 'number', maximum: 6 } },
      name: { type: 'string', minLength: 4, maxLength: 10 },
      number: { type: 'number', items: { minimum: 1000000 } },
    },
    additionalProperties: false,
  },
  message: 'Schema validation failed',
};
const GOOD = { numArray: [1, 2, 3, 4] };
const BAD = { numArray: '1, 2, 3, 4' };

describe('shell-validation.js: ValidationBasicsSuite', () => {
  beforeEach(async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    assert.equal((await call('POST', '/_api/collection', { name: CN, schema: SCHEMA, numberOfShards: 3 })).status, 200);
  });

  it('testDocumentsShellInsertBadSkip: skipDocumentValidation=true stores a document the schema refuses', async () => {
    fails(await call('POST', `/_api/document/${CN}`, BAD), 400, 1620, 'Schema validation failed');
    const r = await call('POST', `/_api/document/${CN}?skipDocumentValidation=true`, BAD);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual((await only(CN)).numArray, '1, 2, 3, 4');
  });

  it('testDocumentsShellInsertBadSkip (arrays): the option covers every document of a batch', async () => {
    const r = await call('POST', `/_api/document/${CN}?skipDocumentValidation=true`, [BAD, BAD]);
    assert.equal(r.status, 202);
    assert.equal(r.body.filter((x: any) => x.error).length, 0);
    assert.equal((await rows(`RETURN LENGTH(${CN})`))[0], 2);
  });

  it('testDocumentsShellUpdateBadSkip and testDocumentsShellReplaceBadSkip', async () => {
    const d = (await call('POST', `/_api/document/${CN}`, GOOD)).body;
    fails(await call('PATCH', `/_api/document/${CN}/${d._key}`, BAD), 400, 1620);
    fails(await call('PUT', `/_api/document/${CN}/${d._key}`, BAD), 400, 1620);
    assert.equal((await call('PATCH', `/_api/document/${CN}/${d._key}?skipDocumentValidation=true`, BAD)).status, 202);
    assert.equal((await only(CN)).numArray, '1, 2, 3, 4');
    assert.equal((await call('PUT', `/_api/document/${CN}/${d._key}?skipDocumentValidation=true`, { numArray: 'x' })).status, 202);
    assert.equal((await only(CN)).numArray, 'x');
  });

  it('testAQLInsertBadSkip, testAQLUpdateBadSkip, testAQLReplaceBadSkip: OPTIONS { skipDocumentValidation: true }', async () => {
    fails(await query(`INSERT { "numArray": "1, 2, 3, 4" } INTO ${CN}`), 400, 1620);
    await rows(`INSERT { _key: "k", "numArray": "1, 2, 3, 4" } INTO ${CN} OPTIONS { "skipDocumentValidation" : true }`);
    assert.equal((await only(CN)).numArray, '1, 2, 3, 4');
    await rows(`UPDATE "k" WITH { "numArray": [1, 2] } IN ${CN}`);
    fails(await query(`UPDATE "k" WITH { "numArray": "a" } IN ${CN}`), 400, 1620);
    await rows(`UPDATE "k" WITH { "numArray": "a" } IN ${CN} OPTIONS { "skipDocumentValidation": true }`);
    assert.equal((await only(CN)).numArray, 'a');
    await rows(`REPLACE "k" WITH { "numArray": "b" } IN ${CN} OPTIONS { "skipDocumentValidation": true }`);
    assert.equal((await only(CN)).numArray, 'b');
  });

  it('a JavaScript transaction passes skipDocumentValidation on (collection.insert options)', async () => {
    const action = `function () {
      const db = require('@arangodb').db;
      db.${CN}.insert({ numArray: 'x' }, { skipDocumentValidation: true });
      try { db.${CN}.insert({ numArray: 'y' }); } catch (e) { return [e.errorNum, db.${CN}.count()]; }
      return 'no error';
    }`;
    const r = await call('POST', '/_api/transaction', { collections: { write: CN }, action });
    assert.deepEqual(r.body.result, [1620, 1]);
  });

  it('explain shows the skipDocumentValidation flag of a modification', async () => {
    const r = await call('POST', '/_api/explain', { query: `INSERT {} INTO ${CN} OPTIONS { skipDocumentValidation: true }` });
    assert.equal(r.status, 200);
    const node = r.body.plan.nodes.find((n: any) => n.type === 'InsertNode');
    assert.equal(node.modificationFlags.skipDocumentValidation, true);
  });

  it('testLevelNew: with skipDocumentValidation, then changes of a refused document pass', async () => {
    assert.equal((await call('PUT', `/_api/collection/${CN}/properties`, { schema: { ...SCHEMA, level: 'new' } })).status, 200);
    const d = (await call('POST', `/_api/document/${CN}?skipDocumentValidation=true`, BAD)).body;
    fails(await call('POST', `/_api/document/${CN}`, BAD), 400, 1620);
    assert.equal((await call('PUT', `/_api/document/${CN}/${d._key}`, BAD)).status, 202);
    assert.equal((await call('PATCH', `/_api/document/${CN}/${d._key}`, BAD)).status, 202);
  });

  it('testAQLSchemaGet: SCHEMA_GET returns the schema as stored', async () => {
    assert.deepEqual(await rows(`RETURN SCHEMA_GET("${CN}")`), [SCHEMA]);
  });

  it('testAQLSchemaGetNoCollection: an unknown collection is 1203', async () => {
    fails(await query('RETURN SCHEMA_GET("nonExistingTestCollection")'), 404, 1203, 'AQL: could not find collection: nonExistingTestCollection (while executing)');
  });

  it('testAQLSchemaGetNull: no schema gives null; a name that is no string is 10', async () => {
    assert.equal((await call('PUT', `/_api/collection/${CN}/properties`, { schema: {} })).status, 200);
    assert.deepEqual(await rows(`RETURN SCHEMA_GET("${CN}")`), [null]);
    fails(await query('RETURN SCHEMA_GET(1)'), 400, 10);
  });

  it('testAqlSchemaValidate: documents, results and errors', async () => {
    const S = '{ "rule": { "properties": { "foo": { "type": "string" } } }, "message": "Schema validation failed" }';
    for (const doc of ['null', '"foo"', '[]']) {
      const r = await query(`RETURN SCHEMA_VALIDATE(${doc}, ${S})`);
      assert.deepEqual(r.body.result, [null]);
      assert.deepEqual(r.body.extra.warnings, [{ code: 1542, message: "in function 'SCHEMA_VALIDATE()': expecting document object" }]);
    }
    assert.deepEqual(await rows(`RETURN SCHEMA_VALIDATE({ "foo": 24 }, ${S})`), [{ valid: false, errorMessage: 'Schema validation failed' }]);
    assert.deepEqual(await rows('RETURN SCHEMA_VALIDATE({ "foo": "bar" }, { "rule": { "properties": { "foo": { "type": "string" } } } })'), [{ valid: true }]);
    assert.deepEqual(await rows('RETURN SCHEMA_VALIDATE({ "foo": "bar" }, null)'), [{ valid: true }]);
    assert.deepEqual(await rows('RETURN SCHEMA_VALIDATE({ "foo": "bar" }, {})'), [{ valid: true }]);
    fails(await query('RETURN SCHEMA_VALIDATE({"foo": "bar"}, [])'), 400, 10, 'AQL: second parameter is not a schema object: [] (while executing)');
  });

  it('SCHEMA_VALIDATE checks whatever the level says, and refuses a schema without a rule (1621)', async () => {
    assert.deepEqual(await rows('RETURN SCHEMA_VALIDATE({ a: 1 }, { rule: { properties: { a: { type: "string" } } }, level: "none" })'), [{ valid: false, errorMessage: 'Schema validation failed' }]);
    assert.deepEqual(await rows('RETURN SCHEMA_VALIDATE({ _key: "x", a: "y" }, { rule: { properties: { a: { type: "string" } }, additionalProperties: false } })'), [{ valid: true }]);
    fails(await query('RETURN SCHEMA_VALIDATE({ a: 1 }, { message: "m" })'), 400, 1621);
    fails(await query('RETURN SCHEMA_VALIDATE({ a: 1 }, { rule: {}, level: "sometimes" })'), 400, 1621);
  });
});

describe('shell-validation.js: ValidationEdgeSuite', () => {
  const EN = 'TestValidationEdgeCollection';
  beforeEach(async () => {
    await call('DELETE', `/_api/collection/${EN}`);
    const schema = { level: 'strict', rule: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }, message: 'Schema validation failed' };
    assert.equal((await call('POST', '/_api/collection', { name: EN, type: 3, schema })).status, 200);
  });

  it('testDocumentsShellInsertEdgeBadSkip and testAQLUpdateEdgeBadSkip', async () => {
    const bad = { _from: 'vert/A', _to: 'vert/B', additional: true };
    fails(await call('POST', `/_api/document/${EN}`, bad), 400, 1620);
    assert.equal((await call('POST', `/_api/document/${EN}?skipDocumentValidation=true`, bad)).status, 202);
    const d = (await call('POST', `/_api/document/${EN}`, { _from: 'vert/A', _to: 'vert/B' })).body;
    fails(await query(`UPDATE { "_key": "${d._key}", "additional": true } IN ${EN}`), 400, 1620);
    await rows(`UPDATE { "_key": "${d._key}", "additional": true } IN ${EN} OPTIONS { "skipDocumentValidation": true }`);
    assert.equal((await rows(`FOR e IN ${EN} FILTER e.additional RETURN 1`)).length, 2);
  });
});
