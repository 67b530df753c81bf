// The AQL parser: recursive descent over the pull lexer, one parseX method per production
// of ArangoDB's grammar (arangod/Aql/grammar.y), precedence climbing for binary operators
// with the levels from the token table. It builds the immutable AST of ast/nodes.ts and
// resolves nothing: names stay `name` nodes for the planner. Syntax errors are worded as
// bison words them for that grammar, including the "expecting X" lists bison prints after
// its default reductions; where the grammar's actions raise their own errors (qualifiers,
// OPTIONS, DISTINCT, variable names) the same messages are raised at the same points.
//
// Invariants:
//  1. Nesting deeper than MAX_DEPTH throws 1524 before the JS stack can overflow. Depth is
//     counted as ArangoDB counts AST depth: one per nested expression (array element,
//     argument, parenthesised or subquery expression), per unary operator and per binary
//     or postfix operator in a chain (`0 + 1 + ... + 498` passes, `... + 500` does not).
//  2. The lexer always holds the lookahead token; `prevLoc`/`prevEnd` describe the last
//     token consumed (bison reports some errors there, after a reduction).
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { toBool, type AqlValue } from '../../values/index.js';
import type {
  ArrayCompareNode,
  Assignment,
  BinaryOp,
  CollectStatement,
  ComparisonOp,
  Expr,
  ExpansionNode,
  GraphCollection,
  GraphDirection,
  GraphSubject,
  PathSearchStatement,
  TraversalStatement,
  InsertStatement,
  LetStatement,
  LimitStatement,
  ObjectMember,
  ObjectNode,
  Query,
  RemoveStatement,
  ReturnStatement,
  SortElement,
  SortStatement,
  Statement,
  UpdateStatement,
  UpsertStatement,
  WindowStatement,
} from '../ast/nodes.js';
import { Lexer, parseError, type Loc } from '../lexer/lexer.js';
import { walk } from '../ast/walk.js';
import { ARRAY_COMPARISON, INFIX_PRECEDENCE, STATEMENT_START, TOKEN_DESCRIPTIONS, Tok } from '../lexer/tokens.js';

export const MAX_DEPTH = 500;

/** Where a query body ends: the whole text, a `( ... )` subquery, or a function argument. */
type BodyEnd = 'top' | 'paren' | 'arg';

/** Context that only the outermost operator loop of an expression sees (bison's states). */
interface ExprContext {
  /** A modification's expression: `IN name` followed by a statement end is the collection. */
  readonly modIn?: boolean;
  /** A FOR source: ANY not followed by a comparison is a traversal direction. */
  readonly forSource?: boolean;
}

const BINARY_OPS: ReadonlyMap<Tok, BinaryOp> = new Map<Tok, BinaryOp>([
  ...ARRAY_COMPARISON,
  [Tok.Like, 'like'],
  [Tok.RegexMatch, '=~'],
  [Tok.RegexNonMatch, '!~'],
  [Tok.Plus, '+'],
  [Tok.Minus, '-'],
  [Tok.Times, '*'],
  [Tok.Div, '/'],
  [Tok.Mod, '%'],
]);

/** `a NOT LIKE b` etc.: the operator the negated form maps to. */
const NEGATED_MATCH: ReadonlyMap<Tok, BinaryOp> = new Map<Tok, BinaryOp>([
  [Tok.Like, 'not like'],
  [Tok.RegexMatch, '!~'],
  [Tok.RegexNonMatch, '=~'],
]);

const EXPRESSION_START: ReadonlySet<Tok> = new Set([
  Tok.Identifier,
  Tok.QuotedString,
  Tok.Integer,
  Tok.Double,
  Tok.Null,
  Tok.True,
  Tok.False,
  Tok.Parameter,
  Tok.DataSourceParameter,
  Tok.ArrayOpen,
  Tok.ObjectOpen,
  Tok.Open,
  Tok.Plus,
  Tok.Minus,
  Tok.Not,
  Tok.Like,
]);

const LITERALS: ReadonlyMap<Tok, AqlValue> = new Map<Tok, AqlValue>([
  [Tok.Null, null],
  [Tok.True, true],
  [Tok.False, false],
]);

/** Tokens after `IN name` that continue an expression (`IN` is then the operator). */
const CONTINUES_EXPRESSION: ReadonlySet<Tok> = new Set([
  Tok.Dot, Tok.ArrayOpen, Tok.Open, Tok.Scope, Tok.In, Tok.Into, Tok.With, Tok.NotIn, Tok.Not, Tok.Like,
  Tok.RegexMatch, Tok.RegexNonMatch, Tok.Eq, Tok.Ne, Tok.Lt, Tok.Gt, Tok.Le, Tok.Ge, Tok.Range,
  Tok.Plus, Tok.Minus, Tok.Times, Tok.Div, Tok.Mod, Tok.And, Tok.Or, Tok.Question, Tok.All,
  Tok.Any, Tok.None, Tok.AtLeast,
]);
/** Of those, the ones only a name (not a string literal or bind parameter) can take. */
const CONTINUES_NAME_ONLY: ReadonlySet<Tok> = new Set([Tok.Open, Tok.Scope]);
const CONTINUES_REFERENCE_ONLY: ReadonlySet<Tok> = new Set([Tok.Dot, Tok.ArrayOpen]);

const GRAPH_START: ReadonlySet<Tok> = new Set([
  Tok.Outbound, Tok.Inbound, Tok.Any, Tok.ShortestPath, Tok.KShortestPaths, Tok.KPaths, Tok.AllShortestPaths,
]);

const DIRECTIONS: ReadonlyMap<Tok, GraphDirection> = new Map<Tok, GraphDirection>([
  [Tok.Outbound, 'outbound'],
  [Tok.Inbound, 'inbound'],
  [Tok.Any, 'any'],
]);

const PATH_SEARCHES: ReadonlyMap<Tok, PathSearchStatement['kind']> = new Map<Tok, PathSearchStatement['kind']>([
  [Tok.ShortestPath, 'shortestPath'],
  [Tok.KShortestPaths, 'kShortestPaths'],
  [Tok.KPaths, 'kPaths'],
  [Tok.AllShortestPaths, 'allShortestPaths'],
]);

/** How many variables each path search emits, and grammar.y's message when there are more. */
const PATH_SEARCH_VARIABLES: Readonly<Record<PathSearchStatement['kind'], [number, string]>> = {
  shortestPath: [2, 'SHORTEST_PATH must have one or two return variables'],
  kShortestPaths: [1, 'K_SHORTEST_PATHS only has one return variable'],
  kPaths: [1, 'K_PATHS only has one return variable'],
  allShortestPaths: [1, 'ALL_SHORTEST_PATHS only has one return variable'],
};

const MODIFICATIONS: ReadonlySet<Statement['type']> = new Set(['insert', 'update', 'replace', 'remove', 'upsert']);

const CURRENT = 'CURRENT';

function isConstant(e: Expr): boolean {
  switch (e.type) {
    case 'value':
      return true;
    case 'array':
      return e.elements.every(isConstant);
    case 'object':
      return e.members.every((m) => (typeof m.key === 'string' || isConstant(m.key)) && isConstant(m.value));
    case 'unary':
      return isConstant(e.operand);
    case 'bind':
      // a value bind parameter is known when the plan is built, which is when ArangoDB
      // checks OPTIONS (ExecutionPlan, after injecting bind parameters); @@collections are not values
      return !e.name.startsWith('@');
    default:
      return false;
  }
}

