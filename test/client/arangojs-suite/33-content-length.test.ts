// Replay of arangojs's src/test/33-content-length.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { aql } from 'arangojs/aql';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();



describe("33-content-length: integration with real API calls", function () {
  const dbName = `testdb_${Date.now()}_cl`; let system: any, db: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(dbName); });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  it("should work with db.query (most common use case)", async () => {
    const cursor = await db.query(aql`
        FOR s IN [1..4]
        RETURN s
      `);
    const results = []; for await (const x of cursor) results.push(x);
    assert.equal(typeof results, "object");
  });
  it("should work with document operations", async () => {
    const c = await db.createCollection(`test-${Date.now()}`);
    try { const doc = await c.save({ name: "test", value: 123 }); assert.ok("_key" in doc && "_id" in doc); } finally { await c.drop(); }
  });
  it("should work with collection.import using Buffer", async () => {
    const c = await db.createCollection(`test-${Date.now()}`);
    try { const r = await c.import(Buffer.from(JSON.stringify({ _key: "test1", name: "test" }) + "\n", "utf8"), { type: "documents" }); assert.equal(r.created, 1); assert.equal(r.error, false); } finally { await c.drop(); }
  });
  it("should work with collection.import using Blob", async () => {
    const c = await db.createCollection(`test-${Date.now()}`);
    try { const r = await c.import(new Blob([JSON.stringify({ _key: "test1", name: "test" }) + "\n"], { type: "application/json" }), { type: "documents" }); assert.equal(r.created, 1); } finally { await c.drop(); }
  });
});
