// Execution blocks of the data-modification nodes (InsertNode, UpdateNode, ReplaceNode,
// RemoveNode, UpsertNode) and the ModifyAccess that connects them to the query's
// transaction (storage/query-txn.ts). Each input row is applied at once, in order, so
// later rows (and UPSERT lookups) see the writes of earlier ones; nothing is committed
// here: RunningQuery commits the transaction when the plan is exhausted.
//
// Per-row errors are ArangoErrors from DocumentStore.applyItem (1200, 1202, 1210, 1221,
// 1222, 1227, 1233) or from the key extraction below (1226, 1227). With ignoreErrors
// (or ignoreDocumentNotFound for 1202) the row is skipped and counted in writesIgnored;
// otherwise the error ends the query and the transaction is discarded.
import { ArangoError, ERR } from '../../errors/arango-error.js';
import type { Storage } from '../../storage/storage.js';
import type { QueryTxn } from '../../storage/query-txn.js';
import { externalize, isPlainObject, loadStored, type Doc, type Item, type Op, type WriteOptions } from '../../storage/documents.js';
import { isValidKey } from '../../storage/keys.js';
import { compare, toBool, type AqlObject, type AqlValue } from '../../values/index.js';
import type * as P from '../planner/plan.js';
import { compileExpression, type Compiled, type Row } from './expression.js';
import type { Block, ExecContext } from './blocks.js';

/** What modification blocks need from storage: the query's transaction, by collection name. */
export interface ModifyAccess {
  /** Applies one item in the query's transaction; throws the item's ArangoError. */
  apply(collection: string, op: Op, item: Item, opts: WriteOptions): Doc;
  /** The document under `key` as the query sees it (own writes included), or undefined. */
  get(collection: string, key: string): AqlObject | undefined;
  /** All documents of the collection as the query sees them. */
  scan(collection: string): Iterable<AqlObject>;
  /** Waits until the transaction's buffer is within its memory bound again. */
  settle(): Promise<void>;
}

