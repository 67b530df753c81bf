// What an IndexNode on an inverted index reads (rules-inverted.ts): the collection's
// documents indexed on the fly with the index's fields and analyzers (search/source.ts
// invertedMeta, as a search-alias view sees them), in the index's primarySort order when
// it has one (key order otherwise), filtered by the node's condition with ArangoSearch's
// semantics (search/filter.ts). Cairn keeps no inverted index data: the collection is
// scanned once per block, the condition is evaluated per input row.
import { compare, type AqlObject, type AqlValue } from '../../values/index.js';
import type { InvertedProps } from '../../storage/inverted-index.js';
import type { AnalyzerDefinition } from '../../analyzers/definitions.js';
import type { IndexNode } from '../planner/plan.js';
import { compileExpression, type Row } from './expression.js';
import { indexDocument, type Resolve } from '../search/fields.js';
import { compileSearch, type Matcher } from '../search/filter.js';
import { invertedMeta } from '../search/source.js';
import { ViewCorpus } from './view-block.js';
import type { ExecContext } from './blocks.js';

const PULL = 1000;

function valueAt(doc: AqlObject, path: string): AqlValue {
  let v: AqlValue = doc;
  for (const name of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    v = (v as AqlObject)[name] ?? null;
  }
  return v;
}

export class InvertedScan {
  private corpus: ViewCorpus | undefined;
  private readonly matcher: Matcher | undefined;
  private readonly resolve: Resolve;
  private readonly props: InvertedProps;

  constructor(
    private readonly node: IndexNode,
    private readonly ex: ExecContext,
  ) {
    this.props = node.index.props as unknown as InvertedProps;
    const env = ex.rt.fn.env;
    const defs = new Map<string, AnalyzerDefinition | null>();
    this.resolve = (name) => {
      if (!defs.has(name)) defs.set(name, env.analyzer ? env.analyzer(name) : null);
      return defs.get(name)!;
    };
    this.matcher = node.search
      ? compileSearch(node.search, {
          loopVar: node.outVariable,
          resolve: this.resolve,
          analyzerName: (name) => this.resolve(name)?.name ?? null,
          compile: (e) => compileExpression(e, ex.rt),
          corpus: () => this.corpus!,
          defaultAnalyzer: '*',
          allowExpansion: true,
        })
      : undefined;
  }

  /** Scans and indexes the collection (once), in primarySort order. */
  private async load(): Promise<ViewCorpus> {
    if (this.corpus) return this.corpus;
    const corpus = new ViewCorpus(this.resolve);
    const meta = invertedMeta(this.props);
    const tokens = new Map<string, string[]>();
    const collection = this.node.collection;
    const all: AqlObject[] = [];
    const reader = this.ex.data.openScan(collection);
    try {
      for (;;) {
        const docs = await reader.next(PULL);
        if (docs.length === 0) break;
        all.push(...docs);
        await this.ex.rt.checkpoint();
      }
    } finally {
      reader.close();
    }
    const order = this.props.primarySort.fields;
    if (order.length > 0) {
      all.sort((a, b) => {
        for (const f of order) {
          const c = compare(valueAt(a, f.field), valueAt(b, f.field));
          if (c !== 0) return f.direction === 'asc' ? c : -c;
        }
        return 0;
      });
    }
    for (const doc of all) corpus.add(collection, doc, indexDocument(doc, meta, this.resolve, tokens));
    this.corpus = corpus;
    return corpus;
  }

  /** The documents matching the condition for input row `row`, in index order. */
  async matches(row: Row): Promise<AqlObject[]> {
    const corpus = await this.load();
    const out: AqlObject[] = [];
    for (const d of corpus.docs) {
      if (!this.matcher || this.matcher(d, row)) out.push(d.doc);
    }
    this.ex.rt.stats.scannedIndex += out.length;
    return out;
  }
}
