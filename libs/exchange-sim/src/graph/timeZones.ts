// Local wall-clock times for Graph's `{ dateTime, timeZone }` and `Prefer: outlook.timezone`:
// Graph names zones the Windows way (and also takes IANA names); Node's Intl knows IANA ones.
// The table holds the zones rooms-sync deployments and tests use, not Windows' whole list.
const WINDOWS_TO_IANA: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

/** The IANA zone for a Windows or IANA name, or undefined when Node does not know it. */
export function ianaZone(name: string): string | undefined {
  const candidate = WINDOWS_TO_IANA[name] ?? name;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: candidate });
    return candidate;
  } catch {
    return undefined;
  }
}

/** `2026-12-01T10:00:00.0000000`, the wall-clock time of `ms` in `zone` (Graph's 7-digit fraction). */
export function wallClock(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const fraction = String(ms % 1000).padStart(3, '0');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.${fraction}0000`;
}

/** The zone a `Prefer: outlook.timezone="…"` header asks for (undefined = none or unknown: UTC). */
export function preferredZone(prefer: string | undefined): string | undefined {
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? '');
  return m?.[1];
}
