// Date machinery behind the AQL date functions (dates.ts): proleptic Gregorian calendar
// math on integer millisecond timestamps, ArangoDB's date-string and ISO-duration
// grammars, DATE_FORMAT's placeholders, and timezone conversion through Intl (Node's
// ICU data). Everything takes and returns plain numbers and strings; nothing here records
// warnings. Unknown zones and impossible local times throw ERROR_INTERNAL, as ArangoDB's
// tz library throws a plain exception there.
import { ArangoError, ERR } from '../../errors/arango-error.js';

export const MS_PER_DAY = 86_400_000;
/** "0000-01-01T00:00:00.000Z" and "9999-12-31T23:59:59.999Z": the accepted numeric range. */
export const MIN_TIMESTAMP = -62_167_219_200_000;
export const MAX_TIMESTAMP = 253_402_300_799_999;

// ---------------------------------------------------------------- calendar math

/**
 * Days since 1970-01-01 of y/m/d. Like the C++ date library this never validates: month
 * 0 is December of the year before, month 13 January of the next, day 0 the last day of
 * the previous month, and "February 31st" is March 3rd (or 2nd in a leap year).
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of a day number (inverse of daysFromCivil for valid dates). */
export function civilFromDays(days: number): Civil {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/** A timestamp taken apart; `days` is the day number, `msOfDay` the time within it. */
export interface DateParts extends Civil {
  days: number;
  msOfDay: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function dateParts(ms: number): DateParts {
  const days = Math.floor(ms / MS_PER_DAY);
  const msOfDay = ms - days * MS_PER_DAY;
  return {
    ...civilFromDays(days),
    days,
    msOfDay,
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor(msOfDay / 60_000) % 60,
    second: Math.floor(msOfDay / 1000) % 60,
    millisecond: msOfDay % 1000,
  };
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** 1 = January 1st. */
export function dayOfYear(p: DateParts): number {
  return p.days - daysFromCivil(p.year, 1, 1) + 1;
}

/** ISO 8601 week (Monday first; week 1 holds the year's first Thursday) and its year. */
export function isoWeek(days: number): { week: number; year: number } {
  const thursday = days - ((weekday(days) + 6) % 7) + 3;
  const year = civilFromDays(thursday).year;
  return { week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1, year };
}

// ---------------------------------------------------------------- date strings

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** A cursor over the string being parsed; `digits()` reads a run of ASCII digits. */
class Reader {
  pos: number;
  constructor(
    readonly s: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  peek(): string | undefined {
    return this.pos < this.end ? this.s[this.pos] : undefined;
  }
  eat(...chars: string[]): string | undefined {
    const c = this.peek();
    if (c === undefined || !chars.includes(c)) return undefined;
    this.pos++;
    return c;
  }
  digits(): string {
    const start = this.pos;
    while (this.pos < this.end && this.s[this.pos] >= '0' && this.s[this.pos] <= '9') this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** One or two digits whose value is within [min, max], or undefined. */
  field(min: number, max: number): number | undefined {
    const d = this.digits();
    const v = Number(d);
    return d.length === 0 || d.length > 2 || v < min || v > max ? undefined : v;
  }
}

/** Year: any digits, at most 4 after leading zeros, value 0..9999. */
function readYear(r: Reader): number | undefined {
  const d = r.digits();
  const v = Number(d);
  if (d.length === 0 || v > 9999) return undefined;
  return d.replace(/^0+/, '').length > 4 ? undefined : v;
}

/** Fraction of a second: any number of digits, the first three count. */
function readFraction(r: Reader): number | undefined {
  const d = r.digits();
  if (d.length === 0) return undefined;
  return Number(d.slice(0, 3).padEnd(3, '0'));
}

/** "HH:MM[:SS[.fff]]" after the T or blank; milliseconds of the day, or undefined. */
function readTime(r: Reader): number | undefined {
  const h = r.field(0, 23);
  if (h === undefined || !r.eat(':')) return undefined;
  const m = r.field(0, 59);
  if (m === undefined) return undefined;
  let s = 0;
  let f = 0;
  if (r.eat(':')) {
    const sec = r.field(0, 59);
    if (sec === undefined) return undefined;
    s = sec;
    if (r.eat('.')) {
      const frac = readFraction(r);
      if (frac === undefined) return undefined;
      f = frac;
    }
  }
  return h * 3_600_000 + m * 60_000 + s * 1000 + f;
}

/**
 * "Z" or "±H[H]:M[M]": the offset in minutes, 0 when absent, undefined when malformed.
 * Only the hours take the sign: ArangoDB reads "-0:30" as half an hour *ahead* of UTC
 * and "-1:30" as -60 + 30 minutes, and so do we.
 */
function readOffset(r: Reader): number | undefined {
  if (r.eat('z', 'Z')) return 0;
  const sign = r.eat('+', '-');
  if (!sign) return 0;
  const h = r.field(0, 23);
  if (h === undefined || !r.eat(':')) return undefined;
  const m = r.field(0, 59);
  if (m === undefined) return undefined;
  return (sign === '-' ? -h : h) * 60 + m;
}

/**
 * ArangoDB's date-time grammar: [blanks][+]Y[-M[-D]][(T|blank)H:M[:S[.fff]]][Z|±H:M][blanks]
 * with 1-2 digit fields, month 1..12, day 1..31 (overflowing into the next month), hour
 * 0..23, minute and second 0..59. A negative year is never accepted. Returns the UTC
 * timestamp, or null; an offset that moves the date out of years 0..9999 is invalid.
 */
export function parseDateString(input: string): number | null {
  let start = 0;
  while (isBlank(input[start])) start++;
  if (input[start] === '-') return null;
  if (input[start] === '+') start++;
  let end = input.length;
  while (end > start && isBlank(input[end - 1])) end--;
  const r = new Reader(input, start, end);

  const year = readYear(r);
  if (year === undefined) return null;
  let month = 1;
  let day = 1;
  if (r.eat('-')) {
    const m = r.field(1, 12);
    if (m === undefined) return null;
    month = m;
    if (r.eat('-')) {
      const d = r.field(1, 31);
      if (d === undefined) return null;
      day = d;
    }
  }
  let time = 0;
  if (r.eat(' ', 'T')) {
    const t = readTime(r);
    if (t === undefined) return null;
    time = t;
  }
  const offset = readOffset(r);
  if (offset === undefined || r.pos !== r.end) return null;

  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + time - offset * 60_000;
  if (offset !== 0) {
    const y = civilFromDays(Math.floor(ms / MS_PER_DAY)).year;
    if (y < 0 || y > 9999) return null;
  }
  return ms;
}

// ---------------------------------------------------------------- ISO durations

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
  /** Hours, minutes, seconds and milliseconds together. */
  ms: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/;

/** "P1Y2M3W4DT5H6M7.89S" and any subset (even "PT"); null when the text does not match. */
export function parseIsoDuration(s: string): Duration | null {
  const m = s.length > 1 ? DURATION.exec(s) : null;
  if (!m) return null;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const milliseconds = m[8] === undefined ? 0 : Number(m[8].padEnd(3, '0'));
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
    milliseconds,
    ms: n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000 + milliseconds,
  };
}

/**
 * A timestamp moved by a duration (sign 1) or back by it (-1): whole years, then whole
 * months move the calendar date (the day may overflow the new month, as in ArangoDB's
 * date library), then weeks, days and the time part are a fixed number of milliseconds.
 */
export function addIsoDuration(tp: number, dur: Duration, sign: 1 | -1): number {
  const p = dateParts(tp);
  const civil = shiftMonths(shiftMonths(p, sign * dur.years, 0), 0, sign * dur.months);
  const ms = (dur.weeks * 7 + dur.days) * MS_PER_DAY + dur.ms;
  return daysFromCivil(civil.year, civil.month, civil.day) * MS_PER_DAY + p.msOfDay + sign * ms;
}

/**
 * The shortest ISO text of a parsed duration, as ArangoDB's WindowNode prints its bounds:
 * each non-zero component in order, seconds with three decimals when there are
 * milliseconds, "P0D" for an empty duration.
 */
export function formatIsoDuration(d: Duration): string {
  let out = 'P';
  const part = (v: number, suffix: string): void => {
    if (v !== 0) out += `${v}${suffix}`;
  };
  part(d.years, 'Y');
  part(d.months, 'M');
  part(d.weeks, 'W');
  part(d.days, 'D');
  if (d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0 || d.milliseconds !== 0) {
    out += 'T';
    part(d.hours, 'H');
    part(d.minutes, 'M');
    if (d.milliseconds === 0) part(d.seconds, 'S');
    else out += `${d.seconds}.${String(d.milliseconds).padStart(3, '0')}S`;
  }
  return out === 'P' ? 'P0D' : out;
}

/** y/m/d moved by whole years, then whole months; the day may overflow the new month. */
export function shiftMonths(c: Civil, years: number, months: number): Civil {
  const total = c.month - 1 + months;
  const carry = Math.floor(total / 12);
  return { year: c.year + years + carry, month: total - carry * 12 + 1, day: c.day };
}

// ---------------------------------------------------------------- formatting

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** "YYYY-MM-DDTHH:MM:SS.mmmZ" (without the Z unless `utc`); null outside years 0..9999. */
export function formatIso(ms: number, utc = true): string | null {
  const p = dateParts(ms);
  if (p.year < 0 || p.year > 9999) return null;
  const date = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
  const time = `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.millisecond, 3)}`;
  return `${date}T${time}${utc ? 'Z' : ''}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const signedYear = (y: number, width: number, plus: string): string => (y < 0 ? '-' : plus) + pad(Math.abs(y), width);

/**
 * %yyyy as ArangoDB writes it: its padding tests "< 9", "< 99", "< 999", so the years 9,
 * 99 and 999 come out as "009", "099" and "999"; reproduced on purpose.
 */
function yyyy(y: number): string {
  if (y < 0) return signedYear(y, 4, '');
  if (y < 9) return `000${y}`;
  if (y < 99) return `00${y}`;
  if (y < 999) return `0${y}`;
  return String(y).slice(-4);
}

type Placeholder = (p: DateParts, ms: number) => string;

const PLACEHOLDERS = new Map<string, Placeholder>([
  ['%&', () => ''],
  ['%yyyyyy', (p) => (p.year > 99999 ? String(p.year) : signedYear(p.year, 6, '+'))],
  ['%mmmm', (p) => MONTHS[p.month - 1]],
  ['%yyyy', (p) => yyyy(p.year)],
  ['%wwww', (p) => WEEKDAYS[weekday(p.days)]],
  ['%mmm', (p) => MONTHS[p.month - 1].slice(0, 3)],
  ['%www', (p) => WEEKDAYS[weekday(p.days)].slice(0, 3)],
  ['%fff', (p) => pad(p.millisecond, 3)],
  ['%xxx', (p) => pad(dayOfYear(p), 3)],
  // ArangoDB drops the sign of negative years here (the docs say otherwise)
  ['%yy', (p) => pad(Math.abs(p.year) % 100, 2)],
  ['%mm', (p) => pad(p.month, 2)],
  ['%dd', (p) => pad(p.day, 2)],
  ['%hh', (p) => pad(p.hour, 2)],
  ['%ii', (p) => pad(p.minute, 2)],
  ['%ss', (p) => pad(p.second, 2)],
  ['%kk', (p) => pad(isoWeek(p.days).week, 2)],
  ['%t', (_p, ms) => String(ms)],
  ['%z', (p) => `${signedYear(p.year, 4, '')}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.millisecond, 3)}Z`],
  ['%w', (p) => String(weekday(p.days))],
  ['%y', (p) => String(p.year)],
  ['%m', (p) => String(p.month)],
  ['%d', (p) => String(p.day)],
  ['%h', (p) => String(p.hour)],
  ['%i', (p) => String(p.minute)],
  ['%s', (p) => String(p.second)],
  ['%f', (p) => String(p.millisecond)],
  ['%x', (p) => String(dayOfYear(p))],
  ['%k', (p) => String(isoWeek(p.days).week)],
  ['%l', (p) => (isLeapYear(p.year) ? '1' : '0')],
  ['%q', (p) => String(Math.ceil(p.month / 3))],
  ['%a', (p) => String(daysInMonth(p.year, p.month))],
  ['%%', () => '%'],
  ['%', () => ''],
]);

// Alternatives in table order: the first that matches wins (not the longest), exactly as
// ArangoDB's regex does; "%mmonth" is therefore %mm + "onth". Case-sensitive.
const PLACEHOLDER_RE = new RegExp([...PLACEHOLDERS.keys()].join('|'), 'g');

/** DATE_FORMAT's text for a (possibly localized) timestamp. */
export function formatDate(format: string, ms: number): string {
  const p = dateParts(ms);
  return format.replace(PLACEHOLDER_RE, (token) => (PLACEHOLDERS.get(token) as Placeholder)(p, ms));
}

// ---------------------------------------------------------------- timezones

const DATE_LIMIT = 8.64e15;
const zones = new Map<string, Intl.DateTimeFormat>();

/** tz names are case-sensitive in ArangoDB; ICU is not, so lower-case spellings are refused. */
function properlyCased(tz: string): boolean {
  return tz.split('/').every((segment) => /^[A-Z]/.test(segment));
}

function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = zones.get(tz);
  if (f) return f;
  try {
    if (!properlyCased(tz)) throw new RangeError(tz);
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw ArangoError.withMessage(ERR.ERROR_INTERNAL, `${tz} not found in timezone database`);
  }
  zones.set(tz, f);
  return f;
}

/** Throws ERROR_INTERNAL unless `tz` names a zone. */
export function checkZone(tz: string): void {
  zoneFormatter(tz);
}

/** Offset of `tz` from UTC at the UTC instant `utc`, in milliseconds (whole seconds). */
export function zoneOffset(tz: string, utc: number): number {
  const at = Math.min(DATE_LIMIT, Math.max(-DATE_LIMIT, utc));
  const seconds = at - (((at % 1000) + 1000) % 1000);
  const v: Record<string, string> = {};
  for (const part of zoneFormatter(tz).formatToParts(seconds)) v[part.type] = part.value;
  const year = v.era === 'BC' ? 1 - Number(v.year) : Number(v.year);
  const days = daysFromCivil(year, Number(v.month), Number(v.day));
  const wall = days * MS_PER_DAY + Number(v.hour) * 3_600_000 + Number(v.minute) * 60_000 + Number(v.second) * 1000;
  return wall - seconds;
}

/** The wall-clock time in `tz` at the UTC instant `utc`, as a timestamp. */
export function localize(tz: string, utc: number): number {
  return utc + zoneOffset(tz, utc);
}

const wallText = (ms: number): string => (formatIso(ms, false) ?? String(ms)).replace('T', ' ');

/**
 * The UTC instant at which `tz` shows the wall-clock time `local`. A local time that
 * falls into a gap (clocks jumping forward) or occurs twice (clocks falling back) throws,
 * as ArangoDB's tz library does.
 */
export function unlocalize(tz: string, local: number): number {
  // far outside any date the functions accept: the caller's range check rejects it
  if (Math.abs(local) > DATE_LIMIT - 2 * MS_PER_DAY) return local - zoneOffset(tz, local);
  const offsets = new Set([zoneOffset(tz, local - MS_PER_DAY), zoneOffset(tz, local), zoneOffset(tz, local + MS_PER_DAY)]);
  const fits = [...offsets].map((o) => local - o).filter((u) => zoneOffset(tz, u) === local - u);
  if (fits.length === 1) return fits[0];
  const msg =
    fits.length === 0
      ? `${wallText(local)} is in a gap in timezone ${tz}`
      : `${wallText(local)} is ambiguous in timezone ${tz}: it could be ${fits.map((u) => `${wallText(u)} UTC`).join(' or ')}`;
  throw ArangoError.withMessage(ERR.ERROR_INTERNAL, msg);
}

// ------------------------------------------------------- zone information (zoneinfo)

const STEP = 30 * MS_PER_DAY;
const EARLIEST = daysFromCivil(1800, 1, 1) * MS_PER_DAY;

/** The first instant in (lo, hi] with `inside` false, given it holds at lo and not at hi. */
function bisect(lo: number, hi: number, inside: (t: number) => boolean): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** First instant in the changeless stretch around `utc` (null: none since 1800). */
function stretchBegin(tz: string, utc: number): number | null {
  const offset = zoneOffset(tz, utc);
  for (let cur = utc; cur > EARLIEST; cur -= STEP) {
    const prev = cur - STEP;
    if (zoneOffset(tz, prev) !== offset) return bisect(prev, cur, (t) => zoneOffset(tz, t) !== offset);
  }
  return null;
}

/** First instant after the stretch around `utc` (null: no change known ahead). */
function stretchEnd(tz: string, utc: number): number | null {
  const offset = zoneOffset(tz, utc);
  const limit = Math.min(DATE_LIMIT, Math.max(utc, Date.now()) + 3 * 366 * MS_PER_DAY);
  for (let cur = utc; cur < limit; cur += STEP) {
    const next = cur + STEP;
    if (zoneOffset(tz, next) !== offset) return bisect(cur, next, (t) => zoneOffset(tz, t) === offset);
  }
  return null;
}

function abbreviation(tz: string, utc: number, offset: number): string {
  // ICU's short names match tzdb's abbreviations only in some English locales
  for (const locale of ['en-US', 'en-GB', 'en-AU', 'en-IN']) {
    const f = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' });
    const name = f.formatToParts(Math.min(DATE_LIMIT, Math.max(-DATE_LIMIT, utc))).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  // tzdb writes zones without a name as "+05", "+0545", "-03"
  const minutes = Math.abs(offset) / 60_000;
  const hm = pad(Math.floor(minutes / 60), 2) + (minutes % 60 ? pad(Math.floor(minutes % 60), 2) : '');
  return (offset < 0 ? '-' : '+') + hm;
}

export interface ZoneInfo {
  /** Offset from UTC in seconds. */
  offset: number;
  /** Whether daylight saving time is in effect (offset above the year's smallest). */
  dst: boolean;
  name: string;
  begin: number | null;
  end: number | null;
}

/**
 * What ArangoDB reports as zoneInfo for `tz` at the UTC instant `utc`. ICU does not
 * expose tzdb's records, so the stretch bounds are found by probing offsets (changes
 * that only rename a zone are not seen) and DST is inferred from the year's offsets.
 */
export function zoneInfo(tz: string, utc: number): ZoneInfo {
  const offset = zoneOffset(tz, utc);
  return {
    offset: offset / 1000,
    dst: zoneDst(tz, utc),
    name: abbreviation(tz, utc, offset),
    begin: stretchBegin(tz, utc),
    end: stretchEnd(tz, utc),
  };
}

/** Whether `tz` observes daylight saving time at `utc`: its offset is above the year's smallest. */
export function zoneDst(tz: string, utc: number): boolean {
  const year = dateParts(utc).year;
  const winter = zoneOffset(tz, daysFromCivil(year, 1, 1) * MS_PER_DAY);
  const summer = zoneOffset(tz, daysFromCivil(year, 7, 1) * MS_PER_DAY);
  return zoneOffset(tz, utc) > Math.min(winter, summer);
}

/** Version of the timezone data in use (e.g. "2024a"). */
export function tzdbVersion(): string {
  return process.versions.tz ?? 'unknown';
}

/** The zone this server runs in. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// Names tzdb has that ICU lists under an older spelling or not at all (ICU keeps legacy
// canonical IDs such as Asia/Katmandu), so DATE_TIMEZONES offers the modern ones too.
const EXTRA_NAMES = [
  'UTC', 'Etc/UTC', 'Etc/GMT', 'GMT',
  ...Array.from({ length: 12 }, (_, i) => `Etc/GMT+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `Etc/GMT-${i + 1}`),
  'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Ho_Chi_Minh', 'Asia/Yangon', 'Atlantic/Faroe', 'Europe/Kyiv',
  'America/Nuuk', 'Pacific/Chuuk', 'Pacific/Pohnpei', 'Pacific/Kanton', 'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca', 'America/Argentina/Cordoba', 'America/Argentina/Jujuy',
  'America/Argentina/Mendoza', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville',
  'America/Atikokan', 'Africa/Asmara',
];

function accepted(tz: string): boolean {
  try {
    zoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** All zone names ICU knows canonically, then further tzdb names it accepts. */
export function zoneNames(): string[] {
  const canonical = Intl.supportedValuesOf('timeZone');
  const known = new Set(canonical);
  return [...canonical, ...EXTRA_NAMES.filter((z) => !known.has(z) && accepted(z)).sort()];
}
