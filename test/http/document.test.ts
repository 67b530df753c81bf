// The document API (/_api/document) as ArangoDB 3.12 answers it: single and multi-document
// insert, read, replace, update and remove; revisions and preconditions; keys and key
// generators; edges; unique indexes; silent, returnNew/returnOld, overwriteMode; restarts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { collectionSpec, bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';
import type { CollectionRecord, KeyOptions } from '../../src/storage/catalog.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';

const REV = /^[-_A-Za-z0-9]{11}$/;
const DB = '_system';

interface ColOpts {
  type?: 2 | 3;
  waitForSync?: boolean;
  keyOptions?: KeyOptions;
}

let seq = 0;
/** A fresh collection straight through the catalog (the collection API is another file's). */
async function collection(t: TestServer, opts: ColOpts = {}): Promise<CollectionRecord> {
  return t.server.storage.catalog.createCollection(DB, collectionSpec(`c${++seq}`, opts));
}

/** Replaces every _rev/_oldRev value (checked against the revision form) with 'REV'. */
function norm(v: unknown): any {
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '_rev' || k === '_oldRev') {
      assert.match(String(x), REV, `${k} has the revision form`);
      out[k] = 'REV';
    } else out[k] = norm(x);
  }
  return out;
}

function expectBody(res: LightMyRequestResponse, status: number, expected: unknown): any {
  assert.equal(res.statusCode, status, res.body);
  const b = bodyOf(res);
  assert.deepEqual(norm(b), expected);
  return b;
}

function expectError(res: LightMyRequestResponse, status: number, errorNum: number, errorMessage: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.deepEqual(bodyOf(res), { error: true, code: status, errorNum, errorMessage });
}

const itemError = (errorNum: number, errorMessage: string) => ({ error: true, errorNum, errorMessage });

