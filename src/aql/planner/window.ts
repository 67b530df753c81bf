// A WINDOW's bounds, as ArangoDB's WindowBounds constructor reads them (arangod/Aql/
// WindowNode.cpp): from the compile-time values of `preceding` and `following`
// (undefined when the attribute is absent), for a row-based or a range-based window.
// Throws ERROR_BAD_PARAMETER (10) with ArangoDB's messages; computes nothing per row
// (the executor's window.ts does).
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { parseIsoDuration, type Duration } from '../functions/date-parse.js';
import type { AqlValue } from '../../values/index.js';
import type { WindowBounds } from './plan.js';

/** int64's maximum, ArangoDB's "unbounded": a count this large is unbounded too. */
const INT64_MAX = 2 ** 63;

function invalid(message: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);
}

/** A row count: a number (truncated, at least 0), "unbounded" or "inf", or 0 when absent. */
function rowCount(v: AqlValue | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') {
    const n = Math.trunc(v);
    if (n >= 0) return n >= INT64_MAX ? Infinity : n;
  } else if (v === 'unbounded' || v === 'inf') {
    return Infinity;
  }
  throw invalid('WINDOW row spec is invalid; bounds must be positive integers or "unbounded"');
}

const ZERO: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0, ms: 0 };

function duration(v: string | undefined, which: 'preceding' | 'following'): Duration {
  if (v === undefined) return ZERO;
  const d = parseIsoDuration(v);
  if (!d) throw invalid(`WINDOW range spec is invalid; '${which}' is not a valid ISO 8601 duration string`);
  return d;
}

/**
 * Range bounds: numbers (absent is 0) or ISO 8601 durations (absent is "P0D"); both
 * given and of different kinds is an error. Negative numbers are accepted, as in
 * ArangoDB (the frame then lies wholly on one side of the value).
 */
function rangeBounds(preceding: AqlValue | undefined, following: AqlValue | undefined): WindowBounds {
  for (const v of [preceding, following]) {
    if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw invalid('WINDOW range spec is invalid');
  }
  if ((preceding === undefined) === (following === undefined) && (typeof preceding === 'string') !== (typeof following === 'string')) {
    throw invalid(
      'WINDOW range spec is invalid; bounds must be of the same type - either both are numeric values, or both are ISO 8601 duration strings',
    );
  }
  if (typeof preceding === 'string' || typeof following === 'string') {
    return {
      type: 'range',
      unit: 'date',
      preceding: duration(preceding as string | undefined, 'preceding'),
      following: duration(following as string | undefined, 'following'),
    };
  }
  return { type: 'range', unit: 'numeric', preceding: (preceding as number | undefined) ?? 0, following: (following as number | undefined) ?? 0 };
}

/** The bounds of a row-based (`range` false) or range-based window. */
export function windowBounds(range: boolean, preceding: AqlValue | undefined, following: AqlValue | undefined): WindowBounds {
  if (range) return rangeBounds(preceding, following);
  return { type: 'row', preceding: rowCount(preceding), following: rowCount(following) };
}
