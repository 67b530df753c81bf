// `npm run bench`: Cairn against its ceilings and its peers, in one run (issue 7).
//
//   node bench/run.mjs [--docs N] [--rounds R] [--quick] [--no-install] [--only a,b]
//
// Generates a seeded data set, loads it into a Cairn server process through its own API,
// and measures, each against a baseline taken in the same run (alternating the two sides,
// median of R rounds):
//   http        GET /_api/version and a document GET vs a bare node:http server (same bytes)
//   cursor      draining FOR d IN c RETURN d over HTTP vs reading + JSON-encoding the
//               same documents straight from LMDB in-process (the ceiling)
//   aql         six queries without and with persistent indexes vs better-sqlite3
//   (both)      also vs the HTTP floor: Cairn's own responses answered as they are by a
//               bare node:http server, through the same client (transport and parse)
//   jobs        (issue 6) x-arango-async store round trips vs the same requests made
//               synchronously, and vs BullMQ when redis-server is on the PATH
//   responsive  p99 of GET /_api/version while four heavy queries run vs idle
//   memory      peak RSS of a server while a stream cursor drains 1,000,000 documents
// Writes bench/results/<timestamp>.json and rewrites BENCHMARKS.md. Peers that are not
// installed (bench/node_modules) are skipped with a note; Cairn's own figures are always
// produced. `--quick` uses tiny sizes (the test in npm test runs it with --no-install).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AUTH, api, startBare, startCairn } from './lib/procs.mjs';
import { load, loadTool } from './lib/load.mjs';
import { httpClient } from './lib/client.mjs';
import { generate } from './lib/data.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    docs: { type: 'string' },
    rounds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const QUICK = args.quick;
const N = Number(args.docs ?? (QUICK ? 2000 : 100000));
const ROUNDS = Number(args.rounds ?? (QUICK ? 1 : 5));
const HTTP_SECONDS = QUICK ? 1 : 4; // wrk takes whole seconds
const STREAM_DOCS = QUICK ? 20000 : 1000000;
const only = args.only ? new Set(args.only.split(',')) : undefined;
const want = (s) => !only || only.has(s);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error(...a);

if (!args['no-install'] && !existsSync(join(HERE, 'node_modules'))) {
  log('installing bench dependencies (bench/package.json; better-sqlite3 compiles for a few minutes the first time)...');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: 'inherit' });
}

