// What the chart exposes to the internet: the Ingress and the HTTPRoute route exactly the
// webhook-ingress's public paths (the EWS callback, the legacy one when asked for, Microsoft
// Graph's two callbacks, the reachability check), nothing else (docs/protocols.md §13, §14);
// and the WAF rules the Ingress carries mark every exposed path, so no callback is left to the
// CRS alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderChart } from '@rooms-sync/testing';
import type { Manifest } from '@rooms-sync/testing';

const SERVICE = 'rooms-sync-webhook-ingress';
const EWS = '/api/webhooks/exchange';
const LEGACY = '/WebServices/SyncNotification.svc';
const GRAPH = '/api/webhooks/graph';
const GRAPH_LIFECYCLE = '/api/webhooks/graph/lifecycle';
const HEALTHZ = '/healthz';

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name: string } } };
}
interface RouteRule {
  matches: { path: { type: string; value: string }; method: string }[];
  backendRefs: { name: string; port: number }[];
}

function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `expected one ${kind}, rendered ${found.length}`);
  return found[0] as Manifest;
}

function ingressPaths(args: readonly string[]): IngressPath[] {
  const ingress = only(
    renderChart(['--set', 'ingress.enabled=true', '--set', 'ingress.host=rooms.example.com', ...args]),
    'Ingress',
  );
  const spec = ingress.spec as { rules: { http: { paths: IngressPath[] } }[] };
  return spec.rules.flatMap((r) => r.http.paths);
}

function routeRules(args: readonly string[]): RouteRule[] {
  const manifests = renderChart([
    '--set',
    'gatewayApi.enabled=true',
    '--set',
    'gatewayApi.parentRefs[0].name=public',
    ...args,
  ]);
  return (only(manifests, 'HTTPRoute').spec as { rules: RouteRule[] }).rules;
}

/** The paths the WAF rules single out: REQUEST_FILENAME matched with @rx or @streq. */
function wafPathMatchers(): RegExp[] {
  const ingress = only(
    renderChart(['--set', 'ingress.enabled=true', '--set', 'ingress.host=rooms.example.com']),
    'Ingress',
  );
  const snippet = (ingress.metadata as { annotations?: Record<string, string> }).annotations?.[
    'nginx.ingress.kubernetes.io/modsecurity-snippet'
  ];
  assert.ok(snippet, 'the Ingress carries no modsecurity-snippet');
  return [...snippet.matchAll(/^SecRule REQUEST_FILENAME "@(rx|streq) ([^"]+)"/gm)].map(([, op, arg = '']) =>
    op === 'rx' ? new RegExp(arg) : new RegExp(`^${arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  );
}

describe('the Ingress', () => {
  it('routes exactly the callbacks and /healthz, each Exact, to the webhook-ingress', () => {
    const paths = ingressPaths([]);
    assert.deepEqual(
      paths.map((p) => p.path),
      [EWS, GRAPH, GRAPH_LIFECYCLE, HEALTHZ],
    );
    for (const p of paths) {
      assert.equal(p.pathType, 'Exact', p.path);
      assert.deepEqual(p.backend.service, { name: SERVICE, port: { name: 'http' } }, p.path);
    }
  });

  it('adds the legacy callback only when asked', () => {
    assert.deepEqual(
      ingressPaths(['--set', 'ingress.exposeLegacyEndpoint=true']).map((p) => p.path),
      [EWS, LEGACY, GRAPH, GRAPH_LIFECYCLE, HEALTHZ],
    );
  });

  it('carries WAF rules that single out every path it exposes', () => {
    const matchers = wafPathMatchers();
    for (const { path } of ingressPaths(['--set', 'ingress.exposeLegacyEndpoint=true'])) {
      assert.ok(
        matchers.some((m) => m.test(path)),
        `no WAF rule matches ${path}`,
      );
    }
  });
});

describe('the HTTPRoute', () => {
  it('matches exactly the callbacks (POST) and /healthz (GET), each Exact, to the webhook-ingress', () => {
    const rules = routeRules([]);
    assert.equal(rules.length, 1);
    const [rule] = rules;
    assert.deepEqual(
      rule?.matches.map((m) => [m.method, m.path.value]),
      [
        ['POST', EWS],
        ['POST', GRAPH],
        ['POST', GRAPH_LIFECYCLE],
        ['GET', HEALTHZ],
      ],
    );
    assert.ok(rule?.matches.every((m) => m.path.type === 'Exact'));
    assert.deepEqual(
      rule?.backendRefs.map((b) => b.name),
      [SERVICE],
    );
  });

  it('adds the legacy callback only when asked', () => {
    const [rule] = routeRules(['--set', 'gatewayApi.exposeLegacyEndpoint=true']);
    assert.deepEqual(
      rule?.matches.map((m) => [m.method, m.path.value]),
      [
        ['POST', EWS],
        ['POST', LEGACY],
        ['POST', GRAPH],
        ['POST', GRAPH_LIFECYCLE],
        ['GET', HEALTHZ],
      ],
    );
  });
});
