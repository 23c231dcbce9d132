// exchange-simulator: a stand-in for Exchange's EWS endpoint and push notifications, for
// development and integration tests only (never deployed to production).
import { createServer } from 'node:http';
import { createSimulator, DEMO_ROOMS } from '@rooms-sync/exchange-sim';
import { createLogger } from '@rooms-sync/observability';
import { ConfigError, readConfig } from './config.ts';

let config;
try {
  config = readConfig(process.env, process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'exchange-simulator', msg: err instanceof ConfigError ? err.message : String(err) })}\n`);
  process.exit(2);
}
const logger = createLogger({ service: 'exchange-simulator', level: config.logLevel });
const sim = createSimulator({
  auth: config.auth,
  timeScale: config.timeScale,
  logger,
  mailboxes: config.demoRooms ? DEMO_ROOMS : [],
  deliveryTimeoutMs: config.deliveryTimeoutMs,
  maxEventsPerPush: config.maxEventsPerPush,
});
const handle = sim.app.callback();
const server = createServer((req, res) => {
  void handle(req, res);
});
server.keepAliveTimeout = 5_000;
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;

server.listen(config.port, config.host, () => {
  const address = server.address();
  logger.info(
    { address, auth: config.auth.mode, timeScale: config.timeScale, mailboxes: sim.store.list().map((m) => m.address) },
    'exchange simulator listening',
  );
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  sim.close();
  server.close(() => {
    logger.info({}, 'stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 3_000).unref();
}
process.once('SIGTERM', () => {
  shutdown('SIGTERM');
});
process.once('SIGINT', () => {
  shutdown('SIGINT');
});
