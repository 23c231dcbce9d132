// Test helper: the simulator on an ephemeral loopback port.
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Simulator, SimulatorOptions } from '../createSimulator.ts';
import { createSimulator } from '../createSimulator.ts';

export interface RunningSimulator {
  sim: Simulator;
  baseUrl: string;
  ewsUrl: string;
  /** The Graph face over HTTPS (`https://127.0.0.1:port`), when started with `tls`. */
  graphUrl: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startSimulator(
  options: SimulatorOptions & { tls?: { certPem: string; keyPem: string } } = {},
): Promise<RunningSimulator> {
  const { tls, ...simOptions } = options;
  const sim = createSimulator(simOptions);
  const handle = sim.app.callback();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const graphHandle = sim.graphApp.callback();
  const graphServer = tls
    ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
        void graphHandle(req, res);
      })
    : undefined;
  if (graphServer) await new Promise<void>((resolve) => graphServer.listen(0, '127.0.0.1', resolve));
  const graphUrl = graphServer ? `https://127.0.0.1:${(graphServer.address() as AddressInfo).port}` : '';
  return {
    sim,
    baseUrl,
    ewsUrl: `${baseUrl}/EWS/Exchange.asmx`,
    graphUrl,
    async admin(method, path, body) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      sim.close();
      if (graphServer) {
        graphServer.closeAllConnections();
        await new Promise<void>((resolve) => {
          graphServer.close(() => {
            resolve();
          });
        });
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
