// Deletes data that a drop or truncate made unreachable (catalog invariant 2), in small
// exclusive chunks so no request waits long, and resumes after a restart from the
// ['purge', dataId] markers. Nothing reads a purged data id, so the pace is free.
//
//   marker written -> chunks removed ... -> marker removed   [run]
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Engine, Key } from './engine.js';

const CHUNK = 5000;

export class Purger {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly engine: Engine) {}

  /** Starts a pass unless one is running (then another pass follows it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const markers = [...this.engine.range('meta', { start: ['purge', 0], end: ['purge', Number.MAX_SAFE_INTEGER] })];
      for (const { key, value } of markers) {
        const dataId = (key as [string, number])[1];
        while (!this.stopped) {
          const removed = await this.engine.writeExclusive((tx) => {
            let n = 0;
            // a collection's documents and its key map go together
            for (const db of value === 'docs' ? (['docs', 'pk'] as const) : ([value as 'idx'] as const)) {
              for (const k of this.engine.keys(db, { start: [dataId], end: [dataId + 1], limit: CHUNK - n })) {
                tx.remove(db, k as Key);
                n++;
              }
              if (n >= CHUNK) break;
            }
            if (n < CHUNK) tx.remove('meta', key);
            return n;
          });
          if (removed < CHUNK) break;
          await yieldToLoop();
        }
        if (this.stopped) return;
      }
    } while (this.again && !this.stopped);
  }

  /** Stops after the chunk in progress; the markers left resume at the next start. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
