// Dependencies point one way (STYLE.md): errors and values are leaves; storage never
// imports http, aql, cursors or jobs; jobs never import aql or http; users (the user store,
// passwords, levels, tokens) sit on storage and import nothing above it; nothing imports
// http but main/server; only src/storage imports lmdb. This test reads the import statements.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function area(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.ts$/, '');
}

const FORBIDDEN: Record<string, string[]> = {
  errors: ['storage', 'http', 'aql', 'cursors', 'jobs', 'values', 'server', 'main'],
  values: ['storage', 'http', 'aql', 'cursors', 'jobs', 'server', 'main'],
  storage: ['http', 'aql', 'cursors', 'jobs', 'users', 'server', 'main'],
  aql: ['http', 'cursors', 'jobs', 'server', 'main'],
  cursors: ['http', 'jobs', 'server', 'main'],
  jobs: ['aql', 'http', 'cursors', 'server', 'main'],
  http: ['server', 'main'],
  util: ['storage', 'http', 'aql', 'cursors', 'jobs', 'server', 'main'],
  users: ['http', 'aql', 'cursors', 'jobs', 'transactions', 'server', 'main'],
  analyzers: ['http', 'aql', 'cursors', 'jobs', 'transactions', 'users', 'server', 'main'],
};

it('keeps the dependency rules of STYLE.md', () => {
  const problems: string[] = [];
  for (const f of files(SRC)) {
    const from = area(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (spec === 'lmdb' && from !== 'storage') problems.push(`${relative(SRC, f)} imports lmdb`);
      if (!spec.startsWith('.')) continue;
      const to = area(resolve(dirname(f), spec.replace(/\.js$/, '.ts')));
      if (FORBIDDEN[from]?.includes(to)) problems.push(`${relative(SRC, f)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(problems, []);
});
