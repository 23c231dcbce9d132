// Reads what encodeSnapshot wrote. A snapshot is only a shortcut: anything this cannot read (an
// unknown version, a damaged row, a field of the wrong type) is a reason, and the manager reads
// the topics in full as without one (docs/architecture.md §6).
import { Map as ImmutableMap, OrderedMap } from 'immutable';
import type { CallbackRule, EwsErrorKind } from '@rooms-sync/events';
import { SNAPSHOT_VERSION } from './encodeSnapshot.ts';
import type { StateSnapshot } from './encodeSnapshot.ts';
import type { CurrentSubscription, EarlyContact, ManagerState, RoomFailure, RoomState } from './ManagerState.ts';

export type SnapshotDecoded = { ok: true; snapshot: StateSnapshot } | { ok: false; reason: string };

class Invalid extends Error {
  override readonly name = 'Invalid';
}

type Fields = Readonly<Record<string, unknown>>;

function object(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(`${path}: not an object`);
  return value as Fields;
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new Invalid(`${path}: not an array`);
  return value as readonly unknown[];
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Invalid(`${path}: not a string`);
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid(`${path}: not a boolean`);
  return value;
}

const NAMED_NUMBERS: Readonly<Record<string, number>> = {
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  NaN: Number.NaN,
};

function number(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  const named = typeof value === 'string' ? NAMED_NUMBERS[value] : undefined;
  if (named === undefined) throw new Invalid(`${path}: not a number`);
  return named;
}

function oneOf<T extends string>(values: readonly T[], value: unknown, path: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Invalid(`${path}: not one of ${values.join(', ')}`);
  return found;
}

/** Absent (or null) stays undefined: JSON drops undefined fields. */
function optional<T>(read: (value: unknown, path: string) => T, value: unknown, path: string): T | undefined {
  return value === undefined || value === null ? undefined : read(value, path);
}

function entries<T>(value: unknown, path: string, read: (value: unknown, path: string) => T): Map<string, T> {
  const map = new Map<string, T>();
  for (const [i, entry] of array(value, path).entries()) {
    const [key, item] = array(entry, `${path}[${i}]`);
    map.set(string(key, `${path}[${i}][0]`), read(item, `${path}[${i}][1]`));
  }
  return map;
}

const CALLBACK_RULES: readonly CallbackRule[] = ['override', 'legacy', 'default'];

function current(value: unknown, path: string): CurrentSubscription {
  const c = object(value, path);
  return {
    subscriptionId: string(c.subscriptionId, `${path}.subscriptionId`),
    callbackUrl: string(c.callbackUrl, `${path}.callbackUrl`),
    callbackRule: optional((v, p) => oneOf(CALLBACK_RULES, v, p), c.callbackRule, `${path}.callbackRule`),
    statusFrequencyMinutes: number(c.statusFrequencyMinutes, `${path}.statusFrequencyMinutes`),
    owner: optional(string, c.owner, `${path}.owner`),
    createdAt: number(c.createdAt, `${path}.createdAt`),
    source: oneOf(['ews', 'graph'], c.source, `${path}.source`),
    connection: optional(string, c.connection, `${path}.connection`),
    expiresAt: optional(number, c.expiresAt, `${path}.expiresAt`),
    confirmedAt: number(c.confirmedAt, `${path}.confirmedAt`),
    reauthorize: boolean(c.reauthorize, `${path}.reauthorize`),
    removedAtGraph: boolean(c.removedAtGraph, `${path}.removedAtGraph`),
  };
}

function failure(value: unknown, path: string): RoomFailure {
  const f = object(value, path);
  return {
    errorCode: string(f.errorCode, `${path}.errorCode`),
    errorMessage: string(f.errorMessage, `${path}.errorMessage`),
    // evolve keeps the kind the event carried (a Graph failure's too): any string, as it was.
    kind: optional(string, f.kind, `${path}.kind`) as EwsErrorKind | undefined,
    attempts: number(f.attempts, `${path}.attempts`),
    nextAttemptAt: optional(number, f.nextAttemptAt, `${path}.nextAttemptAt`),
  };
}

