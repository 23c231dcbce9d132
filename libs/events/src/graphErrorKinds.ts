// How libs/graph-client classifies a Microsoft Graph failure: what the caller should do next.
// The kinds the EWS path shares keep its names (throttled, transient, permanent, unauthorized,
// invalid_sync_state), so the manager and projector treat both sources alike; the rest are
// Graph's own: not_found (the subscription expired or was removed: create a new one) and
// expiry_too_long (ask again for a shorter subscription).
export const GRAPH_ERROR_KINDS = [
  'throttled',
  'transient',
  'permanent',
  'unauthorized',
  'invalid_sync_state',
  'not_found',
  'expiry_too_long',
] as const;

export type GraphErrorKind = (typeof GRAPH_ERROR_KINDS)[number];
