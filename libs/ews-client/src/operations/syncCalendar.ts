// SyncFolderItems over the room's calendar, ids and change keys only: the projector reads the
// items it needs with GetItem.
import {
  ChangeType,
  FolderId,
  Mailbox,
  PropertySet,
  SyncFolderItemsScope,
  WellKnownFolderName,
} from 'ews-javascript-api';
import { xmlEscape } from '@rooms-sync/ews';
import type { RunEws } from '../RunEws.ts';
import type { EwsResult, SyncChange, SyncPage } from '../EwsClient.ts';

/** EWS accepts 1–512 changes per SyncFolderItems call. */
const MAX_CHANGES = 512;

export function syncCalendar(
  run: RunEws,
  mailbox: string,
  syncState: string | undefined,
  maxChanges = MAX_CHANGES,
): Promise<EwsResult<SyncPage>> {
  const max = Math.min(MAX_CHANGES, Math.max(1, Math.trunc(maxChanges)));
  return run('SyncFolderItems', mailbox, async (service) => {
    const folder = new FolderId(WellKnownFolderName.Calendar, new Mailbox(xmlEscape(mailbox)));
    const state = syncState === undefined || syncState === '' ? null : xmlEscape(syncState);
    const collection = await service.SyncFolderItems(
      folder,
      PropertySet.IdOnly,
      [],
      max,
      SyncFolderItemsScope.NormalItems,
      state as string,
    );
    const changes: SyncChange[] = [];
    for (const change of collection.GetEnumerator()) {
      const itemId = change.ItemId.UniqueId;
      if (change.ChangeType === ChangeType.Delete) {
        changes.push({ type: 'delete', itemId });
        continue;
      }
      const changeKey = change.ItemId.ChangeKey;
      const type = change.ChangeType === ChangeType.Create ? 'create' : 'update';
      changes.push(changeKey ? { type, itemId, changeKey } : { type, itemId });
    }
    return { syncState: collection.SyncState, includesLastItem: !collection.MoreChangesAvailable, changes };
  });
}
