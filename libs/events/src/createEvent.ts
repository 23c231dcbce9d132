import { randomUUID } from 'node:crypto';
import type { EventData, RoomsEventOf, RoomsEventType } from './registry.ts';

export type CreateEventOptions = {
  /** The producing service. */
  source: string;
  /** The mailbox, or the subscription id when the mailbox is unknown. */
  subject: string;
  /** Defaults to a random UUID; pass one to make a retried produce dedupe. */
  id?: string;
  /** Defaults to now. */
  time?: Date | string;
};

/** Builds an event envelope; it is validated when encoded. */
export function createEvent<K extends RoomsEventType>(
  type: K,
  data: EventData<K>,
  options: CreateEventOptions,
): RoomsEventOf<K> {
  const time = options.time ?? new Date();
  const event = {
    id: options.id ?? randomUUID(),
    type,
    source: options.source,
    time: typeof time === 'string' ? time : time.toISOString(),
    subject: options.subject,
    data,
  };
  // The literal above is RoomsEventOf<K> by construction; TS cannot see through the generic.
  return event as RoomsEventOf<K>;
}
