// The simulator's settings from the environment (and --port/--host), checked at start:
// a bad value stops the process naming the variable.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuthConfig, AuthMode, GraphAppInput } from '@rooms-sync/exchange-sim';

export interface SimulatorConfig {
  host: string;
  port: number;
  auth: AuthConfig;
  timeScale: number;
  demoRooms: boolean;
  deliveryTimeoutMs: number;
  ewsLatencyMs: number;
  maxEventsPerPush: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** The Graph face over HTTPS; undefined when no certificate is configured. */
  graph: GraphConfig | undefined;
  /** Mailboxes that live in Exchange Online (created if missing). */
  onlineRooms: string[];
}

export interface GraphConfig {
  port: number;
  tls: { certPem: string; keyPem: string };
  apps: GraphAppInput[];
  allowHttpNotificationUrls: boolean;
  maxRequestsPerWindow: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

function num(env: NodeJS.ProcessEnv, key: string, fallback: number, check: (n: number) => boolean): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new ConfigError(key, `invalid value "${raw}"`);
  return n;
}

function file(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const path = env[key];
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(key, `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function graphConfig(env: NodeJS.ProcessEnv): GraphConfig | undefined {
  const certPem = file(env, 'SIM_TLS_CERT');
  const keyPem = file(env, 'SIM_TLS_KEY');
  if (certPem === undefined && keyPem === undefined) return undefined;
  if (certPem === undefined || keyPem === undefined)
    throw new ConfigError(
      certPem === undefined ? 'SIM_TLS_CERT' : 'SIM_TLS_KEY',
      'SIM_TLS_CERT and SIM_TLS_KEY go together',
    );
  const tenantId = env.SIM_GRAPH_TENANT;
  const clientId = env.SIM_GRAPH_CLIENT_ID;
  const clientSecret = env.SIM_GRAPH_CLIENT_SECRET;
  const certificatePem = file(env, 'SIM_GRAPH_CLIENT_CERT');
  if ((tenantId === undefined) !== (clientId === undefined))
    throw new ConfigError('SIM_GRAPH_CLIENT_ID', 'SIM_GRAPH_TENANT and SIM_GRAPH_CLIENT_ID go together');
  if (tenantId !== undefined && clientSecret === undefined && certificatePem === undefined)
    throw new ConfigError(
      'SIM_GRAPH_CLIENT_SECRET',
      'a Graph app needs SIM_GRAPH_CLIENT_SECRET or SIM_GRAPH_CLIENT_CERT',
    );
  const apps: GraphAppInput[] =
    tenantId === undefined || clientId === undefined
      ? []
      : [
          {
            tenantId,
            clientId,
            ...(clientSecret === undefined ? {} : { clientSecret }),
            ...(certificatePem === undefined ? {} : { certificatePem }),
          },
        ];
  return {
    port: num(env, 'SIM_GRAPH_PORT', 8091, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    tls: { certPem, keyPem },
    apps,
    allowHttpNotificationUrls: (env.SIM_GRAPH_ALLOW_HTTP ?? '0') === '1',
    maxRequestsPerWindow: num(env, 'SIM_GRAPH_MAX_REQUESTS_PER_10MIN', 10_000, (n) => Number.isInteger(n) && n > 0),
  };
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): SimulatorConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const users = new Map<string, string>();
  for (const pair of list(env.SIM_USERS)) {
    const sep = pair.indexOf(':');
    if (sep <= 0) throw new ConfigError('SIM_USERS', 'expected user:password[,user:password]');
    users.set(pair.slice(0, sep), pair.slice(sep + 1));
  }
  const tokens = list(env.SIM_TOKENS);
  const mode = (env.SIM_AUTH ?? (users.size > 0 || tokens.length > 0 ? 'any' : 'none')) as AuthMode;
  if (!['basic', 'bearer', 'any', 'none'].includes(mode))
    throw new ConfigError('SIM_AUTH', 'expected basic, bearer, any or none');
  if ((mode === 'basic' || mode === 'any') && users.size === 0 && tokens.length === 0)
    throw new ConfigError('SIM_USERS', `SIM_AUTH=${mode} needs users`);
  if (mode === 'bearer' && tokens.length === 0) throw new ConfigError('SIM_TOKENS', 'SIM_AUTH=bearer needs tokens');
  const portEnv = values.port ?? env.SIM_PORT;
  const port = num({ SIM_PORT: portEnv }, 'SIM_PORT', 8090, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const logLevel = env.SIM_LOG_LEVEL ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new ConfigError('SIM_LOG_LEVEL', 'expected trace|debug|info|warn|error');
  return {
    host: values.host ?? env.SIM_HOST ?? '127.0.0.1',
    port,
    auth: { mode, users, tokens },
    timeScale: num(env, 'SIM_TIME_SCALE', 1, (n) => n > 0 && n <= 1000),
    demoRooms: (env.SIM_DEMO_ROOMS ?? '1') !== '0',
    deliveryTimeoutMs: num(env, 'SIM_DELIVERY_TIMEOUT_MS', 15_000, (n) => n > 0),
    ewsLatencyMs: num(env, 'SIM_EWS_LATENCY_MS', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 60_000),
    maxEventsPerPush: num(env, 'SIM_MAX_EVENTS_PER_PUSH', 50, (n) => Number.isInteger(n) && n > 0),
    logLevel: logLevel as SimulatorConfig['logLevel'],
    graph: graphConfig(env),
    onlineRooms: list(env.SIM_ONLINE_ROOMS),
  };
}
