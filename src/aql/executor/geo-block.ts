// The reads of an IndexNode on a geo index (geo-index rule): the candidates of one
// covering (a distance bound's circle, a shape's box) for a FILTER, or, for a SORT by
// distance, rings of growing radius around the origin (around its antipode for a
// farthest-first order), each ring's documents released in order once no later ring can
// hold a nearer (farther) one. The IndexNode's filter checks every candidate exactly.
//
// Invariants:
//  1. A sorted read returns each indexed document once, in the order of the SORT's own
//     expression (ties in the order they were read): a document is released only when its
//     distance is within the radius the rings read so far cover completely.
//  2. A read never returns a document outside the covering of its region; the covering
//     holds every document the geo condition can accept (storage/geo-cells.ts).
import type { AqlObject, AqlValue } from '../../values/index.js';
import type { BatchReader } from '../../storage/reader.js';
import { circleBoxes, cover, shapeBoxes, shapeOrigin, type Box } from '../../storage/geo-cells.js';
import type { IndexScan } from '../../storage/index-reader.js';
import { EARTH_RADIUS } from '../../util/geo-shape.js';

/** Half the circumference: no two points are farther apart on the sphere. */
const HALF = Math.PI * EARTH_RADIUS;
/** The first ring's radius (meters). */
const FIRST_RING = 1000;

const WORLD: Box[] = [{ latLo: -90, latHi: 90, lonLo: -180, lonHi: 180 }];

/** A geo read's region and order, as evaluated for one input row. */
export interface GeoRequest {
  /** Opens an index read of one covering. */
  open(scan: IndexScan): BatchReader<AqlObject>;
  /** The index has shape entries (GeoJSON): the coverings also read ancestor cells. */
  shapes: boolean;
  /** [lat, lon] of the origin, when the read is by distance from one (undefined: not a valid origin). */
  origin?: [number, number] | undefined;
  /** Distances from the origin the region must hold (the smallest FILTER bound), meters. */
  maxDistance?: number;
  /** A GEO_CONTAINS / GEO_INTERSECTS shape value. */
  shape?: AqlValue;
  /** The SORT's value for a document, and its direction. */
  sort?: { key: (doc: AqlObject) => AqlValue; ascending: boolean };
}

/** The [lat, lon] an origin's evaluated values stand for, or undefined. */
export function originOf(o: { lat: AqlValue; lon: AqlValue } | { shape: AqlValue }): [number, number] | undefined {
  if ('shape' in o) return shapeOrigin(o.shape);
  return typeof o.lat === 'number' && typeof o.lon === 'number' && Number.isFinite(o.lat) && Number.isFinite(o.lon) ? [o.lat, o.lon] : undefined;
}

/** The region's boxes for a FILTER-only read (the whole world when no bound applies). */
function regionBoxes(req: GeoRequest): Box[] {
  if (req.maxDistance !== undefined && req.origin) return circleBoxes(req.origin[0], req.origin[1], req.maxDistance);
  if (req.shape !== undefined) return shapeBoxes(req.shape) ?? [];
  return WORLD;
}

/** Opens the read of `req` (invariants 1 and 2). */
export function openGeoRead(req: GeoRequest): BatchReader<AqlObject> {
  if (req.sort && req.origin) return new RingReader(req, req.origin, req.sort);
  const boxes = req.sort ? WORLD : regionBoxes(req);
  if (boxes.length === 0) return { next: () => Promise.resolve([]), close: () => undefined };
  return req.open({ fields: [], geo: { covering: cover(boxes, req.shapes) } });
}

interface Held {
  doc: AqlObject;
  d: number;
}

/** Nearest (farthest) first: rings around the origin (its antipode), released in order. */
class RingReader implements BatchReader<AqlObject> {
  private readonly seen = new Set<string>();
  private held: Held[] = [];
  private radius = 0;
  private done = false;
  private closed = false;
  private readonly center: [number, number];
  /** How far the rings may need to go: past it, nothing more can pass the FILTER. */
  private readonly last: number;

  constructor(
    private readonly req: GeoRequest,
    origin: [number, number],
    private readonly sort: { key: (doc: AqlObject) => AqlValue; ascending: boolean },
  ) {
    const [lat, lon] = origin;
    this.center = sort.ascending ? origin : [-lat, lon > 0 ? lon - 180 : lon + 180];
    this.last = sort.ascending && req.maxDistance !== undefined ? Math.min(HALF, Math.max(0, req.maxDistance)) : HALF;
  }

  async next(max: number): Promise<AqlObject[]> {
    const out: AqlObject[] = [];
    while (!this.closed && out.length < max) {
      const ready = this.releasable();
      if (ready > 0) {
        out.push(...this.held.splice(0, Math.min(ready, max - out.length)).map((h) => h.doc));
        continue;
      }
      if (this.done) break;
      await this.ring(this.radius === 0 ? FIRST_RING : this.radius * (this.held.length > 0 ? 2 : 4));
    }
    return out;
  }

  /** How many held documents the rings read so far have placed for good (invariant 1). */
  private releasable(): number {
    if (this.done) return this.held.length;
    let n = 0;
    for (const h of this.held) {
      const fits = this.sort.ascending ? h.d <= this.radius : h.d >= HALF - this.radius;
      if (!fits) break;
      n++;
    }
    return n;
  }

  /** Reads the documents within `radius` of the center not read yet, and holds them in order. */
  private async ring(radius: number): Promise<void> {
    const r = Math.min(radius, this.last);
    const boxes = r >= HALF ? WORLD : circleBoxes(this.center[0], this.center[1], r);
    const reader = this.req.open({ fields: [], geo: { covering: cover(boxes, this.req.shapes), skip: this.seen } });
    try {
      for (;;) {
        const docs = await reader.next(1000);
        if (docs.length === 0) break;
        for (const doc of docs) {
          const key = doc._key as string;
          if (this.seen.has(key)) continue;
          this.seen.add(key);
          const v = this.sort.key(doc);
          // (an indexed document always has a distance; anything else goes last)
          const d = typeof v === 'number' ? v : this.sort.ascending ? Infinity : -Infinity;
          this.held.push({ doc, d });
        }
      }
    } finally {
      reader.close();
    }
    const dir = this.sort.ascending ? 1 : -1;
    // stable: ties keep the order they were read in
    this.held.sort((a, b) => dir * (a.d - b.d) || 0);
    this.radius = r;
    if (r >= this.last) this.done = true;
  }

  close(): void {
    this.closed = true;
    this.held = [];
  }
}
