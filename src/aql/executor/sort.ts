// Sorting that never holds the event loop for long: runs of a few thousand items are
// sorted with Array.prototype.sort, then merged pairwise, with a checkpoint every few
// thousand comparisons (which yields when the time slice is used up and throws when the
// query was aborted). Stable, like ArangoDB's SORT.

const RUN = 1024;
const STEP = 4096;

async function merge<T>(a: T[], b: T[], cmp: (x: T, y: T) => number, checkpoint: () => Promise<void>): Promise<T[]> {
  const out = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = cmp(b[j], a[i]) < 0 ? b[j++] : a[i++];
    if ((k & (STEP - 1)) === 0) await checkpoint();
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Returns the items sorted by `cmp` (the input array may be reused). */
export async function sortAsync<T>(items: T[], cmp: (x: T, y: T) => number, checkpoint: () => Promise<void>): Promise<T[]> {
  if (items.length <= RUN) return items.sort(cmp);
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += RUN) {
    runs.push(items.slice(i, i + RUN).sort(cmp));
    await checkpoint();
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      next.push(i + 1 < runs.length ? await merge(runs[i], runs[i + 1], cmp, checkpoint) : runs[i]);
    }
    runs = next;
  }
  return runs[0];
}
