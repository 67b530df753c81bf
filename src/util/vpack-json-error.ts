// The message ArangoDB gives for a request body its JSON parser (VelocyPack's) refuses:
// a scan of the body's bytes that stops at the first error VelocyPack would raise and
// names it in VelocyPack's words ("Expecting '\"' or '}'", "Invalid UTF-8 sequence" ...).
// The full scan runs only on bodies already refused (JSON.parse failed, or the bytes are
// not UTF-8) or suspect, so it may be simple rather than fast; it builds no values.
// vpackRefusesParsed is the cheap check for texts JSON.parse accepted: VelocyPack still
// refuses a number whose exponent takes it out of double range (`1e400`) and a \u escape
// of a lone surrogate (`"\uD800"`), which JSON.parse keeps as Infinity and a lone UTF-16
// unit. One regular expression pass finds candidates; only a candidate costs a full scan.

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first error VelocyPack's parser reports for `bytes`, or undefined when it accepts them. */
export function vpackJsonError(bytes: Uint8Array): string | undefined {
  try {
    new Scan(bytes).document();
    return undefined;
  } catch (e) {
    if (e instanceof ScanError) return e.message;
    throw e;
  }
}

/**
 * For `text` JSON.parse has accepted: VelocyPack's message when its parser would still
 * refuse it (a number out of double range, a lone surrogate escape), else undefined.
 * Cheap on the common path: one regular expression pass whose hits (`\uD...` escapes,
 * a digit before an exponent) are checked in place; only a suspect hit costs a full scan.
 */
export function vpackRefusesParsed(text: string): string | undefined {
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(text); m !== null; m = SUSPECT.exec(text)) {
    const suspect = m[0].charCodeAt(0) === 0x5c /* \ */ ? loneSurrogate(text, m.index) : hugeExponent(text, m.index);
    if (suspect) return vpackJsonError(Buffer.from(text, 'utf8'));
  }
  return undefined;
}

/** Hits, in strings too (the checks and then the full scan decide); linear, no backtracking. */
const SUSPECT = /\\u[dD]|\d[eE]/g;

const isHex = (c: number, lo: number, hi: number): boolean => (c | 0x20) >= lo && (c | 0x20) <= hi;

/** Whether the `\uD...` escape at `at` is a surrogate without its partner (an escape of one, as JSON.parse left it). */
function loneSurrogate(text: string, at: number): boolean {
  const c = text.charCodeAt(at + 3);
  if (isHex(c, 0x38, 0x39) || isHex(c, 0x61, 0x62)) {
    // a high surrogate wants \uDC00-\uDFFF next
    return !(text.charCodeAt(at + 6) === 0x5c && text.charCodeAt(at + 7) === 0x75 && (text.charCodeAt(at + 8) | 0x20) === 0x64 && isHex(text.charCodeAt(at + 9), 0x63, 0x66));
  }
  if (!isHex(c, 0x63, 0x66)) return false; // \uD000-\uD7FF: no surrogate
  // a low surrogate wants \uD800-\uDBFF before
  const h = text.charCodeAt(at - 3);
  return !(at >= 6 && text.charCodeAt(at - 6) === 0x5c && text.charCodeAt(at - 5) === 0x75 && (text.charCodeAt(at - 4) | 0x20) === 0x64 && (isHex(h, 0x38, 0x39) || isHex(h, 0x61, 0x62)));
}

/**
 * Whether the number whose mantissa ends at `at` (an exponent follows) may leave double
 * range as VelocyPack computes it (mantissa times 10^exponent: infinite, or 0 times
 * infinity): its integer digits and its exponent together reach 300.
 */
function hugeExponent(text: string, at: number): boolean {
  let j = at + 2;
  const negative = text.charCodeAt(j) === 0x2d;
  if (negative || text.charCodeAt(j) === 0x2b) j++;
  let exponent = 0;
  for (; isDigit(text.charCodeAt(j)) && exponent < 1000; j++) exponent = exponent * 10 + text.charCodeAt(j) - 0x30;
  let i = at;
  while (i >= 0 && isDigit(text.charCodeAt(i))) i--;
  if (i >= 1 && text.charCodeAt(i) === 0x2e) for (i--; i >= 0 && isDigit(text.charCodeAt(i)); ) i--; // over a fraction
  const digits = at - i; // an upper bound on the integer digits: enough to pass most hits
  return digits >= 300 || (!negative && digits + exponent >= 300);
}

class ScanError extends Error {}

const fail = (message: string): never => {
  throw new ScanError(message);
};

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** One pass over the bytes in VelocyPack's order (Parser::parseJson and its helpers). */
class Scan {
  private pos = 0;
  constructor(private readonly b: Uint8Array) {}

  document(): void {
    const b = this.b;
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.pos = 3; // a BOM is skipped
    this.value();
    while (this.pos < b.length && WS.has(b[this.pos]!)) this.pos++;
    if (this.pos !== b.length) fail('Expecting EOF');
  }

  /** The next byte after blanks, not consumed; `err` at the end of the input. */
  private peekAfterBlanks(err: string): number {
    while (this.pos < this.b.length && WS.has(this.b[this.pos]!)) this.pos++;
    if (this.pos >= this.b.length) fail(err);
    return this.b[this.pos]!;
  }

  /** The next byte, consumed; -1 at the end of the input. */
  private next(): number {
    return this.pos < this.b.length ? this.b[this.pos++]! : -1;
  }

  private nextOr(err: string): number {
    const c = this.next();
    if (c < 0) fail(err);
    return c;
  }

