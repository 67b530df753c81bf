// /_api/batch: ArangoDB's batch requests (RestBatchHandler; deprecated since 3.8, still in
// 3.12): a multipart/form-data body whose parts are HTTP requests, each answered in a part
// of a multipart reply, in order.
//
//   request   POST or PUT (else 405); the boundary from `Content-Type: multipart/form-data;
//             boundary=<b>` (quotes allowed, at least 3 bytes), or else the body's first
//             token when it starts with `--` (400/400 `invalid content-type or boundary
//             received`). Each part: `--<b>`, its own header lines (`Content-Type:
//             application/x-arango-batchpart` required, `Content-Id` optional), a blank
//             line, then the request: `METHOD URL HTTP/1.1`, header lines, a blank line,
//             the body. The message ends with `--<b>--`.
//   reply     200 with the request's content type; per part `--<b>`, `Content-Type:
//             application/x-arango-batchpart`, `Content-Id` when the part had one, a blank
//             line, the part's answer as HTTP text (status line, headers, blank line, body)
//             and CRLF; then `--<b>--`. `x-arango-errors: <n>` counts parts answered >= 400.
//
// Parts run one after the other, through the app's own routing (dispatchLocal), in the
// batch's database (a /_db/ prefix in a part's URL is replaced, as ArangoDB sets the
// batch's database on every part) and as the batch's caller (a one-time replay grant, as
// job replays use; ArangoDB copies the Authorization header). Unlike ArangoDB, which runs
// the parts before a malformed one and then answers 400, the whole message is parsed
// first: a malformed message runs nothing (400/400 `invalid multipart message received`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { route, type Ctx, type Handler, type Reply } from '../router.js';
import { dispatchLocal } from '../local-request.js';
import { REPLAY_HEADER } from '../replay.js';
import { SUPERUSER } from '../auth.js';

const PART_TYPE = 'application/x-arango-batchpart';
const CRLF = Buffer.from('\r\n');

interface Part {
  contentId: string | undefined;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const badBoundary = () => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid content-type or boundary received');
const badMessage = () => ArangoError.withMessage(ERR.ERROR_HTTP_BAD_PARAMETER, 'invalid multipart message received');

/** `--<boundary>` from the Content-Type header (getBoundaryHeader), or undefined. */
function boundaryFromHeader(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const parts = contentType.trim().split(';');
  if (parts.length !== 2 || parts[0] !== 'multipart/form-data') return undefined;
  const p = parts[1]!.trim();
  if (p.slice(0, 9).toLowerCase() !== 'boundary=') return undefined;
  let b = p.slice(9);
  if (b.length > 1 && ((b.startsWith('"') && b.endsWith('"')) || (b.startsWith("'") && b.endsWith("'")))) b = b.slice(1, -1);
  return b.length < 3 ? undefined : `--${b}`;
}

/** The body's first token when it starts with `--` and is at least 5 bytes (getBoundaryBody). */
function boundaryFromBody(body: Buffer): string | undefined {
  let p = 0;
  while (p < body.length && (body[p] === 0x20 || body[p] === 0x09 || body[p] === 0x0d || body[p] === 0x0a)) p++;
  if (p + 10 > body.length || body[p] !== 0x2d || body[p + 1] !== 0x2d) return undefined;
  let q = p;
  while (q < body.length && body[q] !== 0x20 && body[q] !== 0x09 && body[q] !== 0x0d && body[q] !== 0x0a && body[q] !== 0) q++;
  return q - p < 5 ? undefined : body.toString('latin1', p, q);
}

/** The end of the line starting at `from` and the length of its break (CRLF or LF); -1 without one. */
function lineEnd(buf: Buffer, from: number, end: number): [number, number] {
  const lf = buf.indexOf(0x0a, from);
  if (lf < 0 || lf >= end) return [-1, 0];
  return buf[lf - 1] === 0x0d && lf - 1 >= from ? [lf - 1, 2] : [lf, 1];
}

/** Every part of the message, or 400 for a malformed one (RestBatchHandler::extractPart). */
function parseParts(body: Buffer, boundary: string): Part[] {
  const b = Buffer.from(boundary, 'latin1');
  const end = body.length;
  const parts: Part[] = [];
  let pos = body.indexOf(b);
  // what precedes the first boundary is whitespace only (the boundary was found there)
  if (pos < 0 || body.subarray(0, pos).toString('latin1').trim() !== '') throw badMessage();
  for (;;) {
    let p = pos + b.length;
    while (p < end && body[p] === 0x20) p++;
    if (p + 2 >= end) throw badMessage();
    if (body[p] === 0x0d) p++;
    if (body[p] !== 0x0a) throw badMessage();
    p++;
    let typed = false;
    let contentId: string | undefined;
    for (;;) {
      while (p < end && body[p] === 0x20) p++;
      const [eol, brk] = lineEnd(body, p, end);
      if (eol < 0) throw badMessage();
      if (eol === p) {
        p += brk;
        break;
      }
      const line = body.toString('latin1', p, eol);
      const colon = line.indexOf(':');
      if (colon < 0) throw badMessage();
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).replace(/^ +/, '');
      if (key === 'content-type' && value.trim() === PART_TYPE) typed = true;
      else if (key === 'content-id') contentId = value;
      p = eol + brk;
    }
    if (!typed) throw badMessage();
    const next = body.indexOf(b, p);
    if (next < 0) throw badMessage();
    parts.push(parseRequest(body.subarray(p, next)));
    parts[parts.length - 1]!.contentId = contentId;
    const after = next + b.length;
    if (after + 2 > end) throw badMessage();
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return parts;
    pos = next;
  }
}

