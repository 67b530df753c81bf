// Geo, fulltext and mdi indexes through /_api/index as ArangoDB 3.12 answers them:
// validation (400/10 with its texts), defaults and descriptions, an equal definition
// returning the existing index, mdi's numeric-only values and unique constraint, and the
// indexes surviving a truncate and a restart and going with their collection; a query
// reading an mdi index.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

describe('geo, fulltext and mdi indexes', () => {
  let s: TestServer;
  const dir = tempDir();
  before(async () => {
    s = await startServer([], { dir });
    for (const name of ['g', 'f', 'm', 'u', 'sp', 'keep']) {
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
  const bad = (errorMessage: string) => ({ error: true, code: 400, errorNum: 10, errorMessage });

  describe('geo', () => {
    it('creates a one-field index with ArangoDB defaults, then returns it again', async () => {
      const r = await create('g', { type: 'geo', fields: ['loc'] });
      assert.equal(r.status, 201);
      assert.match(r.body.id, /^g\/\d+$/);
      assert.deepEqual(r.body, {
        bestIndexedLevel: 17,
        fields: ['loc'],
        geoJson: false,
        id: r.body.id,
        legacyPolygons: false,
        maxNumCoverCells: 8,
        name: `idx_${r.body.id.split('/')[1]}`,
        sparse: true,
        type: 'geo',
        unique: false,
        worstIndexedLevel: 4,
        isNewlyCreated: true,
        error: false,
        code: 201,
      });
      const again = await create('g', { type: 'geo', fields: ['loc'] });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, r.body.id);
      assert.equal(again.body.isNewlyCreated, false);
      // geoJson makes another index
      const json = await create('g', { type: 'geo', fields: ['loc'], geoJson: true, legacyPolygons: true });
      assert.equal(json.status, 201);
      assert.notEqual(json.body.id, r.body.id);
      assert.equal(json.body.geoJson, true);
      assert.equal(json.body.legacyPolygons, true);
    });

    it('takes two fields (geoJson does not apply), legacy geo1/geo2 as geo, sparse and unique forced', async () => {
      const r = await create('g', { type: 'geo2', fields: ['lat', 'lon'], geoJson: true, sparse: false, unique: true });
      assert.equal(r.status, 201);
      assert.equal(r.body.type, 'geo');
      assert.deepEqual(r.body.fields, ['lat', 'lon']);
      assert.equal(r.body.geoJson, false);
      assert.equal(r.body.sparse, true);
      assert.equal(r.body.unique, false);
      const one = await create('g', { type: 'geo1', fields: ['pos'] });
      assert.equal(one.body.type, 'geo');
    });

    it('refuses an unknown type, also one named like an object property', async () => {
      for (const type of ['geo3', 'constructor', 'toString', '__proto__']) {
        assert.deepEqual((await create('g', { type, fields: ['a'] })).body, bad(`invalid index type '${type}'`));
      }
    });

    it('refuses no field, three fields, duplicates, _id and [*]', async () => {
      assert.deepEqual((await create('g', { type: 'geo', fields: [] })).body, bad('invalid number of index attributes'));
      assert.deepEqual((await create('g', { type: 'geo' })).body, bad('invalid number of index attributes'));
      assert.deepEqual((await create('g', { type: 'geo', fields: ['a', 'b', 'c'] })).body, bad('invalid number of index attributes'));
      assert.deepEqual((await create('g', { type: 'geo', fields: ['a', 'a'] })).body, bad('duplicate attribute name in index fields list'));
      assert.deepEqual((await create('g', { type: 'geo', fields: ['_id'] })).body, bad('_id attribute cannot be indexed'));
      assert.deepEqual((await create('g', { type: 'geo', fields: [1] })).body, bad('index field names must be non-empty strings'));
      assert.equal((await create('g', { type: 'geo', fields: ['a[*]'] })).body.errorNum, 10);
    });
  });

  describe('fulltext', () => {
    it('creates an index with minLength 2 by default; another minLength is another index', async () => {
      const r = await create('f', { type: 'fulltext', fields: ['text'] });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, {
        fields: ['text'],
        id: r.body.id,
        minLength: 2,
        name: `idx_${r.body.id.split('/')[1]}`,
        sparse: true,
        type: 'fulltext',
        unique: false,
        isNewlyCreated: true,
        error: false,
        code: 201,
      });
      assert.equal((await create('f', { type: 'fulltext', fields: ['text'], minLength: 2 })).body.isNewlyCreated, false);
      const three = await create('f', { type: 'fulltext', fields: ['text'], minLength: 3 });
      assert.equal(three.status, 201);
      assert.equal(three.body.minLength, 3);
      assert.equal((await create('f', { type: 'fulltext', fields: ['sub.text'], minLength: 0 })).body.minLength, 1);
    });

    it('refuses other than exactly one field and a minLength that is not a number', async () => {
      assert.deepEqual((await create('f', { type: 'fulltext', fields: ['a', 'b'] })).body, bad('invalid number of index attributes'));
      assert.deepEqual((await create('f', { type: 'fulltext', fields: [] })).body, bad('invalid number of index attributes'));
      assert.equal((await create('f', { type: 'fulltext', fields: ['a'], minLength: 'x' })).body.errorNum, 10);
    });
  });

  describe('mdi', () => {
    it('creates mdi (sparse), mdi-prefixed and zkd indexes as arangojs sends them', async () => {
      const r = await create('m', { type: 'mdi', fields: ['x', 'y', 'z'], fieldValueTypes: 'double', sparse: true });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, {
        fieldValueTypes: 'double',
        fields: ['x', 'y', 'z'],
        id: r.body.id,
        name: `idx_${r.body.id.split('/')[1]}`,
        sparse: true,
        type: 'mdi',
        unique: false,
        isNewlyCreated: true,
        error: false,
        code: 201,
      });
      assert.equal((await create('m', { type: 'mdi', fields: ['x', 'y', 'z'], fieldValueTypes: 'double', sparse: true })).body.isNewlyCreated, false);
      const p = await create('m', { type: 'mdi-prefixed', fields: ['x', 'y'], prefixFields: ['kind'], fieldValueTypes: 'double', storedValues: ['w'] });
      assert.equal(p.status, 201);
      assert.equal(p.body.type, 'mdi-prefixed');
      assert.deepEqual(p.body.prefixFields, ['kind']);
      assert.deepEqual(p.body.storedValues, ['w']);
      assert.equal(p.body.estimates, true);
      const z = await create('m', { type: 'zkd', fields: ['x', 'y'], fieldValueTypes: 'double' });
      assert.equal(z.body.type, 'zkd');
    });

    it('requires fieldValueTypes "double" and prefixFields for mdi-prefixed', async () => {
      const msg = 'mdi index requires `fieldValueTypes` to be set to `double` - future releases might lift this requirement';
      assert.deepEqual((await create('m', { type: 'mdi', fields: ['x'] })).body, bad(msg));
      assert.deepEqual((await create('m', { type: 'mdi', fields: ['x'], fieldValueTypes: 'int' })).body, bad(msg));
      assert.equal((await create('m', { type: 'mdi-prefixed', fields: ['x'], fieldValueTypes: 'double' })).body.errorNum, 10);
      assert.deepEqual((await create('m', { type: 'mdi', fields: [], fieldValueTypes: 'double' })).body, bad('invalid number of index attributes'));
    });

    it('refuses documents whose indexed values are not numbers (1561); sparse leaves out missing ones', async () => {
      await create('u', { type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double' });
      assert.equal((await req('POST', '/_api/document/u', { x: 1, y: 2 })).status, 202);
      const r = await req('POST', '/_api/document/u', { x: 'a', y: 2 });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorNum, 1561);
      assert.equal((await req('POST', '/_api/document/u', { x: 1 })).body.errorNum, 1561);
      await create('sp', { type: 'mdi', fields: ['a'], fieldValueTypes: 'double', sparse: true });
      assert.equal((await req('POST', '/_api/document/sp', { b: 1 })).status, 202);
      assert.equal((await req('POST', '/_api/document/sp', { a: null })).status, 202);
      assert.equal((await req('POST', '/_api/document/sp', { a: '1' })).body.errorNum, 1561);
      // an index over existing non-numeric values cannot be created
      assert.equal((await create('sp', { type: 'mdi', fields: ['b', 'c'], fieldValueTypes: 'double' })).body.errorNum, 1561);
    });

    it('enforces unique over the whole tuple of values', async () => {
      const r = await create('u', { type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double', unique: true });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.unique, true);
      const dup = await req('POST', '/_api/document/u', { x: 1, y: 2 });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.errorNum, 1210);
      assert.equal((await req('POST', '/_api/document/u', { x: 1, y: 3 })).status, 202);
    });
  });

  it('keeps the indexes over a truncate and a restart, and drops them with the collection', async () => {
    const ids = [
      (await create('keep', { type: 'geo', fields: ['lat', 'lon'] })).body.id,
      (await create('keep', { type: 'fulltext', fields: ['t'], minLength: 4 })).body.id,
      (await create('keep', { type: 'mdi', fields: ['x'], fieldValueTypes: 'double', sparse: true })).body.id,
    ];
    assert.equal((await req('PUT', '/_api/collection/keep/truncate')).status, 200);
    await s.close();
    s = await startServer([], { dir });
    const list = (await req('GET', '/_api/index?collection=keep')).body.indexes;
    assert.deepEqual(list.map((i: { id: string }) => i.id), ['keep/0', ...ids]);
    assert.equal(list[2].minLength, 4);
    const one = await req('GET', `/_api/index/${ids[0]}`);
    assert.equal(one.body.type, 'geo');
    assert.equal((await req('DELETE', `/_api/index/${ids[2]}`)).status, 200);
    assert.equal((await req('GET', `/_api/index/${ids[2]}`)).body.errorNum, 1212);
    assert.equal((await req('DELETE', '/_api/collection/keep')).status, 200);
    await req('POST', '/_api/collection', { name: 'keep' });
    assert.equal((await req('GET', '/_api/index?collection=keep')).body.indexes.length, 1);
  });

  it('queries read an mdi index: a filter on its fields goes through it, not a scan', async () => {
    const r = await req('POST', '/_api/cursor', { query: 'FOR d IN u FILTER d.x == 1 RETURN d.y' });
    assert.deepEqual(r.body.result.sort(), [2, 3]);
    assert.equal(r.body.extra.stats.scannedFull, 0);
    assert.ok(r.body.extra.stats.scannedIndex >= 2);
  });
});
