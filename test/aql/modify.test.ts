// AQL data modification through src/aql/query.ts: each statement and option with its
// rows, stats and the stored state afterwards (read through storage), ArangoDB's errors
// (1200, 1202, 1210, 1221, 1222, 1226, 1227, 1233, 1573, 1579), and the one-transaction
// semantics: nothing stored by a failed, aborted or unfinished query, own writes visible
// to the query, a concurrent conflicting write turning the commit into 1200.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import type { Doc } from '../../src/storage/documents.js';
import { QueryTxn } from '../../src/storage/query-txn.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { collectionSpec } from '../helpers/server.js';

let db: TestDb;

beforeEach(async () => {
  db = await openTestDb({ c: [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }], u: [] });
  await db.storage.catalog.createCollection('_system', collectionSpec('e', { type: 3 }));
  await db.storage.catalog.createCollection('_system', collectionSpec('nokeys', { keyOptions: { type: 'traditional', allowUserKeys: false } }));
  await db.storage.indexes.ensure('_system', 'u', { type: 'persistent', fields: ['email'], unique: true, sparse: false, deduplicate: true, estimates: true, cacheEnabled: false, name: 'byEmail' });
});
afterEach(() => db.close());

/** The stored documents of a collection, by _key, without _id/_rev. */
function stored(name: string): Record<string, Doc> {
  const col = db.storage.catalog.requireCollection('_system', name);
  const out: Record<string, Doc> = {};
  for (const d of db.storage.documents.scan(col)) {
    const { _id, _rev, ...rest } = d;
    void _id;
    void _rev;
    out[d._key as string] = rest;
  }
  return out;
}

function count(name: string): number {
  return db.storage.catalog.count(db.storage.catalog.requireCollection('_system', name));
}

async function fails(q: string, errorNum: number, message?: string, bind?: Record<string, unknown>): Promise<ArangoError> {
  try {
    await db.runFull(q, bind);
  } catch (e) {
    assert.ok(e instanceof ArangoError, String(e));
    assert.equal(e.errorNum, errorNum, e.message);
    if (message !== undefined) assert.equal(e.message, message);
    return e;
  }
  assert.fail(`expected ${errorNum}: ${q}`);
}

