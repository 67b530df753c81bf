// The graph model (src/storage/graph-model.ts), without storage: ArangoDB's parsing of
// edge definitions (sorted, deduplicated lists; its 1923/1941 errors), of a graph body
// and of a stored `_graphs` document, the stored format written back, and the changes the
// graph API makes (definitions added, replaced and removed, orphans).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import { GraphModel, parseEdgeDefinition, sameDefinition } from '../../src/storage/graph-model.js';

const fails = (fn: () => unknown, errorNum: number, message?: string) =>
  assert.throws(fn, (e: unknown) => e instanceof ArangoError && e.errorNum === errorNum && (message === undefined || e.message === message));

describe('graph model', () => {
  it('parses edge definitions as ArangoDB does: sorted, deduplicated, checked', () => {
    assert.deepEqual(parseEdgeDefinition({ collection: 'knows', from: ['b', 'a', 'b'], to: ['z', 'ä', 'y'] }), { collection: 'knows', from: ['a', 'b'], to: ['y', 'z', 'ä'] });
    fails(() => parseEdgeDefinition('knows'), 1923);
    fails(() => parseEdgeDefinition({ collection: 'knows', from: ['a'] }), 1941, "Attribute 'to' missing in edge definition!");
    fails(() => parseEdgeDefinition({ collection: 1, from: ['a'], to: ['b'] }), 1941, 'edge definition is not a string!');
    fails(() => parseEdgeDefinition({ collection: 'k', from: 'a', to: ['b'] }), 1941, "Edge definition 'from' is not an array!");
    fails(() => parseEdgeDefinition({ collection: 'k', from: ['a', 2], to: ['b'] }), 1941, "Edge definition 'from' does not only contain strings!");
    fails(() => parseEdgeDefinition({ collection: 'k', from: [], to: ['b'] }), 1923);
    assert.ok(sameDefinition(parseEdgeDefinition({ collection: 'k', from: ['a', 'b'], to: ['c'] }), parseEdgeDefinition({ collection: 'k', from: ['b', 'a'], to: ['c', 'c'] })));
    assert.ok(!sameDefinition(parseEdgeDefinition({ collection: 'k', from: ['a'], to: ['c'] }), parseEdgeDefinition({ collection: 'k', from: ['a'], to: ['d'] })));
  });

  it('reads a graph body and writes the stored format back', () => {
    const g = GraphModel.fromInput('social', {
      edgeDefinitions: [
        { collection: 'likes', from: ['people'], to: ['things'] },
        { collection: 'knows', from: ['people'], to: ['people'] },
      ],
      orphanCollections: ['lonely', 'people'],
    });
    // definitions in collection order; an orphan that a definition uses is left out
    assert.deepEqual(g.toStored(), {
      _key: 'social',
      edgeDefinitions: [
        { collection: 'knows', from: ['people'], to: ['people'] },
        { collection: 'likes', from: ['people'], to: ['things'] },
      ],
      orphanCollections: ['lonely'],
    });
    assert.deepEqual(g.vertexCollections(), ['lonely', 'people', 'things']);
    assert.deepEqual(GraphModel.fromStored(g.toStored()).toStored(), g.toStored());
    fails(() => GraphModel.fromInput('', {}), 1922);
    fails(() => GraphModel.fromInput('g', { edgeDefinitions: {} }), 1901);
    fails(() => GraphModel.fromInput('g', { edgeDefinitions: [{ collection: 'e', from: ['a'], to: ['b'] }, { collection: 'e', from: ['c'], to: ['d'] }] }), 1920);
    fails(() => GraphModel.fromInput('g', { orphanCollections: [1] }), 1943);
    fails(() => GraphModel.fromStored({ edgeDefinitions: [] }), 4);
  });

  it('changes definitions and orphans as the graph API does', () => {
    const g = GraphModel.fromInput('g', { edgeDefinitions: [{ collection: 'e', from: ['a'], to: ['b'] }] });
    g.addEdgeDefinition(parseEdgeDefinition({ collection: 'f', from: ['b'], to: ['c'] }));
    assert.deepEqual(g.edgeCollections(), ['e', 'f']);
    g.replaceEdgeDefinition(parseEdgeDefinition({ collection: 'e', from: ['x'], to: ['y'] }));
    assert.deepEqual(g.definition('e'), { collection: 'e', from: ['x'], to: ['y'] });
    assert.equal(g.removeEdgeDefinition('f'), true);
    assert.equal(g.removeEdgeDefinition('f'), false);
    assert.equal(g.addOrphan('o'), true);
    assert.ok(g.hasOrphan('o') && g.hasVertexCollection('o') && g.usesVertex('x') && !g.usesVertex('o'));
    assert.equal(g.removeOrphan('o'), true);
    // vertex collections no definition uses any more became orphans (ArangoDB keeps them in the graph)
    assert.deepEqual(g.toStored(), { _key: 'g', edgeDefinitions: [{ collection: 'e', from: ['x'], to: ['y'] }], orphanCollections: ['a', 'b', 'c'] });
  });
});
