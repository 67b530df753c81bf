// Unit tests of src/analyzers/tokenize.ts: each analyzer type's tokens for inputs whose
// ArangoDB output is known (its analyzer suite and documentation), the terms of
// non-string values, and the types whose terms Cairn refuses to compute.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, tokenizeAsync, numericTerms, boolTerm, NULL_TERM, needsQueryRunner, stemmerFor, removeAccents } from '../../src/analyzers/tokenize.js';
import { builtIn, normalizeProperties } from '../../src/analyzers/definitions.js';
import { ArangoError } from '../../src/errors/arango-error.js';

/** A definition as the store would hold it: properties normalized. */
const def = (type: string, properties: Record<string, unknown> = {}) => ({ type, properties: normalizeProperties('t::x', type, properties) });

describe('tokenize', () => {
  it('identity gives the value itself', () => {
    assert.deepEqual(tokenize(builtIn('identity')!, 'Quick Fox'), ['Quick Fox']);
    assert.deepEqual(tokenize(builtIn('identity')!, ''), ['']);
  });
  it('delimiter splits at each delimiter, keeps empty fields, reads quoted fields', () => {
    assert.deepEqual(tokenize(def('delimiter', { delimiter: ',' }), 'a,b,,c'), ['a', 'b', '', 'c']);
    assert.deepEqual(tokenize(def('delimiter', { delimiter: '❤' }), 'x❤y'), ['x', 'y']);
    assert.deepEqual(tokenize(def('delimiter', { delimiter: ',' }), '"a,b",c'), ['a,b', 'c']);
    assert.deepEqual(tokenize(def('delimiter', { delimiter: ',' }), '"say ""hi""",x'), ['say "hi"', 'x']);
    assert.deepEqual(tokenize(def('delimiter', { delimiter: '--' }), 'some--delimited--words'), ['some', 'delimited', 'words']);
  });
  it('multi_delimiter splits at any delimiter, longest first, dropping empty tokens', () => {
    assert.deepEqual(tokenize(def('multi_delimiter', { delimiters: [',', ';', '::'] }), 'a,b;;c::d:e'), ['a', 'b', 'c', 'd:e']);
  });
  it('norm converts case and removes accents per its properties', () => {
    assert.deepEqual(tokenize(def('norm', { locale: 'en', case: 'upper' }), 'fOx'), ['FOX']);
    assert.deepEqual(tokenize(def('norm', { locale: 'de', accent: false }), 'Öl schön'), ['Ol schon']);
    assert.deepEqual(tokenize(def('norm', { locale: 'tr', case: 'upper' }), 'i'), ['İ']);
  });
  it('ngram gives every gram per position, markers at the ends, the original when asked', () => {
    assert.deepEqual(tokenize(def('ngram', { min: 2, max: 3, preserveOriginal: false }), 'foobar'), ['fo', 'foo', 'oo', 'oob', 'ob', 'oba', 'ba', 'bar', 'ar']);
    assert.deepEqual(tokenize(def('ngram', { min: 2, max: 3, preserveOriginal: true, startMarker: '^', endMarker: '$' }), 'foobar'), [
      '^fo', '^foo', '^foobar', 'foobar$', 'oo', 'oob', 'ob', 'oba', 'ba', 'bar$', 'ar$',
    ]);
    assert.deepEqual(tokenize(def('ngram', { min: 2, max: 2, preserveOriginal: false, streamType: 'utf8' }), 'äöü'), ['äö', 'öü']);
  });
  it('text breaks words, lowers case, removes accents, drops stopwords, stems', () => {
    assert.deepEqual(tokenize(builtIn('text_en')!, 'The Quick Brown Foxes, jumping!'), ['the', 'quick', 'brown', 'fox', 'jump']);
    assert.deepEqual(tokenize(def('text', { locale: 'en', stopwords: ['the', 'a'] }), 'The cat and a dog'), ['cat', 'and', 'dog']);
    assert.deepEqual(tokenize(def('text', { locale: 'fr', stemming: false }), 'Élève café'), ['eleve', 'cafe']);
    assert.deepEqual(tokenize(def('text', { locale: 'en', stemming: false, edgeNgram: { min: 2, max: 3, preserveOriginal: true } }), 'search'), ['se', 'sea', 'search']);
    assert.deepEqual(tokenize(builtIn('text_de')!, 'Häuser'), ['haus']);
  });
  it('stem stems the whole value with the locale language', () => {
    assert.deepEqual(tokenize(def('stem', { locale: 'en' }), 'generalizations'), ['general']);
    assert.deepEqual(tokenize(def('stem', { locale: 'ru' }), 'книги'), ['книг']);
    assert.equal(stemmerFor('zh'), null);
  });
  it('stopwords drops listed values (hex when asked)', () => {
    assert.deepEqual(tokenize(def('stopwords', { stopwords: ['and'] }), 'and'), []);
    assert.deepEqual(tokenize(def('stopwords', { stopwords: ['616e64'], hex: true }), 'and'), []);
    assert.deepEqual(tokenize(def('stopwords', { stopwords: ['and'] }), 'And'), ['And']);
  });
  it('segmentation breaks by its break mode and converts case', () => {
    assert.deepEqual(tokenize(def('segmentation', {}), 'Hello, World 42!'), ['hello', 'world', '42']);
    assert.deepEqual(tokenize(def('segmentation', { break: 'graphic', case: 'none' }), 'Hi, you'), ['Hi', ',', 'you']);
    assert.deepEqual(tokenize(def('segmentation', { break: 'all', case: 'upper' }), 'a b'), ['A', ' ', 'B']);
  });
  it('pipeline feeds each token to the next member', () => {
    const p = def('pipeline', { pipeline: [{ type: 'delimiter', properties: { delimiter: ' ' } }, { type: 'norm', properties: { locale: 'en', case: 'upper' } }] });
    assert.deepEqual(tokenize(p, 'quick fox'), ['QUICK', 'FOX']);
  });
  it('aql needs a query runner; tokenizeAsync converts rows per returnType and keepNull', async () => {
    const a = def('aql', { queryString: 'RETURN @param' });
    assert.equal(needsQueryRunner(a), true);
    assert.throws(() => tokenize(a, 'x'), (e: unknown) => e instanceof ArangoError && e.errorNum === 9);
    const rows = (r: unknown[]) => async () => r;
    assert.deepEqual(await tokenizeAsync(a, 'x', rows(['a', null, 1, true])), ['a', '', '1', 'true']);
    assert.deepEqual(await tokenizeAsync(def('aql', { queryString: 'RETURN @param', keepNull: false }), 'x', rows(['a', null])), ['a']);
    assert.deepEqual(await tokenizeAsync(def('aql', { queryString: 'RETURN @param', returnType: 'number' }), 'x', rows(['2', 3])), [2, 3]);
    let seen: unknown;
    await tokenizeAsync(a, 'in', async (_q, b) => ((seen = b), []));
    assert.deepEqual(seen, { param: 'in' });
  });
  it('refuses types whose terms are binary', () => {
    for (const [type, props] of [['collation', { locale: 'en' }], ['wildcard', { ngramSize: 3 }], ['geojson', {}], ['geopoint', {}]] as const) {
      assert.throws(() => tokenize(def(type, props), 'x'), (e: unknown) => e instanceof ArangoError && e.errorNum === 9, type);
    }
  });
});

describe('terms of non-string values', () => {
  it('numbers: four terms, marker byte per shift, sortable bits', () => {
    assert.deepEqual(numericTerms(1), ['oL/wAAAAAAAA', 'sL/wAAAAAA==', 'wL/wAAA=', '0L/w']);
    assert.deepEqual(numericTerms(3.14), ['oMAJHrhR64Uf', 'sMAJHrhR6w==', 'wMAJHrg=', '0MAJ']);
    // negative numbers sort below positive ones byte by byte
    const key = (n: number) => Buffer.from(numericTerms(n)[0]!, 'base64');
    assert.ok(Buffer.compare(key(-2), key(-1)) < 0 && Buffer.compare(key(-1), key(0)) < 0 && Buffer.compare(key(0), key(1)) < 0);
  });
  it('booleans and null', () => {
    assert.equal(boolTerm(true), '/w==');
    assert.equal(boolTerm(false), 'AA==');
    assert.equal(NULL_TERM, '');
  });
  it('removeAccents keeps base letters', () => {
    assert.equal(removeAccents('Ångström façade'), 'Angstrom facade');
  });
});
