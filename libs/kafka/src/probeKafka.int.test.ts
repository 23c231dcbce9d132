// The probe against the real broker and against a port where nothing listens: it answers, or it
// fails at once with our error type, without the engine's retry burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KafkaUnavailableError } from './errors.ts';
import { probeKafka } from './probeKafka.ts';
import { TEST_BROKERS } from './testing/testKafka.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('resolves when the broker answers', async () => {
  await probeKafka({ brokers: TEST_BROKERS, clientId: 'probe-test' });
});

test('a broker that is not there fails once, as KafkaUnavailableError', async () => {
  const port = await closedPort();
  await assert.rejects(
    probeKafka({ brokers: [`127.0.0.1:${String(port)}`], clientId: 'probe-test' }),
    (error: unknown) => error instanceof KafkaUnavailableError && error.retriable,
  );
});
