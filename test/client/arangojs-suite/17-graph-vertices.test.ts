// Replay of arangojs's src/test/17-graph-vertices.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { ArangoError } from 'arangojs/errors';
import { GraphVertexCollection } from 'arangojs/graphs';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/17-graph-vertices.ts (v10 API)
const range = (n: any) => Array.from(Array(n).keys());
async function createCollections(db: any) {
  const vertexCollectionNames = range(2).map((i: any) => `vc_${Date.now()}_${i}`);
  const edgeCollectionNames = range(2).map((i: any) => `ec_${Date.now()}_${i}`);
  await Promise.all([
    ...vertexCollectionNames.map(async (name: any) => { const c = await db.createCollection(name); await db.waitForPropagation({ pathname: `/_api/collection/${c.name}` }, 10000); }),
    ...edgeCollectionNames.map(async (name: any) => { const c = await db.createEdgeCollection(name); await db.waitForPropagation({ pathname: `/_api/collection/${c.name}` }, 10000); }),
  ]);
  return [vertexCollectionNames, edgeCollectionNames];
}
async function createGraph(graph: any, vertexCollectionNames: any, edgeCollectionNames: any) {
  const result = await graph.create(edgeCollectionNames.map((name: any) => ({ collection: name, from: vertexCollectionNames, to: vertexCollectionNames })));
  await graph._db.waitForPropagation({ pathname: `/_api/gharial/${graph.name}` }, 10000);
  return result;
}

describe("17-graph-vertices: Manipulating graph vertices", function () {
  const name = `testdb_${Date.now()}`;
  let system: any, db: any, graph: any, collectionNames: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  beforeEach(async () => {
    graph = db.graph(`g_${Date.now()}`);
    const names = await createCollections(db);
    collectionNames = names.reduce((a: any, b: any) => a.concat(b));
    await createGraph(graph, names[0], names[1]);
  });
  afterEach(async () => { await graph.drop(); await Promise.all(collectionNames.map((name: any) => db.collection(name).drop())); });
  describe("graph.vertexCollection", () => {
    it("returns a GraphVertexCollection instance for the collection", () => {
      const name = "potato";
      const collection = graph.vertexCollection(name);
      expect(collection).to.be.an.instanceof(GraphVertexCollection);
      expect(collection).to.have.property("name").that.equals(name);
    });
  });
  describe("graph.addVertexCollection", () => {
    let vertexCollection: any;
    beforeEach(async () => {
      vertexCollection = await db.createCollection(`xc_${Date.now()}`);
      await db.waitForPropagation({ pathname: `/_api/collection/${vertexCollection.name}` }, 10000);
    });
    afterEach(async () => { await vertexCollection.drop(); });
    it("adds the given vertex collection to the graph", async () => {
      const data = await graph.addVertexCollection(vertexCollection.name);
      expect(data.orphanCollections).to.contain(vertexCollection.name);
    });
  });
  describe("graph.removeVertexCollection", () => {
    let vertexCollection: any;
    beforeEach(async () => {
      vertexCollection = await db.createCollection(`xc_${Date.now()}`);
      await db.waitForPropagation({ pathname: `/_api/collection/${vertexCollection.name}` }, 10000);
      await graph.addVertexCollection(vertexCollection.name);
    });
    it("removes the given vertex collection from the graph", async () => {
      const data = await graph.removeVertexCollection(vertexCollection.name);
      expect(data.orphanCollections).not.to.contain(vertexCollection.name);
      await vertexCollection.get();
    });
    it("destroys the collection if explicitly passed true", async () => {
      const data = await graph.removeVertexCollection(vertexCollection.name, true);
      expect(data.orphanCollections).not.to.contain(vertexCollection.name);
      try { await vertexCollection.get(); } catch (err: any) { expect(err).to.be.an.instanceof(ArangoError); return; }
      expect.fail();
    });
  });
});
