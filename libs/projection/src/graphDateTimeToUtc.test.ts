import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphDateTimeToUtc, ianaTimeZone } from './graphDateTimeToUtc.ts';

const utc = (dateTime: string, timeZone: string) => graphDateTimeToUtc({ dateTime, timeZone }).toISOString();

test("Graph's wall-clock times become instants, in Windows and IANA zones, across DST", () => {
  assert.equal(utc('2026-12-02T09:00:00.0000000', 'UTC'), '2026-12-02T09:00:00.000Z');
  assert.equal(utc('2026-12-02T10:00:00.0000000', 'W. Europe Standard Time'), '2026-12-02T09:00:00.000Z');
  assert.equal(utc('2026-07-02T10:00:00.0000000', 'W. Europe Standard Time'), '2026-07-02T08:00:00.000Z');
  assert.equal(utc('2026-07-02T10:00:00', 'Europe/Berlin'), '2026-07-02T08:00:00.000Z');
  assert.equal(utc('2026-12-02T01:30:00.1234567', 'Pacific Standard Time'), '2026-12-02T09:30:00.123Z');
  assert.equal(utc('2026-12-02T14:30:00.0000000', 'India Standard Time'), '2026-12-02T09:00:00.000Z');
  // Europe's spring gap (02:00 → 03:00 on 29 March 2026): a skipped time maps forward.
  assert.equal(utc('2026-03-29T02:30:00', 'W. Europe Standard Time'), '2026-03-29T01:30:00.000Z');
  assert.equal(utc('2026-03-29T03:30:00', 'W. Europe Standard Time'), '2026-03-29T01:30:00.000Z');
  // Its autumn overlap: the later of the two 02:30s.
  assert.equal(utc('2026-10-25T02:30:00', 'W. Europe Standard Time'), '2026-10-25T01:30:00.000Z');
});

test('an unknown zone is read as UTC (the zone the projector asks Graph for)', () => {
  assert.equal(ianaTimeZone('Middle of Nowhere Standard Time'), undefined);
  assert.equal(utc('2026-12-02T09:00:00.0000000', 'Middle of Nowhere Standard Time'), '2026-12-02T09:00:00.000Z');
  assert.equal(ianaTimeZone('Tokyo Standard Time'), 'Asia/Tokyo');
});
