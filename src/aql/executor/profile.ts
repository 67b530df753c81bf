// Per-node execution statistics for `profile: 2` (extra.stats.nodes): how often each
// plan node's block was asked for rows, how many it returned, and the time spent in it
// without the time of the node it pulls from. A wrapper block counts; nothing else changes.
import type { Row } from './expression.js';
import type { Block } from './blocks.js';

export interface NodeProfile {
  id: number;
  /** The node this one pulls from (its time is subtracted), or undefined. */
  inputId?: number;
  /** True for a FilterNode (it reports rows dropped). */
  filters: boolean;
  calls: number;
  items: number;
  /** Values a loop with an early-pruning filter dropped (move-filters-into-enumerate). */
  dropped: number;
  /** Seconds, including the input's time until finished (see nodeStats). */
  inclusive: number;
}

export class ProfiledBlock implements Block {
  constructor(
    private readonly inner: Block,
    private readonly stat: NodeProfile,
  ) {}
  async next(max: number): Promise<Row[]> {
    const t0 = performance.now();
    this.stat.calls++;
    try {
      const rows = await this.inner.next(max);
      this.stat.items += rows.length;
      return rows;
    } finally {
      this.stat.inclusive += (performance.now() - t0) / 1000;
    }
  }
  close(): void {
    this.inner.close();
  }
}

/** extra.stats.nodes as ArangoDB 3.12 reports them, in node id order. */
export function nodeStats(profiles: Map<number, NodeProfile>): { id: number; calls: number; items: number; filtered: number; runtime: number }[] {
  return [...profiles.values()]
    .sort((a, b) => a.id - b.id)
    .map((p) => {
      const input = p.inputId !== undefined ? profiles.get(p.inputId) : undefined;
      return {
        id: p.id,
        calls: p.calls,
        items: p.items,
        filtered: p.filters && input ? Math.max(0, input.items - p.items) : p.dropped,
        runtime: Math.max(0, p.inclusive - (input?.inclusive ?? 0)),
      };
    });
}
