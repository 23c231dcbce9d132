// SOAP 1.1 envelopes the simulator answers with: a ServerVersionInfo header like Exchange
// 2016's, response bodies declaring m:/t:, and faults in Exchange's shape (ResponseCode,
// Message and MessageXml in the detail, e.g. BackOffMilliseconds for ErrorServerBusy).
import type { Attrs } from './xml.ts';
import { E_NS, M_NS, SOAP_NS, T_NS, el, esc, leaf } from './xml.ts';

const SERVER_VERSION = `<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="${T_NS}"/>`;

/**
 * `body` is the content of the response element, using the m:/t: prefixes; they are declared on
 * it here. `attrs`: the response element's own (ResponseClass of a response that is itself the
 * one response message, such as GetRoomListsResponse).
 */
export function soapEnvelope(operationResponse: string, body: string, attrs: Attrs = {}): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_NS}"><s:Header>${SERVER_VERSION}</s:Header><s:Body>` +
    el(`m:${operationResponse}`, { 'xmlns:m': M_NS, 'xmlns:t': T_NS, ...attrs }, body) +
    '</s:Body></s:Envelope>'
  );
}

export function soapFault(code: string, message: string, details: Readonly<Record<string, string>> = {}): string {
  const values = Object.entries(details)
    .map(([k, v]) => `<t:Value Name="${esc(k)}">${esc(v)}</t:Value>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_NS}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${T_NS}">a:${esc(code)}</faultcode><faultstring xml:lang="en-US">${esc(message)}</faultstring>` +
    `<detail><e:ResponseCode xmlns:e="${E_NS}">${esc(code)}</e:ResponseCode><e:Message xmlns:e="${E_NS}">${esc(message)}</e:Message>` +
    (values ? `<t:MessageXml xmlns:t="${T_NS}">${values}</t:MessageXml>` : '') +
    '</detail></s:Fault></s:Body></s:Envelope>'
  );
}

export interface ResponseError {
  code: string;
  message: string;
  /** Extra MessageXml values (e.g. the SMTP address that has no mailbox). */
  details?: Readonly<Record<string, string>>;
}

export type MessageOutcome = { ok: true; payload: string } | { ok: false; error: ResponseError; emptyPayload?: string };

/** One `m:<Name>ResponseMessage`: success with its payload, or an error with code and text. */
export function responseMessage(name: string, outcome: MessageOutcome): string {
  const { attrs, content } = responseMessageParts(outcome);
  return el(`m:${name}`, attrs, content);
}

/** A response message's ResponseClass and content, for a response element that is itself the message. */
export function responseMessageParts(outcome: MessageOutcome): { attrs: { ResponseClass: string }; content: string } {
  if (outcome.ok) {
    return {
      attrs: { ResponseClass: 'Success' },
      content: `${leaf('m:ResponseCode', 'NoError') ?? ''}${outcome.payload}`,
    };
  }
  const { error } = outcome;
  const details = Object.entries(error.details ?? {});
  const parts = [
    leaf('m:MessageText', error.message),
    leaf('m:ResponseCode', error.code),
    leaf('m:DescriptiveLinkKey', 0),
    details.length > 0 && el('m:MessageXml', undefined, ...details.map(([k, v]) => leaf('t:Value', v, { Name: k }))),
    outcome.emptyPayload,
  ];
  return { attrs: { ResponseClass: 'Error' }, content: parts.filter((c) => typeof c === 'string').join('') };
}
