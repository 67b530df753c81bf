// Request counters for /_admin/metrics (ArangoDB's arangodb_http_request_statistics_*):
// bumped once per request in the onRequest hook (a few integer increments) and once per
// request the async hook turns into a job. Counted since the process started.

export const COUNTED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

export class HttpStats {
  total = 0;
  /** Requests authenticated as root (ArangoDB's "superuser/JWT"). */
  superuser = 0;
  /** Requests of any other user, and unauthenticated ones. */
  user = 0;
  /** Requests turned into jobs (x-arango-async store or true). */
  async = 0;
  readonly byMethod: Record<(typeof COUNTED_METHODS)[number] | 'other', number> = { DELETE: 0, GET: 0, HEAD: 0, OPTIONS: 0, PATCH: 0, POST: 0, PUT: 0, other: 0 };

  count(method: string): void {
    this.total++;
    if (method in this.byMethod) this.byMethod[method as keyof HttpStats['byMethod']]++;
    else this.byMethod.other++;
  }
}
