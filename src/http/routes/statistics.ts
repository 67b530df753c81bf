// GET /_admin/statistics and /_admin/statistics-description, as ArangoDB 3.12's
// RestAdminStatisticsHandler and stats::Descriptions: the process (from the OS), client
// request and connection distributions and HTTP counters (stats.ts), and the server
// (uptime, memory, transactions, JavaScript workers as V8 contexts, threads). Every figure
// is measured; none is made up. --server-statistics false answers 404/36 as ArangoDB does.
import type { FastifyInstance } from 'fastify';
import { totalmem } from 'node:os';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { json, route, type Ctx, type Handler } from '../router.js';
import { BYTES_CUTS, CONNECTION_TIME_CUTS, REQUEST_TIME_CUTS, procStatus, type HttpStats, type RequestFigures } from '../stats.js';

type Group = 'system' | 'client' | 'clientUser' | 'http' | 'server';
type Kind = 'current' | 'accumulated' | 'distribution';
type Unit = 'seconds' | 'bytes' | 'percent' | 'number';

const GROUPS: { group: Group; name: string; description: string }[] = [
  { group: 'system', name: 'Process Statistics', description: 'Statistics about the ArangoDB process' },
  { group: 'client', name: 'Client Connection Statistics', description: 'Statistics about the connections.' },
  { group: 'clientUser', name: 'Client User Connection Statistics', description: 'Statistics about the connections, only user traffic (ignoring superuser JWT traffic).' },
  { group: 'http', name: 'HTTP Request Statistics', description: 'Statistics about the HTTP requests.' },
  { group: 'server', name: 'Server Statistics', description: 'Statistics about the ArangoDB server' },
];

interface Figure {
  group: Group;
  identifier: string;
  name: string;
  description: string;
  type: Kind;
  cuts?: readonly number[];
  units: Unit;
}

const fig = (group: Group, identifier: string, name: string, description: string, type: Kind, units: Unit, cuts?: readonly number[]): Figure => ({ group, identifier, name, description, type, ...(cuts ? { cuts } : {}), units });

/** The client figures, once for all traffic and once (suffix) for users' only. */
function clientFigures(group: 'client' | 'clientUser', suffix: string): Figure[] {
  return [
    fig(group, 'httpConnections', 'Client Connections', `The number of connections that are currently open${suffix}.`, 'current', 'number'),
    fig(group, 'totalTime', 'Total Time', `Total time needed to answer a request${suffix}.`, 'distribution', 'seconds', REQUEST_TIME_CUTS),
    fig(group, 'requestTime', 'Request Time', `Request time needed to answer a request${suffix}.`, 'distribution', 'seconds', REQUEST_TIME_CUTS),
    fig(group, 'queueTime', 'Queue Time', `Queue time needed to answer a request${suffix}.`, 'distribution', 'seconds', REQUEST_TIME_CUTS),
    fig(group, 'bytesSent', 'Bytes Sent', `Bytes sents for a request${suffix}.`, 'distribution', 'bytes', BYTES_CUTS),
    fig(group, 'bytesReceived', 'Bytes Received', `Bytes received for a request${suffix}.`, 'distribution', 'bytes', BYTES_CUTS),
    fig(group, 'connectionTime', 'Connection Time', `Total connection time of a client${suffix}.`, 'distribution', 'seconds', CONNECTION_TIME_CUTS),
  ];
}

const httpFigure = (identifier: string, name: string, description: string) => fig('http', identifier, name, description, 'accumulated', 'number');

/** ArangoDB's figures, in its order. */
const FIGURES: Figure[] = [
  fig('system', 'userTime', 'User Time', 'Amount of time that this process has been scheduled in user mode, measured in seconds.', 'accumulated', 'seconds'),
  fig('system', 'systemTime', 'System Time', 'Amount of time that this process has been scheduled in kernel mode, measured in seconds.', 'accumulated', 'seconds'),
  fig('system', 'numberOfThreads', 'Number of Threads', 'Number of threads in the arangod process.', 'current', 'number'),
  fig(
    'system',
    'residentSize',
    'Resident Set Size',
    'The total size of the number of pages the process has in real memory. This is just the pages which count toward text, data, or stack space. This does not include pages which have not been demand-loaded in, or which are swapped out. The resident set size is reported in bytes.',
    'current',
    'bytes',
  ),
  fig('system', 'residentSizePercent', 'Resident Set Size', 'The percentage of physical memory used by the process as resident set size.', 'current', 'percent'),
  fig(
    'system',
    'virtualSize',
    'Virtual Memory Size',
    'On Windows, this figure contains the total amount of memory that the memory manager has committed for the arangod process. On other systems, this figure contains The size of the virtual memory the process is using.',
    'current',
    'bytes',
  ),
  fig('system', 'minorPageFaults', 'Minor Page Faults', 'The number of minor faults the process has made which have not required loading a memory page from disk. This figure is not reported on Windows.', 'accumulated', 'number'),
  fig(
    'system',
    'majorPageFaults',
    'Major Page Faults',
    'On Windows, this figure contains the total number of page faults. On other system, this figure contains the number of major faults the process has made which have required loading a memory page from disk.',
    'accumulated',
    'number',
  ),
  ...clientFigures('client', ''),
  ...clientFigures('clientUser', ' (only user traffic)'),
  httpFigure('requestsTotal', 'Total requests', 'Total number of HTTP requests.'),
  httpFigure('requestsSuperuser', 'Total superuser requests', 'Total number of HTTP requests executed by superuser/JWT.'),
  httpFigure('requestsUser', 'Total user requests', 'Total number of HTTP requests executed by clients.'),
  httpFigure('requestsAsync', 'Async requests', 'Number of asynchronously executed HTTP requests.'),
  httpFigure('requestsGet', 'HTTP GET requests', 'Number of HTTP GET requests.'),
  httpFigure('requestsHead', 'HTTP HEAD requests', 'Number of HTTP HEAD requests.'),
  httpFigure('requestsPost', 'HTTP POST requests', 'Number of HTTP POST requests.'),
  httpFigure('requestsPut', 'HTTP PUT requests', 'Number of HTTP PUT requests.'),
  httpFigure('requestsPatch', 'HTTP PATCH requests', 'Number of HTTP PATCH requests.'),
  httpFigure('requestsDelete', 'HTTP DELETE requests', 'Number of HTTP DELETE requests.'),
  httpFigure('requestsOptions', 'HTTP OPTIONS requests', 'Number of HTTP OPTIONS requests.'),
  httpFigure('requestsOther', 'other HTTP requests', 'Number of other HTTP requests.'),
  fig('server', 'uptime', 'Server Uptime', 'Number of seconds elapsed since server start.', 'current', 'seconds'),
  fig('server', 'physicalMemory', 'Physical Memory', 'Physical memory in bytes.', 'current', 'bytes'),
];

