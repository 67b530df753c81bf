// Query tracking over HTTP (spec 3.3): GET/PUT /_api/query/properties, GET
// /_api/query/current and slow (?all), DELETE /_api/query/slow and /_api/query/<id>,
// every wrong path and method, and a cursor query killed by id end to end. Queries are
// begun on the server's own tracker (ManualClock) unless a real one is needed. Status
// and whole body are asserted.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { BeginInfo, QueryTracker, TrackedQuery } from '../../src/aql/tracker.js';
import { ManualClock } from '../../src/util/clock.js';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const OK = { error: false, code: 200 };
const DEFAULTS = { enabled: true, trackSlowQueries: true, trackBindVars: true, maxSlowQueries: 64, slowQueryThreshold: 10, slowStreamingQueryThreshold: 10, maxQueryStringLength: 4096 };

describe('/_api/query tracking', () => {
  let s: TestServer;
  let tracker: QueryTracker;
  const clock = new ManualClock();
  const open: TrackedQuery[] = [];
  /** The manual clock's time when the current test began, as ArangoDB prints `started`. */
  let testStarted = '';

  before(async () => {
    s = await startServer([], { clock });
    tracker = s.server.services.queries;
    assert.equal((await s.request({ method: 'POST', url: '/_api/database', body: { name: 'other' } })).statusCode, 201);
  });
  beforeEach(() => {
    clock.advance(1000 - (clock.now() % 1000)); // to a whole second: `started` has no fraction
    testStarted = new Date(clock.now()).toISOString().replace('.000Z', 'Z');
  });
  afterEach(() => {
    for (const q of open.splice(0)) q.finish();
    tracker.setProperties(DEFAULTS);
    tracker.clearSlow('_system', { all: true });
  });
  after(async () => {
    assert.deepEqual(tracker.current('_system', { all: true }), [], 'a query is still tracked');
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody });
    return { status: res.statusCode, body: res.body === '' ? '' : bodyOf(res) };
  }

  function begin(over: Partial<BeginInfo> = {}): TrackedQuery {
    const q = tracker.begin({ database: '_system', user: 'root', query: 'RETURN 1', bindVars: {}, stream: false, ...over });
    open.push(q);
    return q;
  }

  /** The entry ArangoDB shows for `q`, begun by begin() defaults with `over`, in this test. */
  function entry(q: TrackedQuery, over: Record<string, unknown> = {}) {
    return { id: q.id, database: '_system', user: 'root', query: 'RETURN 1', bindVars: {}, started: testStarted, runTime: 0, peakMemoryUsage: 0, state: 'executing', stream: false, modificationQuery: false, warnings: 0, ...over };
  }

  it('reads the tracking properties with their defaults', async () => {
    assert.deepEqual(await call('GET', '/_api/query/properties'), { status: 200, body: { ...OK, ...DEFAULTS } });
  });

  it('changes any subset of the properties, ignoring wrong types and flooring maxQueryStringLength at 64', async () => {
    const r = await call('PUT', '/_api/query/properties', { slowQueryThreshold: 0.5, maxQueryStringLength: 12, enabled: 'yes', maxSlowQueries: 2.5 });
    const expected = { ...OK, ...DEFAULTS, slowQueryThreshold: 0.5, maxQueryStringLength: 64 };
    assert.deepEqual(r, { status: 200, body: expected });
    assert.deepEqual(await call('GET', '/_api/query/properties'), { status: 200, body: expected });
  });

  const PUT_ERRORS: [string, string, unknown, string | undefined, number, unknown][] = [
    ['another path', '/_api/query/current', {}, undefined, 400, err(400, 400, 'expecting PUT /_api/query/properties')],
    ['no path', '/_api/query', {}, undefined, 400, err(400, 400, 'expecting PUT /_api/query/properties')],
    ['a longer path', '/_api/query/properties/x', {}, undefined, 400, err(400, 400, 'expecting PUT /_api/query/properties')],
    ['a body that is not an object', '/_api/query/properties', [1], undefined, 400, err(400, 400, 'expecting a JSON object as body')],
    ['no body', '/_api/query/properties', undefined, undefined, 400, err(400, 400, 'expecting a JSON object as body')],
  ];
  for (const [name, url, body, raw, status, expected] of PUT_ERRORS) {
    it(`refuses PUT with ${name}`, async () => {
      assert.deepEqual(await call('PUT', url, body, raw), { status, body: expected });
    });
  }

  it('refuses PUT with unparseable JSON with 400/600', async () => {
    const r = await call('PUT', '/_api/query/properties', undefined, '{nope');
    assert.equal(r.status, 400);
    assert.equal((r.body as { errorNum: number }).errorNum, 600);
  });

  it('lists the running queries of the database addressed', async () => {
    assert.deepEqual(await call('GET', '/_api/query/current'), { status: 200, body: [] });
    const q = begin({ query: 'FOR i IN 1..@n RETURN i', bindVars: { n: 2 }, modification: true });
    const o = begin({ database: 'other' });
    clock.advance(250);
    assert.deepEqual(await call('GET', '/_api/query/current'), {
      status: 200,
      body: [entry(q, { query: 'FOR i IN 1..@n RETURN i', bindVars: { n: 2 }, modificationQuery: true, runTime: 0.25 })],
    });
    assert.deepEqual(await call('GET', '/_db/other/_api/query/current'), { status: 200, body: [entry(o, { database: 'other', runTime: 0.25 })] });
  });

  it('lists the running queries of every database with all=true in _system', async () => {
    const q = begin();
    const o = begin({ database: 'other', stream: true });
    assert.deepEqual(await call('GET', '/_api/query/current?all=true'), { status: 200, body: [entry(q), entry(o, { database: 'other', stream: true })] });
  });

  it('lists nothing while tracking is disabled', async () => {
    await call('PUT', '/_api/query/properties', { enabled: false });
    begin();
    assert.deepEqual(await call('GET', '/_api/query/current'), { status: 200, body: [] });
  });

  const ALL_OUTSIDE_SYSTEM: [string, string][] = [
    ['GET', '/_db/other/_api/query/current?all=true'],
    ['GET', '/_db/other/_api/query/slow?all=true'],
    ['DELETE', '/_db/other/_api/query/slow?all=true'],
    ['DELETE', '/_db/other/_api/query/1?all=true'],
  ];
  for (const [method, url] of ALL_OUTSIDE_SYSTEM) {
    it(`refuses ${method} ${url} outside _system with 403/1230`, async () => {
      assert.deepEqual(await call(method, url), { status: 403, body: err(403, 1230, 'operation only allowed in system database') });
    });
  }

  it('lists finished queries over the threshold as slow, with exit codes, and clears them', async () => {
    await call('PUT', '/_api/query/properties', { slowQueryThreshold: 1 });
    const fast = begin();
    const slow = begin({ query: 'RETURN 2' });
    const failed = begin({ query: 'RETURN 3' });
    fast.finish();
    clock.advance(1000);
    slow.finish();
    failed.finish({ errorNum: 1562, warnings: 1 });
    assert.deepEqual(await call('GET', '/_api/query/slow'), {
      status: 200,
      body: [
        entry(slow, { query: 'RETURN 2', runTime: 1, state: 'finished', exitCode: 0 }),
        entry(failed, { query: 'RETURN 3', runTime: 1, state: 'finished', exitCode: 1562, warnings: 1 }),
      ],
    });
    assert.deepEqual(await call('GET', '/_db/other/_api/query/slow'), { status: 200, body: [] });
    assert.equal((await call('GET', '/_api/query/slow?all=true')).body.length, 2);
    assert.deepEqual(await call('DELETE', '/_api/query/slow'), { status: 200, body: OK });
    assert.deepEqual(await call('GET', '/_api/query/slow'), { status: 200, body: [] });
  });

  it('truncates query strings to maxQueryStringLength bytes', async () => {
    await call('PUT', '/_api/query/properties', { maxQueryStringLength: 64 });
    const query = 'FOR x IN 1..1 LET y = SLEEP(0.2) LET a = y LET b = a LET c = b LET d = c LET e = d LET f = e RETURN  f';
    const q = begin({ query });
    assert.deepEqual(await call('GET', '/_api/query/current'), {
      status: 200,
      body: [entry(q, { query: 'FOR x IN 1..1 LET y = SLEEP(0.2) LET a = y LET b = a LET c = b L... (38)' })],
    });
  });

  it('kills a running query by id: its onKill handler runs and it is listed as killed', async () => {
    const q = begin();
    let killed = 0;
    q.onKill(() => killed++);
    assert.deepEqual(await call('DELETE', `/_api/query/${q.id}`), { status: 200, body: OK });
    assert.equal(killed, 1);
    assert.deepEqual(await call('GET', '/_api/query/current'), { status: 200, body: [entry(q, { state: 'killed' })] });
  });

  it('kills a query of another database only with all=true from _system', async () => {
    const o = begin({ database: 'other' });
    let killed = 0;
    o.onKill(() => killed++);
    assert.deepEqual(await call('DELETE', `/_api/query/${o.id}`), { status: 404, body: err(404, 1591, 'query ID not found in query list') });
    assert.equal(killed, 0);
    assert.deepEqual(await call('DELETE', `/_api/query/${o.id}?all=true`), { status: 200, body: OK });
    assert.equal(killed, 1);
  });

  const KILL_MISSES = ['999999', 'abc'];
  for (const id of KILL_MISSES) {
    it(`answers DELETE /_api/query/${id} with 404/1591`, async () => {
      assert.deepEqual(await call('DELETE', `/_api/query/${id}`), { status: 404, body: err(404, 1591, 'query ID not found in query list') });
    });
  }

  const ROUTING_ERRORS: [string, string, number, unknown][] = [
    ['GET', '/_api/query', 400, err(400, 400, 'expecting GET /_api/query/<type>')],
    ['GET', '/_api/query/a/b', 400, err(400, 400, 'expecting GET /_api/query/<type>')],
    ['GET', '/_api/query/foo', 404, err(404, 404, "unknown type 'foo', expecting 'slow', 'current', or 'properties'")],
    ['DELETE', '/_api/query', 400, err(400, 400, 'expecting DELETE /_api/query/<id> or /_api/query/slow')],
    ['DELETE', '/_api/query/slow/x', 400, err(400, 400, 'expecting DELETE /_api/query/<id> or /_api/query/slow')],
    ['PATCH', '/_api/query', 501, err(501, 9, "'ILLEGAL /_api/query' not implemented")],
    ['PATCH', '/_api/query/properties', 501, err(501, 9, "'ILLEGAL /_api/query' not implemented")],
    ['POST', '/_api/query/current', 400, err(400, 400, 'expecting POST /_api/query')],
  ];
  for (const [method, url, status, expected] of ROUTING_ERRORS) {
    it(`answers ${method} ${url} as ArangoDB does`, async () => {
      assert.deepEqual(await call(method, url), { status, body: expected });
    });
  }

  it('answers HEAD /_api/query/current with 501 and no body', async () => {
    const res = await s.request({ method: 'HEAD', url: '/_api/query/current' });
    assert.equal(res.statusCode, 501);
    assert.equal(res.body, '');
  });

  it('kills a cursor query found in the current list; its request fails with 410/1500 and it is listed as slow', async () => {
    await call('PUT', '/_api/query/properties', { slowQueryThreshold: 0 });
    const query = 'RETURN SLEEP(5)';
    const pending = s.request({ method: 'POST', url: '/_api/cursor', body: { query } });
    let listed: { id: string }[] = [];
    for (let tries = 0; tries < 200 && listed.length === 0; tries++) {
      listed = (await call('GET', '/_api/query/current')).body as { id: string }[];
      if (listed.length === 0) await delay(5);
    }
    assert.equal(listed.length, 1, 'the cursor query never showed up in the current list');
    const id = listed[0]!.id;
    assert.deepEqual(listed, [{ ...entry({ id } as TrackedQuery), query }]);
    assert.deepEqual(await call('DELETE', `/_api/query/${id}`), { status: 200, body: OK });
    const res = await pending;
    assert.deepEqual({ status: res.statusCode, body: bodyOf(res) }, { status: 410, body: err(410, 1500, 'AQL: query killed (while executing)') });
    assert.deepEqual(await call('GET', '/_api/query/current'), { status: 200, body: [] });
    assert.deepEqual(await call('GET', '/_api/query/slow'), { status: 200, body: [{ ...entry({ id } as TrackedQuery), query, state: 'killed', exitCode: 1500 }] });
  });
});