export class Parser {
  private readonly text: string;
  private readonly lx: Lexer;
  private depth = 0;
  /** A data modification was parsed (ArangoDB's Ast::_containsModificationNode, query-wide). */
  private modified = false;
  private prevLoc: Loc = { pos: 0, line: 1, colOrigin: 0 };
  private prevEnd = 0;

  constructor(text: string) {
    this.text = text;
    this.lx = new Lexer(text);
    this.lx.next();
  }

  // ---- token helpers ----------------------------------------------------------------

  /** The lookahead token (a method, so TypeScript does not narrow it across advance()). */
  private tok(): Tok {
    return this.lx.type;
  }

  private advance(): void {
    this.prevLoc = this.lx.loc;
    this.prevEnd = this.lx.end;
    this.lx.next();
  }

  /** Bison's message for the lookahead; `expecting` when bison's state lists them. */
  private unexpected(expecting?: readonly Tok[]): ArangoError {
    let message = `syntax error, unexpected ${TOKEN_DESCRIPTIONS[this.tok()]}`;
    if (expecting) message += `, expecting ${[...expecting].sort((a, b) => a - b).map((t) => TOKEN_DESCRIPTIONS[t]).join(' or ')}`;
    return parseError(this.text, message, this.lx.loc);
  }

  private expect(t: Tok, expecting?: readonly Tok[]): void {
    if (this.tok() !== t) throw this.unexpected(expecting);
    this.advance();
  }

  /** An identifier's text (variable names, qualifiers, function names). */
  private identifier(expecting: readonly Tok[] | undefined = [Tok.Identifier]): string {
    if (this.tok() !== Tok.Identifier) throw this.unexpected(expecting);
    const name = this.lx.value as string;
    this.advance();
    return name;
  }

  private fail(message: string, loc: Loc = this.lx.loc, def = ERR.ERROR_QUERY_PARSE): ArangoError {
    return parseError(this.text, message, loc, def);
  }

  /** The last character of the previous token: where bison puts an empty rule's location. */
  private endOfPrevious(): Loc {
    return { pos: Math.max(this.prevEnd - 1, this.prevLoc.pos), line: this.prevLoc.line, colOrigin: this.prevLoc.colOrigin };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ArangoError(ERR.ERROR_QUERY_TOO_MUCH_NESTING);
  }

  private leave(count = 1): void {
    this.depth -= count;
  }

  /**
   * A user variable name starts with a letter, `$` and a letter, or underscores and a
   * letter (ArangoDB 3.12's aql-parse.js: `_abc` and `__a0` are valid, `_`, `_0` and `00`
   * are syntax errors, also written in backticks).
   */
  private checkVariableName(name: string): void {
    if (!/^(\$|_*)[a-zA-Z]/.test(name)) throw this.fail(`variable name '${name}' has an invalid format`, this.prevLoc);
  }

  /** Two tokens ahead without consuming them. */
  private peek<T>(look: () => T): T {
    const mark = this.lx.mark();
    const prevLoc = this.prevLoc;
    const prevEnd = this.prevEnd;
    try {
      return look();
    } finally {
      this.lx.reset(mark);
      this.prevLoc = prevLoc;
      this.prevEnd = prevEnd;
    }
  }

  // ---- query ------------------------------------------------------------------------

  /** queryStart: [WITH collections] query END. */
  parseTopLevel(): Query {
    const pos = this.lx.start;
    const names: string[] = [];
    const params: string[] = [];
    if (this.tok() === Tok.With) this.parseWith(names, params);
    const statements = this.parseBody('top');
    const warnings = this.lx.warnings;
    return {
      type: 'query',
      pos,
      with: names,
      ...(params.length > 0 ? { withParams: params } : {}),
      statements,
      ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    };
  }

  /** WITH a, b c, @p, @@q (commas optional, as in grammar.y). */
  private parseWith(names: string[], params: string[]): void {
    const expecting = [Tok.Identifier, Tok.Parameter, Tok.DataSourceParameter];
    this.advance();
    for (;;) {
      if (this.tok() === Tok.Identifier) names.push(this.lx.value as string);
      else if (this.tok() === Tok.Parameter || this.tok() === Tok.DataSourceParameter) params.push(this.lx.value as string);
      else throw this.unexpected(expecting);
      this.advance();
      if (this.tok() === Tok.Comma) this.advance();
      else if (!expecting.includes(this.tok())) return;
    }
  }

  /**
   * query: statements final_statement. The final statement is RETURN (after which the
   * body must end) or a data modification (after which it may end or go on).
   */
  private parseBody(end: BodyEnd): Statement[] {
    const statements: Statement[] = [];
    let sawFor = false;
    for (;;) {
      const t = this.tok();
      if (t === Tok.Return) {
        statements.push(this.parseReturn(sawFor));
        if (!this.endsBody(end)) throw this.unexpected([end === 'top' ? Tok.End : Tok.Close]);
        return statements;
      }
      if (STATEMENT_START.has(t)) {
        statements.push(...this.parseStatement(t));
        if (t === Tok.For) sawFor = true;
        continue;
      }
      const last = statements[statements.length - 1];
      if (last !== undefined && MODIFICATIONS.has(last.type) && this.endsBody(end)) return statements;
      throw this.unexpected();
    }
  }

  private endsBody(end: BodyEnd): boolean {
    if (end === 'top') return this.tok() === Tok.End;
    return this.tok() === Tok.Close || (end === 'arg' && this.tok() === Tok.Comma);
  }

  private parseStatement(t: Tok): Statement[] {
    switch (t) {
      case Tok.For: return [this.parseFor()];
      case Tok.Let: return this.parseLet();
      case Tok.Filter: return [this.parseFilter()];
      case Tok.Collect: return [this.parseCollect()];
      case Tok.Sort: return [this.parseSort()];
      case Tok.Limit: return [this.parseLimit()];
      case Tok.Insert: return [this.parseInsert()];
      case Tok.Update: return [this.parseUpdateOrReplace('update')];
      case Tok.Replace: return [this.parseUpdateOrReplace('replace')];
      case Tok.Remove: return [this.parseRemove()];
      case Tok.Upsert: return [this.parseUpsert()];
      case Tok.Window: return [this.parseWindow()];
      default: throw this.unexpected();
    }
  }

  // ---- statements -------------------------------------------------------------------

