// Responsiveness: while four clients each run a heavy query in a real server process (a
// full SORT, a SLEEP loop, a nested loop that filters everything away, and a stream
// cursor over an expensive computation), a fifth client's GET /_api/version is answered
// while all four are still running. This is an ordering test, not a timing test: it checks
// that the answer arrives before any heavy query ended (they are killed afterwards), so
// it holds on a slow or loaded machine too. The latency itself is measured by
// `npm run bench` (bench/run.mjs, section "responsive").
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, ChildTracker, spawnServer, tempDir } from '../helpers/server.js';

const tracker = new ChildTracker();
const HEAVY = [
  'FOR i IN 1..3000000 LET r = RAND() SORT r LIMIT 2, 1 RETURN i',
  'FOR i IN 1..600 LET s = SLEEP(0.05) RETURN i',
  'FOR i IN 1..5000 FOR j IN 1..5000 FILTER i * j < 0 RETURN [i, j]',
];
const STREAM = 'FOR i IN 1..20000000 LET h = SHA512(TO_STRING(i)) FILTER h == "none" RETURN h';


describe('responsiveness under heavy queries', () => {
  afterEach(() => tracker.cleanup());
  after(() => tracker.removeDirs());

  it('answers GET /_api/version while four heavy queries are still running', async () => {
    const dir = tempDir();
    tracker.dirs.push(dir);
    const child = await spawnServer(['--data-dir', dir]);
    tracker.children.push(child.proc);
    const base = child.url;

    const ended: string[] = [];
    const heavy = HEAVY.map((query) =>
      api(base, 'POST', '/_api/cursor', { query }).then((r) => {
        ended.push(query);
        return r;
      }),
    );
    // The stream cursor's first batch never fills (its filter drops every row), so its
    // creating request runs until it is killed.
    const stream = api(base, 'POST', '/_api/cursor', { query: STREAM, stream: true, batchSize: 10 }).then((r) => {
      ended.push(STREAM);
      return r;
    });

    // Wait until all four are listed as running.
    let running: { id: string; query: string; stream: boolean }[] = [];
    for (let i = 0; i < 500 && running.length < 4; i++) {
      running = (await api(base, 'GET', '/_api/query/current')).body;
      if (running.length < 4) await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(running.length, 4, 'all four heavy queries run');
    assert.deepEqual(running.filter((q) => q.stream).map((q) => q.query), [STREAM]);

    const version = await api(base, 'GET', '/_api/version');
    assert.equal(version.status, 200);
    assert.equal(version.body.server, 'arango');
    assert.deepEqual(ended, [], 'every heavy query was still running when the version was answered');
    const stillRunning = (await api(base, 'GET', '/_api/query/current')).body as { id: string }[];
    assert.equal(stillRunning.length, 4);

    // End them: kill each; each request fails with 410/1500 `query killed`.
    for (const q of stillRunning) assert.equal((await api(base, 'DELETE', `/_api/query/${q.id}`)).status, 200);
    for (const r of await Promise.all([...heavy, stream])) assert.deepEqual([r.status, r.body.errorNum], [410, 1500]);
  });
});
