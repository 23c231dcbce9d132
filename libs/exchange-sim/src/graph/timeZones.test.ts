import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ianaZone, preferredZone, wallClock } from './timeZones.ts';

test('Windows and IANA names; summer and winter offsets; unknown zones', () => {
  assert.equal(ianaZone('W. Europe Standard Time'), 'Europe/Berlin');
  assert.equal(ianaZone('Europe/Paris'), 'Europe/Paris');
  assert.equal(ianaZone('Mars Standard Time'), undefined);
  assert.equal(wallClock(Date.UTC(2026, 11, 1, 9, 0), 'Europe/Berlin'), '2026-12-01T10:00:00.0000000');
  assert.equal(wallClock(Date.UTC(2026, 6, 1, 9, 0, 0, 250), 'Europe/Berlin'), '2026-07-01T11:00:00.2500000');
  assert.equal(wallClock(Date.UTC(2026, 11, 1, 0, 30), 'America/Los_Angeles'), '2026-11-30T16:30:00.0000000');
});

test('the zone of a Prefer header among other preferences', () => {
  assert.equal(preferredZone('odata.maxpagesize=5, outlook.timezone="Pacific Standard Time"'), 'Pacific Standard Time');
  assert.equal(preferredZone('odata.maxpagesize=5'), undefined);
  assert.equal(preferredZone(undefined), undefined);
});
