// POST /_api/import: the three body forms, blank lines, per-document errors and their
// details, onDuplicate, complete, overwrite, edge prefixes, and the whole-request errors,
// as ArangoDB's import tests give them (tests/js/client/shell/api/multi/import*.js).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('/_api/import', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, rawBody?: string, headers?: Record<string, string>) {
    const res = await s.request({ method, url, rawBody, headers });
    return { status: res.statusCode, body: bodyOf(res) as any };
  }
  const imp = (query: string, raw: string) => call('POST', `/_api/import?${query}`, raw, { 'content-type': 'text/plain' });
  const counts = (created: number, errors = 0, empty = 0, updated = 0, ignored = 0) => ({ error: false, created, errors, empty, updated, ignored });
  async function docs(name: string) {
    const r = await call('POST', '/_api/cursor', JSON.stringify({ query: `FOR d IN ${name} SORT d._key RETURN UNSET(d, '_id', '_rev')` }));
    return r.body.result as Record<string, unknown>[];
  }

  beforeEach(async () => {
    for (const [name, type] of [['imp', 2], ['impedge', 3]] as const) {
      await call('DELETE', `/_api/collection/${name}`);
      assert.equal((await call('POST', '/_api/collection', JSON.stringify({ name, type }))).status, 200);
    }
  });

  describe('type=documents (one object per line)', () => {
    it('imports every line, counting blank lines as empty and not a trailing newline', async () => {
      const r = await imp('collection=imp&type=documents', '{"_key":"a","v":1}\r\n{"_key":"b","v":2}\r\n');
      assert.equal(r.status, 201);
      assert.deepEqual(r.body, counts(2));
      assert.deepEqual(await docs('imp'), [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }]);
      assert.deepEqual((await imp('collection=imp&type=documents', '\n\n')).body, counts(0, 0, 2));
      const blanks = '\n\n{"_key":"c"}\n     \n \n \r\n \n{"_key":"d"}\n\n\n';
      assert.deepEqual((await imp('collection=imp&type=documents', blanks)).body, counts(2, 0, 8));
      assert.deepEqual((await imp('collection=imp&type=documents', '')).body, counts(0));
    });

    it('counts lines that are not objects as errors, with their positions in details', async () => {
      const r = await imp('collection=imp&type=documents&details=true', '{"_key":"a"}\n[1]\n\n{bad json\n{"_key":"b"}\n"text"');
      assert.deepEqual(r.body, {
        ...counts(2, 3, 1),
        details: [
          'at position 2: invalid JSON type (expecting object), offending document: [1]',
          'at position 4: invalid JSON type (expecting object, probably parse error), offending context: {bad json',
          'at position 6: invalid JSON type (expecting object), offending document: "text"',
        ],
      });
      assert.deepEqual((await docs('imp')).map((d) => d._key), ['a', 'b']);
    });

    it('cuts an offending line to 255 characters', async () => {
      const long = '{' + 'x'.repeat(300);
      const r = await imp('collection=imp&type=documents&details=true', long);
      assert.equal(r.body.details[0], `at position 1: invalid JSON type (expecting object, probably parse error), offending context: ${long.slice(0, 255)}...`);
    });
  });

  describe('type=list and type=auto', () => {
    it('imports one JSON array of objects', async () => {
      const r = await imp('collection=imp&type=list&details=true', '[{"_key":"a"},{"_key":"b"},7]');
      assert.deepEqual(r.body, { ...counts(2, 1), details: ['at position 3: invalid JSON type (expecting object), offending document: 7'] });
      assert.deepEqual((await imp('collection=imp&type=array', '[\n\n]')).body, counts(0));
    });

    it('refuses a body that is no JSON array', async () => {
      const noArray = { error: true, code: 400, errorNum: 400, errorMessage: 'expecting a JSON array in the request' };
      assert.deepEqual((await imp('collection=imp&type=list', '{"_key":"a"}')).body, noArray);
      assert.deepEqual((await imp('collection=imp&type=list', '')).body, noArray);
      const broken = await imp('collection=imp&type=list', '[{"_key":"a"');
      assert.equal(broken.status, 400);
      assert.equal(broken.body.errorNum, 600);
      assert.deepEqual(await docs('imp'), []);
    });

    it('reads auto as a list when the body starts with [ and as lines otherwise', async () => {
      assert.deepEqual((await imp('collection=imp&type=auto', ' \r\n[{"_key":"a"},{"_key":"b"}]')).body, counts(2));
      assert.deepEqual((await imp('collection=imp&type=auto', '{"_key":"c"}\r\n{"_key":"d"}\r\n')).body, counts(2));
      assert.deepEqual((await docs('imp')).map((d) => d._key), ['a', 'b', 'c', 'd']);
    });
  });

  describe('header and values (no type)', () => {
    it('builds documents from the header names, leaving null values out', async () => {
      const r = await imp('collection=imp', '["_key","v","w"]\r\n["a",1,null]\r\n\r\n["b",[1,2],{"x":true}]\r\n');
      assert.deepEqual(r.body, counts(2, 0, 1));
      assert.deepEqual(await docs('imp'), [{ _key: 'a', v: 1 }, { _key: 'b', v: [1, 2], w: { x: true } }]);
      // arangojs sends type= for arrays of arrays
      assert.deepEqual((await imp('collection=imp&type=', '["_key"]\n["c"]\n')).body, counts(1));
    });

    it('counts value lines that do not fit the header as errors', async () => {
      const r = await imp('collection=imp&details=true', '["_key","a","b"]\n["x",1,2]\n["y"]\n[ ]\n["z",1,2,3]\n{"_key":"o"}\n["w",1,2]\n');
      assert.deepEqual(r.body, {
        ...counts(2, 4),
        details: [
          'at position 2: wrong number of JSON values (got 1, expected 3)',
          'at position 3: wrong number of JSON values (got 0, expected 3)',
          'at position 4: wrong number of JSON values (got 4, expected 3)',
          'at position 5: no valid JSON array data',
        ],
      });
      // ignoreMissing: short lines leave attributes out, long ones lose their extra values
      assert.deepEqual((await imp('collection=imp&ignoreMissing=true', '["_key","a","b"]\n["m",1]\n["n",1,2,3]\n')).body, counts(2));
      const byKey = Object.fromEntries((await docs('imp')).map((d) => [d._key, d]));
      assert.deepEqual(byKey.m, { _key: 'm', a: 1 });
      assert.deepEqual(byKey.n, { _key: 'n', a: 1, b: 2 });
    });

    it('refuses a body without a header line of strings or without a second line', async () => {
      const noHeader = { error: true, code: 400, errorNum: 400, errorMessage: 'no JSON string array found in first line' };
      const noSecond = { error: true, code: 400, errorNum: 400, errorMessage: 'no JSON array found in second line' };
      assert.deepEqual((await imp('collection=imp', '\n["a"]\n[1]\n')).body, noHeader);
      assert.deepEqual((await imp('collection=imp', '{"a":1}\n[1]\n')).body, noHeader);
      assert.deepEqual((await imp('collection=imp', '[]\n[1]\n')).body, noHeader);
      assert.deepEqual((await imp('collection=imp', '["a",1]\n[1,2]\n')).body, noHeader);
      assert.deepEqual((await imp('collection=imp', '["a"]')).body, noSecond);
      assert.deepEqual((await imp('collection=imp', '')).body, noSecond);
      // the header is read before the collection
      assert.deepEqual((await imp('collection=nowhere', '["a"]')).body, noSecond);
    });
  });

  describe('options', () => {
    it('onDuplicate: error counts, update and replace write, ignore skips', async () => {
      await imp('collection=imp&type=documents', '{"_key":"a","v":1,"w":1}\n');
      const body = '{"_key":"a","v":2}\n{"_key":"b","v":3}\n{"_key":"b","v":4}\n';
      assert.deepEqual((await imp('collection=imp&type=documents', body)).body, counts(1, 2));
      assert.deepEqual((await imp('collection=imp&type=documents&onDuplicate=update', body)).body, counts(0, 0, 0, 3));
      assert.deepEqual(await docs('imp'), [{ _key: 'a', v: 2, w: 1 }, { _key: 'b', v: 4 }]);
      assert.deepEqual((await imp('collection=imp&type=documents&onDuplicate=replace', '{"_key":"a","z":0}\n{"_key":"c"}\n')).body, counts(1, 0, 0, 1));
      assert.deepEqual((await docs('imp'))[0], { _key: 'a', z: 0 });
      assert.deepEqual((await imp('collection=imp&type=documents&onDuplicate=ignore', '{"_key":"a","z":5}\n{"_key":"d"}\n')).body, counts(1, 0, 0, 0, 1));
      assert.deepEqual((await docs('imp'))[0], { _key: 'a', z: 0 });
      // a unique index's violation is a duplicate too
      assert.equal((await call('POST', '/_api/index?collection=imp', JSON.stringify({ type: 'persistent', fields: ['u'], unique: true, sparse: true }))).status, 201);
      await imp('collection=imp&type=documents', '{"_key":"e","u":1}\n');
      assert.deepEqual((await imp('collection=imp&type=documents&onDuplicate=ignore', '{"_key":"f","u":1}\n')).body, counts(0, 0, 0, 0, 1));
      // an unknown value is error
      assert.deepEqual((await imp('collection=imp&type=documents&onDuplicate=whatever', '{"_key":"f","u":1}\n')).body, counts(0, 1));
    });

    it('details of a failed insert name its error and the document', async () => {
      await imp('collection=imp&type=documents', '{"_key":"a"}\n');
      const r = await imp('collection=imp&type=list&details=true', '[7,{"_key":"ok"},{"_key":"a","v":1},{"_key":"bad key!"}]');
      assert.deepEqual(r.body, {
        ...counts(1, 3),
        details: [
          'at position 1: invalid JSON type (expecting object), offending document: 7',
          // the position of an insert failure is its index among the documents inserted
          'at position 1: creating document failed with error \'unique constraint violated\', offending document: {"_key":"a","v":1}',
          'at position 2: creating document failed with error \'illegal document key\', offending document: {"_key":"bad key!"}',
        ],
      });
    });

    it('complete=true imports all or nothing', async () => {
      await imp('collection=imp&type=documents', '{"_key":"a"}\n');
      let r = await imp('collection=imp&type=documents&complete=true', '{"_key":"x"}\n{"_key":"a"}\n');
      assert.equal(r.status, 409);
      assert.equal(r.body.errorNum, 1210);
      assert.deepEqual((await docs('imp')).map((d) => d._key), ['a']);
      r = await imp('collection=imp&type=list&complete=true', '[{"_key":"y"},3]');
      assert.deepEqual(r.body, { error: true, code: 400, errorNum: 1227, errorMessage: 'invalid document type' });
      r = await imp('collection=imp&complete=true', '["_key"]\n["z"]\n["z",1]\n');
      assert.equal(r.status, 500);
      assert.equal(r.body.errorNum, 4);
      assert.deepEqual((await docs('imp')).map((d) => d._key), ['a']);
      assert.deepEqual((await imp('collection=imp&type=documents&complete=true', '{"_key":"x"}\n{"_key":"y"}\n')).body, counts(2));
    });

    it('overwrite=true empties the collection first', async () => {
      await imp('collection=imp&type=documents', '{"_key":"a"}\n{"_key":"b"}\n');
      assert.deepEqual((await imp('collection=imp&type=documents&overwrite=true', '{"_key":"a","v":1}\n')).body, counts(1));
      assert.deepEqual(await docs('imp'), [{ _key: 'a', v: 1 }]);
      const props = await call('GET', '/_api/collection/imp/count');
      assert.equal(props.body.count, 1);
      // with complete=true a failing import leaves the collection as it was: the truncate is undone too
      const r = await imp('collection=imp&type=documents&overwrite=true&complete=true', '{"_key":"n1"}\n{"_key":"n1"}\n');
      assert.equal(r.status, 409);
      assert.deepEqual(await docs('imp'), [{ _key: 'a', v: 1 }]);
      assert.equal((await call('GET', '/_api/collection/imp/count')).body.count, 1);
      // and an empty import still empties it
      assert.deepEqual((await imp('collection=imp&type=documents&overwrite=true', '')).body, counts(0));
      assert.deepEqual(await docs('imp'), []);
    });

    it('edges: fromPrefix and toPrefix complete handles without a collection; _from and _to are required', async () => {
      const r = await imp(
        'collection=impedge&type=documents&fromPrefix=v&toPrefix=w/&details=true',
        '{"_key":"e1","_from":"a","_to":"b"}\n{"_key":"e2","_from":"x/a","_to":7}\n{"_key":"e3","_to":"b"}\n{"_key":"e4","_from":"a","_to":"b/c/d"}\n',
      );
      assert.deepEqual(r.body, {
        ...counts(2, 2),
        details: [
          'at position 3: missing \'_from\' or \'_to\' attribute, offending document: {"_key":"e3","_to":"b"}',
          'at position 2: creating document failed with error \'expecting both `_from` and `_to` attributes to be defined in the edge document and have the format `<collectionName>/<vertexKey>`\', offending document: {"_key":"e4","_from":"v/a","_to":"b/c/d"}',
        ],
      });
      const edges = await docs('impedge');
      assert.deepEqual(
        edges.map((e) => [e._key, e._from, e._to]),
        [
          ['e1', 'v/a', 'w/b'],
          ['e2', 'x/a', 'w/7'],
        ],
      );
      // without prefixes, a handle without a collection is an invalid edge
      assert.deepEqual((await imp('collection=impedge&type=list', '[{"_from":"a","_to":"b"}]')).body, counts(0, 1));
    });
  });

  it('ignores createCollection=true: a missing collection is 404/1203 (3.12 has no such parameter)', async () => {
    await call('DELETE', '/_api/collection/impnew');
    for (const q of ['collection=impnew&type=list', 'collection=impnew&createCollection=true&type=list', 'collection=impnew&createCollection=true&createCollectionType=edge&type=list']) {
      const r = await imp(q, '[{"foo":true}]');
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found: impnew' });
    }
    assert.equal((await call('GET', '/_api/collection/impnew')).status, 404);
  });

  it('answers request errors as ArangoDB does', async () => {
    assert.deepEqual((await imp('type=list', '[]')).body, { error: true, code: 400, errorNum: 1204, errorMessage: "'collection' is missing, expecting /_api/import?collection=<identifier>" });
    assert.deepEqual((await imp('collection=&type=list', '[]')).body.errorNum, 1204);
    assert.deepEqual((await imp('collection=nope&type=list', '[]')).body, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found: nope' });
    assert.deepEqual((await imp('collection=imp&type=hund', '[]')).body, { error: true, code: 400, errorNum: 10, errorMessage: "invalid value for 'type'" });
    assert.deepEqual((await call('POST', '/_api/import/more?collection=imp&type=list', '[]')).body, {
      error: true,
      code: 400,
      errorNum: 601,
      errorMessage: 'superfluous suffix, expecting /_api/import?collection=<identifier>',
    });
    for (const m of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      assert.deepEqual((await call(m, '/_api/import?collection=imp&type=list', m === 'GET' || m === 'DELETE' ? undefined : '[]')).body, {
        error: true,
        code: 501,
        errorNum: 9,
        errorMessage: "'ILLEGAL /_api/import' not implemented",
      });
    }
  });

  it('runs as an async job like any request', async () => {
    const r = await s.request({ method: 'POST', url: '/_api/import?collection=imp&type=documents', rawBody: '{"_key":"j1"}\n{"_key":"j2"}\n', headers: { 'x-arango-async': 'store' } });
    assert.equal(r.statusCode, 202);
    const id = r.headers['x-arango-async-id'] as string;
    let fetched: { status: number; body: any } | undefined;
    for (let i = 0; i < 200 && !fetched; i++) {
      const f = await s.request({ method: 'PUT', url: `/_api/job/${id}` });
      if (f.statusCode !== 204) fetched = { status: f.statusCode, body: bodyOf(f) };
      else await new Promise((res) => setTimeout(res, 10));
    }
    assert.equal(fetched?.status, 201);
    assert.deepEqual(fetched?.body, counts(2));
  });
});
