// Server administration endpoints, replayed from upstream: ArangoDB's
// tests/js/client/shell/api-statistics-spec.js (/_admin/statistics moved by requests),
// python-arango's tests/test_database.py test_database_misc_methods (statistics, logs,
// log levels and settings, routing reload, support info, compact), arangojs' Database
// methods (engineStats, getLogEntries, getLogLevel/setLogLevel, compact, supportInfo);
// then Cairn's own cases: the log topics' levels deciding what is written and kept, the
// ring buffer, the permissions and the options (--server-statistics, --log-api-enabled,
// --support-info-api, --log-in-memory).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';
import { Logger } from '../../src/util/logger.js';

const basic = (user: string, pw = 'pw') => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

interface Res {
  status: number;
  body: any;
}

function client(s: TestServer) {
  return async (method: string, url: string, body?: unknown, user?: string | null): Promise<Res> => {
    const res = await s.request({ method, url, body, auth: user === undefined ? undefined : user === null ? null : basic(user) });
    return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res) };
  };
}

const get = (o: any, path: string): any => path.split('.').reduce((x, k) => x?.[k], o);

describe('ArangoDB tests/js/client/shell/api-statistics-spec.js', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    s = await startServer([], { startJobs: false });
    call = client(s);
  });
  after(async () => {
    await s.close();
  });

  const stats = async () => (await call('GET', '/_db/_system/_admin/statistics?sync=true')).body;

  /** checkCommonStatisticsChanges: every sum grew, and the two requests in between (the first statistics request and the one made) were counted. */
  function checkCommon(initial: any, final: any): void {
    for (const p of ['client.totalTime.sum', 'client.requestTime.sum', 'client.queueTime.sum', 'client.ioTime.sum', 'client.bytesSent.sum', 'client.bytesReceived.sum']) {
      assert.ok(get(final, p) > get(initial, p), p);
    }
    for (const p of ['client.totalTime.count', 'client.requestTime.count', 'client.queueTime.count', 'client.ioTime.count', 'client.bytesSent.count', 'client.bytesReceived.count', 'http.requestsTotal']) {
      assert.equal(get(final, p), get(initial, p) + 2, p);
    }
  }

  const METHOD_COUNTERS = ['http.requestsAsync', 'http.requestsHead', 'http.requestsPost', 'http.requestsPut', 'http.requestsPatch', 'http.requestsDelete', 'http.requestsOptions', 'http.requestsOther'];
  function unchanged(initial: any, final: any, except: string[]): void {
    for (const p of METHOD_COUNTERS.filter((x) => !except.includes(x))) {
      assert.notEqual(get(final, p), undefined, p);
      assert.equal(get(final, p), get(initial, p), p);
    }
  }

  it('request statistics: should be updated by GET requests', async () => {
    const initial = await stats();
    await call('GET', '/_api/version');
    const final = await stats();
    checkCommon(initial, final);
    assert.equal(final.http.requestsGet, initial.http.requestsGet + 2);
    unchanged(initial, final, []);
  });

  it('request statistics: should be updated by POST requests', async () => {
    const initial = await stats();
    // upstream posts to /_admin/execute, which Cairn does not serve (404): counted the same
    await call('POST', '/_admin/execute', "return 'test!'");
    const final = await stats();
    checkCommon(initial, final);
    assert.equal(final.http.requestsGet, initial.http.requestsGet + 1);
    assert.equal(final.http.requestsPost, initial.http.requestsPost + 1);
    unchanged(initial, final, ['http.requestsPost']);
  });

  it('request statistics: should be updated by DELETE requests', async () => {
    const initial = await stats();
    await call('DELETE', '/_dummy');
    const final = await stats();
    checkCommon(initial, final);
    assert.equal(final.http.requestsGet, initial.http.requestsGet + 1);
    assert.equal(final.http.requestsDelete, initial.http.requestsDelete + 1);
    unchanged(initial, final, ['http.requestsDelete']);
  });
});

