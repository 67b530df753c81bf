// use-indexes for the multi-dimensional indexes (mdi, mdi-prefixed, zkd), kept apart from
// the persistent-index choice of rules-index.ts: range conditions on any of the index's
// fields (in any order, each bounded on one side, both or not at all), `==` on every
// prefix field of an mdi-prefixed index. As ArangoDB's: `==`, `<=` and `>=` are answered by
// the index; a strict `<` / `>` is read as its closed bound and its FILTER stays.
import type { IndexRecord } from '../../storage/catalog.js';
import type { IndexOp } from '../../storage/index-reader.js';
import { readableSpecial } from '../../storage/special-indexes.js';

/** The part of a FILTER conjunct the choice needs. */
interface Cond {
  path: string;
  op: IndexOp;
}

export function isMdi(ix: IndexRecord): boolean {
  return ix.type === 'mdi' || ix.type === 'mdi-prefixed' || ix.type === 'zkd';
}

/**
 * The conditions an mdi index serves, per field (prefix fields first), the ones it answers
 * completely, and a score among the candidate indexes; undefined when it cannot serve
 * them. `excludesNull` tells whether a field's conditions rule out null (a sparse index
 * lacks the documents whose fields are null or missing).
 */
export function mdiUsage<C extends Cond>(ix: IndexRecord, all: C[], excludesNull: (conds: C[]) => boolean): { fields: C[][]; covered: C[]; score: number } | undefined {
  if (!readableSpecial(ix)) return undefined;
  const prefix = ix.type === 'mdi-prefixed' ? ((ix.props?.prefixFields as string[] | undefined) ?? []) : [];
  const fields: C[][] = [];
  for (const f of prefix) {
    const eq = all.filter((c) => c.path === f && c.op === '==');
    if (eq.length === 0) return undefined;
    fields.push(eq);
  }
  let bounded = 0;
  for (const f of ix.fields) {
    const conds = all.filter((c) => c.path === f && c.op !== 'in');
    if (ix.sparse && !excludesNull(conds)) return undefined;
    if (conds.length > 0) bounded++;
    fields.push(conds);
  }
  if (bounded === 0) return undefined;
  const covered = fields.flat().filter((c) => c.op !== '<' && c.op !== '>');
  return { fields, covered, score: 21 + bounded + prefix.length * 5 };
}
