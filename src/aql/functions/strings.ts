// AQL string functions (CONCAT ... UUID, plus REVERSE for arrays) and the pattern helpers the
// executor shares with them: likeToRegExp() for LIKE and compileRegex() for =~ and !~.
// ArangoDB evaluates these with ICU on UTF-8; this module reproduces what a client observes:
// regexes are translated from ICU syntax to JS `v` regexes, positions count code points
// except where ArangoDB counts UTF-16 units or bytes (said per function), and most functions
// cast their arguments with TO_STRING. Wrong types warn (1542) only where ArangoDB warns.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { type AqlValue, isObject, numberToString, stringify, toBool, toString } from '../../values/index.js';
import { fn, type FunctionContext, type FunctionDef } from './registry.js';

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

/** Records ArangoDB's "invalid argument type" warning for `name`; returns null for the call. */
function invalid(ctx: FunctionContext, name: string): null {
  ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, name);
  return null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const LEADING_INT = /^[\t\n\v\f\r ]*([-+]?\d+)/;

/**
 * ArangoDB's AqlValue::toInt64: numbers truncate, booleans are 0/1, strings parse a leading
 * integer the way strtoll does ("12abc" -> 12, out of range -> 0), [x] is x, all else 0.
 */
export function toInt64(v: AqlValue): number {
  if (typeof v === 'number') return Math.max(-(2 ** 63), Math.min(2 ** 63, Math.trunc(v))) + 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const m = LEADING_INT.exec(v);
    if (!m) return 0;
    const n = BigInt(m[1]);
    return n < INT64_MIN || n > INT64_MAX ? 0 : Number(n);
  }
  if (Array.isArray(v) && v.length === 1) return toInt64(v[0]);
  return 0;
}

/** C++'s static_cast<int32_t> of an int64 (keeps the low 32 bits). */
const int32 = (n: number): number => n | 0;

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

const CACHE_LIMIT = 1000;

/** Memoizes `make()` under `key`; the map is emptied when it grows past CACHE_LIMIT. */
function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const value = make();
  cache.set(key, value);
  return value;
}

// ---------------------------------------------------------------------------------------
// Regular expressions: ICU syntax (what ArangoDB compiles) translated to JS `v` regexes.
// Invariant: the translation either yields a regex with ICU's meaning or throws, so an
// unsupported ICU construct surfaces as "invalid regex" (1543), never as a wrong match.
// ---------------------------------------------------------------------------------------

/** ICU's line terminators: what `.` does not match and where `$` may stop early. */
const LINE_END = '\\n\\x0B\\f\\r\\u0085\\u2028\\u2029';
const ICU_WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200C\\u200D';
const ICU_SPACE = '\\t\\n\\f\\r\\p{Z}';
const ICU_HSPACE = '\\t\\p{Zs}';
const WORD_BOUNDARY = `(?:(?<=[${ICU_WORD}])(?![${ICU_WORD}])|(?<![${ICU_WORD}])(?=[${ICU_WORD}]))`;
const NOT_WORD_BOUNDARY = `(?:(?<=[${ICU_WORD}])(?=[${ICU_WORD}])|(?<![${ICU_WORD}])(?![${ICU_WORD}]))`;
const DOLLAR = `(?=(?:\\r\\n|[${LINE_END}])?(?![\\s\\S]))`;
const MULTILINE_DOLLAR = `(?=[${LINE_END}]|(?![\\s\\S]))`;
const MULTILINE_CARET = `(?<![^${LINE_END}])`;
const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');

/** ICU shorthand classes: the text for inside a [...] set and for standing alone. */
const CLASS_ESCAPES: Record<string, { inSet: string; alone: string }> = {
  d: { inSet: '\\p{Nd}', alone: '\\p{Nd}' },
  D: { inSet: '\\P{Nd}', alone: '\\P{Nd}' },
  w: { inSet: ICU_WORD, alone: `[${ICU_WORD}]` },
  W: { inSet: `[^${ICU_WORD}]`, alone: `[^${ICU_WORD}]` },
  s: { inSet: ICU_SPACE, alone: `[${ICU_SPACE}]` },
  S: { inSet: `[^${ICU_SPACE}]`, alone: `[^${ICU_SPACE}]` },
  h: { inSet: ICU_HSPACE, alone: `[${ICU_HSPACE}]` },
  H: { inSet: `[^${ICU_HSPACE}]`, alone: `[^${ICU_HSPACE}]` },
  v: { inSet: LINE_END, alone: `[${LINE_END}]` },
  V: { inSet: `[^${LINE_END}]`, alone: `[^${LINE_END}]` },
};

/** ICU escapes that are not classes and mean the same inside and outside a set. */
const SIMPLE_ESCAPES: Record<string, string> = {
  t: '\\t',
  n: '\\n',
  r: '\\r',
  f: '\\f',
  a: '\\x07',
  e: '\\x1B',
};

/** ICU escapes that only exist outside a set (anchors and sequences). */
const ANCHOR_ESCAPES: Record<string, string> = {
  b: WORD_BOUNDARY,
  B: NOT_WORD_BOUNDARY,
  A: '(?<![\\s\\S])',
  z: '(?![\\s\\S])',
  Z: DOLLAR,
  R: `(?:\\r\\n|[${LINE_END}])`,
  X: '(?:\\r\\n|\\P{M}\\p{M}*)',
};

/** POSIX set names ICU accepts as [:name:] inside a set. */
const POSIX_CLASSES: Record<string, string> = {
  alpha: '\\p{Alphabetic}',
  digit: '\\p{Nd}',
  alnum: '\\p{Alphabetic}\\p{Nd}',
  upper: '\\p{Uppercase}',
  lower: '\\p{Lowercase}',
  space: '\\p{White_Space}',
  blank: ICU_HSPACE,
  punct: '\\p{P}',
  cntrl: '\\p{Cc}',
  xdigit: '\\p{Hex_Digit}',
  word: ICU_WORD,
};

class Unsupported extends Error {}

