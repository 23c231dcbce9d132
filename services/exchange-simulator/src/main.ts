// exchange-simulator: a stand-in for Exchange's EWS endpoint and push notifications, for
// development and integration tests only (never deployed to production).
import { createSimulator, DEMO_ROOMS } from '@rooms-sync/exchange-sim';
import { startHttpServer } from '@rooms-sync/http';
import { onShutdownSignal } from '@rooms-sync/lifecycle';
import { createLogger } from '@rooms-sync/observability';
import { ConfigError, readConfig } from './config.ts';

let config;
try {
  config = readConfig(process.env, process.argv.slice(2));
} catch (err) {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'exchange-simulator', msg: err instanceof ConfigError ? err.message : String(err) })}\n`,
  );
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
const server = await startHttpServer(sim.app.callback(), { port: config.port, host: config.host });
logger.info(
  {
    address: server.server.address(),
    auth: config.auth.mode,
    timeScale: config.timeScale,
    mailboxes: sim.store.list().map((m) => m.address),
  },
  'exchange simulator listening',
);

onShutdownSignal({
  logger,
  stop: async () => {
    sim.close();
    await server.close(3_000);
  },
});
