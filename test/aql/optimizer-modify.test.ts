// The optimizer around data-modification nodes: what src/aql/optimizer/vars.ts says an
// InsertNode ... UpsertNode reads and defines, and the rules of rules-basic.ts that must
// not move or drop anything across them (a FILTER moved above an INSERT would change what
// is written; a calculation an UPSERT reads is not unused). Each case checks the plan and
// the stored result, with the rules on and off.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

describe('optimizer rules and data-modification nodes', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await openTestDb({ c: [] });
  });
  afterEach(() => db.close());

  const count = () => db.storage.catalog.count(db.storage.catalog.requireCollection('_system', 'c'));
  const types = (q: string) => db.nodeTypes(q);

  for (const rules of [[], ['-all']]) {
    const options = { optimizer: { rules } };
    const label = rules.length ? ' (rules off)' : '';

    it(`keeps a FILTER below the INSERT before it${label}`, async () => {
      const q = 'FOR i IN 1..10 INSERT {i} INTO c FILTER i > 5 RETURN i';
      const plan = types(q);
      assert.ok(plan.indexOf('InsertNode') < plan.indexOf('FilterNode'), plan.join(' '));
      const r = await db.runFull(q, {}, options);
      assert.deepEqual(r.rows, [6, 7, 8, 9, 10]);
      assert.equal(r.stats.writesExecuted, 10);
      assert.equal(count(), 10);
    });

    it(`keeps the calculation an INSERT reads${label}`, async () => {
      const r = await db.runFull('FOR i IN 1..3 LET doc = {v: i * 10} INSERT doc INTO c', {}, options);
      assert.equal(r.stats.writesExecuted, 3);
      assert.deepEqual((await db.run('FOR d IN c SORT d.v RETURN d.v')).sort(), [10, 20, 30]);
    });

    it(`keeps the calculations an UPSERT's expressions read${label}`, async () => {
      const q = 'FOR i IN 1..3 LET inc = i * 2 UPSERT {k: 1} INSERT {k: 1, n: inc} UPDATE {n: OLD.n + inc} IN c RETURN NEW.n';
      assert.deepEqual(await db.run(q, {}, options), [2, 6, 12]);
      assert.equal(count(), 1);
    });

    it(`does not cut short a subquery that writes${label}`, async () => {
      const q = 'LET w = (FOR i IN 1..4 INSERT {i} INTO c RETURN NEW) RETURN LENGTH(w) > 0';
      assert.deepEqual(await db.run(q, {}, options), [true]);
      assert.equal(count(), 4);
    });
  }
});
