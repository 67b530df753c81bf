// A storage environment with a few small collections for AQL engine tests, and shortcuts
// to run, explain and parse queries against it through src/aql/query.ts.
import { rmSync } from 'node:fs';
import { Storage } from '../../src/storage/storage.js';
import { RunningQuery, explainQuery, runQuery, type QueryOptions } from '../../src/aql/query.js';
import { closeUserFunctions } from '../../src/aql/user-functions/registry.js';
import type { AqlValue } from '../../src/values/index.js';
import { collectionSpec, tempDir } from './server.js';

export interface TestDb {
  storage: Storage;
  run(query: string, bindVars?: Record<string, unknown>, options?: QueryOptions): Promise<AqlValue[]>;
  runFull(query: string, bindVars?: Record<string, unknown>, options?: QueryOptions): ReturnType<typeof runQuery>;
  start(query: string, bindVars?: Record<string, unknown>, options?: QueryOptions, signal?: AbortSignal): RunningQuery;
  explain(query: string, bindVars?: Record<string, unknown>, options?: QueryOptions): Record<string, any>;
  /** Node types of the explained plan, in order. */
  nodeTypes(query: string, bindVars?: Record<string, unknown>): string[];
  close(): Promise<void>;
}

/** Opens a fresh environment holding `collections` (name -> documents) in `_system`. */
export async function openTestDb(collections: Record<string, Record<string, unknown>[]> = {}): Promise<TestDb> {
  const dir = tempDir('cairn-aql-');
  const storage = await Storage.open({ path: dir, noSync: true });
  for (const [name, docs] of Object.entries(collections)) {
    await storage.catalog.createCollection('_system', collectionSpec(name));
    for (let i = 0; i < docs.length; i += 1000) {
      const r = await storage.documents.apply('_system', name, 'insert', docs.slice(i, i + 1000).map((body) => ({ body })), {});
      const failed = r.results.find((x) => !x.ok);
      if (failed) throw new Error(`test data for ${name} rejected: ${JSON.stringify(failed)}`);
    }
  }
  const input = (query: string, bindVars: Record<string, unknown> = {}, options: QueryOptions = {}, signal?: AbortSignal) => ({
    database: '_system',
    user: 'root',
    query,
    bindVars,
    options,
    signal,
  });
  const db: TestDb = {
    storage,
    run: async (q, b, o) => (await runQuery(storage, input(q, b, o))).rows,
    runFull: (q, b, o) => runQuery(storage, input(q, b, o)),
    start: (q, b, o, s) => RunningQuery.start(storage, input(q, b, o, s)),
    explain: (q, b, o) => explainQuery(storage, input(q, b, o)) as Record<string, any>,
    nodeTypes: (q, b) => (explainQuery(storage, input(q, b)) as any).plan.nodes.map((n: { type: string }) => n.type),
    close: async () => {
      await closeUserFunctions(storage);
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return db;
}
