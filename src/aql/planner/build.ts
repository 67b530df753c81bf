// AST -> execution plan. Resolves identifiers (variable in scope, else collection),
// substitutes bind parameters, looks up functions, and lowers every statement to plan
// nodes: expressions become CalculationNodes, subqueries and asynchronous calls (SLEEP)
// are hoisted into nodes of their own placed before the statement that uses them.
// Raises the errors ArangoDB raises while parsing: 1203, 1510-1512, 1540/1541, 1551-1553,
// 1568, 1574; and those of its AST validation (phase `optimizing ast`): 1573 for a
// modification inside a modification, 1579 for reading or writing a collection after it
// was modified, or reading documents (DOCUMENT) after any modification; and those of its
// plan instantiation (phase `instantiating plan`): a WINDOW's bounds, 1575 and 10. It
// reads the catalog only to check that collections exist.
import { enterpriseOnly } from '../functions/search.js';
import { ArangoError, ERR } from '../../errors/arango-error.js';
import { toBool, type AqlValue } from '../../values/index.js';
import { checkArity, lookupFunction, userFunctionDef } from '../functions/index.js';
import type * as A from '../ast/nodes.js';
import type { RExpr, Variable } from './ir.js';
import { isConstant, mapChildren, type RKind } from './ir.js';
import type { CollectNode, EnumerateCollectionNode, SearchOptions, GraphAccess, LimitNode, ModificationNode, ModificationOptions, Plan, PlanNode, QueryPlan, VertexInput } from './plan.js';
import { constantVertex, depthRange, depthValue, graphDefinition, graphVertexCollections, pathSearchOptions, traversalOptions } from './graph.js';
import { windowBounds } from './window.js';
import { callsDynamic, dynamicCallError } from '../search/filter.js';


/** ArangoDB's count of a LIMIT whose count is null: 128 Gi rows, i.e. unbounded. */
const UNBOUNDED_LIMIT = 128 * 1024 * 1024 * 1024;
export interface BuildContext {
  bindVars: Record<string, unknown>;
  collectionExists(name: string): boolean;
  /** Evaluates a constant expression (LIMIT values, OPTIONS); may throw ArangoErrors. */
  evaluateConstant(e: RExpr): AqlValue;
  /**
   * Folds a constant expression: its value, or undefined when its evaluation fails and
   * is left for the executor; throws what must fail the query now (a warning under
   * failOnWarning).
   */
  foldConstant(e: RExpr): AqlValue | undefined;
  fullCount: boolean;
  /** Records a plan-time warning (invalid OPTIONS attributes); absent = dropped. */
  warn?(code: number, message: string): void;
  /** A collection's type (2 document, 3 edge); undefined when it does not exist. */
  collectionType?(name: string): number | undefined;
  /** The name of a collection given by name or id, or undefined. */
  collectionName?(nameOrId: string): string | undefined;
  /** The names of the collections a view of the query's database reads, or undefined when there is no such view. */
  viewCollections?(name: string): string[] | undefined;
  /** The document `_graphs/<name>` of the query's database (a named graph), or undefined. */
  graphDocument?(name: string): AqlValue | undefined;
}

/** Functions ArangoDB flags CanReadDocuments: not allowed after a data modification (1579). */
const READS_DOCUMENTS = new Set(['DOCUMENT']);

/** Boolean OPTIONS of data-modification statements (any value; its truthiness counts). */
const MODIFICATION_FLAGS = ['ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'ignoreRevs', 'exclusive', 'ignoreDocumentNotFound', 'refillIndexCaches', 'skipDocumentValidation'] as const;
/** Accepted and without effect in Cairn. */
const MODIFICATION_IGNORED = new Set(['readCompleteInput', 'isRestore', 'canReadOwnWrites', 'readOwnWrites', 'versionAttribute']);
/** UPSERT also looks documents up: its lookup's index options are accepted (and without effect). */
const UPSERT_LOOKUP_OPTIONS = new Set(['indexHint', 'forceIndexHint', 'disableIndex', 'useCache']);
const OVERWRITE_MODES = new Set(['ignore', 'replace', 'update', 'conflict']);

/** Whether any value reachable from `x` (plan nodes, expressions) is the variable `v`. */
function refersTo(x: unknown, v: Variable, seen = new Set<object>()): boolean {
  if (x === v) return true;
  if (typeof x !== 'object' || x === null || seen.has(x)) return false;
  seen.add(x);
  return Object.values(x).some((y) => refersTo(y, v, seen));
}

/** An error of ArangoDB's AST validation pass (reported `while optimizing ast`). */
function astError(e: ArangoError): ArangoError {
  e.phase = 'optimizing ast';
  return e;
}

/** An error ArangoDB raises while it builds the plan from the AST (`instantiating plan`). */
function planError(e: ArangoError): ArangoError {
  e.phase = 'instantiating plan';
  return e;
}

/** Aggregate functions COLLECT ... AGGREGATE accepts (ArangoDB's list), by canonical name. */
export const AGGREGATE_FUNCTIONS: Record<string, string> = {
  LENGTH: 'LENGTH', COUNT: 'LENGTH', MIN: 'MIN', MAX: 'MAX', SUM: 'SUM', AVERAGE: 'AVERAGE', AVG: 'AVERAGE',
  VARIANCE_POPULATION: 'VARIANCE_POPULATION', VARIANCE: 'VARIANCE_POPULATION', VARIANCE_SAMPLE: 'VARIANCE_SAMPLE',
  STDDEV_POPULATION: 'STDDEV_POPULATION', STDDEV: 'STDDEV_POPULATION', STDDEV_SAMPLE: 'STDDEV_SAMPLE',
  UNIQUE: 'UNIQUE', SORTED_UNIQUE: 'SORTED_UNIQUE', COUNT_DISTINCT: 'COUNT_DISTINCT', COUNT_UNIQUE: 'COUNT_DISTINCT',
  PUSH: 'PUSH', BIT_AND: 'BIT_AND', BIT_OR: 'BIT_OR', BIT_XOR: 'BIT_XOR',
};

interface Scope {
  vars: Map<string, Variable>;
  /**
   * Names declared before the (sub)query's first FOR (ArangoDB's main or subquery scope):
   * a COLLECT hides only what came later. Undefined until a FOR starts.
   */
  beforeLoops?: Set<string>;
}

const CONDITION_OPTIMIZATIONS = ['auto', 'nodnf', 'noneg', 'none'] as const;

/**
 * The OPTIONS of a view loop as IResearchViewNode reads them: `collections` (names of
 * linked collections), `conditionOptimization`, `countApproximate`, `parallelism`,
 * `waitForSync`; other attributes are ignored. Throws 10 for a bad value.
 */
function searchOptions(o: Record<string, AqlValue>, linked: string[], resolveCollection: (nameOrId: string) => string | undefined): SearchOptions {
  const bad = (what: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, what);
  const out: SearchOptions = { conditionOptimization: 'auto', countApproximate: 'exact', parallelism: 1, waitForSync: false };
  if (o.collections !== undefined && o.collections !== null) {
    if (!Array.isArray(o.collections)) throw bad("'collections' attribute should be an array");
    out.collections = o.collections.map((c) => {
      // a collection by name or by id (number or numeric string)
      const name = typeof c === 'string' || typeof c === 'number' ? resolveCollection(String(c)) : undefined;
      if (name === undefined || !linked.includes(name)) throw bad(`invalid data source name '${typeof c === 'string' ? c : JSON.stringify(c)}' while parsing 'collections' option`);
      return name;
    });
  }
  const co = o.conditionOptimization;
  if (co !== undefined) {
    if (typeof co !== 'string' || !(CONDITION_OPTIMIZATIONS as readonly string[]).includes(co)) throw bad("'conditionOptimization' attribute should be one of 'auto', 'nodnf', 'noneg', 'none'");
    out.conditionOptimization = co as SearchOptions['conditionOptimization'];
  }
  const ca = o.countApproximate;
  if (ca !== undefined) {
    if (ca !== 'exact' && ca !== 'cost') throw bad("'countApproximate' attribute should be one of 'exact', 'cost'");
    out.countApproximate = ca;
  }
  if (o.parallelism !== undefined) {
    if (typeof o.parallelism !== 'number' || !(o.parallelism >= 0)) throw bad("'parallelism' attribute should be a positive number");
    out.parallelism = Math.trunc(o.parallelism);
  }
  if (o.waitForSync !== undefined) {
    if (typeof o.waitForSync !== 'boolean') throw bad("'waitForSync' attribute should be a boolean");
    out.waitForSync = o.waitForSync;
  }
  return out;
}

function notFound(name: string): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
}

