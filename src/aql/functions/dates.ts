// AQL date functions (ArangoDB 3.12 "Date functions"): every DATE_* function and
// IS_DATESTRING. Dates come in as millisecond timestamps (years 0..9999) or date strings
// (date-parse.ts) and are processed in UTC unless a timezone argument asks for local
// wall-clock time. Wrong argument types warn 1542, bad dates and units warn 1572, both
// returning null; an unknown timezone throws (ERROR_INTERNAL), as in ArangoDB.
import { ERR } from '../../errors/arango-error.js';
import type { AqlValue } from '../../values/index.js';
import { fn, type FunctionContext, type FunctionDef } from './registry.js';
import {
  addIsoDuration,
  checkZone,
  dateParts,
  dayOfYear,
  daysFromCivil,
  daysInMonth,
  formatDate,
  formatIso,
  isLeapYear,
  isoWeek,
  localize,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  MS_PER_DAY,
  parseDateString,
  parseIsoDuration,
  shiftMonths,
  systemZone,
  tzdbVersion,
  unlocalize,
  weekday,
  zoneInfo,
  zoneNames,
  zoneOffset,
  zoneDst,
  type DateParts,
} from './date-parse.js';

// ---------------------------------------------------------------- shared helpers

function typeMismatch(ctx: FunctionContext, name: string): null {
  ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, name);
  return null;
}

function invalidDate(ctx: FunctionContext, name: string): null {
  ctx.warn(ERR.ERROR_QUERY_INVALID_DATE_VALUE, name);
  return null;
}

/** -0 would print as 0 anyway; keep results plain. */
const plain = (n: number): number => n + 0;

/**
 * A date argument as a UTC timestamp: numbers are truncated to integers and must lie in
 * years 0..9999, strings must parse; otherwise null after warning 1572 (1542 for other
 * types). A number beyond the 64-bit range is treated as out of range here; ArangoDB
 * fails such a query with a VelocyPack "number out of range" error instead.
 */
function timePoint(ctx: FunctionContext, name: string, v: AqlValue): number | null {
  if (typeof v === 'number') {
    const t = plain(Math.trunc(v));
    return t < MIN_TIMESTAMP || t > MAX_TIMESTAMP ? invalidDate(ctx, name) : t;
  }
  if (typeof v === 'string') return parseDateString(v) ?? invalidDate(ctx, name);
  return typeMismatch(ctx, name);
}

/** The wall-clock time in the zone named by `tz` (which must be a string, else 1542). */
function inZone(ctx: FunctionContext, name: string, tz: AqlValue, utc: number): number | null {
  return typeof tz === 'string' ? localize(tz, utc) : typeMismatch(ctx, name);
}

/** ISO string of a result timestamp; outside years 0..9999: null and warning 1572. */
function isoResult(ctx: FunctionContext, name: string, ms: number): string | null {
  return formatIso(ms) ?? invalidDate(ctx, name);
}

/** std::stoll as AqlValue::toInt64 uses it on strings: leading integer, else 0. */
function toInt64(v: number | string): number {
  if (typeof v === 'number') return plain(Math.trunc(v));
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(v);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.abs(n) > 9.223372036854776e18 ? 0 : plain(n);
}

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

// Time units of DATE_ADD, DATE_SUBTRACT, DATE_DIFF and DATE_COMPARE (case-insensitive),
// numbered like ArangoDB's DateSelectionModifier: the order matters to DATE_COMPARE.
const MILLI = 1;
const SECOND = 2;
const MINUTE = 3;
const HOUR = 4;
const DAY = 5;
const WEEK = 6;
const MONTH = 7;
const YEAR = 8;

const UNITS = new Map<string, number>();
for (const [unit, names] of [
  [YEAR, ['y', 'year', 'years']],
  [MONTH, ['m', 'month', 'months']],
  [WEEK, ['w', 'week', 'weeks']],
  [DAY, ['d', 'day', 'days']],
  [HOUR, ['h', 'hour', 'hours']],
  [MINUTE, ['i', 'minute', 'minutes']],
  [SECOND, ['s', 'second', 'seconds']],
  [MILLI, ['f', 'millisecond', 'milliseconds']],
] as [number, string[]][]) {
  for (const n of names) UNITS.set(n, unit);
}

/** The unit a value names, or 0 (also for non-strings). */
function unitOf(v: AqlValue): number {
  return typeof v === 'string' ? UNITS.get(asciiLower(v)) ?? 0 : 0;
}

