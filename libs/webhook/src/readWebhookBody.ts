// The webhook's body: the content type its route expects, read under the byte limit, every
// failure a refusal. A body over the limit is left (partly) unread, so its connection is closed
// rather than reused.
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '@rooms-sync/http';
import { WebhookRefusal } from './refusals.ts';

/** EWS pushes SOAP; Graph posts JSON. */
export const BODY_TYPES = {
  xml: { types: new Set(['text/xml', 'application/xml', 'application/soap+xml']), refusal: 'unsupported_media_type' },
  json: { types: new Set(['application/json']), refusal: 'json_expected' },
} as const;

export function assertContentType(contentType: string | undefined, expected: keyof typeof BODY_TYPES): void {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  const { types, refusal } = BODY_TYPES[expected];
  if (!type || !(types as ReadonlySet<string>).has(type)) throw new WebhookRefusal(refusal);
}

export async function readWebhookBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await readBody(req, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new WebhookRefusal('body_too_large', { cause: error, headers: { Connection: 'close' } });
    }
    throw new WebhookRefusal('bad_body', { cause: error });
  }
}
