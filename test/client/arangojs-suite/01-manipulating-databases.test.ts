// Replay of arangojs's src/test/01-manipulating-databases.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { ArangoError } from 'arangojs/errors';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Port of arangojs src/test/01-manipulating-databases.ts (v10 API). Upstream has no user-permission tests here
// (only pending "adds the given users to the database" / "listUserDatabases"): kept pending as upstream;
// users and permissions are covered by test/client/arangojs-users.test.ts.

describe("01-manipulating-databases: Manipulating databases", function () {
  let system: any;
  beforeEach(async () => { system = new Database(config); });
  afterEach(async () => { system.close(); });
  describe("database.createDatabase", () => {
    const name = `testdb_${Date.now()}`;
    let db: any;
    afterEach(async () => { await system.dropDatabase(name); });
    it("creates a database with the given name", async () => {
      db = await system.createDatabase(name);
      const info = await db.get();
      expect(info.name).to.equal(name);
    });
    it("adds the given users to the database", { skip: "pending upstream (no test body)" }, () => {});
  });
  describe("database.get", () => {
    const name = `testdb_${Date.now()}`;
    let db: any;
    before(async () => { const s = new Database(config); db = await s.createDatabase(name); });
    after(async () => { const s = new Database(config); await s.dropDatabase(name); s.close(); });
    it("fetches the database description if the database exists", async () => {
      const info = await db.get();
      expect(info.name).to.equal(db.name);
      expect(db.name).to.equal(name);
    });
    it("fails if the database does not exist", async () => {
      db = system.database("__does_not_exist__");
      try { await db.get(); } catch (e: any) { expect(e).to.be.an.instanceof(ArangoError); return; }
      expect.fail("should not succeed");
    });
  });
  describe("database.listDatabases", () => {
    const name = `testdb_${Date.now()}`;
    before(async () => { const s = new Database(config); await s.createDatabase(name); s.close(); });
    after(async () => { const s = new Database(config); await s.dropDatabase(name); s.close(); });
    it("returns a list of all databases", async () => {
      const databases = await system.listDatabases();
      expect(databases).to.be.an.instanceof(Array);
      expect(databases.indexOf(name)).to.be.greaterThan(-1);
    });
  });
  describe("database.listUserDatabases", () => {
    it("returns a list of databases accessible to the active user", { skip: "pending upstream (no test body)" }, () => {});
  });
  describe("database.dropDatabase", () => {
    const name = `testdb_${Date.now()}`;
    let db: any;
    before(async () => { const s = new Database(config); db = await s.createDatabase(name); });
    after(async () => { const s = new Database(config); try { await s.dropDatabase(name); } catch {} s.close(); });
    it("deletes the given database from the server", async () => {
      await system.dropDatabase(name);
      try { await db.get(); } catch (e: any) { return; } finally { system.close(); }
      expect.fail("should not succeed");
    });
  });
});
