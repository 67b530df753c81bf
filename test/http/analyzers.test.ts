// /_api/analyzer over HTTP beyond the upstream suites: every request error in
// RestAnalyzerHandler's order and words, the conflict text, listing across databases,
// permissions (ro reads, rw writes, as IResearchAnalyzerFeature::canUse), storage that
// survives a restart, a dropped `_analyzers` created again, and TOKENS's messages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { rmSync } from 'node:fs';

const SHAPE = '{ name: <string>, type: <string>[, properties: <object>[, features: <string-array>]] }';
const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });
const basic = (user: string) => 'Basic ' + Buffer.from(`${user}:pw`).toString('base64');

let s: TestServer;
async function call(method: string, url: string, body?: unknown, opts: { raw?: string; user?: string } = {}) {
  const res = await s.request({ method, url, body, rawBody: opts.raw, auth: opts.user ? basic(opts.user) : undefined });
  return { status: res.statusCode, body: res.body === '' ? undefined : (bodyOf(res) as any) };
}

describe('/_api/analyzer', () => {
  before(async () => {
    s = await startServer(['--auth', 'true'], { startJobs: false });
    s.server.services.users.scryptCost = { N: 1024, r: 8, p: 1 };
    await call('POST', '/_api/database', { name: 'shop' });
  });
  after(async () => {
    await s.close();
  });

  it('refuses bad create requests in ArangoDB order and words', async () => {
    const cases: [unknown, string | undefined, number, number, string][] = [
      [undefined, '{}', 400, 600, 'invalid JSON object'],
      [undefined, '[1]', 400, 10, `expecting body to be of the form ${SHAPE}`],
      [{ type: 'identity' }, undefined, 400, 10, `invalid 'name', expecting body to be of the form ${SHAPE}`],
      [{ name: 'other::x', type: 'identity' }, undefined, 403, 11, 'Database in analyzer name does not match current database'],
      [{ name: '1a' }, undefined, 400, 10, "invalid characters in analyzer name '1a'"],
      [{ name: 'a', properties: {} }, undefined, 400, 10, `invalid 'type', expecting body to be of the form ${SHAPE}`],
      [{ name: 'a', type: 'identity', properties: [1] }, undefined, 400, 10, `invalid 'properties', expecting body to be of the form ${SHAPE}`],
      [{ name: 'a', type: 'identity', features: 'frequency' }, undefined, 400, 10, `invalid 'features', expecting body to be of the form ${SHAPE}`],
      [{ name: 'a', type: 'identity', features: [1] }, undefined, 400, 10, `invalid value in 'features', expecting body to be of the form ${SHAPE}`],
      [{ name: 'a', type: 'identity', features: ['nope'] }, undefined, 400, 10, `unknown value in 'features', expecting body to be of the form ${SHAPE}`],
      [{ name: '1a', type: 'identity' }, undefined, 400, 10, "invalid characters in analyzer name '1a'"],
      [{ name: 'a', type: 'classification', properties: {} }, undefined, 501, 9, "Not implemented analyzer type 'classification'."],
      [{ name: 'a', type: 'identity', features: ['offset'] }, undefined, 400, 10, "missing feature 'position' required when 'offset' feature is specified"],
    ];
    for (const [body, raw, status, errorNum, message] of cases) {
      const r = await call('POST', '/_api/analyzer', body, { raw });
      assert.deepEqual(r, { status, body: err(status, errorNum, message) }, JSON.stringify(body ?? raw));
    }
    assert.equal((await call('POST', '/_api/analyzer/x', { name: 'a', type: 'identity' })).body.errorMessage, 'expecting POST /_api/analyzer');
  });

  it('refuses aql analyzers whose query does not parse or reads a collection', async () => {
    for (const queryString of ['RETURN (', 'FOR d IN docs RETURN d']) {
      const properties = { queryString };
      const r = await call('POST', '/_api/analyzer', { name: 'q', type: 'aql', properties });
      assert.deepEqual(
        r.body,
        err(400, 10, `Failure initializing an arangosearch analyzer instance for name '_system::q' type 'aql'. Properties '${JSON.stringify(properties)}' was rejected by analyzer. Please check documentation for corresponding analyzer type.`),
      );
    }
    const pipe = { pipeline: [{ type: 'aql', properties: { queryString: 'RETURN (' } }] };
    assert.equal((await call('POST', '/_api/analyzer', { name: 'q', type: 'pipeline', properties: pipe })).body.errorNum, 10);
  });

  it('accepts properties given as a JSON string', async () => {
    const r = await call('POST', '/_api/analyzer', { name: 'strprops', type: 'delimiter', properties: '{"delimiter":";"}' });
    assert.deepEqual(r, { status: 201, body: { name: '_system::strprops', type: 'delimiter', properties: { delimiter: ';' }, features: [] } });
    await call('DELETE', '/_api/analyzer/strprops');
  });

  it('answers a differing definition of a taken name with ArangoDB collision text', async () => {
    await call('POST', '/_api/analyzer', { name: 'dup', type: 'delimiter', properties: { delimiter: ',' }, features: ['frequency'] });
    // an equal definition, written differently, is the same analyzer (200)
    assert.equal((await call('POST', '/_api/analyzer', { name: 'dup', type: 'delimiter', properties: '{"delimiter":","}', features: ['frequency'] })).status, 200);
    const r = await call('POST', '/_api/analyzer', { name: 'dup', type: 'delimiter', properties: { delimiter: ';' }, features: ['frequency'] });
    assert.equal(r.status, 400);
    assert.equal(
      r.body.errorMessage,
      "Name collision detected while registering an arangosearch analyzer.\nCurrent definition is:\n{\n  name:'_system::dup'\n  type: 'delimiter'\n  properties:'{\"delimiter\":\";\"}'\n  features: [\n    'frequency'\n  ]\n}\nPrevious definition was:\n" +
        '{"name":"_system::dup","type":"delimiter","properties":{"delimiter":","},"features":["frequency"]}',
    );
    await call('DELETE', '/_api/analyzer/dup');
  });

  it('reads and removes with ArangoDB errors', async () => {
    assert.deepEqual((await call('GET', '/_api/analyzer/nope')).body, err(404, 1202, 'unable to find analyzer: _system::nope'));
    assert.deepEqual((await call('GET', '/_db/shop/_api/analyzer/other::x')).body, err(403, 11, "Analyzer 'other::x' is not accessible. Only analyzers from current database ('shop') or system database are available"));
    assert.deepEqual((await call('GET', '/_api/analyzer/shop::x')).body, err(403, 11, "Analyzer 'shop::x' is not accessible. Only analyzers from current database ('_system') are available"));
    assert.deepEqual((await call('GET', '/_api/analyzer/a/b')).body, err(400, 10, 'expecting GET /_api/analyzer[/<analyzer-name>]'));
    assert.deepEqual((await call('DELETE', '/_api/analyzer')).body, err(400, 10, 'expecting DELETE /_api/analyzer/<analyzer-name>[?force=true]'));
    assert.deepEqual((await call('DELETE', '/_api/analyzer/text_en')).body, err(403, 11, 'built-in analyzers cannot be removed'));
    assert.deepEqual((await call('DELETE', '/_api/analyzer/a%20b')).body, err(400, 10, "Invalid characters in analyzer name 'a b'."));
    assert.deepEqual((await call('DELETE', '/_api/analyzer/gone')).body, err(404, 1202, "failure to find analyzer while removing arangosearch analyzer '_system::gone'"));
    assert.equal((await call('PUT', '/_api/analyzer')).status, 405);
  });

  it('lists built-ins, then the database own, then _system', async () => {
    await call('POST', '/_api/analyzer', { name: 'sysa', type: 'identity' });
    await call('POST', '/_db/shop/_api/analyzer', { name: 'shopa', type: 'identity' });
    const names = (await call('GET', '/_db/shop/_api/analyzer')).body.result.map((a: any) => a.name);
    assert.deepEqual(names.slice(13), ['shop::shopa', '_system::sysa']);
    assert.deepEqual((await call('GET', '/_api/analyzer')).body.result.map((a: any) => a.name).slice(13), ['_system::sysa']);
    assert.equal((await call('GET', '/_db/shop/_api/analyzer/::sysa')).body.name, '_system::sysa');
  });

  it('reads with ro, writes with rw, as canUse', async () => {
    for (const u of ['ro', 'rw']) await call('POST', '/_api/user', { user: u, passwd: 'pw' });
    await call('PUT', '/_api/user/ro/database/shop', { grant: 'ro' });
    await call('PUT', '/_api/user/rw/database/shop', { grant: 'rw' });
    assert.equal((await call('GET', '/_db/shop/_api/analyzer/shopa', undefined, { user: 'ro' })).status, 200);
    // no access to _system: its analyzers are left out of the list and unreadable
    const names = (await call('GET', '/_db/shop/_api/analyzer', undefined, { user: 'ro' })).body.result.map((a: any) => a.name);
    assert.ok(names.includes('shop::shopa') && !names.includes('_system::sysa'));
    assert.deepEqual((await call('GET', '/_db/shop/_api/analyzer/::sysa', undefined, { user: 'ro' })).body, err(403, 11, 'insufficient rights while getting analyzer: _system::sysa'));
    assert.deepEqual((await call('POST', '/_db/shop/_api/analyzer', { name: 'x', type: 'identity' }, { user: 'ro' })).body, err(403, 11, 'insufficient rights while creating analyzer: {"name":"x","type":"identity"}'));
    assert.deepEqual((await call('DELETE', '/_db/shop/_api/analyzer/shopa', undefined, { user: 'ro' })).body, err(403, 11, 'insufficient rights while removing analyzer: shop::shopa'));
    assert.equal((await call('POST', '/_db/shop/_api/analyzer', { name: 'x', type: 'identity' }, { user: 'rw' })).status, 201);
    assert.equal((await call('DELETE', '/_db/shop/_api/analyzer/x', undefined, { user: 'rw' })).status, 200);
  });

  it('creates _analyzers again when it was dropped', async () => {
    assert.equal((await call('DELETE', '/_db/shop/_api/collection/_analyzers?isSystem=true')).status, 200);
    assert.equal((await call('GET', '/_db/shop/_api/analyzer/shopa')).status, 404);
    assert.equal((await call('POST', '/_db/shop/_api/analyzer', { name: 'again', type: 'identity' })).status, 201);
    assert.equal((await call('GET', '/_db/shop/_api/collection/_analyzers')).body.isSystem, true);
  });

  it('TOKENS: analyzers of the query database and _system, ArangoDB messages', async () => {
    const q = async (query: string, db = 'shop') => (await call('POST', `/_db/${db}/_api/cursor`, { query })).body;
    assert.deepEqual((await q("RETURN TOKENS('a', 'again')")).result, [['a']]);
    assert.deepEqual((await q("RETURN TOKENS('a', '::sysa')")).result, [['a']]);
    assert.deepEqual((await q("RETURN TOKENS('a', '_system::sysa')")).result, [['a']]);
    assert.match((await q("RETURN TOKENS('a', 'shop::again')", '_system')).errorMessage, /failure to find arangosearch analyzer with name 'shop::again' while computing result for function 'TOKENS'/);
    assert.match((await q("RETURN TOKENS('a', 1)")).errorMessage, /invalid analyzer name argument type while computing result for function 'TOKENS', string expected/);
    assert.match((await q("RETURN TOKENS({}, 'identity')")).errorMessage, /unexpected parameter type 'object' while computing result for function 'TOKENS'/);
    assert.deepEqual((await q("RETURN ANALYZER(1 + 1, 'text_en')")).result, [2]);
    // geo analyzers: definitions only; a string is the wrong input, an object's S2 terms are not computed
    await call('POST', '/_db/shop/_api/analyzer', { name: 'geo', type: 'geojson' });
    assert.match((await q("RETURN TOKENS('x', 'geo')")).errorMessage, /unexpected parameter type 'string' while computing result for function 'TOKENS'/);
    const g = await q("RETURN TOKENS({type: 'Point', coordinates: [1, 2]}, 'geo')");
    assert.equal(g.errorNum, 9);
  });
});

describe('/_api/analyzer across a restart', () => {
  it('keeps custom analyzers in _analyzers', async () => {
    const dir = tempDir();
    try {
      s = await startServer([], { dir });
      assert.equal((await call('POST', '/_api/analyzer', { name: 'kept', type: 'text', properties: { locale: 'en' } })).status, 201);
      await s.close();
      s = await startServer([], { dir });
      const r = await call('GET', '/_api/analyzer/kept');
      assert.deepEqual(r.body.properties, { locale: 'en', case: 'lower', stopwords: [], accent: false, stemming: true });
      assert.deepEqual((await call('POST', '/_api/cursor', { query: "RETURN TOKENS('Running dogs', 'kept')" })).body.result, [['run', 'dog']]);
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
