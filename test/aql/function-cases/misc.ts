// Case table for the misc functions (src/aql/functions/misc.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
