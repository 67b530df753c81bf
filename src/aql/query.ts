// The one entry to the AQL engine. `startQuery` parses and plans a query and returns a
// pull-based RunningQuery: the caller asks for batches of up to N rows and, at the end,
// for stats (fullCount included) and warnings. Nothing is computed before it is asked
// for, except what the query itself needs (SORT, COLLECT). `explainQuery` plans without
// executing; `parseQuery` only parses. Errors are ArangoErrors carrying the phase they
// were raised in (`parsing`, `executing`) for the cursor API's `AQL: ... (while ...)`.
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Storage } from '../storage/storage.js';
import type { AqlValue, AqlObject } from '../values/index.js';
import { parse } from './parser/index.js';
import { astToJson } from './ast/json.js';
import { bindParameterNames } from './ast/walk.js';
import type { Query as Ast } from './ast/nodes.js';
import { buildPlan } from './planner/build.js';
import type { QueryPlan } from './planner/plan.js';
import { itemsBefore, planCost, planJson, type CostModel } from './planner/explain.js';
import { optimize, type Optimized } from './optimizer/index.js';
import { nodeStats } from './executor/profile.js';
import type { NodeProfile } from './executor/profile.js';
import { compileExpression } from './executor/expression.js';
import { instantiate, type Block, type DataAccess } from './executor/blocks.js';
import { isRaisedWarning, Runtime, type QueryStats, type Warning } from './executor/runtime.js';
import type { QueryEnv, UserCallOutcome } from './functions/index.js';
import { userFunctions } from './user-functions/registry.js';
import { resolveAnalyzer, type AnalyzerDefinition } from '../analyzers/index.js';
import { modifyAccess } from './executor/modify.js';
import { viewSource } from './search/source.js';
import { QueryTxn } from '../storage/query-txn.js';
import { IteratorReader } from '../storage/reader.js';
import { externalize, loadStored, readEdges, type Doc } from '../storage/documents.js';
import type { CollectionRecord, IndexRecord } from '../storage/catalog.js';
import { isValidKey } from '../storage/keys.js';
import { readVectorEntry } from '../storage/vector-index.js';
import type { ReadView, Snapshot } from '../storage/engine.js';
import { LazyAbort, onAnyAbort } from '../util/signals.js';

export type { QueryStats, Warning } from './executor/runtime.js';

/** What a finished query reports (a cursor's `extra`). */
export interface QueryExtra {
  stats: QueryStats & { nodes?: unknown[] };
  warnings: Warning[];
  profile?: Record<string, number>;
  plan?: Record<string, unknown>;
}

export interface QueryOptions {
  fullCount?: boolean;
  failOnWarning?: boolean;
  /** Default 10, as in ArangoDB. */
  maxWarningCount?: number;
  /** Bytes; 0 or absent = unlimited. */
  memoryLimit?: number;
  /** Seconds; 0 or absent = unlimited. */
  maxRuntime?: number;
  optimizer?: { rules?: string[] };
  allPlans?: boolean;
  maxNumberOfPlans?: number;
  profile?: number | boolean;
  /** Explain only: nodes with typeID, parents and execution flags. */
  verbosePlans?: boolean;
  /** Explain only: which nodes show isCallstackSplitEnabled (verbose plans). */
  maxNodesPerCallstack?: number;
}

export interface QueryInput {
  database: string;
  user: string;
  query: string;
  bindVars?: Record<string, unknown>;
  options?: QueryOptions;
  /** The query stops when any of these aborts (with that signal's reason). */
  signal?: AbortSignal | readonly AbortSignal[];
  /**
   * A stream transaction's buffer to run in (reads see its writes, writes go into it and
   * are committed with it, not by the query); checked against the plan by `admit`.
   */
  txn?: QueryTxn;
  /**
   * Told the plan's collections before anything runs (a query and an explain alike); may
   * throw to refuse the query (a stream transaction's declared collections, permissions).
   */
  admit?: (plan: { collections: readonly string[]; writeCollections: readonly string[] }) => void;
  /**
   * Whether the query may read a collection it names only at run time (DOCUMENT(),
   * LENGTH(collection), COLLECTIONS() lists only these); absent: every collection.
   */
  readable?: (collection: string) => boolean;
}

