// Every AQL function's case table, run through the registry the executor uses, and a
// check that no registered function is left without cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_FUNCTIONS } from '../../src/aql/functions/index.js';
import { runCase, type FnCase } from '../helpers/aql.js';
import { CASES as TYPES } from './function-cases/types.js';
import { CASES as STRINGS } from './function-cases/strings.js';
import { CASES as NUMERIC } from './function-cases/numeric.js';
import { CASES as ARRAYS } from './function-cases/arrays.js';
import { CASES as OBJECTS } from './function-cases/objects.js';
import { CASES as DATES } from './function-cases/dates.js';
import { CASES as MISC } from './function-cases/misc.js';
import { CASES as GEO } from './function-cases/geo.js';
import { CASES as SEARCH } from './function-cases/search.js';
import { CASES as VECTOR } from './function-cases/vector.js';

const TABLES: Record<string, FnCase[]> = { types: TYPES, strings: STRINGS, numeric: NUMERIC, arrays: ARRAYS, objects: OBJECTS, dates: DATES, misc: MISC, geo: GEO, search: SEARCH, vector: VECTOR };

for (const [module, cases] of Object.entries(TABLES)) {
  describe(`AQL functions: ${module}`, () => {
    for (const c of cases) it(`${c.id}: ${c.fn}(${JSON.stringify(c.args).slice(1, -1).slice(0, 60)})`, () => runCase(c));
  });
}

describe('AQL function registry', () => {
  it('has case-table rows for every registered function', () => {
    const covered = new Set(Object.values(TABLES).flat().map((c) => c.fn.toUpperCase()));
    const missing = ALL_FUNCTIONS.map((d) => d.name).filter((n) => !covered.has(n));
    assert.deepEqual(missing, []);
  });

  it('uses unique case ids', () => {
    const ids = Object.values(TABLES).flat().map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
