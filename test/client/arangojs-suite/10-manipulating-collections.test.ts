// Replay of arangojs's src/test/10-manipulating-collections.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config, expectReject } from '../../helpers/arangojs-suite.js';

useCairn();

const hasV = (o: any, k: any, v: any) => { assert.ok(o && k in o, `missing ${k} in ${JSON.stringify(o)?.slice(0, 300)}`); assert.deepEqual(o[k], v, `${k}: got ${JSON.stringify(o[k])}`); };

describe("10-manipulating-collections: Manipulating collections", function () {
  const name = `testdb_${Date.now()}_mc`;
  let system: any, db: any, collection: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  beforeEach(async () => { collection = await db.createCollection(`collection-${Date.now()}`); });
  afterEach(async () => { try { await collection.get(); } catch { return; } await collection.drop(); });
  describe("collection.create", () => {
    it("creates a new document collection", async () => {
      const c = await db.createCollection(`document-collection-${Date.now()}`);
      const info = await db.collection(c.name).get();
      hasV(info, "name", c.name); hasV(info, "isSystem", false); hasV(info, "status", 3); hasV(info, "type", 2);
    });
    it("creates a new edge collection", async () => {
      const c = await db.createEdgeCollection(`edge-collection-${Date.now()}`);
      const info = await db.collection(c.name).get();
      hasV(info, "name", c.name); hasV(info, "isSystem", false); hasV(info, "status", 3); hasV(info, "type", 3);
    });
  });
  describe("collection.setProperties", () => {
    it("should change properties", async () => { const info = await collection.properties({ waitForSync: true }); hasV(info, "name", collection.name); hasV(info, "waitForSync", true); });
  });
  describe("collection.rename", () => {
    it("should rename a collection", async () => {
      const res = await db.route("/_admin/server/role").get();
      if (res.parsedBody.role !== "SINGLE") return;
      const n = `rename-collection-${Date.now()}`;
      const info = await collection.rename(n);
      hasV(info, "name", n);
    });
  });
  describe("collection.truncate", () => {
    it("should truncate a non-empty collection", async () => { await collection.save({}); await collection.truncate(); const i = await collection.count(); hasV(i, "name", collection.name); hasV(i, "count", 0); });
    it("should allow truncating a empty collection", async () => { await collection.truncate(); const i = await collection.count(); hasV(i, "name", collection.name); hasV(i, "count", 0); });
  });
  describe("collection.drop", () => {
    it("should drop a collection", async () => { await collection.drop(); await expectReject(collection.get(), (e: any) => assert.equal(e.errorNum, 1203)); });
  });
  describe("collection.load / unload (old test versions)", () => {
    it("load/unload", { skip: "removed from arangojs v10 API (and ArangoDB 3.9+)" }, () => {});
  });
});
