// Replay of arangojs's src/test/03-accessing-graphs.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { Graph } from 'arangojs/graphs';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/03-accessing-graphs.ts (v10 API: system.createDatabase() returns the db, waitForPropagation {pathname})
const range = (n: any) => Array.from(Array(n).keys());

describe("03-accessing-graphs: Accessing graphs", function () {
  const name = `testdb_${Date.now()}`;
  let system: any, db: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  describe("database.graph", () => {
    it("returns a Graph instance", () => {
      const name = "potato";
      const graph = db.graph(name);
      expect(graph).to.be.an.instanceof(Graph);
      expect(graph).to.have.property("name").that.equals(name);
    });
  });
  for (const which of ["listGraphs", "graphs"]) {
    describe(`database.${which}`, () => {
      const vertexCollectionNames = range(2).map((i: any) => `vc_${Date.now()}_${i}`);
      const edgeCollectionNames = range(2).map((i: any) => `ec_${Date.now()}_${i}`);
      const graphNames = range(4).map((i: any) => `g_${Date.now()}_${i}`);
      before(async () => {
        await Promise.all([
          ...vertexCollectionNames.map(async (name: any) => { const c = await db.createCollection(name); await db.waitForPropagation({ pathname: `/_api/collection/${c.name}` }, 10000); }),
          ...edgeCollectionNames.map(async (name: any) => { const c = await db.createEdgeCollection(name); await db.waitForPropagation({ pathname: `/_api/collection/${c.name}` }, 10000); }),
        ]);
        await Promise.all(graphNames.map(async (name: any) => {
          const graph = db.graph(name);
          await graph.create(edgeCollectionNames.map((name: any) => ({ collection: name, from: vertexCollectionNames, to: vertexCollectionNames })));
          await db.waitForPropagation({ pathname: `/_api/gharial/${graph.name}` }, 10000);
        }));
      });
      after(async () => {
        await Promise.all(graphNames.map((name: any) => db.graph(name).drop()));
        await Promise.all(vertexCollectionNames.concat(edgeCollectionNames).map((name: any) => db.collection(name).drop()));
      });
      if (which === "listGraphs") it("fetches information about all graphs", async () => {
        const graphs = await db.listGraphs();
        expect(graphs.length).to.equal(graphNames.length);
        expect(graphs.map((g: any) => g._key).sort()).to.eql(graphNames);
      });
      else it("creates Graph instances", async () => {
        const graphs = await db.graphs();
        expect(graphs.length).to.equal(graphNames.length);
        expect(graphs.map((g: any) => g.name).sort()).to.eql(graphNames);
        graphs.forEach((graph: any) => expect(graph).to.be.an.instanceof(Graph));
      });
    });
  }
});
