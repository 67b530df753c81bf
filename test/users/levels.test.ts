// Access levels resolve as ArangoDB 3.12's auth::User does (src/users/levels.ts): a
// database's own grant, else the better of `*` and _system; a collection's own grant,
// else the better of its database's `*` collection grant, its database, _system and the
// `*` database with its `*` collection grant; fixed levels for system collections; and
// the stored `databases` format in both directions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectionLevel,
  configuredCollection,
  configuredDatabase,
  databaseLevel,
  grantCollection,
  grantDatabase,
  grantsFromDocument,
  grantsToDocument,
  parseGrant,
  revokeCollection,
  revokeDatabase,
  type Grants,
  type Level,
} from '../../src/users/levels.js';
import { ArangoError } from '../../src/errors/arango-error.js';

type Step = ['db', string, Level] | ['col', string, string, Level];

function grants(...steps: Step[]): Grants {
  let g: Grants = new Map();
  for (const s of steps) g = s[0] === 'db' ? grantDatabase(g, s[1], s[2]) : grantCollection(g, s[1], s[2], s[3]);
  return g;
}

describe('access levels', () => {
  const DATABASE_CASES: { id: string; g: Grants; db: string; level: Level }[] = [
    { id: 'db-1 nothing granted', g: grants(), db: 'shop', level: 'none' },
    { id: 'db-2 own grant', g: grants(['db', 'shop', 'ro']), db: 'shop', level: 'ro' },
    { id: 'db-3 wildcard', g: grants(['db', '*', 'ro']), db: 'shop', level: 'ro' },
    { id: 'db-4 own grant wins over a better wildcard', g: grants(['db', '*', 'rw'], ['db', 'shop', 'none']), db: 'shop', level: 'none' },
    { id: 'db-5 _system counts for other databases', g: grants(['db', '_system', 'rw']), db: 'shop', level: 'rw' },
    { id: 'db-6 the better of * and _system', g: grants(['db', '_system', 'ro'], ['db', '*', 'rw']), db: 'shop', level: 'rw' },
    { id: 'db-7 _system falls back to * only', g: grants(['db', '*', 'ro']), db: '_system', level: 'ro' },
    { id: 'db-8 a collection grant alone leaves the database undefined: none', g: grants(['col', 'shop', 'c', 'rw']), db: 'shop', level: 'none' },
    { id: 'db-9 * asks for the * grant only', g: grants(['db', '_system', 'rw']), db: '*', level: 'none' },
  ];
  for (const c of DATABASE_CASES) {
    it(`${c.id}: ${c.level}`, () => assert.equal(databaseLevel(c.g, c.db), c.level));
  }

  const COLLECTION_CASES: { id: string; g: Grants; db: string; col: string; level: Level }[] = [
    { id: 'col-1 nothing granted', g: grants(), db: 'shop', col: 'c', level: 'none' },
    { id: 'col-2 own grant', g: grants(['db', 'shop', 'rw'], ['col', 'shop', 'c', 'ro']), db: 'shop', col: 'c', level: 'ro' },
    { id: 'col-3 own grant wins over everything', g: grants(['db', '*', 'rw'], ['col', '*', '*', 'rw'], ['col', 'shop', 'c', 'none']), db: 'shop', col: 'c', level: 'none' },
    { id: 'col-4 the database level', g: grants(['db', 'shop', 'ro']), db: 'shop', col: 'c', level: 'ro' },
    { id: "col-5 the database's * collection grant, if better", g: grants(['db', 'shop', 'ro'], ['col', 'shop', '*', 'rw']), db: 'shop', col: 'c', level: 'rw' },
    { id: "col-6 the database level, if better than its *", g: grants(['db', 'shop', 'rw'], ['col', 'shop', '*', 'none']), db: 'shop', col: 'c', level: 'rw' },
    { id: 'col-7 _system database level', g: grants(['db', '_system', 'ro']), db: 'shop', col: 'c', level: 'ro' },
    { id: 'col-8 * database level', g: grants(['db', '*', 'ro']), db: 'shop', col: 'c', level: 'ro' },
    { id: 'col-9 * database * collection grant', g: grants(['db', '*', 'none'], ['col', '*', '*', 'rw']), db: 'shop', col: 'c', level: 'rw' },
    { id: 'col-10 asking for * with a database entry: its * grant or none', g: grants(['db', 'shop', 'rw']), db: 'shop', col: '*', level: 'none' },
    { id: 'col-11 a collection of the * database', g: grants(['db', '*', 'rw']), db: '*', col: 'c', level: 'none' },
    { id: 'col-12 _users in _system: none, whatever is granted', g: grants(['db', '_system', 'rw']), db: '_system', col: '_users', level: 'none' },
    { id: 'col-13 _queues: ro', g: grants(['db', 'shop', 'rw']), db: 'shop', col: '_queues', level: 'ro' },
    { id: 'col-14 _frontend: rw', g: grants(), db: 'shop', col: '_frontend', level: 'rw' },
    { id: 'col-15 other system collections follow the database', g: grants(['db', 'shop', 'ro'], ['col', 'shop', '*', 'rw']), db: 'shop', col: '_graphs', level: 'ro' },
    { id: 'col-16 _users outside _system follows the database', g: grants(['db', 'shop', 'rw']), db: 'shop', col: '_users', level: 'rw' },
  ];
  for (const c of COLLECTION_CASES) {
    it(`${c.id}: ${c.level}`, () => assert.equal(collectionLevel(c.g, c.db, c.col), c.level));
  }

  it('reports configured levels, undefined where nothing is granted', () => {
    const g = grants(['col', 'shop', 'c', 'ro']);
    assert.equal(configuredDatabase(g, 'shop'), 'undefined');
    assert.equal(configuredCollection(g, 'shop', 'c'), 'ro');
    assert.equal(configuredCollection(g, 'shop', '*'), 'undefined');
    assert.equal(configuredDatabase(grantDatabase(g, 'shop', 'none'), 'shop'), 'none');
  });

  it('revokes a database with its collection grants, a collection alone, and leaves its input alone', () => {
    const g = grants(['db', 'shop', 'rw'], ['col', 'shop', 'c', 'ro'], ['col', 'shop', 'd', 'rw']);
    const r = revokeCollection(g, 'shop', 'c');
    assert.equal(configuredCollection(r, 'shop', 'c'), 'undefined');
    assert.equal(configuredCollection(r, 'shop', 'd'), 'rw');
    assert.equal(configuredCollection(g, 'shop', 'c'), 'ro', 'the input is unchanged');
    const d = revokeDatabase(g, 'shop');
    assert.equal(configuredDatabase(d, 'shop'), 'undefined');
    assert.equal(configuredCollection(d, 'shop', 'd'), 'undefined');
    assert.equal(revokeDatabase(d, 'shop'), d, 'nothing to revoke: the same grants');
  });

  const REFUSALS = [
    { id: 'ref-1', run: () => parseGrant('write'), message: "expecting access type 'rw', 'ro' or 'none'" },
    { id: 'ref-2', run: () => grantCollection(new Map(), 'shop', '_graphs', 'rw'), message: 'Cannot set rights for system collections' },
    { id: 'ref-3', run: () => grantCollection(new Map(), '*', 'c', 'rw'), message: 'Invalid database / collection pair' },
  ];
  for (const c of REFUSALS) {
    it(`${c.id}: refuses with 10 ${c.message}`, () => {
      assert.throws(c.run, (e: unknown) => e instanceof ArangoError && e.errorNum === 10 && e.status === 400 && e.message === c.message);
    });
  }

  it("reads an empty grant as none, as ArangoDB's convertToAuthLevel", () => assert.equal(parseGrant(''), 'none'));

  it('stores grants in ArangoDB\'s `databases` format and reads them back', () => {
    const g = grants(['db', 'shop', 'rw'], ['col', 'shop', 'c', 'ro'], ['col', 'other', 'x', 'none']);
    const doc = grantsToDocument(g);
    assert.deepEqual(doc, {
      shop: { permissions: { read: true, write: true }, collections: { c: { permissions: { read: true, write: false } } } },
      other: { permissions: { undefined: true }, collections: { x: { permissions: { read: false, write: false } } } },
    });
    assert.deepEqual(grantsToDocument(grantsFromDocument(JSON.parse(JSON.stringify(doc)))), doc);
  });

  it('reads the older {db: "rw"} form as the database and all its collections', () => {
    const g = grantsFromDocument({ shop: 'rw', old: 'RO', junk: 'x' });
    assert.equal(databaseLevel(g, 'shop'), 'rw');
    assert.equal(configuredCollection(g, 'shop', '*'), 'rw');
    assert.equal(collectionLevel(g, 'old', 'c'), 'ro');
    assert.equal(configuredDatabase(g, 'junk'), 'undefined');
  });
});
