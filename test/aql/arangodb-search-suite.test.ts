// AQL SEARCH over views: ArangoDB's ArangoSearch documentation examples, its
// tests/js/common/aql/aql-view-arangosearch*.js cases, arangojs and python-arango view
// queries, replayed over HTTP; then Cairn's own cases. Test names start with the
// upstream file (or docs page) and case they trace.
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
    const r = await req('POST', '/_api/cursor', { query, bindVars, batchSize: 1000 });
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
    it('BOOST() Example: Boosting a search sub-expression (BM25 scores)', async () => {
      const r = await rows('FOR doc IN boostv SEARCH ANALYZER(BOOST(doc.text == "foo", 2.5) OR doc.text == "bar", "text_en") LET score = BM25(doc) SORT score DESC RETURN { text: doc.text, score }');
      assert.deepEqual(r, [
        { text: 'foo bar', score: 2.787301540374756 },
        { text: 'foo baz', score: 1.6895781755447388 },
        { text: 'foo', score: 1.525835633277893 },
        { text: 'bar', score: 0.9913395643234253 },
      ]);
    });
  });

  describe('smoke', () => {
    before(async () => {
      await createCol('sc');
      await insert('sc', [
        { _key: 'a', text: 'The quick brown fox', n: 1, tags: ['x', 'y'] },
        { _key: 'b', text: 'the lazy dog', n: 2, tags: ['y'] },
        { _key: 'c', text: 'quick quick fox', n: 3 },
      ]);
      const v = await req('POST', '/_api/view', { name: 'sv', type: 'arangosearch', links: { sc: { includeAllFields: true, fields: { text: { analyzers: ['text_en', 'identity'] } } } } });
      assert.equal(v.status, 201, JSON.stringify(v.body));
    });
    it('basic', async () => {
      console.log(await rows('FOR d IN sv SORT d._key RETURN d._key'));
      console.log(await rows('FOR d IN sv SEARCH d.n >= 2 SORT d._key RETURN d._key'));
      console.log(await rows("FOR d IN sv SEARCH ANALYZER(d.text == 'quick', 'text_en') LET s = BM25(d) SORT s DESC RETURN [d._key, s, TFIDF(d), TFIDF(d, true)]"));
      console.log(await rows("FOR d IN sv SEARCH PHRASE(d.text, 'quick brown', 'text_en') RETURN d._key"));
      console.log(await rows("FOR d IN sv SEARCH d.tags == 'y' SORT d._key RETURN d._key"));
      console.log(await rows("FOR d IN sv SEARCH d.text != 'the lazy dog' SORT d._key RETURN d._key"));
      console.log(await q("FOR d IN sv SEARCH d.text == d.n RETURN d._key"));
      console.log(await q("FOR d IN sc SEARCH d.text == 1 RETURN d._key"));
      console.log(await q("FOR d IN [1] SEARCH d == 1 RETURN d"));
      console.log(await q("FOR d IN sc RETURN BM25(d)"));
      console.log(await q("RETURN EXISTS(1)"));
      const ex = await req('POST', '/_api/explain', { query: "FOR d IN sv SEARCH d.n == 1 RETURN d" });
      console.log(JSON.stringify(ex.body.plan.nodes[1]), ex.body.plan.collections);
    });
  });
});
