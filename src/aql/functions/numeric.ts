// AQL functions: numeric. (Filled in by its own change.)
import type { FunctionDef } from './registry.js';

export const FUNCTIONS: FunctionDef[] = [];
