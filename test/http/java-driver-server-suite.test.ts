// What the official Java driver's server-level tests send and expect, replayed against
// Cairn (in-process, authentication on, root without a password): arangodb/arangodb-java-driver
// test-functional/.../ArangoDBTest.java (version, databases, users and grants, access
// tokens, the log API, optimizer rules, async jobs), JwtAuthTest.java, UserAgentTest.java
// and ConcurrencyTests.java (ten pending queries at once, checked through
// /_api/query/current rather than by timing).
// Requests are InternalArangoDB's (paths on _system, query parameters as the driver's
// toString() of its options: upto=WARNING, level=INFO, sort=asc). Left out: cluster-only
// cases (createDatabaseWithOptions*, logLevelWithServerId, resetLogLevelsWithServerId),
// queueTime (@Disabled upstream), loadproperties and packageVersion* (client-side only).
// The facts are theirs; the code is ours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: any; headers: Record<string, unknown> };
let t: TestServer;
const DB1 = 'ArangoDBTest_db1';
const DB2 = 'ArangoDBTest_db2';
const PW = 'machts der hund';
const basic = (user: string, pw: string) => 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');

before(async () => {
  // the log at info, written nowhere: the log API cases read the in-memory log
  t = await startServer(['--log-level', 'info'], { logSink: () => undefined });
  for (const name of [DB1, DB2]) assert.equal((await call('POST', '/_api/database', { name })).status, 201);
});
after(async () => {
  await t.close();
});

