// Replay of arangojs's src/test/06-managing-functions.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();



describe("06-managing-functions: Managing functions", function () {
  const name = `testdb_${Date.now()}_fn`; let system: any, db: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  describe("database.listUserFunctions", () => {
    it("should be empty per default", async () => { const r = await db.listUserFunctions(); assert.ok(Array.isArray(r)); assert.equal(r.length, 0); });
    it("should include before created function", async () => {
      const n = "myfunctions::temperature::celsiustofahrenheit"; const code = "function (celsius) { return celsius * 1.8 + 32; }";
      await db.createUserFunction(n, code);
      const r = await db.listUserFunctions(); assert.equal(r.length, 1); assert.deepEqual(r[0], { name: n, code, isDeterministic: false });
    });
    describe("database.createUserFunction", () => {
      it("should create a function", async () => {
        const info = await db.createUserFunction("myfunctions::temperature::celsiustofahrenheit2", "function (celsius) { return celsius * 1.8 + 32; }");
        assert.equal(info.code, 201); assert.equal(info.error, false);
      });
    });
    describe("database.dropUserFunction", () => {
      it("should drop a existing function", async () => {
        const n = "myfunctions::temperature::celsiustofahrenheit";
        await db.createUserFunction(n, "function (celsius) { return celsius * 1.8 + 32; }");
        const info = await db.dropUserFunction(n); assert.equal(info.deletedCount, 1);
      });
    });
  });
});
