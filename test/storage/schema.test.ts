// schema.ts: rules are draft-4 JSON Schemas as ArangoDB 3.12's validator (taocpp/json's
// contrib/schema.hpp) reads them; these are the keywords whose meaning differs between
// draft 4 and the later drafts ajv defaults to.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { checkSchema, checkSchemaRule } from '../../src/storage/schema.js';

type Doc = Record<string, unknown>;
const strict = (rule: Doc) => ({ rule, level: 'strict', message: 'refused' });
/** Whether a strict schema of `rule` admits `doc` on insert. */
function admits(rule: Doc, doc: Doc): boolean {
  try {
    checkSchema(strict(rule), doc, undefined);
    return true;
  } catch (e) {
    if (e instanceof ArangoError && e.errorNum === 1620 && e.message === 'refused') return false;
    throw e;
  }
}
const refusedRule = (rule: Doc) => assert.throws(() => checkSchemaRule(rule), (e) => e instanceof ArangoError && e.errorNum === 1621 && /^invalid object in schema rule: /.test(e.message), JSON.stringify(rule));

describe('schema rules as draft 4', () => {
  it('reads exclusiveMaximum and exclusiveMinimum as booleans qualifying maximum and minimum', () => {
    const rule = { properties: { n: { maximum: 5, exclusiveMaximum: true, minimum: 1, exclusiveMinimum: true } } };
    checkSchemaRule(rule);
    assert.deepEqual([0.5, 1, 3, 5, 6].map((n) => admits(rule, { n })), [false, false, true, false, false]);
    const inclusive = { properties: { n: { maximum: 5, exclusiveMaximum: false } } };
    assert.deepEqual([5, 6].map((n) => admits(inclusive, { n })), [true, false]);
  });

  it('refuses rules draft 4 does not allow (taocpp throws on them): numeric exclusive bounds, bounds without maximum, boolean subschemas, empty required', () => {
    for (const rule of [
      { properties: { n: { exclusiveMaximum: 5 } } },
      { properties: { n: { exclusiveMinimum: true } } },
      { properties: { n: false } },
      { items: true },
      { required: [] },
      { dependencies: { a: [] } },
      { type: ['string', 'string'] },
    ]) refusedRule(rule);
  });

  it('ignores keywords of later drafts (const, contains, propertyNames, if/then/else) as taocpp does', () => {
    const rule = { properties: { c: { const: 1 }, l: { contains: { type: 'string' } }, o: { propertyNames: { maxLength: 1 } }, i: { if: { type: 'string' }, then: { maxLength: 1 } } } };
    checkSchemaRule(rule);
    assert.equal(admits(rule, { c: 2, l: [1], o: { long: 1 }, i: 'long' }), true);
  });

  it('applies dependencies (property and schema forms), reads id and ignores $schema', () => {
    const deps = { dependencies: { card: ['billing'], vip: { required: ['since'] } } };
    assert.deepEqual([admits(deps, { card: 1 }), admits(deps, { card: 1, billing: 2 }), admits(deps, { vip: true }), admits(deps, { vip: true, since: 1 })], [false, true, false, true]);
    for (const $schema of ['http://json-schema.org/draft-04/schema#', 'http://json-schema.org/draft-07/schema#', 'anything']) {
      const rule = { $schema, id: 'http://example.com/person', type: 'object', required: ['name'] };
      checkSchemaRule(rule);
      checkSchemaRule(rule); // the same id twice: every collection compiles its own rule
      assert.deepEqual([admits(rule, {}), admits(rule, { name: 'x' })], [false, true], $schema);
    }
  });
});
