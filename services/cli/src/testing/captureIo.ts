// A CommandIo whose streams are kept in memory, so a test runs a command in-process and reads
// what it printed.
import { Writable } from 'node:stream';
import type { CommandIo } from '../CliCommand.ts';

export interface CapturedIo {
  readonly io: CommandIo;
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(chunk.toString());
        done();
      },
    });
  return {
    io: { stdout: sink(out), stderr: sink(err), env },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