describe("python-arango tests/test_database.py test_database_misc_methods (the administration parts)", () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    s = await startServer(['--log-level', 'info'], { startJobs: false, logSink: () => undefined });
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    call = client(s);
    await call('POST', '/_api/database', { name: 'testdb' });
    await call('POST', '/_api/user', { user: 'tester', passwd: 'pw' });
    await call('PUT', '/_api/user/tester/database/testdb', { grant: 'rw' });
    // a line for the log to hold: JavaScript's print() is logged at INFO (topic general)
    await call('POST', '/_api/transaction', { collections: {}, action: "function () { require('internal').print('test line from a transaction'); }" });
  });
  after(async () => {
    await s.close();
  });

  it('statistics(description=False) has time, system and server; with description figures and groups', async () => {
    const st = await call('GET', '/_db/testdb/_admin/statistics', undefined, 'tester');
    assert.equal(st.status, 200);
    for (const k of ['time', 'system', 'server']) assert.ok(k in st.body, k);
    const d = await call('GET', '/_db/testdb/_admin/statistics-description', undefined, 'tester');
    assert.equal(d.status, 200);
    assert.ok(Array.isArray(d.body.figures) && Array.isArray(d.body.groups));
  });

  it('statistics, logs, routing reload and log levels with a bad database: 401/11', async () => {
    for (const [m, url] of [
      ['GET', '/_db/nosuch/_admin/statistics'],
      ['GET', '/_db/nosuch/_admin/log'],
      ['GET', '/_db/nosuch/_admin/log/entries'],
      ['POST', '/_db/nosuch/_admin/routing/reload'],
      ['GET', '/_db/nosuch/_admin/log/level'],
      ['PUT', '/_db/nosuch/_admin/log/level'],
      ['DELETE', '/_db/nosuch/_admin/log/level'],
    ] as const) {
      const r = await call(m, url, undefined, 'tester');
      assert.equal(r.status, 401, `${m} ${url}`);
      assert.equal(r.body.errorNum, 11);
    }
  });

  it('read_log(upto="fatal") (deprecated format) and read_log_entries(upto="fatal")', async () => {
    const log = await call('GET', '/_admin/log?upto=fatal');
    assert.equal(log.status, 200);
    for (const k of ['lid', 'level', 'text', 'totalAmount']) assert.ok(k in log.body, k);
    const entries = await call('GET', '/_admin/log/entries?upto=fatal');
    assert.equal(entries.status, 200);
    assert.ok('total' in entries.body && 'messages' in entries.body);
  });

  it('read_log and read_log_entries with level, start, size, offset, search and sort', async () => {
    const q = 'level=error&start=0&size=100000&offset=0&search=test&sort=desc';
    const log = await call('GET', `/_admin/log?${q}`);
    assert.equal(log.status, 200);
    for (const k of ['lid', 'level', 'text', 'totalAmount']) assert.ok(k in log.body, k);
    const entries = await call('GET', `/_admin/log/entries?${q}`);
    assert.equal(entries.status, 200);
    assert.ok('total' in entries.body && 'messages' in entries.body);
  });

  it('reload_routing answers 204 (a bool for python-arango)', async () => {
    const r = await call('POST', '/_db/testdb/_admin/routing/reload', undefined, 'tester');
    assert.deepEqual(r, { status: 204, body: undefined });
  });

  it('log_levels, log_levels(with_appenders=True), set_log_levels(agency, engines, threads), reset_log_levels', async () => {
    const defaults = (await call('GET', '/_admin/log/level')).body;
    assert.equal(typeof defaults, 'object');
    const withAppenders = await call('GET', '/_admin/log/level?withAppenders=true');
    assert.equal(typeof withAppenders.body, 'object');
    const levels = { agency: 'DEBUG', engines: 'INFO', threads: 'WARNING' };
    const set = await call('PUT', '/_admin/log/level', levels);
    assert.equal(set.status, 200);
    for (const [k, v] of Object.entries(levels)) assert.equal(set.body[k], v, k);
    assert.deepEqual((await call('GET', '/_admin/log/level')).body, set.body);
    const reset = await call('DELETE', '/_admin/log/level');
    assert.deepEqual(reset.body, defaults);
  });

  it('set_log_levels with a bad database fails', async () => {
    assert.equal((await call('PUT', '/_db/nosuch/_admin/log/level', { agency: 'DEBUG' })).status, 404);
  });

  it('set_log_settings / log_settings (/_admin/log/structured)', async () => {
    const r1 = await call('PUT', '/_admin/log/structured', { database: true, url: true, username: true });
    const r2 = await call('GET', '/_admin/log/structured');
    assert.deepEqual(r1.body, { database: true, url: true, username: true });
    assert.deepEqual(r1.body, r2.body);
    const r3 = await call('PUT', '/_admin/log/structured', { database: true, username: false });
    const r4 = await call('GET', '/_admin/log/structured');
    assert.deepEqual(r3.body, { database: true, url: true });
    assert.deepEqual(r3.body, r4.body);
    await call('PUT', '/_admin/log/structured', { database: false, url: false });
  });

  it('support_info: refused in a database other than _system; in _system it has deployment and date', async () => {
    const bad = await call('GET', '/_db/testdb/_admin/support-info');
    assert.deepEqual(bad, { status: 403, body: err(403, 1230, 'operation only allowed in system database') });
    const info = await call('GET', '/_admin/support-info');
    assert.equal(info.status, 200);
    assert.deepEqual(info.body.deployment, { type: 'single' });
    assert.match(info.body.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('compact: a user who is not the superuser is refused; the superuser gets {}', async () => {
    const refused = await call('PUT', '/_db/testdb/_admin/compact', {}, 'tester');
    assert.deepEqual(refused, { status: 403, body: err(403, 11, 'compaction is only allowed for superusers') });
    await call('POST', '/_db/testdb/_api/collection', { name: 'c' });
    await call('POST', '/_db/testdb/_api/document/c', { foo: 'bar' });
    assert.deepEqual(await call('PUT', '/_db/testdb/_admin/compact', {}), { status: 200, body: {} });
  });
});

describe('arangojs Database administration methods', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    s = await startServer(['--log-level', 'info'], { startJobs: false, logSink: () => undefined });
    call = client(s);
  });
  after(async () => {
    await s.close();
  });

  it('engineStats(): LMDB figures, entries per sub-database counting what was stored', async () => {
    await call('POST', '/_api/collection', { name: 'engine_c' });
    const before = (await call('GET', '/_api/engine/stats')).body;
    for (const k of ['lmdb.page-size', 'lmdb.map-size', 'lmdb.last-page-number', 'lmdb.last-txn-id', 'lmdb.docs.entries', 'lmdb.pk.entries', 'lmdb.file-size']) assert.equal(typeof before[k], 'number', k);
    assert.ok(before['lmdb.map-size'] >= before['lmdb.used-bytes']);
    await call('POST', '/_api/document/engine_c', [{ a: 1 }, { a: 2 }, { a: 3 }]);
    const after = (await call('GET', '/_api/engine/stats')).body;
    // LMDB's own count: the three documents, and msgpack's record of a new shape if one was added
    assert.ok(after['lmdb.docs.entries'] >= before['lmdb.docs.entries'] + 3 && after['lmdb.docs.entries'] <= before['lmdb.docs.entries'] + 4);
    assert.equal(after['lmdb.pk.entries'], before['lmdb.pk.entries'] + 3);
    assert.ok(after['lmdb.last-txn-id'] > before['lmdb.last-txn-id']);
  });

  it('getLogEntries(): the new format, with id, topic, level, date and message', async () => {
    await call('POST', '/_api/transaction', { collections: {}, action: "function () { require('internal').print('arangojs log line'); }" });
    const r = await call('GET', '/_admin/log/entries?search=arangojs');
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 1);
    const [m] = r.body.messages;
    assert.deepEqual(Object.keys(m), ['id', 'topic', 'level', 'date', 'message']);
    assert.equal(m.topic, 'general');
    assert.equal(m.level, 'INFO');
    assert.match(m.message, /arangojs log line/);
  });

  it('getLogLevel() / setLogLevel({ request: "debug" }): an unknown topic is ignored, a known one set', async () => {
    const r = await call('PUT', '/_admin/log/level', { request: 'debug', queries: 'debug' });
    assert.equal(r.status, 200);
    assert.equal(r.body.queries, 'DEBUG');
    assert.equal('request' in r.body, false);
    assert.equal((await call('GET', '/_admin/log/level')).body.queries, 'DEBUG');
  });

  it('compact(): PUT with {} answers (arangojs returns undefined)', async () => {
    assert.deepEqual(await call('PUT', '/_admin/compact', {}), { status: 200, body: {} });
  });

  it('supportInfo(): the single server shape with Cairn\'s own host figures', async () => {
    const r = await call('GET', '/_admin/support-info');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['deployment', 'host', 'date']);
    const h = r.body.host;
    assert.equal(h.role, 'SINGLE');
    assert.equal(h.license, 'community');
    assert.ok(h.physicalMemory.value > 0 && h.numberOfCores.value > 0);
    assert.ok(h.processStats.residentSetSize > 0 && h.processStats.processUptime >= 0);
    assert.equal(typeof h.engineStats['lmdb.map-size'], 'number');
  });
});

