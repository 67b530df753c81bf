// Tokens of a value under an analyzer definition, as ArangoSearch's analyzers (iresearch)
// produce them: identity, delimiter, multi_delimiter, norm, ngram, text, stem, stopwords,
// segmentation, pipeline and (through a caller's query runner) aql. Word breaking is
// Intl.Segmenter's (ICU's rules, as ArangoDB's); stemming is Snowball's (snowball-stemmers,
// the algorithms of libstemmer, which ArangoDB uses). Types whose terms are binary
// (collation sort keys, wildcard, minhash, geojson/geopoint S2 cells) are refused.
// Pure functions: no storage, no AQL; `aql` needs the caller's runner (tokenizeAsync).
import { createRequire } from 'node:module';
import type snowballModule from 'snowball-stemmers';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { AnalyzerDefinition, Json, JsonObject } from './definitions.js';

/** A token: a string, or a number or bool from an aql analyzer with that returnType. */
export type Token = string | number | boolean;

/** Runs an aql analyzer's query with @param bound to the input; resolves to its rows. */
export type AqlRunner = (queryString: string, bindVars: Record<string, unknown>) => Promise<unknown[]>;

type Props = JsonObject;
type Def = Pick<AnalyzerDefinition, 'type' | 'properties'>;

const p = <T extends Json>(props: Props, key: string): T => props[key] as T;

// ---- case, accents, locale ----------------------------------------------------------

const language = (locale: string) => locale.split(/[_-]/)[0]!.toLowerCase();
const bcp47 = (locale: string) => locale.replace('_', '-');

function applyCase(s: string, mode: string, locale: string): string {
  try {
    if (mode === 'lower') return s.toLocaleLowerCase(bcp47(locale));
    if (mode === 'upper') return s.toLocaleUpperCase(bcp47(locale));
  } catch {
    return mode === 'lower' ? s.toLowerCase() : s.toUpperCase();
  }
  return s;
}

/** Removes accents (combining marks after canonical decomposition), as ICU's transliterator. */
export function removeAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
}

// ---- stemming --------------------------------------------------------------------

const SNOWBALL: Record<string, string> = {
  da: 'danish', de: 'german', en: 'english', es: 'spanish', fi: 'finnish', fr: 'french', hu: 'hungarian', it: 'italian',
  nl: 'dutch', no: 'norwegian', nb: 'norwegian', nn: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian',
  sv: 'swedish', tr: 'turkish', ar: 'arabic', ca: 'catalan', cs: 'czech', eu: 'basque', ga: 'irish', sl: 'slovene',
  ta: 'tamil', hy: 'armenian',
};
const stemmers = new Map<string, ((w: string) => string) | null>();

/**
 * snowball-stemmers (860 KB of stemmers, CommonJS), loaded when a first word is stemmed:
 * a server whose analyzers never stem does not pay for it at start.
 */
let snowball: typeof snowballModule | undefined;
function snowballStemmers(): typeof snowballModule {
  snowball ??= createRequire(import.meta.url)('snowball-stemmers') as typeof snowballModule;
  return snowball;
}

/** The Snowball stemmer of a locale's language, or null when it has none (text_zh: none). */
export function stemmerFor(locale: string): ((w: string) => string) | null {
  const lang = language(locale);
  if (!stemmers.has(lang)) {
    const algo = SNOWBALL[lang];
    const s = algo ? snowballStemmers().newStemmer(algo) : null;
    stemmers.set(lang, s ? (w: string) => s.stem(w) : null);
  }
  return stemmers.get(lang)!;
}

// ---- word breaking ---------------------------------------------------------------

function segments(s: string, locale: string): Intl.SegmentData[] {
  let seg: Intl.Segmenter;
  try {
    seg = new Intl.Segmenter(bcp47(locale), { granularity: 'word' });
  } catch {
    seg = new Intl.Segmenter('en', { granularity: 'word' });
  }
  return [...seg.segment(s)];
}

// ---- the analyzers ---------------------------------------------------------------

/** The delimiter analyzer: fields between delimiters; a field in double quotes may hold it ("" is a quote). */
function delimited(s: string, delim: string): string[] {
  if (delim === '') return [s];
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      // a quoted field runs to the closing quote that a delimiter (or the end) follows
      let j = i + 1;
      let field = '';
      let closed = false;
      while (j < s.length) {
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        field += s[j++];
      }
      if (closed && (j === s.length || s.startsWith(delim, j))) {
        out.push(field);
        i = j + delim.length;
        if (j === s.length) break;
        continue;
      }
    }
    const at = s.indexOf(delim, i);
    if (at < 0) {
      out.push(s.slice(i));
      break;
    }
    out.push(s.slice(i, at));
    i = at + delim.length;
  }
  return out;
}

