// vpack-json-error.ts: the scan that names a refused request body's first error in
// VelocyPack's words. It must accept what JSON.parse accepts (else a body refused for
// another reason would get a parse message) and name the error ArangoDB names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { vpackJsonError } from '../../src/util/vpack-json-error.js';

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
});
