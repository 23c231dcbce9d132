// `dlq list [--limit N] [--json]` and `dlq replay [--limit N]`: the projector's dead letters
// (listDeadLetters and replayDeadLetters in libs/projection), printed for the operator.
import { createKafka, dlqTopicFor, kafkaSecurity } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import { silentLogger } from '@rooms-sync/lifecycle';
import { listDeadLetters, projectorSettings, replayDeadLetters } from '@rooms-sync/projection';
import { reportFailure } from '../CliCommand.ts';
import type { CliCommand, CommandIo } from '../CliCommand.ts';
import { APPSETTINGS_OPTION, loadCommandSettings, reportConfigErrors } from '../loadCommandSettings.ts';
import { parseCommandArgs, usageError } from '../parseCommandArgs.ts';

const USAGE = `usage: dlq <list|replay> [--limit N] [--json]
  list     show dead-lettered events (origin topic/partition/offset, reason, details, event id)
  replay   send them back to their origin topic, oldest first, and remember how far it got
options: --appsettings <path>  RoomsAppSettings.config; KafkaBrokers may come from the env
`;

const SPEC = {
  name: 'dlq',
  usage: USAGE,
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, ...APPSETTINGS_OPTION },
} as const;

export const dlq: CliCommand = {
  summary: 'list or replay events the sync-projector dead-lettered (list|replay [--limit N])',
  async run(argv, io) {
    const parsed = parseCommandArgs(SPEC, argv, io);
    if (!parsed.ok) return parsed.exitCode;
    const [verb, ...extra] = parsed.positionals;
    const limit = parsed.values.limit === undefined ? undefined : Number(parsed.values.limit);
    if (
      (verb !== 'list' && verb !== 'replay') ||
      extra.length > 0 ||
      (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    ) {
      return usageError(io, USAGE);
    }
    const config = loadCommandSettings(projectorSettings, parsed.args, io);
    if (!config.ok) return config.exitCode;
    const s = config.settings;
    const security = kafkaSecurity(s, config.sources);
    if (!security.ok) return reportConfigErrors(io, security.errors);
    const kafka = createKafka({
      brokers: [...s.KafkaBrokers],
      clientId: 'rooms-cli',
      logger: silentLogger,
      logLevel: 'error',
      security: security.security,
    });
    const topics = [s.NotificationsTopic, s.SubscriptionsTopic].map(dlqTopicFor);
    try {
      if (verb === 'list') return await list(kafka, topics, limit, parsed.values.json === true, io);
      return await replay(kafka, topics, `${s.ProjectorConsumerGroup}-dlq-replay`, limit, io);
    } catch (error) {
      return reportFailure(io, `dlq ${verb}`, error);
    }
  },
};

async function list(
  kafka: KafkaClient,
  topics: string[],
  limit: number | undefined,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const rows = await listDeadLetters({ kafka, topics, limit });
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
  kafka: KafkaClient,
  topics: string[],
  groupId: string,
  limit: number | undefined,
  io: CommandIo,
): Promise<number> {
  const { replayed, skipped } = await replayDeadLetters({
    kafka,
    topics,
    groupId,
    limit,
    logger: silentLogger,
    onReplayed: (info) => {
      io.stdout.write(`replayed ${info.topic}[${info.partition}]@${info.offset} (${info.reason})\n`);
    },
  });
  io.stdout.write(`${replayed} replayed${skipped > 0 ? `, ${skipped} without DLQ headers skipped` : ''}\n`);
  return 0;
}
