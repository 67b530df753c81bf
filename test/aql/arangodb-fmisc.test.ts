// Cases found by replaying ArangoDB's own AQL function tests (aql-functions.js,
// aql-functions-misc.js, aql-functions-types.js) against Cairn: query-level behaviour
// that the per-function case tables cannot show.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

describe('AQL behaviour replayed from ArangoDB function tests', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(() => db.close());

  it('orders strings as ICU does with upper case first (aql-functions.js testUnique2)', async () => {
    const q = 'FOR i IN UNIQUE([ "fox", "FOX", "Fox", "FoX", "b", "B", "a", "A" ]) SORT i RETURN i';
    assert.deepEqual(await db.run(q), ['A', 'a', 'B', 'b', 'FOX', 'FoX', 'Fox', 'fox']);
    assert.deepEqual(await db.run('RETURN SORTED(["fox", "FOX", "Fox", "FoX"])'), [['FOX', 'FoX', 'Fox', 'fox']]);
    assert.deepEqual(await db.run('RETURN ["a" < "A", "A" < "b", "FoX" < "Fox"]'), [[false, true, true]]);
  });

  it('knows V8(expr) as the value of expr (aql-functions-misc.js testCurrentUser)', async () => {
    assert.deepEqual(await db.run('RETURN NOOPT(V8(CURRENT_USER()))'), ['root']);
    assert.deepEqual(await db.run('RETURN V8(1 + 1)'), [2]);
    await assert.rejects(db.run('RETURN V8()'), (e: { errorNum?: number }) => e.errorNum === 1541);
  });
});
