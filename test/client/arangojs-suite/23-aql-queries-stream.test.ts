// Replay of arangojs's src/test/23-aql-queries-stream.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { aql } from 'arangojs/aql';
import { Cursor } from 'arangojs/cursors';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();



describe("23-aql-queries-stream: AQL Stream queries", function () {
  const name = `testdb_${Date.now()}`;
  let system: any, db: any; const allCursors: any[] = [];
  before(async () => { system = new Database(config); db = await system.createDatabase(name); });
  after(async () => {
    await Promise.all(allCursors.map((c: any) => c.kill().catch(() => undefined)));
    // kill any still-running queries from the write test
    for (const q of await db.listRunningQueries().catch(() => [])) await db.killQuery(q.id).catch(() => {});
    try { await system.dropDatabase(name); } finally { system.close(); }
  });
  describe("database.query", () => {
    it("returns a cursor for the query result", async () => { const c = await db.query("RETURN 23", {}, { stream: true }); allCursors.push(c); assert.ok(c instanceof Cursor); });
    it("supports bindVars", async () => { const c = await db.query("RETURN @x", { x: 5 }, { stream: true }); allCursors.push(c); assert.equal(await c.next(), 5); });
    it("supports options", async () => {
      const c = await db.query("FOR x IN 1..10 RETURN x", undefined, { batchSize: 2, count: true, stream: true }); allCursors.push(c);
      assert.equal(c.count, undefined); assert.equal(c.batches.hasMore, true);
    });
    it("supports compact queries with options", async () => {
      const c = await db.query({ query: "FOR x IN RANGE(1, @max) RETURN x", bindVars: { max: 10 } }, { batchSize: 2, count: true, stream: true }); allCursors.push(c);
      assert.equal(c.count, undefined); assert.equal(c.batches.hasMore, true);
    });
  });
  describe("with some data", () => {
    const cname = "MyTestCollection";
    before(async () => {
      const collection = await db.createCollection(cname);
      await Promise.all(Array.from({ length: 1000 }, (_: any, i: any) => collection.save({ hallo: i })));
    });
    it("can access large collection in parallel", async () => {
      const collection = db.collection(cname);
      const query = aql`FOR doc in ${collection} RETURN doc`;
      const opts = { batchSize: 250, stream: true };
      let count = 0;
      const cursors = await Promise.all(Array.from({ length: 25 }, () => db.query(query, opts)));
      allCursors.push(...cursors);
      await Promise.all(cursors.map((c: any) => c.forEach(() => { count++; })));
      assert.equal(count, 25 * 1000);
    });
    it("can do writes and reads", async () => {
      const collection = db.collection(cname);
      const readQ = aql`FOR doc in ${collection} RETURN doc`;
      const writeQ = aql`FOR i in 1..1000 LET y = SLEEP(1) INSERT {forbidden: i} INTO ${collection}`;
      const opts = { batchSize: 500, ttl: 5, stream: true };
      const readCursor = db.query(readQ, opts);
      const writeCursor = db.query(writeQ, opts);
      readCursor.then((c: any) => allCursors.push(c), () => {});
      writeCursor.then((c: any) => allCursors.push(c), () => {});
      const c = await Promise.race([readCursor, writeCursor]);
      const isOk = (await c.all()).every((d: any) => !Object.prototype.hasOwnProperty.call(d, "forbidden"));
      assert.equal(isOk, true);
    });
  });
});