  /**
   * FOR v IN source [SEARCH cond] [OPTIONS {...}], or a graph statement: a
   * direction keyword after IN, or after a depth expression, starts a traversal or a path
   * search (grammar.y's traversal_graph_info and *_graph_info rules).
   */
  private parseFor(): Statement {
    const pos = this.lx.start;
    const forLoc = this.lx.loc;
    this.advance();
    const variables = [this.identifier()];
    while (this.tok() === Tok.Comma) {
      this.advance();
      variables.push(this.identifier());
    }
    this.expect(Tok.In, [Tok.In]);
    if (DIRECTIONS.has(this.tok())) return this.parseGraphFor(pos, forLoc, variables, undefined, this.lx.loc);
    if (GRAPH_START.has(this.tok())) throw this.unexpected();
    const sourceLoc = this.lx.loc;
    const source = this.parseExpression({ forSource: true });
    if (DIRECTIONS.has(this.tok())) return this.parseGraphFor(pos, forLoc, variables, source, sourceLoc);
    if (GRAPH_START.has(this.tok())) throw this.unexpected();
    if (variables.length > 1) throw this.fail('Collections and views FOR loops only allow a single return variable', this.endOfPrevious());
    this.checkVariableName(variables[0]);
    const { search, options } = this.parseForOptions();
    // grammar.y reports it at the lookahead after the FOR statement
    if (search && source.type !== 'name' && source.type !== 'bindCollection') throw this.fail('SEARCH condition used on non-view');
    return { type: 'for', pos, variable: variables[0], source, ...(search ? { search } : {}), ...(options ? { options } : {}) };
  }

  /** graph_direction: OUTBOUND | INBOUND | ANY (the lookahead is one of them). */
  private parseDirection(): GraphDirection {
    const d = DIRECTIONS.get(this.tok())!;
    this.advance();
    return d;
  }

  /** After IN [depth]: the direction, then a path search keyword or a traversal's start vertex. */
  private parseGraphFor(pos: number, forLoc: Loc, variables: string[], depth: Expr | undefined, stepsLoc: Loc): Statement {
    const direction = this.parseDirection();
    const kind = PATH_SEARCHES.get(this.tok());
    if (kind) {
      // only K_PATHS takes a depth (graph_direction_steps); the others a bare direction
      if (depth && kind !== 'kPaths') throw this.unexpected();
      this.advance();
      return this.parsePathSearch(pos, forLoc, variables, kind, depth, direction, stepsLoc);
    }
    const start = this.parseExpression({ forSource: true });
    const graph = this.parseGraphSubject();
    // checkOutVariables runs in a mid-rule action: bison places it after the graph info
    if (variables.length > 3) throw this.fail('Traversals only have one, two or three return variables', this.endOfPrevious());
    for (const v of variables) this.checkVariableName(v);
    const { prune, options } = this.parsePruneAndOptions();
    return {
      type: 'traversal',
      pos,
      variables,
      ...(depth ? { depth } : {}),
      direction,
      start,
      graph,
      ...(prune ? { prune } : {}),
      ...(options ? { options } : {}),
    };
  }

  /** `s TO t graph [OPTIONS {...}]` after a path search keyword; TO is checked once the rule is complete. */
  private parsePathSearch(
    pos: number,
    forLoc: Loc,
    variables: string[],
    kind: PathSearchStatement['kind'],
    depth: Expr | undefined,
    direction: GraphDirection,
    stepsLoc: Loc,
  ): PathSearchStatement {
    const start = this.parseExpression();
    if (this.tok() !== Tok.Identifier) throw this.unexpected();
    const separator = this.lx.value as string;
    this.advance();
    const target = this.parseExpression({ forSource: true });
    const graph = this.parseGraphSubject();
    const options = this.parseOptions();
    if (separator.toUpperCase() !== 'TO') throw this.fail(`unexpected qualifier '${separator}', expecting 'TO'`, stepsLoc);
    const [max, message] = PATH_SEARCH_VARIABLES[kind];
    if (variables.length > max) throw this.fail(message, forLoc);
    for (const v of variables) this.checkVariableName(v);
    return { type: 'pathSearch', pos, kind, variables, ...(depth ? { depth } : {}), direction, start, target, graph, ...(options ? { options } : {}) };
  }

  /** graph_subject: GRAPH name | collection [, collection ...], each optionally with a direction. */
  private parseGraphSubject(): GraphSubject {
    if (this.tok() === Tok.Graph) {
      const pos = this.lx.start;
      this.advance();
      const t = this.tok();
      const value = this.lx.value as string;
      if (t === Tok.Parameter) {
        this.advance();
        return { kind: 'graph', pos, name: { type: 'bind', pos, name: value } };
      }
      if (t === Tok.QuotedString || t === Tok.Identifier) {
        this.advance();
        return { kind: 'graph', pos, name: { type: 'value', pos, value } };
      }
      throw this.unexpected([Tok.Identifier, Tok.QuotedString, Tok.Parameter, Tok.DataSourceParameter]);
    }
    const collections: GraphCollection[] = [this.parseGraphCollection()];
    while (this.tok() === Tok.Comma) {
      this.advance();
      collections.push(this.parseGraphCollection());
    }
    return { kind: 'collections', collections };
  }

  /**
   * graph_collection: name | @@param | @param | direction name | direction @param. A value
   * bind parameter stands for a data source (grammar.y's bind_parameter_datasource_expected):
   * its value names the edge collection.
   */
  private parseGraphCollection(): GraphCollection {
    const pos = this.lx.start;
    let direction: GraphDirection | undefined;
    if (DIRECTIONS.has(this.tok())) direction = this.parseDirection();
    const t = this.tok();
    const value = this.lx.value as string;
    let name: GraphCollection['name'];
    if (t === Tok.Identifier) name = { type: 'name', pos: this.lx.start, name: value };
    else if (t === Tok.DataSourceParameter) name = { type: 'bindCollection', pos: this.lx.start, name: value.slice(1) };
    else if (t === Tok.Parameter) name = { type: 'bind', pos: this.lx.start, name: value };
    else throw direction ? this.unexpected([Tok.Identifier, Tok.Parameter, Tok.DataSourceParameter]) : this.unexpected();
    this.advance();
    return { pos, name, ...(direction ? { direction } : {}) };
  }

  /** prune_and_options: [PRUNE [var =] cond] [OPTIONS {...}], qualifiers checked as grammar.y checks them. */
  private parsePruneAndOptions(): { prune?: TraversalStatement['prune']; options?: Expr } {
    if (this.tok() !== Tok.Identifier) return {};
    const first = this.lx.value as string;
    this.advance();
    const clause = this.parsePruneClause();
    if (this.tok() === Tok.Identifier) {
      const second = this.lx.value as string;
      this.advance();
      if (this.tok() !== Tok.ObjectOpen) throw this.unexpected([Tok.ObjectOpen]);
      const options = this.parseObject();
      if (first.toUpperCase() !== 'PRUNE') throw this.fail(`unexpected qualifier '${first}', expecting 'PRUNE'`);
      if (second.toUpperCase() !== 'OPTIONS') throw this.fail(`unexpected qualifier '${second}', expecting 'OPTIONS'`);
      this.validateOptions(options, this.lx.loc);
      return { prune: this.checkPrune(clause), options };
    }
    if (first.toUpperCase() === 'PRUNE') return { prune: this.checkPrune(clause) };
    if (first.toUpperCase() === 'OPTIONS') {
      this.validateOptions(clause.condition, this.lx.loc);
      return { options: clause.condition };
    }
    throw this.fail(`unexpected qualifier '${first}', expecting 'PRUNE' or 'OPTIONS'`);
  }

