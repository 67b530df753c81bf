// Replay of arangojs's src/test/08-cursors.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { aql } from 'arangojs/aql';
import { useCairn, config, expectReject, sleep } from '../../helpers/arangojs-suite.js';

useCairn();

const aqlQuery = aql`FOR i IN 0..10 RETURN i`;
const aqlResult = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
function killTest(getDb: any, allCursors: any) {
  return async () => {
    const db = getDb();
    const cursor = await db.query(aql`FOR i IN 1..5 RETURN i`, { batchSize: 2 });
    allCursors.push(cursor);
    const id = cursor.id; const hostUrl = cursor.batches._hostUrl;
    assert.equal(cursor.batches.hasMore, true);
    await cursor.kill();
    assert.equal(cursor.batches.hasMore, false);
    const e = await expectReject(db.request({ method: "PUT", pathname: `/_api/cursor/${id}`, hostUrl }));
    assert.equal(e.errorNum, 1600, `errorNum ${e.errorNum} code ${e.code} ${e.message}`);
  };
}

describe("08-cursors (upstream it.skip): returns 404 after timeout", () => {
  it("item-wise: ttl 1, batchSize 1, wait 3s, next() -> 404", async () => {
    const db = new Database(config);
    const cursor = await db.query(aql`FOR i IN 0..1 RETURN i`, { batchSize: 1, ttl: 1 });
    assert.equal(cursor.hasNext, true);
    assert.equal(await cursor.next(), 0);
    assert.equal(cursor.hasNext, true);
    await sleep(3000);
    await expectReject(cursor.next(), (e: any) => { assert.equal(e.code, 404); });
  });
});

describe("08-cursors: Item-wise Cursor API", () => {
  let db: any, cursor: any, allCursors: any;
  before(async () => { allCursors = []; db = new Database(config); });
  after(async () => { await Promise.all(allCursors.map((c: any) => c.kill().catch(() => undefined))); db.close(); });
  beforeEach(async () => { cursor = await db.query(aqlQuery); allCursors.push(cursor); });
  describe("for await of cursor", () => {
    it("returns each next result of the Cursor", async () => {
      let i = 0;
      for await (const value of cursor) { assert.equal(value, aqlResult[i]); i += 1; }
      assert.equal(i, aqlResult.length);
      assert.equal(cursor.hasNext, false);
    });
  });
  describe("cursor.all", () => {
    it("returns an Array of all results", async () => { assert.deepEqual(await cursor.all(), aqlResult); });
  });
  describe("cursor.next", () => {
    it("returns the next result of the Cursor", async () => {
      assert.equal(await cursor.next(), 0);
      assert.equal(await cursor.next(), 1);
    });
  });
  describe("cursor.hasNext", () => {
    it("returns true if the Cursor has more results", async () => {
      assert.equal(cursor.hasNext, true);
      assert.equal(typeof (await cursor.next()), "number");
    });
    it("returns false if the Cursor is empty", async () => { await cursor.all(); assert.equal(cursor.hasNext, false); });
    it("returns true after first batch is consumed", async () => {
      const cursor = await db.query(aqlQuery, { batchSize: 1 });
      allCursors.push(cursor);
      assert.equal(cursor.batches._batches.length, 1);
      cursor.next();
      assert.equal(cursor.batches._batches.length, 0);
      assert.equal(cursor.hasNext, true);
    });
    it("returns false after last batch is consumed", async () => {
      const cursor = await db.query(aql`FOR i IN 0..1 RETURN i`, { batchSize: 2 });
      allCursors.push(cursor);
      assert.equal(cursor.hasNext, true);
      assert.equal(cursor.batches._batches.length, 1);
      assert.equal(await cursor.next(), 0);
      assert.equal(cursor.hasNext, true);
      assert.equal(cursor.batches._batches.length, 1);
      assert.equal(await cursor.next(), 1);
      assert.equal(cursor.hasNext, false);
      assert.equal(cursor.batches._batches.length, 0);
    });
    it("returns false after last result is consumed (with large amount of results)", async () => {
      const N = 10000;
      const cursor = await db.query(`FOR i IN 1..${N} RETURN i`);
      allCursors.push(cursor);
      let total = 0;
      while (true) {
        await cursor.next(); total++;
        assert.equal(cursor.hasNext, total !== N, `at ${total}`);
        if (!cursor.hasNext) break;
      }
      assert.equal(total, N);
    });
    it("returns false if there are no results", async () => {
      const cursor = await db.query(aql`FOR i IN [] RETURN i`);
      allCursors.push(cursor);
      assert.equal(cursor.hasNext, false);
      assert.equal(cursor.batches._batches.length, 0);
    });
  });
  describe("cursor.forEach", () => {
    it("invokes the callback for each value", async () => {
      const r: any[] = []; await cursor.forEach((v: any) => { r.push(v); }); assert.deepEqual(r, aqlResult);
    });
    it("correctly handles empty results", async () => {
      const c = await db.query(aql`FOR i IN [] RETURN i`); allCursors.push(c);
      const r: any[] = []; await c.forEach((v: any) => { r.push(v); }); assert.deepEqual(r, []);
    });
    it("aborts if the callback returns false", async () => {
      const r: any[] = []; await cursor.forEach((v: any) => { r.push(v); if (v === 5) return false; }); assert.deepEqual(r, [0, 1, 2, 3, 4, 5]);
    });
  });
  describe("cursor.map", () => {
    it("maps all result values over the callback", async () => { assert.deepEqual(await cursor.map((v: any) => v * 2), aqlResult.map((v: any) => v * 2)); });
  });
  describe("cursor.flatMap", () => {
    it("flat-maps all result values over the callback", async () => {
      assert.deepEqual(await cursor.flatMap((v: any) => [v, v * 2]), aqlResult.flatMap((v: any) => [v, v * 2]));
    });
    it("doesn't choke on non-arrays", async () => { assert.deepEqual(await cursor.flatMap((v: any) => v * 2), aqlResult.map((v: any) => v * 2)); });
  });
  describe("cursor.reduce", () => {
    it("reduces the result values with the callback", async () => { assert.equal(await cursor.reduce((a: any, b: any) => a + b), 55); });
  });
  describe("cursor.kill", () => { it("kills the cursor", killTest(() => db, [])); });
});

