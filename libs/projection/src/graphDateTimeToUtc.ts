// Graph's `{ dateTime, timeZone }` (a wall-clock time without offset, and the zone it is in) →
// the instant. Pure; DST is handled by asking Intl for the zone's offset at that instant.
import type { DateTimeTimeZone } from '@rooms-sync/graph-client';
import { WINDOWS_TIME_ZONES } from './windowsTimeZones.ts';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** The IANA zone for a Windows or IANA name; undefined when Node does not know it. */
export function ianaTimeZone(name: string): string | undefined {
  const candidate = WINDOWS_TIME_ZONES[name] ?? name;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: candidate });
    return candidate;
  } catch {
    return undefined;
  }
}

/** The zone's offset from UTC (ms) at `instant`, from Intl's `GMT+01:00` (plain `GMT` for zero). */
function offsetAt(instant: number, zone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/**
 * The instant `value` names; `zone` overrides `value.timeZone` (an all-day event's floating
 * midnight belongs to its own zone). An unknown zone is read as UTC; an unparsable time is NaN.
 */
export function graphDateTimeToUtc(value: DateTimeTimeZone, zone = value.timeZone): Date {
  const m = WALL_CLOCK.exec(value.dateTime.trim().replace(/Z$/, ''));
  if (!m) return new Date(value.dateTime);
  const [, y, mo, d, h, mi, s, fraction] = m;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  const iana = ianaTimeZone(zone) ?? 'UTC';
  // The offset at the wall time read as UTC is right except next to a DST switch; one more
  // step with the offset at the first guess settles it (a skipped hour maps forward).
  const guess = wall - offsetAt(wall, iana);
  return new Date(wall - offsetAt(guess, iana));
}
