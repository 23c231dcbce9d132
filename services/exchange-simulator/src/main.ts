// exchange-simulator: a stand-in for Exchange's EWS endpoint and push notifications, for
// development and integration tests only (never deployed to production).
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
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
  ewsLatencyMs: config.ewsLatencyMs,
  maxEventsPerPush: config.maxEventsPerPush,
  ...(config.graph
    ? {
        graph: {
          apps: config.graph.apps,
          allowHttpNotificationUrls: config.graph.allowHttpNotificationUrls,
          maxRequestsPerWindow: config.graph.maxRequestsPerWindow,
        },
      }
    : {}),
});
for (const address of config.onlineRooms) {
  if (!sim.store.find(address)) sim.store.createMailbox({ address });
  sim.store.setKind(address, 'online');
}
const server = await startHttpServer(sim.app.callback(), { port: config.port, host: config.host });
// The Graph face on its own HTTPS port: MSAL and Graph clients only speak HTTPS.
const graphHandler = sim.graphApp.callback();
const graphServer = config.graph
  ? createHttpsServer({ cert: config.graph.tls.certPem, key: config.graph.tls.keyPem }, (req, res) => {
      void graphHandler(req, res);
    })
  : undefined;
if (graphServer && config.graph) {
  const { port } = config.graph;
  await new Promise<void>((resolve, reject) => {
    graphServer.once('error', reject);
    graphServer.listen(port, config.host, resolve);
  });
}
logger.info(
  {
    address: server.server.address(),
    graphAddress: graphServer ? (graphServer.address() as AddressInfo) : undefined,
    graphApps: config.graph?.apps.map((a) => `${a.tenantId}/${a.clientId}`),
    auth: config.auth.mode,
    timeScale: config.timeScale,
    mailboxes: sim.store.list().map((m) => `${m.address} (${m.kind})`),
  },
  'exchange simulator listening',
);

onShutdownSignal({
  logger,
  stop: async () => {
    sim.close();
    if (graphServer) {
      const closed = new Promise<void>((resolve) =>
        graphServer.close(() => {
          resolve();
        }),
      );
      graphServer.closeIdleConnections();
      setTimeout(() => {
        graphServer.closeAllConnections();
      }, 3_000).unref();
      await closed;
    }
    await server.close(3_000);
  },
});
