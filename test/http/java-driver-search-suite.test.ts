// What the official Java driver's view, ArangoSearch, analyzer and inverted index tests send
// and expect, replayed against Cairn (in-process, no auth): arangodb/arangodb-java-driver
// test-functional/.../ArangoViewTest.java, ArangoSearchTest.java and InvertedIndexTest.java.
// Requests are InternalArangoView's, InternalArangoSearch's, InternalSearchAlias's and
// InternalArangoDatabase's analyzer calls: /_api/view (create with the options object
// flattened into the body, GET /properties, PATCH and PUT /properties, PUT /rename), and
// /_api/analyzer (create, get, list, DELETE ?force=true). An analyzer comes back "equal" to
// the one sent when name, type, properties (as the driver serializes them, its defaults
// included) and the set of features match, which is what the driver's equals() compares.
// Left out: Enterprise-only cases (arangoSearchOptions: nested fields and caches;
// geoS2Analyzer; MinHashAnalyzer), classificationAnalyzer and nearestNeighborsAnalyzer
// (they need a model file on the server, skipped upstream too). InvertedIndexTest's options
// use nested fields and caches (Enterprise); its cases are replayed with the rest of them.
// The facts are theirs; the code is ours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bodyOf, send, startServer, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: any };
let t: TestServer;
let seq = 0;
const rndName = () => `view_${++seq}_${randomUUID().slice(0, 8)}`;

before(async () => {
  t = await startServer(['--auth', 'false']);
});
after(async () => {
  await t.close();
});

async function call(method: string, url: string, body?: unknown): Promise<Reply> {
  const res = await send(t, method, url, body);
  return { status: res.statusCode, body: res.body === '' ? undefined : bodyOf(res) };
}
async function ok(r: Promise<Reply>): Promise<any> {
  const res = await r;
  assert.ok(res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
/** ArangoView.exists(): GET /_api/view/<name>; 404/1203 is false. */
async function viewExists(name: string): Promise<boolean> {
  const r = await call('GET', `/_api/view/${encodeURIComponent(name)}`);
  if (r.status === 404) {
    assert.equal(r.body.errorNum, 1203);
    return false;
  }
  assert.equal(r.status, 200);
  return true;
}
const createView = (name: string, type: string, options: Record<string, unknown> = {}) => ok(call('POST', '/_api/view', { name, type, ...options }));
const props = (name: string) => ok(call('GET', `/_api/view/${name}/properties`));

const COLL_1 = 'ArangoSearchTest_view_replace_prop';
const COLL_2 = 'ArangoSearchTest_view_update_prop';
const inverted = async (col: string) => {
  const name = rndName();
  await ok(call('POST', `/_api/index?collection=${col}`, { type: 'inverted', name, fields: [{ name: `a${randomUUID().slice(0, 6)}` }] }));
  return name;
};

describe('Java driver ArangoViewTest', () => {
  it('an arangosearch view is created and exists (create)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch');
    assert.ok(await viewExists(name));
  });

  it('a view name that is not NFC-normalized is 400 naming the normalization (createWithNotNormalizedName)', async () => {
    const r = await call('POST', '/_api/view', { name: 'view-\u006E\u0303\u00f1', type: 'arangosearch' });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.errorMessage, /normalized/);
  });

  it('info of an arangosearch and a search-alias view: id, name, type (getInfo, getInfoSearchAlias)', async () => {
    for (const type of ['arangosearch', 'search-alias']) {
      const name = rndName();
      await createView(name, type);
      const info = await ok(call('GET', `/_api/view/${name}`));
      assert.equal(typeof info.id, 'string');
      assert.deepEqual([info.name, info.type], [name, type]);
    }
  });

  it('the list holds views of both types (getViews)', async () => {
    const [n1, n2] = [rndName(), rndName()];
    await createView(n1, 'arangosearch');
    await createView(n2, 'search-alias');
    const names = (await ok(call('GET', '/_api/view'))).result.map((v: any) => v.name);
    assert.ok(names.includes(n1) && names.includes(n2));
  });

  it('a dropped view no longer exists (drop)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch');
    await ok(call('DELETE', `/_api/view/${name}`));
    assert.equal(await viewExists(name), false);
  });

  it('a renamed view exists under the new name only (rename)', async () => {
    const [oldName, newName] = [rndName(), rndName()];
    await createView(oldName, 'arangosearch');
    assert.equal((await ok(call('PUT', `/_api/view/${oldName}/rename`, { name: newName }))).name, newName);
    assert.equal(await viewExists(oldName), false);
    assert.ok(await viewExists(newName));
  });
});

