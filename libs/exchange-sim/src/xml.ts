// String building for the SOAP the simulator answers. Every value goes through `esc`;
// element names are constants of this package, never user input.
import { xmlEscape } from '@rooms-sync/ews';

export { SOAP11_NS as SOAP_NS, EWS_MESSAGES_NS as M_NS, EWS_TYPES_NS as T_NS } from '@rooms-sync/ews';
export const E_NS = 'http://schemas.microsoft.com/exchange/services/2006/errors';

/** Lenient: simulator data is test data, so one character XML cannot carry must not fail a whole response. */
export function esc(value: string): string {
  return xmlEscape(value, { lenient: true });
}

export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

function attrString(attrs: Attrs | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined) out += ` ${k}="${esc(String(v))}"`;
  }
  return out;
}

/** An element with already-serialized children (strings from `el`/`leaf`). */
export function el(
  name: string,
  attrs: Attrs | undefined,
  ...children: readonly (string | undefined | false)[]
): string {
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  return inner === '' ? `<${name}${attrString(attrs)}/>` : `<${name}${attrString(attrs)}>${inner}</${name}>`;
}

/** An element with a text value; omitted entirely when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined, attrs?: Attrs): string | undefined {
  if (value === undefined) return undefined;
  return `<${name}${attrString(attrs)}>${esc(String(value))}</${name}>`;
}

/**
 * xs:dateTime the way Exchange writes it: UTC with `Z`, whatever the request's TimeZoneContext,
 * in whole seconds unless the DateTimePrecision header asks for milliseconds
 * (services/exchange-simulator/README.md, "Item shapes and time zones").
 */
export function ewsDateTime(ms: number, precision: 'Seconds' | 'Milliseconds' = 'Seconds'): string {
  if (precision === 'Milliseconds') return new Date(ms).toISOString();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
