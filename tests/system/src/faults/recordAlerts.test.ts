import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldAlerts } from './recordAlerts.ts';
import type { AlertRecords } from './recordAlerts.ts';
import type { ActiveAlert } from './startPrometheus.ts';

const alert = (name: string, state: ActiveAlert['state']): ActiveAlert => ({
  name,
  state,
  labels: { alertname: name },
});

test('an alert pending, then firing, then gone keeps when it was first pending, first firing and resolved', () => {
  const polls: [number, ActiveAlert[]][] = [
    [1, []],
    [2, [alert('RoomsX', 'pending')]],
    [3, [alert('RoomsX', 'firing')]],
    [4, [alert('RoomsX', 'firing')]],
    [5, []],
  ];
  const records = polls.reduce<AlertRecords>((r, [now, active]) => foldAlerts(r, active, now), new Map());
  assert.deepEqual(records.get('RoomsX'), {
    name: 'RoomsX',
    pendingAt: 2,
    firingAt: 3,
    resolvedAt: 5,
    firing: false,
  });
});

test('an alert only pending never counts as fired; one firing at once is pending from then too', () => {
  let records: AlertRecords = new Map();
  records = foldAlerts(records, [alert('RoomsP', 'pending'), alert('RoomsF', 'firing')], 7);
  assert.deepEqual(records.get('RoomsP'), { name: 'RoomsP', pendingAt: 7, firing: false });
  assert.deepEqual(records.get('RoomsF'), { name: 'RoomsF', pendingAt: 7, firingAt: 7, firing: true });
});

test('an alert firing on two label sets (two mailboxes) is one record, firing while either fires', () => {
  let records: AlertRecords = new Map();
  records = foldAlerts(records, [alert('RoomsM', 'firing'), alert('RoomsM', 'pending')], 1);
  records = foldAlerts(records, [alert('RoomsM', 'pending')], 2);
  assert.deepEqual(records.get('RoomsM'), {
    name: 'RoomsM',
    pendingAt: 1,
    firingAt: 1,
    resolvedAt: 2,
    firing: false,
  });
});

test('an alert that fires again after it resolved is firing, not resolved, and keeps its first firing', () => {
  const polls: [number, ActiveAlert[]][] = [
    [1, [alert('RoomsX', 'firing')]],
    [2, []],
    [3, [alert('RoomsX', 'firing')]],
  ];
  const records = polls.reduce<AlertRecords>((r, [now, active]) => foldAlerts(r, active, now), new Map());
  assert.deepEqual(records.get('RoomsX'), { name: 'RoomsX', pendingAt: 1, firingAt: 1, firing: true });
});
