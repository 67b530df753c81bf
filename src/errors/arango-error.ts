// ArangoError: the only way user-facing errors are raised, and errorBody(): the only
// builder of ArangoDB's error envelope { error, code, errorNum, errorMessage }.
// Invariant violations are not ArangoErrors; they surface as errorNum 4 / HTTP 500 at
// the HTTP boundary (and, later, the job runner), which logs their stack.
import { ERR, type ErrorDef } from './registry.js';

export { ERR };

function fill(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => (i < args.length ? String(args[i++]) : ''));
}

export class ArangoError extends Error {
  readonly errorNum: number;
  readonly status: number;
  /** Attributes ArangoDB adds beside the envelope (e.g. _id/_key/_rev on a 412). */
  extra: Record<string, unknown> | undefined;
  /** Query phase the error was raised in (`parsing`, `executing`, ...), for AQL's decoration. */
  phase: string | undefined;

  /** Message from the registry's template, `%s` filled from args in order. */
  constructor(def: ErrorDef, ...args: unknown[]) {
    super(fill(def.message, args));
    this.errorNum = def.errorNum;
    this.status = def.status;
  }

  /** Same errorNum and status as `def`, but with a message of the caller's choice. */
  static withMessage(def: ErrorDef, message: string, status: number = def.status): ArangoError {
    const e = new ArangoError(def);
    e.message = message;
    (e as { status: number }).status = status;
    return e;
  }
}

export type ErrorBody = {
  error: true;
  code: number;
  errorNum: number;
  errorMessage: string;
};

export function errorBody(status: number, errorNum: number, errorMessage: string): ErrorBody {
  return { error: true, code: status, errorNum, errorMessage };
}

/**
 * The HTTP status ArangoDB answers `errorNum` with (its GeneralResponse::responseCode):
 * the registry's, or 500 for a number the registry does not hold (ArangoDB's default).
 */
export function statusOf(errorNum: number): number {
  for (const def of Object.values(ERR)) if (def.errorNum === errorNum) return def.status;
  return 500;
}

export function isArangoError(e: unknown): e is ArangoError {
  return e instanceof ArangoError;
}
