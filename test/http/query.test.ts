// POST /_api/query (parse only) and POST /_api/explain over HTTP: status and whole body
// for every error case of spec section 3.1/3.2, and the shape of successful answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const err = (code: number, errorNum: number, errorMessage: string) => ({ error: true, code, errorNum, errorMessage });

describe('POST /_api/query and /_api/explain', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'users' } });
    await s.request({ method: 'POST', url: '/_api/document/users', body: [{ _key: 'a', age: 1 }, { _key: 'b', age: 2 }] });
  });
  after(async () => {
    await s.close();
  });

  async function post(url: string, body: unknown, rawBody?: string) {
    const res = await s.request({ method: 'POST', url, body: rawBody === undefined ? body : undefined, rawBody });
    return { status: res.statusCode, body: bodyOf(res) };
  }

  it('parses a query without running it and names its collections and bind parameters', async () => {
    const r = await post('/_api/query', { query: 'FOR u IN users FILTER u.name == @name LIMIT 2 RETURN u.n' });
    assert.equal(r.status, 200);
    assert.equal(r.body.error, false);
    assert.equal(r.body.code, 200);
    assert.equal(r.body.parsed, true);
    assert.deepEqual(r.body.collections, ['users']);
    assert.deepEqual(r.body.bindVars, ['name']);
    assert.equal(r.body.ast[0].type, 'root');
  });

  it('parses queries over collections that do not exist', async () => {
    const r = await post('/_api/query', { query: 'FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.collections, []);
    assert.deepEqual(r.body.bindVars, []);
    const r2 = await post('/_api/query', { query: 'FOR x IN missing RETURN x' });
    assert.deepEqual(r2.body.collections, ['missing']);
  });

  const PARSE_ERRORS: [string, unknown, number, unknown][] = [
    ['syntax error', { query: 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3' }, 400, err(400, 1501, "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26")],
    ['empty query', { query: '' }, 400, err(400, 1502, 'query is empty')],
    ['missing query', {}, 400, err(400, 10, "The attribute 'query' was not found.")],
    ['query not a string', { query: 1 }, 400, err(400, 10, "The attribute 'query' is not a string.")],
    ['body not an object', [1], 400, err(400, 400, 'expecting a JSON object as body')],
  ];
  for (const [name, body, status, expected] of PARSE_ERRORS) {
    it(`answers a parse request with ${name} as ArangoDB does`, async () => {
      const r = await post('/_api/query', body);
      assert.equal(r.status, status);
      assert.deepEqual(r.body, expected);
    });
  }

  it('rejects POST /_api/query/<anything> and unparseable bodies', async () => {
    assert.deepEqual(await post('/_api/query/x', { query: 'RETURN 1' }), { status: 400, body: err(400, 400, 'expecting POST /_api/query') });
    const r = await post('/_api/query', undefined, '{nope');
    assert.equal(r.status, 400);
    assert.equal(r.body.errorNum, 600);
  });

  it('explains a plan with nodes, rules, collections, variables, cost, warnings and stats', async () => {
    const r = await post('/_api/explain', { query: 'FOR u IN users FILTER u.age > @a RETURN u', bindVars: { a: 1 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.error, false);
    assert.equal(r.body.code, 200);
    // the FILTER is evaluated inside the scan (move-filters-into-enumerate): the node's `filter`
    assert.deepEqual(r.body.plan.nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'EnumerateCollectionNode', 'ReturnNode']);
    assert.equal(r.body.plan.nodes[1].filter.type, 'compare >');
    const kept = await post('/_api/explain', { query: 'FOR u IN users FILTER u.age > @a RETURN u', bindVars: { a: 1 }, options: { optimizer: { rules: ['-move-filters-into-enumerate'] } } });
    assert.deepEqual(kept.body.plan.nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    assert.ok(Array.isArray(r.body.plan.rules));
    assert.deepEqual(r.body.plan.collections, [{ name: 'users', type: 'read' }]);
    assert.equal(typeof r.body.plan.estimatedCost, 'number');
    assert.equal(r.body.cacheable, true);
    assert.deepEqual(r.body.warnings, []);
    assert.equal(r.body.stats.plansCreated, 1);
  });

  it('explains with allPlans as a plans array and reports folding warnings', async () => {
    const all = await post('/_api/explain', { query: 'RETURN 1', options: { allPlans: true } });
    assert.equal(all.status, 200);
    assert.equal(all.body.plans.length, 1);
    assert.equal('cacheable' in all.body, false);
    const w = await post('/_api/explain', { query: 'FOR i IN 1..10 RETURN 1 / 0' });
    assert.equal(w.body.cacheable, false);
    assert.deepEqual(w.body.warnings, [{ code: 1562, message: 'division by zero' }]);
  });

  it('times each optimizer rule in the explain stats with profile 2', async () => {
    const q = 'FOR x IN RANGE(1, 10) FILTER x > 2 RETURN x';
    const plain = await post('/_api/explain', { query: q });
    // below profile 2 an empty object, as ArangoDB's Optimizer::Stats prints it
    assert.deepEqual(plain.body.stats.rules, {});
    for (const profile of [1, true]) assert.deepEqual((await post('/_api/explain', { query: q, options: { profile } })).body.stats.rules, {});
    const r = await post('/_api/explain', { query: q, options: { profile: 2 } });
    assert.equal(r.status, 200);
    const rules = r.body.stats.rules as Record<string, number>;
    // every rule that ran, and only those: one plan, so as many as rulesExecuted
    assert.equal(Object.keys(rules).length, r.body.stats.rulesExecuted);
    for (const name of r.body.plan.rules) assert.ok(name in rules, name);
    for (const t of Object.values(rules)) assert.ok(typeof t === 'number' && t >= 0);
    const off = await post('/_api/explain', { query: q, options: { profile: 2, optimizer: { rules: ['-all'] } } });
    assert.ok(Object.keys(off.body.stats.rules).length < Object.keys(rules).length);
  });

  it('fails an explain whose folding warns under failOnWarning, as a run of the query fails', async () => {
    // ArangoDB's constant folding raises it in the AST optimization
    for (const [url, message] of [
      ['/_api/explain', 'division by zero (while optimizing ast)'],
      ['/_api/cursor', 'AQL: division by zero (while optimizing ast)'],
    ]) {
      const r = await post(url!, { query: 'FOR i IN 1..10 RETURN 1 / 0', options: { failOnWarning: true } });
      assert.deepEqual({ status: r.status, body: r.body }, { status: 400, body: err(400, 1562, message!) }, url);
    }
    // an expression that throws (not a warning) is left to fail when it runs: explain does not
    const t = await post('/_api/explain', { query: 'FOR i IN [] RETURN FAIL("no")', options: { failOnWarning: true } });
    assert.equal(t.status, 200);
  });

  const EXPLAIN_ERRORS: [string, string, unknown, number, unknown][] = [
    ['body not an object', '/_api/explain', [1], 400, err(400, 10, 'expected usage: AQL_EXPLAIN(<queryString>, <bindVars>, <options>)')],
    ['query not a string', '/_api/explain', { query: 5 }, 400, err(400, 10, 'expecting string for <queryString>')],
    ['bindVars not an object', '/_api/explain', { query: 'RETURN 1', bindVars: [] }, 400, err(400, 10, 'expecting object for <bindVars>')],
    ['options not an object', '/_api/explain', { query: 'RETURN 1', options: 'x' }, 400, err(400, 10, 'expecting object for <options>')],
    ['an extra path segment', '/_api/explain/x', { query: 'RETURN 1' }, 404, err(404, 404, 'not found')],
    ['a missing bind value', '/_api/explain', { query: 'FOR u IN users FILTER u._key == @id RETURN u' }, 400, err(400, 1551, "no value specified for declared bind parameter 'id' (while parsing)")],
    ['an unknown collection', '/_api/explain', { query: 'FOR u IN nope RETURN u' }, 404, err(404, 1203, 'collection or view not found: nope (while parsing)')],
  ];
  for (const [name, url, body, status, expected] of EXPLAIN_ERRORS) {
    it(`answers an explain request with ${name} as ArangoDB does`, async () => {
      const r = await post(url, body);
      assert.equal(r.status, status);
      assert.deepEqual(r.body, expected);
    });
  }

  it('answers an explain request with a syntax error with 400/1501', async () => {
    const r = await post('/_api/explain', { query: 'RETURN' });
    assert.equal(r.status, 400);
    assert.equal(r.body.errorNum, 1501);
    assert.match(r.body.errorMessage, /^syntax error, unexpected end of query string near 'RETURN' at position 1:1 \(while parsing\)$/);
  });
});
