// `dlq list [--limit N] [--json]` and `dlq replay [--limit N]`: the projector's dead letters.
// Replay sends each original message (its key, value and non-DLQ headers) back to the topic it
// came from; the projector then applies it like any other (the sync state makes that safe), and
// the replay group's committed offset remembers what was already sent back.
import { parseArgs } from 'node:util';
import { EX_CONFIG, loadServiceConfig } from '@rooms-sync/config';
import { createEventProducer, createKafka, kafkaSecurity, dlqTopicFor, readDeadLetterInfo } from '@rooms-sync/kafka';
import { headerString } from '@rooms-sync/events';
import { EX_USAGE, type CliCommand, type CommandIo } from '@rooms-sync/lifecycle';
import { consumeToEnd } from './consumeToEnd.ts';
import type { ToolMessage } from './consumeToEnd.ts';
import { projectorSettings } from './projectorSettings.ts';

const USAGE = `usage: dlq <list|replay> [--limit N] [--json]
  list     show dead-lettered events (origin topic/partition/offset, reason, details, event id)
  replay   send them back to their origin topic, oldest first, and remember how far it got
options: --appsettings <path>  RoomsAppSettings.config; KafkaBrokers may come from the env
`;

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export const dlqCommand: CliCommand = {
  summary: 'list or replay events the sync-projector dead-lettered (list|replay [--limit N])',
  async run(argv, io) {
    const args = argv[0] === 'dlq' ? argv.slice(1) : argv;
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          limit: { type: 'string' },
          json: { type: 'boolean' },
          appsettings: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
      });
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return EX_USAGE;
    }
    const [verb, ...extra] = parsed.positionals;
    if (parsed.values.help === true) {
      io.stdout.write(USAGE);
      return 0;
    }
    const limit = parsed.values.limit === undefined ? undefined : Number(parsed.values.limit);
    if (
      (verb !== 'list' && verb !== 'replay') ||
      extra.length > 0 ||
      (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    ) {
      io.stderr.write(USAGE);
      return EX_USAGE;
    }
    const config = loadServiceConfig(projectorSettings, { env: io.env, argv: args });
    if (!config.ok) {
      for (const error of config.errors) io.stderr.write(`config error: ${error.message}\n`);
      return EX_CONFIG;
    }
    const s = config.settings;
    const security = kafkaSecurity(s, config.sources);
    if (!security.ok) {
      for (const error of security.errors) io.stderr.write(`config error: ${error.message}\n`);
      return EX_CONFIG;
    }
    const kafka = createKafka({
      brokers: [...s.KafkaBrokers],
      clientId: 'rooms-cli',
      logger: quietLogger,
      logLevel: 'error',
      security: security.security,
    });
    const dlqTopics = [s.NotificationsTopic, s.SubscriptionsTopic].map(dlqTopicFor);
    try {
      if (verb === 'list') return await list(kafka, dlqTopics, limit, parsed.values.json === true, io);
      return await replay(kafka, dlqTopics, `${s.ProjectorConsumerGroup}-dlq-replay`, limit, io);
    } catch (error) {
      io.stderr.write(`dlq ${verb} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  },
};

function describe(m: ToolMessage) {
  const info = readDeadLetterInfo(m.headers);
  return {
    dlq: `${m.topic}[${m.partition}]@${m.offset}`,
    origin: info ? `${info.topic}[${info.partition}]@${info.offset}` : 'unknown',
    reason: info?.reason ?? 'unknown',
    details: info?.details ?? '',
    eventId: headerString(m.headers, 'dlq-event-id') ?? null,
    failedAt: headerString(m.headers, 'dlq-failed-at') ?? null,
    key: m.key?.toString('utf8') ?? null,
  };
}

async function list(
  kafka: ReturnType<typeof createKafka>,
  topics: string[],
  limit: number | undefined,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const rows: ReturnType<typeof describe>[] = [];
  // A throwaway group: listing never moves the replay position.
  await consumeToEnd({
    kafka,
    groupId: `rooms-cli-dlq-list-${process.pid}-${Date.now()}`,
    topics,
    limit,
    commit: false,
    onMessage: (m) => {
      rows.push(describe(m));
      return Promise.resolve();
    },
  });
  if (json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) io.stdout.write('the dead-letter topics are empty\n');
  else
    for (const r of rows)
      io.stdout.write(
        `${r.failedAt ?? '?'}  ${r.origin}  ${r.reason}  key=${r.key ?? '-'}  event=${r.eventId ?? '-'}\n    ${r.details}\n`,
      );
  return 0;
}

async function replay(
  kafka: ReturnType<typeof createKafka>,
  topics: string[],
  groupId: string,
  limit: number | undefined,
  io: CommandIo,
): Promise<number> {
  const producer = createEventProducer(kafka, { logger: quietLogger });
  await producer.connect();
  let skipped = 0;
  try {
    const sent = await consumeToEnd({
      kafka,
      groupId,
      topics,
      limit,
      commit: true,
      onMessage: async (m) => {
        const info = readDeadLetterInfo(m.headers);
        if (!info) {
          skipped += 1;
          return;
        }
        const headers: Record<string, string | Buffer> = {};
        for (const [k, v] of Object.entries(m.headers ?? {})) {
          if (k.startsWith('dlq-') || v === undefined) continue;
          headers[k] = typeof v === 'string' || Buffer.isBuffer(v) ? v : (v[0] ?? '');
        }
        await producer.sendRaw(info.topic, [{ key: m.key, value: m.value, headers }]);
        io.stdout.write(`replayed ${info.topic}[${info.partition}]@${info.offset} (${info.reason})\n`);
      },
    });
    io.stdout.write(`${sent - skipped} replayed${skipped > 0 ? `, ${skipped} without DLQ headers skipped` : ''}\n`);
    return 0;
  } finally {
    await producer.disconnect();
  }
}
