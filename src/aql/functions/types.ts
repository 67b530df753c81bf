// AQL type check and cast functions (TO_BOOL ... TYPENAME, IS_KEY, IS_IPV4). They never warn:
// every input has an answer, taken from the shared casts in values/. IS_DATESTRING lives
// with the date functions (it needs their date parser); IS_IPV4 shares the IPv4 parser
// of the string module's IPV4_* functions.
import { type AqlValue, isObject, toArray, toBool, toNumber, toString, typeName } from '../../values/index.js';
import { isValidKey } from '../../storage/keys.js';
import { fn, type FunctionDef } from './registry.js';
import { parseIpv4 } from './strings.js';

/** A one-argument function that cannot fail. */
function unary(name: string, impl: (v: AqlValue) => AqlValue, aliases?: string[]): FunctionDef {
  return fn(name, 1, 1, (_ctx, [v]) => impl(v), aliases ? { aliases } : {});
}

export const FUNCTIONS: FunctionDef[] = [
  unary('TO_BOOL', toBool),
  unary('TO_NUMBER', toNumber),
  unary('TO_STRING', toString),
  unary('TO_ARRAY', toArray, ['TO_LIST']),
  unary('IS_NULL', (v) => v === null),
  unary('IS_BOOL', (v) => typeof v === 'boolean'),
  unary('IS_NUMBER', (v) => typeof v === 'number'),
  unary('IS_STRING', (v) => typeof v === 'string'),
  unary('IS_ARRAY', (v) => Array.isArray(v), ['IS_LIST']),
  unary('IS_OBJECT', (v) => isObject(v), ['IS_DOCUMENT']),
  unary('IS_KEY', (v) => isValidKey(v)),
  unary('IS_IPV4', (v) => typeof v === 'string' && parseIpv4(v) !== undefined),
  unary('TYPENAME', typeName),
];
