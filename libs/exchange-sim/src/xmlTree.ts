// A small namespace-aware element tree over saxes, for the SOAP requests the simulator
// reads. saxes never expands DTD entities; SOAP 1.1 forbids a DTD anyway, so one is refused.
import { SaxesParser } from 'saxes';

export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
  readonly retriable = false;
}

/** Parses a whole document into elements (text is the concatenated direct text of each element). */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('doctype', () => {
    failure ??= new XmlParseError('a DOCTYPE is not allowed in a SOAP message');
  });
  parser.on('error', (err) => {
    failure ??= new XmlParseError(err.message, { cause: err });
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      // Only unqualified attributes matter in EWS (Id, ChangeKey, Version, …).
      if (a.prefix === '' && a.local !== 'xmlns') attrs[a.local] = a.value;
    }
    const el: XmlElement = { ns: tag.uri, local: tag.local, attrs, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root ??= el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    failure ??= new XmlParseError(err instanceof Error ? err.message : 'malformed XML', { cause: err });
  }
  if (failure) throw failure;
  if (!root) throw new XmlParseError('empty document');
  return root;
}

export function childEl(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.local === local);
}

export function childEls(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

export function childText(el: XmlElement | undefined, ns: string, local: string): string | undefined {
  const c = childEl(el, ns, local);
  return c === undefined ? undefined : c.text.trim();
}

/** First descendant (depth-first) with this name. */
export function findEl(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.ns === ns && c.local === local) return c;
    const deeper = findEl(c, ns, local);
    if (deeper) return deeper;
  }
  return undefined;
}
