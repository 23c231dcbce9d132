// One EWS push as Exchange would POST it: a status event for a subscription id of our own, so
// the test can find exactly this push on Kafka afterwards.
import { randomUUID } from 'node:crypto';
import { buildSendNotification, EXCHANGE_PREFIXES } from '@rooms-sync/ews';

export interface PushOutcome {
  readonly subscriptionId: string;
  readonly status: number;
  /** The reply told Exchange the push is taken (SubscriptionStatus OK). */
  readonly acknowledged: boolean;
  readonly body: string;
}

export async function postPush(webhookUrl: string, timeoutMs = 15_000): Promise<PushOutcome> {
  const subscriptionId = `cluster-test-${randomUUID()}`;
  const body = buildSendNotification(
    [
      {
        responseClass: 'Success',
        subscriptionId,
        previousWatermark: 'AQAAAA==',
        moreEvents: false,
        events: [{ kind: 'Status', watermark: 'AgAAAA==' }],
      },
    ],
    { prefixes: EXCHANGE_PREFIXES },
  );
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return {
      subscriptionId,
      status: res.status,
      acknowledged: res.ok && text.includes('<SubscriptionStatus>OK</SubscriptionStatus>'),
      body: text,
    };
  } catch (error) {
    // a connection refused or reset during a rollout is not an acknowledgement
    return {
      subscriptionId,
      status: 0,
      acknowledged: false,
      body: error instanceof Error ? error.message : String(error),
    };
  }
}
