// Test helper: the simulator on an ephemeral loopback port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator, SimulatorOptions } from '../createSimulator.ts';
import { createSimulator } from '../createSimulator.ts';

export interface RunningSimulator {
  sim: Simulator;
  baseUrl: string;
  ewsUrl: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = createSimulator(options);
  const handle = sim.app.callback();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    sim,
    baseUrl,
    ewsUrl: `${baseUrl}/EWS/Exchange.asmx`,
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