describe('Java driver ArangoSearchTest: views', () => {
  before(async () => {
    for (const name of [COLL_1, COLL_2]) await ok(call('POST', '/_api/collection', { name }));
  });

  it('arangosearch and search-alias views exist once created, with or without options (exists, createAndExistsSearchAlias, createArangoSearchView, createSearchAliasView, createArangoSearchViewWithOptions, createSearchAliasViewWithOptions)', async () => {
    for (const type of ['arangosearch', 'search-alias']) {
      const name = rndName();
      const info = await createView(name, type);
      assert.equal(typeof info.id, 'string');
      assert.deepEqual([info.name, info.type], [name, type]);
      assert.ok(await viewExists(name));
    }
  });

  it('info, drop and rename of an arangosearch view (getInfo, drop, rename)', async () => {
    const name = rndName();
    await createView(name + '_new', 'arangosearch');
    await ok(call('PUT', `/_api/view/${name}_new/rename`, { name }));
    assert.equal(await viewExists(name + '_new'), false);
    const info = await ok(call('GET', `/_api/view/${name}`));
    assert.deepEqual([info.name, info.type], [name, 'arangosearch']);
    await ok(call('DELETE', `/_api/view/${name}`));
    assert.equal(await viewExists(name), false);
  });

  it('primary sort, its compression and stored values are kept; unknown tier policy options are ignored (createArangoSearchViewWithPrimarySort)', async () => {
    const name = rndName();
    const storedValue = { fields: ['a', 'b'], compression: 'none' };
    await createView(name, 'arangosearch', {
      primarySort: [{ field: 'myFieldName', asc: false }],
      primarySortCompression: 'none',
      consolidationIntervalMsec: 666666,
      storedValues: [storedValue],
      consolidationPolicy: { type: 'tier', segmentsBytesMax: 55555, maxSkewThreshold: 0.3, minDeletionRatio: 0.4 },
    });
    const p = await props(name);
    assert.equal(p.primarySortCompression, 'none');
    assert.deepEqual(p.storedValues, [storedValue]);
    assert.deepEqual(p.primarySort, [{ field: 'myFieldName', asc: false }]);
    assert.equal(p.consolidationPolicy.segmentsBytesMax, 55555);
  });

  it('commitIntervalMsec is kept (createArangoSearchViewWithCommitIntervalMsec)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch', { commitIntervalMsec: 666666 });
    assert.equal((await props(name)).commitIntervalMsec, 666666);
  });

  it('a fresh view has intervals, a consolidation policy and no links (getArangoSearchViewProperties)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch');
    const p = await props(name);
    assert.equal(typeof p.id, 'string');
    assert.deepEqual([p.name, p.type], [name, 'arangosearch']);
    assert.equal(typeof p.consolidationIntervalMsec, 'number');
    assert.equal(typeof p.cleanupIntervalStep, 'number');
    assert.equal(p.consolidationPolicy.type, 'tier');
    assert.deepEqual(p.links, {});
  });

  it('PATCH properties sets intervals, the policy and a link whose field keeps its options (updateArangoSearchViewProperties)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch');
    const p = await ok(call('PATCH', `/_api/view/${name}/properties`, {
      cleanupIntervalStep: 15,
      consolidationIntervalMsec: 65000,
      consolidationPolicy: { type: 'tier' },
      links: { [COLL_2]: { fields: { value: { analyzers: ['identity'], trackListPositions: true, includeAllFields: true, storeValues: 'id' } } } },
    }));
    assert.deepEqual([p.cleanupIntervalStep, p.consolidationIntervalMsec, p.consolidationPolicy.type], [15, 65000, 'tier']);
    assert.deepEqual(Object.keys(p.links), [COLL_2]);
    const fields = p.links[COLL_2].fields;
    assert.deepEqual(Object.keys(fields), ['value']);
    assert.deepEqual([fields.value.includeAllFields, fields.value.trackListPositions, fields.value.storeValues], [true, true, 'id']);
  });

  it('PUT properties replaces the links (replaceArangoSearchViewProperties)', async () => {
    const name = rndName();
    await createView(name, 'arangosearch');
    const p = await ok(call('PUT', `/_api/view/${name}/properties`, { links: { [COLL_1]: { fields: { value: { analyzers: ['identity'] } } } } }));
    assert.deepEqual(Object.keys(p.links), [COLL_1]);
    assert.deepEqual(Object.keys(p.links[COLL_1].fields), ['value']);
  });

  it('a search-alias view made with add, add, del of two indexes holds the first (createSearchAliasViewWithIndexesAndGetProperties)', async () => {
    const [i1, i2] = [await inverted(COLL_1), await inverted(COLL_1)];
    const name = rndName();
    const info = await createView(name, 'search-alias', {
      indexes: [
        { collection: COLL_1, index: i1, operation: 'add' },
        { collection: COLL_1, index: i2, operation: 'add' },
        { collection: COLL_1, index: i2, operation: 'del' },
      ],
    });
    assert.deepEqual([info.name, info.type], [name, 'search-alias']);
    const p = await props(name);
    assert.deepEqual([p.name, p.type, typeof p.id], [name, 'search-alias', 'string']);
    assert.deepEqual(p.indexes, [{ collection: COLL_1, index: i1 }]);
  });

  it('PATCH adds an index to a search-alias view, PUT replaces them (updateSearchAliasViewWithIndexesAndGetProperties, replaceSearchAliasViewWithIndexesAndGetProperties)', async () => {
    for (const method of ['PATCH', 'PUT']) {
      const [i1, i2] = [await inverted(COLL_1), await inverted(COLL_2)];
      const name = rndName();
      await createView(name, 'search-alias', { indexes: [{ collection: COLL_1, index: i1 }] });
      await ok(call(method, `/_api/view/${name}/properties`, { indexes: [{ collection: COLL_2, index: i2 }] }));
      const got = (await props(name)).indexes;
      const want = method === 'PATCH' ? [{ collection: COLL_1, index: i1 }, { collection: COLL_2, index: i2 }] : [{ collection: COLL_2, index: i2 }];
      const key = (x: any) => `${x.collection}/${x.index}`;
      assert.deepEqual([...got].sort((a: any, b: any) => key(a).localeCompare(key(b))), want.sort((a, b) => key(a).localeCompare(key(b))));
    }
  });
});

