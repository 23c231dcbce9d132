// System tests drive the operator CLI as an operator does: `node services/cli/src/main.ts …` in a
// process of its own, with only the environment the test gives (as spawnService does).
import { REPO_ROOT } from './repoRoot.ts';
import { runProcess } from './runProcess.ts';
import type { ProcessRun } from './runProcess.ts';

export function runCli(argv: string[], env: Record<string, string>): Promise<ProcessRun> {
  return runProcess(process.execPath, ['services/cli/src/main.ts', ...argv], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ROOMS_APPSETTINGS_PATH: '', ...env },
  });
}
