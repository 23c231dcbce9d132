// Dead letters use libs/kafka's record format (original bytes + `dlq-*` headers), so the DLQ
// tooling reads every consumer's letters the same way.
import type { deadLetterMessage } from '@rooms-sync/kafka';

export type DeadLetterRecord = ReturnType<typeof deadLetterMessage>;

/** Why the projector gave up on an event. `unconfigured_connection`: the room's connection has no client here. */
export type DlqReason = 'undecodable' | 'exchange_error' | 'apply_error' | 'unconfigured_connection';

export interface DlqSink {
  /** Produces `records` (all from `originTopic`) to its DLQ topic; resolves once acked. */
  send(originTopic: string, records: DeadLetterRecord[]): Promise<void>;
}
