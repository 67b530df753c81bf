// Replay of arangojs's src/test/30-concurrent-transactions.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// NOTE: upstream marks this suite describe.skip; ported enabled because it exercises Cairn's exclusive stream trx locking
const delay = (ms: any) => new Promise((resolve: any) => setTimeout(() => resolve(), ms));

describe("30-concurrent-transactions: Transactions", function () {
  describe("stream transactions (upstream describe.skip)", function () {
    let system: any, db: any;
    before(async () => { system = new Database(config); });
    after(() => { system.close(); });
    const name = `testdb_${Date.now()}`;
    let collection: any, allTransactions: any;
    before(async () => { allTransactions = []; await system.createDatabase(name); db = system.database(name); });
    after(async () => {
      await Promise.all(allTransactions.map((t: any) => t.abort().catch(() => undefined)));
      try { await system.dropDatabase(name); } catch {}
    });
    beforeEach(async () => {
      collection = await db.createCollection(`collection-${Date.now()}`);
      await db.waitForPropagation({ pathname: `/_api/collection/${collection.name}` }, 10000);
    });
    afterEach(async () => { try { await collection.get(); } catch (e: any) { return; } await collection.drop(); });
    it("can run concurrent transactions in parallel", async () => {
      const conn = db._connection;
      const range = Array.from(Array(conn._maxTasks ?? conn._taskPoolSize).keys()).map((i: any) => i + 1);
      let failed = 0;
      await Promise.all(range.map(async (i: any) => {
        const started = Date.now(); let trx: any;
        try {
          trx = await db.beginTransaction({ exclusive: collection });
          await trx.step(() => collection.save({ enabled: true }));
          await delay(Math.random() * 10);
          await trx.commit();
        } catch (e: any) { console.error(i, "trx", trx ? trx.id : "???", "failed after", Date.now() - started, "ms elapsed:", String(e)); failed++; }
      }));
      expect(failed).to.equal(0);
    });
    it("respects transactional guarantees", async () => {
      const conn = db._connection;
      const range = Array.from(Array(conn._maxTasks ?? conn._taskPoolSize).keys()).map((i: any) => i + 1);
      const key = "test";
      await collection.save({ _key: key, i: 0 });
      let failed = 0;
      await Promise.all(range.map(async (value: any) => {
        try {
          const trx = await db.beginTransaction({ exclusive: collection });
          const doc = await trx.step(() => collection.document(key));
          await delay(Math.random() * 10);
          await trx.step(() => collection.update(key, { i: doc.i + value }));
          await trx.commit();
        } catch (e: any) { console.error(value, "failed:", String(e)); failed++; }
      }));
      const doc = await collection.document(key);
      expect(doc.i).to.equal(range.reduce((a: any, b: any) => a + b));
      expect(failed).to.equal(0);
    });
  });
});
