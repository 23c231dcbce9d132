// The one EWS call the manager makes (with the client's default event types: those the
// projector needs), in libs/ews-client's own types: the real client fits, tests pass a
// hand-written fake. The manager does not count on Subscribe returning a watermark.
import type { EwsResult, SubscribePushRequest } from '@rooms-sync/ews-client';

export interface EwsSubscriber {
  subscribePush(
    request: SubscribePushRequest,
  ): Promise<EwsResult<{ subscriptionId: string; watermark: string | undefined }>>;
}
