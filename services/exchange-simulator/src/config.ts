// The simulator's settings from the environment (and --port/--host), checked at start:
// a bad value stops the process naming the variable.
import { parseArgs } from 'node:util';
import type { AuthConfig, AuthMode } from '@rooms-sync/exchange-sim';

export interface SimulatorConfig {
  host: string;
  port: number;
  auth: AuthConfig;
  timeScale: number;
  demoRooms: boolean;
  deliveryTimeoutMs: number;
  maxEventsPerPush: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
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
    maxEventsPerPush: num(env, 'SIM_MAX_EVENTS_PER_PUSH', 50, (n) => Number.isInteger(n) && n > 0),
    logLevel: logLevel as SimulatorConfig['logLevel'],
  };
}
