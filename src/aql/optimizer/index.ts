// The optimizer: runs the enabled rules of registry.ts over a built plan in level order,
// keeps the extra plans rules propose (up to maxNumberOfPlans), and returns the plans
// cheapest first (ties keep creation order, so the original plan wins them). Each plan's
// `rules` lists the visible rules that changed it, in the order they ran.
import type { QueryPlan } from '../planner/plan.js';
import type { OptimizerContext } from './context.js';
import { enabledRules, RULES } from './registry.js';

export type { OptimizerContext } from './context.js';
export { RULES, enabledRules } from './registry.js';

export interface OptimizeOptions {
  /** The query's optimizer.rules list. */
  rules?: readonly unknown[];
  /** Default 128, as in ArangoDB. */
  maxNumberOfPlans?: number;
  /** Time each rule (profile level 2): Optimized.ruleTimes. */
  timeRules?: boolean;
}

export interface Optimized {
  /** Cheapest first; plans[0] is the one executed. */
  plans: QueryPlan[];
  rulesExecuted: number;
  rulesSkipped: number;
  /** With timeRules: seconds per rule that ran, over all plans, in the order rules first ran. */
  ruleTimes?: Record<string, number>;
}

/** Optimizes `plan` in place (it becomes one of the returned plans). */
export function optimize(plan: QueryPlan, ctx: OptimizerContext, opts: OptimizeOptions, cost: (q: QueryPlan) => number): Optimized {
  const enabled = enabledRules(opts.rules);
  const max = typeof opts.maxNumberOfPlans === 'number' && opts.maxNumberOfPlans >= 1 ? Math.floor(opts.maxNumberOfPlans) : 128;
  const queue: { plan: QueryPlan; from: number }[] = [{ plan, from: 0 }];
  const done: QueryPlan[] = [];
  let executed = 0;
  let skipped = 0;
  const times: Record<string, number> | undefined = opts.timeRules ? {} : undefined;
  while (queue.length > 0) {
    const { plan: q, from } = queue.shift()!;
    for (let r = from; r < RULES.length; r++) {
      const rule = RULES[r];
      if (!enabled.has(rule.name)) {
        skipped++;
        continue;
      }
      executed++;
      const started = times ? performance.now() : 0;
      if (rule.variants) {
        for (const v of rule.variants(q, ctx)) {
          if (done.length + queue.length + 1 >= max) break;
          if (!rule.flags.hidden) v.rules.push(rule.name);
          queue.push({ plan: v, from: r + 1 });
        }
      } else if (rule.apply?.(q, ctx) && !rule.flags.hidden) q.rules.push(rule.name);
      if (times) times[rule.name] = (times[rule.name] ?? 0) + (performance.now() - started) / 1000;
    }
    done.push(q);
  }
  const out = { rulesExecuted: executed, rulesSkipped: skipped, ...(times ? { ruleTimes: times } : {}) };
  if (done.length === 1) return { plans: done, ...out }; // nothing to choose
  const costs = new Map(done.map((q) => [q, cost(q)]));
  const plans = done.map((q, i) => ({ q, i })).sort((a, b) => costs.get(a.q)! - costs.get(b.q)! || a.i - b.i).map((x) => x.q);
  return { plans, ...out };
}
