// What the webhook hands to its recorder: one NotificationReceived event's data and key.
import type { NotificationReceivedV1 } from '@rooms-sync/events';

export interface RecordedNotification {
  /** Partition key: the mailbox when the subscription is known, else the subscription id. */
  key: string;
  data: NotificationReceivedV1;
  /** W3C trace context of the request, carried to consumers in Kafka headers. */
  trace?: { traceparent: string; tracestate?: string } | undefined;
}
