// Test helper: an HTTP endpoint standing in for rooms-sync's Graph webhook. It answers Graph's
// validation handshake (or fails it, as told), records every notification batch, and answers
// batches 202, 500 or not at all.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GraphReceiverReply = 'accept' | 'http500' | 'hang';
export type ValidationReply = 'echo' | 'wrong' | 'json' | 'hang';

export interface GraphNotificationBatch {
  path: string;
  value: Record<string, unknown>[];
}

export interface GraphReceiver {
  /** Base URL; notifications go to `${url}/notify`, lifecycle ones to `${url}/lifecycle`. */
  url: string;
  batches: GraphNotificationBatch[];
  /** Notification POSTs received, whatever the answer (retries included). */
  attempts: number;
  validations: { path: string; token: string }[];
  reply: GraphReceiverReply;
  validation: ValidationReply;
  /** Milliseconds to wait before answering a validation request. */
  validationDelayMs: number;
  /** Every notification (or lifecycle notification) received at `path`, in order. */
  received(path: '/notify' | '/lifecycle'): Record<string, unknown>[];
  waitFor(predicate: (r: GraphReceiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startGraphReceiver(): Promise<GraphReceiver> {
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        r.validations.push({ path: url.pathname, token });
        wake();
        const answer = () => {
          if (r.validation === 'hang') return;
          if (r.validation === 'json')
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
          else res.writeHead(200, { 'content-type': 'text/plain' }).end(r.validation === 'wrong' ? 'nope' : token);
        };
        setTimeout(answer, r.validationDelayMs);
        return;
      }
      r.attempts += 1;
      wake();
      if (r.reply === 'hang') return;
      if (r.reply === 'http500') {
        res.writeHead(500).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: Record<string, unknown>[] };
      r.batches.push({ path: url.pathname, value: body.value });
      res.writeHead(202).end();
      wake();
    });
  });
  const r: GraphReceiver = {
    url: '',
    batches: [],
    attempts: 0,
    validations: [],
    reply: 'accept',
    validation: 'echo',
    validationDelayMs: 0,
    received: (path) => r.batches.filter((b) => b.path === path).flatMap((b) => b.value),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(r)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`graph receiver: condition not met within ${timeoutMs} ms (${r.batches.length} batches)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return r;
}
