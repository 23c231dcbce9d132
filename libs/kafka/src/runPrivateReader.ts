// A reader that folds whole topics into one process's memory (the manager's state, the ingress's
// subscription directory): a consumer group of its own, one member, positions kept here rather
// than committed. It never dead-letters: the projector, which processes the topics, does. After a
// crash it starts again under a new group id from where it stopped. With the same group id, a
// broker that was down holds the rejoin until the crashed member's session expires (kafkajs
// cannot leave a group whose broker is gone): the Kafka-outage fault scenario measured the manager
// folding nothing for over 30 s after the broker returned, declaring every subscription silent and
// re-creating it again and again meanwhile.
import { randomUUID } from 'node:crypto';
import { startInBackground } from '@rooms-sync/lifecycle';
import type { BackgroundState } from '@rooms-sync/lifecycle';
import { partitionKey } from './partitionKey.ts';
import { runEventConsumer } from './runEventConsumer.ts';
import type { RunEventConsumerOptions } from './runEventConsumer.ts';

export type PrivateReaderOptions = Omit<
  RunEventConsumerOptions,
  'groupId' | 'maxRestarts' | 'onCrash' | 'commitOffsets' | 'onProgress' | 'deadLetters' | 'dlqTopic' | 'onDeadLettered'
> & {
  /** Each start reads under `<groupPrefix>-<uuid>`. */
  groupPrefix: string;
  /** Every state change: `running` once a start succeeded, `starting` while Kafka does not answer. */
  onState?: (state: BackgroundState) => void;
  /** Waits between starts; default 1 s doubling to 5 s. */
  backoff?: { initialMs: number; maxMs: number };
};

export interface PrivateReader {
  state(): BackgroundState;
  stop(): Promise<void>;
}

export function runPrivateReader(options: PrivateReaderOptions): PrivateReader {
  const { groupPrefix, onState, backoff, ...consumerOptions } = options;
  const positions = new Map<string, { topic: string; partition: number; offset: string }>();
  for (const start of options.startAt ?? []) positions.set(partitionKey(start.topic, start.partition), start);
  return startInBackground({
    name: `reader ${groupPrefix}`,
    logger: options.logger,
    ...(onState ? { onState } : {}),
    ...(backoff ? { backoff } : {}),
    start: (died) =>
      runEventConsumer({
        ...consumerOptions,
        groupId: `${groupPrefix}-${randomUUID()}`,
        startAt: [...positions.values()],
        commitOffsets: false,
        deadLetters: false,
        maxRestarts: 0,
        onProgress: (position) => {
          positions.set(partitionKey(position.topic, position.partition), position);
        },
        onCrash: ({ error, restart }) => {
          if (!restart) died(error);
        },
      }),
  });
}
