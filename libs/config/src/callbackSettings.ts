import { parsers } from './parsers.ts';
import { setting } from './setting.ts';
import type { SettingsOf } from './setting.ts';

/**
 * Keys that decide the callback URL registered with Exchange (see resolveCallbackUrl). IdpRootUrl
 * is optional here because an override URL makes it unnecessary; resolveCallbackUrl reports it
 * missing when the chosen rule needs it.
 */
export const callbackSettings = {
  IdpRootUrl: setting(parsers.absoluteUrl({ root: true })),
  ExchangePushNotificationEndpointUrl: setting(parsers.absoluteUrl()),
  ExchangePushNotificationUseLegacyEndpoint: setting(parsers.bool(), { default: false }),
  Tenant: setting(parsers.string()),
  /** Graph's change notification URL, used as is (its lifecycle URL is this + /lifecycle). */
  GraphNotificationEndpointUrl: setting(parsers.absoluteUrl()),
  /** Local development only: let a Graph connection register a plain-http callback (the simulator takes it). */
  GraphAllowInsecureCallback: setting(parsers.bool(), { default: false }),
} as const;

export type CallbackSettings = SettingsOf<typeof callbackSettings>;
