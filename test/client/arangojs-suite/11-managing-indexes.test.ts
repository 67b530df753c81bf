// Replay of arangojs's src/test/11-managing-indexes.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

const hasV = (o: any, k: any, v: any) => { assert.ok(o && k in o, `missing ${k} in ${JSON.stringify(o)?.slice(0, 300)}`); assert.deepEqual(o[k], v, `${k}: got ${JSON.stringify(o[k])}`); };

describe("11-managing-indexes: Managing indexes", function () {
  let system: any, db: any, collection: any;
  const dbName = `testdb_${Date.now()}_ix`; const collectionName = `collection-${Date.now()}`;
  before(async () => { system = new Database(config); db = await system.createDatabase(dbName); collection = await db.createCollection(collectionName); });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  describe("collection.ensureIndex#vector", () => {
    let enabled = false;
    before(async () => {
      const probe = await db.createCollection(`vector_probe_${Date.now()}`);
      try {
        await probe.import([{ _key: "probe", pv: Array(8).fill(0.1) }]);
        const res = await probe.ensureIndex({ type: "vector", fields: ["pv"], sparse: true, params: { metric: "cosine", dimension: 8, nLists: 1 } });
        enabled = Boolean(res && res.type === "vector" && res.id);
      } catch (e: any) {
        // Cairn, like ArangoDB started without --experimental-vector-index, refuses the type
        assert.equal(e.errorNum, 10); enabled = false;
      }
      finally { await probe.drop().catch(() => {}); }
    });
    // each case runs only where the probe above could create a vector index, as upstream's do
    const vectorCase = (title: string, field: string, metric: string, extra: Record<string, unknown>, check?: (info: any) => void) =>
      it(title, async (t) => {
        if (!enabled) { t.skip("vector indexes are not enabled (experimental in ArangoDB)"); return; }
        await collection.import(Array.from({ length: 128 }, (_, cnt) => ({ _key: `${field}${cnt}`, [field]: Array(128).fill(cnt), val: cnt, category: `cat${cnt % 5}` })));
        const info = await collection.ensureIndex({ type: "vector", fields: [field], sparse: true, ...extra, params: { metric, dimension: 128, nLists: 2 } });
        hasV(info, "type", "vector"); hasV(info, "fields", [field]); hasV(info, "isNewlyCreated", true);
        assert.equal(info.params.metric, metric); assert.equal(info.params.dimension, 128); assert.equal(info.params.nLists, 2);
        check?.(info);
      });
    vectorCase("should create a vector index", "vec_basic", "cosine", {});
    vectorCase("should expose optional errorMessage on vector index responses (ArangoDB 3.12.9+)", "vec_err", "cosine", {},
      (info) => { if (info.errorMessage !== undefined) assert.equal(typeof info.errorMessage, "string"); });
    vectorCase("should create a vector index with storedValues", "vec_sv", "cosine", { storedValues: ["val", "category"] },
      (info) => hasV(info, "storedValues", ["val", "category"]));
    vectorCase("should create a vector index with innerProduct metric", "vec_ip", "innerProduct", {});
  });
  describe("collection.ensureIndex#persistent", () => {
    it("should create a persistent index", async () => {
      const info = await collection.ensureIndex({ type: "persistent", fields: ["value"] });
      assert.ok("id" in info); hasV(info, "type", "persistent"); hasV(info, "fields", ["value"]); hasV(info, "isNewlyCreated", true);
    });
  });
  describe("collection.ensureIndex#geo", () => {
    it("should create a geo index for one field", async () => {
      const info = await collection.ensureIndex({ type: "geo", fields: ["value"] });
      assert.ok("id" in info); hasV(info, "type", "geo"); hasV(info, "fields", ["value"]); hasV(info, "isNewlyCreated", true);
    });
    it("should create a geo index for two fields", async () => {
      const info = await collection.ensureIndex({ type: "geo", fields: ["value1", "value2"] });
      assert.ok("id" in info); hasV(info, "type", "geo"); hasV(info, "fields", ["value1", "value2"]); hasV(info, "isNewlyCreated", true);
    });
  });
  describe("collection.ensureIndex#mdi", () => {
    it("should create an MDI index", async () => {
      const info = await collection.ensureIndex({ type: "mdi", fields: ["x", "y", "z"], fieldValueTypes: "double", sparse: true });
      assert.ok("id" in info); hasV(info, "type", "mdi"); hasV(info, "fields", ["x", "y", "z"]); hasV(info, "isNewlyCreated", true);
    });
  });
  describe("collection.index", () => {
    it("should return information about a index", async () => {
      const info = await collection.ensureIndex({ type: "persistent", fields: ["test"] });
      const index = await collection.index(info.id);
      hasV(index, "id", info.id); hasV(index, "type", info.type);
    });
  });
  describe("collection.indexes", () => {
    it("should return a list of indexes", async () => {
      const index = await collection.ensureIndex({ type: "persistent", fields: ["test"] });
      const indexes = await collection.indexes();
      assert.ok(Array.isArray(indexes) && indexes.length > 0);
      assert.equal(indexes.filter((i: any) => i.id === index.id).length, 1);
    });
  });
  describe("collection.dropIndex", () => {
    it("should drop existing index", async () => {
      const info = await collection.ensureIndex({ type: "persistent", fields: ["test"] });
      const index = await collection.dropIndex(info.id);
      hasV(index, "id", info.id);
      const indexes = await collection.indexes();
      assert.ok(Array.isArray(indexes) && indexes.length > 0);
      assert.equal(indexes.filter((i: any) => i.id === index.id).length, 0);
    });
  });
  describe("collection.ensureIndex#inverted", () => {
    it("should create an inverted index with new consolidation policy options", async () => {
      const info = await collection.ensureIndex({ type: "inverted", fields: ["value"], consolidationPolicy: { type: "tier", maxSkewThreshold: 0.5, minDeletionRatio: 0.6 } });
      assert.ok("id" in info); hasV(info, "type", "inverted"); assert.ok(Array.isArray(info.fields)); hasV(info, "isNewlyCreated", true);
      const index = await collection.index(info.id);
      hasV(index.consolidationPolicy, "type", "tier");
    });
  });
});
