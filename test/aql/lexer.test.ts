// The AQL lexer: token kinds and values (keywords, names, numbers, strings and their
// escapes, bind parameters, operators), comments, and the positions flex would report,
// which end up in every syntax error message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Lexer, describePosition, locAt } from '../../src/aql/lexer/lexer.js';
import { Tok, TOKEN_DESCRIPTIONS } from '../../src/aql/lexer/tokens.js';
import { ArangoError } from '../../src/errors/arango-error.js';

type Lexed = [string, string | number | null];

/** Every token up to the end, as [description, value]. */
function lex(text: string): Lexed[] {
  const lx = new Lexer(text);
  const out: Lexed[] = [];
  for (;;) {
    lx.next();
    if (lx.type === Tok.End) return out;
    out.push([TOKEN_DESCRIPTIONS[lx.type], lx.value]);
  }
}

function lexError(text: string): ArangoError {
  try {
    lex(text);
  } catch (e) {
    assert.ok(e instanceof ArangoError);
    return e;
  }
  assert.fail(`no error for ${text}`);
}

interface TokenCase {
  id: string;
  text: string;
  tokens: Lexed[];
}

const TOKEN_CASES: TokenCase[] = [
  { id: 'kw-1', text: 'FOR for For fOr', tokens: [['FOR declaration', null], ['FOR declaration', null], ['FOR declaration', null], ['FOR declaration', null]] },
  { id: 'kw-2', text: 'LET FILTER RETURN COLLECT SORT LIMIT WINDOW', tokens: ['LET declaration', 'FILTER declaration', 'RETURN declaration', 'COLLECT declaration', 'SORT declaration', 'LIMIT declaration', 'WINDOW declaration'].map((d) => [d, null]) },
  { id: 'kw-3', text: 'asc desc in with into aggregate distinct', tokens: ['ASC keyword', 'DESC keyword', 'IN keyword', 'WITH keyword', 'INTO keyword', 'AGGREGATE keyword', 'DISTINCT modifier'].map((d) => [d, null]) },
  { id: 'kw-4', text: 'insert update replace remove upsert', tokens: ['INSERT command', 'UPDATE command', 'REPLACE command', 'REMOVE command', 'UPSERT command'].map((d) => [d, null]) },
  { id: 'kw-5', text: 'null TRUE False', tokens: [['null', null], ['true', null], ['false', null]] },
  { id: 'kw-6', text: 'any ALL none outbound inbound graph shortest_path k_paths k_shortest_paths all_shortest_paths like', tokens: ['any modifier', 'all modifier', 'none modifier', 'outbound modifier', 'inbound modifier', 'GRAPH keyword', 'SHORTEST_PATH keyword', 'K_PATHS keyword', 'K_SHORTEST_PATHS keyword', 'ALL_SHORTEST_PATHS keyword', 'like operator'].map((d) => [d, null]) },
  { id: 'kw-7', text: 'NOT IN not\n in NOT INx', tokens: [['not in operator', null], ['not in operator', null], ['not operator', null], ['identifier', 'INx']] },
  { id: 'kw-8', text: '!in ! IN !instance', tokens: [['not in operator', null], ['not in operator', null], ['not operator', null], ['identifier', 'instance']] },
  { id: 'kw-9', text: 'AT LEAST at\tleast at', tokens: [['at least modifier', null], ['at least modifier', null], ['identifier', 'at']] },
  { id: 'kw-10', text: 'AND OR && || !', tokens: [['and operator', null], ['or operator', null], ['and operator', null], ['or operator', null], ['not operator', null]] },
  { id: 'name-1', text: 'doc _key __x $x FORx x1_y', tokens: [['identifier', 'doc'], ['identifier', '_key'], ['identifier', '__x'], ['identifier', '$x'], ['identifier', 'FORx'], ['identifier', 'x1_y']] },
  { id: 'name-2', text: '`filter` ´sort´ `a\\`b` `my-coll`', tokens: [['identifier', 'filter'], ['identifier', 'sort'], ['identifier', 'a`b'], ['identifier', 'my-coll']] },
  { id: 'name-3', text: '_1 $1 _', tokens: [['invalid token', null], ['integer number', 1], ['invalid token', null], ['integer number', 1], ['invalid token', null]] },
  { id: 'bind-1', text: '@x @0 @_a1 @@coll @@_c', tokens: [['bind parameter', 'x'], ['bind parameter', '0'], ['bind parameter', '_a1'], ['bind data source parameter', '@coll'], ['bind data source parameter', '@_c']] },
  { id: 'bind-2', text: '@ @@ @_', tokens: [['invalid token', null], ['invalid token', null], ['invalid token', null], ['invalid token', null], ['invalid token', null]] },
  { id: 'num-1', text: '0 7 42 1234567890123', tokens: [['integer number', 0], ['integer number', 7], ['integer number', 42], ['integer number', 1234567890123]] },
  { id: 'num-2', text: '1.5 .5 0.25 1e3 1E+3 2.5e-2 0e1', tokens: [['number', 1.5], ['number', 0.5], ['number', 0.25], ['number', 1000], ['number', 1000], ['number', 0.025], ['number', 0]] },
  { id: 'num-3', text: '0x1F 0XfF 0x0 0b101 0B0 0b11111111111111111111111111111111', tokens: [['integer number', 31], ['integer number', 255], ['integer number', 0], ['integer number', 5], ['integer number', 0], ['integer number', 4294967295]] },
  { id: 'num-4', text: '01 1. 1e 1..2', tokens: [['integer number', 0], ['integer number', 1], ['integer number', 1], ["'.'", null], ['integer number', 1], ['identifier', 'e'], ['integer number', 1], ['..', null], ['integer number', 2]] },
  { id: 'num-5', text: '0x 0x123456789 0b2', tokens: [['integer number', 0], ['identifier', 'x'], ['integer number', 0x12345678], ['integer number', 9], ['integer number', 0], ['identifier', 'b2']] },
  { id: 'num-6', text: '1e400 9007199254740993', tokens: [['number', null], ['integer number', 9007199254740992]] },
  { id: 'str-1', text: `"a" 'b' "" 'it''s'`, tokens: [['quoted string', 'a'], ['quoted string', 'b'], ['quoted string', ''], ['quoted string', 'it'], ['quoted string', 's']] },
  { id: 'str-2', text: String.raw`"\n\t\r\b\f\\\/\"\'"`, tokens: [['quoted string', '\n\t\r\b\f\\/"\'']] },
  { id: 'str-3', text: String.raw`'\u00e4\u20AC' "\uD83D\uDE00" "\q\u12"`, tokens: [['quoted string', 'ä€'], ['quoted string', '😀'], ['quoted string', 'qu12']] },
  { id: 'str-4', text: '"line\nbreak" "ä😀"', tokens: [['quoted string', 'line\nbreak'], ['quoted string', 'ä😀']] },
  { id: 'op-1', text: '== != < <= > >= = =~ !~', tokens: ['== operator', '!= operator', '< operator', '<= operator', '> operator', '>= operator', 'assignment', '~= operator', '~! operator'].map((d) => [d, null]) },
  { id: 'op-2', text: '+ - * / % ? : :: .. . , ( ) { } [ ]', tokens: ['+ operator', '- operator', '* operator', '/ operator', '% operator', '?', ':', '::', '..', "'.'", '","', '(', ')', '{', '}', '[', ']'].map((d) => [d, null]) },
  { id: 'op-3', text: '; # & | ^ ~ \\', tokens: Array.from({ length: 7 }, (): Lexed => ['invalid token', null]) },
  { id: 'comment-1', text: '1 // two\n3 /* four\n * five */ 6 /**/ 7 /***/ 8', tokens: [['integer number', 1], ['integer number', 3], ['integer number', 6], ['integer number', 7], ['integer number', 8]] },
  { id: 'comment-2', text: '1 /* a /* b */ 2 // end', tokens: [['integer number', 1], ['integer number', 2]] },
  { id: 'blank-1', text: ' \t\r\n1\r\n2', tokens: [['integer number', 1], ['integer number', 2]] },
  { id: 'nonascii-1', text: '1 ä 2', tokens: [['integer number', 1]] },
  { id: 'nonascii-2', text: '1 \0 2', tokens: [['integer number', 1]] },
];

