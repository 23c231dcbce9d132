// The body of a Graph notification POST: JSON `{ "value": [ … ] }`. Each item is read field by
// field (never spread), so nothing Graph or an impostor adds beyond the documented fields travels
// on; clientState is kept only until the ingress has checked it.
export const MAX_GRAPH_ITEMS = 1_000;

export interface GraphNotificationItem {
  subscriptionId: string;
  clientState: string | undefined;
  tenantId: string | undefined;
  subscriptionExpirationDateTime: string | undefined;
  /** A change notification: changeType, resource and resourceData.id … */
  changeType?: string | undefined;
  resource?: string | undefined;
  eventId?: string | undefined;
  /** … or a lifecycle notification. */
  lifecycleEvent?: string | undefined;
}

export type ParsedGraphNotifications =
  | { ok: true; items: GraphNotificationItem[] }
  | { ok: false; reason: 'malformed_json' | 'not_graph_notification'; message: string };

export function parseGraphNotifications(body: Buffer): ParsedGraphNotifications {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'malformed_json', message: error instanceof Error ? error.message : 'not JSON' };
  }
  const value = isObject(json) ? json['value'] : undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_GRAPH_ITEMS) {
    return refuse(`expected {"value": [1..${MAX_GRAPH_ITEMS} notifications]}`);
  }
  const items: GraphNotificationItem[] = [];
  for (const raw of value as unknown[]) {
    const subscriptionId = isObject(raw) ? text(raw['subscriptionId']) : undefined;
    if (!isObject(raw) || !subscriptionId) return refuse('a notification without subscriptionId');
    const resourceData = isObject(raw['resourceData']) ? raw['resourceData'] : {};
    items.push({
      subscriptionId,
      clientState: text(raw['clientState']),
      tenantId: text(raw['tenantId']),
      subscriptionExpirationDateTime: text(raw['subscriptionExpirationDateTime']),
      changeType: text(raw['changeType']),
      resource: text(raw['resource']),
      eventId: text(resourceData['id']),
      lifecycleEvent: text(raw['lifecycleEvent']),
    });
  }
  return { ok: true, items };
}

function refuse(message: string): ParsedGraphNotifications {
  return { ok: false, reason: 'not_graph_notification', message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
