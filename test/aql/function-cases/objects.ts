// Case table for the objects functions (src/aql/functions/objects.ts).
import type { FnCase } from '../../helpers/aql.js';

export const CASES: FnCase[] = [];