/** Length of one unit in ms; a month is 1/12 of a year of 365.2425 days. */
const UNIT_MS: Record<number, number> = {
  [MILLI]: 1,
  [SECOND]: 1000,
  [MINUTE]: 60_000,
  [HOUR]: 3_600_000,
  [DAY]: MS_PER_DAY,
  [WEEK]: 7 * MS_PER_DAY,
  [MONTH]: 2_629_746_000,
  [YEAR]: 31_556_952_000,
};

// ---------------------------------------------------------------- conversion

/**
 * DATE_TIMESTAMP / DATE_ISO8601: one date argument, or year, month, day[, hour, minute,
 * second, millisecond] as numbers or numeric strings. Components overflow into the next
 * larger one (month 13, day 32, hour 26); negative ones warn 1572.
 */
function fromParameters(ctx: FunctionContext, name: string, args: AqlValue[]): number | null {
  if (args.length === 1) return timePoint(ctx, name, args[0]);
  if (args.length === 2) return typeMismatch(ctx, name);
  const parts: number[] = [];
  for (const a of args) {
    if (typeof a !== 'number' && typeof a !== 'string') return typeMismatch(ctx, name);
    parts.push(toInt64(a));
  }
  const [y, m, d, h = 0, i = 0, s = 0, msRaw = 0] = parts;
  if (y < 0 || y > 9999 || m < 0 || d < 0) return invalidDate(ctx, name);
  const ms = Math.min(msRaw, 999);
  if (h < 0 || i < 0 || s < 0 || ms < 0) return invalidDate(ctx, name);
  // the C++ month and day types hold one byte
  const days = daysFromCivil(y, m % 256, d % 256);
  return days * MS_PER_DAY + h * 3_600_000 + i * 60_000 + s * 1000 + ms;
}

// ---------------------------------------------------------------- components

type Component = [name: string, maxArgs: number, extract: (p: DateParts) => AqlValue];

const COMPONENTS: Component[] = [
  ['DATE_DAYOFWEEK', 2, (p) => weekday(p.days)],
  ['DATE_YEAR', 2, (p) => p.year],
  ['DATE_MONTH', 2, (p) => p.month],
  ['DATE_DAY', 2, (p) => p.day],
  ['DATE_HOUR', 2, (p) => p.hour],
  ['DATE_MINUTE', 2, (p) => p.minute],
  ['DATE_SECOND', 1, (p) => p.second],
  ['DATE_MILLISECOND', 1, (p) => p.millisecond],
  ['DATE_DAYOFYEAR', 2, (p) => dayOfYear(p)],
  ['DATE_ISOWEEK', 2, (p) => isoWeek(p.days).week],
  ['DATE_ISOWEEKYEAR', 2, (p) => isoWeek(p.days)],
  ['DATE_LEAPYEAR', 2, (p) => isLeapYear(p.year)],
  ['DATE_QUARTER', 2, (p) => Math.ceil(p.month / 3)],
  ['DATE_DAYS_IN_MONTH', 2, (p) => daysInMonth(p.year, p.month)],
];

/** DATE_YEAR(date[, timezone]) and friends: one part of the (local) date. */
function component([name, maxArgs, extract]: Component): FunctionDef {
  return fn(name, 1, maxArgs, (ctx, args) => {
    let tp = timePoint(ctx, name, args[0]);
    if (tp !== null && args.length === 2) tp = inZone(ctx, name, args[1], tp);
    return tp === null ? null : extract(dateParts(tp));
  });
}

// ---------------------------------------------------------------- arithmetic

/**
 * DATE_ADD / DATE_SUBTRACT with an amount and a unit. Whole years and months move the
 * calendar date (Jan 31 + 1 month = "Feb 31" = Mar 3, as ArangoDB's date library does);
 * fractions of years become months, fractions of months 30-day days; everything else
 * is a fixed number of milliseconds, truncated.
 */
function addUnits(tp: number, amount: number, unit: number, subtract: boolean): number {
  let units = Math.abs(amount);
  const sign = (amount < 0) !== subtract ? -1 : 1;
  const p = dateParts(tp);
  let civil = { year: p.year, month: p.month, day: p.day };
  let delta = 0;
  if (unit === YEAR || unit === MONTH) {
    if (unit === YEAR) {
      const whole = Math.trunc(units);
      civil = shiftMonths(civil, sign * whole, 0);
      units = (units - whole) * 12;
    }
    const whole = Math.trunc(units);
    civil = shiftMonths(civil, 0, sign * whole);
    delta = (units - whole) * 30 * MS_PER_DAY;
  } else {
    delta = units * UNIT_MS[unit];
  }
  const base = daysFromCivil(civil.year, civil.month, civil.day) * MS_PER_DAY + p.msOfDay;
  return base + sign * Math.trunc(delta);
}

