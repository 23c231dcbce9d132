// The connections a bulk add checks its new mailboxes through. One whose configuration is
// incomplete (the default, when its Ews* keys are) matters only when a new mailbox uses it: then its
// config errors stop the add before any mailbox is read; otherwise it must not stand in the way.
import type { ConfigError } from '@rooms-sync/config';
import type { CommandConnection, ConnectionEntry } from './commandConnections.ts';

export type UsableConnections =
  | { readonly ok: true; readonly connections: ReadonlyMap<string, CommandConnection> }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

export function usableConnections(
  entries: readonly ConnectionEntry[],
  rooms: readonly { readonly connection: string }[],
): UsableConnections {
  const used = new Set(rooms.map((r) => r.connection));
  const usable = new Map<string, CommandConnection>();
  for (const entry of entries) {
    if (entry.ok) usable.set(entry.connection.name, entry.connection);
    else if (used.has(entry.name)) return { ok: false, errors: entry.errors };
  }
  return { ok: true, connections: usable };
}