class Builder {
  private nextId = 0;
  private nextNode = 1;
  readonly variables: Variable[] = [];
  private readonly scopes: Scope[] = [];
  readonly collections: string[] = [];
  private readonly usedBinds = new Set<string>();
  cacheable = true;
  /** Data-modification bookkeeping, as ArangoDB's Ast::validateAndOptimize keeps it. */
  readonly writeCollections: string[] = [];
  private readonly firstSeen = new Map<string, number>();
  private nesting = 0;
  private anyWrite = false;
  private inWrite = false;
  /** Variables an expression refers to (NEW/OLD outputs nobody reads are dropped). */
  private readonly used = new Set<Variable>();
  readonly modifications: ModificationNode[] = [];

  constructor(private readonly ctx: BuildContext) {}

  // ---- variables and scopes --------------------------------------------------------

  newVariable(name?: string): Variable {
    const id = this.nextId++;
    const v: Variable = { id, name: name ?? String(id), reg: id };
    this.variables.push(v);
    return v;
  }

  private declare(name: string): Variable {
    if (this.lookup(name)) throw new ArangoError(ERR.ERROR_QUERY_VARIABLE_REDECLARED, name);
    const v = this.newVariable(name);
    this.scopes[this.scopes.length - 1].vars.set(name, v);
    return v;
  }

  private lookup(name: string): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** `asArgument`: a function argument (DOCUMENT(c, k)), which ArangoDB turns into a string. */
  private useCollection(name: string, asArgument = false): string {
    if (!this.ctx.collectionExists(name)) throw notFound(name);
    if (this.writeCollections.includes(name)) throw astError(new ArangoError(ERR.ERROR_QUERY_ACCESS_AFTER_MODIFICATION, `collection '${name}'`));
    if (!this.firstSeen.has(name) && !asArgument) this.firstSeen.set(name, this.nesting);
    if (!this.collections.includes(name)) this.collections.push(name);
    return name;
  }

