// /_api/index as ArangoDB 3.12 answers it on a single server: listing (built-in primary and
// edge indexes, persistent ones), creating (aliases, equal definitions, unique violations),
// describing and dropping by id or name, unique enforcement on writes, and an index build
// over many documents that leaves the server answering.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

function err(code: number, errorNum: number, errorMessage: string) {
  return { error: true, code, errorNum, errorMessage };
}

const primary = (c: string) => ({ fields: ['_key'], id: `${c}/0`, name: 'primary', selectivityEstimate: 1, sparse: false, type: 'primary', unique: true });
const edge = (c: string) => ({ fields: ['_from', '_to'], id: `${c}/1`, name: 'edge', selectivityEstimate: 1, sparse: false, type: 'edge', unique: false });

/** A persistent index description with ArangoDB's defaults, `over` applied. */
function persistent(id: string, fields: string[], over: Record<string, unknown> = {}) {
  return {
    cacheEnabled: false,
    deduplicate: true,
    estimates: true,
    fields,
    id,
    name: `idx_${id.split('/')[1]}`,
    selectivityEstimate: 1,
    sparse: false,
    type: 'persistent',
    unique: false,
    ...over,
  };
}

/** Checks a generated index handle "<c>/<digits>" and returns it. */
function handleOf(b: { id: string }, c: string): string {
  assert.match(b.id, new RegExp(`^${c}/\\d+$`));
  return b.id;
}

