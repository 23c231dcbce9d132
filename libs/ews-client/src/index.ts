export { createEwsClient } from './createEwsClient.ts';
export { classifyEwsError } from './classifyEwsError.ts';
export { DEFAULT_PUSH_EVENT_TYPES } from './operations/subscribePush.ts';
export type {
  AppointmentType,
  CalendarItem,
  DirectoryEntry,
  EwsAuth,
  EwsClient,
  EwsClientOptions,
  EwsError,
  EwsResult,
  FreeBusyStatus,
  PushEventType,
  Sensitivity,
  SubscribePushRequest,
  SyncChange,
  SyncPage,
} from './EwsClient.ts';
export { ewsSettings, EWS_AUTH_KINDS } from './ewsSettings.ts';
export { ewsAuthFromSettings } from './ewsAuthFromSettings.ts';
