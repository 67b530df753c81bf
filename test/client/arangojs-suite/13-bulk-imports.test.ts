// Replay of arangojs's src/test/13-bulk-imports.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

const ok3 = { error: false, created: 3, errors: 0, empty: 0, updated: 0, ignored: 0 };

describe("13-bulk-imports: Bulk imports", function () {
  let system: any, db: any, collection: any;
  const dbName = `testdb_${Date.now()}_bi`; const collectionName = `collection-${Date.now()}`;
  before(async () => { system = new Database(config); db = await system.createDatabase(dbName); collection = await db.createCollection(collectionName); });
  after(async () => { try { await system.dropDatabase(dbName); } finally { system.close(); } });
  describe("collection.import", () => {
    describe("without type", () => {
      it("should accept tuples array", async () => { assert.deepEqual(await collection.import([["_key", "data"], ["ta1", "banana"], ["ta2", "peach"], ["ta3", "apricot"]]), ok3); });
      it("should accept documents array", async () => { assert.deepEqual(await collection.import([{ _key: "da1", data: "banana" }, { _key: "da2", data: "peach" }, { _key: "da3", data: "apricot" }]), ok3); });
      it("should accept string of LDJSON arrays", async () => { assert.deepEqual(await collection.import('["_key", "data"]\r\n["ts1", "banana"]\r\n["ts2", "peach"]\r\n["ts3", "apricot"]\r\n'), ok3); });
      it("should accept buffer of LDJSON arrays", async () => { assert.deepEqual(await collection.import(Buffer.from('["_key", "data"]\r\n["tb1", "banana"]\r\n["tb2", "peach"]\r\n["tb3", "apricot"]\r\n')), ok3); });
    });
    for (const type of ["auto", "documents"]) {
      describe(`with type ${JSON.stringify(type)}`, () => {
        it("should accept string of LDJSON documents", async () => {
          const data = `{"_key": "ds1-${type}", "data": "banana"}\r\n{"_key": "ds2-${type}", "data": "peach"}\r\n{"_key": "ds3-${type}", "data": "apricot"}\r\n`;
          assert.deepEqual(await collection.import(data, { type }), ok3);
        });
        it("should accept buffer of LDJSON documents", async () => {
          const data = Buffer.from(`{"_key": "db1-${type}", "data": "banana"}\r\n{"_key": "db2-${type}", "data": "peach"}\r\n{"_key": "db3-${type}", "data": "apricot"}\r\n`);
          assert.deepEqual(await collection.import(data, { type }), ok3);
        });
      });
    }
    for (const type of ["auto", "list"]) {
      describe(`with type ${JSON.stringify(type)}`, () => {
        it("should accept string of JSON documents array", async () => {
          const data = JSON.stringify([{ _key: `js1-${type}`, data: "banana" }, { _key: `js2-${type}`, data: "peach" }, { _key: `js3-${type}`, data: "apricot" }]);
          assert.deepEqual(await collection.import(data, { type }), ok3);
        });
        it("should accept buffer of JSON documents array", async () => {
          const data = Buffer.from(JSON.stringify([{ _key: `jb1-${type}`, data: "banana" }, { _key: `jb2-${type}`, data: "peach" }, { _key: `jb3-${type}`, data: "apricot" }]));
          assert.deepEqual(await collection.import(data, { type }), ok3);
        });
      });
    }
  });
});
