// Composition root: read the configuration, open storage, listen, and close cleanly on
// SIGTERM/SIGINT or DELETE /_admin/shutdown (requests in flight finish, storage is
// closed, exit code 0).
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from './config.js';
import { Server } from './server.js';

// V8 moves an allocation site's objects straight to the old generation once enough of
// them survived a young-generation GC ("pretenuring"). A server's allocations are almost
// all per request or per document and short-lived, and one query's pattern can pretenure a
// site that every later query shares: after a few filtered scans, document decoding
// allocated in old space, each young GC took 6-8 ms instead of 0.4 ms and a full GC ran
// every 150 ms, which halved the speed of a SORT over 100,000 documents until restart.
// The flag is read at every GC, so setting it here, before any work, is enough; starting
// node with --allocation-site-pretenuring keeps V8's default.
if (!process.execArgv.includes('--allocation-site-pretenuring')) setFlagsFromString('--no-allocation-site-pretenuring');

async function main(): Promise<void> {
  let config;
  let server;
  try {
    config = loadConfig();
    server = await Server.create(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`error while stopping on ${signal}:`, e);
        process.exit(1);
      },
    );
  };
  // Handlers go in before the "listening" line: whoever reads that line may signal at once.
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.services.shutdownRequest.onRequest(stop);
  process.on('SIGINT', () => stop('SIGINT'));
  const url = await server.listen(config.host, config.port);
  console.log(`listening on ${url}`);
}

main().catch((e: unknown) => {
  console.error('cairn failed to start:', e);
  process.exit(1);
});
