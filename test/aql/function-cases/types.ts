// Case table for the types functions (src/aql/functions/types.ts): the casts, the type
// checks and their aliases, with the examples of ArangoDB's "Type check & cast" page.
import type { FnCase } from '../../helpers/aql.js';
import type { AqlValue } from '../../../src/values/index.js';

const ok = (id: string, fn: string, args: AqlValue[], expected: AqlValue): FnCase => ({ id, fn, args, expected });

const NOT_A_KEY_CHARS = ['a/b', 'a b', 'ä', 'a#b', 'a?b'];

export const CASES: FnCase[] = [
  // TO_BOOL
  ok('type-to-bool-1', 'TO_BOOL', [null], false),
  ok('type-to-bool-2', 'TO_BOOL', [0], false),
  ok('type-to-bool-3', 'TO_BOOL', [-0.5], true),
  ok('type-to-bool-4', 'TO_BOOL', [''], false),
  ok('type-to-bool-5', 'TO_BOOL', [' '], true),
  ok('type-to-bool-6', 'TO_BOOL', [[]], true),
  ok('type-to-bool-7', 'TO_BOOL', [{}], true),
  ok('type-to-bool-8', 'TO_BOOL', [false], false),
  { id: 'type-to-bool-args', fn: 'TO_BOOL', args: [], error: 1541 },

  // TO_NUMBER
  ok('type-to-number-1', 'TO_NUMBER', [null], 0),
  ok('type-to-number-2', 'TO_NUMBER', [false], 0),
  ok('type-to-number-3', 'TO_NUMBER', [true], 1),
  ok('type-to-number-4', 'TO_NUMBER', ['  12.5  '], 12.5),
  ok('type-to-number-5', 'TO_NUMBER', ['-1e3'], -1000),
  ok('type-to-number-6', 'TO_NUMBER', ['abc'], 0),
  ok('type-to-number-7', 'TO_NUMBER', ['12abc'], 0),
  ok('type-to-number-8', 'TO_NUMBER', [[]], 0),
  ok('type-to-number-9', 'TO_NUMBER', [[8]], 8),
  ok('type-to-number-10', 'TO_NUMBER', [['5']], 5),
  ok('type-to-number-11', 'TO_NUMBER', [[8, 9]], 0),
  ok('type-to-number-12', 'TO_NUMBER', [{}], 0),
  ok('type-to-number-13', 'TO_NUMBER', [-4.5], -4.5),

  // TO_STRING (documented examples)
  ok('type-to-string-1', 'TO_STRING', [null], ''),
  ok('type-to-string-2', 'TO_STRING', [true], 'true'),
  ok('type-to-string-3', 'TO_STRING', [false], 'false'),
  ok('type-to-string-4', 'TO_STRING', [123], '123'),
  ok('type-to-string-5', 'TO_STRING', [1.23], '1.23'),
  ok('type-to-string-6', 'TO_STRING', [-1.23], '-1.23'),
  ok('type-to-string-7', 'TO_STRING', [0.0000002], '2e-7'),
  ok('type-to-string-8', 'TO_STRING', [[1, 2, 3]], '[1,2,3]'),
  ok('type-to-string-9', 'TO_STRING', [{ foo: 'bar', baz: null }], '{"foo":"bar","baz":null}'),
  ok('type-to-string-10', 'TO_STRING', ['ä😀'], 'ä😀'),

  // TO_ARRAY / TO_LIST (documented examples)
  ok('type-to-array-1', 'TO_ARRAY', [null], []),
  ok('type-to-array-2', 'TO_ARRAY', [false], [false]),
  ok('type-to-array-3', 'TO_ARRAY', [5], [5]),
  ok('type-to-array-4', 'TO_ARRAY', ['foo'], ['foo']),
  ok('type-to-array-5', 'TO_ARRAY', [[1, 2, 'foo']], [1, 2, 'foo']),
  ok('type-to-array-6', 'TO_ARRAY', [{ foo: 1, bar: 2, baz: [3, 4, 5] }], [1, 2, [3, 4, 5]]),
  ok('type-to-array-7', 'TO_ARRAY', [''], ['']),
  ok('type-to-list-1', 'TO_LIST', [{}], []),

  // IS_* checks
  ok('type-is-null-1', 'IS_NULL', [null], true),
  ok('type-is-null-2', 'IS_NULL', [0], false),
  ok('type-is-null-3', 'IS_NULL', [''], false),
  { id: 'type-is-null-args', fn: 'IS_NULL', args: [null, null], error: 1541 },
  ok('type-is-bool-1', 'IS_BOOL', [false], true),
  ok('type-is-bool-2', 'IS_BOOL', [0], false),
  ok('type-is-bool-3', 'IS_BOOL', ['true'], false),
  ok('type-is-number-1', 'IS_NUMBER', [-0.5], true),
  ok('type-is-number-2', 'IS_NUMBER', ['1'], false),
  ok('type-is-number-3', 'IS_NUMBER', [null], false),
  ok('type-is-string-1', 'IS_STRING', [''], true),
  ok('type-is-string-2', 'IS_STRING', [1], false),
  ok('type-is-string-3', 'IS_STRING', [['a']], false),
  ok('type-is-array-1', 'IS_ARRAY', [[]], true),
  ok('type-is-array-2', 'IS_ARRAY', [{}], false),
  ok('type-is-array-3', 'IS_ARRAY', ['[]'], false),
  ok('type-is-list-1', 'IS_LIST', [[1]], true),
  ok('type-is-object-1', 'IS_OBJECT', [{}], true),
  ok('type-is-object-2', 'IS_OBJECT', [[]], false),
  ok('type-is-object-3', 'IS_OBJECT', [null], false),
  ok('type-is-document-1', 'IS_DOCUMENT', [{ _key: 'a' }], true),

  // IS_KEY
  ok('type-is-key-1', 'IS_KEY', ['abc'], true),
  ok('type-is-key-2', 'IS_KEY', ["_-:.@()+,=;$!*'%"], true),
  ok('type-is-key-3', 'IS_KEY', ['x'.repeat(254)], true),
  ok('type-is-key-4', 'IS_KEY', ['x'.repeat(255)], false),
  ok('type-is-key-5', 'IS_KEY', [''], false),
  ok('type-is-key-6', 'IS_KEY', [123], false),
  ok('type-is-key-7', 'IS_KEY', [null], false),
  ...NOT_A_KEY_CHARS.map((key, i) => ok(`type-is-key-bad-${i + 1}`, 'IS_KEY', [key], false)),

  // IS_IPV4 (documented examples)
  ok('type-is-ipv4-1', 'IS_IPV4', ['127.0.0.1'], true),
  ok('type-is-ipv4-2', 'IS_IPV4', ['8.8.8.8'], true),
  ok('type-is-ipv4-3', 'IS_IPV4', ['008.008.008.008'], false),
  ok('type-is-ipv4-4', 'IS_IPV4', ['12345.2.3.4'], false),
  ok('type-is-ipv4-5', 'IS_IPV4', ['12.34'], false),
  ok('type-is-ipv4-6', 'IS_IPV4', [8888], false),
  ok('type-is-ipv4-7', 'IS_IPV4', ['255.255.255.255'], true),
  ok('type-is-ipv4-8', 'IS_IPV4', ['256.1.1.1'], false),
  ok('type-is-ipv4-9', 'IS_IPV4', ['0.0.0.0'], true),
  ok('type-is-ipv4-10', 'IS_IPV4', [' 1.2.3.4'], false),

  // TYPENAME (the documented table)
  ok('type-typename-1', 'TYPENAME', [null], 'null'),
  ok('type-typename-2', 'TYPENAME', [true], 'bool'),
  ok('type-typename-3', 'TYPENAME', [0], 'number'),
  ok('type-typename-4', 'TYPENAME', [-4.56], 'number'),
  ok('type-typename-5', 'TYPENAME', ['123'], 'string'),
  ok('type-typename-6', 'TYPENAME', [''], 'string'),
  ok('type-typename-7', 'TYPENAME', [['foo', true]], 'array'),
  ok('type-typename-8', 'TYPENAME', [[]], 'array'),
  ok('type-typename-9', 'TYPENAME', [{ foo: null }], 'object'),
  ok('type-typename-10', 'TYPENAME', [{}], 'object'),
];
