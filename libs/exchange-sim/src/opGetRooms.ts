// GetRoomLists and GetRooms (docs/protocols.md §16): address book reads, answered whatever
// mailbox the call impersonates, in Exchange's shape: the response element is itself the one
// response message (no m:ResponseMessages), its entries t:EmailAddressType.
import { ewsError } from './ewsErrors.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import type { MessageOutcome } from './soap.ts';
import { responseMessageParts } from './soap.ts';
import { M_NS, T_NS, el, leaf } from './xml.ts';
import { childEl, childText } from './xmlTree.ts';

/** A t:EmailAddressType's content; a room list is a distribution group (PublicDL). */
function address(name: string, smtp: string, type: 'PublicDL' | 'Mailbox'): string {
  return [
    leaf('t:Name', name),
    leaf('t:EmailAddress', smtp),
    leaf('t:RoutingType', 'SMTP'),
    leaf('t:MailboxType', type),
  ].join('');
}

function answer(response: string, outcome: MessageOutcome): OperationResult {
  const { attrs, content } = responseMessageParts(outcome);
  return { response, body: content, attrs };
}

export function getRoomLists(ctx: OperationContext): OperationResult {
  const lists = ctx.store.roomLists
    .list()
    .map((l) => el('t:Address', undefined, address(l.name, l.address, 'PublicDL')));
  return answer('GetRoomListsResponse', { ok: true, payload: el('m:RoomLists', undefined, ...lists) });
}

export function getRooms(ctx: OperationContext): OperationResult {
  const asked = childText(childEl(ctx.request, M_NS, 'RoomList'), T_NS, 'EmailAddress')?.trim() ?? '';
  const list = ctx.store.roomLists.find(asked);
  if (!list) return answer('GetRoomsResponse', { ok: false, error: ewsError('ErrorNameResolutionNoResults') });
  const rooms = list.rooms.map((smtp) => {
    const name = ctx.store.find(smtp)?.displayName ?? smtp;
    return el('t:Room', undefined, el('t:Id', undefined, address(name, smtp, 'Mailbox')));
  });
  return answer('GetRoomsResponse', { ok: true, payload: el('m:Rooms', undefined, ...rooms) });
}
