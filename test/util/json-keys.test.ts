// hasDuplicateKeys: an object that names a key twice, found in the text of valid JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasDuplicateKeys } from '../../src/util/json-keys.js';

/** Key literals, some of them equal once parsed ("a" and "\u0061"), some full of JSON syntax. */
const KEYS = ['"a"', '"\\u0061"', '"b"', '"{\\"a\\":1,\\"a\\":2}"', '"x,y:z]"', '"\\\\"', '"ü"', '""'];
const SCALARS = ['1', '-2.5e3', 'true', 'null', '"a"', '"\\"a\\":"', '"}],{["', '"\\\\\\""'];

/** Random JSON text and whether some object in it repeats a key (the truth, kept while building it). */
function gen(rand: () => number, depth: number): { text: string; dup: boolean } {
  const r = rand();
  if (depth <= 0 || r < 0.3) return { text: SCALARS[Math.floor(rand() * SCALARS.length)]!, dup: false };
  const n = Math.floor(rand() * 4);
  const parts: { text: string; dup: boolean }[] = [];
  if (r < 0.6) {
    for (let i = 0; i < n; i++) parts.push(gen(rand, depth - 1));
    return { text: `[${parts.map((p) => p.text).join(', ')}]`, dup: parts.some((p) => p.dup) };
  }
  const seen = new Set<string>();
  let dup = false;
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = KEYS[Math.floor(rand() * KEYS.length)]!;
    const parsed = JSON.parse(k) as string;
    if (seen.has(parsed)) dup = true;
    seen.add(parsed);
    const v = gen(rand, depth - 1);
    dup ||= v.dup;
    members.push(`${k} : ${v.text}`);
  }
  return { text: `{${members.join(',')}}`, dup };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

describe('hasDuplicateKeys', () => {
  it('finds exactly the objects that repeat a key, in 3,000 random documents', () => {
    const rand = seeded(7);
    let dups = 0;
    for (let i = 0; i < 3000; i++) {
      const { text, dup } = gen(rand, 4);
      JSON.parse(text); // valid JSON, as the scan assumes
      assert.equal(hasDuplicateKeys(text), dup, text);
      if (dup) dups++;
    }
    assert.ok(dups > 300 && dups < 2700, `${dups} of 3,000 repeat a key`);
  });

  it('answers the cases ArangoDB tests', () => {
    assert.equal(hasDuplicateKeys('{ "a" : 1, "a": 2 }'), true);
    assert.equal(hasDuplicateKeys('{ "outer" : { "a" : 1, "a": 2 } }'), true);
    assert.equal(hasDuplicateKeys('{ "World" : "Hallo\u00ff", "World": "blub" }'), true);
    assert.equal(hasDuplicateKeys('{"a":1,"\\u0061":2}'), true);
    assert.equal(hasDuplicateKeys('[{"a":1},{"a":2}]'), false);
    assert.equal(hasDuplicateKeys('{"a":{"a":1},"b":[{},{"b":1}]}'), false);
    assert.equal(hasDuplicateKeys('{"x":"{\\"a\\":1,\\"a\\":2}"}'), false);
  });
});
