// The analyzers API for the rest of Cairn (the REST routes, AQL's TOKENS, and later
// SEARCH and views). Use:
//
//   resolveAnalyzer(storage, db, name) -> AnalyzerDefinition | null
//       `name` as a query or view gives it (bare built-in, bare custom of `db`,
//       `db::x`, `_system::x`); null when unknown or unreachable from `db`.
//   tokenize(def, value) -> string[]
//       the tokens of a string, synchronously (throws 501/9 for aql analyzers and types
//       whose terms are binary: collation, wildcard, minhash, geojson, geopoint).
//   tokenizeAsync(def, value, runAql) -> Promise<Token[]>
//       the same plus aql analyzers, whose query the caller runs.
//   numericTerms(n), boolTerm(b), NULL_TERM: the terms ArangoSearch indexes for
//       non-string values (base64, as TOKENS shows them).
//
// Nothing here imports aql or http; definitions.ts is pure, store.ts reads `_analyzers`.
export { resolveAnalyzer, analyzers, parseCreateBody, COLLECTION } from './store.js';
export { tokenize, tokenizeAsync, needsQueryRunner, numericTerms, boolTerm, NULL_TERM, type Token, type AqlRunner } from './tokenize.js';
export { BUILT_IN, builtIn, normalizeAnalyzerName, splitAnalyzerName, type AnalyzerDefinition } from './definitions.js';
