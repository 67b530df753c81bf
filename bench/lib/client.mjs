// A keep-alive HTTP client for request chains the load tools cannot script (the jobs
// benchmark's submit, wait, fetch): undici's Pool from bench/node_modules, which costs the
// client a fraction of what fetch() costs, so that on a 2-core machine the server and not
// the client is what saturates; fetch() (Node's bundled undici) when the bench
// dependencies are not installed (--quick runs inside `npm test`).

/** {request({method, path, headers, body}) -> {status, header(name), text}, close()} */
export async function httpClient(base, connections) {
  const undici = await import('undici').catch(() => undefined);
  if (undici) {
    const pool = new undici.Pool(base, { connections, pipelining: 1 });
    return {
      kind: 'undici Pool',
      async request({ method = 'GET', path, headers, body }) {
        const res = await pool.request({ method, path, headers, body });
        const text = await res.body.text();
        const h = res.headers;
        return { status: res.statusCode, header: (n) => (Array.isArray(h[n]) ? h[n].join(', ') : h[n]), text };
      },
      close: () => pool.close(),
    };
  }
  return {
    kind: 'fetch',
    async request({ method = 'GET', path, headers, body }) {
      const res = await fetch(base + path, { method, headers, body });
      const text = await res.text();
      return { status: res.status, header: (n) => res.headers.get(n) ?? undefined, text };
    },
    close: async () => undefined,
  };
}