/** DATE_ADD / DATE_SUBTRACT with an ISO 8601 duration string; null if it does not parse. */
function addDuration(tp: number, text: string, subtract: boolean): number | null {
  const dur = parseIsoDuration(text);
  return dur ? addIsoDuration(tp, dur, subtract ? -1 : 1) : null;
}

/**
 * (date, amount, unit[, timezone]) or (date, isoDuration[, timezone]); three arguments
 * mean a timezone when the second is a string. With a timezone the arithmetic runs on
 * local wall-clock time and the result is converted back to UTC.
 */
function addOrSubtract(name: string, subtract: boolean): FunctionDef {
  return fn(name, 2, 4, (ctx, args) => {
    let tp = timePoint(ctx, name, args[0]);
    if (tp === null) return null;
    const withZone = args.length === 4 || (args.length === 3 && typeof args[1] === 'string');
    const zone = withZone ? args[args.length - 1] : 'UTC';
    if (withZone) {
      tp = inZone(ctx, name, zone, tp);
      if (tp === null) return null;
    }
    let result: number | null;
    if (args.length === 4 || (args.length === 3 && !withZone)) {
      if (typeof args[1] !== 'number' || typeof args[2] !== 'string') return typeMismatch(ctx, name);
      const unit = unitOf(args[2]);
      if (unit === 0) return invalidDate(ctx, name);
      result = addUnits(tp, args[1], unit, subtract);
    } else {
      if (typeof args[1] !== 'string') return typeMismatch(ctx, name);
      result = addDuration(tp, args[1], subtract);
      if (result === null) return invalidDate(ctx, name);
    }
    if (zone !== 'UTC') result = unlocalize(zone as string, result);
    return isoResult(ctx, name, result);
  });
}

/** std::round: halves away from zero. */
const roundHalfAway = (x: number): number => plain(Math.sign(x) * Math.round(Math.abs(x)));

/**
 * DATE_DIFF(date1, date2, unit[, asFloat|timezone]): ArangoDB 3.12 registers it with 3 to
 * 4 arguments (a 5th fails the query with 1541, though the docs list timezone1 and
 * timezone2 after asFloat). A boolean 4th argument is asFloat, a string one the timezone
 * both dates are taken in.
 */
function dateDiff(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const name = 'DATE_DIFF';
  let tp1 = timePoint(ctx, name, args[0]);
  if (tp1 === null) return null;
  let tp2 = timePoint(ctx, name, args[1]);
  if (tp2 === null) return null;
  if (typeof args[2] !== 'string') return typeMismatch(ctx, name);
  const unit = unitOf(args[2]);
  let asFloat = false;
  if (args.length > 3) {
    const p4 = args[3];
    if (typeof p4 === 'boolean') asFloat = p4;
    else if (typeof p4 === 'string') {
      tp1 = localize(p4, tp1);
      tp2 = localize(p4, tp2);
    } else return typeMismatch(ctx, name);
  }
  if (unit === 0) return invalidDate(ctx, name);
  const diff = (tp2 - tp1) / UNIT_MS[unit];
  return asFloat ? plain(diff) : roundHalfAway(diff);
}

// Components DATE_COMPARE walks through, largest first (weeks are not a component).
const COMPARED: [unit: number, get: (p: DateParts) => number][] = [
  [YEAR, (p) => p.year],
  [MONTH, (p) => p.month],
  [DAY, (p) => p.day],
  [HOUR, (p) => p.hour],
  [MINUTE, (p) => p.minute],
  [SECOND, (p) => p.second],
  [MILLI, (p) => p.millisecond],
];

/**
 * Which arguments of DATE_COMPARE name timezones: [start, end] indexes (0 = none), or
 * null for a call that cannot be read (1542). An unrecognized 4th argument is taken as
 * timezone1 rather than a unit.
 */