describe('the log: topics, levels and the in-memory entries', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  const written: string[] = [];
  before(async () => {
    s = await startServer(['--log-level', 'info'], { startJobs: false, logSink: (l) => written.push(l) });
    call = client(s);
  });
  after(async () => {
    await s.close();
  });

  const print = (text: string) => call('POST', '/_api/transaction', { collections: {}, action: `function () { require('internal').print(${JSON.stringify(text)}); }` });

  it('writes and keeps a line at its topic\'s level; after PUT general=error it neither writes nor keeps it', async () => {
    await print('first marker');
    assert.ok(written.some((l) => /INFO .*first marker/.test(l)), 'written to the sink');
    assert.equal((await call('GET', '/_admin/log/entries?search=first%20marker')).body.total, 1);
    const set = await call('PUT', '/_admin/log/level', 'general=error');
    assert.equal(set.body.general, 'ERROR');
    const n = written.length;
    await print('second marker');
    assert.equal(written.length, n);
    assert.equal((await call('GET', '/_admin/log/entries?search=second%20marker')).body.total, 0);
    await call('DELETE', '/_admin/log/level');
    await print('third marker');
    assert.equal((await call('GET', '/_admin/log/entries?search=third%20marker')).body.total, 1);
  });

  it('selects by level (exactly) and upto (at most), start, offset, size and sort, in both formats', async () => {
    await call('DELETE', '/_admin/log');
    s.server.services.logger.warn('general', 'w1');
    s.server.services.logger.info('general', 'i1');
    s.server.services.logger.error('general', 'e1');
    const msgs = async (q: string) => (await call('GET', `/_admin/log/entries?${q}`)).body.messages.map((m: any) => m.message);
    assert.deepEqual(await msgs(''), ['w1', 'i1', 'e1']);
    assert.deepEqual(await msgs('upto=warning'), ['w1', 'e1']);
    assert.deepEqual(await msgs('upto=2'), ['w1', 'e1']);
    assert.deepEqual(await msgs('level=info'), ['i1']);
    assert.deepEqual(await msgs('level=3'), ['i1']);
    assert.deepEqual(await msgs('sort=desc'), ['e1', 'i1', 'w1']);
    assert.deepEqual(await msgs('offset=1&size=1'), ['i1']);
    assert.deepEqual(await msgs('search=W1'), ['w1']);
    const all = (await call('GET', '/_admin/log/entries')).body;
    assert.equal(all.total, 3);
    assert.deepEqual(await msgs(`start=${all.messages[1].id}`), ['i1', 'e1']);
    const old = (await call('GET', '/_admin/log?offset=1')).body;
    assert.deepEqual(old.text, ['i1', 'e1']);
    assert.deepEqual(old.level, [3, 1]);
    assert.equal(old.totalAmount, 3);
    assert.deepEqual(old.topic, ['general', 'general']);
    assert.equal(old.timestamp.length, 2);
    assert.deepEqual((await call('GET', '/_admin/log?offset=5')).body.lid, []);
  });

  it('answers an unknown level 400/400 with ArangoDB\'s message', async () => {
    assert.deepEqual(await call('GET', '/_admin/log/entries?level=loud'), { status: 400, body: err(400, 400, "unknown 'level' log level: 'loud'") });
    assert.deepEqual(await call('GET', '/_admin/log?upto=9'), { status: 400, body: err(400, 400, "unknown 'upto' log level: '9'") });
  });

  it('DELETE /_admin/log/entries clears the entries', async () => {
    s.server.services.logger.warn('general', 'to be cleared');
    assert.deepEqual(await call('DELETE', '/_admin/log/entries'), { status: 200, body: { error: false, code: 200, result: {} } });
    assert.equal((await call('GET', '/_admin/log/entries')).body.total, 0);
  });

  it('answers wrong suffixes 400/601 and wrong methods 405', async () => {
    assert.deepEqual(await call('GET', '/_admin/log/nothing'), {
      status: 400,
      body: err(400, 601, "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either 'entries', 'level' or 'structured'"),
    });
    assert.deepEqual(await call('PUT', '/_admin/log', {}), { status: 400, body: err(400, 601, "provide a suffix, expecting /_admin/log/<suffix>, where suffix can be either 'level' or 'structured'") });
    assert.equal((await call('POST', '/_admin/log/level', {})).status, 405);
  });

  it('refuses a level that is none in an object body (400) and changes nothing', async () => {
    const r = await call('PUT', '/_admin/log/level', { queries: 'loud', agency: 'TRACE' });
    assert.equal(r.status, 400);
    assert.equal(r.body.errorNum, 400);
    assert.match(r.body.errorMessage, /^Failed to update log levels: /);
    assert.equal((await call('GET', '/_admin/log/level')).body.agency, 'INFO');
  });

  it('sets every topic with all=<level>', async () => {
    const r = await call('PUT', '/_admin/log/level', { all: 'trace' });
    assert.ok(Object.values(r.body).every((l) => l === 'TRACE'));
    await call('DELETE', '/_admin/log/level');
  });
});

