// Fault scenario 3: PostgreSQL unreachable for 10 s while the projector writes: a TCP gate in
// front of the shared database closes (connections cut, new ones refused), which is what a
// database restart looks like from the services, and opens again.
import { after, before, test } from 'node:test';
import { LOCAL_DATABASE_URL } from '@rooms-sync/testing';
import { createTcpGate } from '../tcpGate.ts';
import type { TcpGate } from '../tcpGate.ts';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

let gate: TcpGate;

before(async () => {
  const url = new URL(LOCAL_DATABASE_URL);
  gate = await createTcpGate({ host: url.hostname, port: Number(url.port || '5432') });
  await gate.open();
});

after(async () => {
  await gate.close();
});

test('PostgreSQL unreachable for 10 s during projection, then back', async () => {
  await runFaultScenario({
    name: 'database unreachable',
    onpremRooms: 20,
    // The manager's leadership is a PostgreSQL session lock: the cut takes it (no leader), and the
    // changes of the outage reach the read model late (freshness). The lag poller reads the
    // checkpoints from PostgreSQL, so it measures nothing during the outage: a growing lag shows
    // only if one of its 10 s polls after the gate opens catches the backlog.
    alerts: ['RoomsSubscriptionManagerNoLeader', 'RoomsFreshnessP99OverTarget'],
    mayAlsoFire: ['RoomsConsumerLagGrowing'],
    options: { databaseAddress: gate.address },
    inject: async () => {
      await gate.close();
      await sleep(10_000);
      await gate.open();
      return 'every service connection to PostgreSQL cut and refused for 10 s (TCP gate), then open';
    },
  });
});