describe('INSERT', () => {
  it('inserts and returns NEW; stats count the writes', async () => {
    const r = await db.runFull('FOR i IN 1..3 INSERT {_key: CONCAT("k", i), i} INTO c RETURN NEW');
    assert.deepEqual(
      r.rows.map((d: any) => [d._key, d._id, d.i, typeof d._rev]),
      [['k1', 'c/k1', 1, 'string'], ['k2', 'c/k2', 2, 'string'], ['k3', 'c/k3', 3, 'string']],
    );
    assert.equal(r.stats.writesExecuted, 3);
    assert.equal(r.stats.writesIgnored, 0);
    assert.deepEqual(stored('c'), { a: { _key: 'a', v: 1 }, b: { _key: 'b', v: 2 }, k1: { _key: 'k1', i: 1 }, k2: { _key: 'k2', i: 2 }, k3: { _key: 'k3', i: 3 } });
    assert.equal(count('c'), 5);
  });

  it('without RETURN gives no rows; INTO and IN both work; generated keys', async () => {
    assert.deepEqual((await db.runFull('INSERT {x: 1} INTO c')).rows, []);
    const r = await db.runFull('INSERT {x: 2} IN c');
    assert.equal(r.stats.writesExecuted, 1);
    assert.equal(count('c'), 4);
    assert.equal(Object.values(stored('c')).filter((d) => d.x !== undefined).length, 2);
  });

  it('a unique violation on the 3rd document fails the query and stores nothing', async () => {
    const e = await fails('FOR x IN ["p", "q", "p"] INSERT {email: x} INTO u', 1210);
    assert.match(e.message, /^unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: \d+$/);
    assert.equal(e.phase, 'executing');
    assert.equal(count('u'), 0);
    assert.deepEqual(stored('u'), {});
  });

  it('the unique violation names the conflicting key', async () => {
    await db.run('INSERT {_key: "one", email: "p"} INTO u');
    await fails('INSERT {_key: "two", email: "p"} INTO u', 1210, "unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: one");
  });

  it('an existing _key is 1210 on the primary index; ignoreErrors skips it', async () => {
    await fails('INSERT {_key: "a"} INTO c', 1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: a");
    const r = await db.runFull('FOR k IN ["a", "n"] INSERT {_key: k, w: 1} INTO c OPTIONS {ignoreErrors: true} RETURN NEW._key');
    assert.deepEqual(r.rows, ['n']);
    assert.equal(r.stats.writesExecuted, 1);
    assert.equal(r.stats.writesIgnored, 1);
    assert.deepEqual(stored('c').a, { _key: 'a', v: 1 });
    assert.deepEqual(stored('c').n, { _key: 'n', w: 1 });
  });

  it('overwriteMode update / replace / ignore / conflict; OLD with update and replace', async () => {
    const up = await db.run('INSERT {_key: "a", w: 2} INTO c OPTIONS {overwriteMode: "update"} RETURN [OLD.v, NEW.v, NEW.w]');
    assert.deepEqual(up, [[1, 1, 2]]);
    const rep = await db.run('INSERT {_key: "a", z: 3} INTO c OPTIONS {overwriteMode: "replace"} RETURN [OLD.w, NEW.v, NEW.z]');
    assert.deepEqual(rep, [[2, null, 3]]);
    const ign = await db.runFull('INSERT {_key: "a", q: 1} INTO c OPTIONS {overwriteMode: "ignore"} RETURN NEW');
    assert.deepEqual(ign.rows, [null]);
    await fails('INSERT {_key: "a"} INTO c OPTIONS {overwrite: true, overwriteMode: "ignore"} RETURN OLD', 1203, 'collection or view not found: OLD');
    // an invalid overwriteMode is ignored (with a warning); overwrite: true means replace
    await db.run('INSERT {_key: "a", z: 4} INTO c OPTIONS {overwrite: true, overwriteMode: "fleisch"}');
    assert.deepEqual(stored('c').a, { _key: 'a', z: 4 });
    await db.run('INSERT {_key: "a", z: 3} INTO c OPTIONS {overwrite: true}');
    assert.deepEqual(stored('c').a, { _key: 'a', z: 3 });
    await fails('INSERT {_key: "a"} INTO c OPTIONS {overwriteMode: "conflict"}', 1210);
    // OLD exists only with overwriteMode update/replace
    await fails('INSERT {_key: "zz"} INTO c RETURN OLD', 1203, 'collection or view not found: OLD');
  });

  it('keepNull false drops nulls of an overwriteMode update; mergeObjects false replaces sub-objects', async () => {
    await db.run('INSERT {_key: "m", o: {x: 1, y: 2}, n: 1} INTO c');
    await db.run('INSERT {_key: "m", o: {z: 3}, n: null} INTO c OPTIONS {overwriteMode: "update", keepNull: false, mergeObjects: false}');
    assert.deepEqual(stored('c').m, { _key: 'm', o: { z: 3 } });
  });

  it('document errors: 1227 invalid type, 1221 bad key, 1222 user keys not allowed, 1233 edge attributes', async () => {
    await fails('INSERT 1 INTO c', 1227, 'invalid document type');
    await fails('INSERT {_key: "a b"} INTO c', 1221, 'illegal document key');
    await fails('INSERT {_key: "x"} INTO nokeys', 1222);
    await fails('INSERT {_from: "c/a"} INTO e', 1233);
    const r = await db.run('INSERT {_from: "c/a", _to: "c/b"} INTO e RETURN [NEW._from, NEW._to]');
    assert.deepEqual(r, [['c/a', 'c/b']]);
  });

  it('an unknown collection is 1203 while parsing', async () => {
    const e = await fails('INSERT {} INTO nope', 1203, 'collection or view not found: nope');
    assert.equal(e.phase, 'parsing');
  });
});

describe('UPDATE / REPLACE', () => {
  it('UPDATE key WITH doc and UPDATE doc; OLD and NEW', async () => {
    const r = await db.runFull('UPDATE "a" WITH {w: 1} IN c RETURN {before: OLD, after: NEW}');
    const row = r.rows[0] as any;
    assert.equal(row.before.v, 1);
    assert.equal(row.after.w, 1);
    assert.notEqual(row.before._rev, row.after._rev);
    assert.equal(r.stats.writesExecuted, 1);
    await db.run('FOR d IN c UPDATE d WITH {v: d.v * 10} IN c');
    assert.deepEqual(stored('c'), { a: { _key: 'a', v: 10, w: 1 }, b: { _key: 'b', v: 20 } });
    await db.run('UPDATE {_key: "b", t: true} IN c');
    assert.deepEqual(stored('c').b, { _key: 'b', v: 20, t: true });
  });

  it('an _id names the document too', async () => {
    await db.run('UPDATE "c/a" WITH {w: 2} IN c');
    assert.equal(stored('c').a.w, 2);
  });

  it('REPLACE drops the other attributes; LET n = NEW', async () => {
    const r = await db.run('FOR d IN c REPLACE d WITH {r: d.v} IN c LET n = NEW RETURN n.r');
    assert.deepEqual(r.sort(), [1, 2]);
    assert.deepEqual(stored('c'), { a: { _key: 'a', r: 1 }, b: { _key: 'b', r: 2 } });
    await db.run('REPLACE {_key: "a", only: 1} IN c');
    assert.deepEqual(stored('c').a, { _key: 'a', only: 1 });
  });

  it('keepNull and mergeObjects', async () => {
    await db.run('UPDATE "a" WITH {o: {x: 1, y: 2}} IN c');
    await db.run('UPDATE "a" WITH {o: {y: null, z: 3}, v: null} IN c OPTIONS {keepNull: false}');
    assert.deepEqual(stored('c').a, { _key: 'a', o: { x: 1, z: 3 } });
    await db.run('UPDATE "a" WITH {o: {q: 1}} IN c OPTIONS {mergeObjects: false}');
    assert.deepEqual(stored('c').a, { _key: 'a', o: { q: 1 } });
    await db.run('UPDATE "a" WITH {v: null} IN c');
    assert.deepEqual(stored('c').a, { _key: 'a', o: { q: 1 }, v: null });
  });

  it('1202 for a missing document (nothing written); ignoreErrors and ignoreDocumentNotFound skip it', async () => {
    await fails('FOR k IN ["a", "zz"] UPDATE k WITH {w: 1} IN c', 1202, 'document not found');
    assert.equal(stored('c').a.w, undefined);
    const r = await db.runFull('FOR k IN ["a", "zz"] UPDATE k WITH {w: 1} IN c OPTIONS {ignoreErrors: true} RETURN NEW._key');
    assert.deepEqual(r.rows, ['a']);
    assert.deepEqual([r.stats.writesExecuted, r.stats.writesIgnored], [1, 1]);
    const r2 = await db.runFull('FOR k IN ["b", "zz"] REPLACE k WITH {w: 2} IN c OPTIONS {ignoreDocumentNotFound: true}');
    assert.deepEqual([r2.stats.writesExecuted, r2.stats.writesIgnored], [1, 1]);
    assert.deepEqual(stored('c').b, { _key: 'b', w: 2 });
  });

  it('_rev: ignored by default, 1200 with ignoreRevs false', async () => {
    await db.run('UPDATE {_key: "a", _rev: "nope", w: 1} IN c');
    assert.equal(stored('c').a.w, 1);
    await fails('UPDATE {_key: "a", _rev: "nope", w: 2} IN c OPTIONS {ignoreRevs: false}', 1200, 'conflict, _rev values do not match');
    await fails('REPLACE {_key: "a", _rev: "nope"} WITH {w: 2} IN c OPTIONS {ignoreRevs: false}', 1200);
    assert.equal(stored('c').a.w, 1);
    await db.run('FOR d IN c FILTER d._key == "a" UPDATE d WITH {w: 3} IN c OPTIONS {ignoreRevs: false}');
    assert.equal(stored('c').a.w, 3);
  });

  it('key expression errors: 1227 for a number, 1226 for an object without _key', async () => {
    await fails('UPDATE 1 WITH {} IN c', 1227);
    await fails('UPDATE {} WITH {} IN c', 1226);
    await fails('UPDATE "a" WITH 1 IN c', 1227);
    await fails('UPDATE {x: 1} IN c', 1226);
  });
});

describe('REMOVE', () => {
  it('by key, _id or document; OLD', async () => {
    const r = await db.runFull('REMOVE "a" IN c RETURN OLD');
    assert.equal((r.rows[0] as any).v, 1);
    assert.equal(r.stats.writesExecuted, 1);
    await db.run('INSERT {_key: "x"} INTO c');
    await db.run('REMOVE "c/x" IN c');
    await db.run('FOR d IN c REMOVE d IN c');
    assert.deepEqual(stored('c'), {});
    assert.equal(count('c'), 0);
  });

  it('1202 stops the query and nothing is removed; ignoreErrors goes on', async () => {
    await fails('FOR k IN ["a", "zz", "b"] REMOVE k IN c', 1202);
    assert.equal(count('c'), 2);
    const r = await db.runFull('FOR k IN ["a", "zz", "b"] REMOVE k IN c OPTIONS {ignoreErrors: true}');
    assert.deepEqual([r.stats.writesExecuted, r.stats.writesIgnored], [2, 1]);
    assert.equal(count('c'), 0);
  });

  it('NEW is not available after REMOVE', async () => {
    await fails('REMOVE "a" IN c RETURN NEW', 1203, 'collection or view not found: NEW');
  });

  it('unique index entries go with the document', async () => {
    await db.run('INSERT {_key: "one", email: "p"} INTO u');
    await db.run('REMOVE "one" IN u');
    await db.run('INSERT {_key: "two", email: "p"} INTO u');
    assert.deepEqual(stored('u'), { two: { _key: 'two', email: 'p' } });
  });
});

describe('UPSERT', () => {
  it('in a loop over the same key: inserts once, then updates its own write', async () => {
    const r = await db.runFull('FOR i IN 1..4 UPSERT {k: "x"} INSERT {k: "x", n: 1} UPDATE {n: OLD.n + 1} IN c RETURN [OLD.n, NEW.n]');
    assert.deepEqual(r.rows, [[null, 1], [1, 2], [2, 3], [3, 4]]);
    assert.equal(r.stats.writesExecuted, 4);
    const xs = Object.values(stored('c')).filter((d) => d.k === 'x');
    assert.deepEqual(xs.map((d) => d.n), [4]);
    assert.equal(count('c'), 3);
  });

  it('by _key, with REPLACE', async () => {
    await db.run('UPSERT {_key: "a"} INSERT {_key: "a"} REPLACE {fresh: OLD.v} IN c');
    assert.deepEqual(stored('c').a, { _key: 'a', fresh: 1 });
    await db.run('UPSERT {_key: "new"} INSERT {_key: "new", made: true} REPLACE {} IN c');
    assert.deepEqual(stored('c').new, { _key: 'new', made: true });
  });

  it('nested example attributes match by path', async () => {
    await db.run('INSERT {_key: "n", o: {p: 1, q: 2}} INTO c');
    const r = await db.run('UPSERT {o: {p: 1}} INSERT {} UPDATE {hit: true} IN c RETURN NEW._key');
    assert.deepEqual(r, ['n']);
  });

  it('a subquery over OLD inside UPSERT is refused (not computed with null)', async () => {
    await fails('UPSERT {_key: "a"} INSERT {} UPDATE {n: LENGTH(FOR x IN [OLD] RETURN x)} IN c', 9, 'subqueries using OLD inside UPSERT are not implemented yet in Cairn');
    await db.run('UPSERT {_key: "a"} INSERT {} UPDATE {n: LENGTH(FOR x IN [1, 2] RETURN x), m: OLD.v} IN c');
    assert.deepEqual(stored('c').a, { _key: 'a', v: 1, n: 2, m: 1 });
  });

  it('a unique violation in the insert branch fails the query', async () => {
    await db.run('INSERT {_key: "one", email: "p"} INTO u');
    await fails('UPSERT {email: "q", nope: 1} INSERT {email: "p"} UPDATE {} IN u', 1210);
  });
});

describe('validation (while optimizing ast)', () => {
  const cases: [string, number, string][] = [
    ['FOR d IN c UPDATE d WITH {x: 1} IN c FOR e IN c RETURN e', 1579, "access after data-modification by collection 'c'"],
    ['INSERT {} INTO c INSERT {} INTO c', 1579, "access after data-modification by collection 'c'"],
    ['INSERT {} INTO c RETURN DOCUMENT("c/a")', 1579, 'access after data-modification by function DOCUMENT'],
    ['FOR d IN c LET u = (REPLACE d WITH {} IN c) RETURN u', 1579, "access after data-modification by collection 'c'"],
    ['INSERT {} INTO c LET x = (FOR d IN c RETURN d) RETURN x', 1579, "access after data-modification by collection 'c'"],
    ['INSERT (INSERT {} INTO u) INTO c', 1573, 'multi-modify query'],
  ];
  for (const [q, num, msg] of cases) {
    it(q, async () => {
      const e = await fails(q, num, msg);
      assert.equal(e.phase, 'optimizing ast');
      assert.equal(count('c'), 2);
    });
  }

  it('allowed: modifying two collections, a subquery that reads then writes the same collection', async () => {
    await db.run('INSERT {_key: "x"} INTO c INSERT {_key: "y"} INTO u');
    await db.run('FOR i IN 1..2 LET n = (FOR d IN c FILTER d._key == "a" INSERT {i, v: d.v} INTO c RETURN NEW.i) RETURN n');
    assert.equal(count('c'), 5);
    assert.equal(count('u'), 1);
  });

  it('unknown OPTIONS attributes and bad overwriteMode values warn 1539', async () => {
    const r = await db.runFull('INSERT {} INTO c OPTIONS {tititi: 1, overwriteMode: true, waitForSync: 1}');
    assert.deepEqual(r.warnings.map((w) => w.code), [1539, 1539]);
    assert.deepEqual(
      r.warnings.map((w) => w.message),
      ["usage of unknown OPTIONS attribute 'tititi' in INSERT statement", "usage of invalid OPTIONS attribute 'overwriteMode' in INSERT statement"],
    );
  });
});

describe('explain', () => {
  it('shows the modification nodes as ArangoDB names them', () => {
    // The constant `{}` is computed once, above the loop (move-calculations-up).
    const types = db.nodeTypes('FOR d IN c UPDATE d WITH {} IN c RETURN NEW');
    assert.deepEqual(types, ['SingletonNode', 'CalculationNode', 'EnumerateCollectionNode', 'UpdateNode', 'ReturnNode']);
    assert.deepEqual(db.nodeTypes('REMOVE "a" IN c'), ['SingletonNode', 'CalculationNode', 'RemoveNode']);
    assert.deepEqual(db.nodeTypes('UPSERT {a: 1} INSERT {} UPDATE {} IN c'), ['SingletonNode', 'UpsertNode']);
    assert.deepEqual(db.nodeTypes('INSERT {} INTO c'), ['SingletonNode', 'CalculationNode', 'InsertNode']);
    assert.deepEqual(db.nodeTypes('REPLACE "a" WITH {} IN c'), ['SingletonNode', 'CalculationNode', 'CalculationNode', 'ReplaceNode']);
    const plan = db.explain('FOR d IN c UPDATE d WITH {} IN c OPTIONS {ignoreErrors: true} RETURN [OLD, NEW]').plan;
    const upd = plan.nodes.find((n: any) => n.type === 'UpdateNode');
    assert.equal(upd.collection, 'c');
    assert.equal(upd.outVariableNew.name, '$NEW');
    assert.equal(upd.outVariableOld.name, '$OLD');
    assert.equal(upd.modificationFlags.ignoreErrors, true);
    assert.equal(plan.isModificationQuery, true);
    assert.deepEqual(plan.collections, [{ name: 'c', type: 'write' }]);
    const ins = db.explain('INSERT {} INTO c').plan.nodes.find((n: any) => n.type === 'InsertNode');
    assert.equal(ins.outVariableNew, undefined);
  });
});

describe('one transaction per query', () => {
  it('a stream of batches writes nothing until the end, then everything at once', async () => {
    const q = db.start('FOR i IN 1..10 INSERT {_key: CONCAT("s", i)} INTO c RETURN NEW._key');
    const first = await q.next(3);
    assert.deepEqual(first.rows, ['s1', 's2', 's3']);
    assert.equal(first.done, false);
    assert.equal(count('c'), 2);
    assert.equal(db.storage.documents.get(db.storage.catalog.requireCollection('_system', 'c'), 's1'), undefined);
    let last = first;
    while (!last.done) last = await q.next(3);
    assert.equal(count('c'), 12); // committed before the last batch was handed out
    assert.equal(q.finish().stats.writesExecuted, 10);
  });

  it('closing a query before its end (cursor deleted or expired) writes nothing', async () => {
    const q = db.start('FOR i IN 1..10 INSERT {_key: CONCAT("s", i)} INTO c RETURN 1');
    await q.next(2);
    q.close();
    assert.equal(count('c'), 2);
    assert.deepEqual(Object.keys(stored('c')), ['a', 'b']);
  });

  it('abort mid-query writes nothing', async () => {
    const controller = new AbortController();
    const q = db.start('FOR i IN 1..200000 INSERT {i} INTO c', {}, {}, controller.signal);
    const pending = q.next(1000);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e: unknown) => e instanceof ArangoError && e.errorNum === 1500);
    q.close();
    assert.equal(count('c'), 2);
  });

  it('a concurrent document-API write to a document the query read makes the commit fail with 1200', async () => {
    const q = db.start('FOR k IN ["a", "b"] UPDATE k WITH {byQuery: true} IN c RETURN 1');
    const b1 = await q.next(1);
    assert.equal(b1.done, false);
    // the query has read and updated "a" and "b" in its buffer; now someone else writes "a"
    const r = await db.storage.documents.apply('_system', 'c', 'update', [{ key: 'a', body: { byApi: true } }], {});
    assert.ok(r.results[0].ok);
    await assert.rejects(q.next(10), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200 && e.phase === 'executing');
    q.close();
    assert.deepEqual(stored('c'), { a: { _key: 'a', v: 1, byApi: true }, b: { _key: 'b', v: 2 } });
  });

  it('the query reads one snapshot from its start: a document changed meanwhile is a conflict, not a lost update', async () => {
    const q = db.start('FOR d IN c FILTER d._key == "a" UPDATE d WITH {v: d.v + 1} IN c RETURN NEW.v');
    await db.storage.documents.apply('_system', 'c', 'update', [{ key: 'a', body: { v: 10 } }], {});
    await assert.rejects(q.next(10), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200 && e.message === 'write-write conflict');
    q.close();
    assert.equal(stored('c').a.v, 10);
  });

  it('a concurrent insert of a key the query inserted is a conflict; counts stay right', async () => {
    const q = db.start('FOR k IN ["x", "y"] INSERT {_key: k} INTO c RETURN 1');
    await q.next(1);
    await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'x', api: 1 } }], {});
    await assert.rejects(q.next(10), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200);
    q.close();
    assert.equal(count('c'), 3);
    assert.deepEqual(stored('c').x, { _key: 'x', api: 1 });
  });

  it('non-conflicting concurrent writes keep their effect: counts are applied as deltas', async () => {
    const q = db.start('FOR k IN ["x", "y"] INSERT {_key: k} INTO c RETURN 1');
    await q.next(1);
    await db.storage.documents.apply('_system', 'c', 'insert', [{ body: { _key: 'api1' } }, { body: { _key: 'api2' } }], {});
    await db.storage.documents.apply('_system', 'c', 'remove', [{ body: 'b' }], {});
    const rest = await q.next(10);
    assert.equal(rest.done, true);
    q.close();
    assert.deepEqual(Object.keys(stored('c')).sort(), ['a', 'api1', 'api2', 'x', 'y']);
    assert.equal(count('c'), 5);
  });

  it('truncate between start and commit is a conflict, nothing written', async () => {
    const q = db.start('FOR k IN ["x", "y"] INSERT {_key: k} INTO c RETURN 1');
    await q.next(1);
    await db.storage.indexes.truncate('_system', 'c', false);
    await assert.rejects(q.next(10), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200);
    q.close();
    assert.equal(count('c'), 0);
  });

  it('waitForSync: the commit mutation is synced, otherwise not', async () => {
    const engine = db.storage.engine;
    const original = engine.write.bind(engine);
    const seen: (boolean | undefined)[] = [];
    engine.write = ((fn: never, opts: { sync?: boolean } = {}) => {
      seen.push(opts.sync);
      return original(fn, opts);
    }) as typeof engine.write;
    try {
      await db.run('INSERT {} INTO c OPTIONS {waitForSync: true}');
      await db.run('INSERT {} INTO c');
    } finally {
      engine.write = original;
    }
    assert.deepEqual(seen, [true, false]);
  });

  it('a loop that updates the collection it scans updates each document once (3,000, over several batches)', async () => {
    await updatesEachOnce(3000);
  });

  it('a later row sees a document an earlier row of the same query inserted', async () => {
    const r = await db.run('FOR n IN 1..3 INSERT {_key: "t", n} INTO u OPTIONS {overwriteMode: "update"} RETURN [OLD.n, NEW.n]');
    assert.deepEqual(r, [[null, 1], [1, 2], [2, 3]]);
    assert.deepEqual(stored('u'), { t: { _key: 't', n: 3 } });
    assert.equal(count('u'), 1);
  });
});

