// `npm run cli -- <command> …`: the operator's commands, each owned by the lib
// whose data it touches; this file only dispatches.
import type { CliCommand } from '@rooms-sync/lifecycle';
import { demoCommand, dlqCommand, projectorCommand } from '@rooms-sync/projection';
import { roomsCommand } from '@rooms-sync/subscriptions';

const COMMANDS: Record<string, CliCommand> = {
  rooms: roomsCommand,
  dlq: dlqCommand,
  projector: projectorCommand,
  demo: demoCommand,
};

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  const list = Object.entries(COMMANDS)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n');
  process.stderr.write(
    `${name === undefined ? '' : `unknown command: ${name}\n`}usage: npm run cli -- <command> [args]\n${list}\n`,
  );
  process.exit(64);
}
process.exitCode = await command.run(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env });
