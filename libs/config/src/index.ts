export { ConfigError, isConfigError } from './ConfigError.ts';
export type { ConfigErrorInit, ValueSource } from './ConfigError.ts';
export { parsers } from './parsers.ts';
export type { ParseResult, Parser } from './parsers.ts';
export { asRequired, setting, withDefault } from './setting.ts';
export type { Presence, Setting, SettingsOf, SourcesOf, Spec } from './setting.ts';
export { parseAppSettingsXml } from './parseAppSettingsXml.ts';
export type { ParseAppSettingsXmlResult } from './parseAppSettingsXml.ts';
export { DEFAULT_APPSETTINGS_PATH, readAppSettings } from './readAppSettings.ts';
export type { Env, RawSettings, RawValue, ReadAppSettingsOptions, ReadAppSettingsResult } from './readAppSettings.ts';
export { loadSettings } from './loadSettings.ts';
export type { LoadSettingsResult } from './loadSettings.ts';
export { callbackSettings } from './callbackSettings.ts';
export type { CallbackSettings } from './callbackSettings.ts';
export { infraSettings, kafkaSecuritySettings, KAFKA_SASL_MECHANISMS, LOG_LEVELS } from './infraSettings.ts';
export type { InfraSettings, KafkaSecuritySettings, LogLevel } from './infraSettings.ts';
export { DEFAULT_TOPICS, topicNames, topicSettings } from './topicSettings.ts';
export type { TopicNames, TopicSettings } from './topicSettings.ts';
export { LEGACY_PATH, resolveCallbackUrl, WEBHOOK_PATH } from './resolveCallbackUrl.ts';
export type { CallbackRule, CallbackSources, ResolveCallbackUrlResult } from './resolveCallbackUrl.ts';
export { healthCheckUrl } from './healthCheckUrl.ts';
export type { HealthCheckUrlResult } from './healthCheckUrl.ts';
export { APPSETTINGS_PATH_ENV, APPSETTINGS_PATH_FLAG, loadServiceConfig } from './loadServiceConfig.ts';
export type { LoadServiceConfigOptions, LoadServiceConfigResult } from './loadServiceConfig.ts';
export { EX_CONFIG, exitOnConfigErrors } from './exitOnConfigErrors.ts';
export type { ErrorStream } from './exitOnConfigErrors.ts';
export { withChecks } from './withChecks.ts';
export type { CheckFailure, CheckResult } from './withChecks.ts';
export { CONNECTION_KINDS, DEFAULT_CONNECTION, EWS_CONNECTION_AUTHS } from './Connection.ts';
export type {
  Connection,
  ConnectionKind,
  EwsConnection,
  EwsConnectionAuth,
  GraphConnection,
  GraphCredential,
} from './Connection.ts';
export {
  CONNECTION_KEY_PREFIX,
  CONNECTION_NAME,
  CONNECTIONS_KEY,
  DEFAULT_AUTHORITY_HOST,
  DEFAULT_GRAPH_URL,
  isConnectionKey,
  readConnections,
} from './readConnections.ts';
export type { ReadConnectionsResult } from './readConnections.ts';
export type { ReadTextFile } from './connectionReader.ts';
export { loadConnections } from './loadConnections.ts';
export { GRAPH_WEBHOOK_PATH, resolveGraphCallbackUrls } from './resolveGraphCallbackUrls.ts';
export type { ResolveGraphCallbackUrlsResult } from './resolveGraphCallbackUrls.ts';
