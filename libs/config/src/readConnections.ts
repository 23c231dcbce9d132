// The connections besides `default` (docs/architecture.md §9): `ExchangeConnections` names them,
// and `Connection.<name>.<Field>` describes each. Pure over the raw settings; files (mounted
// Secrets, certificates) through the reader it is given, read once here at start.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ConfigError } from './ConfigError.ts';
import { CONNECTION_KINDS, DEFAULT_CONNECTION, EWS_CONNECTION_AUTHS } from './Connection.ts';
import type { Connection, EwsConnection, EwsConnectionAuth, GraphConnection, GraphCredential } from './Connection.ts';
import { parsers } from './parsers.ts';
import type { RawSettings } from './readAppSettings.ts';
import { connectionReader } from './connectionReader.ts';
import type { ConnectionReader, ReadTextFile } from './connectionReader.ts';

export const CONNECTIONS_KEY = 'ExchangeConnections';
export const CONNECTION_KEY_PREFIX = 'Connection.';
export const CONNECTION_NAME = /^[a-z][a-z0-9-]{0,31}$/;
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

/** The keys readConnections reads: what loadServiceConfig must keep besides a service's table. */
export function isConnectionKey(key: string): boolean {
  return key === CONNECTIONS_KEY || key.startsWith(CONNECTION_KEY_PREFIX);
}

const GRAPH_FIELDS = [
  'TenantId',
  'ClientId',
  'ClientSecret',
  'ClientSecretFile',
  'CertificateFile',
  'PrivateKeyFile',
  'AuthorityHost',
  'GraphUrl',
];
const EWS_FIELDS = [
  'EwsUrl',
  'EwsAuth',
  'EwsUsername',
  'EwsPassword',
  'EwsPasswordFile',
  'EwsDomain',
  'EwsBearerToken',
  'EwsBearerTokenFile',
  'EwsOAuthTenantId',
  'EwsOAuthClientId',
  'EwsOAuthClientSecret',
  'EwsOAuthClientSecretFile',
];
const FIELDS: Readonly<Record<Connection['kind'], readonly string[]>> = { graph: GRAPH_FIELDS, ews: EWS_FIELDS };
const https = parsers.url({ protocols: ['https:'] });

export type ReadConnectionsResult =
  | { readonly ok: true; readonly connections: readonly Connection[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

export function readConnections(raw: RawSettings, readFile: ReadTextFile): ReadConnectionsResult {
  const errors: ConfigError[] = [];
  const names = connectionNames(raw, errors);
  for (const [key, entry] of raw) {
    if (!key.startsWith(CONNECTION_KEY_PREFIX) || entry.value === '') continue;
    const name = key.slice(CONNECTION_KEY_PREFIX.length).split('.')[0] ?? '';
    if (!names.includes(name)) {
      errors.push(
        new ConfigError({
          key,
          source: entry.source,
          reason: `connection "${name}" is not listed in ${CONNECTIONS_KEY}`,
        }),
      );
    }
  }
  const connections: Connection[] = [];
  for (const name of names) {
    const read = connectionReader(raw, `${CONNECTION_KEY_PREFIX}${name}.`, readFile);
    const kind = read.value('Kind', parsers.oneOf(CONNECTION_KINDS), true);
    if (kind !== undefined) {
      unknownFields(raw, kind, read);
      const connection = kind === 'graph' ? graphConnection(name, read) : ewsConnection(name, read);
      if (connection !== undefined && read.errors.length === 0) connections.push(connection);
    }
    errors.push(...read.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, connections };
}

function connectionNames(raw: RawSettings, errors: ConfigError[]): string[] {
  const entry = raw.get(CONNECTIONS_KEY);
  if (entry === undefined || entry.value === '') return [];
  const parsed = parsers.list().parse(entry.value);
  const fail = (reason: string) =>
    errors.push(new ConfigError({ key: CONNECTIONS_KEY, value: entry.value, source: entry.source, reason }));
  if (!parsed.ok) {
    fail(parsed.reason);
    return [];
  }
  const names: string[] = [];
  for (const name of parsed.value) {
    if (name === DEFAULT_CONNECTION)
      fail(`"${DEFAULT_CONNECTION}" is the connection of the Ews* keys: give the others other names`);
    else if (!CONNECTION_NAME.test(name))
      fail(`"${name}" is not a connection name (a lower-case letter, then up to 31 of a-z, 0-9, -)`);
    else if (names.includes(name)) fail(`"${name}" is listed twice`);
    else names.push(name);
  }
  return names;
}

// A misspelt key (`Connection.a.ClientSecrt`) would otherwise be ignored and the connection fail
// later, less clearly.
function unknownFields(raw: RawSettings, kind: Connection['kind'], read: ConnectionReader): void {
  for (const [key, { value, source }] of raw) {
    if (!key.startsWith(read.prefix) || value === '') continue;
    const field = key.slice(read.prefix.length);
    if (field === 'Kind' || FIELDS[kind].includes(field)) continue;
    read.errors.push(new ConfigError({ key, source, reason: `not a setting of a ${kind} connection` }));
  }
}

function graphConnection(name: string, read: ConnectionReader): GraphConnection | undefined {
  const tenantId = read.value('TenantId', parsers.string(), true);
  const clientId = read.value('ClientId', parsers.string(), true);
  const authorityHost = read.value('AuthorityHost', https, false) ?? DEFAULT_AUTHORITY_HOST;
  const graphUrl = read.value('GraphUrl', https, false) ?? DEFAULT_GRAPH_URL;
  const credential = graphCredential(name, read);
  if (tenantId === undefined || clientId === undefined || credential === undefined) return undefined;
  return { name, kind: 'graph', tenantId, clientId, credential, authorityHost, graphUrl };
}

function graphCredential(name: string, read: ConnectionReader): GraphCredential | undefined {
  const key = (field: string) => `${CONNECTION_KEY_PREFIX}${name}.${field}`;
  const secretSet = read.entry('ClientSecret') ?? read.entry('ClientSecretFile');
  const certificateSet = read.entry('CertificateFile') ?? read.entry('PrivateKeyFile');
  if (secretSet !== undefined && certificateSet !== undefined) {
    read.errors.push(
      new ConfigError({
        key: secretSet.key,
        source: secretSet.source,
        reason: `set together with ${certificateSet.key}: a connection has one credential, a secret or a certificate`,
      }),
    );
    return undefined;
  }
  if (secretSet !== undefined) {
    const secret = read.secret('ClientSecret');
    return secret === undefined ? undefined : { kind: 'secret', secret };
  }
  if (certificateSet === undefined) {
    read.errors.push(
      new ConfigError({
        key: key('ClientSecret'),
        source: 'unset',
        reason: `a graph connection needs a credential: ${key('ClientSecret')} (environment), ${key('ClientSecretFile')}, or ${key('CertificateFile')} with ${key('PrivateKeyFile')}`,
      }),
    );
    return undefined;
  }
  const certificatePem = read.file('CertificateFile');
  const privateKeyPem = read.file('PrivateKeyFile');
  for (const field of ['CertificateFile', 'PrivateKeyFile']) {
    if (read.entry(field) === undefined)
      read.errors.push(
        new ConfigError({ key: key(field), source: 'unset', reason: 'required with a certificate credential' }),
      );
  }
  if (certificatePem === undefined || privateKeyPem === undefined) return undefined;
  const mismatch = pemProblem(certificatePem, privateKeyPem);
  if (mismatch !== undefined) {
    const entry = read.entry(mismatch.field);
    read.errors.push(
      new ConfigError({
        key: key(mismatch.field),
        value: entry?.value,
        source: entry?.source ?? 'unset',
        reason: mismatch.reason,
      }),
    );
    return undefined;
  }
  return { kind: 'certificate', certificatePem, privateKeyPem };
}

// The parsers' own messages could quote key material: only which file and what is wrong.
function pemProblem(certificatePem: string, privateKeyPem: string): { field: string; reason: string } | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return { field: 'CertificateFile', reason: 'not a PEM certificate' };
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(privateKeyPem))) {
      return { field: 'PrivateKeyFile', reason: 'not the private key of the certificate in CertificateFile' };
    }
  } catch {
    return { field: 'PrivateKeyFile', reason: 'not a PEM private key' };
  }
  return undefined;
}