  private bindValue(name: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.ctx.bindVars, name)) throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_MISSING, name);
    this.usedBinds.add(name);
    return this.ctx.bindVars[name];
  }

  private bindCollection(name: string): string {
    return this.useCollection(this.bindName(name));
  }

  /** The data source name a `@@name` bind parameter gives. */
  private bindName(name: string): string {
    const v = this.bindValue('@' + name);
    if (typeof v !== 'string' || v === '') throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_TYPE, '@' + name);
    return v;
  }

  /** Drops NEW/OLD outputs no expression reads (ArangoDB's optimizer does the same). */
  pruneModificationOutputs(): void {
    for (const n of this.modifications) {
      if (n.outVariableNew && !this.used.has(n.outVariableNew)) n.outVariableNew = null;
      if (n.outVariableOld && !this.used.has(n.outVariableOld)) n.outVariableOld = null;
    }
  }

  /** Throws 1552 for a bind parameter given but never used. */
  checkUnusedBinds(): void {
    for (const name of Object.keys(this.ctx.bindVars)) {
      if (!this.usedBinds.has(name)) throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_UNDECLARED, name);
    }
  }

  nodeId(): number {
    // ArangoDB refuses a plan of more than 4000 execution nodes (1524)
    if (this.nextNode > MAX_PLAN_NODES) throw new ArangoError(ERR.ERROR_QUERY_TOO_MUCH_NESTING);
    return this.nextNode++;
  }

  // ---- queries ---------------------------------------------------------------------

  /** Plans a (sub)query in a new scope; `out` receives the pipeline's nodes. */
  buildQuery(q: A.Query, top: boolean): { plan: Plan; limits: LimitNode[] } {
    this.scopes.push({ vars: new Map() });
    if (!top) this.nesting++;
    try {
      for (const name of q.with) this.useCollection(name);
      for (const name of q.withParams ?? []) {
        if (name.startsWith('@')) this.bindCollection(name.slice(1));
        else {
          const v = this.bindValue(name);
          if (typeof v !== 'string') throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_TYPE, name);
          this.useCollection(v);
        }
      }
      const nodes: PlanNode[] = [{ type: 'SingletonNode', id: this.nodeId() }];
      const limits: LimitNode[] = [];
      for (const st of q.statements) this.statement(st, nodes, limits, top);
      return { plan: { nodes }, limits };
    } finally {
      if (!top) this.nesting--;
      this.scopes.pop();
    }
  }

  private statement(st: A.Statement, nodes: PlanNode[], limits: LimitNode[], top: boolean): void {
    if (st.type === 'for' || st.type === 'traversal' || st.type === 'pathSearch') {
      const scope = this.scopes[this.scopes.length - 1];
      scope.beforeLoops ??= new Set(scope.vars.keys());
    }
    switch (st.type) {
      case 'for':
        return this.forStatement(st, nodes);
      case 'traversal':
        return this.traversalStatement(st, nodes);
      case 'pathSearch':
        return this.pathSearchStatement(st, nodes);
      case 'let':
        return this.letStatement(st, nodes);
      case 'filter': {
        // A condition known at compile time never becomes a FilterNode (as ArangoDB's plan
        // builder): true is dropped, false stops all rows with a NoResultsNode.
        const cond = this.fold(this.expr(st.condition, nodes));
        if (cond.k === 'const') {
          if (!toBool(cond.value)) nodes.push({ type: 'NoResultsNode', id: this.nodeId() });
          return;
        }
        // the condition's CalculationNode is numbered before the FilterNode, as in ArangoDB
        const inVariable = this.asVariable(cond, nodes);
        nodes.push({ type: 'FilterNode', id: this.nodeId(), inVariable });
        return;
      }
      case 'sort':
        return this.sortStatement(st, nodes);
      case 'limit': {
        const node: LimitNode = {
          type: 'LimitNode',
          id: this.nodeId(),
          offset: this.limitValue(st.offset, nodes, 0),
          limit: this.limitValue(st.count, nodes, UNBOUNDED_LIMIT),
          fullCount: false,
        };
        nodes.push(node);
        if (top) limits.push(node);
        return;
      }
      case 'collect':
        return this.collectStatement(st, nodes);
      case 'window':
        return this.windowStatement(st, nodes);
      case 'return':
        return this.returnStatement(st, nodes);
      case 'insert':
      case 'update':
      case 'replace':
      case 'remove':
      case 'upsert':
        return this.modification(st, nodes);
    }
  }

  // ---- data modification -----------------------------------------------------------

  /**
   * INSERT/UPDATE/REPLACE/REMOVE/UPSERT: the node, then NEW/OLD declared for the rest of
   * the scope, with ArangoDB's validation (1573, 1579; see the file header).
   */
  private modification(st: A.InsertStatement | A.UpdateStatement | A.RemoveStatement | A.UpsertStatement, nodes: PlanNode[]): void {
    if (this.inWrite) throw astError(new ArangoError(ERR.ERROR_QUERY_MULTI_MODIFY));
    const collection = st.collection.type === 'bindCollection' ? this.bindCollection(st.collection.name) : this.useCollection((st.collection as A.NameNode).name);
    const options = this.modificationOptions(st, nodes);
    const base = { id: 0, collection, options, outVariableNew: null, outVariableOld: null };
    let node: ModificationNode;
    this.inWrite = true;
    try {
      node = this.modificationNode(st, nodes, base);
    } finally {
      this.inWrite = false;
    }
    node.id = this.nodeId();
    if ((this.firstSeen.get(collection) ?? this.nesting) < this.nesting) {
      throw astError(new ArangoError(ERR.ERROR_QUERY_ACCESS_AFTER_MODIFICATION, `collection '${collection}'`));
    }
    if (!this.writeCollections.includes(collection)) this.writeCollections.push(collection);
    this.anyWrite = true;
    this.cacheable = false;
    const hasOld = st.type !== 'insert' || options.overwriteMode === 'update' || options.overwriteMode === 'replace';
    if (st.type !== 'remove') node.outVariableNew = this.declareSpecial('NEW');
    if (hasOld) node.outVariableOld = node.type === 'UpsertNode' ? this.declareSpecial('OLD', node.oldVariable) : this.declareSpecial('OLD');
    nodes.push(node);
    this.modifications.push(node);
  }

  private modificationNode(
    st: A.InsertStatement | A.UpdateStatement | A.RemoveStatement | A.UpsertStatement,
    nodes: PlanNode[],
    base: { id: number; collection: string; options: ModificationOptions; outVariableNew: null; outVariableOld: null },
  ): ModificationNode {
    switch (st.type) {
      case 'insert':
        return { type: 'InsertNode', ...base, inVariable: this.toVariable(st.doc, nodes) };
      case 'remove':
        return { type: 'RemoveNode', ...base, inVariable: this.toVariable(st.key, nodes) };
      case 'update':
      case 'replace': {
        const type = st.type === 'update' ? 'UpdateNode' : 'ReplaceNode';
        if (!st.with) return { type, ...base, inDocVariable: this.toVariable(st.key, nodes), inKeyVariable: null };
        const inKeyVariable = this.toVariable(st.key, nodes);
        return { type, ...base, inDocVariable: this.toVariable(st.with, nodes), inKeyVariable };
      }
      case 'upsert':
        return this.upsertNode(st, nodes, base);
    }
  }

  /**
   * UPSERT's search example is an object with literal attribute names, nested objects
   * included, or a bind parameter whose value is an object; anything else is a parse
   * error (1501), as ArangoDB's example condition refuses it before the query runs.
   */
  private checkUpsertExample(search: A.Expr): void {
    const literal = (o: A.ObjectNode): void => {
      for (const m of o.members) {
        if (typeof m.key !== 'string') throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'expecting object literal with literal attribute names in example');
        if (m.value.type === 'object') literal(m.value);
      }
    };
    if (search.type === 'object') literal(search);
    else if (search.type === 'bind') {
      const v = this.bindValue(search.name);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'expecting object literal for example');
    }
  }

  private upsertNode(
    st: A.UpsertStatement,
    nodes: PlanNode[],
    base: { id: number; collection: string; options: ModificationOptions; outVariableNew: null; outVariableOld: null },
  ): ModificationNode {
    const hoistedFrom = nodes.length;
    let currentVariable: Variable | null = null;
    let search: RExpr;
    if (st.filter) {
      this.scopes.push({ vars: new Map() });
      try {
        currentVariable = this.newVariable('$CURRENT');
        this.scopes[this.scopes.length - 1].vars.set('$CURRENT', currentVariable);
        this.scopes[this.scopes.length - 1].vars.set('CURRENT', currentVariable);
        search = this.expr(st.search, nodes);
      } finally {
        this.scopes.pop();
      }
    } else {
      this.checkUpsertExample(st.search);
      search = this.expr(st.search, nodes);
    }
    const insert = this.expr(st.insert, nodes);
    const oldVariable = this.newVariable('$OLD');
    this.scopes.push({ vars: new Map([['OLD', oldVariable]]) });
    let update: RExpr;
    try {
      update = this.expr(st.update, nodes);
    } finally {
      this.scopes.pop();
    }
    // Subqueries and SLEEP calls are hoisted before the UpsertNode, where OLD and CURRENT
    // have no value yet: refuse them rather than compute with null.
    const hoisted = nodes.slice(hoistedFrom);
    for (const v of [oldVariable, currentVariable]) {
      if (v && refersTo(hoisted, v)) {
        throw ArangoError.withMessage(ERR.ERROR_NOT_IMPLEMENTED, `subqueries using ${v.name.slice(1)} inside UPSERT are not implemented yet in Cairn`);
      }
    }
    return { type: 'UpsertNode', ...base, search, filter: st.filter === true, currentVariable, insert, update, isReplace: st.replace, oldVariable };
  }

  /** NEW / OLD: ArangoDB's $NEW / $OLD, shadowing an earlier modification's in the same scope. */
  private declareSpecial(name: 'NEW' | 'OLD', v?: Variable): Variable {
    const out = v ?? this.newVariable('$' + name);
    this.scopes[this.scopes.length - 1].vars.set(name, out);
    return out;
  }

  /** OPTIONS { ... } of a modification; unknown attributes and bad values warn (1539). */
  private modificationOptions(st: { type: string; options?: A.Expr }, nodes: PlanNode[]): ModificationOptions {
    const out: ModificationOptions = {
      ignoreErrors: false,
      waitForSync: false,
      keepNull: true,
      mergeObjects: true,
      ignoreRevs: true,
      exclusive: false,
      ignoreDocumentNotFound: false,
      refillIndexCaches: false,
      skipDocumentValidation: false,
    };
    if (!st.options) return out;
    const opts = this.constantOptions(st.options, nodes);
    const op = st.type.toUpperCase();
    // ArangoDB's ExecutionPlan::invalidOptionAttribute wording.
    const warn = (kind: 'unknown' | 'invalid', name: string): void =>
      this.ctx.warn?.(ERR.ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE.errorNum, `usage of ${kind} OPTIONS attribute '${name}' in ${op} statement`);
    for (const [name, value] of Object.entries(opts)) {
      if ((MODIFICATION_FLAGS as readonly string[]).includes(name)) out[name as (typeof MODIFICATION_FLAGS)[number]] = toBool(value);
      else if (name === 'overwriteMode') {
        if (typeof value === 'string' && OVERWRITE_MODES.has(value)) {
          if (st.type === 'insert') out.overwriteMode = value as ModificationOptions['overwriteMode'];
        } else warn('invalid', name);
      } else if (name === 'readOwnWrites') {
        if (st.type === 'upsert' && !toBool(value)) out.readOwnWrites = false;
      } else if (name === 'overwrite') {
        if (st.type === 'insert' && toBool(value) && out.overwriteMode === undefined) out.overwriteMode = 'replace';
      } else if (!MODIFICATION_IGNORED.has(name) && !(st.type === 'upsert' && UPSERT_LOOKUP_OPTIONS.has(name))) warn('unknown', name);
    }
    return out;
  }

  private forStatement(st: A.ForStatement, nodes: PlanNode[]): void {
    const opts = st.options ? this.constantOptions(st.options, nodes) : undefined;
    const src = st.source;
    if ((src.type === 'name' && !this.lookup(src.name)) || src.type === 'bindCollection') {
      const name = src.type === 'name' ? src.name : this.bindName(src.name);
      const viewCollections = this.ctx.collectionExists(name) ? undefined : this.ctx.viewCollections?.(name);
      if (viewCollections) return this.viewStatement(st, name, viewCollections, opts ?? {}, nodes);
      if (st.search && !this.ctx.collectionExists(name)) throw notFound(name);
      if (st.search) throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'SEARCH condition used on non-view');
      const collection = src.type === 'name' ? this.useCollection(src.name) : this.bindCollection(src.name);
      const out = this.declare(st.variable);
      const node: EnumerateCollectionNode = { type: 'EnumerateCollectionNode', id: this.nodeId(), collection, outVariable: out, random: false };
      // index hints (ArangoDB: a name or a list of names, tried in order)
      const hint = opts?.indexHint;
      const names = typeof hint === 'string' ? [hint] : Array.isArray(hint) ? hint.filter((h): h is string => typeof h === 'string') : [];
      if (names.length > 0) node.indexHint = { names, forced: opts?.forceIndexHint === true };
      if (opts?.disableIndex === true) node.disableIndex = true;
      if (typeof opts?.lookahead === 'number' && Number.isFinite(opts.lookahead)) node.lookahead = Math.max(0, Math.trunc(opts.lookahead));
      nodes.push(node);
      return;
    }
    let inVar: Variable;
    if (src.type === 'range') {
      inVar = this.newVariable();
      nodes.push({ type: 'CalculationNode', id: this.nodeId(), expression: this.expr(src, nodes), outVariable: inVar, async: false, lazyRange: true });
    } else inVar = this.toVariable(src, nodes);
    const out = this.declare(st.variable);
    nodes.push({ type: 'EnumerateListNode', id: this.nodeId(), inVariable: inVar, outVariable: out });
  }

  /**
   * FOR v IN view [SEARCH cond] [OPTIONS {...}]: an EnumerateViewNode. The view's linked
   * collections count as read collections of the query (permissions, `collections`).
   */
  private viewStatement(st: A.ForStatement, view: string, collections: string[], opts: Record<string, AqlValue>, nodes: PlanNode[]): void {
    for (const c of collections) if (!this.collections.includes(c)) this.collections.push(c);
    const options = searchOptions(opts, collections, (c) => this.ctx.collectionName?.(c) ?? c);
    const out = this.declare(st.variable);
    const before = nodes.length;
    const raw = st.search ? this.expr(st.search, nodes) : undefined;
    // an asynchronous call (APPLY, CALL) was hoisted into a calculation of its own
    const hoisted = nodes.slice(before).some((n) => n.type === 'CalculationNode' && callsDynamic(n.expression));
    if (raw && (hoisted || callsDynamic(raw))) throw dynamicCallError(view);
    const condition = raw ? this.fold(raw) : undefined;
    const read = options.collections ? collections.filter((c) => options.collections!.includes(c)) : collections;
    nodes.push({ type: 'EnumerateViewNode', id: this.nodeId(), view, collections: read, outVariable: out, ...(condition ? { condition } : {}), options });
  }

  // ---- graph statements --------------------------------------------------------------

  /**
   * FOR v, e, p IN ... traversal: the TraversalNode, its outputs declared before PRUNE is
   * resolved (PRUNE reads them), and `PRUNE var = cond` as a calculation after the node,
   * as ArangoDB's grammar adds that LET.
   */
  private traversalStatement(st: A.TraversalStatement, nodes: PlanNode[]): void {
    const { minDepth, maxDepth } = this.depths(st.depth, nodes);
    const options = traversalOptions(st.options ? this.constantOptions(st.options, nodes) : {}, (message) =>
      this.ctx.warn?.(ERR.ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE.errorNum, message),
    );
    const start = this.vertexInput(st.start, 'start', nodes);
    const graph = this.graphAccess(st.graph, st.direction, options.edgeCollections);
    const vertexOut = this.declare(st.variables[0]);
    const edgeOut = st.variables.length > 1 ? this.declare(st.variables[1]) : null;
    const pathOut = st.variables.length > 2 ? this.declare(st.variables[2]) : null;
    let prune: RExpr | undefined;
    if (st.prune) {
      const hoistedFrom = nodes.length;
      const condition = this.expr(st.prune.condition, nodes);
      // ArangoDB 3.9.6+ (issue #17291): a PRUNE must run without V8, so V8(), CALL, APPLY
      // and user-defined functions are refused when the plan is built. Checked on the
      // unfolded condition (folding turns a constant V8('0') into '0') and on what it
      // hoisted (asynchronous calls become calculations of their own).
      const hoisted = nodes.slice(hoistedFrom);
      if (callsDynamic(condition) || hoisted.some((n) => n.type === 'CalculationNode' && callsDynamic(n.expression))) {
        throw planError(ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'Invalid PRUNE expression: JavaScript expressions cannot be used inside PRUNE'));
      }
      if (hoisted.length > 0) throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'PRUNE condition must not use a subquery');
      prune = this.fold(condition);
    }
    nodes.push({ type: 'TraversalNode', id: this.nodeId(), start, graph, minDepth, maxDepth, options, vertexOut, edgeOut, pathOut, ...(prune ? { prune } : {}) });
    if (st.prune?.variable && prune) this.calculation(prune, this.declare(st.prune.variable), nodes);
  }

  /** SHORTEST_PATH, K_SHORTEST_PATHS, K_PATHS, ALL_SHORTEST_PATHS. */
  private pathSearchStatement(st: A.PathSearchStatement, nodes: PlanNode[]): void {
    const { minDepth, maxDepth } = st.kind === 'allShortestPaths' ? { minDepth: 0, maxDepth: Number.MAX_SAFE_INTEGER } : this.depths(st.depth, nodes);
    const options = pathSearchOptions(st.options ? this.constantOptions(st.options, nodes) : {});
    const start = this.vertexInput(st.start, 'start', nodes);
    const target = this.vertexInput(st.target, 'target', nodes);
    const graph = this.graphAccess(st.graph, st.direction, []);
    if (st.kind === 'shortestPath') {
      const vertexOut = this.declare(st.variables[0]);
      const edgeOut = st.variables.length > 1 ? this.declare(st.variables[1]) : null;
      nodes.push({ type: 'ShortestPathNode', id: this.nodeId(), start, target, graph, options, vertexOut, edgeOut });
      return;
    }
    const pathType = st.kind === 'kPaths' ? 'K_PATHS' : st.kind === 'kShortestPaths' ? 'K_SHORTEST_PATHS' : 'ALL_SHORTEST_PATHS';
    const pathOut = this.declare(st.variables[0]);
    nodes.push({ type: 'EnumeratePathsNode', id: this.nodeId(), pathType, start, target, graph, minDepth, maxDepth, options, pathOut });
  }

  /** `min..max`, `n` or nothing (1..1), constant non-negative integers (1501 otherwise). */
  private depths(depth: A.Expr | undefined, nodes: PlanNode[]): { minDepth: number; maxDepth: number } {
    if (!depth) return { minDepth: 1, maxDepth: 1 };
    const bound = (e: A.Expr): number => {
      const r = this.fold(this.expr(e, nodes));
      if (r.k === 'const') return depthValue(r.value);
      // a variable a LET bound to a constant (LET s = 1 FOR x IN s OUTBOUND ...) is known
      // at compile time too: ArangoDB's AST inlines such variables before it plans
      const calc = r.k === 'var' ? nodes.find((n) => n.type === 'CalculationNode' && n.outVariable === r.v) : undefined;
      const value = calc?.type === 'CalculationNode' ? this.fold(calc.expression) : undefined;
      return depthValue(value?.k === 'const' ? value.value : undefined);
    };
    if (depth.type === 'range') return depthRange(bound(depth.from), bound(depth.to));
    const n = bound(depth);
    return depthRange(n, n);
  }

  /** A start or target vertex: a constant id, or a variable (a calculation when it is an expression). */
  private vertexInput(e: A.Expr, which: 'start' | 'target', nodes: PlanNode[]): VertexInput {
    const r = this.fold(this.expr(e, nodes));
    if (r.k === 'const') {
      const c = constantVertex(r.value, which);
      if (c !== 'runtime') return c;
    }
    return { variable: this.asVariable(r, nodes) };
  }

  /**
   * The edge collections a graph statement reads: a named graph's (from `_graphs`, 1924
   * when there is none, 1940 when it has no edge definitions) or those listed, each
   * checked to be an edge collection (1218) and listed once per direction (a second
   * direction for the same collection is 1218 too). An `edgeCollections` restriction
   * drops the others. Every collection read is one of the query's collections.
   */
  private graphAccess(subject: A.GraphSubject, direction: A.GraphDirection, restrict: string[]): GraphAccess {
    const excluded = (name: string): boolean => restrict.length > 0 && !restrict.includes(name);
    const edges: GraphAccess['edges'] = [];
    const add = (collection: string, d: A.GraphDirection): void => {
      if (d !== 'inbound') edges.push({ collection, direction: 'out' });
      if (d !== 'outbound') edges.push({ collection, direction: 'in' });
    };
    if (subject.kind === 'graph') {
      const name = subject.name.type === 'bind' ? this.bindValue(subject.name.name) : subject.name.value;
      if (typeof name !== 'string') throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_TYPE, subject.name.type === 'bind' ? subject.name.name : 'graph');
      const def = graphDefinition(this.ctx.graphDocument?.(name));
      if (!def) throw new ArangoError(ERR.ERROR_GRAPH_NOT_FOUND, name);
      if (def.edgeDefinitions.length === 0) throw new ArangoError(ERR.ERROR_GRAPH_EMPTY);
      for (const d of def.edgeDefinitions) {
        this.useCollection(d.collection);
        if (!excluded(d.collection) && !edges.some((x) => x.collection === d.collection)) add(d.collection, direction);
      }
      const vertexCollections = graphVertexCollections(def);
      for (const c of vertexCollections) this.useCollection(c);
      return { graph: name, defaultDirection: direction, edges, vertexCollections };
    }
    const names: string[] = [];
    const seen = new Map<string, A.GraphDirection>();
    for (const c of subject.collections) {
      const name = this.graphCollectionName(c);
      names.push(name);
      const d = c.direction ?? direction;
      if (excluded(name)) continue;
      const before = seen.get(name);
      if (before !== undefined) {
        if (before !== d) throw ArangoError.withMessage(ERR.ERROR_ARANGO_COLLECTION_TYPE_INVALID, `conflicting directions specified for collection '${name}`);
        continue;
      }
      seen.set(name, d);
      if (this.ctx.collectionType?.(name) !== 3) {
        throw ArangoError.withMessage(ERR.ERROR_ARANGO_COLLECTION_TYPE_INVALID, `collection type invalid for collection '${name}: expecting collection type 'edge'`);
      }
      add(name, d);
    }
    return { graph: names, defaultDirection: direction, edges, vertexCollections: [] };
  }

  private graphCollectionName(c: A.GraphCollection): string {
    if (c.name.type === 'name') return this.useCollection(c.name.name);
    if (c.name.type === 'bindCollection') return this.bindCollection(c.name.name);
    const v = this.bindValue(c.name.name);
    if (typeof v !== 'string' || v === '') throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_TYPE, c.name.name);
    return this.useCollection(v);
  }

  private letStatement(st: A.LetStatement, nodes: PlanNode[]): void {
    if (st.expr.type === 'subquery') {
      const { plan } = this.buildQuery(st.expr.query, false);
      const out = this.declare(st.variable);
      nodes.push({ type: 'SubqueryNode', id: this.nodeId(), subquery: plan, outVariable: out });
      return;
    }
    const e = this.expr(st.expr, nodes);
    const out = this.declare(st.variable);
    this.calculation(e, out, nodes);
  }

  private sortStatement(st: A.SortStatement, nodes: PlanNode[]): void {
    const elements: { variable: Variable; ascending: boolean }[] = [];
    for (const el of st.elements) {
      const e = this.expr(el.expr, nodes);
      const ascending = el.direction ? this.sortDirection(el.direction, nodes) : el.ascending;
      if (isConstant(e)) continue; // sorting by a constant changes nothing (ArangoDB drops it too)
      elements.push({ variable: this.asVariable(e, nodes), ascending });
    }
    if (elements.length > 0) nodes.push({ type: 'SortNode', id: this.nodeId(), elements });
  }

  /** `SORT x @dir`: "ASC"/"DESC" in any case, otherwise the value's truthiness (true = ascending). */
  private sortDirection(e: A.Expr, nodes: PlanNode[]): boolean {
    const v = this.ctx.evaluateConstant(this.expr(e, nodes));
    if (typeof v === 'string' && /^(asc|desc)$/i.test(v)) return v.toUpperCase() === 'ASC';
    return toBool(v);
  }

  private limitValue(e: A.Expr, nodes: PlanNode[], ifNull: number): number {
    const r = this.expr(e, nodes);
    if (!isConstant(r)) throw ArangoError.withMessage(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE, 'LIMIT value must be a constant number');
    const v = this.ctx.evaluateConstant(r);
    // null is no offset and no count limit, as ArangoDB's ExecutionPlan reads LIMIT
    // (clients send LIMIT @skip, @limit with null for "all": python-arango's find())
    if (v === null) return ifNull;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ArangoError(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE);
    return Math.floor(v);
  }

  private collectStatement(st: A.CollectStatement, nodes: PlanNode[]): void {
    const method = this.collectMethod(st, nodes);
    const groups = st.groups.map((g) => ({ name: g.variable, inVariable: this.toVariable(g.expr, nodes) }));
    const aggregates = st.aggregates.map((a) => this.aggregate(a, nodes));
    let intoExpr: Variable | undefined;
    let keep: Variable[] = [];
    if (st.into?.expr) intoExpr = this.toVariable(st.into.expr, nodes);
    else if (st.into) keep = this.keepVariables(st.keep);
    else if (st.keep) throw ArangoError.withMessage(ERR.ERROR_QUERY_PARSE, 'use of KEEP without INTO');
    // Its group and aggregate variables are declared as ArangoDB's parser meets them, while
    // everything before is still visible: a name in use is 1511.
    for (const name of [...st.groups.map((g) => g.variable), ...st.aggregates.map((a) => a.variable)]) {
      if (this.lookup(name)) throw new ArangoError(ERR.ERROR_QUERY_VARIABLE_REDECLARED, name);
    }
    // COLLECT hides the variables of the current scope declared since its first FOR (after
    // an earlier COLLECT: all since then), as ArangoDB ends every FOR and COLLECT scope up
    // to the main or subquery one; before any FOR it hides nothing.
    const scope = this.scopes[this.scopes.length - 1];
    if (scope.beforeLoops) for (const name of [...scope.vars.keys()]) if (!scope.beforeLoops.has(name)) scope.vars.delete(name);
    const node: CollectNode = {
      type: 'CollectNode',
      id: this.nodeId(),
      method: this.countsOnly(st, aggregates) ? 'count' : method,
      groups: groups.map((g) => ({ outVariable: this.declare(g.name), inVariable: g.inVariable })),
      aggregates: aggregates.map((a) => ({ outVariable: this.declare(a.name), inVariable: a.inVariable, type: a.type })),
    };
    if (st.withCount) node.aggregates.push({ outVariable: this.declare(st.withCount), inVariable: null, type: 'LENGTH' });
    if (st.into) node.into = { outVariable: this.declare(st.into.variable), expressionVariable: intoExpr, keep };
    nodes.push(node);
  }

  /**
   * ArangoDB's specialize-collect picks the count executor for a COLLECT with no group,
   * no INTO and one aggregate alone, of type LENGTH (COUNT is its alias): `WITH COUNT
   * INTO c`, or `AGGREGATE c = LENGTH(x)` when OPTIONS do not fix a method.
   */
  private countsOnly(st: A.CollectStatement, aggregates: { type: string }[]): boolean {
    if (st.groups.length > 0 || st.into) return false;
    if (st.withCount) return aggregates.length === 0;
    return aggregates.length === 1 && aggregates[0].type === 'LENGTH' && !st.options;
  }

  private collectMethod(st: A.CollectStatement, nodes: PlanNode[]): 'sorted' | 'hash' {
    const fallback = prefersHash(st, nodes) ? 'hash' : 'sorted';
    if (!st.options) return fallback;
    const opts = this.constantOptions(st.options, nodes);
    // ArangoDB's createCollectOptions reads only `method` and warns about any other attribute
    for (const name of Object.keys(opts)) {
      if (name !== 'method') this.ctx.warn?.(ERR.ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE.errorNum, `usage of unknown OPTIONS attribute '${name}' in COLLECT statement`);
    }
    return opts.method === 'hash' ? 'hash' : opts.method === 'sorted' ? 'sorted' : fallback;
  }

  private aggregate(a: A.Assignment, nodes: PlanNode[]): { name: string; inVariable: Variable | null; type: string } {
    const { type, arg } = this.aggregateCall(a);
    return { name: a.variable, inVariable: arg ? this.toVariable(arg, nodes) : null, type };
  }

  /**
   * An aggregate's canonical kind and argument, checked as ArangoDB's
   * Ast::createNodeAggregateFunctionCall checks it: 1574 for anything but a call of an
   * aggregate function, 1541 (named as written) unless it has one argument; LENGTH and
   * COUNT need none (null: rows are counted) and read only their first.
   */
  private aggregateCall(a: A.Assignment): { type: string; arg: A.Expr | null } {
    const call = a.expr;
    const type = call.type === 'call' ? AGGREGATE_FUNCTIONS[call.name.toUpperCase()] : undefined;
    if (call.type !== 'call' || !type) throw new ArangoError(ERR.ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION);
    if (type === 'LENGTH') return { type, arg: call.args[0] ?? null };
    if (call.args.length !== 1) throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH, call.name, 1, 1);
    return { type, arg: call.args[0] };
  }

  /**
   * WINDOW, as ArangoDB's ExecutionPlan::fromNodeWindow plans it: a range-based window's
   * range value becomes a variable with a SORT on it right before the window, then the
   * bounds are read from the spec's compile-time values, then the aggregates' arguments
   * become variables, then the WindowNode. Its aggregate variables join the current
   * scope; nothing is hidden. Argument expressions are resolved before the bounds are
   * read (their errors are parse errors in ArangoDB); hoisted parts are placed after the SORT.
   */
  private windowStatement(st: A.WindowStatement, nodes: PlanNode[]): void {
    const rangeVariable = st.range ? this.toVariable(st.range, nodes) : null;
    const hoisted: PlanNode[] = [];
    const calls = st.aggregates.map((a) => {
      const { type, arg } = this.aggregateCall(a);
      return { name: a.variable, type, arg: arg ? this.expr(arg, hoisted) : null };
    });
    if (rangeVariable) nodes.push({ type: 'SortNode', id: this.nodeId(), elements: [{ variable: rangeVariable, ascending: true }] });
    const bounds = this.windowSpec(st.spec, rangeVariable !== null);
    nodes.push(...hoisted);
    const inputs = calls.map((c) => ({ ...c, inVariable: c.arg ? this.asVariable(c.arg, nodes) : null }));
    nodes.push({
      type: 'WindowNode',
      id: this.nodeId(),
      rangeVariable,
      bounds,
      aggregates: inputs.map((c) => ({ outVariable: this.declare(c.name), inVariable: c.inVariable, type: c.type })),
    });
  }

  /** The bounds from the spec's values: each must be known at compile time (1575), then valid (10). */
  private windowSpec(spec: A.ObjectNode, range: boolean): ReturnType<typeof windowBounds> {
    const values: Record<string, AqlValue> = {};
    for (const m of spec.members) {
      if (typeof m.key !== 'string') continue; // the parser accepts only the two names
      const r = this.fold(this.expr(m.value, []));
      if (r.k !== 'const') throw planError(ArangoError.withMessage(ERR.ERROR_QUERY_COMPILE_TIME_OPTIONS, 'WINDOW bounds must be determined at compile time'));
      values[m.key] = r.value;
    }
    try {
      return windowBounds(range, values.preceding, values.following);
    } catch (e) {
      throw e instanceof ArangoError ? planError(e) : e;
    }
  }

  private keepVariables(keep: readonly string[] | undefined): Variable[] {
    if (keep) {
      return keep.map((name) => {
        const v = this.lookup(name);
        if (!v) throw new ArangoError(ERR.ERROR_QUERY_VARIABLE_NAME_UNKNOWN, name);
        this.used.add(v);
        return v;
      });
    }
    // INTO without KEEP keeps the user variables of the current scope set since its first
    // FOR (ArangoDB's CollectNode takes those at loop depth 1 or more; the ones before stay
    // visible after the COLLECT anyway), or all of them when no FOR came before.
    const scope = this.scopes[this.scopes.length - 1];
    const all = [...scope.vars].filter(([name]) => !scope.beforeLoops?.has(name)).map(([, v]) => v);
    for (const v of all) this.used.add(v);
    return all;
  }

  private returnStatement(st: A.ReturnStatement, nodes: PlanNode[]): void {
    let v = this.toVariable(st.expr, nodes);
    if (st.distinct) {
      const out = this.newVariable();
      nodes.push({ type: 'CollectNode', id: this.nodeId(), method: 'distinct', groups: [{ outVariable: out, inVariable: v }], aggregates: [] });
      v = out;
    }
    nodes.push({ type: 'ReturnNode', id: this.nodeId(), inVariable: v });
  }

  /** OPTIONS must be an object known at compile time (1575 otherwise). */
  private constantOptions(e: A.Expr, nodes: PlanNode[]): Record<string, AqlValue> {
    const r = this.expr(e, nodes);
    if (!isConstant(r)) throw new ArangoError(ERR.ERROR_QUERY_COMPILE_TIME_OPTIONS);
    const v = this.ctx.evaluateConstant(r);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ArangoError(ERR.ERROR_QUERY_COMPILE_TIME_OPTIONS);
    return v;
  }

  // ---- expressions -----------------------------------------------------------------

  private calculation(e: RExpr, out: Variable, nodes: PlanNode[]): void {
    nodes.push({ type: 'CalculationNode', id: this.nodeId(), expression: this.fold(e), outVariable: out, async: false });
  }

  /**
   * Evaluates a constant expression once at plan time, as ArangoDB's AST optimizer does
   * (its warnings, such as 1562 for `1 / 0`, are recorded then). An expression whose
   * evaluation throws is left for the executor, which raises the error at run time. In an
   * expression that is not constant as a whole, the constant operations in it are folded
   * (`d.v != 1 / 0` becomes `d.v != null` with warning 1562, as in ArangoDB); array and
   * object literals and ranges are not (a range stays lazy), their parts are.
   */
  private fold(e: RExpr): RExpr {
    if (e.k === 'const' || e.k === 'var') return e;
    if (e.k === 'range' || !isConstant(e)) return mapChildren(e, (c) => this.foldInside(c));
    let value: AqlValue | undefined;
    try {
      value = this.ctx.foldConstant(e);
    } catch (err) {
      // a warning under failOnWarning: ArangoDB raises it in its AST optimization
      throw err instanceof ArangoError ? astError(err) : err;
    }
    return value === undefined ? e : { k: 'const', value };
  }

  /** fold() for a part of an expression that is not constant as a whole. */
  private foldInside(e: RExpr): RExpr {
    if (e.k === 'const' || e.k === 'var') return e;
    return FOLDED_INSIDE.has(e.k) ? this.fold(e) : mapChildren(e, (c) => this.foldInside(c));
  }

  /** The variable holding the expression's value, adding a CalculationNode when needed. */
  private toVariable(e: A.Expr, nodes: PlanNode[]): Variable {
    return this.asVariable(this.expr(e, nodes), nodes);
  }

  private asVariable(r: RExpr, nodes: PlanNode[]): Variable {
    if (r.k === 'var') return r.v;
    const v = this.newVariable();
    this.calculation(r, v, nodes);
    return v;
  }

  /** Resolves an AST expression; hoisted parts (subqueries, async calls) go into `nodes`. */
  expr(e: A.Expr, nodes: PlanNode[]): RExpr {
    switch (e.type) {
      case 'value':
        return { k: 'const', value: e.value };
      case 'array':
        return { k: 'array', items: e.elements.map((x) => this.expr(x, nodes)) };
      case 'object':
        return {
          k: 'object',
          members: e.members.map((m) => ({ key: typeof m.key === 'string' ? m.key : this.expr(m.key, nodes), value: this.expr(m.value, nodes) })),
        };
      case 'name':
        return this.nameExpr(e.name);
      case 'bind':
        return { k: 'const', value: this.bindValue(e.name) as AqlValue };
      case 'bindCollection':
        throw new ArangoError(ERR.ERROR_QUERY_COLLECTION_USED_IN_EXPRESSION, this.bindCollection(e.name));
      case 'attribute':
        return { k: 'attr', obj: this.expr(e.object, nodes), name: e.name };
      case 'bindAttribute':
        return this.bindAttribute(e, nodes);
      case 'index':
        return { k: 'index', obj: this.expr(e.object, nodes), index: this.expr(e.index, nodes) };
      case 'expansion':
        return this.expansion(e, nodes);
      case 'unary':
        return { k: 'unary', op: e.op, operand: this.expr(e.operand, nodes) };
      case 'binary':
        return this.binary(e, nodes);
      case 'logical':
        return { k: 'logical', op: e.op, left: this.expr(e.left, nodes), right: this.expr(e.right, nodes) };
      case 'arrayCompare': {
        const q = e.quantifier.kind === 'atLeast' ? { kind: 'atLeast' as const, count: this.expr(e.quantifier.count, nodes) } : { kind: e.quantifier.kind };
        return { k: 'quant', q, op: e.op, left: this.expr(e.left, nodes), right: this.expr(e.right, nodes) };
      }
      case 'ternary':
        return this.ternary(e, nodes);
      case 'range':
        return { k: 'range', from: this.expr(e.from, nodes), to: this.expr(e.to, nodes) };
      case 'call':
        return this.call(e, nodes);
      case 'subquery': {
        const { plan } = this.buildQuery(e.query, false);
        const out = this.newVariable();
        nodes.push({ type: 'SubqueryNode', id: this.nodeId(), subquery: plan, outVariable: out });
        return { k: 'var', v: out };
      }
    }
  }

  /**
   * `c ? a : b`. A subquery in a branch runs only when the condition selects that branch
   * (ArangoDB's aql-ternary.js: an INSERT or ASSERT in the other branch has no effect):
   * the condition is computed once before the branches' subqueries, and each of those
   * starts with a FILTER on it (or on its negation).
   */
  private ternary(e: A.TernaryNode, nodes: PlanNode[]): RExpr {
    const cond = this.expr(e.condition, nodes);
    const thenNodes: PlanNode[] = [];
    const elseNodes: PlanNode[] = [];
    const then = e.then ? this.expr(e.then, thenNodes) : null;
    const other = this.expr(e.else, elseNodes);
    const isSubquery = (n: PlanNode): n is Extract<PlanNode, { type: 'SubqueryNode' }> => n.type === 'SubqueryNode';
    if (!thenNodes.some(isSubquery) && !elseNodes.some(isSubquery)) {
      nodes.push(...thenNodes, ...elseNodes);
      return { k: 'ternary', cond, then, else: other };
    }
    const c = this.asVariable(cond, nodes);
    const guard = (branch: PlanNode[], negate: boolean): void => {
      for (const n of branch) {
        if (!isSubquery(n)) continue;
        let test = c;
        const head: PlanNode[] = [];
        if (negate) {
          test = this.newVariable();
          head.push({ type: 'CalculationNode', id: this.nodeId(), expression: { k: 'unary', op: '!', operand: { k: 'var', v: c } }, outVariable: test, async: false });
        }
        head.push({ type: 'FilterNode', id: this.nodeId(), inVariable: test });
        n.subquery.nodes.splice(1, 0, ...head);
      }
      nodes.push(...branch);
    };
    guard(thenNodes, false);
    guard(elseNodes, true);
    return { k: 'ternary', cond: { k: 'var', v: c }, then, else: other };
  }

  private nameExpr(name: string): RExpr {
    const v = this.lookup(name);
    if (v) {
      this.used.add(v);
      return { k: 'var', v };
    }
    if (!this.ctx.collectionExists(name)) throw notFound(name);
    throw new ArangoError(ERR.ERROR_QUERY_COLLECTION_USED_IN_EXPRESSION, name);
  }

  private binary(e: A.BinaryNode, nodes: PlanNode[]): RExpr {
    const left = this.expr(e.left, nodes);
    const right = this.expr(e.right, nodes);
    switch (e.op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return { k: 'arith', op: e.op, left, right };
      case 'like':
      case 'not like':
      case '=~':
      case '!~':
        return { k: 'match', op: e.op, left, right };
      default:
        return { k: 'compare', op: e.op, left, right };
    }
  }

  private bindAttribute(e: A.BindAttributeNode, nodes: PlanNode[]): RExpr {
    const value = this.bindValue(e.param);
    const path = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(path) || path.length === 0 || !path.every((p) => typeof p === 'string' && p !== '')) {
      throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETER_TYPE, e.param);
    }
    let obj = this.expr(e.object, nodes);
    for (const name of path as string[]) obj = { k: 'attr', obj, name };
    return obj;
  }

  private expansion(e: A.ExpansionNode, nodes: PlanNode[]): RExpr {
    const obj = this.expr(e.object, nodes);
    this.scopes.push({ vars: new Map() });
    try {
      const v = this.newVariable(e.variable);
      this.scopes[this.scopes.length - 1].vars.set(e.variable, v);
      const inner = (x: A.Expr | undefined): RExpr | undefined => (x ? this.expr(x, nodes) : undefined);
      if (e.booleanize) {
        const q = e.quantifier;
        const bool = q === undefined ? 'some' : q.kind;
        const first = q === undefined ? undefined : q.kind === 'range' ? q.from : q.kind === 'count' || q.kind === 'atLeast' ? q.count : undefined;
        return { k: 'expand', obj, levels: e.levels, v, filter: inner(e.filter), offset: inner(first), count: inner(q?.kind === 'range' ? q.to : undefined), bool };
      }
      return {
        k: 'expand',
        obj,
        levels: e.levels,
        v,
        filter: inner(e.filter),
        offset: inner(e.limit?.offset),
        count: inner(e.limit?.count),
        projection: inner(e.projection),
      };
    } finally {
      this.scopes.pop();
    }
  }

  private call(e: A.CallNode, nodes: PlanNode[]): RExpr {
    // A name with "::" is a user-defined function: whether it exists is found out when it
    // is called, as in ArangoDB (a call that never runs never fails).
    const def = e.name.includes('::') ? userFunctionDef(e.name.toUpperCase()) : lookupFunction(e.name);
    if (!def) throw new ArangoError(ERR.ERROR_QUERY_FUNCTION_NAME_UNKNOWN, e.name.toUpperCase());
    checkArity(def, e.name, e.args.length);
    const name = e.name.toUpperCase();
    // search highlighting is Enterprise Edition: Community refuses the query whatever matches
    if (name === 'OFFSET_INFO') throw enterpriseOnly(name);
    if (this.anyWrite && READS_DOCUMENTS.has(name)) throw astError(new ArangoError(ERR.ERROR_QUERY_ACCESS_AFTER_MODIFICATION, `function ${name}`));
    if (!def.deterministic || !def.cacheable) this.cacheable = false;
    // A collection named as an argument is passed by name (DOCUMENT(users, "k"));
    // LENGTH/COUNT of a collection is its document count, as in ArangoDB.
    const args = e.args.map((a) => this.argument(a, nodes));
    if ((name === 'LENGTH' || name === 'COUNT') && e.args[0]?.type === 'name' && !this.lookup(e.args[0].name)) {
      return { k: 'call', name: 'COLLECTION_COUNT', def: lookupFunction('COLLECTION_COUNT') ?? def, args };
    }
    const r: RExpr = { k: 'call', name, def, args };
    if (!def.async) return r;
    const out = this.newVariable();
    nodes.push({ type: 'CalculationNode', id: this.nodeId(), expression: r, outVariable: out, async: true });
    return { k: 'var', v: out };
  }

  private argument(a: A.Expr, nodes: PlanNode[]): RExpr {
    if (a.type === 'name' && !this.lookup(a.name)) return { k: 'const', value: this.useCollection(a.name, true) };
    if (a.type === 'bindCollection') return { k: 'const', value: this.bindCollection(a.name) };
    return this.expr(a, nodes);
  }
}

