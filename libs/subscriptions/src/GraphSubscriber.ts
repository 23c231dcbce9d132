// The Graph calls the manager makes, in libs/graph-client's own types: the real client fits,
// tests pass a hand-written fake.
import type { GraphClient } from '@rooms-sync/graph-client';

export type GraphSubscriber = Pick<
  GraphClient,
  'createSubscription' | 'renewSubscription' | 'deleteSubscription' | 'reauthorizeSubscription' | 'getSubscription'
>;
