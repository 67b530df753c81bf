// Test helpers: a Cairn in this process on a temporary data dir (for inject() tests and
// for clients on a real port), and a Cairn as a child process (for crash tests).
import type { Clock } from '../../src/util/clock.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { makeServices, Server } from '../../src/server.js';
import { buildApp } from '../../src/http/app.js';
import { Storage } from '../../src/storage/storage.js';
import type { CollectionRecord } from '../../src/storage/catalog.js';
import type { BatchReader } from '../../src/storage/reader.js';

export type CollectionSpec = Parameters<Server['storage']['catalog']['createCollection']>[1];

/** A plain document collection's spec for catalog.createCollection, with `overrides`. */
export function collectionSpec(name: string, overrides: Partial<CollectionSpec> = {}): CollectionSpec {
  return {
    name,
    type: 2,
    isSystem: false,
    waitForSync: false,
    keyOptions: { type: 'traditional', allowUserKeys: true },
    schema: null,
    computedValues: null,
    cacheEnabled: false,
    ...overrides,
  };
}
export type { CollectionRecord };

export function tempDir(prefix = 'cairn-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer {
  server: Server;
  config: Config;
  dir: string;
  /** inject() with root credentials unless `auth` is given (use null for none). */
  request(opts: InjectOpts): Promise<LightMyRequestResponse>;
  /** JSON body of a response (throws if it is not JSON). */
  close(): Promise<void>;
}

export interface InjectOpts {
  method: string;
  url: string;
  body?: unknown;
  /** Sent as it is (not JSON-encoded). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  auth?: string | null;
}

export const ROOT_AUTH = 'Basic ' + Buffer.from('root:').toString('base64');

/**
 * Starts an in-process server on a fresh temp dir. Options as command-line flags. The job
 * runner is started too unless `startJobs` is false (then jobs stay queued until
 * server.startJobs()). `logSink` receives the lines Cairn's log writes (instead of stderr).
 */
export async function startServer(flags: string[] = [], opts: { dir?: string; clock?: Clock; startJobs?: boolean; logSink?: (line: string) => void } = {}): Promise<TestServer> {
  const dir = opts.dir ?? tempDir();
  const config = loadConfig(['--data-dir', dir, '--log-level', 'silent', '--port', '0', ...flags], {});
  const server = await Server.create(config, { noSync: true, clock: opts.clock, logSink: opts.logSink });
  if (opts.startJobs !== false) server.startJobs();
  return {
    server,
    config,
    dir,
    request(o: InjectOpts) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const auth = o.auth === undefined ? ROOT_AUTH : o.auth;
      if (auth !== null) headers.authorization = auth;
      let payload: string | Buffer | undefined;
      if (o.rawBody !== undefined) payload = o.rawBody;
      else if (o.body !== undefined) {
        payload = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      return server.app.inject({ method: o.method as 'GET', url: o.url, headers, payload });
    },
    async close() {
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// This file runs from <outDir>/test/helpers/; the server entry is <outDir>/src/main.js.
export const MAIN_JS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.js');

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** Spawns `node dist/src/main.js` with flags; resolves when it prints its listening line. */
export function spawnServer(flags: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const proc = spawn(process.execPath, [MAIN_JS, '--port', '0', '--log-level', 'error', ...flags], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out)), 20000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** A JSON request with root credentials to a server on a real port (a child process). */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: ROOT_AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Parsed JSON body of an inject response. */
export function bodyOf(res: LightMyRequestResponse): any {
  return JSON.parse(res.body);
}

/** A request through `s` (root credentials) answered as its status and JSON body. */
export async function callJson(s: TestServer, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await s.request({ method, url, body });
  return { status: res.statusCode, body: bodyOf(res) };
}

/** Resolves with how `proc` ended; rejects if it is still running after `ms`. */
export function exited(proc: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${proc.pid} still running after ${ms} ms`)), ms);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/**
 * Child processes and temp dirs of one test file: `cleanup()` (for afterEach) kills any
 * child still running and waits for it; `removeDirs()` (for after) deletes the dirs.
 */
export class ChildTracker {
  readonly children: ChildProcess[] = [];
  readonly dirs: string[] = [];

  async cleanup(): Promise<void> {
    for (const proc of this.children.splice(0)) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited(proc, 5000);
      }
    }
  }

  removeDirs(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * An app on its own storage whose shutdown signal the test controls, recording each reply
 * sent (for tests of what ends a request early: a client leaving, shutdown).
 */
export async function ownApp() {
  const dir = tempDir();
  const config = loadConfig(['--data-dir', dir, '--log-level', 'silent'], {});
  const storage = await Storage.open({ path: dir, noSync: true });
  const shutdown = new AbortController();
  const { services } = makeServices(storage, config, shutdown.signal);
  const app = await buildApp(services);
  const sent: { url: string; status: number; body: unknown; at: number }[] = [];
  app.addHook('onSend', async (req, reply, payload) => {
    sent.push({ url: req.url, status: reply.statusCode, body: JSON.parse(String(payload)), at: Date.now() });
    return payload;
  });
  await app.ready();
  return {
    app,
    services,
    shutdown,
    sent,
    async close() {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type OwnApp = Awaited<ReturnType<typeof ownApp>>;

/**
 * For the enclosing describe: an ownApp made before its tests and closed after them,
 * listening on a free port (`url`) when `listen` is set.
 */
export function ownAppPerSuite(opts: { listen?: boolean } = {}): { readonly own: OwnApp; readonly url: string } {
  let own: OwnApp | undefined;
  let url = '';
  before(async () => {
    own = await ownApp();
    if (opts.listen) url = await own.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await own?.close();
  });
  return {
    get own(): OwnApp {
      if (!own) throw new Error('ownAppPerSuite: used outside its tests');
      return own;
    },
    get url(): string {
      return url;
    },
  };
}

/**
 * Sends a request to a listening ownApp, checks that nothing is answered for `ms`, then
 * disconnects; the reply the server sent after that (within 3 s) and how long after the
 * client left it was sent.
 */
export async function leaveAfter(own: OwnApp, url: string, init: RequestInit, ms: number): Promise<{ reply: OwnApp['sent'][number]; after: number }> {
  const before = own.sent.length;
  const ac = new AbortController();
  const pending = fetch(url, { ...init, headers: { authorization: ROOT_AUTH, ...(init.headers as Record<string, string> | undefined) }, signal: ac.signal });
  await new Promise((r) => setTimeout(r, ms));
  if (own.sent.length !== before) throw new Error(`answered within ${ms} ms, before the client left`);
  const leftAt = Date.now();
  ac.abort();
  await pending.then(
    () => {
      throw new Error('the request was answered after all');
    },
    (e: Error) => {
      if (e.name !== 'AbortError') throw e;
    },
  );
  const deadline = Date.now() + 3000;
  while (own.sent.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const reply = own.sent[before];
  if (!reply || own.sent.length !== before + 1) throw new Error(`${own.sent.length - before} replies after the client left`);
  return { reply, after: reply.at - leftAt };
}

/** A request through `s`; `body` is JSON-encoded unless it is a string or a Buffer (then sent as it is). */
export function send(s: TestServer, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return s.request({ method, url, rawBody: body, headers });
  return s.request({ method, url, body, headers });
}

/** Everything a storage reader gives, in batches of 100. */
export async function readAll<T>(r: BatchReader<T>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const b = await r.next(100);
    if (b.length === 0) return out;
    out.push(...b);
  }
}
