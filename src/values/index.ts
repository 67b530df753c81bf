// AQL value semantics in one import: the value type, type order, comparison and casts.
export * from './types.js';
export * from './compare.js';
export * from './cast.js';
