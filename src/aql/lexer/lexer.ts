// The AQL lexer: a pull lexer the parser advances one token at a time (no token array).
// It reproduces ArangoDB's flex scanner (arangod/Aql/tokens.ll) closely enough that syntax
// errors carry the same "near '...' at position L:C": each token records the offset flex
// would report for it (for a quoted string or identifier that is its closing quote) and,
// at the end of the text, the last piece of whitespace or comment flex matched.
// Positions stay offsets; line:column is computed only when an error message is built.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { KEYWORDS, Tok } from './tokens.js';

/** Where flex would say a token is: an offset, its line, and where that line's columns start. */
export interface Loc {
  readonly pos: number;
  readonly line: number;
  /** Offset that flex counts as column 0 (columns are UTF-8 bytes from here to `pos`). */
  readonly colOrigin: number;
}

/** A warning raised while scanning (number literals out of range). */
export interface LexWarning {
  readonly code: number;
  readonly message: string;
}

/** Everything the lexer needs to resume from a token: used for the parser's lookahead. */
export interface LexerMark {
  readonly type: Tok;
  readonly value: string | number | null;
  readonly start: number;
  readonly end: number;
  readonly loc: Loc;
  readonly pos: number;
  readonly line: number;
  readonly colOrigin: number;
  readonly last: Loc;
  readonly warnings: number;
}

const SNIPPET_BYTES = 32;

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // a surrogate half counts 2 here, so a pair adds up to the 4 bytes of its code point
  if (code >= 0xd800 && code <= 0xdfff) return 2;
  return 3;
}

/**
 * ArangoDB's error suffix: `<message> near '<snippet>' at position <line>:<column>`, where
 * the snippet is the query from the position on, cut after 32 bytes with "..." appended.
 * The text is walked the way ArangoDB's QueryString::extractRegion walks it (\n, \r and
 * \r\n each end a line; columns count bytes).
 */
export function describePosition(text: string, message: string, loc: Loc): string {
  let column = 0;
  for (let i = loc.colOrigin; i < loc.pos; i++) column += utf8Length(text.charCodeAt(i));
  let line = 1;
  let col = 0;
  let p = 0;
  while (p < text.length) {
    if (line > loc.line || (line >= loc.line && col >= column)) break;
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) {
      p += c === 13 && text.charCodeAt(p + 1) === 10 ? 2 : 1;
      line++;
      col = 0;
    } else {
      col += utf8Length(c);
      p++;
    }
  }
  return `${message} near '${snippet(text, p)}' at position ${loc.line}:${column + 1}`;
}

function snippet(text: string, from: number): string {
  let bytes = 0;
  let end = from;
  while (end < text.length && bytes + utf8Length(text.charCodeAt(end)) <= SNIPPET_BYTES) bytes += utf8Length(text.charCodeAt(end++));
  let rest = bytes;
  for (let i = end; i < text.length; i++) rest += utf8Length(text.charCodeAt(i));
  return rest < SNIPPET_BYTES ? text.slice(from) : `${text.slice(from, end)}...`;
}

/**
 * The location of an offset for errors raised after parsing (e.g. by the planner from a
 * node's `pos`): lines end at \n, columns count from the line start. (Only the lexer knows
 * flex's quirks inside multi-line strings; outside them this is the same.)
 */
export function locAt(text: string, pos: number): Loc {
  let line = 1;
  let colOrigin = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    colOrigin = i + 1;
  }
  return { pos, line, colOrigin };
}

