// The organization's room lists and the rooms of one (docs/protocols.md §16). Both are address
// book reads, not mailbox reads: they run in the account's own context, without impersonating a
// room (a room list is a distribution group, which cannot be impersonated).
import { EmailAddress } from 'ews-javascript-api';
import { xmlEscape } from '@rooms-sync/ews';
import type { RunEws } from '../RunEws.ts';
import type { DirectoryEntry, EwsResult } from '../EwsClient.ts';

export function getRoomLists(run: RunEws): Promise<EwsResult<DirectoryEntry[]>> {
  return run(
    'GetRoomLists',
    '',
    async (service) => {
      const lists = await service.GetRoomLists();
      return lists.GetEnumerator().map(toEntry);
    },
    { impersonate: false },
  );
}

export function getRooms(run: RunEws, roomList: string): Promise<EwsResult<DirectoryEntry[]>> {
  return run(
    'GetRooms',
    roomList,
    async (service) => {
      const rooms = await service.GetRooms(new EmailAddress(xmlEscape(roomList)));
      return rooms.map(toEntry);
    },
    { impersonate: false },
  );
}

function toEntry(address: EmailAddress): DirectoryEntry {
  const smtp = address.Address;
  return { address: smtp, name: address.Name || smtp };
}
