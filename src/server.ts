// A running Cairn: storage opened, Fastify app built and listening. Used by main.ts and
// by tests (in-process, port 0). start() and close() are the only lifecycle.
import { setMaxListeners } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { readJwtSecret, type Config } from './config.js';
import { ArangoError, ERR } from './errors/arango-error.js';
import { buildApp, RESPONSE_HEADERS } from './http/app.js';
import type { Services } from './http/router.js';
import { Storage } from './storage/storage.js';
import { QueryTracker } from './aql/tracker.js';
import { CursorRegistry } from './cursors/registry.js';
import { CursorService, ResultMemory } from './cursors/service.js';
import { QueryResultsCache } from './cursors/query-cache.js';
import { TransactionRegistry } from './transactions/registry.js';
import { JsTransactions } from './transactions/js-transactions.js';
import { JsTasks } from './transactions/js-tasks.js';
import { HttpStats } from './http/stats.js';
import { TtlSweeper } from './storage/ttl.js';
import { ApplierConfigs, DumpBatches } from './storage/dump-batches.js';
import { AccessTokens } from './users/tokens.js';
import { systemClock, type Clock } from './util/clock.js';
import { JobService } from './jobs/service.js';
import type { JobHandler } from './jobs/runner.js';
import type { AqlInput, JobResult, StoredRequest } from './jobs/record.js';
import { errorResult } from './jobs/store.js';
import { REPLAY_HEADER, ReplayGrants } from './http/replay.js';
import { dispatchLocal } from './http/local-request.js';
import { RunningQuery, withPhase, type QueryInput } from './aql/query.js';
import { closeUserFunctions } from './aql/user-functions/registry.js';
import { computeValues } from './aql/computed.js';
import { stringify } from './values/index.js';
import { JSON_TYPE } from './http/router.js';
import { UserStore } from './users/store.js';
import { Credentials } from './http/auth.js';
import { queryAccess } from './http/access.js';
import { ARANGO_VERSION } from './version.js';
import { Logger, parseLevel, TOPICS, type Level } from './util/logger.js';
import { ShutdownRequest } from './util/shutdown-request.js';

/** Response headers a stored job result does not keep (the fetch adds its own). */
const TRANSIENT_HEADERS = new Set([
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  // every response's own (the fetch sends them again)
  ...Object.keys(RESPONSE_HEADERS),
]);

/**
 * The `http` job: the stored request replayed through the same app and routes
 * (dispatchLocal), as the job's user (a one-time replay grant, never credentials) and with the job's signal.
 */
