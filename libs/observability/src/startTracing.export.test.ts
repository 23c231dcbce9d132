// Its own file: starting the SDK registers global providers for the whole process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { activeTraceContext } from './activeTraceContext.ts';
import { startTracing } from './startTracing.ts';

test('with an OTLP endpoint, finished spans are exported there over OTLP/HTTP', async () => {
  const received: { path: string; type: string; bytes: number }[] = [];
  const collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        type: req.headers['content-type'] ?? '',
        bytes: Buffer.concat(chunks).length,
      });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;

  const tracing = startTracing({ serviceName: 'webhook-ingress', otlpEndpoint: `http://127.0.0.1:${port}` });
  assert.equal(tracing.enabled, true);
  const span = trace.getTracer('test').startSpan('record notification');
  assert.equal(span.isRecording(), true);
  const carried = context.with(trace.setSpan(context.active(), span), activeTraceContext);
  assert.match(
    carried?.traceparent ?? '',
    new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-01$`),
  );
  assert.equal(activeTraceContext(), undefined, 'outside the span there is nothing to carry');
  span.end();
  await tracing.shutdown();
  collector.close();

  assert.equal(received.length, 1);
  assert.equal(received[0]?.path, '/v1/traces');
  assert.equal(received[0]?.type, 'application/x-protobuf');
  assert.ok((received[0]?.bytes ?? 0) > 0);
});