/** A part's request: request line and headers up to the first blank line (CRLF or LF), the rest its body. */
function parseRequest(text: Buffer): Part {
  let sep = text.indexOf('\r\n\r\n');
  let headEnd = sep;
  let bodyStart = sep + 4;
  if (sep < 0) {
    sep = text.indexOf('\n\n');
    headEnd = sep;
    bodyStart = sep + 2;
  }
  if (sep < 0) {
    headEnd = text.length;
    bodyStart = text.length;
  }
  const lines = text.toString('utf8', 0, headEnd).split(/\r?\n/);
  const [method = '', url = '/'] = lines[0]!.trim().split(/ +/);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = bodyStart < text.length ? Buffer.from(text.subarray(bodyStart)) : undefined;
  return { contentId: undefined, method: method.toUpperCase(), url, headers, body };
}

/** The part's URL in the batch's database. */
function inDatabase(url: string, db: string): string {
  const path = url.startsWith('/') ? url : `/${url}`;
  const m = /^\/_db\/[^/?]*/.exec(path);
  return `/_db/${encodeURIComponent(db)}${m ? path.slice(m[0].length) || '/' : path}`;
}

/** A part's answer as ArangoDB writes it: status line, headers, blank line, body. */
function answerText(status: number, headers: Record<string, string | string[]>, body: Buffer): Buffer {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'content-length' || k === 'server' || k === 'connection') continue;
    for (const one of Array.isArray(v) ? v : [v]) head += `${k}: ${one}\r\n`;
  }
  head += `content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

async function runBatch(req: FastifyRequest, ctx: Ctx): Promise<Reply> {
  const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
  const contentType = req.headers['content-type'];
  const boundary = boundaryFromHeader(contentType) ?? boundaryFromBody(raw);
  if (boundary === undefined) throw badBoundary();
  const parts = parseParts(raw, boundary);
  const app: FastifyInstance = req.server;
  const user = ctx.superuser && ctx.services.config.auth ? SUPERUSER : ctx.user;
  const out: Buffer[] = [];
  let errors = 0;
  for (const part of parts) {
    const token = ctx.services.replays.issue({ user, signal: ctx.signal });
    let res;
    try {
      const headers: Record<string, string> = { ...part.headers, [REPLAY_HEADER]: token };
      delete headers.authorization;
      res = await dispatchLocal(app, { method: part.method, url: inDatabase(part.url, ctx.db), headers, body: part.body });
    } finally {
      ctx.services.replays.revoke(token);
    }
    if (res.status >= 400) errors++;
    let envelope = `${boundary}\r\nContent-Type: ${PART_TYPE}`;
    if (part.contentId !== undefined) envelope += `\r\nContent-Id: ${part.contentId}`;
    out.push(Buffer.from(`${envelope}\r\n\r\n`, 'latin1'), answerText(res.status, res.headers, res.body), CRLF);
  }
  out.push(Buffer.from(`${boundary}--`, 'latin1'));
  const headers: Record<string, string> = {};
  if (errors > 0) headers['x-arango-errors'] = String(errors);
  return { status: 200, headers, body: Buffer.concat(out), type: typeof contentType === 'string' ? contentType : 'text/plain; charset=utf-8' };
}

const batch: Handler = (req, ctx) => runBatch(req, ctx);

export function registerBatchRoutes(app: FastifyInstance): void {
  route(app, '/_api/batch', { POST: batch, PUT: batch });
}
