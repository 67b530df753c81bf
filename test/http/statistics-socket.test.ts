// /_admin/statistics over a real connection (app.ts recordAnswer): the bytes a request
// took and its answer gave come from the socket's counters, an answer's bytes counted
// when the socket's next request is answered or the socket closes. Checked against the
// bytes the client itself sent and received on a raw socket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startServer, type TestServer } from '../helpers/server.js';

const ALICE = 'Basic ' + Buffer.from('alice:pw').toString('base64');

describe('/_admin/statistics byte counts on a real connection', () => {
  let s: TestServer;
  let port: number;
  before(async () => {
    s = await startServer([], { startJobs: false });
    port = Number(new URL(await s.server.listen('127.0.0.1', 0)).port);
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'alice', passwd: 'pw' } })).statusCode, 201);
    assert.equal((await s.request({ method: 'PUT', url: '/_api/user/alice/database/_system', body: { grant: 'ro' } })).statusCode, 200);
  });
  after(() => s.close());

  /** clientUser: requests of users other than root, so root's statistics requests stay out. */
  const users = async () => JSON.parse((await s.request({ method: 'GET', url: '/_admin/statistics' })).body).clientUser;

  /** Sends `n` GET /_api/version on one keep-alive socket, then closes it; the bytes each way. */
  async function exchange(n: number): Promise<{ sent: number; received: number }> {
    const sock: Socket = connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const request = `GET /_api/version HTTP/1.1\r\nHost: x\r\nAuthorization: ${ALICE}\r\n\r\n`;
    let received = 0;
    for (let i = 0; i < n; i++) {
      const got = new Promise<void>((resolve) => {
        let buf = '';
        const onData = (d: Buffer) => {
          received += d.length;
          buf += d.toString('latin1');
          const head = buf.indexOf('\r\n\r\n');
          const len = /content-length: (\d+)/i.exec(buf);
          if (head >= 0 && len && buf.length >= head + 4 + Number(len[1])) {
            sock.off('data', onData);
            resolve();
          }
        };
        sock.on('data', onData);
      });
      sock.write(request);
      await got;
    }
    await new Promise<void>((r) => sock.end(() => r()));
    await new Promise((r) => sock.once('close', r));
    return { sent: n * Buffer.byteLength(request), received };
  }

  it('counts exactly what the client sent and received, every answer once, the last at close', async () => {
    const before = await users();
    const moved = await exchange(3);
    await new Promise((r) => setTimeout(r, 50)); // the server sees the close
    const after = await users();
    assert.equal(after.bytesReceived.count - before.bytesReceived.count, 3);
    assert.equal(after.bytesSent.count - before.bytesSent.count, 3);
    assert.equal(after.bytesReceived.sum - before.bytesReceived.sum, moved.sent);
    assert.equal(after.bytesSent.sum - before.bytesSent.sum, moved.received);
    assert.equal(after.totalTime.count - before.totalTime.count, 3);
  });
});
