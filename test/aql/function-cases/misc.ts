// Case table for the misc functions (src/aql/functions/misc.ts). Dynamic calls use this
// module's and the objects module's functions so the table does not depend on others.
// SLEEP's abort behaviour is tested in test/aql/functions-sleep.test.ts.
import assert from 'node:assert/strict';
import type { FnCase } from '../../helpers/aql.js';

const W = 1542; // ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH

/** HASH results: a non-negative integer below 2^51 (ArangoDB's range). */
function isHash(result: unknown): void {
  assert.ok(typeof result === 'number' && Number.isSafeInteger(result) && result >= 0 && result < 2 ** 51, String(result));
}

export const CASES: FnCase[] = [
  // PASSTHRU, NOOPT, NOEVAL
  { id: 'misc-passthru-1', fn: 'PASSTHRU', args: [{ a: [1, null] }], expected: { a: [1, null] } },
  { id: 'misc-passthru-2', fn: 'PASSTHRU', args: [null], expected: null },
  { id: 'misc-passthru-3', fn: 'PASSTHRU', args: [], error: 1541 },
  { id: 'misc-noopt-1', fn: 'NOOPT', args: [123], expected: 123 },
  { id: 'misc-noopt-2', fn: 'NOOPT', args: ['ü'], expected: 'ü' },
  { id: 'misc-noeval-1', fn: 'NOEVAL', args: [[1, 2]], expected: [1, 2] },
  { id: 'misc-noeval-2', fn: 'NOEVAL', args: [1, 2], error: 1541 },
  { id: 'misc-v8-1', fn: 'V8', args: [{ a: [1, null] }], expected: { a: [1, null] } },
  { id: 'misc-v8-2', fn: 'V8', args: [], error: 1541 },
  // FAIL
  { id: 'misc-fail-1', fn: 'FAIL', args: ['error'], error: 1569 },
  { id: 'misc-fail-2', fn: 'FAIL', args: [], error: 1569 },
  { id: 'misc-fail-3', fn: 'FAIL', args: [42], error: 1569 },
  { id: 'misc-fail-4', fn: 'FAIL', args: ['a', 'b'], error: 1541 },
  // ASSERT, WARN
  { id: 'misc-assert-1', fn: 'ASSERT', args: [true, 'i is not greater 0'], expected: true },
  { id: 'misc-assert-2', fn: 'ASSERT', args: [false, 'USER MESSAGE'], error: 1593 },
  { id: 'misc-assert-3', fn: 'ASSERT', args: [0, 'zero'], error: 1593 },
  { id: 'misc-assert-4', fn: 'ASSERT', args: [[], 'arrays are true'], expected: true },
  { id: 'misc-assert-5', fn: 'ASSERT', args: [false, 1], expected: null, warnings: [W] },
  { id: 'misc-assert-6', fn: 'ASSERT', args: [true], error: 1541 },
  { id: 'misc-warn-1', fn: 'WARN', args: [true, 'fine'], expected: true },
  { id: 'misc-warn-2', fn: 'WARN', args: [false, 'i is not smaller 2'], expected: false, warnings: [1594] },
  { id: 'misc-warn-3', fn: 'WARN', args: ['', 'empty string is false'], expected: false, warnings: [1594] },
  { id: 'misc-warn-4', fn: 'WARN', args: [false, null], expected: null, warnings: [W] },
  { id: 'misc-warn-5', fn: 'WARN', args: [{}, 'objects are true'], expected: true },
  // SLEEP
  { id: 'misc-sleep-1', fn: 'SLEEP', args: [0], expected: null },
  { id: 'misc-sleep-2', fn: 'SLEEP', args: [0.01], expected: null },
  { id: 'misc-sleep-3', fn: 'SLEEP', args: ['0.01'], expected: null, warnings: [W] },
  { id: 'misc-sleep-4', fn: 'SLEEP', args: [-1], expected: null, warnings: [W] },
  { id: 'misc-sleep-5', fn: 'SLEEP', args: [null], expected: null, warnings: [W] },
  { id: 'misc-sleep-6', fn: 'SLEEP', args: [], error: 1541 },
  // CURRENT_DATABASE, CURRENT_USER, VERSION
  { id: 'misc-curdb-1', fn: 'CURRENT_DATABASE', args: [], expected: '_system' },
  { id: 'misc-curdb-2', fn: 'CURRENT_DATABASE', args: ['x'], error: 1541 },
  { id: 'misc-curuser-1', fn: 'CURRENT_USER', args: [], expected: 'root' },
  { id: 'misc-version-1', fn: 'VERSION', args: [], expected: '3.12.0' },
  // HASH
  { id: 'misc-hash-1', fn: 'HASH', args: [null], check: isHash },
  { id: 'misc-hash-2', fn: 'HASH', args: ['abc'], check: isHash },
  { id: 'misc-hash-3', fn: 'HASH', args: [{ b: [1, 'x'], a: { c: true } }], check: isHash },
  { id: 'misc-hash-4', fn: 'HASH', args: ['日本語 🦆'], check: isHash },
  { id: 'misc-hash-5', fn: 'HASH', args: [], error: 1541 },
  // CHECK_DOCUMENT
  { id: 'misc-checkdoc-1', fn: 'CHECK_DOCUMENT', args: [{}], expected: true },
  { id: 'misc-checkdoc-2', fn: 'CHECK_DOCUMENT', args: [{ a: 1, sub: { a: 1, b: 2 } }], expected: true },
  { id: 'misc-checkdoc-3', fn: 'CHECK_DOCUMENT', args: [[1, 2, 3]], expected: false },
  { id: 'misc-checkdoc-4', fn: 'CHECK_DOCUMENT', args: [null], expected: false },
  { id: 'misc-checkdoc-5', fn: 'CHECK_DOCUMENT', args: ['foo'], expected: false },
  // CALL
  { id: 'misc-call-1', fn: 'CALL', args: ['PASSTHRU', 5], expected: 5 },
  { id: 'misc-call-2', fn: 'CALL', args: ['passThru', 'x'], expected: 'x' },
  { id: 'misc-call-3', fn: 'CALL', args: ['MERGE', { a: 1 }, { b: 2 }], expected: { a: 1, b: 2 } },
  { id: 'misc-call-4', fn: 'CALL', args: ['CALL', 'PASSTHRU', 3], expected: 3 },
  { id: 'misc-call-5', fn: 'CALL', args: ['APPLY', 'PASSTHRU', [4]], expected: 4 },
  { id: 'misc-call-6', fn: 'CALL', args: ['SLEEP', 0], expected: null },
  { id: 'misc-call-7', fn: 'CALL', args: ['WARN', false, 'through CALL'], expected: false, warnings: [1594] },
  { id: 'misc-call-8', fn: 'CALL', args: ['current_database'], expected: '_system' },
  { id: 'misc-call-9', fn: 'CALL', args: ['nono-existing', ['baz']], error: 1540 },
  { id: 'misc-call-10', fn: 'CALL', args: [' passthru', 1], error: 1540 },
  { id: 'misc-call-11', fn: 'CALL', args: ['foo::bar::baz', 'baz'], error: 1582 },
  { id: 'misc-call-12', fn: 'CALL', args: [123, 'baz'], error: W },
  { id: 'misc-call-13', fn: 'CALL', args: [[], 'baz'], error: W },
  { id: 'misc-call-14', fn: 'CALL', args: ['PASSTHRU'], error: 1541 },
  { id: 'misc-call-15', fn: 'CALL', args: [], error: 1541 },
  { id: 'misc-call-16', fn: 'CALL', args: ['FAIL', 'inner'], error: 1569 },
  // APPLY
  { id: 'misc-apply-1', fn: 'APPLY', args: ['PASSTHRU', [7]], expected: 7 },
  { id: 'misc-apply-2', fn: 'APPLY', args: ['zip', [['a', 'b'], [1, 2]]], expected: { a: 1, b: 2 } },
  { id: 'misc-apply-3', fn: 'APPLY', args: ['APPLY', ['PASSTHRU', ['deep']]], expected: 'deep' },
  { id: 'misc-apply-4', fn: 'APPLY', args: ['CALL', ['PASSTHRU', 'x']], expected: 'x' },
  { id: 'misc-apply-5', fn: 'APPLY', args: ['COLLECTIONS'], expected: [{ _id: '101', name: 'empty' }, { _id: '100', name: 'users' }] },
  { id: 'misc-apply-6', fn: 'APPLY', args: ['PASSTHRU', 1], expected: null, warnings: [W] },
  { id: 'misc-apply-7', fn: 'APPLY', args: ['PASSTHRU', null], expected: null, warnings: [W] },
  { id: 'misc-apply-8', fn: 'APPLY', args: ['PASSTHRU', []], error: 1541 },
  { id: 'misc-apply-9', fn: 'APPLY', args: ['PASSTHRU', 1, 2], error: 1541 },
  { id: 'misc-apply-10', fn: 'APPLY', args: [123, ['baz']], error: W },
  { id: 'misc-apply-11', fn: 'APPLY', args: ['foobar', ['baz']], error: 1540 },
  { id: 'misc-apply-12', fn: 'APPLY', args: ['UNITTESTS::FUNC::MEOW', ['baz']], error: 1582 },
  { id: 'misc-notnull-1', fn: 'NOT_NULL', args: [null, null, 2, 3], expected: 2 },
  { id: 'misc-notnull-2', fn: 'NOT_NULL', args: [null], expected: null },
  { id: 'misc-notnull-3', fn: 'NOT_NULL', args: [], expected: null },
  { id: 'misc-notnull-4', fn: 'NOT_NULL', args: [false, 1], expected: false },
  { id: 'misc-firstlist-1', fn: 'FIRST_LIST', args: [null, 'a', [1], [2]], expected: [1] },
  { id: 'misc-firstlist-2', fn: 'FIRST_LIST', args: [{}, 1], expected: null },
  { id: 'misc-firstdoc-1', fn: 'FIRST_DOCUMENT', args: [null, [1], { a: 1 }], expected: { a: 1 } },
  { id: 'misc-firstdoc-2', fn: 'FIRST_DOCUMENT', args: ['x'], expected: null },
  { id: 'misc-decoderev-1', fn: 'DECODE_REV', args: ['_YU0HOEG---'], check: (v) => { if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.date !== 'string' || typeof v.count !== 'number') throw new Error(JSON.stringify(v)); } },
  { id: 'misc-decoderev-2', fn: 'DECODE_REV', args: ['nope'], expected: null, warnings: [1542] },
  { id: 'misc-decoderev-3', fn: 'DECODE_REV', args: [5], expected: null, warnings: [1542] },
];
