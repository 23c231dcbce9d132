import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestDateTime, zoneOffsetMs } from './requestDateTime.ts';

const utc = (iso: string) => Date.parse(iso);

test('a date-time with Z or an offset is absolute, whatever the zone', () => {
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00Z', 'Europe/Berlin'), utc('2026-11-27T13:00:00Z'));
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00.250Z', 'UTC'), utc('2026-11-27T13:00:00.250Z'));
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00-05:00', 'Europe/Berlin'), utc('2026-11-27T18:00:00Z'));
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00+05:30', 'UTC'), utc('2026-11-27T07:30:00Z'));
});

test('without an offset it is wall-clock time in the zone (UTC when no TimeZoneContext)', () => {
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00', 'UTC'), utc('2026-11-27T13:00:00Z'));
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00', 'Europe/Berlin'), utc('2026-11-27T12:00:00Z'));
  assert.equal(parseRequestDateTime('2026-07-01T13:00:00', 'Europe/Berlin'), utc('2026-07-01T11:00:00Z'));
  assert.equal(parseRequestDateTime('2026-11-27T08:00:00.000', 'America/New_York'), utc('2026-11-27T13:00:00Z'));
  assert.equal(parseRequestDateTime('2026-11-27T13:00:00', '+01:00'), utc('2026-11-27T12:00:00Z'));
});

test('around a DST change: the later side of the gap, the first of a repeated hour', () => {
  // Europe/Berlin 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
  assert.equal(parseRequestDateTime('2026-03-29T03:30:00', 'Europe/Berlin'), utc('2026-03-29T01:30:00Z'));
  assert.equal(parseRequestDateTime('2026-03-29T01:30:00', 'Europe/Berlin'), utc('2026-03-29T00:30:00Z'));
  const repeated = parseRequestDateTime('2026-10-25T02:30:00', 'Europe/Berlin');
  assert.ok(repeated === utc('2026-10-25T00:30:00Z') || repeated === utc('2026-10-25T01:30:00Z'));
});

test('malformed values are undefined', () => {
  for (const bad of ['', '2026-11-27', '27.11.2026 13:00', '2026-11-27T13:00', '2026-11-27T13:00:00+0100', 'garbage'])
    assert.equal(parseRequestDateTime(bad, 'UTC'), undefined, bad);
});

test('zoneOffsetMs follows daylight saving time', () => {
  assert.equal(zoneOffsetMs('Europe/Berlin', utc('2026-01-15T12:00:00Z')), 3_600_000);
  assert.equal(zoneOffsetMs('Europe/Berlin', utc('2026-07-15T12:00:00Z')), 7_200_000);
  assert.equal(zoneOffsetMs('America/Los_Angeles', utc('2026-01-15T12:00:00Z')), -8 * 3_600_000);
  assert.equal(zoneOffsetMs('UTC', utc('2026-07-15T12:00:00Z')), 0);
});
