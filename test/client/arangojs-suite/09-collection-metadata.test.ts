// Replay of arangojs's src/test/09-collection-metadata.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config, expectReject } from '../../helpers/arangojs-suite.js';

useCairn();

const hasV = (o: any, k: any, v: any) => { assert.ok(o && k in o, `missing ${k} in ${JSON.stringify(o)?.slice(0, 300)}`); assert.deepEqual(o[k], v, `${k}: got ${JSON.stringify(o[k])}`); };

describe("09-collection-metadata: Collection metadata", function () {
  let system: any, db: any, collection: any;
  const dbName = `testdb_${Date.now()}_cm`; const collectionName = `collection-${Date.now()}`;
  before(async () => { system = new Database(config); db = await system.createDatabase(dbName); collection = await db.createCollection(collectionName); });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  describe("collection.get", () => {
    it("should return information about a collection", async () => {
      const info = await collection.get();
      hasV(info, "name", collectionName); hasV(info, "isSystem", false); hasV(info, "status", 3); hasV(info, "type", 2);
    });
    it("should throw if collection does not exist", async () => { await expectReject(db.collection("no").get(), (e: any) => assert.equal(e.errorNum, 1203)); });
  });
  describe("collection.exists", () => {
    it("should return true if collection exists", async () => { assert.equal(await collection.exists(), true); });
    it("should return false if collection does not exist", async () => { assert.equal(await db.collection("no").exists(), false); });
  });
  describe("collection.properties", () => {
    it("should return properties of a collection", async () => { const p = await collection.properties(); hasV(p, "name", collectionName); hasV(p, "waitForSync", false); });
  });
  describe("collection.count", () => {
    it("should return information about a collection", async () => { const i = await collection.count(); hasV(i, "name", collectionName); hasV(i, "count", 0); });
  });
  describe("collection.revision", () => {
    it("should return information about a collection", async () => { const i = await collection.revision(); hasV(i, "name", collectionName); assert.ok("revision" in i, JSON.stringify(i)); });
  });
});
