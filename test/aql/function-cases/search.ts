// Case table for the ArangoSearch functions usable outside SEARCH (src/aql/functions/
// search.ts). The test environment has no custom analyzers: TOKENS sees the built-ins.
// Custom analyzers, aql analyzers and ArangoDB's TOKENS suite are in
// test/http/analyzers-suite.test.ts.
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [
  { id: 'search-tokens-1', fn: 'TOKENS', args: ['Quick Fox'], expected: ['Quick Fox'] },
  { id: 'search-tokens-2', fn: 'TOKENS', args: ['The quick foxes', 'text_en'], expected: ['the', 'quick', 'fox'] },
  { id: 'search-tokens-3', fn: 'TOKENS', args: [['a b', ['c']], 'text_en'], expected: [['a', 'b'], [['c']]] },
  { id: 'search-tokens-4', fn: 'TOKENS', args: [null], expected: [''] },
  { id: 'search-tokens-5', fn: 'TOKENS', args: [false], expected: ['AA=='] },
  { id: 'search-tokens-6', fn: 'TOKENS', args: [2], expected: ['oMAAAAAAAAAA', 'sMAAAAAAAA==', 'wMAAAAA=', '0MAA'] },
  { id: 'search-tokens-7', fn: 'TOKENS', args: [[]], expected: [[]] },
  { id: 'search-tokens-8', fn: 'TOKENS', args: ['x', 'nope'], error: 10 },
  { id: 'search-tokens-9', fn: 'TOKENS', args: ['x', 1], error: 10 },
  { id: 'search-tokens-10', fn: 'TOKENS', args: [{ a: 1 }], error: 10 },
  { id: 'search-tokens-11', fn: 'TOKENS', args: [], error: 1541 },
  { id: 'search-analyzer-1', fn: 'ANALYZER', args: ['abc', 'text_en'], expected: 'abc' },
  { id: 'search-analyzer-2', fn: 'ANALYZER', args: ['abc'], error: 1541 },
  // outside SEARCH: EXISTS and PHRASE fail (ArangoDB's dummyFilterFunc), BOOST gives its
  // first argument, MIN_MATCH counts truthy values, the scorers need a view's document
  { id: 'search-exists-1', fn: 'EXISTS', args: [1], error: 9 },
  { id: 'search-phrase-1', fn: 'PHRASE', args: ['a', 'b'], error: 9 },
  { id: 'search-boost-1', fn: 'BOOST', args: [true, 2], expected: true },
  { id: 'search-min-match-1', fn: 'MIN_MATCH', args: [true, false, 1, 2], expected: true },
  { id: 'search-min-match-2', fn: 'MIN_MATCH', args: [true, false, 0, 2], expected: false },
  { id: 'search-min-match-3', fn: 'MIN_MATCH', args: [true, 'x'], expected: null, warnings: [1542] },
  { id: 'search-bm25-1', fn: 'BM25', args: [{ a: 1 }], error: 9 },
  { id: 'search-tfidf-1', fn: 'TFIDF', args: [{ a: 1 }], error: 9 },
  { id: 'search-ngram-match-1', fn: 'NGRAM_MATCH', args: ['quick red fox', 'quick fox', 'text_en'], expected: true },
  { id: 'search-ngram-match-2', fn: 'NGRAM_MATCH', args: ['quick red fox', 'quick blue fox', 0.9, 'text_en'], expected: false },
  { id: 'search-ngram-match-3', fn: 'NGRAM_MATCH', args: ['a', 'b', 'nope'], error: 10 },
  // Enterprise Edition functions: Community's NotImplementedEE (9)
  { id: 'search-offset-info-1', fn: 'OFFSET_INFO', args: [{ a: 1 }, 'a'], error: 9 },
  { id: 'search-minhash-1', fn: 'MINHASH', args: [['a', 'b'], 10], error: 9 },
  { id: 'search-minhash-count-1', fn: 'MINHASH_COUNT', args: [0.05], error: 9 },
  { id: 'search-minhash-error-1', fn: 'MINHASH_ERROR', args: [10], error: 9 },
  { id: 'search-minhash-match-1', fn: 'MINHASH_MATCH', args: ['a', 'b', 0.5, 'identity'], error: 9 },
];
