// Parses the SendNotification SOAP 1.1 envelope Exchange POSTs to a push callback
// (docs/protocols.md §5) into the NotificationReceived message payloads. The body is untrusted
// and unauthenticated, so: never throws, linear time, no DTD (refused, never expanded), no PIs,
// bounded nesting, strict UTF-8. Matching is on namespace URI + local name only; anything
// unknown (headers, body elements, event kinds) is skipped for forward compatibility, and XSD
// validity is not required (real error pushes are schema-invalid, docs/protocols.md §12).
import { SaxesParser } from 'saxes';
import { childFrame, finishMessage, type Frame } from './childFrame.ts';
import type { SendNotificationMessage } from '@rooms-sync/events';
import { SOAP11_NS as SOAP } from './namespaces.ts';
import { ParseAbort } from './ParseAbort.ts';
import type { ParseFailureReason, ParseResult } from './parseResult.ts';

export interface ParseSendNotificationOptions {
  /** Deepest element nesting accepted; a real push is 8 deep. Default 64. */
  maxDepth?: number;
  /**
   * Largest body (UTF-8 bytes) parsed at all; larger ones are refused as `too_large` before any
   * work. Default 1 MiB, the ingress limit; a push with 50 events is ~25 KiB.
   */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function run(xml: string, maxDepth: number): SendNotificationMessage[] {
  const messages: SendNotificationMessage[] = [];
  const stack: Frame[] = [];
  let depth = 0;
  // Depth of the skipped subtree we are inside (0 = not skipping); avoids a frame per unknown element.
  let skip = 0;
  const seen = { body: false };
  // Six handlers at most: a seventh on() pushes the parser object into V8 dictionary mode and
  // parsing gets ~4x slower (measured). With no 'error' handler saxes throws its own Error,
  // which parseSendNotification maps to malformed_xml.
  const parser = new SaxesParser({ xmlns: true });
  parser.on('doctype', () => {
    throw new ParseAbort('doctype_forbidden', 'DOCTYPE is not allowed in a SOAP message');
  });
  parser.on('processinginstruction', (pi) => {
    throw new ParseAbort('processing_instruction', `processing instruction <?${pi.target}> is not allowed`);
  });
  parser.on('opentag', (tag) => {
    if (++depth > maxDepth) throw new ParseAbort('too_deep', `element nesting deeper than ${maxDepth}`);
    if (skip > 0) {
      skip++;
      return;
    }
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (tag.uri !== SOAP || tag.local !== 'Envelope') {
        throw new ParseAbort('not_soap', `root element is {${tag.uri}}${tag.local}, not a SOAP 1.1 Envelope`);
      }
      stack.push({ k: 'envelope' });
      return;
    }
    const frame = childFrame(parent, tag);
    if (frame === undefined) skip = 1;
    else {
      if (frame.k === 'body') seen.body = true;
      stack.push(frame);
    }
  });
  const onText = (text: string): void => {
    const top = stack.at(-1);
    if (skip === 0 && top?.k === 'text') top.buf += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    depth--;
    if (skip > 0) {
      skip--;
      return;
    }
    const frame = stack.pop();
    const parent = stack.at(-1);
    if (frame === undefined) return;
    if (frame.k === 'text') frame.assign(frame.buf.trim());
    else if (frame.k === 'event' && parent?.k === 'notification') parent.draft.events.push(frame.event);
    else if (frame.k === 'responseMessage') messages.push(finishMessage(frame.draft));
    else if (frame.k === 'body' && !frame.seenChild) throw new ParseAbort('not_send_notification', 'empty SOAP Body');
  });

  parser.write(xml).close();
  if (!seen.body) throw new ParseAbort('not_soap', 'SOAP Envelope without Body');
  if (messages.length === 0)
    throw new ParseAbort('not_send_notification', 'SendNotification without SendNotificationResponseMessage');
  return messages;
}

// Messages quote attacker-controlled names; keep them short enough for a log line.
const MAX_MESSAGE = 200;
function failure(reason: ParseFailureReason, message: string): ParseResult {
  const short = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return { ok: false, error: { reason, message: short } };
}

/**
 * Parses an EWS SendNotification push. Never throws; every refusal comes back as
 * `{ ok: false, error: { reason, message } }`.
 */
export function parseSendNotification(body: Uint8Array | string, opts: ParseSendNotificationOptions = {}): ParseResult {
  try {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    if (size > maxBytes) return failure('too_large', `body of ${size} bytes exceeds ${maxBytes}`);
    let xml: string;
    if (typeof body === 'string') xml = body;
    else {
      try {
        xml = utf8.decode(body);
      } catch {
        return failure('invalid_utf8', 'body is not valid UTF-8');
      }
    }
    if (!/\S/.test(xml)) return failure('empty', 'empty body');
    return { ok: true, messages: run(xml, opts.maxDepth ?? 64) };
  } catch (err) {
    if (err instanceof ParseAbort) return failure(err.reason, err.message);
    // saxes reports well-formedness errors as plain Errors ("line:col: text"). Anything else
    // would be a bug here or an engine limit; the contract is still "never throw".
    if (err instanceof Error && err.constructor === Error) return failure('malformed_xml', err.message);
    return failure('malformed_xml', `internal parser error: ${err instanceof Error ? err.message : 'unknown'}`);
  }
}
