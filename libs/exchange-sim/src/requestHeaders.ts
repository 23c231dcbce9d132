// The SOAP headers that change what an EWS call answers
// (services/exchange-simulator/README.md, "Item shapes and time zones"):
// RequestServerVersion (which schema version the client speaks), TimeZoneContext (how
// date-times without an offset in the request are read) and DateTimePrecision (seconds or
// milliseconds in the response's date-times).
import { ewsError } from './ewsErrors.ts';
import { ianaZone } from './graph/timeZones.ts';
import type { ResponseError } from './soap.ts';
import { T_NS } from './xml.ts';
import type { XmlElement } from './xmlTree.ts';
import { childEl, childEls, childText } from './xmlTree.ts';

export type DateTimePrecision = 'Seconds' | 'Milliseconds';

export interface RequestHeaders {
  /** Without the header Exchange targets its first schema, Exchange2007. */
  version: ExchangeVersion;
  /** An IANA zone or a fixed offset (`+01:00`) that Intl understands; `UTC` without a TimeZoneContext. */
  zone: string;
  precision: DateTimePrecision;
}

export type HeadersRead = { ok: true; value: RequestHeaders } | { ok: false; error: ResponseError };

// ExchangeVersionType in types.xsd, in release order.
const VERSIONS = [
  'Exchange2007',
  'Exchange2007_SP1',
  'Exchange2009',
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2012',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2015',
  'Exchange2016',
  'V2015_10_05',
  'V2016_01_06',
  'V2016_04_13',
  'V2016_07_13',
  'V2016_10_10',
] as const;
export type ExchangeVersion = (typeof VERSIONS)[number];

const isVersion = (v: string): v is ExchangeVersion => (VERSIONS as readonly string[]).includes(v);

/** True when `version` is `since` or newer. */
export function versionAtLeast(version: ExchangeVersion, since: ExchangeVersion): boolean {
  return VERSIONS.indexOf(version) >= VERSIONS.indexOf(since);
}

/** `-PT1H`, `P0DT1H30M0.0S` … → milliseconds (Period Bias values). */
function durationMs(text: string): number | undefined {
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, minus, d = '0', h = '0', min = '0', s = '0'] = m;
  const ms = ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
  return minus ? -ms : ms;
}

function fixedOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const mins = Math.abs(Math.round(offsetMs / 60_000));
  return `${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

/**
 * A TimeZoneDefinition's zone: a Windows id Exchange knows, else (a client's own definition)
 * the standard period's bias as a fixed offset; neither is Exchange's ErrorTimeZone.
 */
function zoneOf(definition: XmlElement | undefined): string | undefined {
  if (!definition) return 'UTC';
  const id = definition.attrs.Id ?? '';
  const known = id === '' ? undefined : ianaZone(id);
  if (known !== undefined) return known;
  const periods = childEls(childEl(definition, T_NS, 'Periods'), T_NS, 'Period');
  const standard = periods.find((p) => p.attrs.Name === 'Standard') ?? periods[0];
  const bias = durationMs(standard?.attrs.Bias ?? '');
  // Bias is what to add to local time to get UTC, so the zone's offset is its negation.
  return bias === undefined ? undefined : fixedOffset(-bias);
}

export function readRequestHeaders(header: XmlElement | undefined): HeadersRead {
  const version = childEl(header, T_NS, 'RequestServerVersion')?.attrs.Version ?? 'Exchange2007';
  if (!isVersion(version)) return { ok: false, error: ewsError('ErrorInvalidServerVersion') };
  const context = childEl(header, T_NS, 'TimeZoneContext');
  const zone = zoneOf(context ? childEl(context, T_NS, 'TimeZoneDefinition') : undefined);
  if (zone === undefined) return { ok: false, error: ewsError('ErrorTimeZone') };
  const precision = childText(header, T_NS, 'DateTimePrecision') === 'Milliseconds' ? 'Milliseconds' : 'Seconds';
  return { ok: true, value: { version, zone, precision } };
}