describe('AQL lexer: tokens', () => {
  for (const c of TOKEN_CASES) {
    it(`${c.id}: lexes ${JSON.stringify(c.text).slice(0, 60)}`, () => {
      assert.deepEqual(lex(c.text), c.tokens);
    });
  }

  it('gives every token kind a description', () => {
    for (let t = Tok.End; t <= Tok.Invalid; t++) assert.equal(typeof TOKEN_DESCRIPTIONS[t as Tok], 'string');
  });

  it('records a warning (1504) for a number literal too large for a double', () => {
    const lx = new Lexer('1e400 2 99e999');
    for (lx.next(); lx.type !== Tok.End; lx.next());
    assert.deepEqual(lx.warnings, [{ code: 1504, message: 'number out of range' }, { code: 1504, message: 'number out of range' }]);
  });

  it('can look ahead and come back to the same token', () => {
    const lx = new Lexer('a b c');
    lx.next();
    const mark = lx.mark();
    lx.next();
    lx.next();
    assert.equal(lx.value, 'c');
    lx.reset(mark);
    assert.equal(lx.value, 'a');
    lx.next();
    assert.equal(lx.value, 'b');
  });
});

interface PositionCase {
  id: string;
  text: string;
  /** Which token (0-based); -1 for the end of the query. */
  token: number;
  expected: string;
}

/** Where the n-th token (or the end) would be reported, as an error message suffix. */
function positionOf(text: string, n: number): string {
  const lx = new Lexer(text);
  let i = -1;
  do {
    lx.next();
    i++;
  } while (lx.type !== Tok.End && i !== n);
  return describePosition(text, 'X', lx.loc);
}