  private value(): void {
    this.peekAfterBlanks('Expecting item');
    const c = this.next();
    if (c === 0x7b /* { */) this.object();
    else if (c === 0x5b /* [ */) this.array();
    else if (c === 0x74 /* t */) this.literal('rue', "Expecting 'true'");
    else if (c === 0x66 /* f */) this.literal('alse', "Expecting 'false'");
    else if (c === 0x6e /* n */) this.literal('ull', "Expecting 'null'");
    else if (c === 0x22 /* " */) this.string();
    else {
      this.pos--;
      this.number();
    }
  }

  private literal(rest: string, err: string): void {
    for (let i = 0; i < rest.length; i++) if (this.next() !== rest.charCodeAt(i)) fail(err);
  }

  private digits(): void {
    while (this.pos < this.b.length && isDigit(this.b[this.pos]!)) this.pos++;
  }

  private number(): void {
    const start = this.pos;
    let c = this.next();
    if (c === 0x2d /* - */) c = this.nextOr('Incomplete number');
    if (!isDigit(c)) fail('Expecting digit');
    if (c !== 0x30) this.digits();
    c = this.next();
    if (c === 0x2e /* . */) {
      if (!isDigit(this.nextOr('Incomplete number'))) fail('Incomplete number');
      this.digits();
      c = this.next();
    }
    if (c !== 0x65 && c !== 0x45 /* e E */) {
      if (c >= 0) this.pos--;
      return;
    }
    const mantissaEnd = this.pos - 1;
    c = this.nextOr('Incomplete number');
    if (c === 0x2b || c === 0x2d) c = this.nextOr('Incomplete number');
    if (!isDigit(c)) fail('Incomplete number');
    this.digits();
    // VelocyPack multiplies the mantissa by 10^exponent and refuses a result that is not
    // finite (so `0e400`, 0 times infinity, too); the value itself it parses again after
    const text = (a: number, z: number) => Buffer.from(this.b.subarray(a, z)).toString('latin1');
    const value = Number(text(start, mantissaEnd)) * Math.pow(10, Number(text(mantissaEnd + 1, this.pos)));
    if (!Number.isFinite(value)) fail('Number out of range');
  }

  /** A string after its opening quote; returns its raw bytes' end (the closing quote). */
  private string(): number {
    let high = false; // a \u escape of a high surrogate was the last thing read
    for (;;) {
      const c = this.nextOr('Unfinished string');
      let highNow = false;
      if (c === 0x22) {
        if (high) fail('Unexpected end of string after high surrogate');
        return this.pos - 1;
      }
      if (c === 0x5c /* \ */) {
        const e = this.next();
        if (e === 0x75 /* u */) {
          const v = this.hex4();
          if (v >= 0xdc00 && v < 0xe000) {
            if (!high) fail('Unexpected \\uXXXX escape sequence (low surrogate without high surrogate)');
            high = false;
          } else if (v >= 0xd800 && v < 0xdc00) {
            if (high) fail('Unexpected \\uXXXX escape sequence (multiple adjacent high surrogates)');
            high = highNow = true;
          }
        } else if (!'"/\\bfnrt'.includes(String.fromCharCode(e)) || e < 0) fail('Invalid escape sequence');
      } else if (c < 0x20) fail('Unexpected control character');
      else if (c >= 0x80) this.utf8(c);
      if (high && !highNow) fail('Unexpected \\uXXXX escape sequence (high surrogate without low surrogate)');
    }
  }

  private hex4(): number {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = this.nextOr('Unfinished \\uXXXX escape sequence');
      const d = isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) fail('Illegal \\uXXXX escape sequence character');
      v = (v << 4) + d;
    }
    return v;
  }

  /** The continuation bytes of a multi-byte UTF-8 sequence led by `c`. */
  private utf8(c: number): void {
    const follow = (c & 0xe0) === 0xc0 ? 1 : (c & 0xf0) === 0xe0 ? 2 : (c & 0xf8) === 0xf0 ? 3 : 0;
    if (follow === 0) fail('Invalid UTF-8 sequence');
    for (let j = 0; j < follow; j++) {
      if ((this.nextOr('scanString: truncated UTF-8 sequence') & 0xc0) !== 0x80) fail('Invalid UTF-8 sequence');
    }
  }

  private array(): void {
    if (this.peekAfterBlanks("Expecting item or ']'") === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      const c = this.peekAfterBlanks("Expecting ',' or ']'");
      this.pos++;
      if (c === 0x5d) return;
      if (c !== 0x2c) fail("Expecting ',' or ']'");
    }
  }

  /** An object; a key named twice fails when the object closes, as VelocyPack checks then. */
  private object(): void {
    let c = this.peekAfterBlanks("Expecting item or '}'");
    if (c === 0x7d) {
      this.pos++;
      return;
    }
    const keys = new Set<string>();
    let duplicate = false;
    for (;;) {
      if (c !== 0x22) fail("Expecting '\"' or '}'");
      const start = this.pos++;
      const end = this.string();
      const key = JSON.parse(Buffer.from(this.b.subarray(start, end + 1)).toString('utf8')) as string;
      if (keys.has(key)) duplicate = true;
      keys.add(key);
      if (this.peekAfterBlanks("Expecting ':'") !== 0x3a) fail("Expecting ':'");
      this.pos++;
      this.value();
      c = this.peekAfterBlanks("Expecting ',' or '}'");
      this.pos++;
      if (c === 0x7d) {
        if (duplicate) fail('Duplicate attribute name');
        return;
      }
      if (c !== 0x2c) fail("Expecting ',' or '}'");
      c = this.peekAfterBlanks("Expecting '\"' or '}'");
    }
  }
}
