// Case table for the arrays functions (src/aql/functions/arrays.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
