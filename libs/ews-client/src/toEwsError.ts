// Maps whatever an EWS call rejected with (a ServiceResponseException for an error response
// message, a SoapFaultDetails for a SOAP fault or an HTTP error, an axios error, a token error,
// a local exception) to one EwsError. The transport's record of the wire comes first: it is a
// fact, where the library's objects are lossy (an unknown ResponseCode becomes
// ErrorInternalServerError, a timeout becomes a fault with only a message).
import { ServiceError, ServiceResponseException, SoapFaultDetails } from 'ews-javascript-api';
import { classifyEwsError } from './classifyEwsError.ts';
import type { EwsError } from './EwsClient.ts';
import type { TransportOutcome } from './ObservingTransport.ts';
import { TokenRequestError } from '@rooms-sync/entra';

/** An error response message inside an HTTP 200 that the library returned rather than threw. */
export class ResponseMessageError extends Error {
  override readonly name = 'ResponseMessageError';
  readonly code: string;
  readonly backOffMs: number | undefined;
  constructor(code: string, message: string, details: unknown) {
    super(message);
    this.code = code;
    this.backOffMs = backOffFrom(isDictionary(details) ? detail(details, 'BackOffMilliseconds') : undefined);
  }
}

export interface ErrorContext {
  operation: string;
  mailbox: string;
}

export function toEwsError(thrown: unknown, transport: TransportOutcome | undefined, ctx: ErrorContext): EwsError {
  const make = (code: string, message: string, httpStatus?: number, backOffMs?: number): EwsError => ({
    ...ctx,
    code,
    message,
    kind: classifyEwsError(code, httpStatus),
    ...(backOffMs === undefined ? {} : { backOffMs }),
  });

  if (thrown instanceof TokenRequestError) {
    // Not reached is a network failure; reached, or refused by MSAL before asking, is credentials.
    const unreached = thrown.retriable && thrown.status === undefined;
    const code = thrown.timedOut ? 'Timeout' : unreached ? 'NetworkError' : 'TokenRequestFailed';
    return make(code, thrown.message, thrown.status);
  }
  if (transport?.kind === 'timeout') return make('Timeout', transport.message);
  if (transport?.kind === 'network') return make('NetworkError', transport.message);
  if (transport?.kind === 'response' && transport.status !== 200) {
    const fault = transport.status === 500 ? readFault(thrown, transport.body) : undefined;
    if (fault) return make(fault.code, fault.message, 500, fault.backOffMs);
    return make(
      `HttpStatus${transport.status}`,
      transport.message ?? `HTTP ${transport.status}`,
      transport.status,
      transport.retryAfterMs,
    );
  }
  if (thrown instanceof ResponseMessageError) return make(thrown.code, thrown.message, 200, thrown.backOffMs);
  if (thrown instanceof ServiceResponseException) {
    const code = serviceErrorName(thrown.ErrorCode) ?? 'ErrorInternalServerError';
    return make(
      code,
      thrown.Message || code,
      200,
      backOffFrom(detail(thrown.Response.ErrorDetails, 'BackOffMilliseconds')),
    );
  }
  return make('ClientError', describe(thrown));
}

interface Fault {
  code: string;
  message: string;
  backOffMs?: number;
}

// The raw body wins for the code: the library maps codes missing from its enum to
// ErrorInternalServerError. Its parsed fault supplies the message and MessageXml details.
function readFault(thrown: unknown, body: string): Fault | undefined {
  const rawCode = /<(?:[\w.-]+:)?ResponseCode\b[^>]*>\s*(\w+)\s*</.exec(body)?.[1];
  const rawBackOff = /Name="BackOffMilliseconds"[^>]*>\s*(\d+)\s*</.exec(body)?.[1];
  let parsedCode: string | undefined;
  let message: string | undefined;
  let backOff: string | undefined;
  if (thrown instanceof SoapFaultDetails) {
    const responseCode: unknown = Reflect.get(thrown, 'ResponseCode');
    parsedCode = typeof responseCode === 'number' ? serviceErrorName(responseCode) : undefined;
    message = firstString(Reflect.get(thrown, 'Message'), Reflect.get(thrown, 'FaultString'));
    const details: unknown = Reflect.get(thrown, 'ErrorDetails');
    backOff = isDictionary(details) ? detail(details, 'BackOffMilliseconds') : undefined;
  }
  const code = rawCode ?? parsedCode;
  if (code === undefined) return undefined;
  const backOffMs = backOffFrom(backOff ?? rawBackOff);
  return { code, message: message ?? code, ...(backOffMs === undefined ? {} : { backOffMs }) };
}

interface StringDictionary {
  containsKey(key: string): boolean;
  get(key: string): string;
}

function isDictionary(o: unknown): o is StringDictionary {
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof Reflect.get(o, 'containsKey') === 'function' &&
    typeof Reflect.get(o, 'get') === 'function'
  );
}

function detail(details: StringDictionary | null | undefined, key: string): string | undefined {
  if (!details?.containsKey(key)) return undefined;
  const value: unknown = details.get(key);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function backOffFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function describe(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'object' && thrown !== null) {
    const message: unknown = Reflect.get(thrown, 'message');
    if (typeof message === 'string' && message !== '') return message;
  }
  return String(thrown);
}

/** The enum's reverse mapping; undefined for numbers it does not know. */
export function serviceErrorName(value: number): string | undefined {
  const name: unknown = Reflect.get(ServiceError, value);
  return typeof name === 'string' ? name : undefined;
}
