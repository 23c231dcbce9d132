// One HTTP delivery of a SendNotification. Anything but HTTP 200 with a well-formed
// SendNotificationResult counts as "not delivered" (docs/protocols.md §6).
import { M_NS } from './xml.ts';
import { childText, findEl, parseXml } from './xmlTree.ts';

export type DeliveryOutcome =
  | { kind: 'ok'; status: 'OK' | 'Unsubscribe'; httpStatus: number }
  | { kind: 'failed'; reason: string; httpStatus?: number };

export type PostNotification = (url: string, body: string, timeoutMs: number) => Promise<DeliveryOutcome>;

/** Reads SubscriptionStatus out of a reply; undefined when the reply is not a valid one. */
function readSubscriptionStatus(reply: string): 'OK' | 'Unsubscribe' | undefined {
  try {
    const result = findEl(parseXml(reply), M_NS, 'SendNotificationResult');
    const status = childText(result, M_NS, 'SubscriptionStatus');
    return status === 'OK' || status === 'Unsubscribe' ? status : undefined;
  } catch {
    return undefined;
  }
}

export const postNotification: PostNotification = async (url, body, timeoutMs) => {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: '"http://schemas.microsoft.com/exchange/services/2006/messages/SendNotification"',
        'user-agent': 'ExchangeServicesClient/15.01.2507.006 (rooms-sync exchange-simulator)',
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = await res.text();
    if (res.status !== 200) return { kind: 'failed', reason: `HTTP ${res.status}`, httpStatus: res.status };
    const status = readSubscriptionStatus(text);
    if (!status) return { kind: 'failed', reason: 'reply is not a SendNotificationResult', httpStatus: res.status };
    return { kind: 'ok', status, httpStatus: res.status };
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'TimeoutError'
        ? 'timeout'
        : `network: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
    return { kind: 'failed', reason };
  }
};
