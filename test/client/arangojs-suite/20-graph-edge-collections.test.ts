// Replay of arangojs's src/test/20-graph-edge-collections.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/20-graph-edge-collections.ts (v10 API)
// NOTE port: EdgeCollection#traversal() (/_api/traversal) removed from arangojs 10.4 -> upstream test skipped,
// [extra] AQL traversal over the edge collection with the same data and assertions added instead.

describe("20-graph-edge-collections: GraphEdgeCollection API", function () {
  const dbName = `testdb_${Date.now()}`;
  let system: any, db: any, collection: any;
  before(async () => {
    system = new Database(config);
    db = await system.createDatabase(dbName);
    const graph = db.graph(`testgraph_${Date.now()}`);
    await graph.create([{ collection: "knows", from: ["person"], to: ["person"] }]);
    collection = graph.edgeCollection("knows");
    await graph.vertexCollection("person").collection.import([{ _key: "Alice" }, { _key: "Bob" }, { _key: "Charlie" }, { _key: "Dave" }, { _key: "Eve" }]);
  });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  beforeEach(async () => { await collection.collection.truncate(); });
  for (const round of [1, 2]) describe("edgeCollection.edge" + (round === 2 ? " (repeated upstream)" : ""), () => {
    const data = { _from: "person/Bob", _to: "person/Alice" };
    let meta: any;
    beforeEach(async () => { meta = await collection.save(data); });
    it("returns an edge in the collection", async () => {
      const doc = await collection.edge(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "_from", "_to");
      expect(doc._id).to.equal(meta._id);
      expect(doc._key).to.equal(meta._key);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc._from).to.equal(data._from);
      expect(doc._to).to.equal(data._to);
    });
    it("does not throw on not found when graceful", async () => {
      const doc = await collection.edge("does-not-exist", true);
      expect(doc).to.equal(null);
    });
  });
  describe("edgeCollection.save", () => {
    it("creates an edge in the collection", async () => {
      const data = { _from: "person/Bob", _to: "person/Alice" };
      const meta = await collection.save(data);
      expect(meta).to.be.an("object");
      expect(meta).to.have.property("_id").that.is.a("string");
      expect(meta).to.have.property("_rev").that.is.a("string");
      expect(meta).to.have.property("_key").that.is.a("string");
      const doc = await collection.edge(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "_from", "_to");
      expect(doc._id).to.equal(meta._id);
      expect(doc._key).to.equal(meta._key);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc._from).to.equal(data._from);
      expect(doc._to).to.equal(data._to);
    });
    it("uses the given _key if provided", async () => {
      const data = { _key: "banana", _from: "person/Bob", _to: "person/Alice" };
      const meta = await collection.save(data);
      expect(meta).to.be.an("object");
      expect(meta).to.have.property("_id").that.is.a("string");
      expect(meta).to.have.property("_rev").that.is.a("string");
      expect(meta).to.have.property("_key").that.equals(data._key);
      const doc = await collection.edge(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "_from", "_to");
      expect(doc._id).to.equal(meta._id);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc._key).to.equal(data._key);
      expect(doc._from).to.equal(data._from);
      expect(doc._to).to.equal(data._to);
    });
  });
  describe("edgeCollection.traversal", () => {
    beforeEach(async () => {
      await collection.collection.import([
        { _from: "person/Alice", _to: "person/Bob" }, { _from: "person/Bob", _to: "person/Charlie" },
        { _from: "person/Bob", _to: "person/Dave" }, { _from: "person/Eve", _to: "person/Alice" }, { _from: "person/Eve", _to: "person/Bob" },
      ]);
    });
    it.skip("executes traversal (EdgeCollection#traversal removed from arangojs 10.4)", async () => {});
    it("[extra] executes traversal via AQL over the edge collection", async () => {
      const cursor = await db.query(`FOR v, e, p IN 0..10 OUTBOUND @start @@e RETURN { v, p }`, { start: "person/Alice", "@e": "knows" });
      const rows = await cursor.all();
      const visited = { vertices: rows.map((r: any) => r.v), paths: rows.map((r: any) => r.p) };
      const vertices = visited.vertices;
      expect(vertices).to.be.instanceOf(Array);
      expect(vertices.length).to.equal(4);
      const names = vertices.map((d: any) => d._key);
      for (const name of ["Alice", "Bob", "Charlie", "Dave"]) expect(names).to.contain(name);
      const paths = visited.paths;
      expect(paths).to.be.instanceOf(Array);
      expect(paths.length).to.equal(4);
    });
  });
  describe("edgeCollection.replace", () => {
    it("replaces the given edge", async () => {
      const data = { potato: "tomato", _from: "person/Bob", _to: "person/Alice" };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.replace(doc, { sup: "dawg", _from: "person/Bob", _to: "person/Alice" });
      const newData = await collection.edge(doc._key);
      expect(newData).not.to.have.property("potato");
      expect(newData).to.have.property("sup", "dawg");
    });
  });
  describe("edgeCollection.update", () => {
    it("updates the given document", async () => {
      const data = { potato: "tomato", empty: false, _from: "person/Bob", _to: "person/Alice" };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null });
      const newData = await collection.edge(doc._key);
      expect(newData).to.have.property("potato", doc.potato);
      expect(newData).to.have.property("sup", "dawg");
      expect(newData).to.have.property("empty", null);
    });
    it("removes null values if keepNull is explicitly set to false", async () => {
      const data = { potato: "tomato", empty: false, _from: "person/Bob", _to: "person/Alice" };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null }, { keepNull: false });
      const newData = await collection.edge(doc._key);
      expect(newData).to.have.property("potato", doc.potato);
      expect(newData).to.have.property("sup", "dawg");
      expect(newData).not.to.have.property("empty");
    });
  });
  describe("edgeCollection.remove", () => {
    const key = `d_${Date.now()}`;
    beforeEach(async () => { await collection.save({ _key: key, _from: "person/Bob", _to: "person/Alice" }); });
    it("deletes the given edge", async () => {
      await collection.remove(key);
      try { await collection.edge(key); } catch (e: any) { return; }
      expect.fail();
    });
  });
});
