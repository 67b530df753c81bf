// Case table for the strings functions (src/aql/functions/strings.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
