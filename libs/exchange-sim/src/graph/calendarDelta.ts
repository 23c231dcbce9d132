// calendarView/delta as Graph runs it: the first request fixes the window and returns every event
// in it, page by page (@odata.nextLink), ending with an @odata.deltaLink; a delta link returns what
// changed since: new and changed events, and `@removed` for events that left the window or were
// deleted, also for deleted items that were never in the window (clients filter those). Tokens
// live here, server-side; the expire fault forgets them (410 syncStateNotFound).
import { randomBytes } from 'node:crypto';
import type { Mailbox } from '../model.ts';
import type { EventView } from './eventView.ts';
import { calendarViewEvents } from './eventView.ts';
import { GraphError } from './GraphError.ts';
import { toRestId } from './restIds.ts';

export type DeltaEntry = { kind: 'event'; view: EventView } | { kind: 'removed'; id: string };

interface Round {
  mailbox: Mailbox;
  from: number;
  to: number;
  /** What the next page hands out, then the state its delta link starts from. */
  entries: DeltaEntry[];
  snapshot: Map<string, string>;
  seq: number;
}

interface Baseline {
  mailbox: Mailbox;
  from: number;
  to: number;
  snapshot: Map<string, string>;
  seq: number;
}

export type DeltaPage = { entries: DeltaEntry[] } & ({ skipToken: string } | { deltaToken: string });
export type CalendarDelta = ReturnType<typeof createCalendarDelta>;

const token = () => randomBytes(24).toString('base64url');

function gone(): GraphError {
  return new GraphError(410, 'SyncStateNotFound', 'The sync state generation is not found. Start a full sync again.');
}

/** The ids deleted (or moved out of the calendar) after `seq`, from the mailbox's event log. */
function deletedSince(mb: Mailbox, seq: number): string[] {
  if (mb.trimmedThrough > seq) return [];
  return mb.events
    .filter((e) => e.seq > seq)
    .flatMap((e) =>
      e.kind === 'Deleted' && e.parentFolderId.id === mb.calendar.id
        ? [e.itemId.id]
        : e.kind === 'Moved' && e.oldParentFolderId?.id === mb.calendar.id && e.oldItemId
          ? [e.oldItemId.id]
          : [],
    )
    .map(toRestId);
}

export function createCalendarDelta() {
  const rounds = new Map<string, Round>();
  const baselines = new Map<string, Baseline>();

  function start(b: Baseline, entries: DeltaEntry[], current: EventView[]): string {
    const t = token();
    rounds.set(t, {
      ...b,
      entries,
      snapshot: new Map(current.map((v) => [v.id, v.changeKey])),
      seq: b.mailbox.headSeq,
    });
    return t;
  }

  function page(t: string, size: number): DeltaPage {
    const r = rounds.get(t);
    if (!r) throw gone();
    rounds.delete(t);
    const entries = r.entries.splice(0, size);
    if (r.entries.length > 0) {
      const next = token();
      rounds.set(next, r);
      return { entries, skipToken: next };
    }
    const d = token();
    baselines.set(d, { mailbox: r.mailbox, from: r.from, to: r.to, snapshot: r.snapshot, seq: r.seq });
    return { entries, deltaToken: d };
  }

  return {
    /** The first request: a full sync of [from, to). */
    initial(mailbox: Mailbox, from: number, to: number, size: number): DeltaPage {
      const current = calendarViewEvents(mailbox, from, to);
      const t = start(
        { mailbox, from, to, snapshot: new Map(), seq: mailbox.headSeq },
        current.map((view) => ({ kind: 'event', view })),
        current,
      );
      return page(t, size);
    },
    next(mailbox: Mailbox, skipToken: string, size: number): DeltaPage {
      if (rounds.get(skipToken)?.mailbox !== mailbox) throw gone();
      return page(skipToken, size);
    },
    /** A delta link: what changed in the window since its round. */
    changes(mailbox: Mailbox, deltaToken: string, size: number): DeltaPage {
      const b = baselines.get(deltaToken);
      if (b?.mailbox !== mailbox) throw gone();
      const current = calendarViewEvents(mailbox, b.from, b.to);
      const now = new Set(current.map((v) => v.id));
      const entries: DeltaEntry[] = current
        .filter((v) => b.snapshot.get(v.id) !== v.changeKey)
        .map((view) => ({ kind: 'event', view }));
      const removed = new Set([...b.snapshot.keys()].filter((id) => !now.has(id)));
      for (const id of deletedSince(mailbox, b.seq)) if (!now.has(id)) removed.add(id);
      for (const id of removed) entries.push({ kind: 'removed', id });
      return page(start(b, entries, current), size);
    },
    /** The fault: every token of the mailbox (or of all) answers 410 from now on. */
    expire(mailbox?: string): number {
      let n = 0;
      for (const map of [rounds, baselines] as Map<string, { mailbox: Mailbox }>[]) {
        for (const [t, v] of map) {
          if (mailbox === undefined || v.mailbox.address === mailbox.trim().toLowerCase()) {
            map.delete(t);
            n += 1;
          }
        }
      }
      return n;
    },
  };
}