const POSITION_CASES: PositionCase[] = [
  { id: 'pos-1', text: 'RETURN 1', token: 1, expected: "X near '1' at position 1:8" },
  { id: 'pos-2', text: 'FOR x IN y\n  FILTER x = 1\nRETURN x', token: 6, expected: "X near '= 1\nRETURN x' at position 2:12" },
  { id: 'pos-3', text: 'RETURN\r\n  1 2', token: 2, expected: "X near '2' at position 2:5" },
  { id: 'pos-4', text: 'RETURN "ä" 1', token: 2, expected: "X near '1' at position 1:13" },
  { id: 'pos-5', text: 'RETURN 1 "abc" 2', token: 2, expected: `X near '" 2' at position 1:14` },
  { id: 'pos-6', text: 'RETURN `name`', token: 1, expected: "X near '`' at position 1:13" },
  { id: 'pos-7', text: 'FOR x IN y\n', token: -1, expected: "X near '' at position 2:1" },
  { id: 'pos-8', text: 'FOR x IN y   ', token: -1, expected: "X near '   ' at position 1:11" },
  { id: 'pos-9', text: 'FOR x IN y // c', token: -1, expected: "X near ' c' at position 1:14" },
  { id: 'pos-10', text: 'FOR x IN y //', token: -1, expected: "X near '//' at position 1:12" },
  { id: 'pos-11', text: 'FOR x IN y /* c */', token: -1, expected: "X near '*/' at position 1:17" },
  { id: 'pos-12', text: 'FOR x IN y', token: -1, expected: "X near 'y' at position 1:10" },
  { id: 'pos-13', text: '   ', token: -1, expected: "X near '   ' at position 1:1" },
  { id: 'pos-14', text: `RETURN ${'x'.repeat(40)}`, token: 1, expected: `X near '${'x'.repeat(32)}...' at position 1:8` },
  { id: 'pos-15', text: `RETURN ${'x'.repeat(31)}`, token: 1, expected: `X near '${'x'.repeat(31)}' at position 1:8` },
  { id: 'pos-16', text: `RETURN ${'x'.repeat(32)}`, token: 1, expected: `X near '${'x'.repeat(32)}...' at position 1:8` },
  { id: 'pos-17', text: `RETURN 1 ${'ä'.repeat(20)}`, token: 2, expected: `X near '${'ä'.repeat(16)}...' at position 1:10` },
  { id: 'pos-18', text: `RETURN "${'ä'.repeat(20)}" x`, token: 2, expected: "X near 'x' at position 1:51" },
  { id: 'pos-19', text: 'RETURN "a\nb" x', token: 2, expected: "X near '' at position 2:5" },
  { id: 'pos-20', text: 'LET a = 1 NOT IN [1]', token: 4, expected: "X near 'NOT IN [1]' at position 1:11" },
];

describe('AQL lexer: positions in error messages', () => {
  for (const c of POSITION_CASES) {
    it(`${c.id}: reports ${JSON.stringify(c.text).slice(0, 40)} token ${c.token} as flex would`, () => {
      assert.equal(positionOf(c.text, c.token), c.expected);
    });
  }

  it('locates a plain offset for errors raised after parsing', () => {
    const text = 'FOR x IN c\n  LET y = x.ä / 0\n  RETURN y';
    assert.equal(describePosition(text, 'X', locAt(text, text.indexOf('x.'))), "X near 'x.ä / 0\n  RETURN y' at position 2:11");
    assert.equal(describePosition(text, 'X', locAt(text, text.indexOf('/'))), "X near '/ 0\n  RETURN y' at position 2:16");
    assert.equal(describePosition(text, 'X', locAt(text, 0)), "X near 'FOR x IN c\n  LET y = x.ä / 0\n  ...' at position 1:1");
  });
});

interface LexErrorCase {
  id: string;
  text: string;
  message: string;
}

const LEX_ERROR_CASES: LexErrorCase[] = [
  { id: 'lexerr-1', text: 'RETURN "abc', message: "unexpected unterminated string literal near 'c' at position 1:11" },
  { id: 'lexerr-2', text: "RETURN '", message: "unexpected unterminated string literal near ''' at position 1:8" },
  { id: 'lexerr-3', text: 'RETURN "ab\\', message: "unexpected unterminated string literal near '\\' at position 1:11" },
  { id: 'lexerr-4', text: 'RETURN `abc', message: "unexpected unterminated identifier near 'c' at position 1:11" },
  { id: 'lexerr-5', text: 'RETURN ´ab', message: "unexpected unterminated identifier near 'b' at position 1:11" },
  { id: 'lexerr-6', text: 'RETURN 1 /* x', message: "unexpected unterminated multi-line comment near ' x' at position 1:12" },
  { id: 'lexerr-7', text: 'RETURN 1 /*', message: "unexpected unterminated multi-line comment near '/*' at position 1:10" },
  { id: 'lexerr-8', text: 'RETURN 1 /* a\n', message: "unexpected unterminated multi-line comment near '' at position 2:1" },
];

describe('AQL lexer: errors', () => {
  for (const c of LEX_ERROR_CASES) {
    it(`${c.id}: rejects ${JSON.stringify(c.text)} with 1501 and ArangoDB's message`, () => {
      const e = lexError(c.text);
      assert.equal(e.errorNum, 1501);
      assert.equal(e.message, c.message);
    });
  }
});
