export { SOAP11_NS, EWS_MESSAGES_NS, EWS_TYPES_NS } from './namespaces.ts';
export {
  buildSendNotification,
  EXCHANGE_PREFIXES,
  type BuildSendNotificationOptions,
  type NamespacePrefixes,
} from './buildSendNotification.ts';
export {
  parseSendNotification,
  DEFAULT_MAX_BYTES,
  type ParseSendNotificationOptions,
} from './parseSendNotification.ts';
export type { ParseResult, ParseFailure, ParseFailureReason } from './parseResult.ts';
export {
  sendNotificationReply,
  sendNotificationReplyBuffer,
  SEND_NOTIFICATION_REPLY_CONTENT_TYPE,
  type SubscriptionStatus,
} from './sendNotificationReply.ts';
export { xmlEscape } from './xmlEscape.ts';
