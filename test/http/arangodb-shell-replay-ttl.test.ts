// Cases of ArangoDB's tests/js/common/shell/multi/shell-ttl.js replayed over HTTP as
// arangosh's internal.ttlProperties() and ttlStatistics() send them (PUT/GET
// /_api/ttl/properties, GET /_api/ttl/statistics). Inputs and expected answers are
// upstream's, restated in Cairn's words; upstream's lowered frequencies need a failure
// point, so the runs are driven through the sweeper here.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callJson, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

const call = (method: string, url: string, body?: unknown) => callJson(s, method, url, body);
const props = async () => (await call('GET', '/_api/ttl/properties')).body.result;

describe('shell-ttl.js: TtlSuite', () => {
  let initial: any;
  before(async () => {
    initial = await props();
  });
  beforeEach(async () => {
    assert.equal((await call('PUT', '/_api/ttl/properties', initial)).status, 200);
  });

  it('testSetProperties: each value either applies or is refused with 10 and changes nothing', async () => {
    const values: [Record<string, unknown>, boolean][] = [
      [{ active: null }, false],
      [{ active: 'foo' }, false],
      [{ active: 404 }, false],
      [{ active: false }, true],
      [{ active: true }, true],
      [{ frequency: 'foobar' }, false],
      [{ frequency: null }, false],
      [{ frequency: 1000 }, true],
      [{ frequency: 100000 }, true],
      [{ maxCollectionRemoves: true }, false],
      [{ maxCollectionRemoves: '1000' }, false],
      [{ maxCollectionRemoves: 1000 }, true],
      [{ maxCollectionRemoves: 100000 }, true],
      [{ maxTotalRemoves: true }, false],
      [{ maxTotalRemoves: '5000' }, false],
      [{ maxTotalRemoves: 100 }, true],
      [{ maxTotalRemoves: 5000 }, true],
      [{ maxTotalRemoves: 500000 }, true],
    ];
    for (const [value, accepted] of values) {
      const before = await props();
      const r = await call('PUT', '/_api/ttl/properties', value);
      const [k] = Object.keys(value) as [string];
      if (accepted) {
        assert.equal(r.status, 200, JSON.stringify(value));
        assert.equal(r.body.result[k], value[k]);
        assert.equal((await props())[k], value[k]);
      } else {
        assert.equal(r.status, 400, JSON.stringify(value));
        assert.equal(r.body.errorNum, 10);
        assert.deepEqual(await props(), before, JSON.stringify(value));
      }
    }
  });

  it("a non-boolean active is refused with ArangoDB's message, before the other attributes", async () => {
    const r = await call('PUT', '/_api/ttl/properties', { active: 1, frequency: 'x' });
    assert.deepEqual(r.body, { error: true, code: 400, errorNum: 10, errorMessage: 'active flag should be a boolean value' });
  });

  it('a refused attribute leaves active as it was', async () => {
    const r = await call('PUT', '/_api/ttl/properties', { active: false, frequency: 'x' });
    assert.equal(r.status, 400);
    assert.equal((await props()).active, true);
  });

  it('testInactive: runs of an inactive sweeper do nothing, not even count; testActive: they count again', async () => {
    const sweeper = s.server.services.ttl;
    assert.equal((await call('PUT', '/_api/ttl/properties', { active: false })).body.result.active, false);
    const runs = (await call('GET', '/_api/ttl/statistics')).body.result.runs;
    await sweeper.runOnce();
    assert.equal((await call('GET', '/_api/ttl/statistics')).body.result.runs, runs);
    assert.equal((await call('PUT', '/_api/ttl/properties', { active: true, frequency: 1000 })).body.result.active, true);
    await sweeper.runOnce();
    assert.equal((await call('GET', '/_api/ttl/statistics')).body.result.runs, runs + 1);
  });

  it('testRemovalsAllNumeric (inactive part): an inactive sweeper removes nothing', async () => {
    await call('POST', '/_api/collection', { name: 'UnitTestsTtl' });
    await call('POST', '/_api/index?collection=UnitTestsTtl', { type: 'ttl', fields: ['dateCreated'], expireAfter: 1 });
    await call('POST', '/_api/document/UnitTestsTtl', [{ dateCreated: 1 }, { dateCreated: 2 }]);
    await call('PUT', '/_api/ttl/properties', { active: false });
    await s.server.services.ttl.runOnce();
    assert.equal((await call('GET', '/_api/collection/UnitTestsTtl/count')).body.count, 2);
    await call('PUT', '/_api/ttl/properties', { active: true });
    await s.server.services.ttl.runOnce();
    assert.equal((await call('GET', '/_api/collection/UnitTestsTtl/count')).body.count, 0);
  });
});