export interface ParseResult {
  parsed: true;
  collections: string[];
  bindVars: string[];
  ast: unknown[];
}

/** Tags an ArangoError with the phase it happened in (first tag wins) and rethrows it. */
function inPhase<T>(phase: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ArangoError && e.phase === undefined) e.phase = phase;
    throw e;
  }
}

/**
 * The error as ArangoDB's APIs word it: `<message> (while <phase>)`, with `AQL: ` in front
 * for /_api/cursor (`aqlPrefix`). Errors raised outside the engine pass through unchanged.
 */
export function withPhase(e: unknown, aqlPrefix: boolean): unknown {
  if (!(e instanceof ArangoError) || !e.phase) return e;
  const text = `${aqlPrefix ? 'AQL: ' : ''}${e.message} (while ${e.phase})`;
  return ArangoError.withMessage({ errorNum: e.errorNum, status: e.status, message: '' }, text);
}

function parseText(text: string): Ast {
  return inPhase('parsing', () => parse(text));
}

/** POST /_api/query: syntax check, collections named, bind parameters declared. */
export function parseQuery(text: string): ParseResult {
  const ast = parseText(text);
  return { parsed: true, collections: collectionNames(ast), bindVars: bindParameterNames(ast), ast: astToJson(ast) };
}

/** Collection names the parser sees: FOR sources and WITH names that are not variables. */
function collectionNames(ast: Ast): string[] {
  const out: string[] = [];
  const add = (n: string): void => {
    if (!out.includes(n)) out.push(n);
  };
  // a name that no statement declares is a collection wherever it is used (`RETURN c`)
  const declared = new Set(['CURRENT', 'NEW', 'OLD']);
  const declare = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(declare);
    const node = x as { type?: string; variable?: unknown; variables?: unknown; into?: { variable?: unknown }; withCount?: unknown };
    if (typeof node.variable === 'string') declared.add(node.variable);
    if (Array.isArray(node.variables)) for (const v of node.variables) if (typeof v === 'string') declared.add(v);
    if (node.type === 'collect' && typeof node.into?.variable === 'string') declared.add(node.into.variable);
    if (node.type === 'collect' && typeof node.withCount === 'string') declared.add(node.withCount);
    for (const v of Object.values(x)) declare(v);
  };
  declare(ast);
  const visit = (q: Ast, vars: Set<string>): void => {
    q.with.forEach(add);
    const local = new Set(vars);
    const scan = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach(scan);
      const node = x as { type?: string; query?: Ast };
      if (node.type === 'subquery' && node.query) return visit(node.query, local);
      if (node.type === 'name' && !declared.has((x as { name: string }).name)) add((x as { name: string }).name);
      for (const v of Object.values(x)) scan(v);
    };
    for (const st of q.statements) {
      if (st.type === 'for' && st.source.type === 'name' && !local.has(st.source.name)) add(st.source.name);
      else if ((st.type === 'traversal' || st.type === 'pathSearch') && st.graph.kind === 'collections') {
        for (const c of st.graph.collections) if (c.name.type === 'name') add(c.name.name);
        scan(st);
      } else scan(st);
      if ('collection' in st && st.collection.type === 'name') add(st.collection.name); // a modification's target
      if (st.type === 'for' || st.type === 'let') local.add(st.variable);
      if (st.type === 'traversal' || st.type === 'pathSearch') st.variables.forEach((v) => local.add(v));
    }
  };
  visit(ast, new Set());
  return out;
}

