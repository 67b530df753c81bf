// Access levels and how ArangoDB resolves them (arangod/Auth/User.cpp, 3.12): a user's
// grants per database (`*` the wildcard database) and per collection (`*` the wildcard
// collection of that database), the effective level of a database or a collection
// computed from them, grant and revoke with ArangoDB's refusals, and the `databases`
// attribute of a `_users` document. Pure functions over values; no storage, no I/O.
//
// Invariants:
//  1. Levels are ordered undefined < none < ro < rw; an effective level is never
//     `undefined` (it is at least `none`), a configured one may be.
//  2. A database grant entry may exist with level `undefined`: a collection grant in a
//     database without a database grant creates it (ArangoDB's grantCollection does).
//  3. Grants are values: the mutators return new Grants and never change their input.
import { ArangoError, ERR } from '../errors/arango-error.js';

export type Level = 'none' | 'ro' | 'rw';
/** A configured level: `undefined` when nothing is granted (ArangoDB's auth::Level::UNDEFINED). */
export type Configured = Level | 'undefined';

export interface DatabaseGrants {
  level: Configured;
  collections: ReadonlyMap<string, Configured>;
}

/** A user's grants by database name (`*` included). */
export type Grants = ReadonlyMap<string, DatabaseGrants>;

const RANK: Record<Configured, number> = { undefined: 0, none: 1, ro: 2, rw: 3 };

function max<T extends Configured>(a: T, b: T): T {
  return RANK[a] >= RANK[b] ? a : b;
}

/** At least `want`? */
export function allows(have: Level, want: Level): boolean {
  return RANK[have] >= RANK[want];
}

const SYSTEM_DB = '_system';

// ---- configured levels (GET .../database?full=true) -------------------------------

export function configuredDatabase(g: Grants, db: string): Configured {
  return g.get(db)?.level ?? 'undefined';
}

export function configuredCollection(g: Grants, db: string, col: string): Configured {
  return g.get(db)?.collections.get(col) ?? 'undefined';
}

// ---- effective levels ------------------------------------------------------------

/**
 * The database's level: its own grant, else the better of the `*` grant and (for a
 * database other than _system) the _system grant; `none` when nothing applies.
 */
export function databaseLevel(g: Grants, db: string): Level {
  let lvl = configuredDatabase(g, db);
  if (lvl === 'undefined' && db !== '*') {
    lvl = max(lvl, configuredDatabase(g, '*'));
    if (db !== SYSTEM_DB) lvl = max(lvl, configuredDatabase(g, SYSTEM_DB));
  }
  return max(lvl, 'none') as Level;
}

/** Fixed levels of system collections, whatever is granted (ArangoDB's ExecContext). */
function systemCollectionLevel(g: Grants, db: string, col: string): Level {
  if (db === SYSTEM_DB && col === '_users') return 'none';
  if (col === '_queues') return 'ro';
  if (col === '_frontend') return 'rw';
  return databaseLevel(g, db);
}

/**
 * The collection's level: its own grant; else the better of the database's `*`
 * collection grant, the database's level, the _system database's level and the `*`
 * database's level and `*` collection grant. System collections follow the database.
 */
export function collectionLevel(g: Grants, db: string, col: string): Level {
  if (col === '' || (db === '*' && col !== '*')) return 'none';
  if (col.startsWith('_')) return systemCollectionLevel(g, db, col);
  let lvl: Configured = 'none';
  if (db !== '*') {
    const own = g.get(db);
    if (own) {
      const exact = own.collections.get(col);
      if (exact !== undefined) return max(exact, 'none') as Level;
      if (col === '*') return 'none';
      lvl = own.level;
      const wildcard = own.collections.get('*');
      if (wildcard !== undefined) lvl = max(lvl, wildcard);
    }
    if (db !== SYSTEM_DB) lvl = max(lvl, configuredDatabase(g, SYSTEM_DB));
  }
  const star = g.get('*');
  if (star) {
    lvl = max(lvl, star.level);
    const wildcard = star.collections.get('*');
    if (wildcard !== undefined) lvl = max(lvl, wildcard);
  }
  return max(lvl, 'none') as Level;
}

// ---- grant and revoke -------------------------------------------------------------

const badParameter = (message: string) => ArangoError.withMessage(ERR.ERROR_BAD_PARAMETER, message);

