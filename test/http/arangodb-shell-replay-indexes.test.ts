// Cases of ArangoDB's tests/js/common/shell/shell-index-ensure.js (3.12: persistent
// indexes) and shell-index.js replayed over HTTP as arangosh's collection.ensureIndex() sends them (POST
// /_api/index?collection=<c>). Inputs and expected answers are upstream's, restated in
// Cairn's words.
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
const CN = 'UnitTestsCollectionIdx';
const ensure = (def: unknown) => call('POST', `/_api/index?collection=${CN}`, def);
const indexes = async (): Promise<any[]> => (await call('GET', `/_api/index?collection=${CN}`)).body.indexes;
const DUPLICATE = { error: true, code: 400, errorNum: 1005, errorMessage: 'duplicate value for `id` or `name`' };

describe('shell-index-ensure.js: ensureIndexSuite', () => {
  beforeEach(async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    assert.equal((await call('POST', '/_api/collection', { name: CN })).status, 200);
  });

  it('testEnsureId1: the index gets the id the client asks for, also in the list', async () => {
    const r = await ensure({ type: 'persistent', fields: ['a'], id: '273475235' });
    assert.equal(r.status, 201);
    assert.equal(r.body.id, `${CN}/273475235`);
    assert.equal(r.body.name, 'idx_273475235');
    const last = (await indexes()).at(-1);
    assert.equal(last.id, `${CN}/273475235`);
    assert.deepEqual(last.fields, ['a']);
    assert.equal((await call('GET', `/_api/index/${CN}/273475235`)).body.fields[0], 'a');
  });

  it('an id given as a number counts too; one that is no number asks for none', async () => {
    assert.equal((await ensure({ type: 'persistent', fields: ['n'], id: 4711 })).body.id, `${CN}/4711`);
    for (const id of ['abc', '', -3, 0, null, `${CN}/99`]) {
      const r = await ensure({ type: 'persistent', fields: [`f${String(id)}`], id });
      assert.equal(r.status, 201, String(id));
      assert.notEqual(r.body.id, `${CN}/99`);
      assert.match(r.body.id, new RegExp(`^${CN}/\\d+$`));
    }
  });

  it('testEnsureId3: the same id for another index type is 400/1005', async () => {
    assert.equal((await ensure({ type: 'persistent', fields: ['b', 'd'], id: '2734752388' })).status, 201);
    assert.deepEqual((await ensure({ type: 'geo', fields: ['a'], id: '2734752388' })).body, DUPLICATE);
    // same type and id: ArangoDB's Index::matchesDefinition looks no further (the existing one)
    const same = await ensure({ type: 'persistent', fields: ['a', 'c'], id: '2734752388' });
    assert.equal(same.status, 200);
    assert.deepEqual(same.body.fields, ['b', 'd']);
    assert.equal((await indexes()).length, 2);
  });

  it('testEnsureId4: the same id and type returns the existing index, whatever else is asked', async () => {
    const first = await ensure({ type: 'persistent', fields: ['b', 'd'], name: 'name', id: '2734752388' });
    assert.equal(first.body.name, 'name');
    const again = await ensure({ type: 'persistent', fields: ['b', 'd'], id: '2734752388' });
    assert.equal(again.status, 200);
    assert.equal(again.body.isNewlyCreated, false);
    assert.equal(again.body.id, `${CN}/2734752388`);
    assert.equal(again.body.name, 'name');
  });

  it('testEnsureName4: a definition equal to an index made with an id finds it by definition', async () => {
    await ensure({ type: 'persistent', fields: ['b', 'd'], name: 'old', id: '2734752388' });
    const again = await ensure({ type: 'persistent', fields: ['b', 'd'], name: 'old' });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, `${CN}/2734752388`);
  });

  it('testEnsureName2: a name taken by another definition is 400/1005', async () => {
    assert.equal((await ensure({ type: 'persistent', fields: ['b', 'd'], name: 'byValue' })).status, 201);
    assert.deepEqual((await ensure({ type: 'persistent', fields: ['a', 'c'], name: 'byValue' })).body, DUPLICATE);
  });

  it('testEnsureTypeForbidden1/2: primary and edge indexes are 403/11', async () => {
    for (const type of ['primary', 'edge']) {
      assert.deepEqual((await ensure({ type })).body, { error: true, code: 403, errorNum: 11, errorMessage: 'forbidden' });
    }
  });

  it('generated ids step over ids a client took', async () => {
    // take the next few ids of the counter, then create indexes without one
    const probe = (await ensure({ type: 'persistent', fields: ['p'] })).body.id as string;
    const next = Number(probe.split('/')[1]);
    for (let i = 1; i <= 5; i++) assert.equal((await ensure({ type: 'persistent', fields: [`t${i}`], id: String(next + i) })).status, 201);
    for (let i = 0; i < 5; i++) assert.equal((await ensure({ type: 'persistent', fields: [`g${i}`] })).status, 201, `g${i}`);
    const ids = (await indexes()).map((ix) => ix.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('shell-index-ensure.js: testEnsureUniquePersistentOnArray', () => {
  it('`1 IN doc.value` is an array index lookup, as `1 IN doc.value[*]`', async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    await call('POST', '/_api/collection', { name: CN });
    await ensure({ type: 'persistent', unique: true, fields: ['value[*]'] });
    await call('POST', `/_api/document/${CN}`, Array.from({ length: 100 }, (_, i) => ({ _key: `test${i}`, value: [i] })));
    const q = `FOR doc IN ${CN} FILTER 1 IN doc.value RETURN doc._key`;
    const plan = (await call('POST', '/_api/explain', { query: q })).body.plan;
    const ix = plan.nodes.find((n: any) => n.type === 'IndexNode');
    assert.ok(ix, JSON.stringify(plan.nodes.map((n: any) => n.type)));
    assert.equal(ix.indexes[0].type, 'persistent');
    assert.deepEqual(ix.indexes[0].fields, ['value[*]']);
    assert.deepEqual((await call('POST', '/_api/cursor', { query: q })).body.result, ['test1']);
    for (const value of [['1'], ['othervalue'], ['othervalue', 'morevalues']]) {
      assert.equal((await call('PATCH', `/_api/document/${CN}/test1`, { value })).status, 202);
    }
  });
});

describe('shell-index.js: indexSuite', () => {
  it('testIndexByName, testDropIndexByName, testGetNonExistingIndexes, testGetIndexDropped', async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    await call('POST', '/_api/collection', { name: CN });
    const ix = (await ensure({ type: 'geo', fields: ['a'] })).body;
    assert.equal((await call('GET', `/_api/index/${CN}/${ix.name}`)).body.id, ix.id);
    for (const id of ['2444334000000', '9999999999999']) {
      assert.deepEqual((await call('GET', `/_api/index/${CN}/${id}`)).body, { error: true, code: 404, errorNum: 1212, errorMessage: 'index not found' });
    }
    assert.equal((await call('DELETE', `/_api/index/${CN}/${ix.name}`)).status, 200);
    assert.equal((await call('DELETE', `/_api/index/${CN}/${ix.name}`)).body.errorNum, 1212);
    const again = (await ensure({ type: 'persistent', fields: ['test'] })).body;
    await call('DELETE', `/_api/collection/${CN}`);
    const gone = { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' };
    assert.deepEqual((await call('GET', `/_api/index/${again.id}`)).body, gone);
    assert.deepEqual((await call('GET', `/_api/index?collection=${CN}`)).body, gone);
  });
});
