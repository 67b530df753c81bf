// The optimizer rules Cairn implements, as ArangoDB 3.12 registers them: name, level
// (rules run in ascending level, ArangoDB's order), flags. A rule either changes the plan
// in place and says whether it did (`apply`), or proposes extra plans (`variants`, then
// the rule's name is recorded in those plans only). Adding a rule is adding a row.
import type { QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import * as B from './rules-basic.js';
import * as I from './rules-index.js';
import { trimCoveredByInverted, useInvertedIndexes, useInvertedIndexForSort } from './rules-inverted.js';
import { geoIndex } from './rules-geo.js';
import { lateDocumentMaterialization } from './rules-late.js';
import { moveFiltersIntoEnumerate, reduceExtractionToProjection } from './rules-enumerate.js';
import { useVectorIndex } from './rules-vector.js';
import { removeRedundantSorts, removeSortRandLimit1 } from './rules-sort.js';
import { optimizeCount } from './rules-count.js';
import { optimizeEnumeratePathFilters, optimizeTraversals } from './rules-traversal.js';

export interface RuleFlags {
  canBeDisabled: boolean;
  /** Not listed in a plan's `rules` when applied. */
  hidden?: boolean;
  disabledByDefault?: boolean;
  canCreateAdditionalPlans?: boolean;
}

export interface OptimizerRule {
  name: string;
  /** What the rule does, one sentence (GET /_api/query/rules). */
  description: string;
  level: number;
  flags: RuleFlags;
  apply?: (plan: QueryPlan, ctx: OptimizerContext) => boolean;
  variants?: (plan: QueryPlan, ctx: OptimizerContext) => QueryPlan[];
}

const ON: RuleFlags = { canBeDisabled: true };

/** In ArangoDB's level order (OptimizerRule.h); levels are Cairn's own numbers. */
export const RULES: readonly OptimizerRule[] = [
  { name: 'move-calculations-up', description: 'Moves calculations up the plan, as close to the variables they read as possible, so that they run less often.', level: 110, flags: ON, apply: B.moveCalculationsUp },
  { name: 'move-filters-up', description: 'Moves filters up the plan, so that rows are dropped as early as possible.', level: 120, flags: ON, apply: B.moveFiltersUp },
  { name: 'remove-redundant-calculations', description: 'Replaces calculations that compute an expression already computed by an earlier one with that one\'s variable.', level: 130, flags: ON, apply: B.removeRedundantCalculations },
  { name: 'remove-unnecessary-filters', description: 'Removes filters whose condition is always true, and replaces a plan whose filter is always false with an empty one.', level: 140, flags: ON, apply: B.removeUnnecessaryFilters },
  { name: 'remove-unnecessary-calculations', description: 'Removes calculations whose result is never used, and inlines those used only once.', level: 150, flags: ON, apply: B.removeUnnecessaryCalculations },
  { name: 'remove-redundant-sorts', description: 'Removes a SORT that another SORT overrides or already guarantees.', level: 160, flags: ON, apply: removeRedundantSorts },
  { name: 'optimize-subqueries', description: 'Limits subqueries whose result is only tested for emptiness or counted to what that needs.', level: 180, flags: ON, apply: B.optimizeSubqueries },
  { name: 'interchange-adjacent-enumerations', description: 'Proposes plans with adjacent FOR loops in another order, for the cheapest to be chosen.', level: 500, flags: { canBeDisabled: true, canCreateAdditionalPlans: true }, variants: B.interchangeAdjacentEnumerations },
  { name: 'move-calculations-up-2', description: 'Moves calculations up the plan again, after the loops may have been reordered.', level: 510, flags: ON, apply: B.moveCalculationsUp },
  { name: 'move-filters-up-2', description: 'Moves filters up the plan again, after the loops may have been reordered.', level: 520, flags: ON, apply: B.moveFiltersUp },
  { name: 'remove-redundant-sorts-2', description: 'Second pass of removing SORTs made redundant, after loops were reordered.', level: 530, flags: ON, apply: removeRedundantSorts },
  { name: 'optimize-traversals', description: 'Checks FILTER conditions on a traversal\'s path vertices and edges while it walks, so that failing paths are not followed.', level: 532, flags: ON, apply: optimizeTraversals },
  { name: 'optimize-enumerate-path-filters', description: 'Checks FILTER conditions on every vertex or edge of a K_SHORTEST_PATHS, K_PATHS or ALL_SHORTEST_PATHS path during the search.', level: 534, flags: ON, apply: optimizeEnumeratePathFilters },
  { name: 'remove-sort-rand-limit-1', description: 'Reads one document from a random position of the collection for SORT RAND() LIMIT 1 instead of sorting them all.', level: 536, flags: ON, apply: removeSortRandLimit1 },
  { name: 'remove-collect-variables', description: 'Removes the INTO and AGGREGATE variables of COLLECT that are never used.', level: 540, flags: ON, apply: B.removeCollectVariables },
  { name: 'replace-or-with-in', description: 'Replaces equality comparisons of one attribute joined by OR with an IN list.', level: 580, flags: ON, apply: B.replaceOrWithIn },
  { name: 'use-vector-index', description: 'Replaces a collection scan sorted by an APPROX_NEAR_* function and limited with a search of a matching vector index.', level: 590, flags: ON, apply: useVectorIndex },
  { name: 'geo-index-optimizer', description: 'Reads a geo index for a SORT by distance, or for FILTERs on distance, containment or intersection.', level: 590, flags: ON, apply: geoIndex },
  { name: 'use-indexes', description: 'Replaces collection scans with index scans where a filter condition can use an index.', level: 600, flags: ON, apply: (q, ctx) => [useInvertedIndexes(q, ctx), I.useIndexes(q, ctx)].includes(true) },
  { name: 'remove-filter-covered-by-index', description: 'Removes filter conditions that the index scan chosen for them already guarantees.', level: 610, flags: ON, apply: (q) => [trimCoveredByInverted(q), I.removeFilterCoveredByIndex(q)].includes(true) },
  { name: 'remove-unnecessary-filters-2', description: 'Removes filters whose condition became always true once indexes were chosen.', level: 620, flags: ON, apply: B.removeUnnecessaryFilters },
  { name: 'use-index-for-sort', description: 'Removes a SORT when an index scan already returns the rows in that order.', level: 630, flags: ON, apply: (q, ctx) => [useInvertedIndexForSort(q), I.useIndexForSort(q, ctx)].includes(true) },
  { name: 'remove-unnecessary-calculations-2', description: 'Removes calculations that became unused once indexes and sorts were chosen.', level: 700, flags: ON, apply: B.removeUnnecessaryCalculations },
  { name: 'sort-limit', description: 'Keeps only the first rows a SORT followed by LIMIT needs, instead of sorting all rows.', level: 900, flags: ON, apply: B.sortLimit },
  { name: 'late-document-materialization', description: 'Reads whole documents only for the rows that survive SORT and LIMIT.', level: 950, flags: ON, apply: lateDocumentMaterialization },
  { name: 'push-limit-into-index', description: 'Lets an index scan stop once a LIMIT has enough rows.', level: 960, flags: ON, apply: I.pushLimitIntoIndex },
  { name: 'reduce-extraction-to-projection', description: 'Reads only the attributes a loop uses from each document, not the whole document.', level: 970, flags: ON, apply: reduceExtractionToProjection },
  { name: 'move-filters-into-enumerate', description: 'Checks filter conditions inside the collection or index scan, before a row is produced.', level: 980, flags: ON, apply: moveFiltersIntoEnumerate },
  { name: 'optimize-count', description: 'Turns a subquery whose result is only counted into a scan that counts its documents.', level: 990, flags: ON, apply: optimizeCount },
  { name: 'splice-subqueries', description: 'Runs subqueries inline within the enclosing query\'s pipeline.', level: 2000, flags: { canBeDisabled: false }, apply: B.spliceSubqueries },
];

/**
 * The rules enabled by a query's `optimizer.rules` list, processed in order as ArangoDB
 * does: "-all" / "+all", "-name" disables (only rules that can be disabled), "+name" or
 * "name" enables; unknown names are ignored.
 */
const DEFAULT_ON: ReadonlySet<string> = new Set(RULES.filter((r) => !r.flags.disabledByDefault).map((r) => r.name));
const BY_NAME = new Map(RULES.map((r) => [r.name, r]));

export function enabledRules(list: readonly unknown[] | undefined): ReadonlySet<string> {
  if (!list || list.length === 0) return DEFAULT_ON; // most queries: computed once
  const on = new Set(DEFAULT_ON);
  const byName = BY_NAME;
  for (const item of list) {
    if (typeof item !== 'string' || item === '') continue;
    const disable = item.startsWith('-');
    const name = disable || item.startsWith('+') ? item.slice(1) : item;
    const targets = name === 'all' ? [...RULES] : byName.has(name) ? [byName.get(name)!] : [];
    for (const r of targets) {
      if (!disable) on.add(r.name);
      else if (r.flags.canBeDisabled) on.delete(r.name);
    }
  }
  return on;
}