/** What AQL functions may ask of the running query (a class: its signal is built on demand). */
class StorageEnv implements QueryEnv {
  readonly database: string;
  readonly user: string;
  private readonly txn: QueryTxn | undefined;
  private readonly readable: ((collection: string) => boolean) | undefined;
  constructor(
    private readonly storage: Storage,
    input: QueryInput,
    private readonly abort: LazyAbort,
  ) {
    this.database = input.database;
    this.user = input.user;
    this.txn = input.txn;
    this.readable = input.readable;
  }

  /** 403/11 `forbidden: <c> [read]` for a collection the query may not read (QueryInput.readable). */
  private checkRead(col: { name: string }): void {
    if (this.readable && !this.readable(col.name)) throw ArangoError.withMessage(ERR.ERROR_FORBIDDEN, `${ERR.ERROR_FORBIDDEN.message}: ${col.name} [read]`);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  document(collection: string, key: string): AqlValue {
    const col = this.storage.catalog.collection(this.database, collection);
    if (!col) return null;
    this.checkRead(col);
    // inside a stream transaction: its own writes over its snapshot
    return (this.storage.documents.get(col, key, this.txn?.tx) as AqlValue | undefined) ?? null;
  }

  collectionCount(collection: string): number {
    const col = this.storage.catalog.collection(this.database, collection);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${collection}`);
    this.checkRead(col);
    return this.storage.catalog.count(col);
  }

  collectionSchema(collection: string): AqlValue {
    const col = this.storage.catalog.collection(this.database, collection);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `could not find collection: ${collection}`);
    this.checkRead(col);
    return col.schema ? (structuredClone(col.schema) as AqlValue) : null;
  }

  /** Set once the query's snapshot (or transaction) exists: scanCollection reads from it. */
  view: ReadView | undefined;
  scanTxn: QueryTxn | undefined;

  private requireCol(collection: string): CollectionRecord {
    const col = this.storage.catalog.collection(this.database, collection);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${collection}`);
    this.checkRead(col);
    return col;
  }

  collectionIndexes(collection: string): readonly IndexRecord[] {
    return this.requireCol(collection).indexes.filter((ix) => !ix.building);
  }

  *scanCollection(collection: string): Iterable<AqlValue> {
    const col = this.requireCol(collection);
    const txn = this.scanTxn ?? this.txn;
    if (txn) {
      for (const d of txn.scan(col)) yield externalize(col, d) as AqlValue;
      return;
    }
    const view: Pick<ReadView, 'range'> = this.view ?? this.storage.engine;
    for (const { value } of view.range('docs', { start: [col.dataId], end: [col.dataId + 1] })) yield externalize(col, value as Doc) as AqlValue;
  }

  collections(): { _id: string; name: string }[] {
    const readable = this.readable;
    const all = this.storage.catalog.collections(this.database);
    return (readable ? all.filter((c) => readable(c.name)) : all).map((c) => ({ _id: String(c.id), name: c.name }));
  }

  userFunction(name: string, args: AqlValue[]): UserCallOutcome {
    return userFunctions(this.storage).call(this.database, name, args);
  }

  analyzer(name: string): AnalyzerDefinition | null {
    return resolveAnalyzer(this.storage, this.database, name);
  }

  /** An aql analyzer's query, as ArangoDB runs it: in this database, reading no collection. */
  async runAnalyzerQuery(query: string, bindVars: Record<string, unknown>): Promise<AqlValue[]> {
    const admit = (plan: { collections: readonly string[] }) => {
      if (plan.collections.length > 0) throw ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, `aql analyzer queries may not access collections: ${plan.collections.join(', ')}`);
    };
    const { rows } = await runQuery(this.storage, { database: this.database, user: this.user, query, bindVars, signal: this.signal, admit });
    return rows;
  }
}

/**
 * Reads of one query, all from one snapshot of the committed state (`view`): scans, index
 * reads and document lookups see the same state however many event turns the query runs.
 * A data-modification query reads through its transaction (its own writes over the
 * transaction's snapshot) for scans and lookups; its index reads use the same snapshot
 * without its own writes, which is enough because a query may not read a collection after
 * modifying it (1579), and a document changed by someone else meanwhile is a conflict at
 * commit.
 */
