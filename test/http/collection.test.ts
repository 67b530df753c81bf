// /_api/collection as ArangoDB 3.12 answers it on a single server: create (with its
// validation), list, the sub-resources, the PUT actions, drop, and a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';

const ID = /^\d+$/;
const GUID = /^h[0-9A-F]+\/\d+$/;
const REV = /^[-_A-Za-z0-9]{11}$/;

function err(code: number, errorNum: number, errorMessage: string) {
  return { error: true, code, errorNum, errorMessage };
}

/** The properties ArangoDB 3.12 reports for a fresh collection, with `over` applied. */
function props(name: string, over: Record<string, unknown> = {}) {
  return {
    name,
    status: 3,
    type: 2,
    writeConcern: 1,
    waitForSync: false,
    usesRevisionsAsDocumentIds: true,
    syncByRevision: true,
    statusString: 'loaded',
    isSmartChild: false,
    schema: null,
    cacheEnabled: false,
    isSystem: false,
    internalValidatorType: 0,
    keyOptions: { type: 'traditional', allowUserKeys: true, lastValue: 0 },
    computedValues: null,
    ...over,
  };
}

/** Checks the shape of the generated ids, then returns them to merge into an expectation. */
function ids(b: Record<string, unknown>, withObjectId = true): Record<string, unknown> {
  assert.match(String(b.id), ID);
  assert.match(String(b.globallyUniqueId), GUID);
  assert.ok(String(b.globallyUniqueId).endsWith('/' + String(b.id)));
  const out: Record<string, unknown> = { id: b.id, globallyUniqueId: b.globallyUniqueId };
  if (withObjectId) {
    assert.match(String(b.objectId), ID);
    out.objectId = b.objectId;
  }
  return out;
}

function short(name: string, b: Record<string, unknown>, over: Record<string, unknown> = {}) {
  return { error: false, code: 200, id: b.id, name, status: 3, type: 2, isSystem: false, globallyUniqueId: b.globallyUniqueId, ...over };
}

