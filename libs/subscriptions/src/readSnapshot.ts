// The stored snapshot of this deployment, decoded. A snapshot only saves time, so nothing here
// stops a start: a row that cannot be read or decoded is a reason to log, and the manager reads
// the topics in full (docs/architecture.md §6).
import type { SnapshotRepository } from './createSnapshotRepository.ts';
import { decodeSnapshot } from './decodeSnapshot.ts';
import type { SnapshotDecoded } from './decodeSnapshot.ts';

/** undefined: none stored yet. */
export async function readSnapshot(
  repository: Pick<SnapshotRepository, 'load'>,
  managerName: string,
): Promise<SnapshotDecoded | undefined> {
  let stored;
  try {
    stored = await repository.load(managerName);
  } catch (error) {
    return { ok: false, reason: `could not read it: ${error instanceof Error ? error.message : String(error)}` };
  }
  return stored && decodeSnapshot(stored.body);
}
