// /_api/batch (multipart batch requests). The `upstream:` cases port ArangoDB's
// tests/js/client/shell/api/batch.js suite by suite (all 28 cases; its multipart builder
// and parser are rewritten here); the others cover what it leaves out: the reply's exact
// shape, databases, identities, x-arango-async parts and malformed messages that must run
// nothing.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

interface PartIn { method: string; url: string; headers?: Record<string, string>; body?: string; contentId?: string }
interface PartOut { status: number; headers: Record<string, string>; body: string; contentId: string }

function multipart(parts: PartIn[], boundary = 'XXXArangoBatchXXX'): string {
  let out = '';
  for (const p of parts) {
    out += `--${boundary}\r\nContent-Type: application/x-arango-batchpart`;
    if (p.contentId !== undefined) out += `\r\nContent-Id: ${p.contentId}`;
    out += `\r\n\r\n${p.method} ${p.url} HTTP/1.1\r\n`;
    for (const [k, v] of Object.entries(p.headers ?? {})) out += `${k}: ${v}\r\n`;
    out += `\r\n${p.body ?? ''}\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}

/** The reply's parts; throws unless it ends with the closing boundary. */
function parse(body: string, boundary = 'XXXArangoBatchXXX'): PartOut[] {
  const sep = `--${boundary}`;
  assert.ok(body.endsWith(`${sep}--`), `reply ends with the closing boundary: ${JSON.stringify(body.slice(-60))}`);
  const chunks = body.slice(0, -(sep.length + 2)).split(sep).slice(1);
  return chunks.map((c) => {
    assert.ok(c.startsWith('\r\n'));
    const env = c.indexOf('\r\n\r\n');
    const envelope = c.slice(2, env);
    assert.match(envelope, /^Content-Type: application\/x-arango-batchpart/);
    const id = /\r\nContent-Id: (.*)$/.exec(envelope);
    const rest = c.slice(env + 4);
    const headEnd = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine!);
    assert.ok(m, statusLine);
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    assert.ok(rest.endsWith('\r\n'));
    const partBody = rest.slice(headEnd + 4, -2);
    assert.equal(Number(headers['content-length']), Buffer.byteLength(partBody), 'content-length is the body\'s');
    return { status: Number(m![1]), headers, body: partBody, contentId: id ? id[1]! : '' };
  });
}

describe('/_api/batch', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });
  const quoted = (b = 'XXXArangoBatchXXX') => ({ 'content-type': `multipart/form-data; boundary="${b}"` });
  async function post(body: string, headers: Record<string, string> = {}, method = 'POST', auth?: string) {
    const res = await s.request({ method, url: '/_api/batch', rawBody: body, headers, auth });
    return { status: res.statusCode, headers: res.headers, text: res.body, json: () => bodyOf(res) as any };
  }

  describe('upstream: batch.js using_disallowed_methodsSuite', () => {
    for (const method of ['GET', 'HEAD', 'DELETE', 'PATCH']) {
      it(`test_checks_whether_${method}_is_allowed_on___api_batch`, async () => {
        const r = await s.request({ method, url: '/_api/batch', rawBody: method === 'PATCH' ? '' : undefined });
        assert.equal(r.statusCode, 405);
        if (method === 'HEAD') assert.equal(r.body, '');
        else {
          assert.equal(bodyOf(r).error, true);
          assert.equal(bodyOf(r).code, 405);
        }
      });
    }
  });

  describe('upstream: batch.js checking_wrong_missing_content_type_boundarySuite', () => {
    const cases: [string, Record<string, string>][] = [
      ['test_checks_missing_content_type', {}],
      ['test_checks_invalid_content_type_xxx', { 'content-type': 'xxx/xxx' }],
      ['test_checks_invalid_content_type_json', { 'content-type': 'application/json' }],
      ['test_checks_valid_content_type_with_missing_boundary', { 'content-type': 'multipart/form-data' }],
      ['test_checks_valid_content_type_with_unexpected_boundary', { 'content-type': 'multipart/form-data; peng' }],
      ['test_checks_valid_content_type_with_broken_boundary', { 'content-type': 'multipart/form-data; boundary=' }],
      ['test_checks_valid_content_type_with_too_short_boundary', { 'content-type': 'multipart/form-data; boundary=a' }],
    ];
    for (const [name, headers] of cases) {
      it(name, async () => {
        const r = await post('xx', headers);
        assert.equal(r.status, 400);
        assert.deepEqual(r.json(), { error: true, code: 400, errorNum: 400, errorMessage: 'invalid content-type or boundary received' });
      });
    }
  });

  describe('upstream: batch.js checking_simple_requestsSuite', () => {
    it('test_checks_a_multipart_message_assembled_manually__broken_boundary', async () => {
      const r = await post('--SomeBoundaryValue\r\nContent-Type: application/x-arango-batchpart\r\n\r\nGET /_api/version HTTP/1.1\r\n\r\n--NotExistingBoundaryValue--');
      assert.equal(r.status, 400);
      assert.equal(r.json().errorMessage, 'invalid multipart message received');
    });
    it('test_checks_a_multipart_message_assembled_manually__no_boundary', async () => {
      assert.equal((await post('Content-Type: application/x-arango-batchpart\r\n\r\nGET /_api/version HTTP/1.1\r\n\r\n')).status, 400);
    });
    it('test_checks_a_multipart_message_assembled_manually', async () => {
      const r = await post('--SomeBoundaryValue\r\nContent-Type: application/x-arango-batchpart\r\n\r\nGET /_api/version HTTP/1.1\r\n\r\n--SomeBoundaryValue--');
      assert.equal(r.status, 200);
      const parts = parse(r.text, 'SomeBoundaryValue');
      assert.equal(parts.length, 1);
      assert.equal(parts[0]!.status, 200);
      assert.equal(JSON.parse(parts[0]!.body).server, 'arango');
    });
    it('test_checks_a_multipart_message_assembled_manually__with_404_URLs', async () => {
      const r = await post('--SomeBoundaryValue\r\nContent-Type: application/x-arango-batchpart\r\n\r\nGET /_api/nonexisting1 HTTP/1.1\r\n\r\n--SomeBoundaryValue\r\nContent-Type: application/x-arango-batchpart\r\n\r\nGET /_api/nonexisting2 HTTP/1.1\r\n\r\n--SomeBoundaryValue--');
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-arango-errors'], '2');
      assert.deepEqual(parse(r.text, 'SomeBoundaryValue').map((p) => p.status), [404, 404]);
    });
    it('test_checks_an_empty_operation_multipart_message', async () => {
      const r = await post(multipart([]), quoted());
      assert.equal(r.status, 400);
      assert.equal(r.json().code, 400);
    });
    for (const [name, n] of [
      ['test_checks_a_multipart_message_with_a_single_operation', 1],
      ['test_checks_valid_content_type_with_boundary_in_quotes', 4],
      ['test_checks_a_multipart_message_with_a_multiple_operations', 4],
      ['test_checks_a_multipart_message_with_many_operations', 127],
    ] as const) {
      it(name, async () => {
        const r = await post(multipart(Array.from({ length: n }, () => ({ method: 'GET', url: '/_api/version' }))), quoted());
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-type'], quoted()['content-type'], 'the reply has the request\'s content type');
        assert.equal(r.headers['x-arango-errors'], undefined);
        const parts = parse(r.text);
        assert.equal(parts.length, n);
        for (const p of parts) assert.equal(p.status, 200);
      });
    }
    it('test_checks_a_multipart_message_inside_a_multipart_message', async () => {
      const inner = multipart([{ method: 'GET', url: '/_api/version' }], 'innerBoundary');
      const r = await post(multipart([{ method: 'POST', url: '/_api/batch', headers: { 'Content-Type': 'multipart/form-data; boundary=innerBoundary' }, body: inner }]), quoted());
      assert.equal(r.status, 200);
      const [outer] = parse(r.text);
      assert.equal(outer!.status, 200);
      const nested = parse(outer!.body, 'innerBoundary');
      assert.deepEqual(nested.map((p) => p.status), [200]);
    });
    it('test_checks_a_few_multipart_messages_inside_a_multipart_message', async () => {
      const inner = multipart(Array.from({ length: 6 }, () => ({ method: 'GET', url: '/_api/version' })), 'innerBoundary');
      const r = await post(multipart([{ method: 'POST', url: '/_api/batch', headers: { 'Content-Type': 'multipart/form-data; boundary=innerBoundary' }, body: inner }]), quoted());
      assert.equal(r.status, 200);
      const [outer] = parse(r.text);
      assert.equal(outer!.status, 200);
      assert.equal(parse(outer!.body, 'innerBoundary').length, 6);
    });
  });

  describe('upstream: batch.js document suites', () => {
    const cn = 'UnitTestsBatch';
    const cn2 = 'UnitTestsBatch2';
    beforeEach(async () => {
      await s.request({ method: 'DELETE', url: `/_api/collection/${cn}` });
      await s.request({ method: 'DELETE', url: `/_api/collection/${cn2}` });
    });
    const count = async (c: string) => {
      const r = await s.request({ method: 'GET', url: `/_api/collection/${c}/figures` });
      return { status: r.statusCode, body: bodyOf(r) as any };
    };

    it('checking_batch_document_creationSuite test_checks_batch_document_creation', async () => {
      const parts: PartIn[] = [{ method: 'POST', url: '/_api/collection', body: `{"name":"${cn}"}` }];
      for (let i = 0; i < 10; i++) parts.push({ method: 'POST', url: `/_api/document?collection=${cn}`, body: '{"a":1,"b":2}' });
      const r = await post(multipart(parts), quoted());
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-arango-errors'], undefined, r.text);
      const out = parse(r.text);
      assert.deepEqual(out.map((p) => p.status), [200, ...Array(10).fill(202)]);
      const f = await count(cn);
      assert.equal(f.status, 200);
      assert.equal(f.body.status, 3);
      assert.equal(f.body.count, 10);
    });

    it('checking_batch_document_creation_with_some_errorsSuite test_checks_batch_document_creation_error', async () => {
      await s.request({ method: 'POST', url: '/_api/collection', body: { name: cn, waitForSync: true } });
      const parts: PartIn[] = [];
      for (let i = 0; i < 10; i++) parts.push({ method: 'POST', url: `/_api/document?collection=${i % 2 === 1 ? cn : cn2}`, body: '{"a":1,"b":2}' });
      const r = await post(multipart(parts), quoted());
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-arango-errors'], '5');
      assert.deepEqual(parse(r.text).map((p) => p.status), [404, 201, 404, 201, 404, 201, 404, 201, 404, 201]);
      assert.equal((await count(cn)).body.count, 5);
    });

    it('checking_batch_document_creation_with_non_existing_collectionSuite test_checks_batch_document_creation_nx_collection', async () => {
      const parts: PartIn[] = Array.from({ length: 10 }, () => ({ method: 'POST', url: `/_api/document?collection=${cn}`, body: '{"a":1,"b":2}' }));
      const r = await post(multipart(parts), quoted());
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-arango-errors'], '10');
      for (const p of parse(r.text)) {
        assert.equal(p.status, 404);
        assert.equal(JSON.parse(p.body).errorNum, 1203);
      }
      const f = await count(cn);
      assert.equal(f.status, 404);
      assert.equal(f.body.errorNum, 1203);
    });
  });

  describe('upstream: batch.js checking_content_idsSuite', () => {
    const run = async (ids: string[]) => {
      const r = await post(multipart(ids.map((contentId) => ({ method: 'GET', url: '/_api/version', contentId }))), quoted());
      assert.equal(r.status, 200);
      return parse(r.text);
    };
    it('test_checks_a_multipart_message_with_content_ids', async () => {
      const parts = await run(['part1', 'part2', 'part3']);
      assert.deepEqual(parts.map((p) => [p.status, p.contentId]), [[200, 'part1'], [200, 'part2'], [200, 'part3']]);
    });
    it('test_checks_a_multipart_message_with_identical_content_ids', async () => {
      const parts = await run(['part1', 'part1', 'part1']);
      assert.deepEqual(parts.map((p) => p.contentId), ['part1', 'part1', 'part1']);
    });
    it('test_checks_a_multipart_message_with_very_different_content_ids', async () => {
      const parts = await run(['    abcdef.gjhdjslrt.sjgfjss@024n5nhg.sdffns.gdfnkddgme-fghnsnfg', 'a', '94325.566335.5555hd.3553-4354333333333333 ']);
      // leading spaces are skipped, the rest is echoed as sent (upstream's parser reads up to whitespace)
      assert.deepEqual(parts.map((p) => p.contentId), ['abcdef.gjhdjslrt.sjgfjss@024n5nhg.sdffns.gdfnkddgme-fghnsnfg', 'a', '94325.566335.5555hd.3553-4354333333333333 ']);
    });
  });

  describe('beyond the upstream suite', () => {
    it('runs the parts in the batch\'s database, whatever /_db/ a part names, in order', async () => {
      await s.request({ method: 'POST', url: '/_api/database', body: { name: 'batchdb' } });
      const parts: PartIn[] = [
        { method: 'POST', url: '/_api/collection', body: '{"name":"inbatch"}' },
        { method: 'POST', url: '/_db/_system/_api/document/inbatch', body: '{"_key":"k","v":1}' },
        { method: 'PATCH', url: '/_api/document/inbatch/k', body: '{"v":2}' },
        { method: 'GET', url: '/_api/document/inbatch/k' },
      ];
      const r = await s.request({ method: 'POST', url: '/_db/batchdb/_api/batch', rawBody: multipart(parts), headers: quoted() });
      assert.equal(r.statusCode, 200);
      const out = parse(r.body);
      assert.deepEqual(out.map((p) => p.status), [200, 202, 202, 200]);
      assert.equal(JSON.parse(out[3]!.body).v, 2);
      assert.equal(out[3]!.headers.etag, `"${JSON.parse(out[3]!.body)._rev}"`, 'a part\'s headers come along');
      assert.equal((await s.request({ method: 'GET', url: '/_db/batchdb/_api/document/inbatch/k' })).statusCode, 200);
      assert.equal((await s.request({ method: 'GET', url: '/_api/collection/inbatch' })).statusCode, 404, 'nothing in _system');
      await s.request({ method: 'DELETE', url: '/_api/database/batchdb' });
    });

    it('runs every part as the batch\'s caller: a user without access gets 403 parts', async () => {
      await s.request({ method: 'POST', url: '/_api/user', body: { user: 'batcher', passwd: 'pw' } });
      const auth = 'Basic ' + Buffer.from('batcher:pw').toString('base64');
      const body = multipart([{ method: 'GET', url: '/_api/version', headers: { Authorization: 'Basic ' + Buffer.from('root:').toString('base64') } }, { method: 'POST', url: '/_api/collection', body: '{"name":"byBatcher"}' }]);
      const r = await post(body, quoted(), 'POST', auth);
      // batcher has no access to _system: the batch itself is refused as any request of theirs
      assert.equal(r.status, 401);
      await s.request({ method: 'PUT', url: '/_api/user/batcher/database/_system', body: { grant: 'ro' } });
      const r2 = await post(body, quoted(), 'POST', auth);
      assert.equal(r2.status, 200);
      assert.deepEqual(parse(r2.text).map((p) => p.status), [200, 403], 'a part\'s own Authorization header does not make it root');
      assert.equal(r2.headers['x-arango-errors'], '1');
      await s.request({ method: 'DELETE', url: '/_api/user/batcher' });
    });

    it('x-arango-async on a part is not read: the part runs in the batch (ArangoDB reads it per connection, not per handler)', async () => {
      const r = await post(multipart([{ method: 'GET', url: '/_api/version', headers: { 'x-arango-async': 'store' } }]), quoted());
      const [p] = parse(r.text);
      assert.equal(p!.status, 200);
      assert.equal(p!.headers['x-arango-async-id'], undefined);
      assert.equal(JSON.parse(p!.body).server, 'arango');
    });

    it('the batch itself may be an async job, its parts run when the job runs', async () => {
      const r = await s.request({ method: 'PUT', url: '/_api/batch', rawBody: multipart([{ method: 'GET', url: '/_api/version', contentId: 'j' }]), headers: { ...quoted(), 'x-arango-async': 'store' } });
      assert.equal(r.statusCode, 202);
      const id = r.headers['x-arango-async-id'] as string;
      const res = await s.request({ method: 'PUT', url: `/_api/job/${id}?waitTime=5` });
      assert.equal(res.statusCode, 200, res.body);
      const [p] = parse(res.body);
      assert.deepEqual([p!.status, p!.contentId], [200, 'j']);
    });

    it('a message malformed after its first parts runs none of them', async () => {
      await s.request({ method: 'DELETE', url: '/_api/collection/notrun' });
      const good = multipart([{ method: 'POST', url: '/_api/collection', body: '{"name":"notrun"}' }]).replace(/--XXXArangoBatchXXX--\r\n$/, '');
      const broken = `${good}--XXXArangoBatchXXX\r\nContent-Type: text/plain\r\n\r\nGET /_api/version HTTP/1.1\r\n\r\n--XXXArangoBatchXXX--`;
      const r = await post(broken, quoted());
      assert.equal(r.status, 400);
      assert.equal(r.json().errorMessage, 'invalid multipart message received');
      assert.equal((await s.request({ method: 'GET', url: '/_api/collection/notrun' })).statusCode, 404);
    });

    it('LF line breaks are read as ArangoDB reads them', async () => {
      const body = '--XXXArangoBatchXXX\nContent-Type: application/x-arango-batchpart\nContent-Id: lf\n\nGET /_api/version HTTP/1.1\n\n\n--XXXArangoBatchXXX--\n';
      const r = await post(body, quoted());
      assert.equal(r.status, 200);
      const [p] = parse(r.text);
      assert.deepEqual([p!.status, p!.contentId], [200, 'lf']);
    });
  });
});