describe('document API', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer(['--auth', 'false']);
  });
  after(async () => {
    await t.close();
  });

  const req = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => t.request({ method, url, body, headers });
  const insert = async (c: string, doc: unknown, query = '') => bodyOf(await req('POST', `/_api/document/${c}${query}`, doc));
  const get = (c: string, key: string, headers?: Record<string, string>) => req('GET', `/_api/document/${c}/${encodeURIComponent(key)}`, undefined, headers);

  describe('POST (insert)', () => {
    it('inserts one document: 202, its identity, a quoted etag and a location', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document/${c}`, { a: 1 });
      const b = bodyOf(res);
      assert.equal(res.statusCode, 202);
      assert.match(b._key, /^\d+$/);
      assert.deepEqual(norm(b), { _id: `${c}/${b._key}`, _key: b._key, _rev: 'REV' });
      assert.equal(res.headers.etag, `"${b._rev}"`);
      assert.equal(res.headers.location, `/_db/_system/_api/document/${c}/${b._key}`);
      expectBody(await get(c, b._key), 200, { _key: b._key, _id: `${c}/${b._key}`, _rev: 'REV', a: 1 });
    });

    it('answers 201 when the request or the collection waits for sync', async () => {
      const c = (await collection(t)).name;
      assert.equal((await req('POST', `/_api/document/${c}?waitForSync=true`, {})).statusCode, 201);
      const synced = (await collection(t, { waitForSync: true })).name;
      assert.equal((await req('POST', `/_api/document/${synced}`, {})).statusCode, 201);
      assert.equal((await req('POST', `/_api/document/${synced}?waitForSync=false`, {})).statusCode, 201);
    });

    it('accepts the 1.x form with ?collection= and wants a collection', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document?collection=${c}`, { _key: 'old-form' });
      expectBody(res, 202, { _id: `${c}/old-form`, _key: 'old-form', _rev: 'REV' });
      assert.equal(res.headers.location, `/_db/_system/_api/document/${c}/old-form`);
      expectError(
        await req('POST', '/_api/document', {}),
        400,
        1204,
        "'collection' is missing, expecting /_api/document POST /_api/document/<collection> or query parameter 'collection'",
      );
    });

    it('names an unknown collection in its 404', async () => {
      expectError(await req('POST', '/_api/document/nope', {}), 404, 1203, 'collection or view not found: nope');
    });

    it('rejects a body that is not JSON with 600', async () => {
      const c = (await collection(t)).name;
      const res = await t.request({ method: 'POST', url: `/_api/document/${c}`, rawBody: '{"a":', headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 400);
      const b = bodyOf(res);
      assert.match(b.errorMessage, /^VPackError error: /);
      assert.deepEqual({ ...b, errorMessage: '' }, { error: true, code: 400, errorNum: 600, errorMessage: '' });
    });

    it('rejects a document that is not an object with 1227, alone or as an array item', async () => {
      const c = (await collection(t)).name;
      expectError(await req('POST', `/_api/document/${c}`, 'text'), 400, 1227, 'invalid document type');
      expectError(await req('POST', `/_api/document/${c}`, 42), 400, 1227, 'invalid document type');
      const res = await req('POST', `/_api/document/${c}`, [{ _key: 'ok' }, 1, [], null]);
      expectBody(res, 202, [{ _id: `${c}/ok`, _key: 'ok', _rev: 'REV' }, itemError(1227, 'invalid document type'), itemError(1227, 'invalid document type'), itemError(1227, 'invalid document type')]);
      assert.equal(res.headers['x-arango-error-codes'], '{"1227":3}');
    });

    it('URL-encodes the key in location', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document/${c}`, { _key: "a:b(c)!'*%=" });
      assert.equal(res.headers.location, `/_db/_system/_api/document/${c}/a%3Ab%28c%29%21%27%2A%25%3D`);
      expectBody(await get(c, "a:b(c)!'*%="), 200, { _key: "a:b(c)!'*%=", _id: `${c}/a:b(c)!'*%=`, _rev: 'REV' });
    });

    it('reports a duplicate _key as 1210 naming the primary index', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'k' });
      expectError(await req('POST', `/_api/document/${c}`, { _key: 'k' }), 409, 1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: k");
    });

    it('reports per-item errors of an array and counts them in x-arango-error-codes', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document/${c}?waitForSync=true`, [{ _key: 'a' }, { _key: 'a' }, { _key: 'b' }, { _key: 'b' }, { _key: 'bad key' }]);
      const dup = (k: string) => itemError(1210, `unique constraint violated - in index primary of type primary over '_key'; conflicting key: ${k}`);
      expectBody(res, 201, [{ _id: `${c}/a`, _key: 'a', _rev: 'REV' }, dup('a'), { _id: `${c}/b`, _key: 'b', _rev: 'REV' }, dup('b'), itemError(1221, 'illegal document key')]);
      assert.deepEqual(JSON.parse(res.headers['x-arango-error-codes'] as string), { 1210: 2, 1221: 1 });
    });

    it('answers an array without errors without x-arango-error-codes', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document/${c}`, [{ _key: 'x' }, {}]);
      assert.equal(res.statusCode, 202);
      assert.equal(res.headers['x-arango-error-codes'], undefined);
      assert.equal(res.headers.etag, undefined);
      assert.equal(res.headers.location, undefined);
      assert.equal(bodyOf(res).length, 2);
    });

    const illegalKeys: { id: string; key: unknown }[] = [
      { id: 'space', key: 'a b' },
      { id: 'empty', key: '' },
      { id: 'slash', key: 'a/b' },
      { id: 'number', key: 123 },
      { id: 'null', key: null },
      { id: 'too long', key: 'x'.repeat(255) },
      { id: 'non-ascii', key: 'ä' },
    ];
    for (const { id, key } of illegalKeys) {
      it(`rejects an illegal _key (${id}) with 1221`, async () => {
        const c = (await collection(t)).name;
        expectError(await req('POST', `/_api/document/${c}`, { _key: key }), 400, 1221, 'illegal document key');
      });
    }

    it('accepts a _key of 254 characters and every allowed punctuation character', async () => {
      const c = (await collection(t)).name;
      for (const key of ['y'.repeat(254), "_-:.@()+,=;$!*'%"]) {
        expectBody(await req('POST', `/_api/document/${c}`, { _key: key }), 202, { _id: `${c}/${key}`, _key: key, _rev: 'REV' });
      }
    });

    it('refuses a user key when allowUserKeys is false (1222), a non-string one first as 1221', async () => {
      const c = (await collection(t, { keyOptions: { type: 'traditional', allowUserKeys: false } })).name;
      expectError(await req('POST', `/_api/document/${c}`, { _key: 'mine' }), 400, 1222, 'unexpected document key');
      expectError(await req('POST', `/_api/document/${c}`, { _key: 7 }), 400, 1221, 'illegal document key');
      assert.equal((await req('POST', `/_api/document/${c}`, {})).statusCode, 202);
    });

    it('returns the new document with returnNew', async () => {
      const c = (await collection(t)).name;
      const res = await req('POST', `/_api/document/${c}?returnNew=true&returnOld=true`, { _key: 'n', _id: 'ignored/x', _rev: 'ignored', v: [1, { w: null }] });
      expectBody(res, 202, { _id: `${c}/n`, _key: 'n', _rev: 'REV', new: { _key: 'n', _id: `${c}/n`, _rev: 'REV', v: [1, { w: null }] } });
      const b = bodyOf(res);
      assert.equal(b.new._rev, b._rev);
    });

    it('with silent answers {} without etag or location; arrays {} or only their errors', async () => {
      const c = (await collection(t)).name;
      const one = await req('POST', `/_api/document/${c}?silent=true`, { _key: 's' });
      expectBody(one, 202, {});
      assert.equal(one.headers.etag, undefined);
      assert.equal(one.headers.location, undefined);
      expectBody(await req('POST', `/_api/document/${c}?silent=true`, [{ _key: 's1' }, { _key: 's2' }]), 202, {});
      const res = await req('POST', `/_api/document/${c}?silent=true`, [{ _key: 's3' }, { _key: 's' }, 5]);
      expectBody(res, 202, [itemError(1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: s"), itemError(1227, 'invalid document type')]);
      assert.deepEqual(JSON.parse(res.headers['x-arango-error-codes'] as string), { 1210: 1, 1227: 1 });
      assert.equal((await get(c, 's3')).statusCode, 200);
      expectError(await req('POST', `/_api/document/${c}?silent=true`, { _key: 's' }), 409, 1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: s");
    });
  });

  describe('POST with overwriteMode', () => {
    async function seeded(): Promise<{ c: string; rev: string }> {
      const c = (await collection(t)).name;
      const b = await insert(c, { _key: 'k', a: 1, nested: { x: 1, y: 2 }, gone: 'soon' });
      return { c, rev: b._rev };
    }

    it('conflict (the default, and an unknown mode) answers 1210', async () => {
      const { c } = await seeded();
      for (const q of ['', '?overwriteMode=conflict', '?overwriteMode=bogus', '?overwrite=false']) {
        expectError(await req('POST', `/_api/document/${c}${q}`, { _key: 'k' }), 409, 1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: k");
      }
    });

    it('ignore keeps the document and answers its identity without _oldRev', async () => {
      const { c, rev } = await seeded();
      const res = await req('POST', `/_api/document/${c}?overwriteMode=ignore&returnNew=true&returnOld=true`, { _key: 'k', a: 2 });
      const b = expectBody(res, 202, { _id: `${c}/k`, _key: 'k', _rev: 'REV' });
      assert.equal(b._rev, rev);
      assert.equal(res.headers.etag, `"${rev}"`);
      assert.equal(bodyOf(await get(c, 'k')).a, 1);
    });

    it('replace (also overwrite=true) replaces the whole document and reports _oldRev, old and new', async () => {
      for (const q of ['overwriteMode=replace', 'overwrite=true']) {
        const { c, rev } = await seeded();
        const res = await req('POST', `/_api/document/${c}?${q}&returnOld=true&returnNew=true`, { _key: 'k', b: 2 });
        const b = expectBody(res, 202, {
          _id: `${c}/k`,
          _key: 'k',
          _rev: 'REV',
          _oldRev: 'REV',
          old: { _key: 'k', _id: `${c}/k`, _rev: 'REV', a: 1, nested: { x: 1, y: 2 }, gone: 'soon' },
          new: { _key: 'k', _id: `${c}/k`, _rev: 'REV', b: 2 },
        });
        assert.equal(b._oldRev, rev);
        assert.notEqual(b._rev, rev);
        assert.equal(res.headers.etag, `"${b._rev}"`);
      }
    });

    it('overwriteMode wins over overwrite=true', async () => {
      const { c } = await seeded();
      await req('POST', `/_api/document/${c}?overwrite=true&overwriteMode=update`, { _key: 'k', b: 2 });
      expectBody(await get(c, 'k'), 200, { _key: 'k', _id: `${c}/k`, _rev: 'REV', a: 1, nested: { x: 1, y: 2 }, gone: 'soon', b: 2 });
    });

    it('update merges, and removes null attributes by default (keepNull defaults to false here)', async () => {
      const { c } = await seeded();
      const res = await req('POST', `/_api/document/${c}?overwriteMode=update&returnNew=true`, { _key: 'k', gone: null, nested: { y: null, z: 3 }, extra: { p: null, q: 1 } });
      expectBody(res, 202, {
        _id: `${c}/k`,
        _key: 'k',
        _rev: 'REV',
        _oldRev: 'REV',
        new: { _key: 'k', _id: `${c}/k`, _rev: 'REV', a: 1, nested: { x: 1, z: 3 }, extra: { q: 1 } },
      });
    });

    it('update with keepNull=true keeps nulls, with mergeObjects=false replaces objects', async () => {
      const { c } = await seeded();
      await req('POST', `/_api/document/${c}?overwriteMode=update&keepNull=true&mergeObjects=false`, { _key: 'k', gone: null, nested: { z: 3 } });
      expectBody(await get(c, 'k'), 200, { _key: 'k', _id: `${c}/k`, _rev: 'REV', a: 1, nested: { z: 3 }, gone: null });
    });

    it('update with nothing but the _key changes nothing and keeps the revision', async () => {
      const { c, rev } = await seeded();
      const b = expectBody(await req('POST', `/_api/document/${c}?overwriteMode=update`, { _key: 'k' }), 202, { _id: `${c}/k`, _key: 'k', _rev: 'REV', _oldRev: 'REV' });
      assert.equal(b._rev, rev);
      assert.equal(b._oldRev, rev);
    });

    it('returnOld is ignored unless a document can be replaced', async () => {
      const c = (await collection(t)).name;
      expectBody(await req('POST', `/_api/document/${c}?returnOld=true`, { _key: 'o' }), 202, { _id: `${c}/o`, _key: 'o', _rev: 'REV' });
      expectBody(await req('POST', `/_api/document/${c}?overwriteMode=replace&returnOld=true`, { _key: 'o2' }), 202, { _id: `${c}/o2`, _key: 'o2', _rev: 'REV' });
    });

    it('works per item in an array', async () => {
      const { c } = await seeded();
      const res = await req('POST', `/_api/document/${c}?overwriteMode=replace`, [{ _key: 'k', r: 1 }, { _key: 'new', r: 2 }]);
      expectBody(res, 202, [
        { _id: `${c}/k`, _key: 'k', _rev: 'REV', _oldRev: 'REV' },
        { _id: `${c}/new`, _key: 'new', _rev: 'REV' },
      ]);
    });
  });

  describe('key generators', () => {
    it('autoincrement hands out increasing numbers and follows larger user keys', async () => {
      const c = (await collection(t, { keyOptions: { type: 'autoincrement', allowUserKeys: true, increment: 5, offset: 10 } })).name;
      const keys: string[] = [];
      for (let i = 0; i < 3; i++) keys.push((await insert(c, {}))._key);
      assert.deepEqual(keys, ['10', '15', '20']);
      await insert(c, { _key: '100' });
      assert.equal((await insert(c, {}))._key, '105');
      const multi = await insert(c, [{}, {}]);
      assert.deepEqual(
        multi.map((d: { _key: string }) => d._key),
        ['110', '115'],
      );
    });

    it('autoincrement wants digits only in a user key (1221)', async () => {
      const c = (await collection(t, { keyOptions: { type: 'autoincrement', allowUserKeys: true } })).name;
      expectError(await req('POST', `/_api/document/${c}`, { _key: 'abc' }), 400, 1221, 'illegal document key');
      expectError(await req('POST', `/_api/document/${c}`, { _key: '12a' }), 400, 1221, 'illegal document key');
      assert.equal((await insert(c, {}))._key, '1');
    });

    it('traditional keys are increasing numeric strings', async () => {
      const c = (await collection(t)).name;
      const a = Number((await insert(c, {}))._key);
      const b = Number((await insert(c, {}))._key);
      assert.ok(b > a);
    });
  });

  describe('edges', () => {
    it('stores _from and _to and shows them after _id', async () => {
      const e = (await collection(t, { type: 3 })).name;
      const b = await insert(e, { _key: 'e1', _from: 'v/1', _to: 'w/a:b', label: 'x' });
      assert.deepEqual(norm(b), { _id: `${e}/e1`, _key: 'e1', _rev: 'REV' });
      const res = await get(e, 'e1');
      assert.equal(res.body, JSON.stringify({ _key: 'e1', _id: `${e}/e1`, _from: 'v/1', _to: 'w/a:b', _rev: bodyOf(res)._rev, label: 'x' }));
    });

    const bad: { id: string; doc: Record<string, unknown> }[] = [
      { id: 'missing _from', doc: { _to: 'v/1' } },
      { id: 'missing _to', doc: { _from: 'v/1' } },
      { id: 'no slash', doc: { _from: 'v1', _to: 'v/1' } },
      { id: 'empty key part', doc: { _from: 'v/', _to: 'v/1' } },
      { id: 'empty collection part', doc: { _from: '/1', _to: 'v/1' } },
      { id: 'not a string', doc: { _from: 1, _to: 'v/1' } },
      { id: 'illegal key part', doc: { _from: 'v/a b', _to: 'v/1' } },
    ];
    for (const { id, doc } of bad) {
      it(`rejects an edge with ${id} (1233)`, async () => {
        const e = (await collection(t, { type: 3 })).name;
        expectError(await req('POST', `/_api/document/${e}`, doc), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      });
    }

    it('reports bad edges per item, and checks replace and update too', async () => {
      const e = (await collection(t, { type: 3 })).name;
      const res = await req('POST', `/_api/document/${e}`, [{ _key: 'ok', _from: 'a/1', _to: 'b/2' }, { _from: 'a/1' }]);
      expectBody(res, 202, [{ _id: `${e}/ok`, _key: 'ok', _rev: 'REV' }, itemError(1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`')]);
      expectError(await req('PUT', `/_api/document/${e}/ok`, { x: 1 }), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      expectError(await req('PATCH', `/_api/document/${e}/ok`, { _to: 'bad' }), 400, 1233, 'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`');
      await req('PATCH', `/_api/document/${e}/ok`, { _to: 'c/3', x: 1 });
      expectBody(await get(e, 'ok'), 200, { _key: 'ok', _id: `${e}/ok`, _from: 'a/1', _to: 'c/3', _rev: 'REV', x: 1 });
    });

    it('does not treat _from and _to as special in a document collection', async () => {
      const c = (await collection(t)).name;
      const b = await insert(c, { _key: 'd', _from: 'whatever' });
      assert.deepEqual(norm(b), { _id: `${c}/d`, _key: 'd', _rev: 'REV' });
      expectBody(await get(c, 'd'), 200, { _key: 'd', _id: `${c}/d`, _rev: 'REV' });
    });
  });

  describe('unique persistent index', () => {
    it('rejects a second document with the same value, naming the index and the existing key', async () => {
      const col = await collection(t);
      const c = col.name;
      const { index } = await t.server.storage.indexes.ensure(DB, c, parseIndexSpec({ type: 'persistent', fields: ['email'], unique: true, name: 'byEmail' }));
      assert.equal(index.name, 'byEmail');
      await insert(c, { _key: 'first', email: 'a@x' });
      const msg = "unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: first";
      expectError(await req('POST', `/_api/document/${c}`, { _key: 'second', email: 'a@x' }), 409, 1210, msg);
      await insert(c, { _key: 'second', email: 'b@x' });
      expectError(await req('PATCH', `/_api/document/${c}/second`, { email: 'a@x' }), 409, 1210, msg);
      expectError(await req('PUT', `/_api/document/${c}/second`, { email: 'a@x' }), 409, 1210, msg);
      const res = await req('POST', `/_api/document/${c}`, [{ email: 'c@x' }, { email: 'c@x' }]);
      const first = bodyOf(res)[0]._key;
      expectBody(res, 202, [
        { _id: `${c}/${first}`, _key: first, _rev: 'REV' },
        itemError(1210, `unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: ${first}`),
      ]);
    });

    it('frees a value when its document changes or goes', async () => {
      const c = (await collection(t)).name;
      await t.server.storage.indexes.ensure(DB, c, parseIndexSpec({ type: 'persistent', fields: ['n'], unique: true }));
      await insert(c, { _key: 'a', n: 1 });
      await req('PATCH', `/_api/document/${c}/a`, { n: 2 });
      assert.equal((await req('POST', `/_api/document/${c}`, { _key: 'b', n: 1 })).statusCode, 202);
      await req('DELETE', `/_api/document/${c}/a`);
      assert.equal((await req('POST', `/_api/document/${c}`, { _key: 'c', n: 2 })).statusCode, 202);
      assert.equal((await req('PATCH', `/_api/document/${c}/c`, { n: 2, other: 1 })).statusCode, 202);
    });
  });

  describe('GET and HEAD', () => {
    let c: string;
    let rev: string;
    before(async () => {
      c = (await collection(t)).name;
      rev = (await insert(c, { _key: 'doc', a: 'b' }))._rev;
    });

    it('reads a document with its etag', async () => {
      const res = await get(c, 'doc');
      expectBody(res, 200, { _key: 'doc', _id: `${c}/doc`, _rev: 'REV', a: 'b' });
      assert.equal(res.headers.etag, `"${rev}"`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
    });

    it('answers 404/1202 for a missing document and for a key that cannot exist', async () => {
      for (const key of ['missing', 'a b', 'x'.repeat(3000)]) expectError(await get(c, key), 404, 1202, 'document not found');
    });

    it('answers 404/1203 for an unknown collection', async () => {
      expectError(await get('nope', 'doc'), 404, 1203, 'collection or view not found: nope');
    });

    it('answers 304 with the etag and no body when If-None-Match holds the revision', async () => {
      for (const v of [`"${rev}"`, rev, ` '${rev}' `]) {
        const res = await get(c, 'doc', { 'if-none-match': v });
        assert.equal(res.statusCode, 304);
        assert.equal(res.body, '');
        assert.equal(res.headers.etag, `"${rev}"`);
      }
      assert.equal((await get(c, 'doc', { 'if-none-match': '"_aaaaaaaaaa"' })).statusCode, 200);
      assert.equal((await get(c, 'doc', { 'if-none-match': '""' })).statusCode, 200);
    });

    it('answers 412 `conflict` with the current revision when If-Match differs', async () => {
      for (const v of ['"_aaaaaaaaaa"', 'garbage', '""']) {
        const res = await get(c, 'doc', { 'if-match': v });
        expectBody(res, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict', _id: `${c}/doc`, _key: 'doc', _rev: 'REV' });
        assert.equal(bodyOf(res)._rev, rev);
        assert.equal(res.headers.etag, `"${rev}"`);
      }
      assert.equal((await get(c, 'doc', { 'if-match': `"${rev}"` })).statusCode, 200);
      expectError(await get(c, 'missing', { 'if-match': `"${rev}"` }), 404, 1202, 'document not found');
    });

    it('HEAD answers the same statuses with an etag and no body', async () => {
      const head = (key: string, headers?: Record<string, string>) => req('HEAD', `/_api/document/${c}/${key}`, undefined, headers);
      const ok = await head('doc');
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.body, '');
      assert.equal(ok.headers.etag, `"${rev}"`);
      // GET's headers, its content-length too
      const get = await req('GET', `/_api/document/${c}/doc`);
      assert.equal(ok.headers['content-length'], get.headers['content-length']);
      assert.equal(ok.headers['content-type'], get.headers['content-type']);
      const cases: [string, Record<string, string> | undefined, number][] = [
        ['missing', undefined, 404],
        ['doc', { 'if-none-match': `"${rev}"` }, 304],
        ['doc', { 'if-match': '"_aaaaaaaaaa"' }, 412],
      ];
      for (const [key, headers, status] of cases) {
        const res = await head(key, headers);
        assert.equal(res.statusCode, status);
        assert.equal(res.body, '');
      }
      assert.equal((await req('HEAD', `/_api/document/nope/doc`)).statusCode, 404);
    });

    it('wants a collection and a key in the path', async () => {
      expectError(await req('GET', `/_api/document/${c}`), 404, 1203, 'expecting GET /_api/document/<collection>/<key>');
      expectError(await req('GET', '/_api/document'), 404, 1203, 'expecting GET /_api/document/<collection>/<key>');
      expectError(await req('GET', `/_api/document/${c}/doc/more`), 400, 601, 'expecting GET /_api/document/<collection>/<key>');
      const head = await req('HEAD', `/_api/document/${c}`);
      assert.equal(head.statusCode, 400);
    });

    it('skips empty path segments, as ArangoDB splits paths', async () => {
      // /_api/document//123456 is /_api/document/123456: one segment, a collection
      expectError(await req('GET', '/_api/document//123456'), 404, 1203, 'expecting GET /_api/document/<collection>/<key>');
      expectError(await req('PUT', '/_api/document//123456', {}), 400, 1227, 'invalid document type');
      expectError(await req('DELETE', '/_api/document//123456'), 400, 400, 'Request body not parseable');
      expectBody(await req('GET', `/_api/document//${c}//doc`), 200, { _key: 'doc', _id: `${c}/doc`, _rev: 'REV', a: 'b' });
    });

    it('reads through the /_db/<name>/ prefix and finds collections by id', async () => {
      const col = t.server.storage.catalog.collection(DB, c)!;
      expectBody(await req('GET', `/_db/_system/_api/document/${col.id}/doc`), 200, { _key: 'doc', _id: `${c}/doc`, _rev: 'REV', a: 'b' });
    });
  });

  describe('PUT (replace) and PATCH (update) of one document', () => {
    it('replaces a document: 202 with _oldRev, etag and location; old attributes are gone', async () => {
      const c = (await collection(t)).name;
      const rev = (await insert(c, { _key: 'r', a: 1, b: 2 }))._rev;
      const res = await req('PUT', `/_api/document/${c}/r`, { _key: 'other', _rev: 'ignored', c: 3 });
      const b = expectBody(res, 202, { _id: `${c}/r`, _key: 'r', _rev: 'REV', _oldRev: 'REV' });
      assert.equal(b._oldRev, rev);
      assert.notEqual(b._rev, rev);
      assert.equal(res.headers.etag, `"${b._rev}"`);
      assert.equal(res.headers.location, `/_db/_system/_api/document/${c}/r`);
      expectBody(await get(c, 'r'), 200, { _key: 'r', _id: `${c}/r`, _rev: 'REV', c: 3 });
      assert.equal((await req('PUT', `/_api/document/${c}/r?waitForSync=true`, {})).statusCode, 201);
    });

    it('returns old and new on request', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'r', a: 1 });
      const res = await req('PUT', `/_api/document/${c}/r?returnOld=true&returnNew=true`, { b: 2 });
      expectBody(res, 202, {
        _id: `${c}/r`,
        _key: 'r',
        _rev: 'REV',
        _oldRev: 'REV',
        old: { _key: 'r', _id: `${c}/r`, _rev: 'REV', a: 1 },
        new: { _key: 'r', _id: `${c}/r`, _rev: 'REV', b: 2 },
      });
    });

    it('answers 404/1202, 404/1203 and 400/1227 for a missing document, collection or object', async () => {
      const c = (await collection(t)).name;
      for (const m of ['PUT', 'PATCH']) {
        expectError(await req(m, `/_api/document/${c}/missing`, { a: 1 }), 404, 1202, 'document not found');
        expectError(await req(m, `/_api/document/nope/x`, { a: 1 }), 404, 1203, 'collection or view not found: nope');
        expectError(await req(m, `/_api/document/${c}/x`, [{ a: 1 }]), 400, 1227, 'invalid document type');
        expectError(await req(m, `/_api/document/nope/x`, 'str'), 400, 1227, 'invalid document type');
      }
    });

    it('checks If-Match (412 with the current revision and an etag) and otherwise ignores _rev', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'r' });
      for (const m of ['PUT', 'PATCH']) {
        const rev = bodyOf(await get(c, 'r'))._rev;
        const res = await req(m, `/_api/document/${c}/r`, { a: 1 }, { 'if-match': '"_aaaaaaaaaa"' });
        expectBody(res, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: `${c}/r`, _key: 'r', _rev: 'REV' });
        assert.equal(bodyOf(res)._rev, rev);
        assert.equal(res.headers.etag, `"${rev}"`);
        assert.equal((await req(m, `/_api/document/${c}/r`, { _rev: '_aaaaaaaaaa', a: 1 })).statusCode, 202);
      }
      const cur = bodyOf(await get(c, 'r'))._rev;
      assert.equal((await req('PATCH', `/_api/document/${c}/r`, { a: 2, _rev: 'stale-value' }, { 'if-match': `"${cur}"` })).statusCode, 202);
    });

    it('checks a _rev in the body when ignoreRevs=false', async () => {
      const c = (await collection(t)).name;
      const rev = (await insert(c, { _key: 'r' }))._rev;
      for (const m of ['PUT', 'PATCH']) {
        const res = await req(m, `/_api/document/${c}/r?ignoreRevs=false`, { _rev: '_aaaaaaaaaa', a: 1 });
        expectBody(res, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: `${c}/r`, _key: 'r', _rev: 'REV' });
        assert.equal(res.headers.etag, `"${rev}"`);
      }
      const ok = await req('PUT', `/_api/document/${c}/r?ignoreRevs=false`, { _rev: rev, a: 1 });
      assert.equal(ok.statusCode, 202);
    });

    it('PATCH merges objects and keeps nulls by default', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'p', a: 1, o: { x: 1, y: { z: 1 } }, arr: [1, 2] });
      const res = await req('PATCH', `/_api/document/${c}/p?returnNew=true`, { b: null, o: { y: { w: 2 }, n: null }, arr: [3] });
      expectBody(res, 202, {
        _id: `${c}/p`,
        _key: 'p',
        _rev: 'REV',
        _oldRev: 'REV',
        new: { _key: 'p', _id: `${c}/p`, _rev: 'REV', a: 1, o: { x: 1, y: { z: 1, w: 2 }, n: null }, arr: [3], b: null },
      });
    });

    it('PATCH with keepNull=false removes null attributes at every merged level', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'p', a: 1, b: 2, o: { x: 1, y: 2 } });
      await req('PATCH', `/_api/document/${c}/p?keepNull=false`, { a: null, o: { x: null, z: 3 }, n: { p: null, q: { r: null } }, m: null });
      expectBody(await get(c, 'p'), 200, { _key: 'p', _id: `${c}/p`, _rev: 'REV', b: 2, o: { y: 2, z: 3 }, n: { q: { r: null } } });
    });

    it('PATCH with mergeObjects=false replaces object values', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'p', o: { x: 1 } });
      await req('PATCH', `/_api/document/${c}/p?mergeObjects=false`, { o: { y: 2 } });
      expectBody(await get(c, 'p'), 200, { _key: 'p', _id: `${c}/p`, _rev: 'REV', o: { y: 2 } });
    });

    it('PATCH with nothing to change keeps the revision (no-op update)', async () => {
      const c = (await collection(t)).name;
      const rev = (await insert(c, { _key: 'p', a: 1 }))._rev;
      const b = expectBody(await req('PATCH', `/_api/document/${c}/p`, {}), 202, { _id: `${c}/p`, _key: 'p', _rev: 'REV', _oldRev: 'REV' });
      assert.equal(b._rev, rev);
      assert.equal(b._oldRev, rev);
      assert.equal(bodyOf(await get(c, 'p'))._rev, rev);
    });

    it('keeps the order of attributes: old ones in place, new ones appended', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'o', z: 1, a: 2, m: 3 });
      await req('PATCH', `/_api/document/${c}/o`, { b: 4, z: 5 });
      assert.deepEqual(Object.keys(bodyOf(await get(c, 'o'))), ['_key', '_id', '_rev', 'z', 'a', 'm', 'b']);
    });

    it('silent answers {} and nothing else', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 's' });
      const res = await req('PATCH', `/_api/document/${c}/s?silent=true`, { a: 1 });
      expectBody(res, 202, {});
      assert.equal(res.headers.etag, undefined);
    });
  });

  describe('DELETE of one document', () => {
    it('removes a document: 202 with its identity, then it is gone', async () => {
      const c = (await collection(t)).name;
      const rev = (await insert(c, { _key: 'd', a: 1 }))._rev;
      const res = await req('DELETE', `/_api/document/${c}/d?returnOld=true`);
      const b = expectBody(res, 202, { _id: `${c}/d`, _key: 'd', _rev: 'REV', old: { _key: 'd', _id: `${c}/d`, _rev: 'REV', a: 1 } });
      assert.equal(b._rev, rev);
      assert.equal(res.headers.etag, `"${rev}"`);
      expectError(await get(c, 'd'), 404, 1202, 'document not found');
      expectError(await req('DELETE', `/_api/document/${c}/d`), 404, 1202, 'document not found');
      assert.equal(t.server.storage.catalog.count(t.server.storage.catalog.collection(DB, c)!), 0);
    });

    it('answers 200 when synced', async () => {
      const c = (await collection(t)).name;
      await insert(c, { _key: 'd' });
      assert.equal((await req('DELETE', `/_api/document/${c}/d?waitForSync=true`)).statusCode, 200);
    });

    it('checks only If-Match', async () => {
      const c = (await collection(t)).name;
      const rev = (await insert(c, { _key: 'd' }))._rev;
      const res = await req('DELETE', `/_api/document/${c}/d`, undefined, { 'if-match': '"_aaaaaaaaaa"' });
      expectBody(res, 412, { error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: `${c}/d`, _key: 'd', _rev: 'REV' });
      assert.equal(res.headers.etag, `"${rev}"`);
      assert.equal((await req('DELETE', `/_api/document/${c}/d?ignoreRevs=false`, { _rev: 'x' })).statusCode, 202);
    });

    it('answers 404/1203 for an unknown collection', async () => {
      expectError(await req('DELETE', '/_api/document/nope/x'), 404, 1203, 'collection or view not found: nope');
    });
  });

  describe('many documents at once', () => {
    async function three(): Promise<string> {
      const c = (await collection(t)).name;
      await insert(c, [
        { _key: 'a', v: 1 },
        { _key: 'b', v: 2 },
        { _key: 'c', v: 3 },
      ]);
      return c;
    }

    it('PUT replaces each item by its _key and reports bad items in place', async () => {
      const c = await three();
      const res = await req('PUT', `/_api/document/${c}`, [{ _key: 'a', w: 1 }, { w: 2 }, { _key: 'zz' }, 5, { _key: 1 }, { _key: '' }, { _key: 'b', w: 3 }]);
      expectBody(res, 202, [
        { _id: `${c}/a`, _key: 'a', _rev: 'REV', _oldRev: 'REV' },
        itemError(1205, 'illegal document identifier'),
        itemError(1202, 'document not found'),
        itemError(1227, 'invalid document type'),
        itemError(1221, 'illegal document key'),
        itemError(1221, 'illegal document key'),
        { _id: `${c}/b`, _key: 'b', _rev: 'REV', _oldRev: 'REV' },
      ]);
      assert.deepEqual(JSON.parse(res.headers['x-arango-error-codes'] as string), { 1205: 1, 1202: 1, 1227: 1, 1221: 2 });
      expectBody(await get(c, 'a'), 200, { _key: 'a', _id: `${c}/a`, _rev: 'REV', w: 1 });
    });

    it('PATCH updates each item with keepNull and mergeObjects', async () => {
      const c = await three();
      const res = await req('PATCH', `/_api/document/${c}?keepNull=false&returnNew=true&waitForSync=true`, [{ _key: 'a', v: null, x: 1 }, { _key: 'b', y: 2 }]);
      expectBody(res, 201, [
        { _id: `${c}/a`, _key: 'a', _rev: 'REV', _oldRev: 'REV', new: { _key: 'a', _id: `${c}/a`, _rev: 'REV', x: 1 } },
        { _id: `${c}/b`, _key: 'b', _rev: 'REV', _oldRev: 'REV', new: { _key: 'b', _id: `${c}/b`, _rev: 'REV', v: 2, y: 2 } },
      ]);
    });

    it('checks _rev per item when ignoreRevs=false', async () => {
      const c = await three();
      const revA = bodyOf(await get(c, 'a'))._rev;
      const res = await req('PATCH', `/_api/document/${c}?ignoreRevs=false`, [{ _key: 'a', _rev: revA, n: 1 }, { _key: 'b', _rev: '_aaaaaaaaaa', n: 1 }]);
      expectBody(res, 202, [{ _id: `${c}/a`, _key: 'a', _rev: 'REV', _oldRev: 'REV' }, itemError(1200, 'conflict, _rev values do not match')]);
      assert.equal(res.headers['x-arango-error-codes'], '{"1200":1}');
    });

    it('PUT and PATCH on the collection want an array (1227) and a collection (400)', async () => {
      const c = await three();
      expectError(await req('PUT', `/_api/document/${c}`, { _key: 'a' }), 400, 1227, 'invalid document type');
      expectError(await req('PATCH', `/_api/document/${c}`, { _key: 'a' }), 400, 1227, 'invalid document type');
      expectError(await req('PUT', '/_api/document', []), 400, 400, "collection must be given in URL path or query parameter 'collection' must be specified");
      expectBody(await req('PATCH', `/_api/document?collection=${c}`, [{ _key: 'c', q: 1 }]), 202, [{ _id: `${c}/c`, _key: 'c', _rev: 'REV', _oldRev: 'REV' }]);
    });

    it('DELETE removes keys, _ids and {_key} objects, reporting missing ones', async () => {
      const c = await three();
      const res = await req('DELETE', `/_api/document/${c}?returnOld=true`, ['a', `${c}/b`, { _key: 'c' }, 'a', '', { x: 1 }, 7]);
      expectBody(res, 202, [
        { _id: `${c}/a`, _key: 'a', _rev: 'REV', old: { _key: 'a', _id: `${c}/a`, _rev: 'REV', v: 1 } },
        { _id: `${c}/b`, _key: 'b', _rev: 'REV', old: { _key: 'b', _id: `${c}/b`, _rev: 'REV', v: 2 } },
        { _id: `${c}/c`, _key: 'c', _rev: 'REV', old: { _key: 'c', _id: `${c}/c`, _rev: 'REV', v: 3 } },
        itemError(1202, 'document not found'),
        itemError(1205, 'illegal document identifier'),
        itemError(1205, 'illegal document identifier'),
        itemError(1205, 'illegal document identifier'),
      ]);
      assert.deepEqual(JSON.parse(res.headers['x-arango-error-codes'] as string), { 1202: 1, 1205: 3 });
      assert.equal(t.server.storage.catalog.count(t.server.storage.catalog.collection(DB, c)!), 0);
    });

    it('DELETE checks _rev of objects when ignoreRevs=false, answers 200 when synced, and silent {}', async () => {
      const c = await three();
      const res = await req('DELETE', `/_api/document/${c}?ignoreRevs=false&waitForSync=true`, [{ _key: 'a', _rev: '_aaaaaaaaaa' }, 'a']);
      expectBody(res, 200, [itemError(1200, 'conflict, _rev values do not match'), { _id: `${c}/a`, _key: 'a', _rev: 'REV' }]);
      expectBody(await req('DELETE', `/_api/document/${c}?silent=true`, ['b', 'c']), 202, {});
    });

    it('DELETE on the collection with one object removes that one document', async () => {
      const c = await three();
      const res = await req('DELETE', `/_api/document/${c}`, { _key: 'b' });
      expectBody(res, 202, { _id: `${c}/b`, _key: 'b', _rev: 'REV' });
      assert.equal(res.headers.location, `/_db/_system/_api/document/${c}/b`);
      expectError(await req('DELETE', `/_api/document/${c}`, 'b'), 400, 400, 'Request body not parseable');
      expectError(await req('DELETE', `/_api/document/${c}`), 400, 400, 'Request body not parseable');
      expectError(await req('DELETE', '/_api/document'), 400, 400, 'expecting DELETE /_api/document/<collection>/<key> or /_api/document/<collection> with a body');
    });

    it('PUT ?onlyget=true reads many documents in order, with per-item errors', async () => {
      const c = await three();
      const res = await req('PUT', `/_api/document/${c}?onlyget=true`, ['a', `${c}/b`, { _key: 'c' }, 'zz', '', { x: 1 }]);
      expectBody(res, 200, [
        { _key: 'a', _id: `${c}/a`, _rev: 'REV', v: 1 },
        { _key: 'b', _id: `${c}/b`, _rev: 'REV', v: 2 },
        { _key: 'c', _id: `${c}/c`, _rev: 'REV', v: 3 },
        itemError(1202, 'document not found'),
        itemError(1205, 'illegal document identifier'),
        itemError(1205, 'illegal document identifier'),
      ]);
      assert.equal(res.headers['x-arango-error-codes'], undefined);
      const revs = await req('PUT', `/_api/document/${c}?onlyget=true&ignoreRevs=false`, [{ _key: 'a', _rev: '_aaaaaaaaaa' }]);
      expectBody(revs, 200, [itemError(1200, 'conflict')]);
      expectError(await req('PUT', '/_api/document?onlyget=true', ['a']), 400, 400, 'expecting PUT /_api/document/<collection> with a body');
      expectError(await req('PUT', `/_api/document/nope?onlyget=true`, ['a']), 404, 1203, 'collection or view not found: nope');
      expectError(await req('PUT', `/_api/document/${c}?onlyget=true`, 'zz'), 404, 1202, 'document not found');
    });

    it('inserts, reads and removes 100000 documents in one request each', async () => {
      const c = (await collection(t)).name;
      const docs = Array.from({ length: 100_000 }, (_, i) => ({ _key: `k${i}`, i }));
      const ins = await req('POST', `/_api/document/${c}`, docs);
      assert.equal(ins.statusCode, 202);
      const out = bodyOf(ins);
      assert.equal(out.length, 100_000);
      assert.deepEqual(norm(out[99_999]), { _id: `${c}/k99999`, _key: 'k99999', _rev: 'REV' });
      const col = t.server.storage.catalog.collection(DB, c)!;
      assert.equal(t.server.storage.catalog.count(col), 100_000);
      const got = bodyOf(await req('PUT', `/_api/document/${c}?onlyget=true`, docs.map((d) => d._key)));
      assert.equal(got.length, 100_000);
      assert.equal(got[12_345].i, 12_345);
      const del = await req('DELETE', `/_api/document/${c}?silent=true`, docs.map((d) => d._key));
      expectBody(del, 202, {});
      assert.equal(t.server.storage.catalog.count(col), 0);
    });
  });

  describe('paths and methods', () => {
    it('refuses a key in the path of a POST (601) and extra path segments', async () => {
      const c = (await collection(t)).name;
      expectError(await req('POST', `/_api/document/${c}/k`, {}), 400, 601, 'superfluous suffix, expecting /_api/document?collection=<identifier>');
      expectError(
        await req('PUT', `/_api/document/${c}/k/x`, {}),
        400,
        400,
        "expecting PUT /_api/document/<collection> or /_api/document/<collection>/<key> or /_api/document and query parameter 'collection'",
      );
      expectError(await req('DELETE', `/_api/document/${c}/k/x`), 400, 400, 'expecting DELETE /_api/document/<collection>/<key> or /_api/document/<collection> with a body');
    });

    it('finds documents in another database through /_db/<name>/', async () => {
      await t.server.storage.catalog.createDatabase('otherdb');
      const col = await t.server.storage.catalog.createCollection('otherdb', collectionSpec('things'));
      const res = await req('POST', `/_db/otherdb/_api/document/${col.name}`, { _key: 'x' });
      assert.equal(res.headers.location, '/_db/otherdb/_api/document/things/x');
      assert.equal((await req('GET', '/_db/otherdb/_api/document/things/x')).statusCode, 200);
      expectError(await req('GET', '/_api/document/things/x'), 404, 1203, 'collection or view not found: things');
    });
  });
});

describe('documents across a restart', () => {
  let t: TestServer | undefined;
  const dir = tempDir();
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps inserted, replaced and removed state after the server restarts on the same directory', async () => {
    t = await startServer(['--auth', 'false'], { dir });
    const c = (await collection(t, { keyOptions: { type: 'autoincrement', allowUserKeys: true } })).name;
    await t.request({ method: 'POST', url: `/_api/document/${c}`, body: [{ a: 1 }, { a: 2 }, { a: 3 }] });
    await t.request({ method: 'PATCH', url: `/_api/document/${c}/2`, body: { b: true } });
    await t.request({ method: 'DELETE', url: `/_api/document/${c}/3` });
    const before = bodyOf(await t.request({ method: 'GET', url: `/_api/document/${c}/2` }));
    await t.close();
    t = undefined;
    t = await startServer(['--auth', 'false'], { dir });
    assert.deepEqual(bodyOf(await t.request({ method: 'GET', url: `/_api/document/${c}/2` })), before);
    assert.equal((await t.request({ method: 'GET', url: `/_api/document/${c}/3` })).statusCode, 404);
    assert.equal(bodyOf(await t.request({ method: 'POST', url: `/_api/document/${c}`, body: {} }))._key, '4');
  });
});
