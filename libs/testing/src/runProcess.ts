// Runs a command to its end and hands back its exit code and output, whatever the code: for
// tests that check what a tool prints and how it exits.
import { execFile } from 'node:child_process';

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  cwd?: string;
  /** The whole environment of the process (nothing is inherited when given). */
  env?: Record<string, string>;
}

export function runProcess(file: string, args: string[], options: RunProcessOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(new Error(`${file} did not run`, { cause: error }));
      else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}
