// The webhook's body: XML only, read under the byte limit, every failure a refusal. A body
// over the limit is left (partly) unread, so its connection is closed rather than reused.
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '@rooms-sync/http';
import { WebhookRefusal } from './refusals.ts';

const XML_TYPES = new Set(['text/xml', 'application/xml', 'application/soap+xml']);

export function assertXmlContentType(contentType: string | undefined): void {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || !XML_TYPES.has(type)) throw new WebhookRefusal('unsupported_media_type');
}

export async function readXmlBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await readBody(req, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new WebhookRefusal('body_too_large', { cause: error, headers: { Connection: 'close' } });
    }
    throw new WebhookRefusal('bad_body', { cause: error });
  }
}
