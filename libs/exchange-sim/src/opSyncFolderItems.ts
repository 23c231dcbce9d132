// SyncFolderItems: the sync state records which items (and change keys) the client has,
// so each call returns Create / Update / Delete relative to that, oldest change first.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ewsError } from './ewsErrors.ts';
import { calendarItemXml } from './itemXml.ts';
import type { CalendarItem } from './model.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { itemXmlOptions, resolveFolder } from './operationContext.ts';
import { responseMessage } from './soap.ts';
import { M_NS, el, leaf } from './xml.ts';
import { childEl, childText } from './xmlTree.ts';

interface SyncState {
  v: 1;
  folder: string;
  known: Record<string, string>;
}

function decodeState(raw: string, folder: string): SyncState | undefined {
  try {
    const parsed = JSON.parse(inflateRawSync(Buffer.from(raw, 'base64')).toString('utf8')) as Partial<SyncState>;
    if (parsed.v !== 1 || parsed.folder !== folder || typeof parsed.known !== 'object') return undefined;
    return parsed as SyncState;
  } catch {
    return undefined;
  }
}

const encodeState = (s: SyncState): string => deflateRawSync(Buffer.from(JSON.stringify(s))).toString('base64');

function fail(code: Parameters<typeof ewsError>[0]): OperationResult {
  return {
    response: 'SyncFolderItemsResponse',
    body: el(
      'm:ResponseMessages',
      undefined,
      responseMessage('SyncFolderItemsResponseMessage', { ok: false, error: ewsError(code) }),
    ),
  };
}

export function syncFolderItems(ctx: OperationContext): OperationResult {
  const shape = itemXmlOptions(ctx, 'SyncFolderItems');
  if (!shape.ok) return { fault: shape.error };
  const r = resolveFolder(ctx, childEl(ctx.request, M_NS, 'SyncFolderId')?.children[0]);
  if (!r.ok) {
    return {
      response: 'SyncFolderItemsResponse',
      body: el(
        'm:ResponseMessages',
        undefined,
        responseMessage('SyncFolderItemsResponseMessage', { ok: false, error: r.error }),
      ),
    };
  }
  const { mailbox, folder } = r.value;
  const rawState = childText(ctx.request, M_NS, 'SyncState') ?? '';
  const state = rawState === '' ? { v: 1 as const, folder: folder.id, known: {} } : decodeState(rawState, folder.id);
  if (!state) return fail('ErrorInvalidSyncStateData');
  const max = Number(childText(ctx.request, M_NS, 'MaxChangesReturned') ?? '512');
  if (!Number.isInteger(max) || max < 1 || max > 512) return fail('ErrorInvalidArgument');

  const current = [...mailbox.items.values()]
    .filter((i) => i.parentFolderId === folder.id)
    .sort((a, b) => a.lastModified - b.lastModified);
  type Change = { kind: 'Create' | 'Update'; item: CalendarItem } | { kind: 'Delete'; id: string };
  const changes: Change[] = [];
  for (const item of current) {
    const ck = state.known[item.id];
    if (ck === undefined) changes.push({ kind: 'Create', item });
    else if (ck !== item.changeKey) changes.push({ kind: 'Update', item });
  }
  const present = new Set(current.map((i) => i.id));
  for (const id of Object.keys(state.known)) if (!present.has(id)) changes.push({ kind: 'Delete', id });

  const taken = changes.slice(0, max);
  const known = new Map(Object.entries(state.known));
  const parts = taken.map((c) => {
    if (c.kind === 'Delete') {
      known.delete(c.id);
      return el('t:Delete', undefined, el('t:ItemId', { Id: c.id }));
    }
    known.set(c.item.id, c.item.changeKey);
    return el(`t:${c.kind}`, undefined, calendarItemXml(mailbox, { kind: 'item', item: c.item }, shape.value));
  });
  const payload = [
    leaf('m:SyncState', encodeState({ v: 1, folder: folder.id, known: Object.fromEntries(known) })),
    leaf('m:IncludesLastItemInRange', taken.length === changes.length),
    el('m:Changes', undefined, ...parts),
  ].join('');
  return {
    response: 'SyncFolderItemsResponse',
    body: el('m:ResponseMessages', undefined, responseMessage('SyncFolderItemsResponseMessage', { ok: true, payload })),
  };
}
