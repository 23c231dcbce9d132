// The answer Exchange expects to a push (docs/protocols.md §6): HTTP 200 with a SOAP 1.1 body
// whose child is m:SendNotificationResult/m:SubscriptionStatus. SubscriptionStatus is declared
// locally in messages.xsd (elementFormDefault="qualified"), so it is in the messages namespace
// too, not in types. Constant per status, so the hot path only writes a precomputed buffer.
import { EWS_MESSAGES_NS, SOAP11_NS } from './namespaces.ts';

export type SubscriptionStatus = 'OK' | 'Unsubscribe';

/** Content-Type for the reply (the SOAP 1.1 convention). */
export const SEND_NOTIFICATION_REPLY_CONTENT_TYPE = 'text/xml; charset=utf-8';

function template(status: SubscriptionStatus): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body>` +
    `<SendNotificationResult xmlns="${EWS_MESSAGES_NS}"><SubscriptionStatus>${status}</SubscriptionStatus></SendNotificationResult>` +
    '</soap:Body></soap:Envelope>'
  );
}

const REPLY: Readonly<Record<SubscriptionStatus, string>> = {
  OK: template('OK'),
  Unsubscribe: template('Unsubscribe'),
};
const REPLY_BUFFER: Readonly<Record<SubscriptionStatus, Buffer>> = {
  OK: Buffer.from(REPLY.OK, 'utf8'),
  Unsubscribe: Buffer.from(REPLY.Unsubscribe, 'utf8'),
};

/** The SOAP reply for a push: `OK` keeps the subscription, `Unsubscribe` ends it. */
export function sendNotificationReply(status: SubscriptionStatus): string {
  return REPLY[status];
}

/** The same reply as a shared UTF-8 buffer (do not mutate). */
export function sendNotificationReplyBuffer(status: SubscriptionStatus): Buffer {
  return REPLY_BUFFER[status];
}
