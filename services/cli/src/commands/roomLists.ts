// `rooms room-lists` and `rooms import --room-list`: what the room lists of a connection hold,
// read through that connection (createRoomDiscovery); a failure is printed once, with its verdict.
import { clientIdOf, createRoomDiscovery, discoveryVerdict } from '@rooms-sync/connections';
import type { Discovered, ListedPlace } from '@rooms-sync/connections';
import type { RequestedRoom } from '@rooms-sync/subscriptions';
import type { CommandIo } from '../CliCommand.ts';
import { EX_FAILED, reportFailure, reportVerdict } from '../CliCommand.ts';
import { findConnection, loadCommandConnections } from '../loadCommandSettings.ts';

/** The places read, or the exit code when that failed (reported). */
async function discover(
  args: string[],
  connectionName: string,
  roomList: string | undefined,
  io: CommandIo,
): Promise<readonly ListedPlace[] | number> {
  const loaded = loadCommandConnections(args, io);
  if (!loaded.ok) return loaded.exitCode;
  const found = findConnection(loaded.entries, connectionName, io);
  if (!found.ok) return found.exitCode;
  const discovery = createRoomDiscovery(found.connection);
  let result: Discovered;
  try {
    result = roomList === undefined ? await discovery.roomLists() : await discovery.rooms(roomList);
  } catch (error) {
    return reportFailure(io, roomList === undefined ? 'rooms room-lists' : 'rooms import --room-list', error);
  }
  if (result.ok) return result.places;
  const verdict = discoveryVerdict(result.failure, { roomList, clientId: clientIdOf(found.connection) });
  const subject = roomList === undefined ? 'room lists' : `room list ${roomList}`;
  return reportVerdict(io, `${subject} through connection ${connectionName}`, verdict);
}

/** The rooms of `roomList` as rooms to import, or the exit code (reported). An empty list is a failure. */
export async function roomsOfList(
  args: string[],
  connectionName: string,
  roomList: string,
  io: CommandIo,
): Promise<RequestedRoom[] | number> {
  const places = await discover(args, connectionName, roomList, io);
  if (typeof places === 'number') return places;
  if (places.length === 0) {
    io.stderr.write(`room list ${roomList} through connection ${connectionName} has no rooms: nothing added\n`);
    return EX_FAILED;
  }
  return places.map((p) => ({ address: p.address, where: `room list ${roomList} (${p.name})` }));
}

/** Prints the room lists the connection sees: a table, or JSON. */
export async function printRoomLists(
  args: string[],
  connectionName: string,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const places = await discover(args, connectionName, undefined, io);
  if (typeof places === 'number') return places;
  if (json) {
    io.stdout.write(`${JSON.stringify(places.map(({ address, name }) => ({ address, name })))}\n`);
    return 0;
  }
  const width = Math.max(7, ...places.map((p) => p.address.length));
  io.stdout.write(`${'ADDRESS'.padEnd(width)}  NAME\n`);
  for (const p of places) io.stdout.write(`${p.address.padEnd(width)}  ${p.name}\n`);
  return 0;
}
