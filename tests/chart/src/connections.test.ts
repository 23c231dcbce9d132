// The chart's `connections` as the subscription-manager reads them (docs/connections.md): each
// connection of the values, its secrets read from the files the chart mounts from Secrets and names
// in the ConfigMap, none of them in the ConfigMap itself, and the mount only where it is needed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readManagerConfig } from '@rooms-sync/subscription-manager/settings';
import { CHART_DIR, createTestTls, renderChart } from '@rooms-sync/testing';
import type { Manifest } from '@rooms-sync/testing';
import { containerStarts } from './podConfig.ts';
import { EWS_PASSWORD, GRAPH_CLIENT_SECRET, sampleSecrets } from './sampleSecrets.ts';

const tls = createTestTls();
after(() => {
  tls.cleanup();
});
const SECRETS = sampleSecrets(tls);

const manifests = renderChart([
  '-f',
  join(CHART_DIR, 'values-prod.yaml'),
  '-f',
  join(CHART_DIR, 'tests/every-feature-on.yaml'),
]);

interface PodSpec {
  containers: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
  volumes?: { name: string; projected?: unknown }[];
}
function podOf(name: string): PodSpec {
  const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === `rooms-sync-${name}`);
  assert.ok(deployment, `no Deployment rooms-sync-${name}`);
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

describe('connections in the chart (every-feature-on.yaml)', () => {
  it('the subscription-manager reads each connection, its secrets from the mounted files', () => {
    const start = containerStarts(manifests, SECRETS).find(
      (s) => s.entry === 'services/subscription-manager/src/main.ts',
    );
    assert.ok(start);
    assert.deepEqual(start.problems, []);
    const result = readManagerConfig(start.env, start.argv);
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
    const [online, cert, onprem, ...rest] = result.connections;
    assert.deepEqual(rest, []);
    assert.ok(online?.kind === 'graph' && cert?.kind === 'graph' && onprem?.kind === 'ews');
    assert.deepEqual(online.credential, { kind: 'secret', secret: GRAPH_CLIENT_SECRET });
    assert.equal(online.graphUrl, 'https://graph.microsoft.com');
    assert.deepEqual(cert.credential, {
      kind: 'certificate',
      certificatePem: tls.certPem.trimEnd(),
      privateKeyPem: tls.keyPem.trimEnd(),
    });
    assert.equal(cert.authorityHost, 'https://login.microsoftonline.us');
    assert.deepEqual(onprem.auth, { kind: 'ntlm', username: 'svc-rooms', password: EWS_PASSWORD, domain: 'CONTOSO' });
    assert.equal(result.graphCallback?.notificationUrl, 'https://rooms.example.com/api/webhooks/graph');
  });

  it('puts no secret in the ConfigMap: only the paths of the mounted files', () => {
    const configMap = manifests.find(
      (m: Manifest) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-appsettings'),
    );
    const config = (configMap?.data as Record<string, string> | undefined)?.['RoomsAppSettings.config'] ?? '';
    assert.match(config, /key="ExchangeConnections" value="online,online-cert,onprem"/);
    assert.deepEqual(
      [...config.matchAll(/key="(Connection\.[^"]+File)" value="([^"]*)"/g)].map(([, key, value]) => `${key}=${value}`),
      [
        'Connection.online-cert.CertificateFile=/etc/rooms-sync/connections/online-cert/tls.crt',
        'Connection.online-cert.PrivateKeyFile=/etc/rooms-sync/connections/online-cert/tls.key',
        'Connection.online.ClientSecretFile=/etc/rooms-sync/connections/online/client-secret',
        'Connection.onprem.EwsPasswordFile=/etc/rooms-sync/connections/onprem/ews-password',
      ],
    );
    for (const key of ['ClientSecret', 'EwsPassword', 'EwsBearerToken', 'EwsOAuthClientSecret']) {
      assert.doesNotMatch(config, new RegExp(`key="Connection\\.[^"]+\\.${key}"`));
    }
  });

  it('mounts the secrets read-only into the manager and the projector, not the webhook-ingress', () => {
    for (const name of ['subscription-manager', 'sync-projector']) {
      const pod = podOf(name);
      assert.ok(
        pod.volumes?.some((v) => v.name === 'connections' && v.projected !== undefined),
        name,
      );
      assert.deepEqual(
        pod.containers[0]?.volumeMounts?.find((m) => m.name === 'connections'),
        { name: 'connections', mountPath: '/etc/rooms-sync/connections', readOnly: true },
        name,
      );
    }
    assert.equal(
      podOf('webhook-ingress').volumes?.some((v) => v.name === 'connections'),
      false,
    );
  });
});
