// Upstream analyzer tests replayed against Cairn: ArangoDB 3.12's
// tests/js/client/shell/api/analyzer.js (the REST API), its shell suite
// iResearchFeatureAqlTestSuite (the @arangodb/analyzers module and TOKENS; the module's
// calls are the REST calls it makes: save = POST, analyzer = GET (null on 404),
// remove = DELETE ?force, toArray = GET list), arangojs's 28-accessing-analyzers.ts and
// 29-manipulating-analyzers.ts, and python-arango's test_analyzer.py. Each test names
// its upstream file and case; assertions are the upstream ones (arangosh's raw
// requests report the HTTP status as errorNum, so those cases compare the status).
// testAnalyzerLinks needs a view link; Cairn's own cases after it cover inverted indexes
// and `_system` analyzers used from other databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

async function call(method: string, url: string, body?: unknown, raw?: string) {
  const res = await s.request({ method, url, body, rawBody: raw });
  return { status: res.statusCode, body: bodyOf(res) as any };
}
const prefix = (db: string) => (db === '_system' ? '' : `/_db/${db}`);
const save = (db: string, name: string, type: string, properties?: unknown, features?: string[]) =>
  call('POST', `${prefix(db)}/_api/analyzer`, { name, type, ...(properties === undefined ? {} : { properties }), ...(features === undefined ? {} : { features }) });
const remove = (db: string, name: string, force = false) => call('DELETE', `${prefix(db)}/_api/analyzer/${encodeURIComponent(name)}${force ? '?force=true' : ''}`);
const get = (db: string, name: string) => call('GET', `${prefix(db)}/_api/analyzer/${encodeURIComponent(name)}`);
const list = async (db = '_system') => (await call('GET', `${prefix(db)}/_api/analyzer`)).body.result as { name: string }[];
async function query(text: string, db = '_system'): Promise<{ rows?: any[]; errorNum?: number; message?: string }> {
  const r = await call('POST', `${prefix(db)}/_api/cursor`, { query: text });
  return r.status === 201 ? { rows: r.body.result } : { errorNum: r.body.errorNum, message: r.body.errorMessage };
}
const tokens = async (text: string, db = '_system') => {
  const r = await query(text, db);
  assert.equal(r.errorNum, undefined, r.message);
  return r.rows![0];
};
async function createDb(name: string) {
  await call('DELETE', `/_api/database/${name}`);
  assert.equal((await call('POST', '/_api/database', { name })).status, 201);
}
const dropDb = (name: string) => call('DELETE', `/_api/database/${name}`);
const U = 'analyzer.js';
const SHELL = 'iResearchFeatureAqlTestSuite';

