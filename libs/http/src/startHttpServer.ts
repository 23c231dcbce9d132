// Binding a port is the service's step, apart from building the app (as koa's
// listen() is only a shortcut). Closing waits for in-flight requests, then cuts
// idle keep-alive sockets so shutdown is bounded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpServerOptions {
  port: number;
  host?: string;
  /** Slowloris guard: the whole request (headers and body) must arrive within this. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

export interface RunningServer {
  server: http.Server;
  url: string;
  close(graceMs?: number): Promise<void>;
}

/** A request handler; koa's `app.callback()` returns a promise it settles itself. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export async function startHttpServer(handler: RequestHandler, options: HttpServerOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => void handler(req, res));
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { server, url, close: (graceMs = 5_000) => closeServer(server, graceMs) };
}

function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets turn idle only when their last response ends, so keep
    // sweeping them until the server has closed; cut whatever is left at the deadline.
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    const force = setTimeout(() => {
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