/** One code point, written so that it is literal both inside and outside a `v` set. */
function codePointLiteral(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A literal character outside a set. */
function literalOutside(c: string): string {
  return SYNTAX_CHARS.has(c) ? `\\${c}` : c;
}

/** A literal character inside a set (letters and digits as is, everything else escaped). */
function literalInSet(c: string): string {
  return /^[\p{L}\p{N}]$/u.test(c) ? c : codePointLiteral(c.codePointAt(0) as number);
}

interface Cursor {
  readonly p: string;
  i: number;
}

function readHex(cur: Cursor, min: number, max: number): number {
  const m = new RegExp(`^[0-9a-fA-F]{${min},${max}}`).exec(cur.p.slice(cur.i));
  if (!m) throw new Unsupported('bad hex escape');
  cur.i += m[0].length;
  return parseInt(m[0], 16);
}

/** \x{hhhh}, \xhh, \uhhhh, \Uhhhhhhhh and \0ooo: one code point. */
function readNumericEscape(cur: Cursor, c: string): number {
  if (c === 'x' && cur.p[cur.i] === '{') {
    cur.i++;
    const cp = readHex(cur, 1, 6);
    if (cur.p[cur.i++] !== '}') throw new Unsupported('bad \\x{} escape');
    return cp;
  }
  if (c === 'x') return readHex(cur, 2, 2);
  if (c === 'u') return readHex(cur, 4, 4);
  if (c === 'U') return readHex(cur, 8, 8);
  const m = /^[0-7]{0,3}/.exec(cur.p.slice(cur.i)) as RegExpExecArray;
  cur.i += m[0].length;
  return m[0] === '' ? 0 : parseInt(m[0], 8);
}

/** \p{Name}, \P{Name} and the one-letter forms \pL, \PL. */
function readProperty(cur: Cursor, c: string): string {
  if (cur.p[cur.i] === '{') {
    const close = cur.p.indexOf('}', cur.i);
    if (close < 0) throw new Unsupported('unterminated property');
    const name = cur.p.slice(cur.i + 1, close);
    cur.i = close + 1;
    return `\\${c}{${name}}`;
  }
  const letter = cur.p[cur.i++];
  if (!letter || !/[A-Za-z]/.test(letter)) throw new Unsupported('bad property');
  return `\\${c}{${letter}}`;
}

/** \Q...\E: everything up to \E (or the end) is literal. */
function readQuoted(cur: Cursor, inSet: boolean): string {
  const close = cur.p.indexOf('\\E', cur.i);
  const text = cur.p.slice(cur.i, close < 0 ? undefined : close);
  cur.i = close < 0 ? cur.p.length : close + 2;
  return Array.from(text, (ch) => (inSet ? literalInSet(ch) : literalOutside(ch))).join('');
}

/**
 * Translates the escape at cur.i (just past the backslash). Returns the JS text and whether
 * it denotes exactly one character (so it may be a range end inside a set).
 */
function translateEscape(cur: Cursor, inSet: boolean): { text: string; single: boolean } {
  const cp = cur.p.codePointAt(cur.i);
  if (cp === undefined) throw new Unsupported('trailing backslash');
  const c = String.fromCodePoint(cp);
  cur.i += c.length;
  const cls = CLASS_ESCAPES[c];
  if (cls) return { text: inSet ? cls.inSet : cls.alone, single: false };
  if (SIMPLE_ESCAPES[c]) return { text: SIMPLE_ESCAPES[c], single: true };
  if (c === 'b' && inSet) return { text: '\\x08', single: true };
  if (ANCHOR_ESCAPES[c]) {
    if (inSet) throw new Unsupported(`\\${c} in a set`);
    return { text: ANCHOR_ESCAPES[c], single: false };
  }
  if ('xuU0'.includes(c)) return { text: codePointLiteral(readNumericEscape(cur, c)), single: true };
  if (c === 'p' || c === 'P') return { text: readProperty(cur, c), single: false };
  if (c === 'Q') return { text: readQuoted(cur, inSet), single: false };
  if (c === 'c') return { text: codePointLiteral((cur.p.charCodeAt(cur.i++) || 0) % 32), single: true };
  return translateOtherEscape(cur, c, inSet);
}

/** Back references, \k<name>, unsupported escapes and escaped literals. */
function translateOtherEscape(cur: Cursor, c: string, inSet: boolean): { text: string; single: boolean } {
  if (/[1-9]/.test(c)) {
    if (inSet) throw new Unsupported('back reference in a set');
    const digits = /^\d*/.exec(cur.p.slice(cur.i)) as RegExpExecArray;
    cur.i += digits[0].length;
    return { text: `\\${c}${digits[0]}`, single: false };
  }
  if (c === 'k' && !inSet) {
    const m = /^<[A-Za-z][A-Za-z0-9]*>/.exec(cur.p.slice(cur.i));
    if (!m) throw new Unsupported('bad \\k');
    cur.i += m[0].length;
    return { text: `\\k${m[0]}`, single: false };
  }
  if (c === 'N' || c === 'G' || c === 'k') throw new Unsupported(`\\${c}`);
  // ICU without UREGEX_ERROR_ON_UNKNOWN_ESCAPES: any other escaped character is itself.
  return { text: inSet ? literalInSet(c) : literalOutside(c), single: true };
}

/** One element of a set: a character, a range, an escape, a nested set or [:posix:]. */
function translateSetAtom(cur: Cursor): { text: string; single: boolean } {
  const { p } = cur;
  if (p[cur.i] === '[' && p[cur.i + 1] === ':') {
    const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(cur.i));
    const body = m ? POSIX_CLASSES[m[2]] : undefined;
    if (!m || body === undefined) throw new Unsupported('unknown POSIX class');
    cur.i += m[0].length;
    return { text: m[1] ? `[^${body}]` : `[${body}]`, single: false };
  }
  if (p[cur.i] === '[') return { text: translateSet(cur), single: false };
  if (p[cur.i] === '\\') {
    cur.i++;
    return translateEscape(cur, true);
  }
  const ch = String.fromCodePoint(p.codePointAt(cur.i) as number);
  cur.i += ch.length;
  return { text: literalInSet(ch), single: true };
}

/**
 * A set starting at cur.i ('['). ICU's nested sets, && (intersection) and -- (difference)
 * map onto `v` mode; unions between operators are wrapped in their own brackets.
 */
function translateSet(cur: Cursor): string {
  const { p } = cur;
  cur.i++;
  const negated = p[cur.i] === '^';
  if (negated) cur.i++;
  const operands: string[] = [];
  let items = '';
  for (;;) {
    const c = p[cur.i];
    if (c === undefined) throw new Unsupported('unterminated set');
    if (c === ']') break;
    if ((c === '&' || c === '-') && p[cur.i + 1] === c) {
      operands.push(`[${items}]`, c + c);
      items = '';
      cur.i += 2;
      continue;
    }
    items += translateSetItem(cur);
  }
  cur.i++;
  const body = operands.length ? `${operands.join('')}[${items}]` : items;
  return `[${negated ? '^' : ''}${body}]`;
}

/** An atom, or a range `a-z` when a single character is followed by '-' and another one. */
function translateSetItem(cur: Cursor): string {
  const { p } = cur;
  if (p[cur.i] === '-') {
    cur.i++;
    return literalInSet('-');
  }
  const from = translateSetAtom(cur);
  if (!from.single || p[cur.i] !== '-' || p[cur.i + 1] === ']' || p[cur.i + 1] === '-') return from.text;
  cur.i++;
  const to = translateSetAtom(cur);
  if (!to.single) throw new Unsupported('bad range');
  return `${from.text}-${to.text}`;
}

