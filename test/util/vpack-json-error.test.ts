// vpack-json-error.ts: the scan that names a refused request body's first error in
// VelocyPack's words. It must accept what JSON.parse accepts (else a body refused for
// another reason would get a parse message) and name the error ArangoDB names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { vpackJsonError, vpackRefusesParsed } from '../../src/util/vpack-json-error.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('vpackJsonError', () => {
  it('accepts valid JSON texts of every kind', () => {
    const values: unknown[] = [
      null, true, false, 0, -1.5e-7, 12345678901234, '', 'a"b\\c\u00e9\u{1F600}', [], {}, [[], {}],
      { a: [1, { b: null }], 'k\u00fc': 'x', n: -0.25 },
    ];
    for (const v of values) {
      assert.equal(vpackJsonError(bytes(JSON.stringify(v))), undefined, JSON.stringify(v));
      assert.equal(vpackJsonError(bytes(' \n\t' + JSON.stringify(v, null, 2) + '\r\n')), undefined);
    }
    assert.equal(vpackJsonError(bytes('\ufeff{"a":1}')), undefined, 'a leading BOM is skipped');
  });

  it('names the first error as VelocyPack does', () => {
    const cases: [string, string][] = [
      ['{ name : world }', 'Expecting \'"\' or \'}\''],
      ['{ "foo" : [ 1, 2, "bar", moo ] }', 'Expecting digit'],
      ['[1,]', 'Expecting digit'],
      ['{"a": tru}', "Expecting 'true'"],
      ['{"a": 1} x', 'Expecting EOF'],
      ['{"a" 1}', "Expecting ':'"],
      ['{"a": 1 "b": 2}', "Expecting ',' or '}'"],
    ];
    for (const [text, message] of cases) assert.equal(vpackJsonError(bytes(text)), message, text);
  });

  it('refuses bytes that are not UTF-8 inside a string', () => {
    const body = Buffer.concat([bytes('{"a":"'), Buffer.from([0xff, 0xfe]), bytes('"}')]);
    assert.equal(vpackJsonError(body), 'Invalid UTF-8 sequence');
  });

  it('refuses exponents out of double range as VelocyPack computes them (mantissa times 10^exponent)', () => {
    for (const t of ['1e400', '-1e400', '0e400', '0.001e310', '1' + '0'.repeat(400) + 'e-5', '[1, 2e309]']) assert.equal(vpackJsonError(bytes(t)), 'Number out of range', t);
    for (const t of ['1e308', '1e-400', '1' + '0'.repeat(400), '1' + '0'.repeat(400) + '.5']) assert.equal(vpackJsonError(bytes(t)), undefined, t);
  });
});

describe('vpackRefusesParsed', () => {
  it('finds what JSON.parse accepts and VelocyPack refuses, in VelocyPack\'s words', () => {
    const cases: [string, string][] = [
      ['{"a":[1,{"b":1e400}]}', 'Number out of range'],
      ['[' + '7'.repeat(250) + 'e60]', 'Number out of range'],
      ['"\\uD800"', 'Unexpected end of string after high surrogate'],
      ['"\\uDBFFa"', 'Unexpected \\uXXXX escape sequence (high surrogate without low surrogate)'],
      ['["ok", "x\\udc00"]', 'Unexpected \\uXXXX escape sequence (low surrogate without high surrogate)'],
    ];
    for (const [text, message] of cases) {
      JSON.parse(text); // the premise: JSON.parse accepts it
      assert.equal(vpackRefusesParsed(text), message, text);
    }
  });

  it('passes valid pairs, escaped backslashes, non-surrogate \\uD escapes and exponent-like strings', () => {
    for (const text of ['"\\ud83d\\ude00"', '"\\\\uD800"', '"\\uD7FF"', '{"h":"3e4f9e999","n":1.5e3,"m":-2E-308}', '[1e308]', '"1e400"']) {
      assert.equal(vpackRefusesParsed(text), undefined, text);
    }
  });
});