function dataAccess(storage: Storage, db: string, view: ReadView, txn?: QueryTxn, admitVertices?: (collection: string) => void): DataAccess {
  const collection = (name: string) => {
    const col = storage.catalog.collection(db, name);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
    return col;
  };
  const indexReader = storage.indexReader.withView(view);
  return {
    viewSource: (name) => viewSource(storage, db, name),
    openScan(name, stored, test, random) {
      const col = collection(name);
      // Documents only the transaction wrote come after the others, not in key order (and
      // a random scan in a transaction starts at the first).
      if (txn) return new IteratorReader(txn.scan(col), stored ? (d: Doc) => d : (d: Doc) => externalize(col, d)) as unknown as ReturnType<DataAccess['openScan']>;
      return storage.documents.openScan(col, { view, stored, test, ...(random ? { random: Math.random() } : {}) }) as ReturnType<DataAccess['openScan']>;
    },
    externalize(name, doc) {
      return externalize(collection(name), doc as Doc) as typeof doc;
    },
    openIndex(name, index, scan, stats) {
      return indexReader.open(collection(name), index, scan, stats) as ReturnType<DataAccess['openScan']>;
    },
    openGroupCounts(name, index, stats) {
      return indexReader.openGroupCounts(collection(name), index, stats);
    },
    countDocuments(name) {
      // a data-modification query scans through its transaction (its own writes included)
      if (txn || !view.count) return undefined;
      const col = collection(name);
      return view.count('docs', { start: [col.dataId], end: [col.dataId + 1] });
    },
    graph: {
      edges(name, vertex, direction) {
        const col = collection(name);
        // inside a transaction: its own writes too (the edge index entries it wrote)
        const r = readEdges(txn ? txn.ownView : view, col, vertex, direction === 'out' ? 0 : 1);
        return { edges: r.edges.map((d) => externalize(col, d) as AqlObject), scanned: r.scanned };
      },
      vertex(id) {
        const slash = id.indexOf('/');
        const name = id.slice(0, slash);
        const key = id.slice(slash + 1);
        const col = storage.catalog.collection(db, name);
        if (!col || !isValidKey(key)) return null;
        admitVertices?.(name);
        const stored = loadStored(txn ? txn.tx : view, col, key);
        return stored ? (externalize(col, stored) as AqlObject) : null;
      },
    },
    *vectorEntries(name, index) {
      const col = collection(name);
      const current = col.indexes.find((ix) => ix.id === index.id);
      if (!current) return; // dropped since the query was planned
      const source: Pick<ReadView, 'range'> = txn ? txn.ownView : view;
      for (const { key, value } of source.range('idx', { start: [current.dataId], end: [current.dataId + 1] })) yield readVectorEntry(key, value);
    },
    document(name, key) {
      const col = collection(name);
      if (txn) {
        const stored = loadStored(txn.tx, col, key);
        return (stored && externalize(col, stored)) as ReturnType<NonNullable<DataAccess['document']>>;
      }
      return storage.documents.get(col, key, view) as ReturnType<NonNullable<DataAccess['document']>>;
    },
  };
}

/**
 * Inside a stream transaction: the check a traversal makes before it reads a vertex of a
 * collection the query did not name. An undeclared one with allowImplicit false is
 * ArangoDB's 1521 (RefactoredTraverserCache turns the transaction's 1652 into it).
 */
function vertexAdmission(admit: NonNullable<QueryInput['admit']>): (collection: string) => void {
  const admitted = new Set<string>();
  return (name) => {
    if (admitted.has(name)) return;
    try {
      admit({ collections: [name], writeCollections: [] });
    } catch (e) {
      if (!(e instanceof ArangoError) || e.errorNum !== ERR.ERROR_TRANSACTION_UNREGISTERED_COLLECTION.errorNum) throw e;
      throw ArangoError.withMessage(ERR.ERROR_QUERY_COLLECTION_LOCK_FAILED, `collection not known to traversal: '${name}'. please add 'WITH ${name}' as the first line in your AQL`);
    }
    admitted.add(name);
  };
}

