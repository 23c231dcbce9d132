// What `rooms add A B …` and `rooms import` will do, decided before anything touches the network
// or the database: every address and connection name valid, each room once. Then, once the
// mailboxes are checked, which rooms to add.
import type { NewRoomAt } from './createRoomsRepository.ts';
import { isMailboxAddress, normalizeMailbox } from './normalizeMailbox.ts';

export interface RequestedRoom {
  readonly address: string;
  readonly connection?: string | undefined;
  readonly tenant?: string | undefined;
  /** Where it came from, for the operator: `line 7`, or `argument 2`. */
  readonly where: string;
}

export interface ImportDefaults {
  readonly connection: string;
  readonly tenant?: string | undefined;
}

export interface PlannedRoom extends NewRoomAt {
  readonly connection: string;
}

export type ImportPlan =
  | {
      readonly ok: true;
      /** Each room once, normalised, in the order given. */
      readonly rooms: readonly PlannedRoom[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

export function planRoomImport(
  requested: readonly RequestedRoom[],
  defaults: ImportDefaults,
  connections: ReadonlySet<string>,
): ImportPlan {
  const errors: string[] = [];
  const rooms = new Map<string, PlannedRoom>();
  for (const r of requested) {
    if (!isMailboxAddress(r.address)) {
      errors.push(`${r.where}: not a mailbox address: ${r.address}`);
      continue;
    }
    const connection = r.connection ?? defaults.connection;
    if (!connections.has(connection)) {
      errors.push(`${r.where}: no such connection: ${connection} (configured: ${[...connections].join(', ')})`);
      continue;
    }
    const room: PlannedRoom = { address: normalizeMailbox(r.address), connection, tenant: r.tenant ?? defaults.tenant };
    const seen = rooms.get(room.address);
    if (seen === undefined) rooms.set(room.address, room);
    else if (seen.connection !== room.connection || seen.tenant !== room.tenant) {
      errors.push(`${r.where}: ${room.address} given twice, with a different connection or tenant`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rooms: [...rooms.values()] };
}

export interface Refusal {
  readonly address: string;
  readonly connection: string;
  readonly reason: string;
}

export interface ImportDecision {
  /** The rooms to insert; empty when a refusal stops the whole import. */
  readonly add: readonly PlannedRoom[];
  /** Refused mailboxes left out (--skip-unreachable) or, when `refused`, the reasons for refusing all. */
  readonly problems: readonly Refusal[];
  /** True when nothing is added because a mailbox was refused. */
  readonly refused: boolean;
}

export function decideImport(
  rooms: readonly PlannedRoom[],
  refusals: readonly Refusal[],
  skipUnreachable: boolean,
): ImportDecision {
  if (refusals.length === 0) return { add: rooms, problems: [], refused: false };
  if (!skipUnreachable) return { add: [], problems: refusals, refused: true };
  const out = new Set(refusals.map((r) => r.address));
  return { add: rooms.filter((r) => !out.has(r.address)), problems: refusals, refused: false };
}
