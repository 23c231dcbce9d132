// Fault scenario 2: the projector dies mid-stream (SIGKILL, no commit) and comes back; it resumes
// from its group's committed offsets and re-applies what it had not committed.
import { test } from 'node:test';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

test('the projector killed mid-stream and started again', async () => {
  await runFaultScenario({
    name: 'projector killed',
    onpremRooms: 20,
    // No projector scraped at all while it is down, then its consumer waits to join the group. Its
    // lag grows only if a 10 s lag poll of the restarted projector falls before it catches up.
    alerts: ['RoomsProjectorNotConsuming'],
    mayAlsoFire: ['RoomsConsumerLagGrowing'],
    inject: async ({ system }) => {
      await system.services.get('sync-projector')?.kill();
      await sleep(3_000);
      await system.spawnAgain('sync-projector', { samePorts: true });
      return 'SIGKILL of the projector, 3 s down, started again';
    },
  });
});
