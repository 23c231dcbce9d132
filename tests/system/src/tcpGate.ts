// A TCP forwarder the test opens and closes, standing in for a broker that is away: closed, its
// port refuses connections as a stopped broker's would; open, it forwards to the real one. Kafka
// clients learn the broker's advertised address (the real port) from the first metadata answer,
// so the gate decides whether a client can bootstrap; closing it does not cut a client that did.
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { freePort } from '@rooms-sync/testing';

export interface TcpGate {
  /** `127.0.0.1:<port>`, refused while closed. */
  address: string;
  open(): Promise<void>;
  close(): Promise<void>;
}

export async function createTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return {
    address: `127.0.0.1:${String(port)}`,
    open: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => {
          resolve();
        });
      }),
  };
}
