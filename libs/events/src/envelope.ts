// The envelope every rooms-sync event travels in (CloudEvents-like). The id is the
// consumers' dedupe key; the subject is the Kafka key, so one mailbox keeps its order.
// Unknown newer fields are allowed everywhere: a v1 reader must carry, not drop, what
// a newer writer added.
import Type from 'typebox';
import type { TSchema } from 'typebox';

/** Attributes every event carries besides `type` and `data`. */
export const envelopeAttributes = {
  /** UUID; the dedupe key. */
  id: Type.String({ format: 'uuid' }),
  /** The producing service, e.g. `webhook-ingress`. */
  source: Type.String({ minLength: 1 }),
  /** When the event was produced, RFC 3339 / ISO 8601. */
  time: Type.String({ format: 'date-time' }),
  /** The mailbox, or the subscription id when the mailbox is unknown. Also the Kafka key. */
  subject: Type.String({ minLength: 1 }),
};

/** Builds the full schema of one event type and version: envelope + payload. */
export function eventSchema<const EventType extends string, Data extends TSchema>(type: EventType, data: Data) {
  return Type.Object({ ...envelopeAttributes, type: Type.Literal(type), data }, { additionalProperties: true });
}

/** `rooms.exchange.<Name>.v<N>` */
export function eventTypeName<const Name extends string, const Version extends number>(name: Name, version: Version) {
  return `rooms.exchange.${name}.v${version}` as const;
}
