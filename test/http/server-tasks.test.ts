// ArangoDB's server tasks (/_api/tasks; src/http/routes/server-tasks.ts and transactions/js-tasks.ts): registration answers (the task object, no
// envelope), timed tasks that run once and leave the list, periodic ones that run until
// unregistered, params, the registration errors word for word, and the switch that turns
// registration off. Runs are observed through the documents the tasks write.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('/_api/tasks', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown) {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  const count = async () => (await call('GET', '/_api/collection/ticks/count')).body.count as number;
  const until = async (cond: () => Promise<boolean>, ms = 3000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  };
  const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

  beforeEach(async () => {
    await call('DELETE', '/_api/collection/ticks');
    await call('POST', '/_api/collection', { name: 'ticks' });
    for (const t of (await call('GET', '/_api/tasks')).body) await call('DELETE', `/_api/tasks/${t.id}`);
  });

  it('runs a timed task once, with its params, then forgets it', async () => {
    const r = await call('PUT', '/_api/tasks/once', { name: 'one shot', command: "require('@arangodb').db.ticks.save({ v: params.v });", params: { v: 42 }, offset: 0.05 });
    assert.equal(r.status, 200);
    const created = r.body.created;
    assert.ok(typeof created === 'number' && Math.abs(created - Date.now() / 1000) < 5);
    assert.deepEqual(r.body, {
      id: 'once',
      name: 'one shot',
      created,
      type: 'timed',
      offset: 0.05,
      command: "(function (params) { require('@arangodb').db.ticks.save({ v: params.v }); } )(params);",
      database: '_system',
    });
    assert.deepEqual((await call('GET', '/_api/tasks/once')).body, r.body);
    assert.ok(await until(async () => (await count()) === 1));
    assert.deepEqual((await call('POST', '/_api/cursor', { query: 'FOR t IN ticks RETURN t.v' })).body.result, [42]);
    assert.ok(await until(async () => (await call('GET', '/_api/tasks/once')).status === 404), 'a timed task leaves the list after its run');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await count(), 1, 'it ran once');
  });

  it('runs a periodic task until it is unregistered', async () => {
    const r = await call('POST', '/_api/tasks', { command: "require('@arangodb').db.ticks.save({});", period: 0.05 });
    assert.equal(r.status, 200);
    assert.equal(r.body.type, 'periodic');
    assert.equal(r.body.period, 0.05);
    assert.equal(r.body.name, 'user-defined task');
    assert.match(r.body.id, /^\d+$/);
    assert.deepEqual((await call('GET', '/_api/tasks')).body.map((t: any) => t.id), [r.body.id]);
    assert.ok(await until(async () => (await count()) >= 3), 'it ran again and again');
    assert.deepEqual((await call('DELETE', `/_api/tasks/${r.body.id}`)).body, { error: false, code: 200 });
    await new Promise((r) => setTimeout(r, 100)); // a run under way finishes
    const settled = await count();
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await count(), settled, 'no run after unregistering');
    assert.deepEqual((await call('GET', `/_api/tasks/${r.body.id}`)).body, err(404, 1852, 'task not found'));
    assert.deepEqual((await call('DELETE', `/_api/tasks/${r.body.id}`)).body, err(404, 1852, 'task not found'));
  });

  it('stops a run under way when the task is unregistered, freeing its worker', async () => {
    const r = await call('POST', '/_api/tasks', { command: "require('@arangodb').db.ticks.save({}); while (true) {}", offset: 0 });
    assert.ok(await until(async () => (await count()) === 1));
    await call('DELETE', `/_api/tasks/${r.body.id}`);
    // every worker is free again: as many JavaScript transactions as workers run at once
    const all = await Promise.all(Array.from({ length: 4 }, () => call('POST', '/_api/transaction', { collections: {}, action: 'function () { return 1; }' })));
    assert.deepEqual(all.map((x) => x.body.result), [1, 1, 1, 1]);
  });

  it('keeps running after a run throws', async () => {
    const r = await call('POST', '/_api/tasks', { command: "require('@arangodb').db.ticks.save({}); throw new Error('every time');", period: 0.05 });
    assert.ok(await until(async () => (await count()) >= 2));
    await call('DELETE', `/_api/tasks/${r.body.id}`);
  });

  it('answers malformed registrations as ArangoDB does', async () => {
    assert.deepEqual((await call('POST', '/_api/tasks', { name: 'x' })).body, err(400, 10, 'command must be specified'));
    assert.deepEqual((await call('POST', '/_api/tasks', { command: 'return (' })).body, err(400, 10, 'cannot compile command'));
    assert.deepEqual((await call('POST', '/_api/tasks', { command: '1', period: 0 })).body, err(400, 10, 'task period must be specified and positive'));
    assert.deepEqual((await call('POST', '/_api/tasks', { command: '1', runAsUser: 'someone' })).body, err(403, 11, 'cannot run task as a different user'));
    assert.deepEqual((await call('PUT', '/_api/tasks', { command: '1' })).body, err(400, 10, 'expected PUT /_api/tasks/<task-id>'));
    await call('PUT', '/_api/tasks/twice', { command: '1', offset: 60 });
    assert.deepEqual((await call('PUT', '/_api/tasks/twice', { command: '1' })).body, err(409, 1851, 'duplicate task id'));
    assert.deepEqual((await call('GET', '/_api/tasks/a/b')).body, err(400, 601, 'superfluous parameter, expecting /_api/tasks[/<id>]'));
    assert.deepEqual((await call('DELETE', '/_api/tasks')).body, err(400, 601, 'bad parameter, expecting /_api/tasks/<id>'));
    assert.deepEqual((await call('PATCH', '/_api/tasks')).body, err(405, 405, 'method not supported'));
  });

  it('refuses registrations with --javascript-tasks false', async () => {
    const off = await startServer(['--javascript-tasks', 'false']);
    try {
      const res = await off.request({ method: 'POST', url: '/_api/tasks', body: { command: '1' } });
      assert.deepEqual(bodyOf(res), err(403, 11, 'JavaScript tasks are disabled'));
    } finally {
      await off.close();
    }
  });
});
