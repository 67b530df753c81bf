// EnumerateViewNode: the documents of a view's linked collections (each once, collection
// by collection in link order, documents in key order) that the SEARCH condition
// matches, found by scanning and indexing them on the fly (search/fields.ts) instead of
// reading an inverted index. The scan happens once per block; the condition is evaluated
// per input row. Each emitted document is a fresh copy registered with its hits, which
// BM25() and TFIDF() read (search/scoring.ts).
import type { AqlObject, AqlValue } from '../../values/index.js';
import type { EnumerateViewNode } from '../planner/plan.js';
import { compileExpression, type Row } from './expression.js';
import { indexDocument, type DocFields, type Resolve, type ViewSource } from '../search/fields.js';
import { compileSearch, type Corpus, type Hit, type Matcher, type SearchDoc } from '../search/filter.js';
import { register, type FieldStats } from '../search/scoring.js';
import type { Block, ExecContext } from './blocks.js';
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';

interface ViewDoc extends SearchDoc {
  collection: string;
  doc: AqlObject;
}

const PULL = 1000;
const TYPED_FEATURES = ['frequency', 'norm'];

/** The view's documents with their indexed fields and the statistics scorers need. */
export class ViewCorpus implements Corpus, FieldStats {
  readonly docs: ViewDoc[] = [];
  private readonly withField = new Map<string, number>();
  private readonly termFreq = new Map<string, number>();
  private readonly termDocs = new Map<string, Map<string, number>>();
  constructor(private readonly resolve: Resolve) {}

  add(collection: string, doc: AqlObject, fields: DocFields): void {
    this.docs.push({ collection, doc, fields });
    for (const [key, values] of fields) {
      this.withField.set(key, (this.withField.get(key) ?? 0) + 1);
      let n = 0;
      for (const v of values) n += v.length;
      this.termFreq.set(key, (this.termFreq.get(key) ?? 0) + n);
    }
  }

  docsWithField(key: string): number {
    return this.withField.get(key) ?? 0;
  }
  totalTermFreq(key: string): number {
    return this.termFreq.get(key) ?? 0;
  }
  length(doc: SearchDoc, key: string): number {
    let n = 0;
    for (const v of doc.fields.get(key) ?? []) n += v.length;
    return n;
  }
  features(key: string): readonly string[] {
    const parts = key.split('\u0000');
    if (parts[1] !== 's') return TYPED_FEATURES;
    return this.resolve(parts[2]!)?.features ?? [];
  }
  docsWithTerm(key: string, term: string): number {
    let m = this.termDocs.get(key);
    if (!m) {
      m = new Map();
      for (const d of this.docs) {
        const seen = new Set<string>();
        for (const v of d.fields.get(key) ?? []) for (const t of v) seen.add(JSON.stringify(t));
        for (const t of seen) m.set(t, (m.get(t) ?? 0) + 1);
      }
      this.termDocs.set(key, m);
    }
    return m.get(term) ?? 0;
  }
}

export class EnumerateViewBlock implements Block {
  private corpus: ViewCorpus | undefined;
  private readonly matcher: Matcher | undefined;
  private readonly resolve: Resolve;
  private source: ViewSource | undefined | null = null;
  private pending: Row[] = [];
  private current: Row | null = null;
  private pos = 0;
  private closed = false;

  constructor(
    private readonly node: EnumerateViewNode,
    private readonly input: Block,
    private readonly ex: ExecContext,
  ) {
    const env = ex.rt.fn.env;
    const defs = new Map<string, AnalyzerDefinition | null>();
    this.resolve = (name) => {
      if (!defs.has(name)) defs.set(name, env.analyzer ? env.analyzer(name) : null);
      return defs.get(name)!;
    };
    this.matcher = node.condition
      ? compileSearch(node.condition, {
          loopVar: node.outVariable,
          resolve: this.resolve,
          analyzerName: (name) => this.resolve(name)?.name ?? null,
          compile: (e) => compileExpression(e, ex.rt),
          corpus: () => this.corpus!,
          defaultAnalyzer: this.viewSource()?.type === 'search-alias' ? '*' : 'identity',
        })
      : undefined;
  }

  private viewSource(): ViewSource | undefined {
    if (this.source === null) this.source = this.ex.data.viewSource?.(this.node.view);
    return this.source;
  }

  /** Scans and indexes the view's collections (once). */
  private async load(): Promise<ViewCorpus> {
    if (this.corpus) return this.corpus;
    const source = this.viewSource();
    const corpus = new ViewCorpus(this.resolve);
    const tokens = new Map<string, string[]>();
    const only = this.node.options.collections;
    for (const link of source?.links ?? []) {
      if (only && !only.includes(link.collection)) continue;
      const reader = this.ex.data.openScan(link.collection);
      try {
        for (;;) {
          const docs = await reader.next(PULL);
          if (docs.length === 0) break;
          for (const doc of docs) corpus.add(link.collection, doc, indexDocument(doc, link.meta, this.resolve, tokens));
          this.ex.rt.stats.scannedIndex += docs.length;
          await this.ex.rt.checkpoint();
        }
      } finally {
        reader.close();
      }
    }
    this.corpus = corpus;
    return corpus;
  }

  async next(max: number): Promise<Row[]> {
    const out: Row[] = [];
    while (!this.closed && out.length < max) {
      await this.ex.rt.checkpoint();
      if (!this.current) {
        if (this.pending.length === 0) this.pending = await this.input.next(PULL);
        const row = this.pending.shift();
        if (!row) break;
        this.current = row;
        this.pos = 0;
      }
      const corpus = await this.load();
      const reg = this.node.outVariable.reg;
      while (this.pos < corpus.docs.length && out.length < max) {
        const d = corpus.docs[this.pos++]!;
        let hits: Hit[] | null = [];
        if (this.matcher) hits = this.matcher(d, this.current);
        if (!hits) continue;
        const emitted = { ...d.doc };
        register(emitted, d, hits, corpus);
        const r = this.current.slice();
        r[reg] = emitted as AqlValue;
        out.push(r);
      }
      if (this.pos >= corpus.docs.length) this.current = null;
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.close();
  }
}

