// Replay of arangojs's src/test/14-document-collections.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config, expectReject, hasKeys } from '../../helpers/arangojs-suite.js';

useCairn();

const isStr = (o: any, k: any) => assert.equal(typeof o[k], "string", `${k} not string in ${JSON.stringify(o)}`);

describe("14-document-collections: DocumentCollection API", function () {
  const name = `testdb_${Date.now()}_dc`;
  let system: any, db: any, collection: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  beforeEach(async () => { collection = await db.createCollection(`c_${Date.now()}`); });
  afterEach(async () => { await collection.drop(); });
  describe("documentCollection.document", () => {
    const data = { foo: "bar" }; let meta: any;
    beforeEach(async () => { meta = await collection.save(data); });
    it("returns a document in the collection", async () => {
      const doc = await collection.document(meta._id);
      hasKeys(doc, ["_key", "_id", "_rev", "foo"]);
      assert.equal(doc._id, meta._id); assert.equal(doc._key, meta._key); assert.equal(doc._rev, meta._rev); assert.equal(doc.foo, data.foo);
    });
    it("does not throw on not found when graceful", async () => { assert.equal(await collection.document("does-not-exist", true), null); });
  });
  describe("documentCollection.documents", () => {
    const data = { foo: "bar" }; let meta: any;
    beforeEach(async () => { meta = await Promise.all([collection.save(data), collection.save(data), collection.save(data)]); });
    it("returns multiple documents in the collection", async () => {
      const docs = await collection.documents(meta);
      assert.equal(docs.length, 3);
      docs.forEach((doc: any, i: any) => {
        hasKeys(doc, ["_key", "_id", "_rev", "foo"]);
        assert.equal(doc._id, meta[i]._id); assert.equal(doc._key, meta[i]._key); assert.equal(doc._rev, meta[i]._rev); assert.equal(doc.foo, data.foo);
      });
    });
  });
  describe("documentCollection.documentExists", () => {
    let meta: any;
    beforeEach(async () => { meta = await collection.save({ foo: "bar" }); });
    it("returns true if the document exists", async () => { assert.equal(await collection.documentExists(meta._id), true); });
    it("returns false if the document does not exist", async () => { assert.equal(await collection.documentExists("does-not-exist"), false); });
    it("returns false if the collection does not exist", async () => { assert.equal(await db.collection("does-not-exist").documentExists("lol"), false); });
  });
  describe("documentCollection.save", () => {
    it("creates a document in the collection", async () => {
      const data = { foo: "bar" }; const meta = await collection.save(data);
      isStr(meta, "_id"); isStr(meta, "_rev"); isStr(meta, "_key");
      const doc = await collection.document(meta._id);
      hasKeys(doc, ["_key", "_id", "_rev", "foo"]); assert.equal(doc._id, meta._id); assert.equal(doc._rev, meta._rev); assert.equal(doc.foo, "bar");
    });
    it("uses the given _key if provided", async () => {
      const data = { potato: "tomato", _key: "banana" }; const meta = await collection.save(data);
      isStr(meta, "_id"); isStr(meta, "_rev"); assert.equal(meta._key, "banana");
      const doc = await collection.document(meta._id);
      hasKeys(doc, ["_key", "_id", "_rev", "potato"]); assert.equal(doc._rev, meta._rev); assert.equal(doc._key, "banana"); assert.equal(doc.potato, "tomato");
    });
    it("returns the document if options.returnNew is set", async () => {
      const meta = await collection.save({ potato: "tomato" }, { returnNew: true });
      isStr(meta, "_id"); isStr(meta, "_rev"); isStr(meta, "_key");
      assert.equal(typeof meta.new, "object"); isStr(meta.new, "_id"); isStr(meta.new, "_rev"); isStr(meta.new, "_key"); assert.equal(meta.new.potato, "tomato");
    });
    it("interprets options as returnNew if it is a boolean", async () => {
      const meta = await collection.save({ potato: "tomato" }, { returnNew: true });
      assert.equal(typeof meta.new, "object"); assert.equal(meta.new.potato, "tomato");
    });
  });
  describe("documentCollection.replace", () => {
    it("replaces the given document", async () => {
      const meta = await collection.save({ potato: "tomato" }, { returnNew: true }); const doc = meta.new;
      await collection.replace(doc, { sup: "dawg" });
      const nd = await collection.document(doc._key);
      assert.ok(!("potato" in nd)); assert.equal(nd.sup, "dawg");
    });
  });
  describe("documentCollection.update", () => {
    it("updates the given document", async () => {
      const meta = await collection.save({ potato: "tomato", empty: false }, { returnNew: true }); const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null });
      const nd = await collection.document(doc._key);
      assert.equal(nd.potato, "tomato"); assert.equal(nd.sup, "dawg"); assert.ok("empty" in nd); assert.equal(nd.empty, null);
    });
    it("removes null values if keepNull is explicitly set to false", async () => {
      const meta = await collection.save({ potato: "tomato", empty: false }, { returnNew: true }); const doc = meta.new;
      await collection.update(doc, { sup: "dawg", empty: null }, { keepNull: false });
      const nd = await collection.document(doc._key);
      assert.equal(nd.potato, "tomato"); assert.equal(nd.sup, "dawg"); assert.ok(!("empty" in nd), JSON.stringify(nd));
    });
  });
  describe("documentCollection.remove", () => {
    const key = `d_${Date.now()}`;
    beforeEach(async () => { await collection.save({ _key: key }); });
    it("deletes the given document", async () => { await collection.remove(key); await expectReject(collection.document(key)); });
  });
});