  /** optional_prune_variable: `name = expression` or `expression`. */
  private parsePruneClause(): { variable?: string; condition: Expr } {
    if (this.tok() === Tok.Identifier && this.nextIs((t) => t === Tok.Assign)) {
      const variable = this.identifier();
      this.advance();
      const condition = this.parseExpression();
      this.checkVariableName(variable);
      return { variable, condition };
    }
    return { condition: this.parseExpression() };
  }

  private checkPrune(clause: { variable?: string; condition: Expr }): { variable?: string; condition: Expr } {
    let subquery = false;
    walk(clause.condition, (n) => {
      if (n.type === 'subquery') subquery = true;
    });
    if (subquery) throw this.fail('PRUNE condition must not use a subquery');
    return clause;
  }

  /**
   * for_options: [SEARCH expression] [OPTIONS object], or one of them (grammar.y's
   * for_options): with two qualifiers the first must be SEARCH and the second OPTIONS.
   */
  private parseForOptions(): { search?: Expr; options?: Expr } {
    if (this.tok() !== Tok.Identifier) return {};
    const qualifier = this.lx.value as string;
    this.advance();
    const first = this.parseExpression();
    if (this.tok() === Tok.Identifier) {
      const second = this.lx.value as string;
      this.advance();
      const options = this.parseExpression();
      if (qualifier.toUpperCase() !== 'SEARCH' || second.toUpperCase() !== 'OPTIONS') {
        throw this.fail(`unexpected qualifier '${qualifier.toUpperCase() !== 'SEARCH' ? qualifier : second}', expecting 'SEARCH' and 'OPTIONS'`);
      }
      this.validateOptions(options, this.lx.loc);
      return { search: first, options };
    }
    if (qualifier.toUpperCase() === 'SEARCH') return { search: first };
    if (qualifier.toUpperCase() !== 'OPTIONS') throw this.fail(`unexpected qualifier '${qualifier}', expecting 'SEARCH' or 'OPTIONS'`);
    this.validateOptions(first, this.lx.loc);
    return { options: first };
  }

  /** options: [OPTIONS object] after COLLECT and data modifications. */
  private parseOptions(): ObjectNode | undefined {
    if (this.tok() !== Tok.Identifier) return undefined;
    const qualifier = this.lx.value as string;
    this.advance();
    if (this.tok() !== Tok.ObjectOpen) throw this.unexpected([Tok.ObjectOpen]);
    const options = this.parseObject();
    if (qualifier.toUpperCase() !== 'OPTIONS') throw this.fail(`unexpected qualifier '${qualifier}', expecting 'OPTIONS'`, this.prevLoc);
    this.validateOptions(options, this.prevLoc);
    return options;
  }

  private validateOptions(options: Expr, loc: Loc): void {
    if (options.type !== 'object') throw this.fail("'OPTIONS' have to be an object", loc);
    if (!isConstant(options)) throw this.fail("'OPTIONS' have to be known at query compile time", loc, ERR.ERROR_QUERY_COMPILE_TIME_OPTIONS);
  }

  /** LET a = e [, b = f ...]: one statement per assignment. */
  private parseLet(): LetStatement[] {
    this.advance();
    const out: LetStatement[] = [];
    for (;;) {
      const pos = this.lx.start;
      const variable = this.identifier();
      this.expect(Tok.Assign, [Tok.Assign]);
      const expr = this.parseExpression();
      this.checkVariableName(variable);
      out.push({ type: 'let', pos, variable, expr });
      if (this.tok() !== Tok.Comma) return out;
      this.advance();
    }
  }

  private parseFilter(): Statement {
    const pos = this.lx.start;
    this.advance();
    return { type: 'filter', pos, condition: this.parseExpression() };
  }

  /** SORT e [ASC|DESC|literal|@param] [, ...]. */
  private parseSort(): SortStatement {
    const pos = this.lx.start;
    this.advance();
    const elements: SortElement[] = [];
    for (;;) {
      const expr = this.parseExpression();
      elements.push({ expr, ...this.parseSortDirection() });
      if (this.tok() !== Tok.Comma) return { type: 'sort', pos, elements };
      this.advance();
    }
  }

  private parseSortDirection(): { ascending: boolean; direction?: Expr } {
    const t = this.tok();
    if (t === Tok.Asc || t === Tok.Desc) {
      this.advance();
      return { ascending: t === Tok.Asc };
    }
    if (t === Tok.Parameter || t === Tok.DataSourceParameter) return { ascending: true, direction: this.parsePrimary()[0] };
    if (t === Tok.QuotedString || t === Tok.Integer || t === Tok.Double || LITERALS.has(t)) {
      const value = (this.parsePrimary()[0] as { value: AqlValue }).value;
      if (typeof value === 'string' && /^(asc|desc)$/i.test(value)) return { ascending: value.toUpperCase() === 'ASC' };
      return { ascending: toBool(value) };
    }
    return { ascending: true };
  }

  /** LIMIT count | LIMIT offset, count. */
  private parseLimit(): LimitStatement {
    const pos = this.lx.start;
    this.advance();
    const first = this.parseExpression();
    if (this.tok() !== Tok.Comma) return { type: 'limit', pos, offset: { type: 'value', pos, value: 0 }, count: first };
    this.advance();
    return { type: 'limit', pos, offset: first, count: this.parseExpression() };
  }

  /** RETURN [DISTINCT] e; DISTINCT needs an enclosing FOR in the same (sub)query. */
  private parseReturn(sawFor: boolean): ReturnStatement {
    const pos = this.lx.start;
    this.advance();
    const distinct = this.tok() === Tok.Distinct;
    if (distinct) {
      if (!sawFor) throw this.fail('cannot use DISTINCT modifier on top-level query element');
      this.advance();
    }
    return { type: 'return', pos, expr: this.parseExpression(), distinct };
  }

  // ---- COLLECT ----------------------------------------------------------------------

  /**
   * COLLECT WITH COUNT INTO c | COLLECT AGGREGATE ... [INTO ...] | COLLECT groups
   * followed by WITH COUNT INTO c, AGGREGATE ... [INTO ...], or [INTO ...] [KEEP ...];
   * each form ends with optional OPTIONS {...}.
   */
  private parseCollect(): CollectStatement {
    const pos = this.lx.start;
    this.advance();
    let groups: Assignment[] = [];
    if (this.tok() !== Tok.With && this.tok() !== Tok.Aggregate) groups = this.parseAssignments(() => this.parseExpression());
    if (this.tok() === Tok.With) {
      const withCount = this.parseCountInto();
      const options = this.parseOptions();
      return { type: 'collect', pos, groups, aggregates: [], withCount, ...(options ? { options } : {}) };
    }
    const aggregates = this.tok() === Tok.Aggregate ? this.parseAggregate() : [];
    const into = this.parseCollectInto();
    let keep: string[] | undefined;
    if (aggregates.length === 0 && this.tok() === Tok.Identifier && !this.nextIs((next) => next === Tok.ObjectOpen)) keep = this.parseKeep();
    const options = this.parseOptions();
    if (keep && !into) throw this.fail("use of 'KEEP' without 'INTO'");
    if (into) this.checkVariableName(into.variable);
    this.checkCollectOwnVariables(groups, aggregates, into?.expr);
    return {
      type: 'collect',
      pos,
      groups,
      aggregates,
      ...(into ? { into } : {}),
      ...(keep ? { keep } : {}),
      ...(options ? { options } : {}),
    };
  }

