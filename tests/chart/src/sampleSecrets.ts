// Secret values by Secret key, for the keys the chart's values files name: the dev Secret the dev
// loop applies, plus what production values read besides (EWS OAuth for EwsAuth=bearer, the Kafka
// SASL Secret and CA, the connections' secrets and certificate pair), which the dev loop has no
// need of. Secrets end in a newline, as `kubectl create secret --from-file` leaves them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@rooms-sync/testing';
import type { TestTls } from '@rooms-sync/testing';
import { parse } from 'yaml';

export const GRAPH_CLIENT_SECRET = 'sample-graph-client-secret';
export const EWS_PASSWORD = 'sample-ews-password';

/** `tls` supplies the certificate pair (a Graph app's) and the Kafka CA. */
export function sampleSecrets(tls: TestTls): Readonly<Record<string, string>> {
  const devSecret = parse(readFileSync(join(REPO_ROOT, 'k8s/dev-secrets.yaml'), 'utf8')) as {
    stringData: Record<string, string>;
  };
  return {
    ...devSecret.stringData,
    'ews-oauth-tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'ews-oauth-client-id': '0b9a2c3e-4d5f-4a6b-8c7d-9e0f1a2b3c4d',
    'ews-oauth-client-secret': 'sample-client-secret',
    username: 'rooms-sync',
    password: 'sample-sasl-password',
    'ca.crt': tls.caPem,
    'client-secret': `${GRAPH_CLIENT_SECRET}\n`,
    'tls.crt': tls.certPem,
    'tls.key': tls.keyPem,
    'ews-password': `${EWS_PASSWORD}\n`,
  };
}