describe('/_api/index', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    for (const [name, type] of [['docs', 2], ['links', 3], ['people', 2]] as const) {
      const res = await s.request({ method: 'POST', url: '/_api/collection', body: { name, type } });
      assert.equal(res.statusCode, 200);
    }
  });
  after(async () => {
    await s.close();
  });

  const req = (method: string, url: string, body?: unknown) => s.request({ method, url, body });

  async function insert(col: string, docs: Record<string, unknown>[]) {
    return s.server.storage.documents.apply('_system', col, 'insert', docs.map((body) => ({ body })), {});
  }

  describe('GET /_api/index?collection=<c>', () => {
    it('lists the primary index of a document collection, also under identifiers', async () => {
      const res = await req('GET', '/_api/index?collection=docs');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), { error: false, code: 200, indexes: [primary('docs')], identifiers: { 'docs/0': primary('docs') } });
    });

    it('lists the primary and the edge index of an edge collection', async () => {
      const res = await req('GET', '/_api/index?collection=links');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), {
        error: false,
        code: 200,
        indexes: [primary('links'), edge('links')],
        identifiers: { 'links/0': primary('links'), 'links/1': edge('links') },
      });
    });

    it('answers 403/11 for a primary or edge index, which only the server creates (shell-index-ensure.js testEnsureTypeForbidden1/2)', async () => {
      for (const type of ['primary', 'edge']) {
        const res = await req('POST', '/_api/index?collection=docs', { type, fields: ['a'] });
        assert.equal(res.statusCode, 403);
        assert.deepEqual(bodyOf(res), err(403, 11, 'forbidden'));
      }
    });

    it('answers 404/1203 without a collection parameter or for an unknown collection', async () => {
      for (const url of ['/_api/index', '/_api/index?collection=', '/_api/index?collection=ghost']) {
        const res = await req('GET', url);
        assert.equal(res.statusCode, 404, url);
        assert.deepEqual(bodyOf(res), err(404, 1203, 'collection or view not found'));
      }
    });
  });

  describe('POST /_api/index?collection=<c>', () => {
    it('creates a persistent index (201), then finds the equal one (200)', async () => {
      const res = await req('POST', '/_api/index?collection=docs', { type: 'persistent', fields: ['a', 'b.c'] });
      assert.equal(res.statusCode, 201);
      const b = bodyOf(res);
      const id = handleOf(b, 'docs');
      const view = persistent(id, ['a', 'b.c']);
      assert.deepEqual(b, { ...view, isNewlyCreated: true, error: false, code: 201 });
      for (const type of ['persistent', 'hash', 'skiplist']) {
        const again = await req('POST', '/_api/index?collection=docs', { type, fields: ['a', 'b.c'], inBackground: true });
        assert.equal(again.statusCode, 200, type);
        assert.deepEqual(bodyOf(again), { ...view, isNewlyCreated: false, error: false, code: 200 });
      }
      const list = bodyOf(await req('GET', '/_api/index?collection=docs'));
      assert.deepEqual(list.indexes, [primary('docs'), view]);
      assert.deepEqual(list.identifiers, { 'docs/0': primary('docs'), [id]: view });
    });

    it('takes hash and skiplist as persistent, with name, unique, sparse and the flags, and reports the alias as its type', async () => {
      // ArangoDB 3.12 keeps the alias: RocksDBIndexFactory has hash and skiplist factories
      // that report their own type name (tests/js/client/shell/api/index.js asserts it)
      const cases = [
        { body: { type: 'hash', fields: ['h'], unique: true, name: 'byH' }, over: { name: 'byH', unique: true, type: 'hash' } },
        { body: { type: 'skiplist', fields: ['k'], sparse: true, deduplicate: false }, over: { sparse: true, deduplicate: false, type: 'skiplist' } },
        { body: { type: 'persistent', fields: ['e'], estimates: false, cacheEnabled: true }, over: { estimates: false, cacheEnabled: true } },
      ];
      for (const c of cases) {
        const res = await req('POST', '/_api/index?collection=people', c.body);
        assert.equal(res.statusCode, 201, JSON.stringify(c.body));
        const b = bodyOf(res);
        const id = handleOf(b, 'people');
        const expected: Record<string, unknown> = { ...persistent(id, c.body.fields, c.over), isNewlyCreated: true, error: false, code: 201 };
        if (c.body.estimates === false) delete expected.selectivityEstimate; // no estimate kept
        assert.deepEqual(b, expected);
      }
    });

    it('reports a selectivity estimate below 1 for repeated values', async () => {
      await req('POST', '/_api/collection', { name: 'est' });
      await insert('est', [{ v: 1 }, { v: 1 }, { v: 2 }, { v: 2 }]);
      const res = await req('POST', '/_api/index?collection=est', { type: 'persistent', fields: ['v'] });
      const b = bodyOf(res);
      assert.deepEqual(b, { ...persistent(handleOf(b, 'est'), ['v'], { selectivityEstimate: 0.5 }), isNewlyCreated: true, error: false, code: 201 });
      const sel = await req('GET', '/_api/index/selectivity?collection=est');
      assert.equal(sel.statusCode, 200);
      assert.deepEqual(bodyOf(sel), { error: false, code: 200, indexes: { 'est/0': 1, [b.id]: 0.5 } });
    });

    const invalid = [
      { id: 'unknown type', body: { type: 'foo', fields: ['a'] }, errorNum: 10, message: "invalid index type 'foo'" },
      { id: 'no type', body: { fields: ['a'] }, errorNum: 10, message: 'invalid index type' },
      { id: 'no fields', body: { type: 'persistent' }, errorNum: 10, message: 'invalid number of index attributes' },
      { id: 'bad field', body: { type: 'persistent', fields: ['a[0]'] }, errorNum: 1238, message: 'illegal attribute name' },
      { id: 'not an object', body: [1], errorNum: 10, message: 'expecting a JSON object as body' },
    ];
    for (const c of invalid) {
      it(`answers 400/${c.errorNum} for an invalid definition (${c.id})`, async () => {
        const res = await req('POST', '/_api/index?collection=docs', c.body);
        assert.equal(res.statusCode, 400);
        assert.deepEqual(bodyOf(res), err(400, c.errorNum, c.message));
      });
    }

    it('answers 404/1203 without a collection parameter or for an unknown collection', async () => {
      for (const url of ['/_api/index', '/_api/index?collection=ghost']) {
        const res = await req('POST', url, { type: 'persistent', fields: ['a'] });
        assert.equal(res.statusCode, 404, url);
        assert.deepEqual(bodyOf(res), err(404, 1203, 'collection or view not found'));
      }
    });

    it('answers 400/400 for a POST with a path suffix', async () => {
      const res = await req('POST', '/_api/index/docs?collection=docs', { type: 'persistent', fields: ['a'] });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(bodyOf(res), err(400, 400, 'expecting POST /_api/index/docs?collection=<collection-name>'));
    });

    it('takes extended (Unicode) index names, and refuses the names ArangoDB 3.12 refuses', async () => {
      for (const name of ['\u00efndex', '_under', '.dot', 'with space']) {
        const res = await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: [`n${name.length}`], name });
        assert.equal(res.statusCode, 201, name);
        assert.equal(bodyOf(res).name, name);
      }
      // 400/1208 with ArangoDB's IndexNameValidator messages
      for (const name of ['1digit', ' lead', 'trail ', 'a/b', 'x'.repeat(257)]) {
        const res = await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['z'], name });
        assert.deepEqual(bodyOf(res), err(400, 1208, 'illegal name: index name invalid'), name);
      }
      const nfd = await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['z'], name: 'A\u030a' });
      assert.deepEqual(bodyOf(nfd), err(400, 1208, 'index name is not properly UTF-8 NFC-normalized'));
      // a name that is not a string, or is empty, asks for none: one is generated
      for (const name of [7, '']) {
        const res = await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: [`gen${String(name)}`], name });
        assert.equal(res.statusCode, 201, String(name));
        assert.match(bodyOf(res).name, /^idx_\d+$/);
      }
    });

    it('answers 400/1005 for a name taken by another index (shell-index-ensure.js testEnsureName2)', async () => {
      const res = await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['other'], name: 'byH' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(bodyOf(res), err(400, 1005, 'duplicate value for `id` or `name`'));
    });

    it('refuses a unique index over duplicate values with 400/1210 and leaves no index behind', async () => {
      await req('POST', '/_api/collection', { name: 'dupes' });
      await insert('dupes', [{ _key: 'k1', u: 7 }, { _key: 'k2', u: 7 }]);
      const res = await req('POST', '/_api/index?collection=dupes', { type: 'persistent', fields: ['u'], unique: true });
      assert.equal(res.statusCode, 400);
      const b = bodyOf(res);
      assert.match(b.errorMessage, /^unique constraint violated - in index idx_\d+ of type persistent over 'u'; conflicting key: k1$/);
      assert.deepEqual(b, err(400, 1210, b.errorMessage));
      const list = bodyOf(await req('GET', '/_api/index?collection=dupes&withHidden=true'));
      assert.deepEqual(list.indexes, [primary('dupes')]);
    });
  });

  describe('GET and DELETE /_api/index/<c>/<id>', () => {
    it('describes an index by id and by name, the primary index too', async () => {
      const created = bodyOf(await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['age'], name: 'byAge' }));
      const id = handleOf(created, 'people');
      const view = persistent(id, ['age'], { name: 'byAge' });
      for (const url of [`/_api/index/${id}`, '/_api/index/people/byAge']) {
        const res = await req('GET', url);
        assert.equal(res.statusCode, 200, url);
        assert.deepEqual(bodyOf(res), { ...view, error: false, code: 200 });
      }
      assert.deepEqual(bodyOf(await req('GET', '/_api/index/people/0')), { ...primary('people'), error: false, code: 200 });
      assert.deepEqual(bodyOf(await req('GET', '/_api/index/links/edge')), { ...edge('links'), error: false, code: 200 });
    });

    it('answers 404/1212 for an unknown index, 404/1203 for an unknown collection (RestIndexHandler::getIndexes), 400/400 otherwise', async () => {
      const cases = [
        { url: '/_api/index/people/999999', status: 404, body: err(404, 1212, 'index not found') },
        { url: '/_api/index/people/noSuchName', status: 404, body: err(404, 1212, 'index not found') },
        { url: '/_api/index/ghost/0', status: 404, body: err(404, 1203, 'collection or view not found') },
        { url: '/_api/index/123456/123456', status: 404, body: err(404, 1203, 'collection or view not found') },
        { url: '/_api/index/people', status: 400, body: err(400, 400, 'bad parameter') },
        { url: '/_api/index/people/0/x', status: 400, body: err(400, 400, 'bad parameter') },
      ];
      for (const c of cases) {
        const res = await req('GET', c.url);
        assert.equal(res.statusCode, c.status, c.url);
        assert.deepEqual(bodyOf(res), c.body, c.url);
      }
    });

    it('drops an index by id, answering its handle', async () => {
      const created = bodyOf(await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['gone'] }));
      const id = handleOf(created, 'people');
      const res = await req('DELETE', `/_api/index/${id}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), { id, error: false, code: 200 });
      assert.equal((await req('GET', `/_api/index/${id}`)).statusCode, 404);
      const twice = await req('DELETE', `/_api/index/${id}`);
      assert.equal(twice.statusCode, 404);
      assert.deepEqual(bodyOf(twice), err(404, 1212, 'index not found'));
    });

    it('drops an index by name, answering the handle as given', async () => {
      await req('POST', '/_api/index?collection=people', { type: 'persistent', fields: ['nick'], name: 'byNick' });
      const res = await req('DELETE', '/_api/index/people/byNick');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(bodyOf(res), { id: 'people/byNick', error: false, code: 200 });
      assert.equal((await req('GET', '/_api/index/people/byNick')).statusCode, 404);
    });

    it('refuses to drop built-in indexes and answers bad handles as ArangoDB', async () => {
      const cases = [
        { url: '/_api/index/people/0', status: 404, body: err(404, 1212, 'index not found') },
        { url: '/_api/index/links/1', status: 403, body: err(403, 11, 'forbidden') },
        { url: '/_api/index/people/noSuchName', status: 404, body: err(404, 1212, 'index not found') },
        { url: '/_api/index/people/a.b', status: 400, body: err(400, 1214, 'illegal index identifier') },
        { url: '/_api/index/ghost/5', status: 404, body: err(404, 1203, 'collection or view not found') },
        { url: '/_api/index/people', status: 400, body: err(400, 400, 'expecting DELETE /<collection-name>/<index-identifier>') },
        { url: '/_api/index', status: 400, body: err(400, 400, 'expecting DELETE /<collection-name>/<index-identifier>') },
      ];
      for (const c of cases) {
        const res = await req('DELETE', c.url);
        assert.equal(res.statusCode, c.status, c.url);
        assert.deepEqual(bodyOf(res), c.body, c.url);
      }
      const list = bodyOf(await req('GET', '/_api/index?collection=links'));
      assert.deepEqual(list.indexes, [primary('links'), edge('links')]);
    });
  });

  describe('unique indexes on writes', () => {
    it('rejects a second document with the same value and accepts it after the index is dropped', async () => {
      await req('POST', '/_api/collection', { name: 'users' });
      const created = bodyOf(await req('POST', '/_api/index?collection=users', { type: 'persistent', fields: ['email'], unique: true }));
      const first = await insert('users', [{ _key: 'u1', email: 'a@x' }]);
      assert.equal(first.results[0]!.ok, true);
      const second = await insert('users', [{ _key: 'u2', email: 'a@x' }]);
      const r = second.results[0]!;
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.errorNum, 1210);
        assert.equal(r.error.status, 409);
        assert.equal(r.error.message, `unique constraint violated - in index ${created.name} of type persistent over 'email'; conflicting key: u1`);
      }
      await req('DELETE', `/_api/index/${created.id}`);
      assert.equal((await insert('users', [{ _key: 'u2', email: 'a@x' }])).results[0]!.ok, true);
    });

    it('makes a document whose array repeats a value conflict with itself when deduplicate is off', async () => {
      await req('POST', '/_api/collection', { name: 'tags' });
      const strict = bodyOf(await req('POST', '/_api/index?collection=tags', { type: 'persistent', fields: ['a[*]'], unique: true, deduplicate: false }));
      assert.equal(strict.deduplicate, false);
      const doubled = (await insert('tags', [{ _key: 't1', a: [5, 5] }])).results[0]!;
      assert.equal(doubled.ok, false);
      if (!doubled.ok) assert.deepEqual([doubled.error.errorNum, doubled.error.status, doubled.error.message], [1210, 409, `unique constraint violated - in index ${strict.name} of type persistent over 'a[*]'; conflicting key: t1`]);
      assert.equal((await insert('tags', [{ _key: 't2', a: [5, 6] }])).results[0]!.ok, true);
      // an update that repeats a value conflicts too; the document stays as it was
      const upd = await req('PATCH', '/_api/document/tags/t2', { a: [6, 6] });
      assert.equal(upd.statusCode, 409);
      assert.deepEqual(bodyOf(await req('GET', '/_api/document/tags/t2')).a, [5, 6]);
      // with deduplicate (the default) the repeated value is one entry
      await req('DELETE', `/_api/index/${strict.id}`);
      await req('POST', '/_api/index?collection=tags', { type: 'persistent', fields: ['a[*]'], unique: true });
      assert.equal((await insert('tags', [{ _key: 't3', a: [7, 7] }])).results[0]!.ok, true);
      // building the index over a document that repeats a value fails the same way
      await req('POST', '/_api/collection', { name: 'tags2' });
      await insert('tags2', [{ _key: 'd1', a: [1, 1] }]);
      const build = await req('POST', '/_api/index?collection=tags2', { type: 'persistent', fields: ['a[*]'], unique: true, deduplicate: false });
      assert.equal(build.statusCode, 400);
      assert.equal(bodyOf(build).errorNum, 1210);
    });
  });

  describe('building an index over many documents', () => {
    it('keeps answering other requests while the index is filled, and hides it until ready', async () => {
      await req('POST', '/_api/collection', { name: 'big' });
      const N = 20000;
      for (let i = 0; i < N; i += 5000) {
        await insert('big', Array.from({ length: 5000 }, (_, j) => ({ n: i + j })));
      }
      let done = false;
      const build = req('POST', '/_api/index?collection=big', { type: 'persistent', fields: ['n'], unique: true }).then((res) => {
        done = true;
        return res;
      });
      // Wait for the build to have started (its record exists, marked building).
      const building = () => s.server.storage.catalog.requireCollection('_system', 'big').indexes.some((ix) => ix.building);
      while (!building() && !done) await new Promise((r) => setImmediate(r));
      assert.equal(done, false, 'the build finished before it was seen running');
      const version = await req('GET', '/_api/version');
      assert.equal(version.statusCode, 200);
      assert.equal(done, false, 'the build finished before /_api/version answered');
      const hidden = bodyOf(await req('GET', '/_api/index?collection=big'));
      const shown = bodyOf(await req('GET', '/_api/index?collection=big&withHidden=true'));
      assert.equal(done, false, 'the build finished before the index lists answered');
      assert.deepEqual(hidden.indexes, [primary('big')]);
      assert.equal(shown.indexes.length, 2);
      assert.equal(shown.indexes[1].isBuilding, true);

      const res = await build;
      assert.equal(res.statusCode, 201);
      const b = bodyOf(res);
      assert.deepEqual(b, { ...persistent(handleOf(b, 'big'), ['n'], { unique: true }), isNewlyCreated: true, error: false, code: 201 });
      const list = bodyOf(await req('GET', '/_api/index?collection=big'));
      assert.deepEqual(list.indexes[1], persistent(b.id, ['n'], { unique: true }));
      // Every existing document is in the index: a duplicate of any value is refused.
      for (const n of [0, 12345, N - 1]) {
        const dup = await insert('big', [{ n }]);
        assert.equal(dup.results[0]!.ok, false, String(n));
      }
      assert.equal((await insert('big', [{ n: N }])).results[0]!.ok, true);
    });
  });
});
