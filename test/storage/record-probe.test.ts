// Attribute probes (src/storage/record-probe.ts) over documents stored by the engine (real
// lmdb, msgpackr records with shared structures): a probe sees exactly the value full
// decoding gives (null for a missing attribute), or nothing when the bytes do not settle
// it; and a document is skipped only when a probe's test fails.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Engine, SKIPPED, type Key, type ScanTest } from '../../src/storage/engine.js';
import { ProjectedDoc, RecordProbes, RecordProjection, type Scalar } from '../../src/storage/record-probe.js';
import { tempDir } from '../helpers/server.js';
import { mulberry32 } from '../helpers/random.js';

const prng = mulberry32;

const NUMBERS = [0, 1, 63, 64, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 40), 0.5, -0.25, 1e300, -1e-300, 3.14159, 1 / 3, 990.01];
const STRINGS = ['', 'a', 'city-7', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(254) + '1', 'w'.repeat(255) + '5', 'v'.repeat(69999) + '2', 'über', '日本', '😀', 'a\u0000b', '\ud800'];

function value(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const r = rnd();
  if (r < 0.35) return pick(NUMBERS);
  if (r < 0.65) return pick(STRINGS);
  if (r < 0.72) return null;
  if (r < 0.78) return rnd() < 0.5;
  if (r < 0.88 || depth > 2) return Array.from({ length: Math.floor(rnd() * 4) }, () => (depth > 2 ? pick(NUMBERS) : value(rnd, depth + 1)));
  return object(rnd, depth + 1);
}

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
function object(rnd: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const n of NAMES) if (rnd() < 0.6) o[n] = value(rnd, depth);
  return o;
}

