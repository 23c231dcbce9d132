// GetItem for calendar items by id, in chunks. Ids Exchange cannot resolve (deleted, never
// existed, a deleted occurrence, a malformed id) are reported as missing, not as a failure:
// for the projector they all mean "this item is gone".
import { ItemId, PropertySet, RecurringAppointmentMasterId, ServiceResult } from 'ews-javascript-api';
import type { Logger } from '@rooms-sync/lifecycle';
import type { RunEws } from '../RunEws.ts';
import type { CalendarItem, EwsResult } from '../EwsClient.ts';
import { calendarPropertySet, toCalendarItem } from '../toCalendarItem.ts';
import { ResponseMessageError, serviceErrorName } from '../toEwsError.ts';

/** Well under EWS's per-request item limits, and keeps one response small. */
const CHUNK = 100;

const GONE = new Set([
  'ErrorItemNotFound',
  'ErrorInvalidIdMalformed',
  'ErrorInvalidId',
  'ErrorInvalidIdEmpty',
  'ErrorInvalidIdXml',
  'ErrorInvalidIdMalformedEwsLegacyIdFormat',
  'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
  'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
]);

export interface ItemsAndMissing {
  items: CalendarItem[];
  missing: string[];
}

export async function getCalendarItems(
  run: RunEws,
  mailbox: string,
  itemIds: string[],
  logger: Pick<Logger, 'debug'>,
): Promise<EwsResult<ItemsAndMissing>> {
  const out: ItemsAndMissing = { items: [], missing: [] };
  const unique = [...new Set(itemIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const result = await run('GetItem', mailbox, (service) => getChunk(service, chunk, mailbox, logger));
    if (!result.ok) return result;
    out.items.push(...result.value.items);
    out.missing.push(...result.value.missing);
  }
  const instances = out.items.filter(
    (item) => item.appointmentType === 'Occurrence' || item.appointmentType === 'Exception',
  );
  const masters = await resolveMasterIds(
    run,
    mailbox,
    instances.map((item) => item.id),
  );
  if (!masters.ok) return masters;
  for (const item of instances) {
    const masterId = masters.value.get(item.id);
    if (masterId !== undefined) item.recurringMasterId = masterId;
  }
  return { ok: true, value: out };
}

/**
 * Occurrences carry no master id property; GetItem with RecurringMasterItemId (IdOnly) maps
 * each occurrence id to its series master. Ids that no longer resolve are left out.
 */
async function resolveMasterIds(
  run: RunEws,
  mailbox: string,
  occurrenceIds: string[],
): Promise<EwsResult<Map<string, string>>> {
  const masters = new Map<string, string>();
  for (let i = 0; i < occurrenceIds.length; i += CHUNK) {
    const chunk = occurrenceIds.slice(i, i + CHUNK);
    const result = await run('GetItem', mailbox, async (service) => {
      const responses = await service.BindToItems(
        chunk.map((id) => new RecurringAppointmentMasterId(id)),
        PropertySet.IdOnly,
      );
      return chunk.flatMap((id, index): [string, string][] => {
        const response = responses.__thisIndexer(index);
        const masterId = response.Result === ServiceResult.Error ? undefined : response.Item.Id.UniqueId;
        return masterId ? [[id, masterId]] : [];
      });
    });
    if (!result.ok) return result;
    for (const [id, masterId] of result.value) masters.set(id, masterId);
  }
  return { ok: true, value: masters };
}

async function getChunk(
  service: Parameters<Parameters<RunEws>[2]>[0],
  ids: string[],
  mailbox: string,
  logger: Pick<Logger, 'debug'>,
): Promise<ItemsAndMissing> {
  const responses = await service.BindToItems(
    ids.map((id) => new ItemId(id)),
    calendarPropertySet(),
  );
  const out: ItemsAndMissing = { items: [], missing: [] };
  ids.forEach((id, index) => {
    const response = responses.__thisIndexer(index);
    if (response.Result !== ServiceResult.Error) {
      const item = toCalendarItem(response.Item);
      if (item) out.items.push(item);
      else {
        logger.debug({ mailbox, itemId: id }, 'GetItem returned something that is not an appointment');
        out.missing.push(id);
      }
      return;
    }
    const code = serviceErrorName(response.ErrorCode) ?? 'ErrorInternalServerError';
    if (GONE.has(code)) out.missing.push(id);
    // Any other per-item error (ErrorServerBusy inside a 200, access denied…) fails the call.
    else throw new ResponseMessageError(code, response.ErrorMessage || code, response.ErrorDetails);
  });
  return out;
}