/** Most execution nodes a plan may have (aql-queries-simple.js: 4000 pass, 4004 fail). */
const MAX_PLAN_NODES = 4000;

/** The kinds fold() evaluates inside a larger expression: operations, not literals or ranges. */
const FOLDED_INSIDE: ReadonlySet<RKind> = new Set<RKind>(['unary', 'arith', 'compare', 'match', 'logical', 'quant', 'ternary', 'call', 'attr', 'index']);

/** Plans a parsed query. Throws the ArangoErrors listed at the top of this file. */
export function buildPlan(ast: A.Query, ctx: BuildContext): QueryPlan {
  const b = new Builder(ctx);
  const { plan, limits } = b.buildQuery(ast, true);
  b.checkUnusedBinds();
  b.pruneModificationOutputs();
  const fullCountLimit = ctx.fullCount ? limits[limits.length - 1] : undefined;
  if (fullCountLimit) fullCountLimit.fullCount = true;
  return {
    root: plan,
    variables: b.variables,
    registers: b.variables.length,
    collections: b.collections,
    writeCollections: b.writeCollections,
    rules: [],
    cacheable: b.cacheable,
    fullCountLimit,
    reportFullCount: ctx.fullCount,
  };
}

/** Loops whose output ArangoDB's specialize-collect takes as unordered (it then prefers the hash method). */
const UNORDERED_LOOPS: ReadonlySet<PlanNode['type']> = new Set(['EnumerateListNode', 'TraversalNode', 'ShortestPathNode', 'EnumeratePathsNode']);
const LOOP_NODES: ReadonlySet<PlanNode['type']> = new Set([...UNORDERED_LOOPS, 'EnumerateCollectionNode', 'IndexNode', 'EnumerateViewNode', 'EnumerateNearVectorNode']);

/**
 * ArangoDB's specialize-collect: a COLLECT with groups and no INTO whose only enclosing
 * loop (none before it) enumerates an array or a graph uses the hash method; otherwise
 * the sorted one (over a collection it would weigh both plans by cost).
 */
function prefersHash(st: A.CollectStatement, nodes: readonly PlanNode[]): boolean {
  if (st.groups.length === 0 || st.into) return false;
  const loops = nodes.filter((n) => LOOP_NODES.has(n.type));
  return loops.length === 1 && UNORDERED_LOOPS.has(loops[0].type);
}