describe("08-cursors: Batch-wise Cursor API", () => {
  let db: any, cursor: any, allCursors: any;
  before(async () => { allCursors = []; db = new Database(config); });
  after(async () => { await Promise.all(allCursors.map((c: any) => c.kill().catch(() => undefined))); db.close(); });
  beforeEach(async () => { cursor = (await db.query(aqlQuery, { batchSize: 1 })).batches; allCursors.push(cursor); });
  describe("for await of cursor", () => {
    it("returns each next result of the Cursor", async () => {
      let i = 0;
      for await (const value of cursor) { assert.deepEqual(value, [aqlResult[i]]); i += 1; }
      assert.equal(i, aqlResult.length);
      assert.equal(cursor.hasNext, false);
    });
  });
  describe("cursor.all", () => {
    it("returns an Array of all results", async () => { assert.deepEqual(await cursor.all(), aqlResult.map((v: any) => [v])); });
  });
  describe("cursor.next", () => {
    it("returns the next result of the Cursor", async () => {
      assert.deepEqual(await cursor.next(), [0]);
      assert.deepEqual(await cursor.next(), [1]);
    });
  });
  describe("cursor.hasNext", () => {
    it("returns true if the Cursor has more results", async () => {
      assert.equal(cursor.hasNext, true);
      const v = await cursor.next(); assert.ok(Array.isArray(v)); assert.equal(typeof v[0], "number");
    });
    it("returns false if the Cursor is empty", async () => { await cursor.all(); assert.equal(cursor.hasNext, false); });
    it("returns true after first batch is consumed", async () => {
      const c = (await db.query(aqlQuery, { batchSize: 1 })).batches; allCursors.push(c);
      assert.equal(c._batches.length, 1); c.next(); assert.equal(c._batches.length, 0); assert.equal(c.hasNext, true);
    });
    it("returns false after last batch is consumed", async () => {
      const c = (await db.query(aql`FOR i IN 0..1 RETURN i`, { batchSize: 1 })).batches; allCursors.push(c);
      assert.equal(c.hasNext, true); assert.equal(c._batches.length, 1);
      assert.deepEqual(await c.next(), [0]); assert.equal(c.hasNext, true); assert.equal(c._batches.length, 0);
      assert.deepEqual(await c.next(), [1]); assert.equal(c.hasNext, false); assert.equal(c._batches.length, 0);
    });
    it("returns false after last result is consumed (with large amount of results)", async () => {
      const N = 10000; const c = await db.query(`FOR i IN 1..${N} RETURN i`); allCursors.push(c);
      let total = 0;
      while (true) { await c.next(); total++; assert.equal(c.hasNext, total !== N); if (!c.hasNext) break; }
    });
  });
  describe("cursor.forEach", () => {
    it("invokes the callback for each value", async () => { const r: any[] = []; await cursor.forEach((b: any) => { r.push(...b); }); assert.deepEqual(r, aqlResult); });
    it("aborts if the callback returns false", async () => { const r: any[] = []; await cursor.forEach((b: any) => { r.push(...b); if (b[0] === 5) return false; }); assert.deepEqual(r, [0, 1, 2, 3, 4, 5]); });
  });
  describe("cursor.map", () => { it("maps all result values over the callback", async () => { assert.deepEqual(await cursor.map(([v]: any) => v * 2), aqlResult.map((v: any) => v * 2)); }); });
  describe("cursor.flatMap", () => {
    it("flat-maps all result values over the callback", async () => { assert.deepEqual(await cursor.flatMap(([v]: any) => [v, v * 2]), aqlResult.flatMap((v: any) => [v, v * 2])); });
    it("doesn't choke on non-arrays", async () => { assert.deepEqual(await cursor.flatMap(([v]: any) => v * 2), aqlResult.map((v: any) => v * 2)); });
  });
  describe("cursor.reduce", () => { it("reduces the result values with the callback", async () => { assert.equal(await cursor.reduce((a: any, [b]: any) => a + b, 0), 55); }); });
  describe("cursor.next (batchSize 5)", () => {
    beforeEach(async () => { cursor = (await db.query(aql`FOR i IN 1..10 RETURN i`, { batchSize: 5 })).batches; allCursors.push(cursor); });
    it("fetches the next batch when empty", async () => {
      const result = cursor._batches;
      assert.deepEqual([...result.first.value.values()], [1, 2, 3, 4, 5]);
      assert.equal(cursor.hasMore, true);
      result.clear();
      assert.deepEqual(await cursor.next(), [6, 7, 8, 9, 10]);
      assert.equal(cursor.hasMore, false);
    });
    it("returns all fetched values", async () => {
      assert.deepEqual(await cursor.next(), [1, 2, 3, 4, 5]);
      assert.equal(await cursor.items.next(), 6);
      assert.deepEqual(await cursor.next(), [7, 8, 9, 10]);
    });
  });
  describe("cursor.kill", () => { it("kills the cursor", killTest(() => db, [])); });
});