async function call(method: string, url: string, body?: unknown, opts: { auth?: string | null; headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await t.request({ method, url, body, auth: opts.auth, headers: opts.headers });
  return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res), headers: res.headers };
}
async function ok(r: Promise<Reply>): Promise<any> {
  const res = await r;
  assert.ok(res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const user = () => `user-${randomUUID()}`;

describe('Java driver ArangoDBTest: version, databases, users', () => {
  it('version names server and version; details=true adds details and x-arango-queue-time-seconds (getVersion, executeGetVersion)', async () => {
    const v = await ok(call('GET', '/_api/version'));
    assert.deepEqual([typeof v.server, typeof v.version], ['string', 'string']);
    const r = await call('GET', '/_api/version?details=true');
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.version, 'string');
    assert.equal(typeof r.body.details, 'object');
    assert.equal(typeof r.headers['x-arango-queue-time-seconds'], 'string');
  });

  it('a database is created and dropped, both answering result true (createAndDeleteDatabase)', async () => {
    const name = `ArangoDBTest_${randomUUID().slice(0, 8)}`;
    assert.equal((await ok(call('POST', '/_api/database', { name }))).result, true);
    assert.equal((await ok(call('DELETE', `/_api/database/${name}`))).result, true);
  });

  it('the NFC form of a name works, the other is refused naming normalization (createWithNotNormalizedName)', async () => {
    const name = 'testDB-\u006E\u0303\u00f1';
    await ok(call('POST', '/_api/database', { name: name.normalize('NFC') }));
    await ok(call('DELETE', `/_api/database/${encodeURIComponent(name.normalize('NFC'))}`));
    const r = await call('POST', '/_api/database', { name });
    assert.equal(r.status, 400);
    assert.match(r.body.errorMessage, /normalized/);
  });

  it('a database created with a user: the user is active with its extra and can create a collection there (createDatabaseWithUsers)', async () => {
    const name = `ArangoDBTest_${randomUUID().slice(0, 8)}`;
    const extra = { key: 'value' };
    await ok(call('POST', '/_api/database', { name, users: [{ active: true, username: 'testUser', passwd: 'testPasswd', extra }] }));
    assert.equal((await ok(call('GET', `/_db/${name}/_api/database/current`))).result.name, name);
    const u = (await ok(call('GET', '/_api/user'))).result.find((x: any) => x.user === 'testUser');
    assert.deepEqual([u.active, u.extra], [true, extra]);
    await ok(call('POST', `/_db/${name}/_api/collection`, { name: `col-${randomUUID()}` }, { auth: basic('testUser', 'testPasswd') }));
    assert.equal((await ok(call('DELETE', `/_api/database/${name}`))).result, true);
    await ok(call('DELETE', '/_api/user/testUser'));
  });

  it('database lists: all, the caller\'s, and root\'s by user (getDatabases, getAccessibleDatabases, getAccessibleDatabasesFor)', async () => {
    const all = (await ok(call('GET', '/_api/database'))).result;
    assert.ok(all.includes('_system') && all.includes(DB1));
    assert.ok((await ok(call('GET', '/_api/database/user'))).result.includes('_system'));
    assert.ok(Object.keys((await ok(call('GET', '/_api/user/root/database'))).result).includes('_system'));
  });

  it('an unknown database is 404/1228; each database answers its version (arangoDBException, accessMultipleDatabases)', async () => {
    const r = await call('GET', '/_db/no/_api/database/current');
    assert.deepEqual([r.status, r.body.errorNum], [404, 1228]);
    for (const db of [DB1, DB2]) assert.equal(typeof (await ok(call('GET', `/_db/${db}/_api/version`))).version, 'string');
  });

  it('users are created, read, listed and deleted (createUser, deleteUser, getUser, getUserRoot, getUsersOnlyRoot, getUsers)', async () => {
    const initial = (await ok(call('GET', '/_api/user'))).result.map((u: any) => u.user);
    assert.ok(initial.length > 0);
    assert.equal((await ok(call('GET', '/_api/user/root'))).user, 'root');
    const name = user();
    assert.equal((await ok(call('POST', '/_api/user', { user: name, passwd: PW }))).user, name);
    assert.equal((await ok(call('GET', `/_api/user/${name}`))).user, name);
    const users = (await ok(call('GET', '/_api/user'))).result.map((u: any) => u.user);
    assert.equal(users.length, initial.length + 1);
    for (const u of users) assert.ok([...initial, name].includes(u));
    await ok(call('DELETE', `/_api/user/${name}`));
    assert.equal((await call('GET', `/_api/user/${name}`)).status, 404);
  });

  it('PATCH merges extra, PUT replaces it, an empty PATCH changes nothing (updateUser, replaceUser, updateUserNoOptions)', async () => {
    const name = user();
    await ok(call('POST', '/_api/user', { user: name, passwd: PW, extra: { hund: false } }));
    assert.deepEqual((await ok(call('PATCH', `/_api/user/${name}`, { extra: { hund: true, mund: true } }))).extra, { hund: true, mund: true });
    assert.deepEqual((await ok(call('GET', `/_api/user/${name}`))).extra, { hund: true, mund: true });
    assert.deepEqual((await ok(call('PUT', `/_api/user/${name}`, { extra: { mund: true } }))).extra, { mund: true });
    assert.deepEqual((await ok(call('GET', `/_api/user/${name}`))).extra, { mund: true });
    assert.deepEqual((await ok(call('PATCH', `/_api/user/${name}`, {}))).extra, { mund: true });
    await ok(call('DELETE', `/_api/user/${name}`));
  });

  it('default database and collection grants answer the key and the level (updateUserDefaultDatabaseAccess, updateUserDefaultCollectionAccess)', async () => {
    const name = user();
    await ok(call('POST', '/_api/user', { user: name, passwd: PW }));
    assert.equal((await ok(call('PUT', `/_api/user/${name}/database/*`, { grant: 'rw' })))['*'], 'rw');
    assert.equal((await ok(call('PUT', `/_api/user/${name}/database/*/*`, { grant: 'rw' })))['*/*'], 'rw');
    await ok(call('DELETE', `/_api/user/${name}`));
  });

  it('a wrong password or an unknown user is 401 (authenticationFailPassword, authenticationFailUser)', async () => {
    assert.equal((await call('GET', '/_api/version', undefined, { auth: basic('root', 'no') })).status, 401);
    assert.equal((await call('GET', '/_api/version', undefined, { auth: basic('no', '') })).status, 401);
  });

  it('every optimizer rule has a name and all six flags (getQueryOptimizerRules)', async () => {
    const rules = await ok(call('GET', '/_api/query/rules'));
    assert.ok(rules.length > 0);
    for (const r of rules) {
      assert.equal(typeof r.name, 'string');
      for (const f of ['hidden', 'clusterOnly', 'canBeDisabled', 'canCreateAdditionalPlans', 'disabledByDefault', 'enterpriseOnly']) assert.equal(typeof r.flags[f], 'boolean', `${r.name} ${f}`);
    }
  });

  it('an access token is created active with its name and validity, listed, and deleted (createAccessToken, getAccessTokens, deleteAccessToken)', async () => {
    const name = `foo-${randomUUID()}`;
    const validUntil = Math.floor(Date.now() / 1000) + 86400;
    const token = await ok(call('POST', '/_api/token/root', { name, valid_until: validUntil }));
    assert.equal(token.active, true);
    assert.ok(token.created_at > 0);
    assert.equal(typeof token.fingerprint, 'string');
    assert.notEqual(token.id, undefined);
    assert.deepEqual([token.name, token.valid_until], [name, validUntil]);
    const listed = (await ok(call('GET', '/_api/token/root'))).tokens.find((x: any) => x.id === token.id);
    assert.deepEqual([listed.name, listed.valid_until, listed.active, listed.created_at], [name, validUntil, true, token.created_at]);
    await ok(call('DELETE', `/_api/token/root/${token.id}`));
    assert.ok(!(await ok(call('GET', '/_api/token/root'))).tokens.some((x: any) => x.id === token.id));
  });

  it('a stored async query is fetched with PUT /_api/job/<id>: 204 while pending, then 201 with its result (asyncAndLaterResultRetrieval)', async () => {
    const r = await call('POST', '/_api/cursor', { query: 'RETURN SLEEP(0.1) || 5' }, { headers: { 'x-arango-async': 'store' } });
    assert.equal(r.status, 202);
    const id = r.headers['x-arango-async-id'] as string;
    let job = await call('PUT', `/_api/job/${id}`);
    while (job.status === 204) {
      await new Promise((res) => setTimeout(res, 50));
      job = await call('PUT', `/_api/job/${id}`);
    }
    assert.equal(job.status, 201);
    assert.deepEqual(job.body.result, [5]);
  });
});

describe('Java driver ArangoDBTest: the log API', () => {
  type Entry = { id: number; level: string; message: string };
  const entries = async (q = ''): Promise<{ total: number; messages: Entry[] }> => ok(call('GET', `/_admin/log/entries${q}`));
  before(async () => {
    // ArangoDB's log holds its startup lines; an in-process Cairn has not listened (its
    // "ready for business" line), so the test writes a few lines of two levels itself
    const logger = t.server.services.logger;
    for (let i = 0; i < 3; i++) logger.info('general', `java driver log test line ${i}`);
    logger.warn('general', 'java driver log test warning');
    assert.ok((await entries()).total >= 4, 'the in-memory log holds entries');
  });

  it('total counts the messages (getLogEntries)', async () => {
    const all = await entries();
    assert.ok(all.total > 0);
    assert.equal(all.messages.length, all.total);
  });

  it('upto=WARNING leaves out INFO, level=INFO keeps only INFO (getLogEntriesUpto, getLogEntriesLevel)', async () => {
    assert.ok(!(await entries('?upto=WARNING')).messages.some((m) => m.level === 'INFO'));
    const info = (await entries('?level=INFO')).messages;
    assert.ok(info.every((m) => m.level === 'INFO'));
  });

  it('start, size and offset page through the messages (getLogEntriesStart, getLogEntriesSize, getLogEntriesOffset)', async () => {
    const all = await entries();
    const firstId = all.messages[0]!.id;
    assert.ok(!(await entries(`?start=${firstId + 1}`)).messages.some((m) => m.id === firstId));
    assert.equal((await entries(`?size=${all.messages.length - 1}`)).messages.length, all.messages.length - 1);
    assert.ok(!(await entries('?offset=1')).messages.some((m) => m.id === firstId));
  });

  it('a search matches fewer messages than all (getLogEntriesSearch)', async () => {
    assert.ok((await entries()).total > (await entries(`?search=${DB1}-not-in-any-line`)).total);
  });

  it('sort=asc gives rising ids, sort=desc falling ones (getLogEntriesSortAsc, getLogEntriesSortDesc)', async () => {
    const asc = (await entries('?sort=asc')).messages.map((m) => m.id);
    const desc = (await entries('?sort=desc')).messages.map((m) => m.id);
    for (let i = 1; i < asc.length; i++) assert.ok(asc[i]! > asc[i - 1]!);
    for (let i = 1; i < desc.length; i++) assert.ok(desc[i]! < desc[i - 1]!);
  });

  it('levels: agency is INFO, set to ERROR alone or through all (queries, rep-wal, rep-state too), reset to the start values (getLogLevel, setLogLevel, setAllLogLevel, resetLogLevels)', async () => {
    assert.equal((await ok(call('GET', '/_admin/log/level'))).agency, 'INFO');
    assert.equal((await ok(call('PUT', '/_admin/log/level', { agency: 'ERROR' }))).agency, 'ERROR');
    await ok(call('PUT', '/_admin/log/level', { agency: 'INFO' }));
    const all = await ok(call('PUT', '/_admin/log/level', { all: 'ERROR' }));
    assert.deepEqual([all.agency, all.queries, all['rep-wal'], all['rep-state']], ['ERROR', 'ERROR', 'ERROR', 'ERROR']);
    assert.equal((await ok(call('GET', '/_admin/log/level'))).agency, 'ERROR');
    await ok(call('PUT', '/_admin/log/level', { all: 'INFO' }));
    assert.equal((await ok(call('PUT', '/_admin/log/level', { graphs: 'ERROR' }))).graphs, 'ERROR');
    assert.equal((await ok(call('DELETE', '/_admin/log/level'))).graphs, 'INFO');
  });
});

describe('Java driver JwtAuthTest and UserAgentTest', () => {
  it('no credentials are 401; the JWT from /_open/auth works; a bad one is 401, the good one again works (notAuthenticated, authenticated, updateJwt)', async () => {
    const jwt = (await ok(call('POST', '/_open/auth', { username: 'root', password: '' }, { auth: null }))).jwt as string;
    assert.equal((await call('GET', '/_api/version', undefined, { auth: null })).status, 401);
    assert.equal((await call('GET', '/_api/version', undefined, { auth: `bearer ${jwt}` })).status, 200);
    assert.equal((await call('GET', '/_api/version', undefined, { auth: 'bearer bla' })).status, 401);
    assert.equal((await call('GET', '/_api/version', undefined, { auth: `bearer ${jwt}` })).status, 200);
  });

  it('/_admin/echo shows the x-arango-driver header as sent (userAgentHeader)', async () => {
    const ua = 'JavaDriver/7.22.0 (JVM/21)';
    const r = await ok(call('GET', '/_admin/echo', undefined, { headers: { 'x-arango-driver': ua } }));
    assert.equal(r.headers['x-arango-driver'], ua);
  });
});

describe('Java driver ConcurrencyTests', () => {
  it('ten RETURN SLEEP(1) queries run at the same time, and all finish with 201 (concurrentPendingRequests)', async () => {
    const query = `RETURN SLEEP(1) /* ${randomUUID()} */`;
    const pending = Array.from({ length: 10 }, () => call('POST', '/_api/cursor', { query }));
    let most = 0;
    for (let i = 0; i < 200 && most < 10; i++) {
      const current = (await ok(call('GET', '/_api/query/current'))) as { query: string }[];
      most = Math.max(most, current.filter((q) => q.query === query).length);
      if (most < 10) await new Promise((res) => setTimeout(res, 20));
    }
    assert.equal(most, 10, 'all ten queries were running at once');
    for (const r of await Promise.all(pending)) assert.deepEqual([r.status, r.body.result], [201, [null]]);
  });
});
