export { createGraphClient, GRAPH_HOST } from './createGraphClient.ts';
export type { GraphClientOptions } from './createGraphClient.ts';
export type {
  CreateSubscriptionRequest,
  DateTimeTimeZone,
  DeltaFrom,
  DeltaPage,
  GraphClient,
  GraphEvent,
  GraphEventType,
  GraphFailure,
  GraphResult,
  GraphSubscription,
  PlaceEntry,
} from './GraphClient.ts';
export { classifyGraphError } from './classifyGraphError.ts';
export { GRAPH_SCOPE, graphClientForConnection } from './graphClientForConnection.ts';
export type { GraphConnectionDetails } from './graphClientForConnection.ts';