  /**
   * A COLLECT's outputs exist only after it: ArangoDB fails with 1512 when a group
   * expression reads an earlier group variable, an aggregate reads a group variable or an
   * earlier aggregate's, or the INTO expression reads any of them (a name there is that
   * variable, not a collection).
   */
  private checkCollectOwnVariables(groups: readonly Assignment[], aggregates: readonly Assignment[], intoExpr: Expr | undefined): void {
    const uses = (expr: Expr, names: ReadonlySet<string>): string | undefined => {
      let used: string | undefined;
      walk(expr, (n) => {
        if (used === undefined && n.type === 'name' && names.has(n.name)) used = n.name;
      });
      return used;
    };
    // the parse errors first: validateAggregates (shared with WINDOW), then group variables in aggregates
    this.checkWindowAggregates(aggregates);
    const groupNames = new Set(groups.map((g) => g.variable));
    for (const a of aggregates) {
      const used = uses(a.expr, groupNames);
      if (used !== undefined) throw this.fail(`use of unknown variable '${used}' in aggregate expression`, this.lx.loc, ERR.ERROR_QUERY_VARIABLE_NAME_UNKNOWN);
    }
    const introduced = new Set<string>();
    for (const g of groups) {
      const used = uses(g.expr, introduced);
      if (used !== undefined) throw new ArangoError(ERR.ERROR_QUERY_VARIABLE_NAME_UNKNOWN, used);
      introduced.add(g.variable);
    }
    for (const a of aggregates) introduced.add(a.variable);
    const used = intoExpr && uses(intoExpr, introduced);
    if (used !== undefined) throw new ArangoError(ERR.ERROR_QUERY_VARIABLE_NAME_UNKNOWN, used);
  }

  /** name = expr [, name = expr ...] (COLLECT groups and AGGREGATE lists). */
  private parseAssignments(value: () => Expr): Assignment[] {
    const out: Assignment[] = [];
    for (;;) {
      const pos = this.lx.start;
      const variable = this.identifier();
      this.expect(Tok.Assign, [Tok.Assign]);
      const expr = value();
      this.checkVariableName(variable);
      out.push({ variable, expr, pos });
      if (this.tok() !== Tok.Comma) return out;
      this.advance();
    }
  }

  /** WITH COUNT INTO name; the qualifier is checked where bison reduces it (at the name). */
  private parseCountInto(): string {
    this.advance();
    const qualifier = this.identifier();
    this.expect(Tok.Into, [Tok.Into]);
    const variable = this.identifier();
    if (qualifier.toUpperCase() !== 'COUNT') throw this.fail(`unexpected qualifier '${qualifier}', expecting 'COUNT'`, this.prevLoc);
    this.checkVariableName(variable);
    return variable;
  }

  /** AGGREGATE name = FUNC(args) [, ...]. */
  private parseAggregate(): Assignment[] {
    this.advance();
    return this.parseAssignments(() => {
      const pos = this.lx.start;
      let name = this.identifier();
      while (this.tok() === Tok.Scope) {
        this.advance();
        name += `::${this.identifier()}`;
      }
      this.expect(Tok.Open, [Tok.Scope, Tok.Open]);
      return { type: 'call', pos, name, args: this.parseCallArguments() };
    });
  }

  private parseCollectInto(): { variable: string; expr?: Expr } | undefined {
    if (this.tok() !== Tok.Into) return undefined;
    this.advance();
    const variable = this.identifier();
    if (this.tok() !== Tok.Assign) return { variable };
    this.advance();
    return { variable, expr: this.parseExpression() };
  }

  /** KEEP a, b: the qualifier is checked before its list, as bison's mid-rule action does. */
  private parseKeep(): string[] {
    const qualifier = this.lx.value as string;
    this.advance();
    if (qualifier.toUpperCase() !== 'KEEP') throw this.fail(`unexpected qualifier '${qualifier}', expecting 'KEEP'`);
    const names = [this.identifier()];
    while (this.tok() === Tok.Comma) {
      this.advance();
      names.push(this.identifier());
    }
    return names;
  }

  // ---- WINDOW -----------------------------------------------------------------------

  /**
   * window_statement: WINDOW object AGGREGATE ... (row-based) | WINDOW expression WITH
   * object AGGREGATE ... (range-based). Bison reduces a bare object followed by anything
   * but AGGREGATE to an expression, so both forms start as one expression here. The
   * checks of grammar.y's action (validateAggregates, validateWindowSpec, then
   * Ast::createNodeWindow's 1595) run once the statement is complete, at the token after it.
   */
  private parseWindow(): WindowStatement {
    const pos = this.lx.start;
    this.advance();
    const bare = this.tok() === Tok.ObjectOpen;
    const first = this.parseExpression();
    let spec: ObjectNode;
    let range: Expr | undefined;
    if (this.tok() === Tok.With) {
      this.advance();
      if (this.tok() !== Tok.ObjectOpen) throw this.unexpected([Tok.ObjectOpen]);
      spec = this.parseObject();
      range = first;
      if (this.tok() !== Tok.Aggregate) throw this.unexpected([Tok.Aggregate]);
    } else {
      if (!bare || first.type !== 'object' || this.tok() !== Tok.Aggregate) throw this.unexpected();
      spec = first;
    }
    const aggregates = this.parseAggregate();
    this.checkWindowAggregates(aggregates);
    this.checkWindowSpec(spec);
    if (this.modified) throw new ArangoError(ERR.ERROR_QUERY_WINDOW_AFTER_MODIFICATION);
    return { type: 'window', pos, spec, ...(range ? { range } : {}), aggregates };
  }

  /**
   * validateAggregates: an aggregate expression may not read a variable an earlier
   * aggregate of the same statement introduced (its wording names COLLECT, for WINDOW too).
   */
  private checkWindowAggregates(aggregates: readonly Assignment[]): void {
    const introduced = new Set<string>();
    for (const a of aggregates) {
      let used: string | undefined;
      walk(a.expr, (n) => {
        if (used === undefined && n.type === 'name' && introduced.has(n.name)) used = n.name;
      });
      if (used !== undefined) throw this.fail(`use of COLLECT variable '${used}' inside same COLLECT`, this.lx.loc, ERR.ERROR_QUERY_VARIABLE_NAME_UNKNOWN);
      introduced.add(a.variable);
    }
  }

  /** validateWindowSpec: at least one bound, only "preceding" and "following", each once. */
  private checkWindowSpec(spec: ObjectNode): void {
    if (spec.members.length === 0) throw this.fail("At least one WINDOW bound must be specified ('preceding'/'following')");
    const seen = new Set<string>();
    for (const m of spec.members) {
      // a computed name is no attribute name at all: ArangoDB reads it as the empty string
      const name = typeof m.key === 'string' ? m.key : '';
      if (name !== 'preceding' && name !== 'following') {
        throw this.fail(`Invalid WINDOW attribute '${name}'; only "preceding" and "following" are supported`);
      }
      if (seen.has(name)) throw this.fail(`WINDOW attribute '${name}' is specified multiple times`);
      seen.add(name);
    }
  }