/** '(' and what follows it: group kinds JS shares, comments dropped, the rest unsupported. */
function translateGroupOpen(cur: Cursor): string {
  const rest = cur.p.slice(cur.i);
  const m = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(rest) as RegExpExecArray;
  if (rest.startsWith('(?#')) {
    const close = cur.p.indexOf(')', cur.i);
    if (close < 0) throw new Unsupported('unterminated comment');
    cur.i = close + 1;
    return '';
  }
  if (m[0] === '(' && rest.startsWith('(?')) throw new Unsupported('group kind');
  cur.i += m[0].length;
  return m[0];
}

interface RegexFlags {
  i: boolean;
  s: boolean;
  m: boolean;
}

/** Leading (?ims) groups become flags; ICU allows them anywhere, JS 20 nowhere. */
function readLeadingFlags(cur: Cursor, flags: RegexFlags): void {
  for (;;) {
    const m = /^\(\?([imsx]*)(?:-([imsx]*))?\)/.exec(cur.p.slice(cur.i));
    if (!m || m[0] === '(?)') return;
    for (const f of m[1]) if (f !== 'x') flags[f as keyof RegexFlags] = true;
    for (const f of m[2] ?? '') if (f !== 'x') flags[f as keyof RegexFlags] = false;
    if (m[0].includes('x')) throw new Unsupported('free-spacing mode');
    cur.i += m[0].length;
  }
}

/** `*`, `+`, `?` or `{n,m}` at cur.i, or undefined; possessive forms are unsupported. */
function readQuantifier(cur: Cursor): string | undefined {
  const m = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(cur.p.slice(cur.i));
  if (!m) {
    if (cur.p[cur.i] === '{') throw new Unsupported('bad interval');
    return undefined;
  }
  cur.i += m[0].length;
  if (cur.p[cur.i] === '+') throw new Unsupported('possessive quantifier');
  return m[0];
}

/** Translates a whole ICU pattern; throws Unsupported (or JS throws) when it cannot. */
function translateIcu(pattern: string, flags: RegexFlags): string {
  const cur: Cursor = { p: pattern, i: 0 };
  readLeadingFlags(cur, flags);
  let out = '';
  while (cur.i < pattern.length) {
    const quantifier = readQuantifier(cur);
    if (quantifier !== undefined) {
      out += quantifier;
      continue;
    }
    out += translateAtom(cur, flags);
  }
  return out;
}

function translateAtom(cur: Cursor, flags: RegexFlags): string {
  const c = cur.p[cur.i];
  switch (c) {
    case '\\':
      cur.i++;
      return translateEscape(cur, false).text;
    case '[':
      return translateSet(cur);
    case '(':
      return translateGroupOpen(cur);
    case '.':
      cur.i++;
      return flags.s ? '[\\s\\S]' : `[^${LINE_END}]`;
    case '$':
      cur.i++;
      return flags.m ? MULTILINE_DOLLAR : DOLLAR;
    case '^':
      cur.i++;
      return flags.m ? MULTILINE_CARET : '^';
    case ')':
    case '|':
      cur.i++;
      return c;
    default: {
      const ch = String.fromCodePoint(cur.p.codePointAt(cur.i) as number);
      cur.i += ch.length;
      return literalOutside(ch);
    }
  }
}

const regexCache = new Map<string, RegExp | null>();

/**
 * The JS regex for an ICU pattern as ArangoDB's REGEX_* functions and =~ compile it, or null
 * when the pattern is invalid (callers warn with 1543). The regex is neither global nor
 * sticky, so `test()` and `exec()` keep no state. Results are cached per pattern.
 */
export function compileRegex(pattern: string, caseInsensitive: boolean): RegExp | null {
  return memo(regexCache, `${caseInsensitive ? 'i' : 'c'}${pattern}`, () => {
    const flags: RegexFlags = { i: caseInsensitive, s: false, m: false };
    try {
      const source = translateIcu(pattern, flags);
      return new RegExp(source, flags.i ? 'vi' : 'v');
    } catch (e) {
      if (e instanceof Unsupported || e instanceof SyntaxError) return null;
      throw e;
    }
  });
}

const globalRegexes = new WeakMap<RegExp, RegExp>();

/** The global twin of a compiled regex, for scanning all matches. */
function globalOf(re: RegExp): RegExp {
  let g = globalRegexes.get(re);
  if (!g) {
    g = new RegExp(re.source, `${re.flags}g`);
    globalRegexes.set(re, g);
  }
  return g;
}

/** Index after the code point at `i` (how ICU moves on after an empty match). */
function nextCodePoint(text: string, i: number): number {
  const cp = text.codePointAt(i);
  return i + (cp !== undefined && cp > 0xffff ? 2 : 1);
}

/**
 * ICU's RegexMatcher::split: the text before each match, then the match's groups (a group
 * that did not take part gives ""); a match ending the text adds a trailing "". A pattern
 * matching the empty string yields a leading "" and one field per character.
 */
function icuSplit(re: RegExp, text: string): string[] {
  const g = globalOf(re);
  g.lastIndex = 0;
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const m = g.exec(text);
    if (!m) {
      out.push(text.slice(start));
      return out;
    }
    out.push(text.slice(start, m.index));
    for (let k = 1; k < m.length; k++) out.push(m[k] ?? '');
    start = m.index + m[0].length;
    if (m[0].length === 0) g.lastIndex = nextCodePoint(text, g.lastIndex);
    if (start === text.length) {
      out.push('');
      return out;
    }
  }
}

/** Characters ArangoDB's LIKE translation always escapes, dropping a backslash before them. */
const LIKE_SPECIAL = new Set('?+[(){}^$|.*');
/** ICU's `(.|[\r\n])`: one character that is not one of ICU's other line terminators. */
const LIKE_ONE = '[^\\x0B\\f\\u0085\\u2028\\u2029]';
const likeCache = new Map<string, RegExp>();

/**
 * The anchored regex for a LIKE pattern: `%` is any sequence, `_` one character, `\%`, `\_`
 * and `\\` are literal, a backslash before any other character stays a literal backslash
 * (except before regex metacharacters, where ArangoDB drops it), a trailing one is dropped.
 * Cached per pattern and case mode.
 */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  return memo(likeCache, `${caseInsensitive ? 'i' : 'c'}${pattern}`, () => {
    let source = '';
    let escaped = false;
    for (const c of pattern) {
      if (c === '\\') {
        if (escaped) source += '\\\\';
        escaped = !escaped;
        continue;
      }
      if (c === '%' || c === '_') source += escaped ? c : c === '%' ? `${LIKE_ONE}*` : LIKE_ONE;
      else if (LIKE_SPECIAL.has(c)) source += `\\${c}`;
      else source += (escaped ? '\\\\' : '') + literalOutside(c);
      escaped = false;
    }
    return new RegExp(`^(?:${source})$`, caseInsensitive ? 'vi' : 'v');
  });
}