describe('/_api/collection', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  const req = (method: string, url: string, body?: unknown) => s.request({ method, url, body });

  async function create(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await req('POST', '/_api/collection', body);
    assert.equal(res.statusCode, 200, res.body);
    return bodyOf(res);
  }

  async function insert(col: string, docs: Record<string, unknown>[]): Promise<void> {
    const r = await s.server.storage.documents.apply('_system', col, 'insert', docs.map((body) => ({ body })), {});
    assert.ok(r.results.every((x) => x.ok));
  }

  describe('POST /_api/collection', () => {
    it('creates a document collection and answers with all its properties', async () => {
      const res = await req('POST', '/_api/collection', { name: 'products' });
      assert.equal(res.statusCode, 200);
      const b = bodyOf(res);
      assert.deepEqual(b, { error: false, code: 200, ...props('products'), ...ids(b) });
    });

    it('creates an edge collection for type 3 and for type "edge"', async () => {
      for (const [name, type] of [['edges1', 3], ['edges2', 'edge']] as const) {
        const b = await create({ name, type });
        assert.deepEqual(b, { error: false, code: 200, ...props(name, { type: 3 }), ...ids(b) });
      }
    });

    it('takes waitForSync, cacheEnabled and the key generator options', async () => {
      const cases = [
        { body: { name: 'kAuto', waitForSync: true, cacheEnabled: true, keyOptions: { type: 'autoincrement', increment: 5, offset: 10, allowUserKeys: false } }, over: { waitForSync: true, cacheEnabled: true, keyOptions: { type: 'autoincrement', allowUserKeys: false, offset: 10, increment: 5, lastValue: 0 } } },
        { body: { name: 'kAutoDefaults', keyOptions: { type: 'autoincrement' } }, over: { keyOptions: { type: 'autoincrement', allowUserKeys: true, offset: 0, increment: 1, lastValue: 0 } } },
        { body: { name: 'kUuid', keyOptions: { type: 'uuid' } }, over: { keyOptions: { type: 'uuid', allowUserKeys: true } } },
        { body: { name: 'kPadded', keyOptions: { type: 'padded', allowUserKeys: true } }, over: { keyOptions: { type: 'padded', allowUserKeys: true, lastValue: 0 } } },
        { body: { name: 'kNoType', keyOptions: { allowUserKeys: false } }, over: { keyOptions: { type: 'traditional', allowUserKeys: false, lastValue: 0 } } },
      ];
      for (const c of cases) {
        const b = await create(c.body);
        assert.deepEqual(b, { error: false, code: 200, ...props(c.body.name, c.over), ...ids(b) }, c.body.name);
      }
    });

    it('stores a schema and computed values with their defaults filled in', async () => {
      const schema = { rule: { type: 'object', required: ['a'] } };
      const computedValues = [{ name: 'c', expression: 'RETURN 1', overwrite: true }];
      const b = await create({ name: 'withSchema', schema, computedValues });
      assert.deepEqual(b, {
        error: false,
        code: 200,
        ...props('withSchema', {
          schema: { rule: schema.rule, level: 'strict', message: 'Schema validation failed', type: 'json' },
          computedValues: [{ name: 'c', expression: 'RETURN 1', computeOn: ['insert', 'update', 'replace'], overwrite: true, failOnWarning: false, keepNull: true }],
        }),
        ...ids(b),
      });
    });

    it('ignores unknown attributes and, as ArangoDB 3.12, mistyped booleans and types', async () => {
      const b = await create({ name: 'lenient', foo: 1, numberOfShards: 3, waitForSync: 'yes', isSystem: 1, type: 7, keyOptions: 'x', cacheEnabled: null });
      assert.deepEqual(b, { error: false, code: 200, ...props('lenient'), ...ids(b) });
    });

    it('creates a system collection for a name with "_" and isSystem true, its name as its globallyUniqueId', async () => {
      const b = await create({ name: '_sys1', isSystem: true });
      assert.match(String(b.id), ID);
      assert.match(String(b.objectId), ID);
      assert.deepEqual(b, { error: false, code: 200, ...props('_sys1', { isSystem: true }), id: b.id, globallyUniqueId: '_sys1', objectId: b.objectId });
    });

    const illegal = [
      { id: 'null body', rawBody: 'null' },
      { id: 'no body', rawBody: '' },
      { id: 'array body', body: [] },
      { id: 'no name', body: { type: 2 } },
      { id: 'numeric name', body: { name: 1 } },
      { id: 'empty name', body: { name: '' } },
      { id: 'leading digit', body: { name: '1abc' } },
      { id: 'spaces', body: { name: ' this name is invalid ' } },
      { id: 'too long', body: { name: 'a'.repeat(257) } },
      { id: 'underscore without isSystem', body: { name: '_nope' } },
      { id: 'slash', body: { name: 'a/b' } },
      // ArangoDB 3.12's extended names: any Unicode but these
      { id: 'leading dot', body: { name: '.a' } },
      { id: 'trailing space', body: { name: 'abc ' } },
      { id: 'control character', body: { name: 'a\u0007b' } },
      // (a lone surrogate never reaches the name check: VelocyPack refuses its body, 400/600)
      { id: 'too long in UTF-8', body: { name: '\u00fc'.repeat(129) } },
    ];
    it('creates collections with extended (Unicode) names, the default since ArangoDB 3.12', async () => {
      for (const name of ['m\u00f6t\u00f6r', 'a.b', 'with space', '\u{1f600}', '\u00c5', 'a:b', '\u00fc'.repeat(128)]) {
        const res = await s.request({ method: 'POST', url: '/_api/collection', body: { name } });
        assert.equal(res.statusCode, 200, name);
        assert.equal(bodyOf(res).name, name);
        const doc = await s.request({ method: 'POST', url: `/_api/document/${encodeURIComponent(name)}?returnNew=true`, body: { _key: 'k' } });
        assert.equal(bodyOf(doc).new._id, `${name}/k`);
        // the location header carries the name URL-encoded
        assert.equal(doc.headers.location, `/_db/_system/_api/document/${encodeURIComponent(name)}/k`);
      }
    });

    for (const c of illegal) {
      it(`answers 400/1208 with the seed's message for an illegal name (${c.id})`, async () => {
        const res = await s.request({ method: 'POST', url: '/_api/collection', body: c.body, rawBody: c.rawBody });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(bodyOf(res), err(400, 1208, 'cannot create collection: illegal name'));
      });
    }

    it("answers 400/1208 with ArangoDB's own message for a name that is not NFC-normalized", async () => {
      const res = await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'A\u030a' } });
      assert.deepEqual(bodyOf(res), err(400, 1208, 'collection name is not properly UTF-8 NFC-normalized'));
    });

    const invalid = [
      { id: 'key generator type', keyOptions: { type: 'foo' }, errorNum: 1232, message: `invalid key generator type "foo": expecting 'traditional', 'autoincrement', 'padded' or 'uuid'` },
      { id: 'key generator type number', keyOptions: { type: 1 }, errorNum: 1232, message: `invalid key generator type 1: expecting 'traditional', 'autoincrement', 'padded' or 'uuid'` },
      { id: 'allowUserKeys', keyOptions: { allowUserKeys: 'yes' }, errorNum: 1232, message: "'allowUserKeys' must be a boolean" },
      { id: 'increment 0', keyOptions: { type: 'autoincrement', increment: 0 }, errorNum: 1232, message: 'increment value must be greater than zero and smaller than 65536' },
      { id: 'increment 65536', keyOptions: { type: 'autoincrement', increment: 65536 }, errorNum: 1232, message: 'increment value must be greater than zero and smaller than 65536' },
      { id: 'increment string', keyOptions: { type: 'autoincrement', increment: '5' }, errorNum: 1232, message: 'increment value must be greater than zero and smaller than 65536' },
      { id: 'offset', keyOptions: { type: 'autoincrement', offset: -1 }, errorNum: 1232, message: 'offset value must be a non-negative integer' },
      { id: 'schema string', schema: 'x', errorNum: 1621, message: 'schema must be an object or null' },
      { id: 'schema rule', schema: { level: 'strict' }, errorNum: 1621, message: "schema attribute 'rule' must be an object" },
      { id: 'schema level', schema: { rule: {}, level: 'max' }, errorNum: 1621, message: "schema attribute 'level' must be one of 'none', 'new', 'moderate', 'strict'" },
      { id: 'computedValues object', computedValues: {}, errorNum: 10, message: "'computedValues' must be an array or null" },
      { id: 'computed value name', computedValues: [{ name: '_key', expression: 'RETURN 1', overwrite: true }], errorNum: 10, message: "computed value: 'name' must be a non-empty string and not a system attribute" },
      { id: 'computed value expression', computedValues: [{ name: 'x', expression: '1', overwrite: true }], errorNum: 10, message: "computed value 'x': 'expression' must be a string starting with RETURN" },
      { id: 'computed value overwrite', computedValues: [{ name: 'x', expression: 'RETURN 1' }], errorNum: 10, message: "computed value 'x': 'overwrite' must be a boolean" },
      { id: 'computed value computeOn', computedValues: [{ name: 'x', expression: 'RETURN 1', overwrite: false, computeOn: ['delete'] }], errorNum: 10, message: "computed value 'x': 'computeOn' must be a non-empty array of 'insert', 'update', 'replace'" },
      { id: 'computed value twice', computedValues: [{ name: 'x', expression: 'RETURN 1', overwrite: false }, { name: 'x', expression: 'RETURN 2', overwrite: false }], errorNum: 10, message: "duplicate computed value name 'x'" },
    ];
    for (const { id, errorNum, message, ...rest } of invalid) {
      it(`answers 400/${errorNum} for an invalid option (${id})`, async () => {
        const res = await req('POST', '/_api/collection', { name: 'invalidOpts', ...rest });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(bodyOf(res), err(400, errorNum, message));
      });
    }

    it('answers 409/1207 for a duplicate name', async () => {
      await create({ name: 'dup' });
      const res = await req('POST', '/_api/collection', { name: 'dup', type: 3 });
      assert.equal(res.statusCode, 409);
      assert.deepEqual(bodyOf(res), err(409, 1207, 'duplicate name'));
    });

    it('answers 400/600 for a body that is not JSON', async () => {
      const res = await s.request({ method: 'POST', url: '/_api/collection', rawBody: '{"name": nope}' });
      assert.equal(res.statusCode, 400);
      const b = bodyOf(res);
      assert.match(b.errorMessage, /^VPackError error: /);
      assert.deepEqual(b, err(400, 600, b.errorMessage));
    });
  });

  describe('GET /_api/collection', () => {
    it('lists every collection in its short form; excludeSystem leaves system ones out', async () => {
      const all = bodyOf(await req('GET', '/_api/collection'));
      assert.deepEqual(Object.keys(all), ['error', 'code', 'result']);
      assert.equal(all.error, false);
      assert.equal(all.code, 200);
      const products = all.result.find((c: { name: string }) => c.name === 'products');
      assert.deepEqual(products, { id: products.id, name: 'products', status: 3, type: 2, isSystem: false, globallyUniqueId: products.globallyUniqueId });
      assert.ok(all.result.some((c: { name: string; isSystem: boolean }) => c.name === '_sys1' && c.isSystem));
      const user = bodyOf(await req('GET', '/_api/collection?excludeSystem=true'));
      assert.deepEqual(
        user.result.map((c: { name: string }) => c.name),
        all.result.filter((c: { isSystem: boolean }) => !c.isSystem).map((c: { name: string }) => c.name),
      );
    });

    it('answers a collection by name and by numeric id in the short form', async () => {
      const created = await create({ name: 'byId', type: 3 });
      for (const key of ['byId', String(created.id)]) {
        const res = await req('GET', `/_api/collection/${key}`);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(bodyOf(res), short('byId', created, { type: 3 }));
      }
    });

    it('answers 404/1203 for an unknown collection, on every sub-resource too', async () => {
      for (const url of ['/_api/collection/nope', '/_api/collection/nope/properties', '/_api/collection/nope/count', '/_api/collection/nope/whatever', '/_api/collection/12345']) {
        const res = await req('GET', url);
        assert.equal(res.statusCode, 404, url);
        assert.deepEqual(bodyOf(res), err(404, 1203, 'collection or view not found'), url);
      }
    });

    it('answers properties, count, figures and revision with the properties object', async () => {
      const created = await create({ name: 'facts', keyOptions: { type: 'autoincrement', increment: 2 } });
      await insert('facts', [{ a: 1 }, { a: 2 }, { _key: '100', a: 3 }]);
      const base = {
        error: false,
        code: 200,
        ...props('facts', { keyOptions: { type: 'autoincrement', allowUserKeys: true, offset: 0, increment: 2, lastValue: 100 } }),
        ...ids(created),
      };
      const p = await req('GET', '/_api/collection/facts/properties');
      assert.equal(p.statusCode, 200);
      assert.equal(p.headers.location, '/_db/_system/_api/collection/facts/properties');
      assert.deepEqual(bodyOf(p), base);
      assert.deepEqual(bodyOf(await req('GET', '/_api/collection/facts/count')), { ...base, count: 3 });
      const f = bodyOf(await req('GET', '/_api/collection/facts/figures'));
      assert.ok(f.figures.documentsSize > 0);
      assert.deepEqual(f, {
        ...base,
        count: 3,
        figures: { indexes: { count: 1, size: 0 }, documentsSize: f.figures.documentsSize, cacheInUse: false, cacheSize: 0, cacheUsage: 0 },
      });
      const r = bodyOf(await req('GET', '/_api/collection/facts/revision'));
      assert.match(r.revision, REV);
      assert.deepEqual(r, { ...base, revision: r.revision });
    });

    it('answers revision "0" for an empty collection, and a new one after each write', async () => {
      await create({ name: 'revs' });
      const rev = async () => bodyOf(await req('GET', '/_api/collection/revs/revision')).revision as string;
      assert.equal(await rev(), '0');
      await insert('revs', [{ _key: 'a', v: 1 }]);
      const r1 = await rev();
      assert.match(r1, REV);
      await s.server.storage.documents.apply('_system', 'revs', 'update', [{ key: 'a', body: { v: 2 } }], {});
      const r2 = await rev();
      assert.notEqual(r2, r1);
      await insert('revs', [{ _key: 'b' }]);
      assert.notEqual(await rev(), r2);
    });

    it('answers a checksum that is equal for equal contents and differs otherwise', async () => {
      await create({ name: 'sumA' });
      await create({ name: 'sumB' });
      const sum = async (col: string, q = '') => {
        const res = await req('GET', `/_api/collection/${col}/checksum${q}`);
        assert.equal(res.statusCode, 200);
        return bodyOf(res);
      };
      const empty = await sum('sumA');
      assert.deepEqual(empty, { ...short('sumA', empty), checksum: '0', revision: '0' });
      await insert('sumA', [{ _key: 'x', v: 1 }, { _key: 'y', v: { b: 1, a: 2 } }]);
      await insert('sumB', [{ _key: 'y', v: { a: 2, b: 1 } }, { _key: 'x', v: 1 }]);
      const a = await sum('sumA');
      assert.match(a.checksum, /^\d+$/);
      assert.match(a.revision, REV);
      assert.deepEqual(a, { ...short('sumA', a), checksum: a.checksum, revision: a.revision });
      assert.equal((await sum('sumB')).checksum, a.checksum);
      assert.equal((await sum('sumB', '?withData=true')).checksum, (await sum('sumA', '?withData=true')).checksum);
      assert.notEqual((await sum('sumB', '?withRevisions=true')).checksum, (await sum('sumA', '?withRevisions=true')).checksum);
      assert.notEqual((await sum('sumA', '?withData=true')).checksum, a.checksum);
      await s.server.storage.documents.apply('_system', 'sumB', 'update', [{ key: 'x', body: { v: 2 } }], {});
      assert.equal((await sum('sumB')).checksum, a.checksum); // same keys
      assert.notEqual((await sum('sumB', '?withData=true')).checksum, (await sum('sumA', '?withData=true')).checksum);
      await insert('sumB', [{ _key: 'z' }]);
      assert.notEqual((await sum('sumB')).checksum, a.checksum);
    });

    it('answers 404/404 for an unknown sub-resource and 400/400 for a deeper path', async () => {
      const res = await req('GET', '/_api/collection/products/shardz');
      assert.equal(res.statusCode, 404);
      assert.deepEqual(bodyOf(res), err(404, 404, "expecting one of the resources 'checksum', 'count', 'figures', 'properties', 'responsibleShard', 'revision', 'shards'"));
      const deep = await req('GET', '/_api/collection/products/count/x');
      assert.equal(deep.statusCode, 400);
      assert.deepEqual(bodyOf(deep), err(400, 400, 'expect GET /_api/collection/<collection-name>/<method>'));
    });
  });

  describe('PUT /_api/collection/<name>/<action>', () => {
    it('changes waitForSync, cacheEnabled, schema and computedValues and answers the properties', async () => {
      const created = await create({ name: 'mutable' });
      const schema = { rule: { type: 'object' }, level: 'moderate', message: 'no' };
      const computedValues = [{ name: 'ts', expression: 'RETURN DATE_NOW()', overwrite: false, computeOn: ['insert'], keepNull: false }];
      const res = await req('PUT', '/_api/collection/mutable/properties', { waitForSync: true, cacheEnabled: true, schema, computedValues, journalSize: 5, name: 'ignored' });
      assert.equal(res.statusCode, 200);
      const expected = {
        error: false,
        code: 200,
        ...props('mutable', {
          waitForSync: true,
          cacheEnabled: true,
          schema: { ...schema, type: 'json' },
          computedValues: [{ name: 'ts', expression: 'RETURN DATE_NOW()', computeOn: ['insert'], overwrite: false, failOnWarning: false, keepNull: false }],
        }),
        ...ids(created),
      };
      assert.deepEqual(bodyOf(res), expected);
      assert.deepEqual(bodyOf(await req('GET', '/_api/collection/mutable/properties')), expected);
      const cleared = await req('PUT', '/_api/collection/mutable/properties', { schema: null, computedValues: [], waitForSync: 'no' });
      assert.deepEqual(bodyOf(cleared), { ...expected, schema: null, computedValues: null });
    });

    it('answers 400/1621 for an invalid schema and leaves the properties unchanged', async () => {
      const res = await req('PUT', '/_api/collection/mutable/properties', { schema: { rule: 1 }, waitForSync: false });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(bodyOf(res), err(400, 1621, "schema attribute 'rule' must be an object"));
      assert.equal(bodyOf(await req('GET', '/_api/collection/mutable/properties')).waitForSync, true);
    });

    it('renames a collection and answers its short form under the new name', async () => {
      const created = await create({ name: 'oldName' });
      const res = await req('PUT', '/_api/collection/oldName/rename', { name: 'newName' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), short('newName', created));
      assert.equal((await req('GET', '/_api/collection/oldName')).statusCode, 404);
      assert.deepEqual(bodyOf(await req('GET', '/_api/collection/newName')), short('newName', created));
      const same = await req('PUT', '/_api/collection/newName/rename', { name: 'newName' });
      assert.deepEqual(bodyOf(same), short('newName', created));
    });

    it('answers rename errors as ArangoDB: illegal, taken, missing name, system collection', async () => {
      await create({ name: 'renameMe' });
      const cases = [
        { url: '/_api/collection/renameMe/rename', body: { name: '1x' }, status: 400, body2: err(400, 1208, 'illegal name') },
        { url: '/_api/collection/renameMe/rename', body: { name: '_hidden' }, status: 400, body2: err(400, 1208, 'illegal name') },
        { url: '/_api/collection/renameMe/rename', body: { name: 'products' }, status: 409, body2: err(409, 1207, 'duplicate name') },
        { url: '/_api/collection/renameMe/rename', body: { name: 5 }, status: 400, body2: err(400, 1208, 'name is empty') },
        { url: '/_api/collection/renameMe/rename', body: undefined, status: 400, body2: err(400, 1208, 'name is empty') },
        { url: '/_api/collection/_sys1/rename', body: { name: 'sys2' }, status: 403, body2: err(403, 11, 'forbidden') },
        { url: '/_api/collection/ghost/rename', body: { name: 'x' }, status: 404, body2: err(404, 1203, 'collection or view not found') },
      ];
      for (const c of cases) {
        const res = await req('PUT', c.url, c.body);
        assert.equal(res.statusCode, c.status, JSON.stringify(c.body));
        assert.deepEqual(bodyOf(res), c.body2);
      }
    });

    it('truncates a collection and its indexes and answers the short form', async () => {
      const created = await create({ name: 'trunc' });
      const ix = await req('POST', '/_api/index?collection=trunc', { type: 'persistent', fields: ['u'], unique: true });
      assert.equal(ix.statusCode, 201);
      await insert('trunc', [{ _key: 'a', u: 1 }, { _key: 'b', u: 2 }]);
      const res = await req('PUT', '/_api/collection/trunc/truncate?waitForSync=true');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), short('trunc', created));
      assert.equal(bodyOf(await req('GET', '/_api/collection/trunc/count')).count, 0);
      const col = s.server.storage.catalog.requireCollection('_system', 'trunc');
      assert.deepEqual([...s.server.storage.documents.scan(col)], []);
      // The unique index survived, emptied: the old values are free, new duplicates are not.
      const again = await s.server.storage.documents.apply('_system', 'trunc', 'insert', [{ body: { _key: 'c', u: 1 } }, { body: { _key: 'd', u: 1 } }], {});
      assert.equal(again.results[0]!.ok, true);
      assert.equal(again.results[1]!.ok, false);
      const list = bodyOf(await req('GET', '/_api/index?collection=trunc'));
      assert.deepEqual(list.indexes.map((i: { type: string }) => i.type), ['primary', 'persistent']);
    });

    it('answers load (with count unless count is false), unload, compact and loadIndexesIntoMemory', async () => {
      const created = await create({ name: 'loadable' });
      await insert('loadable', [{}, {}]);
      const cases = [
        { action: 'load', body: undefined, expected: { ...short('loadable', created), count: 2 } },
        { action: 'load', body: { count: false }, expected: short('loadable', created) },
        { action: 'unload', body: undefined, expected: short('loadable', created) },
        { action: 'compact', body: undefined, expected: short('loadable', created) },
        { action: 'loadIndexesIntoMemory', body: undefined, expected: { error: false, code: 200, result: true } },
      ];
      for (const c of cases) {
        const res = await req('PUT', `/_api/collection/loadable/${c.action}`, c.body);
        assert.equal(res.statusCode, 200, c.action);
        assert.equal(res.headers.location, `/_db/_system/_api/collection/loadable/${c.action}`);
        assert.deepEqual(bodyOf(res), c.expected, c.action);
      }
    });

    it('answers 404/404 for an unknown action and 400/400 without name or action', async () => {
      const unknown = await req('PUT', '/_api/collection/products/explode');
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(bodyOf(unknown), err(404, 404, "expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'compact', 'rename', 'loadIndexesIntoMemory'"));
      for (const url of ['/_api/collection', '/_api/collection/products', '/_api/collection/products/load/x']) {
        const res = await req('PUT', url, { name: ' this name is invalid ' });
        assert.equal(res.statusCode, 400, url);
        assert.deepEqual(bodyOf(res), err(400, 400, 'expected PUT /_api/collection/<collection-name>/<action>'));
      }
      const ghost = await req('PUT', '/_api/collection/ghost/explode');
      assert.equal(ghost.statusCode, 404);
      assert.deepEqual(bodyOf(ghost), err(404, 1203, 'collection or view not found'));
    });
  });

  describe('DELETE /_api/collection/<name>', () => {
    it('drops a collection by name or id and answers its id', async () => {
      for (const byId of [false, true]) {
        const created = await create({ name: 'doomed' });
        await insert('doomed', [{ a: 1 }]);
        const res = await req('DELETE', `/_api/collection/${byId ? String(created.id) : 'doomed'}`);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(bodyOf(res), { id: created.id, error: false, code: 200 });
        assert.equal((await req('GET', '/_api/collection/doomed')).statusCode, 404);
      }
      await s.server.storage.purger.idle();
    });

    it('drops a system collection only with isSystem=true (403/11 otherwise)', async () => {
      const created = await create({ name: '_sysDrop', isSystem: true });
      const refused = await req('DELETE', '/_api/collection/_sysDrop');
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(bodyOf(refused), err(403, 11, 'forbidden'));
      const res = await req('DELETE', '/_api/collection/_sysDrop?isSystem=true');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), { id: created.id, error: false, code: 200 });
    });

    it('answers 404/1203 for an unknown collection and 400/400 without exactly one name', async () => {
      const res = await req('DELETE', '/_api/collection/ghost');
      assert.equal(res.statusCode, 404);
      assert.deepEqual(bodyOf(res), err(404, 1203, 'collection or view not found'));
      for (const url of ['/_api/collection', '/_api/collection/products/properties']) {
        const bad = await req('DELETE', url);
        assert.equal(bad.statusCode, 400, url);
        assert.deepEqual(bodyOf(bad), err(400, 400, 'expected DELETE /_api/collection/<collection-name>'));
      }
    });
  });
});

