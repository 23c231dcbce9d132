// Reads a request body under a byte limit. A declared Content-Length over the limit is refused
// before a byte is read; an undeclared (chunked) body is cut off as soon as it passes the limit.
// Only the limit is judged here: callers map BodyTooLargeError and the stream's own errors
// (aborted, short body) to their protocol's replies.
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly status = 413;
  readonly retriable = false;
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    throw new BodyTooLargeError(`body of ${declared} bytes exceeds ${limitBytes}`);
  }
  try {
    return await getRawBody(req, { length: declared ?? null, limit: limitBytes });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw new BodyTooLargeError(`body exceeds ${limitBytes} bytes`, { cause: error });
    }
    throw error;
  }
}
