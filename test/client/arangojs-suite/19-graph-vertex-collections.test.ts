// Replay of arangojs's src/test/19-graph-vertex-collections.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/19-graph-vertex-collections.ts (v10 API)

describe("19-graph-vertex-collections: GraphVertexCollection API", function () {
  const dbName = `testdb_${Date.now()}`;
  let system: any, db: any, collection: any;
  before(async () => {
    system = new Database(config);
    db = await system.createDatabase(dbName);
    const graph = db.graph(`testgraph_${Date.now()}`);
    await graph.create([{ collection: "knows", from: ["person"], to: ["person"] }]);
    await db.waitForPropagation({ pathname: `/_api/gharial/${graph.name}` }, 30000);
    collection = graph.vertexCollection("person");
  });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  beforeEach(async () => { await collection.collection.truncate(); });
  for (const round of [1, 2]) describe("graphVertexCollection.vertex" + (round === 2 ? " (repeated upstream)" : ""), () => {
    const data = { foo: "bar" };
    let meta: any;
    beforeEach(async () => { meta = await collection.save(data); });
    it("returns a vertex in the collection", async () => {
      const doc = await collection.vertex(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "foo");
      expect(doc._id).to.equal(meta._id);
      expect(doc._key).to.equal(meta._key);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc.foo).to.equal(data.foo);
    });
    it("does not throw on not found when graceful", async () => {
      const doc = await collection.vertex("does-not-exist", true);
      expect(doc).to.equal(null);
    });
  });
  describe("graphVertexCollection.save", () => {
    it("creates a vertex in the collection", async () => {
      const data = { foo: "bar" };
      const meta = await collection.save(data);
      expect(meta).to.be.an("object");
      expect(meta).to.have.property("_id").that.is.a("string");
      expect(meta).to.have.property("_rev").that.is.a("string");
      expect(meta).to.have.property("_key").that.is.a("string");
      const doc = await collection.vertex(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "foo");
      expect(doc._id).to.equal(meta._id);
      expect(doc._key).to.equal(meta._key);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc.foo).to.equal(data.foo);
    });
    it("uses the given _key if provided", async () => {
      const data = { potato: "tomato", _key: "banana" };
      const meta = await collection.save(data);
      expect(meta).to.be.an("object");
      expect(meta).to.have.property("_id").that.is.a("string");
      expect(meta).to.have.property("_rev").that.is.a("string");
      expect(meta).to.have.property("_key").that.equals(data._key);
      const doc = await collection.vertex(meta._id);
      expect(doc).to.have.keys("_key", "_id", "_rev", "potato");
      expect(doc._id).to.equal(meta._id);
      expect(doc._rev).to.equal(meta._rev);
      expect(doc._key).to.equal(data._key);
      expect(doc.potato).to.equal(data.potato);
    });
  });
  describe("graphVertexCollection.replace", () => {
    it("replaces the given vertex", async () => {
      const data = { potato: "tomato" };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.replace(doc, { sup: "dawg" });
      const newData = await collection.vertex(doc._key);
      expect(newData).not.to.have.property("potato");
      expect(newData).to.have.property("sup").that.equals("dawg");
    });
  });
  describe("graphVertexCollection.update", () => {
    it("updates the given vertex", async () => {
      const data = { potato: "tomato", empty: false };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null });
      const newData = await collection.vertex(doc._key);
      expect(newData).to.have.property("potato").that.equals(doc.potato);
      expect(newData).to.have.property("sup").that.equals("dawg");
      expect(newData).to.have.property("empty").that.equals(null);
    });
    it("removes null values if keepNull is explicitly set to false", async () => {
      const data = { potato: "tomato", empty: false };
      const meta = await collection.save(data, { returnNew: true });
      const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null }, { keepNull: false });
      const newData = await collection.vertex(doc._key);
      expect(newData).to.have.property("potato").that.equals(doc.potato);
      expect(newData).to.have.property("sup").that.equals("dawg");
      expect(newData).not.to.have.property("empty");
    });
  });
  describe("graphVertexCollection.remove", () => {
    const key = `d_${Date.now()}`;
    beforeEach(async () => { await collection.save({ _key: key }); });
    it("deletes the given vertex", async () => {
      await collection.remove(key);
      try { await collection.vertex(key); } catch (e: any) { return; }
      expect.fail();
    });
  });
});