/** Counts and index selectivities for estimates; each is read once per query (estimates sample the index). */
function costModel(storage: Storage, db: string): CostModel & { selectivity(ix: Parameters<NonNullable<CostModel['selectivity']>>[0]): number } {
  const counts = new Map<string, number>();
  const selectivities = new Map<number, number>();
  return {
    database: db,
    count: (name) => {
      let n = counts.get(name);
      if (n === undefined) {
        const col = storage.catalog.collection(db, name);
        n = col ? storage.catalog.count(col) : 0;
        counts.set(name, n);
      }
      return n;
    },
    edgeIndex: (name) => storage.catalog.collection(db, name)?.indexes.find((ix) => ix.type === 'edge'),
    selectivity: (ix) => {
      let s = selectivities.get(ix.dataId);
      if (s === undefined) {
        s = storage.indexes.estimate(ix);
        selectivities.set(ix.dataId, s);
      }
      return s;
    },
  };
}

/** ArangoDB's query phases, as extra.profile names them (seconds each). */
const PHASES = ['initializing', 'parsing', 'optimizing ast', 'loading collections', 'instantiating plan', 'optimizing plan', 'instantiating executors', 'executing', 'finalizing'] as const;
type Phase = (typeof PHASES)[number];

class PhaseClock {
  readonly times = new Map<Phase, number>();
  private last = performance.now();
  /** Ends `phase` now (time since the previous mark is added to it). */
  mark(phase: Phase): void {
    const now = performance.now();
    this.times.set(phase, (this.times.get(phase) ?? 0) + (now - this.last) / 1000);
    this.last = now;
  }
  profile(): Record<string, number> {
    return Object.fromEntries(PHASES.map((p) => [p, this.times.get(p) ?? 0]));
  }
}

/** The profile level of a query's options: true is 1, numbers above 2 are 2. */
function profileLevel(opts: QueryOptions): number {
  const p = opts.profile;
  if (p === true) return 1;
  if (typeof p === 'number' && p >= 1) return Math.min(2, Math.floor(p));
  return 0;
}

function checkBindVars(bindVars: unknown): Record<string, unknown> {
  if (bindVars === undefined || bindVars === null) return {};
  if (typeof bindVars !== 'object' || Array.isArray(bindVars)) throw new ArangoError(ERR.ERROR_QUERY_BIND_PARAMETERS_INVALID);
  return bindVars as Record<string, unknown>;
}

/**
 * A constant expression's value at plan time, or undefined when its evaluation fails: it
 * is left to fail when it runs (if it does). A warning under failOnWarning fails the
 * query here, as in ArangoDB, whose constant folding raises it (an explain too).
 */
function fold(e: Parameters<typeof compileExpression>[0], rt: Runtime): AqlValue | undefined {
  try {
    return compileExpression(e, rt)([]);
  } catch (err) {
    if (err instanceof ArangoError && !isRaisedWarning(err)) return undefined;
    throw err;
  }
}

interface Planned {
  plan: QueryPlan;
  env: StorageEnv;
  rt: Runtime;
  optimized: Optimized;
  model: CostModel;
}

