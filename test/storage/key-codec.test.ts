// src/storage/key-codec.ts: every compound key of scalars ordered-binary writes reads back
// as written (runs of nulls included, which ordered-binary's own reader shortens), and an
// index over several fields with missing attributes answers lookups on its nulls.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeKey } from 'ordered-binary';
import { readCompoundKey } from '../../src/storage/key-codec.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mulberry32 } from '../helpers/random.js';

const SCALARS: unknown[] = [null, null, null, false, true, 0, 1, -1, 2.5, -0.25, 156, 1e300, -1e-300, 2 ** 53, '', 'a', 'Paris', '\u0000', '\u0004x', 'é✓😀', 'long'.repeat(30)];

function roundTrip(key: unknown[]): unknown {
  const buf = Buffer.alloc(4096);
  const end = writeKey(key as never, buf, 0);
  return readCompoundKey(buf, 0, end);
}

const rng = mulberry32;

describe('readCompoundKey', () => {
  it('reads back 20,000 random keys of 2-8 scalars as written', () => {
    const r = rng(7);
    for (let i = 0; i < 20000; i++) {
      const key = Array.from({ length: 2 + Math.floor(r() * 7) }, () => SCALARS[Math.floor(r() * SCALARS.length)]);
      assert.deepEqual(roundTrip(key), key, JSON.stringify(key));
    }
  });

  it('keeps runs of nulls after numbers and strings (index keys of missing attributes)', () => {
    for (const key of [
      [7, 1, null, null, 9],
      [7, null, null, null, 9],
      [7, 'a', null, null, 'k1'],
      [3, 1, 'idx', 156, null, null, 157],
    ]) {
      assert.deepEqual(roundTrip(key), key);
    }
  });

  it('reads a one-element key as its element, as ordered-binary does', () => {
    assert.equal(roundTrip(['x']), 'x');
    assert.equal(roundTrip([5]), 5);
  });
});

describe('an index over three fields, documents missing the last two', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'c' } });
    await s.request({ method: 'POST', url: '/_api/index?collection=c', body: { type: 'persistent', fields: ['a', 'b', 'c'] } });
    await s.request({ method: 'POST', url: '/_api/document/c', body: [{ _key: 'x1', a: 1 }, { _key: 'x2', a: 1, b: 2 }, { _key: 'x3', a: 1, b: null, c: 3 }, { _key: 'x4', a: 'p' }] });
  });
  after(() => s.close());

  async function rows(query: string, rules: string[] = []): Promise<unknown[]> {
    const res = await s.request({ method: 'POST', url: '/_api/cursor', body: { query, options: { optimizer: { rules } } } });
    assert.equal(res.statusCode, 201, res.body);
    return JSON.parse(res.body).result;
  }

  for (const q of [
    'FOR d IN c FILTER d.a == 1 AND d.b == null AND d.c == null RETURN d._key',
    'FOR d IN c FILTER d.a == "p" AND d.b == null AND d.c == null RETURN d._key',
    'FOR d IN c FILTER d.a == 1 AND d.b == null SORT d._key RETURN [d._key, d.c]',
    'FOR d IN c FILTER d.a >= 1 SORT d.a, d.b, d.c RETURN [d.a, d.b, d.c]',
  ]) {
    it(`${q}: the index gives the rows a full scan gives`, async () => {
      const plan = JSON.parse((await s.request({ method: 'POST', url: '/_api/explain', body: { query: q } })).body).plan;
      assert.ok(plan.nodes.some((n: { type: string }) => n.type === 'IndexNode'), 'the index is used');
      assert.deepEqual(await rows(q), await rows(q, ['-all']));
      assert.notDeepEqual(await rows(q), []);
    });
  }
});
