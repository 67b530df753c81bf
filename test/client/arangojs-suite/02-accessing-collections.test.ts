// Replay of arangojs's src/test/02-accessing-collections.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { isArangoCollection } from 'arangojs/collections';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

const range = (n: any) => Array.from(Array(n).keys());

describe("02-accessing-collections: Accessing collections", function () {
  const name = `testdb_${Date.now()}_ac`;
  let system: any, db: any, builtinSystemCollections: any;
  before(async () => {
    system = new Database(config); db = await system.createDatabase(name);
    builtinSystemCollections = (await db.listCollections(false)).map((c: any) => c.name);
  });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  describe("database.collection", () => {
    it("returns a DocumentCollection instance for the collection", () => { const c = db.collection("potato"); assert.equal(isArangoCollection(c), true); assert.equal(c.name, "potato"); });
  });
  describe("database.listCollections", () => {
    const nonSys = range(4).map((i: any) => `c_${Date.now()}_${i}`);
    const sys = range(4).map((i: any) => `_c_${Date.now()}_${i}`);
    before(async () => { await Promise.all([...nonSys.map((n: any) => db.createCollection(n)), ...sys.map((n: any) => db.collection(n).create({ isSystem: true }))]); });
    after(async () => { await Promise.all([...nonSys.map((n: any) => db.collection(n).drop()), ...sys.map((n: any) => db.collection(n).drop({ isSystem: true }))]); });
    it("fetches information about all non-system collections", async () => {
      const cs = await db.listCollections(); assert.equal(cs.length, nonSys.length, JSON.stringify(cs.map((c: any) => c.name)));
      assert.deepEqual(cs.map((c: any) => c.name).sort(), nonSys);
    });
    it("includes system collections if explicitly passed false", async () => {
      const cs = await db.listCollections(false);
      const all = nonSys.concat(sys).concat(builtinSystemCollections).sort();
      assert.deepEqual(cs.map((c: any) => c.name).sort(), all);
    });
  });
  describe("database.collections", () => {
    const dcs = range(4).map((i: any) => `dc_${Date.now()}_${i}`);
    const ecs = range(4).map((i: any) => `ec_${Date.now()}_${i}`);
    const sys = range(4).map((i: any) => `_c_${Date.now()}_${i}`);
    before(async () => { await Promise.all([...dcs.map((n: any) => db.createCollection(n)), ...ecs.map((n: any) => db.createEdgeCollection(n)), ...sys.map((n: any) => db.collection(n).create({ isSystem: true }))]); });
    after(async () => { await Promise.all([...dcs.map((n: any) => db.collection(n).drop()), ...ecs.map((n: any) => db.collection(n).drop()), ...sys.map((n: any) => db.collection(n).drop({ isSystem: true }))]); });
    it("creates Collection instances", async () => {
      const cs = await db.collections(); assert.equal(cs.length, dcs.length + ecs.length);
      assert.deepEqual(cs.map((c: any) => c.name).sort(), [...dcs, ...ecs].sort());
    });
    it("includes system collections if explicitly passed false", async () => {
      const cs = await db.collections(false);
      assert.deepEqual(cs.map((c: any) => c.name).sort(), [...dcs, ...ecs, ...sys, ...builtinSystemCollections].sort());
    });
  });
});
