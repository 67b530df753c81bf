// Replay of arangojs's src/test/99-load-balancing.ts (arangojs 10.x) against Cairn.
// Test names keep upstream's describe/it titles; "[port variant]" and "[extra]" mark cases added here.
import { describe, it, before, after } from 'node:test';
import { expect } from 'chai';
import { Database } from 'arangojs/databases';
import { useCairn, config } from '../../helpers/arangojs-suite.js';

useCairn();

// Server-facing tests from suites that otherwise need newer arangojs (38: stepAsync) or a cluster (99)

describe("99-load-balancing: Single-server with follower (subset runnable on one server)", function () {
  let db: any;
  before(() => { db = new Database(config); });
  after(() => db.close());
  it("supports dirty read over multiple cursor batches", async () => {
    const cursor = await db.query("FOR i IN 1..2 RETURN i", {}, { allowDirtyRead: true, batchSize: 1 });
    expect(cursor.hasNext).to.equal(true);
    expect(await cursor.next()).to.equal(1);
    expect(cursor.hasNext).to.equal(true);
    expect(await cursor.next()).to.equal(2);
  });
});
