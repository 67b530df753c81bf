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
];
