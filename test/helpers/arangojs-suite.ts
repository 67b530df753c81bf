// Shared setup for the replay of arangojs's own test suite (test/client/arangojs-suite/):
// one Cairn server per test file on a free port, the `config` object arangojs's tests pass
// to `new Database(config)` (its url filled in once the server listens), and the few small
// helpers of upstream's _config.ts / _integration-timeouts.ts that the replayed cases use.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'arangojs';
import { startServer, type TestServer } from './server.js';

/** What upstream's tests hand to `new Database(...)`; `url` is set by useCairn()'s before hook. */
export const config = {
  url: '',
  arangoVersion: 31200,
  precaptureStackTraces: true,
  auth: { username: 'root', password: '' },
};

export const isClusterRuntime = false;
export const clusterIntegrationTimeoutMs = 60_000;
export const propagationForResourceMs = 10_000;

/**
 * Starts a Cairn server before the file's tests and closes it after them. It runs with
 * --experimental-vector-index, as arangojs's CI starts ArangoDB 3.12 (so the vector index
 * cases run; their probe still skips them on a server without the option).
 */
export function useCairn(): void {
  let s: TestServer | undefined;
  before(async () => {
    s = await startServer(['--experimental-vector-index', 'true']);
    config.url = await s.server.listen('127.0.0.1', 0);
  });
  after(async () => {
    await s?.close();
  });
}

export async function waitForNewDatabase(db: Database): Promise<void> {
  await db.waitForPropagation({ pathname: '/_api/version' }, 10_000);
}

/** The server's version as upstream's tests compare it (3.12.0 -> 31200). */
export async function fetchArangoVersionCode(db: Database): Promise<number> {
  const v = await db.version();
  const [maj, min, patch] = v.version.split('-')[0].split('.').map(Number);
  return maj * 10000 + min * 100 + (patch || 0);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Awaits `p`, which must reject; runs `check` on the error and returns it. */
export async function expectReject(p: Promise<unknown>, check?: (e: any) => void): Promise<any> {
  let err: unknown;
  let rejected = false;
  try {
    await p;
  } catch (e) {
    err = e;
    rejected = true;
  }
  if (!rejected) assert.fail('expected rejection, but promise resolved');
  if (check) check(err);
  return err;
}

/** Asserts that `o` has exactly these own keys. */
export const hasKeys = (o: object, keys: string[]): void => assert.deepEqual(Object.keys(o).sort(), [...keys].sort());
