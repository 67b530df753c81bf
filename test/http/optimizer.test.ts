// The optimizer and profiling over HTTP: POST /_api/explain with indexes, rules and
// optimizer.rules; POST /_api/cursor with profile 1 and 2 (extra.profile, extra.stats.nodes,
// extra.plan) and index statistics, also for a streaming cursor's last batch.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, startServer, type TestServer } from '../helpers/server.js';

const PHASES = ['initializing', 'parsing', 'optimizing ast', 'loading collections', 'instantiating plan', 'optimizing plan', 'instantiating executors', 'executing', 'finalizing'];

describe('optimizer and profile over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.request({ method: 'POST', url: '/_api/collection', body: { name: 'items' } });
    const docs = Array.from({ length: 300 }, (_, i) => ({ _key: `k${i}`, n: i }));
    await s.request({ method: 'POST', url: '/_api/document/items', body: docs });
    const r = await s.request({ method: 'POST', url: '/_api/index?collection=items', body: { type: 'persistent', fields: ['n'], name: 'byN' } });
    assert.equal(r.statusCode, 201);
  });
  after(async () => {
    await s.close();
  });

  async function post(url: string, body: unknown) {
    const res = await s.request({ method: 'POST', url, body });
    return { status: res.statusCode, body: bodyOf(res) };
  }

  it('explains an IndexNode with the index as ArangoDB prints it, and the rules applied', async () => {
    const r = await post('/_api/explain', { query: 'FOR d IN items FILTER d.n == @n RETURN d', bindVars: { n: 7 } });
    assert.equal(r.status, 200);
    const ix = r.body.plan.nodes.find((n: { type: string }) => n.type === 'IndexNode');
    assert.equal(ix.indexes[0].name, 'byN');
    assert.equal(ix.indexes[0].type, 'persistent');
    assert.deepEqual(ix.indexes[0].fields, ['n']);
    assert.equal(ix.estimatedNrItems, 1);
    assert.ok(r.body.plan.rules.includes('use-indexes'));
    const off = await post('/_api/explain', { query: 'FOR d IN items FILTER d.n == 7 RETURN d', options: { optimizer: { rules: ['-all'] } } });
    assert.deepEqual(off.body.plan.rules, []);
    assert.ok(off.body.plan.nodes.some((n: { type: string }) => n.type === 'EnumerateCollectionNode'));
  });

  it('runs a cursor through the index (stats) and reports profile 2', async () => {
    const r = await post('/_api/cursor', { query: 'FOR d IN items FILTER d.n >= 10 && d.n < 15 RETURN d.n', options: { profile: 2 } });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.result, [10, 11, 12, 13, 14]);
    assert.equal(r.body.extra.stats.scannedIndex, 5);
    assert.equal(r.body.extra.stats.scannedFull, 0);
    assert.deepEqual(Object.keys(r.body.extra.profile), PHASES);
    assert.ok(Array.isArray(r.body.extra.stats.nodes));
    assert.ok(r.body.extra.plan.nodes.some((n: { type: string }) => n.type === 'IndexNode'));
  });

  it('reports profile 1 on the last batch of a streaming cursor only', async () => {
    const first = await post('/_api/cursor', { query: 'FOR d IN items SORT d.n RETURN d.n', batchSize: 200, options: { profile: 1, stream: true } });
    assert.equal(first.status, 201);
    assert.equal(first.body.hasMore, true);
    const next = await s.request({ method: 'POST', url: `/_api/cursor/${first.body.id}` });
    const body = bodyOf(next);
    assert.equal(body.hasMore, false);
    assert.deepEqual(Object.keys(body.extra.profile), PHASES);
    assert.equal(body.extra.stats.nodes, undefined);
    assert.equal(body.extra.stats.scannedIndex, 300);
  });
});

describe('GET /_api/query/rules', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.close();
  });

  it('lists the optimizer rules with their descriptions and flags, in the order they run', async () => {
    const res = await s.request({ method: 'GET', url: '/_api/query/rules' });
    assert.equal(res.statusCode, 200);
    const rules = bodyOf(res) as { name: string; description: string; flags: Record<string, boolean> }[];
    assert.ok(Array.isArray(rules));
    const names = rules.map((r) => r.name);
    assert.ok(names.indexOf('use-indexes') > names.indexOf('move-filters-up'));
    for (const r of rules) {
      assert.deepEqual(Object.keys(r), ['name', 'description', 'flags']);
      assert.ok(r.description.length > 10, r.name);
      assert.deepEqual(Object.keys(r.flags), ['hidden', 'clusterOnly', 'canBeDisabled', 'canCreateAdditionalPlans', 'disabledByDefault', 'enterpriseOnly']);
    }
    const byName = new Map(rules.map((r) => [r.name, r]));
    assert.equal(byName.get('splice-subqueries')!.flags.canBeDisabled, false);
    assert.equal(byName.get('interchange-adjacent-enumerations')!.flags.canCreateAdditionalPlans, true);
    // every rule listed can be named in a query's optimizer.rules and shows up when it applies
    const explain = await s.request({ method: 'POST', url: '/_api/explain', body: { query: 'FOR i IN 1..10 FILTER i > 3 && 1 == 1 RETURN i' } });
    for (const applied of (bodyOf(explain) as { plan: { rules: string[] } }).plan.rules) assert.ok(byName.has(applied), applied);
  });
});