function ewsConnection(name: string, read: ConnectionReader): EwsConnection | undefined {
  const url = read.value('EwsUrl', parsers.absoluteUrl(), true);
  const kind = read.value('EwsAuth', parsers.oneOf(EWS_CONNECTION_AUTHS), false) ?? 'basic';
  const auth = ewsAuth(kind, read);
  return url === undefined || auth === undefined ? undefined : { name, kind: 'ews', url, auth };
}

function ewsAuth(kind: (typeof EWS_CONNECTION_AUTHS)[number], read: ConnectionReader): EwsConnectionAuth | undefined {
  const needed = (field: string) => read.value(field, parsers.string(), true);
  const neededSecret = (field: string) => {
    const value = read.secret(field);
    if (value === undefined && read.entry(field) === undefined && read.entry(`${field}File`) === undefined) {
      const key = `${read.prefix}${field}`;
      read.errors.push(
        new ConfigError({
          key,
          source: 'unset',
          reason: `required when EwsAuth=${kind} (set ${key} in the environment, or ${key}File)`,
        }),
      );
    }
    return value;
  };
  if (kind === 'basic' || kind === 'ntlm') {
    const username = needed('EwsUsername');
    const password = neededSecret('EwsPassword');
    const domain = read.value('EwsDomain', parsers.string(), false);
    if (username === undefined || password === undefined) return undefined;
    if (kind === 'basic') return { kind, username, password };
    return { kind, username, password, ...(domain === undefined ? {} : { domain }) };
  }
  // As for the Ews* keys: `bearer` with a fixed token uses it; otherwise client credentials.
  if (kind === 'bearer' && (read.entry('EwsBearerToken') ?? read.entry('EwsBearerTokenFile')) !== undefined) {
    const token = read.secret('EwsBearerToken');
    return token === undefined ? undefined : { kind: 'bearer', token: () => Promise.resolve(token) };
  }
  const tenantId = needed('EwsOAuthTenantId');
  const clientId = needed('EwsOAuthClientId');
  const clientSecret = neededSecret('EwsOAuthClientSecret');
  if (tenantId === undefined || clientId === undefined || clientSecret === undefined) return undefined;
  return { kind: 'oauth-client-credentials', tenantId, clientId, clientSecret };
}