/** ModifyAccess over `txn` for the collections of database `db`. */
export function modifyAccess(storage: Storage, db: string, txn: QueryTxn): ModifyAccess {
  const collection = (name: string) => {
    const col = storage.catalog.collection(db, name);
    if (!col) throw ArangoError.withMessage(ERR.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
    return col;
  };
  return {
    apply(name, op, item, opts) {
      const col = collection(name);
      txn.touch(col, opts.waitForSync === true);
      return storage.documents.applyItem(txn.tx, col, op, item, opts, txn.locks);
    },
    get(name, key) {
      const col = collection(name);
      if (!isValidKey(key)) return undefined;
      const stored = loadStored(txn.tx, col, key);
      return stored && (externalize(col, stored) as AqlObject);
    },
    *scan(name) {
      const col = collection(name);
      for (const d of txn.scan(col)) yield externalize(col, d) as AqlObject;
    },
    settle: () => txn.settle(),
  };
}

const PULL = 1000;

/** What one row's operation produced for NEW and OLD. */
interface Outcome {
  new: AqlValue;
  old: AqlValue;
}

/** The key part of a string (`coll/key` -> `key`), as ArangoDB's extractKeyPart. */
function keyPart(s: string): string {
  const slash = s.indexOf('/');
  return slash >= 0 ? s.slice(slash + 1) : s;
}

/**
 * Key (and, unless ignoreRevs, _rev) of a key expression: a string, or an object with a
 * string _key (1226 otherwise); anything else is 1227.
 */
function keyAndRev(v: AqlValue, ignoreRevs: boolean): { key: string; rev?: string } {
  if (typeof v === 'string') return { key: keyPart(v) };
  if (!isPlainObject(v)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
  if (typeof v._key !== 'string') throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_KEY_MISSING);
  const rev = !ignoreRevs && typeof v._rev === 'string' ? v._rev : undefined;
  return rev === undefined ? { key: keyPart(v._key) } : { key: keyPart(v._key), rev };
}

/** Base: applies each input row, skips rows whose error is ignored, sets NEW/OLD. */
abstract class ModificationBlock<N extends P.ModificationNode> implements Block {
  private closed = false;
  private pending: Row[] = [];
  protected readonly access: ModifyAccess;
  constructor(
    protected readonly node: N,
    private readonly input: Block,
    protected readonly ex: ExecContext,
  ) {
    if (!ex.modify) throw new Error('data-modification node without a query transaction');
    this.access = ex.modify;
  }

  protected abstract apply(row: Row): Outcome;

  /** Called with each pulled batch before its rows are applied. */
  protected prepare(_rows: Row[]): void {}

  protected writeOptions(): WriteOptions {
    const o = this.node.options;
    return {
      waitForSync: o.waitForSync,
      keepNull: o.keepNull,
      mergeObjects: o.mergeObjects,
      ignoreRevs: o.ignoreRevs,
      overwriteMode: o.overwriteMode,
      skipDocumentValidation: o.skipDocumentValidation,
      returnNew: true,
      returnOld: true,
    };
  }

  /**
   * Input is pulled in full batches (PULL rows) whatever `max` is, as ArangoDB's executors
   * work on blocks of 1000 rows: a LIMIT after the modification does not cut a batch short.
   */
  async next(max: number): Promise<Row[]> {
    while (this.pending.length === 0) {
      if (this.closed) return [];
      await this.ex.rt.checkpoint();
      const rows = await this.input.next(PULL);
      if (rows.length === 0) return [];
      this.prepare(rows);
      for (const row of rows) if (this.one(row)) this.pending.push(row);
      await this.access.settle();
    }
    return this.pending.splice(0, max);
  }

  private one(row: Row): boolean {
    const stats = this.ex.rt.stats;
    const o = this.node.options;
    let r: Outcome;
    try {
      r = this.apply(row);
    } catch (e) {
      if (!(e instanceof ArangoError)) throw e;
      if (o.ignoreErrors || (o.ignoreDocumentNotFound && e.errorNum === ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND.errorNum)) {
        stats.writesIgnored++;
        return false;
      }
      // A revision precondition is 412 for the document API; in AQL it is the plain 1200.
      if (e.errorNum === ERR.ERROR_ARANGO_CONFLICT.errorNum) throw ArangoError.withMessage(ERR.ERROR_ARANGO_CONFLICT, e.message);
      throw e;
    }
    stats.writesExecuted++;
    if (this.node.outVariableNew) row[this.node.outVariableNew.reg] = r.new;
    if (this.node.outVariableOld) row[this.node.outVariableOld.reg] = r.old;
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.input.close();
  }
}

class InsertBlock extends ModificationBlock<P.InsertNode> {
  protected apply(row: Row): Outcome {
    const n = this.node;
    const r = this.access.apply(n.collection, 'insert', { body: row[n.inVariable.reg] ?? null }, this.writeOptions());
    // overwriteMode ignore on an existing key: nothing written, NEW is null (as ArangoDB).
    return { new: (r.new as AqlValue | undefined) ?? null, old: (r.old as AqlValue | undefined) ?? null };
  }
}

class UpdateReplaceBlock extends ModificationBlock<P.UpdateNode | P.ReplaceNode> {
  protected apply(row: Row): Outcome {
    const n = this.node;
    const doc = row[n.inDocVariable.reg] ?? null;
    if (!isPlainObject(doc)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    const { key, rev } = keyAndRev(n.inKeyVariable ? (row[n.inKeyVariable.reg] ?? null) : doc, n.options.ignoreRevs);
    const body: Doc = { ...(doc as Doc) };
    delete body._rev;
    if (rev !== undefined) body._rev = rev;
    const op: Op = n.type === 'UpdateNode' ? 'update' : 'replace';
    const r = this.access.apply(n.collection, op, { key, body }, this.writeOptions());
    return { new: (r.new as AqlValue | undefined) ?? null, old: (r.old as AqlValue | undefined) ?? null };
  }
}

class RemoveBlock extends ModificationBlock<P.RemoveNode> {
  protected apply(row: Row): Outcome {
    const n = this.node;
    const { key, rev } = keyAndRev(row[n.inVariable.reg] ?? null, n.options.ignoreRevs);
    const body: Doc = rev === undefined ? { _key: key } : { _key: key, _rev: rev };
    const r = this.access.apply(n.collection, 'remove', { key, body }, this.writeOptions());
    return { new: null, old: (r.old as AqlValue | undefined) ?? null };
  }
}

/** Does `doc` match the example: every attribute (nested objects by path) equal. */
function matchesExample(doc: AqlValue, example: AqlObject): boolean {
  if (!isPlainObject(doc)) return false;
  for (const k in example) {
    const want = example[k];
    const have = (doc as AqlObject)[k] ?? null;
    if (isPlainObject(want) && Object.keys(want).length > 0) {
      if (!matchesExample(have, want as AqlObject)) return false;
    } else if (compare(have, want) !== 0) return false;
  }
  return true;
}

class UpsertBlock extends ModificationBlock<P.UpsertNode> {
  private readonly search: Compiled;
  private readonly insert: Compiled;
  private readonly update: Compiled;
  constructor(node: P.UpsertNode, input: Block, ex: ExecContext) {
    super(node, input, ex);
    this.search = compileExpression(node.search, ex.rt);
    this.insert = compileExpression(node.insert, ex.rt);
    this.update = compileExpression(node.update, ex.rt);
  }

  /**
   * readOwnWrites: false (ArangoDB 3.12): the whole input batch is looked up before any of
   * it is written, so a row does not see what earlier rows of its batch inserted or updated.
   */
  private batchLookups: Map<Row, AqlObject | undefined> | null = null;

  protected override prepare(rows: Row[]): void {
    if (this.node.options.readOwnWrites !== false) return;
    this.batchLookups = new Map();
    for (const row of rows) {
      try {
        this.batchLookups.set(row, this.lookup(row));
      } catch {
        // the row's own apply() repeats the lookup and reports its error
      }
    }
  }

  protected apply(row: Row): Outcome {
    const n = this.node;
    const found = this.batchLookups?.has(row) ? this.batchLookups.get(row) : this.lookup(row);
    row[n.oldVariable.reg] = found ?? null;
    if (!found) {
      const doc = this.insert(row);
      const r = this.access.apply(n.collection, 'insert', { body: doc }, this.writeOptions());
      return { new: (r.new as AqlValue | undefined) ?? null, old: null };
    }
    const doc = this.update(row);
    if (!isPlainObject(doc)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    const body: Doc = { ...(doc as Doc) };
    delete body._rev;
    const r = this.access.apply(n.collection, n.isReplace ? 'replace' : 'update', { key: found._key as string, body }, this.writeOptions());
    return { new: (r.new as AqlValue | undefined) ?? null, old: found };
  }

  /** The first document matching the search (own writes included), or undefined. */
  private lookup(row: Row): AqlObject | undefined {
    const n = this.node;
    const stats = this.ex.rt.stats;
    if (n.filter) {
      const reg = n.currentVariable!.reg;
      for (const doc of this.access.scan(n.collection)) {
        stats.scannedFull++;
        row[reg] = doc;
        if (toBool(this.search(row))) return doc;
      }
      return undefined;
    }
    const example = this.search(row);
    if (!isPlainObject(example)) throw new ArangoError(ERR.ERROR_ARANGO_DOCUMENT_TYPE_INVALID);
    if (typeof example._key === 'string') {
      stats.documentLookups++;
      const doc = this.access.get(n.collection, example._key);
      return doc && matchesExample(doc, example as AqlObject) ? doc : undefined;
    }
    for (const doc of this.access.scan(n.collection)) {
      stats.scannedFull++;
      if (matchesExample(doc, example as AqlObject)) return doc;
    }
    return undefined;
  }
}

/** FACTORIES rows for blocks.ts. */
export const MODIFICATION_FACTORIES = {
  InsertNode: (n: P.InsertNode, input: Block, ex: ExecContext): Block => new InsertBlock(n, input, ex),
  UpdateNode: (n: P.UpdateNode, input: Block, ex: ExecContext): Block => new UpdateReplaceBlock(n, input, ex),
  ReplaceNode: (n: P.ReplaceNode, input: Block, ex: ExecContext): Block => new UpdateReplaceBlock(n, input, ex),
  RemoveNode: (n: P.RemoveNode, input: Block, ex: ExecContext): Block => new RemoveBlock(n, input, ex),
  UpsertNode: (n: P.UpsertNode, input: Block, ex: ExecContext): Block => new UpsertBlock(n, input, ex),
};
