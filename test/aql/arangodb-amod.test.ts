// Cases from ArangoDB's data-modification tests (tests/js/client/aql/aql-modify-*-noncluster.js,
// 3.12) and its UPSERT options: the search example of UPSERT must be an object with literal
// attribute names, or a bind parameter holding an object (1501 otherwise, before anything
// runs), and `readOwnWrites: false` looks a whole input batch up before writing it. Each
// query runs with the optimizer on and with every rule off.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { ArangoError } from '../../src/errors/arango-error.js';
import type { QueryOptions } from '../../src/aql/query.js';

const MODES: { name: string; options: QueryOptions }[] = [
  { name: 'optimized', options: {} },
  { name: 'all rules off', options: { optimizer: { rules: ['-all'] } } },
];

describe('data modification, as ArangoDB tests it', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ u: [{ _key: 'foo', a: 1 }] });
  });
  after(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.run(`FOR d IN u REMOVE d IN u`);
    await db.run(`INSERT { _key: 'foo', a: 1 } INTO u`);
  });

  async function errorNum(query: string, bindVars: Record<string, unknown>, options: QueryOptions): Promise<number | undefined> {
    try {
      await db.run(query, bindVars, options);
    } catch (e) {
      if (e instanceof ArangoError) return e.errorNum;
      throw e;
    }
    return undefined;
  }

  for (const { name, options } of MODES) {
    it(`refuses an UPSERT search with computed attribute names (1501), ${name}`, async () => {
      assert.equal(await errorNum('UPSERT { [ 1 + 1 ] : true } INSERT { } UPDATE [ ] INTO u', {}, options), 1501);
      assert.equal(await errorNum("UPSERT { a: { [ CONCAT('x', 'y') ]: 1 } } INSERT { } UPDATE { } INTO u", {}, options), 1501);
      assert.deepEqual(await db.run('FOR d IN u RETURN d._key', {}, options), ['foo']);
    });

    it(`refuses an UPSERT search bind parameter that is no object (1501), ${name}`, async () => {
      for (const val of ['test1', null, false, true, 1, [], [{ a: 1 }]]) {
        assert.equal(await errorNum('UPSERT @val INSERT { } UPDATE { } INTO u', { val }, options), 1501, JSON.stringify(val));
      }
      assert.deepEqual(await db.run('FOR d IN u RETURN d._key', {}, options), ['foo']);
      // an object, even empty, is an example
      assert.deepEqual(await db.run('UPSERT @val INSERT { } UPDATE { b: 2 } INTO u RETURN NEW.b', { val: {} }, options), [2]);
      assert.deepEqual(await db.run('UPSERT @val INSERT { c: 3 } UPDATE { } INTO u RETURN NEW.c', { val: { a: 7 } }, options), [3]);
    });

    it(`reads its own writes in UPSERT unless readOwnWrites is false, ${name}`, async () => {
      const q = (row: string) =>
        `FOR i IN 1..3 UPSERT { value: 2 } INSERT { value: 2, c: 0 } UPDATE { c: OLD.c + 1 } IN u OPTIONS { ${row} } RETURN [OLD.c, NEW.c]`;
      assert.deepEqual(await db.run(q('readOwnWrites: true'), {}, options), [[null, 0], [0, 1], [1, 2]]);
      await db.run('FOR d IN u FILTER d.value == 2 REMOVE d IN u');
      // one batch: no row sees what the earlier ones inserted
      assert.deepEqual(await db.run(q('readOwnWrites: false'), {}, options), [[null, 0], [null, 0], [null, 0]]);
      assert.deepEqual(await db.run('FOR d IN u FILTER d.value == 2 RETURN d.c', {}, options), [0, 0, 0]);
      // the next query finds them
      const again = await db.run(q('readOwnWrites: false'), {}, options);
      assert.deepEqual(again, [[0, 1], [0, 1], [0, 1]]);
    });

    it(`looks the next batch up after the previous one was written (readOwnWrites: false), ${name}`, async () => {
      const rows = await db.run(
        `FOR i IN 1..2500 UPSERT { value: 4 } INSERT { value: 4 } UPDATE { } IN u OPTIONS { readOwnWrites: false }
           COLLECT inserted = OLD == null WITH COUNT INTO n SORT inserted RETURN [inserted, n]`,
        {},
        options,
      );
      assert.deepEqual(rows, [[false, 1500], [true, 1000]]);
      await db.run('FOR d IN u FILTER d.value == 4 REMOVE d IN u');
    });

    it(`writes every input row of a modification followed by LIMIT, ${name}`, async () => {
      const rows = await db.runFull('FOR i IN 1..2500 INSERT { value: 5, i } INTO u LIMIT 10 RETURN NEW.i', {}, options);
      assert.deepEqual(rows.rows, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(rows.stats.writesExecuted, 2500);
      assert.deepEqual(await db.run('RETURN LENGTH(FOR d IN u FILTER d.value == 5 RETURN 1)', {}, options), [2500]);
      assert.deepEqual(await db.run('FOR d IN u FILTER d.value == 5 REMOVE d IN u LIMIT 0 RETURN OLD', {}, options), []);
      assert.deepEqual(await db.run('RETURN LENGTH(FOR d IN u FILTER d.value == 5 RETURN 1)', {}, options), [0]);
      // a subquery that writes runs for every row, also those the LIMIT after it drops
      assert.deepEqual(await db.run('FOR i IN 1..10 LET sub = (INSERT { value: 6 } INTO u) LIMIT 2 RETURN i', {}, options), [1, 2]);
      assert.deepEqual(await db.run('RETURN LENGTH(FOR d IN u FILTER d.value == 6 RETURN 1)', {}, options), [10]);
      // a LIMIT before the modification still limits what is written
      assert.deepEqual(await db.run('FOR d IN u FILTER d.value == 6 LIMIT 3 REMOVE d IN u', {}, options), []);
      assert.deepEqual(await db.run('FOR d IN u FILTER d.value == 6 REMOVE d IN u RETURN 1', {}, options).then((r) => r.length), 7);
    });
  }
});
