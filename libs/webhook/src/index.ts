export { createWebhookApp, WEBHOOK_PATH, LEGACY_WEBHOOK_PATH, type WebhookAppOptions } from './createWebhookApp.ts';
export type { RecordedNotification } from './RecordedNotification.ts';
export { createEventBatcher, type EventBatcher, type EventBatcherOptions } from './createEventBatcher.ts';
export {
  createSubscriptionDirectory,
  type SubscriptionDirectory,
  type SubscriptionFact,
  type KnownSubscription,
  type SubscriptionState,
} from './createSubscriptionDirectory.ts';
export { createWebhookMetrics, type WebhookMetrics, type Outcome } from './createWebhookMetrics.ts';
export { createAddressMatcher, resolveClientAddress, type AddressMatcher } from './resolveClientAddress.ts';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './createRateLimiter.ts';
export { REFUSALS, WebhookRefusal, type RefusalReason } from './refusals.ts';
export { subscriptionFactOf } from './subscriptionFactOf.ts';
export { GRAPH_WEBHOOK_PATH, GRAPH_LIFECYCLE_PATH } from './graphNotificationRoute.ts';