// ---------------------------------------------------------------------------------------
// Concatenation, length, case
// ---------------------------------------------------------------------------------------

function concat(args: AqlValue[]): string {
  const members = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return members.filter((v) => v !== null).map(toString).join('');
}

function concatSeparator(args: AqlValue[]): string {
  const separator = toString(args[0]);
  const members = args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1);
  return members.filter((v) => v !== null).map(toString).join(separator);
}

/**
 * Characters of the value's text; for arrays and objects ArangoDB counts the bytes of the
 * JSON text instead (so non-ASCII characters inside them count 2-4).
 */
function charLength(v: AqlValue): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'number') return numberToString(v).length;
  if (typeof v === 'string') return Array.from(v).length;
  return utf8Length(stringify(v));
}

// ---------------------------------------------------------------------------------------
// Substrings
// ---------------------------------------------------------------------------------------

/** SUBSTRING by code points; offset and length are cut to 32 bits as ArangoDB does. */
function substring(args: AqlValue[]): string {
  const chars = Array.from(toString(args[0]));
  const n = chars.length;
  const offset = int32(toInt64(args[1]));
  const length = args.length === 3 ? int32(toInt64(args[2])) : 0x7fffffff;
  const start = offset < 0 ? Math.max(0, n + offset) : Math.min(offset, n);
  const end = Math.min(n, Math.max(0, start + length));
  return end > start ? chars.slice(start, end).join('') : '';
}

function left(args: AqlValue[]): string {
  const n = int32(toInt64(args[1]));
  return n > 0 ? Array.from(toString(args[0])).slice(0, n).join('') : '';
}

function right(args: AqlValue[]): string {
  const n = int32(toInt64(args[1]));
  if (n <= 0) return '';
  const chars = Array.from(toString(args[0]));
  return chars.slice(Math.max(0, chars.length - n)).join('');
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** Moves a byte position over `count` characters (dir -1: left, +1: right), then onto a lead byte. */
function shiftBytes(bytes: Buffer, at: number, count: number, dir: 1 | -1): number {
  const stop = dir < 0 ? 0 : bytes.length;
  let pos = at;
  for (let left = count; left > 0 && pos !== stop; pos += dir) {
    if (!isContinuation(bytes[pos])) left--;
  }
  if (pos === bytes.length) return pos;
  while (pos !== stop && isContinuation(bytes[pos])) pos += dir;
  return pos;
}

/**
 * SUBSTRING_BYTES(value, offset, length, left, right): a UTF-8 byte range, widened by `left`
 * and `right` characters; a range edge inside a character warns (bad parameter) and gives null.
 */
function substringBytes(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const value = args[0];
  if (typeof value !== 'string') return warnBadParameter(ctx);
  if (value === '') return '';
  const bytes = Buffer.from(value, 'utf8');
  const size = bytes.length;
  const offsetArg = toInt64(args[1]);
  const offset = offsetArg < 0 ? Math.max(0, size + offsetArg) : Math.min(offsetArg, size);
  const length = args.length >= 3 ? Math.max(0, toInt64(args[2])) : size;
  const leftChars = args.length >= 4 ? toInt64(args[3]) : 0;
  const rightChars = args.length === 5 ? toInt64(args[4]) : leftChars;
  const from = offset;
  const to = from + Math.min(length, size - offset);
  if (isContinuation(bytes[from]) || isContinuation(bytes[to])) return warnBadParameter(ctx);
  const start = shiftBytes(bytes, from, leftChars, -1);
  const end = shiftBytes(bytes, to, rightChars, 1);
  return bytes.subarray(start, end).toString('utf8');
}

function warnBadParameter(ctx: FunctionContext): null {
  ctx.warn(ERR.ERROR_BAD_PARAMETER);
  return null;
}

// ---------------------------------------------------------------------------------------
// Trimming
// ---------------------------------------------------------------------------------------

const DEFAULT_TRIM = '\r\n\t ';

/** Strips characters of `chars` from the start (mode 0, 1) and/or the end (mode 0, 2). */
function trimText(text: string, chars: string, mode: number): string {
  const set = new Set(chars);
  const cps = Array.from(text);
  let start = 0;
  let end = cps.length;
  if (mode <= 1) while (start < end && set.has(cps[start])) start++;
  if (mode !== 1) while (end > start && set.has(cps[end - 1])) end--;
  return cps.slice(start, end).join('');
}

/** TRIM(value, type | chars): a number picks the side (out of 0..2 means both), a string the characters. */
function trim(args: AqlValue[]): string {
  const option = args.length === 2 ? args[1] : null;
  if (typeof option === 'number') {
    const mode = toInt64(option);
    return trimText(toString(args[0]), DEFAULT_TRIM, mode < 0 || mode > 2 ? 0 : mode);
  }
  return trimText(toString(args[0]), typeof option === 'string' ? option : DEFAULT_TRIM, 0);
}

function trimSide(mode: 1 | 2) {
  return (args: AqlValue[]): string =>
    trimText(toString(args[0]), args.length === 2 ? toString(args[1]) : DEFAULT_TRIM, mode);
}

// ---------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------

/**
 * CONTAINS: plain byte search. With returnIndex, ArangoDB turns the byte offset into a
 * "character" position with a loop that never advances past the first character, so the
 * result is the byte offset rounded up to a multiple of the first character's UTF-8 width.
 * That is reproduced on purpose: for ASCII text it is the character position.
 */
function contains(args: AqlValue[]): AqlValue {
  const text = toString(args[0]);
  const search = toString(args[1]);
  const found = search === '' ? -1 : text.indexOf(search);
  if (!toBool(args[2] ?? null)) return found !== -1;
  if (found <= 0) return found;
  const byteOffset = utf8Length(text.slice(0, found));
  const width = utf8Length(String.fromCodePoint(text.codePointAt(0) as number));
  return Math.ceil(byteOffset / width) * width;
}

/** Start offsets of the non-overlapping occurrences of `search`, left to right. */
function occurrences(text: string, search: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) out.push(at);
  return out;
}

interface FindRange {
  text: string;
  search: string;
  start: number;
  end: number;
  endGiven: boolean;
}

/**
 * FIND_FIRST / FIND_LAST arguments. Positions are UTF-16 units (ArangoDB searches an ICU
 * UnicodeString); `end` is the last allowed index of the match. -1 when the range is empty.
 */
function findRange(args: AqlValue[]): FindRange | -1 {
  const text = toString(args[0]);
  const search = toString(args[1]);
  const start = args.length >= 3 ? toInt64(args[2]) : 0;
  if (start < 0) return -1;
  const endGiven = args.length === 4 && args[3] !== null;
  const end = endGiven ? toInt64(args[3]) : text.length;
  if (endGiven && (end < start || end < 0)) return -1;
  return { text, search, start, end, endGiven };
}

