import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './createLogger.ts';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

test('writes one JSON line per event with service, level label and ISO time', () => {
  const out = capture();
  const logger = createLogger({ service: 'webhook-ingress', destination: out.stream });
  logger.info({ mailbox: 'room-1@contoso.example' }, 'subscribed');
  const [line] = out.lines();
  assert.equal(line?.service, 'webhook-ingress');
  assert.equal(line?.level, 'info');
  assert.equal(line?.msg, 'subscribed');
  assert.equal(line?.mailbox, 'room-1@contoso.example');
  assert.match(String(line?.time), /^\d{4}-\d\d-\d\dT/);
});

test('drops lines below the configured level', () => {
  const out = capture();
  const logger = createLogger({ service: 's', level: 'warn', destination: out.stream });
  logger.info('hidden');
  logger.warn('shown');
  assert.deepEqual(
    out.lines().map((l) => l.msg),
    ['shown'],
  );
});
