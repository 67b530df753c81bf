// The users of a Cairn (ArangoDB's auth::UserManager, single server): every user but root
// is a document of `_system`'s `_users` collection in ArangoDB's format, mirrored here in
// memory; root is defined by --root-password and fixed. Answers who exists, passwords
// (async), effective access levels, and performs the changes the user API asks for.
// Also keeps the data directory's JWT secret.
//
// Invariants:
//  1. `_users` is the only record of users. The mirror is reloaded whenever the
//     collection's version (id, data id, Engine.docsWrittenAt) differs from the one it
//     was loaded at, so a write through any path (this store, the document API with
//     --auth false, a drop) is seen by the next question; sync() does that check.
//  2. Changes run one at a time (a promise chain) and each re-reads the mirror inside
//     it, so two concurrent changes of one user never lose either.
//  3. Listeners hear every user whose password, active flag or existence changed, once
//     the mirror holds the change (callers drop cached credentials there).
//  4. root is never stored, never changed (403/11) and always has rw on every database
//     and collection except those ArangoDB fixes (levels.ts); a stored document named
//     root is ignored.
//
// Document (ArangoDB's auth::User::toVPackBuilder): {user, source: "LOCAL", authData:
// {active, simple: {hash, salt, method[, N, r, p]}}, databases: {...}, userData,
// configData}; the API calls userData `extra`.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Storage } from '../storage/storage.js';
import { isPlainObject, type Doc } from '../storage/documents.js';
import { collectionLevel, databaseLevel, grantsFromDocument, grantsToDocument, type Grants, type Level } from './levels.js';
import { hashPassword, SCRYPT_DEFAULTS, verifyPassword, type PasswordHash } from './password.js';

export const USERS = '_users';
const SYSTEM = '_system';
export const ROOT = 'root';

export interface UserRecord {
  readonly user: string;
  /** The document's _key ('' for root). */
  readonly key: string;
  readonly active: boolean;
  /** undefined for root (its password is --root-password). */
  readonly password: PasswordHash | undefined;
  readonly grants: Grants;
  /** The API's `extra` (the document's userData). */
  readonly extra: Record<string, unknown>;
  /** The web interface's settings (configData), if any. */
  readonly config: Record<string, unknown> | undefined;
}

/** What POST and PUT /_api/user set: the rest of the user is new (no grants). */
export interface UserInput {
  passwd: string;
  active: boolean;
  extra: Record<string, unknown> | undefined;
}

const RW_EVERYWHERE = { level: 'rw' as const, collections: new Map([['*', 'rw' as const]]) };

const ROOT_RECORD: UserRecord = {
  user: ROOT,
  key: '',
  active: true,
  password: undefined,
  // as ArangoDB's createRootUser grants them
  grants: new Map([
    [SYSTEM, RW_EVERYWHERE],
    ['*', RW_EVERYWHERE],
  ]),
  extra: {},
  config: undefined,
};

/** 403/11: Cairn's root is defined by the command line (invariant 4). */
function rootIsFixed(): ArangoError {
  return ArangoError.withMessage(ERR.ERROR_FORBIDDEN, "user 'root' is defined by --root-password and cannot be changed");
}

function notFound(): ArangoError {
  return new ArangoError(ERR.ERROR_USER_NOT_FOUND);
}

/** A user of a stored document, or undefined for one ArangoDB would not load either. */
function fromDocument(doc: Doc): UserRecord | undefined {
  const { user, authData } = doc;
  if (typeof user !== 'string' || user === '' || !isPlainObject(authData) || doc.source === 'LDAP') return undefined;
  const simple = authData.simple;
  if (!isPlainObject(simple) || typeof authData.active !== 'boolean') return undefined;
  const { method, salt, hash } = simple;
  if (typeof method !== 'string' || typeof salt !== 'string' || typeof hash !== 'string') return undefined;
  const password: PasswordHash = { method, salt, hash };
  for (const k of ['N', 'r', 'p'] as const) if (typeof simple[k] === 'number') password[k] = simple[k];
  const extra = isPlainObject(doc.userData) ? doc.userData : {};
  const config = isPlainObject(doc.configData) && Object.keys(doc.configData).length > 0 ? doc.configData : undefined;
  return { user, key: doc._key as string, active: authData.active, password, grants: grantsFromDocument(doc.databases), extra, config };
}

function toDocument(u: UserRecord): Doc {
  const doc: Doc = {
    user: u.user,
    source: 'LOCAL',
    authData: { active: u.active, simple: { ...u.password } },
    databases: grantsToDocument(u.grants),
  };
  if (Object.keys(u.extra).length > 0) doc.userData = u.extra;
  if (u.config) doc.configData = u.config;
  return doc;
}

