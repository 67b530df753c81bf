// Options: flags over environment over defaults, and clear errors for bad values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(loadConfig([], {}), {
      host: '127.0.0.1',
      port: 8529,
      dataDir: './data',
      auth: true,
      rootPassword: '',
      logLevel: 'info',
      maxBodySize: 512 * 1024 * 1024,
      compressResponseThreshold: 0,
      handleContentEncodingForUnauthenticatedRequests: false,
      maxCursors: 10000,
      cursorMemoryLimit: 512 * 1024 * 1024,
      jobsConcurrency: 16,
      jobsMaxRetries: 3,
      jobsMaxQueued: 10000,
      jobsMaxResultSize: 64 * 1024 * 1024,
      jobsResultTtl: null,
      queryCacheMode: 'off',
      queryCacheEntries: 128,
      queryCacheEntriesMaxSize: 256 * 1024 * 1024,
      queryCacheEntryMaxSize: 16 * 1024 * 1024,
      queryCacheIncludeSystem: false,
      transactionIdleTimeout: 60,
      javascriptTransactions: true,
      javascriptWorkers: 4,
      javascriptTasks: true,
      javascriptAllowAdminExecute: false,
      ttlFrequency: 30000,
      ttlMaxTotalRemoves: 1000000,
      ttlMaxCollectionRemoves: 100000,
      exportMetricsApi: true,
      sessionTimeout: 3600,
      httpTrustedOrigin: '',
      jwtSecretKeyfile: '',
      logInMemory: true,
      logInMemoryLevel: 'info',
      logApiEnabled: 'true',
      serverStatistics: true,
      supportInfoApi: 'admin',
      experimentalVectorIndex: false,
    });
  });

  it('reads the choice options in any case, and refuses a value that is none of their choices', () => {
    assert.equal(loadConfig(['--log-in-memory-level', 'DEBUG'], {}).logInMemoryLevel, 'debug');
    assert.equal(loadConfig(['--support-info-api=public'], {}).supportInfoApi, 'public');
    assert.equal(loadConfig(['--experimental-vector-index'], {}).experimentalVectorIndex, true);
    assert.equal(loadConfig([], { CAIRN_EXPERIMENTAL_VECTOR_INDEX: 'true' }).experimentalVectorIndex, true);
    assert.equal(loadConfig([], { CAIRN_LOG_API_ENABLED: 'jwt' }).logApiEnabled, 'jwt');
    assert.throws(() => loadConfig(['--support-info-api', 'everyone'], {}), (e: unknown) => e instanceof ConfigError && /--support-info-api: 'everyone'/.test(e.message));
  });

  it('reads --query-cache-mode as off, on or demand only', () => {
    assert.equal(loadConfig(['--query-cache-mode', 'demand'], {}).queryCacheMode, 'demand');
    assert.equal(loadConfig([], { CAIRN_QUERY_CACHE_MODE: 'on' }).queryCacheMode, 'on');
    assert.throws(() => loadConfig(['--query-cache-mode', 'sometimes'], {}), (e: unknown) => e instanceof ConfigError && /--query-cache-mode: 'sometimes'/.test(e.message));
  });

  it('reads --jobs-result-ttl as seconds with an optional unit, and off', () => {
    assert.equal(loadConfig(['--jobs-result-ttl', '90'], {}).jobsResultTtl, 90);
    assert.equal(loadConfig(['--jobs-result-ttl=10m'], {}).jobsResultTtl, 600);
    assert.equal(loadConfig(['--jobs-result-ttl', '2d'], {}).jobsResultTtl, 172800);
    assert.equal(loadConfig(['--jobs-result-ttl', 'off'], { CAIRN_JOBS_RESULT_TTL: '5s' }).jobsResultTtl, null);
    assert.equal(loadConfig([], { CAIRN_JOBS_RESULT_TTL: '5s' }).jobsResultTtl, 5);
  });

  it('reads flags in both --name value and --name=value forms', () => {
    const c = loadConfig(['--port', '8530', '--data-dir=/tmp/x', '--auth', 'false', '--max-body-size', '4m'], {});
    assert.equal(c.port, 8530);
    assert.equal(c.dataDir, '/tmp/x');
    assert.equal(c.auth, false);
    assert.equal(c.maxBodySize, 4 * 1024 * 1024);
  });

  it('reads CAIRN_* environment variables, and a flag wins over them', () => {
    const env = { CAIRN_PORT: '9000', CAIRN_ROOT_PASSWORD: 'pw', CAIRN_LOG_LEVEL: 'debug' };
    assert.equal(loadConfig([], env).port, 9000);
    assert.equal(loadConfig([], env).rootPassword, 'pw');
    assert.equal(loadConfig(['--port', '9001'], env).port, 9001);
  });

  it('takes a bare boolean flag as true', () => {
    assert.equal(loadConfig(['--auth'], { CAIRN_AUTH: 'false' }).auth, true);
  });

  const bad: { id: string; argv: string[]; message: RegExp }[] = [
    { id: 'unknown flag', argv: ['--nope', '1'], message: /^unknown option '--nope'/ },
    { id: 'port not a number', argv: ['--port', 'abc'], message: /^invalid value for --port: 'abc'$/ },
    { id: 'port out of range', argv: ['--port', '70000'], message: /^invalid value for --port: '70000'$/ },
    { id: 'bool', argv: ['--auth', 'maybe'], message: /^invalid value for --auth: 'maybe'$/ },
    { id: 'size', argv: ['--max-body-size', '12x'], message: /^invalid value for --max-body-size: '12x'$/ },
    { id: 'level', argv: ['--log-level', 'loud'], message: /^invalid value for --log-level: 'loud'$/ },
    { id: 'duration', argv: ['--jobs-result-ttl', '5 min'], message: /^invalid value for --jobs-result-ttl: '5 min'$/ },
    { id: 'missing value', argv: ['--port'], message: /^option --port needs a value$/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.id} with a ConfigError naming the option`, () => {
      assert.throws(() => loadConfig(c.argv, {}), (e: unknown) => e instanceof ConfigError && c.message.test(e.message));
    });
  }
});
