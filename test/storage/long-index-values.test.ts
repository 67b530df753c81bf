// Index values too long for an LMDB key, and long values holding the bytes the key
// encoding escapes. Before: a persistent index over a string of about 1.9 KB answered 500
// on insert and left the document stored without its entry, a long string with U+0000 to
// U+0004 in an index read back misparsed (found by fuzzing, 2026-12-08).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Engine } from '../../src/storage/engine.js';
import { indexValue, LONG_INDEX_VALUE } from '../../src/storage/keys.js';
import { startServer, tempDir, type TestServer } from '../helpers/server.js';

describe('index keys of long values', () => {
  it('cuts a value past LONG_INDEX_VALUE key bytes to a prefix and a hash, only in an index that cuts', () => {
    const long = 'é'.repeat(200); // 400 UTF-8 bytes
    const cut = indexValue(long, true) as string;
    assert.ok(cut.startsWith('\u001f~' + 'é'.repeat(64) + '~'));
    assert.ok(cut.length < 100);
    assert.equal(indexValue(long, false), long); // indexes created before keep values whole
    assert.equal(indexValue(long + 'x', true) === cut, false);
    assert.equal(indexValue('é'.repeat(200), true), cut);
    const short = 'a'.repeat(LONG_INDEX_VALUE);
    assert.equal(indexValue(short, true), short);
    // bytes 0-4 count twice (they are escaped in keys)
    assert.notEqual(indexValue('\u0001'.repeat(200), true), '\u0001'.repeat(200));
    // a surrogate pair is not cut in half
    assert.ok((indexValue('😀'.repeat(150), true) as string).startsWith('\u001f~' + '😀'.repeat(32) + '~'));
    assert.ok((indexValue('a' + '😀'.repeat(150), true) as string).startsWith('\u001f~a' + '😀'.repeat(31) + '~'));
    // arrays and objects by their JSON text, cut the same way
    assert.equal(indexValue([1, 2], true), '\u001f[1,2]');
    assert.ok((indexValue({ t: 'z'.repeat(400) }, true) as string).startsWith('\u001f~\u001f{"t":"zzz'));
  });

  it('keeps strings of 64 or more characters with U+0000-U+0004 whole in compound keys', async () => {
    const d = tempDir();
    const e = new Engine({ path: d, noSync: true });
    try {
      const keys: (string | number | null)[][] = [];
      for (const n of [10, 63, 64, 70, 300]) {
        for (const c of ['\u0000', '\u0001', '\u0002', '\u0003', '\u0004']) keys.push([5, c + 'x'.repeat(n) + c + 'y', `k${n}`, null, null, n]);
      }
      await e.write((tx) => {
        for (const k of keys) tx.put('idx', k, 1);
      });
      const read = [...e.range('idx', { start: [5], end: [6] })].map((r) => JSON.stringify(r.key));
      assert.deepEqual(read.sort(), keys.map((k) => JSON.stringify(k)).sort());
      for (const k of keys) assert.equal(e.get('idx', k), 1, JSON.stringify(k).slice(0, 40));
    } finally {
      await e.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('persistent indexes over long values, through HTTP', () => {
  let s: TestServer;
  const long1 = 'x'.repeat(3000) + '1';
  const long2 = 'x'.repeat(3000) + '2';
  const ctl = 'c'.repeat(80) + '\u0000\u0002' + 'c'.repeat(10);
  const q = async (query: string, bindVars: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => {
    const r = await s.request({ method: 'POST', url: '/_api/cursor', body: { query, bindVars, options } });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().result as unknown[];
  };
  /** The same query with the index rules off must give the same rows. */
  const both = async (query: string, bindVars: Record<string, unknown> = {}, unordered = false) => {
    const rows = await q(query, bindVars);
    const plain = await q(query, bindVars, { optimizer: { rules: ['-use-indexes', '-use-index-for-sort', '-reduce-extraction-to-projection'] } });
    if (unordered) assert.deepEqual(plain.map((r) => JSON.stringify(r)).sort(), rows.map((r) => JSON.stringify(r)).sort(), query);
    else assert.deepEqual(plain, rows, query);
    return rows;
  };
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'big' } });
    assert.equal((await s.request({ method: 'POST', url: '/_api/index?collection=big', body: { type: 'persistent', fields: ['a'] } })).statusCode, 201);
    assert.equal((await s.request({ method: 'POST', url: '/_api/index?collection=big', body: { type: 'persistent', fields: ['b'], unique: true, sparse: true } })).statusCode, 201);
    const r = await s.request({
      method: 'POST',
      url: '/_api/document/big',
      body: [
        { _key: 'a1', a: long1, b: long1 },
        { _key: 'a2', a: long2, b: long2 },
        { _key: 'a3', a: long1, b: long1 }, // the unique index refuses a second long1
        { _key: 'a4', a: 'short' },
        { _key: 'a5', a: ctl, b: ctl },
        { _key: 'a6', a: [long1] },
      ],
    });
    assert.equal(r.statusCode, 202);
    assert.deepEqual(
      r.json().map((x: { errorNum?: number }) => x.errorNum ?? 0),
      [0, 0, 1210, 0, 0, 0],
    );
  });
  after(async () => {
    await s.close();
  });

  it('finds long values by equality, IN, ranges and sorts them, as without the index', async () => {
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: long1 }), ['a1']);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: long2 }), ['a2']);
    assert.deepEqual(await both('FOR d IN big FILTER d.b == @v RETURN d._key', { v: long2 }), ['a2']);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: ctl }), ['a5']);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: [long1] }), ['a6']);
    assert.deepEqual((await both('FOR d IN big FILTER d.a IN [@v, "short"] RETURN d._key', { v: long2 }, true)).sort(), ['a2', 'a4']);
    assert.deepEqual((await both('FOR d IN big FILTER d.a >= @v && d.a < "y" RETURN d._key', { v: long1 }, true)).sort(), ['a1', 'a2']);
    assert.deepEqual(await both('FOR d IN big FILTER IS_STRING(d.a) SORT d.a RETURN d._key'), ['a5', 'a4', 'a1', 'a2']);
    assert.deepEqual(await both('FOR d IN big SORT d.a DESC LIMIT 3 RETURN d._key'), ['a6', 'a2', 'a1']);
    assert.deepEqual(await both('FOR d IN big COLLECT a = d.a WITH COUNT INTO n RETURN [IS_ARRAY(a) ? "array" : LENGTH(a), n]'), [[92, 1], [5, 1], [3001, 1], [3001, 1], ['array', 1]]);
    // values projected from the index are the documents' own
    assert.deepEqual(await both('FOR d IN big FILTER d.a >= "x" && d.a < "y" SORT d.a RETURN d.a == @v1 || d.a == @v2', { v1: long1, v2: long2 }), [true, true]);
    assert.deepEqual(await both('FOR d IN big FILTER d._key == "a5" RETURN d.a'), [ctl]);
  });

  it('keeps the unique constraint and the entries right through updates and removals', async () => {
    const near = 'x'.repeat(3000) + '3'; // the same first 64 characters as long1 and long2
    assert.equal((await s.request({ method: 'POST', url: '/_api/document/big', body: { _key: 'a7', a: 'n', b: near } })).statusCode, 202);
    const clash = await s.request({ method: 'POST', url: '/_api/document/big', body: { _key: 'a8', b: near } });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().errorNum, 1210);
    assert.equal((await s.request({ method: 'PATCH', url: '/_api/document/big/a7', body: { b: 'other' } })).statusCode, 202);
    assert.equal((await s.request({ method: 'POST', url: '/_api/document/big', body: { _key: 'a8', b: near } })).statusCode, 202);
    assert.equal((await s.request({ method: 'DELETE', url: '/_api/document/big/a2' })).statusCode, 202);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: long2 }), []);
    assert.deepEqual(await both('FOR d IN big FILTER d.b == @v RETURN d._key', { v: near }), ['a8']);
    assert.equal((await s.request({ method: 'POST', url: '/_api/document/big', body: { _key: 'a9', b: long2 } })).statusCode, 202);
    assert.equal((await s.request({ method: 'PATCH', url: '/_api/document/big/a1', body: { a: 'changed' } })).statusCode, 202);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == @v RETURN d._key', { v: long1 }), []);
    assert.deepEqual(await both('FOR d IN big FILTER d.a == "changed" RETURN d._key'), ['a1']);
  });

  it('refuses a document whose index entry cannot fit a key with 400, writing nothing', async () => {
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'wide' } });
    const fields = Array.from({ length: 9 }, (_, i) => `f${i}`);
    assert.equal((await s.request({ method: 'POST', url: '/_api/index?collection=wide', body: { type: 'persistent', fields } })).statusCode, 201);
    const doc: Record<string, string> = { _key: 'w1' };
    for (const f of fields) doc[f] = 'y'.repeat(255); // each kept whole, together too long
    const r = await s.request({ method: 'POST', url: '/_api/document/wide', body: doc });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().errorNum, 10);
    assert.match(r.json().errorMessage, /take \d+ bytes, more than the 1978 an index entry holds/);
    assert.equal((await s.request({ method: 'GET', url: '/_api/document/wide/w1' })).statusCode, 404);
    for (const f of fields) doc[f] = 'y'.repeat(1000); // each cut
    assert.equal((await s.request({ method: 'POST', url: '/_api/document/wide', body: doc })).statusCode, 202);
    assert.deepEqual(await both('FOR d IN wide FILTER d.f0 == @v && d.f8 == @v RETURN d._key', { v: 'y'.repeat(1000) }), ['w1']);
  });

  it('creates users with long names (the _users collection has a unique index on the name)', async () => {
    const user = 'u'.repeat(3000);
    assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user, passwd: 'p' } })).statusCode, 201);
    assert.equal((await s.request({ method: 'GET', url: `/_api/user/${user}` })).statusCode, 200);
  });
});
