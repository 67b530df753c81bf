// --jwt-secret-keyfile and superuser tokens (ArangoDB's --server.jwt-secret-keyfile and
// auth::TokenCache::validateJwtBody): a JWT with `server_id` and no `preferred_username`,
// signed with the file's secret, has every right and sees every user's jobs; tokens from
// POST /_open/auth are signed with the same secret; a bad file stops the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { Server } from '../../src/server.js';
import { startServer, tempDir, type TestServer } from '../helpers/server.js';

/** A token signed by hand (not with src/users/jwt.ts), as go-driver's jwt package signs one. */
function sign(secret: string, body: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const message = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(body)}`;
  return `${message}.${createHmac('sha256', secret).update(message).digest('base64url')}`;
}

const BASIC_ALICE = 'Basic ' + Buffer.from('alice:pw').toString('base64');

describe('superuser tokens signed with --jwt-secret-keyfile', () => {
  let s: TestServer;
  let keyDir: string;
  const superuser = 'bearer ' + sign('s3cret', { iss: 'arangodb', server_id: 'tool' });

  before(async () => {
    keyDir = tempDir('cairn-jwt-');
    writeFileSync(join(keyDir, 'secret'), '  s3cret\n');
    s = await startServer(['--jwt-secret-keyfile', join(keyDir, 'secret')]);
    assert.equal((await s.request({ method: 'POST', url: '/_api/user', body: { user: 'alice', passwd: 'pw' } })).statusCode, 201);
    assert.equal((await s.request({ method: 'PUT', url: '/_api/user/alice/database/_system', body: { grant: 'rw' } })).statusCode, 200);
  });
  after(async () => {
    await s.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('a server_id token is accepted and may do what only admins may', async () => {
    const r = await s.request({ method: 'POST', url: '/_api/database', body: { name: 'bySuperuser' }, auth: superuser });
    assert.equal(r.statusCode, 201, r.body);
    const users = await s.request({ method: 'GET', url: '/_api/user', auth: superuser });
    assert.equal(users.statusCode, 200);
  });

  it('writes in read-only mode, where root and admins cannot (ArangoDB\'s superuser context)', async () => {
    const req = (method: string, url: string, body: unknown, auth?: string) => s.request({ method, url, body, auth });
    assert.equal((await req('POST', '/_api/collection', { name: 'ro_su' }, undefined)).statusCode, 200);
    assert.equal((await req('PUT', '/_admin/server/mode', { mode: 'readonly' }, undefined)).statusCode, 200);
    try {
      assert.equal((await req('POST', '/_api/document/ro_su', {}, undefined)).statusCode, 403, 'root is capped');
      assert.equal((await req('POST', '/_api/document/ro_su', {}, BASIC_ALICE)).statusCode, 403, 'an admin is capped');
      assert.equal((await req('POST', '/_api/document/ro_su', {}, superuser)).statusCode, 202);
      assert.equal((await req('POST', '/_api/database', { name: 'roBySuperuser' }, superuser)).statusCode, 201);
      assert.equal((await req('POST', '/_api/database', { name: 'roByRoot' }, undefined)).statusCode, 403);
    } finally {
      assert.equal((await req('PUT', '/_admin/server/mode', { mode: 'default' }, superuser)).statusCode, 200);
    }
  });

  it('sees the jobs of every user, where root sees only its own', async () => {
    const put = await s.request({ method: 'PUT', url: '/_api/version', headers: { 'x-arango-async': 'store' }, auth: BASIC_ALICE });
    assert.equal(put.statusCode, 202);
    const id = put.headers['x-arango-async-id'] as string;
    for (let i = 0; i < 100; i++) {
      const done = JSON.parse((await s.request({ method: 'GET', url: '/_api/job/done', auth: BASIC_ALICE })).body) as string[];
      if (done.includes(id)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const bySuperuser = JSON.parse((await s.request({ method: 'GET', url: '/_api/job/done', auth: superuser })).body) as string[];
    assert.ok(bySuperuser.includes(id), 'the superuser lists alice\'s job');
    const byRoot = JSON.parse((await s.request({ method: 'GET', url: '/_api/job/done' })).body) as string[];
    assert.ok(!byRoot.includes(id), 'root does not');
  });

  it('a token with preferred_username is that user, server_id or not', async () => {
    const asAlice = 'bearer ' + sign('s3cret', { iss: 'arangodb', preferred_username: 'alice', server_id: 'x' });
    const echo = await s.request({ method: 'GET', url: '/_admin/echo', auth: asAlice });
    assert.equal(echo.statusCode, 200);
    assert.equal(JSON.parse(echo.body).user, 'alice');
  });

  it('refuses a token signed with another secret, one naming nobody, an expired one and one not from arangodb', async () => {
    for (const token of [
      sign('other', { iss: 'arangodb', server_id: 'tool' }),
      sign('s3cret', { iss: 'arangodb' }),
      sign('s3cret', { iss: 'arangodb', server_id: 'tool', exp: Math.floor(Date.now() / 1000) - 10 }),
      sign('s3cret', { iss: 'somebody', server_id: 'tool' }),
    ]) {
      const r = await s.request({ method: 'GET', url: '/_api/version', auth: 'bearer ' + token });
      assert.equal(r.statusCode, 401, token);
    }
  });

  it('POST /_open/auth hands out tokens signed with the file\'s secret', async () => {
    const r = await s.request({ method: 'POST', url: '/_open/auth', body: { username: 'alice', password: 'pw' }, auth: null });
    assert.equal(r.statusCode, 200);
    const [h, b, sig] = (JSON.parse(r.body).jwt as string).split('.') as [string, string, string];
    assert.equal(createHmac('sha256', 's3cret').update(`${h}.${b}`).digest('base64url'), sig);
  });

  it('/_admin/options names the file under ArangoDB\'s option name', async () => {
    const r = await s.request({ method: 'GET', url: '/_admin/options' });
    assert.equal(JSON.parse(r.body)['server.jwt-secret-keyfile'], join(keyDir, 'secret'));
  });
});

describe('without --jwt-secret-keyfile', () => {
  it('the data directory\'s random secret signs tokens, so a guessed secret gets nothing', async () => {
    const s = await startServer();
    try {
      const r = await s.request({ method: 'GET', url: '/_api/version', auth: 'bearer ' + sign('', { iss: 'arangodb', server_id: 'tool' }) });
      assert.equal(r.statusCode, 401);
    } finally {
      await s.close();
    }
  });
});

describe('a bad --jwt-secret-keyfile', () => {
  for (const [what, content] of [
    ['a missing file', undefined],
    ['a file of white space', ' \n\t\n'],
  ] as const) {
    it(`${what} stops the server with a ConfigError naming the option`, async () => {
      const dir = tempDir('cairn-jwt-');
      try {
        const file = join(dir, 'secret');
        if (content !== undefined) writeFileSync(file, content);
        const config = loadConfig(['--data-dir', join(dir, 'data'), '--log-level', 'silent', '--port', '0', '--jwt-secret-keyfile', file], {});
        await assert.rejects(Server.create(config, { noSync: true }), (e: unknown) => e instanceof ConfigError && /--jwt-secret-keyfile/.test(e.message));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
