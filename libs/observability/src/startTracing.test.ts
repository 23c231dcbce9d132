import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import { startTracing } from './startTracing.ts';

test('without an OTLP endpoint the SDK stays off and spans are no-ops', async () => {
  const tracing = startTracing({ serviceName: 'x' });
  assert.equal(tracing.enabled, false);
  const span = trace.getTracer('t').startSpan('s');
  assert.equal(span.isRecording(), false);
  span.end();
  await tracing.shutdown();
});

test('OTEL_SDK_DISABLED wins over an endpoint', () => {
  const tracing = startTracing({ serviceName: 'x', otlpEndpoint: 'http://127.0.0.1:4318', disabled: true });
  assert.equal(tracing.enabled, false);
});
