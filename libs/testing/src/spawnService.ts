// Integration tests run the real service processes, wired exactly as in
// production, and learn their addresses from the service's own start-up log
// line (ports are 0, so parallel test files never collide).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './repoRoot.ts';

export interface SpawnedService {
  process: ChildProcess;
  /** The fields of the first log line whose msg matched `readyMessage`. */
  ready: Record<string, unknown>;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Everything the process wrote so far, stdout and stderr as they came, JSON or not. */
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no cleanup. */
  kill(): Promise<void>;
}

export interface SpawnServiceOptions {
  /** Folder under services/. */
  name: string;
  env: Record<string, string>;
  /** The log `msg` that says the service is up. */
  readyMessage: string;
  timeoutMs?: number;
  /** node's own flags, before the script: the V8 flags Node refuses in NODE_OPTIONS (the chart's nodeFlags). */
  nodeFlags?: readonly string[];
}

export async function spawnService(options: SpawnServiceOptions): Promise<SpawnedService> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), `services/${options.name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ROOMS_APPSETTINGS_PATH: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const output: string[] = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr.push(d.toString());
    output.push(d.toString());
  });
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;

  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} not ready within ${options.timeoutMs ?? 20_000} ms\n${stderr.join('')}`));
    }, options.timeoutMs ?? 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(parsed);
      if (parsed.msg === options.readyMessage) {
        clearTimeout(timer);
        resolve(parsed);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${options.name} exited with ${String(code)} during start\n${stderr.join('')}\n${JSON.stringify(logs.slice(-5))}`,
        ),
      );
    });
  });

  return {
    process: child,
    ready,
    logs,
    output: () => output.join(''),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
