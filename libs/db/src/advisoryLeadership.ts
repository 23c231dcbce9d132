// Leader election with a PostgreSQL session advisory lock. The lock lives exactly as long as
// one database session, so it is held on a dedicated connection (never the knex pool, whose
// connections come and go): when the session ends, by our stop, a crash of this process or a
// dead network, the server frees the lock and a standby takes it on its next try.
// A leader that cannot confirm its session within one check steps down at once, before the
// server may have noticed, so two leaders never act at the same time for long.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { errorMessage, withTimeout } from '@rooms-sync/lifecycle';
import type { Logger } from '@rooms-sync/lifecycle';

/** The part of a pg Client the lock needs (knex hands out raw pg clients untyped). */
interface RawSession {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/** knex's dialect client (typed `any` by knex): opens and closes connections outside the pool. */
interface RawConnections {
  acquireRawConnection(): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<void>;
}

export interface AdvisoryLeadershipOptions {
  /** The service's knex; only its connection settings are used: the session is opened beside its pool. */
  db: Knex;
  /** What is being led, e.g. `rooms-sync/subscription-manager`; hashed to the lock key. */
  name: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** How often a standby tries the lock and a leader confirms it. Default 2 s. */
  checkIntervalMs?: number;
  /** Bound on connecting and on each check; a leader whose check exceeds it steps down. Default 3 s. */
  timeoutMs?: number;
  onChange?: (leader: boolean) => void;
}

export interface AdvisoryLeadership {
  isLeader(): boolean;
  /** Epoch ms of the last change (for readiness bodies). */
  since(): number;
  /** The lock key (bigint as a decimal string), for operators looking at pg_locks. */
  readonly key: string;
  /** Starts trying; resolves after the first try. */
  start(): Promise<void>;
  /** Releases the lock (if held) and closes the session. */
  stop(): Promise<void>;
}

export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

export function advisoryLeadership(options: AdvisoryLeadershipOptions): AdvisoryLeadership {
  const key = advisoryLockKey(options.name);
  const intervalMs = options.checkIntervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const { logger } = options;
  const raw = options.db.client as RawConnections;
  let client: RawSession | undefined;
  let leader = false;
  let changedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let checking: Promise<void> | undefined;

  function setLeader(next: boolean, why: string): void {
    if (leader === next) return;
    leader = next;
    changedAt = Date.now();
    if (next) logger.info({ leader: next, key, why }, 'leadership acquired');
    else logger.warn({ leader: next, key, why }, 'leadership lost');
    options.onChange?.(next);
  }

  function drop(why: string): void {
    const old = client;
    client = undefined;
    setLeader(false, why);
    // Closing the socket makes the server free the lock (if it still sees the session).
    if (old) void close(old);
  }

  async function close(session: RawSession): Promise<void> {
    await withTimeout(raw.destroyRawConnection(session), timeoutMs, 'PostgreSQL').catch(() => undefined);
  }

  async function connect(): Promise<RawSession> {
    // A fresh connection outside the pool (knex's own pool fills itself the same way).
    const c = (await withTimeout(raw.acquireRawConnection(), timeoutMs, 'PostgreSQL')) as RawSession;
    // Loss of the session is loss of leadership, immediately, not at the next check.
    c.on('error', (error) => {
      if (client === c) drop(`session error: ${error.message}`);
    });
    c.on('end', () => {
      if (client === c) drop('session ended');
    });
    return c;
  }

  async function query(c: RawSession, text: string, values?: unknown[]): Promise<Record<string, unknown> | undefined> {
    const result = await withTimeout(c.query(text, values), timeoutMs, 'PostgreSQL');
    return result.rows[0];
  }

  async function check(): Promise<void> {
    try {
      client ??= await connect();
      const c = client;
      if (!leader) {
        const row = await query(c, 'select pg_try_advisory_lock($1::bigint) as locked', [key]);
        if (row?.locked === true && client === c && !stopped) setLeader(true, 'lock taken');
      } else {
        const row = await query(
          c,
          "select exists(select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted) as held",
        );
        if (row?.held !== true) drop('lock no longer held');
      }
    } catch (error) {
      drop(`check failed: ${errorMessage(error)}`);
    }
  }

  function runCheck(): Promise<void> {
    checking ??= check().finally(() => {
      checking = undefined;
    });
    return checking;
  }

  return {
    key,
    isLeader: () => leader,
    since: () => changedAt,
    async start() {
      stopped = false;
      timer ??= setInterval(() => {
        void runCheck();
      }, intervalMs);
      await runCheck();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await checking;
      const c = client;
      client = undefined;
      if (c && leader) await query(c, 'select pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
      setLeader(false, 'stopped');
      if (c) await close(c);
    },
  };
}
