import type { SendNotificationMessage } from '@rooms-sync/events';

/** Why a body was refused; each maps to one documented input class (see parseSendNotification). */
export type ParseFailureReason =
  | 'malformed_xml'
  | 'doctype_forbidden'
  | 'processing_instruction'
  | 'not_soap'
  | 'not_send_notification'
  | 'too_deep'
  | 'too_large'
  | 'invalid_utf8'
  | 'empty';

export interface ParseFailure {
  reason: ParseFailureReason;
  message: string;
}

export type ParseResult = { ok: true; messages: SendNotificationMessage[] } | { ok: false; error: ParseFailure };
