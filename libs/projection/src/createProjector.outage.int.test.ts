// PostgreSQL going away mid-stream: the batch waits (partition paused, nothing skipped, nothing
// dead-lettered) and completes once the database is back. A TCP proxy plays the outage so the
// shared server stays up for everyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createDb } from '@rooms-sync/db';
import { FakeCalendar } from './testing/FakeCalendar.ts';
import { harness, liveRows, notification, subscriptionCreated, truth } from './testing/projectorHarness.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as AddressInfo).port;
        resolve();
      });
    });
  return {
    open,
    get port() {
      return port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server?.close(() => {
          resolve();
        });
      }),
  };
}

test('PostgreSQL down: the batch waits and resumes when it returns; nothing lost, nothing dead-lettered', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const proxy = startProxy(new URL(testDb.url));
  await proxy.open();
  const url = new URL(testDb.url);
  url.host = `127.0.0.1:${proxy.port}`;
  const db = createDb({ url: url.toString(), connectTimeoutMs: 500, acquireTimeoutMs: 1_000 });
  t.after(() => db.destroy());

  const cal = new FakeCalendar();
  const health: boolean[] = [];
  const room = 'room-101@contoso.example';
  const h = harness(db, cal, { dbRetry: { initialMs: 100, maxMs: 300 }, onDatabaseHealth: (ok) => health.push(ok) });
  await h.run(h.append(subscriptionCreated(room)));

  cal.book(room, { subject: 'Booked during the outage', start: '2026-12-02T09:00:00Z', end: '2026-12-02T10:00:00Z' });
  await proxy.close();
  let done = false;
  const pending = h.run(h.append(notification(room))).then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal(done, false, 'the batch waits for the database');
  assert.equal(health.at(-1), false);
  await proxy.open();
  await pending;
  assert.equal(health.at(-1), true);
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.equal(h.dead.length, 0);
  await proxy.close();
});
