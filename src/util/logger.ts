// Cairn's operator log, as ArangoDB's logger: every line has a topic and a level; a line
// is written (to stderr) when its level is at or above its topic's level, and a written
// line at or above --log-in-memory-level is kept in a bounded ring buffer for
// GET /_admin/log/entries. Topic levels change at run time (PUT /_admin/log/level).
// Owns no I/O but the sink it is given; never throws on a log call.
//
// Invariants:
//   1. The buffer holds at most `capacity` entries, oldest dropped first; ids grow by one
//      per kept entry from 1 and are never reused (clear() keeps counting).
//   2. Every topic of TOPICS has a level at all times; reset() restores the start levels.

/** ArangoDB's levels, most severe first; the index + 1 is ArangoDB's LogLevel number. */
export const LEVELS = ['FATAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'TRACE'] as const;
export type Level = (typeof LEVELS)[number];

/** ArangoDB 3.12's log topics and their default levels (LogTopic.cpp). */
export const TOPICS: Readonly<Record<string, Level>> = {
  agency: 'INFO',
  agencycomm: 'INFO',
  agencystore: 'WARNING',
  aql: 'INFO',
  arangosearch: 'INFO',
  authentication: 'WARNING',
  authorization: 'INFO',
  backup: 'INFO',
  bench: 'INFO',
  cache: 'INFO',
  cluster: 'INFO',
  communication: 'INFO',
  config: 'INFO',
  crash: 'INFO',
  deprecation: 'INFO',
  development: 'FATAL',
  dump: 'INFO',
  engines: 'INFO',
  flush: 'INFO',
  general: 'INFO',
  graphs: 'INFO',
  heartbeat: 'INFO',
  httpclient: 'WARNING',
  libiresearch: 'INFO',
  license: 'INFO',
  maintenance: 'WARNING',
  memory: 'INFO',
  queries: 'INFO',
  replication: 'INFO',
  replication2: 'WARNING',
  'rep-state': 'INFO',
  'rep-wal': 'INFO',
  requests: 'FATAL',
  restore: 'INFO',
  rocksdb: 'WARNING',
  security: 'INFO',
  ssl: 'WARNING',
  startup: 'INFO',
  statistics: 'INFO',
  supervision: 'INFO',
  syscall: 'INFO',
  threads: 'WARNING',
  trx: 'WARNING',
  ttl: 'WARNING',
  v8: 'WARNING',
  validation: 'INFO',
  views: 'FATAL',
};

/** The structured parameters a log line may carry (ArangoDB's --log.structured-param). */
export const STRUCTURED_PARAMS = ['database', 'username', 'url'] as const;
export type StructuredParam = (typeof STRUCTURED_PARAMS)[number];

/** ArangoDB's LogBufferFeature keeps this many entries. */
export const RING_BUFFER_SIZE = 2048;

export interface LogEntry {
  id: number;
  topic: string;
  level: Level;
  /** Milliseconds since the epoch. */
  time: number;
  message: string;
}

export interface LoggerOptions {
  /** Start level per topic (topics not named keep ArangoDB's default). */
  levels?: Partial<Record<string, Level>>;
  /** Keep written lines in memory (--log-in-memory). */
  inMemory: boolean;
  /** Least severe level kept in memory (--log-in-memory-level). */
  inMemoryLevel: Level;
  capacity?: number;
  /** Where a written line goes; stderr by default. */
  sink?: (line: string) => void;
  now?: () => number;
}

const rank = (l: Level): number => LEVELS.indexOf(l);

/** A level name as ArangoDB's Logger::translateLogLevel accepts it (any case; warn, err, default); undefined if none. */
export function parseLevel(text: string): Level | undefined {
  const t = text.trim().toUpperCase();
  if (t === 'WARN') return 'WARNING';
  if (t === 'ERR') return 'ERROR';
  if (t === 'DEFAULT') return 'INFO';
  return (LEVELS as readonly string[]).includes(t) ? (t as Level) : undefined;
}

export class Logger {
  private readonly levels = new Map<string, Level>();
  private readonly startLevels: Record<string, Level>;
  private readonly ring: LogEntry[] = [];
  private head = 0;
  private nextId = 1;
  private readonly capacity: number;
  private readonly sink: (line: string) => void;
  private readonly now: () => number;
  readonly structured = new Set<StructuredParam>();

  constructor(private readonly opts: LoggerOptions) {
    this.startLevels = { ...TOPICS } as Record<string, Level>;
    for (const [t, l] of Object.entries(opts.levels ?? {})) if (l) this.startLevels[t] = l;
    this.capacity = opts.capacity ?? RING_BUFFER_SIZE;
    this.sink = opts.sink ?? ((line) => process.stderr.write(line + '\n'));
    this.now = opts.now ?? Date.now;
    this.reset();
  }

  /** Topic -> level, in name order (GET /_admin/log/level). */
  topicLevels(): Record<string, Level> {
    const out: Record<string, Level> = {};
    for (const t of [...this.levels.keys()].sort()) out[t] = this.levels.get(t)!;
    return out;
  }

  hasTopic(topic: string): boolean {
    return this.levels.has(topic);
  }

  /** Sets one topic's level; `all` sets every topic. False for an unknown topic. */
  setLevel(topic: string, level: Level): boolean {
    if (topic === 'all') {
      for (const t of this.levels.keys()) this.levels.set(t, level);
      return true;
    }
    if (!this.levels.has(topic)) return false;
    this.levels.set(topic, level);
    return true;
  }

  /** Back to the levels the server started with. */
  reset(): void {
    this.levels.clear();
    for (const [t, l] of Object.entries(this.startLevels)) this.levels.set(t, l);
  }

  /** Whether a line of `level` on `topic` is written now. */
  enabled(topic: string, level: Level): boolean {
    const l = this.levels.get(topic) ?? this.levels.get('general')!;
    return rank(level) <= rank(l);
  }

  /** Writes `message` if its topic's level lets it through; keeps it in memory if asked. */
  write(topic: string, level: Level, message: string): void {
    if (!this.enabled(topic, level)) return;
    const time = this.now();
    const shown = topic === 'general' ? '' : `{${topic}} `;
    try {
      this.sink(`${new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')} [${process.pid}] ${level} ${shown}${message}`);
    } catch {
      // a broken stderr must not break the request that logs
    }
    if (this.opts.inMemory && rank(level) <= rank(this.opts.inMemoryLevel)) this.keep({ id: this.nextId++, topic, level, time, message });
  }

  error(topic: string, message: string, err?: unknown): void {
    this.write(topic, 'ERROR', err === undefined ? message : `${message} ${describe(err)}`);
  }

  warn(topic: string, message: string): void {
    this.write(topic, 'WARNING', message);
  }

  info(topic: string, message: string): void {
    this.write(topic, 'INFO', message);
  }

  private keep(e: LogEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(e);
    else {
      this.ring[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /**
   * The kept entries, oldest first, as ArangoDB's LogBufferFeature::entries selects them:
   * `upto` true: every entry at `level` or more severe, else exactly `level`; ids from
   * `start` on; `search` (if any) a case-insensitive part of the message.
   */
  entries(level: Level, start: number, upto: boolean, search?: string): LogEntry[] {
    const all = this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
    const needle = search?.toLowerCase();
    return all.filter((e) => (upto ? rank(e.level) <= rank(level) : e.level === level) && e.id >= start && (needle === undefined || needle === '' || e.message.toLowerCase().includes(needle)));
  }

  /** Forgets the kept entries (DELETE /_admin/log). */
  clear(): void {
    this.ring.length = 0;
    this.head = 0;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