  // ---- data modification ------------------------------------------------------------

  private parseInsert(): InsertStatement {
    const pos = this.lx.start;
    this.advance();
    const doc = this.parseExpression({ modIn: true });
    const collection = this.parseInOrIntoCollection();
    const options = this.parseOptions();
    this.modified = true;
    return { type: 'insert', pos, doc, collection, ...(options ? { options } : {}) };
  }

  private parseRemove(): RemoveStatement {
    const pos = this.lx.start;
    this.advance();
    const key = this.parseExpression({ modIn: true });
    const collection = this.parseInOrIntoCollection();
    const options = this.parseOptions();
    this.modified = true;
    return { type: 'remove', pos, key, collection, ...(options ? { options } : {}) };
  }

  /** UPDATE doc IN c | UPDATE key WITH doc IN c (REPLACE alike). */
  private parseUpdateOrReplace(type: 'update' | 'replace'): UpdateStatement {
    const pos = this.lx.start;
    this.advance();
    const key = this.parseExpression({ modIn: true });
    let doc: Expr | undefined;
    if (this.tok() === Tok.With) {
      this.advance();
      doc = this.parseExpression({ modIn: true });
    }
    const collection = this.parseInOrIntoCollection();
    const options = this.parseOptions();
    this.modified = true;
    return { type, pos, key, ...(doc ? { with: doc } : {}), collection, ...(options ? { options } : {}) };
  }

  /** UPSERT {..}|@p|FILTER cond INSERT doc UPDATE|REPLACE doc IN c [OPTIONS {...}]. */
  private parseUpsert(): UpsertStatement {
    const pos = this.lx.start;
    this.advance();
    let search: Expr;
    const filter = this.tok() === Tok.Filter;
    if (filter) {
      this.advance();
      search = this.parseExpression();
    } else if (this.tok() === Tok.ObjectOpen) {
      search = this.parseObject();
    } else if (this.tok() === Tok.Parameter || this.tok() === Tok.DataSourceParameter) {
      search = this.parsePrimary()[0];
    } else {
      throw this.unexpected([Tok.Filter, Tok.Parameter, Tok.DataSourceParameter, Tok.ObjectOpen]);
    }
    this.expect(Tok.Insert, [Tok.Insert]);
    const insert = this.parseExpression();
    if (this.tok() !== Tok.Update && this.tok() !== Tok.Replace) throw this.unexpected();
    const replace = this.tok() === Tok.Replace;
    this.advance();
    const update = this.parseExpression({ modIn: true });
    const collection = this.parseInOrIntoCollection();
    const options = this.parseOptions();
    this.modified = true;
    return { type: 'upsert', pos, search, insert, update, replace, collection, ...(options ? { options } : {}), ...(filter ? { filter } : {}) };
  }

  /** IN|INTO name|"name"|@@param: always a collection, never a variable. */
  private parseInOrIntoCollection(): Expr {
    const into = this.tok() === Tok.Into;
    if (!into && this.tok() !== Tok.In) throw this.unexpected();
    this.advance();
    const pos = this.lx.start;
    const value = this.lx.value as string;
    if (this.tok() === Tok.Identifier || this.tok() === Tok.QuotedString) {
      this.advance();
      return { type: 'name', pos, name: value };
    }
    if (this.tok() === Tok.DataSourceParameter) {
      this.advance();
      return { type: 'bindCollection', pos, name: value.slice(1) };
    }
    throw this.unexpected(into ? [Tok.Identifier, Tok.QuotedString, Tok.DataSourceParameter] : undefined);
  }

  /** After a modification's expression: does this IN start `IN collection` (bison's lookahead)? */
  private inStartsCollection(): boolean {
    return this.peek(() => {
      this.advance();
      const name = this.tok();
      if (name !== Tok.Identifier && name !== Tok.QuotedString && name !== Tok.DataSourceParameter) return false;
      this.advance();
      const after = this.tok();
      if (!CONTINUES_EXPRESSION.has(after)) return true;
      if (name === Tok.QuotedString) return CONTINUES_NAME_ONLY.has(after) || CONTINUES_REFERENCE_ONLY.has(after);
      return name === Tok.DataSourceParameter && CONTINUES_NAME_ONLY.has(after);
    });
  }

  /** Whether the token after the lookahead satisfies `test`. */
  private nextIs(test: (t: Tok) => boolean): boolean {
    return this.peek(() => {
      this.advance();
      return test(this.tok());
    });
  }

  // ---- expressions ------------------------------------------------------------------

  parseExpression(ctx?: ExprContext): Expr {
    this.enter();
    const e = this.parseBinary(0, ctx);
    this.leave();
    return e;
  }

  /** Precedence climbing: operators binding at `minPrec` or tighter join `left`. */
  private parseBinary(minPrec: number, ctx?: ExprContext): Expr {
    let left = this.parseUnary();
    let folds = 0;
    for (;;) {
      const t = this.tok();
      const prec = INFIX_PRECEDENCE.get(t);
      if (prec === undefined || prec < minPrec) break;
      if (ctx?.modIn && t === Tok.In && this.inStartsCollection()) break;
      if (ctx?.forSource && t === Tok.Any && !this.nextIs((next) => ARRAY_COMPARISON.has(next))) break;
      this.enter();
      folds++;
      left = this.parseInfix(left, t, prec);
    }
    this.leave(folds);
    return left;
  }

  private parseInfix(left: Expr, t: Tok, prec: number): Expr {
    const pos = left.pos;
    this.advance();
    switch (t) {
      case Tok.Question:
        return this.parseTernary(left);
      case Tok.Or:
      case Tok.And:
        return { type: 'logical', pos, op: t === Tok.Or ? '||' : '&&', left, right: this.parseBinary(prec + 1) };
      case Tok.Range:
        return { type: 'range', pos, from: left, to: this.parseBinary(prec + 1) };
      case Tok.All:
      case Tok.Any:
      case Tok.None:
        return this.parseArrayComparison(left, { kind: t === Tok.All ? 'all' : t === Tok.Any ? 'any' : 'none' });
      case Tok.AtLeast: {
        this.expect(Tok.Open, [Tok.Open]);
        const count = this.parseExpression();
        this.expect(Tok.Close);
        return this.parseArrayComparison(left, { kind: 'atLeast', count });
      }
      case Tok.Not: {
        const op = NEGATED_MATCH.get(this.tok());
        if (op === undefined) throw this.unexpected([...NEGATED_MATCH.keys()]);
        this.advance();
        return { type: 'binary', pos, op, left, right: this.parseBinary(INFIX_PRECEDENCE.get(Tok.Like)! + 1) };
      }
      default:
        return { type: 'binary', pos, op: BINARY_OPS.get(t)!, left, right: this.parseBinary(prec + 1) };
    }
  }

  /** `c ? a : b` and `c ?: b`; the else part is right-associative. */
  private parseTernary(condition: Expr): Expr {
    if (this.tok() === Tok.Colon) {
      this.advance();
      return { type: 'ternary', pos: condition.pos, condition, then: null, else: this.parseBinary(1) };
    }
    const then = this.parseExpression();
    this.expect(Tok.Colon);
    return { type: 'ternary', pos: condition.pos, condition, then, else: this.parseBinary(1) };
  }