function compareZones(args: AqlValue[], endUnit: number): [number, number] | null {
  if (args.length <= 3) return [0, 0];
  if (endUnit === 0) {
    if (args.length === 4) return [3, 3];
    return args.length === 5 ? [3, 4] : null;
  }
  if (args.length === 4) return [0, 0];
  return args.length === 5 ? [4, 4] : [4, 5];
}

/** DATE_COMPARE(date1, date2, unitRangeStart[, unitRangeEnd][, timezone1[, timezone2]]) */
function dateCompare(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const name = 'DATE_COMPARE';
  let tp1 = timePoint(ctx, name, args[0]);
  if (tp1 === null) return null;
  let tp2 = timePoint(ctx, name, args[1]);
  if (tp2 === null) return null;
  const start = unitOf(args[2]);
  if (start === 0) return typeMismatch(ctx, name);
  const endArg = args.length > 3 ? unitOf(args[3]) : start;
  const end = endArg === 0 ? start : endArg;
  const zones = compareZones(args, endArg);
  if (zones === null) return typeMismatch(ctx, name);
  const [z1, z2] = zones;
  if (z1 > 0) {
    const tz1 = args[z1];
    if (typeof tz1 !== 'string') return typeMismatch(ctx, name);
    tp1 = localize(tz1, tp1);
    const tz2 = args[z2];
    if (typeof tz2 !== 'string') return typeMismatch(ctx, name);
    tp2 = localize(tz2, tp2);
  }
  // ArangoDB asserts on a week start and, in release builds, calls the dates equal
  const from = COMPARED.findIndex(([u]) => u === start);
  if (from < 0) return true;
  const a = dateParts(tp1);
  const b = dateParts(tp2);
  for (let i = from; i < COMPARED.length; i++) {
    const [unit, get] = COMPARED[i];
    if (unit !== YEAR && end > unit) break;
    if (get(a) !== get(b)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- truncating, rounding

// DATE_TRUNC's units (case-insensitive; no weeks): the kept part of a date.
const TRUNCATE = new Map<string, (p: DateParts) => number>();
const addTrunc = (names: string[], f: (p: DateParts) => number): void => names.forEach((n) => TRUNCATE.set(n, f));
addTrunc(['y', 'year', 'years'], (p) => daysFromCivil(p.year, 1, 1) * MS_PER_DAY);
addTrunc(['m', 'month', 'months'], (p) => daysFromCivil(p.year, p.month, 1) * MS_PER_DAY);
addTrunc(['d', 'day', 'days'], (p) => p.days * MS_PER_DAY);
addTrunc(['h', 'hour', 'hours'], (p) => p.days * MS_PER_DAY + p.hour * 3_600_000);
addTrunc(['i', 'minute', 'minutes'], (p) => p.days * MS_PER_DAY + p.hour * 3_600_000 + p.minute * 60_000);
addTrunc(['s', 'second', 'seconds'], (p) => p.days * MS_PER_DAY + p.msOfDay - p.millisecond);
addTrunc(['f', 'millisecond', 'milliseconds'], (p) => p.days * MS_PER_DAY + p.msOfDay);

/** DATE_TRUNC(date, unit[, timezone]) */
function dateTrunc(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const name = 'DATE_TRUNC';
  let tp = timePoint(ctx, name, args[0]);
  if (tp === null) return null;
  if (typeof args[1] !== 'string') return typeMismatch(ctx, name);
  if (args.length === 3) {
    tp = inZone(ctx, name, args[2], tp);
    if (tp === null) return null;
  }
  const keep = TRUNCATE.get(asciiLower(args[1]));
  if (!keep) return invalidDate(ctx, name);
  let result = keep(dateParts(tp));
  if (args.length === 3) result = unlocalize(args[2] as string, result);
  return isoResult(ctx, name, result);
}

// DATE_ROUND's units: case-sensitive, unlike everywhere else (as in ArangoDB).
const ROUND_MS = new Map<string, number>();
for (const [names, ms] of [
  [['milliseconds', 'millisecond', 'f'], 1],
  [['seconds', 'second', 's'], 1000],
  [['minutes', 'minute', 'i'], 60_000],
  [['hours', 'hour', 'h'], 3_600_000],
  [['days', 'day', 'd'], MS_PER_DAY],
] as [string[], number][]) {
  for (const n of names) ROUND_MS.set(n, ms);
}

/** DATE_ROUND(date, amount, unit[, timezone]): down to a multiple of amount units. */
function dateRound(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const name = 'DATE_ROUND';
  let tp = timePoint(ctx, name, args[0]);
  if (tp === null) return null;
  if (typeof args[1] !== 'number' || typeof args[2] !== 'string') return typeMismatch(ctx, name);
  if (args.length === 4) {
    tp = inZone(ctx, name, args[3], tp);
    if (tp === null) return null;
  }
  const amount = toInt64(args[1]);
  const unitMs = ROUND_MS.get(args[2]);
  if (amount <= 0 || unitMs === undefined) return typeMismatch(ctx, name);
  const bucket = amount * unitMs;
  // C++ integer division truncates towards zero, so dates before 1970 round upwards
  let result = plain(tp - (tp % bucket));
  if (args.length === 4) result = unlocalize(args[3] as string, result);
  return isoResult(ctx, name, result);
}

/** DATE_FORMAT(date, format[, timezone]) */
function dateFormat(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const name = 'DATE_FORMAT';
  let tp = timePoint(ctx, name, args[0]);
  if (tp === null) return null;
  if (typeof args[1] !== 'string') return typeMismatch(ctx, name);
  if (args.length === 3) tp = inZone(ctx, name, args[2], tp);
  return tp === null ? null : formatDate(args[1], tp);
}

// ---------------------------------------------------------------- timezones

/** The zoneInfo object of DATE_UTCTOLOCAL / DATE_LOCALTOUTC's detailed answer. */
function zoneInfoValue(tz: string, utc: number): AqlValue {
  const info = zoneInfo(tz, utc);
  const bound = (ms: number | null): AqlValue => (ms === null ? null : formatIso(ms));
  return { name: info.name, begin: bound(info.begin), end: bound(info.end), dst: info.dst, offset: info.offset };
}

/**
 * DATE_UTCTOLOCAL(date, timezone[, zoneinfo]) / DATE_LOCALTOUTC(...). The local time
 * string carries no "Z" unless the zone is at UTC+0 without DST.
 */
function convertZone(name: string, toLocal: boolean): FunctionDef {
  return fn(name, 2, 3, (ctx, args) => {
    const tp = timePoint(ctx, name, args[0]);
    if (tp === null) return null;
    const tz = args[1];
    if (typeof tz !== 'string') return typeMismatch(ctx, name);
    if (args.length === 3 && typeof args[2] !== 'boolean') return typeMismatch(ctx, name);
    checkZone(tz);
    const utc = toLocal ? tp : unlocalize(tz, tp);
    let text: string | null;
    if (toLocal) {
      const offset = zoneOffset(tz, utc);
      text = formatIso(utc + offset, offset === 0 && !zoneDst(tz, utc)) ?? invalidDate(ctx, name);
    } else {
      text = isoResult(ctx, name, utc);
    }
    if (args[2] !== true) return text;
    return { [toLocal ? 'local' : 'utc']: text, tzdb: tzdbVersion(), zoneInfo: zoneInfoValue(tz, utc) };
  });
}

// ---------------------------------------------------------------- the table

export const FUNCTIONS: FunctionDef[] = [
  fn('DATE_NOW', 0, 0, () => Date.now(), { deterministic: false, cacheable: false }),
  fn('DATE_ISO8601', 1, 7, (ctx, args) => {
    const tp = fromParameters(ctx, 'DATE_ISO8601', args);
    return tp === null ? null : isoResult(ctx, 'DATE_ISO8601', tp);
  }),
  fn('DATE_TIMESTAMP', 1, 7, (ctx, args) => fromParameters(ctx, 'DATE_TIMESTAMP', args)),
  fn('IS_DATESTRING', 1, 1, (_ctx, [v]) => typeof v === 'string' && parseDateString(v) !== null),
  ...COMPONENTS.map(component),
  addOrSubtract('DATE_ADD', false),
  addOrSubtract('DATE_SUBTRACT', true),
  fn('DATE_DIFF', 3, 4, dateDiff),
  fn('DATE_COMPARE', 3, 6, dateCompare),
  fn('DATE_FORMAT', 2, 3, dateFormat),
  fn('DATE_TRUNC', 2, 3, dateTrunc),
  fn('DATE_ROUND', 3, 4, dateRound),
  convertZone('DATE_UTCTOLOCAL', true),
  convertZone('DATE_LOCALTOUTC', false),
  fn('DATE_TIMEZONE', 0, 0, () => systemZone()),
  fn('DATE_TIMEZONES', 0, 0, () => zoneNames()),
];
