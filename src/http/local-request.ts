// Requests Cairn makes to itself (the job runner's replays, JavaScript's database
// operations): dispatched through the app's own routing (Fastify's public `routing`
// entry, the one its HTTP server calls), so they pass the same URL rewrite, hooks,
// routes and error handling as a client's request, with request and response objects
// that hold only what Fastify and Cairn's hooks read.
//
// Why not app.inject: light-my-request builds a full http.ServerResponse, a Readable for
// the body, copies and validates every header and renders the head as HTTP text, which
// cost about 70-90 us of CPU per request in process, several times the request itself
// (a replayed document insert: 110-165 against 20-55 us here; /_api/version 70-120
// against 5-17 us). A job is replayed once and a JavaScript transaction replays every
// operation, so that was their largest single cost.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LocalRequest {
  method: string;
  /** Path and query, with or without a /_db/<name> prefix. */
  url: string;
  /** Header names in lower case, as Node gives them to a server. */
  headers: Record<string, string>;
  body?: Buffer;
}

export interface LocalResponse {
  status: number;
  /** Header names in lower case; a header set several times is an array. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** What Fastify and Cairn's hooks read of a request's socket. */
const LOCAL_SOCKET = Object.freeze({
  remoteAddress: '127.0.0.1',
  remotePort: 0,
  localAddress: '127.0.0.1',
  localPort: 0,
  encrypted: false,
  on: () => LOCAL_SOCKET,
  once: () => LOCAL_SOCKET,
  removeListener: () => LOCAL_SOCKET,
  destroy: () => LOCAL_SOCKET,
});

/**
 * The request side: the body is delivered in one 'data' event when Fastify's body reader
 * resumes the stream (its only way of reading it), then 'end'.
 */
class RequestStream extends EventEmitter {
  readonly socket = LOCAL_SOCKET;
  readonly connection = LOCAL_SOCKET;
  readonly httpVersion = '1.1';
  readonly httpVersionMajor = 1;
  readonly httpVersionMinor = 1;
  readonly aborted = false;
  readonly complete = true;
  private flowing = false;

  constructor(
    readonly method: string,
    public url: string,
    readonly headers: Record<string, string>,
    private readonly body: Buffer | undefined,
  ) {
    super();
  }

  resume(): this {
    if (this.flowing) return this;
    this.flowing = true;
    if (this.body !== undefined && this.body.length > 0) this.emit('data', this.body);
    this.emit('end');
    return this;
  }

  pause(): this {
    return this;
  }

  destroy(): this {
    return this;
  }
}

/** The response side: status, headers and body collected; 'finish' and 'close' on end. */
class ResponseSink extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  private readonly headers: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  private readonly chunks: Buffer[] = [];

  constructor(
    /** false for HEAD: as node:http does, a body written to the response is not sent. */
    private readonly hasBody: boolean,
    private readonly done: (r: LocalResponse) => void,
  ) {
    super();
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers[name.toLowerCase()] = typeof value === 'number' ? String(value) : (value as string | string[]);
    return this;
  }

  getHeader(name: string): string | string[] | undefined {
    return this.headers[name.toLowerCase()];
  }

  getHeaders(): Record<string, string | string[]> {
    return { ...this.headers };
  }

  hasHeader(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }

  removeHeader(name: string): void {
    delete this.headers[name.toLowerCase()];
  }

  writeHead(status: number, a?: string | Record<string, unknown>, b?: Record<string, unknown>): this {
    const headers = typeof a === 'string' ? b : a;
    this.statusCode = status;
    if (headers) for (const k of Object.keys(headers)) this.setHeader(k, headers[k] as string);
    this.headersSent = true;
    return this;
  }

  write(chunk: unknown): boolean {
    if (typeof chunk === 'string') this.chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return true;
  }

  end(chunk?: unknown): this {
    if (this.writableEnded) return this;
    if (chunk !== null && chunk !== undefined && typeof chunk !== 'function') this.write(chunk);
    this.headersSent = true;
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
    // node:http sends no body for HEAD, 1xx, 204 and 304, whatever was written
    const s = this.statusCode;
    const body = !this.hasBody || s === 204 || s === 304 || (s >= 100 && s < 200) ? Buffer.alloc(0) : this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.done({ status: this.statusCode, headers: this.headers, body });
    return this;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    // a response destroyed before it ended ends the call with what it has (Fastify
    // destroys only on errors it could not answer)
    if (!this.writableEnded) {
      this.emit('close');
      this.done({ status: 500, headers: this.headers, body: Buffer.concat(this.chunks) });
    }
    return this;
  }
}

/** Sends `req` through `app` as if a client had, and resolves with its full response. */
export function dispatchLocal(app: FastifyInstance, req: LocalRequest): Promise<LocalResponse> {
  return new Promise((resolve) => {
    const headers = req.headers;
    if (headers.host === undefined) headers.host = 'localhost';
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    else delete headers['content-length'];
    delete headers['transfer-encoding'];
    const raw = new RequestStream(req.method, req.url, headers, req.body);
    app.routing(raw as unknown as IncomingMessage, new ResponseSink(req.method !== 'HEAD', resolve) as unknown as ServerResponse);
  });
}
