// Replay of arangojs's src/test/16-graphs.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/16-graphs.ts (v10 API)
const range = (n: any) => Array.from(Array(n).keys());
async function createCollections(db: any) {
  const vertexCollectionNames = range(2).map((i: any) => `vc_${Date.now()}_${i}`);
  const edgeCollectionNames = range(2).map((i: any) => `ec_${Date.now()}_${i}`);
  await Promise.all([...vertexCollectionNames.map((name: any) => db.createCollection(name)), ...edgeCollectionNames.map((name: any) => db.createEdgeCollection(name))]);
  return [vertexCollectionNames, edgeCollectionNames];
}
async function createGraph(graph: any, vertexCollectionNames: any, edgeCollectionNames: any) {
  return await graph.create(edgeCollectionNames.map((name: any) => ({ collection: name, from: vertexCollectionNames, to: vertexCollectionNames })));
}

describe("16-graphs: Graph API", function () {
  let system: any, db: any;
  const name = `testdb_${Date.now()}`;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  describe("graph.get", () => {
    let graph: any, collectionNames: any;
    before(async () => {
      graph = db.graph(`g_${Date.now()}`);
      const names = await createCollections(db);
      collectionNames = names.reduce((a: any, b: any) => a.concat(b));
      await createGraph(graph, names[0], names[1]);
    });
    after(async () => { await graph.drop(); await Promise.all(collectionNames.map((name: any) => db.collection(name).drop())); });
    it("fetches information about the graph", async () => {
      const data = await graph.get();
      expect(data).to.have.property("name", graph.name);
    });
  });
  describe("graph.create", () => {
    let edgeCollectionNames: any, vertexCollectionNames: any;
    before(async () => { [vertexCollectionNames, edgeCollectionNames] = await createCollections(db); });
    after(async () => { await Promise.all([...edgeCollectionNames, ...vertexCollectionNames].map((name: any) => db.collection(name).drop())); });
    it("creates the graph", async () => {
      const graph = db.graph(`g_${Date.now()}`);
      await graph.create(edgeCollectionNames.map((name: any) => ({ collection: name, from: vertexCollectionNames, to: vertexCollectionNames })));
      const data = await graph.get();
      expect(data).to.have.property("name", graph.name);
    });
  });
  describe("graph.drop", () => {
    let graph: any, edgeCollectionNames: any, vertexCollectionNames: any;
    beforeEach(async () => {
      graph = db.graph(`g_${Date.now()}`);
      [vertexCollectionNames, edgeCollectionNames] = await createCollections(db);
      await createGraph(graph, vertexCollectionNames, edgeCollectionNames);
    });
    afterEach(async () => { await Promise.all([...edgeCollectionNames, ...vertexCollectionNames].map((name: any) => db.collection(name).drop().catch(() => null))); });
    it("destroys the graph if not passed true", async () => {
      await graph.drop();
      try { await graph.get(); } catch (e: any) {
        const collections = await db.listCollections();
        expect(collections.map((c: any) => c.name)).to.include.members([...edgeCollectionNames, ...vertexCollectionNames]);
        return;
      }
      expect.fail();
    });
    it("additionally drops all of its collections if passed true", async () => {
      await graph.drop(true);
      try { await graph.get(); } catch (e: any) {
        const collections = await db.listCollections();
        expect(collections.map((c: any) => c.name)).not.to.include.members([...edgeCollectionNames, ...vertexCollectionNames]);
        return;
      }
      expect.fail();
    });
  });
});
