// For .dev/waf-test.sh: writes the SubscriptionCreated the subscription manager writes for a
// Microsoft Graph subscription (the clientState's SHA-256, never the value) onto the test's
// subscriptions topic, so the ingress behind the WAF knows the corpus's subscription and records
// its genuine notifications instead of answering 202 to an unknown id (docs/protocols.md §14).
//   node graph-subscription.mjs BROKER TOPIC SUBSCRIPTION_ID MAILBOX CLIENT_STATE
// The topic must exist (the ingress creates it at start).
import console from 'node:console';
import process from 'node:process';
import { clientStateHash, createEvent, EventTypes } from '@rooms-sync/events';
import { createEventProducer, createKafka } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';

const [broker, topic, subscriptionId, mailbox, clientState] = process.argv.slice(2);
if (!broker || !topic || !subscriptionId || !mailbox || !clientState) {
  console.error('usage: graph-subscription.mjs BROKER TOPIC SUBSCRIPTION_ID MAILBOX CLIENT_STATE');
  process.exit(2);
}
const logger = createLogger({ service: 'waf-test', level: 'warn' });
const producer = createEventProducer(createKafka({ brokers: [broker], clientId: 'waf-test', logger }), { logger });
await producer.connect();
try {
  const event = createEvent(
    EventTypes.SubscriptionCreatedV1,
    {
      subscriptionId,
      mailbox,
      folder: 'calendar',
      callbackUrl: 'https://waf.local/api/webhooks/graph',
      callbackRule: 'default',
      // Graph has no heartbeat; the schema's field is EWS's, any value in range will do.
      statusFrequencyMinutes: 1,
      source: 'graph',
      clientStateHash: clientStateHash(clientState),
    },
    { source: 'waf-test', subject: mailbox },
  );
  await producer.sendEvents(topic, [event], { deadlineMs: 15_000 });
} finally {
  await producer.disconnect();
}