/** A credential's fingerprint: what changes it invalidates cached logins (invariant 3). */
function credentials(u: UserRecord): string {
  return `${u.active}:${u.password?.method}:${u.password?.salt}:${u.password?.hash}`;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export class UserStore {
  /** scrypt's cost for new passwords; tests lower it (the cost is stored with each hash). */
  scryptCost: { N: number; r: number; p: number } = SCRYPT_DEFAULTS;
  private users = new Map<string, UserRecord>();
  /** The `_users` version the mirror was loaded at (invariant 1): id, data id, write epoch; -1 for none. */
  private version = { id: NaN, dataId: NaN, epoch: NaN };
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(user: string) => void>();
  private secret: Buffer | undefined;
  private readonly rootDigest: Buffer;

  constructor(
    private readonly storage: Storage,
    rootPassword: string,
    /** The JWT secret from --jwt-secret-keyfile; undefined: the data directory's own. */
    private readonly givenSecret?: Buffer,
  ) {
    this.rootDigest = sha256(rootPassword);
  }

  /**
   * Creates `_users` when missing and, unless a secret was given, the JWT secret on the
   * data directory's first use (32 random bytes in the `meta` store); loads the users.
   * Idempotent.
   */
  async open(): Promise<void> {
    await this.storage.catalog.ensureSystemCollection(SYSTEM, USERS);
    this.secret = this.givenSecret ?? (await this.storedSecret());
    this.sync();
  }

  /** The data directory's own secret, made on its first use. */
  private async storedSecret(): Promise<Buffer> {
    const engine = this.storage.engine;
    let hex = engine.get('meta', ['jwtSecret']) as string | undefined;
    if (typeof hex !== 'string') {
      const fresh = randomBytes(32).toString('hex');
      hex = await engine.write((tx) => {
        const had = tx.get('meta', ['jwtSecret']) as string | undefined;
        if (typeof had === 'string') return had;
        tx.put('meta', ['jwtSecret'], fresh);
        return fresh;
      });
    }
    return Buffer.from(hex, 'hex');
  }

  /** The HS256 secret of tokens (open() first). */
  get jwtSecret(): Buffer {
    if (!this.secret) throw new Error('UserStore: open() was not called');
    return this.secret;
  }

  /** Hears users whose password, active flag or existence changed (invariant 3); returns the unsubscribe. */
  onCredentialsChange(listener: (user: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reading -------------------------------------------------------------------

  /** Reloads the mirror if `_users` changed since it was loaded (invariant 1). */
  sync(): void {
    // numbers, not a string: this runs on every request's authentication
    const col = this.storage.catalog.collection(SYSTEM, USERS);
    const v = this.version;
    const id = col ? col.id : -1;
    const dataId = col ? col.dataId : -1;
    const epoch = col ? this.storage.engine.docsWrittenAt(col.dataId) : -1;
    if (id === v.id && dataId === v.dataId && epoch === v.epoch) return;
    const version = { id, dataId, epoch };
    const next = new Map<string, UserRecord>();
    if (col) {
      for (const doc of this.storage.documents.scan(col)) {
        const u = fromDocument(doc);
        if (u && u.user !== ROOT && !next.has(u.user)) next.set(u.user, u);
      }
    }
    const before = this.users;
    this.users = next;
    this.version = version;
    for (const [name, old] of before) {
      const now = next.get(name);
      if (!now || credentials(now) !== credentials(old)) for (const l of this.listeners) l(name);
    }
  }

  get(name: string): UserRecord | undefined {
    if (name === ROOT) return ROOT_RECORD;
    this.sync();
    return this.users.get(name);
  }

  /** root first, then the stored users in `_users` order. */
  list(): UserRecord[] {
    this.sync();
    return [ROOT_RECORD, ...this.users.values()];
  }

  /** Whether `name` is an active user with this password (root: --root-password). */
  async checkPassword(name: string, password: string): Promise<boolean> {
    if (name === ROOT) return timingSafeEqual(sha256(password), this.rootDigest);
    const u = this.get(name);
    if (!u || !u.active || !u.password) return false;
    return verifyPassword(u.password, password);
  }

  /** root's check, synchronous (it needs no slow hash). */
  checkRootPassword(password: string): boolean {
    return timingSafeEqual(sha256(password), this.rootDigest);
  }

  /**
   * The server's read-only mode (PUT /_admin/server/mode): every effective level is at
   * most `ro`, as ArangoDB's UserManager caps them, while the configured levels (what
   * `configured` asks for, and who counts as an admin) stay. In memory only: a restart
   * starts in the default mode, as a single ArangoDB server does.
   */
  readOnly = false;

  /** The effective level of the database for the user (`none` for an unknown user); `configured`: as granted, whatever the mode. */
  databaseLevel(name: string, db: string, configured = false): Level {
    if (name === ROOT) return this.capped('rw', configured);
    const u = this.get(name);
    return u ? this.capped(databaseLevel(u.grants, db), configured) : 'none';
  }

  /** The effective level of the collection (a name, not an id) for the user; `configured` as for databaseLevel. */
  collectionLevel(name: string, db: string, col: string, configured = false): Level {
    // root's shortcut: the fixed system collection levels, rw everywhere else
    if (name === ROOT && !col.startsWith('_')) return this.capped('rw', configured);
    const u = this.get(name);
    return u ? this.capped(collectionLevel(u.grants, db, col), configured) : 'none';
  }

  /** `level`, at most `ro` in read-only mode unless the configured level is asked for. */
  capped(level: Level, configured = false): Level {
    return level === 'rw' && this.readOnly && !configured ? 'ro' : level;
  }

  // ---- changing --------------------------------------------------------------------

  /** Runs `fn` after every change before it (invariant 2). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Writes `u` (insert when it has no key yet) and returns it as stored. */
  private async store(u: UserRecord): Promise<UserRecord> {
    await this.storage.catalog.ensureSystemCollection(SYSTEM, USERS);
    const op = u.key === '' ? 'insert' : 'replace';
    const item = u.key === '' ? { body: toDocument(u) } : { key: u.key, body: toDocument(u) };
    const res = await this.storage.documents.apply(SYSTEM, USERS, op, [item], {});
    const r = res.results[0]!;
    if (!r.ok) throw r.error;
    this.sync();
    return this.users.get(u.user) ?? { ...u, key: r.value._key as string };
  }

  private existing(name: string): UserRecord {
    if (name === ROOT) throw rootIsFixed();
    const u = this.get(name);
    if (!u) throw notFound();
    return u;
  }

  /** POST /_api/user: 400/1700 for an empty name, 409/1702 for a taken one. */
  async create(name: string, input: UserInput): Promise<UserRecord> {
    if (name === '') throw new ArangoError(ERR.ERROR_USER_INVALID_NAME);
    if (this.get(name)) throw new ArangoError(ERR.ERROR_USER_DUPLICATE);
    const password = await hashPassword(input.passwd, this.scryptCost);
    return this.exclusive(async () => {
      if (this.get(name)) throw new ArangoError(ERR.ERROR_USER_DUPLICATE);
      return this.store({ user: name, key: '', active: input.active, password, grants: new Map(), extra: input.extra ?? {}, config: undefined });
    });
  }

  /** PUT /_api/user/<name>: a new user under the old key, as ArangoDB replaces (grants reset). */
  async replace(name: string, input: UserInput): Promise<UserRecord> {
    this.existing(name);
    const password = await hashPassword(input.passwd, this.scryptCost);
    return this.exclusive(async () => {
      const old = this.existing(name);
      return this.store({ user: name, key: old.key, active: input.active, password, grants: new Map(), extra: input.extra ?? {}, config: undefined });
    });
  }

  /** PATCH /_api/user/<name>: what is given changes; `extra` is merged into the old one. */
  async update(name: string, patch: { passwd?: string; active?: boolean; extra?: Record<string, unknown> }): Promise<UserRecord> {
    this.existing(name);
    const password = patch.passwd === undefined ? undefined : await hashPassword(patch.passwd, this.scryptCost);
    return this.exclusive(async () => {
      const old = this.existing(name);
      return this.store({
        ...old,
        password: password ?? old.password,
        active: patch.active ?? old.active,
        extra: patch.extra ? mergeObjects(old.extra, patch.extra) : old.extra,
      });
    });
  }

  /** DELETE /_api/user/<name>. */
  remove(name: string): Promise<void> {
    this.existing(name);
    return this.exclusive(async () => {
      const old = this.existing(name);
      const res = await this.storage.documents.apply(SYSTEM, USERS, 'remove', [{ key: old.key }], {});
      const r = res.results[0]!;
      if (!r.ok && r.error.errorNum !== ERR.ERROR_ARANGO_DOCUMENT_NOT_FOUND.errorNum) throw r.error;
      this.sync();
    });
  }

  /** Changes one user's grants (`change` may throw ArangoDB's refusals). */
  changeGrants(name: string, change: (g: Grants) => Grants): Promise<void> {
    this.existing(name);
    return this.exclusive(async () => {
      const old = this.existing(name);
      await this.store({ ...old, grants: change(old.grants) });
    });
  }

  /** Changes one user's web interface settings (undefined: none). */
  changeConfig(name: string, change: (c: Record<string, unknown> | undefined) => Record<string, unknown> | undefined): Promise<void> {
    this.existing(name);
    return this.exclusive(async () => {
      const old = this.existing(name);
      const config = change(old.config);
      await this.store({ ...old, config: config && Object.keys(config).length > 0 ? config : undefined });
    });
  }

  /**
   * Changes the grants of every stored user (a dropped database or collection takes its
   * grants along, as ArangoDB's enumerateUsers does); users it leaves alone are not written.
   */
  changeAllGrants(change: (g: Grants) => Grants): Promise<void> {
    return this.exclusive(async () => {
      this.sync();
      for (const old of [...this.users.values()]) {
        const grants = change(old.grants);
        if (grants !== old.grants) await this.store({ ...old, grants });
      }
    });
  }
}

/** VelocyPack's Collection::merge with mergeValues: objects merged deeply, the rest replaced. */
export function mergeObjects(left: Record<string, unknown>, right: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...left };
  for (const [k, v] of Object.entries(right)) {
    const l = out[k];
    out[k] = isPlainObject(l) && isPlainObject(v) ? mergeObjects(l, v) : v;
  }
  return out;
}
