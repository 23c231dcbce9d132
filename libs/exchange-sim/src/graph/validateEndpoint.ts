// The handshake Graph runs on a notification (or lifecycle) URL before it creates a subscription:
// POST url?validationToken=<token>; the endpoint must answer 200 text/plain with the decoded token.
import { randomUUID } from 'node:crypto';
import type { PostJson } from './postJson.ts';

export type Validation = { ok: true } | { ok: false; reason: string };

export async function validateEndpoint(url: string, post: PostJson, timeoutMs: number): Promise<Validation> {
  // Graph's tokens hold spaces and colons, so an endpoint that does not URL-decode fails here too.
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
  const res = await post(target, undefined, timeoutMs);
  if (res.kind === 'failed') return { ok: false, reason: res.reason };
  if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}, not 200` };
  if (!/^text\/plain\b/i.test(res.contentType)) return { ok: false, reason: `content type ${res.contentType}` };
  if (res.text !== token) return { ok: false, reason: 'the body is not the validation token' };
  return { ok: true };
}
