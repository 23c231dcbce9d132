// A broker of the test's own, for tests that stop and restart Kafka: the shared
// local broker stays up for every other test running in parallel.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repoRoot.ts';

const run = promisify(execFile);

export interface PrivateKafka {
  brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stop it and remove its data. */
  destroy(): Promise<void>;
}

export async function createPrivateKafka(): Promise<PrivateKafka> {
  const dir = await mkdtemp(join(tmpdir(), 'rooms-sync-kafka-'));
  const port = await freePort();
  const env = {
    ...process.env,
    ROOMS_RUN: dir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  const script = join(REPO_ROOT, '.dev/kafka.sh');
  const kafka: PrivateKafka = {
    brokers: `127.0.0.1:${port}`,
    start: async () => {
      await run(script, ['start'], { env });
    },
    stop: async () => {
      await run(script, ['stop'], { env });
    },
    destroy: async () => {
      await kafka.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return kafka;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}
