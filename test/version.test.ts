// The version Cairn reports is the one in package.json.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAIRN_VERSION } from '../src/version.js';

it('reports the version written in package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(CAIRN_VERSION, pkg.version);
});
