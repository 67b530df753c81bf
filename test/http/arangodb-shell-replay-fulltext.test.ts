// Cases of ArangoDB's tests/js/common/shell/multi/shell-fulltext.js (fulltextQuerySuite)
// replayed over HTTP as arangosh's collection.fulltext() sends them (PUT
// /_api/simple/fulltext with the index id). Inputs and expected counts are upstream's,
// restated in Cairn's words.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callJson, startServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.close();
});

const call = (method: string, url: string, body?: unknown) => callJson(s, method, url, body);
const CN = 'UnitTestsFulltext';
let idx = '';
/** The number of documents a fulltext query finds, or `E<errorNum>`. */
async function count(query: string): Promise<number | string> {
  const r = await call('PUT', '/_api/simple/fulltext', { collection: CN, attribute: 'text', query, index: idx, batchSize: 10000 });
  return r.body.error ? `E${r.body.errorNum}` : r.body.count;
}
const save = (texts: unknown[]) => call('POST', `/_api/document/${CN}`, texts.map((text) => ({ text })));

describe('shell-fulltext.js: fulltextQuerySuite', () => {
  beforeEach(async () => {
    await call('DELETE', `/_api/collection/${CN}`);
    await call('POST', '/_api/collection', { name: CN });
    idx = (await call('POST', `/_api/index?collection=${CN}`, { type: 'fulltext', fields: ['text'] })).body.id;
  });

  it('testEmptyQueries: a query without a word is 400/10, also one that a NUL character ends at once', async () => {
    await save(['hello world']);
    for (const q of ['', ' ', '   ', '\0', '\t  ', '\r\n', '\0hello']) assert.equal(await count(q), 'E10', JSON.stringify(q));
    // what follows a NUL character is not read
    assert.equal(await count('hello\0,nothere'), 1);
  });

  it('testWhitespace', async () => {
    await save(['some rubbish text', 'More rubbish test data. The index should be able to handle all this.', 'even MORE rubbish. Nevertheless this should be handled well, too.']);
    const cases: [number, string][] = [
      [1, '   some   '], [3, '   rubbish   '], [3, '\t\t\t\r\nrubbish\r\n\t'], [1, '\rdata\r\nrubbish \rindex\t '],
      [1, 'rubbish,test,data'], [1, ' rubbish , test , data '], [0, '\rdata\r\nfuxxbau'], [0, 'never theless'],
    ];
    for (const [n, q] of cases) assert.equal(await count(q), n, JSON.stringify(q));
  });

  it('testLogicalOperators', async () => {
    await save(Array.from({ length: 100 }, (_, i) => `prefix${i}`));
    const cases: [number, string][] = [
      [1, 'prefix1'], [11, 'prefix:prefix1'], [0, 'prefix1,prefix2'], [3, 'prefix1,|prefix2,|prefix3'], [1, 'prefix1,prefix2,|prefix3'],
      [13, 'prefix1,|prefix2,|prefix:prefix3'], [22, 'prefix:prefix1,|prefix:prefix2'], [20, 'prefix:prefix1,|prefix:prefix2,-prefix2,-prefix1'],
      [11, 'prefix:prefix1,|prefix:prefix2,-prefix:prefix1'], [0, 'prefix:prefix1,|prefix:prefix2,-prefix:prefix'],
    ];
    for (const [n, q] of cases) assert.equal(await count(q), n, q);
  });

  it('testObjectAttributes: strings of an object count, nested values do not', async () => {
    await save([{ de: 'das ist müll', en: 'this is rubbish' }, { value: ['this is ignored'] }, { value: { en: 'rubbish', de: 'müll' } }, 'müllmann', 'rubbish bin']);
    for (const [n, q] of [[2, 'rubbish'], [1, 'müll'], [2, 'prefix:müll'], [0, 'ignored']] as const) assert.equal(await count(q), n, q);
  });
});
