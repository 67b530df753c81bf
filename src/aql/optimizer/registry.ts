// The optimizer rules Cairn implements, as ArangoDB 3.12 registers them: name, level
// (rules run in ascending level, ArangoDB's order), flags. A rule either changes the plan
// in place and says whether it did (`apply`), or proposes extra plans (`variants`, then
// the rule's name is recorded in those plans only). Adding a rule is adding a row.
import type { QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import * as B from './rules-basic.js';
import * as I from './rules-index.js';
import { lateDocumentMaterialization } from './rules-late.js';
import { moveFiltersIntoEnumerate, reduceExtractionToProjection } from './rules-enumerate.js';

export interface RuleFlags {
  canBeDisabled: boolean;
  /** Not listed in a plan's `rules` when applied. */
  hidden?: boolean;
  disabledByDefault?: boolean;
  canCreateAdditionalPlans?: boolean;
}

export interface OptimizerRule {
  name: string;
  level: number;
  flags: RuleFlags;
  apply?: (plan: QueryPlan, ctx: OptimizerContext) => boolean;
  variants?: (plan: QueryPlan, ctx: OptimizerContext) => QueryPlan[];
}

const ON: RuleFlags = { canBeDisabled: true };

/** In ArangoDB's level order (OptimizerRule.h); levels are Cairn's own numbers. */
export const RULES: readonly OptimizerRule[] = [
  { name: 'move-calculations-up', level: 110, flags: ON, apply: B.moveCalculationsUp },
  { name: 'move-filters-up', level: 120, flags: ON, apply: B.moveFiltersUp },
  { name: 'remove-redundant-calculations', level: 130, flags: ON, apply: B.removeRedundantCalculations },
  { name: 'remove-unnecessary-filters', level: 140, flags: ON, apply: B.removeUnnecessaryFilters },
  { name: 'remove-unnecessary-calculations', level: 150, flags: ON, apply: B.removeUnnecessaryCalculations },
  { name: 'optimize-subqueries', level: 180, flags: ON, apply: B.optimizeSubqueries },
  { name: 'interchange-adjacent-enumerations', level: 500, flags: { canBeDisabled: true, canCreateAdditionalPlans: true }, variants: B.interchangeAdjacentEnumerations },
  { name: 'move-calculations-up-2', level: 510, flags: ON, apply: B.moveCalculationsUp },
  { name: 'move-filters-up-2', level: 520, flags: ON, apply: B.moveFiltersUp },
  { name: 'remove-collect-variables', level: 540, flags: ON, apply: B.removeCollectVariables },
  { name: 'replace-or-with-in', level: 580, flags: ON, apply: B.replaceOrWithIn },
  { name: 'use-indexes', level: 600, flags: ON, apply: I.useIndexes },
  { name: 'remove-filter-covered-by-index', level: 610, flags: ON, apply: I.removeFilterCoveredByIndex },
  { name: 'remove-unnecessary-filters-2', level: 620, flags: ON, apply: B.removeUnnecessaryFilters },
  { name: 'use-index-for-sort', level: 630, flags: ON, apply: I.useIndexForSort },
  { name: 'remove-unnecessary-calculations-2', level: 700, flags: ON, apply: B.removeUnnecessaryCalculations },
  { name: 'sort-limit', level: 900, flags: ON, apply: B.sortLimit },
  { name: 'late-document-materialization', level: 950, flags: ON, apply: lateDocumentMaterialization },
  { name: 'push-limit-into-index', level: 960, flags: ON, apply: I.pushLimitIntoIndex },
  { name: 'reduce-extraction-to-projection', level: 970, flags: ON, apply: reduceExtractionToProjection },
  { name: 'move-filters-into-enumerate', level: 980, flags: ON, apply: moveFiltersIntoEnumerate },
  { name: 'splice-subqueries', level: 2000, flags: { canBeDisabled: false }, apply: B.spliceSubqueries },
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
