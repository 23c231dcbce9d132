// Writes the leader's snapshot every interval and once more at a clean stop, so a restarted
// manager reads only what came after it (docs/architecture.md §6). Only the leader writes: one
// writer per row, and the row moves forward with the replica that acts. Any replica's snapshot
// would be as exact (it is the fold of the records up to its offsets), so a late write by a
// replica that just lost the lead costs a few more records to read, never a wrong state.
import type { Logger } from '@rooms-sync/lifecycle';
import type { StateStore } from './createStateStore.ts';
import type { SnapshotRepository } from './createSnapshotRepository.ts';
import { encodeSnapshot } from './encodeSnapshot.ts';

export interface SnapshotWriterOptions {
  store: Pick<StateStore, 'folded'>;
  repository: Pick<SnapshotRepository, 'save'>;
  managerName: string;
  intervalMs: number;
  /** True while this replica leads and has rebuilt its state. */
  shouldWrite: () => boolean;
  logger: Logger;
  now?: () => number;
  onWritten?: (takenAt: number) => void;
}

export interface SnapshotWriter {
  start(): void;
  /** Writes now if it should; false when it did not (not leading, or the write failed: logged). */
  write(): Promise<boolean>;
  /** Stops the timer and writes a last time. */
  stop(): Promise<boolean>;
}

export function createSnapshotWriter(options: SnapshotWriterOptions): SnapshotWriter {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<boolean> = Promise.resolve(false);

  async function writeOnce(): Promise<boolean> {
    if (!options.shouldWrite()) return false;
    const takenAt = now();
    const { state, offsets } = options.store.folded();
    const body = encodeSnapshot({ state, offsets, takenAt });
    try {
      await options.repository.save(options.managerName, { takenAt: new Date(takenAt), body });
    } catch (error) {
      options.logger.warn({ err: error }, 'could not write the state snapshot; the next start reads more');
      return false;
    }
    options.onWritten?.(takenAt);
    options.logger.debug({ rooms: state.rooms.size, bytes: body.length }, 'state snapshot written');
    return true;
  }

  // One write at a time: a slow database must not pile writes up.
  const write = (): Promise<boolean> => {
    last = last.then(writeOnce);
    return last;
  };

  return {
    start() {
      timer = setInterval(() => void write(), options.intervalMs);
      timer.unref();
    },
    write,
    stop() {
      clearInterval(timer);
      return write();
    },
  };
}