describe('attribute probes over stored records', () => {
  const dir = tempDir('cairn-probe-');
  let engine: Engine;

  /**
   * testedDocs' entries of collection `id` with their keys: it does not decode keys (they
   * come as null), so they are taken from the committed keys of the same range, in order.
   */
  function* keyed(id: number, test: ScanTest): Generator<{ key: string; value: unknown }> {
    const keys = [...engine.keys('docs', { start: [id], end: [id + 1] })];
    const it = engine.testedDocs({ start: [id], end: [id + 1] }, test);
    for (let i = 0; ; i++) {
      const r = it.next();
      if (r.done) {
        assert.equal(i, keys.length);
        return;
      }
      assert.equal(r.value.key, null);
      yield { key: (keys[i] as Key[])[1] as string, value: r.value.value };
    }
  }
  const docs = new Map<string, Record<string, unknown>>();
  const shaped = NUMBERS.map((n, i) => ({ _key: `n${i}`, p: 'pad', q: n, r: STRINGS[i % STRINGS.length] }));
  before(async () => {
    engine = new Engine({ path: dir, noSync: true });
    const rnd = prng(7);
    await engine.write((tx) => {
      for (const d of shaped) tx.put('docs', [3, d._key], d);
      tx.put('docs', [5, 'p1'], JSON.parse('{"_key": "p1", "__proto__": 7, "z": 1}'));
    });
    // First documents of a few shapes (as a collection's documents mostly are: their
    // structures get one-byte ids), then random shapes: past the 32 structures of one-byte
    // ids, so that two-byte ids and record definitions are stored too. Numbers and strings
    // of every msgpack width, nested objects and arrays.
    const few = [['a', 'b', 'c'], ['a', 'c', 'e', 'g'], ['b', 'd', 'f', 'h'], NAMES];
    for (let batch = 0; batch < 10; batch++) {
      await engine.write((tx) => {
        for (let i = 0; i < 100; i++) {
          const key = `k${batch * 100 + i}`;
          const doc: Record<string, unknown> = { _key: key };
          if (batch < 5) for (const n of few[i % few.length]) doc[n] = value(rnd, 3);
          else Object.assign(doc, object(rnd, 0));
          docs.set(key, doc);
          tx.put('docs', [1, key], doc);
        }
      });
    }
  });
  after(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What each document's probes saw, by key: one entry per probe, undefined when not seen. */
  function observe(names: string[]): { seen: Map<string, (Scalar | undefined)[]>; keys: string[]; decoded: Map<string, Record<string, unknown>> } {
    let current: (Scalar | undefined)[] = [];
    const probes = new RecordProbes(
      names.map((name, i) => ({
        name,
        test: (v: Scalar) => {
          current[i] = v;
          return true;
        },
      })),
    );
    const seen = new Map<string, (Scalar | undefined)[]>();
    const decoded = new Map<string, Record<string, unknown>>();
    const keys: string[] = [];
    current = names.map(() => undefined);
    for (const r of keyed(1, { needles: [], probes, projection: null })) {
      keys.push(r.key);
      seen.set(r.key, current);
      current = names.map(() => undefined);
      assert.notEqual(r.value, SKIPPED);
      decoded.set(r.key, r.value as Record<string, unknown>);
    }
    return { seen, keys, decoded };
  }

  it('sees exactly the decoded value of each attribute, or nothing', () => {
    const { seen, keys, decoded } = observe([...NAMES, '_key', 'missing']);
    assert.equal(keys.length, docs.size);
    let known = 0;
    let unknown = 0;
    for (const [key, values] of seen) {
      // the truth is what decoding gives (msgpack does not keep a lone surrogate, say)
      const doc = decoded.get(key)!;
      assert.equal(JSON.stringify(Object.keys(doc)), JSON.stringify(Object.keys(docs.get(key)!)));
      [...NAMES, '_key', 'missing'].forEach((name, i) => {
        const v = values[i];
        if (v === undefined) {
          unknown++;
          return;
        }
        known++;
        const expected = name in doc ? doc[name] : null;
        assert.ok(expected === null || typeof expected !== 'object', `${key}.${name}: a probe saw ${JSON.stringify(v)} for a non-scalar`);
        assert.ok(Object.is(v, expected), `${key}.${name}: probe saw ${JSON.stringify(v)}, stored ${JSON.stringify(expected)}`);
      });
    }
    // most values are settled by the bytes (the reader is not a stub that knows nothing),
    // and some are not (two-byte ids, arrays, objects: the tests cover those paths)
    assert.ok(known > 3000 && unknown > 1000, `known ${known}, unknown ${unknown}`);
  });

  it('reads every kind of number and ASCII string it meets', () => {
    const got = new Map<string, Scalar[]>();
    const probes = new RecordProbes(['q', 'r'].map((name) => ({ name, test: (v: Scalar) => (got.get(name) ?? got.set(name, []).get(name)!).push(v) > 0 })));
    for (const r of { [Symbol.iterator]: () => engine.testedDocs({ start: [3], end: [4] }, { needles: [], probes, projection: null }) }) assert.notEqual(r.value, SKIPPED);
    // every 32-bit integer and every float64 is read (msgpackr may write a larger integer as
    // a 64-bit one, left to the decoder), and each as itself
    const read = got.get('q')!;
    for (const n of NUMBERS) if (!Number.isInteger(n) || Math.abs(n) < 2 ** 31) assert.ok(read.some((x) => Object.is(x, n)), `${n} read`);
    for (const x of read) assert.ok(NUMBERS.some((n) => Object.is(x, n)), `${x} is one of the stored numbers`);
    const sorted = (xs: unknown[]) => [...xs].map(String).sort();
    const expectStrings = shaped.map((d) => d.r).filter((s) => /^[\x00-\x7f]*$/.test(s) && s.length < 65536);
    assert.deepEqual(sorted(got.get('r')!), sorted(expectStrings));
  });

  it('names attributes as decoding names them (__proto__ is decoded as __proto_)', () => {
    const decoded = engine.get('docs', [5, 'p1']) as Record<string, unknown>;
    const names = ['__proto__', '__proto_', 'z'];
    const seen: [string, Scalar][] = [];
    const probes = new RecordProbes(names.map((name) => ({ name, test: (v: Scalar) => seen.push([name, v]) > 0 })));
    for (const r of { [Symbol.iterator]: () => engine.testedDocs({ start: [5], end: [6] }, { needles: [], probes, projection: null }) }) assert.notEqual(r.value, SKIPPED);
    const expected = names.map((n) => [n, Object.hasOwn(decoded, n) ? decoded[n] : null]);
    assert.deepEqual(seen, expected);
    assert.deepEqual(expected, [['__proto__', null], ['__proto_', 7], ['z', 1]]);
  });

  it('skips a document only when a test fails', () => {
    const probes = new RecordProbes([{ name: 'a', test: (v: Scalar) => typeof v === 'number' && v > 100 }]);
    const kept: string[] = [];
    let skipped = 0;
    for (const r of keyed(1, { needles: [], probes, projection: null })) {
      if (r.value === SKIPPED) skipped++;
      else kept.push(r.key);
    }
    const matching = [...docs.values()].filter((d) => typeof d.a === 'number' && d.a > 100).map((d) => d._key);
    for (const k of matching) assert.ok(kept.includes(k as string), `kept ${k}`);
    assert.ok(skipped > 0 && skipped + kept.length === docs.size);
    // every skipped document fails the test: kept ones include all that could match
    for (const d of docs.values()) if (!kept.includes(d._key as string)) assert.ok(!(typeof d.a === 'number' && d.a > 100));
  });

  it('projects a document onto its scalar attributes, or gives it whole', () => {
    const names = ['a', 'c', '_key', 'missing'];
    const projection = new RecordProjection(names);
    let projected = 0;
    let whole = 0;
    for (const { key, ...r } of keyed(1, { needles: [], probes: null, projection })) {
      const stored = engine.get('docs', [1, key]) as Record<string, unknown>;
      if (r.value instanceof ProjectedDoc) {
        projected++;
        const expected: Record<string, unknown> = {};
        for (const n of names) if (n in stored) expected[n] = stored[n];
        for (const n of names) if (n in stored) assert.ok(stored[n] === null || typeof stored[n] !== 'object', `${key}.${n} is a scalar`);
        assert.deepEqual({ ...r.value }, expected, key);
      } else {
        whole++;
        assert.deepEqual(r.value, stored, key);
      }
    }
    assert.ok(projected > 100 && whole > 100, `projected ${projected}, whole ${whole}`);
  });
});
