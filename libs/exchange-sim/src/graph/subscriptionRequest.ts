// What Graph checks in a subscription create or update body before it runs the handshake:
// the resource (a user's events), change types, HTTPS URLs, clientState length and the expiry
// limits for Outlook resources (at most 10,080 minutes ahead; under 45 minutes is raised to 45).
import { GraphError } from './GraphError.ts';

export const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export interface SubscriptionLimits {
  maxExpirationMinutes: number;
  minExpirationMinutes: number;
  allowHttp: boolean;
}

export interface CreateRequest {
  /** The `{id|upn}` of `users/{id|upn}/events`. */
  user: string;
  resource: string;
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expiresAt: number;
}

const bad = (message: string) => new GraphError(400, 'InvalidRequest', message);

function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function url(value: unknown, key: string, limits: SubscriptionLimits): string {
  if (typeof value !== 'string') throw bad(`${key} is required.`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw bad(`${key} is not a valid URL.`);
  }
  if (parsed.protocol !== 'https:' && !(limits.allowHttp && parsed.protocol === 'http:'))
    throw new GraphError(400, 'ValidationError', `The ${key} must be an https URL.`);
  return value;
}

/** The expiry Graph grants for a requested one, or the 400 it answers. */
export function grantExpiry(value: unknown, now: number, limits: SubscriptionLimits): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw bad('expirationDateTime must be an ISO 8601 date-time.');
  if (ms <= now) throw new GraphError(400, 'ExtensionError', 'Subscription expiration time must be in the future.');
  if (ms > now + limits.maxExpirationMinutes * 60_000)
    throw new GraphError(
      400,
      'ExtensionError',
      `Operation: Create; Exception: [Status Code: BadRequest; Reason: Subscription expiration can only be ${limits.maxExpirationMinutes} minutes in the future.]`,
    );
  return Math.max(ms, now + limits.minExpirationMinutes * 60_000);
}

export function parseCreateRequest(body: unknown, now: number, limits: SubscriptionLimits): CreateRequest {
  const o = obj(body);
  const resource = typeof o.resource === 'string' ? o.resource : '';
  const m = /^\/?users\/([^/]+)\/events$/i.exec(resource);
  if (!m?.[1]) throw bad(`Resource '${resource}' is not supported: use users/{id}/events.`);
  const types = typeof o.changeType === 'string' ? o.changeType.split(',').map((t) => t.trim()) : [];
  if (types.length === 0 || !types.every((t) => (CHANGE_TYPES as readonly string[]).includes(t)))
    throw bad("changeType must be a comma-separated list of 'created', 'updated', 'deleted'.");
  if (
    o.clientState !== undefined &&
    o.clientState !== null &&
    (typeof o.clientState !== 'string' || o.clientState.length > 128)
  )
    throw bad('clientState must be a string of at most 128 characters.');
  return {
    user: m[1],
    resource,
    changeTypes: [...new Set(types as ChangeType[])],
    notificationUrl: url(o.notificationUrl, 'notificationUrl', limits),
    ...(o.lifecycleNotificationUrl === undefined || o.lifecycleNotificationUrl === null
      ? {}
      : { lifecycleNotificationUrl: url(o.lifecycleNotificationUrl, 'lifecycleNotificationUrl', limits) }),
    ...(typeof o.clientState === 'string' ? { clientState: o.clientState } : {}),
    expiresAt: grantExpiry(o.expirationDateTime, now, limits),
  };
}

/** A PATCH: a new expiry (and, as Graph allows, a new notificationUrl); nothing else may change. */
export function parseUpdateRequest(
  body: unknown,
  now: number,
  limits: SubscriptionLimits,
): { expiresAt?: number; notificationUrl?: string } {
  const o = obj(body);
  const extra = Object.keys(o).filter((k) => k !== 'expirationDateTime' && k !== 'notificationUrl');
  if (extra.length > 0)
    throw bad(`Only expirationDateTime and notificationUrl can be updated, not ${extra.join(', ')}.`);
  return {
    ...(o.expirationDateTime === undefined ? {} : { expiresAt: grantExpiry(o.expirationDateTime, now, limits) }),
    ...(o.notificationUrl === undefined ? {} : { notificationUrl: url(o.notificationUrl, 'notificationUrl', limits) }),
  };
}
