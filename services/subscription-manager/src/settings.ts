// Every key the subscription-manager reads, with its default. Values come from
// RoomsAppSettings.config, each overridable by an environment variable of the same name.
import {
  callbackSettings,
  infraSettings,
  kafkaSecuritySettings,
  isConnectionKey,
  loadConnections,
  loadServiceConfig,
  parsers,
  resolveCallbackUrl,
  resolveGraphCallbackUrls,
  setting,
  topicSettings,
  withChecks,
  withDefault,
} from '@rooms-sync/config';
import type { CallbackSettings, CallbackSources, Env, Parser } from '@rooms-sync/config';
import { ewsAuthFromSettings, ewsSettings } from '@rooms-sync/ews-client';
import { kafkaSecurity } from '@rooms-sync/kafka';

/** A positive decimal such as `0.05` (the config lib has integers only). */
const positiveDecimal: Parser<number> = {
  kind: 'positive decimal',
  parse(raw) {
    if (!/^\d+(\.\d+)?$/.test(raw)) return { ok: false, reason: 'not a decimal number' };
    const n = Number(raw);
    return n > 0 && n <= 1000 ? { ok: true, value: n } : { ok: false, reason: 'out of range (0, 1000]' };
  },
};

export const managerSettings = {
  ...callbackSettings,
  KafkaBrokers: infraSettings.KafkaBrokers,
  ...kafkaSecuritySettings,
  KafkaClientId: withDefault(infraSettings.KafkaClientId, 'subscription-manager'),
  KafkaTopicPartitions: infraSettings.KafkaTopicPartitions,
  KafkaTopicRetentionMs: infraSettings.KafkaTopicRetentionMs,
  ...topicSettings,
  DatabaseUrl: infraSettings.DatabaseUrl,
  LogLevel: infraSettings.LogLevel,
  OpsPort: withDefault(infraSettings.OpsPort, 9102),
  /** 127.0.0.1 on a laptop; the chart sets 0.0.0.0 inside the pod. */
  ListenAddress: setting(parsers.string(), { default: '127.0.0.1' }),

  ...ewsSettings,

  /** Heartbeat interval asked of Exchange, 1–1440 minutes; a subscription silent for 2× this + grace is recreated. */
  StatusFrequencyMinutes: setting(parsers.int({ min: 1, max: 1440 }), { default: 1 }),
  HeartbeatGraceSeconds: setting(parsers.int({ min: 0, max: 3600 }), { default: 30 }),
  /** Multiplies protocol durations; 1 in production, the simulator's SIM_TIME_SCALE in tests. */
  SubscriptionTimeScale: setting(positiveDecimal, { default: 1 }),
  /** Planned replacement age: keeps each SubscriptionCreated well inside the topic retention (7 days). */
  SubscriptionMaxAgeHours: setting(parsers.int({ min: 1, max: 24 * 30 }), { default: 72 }),
  MaxPlannedReplacementsPerPass: setting(parsers.int({ min: 1, max: 1000 }), { default: 10 }),
  /** Back-off of failed Subscribe calls: transient errors grow from the initial to the max delay (with jitter). */
  SubscribeRetryInitialMs: setting(parsers.int({ min: 10, max: 600_000 }), { default: 1_000 }),
  SubscribeRetryMaxMs: setting(parsers.int({ min: 10, max: 3_600_000 }), { default: 300_000 }),
  /** Permanent errors (no such mailbox, access denied) are retried this seldom, and reported once per change. */
  PermanentErrorRetrySeconds: setting(parsers.int({ min: 1, max: 86_400 }), { default: 900 }),
  /**
   * How far back a starting manager reads the notifications topic (the lifecycle topic is read
   * whole). At least 3 × StatusFrequency (+ grace) is read whatever this says.
   */
  ManagerNotificationsLookbackMinutes: setting(parsers.int({ min: 1, max: 7 * 24 * 60 }), { default: 60 }),
  /**
   * The leader writes the state it folded, with the offsets it covers, to PostgreSQL this often and
   * at a clean stop; a starting manager reads only the records after it (docs/architecture.md §6).
   */
  ManagerSnapshotIntervalSeconds: setting(parsers.int({ min: 1, max: 3_600 }), { default: 30 }),
  /**
   * Lifetime asked of Graph for each subscription of a Graph connection, in real minutes (Graph's
   * clock is not scaled): 45 (Graph's minimum) to 10080, the maximum for events today; the Graph
   * client asks for less if Graph refuses it.
   */
  GraphSubscriptionMinutes: setting(parsers.int({ min: 45, max: 10_080 }), { default: 10_080 }),
  /** A Graph subscription is renewed once less than this is left of it (× SubscriptionTimeScale); keep it below GraphSubscriptionMinutes. */
  GraphRenewBeforeMinutes: setting(parsers.int({ min: 1, max: 10_080 }), { default: 1_440 }),
  /**
   * Each Graph subscription is confirmed with Graph once per this period (× SubscriptionTimeScale),
   * rooms spread over it; a confirmation has the projector catch the room up, so this is also the
   * periodic reconcile, and a subscription Graph dropped without a word is found within it.
   */
  GraphReconcileIntervalMinutes: setting(parsers.int({ min: 1, max: 24 * 60 }), { default: 60 }),
  /**
   * Each EWS room is caught up once per this period (× SubscriptionTimeScale), rooms spread over
   * it: the manager records ResyncRequested{scope: changes, reason: reconcile} and the projector
   * runs one SyncFolderItems. Heartbeats that prove nothing changed cost Exchange nothing, so this
   * is what an idle room costs, and the bound on how long a change Exchange never pushed can go
   * unseen.
   */
  ReconcileRoomsIntervalMinutes: setting(parsers.int({ min: 1, max: 24 * 60 }), { default: 60 }),
  ReconcileIntervalMs: setting(parsers.int({ min: 100, max: 600_000 }), { default: 5_000 }),
  /**
   * New subscriptions (EWS Subscribe, Graph create) per second, one second's worth at once: rooms
   * added in bulk are subscribed at this rate, not in one herd that Exchange or Graph throttles.
   */
  SubscribeRatePerSecond: setting(positiveDecimal, { default: 20 }),
  /** EWS Subscribe calls in flight at once. */
  SubscribeConcurrency: setting(parsers.int({ min: 1, max: 64 }), { default: 4 }),
  LeaderCheckIntervalMs: setting(parsers.int({ min: 100, max: 60_000 }), { default: 2_000 }),
  /** Replicas sharing this name elect one leader; the subscriptions they create are marked with it, and a manager only ends its own. */
  ManagerName: setting(parsers.string(), { default: 'rooms-sync/subscription-manager' }),
} as const;

