// Deletes data that a drop or truncate made unreachable (catalog invariant 2), in small
// exclusive chunks so no request waits long, and resumes after a restart from the
// ['purge', dataId] markers. Nothing reads a purged data id, so the pace is free.
//
//   marker written -> chunks removed ... -> marker removed   [run]
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Engine, Key } from './engine.js';

const CHUNK = 5000;
/** A pass that failed (a full reader table, say) is tried again this much later. */
const RETRY_MS = 1000;

export class Purger {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** Told why a pass failed; the markers stay and the pass is tried again. */
  onError: (message: string) => void = () => undefined;

  constructor(private readonly engine: Engine) {}

  /** Starts a pass unless one is running (then another pass follows it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((e: unknown) => {
        this.onError(`purging dropped data failed, trying again in ${RETRY_MS} ms: ${e instanceof Error ? e.message : String(e)}`);
        if (!this.stopped && !this.retry) {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.wake();
          }, RETRY_MS);
          this.retry.unref();
        }
      })
      .finally(() => {
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
    clearTimeout(this.retry);
    this.retry = undefined;
    await this.running;
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
