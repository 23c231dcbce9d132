// Test helper: an HTTP endpoint standing in for the webhook, recording every
// SendNotification and answering as told (OK, Unsubscribe, an HTTP error, or silence).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSendNotification, SEND_NOTIFICATION_REPLY_CONTENT_TYPE, sendNotificationReply } from '@rooms-sync/ews';
import type { NotificationErrorMessage, NotificationMessage } from '@rooms-sync/events';

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
  const waiters = new Set<() => void>();
  const receiver: PushReceiver = {
    url: '',
    pushes: [],
    reply: 'OK',
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(receiver.pushes)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`push receiver: condition not met within ${timeoutMs} ms (${receiver.pushes.length} pushes)`),
          );
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
  const server = createServer((req, res) => {
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
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/exchange`;
  return receiver;
}
