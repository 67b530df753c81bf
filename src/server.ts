// A running Cairn: storage opened, Fastify app built and listening. Used by main.ts and
// by tests (in-process, port 0). start() and close() are the only lifecycle.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { ArangoError, ERR } from './errors/arango-error.js';
import { buildApp } from './http/app.js';
import type { Services } from './http/router.js';
import { Storage } from './storage/storage.js';
import { QueryTracker } from './aql/tracker.js';
import { CursorRegistry } from './cursors/registry.js';
import { CursorService, ResultMemory } from './cursors/service.js';
import { systemClock, type Clock } from './util/clock.js';

/** The services routes use, over opened storage; the registry's sweeper is not started. */
export function makeServices(storage: Storage, config: Config, shutdown: AbortSignal, clock: Clock = systemClock): { services: Services; registry: CursorRegistry } {
  const queries = new QueryTracker(clock);
  const registry = new CursorRegistry({ maxCursors: config.maxCursors }, clock);
  const cursors = new CursorService(storage, registry, queries, shutdown, new ResultMemory(config.cursorMemoryLimit));
  return { services: { storage, config, startedAt: Date.now(), shutdown, queries, cursors, clock }, registry };
}

export class Server {
  private constructor(
    readonly app: FastifyInstance,
    readonly storage: Storage,
    private readonly shutdown: AbortController,
    readonly services: Services,
    private readonly registry: CursorRegistry,
  ) {}

  /** Opens storage and builds the app; does not listen yet. */
  static async create(config: Config, opts: { noSync?: boolean; clock?: Clock } = {}): Promise<Server> {
    const storage = await Storage.open({ path: config.dataDir, noSync: opts.noSync });
    const shutdown = new AbortController();
    const { services, registry } = makeServices(storage, config, shutdown.signal, opts.clock);
    try {
      const app = await buildApp(services);
      await app.ready();
      registry.start();
      return new Server(app, storage, shutdown, services, registry);
    } catch (e) {
      await storage.close();
      throw e;
    }
  }

  /** Listens on config host/port; returns the bound address as http://host:port. */
  async listen(host: string, port: number): Promise<string> {
    await this.app.listen({ host, port });
    const addr = this.app.server.address();
    const bound = typeof addr === 'object' && addr ? addr.port : port;
    return `http://${host}:${bound}`;
  }

  /** Stops accepting, lets requests in flight finish (long waits are aborted), closes storage. */
  async close(): Promise<void> {
    // Requests still waiting (e.g. /_admin/sleep) end with 503/30 `shutdown in progress`.
    this.shutdown.abort(new ArangoError(ERR.ERROR_SHUTTING_DOWN));
    await this.app.close();
    this.registry.close();
    await this.storage.close();
  }
}
