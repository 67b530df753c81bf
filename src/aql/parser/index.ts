// The parser's public face: AQL text in, the AST of ast/nodes.ts out, or an ArangoError
// (1502 empty query, 1501 syntax error, 1510 invalid variable name, 1524 nesting, 1575
// OPTIONS not constant). Nothing is resolved or executed here.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { Query } from '../ast/nodes.js';
import { Parser } from './parser.js';

export { MAX_DEPTH } from './parser.js';

/** Parses a whole query. An empty string is 1502; whitespace or comments alone are a 1501. */
export function parse(text: string): Query {
  if (text.length === 0) throw new ArangoError(ERR.ERROR_QUERY_EMPTY);
  return new Parser(text).parseTopLevel();
}
