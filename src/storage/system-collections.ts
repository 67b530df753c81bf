// The system collections every database holds, as ArangoDB 3.12 creates them on a single
// server (arangod/VocBase/Methods/UpgradeTasks.cpp, createSystemCollections and
// createSystemCollectionsIndices): document collections with isSystem true, ArangoDB's
// defaults otherwise (traditional keys, waitForSync false), in its creation order, with
// the indexes it adds. This file is the table only; the catalog creates them.
//
// What ArangoDB 3.12 creates, and what Cairn does with it:
//   _system only    _users                                  created, first (ArangoDB's
//                   order: it leads the _system collections), with its unique sparse
//                   index on `user`; the user store (src/users/store.ts) keeps every user
//                   but root there, in ArangoDB's document format. Data directories whose
//                   one-time start-up step (Catalog.addSystemCollections) ran before
//                   _users was in this table get it from Catalog.ensureSystemCollection
//                   at every start (idempotent), and the user store creates it again
//                   before a write when it is missing
//   every database  _graphs _analyzers _aqlfunctions _queues _jobs _apps _appbundles
//                   _frontend                               created, as ArangoDB
//   _system only    _statistics _statistics15 _statisticsRaw created, as ArangoDB: it
//                   creates them even with --server.statistics false, and then they stay
//                   empty, as Cairn's do (it collects no statistics)

export interface SystemIndex {
  fields: string[];
  unique: boolean;
  sparse: boolean;
}

export interface SystemCollection {
  name: string;
  /** Only in `_system` (ArangoDB's "_system database only collections"). */
  systemDbOnly: boolean;
  /** Persistent indexes (ArangoDB asks for hash/skiplist, aliases of persistent), no estimates. */
  indexes: SystemIndex[];
}

const TIME: SystemIndex[] = [{ fields: ['time'], unique: false, sparse: false }];

export const SYSTEM_COLLECTIONS: readonly SystemCollection[] = [
  { name: '_users', systemDbOnly: true, indexes: [{ fields: ['user'], unique: true, sparse: true }] },
  { name: '_statistics', systemDbOnly: true, indexes: TIME },
  { name: '_statistics15', systemDbOnly: true, indexes: TIME },
  { name: '_statisticsRaw', systemDbOnly: true, indexes: TIME },
  { name: '_graphs', systemDbOnly: false, indexes: [] },
  { name: '_analyzers', systemDbOnly: false, indexes: [] },
  { name: '_aqlfunctions', systemDbOnly: false, indexes: [] },
  { name: '_queues', systemDbOnly: false, indexes: [] },
  {
    name: '_jobs',
    systemDbOnly: false,
    indexes: [
      { fields: ['queue', 'status', 'delayUntil'], unique: false, sparse: false },
      { fields: ['status', 'queue', 'delayUntil'], unique: false, sparse: false },
    ],
  },
  { name: '_apps', systemDbOnly: false, indexes: [{ fields: ['mount'], unique: true, sparse: true }] },
  { name: '_appbundles', systemDbOnly: false, indexes: [] },
  { name: '_frontend', systemDbOnly: false, indexes: [] },
];

/** One system collection of the table by name (undefined for a name it does not hold). */
export function systemCollection(name: string): SystemCollection | undefined {
  return SYSTEM_COLLECTIONS.find((c) => c.name === name);
}

/** The system collections database `db` holds, in creation order. */
export function systemCollectionsOf(db: string): SystemCollection[] {
  return SYSTEM_COLLECTIONS.filter((c) => db === '_system' || !c.systemDbOnly);
}