function errorPush(value: unknown, path: string): RoomState['errorPush'] {
  const e = object(value, path);
  return { subscriptionId: string(e.subscriptionId, `${path}.subscriptionId`), code: string(e.code, `${path}.code`) };
}

function room(value: unknown, path: string): RoomState {
  const r = object(value, path);
  return {
    mailbox: string(r.mailbox, `${path}.mailbox`),
    tenant: optional(string, r.tenant, `${path}.tenant`),
    current: optional(current, r.current, `${path}.current`),
    orphans: array(r.orphans, `${path}.orphans`).map((id, i) => string(id, `${path}.orphans[${i}]`)),
    watermark: optional(string, r.watermark, `${path}.watermark`),
    watermarkAt: optional(number, r.watermarkAt, `${path}.watermarkAt`),
    lastContactAt: optional(number, r.lastContactAt, `${path}.lastContactAt`),
    heartbeatMissedFor: optional(string, r.heartbeatMissedFor, `${path}.heartbeatMissedFor`),
    errorPush: optional(errorPush, r.errorPush, `${path}.errorPush`),
    resyncNeeded: boolean(r.resyncNeeded, `${path}.resyncNeeded`),
    reconciledAt: optional(number, r.reconciledAt, `${path}.reconciledAt`),
    failure: optional(failure, r.failure, `${path}.failure`),
  };
}

function early(value: unknown, path: string): EarlyContact {
  const e = object(value, path);
  return {
    lastContactAt: number(e.lastContactAt, `${path}.lastContactAt`),
    watermark: optional(string, e.watermark, `${path}.watermark`),
    errorCode: optional(string, e.errorCode, `${path}.errorCode`),
  };
}

/**
 * Version 1 kept no end times: its ids count as ended when the snapshot was taken (they ended
 * before), so they are forgotten at the latest one retention after that.
 */
function ended(value: unknown, version: number, takenAt: number): OrderedMap<string, number> {
  if (version !== 1) return OrderedMap(entries(value, 'state.ended', number));
  return OrderedMap(array(value, 'state.ended').map((id, i) => [string(id, `state.ended[${i}]`), takenAt] as const));
}

function state(value: unknown, version: number, takenAt: number): ManagerState {
  const s = object(value, 'state');
  const decoded: ManagerState = {
    rooms: OrderedMap(entries(s.rooms, 'state.rooms', room)),
    owners: ImmutableMap(entries(s.owners, 'state.owners', string)),
    ended: ended(s.ended, version, takenAt),
    early: OrderedMap(entries(s.early, 'state.early', early)),
  };
  return {
    ...decoded,
    ...('notificationsSince' in s
      ? { notificationsSince: optional(number, s.notificationsSince, 'state.notificationsSince') }
      : {}),
    ...('graphSubscriptions' in s
      ? {
          graphSubscriptions: ImmutableMap(
            entries(s.graphSubscriptions, 'state.graphSubscriptions', (v, p) => optional(string, v, p)),
          ),
        }
      : {}),
  };
}

function offset(value: unknown, path: string): bigint {
  const text = string(value, path);
  if (!/^\d+$/.test(text)) throw new Invalid(`${path}: not an offset`);
  return BigInt(text);
}

/** The current version and 1, which the release before it wrote. */
const READABLE = [1, SNAPSHOT_VERSION] as const;

export function decodeSnapshot(text: string): SnapshotDecoded {
  try {
    const root = object(JSON.parse(text), 'snapshot');
    const version = READABLE.find((v) => v === root.v);
    if (version === undefined) return { ok: false, reason: `unknown version ${JSON.stringify(root.v)}` };
    const takenAt = number(root.takenAt, 'takenAt');
    return {
      ok: true,
      snapshot: {
        takenAt,
        offsets: entries(root.offsets, 'offsets', offset),
        state: state(root.state, version, takenAt),
      },
    };
  } catch (error) {
    if (error instanceof Invalid || error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}
