// Collection schemas (ArangoDB 3.7+ document validation): a JSON Schema `rule`, a `level`
// that says which writes are checked, and the `message` a refused write answers with.
// This file compiles rules (once per stored schema object) and checks documents; the
// collection API stores schemas, DocumentStore calls checkSchema on every write (unless
// the write skips validation), AQL's SCHEMA_VALIDATE calls schemaRefusal.
//
// Invariants:
//  1. System attributes (_key, _id, _rev, _from, _to) are never validated, as in ArangoDB.
//  2. level none: nothing is checked; new: inserts only; moderate: inserts, and changes of
//     documents whose stored version passes; strict: inserts and every change.
//  3. A refused write is 400/1620 with the schema's message and writes nothing.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { ArangoError, ERR } from '../errors/arango-error.js';

type Doc = Record<string, unknown>;

// ArangoDB 3.12 compiles rules with taocpp/json's JSON Schema validator, a draft-4 one:
// a boolean exclusiveMaximum/exclusiveMinimum that needs maximum/minimum, no boolean
// subschemas, a non-empty `required`, and no keyword of later drafts (const, contains,
// propertyNames, if/then/else are ignored); a rule that breaks draft-4's rules does not
// compile (1621). ajv-draft-04 (ajv's class for draft-04, by the ajv team) checks rules
// against the draft-04 meta-schema; the later drafts' keywords it also knows are removed
// so that they are ignored, and `$schema` is not read (taocpp ignores it).
// ajv is CommonJS; under NodeNext its default export is reached through require
const Ajv = createRequire(import.meta.url)('ajv-draft-04') as typeof import('ajv-draft-04').default;
// addUsedSchema: false: rules are compiled more than once and two may share an `id`
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, addUsedSchema: false });
for (const keyword of ['const', 'contains', 'propertyNames', 'if', 'then', 'else']) ajv.removeKeyword(keyword);

/** A rule as taocpp reads it: its `$schema` not looked at. */
function compile(rule: Doc): ValidateFunction {
  if (!('$schema' in rule)) return ajv.compile(rule);
  const { $schema: _ignored, ...rest } = rule;
  return ajv.compile(rest);
}

const compiled = new WeakMap<object, ValidateFunction>();
const SYSTEM = new Set(['_key', '_id', '_rev', '_from', '_to']);

/** Throws 1621 unless `rule` compiles as a draft-4 JSON Schema. */
export function checkSchemaRule(rule: Doc): void {
  try {
    compile(rule);
  } catch (e) {
    throw ArangoError.withMessage(ERR.ERROR_VALIDATION_BAD_PARAMETER, `invalid object in schema rule: ${(e as Error).message}`);
  }
}

interface Schema {
  rule: Doc;
  level: 'none' | 'new' | 'moderate' | 'strict';
  message: string;
}

function validatorOf(schema: Schema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    try {
      v = compile(schema.rule);
    } catch {
      // a rule stored before rules were compiled on their way in (checkSchemaRule) and
      // that does not compile checks nothing, as it did then, rather than failing writes
      v = (() => true) as unknown as ValidateFunction;
    }
    compiled.set(schema, v);
  }
  return v;
}

/** `doc` without its system attributes (invariant 1). */
function userAttributes(doc: Doc): Doc {
  const user: Doc = {};
  for (const k in doc) if (!SYSTEM.has(k)) user[k] = doc[k];
  return user;
}

function passes(schema: Schema, doc: Doc): boolean {
  return validatorOf(schema)(userAttributes(doc));
}

/**
 * Checks a write of `next` under the collection's `schema` (null: none). `current` is the
 * stored version a replace or update changes, undefined for an insert. Throws 1620.
 */
export function checkSchema(schema: unknown, next: Doc, current: Doc | undefined): void {
  if (schema === null || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (s.level === 'none' || (s.level === 'new' && current !== undefined)) return;
  if (s.level === 'moderate' && current !== undefined && !passes(s, current)) return;
  if (!passes(s, next)) throw ArangoError.withMessage(ERR.ERROR_VALIDATION_FAILED, s.message);
}

const LEVELS: readonly unknown[] = ['none', 'new', 'moderate', 'strict'];
const byRule = new WeakMap<object, ValidateFunction>();

/**
 * AQL's SCHEMA_VALIDATE: checks `doc` against a schema given as a value (`rule`, optional
 * `level` and `message`), whatever its level, as ArangoDB does. Returns the message a
 * refusal carries, or undefined when `doc` passes. Throws 1621 for a rule that is not an
 * object or does not compile, or a level that is not one of the four.
 */
export function schemaRefusal(schema: Doc, doc: Doc): string | undefined {
  const rule = schema.rule;
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    throw ArangoError.withMessage(ERR.ERROR_VALIDATION_BAD_PARAMETER, `No valid schema in rule attribute given (no object): ${JSON.stringify(schema)}`);
  }
  if (typeof schema.level === 'string' && !LEVELS.includes(schema.level)) {
    throw ArangoError.withMessage(ERR.ERROR_VALIDATION_BAD_PARAMETER, 'Valid validation levels are: none, new, moderate, strict');
  }
  let validate = byRule.get(rule);
  if (!validate) {
    checkSchemaRule(rule as Doc);
    validate = compile(rule as Doc);
    byRule.set(rule, validate);
  }
  if (validate(userAttributes(doc))) return undefined;
  return typeof schema.message === 'string' ? schema.message : 'Schema validation failed';
}
