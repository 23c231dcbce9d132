// Test helper: an HTTP endpoint standing in for rooms-sync's Graph webhook. It answers Graph's
// validation handshake (or fails it, as told), records every notification batch, and answers
// batches 202, 500 or not at all.
import { startHttpServer } from '@rooms-sync/http';
import { createWaiters } from './createWaiters.ts';

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
  const waiters = createWaiters();
  const wake = () => {
    waiters.wake();
  };
  const server = await startHttpServer(
    (req, res) => {
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
    },
    { port: 0 },
  );
  const r: GraphReceiver = {
    url: server.url,
    batches: [],
    attempts: 0,
    validations: [],
    reply: 'accept',
    validation: 'echo',
    validationDelayMs: 0,
    received: (path) => r.batches.filter((b) => b.path === path).flatMap((b) => b.value),
    waitFor: (predicate, timeoutMs = 10_000) =>
      waiters.until(
        () => predicate(r),
        timeoutMs,
        () => `graph receiver (${r.batches.length} batches)`,
      ),
    // A hanging request is cut at once: the test is over.
    close: () => server.close(0),
  };
  return r;
}
