// C0 controls other than TAB/LF/CR and U+FFFE/U+FFFF cannot appear in XML 1.0 even escaped;
// lone surrogates are caught by isWellFormed. A serializer must refuse them instead of
// emitting a document every conforming parser rejects.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const SPECIAL = /[&<>"']/g;
const REPLACEMENT: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text or an attribute value; throws RangeError for characters XML 1.0 forbids. */
export function xmlEscape(value: string): string {
  if (!value.isWellFormed() || INVALID_XML_CHAR.test(value)) {
    throw new RangeError('value contains a character XML 1.0 cannot represent');
  }
  return value.replace(SPECIAL, (c) => REPLACEMENT[c] ?? c);
}
