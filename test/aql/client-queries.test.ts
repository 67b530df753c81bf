// Queries real clients send that Cairn refused: python-arango's collection.find() and
// all() send `LIMIT @skip, @limit` with null for "no limit" (ArangoDB reads a null offset
// as 0 and a null count as unbounded), and update_match() sends bind parameters inside
// OPTIONS (ArangoDB checks OPTIONS when the plan is built, after bind parameters are in).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

describe('queries as clients send them', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }, { _key: 'c', v: 3 }] });
  });
  after(() => db.close());

  it('reads LIMIT null, null as no limit, also from bind parameters', async () => {
    assert.deepEqual(await db.run('FOR d IN c SORT d.v LIMIT @skip, @limit RETURN d.v', { skip: null, limit: null }), [1, 2, 3]);
    assert.deepEqual(await db.run('FOR d IN c SORT d.v LIMIT @skip, @limit RETURN d.v', { skip: 1, limit: null }), [2, 3]);
    assert.deepEqual(await db.run('FOR d IN c SORT d.v LIMIT null, 2 RETURN d.v'), [1, 2]);
    assert.deepEqual(await db.run('FOR i IN 1..10 SORT i DESC LIMIT 0, null RETURN i', {}, { optimizer: { rules: ['-all'] } }), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // other non-numbers are still refused
    await assert.rejects(db.run('FOR d IN c LIMIT @l RETURN d', { l: 'x' }), (e: { errorNum?: number }) => e.errorNum === 1504);
  });

  it('takes bind parameters as OPTIONS values', async () => {
    const rows = await db.run('FOR d IN c FILTER d.v >= 2 UPDATE d WITH {v: null, w: 1} IN c OPTIONS {keepNull: @keep, mergeObjects: @merge} RETURN NEW', { keep: false, merge: true });
    assert.deepEqual(rows.map((d) => Object.keys(d as object).includes('v')).sort(), [false, false]);
    // a collection bind parameter is no value
    await assert.rejects(db.run('FOR d IN c UPDATE d WITH {} IN c OPTIONS {keepNull: @@col} RETURN 1', { '@col': 'c' }), (e: { errorNum?: number }) => e.errorNum === 1575);
  });
});
