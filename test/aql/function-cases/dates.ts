// Case table for the dates functions (src/aql/functions/dates.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
