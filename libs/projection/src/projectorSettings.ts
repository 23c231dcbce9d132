// The sync-projector's settings table (RoomsAppSettings.config keys, env overrides), shared by the
// service and the `projector` / `dlq` CLI commands so both read the same keys the same way.
import { infraSettings, kafkaSecuritySettings, parsers, setting, topicSettings, withDefault } from '@rooms-sync/config';
import type { SettingsOf } from '@rooms-sync/config';
import { ewsSettings } from '@rooms-sync/ews-client';

export const projectorSettings = {
  ...infraSettings,
  KafkaClientId: withDefault(infraSettings.KafkaClientId, 'rooms-sync-projector'),
  OpsPort: withDefault(infraSettings.OpsPort, 9103),
  /** 127.0.0.1 on a laptop; the chart sets 0.0.0.0 inside the pod. */
  ListenAddress: setting(parsers.string(), { default: '127.0.0.1' }),
  ...kafkaSecuritySettings,
  ...topicSettings,
  ...ewsSettings,
  /** Occurrences of recurring meetings are materialised this far ahead. */
  ProjectorHorizonDays: setting(parsers.int({ min: 1, max: 3650 }), { default: 180 }),
  /** ...and this far back (older rows stay as history). */
  ProjectorPastDays: setting(parsers.int({ min: 0, max: 365 }), { default: 1 }),
  /**
   * Rooms one projector asks Exchange about at once, all partitions together. EWS counts
   * concurrent calls per account (EWSMaxConcurrency, 27 by default on Exchange Server): keep
   * replicas × this + the manager's SubscribeConcurrency below it.
   */
  ProjectorRoomConcurrency: setting(parsers.int({ min: 1, max: 64 }), { default: 8 }),
  ProjectorConsumerGroup: setting(parsers.string(), { default: 'rooms-sync-projector' }),
  ProjectorBatchSize: setting(parsers.int({ min: 1, max: 5000 }), { default: 200 }),
  /** How often rooms_projector_consumer_lag is measured (end offsets against the checkpoints). */
  ProjectorLagIntervalSeconds: setting(parsers.int({ min: 1, max: 3600 }), { default: 10 }),
} as const;

export type ProjectorSettings = SettingsOf<typeof projectorSettings>;
