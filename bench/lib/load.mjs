// HTTP load: `wrk` when it is on the PATH (it needs far less CPU than a Node load
// generator, so the server, not the client, is what saturates), else autocannon from
// bench/node_modules, else a plain keep-alive loop over node:http in this process (only
// for --quick runs without the bench dependencies, e.g. inside `npm test`).
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { promisify } from 'node:util';
import { AUTH } from './procs.mjs';

const run = promisify(execFile);

export async function loadTool() {
  try {
    await run('wrk', ['--version']).catch((e) => {
      if (!/^wrk /.test(String(e.stdout ?? '') + String(e.stderr ?? ''))) throw e;
    });
    return 'wrk';
  } catch {
    try {
      await import('autocannon');
      return 'autocannon';
    } catch {
      return 'node-loop';
    }
  }
}

function toMs(v, unit) {
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : v;
}

/** Drives GET `url` with `connections` keep-alive connections for `seconds`; {rps, p50, p99} (ms). */
export async function load(tool, url, { connections = 50, seconds = 5 } = {}) {
  if (tool === 'wrk') {
    const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', `Authorization: ${AUTH}`, url], { maxBuffer: 1 << 20 });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]);
    const pct = (p) => {
      const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
      return toMs(Number(m[1]), m[2]);
    };
    const requests = Number(/(\d+) requests in/.exec(stdout)[1]);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
    if (non2xx) throw new Error(`${url}: ${non2xx[1]} non-2xx responses`);
    return { rps, p50: pct(50), p99: pct(99), requests };
  }
  if (tool === 'autocannon') {
    const autocannon = (await import('autocannon')).default;
    const r = await autocannon({ url, connections, duration: seconds, headers: { authorization: AUTH } });
    if (r.non2xx) throw new Error(`${url}: ${r.non2xx} non-2xx responses`);
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total };
  }
  return nodeLoop(url, connections, seconds);
}

async function nodeLoop(url, connections, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const lat = [];
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      request(url, { agent, headers: { authorization: AUTH } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode >= 300) reject(new Error(`${url}: ${res.statusCode}`));
          lat.push(performance.now() - t0);
          resolve();
        });
      })
        .on('error', reject)
        .end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { rps: lat.length / secs, p50: lat[Math.floor(lat.length / 2)], p99: lat[Math.floor(lat.length * 0.99)], requests: lat.length };
}
