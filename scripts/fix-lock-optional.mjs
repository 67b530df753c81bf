// Adds lock entries for optional platform packages that this machine's npm registry
// does not serve (it answers 404 for other platforms' builds of msgpackr-extract), so
// that `npm ci` accepts the lock. The entries are gated by os/cpu like npm's own, so no
// install ever fetches them on a platform they are not for. Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const platforms = { 'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm': ['linux', 'arm'], 'linux-arm64': ['linux', 'arm64'], 'linux-x64': ['linux', 'x64'], 'win32-x64': ['win32', 'x64'] };
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const m = /^@msgpackr-extract\/msgpackr-extract-(.+)$/.exec(dep);
    const where = `node_modules/${dep}`;
    if (!m || lock.packages[where] || !platforms[m[1]]) continue;
    const [os, cpu] = platforms[m[1]];
    lock.packages[where] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
    added++;
  }
  void path;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} lock entries`);
