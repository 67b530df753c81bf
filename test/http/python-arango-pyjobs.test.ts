// What python-arango's own tests (tests/test_async.py, test_cursor.py, test_aql.py,
// test_task.py, test_transaction.py) need from Cairn where Cairn answered differently,
// replayed as the HTTP requests the driver sends.
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';

describe('python-arango test_task.py', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('answers a task whose created is a JSON float even on a whole second', async () => {
    // test_task_management: isinstance(new_task["created"], float); a JSON number without
    // a fraction is an int in Python
    const now = mock.method(Date, 'now', () => 1796658007000);
    let text: string;
    try {
      const res = await s.request({ method: 'POST', url: '/_api/tasks', body: { name: 'test_task_x', command: 'require("@arangodb").print(params);', params: { foo: 1 }, offset: 100 } });
      assert.equal(res.statusCode, 200);
      text = res.body;
    } finally {
      now.mock.restore();
    }
    const m = /"created":([0-9.eE+-]+)/.exec(text);
    assert.ok(m, text);
    assert.ok(m[1]!.includes('.'), `created ${m[1]} has no fraction`);
    assert.ok(Math.abs(Number(m[1]) - 1796658007) < 0.001);
    const id = JSON.parse(text).id as string;
    const got = await s.request({ method: 'GET', url: `/_api/tasks/${id}` });
    assert.equal(JSON.parse(got.body).created, JSON.parse(text).created);
    await s.request({ method: 'DELETE', url: `/_api/tasks/${id}` });
  });
});
