// late-document-materialization: an IndexNode followed by FILTER/SORT work that reads
// only indexed attributes (and _key), then a LIMIT, produces partial documents from the
// index entries; a MaterializeNode after the LIMIT fetches just the documents that
// survive it. It pays when many index entries are sorted to keep a few rows. A full
// collection scan does the same with its stored documents (no `_id`, not yet in their
// external form): rows carry only the attributes read before the LIMIT when the stored
// bytes give them (storage/record-probe.ts), and the document of each row that survives
// the LIMIT is read again; rows that carry a whole stored document are externalized.
import { everyChild, readsOnlyStoredAttributes, type RExpr, type Variable } from '../planner/ir.js';
import type { Plan, QueryPlan } from '../planner/plan.js';
import { newVariable, nextNodeId } from './rules-basic.js';
import { pipelines, usesOf } from './vars.js';
import { onlyStoredAttributes, readsIndexOnly } from './rules-enumerate.js';

/** True when `e` reads `v` only through attribute paths the index stores (or _key). */
function coveredOnly(e: RExpr, v: Variable, fields: string[]): boolean {
  const parts: string[] = [];
  let x = e;
  while (x.k === 'attr') {
    parts.unshift(x.name);
    x = x.obj;
  }
  if (x.k === 'var' && x.v === v) {
    const path = parts.join('.');
    return parts.length > 0 && (path === '_key' || fields.some((f) => path === f || path.startsWith(f + '.')));
  }
  if (e.k === 'var') return e.v !== v;
  return everyChild(e, (c) => coveredOnly(c, v, fields));
}

/** True when a subquery reads `v` only in calculations that read covered attributes of it. */
function subqueryReadsCovered(sub: Plan, v: Variable, covered: (e: RExpr) => boolean): boolean {
  return pipelines(sub).every((x) =>
    x.nodes.every((n) => n.type === 'SubqueryNode' || !usesOf(n).includes(v) || (n.type === 'CalculationNode' && !n.async && covered(n.expression))),
  );
}

export function lateDocumentMaterialization(q: QueryPlan): boolean {
  let changed = false;
  for (const p of pipelines(q.root)) {
    for (let i = 1; i < p.nodes.length; i++) {
      const ix = p.nodes[i];
      // (a scan whose documents are only ever read by attribute gets projections instead)
      const scan =
        ix.type === 'EnumerateCollectionNode' && !ix.random && !ix.late && !ix.projections && !ix.filter && !onlyStoredAttributes(p.nodes.slice(i + 1), ix.outVariable, new Map());
      // (not over an array index or a union of lookups: their entries do not make one partial document per row)
      if (!scan && (ix.type !== 'IndexNode' || ix.index.type !== 'persistent' || ix.late || ix.branches || ix.index.fields.some((f) => f.includes('[*]')))) continue;
      if (ix.type !== 'IndexNode' && ix.type !== 'EnumerateCollectionNode') continue;
      // (an index that holds everything read is read alone: ArangoDB then keeps projections)
      if (ix.type === 'IndexNode' && readsIndexOnly(p, i, ix)) continue;
      const v = ix.outVariable;
      const paths = new Map<string, string[]>();
      const covered = (e: RExpr): boolean => (ix.type === 'IndexNode' ? coveredOnly(e, v, ix.index.fields) : readsOnlyStoredAttributes(e, v, paths));
      let j = i + 1;
      let sorted = false;
      let ok = true;
      for (; ok && j < p.nodes.length && p.nodes[j].type !== 'LimitNode'; j++) {
        const n = p.nodes[j];
        if (n.type === 'SortNode') sorted = !n.elements.some((e) => e.variable === v);
        else if (n.type === 'FilterNode') ok = n.inVariable !== v;
        else if (n.type === 'CalculationNode') ok = !n.async && covered(n.expression);
        else if (n.type === 'SubqueryNode') ok = subqueryReadsCovered(n.subquery, v, covered);
        else ok = false;
        if (n.type === 'SortNode' && !sorted) ok = false;
      }
      if (!ok || !sorted || p.nodes[j]?.type !== 'LimitNode') continue;
      const docIdVariable = newVariable(q);
      p.nodes[i] = ix.type === 'IndexNode' ? { ...ix, late: { docIdVariable } } : { ...ix, late: true, lateAttributes: [...new Set([...paths.values()].map((path) => path[0]))] };
      p.nodes.splice(j + 1, 0, {
        type: 'MaterializeNode',
        id: nextNodeId(q),
        collection: ix.collection,
        outVariable: v,
        docIdVariable,
        ...(ix.type === 'EnumerateCollectionNode' ? { fromStored: true } : {}),
      });
      changed = true;
    }
  }
  return changed;
}
