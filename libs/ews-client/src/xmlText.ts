// ews-javascript-api 0.15.3 writes element text verbatim (EwsServiceXmlWriter.WriteValue has a
// "todo: validate invalid characters"): a callback URL with `?a=1&b=2` would produce malformed
// SOAP. Every caller-supplied string that ends up as element text goes through this first.
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
