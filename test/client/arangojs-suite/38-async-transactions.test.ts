// Replay of arangojs's src/test/38-async-transactions.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config, propagationForResourceMs, waitForNewDatabase } from '../../helpers/arangojs-suite.js';

useCairn();

// Server-facing tests from suites that otherwise need newer arangojs (38: stepAsync) or a cluster (99)

describe("38-async-transactions (subset runnable with arangojs 10.4.0)", function () {
  const databaseName = `testdb_async_transactions_${Date.now()}`;
  let system: any, db: any, collection: any, allTransactions: any;
  before(async () => { system = new Database(config); allTransactions = []; db = await system.createDatabase(databaseName); await waitForNewDatabase(db); });
  after(async () => { await Promise.all(allTransactions.map((t: any) => t.abort().catch(() => undefined))); await system.dropDatabase(databaseName); system.close(); });
  beforeEach(async () => { collection = await db.createCollection(`collection-${Date.now()}`); await db.waitForPropagation({ pathname: `/_api/collection/${collection.name}` }, propagationForResourceMs); });
  afterEach(async () => { try { await collection.get(); } catch { return; } await collection.drop(); });
  it("keeps the existing async step behavior unchanged", async () => {
    const trx = await db.beginTransaction(collection); allTransactions.push(trx);
    await trx.step(async () => { await Promise.resolve(); return collection.save({ _key: "legacy-async" }); });
    await trx.abort();
    expect(await collection.documentExists("legacy-async")).to.equal(true);
  });
});
