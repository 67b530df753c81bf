// The AQL syntax tree the parser builds and the planner consumes. Nodes are immutable
// plain objects tagged by `type`; `pos` is the byte offset in the query text (turned into
// line:column only when an error is raised). Names are not resolved here: an identifier
// is a `name` node that the planner resolves to a variable or a collection.
import type { AqlValue } from '../../values/index.js';

interface At {
  readonly pos: number;
}

// ---- expressions -------------------------------------------------------------------

export interface ValueNode extends At { readonly type: 'value'; readonly value: AqlValue }
export interface ArrayNode extends At { readonly type: 'array'; readonly elements: readonly Expr[] }
/** `key` is a string for `{a: 1}`, `{"a": 1}` and shorthand `{a}`; an Expr for `{[e]: 1}`. */
export interface ObjectMember { readonly key: string | Expr; readonly value: Expr; readonly pos: number }
export interface ObjectNode extends At { readonly type: 'object'; readonly members: readonly ObjectMember[] }
/** An identifier: a variable if one is in scope, otherwise a collection name. */
export interface NameNode extends At { readonly type: 'name'; readonly name: string }
/** `@name`: a value bind parameter. */
export interface BindNode extends At { readonly type: 'bind'; readonly name: string }
/** `@@name`: a collection bind parameter (name without the `@@`). */
export interface BindCollectionNode extends At { readonly type: 'bindCollection'; readonly name: string }
/** `obj.name` (also `obj.\`quoted\``). */
export interface AttributeNode extends At { readonly type: 'attribute'; readonly object: Expr; readonly name: string }
/** `obj.@param`: the attribute name (or path, if the value is an array) comes from a bind parameter. */
export interface BindAttributeNode extends At { readonly type: 'bindAttribute'; readonly object: Expr; readonly param: string }
/** `obj[expr]`: attribute by string, element by number (negative counts from the end). */
export interface IndexNode extends At { readonly type: 'index'; readonly object: Expr; readonly index: Expr }
/**
 * `arr[*]`, `arr[**]` (flatten: `levels` = number of stars - 1), with the inline operations
 * `[* FILTER c LIMIT o, n RETURN p]`. `variable` is the name the inline parts and the
 * projection use for the element (`CURRENT` unless `[* v IN ...]` syntax is ever added).
 * Postfix operations written after the brackets (`arr[*].name`) become `projection`,
 * evaluated with `variable` bound to each element.
 */
