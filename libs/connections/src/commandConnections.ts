// The connections a command can use: `default` from the Ews* keys (as the services read them) and
// the named ones of ExchangeConnections (libs/config). A default whose Ews* credentials are
// incomplete is still listed; only using it reports its config errors.
import { DEFAULT_CONNECTION, loadConnections } from '@rooms-sync/config';
import type { ConfigError, GraphConnection, RawSettings, SettingsOf, SourcesOf } from '@rooms-sync/config';
import { ewsAuthFromSettings } from '@rooms-sync/ews-client';
import type { EwsAuth, ewsSettings } from '@rooms-sync/ews-client';

export interface EwsTarget {
  readonly name: string;
  readonly kind: 'ews';
  readonly url: string;
  readonly auth: EwsAuth;
  readonly timeoutMs: number;
  readonly allowUntrustedCertificate: boolean;
}

export type CommandConnection = GraphConnection | EwsTarget;

/** A connection by name: usable, or the config errors that keep it from being used. */
export type ConnectionEntry =
  | { readonly ok: true; readonly connection: CommandConnection }
  | {
      readonly ok: false;
      readonly name: string;
      readonly kind: 'ews';
      readonly url: string;
      readonly errors: readonly ConfigError[];
    };

type EwsSettings = SettingsOf<typeof ewsSettings>;

export type CommandConnectionsResult =
  | { readonly ok: true; readonly entries: readonly ConnectionEntry[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

export function commandConnections(
  settings: EwsSettings,
  sources: SourcesOf<typeof ewsSettings>,
  kept: RawSettings,
): CommandConnectionsResult {
  const named = loadConnections(kept);
  if (!named.ok) return named;
  const auth = ewsAuthFromSettings(settings, sources);
  const base = { name: DEFAULT_CONNECTION, kind: 'ews', url: settings.EwsUrl } as const;
  const byDefault: ConnectionEntry = auth.ok
    ? {
        ok: true,
        connection: {
          ...base,
          auth: auth.auth,
          timeoutMs: settings.EwsTimeoutMs,
          allowUntrustedCertificate: settings.EwsAllowUntrustedCertificate,
        },
      }
    : { ok: false, ...base, errors: auth.errors };
  const others = named.connections.map((c): ConnectionEntry => ({
    ok: true,
    connection:
      c.kind === 'graph'
        ? c
        : // The timeout and the lab-only certificate switch are the deployment's, not a connection's.
          { ...c, timeoutMs: settings.EwsTimeoutMs, allowUntrustedCertificate: settings.EwsAllowUntrustedCertificate },
  }));
  return { ok: true, entries: [byDefault, ...others] };
}
