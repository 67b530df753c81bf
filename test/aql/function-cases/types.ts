// Case table for the types functions (src/aql/functions/types.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
