// The file `rooms import` reads: one address per line (blank lines and `#` comments ignored), or
// a CSV whose header names an `address` column and optionally `connection` and `tenant`. Its
// fields are addresses and names, never commas or line breaks, so a strict reader of one record
// per line (a field may be double-quoted, as spreadsheets write it) is the whole format; anything
// else is refused with its line number rather than guessed at.

export interface ListedRoom {
  /** As written; validated by planRoomImport. */
  readonly address: string;
  readonly connection?: string | undefined;
  readonly tenant?: string | undefined;
  /** 1-based, for the operator. */
  readonly line: number;
}

export type RoomListResult =
  | { readonly ok: true; readonly rooms: readonly ListedRoom[] }
  | { readonly ok: false; readonly errors: readonly string[] };

const COLUMNS = ['address', 'connection', 'tenant'] as const;
type Column = (typeof COLUMNS)[number];

export function parseRoomList(text: string): RoomListResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, i) => ({ raw: raw.trim(), line: i + 1 }))
    .filter((l) => l.raw !== '' && !l.raw.startsWith('#'));
  const first = lines[0];
  if (first === undefined) return { ok: true, rooms: [] };
  const header = splitRecord(first.raw);
  if (header === undefined || !header.map((h) => h.toLowerCase()).includes('address')) {
    return plainList(lines);
  }
  return csv(header, lines.slice(1));
}

function plainList(lines: readonly { raw: string; line: number }[]): RoomListResult {
  const errors = lines
    .filter((l) => /[\s,;"]/.test(l.raw))
    .map((l) => `line ${String(l.line)}: one address per line (a CSV needs a header naming an address column)`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rooms: lines.map((l) => ({ address: l.raw, line: l.line })) };
}

function csv(header: readonly string[], lines: readonly { raw: string; line: number }[]): RoomListResult {
  const errors: string[] = [];
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    const column = COLUMNS.find((c) => c === name.toLowerCase());
    if (column === undefined) errors.push(`header: unknown column "${name}" (known: ${COLUMNS.join(', ')})`);
    else if (index.has(column)) errors.push(`header: column "${name}" twice`);
    else index.set(column, i);
  });
  const rooms: ListedRoom[] = [];
  for (const { raw, line } of lines) {
    const fields = splitRecord(raw);
    if (fields === undefined) {
      errors.push(`line ${String(line)}: unbalanced quotes`);
      continue;
    }
    if (fields.length !== header.length) {
      errors.push(`line ${String(line)}: ${String(fields.length)} fields, the header has ${String(header.length)}`);
      continue;
    }
    const field = (c: Column) => {
      const i = index.get(c);
      const value = i === undefined ? undefined : fields[i];
      return value === '' ? undefined : value;
    };
    const address = field('address');
    if (address === undefined) errors.push(`line ${String(line)}: no address`);
    else rooms.push({ address, connection: field('connection'), tenant: field('tenant'), line });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rooms };
}

/** The fields of one CSV record, trimmed; undefined when its quotes do not balance. */
export function splitRecord(raw: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    let value = '';
    if (raw[i] === '"') {
      i++;
      for (;;) {
        const quote = raw.indexOf('"', i);
        if (quote < 0) return undefined;
        value += raw.slice(i, quote);
        i = quote + 1;
        if (raw[i] !== '"') break;
        value += '"';
        i++;
      }
      while (raw[i] === ' ' || raw[i] === '\t') i++;
      if (i < raw.length && raw[i] !== ',') return undefined;
    } else {
      const comma = raw.indexOf(',', i);
      const end = comma < 0 ? raw.length : comma;
      value = raw.slice(i, end).trim();
      if (value.includes('"')) return undefined;
      i = end;
    }
    fields.push(value);
    if (i >= raw.length) return fields;
    i++; // the comma
  }
}
