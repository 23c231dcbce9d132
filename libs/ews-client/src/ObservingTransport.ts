// ews-javascript-api turns transport failures into loosely shaped objects (a SoapFaultDetails
// holding only a message, or the raw axios error). This wrapper around @ewsjs/xhr's XhrApi
// writes down what actually happened on the wire, so errors are classified from facts rather
// than from message text. One instance per EWS call, so nothing here is shared.
import { XhrApi } from '@ewsjs/xhr';

export type TransportOutcome =
  | { kind: 'response'; status: number; body: string; retryAfterMs?: number; message?: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'network'; message: string };

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export interface TransportOptions {
  timeoutMs: number;
  allowUntrustedCertificate: boolean;
  ntlm?: { username: string; password: string };
}

export class ObservingTransport {
  readonly apiName = 'rooms-sync-observing';
  #inner: XhrApi;
  #ntlm: boolean;
  #last: TransportOutcome | undefined;

  constructor(options: TransportOptions) {
    // Axios decompresses by itself; `gzip` was an option of the old `request` backend.
    this.#inner = new XhrApi({ timeout: options.timeoutMs, rejectUnauthorized: !options.allowUntrustedCertificate });
    this.#ntlm = options.ntlm !== undefined;
    if (options.ntlm) this.#inner.useNtlmAuthentication(options.ntlm.username, options.ntlm.password);
  }

  /** The outcome of the most recent request (undefined if none was sent). */
  get last(): TransportOutcome | undefined {
    return this.#last;
  }

  async xhr(options: Parameters<XhrApi['xhr']>[0]): Promise<unknown> {
    try {
      const response: unknown = await this.#inner.xhr(options);
      this.#last = { kind: 'response', status: 200, body: '' };
      return response;
    } catch (error: unknown) {
      this.#last = describeFailure(error, this.#ntlm);
      throw error;
    }
  }

  xhrStream(): Promise<unknown> {
    return Promise.reject(new Error('streaming notifications are not used by rooms-sync'));
  }

  disconnect(): void {
    // Nothing to close: every request is a plain POST.
  }
}

function describeFailure(error: unknown, ntlm: boolean): TransportOutcome {
  const o = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const status = o['status'];
  if (typeof status === 'number' && status > 0) {
    const body = typeof o['responseText'] === 'string' ? o['responseText'] : '';
    const retryAfterMs = readRetryAfter(o['headers']);
    return { kind: 'response', status, body, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  const code = typeof o['code'] === 'string' ? o['code'] : '';
  const message = typeof o['message'] === 'string' ? o['message'] : String(error);
  // NtlmProvider throws a bare Error (not an axios one) when the server's 401 carries no usable
  // NTLM challenge ("www-authenticate not found", "Invalid message signature"…): the server
  // refused NTLM, which is an authentication failure, not a network one.
  if (ntlm && o['isAxiosError'] !== true)
    return { kind: 'response', status: 401, body: '', message: `NTLM handshake failed: ${message}` };
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(message)) return { kind: 'timeout', message };
  return { kind: 'network', message: code ? `${code}: ${message}` : message };
}

function readRetryAfter(headers: unknown): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value: unknown = (headers as Record<string, unknown>)['retry-after'];
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
