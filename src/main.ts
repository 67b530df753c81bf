// Composition root: read the configuration, open storage, listen, and close cleanly on
// SIGTERM/SIGINT (requests in flight finish, storage is closed, exit code 0).
import { ConfigError, loadConfig } from './config.js';
import { Server } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const server = await Server.create(config);
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
  process.on('SIGINT', () => stop('SIGINT'));
  const url = await server.listen(config.host, config.port);
  console.log(`listening on ${url}`);
}

main().catch((e: unknown) => {
  console.error('cairn failed to start:', e);
  process.exit(1);
});
