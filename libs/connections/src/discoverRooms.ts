// Room lists through a connection (docs/protocols.md §16): the lists the connection sees, and the
// rooms of one. EWS asks GetRoomLists/GetRooms, Graph the places API. A token first, where the
// connection uses one, so a credential problem reads as such; every outcome is data for
// discoveryVerdict, nothing here prints.
import { createGraphClient } from '@rooms-sync/graph-client';
import { silentLogger } from '@rooms-sync/lifecycle';
import type { CommandConnection } from './commandConnections.ts';
import type { ProbeFailure } from './probeConnection.ts';
import { commandEwsClient, tokenFailure, tokenProvider } from './probeConnection.ts';

export interface ListedPlace {
  readonly address: string;
  readonly name: string;
}

export type Discovered =
  | { readonly ok: true; readonly places: readonly ListedPlace[] }
  | { readonly ok: false; readonly failure: ProbeFailure };

export interface RoomDiscovery {
  roomLists(): Promise<Discovered>;
  rooms(roomList: string): Promise<Discovered>;
}

type Lister = (roomList: string | undefined) => Promise<Discovered>;

export function createRoomDiscovery(connection: CommandConnection): RoomDiscovery {
  const token = tokenProvider(connection);
  const list = connection.kind === 'graph' ? graphLister(connection.graphUrl, token) : ewsLister(connection);
  const discover: Lister = async (roomList) => {
    if (token !== undefined) {
      try {
        await token();
      } catch (error) {
        return { ok: false, failure: tokenFailure(error) };
      }
    }
    return list(roomList);
  };
  return { roomLists: () => discover(undefined), rooms: (roomList) => discover(roomList) };
}

function graphLister(graphUrl: string, token: (() => Promise<string>) | undefined): Lister {
  const graph = createGraphClient({
    baseUrl: graphUrl,
    token: token ?? (() => Promise.reject(new Error('no token provider'))),
    logger: silentLogger,
  });
  return async (roomList) => {
    const result = roomList === undefined ? await graph.listRoomLists() : await graph.listRooms(roomList);
    if (result.ok) return { ok: true, places: result.value };
    const { status, code, kind, message, retryAfterMs } = result.error;
    return { ok: false, failure: { step: 'read', via: 'graph', status, code, kind, message, retryAfterMs } };
  };
}

function ewsLister(connection: Extract<CommandConnection, { kind: 'ews' }>): Lister {
  const ews = commandEwsClient(connection);
  return async (roomList) => {
    const result = roomList === undefined ? await ews.getRoomLists() : await ews.getRooms(roomList);
    if (result.ok) return { ok: true, places: result.value };
    const { code, kind, message } = result.error;
    return { ok: false, failure: { step: 'read', via: 'ews', code, kind, message } };
  };
}
