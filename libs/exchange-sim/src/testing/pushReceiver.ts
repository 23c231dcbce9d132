// Test helper: an HTTP endpoint standing in for the webhook, recording every
// SendNotification and answering as told (OK, Unsubscribe, an HTTP error, or silence).
import { parseSendNotification, SEND_NOTIFICATION_REPLY_CONTENT_TYPE, sendNotificationReply } from '@rooms-sync/ews';
import type { NotificationErrorMessage, NotificationMessage } from '@rooms-sync/events';
import { startHttpServer } from '@rooms-sync/http';
import { createWaiters } from './createWaiters.ts';

export type ReceiverReply = 'OK' | 'Unsubscribe' | 'http500' | 'hang';

export interface ReceivedPush {
  body: string;
  messages: NotificationMessage[];
  /** Error pushes (ResponseClass="Error"): no Notification. */
  errors: NotificationErrorMessage[];
}

export interface PushReceiver {
  url: string;
  pushes: ReceivedPush[];
  /** How the next requests are answered (default OK). */
  reply: ReceiverReply;
  /** Resolves once `predicate` holds for the pushes received so far. */
  waitFor(predicate: (pushes: readonly ReceivedPush[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const waiters = createWaiters();
  const server = await startHttpServer(
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const parsed = parseSendNotification(body);
        const messages = parsed.ok
          ? parsed.messages.filter((m): m is NotificationMessage => m.responseClass !== 'Error')
          : [];
        const errors = parsed.ok
          ? parsed.messages.filter((m): m is NotificationErrorMessage => m.responseClass === 'Error')
          : [];
        const mode = receiver.reply;
        if (mode === 'hang') return;
        if (mode === 'http500') {
          res.writeHead(500).end();
          return;
        }
        receiver.pushes.push({ body, messages, errors });
        res.writeHead(200, { 'content-type': SEND_NOTIFICATION_REPLY_CONTENT_TYPE }).end(sendNotificationReply(mode));
        waiters.wake();
      });
    },
    { port: 0 },
  );
  const receiver: PushReceiver = {
    url: `${server.url}/api/webhooks/exchange`,
    pushes: [],
    reply: 'OK',
    waitFor: (predicate, timeoutMs = 10_000) =>
      waiters.until(
        () => predicate(receiver.pushes),
        timeoutMs,
        () => `push receiver (${receiver.pushes.length} pushes)`,
      ),
    // A hanging request is cut at once: the test is over.
    close: () => server.close(0),
  };
  return receiver;
}
