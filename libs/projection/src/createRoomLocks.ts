// In-process per-room mutex. A room's notifications and its lifecycle events arrive on two
// topics (two partitions), so two batches may want the same room at once; locks are taken in
// sorted order so two batches never wait on each other in a cycle.
export interface RoomLocks {
  acquire(rooms: readonly string[]): Promise<() => void>;
}

export function createRoomLocks(): RoomLocks {
  const tails = new Map<string, Promise<void>>();
  async function lockOne(room: string): Promise<() => void> {
    const previous = tails.get(room) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    tails.set(room, tail);
    await previous;
    return () => {
      release();
      if (tails.get(room) === tail) tails.delete(room);
    };
  }
  return {
    async acquire(rooms) {
      const releases: (() => void)[] = [];
      for (const room of [...new Set(rooms)].sort()) releases.push(await lockOne(room));
      return () => {
        for (const r of releases.reverse()) r();
      };
    },
  };
}