function plan(storage: Storage, input: QueryInput, abort: LazyAbort, clock = new PhaseClock()): Planned {
  const opts = input.options ?? {};
  clock.mark('initializing');
  if (input.query.length === 0) throw Object.assign(new ArangoError(ERR.ERROR_QUERY_EMPTY), { phase: 'parsing' });
  const ast = parseText(input.query);
  clock.mark('parsing');
  const env = new StorageEnv(storage, input, abort);
  const rt = new Runtime({
    signal: abort,
    env,
    failOnWarning: opts.failOnWarning === true,
    maxWarningCount: typeof opts.maxWarningCount === 'number' ? opts.maxWarningCount : 10,
    memoryLimit: typeof opts.memoryLimit === 'number' && opts.memoryLimit > 0 ? opts.memoryLimit : 0,
  });
  for (const w of ast.warnings ?? []) {
    if (opts.failOnWarning) throw Object.assign(ArangoError.withMessage(ERR.ERROR_QUERY_NUMBER_OUT_OF_RANGE, w.message), { phase: 'parsing' });
    if (rt.warnings.length < (opts.maxWarningCount ?? 10)) rt.warnings.push({ code: w.code, message: w.message });
  }
  const plan = inPhase('parsing', () =>
    buildPlan(ast, {
      bindVars: checkBindVars(input.bindVars),
      collectionExists: (name) => storage.catalog.collection(input.database, name) !== undefined,
      evaluateConstant: (e) => compileExpression(e, rt)([]),
      foldConstant: (e) => fold(e, rt),
      fullCount: opts.fullCount === true,
      warn: (code, message) => rt.warn({ errorNum: code, status: 400, message }),
      collectionType: (name) => storage.catalog.collection(input.database, name)?.type,
      collectionName: (c) => storage.catalog.collection(input.database, c)?.name,
      viewCollections: (name) => viewSource(storage, input.database, name)?.links.map((l) => l.collection),
      graphDocument: (name) => {
        const graphs = storage.catalog.collection(input.database, '_graphs');
        return graphs && isValidKey(name) ? (storage.documents.get(graphs, name, input.txn?.tx) as AqlValue | undefined) : undefined;
      },
    }),
  );
  clock.mark('instantiating plan');
  const model = costModel(storage, input.database);
  const ctx = {
    // Index reads see a snapshot without a stream transaction's own writes (dataAccess):
    // a collection the transaction wrote is planned without its indexes, so it is scanned
    // through the transaction, which sees them.
    indexes: (name: string) => {
      const col = storage.catalog.collection(input.database, name);
      return !col || input.txn?.wrote(col.id) ? [] : col.indexes;
    },
    itemsBefore: (p: QueryPlan['root'], i: number) => itemsBefore(p, i, model),
    selectivity: model.selectivity,
    evaluate: (e: Parameters<typeof compileExpression>[0]) => fold(e, rt),
    vectorReady: (ix: Parameters<typeof storage.indexes.vectorReady>[0]) => storage.indexes.vectorReady(ix),
  };
  const optimized = inPhase('optimizing plan', () =>
    optimize(
      plan,
      ctx,
      { rules: Array.isArray(opts.optimizer?.rules) ? opts.optimizer.rules : [], maxNumberOfPlans: opts.maxNumberOfPlans, timeRules: profileLevel(opts) >= 2 },
      (q) => planCost(q, model),
    ),
  );
  clock.mark('optimizing plan');
  return { plan: optimized.plans[0], env, rt, optimized, model };
}

/** POST /_api/explain: the plan, without executing anything. */
export function explainQuery(storage: Storage, input: QueryInput): Record<string, unknown> {
  const started = performance.now();
  const { plan: p, rt, optimized, model } = plan(storage, input, new LazyAbort());
  input.admit?.(p);
  const stats = {
    rulesExecuted: optimized.rulesExecuted,
    rulesSkipped: optimized.rulesSkipped,
    plansCreated: optimized.plans.length,
    // profile 2: seconds per optimizer rule, as ArangoDB's explain gives them; else {}
    rules: optimized.ruleTimes ?? {},
    peakMemoryUsage: 0,
    executionTime: (performance.now() - started) / 1000,
  };
  const printing = input.options ?? {};
  if (input.options?.allPlans) return { plans: optimized.plans.map((q) => planJson(q, model, printing)), warnings: rt.warnings, stats };
  return { plan: planJson(p, model, printing), cacheable: p.cacheable && rt.warnings.length === 0, warnings: rt.warnings, stats };
}

