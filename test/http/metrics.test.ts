// GET /_admin/metrics/v2: Prometheus' text format (every sample announced by its HELP and
// TYPE lines), ArangoDB's metric names for requests, AQL queries and transactions, Cairn's
// job queue, counters that move with the work done (requests Cairn replays to itself for
// jobs are not counted as clients' requests), and the option that turns it off.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

/** Parses the exposition text; fails on a sample whose metric was not announced. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const announced = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# HELP ([a-z_][a-z0-9_]*) .+$/.exec(line);
    if (m) continue;
    m = /^# TYPE ([a-z_][a-z0-9_]*) (counter|gauge)$/.exec(line);
    if (m) {
      announced.set(m[1]!, m[2]!);
      continue;
    }
    m = /^([a-z_][a-z0-9_]*)(\{[a-z_][a-z0-9_]*="[^"]*"(?:,[a-z_][a-z0-9_]*="[^"]*")*\})? (-?[0-9.e+]+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    assert.ok(announced.has(m[1]!), `${m[1]} has no TYPE line`);
    if (announced.get(m[1]!) === 'counter') assert.match(m[1]!, /_total$/, 'counters end in _total');
    out.set(m[1]! + (m[2] ?? ''), Number(m[3]));
  }
  return out;
}

describe('/_admin/metrics', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function metrics(path = '/_admin/metrics/v2') {
    const res = await s.request({ method: 'GET', url: path });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    return parse(res.body);
  }

  it('is Prometheus text with ArangoDB\'s names, the same at /_admin/metrics', async () => {
    const m = await metrics();
    for (const name of [
      'arangodb_http_request_statistics_total_requests_total',
      'arangodb_http_request_statistics_http_get_requests_total',
      'arangodb_client_connection_statistics_client_connections',
      'arangodb_aql_current_query',
      'arangodb_aql_all_query_total',
      'arangodb_transactions_started_total',
      'arangodb_process_statistics_resident_set_size',
      'arangodb_server_statistics_server_uptime_total',
      'cairn_jobs{status="QUEUED"}',
      'cairn_jobs_submitted_total',
    ]) {
      assert.ok(m.has(name), name);
    }
    assert.ok(m.get('arangodb_process_statistics_resident_set_size')! > 1e6);
    assert.ok((await metrics('/_admin/metrics')).has('arangodb_aql_all_query_total'));
  });

  it('counts requests by method, queries, transactions and jobs as they happen', async () => {
    const before = await metrics();
    for (let i = 0; i < 3; i++) await s.request({ method: 'GET', url: '/_api/version' });
    await s.request({ method: 'HEAD', url: '/_api/version' });
    await s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'RETURN 1' } });
    const t = bodyOf(await s.request({ method: 'POST', url: '/_api/transaction/begin', body: { collections: {} } })).result.id;
    await s.request({ method: 'PUT', url: `/_api/transaction/${t}` });
    const job = await s.request({ method: 'GET', url: '/_api/version', headers: { 'x-arango-async': 'store' } });
    const id = job.headers['x-arango-async-id'];
    for (let i = 0; i < 100 && (await s.request({ method: 'GET', url: `/_api/job/${id}` })).statusCode !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    const after = await metrics();
    const delta = (name: string) => after.get(name)! - before.get(name)!;
    // 3 GETs + the job's GET + the job status polls + this metrics GET: at least 5, and the replay is not one of them
    const polls = delta('arangodb_http_request_statistics_http_get_requests_total') - 3 - 1 - 1;
    assert.ok(polls >= 1, `GETs counted: ${delta('arangodb_http_request_statistics_http_get_requests_total')}`);
    assert.equal(delta('arangodb_http_request_statistics_http_head_requests_total'), 1);
    assert.equal(delta('arangodb_http_request_statistics_http_post_requests_total'), 2);
    assert.equal(delta('arangodb_http_request_statistics_http_put_requests_total'), 1);
    assert.equal(delta('arangodb_http_request_statistics_async_requests_total'), 1);
    assert.equal(delta('arangodb_http_request_statistics_total_requests_total'), delta('arangodb_http_request_statistics_superuser_requests_total'));
    assert.equal(delta('arangodb_aql_all_query_total'), 1);
    assert.equal(delta('arangodb_transactions_started_total'), 1);
    assert.equal(delta('arangodb_transactions_committed_total'), 1);
    assert.equal(delta('cairn_jobs_submitted_total'), 1);
    assert.equal(delta('cairn_jobs_finished_total{status="SUCCESS"}'), 1);
    assert.equal(delta('cairn_jobs{status="SUCCESS"}'), 1);
  });

  it('answers 404 with --export-metrics-api false', async () => {
    const off = await startServer(['--export-metrics-api', 'false']);
    try {
      const res = await off.request({ method: 'GET', url: '/_admin/metrics/v2' });
      assert.equal(res.statusCode, 404);
      assert.equal(bodyOf(res).errorNum, 404);
    } finally {
      await off.close();
    }
  });
});
