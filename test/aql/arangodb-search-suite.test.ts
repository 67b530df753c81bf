// AQL SEARCH over views, replayed over HTTP: the examples of ArangoDB's documentation page
// aql/functions/arangosearch.md, ArangoDB's tests/js/common/aql/aql-view-arangosearch-
// noncluster.js (iResearchAqlTestSuite) and aql-view-search-alias-noncluster.js (the
// common suite over search-alias views); then Cairn's own cases (errors, explain,
// permissions, semantics FILTER lacks). Test names start with the upstream file (or
// docs page) and case they trace. arangojs and python-arango have no view query tests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('AQL SEARCH over views', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  const req = async (method: string, url: string, body?: unknown) => {
    const res = await s.request({ method, url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  };
  const q = async (query: string, bindVars: Record<string, unknown> = {}) => {
    const r = await req('POST', '/_api/cursor', { query, bindVars, batchSize: 5000 });
    if (r.status >= 300) return { error: r.body };
    return { result: r.body.result as unknown[] };
  };
  const rows = async (query: string, bindVars: Record<string, unknown> = {}) => {
    const r = await q(query, bindVars);
    assert.ok(!('error' in r), JSON.stringify(r));
    return r.result!;
  };
  const createCol = (name: string) => req('POST', '/_api/collection', { name });
  const insert = (col: string, docs: unknown[]) => req('POST', `/_api/document/${col}`, docs);

  describe('docs aql/functions/arangosearch.md', () => {
    before(async () => {
      await createCol('boostc');
      await insert('boostc', [{ text: 'foo bar' }, { text: 'foo' }, { text: 'bar' }, { text: 'foo baz' }, { text: 'baz' }]);
      await req('POST', '/_api/view', { name: 'boostv', type: 'arangosearch', links: { boostc: { analyzers: ['text_en'], includeAllFields: true } } });
    });
    // The page's scores for the one-token documents are reproduced; its two-token ones
    // ("foo bar" 2.787, "foo baz" 1.690, above "foo") come from the older length norm
    // (1/sqrt(length)) under which a longer field scores higher. 3.12's links store Norm2
    // (the token count), which ArangoDB's own tests rely on (testLevenshteinMatch2BM25
    // below), so here the longer fields score lower.
    it('BOOST() Example: Boosting a search sub-expression (BM25 scores of the one-token documents, order)', async () => {
      const r = (await rows('FOR doc IN boostv SEARCH ANALYZER(BOOST(doc.text == "foo", 2.5) OR doc.text == "bar", "text_en") LET score = BM25(doc) SORT score DESC RETURN { text: doc.text, score }')) as { text: string; score: number }[];
      assert.deepEqual(r.map((x) => x.text), ['foo bar', 'foo', 'foo baz', 'bar']);
      const score = (t: string) => r.find((x) => x.text === t)!.score;
      assert.ok(Math.abs(score('foo') - 1.525835633277893) < 1e-6);
      assert.equal(score('bar'), 0.9913395643234253);
      // without the boost "foo" (3 of 5 documents) scores below "bar" (2 of 5)
      const plain = (await rows('FOR doc IN boostv SEARCH ANALYZER(doc.text == "foo" OR doc.text == "bar", "text_en") SORT BM25(doc) DESC RETURN doc.text')) as string[];
      assert.deepEqual(plain, ['foo bar', 'bar', 'foo', 'foo baz']);
    });
  });

  const view = async (name: string, links: Record<string, unknown>) => {
    const v = await req('POST', '/_api/view', { name, type: 'arangosearch', links });
    assert.equal(v.status, 201, JSON.stringify(v.body));
  };
  const keys = (query: string, bindVars: Record<string, unknown> = {}) => rows(query, bindVars);
  const D = 'docs aql/functions/arangosearch.md';

  describe(`${D} filter functions`, () => {
    before(async () => {
      await req('POST', '/_api/analyzer', { name: 'delimiter', type: 'delimiter', properties: { delimiter: '|' }, features: ['frequency', 'position', 'norm'] });
      await createCol('delimc');
      await insert('delimc', [{ text: 'foo|bar|baz' }]);
      await view('delimv', { delimc: { analyzers: ['delimiter'], includeAllFields: true } });
      await createCol('txt');
      await insert('txt', [
        { _key: 't1', text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit' },
        { _key: 't2', text: 'the quick brown fox jumps over the lazy dog' },
        { _key: 't3', text: 'some brown fox' },
        { _key: 't4', text: 'snow fox' },
        { _key: 't5', text: 'that is something' },
        { _key: 't6', text: ['lorem', 'ipsum'] },
        { _key: 't7', text: 'IPS (in-plane switching)' },
        { _key: 't8', text: 'quick' },
        { _key: 't9', text: 'foo bar' },
        { _key: 't10', text: 'foo' },
        { _key: 't11', text: 'bar' },
        { _key: 't12', value: 4 },
        { _key: 't13', value: [1, 7] },
        { _key: 't14', value: [2, 5] },
      ]);
      await view('txtv', { txt: { analyzers: ['text_en', 'identity'], includeAllFields: true, storeValues: 'id' } });
      await req('POST', '/_api/analyzer', { name: 'bigram', type: 'ngram', properties: { min: 2, max: 2, preserveOriginal: false, streamType: 'utf8' }, features: ['frequency', 'position', 'norm'] });
      await createCol('ngc');
      await insert('ngc', [{ text: 'quick red fox' }]);
      await view('ngv', { ngc: { analyzers: ['bigram'], includeAllFields: true } });
    });
    it('ANALYZER() Example: Using a custom Analyzer (delimiter): matches a token', async () => {
      assert.equal((await rows('FOR doc IN delimv SEARCH ANALYZER(doc.text == "bar", "delimiter") RETURN doc.text')).length, 1);
    });
    it('ANALYZER() Example: the whole value under identity does not match (the View indexes with delimiter only)', async () => {
      assert.deepEqual(await rows('FOR doc IN delimv SEARCH doc.text == "foo|bar|baz" RETURN doc'), []);
    });
    it('IN_RANGE() Example: Using numeric ranges (arrays: one element in range suffices)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH IN_RANGE(doc.value, 3, 5, true, true) SORT doc._key RETURN doc._key'), ['t12', 't14']);
    });
    it('IN_RANGE() Example: Using string ranges with text_en ("bar", "foo bar" but not "foo")', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(IN_RANGE(doc.text, "a", "f", true, false), "text_en") AND doc._key IN ["t9", "t10", "t11"] SORT doc._key RETURN doc._key'), ['t11', 't9']);
    });
    it('MIN_MATCH() Example: Matching a subset of search sub-expressions (2 of 3 tokens)', async () => {
      const q = 'LET t = TOKENS("quick brown fox", "text_en") FOR doc IN txtv SEARCH ANALYZER(MIN_MATCH(doc.text == t[0], doc.text == t[1], doc.text == t[2], 2), "text_en") SORT doc._key RETURN doc.text';
      assert.deepEqual(await rows(q), ['the quick brown fox jumps over the lazy dog', 'some brown fox']);
    });
    it('MIN_MATCH() Example: the AT LEAST array comparison operator does the same', async () => {
      const q = 'FOR doc IN txtv SEARCH ANALYZER(TOKENS("quick brown fox", "text_en") AT LEAST (2) == doc.text, "text_en") SORT doc._key RETURN doc.text';
      assert.deepEqual(await rows(q), ['the quick brown fox jumps over the lazy dog', 'some brown fox']);
    });
    it('NGRAM_MATCH() Example: Using a custom bigram Analyzer (threshold 1.0 by the longest run)', async () => {
      assert.deepEqual(await rows('FOR doc IN ngv SEARCH NGRAM_MATCH(doc.text, "quick fox", "bigram") RETURN doc.text'), ['quick red fox']);
    });
    it('NGRAM_MATCH() Example: a low threshold matches, a high one does not', async () => {
      assert.deepEqual(await rows('FOR doc IN ngv SEARCH NGRAM_MATCH(doc.text, "quick blue fox", 0.4, "bigram") RETURN doc.text'), ['quick red fox']);
      assert.deepEqual(await rows('FOR doc IN ngv SEARCH NGRAM_MATCH(doc.text, "quick blue fox", 0.9, "bigram") RETURN doc.text'), []);
    });
    it('NGRAM_MATCH() Example: Using constant values (in SEARCH and outside)', async () => {
      assert.deepEqual(await rows('FOR doc IN ngv SEARCH NGRAM_MATCH("quick fox", "quick blue fox", 0.9, "bigram") RETURN doc.text'), []);
      assert.deepEqual(await rows('RETURN NGRAM_MATCH("quick fox", "quick blue fox", "bigram")'), [false]);
    });
    it('PHRASE() Example: Using a text Analyzer for a phrase search (order matters)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, "lorem ipsum", "text_en") SORT doc._key RETURN doc._key'), ['t1']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, "ipsum lorem", "text_en") RETURN doc._key'), []);
    });
    // the page's third form, PHRASE(doc.text, "ipsum", -1, "lorem"), puts both tokens at one
    // position under its own rule (a skip counts positions after the previous token): not replayed
    it('PHRASE() Example: Skip tokens for a proximity search; an explicit 0 skip is the adjacent form', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, "ipsum", 2, "amet", "text_en") RETURN doc._key'), ['t1']);
      for (const form of ['"lorem", 0, "ipsum"', '"ipsum", -2, "lorem"']) {
        assert.deepEqual(await keys(`FOR doc IN txtv SEARCH PHRASE(doc.text, ${form}, "text_en") RETURN doc._key`), ['t1'], form);
      }
    });
    it('PHRASE() Example: Using PHRASE() with an array of tokens (and skips before strings)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, ["quick brown fox"], "text_en") RETURN doc._key'), ['t2']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, ["quick", "brown", "fox"], "text_en") RETURN doc._key'), ['t2']);
      assert.deepEqual(await keys('LET tokens = TOKENS("quick brown fox", "text_en") FOR doc IN txtv SEARCH PHRASE(doc.text, tokens, "text_en") RETURN doc._key'), ['t2']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, ["quick", 1, "fox", "jumps"], "text_en") RETURN doc._key'), ['t2']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, "quick", 1, "fox", 0, "jumps", "text_en") RETURN doc._key'), ['t2']);
    });
    it('PHRASE() Example: Handling of arrays with no members (skipped)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, "quick", 1, [], 1, "jumps", "text_en") RETURN doc._key'), ['t2']);
    });
    it('PHRASE() Example: Using object tokens (STARTS_WITH, WILDCARD, LEVENSHTEIN_MATCH, TERMS, IN_RANGE), both forms', async () => {
      const a = 'FOR doc IN txtv SEARCH PHRASE(doc.text, {STARTS_WITH: ["qui"]}, 0, {WILDCARD: ["b%o_n"]}, 0, {LEVENSHTEIN_MATCH: ["foks", 2]}, 0, {TERMS: ["jump", "run"]}, 0, {IN_RANGE: ["over", "through", true, false]}, "text_en") RETURN doc._key';
      assert.deepEqual(await keys(a), ['t2']);
      const b = 'FOR doc IN txtv SEARCH PHRASE(doc.text, [{STARTS_WITH: "qui"}, 0, {WILDCARD: "b%o_n"}, 0, {LEVENSHTEIN_MATCH: ["foks", 2]}, 0, ["jumps", "runs"], 0, {IN_RANGE: ["over", "through", true, false]}], "text_en") RETURN doc._key';
      assert.deepEqual(await keys(b), ['t2']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH PHRASE(doc.text, {STARTS_WITH: "qui"}, 0, {TERMS: ["jumps", "runs"]}, "text_en") RETURN doc._key'), []);
    });
    it('STARTS_WITH() Example: Searching for an exact value prefix (identity)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH STARTS_WITH(doc.text, "Lorem ip") RETURN doc._key'), ['t1']);
    });
    it('STARTS_WITH() Example: Searching for a prefix in text (a token or an array element suffices; stemming)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, "ips"), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't6']);
      assert.deepEqual(await rows('RETURN TOKENS("IPS (in-plane switching)", "text_en")'), [['ip', 'in', 'plane', 'switch']]);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, TOKENS("ips", "text_en")), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't6', 't7']);
    });
    // the page says "that is something" matches the prefix "something" too, but text_en
    // indexes its stem "someth" (as its own STARTS_WITH stemming example explains)
    it('STARTS_WITH() Example: Searching for one or multiple prefixes (minMatchCount)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, ["someth", "ips"]), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't5', 't6']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, ["something", "ips"]), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't6']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, ["wrong", "ips"], 1), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't6']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(STARTS_WITH(doc.text, ["lo", "ips", "something"], 2), "text_en") SORT doc._key RETURN doc._key'), ['t1', 't6']);
    });
    it('LEVENSHTEIN_MATCH() Example: Matching with and without transpositions', async () => {
      assert.deepEqual(await rows('FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, "quikc", 2, false) RETURN doc.text'), ['quick']);
      assert.deepEqual(await rows('FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, "quikc", 1) RETURN doc.text'), ['quick']);
      assert.deepEqual(await rows('FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, "quikc", 1, false) RETURN doc.text'), []);
    });
    // the page's examples pass transpositions false, under which "ck" and "kc" are 2 apart;
    // replayed with transpositions (distance 1) and with distance 2
    it('LEVENSHTEIN_MATCH() Example: Matching with prefix search (prefix removed from the target)', async () => {
      assert.deepEqual(await rows('FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, "kc", 1, true, 64, "qui") RETURN doc.text'), ['quick']);
      assert.deepEqual(await rows('FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, "kc", 1, false, 64, "qui") RETURN doc.text'), []);
      const q = 'LET input = "quikc" LET prefix = LEFT(input, 3) LET suffix = SUBSTRING(input, 3) FOR doc IN txtv SEARCH LEVENSHTEIN_MATCH(doc.text, suffix, 2, false, 64, prefix) RETURN doc.text';
      assert.deepEqual(await rows(q), ['quick']);
    });
    it('LIKE() Example: Searching with wildcards (function and operator form)', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(LIKE(doc.text, "fo%"), "text_en") SORT doc._key RETURN doc._key'), ['t10', 't2', 't3', 't4', 't9']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH ANALYZER(doc.text LIKE "b_r", "text_en") SORT doc._key RETURN doc._key'), ['t11', 't9']);
    });
    it('EXISTS(): presence, types and analyzer (the link stores values: storeValues "id")', async () => {
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH EXISTS(doc.value) SORT doc._key RETURN doc._key'), ['t12', 't13', 't14']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH EXISTS(doc.value, "numeric") SORT doc._key RETURN doc._key'), ['t12', 't13', 't14']);
      assert.deepEqual(await keys('FOR doc IN txtv SEARCH EXISTS(doc.value, "string") RETURN doc._key'), []);
      assert.equal((await keys('FOR doc IN txtv SEARCH EXISTS(doc.text, "analyzer", "text_en") RETURN doc._key')).length, 11);
      assert.deepEqual(await keys('FOR doc IN delimv SEARCH EXISTS(doc.text) RETURN doc._key'), []);
    });
  });

  // ---- ArangoDB tests/js/common/aql/aql-view-arangosearch-noncluster.js (iResearchAqlTestSuite) ----

  describe('aql-view-arangosearch-noncluster.js', () => {
    const U = 'aql-view-arangosearch-noncluster.js';
    let c2Id = '';
    before(async () => {
      await createCol('UnitTestsCollection');
      const c2 = await createCol('UnitTestsCollection2');
      c2Id = c2.body.id;
      await view('UnitTestsView', { UnitTestsCollection: { includeAllFields: true, storeValues: 'id', fields: { text: { analyzers: ['text_en'] } } } });
      const ix = await req('POST', '/_api/index?collection=UnitTestsCollection', { type: 'inverted', name: 'invertedIndex', fields: [{ name: 'text', analyzer: 'text_en' }] });
      assert.equal(ix.status, 201);
      await req('POST', '/_api/view', { name: 'UnitTestsViewAlias', type: 'search-alias', indexes: [{ collection: 'UnitTestsCollection', index: 'invertedIndex' }] });
      await view('CompoundView', { UnitTestsCollection: { includeAllFields: true }, UnitTestsCollection2: { includeAllFields: true } });
      const c: unknown[] = [];
      const c2docs: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        c.push({ a: 'foo', b: 'bar', c: i }, { a: 'foo', b: 'baz', c: i }, { a: 'bar', b: 'foo', c: i }, { a: 'baz', b: 'foo', c: i });
        c2docs.push({ a: 'foo', b: 'bar', c: i }, { a: 'bar', b: 'foo', c: i }, { a: 'baz', b: 'foo', c: i });
      }
      c.push(
        { name: 'full', text: 'the quick brown fox jumps over the lazy dog' },
        { name: 'half', text: 'quick fox over lazy' },
        { name: 'other half', text: 'the brown jumps the dog' },
        { name: 'quarter', text: 'quick quick over' },
        { name: 'numeric', anotherNumericField: 0 },
        { name: 'null', anotherNullField: null },
        { name: 'bool', anotherBoolField: true },
        { _key: 'foo', xyz: 1 },
      );
      await insert('UnitTestsCollection', c);
      await insert('UnitTestsCollection2', c2docs);
      await createCol('AnotherUnitTestsCollection');
      await insert('AnotherUnitTestsCollection', [{ a: 'foo', id: 0 }, { a: 'ba', id: 1 }]);
      await createCol('AuxUnitTestsCollection');
      await insert('AuxUnitTestsCollection', [{ foobar: ['foo', 'bar'], foo: ['foo'], bar: ['bar'], empty: [] }]);
      await createCol('UnitTestsWithArrayCollection');
      await insert('UnitTestsWithArrayCollection', [{ c: 0, a: ['foo', 'bar', 'baz'] }, { c: 1, a: ['afoo', 'abar', 'abaz'] }]);
      await view('UnitTestsWithArrayView', { UnitTestsWithArrayCollection: { includeAllFields: true, fields: { a: { analyzers: ['identity'] } } } });
    });
    const all = async (query: string, bindVars: Record<string, unknown> = {}) => (await rows(query, bindVars)) as Record<string, any>[];
    const fails = async (query: string, errorNum: number) => {
      const r = await q(query);
      assert.ok('error' in r, `expected ${errorNum}`);
      assert.equal((r as { error: { errorNum: number } }).error.errorNum, errorNum);
    };

    it(`${U} testV8FunctionInSearch: APPLY in SEARCH is 9`, async () => {
      await fails("FOR doc IN CompoundView SEARCH doc.a == 'foo' && APPLY('LOWER', 'abc') == 'ABC' OPTIONS { waitForSync: true } RETURN doc", 9);
    });
    it(`${U} testAnalyzerFunctionInReturnStatement`, async () => {
      assert.deepEqual(await rows("FOR doc IN CompoundView SEARCH doc.name == 'full' OPTIONS { waitForSync: true } RETURN ANALYZER(doc.text, 'text_en')"), ['the quick brown fox jumps over the lazy dog']);
    });
    it(`${U} testViewCollectionOptions`, async () => {
      const from = (r: Record<string, any>[], col: string) => r.every((d) => d.a === 'foo' && d._id.startsWith(`${col}/`));
      let r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ 'UnitTestsCollection' ] } RETURN doc");
      assert.equal(r.length, 10);
      assert.ok(from(r, 'UnitTestsCollection'));
      r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ @collectionName ] } RETURN doc", { collectionName: 'UnitTestsCollection' });
      assert.equal(r.length, 10);
      r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : @collections } RETURN doc", { collections: ['UnitTestsCollection'] });
      assert.equal(r.length, 10);
      r = await all(`FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ ${c2Id} ] } RETURN doc`);
      assert.equal(r.length, 5);
      assert.ok(from(r, 'UnitTestsCollection2'));
      r = await all(`FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ '${c2Id}', 'UnitTestsCollection' ] } RETURN doc`);
      assert.equal(r.length, 15);
      r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : null } RETURN doc");
      assert.equal(r.length, 15);
      r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : @collections } RETURN doc", { collections: null });
      assert.equal(r.length, 15);
      r = await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [] } RETURN doc");
      assert.equal(r.length, 0);
      r = await all(
        "FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ 'UnitTestsCollection' ] } FOR doc2 IN CompoundView SEARCH doc2.a == 'foo' OPTIONS { waitForSync: true, collections : [ 'UnitTestsCollection2' ] } RETURN { doc, doc2 }",
      );
      assert.equal(r.length, 50);
      assert.ok(r.every((x) => x.doc._id.startsWith('UnitTestsCollection/') && x.doc2._id.startsWith('UnitTestsCollection2/')));
    });
    it(`${U} testAttributeEqualityFilter`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' OPTIONS { waitForSync : true } RETURN doc");
      assert.equal(r.length, 10);
      assert.ok(r.every((d) => d.a === 'foo'));
    });
    it(`${U} testAttributeEqualityFilterWithWINDOW`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' OPTIONS { waitForSync : true } WINDOW {preceding:'unbounded'} AGGREGATE l = LENGTH(doc) RETURN MERGE(doc, {length:l})");
      assert.equal(r.length, 10);
      r.forEach((d, i) => assert.equal(d.length, i + 1));
    });
    it(`${U} testMultipleAttributeEqualityFilter`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' && doc.b == 'bar' OPTIONS { waitForSync : true } RETURN doc");
      assert.equal(r.length, 5);
      assert.ok(r.every((d) => d.a === 'foo' && d.b === 'bar'));
    });
    it(`${U} testMultipleAttributeEqualityFilterSortAttribute (and Desc)`, async () => {
      assert.deepEqual((await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' && doc.b == 'bar' OPTIONS { waitForSync : true } SORT doc.c RETURN doc")).map((d) => d.c), [0, 1, 2, 3, 4]);
      assert.deepEqual((await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' AND doc.b == 'bar' OPTIONS { waitForSync : true } SORT doc.c DESC RETURN doc")).map((d) => d.c), [4, 3, 2, 1, 0]);
    });
    const counts: [string, string, number][] = [
      ['testAttributeLessFilter', 'doc.c < 2', 8],
      ['testAttributeLeqFilter', 'doc.c <= 2', 12],
      ['testAttributeGeqFilter', 'doc.c >= 2', 12],
      ['testAttributeGreaterFilter', 'doc.c > 2', 8],
      ['testAttributeOpenIntervalFilter', 'doc.c > 1 AND doc.c < 3', 4],
      ['testAttributeClosedIntervalFilter', 'doc.c >= 1 AND doc.c <= 3', 12],
      ['testAttributeIntervalExclusionFilter', 'doc.c < 1 OR doc.c > 3', 8],
      ['testAttributeNeqFilter (documents without the attribute included)', "doc.a != 'foo'", 18],
      ['testStartsWithFilter', "STARTS_WITH(doc.a, 'fo')", 10],
      ['testStartsWithFilter2', "STARTS_WITH(doc.b, 'ba')", 10],
      ['testStartsWithFilterArrayWithoutMinMatchCount', "STARTS_WITH(doc.a, ['fo', 'g'])", 10],
      ['testStartsWithFilterEmptyArray', 'STARTS_WITH(doc.a, [])', 0],
      ['testStartsWithFilterEmptyArrayMinMatchCountZero', 'STARTS_WITH(doc.a, [], 0)', 28],
      ['testStartsWithFilterArrayWithMinMatchCountZero', "STARTS_WITH(doc.a, ['fo', 'g'], 0)", 28],
      ['testStartsWithFilterArrayWithMinMatchCountTrue', "STARTS_WITH(doc.a, ['fo', 'g'], 1)", 10],
      ['testStartsWithFilterArrayWithMinMatchCountFalse', "STARTS_WITH(doc.a, ['fo', 'g'], 2)", 0],
    ];
    for (const [name, cond, n] of counts) {
      it(`${U} ${name}`, async () => {
        assert.equal((await all(`FOR doc IN UnitTestsView SEARCH ${cond} OPTIONS { waitForSync : true } RETURN doc`)).length, n);
      });
    }
    it(`${U} testStartsWithFilterSort`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc.b, 'ba') && doc.c == 0 OPTIONS { waitForSync : true } SORT doc.b RETURN doc");
      assert.deepEqual(r.map((d) => [d.b, d.c]), [['bar', 0], ['baz', 0]]);
    });
    it(`${U} testStartsWithFilterArrayWithoutMinMatchCountViaReference`, async () => {
      assert.equal((await all("LET x = NOOPT(['fo', 'g']) FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc.a, x) OPTIONS { waitForSync : true } RETURN doc")).length, 10);
    });
    it(`${U} testInTokensFilterSortTFIDF`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH ANALYZER(doc.text IN TOKENS('the quick brown', 'text_en'), 'text_en') OPTIONS { waitForSync : true } SORT TFIDF(doc) LIMIT 4 RETURN doc");
      assert.deepEqual(r.map((d) => d.name), ['half', 'quarter', 'other half', 'full']);
    });
    it(`${U} testWildcardFilter`, async () => {
      const like = async (p: string) => (await all(`FOR doc IN UnitTestsView SEARCH doc.a LIKE '${p}' OPTIONS { waitForSync:true } FILTER doc.c == 0 SORT doc.a RETURN doc`)).map((d) => d.a);
      assert.deepEqual(await like('_a_'), ['bar', 'baz']);
      assert.deepEqual(await like('_ar'), ['bar']);
      assert.deepEqual(await like('_a__'), []);
      assert.deepEqual(await like('ba_'), ['bar', 'baz']);
      assert.deepEqual(await like('b__'), ['bar', 'baz']);
      assert.deepEqual(await like('b%'), ['bar', 'baz']);
      assert.deepEqual(await like('%r'), ['bar']);
      assert.deepEqual(await like('b%%'), ['bar', 'baz']);
      assert.deepEqual(await like('%a%'), ['bar', 'baz']);
    });
    const names = async (query: string) => new Set((await all(query)).map((d) => d.name));
    const FOUR = new Set(['full', 'half', 'other half', 'quarter']);
    it(`${U} testExistsFilter`, async () => {
      assert.deepEqual(await names('FOR doc IN UnitTestsView SEARCH EXISTS(doc.text) OPTIONS { waitForSync : true } RETURN doc'), FOUR);
    });
    it(`${U} testExistsFilterByAnalyzer`, async () => {
      assert.deepEqual(await names("FOR doc IN UnitTestsView SEARCH EXISTS(doc.text, 'analyzer', 'text_en') OPTIONS { waitForSync : true } RETURN doc"), FOUR);
    });
    it(`${U} testExistsFilterByContextAnalyzer`, async () => {
      assert.deepEqual(await names("FOR doc IN UnitTestsView SEARCH ANALYZER(EXISTS(doc.text, 'analyzer'), 'text_en') OPTIONS { waitForSync : true } RETURN doc"), FOUR);
    });
    it(`${U} testExistsFilterByString`, async () => {
      assert.deepEqual(await names("FOR doc IN UnitTestsView SEARCH EXISTS(doc.text, 'string') OPTIONS { waitForSync : true } RETURN doc"), FOUR);
    });
    it(`${U} testExistsFilterByType`, async () => {
      assert.equal((await all("FOR doc IN UnitTestsView SEARCH EXISTS(doc.text, 'type') OPTIONS { waitForSync : true } RETURN doc")).length, 0);
    });
    it(`${U} testExistsFilterByTypeNull / Bool / Numeric`, async () => {
      assert.deepEqual(await names("FOR doc IN UnitTestsView SEARCH EXISTS(doc.anotherNullField, 'null') OPTIONS { waitForSync : true } RETURN doc"), new Set(['null']));
      assert.deepEqual(await names("FOR doc IN UnitTestsView SEARCH EXISTS(doc['anotherBoolField'], 'bool') OPTIONS { waitForSync : true } RETURN doc"), new Set(['bool']));
      const q = "LET suffix='NumericField' LET fieldName = CONCAT('another', suffix) FOR doc IN UnitTestsView SEARCH EXISTS(doc[fieldName], 'numeric') OPTIONS { waitForSync : true } RETURN doc";
      assert.deepEqual(await names(q), new Set(['numeric']));
    });
    const abc = (r: Record<string, any>[]) => r.map((d) => [d.a, d.b, d.c]);
    it(`${U} testViewInInnerLoop`, async () => {
      const r = await all("FOR adoc IN AnotherUnitTestsCollection FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc['a'], adoc.a) && adoc.id == doc.c OPTIONS { waitForSync : true } RETURN doc");
      assert.deepEqual(new Set(abc(r).map((x) => JSON.stringify(x))), new Set([['foo', 'bar', 0], ['foo', 'baz', 0], ['bar', 'foo', 1], ['baz', 'foo', 1]].map((x) => JSON.stringify(x))));
    });
    it(`${U} testJoinTwoViewsSortByAttribute (with the view nodes' estimates)`, async () => {
      const query =
        "FOR doc0 IN CompoundView OPTIONS { collections: ['UnitTestsCollection2'], waitForSync:true } FOR doc1 IN UnitTestsView SEARCH doc0.c == doc1.c && STARTS_WITH(doc1['a'], doc0.a) OPTIONS { waitForSync: true } FILTER doc1.c < 2 SORT doc1.c DESC, doc1.a, doc1.b RETURN doc1";
      const plan = (await req('POST', '/_api/explain', { query })).body.plan;
      const nodes = plan.nodes.filter((n: { type: string }) => n.type === 'EnumerateViewNode');
      assert.equal(nodes.length, 2);
      assert.equal(nodes[0].estimatedNrItems, 15);
      assert.equal(nodes[0].estimatedCost, nodes[0].estimatedNrItems + 1);
      assert.equal(nodes[1].estimatedNrItems, 15 * 28);
      assert.equal(nodes[1].estimatedCost, nodes[0].estimatedCost + nodes[1].estimatedNrItems);
      assert.deepEqual(abc(await all(query)), [
        ['bar', 'foo', 1], ['baz', 'foo', 1], ['foo', 'bar', 1], ['foo', 'baz', 1],
        ['bar', 'foo', 0], ['baz', 'foo', 0], ['foo', 'bar', 0], ['foo', 'baz', 0],
      ]);
    });
    it(`${U} testViewInInnerLoopMultipleFilters`, async () => {
      const r = await all("FOR adoc IN AnotherUnitTestsCollection FILTER adoc.id < 1 FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc['a'], adoc.a) && adoc.id == doc.c OPTIONS { waitForSync : true } RETURN doc");
      assert.deepEqual(new Set(abc(r).map((x) => JSON.stringify(x))), new Set([['foo', 'bar', 0], ['foo', 'baz', 0]].map((x) => JSON.stringify(x))));
    });
    it(`${U} testViewInInnerLoopSortByAttribute (and WithNonDeterministic)`, async () => {
      const expected = [['bar', 'foo', 1], ['baz', 'foo', 1], ['foo', 'bar', 0], ['foo', 'baz', 0]];
      assert.deepEqual(abc(await all("FOR adoc IN AnotherUnitTestsCollection FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc['a'], adoc.a) && adoc.id == doc.c OPTIONS { waitForSync : true } SORT doc.c DESC, doc.a, doc.b RETURN doc")), expected);
      assert.deepEqual(abc(await all("FOR adoc IN AnotherUnitTestsCollection FOR doc IN UnitTestsView SEARCH RAND() != -10 && STARTS_WITH(doc['a'], adoc.a) && adoc.id == doc.c OPTIONS { waitForSync : true } SORT doc.c DESC, doc.a, doc.b RETURN doc")), expected);
    });
    it(`${U} testViewInInnerLoopSortByTFIDF_BM25_Attribute`, async () => {
      const r = await all("FOR adoc IN AnotherUnitTestsCollection FOR doc IN UnitTestsView SEARCH STARTS_WITH(doc['a'], adoc.a) && adoc.id == doc.c OPTIONS { waitForSync : true } SORT TFIDF(doc) DESC, BM25(doc) DESC, doc.a DESC, doc.b RETURN doc");
      assert.deepEqual(abc(r), [['baz', 'foo', 1], ['bar', 'foo', 1], ['foo', 'bar', 0], ['foo', 'baz', 0]]);
    });
    it(`${U} testViewInInnerLoopOptimized`, async () => {
      const r = await all("LET outer = (FOR out1 IN UnitTestsCollection FILTER out1.a == 'foo' && out1.c == 0 RETURN out1) FOR a IN outer FOR d IN UnitTestsView SEARCH d.a == a.a && d.c == a.c && d.b == a.b OPTIONS {waitForSync: true} SORT d.b ASC RETURN d");
      assert.deepEqual(abc(r), [['foo', 'bar', 0], ['foo', 'baz', 0]]);
    });
    it(`${U} testScorersWithDistinct`, async () => {
      const r = await all(
        "LET values = (FOR y IN UnitTestsCollection FILTER y.c == 0 RETURN DISTINCT y.a) LET x = FIRST(FOR x IN values FILTER x == 'foo' RETURN x) FOR doc IN UnitTestsView SEARCH doc.a == x && doc.c == 0 OPTIONS { waitForSync: true } LET score = BM25(doc, 20.01, 0.01)*0.0001 + 1.0 COLLECT a = doc.a AGGREGATE maxScore = MAX(score) RETURN { a: a, score: maxScore }",
      );
      assert.equal(r.length, 1);
      assert.equal(r[0]!.a, 'foo');
      assert.ok(r[0]!.score > 1 && r[0]!.score < 2);
    });
    const inCounts: [string, string, number][] = [
      ['testAttributeInRange', 'doc.c IN 1..3', 12],
      ['testAttributeNotInRange', 'doc.c NOT IN 1..3', 16],
      ['testAttributeInArray', 'doc.c IN [ 1, 3 ]', 8],
      ['testAttributeNotInArray', 'doc.c NOT IN [ 1, 3 ]', 20],
    ];
    for (const [name, cond, n] of inCounts) {
      it(`${U} ${name}`, async () => {
        assert.equal((await all(`FOR doc IN UnitTestsView SEARCH ${cond} OPTIONS { waitForSync : true } RETURN doc`)).length, n);
      });
    }
    it(`${U} testAttributeInExpression / NotIn / NonDet (conditions without the loop variable)`, async () => {
      assert.equal((await all('FOR c IN [[[1, 3]]] FOR doc IN UnitTestsView SEARCH 1 IN FLATTEN(c) OPTIONS { waitForSync : true } RETURN doc')).length, 28);
      assert.equal((await all('FOR c IN [[[1, 3]]] FOR doc IN UnitTestsView SEARCH 1 NOT IN FLATTEN(c) OPTIONS { waitForSync : true } RETURN doc')).length, 0);
      assert.equal((await all('FOR c IN [[[1, 3]]] FOR doc IN UnitTestsView SEARCH 1 IN NOOPT(FLATTEN(c)) OPTIONS { waitForSync : true } RETURN doc')).length, 28);
      assert.equal((await all('FOR c IN [[[1, 3]]] FOR doc IN UnitTestsView SEARCH 1 NOT IN NOOPT(FLATTEN(c)) OPTIONS { waitForSync : true } RETURN doc')).length, 0);
    });
    it(`${U} testAnalyzerFunctionPrematureCall / testBoostFunctionPrematureCall / testMinMatchFunctionPrematureCall`, async () => {
      const n = async (query: string) => (await all(query)).length;
      assert.equal(await n("FOR d in UnitTestsView SEARCH ANALYZER(d.a IN TOKENS('#', 'text_en'), 'text_en') OPTIONS { waitForSync : true } RETURN d"), 0);
      assert.equal(await n("FOR d in UnitTestsView SEARCH ANALYZER(d.a NOT IN TOKENS('#', 'text_en'), 'text_en') OPTIONS { waitForSync : true } RETURN d"), 28);
      assert.equal(await n("FOR d in UnitTestsView SEARCH BOOST(d.a IN TOKENS('#', 'text_en'), 2) OPTIONS { waitForSync : true }  SORT BM25(d) RETURN d"), 0);
      assert.equal(await n("FOR d in UnitTestsView SEARCH BOOST(d.a NOT IN TOKENS('#', 'text_en'), 2) OPTIONS { waitForSync : true }  SORT BM25(d) RETURN d"), 28);
      assert.equal(await n("FOR d in UnitTestsView SEARCH MIN_MATCH(d.a IN TOKENS('#', 'text_en'), d.a IN TOKENS('#', 'text_de'), 1) OPTIONS { waitForSync : true } RETURN d"), 0);
      assert.equal(await n('FOR d in UnitTestsView SEARCH MIN_MATCH(false, true, true, 2) OPTIONS { waitForSync : true }  RETURN d'), 28);
      assert.equal(await n('FOR d in UnitTestsView SEARCH MIN_MATCH(false, false, false, 0) OPTIONS { waitForSync : true }  RETURN d'), 28);
    });
    it(`${U} testCheckIssue10090: PHRASE with another condition, in both insertion orders`, async () => {
      const docs = [{ type: 'person', text: 'foo' }, { type: 'person', text: 'foo bar' }];
      for (const order of [docs, [...docs].reverse()]) {
        await createCol('cIssue10090');
        await view('vIssue10090', { cIssue10090: { analyzers: ['identity'], fields: { text: { analyzers: ['text_en', 'identity'] }, type: {} } } });
        await insert('cIssue10090', order);
        try {
          assert.equal((await all("FOR d IN vIssue10090 SEARCH d.type == 'person' AND PHRASE(d.text, 'foo bar', 'text_en') OPTIONS { waitForSync: true } RETURN d")).length, 1);
        } finally {
          await req('DELETE', '/_api/view/vIssue10090');
          await req('DELETE', '/_api/collection/cIssue10090');
        }
      }
    });
    it(`${U} testArrayComparsionOperatorsInOnSimpleField`, async () => {
      const n = async (cond: string) => (await all(`FOR d IN UnitTestsView SEARCH ${cond} RETURN d`)).length;
      const table: [string, number][] = [
        ["['foo', 'bar'] ANY IN d.a", 15], ['[] ANY IN d.a', 0], ["['foo', 'bar'] ANY NOT IN d.a", 28], ['[] ANY NOT IN d.a', 0],
        ["['foo'] ANY NOT IN d.a", 18], ["['foo', 'bar'] NONE IN d.a", 13], ['[] NONE IN d.a', 28], ["['foo', 'bar'] NONE NOT IN d.a", 0],
        ["['bar'] NONE NOT IN d.a", 5], ['[] NONE NOT IN d.a', 28], ["['foo', 'bar'] ALL IN d.a", 0], ['[] ALL IN d.a', 28],
        ["['bar'] ALL IN d.a", 5], ["['foo', 'bar'] ALL NOT IN d.a", 13], ['[] ALL NOT IN d.a', 28],
      ];
      for (const [cond, expected] of table) assert.equal(await n(cond), expected, cond);
    });
    it(`${U} testArrayComparsionOperatorsInOnSimpleFieldWitScopedValue`, async () => {
      const n = async (cond: string) => (await all(`FOR a IN AuxUnitTestsCollection FOR d IN UnitTestsView SEARCH ${cond} RETURN d`)).length;
      const table: [string, number][] = [
        ['a.foobar ANY IN d.a', 15], ['a.empty ANY IN d.a', 0], ['a.foobar ANY NOT IN d.a', 28], ['a.empty ANY NOT IN d.a', 0],
        ['a.foo ANY NOT IN d.a', 18], ['a.foobar NONE IN d.a', 13], ['a.empty NONE IN d.a', 28], ['a.foobar NONE NOT IN d.a', 0],
        ['a.bar NONE NOT IN d.a', 5], ['a.empty NONE NOT IN d.a', 28], ['a.foobar ALL IN d.a', 0], ['a.empty ALL IN d.a', 28],
        ['a.bar ALL IN d.a', 5], ['a.foobar ALL NOT IN d.a', 13], ['a.empty ALL NOT IN d.a', 28],
      ];
      for (const [cond, expected] of table) assert.equal(await n(cond), expected, cond);
    });
    it(`${U} testArrayComparsionOperatorsInOnArrayField (the part shown upstream before its end)`, async () => {
      const cs = async (cond: string) => (await all(`FOR d IN UnitTestsWithArrayView SEARCH ${cond} OPTIONS { waitForSync : true } SORT d.c ASC RETURN d`)).map((d) => d.c);
      const table: [string, number[]][] = [
        ["['foo', 'bar'] ALL IN d.a", [0]], ["['foo', 'bar', 'none'] ALL IN d.a", []], ["[ 'none', 'nani', 'afoo'] ALL NOT IN d.a", [0]],
        ["['afoo', 'foo', 'none', 'nani'] ALL NOT IN d.a", []], ["['none', 'bar'] ANY IN d.a", [0]], ["[ 'nani', 'none'] ANY IN d.a", []],
        ["[ 'foo', 'none', 'nani', 'afoo'] ANY NOT IN d.a", [0, 1]], ["[ 'foo', 'bar'] ANY NOT IN d.a", [1]], ["['none', 'nani', 'afoo'] NONE IN d.a", [0]],
        ["['none', 'nani', 'bar', 'afoo'] NONE IN d.a", []], ["['none', 'foo', 'bar'] NONE NOT IN d.a", []], ["['bar', 'foo'] NONE NOT IN d.a", [0]],
      ];
      for (const [cond, expected] of table) assert.deepEqual(await cs(cond), expected, cond);
    });
    const quantTable = (rowsOf: [string, number][]) => async () => {
      for (const [cond, expected] of rowsOf) {
        const direct = await all(`FOR d IN UnitTestsView SEARCH ${cond.replace('$', '')} OPTIONS { waitForSync : true } RETURN d`);
        assert.equal(direct.length, expected, cond);
        // the same array through an outer loop variable
        const [arr, rest] = cond.split('$');
        const scoped = await all(`FOR a IN [${arr}] FOR d IN UnitTestsView SEARCH a${rest} OPTIONS { waitForSync : true } RETURN d`);
        assert.equal(scoped.length, expected, `scoped ${cond}`);
      }
    };
    it(
      `${U} testArrayComparsionOperatorsGreaterOnSimpleField`,
      quantTable([
        ['[2, 3, 4]$ ALL > d.c', 8], ['[2, 3, 4]$ ALL >= d.c', 12], ['[]$ ALL > d.c', 28], ['[]$ ALL >= d.c', 28],
        ['[1, 2]$ ANY > d.c', 8], ['[1, 2]$ ANY >= d.c', 12], ['[]$ ANY > d.c', 0], ['[]$ ANY >= d.c', 0],
        ['[1, 2, 3]$ NONE > d.c', 8], ['[1, 2, 3]$ NONE >= d.c', 4], ['[]$ NONE > d.c', 28], ['[]$ NONE >= d.c', 28],
      ]),
    );
    it(
      `${U} testArrayComparsionOperatorsLessOnSimpleField`,
      quantTable([
        ['[2, 3]$ ALL < d.c', 4], ['[2, 3]$ ALL <= d.c', 8], ['[]$ ALL < d.c', 28], ['[]$ ALL <= d.c', 28],
        ['[3, 4]$ ANY < d.c', 4], ['[3, 4]$ ANY <= d.c', 8], ['[]$ ANY < d.c', 0], ['[]$ ANY <= d.c', 0],
        ['[1, 2, 3]$ NONE < d.c', 8], ['[1, 2, 3]$ NONE <= d.c', 4], ['[]$ NONE < d.c', 28], ['[]$ NONE <= d.c', 28],
      ]),
    );
    it(`${U} testQueryOptimizationOptions: every conditionOptimization gives the same rows`, async () => {
      await createCol('QueryOptOptionsCol');
      await view('QueryOptView', { QueryOptOptionsCol: { includeAllFields: true } });
      await insert('QueryOptOptionsCol', [
        { value1: '1', value2: 'A', valueArray: ['A', 'B', 'C'] },
        { value1: '2', value2: 'B', valueArray: ['D', 'B', 'C'] },
        { value1: '3', value2: 'C', valueArray: ['E', 'D', 'C'] },
        { value1: '4', value2: 'D', valueArray: ['A', 'E', 'D'] },
        { value1: '5', value2: 'E', valueArray: ['F', 'G', 'B'] },
      ]);
      try {
        const cond = "( NOT(d.value1 IN ['R']) AND d.value2 IN ['A', 'B', 'C', 'D'] OR d.valueArray IN ['D', 'A', 'B']) AND (d.valueArray == 'A' OR (d.valueArray == 'C' AND d.valueArray == 'D'))";
        const run = (opt: string) => all(`FOR d IN QueryOptView SEARCH ${cond} OPTIONS { waitForSync : true, conditionOptimization: '${opt}' } SORT d.value1 ASC RETURN d`);
        const auto = await run('auto');
        assert.deepEqual(auto.map((d) => d.value1), ['1', '2', '3', '4']);
        for (const opt of ['nodnf', 'noneg', 'none']) assert.deepEqual(await run(opt), auto, opt);
      } finally {
        await req('DELETE', '/_api/view/QueryOptView');
        await req('DELETE', '/_api/collection/QueryOptOptionsCol');
      }
    });
    it(`${U} testNGramMatch`, async () => {
      await req('POST', '/_api/analyzer', { name: 'ngram_match_myngram', type: 'ngram', properties: { min: 2, max: 2, streamType: 'utf8', preserveOriginal: false }, features: ['frequency', 'position', 'norm'] });
      await createCol('NgramMatchCol');
      await view('NgramMatchView', { NgramMatchCol: { analyzers: ['ngram_match_myngram'], includeAllFields: true, trackListPositions: true } });
      await insert('NgramMatchCol', [
        { value1: '1', value2: 'Jack Daniels' }, { value1: '2', value2: 'Jack Sparrow' }, { value1: '3', value2: 'Jack The Reaper' },
        { value1: '4', value2: 'Jackhammer' }, { value1: '5', value2: 'Jacky Chan' },
      ]);
      try {
        const v1 = async (search: string, sort = 'BM25(d)') => (await all(`FOR d IN NgramMatchView SEARCH ${search} OPTIONS { waitForSync : true} SORT ${sort} DESC RETURN d`)).map((d) => d.value1);
        assert.deepEqual(await v1("NGRAM_MATCH(d.value2, 'Jack Sparrow', 0.7, 'ngram_match_myngram')"), ['2']);
        assert.deepEqual(await v1("NGRAM_MATCH(d.value2, 'Jack Sparrow', 'ngram_match_myngram')"), ['2']);
        assert.deepEqual(await v1("ANALYZER(NGRAM_MATCH(d.value2, 'Jack Sparrow'), 'ngram_match_myngram')"), ['2']);
        assert.deepEqual(await v1("NGRAM_MATCH(d.value2, 'Jack Doniels', 0.3, 'ngram_match_myngram')"), ['1', '2', '3']);
        assert.deepEqual(await v1("NGRAM_MATCH(d.value2, 'Jack Doniels', 0.3, 'ngram_match_myngram')", 'TFIDF(d)'), ['1', '2', '3']);
        // testNGramMatchFunction: outside a view loop
        const f = async (query: string) => (await rows(query))[0];
        assert.equal(await f("RETURN NGRAM_MATCH('Capitan Jack Sparrow', 'Jack Sparow', 1, 'ngram_match_myngram')"), true);
        assert.equal(await f("RETURN NGRAM_MATCH('Capitan Jack Sparrow', 'Jack Sparowe', 1, 'ngram_match_myngram')"), false);
        assert.equal(await f("RETURN NGRAM_MATCH('Capitan Jack Sparrow', 'Jack Sparowe', 0.9, 'ngram_match_myngram')"), true);
      } finally {
        await req('DELETE', '/_api/view/NgramMatchView');
        await req('DELETE', '/_api/collection/NgramMatchCol');
        await req('DELETE', '/_api/analyzer/ngram_match_myngram?force=true');
      }
    });
    const lev: [string, string, string[]][] = [
      ['testLevenshteinMatch0', "LEVENSHTEIN_MATCH(doc.text, 'lazi', 0, false)", ['full', 'half']],
      ['testLevenshteinMatch1', "LEVENSHTEIN_MATCH(doc.text, 'lzi', 1, false)", ['full', 'half']],
      ['testLevenshteinDamerauMatch1', "LEVENSHTEIN_MATCH(doc.text, 'lzai', 1, true)", ['full', 'half']],
      ['testLevenshteinDamerauMatchPrefix', "LEVENSHTEIN_MATCH(doc.text, 'zi', 1, true, 64, 'la')", ['full', 'half']],
      ['testLevenshteinDamerauMatch1Default', "LEVENSHTEIN_MATCH(doc.text, 'lzai', 1)", ['full', 'half']],
      ['testLevenshteinDamerauMatch1NoLimit', "LEVENSHTEIN_MATCH(doc.text, 'lzai', 1, true)", ['full', 'half']],
      ['testLevenshteinMatch2', "LEVENSHTEIN_MATCH(doc.text, 'dog', 2, false)", ['full', 'half', 'other half']],
      ['testLevenshteinMatch2Limit1 (maxTerms 1: only the nearest term)', "LEVENSHTEIN_MATCH(doc.text, 'dog', 2, false, 1)", ['full', 'other half']],
    ];
    for (const [name, cond, expected] of lev) {
      it(`${U} ${name}`, async () => {
        assert.deepEqual((await all(`FOR doc IN UnitTestsView SEARCH ANALYZER(${cond}, 'text_en') OPTIONS { waitForSync : true } SORT doc.name RETURN doc`)).map((d) => d.name), expected);
      });
    }
    it(`${U} testLevenshteinMatch2BM25 (a nearer term scores higher)`, async () => {
      const r = await all("FOR doc IN UnitTestsView SEARCH ANALYZER(LEVENSHTEIN_MATCH(doc.text, 'dog', 2, false), 'text_en') OPTIONS { waitForSync : true } SORT BM25(doc) DESC LIMIT 1 RETURN doc");
      assert.deepEqual(r.map((d) => d.name), ['other half']);
    });
    it(`${U} testAnalyzerNotOrFalse`, async () => {
      assert.notEqual((await all("FOR doc IN UnitTestsView SEARCH ANALYZER(doc.a != 'foo' OR FALSE, 'identity') OPTIONS { waitForSync : true } RETURN doc")).length, 0);
    });
    const tokens: [string, string][] = [
      ['Term', "{TERM: 'quick'}"], ['StartsWith', "{STARTS_WITH: 'qui'}"], ['Wildcard', "{WILDCARD: 'qu_ck'}"],
      ['LevenshteinMatch', "{LEVENSHTEIN_MATCH: ['queck', 1, false]}"], ['Terms', "{TERMS: ['quick', 'fast']}"], ['InRange', "{IN_RANGE: ['quic', 'ruick', false, true]}"],
    ];
    for (const [name, tok] of tokens) {
      it(`${U} testPhrase${name} (and ViaVariable, ViaArray, ViaArrayVariable)`, async () => {
        const n = async (query: string) => (await all(query)).length;
        assert.equal(await n(`FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, ${tok}, 0, 'brown', 'text_en') OPTIONS { waitForSync : true } RETURN doc`), 1);
        assert.equal(await n(`LET p = NOOPT(${tok}) FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, p, 0, 'brown', 'text_en') OPTIONS { waitForSync : true } RETURN doc`), 1);
        assert.equal(await n(`FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, [${tok}, 'brown'], 'text_en') OPTIONS { waitForSync : true } RETURN doc`), 1);
        assert.equal(await n(`LET p = NOOPT([${tok}, 0, 'brown']) FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, p, 'text_en') OPTIONS { waitForSync : true } RETURN doc`), 1);
      });
    }
    it(`${U} testPhraseLevenshteinMatchNoLimit`, async () => {
      assert.equal((await all("FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, {LEVENSHTEIN_MATCH: ['queck', 1, false, 0]}, 0, 'brown', 'text_en') OPTIONS { waitForSync : true } RETURN doc")).length, 1);
    });
    it(`${U} testVolatileFilter`, async () => {
      const r = await all('FOR doc IN AnotherUnitTestsCollection LET kk = NOEVAL(doc.id) FOR c IN UnitTestsWithArrayView SEARCH c.c == kk OPTIONS { waitForSync : true } SORT c.c RETURN c');
      assert.deepEqual(r.map((d) => d.c), [0, 1]);
    });
    it(`${U} testPhraseFilter (the arangosearch view)`, async () => {
      const names = async (query: string) => (await all(query)).map((d) => d.name);
      for (const form of [
        "PHRASE(doc.text, 'quick brown fox jumps', 'text_en')",
        "PHRASE(doc.text, [ 'quick brown fox jumps' ], 'text_en')",
        "ANALYZER(PHRASE(doc.text, 'quick brown fox jumps'), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick brown fox jumps' ]), 'text_en')",
        "ANALYZER(PHRASE(doc.text,  'quick ', 1, ' fox jumps'), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick ', 1, ' fox jumps' ]), 'text_en')",
        "ANALYZER(PHRASE(doc.text,  'quick ', 0, 'brown', 0, [' fox',  ' jumps']), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick ', 'brown', ' fox jumps' ]), 'text_en')",
      ]) {
        assert.deepEqual(await names(`FOR doc IN UnitTestsView SEARCH ${form} OPTIONS { waitForSync : true } RETURN doc`), ['full'], form);
      }
    });
    it(`${U} testViewInSubquery`, async () => {
      await createCol('entities');
      await req('POST', '/_api/collection', { name: 'links', type: 3 });
      await insert('entities', ['person1', 'person5', 'person4', 'person3', 'person2'].map((k) => ({ _key: k, type: 'person', id: k })));
      await insert('links', [
        { _key: '3301', _from: 'entities/person1', _to: 'entities/person2', type: 'relationship', subType: 'married', from: 'person1', to: 'person2' },
        { _key: '3377', _from: 'entities/person4', _to: 'entities/person5', type: 'relationship', subType: 'married', from: 'person4', to: 'person5' },
        { _key: '3346', _from: 'entities/person1', _to: 'entities/person3', type: 'relationship', subType: 'married', from: 'person1', to: 'person3' },
      ]);
      const link = { analyzers: ['identity'], fields: {}, includeAllFields: true, storeValues: 'id', trackListPositions: false };
      await view('entities_view', { entities: link });
      await view('links_view', { links: link });
      try {
        const q =
          "FOR org IN entities_view SEARCH org.type == 'person' OPTIONS {waitForSync:true} LET marriedIds = ( LET entityIds = ( FOR l IN links_view SEARCH l.type == 'relationship' AND l.subType == 'married' AND (l.from == org.id OR l.to == org.id) OPTIONS {waitForSync:true} RETURN DISTINCT l.from == org.id ? l.to : l.from ) FOR entityId IN entityIds SORT entityId RETURN entityId ) LIMIT 10 SORT org._key RETURN { id: org._key, marriedIds: marriedIds }";
        assert.deepEqual(await all(q), [
          { id: 'person1', marriedIds: ['person2', 'person3'] },
          { id: 'person2', marriedIds: ['person1'] },
          { id: 'person3', marriedIds: ['person1'] },
          { id: 'person4', marriedIds: ['person5'] },
          { id: 'person5', marriedIds: ['person4'] },
        ]);
      } finally {
        for (const v of ['entities_view', 'links_view']) await req('DELETE', `/_api/view/${v}`);
        for (const c of ['entities', 'links']) await req('DELETE', `/_api/collection/${c}`);
      }
    });
    it(`${U} testAttributeInRangeOpenInterval (with the view node's estimate)`, async () => {
      const query = 'FOR doc IN UnitTestsView SEARCH IN_RANGE(doc.c, 1, 3, false, false) OPTIONS { waitForSync : true } RETURN doc';
      const node = (await req('POST', '/_api/explain', { query })).body.plan.nodes.find((n: { type: string }) => n.type === 'EnumerateViewNode');
      assert.equal(node.estimatedNrItems, 28);
      assert.equal(node.estimatedCost, node.estimatedNrItems + 1);
      const r = await all(query);
      assert.equal(r.length, 4);
      assert.ok(r.every((d) => d.c > 1 && d.c < 3));
    });
    it(`${U} testAttributeInRangeClosedInterval`, async () => {
      assert.equal((await all('FOR doc IN UnitTestsView SEARCH IN_RANGE(doc.c, 1, 3, true, true) OPTIONS { waitForSync : true } RETURN doc')).length, 12);
    });
    it(`${U} testMutlipleScorers: BM25 with default and explicit parameters agree`, async () => {
      const r = await all(
        "LET score = FIRST(FOR doc IN UnitTestsView SEARCH doc.a == 'foo' OPTIONS { waitForSync : true } RETURN BM25(doc)) FOR doc IN UnitTestsView SEARCH doc.a == 'foo' FILTER BM25(doc) == score && BM25(doc, 1.2, 0.75) == score RETURN doc",
      );
      assert.equal(r.length, 10);
    });
    it(`${U} testQueryWithMultipleSortView`, async () => {
      await req('POST', '/_api/analyzer', { name: 'customAnalyzer', type: 'text', properties: { locale: 'en.utf-8', case: 'lower', stopwords: [], accent: false, stemming: false }, features: ['position', 'norm', 'frequency'] });
      await createCol('TestsCollectionWithManyFields');
      await insert('TestsCollectionWithManyFields', [1, 2, 3, 4].map((i) => ({ field1: `1value${i - 1 || ''}`, field2: `2value${i - 1 || ''}`, field3: i, field4: 11110 + i, field5: i, field6: i })));
      const wps = await req('POST', '/_api/view', {
        name: 'WithPrimarySort',
        type: 'arangosearch',
        primarySort: ['field1', 'field2', 'field3', 'field4', '_key'].map((field) => ({ field, direction: 'asc' })),
        links: { TestsCollectionWithManyFields: { storeValues: 'id', analyzers: ['customAnalyzer'], fields: { field1: {}, field2: {}, field3: {}, field4: {}, field5: {}, field6: {}, _key: {} } } },
      });
      assert.equal(wps.status, 201);
      try {
        assert.equal((await all("FOR doc IN WithPrimarySort SEARCH ANALYZER(doc.field3 == 1, 'customAnalyzer') OPTIONS { waitForSync : true } SORT doc._key LIMIT 0, 50 RETURN doc")).length, 1);
        // SORT on the primarySort field gives that order
        assert.deepEqual((await all('FOR doc IN WithPrimarySort SORT doc.field1 RETURN doc.field3')), [1, 2, 3, 4]);
      } finally {
        await req('DELETE', '/_api/view/WithPrimarySort');
        await req('DELETE', '/_api/collection/TestsCollectionWithManyFields');
        await req('DELETE', '/_api/analyzer/customAnalyzer?force=true');
      }
    });
    it(`${U} testDisjunctionVisit`, async () => {
      await createCol('DisjunctionCollection');
      await view('DisjunctionView', { DisjunctionCollection: { fields: { value: { analyzers: ['identity', 'text_en'] } } } });
      await insert('DisjunctionCollection', ['test', 'test1234', 'test21321312312', 'test213213123122', 'test2132131231222', 'test21321312312222', 'test2132131231222322', 'test2132131231231231222322', 'rest', 'arest', 'brest', 'zest', 'qest'].map((value) => ({ value })));
      try {
        const r = await all(
          "FOR d IN DisjunctionView SEARCH (ANALYZER(PHRASE(d.value, {LEVENSHTEIN_MATCH : ['test', 2, true]}), 'text_en') && ANALYZER(STARTS_WITH(d.value, 'test'),'text_en')) OR BOOST(PHRASE(d.value, 'test144', 'identity'), 10) OPTIONS {waitForSync:true} SORT BM25(d) DESC LIMIT 20 RETURN {'Score':BM25(d), 'Id' : d.value, 'Entity' : d }",
        );
        assert.equal(r.length, 1);
      } finally {
        await req('DELETE', '/_api/view/DisjunctionView');
        await req('DELETE', '/_api/collection/DisjunctionCollection');
      }
    });
    it(`${U} testReadPrimarySortStoredValues / testReadStoredValues (1500 long values)`, async () => {
      const longValue = 'VeryLongValueToNotFitIntoSSOAndTriggerBufferCopyingIssuesIfAnyBlaBlaBla';
      await req('POST', '/_api/analyzer', { name: 'customAnalyzer2', type: 'text', properties: { locale: 'en.utf-8', case: 'lower', stopwords: [], accent: false, stemming: false }, features: ['position', 'norm', 'frequency'] });
      await createCol('TestsCollectionWithLongFields');
      await insert('TestsCollectionWithLongFields', Array.from({ length: 1500 }, (_v, k) => ({ field1: longValue + k, field2: longValue, field3: k })));
      const link = { TestsCollectionWithLongFields: { storeValues: 'id', analyzers: ['customAnalyzer2'], fields: { field1: {}, field2: {}, field3: {} } } };
      await req('POST', '/_api/view', { name: 'WithStoredValues', type: 'arangosearch', storedValues: [['field1'], ['field2'], ['field3']], links: link });
      await req('POST', '/_api/view', { name: 'WithLongPrimarySort', type: 'arangosearch', primarySort: [{ field: 'field1', direction: 'asc' }], storedValues: [['field2'], ['field3']], links: link });
      try {
        const a = await all('FOR doc IN WithLongPrimarySort SEARCH doc.field3 > 0 OPTIONS { waitForSync : true } SORT doc.field1 ASC RETURN {f1:doc.field1, f2: doc.field2, f3: doc.field3}');
        assert.equal(a.length, 1499);
        const expected = Array.from({ length: 1499 }, (_v, k) => longValue + (k + 1)).sort();
        assert.deepEqual(a.map((x) => x.f1), expected);
        const b = await all('FOR doc IN WithStoredValues SEARCH doc.field3 > 0 OPTIONS { waitForSync : true } SORT doc.field3 ASC RETURN {f1:doc.field1, f2: doc.field2, f3: doc.field3}');
        assert.equal(b.length, 1499);
        b.forEach((x, k) => assert.deepEqual(x, { f1: longValue + (k + 1), f2: longValue, f3: k + 1 }));
      } finally {
        for (const v of ['WithStoredValues', 'WithLongPrimarySort']) await req('DELETE', `/_api/view/${v}`);
        await req('DELETE', '/_api/collection/TestsCollectionWithLongFields');
        await req('DELETE', '/_api/analyzer/customAnalyzer2?force=true');
      }
    });
    it(`${U} testPhraseFilterAlias (the search-alias view; the inverted-index FILTER and warning parts are not replayed)`, async () => {
      const names = async (query: string) => (await all(query)).map((d) => d.name);
      assert.deepEqual(await names("FOR doc IN UnitTestsViewAlias SEARCH PHRASE(doc.text, 'quick brown fox jumps') OPTIONS { waitForSync : true } RETURN doc"), ['full']);
      assert.deepEqual(await names("FOR doc IN UnitTestsViewAlias SEARCH PHRASE(doc.text, [ 'quick brown fox jumps' ], 'text_en') OPTIONS { waitForSync : true } RETURN doc"), ['full']);
      assert.deepEqual(await names("FOR doc IN UnitTestsViewAlias SEARCH doc.missingField == TOKENS('quick')[0] OPTIONS { waitForSync : true } RETURN doc"), []);
      for (const form of [
        "ANALYZER(PHRASE(doc.text, 'quick brown fox jumps'), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick brown fox jumps' ]), 'text_en')",
        "ANALYZER(PHRASE(doc.text,  'quick ', 1, ' fox jumps'), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick ', 1, ' fox jumps' ]), 'text_en')",
        "ANALYZER(PHRASE(doc.text,  'quick ', 0, 'brown', 0, [' fox',  ' jumps']), 'text_en')",
        "ANALYZER(PHRASE(doc.text, [ 'quick ', 'brown', ' fox jumps' ]), 'text_en')",
      ]) {
        assert.deepEqual(await names(`FOR doc IN UnitTestsViewAlias SEARCH ${form} OPTIONS { waitForSync : true } RETURN doc`), ['full'], form);
      }
      assert.deepEqual(await names("LET phraseStruct = NOOPT([' fox',  ' jumps']) FOR doc IN UnitTestsViewAlias SEARCH ANALYZER(PHRASE(doc.text,  'quick ', 0, 'brown', 0, phraseStruct), 'text_en') OPTIONS { waitForSync : true } RETURN doc"), ['full']);
      assert.deepEqual(await names("LET phraseStruct = NOOPT(['quick ', 0, 'brown', 0, [' fox',  ' jumps']]) FOR doc IN UnitTestsViewAlias SEARCH ANALYZER(PHRASE(doc.text, phraseStruct), 'text_en') OPTIONS { waitForSync : true } RETURN doc"), ['full']);
      assert.deepEqual(await names("LET phraseStruct = NOOPT([ 'quick ', 'brown', ' fox jumps' ]) FOR doc IN UnitTestsViewAlias SEARCH ANALYZER(PHRASE(doc.text, phraseStruct), 'text_en') OPTIONS { waitForSync : true } RETURN doc"), ['full']);
    });
  });

  // ---- ArangoDB tests/js/client/aql/aql-arangosearch-wildcard-analyzer.js: LIKE over a
  // field indexed by a wildcard analyzer, with and without positions (the maintainer-mode
  // failure points that check which iresearch path answers are not replayed) ----

  for (const hasPos of [false, true]) {
    describe(`aql-arangosearch-wildcard-analyzer.js ArangoSearchWildcardAnalyzer${hasPos ? 'HasPos' : 'NoPos'}`, () => {
      const U = `aql-arangosearch-wildcard-analyzer.js`;
      const sfx = hasPos ? '_has_pos' : '_no_pos';
      const an = `w${hasPos ? 'p' : 'n'}`;
      const col = `wildc${hasPos ? 'p' : 'n'}`;
      before(async () => {
        const r = await req('POST', '/_api/analyzer', { name: an, type: 'wildcard', properties: { ngramSize: 4 }, features: hasPos ? ['frequency', 'position'] : [] });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        await createCol(col);
        await insert(col, ['', 'abcdef', 'bcde', 'c', 'qwerty', 'wert', 'e', 'a', 'f', 'abcdef qwerty', 'qwerty abcdef'].map((x) => ({ s: x })));
        await view(`${col}v`, { [col]: { fields: { s: {} }, analyzers: [an] } });
      });
      const like = async (pattern: string) => ((await rows(`FOR d IN ${col}v SEARCH ANALYZER(d.s LIKE @p, @a) RETURN d.s`, { p: pattern, a: an })) as string[]).sort();
      const cases: [string, string, string[]][] = [
        ['testExactEmpty', '', ['']],
        ['testExactShort', 'c', ['c']],
        ['testExactMid', 'bcde', ['bcde']],
        ['testExactLong', 'abcdef', ['abcdef']],
        ['testAnyShort', '_', ['a', 'c', 'e', 'f']],
        ['testAnyMid', 'bcd_', ['bcde']],
        ['testAnyLong', 'a_cd_f', ['abcdef']],
        ['testPrefixShort', 'a%', ['a', 'abcdef', 'abcdef qwerty']],
        ['testPrefixMed', 'abcd%', ['abcdef', 'abcdef qwerty']],
        ['testPrefixLong', 'abcdef%', ['abcdef', 'abcdef qwerty']],
        ['testSuffixShort', '%f', ['abcdef', 'f', 'qwerty abcdef']],
        ['testSuffixMed', '%cdef', ['abcdef', 'qwerty abcdef']],
        ['testSuffixLong', '%abcdef', ['abcdef', 'qwerty abcdef']],
        ['testAllShort', '%c%', ['abcdef', 'abcdef qwerty', 'bcde', 'c', 'qwerty abcdef']],
        ['testAllMed', '%bcde%', ['abcdef', 'abcdef qwerty', 'bcde', 'qwerty abcdef']],
        ['testAllLong', '%abcdef%', ['abcdef', 'abcdef qwerty', 'qwerty abcdef']],
      ];
      for (const [name, pattern, expected] of cases) {
        it(`${U} ${name}${sfx}`, async () => {
          assert.deepEqual(await like(pattern), expected);
        });
      }
      it(`${U} testAll${sfx}`, async () => {
        for (const p of ['%', '%%', '%%%']) assert.equal((await like(p)).length, 11, p);
      });
    });
  }

  // ---- ArangoDB's Community suites for Enterprise-only ArangoSearch features:
  // tests/js/client/aql/aql-arangosearch-offset-info-community.js and
  // aql-arangosearch-lsh-community.js (search highlighting and MinHash answer 9) ----

  describe('aql-arangosearch-offset-info-community.js IResearchOffsetInfoAqlTestSuiteCommunity', () => {
    const U = 'aql-arangosearch-offset-info-community.js';
    before(async () => {
      assert.equal((await req('POST', '/_api/analyzer', { name: 'offsets', type: 'delimiter', properties: { delimiter: ' ' }, features: ['frequency', 'position', 'offset'] })).status, 201);
      await createCol('offsetDocs');
      await insert('offsetDocs', [
        { _key: 'a' },
        { body: 'the quick brown fox jumps over the lazy dog', sub: { body: 'the quick brown fox jumps over the lazy dog' } },
        { body: 'the foxx jumps over the fox', sub: { body: 'the foxx jumps over the fox' } },
      ]);
      await view('offsetDocsView', { offsetDocs: { includeAllFields: true, analyzers: ['offsets'] } });
    });
    const cases: [string, string][] = [
      ['testSimpleOffset', "FOR d IN offsetDocsView SEARCH d._key == 'a' RETURN OFFSET_INFO(d, '_key')"],
      ['testOffsetWithAnalyzer', "FOR doc IN offsetDocsView SEARCH ANALYZER(doc.body == 'brown', 'offsets') RETURN OFFSET_INFO(doc, 'body')"],
      ['testOffsetWithSubField', "FOR doc IN offsetDocsView SEARCH ANALYZER(doc.sub.body == 'brown', 'offsets') RETURN OFFSET_INFO(doc, 'sub.body')"],
      ['testOffsetWithNonExistentField', "FOR doc IN offsetDocsView SEARCH ANALYZER(doc.doesNotExist == 'brown', 'offsets') RETURN OFFSET_INFO(doc, 'doesNotExist')"],
      ['testOffsetWithNonExistentSubField', "FOR doc IN offsetDocsView SEARCH ANALYZER(doc.sub.doesNotExist == 'brown', 'offsets') RETURN OFFSET_INFO(doc, 'sub.body.doesNotExist')"],
    ];
    for (const [name, query] of cases) {
      it(`${U} ${name}`, async () => {
        const r = await q(query);
        assert.ok('error' in r, JSON.stringify(r));
        assert.equal(r.error.errorNum, 9);
        // refused when the query is built, whether or not a document matches
        assert.match(r.error.errorMessage, /Function 'OFFSET_INFO' is available in ArangoDB Enterprise Edition only\./);
      });
    }
  });

  describe('aql-arangosearch-lsh-community.js IResearchLshAqlTestSuiteCommunity', () => {
    const U = 'aql-arangosearch-lsh-community.js';
    before(async () => {
      await createCol('collection_0');
      await insert('collection_0', [{ _key: 'a' }, { body: 'the quick brown fox', mh10: 'a' }]);
      await view('lshView', { collection_0: { fields: { mh50: { analyzers: ['identity'] }, mh100: { analyzers: ['identity'] }, mh10: { analyzers: ['identity'] } } } });
    });
    it(`${U} testMinhashAnalyzer (minhash analyzers are Enterprise Edition: 501/9)`, async () => {
      const r = await req('POST', '/_api/analyzer', { name: 'myMinHash10', type: 'minhash', properties: { numHashes: 10, analyzer: { type: 'delimiter', properties: { delimiter: '#' } } } });
      assert.deepEqual([r.status, r.body.errorNum, r.body.errorMessage], [501, 9, "Not implemented analyzer type 'minhash'."]);
    });
    const cases: [string, string, string][] = [
      ['testMinhash', "for d in collection_0 filter minhash(Tokens(d.dataStr, 'identity'), 10) == d.mh10 collect with count into c return c", 'MINHASH'],
      ['testMinhashMatch', "for doc in lshView search minhash_match(doc.dataStr, 'abc', 0.3, 'identity') return doc", 'MINHASH_MATCH'],
      ['testMinhashCount', 'RETURN MINHASH_COUNT(5)', 'MINHASH_COUNT'],
      ['testMinhashError', 'RETURN MINHASH_ERROR(0.05)', 'MINHASH_ERROR'],
    ];
    for (const [name, query, fn] of cases) {
      it(`${U} ${name}`, async () => {
        const r = await q(query);
        assert.ok('error' in r, JSON.stringify(r));
        assert.equal(r.error.errorNum, 9);
        assert.match(r.error.errorMessage, new RegExp(`Function '${fn}' is available in ArangoDB Enterprise Edition only\\.`));
      });
    }
  });

  // ---- docs index-and-search/arangosearch/geospatial-search.md: its queries over a few
  // restaurants and one neighborhood around MoMA (the page's dataset is external) ----

  describe('docs arangosearch/geospatial-search.md', () => {
    const G = 'docs arangosearch/geospatial-search.md';
    // MoMA is at (-73.983, 40.764); 0.001 degrees of latitude are about 111 m
    const restaurants = [
      { _key: 'r1', name: 'Cafe Near', location: { type: 'Point', coordinates: [-73.983, 40.7645] } }, // ~56 m
      { _key: 'r2', name: 'Deli Close', location: { type: 'Point', coordinates: [-73.9835, 40.764] } }, // ~42 m
      { _key: 'r3', name: 'Cafe Further', location: { type: 'Point', coordinates: [-73.983, 40.771] } }, // ~778 m
      { _key: 'r4', name: 'Grill Far', location: { type: 'Point', coordinates: [-73.983, 40.78] } }, // ~1.8 km
      { _key: 'r5', name: 'Cafe West', location: [-73.975, 40.786] }, // a [lon, lat] pair, in the polygon
    ];
    const upperWestSide = { type: 'Polygon', coordinates: [[[-73.99, 40.775], [-73.96, 40.775], [-73.96, 40.80], [-73.99, 40.80], [-73.99, 40.775]]] };
    before(async () => {
      assert.equal((await req('POST', '/_api/analyzer', { name: 'geojson', type: 'geojson', properties: {}, features: [] })).status, 201);
      assert.equal((await req('POST', '/_api/analyzer', { name: 'geo_latlng', type: 'geopoint', properties: { latitude: ['lat'], longitude: ['lng'] }, features: [] })).status, 201);
      await createCol('restaurants');
      await createCol('neighborhoods');
      await insert('restaurants', restaurants);
      await insert('neighborhoods', [{ name: 'Upper West Side', geometry: upperWestSide }]);
      await view('restaurantsView', {
        restaurants: { fields: { name: { analyzers: ['identity'] }, location: { analyzers: ['geojson'] } } },
        neighborhoods: { fields: { name: { analyzers: ['identity'] }, geometry: { analyzers: ['geojson'] } } },
      });
      assert.equal((await req('POST', '/_api/index?collection=restaurants', { name: 'inv-rest', type: 'inverted', fields: [{ name: 'location', analyzer: 'geojson' }, 'name'] })).status, 201);
      assert.equal((await req('POST', '/_api/index?collection=neighborhoods', { name: 'inv-hood', type: 'inverted', fields: ['name', { name: 'geometry', analyzer: 'geojson' }] })).status, 201);
      await req('POST', '/_api/view', { name: 'restaurantsViewAlias', type: 'search-alias', indexes: [{ collection: 'restaurants', index: 'inv-rest' }, { collection: 'neighborhoods', index: 'inv-hood' }] });
    });
    const radius = (source: string, search: string) => `LET moma = GEO_POINT(-73.983, 40.764)
      FOR doc IN ${source} SEARCH ${search}
      LET distance = GEO_DISTANCE(doc.location, moma)
      SORT distance
      RETURN { key: doc._key, distance: ROUND(distance) }`;

    it(`${G} Search for points within a radius (arangosearch View, ANALYZER(..., "geojson"))`, async () => {
      assert.deepEqual(await rows(radius('restaurantsView', 'ANALYZER(GEO_DISTANCE(doc.location, moma) < 100, "geojson")')), [{ key: 'r2', distance: 42 }, { key: 'r1', distance: 56 }]);
    });
    it(`${G} Search for points within a radius (search-alias View: the index's analyzer)`, async () => {
      assert.deepEqual(await rows(radius('restaurantsViewAlias', 'GEO_DISTANCE(doc.location, moma) < 100')), [{ key: 'r2', distance: 42 }, { key: 'r1', distance: 56 }]);
    });
    it(`${G} Restaurants with Cafe in their name within 1000 meters, ten closest (both View types)`, async () => {
      const q = (source: string, geo: string) => `LET moma = GEO_POINT(-73.983, 40.764)
        FOR doc IN ${source} SEARCH LIKE(doc.name, "%Cafe%") AND ${geo}
        LET distance = GEO_DISTANCE(doc.location, moma) SORT distance LIMIT 10 RETURN doc.name`;
      assert.deepEqual(await rows(q('restaurantsView', 'ANALYZER(GEO_DISTANCE(doc.location, moma) < 1000, "geojson")')), ['Cafe Near', 'Cafe Further']);
      assert.deepEqual(await rows(q('restaurantsViewAlias', 'GEO_DISTANCE(doc.location, moma) < 1000')), ['Cafe Near', 'Cafe Further']);
    });
    it(`${G} Search for points within a polygon (looked up in a subquery, returned with the matches)`, async () => {
      for (const [source, contains] of [
        ['restaurantsView', 'ANALYZER(GEO_CONTAINS(upperWestSide, doc.location), "geojson")'],
        ['restaurantsViewAlias', 'GEO_CONTAINS(upperWestSide, doc.location)'],
      ]) {
        const r = await rows(`LET upperWestSide = FIRST(FOR doc IN ${source} SEARCH doc.name == "Upper West Side" RETURN doc.geometry)
          FOR result IN PUSH(FOR doc IN ${source} SEARCH ${contains} SORT doc._key RETURN doc.location, upperWestSide) RETURN result`);
        assert.deepEqual(r, [restaurants[3]!.location, restaurants[4]!.location, upperWestSide], source);
      }
    });
    it(`${G} Search for points within a polygon given inline`, async () => {
      const r = await rows('FOR doc IN restaurantsView SEARCH ANALYZER(GEO_CONTAINS(@poly, doc.location), "geojson") SORT doc._key RETURN doc._key', { poly: upperWestSide });
      assert.deepEqual(r, ['r4', 'r5']);
    });
    it(`${G} Search for polygons that intersect a polygon (the neighborhood itself)`, async () => {
      const r = await rows('FOR doc IN restaurantsView SEARCH ANALYZER(GEO_INTERSECTS(@box, doc.geometry), "geojson") RETURN doc.name', {
        box: { type: 'Polygon', coordinates: [[[-73.98, 40.79], [-73.95, 40.79], [-73.95, 40.81], [-73.98, 40.81], [-73.98, 40.79]]] },
      });
      assert.deepEqual(r, ['Upper West Side']);
    });
    it(`${G} geopoint Analyzer with latitude and longitude attributes of a nested object`, async () => {
      await createCol('latlng');
      await insert('latlng', [{ _key: 'a', location: { lat: 40.7645, lng: -73.983 } }, { _key: 'b', location: { lat: 40.78, lng: -73.983 } }, { _key: 'c', location: [40.764, -73.983] }]);
      await view('latlngView', { latlng: { fields: { location: { analyzers: ['geo_latlng'] } } } });
      assert.deepEqual(await rows('FOR doc IN latlngView SEARCH ANALYZER(GEO_DISTANCE(doc.location, GEO_POINT(-73.983, 40.764)) < 100, "geo_latlng") RETURN doc._key'), ['a']);
    });
  });

  // ---- aql-view-arangosearch-noncluster.js testGeo: geo filters in SEARCH over a geojson
  // analyzer's field (each block of the upstream case is one test here) ----

  describe('aql-view-arangosearch-noncluster.js testGeo', () => {
    const U = 'aql-view-arangosearch-noncluster.js testGeo';
    const pt = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
    const coords: [number, number][] = [
      [37.615895, 55.7039], [37.615315, 55.703915], [37.61509, 55.703537], [37.614183, 55.703806], [37.613792, 55.704405],
      [37.614956, 55.704695], [37.616297, 55.704831], [37.617053, 55.70461], [37.61582, 55.704459], [37.614634, 55.704338],
      [37.613121, 55.704193], [37.614135, 55.703298], [37.613663, 55.704002], [37.616522, 55.704235], [37.615508, 55.704172],
      [37.614629, 55.704081], [37.610235, 55.709754], [37.605, 55.707917], [37.545776, 55.722083], [37.559509, 55.715895],
      [37.701645, 55.832144], [37.73735, 55.816715], [37.75589, 55.798193], [37.659073, 55.843711], [37.778549, 55.823659],
      [37.729797, 55.853733], [37.608261, 55.784682], [37.525177, 55.802825],
    ];
    const geoData: { id: number; geometry: unknown }[] = coords.map(([lon, lat], i) => ({ id: i + 1, geometry: pt(lon, lat) }));
    geoData.push({ id: 29, geometry: { type: 'Polygon', coordinates: [[[37.614323, 55.705898], [37.615825, 55.705898], [37.615825, 55.70652], [37.614323, 55.70652], [37.614323, 55.705898]]] } });
    const shape = { type: 'Polygon', coordinates: [[[37.590322, 55.695583], [37.626114, 55.695583], [37.626114, 55.71488], [37.590322, 55.71488], [37.590322, 55.695583]]] };
    before(async () => {
      assert.equal((await req('POST', '/_api/analyzer', { name: 'mygeo', type: 'geojson', properties: {} })).status, 201);
      await createCol('GeoCollection');
      await view('GeoView', { GeoCollection: { fields: { id: {}, geometry: { analyzers: ['mygeo'] } } } });
      await insert('GeoCollection', geoData);
    });
    const ids = async (search: string, bind: Record<string, unknown> = {}) => {
      const all: Record<string, unknown> = { origin: geoData[7]!.geometry, queryAnalyzer: 'mygeo', ...bind };
      const used = Object.fromEntries(Object.entries(all).filter(([k]) => search.includes(`@${k}`)));
      return rows(`FOR d IN @@view SEARCH ${search} OPTIONS { waitForSync: true } SORT d.id ASC RETURN d.id`, { '@view': 'GeoView', ...used });
    };
    const cases: [string, string, Record<string, unknown>, number[]][] = [
      ['GEO_DISTANCE(@origin, d.geometry) < 100', 'ANALYZER(GEO_DISTANCE(@origin, d.geometry) < 100, @queryAnalyzer)', {}, [7, 8, 9, 14]],
      ['GEO_DISTANCE >= 0 && < 100', 'ANALYZER(GEO_DISTANCE(@origin, d.geometry) >= 0 && GEO_DISTANCE(@origin, d.geometry) < 100, @queryAnalyzer)', {}, [7, 8, 9, 14]],
      ['GEO_DISTANCE > 0 && < 100', 'ANALYZER(GEO_DISTANCE(@origin, d.geometry) > 0 && GEO_DISTANCE(@origin, d.geometry) < 100, @queryAnalyzer)', {}, [7, 9, 14]],
      ['GEO_IN_RANGE(@origin, d.geometry, 0, 100)', 'ANALYZER(GEO_IN_RANGE(@origin, d.geometry, 0, 100), @queryAnalyzer)', {}, [7, 8, 9, 14]],
      ['GEO_DISTANCE(d.geometry, @origin) < 100', 'ANALYZER(GEO_DISTANCE(d.geometry, @origin) < 100, @queryAnalyzer)', {}, [7, 8, 9, 14]],
      ['GEO_CONTAINS(d.geometry, @origin)', 'ANALYZER(GEO_CONTAINS(d.geometry, @origin), @queryAnalyzer)', {}, [8]],
      ['GEO_CONTAINS(@origin, d.geometry)', 'ANALYZER(GEO_CONTAINS(@origin, d.geometry), @queryAnalyzer)', {}, [8]],
      ['GEO_INTERSECTS(d.geometry, @origin)', 'ANALYZER(GEO_INTERSECTS(d.geometry, @origin), @queryAnalyzer)', {}, [8]],
      ['GEO_INTERSECTS(@origin, d.geometry)', 'ANALYZER(GEO_INTERSECTS(@origin, d.geometry), @queryAnalyzer)', {}, [8]],
      ['GEO_CONTAINS(@shape, d.geometry)', 'ANALYZER(GEO_CONTAINS(@shape, d.geometry), @queryAnalyzer)', { shape }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 29]],
      ['GEO_INTERSECTS(@shape, d.geometry) && d.id > 15', 'ANALYZER(GEO_INTERSECTS(@shape, d.geometry), @queryAnalyzer) && d.id > 15', { shape }, [16, 17, 18, 29]],
      ['GEO_CONTAINS(d.geometry, @shape)', 'ANALYZER(GEO_CONTAINS(d.geometry, @shape), @queryAnalyzer)', { shape }, []],
    ];
    for (const [name, search, bind, expected] of cases) {
      it(`${U}: ${name}`, async () => {
        assert.deepEqual(await ids(search, bind), expected);
      });
    }
    it(`${U}: without the geo analyzer (identity) the geometry is not indexed, nothing matches`, async () => {
      assert.deepEqual(await ids('GEO_DISTANCE(@origin, d.geometry) < 100'), []);
    });
  });

  // ---- ArangoDB tests/js/common/aql/aql-view-search-alias-noncluster.js: the common
  // suite (aql-view-arangosearch-common-noncluster.inc) over search-alias views ----

  describe('aql-view-search-alias-noncluster.js', () => {
    const U = 'aql-view-search-alias-noncluster.js';
    const db = '/_db/aliasdb';
    before(async () => {
      await req('POST', '/_api/database', { name: 'aliasdb' });
      const ok = async (method: string, url: string, body: unknown) => {
        const r = await req(method, `${db}${url}`, body);
        assert.ok(r.status < 300, JSON.stringify(r.body));
      };
      await ok('POST', '/_api/collection', { name: 'UnitTestsCollection' });
      await ok('POST', '/_api/collection', { name: 'UnitTestsCollection2' });
      const fields = ['a', 'b', 'c', 'name', 'anotherNumericField', 'anotherNullField', 'anotherBoolField', '_key', 'xyz', { name: 'text', analyzer: 'text_en' }];
      await ok('POST', '/_api/index?collection=UnitTestsCollection', { type: 'inverted', name: 'invertedIndex', fields });
      await ok('POST', '/_api/view', { name: 'UnitTestsView', type: 'search-alias', indexes: [{ collection: 'UnitTestsCollection', index: 'invertedIndex' }] });
      await ok('POST', '/_api/index?collection=UnitTestsCollection', { type: 'inverted', name: 'invertedIndexCompound', includeAllFields: true });
      await ok('POST', '/_api/index?collection=UnitTestsCollection2', { type: 'inverted', name: 'invertedIndexCompound', includeAllFields: true });
      await ok('POST', '/_api/view', {
        name: 'CompoundView',
        type: 'search-alias',
        indexes: [{ collection: 'UnitTestsCollection', index: 'invertedIndexCompound' }, { collection: 'UnitTestsCollection2', index: 'invertedIndexCompound' }],
      });
      const c: unknown[] = [];
      const c2: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const nn = { anotherNullField: 'not null' };
        c.push({ a: 'foo', b: 'bar', c: i, ...nn }, { a: 'foo', b: 'baz', c: i, ...nn }, { a: 'bar', b: 'foo', c: i, ...nn }, { a: 'baz', b: 'foo', c: i, ...nn });
        c2.push({ a: 'foo', b: 'bar', c: i }, { a: 'bar', b: 'foo', c: i }, { a: 'baz', b: 'foo', c: i });
      }
      c.push(
        { name: 'full', text: 'the quick brown fox jumps over the lazy dog', anotherNullField: 'not null' },
        { name: 'half', text: 'quick fox over lazy', anotherNullField: 'not null' },
        { name: 'other half', text: 'the brown jumps the dog', anotherNullField: 'not null' },
        { name: 'quarter', text: 'quick quick over', anotherNullField: 'not null' },
        { name: 'numeric', anotherNumericField: 0, anotherNullField: 'not null' },
        { name: 'null', anotherNullField: null },
        { name: 'bool', anotherBoolField: true, anotherNullField: 'not null' },
        { _key: 'foo', xyz: 1, anotherNullField: 'not null' },
      );
      await ok('POST', '/_api/document/UnitTestsCollection', c);
      await ok('POST', '/_api/document/UnitTestsCollection2', c2);
    });
    after(async () => {
      await req('DELETE', '/_api/database/aliasdb');
    });
    const all = async (query: string) => {
      const r = await req('POST', `${db}/_api/cursor`, { query, batchSize: 5000 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.result as Record<string, any>[];
    };
    const counts: [string, string, number][] = [
      ['testAttributeEqualityFilter', "doc.a == 'foo'", 10],
      ['testMultipleAttributeEqualityFilter', "doc.a == 'foo' && doc.b == 'bar'", 5],
      ['testAttributeLessFilter', 'doc.c < 2', 8],
      ['testAttributeLeqFilter', 'doc.c <= 2', 12],
      ['testAttributeGeqFilter', 'doc.c >= 2', 12],
      ['testAttributeGreaterFilter', 'doc.c > 2', 8],
      ['testAttributeOpenIntervalFilter', 'doc.c > 1 AND doc.c < 3', 4],
      ['testAttributeClosedIntervalFilter', 'doc.c >= 1 AND doc.c <= 3', 12],
      ['testAttributeIntervalExclusionFilter', 'doc.c < 1 OR doc.c > 3', 8],
      ['testAttributeNeqFilter', "doc.a != 'foo'", 18],
      ['testStartsWithFilter', "STARTS_WITH(doc.a, 'fo')", 10],
      ['testStartsWithFilter2', "STARTS_WITH(doc.b, 'ba')", 10],
      ['testStartsWithFilterEmptyArrayMinMatchCountZero', 'STARTS_WITH(doc.a, [], 0)', 28],
      ['testStartsWithFilterArrayWithMinMatchCountFalse', "STARTS_WITH(doc.a, ['fo', 'g'], 2)", 0],
      ['testAttributeInRange', 'doc.c IN 1..3', 12],
      ['testAttributeNotInRange', 'doc.c NOT IN 1..3', 16],
      ['testAttributeInArray', 'doc.c IN [ 1, 3 ]', 8],
      ['testAttributeNotInArray', 'doc.c NOT IN [ 1, 3 ]', 20],
      ['testAttributeInRangeClosedInterval', 'IN_RANGE(doc.c, 1, 3, true, true)', 12],
    ];
    for (const [name, cond, n] of counts) {
      it(`${U} ${name}`, async () => {
        assert.equal((await all(`FOR doc IN UnitTestsView SEARCH ${cond} OPTIONS { waitForSync : true } RETURN doc`)).length, n);
      });
    }
    it(`${U} testMultipleAttributeEqualityFilterSortAttribute`, async () => {
      assert.deepEqual((await all("FOR doc IN UnitTestsView SEARCH doc.a == 'foo' && doc.b == 'bar' OPTIONS { waitForSync : true } SORT doc.c RETURN doc")).map((d) => d.c), [0, 1, 2, 3, 4]);
    });
    it(`${U} testPhraseFilter (the field's analyzer, text_en, without ANALYZER())`, async () => {
      assert.deepEqual((await all("FOR doc IN UnitTestsView SEARCH PHRASE(doc.text, 'quick brown fox jumps') OPTIONS { waitForSync : true } RETURN doc")).map((d) => d.name), ['full']);
    });
    it(`${U} testExistsFilter (inverted indexes keep values: EXISTS works)`, async () => {
      assert.deepEqual(new Set((await all('FOR doc IN UnitTestsView SEARCH EXISTS(doc.text) OPTIONS { waitForSync : true } RETURN doc')).map((d) => d.name)), new Set(['full', 'half', 'other half', 'quarter']));
    });
    it(`${U} testViewCollectionOptions (CompoundView over two collections' inverted indexes)`, async () => {
      assert.equal((await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [ 'UnitTestsCollection' ] } RETURN doc")).length, 10);
      assert.equal((await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true } RETURN doc")).length, 15);
      assert.equal((await all("FOR doc IN CompoundView SEARCH doc.a == 'foo' OPTIONS { waitForSync: true, collections : [] } RETURN doc")).length, 0);
    });
    it(`${U} testWildcardFilter`, async () => {
      assert.deepEqual((await all("FOR doc IN UnitTestsView SEARCH doc.a LIKE 'b%' OPTIONS { waitForSync:true } FILTER doc.c == 0 SORT doc.a RETURN doc")).map((d) => d.a), ['bar', 'baz']);
    });
  });

  // ---- Cairn's own cases: errors, explain, permissions, semantics FILTER does not have ----

  describe('Cairn: view loops', () => {
    before(async () => {
      await createCol('cc');
      await insert('cc', [
        { _key: 'a', text: 'The quick brown fox', n: 1, tags: ['x', 'y'], o: { p: 'deep' }, hidden: 'h' },
        { _key: 'b', text: 'the lazy dog', n: 2, tags: ['y'] },
        { _key: 'c', text: 'quick quick fox', n: 3 },
      ]);
      await view('cv', { cc: { fields: { text: { analyzers: ['text_en', 'identity'] }, n: {}, tags: {}, o: { fields: { p: {} } } } } });
      await view('tlp', { cc: { fields: { tags: { trackListPositions: true } } } });
    });
    const err = async (query: string) => {
      const r = await q(query);
      assert.ok('error' in r, 'expected an error');
      const e = (r as { error: { code: number; errorNum: number; errorMessage: string } }).error;
      return [e.code, e.errorNum, e.errorMessage];
    };
    it('SEARCH on a collection: 400/1501 SEARCH condition used on non-view', async () => {
      assert.deepEqual(await err('FOR d IN cc SEARCH d.n == 1 RETURN d'), [400, 1501, 'AQL: SEARCH condition used on non-view (while parsing)']);
    });
    it('SEARCH on an array: a parse error at the SEARCH', async () => {
      const [code, num, msg] = await err('FOR d IN [1, 2] SEARCH d == 1 RETURN d');
      assert.deepEqual([code, num], [400, 1501]);
      assert.match(msg as string, /^AQL: SEARCH condition used on non-view near/);
    });
    it('an unknown data source: 404/1203', async () => {
      assert.deepEqual(await err('FOR d IN nosuch SEARCH d.n == 1 RETURN d'), [404, 1203, 'AQL: collection or view not found: nosuch (while parsing)']);
    });
    it('a view through @@bind parameter, with and without SEARCH', async () => {
      assert.deepEqual(await rows('FOR d IN @@v SEARCH d.n == 2 RETURN d._key', { '@v': 'cv' }), ['b']);
      assert.equal((await rows('FOR d IN @@v RETURN d._key', { '@v': 'cv' })).length, 3);
    });
    it('scorers outside a view loop: 501/9 with ArangoDB words', async () => {
      const [code, num, msg] = await err('FOR d IN cc RETURN BM25(d)');
      assert.deepEqual([code, num], [501, 9]);
      assert.match(msg as string, /ArangoSearch scorer functions BM25\(\) and TFIDF\(\) are designed to be used only outside SEARCH statement within a context of ArangoSearch view/);
    });
    it('EXISTS and PHRASE outside SEARCH: 501/9', async () => {
      for (const f of ['EXISTS(1)', "PHRASE('a', 'b')"]) {
        const [code, num, msg] = await err(`RETURN ${f}`);
        assert.deepEqual([code, num], [501, 9]);
        assert.match(msg as string, /ArangoSearch filter functions EXISTS, PHRASE {2}are designed to be used only within a corresponding SEARCH statement/);
      }
    });
    it('a condition reading the loop variable that is no search filter: 501/9 noncompliant expression', async () => {
      const [code, num, msg] = await err('FOR d IN cv SEARCH d.n == d.n RETURN d');
      assert.deepEqual([code, num], [501, 9]);
      assert.match(msg as string, /Unable to evaluate loop variable 'd' as a part of ArangoSearch noncompliant expression/);
      assert.deepEqual((await err('FOR d IN cv SEARCH LOWER(d.text) == "x" RETURN d')).slice(0, 2), [501, 9]);
    });
    it('only indexed fields match: a stored but unlinked attribute does not', async () => {
      assert.deepEqual(await rows("FOR d IN cc FILTER d.hidden == 'h' RETURN d._key"), ['a']);
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.hidden == 'h' RETURN d._key"), []);
    });
    it('strings match as terms of the active analyzer (identity: the whole value)', async () => {
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.text == 'quick' RETURN d._key"), []);
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.text == 'the lazy dog' RETURN d._key"), ['b']);
      assert.deepEqual(await rows("FOR d IN cv SEARCH ANALYZER(d.text == 'quick', 'text_en') SORT d._key RETURN d._key"), ['a', 'c']);
    });
    it('!= and NOT include documents without the field; IN arrays and ranges', async () => {
      assert.deepEqual(await rows('FOR d IN cv SEARCH d.n != 1 SORT d._key RETURN d._key'), ['b', 'c']);
      assert.deepEqual(await rows("FOR d IN cv SEARCH NOT (d.tags == 'x') SORT d._key RETURN d._key"), ['b', 'c']);
      assert.deepEqual(await rows('FOR d IN cv SEARCH d.n IN [1, 3] SORT d._key RETURN d._key'), ['a', 'c']);
      assert.deepEqual(await rows('FOR d IN cv SEARCH d.n IN 2..3 SORT d._key RETURN d._key'), ['b', 'c']);
      assert.deepEqual(await rows('FOR d IN cv SEARCH d.n NOT IN 2..3 SORT d._key RETURN d._key'), ['a']);
    });
    it('array elements under the array name; [n] only with trackListPositions; nested fields', async () => {
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.tags == 'y' SORT d._key RETURN d._key"), ['a', 'b']);
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.tags[1] == 'y' RETURN d._key"), []);
      assert.deepEqual(await rows("FOR d IN tlp SEARCH d.tags[1] == 'y' RETURN d._key"), ['a']);
      assert.deepEqual(await rows("FOR d IN tlp SEARCH d.tags == 'y' RETURN d._key"), []);
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.o.p == 'deep' RETURN d._key"), ['a']);
    });
    it('numbers, strings and types do not mix (a string never equals a number)', async () => {
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.n == '1' RETURN d._key"), []);
      assert.deepEqual(await rows("FOR d IN cv SEARCH d.n < 'z' RETURN d._key"), []);
    });
    it('no SEARCH: every document of the view once; BM25 is 0', async () => {
      assert.deepEqual(await rows('FOR d IN cv SORT d._key RETURN [d._key, BM25(d), TFIDF(d)]'), [['a', 0, 0], ['b', 0, 0], ['c', 0, 0]]);
    });
    it('BM25 counts term frequency and field length (text_en): the doubled term scores higher', async () => {
      const r = (await rows("FOR d IN cv SEARCH ANALYZER(d.text == 'quick', 'text_en') SORT BM25(d) DESC RETURN d._key")) as string[];
      assert.deepEqual(r, ['c', 'a']);
    });
    it('explain: an EnumerateViewNode with view, condition and options; the linked collections are read', async () => {
      const plan = (await req('POST', '/_api/explain', { query: 'FOR d IN cv SEARCH d.n == 1 OPTIONS { conditionOptimization: "none" } RETURN d' })).body.plan;
      const node = plan.nodes.find((n: { type: string }) => n.type === 'EnumerateViewNode');
      assert.equal(node.view, 'cv');
      assert.equal(node.condition.type, 'compare ==');
      assert.equal(node.options.conditionOptimization, 'none');
      assert.deepEqual(plan.collections, [{ name: 'cc', type: 'read' }]);
    });
    it('bad OPTIONS: 400/10', async () => {
      assert.deepEqual((await err('FOR d IN cv SEARCH d.n == 1 OPTIONS { collections: ["nosuch"] } RETURN d')).slice(0, 2), [400, 10]);
      assert.deepEqual((await err('FOR d IN cv OPTIONS { conditionOptimization: "x" } RETURN d')).slice(0, 2), [400, 10]);
    });
    it('a user without read access to a linked collection cannot query the view (403/11, as for the collection)', async () => {
      await req('POST', '/_api/user', { user: 'searcher', passwd: 'pw' });
      await req('PUT', '/_api/user/searcher/database/_system', { grant: 'ro' });
      await req('PUT', '/_api/user/searcher/database/_system/cc', { grant: 'none' });
      try {
        const auth = 'Basic ' + Buffer.from('searcher:pw').toString('base64');
        const asUser = async (query: string) => bodyOf(await s.request({ method: 'POST', url: '/_api/cursor', body: { query }, auth }));
        const direct = await asUser('FOR d IN cc RETURN d');
        const viaView = await asUser('FOR d IN cv SEARCH d.n == 1 RETURN d');
        assert.deepEqual([viaView.code, viaView.errorNum], [403, 11]);
        assert.deepEqual([direct.code, direct.errorNum], [403, 11]);
      } finally {
        await req('DELETE', '/_api/user/searcher');
      }
    });
  });

});
