// HTTP content encodings, as ArangoDB 3.12 handles them (CommTask::handleContentEncoding,
// RestHandler::compressResponse):
//
//  - A request body sent with `Content-Encoding: gzip` or `deflate` is decompressed before
//    anything reads it, and the header dropped (so a job's stored request is the plain
//    one). Another encoding passes through untouched. A body that does not decompress
//    answers 400/10 "a decoding error occurred while handling Content-Encoding: <enc>".
//    With authentication on, an unauthenticated request (the paths served without
//    credentials) is refused the same way unless
//    --handle-content-encoding-for-unauthenticated-requests.
//    Unlike ArangoDB, the decompressed size is limited by --max-body-size (413): a small
//    compressed body cannot make the server allocate without bound.
//  - A response body of at least --compress-response-threshold bytes (0, the default:
//    never) is compressed when the request's Accept-Encoding is exactly `deflate` or
//    `gzip` (ArangoDB compares the whole header value), unless it already has an encoding
//    or compression would not make it smaller. Replays of async jobs are not compressed
//    (ArangoDB does not compress async requests' responses); the fetch of a job's result
//    is an ordinary request.
import { deflateSync, gunzip, gzipSync, inflate } from 'node:zlib';
import { ArangoError, ERR } from '../errors/arango-error.js';

type Done = (err: Error | null, body?: Buffer) => void;

/** Decodes `body` as its Content-Encoding says (see above), then calls `done`. */
export function decodeRequestBody(
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  authenticated: boolean,
  opts: { maxBodySize: number; handleUnauthenticated: boolean },
  done: Done,
): void {
  const raw = headers['content-encoding'];
  const encoding = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    done(null, body);
    return;
  }
  if (!authenticated && !opts.handleUnauthenticated) {
    done(ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, 'support for handling Content-Encoding headers is turned off for unauthenticated requests'));
    return;
  }
  const decode = encoding === 'gzip' ? gunzip : inflate;
  decode(body, { maxOutputLength: opts.maxBodySize }, (err, out) => {
    if (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        done(ArangoError.withMessage(ERR.ERROR_HTTP_REQUEST_ENTITY_TOO_LARGE, `request body too large: more than ${opts.maxBodySize} bytes once decompressed, the limit is ${opts.maxBodySize} bytes`));
      } else {
        done(ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `a decoding error occurred while handling Content-Encoding: ${encoding}`));
      }
      return;
    }
    delete headers['content-encoding'];
    done(null, out);
  });
}

/**
 * The encoding a response to a request with this Accept-Encoding may get, or undefined.
 * ArangoDB takes the header only when it is exactly one of the two names.
 */
export function acceptedEncoding(accept: string | string[] | undefined): 'gzip' | 'deflate' | undefined {
  return accept === 'deflate' || accept === 'gzip' ? accept : undefined;
}

/** `payload` compressed with `encoding` when that makes it smaller, else undefined. */
export function compressPayload(payload: string | Buffer, encoding: 'gzip' | 'deflate'): Buffer | undefined {
  const plain = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const packed = encoding === 'gzip' ? gzipSync(plain) : deflateSync(plain);
  return packed.length < plain.length ? packed : undefined;
}

/** A payload's size in bytes when it is a string or Buffer (streams are left alone). */
export function payloadBytes(payload: unknown): number | undefined {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (Buffer.isBuffer(payload)) return payload.length;
  return undefined;
}
