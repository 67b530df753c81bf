// ArangoSearch's AQL functions outside SEARCH: ANALYZER(expr, name), which gives its first
// argument there, and TOKENS(input, analyzer?) as ArangoDB's
// aqlFnTokens computes it (strings through the analyzer, numbers, booleans and null as
// ArangoSearch's base64 terms, arrays element by element, keeping their nesting; its
// errors word for word). The tokenizing is src/analyzers'; the query's environment finds
// the analyzer by name and runs the query of an aql analyzer.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { isObject, toBool, type AqlValue } from '../../values/index.js';
import { builtIn, type AnalyzerDefinition } from '../../analyzers/definitions.js';
import { boolTerm, needsQueryRunner, NULL_TERM, numericTerms, tokenize, tokenizeAsync, type Token } from '../../analyzers/tokenize.js';
import { type FunctionContext, type FunctionDef, fn } from './registry.js';
import { bm25, tfidf } from '../search/scoring.js';

const SUFFIX = "while computing result for function 'TOKENS'";
const bad = (m: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, m);

function analyzerOf(ctx: FunctionContext, args: AqlValue[]): AnalyzerDefinition {
  if (args.length < 2) return builtIn('identity')!;
  const name = args[1];
  if (typeof name !== 'string') throw bad(`invalid analyzer name argument type ${SUFFIX}, string expected`);
  const def = ctx.env.analyzer ? ctx.env.analyzer(name) : (builtIn(name) ?? null);
  if (!def) throw bad(`failure to find arangosearch analyzer with name '${name}' ${SUFFIX}`);
  return def;
}

/** The terms of one token of an analyzer whose returnType is number or bool: wrapped in an array. */
function tokenTerms(t: Token): AqlValue {
  if (typeof t === 'string') return t;
  return typeof t === 'number' ? numericTerms(t) : [boolTerm(t)];
}

async function tokens(ctx: FunctionContext, args: AqlValue[]): Promise<AqlValue> {
  const def = analyzerOf(ctx, args);
  const env = ctx.env;
  const run = env.runAnalyzerQuery ? (q: string, b: Record<string, unknown>) => env.runAnalyzerQuery!(q, b) : undefined;
  const viaQuery = needsQueryRunner(def);
  const one = async (v: AqlValue): Promise<AqlValue> => {
    // an empty array comes out as [[]], as ArangoDB's loop writes it
    if (Array.isArray(v) && v.length === 0) return [[]];
    if (Array.isArray(v)) {
      const out: AqlValue[] = [];
      for (const x of v) out.push(await one(x));
      return out;
    }
    if (v === null) return [NULL_TERM];
    if (typeof v === 'boolean') return [boolTerm(v)];
    if (typeof v === 'number') return numericTerms(v);
    // geo analyzers take objects (whose S2 terms Cairn does not compute), the others strings
    const geo = def.type === 'geojson' || def.type === 'geopoint';
    if (isObject(v) !== geo) throw bad(`unexpected parameter type '${isObject(v) ? 'object' : 'string'}' ${SUFFIX}`);
    if (geo) return tokenize(def, '');
    const s = v as string;
    if (!viaQuery) return tokenize(def, s);
    if (!run) throw bad(`failure to get arangosearch analyzer with name '${def.name}' ${SUFFIX}`);
    return (await tokenizeAsync(def, s, run)).map(tokenTerms);
  };
  // an array's elements each give their tokens (nested arrays keep their nesting)
  return one(args[0] ?? null);
}

/** ArangoDB's dummyFilterFunc: the filter functions evaluated outside SEARCH. */
const FILTER_ONLY =
  'ArangoSearch filter functions EXISTS, PHRASE  are designed to be used only within a corresponding SEARCH statement of ArangoSearch view. Please ensure function signature is correct.';
const filterOnly = () => {
  throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, FILTER_ONLY);
};

/** MIN_MATCH(cond1, ..., condN, count) outside SEARCH: at least `count` truthy conditions (ArangoDB's minMatchFunc). */
function minMatch(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const need = args[args.length - 1];
  if (typeof need !== 'number') {
    ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, 'MIN_MATCH');
    return null;
  }
  let left = Math.trunc(need);
  for (let i = 0; i < args.length - 1 && left > 0; i++) if (toBool(args[i]!)) left--;
  return left === 0;
}

/** Length of the longest common subsequence of two token lists. */
function lcs(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    for (let j = 1; j <= b.length; j++) row[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * NGRAM_MATCH(a, b, [threshold = 0.7,] analyzer) outside SEARCH: whether the longest common
 * run of b's n-grams in a's, relative to b's n-gram count, reaches the threshold.
 */
function ngramMatch(ctx: FunctionContext, args: AqlValue[]): AqlValue {
  const [a, b] = args;
  const name = args[args.length - 1];
  const threshold = args.length === 4 ? args[2] : 0.7;
  if (typeof a !== 'string' || typeof b !== 'string' || typeof threshold !== 'number' || typeof name !== 'string' || args.length < 3) {
    ctx.warn(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH, 'NGRAM_MATCH');
    return null;
  }
  const def = ctx.env.analyzer ? ctx.env.analyzer(name) : (builtIn(name) ?? null);
  if (!def) throw bad(`failure to find arangosearch analyzer with name '${name}' while computing result for function 'NGRAM_MATCH'`);
  const want = tokenize(def, b);
  if (want.length === 0) return false;
  return lcs(want, tokenize(def, a)) / want.length >= threshold;
}

/** ArangoDB Community's NotImplementedEE: the Enterprise Edition's functions throw 9. */
export function enterpriseOnly(name: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `Function '${name}' is available in ArangoDB Enterprise Edition only.`);
}
const eeOnly = (name: string) => () => {
  throw enterpriseOnly(name);
};
const EE = { deterministic: false, cacheable: false } as const;

export const FUNCTIONS: FunctionDef[] = [
  // search highlighting and MinHash are Enterprise Edition (offset-info and lsh community suites)
  fn('OFFSET_INFO', 2, 3, eeOnly('OFFSET_INFO'), EE),
  fn('MINHASH', 2, 2, eeOnly('MINHASH'), EE),
  fn('MINHASH_COUNT', 1, 1, eeOnly('MINHASH_COUNT'), EE),
  fn('MINHASH_ERROR', 1, 1, eeOnly('MINHASH_ERROR'), EE),
  fn('MINHASH_MATCH', 4, 4, eeOnly('MINHASH_MATCH'), EE),
  fn('NGRAM_MATCH', 2, 4, ngramMatch),
  fn('EXISTS', 1, 3, filterOnly),
  fn('PHRASE', 2, Infinity, filterOnly),
  fn('BOOST', 2, 2, (_ctx, args) => args[0] ?? null),
  fn('MIN_MATCH', 2, Infinity, minMatch),
  // scorers: only a view loop's documents have a score (search/scoring.ts)
  fn('BM25', 1, 3, (_ctx, args) => bm25(args), { deterministic: false, cacheable: false }),
  fn('TFIDF', 1, 2, (_ctx, args) => tfidf(args), { deterministic: false, cacheable: false }),
  fn('TOKENS', 1, 2, tokens, { async: true }),
  // outside SEARCH, ArangoDB's contextFunc: the first argument, unchanged
  fn('ANALYZER', 2, 2, (_ctx, args) => args[0] ?? null),
];
