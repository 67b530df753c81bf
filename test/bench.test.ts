// Keeps the benchmark harness working: runs `bench/run.mjs --quick --no-install` (tiny
// sizes, no peer libraries) against a real server process and checks that every benchmark
// produced a figure for Cairn. Nothing here is about speed; speed is only measured by
// `npm run bench`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// This file runs from dist/test/; the harness is <repo>/bench/run.mjs.
const RUN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'run.mjs');

describe('bench/run.mjs --quick', () => {
  it('produces a Cairn figure for every benchmark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-test-'));
    const out = join(dir, 'result.json');
    try {
      await promisify(execFile)(process.execPath, [RUN, '--quick', '--no-install', '--out', out], { maxBuffer: 1 << 24, timeout: 120000 });
      const result = JSON.parse(readFileSync(out, 'utf8'));
      const benches = new Set(result.rows.map((r: { bench: string }) => r.bench));
      for (const b of ['load', 'http', 'cursor', 'aql', 'jobs', 'responsive', 'memory']) assert.ok(benches.has(b), `benchmark ${b} reported`);
      for (const r of result.rows) assert.ok(Number.isFinite(r.cairn) && r.cairn > 0, `${r.bench} ${r.metric}: ${r.cairn}`);
      assert.equal(result.rows.filter((r: { bench: string }) => r.bench === 'aql').length, 12, 'six queries, without and with indexes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
