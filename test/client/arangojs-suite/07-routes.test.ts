// Replay of arangojs's src/test/07-routes.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

const has = (o: any, k: any) => assert.ok(o && typeof o === "object" && k in o, `missing ${k} in ${JSON.stringify(o)?.slice(0, 300)}`);

describe("07-routes: Route API", function () {
  const name = `testdb_${Date.now()}_rt`; let system: any, db: any, collection: any;
  before(async () => { system = new Database(config); db = await system.createDatabase(name); collection = await db.createCollection(`c_${Date.now()}`); });
  after(async () => { try { await system.dropDatabase(name); } finally { system.close(); } });
  beforeEach(async () => { await collection.truncate(); });
  describe("route.get", () => {
    it("should be executed using the route path", async () => { const r = await db.route("/_api/version").get(); has(r.parsedBody, "version"); has(r.parsedBody, "server"); });
    it("should concat path to route path", async () => { const r = await db.route("/_api").get("/version"); has(r.parsedBody, "version"); has(r.parsedBody, "server"); });
    it("should passes query parameters", async () => { const r = await db.route("/_api").get("/version", { details: true }); has(r.parsedBody, "version"); has(r.parsedBody, "details"); });
  });
  describe("route.post", () => {
    it("should passes body", async () => { const r = await db.route(`/_api/document/${collection.name}`).post({ foo: "bar" }); for (const k of ["_id", "_key", "_rev"]) has(r.parsedBody, k); });
  });
  describe("route.put", () => {
    let h: any; beforeEach(async () => { h = (await collection.save({ foo: "bar" }))._id; });
    it("should pass body", async () => { const r = await db.route(`/_api/document/${h}`).put({ hello: "world" }); for (const k of ["_id", "_key", "_rev"]) has(r.parsedBody, k); });
  });
  describe("route.patch", () => {
    let h: any; beforeEach(async () => { h = (await collection.save({ foo: "bar" }))._id; });
    it("should passes body", async () => { const r = await db.route(`/_api/document/${h}`).patch({ hello: "world" }); for (const k of ["_id", "_key", "_rev"]) has(r.parsedBody, k); });
  });
  describe("route.delete", () => {
    let h: any; beforeEach(async () => { h = (await collection.save({ foo: "bar" }))._id; });
    it("should be executed using the route path", async () => { const r = await db.route(`/_api/document/${h}`).delete(); for (const k of ["_id", "_key", "_rev"]) has(r.parsedBody, k); });
  });
  describe("route.head", () => {
    let h: any; beforeEach(async () => { h = (await collection.save({ foo: "bar" }))._id; });
    it("should be executed using the route path", async () => { const r = await db.route(`/_api/document/${h}`).head(); assert.equal(r.status, 200); });
  });
  describe("route.request", () => {
    it("should be executed using the route path", async () => { const r = await db.route("/_api/version").request({ method: "GET" }); has(r.parsedBody, "version"); has(r.parsedBody, "server"); });
  });
});
