// Key locks of stream transactions (src/storage/key-locks.ts): an owner takes the locks
// it asks for and keeps them until released; another owner, or a write outside any
// transaction, is refused with ArangoDB's 1200 `Timeout waiting to lock key` and the
// document's _id, _key and _rev.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyLocks } from '../../src/storage/key-locks.js';
import { ArangoError } from '../../src/errors/arango-error.js';
import type { CollectionRecord, IndexRecord } from '../../src/storage/catalog.js';

const col = { name: 'c', dataId: 7 } as CollectionRecord;
const other = { name: 'd', dataId: 8 } as CollectionRecord;
const ix = { name: 'byU', type: 'persistent', fields: ['u'], dataId: 9 } as IndexRecord;

function refused(fn: () => void, message: string, extra: Record<string, unknown>): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ArangoError);
    assert.equal(e.errorNum, 1200);
    assert.equal(e.status, 409);
    assert.equal(e.message, `Timeout waiting to lock key - ${message}`);
    assert.deepEqual(e.extra, extra);
    return true;
  });
}

describe('key locks', () => {
  it('lets an owner take and keep its locks, refuses others and writes outside, until released', () => {
    const locks = new KeyLocks();
    const a = {};
    const b = {};
    assert.equal(locks.empty, true);
    locks.owner(a).doc(col, 'k', '_rev1');
    locks.owner(a).doc(col, 'k', '_rev1'); // its own again: fine
    assert.equal(locks.empty, false);
    assert.equal(locks.docLocked(col, 'k'), true);
    assert.equal(locks.docLocked(other, 'k'), false, 'per collection data');
    const msg = "in index primary of type primary over '_key'; conflicting key: k";
    refused(() => locks.owner(b).doc(col, 'k', '_rev1'), msg, { _id: 'c/k', _key: 'k', _rev: '_rev1' });
    refused(() => locks.outside.doc(col, 'k', ''), msg, { _id: 'c/k', _key: 'k', _rev: '' });
    locks.outside.doc(col, 'free', ''); // nothing held: nothing taken either
    assert.equal(locks.docLocked(col, 'free'), false);

    locks.owner(a).unique(col, ix, ['x'], 'k', '');
    assert.equal(locks.uniqueLocked(ix, ['x']), true);
    refused(() => locks.owner(b).unique(col, ix, ['x'], 'k2', '_r'), `in index byU of type persistent over 'u'; document key: k2; indexed values: ["x"]`, { _id: 'c/k2', _key: 'k2', _rev: '_r' });
    locks.owner(b).unique(col, ix, ['y'], 'k2', '');

    locks.release(a);
    assert.equal(locks.docLocked(col, 'k'), false);
    assert.equal(locks.uniqueLocked(ix, ['x']), false);
    assert.equal(locks.uniqueLocked(ix, ['y']), true, "b's own stay");
    locks.owner(b).doc(col, 'k', '');
    locks.release(b);
    assert.equal(locks.empty, true);
  });
});
