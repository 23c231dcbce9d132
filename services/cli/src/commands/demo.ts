// `demo [--simulator URL] [--projector URL]`: runDemo from the command line (`make up` ends with it).
import { runDemo } from '@rooms-sync/projection';
import { EX_FAILED, reportFailure } from '../CliCommand.ts';
import type { CliCommand } from '../CliCommand.ts';
import { parseCommandArgs } from '../parseCommandArgs.ts';

const SPEC = {
  name: 'demo',
  usage: 'usage: demo [--simulator URL] [--projector URL] [--timeout ms]\n',
  options: { simulator: { type: 'string' }, projector: { type: 'string' }, timeout: { type: 'string' } },
  positionals: false,
} as const;

export const demo: CliCommand = {
  summary: 'book, move and cancel meetings in the simulator and watch the read model follow',
  async run(argv, io) {
    const parsed = parseCommandArgs(SPEC, argv, io);
    if (!parsed.ok) return parsed.exitCode;
    const { values } = parsed;
    try {
      const result = await runDemo({
        simulatorUrl: values.simulator ?? 'http://127.0.0.1:8090',
        projectorUrl: values.projector ?? 'http://127.0.0.1:9103',
        out: io.stdout,
        ...(values.timeout === undefined ? {} : { timeoutMs: Number(values.timeout) }),
      });
      return result.ok ? 0 : EX_FAILED;
    } catch (error) {
      return reportFailure(io, 'demo', error);
    }
  },
};