function matchesInRange(r: FindRange): number[] {
  return occurrences(r.text, r.search).filter((at) => at >= r.start && at + r.search.length - 1 <= r.end);
}

function findFirst(args: AqlValue[]): number {
  const r = findRange(args);
  if (r === -1) return -1;
  if (r.search === '') return r.start;
  if (r.text === '') return -1;
  return matchesInRange(r)[0] ?? -1;
}

function findLast(args: AqlValue[]): number {
  const r = findRange(args);
  if (r === -1) return -1;
  if (r.search === '') return r.end + (r.endGiven ? 1 : 0);
  if (r.text === '') return -1;
  return matchesInRange(r).at(-1) ?? -1;
}

/** STARTS_WITH(text, prefix) or STARTS_WITH(text, prefixes, minMatchCount[, scoringLimit]). */
function startsWith(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [text, prefixes] = args;
  if (typeof text !== 'string') return invalid(ctx, 'STARTS_WITH');
  if (!Array.isArray(prefixes)) {
    return typeof prefixes === 'string' ? text.startsWith(prefixes) : invalid(ctx, 'STARTS_WITH');
  }
  let minMatch = 1;
  if (args.length > 2) {
    if (typeof args[2] !== 'number' || toInt64(args[2]) < 0) return invalid(ctx, 'STARTS_WITH');
    minMatch = toInt64(args[2]);
  }
  if (minMatch === 0) return true;
  if (minMatch > prefixes.length) return false;
  let matched = 0;
  for (const prefix of prefixes) {
    if (typeof prefix !== 'string') return invalid(ctx, 'STARTS_WITH');
    if (text.startsWith(prefix) && ++matched === minMatch) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Splitting and substitution
// ---------------------------------------------------------------------------------------

const escapeLiteral = (s: string): string => Array.from(s, literalOutside).join('');
const splitCache = new Map<string, RegExp>();

/**
 * The separator regex of SPLIT and whether it is the "empty expression" (split into
 * characters). An array holding a non-string or "" is empty; a separator that is neither a
 * string nor an array matches the empty string without being the empty expression.
 */
function splitSeparator(separator: AqlValue): { re: RegExp; empty: boolean } {
  let parts: string[] = [];
  let empty = false;
  if (Array.isArray(separator)) {
    if (separator.some((s) => typeof s !== 'string' || s === '')) empty = true;
    else parts = separator as string[];
  } else if (typeof separator === 'string') {
    parts = separator === '' ? [] : [separator];
    empty = separator === '';
  }
  const source = parts.map(escapeLiteral).join('|');
  return { re: memo(splitCache, source, () => new RegExp(source, 'v')), empty };
}

/** Shared tail of SPLIT and REGEX_SPLIT: ArangoDB's edge cases around ICU's split. */
function splitText(text: string, re: RegExp, empty: boolean, limit: number): string[] {
  if (!empty && text === '') return [''];
  const parts = icuSplit(re, text);
  const fields = empty ? parts.slice(1, -1) : parts;
  return limit >= 0 ? fields.slice(0, limit) : fields;
}

type SplitLimit = { limit: number } | { early: AqlValue };

/**
 * A split limit argument: -1 when absent. ArangoDB answers some limits before splitting:
 * a non-number warns (1542) and gives null, a negative limit gives null, 0 gives [].
 */
function splitLimit(ctx: FunctionContext, name: string, v: AqlValue | undefined): SplitLimit {
  if (v === undefined) return { limit: -1 };
  if (typeof v !== 'number') return { early: invalid(ctx, name) };
  const limit = toInt64(v);
  if (limit < 0) return { early: null };
  return limit === 0 ? { early: [] } : { limit };
}

function split(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const limit = splitLimit(ctx, 'SPLIT', args[2]);
  if ('early' in limit) return limit.early;
  if (isObject(args[1] ?? null)) return invalid(ctx, 'SPLIT');
  if (args.length === 1) return [args[0]];
  const { re, empty } = splitSeparator(args[1]);
  return splitText(toString(args[0]), re, empty, limit.limit);
}

interface Substitution {
  patterns: string[];
  replacements: string[];
  /** A single replacement string applies to every pattern. */
  plain: boolean;
  limit: number;
}

/** Strings of a replacement list: null means "", anything else but a string is invalid. */
function replacementStrings(values: AqlValue[]): string[] | undefined {
  if (values.some((v) => v !== null && typeof v !== 'string')) return undefined;
  return values.map((v) => (v === null ? '' : (v as string)));
}

/** Reads SUBSTITUTE's search/replace/limit arguments; undefined means invalid (1542). */
function readSubstitution(args: AqlValue[]): Substitution | undefined {
  const search = args[1];
  if (isObject(search)) {
    const replacements = replacementStrings(Object.values(search));
    const limit = args.length === 3 ? toInt64(args[2]) : -1;
    return replacements && { patterns: Object.keys(search), replacements, plain: false, limit };
  }
  const patterns = Array.isArray(search) ? search : [search];
  if (patterns.some((p) => typeof p !== 'string')) return undefined;
  const limit = args.length === 4 ? toInt64(args[3]) : -1;
  const base = { patterns: patterns as string[], limit };
  if (args.length < 3) return { ...base, replacements: [], plain: false };
  const replace = args[2];
  if (typeof replace === 'string') return { ...base, replacements: [replace], plain: true };
  const replacements = Array.isArray(replace) ? replacementStrings(replace) : undefined;
  return replacements && { ...base, replacements, plain: false };
}

/** UTF-16 units of the code point at `at` (ICU's positions are UTF-16 units, as JS's are). */
function codePointWidth(text: string, at: number): number {
  return (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * ArangoDB's SUBSTITUTE loop: each pattern walks its own non-overlapping matches; the
 * leftmost pending match wins (the earlier pattern on ties), and matches overlapping a
 * replaced one are skipped. A limit other than -1 stops after that many replacements.
 * The empty pattern matches at every code point boundary, the end of the text included
 * (ArangoDB 3.12.13 on: before, ICU refused an empty pattern or text with a warning).
 */
function substituteText(text: string, s: Substitution): string {
  /** Where pattern k matches first at or after `from`; -1 for nowhere. */
  const find = (k: number, from: number): number => {
    const p = s.patterns[k];
    if (p === '') return from <= text.length ? from : -1;
    return text.indexOf(p, from);
  };
  /** Pattern k's match after its match at `at`: behind it, or a code point on when empty. */
  const after = (k: number, at: number): number => {
    const p = s.patterns[k];
    if (p === '') return at < text.length ? at + codePointWidth(text, at) : -1;
    return find(k, at + p.length);
  };
  const pending = s.patterns.map((_p, k) => find(k, 0));
  let out = '';
  let last = 0;
  for (let count = 1; ; count++) {
    let which = -1;
    pending.forEach((at, k) => {
      if (at !== -1 && (which === -1 || at < pending[which])) which = k;
    });
    if (which === -1) break;
    const at = pending[which];
    out += text.slice(last, at) + (s.replacements[which] ?? (s.plain ? s.replacements[0] : ''));
    last = at + s.patterns[which].length;
    pending[which] = after(which, at);
    pending.forEach((p, k) => {
      let q = p;
      // a stale empty match moves to where the text continues; a real one walks on
      if (s.patterns[k] === '') q = q !== -1 && q < last ? last : q;
      else while (q !== -1 && q < last) q = after(k, q);
      pending[k] = q;
    });
    if ((s.limit !== -1 && count >= s.limit) || pending.every((p) => p === -1)) break;
  }
  return out + text.slice(last);
}

function substitute(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  if (isObject(args[1]) && args.length > 3) {
    ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH, 'SUBSTITUTE', 2, 3);
    return null;
  }
  const s = readSubstitution(args);
  if (!s) return invalid(ctx, 'SUBSTITUTE');
  if (s.limit === 0 || s.patterns.length === 0) return args[0];
  return substituteText(toString(args[0]), s);
}

/**
 * PARTITION(text, separator): the text split at the separator's first occurrence into
 * [before, separator, after]; [text, '', ''] when it does not occur. Both are cast with
 * TO_STRING, and the empty separator occurs at the start.
 */
function partition(text: string, separator: string): string[] {
  const at = text.indexOf(separator);
  if (at === -1) return [text, '', ''];
  return [text.slice(0, at), separator, text.slice(at + separator.length)];
}

// ---------------------------------------------------------------------------------------
// LIKE and REGEX_*
// ---------------------------------------------------------------------------------------

function like(args: AqlValue[]): boolean {
  return likeToRegExp(toString(args[1]), toBool(args[2] ?? null)).test(toString(args[0]));
}

/** The compiled regex of args[patternIndex], or null after warning 1543. */
function regexArg(ctx: FunctionContext, args: AqlValue[], patternIndex: number, ciIndex: number): RegExp | null {
  const re = compileRegex(toString(args[patternIndex]), toBool(args[ciIndex] ?? null));
  if (!re) ctx.warn(ERR.ERROR_QUERY_INVALID_REGEX);
  return re;
}

function regexTest(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const re = regexArg(ctx, args, 1, 2);
  return re && re.test(toString(args[0]));
}

/** The first match and its groups ("" for a group that did not take part), or null. */
function regexMatches(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const re = regexArg(ctx, args, 1, 2);
  if (!re) return null;
  const m = re.exec(toString(args[0]));
  return m ? Array.from(m, (g) => g ?? '') : null;
}

function regexSplit(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const limit = splitLimit(ctx, 'REGEX_SPLIT', args[3]);
  if ('early' in limit) return limit.early;
  const re = regexArg(ctx, args, 1, 2);
  if (!re) return null;
  return splitText(toString(args[0]), re, toString(args[1]) === '', limit.limit);
}

type ReplacementPart = string | number | { name: string };

interface GroupInfo {
  count: number;
  names: Set<string>;
}

const groupInfos = new WeakMap<RegExp, GroupInfo>();

/** Number of capturing groups and the group names of a regex. */
function groupInfo(re: RegExp): GroupInfo {
  let info = groupInfos.get(re);
  if (!info) {
    const m = new RegExp(`${re.source}|`, re.flags).exec('') as RegExpExecArray;
    info = { count: m.length - 1, names: new Set(Object.keys(m.groups ?? {})) };
    groupInfos.set(re, info);
  }
  return info;
}

/** `$n` as ICU reads it: as many digits as still name an existing group. */
function readGroupNumber(rep: string, i: number, count: number): [number, number] | undefined {
  let n = 0;
  let j = i;
  while (j < rep.length && /[0-9]/.test(rep[j]) && n * 10 + Number(rep[j]) <= count) n = n * 10 + Number(rep[j++]);
  return j === i ? undefined : [n, j];
}

/**
 * Parses an ICU replacement string: `\x` is x (\uhhhh and \Uhhhhhhhh decode), `$n` and
 * `${name}` insert groups. A `$` naming no group makes ICU fail; undefined then.
 */
function parseReplacement(rep: string, info: GroupInfo): ReplacementPart[] | undefined {
  const parts: ReplacementPart[] = [];
  let text = '';
  for (let i = 0; i < rep.length; ) {
    const c = rep[i];
    if (c === '\\') {
      const m = /^\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(rep.slice(i));
      text += m ? String.fromCodePoint(parseInt(m[1] ?? m[2], 16)) : (rep[i + 1] ?? '');
      i += m ? m[0].length : 2;
      continue;
    }
    if (c !== '$') {
      text += c;
      i++;
      continue;
    }
    const named = /^\$\{([A-Za-z][A-Za-z0-9]*)\}/.exec(rep.slice(i));
    const numbered = named ? undefined : readGroupNumber(rep, i + 1, info.count);
    if (named ? !info.names.has(named[1]) : !numbered) return undefined;
    parts.push(text, named ? { name: named[1] } : (numbered as [number, number])[0]);
    text = '';
    i = named ? i + named[0].length : (numbered as [number, number])[1];
  }
  parts.push(text);
  return parts;
}

function regexReplace(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const re = regexArg(ctx, args, 1, 3);
  if (!re) return null;
  const parts = parseReplacement(toString(args[2]), groupInfo(re));
  if (!parts) {
    ctx.warn(ERR.ERROR_QUERY_INVALID_REGEX);
    return null;
  }
  const count = groupInfo(re).count;
  return toString(args[0]).replace(globalOf(re), (...m: unknown[]) => {
    const groups = m[count + 3] as Record<string, string | undefined> | undefined;
    return parts
      .map((p) => (typeof p === 'string' ? p : typeof p === 'number' ? ((m[p] as string | undefined) ?? '') : (groups?.[p.name] ?? '')))
      .join('');
  });
}

// ---------------------------------------------------------------------------------------
// Encodings, hashes, tokens
// ---------------------------------------------------------------------------------------

const hashOf = (algorithm: string) => (v: AqlValue): string => createHash(algorithm).update(toString(v), 'utf8').digest('hex');

let crc32cTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as ArangoDB's CRC32() computes. */
function crc32c(bytes: Uint8Array): number {
  if (!crc32cTable) {
    crc32cTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      crc32cTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crc32cTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** FNV-1a, 64 bit. */
function fnv64(bytes: Uint8Array): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) hash = ((hash ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

const utf8 = (v: AqlValue): Buffer => Buffer.from(toString(v), 'utf8');

/** Upper-case hex without leading zeros, as ArangoDB prints CRC32 and FNV64 results. */
const upperHex = (n: number | bigint): string => n.toString(16).toUpperCase();

const URI_UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

function encodeUriComponent(v: AqlValue): string {
  let out = '';
  for (const b of utf8(v)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && URI_UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const TOKEN_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** RANDOM_TOKEN(length): 0..65536 characters; any other length throws 1542. */
function randomToken(v: AqlValue): string {
  const length = toInt64(v);
  if (length < 0 || length > 65536) throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, 'RANDOM_TOKEN');
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN_CHARS[randomInt(TOKEN_CHARS.length)];
  return out;
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/**
 * ArangoDB's soundex: the first ASCII letter, then the codes of the following letters; any
 * other character (vowels, h, w, non-ASCII) separates equal codes. Padded with 0 to 4.
 */
function soundex(v: AqlValue): string {
  const chars = Array.from(toString(v).replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const first = chars.findIndex((c) => /^[a-z]$/.test(c));
  if (first < 0) return '';
  let out = chars[first].toUpperCase();
  let previous = '';
  for (const c of chars.slice(first + 1)) {
    const code = SOUNDEX_CODES[c] ?? '';
    if (code !== '' && code !== previous) out += code;
    if (out.length >= 4) break;
    previous = code;
  }
  return out.padEnd(4, '0');
}

// ---------------------------------------------------------------------------------------
// Distances and similarity
// ---------------------------------------------------------------------------------------

/**
 * ArangoDB's LEVENSHTEIN_DISTANCE on code points: a one-row edit distance where an adjacent
 * transposition makes the cell free, and whose last column starts at 0 instead of its
 * length. Both quirks are ArangoDB's and change some results; they are kept on purpose.
 */
function arangoLevenshtein(a: string, b: string): number {
  let lhs = Array.from(a, (c) => c.codePointAt(0) as number);
  let rhs = Array.from(b, (c) => c.codePointAt(0) as number);
  if (lhs.length === 0 || rhs.length === 0) return lhs.length || rhs.length;
  if (lhs.length < rhs.length) [lhs, rhs] = [rhs, lhs];
  const costs = new Array<number>(rhs.length + 1).fill(0);
  for (let j = 0; j < rhs.length; j++) costs[j] = j;
  let next = 0;
  for (let i = 0; i < lhs.length; i++) {
    let current = i + 1;
    for (let j = 0; j < rhs.length; j++) {
      const same = lhs[i] === rhs[j] || (i > 0 && j > 0 && lhs[i - 1] === rhs[j] && lhs[i] === rhs[j - 1]);
      next = Math.min(costs[j + 1] + 1, current + 1, costs[j] + (same ? 0 : 1));
      costs[j] = current;
      current = next;
    }
    costs[rhs.length] = next;
  }
  return next;
}

/** Textbook edit distance on code points; with transpositions, the optimal string alignment. */
export function editDistance(a: string, b: string, transpositions: boolean): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (transpositions && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        row[j] = Math.min(row[j], prev2[j - 2] + 1);
      }
    }
    [prev2, prev] = [prev, row];
  }
  return prev[t.length];
}

/** LEVENSHTEIN_MATCH(a, b, maxDistance, transpositions = true, maxTerms, prefix). */
function levenshteinMatch(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  if (typeof args[2] !== 'number') return invalid(ctx, 'LEVENSHTEIN_MATCH');
  const max = toInt64(args[2]);
  const transpositions = args.length > 3 ? args[3] : true;
  if (typeof transpositions !== 'boolean') return invalid(ctx, 'LEVENSHTEIN_MATCH');
  if (max < 0 || (!transpositions && max > 4)) return invalid(ctx, 'LEVENSHTEIN_MATCH');
  if (transpositions && max > 3) return arangoLevenshtein(toString(args[0]), toString(args[1])) <= max;
  const text = (v: AqlValue): string => (typeof v === 'string' ? v : '');
  return editDistance(text(args[0]), text(args[1]), transpositions) <= max;
}

/**
 * iresearch's ngram_similarity in 32-bit floats, kept exactly, including that the upper-left
 * cell `d` is not reset between rows. `search` (NGRAM_SIMILARITY) counts whole n-gram matches
 * relative to the target; positional counts matching characters relative to the longer text.
 */
function ngramSimilarity(target: number[], source: number[], size: number, search: boolean): number {
  const f = Math.fround;
  let [t, s] = [target, source];
  if (!search && t.length > s.length) [t, s] = [s, t];
  if (t.length < size || s.length < size) {
    if (search) return t.length === s.length && t.every((c, k) => c === s[k]) ? 1 : 0;
    if (t.length === 0 && s.length === 0) return 1;
    return f(t.filter((c, k) => c === s[k]).length / s.length);
  }
  const tCount = t.length - size + 1;
  const sCount = s.length - size + 1;
  const cache = new Array<number>(sCount + 1).fill(0);
  let d = 0;
  for (let ti = 0; ti < tCount; ti++) {
    for (let si = 1; si <= sCount; si++) {
      const tmp = cache[si];
      cache[si] = Math.max(cache[si - 1], cache[si], f(d + ngramScore(t, ti, s, si - 1, size, search)));
      d = tmp;
    }
  }
  return f(cache[sCount] / (search ? tCount : sCount));
}

/** How well the n-grams at t[ti] and s[si] match: 0/1 (search) or the share of equal characters. */
function ngramScore(t: number[], ti: number, s: number[], si: number, size: number, search: boolean): number {
  let equal = 0;
  for (let k = 0; k < size; k++) if (t[ti + k] === s[si + k]) equal++;
  return search ? (equal === size ? 1 : 0) : Math.fround(equal / size);
}

function ngramFunction(name: string, search: boolean): FunctionDef {
  return fn(name, 3, 3, (ctx, [input, target, size]) => {
    if (typeof input !== 'string' || typeof target !== 'string' || typeof size !== 'number') return invalid(ctx, name);
    const n = toInt64(size);
    if (n < 1) return warnBadParameter(ctx);
    const codes = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) as number);
    return ngramSimilarity(codes(target), codes(input), n, search);
  });
}

// ---------------------------------------------------------------------------------------
// IPv4, JSON, characters
// ---------------------------------------------------------------------------------------

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The number of a dotted IPv4 address (inet_pton rules: no leading zeros), or undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = IPV4.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1).map((o) => (o.length > 1 && o[0] === '0' ? 256 : Number(o)));
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
}

function ipv4FromNumber(ctx: FunctionContext, v: AqlValue): AqlValue {
  if (typeof v !== 'number') return invalid(ctx, 'IPV4_FROM_NUMBER');
  const n = toInt64(v);
  if (n < 0 || n > 0xffffffff) return invalid(ctx, 'IPV4_FROM_NUMBER');
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function ipv4ToNumber(ctx: FunctionContext, v: AqlValue): AqlValue {
  const n = typeof v === 'string' ? parseIpv4(v) : undefined;
  return n === undefined ? invalid(ctx, 'IPV4_TO_NUMBER') : n;
}

/** JSON text to a value; invalid JSON (and numbers beyond doubles) warn 1542. */
function jsonParse(ctx: FunctionContext, v: AqlValue): AqlValue {
  if (typeof v !== 'string') return invalid(ctx, 'JSON_PARSE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch (e) {
    if (e instanceof SyntaxError) return invalid(ctx, 'JSON_PARSE');
    throw e;
  }
  return hasNonFinite(parsed) ? invalid(ctx, 'JSON_PARSE') : (parsed as AqlValue);
}

function hasNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasNonFinite);
  return false;
}

/** TO_CHAR(codePoint): the character; a non-number or negative code point warns 1542. */
function toChar(ctx: FunctionContext, v: AqlValue): AqlValue {
  const cp = typeof v === 'number' ? toInt64(v) : -1;
  if (cp < 0) return invalid(ctx, 'TO_CHAR');
  return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(cp);
}

const REPEAT_LIMIT = 16 * 1024 * 1024;

/** REPEAT(value, count, separator): results over 16 MB warn (resource limit) and give null. */
function repeat(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const count = toInt64(args[1]);
  if (count === 0) return '';
  if (count < 0) return invalid(ctx, 'REPEAT');
  const value = toString(args[0]);
  const separator = args.length > 2 ? toString(args[2]) : '';
  if (value === '' && separator === '') return '';
  if (utf8Length(value) * count + utf8Length(separator) * (count - 1) > REPEAT_LIMIT) {
    ctx.warn(ERR.ERROR_RESOURCE_LIMIT);
    return null;
  }
  return (value + separator).repeat(count - 1) + value;
}

/**
 * REVERSE: arrays element-wise; strings by UTF-16 unit, as ICU's character iterator walks
 * them, so a surrogate pair falls apart into two U+FFFD. Anything else warns 1563.
 */
function reverse(ctx: FunctionContext, v: AqlValue): AqlValue {
  if (Array.isArray(v)) return [...v].reverse();
  if (typeof v !== 'string') {
    ctx.warn(ERR.ERROR_QUERY_ARRAY_EXPECTED);
    return null;
  }
  // by code points, so a character above U+FFFF stays whole (ArangoDB 3.12.13 on)
  return Array.from(v).reverse().join('');
}

// ---------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------

/** A function of one argument that casts it with TO_STRING first. */
function textFn(name: string, impl: (text: string) => AqlValue): FunctionDef {
  return fn(name, 1, 1, (_ctx, [v]) => impl(toString(v)));
}

const NON_DETERMINISTIC = { deterministic: false, cacheable: false };

export const FUNCTIONS: FunctionDef[] = [
  fn('CONCAT', 1, Infinity, (_ctx, args) => concat(args)),
  fn('CONCAT_SEPARATOR', 2, Infinity, (_ctx, args) => concatSeparator(args)),
  fn('CHAR_LENGTH', 1, 1, (_ctx, [v]) => charLength(v)),
  textFn('LOWER', (s) => s.toLowerCase()),
  textFn('UPPER', (s) => s.toUpperCase()),
  fn('SUBSTRING', 2, 3, (_ctx, args) => substring(args)),
  fn('SUBSTRING_BYTES', 2, 5, substringBytes),
  fn('LEFT', 2, 2, (_ctx, args) => left(args)),
  fn('RIGHT', 2, 2, (_ctx, args) => right(args)),
  fn('TRIM', 1, 2, (_ctx, args) => trim(args)),
  fn('LTRIM', 1, 2, (_ctx, args) => trimSide(1)(args)),
  fn('RTRIM', 1, 2, (_ctx, args) => trimSide(2)(args)),
  fn('CONTAINS', 2, 3, (_ctx, args) => contains(args)),
  fn('FIND_FIRST', 2, 4, (_ctx, args) => findFirst(args)),
  fn('FIND_LAST', 2, 4, (_ctx, args) => findLast(args)),
  fn('STARTS_WITH', 2, 4, startsWith),
  fn('SPLIT', 1, 3, split),
  fn('SUBSTITUTE', 2, 4, substitute),
  fn('PARTITION', 2, 2, (_ctx, [text, separator]) => partition(toString(text), toString(separator))),
  fn('LIKE', 2, 3, (_ctx, args) => like(args)),
  fn('REGEX_TEST', 2, 3, regexTest),
  fn('REGEX_MATCHES', 2, 3, regexMatches),
  fn('REGEX_SPLIT', 2, 4, regexSplit),
  fn('REGEX_REPLACE', 3, 4, regexReplace),
  fn('REVERSE', 1, 1, (ctx, [v]) => reverse(ctx, v)),
  fn('MD5', 1, 1, (_ctx, [v]) => hashOf('md5')(v)),
  fn('SHA1', 1, 1, (_ctx, [v]) => hashOf('sha1')(v)),
  fn('SHA256', 1, 1, (_ctx, [v]) => hashOf('sha256')(v)),
  fn('SHA512', 1, 1, (_ctx, [v]) => hashOf('sha512')(v)),
  fn('CRC32', 1, 1, (_ctx, [v]) => upperHex(crc32c(utf8(v)))),
  fn('FNV64', 1, 1, (_ctx, [v]) => upperHex(fnv64(utf8(v)))),
  fn('TO_BASE64', 1, 1, (_ctx, [v]) => utf8(v).toString('base64')),
  fn('TO_HEX', 1, 1, (_ctx, [v]) => utf8(v).toString('hex')),
  fn('ENCODE_URI_COMPONENT', 1, 1, (_ctx, [v]) => encodeUriComponent(v)),
  fn('SOUNDEX', 1, 1, (_ctx, [v]) => soundex(v)),
  fn('LEVENSHTEIN_DISTANCE', 2, 2, (_ctx, [a, b]) => arangoLevenshtein(toString(a), toString(b))),
  fn('LEVENSHTEIN_MATCH', 3, 6, levenshteinMatch),
  ngramFunction('NGRAM_SIMILARITY', true),
  ngramFunction('NGRAM_POSITIONAL_SIMILARITY', false),
  fn('IPV4_TO_NUMBER', 1, 1, (ctx, [v]) => ipv4ToNumber(ctx, v)),
  fn('IPV4_FROM_NUMBER', 1, 1, (ctx, [v]) => ipv4FromNumber(ctx, v)),
  fn('JSON_STRINGIFY', 1, 1, (_ctx, [v]) => stringify(v)),
  fn('JSON_PARSE', 1, 1, (ctx, [v]) => jsonParse(ctx, v)),
  fn('TO_CHAR', 1, 1, (ctx, [v]) => toChar(ctx, v)),
  fn('REPEAT', 2, 3, repeat),
  fn('RANDOM_TOKEN', 1, 1, (_ctx, [v]) => randomToken(v), NON_DETERMINISTIC),
  fn('UUID', 0, 0, () => randomUUID(), NON_DETERMINISTIC),
];
