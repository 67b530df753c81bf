// special-indexes.ts: geo, fulltext and mdi definitions. Field checks in ArangoDB's order
// and words, and the entries a document gives (none but a unique mdi index's).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedFields, isSpecialIndex, specialEntries } from '../../src/storage/special-indexes.js';
import type { IndexRecord } from '../../src/storage/catalog.js';

const bad = (msg: string): never => {
  throw new Error(msg);
};
const fields = (v: unknown, allow = { subAttributes: true, id: false }) => checkedFields(v, 1, 2, allow, bad);

describe('special index definitions', () => {
  it('checks fields in ArangoDB order and words', () => {
    assert.deepEqual(fields(['a', 'b.c']), ['a', 'b.c']);
    assert.throws(() => fields([{ a: 1 }]), /index field names must be only strings/);
    assert.throws(() => fields(['']), /index field names must be non-empty strings/);
    assert.throws(() => fields(['a', 'a']), /duplicate attribute name in index fields list/);
    assert.throws(() => fields(['a.b'], { subAttributes: false, id: false }), /cannot index a sub-attribute/);
    assert.throws(() => fields(['x._id']), /_id attribute cannot be indexed/);
    assert.deepEqual(fields(['_id'], { subAttributes: true, id: true }), ['_id']);
    assert.throws(() => fields('a'), /invalid number of index attributes/);
    assert.throws(() => fields(['a', 'b', 'c']), /invalid number of index attributes/);
    assert.ok(isSpecialIndex({ type: 'zkd' }) && !isSpecialIndex({ type: 'persistent' }));
  });

  it('gives entries only to a unique mdi index, numbers only', () => {
    const ix = (over: Partial<IndexRecord>) => ({ id: 7, dataId: 70, type: 'mdi', fields: ['x', 'y'], unique: false, sparse: false, ...over }) as IndexRecord;
    assert.deepEqual(specialEntries(ix({ type: 'geo' }), { _key: 'k', x: 1, y: 2 }), []);
    assert.deepEqual(specialEntries(ix({}), { _key: 'k', x: 1, y: 2 }), []);
    assert.deepEqual(specialEntries(ix({ unique: true }), { _key: 'k', x: 1, y: 2 }), [{ key: [70, 1, 2], value: 'k' }]);
    assert.throws(() => specialEntries(ix({}), { _key: 'k', x: 1, y: 'two' }), (e: { errorNum?: number }) => e.errorNum === 1561);
    assert.deepEqual(specialEntries(ix({ sparse: true, unique: true }), { _key: 'k', x: 1 }), [], 'a sparse index leaves a missing value out');
  });
});
