// How libs/ews-client classifies an EWS failure. The list lives beside the event that records
// it (SubscriptionFailed.kind), so the schema, the client and the manager cannot drift apart.
export const EWS_ERROR_KINDS = [
  'throttled',
  'transient',
  'permanent',
  'invalid_watermark',
  'invalid_sync_state',
  'unauthorized',
] as const;

export type EwsErrorKind = (typeof EWS_ERROR_KINDS)[number];