/** A grant's body value as ArangoDB reads it: rw, ro, none (or empty). Throws 400/10. */
export function parseGrant(v: string): Level {
  if (v === 'rw' || v === 'ro' || v === 'none') return v;
  if (v === '') return 'none';
  throw badParameter("expecting access type 'rw', 'ro' or 'none'");
}

function withDatabase(g: Grants, db: string, entry: DatabaseGrants | undefined): Grants {
  const out = new Map(g);
  if (entry) out.set(db, entry);
  else out.delete(db);
  return out;
}

/** Sets the database's level; collection grants stay. */
export function grantDatabase(g: Grants, db: string, level: Level): Grants {
  if (db === '') throw badParameter('Cannot set rights for empty db name');
  return withDatabase(g, db, { level, collections: g.get(db)?.collections ?? new Map() });
}

/** Removes the database's entry, its collection grants with it. */
export function revokeDatabase(g: Grants, db: string): Grants {
  if (db === '') throw badParameter('Cannot remove rights for empty db name');
  return g.has(db) ? withDatabase(g, db, undefined) : g;
}

/**
 * Sets a collection's level; a database without an entry gets one of level `undefined`
 * (invariant 2). System collections and a collection of the `*` database are refused.
 */
export function grantCollection(g: Grants, db: string, col: string, level: Level): Grants {
  if (db === '' || col === '') throw badParameter('Cannot set rights for empty db / collection name');
  if (col.startsWith('_')) throw badParameter('Cannot set rights for system collections');
  if (db === '*' && col !== '*') throw badParameter('Invalid database / collection pair');
  const own = g.get(db);
  const collections = new Map(own?.collections ?? []);
  collections.set(col, level);
  return withDatabase(g, db, { level: own?.level ?? 'undefined', collections });
}

export function revokeCollection(g: Grants, db: string, col: string): Grants {
  if (db === '' || col === '') throw badParameter('Cannot set rights for empty db / collection name');
  const own = g.get(db);
  if (!own || !own.collections.has(col)) return g;
  const collections = new Map(own.collections);
  collections.delete(col);
  return withDatabase(g, db, { level: own.level, collections });
}

// ---- the `databases` attribute of a _users document --------------------------------

type Permissions = { read: boolean; write: boolean } | { undefined: true };

function permissions(l: Configured): Permissions {
  if (l === 'undefined') return { undefined: true };
  return { read: l !== 'none', write: l === 'rw' };
}

function fromPermissions(p: unknown): Configured {
  if (typeof p !== 'object' || p === null) return 'none';
  const o = p as Record<string, unknown>;
  if (o.write === true) return 'rw';
  if (o.read === true) return 'ro';
  if (o.undefined === true) return 'undefined';
  return 'none';
}

/** Grants as ArangoDB stores them: {db: {permissions: {read, write}, collections: {c: {permissions}}}}. */
export function grantsToDocument(g: Grants): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [db, entry] of g) {
    const collections: Record<string, unknown> = {};
    for (const [c, l] of entry.collections) collections[c] = { permissions: permissions(l) };
    out[db] = { permissions: permissions(entry.level), collections };
  }
  return out;
}

/** Grants from a stored `databases` attribute; ArangoDB's older form {db: "rw"} too. */
export function grantsFromDocument(v: unknown): Grants {
  const out = new Map<string, DatabaseGrants>();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [db, entry] of Object.entries(v as Record<string, unknown>)) {
    if (db === '') continue;
    if (typeof entry === 'string') {
      // deprecated: a level for the database and all its collections
      const l = entry.toLowerCase();
      if (l === 'rw' || l === 'ro') out.set(db, { level: l, collections: new Map([['*', l]]) });
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const collections = new Map<string, Configured>();
    if (typeof e.collections === 'object' && e.collections !== null) {
      for (const [c, ce] of Object.entries(e.collections as Record<string, unknown>)) {
        if (c === '' || c.startsWith('_') || (db === '*' && c !== '*')) continue;
        // ArangoDB's grantCollection refuses `undefined`: such an entry is dropped on load
        const l = fromPermissions((ce as Record<string, unknown> | null)?.permissions);
        if (l !== 'undefined') collections.set(c, l);
      }
    }
    out.set(db, { level: fromPermissions(e.permissions), collections });
  }
  return out;
}
