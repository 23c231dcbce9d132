// The heap a service keeps alive: a full garbage collection through the inspector the bench starts
// each service with (`--inspect=127.0.0.1:0`, nobody attached until here), then V8's used size.
// RSS also counts what the heap reserved and the allocator kept, which grows after a load peak
// and is slow to give back: a leak shows in the live heap, a heap growing into its working size
// does not.
import type { SpawnedService } from '@rooms-sync/testing';

/** NODE_OPTIONS of the bench's services: an inspector on a free loopback port. */
export const INSPECTABLE = '--inspect=127.0.0.1:0';

/** The inspector's address, from the line Node prints when it opens it. */
export function inspectorUrl(output: string): string | undefined {
  return [...output.matchAll(/Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/g)].at(-1)?.[1];
}

export async function liveHeapMb(service: SpawnedService): Promise<number> {
  const url = inspectorUrl(service.output());
  if (url === undefined) throw new Error('the service has no inspector (started without INSPECTABLE?)');
  const socket = new WebSocket(url);
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (message) => {
    const { id, result } = JSON.parse(String(message.data)) as { id?: number; result?: unknown };
    if (id !== undefined) waiting.get(id)?.(result);
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  let next = 0;
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      next += 1;
      waiting.set(next, resolve);
      socket.send(JSON.stringify({ id: next, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const usage = (await call('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize / 1024 / 1024;
  } finally {
    socket.close();
  }
}