describe('collections across a restart', () => {
  it('keeps a collection, its properties, documents and indexes', async () => {
    const dir = tempDir();
    try {
      let s = await startServer([], { dir });
      let created: Record<string, unknown> = {};
      let index: Record<string, unknown> = {};
      try {
        const res = await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'durable', type: 3, waitForSync: true, keyOptions: { type: 'autoincrement', increment: 3 } } });
        created = bodyOf(res);
        await s.request({ method: 'PUT', url: '/_api/collection/durable/properties', body: { schema: { rule: { type: 'object' } } } });
        await s.server.storage.documents.apply('_system', 'durable', 'insert', [{ body: { _from: 'v/1', _to: 'v/2', n: 1 } }], {});
        index = bodyOf(await s.request({ method: 'POST', url: '/_api/index?collection=durable', body: { type: 'persistent', fields: ['n'], unique: true, name: 'byN' } }));
      } finally {
        await s.close();
      }
      s = await startServer([], { dir });
      try {
        const props2 = bodyOf(await s.request({ method: 'GET', url: '/_api/collection/durable/count' }));
        assert.deepEqual(props2, {
          ...created,
          schema: { rule: { type: 'object' }, level: 'strict', message: 'Schema validation failed', type: 'json' },
          keyOptions: { type: 'autoincrement', allowUserKeys: true, offset: 0, increment: 3, lastValue: 3 },
          count: 1,
        });
        const list = bodyOf(await s.request({ method: 'GET', url: '/_api/index?collection=durable' }));
        const { isNewlyCreated: _n, error: _e, code: _c, ...view } = index;
        assert.deepEqual(list.indexes.map((i: { id: string }) => i.id), ['durable/0', 'durable/1', view.id]);
        assert.deepEqual(list.indexes[2], view);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
