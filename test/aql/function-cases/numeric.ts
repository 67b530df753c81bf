// Case table for the numeric functions (src/aql/functions/numeric.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
