// The one EWS call the manager makes (with the client's default event types: those the
// projector needs), typed as the shape libs/ews-client's createEwsClient
// returns, so the real client fits structurally and tests pass a hand-written fake.
import type { EwsErrorKind } from '@rooms-sync/events';

export interface EwsError {
  readonly operation: string;
  readonly mailbox: string;
  /** The EWS response code (e.g. ErrorServerBusy) or a transport code. */
  readonly code: string;
  readonly message: string;
  readonly kind: EwsErrorKind;
  /** Exchange's BackOffMilliseconds when throttled. */
  readonly backOffMs?: number | undefined;
}

export type EwsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EwsError };

export interface SubscribePushOptions {
  mailbox: string;
  callbackUrl: string;
  statusFrequencyMinutes: number;
  watermark?: string;
}

export interface EwsSubscriber {
  subscribePush(
    options: SubscribePushOptions,
  ): Promise<EwsResult<{ subscriptionId: string; watermark: string | undefined }>>;
}