describe('Java driver ArangoSearchTest: analyzers', () => {
  const FEATURES = ['frequency', 'norm', 'position'];
  /**
   * createGetAndDeleteTypedAnalyzer: create, get and list answer the analyzer as sent
   * (full name, type, properties, the same features), a forced delete removes it, then
   * get is 404/1202.
   */
  async function roundTrip(type: string, properties: Record<string, unknown> | undefined, features = FEATURES): Promise<string> {
    const name = `_system::test-${randomUUID()}`;
    const expect = (a: any) => {
      assert.deepEqual([a.name, a.type], [name, type]);
      assert.deepEqual(a.properties, properties ?? {});
      assert.deepEqual([...a.features].sort(), [...features].sort());
    };
    expect(await ok(call('POST', '/_api/analyzer', { name, type, ...(properties ? { properties } : {}), features })));
    expect(await ok(call('GET', `/_api/analyzer/${encodeURIComponent(name)}`)));
    expect((await ok(call('GET', '/_api/analyzer'))).result.find((a: any) => a.name === name));
    await ok(call('DELETE', `/_api/analyzer/${encodeURIComponent(name)}?force=true`));
    const gone = await call('GET', `/_api/analyzer/${encodeURIComponent(name)}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.errorNum, 1202);
    return name;
  }
  const norm = { locale: 'ru', case: 'lower', accent: true };
  const cases: [string, string, Record<string, unknown> | undefined, string[]?][] = [
    ['identityAnalyzerTyped', 'identity', undefined],
    ['delimiterAnalyzerTyped', 'delimiter', { delimiter: '-' }],
    ['multiDelimiterAnalyzerTyped', 'multi_delimiter', { delimiters: ['-', ',', '...'] }],
    ['stemAnalyzerTyped', 'stem', { locale: 'ru' }],
    ['normAnalyzerTyped', 'norm', norm],
    // the driver's NGramAnalyzerProperties sends its defaults: "", "" and binary
    ['ngramAnalyzerTyped', 'ngram', { min: 3, max: 6, preserveOriginal: true, startMarker: '', endMarker: '', streamType: 'binary' }],
    ['enhancedNgramAnalyzerTyped', 'ngram', { min: 3, max: 6, preserveOriginal: true, startMarker: '^', endMarker: '^', streamType: 'utf8' }],
    ['textAnalyzerTyped', 'text', { locale: 'ru', case: 'lower', accent: true, stemming: true, stopwords: [] }],
    ['enhancedTextAnalyzerTyped', 'text', { locale: 'ru', case: 'lower', accent: true, stemming: true, stopwords: [], edgeNgram: { min: 2, max: 100000, preserveOriginal: true } }],
    ['pipelineAnalyzer', 'pipeline', { pipeline: [{ type: 'delimiter', properties: { delimiter: ',' } }, { type: 'delimiter', properties: { delimiter: ',' } }, { type: 'stem', properties: { locale: 'en' } }] }],
    ['aqlAnalyzer', 'aql', { queryString: 'RETURN SOUNDEX(@param)', collapsePositions: true, keepNull: false, batchSize: 2, memoryLimit: 2200, returnType: 'string' }],
    // differed: Cairn refused any feature on geo analyzers; ArangoDB takes them
    ['geoJsonAnalyzer (differed)', 'geojson', { type: 'point', options: { maxCells: 11, minLevel: 8, maxLevel: 10 }, legacy: true }],
    ['geoPointAnalyzer (differed)', 'geopoint', { latitude: ['a', 'b', 'c'], longitude: ['d', 'e', 'f'], options: { maxCells: 11, minLevel: 8, maxLevel: 10 } }],
    ['segmentationAnalyzer', 'segmentation', { break: 'graphic', case: 'upper' }],
    ['collationAnalyzer', 'collation', { locale: 'ru' }],
    ['WildcardAnalyzer', 'wildcard', { ngramSize: 3, analyzer: { type: 'norm', properties: norm } }, ['frequency', 'position']],
    ['offsetFeature', 'identity', undefined, ['frequency', 'norm', 'position', 'offset']],
  ];
  for (const [id, type, properties, features] of cases) {
    it(`a ${type} analyzer round-trips through create, get, list and delete (${id})`, async () => {
      await roundTrip(type, properties, features);
    });
  }

  it('a stopwords analyzer round-trips, then TOKENS drops "the" and "and" (stopwordsAnalyzer)', async () => {
    const properties = { stopwords: ['616e64', '746865'], hex: true };
    await roundTrip('stopwords', properties);
    const name = `test-${randomUUID()}`;
    await ok(call('POST', '/_api/analyzer', { name, type: 'stopwords', properties, features: FEATURES }));
    const r = await ok(call('POST', '/_api/cursor', { query: "RETURN FLATTEN(TOKENS(SPLIT('the fox and the dog and a theater', ' '), @aName))", bindVars: { aName: name } }));
    assert.deepEqual(r.result[0], ['fox', 'dog', 'a', 'theater']);
    await ok(call('DELETE', `/_api/analyzer/${name}`));
  });

  it('Enterprise-only analyzer types are 501/9 (geoS2Analyzer, MinHashAnalyzer: Community Edition)', async () => {
    for (const type of ['geo_s2', 'minhash']) {
      const r = await call('POST', '/_api/analyzer', { name: `test-${randomUUID()}`, type, properties: {}, features: FEATURES });
      assert.deepEqual(r, { status: 501, body: { error: true, code: 501, errorNum: 9, errorMessage: `Not implemented analyzer type '${type}'.` } });
    }
  });
});

describe('Java driver InvertedIndexTest (Community Edition options)', () => {
  const C = 'InvertedIndexTest_collection';
  before(async () => {
    await ok(call('POST', '/_api/collection', { name: C }));
  });

  /** The test's createOptions without nested fields and caches (Enterprise Edition). */
  function options(analyzer: string) {
    return {
      type: 'inverted',
      name: rndName(),
      inBackground: true,
      parallelism: 5,
      primarySort: { fields: [{ field: 'f1', direction: 'asc' }, { field: 'f2', direction: 'desc' }], compression: 'lz4' },
      storedValues: [{ fields: ['f3', 'f4'], compression: 'none' }],
      optimizeTopK: ['BM25(@doc) DESC', 'TFIDF(@doc) DESC'],
      analyzer,
      features: ['position', 'frequency'],
      includeAllFields: false,
      trackListPositions: true,
      searchField: true,
      fields: [{ name: 'foo', analyzer: 'identity', includeAllFields: true, searchField: false, trackListPositions: false, features: ['position', 'frequency', 'norm', 'offset'] }],
      consolidationIntervalMsec: 11,
      commitIntervalMsec: 22,
      cleanupIntervalStep: 33,
      consolidationPolicy: { type: 'tier', segmentsMin: 3, segmentsMax: 44, segmentsBytesMax: 55555, segmentsBytesFloor: 666, minScore: 77 },
      writebufferIdle: 44,
      writebufferActive: 55,
      writebufferSizeMax: 66,
    };
  }
  async function analyzer(): Promise<string> {
    const name = `delimiter-${randomUUID()}`;
    await ok(call('POST', '/_api/analyzer', { name, type: 'delimiter', properties: { delimiter: '-' }, features: ['frequency', 'norm', 'position'] }));
    return name;
  }
  /** assertCorrectIndexEntity, for the attributes the Community Edition has. */
  function assertIndex(ix: any, o: ReturnType<typeof options>) {
    assert.ok(typeof ix.id === 'string' && ix.id.length > 0);
    assert.deepEqual([ix.unique, ix.sparse, typeof ix.version, ix.type, ix.name], [false, true, 'number', 'inverted', o.name]);
    const sameFeatures = (a: string[], b: string[]) => assert.deepEqual([...a].sort(), [...b].sort());
    assert.equal(ix.fields.length, 1);
    const { features: ff, ...field } = ix.fields[0];
    const { features: of, ...ofield } = o.fields[0]!;
    assert.deepEqual(field, ofield);
    sameFeatures(ff, of);
    assert.equal(ix.searchField, o.searchField);
    assert.deepEqual(ix.storedValues, o.storedValues);
    assert.deepEqual(ix.primarySort, o.primarySort);
    // differed: Cairn showed the analyzer by its full name, _system::delimiter-...
    assert.equal(ix.analyzer, o.analyzer);
    sameFeatures(ix.features, o.features);
    for (const k of ['includeAllFields', 'trackListPositions', 'cleanupIntervalStep', 'commitIntervalMsec', 'consolidationIntervalMsec', 'writebufferIdle', 'writebufferActive', 'writebufferSizeMax'] as const) {
      assert.equal(ix[k], o[k], k);
    }
    assert.deepEqual(ix.consolidationPolicy, o.consolidationPolicy);
    assert.deepEqual(ix.optimizeTopK, o.optimizeTopK);
  }

  it('the created index and the one read back by name carry the options as given (createAndGetInvertedIndex)', async () => {
    const o = options(await analyzer());
    const created = await ok(call('POST', `/_api/index?collection=${C}`, o));
    assertIndex(created, o);
    assertIndex(await ok(call('GET', `/_api/index/${C}/${o.name}`)), o);
  });

  it('the index list has both types; the driver filters inverted ones in or out by type (getInvertedIndexesShouldNotReturnOtherIndexTypes, getIndexesShouldNotReturnInvertedIndexes)', async () => {
    await ok(call('POST', `/_api/index?collection=${C}`, { type: 'persistent', fields: ['foo'], name: 'persistentIndex' }));
    const o = options(await analyzer());
    await ok(call('POST', `/_api/index?collection=${C}`, o));
    const indexes = (await ok(call('GET', `/_api/index?collection=${C}`))).indexes as { name: string; type: string }[];
    const invertedNames = indexes.filter((x) => x.type === 'inverted').map((x) => x.name);
    const otherNames = indexes.filter((x) => x.type !== 'inverted').map((x) => x.name);
    assert.ok(invertedNames.includes(o.name) && !invertedNames.includes('persistentIndex'));
    assert.ok(otherNames.includes('persistentIndex') && !otherNames.includes(o.name));
  });

  it("analyzers show as ArangoDB's normalize without prefix: own by short name, _system's as ::name (createAndGetInvertedIndex's getAnalyzer, in another database)", async () => {
    const db = `javadriver_${randomUUID().slice(0, 8)}`;
    await ok(call('POST', '/_api/database', { name: db }));
    await ok(call('POST', `/_db/${db}/_api/collection`, { name: 'c' }));
    const own = `own-${randomUUID().slice(0, 8)}`;
    const sys = `sys-${randomUUID().slice(0, 8)}`;
    await ok(call('POST', `/_db/${db}/_api/analyzer`, { name: own, type: 'identity', features: [] }));
    await ok(call('POST', '/_api/analyzer', { name: sys, type: 'identity', features: [] }));
    const ix = await ok(call('POST', `/_db/${db}/_api/index?collection=c`, { type: 'inverted', name: 'i', analyzer: own, fields: [{ name: 'a', analyzer: `_system::${sys}` }, 'b'] }));
    assert.deepEqual([ix.analyzer, ix.fields[0].analyzer], [own, `::${sys}`]);
    const view = await ok(call('POST', `/_db/${db}/_api/view`, { name: 'v', type: 'arangosearch', links: { c: { analyzers: [own, `::${sys}`, 'identity'] } } }));
    assert.deepEqual(view.links.c.analyzers, [own, `::${sys}`, 'identity']);
    await ok(call('DELETE', `/_api/database/${db}`));
  });

  it('nested fields are refused by the Community Edition (createOptions as upstream)', async () => {
    const o = options(await analyzer());
    const r = await call('POST', `/_api/index?collection=${C}`, { ...o, fields: [{ ...o.fields[0], nested: [{ name: 'bar' }] }] });
    assert.equal(r.status, 400);
    assert.equal(r.body.errorNum, 10);
    assert.match(r.body.errorMessage, /error in attribute 'fields\[0\]\.nested'/);
  });
});
