// src/util/turns.ts (fair turns on the event loop) and src/util/signals.ts (onAnyAbort, LazyAbort).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextTurn } from '../../src/util/turns.js';
import { LazyAbort, onAnyAbort } from '../../src/util/signals.js';

describe('nextTurn', () => {
  it('resumes waiters in the order they asked, one per event-loop iteration', async () => {
    const order: string[] = [];
    // A setImmediate chain marks event-loop iterations: each tick logs once per iteration.
    let ticks = 0;
    const tick = (): void => {
      order.push(`tick${ticks++}`);
      if (ticks < 5) setImmediate(tick);
    };
    setImmediate(tick);
    await Promise.all(['a', 'b', 'c'].map(async (name) => {
      await nextTurn();
      order.push(name);
    }));
    while (ticks < 5) await new Promise((r) => setImmediate(r));
    const resumed = order.filter((x) => !x.startsWith('tick'));
    assert.deepEqual(resumed, ['a', 'b', 'c']);
    // between two resumed waiters there is at least one other iteration's tick
    const ia = order.indexOf('a');
    const ib = order.indexOf('b');
    const ic = order.indexOf('c');
    assert.ok(order.slice(ia, ib).some((x) => x.startsWith('tick')), order.join(' '));
    assert.ok(order.slice(ib, ic).some((x) => x.startsWith('tick')), order.join(' '));
  });
});

describe('onAnyAbort', () => {
  it('calls the function once, with the first reason, and stops listening to every source', () => {
    const a = new AbortController();
    const b = new AbortController();
    const got: unknown[] = [];
    onAnyAbort([a.signal, undefined, b.signal], (r) => got.push(r));
    assert.deepEqual(got, []);
    b.abort('why b');
    a.abort('why a');
    assert.deepEqual(got, ['why b']);
  });

  it('calls it at once when a source already aborted, and not after release', () => {
    const a = new AbortController();
    a.abort('early');
    const got: unknown[] = [];
    onAnyAbort([undefined, a.signal], (r) => got.push(r));
    assert.deepEqual(got, ['early']);
    const b = new AbortController();
    const later: unknown[] = [];
    const release = onAnyAbort([b.signal], (r) => later.push(r));
    release();
    b.abort('late');
    assert.deepEqual(later, []);
  });
});

describe('LazyAbort', () => {
  it('keeps the first reason, and a signal asked for later is already aborted with it', () => {
    const a = new LazyAbort();
    assert.deepEqual([a.aborted, a.reason], [false, undefined]);
    a.abort('first');
    a.abort('second');
    assert.deepEqual([a.aborted, a.reason], [true, 'first']);
    assert.deepEqual([a.signal.aborted, a.signal.reason], [true, 'first']);
  });

  it('aborts a signal built before the abort, once', () => {
    const a = new LazyAbort();
    const s = a.signal;
    assert.equal(a.signal, s, 'one signal');
    let events = 0;
    s.addEventListener('abort', () => events++);
    a.abort('why');
    a.abort('again');
    assert.deepEqual([s.aborted, s.reason, events], [true, 'why', 1]);
  });
});