export interface ExpansionNode extends At {
  readonly type: 'expansion';
  readonly object: Expr;
  readonly levels: number;
  readonly variable: string;
  readonly filter?: Expr;
  readonly limit?: { readonly offset: Expr; readonly count: Expr };
  readonly projection?: Expr;
  /**
   * `arr[? quantifier FILTER c]`: true when the number of elements passing `filter` fits
   * `quantifier` (none: at least one; `n`: exactly n; `a..b`: a to b; ALL, ANY, NONE,
   * AT LEAST (n)); false for a non-array. `arr ANY LIKE p` is parsed into one as well.
   */
  readonly booleanize?: true;
  readonly quantifier?: Quantifier | { readonly kind: 'count'; readonly count: Expr } | { readonly kind: 'range'; readonly from: Expr; readonly to: Expr };
}
export type UnaryOp = '-' | '+' | '!';
export interface UnaryNode extends At { readonly type: 'unary'; readonly op: UnaryOp; readonly operand: Expr }
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
export type MatchOp = 'like' | 'not like' | '=~' | '!~';
export type BinaryOp = ArithmeticOp | ComparisonOp | MatchOp;
export interface BinaryNode extends At { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
/** `&&`/`AND`, `||`/`OR`: short-circuit, returning one of the operands. */
export interface LogicalNode extends At { readonly type: 'logical'; readonly op: '&&' | '||'; readonly left: Expr; readonly right: Expr }
/** `left ALL|ANY|NONE|AT LEAST (n) <op> right`. */
export type Quantifier = { readonly kind: 'all' } | { readonly kind: 'any' } | { readonly kind: 'none' } | { readonly kind: 'atLeast'; readonly count: Expr };
export interface ArrayCompareNode extends At {
  readonly type: 'arrayCompare';
  readonly quantifier: Quantifier;
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly right: Expr;
}
/** `c ? a : b`; `then` is null for the shorthand `c ?: b` (which yields c when it is truthy). */
export interface TernaryNode extends At { readonly type: 'ternary'; readonly condition: Expr; readonly then: Expr | null; readonly else: Expr }
export interface RangeNode extends At { readonly type: 'range'; readonly from: Expr; readonly to: Expr }
/** A function call; `name` as written (case preserved), `a::b` user-function names included. */
export interface CallNode extends At { readonly type: 'call'; readonly name: string; readonly args: readonly Expr[] }
/** `( <query> )` used as an expression: its value is the array of the subquery's results. */
export interface SubqueryNode extends At { readonly type: 'subquery'; readonly query: Query }

export type Expr =
  | ValueNode
  | ArrayNode
  | ObjectNode
  | NameNode
  | BindNode
  | BindCollectionNode
  | AttributeNode
  | BindAttributeNode
  | IndexNode
  | ExpansionNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ArrayCompareNode
  | TernaryNode
  | RangeNode
  | CallNode
  | SubqueryNode;

// ---- statements --------------------------------------------------------------------

/** `FOR v IN source [OPTIONS {...}]`; source is a name/bindCollection (collection) or any expression. */
export interface ForStatement extends At { readonly type: 'for'; readonly variable: string; readonly source: Expr; readonly search?: Expr; readonly options?: Expr }
export interface LetStatement extends At { readonly type: 'let'; readonly variable: string; readonly expr: Expr }
export interface FilterStatement extends At { readonly type: 'filter'; readonly condition: Expr }
/**
 * `ascending` from ASC/DESC or a literal direction (`"DESC"`, `false`, ...), resolved as
 * ArangoDB does. `direction` is set for `SORT x @dir` only: the planner resolves the bound
 * value the same way ("ASC"/"DESC" case-insensitively, otherwise its truthiness).
 */
export interface SortElement { readonly expr: Expr; readonly ascending: boolean; readonly direction?: Expr }
export interface SortStatement extends At { readonly type: 'sort'; readonly elements: readonly SortElement[] }
/** `LIMIT count` has offset = value 0. */
export interface LimitStatement extends At { readonly type: 'limit'; readonly offset: Expr; readonly count: Expr }
export interface Assignment { readonly variable: string; readonly expr: Expr; readonly pos: number }
/**
 * COLLECT in all forms: `COLLECT a = e, b = f`, `AGGREGATE x = SUM(e)`, `INTO g`,
 * `INTO g = expr`, `KEEP v1, v2`, `WITH COUNT INTO c`, `OPTIONS {...}`.
 * `COLLECT WITH COUNT INTO c` has no groups.
 */
export interface CollectStatement extends At {
  readonly type: 'collect';
  readonly groups: readonly Assignment[];
  readonly aggregates: readonly Assignment[];
  readonly into?: { readonly variable: string; readonly expr?: Expr };
  readonly keep?: readonly string[];
  readonly withCount?: string;
  readonly options?: Expr;
}
export interface ReturnStatement extends At { readonly type: 'return'; readonly expr: Expr; readonly distinct: boolean }
/**
 * `WINDOW {preceding: p, following: f} AGGREGATE v = FUNC(e), ...` (row-based; `range`
 * absent) or `WINDOW range WITH {preceding: p, following: f} AGGREGATE ...` (range-based).
 * `spec` is the object as written: the planner evaluates its values.
 */
export interface WindowStatement extends At {
  readonly type: 'window';
  readonly spec: ObjectNode;
  readonly range?: Expr;
  readonly aggregates: readonly Assignment[];
}

/** Data modification (executed by the AQL part 2 issue; parsed already). */
export interface InsertStatement extends At { readonly type: 'insert'; readonly doc: Expr; readonly collection: Expr; readonly options?: Expr }
/** `UPDATE doc IN c` (with = undefined) or `UPDATE key WITH doc IN c`; same for REPLACE. */
export interface UpdateStatement extends At { readonly type: 'update' | 'replace'; readonly key: Expr; readonly with?: Expr; readonly collection: Expr; readonly options?: Expr }
export interface RemoveStatement extends At { readonly type: 'remove'; readonly key: Expr; readonly collection: Expr; readonly options?: Expr }
export interface UpsertStatement extends At {
  readonly type: 'upsert';
  readonly search: Expr;
  readonly insert: Expr;
  readonly update: Expr;
  readonly replace: boolean;
  readonly collection: Expr;
  readonly options?: Expr;
  /** `UPSERT FILTER cond INSERT ...` (3.12): `search` is a condition over CURRENT, not an example. */
  readonly filter?: boolean;
}

/** A traversal or path search direction, as grammar.y's graph_direction (OUTBOUND 2, INBOUND 1, ANY 0). */
export type GraphDirection = 'outbound' | 'inbound' | 'any';
/** One edge collection of an anonymous graph: a name, `@@c`, or `@c`, with its own direction if given. */
export interface GraphCollection { readonly pos: number; readonly name: NameNode | BindCollectionNode | BindNode; readonly direction?: GraphDirection }
/** What a graph statement walks: edge collections, or `GRAPH name` (a string literal, identifier or `@p`). */
export type GraphSubject =
  | { readonly kind: 'collections'; readonly collections: readonly GraphCollection[] }
  | { readonly kind: 'graph'; readonly pos: number; readonly name: ValueNode | BindNode };
/**
 * `FOR v[, e[, p]] IN [depth] DIR start graph [PRUNE [var =] cond] [OPTIONS {...}]`. `depth`
 * is absent for the default 1; `prune.variable` is `PRUNE var = cond` (a LET after the loop).
 */
export interface TraversalStatement extends At {
  readonly type: 'traversal';
  readonly variables: readonly string[];
  readonly depth?: Expr;
  readonly direction: GraphDirection;
  readonly start: Expr;
  readonly graph: GraphSubject;
  readonly prune?: { readonly variable?: string; readonly condition: Expr };
  readonly options?: Expr;
}
/**
 * Path searches: `FOR v[, e] IN DIR SHORTEST_PATH s TO t graph [OPTIONS]` and `FOR p IN
 * [depth] DIR K_SHORTEST_PATHS|K_PATHS|ALL_SHORTEST_PATHS s TO t graph [OPTIONS]` (only
 * K_PATHS takes a depth).
 */
export interface PathSearchStatement extends At {
  readonly type: 'pathSearch';
  readonly kind: 'shortestPath' | 'kShortestPaths' | 'kPaths' | 'allShortestPaths';
  readonly variables: readonly string[];
  readonly depth?: Expr;
  readonly direction: GraphDirection;
  readonly start: Expr;
  readonly target: Expr;
  readonly graph: GraphSubject;
  readonly options?: Expr;
}

export type Statement =
  | ForStatement
  | TraversalStatement
  | PathSearchStatement
  | LetStatement
  | FilterStatement
  | SortStatement
  | LimitStatement
  | CollectStatement
  | WindowStatement
  | ReturnStatement
  | InsertStatement
  | UpdateStatement
  | RemoveStatement
  | UpsertStatement;

/**
 * A whole query or a subquery: statements in order. The last statement of a top-level
 * query is RETURN or a data-modification statement (the parser enforces this, as AQL's
 * grammar does); a subquery's likewise.
 */
export interface Query extends At {
  readonly type: 'query';
  /** Collection names from `WITH a, b` (top level only). */
  readonly with: readonly string[];
  /** Bind parameters in WITH, named as ArangoDB reports them: `c` for `@c`, `@c` for `@@c`. */
  readonly withParams?: readonly string[];
  readonly statements: readonly Statement[];
  /** Parse-time warnings (top level only): 1504 for a number literal out of range (its value is null). */
  readonly warnings?: readonly { readonly code: number; readonly message: string }[];
}

export type Node = Expr | Statement | Query;
export type NodeType = Node['type'];