export function httpJobHandler(app: FastifyInstance, replays: ReplayGrants): JobHandler {
  return async (work) => {
    const r = work.input as StoredRequest;
    const token = replays.issue({ user: work.record.user, signal: work.signal, progress: (n) => work.progress(n) });
    try {
      const res = await dispatchLocal(app, {
        method: r.method,
        url: r.url,
        headers: { ...r.headers, [REPLAY_HEADER]: token },
        body: r.body ? Buffer.from(r.body) : undefined,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        // CORS headers answer the submit's origin; the fetch answers its own
        if (v !== undefined && !TRANSIENT_HEADERS.has(k) && !k.startsWith('access-control-')) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      return { status: res.status, headers, body: res.body };
    } finally {
      replays.revoke(token);
    }
  };
}

/** An ArangoError as an aql job's stored answer, worded as POST /_api/cursor words it. */
function aqlError(e: unknown): JobResult {
  const d = withPhase(e, true);
  if (d instanceof ArangoError) return errorResult(d, d.message);
  throw e;
}

/**
 * The `aql` job: the query run to the end; its stored answer is what POST /_api/cursor
 * would answer with the whole result in one batch, and its task_result the row array.
 */
export function aqlJobHandler(storage: Storage, queries: QueryTracker, access: (user: string, db: string) => Pick<QueryInput, 'admit' | 'readable'> = () => ({})): JobHandler {
  return async (work) => {
    const input = work.input as AqlInput;
    const { db: database, user } = work.record;
    const tracked = queries.begin({ database, user, query: input.query, bindVars: input.bindVars, stream: false });
    let q: RunningQuery;
    try {
      // run as the job's user, with its permissions as of now
      const started = RunningQuery.start(storage, { database, user, query: input.query, bindVars: input.bindVars, signal: work.signal, ...access(user, database) });
      tracked.planned(started.plan.writeCollections.length > 0);
      tracked.onKill((reason) => started.abort(reason));
      q = started;
    } catch (e) {
      tracked.finish({ errorNum: e instanceof ArangoError ? e.errorNum : 4 });
      return aqlError(e);
    }
    const parts: string[] = [];
    let size = 0;
    try {
      for (;;) {
        const b = await q.next(1000);
        for (const row of b.rows) {
          const text = stringify(row);
          size += text.length + 1;
          parts.push(text);
        }
        work.progress(q.progress);
        if (size > work.maxResultSize) {
          throw ArangoError.withMessage(ERR.ERROR_RESOURCE_LIMIT, `job result of more than ${work.maxResultSize} bytes is larger than --jobs-max-result-size (${work.maxResultSize} bytes); it was not stored`);
        }
        if (b.done) break;
      }
      tracked.setState('finalizing');
      const extra = q.finish();
      tracked.finish({ warnings: extra.warnings.length });
      const rows = '[' + parts.join(',') + ']';
      const tail = stringify({ hasMore: false, cached: false, extra, error: false, code: 201 } as never);
      const body = Buffer.from('{"result":' + rows + ',' + tail.slice(1));
      return { status: 201, headers: { 'content-type': JSON_TYPE }, body, taskResult: [10, 10 + Buffer.byteLength(rows)] };
    } catch (e) {
      q.close();
      tracked.finish({ errorNum: e instanceof ArangoError ? e.errorNum : 4 });
      return aqlError(e);
    }
  };
}

/** --log-level as ArangoDB's topic levels: the `general` topic's level; silent: every topic only FATAL. */
const START_LEVEL: Record<Config['logLevel'], Level> = { silent: 'FATAL', error: 'ERROR', warn: 'WARNING', info: 'INFO', debug: 'DEBUG' };

export function makeLogger(config: Config, sink?: (line: string) => void): Logger {
  const level = START_LEVEL[config.logLevel];
  const levels: Record<string, Level> = config.logLevel === 'silent' ? Object.fromEntries(Object.keys(TOPICS).map((t) => [t, level])) : { general: level };
  return new Logger({ levels, inMemory: config.logInMemory, inMemoryLevel: parseLevel(config.logInMemoryLevel) ?? 'INFO', sink });
}

/** The services routes use, over opened storage; the registry's sweeper is not started. */
export function makeServices(storage: Storage, config: Config, shutdown: AbortSignal, clock: Clock = systemClock, logSink?: (line: string) => void, jwtSecret?: Buffer): { services: Services; registry: CursorRegistry } {
  const logger = makeLogger(config, logSink);
  const log = (msg: string, err?: unknown): void => logger.error('general', msg, err);
  const queries = new QueryTracker(clock, () => String(storage.ids.tick()));
  const registry = new CursorRegistry({ maxCursors: config.maxCursors }, clock, () => String(storage.ids.tick()));
  const queryCache = new QueryResultsCache(storage, {
    mode: config.queryCacheMode,
    maxResults: config.queryCacheEntries,
    maxResultsSize: config.queryCacheEntriesMaxSize,
    maxEntrySize: config.queryCacheEntryMaxSize,
    includeSystem: config.queryCacheIncludeSystem,
  });
  const cursors = new CursorService(storage, registry, queries, shutdown, new ResultMemory(config.cursorMemoryLimit), queryCache);
  const jobs = new JobService(
    storage.engine,
    {
      concurrency: Math.max(1, config.jobsConcurrency),
      maxRetries: config.jobsMaxRetries,
      maxQueued: config.jobsMaxQueued,
      maxResultSize: config.jobsMaxResultSize,
      resultTtlMs: config.jobsResultTtl === null ? null : config.jobsResultTtl * 1000,
      log,
    },
    clock,
  );
  const users = new UserStore(storage, config.rootPassword, jwtSecret);
  jobs.handle('aql', aqlJobHandler(storage, queries, (user, db) => queryAccess({ user, db, services: { config, users } })));
  const replays = new ReplayGrants();
  const transactions = new TransactionRegistry(storage, Math.max(1, config.transactionIdleTimeout) * 1000, clock, (db, names) => queryCache.invalidate(db, names));
  const jsTransactions = new JsTransactions(transactions, (msg) => logger.info('general', msg), Math.max(1, config.javascriptWorkers));
  const jsTasks = new JsTasks(jsTransactions, () => String(storage.ids.tick()), (name) => storage.catalog.database(name) !== undefined, (msg) => logger.warn('general', msg));
  storage.purger.onError = (msg) => logger.error('engines', msg);
  const ttl = new TtlSweeper(storage.engine, storage.catalog, storage.documents, { frequency: Math.max(1000, config.ttlFrequency), maxTotalRemoves: Math.max(0, config.ttlMaxTotalRemoves), maxCollectionRemoves: Math.max(0, config.ttlMaxCollectionRemoves) }, (msg) => logger.warn('ttl', msg));
  const tokens = new AccessTokens(storage.engine);
  const credentials = new Credentials(users, clock, config.sessionTimeout, tokens);
  const dumpBatches = new DumpBatches(storage.engine, clock, () => String(storage.ids.tick()));
  const applierConfigs = new ApplierConfigs(storage.engine);
  return { services: { storage, config, startedAt: Date.now(), shutdown, queries, cursors, queryCache, transactions, jsTransactions, jsTasks, ttl, httpStats: new HttpStats(), clock, jobs, replays, users, credentials, tokens, log, logger, dumpBatches, applierConfigs, shutdownRequest: new ShutdownRequest() }, registry };
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
  static async create(config: Config, opts: { noSync?: boolean; clock?: Clock; logSink?: (line: string) => void } = {}): Promise<Server> {
    const jwtSecret = readJwtSecret(config); // a bad key file stops the start before storage opens
    const storage = await Storage.open({ path: config.dataDir, noSync: opts.noSync });
    // storage does not import aql: computed values are evaluated through this hook
    storage.documents.computeValues = computeValues;
    const shutdown = new AbortController();
    // every request that waits (a cursor, ?waitTime=) listens on it while it runs: many
    // listeners are normal here, not a leak, so Node's warning past 10 is switched off
    setMaxListeners(0, shutdown.signal);
    const { services, registry } = makeServices(storage, config, shutdown.signal, opts.clock, opts.logSink, jwtSecret);
    try {
      const app = await buildApp(services);
      services.jobs.handle('http', httpJobHandler(app, services.replays));
      await app.ready();
      registry.start();
      services.transactions.start();
      services.ttl.start();
      const server = new Server(app, storage, shutdown, services, registry);
      // DELETE /_admin/shutdown: without an owner's handler (main.ts sets one that also
      // exits), the server closes itself
      services.shutdownRequest.onRequest((reason) => {
        services.logger.info('general', `shutting down: ${reason}`);
        server.close().catch((e: unknown) => services.log('error while shutting down', e));
      });
      return server;
    } catch (e) {
      await storage.close();
      throw e;
    }
  }

  private jobsStarted = false;

  /**
   * Starts the job runner: recovery of jobs a previous process left unfinished and the
   * queue, both in the background (start-up never waits for them). Idempotent.
   */
  startJobs(): void {
    if (this.jobsStarted) return;
    this.jobsStarted = true;
    this.services.jobs.start();
  }

  /** Listens on config host/port, then starts the job runner; returns http://host:port. */
  async listen(host: string, port: number): Promise<string> {
    await this.app.listen({ host, port });
    this.startJobs();
    const addr = this.app.server.address();
    const bound = typeof addr === 'object' && addr ? addr.port : port;
    this.services.logger.info('general', `Cairn (ArangoDB ${ARANGO_VERSION} API) is ready for business on http://${host}:${bound}, database directory ${this.services.config.dataDir}`);
    return `http://${host}:${bound}`;
  }

  private closing: Promise<void> | undefined;

  /**
   * Stops accepting, lets requests in flight finish (long waits are aborted), closes
   * storage. A second call (a signal after DELETE /_admin/shutdown) waits for the first.
   */
  close(): Promise<void> {
    return (this.closing ??= this.closeOnce());
  }

  private async closeOnce(): Promise<void> {
    // Running jobs are stopped first and stay RUNNING in the store: the next start runs
    // them again. Requests still waiting (e.g. /_admin/sleep) end with 503/30.
    await this.services.jobs.close();
    this.shutdown.abort(new ArangoError(ERR.ERROR_SHUTTING_DOWN));
    await this.app.close();
    this.registry.close();
    this.services.jsTasks.close();
    await this.services.ttl.close();
    await this.services.jsTransactions.close();
    this.services.transactions.close();
    await closeUserFunctions(this.storage);
    this.services.dumpBatches.close();
    await this.storage.close();
  }
}
