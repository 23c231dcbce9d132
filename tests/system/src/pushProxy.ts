// A man in the middle between Exchange (the simulator) and the webhook ingress, for the system
// test: it forwards every push unchanged, except one it was told to lose (answered `OK` itself,
// so Exchange moves its watermark on and never sends it again) or to deliver twice.
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSendNotification, SEND_NOTIFICATION_REPLY_CONTENT_TYPE, sendNotificationReply } from '@rooms-sync/ews';
import { readBody } from '@rooms-sync/http';
import type { SendNotificationMessage } from '@rooms-sync/events';

export type PushAction = 'forward' | 'swallow' | 'duplicate';

export interface HandledPush {
  action: PushAction;
  messages: SendNotificationMessage[];
  /** HTTP status and body of each delivery to the ingress (none for a swallowed push). */
  deliveries: { status: number; body: string }[];
}

export interface PushProxy {
  /** Give this URL's root to the manager as IdpRootUrl; paths and queries are kept. */
  url: string;
  handled: HandledPush[];
  /** The next push of `subscriptionId` that carries an item event gets `action`; resolves once it has been handled. */
  next(subscriptionId: string, action: Exclude<PushAction, 'forward'>): Promise<HandledPush>;
  close(): Promise<void>;
}

interface Armed {
  subscriptionId: string;
  action: Exclude<PushAction, 'forward'>;
  done: (push: HandledPush) => void;
}

const carriesItemEvent = (messages: SendNotificationMessage[], subscriptionId: string): boolean =>
  messages.some(
    (m) =>
      m.responseClass !== 'Error' && m.subscriptionId === subscriptionId && m.events.some((e) => e.kind !== 'Status'),
  );

export async function startPushProxy(target: string): Promise<PushProxy> {
  const handled: HandledPush[] = [];
  const armed: Armed[] = [];
  const deliver = async (path: string, headers: IncomingMessage['headers'], body: Buffer) => {
    const res = await fetch(new URL(path, target), {
      method: 'POST',
      headers: {
        'content-type': headers['content-type'] ?? 'text/xml',
        ...(headers.soapaction === undefined ? {} : { soapaction: String(headers.soapaction) }),
      },
      body,
    });
    return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? 'text/plain' };
  };

  const server = createServer((req, res) => {
    void (async () => {
      // No limit of its own: the ingress behind it enforces the real one.
      const body = await readBody(req, Number.POSITIVE_INFINITY);
      const parsed = parseSendNotification(body);
      const messages = parsed.ok ? parsed.messages : [];
      const index = armed.findIndex((a) => carriesItemEvent(messages, a.subscriptionId));
      const [rule] = index === -1 ? [] : armed.splice(index, 1);
      const action: PushAction = rule?.action ?? 'forward';
      const push: HandledPush = { action, messages, deliveries: [] };
      if (action === 'swallow') {
        res.writeHead(200, { 'content-type': SEND_NOTIFICATION_REPLY_CONTENT_TYPE }).end(sendNotificationReply('OK'));
      } else {
        let last = await deliver(req.url ?? '/', req.headers, body);
        push.deliveries.push({ status: last.status, body: last.body });
        if (action === 'duplicate') {
          last = await deliver(req.url ?? '/', req.headers, body);
          push.deliveries.push({ status: last.status, body: last.body });
        }
        res.writeHead(last.status, { 'content-type': last.contentType }).end(last.body);
      }
      handled.push(push);
      rule?.done(push);
    })().catch((error: unknown) => {
      // The ingress is unreachable (e.g. stopped at the end of the test): a failed delivery, as Exchange would see it.
      if (!res.headersSent) res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handled,
    next(subscriptionId, action) {
      return new Promise((done) => {
        armed.push({ subscriptionId, action, done });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
