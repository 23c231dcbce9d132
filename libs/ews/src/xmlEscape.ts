// C0 controls other than TAB/LF/CR and U+FFFE/U+FFFF cannot appear in XML 1.0 even escaped;
// lone surrogates are caught by isWellFormed. A serializer must refuse them instead of
// emitting a document every conforming parser rejects.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu;
const SPECIAL = /[&<>"']/g;
const REPLACEMENT: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text or an attribute value; throws RangeError for characters XML 1.0 forbids. With
 * `lenient` they are dropped instead (lone surrogates become U+FFFD, as UTF-8 encoding would
 * make them anyway), for test data where one odd character must not fail a whole document.
 */
export function xmlEscape(value: string, options: { readonly lenient?: boolean } = {}): string {
  const text = options.lenient === true ? value.toWellFormed().replace(INVALID_XML_CHARS, '') : value;
  if (!text.isWellFormed() || text.search(INVALID_XML_CHARS) !== -1) {
    throw new RangeError('value contains a character XML 1.0 cannot represent');
  }
  return text.replace(SPECIAL, (c) => REPLACEMENT[c] ?? c);
}
