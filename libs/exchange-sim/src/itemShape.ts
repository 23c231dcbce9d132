// Which calendar item properties an m:ItemShape asks for: the base shape (IdOnly, Default,
// AllProperties) plus every AdditionalProperties path, as Exchange answers them
// (services/exchange-simulator/README.md, "Item shapes and time zones"). Pure: itemXml.ts
// writes the chosen properties in schema order.
import { ewsError } from './ewsErrors.ts';
import { isFieldUri } from './fieldUris.ts';
import type { ExchangeVersion } from './requestHeaders.ts';
import { versionAtLeast } from './requestHeaders.ts';
import type { ResponseError } from './soap.ts';
import { T_NS } from './xml.ts';
import type { XmlElement } from './xmlTree.ts';
import { childEl, childText } from './xmlTree.ts';

export const BASE_SHAPES = ['IdOnly', 'Default', 'AllProperties'] as const;
export type BaseShape = (typeof BASE_SHAPES)[number];

export interface ItemShape {
  base: BaseShape;
  /** The t:FieldURI values asked for; indexed and extended paths name nothing the store holds. */
  fieldUris: readonly string[];
}

export type ItemOperation = 'FindItem' | 'GetItem' | 'SyncFolderItems';

/** What Exchange's Default shape returns for a calendar item, besides its id. */
const DEFAULT_FIELDS: ReadonlySet<string> = new Set([
  'item:Subject',
  'item:HasAttachments',
  'item:IsAssociated',
  'calendar:Start',
  'calendar:End',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:CalendarItemType',
  'calendar:Organizer',
]);

/**
 * Properties FindItem cannot return (bodies, recipient lists, recurrence blobs…): AllProperties
 * leaves them out there, and asking for one by name is ErrorInvalidPropertyRequest.
 */
const NOT_FINDABLE: ReadonlySet<string> = new Set([
  'item:MimeContent',
  'item:Body',
  'item:Attachments',
  'item:ResponseObjects',
  'item:InternetMessageHeaders',
  'item:UniqueBody',
  'item:NormalizedBody',
  'item:TextBody',
  'item:EntityExtractionResult',
  'calendar:OriginalStart',
  'calendar:RequiredAttendees',
  'calendar:OptionalAttendees',
  'calendar:Resources',
  'calendar:ConflictingMeetingCount',
  'calendar:AdjacentMeetingCount',
  'calendar:ConflictingMeetings',
  'calendar:AdjacentMeetings',
  'calendar:AppointmentSequenceNumber',
  'calendar:Recurrence',
  'calendar:FirstOccurrence',
  'calendar:LastOccurrence',
  'calendar:ModifiedOccurrences',
  'calendar:DeletedOccurrences',
  'calendar:MeetingTimeZone',
]);

/** Introduced with Exchange 2010: not in the schema an older RequestServerVersion speaks. */
const SINCE_2010: ReadonlySet<string> = new Set(['calendar:StartTimeZone', 'calendar:EndTimeZone']);

const PATHS = ['FieldURI', 'IndexedFieldURI', 'ExtendedFieldURI', 'ExceptionFieldURI'];

const invalid = (violation: string): { ok: false; error: ResponseError } => ({
  ok: false,
  error: ewsError(
    'ErrorSchemaValidation',
    { Violation: violation },
    `The request failed schema validation: ${violation}`,
  ),
});

/** Reads m:ItemShape; what the schema forbids is ErrorSchemaValidation, as Exchange validates requests. */
export function readItemShape(
  request: XmlElement,
  ns: string,
): { ok: true; value: ItemShape } | { ok: false; error: ResponseError } {
  const shapeEl = childEl(request, ns, 'ItemShape');
  if (!shapeEl) return invalid(`The element '${request.local}' has incomplete content: ItemShape is required.`);
  const base = childText(shapeEl, T_NS, 'BaseShape');
  const known = BASE_SHAPES.find((s) => s === base);
  if (known === undefined) return invalid(`The 'BaseShape' element is invalid - The value '${base ?? ''}' is invalid.`);
  const fieldUris: string[] = [];
  for (const path of childEl(shapeEl, T_NS, 'AdditionalProperties')?.children ?? []) {
    if (path.ns !== T_NS || !PATHS.includes(path.local))
      return invalid(`The element 'AdditionalProperties' has invalid child element '${path.local}'.`);
    if (path.local !== 'FieldURI') continue;
    const uri = path.attrs.FieldURI ?? '';
    if (!isFieldUri(uri))
      return invalid(`The 'FieldURI' attribute is invalid - The value '${uri}' is invalid according to its datatype.`);
    fieldUris.push(uri);
  }
  return { ok: true, value: { base: known, fieldUris } };
}

/** The FieldURIs to write for this shape and operation (the item id is always written). */
export function selectProperties(
  shape: ItemShape,
  operation: ItemOperation,
  version: ExchangeVersion,
): { ok: true; include: (uri: string) => boolean } | { ok: false; error: ResponseError } {
  const finding = operation === 'FindItem';
  const refused = finding ? shape.fieldUris.find((u) => NOT_FINDABLE.has(u)) : undefined;
  if (refused !== undefined)
    return {
      ok: false,
      error: ewsError('ErrorInvalidPropertyRequest', { FieldURI: refused }),
    };
  const asked = new Set(shape.fieldUris);
  const modern = versionAtLeast(version, 'Exchange2010');
  const include = (uri: string): boolean => {
    if (!modern && SINCE_2010.has(uri)) return false;
    if (asked.has(uri)) return true;
    if (shape.base === 'Default') return DEFAULT_FIELDS.has(uri);
    return shape.base === 'AllProperties' && !(finding && NOT_FINDABLE.has(uri));
  };
  return { ok: true, include };
}