function requireEnabled(ctx: Ctx): void {
  if (!ctx.services.config.serverStatistics) throw ArangoError.withMessage(ERR.ERROR_DISABLED, 'statistics not enabled');
}

function system(): Record<string, number> {
  const ru = process.resourceUsage();
  const ps = procStatus();
  const rss = process.memoryUsage.rss();
  const physical = totalmem();
  return {
    minorPageFaults: ru.minorPageFault,
    majorPageFaults: ru.majorPageFault,
    userTime: ru.userCPUTime / 1e6,
    systemTime: ru.systemCPUTime / 1e6,
    numberOfThreads: ps.threads ?? 0,
    residentSize: rss,
    residentSizePercent: physical === 0 ? 0 : rss / physical,
    virtualSize: ps.vsize ?? 0,
  };
}

function client(h: HttpStats, f: RequestFigures): Record<string, unknown> {
  return {
    httpConnections: h.connections,
    connectionTime: h.connectionTime.toJSON(),
    totalTime: f.totalTime.toJSON(),
    requestTime: f.requestTime.toJSON(),
    queueTime: f.queueTime.toJSON(),
    ioTime: f.ioTime.toJSON(),
    bytesSent: f.bytesSent.toJSON(),
    bytesReceived: f.bytesReceived.toJSON(),
  };
}

function http(h: HttpStats): Record<string, number> {
  const m = h.byMethod;
  return {
    requestsTotal: h.total,
    requestsSuperuser: h.superuser,
    requestsUser: h.user,
    requestsAsync: h.async,
    requestsGet: m.GET,
    requestsHead: m.HEAD,
    requestsPost: m.POST,
    requestsPut: m.PUT,
    requestsPatch: m.PATCH,
    requestsDelete: m.DELETE,
    requestsOptions: m.OPTIONS,
    requestsOther: m.other,
  };
}

function server(ctx: Ctx): Record<string, unknown> {
  const s = ctx.services;
  const t = s.transactions.totals;
  const w = s.jsTransactions.workers;
  return {
    uptime: (Date.now() - s.startedAt) / 1000,
    physicalMemory: totalmem(),
    // Cairn has no intermediate commits and no dirty reads: both stay 0
    transactions: { started: t.started, aborted: t.aborted, committed: t.committed, intermediateCommits: 0, readOnly: 0, dirtyReadOnly: 0 },
    // the JavaScript transaction workers, ArangoDB's V8 contexts (none is ever dirty)
    v8Context: { available: w.alive, busy: w.busy, dirty: 0, free: w.free, max: w.max, min: 0, memory: [] },
    // Node's event loop is the one thread that answers requests (jobs run on it too); it
    // has no scheduler queue, so nothing is queued or blocked in one; in progress: the
    // client requests that arrived and are not answered yet, this one included
    threads: { 'scheduler-threads': 1, blocked: 0, queued: 0, 'in-progress': Math.max(0, s.httpStats.total - s.httpStats.all.totalTime.count), 'direct-exec': 0 },
  };
}

/** ?dont-count-this-request=true is accepted; Cairn counts requests when they arrive, so it is counted all the same. */
const statistics: Handler = (_req, ctx) => {
  requireEnabled(ctx);
  const h = ctx.services.httpStats;
  return json(200, {
    time: Date.now() / 1000,
    enabled: true,
    system: system(),
    client: client(h, h.all),
    clientUser: client(h, h.users),
    http: http(h),
    server: server(ctx),
    error: false,
    code: 200,
  });
};

const description: Handler = (_req, ctx) => {
  requireEnabled(ctx);
  return json(200, { groups: GROUPS, figures: FIGURES, error: false, code: 200 });
};

export function registerStatisticsRoutes(app: FastifyInstance): void {
  route(app, '/_admin/statistics', { GET: statistics });
  route(app, '/_admin/statistics-description', { GET: description });
}