/**
 * Every check the manager makes of its settings before it touches the network: the file, the env
 * overrides, the callback URL precedence, EWS credentials, Kafka security, the named connections
 * (their secrets read from the environment or mounted files) and, when one of them is a Graph
 * connection, Graph's callback URLs. The chart test runs it on the chart's rendered ConfigMap.
 */
export function readManagerConfig(env: Env, argv: readonly string[]) {
  const config = loadServiceConfig(managerSettings, { env, argv, keep: isConnectionKey });
  if (!config.ok) return config;
  const named = loadConnections(config.kept);
  if (!named.ok) return named;
  const graph = named.connections.some((c) => c.kind === 'graph');
  return withChecks(
    { ...config, connections: named.connections },
    callbackUrl,
    ewsAuthFromSettings,
    kafkaSecurity,
    (settings, sources) =>
      graph ? graphCallbackUrls(settings, sources) : { ok: true as const, graphCallback: undefined },
  );
}

function graphCallbackUrls(settings: CallbackSettings, sources: CallbackSources) {
  const graphCallback = resolveGraphCallbackUrls(settings, sources);
  return graphCallback.ok
    ? { ok: true as const, graphCallback }
    : { ok: false as const, errors: [graphCallback.error] };
}

function callbackUrl(settings: CallbackSettings, sources: CallbackSources) {
  const callback = resolveCallbackUrl(settings, sources);
  return callback.ok ? { ok: true as const, callback } : { ok: false as const, errors: [callback.error] };
}
