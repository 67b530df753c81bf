// Unit tests of src/analyzers/definitions.ts: normalization per type (ArangoDB's defaults
// and key order, idempotence), refused properties, features rules and names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN, NORMALIZERS, isValidAnalyzerName, normalizeAnalyzerName, normalizeProperties, validateFeatures } from '../../src/analyzers/definitions.js';
import { ArangoError } from '../../src/errors/arango-error.js';

const norm = (type: string, p?: Record<string, unknown>) => normalizeProperties('db::a', type, p);
const refused = (errorNum: number, message?: string) => (e: unknown) =>
  e instanceof ArangoError && e.errorNum === errorNum && (message === undefined || e.message === message);

describe('normalizeProperties', () => {
  it('fills in ArangoDB defaults in its key order', () => {
    assert.deepEqual(Object.entries(norm('text', { locale: 'en_US.UTF-8' })), Object.entries({ locale: 'en_US', case: 'lower', stopwords: [], accent: false, stemming: true }));
    assert.deepEqual(norm('norm', { locale: 'de.utf-8' }), { locale: 'de', case: 'none', accent: true });
    assert.deepEqual(Object.keys(norm('ngram', { min: 1, max: 2, preserveOriginal: true })), ['min', 'max', 'preserveOriginal', 'streamType', 'startMarker', 'endMarker']);
    assert.deepEqual(norm('segmentation'), { case: 'lower', break: 'alpha' });
    assert.deepEqual(norm('aql', { queryString: 'RETURN 1' }), { queryString: 'RETURN 1', collapsePositions: false, keepNull: true, batchSize: 10, memoryLimit: 1048576, returnType: 'string' });
    assert.deepEqual(norm('stopwords', { stopwords: ['a'] }), { stopwords: ['a'], hex: false });
    assert.deepEqual(norm('geojson'), { type: 'shape', options: { maxCells: 20, minLevel: 4, maxLevel: 23 }, legacy: false });
    assert.deepEqual(norm('geopoint'), { latitude: [], longitude: [], options: { maxCells: 20, minLevel: 4, maxLevel: 23 } });
    assert.deepEqual(norm('minhash', { analyzer: { type: 'delimiter', properties: { delimiter: ' ' } }, numHashes: 5 }), {
      analyzer: { type: 'delimiter', properties: { delimiter: ' ' } },
      numHashes: 5,
    });
    assert.deepEqual(norm('wildcard', { ngramSize: 3, analyzer: { type: 'norm', properties: { locale: 'en' } } }), {
      ngramSize: 3,
      analyzer: { type: 'norm', properties: { locale: 'en', case: 'none', accent: true } },
    });
    assert.deepEqual(norm('collation', { locale: 'sv' }), { locale: 'sv' });
  });
  it('is idempotent for every type (stored definitions compare that way)', () => {
    const samples: Record<string, Record<string, unknown>> = {
      identity: {}, delimiter: { delimiter: ',' }, multi_delimiter: { delimiters: [',', ';'] }, stem: { locale: 'en' },
      norm: { locale: 'en' }, ngram: { min: 1, max: 3, preserveOriginal: false }, text: { locale: 'en', edgeNgram: { min: 2 } },
      stopwords: { stopwords: [] }, segmentation: {}, collation: { locale: 'en' }, aql: { queryString: 'RETURN @param' },
      pipeline: { pipeline: [{ type: 'norm', properties: { locale: 'en' } }] }, wildcard: { ngramSize: 3 },
      minhash: { analyzer: { type: 'identity' }, numHashes: 2 }, geojson: {}, geopoint: {},
    };
    assert.deepEqual(Object.keys(samples).sort(), Object.keys(NORMALIZERS).sort());
    for (const [type, p] of Object.entries(samples)) {
      const once = norm(type, p);
      assert.deepEqual(norm(type, once), once, type);
    }
  });
  it('refuses bad properties with ArangoDB message', () => {
    assert.throws(
      () => norm('delimiter', { delimiter: 1 }),
      refused(10, `Failure initializing an arangosearch analyzer instance for name 'db::a' type 'delimiter'. Properties '{"delimiter":1}' was rejected by analyzer. Please check documentation for corresponding analyzer type.`),
    );
    assert.throws(
      () => norm('text'),
      refused(10, "Failure initializing an arangosearch analyzer instance for name 'db::a' type 'text'. Init without properties was rejected by analyzer. Please check documentation for corresponding analyzer type."),
    );
    for (const [type, p] of [
      ['ngram', { min: 0, max: 2, preserveOriginal: true }],
      ['norm', { locale: 'en', case: 'title' }],
      ['aql', { queryString: 'RETURN 1', batchSize: 0 }],
      ['pipeline', { pipeline: [] }],
      ['pipeline', { pipeline: [{ type: 'geojson' }] }],
      ['stopwords', { stopwords: ['zz'], hex: true }],
      ['wildcard', { ngramSize: 1 }],
      ['geopoint', { latitude: ['lat'] }],
      ['text', { locale: 'not a locale!' }],
    ] as const) {
      assert.throws(() => norm(type, p), refused(10), `${type} ${JSON.stringify(p)}`);
    }
  });
  it('answers unknown and enterprise-only types with 501 "Not implemented analyzer type"', () => {
    for (const t of ['classification', 'nearest_neighbors', 'geo_s2', 'nope']) {
      assert.throws(() => norm(t, {}), refused(9, `Not implemented analyzer type '${t}'.`));
    }
  });
});

describe('features, names, built-ins', () => {
  it('orders features and checks their dependencies', () => {
    assert.deepEqual(validateFeatures('text', ['norm', 'position', 'frequency', 'offset']), ['frequency', 'position', 'offset', 'norm']);
    assert.throws(() => validateFeatures('text', ['offset', 'frequency']), refused(10, "missing feature 'position' required when 'offset' feature is specified"));
    assert.throws(() => validateFeatures('text', ['position']), refused(10, "missing feature 'frequency' required when 'position' feature is specified"));
    assert.deepEqual(validateFeatures('identity', ['norm']), ['norm']);
    // geo analyzers take features (ArangoDB's docs save geojson with frequency, norm, position)
    assert.deepEqual(validateFeatures('geojson', ['frequency', 'norm', 'position']), ['frequency', 'position', 'norm']);
    assert.throws(() => validateFeatures('wildcard', ['frequency', 'norm']), refused(10, 'Unsupported index features are specified: 9'));
  });
  it('validates names and resolves prefixes', () => {
    assert.ok(isValidAnalyzerName('My-Analyzer_1'));
    for (const bad of ['', '1abc', '_x', 'a:b', 'a b', 'x'.repeat(255)]) assert.ok(!isValidAnalyzerName(bad), bad);
    assert.equal(normalizeAnalyzerName('text_en', 'db'), 'text_en');
    assert.equal(normalizeAnalyzerName('mine', 'db'), 'db::mine');
    assert.equal(normalizeAnalyzerName('::mine', 'db'), '_system::mine');
    assert.equal(normalizeAnalyzerName('other::mine', 'db'), 'other::mine');
  });
  it('has the 13 built-ins of ArangoDB 3.12', () => {
    assert.deepEqual(BUILT_IN.map((a) => a.name), ['identity', ...['de', 'en', 'es', 'fi', 'fr', 'it', 'nl', 'no', 'pt', 'ru', 'sv', 'zh'].map((l) => `text_${l}`)]);
  });
});
