// AQL functions: arrays. (Filled in by its own change.)
import type { FunctionDef } from './registry.js';

export const FUNCTIONS: FunctionDef[] = [];
