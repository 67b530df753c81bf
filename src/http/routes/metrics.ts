// GET /_admin/metrics/v2 (and /_admin/metrics, the same since ArangoDB 3.10): the server's
// metrics in Prometheus' text format, for an operator's scraper. Where Cairn measures what
// an ArangoDB metric measures, it has ArangoDB's name, type and meaning (HTTP requests,
// AQL queries, transactions, the process, JavaScript workers as V8 contexts); what only
// Cairn has (the durable job queue, cursors, the LMDB file) is named cairn_*. Counters
// count since the process started, as ArangoDB's do. Only admins (rw on _system) may read
// them, as in ArangoDB; --export-metrics-api false answers 404 as ArangoDB does.
import { statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { route, type Handler } from '../router.js';
import { COUNTED_METHODS, procStatus } from '../stats.js';
import { isAdmin } from '../access.js';

type Labels = Record<string, string>;
type Sample = [labels: Labels | undefined, value: number];

/** Prometheus' text exposition format (version 0.0.4). */
class Exposition {
  private readonly lines: string[] = [];

  add(name: string, type: 'counter' | 'gauge', help: string, samples: number | Sample[]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const list: Sample[] = typeof samples === 'number' ? [[undefined, samples]] : samples;
    for (const [labels, value] of list) this.lines.push(`${name}${format(labels)} ${Number.isFinite(value) ? value : 0}`);
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
function format(labels: Labels | undefined): string {
  if (!labels) return '';
  return '{' + Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',') + '}';
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const connections = (app: FastifyInstance): Promise<number> =>
  new Promise((resolve) => {
    app.server.getConnections((err, n) => resolve(err ? 0 : n));
  });

const metrics =
  (app: FastifyInstance): Handler =>
  async (_req, ctx) => {
    const s = ctx.services;
    if (!s.config.exportMetricsApi) throw new ArangoError(ERR.ERROR_HTTP_NOT_FOUND);
    if (!isAdmin(ctx)) throw new ArangoError(ERR.ERROR_FORBIDDEN);
    const out = new Exposition();

    // HTTP requests
    const h = s.httpStats;
    out.add('arangodb_http_request_statistics_total_requests_total', 'counter', 'Total number of HTTP requests', h.total);
    out.add('arangodb_http_request_statistics_superuser_requests_total', 'counter', 'Total number of HTTP requests executed by superuser/JWT', h.superuser);
    out.add('arangodb_http_request_statistics_user_requests_total', 'counter', 'Total number of HTTP requests executed by clients', h.user);
    out.add('arangodb_http_request_statistics_async_requests_total', 'counter', 'Number of asynchronously executed HTTP requests', h.async);
    for (const m of COUNTED_METHODS) {
      out.add(`arangodb_http_request_statistics_http_${m.toLowerCase()}_requests_total`, 'counter', `Number of HTTP ${m} requests`, h.byMethod[m]);
    }
    out.add('arangodb_http_request_statistics_other_http_requests_total', 'counter', 'Number of other HTTP requests', h.byMethod.other);
    out.add('arangodb_client_connection_statistics_client_connections', 'gauge', 'The number of client connections that are currently open', await connections(app));

    // AQL
    const q = s.queries.totals;
    out.add('arangodb_aql_current_query', 'gauge', 'Current number of AQL queries executing', q.active);
    out.add('arangodb_aql_all_query_total', 'counter', 'Total number of AQL queries finished', q.finished);
    out.add('arangodb_aql_slow_query_total', 'counter', 'Total number of slow AQL queries finished', q.slow);
    out.add('arangodb_aql_total_query_time_msec_total', 'counter', 'Total execution time of all AQL queries [ms]', Math.round(q.timeMs));

    // transactions (stream and JavaScript)
    const t = s.transactions.totals;
    out.add('arangodb_transactions_started_total', 'counter', 'Number of transactions started', t.started);
    out.add('arangodb_transactions_committed_total', 'counter', 'Number of transactions committed', t.committed);
    out.add('arangodb_transactions_aborted_total', 'counter', 'Number of transactions aborted', t.aborted);
    out.add('cairn_transactions_running', 'gauge', 'Stream and JavaScript transactions running now', s.transactions.running);

    // JavaScript workers, as ArangoDB's V8 contexts
    const w = s.jsTransactions.workers;
    out.add('arangodb_v8_context_alive', 'gauge', 'Number of V8 contexts currently alive (JavaScript transaction workers)', w.alive);
    out.add('arangodb_v8_context_busy', 'gauge', 'Number of V8 contexts currently busy', w.busy);
    out.add('arangodb_v8_context_free', 'gauge', 'Number of V8 contexts currently free', w.free);
    out.add('arangodb_v8_context_max', 'gauge', 'Maximum number of concurrent V8 contexts', w.max);

    // the durable job queue (x-arango-async and the task API)
    const byStatus = s.jobs.store.countByStatus();
    out.add(
      'cairn_jobs',
      'gauge',
      'Jobs stored now, by status (QUEUED and RUNNING are not final; SUCCESS, FAILED and CANCELLED hold a result until fetched, deleted or expired)',
      Object.entries(byStatus)
        .filter(([status, n]) => n > 0 || ['QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED'].includes(status))
        .map(([status, n]): Sample => [{ status }, n]),
    );
    const j = s.jobs.store.totals;
    out.add('cairn_jobs_submitted_total', 'counter', 'Jobs created (x-arango-async requests and tasks)', j.submitted);
    out.add('cairn_jobs_finished_total', 'counter', 'Jobs that reached a final status, by status', [
      [{ status: 'SUCCESS' }, j.SUCCESS],
      [{ status: 'FAILED' }, j.FAILED],
      [{ status: 'CANCELLED' }, j.CANCELLED],
    ]);
    out.add('cairn_jobs_running', 'gauge', 'Jobs being run by this process now', s.jobs.runner.running);

    // cursors, the query results cache's memory is not counted here
    const c = s.cursors.open;
    out.add('cairn_cursors_open', 'gauge', 'AQL cursors open now', c.cursors);
    out.add('cairn_cursors_result_bytes', 'gauge', 'Bytes of materialized cursor results held (counted against --cursor-memory-limit)', c.bytes);

    // the process and the machine
    const ru = process.resourceUsage();
    const ps = procStatus();
    out.add('arangodb_process_statistics_resident_set_size', 'gauge', 'Resident set size of the process in bytes', process.memoryUsage.rss());
    if (ps.vsize !== undefined) out.add('arangodb_process_statistics_virtual_memory_size', 'gauge', 'Virtual memory size of the process in bytes', ps.vsize);
    if (ps.threads !== undefined) out.add('arangodb_process_statistics_number_of_threads', 'gauge', 'Number of threads of the process', ps.threads);
    out.add('arangodb_process_statistics_user_time', 'gauge', 'Time the process has been scheduled in user mode, in seconds', ru.userCPUTime / 1e6);
    out.add('arangodb_process_statistics_system_time', 'gauge', 'Time the process has been scheduled in kernel mode, in seconds', ru.systemCPUTime / 1e6);
    out.add('arangodb_process_statistics_minor_page_faults', 'gauge', 'Minor page faults of the process', ru.minorPageFault);
    out.add('arangodb_process_statistics_major_page_faults', 'gauge', 'Major page faults of the process', ru.majorPageFault);
    out.add('arangodb_server_statistics_server_uptime_total', 'counter', 'Number of seconds elapsed since server start', Math.floor((Date.now() - s.startedAt) / 1000));
    out.add('arangodb_server_statistics_physical_memory', 'gauge', 'Physical memory in bytes', totalmem());
    out.add('arangodb_server_statistics_cpu_cores', 'gauge', 'Number of CPU cores visible to the process', availableParallelism());
    out.add('cairn_storage_file_bytes', 'gauge', 'Size of the LMDB data file', fileSize(join(s.config.dataDir, 'data.mdb')));

    return { status: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: out.text() };
  };

export function registerMetricsRoutes(app: FastifyInstance): void {
  const handler = metrics(app);
  route(app, '/_admin/metrics', { GET: handler });
  route(app, '/_admin/metrics/v2', { GET: handler });
}