/** multi_delimiter: splits at any of the delimiters (the longest matching first); empty tokens are dropped. */
function multiDelimited(s: string, delims: string[]): string[] {
  const sorted = delims.filter((d) => d !== '').sort((a, b) => b.length - a.length);
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const d = sorted.find((x) => s.startsWith(x, i));
    if (d) {
      if (i > start) out.push(s.slice(start, i));
      i += d.length;
      start = i;
    } else i++;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

/** ngram: every n-gram (min..max) at each position, in bytes (binary) or characters (utf8). */
function ngrams(s: string, props: Props): string[] {
  const min = p<number>(props, 'min');
  const max = p<number>(props, 'max');
  const keep = p<boolean>(props, 'preserveOriginal');
  const start = p<string>(props, 'startMarker') ?? '';
  const end = p<string>(props, 'endMarker') ?? '';
  const binary = p<string>(props, 'streamType') !== 'utf8';
  const units: string[] | Buffer = binary ? Buffer.from(s, 'utf8') : [...s];
  const len = units.length;
  const text = (a: number, b: number) => (binary ? (units as Buffer).subarray(a, b).toString('utf8') : (units as string[]).slice(a, b).join(''));
  const out: string[] = [];
  for (let i = 0; i < len; i++) {
    let emittedOriginal = false;
    for (let n = min; n <= max && i + n <= len; n++) {
      let t = text(i, i + n);
      if (i === 0) t = start + t;
      if (i + n === len) t += end;
      if (i === 0 && n === len) emittedOriginal = true;
      out.push(t);
    }
    if (i === 0 && keep && !emittedOriginal && len > 0) {
      out.push(start + s);
      if (end !== '') out.push(s + end);
    }
  }
  if (len === 0 && keep) out.push(start + end);
  return out;
}

function text(s: string, props: Props): string[] {
  const locale = p<string>(props, 'locale');
  const mode = p<string>(props, 'case') ?? 'lower';
  const accent = p<boolean>(props, 'accent') ?? false;
  const stopwords = new Set(p<string[]>(props, 'stopwords') ?? []);
  const stem = (p<boolean>(props, 'stemming') ?? true) ? stemmerFor(locale) : null;
  const edge = props.edgeNgram as JsonObject | undefined;
  const out: string[] = [];
  for (const seg of segments(s, locale)) {
    if (!seg.isWordLike) continue;
    let w = applyCase(seg.segment, mode, locale);
    if (!accent) w = removeAccents(w);
    if (stopwords.has(w)) continue;
    if (stem) w = stem(w);
    if (!edge) {
      out.push(w);
      continue;
    }
    const chars = [...w];
    const min = typeof edge.min === 'number' ? edge.min : 1;
    const max = typeof edge.max === 'number' ? edge.max : chars.length;
    let full = false;
    for (let n = Math.max(min, 1); n <= Math.min(max, chars.length); n++) {
      out.push(chars.slice(0, n).join(''));
      if (n === chars.length) full = true;
    }
    if (edge.preserveOriginal === true && !full) out.push(w);
  }
  return out;
}

function segmentation(s: string, props: Props): string[] {
  const mode = p<string>(props, 'case') ?? 'lower';
  const brk = p<string>(props, 'break') ?? 'alpha';
  const out: string[] = [];
  for (const seg of segments(s, 'en')) {
    if (brk === 'alpha' && !seg.isWordLike) continue;
    if (brk === 'graphic' && /^\s*$/u.test(seg.segment)) continue;
    out.push(applyCase(seg.segment, mode, 'en'));
  }
  return out;
}

function stopwordsFilter(s: string, props: Props): string[] {
  const hex = p<boolean>(props, 'hex');
  const words = (p<string[]>(props, 'stopwords') ?? []).map((w) => (hex ? Buffer.from(w, 'hex').toString('utf8') : w));
  return words.includes(s) ? [] : [s];
}

const unsupported = (type: string) =>
  ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `Cairn cannot compute the terms of '${type}' analyzers (binary terms ArangoDB derives from ICU collation keys, hashes or S2 cells)`);

