// Geo, fulltext and multi-dimensional (mdi, mdi-prefixed, zkd) index definitions, with
// ArangoDB 3.12's validation, defaults and descriptions, and the entries they keep: a geo
// index its documents' cells (geo-cells.ts), an mdi index their Z-order keys (mdi-keys.ts),
// both read by queries (geo-index and use-indexes). Indexes created before those entries
// existed (no `entries` in props) keep none (an mdi one only its uniqueness entries) and are
// never read: the query scans instead. A fulltext index keeps no entries: FULLTEXT() scans.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { IndexRecord, IndexType } from './catalog.js';
import { getPath, isPlainObject, type Doc } from './documents.js';
import { indexValue } from './keys.js';
import { documentGeometry, geometryCells } from './geo-cells.js';
import { encode } from './mdi-keys.js';
import type { Key } from './engine.js';

/** The type a POST /_api/index `type` names, for the types this file handles. */
export const SPECIAL_INDEX_TYPES: Record<string, IndexType> = {
  geo: 'geo',
  geo1: 'geo',
  geo2: 'geo',
  fulltext: 'fulltext',
  mdi: 'mdi',
  'mdi-prefixed': 'mdi-prefixed',
  zkd: 'zkd',
};

export function isSpecialIndex(ix: { type: string }): boolean {
  return ix.type === 'geo' || ix.type === 'fulltext' || ix.type === 'mdi' || ix.type === 'mdi-prefixed' || ix.type === 'zkd';
}

/** Default minimum word length of a fulltext index (ArangoDB's). */
export const FULLTEXT_MIN_LENGTH = 2;

export interface SpecialSpec {
  type: IndexType;
  fields: string[];
  unique: boolean;
  sparse: boolean;
  estimates: boolean;
  name?: string;
  props: Record<string, unknown>;
}

type Bad = (msg: string) => never;

/** `_id` or a sub-attribute named `_id`: never indexable (ArangoDB's idRegex). */
const ID_PATH = /^(.+\.)?_id$/;

/**
 * ArangoDB's IndexFactory::validateFieldsDefinition, in its order: each entry a non-empty
 * string, no duplicates, no sub-attribute where not allowed, no `_id` where not allowed;
 * then between min and max entries (a `fields` that is not an array has none).
 */
export function checkedFields(value: unknown, min: number, max: number, allow: { subAttributes: boolean; id: boolean }, bad: Bad): string[] {
  const list = Array.isArray(value) ? value : [];
  const seen = new Set<string>();
  for (const f of list) {
    if (isPlainObject(f)) return bad('index field names must be only strings');
    if (typeof f !== 'string' || f === '') return bad('index field names must be non-empty strings');
    if (seen.has(f)) return bad('duplicate attribute name in index fields list');
    if (!allow.subAttributes && f.includes('.')) return bad('cannot index a sub-attribute in this type of index');
    if (!allow.id && ID_PATH.test(f)) return bad('_id attribute cannot be indexed');
    seen.add(f);
  }
  if (seen.size < min || seen.size > max) return bad('invalid number of index attributes');
  return [...seen];
}

/** ArangoDB's processIndexFields without expansion: checkedFields, and no `[*]`. */
function attributeList(value: unknown, min: number, max: number, bad: Bad): string[] {
  const fields = checkedFields(value, min, max, { subAttributes: true, id: false }, bad);
  for (const f of fields) if (f.includes('[*]')) return bad('cannot use [*] expansion for this type of index');
  return fields;
}

function flag(body: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = body[name];
  return typeof v === 'boolean' ? v : dflt;
}

/** Validates the body of a geo, fulltext or mdi index creation (400/10 with ArangoDB's texts). */
export function parseSpecialSpec(body: Record<string, unknown>, type: IndexType, bad: Bad): SpecialSpec {
  const name = body.name;
  const named = name as string | undefined;
  if (type === 'geo') {
    // one field: a [lat, lon] array, or GeoJSON with geoJson: true ([lon, lat]); two: lat and lon
    const fields = attributeList(body.fields, 1, 2, bad);
    const one = fields.length === 1;
    const props = { geoJson: one && flag(body, 'geoJson', false), legacyPolygons: one && flag(body, 'legacyPolygons', false), entries: 1 };
    return { type, fields, unique: false, sparse: true, estimates: false, name: named, props };
  }
  if (type === 'fulltext') {
    const fields = attributeList(body.fields, 1, 1, bad);
    const m = body.minLength;
    let minLength = FULLTEXT_MIN_LENGTH;
    if (typeof m === 'number') minLength = Math.max(1, Math.trunc(m));
    else if (m !== undefined && m !== null) return bad('bad parameter');
    return { type, fields, unique: false, sparse: true, estimates: false, name: named, props: { minLength } };
  }
  // mdi, mdi-prefixed and zkd (the name of mdi before 3.12)
  const label = type === 'zkd' ? 'zkd' : 'mdi';
  if (body.fieldValueTypes !== 'double') return bad(`${label} index requires \`fieldValueTypes\` to be set to \`double\` - future releases might lift this requirement`);
  const fields = attributeList(body.fields, 1, Number.MAX_SAFE_INTEGER, bad);
  const props: Record<string, unknown> = { fieldValueTypes: 'double', entries: 1 };
  if (type === 'mdi-prefixed') {
    if (!Array.isArray(body.prefixFields) || body.prefixFields.length === 0) return bad('mdi-prefixed index requires `prefixFields` to be set');
    props.prefixFields = attributeList(body.prefixFields, 1, Number.MAX_SAFE_INTEGER, bad);
  }
  // as ArangoDB: storedValues may repeat indexed fields here (the interleaved key cannot serve projections)
  if (Object.hasOwn(body, 'storedValues') && body.storedValues !== undefined) {
    const prefixed = (msg: string): never => bad(`when parsing fields for stored values: ${msg}`);
    if (!Array.isArray(body.storedValues)) return prefixed('storedValues must be an array');
    props.storedValues = checkedFields(body.storedValues, 1, 32, { subAttributes: true, id: true }, prefixed);
  }
  return {
    type,
    fields,
    unique: flag(body, 'unique', false),
    sparse: flag(body, 'sparse', false),
    estimates: type === 'mdi-prefixed' ? flag(body, 'estimates', true) : false,
    name: named,
    props,
  };
}

