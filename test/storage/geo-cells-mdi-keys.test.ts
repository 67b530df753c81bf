// The two key layouts behind geo and mdi index reads, checked against brute force on
// seeded random data: geo-cells.ts (a point inside a circle has its leaf cell in the
// circle's covering, poles and the antimeridian included; coverings are sorted and
// merged) and mdi-keys.ts (numberBits keeps the numbers' order, inBox is the
// per-dimension check, nextInBox is the smallest in-box key at or after a position).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { circleBoxes, cover, pointCell } from '../../src/storage/geo-cells.js';
import { encode, inBox, nextInBox, numberBits, type BitBox } from '../../src/storage/mdi-keys.js';
import { posDistance } from '../../src/util/geo-shape.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('geo-cells: coverings', () => {
  it('holds the leaf cell of every point within a circle, near the poles and the antimeridian too', () => {
    const r = rng(11);
    let inside = 0;
    for (let t = 0; t < 400; t++) {
      const centers: [number, number][] = [[r() * 360 - 180, r() * 180 - 90], [179.9 + r() * 0.1, r() * 10], [r() * 360 - 180, 89 + r()]];
      const [lon, lat] = centers[t % 3]!;
      const meters = 10 ** (1 + r() * 6); // 10 m .. 10,000 km
      const { ranges, ancestors } = cover(circleBoxes(lat, lon, meters), false);
      assert.equal(ancestors.length, 0);
      for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i - 1]![1] < ranges[i]![0], 'sorted, merged ranges');
      for (let p = 0; p < 25; p++) {
        // a point at a random bearing and a random fraction of the radius
        const d = (meters * r()) / 6371000;
        const b = r() * 2 * Math.PI;
        const la1 = (lat * Math.PI) / 180;
        const lo1 = (lon * Math.PI) / 180;
        const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
        let lo2 = lo1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
        lo2 = ((((lo2 * 180) / Math.PI + 540) % 360) - 180);
        const plat = (la2 * 180) / Math.PI;
        if (posDistance([lon, lat], [lo2, plat]) > meters) continue;
        inside++;
        const id = pointCell(plat, lo2);
        assert.ok(ranges.some(([lo, hi]) => id >= lo && id < hi), `(${plat}, ${lo2}) within ${meters} m of (${lat}, ${lon})`);
      }
    }
    assert.ok(inside > 5000, `${inside} points checked`);
  });
});

describe('mdi-keys: Z-order keys', () => {
  const sample = (r: () => number): number => {
    const k = r();
    if (k < 0.1) return [0, -0, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity][Math.floor(r() * 8)]!;
    if (k < 0.5) return Math.round((r() - 0.5) * 20);
    return (r() - 0.5) * 10 ** Math.floor(r() * 12);
  };
  const bitsCompare = (a: Uint8Array, b: Uint8Array): number => {
    for (let i = 0; i < 64; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };

  it('numberBits orders as the numbers do (-0 as 0)', () => {
    const r = rng(5);
    for (let i = 0; i < 3000; i++) {
      const a = sample(r);
      const b = sample(r);
      const want = a === b ? 0 : a < b ? -1 : 1;
      assert.equal(Math.sign(bitsCompare(numberBits(a), numberBits(b))), want, `${a} vs ${b}`);
    }
  });

  it('inBox is the per-dimension check and nextInBox the smallest in-box key at or after a position', () => {
    const r = rng(9);
    for (let t = 0; t < 60; t++) {
      const k = 1 + Math.floor(r() * 3);
      const points = Array.from({ length: 150 }, () => Array.from({ length: k }, () => sample(r)));
      const bounds = Array.from({ length: k }, () => [sample(r), sample(r)].sort((x, y) => x - y) as [number, number]);
      const box: BitBox = { lo: bounds.map((b) => numberBits(b[0])), hi: bounds.map((b) => numberBits(b[1])) };
      const keyed = points.map((p) => ({ p, z: encode(p) })).sort((a, b) => (a.z < b.z ? -1 : a.z > b.z ? 1 : 0));
      for (const { p, z } of keyed) assert.equal(inBox(z, box), p.every((v, d) => v >= bounds[d]![0] && v <= bounds[d]![1]), `${p} in ${JSON.stringify(bounds)}`);
      for (const { z } of keyed) {
        const next = nextInBox(z, box);
        const firstIn = keyed.find((e) => e.z >= z && inBox(e.z, box));
        if (next === undefined) {
          assert.equal(firstIn, undefined, 'no in-box key after z, yet a point is there');
          continue;
        }
        assert.ok(next >= z && inBox(next, box));
        if (firstIn) assert.ok(next <= firstIn.z, 'nextInBox skipped a point inside the box');
      }
    }
  });
});
