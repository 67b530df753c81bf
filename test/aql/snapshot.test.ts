// One query, one state: a read query sees the committed state as of its start for its
// whole life (collection scans, index reads and document lookups alike), however many
// batches and event turns it takes and whatever is written meanwhile.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';

describe('a query reads one snapshot', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ c: Array.from({ length: 10 }, (_, i) => ({ _key: `k${i}`, v: i })) });
    await db.storage.indexes.ensure('_system', 'c', parseIndexSpec({ type: 'persistent', fields: ['v'], name: 'byV' }));
  });
  after(() => db.close());

  async function drainAfterWrites(query: string, writes: () => Promise<unknown>): Promise<unknown[]> {
    const q = db.start(query, {}, { optimizer: { rules: [] } });
    const first = await q.next(2);
    await writes();
    const rows = [...first.rows];
    let b = first;
    while (!b.done) {
      b = await q.next(2);
      rows.push(...b.rows);
    }
    q.finish();
    return rows;
  }

  for (const [name, query, usesIndex] of [
    // (_id keeps it a collection scan: it is not in the index, so no index-only scan)
    ['a collection scan', 'FOR d IN c RETURN [d.v, d._id][0]', false],
    ['an index read', 'FOR d IN c FILTER d.v >= 0 SORT d.v RETURN d.v', true],
    ['an index-only scan', 'FOR d IN c RETURN d.v', true],
  ] as const) {
    it(`${name} does not see documents inserted, changed or removed after it started`, async () => {
      assert.equal(db.explain(query).plan.nodes.some((n: { type: string }) => n.type === 'IndexNode'), usesIndex);
      const c = db.storage.catalog.requireCollection('_system', 'c');
      const rows = await drainAfterWrites(query, async () => {
        await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'new', v: 100 } }], {});
        await db.storage.documents.apply('_system', 'c', 'update', [{ key: 'k9', body: { v: 90 } }], {});
        await db.storage.documents.apply('_system', 'c', 'remove', [{ body: 'k8' }], {});
      });
      assert.deepEqual(rows, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // undo, for the next case
      await db.storage.documents.apply('_system', 'c', 'remove', [{ body: 'new' }], {});
      await db.storage.documents.apply('_system', 'c', 'update', [{ key: 'k9', body: { v: 9 } }], {});
      await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'k8', v: 8 } }], {});
      assert.equal(db.storage.catalog.count(c), 10);
    });
  }

  it('a query started after the writes sees them', async () => {
    await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'late', v: 50 } }], {});
    assert.deepEqual(await db.run('FOR d IN c FILTER d.v >= 10 RETURN d._key'), ['late']);
  });
});
