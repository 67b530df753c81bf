// Property test: random and mutated query texts never crash the engine. Each one yields
// rows or an ArangoError with a client-error status (or one of the few server-side
// errors a valid query may meet: 32 resource limit, 9 not implemented). Deterministic:
// a seeded generator, so a failure names the query that caused it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { mulberry32 } from '../helpers/random.js';


const SEEDS = [
  'FOR u IN users FILTER u.age > 30 SORT u.name DESC LIMIT 1, 2 RETURN u.name',
  'FOR u IN users COLLECT c = u.city AGGREGATE n = COUNT(u), a = AVERAGE(u.age) INTO g RETURN {c, n, a, g}',
  'LET x = (FOR i IN 1..5 FILTER i % 2 == 0 RETURN i * i) RETURN x[*] ANY > 3',
  'FOR i IN [1, "a", null, [2], {b: 3}] SORT i RETURN DISTINCT TYPENAME(i)',
  'RETURN MERGE({a: 1}, {b: [1, 2, 3][* FILTER CURRENT > 1 RETURN CURRENT * 2]})',
  'FOR u IN users FOR v IN users FILTER u._key < v._key RETURN CONCAT(u.name, "-", v.name)',
  'RETURN [1 / 0, "x" LIKE "%", "abc" =~ "b+", 5 NOT IN [1, 2], @v ? 1 : 2]',
  'FOR d IN users COLLECT WITH COUNT INTO n RETURN n',
  'RETURN DATE_FORMAT(DATE_ADD("2024-01-31", 1, "month"), "%yyyy-%mm-%dd")',
  'FOR x IN 1..3 LET y = x..1 RETURN SUM(y) + LENGTH(y) * MAX(y) - MIN([])',
];

const TOKENS = [
  'FOR', 'IN', 'RETURN', 'FILTER', 'LET', 'SORT', 'LIMIT', 'COLLECT', 'INTO', 'WITH', 'COUNT', 'AGGREGATE', 'KEEP',
  'DISTINCT', 'ASC', 'DESC', 'AND', 'OR', 'NOT', 'LIKE', 'ALL', 'ANY', 'NONE', 'INSERT', 'REMOVE', 'UPDATE',
  'x', 'u', 'users', 'nope', 'CURRENT', '@v', '@@c', '1', '0', '-1', '1.5e3', '0x1F', '"s"', "'q'", 'null', 'true',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', '..', '[*]', '[**]', '=', '==', '!=', '<', '>=', '+', '-', '*', '/',
  '%', '?', '!', '=~', 'LENGTH(', 'SUM(', 'CONCAT(', 'SLEEP(0)', 'FAIL("f")', '/*', '*/', '//', '`a`', '\\', '\u00e4',
];

function mutate(q: string, rnd: () => number): string {
  const ops = [
    () => q.slice(0, Math.floor(rnd() * q.length)),
    () => {
      const i = Math.floor(rnd() * q.length);
      return q.slice(0, i) + q.slice(i + 1 + Math.floor(rnd() * 5));
    },
    () => {
      const i = Math.floor(rnd() * q.length);
      return q.slice(0, i) + ' ' + TOKENS[Math.floor(rnd() * TOKENS.length)] + ' ' + q.slice(i);
    },
    () => {
      const i = Math.floor(rnd() * q.length);
      return q.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 128)) + q.slice(i);
    },
  ];
  return ops[Math.floor(rnd() * ops.length)]();
}

function randomTokens(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 14);
  return Array.from({ length: n }, () => TOKENS[Math.floor(rnd() * TOKENS.length)]).join(' ');
}

const ALLOWED_5XX = new Set([32, 9]);

describe('AQL robustness', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ users: [{ _key: 'a', name: 'A', age: 40, city: 'X' }, { _key: 'b', name: 'B', age: 20, city: 'Y' }] });
  });
  after(async () => {
    await db.close();
  });

  it('answers 3000 random and mutated queries with rows or a client error, never a crash', async () => {
    const rnd = mulberry32(20261122);
    for (let i = 0; i < 3000; i++) {
      let q = i % 3 === 0 ? randomTokens(rnd) : SEEDS[i % SEEDS.length];
      const rounds = i % 3 === 0 ? 0 : 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < rounds; r++) q = mutate(q, rnd);
      try {
        const rows = await db.run(q, q.includes('@v') ? { v: 1 } : {}, { maxRuntime: 2, memoryLimit: 64 * 1024 * 1024 });
        assert.ok(Array.isArray(rows));
      } catch (e) {
        if (!(e instanceof ArangoError)) assert.fail(`query ${JSON.stringify(q)} threw a non-ArangoError: ${(e as Error)?.stack ?? String(e)}`);
        const ok = (e.status >= 400 && e.status < 500) || ALLOWED_5XX.has(e.errorNum);
        assert.ok(ok, `query ${JSON.stringify(q)} failed with ${e.status}/${e.errorNum}: ${e.message}`);
      }
    }
  });
});