  /** After ALL|ANY|NONE|AT LEAST (n): a comparison operator and its right operand. */
  private parseArrayComparison(left: Expr, quantifier: ArrayCompareNode['quantifier']): Expr {
    const negated = this.tok() === Tok.Not && this.nextIs((next) => NEGATED_MATCH.has(next));
    if (negated || NEGATED_MATCH.has(this.tok())) {
      // `arr ANY LIKE p`, `arr ALL NOT =~ p`: ArangoDB parses these into arr[? ANY FILTER LIKE(CURRENT, p)]
      if (negated) this.advance();
      const t = this.tok();
      this.advance();
      const pattern = this.parseBinary(INFIX_PRECEDENCE.get(Tok.Like)! + 1);
      const current: Expr = { type: 'name', pos: left.pos, name: CURRENT };
      let filter: Expr = { type: 'call', pos: left.pos, name: t === Tok.Like ? 'LIKE' : 'REGEX_TEST', args: [current, pattern] };
      if (negated !== (t === Tok.RegexNonMatch)) filter = { type: 'unary', pos: left.pos, op: '!', operand: filter };
      return { type: 'expansion', pos: left.pos, object: left, levels: 0, variable: CURRENT, booleanize: true, quantifier, filter };
    }
    const op: ComparisonOp | undefined = ARRAY_COMPARISON.get(this.tok());
    if (op === undefined) throw this.unexpected();
    const prec = INFIX_PRECEDENCE.get(this.tok())!;
    this.advance();
    return { type: 'arrayCompare', pos: left.pos, quantifier, op, left, right: this.parseBinary(prec + 1) };
  }

  /** Prefix - + ! NOT bind tighter than any binary operator (so `NOT a == b` is `(NOT a) == b`). */
  private parseUnary(): Expr {
    const t = this.tok();
    if (t !== Tok.Minus && t !== Tok.Plus && t !== Tok.Not) return this.parsePostfix();
    const pos = this.lx.start;
    this.advance();
    this.enter();
    const operand = this.parseUnary();
    this.leave();
    return { type: 'unary', pos, op: t === Tok.Minus ? '-' : t === Tok.Plus ? '+' : '!', operand };
  }

  /**
   * A primary followed by `.name`, `.@param`, `[index]` and `[*...]`. Literals take no
   * postfix (grammar.y only allows it on references). After an expansion, postfix parts
   * become its projection (`u[*].a.b`), and a further `[*]` nests inside it.
   */
  private parsePostfix(): Expr {
    let [base, isReference] = this.parsePrimary();
    if (!isReference) return base;
    let inExpansion = false;
    let folds = 0;
    for (;;) {
      const pos = base.pos;
      let build: ((object: Expr) => Expr) | undefined;
      if (this.tok() === Tok.Dot) {
        build = this.parseMemberAccess(pos);
      } else if (this.tok() === Tok.ArrayOpen) {
        this.advance();
        if (this.tok() === Tok.Times || this.tok() === Tok.Question) {
          const make = this.tok() === Tok.Times ? this.parseExpansion(pos) : this.parseBooleanExpansion(pos);
          // as grammar.y: a single [*] after an expansion nests into its projection (one
          // level, not the innermost one); [**] applies to the expansion's whole result
          base = inExpansion && make.levels === 0 && base.type === 'expansion' ? { ...base, projection: make.build(base.projection ?? { type: 'name', pos: base.pos, name: base.variable }) } : make.build(base);
          inExpansion = true;
        } else {
          const index = this.parseExpression();
          this.expect(Tok.ArrayClose);
          build = (object) => ({ type: 'index', pos, object, index });
        }
      } else {
        break;
      }
      this.enter();
      folds++;
      if (build) base = inExpansion ? this.intoProjection(base, build) : build(base);
    }
    this.leave(folds);
    return base;
  }

  private parseMemberAccess(pos: number): (object: Expr) => Expr {
    this.advance();
    const t = this.tok();
    const value = this.lx.value as string;
    if (t === Tok.Identifier) {
      this.advance();
      return (object) => ({ type: 'attribute', pos, object, name: value });
    }
    if (t === Tok.Parameter || t === Tok.DataSourceParameter) {
      this.advance();
      return (object) => ({ type: 'bindAttribute', pos, object, param: value });
    }
    throw this.unexpected([Tok.Identifier, Tok.Parameter, Tok.DataSourceParameter]);
  }

  /** Applies `build` to the innermost projection of an expansion chain. */
  private intoProjection(e: Expr, build: (object: Expr) => Expr): Expr {
    if (e.type !== 'expansion') return build(e);
    const inner: Expr = e.projection ?? { type: 'name', pos: e.pos, name: e.variable };
    return { ...e, projection: this.intoProjection(inner, build) };
  }

  /** `[*` ... `]` with the stars already current: FILTER, LIMIT and RETURN parts. */
  private parseExpansion(pos: number): { levels: number; build: (object: Expr) => ExpansionNode } {
    let levels = -1;
    while (this.tok() === Tok.Times) {
      this.advance();
      levels++;
    }
    let filter: Expr | undefined;
    let quantified = false;
    if (this.tok() === Tok.Filter) {
      this.advance();
      filter = this.parseExpression();
    } else if (this.tok() !== Tok.Limit && this.tok() !== Tok.Return && this.tok() !== Tok.ArrayClose && (EXPRESSION_START.has(this.tok()) || INFIX_PRECEDENCE.get(this.tok()) === 4 || this.tok() === Tok.AtLeast)) {
      filter = this.parseQuantifiedFilter();
      quantified = true;
    }
    let limit: ExpansionNode['limit'];
    if (this.tok() === Tok.Limit) {
      const limitPos = this.lx.start;
      this.advance();
      const first = this.parseExpression();
      if (this.tok() === Tok.Comma) {
        this.advance();
        limit = { offset: first, count: this.parseExpression() };
      } else {
        limit = { offset: { type: 'value', pos: limitPos, value: 0 }, count: first };
      }
    }
    let projection: Expr | undefined;
    if (this.tok() === Tok.Return) {
      this.advance();
      projection = this.parseExpression();
    }
    if (this.tok() !== Tok.ArrayClose) throw this.unexpected([Tok.ArrayClose]);
    this.advance();
    if (quantified) throw this.fail('unexpected quantifier value found for array expansion operation.', this.prevLoc);
    return {
      levels,
      build: (object) => ({
        type: 'expansion',
        pos,
        object,
        levels,
        variable: CURRENT,
        ...(filter ? { filter } : {}),
        ...(limit ? { limit } : {}),
        ...(projection ? { projection } : {}),
      }),
    };
  }

