// Replay of arangojs's src/test/29-queue-time.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

const range = (n: any) => Array.from(Array(n).keys());

describe("29-queue-time: Queue time metrics", function () {
  const dbName = `testdb_${Date.now()}_qt`;
  let system: any, db: any, collection: any;
  before(async () => { system = new Database(config); system.setResponseQueueTimeSamples(10); db = await system.createDatabase(dbName); collection = await db.createCollection(`c_${Date.now()}`); });
  after(async () => { await system.dropDatabase(dbName); });
  beforeEach(async () => { system._connection._queueTimes.clear(); });
  describe("db.setResponseQueueTimeSamples", () => {
    afterEach(() => { system.setResponseQueueTimeSamples(10); });
    it("should trim existing queue times when set to a lower value", async () => {
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      assert.equal(db.queueTime.getValues().length, 10); db.setResponseQueueTimeSamples(5); assert.equal(db.queueTime.getValues().length, 5);
    });
    it("should allow more values when set to a higher value", async () => {
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      assert.equal(db.queueTime.getValues().length, 10); db.setResponseQueueTimeSamples(20);
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      assert.equal(db.queueTime.getValues().length, 20);
    });
    it("should allow fewer values when set to a lower value", async () => {
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      assert.equal(db.queueTime.getValues().length, 10); db.setResponseQueueTimeSamples(5);
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      assert.equal(db.queueTime.getValues().length, 5);
    });
  });
  describe("db.queueTime.getLatest", () => {
    it("should return the latest value", async () => {
      assert.equal(db.queueTime.getLatest(), undefined);
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      const v = db.queueTime.getValues(); assert.ok(v.length > 0); assert.equal(db.queueTime.getLatest(), v[v.length - 1][1]);
    });
  });
  describe("db.queueTime.getValues", () => {
    it("should return all values by received timestamp", async () => {
      const min = Date.now(); assert.deepEqual(db.queueTime.getValues(), []);
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      const max = Date.now(); const v = db.queueTime.getValues(); assert.ok(v.length >= 10);
      for (const e of v) { assert.ok(e[0] >= min && e[0] <= max); assert.equal(typeof e[1], "number"); assert.ok(Number.isFinite(e[1])); }
    });
  });
  describe("db.queueTime.getAvg", () => {
    it("should return the arithmetic average of all current values", async () => {
      assert.equal(db.queueTime.getAvg(), 0);
      await Promise.all(range(10).map(() => collection.save({ value: Math.random() })));
      const v = db.queueTime.getValues(); assert.ok(v.length > 0);
      const avg = v.reduce((a: any, [, x]: any) => a + x / v.length, 0); assert.equal(db.queueTime.getAvg(), avg);
    });
  });
});