describe('Logger ring buffer', () => {
  it('keeps the last `capacity` entries with growing ids, and only at or above the in-memory level', () => {
    const l = new Logger({ inMemory: true, inMemoryLevel: 'WARNING', capacity: 3, sink: () => undefined });
    for (let i = 1; i <= 5; i++) l.error('general', `e${i}`);
    l.info('general', 'not kept');
    const e = l.entries('TRACE', 0, true);
    assert.deepEqual(e.map((x) => x.message), ['e3', 'e4', 'e5']);
    assert.deepEqual(e.map((x) => x.id), [3, 4, 5]);
  });

  it('keeps nothing with --log-in-memory false', () => {
    const l = new Logger({ inMemory: false, inMemoryLevel: 'TRACE', sink: () => undefined });
    l.error('general', 'x');
    assert.deepEqual(l.entries('TRACE', 0, true), []);
  });
});

describe('permissions and options', () => {
  let s: TestServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    s = await startServer([], { startJobs: false });
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    call = client(s);
    await call('POST', '/_api/database', { name: 'other' });
    for (const u of ['admin', 'plain']) await call('POST', '/_api/user', { user: u, passwd: 'pw' });
    await call('PUT', '/_api/user/admin/database/_system', { grant: 'rw' });
    await call('PUT', '/_api/user/plain/database/other', { grant: 'rw' });
  });
  after(async () => {
    await s.close();
  });

  it('the log API: admins (rw on _system) only, from any database; others 403/403', async () => {
    assert.equal((await call('GET', '/_admin/log/level', undefined, 'admin')).status, 200);
    assert.equal((await call('GET', '/_db/other/_admin/log/entries', undefined, 'admin')).status, 200);
    assert.deepEqual(await call('GET', '/_db/other/_admin/log/level', undefined, 'plain'), { status: 403, body: err(403, 403, 'you need admin rights for log operations') });
  });

  it('support-info: admins only (403/403 insufficent permissions, ArangoDB\'s spelling)', async () => {
    assert.deepEqual(await call('GET', '/_db/other/_admin/support-info', undefined, 'plain'), { status: 403, body: err(403, 403, 'insufficent permissions') });
    assert.equal((await call('GET', '/_admin/support-info', undefined, 'admin')).status, 200);
  });

  it('compact: an admin who is not root is no superuser (403/11)', async () => {
    assert.deepEqual(await call('PUT', '/_admin/compact', {}, 'admin'), { status: 403, body: err(403, 11, 'compaction is only allowed for superusers') });
    assert.equal((await call('GET', '/_admin/compact')).status, 405);
  });

  it('statistics: any user of the database; clientUser counts only users other than root', async () => {
    const r = await call('GET', '/_db/other/_admin/statistics', undefined, 'plain');
    assert.equal(r.status, 200);
    assert.equal(r.body.error, false);
    assert.equal(r.body.code, 200);
    assert.equal(r.body.enabled, true);
    assert.ok(r.body.clientUser.totalTime.count < r.body.client.totalTime.count);
    assert.equal(r.body.client.totalTime.counts.length, 7);
    assert.equal(r.body.client.connectionTime.counts.length, 4);
    assert.equal(r.body.client.bytesSent.counts.length, 6);
    assert.equal(r.body.client.totalTime.counts.reduce((a: number, b: number) => a + b, 0), r.body.client.totalTime.count);
  });

  it('statistics-description: ArangoDB\'s groups and figures', async () => {
    const d = (await call('GET', '/_admin/statistics-description')).body;
    assert.deepEqual(
      d.groups.map((g: any) => g.group),
      ['system', 'client', 'clientUser', 'http', 'server'],
    );
    const totalTime = d.figures.find((f: any) => f.group === 'client' && f.identifier === 'totalTime');
    assert.deepEqual(totalTime, { group: 'client', identifier: 'totalTime', name: 'Total Time', description: 'Total time needed to answer a request.', type: 'distribution', cuts: [0.01, 0.05, 0.1, 0.2, 0.5, 1.0], units: 'seconds' });
    assert.deepEqual(d.figures.find((f: any) => f.identifier === 'uptime'), { group: 'server', identifier: 'uptime', name: 'Server Uptime', description: 'Number of seconds elapsed since server start.', type: 'current', units: 'seconds' });
  });

  it('/_admin/server/id: a single server answers 500/500, as ArangoDB', async () => {
    assert.deepEqual(await call('GET', '/_admin/server/id'), { status: 500, body: err(500, 500, 'internal server error') });
  });

  it('/_api/engine/<other>: 400/10; /_admin/routing/<other>: 404', async () => {
    assert.deepEqual(await call('GET', '/_api/engine/nope'), { status: 400, body: err(400, 10, 'expecting GET /_api/engine[/stats]') });
    assert.deepEqual(await call('GET', '/_admin/routing/nope'), { status: 404, body: err(404, 404, 'not found') });
  });

  for (const [flags, method, url, expected] of [
    [['--server-statistics', 'false'], 'GET', '/_admin/statistics', { status: 404, body: err(404, 36, 'statistics not enabled') }],
    [['--server-statistics', 'false'], 'GET', '/_admin/statistics-description', { status: 404, body: err(404, 36, 'statistics not enabled') }],
    [['--log-api-enabled', 'false'], 'GET', '/_admin/log/level', { status: 403, body: err(403, 403, 'log API is disabled') }],
    [['--support-info-api', 'disabled'], 'GET', '/_admin/support-info', { status: 404, body: err(404, 404, 'unknown path \'/_admin/support-info\'') }],
  ] as const) {
    it(`${flags.join(' ')}: ${method} ${url} answers ${expected.status}`, async () => {
      const t = await startServer([...flags], { startJobs: false });
      try {
        assert.deepEqual(await client(t)(method, url), expected);
      } finally {
        await t.close();
      }
    });
  }

  it('--log-api-enabled jwt: an admin who is not root is refused', async () => {
    const t = await startServer(['--log-api-enabled', 'jwt'], { startJobs: false });
    try {
      t.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
      const c = client(t);
      await c('POST', '/_api/user', { user: 'admin', passwd: 'pw' });
      await c('PUT', '/_api/user/admin/database/_system', { grant: 'rw' });
      assert.deepEqual(await c('GET', '/_admin/log/level', undefined, 'admin'), { status: 403, body: err(403, 403, 'you need super user rights for log operations') });
      assert.equal((await c('GET', '/_admin/log/level')).status, 200);
    } finally {
      await t.close();
    }
  });
});
