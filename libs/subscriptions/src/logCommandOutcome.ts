// What the manager says about each command it ran, one line per command: the lines SREs and the
// system tests read (`subscribed`, `Graph subscription created`, `subscribe failed`, …).
import type { Logger } from '@rooms-sync/lifecycle';
import type { Command } from './decide.ts';
import type { GraphCommand } from './decideGraph.ts';
import type { ExecuteOutcome } from './executeCommand.ts';
import type { GraphExecuteOutcome } from './executeGraphCommand.ts';

export function logEwsOutcome(logger: Logger, command: Command, outcome: ExecuteOutcome): void {
  if (command.kind !== 'subscribe') {
    logger.info({ ...command }, `lifecycle: ${command.kind}`);
  } else if (outcome.kind === 'subscribed') {
    logger.info(
      {
        mailbox: command.mailbox,
        subscriptionId: outcome.subscriptionId,
        reason: command.reason,
        replaces: command.replaces,
        fromWatermark: command.watermark !== undefined,
        resync: command.resync,
      },
      'subscribed',
    );
  } else if (outcome.kind === 'failed') {
    logger.warn(
      { mailbox: command.mailbox, reason: command.reason, errorKind: outcome.errorKind, backOffMs: outcome.backOffMs },
      'subscribe failed',
    );
  }
}

export function logGraphOutcome(logger: Logger, command: GraphCommand, outcome: GraphExecuteOutcome): void {
  const { kind, mailbox, connection } = command;
  const subscriptionId = 'subscriptionId' in command ? command.subscriptionId : undefined;
  if (outcome.kind === 'failed') {
    const { operation, errorKind, code, retryAfterMs } = outcome;
    logger.warn(
      { command: kind, mailbox, connection, subscriptionId, operation, errorKind, code, retryAfterMs },
      'Graph call failed',
    );
  } else if (outcome.kind === 'created') {
    const reason = command.kind === 'graphCreate' ? command.reason : 'not-found';
    logger.info(
      { mailbox, connection, subscriptionId: outcome.subscriptionId, replaces: outcome.replaced, reason },
      'Graph subscription created',
    );
  } else {
    logger.info({ command: kind, mailbox, connection, subscriptionId }, `Graph: ${kind}`);
  }
}
