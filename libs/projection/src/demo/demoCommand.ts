// `demo [--simulator URL] [--projector URL]`: runDemo from the command line (`make up` ends with it).
import { parseArgs } from 'node:util';
import { EX_USAGE, type CliCommand } from '@rooms-sync/lifecycle';
import { runDemo } from './runDemo.ts';

export const demoCommand: CliCommand = {
  summary: 'book, move and cancel meetings in the simulator and watch the read model follow',
  async run(argv, io) {
    const args = argv[0] === 'demo' ? argv.slice(1) : argv;
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { simulator: { type: 'string' }, projector: { type: 'string' }, timeout: { type: 'string' } },
      }));
    } catch (error) {
      io.stderr.write(
        `${error instanceof Error ? error.message : String(error)}\nusage: demo [--simulator URL] [--projector URL] [--timeout ms]\n`,
      );
      return EX_USAGE;
    }
    try {
      const result = await runDemo({
        simulatorUrl: values.simulator ?? 'http://127.0.0.1:8090',
        projectorUrl: values.projector ?? 'http://127.0.0.1:9103',
        out: io.stdout,
        ...(values.timeout === undefined ? {} : { timeoutMs: Number(values.timeout) }),
      });
      return result.ok ? 0 : 1;
    } catch (error) {
      io.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  },
};
