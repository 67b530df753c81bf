// ArangoDB's server tasks (/_api/tasks): JavaScript run once after `offset` seconds
// ("timed") or every `period` seconds ("periodic"), in the database it was registered in,
// as the user who registered it, in the JavaScript workers of js-transactions.ts (each
// database operation its own, no transaction). As in ArangoDB, tasks live in memory only:
// a restart forgets them (for work that must survive one, submit a job: x-arango-async).
//
// Invariants:
//  1. A task is listed from its registration until it is unregistered, or, when timed,
//     until its one run ended; a user sees only the tasks it registered (root sees all).
//  2. A periodic task's next run is scheduled `period` seconds after its previous run
//     ended, so runs of one task never overlap (ArangoDB requeues after the work too).
//  3. Unregistering stops future runs and the run under way (its worker is terminated:
//     where ArangoDB lets that run finish, an endless one would hold a JavaScript worker
//     for good). Shutdown stops all.
//  4. A run whose database was dropped unregisters the task instead (ArangoDB removes a
//     dropped database's tasks).
import { ArangoError, ERR } from '../errors/arango-error.js';
import type { Exec, JsTransactions } from './js-transactions.js';

export interface TaskRecord {
  id: string;
  name: string;
  /** Seconds since the epoch (ArangoDB's TRI_microtime). */
  created: number;
  type: 'periodic' | 'timed';
  period?: number;
  offset: number;
  /** As ArangoDB stores it: `(function (params) { <command> } )(params);`. */
  command: string;
  database: string;
}

interface Task {
  record: TaskRecord;
  user: string;
  params: string | undefined;
  timer: NodeJS.Timeout | undefined;
  active: boolean;
  /** Stops the run under way (set while one runs). */
  abort?: (reason: unknown) => void;
}

export interface TaskSpec {
  id?: string;
  name: string;
  command: string;
  params: unknown;
  offset: number;
  period?: number;
}

/**
 * A task's `created`: seconds since the epoch, never a whole number. ArangoDB's comes from
 * TRI_microtime and so is always a fraction in practice; Cairn's clock has milliseconds, so
 * one registration in a thousand would give an integer that JSON clients read as an int
 * (python-arango's tests check `isinstance(task["created"], float)`): a microsecond is added.
 */
function createdSeconds(ms: number): number {
  const s = ms / 1000;
  return Number.isInteger(s) ? s + 0.000001 : s;
}

export class JsTasks {
  private readonly tasks = new Map<string, Task>();
  private execFor: ((user: string) => Exec) | undefined;
  private closed = false;

  constructor(
    private readonly runner: JsTransactions,
    private readonly newId: () => string,
    private readonly databaseExists: (name: string) => boolean,
    private readonly log: (msg: string) => void,
  ) {}

  /** How a task's operations reach the database as its user (the HTTP layer provides it). */
  attach(execFor: (user: string) => Exec): void {
    this.execFor = execFor;
  }

  register(database: string, user: string, spec: TaskSpec): TaskRecord {
    if (this.closed) throw new ArangoError(ERR.ERROR_SHUTTING_DOWN);
    const id = spec.id ?? this.newId();
    if (id === '') throw new ArangoError(ERR.ERROR_TASK_INVALID_ID);
    if (this.tasks.has(id)) throw new ArangoError(ERR.ERROR_TASK_DUPLICATE_ID);
    const record: TaskRecord = {
      id,
      name: spec.name,
      created: createdSeconds(Date.now()),
      type: spec.period !== undefined ? 'periodic' : 'timed',
      ...(spec.period !== undefined ? { period: spec.period } : {}),
      offset: spec.offset,
      command: `(function (params) { ${spec.command} } )(params);`,
      database,
    };
    const task: Task = { record, user, params: spec.params === undefined ? undefined : JSON.stringify(spec.params), timer: undefined, active: true };
    this.tasks.set(id, task);
    this.schedule(task, Math.max(spec.offset, 0.000001));
    return record;
  }

  /** The tasks `user` may see (invariant 1). */
  list(user: string): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => visible(t, user)).map((t) => t.record);
  }

  get(id: string, user: string): TaskRecord {
    const t = this.tasks.get(id);
    if (!t || !visible(t, user)) throw new ArangoError(ERR.ERROR_TASK_NOT_FOUND);
    return t.record;
  }

  /** Stops future runs (invariant 3). */
  unregister(id: string, user: string): void {
    if (id === '') throw new ArangoError(ERR.ERROR_TASK_INVALID_ID);
    const t = this.tasks.get(id);
    if (!t || !visible(t, user)) throw new ArangoError(ERR.ERROR_TASK_NOT_FOUND);
    this.stop(t);
  }

  close(): void {
    this.closed = true;
    for (const t of [...this.tasks.values()]) this.stop(t);
  }

  private stop(t: Task): void {
    t.active = false;
    clearTimeout(t.timer);
    t.abort?.(new ArangoError(ERR.ERROR_REQUEST_CANCELED));
    if (this.tasks.get(t.record.id) === t) this.tasks.delete(t.record.id);
  }

  private schedule(t: Task, seconds: number): void {
    t.timer = setTimeout(() => void this.runOnce(t), Math.min(seconds * 1000, 2 ** 31 - 1));
    t.timer.unref();
  }

  private async runOnce(t: Task): Promise<void> {
    if (!t.active) return;
    if (!this.databaseExists(t.record.database)) {
      this.stop(t); // invariant 4
      return;
    }
    const exec = this.execFor?.(t.user);
    if (exec) {
      try {
        await this.runner.runTask({
          database: t.record.database,
          label: `task ${t.record.id} (${t.record.name})`,
          source: t.record.command,
          params: t.params,
          exec,
          onAbort: (abort) => {
            t.abort = abort;
            return () => {
              t.abort = undefined;
            };
          },
        });
      } catch (e) {
        if (!this.closed && t.active) this.log(`task ${t.record.id} (${t.record.name}) failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (!t.active) return;
    if (t.record.period !== undefined) this.schedule(t, t.record.period); // invariant 2
    else this.stop(t);
  }
}

const visible = (t: Task, user: string): boolean => user === 'root' || t.user === user;
