// Replay of arangojs's src/test/31-conflicts.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { aql } from 'arangojs/aql';
import { isArangoError } from 'arangojs/errors';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();



describe("31-conflicts: query option retryOnConflict", function () {
  const updateCount = 250, parallelChunk = 250, poolSize = 64, lockTimeoutRetries = 100;
  const isLockTimeoutError = (e: any) => isArangoError(e) && /timeout waiting to lock|Operation timed out/i.test(e.message ?? "");
  async function chunks(count: any, chunk: any, fn: any) { for (let i = 0; i < count; i += chunk) await Promise.all(Array.from({ length: Math.min(chunk, count - i) }, fn)); }
  async function chunksSettled(count: any, chunk: any, fn: any) { const out = []; for (let i = 0; i < count; i += chunk) out.push(...(await Promise.allSettled(Array.from({ length: Math.min(chunk, count - i) }, fn)))); return out; }
  let system: any, db: any, collection: any; const docKey = "test"; const dbName = `testdb_${Date.now()}_cf`;
  before(async () => { system = new Database({ ...config, poolSize }); db = await system.createDatabase(dbName); collection = await db.createCollection(`collection-${Date.now()}`); });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  beforeEach(async () => { await collection.save({ _key: docKey, data: 0 }); });
  afterEach(async () => { await collection.remove(docKey); });
  describe("when set to 0", () => {
    it("should result in some conflicts", async () => {
      const result = await chunksSettled(updateCount, parallelChunk, () => db.query(aql`
        LET doc = DOCUMENT(${collection}, ${docKey})
        UPDATE doc WITH { data: doc.data + 1 } IN ${collection}`, { retryOnConflict: 0 }));
      const rejected: any[] = result.filter(({ status }: any) => status === "rejected");
      const { data } = await collection.document(docKey);
      assert.notEqual(rejected.length, 0, "no conflicts happened");
      assert.notEqual(data, updateCount);
    });
  });
  describe("when set to 100", () => {
    it("should avoid conflicts", async () => {
      await chunks(updateCount, parallelChunk, async () => {
        for (let attempt = 0; ; attempt++) {
          try { await db.query(aql`
              LET doc = DOCUMENT(${collection}, ${docKey})
              UPDATE doc WITH { data: doc.data + 1 } IN ${collection}`, { retryOnConflict: 100 }); return; }
          catch (e: any) { if (!isLockTimeoutError(e) || attempt === lockTimeoutRetries) throw e; await new Promise((r: any) => setTimeout(r, 50 * (attempt + 1))); }
        }
      });
      const { data } = await collection.document(docKey);
      assert.equal(data, updateCount);
    });
  });
});
