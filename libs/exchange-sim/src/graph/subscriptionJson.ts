// Graph's JSON for a subscription, as create, GET and PATCH answer it.
import type { Sub } from './graphSubscriptions.ts';

export function subscriptionJson(s: Sub) {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
    id: s.id,
    resource: s.request.resource,
    applicationId: s.caller.clientId,
    changeType: s.request.changeTypes.join(','),
    clientState: s.request.clientState ?? null,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.request.lifecycleNotificationUrl ?? null,
    expirationDateTime: new Date(s.expiresAt).toISOString(),
    creatorId: s.caller.clientId,
    includeResourceData: null,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
