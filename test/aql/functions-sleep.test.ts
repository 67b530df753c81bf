// SLEEP waits on a timer and gives up as soon as the query's signal aborts: a killed query
// must not sit in SLEEP(10). The rejection carries the abort reason when it is an
// ArangoError (the executor's kill), otherwise ERROR_QUERY_KILLED (1500).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError, ERR } from '../../src/errors/arango-error.js';
import { callFunction } from '../../src/aql/functions/index.js';
import type { AqlValue } from '../../src/values/index.js';
import { testContext } from '../helpers/aql.js';

/** Calls `fn` under a context whose signal the test controls. */
function start(fn: string, args: AqlValue[], controller: AbortController): Promise<AqlValue> {
  return Promise.resolve(callFunction(testContext([], controller.signal), fn, args));
}

/** Aborts after `delayMs` and resolves with the milliseconds from the abort to the settling of `p`. */
async function settleAfterAbort(p: Promise<AqlValue>, controller: AbortController, reason: unknown, delayMs: number): Promise<{ error: unknown; ms: number }> {
  await new Promise((r) => setTimeout(r, delayMs));
  const aborted = performance.now();
  controller.abort(reason);
  try {
    await p;
    return { error: undefined, ms: performance.now() - aborted };
  } catch (error) {
    return { error, ms: performance.now() - aborted };
  }
}

describe('SLEEP and the query signal', () => {
  it('rejects SLEEP(10) within 100 ms of the abort, with the ArangoError the signal carries', async () => {
    const controller = new AbortController();
    const reason = ArangoError.withMessage(ERR.ERROR_QUERY_KILLED, 'query killed by test');
    const { error, ms } = await settleAfterAbort(start('SLEEP', [10], controller), controller, reason, 20);
    assert.equal(error, reason);
    assert.ok(ms < 100, `settled ${ms} ms after the abort`);
  });

  it('reports ERROR_QUERY_KILLED when the abort reason is not an ArangoError', async () => {
    const controller = new AbortController();
    const { error, ms } = await settleAfterAbort(start('SLEEP', [10], controller), controller, undefined, 10);
    assert.ok(error instanceof ArangoError, String(error));
    assert.equal(error.errorNum, 1500);
    assert.equal(error.message, 'query killed');
    assert.ok(ms < 100, `settled ${ms} ms after the abort`);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new ArangoError(ERR.ERROR_QUERY_KILLED));
    const began = performance.now();
    await assert.rejects(start('SLEEP', [10], controller), (e: unknown) => e instanceof ArangoError && e.errorNum === 1500);
    assert.ok(performance.now() - began < 100);
  });

  it('also stops a SLEEP reached through CALL', async () => {
    const controller = new AbortController();
    const { error, ms } = await settleAfterAbort(start('CALL', ['SLEEP', 10], controller), controller, undefined, 10);
    assert.ok(error instanceof ArangoError && error.errorNum === 1500, String(error));
    assert.ok(ms < 100, `settled ${ms} ms after the abort`);
  });

  it('waits the given time and returns null when nothing aborts; a later abort changes nothing', async () => {
    const controller = new AbortController();
    const began = performance.now();
    assert.equal(await start('SLEEP', [0.05], controller), null);
    assert.ok(performance.now() - began >= 45, 'slept at least about 50 ms');
    controller.abort();
  });
});