  /** `[?` ... `]` with the question marks current: an optional quantifier and FILTER. */
  private parseBooleanExpansion(pos: number): { levels: number; build: (object: Expr) => ExpansionNode } {
    let levels = -1;
    while (this.tok() === Tok.Question) {
      this.advance();
      levels++;
    }
    let quantifier: ExpansionNode['quantifier'];
    let filter: Expr | undefined;
    const t = this.tok();
    if (t !== Tok.ArrayClose) {
      if (t === Tok.All || t === Tok.Any || t === Tok.None) {
        this.advance();
        quantifier = { kind: t === Tok.All ? 'all' : t === Tok.Any ? 'any' : 'none' };
      } else if (t === Tok.AtLeast) {
        this.advance();
        this.expect(Tok.Open, [Tok.Open]);
        quantifier = { kind: 'atLeast', count: this.parseExpression() };
        this.expect(Tok.Close);
      } else if (t !== Tok.Filter) {
        const q = this.parseExpression();
        quantifier = q.type === 'range' ? { kind: 'range', from: q.from, to: q.to } : { kind: 'count', count: q };
      }
      this.expect(Tok.Filter, [Tok.Filter]);
      filter = this.parseExpression();
    }
    if (this.tok() !== Tok.ArrayClose) throw this.unexpected([Tok.ArrayClose]);
    this.advance();
    return {
      levels,
      build: (object) => ({ type: 'expansion', pos, object, levels, variable: CURRENT, booleanize: true, ...(quantifier ? { quantifier } : {}), ...(filter ? { filter } : {}) }),
    };
  }

  /** `[* ANY FILTER c]`, `[* 2 FILTER c]`: parsed as grammar.y does, then rejected. */
  private parseQuantifiedFilter(): Expr {
    const t = this.tok();
    if (t === Tok.All || t === Tok.Any || t === Tok.None) {
      this.advance();
      this.expect(Tok.Filter, [Tok.Filter]);
    } else if (t === Tok.AtLeast) {
      this.advance();
      this.expect(Tok.Open, [Tok.Open]);
      this.parseExpression();
      this.expect(Tok.Close);
      this.expect(Tok.Filter, [Tok.Filter]);
    } else {
      this.parseExpression();
      this.expect(Tok.Filter);
    }
    return this.parseExpression();
  }

  /** A primary expression, and whether grammar.y counts it as a reference (postfix allowed). */
  private parsePrimary(): [Expr, boolean] {
    const pos = this.lx.start;
    const t = this.tok();
    const value = this.lx.value;
    switch (t) {
      case Tok.Identifier:
        this.advance();
        if (this.tok() === Tok.Open || this.tok() === Tok.Scope) return [this.parseFunctionCall(value as string, pos), true];
        return [{ type: 'name', pos, name: value as string }, true];
      case Tok.QuotedString:
      case Tok.Integer:
      case Tok.Double:
        this.advance();
        return [{ type: 'value', pos, value }, false];
      case Tok.Null:
      case Tok.True:
      case Tok.False:
        this.advance();
        return [{ type: 'value', pos, value: LITERALS.get(t)! }, false];
      case Tok.Parameter:
        this.advance();
        return [{ type: 'bind', pos, name: value as string }, true];
      case Tok.DataSourceParameter:
        this.advance();
        return [{ type: 'bindCollection', pos, name: (value as string).slice(1) }, true];
      case Tok.ArrayOpen:
        return [this.parseArray(), true];
      case Tok.ObjectOpen:
        return [this.parseObject(), true];
      case Tok.Open:
        return [this.parseParenthesized(), true];
      case Tok.Like:
        this.advance();
        if (this.tok() !== Tok.Open) throw this.unexpected([Tok.Open]);
        return [this.parseFunctionCall('LIKE', pos), true];
      default:
        throw this.unexpected();
    }
  }

  /** name(args) or ns::name(args), the name already consumed; case is kept as written. */
  private parseFunctionCall(first: string, pos: number): Expr {
    let name = first;
    while (this.tok() === Tok.Scope) {
      this.advance();
      name += `::${this.identifier()}`;
    }
    this.expect(Tok.Open, [Tok.Scope, Tok.Open]);
    return { type: 'call', pos, name, args: this.parseCallArguments() };
  }

  /** Arguments after `(`, up to and including `)`; an argument may be a bare subquery. */
  private parseCallArguments(): Expr[] {
    const args: Expr[] = [];
    if (this.tok() === Tok.Close) {
      this.advance();
      return args;
    }
    for (;;) {
      args.push(STATEMENT_START.has(this.tok()) ? this.parseSubquery('arg') : this.parseExpression());
      if (this.tok() === Tok.Comma) {
        this.advance();
        continue;
      }
      if (this.tok() !== Tok.Close) throw this.unexpected([Tok.Close]);
      this.advance();
      return args;
    }
  }

  /** `( expression )` or `( subquery )`, told apart by the first token. */
  private parseParenthesized(): Expr {
    this.advance();
    let e: Expr;
    if (STATEMENT_START.has(this.tok())) {
      e = this.parseSubquery('paren');
    } else {
      e = this.parseExpression();
      if (this.tok() !== Tok.Close) throw this.unexpected();
    }
    this.advance();
    return e;
  }

  private parseSubquery(end: 'paren' | 'arg'): Expr {
    const pos = this.lx.start;
    const statements = this.parseBody(end);
    return { type: 'subquery', pos, query: { type: 'query', pos, with: [], statements } };
  }

  /** [a, b, ...] with an optional trailing comma. */
  private parseArray(): Expr {
    const pos = this.lx.start;
    this.advance();
    const elements: Expr[] = [];
    for (;;) {
      if (this.tok() === Tok.ArrayClose) break;
      if (!EXPRESSION_START.has(this.tok())) throw this.unexpected([Tok.ArrayClose]);
      elements.push(this.parseExpression());
      if (this.tok() === Tok.Comma) {
        this.advance();
        continue;
      }
      if (this.tok() !== Tok.ArrayClose) throw this.unexpected([Tok.ArrayClose]);
    }
    this.advance();
    return { type: 'array', pos, elements };
  }

  /** {a: 1, "b": 2, c, @k: 3, [e]: 4} with an optional trailing comma. */
  private parseObject(): ObjectNode {
    const pos = this.lx.start;
    this.advance();
    const members: ObjectMember[] = [];
    for (;;) {
      if (this.tok() === Tok.ObjectClose) break;
      members.push(this.parseObjectMember());
      if (this.tok() === Tok.Comma) {
        this.advance();
        continue;
      }
      if (this.tok() !== Tok.ObjectClose) throw this.unexpected([Tok.ObjectClose]);
    }
    this.advance();
    return { type: 'object', pos, members };
  }

  private parseObjectMember(): ObjectMember {
    const pos = this.lx.start;
    const t = this.tok();
    const value = this.lx.value as string;
    let key: string | Expr;
    if (t === Tok.Identifier) {
      this.advance();
      if (this.tok() !== Tok.Colon) return { key: value, value: { type: 'name', pos, name: value }, pos };
      key = value;
    } else if (t === Tok.QuotedString) {
      this.advance();
      key = value;
    } else if (t === Tok.Parameter) {
      this.advance();
      key = { type: 'bind', pos, name: value };
    } else if (t === Tok.ArrayOpen) {
      this.advance();
      key = this.parseExpression();
      this.expect(Tok.ArrayClose);
    } else {
      throw this.unexpected([Tok.ObjectClose]);
    }
    this.expect(Tok.Colon, [Tok.Colon]);
    return { key, value: this.parseExpression(), pos };
  }
}
