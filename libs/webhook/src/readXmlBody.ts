// Reads the request body under a byte limit. A declared Content-Length over the
// limit is refused before a byte is read; an undeclared (chunked) body is cut
// off as soon as it passes the limit.
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { WebhookRefusal } from './refusals.ts';

const XML_TYPES = new Set(['text/xml', 'application/xml', 'application/soap+xml']);

export function assertXmlContentType(contentType: string | undefined): void {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || !XML_TYPES.has(type)) throw new WebhookRefusal('unsupported_media_type');
}

export async function readXmlBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    throw new WebhookRefusal('body_too_large', { headers: { Connection: 'close' } });
  }
  try {
    return await getRawBody(req, { length: declared ?? null, limit: limitBytes });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      throw new WebhookRefusal('body_too_large', { cause: error, headers: { Connection: 'close' } });
    }
    throw new WebhookRefusal('bad_body', { cause: error });
  }
}
