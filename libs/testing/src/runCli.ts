// System tests drive the operator CLI as an operator does: `node services/cli/src/main.ts …` in a
// process of its own, with only the environment the test gives (as spawnService does).
import { execFile } from 'node:child_process';
import { REPO_ROOT } from './repoRoot.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(argv: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['services/cli/src/main.ts', ...argv],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ROOMS_APPSETTINGS_PATH: '', ...env } },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number')
          reject(new Error('the cli did not run', { cause: error }));
        else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}