/** A 1501 (or other parse-time) error at `loc`, worded as ArangoDB's parser words it. */
export function parseError(text: string, message: string, loc: Loc, def = ERR.ERROR_QUERY_PARSE): ArangoError {
  return ArangoError.withMessage(def, describePosition(text, message, loc));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10;

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const FORWARD_TICK = 0xb4;

export class Lexer {
  readonly text: string;
  /** Warnings from number literals (1504), in the order they were scanned. */
  readonly warnings: LexWarning[] = [];

  // the current token
  type: Tok = Tok.End;
  value: string | number | null = null;
  start = 0;
  end = 0;
  loc: Loc = { pos: 0, line: 1, colOrigin: 0 };

  // scanning state
  private pos = 0;
  private line = 1;
  private colOrigin = 0;
  /** The last thing flex matched (token, blank run, comment piece): where END is reported. */
  private last: Loc = { pos: 0, line: 1, colOrigin: 0 };

  constructor(text: string) {
    this.text = text;
  }

  /** Advances to the next token; throws 1501 on an unterminated string, name or comment. */
  next(): void {
    this.skipBlanksAndComments();
    this.start = this.pos;
    if (this.pos >= this.text.length) return this.finish(Tok.End, null, this.last);
    this.scanToken(this.text.charCodeAt(this.pos));
  }

  mark(): LexerMark {
    const { type, value, start, end, loc, pos, line, colOrigin, last } = this;
    return { type, value, start, end, loc, pos, line, colOrigin, last, warnings: this.warnings.length };
  }

  reset(m: LexerMark): void {
    ({ type: this.type, value: this.value, start: this.start, end: this.end, loc: this.loc } = m);
    ({ pos: this.pos, line: this.line, colOrigin: this.colOrigin, last: this.last } = m);
    this.warnings.length = m.warnings;
  }

  /** Location of the token that ended at the last `next()` (used for errors after it). */
  here(pos = this.pos): Loc {
    return { pos, line: this.line, colOrigin: this.colOrigin };
  }

  private finish(type: Tok, value: string | number | null, loc: Loc = this.here(this.start)): void {
    this.type = type;
    this.value = value;
    this.end = this.pos;
    this.loc = loc;
    this.last = loc;
  }

  private newline(at: number, resetColumn: boolean): void {
    this.line++;
    // flex's line counting zeroes the column before the rule's own action; a newline
    // inside a string then still adds its own byte, so the next character is column 1
    this.colOrigin = resetColumn ? at + 1 : at;
  }

  // ---- blanks and comments --------------------------------------------------------

  private skipBlanksAndComments(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.newline(this.pos++, true);
        this.last = this.here();
      } else if (c === 32 || c === 9 || c === 13) {
        this.last = this.here();
        while (this.pos < t.length && (t.charCodeAt(this.pos) === 32 || t.charCodeAt(this.pos) === 9 || t.charCodeAt(this.pos) === 13)) this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        this.skipLineComment();
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  private skipLineComment(): void {
    const t = this.text;
    this.last = this.here();
    this.pos += 2;
    if (this.pos < t.length && t.charCodeAt(this.pos) !== 10) this.last = this.here();
    while (this.pos < t.length && t.charCodeAt(this.pos) !== 10) this.pos++;
    if (this.pos < t.length) {
      this.newline(this.pos++, true);
      this.last = this.here();
    }
  }

  private skipBlockComment(): void {
    const t = this.text;
    this.last = this.here();
    this.pos += 2;
    for (;;) {
      if (this.pos >= t.length) throw parseError(t, 'unexpected unterminated multi-line comment', this.last);
      const c = t.charCodeAt(this.pos);
      if (c === 42 && t.charCodeAt(this.pos + 1) === 47) {
        this.last = this.here();
        this.pos += 2;
        return;
      }
      if (c === 10) {
        this.newline(this.pos++, true);
        this.last = this.here();
      } else if (c === 42) {
        this.last = this.here();
        this.pos++;
      } else {
        this.last = this.here();
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 42 && t.charCodeAt(this.pos) !== 10) this.pos++;
      }
    }
  }

  // ---- tokens -----------------------------------------------------------------------

  /**
   * Why a switch on char codes: this is the hot loop of parsing, and a switch over the
   * first character is what flex's DFA amounts to; a regex per token would be slower and
   * would hide the longest-match decisions (e.g. `.5` number vs `..` vs `.`).
   */
  private scanToken(c: number): void {
    const t = this.text;
    const next = t.charCodeAt(this.pos + 1);
    switch (c) {
      case 40: return this.punct(Tok.Open, 1);
      case 41: return this.punct(Tok.Close, 1);
      case 123: return this.punct(Tok.ObjectOpen, 1);
      case 125: return this.punct(Tok.ObjectClose, 1);
      case 91: return this.punct(Tok.ArrayOpen, 1);
      case 93: return this.punct(Tok.ArrayClose, 1);
      case 44: return this.punct(Tok.Comma, 1);
      case 43: return this.punct(Tok.Plus, 1);
      case 45: return this.punct(Tok.Minus, 1);
      case 42: return this.punct(Tok.Times, 1);
      case 47: return this.punct(Tok.Div, 1);
      case 37: return this.punct(Tok.Mod, 1);
      case 63: return this.punct(Tok.Question, 1);
      case 58: return next === 58 ? this.punct(Tok.Scope, 2) : this.punct(Tok.Colon, 1);
      case 61: // = == =~
        if (next === 61) return this.punct(Tok.Eq, 2);
        return next === 126 ? this.punct(Tok.RegexMatch, 2) : this.punct(Tok.Assign, 1);
      case 33: // ! != !~ and "! IN"
        if (next === 61) return this.punct(Tok.Ne, 2);
        if (next === 126) return this.punct(Tok.RegexNonMatch, 2);
        return this.notOrNotIn(1, 0);
      case 60: return next === 61 ? this.punct(Tok.Le, 2) : this.punct(Tok.Lt, 1);
      case 62: return next === 61 ? this.punct(Tok.Ge, 2) : this.punct(Tok.Gt, 1);
      case 38: return next === 38 ? this.punct(Tok.And, 2) : this.punct(Tok.Invalid, 1);
      case 124: return next === 124 ? this.punct(Tok.Or, 2) : this.punct(Tok.Invalid, 1);
      case 46: // .. .5 .
        if (next === 46) return this.punct(Tok.Range, 2);
        return isDigit(next) ? this.scanNumber() : this.punct(Tok.Dot, 1);
      case 34: // "
      case 39: // '
        return this.scanQuoted(c, Tok.QuotedString);
      case 96: // `
      case FORWARD_TICK:
        return this.scanQuoted(c, Tok.Identifier);
      case 64: // @
        return this.scanParameter();
      default:
        if (isDigit(c)) return this.scanNumber();
        if (isLetter(c) || c === 36 || c === 95) return this.scanWord(c);
        // flex hands bison a negative char for bytes >= 0x80 (and NUL), which bison
        // takes as the end of the input: ArangoDB stops reading the query there
        if (c >= 0x80 || c === 0) return this.finish(Tok.End, null);
        return this.punct(Tok.Invalid, 1);
    }
  }

  private punct(type: Tok, length: number): void {
    this.pos += length;
    this.finish(type, null);
  }

  /** `NOT IN` / `! IN` (IN a whole word) is one token, as in tokens.ll; else NOT. */
  private notOrNotIn(length: number, minBlanks: number): void {
    const t = this.text;
    let p = this.pos + length;
    while (p < t.length && isBlank(t.charCodeAt(p))) p++;
    const blanks = p - this.pos - length;
    const isIn = blanks >= minBlanks && (t.charCodeAt(p) | 32) === 105 && (t.charCodeAt(p + 1) | 32) === 110 && !isWordChar(t.charCodeAt(p + 2));
    const loc = this.here(this.start);
    if (!isIn) return this.punct(Tok.Not, length);
    this.countNewlines(this.pos, p);
    this.pos = p + 2;
    this.finish(Tok.NotIn, null, loc);
  }

  /** Newlines inside a multi-word token (`NOT\nIN`) still count lines, as flex does. */
  private countNewlines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 10) this.newline(i, false);
  }

  private scanWord(first: number): void {
    const t = this.text;
    let p = this.pos;
    if (first === 36) p++; // $name
    if (first === 95) {
      while (t.charCodeAt(p) === 95) p++;
      if (!isLetter(t.charCodeAt(p))) return this.punct(Tok.Invalid, 1);
    } else if (!isLetter(t.charCodeAt(p))) {
      return this.punct(Tok.Invalid, 1);
    }
    while (p < t.length && isWordChar(t.charCodeAt(p))) p++;
    const word = t.slice(this.pos, p);
    const upper = word.toUpperCase();
    if (upper === 'NOT') return this.notOrNotIn(3, 1);
    if (upper === 'AT' && this.atLeast(p)) return;
    this.pos = p;
    const keyword = first === 36 || first === 95 ? undefined : KEYWORDS.get(upper);
    this.finish(keyword ?? Tok.Identifier, keyword === undefined ? word : null);
  }

  /** `AT LEAST` with blanks between (tokens.ll has no word boundary after LEAST). */
  private atLeast(afterAt: number): boolean {
    const t = this.text;
    let p = afterAt;
    while (p < t.length && isBlank(t.charCodeAt(p))) p++;
    if (p === afterAt || t.slice(p, p + 5).toUpperCase() !== 'LEAST') return false;
    const loc = this.here(this.start);
    this.countNewlines(afterAt, p);
    this.pos = p + 5;
    this.finish(Tok.AtLeast, null, loc);
    return true;
  }

  private scanParameter(): void {
    const t = this.text;
    const dataSource = t.charCodeAt(this.pos + 1) === 64;
    let p = this.pos + (dataSource ? 2 : 1);
    const nameStart = p;
    if (t.charCodeAt(p) === 95) {
      while (t.charCodeAt(p) === 95) p++;
      if (!isLetter(t.charCodeAt(p)) && !isDigit(t.charCodeAt(p))) return this.punct(Tok.Invalid, 1);
    } else if (!isLetter(t.charCodeAt(p)) && !isDigit(t.charCodeAt(p))) {
      return this.punct(Tok.Invalid, 1);
    }
    while (p < t.length && isWordChar(t.charCodeAt(p))) p++;
    this.pos = p;
    const name = t.slice(nameStart, p);
    // like ArangoDB, a data source parameter's value keeps one '@': "@coll"
    this.finish(dataSource ? Tok.DataSourceParameter : Tok.Parameter, dataSource ? `@${name}` : name);
  }

  /**
   * Integers `0|[1-9][0-9]*`, hex `0x` with 1-8 digits, binary `0b` with 1-32 digits,
   * decimals `1.5`, `.5`, exponents `1e5`. Longest match wins, so `01` is two tokens.
   * A value too large for a double is null with warning 1504, as in ArangoDB.
   */
  private scanNumber(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    const x = t.charCodeAt(this.pos + 1) | 32;
    if (c === 48 && (x === 120 || x === 98)) {
      const hex = x === 120;
      const max = hex ? 8 : 32;
      let p = this.pos + 2;
      while (p - this.pos - 2 < max && (hex ? isHexDigit(t.charCodeAt(p)) : t.charCodeAt(p) === 48 || t.charCodeAt(p) === 49)) p++;
      if (p > this.pos + 2) {
        const digits = t.slice(this.pos + 2, p);
        this.pos = p;
        return this.finish(Tok.Integer, parseInt(digits, hex ? 16 : 2));
      }
    }
    let p = this.pos;
    let isDouble = false;
    if (c === 48) p++;
    else while (isDigit(t.charCodeAt(p))) p++;
    if (t.charCodeAt(p) === 46 && isDigit(t.charCodeAt(p + 1))) {
      isDouble = true;
      p++;
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p) | 32;
    const sign = t.charCodeAt(p + 1);
    const digitAt = sign === 43 || sign === 45 ? p + 2 : p + 1;
    if (e === 101 && isDigit(t.charCodeAt(digitAt))) {
      isDouble = true;
      p = digitAt;
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const value = Number(t.slice(this.pos, p));
    this.pos = p;
    if (!Number.isFinite(value)) {
      this.warnings.push({ code: ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE.errorNum, message: ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE.message });
      return this.finish(isDouble ? Tok.Double : Tok.Integer, null);
    }
    this.finish(isDouble ? Tok.Double : Tok.Integer, value);
  }

  /**
   * A string in '...' or "...", or a name in `...` or ´...´, with backslash escapes.
   * flex reports such a token at its closing quote; an unterminated one is an error at
   * the last character scanned.
   */
  private scanQuoted(quote: number, type: Tok): void {
    const t = this.text;
    let lastPiece = this.here();
    let p = this.pos + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= t.length) {
        this.pos = p;
        const what = type === Tok.Identifier ? 'identifier' : 'string literal';
        throw parseError(t, `unexpected unterminated ${what}`, lastPiece);
      }
      const c = t.charCodeAt(p);
      if (c === quote) break;
      if (c === 92 && p + 1 < t.length) {
        lastPiece = { pos: p, line: this.line, colOrigin: this.colOrigin };
        out += t.slice(chunk, p);
        const [text, length] = this.unescape(p + 1);
        out += text;
        // flex matches a backslash before a newline on its own, then the newline
        if (text === '\n' && t.charCodeAt(p + 1) === 10) {
          this.newline(p + 1, false);
          lastPiece = { pos: p + 1, line: this.line, colOrigin: this.colOrigin };
        }
        p += 1 + length;
        chunk = p;
        continue;
      }
      if (c === 10) this.newline(p, false);
      lastPiece = { pos: p, line: this.line, colOrigin: this.colOrigin };
      p++;
    }
    out += t.slice(chunk, p);
    const loc = this.here(p);
    this.pos = p + 1;
    this.finish(type, out, loc);
  }

  /** The escape after a backslash at `p`: its text and how many characters it used. */
  private unescape(p: number): [string, number] {
    const t = this.text;
    const c = t[p];
    if (c === 'u') {
      const hex = t.slice(p + 1, p + 5);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 5];
      return ['u', 1];
    }
    // any other escaped character stands for itself (\" \' \\ \/ included)
    return [ESCAPES[c] ?? c, 1];
  }
}
