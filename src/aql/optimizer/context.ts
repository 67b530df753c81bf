// What optimizer rules may know about the world: the indexes of a collection at plan time
// and row estimates (from explain's cost model). Rules never read storage themselves.
import type { IndexRecord } from '../../storage/catalog.js';
import type { Plan } from '../planner/plan.js';
import type { RExpr } from '../planner/ir.js';
import type { AqlValue } from '../../values/index.js';

export interface OptimizerContext {
  /** The collection's indexes (primary first; ones still building included, rules skip them). */
  indexes(collection: string): IndexRecord[];
  /** Estimated number of rows entering node `i` of pipeline `p`. */
  itemsBefore(p: Plan, i: number): number;
  /** An index's selectivity estimate in (0, 1] (1 = every value distinct). */
  selectivity(ix: IndexRecord): number;
  /** The value of a constant expression, or undefined when evaluating it fails. */
  evaluate(e: RExpr): AqlValue | undefined;
  /** Whether a vector index can serve queries (trained); absent: every built one can. */
  vectorReady?(ix: IndexRecord): boolean;
}