/**
 * `FOR d IN c UPDATE d ...` over `n` documents: each is met and updated once, though every
 * write moves its document to the end of the collection (query-txn.ts invariant 7).
 */
async function updatesEachOnce(n: number): Promise<void> {
  await db.run('FOR i IN 1..@n INSERT {_key: CONCAT("h", i), v: i} INTO c', { n });
  await db.storage.indexes.ensure('_system', 'c', { type: 'persistent', fields: ['x', 'y'], unique: false, sparse: false, deduplicate: true, estimates: true, cacheEnabled: false, name: 'xy' });
  const r = await db.runFull('FOR d IN c UPDATE d WITH {x: d.v, y: d.v, n: (d.n || 0) + 1} IN c');
  assert.equal(r.stats.writesExecuted, n + 2);
  assert.equal(r.stats.scannedFull, n + 2);
  assert.deepEqual(await db.run('FOR d IN c COLLECT k = d.n WITH COUNT INTO m RETURN [k, m]'), [[1, n + 2]]);
  assert.deepEqual(await db.run('FOR d IN c FILTER d.x == 7 AND d.y == 7 RETURN d._key'), ['h7']);
}

describe('spilled transactions (buffer bound lowered to 20 entries)', () => {
  const saved = QueryTxn.spillAt;
  beforeEach(() => {
    QueryTxn.spillAt = 20;
  });
  afterEach(() => {
    QueryTxn.spillAt = saved;
  });

  async function stageEmpty(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ([...db.storage.engine.keys('stage', {})].length === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail('staged entries were not deleted');
  }

  it('a large insert commits everything at once, with index entries and count', async () => {
    const q = db.start('FOR i IN 1..500 INSERT {_key: CONCAT("k", i), email: CONCAT("m", i)} INTO u RETURN i');
    const first = await q.next(300);
    assert.equal(first.rows.length, 300);
    assert.equal(count('u'), 0);
    assert.ok([...db.storage.engine.keys('stage', {})].length > 0, 'spilled to the stage');
    const rest = await q.next(1000);
    assert.equal(rest.done, true);
    assert.equal(q.finish().stats.writesExecuted, 500);
    assert.equal(count('u'), 500);
    assert.equal(Object.keys(stored('u')).length, 500);
    await fails('INSERT {email: "m250"} INTO u', 1210);
    await stageEmpty();
  });

  it('a unique violation late in a spilled query stores nothing', async () => {
    await fails('FOR i IN 1..300 INSERT {email: i == 299 ? "m1" : CONCAT("m", i)} INTO u', 1210);
    assert.equal(count('u'), 0);
    assert.deepEqual(stored('u'), {});
    await stageEmpty();
  });

  it('a loop that updates the collection it scans updates each staged document once', async () => {
    await updatesEachOnce(300);
  });

  it('UPSERT sees its own staged writes', async () => {
    const r = await db.runFull('FOR i IN 0..299 UPSERT {k: i % 100} INSERT {k: i % 100, n: 1} UPDATE {n: OLD.n + 1} IN c');
    assert.equal(r.stats.writesExecuted, 300);
    const docs = Object.values(stored('c')).filter((d) => d.k !== undefined);
    assert.equal(docs.length, 100);
    assert.ok(docs.every((d) => d.n === 3));
    assert.equal(count('c'), 102);
  });

  it('updates and removes of staged documents', async () => {
    await db.run('FOR i IN 1..100 INSERT {_key: CONCAT("k", i), n: 0} INTO c');
    await db.run('FOR n IN 1..3 FOR i IN 1..100 INSERT {_key: CONCAT("k", i), n} INTO c OPTIONS {overwriteMode: "update"}');
    assert.equal(Object.values(stored('c')).filter((d) => d.n === 3).length, 100);
    const r = await db.runFull('FOR d IN c FILTER d.n == 3 REMOVE d IN c');
    assert.equal(r.stats.writesExecuted, 100);
    assert.equal(count('c'), 2);
    await stageEmpty();
  });

  it('a concurrent write to a document read before the spill is still a conflict', async () => {
    const q = db.start('FOR i IN 1..300 LET k = i == 1 ? "a" : CONCAT("x", i) INSERT {_key: k, i} INTO c OPTIONS {overwriteMode: "update"} RETURN 1');
    await q.next(200);
    await db.storage.documents.apply('_system', 'c', 'update', [{ key: 'a', body: { api: true } }], {});
    await assert.rejects(q.next(1000), (e: unknown) => e instanceof ArangoError && e.errorNum === 1200);
    q.close();
    assert.deepEqual(Object.keys(stored('c')).sort(), ['a', 'b']);
    assert.equal(count('c'), 2);
    await stageEmpty();
  });

  it('an abandoned spilled query leaves nothing, staged entries are deleted', async () => {
    const q = db.start('FOR i IN 1..300 INSERT {i} INTO c RETURN 1');
    await q.next(250);
    q.close();
    assert.equal(count('c'), 2);
    await stageEmpty();
  });
});