/** Whether two definitions are the same index (creating it again returns the existing one). */
export function sameSpecial(ix: IndexRecord, spec: { type: string; fields: string[]; unique: boolean; sparse: boolean; props?: Record<string, unknown> }): boolean {
  if (ix.type !== spec.type || ix.unique !== spec.unique || ix.sparse !== spec.sparse) return false;
  if (ix.fields.join('\u0000') !== spec.fields.join('\u0000')) return false;
  const a = ix.props ?? {};
  const b = spec.props ?? {};
  if (ix.type === 'geo') return a.geoJson === b.geoJson;
  if (ix.type === 'fulltext') return a.minLength === b.minLength;
  return JSON.stringify(a.prefixFields ?? null) === JSON.stringify(b.prefixFields ?? null);
}

/** The description GET /_api/index gives (attributes in ArangoDB's order, sorted by name). */
export function specialView(id: string, ix: IndexRecord): Doc {
  const p = ix.props ?? {};
  let out: Doc;
  if (ix.type === 'geo') {
    out = {
      bestIndexedLevel: 17,
      fields: ix.fields,
      geoJson: p.geoJson === true,
      id,
      legacyPolygons: p.legacyPolygons === true,
      maxNumCoverCells: 8,
      name: ix.name,
      sparse: true,
      type: 'geo',
      unique: false,
      worstIndexedLevel: 4,
    };
  } else if (ix.type === 'fulltext') {
    out = { fields: ix.fields, id, minLength: p.minLength ?? FULLTEXT_MIN_LENGTH, name: ix.name, sparse: true, type: 'fulltext', unique: false };
  } else {
    out = { fieldValueTypes: 'double', fields: ix.fields, id, name: ix.name };
    if (ix.type === 'mdi-prefixed') Object.assign(out, { estimates: ix.estimates, prefixFields: p.prefixFields });
    if (ix.type === 'mdi-prefixed' && ix.estimates) out.selectivityEstimate = 1;
    Object.assign(out, { sparse: ix.sparse });
    if (p.storedValues) out.storedValues = p.storedValues;
    Object.assign(out, { type: ix.type, unique: ix.unique });
  }
  if (ix.building) out.isBuilding = true;
  return out;
}

/** Whether queries may read the index: it keeps entries (created by this version or later) and is built. */
export function readableSpecial(ix: IndexRecord): boolean {
  return ix.props?.entries === 1 && !ix.building;
}

/**
 * The entries a document gives one of these indexes. A geo index: one per cell of the
 * document's geometry, [dataId, cell, _key] (none for a value that is not a valid geometry).
 * An mdi index takes numbers only, as ArangoDB's: a document whose value is missing or null
 * is left out of a sparse index, any other non-number is refused (1561); its entry is
 * [dataId, ...prefix values, Z-order key, _key] ([dataId, ..., Z-order key] -> _key when
 * unique, which enforces the constraint on the whole tuple). Fulltext: none.
 */
export function specialEntries(ix: IndexRecord, doc: Doc): { key: Key; value: unknown }[] {
  if (ix.type === 'fulltext') return [];
  if (ix.type === 'geo') {
    if (ix.props?.entries !== 1) return [];
    const cells = geometryCells(documentGeometry(ix, (path) => getPath(doc, path)));
    return cells.map((cell) => ({ key: [ix.dataId, cell, doc._key as string], value: 1 }));
  }
  const prefix = (ix.props?.prefixFields as string[] | undefined) ?? [];
  const values: unknown[] = [];
  for (const f of prefix) values.push(indexValue(getPath(doc, f), ix.cutValues === true));
  const numbers: number[] = [];
  for (const f of ix.fields) {
    const v = getPath(doc, f);
    if ((v === undefined || v === null) && ix.sparse) return [];
    if (typeof v !== 'number') throw new ArangoError(ERR.ERROR_QUERY_INVALID_ARITHMETIC_VALUE);
    numbers.push(v);
  }
  if (ix.props?.entries !== 1) {
    // the layout before Z-order keys: uniqueness entries only
    if (!ix.unique) return [];
    return [{ key: [ix.dataId, ...(values as never[]), ...numbers], value: doc._key as string }];
  }
  const z = encode(numbers);
  if (ix.unique) return [{ key: [ix.dataId, ...(values as never[]), z], value: doc._key as string }];
  return [{ key: [ix.dataId, ...(values as never[]), z, doc._key as string], value: 1 }];
}