/** One line of the results table. */
const rows = [];
const notes = [];
function record(bench, metric, cairn, baseline, baselineName, { higherIsBetter = true, target, targetText } = {}) {
  const ratio = baseline ? cairn / baseline : undefined;
  const met = target === undefined ? undefined : target(cairn, ratio);
  rows.push({ bench, metric, cairn, baseline, baselineName, ratio, higherIsBetter, target: targetText, met });
  log(`  ${bench} ${metric}: cairn ${fmt(cairn)}${baseline !== undefined ? `, ${baselineName} ${fmt(baseline)}, ratio ${ratio.toFixed(2)}x` : ''}${met === undefined ? '' : met ? ' (target met)' : ' (TARGET MISSED)'}`);
}
const fmt = (v) => (v === undefined ? '-' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

async function optional(name) {
  try {
    return (await import(name)).default;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- setup: data and load
const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
const cairn = await startCairn(dir);
const U = N;
const O = Math.max(1, Math.floor(N / 10));
log(`Cairn at ${cairn.url}, data in ${dir}; ${U} users, ${O} orders, ${ROUNDS} round(s)`);
await api(cairn.url, 'POST', '/_api/collection', { name: 'users' });
await api(cairn.url, 'POST', '/_api/collection', { name: 'orders' });
const users = [...generate('users', U)];
const orders = [...generate('orders', O, U)];
{
  const t0 = performance.now();
  const cpu0 = cairn.cpuMs();
  for (let i = 0; i < users.length; i += 1000) {
    const r = await api(cairn.url, 'POST', '/_api/document/users', users.slice(i, i + 1000));
    if (r.status !== 202 && r.status !== 201) throw new Error('import failed: ' + r.status);
  }
  const secs = (performance.now() - t0) / 1000;
  for (let i = 0; i < orders.length; i += 1000) await api(cairn.url, 'POST', '/_api/document/orders', orders.slice(i, i + 1000));
  record('load', 'import, docs/s (POST /_api/document, 1,000 per request)', U / secs, undefined, undefined);
  record('load', 'import, server CPU us/doc', ((cairn.cpuMs() - cpu0) * 1000) / U, undefined, undefined);
}

// ---------------------------------------------------------------- 1. HTTP
if (want('http')) {
  log('1. HTTP');
  const tool = await loadTool();
  notes.push(`HTTP load generator: ${tool}${tool === 'wrk' ? ' (1 thread)' : ''}, 50 keep-alive connections, ${HTTP_SECONDS} s per run.`);
  const paths = { '/_api/version': '/_api/version', '/_api/document/users/u1': '/_api/document/users/u1' };
  const routes = {};
  for (const p of Object.keys(paths)) {
    const res = await fetch(cairn.url + p, { headers: { authorization: 'Basic ' + Buffer.from('root:').toString('base64') } });
    const body = await res.text();
    const headers = {};
    // every header Cairn sends but those node:http writes itself (the same bytes)
    for (const [h, v] of res.headers) if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(h)) headers[h] = v;
    routes[p] = { status: res.status, headers, body };
  }
  const bare = await startBare(routes);
  for (const p of Object.keys(paths)) {
    const c = [];
    const b = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [side, srv, out] of [['cairn', cairn, c], ['bare', bare, b]]) {
        const cpu0 = srv.cpuMs();
        const res = await load(tool, srv.url + p, { seconds: HTTP_SECONDS });
        out.push({ ...res, cpuUs: ((srv.cpuMs() - cpu0) * 1000) / res.requests });
        void side;
      }
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    record('http', `GET ${p} req/s`, m(c, 'rps'), m(b, 'rps'), 'node:http', { target: (_v, ratio) => ratio >= 0.9, targetText: '>= 0.9x (P1)' });
    record('http', `GET ${p} p50 ms`, m(c, 'p50'), m(b, 'p50'), 'node:http', { higherIsBetter: false });
    record('http', `GET ${p} p99 ms`, m(c, 'p99'), m(b, 'p99'), 'node:http', { higherIsBetter: false });
    record('http', `GET ${p} server CPU us/request`, m(c, 'cpuUs'), m(b, 'cpuUs'), 'node:http', { higherIsBetter: false });
  }
  await bare.stop();
}

// ---------------------------------------------------------------- 2. cursor drain
if (want('cursor')) {
  log('2. cursor drain');
  const { open } = await import('lmdb');
  const env = open({ path: dir, readOnly: true });
  const docsDb = env.openDB({ name: 'docs', encoding: 'msgpack', sharedStructuresKey: Symbol.for('structures') });
  // The client parses every batch (as arangojs does); the time that takes is inside the
  // drain, and is also reported apart (parseMs) because the ceiling has no such step. The
  // HTTP client is undici's Pool when installed: fetch() adds 1-1.5 ms of client CPU to
  // each of the 100 requests, a quarter of the drain.
  const drainClient = await httpClient(cairn.url, 1);
  /** Drains the cursor through `client`; with `capture`, records each response by path. */
  const drain = async (client, capture) => {
    let parseMs = 0;
    const call = async (method, path, body) => {
      const res = await client.request({ method, path, headers: { authorization: AUTH, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      const text = res.text;
      if (capture) (capture[path] ??= []).push({ status: res.status, headers: { 'content-type': res.header('content-type') }, body: text });
      const p0 = performance.now();
      const parsed = JSON.parse(text);
      parseMs += performance.now() - p0;
      return parsed;
    };
    const t0 = performance.now();
    let r = await call('POST', '/_api/cursor', { query: 'FOR d IN users RETURN d', batchSize: 1000 });
    let n = r.result.length;
    while (r.hasMore) {
      r = await call('PUT', `/_api/cursor/${r.id}`);
      n += r.result.length;
    }
    if (n !== U) throw new Error(`drained ${n} of ${U}`);
    const ms = performance.now() - t0;
    return { rate: n / (ms / 1000), rateNoParse: n / ((ms - parseMs) / 1000) };
  };
  const ceiling = () => {
    const t0 = performance.now();
    let batch = [];
    let n = 0;
    let bytes = 0;
    for (const { value } of docsDb.getRange({})) {
      batch.push(value);
      n++;
      if (batch.length === 1000) {
        bytes += JSON.stringify(batch).length;
        batch = [];
      }
    }
    bytes += JSON.stringify(batch).length;
    return n / ((performance.now() - t0) / 1000);
  };
  const c = [];
  const b = [];
  const f = [];
  // one unmeasured round each first (steady state, as for the AQL queries); it also
  // records Cairn's responses, which a bare node:http server then answers as they are:
  // the floor of any server's drain through HTTP and this client (transport and parse)
  const captured = {};
  await drain(drainClient, captured);
  ceiling();
  const bare = await startBare(captured);
  const bareClient = await httpClient(bare.url, 1);
  await drain(bareClient);
  for (let r = 0; r < ROUNDS; r++) {
    c.push(await drain(drainClient));
    b.push(ceiling());
    f.push(await drain(bareClient));
  }
  await drainClient.close();
  await bareClient.close();
  await bare.stop();
  notes.push(`Cursor drain: the client is ${drainClient.kind}; one unmeasured round on both sides first.`);
  record('cursor', 'drain FOR d IN users RETURN d, docs/s (batchSize 1000, HTTP)', median(c.map((x) => x.rate)), median(b), 'lmdb read + JSON in-process', {
    target: (_v, ratio) => ratio >= 0.5,
    targetText: '>= 0.5x (P2)',
  });
  record('cursor', "the same drain without the client's JSON.parse of each batch, docs/s", median(c.map((x) => x.rateNoParse)), median(b), 'lmdb read + JSON in-process');
  record('cursor', 'the same drain vs the same responses from a bare node:http server, docs/s', median(c.map((x) => x.rate)), median(f.map((x) => x.rate)), 'bare node:http, same bytes');
  env.close();
}

// ---------------------------------------------------------------- 3. AQL vs SQLite
if (want('aql')) {
  log('3. AQL');
  const Database = await optional('better-sqlite3');
  let sqlite;
  try {
    if (Database) sqlite = new Database(join(dir, 'sqlite.db'));
  } catch (e) {
    notes.push(`better-sqlite3 did not load (${String(e.message).split('\n')[0]}): the AQL baselines were skipped.`);
  }
  if (sqlite) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('CREATE TABLE users (key TEXT PRIMARY KEY, doc TEXT NOT NULL); CREATE TABLE orders (key TEXT PRIMARY KEY, doc TEXT NOT NULL)');
    const insert = (t) => sqlite.prepare(`INSERT INTO ${t} VALUES (?, ?)`);
    const many = sqlite.transaction((stmt, docs) => {
      for (const d of docs) stmt.run(d._key, JSON.stringify(d));
    });
    many(insert('users'), users);
    many(insert('orders'), orders);
  } else if (!Database) notes.push('better-sqlite3 is not installed (bench/node_modules): the AQL baselines were skipped.');
  const J = (t, f) => `json_extract(${t}.doc, '$.${f}')`;
  const QUERIES = [
    ['equality filter', 'FOR d IN users FILTER d.city == "city-7" RETURN d', `SELECT doc FROM users WHERE ${J('users', 'city')} = 'city-7'`],
    ['range filter', 'FOR d IN users FILTER d.age >= 30 && d.age < 32 RETURN d', `SELECT doc FROM users WHERE ${J('users', 'age')} >= 30 AND ${J('users', 'age')} < 32`],
    ['SORT + LIMIT', 'FOR d IN users SORT d.age DESC LIMIT 10 RETURN d', `SELECT doc FROM users ORDER BY ${J('users', 'age')} DESC LIMIT 10`],
    ['COLLECT WITH COUNT', 'FOR d IN users COLLECT city = d.city WITH COUNT INTO n RETURN {city, n}', `SELECT ${J('users', 'city')} AS city, COUNT(*) AS n FROM users GROUP BY city`],
    [
      'COLLECT AGGREGATE',
      'FOR d IN users COLLECT city = d.city AGGREGATE avg = AVERAGE(d.age), oldest = MAX(d.age) RETURN {city, avg, oldest}',
      `SELECT ${J('users', 'city')} AS city, AVG(${J('users', 'age')}), MAX(${J('users', 'age')}) FROM users GROUP BY city`,
    ],
    [
      'join on key',
      'FOR o IN orders FILTER o.amount >= 990 FOR u IN users FILTER u._key == o.user RETURN {order: o, user: u}',
      `SELECT o.doc, u.doc FROM orders o JOIN users u ON u.key = ${J('o', 'user')} WHERE ${J('o', 'amount')} >= 990`,
    ],
  ];
  // The client is the jobs benchmark's (undici Pool when installed): fetch() costs the
  // client 1-2 ms per request here, more than the smallest queries take.
  const aqlClient = await httpClient(cairn.url, 1);
  const aqlHeaders = { authorization: AUTH, 'content-type': 'application/json' };
  /** Runs `query` to its end through `client` (with `capture`, recording each response by path). */
  const runCursor = async (client, query, capture) => {
    const call = async (method, path, body) => {
      const r = await client.request({ method, path, headers: aqlHeaders, body: body && JSON.stringify(body) });
      if (capture) (capture[path] ??= []).push({ status: r.status, headers: { 'content-type': r.header('content-type') }, body: r.text });
      return { status: r.status, body: JSON.parse(r.text) };
    };
    const t0 = performance.now();
    let r = await call('POST', '/_api/cursor', { query, batchSize: 10000 });
    if (r.status !== 201) throw new Error(`${query}: ${JSON.stringify(r.body)}`);
    while (r.body.hasMore) r = await call('PUT', `/_api/cursor/${r.body.id}`);
    return performance.now() - t0;
  };
  const runCairn = (query) => runCursor(aqlClient, query);
  const runSqlite = (sql) => {
    const t0 = performance.now();
    sqlite.prepare(sql).raw().all();
    return performance.now() - t0;
  };
  // Steady state, not the first runs: a server runs the same code paths for its whole
  // life, while V8 optimizes a function only after many calls, so a fresh process runs a
  // query that touches few documents several times slower at first (an indexed join: 8
  // ms in its first runs, 2.4 ms after 300). Both sides run each query for WARM_MS first.
  const WARM_MS = QUICK ? 0 : 1000;
  /** Runs fn for WARM_MS (once at least); resolves with the median of its last 20 times. */
  const warm = async (fn) => {
    const t0 = performance.now();
    const times = [];
    do {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    } while (performance.now() - t0 < WARM_MS);
    return median(times.slice(-20));
  };
  // A round runs each query `reps` times back to back on each side and takes the mean:
  // a single run of a query under a millisecond measures the timer, a GC pause of the
  // bench process or a wake-up of an idle server more than the query. `reps` fills about
  // ROUND_MS of Cairn's time and is the same for the three sides of a query.
  const ROUND_MS = QUICK ? 0 : 50;
  const repeated = async (reps, fn) => {
    let sum = 0;
    for (let i = 0; i < reps; i++) sum += await fn();
    return sum / reps;
  };
  const floors = [];
  for (const indexed of [false, true]) {
    if (indexed) {
      for (const [collection, field] of [['users', 'city'], ['users', 'age'], ['orders', 'amount']]) {
        await api(cairn.url, 'POST', `/_api/index?collection=${collection}`, { type: 'persistent', fields: [field] });
        sqlite?.exec(`CREATE INDEX ${collection}_${field} ON ${collection}(json_extract(doc, '$.${field}'))`);
      }
      sqlite?.exec('ANALYZE');
    }
    for (const [name, aql, sql] of QUERIES) {
      const typical = await warm(() => runCairn(aql));
      const reps = Math.max(1, Math.min(200, Math.floor(ROUND_MS / typical)));
      if (sqlite) await warm(async () => runSqlite(sql));
      // The HTTP floor: Cairn's responses to the query answered as they are by a bare
      // node:http server, through the same client and parse (what no engine can go below).
      const captured = {};
      await runCursor(aqlClient, aql, captured);
      const bare = await startBare(captured);
      const bareClient = await httpClient(bare.url, 1);
      await warm(() => runCursor(bareClient, aql));
      const c = [];
      const b = [];
      const fl = [];
      const dbg = [];
      for (let r = 0; r < ROUNDS; r++) {
        const cpu0 = cairn.cpuMs();
        c.push(await repeated(reps, () => runCairn(aql)));
        dbg.push((cairn.cpuMs() - cpu0) / reps);
        if (sqlite) b.push(await repeated(reps, async () => runSqlite(sql)));
        fl.push(await repeated(reps, () => runCursor(bareClient, aql)));
      }
      await bareClient.close();
      await bare.stop();
      if (process.env.BENCH_DEBUG) log(`    ${name} (x${reps}): cairn ${c.map((x) => x.toFixed(0)).join(' ')} cpu ${dbg.join(' ')}; sqlite ${b.map((x) => x.toFixed(0)).join(' ')}; floor ${fl.map((x) => x.toFixed(1)).join(' ')}`);
      const label = `${name}${indexed ? ' (indexed)' : ''}`;
      record('aql', `${label}, ms`, median(c), sqlite ? median(b) : undefined, 'better-sqlite3', {
        higherIsBetter: false,
        target: sqlite ? (_v, ratio) => ratio <= 1.5 : undefined,
        targetText: '<= 1.5x (P3)',
      });
      floors.push({ label, cairn: median(c), floor: median(fl), sqlite: sqlite ? median(b) : undefined });
    }
  }
  sqlite?.close();
  await aqlClient.close();
  for (const f of floors) record('aql-floor', `${f.label}: the same responses from bare node:http, ms`, f.cairn, f.floor, 'bare node:http, same bytes', { higherIsBetter: false });
  notes.push(`AQL: each query ran for ${WARM_MS / 1000} s on both sides before the measured rounds (steady state), through ${aqlClient.kind}; a round runs a query back to back on each side as many times as fill about ${ROUND_MS} ms of Cairn's time (1 for the slowest queries, at most 200) and takes the mean.`);
}

// ---------------------------------------------------------------- 4. jobs
if (want('jobs')) {
  log('4. jobs');
  const JOBS = QUICK ? 200 : 20000;
  const CONC = 50;
  await api(cairn.url, 'POST', '/_api/collection', { name: 'jobsbench' });
  const body = JSON.stringify({ name: 'job', value: 1 });
  const headers = { authorization: 'Basic ' + Buffer.from('root:').toString('base64'), 'content-type': 'application/json' };
  const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const client = await httpClient(cairn.url, CONC);
  notes.push(`Jobs: the client is ${client.kind} in the bench process, ${CONC} connections.`);
  // Cairn: submit with x-arango-async: store, then fetch the result with PUT ?waitTime=, which
  // waits for the job to end (two requests per job; a GET ?waitTime= and a PUT before 2026-12-07).
  const viaJobs = async () => {
    const lat = [];
    let next = 0;
    const cpu0 = cairn.cpuMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < JOBS) {
          next++;
          const ts = performance.now();
          const sub = await client.request({ method: 'POST', path: '/_api/document/jobsbench', headers: { ...headers, 'x-arango-async': 'store' }, body });
          const id = sub.header('x-arango-async-id');
          if (sub.status !== 202 || !id) throw new Error(`job submit: ${sub.status}`);
          // 204: the job outlasted the wait; ask again
          for (;;) {
            const res = await client.request({ method: 'PUT', path: `/_api/job/${id}?waitTime=10`, headers });
            if (res.status === 204) continue;
            if (res.status !== 201 && res.status !== 202) throw new Error(`job result: ${res.status}`);
            break;
          }
          lat.push(performance.now() - ts);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    return { rate: JOBS / secs, p50: pct(lat, 0.5), p99: pct(lat, 0.99), cpuUs: ((cairn.cpuMs() - cpu0) * 1000) / JOBS };
  };
  const viaSync = async () => {
    const lat = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < JOBS) {
          next++;
          const ts = performance.now();
          const res = await client.request({ method: 'POST', path: '/_api/document/jobsbench', headers, body });
          if (res.status !== 201 && res.status !== 202) throw new Error(`insert: ${res.status}`);
          lat.push(performance.now() - ts);
        }
      }),
    );
    lat.sort((a, b) => a - b);
    return { rate: JOBS / ((performance.now() - t0) / 1000), p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
  };
  const probe = await fetch(cairn.url + '/_api/version', { headers: { ...headers, 'x-arango-async': 'store' } });
  if (probe.status !== 202) notes.push('Jobs (P4): this build has no async job engine yet (x-arango-async answered ' + probe.status + '); skipped.');
  else {
    const j = [];
    const sy = [];
    // Three rounds at most: 20,000 durable jobs per round take about a minute here.
    const jobRounds = Math.min(ROUNDS, 3);
    notes.push(`Jobs: median of ${jobRounds} rounds of ${JOBS} jobs each.`);
    for (let r = 0; r < jobRounds; r++) {
      j.push(await viaJobs());
      sy.push(await viaSync());
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    record('jobs', `x-arango-async store jobs/s (submit, fetch with PUT ?waitTime; ${JOBS} jobs, ${CONC} clients)`, m(j, 'rate'), m(sy, 'rate'), 'same requests synchronously');
    record('jobs', 'submit-to-result p50 ms', m(j, 'p50'), m(sy, 'p50'), 'synchronous request p50', { higherIsBetter: false });
    record('jobs', 'submit-to-result p99 ms', m(j, 'p99'), m(sy, 'p99'), 'synchronous request p99', { higherIsBetter: false });
    record('jobs', 'server CPU us/job', m(j, 'cpuUs'), undefined, undefined, { higherIsBetter: false });
    const bull = await bullmqRate(JOBS, CONC);
    if (bull.note) notes.push(bull.note);
    else
      record('jobs', 'jobs/s vs BullMQ (no-op worker, local Redis without persistence)', m(j, 'rate'), bull.rate, 'BullMQ', {
        target: (_v, ratio) => ratio >= 2,
        targetText: '>= 2x (P4)',
      });
    // P4's other half: every job answered 202 survives kill -9 of the server under load.
    const killed = await jobsSurviveKill(QUICK ? 200 : 4000, CONC, headers, body);
    record('jobs', `jobs answered 202 that finished after kill -9 and a restart (of ${killed.acked} answered; ${killed.sent} submitted)`, killed.finished, killed.acked, 'answered 202', {
      target: (_v, ratio) => ratio === 1,
      targetText: 'all (P4)',
    });
    notes.push('Jobs, kill -9: a second server on its own data directory takes up to the number of submits shown from 50 clients; it is killed with SIGKILL once half of them were answered 202, with the rest in flight, and restarted on the same directory; each job answered 202 must then reach a stored 2xx result (GET /_api/job/<id>, then PUT).');
  }
  await client.close();
}

/**
 * Submits up to `max` insert jobs from `conc` clients to a fresh server, kills it with
 * SIGKILL once half were answered 202, restarts it on the same data directory and counts
 * the answered jobs that reach a stored 2xx result.
 */
async function jobsSurviveKill(max, conc, headers, body) {
  const kdir = mkdtempSync(join(tmpdir(), 'cairn-bench-kill-'));
  let srv = await startCairn(kdir);
  try {
    await api(srv.url, 'POST', '/_api/collection', { name: 'killbench' });
    const client = await httpClient(srv.url, conc);
    const acked = [];
    let sent = 0;
    let down = false;
    const workers = Array.from({ length: conc }, async () => {
      while (!down && sent < max) {
        sent++;
        const r = await client.request({ method: 'POST', path: '/_api/document/killbench', headers: { ...headers, 'x-arango-async': 'store' }, body }).catch(() => undefined);
        if (!r) return; // the server is gone
        const id = r.header('x-arango-async-id');
        if (r.status === 202 && id) acked.push(id);
      }
    });
    while (acked.length < max / 2 && sent < max) await new Promise((r) => setTimeout(r, 2));
    down = true;
    await srv.kill();
    await Promise.all(workers);
    await client.close().catch(() => undefined);
    srv = await startCairn(kdir);
    let finished = 0;
    for (const id of acked) {
      let st;
      do st = await api(srv.url, 'GET', `/_api/job/${id}?waitTime=10`);
      while (st.status === 204);
      if (st.status !== 200) continue;
      const res = await api(srv.url, 'PUT', `/_api/job/${id}`);
      if (res.status >= 200 && res.status < 300) finished++;
    }
    return { sent, acked: acked.length, finished };
  } finally {
    await srv.stop();
    rmSync(kdir, { recursive: true, force: true });
  }
}

/** BullMQ on a local redis-server (started here on a free port, no persistence): jobs/s end to end. */
async function bullmqRate(jobs, concurrency) {
  const bullmq = await import('bullmq').catch(() => undefined);
  if (!bullmq) return { note: 'BullMQ is not installed (bench/node_modules): the BullMQ baseline was skipped.' };
  try {
    execFileSync('redis-server', ['--version']);
  } catch {
    return { note: 'redis-server is not on the PATH: the BullMQ baseline was skipped (apt-get install redis-server to run it).' };
  }
  const { spawn } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const port = await new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });
  const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  try {
    const connection = { host: '127.0.0.1', port };
    for (let i = 0; i < 100; i++) {
      try {
        const q = new bullmq.Queue('probe', { connection });
        await q.waitUntilReady();
        await q.close();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const queue = new bullmq.Queue('bench', { connection });
    let done = 0;
    let finish;
    const finished = new Promise((r) => (finish = r));
    const worker = new bullmq.Worker('bench', async () => undefined, { connection, concurrency });
    worker.on('completed', () => {
      if (++done === jobs) finish();
    });
    const t0 = performance.now();
    // As Cairn's clients do: `concurrency` producers, one job at a time each (not addBulk).
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < jobs) await queue.add('j', { i: next++ });
      }),
    );
    await finished;
    const rate = jobs / ((performance.now() - t0) / 1000);
    await worker.close();
    await queue.close();
    return { rate };
  } finally {
    redis.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- 5. responsiveness
if (want('responsive')) {
  log('5. responsiveness');
  const HEAVY = [
    { query: `FOR i IN 1..${QUICK ? 300000 : 3000000} LET r = RAND() SORT r LIMIT 2, 1 RETURN i` },
    { query: 'FOR i IN 1..600 LET s = SLEEP(0.05) RETURN i' },
    { query: 'FOR i IN 1..5000 FOR j IN 1..5000 FILTER i * j < 0 RETURN [i, j]' },
    { query: 'FOR i IN 1..20000000 LET h = SHA512(TO_STRING(i)) FILTER h == "none" RETURN h', stream: true, batchSize: 10 },
  ];
  const sample = async (ms) => {
    const lat = [];
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = performance.now();
      await api(cairn.url, 'GET', '/_api/version');
      lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    return { p50: lat[Math.floor(lat.length / 2)], p99: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] };
  };
  const idle = [];
  const busy = [];
  for (let r = 0; r < ROUNDS; r++) {
    idle.push(await sample(QUICK ? 300 : 1000));
    const heavy = HEAVY.map((b) => api(cairn.url, 'POST', '/_api/cursor', b).catch(() => undefined));
    for (let i = 0; i < 500; i++) {
      if ((await api(cairn.url, 'GET', '/_api/query/current')).body.length >= HEAVY.length) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    busy.push(await sample(QUICK ? 500 : 2000));
    for (const q of (await api(cairn.url, 'GET', '/_api/query/current')).body) await api(cairn.url, 'DELETE', `/_api/query/${q.id}`);
    await Promise.all(heavy);
  }
  record('responsive', 'GET /_api/version p50 ms under 4 heavy queries', median(busy.map((x) => x.p50)), median(idle.map((x) => x.p50)), 'idle server', { higherIsBetter: false });
  record('responsive', 'GET /_api/version p99 ms under 4 heavy queries', median(busy.map((x) => x.p99)), median(idle.map((x) => x.p99)), 'idle server', {
    higherIsBetter: false,
    target: (v) => v < 20,
    targetText: '< 20 ms (P5)',
  });
}
await cairn.stop();

// ---------------------------------------------------------------- 6. memory
if (want('memory')) {
  log('6. memory');
  const mdir = mkdtempSync(join(tmpdir(), 'cairn-bench-mem-'));
  const srv = await startCairn(mdir);
  const idle = srv.memory().peak;
  const q = `FOR i IN 1..${STREAM_DOCS} RETURN {_key: TO_STRING(i), name: CONCAT("user-", i), age: i % 90, city: CONCAT("city-", i % 100), tags: ["red", "blue"], address: {street: CONCAT("Main Street ", i % 200), zip: TO_STRING(10000 + i % 89999), geo: {lat: i % 90, lon: i % 180}}, bio: "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"}`;
  let r = await api(srv.url, 'POST', '/_api/cursor', { query: q, stream: true, batchSize: 1000 });
  let n = r.body.result.length;
  while (r.body.hasMore) {
    r = await api(srv.url, 'PUT', `/_api/cursor/${r.body.id}`);
    n += r.body.result.length;
  }
  if (n !== STREAM_DOCS) throw new Error(`stream drained ${n}`);
  const peak = srv.memory().peak;
  await srv.stop();
  rmSync(mdir, { recursive: true, force: true });
  record('memory', `peak RSS MB, stream cursor draining ${STREAM_DOCS.toLocaleString('en-US')} docs`, peak / 1048576, idle / 1048576, 'idle server', {
    higherIsBetter: false,
    target: (v) => v < 300,
    targetText: '< 300 MB (P6)',
  });
}
rmSync(dir, { recursive: true, force: true });

// ---------------------------------------------------------------- output
const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 1073741824), node: process.version };
const command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const result = { date: new Date().toISOString(), command, machine, docs: N, rounds: ROUNDS, quick: QUICK, rows, notes };
const outFile = args.out ?? join(HERE, 'results', `${stamp}.json`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
const table = [
  '| benchmark | metric | Cairn | baseline | baseline is | ratio | target |',
  '|---|---|---:|---:|---|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.bench} | ${r.metric} | ${fmt(r.cairn)} | ${fmt(r.baseline)} | ${r.baselineName ?? ''} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2) + 'x'} | ${r.target ?? ''}${r.met === undefined ? '' : r.met ? ' met' : ' **missed**'} |`,
  ),
].join('\n');
console.log(table);
if (!QUICK && !args.out) {
  const md = `# Benchmarks\n\nThe latest \`npm run bench\` (${result.date}), written by bench/run.mjs. Ratios compare Cairn with a baseline measured in the same run, alternating the two sides, median of ${ROUNDS} rounds; absolute numbers vary with the (shared, noisy) machine.\n\nMachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}. Command: \`${command}\`, ${N.toLocaleString('en-US')} users.\n\n${table}\n\n${notes.map((n) => '- ' + n).join('\n')}\n`;
  const analysis = existsSync(join(HERE, '..', 'BENCHMARKS.md')) ? (await import('node:fs')).readFileSync(join(HERE, '..', 'BENCHMARKS.md'), 'utf8').split('\n## Reading\n')[1] : undefined;
  writeFileSync(join(HERE, '..', 'BENCHMARKS.md'), md + (analysis ? '\n## Reading\n' + analysis : ''));
}
log(`results: ${outFile}`);
