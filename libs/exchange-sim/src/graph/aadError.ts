// Entra ID's OAuth error replies (RFC 6749 §5.2 plus its AADSTS extensions), which MSAL reads.
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';

export function aadError(
  ctx: Context,
  status: number,
  error: string,
  aadsts: number,
  message: string,
  now: number,
): void {
  const timestamp = new Date(now).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  const traceId = randomUUID();
  const correlationId = ctx.get('client-request-id') || randomUUID();
  ctx.status = status;
  ctx.body = {
    error,
    error_description: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
}
