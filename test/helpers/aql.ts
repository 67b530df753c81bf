// Test support for AQL functions: a FunctionContext that records warnings and serves a
// small fixed database, and the case-table format every function module's cases use.
import assert from 'node:assert/strict';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import type { ErrorDef } from '../../src/errors/registry.js';
import type { AqlValue } from '../../src/values/index.js';
import { callFunction, type FunctionContext, type QueryEnv } from '../../src/aql/functions/index.js';

export interface Warning {
  code: number;
  message: string;
}

/** One row of a function case table. Exactly one of expected / error / check is given. */
export interface FnCase {
  id: string;
  fn: string;
  args: AqlValue[];
  /** Deep-equal result (numbers compared exactly unless `approx`). */
  expected?: AqlValue;
  /** Numbers compared to this many decimal places. */
  approx?: number;
  /** errorNum the call must throw. */
  error?: number;
  /** errorNums of the warnings the call must record, in order (default: none). */
  warnings?: number[];
  /** A custom check for results that vary (RAND, UUID, DATE_NOW). */
  check?: (result: AqlValue) => void;
}

/** Collections of the fixed database the test context serves. */
export const TEST_DOCS: Record<string, Record<string, AqlValue>> = {
  users: {
    alice: { _key: 'alice', _id: 'users/alice', _rev: '_a---', name: 'Alice', age: 31 },
    bob: { _key: 'bob', _id: 'users/bob', _rev: '_b---', name: 'Bob', age: 27 },
  },
  empty: {},
};

/** Schemas of the test collections (SCHEMA_GET): users has one, empty none. */
export const TEST_SCHEMAS: Record<string, AqlValue> = {
  users: { rule: { properties: { name: { type: 'string' } } }, level: 'moderate', message: 'bad user', type: 'json' },
};

export function testEnv(signal: AbortSignal = new AbortController().signal): QueryEnv {
  return {
    database: '_system',
    user: 'root',
    signal,
    document: (c, k) => TEST_DOCS[c]?.[k] ?? null,
    collectionCount: (c) => {
      const docs = TEST_DOCS[c];
      if (!docs) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
      return Object.keys(docs).length;
    },
    collectionSchema: (c) => {
      if (!TEST_DOCS[c]) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
      return TEST_SCHEMAS[c] ?? null;
    },
    collections: () => Object.keys(TEST_DOCS).map((name, i) => ({ _id: String(100 + i), name })),
    collectionIndexes: (c) => {
      if (!TEST_DOCS[c]) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
      return [];
    },
    scanCollection: (c) => {
      const docs = TEST_DOCS[c];
      if (!docs) throw new ArangoError(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
      return Object.values(docs);
    },
    userFunction: () => ({ kind: 'notFound' }),
  };
}

export function testContext(warnings: Warning[] = [], signal?: AbortSignal): FunctionContext {
  const ctx: FunctionContext = {
    env: testEnv(signal),
    warn(def: ErrorDef, ...args: unknown[]) {
      const e = new ArangoError(def, ...args);
      warnings.push({ code: e.errorNum, message: e.message });
    },
    call: (name, args) => callFunction(ctx, name, args),
    callUser: (name) => {
      throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_NOT_FOUND, name);
    },
  };
  return ctx;
}

/** Calls `fn` with `args` the way the executor does; returns the result and warnings. */
export async function call(fn: string, args: AqlValue[]): Promise<{ result: AqlValue; warnings: Warning[] }> {
  const warnings: Warning[] = [];
  const result = await callFunction(testContext(warnings), fn, args);
  return { result, warnings };
}

function approxEqual(actual: AqlValue, expected: AqlValue, places: number, id: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) < 10 ** -places, `${id}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    assert.equal(actual.length, expected.length, id);
    expected.forEach((e, i) => approxEqual(actual[i], e, places, id));
  } else {
    assert.deepEqual(actual, expected, id);
  }
}

/** Runs one case and fails with the case id in the message. */
export async function runCase(c: FnCase): Promise<void> {
  if (c.error !== undefined) {
    await assert.rejects(
      async () => call(c.fn, c.args),
      (e: unknown) => {
        assert.ok(e instanceof ArangoError, `${c.id}: expected an ArangoError, got ${String(e)}`);
        assert.equal(e.errorNum, c.error, `${c.id}: errorNum`);
        return true;
      },
    );
    return;
  }
  const { result, warnings } = await call(c.fn, c.args);
  assert.deepEqual(warnings.map((w) => w.code), c.warnings ?? [], `${c.id}: warnings ${JSON.stringify(warnings)}`);
  if (c.check) c.check(result);
  else if (c.approx !== undefined) approxEqual(result, c.expected ?? null, c.approx, c.id);
  else assert.deepEqual(result, c.expected === undefined ? null : c.expected, `${c.id}: ${JSON.stringify(result)}`);
}
