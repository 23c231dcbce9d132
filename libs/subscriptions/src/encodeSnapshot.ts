// The manager's snapshot (docs/architecture.md §6): the state folded from exactly the records up
// to `offsets`, as versioned JSON. Explicit rather than a generic replacer: JSON has no Map, Set
// or Infinity (a room declared dead holds `watermarkAt: Infinity`), and a field renamed in
// ManagerState must fail the type check here, not silently drop out of the snapshot.
import type { CurrentSubscription, EarlyContact, ManagerState, RoomFailure, RoomState } from './ManagerState.ts';

/** 2: `ended` holds [id, when it ended]; 1 (still read) held the ids alone. */
export const SNAPSHOT_VERSION = 2;

export interface StateSnapshot {
  readonly state: ManagerState;
  /** `topic:partition` → the offset of the last record folded into `state`. */
  readonly offsets: ReadonlyMap<string, bigint>;
  /** Epoch ms it was taken. */
  readonly takenAt: number;
}

/** JSON numbers are finite; the rest travel as their name (`"Infinity"`). */
export type EncodedNumber = number | 'Infinity' | '-Infinity' | 'NaN';

export function encodeNumber(value: number): EncodedNumber {
  return Number.isFinite(value) ? value : (String(value) as EncodedNumber);
}

const optionalNumber = (value: number | undefined) => (value === undefined ? undefined : encodeNumber(value));

function encodeCurrent(c: CurrentSubscription) {
  return {
    ...c,
    statusFrequencyMinutes: encodeNumber(c.statusFrequencyMinutes),
    createdAt: encodeNumber(c.createdAt),
    expiresAt: optionalNumber(c.expiresAt),
    confirmedAt: encodeNumber(c.confirmedAt),
  };
}

function encodeFailure(f: RoomFailure) {
  return { ...f, attempts: encodeNumber(f.attempts), nextAttemptAt: optionalNumber(f.nextAttemptAt) };
}

function encodeRoom(room: RoomState) {
  return {
    ...room,
    current: room.current && encodeCurrent(room.current),
    watermarkAt: optionalNumber(room.watermarkAt),
    lastContactAt: optionalNumber(room.lastContactAt),
    reconciledAt: optionalNumber(room.reconciledAt),
    failure: room.failure && encodeFailure(room.failure),
  };
}

const encodeEarly = (e: EarlyContact) => ({ ...e, lastContactAt: encodeNumber(e.lastContactAt) });

/** Map and Set order is kept (entries in insertion order): evolve forgets the oldest early contact first. */
export function encodeSnapshot(snapshot: StateSnapshot): string {
  const { state } = snapshot;
  return JSON.stringify({
    v: SNAPSHOT_VERSION,
    takenAt: snapshot.takenAt,
    offsets: [...snapshot.offsets].map(([key, offset]) => [key, offset.toString()]),
    state: {
      rooms: [...state.rooms].map(([key, room]) => [key, encodeRoom(room)]),
      owners: [...state.owners],
      ended: [...state.ended].map(([id, endedAt]) => [id, encodeNumber(endedAt)]),
      early: [...state.early].map(([key, early]) => [key, encodeEarly(early)]),
      ...('notificationsSince' in state
        ? { notificationsSince: optionalNumber(state.notificationsSince) ?? null }
        : {}),
      ...(state.graphSubscriptions
        ? { graphSubscriptions: [...state.graphSubscriptions].map(([id, connection]) => [id, connection ?? null]) }
        : {}),
    },
  });
}
