export { createSimulator, DEMO_ROOMS, type Simulator, type SimulatorOptions } from './createSimulator.ts';
export { type AuthConfig, type AuthMode } from './auth.ts';
export { type Clock, type TimerHandle, systemClock } from './clock.ts';
export { silentLogger } from './logger.ts';
export {
  createMailboxStore,
  type MailboxStore,
  type BookingInput,
  type ItemPatch,
  type CancelMode,
} from './mailboxStore.ts';
export { createPushService, type PushService } from './pushService.ts';
export { PushSubscription, type SubscriptionState } from './PushSubscription.ts';
export { postNotification, type PostNotification, type DeliveryOutcome } from './postNotification.ts';
export { createFaults, type Faults } from './faults.ts';
export { SimError } from './SimError.ts';
export type { GraphAppInput } from './graph/appRegistry.ts';
export { GRAPH_RETRY, type GraphFaceOptions } from './graph/createGraphFace.ts';
export type { CalendarItem, Mailbox, MailboxEvent, MailboxKind, Recurrence, ItemFields } from './model.ts';
