export { emptyRoom, emptyState } from './ManagerState.ts';
export type { CurrentSubscription, EarlyContact, ManagerState, RoomFailure, RoomState } from './ManagerState.ts';
export { evolve } from './evolve.ts';
export type { AttemptFailed, ManagerFact } from './evolve.ts';
export { connectionOf, decide, heartbeatDeadline, WATERMARK_UNKNOWN, watermarkUnknown } from './decide.ts';
export type { Command, DecideConfig, Room, SubscribeReason } from './decide.ts';
export type { EwsSubscriber } from './EwsSubscriber.ts';
export { decideGraph } from './decideGraph.ts';
export { nextCheckAt } from './nextCheckAt.ts';
export type { GraphCommand, GraphCreateReason, GraphDecideConfig } from './decideGraph.ts';
export { asFailure, executeGraphCommand } from './executeGraphCommand.ts';
export type { GraphExecuteConfig, GraphExecuteDeps, GraphExecuteOutcome } from './executeGraphCommand.ts';
export type { GraphSubscriber } from './GraphSubscriber.ts';
export { REAUTHORIZED } from './evolve.ts';
export { DEFAULT_BACKOFF, failureFact } from './failureFact.ts';
export type { BackoffPolicy, FailureInput, FailureOutcome } from './failureFact.ts';
export { executeCommand } from './executeCommand.ts';
export type { ExecuteConfig, ExecuteDeps, ExecuteOutcome } from './executeCommand.ts';
export { createStateStore } from './createStateStore.ts';
export type { RecordPosition, StateStore } from './createStateStore.ts';
export { createReconciler } from './createReconciler.ts';
export type { GraphSettings, GraphSide, Reconciler, ReconcilerOptions } from './createReconciler.ts';
export { createCatchUp } from './createCatchUp.ts';
export type { CatchUp, CatchUpOptions, EndOffsets } from './createCatchUp.ts';
export { createTakeover } from './createTakeover.ts';
export type { Takeover, TakeoverOptions } from './createTakeover.ts';
export { lookbackWindowMs, planTopicStart } from './planTopicStart.ts';
export type { LookbackSettings, TopicStart } from './planTopicStart.ts';
export { summarizeState, SUBSCRIPTION_STATES } from './summarizeState.ts';
export type { StateSummary, SubscriptionStateLabel } from './summarizeState.ts';
export { createManagerMetrics } from './createManagerMetrics.ts';
export type { ManagerMetrics } from './createManagerMetrics.ts';
export { isMailboxAddress, normalizeMailbox } from './normalizeMailbox.ts';
export { ROOMS_DB_OWNER, roomsMigrations } from './roomsMigrations.ts';
export { createRoomsRepository } from './createRoomsRepository.ts';
export type { NewRoom, NewRoomAt, RoomChange, RoomRow, RoomsAdded, RoomsRepository } from './createRoomsRepository.ts';
export { readTopicStart } from './readTopicStart.ts';
export type { ManagerTopicStart } from './readTopicStart.ts';
export { runStateConsumer } from './runStateConsumer.ts';
export type { StateConsumer, StateConsumerOptions } from './runStateConsumer.ts';
export { createSnapshotRepository } from './createSnapshotRepository.ts';
export type { SnapshotRepository, StoredSnapshot } from './createSnapshotRepository.ts';
export { createSnapshotWriter } from './createSnapshotWriter.ts';
export type { SnapshotWriter, SnapshotWriterOptions } from './createSnapshotWriter.ts';
export { decodeSnapshot } from './decodeSnapshot.ts';
export type { SnapshotDecoded } from './decodeSnapshot.ts';
export { encodeSnapshot, SNAPSHOT_VERSION } from './encodeSnapshot.ts';
export type { StateSnapshot } from './encodeSnapshot.ts';
export { readSnapshot } from './readSnapshot.ts';
export { planSnapshotStart } from './planSnapshotStart.ts';
export type { SnapshotStart, TopicBounds } from './planSnapshotStart.ts';
export { parseRoomList } from './parseRoomList.ts';
export type { ListedRoom, RoomListResult } from './parseRoomList.ts';
export { decideImport, planRoomImport } from './planRoomImport.ts';
export type {
  ImportDecision,
  ImportDefaults,
  ImportPlan,
  PlannedRoom,
  Refusal,
  RequestedRoom,
} from './planRoomImport.ts';