/** The string analyzers, one per type: value -> tokens. */
const STRING_ANALYZERS: Record<string, (s: string, props: Props) => string[]> = {
  identity: (s) => [s],
  delimiter: (s, props) => delimited(s, p<string>(props, 'delimiter')),
  multi_delimiter: (s, props) => multiDelimited(s, p<string[]>(props, 'delimiters')),
  norm: (s, props) => {
    const locale = p<string>(props, 'locale');
    let t = applyCase(s, p<string>(props, 'case') ?? 'none', locale);
    if (p<boolean>(props, 'accent') === false) t = removeAccents(t);
    return [t];
  },
  stem: (s, props) => {
    const stem = stemmerFor(p<string>(props, 'locale'));
    return [stem ? stem(s) : s];
  },
  ngram: ngrams,
  text,
  segmentation,
  stopwords: stopwordsFilter,
};

/**
 * The tokens of string `value` under `def`, synchronously. Throws 501/9 for types whose
 * terms Cairn cannot compute, and for aql analyzers (anywhere in a pipeline), which need
 * tokenizeAsync and a query runner.
 */
export function tokenize(def: Def, value: string): string[] {
  if (def.type === 'pipeline') {
    let tokens = [value];
    for (const m of def.properties.pipeline as unknown as Def[]) tokens = tokens.flatMap((t) => tokenize(m, t));
    return tokens;
  }
  const fn = STRING_ANALYZERS[def.type];
  if (!fn) throw def.type === 'aql' ? ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, 'aql analyzers need tokenizeAsync') : unsupported(def.type);
  return fn(value, def.properties);
}

/** tokenize, and aql analyzers too (also inside pipelines) through `runAql`. */
export async function tokenizeAsync(def: Def, value: string, runAql: AqlRunner): Promise<Token[]> {
  if (def.type === 'aql') return aqlTokens(def.properties, value, runAql);
  if (def.type === 'pipeline') {
    let tokens: Token[] = [value];
    for (const m of def.properties.pipeline as unknown as Def[]) {
      const next: Token[] = [];
      for (const t of tokens) next.push(...(await tokenizeAsync(m, typeof t === 'string' ? t : String(t), runAql)));
      tokens = next;
    }
    return tokens;
  }
  return tokenize(def, value);
}

/** Whether `def` (or a member of its pipeline) is an aql analyzer. */
export function needsQueryRunner(def: Def): boolean {
  if (def.type === 'aql') return true;
  return def.type === 'pipeline' && (def.properties.pipeline as unknown as Def[]).some(needsQueryRunner);
}

/** What an aql analyzer's rows come to, per its returnType and keepNull (ArangoDB's AqlAnalyzer). */
async function aqlTokens(props: Props, value: string, runAql: AqlRunner): Promise<Token[]> {
  const rows = await runAql(p<string>(props, 'queryString'), { param: value });
  const keepNull = p<boolean>(props, 'keepNull') ?? true;
  const returnType = p<string>(props, 'returnType') ?? 'string';
  const out: Token[] = [];
  for (const row of rows) {
    if (row === null && !keepNull) continue;
    if (returnType === 'number') out.push(typeof row === 'number' ? row : Number(toText(row)) || 0);
    else if (returnType === 'bool') out.push(typeof row === 'boolean' ? row : row !== null && row !== 0 && row !== '' && row !== false);
    else out.push(toText(row));
  }
  return out;
}

function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

// ---- terms of non-string values (ArangoSearch's numeric, boolean and null streams) --------

/** The term of null, as TOKENS shows it (ArangoSearch's null term is empty). */
export const NULL_TERM = '';

/** The term of a boolean, base64 as TOKENS shows it. */
export function boolTerm(b: boolean): string {
  return Buffer.from([b ? 0xff : 0x00]).toString('base64');
}

/**
 * The terms of a number (indexed as a double), base64 as TOKENS shows them: iresearch's
 * numeric stream with precision step 16, one term per shift (0, 16, 32, 48), each a marker
 * byte (0xA0 + shift) and the high bytes of the double's sortable bits (sign bit flipped
 * for positive numbers, every bit for negative ones, so byte order is numeric order).
 */
export function numericTerms(n: number): string[] {
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(n === 0 ? 0 : n);
  let bits = buf.readBigUInt64BE();
  bits = bits >> 63n === 1n ? bits ^ 0xffffffffffffffffn : bits ^ 0x8000000000000000n;
  const out: string[] = [];
  for (let shift = 0; shift < 64; shift += 16) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(bits);
    out.push(Buffer.concat([Buffer.from([0xa0 + shift]), bytes.subarray(0, (64 - shift) / 8)]).toString('base64'));
  }
  return out;
}