const PULL = 1000;

/** A query being executed; pulled batch by batch. Always call close() (finish() does). */
export class RunningQuery {
  private readonly buffer: AqlValue[] = [];
  private exhausted = false;
  private closed = false;
  private produced = 0;
  private readonly started = performance.now();
  /** The register RETURN reads; -1 when the query ends in a data modification (no rows). */
  private readonly returnReg: number;

  private constructor(
    readonly plan: QueryPlan,
    private readonly rt: Runtime,
    private readonly root: Block,
    private readonly aborts: LazyAbort,
    private readonly cleanup: () => void,
    private readonly txn: QueryTxn | undefined,
    private readonly clock: PhaseClock,
    private readonly level: number,
    private readonly profiles: Map<number, NodeProfile> | undefined,
    private readonly model: CostModel,
  ) {
    const last = plan.root.nodes[plan.root.nodes.length - 1];
    this.returnReg = last.type === 'ReturnNode' ? last.inVariable.reg : -1;
  }

  /** Parses and plans; throws ArangoErrors tagged `parsing`. Execution starts on first next(). */
  static start(storage: Storage, input: QueryInput): RunningQuery {
    const aborts = new LazyAbort();
    const external = input.signal;
    const release = onAnyAbort(external === undefined ? [] : Array.isArray(external) ? external : [external as AbortSignal], (reason) => aborts.abort(reason));
    const maxRuntime = input.options?.maxRuntime;
    const timer =
      typeof maxRuntime === 'number' && maxRuntime > 0
        ? // ArangoDB's Query::killed() is simply true past maxRuntime: the plain 1500 message
          setTimeout(() => aborts.abort(new ArangoError(ERR.ERROR_QUERY_KILLED)), maxRuntime * 1000)
        : undefined;
    // One read snapshot for the whole query (a transaction brings its own).
    let snapshot: Snapshot | undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      release();
      snapshot?.close();
      snapshot = undefined;
    };
    let txn: QueryTxn | undefined;
    try {
      const clock = new PhaseClock();
      const level = profileLevel(input.options ?? {});
      const { plan: p, rt, model, env } = plan(storage, input, aborts, clock);
      clock.mark('loading collections');
      // One transaction per data-modification query (storage/query-txn.ts): buffered
      // writes, committed in next() once the plan is exhausted, discarded by close(). A
      // query inside a stream transaction uses that one's, and neither commits nor
      // discards it.
      input.admit?.(p);
      if (input.txn) txn = input.txn;
      else if (p.writeCollections.length > 0) {
        txn = new QueryTxn(storage.engine, storage.catalog, () => storage.ids.revision());
        txn.locks = storage.locks.outside; // a key a stream transaction holds: 1200
        txn.collectionLocks = storage.collectionLocks; // an exclusive transaction's collection: its commit waits
      }
      else snapshot = storage.engine.snapshot();
      const profiles = level >= 2 ? new Map<number, NodeProfile>() : undefined;
      // functions that scan a collection (FULLTEXT, NEAR, WITHIN) read the query's snapshot
      env.view = txn ? txn.view : snapshot;
      env.scanTxn = txn;
      const ex = {
        rt,
        data: dataAccess(storage, input.database, txn ? txn.view : (snapshot as Snapshot), txn, input.admit && vertexAdmission(input.admit)),
        registers: p.registers,
        profile: profiles,
        ...(txn ? { modify: modifyAccess(storage, input.database, txn) } : {}),
      };
      const root = instantiate(p.root, new Array(p.registers).fill(null), ex);
      clock.mark('instantiating executors');
      return new RunningQuery(p, rt, root, aborts, cleanup, input.txn ? undefined : txn, clock, level, profiles, model);
    } catch (e) {
      cleanup();
      if (!input.txn) txn?.discard();
      throw e;
    }
  }

  /** Rows produced so far (the progress a job shows). */
  get progress(): number {
    return this.produced;
  }

  get warnings(): Warning[] {
    return this.rt.warnings;
  }

  /**
   * The next up to `max` rows; `done` is true on the batch that carries the last row
   * (even when that batch is exactly full). Throws ArangoErrors tagged `executing`.
   * A data-modification query commits its transaction when the plan is exhausted, before
   * that batch is handed out: a commit failure (1200 conflict, storage error) is this
   * call's error, and no batch of a failed query is ever marked done. Rows are computed
   * up to `max` ahead of the batch.
   */
  async next(max: number): Promise<{ rows: AqlValue[]; done: boolean }> {
    try {
      // As ArangoDB's stream cursor (QueryStreamCursor::prepareDump): rows are computed in
      // chunks of up to `max` until more than `max` are at hand or the plan is exhausted,
      // so whether this batch is the last is known; an error in a row computed ahead fails
      // this call, as there.
      while (!this.exhausted && this.buffer.length <= max) {
        const rows = await this.root.next(Math.min(PULL, max));
        if (rows.length === 0) this.exhausted = true;
        if (this.returnReg >= 0) for (const r of rows) this.buffer.push(r[this.returnReg] ?? null);
        this.produced += rows.length;
      }
      if (this.exhausted && this.txn?.state === 'open') {
        this.rt.checkAbort();
        await this.txn.commit();
      }
      const out = this.buffer.splice(0, max);
      return { rows: out, done: this.exhausted && this.buffer.length === 0 };
    } catch (e) {
      this.close();
      if (e instanceof ArangoError && e.phase === undefined) e.phase = 'executing';
      throw e;
    }
  }

  /**
   * Drains nothing further; closes the query and returns its final stats and warnings,
   * with `profile` (phase timings) for profile >= 1 and `plan` plus `stats.nodes` for 2.
   */
  finish(): QueryExtra {
    this.clock.mark('executing');
    this.close();
    this.clock.mark('finalizing');
    const stats: QueryStats & { nodes?: unknown[] } = { ...this.rt.stats, executionTime: (performance.now() - this.started) / 1000 };
    if (this.profiles) stats.nodes = nodeStats(this.profiles);
    // ArangoDB reports the larger of the top-level LIMIT's count and the rows returned
    // (fullCount without any LIMIT: the number of results)
    const returned = this.returnReg >= 0 ? this.produced : 0;
    if (this.plan.reportFullCount && !((stats.fullCount ?? -1) >= returned)) stats.fullCount = returned;
    const extra: QueryExtra = { stats, warnings: this.rt.warnings };
    if (this.level >= 1) extra.profile = this.clock.profile();
    if (this.level >= 2) extra.plan = planJson(this.plan, this.model);
    return extra;
  }

  /** Stops the query (kill/cancel call abort() first) and releases its snapshots. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cleanup();
    this.root.close();
    this.txn?.discard(); // no-op after a commit
  }

  /**
   * Counts rows the caller keeps until the query ends (a materialized result) against
   * memoryLimit; throws 32, tagged `executing`, past it.
   */
  holdResult(rows: readonly AqlValue[]): void {
    try {
      this.rt.trackResult(rows);
    } catch (e) {
      if (e instanceof ArangoError && e.phase === undefined) e.phase = 'executing';
      throw e;
    }
  }

  /** Aborts a running query: its pending or next next() rejects with `reason`. */
  abort(reason: unknown): void {
    this.aborts.abort(reason);
  }
}

/** Runs a query to the end and returns all rows (tests, jobs, small internal uses). */
export async function runQuery(storage: Storage, input: QueryInput): Promise<{ rows: AqlValue[]; stats: QueryStats; warnings: Warning[] }> {
  const q = RunningQuery.start(storage, input);
  const rows: AqlValue[] = [];
  try {
    for (;;) {
      const b = await q.next(PULL);
      rows.push(...b.rows);
      if (b.done) break;
    }
  } finally {
    q.close();
  }
  return { rows, ...q.finish() };
}

export type { AqlObject };
