// The JavaScript a transaction's action sees: ArangoDB's server-side `db` object, its
// collections and cursors, `require('@arangodb')`, `require('internal')` and
// `require('@arangodb/general-graph')` (named graphs' collections), written as
// source that js-worker.ts evaluates inside the action's own vm context, so every object
// the action meets (documents, errors, cursors) belongs to that context's realm and
// `instanceof Error` or `Array.isArray` work as in ArangoDB.
//
// Every database operation is one request to Cairn's own HTTP API inside the transaction
// (arangosh's collection objects are built the same way over HTTP), made through the one
// host function `__call(method, path, body)`, which blocks until Cairn answers and returns
// `<status>\n<body>`. An answer with status >= 400 is thrown as an ArangoError carrying
// the answer's errorNum, errorMessage and code, which the transaction then reports as
// ArangoDB does. `__wait(seconds)` blocks the action (require('internal').wait/sleep).
//
// Inputs the library reads from the context's globals: __call, __wait, __log, __database
// (the database name), __errors (ArangoDB's error table: NAME -> { code, message }).

export const SANDBOX_LIB = String.raw`
(function () {
  'use strict';
  const call = __call, waitFor = __wait, log = __log, database = __database, errorTable = __errors;
  const base = '/_db/' + encodeURIComponent(database);

  class ArangoError extends Error {
    constructor(e) {
      super(e && e.errorMessage !== undefined ? e.errorMessage : '');
      this.name = 'ArangoError';
      this.error = true;
      this.code = e && e.code;
      this.errorNum = e && e.errorNum;
      this.errorMessage = e && e.errorMessage;
    }
    toString() { return 'ArangoError ' + this.errorNum + ': ' + this.errorMessage; }
  }

  const errors = {};
  for (const name of Object.keys(errorTable)) errors[name] = { code: errorTable[name].code, message: errorTable[name].message };
  Object.freeze(errors);

  // rev: sent as If-Match (a selector's _rev, checked as ArangoDB's collection methods check it)
  function request(method, path, body, rev) {
    const text = call(method, base + path, body === undefined ? undefined : JSON.stringify(body), rev);
    const nl = text.indexOf('\n');
    const status = Number(text.slice(0, nl));
    const rest = text.slice(nl + 1);
    const parsed = rest === '' ? undefined : JSON.parse(rest);
    if (status >= 400) {
      throw new ArangoError(parsed && typeof parsed === 'object' ? parsed : { error: true, code: status, errorNum: 4, errorMessage: 'HTTP ' + status });
    }
    return parsed;
  }

  function query(options) {
    const q = [];
    for (const k of Object.keys(options)) {
      const v = options[k];
      if (v === undefined || v === null) continue;
      q.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
    }
    return q.length ? '?' + q.join('&') : '';
  }

  const enc = (s) => encodeURIComponent(String(s));

  // ---- cursors ----------------------------------------------------------------------
  class ArangoQueryCursor {
    constructor(first) {
      const rows = first.result.slice();
      let res = first;
      while (res.hasMore) {
        res = request('PUT', '/_api/cursor/' + enc(first.id));
        for (const r of res.result) rows.push(r);
      }
      this._rows = rows;
      this._pos = 0;
      this._count = first.count;
      this._extra = first.extra;
      this._cached = first.cached === true;
    }
    toArray() { const r = this._rows.slice(this._pos); this._pos = this._rows.length; return r; }
    hasNext() { return this._pos < this._rows.length; }
    next() { return this._pos < this._rows.length ? this._rows[this._pos++] : undefined; }
    count() { return this._count !== undefined ? this._count : this._rows.length; }
    getExtra() { return this._extra; }
    getCached() { return this._cached; }
    dispose() { this._rows = []; this._pos = 0; }
    toString() { return '[object ArangoQueryCursor]'; }
  }

  function isAql(v) { return v !== null && typeof v === 'object' && typeof v.query === 'string'; }

  // db._query(text, bindVars, options), db._query({ query, bindVars, ...options }),
  // db._query(aql, options): always a materialized query, its batches read to the end
  const TOP_LEVEL = ['count', 'batchSize', 'ttl', 'cache', 'memoryLimit'];
  function runQuery(q, bindVars, options) {
    const opts = {};
    let text, binds;
    if (isAql(q)) {
      text = q.query;
      binds = q.bindVars;
      if (q.options && typeof q.options === 'object') Object.assign(opts, q.options);
      for (const k of TOP_LEVEL) if (q[k] !== undefined) opts[k] = q[k];
      if (bindVars && typeof bindVars === 'object') Object.assign(opts, bindVars);
    } else if (typeof q === 'string') {
      text = q;
      binds = bindVars;
      if (options && typeof options === 'object') Object.assign(opts, options);
    } else {
      throw new ArangoError({ error: true, code: 400, errorNum: 1502, errorMessage: 'query is empty' });
    }
    const body = { query: text, batchSize: 1000 };
    if (binds !== undefined && binds !== null) body.bindVars = binds;
    for (const k of TOP_LEVEL) {
      if (opts[k] !== undefined) body[k] = opts[k];
      delete opts[k];
    }
    delete opts.stream;
    if (Object.keys(opts).length > 0) body.options = opts;
    return new ArangoQueryCursor(request('POST', '/_api/cursor', body));
  }

  function aql(strings, ...args) {
    let text = strings[0];
    const bindVars = {};
    const names = new Map();
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      if (v && typeof v === 'object' && v.__literal !== undefined) {
        text += v.__literal + strings[i + 1];
        continue;
      }
      if (isAql(v) && v.__aql === true) {
        let sub = v.query;
        for (const k of Object.keys(v.bindVars)) {
          const name = 'value' + Object.keys(bindVars).length;
          const at = k.startsWith('@') ? '@@' : '@';
          sub = sub.split(at + k.replace(/^@/, '')).join(at + name);
          bindVars[k.startsWith('@') ? '@' + name : name] = v.bindVars[k];
        }
        text += sub + strings[i + 1];
        continue;
      }
      let name = names.get(v);
      const isCol = v instanceof ArangoCollection;
      if (name === undefined) {
        name = 'value' + Object.keys(bindVars).length;
        names.set(v, name);
        if (isCol) bindVars['@' + name] = v.name();
        else bindVars[name] = v;
      }
      text += (isCol ? '@@' : '@') + name + strings[i + 1];
    }
    return { query: text, bindVars, __aql: true };
  }
  aql.literal = (value) => ({ __literal: value === undefined ? '' : String(value) });
  aql.join = (values, sep) => {
    sep = sep === undefined ? ' ' : sep;
    const parts = values.map((v) => (isAql(v) ? v : aql([ '', '' ], v)));
    let strings = [''];
    const args = [];
    parts.forEach((p, i) => { if (i > 0) strings[strings.length - 1] += sep; args.push(p); strings.push(''); });
    return aql(strings, ...args);
  };

  // ---- collections ------------------------------------------------------------------
  function keyOf(sel, colName) {
    if (sel !== null && typeof sel === 'object') {
      if (typeof sel._key === 'string') return sel._key;
      if (typeof sel._id === 'string') sel = sel._id;
      else throw new ArangoError({ error: true, code: 400, errorNum: 1221, errorMessage: 'invalid document key' });
    }
    if (typeof sel !== 'string') throw new ArangoError({ error: true, code: 400, errorNum: 1221, errorMessage: 'invalid document key' });
    const slash = sel.indexOf('/');
    if (slash >= 0) {
      const c = sel.slice(0, slash);
      if (c !== colName) throw new ArangoError({ error: true, code: 400, errorNum: 1213, errorMessage: 'cross collection request not allowed' });
      return sel.slice(slash + 1);
    }
    return sel;
  }

  // a selector's _rev is checked unless the options say overwrite (ArangoDB's collection methods)
  function revOf(sel, opts) {
    if (sel === null || typeof sel !== 'object' || typeof sel._rev !== 'string') return undefined;
    if (opts === true || (opts && typeof opts === 'object' && opts.overwrite === true)) return undefined;
    return sel._rev;
  }

  function writeQuery(opts) {
    if (opts === undefined || opts === null) return {};
    if (typeof opts !== 'object') return { overwrite: opts === true ? true : undefined };
    const q = {};
    for (const k of ['waitForSync', 'keepNull', 'mergeObjects', 'returnNew', 'returnOld', 'silent', 'overwrite', 'overwriteMode', 'ignoreRevs', 'refillIndexCaches', 'versionAttribute', 'skipDocumentValidation']) if (opts[k] !== undefined) q[k] = opts[k];
    return q;
  }

  class ArangoCollection {
    constructor(name) { this._name = name; }
    name() { return this._name; }
    _props() { return request('GET', '/_api/collection/' + enc(this._name) + '/properties'); }
    get _id() { return this._props().id; }
    type() { return this._props().type; }
    status() { return this._props().status; }
    properties(changes) { if (changes !== undefined) disallowed(); return this._props(); }
    drop() { disallowed(); }
    rename() { disallowed(); }
    ensureIndex() { disallowed(); }
    dropIndex() { disallowed(); }
    load() { disallowed(); }
    unload() { disallowed(); }
    count() { return request('GET', '/_api/collection/' + enc(this._name) + '/count').count; }
    figures() { return request('GET', '/_api/collection/' + enc(this._name) + '/figures').figures; }
    indexes() { return request('GET', '/_api/index' + query({ collection: this._name })).indexes; }
    getIndexes() { return this.indexes(); }
    save(a, b, c, d) {
      let doc = a, opts = b;
      // the old edge signature: save(from, to, data[, options])
      const vertex = (v) => typeof v === 'string' || (v !== null && typeof v === 'object' && typeof v._id === 'string' && !Array.isArray(v));
      if (vertex(a) && vertex(b) && c !== null && typeof c === 'object' && !Array.isArray(c)) {
        doc = Object.assign({}, c, { _from: typeof a === 'string' ? a : a._id, _to: typeof b === 'string' ? b : b._id });
        opts = d;
      }
      return request('POST', '/_api/document/' + enc(this._name) + query(writeQuery(opts)), doc);
    }
    insert(a, b, c, d) { return this.save(a, b, c, d); }
    document(sel) {
      if (Array.isArray(sel)) return request('PUT', '/_api/document/' + enc(this._name) + '?onlyget=true', sel);
      return request('GET', '/_api/document/' + enc(this._name) + '/' + enc(keyOf(sel, this._name)));
    }
    documents(keys) { return { documents: this.document(keys) }; }
    exists(sel) {
      try {
        const d = this.document(sel);
        if (sel !== null && typeof sel === 'object' && typeof sel._rev === 'string' && sel._rev !== d._rev) return false;
        return { _id: d._id, _key: d._key, _rev: d._rev };
      } catch (e) {
        if (e instanceof ArangoError && e.errorNum === 1202) return false;
        throw e;
      }
    }
    _modify(method, sel, data, opts) {
      if (Array.isArray(sel)) {
        const items = sel.map((x, i) => Object.assign({}, Array.isArray(data) ? data[i] : data, { _key: keyOf(x, this._name) }, x !== null && typeof x === 'object' && typeof x._rev === 'string' ? { _rev: x._rev } : {}));
        return request(method, '/_api/document/' + enc(this._name) + query(writeQuery(opts)), items);
      }
      return request(method, '/_api/document/' + enc(this._name) + '/' + enc(keyOf(sel, this._name)) + query(writeQuery(opts)), data, revOf(sel, opts));
    }
    update(sel, data, opts) { return this._modify('PATCH', sel, data, opts); }
    replace(sel, data, opts) { return this._modify('PUT', sel, data, opts); }
    remove(sel, opts) {
      if (Array.isArray(sel)) return request('DELETE', '/_api/document/' + enc(this._name) + query(writeQuery(opts)), sel);
      return request('DELETE', '/_api/document/' + enc(this._name) + '/' + enc(keyOf(sel, this._name)) + query(writeQuery(opts)), undefined, revOf(sel, opts));
    }
    truncate() { request('PUT', '/_api/collection/' + enc(this._name) + '/truncate'); }
    all() { return runQuery('FOR d IN @@c RETURN d', { '@c': this._name }); }
    toArray() { return this.all().toArray(); }
    any() { const r = runQuery('FOR d IN @@c SORT RAND() LIMIT 1 RETURN d', { '@c': this._name }).toArray(); return r.length ? r[0] : null; }
    byExample(example) { return runQuery('FOR d IN @@c FILTER MATCHES(d, @e) RETURN d', { '@c': this._name, e: example }); }
    firstExample(example) { const r = runQuery('FOR d IN @@c FILTER MATCHES(d, @e) LIMIT 1 RETURN d', { '@c': this._name, e: example }).toArray(); return r.length ? r[0] : null; }
    removeByExample(example) { return runQuery('FOR d IN @@c FILTER MATCHES(d, @e) REMOVE d IN @@c', { '@c': this._name, e: example }).getExtra().stats.writesExecuted; }
    updateByExample(example, data, keepNull) { return runQuery('FOR d IN @@c FILTER MATCHES(d, @e) UPDATE d WITH @n IN @@c OPTIONS { keepNull: @k }', { '@c': this._name, e: example, n: data, k: keepNull !== false }).getExtra().stats.writesExecuted; }
    replaceByExample(example, data) { return runQuery('FOR d IN @@c FILTER MATCHES(d, @e) REPLACE d WITH @n IN @@c', { '@c': this._name, e: example, n: data }).getExtra().stats.writesExecuted; }
    lookupByKeys(keys) { return { documents: runQuery('FOR k IN @k LET d = DOCUMENT(@@c, k) FILTER d != null RETURN d', { '@c': this._name, k: keys }).toArray() }; }
    removeByKeys(keys) { const s = runQuery('FOR k IN @k REMOVE k IN @@c OPTIONS { ignoreErrors: true }', { '@c': this._name, k: keys }).getExtra().stats; return { removed: s.writesExecuted, ignored: s.writesIgnored }; }
    toString() { return '[ArangoCollection ' + this._name + ']'; }
  }

  // ---- the database -----------------------------------------------------------------
  const collections = new Map();
  function collection(name) {
    if (name instanceof ArangoCollection) return name;
    if (typeof name !== 'string' && typeof name !== 'number') return null;
    name = String(name);
    let c = collections.get(name);
    if (c) return c;
    try {
      const p = request('GET', '/_api/collection/' + enc(name));
      c = new ArangoCollection(p.name);
    } catch (e) {
      if (e instanceof ArangoError && e.errorNum === 1203) return null;
      throw e;
    }
    collections.set(name, c);
    return c;
  }

  function byId(id) {
    if (id !== null && typeof id === 'object') id = id._id;
    if (typeof id !== 'string' || id.indexOf('/') < 0) throw new ArangoError({ error: true, code: 400, errorNum: 1205, errorMessage: 'illegal document identifier' });
    const name = id.slice(0, id.indexOf('/'));
    const c = collection(name);
    if (!c) throw new ArangoError({ error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found: ' + name });
    return c;
  }

  // TRANSACTION() / db._executeTransaction() inside an action: ArangoDB runs it in the
  // running transaction only with embed: true, and refuses it otherwise (1651)
  function executeTransaction(desc) {
    const bad = (msg) => new ArangoError({ error: true, code: 400, errorNum: 10, errorMessage: msg });
    if (desc === null || typeof desc !== 'object' || Array.isArray(desc)) throw bad('expecting object input data');
    if (desc.collections === null || typeof desc.collections !== 'object') throw bad('missing/invalid collections definition for transaction');
    let action = desc.action;
    if (typeof action === 'string') {
      try {
        action = Function('params', 'return (' + action + ')(params);');
      } catch (e) {
        throw bad('missing/invalid action definition for transaction - ' + String(e));
      }
    }
    if (typeof action !== 'function') throw bad('missing/invalid action definition for transaction');
    if (!desc.embed) throw new ArangoError({ error: true, code: 400, errorNum: 1651, errorMessage: 'nested transactions detected' });
    return action(desc.params);
  }

  // what ArangoDB refuses inside a transaction (1653)
  const disallowed = () => {
    throw new ArangoError({ error: true, code: 400, errorNum: 1653, errorMessage: 'disallowed operation inside transaction' });
  };

  const dbMethods = {
    _name: () => database,
    _id: () => request('GET', '/_api/database/current').result.id,
    _isSystem: () => database === '_system',
    _version: () => request('GET', '/_api/version').version,
    _collection: (name) => collection(name),
    _collections: () => request('GET', '/_api/collection?excludeSystem=false').result.map((p) => collection(p.name)),
    _query: (q, bindVars, options) => runQuery(q, bindVars, options),
    _createStatement: (data) => {
      const st = { query: data.query, bindVars: Object.assign({}, data.bindVars || {}), options: data.options, count: data.count, batchSize: data.batchSize };
      return {
        bind: (k, v) => { if (k && typeof k === 'object') Object.assign(st.bindVars, k); else st.bindVars[k] = v; },
        getQuery: () => st.query,
        getBindVariables: () => st.bindVars,
        setQuery: (s) => { st.query = s; },
        execute: () => runQuery(st.query, st.bindVars, Object.assign({}, st.options || {}, st.count !== undefined ? { count: st.count } : {})),
      };
    },
    _document: (id) => (Array.isArray(id) ? id.map((x) => byId(x).document(x)) : byId(id).document(id)),
    _exists: (id) => byId(id).exists(id),
    _update: (id, data, opts) => byId(id).update(id, data, opts),
    _replace: (id, data, opts) => byId(id).replace(id, data, opts),
    _remove: (id, opts) => byId(id).remove(id, opts),
    _executeTransaction: executeTransaction,
    _create: disallowed,
    _createDocumentCollection: disallowed,
    _createEdgeCollection: disallowed,
    _drop: disallowed,
    _truncate: (name) => { const c = collection(name); if (!c) throw new ArangoError({ error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found: ' + name }); c.truncate(); },
    _createView: disallowed,
    _dropView: disallowed,
    _createDatabase: disallowed,
    _dropDatabase: disallowed,
    _explain: (q, bindVars) => request('POST', '/_api/explain', isAql(q) ? { query: q.query, bindVars: q.bindVars } : { query: q, bindVars: bindVars }),
    _parse: (q) => request('POST', '/_api/query', { query: isAql(q) ? q.query : q }),
    toString: () => '[object ArangoDatabase]',
  };

  const db = new Proxy(dbMethods, {
    get(target, prop) {
      if (typeof prop === 'symbol') return target[prop];
      if (Object.prototype.hasOwnProperty.call(target, prop)) return target[prop];
      if (prop === 'then' || prop === 'toJSON' || prop === 'constructor' || prop === 'valueOf' || prop === 'inspect') return undefined;
      return collection(prop) || undefined;
    },
    has(target, prop) { return typeof prop === 'string' && (Object.prototype.hasOwnProperty.call(target, prop) || collection(prop) !== null); },
  });

  const print = (...args) => log(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const time = () => Date.now() / 1000;
  const wait = (seconds) => { const s = Number(seconds); if (s > 0) waitFor(s); return true; };

  const arangodb = { db, errors, ArangoError, aql, query: (strings, ...args) => runQuery(aql(strings, ...args)), print, time, ArangoCollection, ArangoQueryCursor };
  // as @arangodb exports them: every error's number under its name (arangodb.ERROR_BAD_PARAMETER === 10)
  for (const name of Object.keys(errors)) arangodb[name] = errors[name].code;
  // the write-ahead log of ArangoDB's engines: Cairn commits to LMDB, there is nothing to flush
  const wal = { flush: () => undefined, properties: () => ({}), transactions: () => ({ runningTransactions: 0 }) };
  const internal = { db, errors, ArangoError, wait, sleep: wait, time, print, ArangoCollection, wal };

  // jsunity's assertions and @arangodb/aql-helper's getQueryResults, which ArangoDB's
  // server also ships (its own transaction tests call them inside actions)
  function same(a, b) {
    if (a === b) return a !== 0 || 1 / a === 1 / b;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  const failWith = (msg) => { throw new Error(msg); };
  const show = (v) => { try { return JSON.stringify(v); } catch (e) { return String(v); } };
  const assertions = {
    fail: (msg) => failWith(msg || 'fail() called'),
    assertEqual: (a, b, msg) => { if (!same(a, b)) failWith(msg || 'expected ' + show(a) + ' to equal ' + show(b)); },
    assertNotEqual: (a, b, msg) => { if (same(a, b)) failWith(msg || 'expected ' + show(a) + ' not to equal ' + show(b)); },
    assertTrue: (v, msg) => { if (v !== true) failWith(msg || 'expected true, got ' + show(v)); },
    assertFalse: (v, msg) => { if (v !== false) failWith(msg || 'expected false, got ' + show(v)); },
    assertNull: (v, msg) => { if (v !== null) failWith(msg || 'expected null, got ' + show(v)); },
    assertNotNull: (v, msg) => { if (v === null) failWith(msg || 'expected a value, got null'); },
    assertUndefined: (v, msg) => { if (v !== undefined) failWith(msg || 'expected undefined, got ' + show(v)); },
    assertNotUndefined: (v, msg) => { if (v === undefined) failWith(msg || 'expected a value, got undefined'); },
    assertMatch: (re, v, msg) => { if (!re.test(v)) failWith(msg || 'expected ' + show(v) + ' to match ' + String(re)); },
    assertTypeOf: (t, v, msg) => { if (typeof v !== t) failWith(msg || 'expected a ' + t + ', got ' + typeof v); },
    assertInstanceOf: (c, v, msg) => { if (!(v instanceof c)) failWith(msg || 'expected an instance of ' + (c && c.name)); },
  };
  const jsunity = { jsUnity: { assertions } };
  const aqlHelper = { getQueryResults: (q, bindVars) => runQuery(q, bindVars).toArray() };

  // ---- @arangodb/general-graph ----------------------------------------------------------
  // A named graph's vertex and edge collections, each operation a /_api/gharial request
  // inside the transaction (so the graph's checks and a vertex removal's edges apply, as
  // in ArangoDB's module). Graphs are created and dropped outside transactions.
  const graphKey = (d) => {
    const s = String(d !== null && typeof d === 'object' ? (d._key !== undefined ? d._key : d._id) : d);
    const slash = s.indexOf('/');
    return slash >= 0 ? s.slice(slash + 1) : s;
  };
  function graphCollection(graphName, name, kind) {
    const base = '/_api/gharial/' + enc(graphName) + '/' + kind + '/' + enc(name);
    const meta = (r) => (r.new !== undefined || r.old !== undefined ? Object.assign({}, r[kind], r.new !== undefined ? { new: r.new } : {}, r.old !== undefined ? { old: r.old } : {}) : r[kind]);
    const insert = (doc, opts) => meta(request('POST', base + query(opts || {}), doc));
    return {
      name: () => name,
      insert,
      save: insert,
      document: (id) => request('GET', base + '/' + enc(graphKey(id)))[kind],
      exists: (id) => {
        try { request('GET', base + '/' + enc(graphKey(id))); return true; } catch (e) { if (e.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code) return false; throw e; }
      },
      update: (id, data, opts) => meta(request('PATCH', base + '/' + enc(graphKey(id)) + query(opts || {}), data)),
      replace: (id, data, opts) => meta(request('PUT', base + '/' + enc(graphKey(id)) + query(opts || {}), data)),
      remove: (id, opts) => request('DELETE', base + '/' + enc(graphKey(id)) + query(opts || {})).removed === true,
      count: () => db._collection(name).count(),
      toArray: () => db._collection(name).toArray(),
      toString: () => '[ArangoCollection \"' + name + '\"]',
    };
  }
  function graphOf(name) {
    const g = request('GET', '/_api/gharial/' + enc(name)).graph;
    const graph = {
      __name: name,
      _name: () => name,
      _edgeDefinitions: () => g.edgeDefinitions,
      _orphanCollections: () => g.orphanCollections,
      _vertexCollections: () => Object.keys(graph).filter((k) => graph[k] && graph[k].__kind === 'vertex').map((k) => db._collection(k)),
      _edgeCollections: () => g.edgeDefinitions.map((d) => db._collection(d.collection)),
    };
    const add = (c, kind) => { if (!graph[c]) graph[c] = Object.assign(graphCollection(name, c, kind), { __kind: kind }); };
    for (const d of g.edgeDefinitions) add(d.collection, 'edge');
    for (const d of g.edgeDefinitions) for (const v of d.from.concat(d.to)) add(v, 'vertex');
    for (const v of g.orphanCollections) add(v, 'vertex');
    return graph;
  }
  const generalGraph = {
    _graph: graphOf,
    _exists: (name) => {
      try { request('GET', '/_api/gharial/' + enc(name)); return true; } catch (e) { if (e.errorNum === errors.ERROR_GRAPH_NOT_FOUND.code) return false; throw e; }
    },
    _list: () => request('GET', '/_api/gharial').graphs.map((g) => g._key),
    _listObjects: () => request('GET', '/_api/gharial').graphs,
    _relation: (collection, from, to) => ({ collection, from: [].concat(from), to: [].concat(to) }),
    _edgeDefinitions: (...defs) => defs,
    _extendEdgeDefinitions: (defs, ...more) => { for (const d of more) defs.push(d); return defs; },
    _create: disallowed,
    _drop: disallowed,
  };

  const modules = { '@arangodb': arangodb, internal, '@arangodb/errors': errors, '@arangodb/aql': { aql }, jsunity, '@arangodb/aql-helper': aqlHelper, '@arangodb/general-graph': generalGraph };

  globalThis.require = function (name) {
    const m = modules[name];
    if (m === undefined) {
      const e = new Error("cannot locate module '" + name + "'");
      throw e;
    }
    return m;
  };
  globalThis.console = { log: print, info: print, warn: print, error: print, debug: print };
  globalThis.print = print;
  globalThis.db = db;
  globalThis.TRANSACTION = executeTransaction;
})();
`;
