// The one question views and inverted indexes ask about analyzers: does the analyzer a
// link or an index field names exist, under which full name, with which features. The
// built-ins and their features come from src/analyzers/definitions.ts (pure, the one
// table); custom analyzers are the database's `_analyzers` documents, read directly here
// because storage sits below src/analyzers/store.ts (which imports storage).
import { builtIn } from '../analyzers/definitions.js';
import type { Catalog } from './catalog.js';
import type { DocumentStore } from './documents.js';

export interface AnalyzerInfo {
  /** The built-in's name, or `<db>::<name>` for a custom analyzer. */
  name: string;
  features: string[];
}

/** Looks analyzers up for database `db` (a function, so a caller can hand it down). */
export type AnalyzerResolver = (name: string) => AnalyzerInfo | undefined;

/**
 * The analyzer `name` names in database `db`: a built-in, `<name>` or `<db>::<name>` of
 * `db`'s own, `::<name>` or `_system::<name>` of `_system`'s. undefined when it does not
 * exist (or names another database).
 */
export function resolveAnalyzer(catalog: Catalog, documents: DocumentStore, db: string, name: string): AnalyzerInfo | undefined {
  const builtin = builtinAnalyzer(name);
  if (builtin) return builtin;
  const sep = name.indexOf('::');
  const owner = sep < 0 ? db : sep === 0 ? '_system' : name.slice(0, sep);
  const short = sep < 0 ? name : name.slice(sep + 2);
  if (owner !== db && owner !== '_system') return undefined;
  const col = catalog.collection(owner, '_analyzers');
  if (!col || short === '') return undefined;
  const doc = documents.get(col, short);
  if (!doc) return undefined;
  const features = Array.isArray(doc.features) ? doc.features.filter((f): f is string => typeof f === 'string') : [];
  return { name: `${owner}::${short}`, features };
}

/** The built-in analyzers alone (for a caller without a database). */
export function builtinAnalyzer(name: string): AnalyzerInfo | undefined {
  const builtin = builtIn(name);
  return builtin ? { name, features: [...builtin.features] } : undefined;
}

/** `resolveAnalyzer` bound to one database. */
export function analyzerResolver(catalog: Catalog, documents: DocumentStore, db: string): AnalyzerResolver {
  return (name) => resolveAnalyzer(catalog, documents, db, name);
}

/**
 * How a link or an inverted index of database `db` shows the analyzer named `full`, as
 * ArangoDB's IResearchAnalyzerFeature::normalize without the vocbase prefix: built-ins,
 * and in `_system` every analyzer, by bare name; `db`'s own by short name; `_system`'s
 * as `::name`; others by full name.
 */
export function shortAnalyzerName(full: string, db: string): string {
  const at = full.indexOf('::');
  if (at < 0) return full;
  const prefix = full.slice(0, at);
  if (db === '_system' || prefix === db) return full.slice(at + 2);
  if (prefix === '' || prefix === '_system') return full.slice(at);
  return full;
}
