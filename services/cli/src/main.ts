// `npm run cli -- <command> …`: the operator's commands, one module each in commands/ (argv,
// printing, exit codes) calling the domain operations their libs export; this file only dispatches.
import type { CliCommand } from './CliCommand.ts';
import { EX_USAGE } from './CliCommand.ts';
import { connections } from './commands/connections.ts';
import { demo } from './commands/demo.ts';
import { dlq } from './commands/dlq.ts';
import { projector } from './commands/projector.ts';
import { rooms } from './commands/rooms.ts';

const COMMANDS: Record<string, CliCommand> = { rooms, connections, dlq, projector, demo };

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  const list = Object.entries(COMMANDS)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n');
  process.stderr.write(
    `${name === undefined ? '' : `unknown command: ${name}\n`}usage: npm run cli -- <command> [args]\n${list}\n`,
  );
  process.exit(EX_USAGE);
}
process.exitCode = await command.run(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env });
