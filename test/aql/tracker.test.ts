// QueryTracker on a ManualClock: begin/finish and the current list, the slow list
// (thresholds, stream threshold, maxSlowQueries, killed and failed entries), query
// string truncation, kill by id per database, and properties validation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { QueryTracker, truncateQuery, type BeginInfo, type TrackedQuery } from '../../src/aql/tracker.js';
import { ManualClock } from '../../src/util/clock.js';

const info = (over: Partial<BeginInfo> = {}): BeginInfo => ({ database: '_system', user: 'root', query: 'RETURN 1', bindVars: {}, stream: false, ...over });

function setup(props: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const tracker = new QueryTracker(clock);
  tracker.setProperties(props);
  return { clock, tracker };
}

/** The error `fn` throws, asserted to be an ArangoError. */
/** The reasons `q`'s onKill handler is called with, from now on. */
function kills(q: TrackedQuery): ArangoError[] {
  const got: ArangoError[] = [];
  q.onKill((reason) => got.push(reason));
  return got;
}

function thrown(fn: () => void): ArangoError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ArangoError);
    return e;
  }
  assert.fail('expected an ArangoError');
}

describe('QueryTracker', () => {
  it('lists a running query with every field ArangoDB shows, and forgets it on finish', () => {
    const { clock, tracker } = setup();
    const q = tracker.begin(info({ query: 'FOR x IN 1..@n RETURN x', bindVars: { n: 3 }, modification: true }));
    clock.advance(1500); // ManualClock starts at 2023-11-14T22:13:20Z
    assert.deepEqual(tracker.current('_system'), [
      {
        id: q.id,
        database: '_system',
        user: 'root',
        query: 'FOR x IN 1..@n RETURN x',
        bindVars: { n: 3 },
        started: '2023-11-14T22:13:20Z',
        runTime: 1.5,
        peakMemoryUsage: 0,
        state: 'executing',
        stream: false,
        modificationQuery: true,
        warnings: 0,
      },
    ]);
    q.setState('finalizing');
    assert.equal(tracker.current('_system')[0]!.state, 'finalizing');
    q.finish();
    assert.deepEqual(tracker.current('_system'), []);
    assert.deepEqual(tracker.slow('_system'), []);
  });

  it('hands out increasing decimal ids and lists queries in start order', () => {
    const { tracker } = setup();
    const ids = [tracker.begin(info()), tracker.begin(info()), tracker.begin(info())].map((q) => q.id);
    for (const id of ids) assert.match(id, /^[1-9][0-9]*$/);
    assert.ok(Number(ids[0]) < Number(ids[1]) && Number(ids[1]) < Number(ids[2]));
    assert.deepEqual(tracker.current('_system').map((e) => e.id), ids);
  });

  it('keeps databases apart unless all is asked for', () => {
    const { tracker } = setup({ slowQueryThreshold: 0 });
    const a = tracker.begin(info({ database: 'a' }));
    const b = tracker.begin(info({ database: 'b' }));
    assert.deepEqual(tracker.current('a').map((e) => e.id), [a.id]);
    assert.deepEqual(tracker.current('_system'), []);
    assert.deepEqual(tracker.current('_system', { all: true }).map((e) => e.id), [a.id, b.id]);
    a.finish();
    b.finish();
    assert.deepEqual(tracker.slow('b').map((e) => e.id), [b.id]);
    assert.deepEqual(tracker.slow('_system', { all: true }).map((e) => e.id), [a.id, b.id]);
    tracker.clearSlow('a');
    assert.deepEqual(tracker.slow('_system', { all: true }).map((e) => e.id), [b.id]);
    tracker.clearSlow('_system', { all: true });
    assert.deepEqual(tracker.slow('b'), []);
  });

  it('records a query that reached slowQueryThreshold as finished with exit code 0', () => {
    const { clock, tracker } = setup();
    const q = tracker.begin(info({ bindVars: { a: 1 } }));
    clock.advance(10_000);
    q.finish();
    assert.deepEqual(tracker.slow('_system'), [
      {
        id: q.id,
        database: '_system',
        user: 'root',
        query: 'RETURN 1',
        bindVars: { a: 1 },
        started: '2023-11-14T22:13:20Z',
        runTime: 10,
        peakMemoryUsage: 0,
        state: 'finished',
        stream: false,
        modificationQuery: false,
        warnings: 0,
        exitCode: 0,
      },
    ]);
  });

  const THRESHOLDS: { id: string; props: Record<string, unknown>; stream: boolean; ms: number; slow: boolean }[] = [
    { id: 'below-default', props: {}, stream: false, ms: 9_999, slow: false },
    { id: 'at-default', props: {}, stream: false, ms: 10_000, slow: true },
    { id: 'custom', props: { slowQueryThreshold: 0.5 }, stream: false, ms: 500, slow: true },
    { id: 'stream-uses-own', props: { slowQueryThreshold: 0.5 }, stream: true, ms: 500, slow: false },
    { id: 'stream-custom', props: { slowStreamingQueryThreshold: 0.2 }, stream: true, ms: 200, slow: true },
    { id: 'normal-ignores-stream', props: { slowStreamingQueryThreshold: 0.2 }, stream: false, ms: 200, slow: false },
    { id: 'zero-is-everything', props: { slowQueryThreshold: 0 }, stream: false, ms: 0, slow: true },
    { id: 'tracking-slow-off', props: { slowQueryThreshold: 0, trackSlowQueries: false }, stream: false, ms: 1000, slow: false },
  ];
  for (const c of THRESHOLDS) {
    it(`decides slowness by the right threshold (${c.id})`, () => {
      const { clock, tracker } = setup(c.props);
      const q = tracker.begin(info({ stream: c.stream }));
      clock.advance(c.ms);
      q.finish();
      assert.equal(tracker.slow('_system').length, c.slow ? 1 : 0);
    });
  }

  it('keeps at most maxSlowQueries slow entries, dropping the oldest', () => {
    const { tracker } = setup({ slowQueryThreshold: 0, maxSlowQueries: 2 });
    const ids = [1, 2, 3].map(() => {
      const q = tracker.begin(info());
      q.finish();
      return q.id;
    });
    assert.deepEqual(tracker.slow('_system').map((e) => e.id), ids.slice(1));
    tracker.setProperties({ maxSlowQueries: 1 });
    assert.deepEqual(tracker.slow('_system').map((e) => e.id), ids.slice(2));
    tracker.setProperties({ maxSlowQueries: 0 });
    assert.deepEqual(tracker.slow('_system'), []);
  });

  it('finish is idempotent and reports how the query ended', () => {
    const { tracker } = setup({ slowQueryThreshold: 0 });
    const q = tracker.begin(info());
    q.finish({ errorNum: 1562, warnings: 2 });
    q.finish();
    assert.equal(tracker.slow('_system').length, 1);
    const e = tracker.slow('_system')[0]!;
    assert.deepEqual([e.state, e.exitCode, e.warnings], ['finished', 1562, 2]);
  });

  it('kills a listed query: its onKill handler gets 1500, current shows it killed, slow records it', () => {
    const { clock, tracker } = setup({ slowQueryThreshold: 1 });
    const q = tracker.begin(info());
    const got = kills(q);
    tracker.kill('_system', q.id);
    assert.equal(got.length, 1);
    assert.ok(got[0] instanceof ArangoError);
    assert.deepEqual([got[0].errorNum, got[0].status, got[0].message], [1500, 410, 'query killed']);
    q.setState('finalizing');
    assert.equal(tracker.current('_system')[0]!.state, 'killed');
    clock.advance(2000);
    q.finish();
    const e = tracker.slow('_system')[0]!;
    assert.deepEqual([e.id, e.state, e.exitCode, e.runTime], [q.id, 'killed', 1500, 2]);
  });

  const KILL_MISSES: { id: string; database: string; qid?: string; finished?: boolean }[] = [
    { id: 'unknown id', database: '_system', qid: '999999' },
    { id: 'not a number', database: '_system', qid: 'abc' },
    { id: 'other database', database: 'other' },
    { id: 'finished query', database: '_system', finished: true },
  ];
  for (const c of KILL_MISSES) {
    it(`refuses to kill a query it does not list (${c.id}) with 404/1591`, () => {
      const { tracker } = setup();
      const q = tracker.begin(info());
      const got = kills(q);
      if (c.finished) q.finish();
      const e = thrown(() => tracker.kill(c.database, c.qid ?? q.id));
      assert.deepEqual([e.errorNum, e.status, e.message], [1591, 404, 'query ID not found in query list']);
      assert.equal(got.length, 0);
    });
  }

  it('accepts a second kill of a query still listed, as ArangoDB does (its handler runs once)', () => {
    const { tracker } = setup();
    const q = tracker.begin(info());
    const got = kills(q);
    tracker.kill('_system', q.id);
    tracker.kill('_system', q.id);
    assert.equal(got.length, 1);
  });

  it('calls a handler registered after the kill at once, and only the latest handler', () => {
    const { tracker } = setup();
    const q = tracker.begin(info());
    const replaced = kills(q);
    const first = kills(q);
    assert.deepEqual([replaced.length, first.length], [0, 0]);
    tracker.kill('_system', q.id);
    assert.deepEqual([replaced.length, first.length], [0, 1]);
    const late = kills(q);
    assert.equal(late.length, 1);
    assert.equal(late[0]!.errorNum, 1500);
  });

  it('kills in another database with all', () => {
    const { tracker } = setup();
    const q = tracker.begin(info({ database: 'other' }));
    const got = kills(q);
    tracker.kill('_system', q.id, { all: true });
    assert.equal(got.length, 1);
  });

  it('with tracking disabled, hands out working handles that are not listed and never slow', () => {
    const { clock, tracker } = setup({ enabled: false, slowQueryThreshold: 0 });
    const q = tracker.begin(info());
    const got = kills(q);
    assert.deepEqual(tracker.current('_system'), []);
    assert.equal(thrown(() => tracker.kill('_system', q.id)).errorNum, 1591);
    assert.equal(got.length, 0);
    clock.advance(1000);
    q.finish();
    assert.deepEqual(tracker.slow('_system'), []);
  });

  it('a query begun while tracking was on is still unlisted and recorded after tracking is turned off', () => {
    const { tracker } = setup({ slowQueryThreshold: 0 });
    const q = tracker.begin(info());
    tracker.setProperties({ enabled: false });
    assert.equal(tracker.current('_system').length, 1);
    q.finish();
    assert.deepEqual(tracker.current('_system'), []);
    assert.equal(tracker.slow('_system').length, 1);
  });

  it('shows bind variables only while trackBindVars is on', () => {
    const { tracker } = setup({ slowQueryThreshold: 0 });
    const q = tracker.begin(info({ bindVars: { x: [1, 2] } }));
    assert.deepEqual(tracker.current('_system')[0]!.bindVars, { x: [1, 2] });
    tracker.setProperties({ trackBindVars: false });
    assert.deepEqual(tracker.current('_system')[0]!.bindVars, {});
    q.finish();
    assert.deepEqual(tracker.slow('_system')[0]!.bindVars, {});
  });

  it('truncates query strings in both lists to maxQueryStringLength bytes', () => {
    const { tracker } = setup({ slowQueryThreshold: 0, maxQueryStringLength: 64 });
    const query = 'FOR x IN 1..1 LET y = SLEEP(0.2) LET a = y LET b = a LET c = b LET d = c LET e = d LET f = e RETURN  f'; // 102 bytes
    const q = tracker.begin(info({ query }));
    const expected = 'FOR x IN 1..1 LET y = SLEEP(0.2) LET a = y LET b = a LET c = b L... (38)';
    assert.equal(tracker.current('_system')[0]!.query, expected);
    q.finish();
    assert.equal(tracker.slow('_system')[0]!.query, expected);
  });

  const TRUNCATIONS: { id: string; query: string; max: number; out: string }[] = [
    { id: 'fits', query: 'RETURN 1', max: 8, out: 'RETURN 1' },
    { id: 'ascii', query: 'RETURN 12', max: 8, out: 'RETURN 1... (1)' },
    // 'ä' is 2 bytes: a cut inside it drops the whole character.
    { id: 'inside-2-byte', query: 'RETURN "ä"', max: 9, out: 'RETURN "... (3)' },
    // ArangoDB also drops a complete multi-byte character that ends right at the cut.
    { id: 'after-2-byte', query: 'RETURN "ä"', max: 10, out: 'RETURN "... (3)' },
    { id: 'inside-4-byte', query: 'x😀y', max: 3, out: 'x... (5)' },
  ];
  for (const c of TRUNCATIONS) {
    it(`cuts query strings UTF-8 safely (${c.id})`, () => {
      assert.equal(truncateQuery(c.query, c.max), c.out);
    });
  }

  it('starts with ArangoDB defaults', () => {
    assert.deepEqual(new QueryTracker().properties(), {
      enabled: true,
      trackSlowQueries: true,
      trackBindVars: true,
      maxSlowQueries: 64,
      slowQueryThreshold: 10,
      slowStreamingQueryThreshold: 10,
      maxQueryStringLength: 4096,
    });
  });

  const PROPS: { id: string; patch: Record<string, unknown>; changed: Record<string, unknown> }[] = [
    { id: 'all-valid', patch: { enabled: false, trackSlowQueries: false, trackBindVars: false, maxSlowQueries: 5, slowQueryThreshold: 0.25, slowStreamingQueryThreshold: 3, maxQueryStringLength: 100 }, changed: { enabled: false, trackSlowQueries: false, trackBindVars: false, maxSlowQueries: 5, slowQueryThreshold: 0.25, slowStreamingQueryThreshold: 3, maxQueryStringLength: 100 } },
    { id: 'wrong-types-ignored', patch: { enabled: 'no', trackSlowQueries: 0, trackBindVars: null, maxSlowQueries: '5', slowQueryThreshold: '1', slowStreamingQueryThreshold: true, maxQueryStringLength: [] }, changed: {} },
    { id: 'non-integers-ignored', patch: { maxSlowQueries: 2.5, maxQueryStringLength: 100.5 }, changed: {} },
    { id: 'negative-counts-ignored', patch: { maxSlowQueries: -1, maxQueryStringLength: -5 }, changed: {} },
    { id: 'string-length-floor', patch: { maxQueryStringLength: 12 }, changed: { maxQueryStringLength: 64 } },
    { id: 'string-length-ceiling', patch: { maxQueryStringLength: 9_000_000 }, changed: { maxQueryStringLength: 8_388_608 } },
    { id: 'slow-count-ceiling', patch: { maxSlowQueries: 20_000 }, changed: { maxSlowQueries: 16_384 } },
    { id: 'negative-thresholds', patch: { slowQueryThreshold: -1, slowStreamingQueryThreshold: -0.5 }, changed: { slowQueryThreshold: 0, slowStreamingQueryThreshold: 0 } },
    { id: 'unknown-attributes', patch: { foo: 1 }, changed: {} },
  ];
  for (const c of PROPS) {
    it(`validates properties as ArangoDB does (${c.id})`, () => {
      const t = new QueryTracker();
      const expected = { ...t.properties(), ...c.changed };
      assert.deepEqual(t.setProperties(c.patch), expected);
      assert.deepEqual(t.properties(), expected);
    });
  }
});
