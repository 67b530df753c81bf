// The error registry stays consistent (STYLE.md): ArangoDB names, sane statuses, one
// message per constant, and ArangoError filling templates and carrying extras.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERR } from '../../src/errors/registry.js';
import { ArangoError, errorBody } from '../../src/errors/arango-error.js';

describe('error registry', () => {
  it('names every entry ERROR_* with an integer errorNum, an HTTP error status and a message', () => {
    for (const [name, def] of Object.entries(ERR)) {
      assert.match(name, /^ERROR_[A-Z0-9_]+$/, name);
      assert.ok(Number.isInteger(def.errorNum) && def.errorNum > 0, name);
      assert.ok(def.status >= 400 && def.status < 600, name);
      assert.ok(def.message.length > 0 && def.message === def.message.trim(), name);
    }
  });

  it('gives the statuses ArangoDB maps these numbers to', () => {
    const expected: Record<number, number> = { 10: 400, 17: 400, 21: 410, 600: 400, 1200: 409, 1202: 404, 1203: 404, 1207: 409, 1210: 409, 1221: 400, 1228: 404, 1229: 400, 1233: 400, 21003: 503 };
    for (const def of Object.values(ERR)) {
      if (def.errorNum in expected) assert.equal(def.status, expected[def.errorNum], `errorNum ${def.errorNum}`);
    }
  });

  it('fills %s placeholders in order and builds the one envelope', () => {
    const e = new ArangoError(ERR.ERROR_HTTP_UNKNOWN_PATH, '/x');
    assert.equal(e.message, "unknown path '/x'");
    assert.deepEqual(errorBody(e.status, e.errorNum, e.message), { error: true, code: 404, errorNum: 404, errorMessage: "unknown path '/x'" });
  });

  it('keeps errorNum and may override message and status with withMessage', () => {
    const e = ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, 'conflict, _rev values do not match', 412);
    assert.equal(e.errorNum, 1200);
    assert.equal(e.status, 412);
    assert.equal(e.message, 'conflict, _rev values do not match');
  });
});