describe(`ArangoDB ${U}`, () => {
  const name = 'vimoji';
  const body = (o: unknown) => JSON.stringify(o);
  const postRaw = (o: unknown, url = '/_api/analyzer') => call('POST', url, undefined, body(o));
  const tearDown = () => remove('_system', name, true);

  it(`${U} testAnalyzerGet`, async () => {
    const r = await call('GET', '/_api/analyzer');
    assert.equal(r.body.error, false);
    assert.equal(r.body.code, 200);
    assert.equal(r.body.result.length, 13);
  });
  it(`${U} testAnalyzerGetInvalid`, async () => {
    const r = await call('GET', '/_api/analyzer/invalid');
    assert.equal(r.body.error, true);
    assert.equal(r.status, 404);
    assert.equal(r.body.errorNum, 1202);
  });
  it(`${U} testAnalyzerCreateIdentity`, async () => {
    const r = await postRaw({ type: 'identity', name });
    assert.equal(r.status, 201);
    assert.equal(r.body.error, undefined);
    await tearDown();
  });
  it(`${U} testAnalyzerCreateRemoveIdentiy`, async () => {
    assert.equal((await postRaw({ type: 'identity', name })).status, 201);
    const r = await remove('_system', name);
    assert.equal(r.status, 200);
    assert.equal(r.body.error, false);
    assert.equal((await remove('_system', name)).status, 404);
  });
  it(`${U} testAnalyzerCreateDoubleIdentity`, async () => {
    assert.equal((await postRaw({ type: 'identity', name })).status, 201);
    assert.equal((await postRaw({ type: 'identity', name })).status, 200);
    await tearDown();
  });
  it(`${U} testAnalyzerCreateText`, async () => {
    assert.equal((await postRaw({ type: 'text', name, properties: { locale: 'en.UTF-8', stopwords: [] } })).status, 201);
    await tearDown();
  });
  it(`${U} testAnalyzerReplaceInplaceText`, async () => {
    assert.equal((await postRaw({ type: 'text', name, properties: { locale: 'en.UTF-8', stopwords: [] } })).status, 201);
    const r = await postRaw({ type: 'text', name, properties: { locale: 'de.UTF-8', stopwords: [] } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, true);
    await tearDown();
  });
  for (const [id, props] of [
    ['testAnalyzerCreateTextMissingName', undefined],
    ['testAnalyzerCreateTextMissingProperties1', null],
    ['testAnalyzerCreateTextMissingProperties2', { stopwords: [] }],
    ['testAnalyzerCreateTextInvalidProperties1', { locale: 'en.UTF-8', stopwords: { invalid: 'property' } }],
  ] as const) {
    it(`${U} ${id}`, async () => {
      const o: Record<string, unknown> = { type: 'text' };
      if (id !== 'testAnalyzerCreateTextMissingName') o.name = name;
      if (props !== null) o.properties = props ?? { locale: 'en.UTF-8', stopwords: [] };
      const r = await postRaw(o);
      assert.equal(r.status, 400);
      assert.equal(r.body.error, true);
      assert.equal(r.body.errorNum, 10);
    });
  }
  for (const [id, type, properties] of [
    ['testAnalyzerCreateDelimited', 'delimiter', { delimiter: '❤' }],
    ['testAnalyzerCreateNgram', 'ngram', { min: 3, max: 4, preserveOriginal: true }],
    ['testAnalyzerCreateNorm', 'norm', { locale: 'en.UTF-8', accent: true, stemming: false }],
    ['testAnalyzerCreateStem', 'stem', { locale: 'en.UTF-8' }],
  ] as const) {
    it(`${U} ${id}`, async () => {
      assert.equal((await postRaw({ type, name, properties })).status, 201);
      await tearDown();
    });
  }
  it(`${U} testAnalyzerDifferentDB`, async () => {
    await createDb('ulf');
    const r = await postRaw({ type: 'identity', name }, '/_db/ulf/_api/analyzer');
    assert.equal(r.status, 201);
    assert.equal(r.body.name, 'ulf::vimoji');
    await dropDb('ulf');
  });
  it(`${U} testAnalyzerCreateMany`, async () => {
    for (let i = 0; i < 10; i++) assert.equal((await postRaw({ type: 'text', name: name + i, properties: { locale: 'en.UTF-8', stopwords: [] } })).status, 201);
    assert.equal((await list()).length, 23);
    for (let i = 0; i < 10; i++) await remove('_system', name + i);
    assert.equal((await list()).length, 13);
  });
  it(`${U} testAnalyzerLinks: 409/1200 while a view link uses it, removed with ?force=true`, async () => {
    try {
      assert.equal((await postRaw({ name, type: 'text', properties: { locale: 'en.UTF-8', stopwords: [] } })).status, 201);
      await call('POST', '/_api/collection', { name: 'ulfColTestLinks' });
      await call('POST', '/_api/view', { name: 'ulfViewTestLinks', type: 'arangosearch' });
      const links = { ulfColTestLinks: { includeAllFields: true, storeValues: 'id', fields: { text: { analyzers: [name], fields: { value: {} } } } } };
      assert.equal((await call('PATCH', '/_api/view/ulfViewTestLinks/properties', { links })).status, 200);
      const r = await call('DELETE', `/_api/analyzer/${name}`);
      assert.deepEqual(r.body, { error: true, code: 409, errorNum: 1200, errorMessage: "analyzer in-use while removing arangosearch analyzer '_system::vimoji'" });
      const forced = await call('DELETE', `/_api/analyzer/${name}?force=true`);
      assert.equal(forced.body.error, false);
    } finally {
      await call('DELETE', '/_api/view/ulfViewTestLinks');
      await call('DELETE', '/_api/collection/ulfColTestLinks');
      await tearDown();
    }
  });
  it('Cairn: an inverted index using an analyzer keeps it from removal (409) until ?force=true; unused again after the index is dropped', async () => {
    try {
      await postRaw({ name, type: 'identity' });
      await call('POST', '/_api/collection', { name: 'ulfColIdx' });
      const ix = await call('POST', '/_api/index?collection=ulfColIdx', { type: 'inverted', name: 'inv', fields: [{ name: 'a', analyzer: name }] });
      assert.equal(ix.status, 201, JSON.stringify(ix.body));
      assert.equal((await remove('_system', name)).status, 409);
      assert.equal((await call('DELETE', `/_api/index/${ix.body.id}`)).status, 200);
      assert.equal((await remove('_system', name)).status, 200);
    } finally {
      await call('DELETE', '/_api/collection/ulfColIdx');
      await tearDown();
    }
  });
});

describe(`ArangoDB ${SHELL}`, () => {
  const ok = async (r: Promise<{ status: number; body: any }>) => {
    const x = await r;
    assert.ok(x.status === 200 || x.status === 201, JSON.stringify(x.body));
    return x.body;
  };
  const failsWith = async (r: Promise<{ status: number; body: any }>, errorNum: number) => {
    const x = await r;
    assert.equal(x.body.errorNum, errorNum, JSON.stringify(x.body));
  };
  const analyzersCount = async (db = '_system') => (await query('RETURN LENGTH(_analyzers)', db)).rows![0];

  it(`${SHELL} testAnalyzersCollectionPresent`, async () => {
    await createDb('analyzersCollTestDb');
    assert.equal((await call('GET', '/_db/analyzersCollTestDb/_api/collection/_analyzers')).status, 200);
    await dropDb('analyzersCollTestDb');
  });
  it(`${SHELL} testAnalyzersInvalidPropertiesDiscarded`, async () => {
    for (const [n, type, props] of [
      ['normPropAnalyzer', 'norm', { locale: 'en', invalid_param: true }],
      ['textPropAnalyzer', 'text', { stopwords: [], locale: 'en', invalid_param: true }],
      ['textPropAnalyzerWithNgram', 'text', { stopwords: [], locale: 'en', edgeNgram: { min: 2, invalid_param: true } }],
      ['delimiterPropAnalyzer', 'delimiter', { delimiter: '|', invalid_param: true }],
      ['stemPropAnalyzer', 'stem', { locale: 'en', invalid_param: true }],
      ['ngramPropAnalyzer', 'ngram', { min: 1, max: 5, preserveOriginal: true, invalid_param: true }],
    ] as const) {
      const old = await analyzersCount();
      const a = await ok(save('_system', n, type, props));
      assert.equal(await analyzersCount(), old + 1);
      assert.equal(a.properties.invalid_param, undefined);
      if (n === 'textPropAnalyzerWithNgram') assert.deepEqual(a.properties.edgeNgram, { min: 2 });
      await ok(remove('_system', n, true));
      assert.equal(await analyzersCount(), old);
    }
  });
  it(`${SHELL} testAnalyzerRemovalWithDatabaseName_InSystem`, async () => {
    const db = 'analyzerWrongDbName1';
    await createDb(db);
    await ok(save(db, 'MyTrigram', 'ngram', { min: 2, max: 3, preserveOriginal: true }));
    await failsWith(remove('_system', `${db}::MyTrigram`), 11);
    await ok(remove(db, `${db}::MyTrigram`, true));
    await dropDb(db);
  });
  it(`${SHELL} testAnalyzerCreateRemovalWithDatabaseName_InDb`, async () => {
    const db = 'analyzerWrongDbName2';
    await createDb(db);
    await failsWith(save('_system', `${db}::MyTrigram`, 'ngram', { min: 2, max: 3, preserveOriginal: true }), 11);
    await ok(save(db, `${db}::MyTrigram`, 'ngram', { min: 2, max: 3, preserveOriginal: true }));
    await ok(remove(db, `${db}::MyTrigram`, true));
    await dropDb(db);
  });
  it(`${SHELL} testAnalyzerUseOnDBServer_InDb`, async () => {
    const db = 'analyzerUseOnDbServer';
    await createDb(db);
    await ok(save(db, 'MyTrigram', 'ngram', { min: 2, max: 3, preserveOriginal: true }));
    const r = await query("FOR d IN _analyzers FILTER NOOPT(LENGTH(TOKENS('foobar', 'MyTrigram')) > 0) RETURN d", db);
    assert.equal(r.rows!.length, 1);
    const d = r.rows![0];
    assert.equal(d._id, '_analyzers/MyTrigram');
    assert.equal(d._key, 'MyTrigram');
    assert.equal(d.name, 'MyTrigram');
    assert.equal(d.type, 'ngram');
    assert.deepEqual(d.properties, { min: 2, max: 3, preserveOriginal: true, streamType: 'binary', startMarker: '', endMarker: '' });
    assert.deepEqual(d.features, []);
    await dropDb(db);
  });
  it(`${SHELL} testAnalyzerCreateRemovalWithDatabaseName_InSystem`, async () => {
    const db = 'analyzerWrongDbName3';
    await createDb(db);
    const props = { min: 2, max: 3, preserveOriginal: true };
    await failsWith(save(db, '::MyTrigram', 'ngram', props), 11);
    await failsWith(save(db, '_system::MyTrigram', 'ngram', props), 11);
    await ok(save('_system', '::MyTrigram', 'ngram', props));
    await ok(remove('_system', '::MyTrigram', true));
    await ok(save('_system', '_system::MyTrigram', 'ngram', props));
    await ok(remove('_system', '_system::MyTrigram', true));
    await dropDb(db);
  });
  it(`${SHELL} testAnalyzerInvalidName`, async () => {
    const db = 'analyzerWrongDbName4';
    await createDb(db);
    await failsWith(save(db, `${db}::MyTr:igram`, 'ngram', { min: 2, max: 3, preserveOriginal: true }), 10);
    await dropDb(db);
  });
  it(`${SHELL} testAnalyzerGetFromOtherDatabase`, async () => {
    await createDb('analyzerDbName');
    await createDb('anotherDbName');
    await ok(save('analyzerDbName', 'MyTrigram', 'ngram', { min: 2, max: 3, preserveOriginal: true }));
    await failsWith(get('anotherDbName', 'analyzerDbName::MyTrigram'), 11);
    await dropDb('anotherDbName');
    await dropDb('analyzerDbName');
  });
  it(`${SHELL} testAnalyzers`, async () => {
    const oldList = await list();
    assert.equal(await analyzersCount(), 0);
    await ok(save('_system', 'testAnalyzer', 'stem', { locale: 'en' }, ['frequency']));
    const a = await ok(get('_system', '_system::testAnalyzer'));
    assert.equal(a.name, '_system::testAnalyzer');
    assert.equal(a.type, 'stem');
    assert.deepEqual(a.properties, { locale: 'en' });
    assert.deepEqual(a.features, ['frequency']);
    const saved = (await query('FOR d IN _analyzers RETURN d')).rows![0];
    assert.equal(Object.keys(saved).length, 8);
    assert.equal(saved._id, '_analyzers/testAnalyzer');
    assert.equal(saved._key, 'testAnalyzer');
    assert.equal(saved.name, 'testAnalyzer');
    assert.equal(saved.type, 'stem');
    assert.equal(saved.revision, 0);
    assert.deepEqual(saved.properties, a.properties);
    assert.deepEqual(saved.features, a.features);
    assert.equal((await list()).length, oldList.length + 1);
    await ok(remove('_system', 'testAnalyzer'));
    assert.equal((await get('_system', '_system::testAnalyzer')).status, 404);
    assert.equal((await list()).length, oldList.length);
    assert.equal(await analyzersCount(), 0);
  });
  it(`${SHELL} testAnalyzersFeatures`, async () => {
    await failsWith(save('_system', 'testAnalyzer', 'identity', {}, ['unknown']), 10);
    await failsWith(save('_system', 'testAnalyzer', 'identity', {}, ['position']), 10);
    await ok(save('_system', 'testAnalyzer', 'identity', {}, ['frequency', 'position']));
    await ok(remove('_system', 'testAnalyzer', true));
  });
  it(`${SHELL} testAnalyzersPrefix`, async () => {
    const db = 'TestDB';
    await createDb(db);
    const oldList = await list(db);
    await ok(save('_system', 'testAnalyzer', 'identity', {}, ['frequency']));
    await ok(save(db, 'testAnalyzer', 'identity', {}, ['norm']));
    const a = await ok(get(db, 'testAnalyzer'));
    assert.equal(a.name, `${db}::testAnalyzer`);
    assert.deepEqual(a.properties, {});
    assert.deepEqual(a.features, ['norm']);
    const b = await ok(get(db, '::testAnalyzer'));
    assert.equal(b.name, '_system::testAnalyzer');
    assert.deepEqual(b.features, ['frequency']);
    assert.equal((await list(db)).length, oldList.length + 2);
    await ok(remove(db, 'testAnalyzer', true));
    assert.equal((await get(db, 'testAnalyzer')).status, 404);
    await ok(remove('_system', 'testAnalyzer', true));
    assert.equal((await get(db, '::testAnalyzer')).status, 404);
    assert.equal((await list(db)).length, oldList.length);
    await dropDb(db);
  });
  it(`${SHELL} testTokensFunctions`, async () => {
    assert.deepEqual(await tokens('RETURN TOKENS(null)'), ['']);
    assert.deepEqual(await tokens("RETURN TOKENS(['a quick brown fox jumps', 'jumps over lazy dog'], 'text_en')"), [
      ['a', 'quick', 'brown', 'fox', 'jump'],
      ['jump', 'over', 'lazi', 'dog'],
    ]);
    assert.deepEqual(await tokens("RETURN TOKENS([['a quick brown fox jumps', 'jumps over lazy dog'], ['may the force be with you', 'yet another brick'] ], 'text_en')"), [
      [
        ['a', 'quick', 'brown', 'fox', 'jump'],
        ['jump', 'over', 'lazi', 'dog'],
      ],
      [
        ['may', 'the', 'forc', 'be', 'with', 'you'],
        ['yet', 'anoth', 'brick'],
      ],
    ]);
    assert.deepEqual(await tokens("RETURN TOKENS([[[[[['a quick brown fox jumps', 'jumps over lazy dog']]]]]], 'text_en')"), [
      [[[[[['a', 'quick', 'brown', 'fox', 'jump'], ['jump', 'over', 'lazi', 'dog']]]]]],
    ]);
    const PI = ['oMAJHrhR64Uf', 'sMAJHrhR6w==', 'wMAJHrg=', '0MAJ'];
    const FIVE = ['oMAUAAAAAAAA', 'sMAUAAAAAA==', 'wMAUAAA=', '0MAU'];
    const FOUR = ['oMAQAAAAAAAA', 'sMAQAAAAAA==', 'wMAQAAA=', '0MAQ'];
    assert.deepEqual(await tokens('RETURN TOKENS(3.14)'), PI);
    assert.deepEqual(await tokens('RETURN TOKENS([1, 2, 3.14])'), [['oL/wAAAAAAAA', 'sL/wAAAAAA==', 'wL/wAAA=', '0L/w'], ['oMAAAAAAAAAA', 'sMAAAAAAAA==', 'wMAAAAA=', '0MAA'], PI]);
    assert.deepEqual(await tokens('RETURN TOKENS(true)'), ['/w==']);
    assert.deepEqual(await tokens('RETURN TOKENS([true, false, true])'), [['/w=='], ['AA=='], ['/w==']]);
    assert.deepEqual(await tokens("RETURN TOKENS(['quick fox', null, true, 3.14, 'string array', 5, [true, 4, 'one two'], true], 'text_en')"), [
      ['quick', 'fox'], [''], ['/w=='], PI, ['string', 'array'], FIVE, [['/w=='], FOUR, ['one', 'two']], ['/w=='],
    ]);
    assert.deepEqual(await tokens("RETURN TOKENS(['quick fox', null, true, 3.14, 'string array', 5, [true, 4, 'one two'], true])"), [
      ['quick fox'], [''], ['/w=='], PI, ['string array'], FIVE, [['/w=='], FOUR, ['one two']], ['/w=='],
    ]);
    assert.deepEqual(await tokens('RETURN TOKENS([null, true, 3.14, 5, [true, 4], true])'), [[''], ['/w=='], PI, FIVE, [['/w=='], FOUR], ['/w==']]);
    assert.deepEqual(await tokens('RETURN TOKENS([])'), [[]]);
    assert.deepEqual(await tokens('RETURN TOKENS([[],[]])'), [[[]], [[]]]);
    assert.deepEqual(await tokens('RETURN TOKENS([[]])'), [[[]]]);
    assert.equal((await query('RETURN TOKENS()')).errorNum, 1541);
    assert.equal((await query("RETURN TOKENS('test', 'identity', 'unexpected parameter')")).errorNum, 1541);
    assert.equal((await query("RETURN TOKENS({'test': true}, 'identity')")).errorNum, 10);
    assert.equal((await query("RETURN TOKENS('test', 123)")).errorNum, 10);
  });
  it(`${SHELL} testTokensFunctionWithNumberAnalyzer`, async () => {
    await ok(save('_system', 'gd', 'aql', { queryString: 'RETURN @param', returnType: 'number' }, []));
    assert.deepEqual(await tokens("RETURN TOKENS('1', 'gd')"), [['oL/wAAAAAAAA', 'sL/wAAAAAA==', 'wL/wAAA=', '0L/w']]);
    await ok(remove('_system', 'gd', true));
  });
  it(`${SHELL} testDefaultAnalyzers`, async () => {
    assert.equal((await query("RETURN TOKENS('a quick brown fox jumps', 'invalid')")).errorNum, 10);
    const expected: Record<string, string[]> = {
      text_de: ['a', 'quick', 'brown', 'fox', 'jumps'],
      text_en: ['a', 'quick', 'brown', 'fox', 'jump'],
      text_es: ['a', 'quick', 'brown', 'fox', 'jumps'],
      text_fi: ['a', 'quick', 'brow', 'fox', 'jumps'],
      text_fr: ['a', 'quick', 'brown', 'fox', 'jump'],
      text_it: ['a', 'quick', 'brown', 'fox', 'jumps'],
      text_nl: ['a', 'quick', 'brown', 'fox', 'jump'],
      text_no: ['a', 'quick', 'brown', 'fox', 'jump'],
      text_pt: ['a', 'quick', 'brown', 'fox', 'jumps'],
      text_sv: ['a', 'quick', 'brown', 'fox', 'jump'],
    };
    for (const [a, want] of Object.entries(expected)) assert.deepEqual(await tokens(`RETURN TOKENS('a quick brown fox jumps', '${a}')`), want, a);
    assert.deepEqual(await tokens("RETURN TOKENS('ArangoDB - это многомодельная база данных', 'text_ru')"), ['arangodb', 'эт', 'многомодельн', 'баз', 'дан']);
    assert.deepEqual(await tokens("RETURN TOKENS('ArangoDB 是一个多模型数据库。', 'text_zh')"), ['arangodb', '是', '一个', '多', '模型', '数据', '库']);
  });
  it(`${SHELL} testNormAnalyzer`, async () => {
    const n = 'normUnderTest';
    for (const [props, input, want] of [
      [{ locale: 'en', case: 'upper' }, 'fOx', ['FOX']],
      [{ locale: 'en', case: 'lower' }, 'fOx', ['fox']],
      [{ locale: 'en', case: 'none' }, 'fOx', ['fOx']],
      [{ locale: 'de_DE.UTF8', case: 'none', accent: false }, '\u00F6\u00F5', ['oo']],
      [{ locale: 'de_DE.UTF8', case: 'none', accent: true }, '\u00F6\u00F5', ['\u00F6\u00F5']],
    ] as const) {
      await ok(save('_system', n, 'norm', props));
      assert.deepEqual(await tokens(`RETURN TOKENS('${input}', '${n}')`), want);
      await ok(remove('_system', n, true));
    }
    await failsWith(save('_system', n, 'norm'), 10);
  });
  it(`${SHELL} testCustomStemAnalyzer`, async () => {
    await ok(save('_system', 'stemUnderTest', 'stem', { locale: 'en' }));
    assert.deepEqual(await tokens("RETURN TOKENS('jumps', 'stemUnderTest')"), ['jump']);
    await ok(remove('_system', 'stemUnderTest', true));
    await failsWith(save('_system', 'stemUnderTest', 'stem'), 10);
  });
  it(`${SHELL} testCustomTextAnalyzer`, async () => {
    const n = 'textUnderTest';
    const cases: [Record<string, unknown>, string, string[], ((p: any) => void)?][] = [
      [{ locale: 'en', case: 'upper', stopwords: [] }, 'fOx', ['FOX']],
      [{ locale: 'en', case: 'lower', stopwords: [] }, 'fOx', ['fox']],
      [{ locale: 'en', case: 'none', stopwords: [] }, 'fOx', ['fOx']],
      [{ locale: 'de_DE.UTF8', case: 'none', accent: false, stopwords: [], stemming: false }, '\u00F6\u00F5', ['oo']],
      [{ locale: 'de_DE.UTF8', case: 'none', accent: true, stopwords: [], stemming: false }, '\u00F6\u00F5', ['\u00F6\u00F5']],
      [{ locale: 'en', case: 'none', stemming: false, stopwords: [] }, 'jumps', ['jumps']],
      [{ locale: 'en', case: 'none', stemming: true, stopwords: [] }, 'jumps', ['jump']],
      [{ locale: 'en', case: 'none', stemming: false, stopwords: [], edgeNgram: {} }, 'jumps', ['jumps'], (p) => assert.equal(p.edgeNgram, undefined)],
      [{ locale: 'en', case: 'none', stemming: false, stopwords: [], edgeNgram: { min: 1, max: 2 } }, 'quick brown foxy', ['q', 'qu', 'b', 'br', 'f', 'fo'], (p) => assert.deepEqual(p.edgeNgram, { min: 1, max: 2 })],
      [
        { locale: 'en', case: 'none', stemming: false, stopwords: [], edgeNgram: { min: 1, max: 2, preserveOriginal: true } },
        'quick brown foxy',
        ['q', 'qu', 'quick', 'b', 'br', 'brown', 'f', 'fo', 'foxy'],
        (p) => assert.deepEqual(p.edgeNgram, { min: 1, max: 2, preserveOriginal: true }),
      ],
      [
        { locale: 'en', case: 'none', stemming: false, stopwords: [], edgeNgram: { min: 1, max: 200, preserveOriginal: false } },
        'quick brown foxy',
        ['q', 'qu', 'qui', 'quic', 'quick', 'b', 'br', 'bro', 'brow', 'brown', 'f', 'fo', 'fox', 'foxy'],
      ],
      [
        { locale: 'en', case: 'none', stemming: true, stopwords: [], edgeNgram: { min: 1 } },
        'quick brown foxy',
        ['q', 'qu', 'qui', 'quic', 'quick', 'b', 'br', 'bro', 'brow', 'brown', 'f', 'fo', 'fox', 'foxi'],
        (p) => assert.deepEqual(p.edgeNgram, { min: 1 }),
      ],
    ];
    for (const [props, input, want, check] of cases) {
      const a = await ok(save('_system', n, 'text', props));
      check?.((await ok(get('_system', n))).properties);
      assert.equal(a.name, '_system::textUnderTest');
      assert.deepEqual(await tokens(`RETURN TOKENS('${input}', '${n}')`), want, JSON.stringify(props));
      await ok(remove('_system', n, true));
    }
    await failsWith(save('_system', n, 'text'), 10);
  });
  it(`${SHELL} testCustomTextAnalyzer (Greek stemming, snowball 2.0)`, { todo: 'snowball-stemmers has no Greek stemmer' }, async () => {
    await ok(save('_system', 'greek', 'text', { locale: 'el_GR.UTF8', case: 'none', stemming: true, stopwords: [] }));
    try {
      assert.deepEqual(await tokens("RETURN TOKENS('Αθλητές', 'greek')"), ['αθλητ']);
    } finally {
      await remove('_system', 'greek', true);
    }
  });
  it(`${SHELL} testCustomNGramAnalyzer`, async () => {
    const n = 'textUnderTest';
    const base = { startMarker: '', endMarker: '', streamType: 'binary' };
    for (const [props, normalized, input, want] of [
      [{ min: 1, max: 2, preserveOriginal: false }, { min: 1, max: 2, preserveOriginal: false, ...base }, 'quick', ['q', 'qu', 'u', 'ui', 'i', 'ic', 'c', 'ck', 'k']],
      [{ min: 1, max: 2, preserveOriginal: true }, { min: 1, max: 2, preserveOriginal: true, ...base }, 'quick', ['q', 'qu', 'quick', 'u', 'ui', 'i', 'ic', 'c', 'ck', 'k']],
      [{ min: 1, max: 2, preserveOriginal: true, startMarker: '$' }, { min: 1, max: 2, preserveOriginal: true, ...base, startMarker: '$' }, 'quick', ['$q', '$qu', '$quick', 'u', 'ui', 'i', 'ic', 'c', 'ck', 'k']],
      [
        { min: 1, max: 2, preserveOriginal: true, startMarker: '$', endMarker: '^' },
        { min: 1, max: 2, preserveOriginal: true, ...base, startMarker: '$', endMarker: '^' },
        'quick',
        ['$q', '$qu', '$quick', 'quick^', 'u', 'ui', 'i', 'ic', 'c', 'ck^', 'k^'],
      ],
      [{ min: 3, max: 2, preserveOriginal: false, streamType: 'utf8' }, { min: 3, max: 3, preserveOriginal: false, ...base, streamType: 'utf8' }, 'хорошо', ['хор', 'оро', 'рош', 'ошо']],
    ] as const) {
      await ok(save('_system', n, 'ngram', props));
      assert.deepEqual((await ok(get('_system', n))).properties, normalized);
      assert.deepEqual(await tokens(`RETURN TOKENS('${input}', '${n}')`), want);
      await ok(remove('_system', n, true));
    }
    await failsWith(save('_system', n, 'ngram', { min: 1, max: 2 }), 10);
    await failsWith(save('_system', n, 'ngram', { max: 2, preserveOriginal: false }), 10);
    await failsWith(save('_system', n, 'ngram', { min: 2, preserveOriginal: false }), 10);
    await failsWith(save('_system', n, 'ngram', { max: 2, min: 2, preserveOriginal: false, streamType: 'invalid' }), 10);
  });
  it(`${SHELL} testCustomPipelineAnalyzer`, async () => {
    const n = 'pipeUnderTest';
    await ok(
      save('_system', n, 'pipeline', {
        pipeline: [
          { type: 'delimiter', properties: { delimiter: ' ' } },
          { type: 'delimiter', properties: { delimiter: ',' } },
          { type: 'norm', properties: { locale: 'en', case: 'upper' } },
        ],
      }, ['position', 'frequency']),
    );
    assert.deepEqual(await tokens(`RETURN TOKENS('Quick,BrOwn FoX', '${n}')`), ['QUICK', 'BROWN', 'FOX']);
    await ok(remove('_system', n, true));
    await ok(
      save('_system', n, 'pipeline', {
        pipeline: [
          { type: 'norm', properties: { locale: 'ru_RU.UTF8', case: 'upper' } },
          { type: 'ngram', properties: { preserveOriginal: false, min: 2, max: 3, streamType: 'utf8' } },
        ],
      }),
    );
    const p = (await ok(get('_system', n))).properties;
    assert.equal(p.pipeline[1].properties.min, 2);
    assert.equal(p.pipeline[1].properties.max, 3);
    assert.equal(p.pipeline[1].properties.preserveOriginal, false);
    assert.equal(p.pipeline[1].properties.streamType, 'utf8');
    assert.equal(p.pipeline[0].properties.case, 'upper');
    assert.equal(p.pipeline[0].properties.accent, true);
    assert.deepEqual(await tokens(`RETURN TOKENS('хорошо', '${n}')`), ['ХО', 'ХОР', 'ОР', 'ОРО', 'РО', 'РОШ', 'ОШ', 'ОШО', 'ШО']);
    await ok(remove('_system', n, true));
    await failsWith(save('_system', n, 'pipeline', { pipeline: 2 }), 10);
  });
  it(`${SHELL} testCustomAqlAnalyzer`, async () => {
    const n = 'calcUnderTest';
    const UPPER_NGRAM = ['ХО', 'ХОР', 'ОР', 'ОРО', 'РО', 'РОШ', 'ОШ', 'ОШО', 'ШО'];
    const ngram = { type: 'ngram', properties: { preserveOriginal: false, min: 2, max: 3, streamType: 'utf8' } };
    const upper = { type: 'aql', properties: { queryString: 'RETURN UPPER(@param)' } };
    for (const [type, props, q, want] of [
      ['aql', { queryString: 'RETURN SOUNDEX(@param)' }, "['Andrei', 'Andrey']", [['A536'], ['A536']]],
      ['aql', { queryString: 'RETURN DATE_ISO8601(@param)' }, "'1974-06-09'", ['1974-06-09T00:00:00.000Z']],
      ['aql', { queryString: 'FOR d IN 1..TO_NUMBER(@param) FILTER d%2==0 RETURN TO_STRING(d)' }, "'4'", ['2', '4']],
      ['pipeline', { pipeline: [upper, ngram] }, "'хорошо'", UPPER_NGRAM],
      ['pipeline', { pipeline: [ngram, upper] }, "'хорошо'", UPPER_NGRAM],
    ] as const) {
      await ok(save('_system', n, type, props));
      assert.deepEqual(await tokens(`RETURN TOKENS(${q}, '${n}')`), want);
      await ok(remove('_system', n, true));
    }
    await failsWith(save('_system', n, 'aql', { queryString: '' }), 10);
  });
  it(`${SHELL} testCustomStopwordsAnalyzer`, async () => {
    const n = 'stopwordsUnderTest';
    await ok(save('_system', n, 'stopwords', { stopwords: ['QWE', 'qwe', 'qqq'] }, ['position', 'frequency']));
    assert.deepEqual(await tokens(`RETURN TOKENS(['QWE', 'qqq', 'aaa', 'qWe'], '${n}')`), [[], [], ['aaa'], ['qWe']]);
    await ok(remove('_system', n, true));
  });
});

describe('arangojs 28-accessing-analyzers.ts and 29-manipulating-analyzers.ts', () => {
  const db = 'testdb_analyzers';
  const builtins: string[] = [];
  before(async () => {
    await createDb(db);
    builtins.push(...(await list(db)).map((a) => a.name));
    assert.notEqual(builtins.length, 0);
  });
  after(async () => {
    await dropDb(db);
  });
  it('28-accessing-analyzers.ts database.listAnalyzers fetches information about all analyzers', async () => {
    const names = [0, 1, 2, 3].map((i) => `${db}::a_list_${i}`);
    for (const full of names) assert.equal((await save(db, full.replace(/^[^:]+::/, ''), 'identity')).status, 201);
    for (const full of names) assert.equal((await get(db, full.replace(/^[^:]+::/, ''))).status, 200);
    assert.deepEqual((await list(db)).map((a) => a.name).sort(), [...builtins, ...names].sort());
    for (const full of names) await remove(db, full.replace(/^[^:]+::/, ''));
  });
  it('28-accessing-analyzers.ts database.analyzers creates Analyzer instances', async () => {
    const names = [0, 1, 2, 3].map((i) => `${db}::a_inst_${i}`);
    for (const full of names) assert.equal((await save(db, full.replace(/^[^:]+::/, ''), 'identity')).status, 201);
    assert.deepEqual((await list(db)).map((a) => a.name).sort(), [...builtins, ...names].sort());
    for (const full of names) await remove(db, full.replace(/^[^:]+::/, ''));
  });
  it('29-manipulating-analyzers.ts analyzer.exists indicates whether the analyzer exists', async () => {
    assert.equal((await get(db, 'a_exists')).status, 404);
    assert.equal((await save(db, 'a_exists', 'identity')).status, 201);
    assert.equal((await get(db, 'a_exists')).status, 200);
  });
  it('29-manipulating-analyzers.ts analyzer.get fetches information about the analyzer', async () => {
    await save(db, 'a_get', 'identity');
    assert.equal((await get(db, 'a_get')).body.name, `${db}::a_get`);
  });
  it('29-manipulating-analyzers.ts analyzer.create creates the analyzer', async () => {
    await save(db, 'a_create', 'identity');
    const data = (await get(db, 'a_create')).body;
    assert.equal(data.name, `${db}::a_create`);
    assert.equal(data.type, 'identity');
  });
  it('29-manipulating-analyzers.ts analyzer.drop destroys the analyzer', async () => {
    await save(db, 'a_drop', 'identity');
    assert.equal((await remove(db, 'a_drop')).status, 200);
    assert.equal((await get(db, 'a_drop')).status, 404);
  });
});

describe('python-arango tests/test_analyzer.py', () => {
  it('test_analyzer.py test_analyzer_management', async () => {
    const db = 'pydb';
    await createDb(db);
    const full = `${db}::analyzer_a`;
    let r = await save(db, 'analyzer_a', 'identity', {});
    assert.deepEqual(r.body, { name: full, type: 'identity', properties: {}, features: [] });
    r = await save(db, 'analyzer_b', 'delimiter', { delimiter: ',' });
    assert.equal(r.body.type, 'delimiter');
    assert.deepEqual(r.body.properties, { delimiter: ',' });
    assert.deepEqual(r.body.features, []);
    // bad_db: a database that does not exist
    r = await call('POST', '/_db/nosuchdb/_api/analyzer', { name: 'analyzer_a', type: 'identity', properties: {}, features: [] });
    assert.ok([11, 1228].includes(r.body.errorNum));
    r = await get(db, 'analyzer_a');
    assert.equal(r.body.name, full);
    assert.deepEqual([r.body.type, r.body.properties, r.body.features], ['identity', {}, []]);
    assert.equal((await get(db, 'analyzer_missing')).body.errorNum, 1202);
    assert.ok((await list(db)).some((a) => a.name === full));
    assert.ok([11, 1228].includes((await call('GET', '/_db/nosuchdb/_api/analyzer')).body.errorNum));
    r = await remove(db, 'analyzer_a', true);
    assert.deepEqual(r.body, { error: false, code: 200, name: full });
    assert.ok(!(await list(db)).some((a) => a.name === full));
    assert.equal((await remove(db, 'analyzer_a')).body.errorNum, 1202);
    // geo_s2 is Enterprise only: Community refuses the type
    r = await save(db, 'analyzer_g', 'geo_s2', {});
    assert.deepEqual([r.status, r.body.errorNum, r.body.errorMessage], [501, 9, "Not implemented analyzer type 'geo_s2'."]);
    r = await save(db, 'analyzer_m', 'multi_delimiter', { delimiters: [',', '.'] });
    assert.deepEqual([r.body.type, r.body.properties, r.body.features], ['multi_delimiter', { delimiters: [',', '.'] }, []]);
    r = await save(db, 'analyzer_w', 'wildcard', { ngramSize: 4 });
    assert.deepEqual([r.body.type, r.body.properties, r.body.features], ['wildcard', { ngramSize: 4 }, []]);
    await dropDb(db);
  });
});
