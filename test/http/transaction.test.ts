// Stream transactions over HTTP: begin, status, commit, abort and list with ArangoDB's
// answers; documents and AQL inside a transaction (x-arango-trx-id) see its writes while
// nobody else does; commit makes them visible at once and durably, abort and idle expiry
// drop them; declared collections, conflicts, leases, and the header's errors.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

describe('stream transactions', () => {
  let s: TestServer;
  const clock = new ManualClock();
  before(async () => {
    s = await startServer([], { clock });
  });
  after(async () => {
    await s.close();
  });

  async function call(method: string, url: string, body?: unknown, trx?: string, rawBody?: string) {
    const res = await s.request({ method, url, body, rawBody, headers: trx ? { 'x-arango-trx-id': trx } : {} });
    return { status: res.statusCode, body: res.body ? (bodyOf(res) as any) : undefined };
  }
  async function begin(collections: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const r = await call('POST', '/_api/transaction/begin', { collections, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.result.id as string;
  }
  const query = (q: string, trx?: string, bindVars?: Record<string, unknown>) => call('POST', '/_api/cursor', { query: q, bindVars }, trx);
  const keys = async (name: string, trx?: string) => (await query(`FOR d IN ${name} SORT d._key RETURN d._key`, trx)).body.result;

  beforeEach(async () => {
    for (const name of ['tc', 'tother']) {
      await call('DELETE', `/_api/collection/${name}`);
      await call('POST', '/_api/collection', { name });
    }
  });

  describe('/_api/transaction', () => {
    it('begins, reports, commits and aborts with ArangoDB\'s bodies', async () => {
      const r = await call('POST', '/_api/transaction/begin', { collections: { write: 'tc' } });
      assert.equal(r.status, 201);
      assert.deepEqual(Object.keys(r.body), ['code', 'error', 'result']);
      const id = r.body.result.id;
      assert.match(id, /^\d+$/);
      assert.deepEqual(r.body, { code: 201, error: false, result: { id, status: 'running' } });
      assert.deepEqual((await call('GET', `/_api/transaction/${id}`)).body, { code: 200, error: false, result: { id, status: 'running' } });
      assert.deepEqual((await call('GET', '/_api/transaction')).body.transactions.filter((t: any) => t.id === id), [{ id, state: 'running' }]);

      assert.deepEqual((await call('PUT', `/_api/transaction/${id}`)).body, { code: 200, error: false, result: { id, status: 'committed' } });
      assert.deepEqual((await call('PUT', `/_api/transaction/${id}`)).body.result.status, 'committed', 'commit is idempotent');
      assert.deepEqual((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'committed');
      assert.deepEqual((await call('GET', '/_api/transaction')).body.transactions.filter((t: any) => t.id === id), []);
      assert.deepEqual((await call('DELETE', `/_api/transaction/${id}`)).body, {
        error: true,
        code: 400,
        errorNum: 1653,
        errorMessage: `while trying to abort transaction ${id}: transaction was already committed`,
      });

      const id2 = await begin({ read: ['tc'] });
      assert.deepEqual((await call('DELETE', `/_api/transaction/${id2}`)).body, { code: 200, error: false, result: { id: id2, status: 'aborted' } });
      assert.equal((await call('DELETE', `/_api/transaction/${id2}`)).status, 200, 'abort is idempotent');
      assert.deepEqual((await call('PUT', `/_api/transaction/${id2}`)).body, {
        error: true,
        code: 400,
        errorNum: 1653,
        errorMessage: `while trying to commit transaction ${id2}: transaction was already aborted`,
      });
    });

    it('refuses bad begin bodies, unknown collections and a transaction header on begin', async () => {
      const missing = { error: true, code: 400, errorNum: 10, errorMessage: "missing 'collections'" };
      assert.deepEqual((await call('POST', '/_api/transaction/begin', {})).body, missing);
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: ['tc'] })).body, missing);
      assert.deepEqual((await call('POST', '/_api/transaction/begin', undefined, undefined, '[1]')).body, missing);
      const invalid = { error: true, code: 400, errorNum: 10, errorMessage: "invalid 'collections' attribute" };
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: { write: 1 } })).body, invalid);
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: { read: ['tc', ''] } })).body, invalid);
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: { write: 'tc' }, lockTimeout: -1 })).body, {
        error: true,
        code: 400,
        errorNum: 10,
        errorMessage: '<lockTimeout> needs to be positive',
      });
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: { exclusive: 'nope' } })).body, {
        error: true,
        code: 404,
        errorNum: 1203,
        errorMessage: 'collection or view not found: nope',
      });
      assert.deepEqual((await call('POST', '/_api/transaction/begin', { collections: { write: 'tc' } }, '1')).body, {
        error: true,
        code: 400,
        errorNum: 10,
        errorMessage: 'unexpected transaction ID received in begin transaction request',
      });
    });

    it('answers unknown and malformed ids as ArangoDB does', async () => {
      assert.deepEqual((await call('GET', '/_api/transaction/424242')).body, { error: true, code: 404, errorNum: 1655, errorMessage: 'transaction not found' });
      assert.deepEqual((await call('GET', '/_api/transaction/x1')).body, { error: true, code: 400, errorNum: 10, errorMessage: 'Illegal transaction ID' });
      assert.deepEqual((await call('PUT', '/_api/transaction/0')).body, { error: true, code: 400, errorNum: 10, errorMessage: 'bad transaction ID' });
      assert.deepEqual((await call('PUT', '/_api/transaction/525252')).body, {
        error: true,
        code: 404,
        errorNum: 1655,
        errorMessage: 'transaction 525252 not found on commit operation',
      });
      // ArangoDB then keeps an aborted tombstone for it
      assert.equal((await call('GET', '/_api/transaction/525252')).body.result.status, 'aborted');
      assert.equal((await call('DELETE', '/_api/transaction/525252')).status, 200);
      assert.deepEqual((await call('POST', '/_api/transaction', { collections: {}, action: 'function () { return 1; }' })).body, { code: 200, error: false, result: 1 });
      assert.equal((await call('PATCH', '/_api/transaction/1')).status, 405);
    });
  });

  describe('x-arango-trx-id', () => {
    it('keeps document writes invisible to others until commit, visible inside at once', async () => {
      const id = await begin({ write: ['tc'] });
      assert.equal((await call('POST', '/_api/document/tc', { _key: 'a', v: 1 }, id)).status, 202);
      assert.equal((await call('POST', '/_api/document/tc', [{ _key: 'b' }, { _key: 'a' }], id)).body[1].errorNum, 1210);
      assert.equal((await call('GET', '/_api/document/tc/a', undefined, id)).body.v, 1);
      assert.equal((await call('GET', '/_api/document/tc/a')).status, 404);
      assert.equal((await call('PATCH', '/_api/document/tc/a', { v: 2 }, id)).status, 202);
      assert.equal((await call('PUT', '/_api/document/tc?onlyget=true', ['a', 'b'], id)).body[0].v, 2);
      assert.equal((await call('DELETE', '/_api/document/tc/b', undefined, id)).status, 202);
      assert.deepEqual(await keys('tc', id), ['a']);
      assert.deepEqual(await keys('tc'), []);
      assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, 0);
      assert.equal((await call('GET', '/_api/collection/tc/count', undefined, id)).body.count, 1);
      await call('PUT', `/_api/transaction/${id}`);
      assert.deepEqual(await keys('tc'), ['a']);
      assert.equal((await call('GET', '/_api/document/tc/a')).body.v, 2);
      assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, 1);
    });

    it('truncates inside the transaction: committed or rolled back with it', async () => {
      await call('POST', '/_api/document/tc', [{ _key: 'a' }, { _key: 'b' }]);
      await call('POST', '/_api/index?collection=tc', { type: 'persistent', fields: ['v'], unique: true, sparse: true });
      for (const end of ['DELETE', 'PUT']) {
        const id = await begin({ write: 'tc' });
        await call('POST', '/_api/document/tc', { _key: 'c', v: 1 }, id);
        assert.equal((await call('PUT', '/_api/collection/tc/truncate', undefined, id)).status, 200);
        assert.equal((await call('GET', '/_api/collection/tc/count', undefined, id)).body.count, 0);
        assert.deepEqual(await keys('tc', id), []);
        assert.equal((await call('POST', '/_api/document/tc', { _key: 'd', v: 1 }, id)).status, 202, 'the unique value is free again');
        assert.deepEqual(await keys('tc'), ['a', 'b']);
        await call(end, `/_api/transaction/${id}`);
        assert.deepEqual(await keys('tc'), end === 'PUT' ? ['d'] : ['a', 'b']);
        assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, end === 'PUT' ? 1 : 2);
      }
    });

    it('tells the query results cache about its writes at once and at abort; read-only ones use the cache', async () => {
      await call('PUT', '/_api/query-cache/properties', { mode: 'demand' });
      try {
        await call('POST', '/_api/document/tc', { _key: 'a', value: 0 });
        const q = { query: 'FOR d IN tc FILTER d._key == "a" RETURN d.value', cache: true };
        const cached = async (trx?: string) => {
          const r = await call('POST', '/_api/cursor', q, trx);
          return [r.body.cached, r.body.result[0]];
        };
        await cached();
        assert.deepEqual(await cached(), [true, 0]);
        const writer = await begin({ write: 'tc' });
        await query('UPDATE "a" WITH { value: 1 } IN tc', writer);
        assert.deepEqual(await cached(), [false, 0], 'a write inside a running transaction ends the entry');
        assert.deepEqual(await cached(), [true, 0]);
        await query('UPDATE "a" WITH { value: 5 } IN tc', writer);
        assert.deepEqual(await cached(), [false, 0], 'and so does each further write');
        assert.deepEqual(await cached(), [true, 0]);
        await call('DELETE', `/_api/transaction/${writer}`);
        assert.deepEqual(await cached(), [false, 0], 'and so does its abort');

        const reader = await begin({ read: 'tc' });
        assert.deepEqual(await cached(reader), [true, 0], 'a read-only transaction uses the cache');
        const other = await begin({ write: 'tc' });
        await query('UPDATE "a" WITH { value: 2 } IN tc', other);
        // an uncommitted write leaves the committed value current: the reader's result is stored
        assert.deepEqual(await cached(reader), [false, 0]);
        assert.deepEqual(await cached(), [true, 0]);
        await call('PUT', `/_api/transaction/${other}`);
        assert.deepEqual(await cached(reader), [false, 0], "computed from its own snapshot, which is not stored");
        assert.deepEqual(await cached(), [false, 2]);
        assert.deepEqual(await cached(reader), [true, 2], 'ArangoDB serves it the cached, newer result');
        await call('DELETE', `/_api/transaction/${reader}`);
      } finally {
        await call('PUT', '/_api/query-cache/properties', { mode: 'off' });
      }
    });

    it('imports inside the transaction', async () => {
      const id = await begin({ write: 'tc' });
      const r = await call('POST', '/_api/import?collection=tc&type=documents', undefined, id, '{"_key":"i1"}\n{"_key":"i2"}\n');
      assert.deepEqual(r.body, { error: false, created: 2, errors: 0, empty: 0, updated: 0, ignored: 0 });
      assert.deepEqual(await keys('tc'), []);
      assert.deepEqual(await keys('tc', id), ['i1', 'i2']);
      const done = await call('POST', '/_api/import?collection=tc&type=documents&complete=true', undefined, id, '{"_key":"i3"}\n');
      assert.deepEqual(done.body, { error: false, created: 1, errors: 0, empty: 0, updated: 0, ignored: 0 });
      // complete=true fails the request at a failed document, and what could be written stays in the transaction
      const failed = await call('POST', '/_api/import?collection=tc&type=documents&complete=true', undefined, id, '{"_key":"i1"}\n{"_key":"i4"}\n');
      assert.equal(failed.status, 409);
      assert.equal(failed.body.errorNum, 1210);
      assert.deepEqual(await keys('tc', id), ['i1', 'i2', 'i3', 'i4']);
      // overwrite=true empties the collection inside the transaction only
      const over = await call('POST', '/_api/import?collection=tc&type=documents&overwrite=true', undefined, id, '{"_key":"i5"}\n');
      assert.equal(over.body.created, 1);
      assert.deepEqual(await keys('tc', id), ['i5']);
      assert.deepEqual(await keys('tc'), []);
      assert.equal((await call('POST', '/_api/import?collection=tother&type=documents', undefined, id, '{}\n')).body.errorNum, 1652);
      await call('PUT', `/_api/transaction/${id}`);
      assert.deepEqual(await keys('tc'), ['i5']);
    });

    it('runs AQL inside the transaction: reads see its writes, writes wait for its commit', async () => {
      await call('POST', '/_api/document/tc', [{ _key: 'x', n: 1 }, { _key: 'y', n: 2 }]);
      await call('POST', '/_api/index?collection=tc', { type: 'persistent', fields: ['n'] });
      const id = await begin({ write: ['tc'] });
      const ins = await query('FOR i IN 3..4 INSERT { _key: CONCAT("k", i), n: i } INTO tc RETURN NEW._key', id);
      assert.deepEqual(ins.body.result, ['k3', 'k4']);
      assert.equal(ins.body.extra.stats.writesExecuted, 2);
      await call('PATCH', '/_api/document/tc/x', { n: 10 }, id);
      // an indexed filter sees the transaction's own writes too
      assert.deepEqual((await query('FOR d IN tc FILTER d.n == 10 RETURN d._key', id)).body.result, ['x']);
      assert.deepEqual((await query('FOR d IN tc FILTER d.n == 3 RETURN d._key', id)).body.result, ['k3']);
      assert.deepEqual((await query('FOR d IN tc FILTER d._key == "k4" RETURN d.n', id)).body.result, [4]);
      assert.deepEqual((await query('FOR d IN tc FILTER d.n == 10 RETURN d._key')).body.result, []);
      assert.deepEqual(await keys('tc'), ['x', 'y']);
      await call('DELETE', `/_api/transaction/${id}`);
      assert.deepEqual(await keys('tc'), ['x', 'y']);
      assert.deepEqual((await query('FOR d IN tc FILTER d.n == 10 RETURN d._key')).body.result, []);
    });

    it('allows writes only to collections declared for writing, and implicit reads unless disallowed', async () => {
      const id = await begin({ read: 'tother', write: 'tc' });
      const unregistered = (name: string, kind: string) => ({ error: true, code: 400, errorNum: 1652, errorMessage: `unregistered collection used in transaction: ${name} [${kind}]` });
      assert.deepEqual((await call('POST', '/_api/document/tother', {}, id)).body, unregistered('tother', 'write'));
      assert.deepEqual((await query('INSERT {} INTO tother', id)).body, unregistered('tother', 'write'));
      await call('POST', '/_api/collection', { name: 'tthird' });
      assert.equal((await call('GET', '/_api/document/tthird/x', undefined, id)).status, 404, 'an implicit read is allowed');
      await call('DELETE', `/_api/transaction/${id}`);
      const strict = await begin({ read: 'tother', write: 'tc' }, { allowImplicit: false });
      assert.deepEqual((await call('GET', '/_api/document/tthird/x', undefined, strict)).body, unregistered('tthird', 'read'));
      assert.deepEqual((await query('FOR d IN tthird RETURN d', strict)).body, unregistered('tthird', 'read'));
      assert.equal((await query('FOR d IN tother RETURN d', strict)).status, 201);
      await call('DELETE', `/_api/transaction/${strict}`);
      await call('DELETE', '/_api/collection/tthird');
    });

    it('refuses at once with 409/1200 to write a document changed after its begin, and stays running; reads do not count', async () => {
      await call('POST', '/_api/document/tc', [{ _key: 'a', v: 0 }, { _key: 'r', v: 0 }]);
      const id = await begin({ write: 'tc' });
      await call('GET', '/_api/document/tc/r', undefined, id);
      assert.equal((await call('PATCH', '/_api/document/tc/r', { v: 2 })).status, 202, 'a document it only read is not locked');
      assert.equal((await call('PATCH', '/_api/document/tc/a', { v: 2 })).status, 202, 'nor one it has not written yet');
      // over its snapshot's a: RocksDB's snapshot validation fails ArangoDB's write at once
      const conflict = { error: true, code: 409, errorNum: 1200, errorMessage: "write-write conflict - in index primary of type primary over '_key'; conflicting key: a" };
      assert.deepEqual((await call('PATCH', '/_api/document/tc/a', { v: 1 }, id)).body, conflict);
      assert.deepEqual((await call('DELETE', '/_api/document/tc/a', undefined, id)).body, conflict);
      await call('POST', '/_api/document/tc', { _key: 'b' }, id);
      const r = await call('PUT', `/_api/transaction/${id}`);
      assert.equal(r.body.result.status, 'committed');
      assert.equal((await call('GET', '/_api/document/tc/a')).body.v, 2);
      assert.equal((await call('GET', '/_api/document/tc/b')).status, 200);
      await call('DELETE', '/_api/document/tc/b');
      // without the write to a, the changed read does not stop the commit
      const ok = await begin({ write: 'tc' });
      await call('GET', '/_api/document/tc/r', undefined, ok);
      await call('PATCH', '/_api/document/tc/r', { v: 3 });
      await call('POST', '/_api/document/tc', { _key: 'b' }, ok);
      assert.equal((await call('PUT', `/_api/transaction/${ok}`)).body.result.status, 'committed');
    });

    it('holds the keys and unique values it writes: another transaction fails at once, a write outside waits, then fails', async () => {
      const existing = (await call('POST', '/_api/document/tc', { _key: 'test' })).body;
      await call('POST', '/_api/index?collection=tc', { type: 'persistent', fields: ['unique'], unique: true, sparse: true, name: 'uniqueTestIdx' });
      const lockMsg = "Timeout waiting to lock key - in index primary of type primary over '_key'; conflicting key: test";
      const t1 = await begin({ write: 'tc' });
      assert.equal((await call('PATCH', '/_api/document/tc/test', { value: 'der fux' }, t1)).status, 202);
      assert.equal((await call('POST', '/_api/document/tc', { _key: 'k1', unique: 'u' }, t1)).status, 202);
      const t2 = await begin({ write: 'tc' });
      // the same key: an update, an insert (1200 before the duplicate check), a remove
      for (const [method, url, body] of [
        ['PATCH', '/_api/document/tc/test', { value: 'der hans' }],
        ['POST', '/_api/document/tc', { _key: 'test' }],
        ['DELETE', '/_api/document/tc/test', undefined],
      ] as const) {
        const r = await call(method, url, body, t2);
        assert.deepEqual(r.body, { error: true, code: 409, errorNum: 1200, errorMessage: lockMsg, _id: 'tc/test', _key: 'test', _rev: existing._rev });
      }
      // a unique value
      const u = await call('POST', '/_api/document/tc', { _key: 'k2', unique: 'u' }, t2);
      assert.deepEqual(u.body, {
        error: true,
        code: 409,
        errorNum: 1200,
        errorMessage: 'Timeout waiting to lock key - in index uniqueTestIdx of type persistent over \'unique\'; document key: k2; indexed values: ["u"]',
        _id: 'tc/k2',
        _key: 'k2',
        _rev: '',
      });
      // AQL in another transaction, and a query outside any: at once
      assert.equal((await query('UPDATE "test" WITH { q: 1 } IN tc', t2)).body.errorNum, 1200);
      assert.equal((await query('REMOVE "test" IN tc')).body.errorNum, 1200);
      // a write outside waits for the lock about a second, then fails
      let started = performance.now();
      const direct = await call('PATCH', '/_api/document/tc/test', { value: 'outside' });
      assert.ok(performance.now() - started >= 990, `waited ${performance.now() - started} ms`);
      assert.deepEqual(direct.body, { error: true, code: 409, errorNum: 1200, errorMessage: lockMsg, _id: 'tc/test', _key: 'test', _rev: existing._rev });
      // one that the lock's end lets through waits only that long
      started = performance.now();
      const waiting = call('POST', '/_api/document/tc', { _key: 'k3', unique: 'u' });
      await new Promise((r) => setTimeout(r, 100));
      await call('DELETE', `/_api/transaction/${t1}`);
      assert.equal((await waiting).status, 202);
      assert.ok(performance.now() - started < 900);
      // the aborted transaction's locks are gone for the other one too
      assert.equal((await call('PATCH', '/_api/document/tc/test', { value: 'der hans' }, t2)).status, 202);
      assert.equal((await call('PUT', `/_api/transaction/${t2}`)).body.result.status, 'committed');
      assert.equal((await call('GET', '/_api/document/tc/test')).body.value, 'der hans');
    });

    it('answers requests naming a finished, unknown or malformed transaction with ArangoDB\'s errors', async () => {
      const committed = await begin({ write: 'tc' });
      await call('PUT', `/_api/transaction/${committed}`);
      assert.deepEqual((await call('POST', '/_api/document/tc', {}, committed)).body, {
        error: true,
        code: 400,
        errorNum: 1653,
        errorMessage: `transaction ${committed} has already been committed`,
      });
      const aborted = await begin({ write: 'tc' });
      await call('DELETE', `/_api/transaction/${aborted}`);
      assert.deepEqual((await query('RETURN 1', aborted)).body, { error: true, code: 410, errorNum: 1654, errorMessage: `transaction ${aborted} has already been aborted` });
      assert.deepEqual((await call('GET', '/_api/document/tc/a', undefined, '77777')).body, { error: true, code: 404, errorNum: 1655, errorMessage: "transaction '77777' not found" });
      assert.deepEqual((await call('GET', '/_api/document/tc/a', undefined, 'nope')).body, { error: true, code: 400, errorNum: 10, errorMessage: 'invalid transaction ID' });
      // another database neither sees nor ends it: a commit or abort there is 404/1655
      // "inaccessible" (ArangoDB's Manager::updateTransaction: ids are server-wide)
      await call('POST', '/_api/database', { name: 'trxother' });
      const here = await begin({ write: 'tc' });
      await call('POST', '/_api/document/tc', { _key: 'kept' }, here);
      assert.equal((await call('GET', `/_db/trxother/_api/transaction/${here}`)).status, 404);
      assert.deepEqual((await call('GET', '/_db/trxother/_api/transaction')).body, { transactions: [] });
      assert.deepEqual((await call('PUT', `/_db/trxother/_api/transaction/${here}`)).body, { error: true, code: 404, errorNum: 1655, errorMessage: `transaction ${here} inaccessible on commit operation` });
      assert.deepEqual((await call('DELETE', `/_db/trxother/_api/transaction/${here}`)).body, { error: true, code: 404, errorNum: 1655, errorMessage: `transaction ${here} inaccessible on abort operation` });
      assert.equal((await call('GET', `/_api/transaction/${here}`)).body.result.status, 'running');
      assert.equal((await call('PUT', `/_api/transaction/${here}`)).body.result.status, 'committed');
      assert.equal((await call('GET', '/_api/document/tc/kept')).status, 200);
      await call('DELETE', '/_api/database/trxother');
    });

    it('aborts a transaction left unused past the idle timeout', async () => {
      const id = await begin({ write: 'tc' });
      await call('POST', '/_api/document/tc', { _key: 'idle' }, id);
      clock.advance(59_000);
      s.server.services.transactions.sweep();
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'running');
      await call('GET', '/_api/document/tc/idle', undefined, id); // use restarts the timer
      clock.advance(59_000);
      s.server.services.transactions.sweep();
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'running');
      clock.advance(2_000);
      s.server.services.transactions.sweep();
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'aborted');
      assert.equal((await call('POST', '/_api/document/tc', {}, id)).body.errorNum, 1654);
      assert.deepEqual((await call('PUT', `/_api/transaction/${id}`)).body.errorMessage, `while trying to commit transaction ${id}: transaction was already expired`);
      assert.equal((await call('GET', '/_api/document/tc/idle')).status, 404);
    });

    it('lets one writer use a transaction at a time; commit waits for a query running in it', async () => {
      await call('POST', '/_api/document/tc', { _key: 'a' });
      const id = await begin({ write: 'tc' });
      const slow = query('FOR i IN 1..3 LET s = SLEEP(0.05) INSERT { _key: CONCAT("s", i) } INTO tc', id);
      await new Promise((r) => setTimeout(r, 20));
      // a read meets the writing query: 28 at once
      const busy = await call('GET', '/_api/document/tc/a', undefined, id);
      assert.deepEqual(busy.body, { error: true, code: 500, errorNum: 28, errorMessage: `cannot read-lock, transaction ${id} is already in use` });
      // a write and the commit wait for it; the write lands before the commit, or fails
      // because it came after it, never in between
      const [w, c] = await Promise.all([call('POST', '/_api/document/tc', { _key: 'w' }, id), call('PUT', `/_api/transaction/${id}`), slow]);
      assert.equal(c.body.result.status, 'committed');
      if (w.status === 202) assert.deepEqual(await keys('tc'), ['a', 's1', 's2', 's3', 'w']);
      else {
        assert.equal(w.body.errorNum, 1653);
        assert.deepEqual(await keys('tc'), ['a', 's1', 's2', 's3']);
      }
    });

    it('keeps the transaction leased by a stream cursor opened in it until the cursor ends', async () => {
      await call('POST', '/_api/document/tc', { _key: 'a' });
      const id = await begin({ read: 'tc' });
      const c = await call('POST', '/_api/cursor', { query: 'FOR i IN 1..10000000 RETURN i', batchSize: 2, options: { stream: true } }, id);
      assert.equal(c.status, 201);
      assert.deepEqual(c.body.result, [1, 2]);
      const busy = await call('GET', '/_api/document/tc/a', undefined, id);
      assert.deepEqual(busy.body, { error: true, code: 500, errorNum: 28, errorMessage: `cannot read-lock, transaction ${id} is already in use` });
      assert.deepEqual((await call('PUT', `/_api/cursor/${c.body.id}`)).body.result, [3, 4], 'the cursor itself goes on');
      await call('DELETE', `/_api/cursor/${c.body.id}`);
      assert.equal((await call('GET', '/_api/document/tc/a', undefined, id)).status, 200);
      // one that ends in its first batch holds nothing afterwards
      assert.equal((await call('POST', '/_api/cursor', { query: 'RETURN 1', options: { stream: true } }, id)).status, 201);
      assert.equal((await call('GET', '/_api/document/tc/a', undefined, id)).status, 200);
      assert.equal((await call('PUT', `/_api/transaction/${id}`)).body.result.status, 'committed');
    });

    it('DELETE /_api/transaction/write stops the query running in a write transaction and aborts it', async () => {
      const id = await begin({ write: 'tc' });
      const reader = await begin({ read: 'tc' });
      const r = await s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'FOR i IN 1..100000000 INSERT { i } INTO tc' }, headers: { 'x-arango-trx-id': id, 'x-arango-async': 'store' } } as never);
      const job = r.headers['x-arango-async-id'] as string;
      await new Promise((res) => setTimeout(res, 100));
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'running');
      assert.deepEqual((await call('DELETE', '/_api/transaction/write')).body, { code: 200, error: false });
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'aborted');
      assert.equal((await call('GET', `/_api/transaction/${reader}`)).body.result.status, 'running', 'a read-only one stays');
      let fetched;
      for (let i = 0; i < 300 && !fetched; i++) {
        const f = await s.request({ method: 'PUT', url: `/_api/job/${job}` });
        if (f.statusCode !== 204) fetched = f;
        else await new Promise((res) => setTimeout(res, 10));
      }
      assert.equal(fetched?.statusCode, 410);
      // a query that modifies data is killed before its transaction is aborted, as in
      // ArangoDB's Manager::abortAllManagedWriteTrx (it was 1654 before Cairn did that)
      assert.deepEqual(bodyOf(fetched!), { error: true, code: 410, errorNum: 1500, errorMessage: 'AQL: query killed (while executing)' });
      assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, 0);
      await call('DELETE', `/_api/transaction/${reader}`);
    });

    it('runs as an async job inside a transaction', async () => {
      const id = await begin({ write: 'tc' });
      const r = await s.request({ method: 'POST', url: '/_api/document/tc', payload: undefined, body: { _key: 'job' }, headers: { 'x-arango-trx-id': id, 'x-arango-async': 'store' } } as never);
      assert.equal(r.statusCode, 202);
      const job = r.headers['x-arango-async-id'] as string;
      let fetched;
      for (let i = 0; i < 200; i++) {
        const f = await s.request({ method: 'PUT', url: `/_api/job/${job}` });
        if (f.statusCode !== 204) {
          fetched = f;
          break;
        }
        await new Promise((res) => setTimeout(res, 10));
      }
      assert.equal(fetched?.statusCode, 202);
      assert.equal((await call('GET', '/_api/document/tc/job')).status, 404);
      await call('PUT', `/_api/transaction/${id}`);
      assert.equal((await call('GET', '/_api/document/tc/job')).status, 200);
    });
  });

  /** Polls an async job until it is done; its response. */
  async function jobResult(job: string) {
    for (let i = 0; i < 500; i++) {
      const f = await s.request({ method: 'PUT', url: `/_api/job/${job}` });
      if (f.statusCode !== 204) return f;
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`job ${job} did not finish`);
  }

  describe('begin options', () => {
    // RestTransactionHandler takes x-arango-allow-dirty-read from the begin request; then
    // RestDocumentHandler (trx->state()->options().allowDirtyReads) and the query
    // (Query::_allowDirtyReads) answer x-arango-potential-dirty-read, on a single server too
    it('x-arango-allow-dirty-read at begin: reads in the transaction answer x-arango-potential-dirty-read: true', async () => {
      await call('POST', '/_api/document/tc', { _key: 'a' });
      const dirty = (await s.request({ method: 'POST', url: '/_api/transaction/begin', body: { collections: { read: 'tc' } }, headers: { 'x-arango-allow-dirty-read': 'true' } })).json().result.id as string;
      const plain = await begin({ read: 'tc' });
      const reads = (trx: string) => [
        s.request({ method: 'GET', url: '/_api/document/tc/a', headers: { 'x-arango-trx-id': trx } }),
        s.request({ method: 'PUT', url: '/_api/document/tc?onlyget=true', body: ['a'], headers: { 'x-arango-trx-id': trx } }),
        s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'FOR d IN tc RETURN d._key' }, headers: { 'x-arango-trx-id': trx } }),
      ];
      for (const r of await Promise.all(reads(dirty))) {
        assert.ok(r.statusCode < 300, r.body);
        assert.equal(r.headers['x-arango-potential-dirty-read'], 'true', r.body);
      }
      for (const r of await Promise.all(reads(plain))) {
        assert.ok(r.statusCode < 300, r.body);
        assert.equal(r.headers['x-arango-potential-dirty-read'], undefined, 'not without the begin header');
      }
      // inside a transaction the request's own header does not decide
      const r = await s.request({ method: 'GET', url: '/_api/document/tc/a', headers: { 'x-arango-trx-id': plain, 'x-arango-allow-dirty-read': 'true' } });
      assert.equal(r.headers['x-arango-potential-dirty-read'], undefined);
      await call('DELETE', `/_api/transaction/${dirty}`);
      await call('DELETE', `/_api/transaction/${plain}`);
    });

    // RestCursorHandler::generateCursorResult sets the header for every batch of a cursor
    // created allowing dirty reads (Cursor::allowDirtyReads), whatever the later request
    // sends; showLatestBatch's resend of the current batch (allowRetry) does not set it
    it('later batches of a cursor created allowing dirty reads say so too, in and outside transactions', async () => {
      await call('POST', '/_api/document/tc', [{ _key: 'b1' }, { _key: 'b2' }, { _key: 'b3' }]);
      const DIRTY = 'x-arango-potential-dirty-read';
      const create = async (headers: Record<string, string>, options: Record<string, unknown> = {}) => {
        const r = await s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'FOR d IN tc RETURN d._key', batchSize: 1, options: { allowRetry: true, ...options } }, headers });
        assert.equal(r.statusCode, 201, r.body);
        return { id: r.json().id as string, first: r.headers[DIRTY] };
      };
      const later = async (id: string, headers: Record<string, string>) => {
        const put = await s.request({ method: 'PUT', url: `/_api/cursor/${id}`, headers });
        const post = await s.request({ method: 'POST', url: `/_api/cursor/${id}/3`, headers });
        const again = await s.request({ method: 'POST', url: `/_api/cursor/${id}/3`, headers });
        assert.deepEqual([put.statusCode, post.statusCode, again.statusCode], [200, 200, 200]);
        return [put.headers[DIRTY], post.headers[DIRTY], again.headers[DIRTY]];
      };
      // outside a transaction: the create request's header (or options.allowDirtyReads) decides
      const viaHeader = await create({ 'x-arango-allow-dirty-read': 'true' });
      assert.equal(viaHeader.first, 'true');
      assert.deepEqual(await later(viaHeader.id, {}), ['true', 'true', undefined]);
      const viaOption = await create({}, { allowDirtyReads: true });
      assert.equal(viaOption.first, 'true');
      assert.deepEqual(await later(viaOption.id, {}), ['true', 'true', undefined]);
      const plain = await create({});
      assert.equal(plain.first, undefined);
      assert.deepEqual(await later(plain.id, { 'x-arango-allow-dirty-read': 'true' }), [undefined, undefined, undefined]);
      // inside a transaction begun allowing them: every batch, the continuations carry no trx header
      const trx = (await s.request({ method: 'POST', url: '/_api/transaction/begin', body: { collections: { read: 'tc' } }, headers: { 'x-arango-allow-dirty-read': 'true' } })).json().result.id as string;
      const inTrx = await create({ 'x-arango-trx-id': trx });
      assert.equal(inTrx.first, 'true');
      assert.deepEqual(await later(inTrx.id, {}), ['true', 'true', undefined]);
      await call('DELETE', `/_api/transaction/${trx}`);
    });

    // RocksDBTrxBaseMethods::addOperation: 32 `Maximal transaction size limit of <n> bytes
    // is reached` (HTTP 500); the operation is rolled back, the transaction goes on
    it('maxTransactionSize: a document write that would pass it is 500/32, the transaction goes on', async () => {
      const id = await begin({ write: 'tc' }, { maxTransactionSize: 300 });
      assert.equal((await call('POST', '/_api/document/tc', { _key: 'small' }, id)).status, 202);
      const tooBig = { error: true, code: 500, errorNum: 32, errorMessage: 'Maximal transaction size limit of 300 bytes is reached' };
      assert.deepEqual((await call('POST', '/_api/document/tc', { _key: 'big', pad: 'x'.repeat(300) }, id)).body, tooBig);
      // in an array, per document
      const many = await call('POST', '/_api/document/tc', [{ _key: 'b' }, { _key: 'big2', pad: 'x'.repeat(300) }], id);
      assert.equal(many.body[0]._key, 'b');
      assert.deepEqual(many.body[1], { error: true, errorNum: 32, errorMessage: tooBig.errorMessage });
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'running');
      assert.equal((await call('PUT', `/_api/transaction/${id}`)).status, 200);
      assert.deepEqual(await keys('tc'), ['b', 'small']);
    });

    it('maxTransactionSize: an AQL write past it fails with 500/32; without it nothing is counted', async () => {
      const id = await begin({ write: 'tc' }, { maxTransactionSize: 2000 });
      const r = await query("FOR i IN 1..1000 INSERT { _key: CONCAT('k', i), pad: '0123456789' } INTO tc", id);
      assert.equal(r.status, 500);
      assert.equal(r.body.errorNum, 32);
      assert.equal(r.body.errorMessage, 'AQL: Maximal transaction size limit of 2000 bytes is reached (while executing)');
      assert.equal((await call('GET', `/_api/transaction/${id}`)).body.result.status, 'running');
      await call('DELETE', `/_api/transaction/${id}`);
      assert.deepEqual(await keys('tc'), []);
      const free = await begin({ write: 'tc' });
      assert.equal((await query("FOR i IN 1..1000 INSERT { _key: CONCAT('k', i), pad: '0123456789' } INTO tc", free)).status, 201);
      assert.equal((await call('PUT', `/_api/transaction/${free}`)).status, 200);
      assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, 1000);
    });
  });

  describe('DELETE /_api/transaction/write and queries', () => {
    it('kills every running query that modifies data, outside transactions too, and leaves read-only ones', async () => {
      const start = (q: string) => s.request({ method: 'POST', url: '/_api/cursor', body: { query: q }, headers: { 'x-arango-async': 'store' } });
      const writer = (await start('FOR i IN 1..100000000 INSERT { i } INTO tc')).headers['x-arango-async-id'] as string;
      const reader = (await start('FOR i IN 1..100000000 FILTER i < 0 RETURN i')).headers['x-arango-async-id'] as string;
      let current: any[] = [];
      for (let i = 0; i < 200 && current.length < 2; i++) {
        await new Promise((res) => setTimeout(res, 10));
        current = (await call('GET', '/_api/query/current')).body;
      }
      assert.deepEqual(current.map((q) => q.modificationQuery).sort(), [false, true]);
      assert.deepEqual((await call('DELETE', '/_api/transaction/write')).body, { code: 200, error: false });
      const w = await jobResult(writer);
      assert.deepEqual(bodyOf(w), { error: true, code: 410, errorNum: 1500, errorMessage: 'AQL: query killed (while executing)' });
      assert.equal((await call('GET', '/_api/collection/tc/count')).body.count, 0, 'nothing of it was written');
      const still = (await call('GET', '/_api/query/current')).body as any[];
      assert.deepEqual(still.map((q) => q.modificationQuery), [false], 'the read-only query runs on');
      assert.equal((await call('DELETE', `/_api/query/${still[0].id}`)).status, 200);
      assert.equal((await jobResult(reader)).statusCode, 410);
    });
  });
});
