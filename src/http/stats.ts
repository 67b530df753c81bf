// Request and connection statistics for /_admin/metrics and /_admin/statistics (ArangoDB's
// arangodb_http_request_statistics_* counters and its RequestStatistics distributions):
// counters bumped once per request in the onRequest hook (a few integer increments) and
// once per request the async hook turns into a job; the time and size distributions once
// per answered request (in the onSend hook: no per-response listener, see app.ts), and the
// connection ones per TCP connection. All count since the process started. The process
// figures are read from the OS on demand.
import { readFileSync } from 'node:fs';

export const COUNTED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** ArangoDB's cuts (StatisticsFeature): seconds for request times, seconds for connection times, bytes for sizes. */
export const REQUEST_TIME_CUTS = [0.01, 0.05, 0.1, 0.2, 0.5, 1.0] as const;
export const CONNECTION_TIME_CUTS = [0.1, 1.0, 60.0] as const;
export const BYTES_CUTS = [250, 1000, 2000, 5000, 10000] as const;

/**
 * ArangoDB's StatisticsDistribution: the sum and count of the values seen, and how many
 * fell into each bucket; bucket i holds values below cuts[i] (and at or above cuts[i-1]),
 * the last one every value at or above the last cut.
 */
export class Distribution {
  sum = 0;
  count = 0;
  readonly counts: number[];
  constructor(private readonly cuts: readonly number[]) {
    this.counts = new Array<number>(cuts.length + 1).fill(0);
  }

  add(value: number): void {
    this.sum += value;
    this.count++;
    let i = 0;
    while (i < this.cuts.length && value >= this.cuts[i]!) i++;
    this.counts[i]!++;
  }

  toJSON(): { sum: number; count: number; counts: number[] } {
    return { sum: this.sum, count: this.count, counts: [...this.counts] };
  }
}

/**
 * A request's phases in seconds, from performance.now() marks taken when its head was
 * parsed (arrived), when its handler began, when its answer was ready and when the answer
 * was written: queue = arrived -> handler (reading the body, authentication, waiting for
 * the event loop), request = handler -> answer ready, io = answer ready -> written,
 * total = arrived -> written. A request no handler took (404, 401) has no request phase.
 */
export interface RequestTimes {
  total: number;
  request: number;
  queue: number;
  io: number;
}

export function requestTimes(arrived: number, handled: number, ready: number, written: number): RequestTimes {
  const h = handled > 0 ? handled : ready > 0 ? ready : written;
  const r = ready > 0 ? ready : written;
  return { total: (written - arrived) / 1000, request: (r - h) / 1000, queue: (h - arrived) / 1000, io: (written - r) / 1000 };
}

/** The per-request distributions of one source (all requests, or users' only). */
export class RequestFigures {
  readonly totalTime = new Distribution(REQUEST_TIME_CUTS);
  readonly requestTime = new Distribution(REQUEST_TIME_CUTS);
  readonly queueTime = new Distribution(REQUEST_TIME_CUTS);
  readonly ioTime = new Distribution(REQUEST_TIME_CUTS);
  readonly bytesSent = new Distribution(BYTES_CUTS);
  readonly bytesReceived = new Distribution(BYTES_CUTS);

  /** One answered request (see RequestTimes for the phases) and the bytes it `received`, headers included. */
  add(t: RequestTimes, received: number): void {
    this.totalTime.add(t.total);
    this.requestTime.add(t.request);
    this.queueTime.add(t.queue);
    this.ioTime.add(t.io);
    this.bytesReceived.add(received);
  }
}

export class HttpStats {
  total = 0;
  /** Requests authenticated as root (ArangoDB's "superuser/JWT"). */
  superuser = 0;
  /** Requests of any other user, and unauthenticated ones. */
  user = 0;
  /** Requests turned into jobs (x-arango-async store or true). */
  async = 0;
  readonly byMethod: Record<(typeof COUNTED_METHODS)[number] | 'other', number> = { DELETE: 0, GET: 0, HEAD: 0, OPTIONS: 0, PATCH: 0, POST: 0, PUT: 0, other: 0 };
  /** Every answered client request (ArangoDB's RequestStatisticsSource::ALL). */
  readonly all = new RequestFigures();
  /** Requests of users other than root (ArangoDB's USER source: no superuser traffic). */
  readonly users = new RequestFigures();
  /** Client connections open now, and how long closed ones were open (seconds). */
  connections = 0;
  readonly connectionTime = new Distribution(CONNECTION_TIME_CUTS);

  count(method: string): void {
    this.total++;
    if (method in this.byMethod) this.byMethod[method as keyof HttpStats['byMethod']]++;
    else this.byMethod.other++;
  }

  /** One answered request (see RequestFigures.add); `root` says whether root sent it. */
  answered(root: boolean, t: RequestTimes, received: number): void {
    this.all.add(t, received);
    if (!root) this.users.add(t, received);
  }

  /** The bytes one answer gave, headers included (counted once written: app.ts). */
  sent(root: boolean, bytes: number): void {
    this.all.bytesSent.add(bytes);
    if (!root) this.users.bytesSent.add(bytes);
  }

  connectionOpened(): void {
    this.connections++;
  }

  connectionClosed(seconds: number): void {
    this.connections--;
    this.connectionTime.add(seconds);
  }
}

/**
 * performance.now() marks a request's context carries for /_admin/statistics (RequestCtx
 * in app.ts: fields of a class, so taking them adds no property to any object; 0: not
 * taken, and tStart 0 when statistics are off).
 */
export interface TimedCtx {
  tStart: number;
  tHandled: number;
  /** When the handler's answer was there (router.sendReply); ioTime runs from it to onSend. */
  tReady: number;
}

/** Virtual size and thread count from /proc (Linux); undefined elsewhere. */
export function procStatus(): { vsize?: number; threads?: number } {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmSize:\s+(\d+) kB/m.exec(text);
    const th = /^Threads:\s+(\d+)/m.exec(text);
    return { vsize: kb ? Number(kb[1]) * 1024 : undefined, threads: th ? Number(th[1]) : undefined };
  } catch {
    return {};
  }
}
