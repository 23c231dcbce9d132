// The projector's start-up checks of its settings (table: @rooms-sync/projection, shared with the
// CLI commands), and the migration Job's. The chart test runs both on the chart's rendered ConfigMap.
import { infraSettings, isConnectionKey, loadConnections, loadServiceConfig, withChecks } from '@rooms-sync/config';
import type { Env } from '@rooms-sync/config';
import { ewsAuthFromSettings } from '@rooms-sync/ews-client';
import { kafkaSecurity } from '@rooms-sync/kafka';
import { projectorSettings } from '@rooms-sync/projection';

/**
 * Every check the projector makes before it touches the network: file, env, EWS credentials
 * (the `default` connection), the named connections (docs/architecture.md §9: their secrets from
 * the environment or mounted files), Kafka security.
 */
export function readProjectorConfig(env: Env, argv: readonly string[]) {
  const config = loadServiceConfig(projectorSettings, { env, argv, keep: isConnectionKey });
  if (!config.ok) return config;
  const named = loadConnections(config.kept);
  if (!named.ok) return named;
  return withChecks({ ...config, connections: named.connections }, ewsAuthFromSettings, kafkaSecurity);
}

export const migrationSettings = { DatabaseUrl: infraSettings.DatabaseUrl, LogLevel: infraSettings.LogLevel } as const;

/** The migration Job needs only the database. */
export function readMigrationConfig(env: Env, argv: readonly string[]) {
  return loadServiceConfig(migrationSettings, { env, argv });
}
