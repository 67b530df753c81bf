// The view a query names, as a view loop reads it (fields.ts ViewSource): an arangosearch
// view's links (their stored, resolved meta), or a search-alias view's inverted indexes
// turned into the same shape (each index field a link field with its analyzer, nested
// paths split on dots, `[*]` dropped). Reads the catalog; changes nothing.
import type { Storage } from '../../storage/storage.js';
import type { InvertedField, InvertedProps } from '../../storage/inverted-index.js';
import type { FieldMeta, ViewSource } from './fields.js';

/** The source of view `name` of database `db`, or undefined when there is no such view. */
export function viewSource(storage: Storage, db: string, name: string): ViewSource | undefined {
  const catalog = storage.catalog;
  const v = catalog.view(db, name);
  if (!v) return undefined;
  if (v.type === 'arangosearch') {
    const links = Object.entries(v.links ?? {}).flatMap(([cid, meta]) => {
      const col = catalog.collection(db, cid);
      return col ? [{ collection: col.name, meta: meta as unknown as FieldMeta }] : [];
    });
    const primarySort = (v.meta?.primarySort as { field: string; asc: boolean }[] | undefined) ?? [];
    return { name: v.name, type: 'arangosearch', links, primarySort };
  }
  const links: ViewSource['links'] = [];
  let primarySort: ViewSource['primarySort'] | undefined;
  for (const ref of v.indexes ?? []) {
    const col = catalog.collection(db, String(ref.collection));
    const ix = col?.indexes.find((i) => i.id === ref.index);
    if (!col || !ix) continue;
    const p = ix.props as unknown as InvertedProps;
    links.push({ collection: col.name, meta: invertedMeta(p) });
    primarySort ??= p.primarySort.fields.map((f) => ({ field: f.field, asc: f.direction === 'asc' }));
  }
  return { name: v.name, type: 'search-alias', links, primarySort: primarySort ?? [] };
}

/** An inverted index's fields as link meta. */
export function invertedMeta(p: InvertedProps): FieldMeta {
  const root: FieldMeta = { analyzers: [p.analyzer], fields: {}, includeAllFields: p.includeAllFields, trackListPositions: p.trackListPositions, storeValues: 'id' };
  for (const f of p.fields) place(root, f, p);
  return root;
}

function place(root: FieldMeta, f: InvertedField, p: InvertedProps): void {
  const parts = f.name.replace(/\[\*\]/g, '').split('.');
  let at = root;
  parts.forEach((name, i) => {
    const last = i === parts.length - 1;
    let next = at.fields[name];
    if (!next) {
      next = { analyzers: last ? [f.analyzer ?? p.analyzer] : [], fields: {}, includeAllFields: false, trackListPositions: f.trackListPositions ?? p.trackListPositions, storeValues: 'id' };
      at.fields[name] = next;
    }
    if (last) {
      next.analyzers = [f.analyzer ?? p.analyzer];
      next.includeAllFields = f.includeAllFields ?? false;
    }
    at = next;
  });
}
