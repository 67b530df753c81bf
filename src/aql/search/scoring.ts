// ArangoSearch's scorers BM25 and TFIDF, computed as iresearch computes them (in 32-bit
// floats): per matched term, BM25 = boost*(k+1)*idf * tf / (tf + k*(1-b+b*dl/avgdl)) with
// dl = tokens in the field (the `norm` feature, stored as iresearch's Norm2 by 3.12's
// links), avgdl = tokens of the field / docs with it;
// idf = ln(1 + (docsWithField - docsWithTerm + 0.5)/(docsWithTerm + 0.5)) (BM15 when b
// is 0, BM1 when k is 0); TFIDF = boost * (1 + ln((docsWithField+1)/(docsWithTerm+1))) *
// sqrt(tf), times 1/sqrt(dl) when normalized. A document's score is the sum over its
// hits. Fields whose analyzer lacks the `frequency` feature score 0, and without `norm`
// every field counts as one token long.
//
// A view loop registers each document it emits with its hits (register); BM25() and
// TFIDF() called on anything else raise ArangoDB's error for scorers outside a view.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { AqlValue } from '../../values/index.js';
import type { Hit, SearchDoc } from './filter.js';

/** Field statistics over the view's documents. */
export interface FieldStats {
  docsWithField(key: string): number;
  totalTermFreq(key: string): number;
  /** Tokens of field `key` in one document. */
  length(doc: SearchDoc, key: string): number;
  /** The index features of field `key` (its analyzer's; typed values: frequency, norm). */
  features(key: string): readonly string[];
}

interface Scored {
  doc: SearchDoc;
  hits: Hit[];
  stats: FieldStats;
}

const SCORED = new WeakMap<object, Scored>();

/** Records what a view loop matched for the document object it emits. */
export function register(emitted: object, doc: SearchDoc, hits: Hit[], stats: FieldStats): void {
  SCORED.set(emitted, { doc, hits, stats });
}

const f = Math.fround;

export const SCORER_ERROR =
  'ArangoSearch scorer functions BM25() and TFIDF() are designed to be used only outside SEARCH statement within a context of ArangoSearch view. Please ensure function signature is correct.';

function scoredOf(v: AqlValue): Scored {
  const s = v !== null && typeof v === 'object' ? SCORED.get(v) : undefined;
  if (!s) throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, SCORER_ERROR);
  return s;
}

function numberArg(v: AqlValue | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `failed to build scorer '${name}'`);
  return v;
}

/** The sum of per-hit scores, a group of hits counting with its best (iresearch's max merge). */
function combine(hits: Hit[], score: (h: Hit) => number): number {
  let total = 0;
  const best = new Map<string, number>();
  for (const h of hits) {
    const v = score(h);
    if (h.group === undefined) total = f(total + v);
    else best.set(h.group, Math.max(best.get(h.group) ?? 0, v));
  }
  for (const v of best.values()) total = f(total + v);
  return total;
}

/** BM25(doc, k = 1.2, b = 0.75). */
export function bm25(args: AqlValue[]): number {
  const s = scoredOf(args[0] ?? null);
  const k = f(numberArg(args[1], 1.2, 'bm25'));
  const b = f(numberArg(args[2], 0.75, 'bm25'));
  return combine(s.hits, (h) => {
    const feats = s.stats.features(h.key);
    if (!feats.includes('frequency')) return 0;
    const dwf = s.stats.docsWithField(h.key);
    const dwt = h.df();
    const idf = f(Math.log1p((dwf - dwt + 0.5) / (dwt + 0.5)));
    const c0 = f(f(f(h.boost) * f(k + 1)) * idf);
    // links of ArangoDB 3.12 store `norm` as iresearch's Norm2: the field's token count
    const norm = feats.includes('norm');
    const tf = f(h.tf);
    let score: number;
    if (k === 0) score = c0;
    else if (b === 0) score = f(f(c0 * tf) / f(k + tf));
    else {
      const kb = f(k * b);
      const normConst = f(k - kb);
      const ttf = s.stats.totalTermFreq(h.key);
      const normLength = ttf && dwf ? f(kb / f(f(ttf) / f(dwf))) : kb;
      const dl = norm ? s.stats.length(s.doc, h.key) : 1;
      // Norm2 lengths below 256 take iresearch's cached 1 / (k(1-b) + k*b*dl/avgdl)
      const inv = f(1 / f(normConst + f(normLength * dl)));
      score = f(c0 - f(c0 / f(1 + f(tf * inv))));
    }
    return score;
  });
}

/** TFIDF(doc, normalize = false). */
export function tfidf(args: AqlValue[]): number {
  const s = scoredOf(args[0] ?? null);
  const normalize = args[1] === undefined ? false : args[1];
  if (typeof normalize !== 'boolean') throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, "failed to build scorer 'tfidf'");
  return combine(s.hits, (h) => {
    const feats = s.stats.features(h.key);
    if (!feats.includes('frequency')) return 0;
    const dwf = s.stats.docsWithField(h.key);
    const dwt = h.df();
    const idf = f(Math.log((dwf + 1) / (dwt + 1)) + 1);
    const score = f(f(h.boost * idf) * f(Math.sqrt(h.tf)));
    return normalize && feats.includes('norm') ? f(score * f(1 / Math.sqrt(s.stats.length(s.doc, h.key)))) : score;
  });
}
