import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSnapshotWriter } from './createSnapshotWriter.ts';
import type { StoredSnapshot } from './createSnapshotRepository.ts';
import { createStateStore } from './createStateStore.ts';
import { readSnapshot } from './readSnapshot.ts';
import { created, plainState, position, T0 } from './testing/testFixtures.ts';

function harness(over: { leading?: boolean; failing?: boolean } = {}) {
  const rows = new Map<string, StoredSnapshot>();
  const warnings: string[] = [];
  const store = createStateStore();
  store.applyConsumed(created('S1'), position(41));
  const repository = {
    save: (name: string, snapshot: StoredSnapshot) => {
      if (over.failing === true) return Promise.reject(new Error('database down'));
      rows.set(name, snapshot);
      return Promise.resolve();
    },
    load: (name: string) => Promise.resolve(rows.get(name)),
  };
  const writer = createSnapshotWriter({
    store,
    repository,
    managerName: 'm',
    intervalMs: 60_000,
    shouldWrite: () => over.leading ?? true,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (_obj, msg) => warnings.push(msg ?? ''),
    },
    now: () => T0,
  });
  return { rows, warnings, store, repository, writer };
}

test('the leader writes the folded state and its offsets under its ManagerName; it reads back the same', async () => {
  const h = harness();
  assert.equal(await h.writer.stop(), true, 'a last write at stop');
  const back = await readSnapshot(h.repository, 'm');
  assert.ok(back?.ok);
  assert.deepStrictEqual(plainState(back.snapshot.state), plainState(h.store.folded().state));
  assert.deepStrictEqual(back.snapshot.offsets, new Map([['rooms.subscriptions:0', 41n]]));
  assert.equal(back.snapshot.takenAt, T0);
  assert.equal(await readSnapshot(h.repository, 'another deployment'), undefined);
});

test('a standby writes nothing; a failed write is a warning, not a crash', async () => {
  const standby = harness({ leading: false });
  assert.equal(await standby.writer.write(), false);
  assert.equal(standby.rows.size, 0);
  const failing = harness({ failing: true });
  assert.equal(await failing.writer.write(), false);
  assert.match(failing.warnings[0] ?? '', /could not write the state snapshot/);
});

test('a snapshot that cannot be read is a reason', async () => {
  const broken = { load: () => Promise.reject(new Error('relation does not exist')) };
  assert.deepEqual(await readSnapshot(broken, 'm'), {
    ok: false,
    reason: 'could not read it: relation does not exist',
  });
  const damaged = { load: () => Promise.resolve({ takenAt: new Date(T0), body: '{"v":1' }) };
  assert.equal((await readSnapshot(damaged, 'm'))?.ok, false);
});
